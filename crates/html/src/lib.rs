//! HTML, read as data (never rendered): the text a reader sees, the anchors with their text and
//! images, the `<base href>`. Shared by brand detection, link analysis and content checks.
//!
//! One forward pass over the bytes ([`read`]): every byte is looked at a bounded number of times,
//! so the work is linear in the input whatever it holds (unclosed tags, comments or quotes, a 1 MB
//! line, 10,000 links, deep nesting, NUL bytes). The open-element stack is capped
//! ([`MAX_DEPTH`]) so that end tags cost O(1) each. What a browser would not show is dropped:
//! comments, `<head>`, `<title>`, `<script>`, `<style>` and other raw-text elements, and elements
//! hidden by the `hidden` attribute or inline styles (`display:none`, `visibility:hidden`,
//! `font-size:0`/`1px`, `opacity:0`, `max-height:0` with `overflow:hidden`, text colour equal to
//! the background colour). Entities (named, decimal, hexadecimal) are decoded; zero-width
//! characters are dropped; white space is collapsed; block elements become line breaks.
//!
//! Markup is tokenised as the WHATWG HTML standard says browsers do (comments, raw text, script
//! escapes, attributes, character references), checked against html5gum on hostile markup and
//! the development corpora (tests/whatwg.rs). Named references: the names that spell or hide
//! words (src/entities.rs); other symbols (math operators, arrows, shapes) stay as written.

/// One `<a>` (or `<area>`) element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The href attribute as written (entities decoded).
    pub href: String,
    /// Visible text inside the anchor, white space collapsed.
    pub text: String,
    /// alt texts of images inside the anchor.
    pub img_alts: Vec<String>,
}

/// Everything read from one HTML document in one pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// What [`visible_text`] returns.
    pub text: String,
    /// What [`anchors`] returns.
    pub anchors: Vec<Anchor>,
    /// What [`img_alts`] returns.
    pub img_alts: Vec<String>,
    /// What [`base_href`] returns.
    pub base_href: Option<String>,
}

/// Open elements deeper than this are not tracked (their end tags are ignored as well), so that
/// hostile nesting cannot make end-tag matching quadratic.
pub const MAX_DEPTH: usize = 256;
/// Anchor text kept per anchor (bytes); the rest is cut.
pub const MAX_ANCHOR_TEXT: usize = 2048;
/// Attribute values longer than this are cut (bytes) before they are stored.
pub const MAX_ATTR: usize = 16 * 1024;

// Bytes (and open elements) the scanner has looked at, counted in tests only: the hostile-input
// tests check that this work stays linear in the input's length, deterministically, instead of
// timing the scan (performance is measured by the benches, never asserted in tests).
#[cfg(test)]
thread_local! {
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count `n` steps of work (tests only; nothing at all in other builds).
#[inline(always)]
fn work(n: usize) {
    #[cfg(test)]
    WORK.with(|w| w.set(w.get() + n));
    #[cfg(not(test))]
    let _ = n;
}

/// Visible text of an HTML document: no tags, comments, scripts, styles or hidden elements;
/// entities decoded; white space collapsed.
pub fn visible_text(html: &str) -> String {
    scan(html, false, true).text
}

/// All anchors in document order.
pub fn anchors(html: &str) -> Vec<Anchor> {
    scan(html, true, false).anchors
}

/// alt texts of all images (logos often carry the brand name only there).
pub fn img_alts(html: &str) -> Vec<String> {
    scan(html, true, false).img_alts
}

/// The document's `<base href>`, if any (relative links resolve against it).
pub fn base_href(html: &str) -> Option<String> {
    scan(html, true, false).base_href
}

/// Text, anchors, image alt texts and base href in one pass.
pub fn read(html: &str) -> Document {
    scan(html, true, true)
}

/// Anchors, image alt texts and base href, without building the visible text (faster).
pub fn read_links(html: &str) -> Document {
    scan(html, true, false)
}

// ---------------------------------------------------------------------------------------------
// Text output with white-space collapsing.

#[derive(Default)]
struct TextOut {
    s: String,
    /// A space is due before the next visible character.
    space: bool,
    /// A line break is due before the next visible character.
    newline: bool,
}

impl TextOut {
    fn push_char(&mut self, c: char) {
        if c.is_whitespace() || c == '\u{a0}' {
            self.space = true;
            return;
        }
        if is_invisible(c) {
            return;
        }
        if !self.s.is_empty() {
            if self.newline {
                self.s.push('\n');
            } else if self.space {
                self.s.push(' ');
            }
        }
        self.space = false;
        self.newline = false;
        self.s.push(c);
    }

    fn push_str(&mut self, t: &str) {
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // A run of printable ASCII (most text): the first character settles the pending
            // space or line break, the rest is copied as is. Same result as char by char.
            let run = b[i..]
                .iter()
                .position(|c| !c.is_ascii_graphic())
                .unwrap_or(b.len() - i);
            if run > 0 {
                self.push_char(char::from(b[i]));
                self.s.push_str(&t[i + 1..i + run]);
                i += run;
                continue;
            }
            let Some(c) = t[i..].chars().next() else {
                break;
            };
            self.push_char(c);
            i += c.len_utf8();
        }
    }

    fn block(&mut self) {
        self.newline = true;
    }
}

/// Characters that take no room on screen (used to split words against filters).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\0' | '\u{ad}'
            | '\u{34f}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

// ---------------------------------------------------------------------------------------------
// Entities.

mod entities;

