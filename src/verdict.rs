//! The verdict: combines who really sent the message, who it claims to be, and what its links and
//! words do, into genuine / unverified / suspicious / dangerous with a 0-100 risk score and one
//! sentence that says why.
//!
//! Rules, in order:
//! - `dangerous` needs proof of deception: a `critical` finding (brand claimed by a sender not
//!   authenticated as that brand, a deceptive link, forged authentication results).
//! - `suspicious`: red flags adding up (see [`weight`]): a `high` finding, two different
//!   `medium` ones, or a `medium` and three different `low` ones.
//! - `genuine`: the From domain is authenticated and aligned, it may send for the claimed brand
//!   (if any), nothing above `low`, and the check saw the real headers (never for page snapshots).
//! - otherwise `unverified`.

use crate::Options;
use crate::auth::AuthOutcome;
use crate::brands::{self, BrandClaim};
use crate::dns::DnsAnswers;
use crate::findings::{Finding, Severity};
use crate::model::Mail;
use crate::report::{DnsUse, InputKind, LinkReport, Report, Sender, Text, Verdict};

/// Everything the verdict is decided from.
pub struct Evidence<'a> {
    pub mail: &'a Mail<'a>,
    pub auth: AuthOutcome,
    pub claim: Option<BrandClaim>,
    /// The sender is proven to be who the message presents ([`crate::identity::Standing`]).
    pub proven: bool,
    /// The display name presents the sender's own name (a person or an organisation), not
    /// nothing or a role ([`crate::presentation::Presentation::presents_own_name`]).
    pub own_name: bool,
    pub links: Vec<LinkReport>,
    /// Findings about the message itself, each from the module that decides it: identity (does
    /// the name shown belong to the sender), anomalies, content (lures, attachments, header
    /// oddities) and how the source was read. Authentication's findings are in `auth`, the
    /// links' in `links`.
    pub message_findings: Vec<Finding>,
    pub dns_wanted: Vec<String>,
    pub dns: &'a DnsAnswers,
    pub opts: &'a Options,
}

fn t(en: impl Into<String>, ja: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        ja: ja.into(),
    }
}

/// Link signals that ordinary mail from a proven sender shows (a form-builder or chat-invite
/// link, a shortened link, a newer top-level domain): from a sender proven to be the
/// organisation or person it names (an empty name or a role names no one), presenting no brand,
/// and telling no lure story, they are context, not red flags. With a lure they keep their weight (a hijacked account's phishing).
fn calm_weak_link_signals(findings: &mut [Finding]) {
    const WEAK: &[&str] = &[
        "link.free_hosting",
        "link.shortener",
        "link.risky_tld",
        "link.open_redirect",
    ];
    if findings
        .iter()
        .any(|f| f.id.starts_with("content.lure_") && f.severity > Severity::Info)
    {
        return;
    }
    for f in findings.iter_mut() {
        if WEAK.contains(&f.id.as_str()) && f.severity > Severity::Low {
            f.severity = Severity::Low;
        }
    }
}

/// Weight of one finding id toward "suspicious" (reached at [`SUSPICIOUS_AT`]): one `high`, two
/// different `medium`s, or a `medium` and three different `low`s. Repeats of one id count once,
/// so ten shortened links are one signal, not ten.
fn weight(s: Severity) -> u32 {
    match s {
        Severity::Info => 0,
        Severity::Low => 1,
        Severity::Medium => 3,
        Severity::High | Severity::Critical => 6,
    }
}

const SUSPICIOUS_AT: u32 = 6;

fn red_flag_points(findings: &[Finding]) -> u32 {
    let mut best: std::collections::HashMap<&str, Severity> = std::collections::HashMap::new();
    for f in findings {
        let e = best.entry(f.id.as_str()).or_insert(f.severity);
        *e = (*e).max(f.severity);
    }
    best.values().map(|s| weight(*s)).sum()
}

fn verdict_from(findings: &[Finding], proven: bool, kind: InputKind) -> Verdict {
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info);
    if worst == Severity::Critical {
        Verdict::Dangerous
    } else if red_flag_points(findings) >= SUSPICIOUS_AT {
        Verdict::Suspicious
    } else if proven && worst <= Severity::Low && kind != InputKind::PageSnapshot {
        Verdict::Genuine
    } else {
        Verdict::Unverified
    }
}

