//! Authentication-Results (RFC 8601) parsing, tolerant of what real receivers write:
//! comments in parentheses (nested, with escapes), quoted strings, missing authserv-id
//! (Microsoft 365 / Outlook.com), `header.d=none;dmarc=...` without a space, stray segments such
//! as `contoso.com;`, and ARC-Authentication-Results' leading `i=N;`.
//!
//! Every input is attacker-written: nothing here panics, and sizes are bounded.

/// One `method=result` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodResult {
    /// Lower-case method (`dkim`, `spf`, `dmarc`, `arc`, `compauth`, ...).
    pub method: String,
    /// Lower-case result (`pass`, `fail`, `bestguesspass`, ...).
    pub result: String,
    /// The first comment after the result, e.g. `p=QUARANTINE sp=QUARANTINE dis=NONE`.
    pub comment: Option<String>,
    /// `ptype.property=value` and other `key=value` pairs (`reason`, `action`), keys lower-case.
    pub props: Vec<(String, String)>,
}

impl MethodResult {
    /// Value of property `key` (lower-case), if present.
    pub fn prop(&self, key: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_pass(&self) -> bool {
        self.result == "pass"
    }

    /// The domain the result is about: DKIM `header.d` (or the domain of `header.i`), SPF
    /// mail-from domain (or HELO), DMARC/compauth `header.from`. Lower-case, no trailing dot;
    /// None for `none` or empty values.
    pub fn domain(&self) -> Option<String> {
        let raw = match self.method.as_str() {
            "dkim" => self.prop("header.d").or_else(|| self.prop("header.i")),
            "spf" => self
                .prop("smtp.mailfrom")
                .or_else(|| self.prop("smtp.helo")),
            "dmarc" | "compauth" | "dkim-adsp" => self.prop("header.from"),
            _ => None,
        }?;
        domain_of(raw)
    }

    /// DMARC policy shown in the comment (`p=REJECT`) or Microsoft's `action=`.
    pub fn dmarc_policy(&self) -> Option<String> {
        let c = self.comment.as_deref()?;
        for word in c.split(|ch: char| ch.is_whitespace() || ch == ',' || ch == ';') {
            if let Some((k, v)) = word.split_once('=') {
                let k = k.trim().to_ascii_lowercase();
                if k == "p" || k == "policy" {
                    let v = v.trim().to_ascii_lowercase();
                    if !v.is_empty() {
                        return Some(v);
                    }
                }
            }
        }
        None
    }
}

/// Domain part of `local@domain`, `@domain` or `domain`; lower-case, no trailing dot. None for
/// `none`, empty values and values that are not host names.
pub fn domain_of(v: &str) -> Option<String> {
    let v = v
        .trim()
        .trim_matches('"')
        .trim_matches('<')
        .trim_matches('>');
    let d = match v.rsplit_once('@') {
        Some((_, d)) => d,
        None => v,
    };
    let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty()
        || d == "none"
        || d.len() > 253
        || !d
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
    {
        return None;
    }
    Some(d)
}

/// One parsed header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthRes {
    /// Lower-case authserv-id; None when the header starts directly with `method=result`
    /// (Microsoft's format) or is empty.
    pub authserv_id: Option<String>,
    pub results: Vec<MethodResult>,
}

impl AuthRes {
    /// Results for `method`.
    pub fn of<'a>(&'a self, method: &'a str) -> impl Iterator<Item = &'a MethodResult> + 'a {
        self.results.iter().filter(move |r| r.method == method)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Comment(String),
    Eq,
    Slash,
    Semi,
}

/// Headers longer than this are cut: no real A-R comes close.
const MAX_LEN: usize = 64 * 1024;
const MAX_RESULTS: usize = 50;

fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = s.chars().take(MAX_LEN).peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Tok>| {
        if !word.is_empty() {
            out.push(Tok::Word(std::mem::take(word)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '(' => {
                flush(&mut word, &mut out);
                let mut depth = 1usize;
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(n) = chars.next() {
                                text.push(n);
                            }
                        }
                        '(' => {
                            depth += 1;
                            text.push(c);
                        }
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            text.push(c);
                        }
                        _ => text.push(c),
                    }
                }
                out.push(Tok::Comment(text.trim().to_string()));
            }
            '"' => {
                // A quoted string is (part of) a word.
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(n) = chars.next() {
                                word.push(n);
                            }
                        }
                        '"' => break,
                        _ => word.push(c),
                    }
                }
            }
            '=' => {
                flush(&mut word, &mut out);
                out.push(Tok::Eq);
            }
            '/' => {
                flush(&mut word, &mut out);
                out.push(Tok::Slash);
            }
            ';' => {
                flush(&mut word, &mut out);
                out.push(Tok::Semi);
            }
            c if c.is_whitespace() => flush(&mut word, &mut out),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

fn segments(toks: Vec<Tok>) -> Vec<Vec<Tok>> {
    let mut segs = vec![Vec::new()];
    for t in toks {
        if t == Tok::Semi {
            segs.push(Vec::new());
        } else if let Some(last) = segs.last_mut() {
            last.push(t);
        }
    }
    segs
}

/// Does the segment start like `word[/version]=`, i.e. a method result or a property?
fn starts_with_assignment(seg: &[Tok]) -> bool {
    matches!(
        (seg.first(), seg.get(1), seg.get(2), seg.get(3)),
        (Some(Tok::Word(_)), Some(Tok::Eq), _, _)
            | (
                Some(Tok::Word(_)),
                Some(Tok::Slash),
                Some(Tok::Word(_)),
                Some(Tok::Eq)
            )
    )
}

fn parse_result(seg: &[Tok]) -> Option<MethodResult> {
    let mut i = 0;
    let method = match seg.first()? {
        Tok::Word(w) => w.to_ascii_lowercase(),
        _ => return None,
    };
    i += 1;
    if seg.get(i) == Some(&Tok::Slash) {
        i += 2; // method version
    }
    if seg.get(i) != Some(&Tok::Eq) {
        return None;
    }
    i += 1;
    let result = match seg.get(i) {
        Some(Tok::Word(w)) => w.to_ascii_lowercase(),
        _ => String::new(),
    };
    if result.is_empty() {
        return None;
    }
    i += 1;
    let mut r = MethodResult {
        method,
        result,
        ..MethodResult::default()
    };
    while i < seg.len() {
        match (seg.get(i), seg.get(i + 1), seg.get(i + 2)) {
            (Some(Tok::Comment(c)), _, _) => {
                if r.comment.is_none() && r.props.is_empty() {
                    r.comment = Some(c.clone());
                }
                i += 1;
            }
            (Some(Tok::Word(k)), Some(Tok::Eq), Some(Tok::Word(v))) => {
                if r.props.len() < 32 {
                    r.props.push((k.to_ascii_lowercase(), v.clone()));
                }
                i += 3;
            }
            (Some(Tok::Word(k)), Some(Tok::Eq), _) => {
                r.props.push((k.to_ascii_lowercase(), String::new()));
                i += 2;
            }
            _ => i += 1,
        }
    }
    Some(r)
}

