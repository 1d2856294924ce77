//! Local DKIM (and ARC) verification against upstream expectations, with the DNS keys supplied:
//!
//! 1. lieser/dkim_verifier `EXPECTED.tsv` (../shared/conformance/legit_dkim_with_keys): the
//!    crypto-verification rows, i.e. rows with `custom_dns_or_prefs = no` for files outside `arh/`
//!    (the `arh/` rows test reading Authentication-Results, not signatures). `SUCCESS` must be our
//!    `pass`; `PERMFAIL` any other local result. Keys come from `dns_txt.tsv`; every other key
//!    name is NXDOMAIN, as in the upstream DNS stub. Messages are verified as of their delivery
//!    time (topmost `Received`), as Honmono does.
//!    Excluded: rows expecting `TEMPFAIL` (the upstream test makes its DNS stub fail; a sans-IO
//!    core has no DNS failure to simulate), and `ill_formed-from.eml`: it carries no
//!    DKIM-Signature at all; upstream's PERMFAIL there is its error for the unparsable From
//!    address, not a signature result (our result for it is "no signature", checked below).
//! 2. mail-auth's resources `dkim/00N.txt` at unix time 1667843664 (the upstream test's fixed
//!    time): every signature must pass. And `arc/00N.txt`: the ARC chain must pass and at least
//!    one DKIM signature must pass (the upstream assertion).

use std::path::{Path, PathBuf};

use honmono::DnsAnswers;
use honmono::auth::{arc, dkim};

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipped: ../shared not found ({})", p.display());
        None
    }
}

fn crlf(raw: &[u8]) -> Vec<u8> {
    if raw.windows(2).any(|w| w == b"\r\n") {
        return raw.to_vec();
    }
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 20);
    for &b in raw {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

fn delivery_time(raw: &[u8]) -> u64 {
    honmono::parse::parse(raw)
        .ok()
        .and_then(|m| m.hops.first().and_then(|h| h.time))
        .and_then(|t| u64::try_from(t).ok())
        .unwrap_or(0)
}

#[test]
fn lieser_dkim_verifier_expected_results() {
    let Some(shared) = shared() else { return };
    let base = shared.join("conformance/legit_dkim_with_keys/lieser_dkim_verifier");
    let expected = std::fs::read_to_string(base.join("EXPECTED.tsv")).expect("EXPECTED.tsv");
    let keys = std::fs::read_to_string(base.join("dns_txt.tsv")).expect("dns_txt.tsv");

    let mut total = 0;
    let mut matched = 0;
    let mut excluded = 0;
    let mut bad = Vec::new();
    for line in expected.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(name), Some(results), Some(custom)) =
            (cols.get(1), cols.get(2), cols.get(3), cols.get(5))
        else {
            continue;
        };
        if *custom != "no" || file.starts_with("arh/") || results.is_empty() {
            continue;
        }
        if results.contains("TEMPFAIL") {
            excluded += 1;
            continue;
        }
        if *file == "ill_formed-from.eml" {
            let raw = std::fs::read(base.join("data").join(file)).expect("message file");
            assert!(dkim::verify(&crlf(&raw), &DnsAnswers::new(), 0).is_empty());
            excluded += 1;
            continue;
        }
        // The first result given for each sigN is the DKIM one.
        let mut want: Vec<(usize, &str)> = Vec::new();
        for r in results.split(';') {
            let Some((sig, res)) = r.split_once('=') else {
                continue;
            };
            let Ok(i) = sig.trim_start_matches("sig").parse::<usize>() else {
                continue;
            };
            if !want.iter().any(|(j, _)| *j == i) {
                want.push((i, res));
            }
        }
        let raw = crlf(&std::fs::read(base.join("data").join(file)).expect("message file"));
        let mut dns = DnsAnswers::parse_file(&keys);
        for n in dkim::key_names(&raw) {
            if !dns.contains(&n) {
                dns.insert_none(&n);
            }
        }
        let got = dkim::verify(&raw, &dns, delivery_time(&raw));
        for (i, res) in want {
            total += 1;
            let mine = got.get(i).map(|c| c.status);
            let ok = match res {
                "SUCCESS" => mine == Some(dkim::Status::Pass),
                "PERMFAIL" => mine.is_some_and(|s| s != dkim::Status::Pass),
                "none" => mine.is_none(),
                _ => false,
            };
            if ok {
                matched += 1;
            } else {
                bad.push(format!(
                    "{file} [{name}] sig{i}: expected {res}, got {:?}",
                    got.get(i).map(|c| (c.status, c.reason.clone()))
                ));
            }
        }
    }
    println!(
        "lieser/dkim_verifier: {matched}/{total} signature results match ({excluded} rows excluded: TEMPFAIL / unsigned)"
    );
    assert!(total >= 25, "too few rows read: {total}");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// mail-auth resource format: `name value` lines, a blank line, then the message (LF).
fn stalwart_case(path: &Path) -> (DnsAnswers, Vec<u8>) {
    let text = std::fs::read_to_string(path).expect("resource");
    let (records, message) = text.split_once("\n\n").unwrap_or(("", &text));
    let mut dns = DnsAnswers::new();
    for line in records.lines() {
        if let Some((name, value)) = line.split_once(' ') {
            dns.insert(name, value);
        }
    }
    (dns, crlf(message.as_bytes()))
}

fn stalwart_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    v.sort();
    v
}

#[test]
fn stalwart_mail_auth_dkim_and_arc_resources() {
    let Some(shared) = shared() else { return };
    let base = shared.join("conformance/auth_test_suites/stalwart_mail_auth/resources");
    const NOW: u64 = 1_667_843_664;

    let mut total = 0;
    let mut matched = 0;
    let mut bad = Vec::new();
    for f in stalwart_files(&base.join("dkim")) {
        let (dns, raw) = stalwart_case(&f);
        let got = dkim::verify(&raw, &dns, NOW);
        for (i, c) in got.iter().enumerate() {
            total += 1;
            if c.status == dkim::Status::Pass {
                matched += 1;
            } else {
                bad.push(format!(
                    "{} sig{i}: {:?} {}",
                    f.display(),
                    c.status,
                    c.reason
                ));
            }
        }
        if got.is_empty() {
            total += 1;
            bad.push(format!("{}: no signature found", f.display()));
        }
    }
    println!("mail-auth dkim resources: {matched}/{total} signatures pass");

    let mut arc_total = 0;
    let mut arc_matched = 0;
    for f in stalwart_files(&base.join("arc")) {
        arc_total += 1;
        let (dns, raw) = stalwart_case(&f);
        let a = arc::verify(&raw, &dns, NOW);
        let d = dkim::verify(&raw, &dns, NOW);
        if a.status == dkim::Status::Pass && d.iter().any(|c| c.status == dkim::Status::Pass) {
            arc_matched += 1;
        } else {
            bad.push(format!(
                "{} arc: {:?} {} ; dkim {:?}",
                f.display(),
                a.status,
                a.reason,
                d
            ));
        }
    }
    println!("mail-auth arc resources: {arc_matched}/{arc_total} chains pass");
    assert!(total >= 6 && arc_total >= 2, "resources missing");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
