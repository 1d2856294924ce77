//! Link checks over the shared development corpora (../shared/corpus): no link finding above
//! `low` on 100 legitimate mailing-list mails, and the share of 305 real phishing mails with a
//! link finding of `medium` or more (printed). Skipped, with a message, when ../shared is absent.
//!
//! Timing (printed) covers link extraction (HTML anchors, text URLs) plus judgement per message,
//! not MIME parsing; run with `--release -- --nocapture` for meaningful figures.

use std::collections::BTreeMap;

use std::time::{Duration, Instant};

use honmono::links::{LinkContext, analyze};
use honmono::report::LinkReport;
use honmono::{DnsAnswers, Options, Severity, auth, brands, parse};

mod common;
use common::corpus;

/// Links of one raw message with the real authentication and brand context, and the time the
/// link analysis took.
fn links_of(raw: &[u8]) -> Option<(Vec<LinkReport>, Duration)> {
    let mail = parse::parse(raw).ok()?;
    let auth = auth::evaluate(&mail, Some(raw), &DnsAnswers::new(), &Options::default());
    let claim = brands::claimed(&mail);
    let sender = mail.sender().and_then(|m| m.domain());
    let ctx = LinkContext {
        claim: claim.as_ref(),
        authenticated: &auth.authenticated,
        sender_domain: sender.as_deref(),
        ..Default::default()
    };
    let t = Instant::now();
    let links = analyze(&mail, &ctx);
    Some((links, t.elapsed()))
}

#[test]
fn ham_dev_has_no_link_finding_above_low() {
    let Some(files) = corpus("ham-dev") else {
        return;
    };
    let mut bad = Vec::new();
    let mut links = 0;
    for f in &files {
        let raw = std::fs::read(f).expect("readable");
        let Some((ls, _)) = links_of(&raw) else {
            continue;
        };
        links += ls.len();
        for l in &ls {
            for x in l.findings.iter().filter(|x| x.severity > Severity::Low) {
                bad.push(format!(
                    "{}: {} {:?} {}",
                    f.display(),
                    x.id,
                    x.severity,
                    x.evidence
                ));
            }
        }
    }
    println!(
        "ham-dev: {} messages, {links} links, {} findings above low",
        files.len(),
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "false alarms on legitimate mail:\n{}",
        bad.join("\n")
    );
}

/// CPU time of this thread (Linux: /proc/thread-self/schedstat), else wall time: the machine is
/// shared, and wall time then measures the neighbours.
struct Clock(Instant, Option<u64>);

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now(), thread_cpu_ns())
    }
    fn elapsed(&self) -> Duration {
        match (self.1, thread_cpu_ns()) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
            _ => self.0.elapsed(),
        }
    }
}

#[test]
fn phish_dev_share_with_link_findings() {
    let Some(files) = corpus("phish-dev") else {
        return;
    };
    let mut flagged = 0;
    let mut parsed = 0;
    let mut links = 0;
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut mails = Vec::new();
    // The parsed mails borrow from the raw bytes, which therefore outlive them.
    let raws: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("readable"))
        .collect();
    for raw in &raws {
        let Some((ls, _)) = links_of(raw) else {
            continue;
        };
        parsed += 1;
        links += ls.len();
        let mut ids: Vec<&str> = ls
            .iter()
            .flat_map(|l| &l.findings)
            .filter(|x| x.severity >= Severity::Medium)
            .map(|x| x.id.as_str())
            .collect();
        ids.sort();
        ids.dedup();
        if !ids.is_empty() {
            flagged += 1;
        }
        for id in ids {
            *by_id.entry(id.to_string()).or_default() += 1;
        }
        if let Ok(m) = parse::parse(raw) {
            let auth = auth::evaluate(&m, Some(raw), &DnsAnswers::new(), &Options::default());
            let claim = brands::claimed(&m);
            mails.push((m, auth.authenticated, claim));
        }
    }
    let share = 100.0 * flagged as f64 / parsed.max(1) as f64;
    println!(
        "phish-dev: {flagged}/{parsed} messages ({share:.1}%) have a link finding >= medium; {links} links"
    );
    for (id, n) in &by_id {
        println!("  {id}: {n} messages");
    }
    // Timing after the warm-up above (lists, registry and PSL are loaded once per process): best of
    // five passes, link analysis alone (HTML anchor scan included) and the HTML scan alone.
    let mut best = Duration::MAX;
    let mut best_html = Duration::MAX;
    for _ in 0..5 {
        let t = Clock::start();
        for (m, authd, claim) in &mails {
            let sender = m.sender().and_then(|s| s.domain());
            let ctx = LinkContext {
                claim: claim.as_ref(),
                authenticated: authd,
                sender_domain: sender.as_deref(),
                ..Default::default()
            };
            std::hint::black_box(analyze(m, &ctx));
        }
        best = best.min(t.elapsed());
        let t = Clock::start();
        for (m, _, _) in &mails {
            for h in &m.html {
                std::hint::black_box(honmono::html::read_links(h));
            }
        }
        best_html = best_html.min(t.elapsed());
    }
    let n = mails.len().max(1) as f64;
    println!(
        "link analysis (thread CPU time, best of 5): {:.1} µs/message (of which HTML anchor scan {:.1} µs), {} messages",
        best.as_secs_f64() * 1e6 / n,
        best_html.as_secs_f64() * 1e6 / n,
        mails.len()
    );
    assert!(parsed > 0);
}
