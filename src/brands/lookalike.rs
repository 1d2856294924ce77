//! Host names that imitate a brand without belonging to it.

use std::sync::OnceLock;

use super::{Brand, registry, skeleton::skeleton_lower};
use crate::domain;

/// How a host imitates a brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookalikeKind {
    /// One or two letters off a brand's name (`amazom`, `netfilx`).
    EditDistance,
    /// Same skeleton as the brand's name with ASCII lookalikes (`amaz0n`, `paypa1`, `rnercari`).
    Confusable,
    /// An internationalised (punycode) label whose letters imitate the brand (`xn--mazon-3ve`).
    MixedScriptPunycode,
    /// The brand's name or domain inside an unrelated domain (`amazon.co.jp.evil.top`,
    /// `amazon-co-jp.acount-secure.top`, `secure-paypal-login.com`).
    BrandInUnrelatedDomain,
}

impl LookalikeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LookalikeKind::EditDistance => "edit_distance",
            LookalikeKind::Confusable => "confusable",
            LookalikeKind::MixedScriptPunycode => "mixed_script_punycode",
            LookalikeKind::BrandInUnrelatedDomain => "brand_in_unrelated_domain",
        }
    }
}

/// A host imitating a brand.
#[derive(Debug, Clone)]
pub struct Lookalike {
    pub brand: &'static Brand,
    pub kind: LookalikeKind,
    /// What matched, e.g. `amazon.co.jp inside amazon.co.jp.evil.top`.
    pub evidence: String,
}

/// Ordinary words that contain a brand token (`amazonas`, `resonance`): a label containing one is
/// not searched for tokens.
const BENIGN: &[&str] = &["amazonas", "amazonia", "resonan", "adobeconnect"];

/// Does `label` contain `t` with its ends at the label's ends or at hyphens?
fn bounded(label: &str, t: &str) -> bool {
    label.match_indices(t).any(|(s, _)| {
        let e = s + t.len();
        (s == 0 || label.as_bytes()[s - 1] == b'-')
            && (e == label.len() || label.as_bytes()[e] == b'-')
    })
}

/// Does `label` contain substring token `t` (hyphenated tokens only between hyphens)?
fn has_token(label: &str, t: &str) -> bool {
    if t.contains('-') {
        bounded(label, t)
    } else {
        label.contains(t)
    }
}

/// Words within edit distance of a brand token that are ordinary words, not imitations.
const EDIT_STOP: &[&str] = &[
    "webchat",
    "adobes",
    "binances",
    "googler",
    "googlers",
    "youtuber",
    "youtubers",
];

