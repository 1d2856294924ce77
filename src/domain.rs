//! Domains: the registrable domain ("organisational domain" in DMARC terms) of a host, using the
//! Public Suffix List, so that `mail.amazon.co.jp` and `amazon.co.jp` are one organisation while
//! `amazon.co.jp.evil.top` is not.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use publicsuffix::{List, Psl};

fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| {
        psl_text()
            .parse()
            .expect("bundled public suffix list parses (checked by tests)")
    })
}

/// The Public Suffix List text. Natively the data file itself (no start-up cost); in the wasm,
/// rebuilt from build.rs's label tries, 10 KB gzip smaller (tested to answer the same).
#[cfg(not(target_arch = "wasm32"))]
fn psl_text() -> &'static str {
    include_str!("../data/public_suffix_list.dat")
}

#[cfg(target_arch = "wasm32")]
fn psl_text() -> String {
    packed_psl_text()
}

/// data/public_suffix_list.dat in the publicsuffix crate's format, rebuilt from the label tries
/// build.rs stores (rules in another order, which the crate does not depend on: build.rs
/// rejects a name listed twice in a section).
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn packed_psl_text() -> String {
    let mut out = String::with_capacity(160 * 1024);
    out.push_str("// ===BEGIN ICANN DOMAINS===\n");
    expand_trie(crate::data::PSL_ICANN, &mut out);
    out.push_str("// ===END ICANN DOMAINS===\n// ===BEGIN PRIVATE DOMAINS===\n");
    expand_trie(crate::data::PSL_PRIVATE, &mut out);
    out.push_str("// ===END PRIVATE DOMAINS===\n");
    out
}

/// Appends one rule per line from a trie written as `label[?][(children)]`, comma-separated
/// (`?`: the label alone is not a rule), e.g. `jp(ac,co,kawasaki?(*,!city))`.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn expand_trie(trie: &str, out: &mut String) {
    let b = trie.as_bytes();
    // Labels from the top-level domain down to the parent of the current item.
    let mut path: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b')' => {
                path.pop();
                i += 1;
            }
            b',' => i += 1,
            _ => {
                let start = i;
                while i < b.len() && !matches!(b[i], b',' | b'(' | b')' | b'?') {
                    i += 1;
                }
                let label = &trie[start..i];
                let rule = b.get(i) != Some(&b'?');
                if !rule {
                    i += 1;
                }
                if rule {
                    out.push_str(label);
                    for l in path.iter().rev() {
                        out.push('.');
                        out.push_str(l);
                    }
                    out.push('\n');
                }
                if b.get(i) == Some(&b'(') {
                    path.push(label);
                    i += 1;
                }
            }
        }
    }
}

/// Lower-case, ASCII (punycode) form of a host name, without a trailing dot.
/// Returns None for an empty or unconvertible name.
pub fn normalize_host(host: &str) -> Option<String> {
    let h = host.trim().trim_end_matches('.');
    if h.is_empty() {
        return None;
    }
    if h.is_ascii() {
        return Some(h.to_ascii_lowercase());
    }
    url::Host::parse(h).ok().and_then(|x| match x {
        url::Host::Domain(d) => Some(d.to_string()),
        _ => None,
    })
}

/// The registrable domain of `host` (e.g. `amazon.co.jp` for `www.amazon.co.jp`), in lower-case
/// ASCII. None for IP literals, bare public suffixes and names that are not domains.
pub fn registrable(host: &str) -> Option<String> {
    // A message asks about the same few hosts hundreds of times (every link against every domain
    // of the sender and the claimed brand), and a Public Suffix List walk is the costliest step
    // of that: remember the answers per thread. Bounded, because every name is attacker-written.
    const MAX_CACHED: usize = 4096;
    thread_local! {
        static CACHE: RefCell<HashMap<Box<str>, Option<Box<str>>>> = RefCell::new(HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(host).cloned()) {
        return hit.map(String::from);
    }
    let answer = registrable_uncached(host);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_CACHED {
            c.clear();
        }
        c.insert(host.into(), answer.as_deref().map(Box::from));
    });
    answer
}

