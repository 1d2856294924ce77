//! Parsing: raw RFC 5322 bytes (any charset, encoded-words, base64/QP, multipart, CRLF or LF) into
//! the [`Mail`] model, using mail-parser. Also the header-only and "is this a message at all?"
//! decisions, and the size limit.

use std::sync::OnceLock;

use mail_parser::{Address, HeaderName, HeaderValue, Host, MessageParser, MimeHeaders, PartType};

use crate::model::{Attachment, Header, Mail, Mailbox};
use crate::report::{Hop, InputKind};

/// Largest message accepted (bytes). Webmail providers cap messages at about 25 MB.
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

/// Why an input could not be analysed. The text is shown to users as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Empty,
    TooLarge(usize),
    Binary,
    NotAMessage,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Empty => write!(f, "empty input: there is no message to check"),
            InputError::TooLarge(n) => write!(
                f,
                "message too large: {n} bytes (the limit is {} bytes, 25 MB)",
                MAX_MESSAGE_BYTES
            ),
            InputError::Binary => write!(
                f,
                "not an e-mail message: the input is binary data, not text headers"
            ),
            InputError::NotAMessage => write!(
                f,
                "not an e-mail message: no header fields (From, Subject, Received, ...) were found"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Header names that any real message has at least one of. Used to tell a message from random text.
const MESSAGE_HEADERS: &[&str] = &[
    "from",
    "to",
    "subject",
    "date",
    "received",
    "message-id",
    "return-path",
    "delivered-to",
    "authentication-results",
    "dkim-signature",
    "mime-version",
    "content-type",
];

/// mail-parser, told to decode only the headers this module reads below (and the MIME headers it
/// needs for the bodies). Every other header is only delimited, not decoded: the model keeps all
/// of them as unfolded raw text anyway, and skipping the decoding of long DKIM/ARC/X- headers is
/// about a third of mail-parser's time on typical mail.
fn parser() -> &'static MessageParser {
    static PARSER: OnceLock<MessageParser> = OnceLock::new();
    PARSER.get_or_init(|| {
        MessageParser::new()
            .with_mime_headers()
            .header_address(HeaderName::From)
            .header_address(HeaderName::ReplyTo)
            .header_received(HeaderName::Received)
            .header_id(HeaderName::ReturnPath)
            .header_id(HeaderName::MessageId)
            .header_text(HeaderName::Subject)
            .header_date(HeaderName::Date)
            .default_header_ignore()
    })
}

/// Does the header block look like text? (NUL bytes or control characters dominate in binaries.)
pub(crate) fn looks_binary(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(4096)];
    // Counted in byte-sized sums over 128-byte chunks rather than filter().count(): the
    // compiler turns this into vector compares (it ran byte by byte over 4 KB of every message).
    let bad: usize = head
        .chunks(128)
        .map(|c| {
            c.iter().fold(0u8, |n, &b| {
                n + u8::from(b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x1b)))
            }) as usize
        })
        .sum();
    bad * 10 > head.len().max(1)
}

/// Header unfolding lives with the header it reads (`model::Header::value`); kept here too for
/// callers that parse.
pub use crate::model::unfold;

/// Is there a blank line (end of the header block)? A line break followed by another (LF or
/// CRLF) anywhere: two substring searches, rather than a memchr call for every header line.
fn has_body_separator(raw: &[u8]) -> bool {
    memchr::memmem::find(raw, b"\n\r\n").is_some() || memchr::memmem::find(raw, b"\n\n").is_some()
}

fn mailboxes(addr: &Address<'_>, out: &mut Vec<Mailbox>) {
    for a in addr.iter() {
        out.push(Mailbox {
            name: a
                .name
                .as_deref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            address: a
                .address
                .as_deref()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty()),
        });
    }
}

fn host_str(h: &Host<'_>) -> String {
    match h {
        Host::Name(n) => n.to_string(),
        Host::IpAddr(ip) => ip.to_string(),
    }
}

/// Is there nothing but white space?
pub(crate) fn is_blank(raw: &[u8]) -> bool {
    raw.iter().all(|b| b.is_ascii_whitespace())
}

/// Parse raw bytes into the model, as pasted or dropped in by a user: an empty, oversized or
/// binary input is refused. Never panics on any input; rejects what is not a message. (A source
/// fetched from the provider is read more leniently: `crate::source`.)
pub fn parse(raw: &[u8]) -> Result<Mail<'_>, InputError> {
    if is_blank(raw) {
        return Err(InputError::Empty);
    }
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(InputError::TooLarge(raw.len()));
    }
    if looks_binary(raw) {
        return Err(InputError::Binary);
    }
    parse_message(raw)
}

