//! Who really sent it: the receiving provider's trusted Authentication-Results, local DKIM/ARC
//! verification when keys are available, and DMARC alignment on the registrable domain.
//!
//! The outcome is the *proven identity*: which domains are authenticated, by what and by whom.
//! `amazonses.com` or `sendgrid.net` proves only the sending platform, not the brand.
//!
//! Modules, one decision each:
//! - [`provider`]: which receiving provider's Authentication-Results to trust;
//! - [`authres`]: parsing Authentication-Results;
//! - [`dkim`] and [`arc`]: local verification as of the delivery time;
//! - [`dmarc`]: the published policy and alignment;
//! - [`forged`]: results that contradict the trusted ones.

pub mod arc;
pub mod authres;
pub mod dkim;
pub mod dmarc;
pub mod forged;
pub mod provider;

use crate::Options;
use crate::dns::DnsAnswers;
use crate::findings::{Finding, Severity};
use crate::model::Mail;
use crate::report::{AuthResult, AuthSummary, Text};

use authres::MethodResult;
use dkim::Status;
use provider::Kind;

#[derive(Debug, Clone, Default)]
pub struct AuthOutcome {
    pub summary: AuthSummary,
    /// Domains proven by passing DKIM (d=) or SPF (mail-from domain), lower-case, full names.
    pub authenticated: Vec<String>,
    /// The From domain is authenticated and aligned (DMARC pass, computed locally or trusted).
    pub from_aligned: bool,
    /// Some trustworthy evidence existed (trusted provider results or a locally verified signature).
    pub evidence_available: bool,
    /// Authentication results were forged or contradict the trusted ones.
    pub forged: bool,
    pub findings: Vec<Finding>,
    pub not_checked: Vec<Text>,
    /// The time signatures were verified as of (unix seconds), when one was known.
    pub verified_at: Option<u64>,
    /// Domains whose DKIM signature was verified by Honmono itself (subset of `authenticated`).
    pub verified_locally: Vec<String>,
    /// The DNS TXT names this message needs ([`dns_names`]), computed from the same parse.
    pub dns_wanted: Vec<String>,
}

/// The DNS TXT names still needed to finish (DKIM keys `s._domainkey.d`, ARC sealer keys,
/// `_dmarc.d` and the organisational domain's `_dmarc`), lower-case, no trailing dot.
pub fn dns_names(mail: &Mail, raw: &[u8]) -> Vec<String> {
    names_from(mail, mail_auth::AuthenticatedMessage::parse(raw).as_ref())
}

