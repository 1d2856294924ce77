//! Criterion benches of the hot paths, one stage at a time: parsing, provider trust and
//! authentication, link analysis, brand matching, and the whole check (verdict included); and
//! the time of hostile input (group `hostile`, `links/analyze/hostile-*`), which tests check for
//! the right answer but never time.
//!
//! `cargo bench --bench hot_paths` (add a filter, e.g. `-- links`). Inputs: the median-size
//! message of ../shared/corpus/{phish-dev,ham-dev} when present (plus the largest ham message,
//! which carries DKIM/ARC and provider results), else a generated ~21 KB message.

use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use honmono::{DnsAnswers, Options};

fn load(dir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "eml")
                && let Ok(b) = std::fs::read(&p)
            {
                out.push(b);
            }
        }
    }
    out
}

fn median(mut v: Vec<Vec<u8>>) -> Option<Vec<u8>> {
    v.sort_by_key(Vec::len);
    let n = v.len();
    if n == 0 {
        None
    } else {
        Some(v.swap_remove(n / 2))
    }
}

/// (label, raw message) pairs to bench on.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut out = Vec::new();
    if let Some(m) = median(load(&base.join("phish-dev"))) {
        out.push((format!("phish-median-{}KB", m.len() / 1024), m));
    }
    if let Some(m) = median(load(&base.join("ham-dev"))) {
        out.push((format!("ham-median-{}KB", m.len() / 1024), m));
    }
    if out.is_empty() {
        out.push(("generated-21KB".to_string(), generated()));
    }
    out
}

fn generated() -> Vec<u8> {
    let mut html =
        String::from("<html><body><img alt=\"Amazon\" src=\"https://img.example/logo.png\">");
    let mut n = 0;
    while html.len() < 20_000 {
        html.push_str(&format!(
            "<p>ご注文 #{n} のお支払い方法を更新してください。</p><a href=\"https://amazon-co-jp.example.net/u/{n}?x=1\">https://www.amazon.co.jp/orders/{n}</a>\n"
        ));
        n += 1;
    }
    format!(
        "Received: from h.example.net (h.example.net [192.0.2.1]) by mx.google.com with ESMTPS id x; Mon, 01 Jan 2024 00:00:00 +0000\r\n\
Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=h.example.net; dkim=none; dmarc=fail header.from=amazon.co.jp\r\n\
From: \"Amazon.co.jp\" <info@amazon-co-jp.example.net>\r\nTo: you@gmail.com\r\nSubject: Amazonプライム会員の更新\r\n\
Date: Mon, 01 Jan 2024 00:00:00 +0000\r\nMessage-ID: <x@example.net>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n{html}"
    )
    .into_bytes()
}

/// Some of tests/hostile.rs's pathological messages (same shapes, made the same way).
fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let message = |headers: &str, body: &str| {
        format!(
            "{headers}From: Example Support <support@example.com>\r\nTo: you@example.org\r\n\
Subject: hostile\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <h@example.com>\r\n\r\n{body}"
        )
        .into_bytes()
    };
    let domain = "b.".repeat(24_000) + "com";
    let long_from = format!(
        "From: <a@{domain}>\r\nReply-To: r@{domain}\r\nSubject: x\r\n\r\n\
<a href=\"https://{domain}/\">https://www.amazon.co.jp/</a>\r\n"
    );
    let headers: String = (0..100_000)
        .map(|i| format!("X-Filler-{i}: value {i}\r\n"))
        .collect();
    let hops: String = (0..10_000)
        .map(|i| {
            format!(
                "Received: from h{i}.example (h{i}.example [192.0.2.{}]) by mx.google.com with ESMTPS id x{i}; Mon, 1 Jan 2024 00:00:{:02} +0000\r\n\
Authentication-Results: mx.google.com; dkim=pass header.d=d{i}.example; spf=pass smtp.mailfrom=d{i}.example\r\n\
DKIM-Signature: v=1; a=rsa-sha256; d=d{i}.example; s=s{i}; h=from; bh=AAAA; b=AAAA\r\n",
                i % 250,
                i % 60
            )
        })
        .collect();
    let (mut html, mut text) = (String::from("<html><body>"), String::new());
    for i in 0..10_000 {
        html.push_str(&format!(
            "<a href=\"https://l{i}.example.net/p?i={i}\">https://www.amazon.co.jp/{i}</a> "
        ));
        text.push_str(&format!("https://t{i}.example.org/{i} "));
    }
    html.push_str("</body></html>");
    let links = format!(
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--b--\r\n"
    );
    let line = "A".repeat(1 << 20);
    vec![
        ("long-from-domain-24000-labels", long_from.into_bytes()),
        ("100000-headers", message(&headers, "hi")),
        ("10000-hops", message(&hops, "hi")),
        (
            "10000-links",
            message(
                "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n",
                &links,
            ),
        ),
        ("1MB-subject", message(&format!("Subject: {line}\r\n"), "x")),
    ]
}