/// Parse without the size and binary tests (the caller applied its own). Still rejects an
/// input in which no header field is found.
pub(crate) fn parse_message(raw: &[u8]) -> Result<Mail<'_>, InputError> {
    if is_blank(raw) {
        return Err(InputError::Empty);
    }
    let mut msg = parser().parse(raw).ok_or(InputError::NotAMessage)?;
    debug_assert_eq!(msg.raw_message(), raw);
    let mut mail = Mail {
        kind: if has_body_separator(raw) {
            InputKind::Raw
        } else {
            InputKind::HeadersOnly
        },
        ..Mail::default()
    };
    read_headers(raw, &msg, &mut mail);
    if !has_message_header(&mail) {
        return Err(InputError::NotAMessage);
    }
    set_hop_delays(&mut mail.hops);
    mail.return_path = msg.return_address().map(|s| s.trim().to_lowercase());
    mail.message_id = msg.message_id().map(|s| s.to_string());
    mail.subject = msg.subject().map(|s| s.to_string());
    mail.date = msg.date().map(|d| d.to_timestamp());
    if mail.kind == InputKind::Raw {
        mail.text = plain_text_parts(&msg);
        mail.attachments = attachments(&msg);
        mail.html = take_html_parts(&mut msg);
        let (docs, body) = body_text(&mail.text, &mail.html);
        mail.html_docs = docs;
        mail.body_text = body;
    }
    Ok(mail)
}

/// Every header as written (offsets into `raw`, the top-level message), and the ones read
/// here: From (each field counted), Reply-To, Received (one hop each, in order).
fn read_headers<'a>(raw: &'a [u8], msg: &mail_parser::Message<'_>, mail: &mut Mail<'a>) {
    for h in msg.headers() {
        let start = h.offset_start as usize;
        let end = (h.offset_end as usize).min(raw.len());
        let value = raw.get(start..end).unwrap_or_default();
        mail.headers
            .push(Header::from_raw(h.name.as_str().to_string(), value));
        let is = |n: &str| h.name.as_str().eq_ignore_ascii_case(n);
        match &h.value {
            v if is("from") => {
                mail.from_header_count += 1;
                if let HeaderValue::Address(a) = v {
                    mailboxes(a, &mut mail.from);
                }
            }
            HeaderValue::Address(a) if is("reply-to") => mailboxes(a, &mut mail.reply_to),
            HeaderValue::Received(r) if is("received") => mail.hops.push(Hop {
                from: r
                    .from
                    .as_ref()
                    .map(host_str)
                    .or_else(|| r.helo.as_ref().map(host_str)),
                from_ip: r.from_ip.map(|ip| ip.to_string()),
                by: r.by.as_ref().map(host_str),
                with: r.with.as_ref().map(|p| format!("{p:?}")),
                time: r.date.as_ref().map(|d| d.to_timestamp()),
                delay: None,
            }),
            _ if is("received") => mail.hops.push(Hop::default()),
            _ => {}
        }
    }
}

/// Does the input carry at least one header every message has ([`MESSAGE_HEADERS`])?
fn has_message_header(mail: &Mail) -> bool {
    mail.headers.iter().any(|h| {
        MESSAGE_HEADERS
            .iter()
            .any(|k| h.name.eq_ignore_ascii_case(k))
    })
}

/// Delay of each hop = its time minus the time of the hop below it (the older one).
fn set_hop_delays(hops: &mut [Hop]) {
    for i in 0..hops.len() {
        let older = hops.get(i + 1).and_then(|h| h.time);
        if let (Some(t), Some(o)) = (hops[i].time, older) {
            hops[i].delay = Some(t - o);
        }
    }
}

/// The text parts that are not HTML, decoded.
fn plain_text_parts(msg: &mail_parser::Message<'_>) -> Vec<String> {
    msg.text_bodies()
        .filter(|part| !part.is_text_html())
        .filter_map(|part| part.text_contents().map(str::to_string))
        .collect()
}

