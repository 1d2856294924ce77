//! Confusable skeleton: NFKC, removal of invisible characters and combining marks, accent folding
//! of Latin letters, the UTS #39 confusables mapping (data/confusables.txt: non-ASCII sources with
//! ASCII letter/digit targets) and the ASCII lookalikes used in phishing (0 -> o, 1 -> l, word-inner
//! capital I -> l, rn -> m, vv -> w).

use std::sync::OnceLock;

use crate::unicode::{decomposition_base, is_combining_mark, nfkc};

/// Sorted (source, ASCII target) pairs from data/confusables.txt.
fn confusables() -> &'static [(char, &'static str)] {
    static MAP: OnceLock<Vec<(char, &'static str)>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut v: Vec<(char, &'static str)> = include_str!("../../data/confusables.txt")
            .lines()
            .filter_map(|l| {
                let (cp, target) = l.trim().split_once(' ')?;
                let c = char::from_u32(u32::from_str_radix(cp, 16).ok()?)?;
                Some((c, target.trim()))
            })
            .collect();
        v.sort_unstable_by_key(|(c, _)| *c);
        v
    })
}

/// Zero-width, bidi controls, other format characters, variation selectors, fillers, and
/// combining marks: all invisible or nearly so, and used to break up brand names.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
        || (!c.is_ascii() && is_combining_mark(c))
}

fn map_char(c: char, out: &mut Vec<char>) {
    // ASCII, and kana / CJK ideographs (no confusable there maps to ASCII): as they are.
    if c.is_ascii() || (('\u{3008}'..='\u{A4CF}').contains(&c) && c != '\u{3164}') {
        out.push(c);
        return;
    }
    if is_invisible(c) {
        return;
    }
    // Accented Latin letters (é, ł...): keep the base letter.
    if ('\u{00C0}'..='\u{024F}').contains(&c) {
        // `c` comes out of NFKC, so its compatibility and canonical decompositions agree.
        if let Some(b) = decomposition_base(c).filter(|b| b.is_ascii()) {
            out.push(b);
            return;
        }
    }
    let table = confusables();
    if let Ok(i) = table.binary_search_by_key(&c, |(s, _)| *s) {
        out.extend(table[i].1.chars());
        return;
    }
    out.push(c);
}

/// `s` in lower case with each character mapped as the skeleton maps it (accents removed,
/// full-width and look-alike letters made Latin, invisible ones dropped), but without the
/// skeleton's folds of ASCII look-alikes ("rn" -> "m", "0" -> "o", a capital I after a small
/// letter -> "l"): for comparing a name with an address, whose plain letters those folds would
/// part from it ("Barnes" and barnes.example).
pub(crate) fn letters_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    mapped(s).into_iter().flat_map(char::to_lowercase).collect()
}

/// `s` after NFKC with each character mapped to the Latin letters it looks like (`map_char`).
fn mapped(s: &str) -> Vec<char> {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    for c in nfkc(s).chars() {
        map_char(c, &mut chars);
    }
    chars
}

/// The skeleton keeping letter case (used for names that only count with their exact case).
pub(crate) fn skeleton_cased(s: &str) -> String {
    build(s, false)
}

/// The lower-case skeleton.
pub(crate) fn skeleton_lower(s: &str) -> String {
    build(s, true)
}

fn build(s: &str, lower: bool) -> String {
    // ASCII text (most mail) is folded straight from its bytes, without the `char` copy.
    if s.is_ascii() {
        return fold(s.as_bytes(), lower);
    }
    // Trade-mark signs would fold to letters ("™" -> "TM") and glue onto the name.
    let stripped;
    let s = if s.contains(['\u{2122}', '\u{2120}', '\u{00AE}', '\u{00A9}']) {
        stripped = s.replace(['\u{2122}', '\u{2120}', '\u{00AE}', '\u{00A9}'], " ");
        stripped.as_str()
    } else {
        s
    };
    if s.is_ascii() {
        return fold(s.as_bytes(), lower);
    }
    fold(&mapped(s), lower)
}

/// The ASCII lookalikes and the case folding, over the mapped characters.
fn fold<C: Copy + Into<char>>(chars: &[C], lower: bool) -> String {
    let mut out = String::with_capacity(chars.len());
    fold_into(chars, lower, |c, _| out.push(c));
    out
}

/// `fold`, handing each output character to `emit` with the index in `chars` of the character
/// it comes from.
#[inline(always)]
fn fold_into<C: Copy + Into<char>>(chars: &[C], lower: bool, mut emit: impl FnMut(char, usize)) {
    let at = |i: usize| chars.get(i).map(|&c| c.into());
    let n = chars.len();
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < n {
        let c: char = chars[i].into();
        let next = at(i + 1);
        let letter = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
        let mut m = match c {
            '0' if letter(prev) || letter(next) => 'o',
            '1' if letter(prev) || letter(next) => 'l',
            'I' if prev.is_some_and(|p| p.is_ascii_lowercase()) => 'l',
            _ => c,
        };
        if lower {
            if m.is_ascii() {
                m = m.to_ascii_lowercase();
            } else if m.is_uppercase() {
                for l in m.to_lowercase() {
                    emit(l, i);
                }
                prev = Some(c);
                i += 1;
                continue;
            }
        }
        // rn -> m, vv -> w (in either case form).
        let pair = next.map(|x| if lower { x.to_ascii_lowercase() } else { x });
        match (m, pair) {
            ('r', Some('n')) | ('R', Some('N')) => {
                emit(if m == 'R' { 'M' } else { 'm' }, i);
                prev = Some('m');
                i += 2;
                continue;
            }
            ('v', Some('v')) | ('V', Some('V')) => {
                emit(if m == 'V' { 'W' } else { 'w' }, i);
                prev = Some('w');
                i += 2;
                continue;
            }
            _ => {}
        }
        emit(m, i);
        prev = Some(c);
        i += 1;
    }
}

