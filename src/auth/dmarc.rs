//! DMARC (RFC 7489): the published record and identifier alignment on the registrable
//! ("organisational") domain.

use crate::dns::DnsAnswers;
use crate::domain;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Relaxed,
    Strict,
}

/// A `v=DMARC1` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `none`, `quarantine` or `reject` (lower-case).
    pub p: String,
    pub sp: Option<String>,
    pub adkim: Mode,
    pub aspf: Mode,
    pub pct: u8,
}

/// Parse one TXT string as a DMARC record; None if it is not one.
pub fn parse_record(txt: &str) -> Option<Record> {
    let mut tags = txt.split(';').map(|t| t.trim()).filter(|t| !t.is_empty());
    let first = tags.next()?;
    let (k, v) = first.split_once('=')?;
    if !k.trim().eq_ignore_ascii_case("v") || !v.trim().eq_ignore_ascii_case("DMARC1") {
        return None;
    }
    let mut r = Record {
        p: String::new(),
        sp: None,
        adkim: Mode::Relaxed,
        aspf: Mode::Relaxed,
        pct: 100,
    };
    let mode = |v: &str| {
        if v.eq_ignore_ascii_case("s") {
            Mode::Strict
        } else {
            Mode::Relaxed
        }
    };
    let policy = |v: &str| {
        let v = v.to_ascii_lowercase();
        matches!(v.as_str(), "none" | "quarantine" | "reject").then_some(v)
    };
    for t in tags {
        let Some((k, v)) = t.split_once('=') else {
            continue;
        };
        let v = v.trim();
        match k.trim().to_ascii_lowercase().as_str() {
            "p" => r.p = policy(v).unwrap_or_default(),
            "sp" => r.sp = policy(v),
            "adkim" => r.adkim = mode(v),
            "aspf" => r.aspf = mode(v),
            "pct" => r.pct = v.parse::<u8>().unwrap_or(100).min(100),
            _ => {}
        }
    }
    if r.p.is_empty() {
        // RFC 7489 §6.6.3: a record without a valid p= is treated as p=none when rua= exists;
        // we simply say "none".
        r.p = "none".to_string();
    }
    Some(r)
}

/// The DMARC names to look up for `from_domain`: `_dmarc.<domain>` and, if different, the
/// organisational domain's.
pub fn record_names(from_domain: &str) -> Vec<String> {
    let Some(d) = domain::normalize_host(from_domain) else {
        return Vec::new();
    };
    let mut v = vec![format!("_dmarc.{d}")];
    if let Some(org) = domain::registrable(&d)
        && org != d
    {
        v.push(format!("_dmarc.{org}"));
    }
    v
}

/// What the caller's DNS answers say about the From domain's policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// The record that applies, and the policy for this domain (p= or the org's sp=).
    Record { record: Record, policy: String },
    /// Looked up: no record.
    NoRecord,
    /// Not looked up.
    Unknown,
}

/// The applicable record for `from_domain` (the domain's own, else the org domain's with sp=).
pub fn published(from_domain: &str, dns: &DnsAnswers) -> Published {
    let names = record_names(from_domain);
    let mut any_looked_up = false;
    for (i, name) in names.iter().enumerate() {
        let Some(txts) = dns.get(name) else { continue };
        any_looked_up = true;
        if let Some(record) = txts.iter().find_map(|t| parse_record(t)) {
            let policy = if i == 0 {
                record.p.clone()
            } else {
                record.sp.clone().unwrap_or_else(|| record.p.clone())
            };
            return Published::Record { record, policy };
        }
        if i == 0 && names.len() > 1 && !dns.contains(&names[1]) {
            // Own name has no record and the org's was not looked up.
            return Published::Unknown;
        }
    }
    if any_looked_up {
        Published::NoRecord
    } else {
        Published::Unknown
    }
}

/// Is `id_domain` (DKIM d= or SPF mail-from domain) aligned with `from_domain`?
pub fn aligned(id_domain: &str, from_domain: &str, mode: Mode) -> bool {
    match mode {
        Mode::Strict => match (
            domain::normalize_host(id_domain),
            domain::normalize_host(from_domain),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        Mode::Relaxed => domain::same_organisation(id_domain, from_domain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records() {
        let r = parse_record("v=DMARC1; p=quarantine; sp=reject; adkim=s; pct=50; rua=mailto:x@y")
            .unwrap();
        assert_eq!(r.p, "quarantine");
        assert_eq!(r.sp.as_deref(), Some("reject"));
        assert_eq!(r.adkim, Mode::Strict);
        assert_eq!(r.aspf, Mode::Relaxed);
        assert_eq!(r.pct, 50);
        assert!(parse_record("v=spf1 -all").is_none());
        assert_eq!(parse_record("v=DMARC1").unwrap().p, "none");
    }

    #[test]
    fn alignment_on_registrable_domain() {
        assert!(aligned("amazon.co.jp", "amazon.co.jp", Mode::Strict));
        assert!(aligned("mail.amazon.co.jp", "amazon.co.jp", Mode::Relaxed));
        assert!(!aligned("mail.amazon.co.jp", "amazon.co.jp", Mode::Strict));
        assert!(!aligned("amazonses.com", "amazon.com", Mode::Relaxed));
        assert!(!aligned("acount-secure.top", "amazon.co.jp", Mode::Relaxed));
        assert!(aligned(
            "acount-secure.top",
            "amazon-co-jp.acount-secure.top",
            Mode::Relaxed
        ));
        assert!(
            !aligned("co.jp", "co.jp", Mode::Relaxed),
            "public suffixes align with nothing"
        );
    }

    #[test]
    fn org_domain_record_with_sp() {
        assert_eq!(
            record_names("News.Amazon.co.jp."),
            ["_dmarc.news.amazon.co.jp", "_dmarc.amazon.co.jp"]
        );
        let mut dns = DnsAnswers::new();
        dns.insert_none("_dmarc.news.amazon.co.jp");
        dns.insert("_dmarc.amazon.co.jp", "v=DMARC1; p=quarantine; sp=reject");
        match published("news.amazon.co.jp", &dns) {
            Published::Record { policy, .. } => assert_eq!(policy, "reject"),
            other => panic!("{other:?}"),
        }
        assert_eq!(published("example.org", &dns), Published::Unknown);
    }
}
