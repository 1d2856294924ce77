//! JavaScript bindings (wasm-bindgen). Used by the extension's service worker and the web page's
//! worker. Values cross as plain JSON-compatible objects with the same shape as the CLI's `--json`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{DnsAnswers, Options, Snapshot};

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

// Arguments are read field by field with `Reflect` rather than through serde: serde's
// deserializer and its error messages were 3.3 KB of the gzip wasm for three small objects, and
// those messages format floats, which kept the float formatter linked (7.8 KB more). Wrong types
// still throw, naming the field.

/// `obj[key]`, or `None` when it is missing, undefined or null.
fn field(obj: &JsValue, key: &str) -> Result<Option<JsValue>, JsError> {
    let v = js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| JsError::new(&format!("cannot read {key}")))?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

fn bool_field(obj: &JsValue, key: &str) -> Result<bool, JsError> {
    match field(obj, key)? {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| JsError::new(&format!("{key}: expected a boolean"))),
    }
}

fn string_field(obj: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("{key}: expected a string"))),
    }
}

/// The items of an array (an error for anything else).
fn array(v: JsValue, what: &str) -> Result<js_sys::Array, JsError> {
    if js_sys::Array::is_array(&v) {
        Ok(v.into())
    } else {
        Err(JsError::new(&format!("{what}: expected an array")))
    }
}

fn object(v: &JsValue, what: &str) -> Result<(), JsError> {
    if v.is_object() && !js_sys::Array::is_array(v) {
        Ok(())
    } else {
        Err(JsError::new(&format!("{what}: expected an object")))
    }
}

fn options(v: JsValue) -> Result<Options, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(Options::default());
    }
    object(&v, "options")?;
    let now = match field(&v, "now")? {
        None => None,
        Some(n) => Some(
            n.as_f64()
                .ok_or_else(|| JsError::new("now: expected a number"))?,
        ),
    };
    Ok(Options {
        now: now.filter(|n| n.is_finite() && *n >= 0.0).map(|n| n as u64),
        dns_enabled: bool_field(&v, "dnsEnabled")?,
        body_from_page: bool_field(&v, "bodyFromPage")?,
        from_provider: bool_field(&v, "fromProvider")?,
    })
}

/// `{ "name": ["txt", ...], "other": [] }` -> answers (empty list = no such record).
fn answers(v: JsValue) -> Result<DnsAnswers, JsError> {
    let mut d = DnsAnswers::new();
    if v.is_undefined() || v.is_null() {
        return Ok(d);
    }
    object(&v, "dns")?;
    for entry in js_sys::Object::entries(v.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let txts = array(pair.get(1), &name)?;
        if txts.length() == 0 {
            d.insert_none(&name);
        }
        for t in txts.iter() {
            let t = t
                .as_string()
                .ok_or_else(|| JsError::new(&format!("{name}: expected strings")))?;
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
    object(&snapshot, "snapshot")?;
    let mut links = Vec::new();
    if let Some(l) = field(&snapshot, "links")? {
        for link in array(l, "links")?.iter() {
            object(&link, "links[]")?;
            links.push(crate::snapshot::SnapshotLink {
                text: string_field(&link, "text")?.unwrap_or_default(),
                href: string_field(&link, "href")?.unwrap_or_default(),
            });
        }
    }
    let snap = Snapshot {
        sender_name: string_field(&snapshot, "senderName")?,
        sender_address: string_field(&snapshot, "senderAddress")?,
        subject: string_field(&snapshot, "subject")?,
        text: string_field(&snapshot, "text")?.unwrap_or_default(),
        links,
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
