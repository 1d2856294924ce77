//! DMARC alignment: is the From domain itself authenticated, and how is that proven?
//!
//! Aligned means a passing DKIM signature or SPF check for the From domain's organisation (or
//! exactly the From domain, where its DMARC record asks for strict alignment), or the trusted
//! provider's own DMARC (or Microsoft compauth) pass for it. *Proven* is stricter: see
//! [`FromProof`].

use super::authres::MethodResult;
use super::dmarc::{self, Mode, Published};
use super::local::Local;
use super::results::Results;
use crate::dns::DnsAnswers;
use crate::report::AuthResult;

/// How the From domain's organisation was proven, which is what "genuine" may rest on.
///
/// A results header proves something only when it is known who wrote it: the receiving
/// provider, and the provider is only known when the message was read from it
/// (`Options::from_provider`: the extension fetched it from the webmail). A file given to the
/// web page or the CLI may have been written whole by the sender, results and `Received` hops
/// included; there only a DKIM signature verified here proves the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FromProof {
    /// A DKIM signature aligned with the From domain verified here.
    VerifiedHere,
    /// The results of the receiving provider the message was read from say it is aligned.
    ReceivingProvider,
    /// Results say it is aligned, but who wrote them cannot be confirmed (the message did not
    /// come from the provider), and nothing aligned was verified here.
    UnconfirmedResults,
    /// Not aligned at all.
    #[default]
    NotProven,
}

impl FromProof {
    /// Can a "genuine" verdict rest on it?
    pub fn proves(self) -> bool {
        matches!(self, FromProof::VerifiedHere | FromProof::ReceivingProvider)
    }

    /// The name used in the report (`auth.from_proof`).
    pub fn as_str(self) -> &'static str {
        match self {
            FromProof::VerifiedHere => "verified_here",
            FromProof::ReceivingProvider => "receiving_provider",
            FromProof::UnconfirmedResults => "unconfirmed_results",
            FromProof::NotProven => "not_proven",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Alignment {
    /// The From domain's DMARC record as the DNS answers give it.
    pub published: Published,
    /// `adkim` (relaxed unless the record says strict).
    pub adkim: Mode,
    /// The policy shown: the published one, else the one the provider quotes.
    pub policy: Option<String>,
    pub from_aligned: bool,
    /// The aligned signer verified here, when there is one.
    pub aligned_here: Option<String>,
    /// The provider's DMARC `fail` for the From domain, when it gave one.
    pub provider_fail: Option<MethodResult>,
    pub proof: FromProof,
}

/// What the provider says about DMARC for `from` (its results for another header.from do not
/// count; one without header.from is about this message's From).
fn provider_dmarc<'a>(trusted: &[&'a MethodResult], from: Option<&str>) -> Vec<&'a MethodResult> {
    trusted
        .iter()
        .copied()
        .filter(|r| r.method == "dmarc")
        .filter(|r| match (r.domain(), from) {
            (Some(h), Some(f)) => h == f,
            (None, _) => true,
            (Some(_), None) => false,
        })
        .collect()
}

/// Microsoft compauth reasons 1xx/7xx mean "passed composite authentication".
fn compauth_pass(r: &MethodResult) -> bool {
    r.result == "pass"
        && r.prop("reason")
            .is_none_or(|c| c.starts_with('1') || c.starts_with('7'))
}

/// Does the provider vouch for `from` (DMARC pass, best-guess pass, or compauth pass with no
/// DMARC result for another domain)?
fn provider_passes(trusted: &[&MethodResult], from: &str) -> bool {
    let dmarc_pass = provider_dmarc(trusted, Some(from))
        .iter()
        .any(|r| matches!(r.result.as_str(), "pass" | "bestguesspass"));
    let compauth = trusted.iter().any(|r| {
        r.method == "compauth" && compauth_pass(r) && r.domain().is_none_or(|h| h == from)
    }) && trusted
        .iter()
        .filter(|r| r.method == "dmarc")
        .all(|r| r.domain().is_none_or(|h| h == from));
    dmarc_pass || compauth
}

/// How the From domain was proven, given what is aligned and where the results came from.
pub fn proof(from_aligned: bool, aligned_here: bool, provider_confirmed: bool) -> FromProof {
    match (from_aligned, aligned_here, provider_confirmed) {
        (_, true, _) => FromProof::VerifiedHere,
        (true, false, true) => FromProof::ReceivingProvider,
        (true, false, false) => FromProof::UnconfirmedResults,
        (false, false, _) => FromProof::NotProven,
    }
}

