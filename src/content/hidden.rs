//! Hidden text and stuffing: HTML whose text a reader does not see (hidden elements, huge
//! comments) or a text/plain part that has nothing to do with the HTML part. Such padding dilutes
//! filters; the lure check reads only what the reader sees (`Mail::body_text`), so it cannot hide
//! lures, but it is worth saying.

use std::collections::HashSet;

use crate::findings::Finding;
use crate::model::Mail;

/// Bytes of text outside tags (scripts, styles and comments excluded) and bytes of comments that
/// are not Outlook conditional blocks.
fn raw_text_and_comments(html: &str) -> (usize, usize) {
    let b = html.as_bytes();
    let (mut text, mut comments) = (0usize, 0usize);
    let mut i = 0;
    let mut in_word = false;
    while i < b.len() {
        if b[i] == b'<' {
            in_word = false;
            if b[i..].starts_with(b"<!--") {
                let end = find(b, i + 4, b"-->").unwrap_or(b.len());
                if !b[i + 4..].starts_with(b"[if") {
                    comments += end - i;
                }
                i = end + 3;
                continue;
            }
            let rest = &b[i + 1..];
            let skip_to: Option<&[u8]> = if starts_ci(rest, b"script") {
                Some(b"</script")
            } else if starts_ci(rest, b"style") {
                Some(b"</style")
            } else {
                None
            };
            if let Some(close) = skip_to {
                i = find_ci(b, i + 1, close).unwrap_or(b.len());
            }
            i = find(b, i, b">").map(|e| e + 1).unwrap_or(b.len());
            continue;
        }
        let c = b[i];
        if c.is_ascii_whitespace() {
            in_word = false;
        } else {
            if !in_word {
                text += 1; // count a separator per word so that counts compare with visible text
            }
            in_word = true;
            text += 1;
        }
        i += 1;
    }
    (text, comments)
}

fn starts_ci(h: &[u8], n: &[u8]) -> bool {
    h.len() >= n.len() && h[..n.len()].eq_ignore_ascii_case(n)
}

fn find(h: &[u8], from: usize, n: &[u8]) -> Option<usize> {
    if from >= h.len() {
        return None;
    }
    h[from..]
        .windows(n.len())
        .position(|w| w == n)
        .map(|p| p + from)
}

fn find_ci(h: &[u8], from: usize, n: &[u8]) -> Option<usize> {
    if from >= h.len() {
        return None;
    }
    h[from..]
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| p + from)
}

fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .take(3000)
        .map(|w| w.to_lowercase())
        .collect()
}

/// At most 1 MB of HTML is measured.
const MAX_HTML: usize = 1 << 20;

pub fn check(mail: &Mail) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut hidden = 0usize;
    let mut comments = 0usize;
    let mut visible = 0usize;
    let mut first_visible: Option<String> = None;
    for h in mail.html.iter().filter(|h| h.len() <= MAX_HTML) {
        let (raw, com) = raw_text_and_comments(h);
        let text = crate::html::visible_text(h);
        let vis: usize = text.split_whitespace().map(|w| w.len() + 1).sum();
        if first_visible.is_none() {
            first_visible = Some(text);
        }
        hidden += raw.saturating_sub(vis);
        comments += com;
        visible += vis;
    }
    if hidden > 2000 && hidden > visible {
        out.push(Finding::new(
            "content.hidden_text",
            format!("{hidden} characters of hidden text, {visible} visible"),
            &[
                ("hidden", &hidden.to_string()),
                ("visible", &visible.to_string()),
            ],
        ));
    } else if comments > 5000 && comments > 2 * visible {
        out.push(Finding::new(
            "content.hidden_text",
            format!("{comments} characters of HTML comments, {visible} of visible text"),
            &[
                ("hidden", &comments.to_string()),
                ("visible", &visible.to_string()),
            ],
        ));
    }
    // A text part unrelated to the HTML part (filters read one, the reader sees the other).
    if let (Some(t), Some(h)) = (mail.text.first(), first_visible.as_deref()) {
        let tw = words(t);
        let hw = words(h);
        if tw.len() >= 40 && hw.len() >= 40 {
            let common = tw.intersection(&hw).count();
            let union = tw.len() + hw.len() - common;
            if common * 10 < union {
                out.push(Finding::new(
                    "content.text_html_mismatch",
                    format!("{common} of {union} distinct words shared by the text and HTML parts"),
                    &[
                        ("common", &common.to_string()),
                        ("total", &union.to_string()),
                    ],
                ));
            }
        }
    }
    out
}
