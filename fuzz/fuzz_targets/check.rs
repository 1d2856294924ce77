#![no_main]
//! Whole-message verification on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let opts = honmono::Options {
        now: Some(common::NOW),
        dns_enabled: false,
        ..Default::default()
    };
    let _ = honmono::dns_names(data);
    if let Ok(r) = honmono::check(data, &honmono::DnsAnswers::new(), &opts) {
        common::assert_report(&r);
    }
});
