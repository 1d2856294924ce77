//! Hidden text and stuffing: HTML whose text a reader does not see (hidden elements, huge
//! comments) or a text/plain part that has nothing to do with the HTML part. Such padding dilutes
//! filters; the lure check reads only what the reader sees (`Mail::body_text`), so it cannot hide
//! lures, but it is worth saying.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::findings::Finding;
use crate::html::find;
use crate::model::Mail;

/// Text outside tags (scripts, styles and comments excluded, white space collapsed; what a naive
/// reader or a filter sees, hidden or not) and the bytes of comments that are not Outlook
/// conditional blocks.
fn raw_text_and_comments(html: &str) -> (String, usize) {
    let mut text = String::with_capacity(html.len() / 4);
    let comments = raw_text_runs(html, |t| {
        text.push_str(t);
        text.push(' ');
    });
    (text, comments)
}

/// [`solid_len`] of [`raw_text_and_comments`]'s text, and its comment bytes, without building
/// the text: a space follows every run, so no word spans two runs and the lengths add up.
fn raw_solid_len_and_comments(html: &str) -> (usize, usize) {
    let mut solid = 0;
    let comments = raw_text_runs(html, |t| solid += solid_len(t));
    (solid, comments)
}

/// Calls `run` with each text run outside tags, scripts, styles and comments (with the common
/// entities that separate words decoded); returns the bytes of comments that are not Outlook
/// conditional blocks.
fn raw_text_runs(html: &str, mut run_of: impl FnMut(&str)) -> usize {
    let b = html.as_bytes();
    let mut comments = 0usize;
    let mut i = 0;
    let mut run = 0usize;
    while i < b.len() {
        // Jump to the next '<' (memchr); everything before it is text.
        match memchr::memchr(b'<', &b[i..]) {
            Some(p) => i += p,
            None => break,
        }
        if run < i {
            with_entities(&html[run..i], &mut run_of);
        }
        if b[i..].starts_with(b"<!--") {
            let end = find(b, i + 4, b"-->").unwrap_or(b.len());
            if !b[i + 4..].starts_with(b"[if") {
                comments += end - i;
            }
            i = (end + 3).min(b.len());
            run = i;
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
        run = i;
    }
    if run < b.len() {
        with_entities(&html[run..], &mut run_of);
    }
    comments
}

/// A text run (between tags; '<' and '>' are ASCII so the slices are char boundaries), with the
/// common entities that separate words decoded.
fn with_entities(t: &str, run_of: &mut impl FnMut(&str)) {
    if t.contains('&') {
        let t = t
            .replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&#39;", "'")
            .replace("&rsquo;", "'")
            .replace("&quot;", "\"");
        run_of(&t);
    } else {
        run_of(t);
    }
}

/// Characters of text ignoring white space: the bytes of every word plus one per word, as
/// `s.split_whitespace().map(|w| w.len() + 1).sum()` but without decoding ASCII bytes (it ran
/// over the raw and the visible text of every HTML mail).
fn solid_len(s: &str) -> usize {
    let b = s.as_bytes();
    let (mut total, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        let (space, len) = if b[i].is_ascii() {
            // char::is_whitespace on ASCII: tab, LF, VT, FF, CR and space.
            (matches!(b[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else {
            total += len + usize::from(!in_word);
            in_word = true;
        }
        i += len;
    }
    total
}

fn starts_ci(h: &[u8], n: &[u8]) -> bool {
    h.len() >= n.len() && h[..n.len()].eq_ignore_ascii_case(n)
}

/// Case-insensitive `find` for a needle that starts with a non-letter (`</script`): candidates
/// are found with memchr on that first byte.
fn find_ci(h: &[u8], from: usize, n: &[u8]) -> Option<usize> {
    let (&first, _) = n.split_first()?;
    debug_assert!(!first.is_ascii_alphabetic());
    let mut i = from;
    while i < h.len() {
        let at = i + memchr::memchr(first, &h[i..])?;
        if h.get(at..at + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The word hashes below are FNV-1a already: a set of them needs only a cheap mix of the bits,
/// not SipHash on top (SipHash was ~1.5% of a check). At most 1,500 words per set bound the
/// cost of any collisions an attacker could arrange.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        x ^ (x >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type WordSet = HashSet<u64, BuildHasherDefault<Prehashed>>;

/// Distinct words of 4+ characters (case-folded), hashed: enough to compare two texts without
/// allocating a string per word.
fn words(s: &str) -> WordSet {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4)
        .take(1500)
        .map(|w| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for c in w.chars().flat_map(char::to_lowercase) {
                h = (h ^ c as u64).wrapping_mul(0x0100_0000_01b3);
            }
            h
        })
        .collect()
}

/// At most 1 MB of HTML is measured.
const MAX_HTML: usize = 1 << 20;

/// What the HTML hides, measured once for the hidden-text finding and the lure scan.
#[derive(Default)]
pub struct Measure<'a> {
    hidden: usize,
    comments: usize,
    visible: usize,
    first_visible: Option<Cow<'a, str>>,
    /// All text of the HTML parts, hidden or not, when it differs from the visible text.
    pub raw_text: Option<String>,
}

pub fn measure<'a>(mail: &'a Mail) -> Measure<'a> {
    let mut m = Measure::default();
    if mail.html.is_empty() || mail.html.iter().any(|h| h.len() > MAX_HTML) {
        return m;
    }
    // The visible text of the HTML parts is already in `body_text`, after the text parts (see
    // parse.rs): reuse it rather than reading the HTML twice. Otherwise read it here.
    let prefix = mail.text.join("\n");
    let visible: Cow<'a, str> = match mail.body_text.strip_prefix(prefix.as_str()) {
        Some(rest) => Cow::Borrowed(rest),
        None => {
            let parts: Vec<String> = mail
                .html
                .iter()
                .map(|h| crate::html::visible_text(h))
                .collect();
            Cow::Owned(parts.join("\n"))
        }
    };
    let mut raw_solid = 0;
    for h in &mail.html {
        let (solid, com) = raw_solid_len_and_comments(h);
        m.comments += com;
        raw_solid += solid;
    }
    m.visible = solid_len(&visible);
    m.hidden = raw_solid.saturating_sub(m.visible);
    // Worth a second lure scan only when much of the text is hidden (a preheader is not); only
    // then is the raw text built.
    if m.hidden > 300 && m.hidden * 4 > m.visible {
        m.raw_text = Some(
            mail.html
                .iter()
                .map(|h| raw_text_and_comments(h).0)
                .collect(),
        );
    }
    m.first_visible = Some(visible);
    m
}

pub fn check(mail: &Mail, m: &Measure<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let (hidden, comments, visible) = (m.hidden, m.comments, m.visible);
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
    if let (Some(t), Some(h)) = (mail.text.first(), m.first_visible.as_deref()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solid_len_counts_as_split_whitespace() {
        for t in [
            "",
            " ",
            "a",
            " a  bc\t\r\n d ",
            "\u{b}\u{c}x\u{1c}y\u{1f}",
            "本物 です\u{3000}かな\u{a0}x\u{85}y",
            "\u{2028}é\u{200a}ü\u{202f}",
            "mixed ASCII and 日本語\n\n  end",
        ] {
            let want: usize = t.split_whitespace().map(|w| w.len() + 1).sum();
            assert_eq!(solid_len(t), want, "{t:?}");
        }
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let t = format!("a{c}b {c}");
            let want: usize = t.split_whitespace().map(|w| w.len() + 1).sum();
            assert_eq!(solid_len(&t), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn raw_text_skips_tags_scripts_and_counts_comments() {
        let (t, c) = raw_text_and_comments(
            "a<b>b</b><SCRIPT>x<y</ScRiPt >c<!-- note -->d<!--[if mso]>e<![endif]--><style>s</STYLE>f&amp;g<",
        );
        assert_eq!(t, "a b c d f&g ");
        assert_eq!(c, "<!-- note ".len());
        // Unclosed script and comment run to the end.
        assert_eq!(raw_text_and_comments("a<script>b").0, "a ");
        assert_eq!(raw_text_and_comments("a<!-- b").1, "<!-- b".len());
        assert_eq!(find_ci(b"x</sCrIpT", 0, b"</script"), Some(1));
        assert_eq!(find_ci(b"x</scrip", 0, b"</script"), None);
        assert_eq!(find(b"ab-->", 5, b"-->"), None);
        assert_eq!(find(b"ab-->", 1, b"-->"), Some(2));
    }
}
