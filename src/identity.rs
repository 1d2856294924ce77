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
use crate::platforms::open_platform;
use crate::presentation::{Belongs, NameKind, Presentation};

/// What identity concluded.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    pub findings: Vec<Finding>,
    /// The sender is proven: authenticated, aligned, and the name or brand it presents is its own.
    pub proven: bool,
    /// A discussion list on its own domain relays someone else's mail (`identity.relayed_by_list`):
    /// its own links are the list's, not the presented brand's.
    pub list_relay: bool,
    /// The From domain carries the name of the registry brand the message presents, but the
    /// registry does not list it (`identity.brand_family_unlisted`): perhaps the brand's own,
    /// not proven. (A wider-tier organisation's name on such a domain leaves the sender
    /// unproven without a brand claim, which content already weighs as nobody proven.)
    pub family_unlisted: bool,
}

/// Compare what the message presents with who is proven to have sent it.
pub fn assess(mail: &Mail, auth: &AuthOutcome, p: &Presentation) -> Standing {
    let mut out = Standing::default();
    let aligned = auth.from_aligned && !auth.forged;
    let from_domain = mail.sender().and_then(|m| m.domain());
    let from_header = mail.header("From").unwrap_or_default();
    if let Some(s) = forwarded(mail, auth, p) {
        return s;
    }
    let Some(claim) = p.claim.as_ref() else {
        let org = org_standing(mail, aligned, p);
        out.findings = match &org {
            Some((f, _)) => f.clone(),
            None => name_findings(mail, p),
        };
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
        let uncheckable = org.is_none() && uncheckable_on_throwaway(mail, p);
        if uncheckable
            && aligned
            && let Some(m) = mail.sender()
            && let (Some(name), Some(addr)) = (m.name.as_deref(), m.address.as_deref())
        {
            out.findings.push(Finding::new(
                "identity.name_not_comparable",
                from_header,
                &[("name", name), ("address", addr)],
            ));
        }
        let name_ok = match &org {
            Some((_, own)) => *own,
            None => p.name_belongs != Belongs::No && !uncheckable,
        };
        out.proven = aligned && from_domain.is_some() && !open && name_ok;
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
            // Nothing could be checked (no trusted results, no keys): a reason to say
            // "unverified", not a red flag.
            out.findings.push(
                Finding::new("identity.brand_unproven", from_header, &args)
                    .with_severity(Severity::Low),
            );
        }
        return out;
    }
    // The From domain is not the brand's: the claim is made by someone else, unless the domain
    // is plausibly the brand's own, unlisted one (see `unlisted_family_domain`).
    if matches!(
        claim.source,
        ClaimSource::DisplayName | ClaimSource::FromDomain
    ) && aligned
        && from_domain
            .as_deref()
            .is_some_and(|d| brands::unlisted_family_domain(brand, d))
    {
        out.findings.push(Finding::new(
            "identity.brand_family_unlisted",
            from_header,
            &args,
        ));
        out.family_unlisted = true;
        return out;
    }
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

/// A relay ("'Brand' via Group") whose original author a confirmed ARC chain proves: the
/// receiving provider's own ARC seal records that the message was authenticated as the author's
/// domain before the list rewrote From and broke the author's signature with its footer. When the
/// name the relay shows belongs to that author (the registry brand may send from it, or the name
/// is the author domain's own), the message is the author's, forwarded.
fn forwarded(mail: &Mail, auth: &AuthOutcome, p: &Presentation) -> Option<Standing> {
    let NameKind::Relay { who, via } = &p.name else {
        return None;
    };
    let Some(author) = auth.arc_author.as_ref() else {
        return relayed_by_list(mail, auth, who, via);
    };
    let author_address = format!("author@{}", author.domain);
    let own = match &p.claim {
        Some(c) => brands::may_send(c.brand, &author.domain),
        None => {
            crate::presentation::name::organisation_belongs(who, &author_address) == Belongs::Yes
        }
    };
    if !own || auth.forged {
        return None;
    }
    let via = if via.is_empty() {
        mail.sender().and_then(|m| m.domain()).unwrap_or_default()
    } else {
        via.clone()
    };
    // An ARC chain that could not be confirmed (a file given to the page or the CLI, offline)
    // may have been written by the sender: it explains, it does not prove.
    let id = if author.confirmed {
        "identity.forwarded_by_list"
    } else {
        "identity.forwarded_unconfirmed"
    };
    Some(Standing {
        findings: vec![Finding::new(
            id,
            mail.header("From").unwrap_or_default(),
            &[
                ("who", who.as_str()),
                ("via", via.as_str()),
                ("author", author.domain.as_str()),
                ("sealer", author.sealer.as_str()),
            ],
        )],
        proven: author.confirmed,
        ..Standing::default()
    })
}

