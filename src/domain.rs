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
        include_str!("../data/public_suffix_list.dat")
            .parse()
            .expect("bundled public suffix list parses (checked by tests)")
    })
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

/// Do two hosts belong to the same registrable domain (DMARC relaxed alignment)?
pub fn same_organisation(a: &str, b: &str) -> bool {
    match (registrable(a), registrable(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Is `host` equal to `domain` or a subdomain of it (both normalised)?
pub fn is_within(host: &str, domain: &str) -> bool {
    match (normalize_host(host), normalize_host(domain)) {
        (Some(h), Some(d)) => {
            h == d || h.strip_suffix(d.as_str()).is_some_and(|rest| rest.ends_with('.'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
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
    }
}
