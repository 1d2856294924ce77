//! Judgement of one link: what it shows against where it goes, and what its destination is.

use std::collections::HashMap;

use url::{Host, Url};

use super::LinkContext;
use super::extract::{Candidate, Source};
use super::shown::shown_hosts;
use super::unwrap::{Layer, percent_decode, unwrap};
use crate::brands;
use crate::domain;
use crate::findings::{Finding, Severity};
use crate::report::LinkReport;
use crate::sites::{self as lists, RedirectKind};

/// Schemes that run code or open local content instead of a web page.
const DANGEROUS_SCHEMES: &[&str] = &[
    "javascript",
    "vbscript",
    "data",
    "file",
    "ms-msdt",
    "search-ms",
    "search",
    "ms-officecmd",
    "ms-word",
    "ms-excel",
    "ms-powerpoint",
    "jar",
];

/// Per-message cache of host judgements (many links share a host).
#[derive(Default)]
pub struct HostCache {
    hosts: HashMap<String, Vec<Finding>>,
}

/// Judge one candidate link.
pub fn judge(c: &Candidate, ctx: &LinkContext<'_>, cache: &mut HostCache) -> LinkReport {
    let mut rep = LinkReport {
        text: super::clip(&c.text, 1000).to_string(),
        href: super::clip(&c.href, 4000).to_string(),
        target: super::clip(&c.href, 4000).to_string(),
        ..LinkReport::default()
    };
    let Some(url) = &c.url else {
        return rep;
    };
    let scheme = url.scheme();
    if DANGEROUS_SCHEMES.contains(&scheme) {
        rep.findings.push(Finding::new(
            "link.dangerous_scheme",
            &rep.href,
            &[("scheme", scheme)],
        ));
        return rep;
    }
    if scheme != "http" && scheme != "https" {
        return rep;
    }
    let (target, layers) = unwrap(url);
    rep.target = super::clip(target.as_str(), 4000).to_string();
    if DANGEROUS_SCHEMES.contains(&target.scheme()) {
        rep.findings.push(Finding::new(
            "link.dangerous_scheme",
            &rep.target,
            &[("scheme", target.scheme())],
        ));
        return rep;
    }
    let Some(host) = target
        .host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
    else {
        return rep;
    };
    rep.host = Some(host.clone());
    let href_host = url
        .host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
        .unwrap_or_default();
    let target_reg = domain::registrable(&host);
    let authenticated = !ctx.authenticated.is_empty();
    // The destination belongs to an organisation proven by authentication.
    let own = ctx
        .authenticated
        .iter()
        .any(|d| domain::is_within(&host, d) || domain::same_organisation(&host, d));

    // Userinfo tricks: `https://www.amazon.co.jp@evil.example/`.
    for u in [url, &target] {
        if let Some(f) = userinfo(u) {
            rep.findings.push(f);
            break;
        }
    }

    // IP literals (url has already turned decimal, hex and octal forms into dotted ones).
    if matches!(target.host(), Some(Host::Ipv4(_) | Host::Ipv6(_))) {
        let raw = raw_host(if layers.is_empty() {
            &c.href
        } else {
            target.as_str()
        });
        let obfuscated = raw.is_some_and(|r| r.trim_end_matches('.').to_ascii_lowercase() != host);
        let note = if obfuscated {
            " (written in a disguised form)"
        } else {
            ""
        };
        let mut f = Finding::new(
            "link.ip_host",
            &rep.target,
            &[("host", &host), ("obfuscated", note)],
        );
        if obfuscated {
            f.message.ja = f.message.ja.replace("です。", "です（偽装された表記）。");
        }
        rep.findings.push(f);
    } else if let Some(ip) = ip_named(&host).filter(|_| !own) {
        rep.findings.push(Finding::new(
            "link.ip_named_host",
            &rep.target,
            &[("host", &host), ("ip", &ip)],
        ));
    }
    if !matches!(target.host(), Some(Host::Ipv4(_) | Host::Ipv6(_))) {
        let host_findings = cache
            .hosts
            .entry(host.clone())
            .or_insert_with(|| host_judgement(&host, target_reg.as_deref()));
        // A phisher authenticates its own domain too: being the sender's own host excuses the
        // weaker signals, never a host that imitates a brand (critical).
        for f in host_findings
            .iter()
            .filter(|f| !own || f.severity == Severity::Critical)
        {
            // The sender's own authenticated domain that may be the claimed brand's unlisted own
            // domain: identity says "not proven to be the brand"; its links are no more a
            // look-alike than its From address.
            if f.id == "link.lookalike"
                && own
                && let Some(c) = ctx.claim
                && brands::unlisted_family_domain(c.brand, &host)
            {
                continue;
            }
            // A host that carries the name of the very brand the sender is proven to be is that
            // brand's own (its CDN, FAQ or campaign site): no phisher can be proven as the brand.
            if f.id == "link.lookalike"
                && let Some(b) = ctx.proven_brand
                && brands::lookalike(&host).is_some_and(|l| l.brand.id == b.id)
            {
                rep.findings.push(Finding::new(
                    "link.brand_family",
                    &rep.target,
                    &[("host", &host), ("brand", &b.name)],
                ));
                continue;
            }
            rep.findings.push(f.clone());
        }
    }

    // Redirectors that hide the destination.
    for l in &layers {
        if let Some(f) = redirect_finding(l, &host, target_reg.as_deref()) {
            rep.findings.push(f);
        }
        // A redirector known only by its `?url=` parameter may itself be the trap
        // (`amaz0n-login.top/r?url=https://www.amazon.co.jp/`): judge its host too.
        if l.kind.is_none() && l.host != host {
            let reg = domain::registrable(&l.host);
            let own_layer = ctx
                .authenticated
                .iter()
                .any(|d| domain::same_organisation(&l.host, d));
            if !own_layer {
                let fs = cache
                    .hosts
                    .entry(l.host.clone())
                    .or_insert_with(|| host_judgement(&l.host, reg.as_deref()));
                for f in fs.iter() {
                    if !rep.findings.iter().any(|x| x.id == f.id) {
                        rep.findings.push(f.clone());
                    }
                }
            }
        }
    }

    // Shorteners and free hosting, unless the authenticated sender owns them.
    let opaque_shortener = lists::shortener(&host);
    if let Some(s) = opaque_shortener {
        let owned = lists::lists()
            .shortener_owners
            .get(s)
            .is_some_and(|owners| {
                owners.iter().any(|o| {
                    ctx.authenticated
                        .iter()
                        .any(|d| domain::same_organisation(d, o))
                })
            });
        if !owned && !own {
            rep.findings.push(Finding::new(
                "link.shortener",
                &rep.target,
                &[("host", &host)],
            ));
        }
    }
    if !own && let Some(h) = lists::hosting(&host, target.path()) {
        let f = Finding::new(
            "link.free_hosting",
            &rep.target,
            &[("host", &host), ("what", &h.what)],
        );
        rep.findings.push(f.with_severity(h.severity));
    }
    if !own && let Some(tld) = lists::risky_tld(&host) {
        rep.findings.push(Finding::new(
            "link.risky_tld",
            &host,
            &[("host", &host), ("tld", tld)],
        ));
    }

    // A <base href> that sends relative links to another site.
    if let Some(base) = &c.base {
        let base_host = Url::parse(base)
            .ok()
            .and_then(|b| b.host_str().map(|h| h.to_ascii_lowercase()));
        let elsewhere = match (base_host.as_deref(), ctx.sender_domain) {
            (Some(b), Some(s)) => !domain::same_organisation(b, s),
            _ => true,
        };
        if elsewhere {
            rep.findings
                .push(Finding::new("link.base_href", base, &[("base", base)]));
        }
    }

    // Text that shows another site than the destination.
    let tracker = lists::tracker(&host).or_else(|| lists::tracker(&href_host));
    if c.source != Source::Text
        && let Some(f) = deceptive_text(
            c,
            ctx,
            &host,
            &href_host,
            tracker.is_some() || opaque_shortener.is_some(),
        )
    {
        rep.findings.push(f);
    }

    // Destinations unrelated to the brand the message claims.
    if let Some(claim) = ctx.claim {
        let brand = claim.brand;
        let related = own
            || brand
                .sender_domains
                .iter()
                .chain(&brand.link_domains)
                .any(|d| domain::is_within(&host, d))
            || brands::owner_of(&host).is_some_and(|b| b.id == brand.id);
        let normal_for_authenticated = authenticated
            && (tracker.is_some() || lists::is_social(&host) || lists::is_unsubscribe(&c.text));
        if !related && !normal_for_authenticated {
            let as_brand = ctx.authenticated.iter().any(|d| brands::may_send(brand, d));
            let f = Finding::new(
                "link.unrelated_to_brand",
                &rep.target,
                &[("brand", &brand.name), ("host", &host)],
            );
            rep.findings.push(if as_brand {
                f.with_severity(Severity::Low)
            } else {
                f
            });
        }
    }
    rep
}

