//! Who really sent it: the receiving provider's trusted Authentication-Results, local DKIM/ARC
//! verification when keys are available, and DMARC alignment on the registrable domain.
//!
//! The outcome is the *proven identity*: which domains are authenticated, by what and by whom.
//! `amazonses.com` or `sendgrid.net` proves only the sending platform, not the brand.
//!
//! [`evaluate`] is the decision, step by step; each step is a module:
//! 1. [`provider`]: which results to trust (every hop above a results header must belong to its
//!    authserv-id's organisation);
//! 2. [`local`]: what was verified here ([`dkim`] and [`arc`], as of the delivery time, with the
//!    keys the caller looked up for the names [`names`] asked for);
//! 3. [`results`]: the results used, method by method (local first, then the provider's);
//! 4. [`alignment`]: DMARC alignment of the From domain, and how it is proven ([`FromProof`]);
//! 5. [`forged`]: results that lie (contradicted, or about signatures the message lacks);
//! 6. [`forwarding`]: who wrote a forwarded message, as a trusted ARC sealer recorded it;
//! 7. [`explain`] and [`unchecked`]: the findings, and what could not be checked.
//!
//! [`authres`] parses Authentication-Results; [`dmarc`] reads DMARC records.

pub mod alignment;
pub mod arc;
pub mod authres;
pub mod dkim;
pub mod dmarc;
pub mod explain;
pub mod forged;
pub mod forwarding;
pub mod local;
pub mod names;
pub mod provider;
pub mod results;
pub mod unchecked;

pub use alignment::FromProof;
pub use forwarding::ArcAuthor;

use crate::Options;
use crate::dns::DnsAnswers;
use crate::findings::Finding;
use crate::model::Mail;
use crate::report::{AuthSummary, Text};

use authres::MethodResult;
use dkim::Status;

#[derive(Debug, Clone, Default)]
pub struct AuthOutcome {
    pub summary: AuthSummary,
    /// Domains proven by passing DKIM (d=) or SPF (mail-from domain), lower-case, full names.
    pub authenticated: Vec<String>,
    /// The From domain is authenticated and aligned (DMARC pass, computed locally or trusted).
    pub from_aligned: bool,
    /// How the From domain was proven: only [`FromProof::proves`] may make a message genuine
    /// (results nobody can vouch for, in a file given to the page or the CLI, do not).
    pub from_proof: FromProof,
    /// Some trustworthy evidence existed (trusted provider results or a locally verified signature).
    pub evidence_available: bool,
    /// Authentication results were forged or contradict the trusted ones.
    pub forged: bool,
    /// The author a valid ARC chain proves for a forwarded message (a mailing list that
    /// rewrote From), when a sealer the receiving provider trusts recorded it. Not used for
    /// the verdict here: see [`forwarding`].
    pub arc_author: Option<ArcAuthor>,
    pub findings: Vec<Finding>,
    pub not_checked: Vec<Text>,
    /// The time signatures were verified as of (unix seconds), when one was known.
    pub verified_at: Option<u64>,
    /// Domains whose DKIM signature was verified by Honmono itself (subset of `authenticated`).
    pub verified_locally: Vec<String>,
    /// The DNS TXT names this message needs ([`dns_names`]), computed from the same parse.
    pub dns_wanted: Vec<String>,
}

