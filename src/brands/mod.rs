//! Which brand the message claims to be: the brand registry (data/brands.json) and detection from
//! display name, From domain, subject, body and logos' alt text.
//!
//! Names are compared on their confusable skeleton ([`skeleton`]), so "Amaz0n", Cyrillic "Аmazon",
//! full-width "ａｍａｚｏｎ" and "A͏m͏a͏z͏o͏n" all read as "amazon". Aliases that are ordinary words
//! ("LINE", "au", "Apple", "Chase" — `names_strict`) only count in strong positions: the display
//! name as a whole word with their case, a bracketed subject tag (`【LINE】`), a logo's alt text, or
//! the From domain.

mod family;
mod lookalike;
pub(crate) mod skeleton;

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::MatchKind;
use aho_corasick::automaton::Automaton;
type AhoCorasick = aho_corasick::dfa::DFA;

use crate::domain;
use crate::model::Mail;

pub use family::{is_domain_lure_word, unlisted_family_domain};
pub use lookalike::{Lookalike, LookalikeKind, lookalike};

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
    /// Aliases (also in `names`) that are ordinary words ("LINE", "au", "Apple"): matched only in
    /// strong positions, with their case, never in a body.
    #[serde(default)]
    pub names_strict: Vec<String>,
    /// The brand's infrastructure domains that carry other people's mail or content
    /// (amazonses.com, googleusercontent.com): neither the brand's own nor lookalikes.
    #[serde(default)]
    pub related_domains: Vec<String>,
    /// Domains (exact) where the brand hosts consumers' mailboxes (gmail.com, icloud.com,
    /// i.softbank.jp): an address there is a customer, not the brand.
    #[serde(default)]
    pub user_domains: Vec<String>,
    /// Distinctive ASCII tokens found inside imitating host names (`amazon`, `vpass`).
    #[serde(default)]
    pub tokens: Vec<String>,
    /// Short tokens that count only as a whole label or hyphen-separated part (`jcb`, `smbc`).
    #[serde(default)]
    pub label_tokens: Vec<String>,
}

/// Where a brand claim was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimSource {
    DisplayName,
    FromDomain,
    Subject,
    Body,
    LogoAlt,
    /// The closing lines ("The Amazon Team", "Amazon.co.jp カスタマーサービス").
    SignOff,
}

impl ClaimSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimSource::DisplayName => "display_name",
            ClaimSource::FromDomain => "from_domain",
            ClaimSource::Subject => "subject",
            ClaimSource::Body => "body",
            ClaimSource::LogoAlt => "logo_alt",
            ClaimSource::SignOff => "sign_off",
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

struct Registry {
    brands: Vec<Brand>,
    /// Sender and link domains -> brand index (the longest registered suffix wins).
    owned: HashMap<String, usize>,
    related: HashMap<String, usize>,
    /// Lower-case skeletons of the ordinary (non-strict) names.
    names: Option<AhoCorasick>,
    names_brand: Vec<(usize, String)>,
    /// Case-kept skeletons of the strict names (plus their upper-case form).
    strict: Option<AhoCorasick>,
    strict_brand: Vec<(usize, String)>,
}

