//! Deception cases (hostile-input issue): each trick phishers use, with the verdict Honmono must
//! reach. Messages are crafted here: received by Gmail, whose Authentication-Results are trusted.

use honmono::{DnsAnswers, Options, Report, Verdict};

/// A message as Gmail delivers it: Gmail's hop, then Gmail's Authentication-Results, then the
/// sender's headers (`extra_headers` may add more, e.g. a forged result) and the body.
fn gmail(auth: &str, from: &str, extra_headers: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "Delivered-To: user@gmail.com\r\n\
         Received: from mail.sender.example (mail.sender.example [203.0.113.7])\r\n \
         by mx.google.com with ESMTPS id a1si123; Mon, 06 Nov 2023 10:00:05 +0000\r\n\
         Authentication-Results: mx.google.com;\r\n {auth}\r\n\
         Received: from localhost (localhost [127.0.0.1]) by mail.sender.example with SMTP;\r\n \
         Mon, 06 Nov 2023 10:00:00 +0000\r\n\
         {extra_headers}\
         From: {from}\r\n\
         To: user@gmail.com\r\n\
         Subject: Important notice\r\n\
         Date: Mon, 06 Nov 2023 10:00:00 +0000\r\n\
         Message-ID: <abc123@sender.example>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: {content_type}\r\n\
         \r\n\
         {body}\r\n"
    )
    .into_bytes()
}

const PASS_EVIL: &str = "dkim=pass header.i=@evil.example header.s=s1; spf=pass smtp.mailfrom=evil.example; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=evil.example";

fn check(raw: &[u8]) -> Report {
    honmono::check(raw, &DnsAnswers::new(), &Options::default()).expect("a message")
}

fn has(r: &Report, id: &str) -> bool {
    r.findings.iter().any(|f| f.id == id)
        || r.links
            .iter()
            .any(|l| l.findings.iter().any(|f| f.id == id))
}

fn at_least_suspicious(r: &Report) -> bool {
    matches!(r.verdict, Some(Verdict::Suspicious | Verdict::Dangerous))
}

#[test]
fn forged_authentication_results_below_the_providers_are_exposed() {
    let raw = gmail(
        "dkim=none; spf=softfail smtp.mailfrom=evil.example; dmarc=fail (p=REJECT sp=REJECT dis=QUARANTINE) header.from=paypal.com",
        "PayPal <service@paypal.com>",
        "Authentication-Results: mx.google.com; dkim=pass header.i=@paypal.com; spf=pass smtp.mailfrom=paypal.com; dmarc=pass header.from=paypal.com\r\n",
        "text/plain; charset=utf-8",
        "Your account is limited.",
    );
    let r = check(&raw);
    assert_eq!(r.verdict, Some(Verdict::Dangerous));
    assert!(has(&r, "auth.forged_results"));
    assert!(!r.sender.from_aligned);
}

#[test]
fn two_from_headers() {
    let raw = gmail(
        PASS_EVIL,
        "x@evil.example",
        "From: PayPal <service@paypal.com>\r\n",
        "text/plain",
        "hello",
    );
    let r = check(&raw);
    assert_eq!(r.verdict, Some(Verdict::Dangerous), "{:#?}", r.findings);
    assert!(has(&r, "content.duplicate_from"));
}

#[test]
fn from_with_several_mailboxes() {
    let raw = gmail(
        PASS_EVIL,
        "Support <a@evil.example>, Billing <b@evil.example>",
        "",
        "text/plain",
        "hello",
    );
    let r = check(&raw);
    assert!(at_least_suspicious(&r), "{:?} {:#?}", r.verdict, r.findings);
    assert!(has(&r, "content.multiple_from"));
}

#[test]
fn display_name_holding_a_brand_address() {
    let raw = gmail(
        PASS_EVIL,
        "\"service@amazon.co.jp\" <x@evil.example>",
        "",
        "text/plain",
        "hello",
    );
    let r = check(&raw);
    assert_eq!(r.verdict, Some(Verdict::Dangerous), "{:#?}", r.findings);
    assert!(has(&r, "content.display_name_address"));
}

#[test]
fn encoded_word_and_quoted_printable_tricks() {
    // "Amazon.co.jp" hidden in a base64 encoded-word; a lure split by QP soft line breaks.
    let raw = gmail(
        PASS_EVIL,
        "=?UTF-8?B?QW1hem9uLmNvLmpw?= <info@evil.example>",
        "Content-Transfer-Encoding: quoted-printable\r\n",
        "text/plain; charset=utf-8",
        "Please update your pay=\r\nment details within 24 ho=\r\nurs or your account will be sus=\r\npended.",
    );
    let r = check(&raw);
    assert_eq!(r.verdict, Some(Verdict::Dangerous), "{:#?}", r.findings);
    assert_eq!(r.brand.as_deref(), Some("amazon"));
    assert!(has(&r, "identity.brand_impersonation"));
    assert!(has(&r, "content.lure_payment_update"), "{:#?}", r.findings);
}