/// A discussion list that rewrote From to itself, naming the author ("'Amazon.co.jp' via family"
/// <family@lists.example.net>: the DMARC mitigation of Mailman, Sympa and mlmmj), with no ARC
/// record of the author. The list is the proven sender, and it says openly whom it relays: that
/// is not impersonation, but nothing here proves the author either, so the best verdict is
/// "unverified". Only for a list on its own authenticated domain (its `List-Id` is that domain's)
/// that is neither thrown away nor open to anyone (a Google Group is: there only a confirmed ARC
/// record explains the rewrite). The brand the name presents stays the message's claim, so its
/// links and wording are weighed as those of an unproven brand.
fn relayed_by_list(mail: &Mail, auth: &AuthOutcome, who: &str, via: &str) -> Option<Standing> {
    let m = mail.sender()?;
    let domain = m.domain()?;
    if !auth.from_aligned
        || auth.forged
        || !crate::presentation::name::says_via(m.name.as_deref()?)
        || open_platform(&domain)
        || looks_throwaway(&domain)
    {
        return None;
    }
    let list_domain = list_id_domain(mail.header("List-Id")?)?;
    if !crate::domain::same_organisation(&list_domain, &domain) {
        return None;
    }
    Some(Standing {
        findings: vec![Finding::new(
            "identity.relayed_by_list",
            mail.header("From").unwrap_or_default(),
            &[("who", who), ("via", via), ("domain", domain.as_str())],
        )],
        proven: false,
        list_relay: true,
        ..Standing::default()
    })
}

/// The domain part of a `List-Id` (RFC 2919: `"Description" <list-label.domain>`): what follows
/// the first label.
fn list_id_domain(value: &str) -> Option<String> {
    let id = value.rsplit_once('<')?.1.split_once('>')?.0.trim();
    let (_, domain) = id.split_once('.')?;
    crate::domain::is_valid_mail_domain(domain).then(|| domain.to_ascii_lowercase())
}

/// Signs that a domain imitates rather than belongs: a throw-away top-level domain, an address
/// anyone can open, words phishing adds to a name ("login", "verify"), a machine-made label.
/// A display name that cannot be compared with the address (Japanese or Chinese script: "ビック
/// カメラ") is taken as the sender's own, except on a domain that looks thrown away, where a
/// name nobody can check buys no green check. China's own .cn is not thrown away for a name in
/// Chinese (a shop on dangdang.cn), only for one in Japanese (kana), as phishing aimed at Japan
/// sends from .cn domains.
fn uncheckable_on_throwaway(mail: &Mail, p: &Presentation) -> bool {
    let Some(m) = mail.sender() else {
        return false;
    };
    let (Some(domain), name) = (m.domain(), m.name.as_deref().unwrap_or_default()) else {
        return false;
    };
    p.name_belongs == Belongs::CannotTell
        && matches!(p.name, NameKind::Unreadable)
        && (throwaway_name(&domain)
            || crate::sites::risky_tld(&domain)
                .is_some_and(|tld| tld != "cn" || name.chars().any(crate::orgs::is_kana)))
}

pub(crate) fn looks_throwaway(domain: &str) -> bool {
    crate::sites::risky_tld(domain).is_some() || throwaway_name(domain)
}

/// The part of [`looks_throwaway`] that does not depend on the top-level domain: an address
/// anyone can open, or a registrable name with a word phishing adds ("…-secure-login").
fn throwaway_name(domain: &str) -> bool {
    let reg = crate::domain::registrable(domain).unwrap_or_else(|| domain.to_string());
    open_platform(domain)
        || reg
            .split('.')
            .next()
            .unwrap_or_default()
            .split('-')
            .any(brands::is_domain_lure_word)
}

