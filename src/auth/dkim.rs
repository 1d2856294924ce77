//! DKIM verified locally, as of a given time, with keys the caller looked up.
//!
//! mail-auth 0.13's public `verify_dkim` checks `x=` against the real clock (the variant taking a
//! time is crate-private), so a signature valid on delivery reads "expired" a week later. This
//! module redoes its steps with the crate's public pieces (`AuthenticatedMessage::parse`,
//! `dkim_headers`, `body_hashes`, `signed_headers`, `DomainKey` parsing, `VerifyingKey::verify`)
//! at a time the caller chooses (the delivery time).

use mail_auth::AuthenticatedMessage;
use mail_auth::common::crypto::{Algorithm, HashAlgorithm};
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;

use crate::dns::DnsAnswers;

/// At most this many signatures are verified (and their keys asked for): real mail carries a
/// handful; a message with thousands must not cost thousands of DNS lookups.
pub const MAX_SIGNATURES: usize = 20;

/// `t=s` in a key record: the AUID must be exactly the SDID (RFC 6376 §3.6.1).
const KEY_FLAG_MATCH_DOMAIN: u64 = 0x20;

/// Header fields whose unsigned extra instance lets a signed message be shown with other content
/// (an added `From` above the signed one is what a reader sees).
const MUST_NOT_BE_ADDED: &[&str] = &["from", "subject", "date", "to", "cc", "reply-to"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    /// Cryptographic or policy failure (signature, body hash, AUID, unsigned header added).
    Fail,
    /// The signature expired before the verification time.
    Neutral,
    /// Malformed signature, unusable or revoked key, no key published.
    PermError,
    /// The key was not supplied: could not be checked locally.
    NotLookedUp,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Neutral => "neutral",
            Status::PermError => "permerror",
            Status::NotLookedUp => "none",
        }
    }
}

/// One DKIM-Signature's local outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimCheck {
    /// SDID `d=`, lower-case (may be empty for a malformed signature).
    pub domain: String,
    pub selector: String,
    /// `i=` as written (may be empty).
    pub auid: String,
    pub algorithm: &'static str,
    pub status: Status,
    /// Why it did not pass (plain English), empty on pass.
    pub reason: String,
    /// `t=` and `x=` (0 when absent).
    pub t: u64,
    pub x: u64,
}

impl DkimCheck {
    /// The key record name, lower-case, no trailing dot.
    pub fn key_name(&self) -> String {
        format!("{}._domainkey.{}", self.selector, self.domain).to_ascii_lowercase()
    }
}

fn alg_name(a: Algorithm) -> &'static str {
    match a {
        Algorithm::RsaSha1 => "rsa-sha1",
        Algorithm::RsaSha256 => "rsa-sha256",
        Algorithm::Ed25519Sha256 => "ed25519-sha256",
    }
}

/// The signature header value with the `b=` tag's value removed (RFC 6376 §3.7), the final line
/// break dropped, all else byte-exact.
pub fn strip_b_value(value: &[u8]) -> Vec<u8> {
    let value = value
        .strip_suffix(b"\r\n")
        .or_else(|| value.strip_suffix(b"\n"))
        .unwrap_or(value);
    let mut out = Vec::with_capacity(value.len());
    let mut first = true;
    for seg in value.split(|&c| c == b';') {
        if !first {
            out.push(b';');
        }
        first = false;
        let name_start = seg
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .unwrap_or(seg.len());
        let rest = seg.get(name_start..).unwrap_or_default();
        let eq = rest.iter().position(|&c| c == b'=');
        let is_b = match eq {
            Some(e) => {
                let name = rest.get(..e).unwrap_or_default();
                let name = name.trim_ascii_end();
                name == b"b" || name == b"B"
            }
            None => false,
        };
        match (is_b, eq) {
            (true, Some(e)) => out.extend_from_slice(seg.get(..name_start + e + 1).unwrap_or(seg)),
            _ => out.extend_from_slice(seg),
        }
    }
    out
}

/// Minimal `tag=value` lookup in a raw signature (for signatures mail-auth refused to parse).
pub(crate) fn raw_tag(value: &[u8], tag: &str) -> String {
    let text = String::from_utf8_lossy(value);
    for part in text.split(';') {
        if let Some((k, v)) = part.split_once('=')
            && k.trim().eq_ignore_ascii_case(tag)
        {
            return v
                .split_whitespace()
                .collect::<String>()
                .to_ascii_lowercase();
        }
    }
    String::new()
}

