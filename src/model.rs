//! The message as the checks see it, independent of where it came from (a raw .eml, a header
//! block, or what a webmail page showed). Every string here is attacker-written.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::report::{Hop, InputKind};

/// One mailbox from an address header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mailbox {
    /// Display name after decoding encoded-words (may be empty).
    pub name: Option<String>,
    /// The address as written, lower-cased (may be empty or malformed).
    pub address: Option<String>,
}

impl Mailbox {
    /// Lower-case domain part of the address, if there is one.
    pub fn domain(&self) -> Option<String> {
        let a = self.address.as_deref()?;
        let (_, d) = a.rsplit_once('@')?;
        let d = d.trim().trim_end_matches('.').trim_end_matches('>');
        if d.is_empty() {
            None
        } else {
            Some(d.to_ascii_lowercase())
        }
    }
}

/// An attachment's metadata (content is never kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    pub name: Option<String>,
    pub content_type: String,
    pub size: usize,
}

/// A link as a webmail page showed it (page snapshots only; raw messages get links from bodies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLink {
    pub text: String,
    pub href: String,
}

/// One header, in message order (topmost first). The value is unfolded on first use: most
/// headers of a delivered message (DKIM and ARC signatures, trace and X- headers, often half
/// its header bytes) are never read as text here, and unfolding them all was ~3.5% of a check.
#[derive(Debug, Clone)]
pub struct Header<'a> {
    /// Name as written.
    pub name: String,
    /// The value's bytes in the message (empty for a header built from a value).
    raw: &'a [u8],
    value: OnceCell<String>,
}

impl<'a> Header<'a> {
    /// A header with the given (already unfolded) value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Header<'a> {
        Header {
            name: name.into(),
            raw: b"",
            value: OnceCell::from(value.into()),
        }
    }

    /// A header whose value is `raw` as written in the message (folded, not decoded).
    pub(crate) fn from_raw(name: String, raw: &'a [u8]) -> Header<'a> {
        Header {
            name,
            raw,
            value: OnceCell::new(),
        }
    }

    /// Raw value, unfolded (CRLF+WSP -> single space), not decoded.
    pub fn value(&self) -> &str {
        self.value.get_or_init(|| unfold(self.raw))
    }
}

impl PartialEq for Header<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.value() == other.value()
    }
}

impl Eq for Header<'_> {}

/// `'a` is the raw message: HTML parts that needed no decoding are borrowed from it rather than
/// copied (on a 5 MB HTML message a copy is 5 MB of peak memory).
#[derive(Debug, Clone, Default)]
pub struct Mail<'a> {
    pub kind: InputKind,
    /// All headers of the top-level message, topmost first.
    pub headers: Vec<Header<'a>>,
    /// Mailboxes of all `From` headers, in order.
    pub from: Vec<Mailbox>,
    /// How many `From` header fields there were (more than one is a forgery sign).
    pub from_header_count: usize,
    pub reply_to: Vec<Mailbox>,
    pub return_path: Option<String>,
    pub message_id: Option<String>,
    /// Decoded subject.
    pub subject: Option<String>,
    /// Date header, unix seconds.
    pub date: Option<i64>,
    /// Decoded text/plain bodies.
    pub text: Vec<String>,
    /// Decoded text/html bodies (raw HTML: parse, never render).
    pub html: Vec<Cow<'a, str>>,
    /// Each HTML part read once at parse time (anchors, image alt texts, base href), in the
    /// order of `html`; the link and brand checks use these instead of re-scanning.
    pub html_docs: Vec<crate::html::Document>,
    /// All text the reader sees: the text/plain parts plus the visible text of the HTML parts
    /// (computed once at parse time; brand and content checks read this).
    pub body_text: String,
    pub attachments: Vec<Attachment>,
    /// Received hops, topmost (newest) first.
    pub hops: Vec<Hop>,
    /// Links a webmail page showed (page snapshots only).
    pub page_links: Vec<PageLink>,
    /// Parts or features the parser could not decode (said in the report).
    pub parse_problems: Vec<String>,
    /// The source was over the size limit and was cut at this many bytes (only for a source
    /// fetched from the provider, `Options::from_provider`): the body is incomplete.
    pub body_cut_at: Option<usize>,
}

impl<'m> Mail<'m> {
    /// The first `From` mailbox with an address (what a mail client displays; a malformed From
    /// such as `Name ,_<x@y>` parses as a bare name plus a mailbox), else the first one.
    pub fn sender(&self) -> Option<&Mailbox> {
        self.from
            .iter()
            .find(|m| m.address.is_some())
            .or(self.from.first())
    }

    /// Headers whose name equals `name` (ASCII case-insensitive), topmost first.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Header<'m>> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
    }

    /// The first header value named `name`.
    pub fn header<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.headers_named(name).next().map(|h| h.value())
    }
}

/// Unfold a raw header value: CRLF/LF followed by white space becomes one space; trimmed.
/// Works on bytes (the folding characters are ASCII), then decodes once: valid UTF-8 is taken as
/// is, anything else gets U+FFFD replacements.
pub fn unfold(raw: &[u8]) -> String {
    let raw = raw.trim_ascii();
    // Most header values are one line: no copy before the decoding.
    if memchr::memchr2(b'\r', b'\n', raw).is_none() {
        return bytes_to_string(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(p) = memchr::memchr2(b'\r', b'\n', rest) {
        out.extend_from_slice(&rest[..p]);
        // A folded line: the white space that follows stays as the separator; a bare newline
        // (not a fold) becomes one. CRs are dropped.
        if rest[p] == b'\n' && !matches!(rest.get(p + 1), Some(b' ' | b'\t')) {
            out.push(b' ');
        }
        rest = &rest[p + 1..];
    }
    out.extend_from_slice(rest);
    bytes_to_string(out.trim_ascii())
}

/// Decoded and trimmed of any Unicode white space at the ends (as `str::trim`).
fn bytes_to_string(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.trim().to_string(),
        Err(_) => String::from_utf8_lossy(b).trim().to_string(),
    }
}