/// The DNS TXT names still needed to finish (DMARC records first, then DKIM keys aligned with
/// From, ARC keys, other DKIM keys; at most [`names::MAX_NAMES`]), lower-case, no trailing dot.
pub fn dns_names(mail: &Mail, raw: &[u8]) -> Vec<String> {
    let trust = provider::identify(mail);
    names::wanted(
        mail,
        mail_auth::AuthenticatedMessage::parse(raw).as_ref(),
        &trust,
    )
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// Evaluate authentication. `raw` is None for page snapshots (nothing can be verified then).
pub fn evaluate(mail: &Mail, raw: Option<&[u8]>, dns: &DnsAnswers, opts: &Options) -> AuthOutcome {
    let Some(raw) = raw else {
        return AuthOutcome::default();
    };
    let from = mail.sender().and_then(|m| m.domain());

    // 1. Which results to trust.
    let trust = provider::identify(mail);
    let trusted: Vec<&MethodResult> = trust
        .trusted
        .iter()
        .flat_map(|p| p.res.results.iter())
        .collect();
    // Results prove the sender only when the message came from the provider that wrote them.
    let confirmed = opts.from_provider && !trusted.is_empty();

    // 2. What was verified here.
    let local = local::verify(mail, raw, dns, opts, &trust);

    // 3. The results used, and 4. DMARC alignment.
    let results = results::combine(&local, &trusted);
    let align = alignment::decide(from.as_deref(), dns, &trusted, &results, &local, confirmed);

    // 5. Results that lie, and 6. what ARC proves about a forwarded message.
    let forgeries = forged::detect_all(&trust, &dkim::signer_domains(mail));
    let arc_author = forwarding::author(mail, &trust, &trusted, &local, confirmed);

    let mut out = AuthOutcome {
        summary: AuthSummary {
            provider: trust.provider.clone(),
            authserv_id: trust.authserv_id.clone(),
            results: results.shown.clone(),
            dmarc_policy: align.policy.clone(),
            from_proof: Some(align.proof.as_str().to_string()),
        },
        from_aligned: align.from_aligned,
        from_proof: align.proof,
        // A signature that failed here counts as no signature (RFC 6376 §6.1): the copy checked
        // may have been changed on the way (a gateway's banner, a list footer, a saved or
        // edited file), so it is not evidence that the sender was not who it says.
        evidence_available: !trusted.is_empty()
            || local.dkim.iter().any(|c| c.status == Status::Pass)
            || local.arc.status == Status::Pass,
        forged: !forgeries.is_empty(),
        arc_author,
        verified_at: local.now,
        dns_wanted: local.dns_wanted.clone(),
        ..AuthOutcome::default()
    };
    for c in local.dkim.iter().filter(|c| c.status == Status::Pass) {
        push_unique(&mut out.verified_locally, &c.domain);
    }
    if let Some(f) = &from
        && let Some(r) = alignment::local_dmarc_result(&align, f)
    {
        out.summary.results.push(r);
    }
    out.authenticated = authenticated(&results, &align, from.as_deref());

    // 7. The findings, and what could not be checked.
    out.findings = explain::findings(&explain::Facts {
        mail,
        trust: &trust,
        trusted: &trusted,
        results: &results,
        align: &align,
        forgeries: &forgeries,
        evidence_available: out.evidence_available,
    });
    out.not_checked = unchecked::lines(&unchecked::Gaps {
        local: &local,
        trust: &trust,
        trusted: &trusted,
        align: &align,
        from_domain: from.as_deref(),
    });
    out
}

/// The domains authentication proved: DKIM passes, the SPF domain, and the From domain when
/// aligned.
fn authenticated(
    results: &results::Results,
    align: &alignment::Alignment,
    from: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for d in &results.dkim_pass {
        push_unique(&mut out, d);
    }
    if let Some(d) = &results.spf_pass {
        push_unique(&mut out, d);
    }
    if let Some(f) = from
        && align.from_aligned
    {
        push_unique(&mut out, f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;
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

    const GMAIL_DELIVERED: &str = "Received: by 2002:a05:7108:3d0e::1 with SMTP id x1; Tue, 14 Oct 2025 02:13:21 -0700\r\n\
Received: from mail-a.bank.example (mail-a.bank.example. [192.0.2.10]) by mx.google.com with ESMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n\
Authentication-Results: mx.google.com; dkim=pass header.i=@bank.example header.s=s1; spf=pass smtp.mailfrom=news@bank.example; dmarc=pass (p=REJECT) header.from=bank.example\r\n\
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=bank.example; s=s1; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n\
From: Bank <news@bank.example>\r\nSubject: s\r\n\r\n";

    fn with(raw: &str, opts: &Options) -> AuthOutcome {
        let mail = crate::parse::parse(raw.as_bytes()).unwrap();
        evaluate(&mail, Some(raw.as_bytes()), &DnsAnswers::new(), opts)
    }

    fn ids(o: &AuthOutcome) -> Vec<&str> {
        o.findings.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn results_prove_the_sender_only_when_read_from_the_provider() {
        // A file: who wrote the results cannot be confirmed, and no key was looked up.
        let o = with(GMAIL_DELIVERED, &Options::default());
        assert!(o.from_aligned && !o.forged);
        assert_eq!(o.from_proof, FromProof::UnconfirmedResults);
        assert_eq!(o.summary.from_proof.as_deref(), Some("unconfirmed_results"));
        assert!(
            ids(&o).contains(&"auth.from_not_proven_here"),
            "{:?}",
            ids(&o)
        );
        let f = o
            .findings
            .iter()
            .find(|f| f.id == "auth.from_not_proven_here")
            .unwrap();
        assert_eq!(f.severity, Severity::Info);
        assert!(f.message.en.contains("bank.example") && f.message.ja.contains("bank.example"));
        assert!(
            o.not_checked
                .iter()
                .any(|t| t.en.contains("not read from your mail provider"))
        );
        // Read from the provider: its results prove it.
        let from_provider = Options {
            from_provider: true,
            ..Options::default()
        };
        let o = with(GMAIL_DELIVERED, &from_provider);
        assert_eq!(o.from_proof, FromProof::ReceivingProvider);
        assert!(!ids(&o).contains(&"auth.from_not_proven_here"));
        assert!(
            !o.not_checked
                .iter()
                .any(|t| t.en.contains("not read from your mail provider"))
        );
    }

    #[test]
    fn refused_results_are_explained() {
        let raw = format!(
            "Received: from attacker.example (attacker.example [203.0.113.66]) by mail.example.org (Postfix); Tue, 14 Oct 2025 09:13:21 +0000\r\n{}",
            GMAIL_DELIVERED.split_once("-0700\r\n").unwrap().1
        );
        for opts in [
            Options::default(),
            Options {
                from_provider: true,
                ..Options::default()
            },
        ] {
            let o = with(&raw, &opts);
            assert_eq!(o.summary.provider, None);
            assert!(!o.from_aligned);
            assert_eq!(o.from_proof, FromProof::NotProven);
            let refused = o
                .not_checked
                .iter()
                .find(|t| t.en.contains("written in the name of mx.google.com"))
                .expect("the refusal is said");
            assert!(
                refused.en.contains("(mail.example.org)")
                    && refused.ja.contains("mail.example.org")
            );
        }
    }

    #[test]
    fn more_forged_headers_than_are_listed_are_counted() {
        let mut raw = String::from(
            "Received: by 2002:a05:7108:3d0e::1 with SMTP id x1; Tue, 14 Oct 2025 02:13:21 -0700\r\n\
Received: from h.example.top (h.example.top. [203.0.113.45]) by mx.google.com with ESMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n\
Authentication-Results: mx.google.com; dkim=none; dmarc=fail header.from=bank.example\r\n",
        );
        for _ in 0..5 {
            raw += "Authentication-Results: mx.google.com; dkim=pass header.i=@bank.example; dmarc=pass\r\n";
        }
        raw += "From: x@bank.example\r\n\r\nx\r\n";
        let o = with(&raw, &Options::default());
        let forged: Vec<_> = o
            .findings
            .iter()
            .filter(|f| f.id == "auth.forged_results")
            .collect();
        assert_eq!(forged.len(), 3);
        assert!(
            forged[2].message.en.contains("(and 2 more forged headers)"),
            "{}",
            forged[2].message.en
        );
        assert!(
            forged[2].message.ja.contains("ほかに偽装ヘッダー 2 件"),
            "{}",
            forged[2].message.ja
        );
        assert!(
            !forged[0].message.ja.contains("a header"),
            "the Japanese text is Japanese: {}",
            forged[0].message.ja
        );
    }

    #[test]
    fn what_could_not_be_checked_lists_missing_keys_with_a_count() {
        let mut raw = String::from(GMAIL_DELIVERED);
        for i in 0..7 {
            raw.insert_str(
                0,
                &format!("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=esp{i}.example; s=k; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"),
            );
        }
        let o = with(&raw, &Options::default());
        let keys = o
            .not_checked
            .iter()
            .find(|t| t.en.starts_with("DKIM keys were not looked up"))
            .unwrap();
        assert!(keys.en.contains("(+3)"), "{}", keys.en);
        assert!(
            keys.en
                .ends_with("The receiving provider's DKIM results were used instead.")
        );
        assert!(
            o.not_checked
                .iter()
                .any(|t| t.en == "The DMARC policy of bank.example was not looked up.")
        );
    }

    #[test]
    fn without_any_delivery_time_signature_expiry_is_not_checked_and_said() {
        let raw = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=bank.example; s=s1; t=1000; x=2000; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\nFrom: news@bank.example\r\n\r\n";
        let o = with(raw, &Options::default());
        assert_eq!(o.verified_at, None);
        assert!(
            o.not_checked
                .iter()
                .any(|t| t.en
                    == "Signature expiry (x=) was not checked: the delivery time is unknown."),
            "{:?}",
            o.not_checked
        );
        // With a hop, its time is used, and the signature is judged expired at it.
        let dated = format!(
            "Received: from a (a [192.0.2.1]) by mx.example.org; Mon, 1 Jan 2024 00:00:10 +0000\r\n{raw}"
        );
        let o = with(&dated, &Options::default());
        assert_eq!(o.verified_at, Some(1_704_067_210));
        assert!(
            !o.not_checked
                .iter()
                .any(|t| t.en.starts_with("Signature expiry"))
        );
    }
}
