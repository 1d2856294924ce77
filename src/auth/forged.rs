//! Forged Authentication-Results: headers that claim passes the trusted provider did not find.
//!
//! Two shapes (RFC 8601 §5 says a receiver must delete the first kind; senders add both to look
//! legitimate in "show original" views):
//! - the provider's own authserv-id (or, for Microsoft, its id-less format) *below* the provider's
//!   receiving hop, claiming a DKIM/DMARC pass the provider's real header does not have;
//! - any other A-R claiming a DKIM/DMARC pass for a domain the trusted results say failed.

use super::authres::MethodResult;
use super::provider::{Kind, Trust};

/// Untrusted headers compared at most (real mail carries a few).
const MAX_EXAMINED: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgery {
    /// The forged header as written.
    pub evidence: String,
    /// What it claimed against what the provider found (plain English).
    pub detail: String,
}

fn claim_text(r: &MethodResult) -> String {
    match r.domain() {
        Some(d) => format!("{}={} for {d}", r.method, r.result),
        None => format!("{}={}", r.method, r.result),
    }
}

/// Compare every untrusted A-R with the trusted results.
pub fn detect(trust: &Trust) -> Vec<Forgery> {
    let trusted: Vec<&MethodResult> = trust
        .trusted
        .iter()
        .flat_map(|p| p.res.results.iter())
        .collect();
    if trusted.is_empty() {
        return Vec::new();
    }
    // A passing ARC chain explains older receivers' passes (mailing lists, forwarding).
    let arc_pass = trusted.iter().any(|r| r.method == "arc" && r.is_pass());
    let mut out = Vec::new();
    // Bounded: a hostile message may carry thousands of headers.
    for p in trust.untrusted.iter().take(MAX_EXAMINED) {
        let below = trust.hop.is_some_and(|h| p.hops_above > h);
        let own_id = match trust.kind {
            Kind::Gmail => p.res.authserv_id.as_deref() == Some(super::provider::GMAIL_ID),
            Kind::Microsoft => p.res.authserv_id.is_none(),
            Kind::Other => p.res.authserv_id.is_some() && p.res.authserv_id == trust.authserv_id,
            Kind::Unknown => false,
        };
        for r in p
            .res
            .results
            .iter()
            .filter(|r| r.is_pass() && matches!(r.method.as_str(), "dkim" | "dmarc"))
        {
            let same = |t: &&&MethodResult| {
                t.method == r.method
                    && match (t.domain(), r.domain()) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
            };
            let confirmed = trusted.iter().filter(same).any(|t| t.is_pass());
            let contradicted = trusted.iter().filter(same).any(|t| !t.is_pass());
            let forged = if own_id && below && trust.kind == Kind::Gmail {
                !confirmed
            } else {
                contradicted && !confirmed && !arc_pass
            };
            if forged {
                let found: Vec<String> = trusted
                    .iter()
                    .filter(|t| t.method == r.method)
                    .map(|t| claim_text(t))
                    .collect();
                let whose = if own_id && below {
                    "a header written in the receiving provider's name but placed below its own Received hop"
                } else {
                    "a header from another host"
                };
                out.push(Forgery {
                    evidence: p.raw.clone(),
                    detail: format!(
                        "{whose} claims {}, but the provider found {}",
                        claim_text(r),
                        if found.is_empty() {
                            "no such result".to_string()
                        } else {
                            found.join(", ")
                        }
                    ),
                });
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::provider::identify;
    use crate::parse::parse;

    fn mail(top_ar: &str, lower_ar: &str) -> crate::model::Mail<'static> {
        let raw = format!(
            "Received: by 2002:a05:7108:3d0e::1 with SMTP id x1; Tue, 14 Oct 2025 02:13:21 -0700\r\n\
Received: from h.example.top (h.example.top. [203.0.113.45]) by mx.google.com with ESMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n\
Authentication-Results: {top_ar}\r\n\
Authentication-Results: {lower_ar}\r\n\
From: <no-reply@amazon.com>\r\n\r\nx\r\n"
        );
        // The model borrows from the raw message; a test can afford to keep it for good.
        parse(String::leak(raw).as_bytes()).unwrap()
    }

    #[test]
    fn own_id_below_the_hop_claiming_pass_is_forged() {
        let m = mail(
            "mx.google.com; dkim=none; spf=softfail smtp.mailfrom=a@h.example.top; dmarc=fail (p=QUARANTINE) header.from=amazon.com",
            "mx.google.com; dkim=pass header.i=@amazon.com; dmarc=pass",
        );
        let f = detect(&identify(&m));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].detail.contains("dkim=pass for amazon.com"),
            "{}",
            f[0].detail
        );
    }

    #[test]
    fn other_host_contradicting_dmarc_is_forged_but_agreement_is_not() {
        let m = mail(
            "mx.google.com; dmarc=fail header.from=amazon.com",
            "relay.example; dmarc=pass header.from=amazon.com",
        );
        assert_eq!(detect(&identify(&m)).len(), 1);
        let m = mail(
            "mx.google.com; dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com",
            "mx.google.com; dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com",
        );
        assert!(
            detect(&identify(&m)).is_empty(),
            "a forwarded copy agreeing is not a forgery"
        );
        let m = mail(
            "mx.google.com; dkim=fail header.i=@lists.example; arc=pass; dmarc=pass header.from=amazon.com",
            "relay.example; dkim=pass header.i=@lists.example",
        );
        assert!(
            detect(&identify(&m)).is_empty(),
            "ARC explains older passes"
        );
    }
}
