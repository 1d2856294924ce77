#![no_main]
//! Received parsing: every input line becomes a `Received:` header (plus the lines between as
//! folded continuations) of an otherwise ordinary message, so that hop parsing, delay
//! computation, provider identification and the trusted-hop logic all see hostile values.
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let mut msg: Vec<u8> = Vec::with_capacity(data.len() * 2 + 256);
    for line in data.split(|&b| b == b'\n') {
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            msg.extend_from_slice(line); // folded continuation of the previous Received
        } else {
            msg.extend_from_slice(b"Received: ");
            msg.extend_from_slice(line);
        }
        msg.extend_from_slice(b"\r\n");
    }
    msg.extend_from_slice(
        b"Authentication-Results: mx.google.com; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com\r\n\
From: Example <news@example.com>\r\nTo: you@example.org\r\nSubject: hello\r\n\
Date: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <a@example.com>\r\n\r\nhello\r\n",
    );
    if let Ok(m) = honmono::parse::parse(&msg) {
        for h in &m.hops {
            let _ = (h.time, h.delay);
        }
    }
    let opts = honmono::Options {
        now: None,
        dns_enabled: false,
        ..Default::default()
    };
    if let Ok(r) = honmono::check(&msg, &honmono::DnsAnswers::new(), &opts) {
        common::assert_report(&r);
    }
});
