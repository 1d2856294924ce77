//! Header oddities: Reply-To elsewhere, duplicate or multiple From, addresses hidden in display
//! names, invisible characters in names, free-mail senders claiming a brand, and (for information)
//! Message-ID / Return-Path domains.

use crate::brands;
use crate::domain::registrable;
use crate::findings::{Finding, Severity};
use crate::model::Mail;
pub use crate::platforms::is_freemail;
use crate::unicode::{is_combining_mark, nfc};

use super::ContentContext;
use super::attachments::visible_controls;
use super::normalize::{is_bidi_control, is_invisible};

fn domain_of(addr: &str) -> Option<&str> {
    let (_, d) = addr.rsplit_once('@')?;
    let d = d.trim().trim_end_matches(['>', '.']);
    if d.is_empty() { None } else { Some(d) }
}

/// Strings in a display name that look like an e-mail address or a domain name.
fn names_in_display(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tok in name.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '<' | '>' | '(' | ')' | '"' | '\'' | ',' | ';' | '[' | ']' | '|' | '/' | ':'
            )
    }) {
        let t = tok
            .trim_matches(|c: char| matches!(c, '.' | '-' | '_' | '!' | '?' | '*'))
            .to_lowercase();
        if t.len() < 4 || !t.contains('.') {
            continue;
        }
        if let Some(d) = domain_of(&t) {
            if d.contains('.') {
                out.push(d.to_string());
            }
            continue;
        }
        // A bare domain: letters-digits-hyphens labels, a known top-level domain.
        let labels: Vec<&str> = t.split('.').collect();
        if labels.len() < 2
            || labels
                .iter()
                .any(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            continue;
        }
        let tld = labels[labels.len() - 1];
        if KNOWN_TLDS.split(' ').any(|k| k == tld) {
            out.push(t);
        }
    }
    out
}

/// Common generic TLDs and every ISO country code: enough to tell "amazon.co.jp" from "Mr.Smith".
const KNOWN_TLDS: &str = "com net org info biz io co app dev xyz top online site shop store club live email support services \
help page link click cloud tech digital network systems solutions bank finance money pay mobi name pro icu cyou buzz sbs cfd \
rest bond vip work life world today news blog global group company one fun space website host ltd inc \
ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz \
de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in iq ir is it je jm jo jp \
ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz \
om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz \
ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

/// What is odd about one display name or address: returns a description if it hides characters.
fn hidden_chars(s: &str) -> Option<String> {
    let composed: Vec<char> = nfc(s).chars().collect();
    let mut prev: Option<char> = None;
    for (i, &c) in composed.iter().enumerate() {
        if is_bidi_control(c) {
            return Some(format!("U+{:04X} (bidirectional control)", c as u32));
        }
        if is_invisible(c) {
            // A zero-width joiner inside an emoji sequence is normal; next to letters it splits words.
            let next = composed.get(i + 1).copied();
            let letter = |x: Option<char>| x.is_some_and(|x| x.is_alphanumeric());
            if c != '\u{200D}' || letter(prev) || letter(next) {
                return Some(format!("U+{:04X} (invisible)", c as u32));
            }
        }
        if is_combining_mark(c) && prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
            return Some(format!(
                "U+{:04X} (combining mark on a Latin letter)",
                c as u32
            ));
        }
        prev = Some(c);
    }
    None
}

/// A header as evidence: the decoded mailboxes (what a reader sees), and the raw value too when
/// it was encoded (`=?utf-8?B?...?=`), so both the exact header and its meaning are shown.
fn shown_header(raw: &str, boxes: &[crate::model::Mailbox]) -> String {
    if !raw.contains("=?") || boxes.is_empty() {
        return raw.to_string();
    }
    let decoded: Vec<String> = boxes
        .iter()
        .map(|m| match (m.name.as_deref(), m.address.as_deref()) {
            (Some(n), Some(a)) => format!("\"{n}\" <{a}>"),
            (Some(n), None) => format!("\"{n}\""),
            (None, Some(a)) => format!("<{a}>"),
            (None, None) => String::new(),
        })
        .collect();
    format!("{} (raw: {raw})", decoded.join(", "))
}