/// Decode RFC 2047 encoded-words (Microsoft sometimes writes a whole A-R value as
/// `=?utf-8?B?...?=` words). Text outside encoded-words is kept; white space between two
/// adjacent encoded-words is dropped.
fn decode_words(value: &str) -> String {
    if !value.contains("=?") {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, from) = rest.split_at(start);
        let decoded = from.get(2..).and_then(|inner| {
            let mut parts = inner.splitn(3, '?');
            let (_charset, enc, tail) = (parts.next()?, parts.next()?, parts.next()?);
            let end = tail.find("?=")?;
            let text = tail.get(..end)?;
            let bytes = match enc {
                "B" | "b" => mail_parser::decoders::base64::base64_decode(text.as_bytes())?,
                "Q" | "q" => {
                    let mut v = Vec::new();
                    let mut it = text.bytes();
                    while let Some(c) = it.next() {
                        match c {
                            b'_' => v.push(b' '),
                            b'=' => {
                                let hex = [it.next()?, it.next()?];
                                let hex = std::str::from_utf8(&hex).ok()?;
                                v.push(u8::from_str_radix(hex, 16).ok()?);
                            }
                            c => v.push(c),
                        }
                    }
                    v
                }
                _ => return None,
            };
            let consumed = 2 + _charset.len() + 1 + enc.len() + 1 + end + 2;
            Some((String::from_utf8_lossy(&bytes).into_owned(), consumed))
        });
        match decoded {
            Some((text, consumed)) => {
                if !(last_was_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&text);
                rest = from.get(consumed..).unwrap_or("");
                last_was_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = from.get(2..).unwrap_or("");
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parse an Authentication-Results value (unfolded or not).
pub fn parse(value: &str) -> AuthRes {
    let value = decode_words(value);
    let segs = segments(tokenize(&value));
    let mut out = AuthRes::default();
    let mut iter = segs.into_iter().peekable();
    // Leading `i=N` of ARC-Authentication-Results.
    if let Some(first) = iter.peek()
        && let (Some(Tok::Word(k)), Some(Tok::Eq), Some(Tok::Word(v)), None) =
            (first.first(), first.get(1), first.get(2), first.get(3))
        && k.eq_ignore_ascii_case("i")
        && v.chars().all(|c| c.is_ascii_digit())
    {
        iter.next();
    }
    if let Some(first) = iter.peek()
        && !starts_with_assignment(first)
    {
        if let Some(Tok::Word(id)) = first.first() {
            out.authserv_id = Some(id.trim_end_matches('.').to_ascii_lowercase());
        }
        iter.next();
    }
    for seg in iter {
        if out.results.len() >= MAX_RESULTS {
            break;
        }
        if !starts_with_assignment(&seg) {
            continue; // `none`, stray `contoso.com`, empty
        }
        if let Some(r) = parse_result(&seg) {
            out.results.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_format() {
        let a = parse(
            "mx.google.com;\r\n       dkim=pass header.i=@oracle.com header.s=corp-2018-07-02 header.b=lhk5qU4z;\r\n       spf=pass (google.com: domain of daniel.m.jordan@oracle.com designates 156.151.31.86 as permitted sender) smtp.mailfrom=daniel.m.jordan@oracle.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=oracle.com",
        );
        assert_eq!(a.authserv_id.as_deref(), Some("mx.google.com"));
        assert_eq!(a.results.len(), 3);
        let dkim = &a.results[0];
        assert_eq!(
            (dkim.method.as_str(), dkim.result.as_str()),
            ("dkim", "pass")
        );
        assert_eq!(dkim.domain().as_deref(), Some("oracle.com"));
        assert_eq!(dkim.prop("header.s"), Some("corp-2018-07-02"));
        let spf = &a.results[1];
        assert_eq!(spf.domain().as_deref(), Some("oracle.com"));
        assert!(
            spf.comment
                .as_deref()
                .unwrap()
                .starts_with("google.com: domain of")
        );
        let dmarc = &a.results[2];
        assert_eq!(dmarc.dmarc_policy().as_deref(), Some("none"));
        assert_eq!(dmarc.domain().as_deref(), Some("oracle.com"));
    }

    #[test]
    fn microsoft_format_without_authserv_id() {
        let a = parse(
            "spf=pass (sender IP is 10.2.3.4)\r\n  smtp.mailfrom=fabrikam.com; contoso.com; dkim=none\r\n  (message not signed) header.d=none; contoso.com; dmarc=bestguesspass\r\n  action=none header.from=fabrikam.com; compauth=pass reason=109",
        );
        assert_eq!(a.authserv_id, None);
        let methods: Vec<_> = a
            .results
            .iter()
            .map(|r| (r.method.as_str(), r.result.as_str()))
            .collect();
        assert_eq!(
            methods,
            [
                ("spf", "pass"),
                ("dkim", "none"),
                ("dmarc", "bestguesspass"),
                ("compauth", "pass")
            ]
        );
        assert_eq!(a.results[1].domain(), None, "header.d=none is no domain");
        assert_eq!(a.results[2].prop("action"), Some("none"));
        assert_eq!(a.results[2].domain().as_deref(), Some("fabrikam.com"));
        assert_eq!(a.results[3].prop("reason"), Some("109"));

        let b = parse(
            "spf=none (sender IP is 89.144.44.6) smtp.mailfrom=inventorecfety.co.uk; dkim=none (message not signed) header.d=none;dmarc=permerror action=none header.from=access-accsecurity.com;",
        );
        assert_eq!(b.results.len(), 3);
        assert_eq!(b.results[2].result, "permerror");
        assert_eq!(
            b.results[2].domain().as_deref(),
            Some("access-accsecurity.com")
        );
    }

    #[test]
    fn arc_results_quoted_values_and_forged_sample() {
        let a = parse(
            "i=1; smtp.subspace.kernel.org; dmarc=pass (p=quarantine dis=none) header.from=redhat.com; spf=pass smtp.mailfrom=redhat.com; dkim=pass (1024-bit key) header.d=redhat.com header.i=@redhat.com header.b=I5eIxUcR; arc=none smtp.client-ip=170.10.129.124",
        );
        assert_eq!(a.authserv_id.as_deref(), Some("smtp.subspace.kernel.org"));
        assert_eq!(a.results.len(), 4);
        assert_eq!(a.results[0].dmarc_policy().as_deref(), Some("quarantine"));

        let b = parse(
            "mail.lfdr.de; spf=pass (mail.lfdr.de: domain of \"x+bounces@vger.kernel.org\" designates 1.2.3.4) smtp.mailfrom=\"x+bounces-1=lfdr.de@vger.kernel.org\"; arc=pass (\"subspace.kernel.org:s=arc-20240116:i=1\")",
        );
        assert_eq!(b.results[0].domain().as_deref(), Some("vger.kernel.org"));
        assert_eq!(b.results[1].result, "pass");

        let forged = parse("mx.google.com; dkim=pass header.i=@amazon.com; dmarc=pass");
        assert_eq!(forged.authserv_id.as_deref(), Some("mx.google.com"));
        assert_eq!(forged.results[0].domain().as_deref(), Some("amazon.com"));
        assert_eq!(forged.results[1].domain(), None);
    }

    #[test]
    fn encoded_word_value_is_decoded() {
        let a = parse(
            "=?utf-8?B?c3BmPXBhc3MgKHNlbmRlciBJUCBpcyA1LjE5Ni4yMDIuMTE5KSBzbXRwLm1h?=\r\n =?utf-8?B?aWxmcm9tPWt5cmtsaWdmb3JueWVsc2Uub3JnOyBka2ltPW5vbmUgKG1lc3Nh?=\r\n =?utf-8?B?Z2Ugbm90IHNpZ25lZCkgaGVhZGVyLmQ9bm9uZTtkbWFyYz1ub25lIGFjdGlv?=",
        );
        assert_eq!(a.authserv_id, None);
        assert_eq!(a.results[0].method, "spf");
        assert_eq!(
            a.results[0].domain().as_deref(),
            Some("kyrkligfornyelse.org")
        );
        assert_eq!(a.results[1].result, "none");
        assert_eq!(decode_words("a =?x?Q?b_c=3D?= d"), "a b c= d");
        for s in [
            "=?",
            "=?utf-8?B?",
            "=?utf-8?Q?=4",
            "=?utf-8?Q?=?=",
            "x=?a?b?c",
        ] {
            let _ = decode_words(s);
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "",
            ";;;;",
            "(((((",
            "\"unterminated",
            "a=",
            "=",
            "x; =pass; dkim=; dkim/=; dkim/1=pass (",
            "\\",
        ] {
            let _ = parse(s);
        }
        let big = "dkim=pass header.d=a.example; ".repeat(10_000);
        assert!(parse(&big).results.len() <= MAX_RESULTS);
    }
}
