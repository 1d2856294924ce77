//! Content: lures in Japanese, English and Chinese (and the other languages phishing uses most:
//! German, Portuguese, Spanish, French, Dutch) — unplaced orders, payment updates, software to
//! install, suspensions and deadlines, password or card requests, prizes and refunds, invoices,
//! shared documents, mailbox quotas, deliveries, extortion, advance-fee, investment and dating
//! scams — plus risky attachments, header oddities (Reply-To elsewhere, duplicate From, addresses
//! hidden in display names, invisible characters) and hidden text.
//!
//! Severity depends on who is proven to speak: a lure in mail authenticated as the brand it claims
//! is only reported (`info`): genuine shops do write "order confirmation". The same words from an
//! unproven sender are `medium`; a request for secrets, or two lure categories together, `high`.
//! A language other than the reader's is never a signal on its own.

mod attachments;
mod evasion;
pub(crate) mod headers;
mod hidden;
mod lures;
mod normalize;
mod planted;

use crate::auth::AuthOutcome;
use crate::brands::{self, BrandClaim};
use crate::findings::{Finding, Severity};
use crate::model::Mail;

pub use headers::is_freemail;
pub use normalize::normalize;

#[derive(Debug, Clone, Copy)]
pub struct ContentContext<'a> {
    pub claim: Option<&'a BrandClaim>,
    pub auth: &'a AuthOutcome,
    /// The sender is proven to be who the message presents (identity's conclusion): its own
    /// name or brand on its own authenticated domain.
    pub name_proven: bool,
    /// The display name is a person's ("Jane Doe"): a person speaks for themself, not for the
    /// organisation whose domain they write from.
    pub person: bool,
    /// The display name presents an organisation known by name (the wider tiers of
    /// [`crate::orgs`]) and the sender is proven on that organisation's own domain.
    pub known_org: bool,
    /// The display name is an organisation naming itself on its own domain (not a thrown-away
    /// one), and every link of the message goes to that organisation (there is at least one).
    pub links_own: bool,
    /// Every link of the message goes to a domain proven by authentication (there is at
    /// least one), whatever the display name.
    pub all_links_own: bool,
    /// As `links_own`, for an organisation's name that cannot be compared with the domain
    /// (written in Japanese or Chinese): its own contest may be told as its own, nothing else.
    pub links_own_name_unknown: bool,
    /// The display name is someone a registry brand's own service sends for, from the brand's
    /// authenticated domain ("Jane Doe via Docusign" from docusign.net).
    pub relay_by_brand: bool,
    /// The From domain carries the presented brand's name but the registry does not list it
    /// ([`crate::identity::Standing::family_unlisted`]).
    pub family_unlisted: bool,
}

/// How far the sender is proven, for weighing wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trust {
    /// Nothing proves who sent it (or it comes from free mail, where anyone can be aligned).
    Untrusted,
    /// The From domain is authenticated and aligned, not free mail, and no brand is claimed.
    ProvenOrganisation,
    /// As [`Trust::ProvenOrganisation`], but the display name is a person's: they speak for
    /// themself, not for the organisation whose domain they write from.
    ProvenPerson,
    /// As [`Trust::ProvenOrganisation`], for an organisation known by name, on its own domain.
    ProvenKnownOrganisation,
    /// Authenticated, aligned, and the From domain may send for the brand the message claims.
    ProvenBrand,
}

fn trust_of(mail: &Mail, ctx: &ContentContext<'_>) -> Trust {
    let Some(domain) = mail.sender().and_then(|m| m.domain()) else {
        return Trust::Untrusted;
    };
    if !ctx.auth.from_aligned || ctx.auth.forged || mail.from_header_count > 1 {
        return Trust::Untrusted;
    }
    // A brand's own host under its customers' mailbox domain (docomo's wdy.docomo.ne.jp, while
    // customers write from docomo.ne.jp itself, which `may_send` refuses) is the brand's, even
    // though the domain as a whole is a mail provider's.
    if ctx
        .claim
        .is_some_and(|c| brands::may_send(c.brand, &domain))
    {
        return Trust::ProvenBrand;
    }
    if crate::platforms::open_platform(&domain) {
        return Trust::Untrusted;
    }
    match ctx.claim {
        Some(_) => Trust::Untrusted,
        // A display name that does not belong to the address ("Personal Loan" on someone's
        // domain) is not an organisation speaking for itself.
        None if !ctx.name_proven => Trust::Untrusted,
        None if ctx.person => Trust::ProvenPerson,
        None if ctx.known_org => Trust::ProvenKnownOrganisation,
        None => Trust::ProvenOrganisation,
    }
}