fn opts() -> Options {
    Options {
        now: Some(1_767_225_600),
        dns_enabled: false,
        ..Default::default()
    }
}

fn benches(c: &mut Criterion) {
    let inputs = inputs();
    let dns = DnsAnswers::new();

    let mut g = c.benchmark_group("parse");
    for (label, raw) in &inputs {
        g.throughput(Throughput::Bytes(raw.len() as u64));
        g.bench_with_input(BenchmarkId::new("mail-parser", label), raw, |b, raw| {
            b.iter(|| black_box(mail_parser::MessageParser::default().parse(raw.as_slice())))
        });
        g.bench_with_input(BenchmarkId::new("honmono::parse", label), raw, |b, raw| {
            b.iter(|| black_box(honmono::parse::parse(raw).ok()))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("auth");
    for (label, raw) in &inputs {
        let Ok(mail) = honmono::parse::parse(raw) else {
            continue;
        };
        g.throughput(Throughput::Bytes(raw.len() as u64));
        g.bench_with_input(BenchmarkId::new("provider+auth", label), raw, |b, raw| {
            b.iter(|| black_box(honmono::auth::evaluate(&mail, Some(raw), &dns, &opts())))
        });
        g.bench_with_input(BenchmarkId::new("dns_names", label), raw, |b, raw| {
            b.iter(|| black_box(honmono::auth::dns_names(&mail, raw)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("links");
    for (label, raw) in &inputs {
        let Ok(mail) = honmono::parse::parse(raw) else {
            continue;
        };
        let auth = honmono::auth::evaluate(&mail, Some(raw), &dns, &opts());
        let claim = honmono::brands::claimed(&mail);
        let sender = mail.sender().and_then(|m| m.domain());
        let ctx = honmono::links::LinkContext {
            claim: claim.as_ref(),
            authenticated: &auth.authenticated,
            sender_domain: sender.as_deref(),
            ..Default::default()
        };
        g.throughput(Throughput::Bytes(raw.len() as u64));
        g.bench_function(BenchmarkId::new("analyze", label), |b| {
            b.iter(|| black_box(honmono::links::analyze(&mail, &ctx)))
        });
    }
    // Hostile input (src/links/tests.rs, hostile_link_counts_are_capped_and_bad_links_kept):
    // 12,001 anchors, of which MAX_JUDGED are judged. Its time is measured here, not in tests.
    let mut html: String = (0..12_000)
        .map(|i| format!("<a href=\"https://x{i}.example/\">l</a>"))
        .collect();
    html.push_str(r#"<a href="javascript:alert(1)">bad</a>"#);
    let hostile = honmono::model::Mail {
        html: vec![html.into()],
        ..Default::default()
    };
    g.bench_function(BenchmarkId::new("analyze", "hostile-12001-links"), |b| {
        b.iter(|| black_box(honmono::links::analyze(&hostile, &Default::default())))
    });
    g.bench_function("check_link", |b| {
        b.iter(|| {
            black_box(honmono::check_link(
                "https://safe.nam12.protection.outlook.com/?url=https%3A%2F%2Fwww.amaz0n-co-jp.example%2Fsignin&data=x",
                Some("https://www.amazon.co.jp/"),
                Some("info@amazon.co.jp"),
            ))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("brands");
    for (label, raw) in &inputs {
        let Ok(mail) = honmono::parse::parse(raw) else {
            continue;
        };
        g.bench_function(BenchmarkId::new("claimed", label), |b| {
            b.iter(|| black_box(honmono::brands::claimed(&mail)))
        });
    }
    g.bench_function("skeleton", |b| {
        b.iter(|| {
            black_box(honmono::brands::skeleton(
                "Ａｍａｚ0n.co.jp カスタマーサービス",
            ))
        })
    });
    g.bench_function("lookalike", |b| {
        b.iter(|| black_box(honmono::brands::lookalike("www.arnazon-co-jp.example.com").is_some()))
    });
    g.finish();

    // The organisation tiers (src/orgs): what a display name and a subject cost to look up,
    // and the one-time table build (measured in a fresh process by `orgs_cold` below).
    let mut g = c.benchmark_group("orgs");
    for (label, text) in [
        (
            "display_en",
            "Spotify Premium Support <no-reply@spotify-billing.top>",
        ),
        ("display_ja", "【重要】ソニー銀行カスタマーセンター"),
        (
            "subject",
            "Your Airbnb reservation at Springfield has been cancelled: refund from First Example Bank",
        ),
        (
            "subject_ja",
            "【千葉信金】お客様の口座が一時停止されました。本人確認のお願い（JA東京スマイル・ゆうちょ）",
        ),
    ] {
        g.bench_function(BenchmarkId::new("named_in", label), |b| {
            b.iter(|| black_box(honmono::orgs::named_in(text).len()))
        });
    }
    g.bench_function("institutions", |b| {
        b.iter(|| black_box(honmono::orgs::institutions("【重要】株式会社ソニー銀行より").len()))
    });
    let sony = honmono::orgs::by_name("ソニー銀行");
    g.bench_function("relation", |b| {
        b.iter(|| black_box(sony.map(|o| honmono::orgs::relation(o, "mail.sony-bank-login.top"))))
    });
    g.finish();

    // Hostile input (tests/hostile.rs checks the answers; the time is measured here, never
    // asserted in tests). A quadratic path shows as seconds per iteration.
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for (label, raw) in hostile_inputs() {
        g.throughput(Throughput::Bytes(raw.len() as u64));
        g.bench_with_input(BenchmarkId::new("check", label), &raw, |b, raw| {
            b.iter(|| black_box(honmono::check(raw, &dns, &opts()).ok()))
        });
    }
    let domain = "b.".repeat(24_000) + "com";
    let (href, from) = (format!("https://{domain}/"), format!("a@{domain}"));
    g.bench_function("check_link/long-domain-24000-labels", |b| {
        b.iter(|| black_box(honmono::check_link(&href, None, Some(&from))))
    });
    let long = format!(
        "https://{}.example/{}",
        "a".repeat(1 << 16),
        "%41".repeat(100_000)
    );
    g.bench_function("check_link/huge", |b| {
        b.iter(|| black_box(honmono::check_link(&long, Some(&long), Some(&long))))
    });
    g.finish();

    let mut g = c.benchmark_group("verdict");
    for (label, raw) in &inputs {
        g.throughput(Throughput::Bytes(raw.len() as u64));
        g.bench_with_input(BenchmarkId::new("full check", label), raw, |b, raw| {
            b.iter(|| black_box(honmono::check(raw, &dns, &opts()).ok()))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    // Short, so that the whole file runs in about a minute on a shared 2-core machine.
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .without_plots()
}

criterion_group! {
    name = hot_paths;
    config = config();
    targets = benches
}
criterion_main!(hot_paths);
