//! Platforms where anyone can get an address or a sending subdomain: free mail, free hosting
//! and app platforms, trial tenants. Authentication there proves the account, not who is behind
//! it. Low in the pipeline (data only), so that presentation, identity and content can all ask.

use std::sync::OnceLock;

use crate::domain::registrable;

fn freemail_list() -> &'static (Vec<String>, Vec<String>) {
    static L: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    L.get_or_init(|| {
        let mut exact = Vec::new();
        let mut any_suffix = Vec::new();
        for d in crate::data::list(crate::data::FREEMAIL) {
            match d.strip_suffix(".*") {
                Some(name) => any_suffix.push(format!("{name}.")),
                None => exact.push(d.to_string()),
            }
        }
        (exact, any_suffix)
    })
}

/// Is `domain` (any host) at a free-mail provider?
pub fn is_freemail(domain: &str) -> bool {
    let Some(reg) = registrable(domain) else {
        return false;
    };
    let (exact, any) = freemail_list();
    // The registrable domain is one label plus a public suffix, so "hotmail." + anything is
    // hotmail under some suffix.
    exact.contains(&reg) || any.iter().any(|p| reg.starts_with(p.as_str()))
}

/// The platform that sends its customers' mail from `domain` (any host) under their names
/// (`data/freemail.json`, `customer_senders`): Shopify for `t.shopifyemail.com`. Such a display
/// name is the customer's, sent via the platform.
pub fn customer_sender(domain: &str) -> Option<&'static str> {
    let domain = domain.trim_end_matches('.');
    crate::data::records(crate::data::CUSTOMER_SENDERS).find_map(|mut r| {
        let platform = r.text();
        r.list()
            .any(|d| crate::domain::is_within(domain, d))
            .then_some(platform)
    })
}

/// A domain where anyone can get an address or a sending subdomain (free mail, Firebase,
/// Microsoft 365 trial tenants, ...): authentication proves the account, not who is behind it.
pub fn open_platform(domain: &str) -> bool {
    is_freemail(domain)
        || crate::sites::hosting(domain, "/").is_some()
        || crate::domain::is_within(domain, "onmicrosoft.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_platforms() {
        assert!(open_platform("gmail.com"));
        assert!(open_platform("myapp-1234.firebaseapp.com"));
        assert!(open_platform("tenant.onmicrosoft.com"));
        assert!(!open_platform("amazon.co.jp"));
        assert!(!open_platform("kernel.org"));
    }

    #[test]
    fn customer_senders() {
        assert_eq!(customer_sender("t.shopifyemail.com"), Some("Shopify"));
        assert_eq!(customer_sender("acme.zendesk.com"), Some("Zendesk"));
        assert_eq!(customer_sender("messaging.squareup.com"), Some("Square"));
        assert_eq!(customer_sender("squareup.com"), None, "Square's own mail");
        assert_eq!(customer_sender("notshopifyemail.com"), None);
        assert_eq!(customer_sender("amazon.co.jp"), None);
    }
}