fn score(findings: &[Finding], verdict: Verdict) -> u8 {
    let raw: u32 = findings
        .iter()
        .map(|f| match f.severity {
            Severity::Info => 0,
            Severity::Low => 4,
            Severity::Medium => 12,
            Severity::High => 25,
            Severity::Critical => 45,
        })
        .sum();
    let (lo, hi) = match verdict {
        Verdict::Genuine => (0, 9),
        Verdict::Unverified => (10, 39),
        Verdict::Suspicious => (40, 79),
        Verdict::Dangerous => (80, 100),
    };
    (lo + raw).min(hi) as u8
}

/// The finding that best explains the verdict (highest severity, first seen).
fn main_reason(findings: &[Finding]) -> Option<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .max_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then(std::cmp::Ordering::Greater)
        })
}

/// The one-sentence summary. Its "Word:" opening is the verdict's word from the extension's
/// `_locales` (`Verdict::word`, read by build.rs): the popup and the page drop that word from the
/// summary when their banner title already says it, so both must be the same word.
fn summary(verdict: Verdict, reason: Option<&Finding>, who: &str) -> Text {
    let (en, ja) = (verdict.word("en"), verdict.word("ja"));
    match (verdict, reason) {
        (Verdict::Genuine, _) => t(
            format!(
                "{en}: this message is authenticated as coming from {who}, and nothing in it is deceptive."
            ),
            format!(
                "本物です。このメールは {who} からのものと認証されており、不審な点はありません。"
            ),
        ),
        (Verdict::Dangerous | Verdict::Suspicious, Some(f)) => t(
            format!("{en}: {}", f.message.en),
            format!("{ja}: {}", f.message.ja),
        ),
        (Verdict::Unverified, Some(f)) => t(
            format!(
                "{en}: the sender could not be proven, though nothing alarming was found. {}",
                f.message.en
            ),
            format!(
                "{ja}: 送信者を証明できませんでしたが、危険な点は見つかっていません。{}",
                f.message.ja
            ),
        ),
        _ => t(
            format!(
                "{}: the sender could not be proven, and nothing alarming was found.",
                Verdict::Unverified.word("en")
            ),
            format!(
                "{}: 送信者を証明できませんでしたが、危険な点は見つかっていません。",
                Verdict::Unverified.word("ja")
            ),
        ),
    }
}

fn advice(verdict: Verdict, report_to: Option<&str>) -> Vec<Text> {
    let mut out = Vec::new();
    match verdict {
        Verdict::Genuine => out.push(t(
            "The sender is genuine. Still, for anything about your account or payments, open the service's website or app yourself rather than following links.",
            "送信者は本物です。それでもアカウントや支払いに関することは、リンクからではなく公式サイトやアプリを自分で開いて確認してください。",
        )),
        Verdict::Unverified => out.push(t(
            "Treat it with care: do not enter passwords or card numbers through its links; open the service's website yourself.",
            "慎重に扱ってください。リンク先でパスワードやカード番号を入力せず、公式サイトを自分で開いて確認してください。",
        )),
        Verdict::Suspicious | Verdict::Dangerous => {
            out.push(t(
                "Do not click its links, open its attachments or reply. Check your account by opening the official website or app yourself.",
                "リンクや添付ファイルを開かず、返信もしないでください。アカウントの状況は公式サイトやアプリを自分で開いて確認してください。",
            ));
            out.push(t(
                "If you already entered a password or card number, change the password and contact your card issuer now.",
                "すでにパスワードやカード番号を入力してしまった場合は、すぐにパスワードを変更し、カード会社に連絡してください。",
            ));
            if let Some(r) = report_to {
                out.push(t(
                    format!("Report it to the brand: {r}"),
                    format!("ブランドの窓口に報告してください: {r}"),
                ));
            }
            out.push(t(
                "In Japan you can also report phishing to the Council of Anti-Phishing Japan: info@antiphishing.jp",
                "フィッシング対策協議会（info@antiphishing.jp）にも報告できます。",
            ));
        }
    }
    out
}