/// Findings that depend on the host alone (cached per message).
fn host_judgement(host: &str, reg: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(l) = brands::lookalike(host) {
        out.push(Finding::new(
            "link.lookalike",
            format!("{host} ({})", l.evidence),
            &[
                ("host", host),
                ("brand", &l.brand.name),
                ("kind", kind_text(l.kind)),
            ],
        ));
        return out;
    }
    if let Some(f) = domain_in_host(host, reg) {
        out.push(f);
    }
    out
}

fn kind_text(k: brands::LookalikeKind) -> &'static str {
    match k {
        brands::LookalikeKind::EditDistance => "letters changed",
        brands::LookalikeKind::Confusable => "look-alike characters",
        brands::LookalikeKind::MixedScriptPunycode => "characters from another alphabet",
        brands::LookalikeKind::BrandInUnrelatedDomain => "brand name inside another domain",
    }
}

/// A host whose subdomain part is itself a domain: `secure.paypal.com.verify.top`.
fn domain_in_host(host: &str, reg: Option<&str>) -> Option<Finding> {
    let reg = reg?;
    let sub = host.strip_suffix(reg)?.strip_suffix('.')?;
    let labels: Vec<&str> = sub.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    // The embedded domain ends in a generic or Japanese second-level suffix.
    const TAIL: &[&str] = &["com", "net", "org", "info", "biz", "gov", "edu"];
    const JP2: &[&str] = &["co", "ne", "or", "go", "ac", "ad", "ed", "gr", "lg"];
    let n = labels.len();
    let three = n >= 3
        && ((labels[n - 1] == "jp" && JP2.contains(&labels[n - 2]))
            || (labels[n - 1] == "uk" && labels[n - 2] == "co"));
    let (start, embedded) = if three {
        (n - 3, labels[n - 3..].join("."))
    } else if TAIL.contains(&labels[n - 1]) {
        (n - 2, labels[n - 2..].join("."))
    } else {
        return None;
    };
    let name = labels[start];
    if name.len() < 2 || name == "www" {
        return None;
    }
    if let Some(b) = brands::owner_of(&embedded)
        && brands::owner_of(host).is_none_or(|o| o.id != b.id)
    {
        return Some(Finding::new(
            "link.brand_domain_in_host",
            host,
            &[
                ("host", host),
                ("brand", &b.name),
                ("domain", &embedded),
                ("registrable", reg),
            ],
        ));
    }
    Some(Finding::new(
        "link.domain_in_host",
        host,
        &[("host", host), ("domain", &embedded), ("registrable", reg)],
    ))
}

