//! The results the decision uses, method by method: DKIM verified here first and the trusted
//! provider's DKIM results for what could not be verified here; SPF, DMARC and compauth from the
//! provider (SPF needs the connecting address); ARC verified here, else the provider's.

use super::authres::MethodResult;
use super::dkim::Status;
use super::local::Local;
use crate::report::AuthResult;

/// Where a DKIM failure was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    Local,
    Provider,
}

impl Seen {
    pub fn as_str(self) -> &'static str {
        match self {
            Seen::Local => "local",
            Seen::Provider => "provider",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimFailure {
    pub domain: String,
    pub reason: String,
    pub seen: Seen,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    /// What the report lists (`auth.results`).
    pub shown: Vec<AuthResult>,
    /// Domains with a passing DKIM signature (here, or per the provider), lower-case.
    pub dkim_pass: Vec<String>,
    pub dkim_failed: Vec<DkimFailure>,
    /// The SPF mail-from domain the provider found passing.
    pub spf_pass: Option<String>,
    /// The provider's SPF `fail`/`softfail` and its domain.
    pub spf_bad: Option<(String, String)>,
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// One provider result as the report shows it.
pub fn provider_result(r: &MethodResult) -> AuthResult {
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
        detail: (!detail.is_empty()).then(|| detail.join(" ")),
    }
}

/// All methods.
pub fn combine(local: &Local, trusted: &[&MethodResult]) -> Results {
    let mut out = Results::default();
    dkim_here(local, &mut out);
    dkim_from_provider(local, trusted, &mut out);
    dkim_failed_here(local, &mut out);
    from_provider(local, trusted, &mut out);
    arc_here(local, &mut out);
    out
}

/// DKIM verified here (keys not looked up are left to the provider).
fn dkim_here(local: &Local, out: &mut Results) {
    for c in local
        .dkim
        .iter()
        .filter(|c| c.status != Status::NotLookedUp)
    {
        out.shown.push(AuthResult {
            method: "dkim".into(),
            result: c.status.as_str().into(),
            domain: Some(c.domain.clone()).filter(|d| !d.is_empty()),
            selector: Some(c.selector.clone()).filter(|s| !s.is_empty()),
            source: "local".into(),
            detail: Some(c.reason.clone()).filter(|r| !r.is_empty()),
        });
        if c.status == Status::Pass {
            push_unique(&mut out.dkim_pass, &c.domain);
        }
    }
}

/// The provider's DKIM results, except for signatures that passed here. A provider pass that
/// failed here says so: the message may have been changed after delivery.
fn dkim_from_provider(local: &Local, trusted: &[&MethodResult], out: &mut Results) {
    for r in trusted.iter().filter(|r| r.method == "dkim") {
        let d = r.domain();
        if d.as_deref().is_some_and(|d| local.passed(d)) {
            continue;
        }
        let mut shown = provider_result(r);
        if r.is_pass()
            && let Some(c) = d.as_deref().and_then(|d| local.checked(d))
        {
            shown.detail = Some(format!(
                "verified by the provider; local verification gave {} ({}), the message may have been changed after delivery",
                c.status.as_str(),
                c.reason
            ));
        }
        out.shown.push(shown);
        match (&d, r.is_pass()) {
            (Some(d), true) => push_unique(&mut out.dkim_pass, d),
            (Some(d), false) if matches!(r.result.as_str(), "fail" | "permerror" | "policy") => {
                out.dkim_failed.push(DkimFailure {
                    domain: d.clone(),
                    reason: r.comment.clone().unwrap_or_default(),
                    seen: Seen::Provider,
                })
            }
            _ => {}
        }
    }
}

/// Signatures that failed here and passed nowhere.
fn dkim_failed_here(local: &Local, out: &mut Results) {
    for c in &local.dkim {
        if matches!(c.status, Status::Fail | Status::PermError | Status::Neutral)
            && !out.dkim_pass.contains(&c.domain)
        {
            out.dkim_failed.push(DkimFailure {
                domain: c.domain.clone(),
                reason: c.reason.clone(),
                seen: Seen::Local,
            });
        }
    }
}

/// SPF, DMARC, compauth, and ARC when it was not verified here: the provider's.
fn from_provider(local: &Local, trusted: &[&MethodResult], out: &mut Results) {
    for r in trusted {
        match r.method.as_str() {
            "spf" | "dmarc" | "compauth" => out.shown.push(provider_result(r)),
            "arc" if !local.arc_checked() => out.shown.push(provider_result(r)),
            _ => {}
        }
        if r.method == "spf" {
            match (r.result.as_str(), r.domain()) {
                ("pass", Some(d)) => out.spf_pass = Some(d),
                (res @ ("fail" | "softfail"), Some(d)) => out.spf_bad = Some((res.to_string(), d)),
                _ => {}
            }
        }
    }
}

fn arc_here(local: &Local, out: &mut Results) {
    if !local.arc_checked() {
        return;
    }
    let a = &local.arc;
    out.shown.push(AuthResult {
        method: "arc".into(),
        result: a.status.as_str().into(),
        domain: a.sealers.last().cloned(),
        selector: None,
        source: "local".into(),
        detail: Some(
            format!("{} ARC set(s) {}", a.instances, a.reason)
                .trim()
                .to_string(),
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::arc;
    use crate::auth::dkim::DkimCheck;

    fn check(domain: &str, status: Status) -> DkimCheck {
        DkimCheck {
            domain: domain.into(),
            selector: "s".into(),
            auid: String::new(),
            algorithm: "rsa-sha256",
            status,
            reason: if status == Status::Pass {
                String::new()
            } else {
                "body hash mismatch".into()
            },
            t: 0,
            x: 0,
        }
    }

    fn local(dkim: Vec<DkimCheck>) -> Local {
        Local {
            no_body: None,
            now: None,
            dkim,
            arc: arc::none(),
            dns_wanted: Vec::new(),
        }
    }

    fn provider(s: &str) -> Vec<MethodResult> {
        crate::auth::authres::parse(s).results
    }

    #[test]
    fn local_first_then_the_provider_for_the_rest() {
        let l = local(vec![
            check("a.example", Status::Pass),
            check("b.example", Status::Fail),
            check("d.example", Status::NotLookedUp),
        ]);
        let p = provider(
            "mx.example; dkim=fail header.d=a.example; dkim=pass header.d=c.example; dkim=pass header.d=d.example; dkim=pass header.d=b.example; spf=softfail smtp.mailfrom=e@bounce.example",
        );
        let trusted: Vec<&MethodResult> = p.iter().collect();
        let r = combine(&l, &trusted);
        // a: verified here (the provider's fail is not shown); c, d: the provider's; b: the
        // provider's pass stands, but the local failure is said beside it
        assert_eq!(
            r.dkim_pass,
            ["a.example", "c.example", "d.example", "b.example"]
        );
        assert!(r.dkim_failed.is_empty(), "{:?}", r.dkim_failed);
        let b = r
            .shown
            .iter()
            .find(|x| x.domain.as_deref() == Some("b.example") && x.source == "provider")
            .unwrap();
        assert!(
            b.detail
                .as_deref()
                .unwrap()
                .contains("changed after delivery")
        );
        assert!(
            !r.shown
                .iter()
                .any(|x| x.domain.as_deref() == Some("a.example") && x.source == "provider")
        );
        assert_eq!(
            r.spf_bad,
            Some(("softfail".into(), "bounce.example".into()))
        );
        assert_eq!(r.spf_pass, None);

        // A failure here with no pass anywhere is a failure, seen locally.
        let r = combine(&local(vec![check("b.example", Status::Fail)]), &[]);
        assert_eq!(
            r.dkim_failed,
            [DkimFailure {
                domain: "b.example".into(),
                reason: "body hash mismatch".into(),
                seen: Seen::Local
            }]
        );
    }
}
