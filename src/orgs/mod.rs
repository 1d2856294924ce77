//! Organisations beyond the hand-written brand registry (data/brands.json, the precise tier):
//!
//! - the generated tier: about 2,300 organisations with their official domains, derived at
//!   generation time from the simple-icons brand data (data/orgs/generated.tsv, see
//!   data/orgs/SOURCES.md);
//! - the Japan tier: every Japanese bank, shinkin, credit cooperative, labour bank and JA from
//!   zengin-code (data/orgs/zengin.tsv), and public bodies, utilities, carriers, card issuers,
//!   securities firms and banks with their domains, written by hand (data/orgs/japan.json);
//! - institution-type names (…銀行, … Bank, 税务局): [`institution`].
//!
//! Sans-IO and bounded: texts are cut to [`MAX_TEXT`] bytes, host names to 253. The tables are
//! built once, on first use, from strings that build.rs packed (no JSON, no per-entry `String`).
//! The registry wins over both tiers: an organisation it knows is not listed here (tests).

mod institution;
pub(crate) use institution::is_kana;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use crate::brands::skeleton::{skeleton_cased, skeleton_lower, skeleton_mapped};
use crate::data::{self, records};
use crate::domain;

pub use institution::{
    Institution, InstitutionKind, institution, institutions, public_body_platform,
};

/// What an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    /// A company, product or service (the generated tier).
    Brand,
    Bank,
    /// 信用金庫, 信用組合, 労働金庫, JA, 漁協: cooperative financial institutions.
    Cooperative,
    Card,
    Securities,
    Insurance,
    Payment,
    Utility,
    Carrier,
    Transport,
    /// Government, public agencies, and the banking and credit associations.
    Public,
}

impl OrgKind {
    fn from_data(s: &str) -> OrgKind {
        match s {
            "bank" => OrgKind::Bank,
            "cooperative" => OrgKind::Cooperative,
            "card" => OrgKind::Card,
            "securities" => OrgKind::Securities,
            "insurance" => OrgKind::Insurance,
            "payment" => OrgKind::Payment,
            "utility" => OrgKind::Utility,
            "carrier" => OrgKind::Carrier,
            "transport" => OrgKind::Transport,
            "public" => OrgKind::Public,
            _ => OrgKind::Brand,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Brand => "brand",
            OrgKind::Bank => "bank",
            OrgKind::Cooperative => "cooperative",
            OrgKind::Card => "card",
            OrgKind::Securities => "securities",
            OrgKind::Insurance => "insurance",
            OrgKind::Payment => "payment",
            OrgKind::Utility => "utility",
            OrgKind::Carrier => "carrier",
            OrgKind::Transport => "transport",
            OrgKind::Public => "public",
        }
    }
}

/// Where an organisation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    /// data/orgs/generated.tsv (simple-icons).
    Generated,
    /// data/orgs/japan.json and data/orgs/zengin.tsv.
    Japan,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Org {
    /// The name to show.
    pub name: &'static str,
    /// Every name it goes by, `name` first.
    pub names: &'static [&'static str],
    /// Its registrable domains: each, and its subdomains, are its own. Empty for the zengin-code
    /// institutions japan.json does not list: for them only the name is known.
    pub domains: &'static [&'static str],
    /// ASCII names its domains carry (`sonybank`), besides its name's letters and its own
    /// domains' labels: see [`relation`].
    pub tokens: &'static [&'static str],
    pub kind: OrgKind,
    pub tier: Tier,
    /// The name is an ordinary word, a person's name or very short ("Notion", "Shell", "Hugo",
    /// "HBO"): it names the organisation only in a strong position (see [`named_in`]).
    pub common: bool,
}

