use super::*;
use crate::model::{Attachment, Header, Mailbox};

fn mb(name: Option<&str>, addr: &str) -> Mailbox {
    Mailbox {
        name: name.map(String::from),
        address: Some(addr.to_string()),
    }
}

fn mail(subject: &str, body: &str) -> Mail<'static> {
    Mail {
        headers: vec![
            Header::new("From", "Shop <info@shop.example>"),
            Header::new("Subject", subject),
        ],
        from: vec![mb(Some("Shop"), "info@shop.example")],
        from_header_count: 1,
        subject: Some(subject.to_string()),
        body_text: body.to_string(),
        ..Mail::default()
    }
}

fn run(m: &Mail) -> Vec<Finding> {
    let auth = AuthOutcome::default();
    analyze(
        m,
        &ContentContext {
            claim: None,
            auth: &auth,
            name_proven: true,
            person: false,
            known_org: false,
            links_own: false,
            links_own_name_unknown: false,
            all_links_own: false,
            relay_by_brand: false,
            family_unlisted: false,
        },
    )
}

fn ids(f: &[Finding]) -> Vec<String> {
    f.iter()
        .map(|f| format!("{}:{:?}", f.id, f.severity))
        .collect()
}

fn lure_ids(subject: &str, body: &str) -> Vec<String> {
    run(&mail(subject, body))
        .into_iter()
        .filter(|f| f.id.starts_with("content.lure_"))
        .map(|f| f.id)
        .collect()
}

fn has(subject: &str, body: &str, id: &str) -> bool {
    lure_ids(subject, body).iter().any(|x| x == id)
}

#[test]
fn every_content_id_is_in_the_catalogue() {
    for id in finding_ids() {
        assert!(
            crate::findings::known(&id),
            "{id} missing from data/findings/content.json"
        );
    }
}

#[test]
fn lure_categories_positive_in_three_languages() {
    let cases: &[(&str, &str, &str)] = &[
        ("content.lure_order", "Order Confirmation", ""),
        (
            "content.lure_order",
            "",
            "お客様が購入していない商品のご注文の確認です",
        ),
        ("content.lure_order", "订单确认", ""),
        (
            "content.lure_payment_update",
            "",
            "Please update your payment method to keep your membership.",
        ),
        (
            "content.lure_payment_update",
            "",
            "お支払い方法の更新をお願いします",
        ),
        ("content.lure_payment_update", "", "请更新付款信息"),
        (
            "content.lure_install",
            "",
            "Open the attached file and enable macros.",
        ),
        ("content.lure_install", "", "添付ファイルを開いてください"),
        ("content.lure_install", "", "请下载并安装附件中的程序"),
        (
            "content.lure_account_threat",
            "",
            "Your account will be suspended.",
        ),
        (
            "content.lure_account_threat",
            "",
            "アカウントがロックされました",
        ),
        ("content.lure_account_threat", "", "您的账户已被冻结"),
        ("content.lure_urgency", "", "Do this within 24 hours."),
        ("content.lure_urgency", "", "24時間以内に手続きしてください"),
        ("content.lure_urgency", "", "请在24小时内处理"),
        (
            "content.lure_credentials",
            "",
            "Please confirm your password and card number.",
        ),
        ("content.lure_credentials", "", "暗証番号を入力してください"),
        ("content.lure_credentials", "", "请输入您的密码和银行卡号"),
        ("content.lure_prize", "You have won an iPhone", ""),
        ("content.lure_prize", "", "抽選で当選しました"),
        ("content.lure_prize", "", "恭喜您中奖了"),
        (
            "content.lure_invoice",
            "",
            "Your invoice is overdue, see attached invoice.",
        ),
        ("content.lure_invoice", "", "請求書を添付しました"),
        ("content.lure_invoice", "", "逾期付款，请付款"),
        (
            "content.lure_shared_document",
            "",
            "John shared a document with you",
        ),
        (
            "content.lure_shared_document",
            "",
            "ボイスメールが届いています、ファイルを共有しました",
        ),
        ("content.lure_shared_document", "", "有人与您共享了文件"),
        ("content.lure_mailbox", "", "Your mailbox is full"),
        ("content.lure_mailbox", "", "パスワードの有効期限が切れます"),
        ("content.lure_mailbox", "", "您的邮箱已满"),
        (
            "content.lure_delivery",
            "",
            "Delivery attempt failed: schedule a redelivery",
        ),
        (
            "content.lure_delivery",
            "",
            "お荷物をお届けできませんでした",
        ),
        ("content.lure_delivery", "", "您的包裹无法投递"),
        (
            "content.lure_extortion",
            "",
            "I hacked your device and recorded a video of you.",
        ),
        (
            "content.lure_extortion",
            "",
            "ハッキングしました。ビットコインで支払え",
        ),
        ("content.lure_extortion", "", "我入侵了你的电脑"),
        (
            "content.lure_advance_fee",
            "",
            "As next of kin of my late client you are the beneficiary.",
        ),
        (
            "content.lure_advance_fee",
            "",
            "遺産の受取人に指定されました",
        ),
        ("content.lure_advance_fee", "", "您是遗产的受益人"),
        (
            "content.lure_investment",
            "",
            "Guaranteed return on a crypto investment",
        ),
        ("content.lure_investment", "", "元本保証の投資案件です"),
        ("content.lure_investment", "", "稳赚不赔的投资机会"),
        (
            "content.lure_dating",
            "",
            "Hot singles near you want to meet you",
        ),
        ("content.lure_dating", "", "出会い系で人妻が会いたいと"),
        ("content.lure_dating", "", "同城交友，寂寞美女"),
        (
            "content.lure_traffic_fine",
            "Unpaid toll",
            "Your toll balance is overdue: view it here",
        ),
        (
            "content.lure_traffic_fine",
            "",
            "ETC通行料金の未納料金があります",
        ),
        (
            "content.lure_traffic_fine",
            "",
            "Consta uma Multa de Trânsito em seu CPF",
        ),
        (
            "content.lure_crime_tools",
            "",
            "We sell RDPs, cPanels, SMTPs and webmails",
        ),
    ];
    for (id, s, b) in cases {
        assert!(
            has(s, b, id),
            "{id} not found in {s:?} / {b:?}: {:?}",
            lure_ids(s, b)
        );
    }
}

