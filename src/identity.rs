//! Identity: does the name the reader sees, and the brand the message presents, belong to the
//! sender proven by authentication?
//!
//! This is where "authentication passed" stops being confused with "genuine": most phishing passes
//! SPF and DKIM for its own domain. A presented brand B is only backed when the From domain may
//! send for B *and* that From domain is authenticated (DMARC-aligned, by the trusted provider or
//! locally). With no brand presented, the display name must belong to the authenticated address
//! (see [`crate::presentation::name`]): "Personal Loan" or "Support" written from a domain that
//! has nothing to do with them is not a proven sender, whatever its authentication says.

use crate::auth::AuthOutcome;
use crate::brands::{self, ClaimSource};
use crate::findings::{Finding, Severity};
use crate::model::Mail;
use crate::presentation::{Belongs, NameKind, Presentation};

/// What identity concluded.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    pub findings: Vec<Finding>,
    /// The sender is proven: authenticated, aligned, and the name or brand it presents is its own.
    pub proven: bool,
}

/// Compare what the message presents with who is proven to have sent it.
pub fn assess(mail: &Mail, auth: &AuthOutcome, p: &Presentation) -> Standing {
    let mut out = Standing::default();
    let aligned = auth.from_aligned && !auth.forged;
    let from_domain = mail.sender().and_then(|m| m.domain());
    let from_header = mail.header("From").unwrap_or_default();
    let Some(claim) = p.claim.as_ref() else {
        out.findings = name_findings(mail, p);
        let open = from_domain.as_deref().is_some_and(open_platform);
        if let Some(d) = &from_domain
            && aligned
            && open
        {
            out.findings.push(Finding::new(
                "identity.open_platform_sender",
                from_header,
                &[("domain", d)],
            ));
        }
        out.proven = aligned && from_domain.is_some() && !open && p.name_belongs != Belongs::No;
        return out;
    };
    let brand = claim.brand;
    let args = [
        ("brand", brand.name.as_str()),
        ("domain", from_domain.as_deref().unwrap_or("?")),
        ("claim", claim.evidence.as_str()),
    ];
    let brand_domain = from_domain
        .as_deref()
        .is_some_and(|d| brands::may_send(brand, d));
    if brand_domain {
        if aligned {
            out.proven = true;
            out.findings
                .push(Finding::new("identity.brand_proven", from_header, &args));
        } else if auth.evidence_available && dmarc_failed(auth) {
            // The brand's own domain in From, and the receiving provider says it is not authentic.
            out.findings.push(Finding::new(
                "identity.brand_domain_spoofed",
                from_header,
                &args,
            ));
        } else if auth.evidence_available {
            out.findings
                .push(Finding::new("identity.brand_unproven", from_header, &args));
        } else {
            out.findings.push(
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
        ClaimSource::Subject | ClaimSource::LogoAlt | ClaimSource::SignOff => {
            Finding::new("identity.brand_mismatch", &claim.evidence, &args)
        }
        ClaimSource::Body => Finding::new("identity.brand_mentioned", &claim.evidence, &args),
    };
    out.findings.push(finding);
    out
}

/// Findings about a display name that presents no registry brand: a name that does not belong
/// to the address it was sent from.
fn name_findings(mail: &Mail, p: &Presentation) -> Vec<Finding> {
    let Some(m) = mail.sender() else {
        return Vec::new();
    };
    let (Some(name), Some(addr)) = (m.name.as_deref(), m.address.as_deref()) else {
        return Vec::new();
    };
    let from = mail.header("From").unwrap_or_default();
    let args = [("name", name), ("address", addr)];
    let id = match (&p.name, p.name_belongs) {
        (NameKind::Relay { who, via }, _) => {
            return vec![Finding::new(
                "identity.sent_via_platform",
                from,
                &[("who", who), ("via", via), ("address", addr)],
            )];
        }
        (_, Belongs::Yes | Belongs::CannotTell) => return Vec::new(),
        (NameKind::Person { .. }, Belongs::No) => "identity.person_name_unrelated",
        (NameKind::Role, Belongs::No) => "identity.role_name_unrelated",
        // Legitimate bulk senders must carry List-Unsubscribe (RFC 8058; Gmail's and Yahoo's
        // sender rules since 2024): a borrowed name without it is worse.
        _ if mail.kind == crate::report::InputKind::Raw
            && mail.header("List-Unsubscribe").is_none() =>
        {
            "identity.display_name_unrelated_bulk"
        }
        _ => "identity.display_name_unrelated",
    };
    vec![Finding::new(id, from, &args)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_platforms() {
        assert!(open_platform("gmail.com"));
        assert!(open_platform("myapp-1234.firebaseapp.com"));
        assert!(open_platform("tenant.onmicrosoft.com"));
        assert!(!open_platform("amazon.co.jp"));
        assert!(!open_platform("kernel.org"));
    }
}
