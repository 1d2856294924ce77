//! Identity: does the sender proven by authentication match the brand the message claims to be?
//!
//! This is where "authentication passed" stops being confused with "genuine": most phishing passes
//! SPF and DKIM for its own domain. A claim of brand B is only backed when the From domain may send
//! for B *and* that From domain is authenticated (DMARC-aligned, by the trusted provider or locally).

use crate::auth::AuthOutcome;
use crate::brands::{self, BrandClaim, ClaimSource};
use crate::findings::{Finding, Severity};
use crate::model::Mail;

/// Findings comparing the claimed brand with the proven sender.
pub fn assess(mail: &Mail, auth: &AuthOutcome, claim: Option<&BrandClaim>) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(claim) = claim else {
        if let Some(d) = mail.sender().and_then(|m| m.domain()) {
            if auth.from_aligned && open_platform(&d) {
                out.push(Finding::new(
                    "identity.open_platform_sender",
                    mail.header("From").unwrap_or_default(),
                    &[("domain", &d)],
                ));
            }
        }
        return out;
    };
    let brand = claim.brand;
    let from_domain = mail.sender().and_then(|m| m.domain());
    let from_header = mail.header("From").unwrap_or_default();
    let args = [
        ("brand", brand.name.as_str()),
        ("domain", from_domain.as_deref().unwrap_or("?")),
        ("claim", claim.evidence.as_str()),
    ];
    let brand_domain = from_domain.as_deref().is_some_and(|d| brands::may_send(brand, d));
    if brand_domain {
        if auth.from_aligned && !auth.forged {
            out.push(Finding::new("identity.brand_proven", from_header, &args));
        } else if auth.evidence_available && dmarc_failed(auth) {
            // The brand's own domain in From, and the receiving provider says it is not authentic.
            out.push(Finding::new("identity.brand_domain_spoofed", from_header, &args));
        } else if auth.evidence_available {
            out.push(Finding::new("identity.brand_unproven", from_header, &args));
        } else {
            out.push(
                Finding::new("identity.brand_unproven", from_header, &args)
                    .with_severity(Severity::Medium),
            );
        }
        return out;
    }
    // The From domain is not the brand's: the claim is made by someone else.
    let finding = match claim.source {
        ClaimSource::DisplayName | ClaimSource::FromDomain => {
            Finding::new("identity.brand_impersonation", from_header, &args)
        }
        ClaimSource::Subject | ClaimSource::LogoAlt => {
            Finding::new("identity.brand_mismatch", &claim.evidence, &args)
        }
        ClaimSource::Body => Finding::new("identity.brand_mentioned", &claim.evidence, &args),
    };
    out.push(finding);
    out
}

/// A domain where anyone can get an address or a sending subdomain (free mail, Firebase,
/// Microsoft 365 trial tenants, ...): authentication proves the account, not who is behind it.
pub fn open_platform(domain: &str) -> bool {
    crate::content::is_freemail(domain)
        || crate::links::lists::hosting(domain, "/").is_some()
        || crate::domain::is_within(domain, "onmicrosoft.com")
}

fn dmarc_failed(auth: &AuthOutcome) -> bool {
    auth.summary.results.iter().any(|r| {
        (r.method == "dmarc" || r.method == "compauth") && r.result.eq_ignore_ascii_case("fail")
    })
}
