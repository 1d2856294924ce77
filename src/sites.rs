//! What is known about hosts: the lists in `data/redirectors.json`: redirectors (and how to read their target), URL
//! shorteners, click trackers of mail platforms, free hosting, social and app-store hosts.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::findings::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectKind {
    /// A mail-security gateway rewrote the link (Safe Links, URL Defense...).
    Safety,
    /// A big site's exit redirector (Google, Facebook...).
    Web,
    /// An open redirector used to hide the destination.
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoder {
    /// The target is in a query parameter.
    #[default]
    Param,
    ProofpointV2,
    ProofpointV3,
    /// The query parameter holds base64 of the target.
    Base64,
    /// Bing `/ck/a?u=a1<base64url>`.
    Bing,
    /// Google AMP `/amp/s/host/path`.
    Amp,
}

#[derive(Debug, Clone)]
pub struct Redirector {
    pub name: String,
    pub hosts: Vec<String>,
    pub path: String,
    pub params: Vec<String>,
    pub decoder: Decoder,
    pub kind: RedirectKind,
}

#[derive(Debug, Clone)]
pub struct Tracker {
    pub platform: String,
    pub hosts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Hosting {
    pub suffix: String,
    pub path: Option<String>,
    pub what: String,
    pub severity: Severity,
}

#[derive(Debug)]
pub struct Lists {
    pub redirectors: Vec<Redirector>,
    pub generic_params: Vec<String>,
    pub shorteners: Vec<String>,
    pub shortener_owners: HashMap<String, Vec<String>>,
    pub trackers: Vec<Tracker>,
    pub hosting: Vec<Hosting>,
    pub social: Vec<String>,
    pub unsubscribe_words: Vec<String>,
    pub risky_tlds: Vec<String>,
    /// Host suffix -> entries of the lists above, for lookups by host (see [`SuffixIndex`]).
    redirector_index: SuffixIndex,
    shortener_index: SuffixIndex,
    tracker_index: SuffixIndex,
    hosting_index: SuffixIndex,
    social_index: SuffixIndex,
}

/// The entries of a host list that a host is within ([`host_within`]), found by looking up the
/// host's own suffixes (`a.b.example.com`, `b.example.com`, `example.com`, `com`: a handful)
/// instead of comparing it with every entry of every list for every link (a few hundred
/// compares per link). `host_within(host, s)` holds exactly when `s` is the host or what
/// follows one of its dots, so the two give the same entries; they come out in list order.
#[derive(Debug, Default)]
struct SuffixIndex {
    map: HashMap<String, Vec<usize>>,
    /// The longest listed suffix: a longer suffix of the host cannot match, and skipping those
    /// keeps a host of thousands of labels linear (each lookup hashes its suffix).
    longest: usize,
}

impl SuffixIndex {
    /// `(entry, suffix)` pairs; an entry may have several suffixes.
    fn new<'a>(pairs: impl IntoIterator<Item = (usize, &'a str)>) -> SuffixIndex {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        let mut longest = 0;
        for (i, suffix) in pairs {
            longest = longest.max(suffix.len());
            let v = map.entry(suffix.to_string()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
        SuffixIndex { map, longest }
    }

    /// The entries `host` is within, in list order.
    fn entries(&self, host: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut s = host;
        if s.len() > self.longest {
            // The suffix after a dot at `q` is `len - q - 1` bytes: start at the first dot that
            // leaves at most `longest`.
            let from = s.len() - self.longest - 1;
            match memchr::memchr(b'.', &s.as_bytes()[from..]) {
                Some(p) => s = &s[from + p + 1..],
                None => return out,
            }
        }
        loop {
            if let Some(v) = self.map.get(s) {
                out.extend_from_slice(v);
            }
            match memchr::memchr(b'.', s.as_bytes()) {
                Some(p) => s = &s[p + 1..],
                None => break,
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first entry (in list order) `host` is within.
    fn first(&self, host: &str) -> Option<usize> {
        self.entries(host).first().copied()
    }
}

pub fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        use crate::data::{self as d, records};
        let owned = |t: &'static str| d::list(t).map(str::to_string).collect::<Vec<String>>();
        let mut l = Lists {
            redirectors: records(d::REDIRECTORS)
                .map(|mut f| Redirector {
                    name: f.text().to_string(),
                    hosts: f.owned_list(),
                    path: f.text().to_string(),
                    params: f.owned_list(),
                    decoder: match f.text() {
                        "proofpoint_v2" => Decoder::ProofpointV2,
                        "proofpoint_v3" => Decoder::ProofpointV3,
                        "base64" => Decoder::Base64,
                        "bing" => Decoder::Bing,
                        "amp" => Decoder::Amp,
                        _ => Decoder::Param,
                    },
                    kind: match f.text() {
                        "safety" => RedirectKind::Safety,
                        "web" => RedirectKind::Web,
                        _ => RedirectKind::Open,
                    },
                })
                .collect(),
            generic_params: owned(d::GENERIC_PARAMS),
            shorteners: owned(d::SHORTENERS),
            shortener_owners: records(d::SHORTENER_OWNERS)
                .map(|mut f| (f.text().to_string(), f.owned_list()))
                .collect(),
            trackers: records(d::TRACKERS)
                .map(|mut f| Tracker {
                    platform: f.text().to_string(),
                    hosts: f.owned_list(),
                })
                .collect(),
            hosting: records(d::HOSTING)
                .map(|mut f| Hosting {
                    suffix: f.text().to_string(),
                    path: f.opt().map(str::to_string),
                    what: f.text().to_string(),
                    severity: crate::findings::severity_in_data(f.text()),
                })
                .collect(),
            social: owned(d::SOCIAL),
            unsubscribe_words: owned(d::UNSUBSCRIBE_WORDS),
            risky_tlds: owned(d::RISKY_TLDS),
            redirector_index: SuffixIndex::default(),
            shortener_index: SuffixIndex::default(),
            tracker_index: SuffixIndex::default(),
            hosting_index: SuffixIndex::default(),
            social_index: SuffixIndex::default(),
        };
        let all = |v: &[String]| SuffixIndex::new(v.iter().map(String::as_str).enumerate());
        let hosts_of = |v: Vec<&Vec<String>>| {
            SuffixIndex::new(
                v.into_iter()
                    .enumerate()
                    .flat_map(|(i, h)| h.iter().map(move |s| (i, s.as_str()))),
            )
        };
        l.redirector_index = hosts_of(l.redirectors.iter().map(|r| &r.hosts).collect());
        l.shortener_index = all(&l.shorteners);
        l.tracker_index = hosts_of(l.trackers.iter().map(|t| &t.hosts).collect());
        l.hosting_index = SuffixIndex::new(l.hosting.iter().map(|h| h.suffix.as_str()).enumerate());
        l.social_index = all(&l.social);
        l
    })
}

/// Is `host` equal to `suffix` or below it? (`host` lower-case, no trailing dot.)
pub fn host_within(host: &str, suffix: &str) -> bool {
    host == suffix
        || (host.len() > suffix.len()
            && host.ends_with(suffix)
            && host.as_bytes().get(host.len() - suffix.len() - 1) == Some(&b'.'))
}

/// The shortener `host` belongs to, if it is one.
pub fn shortener(host: &str) -> Option<&'static str> {
    let l = lists();
    l.shortener_index
        .first(host)
        .map(|i| l.shorteners[i].as_str())
}

