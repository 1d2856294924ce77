//! Issue 16, point 5: a brand's notice forwarded through a Google Group. The group rewrote From
//! to itself and its footer broke the brand's DKIM signature; the ARC set sealed by Google when
//! the group received the notice proves who wrote it (`auth::forwarding`). Fixture:
//! tests/fixtures/forwarding/ (synthetic, signed with the test keys; README there for the public
//! messages it follows).

use honmono::auth::forwarding::ArcChain;
use honmono::auth::{self, AuthOutcome, FromProof};
use honmono::{DnsAnswers, Options};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/forwarding/");
const FILE: &str = "amazon-notice-via-google-group.eml";

fn raw() -> String {
    std::fs::read_to_string(format!("{DIR}{FILE}")).expect("fixture")
}

fn dns() -> DnsAnswers {
    DnsAnswers::parse_file(&std::fs::read_to_string(format!("{DIR}dns.tsv")).expect("dns.tsv"))
}

fn eval(raw: &str, dns: &DnsAnswers, from_provider: bool) -> AuthOutcome {
    let mail = honmono::parse::parse(raw.as_bytes()).expect("parses");
    auth::evaluate(
        &mail,
        Some(raw.as_bytes()),
        dns,
        &Options {
            from_provider,
            ..Options::default()
        },
    )
}

fn local(o: &AuthOutcome, method: &str, domain: &str) -> Option<String> {
    o.summary
        .results
        .iter()
        .find(|r| r.method == method && r.source == "local" && r.domain.as_deref() == Some(domain))
        .map(|r| r.result.clone())
}

#[test]
fn the_fixture_is_what_google_groups_delivers() {
    let raw = raw();
    let mail = honmono::parse::parse(raw.as_bytes()).unwrap();
    let from = mail.sender().unwrap();
    assert_eq!(
        from.address.as_deref(),
        Some("family-orders@googlegroups.com")
    );
    assert_eq!(
        from.name.as_deref(),
        Some("'Amazon.co.jp' via Family Orders")
    );
    assert_eq!(
        mail.header("X-Original-From"),
        Some("Amazon.co.jp <store-news@amazon.co.jp>")
    );
    // Amazon's signature broke on the footer; the group's and the ARC chain verify.
    let o = eval(&raw, &dns(), false);
    assert_eq!(local(&o, "dkim", "amazon.co.jp").as_deref(), Some("fail"));
    assert_eq!(
        local(&o, "dkim", "googlegroups.com").as_deref(),
        Some("pass")
    );
    assert_eq!(local(&o, "arc", "google.com").as_deref(), Some("pass"));
    assert_eq!(o.summary.provider.as_deref(), Some("gmail"));
    // The From domain proven is the group's, not Amazon's.
    assert!(o.from_aligned);
    assert_eq!(o.from_proof, FromProof::VerifiedHere);
    assert!(!o.authenticated.iter().any(|d| d == "amazon.co.jp"));
    assert!(!o.forged);
}

#[test]
fn arc_proves_the_author_when_google_sealed_it_for_gmail() {
    let o = eval(&raw(), &dns(), false);
    let a = o.arc_author.expect("the author ARC proves");
    assert_eq!(a.domain, "amazon.co.jp");
    assert_eq!(a.method, "dmarc");
    assert_eq!((a.instance, a.sealer.as_str()), (1, "google.com"));
    assert_eq!(a.chain, ArcChain::VerifiedHere);
    assert!(a.confirmed, "verified here: whoever gave us the file");
    assert!(a.matches_original_from);
}

#[test]
fn without_keys_the_provider_s_arc_pass_counts_only_from_the_provider() {
    let o = eval(&raw(), &DnsAnswers::new(), false);
    let a = o.arc_author.expect("Gmail's arc=pass");
    assert_eq!(a.chain, ArcChain::ProviderPass);
    assert_eq!(a.domain, "amazon.co.jp");
    assert!(
        !a.confirmed,
        "a file: the whole chain could be the sender's"
    );
    let o = eval(&raw(), &DnsAnswers::new(), true);
    assert!(o.arc_author.unwrap().confirmed, "read from Gmail itself");
}