#[test]
fn lure_categories_negative_on_ordinary_and_technical_text() {
    let cases: &[(&str, &str)] = &[
        (
            "[PATCH v3] mm: update the payment of page accounting",
            "This patch adds a password field to the account struct. The order of the fields matters; update the invoice-like table.",
        ),
        (
            "Re: [PATCH] crypto: rsa private key parsing",
            "The user account is suspended by the scheduler while the task waits. Verify the result within the loop.",
        ),
        (
            "会議のお知らせ",
            "来週の会議は予定通り行います。資料を確認してください。注文の順序が重要です。",
        ),
        (
            "会议通知",
            "下周的会议照常进行，请查看文档。订单系统的设计讨论。",
        ),
        (
            "Lunch tomorrow?",
            "Do you want to grab lunch tomorrow? The weather looks fine.",
        ),
        (
            "Notice",
            "We will never ask for your password or card number by e-mail.",
        ),
        ("ご注意", "当社が暗証番号をお尋ねすることはありません。"),
    ];
    for (s, b) in cases {
        assert!(
            lure_ids(s, b).is_empty(),
            "unexpected lure in {s:?} / {b:?}: {:?}",
            lure_ids(s, b)
        );
    }
    // A shell and a mailer are ordinary words in technical mail; a traffic ticket in a story
    // is not a lure without the notice's wording.
    assert!(!has(
        "",
        "the shells and mailers we support: bash, zsh, mutt",
        "content.lure_crime_tools"
    ));
    assert!(!has(
        "",
        "simultaneamente, a multa moratória",
        "content.lure_traffic_fine"
    ));
    // Free delivery is shop wording: a weak word heading a hyphenated compound is another word.
    assert!(!has(
        "",
        "Gratis-Lieferung am nächsten Tag. Unter 20 EUR Bestellwert kostenlos.",
        "content.lure_prize"
    ));
    assert!(has(
        "",
        "Ihr Geschenk: gratis und kostenlos für Sie",
        "content.lure_prize"
    ));
    // Word boundaries: "unwon" and "cvvs" are not lures; weak phrases alone do not fire.
    assert!(!has(
        "",
        "the fan has wonderful acoustics",
        "content.lure_prize"
    ));
    assert!(!has("", "a gift card", "content.lure_prize"));
}

