use super::*;
use crate::brands;

fn named(text: &str) -> Vec<&'static str> {
    named_in(text).iter().map(|h| h.org.name).collect()
}

fn org(name: &str) -> &'static Org {
    by_name(name).unwrap_or_else(|| panic!("{name} is listed"))
}

#[test]
fn tiers_are_loaded() {
    let gen_count = all().iter().filter(|o| o.tier == Tier::Generated).count();
    let japan = all().iter().filter(|o| o.tier == Tier::Japan).count();
    assert!(gen_count > 2000, "{gen_count}");
    assert!(japan > 1100, "{japan}");
    for o in all() {
        assert_eq!(o.names.first(), Some(&o.name));
        assert!(!o.name.is_empty());
    }
    // Every zengin-code kind reaches the tables, with its full name.
    for name in [
        "千葉信用金庫",
        "城南信用金庫",
        "東京スマイル農業協同組合",
        "セブン銀行",
    ] {
        assert_eq!(org(name).name, name);
    }
    assert_eq!(org("城南信用金庫").kind, OrgKind::Cooperative);
    assert_eq!(org("城南信用金庫").tier, Tier::Japan);
    assert!(org("城南信用金庫").domains.is_empty());
    assert_eq!(org("Spotify").kind, OrgKind::Brand);
    assert_eq!(org("Spotify").domains, ["spotify.com"]);
}

#[test]
fn japanese_bank_named_and_compared_with_its_domains() {
    let hits = named_in("ソニー銀行");
    assert_eq!(hits.len(), 1);
    let sony = hits[0].org;
    assert_eq!(sony.name, "ソニー銀行");
    assert_eq!(sony.kind, OrgKind::Bank);
    assert_eq!(hits[0].span, 0.."ソニー銀行".len());
    assert!(hits[0].strong);
    assert_eq!(relation(sony, "sonybank.net"), Relation::Own);
    assert_eq!(relation(sony, "mail.sonybank.net"), Relation::Own);
    assert_eq!(relation(sony, "MAIL.SonyBank.NET."), Relation::Own);
    assert_eq!(relation(sony, "sony-bank-login.top"), Relation::CarriesName);
    assert_eq!(relation(sony, "sonybank-jp.top"), Relation::CarriesName);
    assert_eq!(relation(sony, "example.top"), Relation::Unrelated);
    // The name in a subdomain of someone else's domain is not carrying it.
    assert_eq!(relation(sony, "sonybank.example.top"), Relation::Unrelated);
    assert_eq!(
        relation(sony, "sonybank.net.example.top"),
        Relation::Unrelated
    );
    assert_eq!(relation(sony, ""), Relation::Unrelated);
    assert_eq!(
        owner_of("news.sonybank.net").map(|o| o.name),
        Some("ソニー銀行")
    );
    // In context: a display name with service words, and a subject.
    let hits = named_in("【重要】ソニー銀行カスタマーセンター");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].org.name, "ソニー銀行");
    assert!(!hits[0].strong, "【重要】 is not a service word");
    let hits = named_in("ソニー銀行 カスタマーセンター");
    assert!(hits[0].strong);
    assert_eq!(named("ソニー銀行からのお知らせ"), ["ソニー銀行"]);
    // Full-width and half-width forms read the same.
    assert_eq!(named("ｿﾆｰ銀行"), ["ソニー銀行"]);
    // Not a name: ソニー alone, or a longer katakana word.
    assert!(named("ソニーストア").is_empty());
}

