//! What the message presents itself as — as opposed to what it merely mentions.
//!
//! Only a presentation can be mismatched with the sender; a mention is context at most. The
//! message presents itself through the From display name, the From domain, a subject tag
//! (`【Amazon】`, `PayPal:`), the header logo and the sign-off. Payment lines ("charged to your
//! Visa"), partner and social links, quoted text and ordinary prose only mention brands: a ride
//! receipt that names the card it was charged to does not claim to be the bank.
//!
//! Once the display name presents the sender's own organisation (it belongs to the From
//! address), brands named elsewhere are mentions, except a subject tag (an explicit
//! presentation). A person's name is a person first ("Jane Doe (Google)" is Jane); a person's
//! mail that signs or opens with a brand's logo still presents that brand. When the display
//! name presents no one (empty, a role such as "Support", or a name unrelated to the address),
//! the subject, the header logo, the sign-off and a brand repeated in the body's opening are
//! what the message presents itself as.

pub mod name;

use crate::brands::{self, BrandClaim};
use crate::model::Mail;
pub use name::{Belongs, NameKind};

/// An organisation of the organisation tiers ([`crate::orgs`]: thousands of organisations
/// beyond the registry, and those known in Japan) that the display name presents.
#[derive(Debug, Clone)]
pub struct OrgClaim {
    pub org: &'static crate::orgs::Org,
    /// The name as the display name wrote it.
    pub name: &'static str,
    /// The display name is essentially that name (plus service words).
    pub strong: bool,
}

#[derive(Debug, Clone)]
pub struct Presentation {
    /// What kind of name the display name is.
    pub name: NameKind,
    /// Whether the display name belongs to the From address (person, organisation or role).
    pub name_belongs: Belongs,
    /// The registry brand the message presents itself as.
    pub claim: Option<BrandClaim>,
    /// A registry brand the message only mentions (subject prose, body), as context.
    pub mention: Option<BrandClaim>,
    /// With no registry brand presented: an organisation of the wider tiers that the display
    /// name presents.
    pub org: Option<OrgClaim>,
    /// With no organisation known by name: an institution-type name (…銀行, … Bank, 国税庁) that
    /// the display name presents.
    pub institution: Option<crate::orgs::Institution>,
}

impl Presentation {
    /// Does the display name present the sender's own name (a person or organisation that
    /// belongs to the From address)?
    pub fn presents_own_name(&self) -> bool {
        self.name_belongs == Belongs::Yes
            && matches!(self.name, NameKind::Person { .. } | NameKind::Organisation)
    }
}

/// The organisation or institution the display name presents, from the organisation tiers: the
/// person's part of "Jane Doe (Org)" is a person, and a relay presents whom it relays for.
/// Software that runs on anyone's server mails under its own name from a mailbox of that name
/// ("WordPress" <wordpress@example.org>): a name that is the mailbox's own is not a claim.
fn presented_org(p: &mut Presentation, display: &str, address: &str) {
    let text = match &p.name {
        NameKind::Absent | NameKind::Person { org: Some(_) } => return,
        NameKind::Relay { who, .. } => who.clone(),
        _ => display.to_string(),
    };
    if let Some(hit) = crate::orgs::named_in(&text)
        .into_iter()
        .next()
        .filter(|h| !name::is_mailbox_name(h.name, address))
    {
        if matches!(p.name, NameKind::Person { .. }) {
            // "Mercado Pago", "Deutsche Bank": written like a person's name, an organisation's.
            p.name = NameKind::Organisation;
        }
        p.org = Some(OrgClaim {
            org: hit.org,
            name: hit.name,
            strong: hit.strong,
        });
        return;
    }
    if !matches!(p.name, NameKind::Person { .. }) {
        p.institution = crate::orgs::institution(&text);
    }
}

/// Does a display name that names `claim`'s brand also name the sender's own organisation, by a
/// distinctive word of its own domain ("Amazon Benefits at Fidelity" from fidelity.com)? Generic
/// words ("Amazon Rewards" from rewards-club.example) and domains that carry the brand's name
/// (combosquatting) do not count.
fn names_itself_too(display: &str, address: &str, claim: &BrandClaim) -> bool {
    let Some(domain) = address.rsplit_once('@').map(|(_, d)| d) else {
        return false;
    };
    let Some(reg) = crate::domain::registrable(domain) else {
        return false;
    };
    let label = reg.split('.').next().unwrap_or_default();
    let brand = claim.brand;
    let lower_label = label.to_ascii_lowercase();
    let carries_brand = brand
        .names
        .iter()
        .chain(&brand.tokens)
        .map(|n| brands::skeleton(n).replace(' ', ""))
        .any(|n| n.len() >= 3 && lower_label.contains(&n));
    if carries_brand {
        return false;
    }
    let mut rest = brands::skeleton(display);
    for n in brand.names.iter().chain(&brand.names_strict) {
        rest = rest.replace(&brands::skeleton(n), " ");
    }
    name::distinctive_word_of(&rest, address)
}

