//! The JavaScript bindings, run in a real wasm engine by wasm-bindgen-test (node by default,
//! headless Chromium with WASM_BINDGEN_USE_BROWSER=1). `scripts/test-all.sh` runs them with
//! `cargo test --target wasm32-unknown-unknown --test wasm_bindings`.
#![cfg(target_arch = "wasm32")]

use honmono::wasm as wasm_api;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn options(dns_enabled: bool) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"dnsEnabled".into(), &dns_enabled.into()).unwrap();
    js_sys::Reflect::set(&o, &"now".into(), &JsValue::from_f64(1_700_000_000.0)).unwrap();
    o.into()
}

const SPOOF: &[u8] = b"Received: from mail.evil.example (mail.evil.example [203.0.113.9])\r\n by mx.google.com with ESMTPS id x1; Mon, 06 Nov 2023 10:00:00 +0000\r\nAuthentication-Results: mx.google.com;\r\n dkim=none; spf=fail smtp.mailfrom=evil.example; dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=amazon.co.jp\r\nFrom: \"Amazon.co.jp\" <account-update@amazon.co.jp>\r\nTo: user@example.com\r\nSubject: =?UTF-8?B?44GK5pSv5omV44GE5pa55rOV44Gu5pu05paw?=\r\nDate: Mon, 06 Nov 2023 10:00:00 +0000\r\nMessage-ID: <1@evil.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease update your payment details: https://amazon-co-jp.acount-secure.top/login\r\n";

