//! Brand claims and lookalikes measured on the shared development corpora (../shared/corpus).
//! Skipped, with a message, when the corpora are absent. Run with `--nocapture` to see figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use honmono::brands;

fn corpus(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIPPED: ../shared/corpus/{name} is absent");
        None
    }
}

fn emls(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    v.sort();
    v
}

/// Legitimate mailing-list mail: a claim is allowed only when the From domain really may send
/// for the claimed brand (a Googler writing from google.com "claims" Google, rightly).
#[test]
fn ham_dev_has_no_false_claims() {
    let Some(dir) = corpus("ham-dev") else { return };
    let (mut n, mut claims, mut wrong) = (0, 0, Vec::new());
    for p in emls(&dir) {
        let raw = std::fs::read(&p).unwrap();
        let Ok(mail) = honmono::parse::parse(&raw) else {
            continue;
        };
        n += 1;
        if let Some(c) = brands::claimed(&mail) {
            claims += 1;
            let dom = mail.sender().and_then(|m| m.domain()).unwrap_or_default();
            if !brands::may_send(c.brand, &dom) {
                wrong.push(format!(
                    "{}: {} via {} ({:?}) from {dom}",
                    p.display(),
                    c.brand.id,
                    c.source.as_str(),
                    c.evidence
                ));
            }
        }
    }
    eprintln!("ham-dev: {n} mails, {claims} claims, {} false", wrong.len());
    assert!(
        wrong.is_empty(),
        "false claims on legitimate mail:\n{}",
        wrong.join("\n")
    );
}

/// Phishing mail: share that claims some brand (informative, loosely bounded).
#[test]
fn phish_dev_claim_rate_and_speed() {
    let Some(dir) = corpus("phish-dev") else {
        return;
    };
    // The parsed mails borrow from the raw bytes, which therefore outlive them.
    let raws: Vec<Vec<u8>> = emls(&dir)
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let mails: Vec<_> = raws
        .iter()
        .filter_map(|r| honmono::parse::parse(r).ok())
        .collect();
    let mut by_source: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_brand: BTreeMap<String, usize> = BTreeMap::new();
    let mut claimed = 0;
    for m in &mails {
        let c = brands::claimed(m);
        if std::env::var_os("BRANDS_VERBOSE").is_some() {
            let name = m.sender().and_then(|s| s.name.clone()).unwrap_or_default();
            let dom = m.sender().and_then(|s| s.domain()).unwrap_or_default();
            eprintln!(
                "phish: {:<14} {:<12} | {name} <{dom}> | {}",
                c.as_ref().map(|c| c.brand.id.as_str()).unwrap_or("-"),
                c.as_ref().map(|c| c.source.as_str()).unwrap_or(""),
                m.subject.as_deref().unwrap_or("")
            );
        }
        if let Some(c) = c {
            claimed += 1;
            *by_source.entry(c.source.as_str()).or_default() += 1;
            *by_brand.entry(c.brand.id.clone()).or_default() += 1;
        }
    }
    let rounds = 5;
    let t = Instant::now();
    for _ in 0..rounds {
        for m in &mails {
            std::hint::black_box(brands::claimed(m));
        }
    }
    let per = t.elapsed().as_secs_f64() / (rounds * mails.len().max(1)) as f64;
    let mut top: Vec<_> = by_brand.into_iter().collect();
    top.sort_by_key(|x| std::cmp::Reverse(x.1));
    eprintln!(
        "phish-dev: {} mails, {claimed} claim a brand; by source {by_source:?}; top {:?}; {:.1} µs per claimed() call (this build's profile)",
        mails.len(),
        &top[..top.len().min(12)],
        per * 1e6
    );
    assert!(
        claimed * 10 > mails.len(),
        "fewer than a tenth of the phishing mails claim a brand"
    );
}

