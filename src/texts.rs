//! Sentences of a report that are not findings (what could not be checked, the parts of a
//! finding's detail that depend on the case), in English and Japanese. The wording lives in
//! `data/texts/*.json` (id -> en, ja), packed by build.rs like the finding texts; `{name}`
//! placeholders are filled in one pass, as in [`crate::findings`] (which uses [`fill`] from here).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Text in the two languages Honmono speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

struct Entry {
    id: &'static str,
    en: &'static str,
    ja: &'static str,
}

/// The catalogue, sorted by id (build.rs sorts it and rejects duplicate ids).
fn catalogue() -> &'static [Entry] {
    static CAT: OnceLock<Vec<Entry>> = OnceLock::new();
    CAT.get_or_init(|| {
        crate::data::records(crate::data::TEXTS)
            .map(|mut f| Entry {
                id: f.text(),
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

/// The text `id` with its placeholders filled. Unknown ids are a programming error caught by
/// the tests (`every_text_id_used_is_in_catalogue`); at run time they degrade to the id itself.
pub fn text(id: &str, args: &[(&str, &str)]) -> Text {
    match entry(id) {
        Some(e) => Text {
            en: fill(e.en, args),
            ja: fill(e.ja, args),
        },
        None => Text {
            en: id.to_string(),
            ja: id.to_string(),
        },
    }
}

/// Is `id` in the catalogue?
pub fn known(id: &str) -> bool {
    entry(id).is_some()
}

/// All catalogue ids.
pub fn all_ids() -> Vec<&'static str> {
    catalogue().iter().map(|e| e.id).collect()
}

/// A placeholder value (and a finding's evidence) longer than this is cut and marked, so a
/// hostile 1 MB header cannot bloat the report.
pub const MAX_VALUE: usize = 500;

pub(crate) fn clip(s: &str) -> String {
    if s.len() <= MAX_VALUE {
        return s.to_string();
    }
    let mut end = MAX_VALUE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// `{name}` placeholders replaced by their (clipped) values, in one pass: a value that itself
/// contains `{other}` (evidence is attacker-written) is copied as is, never expanded again.
/// Unknown placeholders stay as written.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(&clip(v));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_every_entry_has_both_languages() {
        let ids = all_ids();
        assert!(ids.len() > 10, "{ids:?}");
        for id in ids {
            let e = entry(id).unwrap();
            assert!(!e.en.trim().is_empty() && !e.ja.trim().is_empty(), "{id}");
            // both languages use the same placeholders
            let names = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(names(e.en), names(e.ja), "{id}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let t = text(
            "auth.not_checked.dmarc_not_looked_up",
            &[("domain", "example.com")],
        );
        assert!(t.en.contains("example.com") && t.ja.contains("example.com"));
        assert!(!t.en.contains('{'));
        assert_eq!(text("no.such.id", &[]).en, "no.such.id");
    }

    /// Every `texts::text("…")` id written in the sources exists in data/texts.
    #[test]
    fn every_text_id_used_is_in_catalogue() {
        let mut missing = Vec::new();
        let mut seen = 0;
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let src = std::fs::read_to_string(&p).unwrap_or_default();
                for part in src.split("text(\"").skip(1) {
                    let id = part.split('"').next().unwrap_or("");
                    let id_like = id.contains('.')
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
                    if id_like && id != "no.such.id" {
                        seen += 1;
                        if !known(id) {
                            missing.push(format!("{}: {id}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 5, "the scan found the uses ({seen})");
        assert!(missing.is_empty(), "{missing:?}");
    }
}