fn registrable_uncached(host: &str) -> Option<String> {
    let h = normalize_host(host)?;
    if h.parse::<std::net::IpAddr>().is_ok() || h.starts_with('[') {
        return None;
    }
    if h.split('.').any(|l| l.is_empty()) {
        return None;
    }
    let d = list().domain(h.as_bytes())?;
    // Only names under a suffix the list knows (ICANN or private): unknown TLDs fall back to the
    // "*" rule, which is what DMARC implementations do too.
    std::str::from_utf8(d.as_bytes())
        .ok()
        .map(|s| s.to_string())
}

/// Could `domain` (the part of an address after `@`) receive or send mail at all? Two or more
/// labels of letters, digits and hyphens (punycode for international names), none empty, longer
/// than 63 or starting or ending with a hyphen, under a top-level domain the Public Suffix List
/// knows. `comunicado@detran`, `x@shein-survey-free,net` and `x@{aok.de}` are not addresses any
/// mail system can use: they were typed to look like one.
pub fn is_valid_mail_domain(domain: &str) -> bool {
    let Some(d) = normalize_host(domain) else {
        return false;
    };
    if d.len() > 253 || !d.contains('.') {
        return false;
    }
    let labels_ok = d.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    // `.example` and `.test` are reserved for documentation and testing (RFC 2606, RFC 6761):
    // samples and test messages use them, and they stand for a domain that could exist.
    let documentation = d.ends_with(".example") || d.ends_with(".test");
    labels_ok && (documentation || list().suffix(d.as_bytes()).is_some_and(|s| s.is_known()))
}

