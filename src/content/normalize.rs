//! Text normalisation for lure matching: NFKC (full-width and compatibility forms folded, e.g.
//! "ｐａｓｓｗｏｒｄ" and mathematical bold letters become "password"), lower case, zero-width and
//! bidi controls removed, stray combining marks removed ("Aܿmܿaܿzܿon" -> "amazon"), curly quotes
//! made straight, white space collapsed, and spaces between CJK characters dropped (so that a
//! line break inside a Japanese phrase does not hide it).
//!
//! ASCII is handled byte by byte; only the non-ASCII runs go through NFKC, which keeps the pass
//! cheap on mostly-English mail.

use crate::unicode::{is_combining_mark, nfkc};

/// Characters that render as nothing (or only reorder text) and are used to split words.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}')
}

/// Bidirectional controls (right-to-left override and friends).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

struct Out<'a> {
    s: &'a mut String,
    space: bool,
    last: Option<char>,
}

impl Out<'_> {
    #[inline]
    fn push(&mut self, c: char) {
        if c.is_whitespace() || c.is_control() {
            self.space = true;
            return;
        }
        if is_invisible(c) || (!c.is_ascii() && is_combining_mark(c)) {
            return;
        }
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            _ => c,
        };
        if self.space {
            self.space = false;
            if let Some(l) = self.last
                && !(is_cjk(l) && is_cjk(c))
            {
                self.s.push(' ');
            }
        }
        if c.is_ascii() {
            self.s.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                self.s.push(l);
            }
        }
        self.last = Some(c);
    }
}

/// Append the normalised form of `text` to `out`, reading at most `limit` bytes of `text`.
pub fn normalize_into(text: &str, out: &mut String, limit: usize) {
    let mut end = text.len().min(limit);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let bytes = text.as_bytes();
    let mut o = Out {
        s: out,
        space: false,
        last: None,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // Fast path for ASCII: letters, digits and most punctuation go straight through.
            if b.is_ascii_alphanumeric() || (b.is_ascii_punctuation() && b != b'`') {
                if o.space {
                    o.space = false;
                    if o.last.is_some() {
                        o.s.push(' ');
                    }
                }
                o.s.push(b.to_ascii_lowercase() as char);
                o.last = Some(b as char);
            } else if b <= b' ' || b == 0x7f {
                // ASCII white space and controls (what `push` checks, without the `char` calls).
                o.space = true;
            } else {
                o.push(b as char);
            }
            i += 1;
        } else {
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii() {
                i += 1;
            }
            // Both ends are ASCII (or the text's ends), so these are char boundaries.
            let run = &text[start..i];
            for c in nfkc(run).chars() {
                o.push(c);
            }
        }
    }
    if o.space && o.last.is_some() {
        o.s.push(' ');
    }
}

/// The normalised form of `text`.
pub fn normalize(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    normalize_into(text, &mut s, usize::MAX);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_invisibles_and_marks() {
        assert_eq!(normalize("ＰＡＳＳＷＯＲＤ"), "password");
        assert_eq!(normalize("Aܿmܿaܿzܿon"), "amazon");
        assert_eq!(
            normalize("Fi\u{200B}\u{200B}nal wa\u{200B}rning"),
            "final warning"
        );
        assert_eq!(normalize("𝐘𝐎𝐔 𝐇𝐀𝐕𝐄 𝐖𝐎𝐍"), "you have won");
        assert_eq!(normalize("ご注文の\n  確認"), "ご注文の確認");
        assert_eq!(normalize("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(normalize("don\u{2019}t   miss\r\n out"), "don't miss out");
        assert_eq!(normalize(" a  b "), "a b ");
    }
}
