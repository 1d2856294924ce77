//! Wording written to get past filters or to move the conversation elsewhere:
//! - words split with invisible characters ("H\u{200C}el\u{200C}lo"), which no mail program
//!   writes and which only serve to keep phrase filters from reading the text;
//! - visible text made of random letters ("zlYJHtL pv pllpMeYLpxIm"), added so that every copy
//!   differs and filters learn nothing from the words;
//! - a body that asks the reader to write to a free-mail address other than the sender's ("reply
//!   to my private e-mail: jane@mail.com"), the way advance-fee and romance scams move a victim
//!   to an address no platform watches.

use super::normalize::is_invisible;
use crate::findings::Finding;
use crate::model::Mail;

/// Only this much of the body is read (a 25 MB body must not stall).
const MAX_SCAN: usize = 256 * 1024;

fn head(s: &str) -> &str {
    crate::html::clip(s, MAX_SCAN)
}

/// Invisible characters between two letters, counted.
fn split_letters(text: &str) -> (usize, String) {
    let mut count = 0;
    let mut example = String::new();
    let chars: Vec<char> = head(text).chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_invisible(chars[i]) && i > 0 && chars[i - 1].is_alphabetic() {
            let mut j = i;
            while j < chars.len() && is_invisible(chars[j]) {
                j += 1;
            }
            if j < chars.len() && chars[j].is_alphabetic() {
                count += 1;
                if example.is_empty() {
                    let from = i.saturating_sub(6);
                    let to = (j + 6).min(chars.len());
                    example = chars[from..to]
                        .iter()
                        .map(|c| {
                            if is_invisible(*c) {
                                "·".to_string()
                            } else {
                                c.to_string()
                            }
                        })
                        .collect();
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    (count, example)
}

/// A handful of split words is a typing accident or an emoji sequence; this many is deliberate.
const SPLIT_WORDS_AT: usize = 12;

/// Case changes inside a word ("pllpMeYLpxIm" has five), the mark of random letters: words of
/// any language change case at most at the start ("McDonald", "iPhone" once).
fn case_switches(w: &str) -> usize {
    let mut n = 0;
    let mut prev: Option<bool> = None;
    for c in w.bytes().filter(u8::is_ascii_alphabetic) {
        let up = c.is_ascii_uppercase();
        if prev.is_some_and(|p| p != up) {
            n += 1;
        }
        prev = Some(up);
    }
    n
}

/// The words of `text` (split at white space, as `str::split_whitespace`) that are 5 to 30 ASCII
/// letters, at most `max`. Read byte by byte: this runs on every message's whole visible text.
fn letter_words(text: &str, max: usize) -> Vec<&str> {
    let b = text.as_bytes();
    let mut words = Vec::new();
    let (mut start, mut letters) = (0, true);
    let mut i = 0;
    while i <= b.len() && words.len() < max {
        // (is white space, byte length, is an ASCII letter)
        let (space, len, letter) = match b.get(i) {
            None => (true, 1, false),
            Some(&c) if c < 0x80 => (
                matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '),
                1,
                c.is_ascii_alphabetic(),
            ),
            Some(_) => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                (ch.is_whitespace(), ch.len_utf8(), false)
            }
        };
        if space {
            if letters && (5..=30).contains(&(i - start)) {
                words.push(&text[start..i]);
            }
            start = i + len;
            letters = true;
        } else if !letter {
            letters = false;
        }
        i += len;
    }
    words
}

/// Random words this many or more, and most of the words: padding, not a language.
const RANDOM_WORDS_AT: usize = 12;

/// The first random-letter words when most words of the visible text are random letters.
fn random_text(text: &str) -> Option<String> {
    let words = letter_words(head(text), 2000);
    let random: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| case_switches(w) >= 3)
        .collect();
    (random.len() >= RANDOM_WORDS_AT && random.len() * 2 >= words.len())
        .then(|| random.iter().take(4).copied().collect::<Vec<_>>().join(" "))
}

/// Words that ask to be written to, in the languages the corpora show.
const CONTACT_WORDS: &[&str] = &[
    "write",
    "reply",
    "respond",
    "contact",
    "email me",
    "e-mail me",
    "mail me",
    "reach me",
    "get back to me",
    "my private",
    "my personal",
    "private email",
    "private e-mail",
    "escreva",
    "responda",
    "contato",
    "contacte",
    "escribe",
    "escríbeme",
    "responde",
    "contacta",
    "schreib",
    "antworte",
    "kontaktier",
    "schrijf",
    "mail mij",
    "reageer",
    "écrivez",
    "écris",
    "répondez",
    "contactez",
    "scrivi",
    "rispondi",
    "连系",
    "联系",
    "聯繫",
    "連絡",
    "返信",
    "メール",
];

/// The addresses written in `text` (bounded), lower-case.
fn addresses(text: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b'@', b) {
        if out.len() >= 50 {
            break;
        }
        let is_part = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+');
        let mut s = at;
        while s > 0 && is_part(b[s - 1]) && at - s < 64 {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && is_part(b[e]) && e - at < 255 {
            e += 1;
        }
        let addr = text[s..e].trim_matches('.').to_ascii_lowercase();
        if s < at
            && addr.contains('.')
            && addr.rsplit_once('@').is_some_and(|(_, d)| d.contains('.'))
        {
            out.push((s, addr));
        }
    }
    out
}

fn window_before(text: &str, at: usize, len: usize) -> String {
    let mut s = at.saturating_sub(len);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    text[s..at].to_lowercase()
}

/// Findings about filter evasion and contact moved elsewhere. `all_html_text`: the text of the
/// HTML parts, hidden parts included, when some of it is hidden (random padding is often hidden).
pub fn check(mail: &Mail, all_html_text: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    let (split, example) = split_letters(&mail.body_text);
    if split >= SPLIT_WORDS_AT {
        out.push(Finding::new(
            "content.split_words",
            &example,
            &[("count", &split.to_string()), ("example", &example)],
        ));
    }
    if let Some(sample) =
        random_text(&mail.body_text).or_else(|| all_html_text.and_then(random_text))
    {
        out.push(Finding::new(
            "content.random_text",
            &sample,
            &[("sample", &sample)],
        ));
    }
    let sender = mail
        .sender()
        .and_then(|m| m.address.as_deref())
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The reader's own address is often quoted ("this message was sent to you@gmail.com").
    let to: String = ["To", "Delivered-To", "X-Original-To"]
        .iter()
        .flat_map(|h| mail.headers_named(h))
        .map(|h| h.value().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let text = head(&mail.body_text);
    for (at, addr) in addresses(text) {
        let Some((_, domain)) = addr.rsplit_once('@') else {
            continue;
        };
        if addr == sender || to.contains(&addr) || !super::is_freemail(domain) {
            continue;
        }
        let before = window_before(text, at, 100);
        if CONTACT_WORDS.iter().any(|w| before.contains(w)) {
            out.push(Finding::new(
                "content.contact_elsewhere",
                window_before(text, at + addr.len(), 100 + addr.len()).trim(),
                &[("address", &addr)],
            ));
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise word split reads like `split_whitespace` plus the letter filter, also at
    /// Unicode white space (no-break, ideographic) and with letters next to non-ASCII.
    #[test]
    fn letter_words_split_like_split_whitespace() {
        for text in [
            "",
            "hello world",
            "  pllpMeYLpxIm\tqwertyuiopasdfgh\u{a0}zxcvb\u{3000}naïve abcd abcdefghijklmnopqrstuvwxyzabcde ok",
            "café\u{2003}Hellos\r\nworld12 worlds \u{0b}tabbed\u{85}newline",
            "日本語 テキスト mixedひらがな letters",
        ] {
            let old: Vec<&str> = text
                .split_whitespace()
                .filter(|w| {
                    (5..=30).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic())
                })
                .collect();
            assert_eq!(letter_words(text, usize::MAX), old, "{text:?}");
        }
        assert_eq!(letter_words("alpha bravo charlie", 2), ["alpha", "bravo"]);
    }
    use crate::model::{Mail, Mailbox};

    fn mail(from: &str, body: &str) -> Mail<'static> {
        Mail {
            from: vec![Mailbox {
                name: None,
                address: Some(from.to_string()),
            }],
            from_header_count: 1,
            body_text: body.to_string(),
            ..Mail::default()
        }
    }

    fn ids(m: &Mail) -> Vec<String> {
        check(m, None).into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn words_split_with_invisible_characters() {
        let split = "H\u{200C}el\u{200C}\u{200C}lo t\u{200C}his i\u{200C}s th\u{200C}e St\u{200C}ud\u{200C}ent L\u{200C}o\u{200C}an D\u{200C}e\u{200C}bt D\u{200C}ep\u{200C}t";
        assert_eq!(ids(&mail("a@b.example", split)), ["content.split_words"]);
        // Emoji sequences (a zero-width joiner between symbols) and a few soft hyphens are not.
        let ok = "Family 👨\u{200D}👩\u{200D}👧 photos, super\u{00AD}cali\u{00AD}fragilistic";
        assert!(ids(&mail("a@b.example", ok)).is_empty());
    }

    #[test]
    fn visible_text_of_random_letters() {
        let junk = "zlYJHtL pv pllpMeYLpxImtjTJXGp lGDpouqtZQXZSgl tHTEFXDqj AMWPGak nu qzebGcJeRHDIpuHFnPT \
            eestTjvgGepclNT qCOkjHCcG nijjcUL Bc VnFVrvVHSVRwPzfDcVL gSYyzQrKcPqCYAi MKLBEledW mvQnsGH \
            zxbytytwSLgRpubotQI NAqgMYDmcRZMyhd IACyajSuI WrjbLva FbKfOsKpvIbBTHUaHtb nPKjQcXdAUkqURm \
            uMwyCFUVG VNqNHLn zlYJHtLx pllpMeYLp";
        assert_eq!(ids(&mail("a@b.example", junk)), ["content.random_text"]);
        // Ordinary prose with brand names, shouting and a signature block is not.
        let prose = "Hello McDonald, the iPhone and PayPal and YouTube accounts are READY. "
            .repeat(30)
            + "-----BEGIN PGP SIGNATURE----- iQIzBAEBCAAdFiEEqWbUgPvWXbqvPHgkA3b5ZLnDmWsFAmPlX4EACgkQA3b5ZLnDmWsXyQ";
        assert!(ids(&mail("a@b.example", &prose)).is_empty());
    }

    #[test]
    fn asked_to_write_to_another_free_mail_address() {
        let body = "Please write to my private email: janewoody@mail.com as soon as you read this.";
        assert_eq!(
            ids(&mail("j91843451@gmail.com", body)),
            ["content.contact_elsewhere"]
        );
        let pt = "Responda-me via: msjoannaliu29@gmail.com Atenciosamente";
        assert_eq!(
            ids(&mail("x@university.example", pt)),
            ["content.contact_elsewhere"]
        );
        // The sender's own address, a company's service address, or an address only quoted are not.
        for body in [
            "Reply to me at j91843451@gmail.com",
            "Contact us at support@shop.example for help.",
            "On Monday, jane@gmail.com wrote: hello",
        ] {
            assert!(ids(&mail("j91843451@gmail.com", body)).is_empty(), "{body}");
        }
    }

    #[test]
    fn hostile_bodies_do_not_panic() {
        for body in [
            "@",
            "@@@@",
            "a@",
            "@b.c",
            &"@".repeat(100_000),
            "\u{200C}",
            "é@é.é",
        ] {
            let _ = check(&mail("a@b.example", body), Some(body));
        }
    }
}