/// An organisation named in a text.
#[derive(Debug, Clone)]
pub struct OrgHit {
    pub org: &'static Org,
    /// The listed name that matched (one of `org.names`).
    pub name: &'static str,
    /// Where, in the text given to [`named_in`] (byte offsets; the text as it was written,
    /// e.g. "Ａｍａｚｏｎ" or Cyrillic look-alikes).
    pub span: Range<usize>,
    /// The text is essentially the name: the rest are service words ("Support", "Team",
    /// "カスタマーセンター", "株式会社") and punctuation.
    pub strong: bool,
}

/// How a domain relates to an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// One of its domains or a subdomain of one.
    Own,
    /// Not its domain, but the registrable domain's own label carries its name
    /// (`sonybank-jp.top`, `sony-bank-login.top` for ソニー銀行): its family or an imitation.
    CarriesName,
    Unrelated,
}

/// The longest text looked at: display names and subjects are short.
pub const MAX_TEXT: usize = 1000;
/// No host name is longer (RFC 1035).
const MAX_HOST: usize = 253;
/// The longest name skeleton in bytes (longer names are not listed).
const MAX_KEY: usize = 96;

/// The zengin-code kinds, in build.rs's `ZENGIN_KINDS` order: the suffix that completes a stem,
/// and the organisation kind.
const ZENGIN: [(&str, OrgKind); 8] = [
    ("銀行", OrgKind::Bank),
    ("信用金庫", OrgKind::Cooperative),
    ("信用組合", OrgKind::Cooperative),
    ("労働金庫", OrgKind::Cooperative),
    ("農業協同組合", OrgKind::Cooperative),
    ("信用農業協同組合連合会", OrgKind::Cooperative),
    ("漁業協同組合", OrgKind::Cooperative),
    ("信用漁業協同組合連合会", OrgKind::Cooperative),
];

