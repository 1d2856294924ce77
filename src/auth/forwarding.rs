//! Who wrote a forwarded message, as ARC records it.
//!
//! A mailing list that changes a message (a footer, a subject tag) breaks the author's DKIM
//! signature, and one that rewrites From to itself (Google Groups: `"'Brand' via Group"
//! <group@googlegroups.com>`, with the author in `X-Original-From` and `Reply-To`) hides the
//! author's domain from DMARC. ARC (RFC 8617) keeps what the list's receiving server found when
//! the message reached it: each set's `ARC-Authentication-Results` is sealed by that server's
//! domain. So when the chain is valid and the set that recorded the author's authentication was
//! sealed by a server the receiving provider trusts, the author's domain is proven to the same
//! degree as the provider's own results.
//!
//! The rule, and what it deliberately leaves out:
//! - the chain is valid: verified here, or (when its keys were not looked up) the trusted
//!   provider's own `arc=pass`;
//! - the set is the oldest one sealed by a sealer of the **receiving provider's organisation**
//!   (Gmail receiving a Google Group's mail sealed by `google.com`: the provider vouches for
//!   what its own servers saw), whose results, written by a server of the sealer's own
//!   organisation, say `dmarc=pass header.from=D` (else `dkim=pass` for D).
//!   A sealer of the list's own domain, or of the From domain it rewrote to, is *not* enough:
//!   anyone can run a "list" on their own domain and seal a claim that the author was a bank.
//!
//! This module only exposes the author ([`ArcAuthor`]); the verdict decides what it means.

use super::authres::{self, MethodResult};
use super::dkim::{Status, raw_tag};
use super::local::Local;
use super::provider::Trust;
use crate::model::Mail;

/// How the ARC chain was found valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArcChain {
    /// Every seal and the newest message signature verified here.
    VerifiedHere,
    /// The trusted provider's `arc=pass` (the keys were not looked up here).
    ProviderPass,
}

/// The original author a valid ARC chain proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArcAuthor {
    /// The author's domain (the `header.from` of a DMARC pass, else a passing DKIM `d=`),
    /// lower-case.
    pub domain: String,
    /// `dmarc` or `dkim`: what the sealer's server found passing for it.
    pub method: &'static str,
    /// The ARC instance (`i=`) that recorded it, and its sealer (`d=` of its ARC-Seal).
    pub instance: u32,
    pub sealer: String,
    pub chain: ArcChain,
    /// The chain was verified here, or the provider's `arc=pass` comes from the provider the
    /// message was read from (`Options::from_provider`). Otherwise the whole chain may have been
    /// written by the sender (a file given to the page or the CLI).
    pub confirmed: bool,
    /// `X-Original-From` or `Reply-To` (what Google Groups keeps of the author) is of the
    /// author's organisation. Both are sender-written: a hint for explaining, not a proof.
    pub matches_original_from: bool,
}

/// ARC sets read at most (a valid chain has at most 50).
const MAX_SETS: usize = super::arc::MAX_SETS;

/// The `i=` of an ARC header value (`i=2; …`), if it is a small number.
fn instance(value: &str) -> Option<u32> {
    raw_tag(value.as_bytes(), "i")
        .parse()
        .ok()
        .filter(|i| (1..=MAX_SETS as u32).contains(i))
}

/// Sealer domain of each instance (from the ARC-Seal headers).
fn sealers(mail: &Mail) -> Vec<(u32, String)> {
    mail.headers_named("arc-seal")
        .take(MAX_SETS + 1)
        .filter_map(|h| Some((instance(h.value())?, raw_tag(h.value().as_bytes(), "d"))))
        .collect()
}

/// What the server recorded in one set: the author domain and how it was found.
fn recorded_author(results: &[MethodResult]) -> Option<(String, &'static str)> {
    if let Some(d) = results
        .iter()
        .find(|r| r.method == "dmarc" && r.is_pass())
        .and_then(|r| r.domain())
    {
        return Some((d, "dmarc"));
    }
    results
        .iter()
        .find(|r| r.method == "dkim" && r.is_pass())
        .and_then(|r| r.domain())
        .map(|d| (d, "dkim"))
}

/// Is the chain valid, and how do we know?
fn chain(local: &Local, trusted: &[&MethodResult]) -> Option<ArcChain> {
    if local.arc_checked() {
        return (local.arc.status == Status::Pass).then_some(ArcChain::VerifiedHere);
    }
    trusted
        .iter()
        .any(|r| r.method == "arc" && r.is_pass())
        .then_some(ArcChain::ProviderPass)
}

/// The domain of the address in a header like `Name <a@b>` or `a@b`.
fn address_domain(value: &str) -> Option<String> {
    let addr = match (value.rfind('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value.trim(),
    };
    authres::domain_of(addr.rsplit_once('@')?.1)
}

/// The author ARC proves, under the rule of this module.
pub fn author(
    mail: &Mail,
    trust: &Trust,
    trusted: &[&MethodResult],
    local: &Local,
    provider_confirmed: bool,
) -> Option<ArcAuthor> {
    let chain = chain(local, trusted)?;
    let sealers = sealers(mail);
    let mut sets: Vec<(u32, authres::AuthRes)> = mail
        .headers_named("arc-authentication-results")
        .take(MAX_SETS + 1)
        .filter_map(|h| Some((instance(h.value())?, authres::parse(h.value()))))
        .collect();
    sets.sort_by_key(|(i, _)| *i);
    let (i, (domain, method), sealer) = sets.iter().find_map(|(i, res)| {
        let sealer = sealers.iter().find(|(j, _)| j == i)?.1.clone();
        let by_sealer = res
            .authserv_id
            .as_deref()
            .is_some_and(|id| crate::domain::same_organisation(id, &sealer));
        if !by_sealer || !trust.is_own(&sealer) {
            return None;
        }
        Some((*i, recorded_author(&res.results)?, sealer))
    })?;
    let matches_original_from = ["x-original-from", "reply-to"].iter().any(|h| {
        mail.header(h)
            .and_then(address_domain)
            .is_some_and(|d| crate::domain::same_organisation(&d, &domain))
    });
    Some(ArcAuthor {
        domain,
        method,
        instance: i,
        sealer,
        confirmed: chain == ArcChain::VerifiedHere || provider_confirmed,
        chain,
        matches_original_from,
    })
}
