#![no_main]
//! Brand matching: skeletons and lookalikes of arbitrary strings, and brand claims of messages
//! whose display name, subject and body are the fuzzed text.
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let sk = honmono::brands::skeleton(&s);
    let _ = honmono::brands::skeleton(&sk);
    let _ = honmono::brands::owner_of(&s);
    for b in honmono::brands::all().iter().take(8) {
        let _ = honmono::brands::may_send(b, &s);
    }

    // The same text as display name (raw UTF-8 and as an encoded-word), subject and body.
    let line: String = s
        .chars()
        .filter(|c| *c != '\r' && *c != '\n')
        .take(2000)
        .collect();
    let mut msg = Vec::new();
    msg.extend_from_slice(b"From: \"");
    msg.extend_from_slice(line.replace('"', "").as_bytes());
    msg.extend_from_slice(b"\" <support@example.net>\r\nSubject: ");
    msg.extend_from_slice(line.as_bytes());
    msg.extend_from_slice(
        b"\r\nTo: you@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>",
    );
    msg.extend_from_slice(s.as_bytes());
    msg.extend_from_slice(b"</p><img alt=\"");
    msg.extend_from_slice(line.replace('"', "").as_bytes());
    msg.extend_from_slice(b"\">\r\n");
    let opts = honmono::Options {
        now: Some(common::NOW),
        dns_enabled: false,
        ..Default::default()
    };
    if let Ok(r) = honmono::check(&msg, &honmono::DnsAnswers::new(), &opts) {
        common::assert_report(&r);
    }
    if let Ok(m) = honmono::parse::parse(&msg) {
        let _ = honmono::brands::claimed(&m);
    }
});
