//! Authentication facts of the four story fixtures (tests/fixtures/stories/, synthetic, signed
//! with the test keys in tests/fixtures/keys/). Only the auth module's outcome is asserted here,
//! not final verdicts.

use honmono::auth::{self, AuthOutcome};
use honmono::{DnsAnswers, Options, Severity};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/stories/");

/// The fixtures were signed at t=1795355840..1795355851 with x= one week later (a, b); Gmail and
/// Microsoft received them a few seconds after. A fixed time just after delivery:
const DELIVERED: u64 = 1_795_355_900;

fn raw(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{name}")).expect("fixture")
}

fn dns() -> DnsAnswers {
    DnsAnswers::parse_file(&std::fs::read_to_string(format!("{DIR}dns.tsv")).expect("dns.tsv"))
}

fn eval(name: &str, dns: &DnsAnswers, now: Option<u64>) -> AuthOutcome {
    let raw = raw(name);
    let mail = honmono::parse::parse(&raw).expect("parses");
    auth::evaluate(
        &mail,
        Some(&raw),
        dns,
        &Options {
            now,
            dns_enabled: false,
            body_from_page: false,
            from_provider: false,
        },
    )
}

fn result<'a>(o: &'a AuthOutcome, method: &str, domain: &str) -> Vec<(&'a str, &'a str)> {
    o.summary
        .results
        .iter()
        .filter(|r| r.method == method && r.domain.as_deref() == Some(domain))
        .map(|r| (r.result.as_str(), r.source.as_str()))
        .collect()
}

fn has(o: &AuthOutcome, id: &str) -> Option<Severity> {
    o.findings.iter().find(|f| f.id == id).map(|f| f.severity)
}

#[test]
fn fixtures_are_crlf() {
    for f in [
        "amazon-survey-zh.eml",
        "amazon-coupon-ja.eml",
        "amazon-survey-zh-phish.eml",
        "amazon-coupon-ja-phish.eml",
    ] {
        let r = raw(f);
        let lf = r.iter().filter(|&&b| b == b'\n').count();
        let crlf = r.windows(2).filter(|w| w == b"\r\n").count();
        assert_eq!(lf, crlf, "{f}: every line ends with CRLF");
    }
}

#[test]
fn a_genuine_survey_is_verified_locally_and_aligned() {
    let raw = raw("amazon-survey-zh.eml");
    let mail = honmono::parse::parse(&raw).unwrap();
    let names = auth::dns_names(&mail, &raw);
    for n in [
        "hmtest2048._domainkey.amazon.com",
        "hmtested25519._domainkey.amazonses.com",
        "_dmarc.amazon.com",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
    }

    let o = eval("amazon-survey-zh.eml", &dns(), Some(DELIVERED));
    assert_eq!(o.summary.provider.as_deref(), Some("gmail"));
    assert_eq!(o.summary.authserv_id.as_deref(), Some("mx.google.com"));
    assert_eq!(result(&o, "dkim", "amazon.com"), [("pass", "local")]);
    assert_eq!(result(&o, "dkim", "amazonses.com"), [("pass", "local")]);
    assert_eq!(result(&o, "spf", "amazonses.com"), [("pass", "provider")]);
    assert!(result(&o, "dmarc", "amazon.com").contains(&("pass", "local")));
    assert!(o.from_aligned);
    assert_eq!(
        o.from_proof,
        auth::FromProof::VerifiedHere,
        "an aligned signature verified here proves the sender, whoever wrote the results"
    );
    assert!(o.evidence_available);
    assert!(!o.forged);
    assert!(o.authenticated.contains(&"amazon.com".to_string()));
    assert!(o.authenticated.contains(&"amazonses.com".to_string()));
    assert_eq!(o.summary.dmarc_policy.as_deref(), Some("quarantine"));
    assert!(
        o.findings.iter().all(|f| f.severity <= Severity::Low),
        "{:?}",
        o.findings
    );
    assert_eq!(o.verified_at, Some(DELIVERED));

    // Without Options.now the delivery time (Gmail's Received) is used: still valid.
    let o = eval("amazon-survey-zh.eml", &dns(), None);
    assert_eq!(result(&o, "dkim", "amazon.com"), [("pass", "local")]);
    assert!(
        o.verified_at
            .is_some_and(|t| t > 1_795_355_800 && t < DELIVERED)
    );
}

#[test]
fn a_read_a_month_later_the_expired_signature_falls_back_to_gmail() {
    // x= is one week after t=: verifying "now" a month later must not call it broken, and
    // Options.now must apply (signatures are judged as of that time).
    let o = eval(
        "amazon-survey-zh.eml",
        &dns(),
        Some(DELIVERED + 30 * 86_400),
    );
    let local = result(&o, "dkim", "amazon.com");
    assert!(local.contains(&("neutral", "local")), "{local:?}");
    assert!(local.contains(&("pass", "provider")), "{local:?}");
    assert!(
        o.from_aligned,
        "Gmail's trusted dmarc=pass still proves amazon.com"
    );
    assert_eq!(
        o.from_proof,
        auth::FromProof::UnconfirmedResults,
        "... when the message was read from Gmail: here it is a file"
    );
}

