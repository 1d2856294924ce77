//! Forged Authentication-Results: headers that claim passes that did not happen.
//!
//! Three shapes (RFC 8601 §5 says a receiver must delete the first kind; senders add all of them
//! to look legitimate in "show original" views, or to fool a reader that trusts such headers):
//! - the provider's own authserv-id *below* the provider's receiving hop, claiming a DKIM/DMARC
//!   pass the provider's real header does not have (Gmail);
//! - any other A-R claiming a DKIM/DMARC pass for a domain the trusted results say failed;
//! - a `dkim=pass` for a signature the message does not contain at all, in the trusted results
//!   or in a header written in a mailbox provider's name (Gmail's `mx.google.com`, Microsoft's
//!   id-less format): a provider verifies the signatures the message carries, and keeps them.
//!   (Results of other hosts are only untrusted: a mailing list may remove the signatures it
//!   checked.)

use super::authres::MethodResult;
use super::provider::{GMAIL_ID, Kind, Placed, Trust};
use crate::report::Text;
use crate::texts::text;

/// Untrusted headers compared at most (real mail carries a few).
const MAX_EXAMINED: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgery {
    /// The forged header as written.
    pub evidence: String,
    /// What it claimed against what is known, in plain words.
    pub detail: Text,
}

fn claim_text(r: &MethodResult) -> String {
    match r.domain() {
        Some(d) => format!("{}={} for {d}", r.method, r.result),
        None => format!("{}={}", r.method, r.result),
    }
}

/// Every forgery found: results contradicted by the trusted ones, then passes for signatures
/// the message does not carry. `signers`: the `d=` of the message's DKIM-Signature headers.
pub fn detect_all(trust: &Trust, signers: &[String]) -> Vec<Forgery> {
    let mut out = detect(trust);
    for f in no_such_signature(trust, signers) {
        if !out.iter().any(|o| o.evidence == f.evidence) {
            out.push(f);
        }
    }
    out
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
            Kind::Gmail => p.res.authserv_id.as_deref() == Some(GMAIL_ID),
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
                let found = if found.is_empty() {
                    text("auth.forged.no_such_result", &[])
                } else {
                    let f = found.join(", ");
                    Text {
                        en: f.clone(),
                        ja: f,
                    }
                };
                let id = if own_id && below {
                    "auth.forged.own_id_below_hop"
                } else {
                    "auth.forged.other_host"
                };
                let claim = claim_text(r);
                let en = text(id, &[("claim", &claim), ("found", &found.en)]).en;
                let ja = text(id, &[("claim", &claim), ("found", &found.ja)]).ja;
                out.push(Forgery {
                    evidence: p.raw.clone(),
                    detail: Text { en, ja },
                });
                break;
            }
        }
    }
    out
}

/// Is `p` written in a mailbox provider's name (whose results are about the signatures the
/// message keeps)?
fn in_provider_name(p: &Placed) -> bool {
    match p.res.authserv_id.as_deref() {
        Some(id) => id == GMAIL_ID,
        None => !p.res.results.is_empty(),
    }
}

/// `dkim=pass` for a domain no DKIM-Signature of the message belongs to, in the trusted results
/// or in a header written in a mailbox provider's name.
pub fn no_such_signature(trust: &Trust, signers: &[String]) -> Vec<Forgery> {
    let examined = trust.trusted.iter().chain(
        trust
            .untrusted
            .iter()
            .filter(|p| in_provider_name(p))
            .take(MAX_EXAMINED),
    );
    let mut out = Vec::new();
    for p in examined {
        let missing = p.res.results.iter().find(|r| {
            r.method == "dkim"
                && r.is_pass()
                && r.domain().is_some_and(|d| {
                    !signers
                        .iter()
                        .any(|s| crate::domain::same_organisation(s, &d) || *s == d)
                })
        });
        if let Some(r) = missing {
            let domain = r.domain().unwrap_or_default();
            // Microsoft's results carry no authserv-id.
            let id = p.res.authserv_id.as_deref().unwrap_or("Microsoft");
            out.push(Forgery {
                evidence: p.raw.clone(),
                detail: text(
                    "auth.forged.no_such_signature",
                    &[("id", id), ("claim", &claim_text(r)), ("domain", &domain)],
                ),
            });
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
            f[0].detail.en.contains("dkim=pass for amazon.com"),
            "{}",
            f[0].detail.en
        );
        assert!(f[0].detail.ja.contains("dkim=pass for amazon.com"));
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

    #[test]
    fn a_pass_for_a_signature_the_message_lacks_is_forged_when_a_provider_claims_it() {
        let m = mail(
            "mx.google.com; dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com",
            "lists.example; dkim=pass header.d=amazon.com",
        );
        let t = identify(&m);
        // Gmail's trusted header: no amazon.com signature in the message.
        let f = no_such_signature(&t, &[]);
        assert_eq!(f.len(), 1, "only the provider's header, not the list's");
        assert!(
            f[0].evidence
                .starts_with("Authentication-Results: mx.google.com")
        );
        assert!(f[0].detail.en.contains("no DKIM signature of amazon.com"));
        assert!(f[0].detail.ja.contains("amazon.com のDKIM署名"));
        // The signature is there (d= the organisation, i= a subdomain): no contradiction.
        assert!(no_such_signature(&t, &["amazon.com".into()]).is_empty());
        assert!(no_such_signature(&t, &["mail.amazon.com".into()]).is_empty());
        // A list's own results may be about signatures it removed: untrusted, never "forged".
        let m = mail(
            "mx.google.com; dkim=none; dmarc=none",
            "lists.example; dkim=pass header.d=amazon.com",
        );
        assert!(no_such_signature(&identify(&m), &[]).is_empty());
        // The same claim in Microsoft's id-less format, anywhere: forged.
        let m = mail(
            "mx.google.com; spf=none smtp.mailfrom=x@h.example.top",
            "dkim=pass header.d=paypal.com; dmarc=pass header.from=paypal.com",
        );
        let f = detect_all(&identify(&m), &[]);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].detail.en.contains("in the name of Microsoft"),
            "{}",
            f[0].detail.en
        );
    }
}