impl Registry {
    fn load() -> Registry {
        let brands: Vec<Brand> = crate::data::records(crate::data::BRANDS)
            .map(|mut f| Brand {
                id: f.text().to_string(),
                name: f.text().to_string(),
                report_to: f.opt().map(str::to_string),
                names: f.owned_list(),
                sender_domains: f.owned_list(),
                link_domains: f.owned_list(),
                names_strict: f.owned_list(),
                related_domains: f.owned_list(),
                user_domains: f.owned_list(),
                tokens: f.owned_list(),
                label_tokens: f.owned_list(),
            })
            .collect();
        let mut owned = HashMap::new();
        let mut related = HashMap::new();
        let (mut names_pats, mut names_brand) = (Vec::new(), Vec::new());
        let (mut strict_pats, mut strict_brand) = (Vec::new(), Vec::new());
        for (i, b) in brands.iter().enumerate() {
            for d in b.sender_domains.iter().chain(&b.link_domains) {
                owned.entry(d.to_ascii_lowercase()).or_insert(i);
            }
            for d in &b.related_domains {
                related.entry(d.to_ascii_lowercase()).or_insert(i);
            }
            for n in &b.names {
                if b.names_strict.contains(n) {
                    continue;
                }
                let sk = skeleton::skeleton_lower(n);
                if sk.chars().count() >= 2 && !names_pats.contains(&sk) {
                    names_pats.push(sk);
                    names_brand.push((i, n.clone()));
                }
            }
            for n in &b.names_strict {
                let sk = skeleton::skeleton_cased(n);
                // ASCII upper case: skeletons map look-alikes to ASCII letters (tested for every
                // strict name), and the wasm then needs no Unicode upper-case table (~5 KB gzip).
                for v in [sk.clone(), sk.to_ascii_uppercase()] {
                    if !v.is_empty() && !strict_pats.contains(&v) {
                        strict_pats.push(v);
                        strict_brand.push((i, n.clone()));
                    }
                }
            }
        }
        let build = |p: &[String]| {
            aho_corasick::dfa::DFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(p)
                .ok()
        };
        Registry {
            names: build(&names_pats),
            strict: build(&strict_pats),
            brands,
            owned,
            related,
            names_brand,
            strict_brand,
        }
    }

    /// Index of the brand owning `host` (lower-case ASCII): longest registered suffix.
    fn owner_index(&self, host: &str) -> Option<usize> {
        if host.len() > MAX_HOST {
            return None;
        }
        suffixes(host).find_map(|s| self.owned.get(s).copied())
    }

    fn is_related(&self, host: &str) -> bool {
        if host.len() > MAX_HOST {
            return false;
        }
        suffixes(host).any(|s| self.related.contains_key(s))
    }
}

/// No real host name is longer (RFC 1035); longer input is not a brand's and is not walked.
const MAX_HOST: usize = 253;

/// `a.b.c`, `b.c`, `c`.
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::once(host).chain(host.match_indices('.').map(move |(i, _)| &host[i + 1..]))
}

fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(Registry::load)
}

/// UTS #39 confusable skeleton of `s` after NFKC, full-width folding and case folding, so that
/// "Amaz0n", Cyrillic "Аmazon" and "ａｍａｚｏｎ" compare equal to "amazon". Invisible characters
/// (zero-width, bidi controls, combining marks) are removed.
pub fn skeleton(s: &str) -> String {
    skeleton::skeleton_lower(s)
}

/// `s` lower-cased, its letters made Latin as [`skeleton`] does, without its ASCII look-alike
/// folds: how a display name is compared with an address.
pub fn letters(s: &str) -> String {
    skeleton::letters_lower(s)
}

/// Every brand in the registry.
pub fn all() -> &'static [Brand] {
    &registry().brands
}

/// The brand with this id.
pub fn by_id(id: &str) -> Option<&'static Brand> {
    all().iter().find(|b| b.id == id)
}

/// May `domain` (a full, lower-case domain) send for `brand`?
pub fn may_send(brand: &Brand, domain: &str) -> bool {
    if domain.len() > MAX_HOST + 1 {
        return false;
    }
    let Some(d) = domain::normalize_host(domain) else {
        return false;
    };
    if brand
        .user_domains
        .iter()
        .any(|u| u.eq_ignore_ascii_case(&d))
    {
        return false;
    }
    brand
        .sender_domains
        .iter()
        .any(|s| domain::is_within(&d, s))
}

/// The brand whose sender or link domains contain `host`, if any.
pub fn owner_of(host: &str) -> Option<&'static Brand> {
    if host.len() > MAX_HOST + 1 {
        return None;
    }
    let h = domain::normalize_host(host)?;
    let r = registry();
    r.owner_index(&h).and_then(|i| r.brands.get(i))
}