struct Patterns {
    /// Brand domains in dotted and dashed forms, longest first: (pattern, brand index, domain).
    embedded: Vec<(String, usize, &'static str)>,
    embedded_ac: Option<aho_corasick::nfa::contiguous::NFA>,
    /// Substring tokens (ASCII, lower-case), longest first.
    tokens: Vec<(&'static str, usize)>,
    /// Whole-label (or hyphen-part) tokens.
    labels: Vec<(&'static str, usize)>,
    /// Automaton over `tokens` then `labels` (pattern index < tokens.len(): a substring token).
    tokens_ac: Option<aho_corasick::nfa::contiguous::NFA>,
    /// The `tokens` an edit distance is measured against (6+ letters, no hyphen or digit), in
    /// the same order: chosen once rather than for every label of every host.
    edit_tokens: Vec<(&'static str, usize)>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let brands = &registry().brands;
        let mut embedded = Vec::new();
        let mut tokens = Vec::new();
        let mut labels = Vec::new();
        for (i, b) in brands.iter().enumerate() {
            for d in b.sender_domains.iter().chain(&b.link_domains) {
                let d: &'static str = d.as_str();
                if d.len() < 5 {
                    continue;
                }
                embedded.push((d.to_string(), i, d));
                let dashed = d.replace('.', "-");
                if dashed.len() >= 6 {
                    embedded.push((dashed, i, d));
                }
            }
            for t in &b.tokens {
                if t.len() >= 4 {
                    tokens.push((t.as_str(), i));
                }
            }
            for t in &b.label_tokens {
                labels.push((t.as_str(), i));
            }
        }
        embedded.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
        tokens.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let embedded_ac =
            aho_corasick::nfa::contiguous::NFA::new(embedded.iter().map(|(p, _, _)| p.as_str()))
                .ok();
        let tokens_ac =
            aho_corasick::nfa::contiguous::NFA::new(tokens.iter().chain(&labels).map(|(t, _)| *t))
                .ok();
        let edit_tokens = tokens
            .iter()
            .filter(|(t, _)| {
                t.len() >= 6 && !t.contains('-') && !t.bytes().any(|b| b.is_ascii_digit())
            })
            .copied()
            .collect();
        Patterns {
            edit_tokens,
            tokens_ac,
            embedded_ac,
            embedded,
            tokens,
            labels,
        }
    })
}

/// Decode one punycode label (RFC 3492), without the `xn--` prefix. None if invalid.
pub(crate) fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    if input.len() > 255 || !input.is_ascii() {
        return None;
    }
    let (basic, rest) = match input.rfind('-') {
        Some(p) => (&input[..p], &input[p + 1..]),
        None => ("", input),
    };
    let mut out: Vec<char> = basic.chars().collect();
    let (mut n, mut bias, mut i): (u32, u32, u32) = (128, 72, 0);
    let adapt = |mut delta: u32, num: u32, first: bool| -> u32 {
        delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / num;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    };
    let bytes = rest.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let c = *bytes.get(pos)?;
            pos += 1;
            let digit = match c {
                b'a'..=b'z' => (c - b'a') as u32,
                b'A'..=b'Z' => (c - b'A') as u32,
                b'0'..=b'9' => (c - b'0') as u32 + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = out.len() as u32 + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
        if out.len() > 255 {
            return None;
        }
    }
    Some(out.into_iter().collect())
}

/// Optimal string alignment distance, capped: returns `cap + 1` once it is certainly above.
/// Host labels are at most 63 bytes; longer input is treated as far.
fn edit_distance(a: &[u8], b: &[u8], cap: usize) -> usize {
    const W: usize = 65;
    if a.len().abs_diff(b.len()) > cap || a.len() >= W || b.len() >= W {
        return cap + 1;
    }
    let m = b.len();
    // Three rolling rows (i-2, i-1, i), indexed by i % 3: no copying.
    let mut d = [[0usize; W]; 3];
    for (j, v) in d[0].iter_mut().enumerate().take(m + 1) {
        *v = j;
    }
    for i in 1..=a.len() {
        let (r, p, pp) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        d[r][0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[p][j] + 1).min(d[r][j - 1] + 1).min(d[p][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[pp][j - 2] + 1);
            }
            d[r][j] = v;
            row_min = row_min.min(v);
        }
        if row_min > cap {
            return cap + 1;
        }
    }
    d[a.len() % 3][m]
}

fn at(i: usize, kind: LookalikeKind, evidence: String) -> Option<Lookalike> {
    Some(Lookalike {
        brand: registry().brands.get(i)?,
        kind,
        evidence,
    })
}

/// Does `host` imitate a brand it does not belong to? Hosts owned by a brand (its sender or link
/// domains and their subdomains), the brands' infrastructure domains that carry other people's
/// content (amazonses.com, googleusercontent.com ...), IP literals and ordinary domains give None.
pub fn lookalike(host: &str) -> Option<Lookalike> {
    let ascii = checked_host(host)?;
    let labels = labels_left_of_suffix(&ascii);
    if labels.is_empty() {
        return None;
    }
    let pats = patterns();
    punycode_imitation(&labels, pats)
        .or_else(|| embedded_brand_domain(&ascii, pats))
        .or_else(|| ascii_confusable(&labels, pats))
        .or_else(|| brand_token_inside(&ascii, &labels, pats))
        .or_else(|| typo_of_token(&labels, pats))
}

/// The host in ASCII form, when it is a name worth judging: not an IP address, not empty or
/// over-long, not a brand's own or related host.
fn checked_host(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    if host.is_empty() || host.len() > 253 || !host.contains('.') {
        return None;
    }
    let ascii = domain::normalize_host(host)?;
    if ascii.parse::<std::net::IpAddr>().is_ok() || ascii.starts_with('[') {
        return None;
    }
    let reg = registry();
    if reg.owner_index(&ascii).is_some() || reg.is_related(&ascii) {
        return None;
    }
    Some(ascii)
}

