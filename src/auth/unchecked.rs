//! What could not be checked, in plain words (the report's `not_checked`): signatures whose keys
//! were not looked up or whose body was not all there, the DMARC policy, SPF, results that were
//! missing, refused or not confirmable, and the delivery time.

use super::alignment::{Alignment, FromProof};
use super::authres::MethodResult;
use super::dmarc::Published;
use super::local::{Local, NoBody};
use super::provider::{Kind, Trust};
use crate::report::Text;
use crate::texts::text;

/// Key names listed at most (then "+N").
const MAX_LISTED: usize = 5;

pub struct Gaps<'a> {
    pub local: &'a Local,
    pub trust: &'a Trust,
    pub trusted: &'a [&'a MethodResult],
    pub align: &'a Alignment,
    pub from_domain: Option<&'a str>,
}

/// All of them, in this order.
pub fn lines(g: &Gaps) -> Vec<Text> {
    let mut out = Vec::new();
    out.extend(body(g));
    out.extend(keys(g));
    out.extend(signatures(g));
    out.extend(dmarc_policy(g));
    out.push(spf(g));
    out.extend(provider(g));
    out.extend(delivery_time(g));
    out
}

/// A body rebuilt from the page (said first: it explains why nothing was verified here).
pub fn body(g: &Gaps) -> Option<Text> {
    (g.local.no_body == Some(NoBody::FromPage))
        .then(|| text("auth.not_checked.body_from_page", &[]))
}

/// Signatures whose key was not supplied.
pub fn keys(g: &Gaps) -> Option<Text> {
    let missing: Vec<String> = g.local.keys_missing().map(|c| c.key_name()).collect();
    if missing.is_empty() {
        return None;
    }
    let mut names = missing[..missing.len().min(MAX_LISTED)].join(", ");
    if missing.len() > MAX_LISTED {
        names.push_str(&format!(" (+{})", missing.len() - MAX_LISTED));
    }
    let id = if g.trusted.iter().any(|r| r.method == "dkim") {
        "auth.not_checked.keys_missing_provider_used"
    } else {
        "auth.not_checked.keys_missing"
    };
    Some(text(id, &[("names", &names)]))
}

/// No signature verified here because the body was not all there, or none to verify.
pub fn signatures(g: &Gaps) -> Option<Text> {
    match g.local.no_body {
        Some(NoBody::HeadersOnly) | Some(NoBody::FromPage) => {
            Some(text("auth.not_checked.headers_only", &[]))
        }
        Some(NoBody::Cut) => Some(text("auth.not_checked.body_cut", &[])),
        None if g.local.dkim.is_empty() => Some(text("auth.not_checked.no_dkim_signature", &[])),
        None => None,
    }
}

pub fn dmarc_policy(g: &Gaps) -> Option<Text> {
    match (g.from_domain, &g.align.published) {
        (Some(f), Published::Unknown) => Some(text(
            "auth.not_checked.dmarc_not_looked_up",
            &[("domain", f)],
        )),
        _ => None,
    }
}

pub fn spf(g: &Gaps) -> Text {
    if g.trusted.iter().any(|r| r.method == "spf") {
        text("auth.not_checked.spf_provider_used", &[])
    } else {
        text("auth.not_checked.spf_no_results", &[])
    }
}

/// The provider's results: none, refused (below another organisation's hop), recognised by name
/// only, or not confirmable (the message was not read from the provider).
pub fn provider(g: &Gaps) -> Vec<Text> {
    let mut out = Vec::new();
    let name = g.trust.provider.as_deref().unwrap_or("?");
    if g.trusted.is_empty() {
        out.push(text("auth.not_checked.no_provider_results", &[]));
        if let Some(r) = &g.trust.refused {
            let hop = if r.foreign_hop.is_empty() {
                "?"
            } else {
                r.foreign_hop.as_str()
            };
            out.push(text(
                "auth.not_checked.results_refused",
                &[("id", &r.authserv_id), ("hop", hop)],
            ));
        }
    } else if g.trust.kind == Kind::Other {
        out.push(text(
            "auth.not_checked.provider_by_name",
            &[("provider", name)],
        ));
    }
    if g.align.proof == FromProof::UnconfirmedResults {
        out.push(text(
            "auth.not_checked.provider_unconfirmed",
            &[("provider", name)],
        ));
    }
    out
}

pub fn delivery_time(g: &Gaps) -> Option<Text> {
    (g.local.now.is_none() && g.local.dkim.iter().any(|c| c.x != 0))
        .then(|| text("auth.not_checked.no_delivery_time", &[]))
}
