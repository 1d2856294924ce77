//! The two user stories that Honmono exists for, end to end (parse -> auth -> brand -> links ->
//! content -> verdict), with their phishing twins. Fixtures: tests/fixtures/stories/ (synthetic,
//! signed with test-only keys; see its README).

use honmono::{DnsAnswers, Options, Report, Severity, Verdict};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/stories/");

/// With the keys, DKIM is verified here (as in the web page or the CLI with DNS on); without,
/// the message is read as the extension reads it from the webmail (`from_provider`), where the
/// receiving provider's own results prove the sender.
fn check(name: &str, with_keys: bool) -> Report {
    let raw = std::fs::read(format!("{DIR}{name}")).expect("fixture");
    let (dns, opts) = if with_keys {
        (
            DnsAnswers::parse_file(&std::fs::read_to_string(format!("{DIR}dns.tsv")).unwrap()),
            Options::default(),
        )
    } else {
        (
            DnsAnswers::new(),
            Options {
                from_provider: true,
                ..Options::default()
            },
        )
    };
    honmono::check(&raw, &dns, &opts).expect("a message")
}

#[test]
fn without_keys_a_file_is_unverified_and_says_why() {
    // The same genuine mails given as files (page, CLI) with DNS off: the provider's results
    // cannot be confirmed (the file could have been written whole by a sender), and nothing
    // was verified here.
    for name in ["amazon-survey-zh.eml", "amazon-coupon-ja.eml"] {
        let raw = std::fs::read(format!("{DIR}{name}")).unwrap();
        let r = honmono::check(&raw, &DnsAnswers::new(), &Options::default()).unwrap();
        assert_eq!(
            r.verdict,
            Some(Verdict::Unverified),
            "{name}: {:#?}",
            r.findings
        );
        assert_eq!(r.auth.from_proof.as_deref(), Some("unconfirmed_results"));
        assert!(ids(&r).contains(&"auth.from_not_proven_here"), "{name}");
        assert!(
            r.summary.en.contains("could not be proven")
                && r.summary.en.contains("not read from your mailbox"),
            "{name}: {}",
            r.summary.en
        );
        assert!(
            r.summary
                .ja
                .contains("メールボックスから直接読み取ったメールではありません")
        );
    }
}