#[test]
fn lures_survive_obfuscation() {
    assert!(has(
        "Ｙｏｕｒ ａｃｃｏｕｎｔ ｗｉｌｌ ｂｅ ｓｕｓｐｅｎｄｅｄ",
        "",
        "content.lure_account_threat"
    ));
    assert!(has(
        "",
        "Your a\u{200B}ccount will be sus\u{200B}pended",
        "content.lure_account_threat"
    ));
    assert!(has("", "ご注文の\n確認", "content.lure_order"));
    assert!(has("𝐘𝐎𝐔 𝐇𝐀𝐕𝐄 𝐖𝐎𝐍 𝐀 𝐊𝐈𝐓", "", "content.lure_prize"));
}

/// The display name is read for lures like the subject: it is the first thing a reader sees.
#[test]
fn lures_in_the_display_name() {
    let mut m = mail("hello", "See you soon.");
    m.from = vec![mb(Some("Claim your prize now"), "a@b.example")];
    assert_eq!(
        ids(&lure_findings(&m, None, Trust::Untrusted, false, false)),
        vec!["content.lure_prize:Medium"]
    );
    m.from = vec![mb(Some("Jane Doe"), "a@b.example")];
    assert!(lure_findings(&m, None, Trust::Untrusted, false, false).is_empty());
}

/// A company's own loan or insurance offer is its business; the same offer from a person
/// writing from their employer's or school's address is not (advance-fee loans).
#[test]
fn offers_are_an_organisations_business_not_a_persons() {
    let m = mail(
        "Personal loan offer",
        "We offer personal loans at 2% to individuals and companies.",
    );
    assert_eq!(
        ids(&lure_findings(
            &m,
            None,
            Trust::ProvenOrganisation,
            false,
            false
        )),
        vec!["content.lure_offer:Info"]
    );
    assert_eq!(
        ids(&lure_findings(&m, None, Trust::ProvenPerson, false, false)),
        vec!["content.lure_offer:Medium"]
    );
}

#[test]
fn severity_depends_on_context() {
    let m = mail("Order confirmation", "Your order has been placed.");
    // Unproven sender, one category: medium.
    let f = lure_findings(&m, None, Trust::Untrusted, false, false);
    assert_eq!(ids(&f), vec!["content.lure_order:Medium"]);
    // Authenticated as the brand it claims: reported, not alarming.
    let f = lure_findings(&m, None, Trust::ProvenBrand, false, false);
    assert_eq!(ids(&f), vec!["content.lure_order:Info"]);
    // Authenticated organisation without a brand claim: low for shop wording.
    let f = lure_findings(&m, None, Trust::ProvenOrganisation, false, false);
    assert_eq!(ids(&f), vec!["content.lure_order:Low"]);
    // ... unless under pressure.
    let m = mail(
        "Order confirmation",
        "Your order has been placed. Pay within 24 hours.",
    );
    let f = lure_findings(&m, None, Trust::ProvenOrganisation, false, false);
    assert!(
        f.iter().all(|f| f.severity == Severity::Medium),
        "{:?}",
        ids(&f)
    );
    // Two categories together: high.
    let m = mail(
        "Order confirmation",
        "If you did not place this order, your account will be suspended.",
    );
    let f = lure_findings(&m, None, Trust::Untrusted, false, false);
    assert!(
        f.iter().all(|f| f.severity == Severity::High),
        "{:?}",
        ids(&f)
    );
    // A request for secrets is high on its own, info when the brand is proven.
    let m = mail("", "Please enter your PIN and confirm your password.");
    assert_eq!(
        ids(&lure_findings(&m, None, Trust::Untrusted, false, false)),
        vec!["content.lure_credentials:High"]
    );
    assert_eq!(
        ids(&lure_findings(&m, None, Trust::ProvenBrand, false, false)),
        vec!["content.lure_credentials:Info"]
    );
    // Urgency alone is low.
    let m = mail("", "Please reply within 24 hours.");
    assert_eq!(
        ids(&lure_findings(&m, None, Trust::Untrusted, false, false)),
        vec!["content.lure_urgency:Low"]
    );
}

