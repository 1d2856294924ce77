//! How long the organisation tables take to build (the first lookup), in a fresh process:
//! `cargo run --release --example orgs_cold`. The extension's cold start budget is 150 ms to
//! the badge; this is paid on the first message that is looked up, once.
fn main() {
    // The skeleton's own tables (confusables, NFKC) are built by the first message anyway.
    let t = std::time::Instant::now();
    let _ = honmono::brands::skeleton("ｘ");
    let skeleton = t.elapsed();
    let t = std::time::Instant::now();
    let hits = honmono::orgs::named_in("ソニー銀行");
    let first = t.elapsed();
    let t = std::time::Instant::now();
    let again = honmono::orgs::named_in("ソニー銀行");
    let second = t.elapsed();
    println!(
        "orgs: {} organisations; skeleton tables {:.2} ms; first lookup (tables built) {:.2} ms, next {:.1} µs ({} hit{})",
        honmono::orgs::all().len(),
        skeleton.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        second.as_secs_f64() * 1e6,
        hits.len().max(again.len()),
        if hits.len() == 1 { "" } else { "s" },
    );
}
