//! Issue 14, "forged provider results": the attacks, each as a test that failed before the fix.
//!
//! A sender can write any header, `Received` and `Authentication-Results` included. The attack:
//! a phishing mail carrying its own `Received: … by mx.google.com` and
//! `Authentication-Results: mx.google.com; dkim=pass header.i=@paypal.com; dmarc=pass`, with no
//! DKIM-Signature at all, delivered by a server that adds no results of its own (Postfix), or
//! dropped as a file into the web page (no receiving hop at all). Before the fix it read
//! "authenticated as paypal.com", `identity.brand_proven`, and "genuine".

use honmono::{DnsAnswers, Options, Report, Severity, Verdict};

/// What the attacker writes: a Gmail-looking hop and Gmail-looking results, a PayPal From, a
/// harmless body (no link that could give it away), no signature.
const FORGED_PART: &str = "Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])\r\n        by mx.google.com with SMTPS id a1si1234567pla.1.2025.10.14.02.13.20\r\n        for <victim@example.org>;\r\n        Tue, 14 Oct 2025 02:13:20 -0700 (PDT)\r\n\
Authentication-Results: mx.google.com;\r\n       dkim=pass header.i=@paypal.com header.s=pp-dkim1 header.b=AbCdEfGh;\r\n       spf=pass (google.com: domain of service@paypal.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=service@paypal.com;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=paypal.com\r\n\
From: PayPal <service@paypal.com>\r\n\
To: victim@example.org\r\n\
Subject: Your monthly statement is available\r\n\
Date: Tue, 14 Oct 2025 09:13:10 +0000\r\n\
Message-ID: <statement-20251014@paypal.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hello,\r\n\r\nYour monthly statement for September is now available in your account.\r\n\r\nPayPal\r\n";

/// The real receiving server: a Postfix that adds its own hop and no results.
const POSTFIX_HOP: &str = "Received: from attacker.example (attacker.example [203.0.113.66])\r\n\tby mail.example.org (Postfix) with ESMTPS id 4SPn3560xYz7;\r\n\tTue, 14 Oct 2025 09:13:21 +0000 (UTC)\r\n";

fn delivered_by_postfix() -> String {
    format!("{POSTFIX_HOP}{FORGED_PART}")
}

fn check(raw: &str) -> Report {
    honmono::check(raw.as_bytes(), &DnsAnswers::new(), &Options::default()).expect("a message")
}

