//! JavaScript bindings (wasm-bindgen). Used by the extension's service worker and the web page's
//! worker. Values cross as plain JSON-compatible objects with the same shape as the CLI's `--json`.

use std::collections::HashMap;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{DnsAnswers, Options, Snapshot};

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    #[serde(default)]
    now: Option<f64>,
    #[serde(default)]
    dns_enabled: bool,
    #[serde(default)]
    body_from_page: bool,
    #[serde(default)]
    from_provider: bool,
}

fn options(v: JsValue) -> Result<Options, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(Options::default());
    }
    let o: JsOptions =
        serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(Options {
        now: o
            .now
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n as u64),
        dns_enabled: o.dns_enabled,
        body_from_page: o.body_from_page,
        from_provider: o.from_provider,
    })
}

/// `{ "name": ["txt", ...], "other": [] }` -> answers (empty list = no such record).
fn answers(v: JsValue) -> Result<DnsAnswers, JsError> {
    let mut d = DnsAnswers::new();
    if v.is_undefined() || v.is_null() {
        return Ok(d);
    }
    let m: HashMap<String, Vec<String>> =
        serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&e.to_string()))?;
    for (name, txts) in m {
        if txts.is_empty() {
            d.insert_none(&name);
        }
        for t in txts {
            d.insert(&name, &t);
        }
    }
    Ok(d)
}

/// DNS TXT names the message needs (DMARC records, then DKIM keys aligned with From, ARC keys,
/// other DKIM keys; at most 16, without duplicates). `options` (may be omitted): the same object
/// as [`check`]'s; pass `fromProvider: true` for a source fetched from the provider, so that a
/// source over 25 MB or with control bytes gets its names instead of an error.
#[wasm_bindgen(js_name = dnsNames)]
pub fn dns_names(raw: &[u8], options_v: JsValue) -> Result<Vec<String>, JsError> {
    crate::dns_names_with(raw, &options(options_v)?).map_err(|e| JsError::new(&e.to_string()))
}

/// Check a raw message. `dns`: answers object (`{ name: [txt, ...] }`, `[]` = no such record);
/// `options`: `{ now?: seconds, dnsEnabled: bool, bodyFromPage?: bool, fromProvider?: bool }`.
///
/// - `bodyFromPage`: real headers, body rebuilt from the webmail page (Outlook).
/// - `fromProvider` (CONTRACT for the extension): `true` when the bytes were fetched from the
///   receiving provider itself (Gmail's raw download or "Show original", Outlook's GetItem),
///   never for a file or pasted text. Then (a) the provider's Authentication-Results may prove
///   the sender (`report.auth.from_proof == "receiving_provider"`); without it only a DKIM
///   signature verified here can (`"verified_here"`), and results alone give at best
///   `unverified` (`"unconfirmed_results"`, finding `auth.from_not_proven_here`); (b) a source
///   over 25 MB is checked as its headers and the first 25 MB (finding
///   `message.source_truncated`), and control bytes do not make it "binary"
///   (`message.source_unreadable`), instead of throwing: the verdict is then never better
///   than the header block alone gives. Only an empty source or one with no header field at
///   all still throws.
///
/// Throws an Error with a clear message when the input is not a message.
#[wasm_bindgen]
pub fn check(raw: &[u8], dns: JsValue, options_v: JsValue) -> Result<JsValue, JsError> {
    let d = answers(dns)?;
    let o = options(options_v)?;
    let r = crate::check(raw, &d, &o).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&r)
}

/// Check what a webmail page showed: `{ senderName, senderAddress, subject, text, links: [{text, href}] }`.
#[wasm_bindgen(js_name = checkSnapshot)]
pub fn check_snapshot(snapshot: JsValue, options_v: JsValue) -> Result<JsValue, JsError> {
    #[derive(serde::Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct JsSnap {
        #[serde(default)]
        sender_name: Option<String>,
        #[serde(default)]
        sender_address: Option<String>,
        #[serde(default)]
        subject: Option<String>,
        #[serde(default)]
        text: String,
        #[serde(default)]
        links: Vec<crate::snapshot::SnapshotLink>,
    }
    let s: JsSnap =
        serde_wasm_bindgen::from_value(snapshot).map_err(|e| JsError::new(&e.to_string()))?;
    let snap = Snapshot {
        sender_name: s.sender_name,
        sender_address: s.sender_address,
        subject: s.subject,
        text: s.text,
        links: s.links,
    };
    to_js(&crate::check_snapshot(&snap, &options(options_v)?))
}

/// Check one link (right-click).
#[wasm_bindgen(js_name = checkLink)]
pub fn check_link(
    href: &str,
    text: Option<String>,
    sender: Option<String>,
) -> Result<JsValue, JsError> {
    to_js(&crate::check_link(href, text.as_deref(), sender.as_deref()))
}

/// Core version, for the about box and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
