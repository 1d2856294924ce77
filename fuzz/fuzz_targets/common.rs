// Shared invariants for every fuzz target: a report is always well formed.
use honmono::{Report, Verdict};

#[allow(dead_code)]
pub fn assert_report(r: &Report) {
    let v = r.verdict.expect("every report has a verdict");
    let (lo, hi) = match v {
        Verdict::Genuine => (0, 9),
        Verdict::Unverified => (10, 39),
        Verdict::Suspicious => (40, 79),
        Verdict::Dangerous => (80, 100),
    };
    assert!(
        r.score >= lo && r.score <= hi,
        "score {} outside the {:?} band",
        r.score,
        v
    );
    for f in r
        .findings
        .iter()
        .chain(r.links.iter().flat_map(|l| l.findings.iter()))
    {
        assert!(!f.id.is_empty(), "finding without id");
        assert!(
            !f.message.en.is_empty(),
            "finding {} without English text",
            f.id
        );
        assert!(
            !f.message.ja.is_empty(),
            "finding {} without Japanese text",
            f.id
        );
    }
}

/// Fixed time so that runs are reproducible (2024-01-01).
#[allow(dead_code)]
pub const NOW: u64 = 1_704_067_200;
