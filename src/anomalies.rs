//! Format anomalies: things mail software never produces but bulk-phishing kits do — a From
//! without an address, an unparseable Date, no Message-ID, the recipient's own address in the
//! subject, and words that mix alphabets or use "styled" mathematical letters to slip past filters.
//! Each is weak alone (severity medium at most, except a missing sender); together they add up.

use crate::findings::Finding;
use crate::model::Mail;

/// `from_aligned`: the From domain is authenticated (then mail "from yourself" is just that).
pub fn check(mail: &Mail, from_aligned: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if mail.kind == crate::report::InputKind::PageSnapshot {
        return out;
    }
    let from = mail.header("From").unwrap_or_default();
    let with_address = mail.from.iter().filter(|m| m.address.is_some()).count();
    if mail.from_header_count == 0 || with_address == 0 {
        out.push(Finding::new("anomaly.from_missing", from, &[]));
    } else if mail.from.iter().any(|m| m.address.is_none()) {
        // "Doe, John <john@example.com>" (an unquoted "Last, First") also parses as a name with
        // no address, but the address keeps a name of its own. When it keeps none ("Decathlon
        // Service, <alert@x.fun>", "Hilton Hotel ,_<…>"), the name shown stands apart from the
        // address on purpose: a mail program never writes that.
        let address_named = mail.from.iter().any(|m| {
            m.address.is_some()
                && m.name
                    .as_deref()
                    .is_some_and(|n| n.chars().any(char::is_alphabetic))
        });
        let f = Finding::new("anomaly.from_malformed", from, &[]);
        out.push(if address_named {
            f
        } else {
            f.with_severity(crate::findings::Severity::High)
        });
    }
    if let Some(d) = mail.header("Date")
        && mail.date.is_none()
    {
        out.push(Finding::new("anomaly.date_malformed", d, &[]));
    }
    if mail.kind == crate::report::InputKind::Raw
        && mail
            .message_id
            .as_deref()
            .is_none_or(|m| m.trim().is_empty())
    {
        out.push(Finding::new(
            "anomaly.message_id_missing",
            mail.header("Message-ID").unwrap_or_default(),
            &[],
        ));
    }
    let subject = mail.subject.as_deref().unwrap_or_default();
    if mail.kind == crate::report::InputKind::Raw && subject.trim().is_empty() {
        out.push(Finding::new("anomaly.subject_empty", "", &[]));
    }
    if let Some(word) = underscore_joined(subject) {
        out.push(Finding::new(
            "anomaly.subject_obfuscated",
            subject,
            &[("word", &word)],
        ));
    }
    if let Some(sender) = mail.sender().and_then(|m| m.address.as_deref())
        && !from_aligned
        && recipients(mail).any(|r| r == sender)
    {
        out.push(Finding::new(
            "anomaly.from_is_recipient",
            from,
            &[("address", sender)],
        ));
    }
    if let Some(sender) = mail.sender()
        && let (Some(addr), Some(d)) = (sender.address.as_deref(), sender.domain())
        && !crate::domain::is_valid_mail_domain(&d)
    {
        out.push(Finding::new(
            "anomaly.from_domain_invalid",
            from,
            &[("address", addr), ("domain", &d)],
        ));
    }
    if let Some(tld) = mail
        .sender()
        .and_then(|m| m.domain())
        .and_then(|d| crate::sites::risky_tld(&d))
    {
        out.push(Finding::new(
            "anomaly.sender_risky_tld",
            from,
            &[("tld", tld)],
        ));
    }
    if let Some(addr) = mail.sender().and_then(|m| m.address.as_deref()) {
        let local = addr.rsplit_once('@').map(|(l, _)| l).unwrap_or(addr);
        if let Some(run) = gibberish(local) {
            out.push(Finding::new(
                "anomaly.random_local_part",
                from,
                &[("address", addr), ("run", &run)],
            ));
        }
    }
    if let Some(addr) = recipient_in(subject, mail) {
        out.push(Finding::new(
            "anomaly.recipient_in_subject",
            subject,
            &[("address", &addr)],
        ));
    }
    let name = mail
        .sender()
        .and_then(|m| m.name.as_deref())
        .unwrap_or_default();
    let mut mixed = false;
    for (field, text) in [("display name", name), ("subject", subject)] {
        if let Some(word) = mixed_script_word(text) {
            out.push(Finding::new(
                "anomaly.mixed_script",
                text,
                &[("field", field), ("word", &word)],
            ));
            mixed = true;
            break;
        }
    }
    if !mixed && let Some((words, example)) = mixed_script_body(&mail.body_text) {
        out.push(Finding::new(
            "anomaly.mixed_script",
            words,
            &[("field", "body"), ("word", &example)],
        ));
    }
    for (field, text) in [("display name", name), ("subject", subject)] {
        if let Some(word) = obfuscated(text) {
            out.push(Finding::new(
                "anomaly.text_obfuscated",
                text,
                &[("field", field), ("word", &word)],
            ));
            break;
        }
    }
    for (field, text) in [("display name", name), ("subject", subject)] {
        if text.chars().any(is_styled_letter) {
            out.push(Finding::new(
                "anomaly.styled_letters",
                text,
                &[("field", field)],
            ));
            break;
        }
    }
    out
}

