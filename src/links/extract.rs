//! Extraction: every link a reader could follow. HTML parts give `<a>`/`<area>` hrefs (resolved
//! against `<base href>`), text parts give the URLs written in them (`http://`, `https://`,
//! `www.`), page snapshots give the links the webmail page showed. Duplicates are dropped.

use std::collections::HashSet;

use url::Url;

use crate::html;
use crate::model::Mail;

/// Where a link was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Html,
    Text,
    Page,
}

/// One link before judgement.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What the reader sees (anchor text; the URL itself in text parts).
    pub text: String,
    /// alt texts of images inside the anchor.
    pub img_alts: Vec<String>,
    /// The href as written.
    pub href: String,
    /// The href parsed (and resolved against the base), when it parses.
    pub url: Option<Url>,
    /// The `<base href>` the link was resolved against, when it was relative.
    pub base: Option<String>,
    pub source: Source,
}

/// Links found, and how many unique ones there were in all (more than `links.len()` when the cap
/// was reached).
#[derive(Debug, Default)]
pub struct Extracted {
    pub links: Vec<Candidate>,
    pub total: usize,
}

/// Schemes that go nowhere a phisher controls (or nowhere at all): not reported.
fn ignored(href: &str) -> bool {
    let h = href.trim_start();
    if h.is_empty() || h.starts_with('#') {
        return true;
    }
    let lower: String = h.chars().take(8).flat_map(|c| c.to_lowercase()).collect();
    ["mailto:", "tel:", "sms:", "cid:", "callto:", "about:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Does `href` start with a URL scheme (`[a-z][a-z0-9+.-]*:`)?
fn has_scheme(href: &str) -> bool {
    let h = href.trim_start();
    match h.find(':') {
        Some(p) if p > 0 => {
            let s = &h[..p];
            s.as_bytes()[0].is_ascii_alphabetic()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        }
        _ => false,
    }
}

/// One hasher for the whole run (deterministic de-duplication).
static FIXED: std::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher> =
    std::hash::BuildHasherDefault::new();

struct Collector {
    /// Hashes of (href, text) already counted: hashes, not copies, so that a hostile 5 MB body
    /// with 500,000 links does not hold a second copy of every one of them.
    seen: HashSet<u64>,
    hrefs: HashSet<String>,
    out: Extracted,
    max: usize,
}

impl Collector {
    /// Counts the link (`href`, `text`) once, and keeps it (built by `make`) while under the cap.
    /// Past the cap nothing is built: a 5 MB body of links costs a hash each, not a parsed URL.
    fn add(&mut self, href: &str, text: &str, make: impl FnOnce() -> Candidate) {
        let key = {
            use std::hash::{BuildHasher, Hash, Hasher};
            let mut h = FIXED.build_hasher();
            href.hash(&mut h);
            text.hash(&mut h);
            h.finish()
        };
        if !self.seen.insert(key) {
            return;
        }
        self.out.total += 1;
        if self.out.links.len() >= self.max {
            return;
        }
        let c = make();
        self.hrefs.insert(c.href.clone());
        self.out.links.push(c);
    }

    /// Past the cap only the count grows; stop building sets once it is far exceeded.
    fn full(&self) -> bool {
        self.out.total >= self.max.saturating_mul(50)
    }
}

/// Resolve `href` (as written) against `base`. Returns the URL and the base if one was used.
fn resolve(href: &str, base: Option<&Url>) -> (Option<Url>, Option<String>) {
    match Url::parse(href) {
        Ok(u) => (Some(u), None),
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(b) => (b.join(href).ok(), Some(b.to_string())),
            None => (None, None),
        },
        Err(_) => (None, None),
    }
}

/// All links of `mail`, at most `max` of them (the count goes on).
pub fn extract(mail: &Mail, max: usize) -> Extracted {
    let mut col = Collector {
        seen: HashSet::new(),
        hrefs: HashSet::new(),
        out: Extracted::default(),
        max,
    };
    // Room for every anchor up to the cap, at once: growth by doubling would leave up to half
    // of a 10,000-link vector unused (megabytes on a hostile message).
    let anchors: usize = mail.html_docs.iter().map(|d| d.anchors.len()).sum();
    col.out
        .links
        .reserve_exact(anchors.saturating_add(mail.page_links.len()).min(max));
    for (i, h) in mail.html.iter().enumerate() {
        // Parsing already read each HTML part (Mail::html_docs); read it here only for a Mail
        // built some other way.
        let owned;
        let doc = match mail.html_docs.get(i) {
            Some(d) => d,
            None => {
                owned = html::read_links(h);
                &owned
            }
        };
        let base = doc
            .base_href
            .as_deref()
            .and_then(|b| Url::parse(b).ok())
            .filter(|b| !b.cannot_be_a_base());
        for a in &doc.anchors {
            if col.full() {
                break;
            }
            if ignored(&a.href) {
                continue;
            }
            // A relative href counts only when it resolves against a base; one with a scheme
            // always counts, and is parsed only if it is kept.
            let relative = if has_scheme(&a.href) {
                None
            } else {
                match resolve(&a.href, base.as_ref()) {
                    (Some(url), used_base) => Some((Some(url), used_base)),
                    // Relative without a base, or template junk ("{{link}}"): goes nowhere.
                    (None, _) => continue,
                }
            };
            col.add(&a.href, &a.text, || {
                let (url, used_base) = relative.unwrap_or_else(|| resolve(&a.href, base.as_ref()));
                Candidate {
                    text: a.text.clone(),
                    img_alts: a.img_alts.clone(),
                    href: a.href.clone(),
                    url,
                    base: used_base,
                    source: Source::Html,
                }
            });
        }
    }
    for l in &mail.page_links {
        if col.full() {
            break;
        }
        if ignored(&l.href) {
            continue;
        }
        let href = l.href.trim();
        let text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
        col.add(href, &text, || Candidate {
            text: text.clone(),
            img_alts: Vec::new(),
            href: href.to_string(),
            url: resolve(href, None).0,
            base: None,
            source: Source::Page,
        });
    }
    for t in &mail.text {
        for found in urls_in_text(t) {
            if col.full() {
                break;
            }
            if col.hrefs.contains(found) {
                continue;
            }
            let href = if found.len() >= 4 && found[..4].eq_ignore_ascii_case("www.") {
                format!("http://{found}")
            } else {
                found.to_string()
            };
            if col.hrefs.contains(&href) {
                continue;
            }
            col.add(&href, found, || Candidate {
                text: found.to_string(),
                img_alts: Vec::new(),
                url: resolve(&href, None).0,
                href: href.clone(),
                base: None,
                source: Source::Text,
            });
        }
    }
    col.out
}

/// Does `c` end a URL written in running text?
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '|' | '\\' | '^')
        || matches!(c,
            '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{3000}'..='\u{30ff}'
            | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}'
            | '\u{ff00}'..='\u{ffef}' | '\u{fffd}')
}