/// The named character reference `name` (without `&` and `;`), from [`entities::NAMED`]: its
/// characters, and whether browsers also decode it without the semicolon (legacy). A binary
/// search over the records by byte offset: each probe backs up to its record's start.
fn named(name: &[u8]) -> Option<(&'static str, bool)> {
    let t = entities::NAMED.as_bytes();
    let (mut lo, mut hi) = (0, t.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = t[lo..mid]
            .iter()
            .rposition(|&c| c == 1)
            .map_or(lo, |p| lo + p + 1);
        let end = start + memchr::memchr(1, &t[start..hi])?;
        let marker = start + t[start..end].iter().position(|&c| c == b';' || c == b':')?;
        match t[start..marker].cmp(name) {
            std::cmp::Ordering::Equal => {
                return Some((entities::NAMED.get(marker + 1..end)?, t[marker] == b':'));
            }
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// `&Afr;` to `&zscr;`, the mathematical Fraktur, double-struck and script letters (156 names),
/// computed rather than listed: the suffix, the first capital and small letter, and the letters
/// that Unicode had encoded earlier, each followed by its character.
const MATH_LETTERS: [(&[u8], u32, u32, &str); 3] = [
    (b"fr", 0x1d504, 0x1d51e, "CℭHℌIℑRℜZℨ"),
    (b"opf", 0x1d538, 0x1d552, "CℂHℍNℕPℙQℚRℝZℤ"),
    (b"scr", 0x1d49c, 0x1d4b6, "BℬEℰFℱHℋIℐLℒMℳRℛeℯgℊoℴ"),
];

fn math_letter(name: &[u8]) -> Option<char> {
    let (&c, suffix) = name.split_first()?;
    let &(_, capital, small, earlier) = MATH_LETTERS.iter().find(|m| m.0 == suffix)?;
    let mut e = earlier.chars();
    while let (Some(letter), Some(v)) = (e.next(), e.next()) {
        if u32::from(letter) == u32::from(c) {
            return Some(v);
        }
    }
    char::from_u32(match c {
        b'A'..=b'Z' => capital + u32::from(c - b'A'),
        b'a'..=b'z' => small + u32::from(c - b'a'),
        _ => return None,
    })
}

/// What `&#x80;` to `&#x9F;` stand for (WHATWG numeric character reference end state: the
/// Windows-1252 characters), 0 where the code point stays as it is.
const C1: [u16; 32] = [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
    0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/// Decode the entity starting at `s[0] == '&'`. Returns the decoded text and the bytes consumed,
/// or None when it is not an entity (the `&` then stands for itself).
fn entity(s: &str, in_attr: bool) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut i = start;
        let mut v: u32 = 0;
        while let Some(&d) = b.get(i) {
            let digit = if hex {
                (d as char).to_digit(16)
            } else {
                (d as char).to_digit(10)
            };
            match digit {
                Some(x) => {
                    v = v
                        .saturating_mul(if hex { 16 } else { 10 })
                        .saturating_add(x);
                    i += 1;
                }
                None => break,
            }
        }
        work(i + 1);
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match v {
            0 => '\u{fffd}',
            // C1 controls read as Windows-1252, as browsers do (five have no such character).
            0x80..=0x9f => match C1[v as usize - 0x80] {
                0 => char::from_u32(v).unwrap_or('\u{fffd}'),
                w => char::from_u32(u32::from(w)).unwrap_or('\u{fffd}'),
            },
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((Decoded::Char(c), i));
    }
    // Named: the run of letters and digits (the longest name has 31).
    let mut i = 1;
    while i < b.len() && i <= 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    work(i + 1);
    let name = &b[1..i];
    if name.is_empty() {
        return None;
    }
    if b.get(i) == Some(&b';') {
        if let Some((v, _)) = named(name) {
            return Some((Decoded::Str(v), i + 1));
        }
        if let Some(c) = math_letter(name) {
            return Some((Decoded::Char(c), i + 1));
        }
    }
    // Otherwise the longest legacy name the run starts with (they have 2 to 6 letters), as
    // browsers match it: `&notit;` is `¬it;`. Not in attributes when followed by `=`, a letter or a
    // digit (`?a=1&copy=2` stays as written).
    for len in (2..=name.len().min(6)).rev() {
        if let Some((v, true)) = named(&name[..len]) {
            let next = b.get(1 + len).copied();
            if in_attr && matches!(next, Some(c) if c == b'=' || c.is_ascii_alphanumeric()) {
                return None;
            }
            return Some((Decoded::Str(v), 1 + len));
        }
    }
    None
}

enum Decoded {
    Char(char),
    Str(&'static str),
}

/// Decode entities in an attribute value; NUL becomes U+FFFD, CR LF and CR become LF (as the
/// browser's input stream has them). At most `MAX_ATTR` bytes are read.
fn decode_attr(v: &str) -> String {
    let v = clip(v, MAX_ATTR);
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(p) = rest.find(['&', '\0', '\r']) {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        match tail.as_bytes() {
            [b'\0', ..] => {
                out.push('\u{fffd}');
                rest = &tail[1..];
                continue;
            }
            [b'\r', next @ ..] => {
                out.push('\n');
                rest = &tail[if next.first() == Some(&b'\n') { 2 } else { 1 }..];
                continue;
            }
            _ => {}
        }
        match entity(tail, true) {
            Some((d, n)) => {
                match d {
                    Decoded::Char(c) => out.push(c),
                    Decoded::Str(s) => out.push_str(s),
                }
                rest = tail.get(n..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An href: decoded, then ASCII white space trimmed. Browsers strip it from the decoded value,
/// so `&#32;` or `&Tab;` at either end is stripped too (the scheme is what follows them).
fn url_attr(v: &str) -> String {
    let d = decode_attr(v);
    let t = d.trim_matches(|c: char| c.is_ascii_whitespace());
    if t.len() == d.len() { d } else { t.to_string() }
}

/// `s` cut to at most `max` bytes on a character boundary.
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Collapse white space in a short string (alt texts).
fn collapse(s: &str) -> String {
    let mut t = TextOut::default();
    t.push_str(s);
    t.s
}

// ---------------------------------------------------------------------------------------------
// Elements.

/// What the scanner needs to know about an element, decided once per tag from its lower-cased
/// name (one `match`, where each question used to lower-case and match the name again).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Element {
    /// Starts and ends a line (`br` included).
    block: bool,
    /// Table cells are separated by a space rather than a line.
    cell: bool,
    /// Never has content or an end tag.
    void: bool,
    /// Content is raw text up to the matching end tag, and never shown.
    raw_hidden: bool,
    /// May stay inside `<head>`.
    head_content: bool,
    /// Closes an open element of the same name when it starts (`<p>..<p>`).
    closes_same: bool,
    named: Named,
}

/// The elements the scanner treats one by one.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
enum Named {
    #[default]
    Other,
    A,
    Area,
    Img,
    Base,
    Head,
    Input,
}

const fn el(flags: &[u8], named: Named) -> Element {
    let mut e = Element {
        block: false,
        cell: false,
        void: false,
        raw_hidden: false,
        head_content: false,
        closes_same: false,
        named,
    };
    let mut i = 0;
    while i < flags.len() {
        match flags[i] {
            b'b' => e.block = true,
            b'c' => e.cell = true,
            b'v' => e.void = true,
            b'r' => e.raw_hidden = true,
            b'h' => e.head_content = true,
            _ => e.closes_same = true,
        }
        i += 1;
    }
    e
}

/// Flags: b block, c cell, v void, r raw hidden, h head content, s closes same.
fn element(name: &str) -> Element {
    use Named::*;
    let mut buf = [0u8; 12];
    if name.len() > buf.len() {
        return Element::default();
    }
    for (d, c) in buf.iter_mut().zip(name.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    const BLOCK: Element = el(b"b", Other);
    const VOID: Element = el(b"v", Other);
    const RAW: Element = el(b"r", Other);
    const RAW_HEAD: Element = el(b"rh", Other);
    const VOID_HEAD: Element = el(b"vh", Other);
    const BLOCK_CLOSES: Element = el(b"bs", Other);
    const CELL: Element = el(b"cs", Other);
    match &buf[..name.len()] {
        b"a" => el(b"s", A),
        b"area" => el(b"v", Area),
        b"img" => el(b"v", Img),
        b"base" => el(b"vh", Base),
        b"head" => el(b"h", Head),
        b"input" => el(b"v", Input),
        b"br" | b"hr" => el(b"bv", Other),
        b"p" | b"li" | b"tr" | b"option" | b"dt" | b"dd" => BLOCK_CLOSES,
        b"td" | b"th" => CELL,
        b"script" | b"style" | b"title" | b"template" => RAW_HEAD,
        b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"textarea" | b"plaintext" => RAW,
        b"meta" | b"link" | b"basefont" | b"bgsound" => VOID_HEAD,
        b"noscript" => el(b"h", Other),
        b"col" | b"embed" | b"param" | b"source" | b"track" | b"wbr" | b"keygen" | b"frame" => VOID,
        b"div" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"table" | b"tbody" | b"thead"
        | b"tfoot" | b"ul" | b"ol" | b"dl" | b"blockquote" | b"pre" | b"section" | b"article"
        | b"header" | b"footer" | b"center" | b"form" | b"address" | b"figure" | b"figcaption"
        | b"nav" | b"main" | b"aside" | b"body" | b"html" | b"caption" | b"fieldset"
        | b"legend" | b"details" | b"summary" | b"hgroup" => BLOCK,
        _ => Element::default(),
    }
}

struct Open<'a> {
    name: &'a str,
    hidden: bool,
    /// Text inside is in a tiny font: the nearest own [`font_state`] up the stack says so
    /// (computed on push so that visibility is O(1)).
    tiny: bool,
}

/// One parsed attribute.
struct Attr<'a> {
    name: &'a str,
    value: &'a str,
}

/// A start or end tag. `end` is the byte just after `>` (or the input's end).
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<Attr<'a>>,
    end: usize,
    /// Ended by `>`. A tag that the input's end cuts off is no tag at all in a browser.
    closed: bool,
}

impl<'a> Tag<'a> {
    fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.value)
    }
    fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|a| a.name.eq_ignore_ascii_case(name))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The attributes [`Tag::attr`] and [`Tag::has`] are asked for.
const READ_ATTRS: [&str; 5] = ["href", "alt", "style", "hidden", "type"];

/// Parse the tag starting at `h[i] == '<'` whose name starts at `h[i+1]` (or `h[i+2]` for end
/// tags). Linear in the bytes consumed. Attributes are only collected for start tags, at most 64.
fn parse_tag<'a>(h: &'a str, i: usize, mut attrs: Vec<Attr<'a>>) -> Tag<'a> {
    attrs.clear();
    let b = h.as_bytes();
    let n = b.len();
    let closing = b.get(i + 1) == Some(&b'/');
    let mut j = if closing { i + 2 } else { i + 1 };
    let ns = j;
    while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
        j += 1;
    }
    let name = h.get(ns..j).unwrap_or("");
    loop {
        while j < n && (is_space(b[j]) || b[j] == b'/') {
            j += 1;
        }
        if j >= n {
            work(n - i);
            return Tag {
                name,
                attrs,
                end: n,
                closed: false,
            };
        }
        if b[j] == b'>' {
            work(j + 1 - i);
            return Tag {
                name,
                attrs,
                end: j + 1,
                closed: true,
            };
        }
        // Attribute name (a leading `=` belongs to the name, as in browsers).
        let an = j;
        j += 1;
        while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' && b[j] != b'=' {
            j += 1;
        }
        let aname = h.get(an..j).unwrap_or("");
        while j < n && is_space(b[j]) {
            j += 1;
        }
        let mut value = "";
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && is_space(b[j]) {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let vs = j + 1;
                let ve = match b.get(vs..).and_then(|t| t.iter().position(|&c| c == q)) {
                    Some(p) => vs + p,
                    None => n,
                };
                value = h.get(vs..ve).unwrap_or("");
                j = (ve + 1).min(n);
            } else {
                let vs = j;
                while j < n && !is_space(b[j]) && b[j] != b'>' {
                    j += 1;
                }
                value = h.get(vs..j).unwrap_or("");
            }
        }
        // At most 64 attributes, and then the first of each that the scanner reads: junk
        // attributes must not push `href` or `hidden` out of sight.
        if !closing
            && (attrs.len() < 64
                || (attrs.len() < 64 + READ_ATTRS.len()
                    && READ_ATTRS.iter().any(|r| aname.eq_ignore_ascii_case(r))
                    && !attrs.iter().any(|a| a.name.eq_ignore_ascii_case(aname))))
        {
            attrs.push(Attr { name: aname, value });
        }
    }
}

/// Find `</name` (ASCII case-insensitive) from `from`; returns its start.
fn find_end_tag(h: &str, from: usize, name: &str) -> Option<usize> {
    let b = h.as_bytes();
    let nb = name.as_bytes();
    let mut i = from;
    while i < b.len() {
        let Some(p) = b.get(i..)?.iter().position(|&c| c == b'<') else {
            work(b.len() - i);
            return None;
        };
        let at = i + p;
        work(p + 2 + nb.len());
        if b.get(at + 1) == Some(&b'/') {
            let s = at + 2;
            if let Some(cand) = b.get(s..s + nb.len())
                && cand.eq_ignore_ascii_case(nb)
                && b.get(s + nb.len())
                    .is_none_or(|&c| is_space(c) || c == b'>' || c == b'/')
            {
                return Some(at);
            }
        }
        i = at + 1;
    }
    None
}

/// `b[at..]` is `</script` or `<script` (`at + skip` is where the name starts) followed by white
/// space, `/` or `>`, as the script data states need it: ASCII case-insensitive.
fn script_tag_at(b: &[u8], at: usize, skip: usize) -> bool {
    b.get(at + skip..at + skip + 6)
        .is_some_and(|t| t.eq_ignore_ascii_case(b"script"))
        && b.get(at + skip + 6)
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// Where a script's content that starts at `from` ends: the start of the `</script` that closes
/// it, found as browsers find it (the WHATWG script data states). Inside `<!--` ... `-->` a
/// `<script>` opens a section whose `</script>` only closes that section: old pages wrote
/// `<!-- document.write("<script>..</script>") -->`. Linear: each byte is looked at once or twice.
fn find_script_end(b: &[u8], from: usize) -> Option<usize> {
    // escaped: after `<!--`; double: after `<!--` and `<script`.
    let (mut escaped, mut double) = (false, false);
    let mut i = from;
    loop {
        let rest = b.get(i..)?;
        let p = if escaped {
            memchr::memchr2(b'<', b'-', rest)
        } else {
            memchr::memchr(b'<', rest)
        };
        let Some(p) = p else {
            work(rest.len());
            return None;
        };
        work(p + 1);
        let at = i + p;
        i = at + 1;
        if b[at] == b'-' {
            // `-->` (its dashes may be those of `<!--`) ends both escaped states.
            if b.get(at..at + 3) == Some(b"-->") {
                (escaped, double) = (false, false);
                i = at + 3;
            }
        } else if !escaped && b.get(at + 1..at + 4) == Some(b"!--") {
            escaped = true;
            i = at + 2;
        } else if b.get(at + 1) == Some(&b'/') && script_tag_at(b, at, 2) {
            if !double {
                return Some(at);
            }
            double = false;
            i = at + 8;
        } else if escaped && !double && script_tag_at(b, at, 1) {
            double = true;
            i = at + 7;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inline styles.

/// The declarations of an inline style, `(name, value)` untrimmed, as
/// `style.split(';').take(64).filter_map(|d| d.split_once(':'))`: found byte by byte, because
/// most declarations are a few bytes long and the generic `str` searchers cost more to set up
/// than to run on them (style attributes were ~2% of a check).
fn declarations(style: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = Some(style);
    std::iter::from_fn(move || {
        let s = rest?;
        let (decl, next) = match s.bytes().position(|b| b == b';') {
            Some(p) => (&s[..p], Some(&s[p + 1..])),
            None => (s, None),
        };
        rest = next;
        Some(decl)
    })
    .take(64)
    .filter_map(|d| {
        let p = d.bytes().position(|b| b == b':')?;
        Some((&d[..p], &d[p + 1..]))
    })
}

/// The properties [`style_hides`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prop {
    Display,
    Visibility,
    Opacity,
    FontSize,
    MsoHide,
    /// `height`, `width`, `max-height`, `max-width`: zero hides with `overflow: hidden`.
    BoxSize,
    Overflow,
    Color,
    Background,
}

/// Which of them a declaration name (trimmed) is, in any ASCII letter case: one match on the
/// lower-cased bytes instead of a case-insensitive compare with each name.
fn prop(name: &str) -> Option<Prop> {
    let mut buf = [0u8; 16];
    let b = name.as_bytes();
    let lower = buf.get_mut(..b.len())?;
    for (d, s) in lower.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    Some(match &*lower {
        b"display" => Prop::Display,
        b"visibility" => Prop::Visibility,
        b"opacity" => Prop::Opacity,
        b"font-size" => Prop::FontSize,
        b"mso-hide" => Prop::MsoHide,
        b"max-height" | b"height" | b"max-width" | b"width" => Prop::BoxSize,
        b"overflow" => Prop::Overflow,
        b"color" => Prop::Color,
        b"background-color" | b"background" => Prop::Background,
        _ => return None,
    })
}

/// Does this inline style hide the element? (No allocation unless a colour is set.)
fn style_hides(style: &str) -> bool {
    let mut color: Option<String> = None;
    let mut background: Option<String> = None;
    let mut overflow_hidden = false;
    let mut zero_box = false;
    let mut buf = [0u8; 32];
    for (k, v) in declarations(style) {
        let Some(prop) = prop(k.trim()) else {
            continue;
        };
        // Value: lower-case, no white space, without "!important", at most 32 bytes.
        let mut n = 0;
        for c in v.bytes().filter(|c| !c.is_ascii_whitespace()) {
            if n == buf.len() {
                break;
            }
            buf[n] = c.to_ascii_lowercase();
            n += 1;
        }
        let mut v = std::str::from_utf8(&buf[..n]).unwrap_or("");
        if let Some(p) = memchr::memchr_iter(b'!', v.as_bytes())
            .find(|&p| v.as_bytes()[p..].starts_with(b"!important"))
        {
            v = &v[..p];
        }
        match prop {
            Prop::Display if v == "none" => return true,
            Prop::Visibility if v == "hidden" || v == "collapse" => return true,
            Prop::Opacity if is_zero(v) => return true,
            // handled by font_state(): a tiny size is inherited and a child can reset it
            Prop::FontSize => {}
            Prop::MsoHide if v == "all" => return true,
            Prop::Overflow => overflow_hidden |= v == "hidden",
            Prop::Color => color = Some(v.to_string()),
            Prop::Background => background = Some(v.to_string()),
            Prop::BoxSize if is_zero(v) => zero_box = true,
            _ => {}
        }
    }
    if zero_box && overflow_hidden {
        return true;
    }
    matches!((color, background), (Some(c), Some(b)) if !c.is_empty() && same_colour(&c, &b))
}

fn is_zero(v: &str) -> bool {
    let num = v.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
    !num.is_empty() && num.chars().all(|c| c == '0' || c == '.')
}

/// Font sizes nobody can read: zero, or at most 1px/1pt.
fn tiny_length(v: &str) -> bool {
    if is_zero(v) {
        return true;
    }
    let unit_start = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(unit_start);
    // `num.parse::<f32>()` compared with 1.0, 0.1 and 10.0, done on the decimal digits (float
    // parsing's tables cost about 10 KB gzip in the wasm): the f32 nearest the number is at most
    // the limit exactly when the number is below the midpoint between the limit and the next
    // f32 up (at the midpoint, ties go to the even one: 1.0 and 10.0, but not 0.1f32).
    let limit = match unit {
        "px" | "pt" => (("1", "000000059604644775390625"), true),
        "em" | "rem" => (("0", "1000000052154064178466796875"), false),
        "%" => (("10", "000000476837158203125"), true),
        _ => return false,
    };
    decimal_below(num, limit.0, limit.1).unwrap_or(false)
}

/// Is the decimal number `num` (ASCII digits and at most one dot, like `f32`'s parser accepts
/// them) below (`or_equal`: at most) `int.frac`? None when `num` is not a number.
fn decimal_below(num: &str, (int, frac): (&str, &str), or_equal: bool) -> Option<bool> {
    let (n_int, n_frac) = num.split_once('.').unwrap_or((num, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(n_int) || !digits(n_frac) || n_int.len() + n_frac.len() == 0 {
        return None;
    }
    let n_int = n_int.trim_start_matches('0');
    let n_frac = n_frac.trim_end_matches('0');
    let int = int.trim_start_matches('0');
    let order = n_int
        .len()
        .cmp(&int.len())
        .then_with(|| n_int.cmp(int))
        .then_with(|| n_frac.cmp(frac));
    Some(order.is_lt() || (or_equal && order.is_eq()))
}

fn normalise_colour(c: &str) -> String {
    let c = c.trim();
    match c {
        "white" => return "#ffffff".into(),
        "black" => return "#000000".into(),
        _ => {}
    }
    if let Some(hex) = c.strip_prefix('#')
        && hex.len() == 3
        && hex.is_ascii()
    {
        let mut s = String::from("#");
        for ch in hex.chars() {
            s.push(ch);
            s.push(ch);
        }
        return s;
    }
    if let Some(inner) = c.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')')) {
        let parts: Vec<u8> = inner
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        if let [r, g, b] = parts[..] {
            return format!("#{r:02x}{g:02x}{b:02x}");
        }
    }
    c.to_string()
}

fn same_colour(a: &str, b: &str) -> bool {
    // `background` may be a shorthand (white space already removed): compare its colour part.
    let end = if let Some(hex) = b.strip_prefix('#') {
        1 + hex
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(hex.len())
    } else if b.starts_with("rgb") {
        b.find(')').map(|p| p + 1).unwrap_or(b.len())
    } else {
        b.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(b.len())
    };
    normalise_colour(a) == normalise_colour(&b[..end])
}

/// The element's own font size: Some(true) tiny (0/1px, hides text), Some(false) a readable
/// size, None not set. Email templates (MJML) put `font-size:0` on a wrapper to kill white space
/// between inline blocks and set a real size on each child, so a tiny size only hides text
/// until a descendant sets a readable one.
fn font_state(tag: &Tag<'_>) -> Option<bool> {
    let style = tag.attr("style")?;
    let style = clip(style, 4096);
    let decoded;
    let style = if style.contains(['&', '\0']) {
        decoded = decode_attr(style);
        decoded.as_str()
    } else {
        style
    };
    if !mentions_font_size(style) {
        return None;
    }
    let mut state = None;
    for (k, v) in declarations(style) {
        if k.trim().eq_ignore_ascii_case("font-size") {
            let v: String = v
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(32)
                .collect::<String>()
                .to_ascii_lowercase();
            let v = v.split("!important").next().unwrap_or("");
            state = Some(tiny_length(v));
        }
    }
    state
}

/// Does `style` contain `font-size` in any ASCII letter case? Most styles do not, and then
/// [`font_state`] has no declaration to read: found from each `-` (memchr), without a split.
fn mentions_font_size(style: &str) -> bool {
    let b = style.as_bytes();
    memchr::memchr_iter(b'-', b).any(|p| {
        p >= 4
            && b.get(p - 4..p + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"font-size"))
    })
}

fn tag_hides(tag: &Tag<'_>, el: Element) -> bool {
    if tag.has("hidden") {
        return true;
    }
    if el.named == Named::Input
        && tag
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("hidden"))
    {
        return true;
    }
    if let Some(style) = tag.attr("style") {
        let style = clip(style, 4096);
        let hides = if style.contains(['&', '\0']) {
            style_hides(&decode_attr(style))
        } else {
            style_hides(style)
        };
        if hides {
            return true;
        }
    }
    // <font color> equal to a bgcolor on the same element is rare; only style is checked.
    false
}

// ---------------------------------------------------------------------------------------------
// The scanner.

struct Scanner<'a> {
    html: &'a str,
    want_all: bool,
    want_text: bool,
    stack: Vec<Open<'a>>,
    /// Open elements beyond MAX_DEPTH (not tracked).
    overflow: usize,
    hidden: usize,
    /// A `<head>` is open.
    in_head: bool,
    text: TextOut,
    anchors: Vec<Anchor>,
    /// Anchor being filled: index into `anchors` and its text.
    current: Option<(usize, TextOut)>,
    img_alts: Vec<String>,
    base_href: Option<String>,
    /// Attribute storage reused from tag to tag.
    attr_buf: Vec<Attr<'a>>,
}

impl<'a> Scanner<'a> {
    fn visible(&self) -> bool {
        self.hidden == 0 && !self.stack.last().is_some_and(|o| o.tiny)
    }

    fn emit_str(&mut self, t: &str) {
        if self.want_text {
            self.text.push_str(t);
        }
        if let Some((_, ref mut at)) = self.current
            && at.s.len() < MAX_ANCHOR_TEXT
        {
            at.push_str(clip(t, MAX_ANCHOR_TEXT));
        }
    }

    fn emit_char(&mut self, c: char) {
        if self.want_text {
            self.text.push_char(c);
        }
        if let Some((_, ref mut at)) = self.current
            && at.s.len() < MAX_ANCHOR_TEXT
        {
            at.push_char(c);
        }
    }

    fn text_chunk(&mut self, t: &str) {
        if !self.visible() || t.is_empty() || (!self.want_text && self.current.is_none()) {
            return;
        }
        work(t.len());
        let mut rest = t;
        while let Some(p) = memchr::memchr(b'&', rest.as_bytes()) {
            self.emit_str(&rest[..p]);
            let tail = &rest[p..];
            let n = match entity(tail, false) {
                Some((Decoded::Char(c), n)) => {
                    self.emit_char(c);
                    n
                }
                Some((Decoded::Str(s), n)) => {
                    self.emit_str(s);
                    n
                }
                None => {
                    self.emit_char('&');
                    1
                }
            };
            rest = tail.get(n..).unwrap_or("");
        }
        self.emit_str(rest);
    }

    fn finish_anchor(&mut self) {
        if let Some((idx, t)) = self.current.take()
            && let Some(a) = self.anchors.get_mut(idx)
        {
            a.text = t.s;
        }
    }

    fn push(&mut self, name: &'a str, hidden: bool, font: Option<bool>) {
        if self.stack.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        if hidden {
            self.hidden += 1;
        }
        let inherited = self.stack.last().is_some_and(|o| o.tiny);
        let tiny = font.unwrap_or(inherited);
        self.stack.push(Open { name, hidden, tiny });
    }

    fn pop_to(&mut self, name: &str) -> bool {
        let found = self
            .stack
            .iter()
            .rposition(|o| o.name.eq_ignore_ascii_case(name));
        work(self.stack.len() - found.unwrap_or(0));
        let Some(pos) = found else {
            return false;
        };
        for o in self.stack.drain(pos..) {
            if o.hidden {
                self.hidden -= 1;
            }
        }
        true
    }

    fn start_tag(&mut self, tag: &Tag<'a>, el: Element) {
        let name = tag.name;
        if el.block {
            self.text.block();
            if let Some((_, ref mut at)) = self.current {
                at.space = true;
            }
        } else if el.cell {
            self.text.space = true;
        }
        if self.in_head && !el.head_content {
            // <body>, or any body content, ends an unclosed <head> (as in browsers).
            self.pop_to("head");
            self.in_head = false;
        }
        if el.closes_same
            && self
                .stack
                .last()
                .is_some_and(|o| o.name.eq_ignore_ascii_case(name))
        {
            self.pop_to(name);
        }
        let is_a = el.named == Named::A;
        if is_a {
            // Anchors do not nest: a new one ends the previous one.
            self.finish_anchor();
            self.pop_to("a");
        }
        if self.want_all {
            if (is_a || el.named == Named::Area)
                && let Some(href) = tag.attr("href")
            {
                let mut anchor = Anchor {
                    href: url_attr(href),
                    ..Anchor::default()
                };
                if !is_a {
                    if let Some(alt) = tag.attr("alt") {
                        let alt = collapse(&decode_attr(alt));
                        if !alt.is_empty() {
                            anchor.img_alts.push(alt);
                        }
                    }
                    self.anchors.push(anchor);
                } else {
                    self.anchors.push(anchor);
                    self.current = Some((self.anchors.len() - 1, TextOut::default()));
                }
            } else if el.named == Named::Img {
                if let Some(alt) = tag.attr("alt") {
                    let alt = collapse(&decode_attr(clip(alt, 1024)));
                    if !alt.is_empty() {
                        if let Some((idx, _)) = self.current
                            && let Some(a) = self.anchors.get_mut(idx)
                            && a.img_alts.len() < 16
                        {
                            a.img_alts.push(alt.clone());
                        }
                        self.img_alts.push(alt);
                    }
                }
            } else if el.named == Named::Base
                && self.base_href.is_none()
                && let Some(h) = tag.attr("href")
            {
                self.base_href = Some(decode_attr(h).trim().to_string());
            }
        }
        if el.void {
            return;
        }
        let is_head = el.named == Named::Head;
        if is_head {
            if self.in_head {
                return;
            }
            self.in_head = true;
        }
        let hidden = is_head || tag_hides(tag, el);
        self.push(name, hidden, font_state(tag));
    }

    fn end_tag(&mut self, name: &str) {
        let el = element(name);
        if el.named == Named::Head {
            self.in_head = false;
        }
        if el.named == Named::A {
            self.finish_anchor();
        }
        if el.block {
            self.text.block();
        } else if el.cell {
            self.text.space = true;
        }
        if self.overflow > 0 {
            // Inside untracked deep nesting: the end tag closes one of those.
            self.overflow -= 1;
            return;
        }
        self.pop_to(name);
    }

    fn run(&mut self) {
        let h = self.html;
        let b = h.as_bytes();
        let n = b.len();
        let mut i = 0;
        let mut text_start = 0;
        while i < n {
            let Some(p) = memchr::memchr(b'<', &b[i..]) else {
                work(n - i);
                break;
            };
            work(p + 1);
            let lt = i + p;
            let next = b.get(lt + 1).copied();
            let kind = match next {
                Some(c) if c.is_ascii_alphabetic() => 1,
                // `</` at the input's end is text.
                Some(b'/') if lt + 2 < n => 2,
                Some(b'!') | Some(b'?') => 3,
                _ => 0,
            };
            if kind == 0 {
                // A lone '<' is text.
                i = lt + 1;
                continue;
            }
            self.text_chunk(h.get(text_start..lt).unwrap_or(""));
            match kind {
                1 => {
                    let tag = parse_tag(h, lt, std::mem::take(&mut self.attr_buf));
                    i = tag.end;
                    // A tag cut off by the input's end is dropped, as browsers do.
                    if tag.closed {
                        let el = element(tag.name);
                        self.start_tag(&tag, el);
                        // Raw text runs to its end tag, found as browsers find it: `plaintext`
                        // never ends, a script's `<!-- <script> -->` section hides end tags.
                        if el.raw_hidden {
                            i = if tag.name.eq_ignore_ascii_case("plaintext") {
                                n
                            } else if tag.name.eq_ignore_ascii_case("script") {
                                find_script_end(b, i).unwrap_or(n)
                            } else {
                                find_end_tag(h, i, tag.name).unwrap_or(n)
                            };
                        }
                    }
                    self.attr_buf = tag.attrs;
                }
                2 => {
                    if b.get(lt + 2).is_some_and(|c| c.is_ascii_alphabetic()) {
                        let tag = parse_tag(h, lt, std::mem::take(&mut self.attr_buf));
                        i = tag.end;
                        if tag.closed {
                            self.end_tag(tag.name);
                        }
                        self.attr_buf = tag.attrs;
                    } else {
                        // `</>` or `</ junk>`: a bogus comment up to '>'.
                        i = skip_past(b, lt + 2, b'>');
                    }
                }
                _ => {
                    if b.get(lt + 2..lt + 4) == Some(b"--") {
                        let s = lt + 4;
                        // `<!-->` and `<!--->` end at once.
                        if b.get(s) == Some(&b'>') {
                            i = s + 1;
                        } else if b.get(s..s + 2) == Some(b"->") {
                            i = s + 2;
                        } else {
                            i = comment_end(b, s);
                        }
                    } else {
                        i = skip_past(b, lt + 2, b'>');
                    }
                }
            }
            text_start = i.min(n);
        }
        self.text_chunk(h.get(text_start..).unwrap_or(""));
        self.finish_anchor();
    }
}

/// Just past the end of a comment whose text starts at `from`: the first `-->` or `--!>` (browsers
/// close a comment at either), or the input's end.
fn comment_end(b: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(p) = find(b, at, b"--") {
        match b.get(p + 2) {
            Some(b'>') => return p + 3,
            Some(b'!') if b.get(p + 3) == Some(&b'>') => return p + 4,
            _ => at = p + 1,
        }
    }
    b.len()
}

fn skip_past(b: &[u8], from: usize, c: u8) -> usize {
    let end = match b.get(from..).and_then(|t| memchr::memchr(c, t)) {
        Some(p) => from + p + 1,
        None => b.len(),
    };
    work(end.saturating_sub(from));
    end
}

/// First `needle` in `b` at or after `from`.
pub fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let found = memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p);
    work(found.map_or(b.len(), |p| p + needle.len()) - from);
    found
}

