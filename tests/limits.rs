//! The promises of SECURITY.md ("Limits" and "What Honmono promises") that no other test pinned
//! down: each asserts the documented bound or property with the library's public API.

use honmono::links::unwrap;
use honmono::snapshot::{Snapshot, SnapshotLink};
use honmono::{DnsAnswers, Options};

fn plain(body: &str) -> Vec<u8> {
    format!(
        "From: Shop <news@shop.example>\r\nTo: you@example.org\r\nSubject: Hello\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

fn content_ids(raw: &[u8]) -> Vec<String> {
    honmono::check(raw, &DnsAnswers::new(), &Options::default())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.id)
        .filter(|id| id.starts_with("content.lure"))
        .collect()
}

/// SECURITY.md, Limits: "body text scanned for lures: 256 KB".
#[test]
fn lures_are_looked_for_in_the_first_256_kb_of_text_only() {
    let lure = "Your mailbox is full. Confirm your password within 24 hours.";
    assert!(
        !content_ids(&plain(lure)).is_empty(),
        "the lure is recognised"
    );
    let filler = "Weekly notes from the garden club. ".repeat(300 * 1024 / 35);
    assert!(filler.len() > 256 * 1024);
    assert!(
        content_ids(&plain(&format!("{filler}\r\n{lure}"))).is_empty(),
        "past 256 KB: not scanned"
    );
    assert!(!content_ids(&plain(&format!("{lure}\r\n{filler}"))).is_empty());
}

/// SECURITY.md, Limits: "redirect layers unwrapped per link: 5".
#[test]
fn redirects_are_unwrapped_five_layers_deep_at_most() {
    let mut url = "https://evil.example/login".to_string();
    for _ in 0..8 {
        url = format!(
            "https://www.google.com/url?q={}",
            url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()
        );
    }
    let (inner, layers) = unwrap::unwrap(&url::Url::parse(&url).unwrap());
    assert_eq!(layers.len(), unwrap::MAX_LAYERS);
    assert_eq!(unwrap::MAX_LAYERS, 5);
    assert_eq!(
        inner.host_str(),
        Some("www.google.com"),
        "the innermost reached"
    );
}

/// SECURITY.md, Limits: "page snapshot: 2 MB of text, 10,000 links".
#[test]
fn a_page_snapshot_is_cut_to_2_mb_of_text_and_10_000_links() {
    let snap = Snapshot {
        sender_name: Some("Shop".into()),
        sender_address: Some("news@shop.example".into()),
        subject: Some("s".into()),
        text: "0123456789 ".repeat(300_000),
        links: (0..12_000)
            .map(|i| SnapshotLink {
                text: format!("link {i}"),
                href: format!("https://x{i}.example/"),
            })
            .collect(),
    };
    let mail = snap.to_mail();
    assert!(
        mail.body_text.len() <= 2 * 1024 * 1024 + 16,
        "{}",
        mail.body_text.len()
    );
    assert_eq!(mail.page_links.len(), 10_000);
}

/// SECURITY.md, "The report is derived only from the message": the same message, answers and
/// time always give the same report.
#[test]
fn the_same_message_answers_and_time_give_the_same_report() {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stories/amazon-survey-zh.eml"
    ))
    .unwrap();
    let dns = DnsAnswers::parse_file(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/stories/dns.tsv"
        ))
        .unwrap(),
    );
    let opts = Options {
        now: Some(1_795_355_900),
        ..Options::default()
    };
    let json = |_| serde_json::to_string(&honmono::check(&raw, &dns, &opts).unwrap()).unwrap();
    let first = json(0);
    for i in 1..4 {
        assert_eq!(json(i), first);
    }
}
