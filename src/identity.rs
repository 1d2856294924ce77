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
        if let Some(m) = mail.sender()
            && let (Some(name), Some(addr)) = (m.name.as_deref(), m.address.as_deref())
            && name_related_to_address(name, addr) == Some(false)
        {
            // Legitimate bulk senders must carry List-Unsubscribe (RFC 8058; Gmail's and
            // Yahoo's sender rules since 2024): a borrowed name without it is worse.
            let bulk_rules_ignored = mail.kind == crate::report::InputKind::Raw
                && mail.header("List-Unsubscribe").is_none();
            let id = if bulk_rules_ignored {
                "identity.display_name_unrelated_bulk"
            } else {
                "identity.display_name_unrelated"
            };
            out.push(Finding::new(
                id,
                mail.header("From").unwrap_or_default(),
                &[("name", name), ("address", addr)],
            ));
        }
        if let Some(d) = mail.sender().and_then(|m| m.domain())
            && auth.from_aligned
            && open_platform(&d)
        {
            out.push(Finding::new(
                "identity.open_platform_sender",
                mail.header("From").unwrap_or_default(),
                &[("domain", &d)],
            ));
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
    let brand_domain = from_domain
        .as_deref()
        .is_some_and(|d| brands::may_send(brand, d));
    if brand_domain {
        if auth.from_aligned && !auth.forged {
            out.push(Finding::new("identity.brand_proven", from_header, &args));
        } else if auth.evidence_available && dmarc_failed(auth) {
            // The brand's own domain in From, and the receiving provider says it is not authentic.
            out.push(Finding::new(
                "identity.brand_domain_spoofed",
                from_header,
                &args,
            ));
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

/// Words in display names that say nothing about who the sender is.
const FILLER: &[&str] = &[
    "the",
    "and",
    "for",
    "from",
    "via",
    "your",
    "you",
    "our",
    "with",
    "team",
    "support",
    "service",
    "services",
    "customer",
    "customers",
    "care",
    "center",
    "centre",
    "help",
    "desk",
    "info",
    "information",
    "news",
    "newsletter",
    "newsletters",
    "update",
    "updates",
    "alert",
    "alerts",
    "notification",
    "notifications",
    "notice",
    "mail",
    "email",
    "e-mail",
    "official",
    "account",
    "accounts",
    "security",
    "admin",
    "administrator",
    "noreply",
    "no-reply",
    "reply",
    "department",
    "online",
    "group",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "corp",
    "company",
    "member",
    "members",
    "digest",
    "daily",
    "weekly",
    "bot",
];

/// Does the display name have anything to do with the address? None when it cannot be told (a
/// name in a non-Latin script, or only filler words). A name that matches neither the mailbox
/// (`Jane Doe <jdoe@...>`, initials) nor the domain (`Wilmington Prints <...@wilmingtonprints.com>`)
/// presents someone the address does not show: "Finance of America" writing from
/// `kdkyhsb@duty.smartonlinely.com`.
pub fn name_related_to_address(name: &str, address: &str) -> Option<bool> {
    let (local, domain) = address.rsplit_once('@')?;
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let reg = crate::domain::registrable(domain).unwrap_or_else(|| domain.to_ascii_lowercase());
    let org = reg.split('.').next().unwrap_or_default();
    let hay = format!("{} {} {}", squash(local), squash(domain), squash(org));
    let skel = crate::brands::skeleton(name);
    let words: Vec<String> = skel
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .any(|w| w.chars().any(|c| c.is_alphabetic() && !c.is_ascii()))
    {
        return None;
    }
    if looks_like_person(name) {
        // People's addresses are often nicknames (Mark Brown <broonie@...>): no signal there.
        return None;
    }
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|w| {
            w.len() >= 3
                && !FILLER.contains(&w.as_str())
                && w.chars().any(|c| c.is_ascii_alphabetic())
        })
        .collect();
    if meaningful.is_empty() {
        return None;
    }
    let hit = |w: &str| {
        let w = squash(w);
        w.len() >= 3 && (hay.contains(&w) || (w.len() >= 5 && hay.contains(&w[..4])))
    };
    if meaningful.iter().any(|w| hit(w)) {
        return Some(true);
    }
    // The organisation label spelled out across words: "Wilmington Prints" / wilmingtonprints.
    let joined: String = words.iter().map(|w| squash(w)).collect();
    if org.len() >= 4 && joined.contains(&squash(org)) {
        return Some(true);
    }
    // Initials: "Thomas Gleixner" <tglx@>, "Rafael J. Wysocki" <rjw@>.
    let initials: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let local_sq = squash(local);
    if initials.len() >= 2 && (local_sq.starts_with(&initials[..2]) || local_sq.contains(&initials))
    {
        return Some(true);
    }
    Some(false)
}

/// "Jane Doe", "Rafael J. Wysocki", "Jean-Luc O'Neil": two or three capitalised words of letters
/// and no filler word. Organisation names ("United Healthcare Official") usually fail this.
fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name
        .trim_matches(['"', '\'', ' '])
        .split_whitespace()
        .collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || "-'.".contains(c))
                // all capitals is an acronym ("NFT", "DPD"), except an initial ("J.")
                && !(w.len() > 1 && !w.ends_with('.') && w.chars().all(|c| !c.is_lowercase()))
                && !FILLER.contains(&w.to_lowercase().as_str())
        })
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
    fn display_name_against_address() {
        for (name, addr) in [
            (
                "Wilmington Prints Customer Service",
                "customerservice@wilmingtonprints.com",
            ),
            ("Typeform Notifications", "notifications@typeform.com"),
            ("Amazon.co.jp", "store-news@amazon.co.jp"),
            ("GitHub", "noreply@github.com"),
            ("Acme Billing Team", "billing@acmecorp.example"),
        ] {
            assert_eq!(
                name_related_to_address(name, addr),
                Some(true),
                "{name} <{addr}>"
            );
        }
        for (name, addr) in [
            (
                "Finance of America Reverse Mortgage",
                "kdkyhsb@duty.smartonlinely.com",
            ),
            ("United Healthcare Official", "zaxzccd@slave.socialou.com"),
            ("Space Chews Alert Center", "evzjgfo@eaux.smedialy.com"),
        ] {
            assert_eq!(
                name_related_to_address(name, addr),
                Some(false),
                "{name} <{addr}>"
            );
        }
        // people (nicknames are normal), non-Latin names and filler-only names are not judged
        assert_eq!(
            name_related_to_address("Mark Brown", "broonie@kernel.org"),
            None
        );
        assert_eq!(
            name_related_to_address("Rafael J. Wysocki", "x@y.example"),
            None
        );
        assert_eq!(name_related_to_address("アマゾン", "a@b.example"), None);
        assert_eq!(
            name_related_to_address("Customer Support Team", "a@b.example"),
            None
        );
    }

    #[test]
    fn open_platforms() {
        assert!(open_platform("gmail.com"));
        assert!(open_platform("myapp-1234.firebaseapp.com"));
        assert!(open_platform("tenant.onmicrosoft.com"));
        assert!(!open_platform("amazon.co.jp"));
        assert!(!open_platform("kernel.org"));
    }
}
