//! Lure wording: phrases by category and language (data/lures.json), matched in one pass with a
//! single Aho-Corasick automaton over the normalised subject and visible body text.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalize::normalize;
use aho_corasick::MatchKind;
type AhoCorasick = aho_corasick::nfa::contiguous::NFA;

/// How a category is judged (see `mod.rs` for the severities).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Wording genuine shops and services also use (orders, payments, deliveries, invoices).
    Commerce,
    /// Unsolicited offers that genuine businesses also make (loans, insurance and health plans,
    /// health products, energy savings): weighed only when nobody is proven to speak.
    Offer,
    /// Threats to an account, shared documents, mailbox quota, software to install.
    Account,
    /// Deadlines and pressure: only counts together with another category.
    Urgency,
    /// Requests for secrets (passwords, PINs, card numbers) and extortion.
    Credentials,
    /// Scams no genuine sender writes (prizes, advance fee, investment, dating).
    Scam,
}

pub struct Category {
    /// Short name, e.g. `order`; the finding id is `content.lure_<name>`.
    pub name: String,
    pub group: Group,
}

#[derive(Clone, Copy)]
struct PatInfo {
    cat: u8,
    weight: u8,
    /// Check a word boundary before / after the match (Latin phrases).
    start_boundary: bool,
    end_boundary: bool,
    /// The phrase is a unit that counts only after a number ("0.75 btc", "140btc").
    after_number: bool,
    /// The phrase counts only after a ticker ("$ADIDAS rewards", "$DISNEY coin").
    after_ticker: bool,
}

pub struct Lures {
    pub categories: Vec<Category>,
    ac: AhoCorasick,
    /// Per automaton pattern: the categories it belongs to.
    infos: Vec<Vec<PatInfo>>,
}

fn group_of(s: &str) -> Group {
    match s {
        "commerce" => Group::Commerce,
        "offer" => Group::Offer,
        "urgency" => Group::Urgency,
        "credentials" => Group::Credentials,
        "scam" => Group::Scam,
        _ => Group::Account,
    }
}

/// A letter or digit of an alphabetic script (CJK text has no word boundaries to respect).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !('\u{2E80}'..='\u{FFEF}').contains(&c) && (c as u32) < 0x20000
}

/// Does a phrase starting/ending with `c` need a word boundary there?
fn latin_word(c: Option<char>) -> bool {
    c.is_some_and(is_word)
}

impl Lures {
    fn load() -> Lures {
        let mut categories = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut infos: Vec<Vec<PatInfo>> = Vec::new();
        // Categories sorted by name, then each one's languages sorted (build.rs).
        for mut c in crate::data::records(crate::data::LURE_CATEGORIES) {
            let cat = categories.len() as u8;
            categories.push(Category {
                name: c.text().to_string(),
                group: group_of(c.text()),
            });
            for p in c.list() {
                let (weight, p) = match p.strip_prefix('~') {
                    Some(rest) => (1, rest),
                    None => (2, p),
                };
                let (prefix, p) = match p.strip_suffix('*') {
                    Some(rest) => (true, rest),
                    None => (false, p),
                };
                let (after_number, p) = match p.strip_prefix('#') {
                    Some(rest) => (true, rest),
                    None => (false, p),
                };
                let (after_ticker, p) = match p.strip_prefix('$') {
                    Some(rest) => (true, rest),
                    None => (false, p),
                };
                let norm = normalize(p).trim().to_string();
                if norm.is_empty() {
                    continue;
                }
                let info = PatInfo {
                    cat,
                    weight,
                    start_boundary: !after_number
                        && !after_ticker
                        && latin_word(norm.chars().next()),
                    end_boundary: !prefix && latin_word(norm.chars().last()),
                    after_number,
                    after_ticker,
                };
                let id = *index.entry(norm.clone()).or_insert_with(|| {
                    phrases.push(norm);
                    infos.push(Vec::new());
                    phrases.len() - 1
                });
                if !infos[id].iter().any(|i| i.cat == cat) {
                    infos[id].push(info);
                }
            }
        }
        // Dense transition tables only for the start state: the automaton is then a third of the
        // size (648 KB -> 223 KB) and stays in cache better between messages. Its share of a check
        // (perf, median-size mail) went from 8.7-10.1% to 7.3-8.2%; a full DFA (8 MB) was no
        // faster inside a check than the default.
        let ac = aho_corasick::nfa::contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .dense_depth(1)
            .build(&phrases)
            .unwrap_or_else(|e| panic!("lure automaton: {e}"));
        Lures {
            categories,
            ac,
            infos,
        }
    }
}

pub fn lures() -> &'static Lures {
    static L: OnceLock<Lures> = OnceLock::new();
    L.get_or_init(Lures::load)
}

