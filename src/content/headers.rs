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
pub(crate) fn names_in_display(name: &str) -> Vec<String> {
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

/// The From mailbox as every step sees it.
struct Sender<'a> {
    mailbox: Option<&'a crate::model::Mailbox>,
    domain: Option<String>,
    /// The registrable domain of the From address ("amazon.co.jp" for mail.amazon.co.jp).
    org: Option<String>,
    free: bool,
    /// The From header as evidence ([`shown_header`]).
    header: String,
}

impl<'a> Sender<'a> {
    fn of(mail: &'a Mail) -> Sender<'a> {
        let mailbox = mail.sender();
        let domain = mailbox.and_then(|m| m.domain());
        Sender {
            mailbox,
            org: domain.as_deref().and_then(registrable),
            free: domain.as_deref().is_some_and(is_freemail),
            domain,
            header: shown_header(mail.header("From").unwrap_or_default(), &mail.from),
        }
    }
}

pub fn check(mail: &Mail, ctx: &ContentContext<'_>, trust: super::Trust) -> Vec<Finding> {
    let sender = Sender::of(mail);
    let mut out = Vec::new();
    out.extend(several_senders(mail, &sender));
    out.extend(address_in_display_name(&sender, ctx));
    out.extend(invisible_characters(mail, &sender));
    out.extend(reply_to_elsewhere(mail, ctx, trust, &sender));
    out.extend(freemail_brand(ctx, &sender));
    out.extend(other_domains(mail, &sender));
    out
}

/// Duplicate From header fields (clients show one, DMARC checks another), or several mailboxes
/// in one From.
fn several_senders(mail: &Mail, sender: &Sender) -> Option<Finding> {
    if mail.from_header_count > 1 {
        let all: Vec<String> = mail
            .headers_named("From")
            .map(|h| format!("From: {}", h.value()))
            .collect();
        return Some(Finding::new(
            "content.duplicate_from",
            all.join("\n"),
            &[("count", &mail.from_header_count.to_string())],
        ));
    }
    // (A display name with an unquoted comma parses as an extra mailbox without address: that
    // is sloppy, not several senders.)
    let n = mail.from.iter().filter(|m| m.address.is_some()).count();
    (n > 1).then(|| {
        Finding::new(
            "content.multiple_from",
            format!("From: {}", sender.header),
            &[("count", &n.to_string())],
        )
    })
}

/// A display name that shows another address or domain than the real one.
fn address_in_display_name(sender: &Sender, ctx: &ContentContext<'_>) -> Option<Finding> {
    let m = sender.mailbox?;
    let name = m.name.as_deref()?;
    // Mailing lists ("'a@b.example' via List"), sharing platforms and certified mail ("Per
    // conto di: a@b.example") name whom they send for, openly.
    // (A platform that sends under its customers' names says nothing of the kind: a domain in
    // such a name is the name's own claim.)
    let via = crate::presentation::name::says_via(name);
    let shown = names_in_display(name).into_iter().find(|shown| {
        let shown_reg = registrable(shown).unwrap_or_else(|| shown.clone());
        sender.org.as_deref() != Some(shown_reg.as_str())
    })?;
    let f = Finding::new(
        "content.display_name_address",
        format!("From: {}", sender.header),
        &[
            ("shown", shown.as_str()),
            ("domain", sender.domain.as_deref().unwrap_or("?")),
        ],
    );
    // A relay names whom it sends for openly: identity says so (sent_via_platform,
    // forwarded_by_list); here it is information.
    if via {
        return Some(f.with_severity(Severity::Info));
    }
    // A brand whose name is a domain ("Jim at 1-800-FLOWERS.COM"), written by an authenticated
    // sender of its own whose every link leads back to that sender: the shown domain leads
    // nowhere, and whether the sender is that company's cannot be told here. Said, medium.
    // A registry brand's domain keeps its weight (identity compares the claim).
    let own = ctx.auth.from_aligned
        && !ctx.auth.forged
        && ctx.all_links_own
        && sender
            .domain
            .as_deref()
            .is_some_and(|d| !crate::identity::looks_throwaway(d))
        && brands::from_domain(&shown).is_none();
    Some(if own {
        f.with_severity(Severity::Medium)
    } else {
        f
    })
}

/// Invisible or bidirectional characters in the From name or address (one finding) and in the
/// subject.
fn invisible_characters(mail: &Mail, sender: &Sender) -> Vec<Finding> {
    let mut out = Vec::new();
    let in_from = sender.mailbox.and_then(|m| {
        m.name
            .as_deref()
            .and_then(hidden_chars)
            .or_else(|| m.address.as_deref().and_then(hidden_chars))
    });
    if let Some(what) = in_from {
        out.push(Finding::new(
            "content.invisible_characters",
            format!("From: {}", visible_controls(&sender.header)),
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
    out
}

/// Replies that go to another organisation than the sender's (the first such Reply-To).
fn reply_to_elsewhere(
    mail: &Mail,
    ctx: &ContentContext<'_>,
    trust: super::Trust,
    sender: &Sender,
) -> Option<Finding> {
    let fr = sender.org.as_deref()?;
    let reply_header = shown_header(mail.header("Reply-To").unwrap_or_default(), &mail.reply_to);
    let rd = mail.reply_to.iter().find_map(|r| {
        let rd = r.domain()?;
        let rr = registrable(&rd)?;
        if rr == fr {
            return None;
        }
        // A list that rewrote From keeps the author in Reply-To: the author's organisation, as
        // a confirmed ARC record names it, is where replies belong. An unconfirmed record may
        // be the sender's own writing, so it exempts nothing.
        if ctx
            .auth
            .arc_author
            .as_ref()
            .is_some_and(|a| a.confirmed && crate::domain::same_organisation(&a.domain, &rd))
        {
            return None;
        }
        // Replies that go to the presented brand's own domain reach the brand, whoever wrote
        // the message (a list that rewrote From keeps the author there).
        if let Some(c) = ctx.claim
            && brands::may_send(c.brand, &rd)
        {
            return None;
        }
        Some(rd)
    })?;
    let args = [("reply", rd.as_str()), ("domain", fr)];
    let evidence = format!("Reply-To: {reply_header}\nFrom: {}", sender.header);
    let rfree = is_freemail(&rd);
    Some(if rfree && !sender.free {
        let f = Finding::new("content.reply_to_freemail", evidence, &args);
        if trust == super::Trust::ProvenBrand {
            f.with_severity(Severity::Medium)
        } else {
            f
        }
    } else {
        let f = Finding::new("content.reply_to_elsewhere", evidence, &args);
        // A person writing from free mail with replies to their work address is ordinary; so is
        // a proven organisation using a helpdesk platform, a shop or help desk whose mail a
        // platform sends from its own domain (replies go to the customer's), and a signing or
        // sharing service's notice for a person ("Jane Doe via Docusign" from docusign.net:
        // replies go to Jane).
        let platform = ctx.relay_by_brand
            || sender
                .domain
                .as_deref()
                .is_some_and(|d| crate::platforms::customer_sender(d).is_some());
        if (sender.free && !rfree) || platform || trust != super::Trust::Untrusted {
            f.with_severity(Severity::Low)
        } else {
            f
        }
    })
}

/// A free-mail sender claiming a brand.
fn freemail_brand(ctx: &ContentContext<'_>, sender: &Sender) -> Option<Finding> {
    let c = ctx.claim?;
    let d = sender.domain.as_deref()?;
    (sender.free && !brands::may_send(c.brand, d)).then(|| {
        Finding::new(
            "content.freemail_brand",
            format!("From: {}", sender.header),
            &[("brand", c.brand.name.as_str()), ("domain", d)],
        )
    })
}

/// For information: Message-ID and Return-Path at other domains than the sender's (sending
/// platforms legitimately differ).
fn other_domains(mail: &Mail, sender: &Sender) -> Vec<Finding> {
    let Some(fr) = sender.org.as_deref() else {
        return Vec::new();
    };
    let elsewhere = |addr: &str| {
        domain_of(addr)
            .and_then(registrable)
            .filter(|r| r.as_str() != fr)
    };
    let mut out = Vec::new();
    if let Some(mid) = mail.message_id.as_deref()
        && let Some(r) = elsewhere(mid)
    {
        out.push(Finding::new(
            "content.message_id_domain",
            format!("Message-ID: <{mid}>"),
            &[("mid_domain", &r), ("domain", fr)],
        ));
    }
    if let Some(rp) = mail.return_path.as_deref()
        && let Some(r) = elsewhere(rp)
    {
        out.push(Finding::new(
            "content.return_path_domain",
            format!("Return-Path: <{rp}>"),
            &[("rp_domain", &r), ("domain", fr)],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Header, Mailbox};

    fn from(name: Option<&str>, addr: &str) -> Mail<'static> {
        let header = match name {
            Some(n) => format!("{n} <{addr}>"),
            None => addr.to_string(),
        };
        Mail {
            headers: vec![Header::new("From", &header)],
            from: vec![Mailbox {
                name: name.map(String::from),
                address: Some(addr.to_string()),
            }],
            from_header_count: 1,
            ..Mail::default()
        }
    }

    fn ids(f: impl IntoIterator<Item = Finding>) -> Vec<String> {
        f.into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn sender_reads_the_from_mailbox() {
        let m = from(Some("Shop"), "info@mail.shop.example.co.jp");
        let s = Sender::of(&m);
        assert_eq!(s.domain.as_deref(), Some("mail.shop.example.co.jp"));
        assert_eq!(s.org.as_deref(), Some("example.co.jp"));
        assert!(!s.free);
        assert!(Sender::of(&from(None, "jane@gmail.com")).free);
    }

    #[test]
    fn several_senders_step() {
        let mut m = from(Some("A"), "a@x.example");
        assert!(several_senders(&m, &Sender::of(&m)).is_none());
        m.from.push(Mailbox {
            name: None,
            address: Some("b@y.example".into()),
        });
        assert_eq!(
            ids(several_senders(&m, &Sender::of(&m))),
            ["content.multiple_from"]
        );
        m.from_header_count = 2;
        assert_eq!(
            ids(several_senders(&m, &Sender::of(&m))),
            ["content.duplicate_from"]
        );
    }

    fn ctx(auth: &crate::auth::AuthOutcome, all_links_own: bool) -> ContentContext<'_> {
        ContentContext {
            claim: None,
            auth,
            name_proven: false,
            person: false,
            known_org: false,
            links_own: false,
            all_links_own,
            links_own_name_unknown: false,
            relay_by_brand: false,
            family_unlisted: false,
        }
    }

    #[test]
    fn address_in_display_name_step() {
        let none = crate::auth::AuthOutcome::default();
        let c = ctx(&none, false);
        let m = from(Some("service@paypal.com"), "x@evil.example");
        assert_eq!(
            ids(address_in_display_name(&Sender::of(&m), &c)),
            ["content.display_name_address"]
        );
        let own = from(Some("news.shop.example"), "x@shop.example");
        assert!(address_in_display_name(&Sender::of(&own), &c).is_none());
        let relay = from(Some("'a@b.example' via List"), "list@lists.example");
        let f = address_in_display_name(&Sender::of(&relay), &c).expect("names an address");
        assert_eq!(f.severity, Severity::Info);
        // An authenticated sender whose links all lead back to itself: medium; a registry
        // brand's domain keeps its weight.
        let aligned = crate::auth::AuthOutcome {
            from_aligned: true,
            ..Default::default()
        };
        let c = ctx(&aligned, true);
        let m = from(Some("Jim at BLOOMS-DIRECT.COM"), "x@pulse.blooms.example");
        let f = address_in_display_name(&Sender::of(&m), &c).expect("names a domain");
        assert_eq!(f.severity, Severity::Medium);
        let m = from(Some("Jim at PAYPAL.COM"), "x@pulse.blooms.example");
        let f = address_in_display_name(&Sender::of(&m), &c).expect("names a domain");
        assert_eq!(f.severity, Severity::Critical);
    }

    #[test]
    fn invisible_characters_step() {
        let mut m = from(Some("Pay\u{200B}Pal"), "x@evil.example");
        m.subject = Some("Hel\u{200C}lo".into());
        assert_eq!(
            ids(invisible_characters(&m, &Sender::of(&m))),
            [
                "content.invisible_characters",
                "content.invisible_characters"
            ]
        );
        let plain = from(Some("PayPal"), "x@evil.example");
        assert!(invisible_characters(&plain, &Sender::of(&plain)).is_empty());
    }

    #[test]
    fn other_domains_step() {
        let mut m = from(Some("Shop"), "info@shop.example");
        m.message_id = Some("abc@mailer.esp.example".into());
        m.return_path = Some("bounce@shop.example".into());
        assert_eq!(
            ids(other_domains(&m, &Sender::of(&m))),
            ["content.message_id_domain"]
        );
    }
}