/// The recipient's address (or its distinctive local part) written into the subject: mass mailers
/// "personalise" with the only thing they know, the address.
fn recipient_in(subject: &str, mail: &Mail) -> Option<String> {
    if subject.is_empty() {
        return None;
    }
    let subject = subject.to_lowercase();
    // The reader's own mailbox is the one the message was delivered to. When the delivery
    // headers name it, a To address that is not it is someone else's: the list or repository
    // the mail went to, whose name is naturally in the subject ("To: compiler-team@noreply.
    // github.com", "[rust-lang/compiler-team] …"). Without them, every To address counts.
    let delivered: Vec<String> =
        recipients_in(mail, &["Delivered-To", "X-Delivered-To", "X-Original-To"]).collect();
    let readers: Vec<String> = if delivered.is_empty() {
        recipients(mail).collect()
    } else {
        delivered
    };
    for addr in readers {
        if subject.contains(&addr) {
            return Some(addr);
        }
        let local = addr.split('@').next().unwrap_or_default();
        if local.chars().count() >= 6 && contains_token(&subject, local) {
            return Some(addr);
        }
    }
    None
}

/// Addresses the message was delivered to (To, Delivered-To, X-Original-To), lower-case.
fn recipients<'a>(mail: &'a Mail<'_>) -> impl Iterator<Item = String> + 'a {
    recipients_in(mail, &["To", "Delivered-To", "X-Original-To"])
}

/// The addresses in the header fields `names`, lower-case.
fn recipients_in<'a>(
    mail: &'a Mail<'_>,
    names: &'a [&'a str],
) -> impl Iterator<Item = String> + 'a {
    names
        .iter()
        .copied()
        .flat_map(|h| mail.headers_named(h))
        .flat_map(|h| h.value().split(','))
        .filter_map(|v| {
            let v = v.trim();
            let inner = v
                .rsplit_once('<')
                .map(|(_, r)| r.trim_end_matches('>'))
                .unwrap_or(v);
            inner.contains('@').then(|| inner.trim().to_lowercase())
        })
}

/// Words glued with underscores instead of spaces ("Transfer__to__your__Bitcoin"): at least three
/// alphabetic words in a row, which defeats phrase filters. Identifiers in technical subjects
/// (`CONFIG_FOO_BAR`, `snake_case_name`) have no spaces around and mostly no capital-letter words,
/// so only runs that start with a capital word or span most of the subject count.
fn underscore_joined(subject: &str) -> Option<String> {
    for token in subject.split_whitespace() {
        let words: Vec<&str> = token.split('_').filter(|w| !w.is_empty()).collect();
        if words.len() < 3
            || !words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphanumeric() || "'’.,!?$#".contains(c))
            })
        {
            continue;
        }
        let upper = |w: &&&str| w.chars().next().is_some_and(|c| c.is_uppercase());
        let all_caps = words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()));
        let covers_subject = token.len() * 2 >= subject.trim().len();
        if !all_caps && (words.iter().filter(upper).count() >= 2 || covers_subject) {
            return Some(token.to_string());
        }
    }
    None
}

/// A mailbox name typed by a machine, not a person: five or more consonants in a row
/// (`xxljgpm`, `dnvxgjxw`, `evzjgfo`). `y` counts as a vowel so that names such as
/// "krzysztof" stay clear, and doubled letters count once ("weissschuh"); real names and role
/// names rarely have more than four.
fn gibberish(local: &str) -> Option<String> {
    let mut best = String::new();
    let mut run = String::new();
    for c in local.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphabetic() && !"aeiouy".contains(c) {
            // doubled letters count once ("weissschuh" is German, not random)
            if run.ends_with(c) {
                continue;
            }
            run.push(c);
            if run.len() > best.len() {
                best = run.clone();
            }
        } else {
            run.clear();
        }
    }
    (best.len() >= 5).then_some(best)
}

