//! What part of the input can be read.
//!
//! Input pasted or dropped in by a user must look like a message: empty, oversized (over
//! [`MAX_MESSAGE_BYTES`]) or binary input gets a clear error. A source fetched from the
//! receiving provider (`Options::from_provider`) *is* the message, and an error there would
//! make the caller fall back to what the page shows, losing the provider's verdict (a proven ✕
//! silently becoming ? or !). So it is read as far as it can be: a source over the limit is cut
//! after [`MAX_MESSAGE_BYTES`] (its headers and the start of its body are checked), and control
//! bytes do not stop it. The report then carries a warning finding and says what was not
//! checked, and its verdict is never better than the header block alone would give
//! (`crate::check`).

use crate::Options;
use crate::findings::Finding;
use crate::parse::{self, InputError, MAX_MESSAGE_BYTES};
use crate::report::Text;
use crate::texts::text;

/// The input as it will be read.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The bytes parsed: all of the input, or its first part when it was cut.
    pub bytes: &'a [u8],
    /// The input's length, when it was over the limit and cut.
    pub cut_from: Option<usize>,
    /// The input would have failed the binary test (control bytes in the header block).
    pub control_bytes: bool,
}

impl Source<'_> {
    /// Was anything about the source unusual enough to cap the verdict at the headers'?
    pub fn degraded(&self) -> bool {
        self.cut_from.is_some() || self.control_bytes
    }

    /// The header block (up to and including the blank line), for the headers-alone check.
    pub fn header_block(&self) -> &[u8] {
        let b = self.bytes;
        let end = memchr::memmem::find(b, b"\n\r\n")
            .map(|i| i + 3)
            .into_iter()
            .chain(memchr::memmem::find(b, b"\n\n").map(|i| i + 2))
            .min()
            .unwrap_or(b.len());
        &b[..end]
    }

    /// The warning findings for the report.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(len) = self.cut_from {
            // Tenths of a MiB in integer arithmetic (rounded), as `{:.1}` of the f64 would give.
            let tenths = (len as u64 * 10 + 512 * 1024) / (1024 * 1024);
            let mb = format!("{}.{}", tenths / 10, tenths % 10);
            let limit = (MAX_MESSAGE_BYTES / (1024 * 1024)).to_string();
            out.push(Finding::new(
                "message.source_truncated",
                format!("{len} bytes"),
                &[("size_mb", &mb), ("limit_mb", &limit)],
            ));
        }
        if self.control_bytes {
            out.push(Finding::new("message.source_unreadable", "", &[]));
        }
        out
    }

    /// What could not be checked because of it.
    pub fn not_checked(&self) -> Vec<Text> {
        let mut out = Vec::new();
        if self.cut_from.is_some() {
            let limit = (MAX_MESSAGE_BYTES / (1024 * 1024)).to_string();
            out.push(text(
                "message.not_checked.body_cut",
                &[("limit_mb", &limit)],
            ));
        }
        if self.control_bytes {
            out.push(text("message.not_checked.control_bytes", &[]));
        }
        out
    }
}

/// Decide how `raw` is read, or why it cannot be.
pub fn prepare<'a>(raw: &'a [u8], opts: &Options) -> Result<Source<'a>, InputError> {
    if parse::is_blank(raw) {
        return Err(InputError::Empty);
    }
    let mut src = Source {
        bytes: raw,
        cut_from: None,
        control_bytes: false,
    };
    if raw.len() > MAX_MESSAGE_BYTES {
        if !opts.from_provider {
            return Err(InputError::TooLarge(raw.len()));
        }
        src.bytes = cut(raw);
        src.cut_from = Some(raw.len());
    }
    if parse::looks_binary(src.bytes) {
        if !opts.from_provider {
            return Err(InputError::Binary);
        }
        src.control_bytes = true;
    }
    Ok(src)
}

/// The first [`MAX_MESSAGE_BYTES`] of `raw`, ended at the last line break within them (a line
/// cut in the middle could read as a different header or URL).
fn cut(raw: &[u8]) -> &[u8] {
    let head = &raw[..MAX_MESSAGE_BYTES.min(raw.len())];
    match memchr::memrchr(b'\n', head) {
        Some(i) => &head[..=i],
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider() -> Options {
        Options {
            from_provider: true,
            ..Options::default()
        }
    }

    #[test]
    fn pasted_input_keeps_the_strict_tests() {
        let big = vec![b'a'; MAX_MESSAGE_BYTES + 1];
        assert_eq!(
            prepare(&big, &Options::default()).unwrap_err(),
            InputError::TooLarge(MAX_MESSAGE_BYTES + 1)
        );
        let ctl =
            b"From: a@example.com\r\nSubject: \x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\r\n\r\n";
        assert_eq!(
            prepare(ctl, &Options::default()).unwrap_err(),
            InputError::Binary
        );
        assert_eq!(
            prepare(b" \r\n", &provider()).unwrap_err(),
            InputError::Empty
        );
    }

    #[test]
    fn the_truncation_warning_gives_the_size_in_tenths_of_a_mib() {
        for (len, shown) in [
            (27_000_000, "25.7"),
            (26_214_401, "25.0"),
            (52_428_800, "50.0"),
        ] {
            let s = Source {
                bytes: b"",
                cut_from: Some(len),
                control_bytes: false,
            };
            let f = &s.findings()[0];
            assert!(f.message.en.contains(shown), "{len}: {}", f.message.en);
            assert!(f.message.ja.contains(shown), "{len}: {}", f.message.ja);
        }
    }

    #[test]
    fn a_provider_source_is_cut_at_a_line_end_and_read_despite_control_bytes() {
        let mut big = b"From: a@example.com\r\nSubject: s\r\n\r\n".to_vec();
        while big.len() <= MAX_MESSAGE_BYTES {
            big.extend_from_slice(
                b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\r\n",
            );
        }
        let s = prepare(&big, &provider()).unwrap();
        assert_eq!(s.cut_from, Some(big.len()));
        assert!(s.bytes.len() <= MAX_MESSAGE_BYTES && s.bytes.ends_with(b"\r\n"));
        assert!(s.degraded());
        assert_eq!(
            s.header_block(),
            b"From: a@example.com\r\nSubject: s\r\n\r\n"
        );
        let ids: Vec<String> = s.findings().into_iter().map(|f| f.id).collect();
        assert_eq!(ids, ["message.source_truncated"]);

        let ctl =
            b"From: a@example.com\r\nSubject: \x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\r\n\r\n";
        let s = prepare(ctl, &provider()).unwrap();
        assert!(s.control_bytes && s.cut_from.is_none());
        assert_eq!(s.bytes.len(), ctl.len());
        assert_eq!(s.findings()[0].id, "message.source_unreadable");
        assert_eq!(s.not_checked().len(), 1);
    }
}
