#![no_main]
//! Header and MIME parsing into the model.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = honmono::parse::parse(data) {
        // Touch what later stages read.
        let _ = m.sender().and_then(|s| s.domain());
        let _ = m.header("received");
        assert!(m.hops.len() <= m.headers.len());
    }
    let _ = honmono::parse::unfold(data);
});
