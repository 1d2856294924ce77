//! The scanner's reading of HTML against the browser's (issue #15): html5gum, a WHATWG-conformant
//! tokenizer (tests/reference), on hand-written hostile markup and on every HTML part of the
//! development corpora (skipped, with a note, when ../shared is absent). Where the two differ,
//! the browser is right: the user sees what the browser renders.
//!
//! `cargo run --release -p honmono-html --example whatwg_compare` prints each difference on the
//! corpora, and the time both take.

mod reference;

use reference::{compare, corpus_dirs, eml_files, html_parts};

/// Markup where a hand-written scanner is most likely to read differently from a browser.
const HOSTILE: &[&str] = &[
    // Comments.
    "a<!-- c -->b",
    "a<!-->b",
    "a<!--->b",
    "a<!---->b",
    "a<!-- -- -->b",
    "a<!--x--->b",
    "a<!-- x --!>b",
    "a<!----!>b",
    "a<!-- x --!-->b",
    "a<!-- x ---!>b<!-- y --->c",
    "a<!---!>b-->c",
    "a<!-- x -- >c-->b",
    "a<!-- unclosed <p>b",
    "a<!--<!-- nested -->b-->c",
    "<!--[if mso]>MSO<![endif]--><!--[if !mso]><!-->shown<!--<![endif]-->",
    // Bogus comments, doctypes, processing instructions, CDATA in HTML content.
    "<![CDATA[x<y]]>z",
    "<![CDATA[a>b]]>c",
    "<!DOCTYPE html>a",
    "<!doctype html system \"a>b\">c",
    "<?xml version=\"1.0\"?>a",
    "<?php echo \"<a href=x>\" ?>b",
    "a</>b",
    "a</ b>c",
    "a</3>b",
    "a</",
    "a<",
    "a<b",
    "a < b",
    "a<3",
    "a<\0b",
    "<<a href=x>t</a>",
    // Attributes: unquoted, duplicate, upper case, no space between them, odd names.
    "<a href=https://x.example/?a=1&b=2 onclick=y>t</a>",
    "<a href=\"https://first.example/\" href=\"https://second.example/\">t</a>",
    "<A HREF=\"https://X.example/\">t</A><IMG ALT=\"Logo\">",
    "<a href=\"https://x.example/\"title=\"y\">t</a>",
    "<a title=\"y\"href=\"https://x.example/\">t</a>",
    "<img alt='a'src='b'>",
    "<a/href=x>t</a>",
    "<a href = \"x\" >t</a>",
    "<a href= >t</a>",
    "<a href='x'/>t</a>",
    "<a \"href\"=\"x\" href=y>t</a>",
    "<a =href=x href=y>t</a>",
    "<a href=x<b>t</a>c",
    "<a href=\"x\"<b>t</a>c",
    "<a href=x/>t</a>",
    "<a href/=x>t</a>",
    "<a href=`x`>t</a>",
    "<a href=\"x\ny\">t</a>",
    "<a href=\"x\r\ny\">t</a>",
    "<a href=\"x\ry\">t</a>",
    "<div hidden=hidden>h</div>v",
    "<div HIDDEN>h</div>v",
    "<div style=\"display:none\" style=\"\">h</div>v",
    "<div style=\"\" style=\"display:none\">v</div>",
    "<div style=\"display&colon;none\">h</div>v",
    "<base href=\"https://b.example/\"><base href=\"https://c.example/\">",
    "<BASE HREF=https://b.example/ HREF=https://c.example/>",
    // Raw text and escapable raw text with fake tags inside.
    "<script>document.write(\"<a href='evil'>x</a>\")</script>after",
    "<script>x</scriptx>y</script>z",
    "<SCRIPT>x</SCRIPT>y",
    "<script>x</script\n>y",
    "<script>x</script/>y",
    "<script><!-- x --></script>after",
    "<script><!--<script>x</script>hidden--></script>visible",
    "<script><!--<script>x</script>-->y</script>visible",
    "<script><!--<SCRIPT>x</SCRIPT>--></script>visible",
    "<script><!--<scriptx>y</script>visible",
    "<script><!-->y</script>visible",
    "<script><!--- x -></script>visible",
    "<script>a<!--b</script>visible",
    "<style>p{}</style ><a href=y>t</a>",
    "<style><!--</style>-->visible",
    "<style>a</styl</style>b",
    "<textarea><a href=z>in textarea</a></textarea>after",
    "<title><a href=z>t</a></title>after",
    "<title>a<!--</title>-->b",
    "<xmp><a href=q>x</a></xmp>after",
    "<iframe><a href=q>x</a></iframe>after",
    "<noembed><a href=q>x</a></noembed>after",
    "<noframes><a href=q>x</a></noframes>after",
    "<plaintext><a href=p>x</a></plaintext>after",
    "<style>unclosed",
    "<script>unclosed</scrip",
    "<style>a</style",
    // NUL bytes.
    "a\0b",
    "<a href=\"x\0y\">t</a>",
    "<a href=x\0y>t</a>",
    "<a\0href=x>t</a>",
    "<a href\0=x>t</a>",
    "<img alt=\"a\0b\">",
    "<scr\0ipt>x</scr\0ipt>y",
    "<script>x\0</script>y",
    "<b>\0</b>&#0;",
    // End tags.
    "<a href=x>t</a >after",
    "<a href=x>t</a\n>after",
    "<a href=x>t</a href=y>after",
    "<a href=x>t</a\">\">after",
    "<a href=x>t</ a>after",
    "<p>a</p\0>b",
    // Entities.
    "&amp &ampx &amp; &AMP; &AMP",
    "&notin; &not &notit; &notin &not;",
    "&eacute &Eacute; &eacutex &times2",
    "&hellip &hellip; &unknown; &unknown",
    "&ltx &lt; &gtx &quot &QUOT;",
    "&atilde; &otilde; &ordm; &Aacute; &igrave; &aring; &Oslash; &ccedil;",
    "&Popf;&aopf;&yopf;&Popf;&aopf;&lopf; &ZeroWidthSpace; Pay&NoBreak;Pal",
    "&nbsp;&nbsp &NBSP; &shy; &zwnj;",
    "&rArr; &le; &sum;x",
    "<a href=\"?a=1&not=2\">t</a>",
    "<a href=\"?x&notin;y\">t</a>",
    "<a href=\"?x&notinx\">t</a>",
    "<a href=\"?copy&copy\">t</a>",
    "<a href=\"/x?a&amp=1\">t</a>",
    "<a href=\"/x?a&amp;b=1\">t</a>",
    "<a href=\"/x?a&ampb=1\">t</a>",
    "<a href=\"/x?a&amp\">t</a>",
    "<a href=\"?a=1&#38;b\">t</a>",
    "<a href=\"javascript&colon;alert(1)\">t</a>",
    "<a href=\"&#32;javascript:alert(1)&#10;\">t</a>",
    "<a href=x&#0;y>t</a>",
    "<img alt=\"&eacute &amp &notin;\">",
    // Numeric character references.
    "&#128;&#x80;&#x9F;&#x9c;&#x81;&#x8D;&#x83;&#x9E;&#150;",
    "&#1114112; &#xD800; &#xDFFF; &#0; &#x110000;",
    "&#x; &#; &#65 &#x41g &#X42; &#0065;&#x000041;",
    "&#13;x&#x7F;y&#xFDD0;z&#xFFFE;",
    "&#99999999999999999999999; &#x0000000000000000041;",
    "<a href=\"?&#x9f;&#159;&#128;\">t</a>",
    // Elements the scanner treats specially.
    "<p>a<template><a href=t>x</a></template>b",
    "<noscript><a href=n>t</a></noscript>",
    "<head><title>t</title></head><body>b</body>",
    "<table><tr><td>a</td><td>b</td></tr></table>c",
    // Unclosed tags at the end of the input (dropped by the tokenizer).
    "t<a href=\"x",
    "t<a href=x",
    "t<a href='x' ",
    "t<img alt=\"a",
    "t<base href=x",
    "t<a href=\"x\" <b",
    "t<div hidden",
    "t<div",
];