/// Name, content type (lower case) and size of every attachment.
fn attachments(msg: &mail_parser::Message<'_>) -> Vec<Attachment> {
    msg.attachments()
        .map(|part| Attachment {
            name: part.attachment_name().map(|s| s.to_string()),
            content_type: part
                .content_type()
                .map(|c| match c.subtype() {
                    Some(s) => format!("{}/{}", c.ctype(), s),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_default()
                .to_ascii_lowercase(),
            size: part.len(),
        })
        .collect()
}

/// The HTML parts, moved out of the parsed message rather than copied: a part that needed no
/// decoding stays borrowed from the raw message. (Attachments and text parts are read before.)
fn take_html_parts<'a>(msg: &mut mail_parser::Message<'a>) -> Vec<std::borrow::Cow<'a, str>> {
    let ids: Vec<usize> = msg.html_body.iter().map(|&i| i as usize).collect();
    let mut html: Vec<std::borrow::Cow<'a, str>> = Vec::new();
    let mut moved: Vec<(usize, usize)> = Vec::new(); // (part id, index in html)
    for id in ids {
        let Some(part) = msg.parts.get_mut(id) else {
            continue;
        };
        if !part.is_text_html() {
            continue;
        }
        if let Some(&(_, at)) = moved.iter().find(|(p, _)| *p == id) {
            let again = html[at].clone();
            html.push(again);
            continue;
        }
        let h = match &mut part.body {
            PartType::Html(t) | PartType::Text(t) => std::mem::take(t),
            _ => match part.text_contents() {
                Some(t) => t.to_string().into(),
                None => continue,
            },
        };
        moved.push((id, html.len()));
        html.push(h);
    }
    html
}

