//! Who really sent it: the receiving provider's trusted Authentication-Results, local DKIM/ARC
//! verification when keys are available, and DMARC alignment on the registrable domain.
//!
//! The outcome is the *proven identity*: which domains are authenticated, by what and by whom.
//! `amazonses.com` or `sendgrid.net` proves only the sending platform, not the brand.

use crate::dns::DnsAnswers;
use crate::findings::Finding;
use crate::model::Mail;
use crate::report::{AuthSummary, Text};
use crate::Options;

#[derive(Debug, Clone, Default)]
pub struct AuthOutcome {
    pub summary: AuthSummary,
    /// Domains proven by passing DKIM (d=) or SPF (mail-from domain), lower-case, full names.
    pub authenticated: Vec<String>,
    /// The From domain is authenticated and aligned (DMARC pass, computed locally or trusted).
    pub from_aligned: bool,
    /// Some trustworthy evidence existed (trusted provider results or a locally verified signature).
    pub evidence_available: bool,
    /// Authentication results were forged or contradict the trusted ones.
    pub forged: bool,
    pub findings: Vec<Finding>,
    pub not_checked: Vec<Text>,
}

/// The DNS TXT names still needed to finish (DKIM keys `s._domainkey.d`, `_dmarc.d`).
pub fn dns_names(_mail: &Mail, _raw: &[u8]) -> Vec<String> {
    Vec::new()
}

/// Evaluate authentication. `raw` is None for page snapshots (nothing can be verified then).
pub fn evaluate(_mail: &Mail, _raw: Option<&[u8]>, _dns: &DnsAnswers, _opts: &Options) -> AuthOutcome {
    AuthOutcome::default()
}