fn redirect_finding(l: &Layer, host: &str, target_reg: Option<&str>) -> Option<Finding> {
    let same = match (domain::registrable(&l.host), target_reg) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    if same {
        return None;
    }
    let sev = match l.kind {
        Some(RedirectKind::Open) => Severity::Medium,
        None => Severity::Low,
        Some(_) => return None,
    };
    Some(
        Finding::new(
            "link.open_redirect",
            &l.host,
            &[("via", &l.via), ("target", host)],
        )
        .with_severity(sev),
    )
}

fn userinfo(u: &Url) -> Option<Finding> {
    let user = u.username();
    if user.is_empty() && u.password().is_none() {
        return None;
    }
    let host = u.host_str().unwrap_or("");
    let shown = percent_decode(user);
    let looks_like_site = shown.contains('.')
        || shown.to_ascii_lowercase().starts_with("http")
        || u.password().is_some_and(|p| p.contains('.'));
    let f = Finding::new(
        "link.userinfo",
        u.as_str(),
        &[("userinfo", &shown), ("host", host)],
    );
    Some(if looks_like_site {
        f
    } else {
        f.with_severity(Severity::Medium)
    })
}

/// An IPv4 address written into a host name (`69.140.167.72.host.example`,
/// `ec2-3-138-125-44.compute.example`, `host-192-0-2-1.example`): a machine, not a website.
fn ip_named(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    let is_octet = |l: &str| {
        !l.is_empty()
            && l.len() <= 3
            && l.bytes().all(|b| b.is_ascii_digit())
            && l.parse::<u16>().is_ok_and(|v| v <= 255)
    };
    // Four dotted numeric labels in a row.
    for w in labels.windows(4) {
        if w.iter().all(|l| is_octet(l)) {
            return Some(w.join("."));
        }
    }
    // Four dash-separated octets inside one label.
    for l in &labels {
        let parts: Vec<&str> = l.split('-').collect();
        for w in parts.windows(4) {
            if w.iter().all(|p| is_octet(p)) {
                return Some(w.join("."));
            }
        }
    }
    None
}