#[test]
fn invisible_and_right_to_left_characters_in_names() {
    for name in [
        "Am\u{200B}az\u{200D}on",
        "A\u{0334}m\u{0334}a\u{0334}z\u{0334}o\u{0334}n",
        "\u{202E}nozamA",
    ] {
        let raw = gmail(
            PASS_EVIL,
            &format!("\"{name}\" <x@evil.example>"),
            "",
            "text/plain",
            "hello",
        );
        let r = check(&raw);
        assert!(
            at_least_suspicious(&r),
            "{name:?}: {:?} {:#?}",
            r.verdict,
            r.findings
        );
        assert_ne!(r.verdict, Some(Verdict::Genuine));
    }
    // the zero-width and combining forms are still recognised as Amazon
    let raw = gmail(
        PASS_EVIL,
        "\"Am\u{200B}az\u{200D}on\" <x@evil.example>",
        "",
        "text/plain",
        "hello",
    );
    assert_eq!(check(&raw).verdict, Some(Verdict::Dangerous));
}

#[test]
fn confusable_domain_in_a_link() {
    // Cyrillic "а" in amazon: punycode xn--mazon-3ve.co.jp
    let raw = gmail(
        PASS_EVIL,
        "Shop <info@evil.example>",
        "",
        "text/html; charset=utf-8",
        "<p>Sign in: <a href=\"https://www.\u{0430}mazon.co.jp/signin\">\u{0430}mazon.co.jp</a></p>",
    );
    let r = check(&raw);
    assert_eq!(r.verdict, Some(Verdict::Dangerous), "{:#?}", r.links);
    assert!(has(&r, "link.lookalike"));
}

#[test]
fn nul_bytes_do_not_hide_anything() {
    let mut raw = gmail(
        PASS_EVIL,
        "\"PayPal\u{0}\" <x@evil.example>",
        "",
        "text/plain",
        "Verify your account\u{0} now",
    );
    raw.extend_from_slice(b"\0\0\0");
    let r = check(&raw);
    assert_ne!(r.verdict, Some(Verdict::Genuine));
    assert!(at_least_suspicious(&r), "{:?} {:#?}", r.verdict, r.findings);
}

#[test]
fn javascript_and_data_links() {
    for href in [
        "javascript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ] {
        let raw = gmail(
            PASS_EVIL,
            "Shop <info@evil.example>",
            "",
            "text/html",
            &format!("<a href=\"{href}\">Open invoice</a>"),
        );
        let r = check(&raw);
        assert!(at_least_suspicious(&r), "{href}: {:?}", r.verdict);
        assert!(has(&r, "link.dangerous_scheme"), "{href}");
    }
}

#[test]
fn base_href_redirects_relative_links() {
    let raw = gmail(
        PASS_EVIL,
        "Shop <info@evil.example>",
        "",
        "text/html",
        "<html><head><base href=\"https://paypal-secure.evil.example/\"></head><body><a href=\"login\">https://www.paypal.com/signin</a></body></html>",
    );
    let r = check(&raw);
    assert_eq!(r.verdict, Some(Verdict::Dangerous), "{:#?}", r.links);
    let l = &r.links[0];
    assert!(
        l.target
            .starts_with("https://paypal-secure.evil.example/login"),
        "{}",
        l.target
    );
    assert!(has(&r, "link.deceptive_text"));
}

#[test]
fn image_link_with_brand_alt_text() {
    let raw = gmail(
        PASS_EVIL,
        "Account Team <info@evil.example>",
        "",
        "text/html",
        "<a href=\"https://evil.example/login\"><img src=\"cid:logo\" alt=\"PayPal\"></a><p>Please confirm your account details.</p>",
    );
    let r = check(&raw);
    assert_eq!(r.brand.as_deref(), Some("paypal"), "{:#?}", r.findings);
    assert!(at_least_suspicious(&r), "{:?} {:#?}", r.verdict, r.findings);
}

#[test]
fn comments_and_hidden_text_stuffed_to_fool_content_checks() {
    let padding = "Thank you for being a valued member of our gardening community. ".repeat(60);
    let body = format!(
        "<!-- {padding} --><div style=\"display:none\">{padding}</div>\
         <p>Your mailbox is full. Your password expires today: verify your account within 24 hours \
         or it will be suspended.</p><a href=\"https://bit.ly/3xyz\">Keep my password</a>"
    );
    let raw = gmail(
        PASS_EVIL,
        "IT Helpdesk <it@evil.example>",
        "",
        "text/html",
        &body,
    );
    let r = check(&raw);
    assert!(at_least_suspicious(&r), "{:?} {:#?}", r.verdict, r.findings);
    assert!(has(&r, "content.hidden_text"), "{:#?}", r.findings);
}
