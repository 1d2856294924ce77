//! The scanner against html5gum (WHATWG) on the development corpora: prints every HTML part where
//! they read the markup differently, counts by field, and the time each takes (issue #15).
//!
//!     cargo run --release -p honmono-html --example whatwg_compare            # disagreements
//!     cargo run --release -p honmono-html --example whatwg_compare -- --time 9  # + medians of 9 runs
//!
//! Timing: the scanner's `read` (text, anchors, alts: everything it derives) against html5gum's
//! tokenisation alone (the default emitter, building tokens, and a no-op callback emitter), on
//! the same decoded HTML parts, one core. html5gum alone is a lower bound for a replacement: it
//! still lacks everything the scanner derives from the tokens.

#[path = "../tests/reference/mod.rs"]
mod reference;

use std::collections::BTreeMap;
use std::time::Instant;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args
        .iter()
        .position(|a| a == "--time")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(0);
    let quiet = args.iter().any(|a| a == "--quiet");
    let Some(dirs) = reference::corpus_dirs() else {
        return;
    };
    let mut all: Vec<String> = Vec::new();
    for dir in &dirs {
        let files = reference::eml_files(dir);
        let (mut parts, mut differ) = (0, 0);
        let mut by_field: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &files {
            let raw = std::fs::read(f).expect("readable");
            for (k, h) in reference::html_parts(&raw).into_iter().enumerate() {
                parts += 1;
                let d = reference::compare(&h);
                if !d.is_empty() {
                    differ += 1;
                    for x in &d {
                        *by_field.entry(x.field).or_default() += 1;
                        if !quiet {
                            println!("{}#{k}: {x}", f.display());
                        }
                    }
                }
                all.push(h);
            }
        }
        println!(
            "== {}: {} files, {parts} HTML parts, {differ} read differently {by_field:?}",
            dir.display(),
            files.len()
        );
    }
    if runs == 0 {
        return;
    }
    let bytes: usize = all.iter().map(String::len).sum();
    println!(
        "timing: {} HTML parts, {:.1} MB, median of {runs} runs",
        all.len(),
        bytes as f64 / 1e6
    );
    let median = |f: &dyn Fn() -> usize| {
        let mut t: Vec<f64> = (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                std::hint::black_box(f());
                t0.elapsed().as_secs_f64()
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[runs / 2]
    };
    let report = |label: &str, s: f64| {
        println!(
            "  {label:<44} {:>8.1} ms {:>7.1} MB/s",
            s * 1e3,
            bytes as f64 / 1e6 / s
        );
    };
    report(
        "scanner: read (text, anchors, alts)",
        median(&|| all.iter().map(|h| honmono_html::read(h).text.len()).sum()),
    );
    report(
        "scanner: read_links (anchors, alts)",
        median(&|| {
            all.iter()
                .map(|h| honmono_html::read_links(h).anchors.len())
                .sum()
        }),
    );
    report(
        "html5gum: tokens, default emitter",
        median(&|| {
            all.iter()
                .map(|h| {
                    let mut n = 0;
                    let mut tok = Tokenizer::new(h.as_str());
                    while let Some(Ok(t)) = tok.next() {
                        if let html5gum::Token::StartTag(s) = &t
                            && let Some(st) = raw_state(&s.name)
                        {
                            tok.set_state(st);
                        }
                        n += 1;
                    }
                    n
                })
                .sum()
        }),
    );
    report(
        "html5gum: callback emitter, no tokens built",
        median(&|| {
            all.iter()
                .map(|h| {
                    let mut n = 0usize;
                    let mut emitter = CallbackEmitter::new(
                        |e: CallbackEvent<'_>, _: Span<()>| -> Option<std::convert::Infallible> {
                            std::hint::black_box(&e);
                            None
                        },
                    );
                    emitter.naively_switch_states(true);
                    let mut tok = Tokenizer::new_with_emitter(h.as_str(), emitter);
                    while let Some(Ok(_)) = tok.next() {
                        n += 1;
                    }
                    n
                })
                .sum()
        }),
    );
    report(
        "reference: html5gum tokens -> canonical HTML",
        median(&|| all.iter().map(|h| reference::canonical(h).len()).sum()),
    );
}

fn raw_state(name: &[u8]) -> Option<html5gum::State> {
    html5gum::naive_next_state(name)
}