/// With no registry brand presented: an organisation of the wider tiers ([`crate::orgs`]) or an
/// institution-type name in the display name, compared with the sender. Returns the findings and
/// whether the name is the sender's own; None when the display name presents neither.
///
/// Its strength depends on the evidence: an organisation whose domains are known, named as the
/// whole display name, from a domain that is not one of them, is high; named among other words,
/// medium. An organisation known only by name (a Japanese bank zengin-code lists without its
/// domain) or an institution-type name ("…銀行", "Tax Office") cannot be compared with a domain:
/// high from a throw-away or open domain, otherwise medium (not proven, explained).
fn org_standing(mail: &Mail, aligned: bool, p: &Presentation) -> Option<(Vec<Finding>, bool)> {
    let m = mail.sender()?;
    let domain = m.domain()?;
    let from = mail.header("From").unwrap_or_default();
    if let Some(oc) = &p.org {
        let org = oc.org;
        let args = [
            ("org", org.name),
            ("domain", domain.as_str()),
            ("claim", m.name.as_deref().unwrap_or(oc.name)),
        ];
        let throwaway = looks_throwaway(&domain);
        return Some(match crate::orgs::relation(org, &domain) {
            crate::orgs::Relation::Own => (Vec::new(), true),
            crate::orgs::Relation::CarriesName if aligned && !throwaway => (
                vec![Finding::new(
                    "identity.brand_family_unlisted",
                    from,
                    &[("brand", org.name), ("domain", domain.as_str())],
                )],
                false,
            ),
            _ if org.domains.is_empty() => {
                let f = Finding::new("identity.institution_unverified", from, &args);
                (
                    vec![f.with_severity(if throwaway {
                        Severity::High
                    } else {
                        Severity::Medium
                    })],
                    false,
                )
            }
            _ => {
                let f = Finding::new("identity.org_impersonation", from, &args);
                let sev = if oc.strong || throwaway {
                    Severity::High
                } else {
                    Severity::Medium
                };
                (vec![f.with_severity(sev)], false)
            }
        });
    }
    let inst = p.institution.as_ref()?;
    let address = m.address.as_deref().unwrap_or_default();
    // A public body's own platform (GovDelivery) sends its mail under its name: sent via the
    // platform, not proven, not an imitation.
    if inst.kind.public_body() && crate::orgs::public_body_platform(&domain) {
        return Some((
            vec![Finding::new(
                "identity.sent_via_platform",
                from,
                &[
                    ("who", inst.name.as_str()),
                    ("via", domain.as_str()),
                    ("address", address),
                ],
            )],
            false,
        ));
    }
    // A Latin name can still be compared with the address ("Bank of Springfield" from
    // springfieldbank.example); a name in Japanese or Chinese cannot. A match in a domain that
    // carries words phishing adds ("Social Security Administration" from ssa-gov-online: its
    // initials, and "online") is the imitation's, not the institution's.
    let belongs = crate::presentation::name::organisation_belongs(&inst.name, address);
    let throwaway = looks_throwaway(&domain);
    if belongs == Belongs::Yes && !throwaway {
        return Some((Vec::new(), true));
    }
    // A Latin name that does not belong to the address presents an institution the address has
    // nothing to do with (high); a Japanese or Chinese name cannot be compared (medium, unless the
    // domain looks thrown away).
    let throwaway = throwaway || belongs == Belongs::No;
    let f = Finding::new(
        "identity.institution_unverified",
        from,
        &[
            ("org", inst.name.as_str()),
            ("domain", domain.as_str()),
            ("claim", m.name.as_deref().unwrap_or(&inst.name)),
        ],
    );
    Some((
        vec![f.with_severity(if throwaway {
            Severity::High
        } else {
            Severity::Medium
        })],
        false,
    ))
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
            let domain = m.domain().unwrap_or_default();
            let via = if via.is_empty() { domain.as_str() } else { via };
            return vec![Finding::new(
                "identity.sent_via_platform",
                from,
                &[("who", who), ("via", via), ("address", addr)],
            )];
        }
        (_, Belongs::Yes | Belongs::CannotTell) => return Vec::new(),
        (NameKind::Person { .. }, Belongs::No) => "identity.person_name_unrelated",
        (NameKind::Role, Belongs::No) => "identity.role_name_unrelated",
        // A mail that offers unsubscribing is bulk mail, and legitimate bulk senders must carry
        // List-Unsubscribe (RFC 8058; Gmail's and Yahoo's sender rules since 2024): a borrowed
        // name on bulk mail that ignores the rules is worse. Transactional mail (an invoice, a
        // notification) needs no such header.
        _ if mail.kind == crate::report::InputKind::Raw
            && mail.header("List-Unsubscribe").is_none()
            && offers_unsubscribe(&mail.body_text) =>
        {
            "identity.display_name_unrelated_bulk"
        }
        _ => "identity.display_name_unrelated",
    };
    let mut out = Vec::new();
    // An organisation's name on a personal mailbox of a domain that is not its own: the account
    // of a person (often hijacked) under a borrowed name. Not on a mailing list, where posters
    // name themselves as they like and the list, not the reader, is addressed.
    if matches!(p.name, NameKind::Organisation)
        && mail.header("List-Id").is_none()
        && crate::presentation::name::personal_mailbox_for(name, addr)
        && !m
            .domain()
            .is_some_and(|d| crate::platforms::is_freemail(&d))
    {
        out.push(Finding::new(
            "identity.org_name_personal_mailbox",
            from,
            &args,
        ));
    }
    let f = Finding::new(id, from, &args);
    // An organisation's name on someone's free-mail account that does not even carry that name:
    // organisations do not write from private mailboxes under another name.
    if matches!(p.name, NameKind::Organisation)
        && m.domain()
            .is_some_and(|d| crate::platforms::is_freemail(&d))
    {
        return vec![f.with_severity(Severity::High)];
    }
    // A name that shows another domain ("Jim at 1-800-FLOWERS.COM") is reported once, by
    // content.display_name_address, weighed with what the links show.
    let org = crate::domain::registrable(addr.rsplit_once('@').map_or("", |(_, d)| d));
    let shows_domain = crate::content::headers::names_in_display(name)
        .iter()
        .any(|d| crate::domain::registrable(d) != org);
    if !shows_domain || id != "identity.display_name_unrelated" {
        out.insert(0, f);
    }
    out
}

