//! Institution-type names: a name that presents a bank, a card issuer, a tax office, a city
//! hall… whether or not the organisation is listed anywhere (ソニー銀行, 北海道信金, First Example
//! Bank, Bank of Springfield, 国税庁, 税务局, City Hall). The words, their forms (suffix, prefix,
//! word by itself) and the names that do not name anyone (お客様の銀行, Online Bank) are data:
//! data/orgs/institutions.json.

use std::ops::Range;
use std::sync::OnceLock;

use crate::brands::skeleton::skeleton_mapped;
use crate::data::{self, records};

use super::MAX_TEXT;
use crate::html::clip as cut;

/// What an institution-type name presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstitutionKind {
    Bank,
    /// 信用金庫, 信用組合, 労働金庫, JA, credit unions, building societies.
    Cooperative,
    Card,
    Securities,
    Insurance,
    /// 事務局, サポートセンター, 客服中心, Help Desk.
    SupportDesk,
    /// 国税庁, 税務署, 税务局, Internal Revenue Service, Tax Office.
    Tax,
    /// 日本年金機構, Social Security Administration.
    Pension,
    /// 市役所, 区役所, City Hall.
    Municipal,
    /// 税関, 海关, Customs.
    Customs,
    /// Ministries, agencies, police.
    Government,
}

impl InstitutionKind {
    /// In build.rs's `INSTITUTION_KINDS` order.
    const ALL: [InstitutionKind; 11] = [
        InstitutionKind::Bank,
        InstitutionKind::Cooperative,
        InstitutionKind::Card,
        InstitutionKind::Securities,
        InstitutionKind::Insurance,
        InstitutionKind::SupportDesk,
        InstitutionKind::Tax,
        InstitutionKind::Pension,
        InstitutionKind::Municipal,
        InstitutionKind::Customs,
        InstitutionKind::Government,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InstitutionKind::Bank => "bank",
            InstitutionKind::Cooperative => "cooperative",
            InstitutionKind::Card => "card",
            InstitutionKind::Securities => "securities",
            InstitutionKind::Insurance => "insurance",
            InstitutionKind::SupportDesk => "support_desk",
            InstitutionKind::Tax => "tax",
            InstitutionKind::Pension => "pension",
            InstitutionKind::Municipal => "municipal",
            InstitutionKind::Customs => "customs",
            InstitutionKind::Government => "government",
        }
    }

    /// A public body (tax, pension, municipal, customs, other government), not a company.
    pub fn public_body(self) -> bool {
        matches!(
            self,
            InstitutionKind::Tax
                | InstitutionKind::Pension
                | InstitutionKind::Municipal
                | InstitutionKind::Customs
                | InstitutionKind::Government
        )
    }
}

/// A mail platform only public bodies can use, sending their mail under their names from its
/// own domain (data/orgs/institutions.json `public_body_platforms`: GovDelivery).
pub fn public_body_platform(domain: &str) -> bool {
    data::list(data::PUBLIC_BODY_PLATFORMS).any(|p| crate::domain::is_within(domain, p))
}

/// An institution-type name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    pub kind: InstitutionKind,
    /// The whole name as written ("ソニー銀行", "Bank of Springfield", "国税庁").
    pub name: String,
    /// The part that names which one ("ソニー", "Springfield"); empty for a name that is an
    /// institution by itself (国税庁, Customs).
    pub name_part: String,
    /// Where `name` stands in the text (byte offsets).
    pub span: Range<usize>,
    /// The full form under which zengin-code would list it, for abbreviated Japanese names
    /// (千葉信金 -> 千葉信用金庫, JA東京スマイル -> 東京スマイル農業協同組合); otherwise the name
    /// itself (in its skeleton: full-width letters folded).
    pub canonical: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Suffix,
    Prefix,
    Word,
}

struct Rule {
    kind: InstitutionKind,
    form: Form,
    text: &'static str,
    /// What is searched: `text`, in lower case for a Latin rule.
    needle: String,
    /// ASCII words (English, Portuguese...): any case, whole words, capitalised name words.
    latin: bool,
}

struct Rules {
    /// Every rule's needle, searched in one pass (overlapping: every occurrence of each).
    ac: Option<aho_corasick::nfa::contiguous::NFA>,
    /// Longest text first (build.rs), so that Federal Credit Union is tried before Credit Union.
    rules: Vec<Rule>,
    canonical: Vec<(&'static str, &'static str)>,
    generic: Vec<&'static str>,
    strip: Vec<&'static str>,
    followers: Vec<&'static str>,
    particles: Vec<&'static str>,
    service_ja: Vec<&'static str>,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        // build.rs sorts them, longest first.
        let rules = records(data::INSTITUTION_RULES)
            .map(|mut f| {
                let kind = f
                    .text()
                    .parse()
                    .ok()
                    .and_then(|i: usize| InstitutionKind::ALL.get(i));
                let form = match f.text() {
                    "p" => Form::Prefix,
                    "w" => Form::Word,
                    _ => Form::Suffix,
                };
                let text = f.text();
                let latin = text.chars().all(|c| !c.is_alphabetic() || is_latin(c));
                Rule {
                    kind: kind.copied().unwrap_or(InstitutionKind::Bank),
                    form,
                    text,
                    needle: if latin {
                        text.to_ascii_lowercase()
                    } else {
                        text.to_string()
                    },
                    latin,
                }
            })
            .collect::<Vec<Rule>>();
        let ac =
            aho_corasick::nfa::contiguous::NFA::new(rules.iter().map(|r: &Rule| r.needle.as_str()))
                .ok();
        Rules {
            ac,
            rules,
            canonical: records(data::INSTITUTION_CANONICAL)
                .map(|mut f| (f.text(), f.text()))
                .collect(),
            generic: data::list(data::GENERIC_NAMES).collect(),
            strip: data::list(data::STRIP_PREFIXES).collect(),
            followers: data::list(data::FOLLOWERS).collect(),
            particles: data::list(data::PARTICLES).collect(),
            service_ja: data::list(data::SERVICE_WORDS_JA).collect(),
        }
    })
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆' | 'ヶ')
}

