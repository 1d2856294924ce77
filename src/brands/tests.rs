use super::*;
use crate::model::{Header, Mail, Mailbox};

fn has_script(names: &[String], f: fn(char) -> bool) -> bool {
    names.iter().any(|n| n.chars().any(f))
}
fn kana(c: char) -> bool {
    ('\u{3040}'..='\u{30FF}').contains(&c)
}
fn han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[test]
fn registry_has_required_brands_with_names_and_domains() {
    assert!(all().len() >= 50, "only {} brands", all().len());
    let required = [
        "amazon",
        "apple",
        "microsoft",
        "google",
        "paypal",
        "netflix",
        "rakuten",
        "smbc_card",
        "jcb",
        "aeon_card",
        "mufg",
        "mizuho",
        "resona",
        "jp_bank",
        "japan_post",
        "yamato",
        "sagawa",
        "docomo",
        "au",
        "softbank",
        "yahoo_japan",
        "line",
        "mercari",
        "paypay",
        "eki_net",
        "etc_meisai",
        "nta",
        "dhl",
        "fedex",
        "ups",
        "usps",
        "chase",
        "bank_of_america",
        "wells_fargo",
        "coinbase",
        "binance",
        "metamask",
        "meta",
        "linkedin",
        "docusign",
        "dropbox",
        "adobe",
        "steam",
        "alibaba",
        "alipay",
        "jd",
        "wechat",
        "tepco",
        "ja_bank",
        "jibun_bank",
        "rokin",
        "amex",
        "saison",
    ];
    for id in required {
        let b = by_id(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(!b.names.is_empty() && !b.sender_domains.is_empty(), "{id}");
        for s in &b.names_strict {
            assert!(b.names.contains(s), "{id}: strict name {s} not in names");
        }
    }
    // Names in three scripts where they exist.
    for id in [
        "amazon",
        "apple",
        "microsoft",
        "google",
        "paypal",
        "netflix",
        "rakuten",
        "softbank",
        "fedex",
        "binance",
        "meta",
        "linkedin",
        "alibaba",
        "jd",
    ] {
        let b = by_id(id).unwrap();
        assert!(
            has_script(&b.names, |c| c.is_ascii_alphabetic()),
            "{id}: no Latin name"
        );
        assert!(
            has_script(&b.names, han) || id == "google",
            "{id}: no Chinese name"
        );
        assert!(
            has_script(&b.names, kana) || has_script(&b.names, han),
            "{id}: no Japanese name"
        );
    }
    for id in [
        "amazon", "apple", "google", "paypal", "netflix", "softbank", "fedex", "binance", "meta",
        "linkedin", "alibaba", "jd", "wechat", "mercari", "docomo",
    ] {
        assert!(
            has_script(&by_id(id).unwrap().names, kana),
            "{id}: no katakana name"
        );
    }
    let mut ids: Vec<&str> = all().iter().map(|b| b.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all().len(), "duplicate ids");
}

#[test]
fn amazon_has_every_store_and_japanese_sending_domains() {
    let a = by_id("amazon").unwrap();
    let names: Vec<&str> = a.names.iter().map(|s| s.as_str()).collect();
    for n in [
        "Amazon",
        "アマゾン",
        "亚马逊",
        "Amazonプライム",
        "Amazon.co.jp",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    for d in [
        "amazon.com",
        "amazon.co.jp",
        "amazon.jp",
        "amazon.ca",
        "amazon.com.mx",
        "amazon.com.br",
        "amazon.co.uk",
        "amazon.de",
        "amazon.fr",
        "amazon.it",
        "amazon.es",
        "amazon.nl",
        "amazon.se",
        "amazon.pl",
        "amazon.com.be",
        "amazon.com.tr",
        "amazon.ae",
        "amazon.sa",
        "amazon.eg",
        "amazon.in",
        "amazon.sg",
        "amazon.com.au",
        "amazon.cn",
        "business.amazon.co.jp",
        "email.amazon.com",
        "marketplace.amazon.co.jp",
        "m.marketplace.amazon.co.jp",
        "gc.email.amazon.co.jp",
        "gc.amazon.co.jp",
        "payments.amazon.co.jp",
        "amazonbusiness.jp",
    ] {
        assert!(
            a.sender_domains.iter().any(|s| s == d),
            "{d} not a sender domain"
        );
        assert!(may_send(a, d), "{d}");
    }
    assert!(may_send(a, "bounces.amazon.com"));
    assert!(!may_send(a, "amazonses.com"), "SES proves only SES");
    assert!(!may_send(a, "a13-167.smtp-out.amazonses.com"));
    assert!(!may_send(a, "amazon.co.jp.evil.top"));
    assert_eq!(a.report_to.as_deref(), Some("stop-spoofing@amazon.com"));
}

#[test]
fn a_government_service_mails_from_its_portals_domain() {
    // マイナポータル mails from its own myna.go.jp (run by the Digital Agency, digital.go.jp).
    let s = by_id("soumu").expect("soumu");
    for d in ["soumu.go.jp", "myna.go.jp", "digital.go.jp"] {
        assert!(may_send(s, d), "{d}");
    }
    assert!(!may_send(s, "myna-go-jp.top"));
}

#[test]
fn may_send_and_owner_of() {
    let g = by_id("google").unwrap();
    assert!(may_send(g, "google.com"));
    assert!(!may_send(g, "gmail.com"), "gmail users are not Google");
    assert_eq!(
        owner_of("www.amazon.co.jp").map(|b| b.id.as_str()),
        Some("amazon")
    );
    assert_eq!(
        owner_of("cr.mufg.jp").map(|b| b.id.as_str()),
        Some("mufg_nicos")
    );
    assert_eq!(
        owner_of("www.bk.mufg.jp").map(|b| b.id.as_str()),
        Some("mufg")
    );
    assert_eq!(
        owner_of("jp-bank.japanpost.jp").map(|b| b.id.as_str()),
        Some("jp_bank")
    );
    assert_eq!(
        owner_of("www.rakuten-card.co.jp").map(|b| b.id.as_str()),
        Some("rakuten_card")
    );
    assert!(owner_of("amazon.co.jp.evil.top").is_none());
    assert!(owner_of("evil-amazon.co.jp").is_none());
    assert!(owner_of("").is_none());
    assert!(!may_send(by_id("softbank").unwrap(), "i.softbank.jp"));
}

#[test]
fn skeleton_cases() {
    for s in [
        "Amaz0n",
        "\u{0410}mazon",
        "ａｍａｚｏｎ",
        "A\u{034F}m\u{034F}a\u{034F}z\u{034F}o\u{034F}n",
        "A\u{073F}m\u{073F}a\u{073F}z\u{073F}on S\u{073F}e\u{073F}r\u{073F}v\u{073F}ic\u{073F}e",
        "A\u{200B}m\u{200D}a\u{202E}z\u{FEFF}on",
        "ＡＭＡＺＯＮ",
        "Amazón",
        "Arnazon",
    ] {
        assert!(skeleton(s).contains("amazon"), "{s:?} -> {:?}", skeleton(s));
    }
    assert!(skeleton("PayPa1").contains("paypal"));
    assert!(skeleton("ｱﾏｿﾞﾝ").contains("アマゾン"));
    assert_eq!(skeleton("楽天カード"), "楽天カード");
    assert_eq!(skeleton("Release 2.1.0"), "release 2.1.0");
}

fn look(h: &str) -> Option<(String, LookalikeKind)> {
    lookalike(h).map(|l| (l.brand.id.clone(), l.kind))
}

#[test]
fn lookalike_positives() {
    use LookalikeKind::*;
    let cases = [
        ("amaz0n.co.jp", "amazon", Confusable),
        ("xn--mazon-3ve.com", "amazon", MixedScriptPunycode),
        ("\u{0430}mazon.com", "amazon", MixedScriptPunycode),
        (
            "amazon-co-jp.acount-secure.top",
            "amazon",
            BrandInUnrelatedDomain,
        ),
        (
            "www.amazon.co.jp.evil.example",
            "amazon",
            BrandInUnrelatedDomain,
        ),
        ("amazon.co.jp.evil.top", "amazon", BrandInUnrelatedDomain),
        ("paypa1.com", "paypal", Confusable),
        ("secure-paypal-login.com", "paypal", BrandInUnrelatedDomain),
        (
            "rakuten-card.co.jp.xyz123.cn",
            "rakuten_card",
            BrandInUnrelatedDomain,
        ),
        (
            "smbc-card.com.secure-login.top",
            "smbc_card",
            BrandInUnrelatedDomain,
        ),
        ("smbc-card-secure.com", "smbc_card", BrandInUnrelatedDomain),
        (
            "accout.vpass.wtlvrns.cn",
            "smbc_card",
            BrandInUnrelatedDomain,
        ),
        ("www.jcb.ycffcje.cn", "jcb", BrandInUnrelatedDomain),
        ("jcb-cre.co", "jcb", BrandInUnrelatedDomain),
        ("www.eki-net.yjldwl.com", "eki_net", BrandInUnrelatedDomain),
        (
            "etc-meisai.zwwlsoft.com",
            "etc_meisai",
            BrandInUnrelatedDomain,
        ),
        ("rnercari-jp.com", "mercari", Confusable),
        ("amazom.com", "amazon", EditDistance),
        ("netfilx-billing.com", "netflix", EditDistance),
        ("steamcommunnity.com", "steam", EditDistance),
        (
            "online-tepco-service.online-update-support.workers.dev",
            "tepco",
            BrandInUnrelatedDomain,
        ),
        ("au.com.login-id.top", "au", BrandInUnrelatedDomain),
    ];
    for (h, id, kind) in cases {
        assert_eq!(look(h), Some((id.to_string(), kind)), "{h}");
    }
}

#[test]
fn lookalike_negatives() {
    for h in [
        "www.amazon.co.jp",
        "amazon.com",
        "aws.amazon.com",
        "amazon.de",
        "a13-167.smtp-out.amazonses.com",
        "s3.amazonaws.com",
        "kernel.org",
        "lore.kernel.org",
        "gmail.com",
        "github.com",
        "googlegroups.com",
        "lwn.net",
        "mail.google.com",
        "smbc-card.com",
        "www.smbc-card.com",
        "vpass.ne.jp",
        "line.me",
        "list-manage.com",
        "us5.list-manage.com",
        "mcusercontent.com",
        "sendgrid.net",
        "u123.ct.sendgrid.net",
        "click.mailchimp.com",
        "online.example.com",
        "cloud.example.com",
        "finance.example.com",
        "webchat.example.com",
        "au.example.com",
        "ups.example.com",
        "www.visa-info.example.org",
        "amazonas.gov.br",
        "resonance.io",
        "electronicos.com",
        "lineage.example",
        "timeline.com",
        "applebees.com",
        "pineapple.com",
        "steamboat.com",
        "chase-street.org",
        "192.0.2.1",
        "",
        ".",
        "co.jp",
        "freedesktop.org",
        "redhat.com",
        "linux.dev",
        "intel.com",
        "infradead.org",
        "vger.kernel.org",
        "microsoft.com",
        "outlook.office365.com",
        "login.microsoftonline.com",
        "xn--zckzah.jp",
    ] {
        assert_eq!(look(h), None, "{h}");
    }
}

fn mail(display: Option<&str>, addr: &str, subject: &str, body: &str) -> Mail<'static> {
    Mail {
        from: vec![Mailbox {
            name: display.map(|s| s.to_string()),
            address: Some(addr.to_string()),
        }],
        subject: Some(subject.to_string()),
        body_text: body.to_string(),
        ..Mail::default()
    }
}

fn claim_of(m: &Mail) -> Option<(String, ClaimSource)> {
    claimed(m).map(|c| (c.brand.id.clone(), c.source))
}

#[test]
fn claims_from_each_position() {
    use ClaimSource::*;
    let m = mail(Some("Aܿmܿaܿzܿon Sܿeܿrܿvܿicܿe"), "x@evil.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("amazon".into(), DisplayName)));
    assert_eq!(claimed(&m).unwrap().evidence, "Aܿmܿaܿzܿon Sܿeܿrܿvܿicܿe");
    let m = mail(Some("Apple Support"), "x@evil.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("apple".into(), DisplayName)));
    let m = mail(Some(" N.E.T.F.L.I.X "), "x@evil.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("netflix".into(), DisplayName)));
    let m = mail(Some("Mcafee™"), "x@evil.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("mcafee".into(), DisplayName)));
    let m = mail(Some("LINE株式会社"), "x@evil.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("line".into(), DisplayName)));
    let m = mail(Some("三井住友カード"), "x@evil.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("smbc_card".into(), DisplayName)));
    let m = mail(None, "no-reply@amazon-co-jp.acount-secure.top", "hello", "");
    assert_eq!(claim_of(&m), Some(("amazon".into(), FromDomain)));
    let m = mail(Some("John"), "auto-confirm@amazon.co.jp", "hello", "");
    assert_eq!(claim_of(&m), Some(("amazon".into(), FromDomain)));
    let m = mail(
        Some("Info"),
        "x@evil.top",
        "【楽天市場】ご注文内容の確認",
        "",
    );
    assert_eq!(claim_of(&m), Some(("rakuten".into(), Subject)));
    let m = mail(Some("Info"), "x@evil.top", "【LINE】アカウント確認", "");
    assert_eq!(claim_of(&m), Some(("line".into(), Subject)));
    let mut m = mail(Some("Info"), "x@evil.top", "お知らせ", "");
    m.html = vec!["<img alt=\"PayPal\" src=x>".into()];
    let alt = crate::html::img_alts(&m.html[0]);
    if !alt.is_empty() {
        assert_eq!(claim_of(&m), Some(("paypal".into(), LogoAlt)));
    }
    let mut m = mail(Some("Shop"), "x@shop.example", "News", "");
    m.html = vec!["<img alt=\"Shop\"><p>x</p><img alt=\"Facebook\"><img alt=\"Twitter\"><img alt=\"Instagram\">".into()];
    assert_eq!(claim_of(&m), None, "social icons are not a logo");
    let m = mail(
        Some("Support <someone@hotmail.com>"),
        "x@evil.top",
        "hi",
        "",
    );
    assert_eq!(
        claim_of(&m),
        None,
        "a hotmail customer's address is not Microsoft"
    );
    let m = mail(
        Some("Bonus"),
        "x@evil.top",
        "someone@hotmail.com, get your bonus",
        "",
    );
    assert_eq!(claim_of(&m), None);
    let body = "Amazonをご利用いただきありがとうございます。\nお客様のアカウントは停止されました。\n\
                以下のリンクから確認してください。\nAmazon.co.jp カスタマーサービス";
    let m = mail(Some("Info"), "x@evil.top", "重要なお知らせ", body);
    assert_eq!(claim_of(&m), Some(("amazon".into(), Body)));
}

#[test]
fn no_claim_on_ordinary_text() {
    for (d, a, s, b) in [
        (
            Some("Chase Smith"),
            "chase@example.org",
            "Lunch",
            "See you at noon.",
        ),
        (
            Some("Line Manager"),
            "x@example.org",
            "Re: line 42",
            "The line is too long.",
        ),
        (
            Some("Linus"),
            "x@example.org",
            "[PATCH] fix apple silicon line buffer",
            "Apple M1 steam line au ups",
        ),
        (
            Some("佐藤みずほ"),
            "x@example.jp",
            "打ち合わせ",
            "よろしくお願いします。",
        ),
        (
            Some("田中"),
            "x@example.jp",
            "オンラインショップの件",
            "オンラインで確認しました。",
        ),
        (
            Some("Dev"),
            "x@example.org",
            "build",
            "Tested on Amazon EC2 once. Contact me at bob@google.com.",
        ),
        (Some("x"), "x@gmail.com", "hi", "hello"),
        (Some("x"), "x@icloud.com", "hi", "hello"),
    ] {
        let m = mail(d, a, s, b);
        assert_eq!(claim_of(&m), None, "{d:?} {a} {s} {b}");
    }
}

/// "Katie From Ledger" presents Ledger (a person speaking for it); "Iedger" and "Ledger Iive"
/// write the l with a capital I. Ordinary words that start with I, and a strict name before
/// "from", claim nothing.
#[test]
fn display_name_person_from_brand_and_capital_i_for_l() {
    for d in [
        "Katie From Ledger",
        "Hiba from Ledger",
        "Amie from Iedger",
        "Ledger Iive \u{a9}",
    ] {
        let m = mail(Some(d), "x@evil.example", "Notice", "");
        assert_eq!(claim_of(&m).map(|c| c.0), Some("ledger".to_string()), "{d}");
    }
    for d in [
        "Chase from Accounting",
        "Ivan from Ledgerwood Farms",
        "Info Inbox",
        "Ingrid Ledger",
    ] {
        let m = mail(Some(d), "x@example.org", "Lunch", "See you at noon.");
        assert_eq!(claim_of(&m), None, "{d}");
    }
}

#[test]
fn list_mail_subject_does_not_claim() {
    let mut m = mail(
        Some("Dev Person"),
        "dev@example.org",
        "[PATCH] net: ena: Amazon ENA fix",
        "",
    );
    m.headers
        .push(Header::new("List-Id", "<netdev.vger.kernel.org>"));
    assert_eq!(claim_of(&m), None);
}

#[test]
fn hostile_input_does_not_panic() {
    let long = "Ａ\u{034F}".repeat(100_000);
    let _ = skeleton(&long);
    let m = mail(Some(&long), "x@\u{0430}.\u{0430}", &long, &long);
    let many = "b.".repeat(50_000) + "amazon.com";
    assert!(owner_of(&many).is_none() && lookalike(&many).is_none());
    assert!(!may_send(by_id("amazon").unwrap(), &many));
    let _ = claimed(&m);
    for h in [
        "xn--",
        "xn--.com",
        "xn--zzzzzzzzzzzzzzzzzzzzz.com",
        "a..b",
        "-.-",
        "@@",
        "xn--99999999999.jp",
    ] {
        let _ = lookalike(h);
        let _ = owner_of(h);
    }
}

#[test]
fn alt_attribute_pre_check() {
    use super::has_alt_attribute as has;
    for yes in [
        "<img alt=x>",
        "<IMG ALT = 'x'>",
        "<img alt\n\t=x>",
        "<p>salt=1</p>",
        "alt=",
    ] {
        assert!(has(yes), "{yes:?}");
    }
    for no in [
        "<img src=x>",
        "<img alt>",
        "al t=",
        "alt",
        "=alt",
        "<img alt-x=1>",
        "",
    ] {
        assert!(!has(no), "{no:?}");
    }
}

/// Strict names are matched in their own case and in upper case; upper-casing their skeletons as
/// ASCII (no Unicode case table in the wasm) must give what full upper-casing gives.
#[test]
fn strict_name_skeletons_upper_case_as_ascii() {
    for b in all() {
        for n in &b.names_strict {
            let sk = skeleton::skeleton_cased(n);
            assert_eq!(sk.to_ascii_uppercase(), sk.to_uppercase(), "{}: {n}", b.id);
        }
    }
}