/// The brand whose sending domains (not its consumers' mailbox domains) contain `domain`.
pub fn sender_brand(domain: &str) -> Option<&'static Brand> {
    if domain.len() > MAX_HOST + 1 {
        return None;
    }
    let d = domain::normalize_host(domain)?;
    let r = registry();
    let i = r.owner_index(&d)?;
    let b = r.brands.get(i)?;
    if may_send(b, &d) {
        return Some(b);
    }
    // A less specific brand may still own it as a sender (e.g. a shared parent domain).
    r.brands.iter().find(|b| may_send(b, &d))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    AsciiAlnum,
    Katakana,
    Other,
}

pub(crate) fn class(c: char) -> CharClass {
    if c.is_ascii_alphanumeric() {
        CharClass::AsciiAlnum
    } else if ('\u{30A0}'..='\u{30FF}').contains(&c) || ('\u{31F0}'..='\u{31FF}').contains(&c) {
        CharClass::Katakana
    } else {
        CharClass::Other
    }
}

/// Is the match `hay[s..e]` a whole word (ASCII names: no ASCII letter/digit around; katakana
/// names: no katakana around; CJK names: anywhere)? Also the organisation tiers' rule.
pub(crate) fn whole_word(hay: &str, s: usize, e: usize) -> bool {
    let m = &hay[s..e];
    let (Some(first), Some(last)) = (m.chars().next(), m.chars().next_back()) else {
        return false;
    };
    let before = hay[..s].chars().next_back();
    let after = hay[e..].chars().next();
    let ok = |edge: char, near: Option<char>| {
        let c = class(edge);
        c == CharClass::Other || near.is_none_or(|n| class(n) != c)
    };
    ok(first, before) && ok(last, after)
}

/// Ordinary-name matches in a lower-case skeleton: (start, end, brand index, alias).
fn name_matches(sk: &str) -> Vec<(usize, usize, usize, &'static str)> {
    let r = registry();
    let Some(ac) = &r.names else {
        return Vec::new();
    };
    ac.try_find_iter(aho_corasick::Input::new(sk))
        .into_iter()
        .flatten()
        .filter(|m| whole_word(sk, m.start(), m.end()))
        .filter_map(|m| {
            let (i, n) = r.names_brand.get(m.pattern().as_usize())?;
            Some((m.start(), m.end(), *i, n.as_str()))
        })
        .collect()
}

/// First ordinary brand name in a lower-case skeleton (used for IDN labels).
pub(crate) fn name_in(sk: &str) -> Option<(usize, &'static str)> {
    name_matches(sk).first().map(|(_, _, i, n)| (*i, *n))
}

/// Words that may stand next to a brand's name in a display name ("Apple Support", "LINE Pay",
/// "LINE株式会社", "みずほ銀行"): data/orgs/institutions.json's `service_words`, shared with the
/// organisation tiers.
fn service_words() -> &'static (Vec<&'static str>, Vec<&'static str>) {
    static W: OnceLock<(Vec<&'static str>, Vec<&'static str>)> = OnceLock::new();
    W.get_or_init(|| {
        (
            crate::data::list(crate::data::SERVICE_WORDS_EN).collect(),
            crate::data::list(crate::data::SERVICE_WORDS_JA).collect(),
        )
    })
}

fn is_service_word(w: &str) -> bool {
    service_words().0.contains(&w)
}

/// Strict-name matches (exact case, whole word) in a case-kept skeleton.
fn strict_matches(sk: &str) -> Vec<(usize, usize, usize, &'static str)> {
    let r = registry();
    let Some(ac) = &r.strict else {
        return Vec::new();
    };
    ac.try_find_iter(aho_corasick::Input::new(sk))
        .into_iter()
        .flatten()
        .filter(|m| whole_word(sk, m.start(), m.end()))
        .filter_map(|m| {
            let (i, n) = r.strict_brand.get(m.pattern().as_usize())?;
            Some((m.start(), m.end(), *i, n.as_str()))
        })
        .collect()
}