#[test]
fn zengin_institutions_by_full_and_short_names() {
    assert_eq!(named("千葉信用金庫"), ["千葉信用金庫"]);
    assert_eq!(named("千葉信金からのお知らせ"), ["千葉信用金庫"]);
    assert_eq!(named("千葉銀行"), ["千葉銀行"]);
    assert_eq!(org("千葉銀行").domains, ["chibabank.co.jp"]);
    assert_eq!(named("JA東京スマイル"), ["東京スマイル農業協同組合"]);
    assert_eq!(named("杜の都信用金庫 事務局"), ["杜の都信用金庫"]);
    let h = &named_in("各位 千葉信金 業務部")[0];
    assert_eq!(&"各位 千葉信金 業務部"[h.span.clone()], "千葉信金");
    // Banks without a listed domain: every domain is unrelated.
    let jonan = org("城南信用金庫");
    assert_eq!(relation(jonan, "jsbank.co.jp"), Relation::Unrelated);
    // Names that are no institution.
    assert!(named("銀行口座の確認").is_empty());
    assert!(named("お客様の銀行").is_empty());
}

#[test]
fn generated_names_whole_words_and_skeletons() {
    assert_eq!(named("Spotify"), ["Spotify"]);
    assert_eq!(named("Spotify Premium Team"), ["Spotify"]);
    assert!(named_in("Spotify Premium Team")[0].strong);
    assert_eq!(named("Ｓｐｏｔｉｆｙ"), ["Spotify"]);
    assert_eq!(named("Sp\u{043e}tify"), ["Spotify"]); // Cyrillic o
    assert_eq!(named("Your Airbnb reservation"), ["Airbnb"]);
    assert!(!named_in("Your Airbnb reservation")[0].strong);
    assert_eq!(named("American Airlines AAdvantage"), ["American Airlines"]);
    assert!(named("Spotifyx").is_empty());
    assert!(named("xSpotify").is_empty());
    let text = "Re: Ｕｂｅｒ receipt";
    let h = &named_in(text)[0];
    assert_eq!(h.org.name, "Uber");
    assert_eq!(&text[h.span.clone()], "Ｕｂｅｒ");
    assert_eq!(relation(org("Uber"), "em.uber.com"), Relation::Own);
    assert_eq!(
        relation(org("Uber"), "uberrefund.top"),
        Relation::Unrelated,
        "4 letters: only a whole part"
    );
    assert_eq!(
        relation(org("Uber"), "uber-support.top"),
        Relation::CarriesName
    );
    assert_eq!(relation(org("Uber"), "superuber.top"), Relation::Unrelated);
    // A short name with a word of the organisation's own mail domains is carried; initials of a
    // name of two words or more are its own, as the whole label, not on a throwaway TLD.
    for (name, domain, want) in [
        ("Lyft", "lyftmail.com", Relation::CarriesName),
        ("Uber", "emailuber.top", Relation::CarriesName),
        ("Lyft", "lyftmailer2.com", Relation::Unrelated),
        ("British Airways", "crm.ba.com", Relation::Own),
        ("British Airways", "ba-club.com", Relation::Unrelated),
        ("British Airways", "ba.top", Relation::Unrelated),
        ("British Airways", "bax.com", Relation::Unrelated),
    ] {
        assert_eq!(relation(org(name), domain), want, "{name} / {domain}");
    }
    assert_eq!(
        relation(org("Spotify"), "spotifysecure.top"),
        Relation::CarriesName
    );
    assert_eq!(
        owner_of("email.spotify.com").map(|o| o.name),
        Some("Spotify")
    );
    assert_eq!(owner_of("spotify.com.example.top"), None);
}

#[test]
fn common_words_need_a_strong_position_and_their_case() {
    for name in [
        "Notion", "Shell", "Square", "Target", "Zoom", "Signal", "Opera", "Delta", "Hugo",
    ] {
        if let Some(o) = by_name(name) {
            assert!(o.common, "{name}");
        }
    }
    assert!(!org("Spotify").common);
    assert_eq!(named("Notion"), ["Notion"]);
    assert_eq!(named("Notion Team"), ["Notion"]);
    assert_eq!(named("NOTION"), ["Notion"]);
    assert!(named("notion").is_empty());
    assert!(named("Notion Smith").is_empty(), "a person's name");
    assert!(named("Some notion of time").is_empty());
    assert!(named("Meet me at the Square").is_empty());
    assert_eq!(named("Square Support"), ["Square"]);
    // A common word in a phrase that is itself a name is not the organisation.
    assert!(named("Delta Smith").is_empty());
}