/// Turn the evidence into the report.
pub fn decide(ev: Evidence<'_>) -> Report {
    let Evidence {
        mail,
        auth,
        claim,
        proven,
        own_name,
        links,
        message_findings,
        dns_wanted,
        dns,
        opts,
    } = ev;
    let sender_box = mail.sender();
    let from_domain = sender_box.and_then(|m| m.domain());

    let mut findings: Vec<Finding> = Vec::new();
    match mail.kind {
        InputKind::HeadersOnly => findings.push(Finding::new("message.headers_only", "", &[])),
        InputKind::PageSnapshot => findings.push(Finding::new("message.page_only", "", &[])),
        _ => {}
    }
    for p in &mail.parse_problems {
        findings.push(Finding::new("message.parse_problem", p, &[("detail", p)]));
    }
    findings.extend(auth.findings.iter().cloned());
    findings.extend(message_findings);
    for l in &links {
        findings.extend(l.findings.iter().cloned());
    }
    if proven && own_name && claim.is_none() {
        calm_weak_link_signals(&mut findings);
    }

    // Proven is not enough when the proof is results nobody can vouch for: they must come from
    // the provider the message was read from, or an aligned signature must have verified here
    // (auth::FromProof).
    let proven = proven && auth.from_proof.proves();
    let verdict = verdict_from(&findings, proven, mail.kind);
    let who = claim
        .as_ref()
        .map(|c| c.brand.name.clone())
        .or_else(|| from_domain.clone())
        .unwrap_or_default();
    // With nothing alarming, an unproven sender is explained by why it is not proven.
    let reason = main_reason(&findings).or_else(|| {
        findings
            .iter()
            .find(|f| f.id == "auth.from_not_proven_here")
    });
    let summary = summary(verdict, reason, &who);
    let report_to = claim.as_ref().and_then(|c| c.brand.report_to.clone());

    let mut not_checked = auth.not_checked.clone();
    if mail.kind == InputKind::PageSnapshot {
        not_checked.push(t(
            "The raw message could not be read, so the sender's authentication (DKIM, SPF, DMARC) was not checked.",
            "メールの生データを読み取れなかったため、送信者の認証（DKIM・SPF・DMARC）は確認していません。",
        ));
    }
    let missing: Vec<String> = dns_wanted
        .iter()
        .filter(|n| !dns.contains(n))
        .cloned()
        .collect();

    // One line per finding and target, strongest first (a stable sort keeps the message order
    // among equals), so the report reads in ten seconds.
    let mut findings = crate::findings::collapse(findings);
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Report {
        file: None,
        verdict: Some(verdict),
        score: score(&findings, verdict),
        brand: claim.as_ref().map(|c| c.brand.id.clone()),
        brand_name: claim.as_ref().map(|c| c.brand.name.clone()),
        brand_evidence: claim.as_ref().map(|c| c.source.as_str().to_string()),
        input: mail.kind,
        subject: mail.subject.clone(),
        sender: Sender {
            display_name: sender_box.and_then(|m| m.name.clone()),
            address: sender_box.and_then(|m| m.address.clone()),
            domain: from_domain,
            authenticated: auth.authenticated.clone(),
            from_aligned: auth.from_aligned,
        },
        auth: auth.summary,
        summary,
        findings,
        links,
        hops: mail.hops.clone(),
        dns: DnsUse {
            wanted: dns_wanted,
            missing,
            enabled: opts.dns_enabled,
        },
        not_checked,
        advice: advice(verdict, report_to.as_deref()),
        report_to,
    }
}