#[test]
fn trust_needs_alignment_and_not_free_mail() {
    let auth = AuthOutcome {
        from_aligned: true,
        ..AuthOutcome::default()
    };
    let m = mail("", "");
    assert_eq!(
        trust_of(
            &m,
            &ContentContext {
                claim: None,
                auth: &auth,
                name_proven: true,
                person: false,
                known_org: false,
                links_own: false,
                links_own_name_unknown: false,
                all_links_own: false,
                relay_by_brand: false,
                family_unlisted: false,
            }
        ),
        Trust::ProvenOrganisation
    );
    // The same sender showing a name that is not its own speaks for no one.
    assert_eq!(
        trust_of(
            &m,
            &ContentContext {
                claim: None,
                auth: &auth,
                name_proven: false,
                person: false,
                known_org: false,
                links_own: false,
                links_own_name_unknown: false,
                all_links_own: false,
                relay_by_brand: false,
                family_unlisted: false,
            }
        ),
        Trust::Untrusted
    );
    let none = AuthOutcome::default();
    assert_eq!(
        trust_of(
            &m,
            &ContentContext {
                claim: None,
                auth: &none,
                name_proven: false,
                person: false,
                known_org: false,
                links_own: false,
                links_own_name_unknown: false,
                all_links_own: false,
                relay_by_brand: false,
                family_unlisted: false,
            }
        ),
        Trust::Untrusted
    );
    let mut g = mail("", "");
    g.from = vec![mb(None, "someone@gmail.com")];
    assert_eq!(
        trust_of(
            &g,
            &ContentContext {
                claim: None,
                auth: &auth,
                name_proven: false,
                person: false,
                known_org: false,
                links_own: false,
                links_own_name_unknown: false,
                all_links_own: false,
                relay_by_brand: false,
                family_unlisted: false,
            }
        ),
        Trust::Untrusted
    );
}

fn att(name: &str, ct: &str) -> Attachment {
    Attachment {
        name: Some(name.to_string()),
        content_type: ct.to_string(),
        size: 1000,
    }
}

fn att_ids(atts: Vec<Attachment>) -> Vec<String> {
    let mut m = mail("", "");
    m.attachments = atts;
    ids(&run(&m))
}

#[test]
fn risky_attachments() {
    assert_eq!(
        att_ids(vec![att("setup.exe", "application/octet-stream")]),
        vec!["content.attachment_executable:High"]
    );
    assert_eq!(
        att_ids(vec![att("Remittance.HTM", "text/html")]),
        vec!["content.attachment_html:High"]
    );
    assert_eq!(
        att_ids(vec![att("logo.svg", "image/svg+xml")]),
        vec!["content.attachment_html:High"]
    );
    // (High: the test sender is not authenticated; an archive from a proven organisation is
    // medium, see below.)
    assert_eq!(
        att_ids(vec![att("docs.zip", "application/zip")]),
        vec!["content.attachment_archive:High"]
    );
    assert_eq!(
        att_ids(vec![att("disk.iso", "application/octet-stream")]),
        vec!["content.attachment_archive:High"]
    );
    let mut m = mail("", "");
    m.attachments = vec![att("docs.zip", "application/zip")];
    let auth = AuthOutcome {
        from_aligned: true,
        ..AuthOutcome::default()
    };
    let f = analyze(
        &m,
        &ContentContext {
            claim: None,
            auth: &auth,
            name_proven: true,
            person: false,
            known_org: false,
            links_own: false,
            links_own_name_unknown: false,
            all_links_own: false,
            relay_by_brand: false,
            family_unlisted: false,
        },
    );
    assert_eq!(ids(&f), vec!["content.attachment_archive:Medium"]);
    assert_eq!(
        att_ids(vec![att("budget.xlsm", "application/octet-stream")]),
        vec!["content.attachment_macro:High"]
    );
    assert_eq!(
        att_ids(vec![att("invoice.pdf.exe", "application/octet-stream")]),
        vec!["content.attachment_double_extension:Critical"]
    );
    assert_eq!(
        att_ids(vec![att("invoice.pdf   .exe.", "application/octet-stream")]),
        vec!["content.attachment_double_extension:Critical"]
    );
    assert_eq!(
        att_ids(vec![att("scan.jpg.html", "text/html")]),
        vec!["content.attachment_double_extension:High"]
    );
    assert_eq!(
        att_ids(vec![att(
            "photo\u{202E}gpj.exe",
            "application/octet-stream"
        )]),
        vec!["content.attachment_rtlo:Critical"]
    );
    // Compressed reports cannot carry a program: DMARC aggregate (RFC 7489) and TLS (RFC 8460)
    // reports by their naming convention or type, and gzip of a data file.
    assert!(
        att_ids(vec![
            att(
                "google.com!example.org!1705708800!1705795199.zip",
                "application/zip"
            ),
            att(
                "google.com!example.org!1705708800!1705795199!001.json.gz",
                "application/tlsrpt+gzip"
            ),
            att(
                "enterprise.protection.outlook.com!example.org!1705708800!1705795199.xml.gz",
                "application/gzip"
            ),
            att("export.csv.gz", "application/gzip"),
        ])
        .is_empty()
    );
    // ...but a report-looking name does not excuse an executable or a foreign layout.
    assert_eq!(
        att_ids(vec![att(
            "google.com!example.org!1!2.exe",
            "application/octet-stream"
        )]),
        vec!["content.attachment_executable:High"]
    );
    assert_eq!(
        att_ids(vec![att("report!x!y.zip", "application/zip")]),
        vec!["content.attachment_archive:High"]
    );
    // Harmless ones.
    assert!(
        att_ids(vec![
            att("report.pdf", "application/pdf"),
            att("photo.jpg.zip", "application/zip")
        ])
        .iter()
        .all(|i| !i.contains("double"))
    );
    assert!(
        att_ids(vec![
            att("report.pdf", "application/pdf"),
            att("a.tar.gz", "application/gzip")
        ])
        .iter()
        .all(|i| i == "content.attachment_archive:High")
    );
    assert!(
        att_ids(vec![
            att("notes.txt", "text/plain"),
            att("patch.diff", "text/x-diff")
        ])
        .is_empty()
    );
}

