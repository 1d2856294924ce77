//! The name the reader sees: what kind of name a display name is, and whether it belongs to the
//! address the message was sent from.
//!
//! "Genuine" promises that the name the reader sees belongs to the authenticated sender. What
//! "belongs" means depends on the kind of name:
//! - a **person** ("Jane Doe", "Pasic, Tarik", "Jane Doe (Google)" — a person first, the
//!   bracket is their employer) writes from a mailbox that carries their name, initials or a
//!   nickname of it, or from a domain named after them;
//! - an **organisation** ("Wilmington Prints", "Personal Loan", "Ripple") sends from its own
//!   domain: the name (or its initials, or a shortened form) is part of the registrable domain
//!   or of the sending subdomain. The mailbox does not count: anyone with an account on a
//!   domain can call a mailbox `ripple@`;
//! - a **role** ("Support", "Customer Service") names no one: it belongs to a role mailbox
//!   (`support@`, `info@`) of the domain, not to a person's account;
//! - a **relay** ("Jane via Google Docs", "'Brand' via Group") is a platform sending on behalf
//!   of someone else: the platform authenticates itself, not the person or brand it names.
//!
//! Names in scripts without a Latin spelling to compare (Japanese, Chinese) cannot be compared
//! with an ASCII address here; known organisations in them are compared by the brand and
//! organisation lists instead.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::brands;

/// What kind of name a display name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameKind {
    /// No display name, or it is the address itself.
    Absent,
    /// A person, with the organisation named beside them, if any ("Jane Doe (Google)").
    Person { org: Option<String> },
    /// Someone sending through a platform: "X via Y", "X (via Y)".
    Relay { who: String, via: String },
    /// Only role words: "Support", "Customer Service Team".
    Role,
    /// Anything else: an organisation, product, offer or title.
    Organisation,
    /// Written in a script this check cannot compare with an address (CJK, Arabic, ...).
    Unreadable,
}

/// Does the name belong to the address?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    Yes,
    No,
    CannotTell,
}

/// The word lists of data/names.json (see its comment for what each holds).
struct Words {
    filler: HashSet<&'static str>,
    role_words: HashSet<&'static str>,
    role_mailboxes: HashSet<&'static str>,
    titles: HashSet<&'static str>,
    particles: HashSet<&'static str>,
    not_name_words: HashSet<&'static str>,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let mut rec = crate::data::records(crate::data::NAMES)
            .next()
            .expect("data/names.json has one record");
        let mut next = || rec.list().collect::<HashSet<_>>();
        Words {
            filler: next(),
            role_words: next(),
            role_mailboxes: next(),
            titles: next(),
            particles: next(),
            not_name_words: next(),
        }
    })
}

fn is_filler(w: &str) -> bool {
    words().filler.contains(w)
}

fn is_role_word(w: &str) -> bool {
    words().role_words.contains(w)
}

fn is_title(w: &str) -> bool {
    words().titles.contains(w)
}

fn is_particle(w: &str) -> bool {
    words().particles.contains(w)
}

/// An ordinary word of products, offers and institutions ("loan", "casino", "saúde"), never a
/// given name or surname.
fn not_a_name(w: &str) -> bool {
    if w.contains('-') {
        return w
            .split('-')
            .any(|part| !part.is_empty() && not_a_name(part));
    }
    let lower = w.to_lowercase();
    let lower = lower.trim_end_matches(['.', '\'', '’']);
    let lower = lower
        .strip_suffix("’s")
        .or_else(|| lower.strip_suffix("'s"))
        .unwrap_or(lower);
    words().not_name_words.contains(lower)
        || words()
            .not_name_words
            .contains(brands::skeleton(lower).as_str())
}

/// Letters and digits of `s`, lower-case ASCII (after the confusable skeleton, so that "Ｊａｎｅ"
/// and "Jane" compare equal; other scripts drop out).
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

/// Display names are attacker-written: anything longer than this is cut before it is looked at.
const MAX_NAME: usize = 200;

fn clean(display: &str) -> &str {
    let mut end = display.len().min(MAX_NAME);
    while !display.is_char_boundary(end) {
        end -= 1;
    }
    display[..end]
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '‘' | '’' | '“' | '”'))
        .trim()
        .trim_end_matches(['.', ',', ';', ':', '!', '-', '_', '|'])
        .trim()
}