#[test]
fn institution_names() {
    let i = institution("ソニー銀行").unwrap();
    assert_eq!(
        (i.kind, i.name.as_str(), i.name_part.as_str()),
        (InstitutionKind::Bank, "ソニー銀行", "ソニー")
    );
    let i = institution("【重要】株式会社ソニー銀行より").unwrap();
    assert_eq!(i.name_part, "ソニー");
    let i = institution("ご利用の横浜銀行からのお知らせ").unwrap();
    assert_eq!(i.name_part, "横浜");
    let i = institution("北海道信金").unwrap();
    assert_eq!(i.kind, InstitutionKind::Cooperative);
    assert_eq!(i.canonical.as_deref(), Some("北海道信用金庫"));
    let i = institution("三井住友カード").unwrap();
    assert_eq!(
        (i.kind, i.name_part.as_str()),
        (InstitutionKind::Card, "三井住友")
    );
    let i = institution("ＳＢＩ証券").unwrap();
    assert_eq!(
        (i.kind, i.name_part.as_str()),
        (InstitutionKind::Securities, "SBI")
    );
    assert_eq!(i.name, "ＳＢＩ証券");
    assert_eq!(institution("国税庁").unwrap().kind, InstitutionKind::Tax);
    assert_eq!(institution("○○税務署").unwrap().kind, InstitutionKind::Tax);
    assert_eq!(
        institution("渋谷区役所").unwrap().kind,
        InstitutionKind::Municipal
    );
    assert_eq!(
        institution("日本年金機構").unwrap().kind,
        InstitutionKind::Pension
    );
    assert_eq!(
        institution("マイナポイント事務局").unwrap().kind,
        InstitutionKind::SupportDesk
    );
    assert_eq!(
        institution("Amazonサポートセンター").unwrap().name_part,
        "Amazon"
    );
    // English.
    let i = institution("First Example Bank").unwrap();
    assert_eq!(
        (i.kind, i.name_part.as_str()),
        (InstitutionKind::Bank, "First Example")
    );
    let i = institution("Security Alert from Bank of Springfield").unwrap();
    assert_eq!(
        (i.kind, i.name_part.as_str()),
        (InstitutionKind::Bank, "Springfield")
    );
    assert_eq!(i.name, "Bank of Springfield");
    let i = institution("Springfield Federal Credit Union").unwrap();
    assert_eq!(
        (i.kind, i.name_part.as_str()),
        (InstitutionKind::Cooperative, "Springfield")
    );
    assert_eq!(
        institution("Acme Card Services").unwrap().kind,
        InstitutionKind::Card
    );
    assert_eq!(
        institution("Internal Revenue Service").unwrap().kind,
        InstitutionKind::Tax
    );
    assert_eq!(
        institution("Springfield City Hall").unwrap().kind,
        InstitutionKind::Municipal
    );
    assert_eq!(
        institution("U.S. Customs").unwrap().kind,
        InstitutionKind::Customs
    );
    // Chinese.
    let i = institution("中国工商银行客服中心").unwrap();
    assert_eq!(
        (i.kind, i.name_part.as_str()),
        (InstitutionKind::Bank, "中国工商")
    );
    assert_eq!(
        institution("国家税务总局").unwrap().kind,
        InstitutionKind::Tax
    );
    assert_eq!(institution("海关").unwrap().kind, InstitutionKind::Customs);
    assert_eq!(
        institution("招商证券").unwrap().kind,
        InstitutionKind::Securities
    );
    // Not institutions.
    for text in [
        "お客様の銀行口座",
        "銀行振込のご案内",
        "ネット銀行",
        "Online Bank",
        "your bank account",
        "Contact your Bank",
        "bank holiday",
        "您的银行账户",
        "手机银行",
        "反省",
        "customs and traditions",
        "Hello",
        "",
    ] {
        assert_eq!(institution(text), None, "{text}");
    }
}