/// A strict name in a display name counts when the other Latin words are service words:
/// "Apple Support" and "LINE株式会社" claim, "Chase Smith" does not.
fn strict_in_display(display: &str) -> Option<usize> {
    let sk = skeleton::skeleton_cased(display);
    for (s, e, i, _) in strict_matches(&sk) {
        // "Katie from Ledger": a person speaking for the organisation presents it; the words
        // before "from" are their name.
        let before = match sk[..s].trim_end().to_ascii_lowercase().strip_suffix("from") {
            Some(b) if b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()) => "",
            _ => &sk[..s],
        };
        let mut rest = format!("{} {}", before, &sk[e..]);
        for w in &service_words().1 {
            rest = rest.replace(w, " ");
        }
        let other_script = rest.chars().any(|c| !c.is_ascii() && c.is_alphanumeric());
        let foreign = other_script
            || rest
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty() && w.bytes().any(|b| b.is_ascii_alphabetic()))
                .any(|w| !is_service_word(&w.to_ascii_lowercase()));
        if !foreign {
            return Some(i);
        }
    }
    None
}

fn claim(i: usize, source: ClaimSource, evidence: impl Into<String>) -> Option<BrandClaim> {
    Some(BrandClaim {
        brand: registry().brands.get(i)?,
        source,
        evidence: evidence.into(),
    })
}

/// Longest texts looked at (display names and subjects are short; anything longer is cut).
const MAX_FIELD: usize = 1000;
const BODY_HEAD: usize = 1200;
const BODY_TAIL: usize = 500;

use crate::html::clip as cut;

fn tail(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut b = s.len() - max;
    while !s.is_char_boundary(b) {
        b += 1;
    }
    &s[b..]
}

