//! The browser's reading of HTML, as the reference the scanner is compared with (issue #15):
//! html5gum, a WHATWG-conformant tokenizer, plus the tokenizer state switches that the WHATWG
//! tree builder makes (`<script>`, `<style>`, `<title>`, `<textarea>`, `<plaintext>` ...).
//!
//! [`canonical`] writes html5gum's tokens back as HTML that leaves the scanner no choice to make:
//! comments and doctypes dropped, every attribute double-quoted and escaped, the first of
//! duplicate attributes kept, `&` and `<` in text escaped, entities already decoded by html5gum.
//! Reading that with the scanner applies the scanner's own rules (what is hidden, white space,
//! blocks) to the browser's tokens, so that [`compare`] reports tokenisation differences only.
//! [`hrefs`] reads the links from the tokens directly, without the scanner.
//!
//! Shared by tests/whatwg.rs and examples/whatwg_compare.rs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use honmono_html::{Document, read};
use html5gum::{DefaultEmitter, State, Token, Tokenizer};

fn lossy(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// The tokenizer state that the tree builder switches to after a start tag (scripting disabled,
/// as in mail readers: `<noscript>` content is markup; HTML content, not SVG or MathML).
fn next_state(name: &str) -> Option<State> {
    match name {
        "title" | "textarea" => Some(State::RcData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(State::RawText),
        "script" => Some(State::ScriptData),
        "plaintext" => Some(State::PlainText),
        _ => None,
    }
}

fn escape(s: &str, attr: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' if !attr => out.push_str("&lt;"),
            '"' if attr => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// One html5gum token as the tests need it (owned, lossy UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

/// The attributes the scanner reads.
const READ: &[&[u8]] = &[b"href", b"alt", b"style", b"hidden", b"type"];

/// The tokens of `html` as the browser's tokenizer reads them (comments, doctypes and parse
/// errors left out; the first of duplicate attributes kept).
pub fn tokens(html: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut tok = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    while let Some(t) = tok.next() {
        let Ok(t) = t;
        match t {
            Token::StartTag(tag) => {
                let name = lossy(&tag.name).into_owned();
                if let Some(s) = next_state(&name) {
                    tok.set_state(s);
                }
                // Source order, except that the attributes the scanner reads come first: once
                // duplicates are resolved order means nothing to a browser, and the scanner
                // keeps a bounded number of attributes per tag.
                let mut attrs: Vec<_> = tag.attributes.iter().collect();
                attrs.sort_by_key(|(k, v)| (!READ.contains(&k.as_slice()), v.span.start));
                let attrs = attrs
                    .into_iter()
                    .map(|(k, v)| (lossy(k).into_owned(), lossy(&v.value).into_owned()))
                    .collect();
                out.push(Tok::Start(name, attrs));
            }
            Token::EndTag(tag) => out.push(Tok::End(lossy(&tag.name).into_owned())),
            Token::String(s) => match out.last_mut() {
                Some(Tok::Text(t)) => t.push_str(&lossy(&s.value)),
                _ => out.push(Tok::Text(lossy(&s.value).into_owned())),
            },
            _ => {}
        }
    }
    out
}

/// html5gum's tokens of `html`, written back as HTML that the scanner cannot read two ways.
pub fn canonical(html: &str) -> String {
    canonical_of(&tokens(html), html.len())
}

fn canonical_of(tokens: &[Tok], len: usize) -> String {
    let mut out = String::with_capacity(len + len / 8);
    for t in tokens {
        match t {
            Tok::Start(name, attrs) => {
                out.push('<');
                out.push_str(name);
                for (k, v) in attrs {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape(v, true, &mut out);
                    out.push('"');
                }
                out.push('>');
            }
            Tok::End(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Tok::Text(t) => escape(t, false, &mut out),
        }
    }
    out
}

/// The href of every `<a>` and `<area>` that has one, read from the tokens alone (ASCII white
/// space trimmed, as the scanner does; `<template>` content is inert and left out).
pub fn hrefs(html: &str) -> Vec<String> {
    hrefs_of(&tokens(html))
}

fn hrefs_of(tokens: &[Tok]) -> Vec<String> {
    let mut v = Vec::new();
    let mut template = 0usize;
    for t in tokens {
        match t {
            Tok::Start(name, _) if name == "template" => template += 1,
            Tok::End(name) if name == "template" => template = template.saturating_sub(1),
            Tok::Start(name, attrs) if template == 0 && (name == "a" || name == "area") => {
                if let Some((_, h)) = attrs.iter().find(|(k, _)| k == "href") {
                    v.push(
                        h.trim_matches(|c: char| c.is_ascii_whitespace())
                            .to_string(),
                    );
                }
            }
            _ => {}
        }
    }
    v
}

/// How the scanner's reading of `html` differs from the browser's, one line per field that
/// differs (empty when they agree).
pub fn compare(html: &str) -> Vec<Difference> {
    let toks = tokens(html);
    let ours = read(html);
    let theirs = read(&canonical_of(&toks, html.len()));
    let mut d = Vec::new();
    if ours.text != theirs.text {
        d.push(Difference::new("text", &ours.text, &theirs.text));
    }
    let h = |doc: &Document| {
        doc.anchors
            .iter()
            .map(|a| a.href.clone())
            .collect::<Vec<_>>()
    };
    let (oh, th) = (h(&ours), h(&theirs));
    if oh != th {
        d.push(Difference::new("hrefs", &oh.join("\n"), &th.join("\n")));
    } else {
        let t = |doc: &Document| {
            doc.anchors
                .iter()
                .map(|a| format!("{} [{}]", a.text, a.img_alts.join("|")))
                .collect::<Vec<_>>()
                .join("\n")
        };
        if ours.anchors != theirs.anchors {
            d.push(Difference::new("anchor text", &t(&ours), &t(&theirs)));
        }
    }
    if ours.img_alts != theirs.img_alts {
        d.push(Difference::new(
            "img alts",
            &ours.img_alts.join("\n"),
            &theirs.img_alts.join("\n"),
        ));
    }
    if ours.base_href != theirs.base_href {
        d.push(Difference::new(
            "base href",
            ours.base_href.as_deref().unwrap_or("-"),
            theirs.base_href.as_deref().unwrap_or("-"),
        ));
    }
    let direct = hrefs_of(&toks);
    if direct != th {
        d.push(Difference::new(
            "hrefs (tokens vs canonical)",
            &th.join("\n"),
            &direct.join("\n"),
        ));
    }
    d
}

/// One field where the scanner and the browser read a document differently.
#[derive(Debug, Clone)]
pub struct Difference {
    pub field: &'static str,
    /// The scanner's value and the browser's, cut to the first difference (with context).
    pub ours: String,
    pub theirs: String,
}

impl Difference {
    fn new(field: &'static str, ours: &str, theirs: &str) -> Self {
        let (a, b) = around_first_difference(ours, theirs, 40);
        Difference {
            field,
            ours: a,
            theirs: b,
        }
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: scanner {:?} / browser {:?}",
            self.field, self.ours, self.theirs
        )
    }
}

/// `a` and `b` from a little before their first difference, `ctx` characters each side.
fn around_first_difference(a: &str, b: &str, ctx: usize) -> (String, String) {
    let common = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map(|((i, _), _)| i)
        .unwrap_or(a.len().min(b.len()));
    let cut = |s: &str| {
        let start = s[..common.min(s.len())]
            .char_indices()
            .rev()
            .nth(ctx)
            .map_or(0, |(i, _)| i);
        let t: String = s[start..].chars().take(2 * ctx).collect();
        if start > 0 { format!("…{t}") } else { t }
    };
    (cut(a), cut(b))
}

// ---------------------------------------------------------------------------------------------
// The corpora.

/// The folders of .eml files to compare on, found beside the repository (`../shared`, as on CI
/// and dev machines) or as the repository's own fixtures. None, with a printed note, when the
/// shared corpora are absent.
pub fn corpus_dirs() -> Option<Vec<PathBuf>> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = here.canonicalize().unwrap_or(here);
    let shared = repo.join("../shared");
    if !shared.join("corpus").is_dir() {
        eprintln!(
            "SKIPPED: no ../shared/corpus beside {} (the shared corpora are only on dev machines \
             and CI): the WHATWG comparison ran on the hand-written hostile set only",
            repo.display()
        );
        return None;
    }
    let mut dirs: Vec<PathBuf> = ["ham-dev", "phish-dev", "phish-dev2"]
        .iter()
        .map(|d| shared.join("corpus").join(d))
        .collect();
    dirs.push(repo.join("tests/fixtures/brand-dev"));
    Some(dirs.into_iter().filter(|d| d.is_dir()).collect())
}

/// The .eml files under `dir` (recursively), sorted.
pub fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "eml") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

/// The HTML body parts of a message, decoded to text, as Honmono reads them (src/parse.rs,
/// `take_html_parts`: the parts of `html_body` that are text/html).
pub fn html_parts(raw: &[u8]) -> Vec<String> {
    let Some(msg) = mail_parser::MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    msg.html_body
        .iter()
        .filter_map(|&i| msg.parts.get(i as usize))
        .filter(|p| p.is_text_html())
        .filter_map(|p| p.text_contents().map(str::to_string))
        .collect()
}