#[test]
fn the_registry_wins_and_the_tiers_do_not_contradict_it() {
    let registry_names: Vec<String> = brands::all()
        .iter()
        .flat_map(|b| std::iter::once(&b.name).chain(&b.names))
        .map(|n| brands::skeleton(n))
        .collect();
    let registry_domains: Vec<&str> = brands::all()
        .iter()
        .flat_map(|b| {
            b.sender_domains
                .iter()
                .chain(&b.link_domains)
                .chain(&b.related_domains)
                .chain(&b.user_domains)
        })
        .map(String::as_str)
        .collect();
    for o in all() {
        for n in o.names {
            assert!(
                !registry_names.contains(&brands::skeleton(n)),
                "{n} ({}) is in data/brands.json",
                o.name
            );
        }
        for d in o.domains {
            assert!(
                !registry_domains
                    .iter()
                    .any(|r| domain::is_within(d, r) || domain::is_within(r, d)),
                "{d} ({}) is a registry brand's",
                o.name
            );
            assert!(brands::owner_of(d).is_none(), "{d}");
        }
    }
}

#[test]
fn every_domain_is_registrable_and_every_name_is_one_organisations() {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for o in all() {
        for d in o.domains {
            assert_eq!(domain::registrable(d).as_deref(), Some(*d), "{}", o.name);
            // Products of one organisation may share its domain (Apache, Apache Airflow).
            assert!(owner_of(d).is_some_and(|x| x.domains.contains(d)), "{d}");
        }
        for n in o.names {
            let sk = skeleton_lower(n);
            if let Some(other) = seen.insert(sk.clone(), o.name) {
                assert_eq!(other, o.name, "{n}: two organisations");
            }
        }
    }
}

#[test]
fn hostile_input_is_bounded() {
    let long = "Spotify ".repeat(10_000);
    let hits = named_in(&long);
    assert!(!hits.is_empty() && hits.len() <= MAX_TEXT / 8 + 1);
    assert!(hits.iter().all(|h| h.span.end <= MAX_TEXT));
    let cjk = "銀行".repeat(5_000);
    assert!(named_in(&cjk).is_empty());
    assert!(institutions(&cjk).is_empty());
    let mixed = "ソニー銀行\u{0}\u{202e}\u{fffd}𝔖𝔬𝔫𝔶 Ｂａｎｋ".repeat(500);
    let _ = named_in(&mixed);
    let _ = institutions(&mixed);
    for s in [
        "\u{0}",
        "\u{200b}\u{200b}",
        "..",
        "@",
        "銀",
        "Bank",
        "Bank of",
        "JA",
        "  ",
    ] {
        let _ = named_in(s);
        let _ = institutions(s);
        let _ = owner_of(s);
        let _ = relation(org("Spotify"), s);
    }
    assert_eq!(owner_of(&"a.".repeat(300)), None);
    assert_eq!(
        relation(org("Spotify"), &"spotify".repeat(100)),
        Relation::Unrelated
    );
}

/// Hyphens or underscores between the words of a name do not hide it; a name written with its
/// own hyphen still matches as written, and the span points into the text given.
#[test]
fn names_written_with_hyphens_between_their_words() {
    let text = "-Albert-Heijn Cadeaucentrum!";
    let hits = named_in(text);
    assert_eq!(
        hits.len(),
        1,
        "{:?}",
        hits.iter().map(|h| h.name).collect::<Vec<_>>()
    );
    assert_eq!(hits[0].org.name, "Albert Heijn");
    assert_eq!(&text[hits[0].span.clone()], "Albert-Heijn");
    assert!(
        named_in("Albert_Heijn")
            .iter()
            .any(|h| h.org.name == "Albert Heijn")
    );
    assert!(named_in("albertheijn-fan").is_empty());
}