/// Labels to look at: everything left of the public suffix.
fn labels_left_of_suffix(ascii: &str) -> Vec<&str> {
    let suffix_labels = match domain::registrable(ascii) {
        Some(r) => r.split('.').count().saturating_sub(1),
        None => 1,
    };
    let mut all_labels: Vec<&str> = ascii.split('.').collect();
    let keep = all_labels.len().saturating_sub(suffix_labels.max(1));
    all_labels.truncate(keep);
    all_labels
}

/// Check 1: punycode labels whose Unicode form imitates a brand.
fn punycode_imitation(labels: &[&str], pats: &Patterns) -> Option<Lookalike> {
    for l in labels.iter().filter(|l| l.starts_with("xn--")) {
        let Some(u) = punycode_decode(&l[4..]) else {
            continue;
        };
        let sk = skeleton_lower(&u);
        for (t, i) in pats.tokens.iter().chain(&pats.labels) {
            let hit = if t.len() >= 5 {
                has_token(&sk, t)
            } else {
                bounded(&sk, t)
            };
            if hit {
                return at(*i, LookalikeKind::MixedScriptPunycode, format!("{l} ({u})"));
            }
        }
        if let Some((i, name)) = super::name_in(&sk) {
            return at(
                i,
                LookalikeKind::MixedScriptPunycode,
                format!("{l} ({u}: {name})"),
            );
        }
    }
    None
}

/// Check 2: a brand's own domain embedded at a label boundary (amazon.co.jp.evil.top,
/// amazon-co-jp.x.top); the longest wins.
fn embedded_brand_domain(ascii: &str, pats: &Patterns) -> Option<Lookalike> {
    let ac = pats.embedded_ac.as_ref()?;
    let bytes = ascii.as_bytes();
    let mut best: Option<(usize, usize)> = None; // (pattern length, pattern index)
    for m in aho_corasick::automaton::Automaton::try_find_overlapping_iter(
        ac,
        aho_corasick::Input::new(ascii),
    )
    .into_iter()
    .flatten()
    {
        let (st, e) = (m.start(), m.end());
        let start_ok = st == 0 || matches!(bytes[st - 1], b'.' | b'-');
        let end_ok = e < bytes.len() && matches!(bytes[e], b'.' | b'-');
        if start_ok && end_ok && best.is_none_or(|(l, _)| e - st > l) {
            best = Some((e - st, m.pattern().as_usize()));
        }
    }
    let (_, k) = best?;
    let (_, i, d) = pats.embedded.get(k)?;
    at(
        *i,
        LookalikeKind::BrandInUnrelatedDomain,
        format!("{d} inside {ascii}"),
    )
}

/// Check 3: ASCII lookalikes (amaz0n, paypa1, rnercari): the skeleton shows a token the label hides.
fn ascii_confusable(labels: &[&str], pats: &Patterns) -> Option<Lookalike> {
    for l in labels {
        if l.starts_with("xn--") {
            continue;
        }
        let sk = skeleton_lower(l);
        if sk == *l || BENIGN.iter().any(|b| sk.contains(b)) {
            continue;
        }
        for (t, i) in &pats.tokens {
            if has_token(&sk, t) && !has_token(l, t) {
                return at(*i, LookalikeKind::Confusable, format!("{l} reads as {t}"));
            }
        }
        for (t, i) in &pats.labels {
            if bounded(&sk, t) && !bounded(l, t) {
                return at(*i, LookalikeKind::Confusable, format!("{l} reads as {t}"));
            }
        }
    }
    None
}

