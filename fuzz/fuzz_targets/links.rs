#![no_main]
//! Link analysis: the input is split on NUL into (href, text, html body, sender); the HTML is
//! analysed as a message body, the href/text pair as a right-click check.
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let mut parts = s.split('\0');
    let href = parts.next().unwrap_or("");
    let text = parts.next();
    let html = parts.next().unwrap_or(href);
    let sender = parts.next();

    common::assert_report(&honmono::check_link(href, text, sender));

    let _ = honmono::html::visible_text(html);
    let _ = honmono::html::anchors(html);
    let _ = honmono::html::img_alts(html);
    let _ = honmono::html::base_href(html);

    let mail = honmono::model::Mail {
        html: vec![html.to_string().into()],
        text: vec![s.to_string()],
        body_text: s.to_string(),
        from: vec![honmono::model::Mailbox {
            name: text.map(str::to_string),
            address: sender.map(str::to_lowercase),
        }],
        from_header_count: 1,
        ..Default::default()
    };
    let authenticated = vec!["example.com".to_string()];
    let ctx = honmono::links::LinkContext {
        claim: None,
        authenticated: &authenticated,
        sender_domain: sender.and_then(|a| a.rsplit_once('@')).map(|(_, d)| d),
        ..Default::default()
    };
    for l in honmono::links::analyze(&mail, &ctx) {
        for f in &l.findings {
            assert!(!f.id.is_empty() && !f.message.en.is_empty() && !f.message.ja.is_empty());
        }
    }
    let _ = honmono::links::check_one(text.unwrap_or(""), href, &ctx);
});