/// Hostile inputs the scanner still reads differently from the browser, each with the reason.
/// Empty when the scanner follows WHATWG on the whole set.
const KNOWN: &[(&str, &str)] = &[(
    "&rArr; &le; &sum;x",
    "symbols (math operators, arrows, shapes) are left out of the named references for \
         size (scripts/entities.py): they stay as written, and spell no word",
)];

/// The hostile set, and a few generated cases: read the same way by the scanner and html5gum,
/// except for the [`KNOWN`] differences (which must still differ: fixed ones leave the list).
#[test]
fn hostile_markup_is_read_as_browsers_read_it() {
    let junk: String = (0..70).map(|i| format!(" x{i}=\"{i}\"")).collect();
    let many_attrs = [
        format!("<a{junk} href=\"https://late.example/\">t</a>"),
        format!("<img{junk} alt=\"late\">"),
        format!("<div{junk} hidden>h</div>v"),
        format!("<div{junk} style=\"display:none\">h</div>v"),
    ];
    let known = |h: &str| {
        KNOWN
            .iter()
            .any(|(k, _)| h == *k || (k.ends_with('=') && h.starts_with(k)))
    };
    let (mut bad, mut fixed) = (Vec::new(), Vec::new());
    for h in HOSTILE
        .iter()
        .map(|s| s.to_string())
        .chain(many_attrs.iter().cloned())
    {
        let d = compare(&h);
        match (d.is_empty(), known(&h)) {
            (false, false) => bad.extend(d.iter().map(|d| format!("{h:?}\n    {d}"))),
            (true, true) => fixed.push(format!("{h:?}")),
            _ => {}
        }
    }
    assert!(
        bad.is_empty(),
        "{} differences:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "read as browsers do now, take them out of KNOWN:\n{}",
        fixed.join("\n")
    );
}