fn with_headers(from: &str, boxes: Vec<Mailbox>, extra: &[(&str, &str)]) -> Mail<'static> {
    let mut m = mail("hello", "hello");
    m.headers = vec![Header::new("From", from)];
    for (n, v) in extra {
        m.headers.push(Header::new(*n, *v));
    }
    m.from = boxes;
    m
}

#[test]
fn reply_to_elsewhere_and_freemail() {
    let mut m = with_headers(
        "Shop <info@shop.example>",
        vec![mb(Some("Shop"), "info@shop.example")],
        &[("Reply-To", "x@other.example")],
    );
    m.reply_to = vec![mb(None, "x@other.example")];
    assert_eq!(ids(&run(&m)), vec!["content.reply_to_elsewhere:Medium"]);
    m.reply_to = vec![mb(None, "scammer@gmail.com")];
    m.headers[1] = Header::new("Reply-To", "scammer@gmail.com");
    let f = run(&m);
    assert_eq!(ids(&f), vec!["content.reply_to_freemail:High"]);
    assert!(
        f[0].evidence.contains("Reply-To: scammer@gmail.com"),
        "{}",
        f[0].evidence
    );
    // Same organisation: nothing.
    m.reply_to = vec![mb(None, "support@mail.shop.example")];
    assert!(run(&m).is_empty());
    // Free mail to a work address: low.
    let mut p = with_headers(
        "Joe <joe@gmail.com>",
        vec![mb(Some("Joe"), "joe@gmail.com")],
        &[("Reply-To", "joe@work.example")],
    );
    p.reply_to = vec![mb(None, "joe@work.example")];
    assert_eq!(ids(&run(&p)), vec!["content.reply_to_elsewhere:Low"]);
}

#[test]
fn duplicate_and_multiple_from() {
    let mut m = with_headers(
        "a@evil.example",
        vec![mb(None, "a@evil.example"), mb(None, "service@amazon.co.jp")],
        &[("From", "service@amazon.co.jp")],
    );
    m.from_header_count = 2;
    let f = run(&m);
    assert_eq!(ids(&f), vec!["content.duplicate_from:Critical"]);
    assert!(f[0].evidence.contains("From: service@amazon.co.jp"));
    m.from_header_count = 1;
    assert_eq!(ids(&run(&m)), vec!["content.multiple_from:High"]);
}

