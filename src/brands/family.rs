//! A brand's own domains that the registry does not list: payment apps, travel portals,
//! regional mail domains that carry the brand's name.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Brand;

/// Is `word` one that phishing domains add to a name ("login", "verify", "secure")?
pub fn is_domain_lure_word(word: &str) -> bool {
    lure_words().contains(word)
}

/// data/names.json's `domain_lure_words` (its last list).
fn lure_words() -> &'static HashSet<&'static str> {
    static W: OnceLock<HashSet<&'static str>> = OnceLock::new();
    W.get_or_init(|| {
        let mut rec = crate::data::records(crate::data::NAMES)
            .next()
            .expect("data/names.json has one record");
        let mut last = HashSet::new();
        for _ in 0..7 {
            last = rec.list().collect();
        }
        last
    })
}

/// A domain that carries the brand's name as a whole part of its own label (`rakuten-travel-
/// news.example`), authenticated with DMARC alignment, may be one of the brand's payment apps,
/// travel portals or regional mail domains that the registry does not list: "not proven to be
/// the brand", not a mismatch. Look-alike signals make it a look-alike after all: letters
/// changed or borrowed from another alphabet, the name only in a subdomain, words phishing adds
/// ("login", "verify", "secure"), a top-level domain much used for throw-away domains, or an
/// address anyone can open.
pub fn unlisted_family_domain(brand: &Brand, domain: &str) -> bool {
    let Some(l) = super::lookalike(domain) else {
        return false;
    };
    if l.brand.id != brand.id || l.kind != super::LookalikeKind::BrandInUnrelatedDomain {
        return false;
    }
    let Some(reg) = crate::domain::registrable(domain) else {
        return false;
    };
    if crate::sites::risky_tld(&reg).is_some() || crate::platforms::open_platform(domain) {
        return false;
    }
    let label = reg.split('.').next().unwrap_or_default();
    let parts: Vec<&str> = label.split('-').filter(|p| !p.is_empty()).collect();
    let names: Vec<String> = brand
        .names
        .iter()
        .chain(&brand.tokens)
        .chain(&brand.label_tokens)
        .map(|n| n.to_ascii_lowercase().replace([' ', '.'], ""))
        .filter(|n| n.len() >= 3 && n.is_ascii())
        .collect();
    parts.iter().any(|p| names.iter().any(|n| n == p))
        && !parts.iter().any(|p| lure_words().contains(*p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brands_name_as_part_of_an_authenticated_domain() {
        let rakuten = crate::brands::by_id("rakuten").expect("rakuten in the registry");
        assert!(unlisted_family_domain(
            rakuten,
            "rakuten-travel-news.example"
        ));
        assert!(unlisted_family_domain(
            rakuten,
            "mail.rakuten-travel-news.example"
        ));
        for d in [
            "rakuten-login-verify.top",    // words phishing adds, and a throw-away TLD
            "rakuten-secure.example",      // a word phishing adds
            "rakutten-travel.example",     // letters changed
            "rakuten.travel-news.example", // the name only in a subdomain
            "travel-news.example",         // no name at all
        ] {
            assert!(!unlisted_family_domain(rakuten, d), "{d}");
        }
    }
}