/// Decide alignment for the From domain `from`. `provider_confirmed`: the trusted results come
/// from the provider the message was read from.
pub fn decide(
    from: Option<&str>,
    dns: &DnsAnswers,
    trusted: &[&MethodResult],
    results: &Results,
    local: &Local,
    provider_confirmed: bool,
) -> Alignment {
    let published = from
        .map(|d| dmarc::published(d, dns))
        .unwrap_or(Published::Unknown);
    let (adkim, aspf) = match &published {
        Published::Record { record, .. } => (record.adkim, record.aspf),
        _ => (Mode::Relaxed, Mode::Relaxed),
    };
    let quoted = provider_dmarc(trusted, from)
        .iter()
        .find_map(|r| r.dmarc_policy());
    let policy = match &published {
        Published::Record { policy, .. } => Some(policy.clone()),
        _ => quoted,
    };
    let Some(f) = from else {
        return Alignment {
            published,
            adkim,
            policy,
            from_aligned: false,
            aligned_here: None,
            provider_fail: None,
            proof: FromProof::NotProven,
        };
    };
    let aligned_here = local
        .dkim
        .iter()
        .filter(|c| c.status == super::dkim::Status::Pass)
        .map(|c| c.domain.clone())
        .find(|d| dmarc::aligned(d, f, adkim));
    let from_aligned = results
        .dkim_pass
        .iter()
        .any(|d| dmarc::aligned(d, f, adkim))
        || results
            .spf_pass
            .as_deref()
            .is_some_and(|d| dmarc::aligned(d, f, aspf))
        || provider_passes(trusted, f);
    Alignment {
        provider_fail: provider_dmarc(trusted, Some(f))
            .into_iter()
            .find(|r| r.result == "fail")
            .cloned(),
        proof: proof(from_aligned, aligned_here.is_some(), provider_confirmed),
        published,
        adkim,
        policy,
        from_aligned,
        aligned_here,
    }
}

/// The DMARC result computed here, for the report, when an aligned signature verified here.
pub fn local_dmarc_result(a: &Alignment, from: &str) -> Option<AuthResult> {
    a.aligned_here.as_ref()?;
    Some(AuthResult {
        method: "dmarc".into(),
        result: "pass".into(),
        domain: Some(from.to_string()),
        selector: None,
        source: "local".into(),
        detail: Some(format!(
            "aligned DKIM signature verified locally ({})",
            if a.adkim == Mode::Strict {
                "strict"
            } else {
                "relaxed"
            }
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_proves_the_from_domain() {
        use FromProof::*;
        // (aligned by some result, an aligned signature verified here, results confirmed)
        for (aligned, here, confirmed, want) in [
            (true, true, false, VerifiedHere),
            (true, true, true, VerifiedHere),
            (true, false, true, ReceivingProvider),
            (true, false, false, UnconfirmedResults),
            (false, false, true, NotProven),
            (false, false, false, NotProven),
        ] {
            let p = proof(aligned, here, confirmed);
            assert_eq!(p, want, "{aligned} {here} {confirmed}");
            assert_eq!(p.proves(), matches!(want, VerifiedHere | ReceivingProvider));
        }
        assert_eq!(FromProof::default().as_str(), "not_proven");
    }

    fn res(method: &str, result: &str, props: &[(&str, &str)]) -> MethodResult {
        MethodResult {
            method: method.into(),
            result: result.into(),
            comment: None,
            props: props
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn the_provider_vouches_only_for_the_from_domain() {
        let pass = res("dmarc", "pass", &[("header.from", "bank.example")]);
        assert!(provider_passes(&[&pass], "bank.example"));
        assert!(!provider_passes(&[&pass], "other.example"));
        let ca = res("compauth", "pass", &[("reason", "109")]);
        assert!(provider_passes(&[&ca], "bank.example"));
        let ca_fail_reason = res("compauth", "pass", &[("reason", "001")]);
        assert!(!provider_passes(&[&ca_fail_reason], "bank.example"));
        // compauth pass, but the provider's DMARC result is about another domain
        let other = res("dmarc", "none", &[("header.from", "other.example")]);
        assert!(!provider_passes(&[&ca, &other], "bank.example"));
    }
}
