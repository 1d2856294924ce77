//! What a link's text shows: the hosts of URLs and domains written in it (`https://...`,
//! `www....`, or a text that is a bare domain like `amazon.co.jp/orders`).

use crate::unicode::nfkc;
use url::Url;

/// Country-code top-level domains (ISO 3166 plus ac, eu, su, uk).
const CCTLDS: &str = "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj \
bm bn bo br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do \
dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk \
hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc \
li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne \
nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc \
sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw \
tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

/// ccTLDs that are also common file extensions (`README.md`, `main.rs`, `setup.py`): a bare text
/// ending in them is not read as a domain.
const FILE_LIKE: &[&str] = &[
    "md", "rs", "py", "sh", "pl", "pm", "ps", "so", "ai", "cc", "im", "gs", "ml", "ts",
];

/// Generic top-level domains seen in link texts.
const GTLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "info",
    "biz",
    "edu",
    "gov",
    "mil",
    "int",
    "xyz",
    "top",
    "shop",
    "online",
    "site",
    "store",
    "app",
    "dev",
    "page",
    "cloud",
    "club",
    "live",
    "life",
    "world",
    "today",
    "news",
    "blog",
    "tech",
    "space",
    "website",
    "icu",
    "vip",
    "pro",
    "asia",
    "mobi",
    "name",
    "tokyo",
    "osaka",
    "nagoya",
    "yokohama",
    "kyoto",
    "okinawa",
    "cyou",
    "cfd",
    "sbs",
    "click",
    "link",
    "buzz",
    "rest",
    "monster",
    "bond",
    "lol",
    "quest",
    "support",
    "help",
    "services",
    "center",
    "email",
    "network",
    "digital",
    "group",
    "fun",
    "ltd",
    "best",
    "travel",
    "jobs",
    "bank",
    "amazon",
    "google",
    "apple",
    "microsoft",
    "rakuten",
    "docomo",
    "softbank",
    "au",
    "ntt",
    "sony",
    "jcb",
];

fn known_tld(tld: &str) -> bool {
    tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && (GTLDS.contains(&tld)
            || (tld.len() == 2
                && !FILE_LIKE.contains(&tld)
                && CCTLDS.split_whitespace().any(|c| c == tld)))
}

/// Is `s` (no scheme) a bare domain with an optional path, like `amazon.co.jp/orders`?
fn bare_domain(s: &str) -> Option<String> {
    let host = s.split(['/', '?', '#']).next()?;
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || host.len() > 253 {
        return None;
    }
    let ok = labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    });
    let tld = labels.last()?;
    if !ok || !known_tld(tld) || labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(host.to_ascii_lowercase())
}

fn host_of(u: &str) -> Option<String> {
    let url = Url::parse(u).ok()?;
    let h = url.host_str()?;
    Some(h.trim_end_matches('.').to_ascii_lowercase())
}

fn separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '<' | '>' | '"' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '`' | ',' | ';'
        )
        || matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Hosts the text shows, lower-case, in order, without duplicates (at most 8).
pub fn shown_hosts(text: &str) -> Vec<String> {
    let text = super::clip(text, 2048);
    let norm;
    let text = if text.chars().any(|c| ('\u{ff00}'..='\u{ffef}').contains(&c)) {
        norm = nfkc(text);
        &norm
    } else {
        text
    };
    let mut out: Vec<String> = Vec::new();
    let trimmed = text
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '"' | '\''));
    let single = !trimmed.is_empty() && !trimmed.contains(char::is_whitespace);
    for tok in text.split(separator) {
        let tok = tok.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '\'' | '*'));
        if tok.len() < 4 {
            continue;
        }
        let lower = tok.to_ascii_lowercase();
        let host = if lower.starts_with("http://") || lower.starts_with("https://") {
            host_of(tok)
        } else if lower.starts_with("www.") && tok.len() > 5 {
            host_of(&format!("http://{tok}"))
        } else if single && tok == trimmed {
            bare_domain(tok)
        } else {
            None
        };
        if let Some(h) = host
            && h.contains('.')
            && !out.contains(&h)
        {
            out.push(h);
            if out.len() >= 8 {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_domains_shown() {
        assert_eq!(
            shown_hosts("https://www.amazon.co.jp/ap/signin"),
            vec!["www.amazon.co.jp"]
        );
        assert_eq!(
            shown_hosts("Visit www.Example.com now"),
            vec!["www.example.com"]
        );
        assert_eq!(shown_hosts("amazon.co.jp"), vec!["amazon.co.jp"]);
        assert_eq!(shown_hosts("Amazon.co.jp/orders"), vec!["amazon.co.jp"]);
        assert_eq!(
            shown_hosts("「https://evil.example/」を開く"),
            vec!["evil.example"]
        );
        assert_eq!(
            shown_hosts("ａｍａｚｏｎ．ｃｏ．ｊｐ"),
            vec!["amazon.co.jp"]
        );
        assert_eq!(
            shown_hosts("https://www.amazon.co.jp@evil.example/"),
            vec!["evil.example"]
        );
    }

    #[test]
    fn ordinary_texts_show_no_host() {
        for t in [
            "Click here",
            "README.md",
            "main.rs",
            "setup.py",
            "ASP.NET",
            "Node.js",
            "v1.2.3",
            "192.168.0.1",
            "Log in to amazon.co.jp today",
            "e.g. foo",
            "invoice.pdf",
            "file.zip",
            "こちらをクリック",
            "",
        ] {
            assert!(shown_hosts(t).is_empty(), "{t}: {:?}", shown_hosts(t));
        }
    }
}
