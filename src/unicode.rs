//! Unicode normalisation and character properties, from ICU4X (`icu_normalizer`,
//! `icu_properties` with their compiled data). `url` already needs these crates and their data
//! for IDNA (UTS #46), so using them here adds little to the wasm, where a second set of tables
//! (the `unicode-normalization` crate) cost about 40 KB gzip.

use std::borrow::Cow;

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};

/// NFKC (compatibility decomposition, then canonical composition). Borrows when `s` is
/// already normalised.
pub(crate) fn nfkc(s: &str) -> Cow<'_, str> {
    ComposingNormalizerBorrowed::new_nfkc().normalize(s)
}

/// NFC (canonical decomposition, then canonical composition).
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    ComposingNormalizerBorrowed::new_nfc().normalize(s)
}

/// The first character of the full compatibility decomposition (NFKD) of `c`: the base letter
/// of an accented letter. For a character that is already in NFKC this is also the first
/// character of its canonical decomposition.
pub(crate) fn decomposition_base(c: char) -> Option<char> {
    DecomposingNormalizerBorrowed::new_nfkd()
        .normalize_iter(std::iter::once(c))
        .next()
}

/// General category Mark (Mn, Mc or Me).
pub(crate) fn is_combining_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms_and_marks() {
        assert_eq!(nfkc("ＰＡＳＳ ﬁ"), "PASS fi");
        assert!(matches!(nfkc("plain"), Cow::Borrowed(_)));
        assert_eq!(nfc("e\u{301}"), "\u{e9}");
        assert_eq!(nfc("\u{fb01}"), "\u{fb01}");
        assert_eq!(decomposition_base('\u{e9}'), Some('e'));
        assert_eq!(decomposition_base('\u{1d6}'), Some('u'));
        assert_eq!(decomposition_base('x'), Some('x'));
        assert!(is_combining_mark('\u{301}'));
        assert!(is_combining_mark('\u{73f}'));
        assert!(!is_combining_mark('a'));
        assert!(!is_combining_mark('\u{e9}'));
    }
}
