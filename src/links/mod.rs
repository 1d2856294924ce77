//! Links: every href in HTML parts and every URL in text parts, unwrapped (Safe Links, known
//! redirectors) and judged: deceptive text, lookalike hosts, IP literals, shorteners, userinfo
//! tricks, targets unrelated to the claimed brand.

use crate::brands::BrandClaim;
use crate::model::Mail;
use crate::report::LinkReport;

/// What the link checks need to know about the rest of the message.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkContext<'a> {
    pub claim: Option<&'a BrandClaim>,
    /// Domains proven by authentication.
    pub authenticated: &'a [String],
    /// Domain of the visible From address.
    pub sender_domain: Option<&'a str>,
}

/// All links of the message, each with its findings.
pub fn analyze(_mail: &Mail, _ctx: &LinkContext<'_>) -> Vec<LinkReport> {
    Vec::new()
}

/// One link on its own (right-click check): `text` is what the page showed, if anything.
pub fn check_one(text: &str, href: &str, _ctx: &LinkContext<'_>) -> LinkReport {
    LinkReport {
        text: text.to_string(),
        href: href.to_string(),
        target: href.to_string(),
        ..LinkReport::default()
    }
}
