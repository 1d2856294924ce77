//! The DNS TXT names a message needs (DKIM and ARC keys, DMARC records), most useful first, and
//! at most [`MAX_NAMES`] of them.
//!
//! The sender writes the signatures, so the sender chooses the names: one message can name a key
//! per ARC-Seal (40,000 of them in 2.9 MB), and each name is a look-up the reader's browser makes
//! when the message is opened. So the list is capped, duplicates are removed with a hash set
//! (one pass, whatever the count), and the names are asked for in order of what they prove:
//! 1. the From domain's DMARC records (its policy and alignment mode);
//! 2. the keys of DKIM signatures aligned with the From domain (what can prove the sender);
//! 3. the keys of the ARC chain, the receiving provider's own sealers first (what explains a
//!    forwarded message), only for a chain short enough to be verified at all;
//! 4. the keys of the other DKIM signatures (sending platforms, lists).

use std::collections::HashSet;

use mail_auth::AuthenticatedMessage;

use super::provider::Trust;
use super::{arc, dkim, dmarc};
use crate::model::Mail;

/// Names asked for at most per message. Real mail needs 2 DMARC names and one to four keys; a
/// forwarded message a few more for its ARC sets.
pub const MAX_NAMES: usize = 16;

/// An ordered set of names, capped.
#[derive(Debug, Default)]
pub struct NameSet {
    out: Vec<String>,
    seen: HashSet<String>,
    cap: usize,
    /// How many names were offered (the work done: one per signature or seal, not per pair).
    pub offered: usize,
}

impl NameSet {
    pub fn new(cap: usize) -> Self {
        NameSet {
            cap,
            ..NameSet::default()
        }
    }

    pub fn is_full(&self) -> bool {
        self.out.len() >= self.cap
    }

    /// Add `name` (lower-cased, no trailing dot) unless it is empty, already there, or the set
    /// is full.
    pub fn push(&mut self, name: &str) {
        self.offered += 1;
        if self.is_full() {
            return;
        }
        let n = crate::dns::canonical(name);
        if !n.is_empty() && self.seen.insert(n.clone()) {
            self.out.push(n);
        }
    }

    /// `selector._domainkey.domain`, when both parts are there.
    pub fn push_key(&mut self, selector: &str, domain: &str) {
        if !selector.is_empty() && !domain.is_empty() {
            self.push(&format!("{selector}._domainkey.{domain}"));
        }
    }

    pub fn into_vec(self) -> Vec<String> {
        self.out
    }
}

/// The names `mail` needs, in order of value, at most [`MAX_NAMES`].
pub fn wanted(mail: &Mail, msg: Option<&AuthenticatedMessage<'_>>, trust: &Trust) -> Vec<String> {
    collect(mail, msg, trust, MAX_NAMES).into_vec()
}

/// [`wanted`] with the cap given and the work counted (for tests).
pub fn collect(
    mail: &Mail,
    msg: Option<&AuthenticatedMessage<'_>>,
    trust: &Trust,
    cap: usize,
) -> NameSet {
    let mut set = NameSet::new(cap);
    let from = mail.sender().and_then(|m| m.domain());
    if let Some(d) = &from {
        for n in dmarc::record_names(d) {
            set.push(&n);
        }
    }
    let Some(msg) = msg else {
        return set;
    };
    let signatures = || msg.dkim_headers.iter().take(dkim::MAX_SIGNATURES);
    let aligned = |d: &str| {
        from.as_deref()
            .is_some_and(|f| dmarc::aligned(d, f, dmarc::Mode::Relaxed))
    };
    for h in signatures().filter(|h| aligned(&h.header.d)) {
        set.push_key(&h.header.s, &h.header.d);
    }
    arc_keys(msg, trust, &mut set);
    for h in signatures().filter(|h| !aligned(&h.header.d)) {
        if set.is_full() {
            break;
        }
        set.push_key(&h.header.s, &h.header.d);
    }
    set
}