/// What `mail` presents itself as.
pub fn presented(mail: &Mail) -> Presentation {
    let sender = mail.sender();
    let display = sender.and_then(|m| m.name.as_deref()).unwrap_or_default();
    let address = sender
        .and_then(|m| m.address.as_deref())
        .unwrap_or_default();
    let mut kind = name::classify(display, address);
    // The brand the display name presents, given its kind: a relay presents whom it relays
    // for; a person's name presents the person (the employer in brackets is context), unless
    // the "person" is itself a brand's name ("Mercado Pago", "Wells Fargo (Support)").
    let by_name = match &kind {
        NameKind::Absent => None,
        NameKind::Relay { who, .. } => brands::from_display(who),
        NameKind::Person { org: Some(_) } => name::person_part(display)
            .and_then(|p| brands::from_display(&p))
            .and_then(|_| brands::from_display(display)),
        _ => brands::from_display(display),
    };
    if by_name.is_some() && matches!(kind, NameKind::Person { .. }) {
        kind = NameKind::Organisation;
    }
    let name_belongs = name::belongs(&kind, display, address);
    let mut p = Presentation {
        name: kind,
        name_belongs,
        claim: None,
        mention: None,
        org: None,
        institution: None,
    };
    if by_name.is_none() {
        presented_org(&mut p, display, address);
    }
    if let Some(c) = by_name {
        if names_itself_too(display, address, &c) {
            // "Amazon Benefits at Fidelity" <…@mail.fidelity.com>: the sender names itself
            // beside the brand it works for; the brand is a mention.
            p.name_belongs = Belongs::Yes;
            p.mention = Some(c);
        } else {
            p.claim = Some(c);
        }
        return p;
    }
    // A relay presents whom it relays for; its From domain, logo and sign-off are the
    // platform's ("via Google Docs" from google.com, with Google's logo), which proves only that
    // the message went through the platform.
    if matches!(p.name, NameKind::Relay { .. }) {
        return p;
    }
    if let Some((c, d)) = sender
        .and_then(|m| m.domain())
        .and_then(|d| brands::from_domain(&d).map(|c| (c, d)))
    {
        // A domain a letter or two off a brand's ("jsbank" ~ "jabank") under a display name that
        // presents another known organisation (「城南信用金庫」) is that organisation's own
        // name, not an imitation: the organisation is compared with the domain (identity), as
        // for any organisation. A brand's real domain always presents the brand, and so does
        // one that spells it with look-alike characters or carries its name (deliberate).
        let neighbour = || {
            !brands::may_send(c.brand, &d)
                && brands::lookalike(&d)
                    .is_some_and(|l| l.kind == brands::LookalikeKind::EditDistance)
        };
        if !(p.org.is_some() && neighbour()) {
            p.claim = Some(c);
            return p;
        }
    }
    let list = brands::is_list_mail(mail);
    let subject = if list {
        None
    } else {
        mail.subject
            .as_deref()
            .and_then(brands::from_subject_tagged)
    };
    if let Some((c, true)) = &subject {
        p.claim = Some(c.clone());
        return p;
    }
    let own = p.presents_own_name();
    let person = matches!(p.name, NameKind::Person { .. });
    // The rest presents the sender only when the display name did not (or, for a person, in
    // the logo and sign-off: a person's own mail does not sign as a brand).
    let logo = brands::from_alts(mail);
    let sign_off = brands::from_sign_off(&mail.body_text);
    let body = if list {
        None
    } else {
        brands::from_body(&mail.body_text)
    };
    let subject = subject.map(|(c, _)| c);
    let (presenting, mentioning): (Vec<Option<BrandClaim>>, Vec<Option<BrandClaim>>) = if !own {
        (vec![subject, logo, sign_off, body], vec![])
    } else if person {
        (vec![logo, sign_off], vec![subject, body])
    } else {
        (vec![], vec![subject, logo, sign_off, body])
    };
    p.claim = presenting.into_iter().flatten().next();
    p.mention = mentioning.into_iter().flatten().next();
    p
}