/// RSA keys shorter than 1024 bits must not be accepted (RFC 8301 §3.2).
pub(crate) fn key_too_small(key: &DomainKey, alg: Algorithm) -> bool {
    alg != Algorithm::Ed25519Sha256 && key.p.public_key_bits() < 1024
}

/// Does the AUID (`i=`) agree with the SDID (`d=`) under the key's flags?
fn auid_ok(i: &str, d: &str, key_flags: u64) -> bool {
    if i.is_empty() {
        return true;
    }
    let auid_domain = i
        .rsplit_once('@')
        .map_or("", |(_, d)| d)
        .to_ascii_lowercase();
    let d = d.to_ascii_lowercase();
    if auid_domain == d {
        return true;
    }
    key_flags & KEY_FLAG_MATCH_DOMAIN == 0 && auid_domain.ends_with(&format!(".{d}"))
}

/// The first usable key among the TXT records supplied for `name`.
pub(crate) fn key_for(dns: &DnsAnswers, name: &str) -> Result<DomainKey, (Status, String)> {
    let Some(records) = dns.get(name) else {
        return Err((Status::NotLookedUp, format!("key {name} was not looked up")));
    };
    if records.is_empty() {
        return Err((Status::PermError, format!("no key is published at {name}")));
    }
    let mut last_err = String::new();
    for r in records {
        match DomainKey::parse(r.as_bytes()) {
            Ok(k) => return Ok(k),
            Err(e) => last_err = e.to_string(),
        }
    }
    Err((
        Status::PermError,
        format!("unusable key at {name}: {last_err}"),
    ))
}

/// Names of the DKIM keys needed to verify `raw` (lower-case, no trailing dot), in order.
pub fn key_names(raw: &[u8]) -> Vec<String> {
    AuthenticatedMessage::parse(raw)
        .map(|m| key_names_of(&m))
        .unwrap_or_default()
}

/// [`key_names`] of an already parsed message.
pub fn key_names_of(msg: &AuthenticatedMessage<'_>) -> Vec<String> {
    let mut out = super::names::NameSet::new(usize::MAX);
    for h in msg.dkim_headers.iter().take(MAX_SIGNATURES) {
        out.push_key(&h.header.s, &h.header.d);
    }
    out.into_vec()
}

/// The `d=` of the DKIM-Signature headers of `mail` (lower-case; the first
/// `4 × MAX_SIGNATURES`), read from the headers themselves: also for a header block, where nothing
/// can be verified. What a results header's `dkim=pass` must be about.
pub fn signer_domains(mail: &crate::model::Mail) -> Vec<String> {
    let mut out = super::names::NameSet::new(4 * MAX_SIGNATURES);
    for h in mail
        .headers_named("dkim-signature")
        .take(4 * MAX_SIGNATURES)
    {
        out.push(&raw_tag(h.value().as_bytes(), "d"));
    }
    out.into_vec()
}

/// Verify every DKIM-Signature of `raw` as of `now` (unix seconds), in header order.
/// `now` = 0 skips the expiry check (no time known).
pub fn verify(raw: &[u8], dns: &DnsAnswers, now: u64) -> Vec<DkimCheck> {
    AuthenticatedMessage::parse(raw)
        .map(|m| verify_message(&m, dns, now))
        .unwrap_or_default()
}

/// [`verify`] on an already parsed message.
pub fn verify_message(
    msg: &AuthenticatedMessage<'_>,
    dns: &DnsAnswers,
    now: u64,
) -> Vec<DkimCheck> {
    let base = msg.raw_message.as_ptr() as usize;
    let mut out: Vec<(usize, DkimCheck)> = Vec::new();

    for e in msg.errors.iter().take(MAX_SIGNATURES) {
        if let mail_auth::Error::Dkim(err) = &e.header {
            out.push((
                (e.value.as_ptr() as usize).saturating_sub(base),
                DkimCheck {
                    domain: raw_tag(e.value, "d"),
                    selector: raw_tag(e.value, "s"),
                    auid: raw_tag(e.value, "i"),
                    algorithm: "",
                    status: Status::PermError,
                    reason: format!("malformed signature: {err}"),
                    t: 0,
                    x: 0,
                },
            ));
        }
    }

    for h in msg.dkim_headers.iter().take(MAX_SIGNATURES) {
        let sig = &h.header;
        let mut check = DkimCheck {
            domain: sig.d.to_ascii_lowercase(),
            selector: sig.s.to_ascii_lowercase(),
            auid: sig.i.clone(),
            algorithm: alg_name(sig.a),
            status: Status::Pass,
            reason: String::new(),
            t: sig.t,
            x: sig.x,
        };
        let pos = (h.value.as_ptr() as usize).saturating_sub(base);
        let (status, reason) = verify_one(msg, h.name, h.value, sig, dns, now);
        check.status = status;
        check.reason = reason;
        out.push((pos, check));
    }
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, c)| c).collect()
}

