//! Links: every href in HTML parts and every URL in text parts, unwrapped (Safe Links, known
//! redirectors) and judged: deceptive text, lookalike hosts, IP literals, shorteners, userinfo
//! tricks, targets unrelated to the claimed brand.
//!
//! - [`extract`]: which links a reader could follow (HTML anchors with `<base href>`, URLs in text
//!   parts, links a webmail page showed), deduplicated.
//! - [`unwrap`]: the real destination behind Safe Links, gateways and redirectors.
//! - [`shown`]: which site a link's text shows.
//! - [`judge`]: the findings for one link.
//! - [`crate::sites`]: the host lists in `data/redirectors.json` (shared with `brands`,
//!   `platforms`, `identity` and `anomalies`, hence outside `links`).
//!
//! Limits for hostile input: at most [`MAX_JUDGED`] unique links are judged, and at most
//! [`MAX_REPORTED`] are reported (flagged links first, then in document order); the report then
//! carries `link.too_many` with the real count. A signal of `medium` severity counts once per
//! message: the same finding id on further links is lowered to `low`, so that ten shortened links
//! do not add up to "two medium findings".

pub mod extract;
pub mod judge;
pub mod shown;
pub mod unwrap;

use crate::brands::BrandClaim;
use crate::findings::{Finding, Severity};
use crate::model::Mail;
use crate::report::LinkReport;

/// Links judged at most per message.
pub const MAX_JUDGED: usize = 10_000;
/// Links reported at most per message.
pub const MAX_REPORTED: usize = 2_000;

/// What the link checks need to know about the rest of the message.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkContext<'a> {
    pub claim: Option<&'a BrandClaim>,
    /// Domains proven by authentication.
    pub authenticated: &'a [String],
    /// Domain of the visible From address.
    pub sender_domain: Option<&'a str>,
    /// The brand the sender is proven to be (authenticated, aligned, allowed to send for it).
    pub proven_brand: Option<&'a crate::brands::Brand>,
    /// The sender is proven to be who it presents (identity's conclusion).
    pub sender_proven: bool,
    /// The display name presents a known organisation and the message no registry brand: a
    /// From domain that merely resembles a brand's is that organisation's own.
    pub presents_other_org: bool,
    /// The message is a discussion list's relay of someone else's mail
    /// (`identity.relayed_by_list`): the list's own links are the list's, not the presented
    /// brand's, except the addresses its `List-*` headers give (its footer: archive,
    /// subscription). Each as `host/path`.
    pub list_relay: Option<&'a [String]>,
    /// The From display name: a web address of the organisation it names, shown over a link
    /// elsewhere, presents the sender as that organisation.
    pub sender_name: Option<&'a str>,
}

pub(crate) use crate::html::clip;

/// Is `host` within, or of the same organisation as, one of the `owners` (the authenticated
/// domains)?
pub fn owned_by(host: &str, owners: &[String]) -> bool {
    owners
        .iter()
        .any(|d| crate::domain::is_within(host, d) || crate::domain::same_organisation(host, d))
}

/// All links of the message, each with its findings.
pub fn analyze(mail: &Mail, ctx: &LinkContext<'_>) -> Vec<LinkReport> {
    let found = extract::extract(mail, MAX_JUDGED);
    let total = found.total;
    let mut cache = judge::HostCache::default();
    // Consumes the candidates: their vector's memory is reused for the reports.
    let mut judged: Vec<LinkReport> = found
        .links
        .into_iter()
        .map(|c| judge::judge(&c, ctx, &mut cache))
        .collect();
    if judged.len() > MAX_REPORTED {
        // Keep flagged links first (stable), so padding cannot push a bad link out of the report.
        // In place: a second vector of 10,000 reports would be megabytes of peak memory.
        let flagged = |r: &LinkReport| r.findings.iter().any(|f| f.severity > Severity::Low);
        let room = MAX_REPORTED
            - judged
                .iter()
                .filter(|r| flagged(r))
                .count()
                .min(MAX_REPORTED);
        let (mut kept_flagged, mut kept_rest) = (0, 0);
        judged.retain(|r| {
            let (kept, limit) = if flagged(r) {
                (&mut kept_flagged, MAX_REPORTED)
            } else {
                (&mut kept_rest, room)
            };
            *kept += 1;
            *kept <= limit
        });
        judged.sort_by_key(|r| !flagged(r));
        judged.shrink_to_fit();
    }
    if total > judged.len()
        && let Some(last) = judged.last_mut()
    {
        let count = total.to_string();
        let limit = MAX_REPORTED.to_string();
        last.findings.push(Finding::new(
            "link.too_many",
            format!("{count} links"),
            &[("count", &count), ("limit", &limit)],
        ));
    }
    count_medium_once(&mut judged);
    judged
}

/// A medium signal counts once per message: later links with the same finding id get `low`.
fn count_medium_once(links: &mut [LinkReport]) {
    let mut seen: Vec<String> = Vec::new();
    for l in links.iter_mut() {
        for f in l.findings.iter_mut() {
            if f.severity != Severity::Medium {
                continue;
            }
            if seen.contains(&f.id) {
                f.severity = Severity::Low;
            } else {
                seen.push(f.id.clone());
            }
        }
    }
}

/// One link on its own (right-click check): `text` is what the page showed, if anything.
pub fn check_one(text: &str, href: &str, ctx: &LinkContext<'_>) -> LinkReport {
    let href = href.trim();
    let url = url::Url::parse(href).ok();
    let c = extract::Candidate {
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        img_alts: Vec::new(),
        href: href.to_string(),
        url,
        base: None,
        source: extract::Source::Page,
    };
    judge::judge(&c, ctx, &mut judge::HostCache::default())
}

#[cfg(test)]
mod tests;
