//! Issue 14, "any failure silently downgrades a proven ✕": a source fetched from the provider
//! (`Options::from_provider`) that is over 25 MB (Gmail takes up to 50 MB) or has control bytes
//! in a header used to be refused; the extension then fell back to what the page shows and lost
//! the provider's authentication failure. Now it is checked from its headers and the start of its
//! body, with a warning, and never judged better than its header block alone.

use honmono::{DnsAnswers, InputError, MAX_MESSAGE_BYTES, Options, Report, Severity, Verdict};

/// A spoof of amazon.com that Gmail caught: `dmarc=fail`.
const SPOOF_HEAD: &str = "Delivered-To: someone@gmail.com\r\n\
Received: by 2002:a05:7108:3d0e:b0:3c6:2a4d:1e1b with SMTP id x14csp123456gdf;\r\n        Tue, 14 Oct 2025 02:13:21 -0700 (PDT)\r\n\
Received: from mailer.example.top (mailer.example.top. [203.0.113.45])\r\n        by mx.google.com with ESMTPS id a1si123456pla.12.2025.10.14.02.13.20\r\n        for <someone@gmail.com>;\r\n        Tue, 14 Oct 2025 02:13:20 -0700 (PDT)\r\n\
Authentication-Results: mx.google.com;\r\n       dkim=none;\r\n       spf=softfail (google.com: domain of transitioning bounce@mailer.example.top does not designate 203.0.113.45 as permitted sender) smtp.mailfrom=bounce@mailer.example.top;\r\n       dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=amazon.com\r\n\
From: \"Amazon\" <no-reply@amazon.com>\r\n\
Subject: Your order has shipped\r\n\
MIME-Version: 1.0\r\n";

/// A genuine Gmail-delivered newsletter of bank.example (DMARC pass).
const GENUINE_HEAD: &str = "Delivered-To: someone@gmail.com\r\n\
Received: by 2002:a05:7108:3d0e:b0:3c6:2a4d:1e1b with SMTP id x14csp123456gdf;\r\n        Tue, 14 Oct 2025 02:13:21 -0700 (PDT)\r\n\
Received: from mail-a.bank.example (mail-a.bank.example. [192.0.2.10])\r\n        by mx.google.com with ESMTPS id a1si123456pla.12.2025.10.14.02.13.20\r\n        for <someone@gmail.com>;\r\n        Tue, 14 Oct 2025 02:13:20 -0700 (PDT)\r\n\
Authentication-Results: mx.google.com;\r\n       spf=pass (google.com: domain of news@bank.example designates 192.0.2.10 as permitted sender) smtp.mailfrom=news@bank.example;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=bank.example\r\n\
From: Example Bank <news@bank.example>\r\n\
Subject: The year in pictures\r\n\
List-Unsubscribe: <https://bank.example/unsubscribe>\r\n\
MIME-Version: 1.0\r\n";

/// `head` with a multipart body: a short text part and an attachment of `attachment` bytes.
fn with_attachment(head: &str, attachment: usize) -> Vec<u8> {
    let mut m = head.as_bytes().to_vec();
    m.extend_from_slice(b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the photos attached.\r\n--b1\r\nContent-Type: application/octet-stream; name=\"photos.bin\"\r\nContent-Disposition: attachment; filename=\"photos.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    let line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n";
    while m.len() < attachment {
        m.extend_from_slice(line);
    }
    m.extend_from_slice(b"--b1--\r\n");
    m
}

fn provider() -> Options {
    Options {
        from_provider: true,
        ..Options::default()
    }
}

fn ids(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

/// The verdict of the header block alone, read the same way.
fn headers_alone(raw: &[u8]) -> Option<Verdict> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    honmono::check(&raw[..end], &DnsAnswers::new(), &provider())
        .unwrap()
        .verdict
}

#[test]
fn a_provider_source_over_25_mb_keeps_the_provider_s_failure() {
    let raw = with_attachment(SPOOF_HEAD, MAX_MESSAGE_BYTES + 2 * 1024 * 1024);
    assert!(raw.len() > MAX_MESSAGE_BYTES);
    // Pasted or dropped in: refused, as before.
    assert!(matches!(
        honmono::check(&raw, &DnsAnswers::new(), &Options::default()),
        Err(InputError::TooLarge(_))
    ));
    // Fetched from Gmail: checked, the failure kept, the truncation said.
    let r = honmono::check(&raw, &DnsAnswers::new(), &provider()).expect("checked");
    let found = ids(&r);
    assert!(found.contains(&"auth.dmarc_fail"), "{found:?}");
    assert!(found.contains(&"message.source_truncated"), "{found:?}");
    let t = r
        .findings
        .iter()
        .find(|f| f.id == "message.source_truncated")
        .unwrap();
    assert_eq!(t.severity, Severity::Low);
    assert!(
        t.message.en.contains("27.0 MB") && t.message.en.contains("25 MB"),
        "{}",
        t.message.en
    );
    assert!(
        r.not_checked
            .iter()
            .any(|n| n.en.contains("larger than 25 MB"))
    );
    assert!(r.verdict >= Some(Verdict::Suspicious), "{:?}", r.verdict);
    assert!(r.verdict >= headers_alone(&raw));
    // the DNS names are there too (the extension asks for them first)
    assert!(honmono::dns_names(&raw).is_err());
    let names = honmono::dns_names_with(&raw, &provider()).unwrap();
    assert_eq!(names.first().map(String::as_str), Some("_dmarc.amazon.com"));
}

#[test]
fn a_genuine_big_message_stays_genuine_with_the_warning() {
    let raw = with_attachment(GENUINE_HEAD, MAX_MESSAGE_BYTES + 1024);
    let r = honmono::check(&raw, &DnsAnswers::new(), &provider()).expect("checked");
    assert_eq!(r.verdict, Some(Verdict::Genuine), "{:#?}", r.findings);
    assert!(ids(&r).contains(&"message.source_truncated"));
    assert_eq!(r.verdict, headers_alone(&raw));
}

#[test]
fn control_bytes_in_a_header_of_a_provider_source_do_not_hide_its_failure() {
    let mut raw = SPOOF_HEAD.as_bytes().to_vec();
    // One header full of control bytes (over 10% of the first 4 KB: "binary" to the paste test).
    raw.extend_from_slice(b"X-Mailer-Trace: ");
    raw.extend((0..600).map(|i| [1u8, 2, 3, 4, 5, 6, 7, 8, 11, 12][i % 10]));
    raw.extend_from_slice(
        b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour parcel is on its way.\r\n",
    );
    assert_eq!(
        honmono::check(&raw, &DnsAnswers::new(), &Options::default()).unwrap_err(),
        InputError::Binary
    );
    let r = honmono::check(&raw, &DnsAnswers::new(), &provider()).expect("checked");
    let found = ids(&r);
    assert!(found.contains(&"auth.dmarc_fail"), "{found:?}");
    assert!(found.contains(&"message.source_unreadable"), "{found:?}");
    assert!(r.verdict >= Some(Verdict::Suspicious), "{:?}", r.verdict);
    assert!(r.verdict >= headers_alone(&raw));
    assert!(
        r.not_checked
            .iter()
            .any(|n| n.en.contains("control characters"))
    );
}

#[test]
fn an_empty_or_headerless_provider_source_is_still_an_error() {
    assert_eq!(
        honmono::check(b"\r\n \r\n", &DnsAnswers::new(), &provider()).unwrap_err(),
        InputError::Empty
    );
    assert_eq!(
        honmono::check(&[7u8; 5000], &DnsAnswers::new(), &provider()).unwrap_err(),
        InputError::NotAMessage
    );
}