// Steps `urls_in_text` has taken, counted in tests only: the hostile-input test checks that they
// stay linear in the text's length, deterministically, instead of timing the call (performance
// is measured by the benches, never asserted in tests).
#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count `n` steps of work (tests only; nothing at all in other builds).
#[inline(always)]
fn step(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n));
    #[cfg(not(test))]
    let _ = n;
}

/// URLs written in plain text (`http://`, `https://`, `www.`), as slices of `text`, in order.
/// Trailing punctuation and unbalanced closing brackets are not part of the URL.
pub fn urls_in_text(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        step(1);
        let c = b[i];
        if !matches!(c, b'h' | b'H' | b'w' | b'W') || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        let starts = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
        let prefix = if starts(b"https://") {
            8
        } else if starts(b"http://") {
            7
        } else if starts(b"www.") {
            4
        } else {
            i += 1;
            continue;
        };
        let Some(tail) = text.get(i..) else {
            i += 1;
            continue;
        };
        let mut end = tail
            .char_indices()
            .find(|&(_, ch)| ends_url(ch))
            .map(|(p, _)| p)
            .unwrap_or(tail.len());
        step(end);
        // Trim trailing punctuation and unbalanced closers (counts kept, so this stays linear).
        let count = |ch: u8| tail.as_bytes()[..end].iter().filter(|&&x| x == ch).count();
        let (open_p, mut close_p) = (count(b'('), count(b')'));
        let (open_b, mut close_b) = (count(b'['), count(b']'));
        while let Some(last) = tail[..end].chars().next_back() {
            let trim = match last {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => true,
                ')' if open_p < close_p => {
                    close_p -= 1;
                    true
                }
                ']' if open_b < close_b => {
                    close_b -= 1;
                    true
                }
                _ => false,
            };
            if !trim {
                break;
            }
            step(1);
            end -= last.len_utf8();
        }
        if end > prefix + 1 {
            out.push(&tail[..end]);
        }
        i += end.max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_plain_text() {
        let t = "See https://lore.kernel.org/r/abc@x.org. Or (https://example.com/a_(b)) and \
                 www.example.org, WWW.EXAMPLE.NET! xhttps://no.example https://例え.jp/パス \
                 https://evil.example/ログイン http://";
        assert_eq!(
            urls_in_text(t),
            vec![
                "https://lore.kernel.org/r/abc@x.org",
                "https://example.com/a_(b)",
                "www.example.org",
                "WWW.EXAMPLE.NET",
                "https://evil.example/",
            ]
        );
        assert_eq!(
            urls_in_text("<https://a.example/x>"),
            vec!["https://a.example/x"]
        );
        assert_eq!(
            urls_in_text("https://аmazon.co.jp/"),
            vec!["https://аmazon.co.jp/"]
        );
    }

    /// `urls_in_text` on `t`, checked to be linear: loop iterations, bytes scanned for URL ends
    /// and characters trimmed are each at most one per byte (URL scans do not overlap), so at
    /// most 3 steps per byte. A quadratic blow-up on these inputs would be thousands per byte.
    /// Deterministic: time is measured by the benches, never asserted here.
    fn linear(t: &str) -> Vec<&str> {
        STEPS.with(|s| s.set(0));
        let urls = urls_in_text(t);
        let steps = STEPS.with(|s| s.get());
        assert!(
            steps <= 3 * t.len(),
            "{steps} steps for {} bytes ({:?}...)",
            t.len(),
            html::clip(t, 40)
        );
        urls
    }

    #[test]
    fn urls_in_text_is_linear_on_hostile_input() {
        let t = "https://".repeat(200_000);
        assert_eq!(linear(&t), vec![t.as_str()]);
        assert!(linear(&"h".repeat(1 << 20)).is_empty());
        let t = "(https://a.example/".repeat(10_000);
        assert_eq!(linear(&t), vec![&t[1..]]);
        let t = format!("https://a.example/{}", ")".repeat(1 << 20));
        assert_eq!(linear(&t), vec!["https://a.example/"]);
        let t = "see https://a.example/x. ".repeat(50_000);
        assert_eq!(linear(&t).len(), 50_000);
    }

    fn mail(html: &str, text: &str) -> Mail<'static> {
        Mail {
            html: vec![html.to_string().into()],
            text: vec![text.to_string()],
            ..Mail::default()
        }
    }

    #[test]
    fn html_text_and_dedupe() {
        let m = mail(
            r##"<a href="https://a.example/">A</a><a href="https://a.example/">A</a>
               <a href="mailto:x@y">m</a><a href="#top">t</a><a href="{{link}}">tpl</a><a href="{{{ pm:unsubscribe }}}">u</a>
               <a href="javascript:alert(1)">js</a>"##,
            "Go to https://a.example/ or https://b.example/",
        );
        let e = extract(&m, 100);
        let hrefs: Vec<&str> = e.links.iter().map(|c| c.href.as_str()).collect();
        assert_eq!(
            hrefs,
            vec![
                "https://a.example/",
                "javascript:alert(1)",
                "https://b.example/"
            ]
        );
        assert_eq!(e.links[2].source, Source::Text);
    }

    #[test]
    fn relative_links_resolve_against_base() {
        let m = mail(
            r#"<base href="https://evil.example/k/"><a href="login">x</a>"#,
            "",
        );
        let e = extract(&m, 100);
        assert_eq!(e.links.len(), 1);
        assert_eq!(
            e.links[0].url.as_ref().unwrap().as_str(),
            "https://evil.example/k/login"
        );
        assert_eq!(e.links[0].base.as_deref(), Some("https://evil.example/k/"));
    }

    #[test]
    fn cap_counts_the_rest() {
        let html: String = (0..3000)
            .map(|i| format!("<a href='https://x{i}.example/'>l</a>"))
            .collect();
        let e = extract(&mail(&html, ""), 2000);
        assert_eq!(e.links.len(), 2000);
        assert_eq!(e.total, 3000);
    }
}