/// Text written so that filters cannot read it, as no mail program writes it: an encoded word
/// left undecoded (`Sophie=?UTF-8?B?4oCT?=Slim`), a random tag appended after dots to make every
/// copy different (`Energie Bewust...Ciro`), words broken by dots (`S.eu e.spaço`), or letters
/// swapped for look-alike digits and letters inside a word (`WlN` with a lower-case L for I,
/// `7O%`, `C0NSUMER`).
fn obfuscated(text: &str) -> Option<String> {
    let text: String = text.chars().take(500).collect();
    if let Some(i) = text.to_ascii_lowercase().find("=?utf-8?") {
        return Some(text[i..].chars().take(30).collect());
    }
    let trimmed = text.trim_end();
    if let Some(i) = trimmed.rfind("..") {
        let tag = trimmed[i..].trim_start_matches('.').trim();
        let mixed = tag.chars().any(|c| c.is_ascii_uppercase())
            && tag.chars().any(|c| c.is_ascii_lowercase());
        if (3..=6).contains(&tag.len())
            && tag.chars().all(|c| c.is_ascii_alphanumeric())
            && (mixed || tag.chars().any(|c| c.is_ascii_digit()))
        {
            return Some(trimmed[i..].to_string());
        }
    }
    let mut dotted = 0;
    for word in text.split_whitespace() {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        let letters: Vec<char> = w.chars().collect();
        // One letter, a dot, then letters: "S.eu", "a.rmazenamento" (not "e.g.", not a domain).
        if letters.len() >= 4
            && letters[0].is_alphabetic()
            && letters[1] == '.'
            && letters[2..].iter().all(|c| c.is_alphabetic())
            && !letters[2..].iter().all(|c| c.is_ascii_uppercase())
        {
            dotted += 1;
            if dotted >= 2 {
                return Some(w.to_string());
            }
        }
        let alpha = letters.iter().filter(|c| c.is_ascii_alphabetic()).count();
        let upper = letters.iter().filter(|c| c.is_ascii_uppercase()).count();
        let l_count = letters.iter().filter(|c| **c == 'l').count();
        // "WlN", "lMPORTANT": capitals with a lower-case L standing for I.
        if letters.len() >= 3
            && alpha == letters.len()
            && l_count >= 1
            && upper >= 2
            && upper + l_count == letters.len()
        {
            return Some(w.to_string());
        }
        // "C0NSUMER", "7O%": a zero between letters, or a letter O glued to digits.
        // (Only in a word whose digits are all such zeros: not in ids and hashes.)
        let digits = letters.iter().filter(|c| c.is_ascii_digit()).count();
        let zeros = letters.iter().filter(|c| **c == '0').count();
        let zero_between = digits == zeros
            && letters
                .windows(3)
                .any(|x| x[0].is_ascii_alphabetic() && x[1] == '0' && x[2].is_ascii_alphabetic());
        let o_in_number = letters
            .windows(2)
            .any(|x| x[0].is_ascii_digit() && x[1] == 'O')
            && letters.last().is_some_and(|c| *c == 'O')
            && letters.iter().filter(|c| c.is_ascii_alphabetic()).count() == 1;
        if zero_between || o_in_number {
            return Some(w.to_string());
        }
    }
    None
}

fn contains_token(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
}

fn script(c: char) -> Option<Script> {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Some(Script::Latin),
        0x370..=0x3FF | 0x1F00..=0x1FFF => Some(Script::Greek),
        0x400..=0x52F => Some(Script::Cyrillic),
        _ => None,
    }
}

/// A word that mixes Latin with Greek or Cyrillic letters ("Ηеar", "ΝFT"): no language writes
/// like that; it is done to look like one thing to people and another to filters.
fn mixed_script_word(text: &str) -> Option<String> {
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let mut seen: Option<Script> = None;
        for c in word.chars() {
            if let Some(s) = script(c) {
                match seen {
                    None => seen = Some(s),
                    Some(p) if p != s => return Some(word.to_string()),
                    _ => {}
                }
            }
        }
    }
    None
}

/// Body words written in two alphabets at once, this many or more: one can be a unit or a
/// formula ("5μg"); several are a text spelled with Cyrillic or Greek look-alikes to get its
/// wording past filters ("Kееріng уоur іnfоrmаtіоn").
const MIXED_BODY_WORDS_AT: usize = 3;

/// The body's mixed-alphabet words (of 4 letters or more, in its first 64 KB) when there are
/// [`MIXED_BODY_WORDS_AT`] or more: the first few as evidence, and one as the example.
fn mixed_script_body(text: &str) -> Option<(String, String)> {
    if text.is_ascii() {
        return None;
    }
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let words: Vec<&str> = text[..end]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_ascii() && w.chars().count() >= 4 && mixed_script_word(w).is_some())
        .collect();
    (words.len() >= MIXED_BODY_WORDS_AT).then(|| {
        let shown: Vec<&str> = words.iter().take(5).copied().collect();
        (shown.join(" "), words[0].to_string())
    })
}