/// Only this much of the visible body is scanned for lures (a 25 MB body must not stall).
const MAX_SCAN_BYTES: usize = 256 * 1024;

pub fn analyze(mail: &Mail, ctx: &ContentContext<'_>) -> Vec<Finding> {
    let trust = trust_of(mail, ctx);
    let measure = hidden::measure(mail);
    let mut out = headers::check(mail, ctx, trust);
    // Nobody at all is proven: the From is not authenticated, it is an address anyone can open
    // (free mail, hosting platforms), or the name shown is not the sender's own ("Personal
    // Loan" on someone else's domain). A scam or account story from such a sender is a red flag
    // on its own.
    let anonymous = !ctx.auth.from_aligned
        || ctx.auth.forged
        || (ctx.claim.is_none() && !ctx.name_proven)
        || mail
            .sender()
            .and_then(|m| m.domain())
            .is_none_or(|d| crate::platforms::open_platform(&d));
    let mut lures = lure_findings(
        mail,
        measure.raw_text.as_deref(),
        trust,
        ctx.links_own,
        ctx.links_own_name_unknown,
    );
    // Stories that only a sender nobody can vouch for tells weigh high: for nobody proven,
    // threats to an account, scams and offers; for a domain that carries the brand's name
    // without being one the registry lists, threats and scams only. Such a domain may be the
    // brand's own travel portal or regional shop, and its offers its own marketing, but a threat
    // to the reader's account from it is what look-alike domains tell ("rakuten-info-jp.example":
    // アカウント情報の確認): the brand's account notices come from the domains the registry lists.
    let raised: &[lures::Group] = if anonymous && trust != Trust::ProvenBrand {
        &[
            lures::Group::Account,
            lures::Group::Scam,
            lures::Group::Offer,
        ]
    } else if ctx.family_unlisted {
        &[lures::Group::Account, lures::Group::Scam]
    } else {
        &[]
    };
    if !raised.is_empty() {
        let l = lures::lures();
        for f in &mut lures {
            let group = l
                .categories
                .iter()
                .find(|c| f.id.strip_prefix("content.lure_") == Some(c.name.as_str()))
                .map(|c| c.group);
            // A signing or sharing service's own notification says "sent you a document" in the
            // service's template: that wording is the service's, not the stranger's story, and
            // the document itself is on the service (its links are the brand's). The stranger
            // stays unproven (identity.sent_via_platform).
            if anonymous && ctx.relay_by_brand && f.id == "content.lure_shared_document" {
                f.severity = Severity::Medium;
            } else if group.is_some_and(|g| raised.contains(&g)) {
                f.severity = f.severity.max(Severity::High);
            }
        }
    }
    out.extend(lures);
    let mut risky = attachments::check(&mail.attachments, trust == Trust::ProvenBrand);
    if anonymous {
        // An archive or disk image from a sender nobody can vouch for is how malware travels.
        for f in risky
            .iter_mut()
            .filter(|f| f.id == "content.attachment_archive")
        {
            f.severity = f.severity.max(Severity::High);
        }
    }
    out.extend(risky);
    out.extend(hidden::check(mail, &measure));
    out.extend(evasion::check(mail, measure.raw_text.as_deref()));
    out.extend(planted::check(mail));
    out
}

