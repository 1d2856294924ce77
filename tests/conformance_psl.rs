//! `honmono::domain::registrable` against the Public Suffix List's own test file
//! (../shared/conformance/publicsuffix/test_psl.txt: `checkPublicSuffix(input, expected)` lines).
//! Expected values written in Unicode are compared in their ASCII (punycode) form, which is what
//! `registrable` returns. The four `//checkPublicSuffix(...local...)` lines are commented out
//! upstream and are not tests.

use std::path::Path;

fn arg(s: &str) -> Option<String> {
    let s = s.trim();
    if s == "null" {
        None
    } else {
        Some(s.trim_matches('\'').to_string())
    }
}

#[test]
fn registrable_matches_every_psl_test_line() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/conformance/publicsuffix/test_psl.txt"
    ));
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: ../shared not found ({})", path.display());
        return;
    };
    let mut total = 0;
    let mut bad = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("checkPublicSuffix(") else {
            continue;
        };
        let Some(args) = rest.strip_suffix(");") else {
            continue;
        };
        let Some((input, expected)) = args.split_once(',') else {
            continue;
        };
        total += 1;
        let input = arg(input);
        let expected = arg(expected).map(|e| honmono::domain::normalize_host(&e).unwrap_or(e));
        let got = input.as_deref().and_then(honmono::domain::registrable);
        if got != expected {
            bad.push(format!("{input:?}: expected {expected:?}, got {got:?}"));
        }
    }
    println!("PSL conformance: {}/{total} lines match", total - bad.len());
    assert!(total >= 78, "test file looks truncated: {total} lines");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