pub fn check(mail: &Mail, ctx: &ContentContext<'_>, trust: super::Trust) -> Vec<Finding> {
    let mut out = Vec::new();
    let from = mail.sender();
    let from_domain = from.and_then(|m| m.domain());
    let from_reg = from_domain.as_deref().and_then(registrable);
    let from_free = from_domain.as_deref().is_some_and(is_freemail);
    let from_header = shown_header(mail.header("From").unwrap_or_default(), &mail.from);
    let from_header = from_header.as_str();

    // Duplicate From header fields: clients show one, DMARC checks another.
    if mail.from_header_count > 1 {
        let all: Vec<String> = mail
            .headers_named("From")
            .map(|h| format!("From: {}", h.value()))
            .collect();
        out.push(Finding::new(
            "content.duplicate_from",
            all.join("\n"),
            &[("count", &mail.from_header_count.to_string())],
        ));
    } else if mail.from.iter().filter(|m| m.address.is_some()).count() > 1 {
        // (A display name with an unquoted comma parses as an extra mailbox without address:
        // that is sloppy, not several senders.)
        let n = mail.from.iter().filter(|m| m.address.is_some()).count();
        out.push(Finding::new(
            "content.multiple_from",
            format!("From: {from_header}"),
            &[("count", &n.to_string())],
        ));
    }

    // Display name that shows another address or domain than the real one.
    if let Some(m) = from
        && let Some(name) = m.name.as_deref()
    {
        // Mailing lists ("'a@b.example' via List"), sharing platforms and certified mail
        // ("Per conto di: a@b.example") name whom they send for, openly.
        let via = matches!(
            crate::presentation::name::classify(name, m.address.as_deref().unwrap_or_default()),
            crate::presentation::NameKind::Relay { .. }
        );
        for shown in names_in_display(name) {
            let shown_reg = registrable(&shown).unwrap_or_else(|| shown.clone());
            if from_reg.as_deref() == Some(shown_reg.as_str()) {
                continue;
            }
            let args = [
                ("shown", shown.as_str()),
                ("domain", from_domain.as_deref().unwrap_or("?")),
            ];
            let f = Finding::new(
                "content.display_name_address",
                format!("From: {from_header}"),
                &args,
            );
            // A relay names whom it sends for openly: identity says so (sent_via_platform,
            // forwarded_by_list); here it is information.
            out.push(if via {
                f.with_severity(Severity::Info)
            } else {
                f
            });
            break;
        }
        if let Some(what) = hidden_chars(name) {
            out.push(Finding::new(
                "content.invisible_characters",
                format!("From: {}", visible_controls(from_header)),
                &[("where", "From"), ("what", &what)],
            ));
        }
    }
    if let Some(m) = from
        && let Some(addr) = m.address.as_deref()
        && let Some(what) = hidden_chars(addr)
        && !out.iter().any(|f| f.id == "content.invisible_characters")
    {
        out.push(Finding::new(
            "content.invisible_characters",
            format!("From: {}", visible_controls(from_header)),
            &[("where", "From"), ("what", &what)],
        ));
    }
    if let Some(subject) = mail.subject.as_deref()
        && let Some(what) = hidden_chars(subject)
    {
        out.push(
            Finding::new(
                "content.invisible_characters",
                format!("Subject: {}", visible_controls(subject)),
                &[("where", "Subject"), ("what", &what)],
            )
            .with_severity(Severity::Medium),
        );
    }

    // Reply-To at another organisation.
    if let Some(fr) = from_reg.as_deref() {
        let reply_header =
            shown_header(mail.header("Reply-To").unwrap_or_default(), &mail.reply_to);
        for r in &mail.reply_to {
            let Some(rd) = r.domain() else { continue };
            let Some(rr) = registrable(&rd) else { continue };
            if rr == fr {
                continue;
            }
            // A list that rewrote From keeps the author in Reply-To: the author's organisation,
            // as a confirmed ARC record names it, is where replies belong. An unconfirmed record
            // may be the sender's own writing, so it exempts nothing.
            if ctx
                .auth
                .arc_author
                .as_ref()
                .is_some_and(|a| a.confirmed && crate::domain::same_organisation(&a.domain, &rd))
            {
                continue;
            }
            if let Some(c) = ctx.claim
                && brands::may_send(c.brand, &rd)
                && trust == super::Trust::ProvenBrand
            {
                continue;
            }
            let args = [("reply", rd.as_str()), ("domain", fr)];
            let evidence = format!("Reply-To: {reply_header}\nFrom: {from_header}");
            let rfree = is_freemail(&rd);
            let f = if rfree && !from_free {
                let f = Finding::new("content.reply_to_freemail", evidence, &args);
                if trust == super::Trust::ProvenBrand {
                    f.with_severity(Severity::Medium)
                } else {
                    f
                }
            } else {
                let f = Finding::new("content.reply_to_elsewhere", evidence, &args);
                // A person writing from free mail with replies to their work address is ordinary;
                // so is a proven organisation using a helpdesk platform.
                if (from_free && !rfree) || trust != super::Trust::Untrusted {
                    f.with_severity(Severity::Low)
                } else {
                    f
                }
            };
            out.push(f);
            break;
        }
    }

    // Free-mail sender claiming a brand.
    if from_free
        && let Some(c) = ctx.claim
        && let Some(d) = from_domain.as_deref()
        && !brands::may_send(c.brand, d)
    {
        out.push(Finding::new(
            "content.freemail_brand",
            format!("From: {from_header}"),
            &[("brand", c.brand.name.as_str()), ("domain", d)],
        ));
    }

    // For information: Message-ID and Return-Path domains (platforms legitimately differ).
    if let Some(fr) = from_reg.as_deref() {
        if let Some(mid) = mail.message_id.as_deref()
            && let Some(d) = domain_of(mid)
            && let Some(r) = registrable(d)
            && r != fr
        {
            out.push(Finding::new(
                "content.message_id_domain",
                format!("Message-ID: <{mid}>"),
                &[("mid_domain", &r), ("domain", fr)],
            ));
        }
        if let Some(rp) = mail.return_path.as_deref()
            && let Some(d) = domain_of(rp)
            && let Some(r) = registrable(d)
            && r != fr
        {
            out.push(Finding::new(
                "content.return_path_domain",
                format!("Return-Path: <{rp}>"),
                &[("rp_domain", &r), ("domain", fr)],
            ));
        }
    }
    out
}