/// Words with which bulk mail offers to stop sending, in the languages the corpora show.
const UNSUBSCRIBE: &[&str] = &[
    "unsubscribe",
    "opt out",
    "opt-out",
    "abmelden",
    "abbestellen",
    "désabonner",
    "desabonner",
    "désinscri",
    "descadastr",
    "cancelar inscrição",
    "darse de baja",
    "darte de baja",
    "cancelar suscripción",
    "afmelden",
    "uitschrijven",
    "disiscriv",
    "配信停止",
    "配信解除",
    "退订",
    "取消订阅",
];

/// Does the body offer to unsubscribe (it sees itself as bulk mail)? The offer sits at the end,
/// sometimes at the top: a bounded look at both keeps huge bodies cheap.
fn offers_unsubscribe(body: &str) -> bool {
    let n = body.len();
    let mut tail = n.saturating_sub(4096);
    while !body.is_char_boundary(tail) {
        tail += 1;
    }
    let mut head = n.min(2048);
    while !body.is_char_boundary(head) {
        head -= 1;
    }
    let (t, h) = (body[tail..].to_lowercase(), body[..head].to_lowercase());
    UNSUBSCRIBE.iter().any(|w| t.contains(w) || h.contains(w))
}

fn dmarc_failed(auth: &AuthOutcome) -> bool {
    auth.summary.results.iter().any(|r| {
        (r.method == "dmarc" || r.method == "compauth") && r.result.eq_ignore_ascii_case("fail")
    })
}

#[cfg(test)]
mod tests {
    use super::list_id_domain;

    #[test]
    fn a_list_id_names_its_domain_after_the_first_label() {
        // RFC 2919: `"Description" <list-label.domain>`.
        for (value, want) in [
            (
                "Family <family.lists.example.net>",
                Some("lists.example.net"),
            ),
            (
                "<dev-announce.Lists.Example.ORG>",
                Some("lists.example.org"),
            ),
            ("\"a <b> c\" <x.example.com>", Some("example.com")),
            // No brackets, no dot after the label, an empty id, text that is no domain.
            ("family.lists.example.net", None),
            ("<family>", None),
            ("<>", None),
            ("<family.>", None),
            ("<family.ex ample.com>", None),
            ("<ｆａｍｉｌｙ.例え.テスト", None),
        ] {
            assert_eq!(list_id_domain(value).as_deref(), want, "{value}");
        }
    }
}
