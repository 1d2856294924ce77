//! Unwrapping: the real destination behind Safe Links, mail-security gateways and well-known
//! redirectors (data/redirectors.json), several layers deep.

use url::Url;

use crate::sites::{Decoder, RedirectKind, lists, redirectors_of};

/// Layers unwrapped at most (Safe Links around URL Defense around a Google redirect...).
pub const MAX_LAYERS: usize = 5;

/// One redirector the link passes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Redirector name (from the data) or, for a generic one, its host.
    pub via: String,
    /// None for a redirector recognised only by its parameter (`?url=https://...`).
    pub kind: Option<RedirectKind>,
    /// Host of the redirector.
    pub host: String,
}

/// `url` with every recognised redirector removed, and the layers removed (outermost first).
pub fn unwrap(url: &Url) -> (Url, Vec<Layer>) {
    let mut cur = url.clone();
    let mut layers = Vec::new();
    for _ in 0..MAX_LAYERS {
        match unwrap_once(&cur) {
            Some((next, layer)) => {
                layers.push(layer);
                cur = next;
            }
            None => break,
        }
    }
    (cur, layers)
}

fn unwrap_once(url: &Url) -> Option<(Url, Layer)> {
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let path = url.path();
    for r in redirectors_of(&host) {
        if !r.path.is_empty() && !path.starts_with(r.path.as_str()) {
            continue;
        }
        let target = match r.decoder {
            Decoder::Param => param(url, &r.params),
            Decoder::ProofpointV2 => param(url, &r.params).and_then(|v| proofpoint_v2(&v)),
            Decoder::ProofpointV3 => proofpoint_v3(url.as_str()),
            Decoder::Base64 => param(url, &r.params).and_then(|v| base64_text(&v)),
            Decoder::Bing => param(url, &r.params).and_then(|v| {
                let v = v.strip_prefix("a1").unwrap_or(&v);
                base64_text(v)
            }),
            Decoder::Amp => amp(path),
        };
        if let Some(t) = target.and_then(|t| parse_target(&t)) {
            return Some((
                t,
                Layer {
                    via: r.name.clone(),
                    kind: Some(r.kind),
                    host,
                },
            ));
        }
    }
    // A redirector recognised by its parameter alone: `?url=https://...`.
    let t = url
        .query_pairs()
        .take(64)
        .find(|(k, v)| {
            lists()
                .generic_params
                .iter()
                .any(|p| k.eq_ignore_ascii_case(p))
                && is_web_url(v)
        })
        .map(|(_, v)| v.into_owned())?;
    let t = parse_target(&t)?;
    Some((
        t,
        Layer {
            via: host.clone(),
            kind: None,
            host,
        },
    ))
}

fn is_web_url(v: &str) -> bool {
    let v = v.trim_start();
    let b = v.as_bytes();
    b.len() > 8
        && (b[..7].eq_ignore_ascii_case(b"http://") || b[..8].eq_ignore_ascii_case(b"https://"))
}

/// Accept only an absolute URL with a scheme (relative junk is not a target).
fn parse_target(t: &str) -> Option<Url> {
    let t = t.trim();
    if t.is_empty() || t.len() > 8192 {
        return None;
    }
    let u = Url::parse(t).ok()?;
    if u.cannot_be_a_base() && !matches!(u.scheme(), "javascript" | "data" | "vbscript") {
        return None;
    }
    Some(u)
}