fn scan(html: &str, want_all: bool, want_text: bool) -> Document {
    let mut s = Scanner {
        html,
        want_all,
        want_text,
        stack: Vec::new(),
        overflow: 0,
        hidden: 0,
        in_head: false,
        text: TextOut {
            s: String::with_capacity(if want_text { html.len() / 4 } else { 0 }),
            ..TextOut::default()
        },
        anchors: Vec::new(),
        current: None,
        img_alts: Vec::new(),
        base_href: None,
        attr_buf: Vec::with_capacity(16),
    };
    s.run();
    // The capacity was a guess (a quarter of the HTML): give back what the text did not use,
    // keeping one spare byte so that parse.rs can prepend its "\n" separator in place.
    let len = s.text.s.len();
    s.text.s.shrink_to(len + 1);
    Document {
        text: s.text.s,
        anchors: s.anchors,
        img_alts: s.img_alts,
        base_href: s.base_href,
    }
}

#[cfg(test)]
mod tests {

    /// The per-question predicates `element` replaced, kept as the reference it is tested against.
    mod reference {
        /// `name` lower-cased into `buf` (None when longer than any element name we know). Bytes, not
        /// a `str`: asked for every tag, and the element names below are ASCII.
        fn lower<'b>(name: &str, buf: &'b mut [u8; 12]) -> Option<&'b [u8]> {
            if name.len() > buf.len() {
                return None;
            }
            for (d, c) in buf.iter_mut().zip(name.bytes()) {
                *d = c.to_ascii_lowercase();
            }
            Some(&buf[..name.len()])
        }

        pub fn is_void(name: &str) -> bool {
            let mut b = [0; 12];
            matches!(
                lower(name, &mut b),
                Some(
                    b"area"
                        | b"base"
                        | b"br"
                        | b"col"
                        | b"embed"
                        | b"hr"
                        | b"img"
                        | b"input"
                        | b"link"
                        | b"meta"
                        | b"param"
                        | b"source"
                        | b"track"
                        | b"wbr"
                        | b"keygen"
                        | b"frame"
                        | b"basefont"
                        | b"bgsound"
                )
            )
        }

        /// Elements whose content is raw text up to the matching end tag, and never shown.
        pub fn is_raw_hidden(name: &str) -> bool {
            let mut b = [0; 12];
            matches!(
                lower(name, &mut b),
                Some(
                    b"script"
                        | b"style"
                        | b"title"
                        | b"xmp"
                        | b"iframe"
                        | b"noembed"
                        | b"noframes"
                        | b"textarea"
                        | b"template"
                        | b"plaintext"
                )
            )
        }

        pub fn is_block(name: &str) -> bool {
            let mut b = [0; 12];
            matches!(
                lower(name, &mut b),
                Some(
                    b"p" | b"div"
                        | b"br"
                        | b"li"
                        | b"tr"
                        | b"h1"
                        | b"h2"
                        | b"h3"
                        | b"h4"
                        | b"h5"
                        | b"h6"
                        | b"table"
                        | b"tbody"
                        | b"thead"
                        | b"tfoot"
                        | b"ul"
                        | b"ol"
                        | b"dl"
                        | b"dt"
                        | b"dd"
                        | b"blockquote"
                        | b"pre"
                        | b"hr"
                        | b"section"
                        | b"article"
                        | b"header"
                        | b"footer"
                        | b"center"
                        | b"form"
                        | b"address"
                        | b"figure"
                        | b"figcaption"
                        | b"nav"
                        | b"main"
                        | b"aside"
                        | b"body"
                        | b"html"
                        | b"caption"
                        | b"fieldset"
                        | b"legend"
                        | b"details"
                        | b"summary"
                        | b"option"
                        | b"hgroup"
                )
            )
        }

        /// Elements that may stay inside `<head>`.
        pub fn is_head_content(name: &str) -> bool {
            let mut b = [0; 12];
            matches!(
                lower(name, &mut b),
                Some(
                    b"title"
                        | b"meta"
                        | b"link"
                        | b"style"
                        | b"script"
                        | b"base"
                        | b"noscript"
                        | b"template"
                        | b"head"
                        | b"basefont"
                        | b"bgsound"
                )
            )
        }

        /// Cells are separated by a space rather than a line.
        pub fn is_cell(name: &str) -> bool {
            name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th")
        }

        /// Elements that close an open element of the same name when they start (`<p>..<p>`).
        pub fn closes_same(name: &str) -> bool {
            let mut b = [0; 12];
            matches!(
                lower(name, &mut b),
                Some(b"p" | b"li" | b"td" | b"th" | b"tr" | b"option" | b"dt" | b"dd" | b"a")
            )
        }
    }

    #[test]
    fn element_answers_like_the_old_predicates() {
        use super::{Named, element};
        use reference::*;
        let mut names: Vec<String> = Vec::new();
        for n in [
            "a",
            "area",
            "img",
            "base",
            "head",
            "input",
            "plaintext",
            "br",
            "hr",
            "p",
            "li",
            "tr",
            "option",
            "dt",
            "dd",
            "td",
            "th",
            "script",
            "style",
            "title",
            "template",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "textarea",
            "meta",
            "link",
            "basefont",
            "bgsound",
            "noscript",
            "col",
            "embed",
            "param",
            "source",
            "track",
            "wbr",
            "keygen",
            "frame",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "tbody",
            "thead",
            "tfoot",
            "ul",
            "ol",
            "dl",
            "blockquote",
            "pre",
            "section",
            "article",
            "header",
            "footer",
            "center",
            "form",
            "address",
            "figure",
            "figcaption",
            "nav",
            "main",
            "aside",
            "body",
            "html",
            "caption",
            "fieldset",
            "legend",
            "details",
            "summary",
            "hgroup",
            "span",
            "font",
            "b",
            "",
            "x",
            "o:p",
            "h7",
            "tdx",
            "blockquotes",
            "verylongelementname",
            "ı",
            "ſcript",
        ] {
            names.push(n.to_string());
            names.push(n.to_ascii_uppercase());
        }
        for n in &names {
            let e = element(n);
            let named = |k: &str| n.eq_ignore_ascii_case(k);
            assert_eq!(e.block, is_block(n) || named("br"), "{n}");
            assert_eq!(e.cell, is_cell(n), "{n}");
            assert_eq!(e.void, is_void(n), "{n}");
            assert_eq!(e.raw_hidden, is_raw_hidden(n), "{n}");
            assert_eq!(e.head_content, is_head_content(n), "{n}");
            assert_eq!(e.closes_same, closes_same(n), "{n}");
            let want = [
                ("a", Named::A),
                ("area", Named::Area),
                ("img", Named::Img),
                ("base", Named::Base),
                ("head", Named::Head),
                ("input", Named::Input),
            ]
            .into_iter()
            .find(|(k, _)| named(k))
            .map_or(Named::Other, |(_, v)| v);
            assert_eq!(e.named, want, "{n}");
        }
    }
    #[test]
    fn declarations_split_like_str_split() {
        let many = "a:b;".repeat(70);
        for style in [
            "",
            ";",
            "color:red",
            "color:red;",
            " display : none ; ;x;y:z:w",
            "background:url(a;b)",
            "日本:語;フォント:ゼロ",
            many.as_str(),
        ] {
            let want: Vec<(&str, &str)> = style
                .split(';')
                .take(64)
                .filter_map(|d| d.split_once(':'))
                .collect();
            assert_eq!(
                super::declarations(style).collect::<Vec<_>>(),
                want,
                "{style}"
            );
        }
    }

    #[test]
    fn style_property_names_in_any_case() {
        use super::{Prop, prop};
        assert!(prop("DISPLAY") == Some(Prop::Display));
        assert!(prop("Max-Width") == Some(Prop::BoxSize));
        assert!(prop("background-COLOR") == Some(Prop::Background));
        assert!(prop("background-colour").is_none());
        assert!(prop("font-family").is_none());
        assert!(prop("dİsplay").is_none());
        assert!(prop("").is_none());
        assert!(super::style_hides("COLOR:#FFF;Background:white !important"));
        assert!(super::style_hides("max-height:0;overflow:hidden"));
        assert!(super::style_hides("display:none!important"));
        assert!(!super::style_hides(
            "display:block;color:#000;background:#fff"
        ));
    }

    #[test]
    fn font_size_pre_check_finds_every_spelling() {
        for style in [
            "font-size:0",
            "FONT-SIZE: 1px",
            "color:red; Font-Size:0 !important",
            "x-font-size:0",
            "-font-size",
        ] {
            assert!(super::mentions_font_size(style), "{style}");
        }
        for style in [
            "",
            "-",
            "font-",
            "font size:0",
            "fontsize:0",
            "font-siz",
            "ont-size",
            "font\u{2010}size:0",
            "display:none; -webkit-text-size-adjust:none",
        ] {
            assert!(!super::mentions_font_size(style), "{style}");
        }
    }

    #[test]
    fn tiny_length_reads_numbers_like_f32() {
        let cases = [
            "1",
            "1.",
            "1.0",
            "01.000",
            ".5",
            "0",
            "",
            ".",
            "1..2",
            "2",
            "0.1",
            "0.10000000",
            "0.1000000052154064178466796875",
            "0.1000000052154064178466796874",
            "0.10000001",
            "0.100000005",
            "1.000000059604644775390625",
            "1.000000059604644775390626",
            "1.00000005960464477539062",
            "10",
            "10.000000476837158203125",
            "10.000000476837158203126",
            "9.99999999",
            "10.5",
            "100000000000000000000000000000000000000000",
            "0.0000000000000000000000000000000000000000000000001",
        ];
        for n in cases {
            for unit in ["px", "pt", "em", "rem", "%", "vh"] {
                let expected = match (n.parse::<f32>(), unit) {
                    (Ok(x), "px" | "pt") => x <= 1.0,
                    (Ok(x), "em" | "rem") => x <= 0.1,
                    (Ok(x), "%") => x <= 10.0,
                    _ => false,
                };
                let v = format!("{n}{unit}");
                assert_eq!(tiny_length(&v), expected || is_zero(&v), "{v}");
            }
        }
    }

    use super::*;

    #[test]
    fn drops_tags_comments_scripts_styles_head_and_title() {
        let h = "<html><head><title>T1</title><style>p{color:red}</style></head>\
                 <body><!-- secret --><p>Hello <b>world</b></p><script>var x='<p>no</p>';</script>\
                 <div>Bye</div></body></html>";
        assert_eq!(visible_text(h), "Hello world\nBye");
        assert_eq!(
            visible_text("<head><title>t</title><p>Body without body tag"),
            "Body without body tag"
        );
    }

    #[test]
    fn hidden_elements_are_dropped() {
        let h = r#"<p>A</p><div style="display: none !important">B</div><span hidden>C</span>
            <span style="visibility:hidden">D</span><span style="font-size:0px">E</span>
            <span style="font-size:1px">F</span><span style="color:#fff;background-color:#FFFFFF">G</span><i style="color: white; background: #ffffff url(x.png) no-repeat">G2</i>
            <i style="color:#000;background:#fff">visible</i>
            <div style="max-height:0;overflow:hidden;mso-hide:all">H</div><span style="opacity:0">I</span>
            <p style="font-size:14px;color:#333">J</p>
            <div style="font-size:0px"><div style="font-size:16px">K</div>L</div>"#;
        // MJML: a tiny wrapper size reset by a child keeps the child visible (K), not L
        assert_eq!(visible_text(h), "A\nvisible\nJ\nK");
    }

    #[test]
    fn hidden_parent_hides_nested_and_unclosed_children_but_ends() {
        let h = r#"<div style="display:none"><p>x<p>y<span>z</div>after"#;
        assert_eq!(visible_text(h), "after");
    }

    #[test]
    fn entities_named_numeric_and_legacy() {
        assert_eq!(
            visible_text("a&amp;b &lt;c&gt; &#65;&#x42;&#X43; &copy &hellip; &unknown; &#0;"),
            "a&b <c> ABC © … &unknown; \u{fffd}"
        );
        assert_eq!(visible_text("&#99999999999999999999;"), "\u{fffd}");
        assert_eq!(visible_text("&#xD800;"), "\u{fffd}");
        assert_eq!(
            visible_text("Am&#8203;azon Am\u{200b}a&zwnj;zon"),
            "Amazon Amazon"
        );
    }

    #[test]
    fn white_space_and_blocks() {
        assert_eq!(visible_text("  a \n\t b&nbsp;&nbsp;c  "), "a b c");
        assert_eq!(visible_text("a<br>b<br/><br>c"), "a\nb\nc");
        assert_eq!(
            visible_text("<table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>"),
            "x y\nz"
        );
        assert_eq!(visible_text("a<b>c</b>d"), "acd");
    }

    #[test]
    fn anchors_with_text_alts_and_entities() {
        let h = r#"<a href="https://a.example/?x=1&amp;y=2">Go <b>there</b></a>
            <A HREF='https://b.example/'><img src="x.png" alt=" Logo  B "></A>
            <a name="nohref">skip</a><a href=https://c.example/?p=1&copy=2>c</a>
            <map><area href="https://d.example/" alt="D"></map>"#;
        let a = anchors(h);
        assert_eq!(a.len(), 4);
        assert_eq!(a[0].href, "https://a.example/?x=1&y=2");
        assert_eq!(a[0].text, "Go there");
        assert_eq!(a[1].href, "https://b.example/");
        assert_eq!(a[1].text, "");
        assert_eq!(a[1].img_alts, vec!["Logo B".to_string()]);
        assert_eq!(a[2].href, "https://c.example/?p=1&copy=2");
        assert_eq!(a[3].href, "https://d.example/");
        assert_eq!(a[3].img_alts, vec!["D".to_string()]);
        assert_eq!(img_alts(h), vec!["Logo B".to_string()]);
    }

    #[test]
    fn unclosed_anchor_is_ended_by_next_anchor() {
        let a = anchors(r#"<a href="x">one <a href="y">two</a> three"#);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].text, "one");
        assert_eq!(a[1].text, "two");
    }

    #[test]
    fn base_href_is_first_base() {
        let h = r#"<head><base href=" https://evil.example/x/ "><base href="https://b/"></head>"#;
        assert_eq!(base_href(h).as_deref(), Some("https://evil.example/x/"));
        assert_eq!(base_href("<p>none</p>"), None);
    }

    #[test]
    fn conditional_comments_and_doctype() {
        let h = "<!DOCTYPE html><?xml version='1.0'?><!--[if mso]>MSO<![endif]-->\
                 <!--[if !mso]><!-->shown<!--<![endif]--><!-->x<!--->y";
        assert_eq!(visible_text(h), "shownxy");
    }

    #[test]
    fn comments_end_at_the_first_close_browsers_accept() {
        assert_eq!(visible_text("a<!-- x --!>b"), "ab");
        assert_eq!(visible_text("a<!----!>b"), "ab");
        assert_eq!(visible_text("a<!-- x --!-->b"), "ab");
        assert_eq!(visible_text("a<!-- x ---!>b<!-- y --->c"), "abc");
        assert_eq!(visible_text("a<!-- x -- >c-->b"), "ab");
        assert_eq!(visible_text("a<!---!>b-->c"), "ac");
    }

    #[test]
    fn tags_cut_off_by_the_end_are_dropped_and_a_last_end_tag_opener_is_text() {
        for h in [
            "t<a href=\"x",
            "t<a href=x",
            "t<a href='x' ",
            "t<img alt=\"a",
            "t<base href=x",
            "t<a href=\"x\" <b",
        ] {
            let d = read(h);
            assert_eq!(d.text, "t", "{h:?}");
            assert_eq!((d.anchors.len(), d.img_alts.len()), (0, 0), "{h:?}");
            assert_eq!(d.base_href, None, "{h:?}");
        }
        assert_eq!(visible_text("<div hidden>x</div"), "");
        assert_eq!(visible_text("a</"), "a</");
        assert_eq!(visible_text("a</>b</ c>d"), "abd");
    }

    #[test]
    fn carriage_returns_in_attribute_values_are_line_feeds() {
        let a = anchors("<a href=\"x\r\ny\rz\r\r\nw&amp;\r\">t</a>");
        assert_eq!(a[0].href, "x\ny\nz\n\nw&");
    }

    #[test]
    fn attributes_read_after_64_others() {
        let junk: String = (0..70).map(|i| format!(" x{i}=\"{i}\"")).collect();
        let a = anchors(&format!(
            "<a{junk} HREF=\"https://late.example/\" href=y>t</a>"
        ));
        assert_eq!(a[0].href, "https://late.example/");
        let h = format!(
            "<img{junk} alt=\"late\"><div{junk} hidden>h</div><p{junk} style=\"display:none\">h</p>v"
        );
        assert_eq!(read(&h).img_alts, ["late"]);
        assert_eq!(visible_text(&h), "v");
    }

    #[test]
    fn plaintext_runs_to_the_end() {
        assert_eq!(visible_text("a<plaintext>x</plaintext>b<p>c"), "a");
        assert_eq!(anchors("<plaintext></plaintext><a href=x>t</a>").len(), 0);
    }

    #[test]
    fn script_ends_as_in_browsers() {
        for (h, text) in [
            ("<script>x</script>v", "v"),
            ("<SCRIPT>x</SCRIPT >v", "v"),
            ("<script>x</scriptx>y</script>v", "v"),
            ("<script><!-- x --></script>v", "v"),
            ("<script><!--<script>x</script>hidden--></script>v", "v"),
            ("<script><!--<script>x</script>-->y</script>v", "v"),
            ("<script><!--<SCRIPT>x</SCRIPT>--></script>v", "v"),
            ("<script><!--<script>x</script>y</script>v", "v"),
            ("<script><!--<scriptx>y</script>v", "v"),
            ("<script><!-->y</script>v", "v"),
            ("<script><!--->y</script>v", "v"),
            ("<script><!--<script>-->y</script>v", "v"),
            ("<script>a<!--b</script>v", "v"),
            ("<script><!--<script>x</script>never closed", ""),
            ("<script><!--<script>x", ""),
        ] {
            assert_eq!(visible_text(h), text, "{h:?}");
        }
        let a = anchors("<script><!--<script></script>--><a href=x></script><a href=y>t</a>");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].href, "y");
    }

    #[test]
    fn c1_numeric_references_are_windows_1252() {
        assert_eq!(
            visible_text("&#128;&#x82;&#x83;&#133;&#x8C;&#x8E;&#x99;&#x9C;&#x9E;&#x9F;&#150;"),
            "€‚ƒ…ŒŽ™œžŸ–"
        );
        // The five without a Windows-1252 character stay C1 controls.
        assert_eq!(
            visible_text("&#x81;&#x8D;&#x8F;&#x90;&#x9D;"),
            "\u{81}\u{8d}\u{8f}\u{90}\u{9d}"
        );
        assert_eq!(anchors("<a href=\"?&#x9f;&#156;\">t</a>")[0].href, "?Ÿœ");
    }

    #[test]
    fn hrefs_are_trimmed_after_decoding() {
        let a = anchors(
            "<a href=\"&#32;javascript:x&#10;\">t</a><a href=' &#x9;https://x.example/ '>u</a>",
        );
        assert_eq!(a[0].href, "javascript:x");
        assert_eq!(a[1].href, "https://x.example/");
        assert_eq!(
            base_href("<base href=\"&#32;https://b.example/\">").as_deref(),
            Some("https://b.example/")
        );
    }

    #[test]
    fn named_references_as_browsers_match_them() {
        assert_eq!(
            visible_text("&amp &ampx &amp; &AMP; &AMP &QUOT; &ltx"),
            "& &x & & & \" <x"
        );
        // The longest name wins; without a semicolon only legacy names count.
        assert_eq!(
            visible_text("&notin; &not &notit; &notin &not; &notinva;"),
            "∉ ¬ ¬it; ¬in ¬ ∉"
        );
        assert_eq!(
            visible_text("&eacute &Eacute; &eacutex &times2 &frac12x &hellip &hellip;"),
            "é É éx ×2 ½x &hellip …"
        );
        assert_eq!(
            visible_text("transaç&atilde;o N&ordm; venerd&igrave; &Aacute; &Oslash; &aring;"),
            "transação Nº venerdì Á Ø å"
        );
        // Letters that spell words, and invisible characters that split them.
        assert_eq!(
            visible_text(
                "&Popf;&aopf;&yopf;&Popf;&aopf;&lopf; p&acy;yp&alpha;l Pay&ZeroWidthSpace;Pal"
            ),
            "ℙ𝕒𝕪ℙ𝕒𝕝 pаypαl PayPal"
        );
        assert_eq!(
            visible_text("paypal&period;com &dollar;5 &unknown; &rArr;"),
            "paypal.com $5 &unknown; &rArr;"
        );
        // In attributes a legacy name followed by `=` or a letter or digit stays as written.
        let a = anchors(
            r#"<a href="?a=1&not=2&notin;&copy&amp=1&notx&nbsp">t</a><img alt="&eacute &notin;">"#,
        );
        assert_eq!(a[0].href, "?a=1&not=2∉©&amp=1&notx\u{a0}");
        assert_eq!(img_alts(r#"<img alt="&eacute &notin;">"#), ["é ∉"]);
    }

    #[test]
    fn named_reference_records_are_sorted_and_found() {
        let recs: Vec<&str> = entities::NAMED.split_terminator('\x01').collect();
        assert!(recs.len() > 650, "{}", recs.len());
        let names: Vec<&str> = recs
            .iter()
            .map(|r| &r[..r.find([';', ':']).expect("marker")])
            .collect();
        assert!(names.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        for (r, n) in recs.iter().zip(&names) {
            let (v, legacy) = named(n.as_bytes()).expect(n);
            assert_eq!(v, &r[n.len() + 1..], "{n}");
            assert_eq!(legacy, r.as_bytes()[n.len()] == b':', "{n}");
            assert!(
                n.bytes().all(|c| c.is_ascii_alphanumeric()) && n.len() <= 31,
                "{n}"
            );
        }
        assert_eq!(
            names
                .iter()
                .filter(|n| named(n.as_bytes()).unwrap().1)
                .count(),
            106
        );
        for missing in ["", "a", "zzzz", "AMPx", "notinx", "Aacut"] {
            assert_eq!(named(missing.as_bytes()), None, "{missing}");
        }
    }

    #[test]
    fn hostile_unclosed_constructs_do_not_panic() {
        for h in [
            "<",
            "<a",
            "<a href=\"",
            "<a href='x",
            "<!--",
            "<!--x",
            "<!",
            "</",
            "</a",
            "<script>",
            "<script>alert(1)",
            "<style",
            "&",
            "&#",
            "&#x",
            "&#x110000;",
            "&amp",
            "<a href=&",
            "\0<\0>\0",
            "<p style=\"color:\">x",
            "<div style='font-size:'>y",
            "<a\0href=x>z</a>",
            "<ä>ö</ä>",
            "<a href=\"x\" <b>",
            "<<<<>>>>",
            "</>",
            "< p>",
            "<td>",
            "<base href>",
        ] {
            let d = read(h);
            let _ = d.text.len() + d.anchors.len();
        }
        assert_eq!(visible_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(visible_text("x<!-- never closed <p>hidden"), "x");
        assert_eq!(visible_text("x<script>never closed"), "x");
        assert_eq!(visible_text("a\0b"), "ab");
    }

    /// The scanner's work on `h` (see [`work`]), for `read` and `read_links`, checked to be
    /// linear: at most `PER_BYTE` steps per input byte. A quadratic blow-up on these inputs
    /// (hundreds of thousands of repeats) would be thousands of steps per byte. Deterministic:
    /// time is measured by the benches (benches/hot_paths.rs), never asserted here.
    fn linear(label: &str, h: &str) -> Document {
        const PER_BYTE: usize = 8;
        let mut doc = Document::default();
        for (f, which) in [
            (read as fn(&str) -> Document, "read"),
            (read_links, "read_links"),
        ] {
            WORK.with(|w| w.set(0));
            doc = f(h);
            let steps = WORK.with(|w| w.get());
            assert!(
                steps <= PER_BYTE * h.len().max(1),
                "{label} ({which}): {steps} steps for {} bytes",
                h.len()
            );
        }
        doc
    }

    #[test]
    fn hostile_inputs_stay_linear() {
        let mb = "x".repeat(1 << 20);
        linear("1 MB line", &mb);
        linear("unclosed comments", &"<!--".repeat(200_000));
        linear("unclosed quotes", &"<a href=\"".repeat(200_000));
        linear("script openers", &"<script>".repeat(100_000));
        linear(
            "escaped script",
            &format!("<script>{}", "<!--<script>--></script>-".repeat(40_000)),
        );
        linear(
            "raw end tag search",
            &format!("<style>{}", "</styl".repeat(100_000)),
        );
        linear("deep nesting", &"<div>".repeat(200_000));
        linear(
            "deep nesting then stray ends",
            &format!("{}{}", "<div>".repeat(100_000), "</span>".repeat(100_000)),
        );
        linear("lt soup", &"<".repeat(500_000));
        linear("entities", &"&#x41;&amp;&bogus".repeat(100_000));
        linear("nul", &"\0".repeat(1 << 20));
        let links: String = (0..10_000)
            .map(|i| format!("<a href=\"https://x{i}.example/\">link {i}</a>"))
            .collect();
        let a = linear("10,000 links", &links).anchors;
        assert_eq!(a.len(), 10_000);
        assert_eq!(a[9_999].text, "link 9999");
    }

    #[test]
    fn anchor_text_is_clipped_and_read_links_matches_read() {
        let h = format!("<a href=x>{}</a><p>t</p>", "y".repeat(100_000));
        let a = anchors(&h);
        assert!(
            a[0].text.len() <= MAX_ANCHOR_TEXT * 2,
            "{}",
            a[0].text.len()
        );
        let h = r#"<base href="https://b.example/"><a href="/x">A &amp; B</a><img alt="L">"#;
        let (r, l) = (read(h), read_links(h));
        assert_eq!(r.anchors, l.anchors);
        assert_eq!(r.img_alts, l.img_alts);
        assert_eq!(r.base_href, l.base_href);
        assert_eq!(l.text, "");
        assert_eq!(r.text, "A & B");
    }

    #[test]
    fn deep_nesting_keeps_working_after_cap() {
        let h = format!(
            "{}deep{}<p style='display:none'>h</p><p>after</p>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        assert_eq!(visible_text(&h), "deep\nafter");
    }

    #[test]
    fn text_runs_are_copied_as_if_char_by_char() {
        let pieces = [
            "abc", " ", "\n", "\t", "\u{a0}", "\u{200b}", "日本", "x.y", "\0", "&", "!!",
            "\u{feff}", "  ", "Ü", "\r\n",
        ];
        // Every string of up to 3 pieces, pushed whole and pushed char by char, with and
        // without a pending space or line break before it.
        let mut inputs = vec![String::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for s in &inputs {
                for p in pieces {
                    next.push(format!("{s}{p}"));
                }
            }
            inputs.extend(next);
        }
        for t in &inputs {
            for (space, newline, start) in
                [(false, false, ""), (true, false, "a"), (false, true, "a")]
            {
                let mut whole = TextOut {
                    s: start.to_string(),
                    space,
                    newline,
                };
                let mut by_char = TextOut {
                    s: start.to_string(),
                    space,
                    newline,
                };
                whole.push_str(t);
                t.chars().for_each(|c| by_char.push_char(c));
                assert_eq!(whole.s, by_char.s, "{t:?}");
                assert_eq!(
                    (whole.space, whole.newline),
                    (by_char.space, by_char.newline)
                );
            }
        }
    }
}