/// The skeleton (lower-case or case-kept) of `s` with, for each of its bytes, the byte offset in
/// `s` of the character it comes from, plus a last entry `s.len()`: a match in the skeleton can
/// then be shown in the text. Characters are normalised one at a time, so this differs from
/// `skeleton_lower`/`skeleton_cased` only where NFKC composes two characters into one (a
/// half-width kana and its separate voicing mark).
pub(crate) fn skeleton_mapped(s: &str, lower: bool) -> (String, Vec<usize>) {
    if s.is_ascii() {
        // Byte i comes from byte i (the fold only ever merges two characters into one).
        let mut out = String::with_capacity(s.len());
        let mut offsets = Vec::with_capacity(s.len() + 1);
        fold_into(s.as_bytes(), lower, |c, i| {
            out.push(c);
            offsets.push(i);
        });
        offsets.push(s.len());
        return (out, offsets);
    }
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    let mut from: Vec<usize> = Vec::with_capacity(s.len());
    let mut one = [0u8; 4];
    for (at, c) in s.char_indices() {
        let before = chars.len();
        if c.is_ascii() {
            chars.push(c);
        } else if matches!(c, '\u{2122}' | '\u{2120}' | '\u{00AE}' | '\u{00A9}') {
            chars.push(' ');
        } else {
            for n in nfkc(c.encode_utf8(&mut one)).chars() {
                map_char(n, &mut chars);
            }
        }
        from.resize(from.len() + (chars.len() - before), at);
    }
    let mut out = String::with_capacity(chars.len());
    let mut offsets = Vec::with_capacity(chars.len() + 1);
    fold_into(&chars, lower, |c, i| {
        out.push(c);
        offsets.resize(out.len(), from.get(i).copied().unwrap_or(s.len()));
    });
    offsets.push(s.len());
    (out, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_maps_cyrillic() {
        assert!(confusables().len() > 300);
        assert_eq!(skeleton_lower("\u{0410}mazon"), "amazon");
        assert_eq!(skeleton_cased("\u{0410}pple"), "Apple");
    }

    #[test]
    fn ascii_fast_path_folds_as_the_char_path() {
        for s in [
            "",
            "Amaz0n Support",
            "PayPaI rnercari VV vv 1 0 I",
            "0o1l rn RN vV Vv",
            "a1 1a I1 lI rnrn vvv",
            "HTTPS://WWW.AMAZON.CO.JP/gp/css?x=1&y=0",
        ] {
            let chars: Vec<char> = s.chars().collect();
            for lower in [false, true] {
                assert_eq!(build(s, lower), fold(&chars, lower), "{s:?} lower={lower}");
            }
        }
    }

    #[test]
    fn mapped_skeleton_matches_and_points_back() {
        for s in [
            "",
            "Amaz0n Support",
            "PayPaI rnercari VV vv 1 0 I",
            "\u{0410}mazon ＡＭＡＺＯＮ ｱﾏｿﾞﾝ A\u{34f}m\u{200b}azon Apple™ ソニー銀行",
            "Ŝony İstanbul ß ﬁ ①",
        ] {
            for lower in [false, true] {
                let (sk, offsets) = skeleton_mapped(s, lower);
                if !s.contains('ｿ') {
                    assert_eq!(sk, build(s, lower), "{s:?}");
                }
                assert_eq!(offsets.len(), sk.len() + 1);
                assert!(offsets.windows(2).all(|w| w[0] <= w[1]));
                assert!(offsets.iter().all(|&o| s.is_char_boundary(o)));
            }
        }
        let s = "【重要】Аmazon ＰＡＹ";
        let (sk, at) = skeleton_mapped(s, true);
        let i = sk.find("amazon").unwrap();
        assert_eq!(&s[at[i]..at[i + "amazon pay".len()]], "Аmazon ＰＡＹ");
    }

    #[test]
    fn ascii_lookalikes() {
        assert_eq!(skeleton_lower("Amaz0n"), "amazon");
        assert_eq!(skeleton_lower("PayPa1"), "paypal");
        assert_eq!(skeleton_lower("PayPaI"), "paypal");
        assert_eq!(skeleton_lower("rnercari"), "mercari");
        assert_eq!(skeleton_lower("2024"), "2024");
        assert_eq!(skeleton_cased("LINE"), "LINE");
    }
}