/// What matched in one category.
#[derive(Debug, Clone, Default)]
pub struct CategoryHit {
    pub cat: usize,
    pub score: u32,
    /// Distinct phrases found (pattern ids), capped.
    pub phrases: Vec<usize>,
    /// Byte range (in the normalised text) of the first strong match, else the first match.
    pub first: (usize, usize),
    pub first_strong: bool,
}

/// Negations around a request for secrets: genuine mail says "we will never ask for your password"
/// or "暗証番号をお尋ねすることはありません".
const NEGATION_BEFORE: &[&str] = &[
    "never",
    "will not",
    "won't",
    "do not",
    "don't",
    "not ask",
    "nor ",
    "絶対に",
    "決して",
    "不会",
    "絕不",
    "绝不",
    "nunca",
    "niemals",
    "jamais",
];
const NEGATION_AFTER: &[&str] = &[
    "ことはありません",
    "ことは一切",
    "ことはございません",
    "ことはございませ",
    "しません",
    "いたしません",
    "お尋ねすること",
    "お伺いすること",
    "不会",
    "絕不",
    "绝不",
];

fn window(text: &str, start: usize, end: usize) -> &str {
    let mut s = start.min(text.len());
    let mut e = end.min(text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    &text[s..e]
}

fn negated(text: &str, start: usize, end: usize) -> bool {
    let before = window(text, start.saturating_sub(60), start);
    let after = window(text, end, end + 60);
    NEGATION_BEFORE.iter().any(|n| before.contains(n))
        || NEGATION_AFTER.iter().any(|n| after.contains(n))
}

/// Does the text before a unit end in a number, directly or after one separator ("140btc",
/// "1.330 btc", "0.7495_bitcoin")?
fn follows_number(before: &[u8]) -> bool {
    match before {
        [.., d] if d.is_ascii_digit() => true,
        [.., d, b' ' | b'_' | b'.' | b'-'] => d.is_ascii_digit(),
        _ => false,
    }
}

/// Does the text before a word end in a ticker and one space ("$adidas ", "$disney ")? Two to
/// ten letters after a dollar sign: "$5 rewards" is a price, not a coin.
fn follows_ticker(before: &[u8]) -> bool {
    let Some(rest) = before.strip_suffix(b" ") else {
        return false;
    };
    let letters = rest
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    (2..=10).contains(&letters) && rest[..rest.len() - letters].ends_with(b"$")
}

/// Scan normalised text; returns the categories whose score reached 2.
pub fn scan(text: &str) -> Vec<CategoryHit> {
    let l = lures();
    let mut hits: Vec<CategoryHit> = (0..l.categories.len())
        .map(|cat| CategoryHit {
            cat,
            ..CategoryHit::default()
        })
        .collect();
    let bytes = text.as_bytes();
    for m in aho_corasick::automaton::Automaton::try_find_overlapping_iter(
        &l.ac,
        aho_corasick::Input::new(text),
    )
    .into_iter()
    .flatten()
    {
        let (s, e) = (m.start(), m.end());
        let pid = m.pattern().as_usize();
        let Some(infos) = l.infos.get(pid) else {
            continue;
        };
        for info in infos {
            if info.start_boundary && s > 0 {
                let prev = text[..s].chars().next_back();
                if prev.is_some_and(is_word) {
                    continue;
                }
            }
            if info.end_boundary && e < bytes.len() {
                let mut next = text[e..].chars();
                match next.next() {
                    Some(c) if is_word(c) => continue,
                    // A weak word at the head of a hyphenated compound is another word:
                    // "gratis-lieferung" (free delivery) is shop wording, "gratis" alone is not.
                    Some('-') if info.weight == 1 && next.next().is_some_and(is_word) => continue,
                    _ => {}
                }
            }
            if info.after_number && !follows_number(&bytes[..s]) {
                continue;
            }
            if info.after_ticker && !follows_ticker(&bytes[..s]) {
                continue;
            }
            let h = &mut hits[info.cat as usize];
            if h.phrases.contains(&pid) {
                continue;
            }
            if l.categories[info.cat as usize].group == Group::Credentials && negated(text, s, e) {
                continue;
            }
            if h.phrases.len() < 16 {
                h.phrases.push(pid);
            }
            h.score += info.weight as u32;
            let strong = info.weight >= 2;
            if h.phrases.len() == 1 || (strong && !h.first_strong) {
                h.first = (s, e);
                h.first_strong = strong;
            }
        }
    }
    hits.retain(|h| h.score >= 2);
    hits
}

/// The text of a matched range with some context, for evidence.
pub fn snippet(text: &str, range: (usize, usize)) -> String {
    let w = window(text, range.0.saturating_sub(50), range.1 + 70);
    format!("…{}…", w.trim())
}

/// The matched phrase itself.
pub fn phrase(text: &str, range: (usize, usize)) -> String {
    window(text, range.0, range.1).to_string()
}