/// Mathematical alphanumeric symbols (𝗔𝗺𝗲𝗿𝗶𝗰𝗮𝗻𝘀): bold/italic "fonts" made of symbols.
fn is_styled_letter(c: char) -> bool {
    (0x1D400..=0x1D7FF).contains(&(c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(raw: &str) -> Vec<String> {
        let m = crate::parse::parse(raw.as_bytes()).unwrap();
        check(&m, false).into_iter().map(|f| f.id).collect()
    }

    const OK: &str = "From: Alice Example <alice@example.com>\r\nTo: bob.smith@example.org\r\nSubject: Re: [PATCH v2] mm: fix the thing\r\nDate: Mon, 06 Nov 2023 10:00:00 +0000\r\nMessage-ID: <abc@example.com>\r\n\r\nhi\r\n";

    /// The list or repository a notification went to is not the reader: its name in the subject
    /// tag is no personalisation. The reader's own address, where the delivery headers name it,
    /// still is.
    #[test]
    fn a_list_address_in_the_subject_tag_is_not_the_readers() {
        let list = OK
            .replace(
                "To: bob.smith@example.org",
                "Delivered-To: bob.smith@example.org\r\nTo: compiler-team@noreply.example.org",
            )
            .replace(
                "Re: [PATCH v2] mm: fix the thing",
                "Re: [rust-lang/compiler-team] Change the parser",
            );
        assert!(!ids(&list).contains(&"anomaly.recipient_in_subject".to_string()));
        let personal = list.replace("Change the parser", "bob.smith, your reward");
        assert!(ids(&personal).contains(&"anomaly.recipient_in_subject".to_string()));
        // Fastmail's name for the same header.
        let fastmail = list.replace("Delivered-To:", "X-Delivered-to:");
        assert!(!ids(&fastmail).contains(&"anomaly.recipient_in_subject".to_string()));
    }

    /// A name standing apart from a bare address is a trick (high); an unquoted "Last, First"
    /// keeps a name on the address and stays a format error (medium).
    #[test]
    fn a_name_split_from_its_address() {
        let severity = |from: &str| {
            let raw = OK.replace("Alice Example <alice@example.com>", from);
            let m = crate::parse::parse(raw.as_bytes()).unwrap();
            check(&m, false)
                .into_iter()
                .find(|f| f.id == "anomaly.from_malformed")
                .map(|f| f.severity)
        };
        use crate::findings::Severity;
        for trick in [
            "Decathlon Service client ,<alert@w5.example>",
            "Hilton Hotel - Thank You!!  ,_<q3u7u@x.example>",
            "\" \",25<email@mail.example>",
        ] {
            assert_eq!(severity(trick), Some(Severity::High), "{trick}");
        }
        assert_eq!(
            severity("Doe, John <john@example.com>"),
            Some(Severity::Medium)
        );
    }

    /// A body spelled with Cyrillic look-alikes is seen; a unit, a Russian or Greek text, or
    /// two stray words are not.
    #[test]
    fn body_spelled_with_look_alike_letters() {
        let body = |text: &str| {
            let mut m = OK.replace(
                "\r\n\r\nhi",
                "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
            );
            m.push_str(text);
            ids(&m)
        };
        // "Keeping your information current" with Cyrillic е, і, р, у, о, а.
        let spoofed =
            "K\u{435}\u{435}\u{440}\u{456}ng y\u{43e}ur inf\u{43e}rm\u{430}ti\u{43e}n current";
        assert_eq!(body(spoofed), vec!["anomaly.mixed_script"]);
        for fine in [
            "Take 5μg twice, or 10μg once. Ask about μmol levels.",
            "Привет, как дела? Hello, how are you?",
            "Γιώργος wrote: the meeting is at noon.",
            "One K\u{435}\u{435}ping and one inf\u{43e}rmation only.",
        ] {
            assert!(body(fine).is_empty(), "{fine}: {:?}", body(fine));
        }
    }

    #[test]
    fn text_written_to_slip_past_filters() {
        for t in [
            "Sophie=?UTF-8?B?4oCT?=Slim Besparen",
            "Collectief Energie Bewust...Ciro",
            "-Einde aanVoetpijn? Nu met 7O% korting",
            "URGENTE: S.eu e.spaço de a.rmazenamento",
            "WlN een cadeaukaart",
            "_C0NSUMER__REWARDS__",
        ] {
            assert!(obfuscated(t).is_some(), "{t}");
        }
        for t in [
            "Re: [PATCH v3 2/7] mm: fix e.g. the 0-day in x86_64",
            "Your order #A1B2 has shipped",
            "Meeting notes...",
            "Win 2 tickets to LOL 2026",
            "Covid-19 update: H2O, B2B, M365, 2FA, IPv6",
            "Jean-Luc O'Neil",
            "Follow-up...",
            "See you at 10 a.m. today",
            "Report-ID: 157a5fe30ec76f4bc0d8bccfc96c118a",
            "U.S. Federal Court",
        ] {
            assert_eq!(obfuscated(t), None, "{t}");
        }
    }

    #[test]
    fn machine_typed_mailbox_names() {
        for l in ["xxljgpm", "dnvxgjxw", "evzjgfo", "a2jhnjk8ta1y"] {
            assert!(gibberish(l).is_some(), "{l}");
        }
        for l in [
            "krzysztof.kozlowski",
            "gregkh",
            "schmidt",
            "newslettercww",
            "torvalds",
            "dhowells",
            "thomas.weissschuh",
            "no-reply",
            "jstultz",
        ] {
            assert!(gibberish(l).is_none(), "{l}");
        }
    }

    #[test]
    fn ordinary_mail_has_no_anomaly() {
        for subject in [
            "[PATCH 2/3] kvm: rename KVM_CAP_FOO_BAR",
            "Re: mm_struct and vm_area_struct locking",
            "CONFIG_DEBUG_INFO_BTF breaks",
        ] {
            let m = OK.replace("Re: [PATCH v2] mm: fix the thing", subject);
            assert!(ids(&m).is_empty(), "{subject}: {:?}", ids(&m));
        }
        assert!(ids(OK).is_empty(), "{:?}", ids(OK));
        let ja = OK.replace(
            "Re: [PATCH v2] mm: fix the thing",
            "=?UTF-8?B?44GK55+l44KJ44Gb?=",
        );
        assert!(ids(&ja).is_empty());
        let greek = OK.replace("Alice Example", "Γιώργος Παπαδόπουλος");
        assert!(ids(&greek).is_empty());
    }

    #[test]
    fn each_anomaly_is_seen() {
        assert!(
            ids(&OK.replace(
                "Alice Example <alice@example.com>",
                "Hilton Hotel - Thank You!!  ,_<q3u7u@x.example>"
            ))
            .contains(&"anomaly.from_malformed".to_string())
        );
        assert!(
            ids(&OK.replace("Alice Example <alice@example.com>", "Just A Name"))
                .contains(&"anomaly.from_missing".to_string())
        );
        assert!(
            ids(&OK.replace("Mon, 06 Nov 2023 10:00:00 +0000", "11-10-2023"))
                .contains(&"anomaly.date_malformed".to_string())
        );
        assert!(
            ids(&OK.replace("Message-ID: <abc@example.com>\r\n", ""))
                .contains(&"anomaly.message_id_missing".to_string())
        );
        assert!(
            ids(&OK.replace(
                "Re: [PATCH v2] mm: fix the thing",
                "bob.smith@example.org, your reward"
            ))
            .contains(&"anomaly.recipient_in_subject".to_string())
        );
        assert!(
            ids(&OK.replace("Re: [PATCH v2] mm: fix the thing", "#bob.smith: NFT launch"))
                .contains(&"anomaly.recipient_in_subject".to_string())
        );
        assert!(
            ids(&OK.replace("Alice Example", "\u{039D}FT Uniswap"))
                .contains(&"anomaly.mixed_script".to_string())
        );
        assert!(
            ids(&OK.replace(
                "Re: [PATCH v2] mm: fix the thing",
                "Transfer__to__your__Bitcoin__address"
            ))
            .contains(&"anomaly.subject_obfuscated".to_string())
        );
        assert!(
            ids(&OK.replace("Re: [PATCH v2] mm: fix the thing", ""))
                .contains(&"anomaly.subject_empty".to_string())
        );
        assert!(
            ids(&OK.replace("To: bob.smith@example.org", "To: alice@example.com"))
                .contains(&"anomaly.from_is_recipient".to_string())
        );
        assert!(
            ids(&OK.replace("alice@example.com", "alice@deals.example.top"))
                .contains(&"anomaly.sender_risky_tld".to_string())
        );
        assert!(
            ids(&OK.replace(
                "Re: [PATCH v2] mm: fix the thing",
                "\u{1D5D4}\u{1D5FA}\u{1D5F2}rica"
            ))
            .contains(&"anomaly.styled_letters".to_string())
        );
    }
}