/// Do two hosts belong to the same registrable domain (DMARC relaxed alignment)?
pub fn same_organisation(a: &str, b: &str) -> bool {
    match (registrable(a), registrable(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Is `host` equal to `domain` or a subdomain of it (both normalised)?
pub fn is_within(host: &str, domain: &str) -> bool {
    // Asked for every link against every authenticated domain: ASCII names (nearly all) are
    // compared in place, as `normalize_host` would see them (trimmed, no trailing dot, any case).
    let h = host.trim().trim_end_matches('.');
    let d = domain.trim().trim_end_matches('.');
    if h.is_ascii() && d.is_ascii() {
        return !d.is_empty() && bytes_within(h.as_bytes(), d.as_bytes());
    }
    is_within_normalised(host, domain)
}

/// Is the name `h` equal to `d` or under it (`*.d`), ASCII letters in any case? Byte-wise, both
/// without a trailing dot.
pub(crate) fn bytes_within(h: &[u8], d: &[u8]) -> bool {
    match h.len().checked_sub(d.len()) {
        Some(0) => h.eq_ignore_ascii_case(d),
        Some(cut) => h[cut..].eq_ignore_ascii_case(d) && h[cut - 1] == b'.',
        None => false,
    }
}

fn is_within_normalised(host: &str, domain: &str) -> bool {
    match (normalize_host(host), normalize_host(domain)) {
        (Some(h), Some(d)) => {
            h == d
                || h.strip_suffix(d.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mail_domains_that_can_exist() {
        for d in [
            "example.com",
            "mail.amazon.co.jp",
            "xn--bcher-kva.example",
            "bücher.de",
            "a-b.top",
        ] {
            assert!(super::is_valid_mail_domain(d), "{d}");
        }
        for d in [
            "detran",
            "shein-survey-free,net",
            "{aok.de}",
            "adac.de\"",
            "pot",
            "-x.com",
            "x..com",
            "example.notatld",
            "host.invalid",
            "x.localhost",
            "%comunicacoes.com",
            "✔️kommer-bitcoin✔️",
            "",
        ] {
            assert!(!super::is_valid_mail_domain(d), "{d}");
        }
    }

    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(
            registrable("www.amazon.co.jp").as_deref(),
            Some("amazon.co.jp")
        );
        assert_eq!(
            registrable("Amazon.CO.JP.").as_deref(),
            Some("amazon.co.jp")
        );
        assert_eq!(
            registrable("amazon-co-jp.acount-secure.top").as_deref(),
            Some("acount-secure.top")
        );
        assert_eq!(registrable("co.jp"), None);
        assert_eq!(registrable("192.0.2.1"), None);
        assert!(same_organisation("bounces.amazon.com", "amazon.com"));
        assert!(!same_organisation("amazonses.com", "amazon.com"));
        assert!(is_within("www.amazon.co.jp", "amazon.co.jp"));
        assert!(!is_within("evilamazon.co.jp", "amazon.co.jp"));
        assert!(is_within(" WWW.Amazon.CO.JP. ", "amazon.co.jp."));
        assert!(is_within("amazon.co.jp", "AMAZON.co.jp"));
        assert!(!is_within("co.jp", "amazon.co.jp"));
        assert!(!is_within("amazon.co.jp", ""));
        assert!(!is_within("", "amazon.co.jp"));
        assert!(!is_within("...", "."));
        // The ASCII comparison in place answers as the normalising one.
        let names = [
            "",
            ".",
            "..",
            " ",
            "a",
            "A.",
            ".a",
            "b.a",
            "B.A.",
            "x.b.a",
            "xb.a",
            "b.a.",
            " b.a ",
            "a.b",
            "ab",
            "amazon.co.jp",
            "www.amazon.co.jp",
            "wwwamazon.co.jp",
            "AMAZON.CO.JP..",
        ];
        for h in names {
            for d in names {
                assert_eq!(
                    is_within(h, d),
                    is_within_normalised(h, d),
                    "{h:?} in {d:?}"
                );
            }
        }
        // Non-ASCII names go through IDNA (normalize_host) as before.
        assert!(is_within("ＷＷＷ.amazon.co.jp", "amazon.co.jp"));
        assert!(is_within("xn--r8jz45g.example", "例え.example"));
    }

    /// The rules rebuilt from build.rs's tries give the same answers as the data file itself,
    /// for a name under every rule (and under every wildcard and exception).
    #[test]
    fn packed_list_answers_like_the_data_file() {
        let file = include_str!("../data/public_suffix_list.dat");
        let original: List = file.parse().unwrap();
        let rebuilt: List = packed_psl_text().parse().unwrap();
        let mut rules: Vec<&str> = file
            .lines()
            .filter(|l| !l.starts_with("//") && !l.trim().is_empty())
            .collect();
        let mut expanded: Vec<String> = packed_psl_text()
            .lines()
            .filter(|l| !l.starts_with("//"))
            .map(str::to_string)
            .collect();
        assert_eq!(rules.len(), expanded.len());
        rules.sort_unstable();
        expanded.sort_unstable();
        assert!(rules.iter().zip(&expanded).all(|(a, b)| a == b));
        for rule in rules {
            let name = rule.trim_start_matches('!').replace('*', "x");
            for host in [name.clone(), format!("a.{name}"), format!("b.a.{name}")] {
                let (o, r) = (
                    original.domain(host.as_bytes()),
                    rebuilt.domain(host.as_bytes()),
                );
                assert_eq!(
                    o.map(|d| d.as_bytes().to_vec()),
                    r.map(|d| d.as_bytes().to_vec()),
                    "{host}"
                );
                let (o, r) = (
                    original.suffix(host.as_bytes()),
                    rebuilt.suffix(host.as_bytes()),
                );
                assert_eq!(
                    o.map(|d| (d.as_bytes().to_vec(), d.typ())),
                    r.map(|d| (d.as_bytes().to_vec(), d.typ())),
                    "{host}"
                );
            }
        }
    }
}
