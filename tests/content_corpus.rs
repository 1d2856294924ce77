//! Content checks over the shared development corpora (../shared/corpus): false alarms on 100
//! legitimate mailing-list mails, and the share of 305 real phishing mails with a content finding
//! of medium or more. Skipped, with a message, when ../shared is absent.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use honmono::content::{ContentContext, analyze};
use honmono::{
    DnsAnswers, Finding, Options, Severity, auth, brands, identity, parse, presentation,
};

mod common;
use common::corpus;

/// Content findings for one raw message, with the real authentication and brand context.
fn content_of(raw: &[u8]) -> Option<(Vec<Finding>, std::time::Duration)> {
    let mail = parse::parse(raw).ok()?;
    let opts = Options::default();
    let auth = auth::evaluate(&mail, Some(raw), &DnsAnswers::new(), &opts);
    let shown = presentation::presented(&mail);
    let standing = identity::assess(&mail, &auth, &shown);
    let ctx = ContentContext {
        claim: shown.claim.as_ref(),
        auth: &auth,
        name_proven: standing.proven,
        person: false,
        known_org: false,
        links_own: false,
        links_own_name_unknown: false,
        all_links_own: false,
        relay_by_brand: false,
        family_unlisted: false,
    };
    let t = Instant::now();
    let f = analyze(&mail, &ctx);
    Some((f, t.elapsed()))
}

fn above(f: &[Finding], s: Severity) -> Vec<&Finding> {
    f.iter().filter(|f| f.severity >= s).collect()
}

#[test]
fn ham_dev_has_at_most_one_false_alarm() {
    let Some(files) = corpus("ham-dev") else {
        return;
    };
    let mut alarms = Vec::new();
    for p in &files {
        let raw = std::fs::read(p).unwrap();
        let Some((f, _)) = content_of(&raw) else {
            continue;
        };
        let bad = above(&f, Severity::Medium);
        if !bad.is_empty() {
            let what: Vec<String> = bad
                .iter()
                .map(|f| {
                    format!(
                        "{} [{:?}] {}",
                        f.id,
                        f.severity,
                        f.evidence.replace('\n', " | ")
                    )
                })
                .collect();
            alarms.push(format!(
                "{}: {}",
                p.file_name().unwrap().to_string_lossy(),
                what.join("; ")
            ));
        }
    }
    println!(
        "ham-dev: {} of {} legitimate mails with a content finding above low",
        alarms.len(),
        files.len()
    );
    for a in &alarms {
        println!("  {a}");
    }
    assert!(
        alarms.len() <= 1,
        "too many false alarms on ham-dev: {alarms:#?}"
    );
}

#[test]
fn phish_dev_share_with_content_findings() {
    let Some(files) = corpus("phish-dev") else {
        return;
    };
    let mut flagged = 0;
    let mut parsed = 0;
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut times = Vec::new();
    // Warm up: the first call builds the automaton and loads the catalogues (once per process).
    if let Some(p) = files.first() {
        let _ = content_of(&std::fs::read(p).unwrap());
    }
    for p in &files {
        let raw = std::fs::read(p).unwrap();
        let Some((f, dt)) = content_of(&raw) else {
            continue;
        };
        parsed += 1;
        times.push(dt);
        let strong = above(&f, Severity::Medium);
        for id in strong
            .iter()
            .map(|f| f.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
        {
            *by_id.entry(id).or_default() += 1;
        }
        if strong.is_empty() {
            missed.push(p.file_name().unwrap().to_string_lossy().to_string());
        } else {
            flagged += 1;
        }
    }
    let share = 100.0 * flagged as f64 / parsed.max(1) as f64;
    println!(
        "phish-dev: {flagged} of {parsed} phishing mails ({share:.1}%) with a content finding >= medium"
    );
    times.sort();
    let mean =
        times.iter().sum::<std::time::Duration>().as_secs_f64() * 1e6 / times.len().max(1) as f64;
    let median = times
        .get(times.len() / 2)
        .map(|d| d.as_secs_f64() * 1e6)
        .unwrap_or(0.0);
    let p90 = times
        .get(times.len() * 9 / 10)
        .map(|d| d.as_secs_f64() * 1e6)
        .unwrap_or(0.0);
    println!(
        "content::analyze: mean {mean:.1} µs, median {median:.1} µs, p90 {p90:.1} µs per message ({} build, wall clock)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    for (id, n) in &by_id {
        println!("  {id}: {n}");
    }
    println!("not flagged: {}", missed.join(" "));
    assert!(
        share >= 60.0,
        "content checks flag too few phishing mails: {share:.1}%"
    );
}

/// Debug aid: `CONTENT_DUMP=sample-1.eml,sample-2.eml cargo test --test content_corpus dump -- --ignored --nocapture`
#[test]
#[ignore]
fn dump() {
    let Ok(names) = std::env::var("CONTENT_DUMP") else {
        return;
    };
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    for n in names.split(',') {
        let p = ["phish-dev", "ham-dev"]
            .iter()
            .map(|d| base.join(d).join(n))
            .find(|p| p.exists());
        let Some(p) = p else { continue };
        let raw = std::fs::read(&p).unwrap();
        let mail = parse::parse(&raw).unwrap();
        let auth = auth::evaluate(&mail, Some(&raw), &DnsAnswers::new(), &Options::default());
        let claim = brands::claimed(&mail);
        println!(
            "== {n} aligned={} claim={:?}",
            auth.from_aligned,
            claim.as_ref().map(|c| &c.brand.id)
        );
        println!("subject: {:?}", mail.subject);
        println!(
            "body: {:?}",
            mail.body_text.chars().take(600).collect::<String>()
        );
        for f in content_of(&raw).map(|x| x.0).unwrap_or_default() {
            println!(
                "  {} [{:?}] {}",
                f.id,
                f.severity,
                f.evidence.replace('\n', " | ")
            );
        }
    }
}