#[wasm_bindgen_test]
fn check_returns_a_plain_report_object() {
    let r = wasm_api::check(SPOOF, JsValue::NULL, options(false)).unwrap();
    assert_eq!(get(&r, "verdict").as_string().as_deref(), Some("dangerous"));
    let sender = get(&r, "sender");
    assert_eq!(
        get(&sender, "address").as_string().as_deref(),
        Some("account-update@amazon.co.jp")
    );
    let findings = js_sys::Array::from(&get(&r, "findings"));
    assert!(findings.length() > 0);
    let f0 = findings.get(0);
    assert!(get(&get(&f0, "message"), "ja").as_string().is_some());
    let dns = get(&r, "dns");
    assert_eq!(get(&dns, "enabled").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn check_throws_a_clear_error_for_non_messages() {
    let e = wasm_api::check(b"", JsValue::NULL, JsValue::UNDEFINED).unwrap_err();
    let v: JsValue = e.into();
    let msg = js_sys::Error::from(v).message().as_string().unwrap();
    assert!(msg.contains("empty"), "{msg}");
}

#[wasm_bindgen_test]
fn dns_answers_object_is_accepted_and_dns_names_listed() {
    let raw = b"DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=BBBB\r\nFrom: a@example.com\r\nSubject: x\r\n\r\nhi\r\n";
    // The options are optional (the page and older callers pass none).
    let names = wasm_api::dns_names(raw, JsValue::UNDEFINED).unwrap();
    assert!(
        names.iter().any(|n| n == "sel._domainkey.example.com"),
        "{names:?}"
    );
    let dns = js_sys::Object::new();
    js_sys::Reflect::set(
        &dns,
        &"sel._domainkey.example.com".into(),
        &js_sys::Array::new().into(),
    )
    .unwrap();
    let r = wasm_api::check(raw, dns.into(), options(true)).unwrap();
    let missing = js_sys::Array::from(&get(&get(&r, "dns"), "missing"));
    assert!(!missing.includes(&"sel._domainkey.example.com".into(), 0));
}

#[wasm_bindgen_test]
fn snapshot_is_never_genuine_and_link_check_flags_lookalikes() {
    let snap = js_sys::Object::new();
    js_sys::Reflect::set(&snap, &"senderName".into(), &"Example".into()).unwrap();
    js_sys::Reflect::set(&snap, &"senderAddress".into(), &"news@example.com".into()).unwrap();
    js_sys::Reflect::set(&snap, &"subject".into(), &"Hello".into()).unwrap();
    js_sys::Reflect::set(&snap, &"text".into(), &"Hello there".into()).unwrap();
    let r = wasm_api::check_snapshot(snap.into(), options(false)).unwrap();
    assert_ne!(get(&r, "verdict").as_string().as_deref(), Some("genuine"));
    assert_eq!(
        get(&r, "input").as_string().as_deref(),
        Some("page_snapshot")
    );

    let l =
        wasm_api::check_link("https://www.amazon.co.jp@evil.example/signin", None, None).unwrap();
    assert_eq!(get(&l, "verdict").as_string().as_deref(), Some("dangerous"));
}

#[wasm_bindgen_test]
fn legacy_japanese_charsets_decode_in_wasm() {
    // ISO-2022-JP encoded-word subject and a Shift_JIS body: in wasm these are decoded by the
    // host's TextDecoder (vendor/README.md), natively by encoding_rs.
    let mut raw: Vec<u8> = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\nMessage-ID: <1@example.com>\r\nDate: Mon, 06 Nov 2023 10:00:00 +0000\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".to_vec();
    raw.extend_from_slice(b"\x82\xa8\x8e\x78\x95\xa5\x82\xa2\x95\xfb\x96\x40\x82\xcc\x8d\x58\x90\x56\x82\xf0\x82\xa8\x8a\xe8\x82\xa2\x82\xb5\x82\xdc\x82\xb7\x81\x42\x32\x34\x8e\x9e\x8a\xd4\x88\xc8\x93\xe0\x82\xc9\x8d\x58\x90\x56\x82\xb5\x82\xc8\x82\xa2\x8f\xea\x8d\x87\x81\x41\x83\x41\x83\x4a\x83\x45\x83\x93\x83\x67\x82\xcd\x92\xe2\x8e\x7e\x82\xb3\x82\xea\x82\xdc\x82\xb7\x81\x42\r\n");
    let r = wasm_api::check(&raw, JsValue::NULL, options(false)).unwrap();
    assert_eq!(get(&r, "subject").as_string().as_deref(), Some("テスト"));
    let findings = js_sys::Array::from(&get(&r, "findings"));
    let ids: Vec<String> = findings
        .iter()
        .map(|f| get(&f, "id").as_string().unwrap())
        .collect();
    assert!(
        ids.iter().any(|i| i == "content.lure_payment_update"),
        "{ids:?}"
    );
}

/// A Gmail-delivered message whose only proof is Gmail's results (no key looked up).
const GMAIL_GENUINE: &[u8] = b"Received: by 2002:a05:7108:3d0e::1 with SMTP id x1; Tue, 14 Oct 2025 02:13:21 -0700\r\n\
Received: from mail-a.bank.example (mail-a.bank.example. [192.0.2.10]) by mx.google.com with ESMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n\
Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=news@bank.example; dmarc=pass (p=REJECT) header.from=bank.example\r\n\
From: Example Bank <news@bank.example>\r\nTo: you@example.org\r\nSubject: Statement\r\nList-Unsubscribe: <https://bank.example/u>\r\nContent-Type: text/plain\r\n\r\nYour statement is ready.\r\n";

fn with_from_provider(v: bool) -> JsValue {
    let o = options(false);
    js_sys::Reflect::set(&o, &"fromProvider".into(), &v.into()).unwrap();
    o
}

/// The extension's contract (issue 14): `fromProvider: true` only for bytes fetched from the
/// provider; without it (the page, any file) a provider's results cannot make a mail genuine.
#[wasm_bindgen_test]
fn from_provider_is_what_lets_the_provider_s_results_prove_the_sender() {
    let auth_proof = |r: &JsValue| get(&get(r, "auth"), "from_proof").as_string();
    let r = wasm_api::check(GMAIL_GENUINE, JsValue::NULL, options(false)).unwrap();
    assert_eq!(
        get(&r, "verdict").as_string().as_deref(),
        Some("unverified")
    );
    assert_eq!(auth_proof(&r).as_deref(), Some("unconfirmed_results"));
    let r = wasm_api::check(GMAIL_GENUINE, JsValue::NULL, with_from_provider(true)).unwrap();
    assert_eq!(get(&r, "verdict").as_string().as_deref(), Some("genuine"));
    assert_eq!(auth_proof(&r).as_deref(), Some("receiving_provider"));
}

/// A provider's source with control bytes in a header is checked (with a warning) instead of
/// throwing, so the extension keeps the provider's failure; pasted, it still throws.
#[wasm_bindgen_test]
fn a_provider_source_with_control_bytes_is_checked_not_thrown() {
    let mut raw = SPOOF.to_vec();
    let at = raw.windows(4).position(|w| w == b"To: ").unwrap();
    let junk: Vec<u8> = b"X-Trace: "
        .iter()
        .copied()
        .chain((0..600).map(|i| [1u8, 2, 3, 4, 5, 6, 7, 8, 11, 12][i % 10]))
        .chain(*b"\r\n")
        .collect();
    raw.splice(at..at, junk);
    assert!(wasm_api::check(&raw, JsValue::NULL, options(false)).is_err());
    assert!(wasm_api::dns_names(&raw, JsValue::UNDEFINED).is_err());
    let r = wasm_api::check(&raw, JsValue::NULL, with_from_provider(true)).unwrap();
    assert_eq!(get(&r, "verdict").as_string().as_deref(), Some("dangerous"));
    let ids: Vec<String> = js_sys::Array::from(&get(&r, "findings"))
        .iter()
        .map(|f| get(&f, "id").as_string().unwrap())
        .collect();
    assert!(
        ids.iter().any(|i| i == "message.source_unreadable"),
        "{ids:?}"
    );
    assert!(wasm_api::dns_names(&raw, with_from_provider(true)).is_ok());
}

/// The arguments are read field by field (not through serde): wrong types still throw, naming
/// the field, and a snapshot's links reach the link checks.
#[wasm_bindgen_test]
fn argument_objects_are_read_field_by_field() {
    let set = |o: &js_sys::Object, k: &str, v: JsValue| {
        js_sys::Reflect::set(o, &k.into(), &v).unwrap();
    };
    let bad = js_sys::Object::new();
    set(&bad, "dnsEnabled", "yes".into());
    let e = wasm_api::check(SPOOF, JsValue::NULL, bad.into()).unwrap_err();
    assert!(JsValue::from(e).as_string().is_none()); // a JS Error object, not a string
    let bad_dns = js_sys::Object::new();
    set(&bad_dns, "_dmarc.amazon.co.jp", "v=DMARC1; p=reject".into());
    assert!(wasm_api::check(SPOOF, bad_dns.into(), options(true)).is_err());
    assert!(wasm_api::check(SPOOF, JsValue::NULL, JsValue::from_f64(1.0)).is_err());

    // A snapshot whose link text shows one bank's address over a link to another host.
    let snap = js_sys::Object::new();
    set(&snap, "senderName", "Example".into());
    set(&snap, "senderAddress", "news@example.com".into());
    set(&snap, "text", "Sign in to your account".into());
    let link = js_sys::Object::new();
    set(&link, "text", "https://www.paypal.com/signin".into());
    set(
        &link,
        "href",
        "https://paypal-account-check.example/login".into(),
    );
    set(&snap, "links", js_sys::Array::of1(&link).into());
    let r = wasm_api::check_snapshot(snap.clone().into(), options(false)).unwrap();
    let ids: Vec<String> = js_sys::Array::from(&get(&r, "findings"))
        .iter()
        .filter_map(|f| get(&f, "id").as_string())
        .collect();
    assert!(
        ids.iter().any(|i| i.starts_with("link.")),
        "the snapshot's link was not checked: {ids:?}"
    );
    set(
        &snap,
        "links",
        "https://paypal-account-check.example/".into(),
    );
    assert!(wasm_api::check_snapshot(snap.into(), options(false)).is_err());
}