/// The HTML parts read as documents, and the body text: the text parts, then "\n" and the
/// visible text of each HTML part. Built without growth by doubling, and moved rather than
/// copied in the common HTML-only case: on a 5 MB HTML message every spare copy is megabytes of
/// peak memory.
fn body_text(
    text: &[String],
    html: &[std::borrow::Cow<'_, str>],
) -> (Vec<crate::html::Document>, String) {
    let mut docs: Vec<crate::html::Document> = html.iter().map(|h| crate::html::read(h)).collect();
    let mut body = text.join("\n");
    if body.is_empty() && docs.len() == 1 {
        let mut t = std::mem::take(&mut docs[0].text);
        t.insert(0, '\n');
        body = t;
    } else {
        body.reserve_exact(docs.iter().map(|d| d.text.len() + 1).sum());
        for d in &mut docs {
            body.push('\n');
            body.push_str(&d.text);
            d.text = String::new();
        }
    }
    (docs, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_alone() {
        let mut hops = vec![
            Hop {
                time: Some(100),
                ..Hop::default()
            },
            Hop::default(),
            Hop {
                time: Some(40),
                ..Hop::default()
            },
            Hop {
                time: Some(10),
                ..Hop::default()
            },
        ];
        set_hop_delays(&mut hops);
        let delays: Vec<_> = hops.iter().map(|h| h.delay).collect();
        assert_eq!(delays, [None, None, Some(30), None]);

        let raw = b"From: A <a@x.example>\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>html <b>words</b></p>\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n\r\nJVBE\r\n--b--\r\n";
        let mut msg = parser().parse(&raw[..]).expect("parses");
        let mut mail = Mail::default();
        read_headers(raw, &msg, &mut mail);
        assert!(has_message_header(&mail));
        assert_eq!(mail.from_header_count, 1);
        assert_eq!(plain_text_parts(&msg), ["plain words"]);
        let atts = attachments(&msg);
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].name.as_deref(), Some("a.pdf"));
        assert_eq!(atts[0].content_type, "application/pdf");
        let html = take_html_parts(&mut msg);
        assert_eq!(html.len(), 1);
        let (docs, body) = body_text(&["plain words".to_string()], &html);
        assert_eq!(docs.len(), 1);
        assert!(body.starts_with("plain words\n"), "{body:?}");
        assert!(body.contains("html words"), "{body:?}");
        assert!(!has_message_header(&Mail {
            headers: vec![Header::new("X-Whatever", "1")],
            ..Mail::default()
        }));
    }

    #[test]
    fn rejects_empty_binary_and_non_messages() {
        assert_eq!(parse(b"").unwrap_err(), InputError::Empty);
        assert_eq!(parse(b"  \r\n ").unwrap_err(), InputError::Empty);
        assert_eq!(parse(&[0u8; 100]).unwrap_err(), InputError::Binary);
        assert_eq!(
            parse(b"hello world, this is just some text").unwrap_err(),
            InputError::NotAMessage
        );
    }

    #[test]
    fn decodes_iso_2022_jp_subject_and_counts_from_headers() {
        let raw = b"From: a@example.com\r\nFrom: b@example.org\r\nSubject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n\r\nbody\r\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.subject.as_deref(), Some("テスト"));
        assert_eq!(m.from_header_count, 2);
        assert_eq!(m.from.len(), 2);
        assert_eq!(m.kind, InputKind::Raw);
    }

    #[test]
    fn binary_test_counts_like_a_plain_filter() {
        let reference = |raw: &[u8]| {
            let head = &raw[..raw.len().min(4096)];
            let bad = head
                .iter()
                .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x1b)))
                .count();
            bad * 10 > head.len().max(1)
        };
        // Every byte value, at every density around the 10% threshold, past the 4 KB window.
        let mut x: u32 = 1;
        for len in [0, 1, 9, 10, 11, 127, 128, 129, 1000, 4096, 5000] {
            for density in [0, 5, 9, 10, 11, 20, 100] {
                let data: Vec<u8> = (0..len)
                    .map(|i| {
                        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        if (x >> 16) % 100 < density {
                            (i % 32) as u8
                        } else {
                            b'a' + (i % 26) as u8
                        }
                    })
                    .collect();
                assert_eq!(
                    looks_binary(&data),
                    reference(&data),
                    "len {len} density {density}"
                );
            }
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(looks_binary(&all), reference(&all));
    }

    #[test]
    fn header_values_are_unfolded_when_read() {
        let raw = b"From: a@example.com\r\nX-Long: one\r\n two\r\n\tthree \r\nX-Bad: \xff ok\r\nX-Empty:\r\n\r\nbody";
        let m = parse(raw).unwrap();
        assert_eq!(m.header("x-long"), Some("one two\tthree"));
        assert_eq!(m.header("X-Bad"), Some("\u{fffd} ok"));
        assert_eq!(m.header("X-Empty"), Some(""));
        assert_eq!(
            m.headers[1],
            crate::model::Header::new("X-Long", "one two\tthree")
        );
    }

    #[test]
    fn body_separator_is_any_blank_line() {
        let reference = |raw: &[u8]| {
            (0..raw.len()).any(|i| {
                raw[i] == b'\n'
                    && matches!(
                        raw.get(i + 1..),
                        Some([b'\n', ..]) | Some([b'\r', b'\n', ..])
                    )
            })
        };
        for raw in [
            &b""[..],
            b"\n",
            b"\n\n",
            b"a: b\r\n\r\nbody",
            b"a: b\nc: d\n\nbody",
            b"a: b\r\nc: d\r\n",
            b"a: b\r\n\rx",
            b"\r\n\r\n",
            b"x\n\r",
        ] {
            assert_eq!(has_body_separator(raw), reference(raw), "{raw:?}");
        }
    }

    #[test]
    fn header_block_only_is_recognised() {
        let m = parse(b"From: a@example.com\nSubject: hi\n").unwrap();
        assert_eq!(m.kind, InputKind::HeadersOnly);
    }

    #[test]
    fn hop_delays_are_computed_from_adjacent_hops() {
        let raw = b"Received: from b.example (b.example [192.0.2.2]) by c.example with ESMTPS; Mon, 1 Jan 2024 00:00:10 +0000\r\nReceived: from a.example (a.example [192.0.2.1]) by b.example with SMTP; Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: x@a.example\r\n\r\nhi";
        let m = parse(raw).unwrap();
        assert_eq!(m.hops.len(), 2);
        assert_eq!(m.hops[0].delay, Some(10));
        assert_eq!(m.hops[0].by.as_deref(), Some("c.example"));
        assert_eq!(m.hops[1].delay, None);
    }

    #[test]
    fn html_parts_are_borrowed_when_not_encoded_and_decoded_otherwise() {
        use std::borrow::Cow;
        let raw = b"From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--c\r\nContent-Type: text/html\r\n\r\n<p>Hello <a href=\"https://a.example/\">there</a></p>\r\n--c--\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: inline\r\n\r\nPHA+U2Vjb25kPC9wPg==\r\n--b\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Disposition: attachment; filename=x.pdf\r\n\r\nJVBERi0=\r\n--b--\r\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.html.len(), 2, "{:?}", m.html);
        assert!(matches!(&m.html[0], Cow::Borrowed(h) if h.contains("<p>Hello")));
        assert!(matches!(&m.html[1], Cow::Owned(h) if h.contains("<p>Second</p>")));
        assert_eq!(m.text, vec!["plain words".to_string()]);
        assert_eq!(m.html_docs.len(), 2);
        assert_eq!(m.html_docs[0].anchors[0].href, "https://a.example/");
        assert!(m.body_text.contains("plain words") && m.body_text.contains("Second"));
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].content_type, "application/pdf");
        assert!(m.attachments[0].size > 0);
    }
}
