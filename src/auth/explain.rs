//! The findings the authentication facts call for: forged results, the From domain not
//! authenticated (DMARC or compauth failing, or nothing aligned), signatures and SPF failing,
//! and what the results could and could not be trusted for.

use super::alignment::{Alignment, FromProof};
use super::authres::MethodResult;
use super::dmarc::{self, Published};
use super::forged::Forgery;
use super::provider::Trust;
use super::results::{Results, Seen};
use crate::findings::{Finding, Severity};
use crate::model::Mail;
use crate::texts::text;

/// One finding per forged header, at most this many: a message with thousands must not produce
/// thousands of findings.
const MAX_FORGED_FINDINGS: usize = 3;
const MAX_DKIM_FINDINGS: usize = 5;

/// The facts the findings are drawn from.
pub struct Facts<'a> {
    pub mail: &'a Mail<'a>,
    pub trust: &'a Trust,
    pub trusted: &'a [&'a MethodResult],
    pub results: &'a Results,
    pub align: &'a Alignment,
    pub forgeries: &'a [Forgery],
    /// Trusted results, or a signature that verified or failed here.
    pub evidence_available: bool,
}

impl Facts<'_> {
    fn sender_domain(&self) -> String {
        self.mail
            .sender()
            .and_then(|m| m.domain())
            .unwrap_or_default()
    }

    /// The trusted header, quoted as evidence.
    fn provider_header(&self) -> &str {
        self.trust
            .trusted
            .first()
            .map(|p| p.raw.as_str())
            .unwrap_or("")
    }
}

/// All of them, in this order.
pub fn findings(f: &Facts) -> Vec<Finding> {
    let mut out = forged(f);
    out.extend(from_unauthenticated(f));
    out.extend(dkim_failures(f));
    out.extend(spf_failure(f));
    out.extend(what_was_trusted(f));
    out.extend(not_proven_here(f));
    out
}

/// `auth.forged_results`, one per forged header (at most [`MAX_FORGED_FINDINGS`]).
pub fn forged(f: &Facts) -> Vec<Finding> {
    let rest = f.forgeries.len().saturating_sub(MAX_FORGED_FINDINGS);
    let provider = f.trust.provider.as_deref().unwrap_or("?");
    f.forgeries
        .iter()
        .take(MAX_FORGED_FINDINGS)
        .enumerate()
        .map(|(i, g)| {
            let mut detail = g.detail.clone();
            if i + 1 == MAX_FORGED_FINDINGS && rest > 0 {
                let n = rest.to_string();
                detail.en = text("auth.forged.more", &[("detail", &detail.en), ("rest", &n)]).en;
                detail.ja = text("auth.forged.more", &[("detail", &detail.ja), ("rest", &n)]).ja;
            }
            Finding::new(
                "auth.forged_results",
                &g.evidence,
                &[
                    ("detail", &detail.en),
                    ("detail_ja", &detail.ja),
                    ("provider", provider),
                ],
            )
        })
        .collect()
}

/// Why the From domain is not authenticated, when it is not: the provider's DMARC fail, the
/// published policy nothing aligns with, Microsoft's compauth fail, or simply nothing aligned.
pub fn from_unauthenticated(f: &Facts) -> Option<Finding> {
    let fd = f.sender_domain();
    if f.align.from_aligned {
        return None;
    }
    if let Some(r) = &f.align.provider_fail {
        let policy = f.align.policy.clone().unwrap_or_else(|| "?".into());
        return Some(Finding::new(
            "auth.dmarc_fail",
            f.provider_header(),
            &[
                ("domain", r.domain().as_deref().unwrap_or(&fd)),
                ("policy", &policy),
            ],
        ));
    }
    let has = |m: &str| f.trusted.iter().any(|r| r.method == m);
    if has("spf")
        && has("dkim")
        && let Published::Record { policy, .. } = &f.align.published
    {
        // The provider gave no DMARC verdict, but the domain publishes one and nothing aligns.
        return Some(Finding::new(
            "auth.dmarc_fail",
            format!("_dmarc.{fd}: p={policy}"),
            &[("domain", &fd), ("policy", policy)],
        ));
    }
    if fd.is_empty() || !f.evidence_available {
        return None;
    }
    match f
        .trusted
        .iter()
        .find(|r| r.method == "compauth" && r.result == "fail")
    {
        Some(r) => Some(Finding::new(
            "auth.compauth_fail",
            f.provider_header(),
            &[("domain", &fd), ("reason", r.prop("reason").unwrap_or("?"))],
        )),
        None => Some(Finding::new(
            "auth.from_unauthenticated",
            f.mail.header("from").unwrap_or(""),
            &[("domain", &fd)],
        )),
    }
}