pub(crate) fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// A character that may be part of a Japanese or Chinese name (三菱UFJ, ソニー, 杜の都, J・COM).
fn cjk_name_char(c: char) -> bool {
    is_han(c) || is_kana(c) || c.is_ascii_alphanumeric() || matches!(c, '・' | '&' | '＆')
}

/// The longest name run (at most 24 characters) that ends at `e` in `s`: its start.
fn run_before(s: &str, e: usize) -> usize {
    let mut start = e;
    for (n, (i, c)) in s[..e].char_indices().rev().enumerate() {
        if n >= 24 || !cjk_name_char(c) {
            break;
        }
        start = i;
    }
    start
}

/// The first institution-type name in `text`.
pub fn institution(text: &str) -> Option<Institution> {
    institutions(text).into_iter().next()
}

/// Every institution-type name in `text`, in order, not overlapping (the longest wins).
pub fn institutions(text: &str) -> Vec<Institution> {
    let text = cut(text, MAX_TEXT);
    if text.trim().is_empty() {
        return Vec::new();
    }
    let r = rules();
    // The case-kept skeleton: full-width letters, Cyrillic look-alikes and invisible characters
    // no longer hide the words; `at` maps back to the text.
    let (sk, at) = skeleton_mapped(text, false);
    let lower = sk.to_ascii_lowercase();
    // Every candidate, then the best ones that do not overlap: a specific institution before a
    // support desk or a generic government word (中国工商银行客服中心 is the bank's, 国税庁 is the
    // tax agency), then the longer, the longer word (Federal Credit Union), the first.
    let mut candidates: Vec<(usize, usize, InstitutionKind, usize, Match)> = Vec::new();
    // Latin needles are lower case; the CJK ones are unchanged by ASCII lower-casing.
    let matches = r.ac.as_ref().and_then(|ac| {
        aho_corasick::automaton::Automaton::try_find_overlapping_iter(
            ac,
            aho_corasick::Input::new(lower.as_str()),
        )
        .ok()
    });
    for m in matches.into_iter().flatten() {
        let Some(rule) = r.rules.get(m.pattern().as_usize()) else {
            continue;
        };
        let (s, e) = (m.start(), m.end());
        let found = if rule.latin {
            latin_match(r, rule, &sk, s, e)
        } else if sk.get(s..e) == Some(rule.text) {
            cjk_match(r, rule, &sk, s, e)
        } else {
            None
        };
        if let Some(m) = found {
            candidates.push((m.0, m.1, rule.kind, rule.text.len(), m));
        }
    }
    let mut found: Vec<(usize, usize, Institution)> = Vec::new();
    while let Some(best) = (0..candidates.len()).max_by_key(|&i| {
        let (s, e, kind, rule_len, _) = &candidates[i];
        (
            !matches!(
                kind,
                InstitutionKind::SupportDesk | InstitutionKind::Government
            ),
            e - s,
            *rule_len,
            std::cmp::Reverse(*s),
        )
    }) {
        let (ms, me, kind, _, (_, _, name_part, canonical)) = candidates.swap_remove(best);
        candidates.retain(|(s, e, _, _, _)| !(*s < me && ms < *e));
        let span = at[ms]..at[me];
        let pos = found.partition_point(|(s, _, _)| *s < ms);
        found.insert(
            pos,
            (
                ms,
                me,
                Institution {
                    kind,
                    name: text[span.clone()].to_string(),
                    name_part,
                    span,
                    canonical,
                },
            ),
        );
    }
    found.into_iter().map(|(_, _, i)| i).collect()
}

type Match = (usize, usize, String, Option<String>);