/// Report for a single link checked on its own (right-click).
pub fn link_report(href: &str, text: Option<&str>, sender: Option<&str>) -> Report {
    let sender_domain =
        sender.and_then(|s| s.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase()));
    let ctx = crate::links::LinkContext {
        claim: None,
        authenticated: &[],
        sender_domain: sender_domain.as_deref(),
        ..Default::default()
    };
    let link = crate::links::check_one(text.unwrap_or(""), href, &ctx);
    let owner = link.host.as_deref().and_then(brands::owner_of);
    let findings = link.findings.clone();
    let verdict = match verdict_from(&findings, owner.is_some(), InputKind::Link) {
        // A link alone is genuine only when it goes to a registered brand's own domain.
        Verdict::Genuine if owner.is_none() => Verdict::Unverified,
        v => v,
    };
    let who = owner
        .map(|b| b.name.clone())
        .unwrap_or_else(|| link.host.clone().unwrap_or_default());
    let summary = match verdict {
        Verdict::Genuine => t(
            format!("This link goes to {who}'s own website."),
            format!("このリンクは {who} の公式サイトに向かいます。"),
        ),
        _ => summary(verdict, main_reason(&findings), &who),
    };
    Report {
        verdict: Some(verdict),
        score: score(&findings, verdict),
        brand: owner.map(|b| b.id.clone()),
        brand_name: owner.map(|b| b.name.clone()),
        input: InputKind::Link,
        summary,
        findings,
        links: vec![link],
        advice: advice(verdict, None),
        ..Report::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(id: &str, s: Severity) -> Finding {
        Finding::new(id, "", &[]).with_severity(s)
    }

    #[test]
    fn verdict_rules() {
        assert_eq!(verdict_from(&[], true, InputKind::Raw), Verdict::Genuine);
        assert_eq!(
            verdict_from(&[], true, InputKind::PageSnapshot),
            Verdict::Unverified
        );
        assert_eq!(
            verdict_from(&[], false, InputKind::Raw),
            Verdict::Unverified
        );
        assert_eq!(
            verdict_from(&[f("x.a", Severity::Medium)], true, InputKind::Raw),
            Verdict::Unverified
        );
        assert_eq!(
            verdict_from(
                &[f("x.a", Severity::Medium), f("x.b", Severity::Medium)],
                true,
                InputKind::Raw
            ),
            Verdict::Suspicious
        );
        assert_eq!(
            verdict_from(&[f("x.a", Severity::High)], true, InputKind::Raw),
            Verdict::Suspicious
        );
        // the same signal repeated is one signal
        assert_eq!(
            verdict_from(
                &[f("x.a", Severity::Medium), f("x.a", Severity::Medium)],
                false,
                InputKind::Raw
            ),
            Verdict::Unverified
        );
        let lows = [
            f("x.a", Severity::Medium),
            f("x.b", Severity::Low),
            f("x.c", Severity::Low),
            f("x.d", Severity::Low),
        ];
        assert_eq!(
            verdict_from(&lows, false, InputKind::Raw),
            Verdict::Suspicious
        );
        assert_eq!(
            verdict_from(&lows[..3], true, InputKind::Raw),
            Verdict::Unverified
        );
        assert_eq!(
            verdict_from(&[f("x.a", Severity::Critical)], true, InputKind::Raw),
            Verdict::Dangerous
        );
    }

    #[test]
    fn score_stays_in_its_verdict_band() {
        let many: Vec<Finding> = (0..10).map(|_| f("x.a", Severity::Critical)).collect();
        assert_eq!(score(&many, Verdict::Dangerous), 100);
        assert_eq!(score(&many, Verdict::Suspicious), 79);
        assert_eq!(score(&[], Verdict::Genuine), 0);
    }

    /// The summary's opening word is the one the popup, the page and the badge title show
    /// (extension/_locales verdict_*), so they can drop it where their title already says it.
    #[test]
    fn summary_opens_with_the_locales_word() {
        let reason = f("x.a", Severity::High);
        for v in [
            Verdict::Genuine,
            Verdict::Unverified,
            Verdict::Suspicious,
            Verdict::Dangerous,
        ] {
            for r in [Some(&reason), None] {
                let s = summary(v, r, "Example");
                let v = if r.is_none() && v != Verdict::Genuine {
                    Verdict::Unverified
                } else {
                    v
                };
                assert!(
                    s.en.starts_with(&format!("{}: ", v.word("en"))),
                    "{v:?}: {}",
                    s.en
                );
                assert!(s.ja.starts_with(v.word("ja")), "{v:?}: {}", s.ja);
                assert!(!v.word("en").is_empty() && !v.word("ja").is_empty());
            }
        }
    }
}