/// "On behalf of: X" in the languages the corpora show (Italian certified mail writes
/// "Per conto di: sdi48@pec.fatturapa.it").
const ON_BEHALF_OF: &[&str] = &[
    "on behalf of",
    "per conto di",
    "im auftrag von",
    "en nombre de",
    "au nom de",
    "em nome de",
    "namens",
];

/// "X via Y", "X (via Y)", "X über Y", "On behalf of: X": a platform sending on someone's
/// behalf (the platform is `Y`, or empty when only the address tells).
fn relay(name: &str) -> Option<(String, String)> {
    let lower = name.to_lowercase();
    for p in ON_BEHALF_OF {
        if let Some(rest) = lower.strip_prefix(p)
            && let Some(who) = name.get(p.len()..)
        {
            let who = clean(who.trim_start_matches([':', ' ']));
            if !who.is_empty() && !rest.trim().is_empty() {
                return Some((who.to_string(), String::new()));
            }
        }
    }
    for sep in [
        " (via ",
        " via ",
        " (über ",
        " über ",
        " (par ",
        " (through ",
    ] {
        if let Some(i) = lower.find(sep)
            && lower.is_char_boundary(i)
            && name.is_char_boundary(i)
            && name.is_char_boundary(i + sep.len())
        {
            let who = clean(&name[..i]);
            let via = name[i + sep.len()..].trim().trim_end_matches(')').trim();
            if !who.is_empty() && !via.is_empty() {
                return Some((who.to_string(), via.to_string()));
            }
        }
    }
    None
}

/// One word of a person's name: capitalised letters ("Jean-Luc", "O'Neil", "McDermott"), an
/// initial ("J."), or the whole name shouted in capitals. Words with capitals inside
/// ("PayPal", "MEDVi") are brands, not names.
fn person_word(w: &str, shouting: bool) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
    if letters.is_empty() || !w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c)) {
        return false;
    }
    if !letters[0].is_uppercase() {
        return false;
    }
    if letters.len() == 1 {
        return true; // an initial
    }
    if shouting {
        return letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase());
    }
    // After the first letter only lower case, except after a hyphen or apostrophe and in
    // Mc/Mac/O' prefixes.
    let mut prev = letters[0];
    for (i, &c) in letters.iter().enumerate().skip(1) {
        if c.is_uppercase() {
            let prefix: String = letters[..i].iter().collect();
            if !(matches!(prev, '-' | '\'' | '’') || prefix == "Mc" || prefix == "Mac") {
                return false;
            }
        }
        prev = c;
    }
    true
}

/// Do the name's words, run together, spell the domain's own label while none of them is the
/// mailbox's ("Blue Bottle Coffee" <store@bluebottlecoffee.com>; "Maple Hill Coffee Roasters"
/// <shop@maplehillcoffee.com>, a descriptor after the name)? Then it is the organisation's name
/// on its own domain, written as words, however much it looks like a person's; "Jane Doe"
/// <jane@janedoe.com> is still Jane.
fn spells_the_domain(name: &str, address: &str) -> bool {
    let Some(a) = split(address) else {
        return false;
    };
    let words = name_words(name);
    let mut spelled = String::new();
    let spells = words.iter().enumerate().any(|(i, w)| {
        spelled.push_str(w);
        i >= 1 && spelled == a.org
    });
    spells
        && !words
            .iter()
            .any(|w| w.len() >= 2 && a.local.contains(w.as_str()))
}