#[test]
fn no_author_when_the_sealer_is_not_the_receiving_provider_s_or_the_chain_broke() {
    let raw = raw();
    // Received by another provider (a server of example.org that trusts no one's seals).
    let at = raw.find("Received: from mail-ot1-x33a.google.com").unwrap();
    let (top, rest) = raw.split_at(at);
    let elsewhere = format!(
        "Received: from mail-ot1-x33a.google.com (mail-ot1-x33a.google.com [209.85.210.58]) by mx.example.org (Postfix); Wed, 2 Dec 2026 13:50:24 +0000\r\nAuthentication-Results: mx.example.org; dkim=pass header.d=googlegroups.com; arc=pass; dmarc=pass header.from=googlegroups.com\r\n{}",
        &rest[rest.find("Received: by mail-ot1").unwrap()..]
    );
    assert!(top.contains("mx.google.com") || top.starts_with("Delivered-To"));
    let o = eval(&elsewhere, &dns(), true);
    assert_eq!(o.summary.provider.as_deref(), Some("mx.example.org"));
    assert_eq!(local(&o, "arc", "google.com").as_deref(), Some("pass"));
    assert_eq!(
        o.arc_author, None,
        "google.com is not mx.example.org's own sealer"
    );

    // The body changed after the group sealed it: the chain fails here, whatever Gmail said.
    let tampered = raw.replacen("お届け予定日", "お届け予定は", 1);
    let o = eval(&tampered, &dns(), true);
    assert_eq!(local(&o, "arc", "google.com").as_deref(), Some("fail"));
    assert_eq!(o.arc_author, None);
}

fn report(dns: &DnsAnswers, from_provider: bool) -> honmono::Report {
    let raw = raw();
    honmono::check(
        raw.as_bytes(),
        dns,
        &Options {
            from_provider,
            ..Options::default()
        },
    )
    .expect("a message")
}

#[test]
fn the_forwarded_notice_is_the_brands_when_arc_proves_it() {
    use honmono::{Severity, Verdict};
    // Opened in Gmail (or with the keys looked up here): the chain is confirmed, and the notice
    // is Amazon's, forwarded. It was "dangerous" (brand impersonation) before.
    for (dns, from_provider) in [(DnsAnswers::new(), true), (dns(), false)] {
        let r = report(&dns, from_provider);
        assert_eq!(
            r.verdict,
            Some(Verdict::Genuine),
            "from_provider={from_provider}: {:#?}",
            r.findings
        );
        assert_eq!(r.brand.as_deref(), Some("amazon"));
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "identity.forwarded_by_list")
            .expect("the reason: forwarded by the list, ARC proves the author");
        assert!(f.message.en.contains("amazon.co.jp"), "{}", f.message.en);
        assert!(
            !r.findings
                .iter()
                .any(|f| f.id == "identity.brand_impersonation")
        );
        assert!(r.findings.iter().all(|f| f.severity <= Severity::Low));
    }
    // A file given to the page offline: the chain may be the sender's own writing. It explains,
    // it proves nothing, and it exempts nothing. Its replies go to Amazon's own domain, which
    // harms no one, so it is unverified: not genuine.
    let r = report(&DnsAnswers::new(), false);
    assert_eq!(r.verdict, Some(Verdict::Unverified), "{:#?}", r.findings);
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "identity.forwarded_unconfirmed")
    );
    // The same file whose replies leave the list for someone else's domain: reported as for any
    // sender, and flagged.
    let elsewhere = raw().replacen(
        "Reply-To: Amazon.co.jp <store-news@amazon.co.jp>",
        "Reply-To: Amazon.co.jp <store-news@amazon-support-desk.example>",
        1,
    );
    let r = honmono::check(
        elsewhere.as_bytes(),
        &DnsAnswers::new(),
        &Options::default(),
    )
    .expect("a message");
    assert_eq!(r.verdict, Some(Verdict::Suspicious), "{:#?}", r.findings);
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "content.reply_to_elsewhere")
    );
}
