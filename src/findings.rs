//! Findings: one observation each, with a stable id, a severity, the exact evidence and text in
//! English and Japanese.
//!
//! The wording lives in `data/findings/*.json`, one file per area (id -> severity and message
//! templates), so that it can be reviewed and translated without reading code; build.rs merges
//! them into one table sorted by id. Templates use `{name}` placeholders filled from the arguments
//! given to [`Finding::new`].
//!
//! The JSON severity is the default; where context makes a finding more or less serious the code
//! overrides it ([`Finding::with_severity`]). Every override is listed with its reason in
//! tests/severity_overrides.rs, which fails until a new, moved or removed one is listed there
//! (data/findings/README.md).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::texts::{Text, clip, fill};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable identifier, e.g. `brand.unauthenticated`. A contract: never renamed.
    pub id: String,
    pub severity: Severity,
    /// The exact header, URL or text that shows it (truncated for very long input).
    pub evidence: String,
    pub message: Text,
    /// How many times the message shows it (three links to the same look-alike host are one
    /// finding with count 3); the evidence is the first.
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

struct Entry {
    id: &'static str,
    severity: Severity,
    en: &'static str,
    ja: &'static str,
}

/// The catalogue, sorted by id (build.rs sorts it and rejects duplicate ids).
fn catalogue() -> &'static [Entry] {
    static CAT: OnceLock<Vec<Entry>> = OnceLock::new();
    CAT.get_or_init(|| {
        crate::data::records(crate::data::FINDINGS)
            .map(|mut f| Entry {
                id: f.text(),
                severity: severity_in_data(f.text()),
                en: f.text(),
                ja: f.text(),
            })
            .collect()
    })
}

fn entry(id: &str) -> Option<&'static Entry> {
    let cat = catalogue();
    cat.binary_search_by(|e| e.id.cmp(id)).ok().map(|i| &cat[i])
}

/// Evidence longer than this is cut (and marked) so a hostile 1 MB header cannot bloat the report.
pub const MAX_EVIDENCE: usize = crate::texts::MAX_VALUE;

impl Finding {
    /// A finding from the catalogue. Unknown ids are a programming error caught by the tests
    /// (`every_id_used_is_in_catalogue`); at run time they degrade to the id itself.
    pub fn new(id: &str, evidence: impl AsRef<str>, args: &[(&str, &str)]) -> Finding {
        let evidence = clip(evidence.as_ref());
        match entry(id) {
            Some(e) => Finding {
                id: id.to_string(),
                severity: e.severity,
                evidence,
                message: Text {
                    en: fill(e.en, args),
                    ja: fill(e.ja, args),
                },
                count: 1,
            },
            None => Finding {
                id: id.to_string(),
                severity: Severity::Medium,
                evidence,
                message: Text {
                    en: id.to_string(),
                    ja: id.to_string(),
                },
                count: 1,
            },
        }
    }

    /// Same finding with another severity (when context makes it more or less serious). List
    /// every new use in tests/severity_overrides.rs, with the reason.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

/// One finding per id and target: repeats of the same finding (same id, same text) fold into
/// the first, with a count. Order is kept.
pub fn collapse(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut seen: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for f in findings {
        let key = (f.id.clone(), f.message.en.clone());
        match seen.get(&key) {
            Some(&i) => {
                let kept = &mut out[i];
                kept.count = kept.count.saturating_add(f.count);
                kept.severity = kept.severity.max(f.severity);
            }
            None => {
                seen.insert(key, out.len());
                out.push(f);
            }
        }
    }
    out
}

/// Is `id` in the catalogue? (Used by tests and by the wasm API's link check.)
pub fn known(id: &str) -> bool {
    entry(id).is_some()
}

/// All catalogue ids (for tests and documentation).
pub fn all_ids() -> Vec<&'static str> {
    catalogue().iter().map(|e| e.id).collect()
}

/// A severity as written in the data (build.rs accepts no other value).
pub(crate) fn severity_in_data(s: &str) -> Severity {
    match s {
        "info" => Severity::Info,
        "low" => Severity::Low,
        "high" => Severity::High,
        "critical" => Severity::Critical,
        _ => Severity::Medium,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_every_entry_has_both_languages() {
        for id in all_ids() {
            let e = entry(id).unwrap();
            assert!(!e.en.trim().is_empty(), "{id}: empty en");
            assert!(!e.ja.trim().is_empty(), "{id}: empty ja");
            assert!(id.contains('.'), "{id}: ids are namespaced like area.name");
        }
    }

    #[test]
    fn fill_is_one_pass_and_leaves_unknown_placeholders() {
        // A value that looks like a placeholder is not expanded again (attacker-written text).
        assert_eq!(
            fill("{a} and {b}", &[("a", "{b}"), ("b", "B")]),
            "{b} and B"
        );
        assert_eq!(fill("{x} {a}{", &[("a", "1")]), "{x} 1{");
        assert_eq!(fill("{a}{a}", &[("a", "日本")]), "日本日本");
        assert_eq!(fill("no placeholders", &[("a", "1")]), "no placeholders");
    }

    #[test]
    fn repeats_fold_into_one_finding_with_a_count() {
        let host =
            |h: &str| Finding::new("link.shortener", format!("https://{h}/x"), &[("host", h)]);
        let out = collapse(vec![
            host("bit.ly"),
            host("t.co"),
            host("bit.ly"),
            host("bit.ly"),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].count, out[1].count), (3, 1));
        assert_eq!(
            out[0].evidence, "https://bit.ly/x",
            "the first evidence is kept"
        );
    }

    #[test]
    fn placeholders_are_filled_and_evidence_clipped() {
        let long = "x".repeat(5000);
        let f = Finding::new("auth.dmarc_fail", &long, &[("domain", "example.com")]);
        assert!(f.evidence.chars().count() <= MAX_EVIDENCE + 1);
        assert!(f.message.en.contains("example.com"), "{}", f.message.en);
        assert!(!f.message.en.contains('{'));
    }
}