/// "Jane Doe", "Rafael J. Wysocki", "MR. JEFFREY BEZOS", "Pasic, Tarik", "Maria dos Santos":
/// two to four name words (titles and particles aside), none of them a filler or role word.
fn looks_like_person(name: &str, local: &str) -> bool {
    let name = match name.split_once(',') {
        // "Lastname, Firstname": both sides short.
        Some((a, b)) if !b.contains(',') => format!("{} {}", b.trim(), a.trim()),
        Some(_) => return false,
        None => name.to_string(),
    };
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !is_title(&w.trim_end_matches('.').to_lowercase()))
        .collect();
    let core: Vec<&str> = words.iter().copied().filter(|w| !is_particle(w)).collect();
    if !(2..=4).contains(&core.len()) || core.iter().all(|w| w.trim_end_matches('.').len() <= 1) {
        return false;
    }
    let shouting = core.iter().all(|w| w.chars().all(|c| !c.is_lowercase()))
        && core.iter().any(|w| w.len() >= 3);
    // The family name in capitals at either end, as Japanese business mail writes it ("Taro
    // YAMADA" <taro@…>, "YAMADA Taro" <t.yamada@…>), when a word of the name is the mailbox's:
    // without that, a capital word beside another is more often an organisation's initials
    // ("Consultas DETRAN", "Tool Upgrade USA").
    let last = core.len() - 1;
    let family_caps = |i: usize, w: &str| {
        !shouting
            && (i == 0 || i == last)
            && w.len() >= 2
            && person_word(w, true)
            && core.iter().any(|w| {
                let w = squashed(w);
                w.len() >= 3 && local.contains(&w)
            })
    };
    core.iter().enumerate().all(|(i, w)| {
        let lw = w.trim_end_matches('.').to_lowercase();
        (person_word(w, shouting) || family_caps(i, w))
            && !is_filler(&lw)
            && !is_role_word(&lw)
            && !not_a_name(w)
    })
}

/// Splits "Jane Doe (Google)", "Jane Doe @ Google", "Jane Doe from Google" into the person and
/// the organisation beside them. A side made only of role words ("Jane Doe (Support)") is no
/// organisation; dashes and bars are not read this way ("Status Entrega - Correios" presents
/// Correios).
fn person_and_org(name: &str) -> Option<(String, String)> {
    let has_org = |org: &str| {
        name_words(org)
            .iter()
            .any(|w| w.len() >= 2 && !is_filler(w) && !is_role_word(w))
    };
    if let Some(open) = name.find('(')
        && name.ends_with(')')
    {
        let person = name[..open].trim();
        let org = name[open + 1..name.len() - 1].trim();
        if looks_like_person(person, "") && has_org(org) {
            return Some((person.to_string(), org.to_string()));
        }
    }
    for sep in [" @ ", " from ", " at ", " von ", " de "] {
        if let Some((a, b)) = name.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if looks_like_person(a, "") && has_org(b) {
                return Some((a.to_string(), b.to_string()));
            }
        }
    }
    None
}

/// The person's part of a "Person (Organisation)" display name.
pub fn person_part(display: &str) -> Option<String> {
    person_and_org(clean(display)).map(|(p, _)| p)
}

/// A first name with the organisation ("Kerstin von mini-presents", "Noy @ KELA"): the
/// organisation is what the reader sees.
fn first_name_and_org(name: &str) -> Option<String> {
    for sep in [
        " @ ", " from ", " at ", " von ", " de ", " | ", " - ", " – ",
    ] {
        if let Some((a, b)) = name.split_once(sep) {
            let a = a.trim();
            if !a.contains(' ') && person_word(a, false) && !b.trim().is_empty() {
                return Some(b.trim().to_string());
            }
        }
    }
    None
}

