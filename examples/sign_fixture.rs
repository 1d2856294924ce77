//! Builds the signed story fixtures in tests/fixtures/stories/ with the TEST-ONLY keys in
//! tests/fixtures/keys/ (mail-auth signing, rust-crypto).
//!
//! ```text
//! cargo run --example sign_fixture -- [--expire SECS] --sign KEY.pem:DOMAIN:SELECTOR [--sign ...] \
//!     [--trace TRACE.txt] SENT.eml OUT.eml
//! ```
//!
//! - `SENT.eml` is the message as the sender wrote it (LF or CRLF; written out with CRLF).
//! - Each `--sign` adds a DKIM-Signature (the key type, RSA or Ed25519, is read from the PEM),
//!   signed now, with `x=` SECS later when `--expire` is given; later signatures go on top.
//! - `--trace` is the header block the receiving side adds on top (Received,
//!   Authentication-Results, ...), prepended after signing.
//!
//! Placeholders, filled in the sent message before signing and in the trace block after:
//! `{SENT_DATE}` (signing time - 3 s, RFC 5322), `{RECV_DATE}` (+2 s), `{RECV_DATE_1}` (+3 s),
//! `{RECV_DATE_2}` (+4 s), `{SENT_TIME}` (unix seconds), `{b:DOMAIN}` (first 8 characters of
//! DOMAIN's b=, as Gmail's `header.b=` shows them).

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use mail_auth::common::crypto::{Ed25519Key, RsaKey, Sha256, SigningKey};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::DkimSigner;
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

const SIGNED_HEADERS: &[&str] = &[
    "From",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "To",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
];

/// RFC 5322 date in UTC for unix seconds.
fn rfc5322(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days.rem_euclid(7)) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo - 1) as usize];
    format!("{wd}, {d} {mon} {y} {h:02}:{m:02}:{s:02} +0000")
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn fill_dates(text: &str, now: u64) -> String {
    text.replace("{SENT_DATE}", &rfc5322(now - 3))
        .replace("{RECV_DATE}", &rfc5322(now + 2))
        .replace("{RECV_DATE_1}", &rfc5322(now + 3))
        .replace("{RECV_DATE_2}", &rfc5322(now + 4))
        .replace("{SENT_TIME}", &now.to_string())
}

/// Sign `msg` with the key in `pem`; returns the DKIM-Signature header (with CRLF).
fn sign(
    msg: &[u8],
    pem: &[u8],
    domain: &str,
    selector: &str,
    expire: u64,
) -> Result<String, String> {
    let key = PrivateKeyDer::from_pem_slice(pem).map_err(|e| format!("key: {e}"))?;
    let is_ed25519 = matches!(&key, PrivateKeyDer::Pkcs8(der)
        if der.secret_pkcs8_der().windows(5).any(|w| w == [0x06, 0x03, 0x2b, 0x65, 0x70]));
    if is_ed25519 {
        let PrivateKeyDer::Pkcs8(der) = &key else {
            return Err("Ed25519 keys must be PKCS#8".into());
        };
        let k = Ed25519Key::from_pkcs8_der(der.secret_pkcs8_der()).map_err(|e| e.to_string())?;
        sign_with(k, msg, domain, selector, expire)
    } else {
        let k = RsaKey::<Sha256>::from_key_der(key).map_err(|e| e.to_string())?;
        sign_with(k, msg, domain, selector, expire)
    }
}

/// One signer for either key type: the signed headers and expiry are the same for both.
fn sign_with<K: SigningKey>(
    key: K,
    msg: &[u8],
    domain: &str,
    selector: &str,
    expire: u64,
) -> Result<String, String> {
    let mut s = DkimSigner::from_key(key)
        .domain(domain)
        .selector(selector)
        .headers(SIGNED_HEADERS.iter().copied());
    if expire > 0 {
        s = s.expiration(expire);
    }
    Ok(s.sign(msg).map_err(|e| e.to_string())?.to_header())
}

fn b_prefix(header: &str) -> String {
    let unfolded: String = header.split_whitespace().collect();
    unfolded
        .split(';')
        .find_map(|t| t.strip_prefix("b="))
        .map(|b| b.chars().take(8).collect())
        .unwrap_or_default()
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut signs: Vec<(String, String, String)> = Vec::new();
    let mut trace = None;
    let mut expire = 0u64;
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sign" => {
                let v = args.next().ok_or("--sign needs KEY.pem:DOMAIN:SELECTOR")?;
                let mut p = v.splitn(3, ':');
                match (p.next(), p.next(), p.next()) {
                    (Some(k), Some(d), Some(s)) => signs.push((k.into(), d.into(), s.into())),
                    _ => return Err(format!("--sign {v}: expected KEY.pem:DOMAIN:SELECTOR")),
                }
            }
            "--trace" => trace = Some(args.next().ok_or("--trace needs a file")?),
            "--expire" => {
                expire = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--expire needs seconds")?
            }
            _ => files.push(a),
        }
    }
    let [sent, out] = files.as_slice() else {
        return Err("usage: sign_fixture [--expire SECS] --sign KEY.pem:DOMAIN:SELECTOR ... [--trace FILE] SENT.eml OUT.eml".into());
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let sent_text = std::fs::read_to_string(sent).map_err(|e| format!("{sent}: {e}"))?;
    let message = crlf(&fill_dates(&sent_text, now));

    let mut signatures = Vec::new();
    for (key, domain, selector) in &signs {
        let pem = std::fs::read(key).map_err(|e| format!("{key}: {e}"))?;
        let h = sign(message.as_bytes(), &pem, domain, selector, expire)?;
        signatures.push((domain.clone(), h));
    }
    let mut top = String::new();
    if let Some(t) = trace {
        let mut text = fill_dates(
            &std::fs::read_to_string(&t).map_err(|e| format!("{t}: {e}"))?,
            now,
        );
        for (d, h) in &signatures {
            text = text.replace(&format!("{{b:{d}}}"), &b_prefix(h));
        }
        top.push_str(&crlf(text.trim_end_matches('\n')));
        top.push_str("\r\n");
    }
    for (_, h) in signatures.iter().rev() {
        top.push_str(h);
    }
    std::fs::write(out, format!("{top}{message}")).map_err(|e| format!("{out}: {e}"))?;
    println!("wrote {out} (t={now})");
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sign_fixture: {e}");
            ExitCode::FAILURE
        }
    }
}