/// A Japanese or Chinese rule at `sk[s..e]`.
fn cjk_match(r: &Rules, rule: &Rule, sk: &str, s: usize, e: usize) -> Option<Match> {
    match rule.form {
        Form::Word => Some((s, e, String::new(), Some(rule.text.to_string()))),
        Form::Prefix => {
            // JA東京スマイル: the name follows.
            let after = &sk[e..];
            let len: usize = after
                .chars()
                .take_while(|&c| cjk_name_char(c) && !c.is_ascii())
                .take(24)
                .map(char::len_utf8)
                .sum();
            let name = &after[..len];
            if name.chars().count() < 2 || r.generic.contains(&name) {
                return None;
            }
            let full = canonical_suffix(r, rule.text).map(|c| format!("{name}{c}"));
            Some((s, e + len, name.to_string(), full))
        }
        Form::Suffix => {
            // A compound (銀行口座, 银行卡, 証券会社) is not a name: after the word comes the
            // end, punctuation, kana, or one of the words that may follow a name.
            let after = &sk[e..];
            if after.chars().next().is_some_and(is_han)
                && !r
                    .followers
                    .iter()
                    .chain(&r.service_ja)
                    .any(|f| after.starts_with(f))
            {
                return None;
            }
            let mut start = run_before(sk, s);
            let mut name = &sk[start..s];
            for p in &r.strip {
                if let Some(rest) = name.strip_prefix(p) {
                    start += p.len();
                    name = rest;
                }
            }
            // ご利用の横浜銀行 -> 横浜; but 杜の都信用金庫 is listed whole.
            let canonical = |n: &str| {
                let suffix = canonical_suffix(r, rule.text).unwrap_or(rule.text);
                format!("{n}{suffix}")
            };
            if r.particles.iter().any(|p| name.contains(p))
                && super::by_name(&canonical(name)).is_none()
            {
                let cut = r
                    .particles
                    .iter()
                    .filter_map(|p| name.rfind(p).map(|i| i + p.len()))
                    .max()
                    .unwrap_or(0);
                start += cut;
                name = &name[cut..];
            }
            let chars = name.chars().count();
            if chars == 0
                || name.contains(rule.text)
                || chars + rule.text.chars().count() < 3
                || r.generic.contains(&name)
                || r.particles.iter().any(|p| name.ends_with(p))
                || name.chars().all(|c| c.is_ascii_digit())
            {
                return None;
            }
            Some((start, e, name.to_string(), Some(canonical(name))))
        }
    }
}

fn canonical_suffix(r: &Rules, short: &str) -> Option<&'static str> {
    r.canonical
        .iter()
        .find(|(s, _)| *s == short)
        .map(|(_, f)| *f)
}

/// Capitalised words (or digits) of a name, e.g. "First National", "Springfield".
fn name_word(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '.' | '-' | '&'))
}

/// A Latin-script rule at `sk[s..e]` (found in any case).
fn latin_match(r: &Rules, rule: &Rule, sk: &str, s: usize, e: usize) -> Option<Match> {
    let before = sk[..s].chars().next_back();
    let after = sk[e..].chars().next();
    // A Latin prefix before a Japanese name (JA東京スマイル).
    if rule.form == Form::Prefix
        && after.is_some_and(|c| !c.is_ascii() && cjk_name_char(c))
        && !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && &sk[s..e] == rule.text
    {
        return cjk_match(r, rule, sk, s, e);
    }
    if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let generic = |words: &[&str]| {
        words
            .iter()
            .all(|w| r.generic.iter().any(|g| g.eq_ignore_ascii_case(w)))
    };
    match rule.form {
        Form::Word => {
            // The word itself must be written as a name ("Customs", "CUSTOMS"; not "customs").
            if !name_word(sk[s..e].split(' ').next().unwrap_or("")) {
                return None;
            }
            Some((s, e, String::new(), None))
        }
        Form::Suffix => {
            if !sk[s..e].split(' ').all(name_word) {
                return None;
            }
            // Up to four capitalised words before it.
            let mut words: Vec<&str> = Vec::new();
            let mut start = s;
            let mut rest = &sk[..s];
            while words.len() < 4 {
                let trimmed = rest.strip_suffix(' ')?;
                let w_start = trimmed
                    .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '.' | '-' | '&')))
                    .map_or(0, |i| {
                        i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
                    });
                let w = &trimmed[w_start..];
                if !name_word(w) {
                    break;
                }
                words.insert(0, w);
                start = w_start;
                rest = &trimmed[..w_start];
                if rest.is_empty() {
                    break;
                }
            }
            while let Some(first) = words.first() {
                if r.strip.contains(first) {
                    start += first.len() + 1;
                    words.remove(0);
                } else {
                    break;
                }
            }
            if words.is_empty() || generic(&words) {
                return None;
            }
            let name = words.join(" ");
            Some((start, e, name, None))
        }
        Form::Prefix => {
            if !sk[s..e].split(' ').next().is_some_and(name_word) {
                return None;
            }
            let mut words: Vec<&str> = Vec::new();
            let mut end = e;
            while words.len() < 4 {
                let Some(rest) = sk[end..].strip_prefix(' ') else {
                    break;
                };
                let len = rest
                    .find(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '.' | '-' | '&')))
                    .unwrap_or(rest.len());
                let w = rest[..len].trim_end_matches('.');
                if !name_word(w) {
                    break;
                }
                words.push(w);
                end += 1 + w.len();
            }
            if words.is_empty() || generic(&words) {
                return None;
            }
            Some((s, end, words.join(" "), None))
        }
    }
}