/// Any Latin letter: a name with none (Japanese, Chinese, Arabic...) cannot be compared with an
/// ASCII address here. A Latin name decorated with look-alike symbols of other scripts
/// ("~ᑕ.lou-d.ᗩ-lert") still has Latin letters and is compared.
fn latin_letters(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_ascii_alphabetic()
            || ('\u{C0}'..='\u{24F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

/// Is the only Latin in the name a web-address ending written after a name in another script
/// ("ビックカメラ.com", "一休.com", "じゃらんnet", as Japanese shops sign)? Then there is
/// nothing to compare with the address either: "net" in jalan-net-support.example proves
/// nothing, and its absence from biccamera.com disproves nothing.
fn only_a_domain_suffix_is_latin(sk: &str) -> bool {
    let mut latin_words = sk
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
        .peekable();
    latin_words.peek().is_some()
        && sk.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
        && latin_words.all(|w| {
            ["com", "net", "jp", "co", "ne", "or", "org", "info"]
                .iter()
                .any(|t| w.eq_ignore_ascii_case(t))
        })
}

/// Does the display name itself say that it is sent on someone's behalf ("… via List",
/// "Per conto di: …")?
pub fn says_via(display: &str) -> bool {
    relay(clean(display)).is_some()
}

/// What kind of name `display` is. `address` tells apart a display name that is the address.
pub fn classify(display: &str, address: &str) -> NameKind {
    let name = clean(display);
    if name.is_empty() || name.eq_ignore_ascii_case(address) {
        return NameKind::Absent;
    }
    if let Some((who, via)) = relay(name) {
        return NameKind::Relay { who, via };
    }
    // A shop system, payment service or help desk that sends its customers' mail from its own
    // domain under their names ("Fern & Field <store+123@t.shopifyemail.com>"): the name is the
    // customer's, sent via the platform, as if it said so. A name that is the platform's own is
    // the platform speaking.
    if let Some(platform) = address
        .rsplit_once('@')
        .and_then(|(_, d)| crate::platforms::customer_sender(d))
        && !name.to_lowercase().contains(&platform.to_lowercase())
    {
        return NameKind::Relay {
            who: name.to_string(),
            via: platform.to_string(),
        };
    }
    // Compare on the confusable skeleton so that styled or full-width letters read as Latin.
    let sk = brands::skeleton(name);
    if !latin_letters(&sk) || only_a_domain_suffix_is_latin(&sk) {
        return NameKind::Unreadable;
    }
    // Person first: "Jane Doe (Google)" is Jane.
    if let Some((_, org)) = person_and_org(name) {
        return NameKind::Person { org: Some(org) };
    }
    let local = squashed(address.rsplit_once('@').map_or("", |(l, _)| l));
    if looks_like_person(name, &local) && !spells_the_domain(name, address) {
        return NameKind::Person { org: None };
    }
    let words: Vec<String> = sk
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if !words.is_empty()
        && words
            .iter()
            .all(|w| is_filler(w) || is_role_word(w) || w.len() < 2)
    {
        return NameKind::Role;
    }
    NameKind::Organisation
}

/// The address split into its mailbox and the label that names the domain's owner.
struct Addr {
    local: String,
    /// The registrable domain's own label ("acme" for news.acme.co.uk): subdomain labels are
    /// whatever the domain's owner chose, so `paypal.example-login.com` is not PayPal's.
    org: String,
}

fn split(address: &str) -> Option<Addr> {
    let (local, domain) = address.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let reg = crate::domain::registrable(&domain).unwrap_or(domain);
    let label = reg.split('.').next().unwrap_or_default();
    Some(Addr {
        local: squash(local),
        org: squash(label),
    })
}

/// A name squashed for comparing with an address: its letters made Latin
/// ([`brands::letters`]), not folded as look-alikes ("Barnes" is barnes.example, "TerraInca"
/// terrainca.example).
fn squashed(s: &str) -> String {
    squash(&brands::letters(s))
}

/// Words of a name as squashed ASCII, titles and particles dropped.
fn name_words(name: &str) -> Vec<String> {
    brands::letters(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !is_title(w) && !is_particle(w))
        .map(squash)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Is `initials` a subsequence of `s` starting at its first letter ("cel" for Chuck Lever,
/// "akpm" for Andrew Morton, "tglx" for Thomas Gleixner)?
fn initials_in(initials: &str, s: &str) -> bool {
    let mut it = s.chars();
    let mut want = initials.chars();
    let Some(first) = want.next() else {
        return false;
    };
    if it.next() != Some(first) {
        return false;
    }
    want.all(|c| it.any(|x| x == c))
}

/// A person's name and an address: the mailbox carries part of the name (a three-letter start
/// of a word covers nicknames such as "broonie" for Mark Brown), the initials, or the domain
/// is named after them (`linux@weissschuh.net`, `cyphar@cyphar.com`).
fn person_belongs(person: &str, a: &Addr) -> bool {
    let words = name_words(person);
    let long: Vec<&String> = words.iter().filter(|w| w.len() >= 3).collect();
    if long
        .iter()
        .any(|w| a.local.contains(&w[..3]) || (w.len() >= 4 && a.org.contains(w.as_str())))
    {
        return true;
    }
    let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
    if initials.len() >= 2 && a.local.len() <= 6 && initials_in(&initials, &a.local) {
        return true;
    }
    // A short mailbox that contracts a word of the name: its first two letters ("alx" for
    // Alejandro) or its letters in order ("rppt" for Rapoport).
    if (2..=6).contains(&a.local.len())
        && a.local.chars().all(|c| c.is_ascii_alphabetic())
        && long
            .iter()
            .any(|w| a.local.starts_with(&w[..2]) || initials_in(&a.local, w))
    {
        return true;
    }
    // A vanity domain: the mailbox is the domain's own name.
    a.org.len() >= 3 && a.org == a.local
}

/// Initials of `words` (e.g. "rbc" for Royal Bank of Canada), with and without filler words.
fn org_initials(words: &[String]) -> [String; 2] {
    let all: String = words.iter().filter_map(|w| w.chars().next()).collect();
    let meaningful: String = words
        .iter()
        .filter(|w| !is_filler(w) && !matches!(w.as_str(), "of" | "de" | "du" | "der" | "und"))
        .filter_map(|w| w.chars().next())
        .collect();
    [all, meaningful]
}

/// An organisation's name and an address: a word of the name (or the first six letters of a
/// long one), its words run together, or its initials are in the domain left of the public
/// suffix ("Wilmington Prints" / wilmingtonprints.com, "Royal Bank of Canada" / rbc.com).
pub fn organisation_belongs(name: &str, address: &str) -> Belongs {
    let Some(a) = split(address) else {
        return Belongs::CannotTell;
    };
    let words: Vec<String> = name_words(name)
        .into_iter()
        .filter(|w| w.len() >= 2)
        .collect();
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|w| w.len() >= 3 && !is_filler(w) && !is_role_word(w))
        .collect();
    if meaningful.is_empty() {
        return Belongs::CannotTell;
    }
    // On a platform where anyone can open an account (free mail) the domain is the provider's:
    // the account name is the only part its owner chose ("G&I Roofing" <gandiroofing@gmail.com>).
    let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
    let org = if crate::platforms::open_platform(domain) {
        a.local.as_str()
    } else {
        a.org.as_str()
    };
    // A name with a word of its own ("Amil" in "Proposta Amil Saúde") is that word's: an
    // ordinary word beside it ("saúde", "loan") is in thousands of unrelated domains
    // (planosdesaude…). A name made only of ordinary words is matched on them.
    let own: Vec<&String> = meaningful
        .iter()
        .copied()
        .filter(|w| !not_a_name(w))
        .collect();
    let telling = if own.is_empty() { &meaningful } else { &own };
    // A word of the name in the domain's label, or the start of a long word ("Deutsche" and
    // "deutsch-…"): a short stem such as "serv" would match half the Internet.
    if telling
        .iter()
        .any(|w| org.contains(w.as_str()) || (w.len() >= 8 && org.contains(&w[..6])))
    {
        return Belongs::Yes;
    }
    if org.len() >= 4 && words.concat().contains(org) {
        return Belongs::Yes;
    }
    for ini in org_initials(&words) {
        if ini.len() >= 2 && (org == ini || (ini.len() >= 3 && org.starts_with(&ini))) {
            return Belongs::Yes;
        }
    }
    Belongs::No
}

/// Is `name` (squashed) the address's mailbox name ("WordPress" and `wordpress@…`)?
pub fn is_mailbox_name(name: &str, address: &str) -> bool {
    split(address).is_some_and(|a| !a.local.is_empty() && squashed(name) == a.local)
}

/// Does `text` contain, as a whole word, the registrable domain's own label of `address` (four
/// letters or more), a word that is neither filler, a role nor an ordinary offer word?
pub fn distinctive_word_of(text: &str, address: &str) -> bool {
    let Some(a) = split(address) else {
        return false;
    };
    a.org.len() >= 4
        && name_words(text)
            .iter()
            .any(|w| *w == a.org && !is_filler(w) && !is_role_word(w) && !not_a_name(w))
}

/// Is the mailbox of `address` a personal one for an organisation's name: not a role mailbox
/// (`info@`, `noreply@`, `news@`…) and carrying no word of the name? Organisations write from
/// role mailboxes or mailboxes named after them; "USA Mechanic Masters" <tovahtrayce@…> is
/// someone's own account under a borrowed name.
pub fn personal_mailbox_for(name: &str, address: &str) -> bool {
    let Some(a) = split(address) else {
        return false;
    };
    let local = a.local.as_str();
    if local.is_empty() || is_role_mailbox(local) {
        return false;
    }
    !name_words(name)
        .iter()
        .any(|w| w.len() >= 3 && local.contains(w.as_str()))
}

/// A mailbox named for a role (`info`, `support-jp`, `newsletter2`…), not for a person.
fn is_role_mailbox(local: &str) -> bool {
    words()
        .role_mailboxes
        .iter()
        .any(|r| local == *r || local.starts_with(r) || local.ends_with(r))
}

/// A role name belongs to a role mailbox of the domain (`Support <support@…>`,
/// `Customer Service <info@…>`), or to a mailbox that carries one of its words.
fn role_belongs(name: &str, a: &Addr) -> bool {
    let local = a.local.as_str();
    is_role_mailbox(local)
        || name_words(name)
            .iter()
            .any(|w| w.len() >= 4 && local.contains(w.as_str()))
}

/// Does the display name belong to the address?
pub fn belongs(kind: &NameKind, display: &str, address: &str) -> Belongs {
    let Some(a) = split(address) else {
        return Belongs::CannotTell;
    };
    let name = clean(display);
    match kind {
        NameKind::Absent => Belongs::Yes,
        NameKind::Unreadable => Belongs::CannotTell,
        NameKind::Relay { .. } => Belongs::No,
        NameKind::Person { .. } => {
            let person = person_and_org(name)
                .map(|(p, _)| p)
                .unwrap_or_else(|| name.to_string());
            if person_belongs(&person, &a) {
                Belongs::Yes
            } else {
                Belongs::No
            }
        }
        NameKind::Role => {
            if role_belongs(name, &a) {
                Belongs::Yes
            } else {
                Belongs::No
            }
        }
        NameKind::Organisation => {
            let org = first_name_and_org(name).unwrap_or_else(|| name.to_string());
            match organisation_belongs(&org, address) {
                // "WordPress <wordpress@example.org>": software names its own mailbox after
                // itself; whether the name is the domain's cannot be told from the address.
                Belongs::No if squashed(&org) == a.local => Belongs::CannotTell,
                b => b,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(n: &str) -> NameKind {
        classify(n, "x@example.com")
    }

    #[test]
    fn names_are_compared_with_addresses_letter_for_letter() {
        // Not on the look-alike skeleton: its folds ("rn" -> "m", capital I after a small letter
        // -> "l", "1" beside letters -> "l") would part these names from their own domains.
        for (n, a) in [
            ("Barnes", "news@barnes.example"),
            ("TerraInca", "info@terrainca.example"),
            ("Savvy", "hello@savvy.example"),
            ("Studio1", "hello@studio1.example"),
            ("Hernández Abogados", "info@hernandez.example"),
        ] {
            assert_eq!(organisation_belongs(n, a), Belongs::Yes, "{n} {a}");
        }
        assert_eq!(
            organisation_belongs("Barnes", "news@bames.example"),
            Belongs::No
        );
    }

    #[test]
    fn a_family_name_in_capitals_is_a_person_when_the_name_is_the_mailboxs() {
        for (n, a) in [
            ("Shinichiro HIDA", "shinichiro@stained-g.example"),
            ("Taro YAMADA", "t.yamada@example.co.jp"),
            ("YAMADA Taro", "yamada.taro@example.co.jp"),
        ] {
            assert!(
                matches!(classify(n, a), NameKind::Person { org: None }),
                "{n}: {:?}",
                classify(n, a)
            );
        }
        // The same shape without the mailbox's name: an organisation's initials.
        assert_eq!(
            classify("Taro YAMADA", "info@example.co.jp"),
            NameKind::Organisation
        );
        assert_eq!(
            classify("Consultas DETRAN", "comunicado578761@example.com"),
            NameKind::Organisation
        );
    }

    /// A name that looks like a person's but spells its own domain (with or without a
    /// descriptor after it) is the organisation's; a person's name from their own mailbox, or
    /// one that only starts the domain, is a person's.
    #[test]
    fn a_name_that_spells_its_domain_is_the_organisations() {
        for (n, a) in [
            ("Blue Bottle Coffee", "store+123@bluebottlecoffee.example"),
            ("Maple Hill Coffee Roasters", "shop@maplehillcoffee.example"),
            ("Snow Joe", "info@snowjoe.example"),
            ("Jane Doe Design", "hello@janedoedesign.example"),
        ] {
            assert_eq!(classify(n, a), NameKind::Organisation, "{n} <{a}>");
        }
        for (n, a) in [
            ("Jane Doe", "jane@janedoe.example"),
            ("Maple Hill", "shop@maplehillcoffee.example"),
        ] {
            assert!(
                matches!(classify(n, a), NameKind::Person { org: None }),
                "{n} <{a}>: {:?}",
                classify(n, a)
            );
        }
    }

    #[test]
    fn kinds_of_names() {
        for n in [
            "Jane Doe",
            "Rafael J. Wysocki",
            "MR. JEFFREY BEZOS",
            "Pasic, Tarik",
            "Maria dos Santos",
            "Jean-Luc O'Neil",
            "Mike McDermott",
            "Thomas Weißschuh",
        ] {
            assert!(
                matches!(kind(n), NameKind::Person { org: None }),
                "{n}: {:?}",
                kind(n)
            );
        }
        assert_eq!(
            kind("Jane Doe (Google)"),
            NameKind::Person {
                org: Some("Google".into())
            }
        );
        for n in [
            "Support",
            "Customer Service",
            "Billing Alert.",
            "support",
            "Security Team",
        ] {
            assert_eq!(kind(n), NameKind::Role, "{n}");
        }
        for n in [
            "PayPal",
            "MEDVi Weight Loss",
            "Ripple",
            "Trust Wallet Support",
            "IQ Option",
            "Consultas DETRAN",
            "Tool Upgrade USA",
            "Espace CPF",
        ] {
            assert_eq!(kind(n), NameKind::Organisation, "{n}");
        }
        assert_eq!(
            kind("Sondles Coones (via Documentos Google)"),
            NameKind::Relay {
                who: "Sondles Coones".into(),
                via: "Documentos Google".into()
            }
        );
        assert_eq!(
            kind("'Acme Bank' via Customers"),
            NameKind::Relay {
                who: "Acme Bank".into(),
                via: "Customers".into()
            }
        );
        assert_eq!(
            kind("Per conto di: sdi48@pec.fatturapa.it"),
            NameKind::Relay {
                who: "sdi48@pec.fatturapa.it".into(),
                via: String::new()
            }
        );
        assert_eq!(kind("ソニー銀行"), NameKind::Unreadable);
        // A name in another script signed with a web-address ending: nothing to compare.
        for n in [
            "ビックカメラ.com",
            "一休.com",
            "じゃらんnet",
            "楽天市場.co.jp",
        ] {
            assert_eq!(kind(n), NameKind::Unreadable, "{n}");
        }
        // A Latin word beside it is still compared.
        assert_ne!(kind("Amazon.co.jp"), NameKind::Unreadable);
        assert_ne!(kind("楽天 Rakuten.com"), NameKind::Unreadable);
        assert_eq!(kind(""), NameKind::Absent);
        assert_eq!(classify("x@example.com", "x@example.com"), NameKind::Absent);
    }

    fn b(name: &str, addr: &str) -> Belongs {
        belongs(&classify(name, addr), name, addr)
    }

    #[test]
    fn people_and_their_addresses() {
        for (n, a) in [
            ("Chuck Lever", "cel@kernel.org"),
            ("Mark Brown", "broonie@kernel.org"),
            ("Andrew Morton", "akpm@linux-foundation.org"),
            ("Thomas Gleixner", "tglx@linutronix.de"),
            ("Thomas Weißschuh", "linux@weissschuh.net"),
            ("Aleksa Sarai", "cyphar@cyphar.com"),
            ("Jeremy Harris", "jgh@exim.org"),
            ("Mike Rapoport", "rppt@kernel.org"),
            ("Jane Doe (Google)", "jane@janedoe.example"),
            ("Pasic, Tarik", "tpasic@ruptly.tv"),
        ] {
            assert_eq!(b(n, a), Belongs::Yes, "{n} <{a}>");
        }
        for (n, a) in [
            ("Personal Loan", "renew@zhishangmingzhan.com"),
            ("Sex Dating", "eyxnumaqbyczy@sanremolegno.com"),
            ("Martha Donnie", "obhi@thesmartsquirrels.com"),
            ("Maria Helena", "contato@e.planosdesaude-e.com"),
        ] {
            assert_eq!(b(n, a), Belongs::No, "{n} <{a}>");
        }
    }

    #[test]
    fn organisations_on_their_own_domains() {
        for (n, a) in [
            (
                "Wilmington Prints Customer Service",
                "customerservice@wilmingtonprints.com",
            ),
            ("Typeform Notifications", "notifications@typeform.com"),
            ("Amazon.co.jp", "store-news@amazon.co.jp"),
            ("GitHub", "noreply@github.com"),
            ("Acme Billing Team", "billing@acmecorp.example"),
            ("The New York Times", "nytdirect@nytimes.com"),
            ("Royal Bank of Canada", "alerts@rbc.com"),
            ("Wall Street Journal", "access@interactive.wsj.com"),
            ("Noy @ KELA", "noyr@ke-la.com"),
            ("Kerstin von mini-presents", "hi@mini-presents.com"),
            ("Adidas", "privacy.no-reply@cs.adidas.com"),
            ("Personal Loan", "offers@personalloan.example"),
            ("Amil Saúde", "contato@amil.com.br"),
        ] {
            assert_eq!(b(n, a), Belongs::Yes, "{n} <{a}>");
        }
        for (n, a) in [
            ("Ripple", "teamripple@lucidire.com"),
            ("Tesla", "info@dollheart.net"),
            (
                "Finance of America Reverse Mortgage",
                "kdkyhsb@duty.smartonlinely.com",
            ),
            ("United Healthcare Official", "zaxzccd@slave.socialou.com"),
            ("Pyth Network", "sales@citimotors.com"),
            // Only the ordinary word "saúde" is in the domain, not the name's own word "Amil".
            ("Proposta Amil Saúde", "contato@coteonlineplanodesaude.com"),
        ] {
            assert_eq!(b(n, a), Belongs::No, "{n} <{a}>");
        }
        // Software names its mailbox after itself on every site it runs on.
        assert_eq!(b("WordPress", "wordpress@example.org"), Belongs::CannotTell);
    }

    #[test]
    fn organisation_names_on_personal_mailboxes() {
        for (n, a) in [
            ("USA Mechanic Masters", "tovahtrayce@brandkeyconcept.com"),
            ("Commercio di Bitcoin", "vzygwjnn@fascentury.com"),
        ] {
            assert!(personal_mailbox_for(n, a), "{n} <{a}>");
        }
        for (n, a) in [
            ("AceMed Seattle", "noreply@charmtracker.com"),
            ("Beloit Floral Co.", "marketing@mail.eflorist.com"),
            (
                "QuickBooks Payments",
                "quickbooks@u1916451.wl202.sendgrid.net",
            ),
            ("Unstoppable Domains", "info@tmr-world.com"),
            ("Acme Billing", "billing-eu@acme.example"),
        ] {
            assert!(!personal_mailbox_for(n, a), "{n} <{a}>");
        }
    }

    #[test]
    fn roles_and_relays() {
        assert_eq!(b("Support", "support@example.com"), Belongs::Yes);
        assert_eq!(b("Customer Service", "info@example.com"), Belongs::Yes);
        assert_eq!(b("support", "mfl@renaissance.edu.vn"), Belongs::No);
        assert_eq!(
            b("Billing Alert.", "iwouruhx@pier.socialbl.com"),
            Belongs::No
        );
        assert_eq!(
            b(
                "Sondles Coones (via Documentos Google)",
                "drive-shares-noreply@google.com"
            ),
            Belongs::No
        );
        assert_eq!(b("ソニー銀行", "info@sony-bank.top"), Belongs::CannotTell);
        assert_eq!(b("", "info@example.com"), Belongs::Yes);
    }

    #[test]
    fn hostile_names_do_not_panic() {
        for n in [
            "(",
            ")",
            "( via )",
            " via ",
            "a, b, c",
            "x (",
            "é(via ü)",
            &"A ".repeat(10_000),
        ] {
            let _ = b(n, "a@b.example");
            let _ = b(n, "@");
            let _ = b(n, "no-at-sign");
        }
    }
}