fn verify_one(
    msg: &AuthenticatedMessage<'_>,
    name: &[u8],
    value: &[u8],
    sig: &mail_auth::dkim::Signature,
    dns: &DnsAnswers,
    now: u64,
) -> (Status, String) {
    if sig.x != 0 && (sig.x <= sig.t || sig.x <= now) {
        return (
            Status::Neutral,
            format!(
                "the signature expired (x={}) before the time of verification ({now})",
                sig.x
            ),
        );
    }
    let ha = HashAlgorithm::from(sig.a);
    let body_hash = msg
        .body_hashes
        .iter()
        .find(|(c, h, l, _)| *c == sig.cb && *h == ha && *l == sig.l)
        .map(|(_, _, _, bh)| bh);
    match body_hash {
        Some(bh) if *bh == sig.bh => {}
        Some(_) => {
            return (
                Status::Fail,
                "the body was changed after signing (body hash mismatch)".to_string(),
            );
        }
        None => {
            return (
                Status::PermError,
                "body hash could not be computed".to_string(),
            );
        }
    }
    let key_name = format!("{}._domainkey.{}", sig.s, sig.d).to_ascii_lowercase();
    let key = match key_for(dns, &key_name) {
        Ok(k) => k,
        Err(e) => return e,
    };
    if key_too_small(&key, sig.a) {
        return (
            Status::PermError,
            format!("the key at {key_name} is shorter than 1024 bits"),
        );
    }
    if !auid_ok(&sig.i, &sig.d, key.f) {
        return (
            Status::Fail,
            format!("the identity i={} is not within d={}", sig.i, sig.d),
        );
    }
    let stripped = strip_b_value(value);
    let mut headers = msg.signed_headers(&sig.h, name, &stripped);
    if let Err(e) = key.p.verify(&mut headers, &sig.b, sig.ch, sig.a) {
        return (Status::Fail, format!("signature verification failed: {e}"));
    }
    // Signed, but an extra unsigned instance of a displayed header was added.
    for want in MUST_NOT_BE_ADDED {
        let signed = sig
            .h
            .iter()
            .filter(|n| n.eq_ignore_ascii_case(want))
            .count();
        if signed == 0 && *want != "from" {
            continue;
        }
        let present = msg
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(want.as_bytes()))
            .count();
        if present > signed {
            return (
                Status::Fail,
                format!("an unsigned {want} header was added after signing"),
            );
        }
    }
    (Status::Pass, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC6376_KEY: &str = "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";

    // RFC 6376 Appendix A.2 (with the errata-corrected body).
    const RFC6376_MSG: &str = "DKIM-Signature: v=1; a=rsa-sha256; s=brisbane; d=example.com;\r\n      c=simple/simple; q=dns/txt; i=joe@football.example.com;\r\n      h=Received : From : To : Subject : Date : Message-ID;\r\n      bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n      b=AuUoFEfDxTDkHlLXSZEpZj79LICEps6eda7W3deTVFOk4yAUoqOB\r\n      4nujc7YopdG5dWLSdNg6xNAZpOPr+kHxt1IrE+NahM6L/LbvaHut\r\n      KVdkLLkpVaVVQPzeRDI009SO2Il5Lu7rDNH6mZckBdrIx0orEtZV\r\n      4bmp/YzhwvcubU4=;\r\nReceived: from client1.football.example.com  [192.0.2.1]\r\n      by submitserver.example.com with SUBMISSION;\r\n      Fri, 11 Jul 2003 21:01:54 -0700 (PDT)\r\nFrom: Joe SixPack <joe@football.example.com>\r\nTo: Suzie Q <suzie@shopping.example.net>\r\nSubject: Is dinner ready?\r\nDate: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\nMessage-ID: <20030712040037.46341.5F8J@football.example.com>\r\n\r\nHi.\r\n\r\nWe lost the game. Are you hungry yet?\r\n\r\nJoe.\r\n";

    #[test]
    fn strips_only_the_b_value() {
        assert_eq!(strip_b_value(b"b=abc;h=From\r\n"), b"b=;h=From");
        assert_eq!(
            strip_b_value(b"bh=B64b=;h=From;b=abc\r\n"),
            b"bh=B64b=;h=From;b="
        );
        assert_eq!(
            strip_b_value(b"h=From; b = abc\r\n def\r\n; v=1\r\n"),
            b"h=From; b =; v=1"
        );
    }

    #[test]
    fn rfc6376_example_verifies_and_key_states_are_told_apart() {
        let mut dns = DnsAnswers::new();
        assert_eq!(
            key_names(RFC6376_MSG.as_bytes()),
            ["brisbane._domainkey.example.com"]
        );
        let r = verify(RFC6376_MSG.as_bytes(), &dns, 1_700_000_000);
        assert_eq!(r[0].status, Status::NotLookedUp);
        dns.insert_none("brisbane._domainkey.example.com");
        assert_eq!(
            verify(RFC6376_MSG.as_bytes(), &dns, 0)[0].status,
            Status::PermError
        );
        let mut dns = DnsAnswers::new();
        dns.insert("brisbane._domainkey.example.com", RFC6376_KEY);
        let r = verify(RFC6376_MSG.as_bytes(), &dns, 1_700_000_000);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, Status::Pass, "{}", r[0].reason);
        assert_eq!(r[0].domain, "example.com");
        // Changing the subject breaks it.
        let bad = RFC6376_MSG.replace("Is dinner ready?", "Is dinner ready!");
        assert_eq!(verify(bad.as_bytes(), &dns, 0)[0].status, Status::Fail);
        // An unsigned From added on top is what a reader would see: fail.
        let added = format!("From: boss@evil.example\r\n{RFC6376_MSG}");
        let r = verify(added.as_bytes(), &dns, 0);
        assert_eq!(r[0].status, Status::Fail);
        assert!(r[0].reason.contains("from"), "{}", r[0].reason);
    }

    fn b64(data: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in data.chunks(3) {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |a, (i, b)| a | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= c.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn body_length_limited_signatures_never_pass() {
        use mail_auth::common::crypto::Ed25519Key;
        use mail_auth::common::headers::HeaderWriter;
        use mail_auth::dkim::DkimSigner;
        let key = Ed25519Key::from_pkcs8_der(&Ed25519Key::generate_pkcs8().unwrap()).unwrap();
        let txt = format!("v=DKIM1; k=ed25519; p={}", b64(&key.public_key()));
        let msg = "From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";
        let sig = DkimSigner::from_key(key)
            .domain("example.com")
            .selector("s")
            .headers(["From", "To", "Subject"])
            .body_length(true)
            .sign(msg.as_bytes())
            .unwrap()
            .to_header();
        let mut dns = DnsAnswers::new();
        dns.insert("s._domainkey.example.com", &txt);
        let signed = format!("{sig}{msg}");
        // mail-auth refuses l= signatures outright (content after l= bytes would be unsigned and
        // anyone could append to it): never a pass, whatever is appended.
        let r = verify(signed.as_bytes(), &dns, 0);
        assert_eq!(r[0].status, Status::PermError, "{}", r[0].reason);
        let appended = format!("{signed}Please log in at https://evil.example/\r\n");
        assert_ne!(verify(appended.as_bytes(), &dns, 0)[0].status, Status::Pass);
    }

    #[test]
    fn auid_rules() {
        assert!(auid_ok("", "example.com", 0));
        assert!(auid_ok(
            "@Example.com",
            "example.com",
            KEY_FLAG_MATCH_DOMAIN
        ));
        assert!(auid_ok("joe@football.example.com", "example.com", 0));
        assert!(!auid_ok(
            "joe@football.example.com",
            "example.com",
            KEY_FLAG_MATCH_DOMAIN
        ));
        assert!(!auid_ok("joe@badexample.com", "example.com", 0));
    }
}
