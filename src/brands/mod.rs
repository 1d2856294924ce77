//! Which brand the message claims to be: the brand registry (data/brands.json) and detection from
//! display name, From domain, subject, body and logos' alt text.

use crate::model::Mail;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct Brand {
    /// Stable registry id, e.g. `amazon`.
    pub id: String,
    /// Name to show.
    pub name: String,
    /// Names and aliases in Japanese, English and Chinese.
    #[serde(default)]
    pub names: Vec<String>,
    /// Domains allowed to send for the brand (From and DKIM d=): the domain and its subdomains.
    #[serde(default)]
    pub sender_domains: Vec<String>,
    /// Domains the brand links to (besides the sender domains).
    #[serde(default)]
    pub link_domains: Vec<String>,
    /// Where users report abuse (an address or URL).
    #[serde(default)]
    pub report_to: Option<String>,
}

/// Where a brand claim was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimSource {
    DisplayName,
    FromDomain,
    Subject,
    Body,
    LogoAlt,
}

impl ClaimSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimSource::DisplayName => "display_name",
            ClaimSource::FromDomain => "from_domain",
            ClaimSource::Subject => "subject",
            ClaimSource::Body => "body",
            ClaimSource::LogoAlt => "logo_alt",
        }
    }
}

#[derive(Debug, Clone)]
pub struct BrandClaim {
    pub brand: &'static Brand,
    pub source: ClaimSource,
    /// The text that made the claim (e.g. the display name).
    pub evidence: String,
}

/// The brand the message presents itself as, if any.
pub fn claimed(_mail: &Mail) -> Option<BrandClaim> {
    None
}

/// May `domain` (a full, lower-case domain) send for `brand`?
pub fn may_send(_brand: &Brand, _domain: &str) -> bool {
    false
}

/// The brand whose sender or link domains contain `host`, if any.
pub fn owner_of(_host: &str) -> Option<&'static Brand> {
    None
}

/// Every brand in the registry.
pub fn all() -> &'static [Brand] {
    &[]
}

/// UTS #39 confusable skeleton of `s` after NFKC, full-width folding and case folding, so that
/// "Amaz0n", Cyrillic "Аmazon" and "ａｍａｚｏｎ" compare equal to "amazon".
pub fn skeleton(s: &str) -> String {
    s.to_lowercase()
}