#[test]
fn display_name_with_another_address() {
    let m = with_headers(
        "\"service@amazon.co.jp\" <x@evil.example>",
        vec![mb(Some("service@amazon.co.jp"), "x@evil.example")],
        &[],
    );
    let f = run(&m);
    assert_eq!(ids(&f), vec!["content.display_name_address:Critical"]);
    assert!(f[0].message.en.contains("amazon.co.jp"));
    let m = with_headers(
        "Amazon.co.jp <x@evil.example>",
        vec![mb(Some("Amazon.co.jp"), "x@evil.example")],
        &[],
    );
    assert_eq!(ids(&run(&m)), vec!["content.display_name_address:Critical"]);
    // Same organisation, ordinary names, mailing-list rewriting.
    let ok = [
        ("notifications@github.com", "noreply@github.com"),
        ("Dr. J. Smith", "j@uni.example"),
        ("Mr.Smith", "s@uni.example"),
        ("Linux 6.12.3 release", "g@kernel.org"),
    ];
    for (name, addr) in ok {
        let m = with_headers(addr, vec![mb(Some(name), addr)], &[]);
        assert!(run(&m).is_empty(), "{name}: {:?}", ids(&run(&m)));
    }
    let m = with_headers(
        "x",
        vec![mb(
            Some("'joe@gmail.com' via Group"),
            "group@googlegroups.com",
        )],
        &[],
    );
    // A relay names whom it sends for openly: information (identity reports the relay).
    assert_eq!(ids(&run(&m)), vec!["content.display_name_address:Info"]);
}

#[test]
fn invisible_characters_in_names() {
    let m = with_headers(
        "x",
        vec![mb(Some("Aܿmܿaܿzܿon Service"), "cs@evil.example")],
        &[],
    );
    assert_eq!(ids(&run(&m)), vec!["content.invisible_characters:High"]);
    let m = with_headers(
        "x",
        vec![mb(Some("Pay\u{200B}Pal"), "cs@evil.example")],
        &[],
    );
    assert_eq!(ids(&run(&m)), vec!["content.invisible_characters:High"]);
    let m = with_headers(
        "x",
        vec![mb(Some("Service \u{202E}moc.lapyap"), "cs@evil.example")],
        &[],
    );
    assert!(ids(&run(&m)).contains(&"content.invisible_characters:High".to_string()));
    // Accents (decomposed or not), Japanese and emoji sequences are fine.
    for n in [
        "Jose\u{301} García",
        "アマゾン ガ\u{3099}イド",
        "Team 🤸\u{200D}♂\u{FE0F}",
        "Zoë",
    ] {
        let m = with_headers("x", vec![mb(Some(n), "a@b.example")], &[]);
        assert!(run(&m).is_empty(), "{n}: {:?}", ids(&run(&m)));
    }
}

#[test]
fn message_id_and_return_path_are_info() {
    let mut m = with_headers(
        "Shop <info@shop.example>",
        vec![mb(Some("Shop"), "info@shop.example")],
        &[],
    );
    m.message_id = Some("abc@mailer.example".into());
    m.return_path = Some("bounce@bounces.sender.example".into());
    assert_eq!(
        ids(&run(&m)),
        vec![
            "content.message_id_domain:Info",
            "content.return_path_domain:Info"
        ]
    );
    m.message_id = Some("abc@mx.shop.example".into());
    m.return_path = Some("b@shop.example".into());
    assert!(run(&m).is_empty());
}

#[test]
fn freemail_list() {
    assert!(is_freemail("gmail.com"));
    assert!(is_freemail("hotmail.co.uk"));
    assert!(is_freemail("yahoo.co.jp"));
    assert!(is_freemail("gmx.de"));
    assert!(!is_freemail("amazon.co.jp"));
    assert!(!is_freemail("olive.com"));
}

#[test]
fn hidden_text_and_stuffing() {
    let mut m = mail("", "");
    let stuffing = "lorem ipsum dolor sit amet ".repeat(200);
    m.html = vec![format!("<p>Hello</p><!-- {stuffing} -->").into()];
    let f = run(&m);
    assert_eq!(ids(&f), vec!["content.hidden_text:Low"], "{f:?}");
    let mut m = mail("", "");
    m.text = vec!["alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu one1 two2 three3 four4 five5 six66 seven eight nine ten11 eleven twelve thirteen fourteen".into()];
    m.html = vec!["<p>Your account zzzz yyyy xxxx wwww vvvv uuuu tttt ssss rrrr qqqq pppp oooo nnnn mmmm llll kkkk jjjj iiii hhhh gggg ffff eeee dddd cccc bbbb aaaa abab acac adad aeae afaf agag ahah aiai ajaj akak alal amam anan aoao</p>".into()];
    assert!(ids(&run(&m)).contains(&"content.text_html_mismatch:Low".to_string()));
    // Lures in the visible text are found whatever padding surrounds them.
    let mut m = mail(
        "",
        &format!("{stuffing} your account will be suspended {stuffing}"),
    );
    m.html = vec![];
    // (High: the test sender is not authenticated, so nobody at all is proven.)
    assert!(ids(&run(&m)).contains(&"content.lure_account_threat:High".to_string()));
}