/// "BinanceMail", "MetaTeam", "TrustWallet": names glued to a service word in camel case, split
/// where a lower-case letter meets an upper-case one, so that the brand reads as a word.
fn split_camel_case(s: &str) -> std::borrow::Cow<'_, str> {
    let mut prev_lower = false;
    if !s.chars().any(|c| {
        let hit = prev_lower && c.is_ascii_uppercase();
        prev_lower = c.is_ascii_lowercase();
        hit
    }) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_lower = false;
    for c in s.chars() {
        if prev_lower && c.is_ascii_uppercase() {
            out.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

pub(crate) fn from_display(display: &str) -> Option<BrandClaim> {
    let display = cut(display, MAX_FIELD);
    if display.trim().is_empty() {
        return None;
    }
    let variant = |v: std::borrow::Cow<str>| match v {
        std::borrow::Cow::Owned(s) => from_display_words(&s).map(|mut c| {
            c.evidence = display.to_string();
            c
        }),
        std::borrow::Cow::Borrowed(_) => None,
    };
    from_display_words(display)
        .or_else(|| variant(split_camel_case(display)))
        .or_else(|| variant(initial_capital_i_as_l(display)))
}

/// "Iedger", "Ledger Iive": a capital I at the start of a word, followed by a lower-case letter,
/// reads as a lower-case l in most fonts. Tried on display names only when the name as written
/// claims nothing, because ordinary words start that way too ("Info", "Ivan").
fn initial_capital_i_as_l(display: &str) -> std::borrow::Cow<'_, str> {
    let b = display.as_bytes();
    let hit = |i: usize| {
        b[i] == b'I'
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())
    };
    if !(0..b.len()).any(hit) {
        return std::borrow::Cow::Borrowed(display);
    }
    let mut out = String::with_capacity(display.len());
    for (i, c) in display.char_indices() {
        // Whole words keep their case form: "Iedger" -> "Ledger", matched like "Ledger".
        out.push(if c == 'I' && hit(i) { 'L' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

fn from_display_words(display: &str) -> Option<BrandClaim> {
    let cleaned = without_user_addresses(display);
    let sk = skeleton::skeleton_lower(&cleaned);
    if let Some((_, _, i, _)) = name_matches(&sk).first() {
        return claim(*i, ClaimSource::DisplayName, display);
    }
    if let Some(i) = strict_in_display(&cleaned) {
        return claim(i, ClaimSource::DisplayName, display);
    }
    // Spaced-out letters: "N.E.T.F.L.I.X", "A m a z o n".
    let singles = sk
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() == 1)
        .count();
    if singles >= 4 {
        let squeezed: String = sk.chars().filter(|c| c.is_alphanumeric()).collect();
        if let Some((_, _, i, _)) = name_matches(&squeezed).first() {
            return claim(*i, ClaimSource::DisplayName, display);
        }
    }
    None
}

/// The brand that a From domain belongs to (as a sender) or imitates.
pub(crate) fn from_domain(domain: &str) -> Option<BrandClaim> {
    if let Some(b) = sender_brand(domain) {
        return Some(BrandClaim {
            brand: b,
            source: ClaimSource::FromDomain,
            evidence: domain.to_string(),
        });
    }
    let l = lookalike(domain)?;
    Some(BrandClaim {
        brand: l.brand,
        source: ClaimSource::FromDomain,
        evidence: domain.to_string(),
    })
}

fn from_subject(subject: &str) -> Option<BrandClaim> {
    from_subject_tagged(subject).map(|(c, _)| c)
}

/// The brand a subject names, and whether it is a tag that presents the sender (`【Amazon】`,
/// `[PayPal]`, `Netflix:` at the start) rather than a mention in a sentence.
pub(crate) fn from_subject_tagged(subject: &str) -> Option<(BrandClaim, bool)> {
    let subject = cut(subject, MAX_FIELD);
    let cleaned = without_user_addresses(subject);
    let sk = skeleton::skeleton_lower(&cleaned);
    if let Some((s, e, i, _)) = name_matches(&sk).first() {
        let tag = is_tag(&sk, *s, *e);
        return claim(*i, ClaimSource::Subject, subject).map(|c| (c, tag));
    }
    // Strict names only as a bracketed tag: 【LINE】, [Apple], 「au」.
    let sk = skeleton::skeleton_cased(&cleaned);
    for (s, e, i, _) in strict_matches(&sk) {
        if bracketed(&sk, s, e) {
            return claim(i, ClaimSource::Subject, subject).map(|c| (c, true));
        }
    }
    None
}

fn bracketed(sk: &str, s: usize, e: usize) -> bool {
    let before = sk[..s].trim_end().chars().next_back();
    let after = sk[e..].trim_start().chars().next();
    matches!(
        before,
        Some('【' | '[' | '「' | '(' | '〔' | '<' | '《' | '『')
    ) && matches!(
        after,
        Some('】' | ']' | '」' | ')' | '〕' | '>' | '》' | '』')
    )
}

/// A subject tag: the name in brackets, or the name opening the subject followed by a colon or
/// dash ("PayPal: ...", "Amazon.co.jp - ...", "[Fwd] Netflix: ...").
fn is_tag(sk: &str, s: usize, e: usize) -> bool {
    if bracketed(sk, s, e) {
        return true;
    }
    let before = sk[..s]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim();
    let after = sk[e..].trim_start().chars().next();
    before.is_empty() && matches!(after, Some(':' | '：' | '-' | '|' | '–' | '—'))
}

/// Words that may stand beside a brand in a closing line ("The Amazon Team", "Customer Service").
fn sign_off_word(w: &str) -> bool {
    let w = w.to_lowercase();
    is_service_word(&w)
        || matches!(
            w.as_str(),
            "the"
                | "your"
                | "from"
                | "regards"
                | "sincerely"
                | "thanks"
                | "thank"
                | "best"
                | "kind"
                | "warm"
                | "cheers"
                | "team"
                | "teams"
                | "all"
                | "of"
                | "us"
                | "at"
        )
}

/// A closing line that signs as a brand: one of the last short lines is the brand's name with
/// only service words beside it ("The PayPal Team", "Amazon.co.jp カスタマーサービス", "— Netflix").
pub(crate) fn from_sign_off(body: &str) -> Option<BrandClaim> {
    let body = body.trim_end();
    let end = tail(body, BODY_TAIL);
    let lines: Vec<&str> = end
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for line in lines.iter().rev().take(6) {
        if line.chars().count() > 60 || line.contains("://") || line.contains('@') {
            continue;
        }
        let sk = skeleton::skeleton_lower(line);
        let Some((s, e, i, _)) = name_matches(&sk).first().copied() else {
            continue;
        };
        let mut rest = format!("{} {}", &sk[..s], &sk[e..]);
        for w in &service_words().1 {
            rest = rest.replace(w, " ");
        }
        let clean = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| w.is_ascii() && sign_off_word(w));
        if clean {
            return claim(i, ClaimSource::SignOff, *line);
        }
    }
    None
}

/// Does the HTML have an `alt` attribute (`alt=`, `ALT =`)? A cheap check before parsing.
fn has_alt_attribute(html: &str) -> bool {
    // "alt", white space, then '=': found from each '=' (memchr) looking back, which is much
    // cheaper than testing every position of the document for "alt".
    let b = html.as_bytes();
    memchr::memchr_iter(b'=', b).any(|q| {
        let before = b[..q].trim_ascii_end();
        before.len() >= 3 && before[before.len() - 3..].eq_ignore_ascii_case(b"alt")
    })
}

/// The brand an image's alt text names, if any.
fn alt_brand(alt: &str) -> Option<usize> {
    let sk = skeleton::skeleton_lower(alt);
    if let Some((_, _, i, _)) = name_matches(&sk).first() {
        return Some(*i);
    }
    // A strict name is a logo only when it is (nearly) the whole alt text.
    let cased = skeleton::skeleton_cased(alt);
    let bare = cased
        .trim_end_matches(|c: char| c.is_whitespace() || c == '-')
        .trim_end_matches("logo")
        .trim_end_matches("Logo")
        .trim_end_matches("ロゴ")
        .trim();
    strict_matches(bare)
        .into_iter()
        .find(|(s, e, _, _)| *s == 0 && *e == bare.len())
        .map(|(_, _, i, _)| i)
}

/// A logo is one of the first images with alt text. Rows of social or app-store icons
/// ("Facebook", "Twitter", "Get it on Google Play") name several brands, and sit in footers of
/// any newsletter: when the alts name more than one brand, none is claimed.
const LOGO_POSITIONS: usize = 3;

pub(crate) fn from_alts(mail: &Mail) -> Option<BrandClaim> {
    let mut first: Option<(usize, String)> = None;
    let mut seen_with_text = 0;
    for (i, html) in mail.html.iter().enumerate().take(3) {
        // Cheap pre-check: no alt attribute, no alt text to read.
        if !has_alt_attribute(html) {
            continue;
        }
        let owned;
        let alts = match mail.html_docs.get(i) {
            Some(d) => &d.img_alts,
            None => {
                owned = crate::html::img_alts(html);
                &owned
            }
        };
        for alt in alts.iter().take(100) {
            let alt = cut(alt.trim(), MAX_FIELD);
            if alt.is_empty() {
                continue;
            }
            seen_with_text += 1;
            // "Facebook icon", "Instagram icon": a follow button in the footer (Mailchimp's
            // social block writes its alt texts so), which names a network, not the sender.
            if is_icon_alt(alt) {
                continue;
            }
            let Some(i) = alt_brand(alt) else { continue };
            match &first {
                None if seen_with_text <= LOGO_POSITIONS => first = Some((i, alt.to_string())),
                None => return None,
                Some((b, _)) if *b != i => return None,
                Some(_) => {}
            }
        }
    }
    let (i, alt) = first?;
    claim(i, ClaimSource::LogoAlt, alt)
}

/// An alt text that calls its image an icon ("Facebook icon", "X Icon").
fn is_icon_alt(alt: &str) -> bool {
    alt.len() > 5
        && alt
            .get(alt.len() - 5..)
            .is_some_and(|t| t.eq_ignore_ascii_case(" icon"))
}

/// Removes e-mail addresses at consumer mailbox domains (`x@hotmail.com`, `x@gmail.com`) so
/// that a customer's address quoted in a display name or subject does not name the brand.
fn without_user_addresses(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('@') {
        return std::borrow::Cow::Borrowed(s);
    }
    let out: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '(' | ')' | '"'))
        .filter(|w| {
            let Some((_, d)) = w.rsplit_once('@') else {
                return true;
            };
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            !all().iter().any(|b| b.user_domains.contains(&d))
        })
        .collect();
    std::borrow::Cow::Owned(out.join(" "))
}