/// JPCERT/CC phishing URLs with the impersonated brand: how many hosts lookalike() attributes to
/// the right brand (expected modest: most phishing hosts are random names).
#[test]
fn urls_dev_lookalike_recall() {
    let Some(dir) = corpus("urls-dev") else {
        return;
    };
    // JPCERT description -> registry id.
    let map: &[(&str, &str)] = &[
        ("Apple ID", "apple"),
        ("イオンカード", "aeon_card"),
        ("iAEON", "aeon_card"),
        ("えきねっと", "eki_net"),
        ("メルカリ", "mercari"),
        ("Amazon", "amazon"),
        ("TEPCO", "tepco"),
        ("JCB", "jcb"),
        ("三井住友カード", "smbc_card"),
        ("Vpass", "smbc_card"),
        ("クレディセゾン", "saison"),
        ("SAISON CARD", "saison"),
        ("三菱UFJ銀行", "mufg"),
        ("エポスカード", "epos"),
        ("softbank", "softbank"),
        ("ヤマト運輸", "yamato"),
        ("総務省", "soumu"),
        ("ETC利用照会サービス", "etc_meisai"),
        ("Mastercard", "mastercard"),
        ("みずほ銀行", "mizuho"),
        ("BIGLOBE", "biglobe"),
        ("American Express", "amex"),
        ("PayPay", "paypay"),
        ("GMOあおぞらネット銀行", "gmo_aozora"),
        ("NTT docomo", "docomo"),
        ("楽天カード", "rakuten_card"),
        ("楽天", "rakuten"),
        ("楽天銀行", "rakuten_bank"),
        ("TS CUBIC CARD_MY TS3", "ts_cubic"),
        ("TS CUBIC CARD", "ts_cubic"),
        ("LIFE CARD", "lifecard"),
        ("全国労働金庫協会", "rokin"),
        ("アイフル", "aiful"),
        ("NHK", "nhk"),
        ("国税庁", "nta"),
        ("Viewcard", "viewcard"),
        ("au", "au"),
        ("北海道銀行", "hokkaido_bank"),
        ("日本郵便", "japan_post"),
        ("三井住友銀行", "smbc"),
        ("横浜銀行", "yokohama_bank"),
        ("りそな銀行", "resona"),
        ("Shopify", "shopify"),
        ("三菱UFJニコス", "mufg_nicos"),
        ("Orico", "orico"),
        ("Sagawa Express", "sagawa"),
        ("JACCS", "jaccs"),
        ("エックスサーバー株式会社", "xserver"),
        ("JAバンク", "ja_bank"),
        ("じぶん銀行", "jibun_bank"),
        ("DHL", "dhl"),
        ("UC Card", "saison"),
        ("プロミス", "promise"),
        ("三井住友信託銀行", "smbc_trust"),
        ("アプラス", "aplus"),
        ("モバイルSuica", "mobile_suica"),
        ("東京ガス", "tokyo_gas"),
        ("JAL", "jal"),
    ];
    let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new(); // total, right, wrong brand
    let (mut total, mut right, mut wrong_brand) = (0usize, 0usize, 0usize);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut seen = std::collections::HashSet::new();
    let t = Instant::now();
    let mut calls = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for line in text.lines().skip(1) {
            let mut cols = line.splitn(3, ',');
            let (_, Some(url), Some(desc)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let Some((_, id)) = map.iter().find(|(d, _)| *d == desc.trim()) else {
                continue;
            };
            let Some(host) = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(|h| h.to_string()))
            else {
                continue;
            };
            if !seen.insert((host.clone(), *id)) {
                continue;
            }
            total += 1;
            let e = per.entry(desc.trim().to_string()).or_default();
            e.0 += 1;
            calls += 1;
            match brands::lookalike(&host) {
                Some(l) if l.brand.id == *id => {
                    right += 1;
                    e.1 += 1;
                }
                Some(l) => {
                    if std::env::var_os("BRANDS_VERBOSE").is_some() {
                        eprintln!(
                            "other brand: {host} ({desc}) -> {} {:?} {}",
                            l.brand.id, l.kind, l.evidence
                        );
                    }
                    wrong_brand += 1;
                    e.2 += 1;
                }
                None => {}
            }
        }
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / calls.max(1) as f64;
    let mut rows: Vec<_> = per.into_iter().collect();
    rows.sort_by_key(|x| std::cmp::Reverse(x.1.0));
    for (d, (n, r, w)) in rows.iter().take(25) {
        eprintln!(
            "  {d:<24} {n:>5} hosts  {r:>4} right ({:>4.1}%)  {w:>3} other brand",
            100.0 * *r as f64 / *n as f64
        );
    }
    eprintln!(
        "urls-dev: {total} distinct hosts, {right} attributed to the right brand ({:.1}%), {wrong_brand} to another; {us:.1} µs per lookalike()",
        100.0 * right as f64 / total.max(1) as f64
    );
    assert!(right * 20 > total, "recall under 5%");
    assert!(
        wrong_brand * 5 < right.max(1) * 2,
        "too many hosts attributed to another brand"
    );
}

/// The real sample whose display name hides "Amazon" behind Syriac combining marks.
#[test]
fn sample_1014_claims_amazon_by_display_name() {
    let Some(dir) = corpus("phish-dev") else {
        return;
    };
    let Ok(raw) = std::fs::read(dir.join("sample-1014.eml")) else {
        eprintln!("SKIPPED: sample-1014.eml is absent");
        return;
    };
    let mail = honmono::parse::parse(&raw).expect("parses");
    let c = brands::claimed(&mail).expect("claims a brand");
    assert_eq!(c.brand.id, "amazon");
    assert_eq!(c.source, brands::ClaimSource::DisplayName);
    assert!(
        brands::skeleton(&c.evidence).contains("amazon"),
        "{}",
        c.evidence
    );
}