/// The host part of a URL as written (before any normalisation), if it has an authority.
fn raw_host(href: &str) -> Option<&str> {
    let after = href.split_once("//")?.1;
    let auth = after.split(['/', '?', '#', '\\']).next()?;
    let hostport = auth.rsplit('@').next()?;
    if hostport.starts_with('[') {
        return Some(match hostport.find(']') {
            Some(e) => &hostport[..=e],
            None => hostport,
        });
    }
    Some(hostport.split(':').next().unwrap_or(hostport))
}

fn same_site(a: &str, b: &str) -> bool {
    if a == b || domain::same_organisation(a, b) {
        return true;
    }
    match (brands::owner_of(a), brands::owner_of(b)) {
        (Some(x), Some(y)) => x.id == y.id,
        _ => false,
    }
}

/// The text shows a site other than where the link goes.
fn deceptive_text(
    c: &Candidate,
    ctx: &LinkContext<'_>,
    host: &str,
    href_host: &str,
    opaque: bool,
) -> Option<Finding> {
    for shown in shown_hosts(&c.text) {
        if same_site(&shown, host) || (!href_host.is_empty() && same_site(&shown, href_host)) {
            continue;
        }
        // Authenticated mail showing its own site (or a site of the brand it is authenticated
        // for) through a click tracker is ordinary bulk mail. What counts is the SHOWN site: a
        // phisher's authenticated domain showing www.amazon.co.jp is the deception itself.
        let own_site = ctx.authenticated.iter().any(|d| {
            domain::same_organisation(&shown, d)
                || brands::owner_of(&shown).is_some_and(|b| brands::may_send(b, d))
        });
        if own_site {
            continue;
        }
        // A proven sender linking to its own site (or its own click tracker) under a shop's
        // name ("Wine.com" on a deals newsletter's logo) is not disguising a URL: the link goes
        // where the sender says it sends you. A web address written out ("https://…", "www.…")
        // or a known brand's domain over someone else's link stays deceptive (a phisher
        // authenticates its own domain too).
        let to_own = [host, href_host].iter().any(|h| {
            !h.is_empty()
                && ctx
                    .authenticated
                    .iter()
                    .any(|d| domain::is_within(h, d) || domain::same_organisation(h, d))
        });
        let bare_name = !c.text.contains("://") && !c.text.to_ascii_lowercase().contains("www.");
        if ctx.sender_proven && to_own && bare_name && brands::owner_of(&shown).is_none() {
            continue;
        }
        let f = Finding::new(
            "link.deceptive_text",
            format!("{} -> {}", c.text, c.href),
            &[("shown", &shown), ("target", host)],
        );
        if opaque {
            // A click tracker or shortener in front: the real destination is unknown. Normal for
            // authenticated bulk mail; suspicious otherwise.
            if !ctx.authenticated.is_empty() {
                continue;
            }
            return Some(f.with_severity(Severity::High));
        }
        return Some(f);
    }
    None
}