/// FNV-1a, for the tables' own keys (names, domains: the program's data, so no chosen-key
/// collisions to guard against, which is what the default SipHash is for; the attacker only
/// chooses what is looked up).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map = HashMap<&'static str, u32, BuildHasherDefault<Fnv>>;

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The name skeletons, in an open-addressing table keyed by their FNV-1a hash: a lookup of
/// `sk[i..e]` for growing `e` extends the hash of `sk[i..e-1]` instead of hashing from `i`
/// each time.
struct Names {
    /// (hash, key, value), one per name; `slots` holds index + 1 (0: empty).
    entries: Vec<(u64, &'static str, u32)>,
    slots: Vec<u32>,
}

impl Names {
    fn new(keys: impl Iterator<Item = (&'static str, u32)>) -> Names {
        let mut entries: Vec<(u64, &'static str, u32)> = Vec::new();
        let mut slots = vec![0u32; 16];
        for (k, v) in keys {
            let h = fnv_step(FNV_START, k.as_bytes());
            if Self::find(&entries, &slots, h, k).is_some() {
                continue; // the first organisation with a name keeps it
            }
            if (entries.len() + 1) * 2 > slots.len() {
                slots = vec![0u32; slots.len() * 2];
                for (n, (eh, _, _)) in entries.iter().enumerate() {
                    Self::place(&mut slots, *eh, n as u32 + 1);
                }
            }
            entries.push((h, k, v));
            Self::place(&mut slots, h, entries.len() as u32);
        }
        Names { entries, slots }
    }

    fn place(slots: &mut [u32], h: u64, v: u32) {
        let mask = slots.len() - 1;
        let mut i = h as usize & mask;
        while slots[i] != 0 {
            i = (i + 1) & mask;
        }
        slots[i] = v;
    }

    fn find(entries: &[(u64, &'static str, u32)], slots: &[u32], h: u64, k: &str) -> Option<u32> {
        let mask = slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let e = *slots.get(i)?;
            if e == 0 {
                return None;
            }
            let (eh, ek, v) = entries.get(e as usize - 1)?;
            if *eh == h && *ek == k {
                return Some(*v);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of key `k` whose FNV-1a hash is `h`.
    fn get(&self, h: u64, k: &str) -> Option<u32> {
        Self::find(&self.entries, &self.slots, h, k)
    }
}

struct Tables {
    orgs: Vec<Org>,
    /// Lower-case skeleton of a name -> org index << 8 | index in the org's names.
    keys: Names,
    /// The longest key, in bytes, and the most spaces in one.
    max_key: usize,
    max_spaces: usize,
    /// The ASCII characters some key ends with (a lookup ends only there, or after a
    /// non-ASCII character).
    ascii_ends: u128,
    /// Registrable domain -> org index.
    by_domain: Map,
    service_en: Vec<&'static str>,
    service_ja: Vec<&'static str>,
}

/// A string of the tables: packed by build.rs, or built at start-up in the arena.
#[derive(Clone, Copy)]
enum Piece {
    Static(&'static str),
    Arena(u32, u32),
}

struct Rec {
    names: Range<usize>,
    domains: Range<usize>,
    tokens: Range<usize>,
    kind: OrgKind,
    tier: Tier,
    common: bool,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(load)
}

/// Builds the tables: one pass over the packed strings. The strings that are not in them as
/// such (a generated domain written `=.com`, a zengin name = stem + suffix, every name's
/// skeleton) go into one arena string; everything else points into the static data.
fn load() -> Tables {
    let mut arena = String::with_capacity(96 * 1024);
    let (mut names, mut domains, mut tokens) = (Vec::new(), Vec::new(), Vec::new());
    let mut recs: Vec<Rec> = Vec::new();
    let push_arena = |arena: &mut String, parts: &[&str]| {
        let start = arena.len();
        for p in parts {
            arena.push_str(p);
        }
        Piece::Arena(start as u32, arena.len() as u32)
    };

    for mut f in records(data::ORGS_GENERATED) {
        let name = f.text();
        let n0 = names.len();
        names.push(Piece::Static(name));
        names.extend(f.list().map(Piece::Static));
        let d0 = domains.len();
        let key: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        for d in f.list() {
            domains.push(match d.strip_prefix('=') {
                Some(rest) => push_arena(&mut arena, &[&key, rest]),
                None => Piece::Static(d),
            });
        }
        let common = f.text() == "c";
        recs.push(Rec {
            names: n0..names.len(),
            domains: d0..domains.len(),
            tokens: 0..0,
            kind: OrgKind::Brand,
            tier: Tier::Generated,
            common,
        });
    }
    for mut f in records(data::ORGS_JAPAN) {
        let kind = OrgKind::from_data(f.text());
        let n0 = names.len();
        names.push(Piece::Static(f.text()));
        names.extend(f.list().map(Piece::Static));
        let d0 = domains.len();
        domains.extend(f.list().map(Piece::Static));
        let t0 = tokens.len();
        tokens.extend(f.list().map(Piece::Static));
        recs.push(Rec {
            names: n0..names.len(),
            domains: d0..domains.len(),
            tokens: t0..tokens.len(),
            kind,
            tier: Tier::Japan,
            common: false,
        });
    }
    for (mut f, (suffix, kind)) in records(data::ORGS_ZENGIN).zip(ZENGIN) {
        for stem in f.list() {
            let n0 = names.len();
            names.push(push_arena(&mut arena, &[stem, suffix]));
            recs.push(Rec {
                names: n0..names.len(),
                domains: 0..0,
                tokens: 0..0,
                kind,
                tier: Tier::Japan,
                common: false,
            });
        }
    }
    // Skeletons of every name, for the lookup.
    let mut key_pieces: Vec<(Piece, u32)> = Vec::with_capacity(names.len());
    for (i, r) in recs.iter().enumerate() {
        for (j, n) in r.names.clone().enumerate() {
            let name = match names[n] {
                Piece::Static(s) => s,
                Piece::Arena(a, b) => &arena[a as usize..b as usize],
            };
            if j >= 256 || name.len() > MAX_KEY || name.chars().nth(1).is_none() {
                continue;
            }
            // Kana and kanji (NFKC already: the data is) are their own skeleton: most of the
            // Japan tier needs no copy.
            let p = if name.chars().all(|c| {
                ('\u{3041}'..='\u{30FA}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            }) {
                names[n]
            } else {
                let sk = skeleton_lower(name);
                if sk.len() > MAX_KEY {
                    continue;
                }
                push_arena(&mut arena, &[&sk])
            };
            key_pieces.push((p, (i as u32) << 8 | j as u32));
        }
    }

    let arena: &'static str = Box::leak(arena.into_boxed_str());
    let resolve = |p: &Piece| -> &'static str {
        match *p {
            Piece::Static(s) => s,
            Piece::Arena(a, b) => arena.get(a as usize..b as usize).unwrap_or(""),
        }
    };
    let leak = |v: &[Piece]| -> &'static [&'static str] {
        Box::leak(v.iter().map(resolve).collect::<Vec<_>>().into_boxed_slice())
    };
    let (names, domains, tokens) = (leak(&names), leak(&domains), leak(&tokens));
    let orgs: Vec<Org> = recs
        .into_iter()
        .map(|r| Org {
            name: names.get(r.names.start).copied().unwrap_or(""),
            names: &names[r.names],
            domains: &domains[r.domains],
            tokens: &tokens[r.tokens],
            kind: r.kind,
            tier: r.tier,
            common: r.common,
        })
        .collect();
    let (mut max_key, mut max_spaces, mut ascii_ends) = (0, 0, 0u128);
    for (p, _) in &key_pieces {
        let k = resolve(p);
        max_key = max_key.max(k.len());
        max_spaces = max_spaces.max(k.bytes().filter(|b| *b == b' ').count());
        if let Some(&b) = k.as_bytes().last()
            && b.is_ascii()
        {
            ascii_ends |= 1 << b;
        }
    }
    let keys = Names::new(key_pieces.iter().map(|(p, v)| (resolve(p), *v)));
    let mut by_domain = Map::with_capacity_and_hasher(domains.len(), Default::default());
    for (i, o) in orgs.iter().enumerate() {
        for d in o.domains {
            by_domain.entry(*d).or_insert(i as u32);
        }
    }
    Tables {
        orgs,
        keys,
        max_key,
        max_spaces,
        ascii_ends,
        by_domain,
        service_en: data::list(data::SERVICE_WORDS_EN).collect(),
        service_ja: data::list(data::SERVICE_WORDS_JA).collect(),
    }
}

/// Every organisation of both tiers.
pub fn all() -> &'static [Org] {
    &tables().orgs
}

/// The organisation whose name (any of its names) has exactly this skeleton.
pub fn by_name(name: &str) -> Option<&'static Org> {
    let t = tables();
    let sk = skeleton_lower(name);
    let v = t.keys.get(fnv_step(FNV_START, sk.as_bytes()), &sk)?;
    t.orgs.get((v >> 8) as usize)
}

/// The organisation whose domains contain `domain` (a host name: the domain or a subdomain of
/// it), in either tier.
pub fn owner_of(domain: &str) -> Option<&'static Org> {
    if domain.len() > MAX_HOST + 1 {
        return None;
    }
    let h = domain::normalize_host(domain)?;
    let t = tables();
    suffixes(&h)
        .find_map(|s| t.by_domain.get(s))
        .and_then(|i| t.orgs.get(*i as usize))
}

/// `a.b.c`, `b.c`, `c`.
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::once(host).chain(host.match_indices('.').map(move |(i, _)| &host[i + 1..]))
}

/// How `domain` (a From or DKIM domain) relates to `org`: its own (a listed domain or a
/// subdomain of one); carrying its name (the registrable domain's own label contains one of its
/// ASCII names: its name's letters, an own domain's label, a listed token; as a whole
/// hyphen-separated part for names of 3-4 letters, anywhere in the label for longer ones); or
/// unrelated.
/// The lower-case initials of an ASCII name of two words or more ("British Airways" -> "ba";
/// "Royal Bank of Canada" -> "rboc" and, without "of", "rbc" is not tried: only every word).
fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (words.len() >= 2 && name.is_ascii()).then(|| {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    })
}

/// Words an organisation's own mail domain adds to its name.
const MAIL_WORDS: &[&str] = &[
    "mail", "email", "mailer", "news", "info", "notify", "alerts", "messages",
];

pub fn relation(org: &Org, domain: &str) -> Relation {
    if domain.len() > MAX_HOST + 1 {
        return Relation::Unrelated;
    }
    let Some(d) = domain::normalize_host(domain) else {
        return Relation::Unrelated;
    };
    if org.domains.iter().any(|od| domain::is_within(&d, od)) {
        return Relation::Own;
    }
    let Some(reg) = domain::registrable(&d) else {
        return Relation::Unrelated;
    };
    let label = reg.split('.').next().unwrap_or("");
    // The initials of a name of two words or more as the whole label ("British Airways" and
    // ba.com, "Royal Bank of Canada" and rbc.com): organisations register them for their mail.
    // Not under a top-level domain where names cost nothing.
    if label.len() >= 2
        && crate::sites::risky_tld(&reg).is_none()
        && org
            .names
            .iter()
            .any(|n| initials(n).as_deref() == Some(label))
    {
        return Relation::Own;
    }
    let squashed: String = label.chars().filter(|c| *c != '-').collect();
    // A short name is carried only as a whole part of the label, or with one of the words an
    // organisation's own mail domain adds to its name ("lyftmail", "emailnetflix", "newsuber").
    let with_mail_word = |tok: &str| {
        MAIL_WORDS
            .iter()
            .any(|w| squashed.strip_prefix(tok) == Some(w) || squashed.strip_suffix(tok) == Some(w))
    };
    let carries = |tok: &str| {
        (tok.len() >= 5 && squashed.contains(tok))
            || (tok.len() >= 3 && (label.split('-').any(|p| p == tok) || with_mail_word(tok)))
    };
    let own_labels = org.domains.iter().filter_map(|d| d.split('.').next());
    let name_letters = org.names.iter().map(|n| {
        n.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    });
    if org.tokens.iter().copied().chain(own_labels).any(carries)
        || name_letters.into_iter().any(|n| carries(&n))
    {
        return Relation::CarriesName;
    }
    Relation::Unrelated
}

// Word edges and character classes: the brand registry's own rule (one rule for both tiers).
use crate::brands::{CharClass, class, whole_word};

/// The longest name that starts at `sk[i..]` and ends a whole word: (end, key value). An ASCII
/// name ends where a word ends, so in Latin text few ends are tried; in Japanese every character
/// up to the longest name.
fn longest_at(t: &Tables, sk: &str, i: usize) -> Option<(usize, u32)> {
    let mut best = None;
    let mut spaces = 0;
    let mut h = FNV_START;
    for (off, ch) in sk[i..].char_indices() {
        let e = i + off + ch.len_utf8();
        h = fnv_step(h, &sk.as_bytes()[i + off..e]);
        if e - i > t.max_key {
            break;
        }
        if ch == ' ' {
            spaces += 1;
            if spaces > t.max_spaces {
                break;
            }
        }
        let ends_word = sk[e..]
            .chars()
            .next()
            .is_none_or(|n| class(n) != class(ch) || class(ch) == CharClass::Other);
        let may_end = !ch.is_ascii() || t.ascii_ends & (1 << ch as u32) != 0;
        if ends_word
            && may_end
            && let Some(v) = t.keys.get(h, &sk[i..e])
            && whole_word(sk, i, e)
        {
            best = Some((e, v));
        }
    }
    best
}

/// Is the rest of the text (outside `sk[s..e]`) only service words and punctuation?
fn strong_position(t: &Tables, sk: &str, s: usize, e: usize) -> bool {
    let mut rest = format!("{} {}", &sk[..s], &sk[e..]);
    for w in &t.service_ja {
        if rest.contains(w) {
            rest = rest.replace(w, " ");
        }
    }
    let other_script = rest.chars().any(|c| !c.is_ascii() && c.is_alphanumeric());
    !other_script
        && rest
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && w.bytes().any(|b| b.is_ascii_alphabetic()))
            .all(|w| t.service_en.contains(&w))
}

/// Is the name written as listed, or in capitals ("Notion", "NOTION"; not "notion")? Common
/// names are ASCII words.
fn same_case(written: &str, name: &str) -> bool {
    let (w, n) = (skeleton_cased(written), skeleton_cased(name));
    w == n || w == n.to_ascii_uppercase()
}

/// The organisations of both tiers named in `text` (a display name or a subject): whole words,
/// compared on the confusable skeleton ("Ｎｅｔｆｌｉｘ", Cyrillic "Nеtflix"), leftmost-longest and
/// not overlapping, with where each stands in `text`. An organisation whose name is `common`
/// is named only in a strong position, written with its case: "Notion Team" and "NOTION" name
/// Notion, "notion" and "Notion Smith" do not. Institution names with an abbreviated suffix or
/// a JA prefix (千葉信金, JA東京スマイル) find the institution zengin-code lists under its full name.
pub fn named_in(text: &str) -> Vec<OrgHit> {
    let text = crate::html::clip(text, MAX_TEXT);
    let hits = named_in_text(text);
    // Hyphens and underscores written between the words of a name ("-Albert-Heijn Cadeau") keep
    // it from being read; when nothing was found, they are read as spaces (one byte for one, so
    // the spans still point into `text`). Names that contain a hyphen match on the first pass.
    if hits.is_empty() && text.contains(['-', '_']) {
        return named_in_text(&text.replace(['-', '_'], " "));
    }
    hits
}

fn named_in_text(text: &str) -> Vec<OrgHit> {
    let mut hits: Vec<OrgHit> = Vec::new();
    if text.trim().is_empty() {
        return hits;
    }
    let t = tables();
    let (sk, at) = skeleton_mapped(text, true);
    let span =
        |s: usize, e: usize| at.get(s).copied().unwrap_or(0)..at.get(e).copied().unwrap_or(0);
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < sk.len() {
        let Some(c) = sk[i..].chars().next() else {
            break;
        };
        // A Latin or katakana name starts a word: no lookup inside one.
        let starts_word = class(c) == CharClass::Other || prev.is_none_or(|p| class(p) != class(c));
        prev = Some(c);
        if !starts_word {
            i += c.len_utf8();
            continue;
        }
        if let Some((e, v)) = longest_at(t, &sk, i) {
            let org = &t.orgs[(v >> 8) as usize];
            let name = org
                .names
                .get((v & 0xff) as usize)
                .copied()
                .unwrap_or(org.name);
            let strong = strong_position(t, &sk, i, e);
            let sp = span(i, e);
            if !org.common || (strong && same_case(&text[sp.clone()], name)) {
                hits.push(OrgHit {
                    org,
                    name,
                    span: sp,
                    strong,
                });
            }
            prev = sk[..e].chars().next_back();
            i = e;
            continue;
        }
        i += c.len_utf8();
    }
    for inst in institutions(text) {
        let Some(full) = inst.canonical.as_deref() else {
            continue;
        };
        if hits
            .iter()
            .any(|h| h.span.start < inst.span.end && inst.span.start < h.span.end)
        {
            continue;
        }
        let Some(org) = by_name(full) else { continue };
        let (s, e) = (
            at.iter().position(|&o| o >= inst.span.start).unwrap_or(0),
            at.iter()
                .position(|&o| o >= inst.span.end)
                .unwrap_or(sk.len()),
        );
        hits.push(OrgHit {
            org,
            name: org.name,
            strong: strong_position(t, &sk, s, e),
            span: inst.span,
        });
    }
    hits.sort_by_key(|h| h.span.start);
    hits
}

#[cfg(test)]
mod tests;