/// [`dns_names`] from an already parsed message (parsing hashes every signed body: do it once).
fn names_from(mail: &Mail, msg: Option<&mail_auth::AuthenticatedMessage<'_>>) -> Vec<String> {
    let mut out = msg.map(dkim::key_names_of).unwrap_or_default();
    for n in msg.map(arc::key_names_of).unwrap_or_default() {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    if let Some(d) = mail.sender().and_then(|m| m.domain()) {
        for n in dmarc::record_names(&d) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

const MAX_FORGED_FINDINGS: usize = 3;
const MAX_DKIM_FINDINGS: usize = 5;

fn t(en: impl Into<String>, ja: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        ja: ja.into(),
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

fn provider_result(r: &MethodResult) -> AuthResult {
    let mut detail = Vec::new();
    if let Some(p) = r.dmarc_policy() {
        detail.push(format!("p={p}"));
    }
    for k in ["action", "reason"] {
        if let Some(v) = r.prop(k) {
            detail.push(format!("{k}={v}"));
        }
    }
    if detail.is_empty()
        && let Some(c) = &r.comment
    {
        detail.push(c.clone());
    }
    AuthResult {
        method: r.method.clone(),
        result: r.result.clone(),
        domain: r.domain(),
        selector: r.prop("header.s").map(|s| s.to_ascii_lowercase()),
        source: "provider".into(),
        detail: if detail.is_empty() {
            None
        } else {
            Some(detail.join(" "))
        },
    }
}

/// Microsoft compauth reasons 1xx/7xx mean "passed composite authentication".
fn compauth_pass(r: &MethodResult) -> bool {
    r.result == "pass"
        && r.prop("reason")
            .is_none_or(|c| c.starts_with('1') || c.starts_with('7'))
}

/// Evaluate authentication. `raw` is None for page snapshots (nothing can be verified then).
pub fn evaluate(mail: &Mail, raw: Option<&[u8]>, dns: &DnsAnswers, opts: &Options) -> AuthOutcome {
    let mut out = AuthOutcome::default();
    let Some(raw) = raw else {
        return out;
    };
    let trust = provider::identify(mail);
    let from_domain = mail.sender().and_then(|m| m.domain());
    let trusted: Vec<&MethodResult> = trust
        .trusted
        .iter()
        .flat_map(|p| p.res.results.iter())
        .collect();

    // The time signatures are judged at: the caller's, else the delivery time.
    let now = opts
        .now
        .or_else(|| trust.delivery_time.and_then(|t| u64::try_from(t).ok()))
        .or_else(|| {
            mail.hops
                .first()
                .and_then(|h| h.time)
                .and_then(|t| u64::try_from(t).ok())
        });
    out.verified_at = now;

    // Only a whole message can be verified: a header block has no body to hash.
    // Nor one whose body was rebuilt from a webmail page (the signed bytes are gone).
    let whole = mail.kind == crate::report::InputKind::Raw && !opts.body_from_page;
    if opts.body_from_page {
        out.not_checked.push(Text {
            en: "The body was rebuilt from what the webmail page shows, so DKIM and ARC signatures were not re-verified here: the mail provider's results are used.".into(),
            ja: "本文はWebメールの画面表示から復元したため、DKIM・ARC署名はここでは再検証せず、メールサービスの判定結果を使いました。".into(),
        });
    }
    let parsed = if whole {
        mail_auth::AuthenticatedMessage::parse(raw)
    } else {
        None
    };
    out.dns_wanted = if parsed.is_some() {
        names_from(mail, parsed.as_ref())
    } else {
        dns_names(mail, raw)
    };
    let local = parsed
        .as_ref()
        .map(|m| dkim::verify_message(m, dns, now.unwrap_or(0)))
        .unwrap_or_default();
    let arc_local = match &parsed {
        Some(m) => arc::verify_message(m, dns, now.unwrap_or(0)),
        None => arc::none(),
    };

    out.summary.provider = trust.provider.clone();
    out.summary.authserv_id = trust.authserv_id.clone();

    // DKIM: local first, the provider's for what could not be verified here.
    let mut dkim_pass: Vec<String> = Vec::new();
    let mut dkim_failed: Vec<(String, String, &'static str)> = Vec::new(); // (domain, reason, source)
    for c in &local {
        if c.status == Status::NotLookedUp {
            continue;
        }
        out.summary.results.push(AuthResult {
            method: "dkim".into(),
            result: c.status.as_str().into(),
            domain: Some(c.domain.clone()).filter(|d| !d.is_empty()),
            selector: Some(c.selector.clone()).filter(|s| !s.is_empty()),
            source: "local".into(),
            detail: Some(c.reason.clone()).filter(|r| !r.is_empty()),
        });
        if c.status == Status::Pass {
            push_unique(&mut dkim_pass, &c.domain);
            push_unique(&mut out.verified_locally, &c.domain);
        }
    }
    let local_pass = |d: &str| {
        local
            .iter()
            .any(|c| c.status == Status::Pass && c.domain == d)
    };
    for r in trusted.iter().filter(|r| r.method == "dkim") {
        let d = r.domain();
        if let Some(d) = &d
            && local_pass(d)
        {
            continue;
        }
        let mut ar = provider_result(r);
        let local_here = d.as_deref().and_then(|d| {
            local
                .iter()
                .find(|c| c.domain == d && c.status != Status::NotLookedUp)
        });
        if r.is_pass()
            && let Some(c) = local_here
        {
            ar.detail = Some(format!(
                "verified by the provider; local verification gave {} ({}), the message may have been changed after delivery",
                c.status.as_str(),
                c.reason
            ));
        }
        out.summary.results.push(ar);
        match (&d, r.is_pass()) {
            (Some(d), true) => push_unique(&mut dkim_pass, d),
            (Some(d), false) if matches!(r.result.as_str(), "fail" | "permerror" | "policy") => {
                dkim_failed.push((d.clone(), r.comment.clone().unwrap_or_default(), "provider"))
            }
            _ => {}
        }
    }
    for c in &local {
        if matches!(c.status, Status::Fail | Status::PermError | Status::Neutral)
            && !dkim_pass.contains(&c.domain)
        {
            dkim_failed.push((c.domain.clone(), c.reason.clone(), "local"));
        }
    }

    // SPF, DMARC, compauth, ARC: the provider's (SPF needs the connecting IP and DNS).
    let mut spf_pass: Option<String> = None;
    let mut spf_bad: Option<(String, String)> = None;
    for r in &trusted {
        match r.method.as_str() {
            "spf" | "dmarc" | "compauth" => out.summary.results.push(provider_result(r)),
            "arc" if arc_local.absent || arc_local.status == Status::NotLookedUp => {
                out.summary.results.push(provider_result(r))
            }
            _ => {}
        }
        if r.method == "spf" {
            match (r.result.as_str(), r.domain()) {
                ("pass", Some(d)) => spf_pass = Some(d),
                (res @ ("fail" | "softfail"), Some(d)) => spf_bad = Some((res.to_string(), d)),
                _ => {}
            }
        }
    }
    if !arc_local.absent && arc_local.status != Status::NotLookedUp {
        out.summary.results.push(AuthResult {
            method: "arc".into(),
            result: arc_local.status.as_str().into(),
            domain: arc_local.sealers.last().cloned(),
            selector: None,
            source: "local".into(),
            detail: Some(
                format!("{} ARC set(s) {}", arc_local.instances, arc_local.reason)
                    .trim()
                    .to_string(),
            ),
        });
    }

    // DMARC: published policy and alignment.
    let published = from_domain
        .as_deref()
        .map(|d| dmarc::published(d, dns))
        .unwrap_or(dmarc::Published::Unknown);
    let (adkim, aspf) = match &published {
        dmarc::Published::Record { record, .. } => (record.adkim, record.aspf),
        _ => (dmarc::Mode::Relaxed, dmarc::Mode::Relaxed),
    };
    let provider_dmarc: Vec<&&MethodResult> = trusted
        .iter()
        .filter(|r| r.method == "dmarc")
        .filter(|r| match (r.domain(), &from_domain) {
            (Some(h), Some(f)) => &h == f,
            (None, _) => true,
            _ => false,
        })
        .collect();
    out.summary.dmarc_policy = match &published {
        dmarc::Published::Record { policy, .. } => Some(policy.clone()),
        _ => provider_dmarc.iter().find_map(|r| r.dmarc_policy()),
    };

    if let Some(f) = &from_domain {
        let dkim_aligned = dkim_pass.iter().any(|d| dmarc::aligned(d, f, adkim));
        let local_dmarc_pass = out
            .verified_locally
            .iter()
            .any(|d| dmarc::aligned(d, f, adkim));
        let spf_aligned = spf_pass
            .as_deref()
            .is_some_and(|d| dmarc::aligned(d, f, aspf));
        let provider_pass = provider_dmarc
            .iter()
            .any(|r| matches!(r.result.as_str(), "pass" | "bestguesspass"));
        let compauth = trusted.iter().any(|r| {
            r.method == "compauth" && compauth_pass(r) && r.domain().is_none_or(|h| &h == f)
        }) && trusted
            .iter()
            .filter(|r| r.method == "dmarc")
            .all(|r| r.domain().is_none_or(|h| &h == f));
        out.from_aligned = dkim_aligned || spf_aligned || provider_pass || compauth;
        if local_dmarc_pass {
            out.summary.results.push(AuthResult {
                method: "dmarc".into(),
                result: "pass".into(),
                domain: Some(f.clone()),
                selector: None,
                source: "local".into(),
                detail: Some(format!(
                    "aligned DKIM signature verified locally ({})",
                    if adkim == dmarc::Mode::Strict {
                        "strict"
                    } else {
                        "relaxed"
                    }
                )),
            });
        }
    }

    // Authenticated domains.
    for d in &dkim_pass {
        push_unique(&mut out.authenticated, d);
    }
    if let Some(d) = &spf_pass {
        push_unique(&mut out.authenticated, d);
    }
    if let Some(f) = &from_domain
        && out.from_aligned
    {
        push_unique(&mut out.authenticated, f);
    }

    out.evidence_available = !trusted.is_empty()
        || local
            .iter()
            .any(|c| matches!(c.status, Status::Pass | Status::Fail))
        || arc_local.status == Status::Pass;

    // Forged or contradicting results.
    // One finding per forged header, at most a few: a message with thousands must not produce
    // thousands of findings.
    let forgeries = forged::detect(&trust);
    out.forged = !forgeries.is_empty();
    for (i, f) in forgeries.iter().enumerate().take(MAX_FORGED_FINDINGS) {
        let mut detail = f.detail.clone();
        let rest = forgeries.len().saturating_sub(MAX_FORGED_FINDINGS);
        if i + 1 == MAX_FORGED_FINDINGS && rest > 0 {
            detail.push_str(&format!(" (and {rest} more forged headers)"));
        }
        out.findings.push(Finding::new(
            "auth.forged_results",
            &f.evidence,
            &[
                ("detail", &detail),
                ("provider", trust.provider.as_deref().unwrap_or("?")),
            ],
        ));
    }

    // Findings on the facts.
    let fd = from_domain.clone().unwrap_or_default();
    let dmarc_failed = provider_dmarc.iter().find(|r| r.result == "fail");
    if !out.from_aligned
        && let Some(r) = dmarc_failed
    {
        let policy = out
            .summary
            .dmarc_policy
            .clone()
            .unwrap_or_else(|| "?".into());
        out.findings.push(Finding::new(
            "auth.dmarc_fail",
            trust.trusted.first().map(|p| p.raw.as_str()).unwrap_or(""),
            &[
                ("domain", r.domain().as_deref().unwrap_or(&fd)),
                ("policy", &policy),
            ],
        ));
    } else if !out.from_aligned
        && trusted.iter().any(|r| r.method == "spf")
        && trusted.iter().any(|r| r.method == "dkim")
        && let dmarc::Published::Record { policy, .. } = &published
    {
        // The provider gave no DMARC verdict, but the domain publishes one and nothing aligns.
        out.findings.push(Finding::new(
            "auth.dmarc_fail",
            format!("_dmarc.{fd}: p={policy}"),
            &[("domain", &fd), ("policy", policy)],
        ));
    } else if !out.from_aligned && !fd.is_empty() && out.evidence_available {
        if let Some(r) = trusted
            .iter()
            .find(|r| r.method == "compauth" && r.result == "fail")
        {
            out.findings.push(Finding::new(
                "auth.compauth_fail",
                trust.trusted.first().map(|p| p.raw.as_str()).unwrap_or(""),
                &[("domain", &fd), ("reason", r.prop("reason").unwrap_or("?"))],
            ));
        } else {
            out.findings.push(Finding::new(
                "auth.from_unauthenticated",
                mail.header("from").unwrap_or(""),
                &[("domain", &fd)],
            ));
        }
    }
    let mut seen = Vec::new();
    for (d, reason, source) in &dkim_failed {
        if seen.contains(d) || seen.len() >= MAX_DKIM_FINDINGS {
            continue;
        }
        seen.push(d.clone());
        let aligned_claim = !fd.is_empty() && dmarc::aligned(d, &fd, dmarc::Mode::Relaxed);
        let sev = if aligned_claim && !out.from_aligned {
            Severity::Medium
        } else {
            Severity::Low
        };
        let reason = if reason.is_empty() {
            "failed".to_string()
        } else {
            reason.clone()
        };
        out.findings.push(
            Finding::new(
                "auth.dkim_fail",
                format!("d={d} ({source})"),
                &[("domain", d), ("reason", &reason)],
            )
            .with_severity(sev),
        );
    }
    if let Some((res, d)) = &spf_bad {
        let sev = if res == "fail" && !out.from_aligned {
            Severity::Medium
        } else {
            Severity::Low
        };
        out.findings.push(
            Finding::new(
                "auth.spf_fail",
                format!("spf={res} smtp.mailfrom={d}"),
                &[("domain", d), ("result", res)],
            )
            .with_severity(sev),
        );
    }
    if !out.evidence_available {
        out.findings
            .push(Finding::new("auth.no_trusted_results", "", &[]));
    }
    if !trust.untrusted.is_empty() && !out.forged {
        let ignored = trust.untrusted.len().to_string();
        out.findings.push(Finding::new(
            "auth.untrusted_results_ignored",
            trust
                .untrusted
                .first()
                .map(|p| p.raw.as_str())
                .unwrap_or(""),
            &[("count", &ignored)],
        ));
    }

    // What could not be checked.
    let missing: Vec<String> = local
        .iter()
        .filter(|c| c.status == Status::NotLookedUp)
        .map(|c| c.key_name())
        .collect();
    if !missing.is_empty() {
        let mut names = missing
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if missing.len() > 5 {
            names.push_str(&format!(" (+{})", missing.len() - 5));
        }
        let fallback = if trusted.iter().any(|r| r.method == "dkim") {
            (
                " The receiving provider's DKIM results were used instead.",
                "受信したメールサービスのDKIM結果を代わりに使いました。",
            )
        } else {
            ("", "")
        };
        out.not_checked.push(t(
            format!("DKIM keys were not looked up (offline), so these signatures were not verified by Honmono: {names}.{}", fallback.0),
            format!("DKIM公開鍵を取得していない（オフライン）ため、次の署名はHonmonoでは検証していません: {names}。{}", fallback.1),
        ));
    }
    if !whole {
        out.not_checked.push(t(
            "DKIM and ARC signatures were not verified by Honmono: only the header block was given (the body is needed).",
            "ヘッダー部分だけが渡されたため、DKIM・ARC署名はHonmonoでは検証していません（本文が必要です）。",
        ));
    } else if local.is_empty() {
        out.not_checked.push(t(
            "The message carries no DKIM signature.",
            "このメールにはDKIM署名がありません。",
        ));
    }
    if let (Some(f), dmarc::Published::Unknown) = (&from_domain, &published) {
        out.not_checked.push(t(
            format!("The DMARC policy of {f} was not looked up."),
            format!("{f} のDMARCポリシーは取得していません。"),
        ));
    }
    if trusted.iter().any(|r| r.method == "spf") {
        out.not_checked.push(t(
            "SPF was not re-checked (it needs the connecting server's address and DNS); the receiving provider's result was used.",
            "SPFは再検証していません（接続元サーバーのアドレスとDNSが必要なため）。受信したメールサービスの結果を使いました。",
        ));
    } else {
        out.not_checked.push(t(
            "SPF was not checked: no trustworthy result from the receiving provider.",
            "SPFは確認できませんでした。受信したメールサービスによる信頼できる結果がありません。",
        ));
    }
    if trusted.is_empty() {
        out.not_checked.push(t(
            "No authentication results from the receiving mail provider were found, so the provider's DKIM/SPF/DMARC verdicts could not be used.",
            "受信したメールサービスによる認証結果が見つからなかったため、DKIM・SPF・DMARCの判定を利用できませんでした。",
        ));
    } else if trust.kind == Kind::Other {
        out.not_checked.push(t(
            format!(
                "The receiving server was recognised only by its name ({}); its results were trusted as the topmost ones.",
                trust.provider.as_deref().unwrap_or("?")
            ),
            format!(
                "受信サーバーは名前（{}）でのみ識別しました。最上部の認証結果として信頼しています。",
                trust.provider.as_deref().unwrap_or("?")
            ),
        ));
    }
    if now.is_none() && local.iter().any(|c| c.x != 0) {
        out.not_checked.push(t(
            "Signature expiry (x=) was not checked: the delivery time is unknown.",
            "配信時刻が不明なため、署名の有効期限（x=）は確認していません。",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(raw: &[u8]) -> Option<AuthOutcome> {
        let mail = crate::parse::parse(raw).ok()?;
        let _ = dns_names(&mail, raw);
        let mut dns = DnsAnswers::new();
        dns.insert("s._domainkey.example.com", "v=DKIM1; p=");
        dns.insert("_dmarc.example.com", "v=DMARC1; p=reject; adkim=s");
        Some(evaluate(&mail, Some(raw), &dns, &Options::default()))
    }

    #[test]
    fn hostile_headers_do_not_panic() {
        for raw in [
            &b"From: a@example.com\r\nAuthentication-Results: ;;;(((\r\n\r\nx"[..],
            b"From: a@example.com\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=; b=\r\n\r\nx",
            b"From: a@example.com\r\nARC-Seal: i=1; cv=none\r\nARC-Seal: i=99999999999; cv=pass\r\n\r\nx",
            b"Received: by mx.google.com; garbage\r\nAuthentication-Results: mx.google.com; dkim=pass header.i=@\r\nFrom: <@>\r\n\r\n",
            b"Received: from x (::1) by a.protection.outlook.com; Mon, 1 Jan 2024 00:00:00 +0000\r\nAuthentication-Results: compauth=pass reason=; dmarc=pass header.from=\r\nFrom: a@example.com\r\n\r\n",
        ] {
            let _ = run(raw);
        }
    }

    #[test]
    fn snapshot_input_has_no_evidence() {
        let mail = crate::parse::parse(b"From: a@example.com\r\n\r\nx").unwrap();
        let o = evaluate(&mail, None, &DnsAnswers::new(), &Options::default());
        assert!(!o.evidence_available && !o.from_aligned && !o.forged);
    }

    fn eval(raw: &str, dns: &DnsAnswers) -> AuthOutcome {
        let mail = crate::parse::parse(raw.as_bytes()).unwrap();
        evaluate(&mail, Some(raw.as_bytes()), dns, &Options::default())
    }

    #[test]
    fn microsoft_compauth_fail_and_bestguesspass() {
        let ms = |ar: &str| {
            format!(
                "Received: from AM0EUR02FT017.eop-EUR02.prod.protection.outlook.com (2603:10a6:20b:b2:cafe::27) by AM6PR08CA0009.outlook.office365.com (2603:10a6:20b:b2::21) with Microsoft SMTP Server; Thu, 17 Aug 2023 07:24:31 +0000\r\n\
Authentication-Results: {ar}\r\n\
Received: from mail.example.net (192.0.2.7) by AM0EUR02FT017.mail.protection.outlook.com (10.13.54.134) with Microsoft SMTP Server; Thu, 17 Aug 2023 07:24:31 +0000\r\n\
From: Support <help@example.com>\r\nSubject: s\r\n\r\nbody\r\n"
            )
        };
        let o = eval(
            &ms(
                "spf=none (sender IP is 192.0.2.7) smtp.mailfrom=example.net; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=example.com;compauth=fail reason=001",
            ),
            &DnsAnswers::new(),
        );
        assert_eq!(o.summary.provider.as_deref(), Some("microsoft"));
        assert!(!o.from_aligned && o.evidence_available && !o.forged);
        let f = o
            .findings
            .iter()
            .find(|f| f.id == "auth.compauth_fail")
            .expect("compauth finding");
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.message.en.contains("001"), "{}", f.message.en);

        let o = eval(
            &ms(
                "spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=example.com; dkim=none (message not signed) header.d=none;dmarc=bestguesspass action=none header.from=example.com;compauth=pass reason=109",
            ),
            &DnsAnswers::new(),
        );
        assert!(o.from_aligned);
        assert_eq!(o.authenticated, ["example.com"]);
    }

    #[test]
    fn published_policy_without_a_provider_verdict_is_a_local_dmarc_fail() {
        let raw = "Received: from relay.example.org (relay.example.org [192.0.2.9]) by mx.example.org with ESMTP; Mon, 1 Jan 2024 00:00:00 +0000\r\n\
Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=bulk.example.net; dkim=pass header.d=bulk.example.net\r\n\
From: Bank <info@bank.example>\r\nSubject: s\r\n\r\nbody\r\n";
        let mut dns = DnsAnswers::new();
        dns.insert("_dmarc.bank.example", "v=DMARC1; p=reject");
        let o = eval(raw, &dns);
        assert_eq!(o.summary.provider.as_deref(), Some("mx.example.org"));
        assert!(!o.from_aligned);
        assert_eq!(o.summary.dmarc_policy.as_deref(), Some("reject"));
        assert_eq!(o.authenticated, ["bulk.example.net"], "the platform only");
        assert!(
            o.findings
                .iter()
                .any(|f| f.id == "auth.dmarc_fail" && f.severity == Severity::High)
        );
        // Aligned SPF on a subdomain passes relaxed alignment, not strict.
        let sub = raw.replace("bulk.example.net", "mail.bank.example");
        assert!(eval(&sub, &dns).from_aligned);
        let mut strict = DnsAnswers::new();
        strict.insert("_dmarc.bank.example", "v=DMARC1; p=reject; aspf=s; adkim=s");
        assert!(!eval(&sub, &strict).from_aligned);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn arbitrary_auth_headers_never_panic(ar in "[ -~]{0,200}", dk in "[ -~]{0,200}", by in "[a-z.:0-9]{0,30}") {
            let raw = format!(
                "Received: from h by {by}; Mon, 1 Jan 2024 00:00:00 +0000\r\nAuthentication-Results: {ar}\r\nDKIM-Signature: {dk}\r\nARC-Authentication-Results: {ar}\r\nFrom: a@example.com\r\n\r\nbody\r\n"
            );
            let _ = run(raw.as_bytes());
        }
    }
}