/// `auth.dkim_fail`, once per domain (at most [`MAX_DKIM_FINDINGS`]); medium when the provider
/// saw the failing signature claim the From domain and nothing else proved it; information only
/// when the failure was seen here alone.
pub fn dkim_failures(f: &Facts) -> Vec<Finding> {
    let fd = f.sender_domain();
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for d in &f.results.dkim_failed {
        if seen.contains(&d.domain.as_str()) || seen.len() >= MAX_DKIM_FINDINGS {
            continue;
        }
        seen.push(&d.domain);
        let aligned_claim = !fd.is_empty() && dmarc::aligned(&d.domain, &fd, dmarc::Mode::Relaxed);
        // Only the provider's failure is a red flag: a failure seen here alone may be of a copy
        // changed after delivery (a failed signature counts as none, RFC 6376 §6.1), so it is
        // reported without weight.
        let sev = match d.seen {
            Seen::Local => Severity::Info,
            Seen::Provider if aligned_claim && !f.align.from_aligned => Severity::Medium,
            Seen::Provider => Severity::Low,
        };
        let reason = if d.reason.is_empty() {
            "failed"
        } else {
            d.reason.as_str()
        };
        out.push(
            Finding::new(
                "auth.dkim_fail",
                format!("d={} ({})", d.domain, d.seen.as_str()),
                &[("domain", &d.domain), ("reason", reason)],
            )
            .with_severity(sev),
        );
    }
    out
}

/// `auth.spf_fail` from the provider's SPF fail/softfail; medium for a hard fail of an
/// unauthenticated sender.
pub fn spf_failure(f: &Facts) -> Option<Finding> {
    let (res, d) = f.results.spf_bad.as_ref()?;
    let sev = if res == "fail" && !f.align.from_aligned {
        Severity::Medium
    } else {
        Severity::Low
    };
    Some(
        Finding::new(
            "auth.spf_fail",
            format!("spf={res} smtp.mailfrom={d}"),
            &[("domain", d), ("result", res)],
        )
        .with_severity(sev),
    )
}

/// No trustworthy evidence at all, or results headers that were not used.
pub fn what_was_trusted(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    if !f.evidence_available {
        out.push(Finding::new("auth.no_trusted_results", "", &[]));
    }
    if !f.trust.untrusted.is_empty() && f.forgeries.is_empty() {
        let ignored = f.trust.untrusted.len().to_string();
        out.push(Finding::new(
            "auth.untrusted_results_ignored",
            f.trust
                .untrusted
                .first()
                .map(|p| p.raw.as_str())
                .unwrap_or(""),
            &[("count", &ignored)],
        ));
    }
    out
}

/// Results say the From domain is authenticated, but they cannot be confirmed and nothing was
/// verified here: the reason "genuine" is out of reach, in plain words.
pub fn not_proven_here(f: &Facts) -> Option<Finding> {
    if f.align.proof != FromProof::UnconfirmedResults || !f.forgeries.is_empty() {
        return None;
    }
    let fd = f.sender_domain();
    Some(Finding::new(
        "auth.from_not_proven_here",
        f.provider_header(),
        &[("domain", &fd)],
    ))
}