/// The mail platform whose click tracker `host` is, if any.
pub fn tracker(host: &str) -> Option<&'static str> {
    let l = lists();
    l.tracker_index
        .first(host)
        .map(|i| l.trackers[i].platform.as_str())
}

/// Free or anonymous hosting `host` (and `path`) is on, if any.
pub fn hosting(host: &str, path: &str) -> Option<&'static Hosting> {
    let l = lists();
    l.hosting_index
        .entries(host)
        .into_iter()
        .map(|i| &l.hosting[i])
        .find(|h| h.path.as_deref().is_none_or(|p| path.starts_with(p)))
}

pub fn is_social(host: &str) -> bool {
    lists().social_index.first(host).is_some()
}

/// The redirectors (in list order) whose hosts `host` is within.
pub fn redirectors_of(host: &str) -> impl Iterator<Item = &'static Redirector> + use<> {
    let l = lists();
    l.redirector_index
        .entries(host)
        .into_iter()
        .map(|i| &l.redirectors[i])
}

pub fn is_unsubscribe(text: &str) -> bool {
    let t = text.to_lowercase();
    lists()
        .unsubscribe_words
        .iter()
        .any(|w| t.contains(w.as_str()))
}

pub fn risky_tld(host: &str) -> Option<&'static str> {
    let tld = host.rsplit('.').next()?;
    lists()
        .risky_tlds
        .iter()
        .find(|t| t.as_str() == tld)
        .map(|t| t.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_index_finds_what_a_scan_finds() {
        let l = lists();
        let longest = l.hosting.iter().map(|h| h.suffix.len()).max().unwrap_or(0);
        let mut hosts: Vec<String> = vec![
            "".into(),
            ".".into(),
            "com".into(),
            "a..example.com".into(),
            "x.ly".into(),
            "b.".repeat(2000) + "bit.ly",
            "b.".repeat(2000) + "bitly",
        ];
        // Around the longest-suffix cut: hosts just longer than a listed suffix, dots anywhere.
        for h in &l.hosting {
            for pad in 0..=longest + 2 {
                hosts.push(format!("{}.{}", "x".repeat(pad), h.suffix));
                hosts.push(format!("{}{}", "x".repeat(pad), h.suffix));
            }
        }
        for h in l
            .shorteners
            .iter()
            .chain(&l.social)
            .chain(l.trackers.iter().flat_map(|t| &t.hosts))
            .chain(l.redirectors.iter().flat_map(|r| &r.hosts))
            .chain(l.hosting.iter().map(|h| &h.suffix))
        {
            for host in [
                h.clone(),
                format!("a.{h}"),
                format!("x{h}"),
                format!("{h}.evil.top"),
                h.split_once('.').map_or(h.clone(), |(_, r)| r.to_string()),
            ] {
                hosts.push(host);
            }
        }
        for host in &hosts {
            let scan = |v: &[String]| v.iter().position(|s| host_within(host, s));
            assert_eq!(l.shortener_index.first(host), scan(&l.shorteners), "{host}");
            assert_eq!(l.social_index.first(host), scan(&l.social), "{host}");
            let trackers: Vec<usize> = (0..l.trackers.len())
                .filter(|&i| l.trackers[i].hosts.iter().any(|s| host_within(host, s)))
                .collect();
            assert_eq!(l.tracker_index.entries(host), trackers, "{host}");
            let redirectors: Vec<usize> = (0..l.redirectors.len())
                .filter(|&i| l.redirectors[i].hosts.iter().any(|s| host_within(host, s)))
                .collect();
            assert_eq!(l.redirector_index.entries(host), redirectors, "{host}");
            let hosting: Vec<usize> = (0..l.hosting.len())
                .filter(|&i| host_within(host, &l.hosting[i].suffix))
                .collect();
            assert_eq!(l.hosting_index.entries(host), hosting, "{host}");
        }
    }

    #[test]
    fn lists_parse_and_match_on_label_boundaries() {
        assert!(!lists().redirectors.is_empty());
        assert_eq!(shortener("bit.ly"), Some("bit.ly"));
        assert_eq!(shortener("xbit.ly"), None);
        assert_eq!(tracker("u123.ct.sendgrid.net"), Some("SendGrid"));
        assert_eq!(tracker("sendgrid.net.evil.top"), None);
        assert!(hosting("foo.bar.workers.dev", "/").is_some());
        assert!(hosting("docs.google.com", "/forms/d/e/x").is_some());
        assert!(hosting("docs.google.com", "/document/d/x").is_none());
        assert!(is_social("www.facebook.com"));
        assert!(is_unsubscribe("Click here to Unsubscribe"));
        assert!(is_unsubscribe("配信停止はこちら"));
        assert_eq!(risky_tld("a.b.top"), Some("top"));
        assert_eq!(risky_tld("kernel.org"), None);
    }
}