fn param(url: &Url, names: &[String]) -> Option<String> {
    url.query_pairs()
        .take(64)
        .find(|(k, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// `%XX` decoding (invalid escapes stay as written), then lossy UTF-8.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                b.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Proofpoint v2: `u=https-3A__example.com_path` (`-` for `%`, `_` for `/`).
fn proofpoint_v2(u: &str) -> Option<String> {
    let s: String = u
        .chars()
        .map(|c| match c {
            '-' => '%',
            '_' => '/',
            c => c,
        })
        .collect();
    Some(percent_decode(&s))
}

/// Proofpoint v3: `/v3/__<url>__;<base64 of the characters replaced by '*'>!!...`.
fn proofpoint_v3(s: &str) -> Option<String> {
    let start = s.find("/v3/__")? + 6;
    let rest = s.get(start..)?;
    let end = rest.find("__;")?;
    let encoded = rest.get(..end)?;
    let after = rest.get(end + 3..)?;
    let enc_bytes = &after[..after.find('!').unwrap_or(after.len())];
    if !encoded.contains('*') {
        return Some(encoded.to_string());
    }
    let bytes = base64_decode(enc_bytes)?;
    let dec = String::from_utf8(bytes).ok()?;
    let mut dec = dec.chars();
    let mut out = String::with_capacity(encoded.len());
    let mut chars = encoded.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '*' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'*') {
            chars.next();
            let run = chars.next()?;
            const RUN: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let n = RUN.find(run)? + 2;
            for _ in 0..n {
                out.push(dec.next()?);
            }
        } else {
            out.push(dec.next()?);
        }
    }
    Some(out)
}

/// Google AMP: `/amp/s/example.com/path` (https) or `/amp/example.com/path` (http).
fn amp(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/amp/")?;
    let (scheme, rest) = match rest.strip_prefix("s/") {
        Some(r) => ("https", r),
        None => ("http", rest),
    };
    if rest.is_empty() || !rest.split('/').next()?.contains('.') {
        return None;
    }
    Some(format!("{scheme}://{}", percent_decode(rest)))
}

fn base64_text(v: &str) -> Option<String> {
    String::from_utf8(base64_decode(v.trim())?).ok()
}

/// Base64, standard or URL-safe alphabet, padding optional. None on any other character.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(href: &str) -> (String, Vec<Option<RedirectKind>>) {
        let (t, layers) = unwrap(&Url::parse(href).unwrap());
        (t.to_string(), layers.iter().map(|l| l.kind).collect())
    }

    #[test]
    fn outlook_safe_links_all_three_forms() {
        let (t, k) = target(
            "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2Flogin%3Fa%3D1&data=05%7C01&reserved=0",
        );
        assert_eq!(t, "https://evil.example/login?a=1");
        assert_eq!(k, vec![Some(RedirectKind::Safety)]);
        let (t, _) = target(
            "https://outlook.office.com/mail/safelink.html?url=https%3A%2F%2Fa.example%2F&corid=1",
        );
        assert_eq!(t, "https://a.example/");
        let (t, _) = target(
            "https://statics.teams.cdn.office.net/evergreen-assets/safelinks/1/atp-safelinks.html?url=https%3A%2F%2Fb.example%2Fx&locale=en-us",
        );
        assert_eq!(t, "https://b.example/x");
    }

    #[test]
    fn proofpoint_v2_and_v3() {
        let (t, _) = target(
            "https://urldefense.proofpoint.com/v2/url?u=https-3A__www.example.com_path_page-3Fa-3D1&d=DwMF&c=x",
        );
        assert_eq!(t, "https://www.example.com/path/page?a=1");
        // v3 with one '*' replaced by '?', encoded as base64 "Pw".
        let (t, _) =
            target("https://urldefense.com/v3/__https://evil.example/x*a=1__;Pw!!AbC!dEf$");
        assert_eq!(t, "https://evil.example/x?a=1");
        let (t, _) = target("https://urldefense.com/v3/__https://plain.example/p__;!!AbC!dEf$");
        assert_eq!(t, "https://plain.example/p");
    }

    #[test]
    fn web_redirectors() {
        for (href, want) in [
            (
                "https://www.google.com/url?q=https://evil.example/a&sa=D",
                "https://evil.example/a",
            ),
            (
                "https://www.google.co.jp/url?url=https%3A%2F%2Fevil.example%2F",
                "https://evil.example/",
            ),
            (
                "https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example%2F&h=AT",
                "https://evil.example/",
            ),
            (
                "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fevil.example%2F",
                "https://evil.example/",
            ),
            (
                "https://www.youtube.com/redirect?event=x&q=https%3A%2F%2Fevil.example%2F",
                "https://evil.example/",
            ),
            (
                "https://clicktime.symantec.com/3Ab?u=https%3A%2F%2Fevil.example%2F",
                "https://evil.example/",
            ),
            (
                "https://steamcommunity.com/linkfilter/?url=https://evil.example/",
                "https://evil.example/",
            ),
            (
                "https://www.google.com/amp/s/evil.example/p",
                "https://evil.example/p",
            ),
            (
                "https://www.bing.com/ck/a?!&&p=abc&u=a1aHR0cHM6Ly9ldmlsLmV4YW1wbGUv&ntb=1",
                "https://evil.example/",
            ),
            (
                "https://ad.doubleclick.net/ddm/clk/1;2?adurl=https://evil.example/",
                "https://evil.example/",
            ),
            (
                "https://eu-central-1.protection.sophos.com/?d=evil.example&u=aHR0cHM6Ly9ldmlsLmV4YW1wbGUv&i=x",
                "https://evil.example/",
            ),
        ] {
            assert_eq!(target(href).0, want, "{href}");
        }
        assert_eq!(
            target("https://www.bing.com/ck/a?u=a1aHR0cHM6Ly9ldmlsLmV4YW1wbGUv").1,
            vec![Some(RedirectKind::Open)]
        );
    }

    #[test]
    fn nested_layers_and_generic_parameters() {
        let (t, k) = target(
            "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%253A%252F%252Fevil.example%252F",
        );
        assert_eq!(t, "https://evil.example/");
        assert_eq!(k.len(), 2);
        let (t, k) = target("https://news.example.org/r?id=5&url=https%3A%2F%2Fevil.example%2F");
        assert_eq!(t, "https://evil.example/");
        assert_eq!(k, vec![None]);
    }

    #[test]
    fn ordinary_links_and_junk_stay() {
        for href in [
            "https://lore.kernel.org/all/20250101.abc@kernel.org/",
            "https://www.google.com/search?q=https://x.example/",
            "https://www.google.com/url?q=not-a-url",
            "https://l.facebook.com/l.php",
            "https://urldefense.com/v3/__https://x*y__;!!",
            "https://urldefense.com/v3/__https://x*y__;@@@!!",
        ] {
            let u = Url::parse(href).unwrap();
            let (t, _) = unwrap(&u);
            assert_eq!(t.host_str(), u.host_str(), "{href}");
        }
    }

    #[test]
    fn base64_both_alphabets() {
        assert_eq!(base64_decode("aGk").unwrap(), b"hi");
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert_eq!(base64_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(base64_decode("a b").is_none());
    }
}