fn ids(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn gmail_results_written_by_the_sender_below_a_postfix_hop_prove_nothing() {
    let r = check(&delivered_by_postfix());
    assert_ne!(r.verdict, Some(Verdict::Genuine), "{:#?}", r.findings);
    assert!(!ids(&r).contains(&"identity.brand_proven"), "{:?}", ids(&r));
    assert!(
        !r.sender.authenticated.iter().any(|d| d == "paypal.com"),
        "{:?}",
        r.sender.authenticated
    );
    assert!(!r.sender.from_aligned);
    // Not taken for Gmail: the server that received it (mail.example.org) is not Google's.
    assert_ne!(r.auth.provider.as_deref(), Some("gmail"));
    assert_ne!(r.auth.provider.as_deref(), Some("mx.google.com"));
}

#[test]
fn a_pass_for_a_signature_the_message_does_not_carry_is_reported_as_forged() {
    for (name, raw) in [
        ("below a Postfix hop", delivered_by_postfix()),
        ("dropped into the page", FORGED_PART.to_string()),
    ] {
        let r = check(&raw);
        let forged = r
            .findings
            .iter()
            .find(|f| f.id == "auth.forged_results")
            .unwrap_or_else(|| panic!("{name}: {:?}", ids(&r)));
        assert_eq!(forged.severity, Severity::Critical);
        assert!(forged.evidence.contains("header.i=@paypal.com"), "{name}");
        assert!(
            forged
                .message
                .en
                .contains("no DKIM signature of paypal.com"),
            "{name}: {}",
            forged.message.en
        );
        assert!(
            forged
                .message
                .ja
                .contains("paypal.com のDKIM署名がそもそもありません"),
            "{name}: {}",
            forged.message.ja
        );
        assert_eq!(r.verdict, Some(Verdict::Dangerous), "{name}");
    }
}

#[test]
fn the_same_file_dropped_into_the_page_is_not_genuine() {
    // No receiving hop at all: the forged Gmail hop is the topmost one.
    let r = check(FORGED_PART);
    assert_ne!(r.verdict, Some(Verdict::Genuine), "{:#?}", r.findings);
    assert!(!ids(&r).contains(&"identity.brand_proven"), "{:?}", ids(&r));
}

/// A receiving organisation with two inbound stages: its border server verified the signature
/// and wrote `dkim=pass`; the inner mailbox server (which writes the topmost results) saw a copy
/// the border had changed and wrote `dkim=fail`. Both headers are the organisation's own, so
/// the border's pass is not a forgery. The twin below is the attack this must not let through.
const SHOP_PART: &str = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example; s=s1;\r\n\th=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n\tb=QmFkU2lnbmF0dXJlQmFkU2lnbmF0dXJl\r\n\
From: Shop <news@shop.example>\r\n\
To: someone@example.org\r\n\
Subject: Your order has shipped\r\n\
Date: Tue, 14 Oct 2025 09:13:10 +0000\r\n\
Message-ID: <ship-1@shop.example>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Your parcel is on its way.\r\n";

const INNER_STAGE: &str = "Received: from border.example.org (border.example.org [198.51.100.7])\r\n\tby mailbox.example.org (8.18.1/8.18.1) with ESMTPS id 5BCFKeha032003;\r\n\tTue, 14 Oct 2025 09:13:22 +0000\r\n\
Authentication-Results: mailbox.example.org;\r\n\tdkim=fail reason=\"signature verification failed\" header.d=shop.example header.b=QmFkU2ln\r\n";

const BORDER_RESULTS: &str = "Authentication-Results: border.example.org;\r\n\tdkim=pass header.d=shop.example header.b=QmFkU2ln\r\n";

#[test]
fn the_border_servers_pass_inside_the_same_organisation_is_not_a_forgery() {
    let raw = format!(
        "{INNER_STAGE}Received: from mail.shop.example (mail.shop.example [192.0.2.25])\r\n\tby border.example.org (8.16.1/8.16.1) with ESMTPS id 5BCFKcKS222845;\r\n\tTue, 14 Oct 2025 09:13:21 +0000\r\n{BORDER_RESULTS}{SHOP_PART}"
    );
    let r = check(&raw);
    assert!(!ids(&r).contains(&"auth.forged_results"), "{:?}", ids(&r));
    assert!(
        r.auth.results.iter().any(|a| a.method == "dkim"
            && a.result == "pass"
            && a.domain.as_deref() == Some("shop.example")),
        "the border's pass is shown: {:?}",
        r.auth.results
    );
}

#[test]
fn a_border_pass_below_a_hop_from_outside_is_still_forged() {
    // The inner server received the message straight from the attacker: the "border" hop and
    // its results below were written by the attacker.
    let raw = format!(
        "Received: from attacker.example (attacker.example [203.0.113.66])\r\n\tby mailbox.example.org (8.18.1/8.18.1) with ESMTPS id 5BCFKeha032003;\r\n\tTue, 14 Oct 2025 09:13:22 +0000\r\n\
Authentication-Results: mailbox.example.org;\r\n\tdkim=fail reason=\"signature verification failed\" header.d=shop.example header.b=QmFkU2ln\r\n\
Received: from mail.shop.example (mail.shop.example [192.0.2.25])\r\n\tby border.example.org (8.16.1/8.16.1) with ESMTPS id 5BCFKcKS222845;\r\n\tTue, 14 Oct 2025 09:13:21 +0000\r\n{BORDER_RESULTS}{SHOP_PART}"
    );
    let r = check(&raw);
    assert!(ids(&r).contains(&"auth.forged_results"), "{:?}", ids(&r));
}
