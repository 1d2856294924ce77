//! The report: what Honmono concluded and the evidence for it.
//!
//! Field names here are a contract (CLI `--json`, the extension, the web page): extend, never rename.

use serde::{Deserialize, Serialize};

use crate::findings::Finding;

/// The four verdicts, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The sender is authenticated as the brand or organisation it presents; nothing deceptive.
    Genuine,
    /// Nothing proven either way and no red flags.
    Unverified,
    /// Red flags without proof of deception.
    Suspicious,
    /// Deception proven.
    Dangerous,
}

impl Verdict {
    /// The verdict's word in `lang` (`ja`, else English), from the extension's `_locales`.
    pub fn word(self, lang: &str) -> &'static str {
        let i = self as usize;
        let mut rec = crate::data::records(crate::data::VERDICT_WORDS)
            .nth(i)
            .expect("build.rs writes one record per verdict");
        let en = rec.text();
        let ja = rec.text();
        if lang == "ja" { ja } else { en }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Genuine => "genuine",
            Verdict::Unverified => "unverified",
            Verdict::Suspicious => "suspicious",
            Verdict::Dangerous => "dangerous",
        }
    }
}

pub use crate::texts::Text;

/// Who the message says it is from (the visible `From`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Sender {
    pub display_name: Option<String>,
    pub address: Option<String>,
    pub domain: Option<String>,
    /// Domains proven by authentication (DKIM d=, SPF mail-from, DMARC header.from), lower-case.
    pub authenticated: Vec<String>,
    /// Whether the From domain itself is authenticated and aligned (DMARC-style, relaxed).
    pub from_aligned: bool,
}

/// One authentication method's outcome.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuthResult {
    /// `dkim`, `spf`, `dmarc`, `arc`, `compauth`.
    pub method: String,
    /// `pass`, `fail`, `softfail`, `neutral`, `none`, `temperror`, `permerror`, `policy`, ...
    pub result: String,
    /// The domain the result is about (DKIM d=, SPF mail-from domain, DMARC header.from).
    pub domain: Option<String>,
    /// DKIM selector, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// `local` (verified by Honmono) or `provider` (taken from the trusted Authentication-Results).
    pub source: String,
    /// Free-form detail (DMARC policy, reason for failure, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Everything about authentication.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct AuthSummary {
    /// The receiving provider identified from the topmost hops (`gmail`, `microsoft`, or an authserv-id).
    pub provider: Option<String>,
    /// The authserv-id whose Authentication-Results were trusted.
    pub authserv_id: Option<String>,
    pub results: Vec<AuthResult>,
    /// DMARC policy published by the From domain, when known (`none`, `quarantine`, `reject`).
    pub dmarc_policy: Option<String>,
    /// How the From domain was proven (`auth::FromProof`): `verified_here` (an aligned DKIM
    /// signature verified by Honmono), `receiving_provider` (the results of the provider the
    /// message was read from), `unconfirmed_results` (results nobody can vouch for: a file given
    /// to the page or the CLI), `not_proven`. None for page snapshots.
    #[serde(default)]
    pub from_proof: Option<String>,
}

/// One `Received` hop, newest first (the order in the header block).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Hop {
    pub from: Option<String>,
    pub from_ip: Option<String>,
    pub by: Option<String>,
    pub with: Option<String>,
    /// Unix seconds.
    pub time: Option<i64>,
    /// Seconds between the previous (older) hop and this one.
    pub delay: Option<i64>,
}

/// One link found in the message.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct LinkReport {
    /// What the reader sees (anchor text, or the URL itself in text parts).
    pub text: String,
    /// The URL as written in the message.
    pub href: String,
    /// The real destination after unwrapping Safe Links and known redirectors.
    pub target: String,
    /// Host of `target`, lower-case, if any.
    pub host: Option<String>,
    pub findings: Vec<Finding>,
}

/// DNS: what was needed, what was used, what is still missing.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct DnsUse {
    /// TXT names the core wanted (DKIM keys, DMARC records).
    pub wanted: Vec<String>,
    /// Names for which no answer was supplied.
    pub missing: Vec<String>,
    /// Whether DNS lookups were allowed for this run.
    pub enabled: bool,
}

/// What kind of input the report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A whole raw message.
    #[default]
    Raw,
    /// Only the header block.
    HeadersOnly,
    /// What a webmail page showed (no headers at all).
    PageSnapshot,
    /// A single link checked on its own.
    Link,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Report {
    /// Input name (file path, `-`, or a label given by the caller).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub verdict: Option<Verdict>,
    /// 0 (no risk seen) to 100 (certain deception).
    pub score: u8,
    /// Registry id of the brand the message claims to be, if any.
    pub brand: Option<String>,
    /// Display name of that brand.
    pub brand_name: Option<String>,
    /// Where the brand claim was seen (`display_name`, `from_domain`, `subject`, `body`, `logo_alt`).
    pub brand_evidence: Option<String>,
    pub input: InputKind,
    pub subject: Option<String>,
    pub sender: Sender,
    pub auth: AuthSummary,
    /// One sentence explaining the verdict.
    pub summary: Text,
    pub findings: Vec<Finding>,
    pub links: Vec<LinkReport>,
    pub hops: Vec<Hop>,
    pub dns: DnsUse,
    /// What could not be checked, in plain words.
    pub not_checked: Vec<Text>,
    /// What to do next.
    pub advice: Vec<Text>,
    /// Where the brand takes abuse reports, if known.
    pub report_to: Option<String>,
}
