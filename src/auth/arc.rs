//! ARC (RFC 8617) chain validation, locally, as of a given time, with keys the caller looked up.
//! Same steps as mail-auth's `verify_arc` (which uses the real clock), on its public pieces.

use mail_auth::AuthenticatedMessage;
use mail_auth::arc::ChainValidation;
use mail_auth::common::crypto::HashAlgorithm;
use mail_auth::dkim::Canonicalization;

use super::dkim::{Status, key_for, key_too_small, raw_tag, strip_b_value};
use crate::dns::DnsAnswers;
use mail_auth::common::crypto::Algorithm;

/// Longest chain validated (RFC 8617 §5.1.1.1 allows 50 sets): a longer one fails at once.
pub const MAX_SETS: usize = 50;

/// Outcome of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArcCheck {
    /// `pass`, `fail`, `neutral` (expired/body changed), `permerror`, `none` (no chain), or
    /// Status::NotLookedUp (keys missing).
    pub status: Status,
    /// True when the message carries no ARC set at all.
    pub absent: bool,
    /// Number of ARC sets.
    pub instances: usize,
    /// Sealer domains, oldest first.
    pub sealers: Vec<String>,
    pub reason: String,
}

/// A tag list (RFC 6376 §3.2) with valid, unique tag names, no empty tag except after the last
/// `;`, and the `required` tags present.
fn strict_tag_list(value: &[u8], required: &[&str]) -> Result<(), String> {
    let text = String::from_utf8_lossy(value);
    let parts: Vec<&str> = text.trim_end().split(';').collect();
    let mut seen: Vec<&str> = Vec::new();
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.iter().enumerate() {
        let part = part.trim();
        if part.is_empty() {
            if i == last {
                continue;
            }
            return Err("empty tag in the tag list".into());
        }
        let Some((name, _)) = part.split_once('=') else {
            return Err(format!("'{part}' is not a tag=value pair"));
        };
        let name = name.trim();
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!("invalid tag name '{name}'"));
        }
        if seen.contains(&name) {
            return Err(format!("duplicate tag '{name}'"));
        }
        seen.push(name);
    }
    match required.iter().find(|r| !seen.contains(r)) {
        Some(r) => Err(format!("missing tag '{r}'")),
        None => Ok(()),
    }
}

/// Key names needed (seals of every instance and the newest message signature).
pub fn key_names(raw: &[u8]) -> Vec<String> {
    AuthenticatedMessage::parse(raw)
        .map(|m| key_names_of(&m))
        .unwrap_or_default()
}

/// [`key_names`] of an already parsed message (all of them, in one pass: the capped and ordered
/// list a message asks for is [`super::names::wanted`]).
pub fn key_names_of(msg: &AuthenticatedMessage<'_>) -> Vec<String> {
    let mut out = super::names::NameSet::new(usize::MAX);
    for h in &msg.as_headers {
        out.push_key(&h.header.s, &h.header.d);
    }
    if let Some(h) = msg.ams_headers.last() {
        out.push_key(&h.header.s, &h.header.d);
    }
    out.into_vec()
}

fn done(
    status: Status,
    instances: usize,
    sealers: Vec<String>,
    reason: impl Into<String>,
) -> ArcCheck {
    ArcCheck {
        status,
        absent: false,
        instances,
        sealers,
        reason: reason.into(),
    }
}

/// Validate the ARC chain of `raw` as of `now`.
pub fn verify(raw: &[u8], dns: &DnsAnswers, now: u64) -> ArcCheck {
    match AuthenticatedMessage::parse(raw) {
        Some(m) => verify_message(&m, dns, now),
        None => none(),
    }
}

/// The outcome for a message without any ARC set.
pub fn none() -> ArcCheck {
    ArcCheck {
        status: Status::NotLookedUp,
        absent: true,
        instances: 0,
        sealers: Vec::new(),
        reason: String::new(),
    }
}