/// Lures in the display name, the subject and the visible text. `hidden_html_text`: all the text of the HTML parts
/// when some of it is hidden; it is scanned too, because a reader's view can be mis-measured
/// (CSS tricks) and a lure hidden from the reader is still a lure, while padding cannot remove
/// a phrase from either text.
fn lure_findings(
    mail: &Mail,
    hidden_html_text: Option<&str>,
    trust: Trust,
    links_own: bool,
    links_own_name_unknown: bool,
) -> Vec<Finding> {
    let mut text = String::with_capacity(mail.body_text.len().min(MAX_SCAN_BYTES) + 256);
    // The display name is the first thing a reader sees ("💰Your pending bonus💰").
    if let Some(n) = mail.sender().and_then(|m| m.name.as_deref()) {
        normalize::normalize_into(n, &mut text, 512);
        text.push_str(" \n ");
    }
    if let Some(s) = mail.subject.as_deref() {
        normalize::normalize_into(s, &mut text, 4096);
    }
    text.push_str(" \n ");
    normalize::normalize_into(&mail.body_text, &mut text, MAX_SCAN_BYTES);
    if let Some(h) = hidden_html_text {
        text.push_str(" \n ");
        normalize::normalize_into(h, &mut text, MAX_SCAN_BYTES);
    }
    let hits = lures::scan(&text);
    if hits.is_empty() {
        return Vec::new();
    }
    let l = lures::lures();
    let group = |h: &lures::CategoryHit| l.categories[h.cat].group;
    let urgent = hits.iter().any(|h| group(h) == lures::Group::Urgency);
    // An organisation's own offers do not make a story with its other wording.
    let others = hits
        .iter()
        .filter(|h| group(h) != lures::Group::Urgency)
        .filter(|h| {
            matches!(trust, Trust::Untrusted | Trust::ProvenPerson)
                || group(h) != lures::Group::Offer
        })
        .count();
    // Two categories together (urgency counts as one) make the whole story.
    let combined = others >= 2 || (others >= 1 && urgent);
    let mut out = Vec::new();
    for h in &hits {
        let g = group(h);
        let sev = match trust {
            Trust::ProvenBrand => Severity::Info,
            // A proven organisation's own shop wording is ordinary; the same wording under
            // pressure (a deadline, a second story) is not.
            Trust::ProvenOrganisation | Trust::ProvenKnownOrganisation | Trust::ProvenPerson => {
                match g {
                    // An organisation's own shop or billing notice that sends you only to its
                    // own site ("your payment failed: update it within 7 days", linking to its
                    // billing page) is its business, deadline and all. Threats to an account
                    // keep their weight: its own click tracker may lead anywhere.
                    lures::Group::Commerce | lures::Group::Urgency
                        if links_own && trust != Trust::ProvenPerson =>
                    {
                        Severity::Low
                    }
                    // A person's mail telling an order, invoice or payment story is not their
                    // business's notice: a hijacked employee account sends "please review the
                    // invoice" with a link elsewhere. Not a red flag alone; no green check.
                    lures::Group::Commerce | lures::Group::Urgency
                        if combined
                            || (g == lures::Group::Commerce && trust == Trust::ProvenPerson) =>
                    {
                        Severity::Medium
                    }
                    lures::Group::Commerce | lures::Group::Urgency => Severity::Low,
                    // An organisation's own offers to its customers are its business; loans or
                    // investments offered by a person from their employer's or school's address
                    // are not that organisation's business (advance-fee loans, mostly).
                    lures::Group::Offer if trust == Trust::ProvenPerson => Severity::Medium,
                    lures::Group::Offer => Severity::Info,
                    lures::Group::Account => Severity::Medium,
                    // Prizes, advance fees, investment pitches, dating: no organisation's genuine
                    // mail to a customer tells these stories, authenticated or not.
                    // A known organisation telling it only in ordinary words ("welcome bonus",
                    // "exclusive" from an airline's miles club) is marketing its own programme.
                    lures::Group::Scam
                        if trust == Trust::ProvenKnownOrganisation && !h.first_strong =>
                    {
                        Severity::Medium
                    }
                    // An organisation's own contest or campaign ("enter to win", 抽選でプレゼント)
                    // whose links all stay on its own site: medium, a reason not to call it
                    // genuine, not a red flag.
                    lures::Group::Scam
                        if (links_own || links_own_name_unknown)
                            && trust != Trust::ProvenPerson
                            && !h.first_strong
                            && l.categories[h.cat].name == "prize" =>
                    {
                        Severity::Medium
                    }
                    lures::Group::Scam | lures::Group::Credentials => Severity::High,
                }
            }
            Trust::Untrusted => match g {
                lures::Group::Urgency if !combined => Severity::Low,
                lures::Group::Credentials => Severity::High,
                _ if combined => Severity::High,
                _ => Severity::Medium,
            },
        };
        let name = &l.categories[h.cat].name;
        let id = format!("content.lure_{name}");
        let phrase = lures::phrase(&text, h.first);
        let evidence = lures::snippet(&text, h.first);
        out.push(Finding::new(&id, evidence, &[("phrase", &phrase)]).with_severity(sev));
    }
    out
}

/// Finding ids this module can emit (for tests and documentation).
pub fn finding_ids() -> Vec<String> {
    let mut v: Vec<String> = lures::lures()
        .categories
        .iter()
        .map(|c| format!("content.lure_{}", c.name))
        .collect();
    v.extend(
        [
            "content.attachment_executable",
            "content.attachment_html",
            "content.attachment_macro",
            "content.attachment_archive",
            "content.attachment_double_extension",
            "content.attachment_rtlo",
            "content.reply_to_elsewhere",
            "content.reply_to_freemail",
            "content.planted_username",
            "content.duplicate_from",
            "content.multiple_from",
            "content.display_name_address",
            "content.invisible_characters",
            "content.freemail_brand",
            "content.message_id_domain",
            "content.return_path_domain",
            "content.hidden_text",
            "content.text_html_mismatch",
            "content.split_words",
            "content.random_text",
            "content.contact_elsewhere",
        ]
        .map(String::from),
    );
    v
}

#[cfg(test)]
mod tests;