#[test]
fn a_offline_uses_the_provider_and_says_so() {
    let o = eval("amazon-survey-zh.eml", &DnsAnswers::new(), Some(DELIVERED));
    assert_eq!(result(&o, "dkim", "amazon.com"), [("pass", "provider")]);
    assert!(o.from_aligned);
    assert!(
        o.not_checked
            .iter()
            .any(|t| t.en.contains("DKIM keys were not looked up")),
        "{:?}",
        o.not_checked
    );
    assert!(
        o.not_checked
            .iter()
            .any(|t| t.en.contains("DMARC policy of amazon.com"))
    );
}

#[test]
fn b_genuine_coupon_received_by_microsoft() {
    let o = eval("amazon-coupon-ja.eml", &dns(), Some(DELIVERED));
    assert_eq!(o.summary.provider.as_deref(), Some("microsoft"));
    assert_eq!(
        o.summary.authserv_id, None,
        "Microsoft's A-R has no authserv-id"
    );
    assert_eq!(result(&o, "dkim", "amazon.co.jp"), [("pass", "local")]);
    assert!(
        o.summary
            .results
            .iter()
            .any(|r| r.method == "compauth" && r.result == "pass" && r.source == "provider")
    );
    assert!(o.from_aligned);
    assert!(!o.forged);
    assert!(o.authenticated.contains(&"amazon.co.jp".to_string()));
    assert_eq!(o.summary.dmarc_policy.as_deref(), Some("quarantine"));
}

#[test]
fn c_phishing_twin_with_forged_gmail_results() {
    let o = eval("amazon-survey-zh-phish.eml", &dns(), Some(DELIVERED));
    assert_eq!(o.summary.provider.as_deref(), Some("gmail"));
    assert!(o.forged);
    assert_eq!(has(&o, "auth.forged_results"), Some(Severity::Critical));
    assert_eq!(has(&o, "auth.dmarc_fail"), Some(Severity::High));
    assert!(!o.from_aligned);
    assert!(o.evidence_available);
    assert!(
        !o.authenticated.iter().any(|d| d.ends_with("amazon.com")),
        "{:?}",
        o.authenticated
    );
    assert_eq!(result(&o, "dmarc", "amazon.com"), [("fail", "provider")]);
    let forged = o
        .findings
        .iter()
        .find(|f| f.id == "auth.forged_results")
        .unwrap();
    assert!(
        forged.evidence.contains("dkim=pass header.i=@amazon.com"),
        "{}",
        forged.evidence
    );
}

#[test]
fn d_phishing_twin_signed_by_its_own_domain() {
    let o = eval("amazon-coupon-ja-phish.eml", &dns(), Some(DELIVERED));
    assert_eq!(o.summary.provider.as_deref(), Some("microsoft"));
    assert!(!o.forged);
    assert_eq!(result(&o, "dkim", "acount-secure.top"), [("pass", "local")]);
    // Authenticated, but only as the phishing domain itself (its From is a subdomain of it).
    assert!(o.from_aligned);
    assert!(o.authenticated.contains(&"acount-secure.top".to_string()));
    for d in &o.authenticated {
        assert_eq!(
            honmono::domain::registrable(d).as_deref(),
            Some("acount-secure.top"),
            "{d} is outside acount-secure.top"
        );
    }
    assert!(!o.authenticated.iter().any(|d| d.contains("amazon.co.jp")));
    assert_eq!(
        o.summary.dmarc_policy, None,
        "the phishing domain publishes no DMARC record"
    );
}

#[test]
fn a_header_block_only_is_not_called_a_broken_signature() {
    let raw = raw("amazon-survey-zh.eml");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = &raw[..end + 2];
    let mail = honmono::parse::parse(head).expect("parses");
    let o = auth::evaluate(
        &mail,
        Some(head),
        &dns(),
        &Options {
            now: Some(DELIVERED),
            dns_enabled: false,
            body_from_page: false,
            from_provider: false,
        },
    );
    assert!(
        !o.summary.results.iter().any(|r| r.source == "local"),
        "{:?}",
        o.summary.results
    );
    assert_eq!(result(&o, "dkim", "amazon.com"), [("pass", "provider")]);
    assert!(o.from_aligned);
    assert!(o.findings.iter().all(|f| f.id != "auth.dkim_fail"));
    assert!(
        o.not_checked
            .iter()
            .any(|t| t.en.contains("only the header block"))
    );
}

/// `dns_names` reads only the header block (a 5 MB body is parsed once, by `check`, not twice):
/// on every message of the fixtures and of the shared corpora it must name exactly what the
/// whole message names, in the same order.
#[test]
fn dns_names_from_the_header_block_are_those_of_the_whole_message() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("tests/fixtures/stories"),
        root.join("tests/fixtures/forwarding"),
        root.join("tests/fixtures/brand-dev"),
    ];
    for set in ["phish-dev", "phish-dev2", "ham-dev"] {
        let d = root.join("../shared/corpus").join(set);
        if d.is_dir() {
            dirs.push(d);
        } else {
            eprintln!("SKIPPED: ../shared/corpus/{set} is absent");
        }
    }
    let mut compared = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).expect("a directory") {
            let path = entry.expect("an entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("eml") {
                continue;
            }
            let raw = std::fs::read(&path).expect("readable");
            let Ok(mail) = honmono::parse::parse(&raw) else {
                continue;
            };
            let whole = auth::dns_names(&mail, &raw);
            let head = honmono::dns_names(&raw).expect("a message for check is one for dns_names");
            assert_eq!(head, whole, "{}", path.display());
            compared += 1;
        }
    }
    assert!(compared >= 60, "only {compared} messages compared");
}
