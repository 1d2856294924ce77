//! `setKeys(names, txts)` once per message set, then `verifyDkim(raw, now)`: the number of
//! DKIM signatures that pass, verified by `honmono::auth::dkim::verify` as of `now`.
use std::cell::RefCell;

use honmono::DnsAnswers;
use honmono::auth::dkim::{Status, verify};
use wasm_bindgen::prelude::*;

thread_local! {
    static KEYS: RefCell<DnsAnswers> = RefCell::new(DnsAnswers::new());
}

/// Replace the key set: `names[i]` has TXT `txts[i]` (an empty TXT means NXDOMAIN).
#[wasm_bindgen(js_name = setKeys)]
pub fn set_keys(names: Vec<String>, txts: Vec<String>) {
    let mut d = DnsAnswers::new();
    for (n, t) in names.iter().zip(txts.iter()) {
        if t.is_empty() {
            d.insert_none(n);
        } else {
            d.insert(n, t);
        }
    }
    KEYS.with(|k| *k.borrow_mut() = d);
}

/// Verify every DKIM-Signature of `raw` as of `now` (unix seconds); returns how many pass.
#[wasm_bindgen(js_name = verifyDkim)]
pub fn verify_dkim(raw: &[u8], now: f64) -> u32 {
    KEYS.with(|k| {
        verify(raw, &k.borrow(), now as u64)
            .iter()
            .filter(|c| c.status == Status::Pass)
            .count() as u32
    })
}
