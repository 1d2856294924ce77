//! The host lists in `data/redirectors.json`: redirectors (and how to read their target), URL
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
}

pub fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        use crate::data::{self as d, records};
        let owned = |t: &'static str| d::list(t).map(str::to_string).collect::<Vec<String>>();
        Lists {
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
                    severity: d::severity(f.text()),
                })
                .collect(),
            social: owned(d::SOCIAL),
            unsubscribe_words: owned(d::UNSUBSCRIBE_WORDS),
            risky_tlds: owned(d::RISKY_TLDS),
        }
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
    lists()
        .shorteners
        .iter()
        .find(|s| host_within(host, s))
        .map(|s| s.as_str())
}

/// The mail platform whose click tracker `host` is, if any.
pub fn tracker(host: &str) -> Option<&'static str> {
    lists()
        .trackers
        .iter()
        .find(|t| t.hosts.iter().any(|h| host_within(host, h)))
        .map(|t| t.platform.as_str())
}

/// Free or anonymous hosting `host` (and `path`) is on, if any.
pub fn hosting(host: &str, path: &str) -> Option<&'static Hosting> {
    lists().hosting.iter().find(|h| {
        host_within(host, &h.suffix) && h.path.as_deref().is_none_or(|p| path.starts_with(p))
    })
}

pub fn is_social(host: &str) -> bool {
    lists().social.iter().any(|s| host_within(host, s))
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