fn ids(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn chinese_amazon_advertising_survey_via_ses_is_genuine() {
    for with_keys in [true, false] {
        let r = check("amazon-survey-zh.eml", with_keys);
        assert_eq!(
            r.verdict,
            Some(Verdict::Genuine),
            "keys={with_keys}: {:#?}",
            r.findings
        );
        assert_eq!(r.brand.as_deref(), Some("amazon"));
        assert!(r.sender.from_aligned);
        assert!(r.sender.authenticated.iter().any(|d| d == "amazon.com"));
        // SES signs too, but SES alone would prove only the platform.
        assert!(r.sender.authenticated.iter().any(|d| d == "amazonses.com"));
        assert!(
            r.findings.iter().all(|f| f.severity <= Severity::Low),
            "{:#?}",
            r.findings
        );
        assert!(r.score < 10);
        // the Chinese language is not a red flag for a Japanese reader
        assert!(!ids(&r).iter().any(|i| i.contains("lang")));
    }
    // with the keys, DKIM is verified here, not just taken from Gmail
    let r = check("amazon-survey-zh.eml", true);
    assert!(
        r.auth.results.iter().any(|a| a.method == "dkim"
            && a.result == "pass"
            && a.source == "local"
            && a.domain.as_deref() == Some("amazon.com")),
        "{:#?}",
        r.auth.results
    );
    assert!(r.dns.missing.is_empty(), "{:?}", r.dns.missing);
}

#[test]
fn survey_phishing_twin_is_dangerous_with_forged_results_exposed() {
    let r = check("amazon-survey-zh-phish.eml", true);
    assert_eq!(r.verdict, Some(Verdict::Dangerous));
    assert!(r.score >= 80);
    assert_eq!(r.brand.as_deref(), Some("amazon"));
    assert!(!r.sender.from_aligned);
    let found = ids(&r);
    assert!(found.contains(&"auth.forged_results"), "{found:?}");
    assert!(
        found.contains(&"identity.brand_domain_spoofed"),
        "{found:?}"
    );
    assert_eq!(r.report_to.as_deref(), Some("stop-spoofing@amazon.com"));
    // the explanation is there in both languages, with the exact evidence
    let forged = r
        .findings
        .iter()
        .find(|f| f.id == "auth.forged_results")
        .unwrap();
    assert!(
        forged.evidence.contains("mx.google.com"),
        "{}",
        forged.evidence
    );
    assert!(!forged.message.ja.is_empty() && !forged.message.en.is_empty());
}

#[test]
fn store_news_coupon_from_amazon_co_jp_is_genuine() {
    for with_keys in [true, false] {
        let r = check("amazon-coupon-ja.eml", with_keys);
        assert_eq!(
            r.verdict,
            Some(Verdict::Genuine),
            "keys={with_keys}: {:#?}",
            r.findings
        );
        assert_eq!(r.brand.as_deref(), Some("amazon"));
        assert_eq!(r.subject.as_deref(), Some("500円OFFクーポンのご案内"));
        assert_eq!(r.auth.provider.as_deref(), Some("microsoft"));
        assert!(!r.links.is_empty());
        for l in &r.links {
            assert!(
                l.host
                    .as_deref()
                    .is_some_and(|h| h.ends_with("amazon.co.jp")),
                "{l:?}"
            );
            assert!(
                l.findings.iter().all(|f| f.severity <= Severity::Low),
                "{l:?}"
            );
        }
    }
}

#[test]
fn coupon_phishing_twin_is_dangerous_although_its_own_domain_authenticates() {
    let r = check("amazon-coupon-ja-phish.eml", true);
    assert_eq!(r.verdict, Some(Verdict::Dangerous));
    assert_eq!(r.brand.as_deref(), Some("amazon"));
    // the usual case: the phisher's own domain passes and aligns ...
    assert!(r.sender.from_aligned);
    assert!(
        r.sender
            .authenticated
            .iter()
            .any(|d| d.ends_with("acount-secure.top"))
    );
    // ... which proves nothing about Amazon
    let found = ids(&r);
    assert!(found.contains(&"identity.brand_impersonation"), "{found:?}");
    let deceptive = r
        .links
        .iter()
        .find(|l| l.text.contains("www.amazon.co.jp"))
        .expect("the link that shows amazon.co.jp");
    assert!(deceptive.href.contains("acount-secure.top"));
    assert!(
        deceptive
            .findings
            .iter()
            .any(|f| f.severity == Severity::Critical),
        "{:#?}",
        deceptive.findings
    );
    // the wording asks for payment details under a deadline
    assert!(
        found.iter().any(|i| i.starts_with("content.lure_payment")),
        "{found:?}"
    );
}

/// `raw` without the header fields whose lower-case name `drop` picks (continuation lines too).
fn without_headers(raw: &str, drop: impl Fn(&str) -> bool) -> String {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut kept = Vec::new();
    let mut skipping = false;
    for line in head.split("\r\n") {
        if !line.starts_with([' ', '\t']) {
            skipping = drop(&line.split(':').next().unwrap_or("").to_ascii_lowercase());
        }
        if !skipping {
            kept.push(line);
        }
    }
    format!("{}\r\n\r\n{body}", kept.join("\r\n"))
}

/// The genuine coupon mail as a file with no receiving provider's headers at all (Received,
/// Authentication-Results, ARC removed), as a page or CLI user may have it.
fn bare_coupon() -> String {
    let raw = std::fs::read_to_string(format!("{DIR}amazon-coupon-ja.eml")).unwrap();
    without_headers(&raw, |n| {
        n == "received" || n == "authentication-results" || n.starts_with("arc-")
    })
}

#[test]
fn a_signature_broken_on_the_way_counts_as_none_not_as_a_red_flag() {
    // RFC 6376 6.1: a failed signature is treated as no signature. A gateway's banner added to
    // the body breaks it; that is not evidence that Amazon did not send it.
    let dns = DnsAnswers::parse_file(&std::fs::read_to_string(format!("{DIR}dns.tsv")).unwrap());
    let opts = Options::default();
    let intact = honmono::check(bare_coupon().as_bytes(), &dns, &opts).unwrap();
    assert_eq!(intact.verdict, Some(Verdict::Genuine), "{:?}", ids(&intact));
    let bannered = bare_coupon().replacen(
        "\r\n\r\n",
        "\r\n\r\n[EXTERNAL] This message came from outside your organisation.\r\n",
        1,
    );
    let changed = honmono::check(bannered.as_bytes(), &dns, &opts).unwrap();
    let dkim = changed
        .findings
        .iter()
        .find(|f| f.id == "auth.dkim_fail")
        .expect("the broken signature is reported");
    assert_eq!(dkim.severity, Severity::Info, "reported, without weight");
    assert!(dkim.evidence.contains("(local)"));
    // The same as an unsigned copy: unverified, the brand unproven (low), not suspicious.
    let unsigned = without_headers(&bare_coupon(), |n| n == "dkim-signature");
    let none = honmono::check(unsigned.as_bytes(), &dns, &opts).unwrap();
    for r in [&changed, &none] {
        assert_eq!(r.verdict, Some(Verdict::Unverified), "{:?}", ids(r));
        let unproven = r
            .findings
            .iter()
            .find(|f| f.id == "identity.brand_unproven")
            .expect("the brand is not proven");
        assert_eq!(unproven.severity, Severity::Low);
    }
}