/// Check 4: brand tokens inside an unrelated domain (substring tokens anywhere in a label,
/// hyphenated and short tokens only between label ends or hyphens); the longest wins.
fn brand_token_inside(ascii: &str, labels: &[&str], pats: &Patterns) -> Option<Lookalike> {
    let ac = pats.tokens_ac.as_ref()?;
    let mut best: Option<(usize, &'static str, usize)> = None; // (len, token, brand)
    for l in labels
        .iter()
        .filter(|l| !BENIGN.iter().any(|b| l.contains(b)))
    {
        let lb = l.as_bytes();
        for m in aho_corasick::automaton::Automaton::try_find_overlapping_iter(
            ac,
            aho_corasick::Input::new(*l),
        )
        .into_iter()
        .flatten()
        {
            let k = m.pattern().as_usize();
            let (t, i, substring) = match pats.tokens.get(k) {
                Some((t, i)) => (*t, *i, !t.contains('-')),
                None => match pats.labels.get(k - pats.tokens.len()) {
                    Some((t, i)) => (*t, *i, false),
                    None => continue,
                },
            };
            let (st, e) = (m.start(), m.end());
            let ok =
                substring || ((st == 0 || lb[st - 1] == b'-') && (e == lb.len() || lb[e] == b'-'));
            if ok && best.is_none_or(|(len, _, _)| t.len() > len) {
                best = Some((t.len(), t, i));
            }
        }
    }
    let (_, t, i) = best?;
    at(
        i,
        LookalikeKind::BrandInUnrelatedDomain,
        format!("{t} inside {ascii}"),
    )
}

/// Check 5: one or two letters off a distinctive token (same first letter: typosquats keep it).
fn typo_of_token(labels: &[&str], pats: &Patterns) -> Option<Lookalike> {
    for l in labels {
        for part in l.split('-') {
            if part.len() < 5 || part.starts_with("xn") || EDIT_STOP.contains(&part) {
                continue;
            }
            for (t, i) in &pats.edit_tokens {
                if part.as_bytes()[0] != t.as_bytes()[0] {
                    continue;
                }
                let cap = if t.len() >= 10 { 2 } else { 1 };
                let dist = edit_distance(part.as_bytes(), t.as_bytes(), cap);
                if dist >= 1 && dist <= cap {
                    return at(*i, LookalikeKind::EditDistance, format!("{part} ~ {t}"));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_roundtrip_samples() {
        assert_eq!(
            punycode_decode("mazon-3ve").as_deref(),
            Some("\u{0430}mazon")
        );
        assert_eq!(
            punycode_decode("zckzah").as_deref(),
            Some("\u{30c6}\u{30b9}\u{30c8}")
        );
        assert_eq!(punycode_decode("!!!"), None);
        assert_eq!(punycode_decode("99999999999999999"), None);
    }

    fn brand_of(l: Option<Lookalike>) -> Option<(String, LookalikeKind)> {
        l.map(|l| (l.brand.id.clone(), l.kind))
    }

    #[test]
    fn host_and_labels_steps() {
        assert_eq!(checked_host("192.0.2.1"), None);
        assert_eq!(checked_host("localhost"), None);
        assert_eq!(checked_host("www.amazon.co.jp"), None, "a brand's own host");
        assert_eq!(
            checked_host("Amaz0n.Example.").as_deref(),
            Some("amaz0n.example")
        );
        assert_eq!(
            labels_left_of_suffix("login.amazon-jp.co.uk"),
            ["login", "amazon-jp"]
        );
    }

    #[test]
    fn each_check_alone() {
        let pats = patterns();
        let kind = |l| brand_of(l).map(|(_, k)| k);
        assert_eq!(
            kind(punycode_imitation(&["xn--mazon-3ve"], pats)),
            Some(LookalikeKind::MixedScriptPunycode)
        );
        assert_eq!(
            kind(embedded_brand_domain("amazon.co.jp.evil.top", pats)),
            Some(LookalikeKind::BrandInUnrelatedDomain)
        );
        assert_eq!(
            kind(ascii_confusable(&["paypa1"], pats)),
            Some(LookalikeKind::Confusable)
        );
        assert_eq!(
            kind(brand_token_inside(
                "paypal-secure.example",
                &["paypal-secure"],
                pats
            )),
            Some(LookalikeKind::BrandInUnrelatedDomain)
        );
        assert_eq!(
            kind(typo_of_token(&["amazom"], pats)),
            Some(LookalikeKind::EditDistance)
        );
        for check in [
            punycode_imitation(&["example"], pats),
            embedded_brand_domain("example.org", pats),
            ascii_confusable(&["example"], pats),
            brand_token_inside("example.org", &["example"], pats),
            typo_of_token(&["example"], pats),
        ] {
            assert!(check.is_none());
        }
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance(b"amazom", b"amazon", 1), 1);
        assert_eq!(edit_distance(b"amaozn", b"amazon", 1), 1);
        assert!(edit_distance(b"github", b"google", 1) > 1);
    }
}