/// The ARC keys: every seal's and the newest message signature's, the provider's own sealers
/// first, newest first. None for a chain longer than [`arc::MAX_SETS`]: it fails before any key
/// is used.
fn arc_keys(msg: &AuthenticatedMessage<'_>, trust: &Trust, set: &mut NameSet) {
    let seals = &msg.as_headers;
    // (mail-auth marks a seal numbered above 50 as an error: the chain then fails at once.)
    if seals.is_empty()
        || msg.has_arc_errors
        || seals.len() > arc::MAX_SETS
        || msg.ams_headers.len() > arc::MAX_SETS
    {
        return;
    }
    for own in [true, false] {
        for h in seals.iter().rev() {
            if set.is_full() {
                return;
            }
            if trust.is_own(&h.header.d) == own {
                set.push_key(&h.header.s, &h.header.d);
            }
        }
        if own && let Some(h) = msg.ams_headers.last() {
            set.push_key(&h.header.s, &h.header.d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::provider;
    use crate::parse::parse;

    fn names_of(raw: &str, cap: usize) -> NameSet {
        let mail = parse(raw.as_bytes()).unwrap();
        let msg = AuthenticatedMessage::parse(raw.as_bytes());
        collect(&mail, msg.as_ref(), &provider::identify(&mail), cap)
    }

    const GMAIL_HOPS: &str = "Received: by 2002:a05:7108:3d0e::1 with SMTP id x1; Tue, 14 Oct 2025 02:13:21 -0700\r\n\
Received: from list.example (list.example. [203.0.113.45]) by mx.google.com with ESMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n";

    fn sig(d: &str, s: &str) -> String {
        format!(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={d}; s={s}; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"
        )
    }

    fn arc_set(i: usize, d: &str, s: &str) -> String {
        format!(
            "ARC-Seal: i={i}; a=rsa-sha256; t=1; cv={}; d={d}; s={s}; b=AAAA\r\n\
ARC-Message-Signature: i={i}; a=rsa-sha256; c=relaxed/relaxed; d={d}; s={s}; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n\
ARC-Authentication-Results: i={i}; mx.{d}; dkim=pass header.d=news.bank.example\r\n",
            if i == 1 { "none" } else { "pass" }
        )
    }

    #[test]
    fn asked_in_order_of_value() {
        let raw = format!(
            "{GMAIL_HOPS}{}{}{}{}From: Bank <info@news.bank.example>\r\nSubject: s\r\n\r\nbody\r\n",
            arc_set(2, "google.com", "arc-20240605"),
            arc_set(1, "list.example", "arc1"),
            sig("esp.example", "e1"),
            sig("bank.example", "b1"),
        );
        assert_eq!(
            names_of(&raw, MAX_NAMES).into_vec(),
            [
                // 1. the From domain's DMARC records
                "_dmarc.news.bank.example",
                "_dmarc.bank.example",
                // 2. the key of the signature aligned with From
                "b1._domainkey.bank.example",
                // 3. ARC: the receiving provider's own sealer (Gmail: google.com) and the newest
                //    message signature, then the other sealers
                "arc-20240605._domainkey.google.com",
                "arc1._domainkey.list.example",
                // 4. the rest
                "e1._domainkey.esp.example",
            ]
        );
    }

    #[test]
    fn capped_with_the_most_useful_names_kept() {
        let mut raw = String::from(GMAIL_HOPS);
        for i in 0..30 {
            if i == 10 {
                raw += &sig("bank.example", "b1");
            }
            raw += &sig(&format!("esp{i}.example"), "s");
        }
        raw += "From: info@bank.example\r\n\r\nbody\r\n";
        let v = names_of(&raw, MAX_NAMES).into_vec();
        assert_eq!(v.len(), MAX_NAMES);
        assert_eq!(v[0], "_dmarc.bank.example");
        assert_eq!(
            v[1], "b1._domainkey.bank.example",
            "the 11th signature, asked second"
        );
        assert_eq!(v[15], "s._domainkey.esp13.example");
        assert!(!v.iter().any(|n| n.contains("esp14")), "{v:?}");
    }

    /// Issue 14: 40,000 ARC-Seal headers (2.9 MB) named 40,000 keys, deduplicated in quadratic
    /// time. Now a chain longer than any that can verify names no ARC key, and the names are
    /// collected in one pass (the count of names offered, not a timing, is what is tested).
    #[test]
    fn forty_thousand_arc_seals_name_no_arc_key_and_cost_one_pass() {
        let mut raw = String::from(GMAIL_HOPS);
        // Instances within 1..=50 (mail-auth rejects others at once), repeated: 40,000 seals
        // it keeps, each naming its own key.
        for n in 0..40_000 {
            let i = n % 50 + 1;
            raw += &format!(
                "ARC-Seal: i={i}; a=rsa-sha256; t=1; cv=pass; d=sealer{n}.example; s=s{i}; b=AAAA\r\n"
            );
        }
        raw += &sig("bank.example", "b1");
        raw += "From: info@bank.example\r\n\r\nbody\r\n";
        assert!(raw.len() > 2_500_000);
        let set = names_of(&raw, MAX_NAMES);
        assert!(set.offered <= 4, "offered {}", set.offered);
        assert_eq!(
            set.into_vec(),
            ["_dmarc.bank.example", "b1._domainkey.bank.example"]
        );
        // All the seal keys, uncapped (what arc::key_names gives the conformance tests): one
        // pass through a hash set, duplicates removed.
        let msg = AuthenticatedMessage::parse(raw.as_bytes()).unwrap();
        assert_eq!(arc::key_names_of(&msg).len(), 40_000);
    }

    #[test]
    fn a_name_set_keeps_the_first_of_each_name_up_to_its_cap() {
        let mut s = NameSet::new(3);
        for n in [
            "A.example.",
            "a.example",
            "b.example",
            "",
            "c.example",
            "d.example",
        ] {
            s.push(n);
        }
        assert_eq!(s.offered, 6);
        assert!(s.is_full());
        assert_eq!(s.into_vec(), ["a.example", "b.example", "c.example"]);
        let mut s = NameSet::new(10);
        s.push_key("", "x.example");
        s.push_key("Sel", "X.example");
        assert_eq!(s.into_vec(), ["sel._domainkey.x.example"]);
    }
}