/// [`verify`] on an already parsed message.
pub fn verify_message(msg: &AuthenticatedMessage<'_>, dns: &DnsAnswers, now: u64) -> ArcCheck {
    let n = msg.ams_headers.len();
    let sealers: Vec<String> = msg
        .as_headers
        .iter()
        .map(|h| h.header.d.to_ascii_lowercase())
        .collect();
    if msg.has_arc_errors {
        let why = msg
            .errors
            .iter()
            .find_map(|e| match &e.header {
                mail_auth::Error::Arc(a) => Some(a.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "malformed ARC header".to_string());
        return done(Status::Fail, n.max(msg.as_headers.len()), sealers, why);
    }
    if n == 0 && msg.as_headers.is_empty() && msg.aar_headers.is_empty() {
        return none();
    }
    let outcome = sets_complete(msg)
        .and_then(|()| algorithms_and_tags(msg))
        .and_then(|()| match msg.ams_headers.last() {
            Some(last) if !msg.as_headers.is_empty() => newest_signature(msg, last, dns, now),
            _ => Err(Stop::NoChain),
        })
        .and_then(|()| seals(msg, dns));
    match outcome {
        Ok(()) => done(Status::Pass, n, sealers, ""),
        Err(Stop::At(status, why)) => done(status, n, sealers, why),
        Err(Stop::NoChain) => none(),
    }
}

/// Why validation stopped at a step.
enum Stop {
    /// The chain's outcome and its reason.
    At(Status, String),
    /// Nothing to validate after all.
    NoChain,
}

fn fail(why: impl Into<String>) -> Stop {
    Stop::At(Status::Fail, why.into())
}

/// Every set present (ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results with the same
/// instance number, in order, no more than [`MAX_SETS`]) and each seal's `cv=` right for its
/// place (`none` for the first, `pass` after).
fn sets_complete(msg: &AuthenticatedMessage<'_>) -> Result<(), Stop> {
    let n = msg.ams_headers.len();
    if n > MAX_SETS {
        return Err(fail("ARC chain too long"));
    }
    if n != msg.as_headers.len() || n != msg.aar_headers.len() {
        return Err(fail("ARC sets are incomplete"));
    }
    for (pos, ((seal, ams), aar)) in msg
        .as_headers
        .iter()
        .zip(msg.ams_headers.iter())
        .zip(msg.aar_headers.iter())
        .enumerate()
    {
        let want = (pos + 1) as u32;
        if seal.header.i != want || ams.header.i != want || aar.header.i != want {
            return Err(fail(format!("ARC instance {want} is missing")));
        }
        let cv_ok = if pos == 0 {
            seal.header.cv == ChainValidation::None
        } else {
            seal.header.cv == ChainValidation::Pass
        };
        if !cv_ok {
            return Err(fail(format!("ARC-Seal i={want} has a wrong cv=")));
        }
    }
    Ok(())
}

/// RFC 8617 is stricter than DKIM: no rsa-sha1 (rsa-sha256, and ed25519-sha256 as mail-auth
/// and the Ed25519 ARC drafts allow), an explicit a=, a well-formed seal tag list, and the
/// message signature must not cover ARC-Seal headers.
fn algorithms_and_tags(msg: &AuthenticatedMessage<'_>) -> Result<(), Stop> {
    let strong = |v: &[u8], a: Algorithm| {
        matches!(raw_tag(v, "a").as_str(), "rsa-sha256" | "ed25519-sha256")
            && a != Algorithm::RsaSha1
    };
    for (pos, (seal, ams)) in msg
        .as_headers
        .iter()
        .zip(msg.ams_headers.iter())
        .enumerate()
    {
        let i = pos + 1;
        if !strong(seal.value, seal.header.a) {
            return Err(fail(format!(
                "ARC-Seal i={i} uses no or a weak algorithm (a=)"
            )));
        }
        if !strong(ams.value, ams.header.a) {
            return Err(fail(format!(
                "ARC-Message-Signature i={i} uses no or a weak algorithm (a=)"
            )));
        }
        if ams
            .header
            .h
            .iter()
            .any(|h| h.eq_ignore_ascii_case("arc-seal"))
        {
            return Err(fail(format!(
                "ARC-Message-Signature i={i} signs ARC-Seal headers"
            )));
        }
        strict_tag_list(seal.value, &["a", "b", "cv", "d", "i", "s"])
            .map_err(|why| fail(format!("ARC-Seal i={i}: {why}")))?;
    }
    Ok(())
}

/// The newest ARC-Message-Signature: not expired, its body hash, its key, its signature.
fn newest_signature(
    msg: &AuthenticatedMessage<'_>,
    last_ams: &mail_auth::common::headers::Header<'_, mail_auth::arc::Signature>,
    dns: &DnsAnswers,
    now: u64,
) -> Result<(), Stop> {
    let n = msg.ams_headers.len();
    let sig = &last_ams.header;
    if sig.x != 0 && (sig.x <= sig.t || sig.x <= now) {
        return Err(Stop::At(
            Status::Neutral,
            "the newest ARC signature had expired".into(),
        ));
    }
    let ha = HashAlgorithm::from(sig.a);
    match msg
        .body_hashes
        .iter()
        .find(|(c, h, l, _)| *c == sig.cb && *h == ha && *l == sig.l)
    {
        Some((_, _, _, bh)) if *bh == sig.bh => {}
        _ => return Err(fail("the body was changed after the newest ARC signature")),
    }
    let key = key_for(dns, &format!("{}._domainkey.{}", sig.s, sig.d))
        .map_err(|(s, why)| Stop::At(s, why.to_string()))?;
    if key_too_small(&key, sig.a) {
        return Err(Stop::At(
            Status::PermError,
            "ARC signing key shorter than 1024 bits".into(),
        ));
    }
    let stripped = strip_b_value(last_ams.value);
    let mut headers = msg.signed_headers(&sig.h, last_ams.name, &stripped);
    key.p
        .verify(&mut headers, &sig.b, sig.ch, sig.a)
        .map_err(|e| fail(format!("ARC-Message-Signature i={n} does not verify: {e}")))
}

/// Every seal, newest first, over all sets up to it.
fn seals(msg: &AuthenticatedMessage<'_>, dns: &DnsAnswers) -> Result<(), Stop> {
    for pos in (0..msg.ams_headers.len()).rev() {
        let (Some(set_seal), Some(set_ams), Some(set_aar)) = (
            msg.as_headers.get(pos),
            msg.ams_headers.get(pos),
            msg.aar_headers.get(pos),
        ) else {
            return Err(fail("ARC sets are incomplete"));
        };
        let seal = &set_seal.header;
        let key = key_for(dns, &format!("{}._domainkey.{}", seal.s, seal.d))
            .map_err(|(s, why)| Stop::At(s, why.to_string()))?;
        if key_too_small(&key, seal.a) {
            return Err(Stop::At(
                Status::PermError,
                "ARC sealing key shorter than 1024 bits".into(),
            ));
        }
        let stripped = strip_b_value(set_seal.value);
        let mut headers = msg
            .as_headers
            .iter()
            .zip(msg.ams_headers.iter())
            .zip(msg.aar_headers.iter())
            .take(pos)
            .flat_map(|((s, m), a)| [(a.name, a.value), (m.name, m.value), (s.name, s.value)])
            .chain([
                (set_aar.name, set_aar.value),
                (set_ams.name, set_ams.value),
                (set_seal.name, stripped.as_slice()),
            ]);
        key.p
            .verify(&mut headers, &seal.b, Canonicalization::Relaxed, seal.a)
            .map_err(|e| fail(format!("ARC-Seal i={} does not verify: {e}", pos + 1)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real two-party ARC message from mail-auth's resources (in ../shared), when present.
    fn sample() -> Option<Vec<u8>> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../shared/conformance/auth_test_suites/stalwart_mail_auth/resources/arc/001.txt",
        );
        let text = std::fs::read_to_string(p).ok()?;
        // The resource is DNS records, a blank line, then the message.
        let msg = text.split_once("\n\n").map_or(text.as_str(), |(_, m)| m);
        Some(msg.replace('\n', "\r\n").into_bytes())
    }

    #[test]
    fn structural_steps_alone() {
        let Some(raw) = sample() else {
            eprintln!("../shared absent: skipped");
            return;
        };
        let m = AuthenticatedMessage::parse(&raw).expect("parses");
        assert!(!m.as_headers.is_empty());
        assert!(sets_complete(&m).is_ok());
        assert!(algorithms_and_tags(&m).is_ok());

        // The first seal must say cv=none.
        let text = String::from_utf8_lossy(&raw).replacen("cv=none", "cv=pass", 1);
        let m = AuthenticatedMessage::parse(text.as_bytes()).expect("parses");
        assert!(matches!(
            sets_complete(&m),
            Err(Stop::At(Status::Fail, why)) if why.contains("cv=")
        ));

        // Without keys the signature step stops with the key's status, not a pass.
        let m = AuthenticatedMessage::parse(&raw).expect("parses");
        let last = m.ams_headers.last().expect("a message signature");
        assert!(matches!(
            newest_signature(&m, last, &DnsAnswers::default(), 0),
            Err(Stop::At(s, _)) if s != Status::Pass
        ));
        assert!(seals(&m, &DnsAnswers::default()).is_err());
    }
}