/// Every named reference the scanner knows (src/entities.rs) decodes as in browsers: in text and
/// in attributes, with its semicolon and, for the legacy ones, without.
#[test]
fn named_references_read_as_browsers_read_them() {
    let src = include_str!("../src/entities.rs");
    let body = &src[src.find("= \"").expect("NAMED")..];
    let mut bad = Vec::new();
    let mut n = 0;
    for rec in body.split("\\x01") {
        let rec = rec.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        let name: String = rec
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name.is_empty() {
            continue;
        }
        n += 1;
        let legacy = rec[name.len()..].starts_with(':');
        let mut cases = vec![format!(
            "a&{name};b &{name};&{name}; <a href=\"?&{name};\">t</a><img alt=\"&{name};\">"
        )];
        if legacy {
            cases.push(format!(
                "a&{name} &{name}x &{name}= <a href=\"?&{name}&{name}x&{name}=1&{name};\">t</a>"
            ));
        }
        for h in cases {
            bad.extend(compare(&h).iter().map(|d| format!("{h:?}\n    {d}")));
        }
    }
    assert!(n > 650, "{n} names read from src/entities.rs");
    // The mathematical letters, computed by the scanner rather than listed.
    for suffix in ["fr", "opf", "scr"] {
        for c in ('A'..='Z').chain('a'..='z') {
            let h = format!("a&{c}{suffix};b<img alt=\"&{c}{suffix};\">");
            bad.extend(compare(&h).iter().map(|d| format!("{h:?}\n    {d}")));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every HTML part of the development corpora is read as html5gum reads it.
#[test]
fn corpora_are_read_as_browsers_read_them() {
    // A thread of its own: unoptimised, some corpus messages need more than a test thread's
    // default 2 MB of stack.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(corpora)
        .expect("thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

fn corpora() {
    let Some(dirs) = corpus_dirs() else {
        return;
    };
    let (mut parts, mut differ, mut lines) = (0, 0, Vec::new());
    for dir in &dirs {
        for f in eml_files(dir) {
            let raw = std::fs::read(&f).expect("readable");
            for (k, h) in html_parts(&raw).iter().enumerate() {
                parts += 1;
                let d = compare(h);
                differ += usize::from(!d.is_empty());
                lines.extend(d.iter().map(|d| format!("{}#{k}: {d}", f.display())));
            }
        }
    }
    eprintln!(
        "WHATWG comparison: {parts} HTML parts in {} folders, {differ} read differently",
        dirs.len()
    );
    assert!(parts > 0, "no HTML parts found in {dirs:?}");
    assert!(
        lines.is_empty(),
        "{differ} parts read differently:\n{}",
        lines.join("\n")
    );
}