#[test]
fn never_panics_on_odd_input() {
    let mut m = mail("\u{202E}\u{200B}", "\u{0301}\u{FEFF}ｶﾞ\r\n\t");
    m.from = vec![Mailbox::default(), mb(Some("@@.."), "@")];
    m.attachments = vec![Attachment::default(), att(".", ""), att("..exe", "")];
    m.html = vec!["<!--".into(), "<script".into(), "<".into()];
    m.message_id = Some("@".into());
    m.return_path = Some("@".into());
    let _ = run(&m);
}

#[test]
fn proven_brand_makes_lures_info_through_analyze() {
    let Some(amazon) = crate::brands::by_id("amazon") else {
        return; // registry not present in this build
    };
    if !crate::brands::may_send(amazon, "amazon.co.jp") {
        return;
    }
    let claim = BrandClaim {
        brand: amazon,
        source: crate::brands::ClaimSource::DisplayName,
        evidence: "Amazon.co.jp".into(),
    };
    let auth = AuthOutcome {
        from_aligned: true,
        ..AuthOutcome::default()
    };
    let mut m = mail(
        "ご注文の確認",
        "ご注文ありがとうございます。お支払い方法の更新はこちら。",
    );
    m.from = vec![mb(Some("Amazon.co.jp"), "auto-confirm@amazon.co.jp")];
    let f = analyze(
        &m,
        &ContentContext {
            claim: Some(&claim),
            auth: &auth,
            name_proven: true,
            person: false,
            known_org: false,
            links_own: false,
            links_own_name_unknown: false,
            all_links_own: false,
            relay_by_brand: false,
            family_unlisted: false,
        },
    );
    assert!(!f.is_empty());
    assert!(
        f.iter().all(|f| f.severity == Severity::Info),
        "{:?}",
        ids(&f)
    );
    // The same words, same claim, from a lookalike domain: alarming.
    m.from = vec![mb(
        Some("Amazon.co.jp"),
        "auto-confirm@amazon-co-jp.example",
    )];
    let f = analyze(
        &m,
        &ContentContext {
            claim: Some(&claim),
            auth: &auth,
            name_proven: true,
            person: false,
            known_org: false,
            links_own: false,
            links_own_name_unknown: false,
            all_links_own: false,
            relay_by_brand: false,
            family_unlisted: false,
        },
    );
    assert!(
        f.iter().any(|f| f.severity >= Severity::High),
        "{:?}",
        ids(&f)
    );
}