/// Body claims are conservative: an ordinary (non-strict) brand name at least twice in the first
/// and last lines, one of them within the opening or the signature, or three times; never a name
/// inside an address or host (`x@google.com`, `www.amazon.com`).
pub(crate) fn from_body(body: &str) -> Option<BrandClaim> {
    let body = body.trim();
    if body.is_empty() {
        return None;
    }
    let head = cut(body, BODY_HEAD);
    let tail_part = if body.len() > BODY_HEAD {
        tail(body, BODY_TAIL.min(body.len() - head.len()))
    } else {
        ""
    };
    let mut counts: Vec<(usize, usize, bool, &'static str)> = Vec::new(); // brand, count, prominent, alias
    for (text, is_head) in [(head, true), (tail_part, false)] {
        if text.is_empty() {
            continue;
        }
        let sk = skeleton::skeleton_lower(text);
        let len = sk.len();
        for (s, e, i, alias) in name_matches(&sk) {
            let before = sk[..s].chars().next_back();
            let after = sk[e..].chars().next();
            if matches!(before, Some('@' | '.' | '/' | '-' | '_' | '=')) {
                continue;
            }
            if after == Some('.') && sk[e + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
                continue;
            }
            let prominent = if is_head { s < 300 } else { len - e < 300 };
            match counts.iter_mut().find(|c| c.0 == i) {
                Some(c) => {
                    c.1 += 1;
                    c.2 |= prominent;
                }
                None => counts.push((i, 1, prominent, alias)),
            }
        }
    }
    let best = counts
        .into_iter()
        .filter(|(_, n, prominent, _)| *n >= 3 || (*n >= 2 && *prominent))
        .max_by_key(|(_, n, _, _)| *n)?;
    claim(best.0, ClaimSource::Body, format!("{} ×{}", best.3, best.1))
}

/// Discussion lists (a `List-Id` header) relay talk about brands: their subject and body do not
/// make a claim (display name, From domain and logos still do).
pub(crate) fn is_list_mail(mail: &Mail) -> bool {
    mail.header("List-Id").is_some()
}

/// The brand the message presents itself as, if any. Priority: display name > From domain >
/// subject > logo alt text > body.
pub fn claimed(mail: &Mail) -> Option<BrandClaim> {
    let sender = mail.sender();
    if let Some(name) = sender.and_then(|m| m.name.as_deref())
        && let Some(c) = from_display(name)
    {
        return Some(c);
    }
    if let Some(d) = sender.and_then(|m| m.domain())
        && let Some(c) = from_domain(&d)
    {
        return Some(c);
    }
    let list = is_list_mail(mail);
    if !list && let Some(c) = mail.subject.as_deref().and_then(from_subject) {
        return Some(c);
    }
    if let Some(c) = from_alts(mail) {
        return Some(c);
    }
    if list {
        return None;
    }
    from_body(&mail.body_text)
}

#[cfg(test)]
mod tests;