#[test]
fn lure_categories_negative_near_misses_in_three_languages() {
    // Each category: ordinary sentences using its vocabulary in a harmless sense.
    let cases: &[(&str, &str)] = &[
        (
            "content.lure_order",
            "Apply the patches in order; the confirmation step comes later.",
        ),
        ("content.lure_order", "注文の多い料理店を読みました。"),
        ("content.lure_order", "这些补丁的顺序很重要。"),
        (
            "content.lure_payment_update",
            "The payment module update changes the card reader driver.",
        ),
        (
            "content.lure_payment_update",
            "支払い処理のコードを更新しました。",
        ),
        ("content.lure_payment_update", "我们更新了支付模块的代码。"),
        (
            "content.lure_install",
            "To test, install the kernel headers and run make.",
        ),
        (
            "content.lure_install",
            "テスト用にカーネルをインストールしました。",
        ),
        ("content.lure_install", "我已经安装了新的内核。"),
        (
            "content.lure_account_threat",
            "The process is suspended until the lock is released.",
        ),
        (
            "content.lure_account_threat",
            "プロセスはロックが解放されるまで待機します。",
        ),
        ("content.lure_account_threat", "进程在锁释放之前被挂起。"),
        ("content.lure_urgency", "The timer fires every 24 hours."),
        ("content.lure_urgency", "タイマーは24時間ごとに動作します。"),
        ("content.lure_urgency", "定时器每24小时运行一次。"),
        (
            "content.lure_credentials",
            "The password hashing code uses a salt; the card driver reads the PIN mux.",
        ),
        (
            "content.lure_credentials",
            "パスワードのハッシュ処理を修正しました。",
        ),
        ("content.lure_credentials", "修复了密码哈希的代码。"),
        (
            "content.lure_prize",
            "We won the race condition fight by adding a barrier.",
        ),
        ("content.lure_prize", "ベンチマークの結果を共有します。"),
        ("content.lure_prize", "基准测试结果如下。"),
        (
            "content.lure_invoice",
            "The function returns the sum of the sizes.",
        ),
        ("content.lure_invoice", "関数はサイズの合計を返します。"),
        ("content.lure_invoice", "该函数返回大小的总和。"),
        (
            "content.lure_shared_document",
            "The shared memory document describes the layout.",
        ),
        ("content.lure_shared_document", "共有メモリの設計書です。"),
        ("content.lure_shared_document", "共享内存的设计文档。"),
        (
            "content.lure_mailbox",
            "The mailbox driver handles the IPC queue when it is full.",
        ),
        (
            "content.lure_mailbox",
            "メールボックスドライバのキューの処理です。",
        ),
        ("content.lure_mailbox", "邮箱驱动处理队列。"),
        (
            "content.lure_delivery",
            "Packet delivery to the socket failed with EAGAIN.",
        ),
        ("content.lure_delivery", "パケットの配送に失敗しました。"),
        ("content.lure_delivery", "数据包投递到套接字失败。"),
        (
            "content.lure_extortion",
            "The fuzzer recorded a trace of the device.",
        ),
        (
            "content.lure_extortion",
            "デバイスのトレースを記録しました。",
        ),
        ("content.lure_extortion", "记录了设备的跟踪信息。"),
        (
            "content.lure_advance_fee",
            "The transfer of the buffer is strictly ordered.",
        ),
        (
            "content.lure_advance_fee",
            "バッファの転送は順序どおりです。",
        ),
        ("content.lure_advance_fee", "缓冲区的传输是有序的。"),
        (
            "content.lure_investment",
            "The return value is the profit of the optimisation.",
        ),
        ("content.lure_investment", "最適化の効果を測定しました。"),
        ("content.lure_investment", "我们测量了优化的效果。"),
        (
            "content.lure_dating",
            "Let's meet at the conference to discuss the design.",
        ),
        (
            "content.lure_dating",
            "カンファレンスで設計について話しましょう。",
        ),
        ("content.lure_dating", "我们在会议上讨论设计吧。"),
    ];
    for (id, body) in cases {
        assert!(!has("", body, id), "{id} fired on {body:?}");
    }
}

/// Crypto units count only as an amount: "0.75 btc" is bait, "BTC" in prose or a ticker list is
/// not, and "ethernet" is not "ether".
#[test]
fn crypto_amounts_need_a_number() {
    let id = "content.lure_crypto_funds";
    for body in [
        "Your balance: 140btc is waiting",
        "withdraw 1.330 BTC today",
        "credited 0.7495_bitcoin",
        "WITHDRAW FUNDS 120097 USDT",
        "you received 2-eth",
    ] {
        assert!(has("", body, id), "{body:?} should be a crypto amount");
    }
    for body in [
        "BTC and ETH prices fell today",
        "we accept bitcoin payments",
        "abc btc",
        "a 1 gbit ethernet port",
        "version 2 tron legacy",
    ] {
        assert!(!has("", body, id), "{body:?} is not a crypto amount");
    }
}

/// A coin named by a ticker ("$ADIDAS rewards") is a token promotion; a price is not.
#[test]
fn crypto_tickers_need_a_dollar_and_letters() {
    let id = "content.lure_investment";
    for body in [
        "Introducing $DISNEY Coin Rewards!",
        "Why $ADIDAS Rewards? Earn as you shop",
    ] {
        assert!(has("", body, id), "{body:?} should be a token promotion");
    }
    for body in [
        "Get $5 rewards on your next order",
        "Collect coins and rewards in the game",
        "costs $ 20 tokens",
    ] {
        assert!(!has("", body, id), "{body:?} is not a token promotion");
    }
}
