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

/// Where a link really goes, as every step sees it.
struct Destination<'a> {
    /// The link as written.
    url: &'a Url,
    /// After unwrapping redirectors and Safe Links.
    target: Url,
    layers: Vec<Layer>,
    /// The target's host, lower case, without a trailing dot.
    host: String,
    /// The host of the link as written (a click tracker's, before unwrapping).
    href_host: String,
    /// The target's registrable domain.
    reg: Option<String>,
    /// The target belongs to an organisation proven by authentication.
    own: bool,
    /// The target as evidence (clipped).
    evidence: String,
}

impl Destination<'_> {
    fn is_ip(&self) -> bool {
        matches!(self.target.host(), Some(Host::Ipv4(_) | Host::Ipv6(_)))
    }
}

/// Judge one candidate link: where it goes, then each question about it in turn.
pub fn judge(c: &Candidate, ctx: &LinkContext<'_>, cache: &mut HostCache) -> LinkReport {
    let mut rep = LinkReport {
        text: super::clip(&c.text, 1000).to_string(),
        href: super::clip(&c.href, 4000).to_string(),
        target: super::clip(&c.href, 4000).to_string(),
        ..LinkReport::default()
    };
    let Some(d) = destination(c, ctx, &mut rep) else {
        return rep;
    };
    let f = &mut rep.findings;
    f.extend([d.url, &d.target].into_iter().find_map(userinfo));
    f.extend(ip_host(c, &d));
    host_signals(&d, ctx, cache, f);
    redirectors(&d, ctx, cache, f);
    let shortener = lists::shortener(&d.host);
    f.extend(shortener_not_owned(shortener, &d, ctx));
    f.extend(free_hosting(&d));
    f.extend(risky_tld(&d));
    f.extend(base_elsewhere(c, ctx));
    let tracker = lists::tracker(&d.host).or_else(|| lists::tracker(&d.href_host));
    if c.source != Source::Text {
        f.extend(deceptive_text(
            c,
            ctx,
            &d.host,
            &d.href_host,
            tracker.is_some() || shortener.is_some(),
        ));
    }
    f.extend(unrelated_to_brand(c, ctx, &d, tracker.is_some()));
    rep
}

/// Where the link goes: its scheme checked (one that runs code is the finding), redirectors
/// unwrapped, the target's host. `None` when there is nothing more to judge.
fn destination<'a>(
    c: &'a Candidate,
    ctx: &LinkContext<'_>,
    rep: &mut LinkReport,
) -> Option<Destination<'a>> {
    let url = c.url.as_ref()?;
    let scheme = url.scheme();
    if DANGEROUS_SCHEMES.contains(&scheme) {
        rep.findings.push(Finding::new(
            "link.dangerous_scheme",
            &rep.href,
            &[("scheme", scheme)],
        ));
        return None;
    }
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (target, layers) = unwrap(url);
    rep.target = super::clip(target.as_str(), 4000).to_string();
    if DANGEROUS_SCHEMES.contains(&target.scheme()) {
        rep.findings.push(Finding::new(
            "link.dangerous_scheme",
            &rep.target,
            &[("scheme", target.scheme())],
        ));
        return None;
    }
    let host = target
        .host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())?;
    rep.host = Some(host.clone());
    // A host name no DNS server can have ("shop.myshopify.com=", a quoted-printable soft line
    // break left in a part declared 7bit) leads nowhere: nothing in it can imitate anyone.
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':'))
    {
        return None;
    }
    let href_host = url
        .host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
        .unwrap_or_default();
    let own = super::owned_by(&host, ctx.authenticated);
    Some(Destination {
        url,
        reg: domain::registrable(&host),
        evidence: rep.target.clone(),
        target,
        layers,
        host,
        href_host,
        own,
    })
}

/// An IP address instead of a name (url has already turned decimal, hex and octal forms into
/// dotted ones), or a host name that spells one out, unless it is the sender's own.
fn ip_host(c: &Candidate, d: &Destination) -> Option<Finding> {
    if d.is_ip() {
        let raw = raw_host(if d.layers.is_empty() {
            &c.href
        } else {
            d.target.as_str()
        });
        let obfuscated =
            raw.is_some_and(|r| r.trim_end_matches('.').to_ascii_lowercase() != d.host);
        let note = if obfuscated {
            " (written in a disguised form)"
        } else {
            ""
        };
        let mut f = Finding::new(
            "link.ip_host",
            &d.evidence,
            &[("host", &d.host), ("obfuscated", note)],
        );
        if obfuscated {
            f.message.ja = f.message.ja.replace("です。", "です（偽装された表記）。");
        }
        return Some(f);
    }
    let ip = ip_named(&d.host).filter(|_| !d.own)?;
    Some(Finding::new(
        "link.ip_named_host",
        &d.evidence,
        &[("host", &d.host), ("ip", &ip)],
    ))
}

/// What the host name alone says ([`host_judgement`], cached), weighed against who sent the
/// message.
fn host_signals(
    d: &Destination,
    ctx: &LinkContext<'_>,
    cache: &mut HostCache,
    out: &mut Vec<Finding>,
) {
    if d.is_ip() {
        return;
    }
    let host_findings = cache
        .hosts
        .entry(d.host.clone())
        .or_insert_with(|| host_judgement(&d.host, d.reg.as_deref()));
    // A phisher authenticates its own domain too: being the sender's own host excuses the
    // weaker signals, never a host that imitates a brand (critical).
    for f in host_findings
        .iter()
        .filter(|f| !d.own || f.severity == Severity::Critical)
    {
        // The sender's own authenticated domain that may be the claimed brand's unlisted own
        // domain: identity says "not proven to be the brand"; its links are no more a
        // look-alike than its From address.
        if f.id == "link.lookalike"
            && d.own
            && let Some(c) = ctx.claim
            && brands::unlisted_family_domain(c.brand, &d.host)
        {
            continue;
        }
        // The authenticated From domain of a known organisation that the message presents
        // (and no brand): that it is a letter off some brand's says nothing about its links,
        // which are the organisation's own site. A phisher's look-alike From domain presents
        // the brand it imitates, which keeps this finding.
        if f.id == "link.lookalike"
            && d.own
            && ctx.claim.is_none()
            && ctx.presents_other_org
            && brands::lookalike(&d.host)
                .is_some_and(|l| l.kind == brands::LookalikeKind::EditDistance)
            && ctx
                .sender_domain
                .is_some_and(|s| crate::domain::same_organisation(&d.host, s))
        {
            continue;
        }
        // A host that carries the name of the very brand the sender is proven to be is that
        // brand's own (its CDN, FAQ or campaign site): no phisher can be proven as the brand.
        if f.id == "link.lookalike"
            && let Some(b) = ctx.proven_brand
            && brands::lookalike(&d.host).is_some_and(|l| l.brand.id == b.id)
        {
            out.push(Finding::new(
                "link.brand_family",
                &d.evidence,
                &[("host", &d.host), ("brand", &b.name)],
            ));
            continue;
        }
        out.push(f.clone());
    }
}

/// Redirectors that hide the destination; a redirector known only by its `?url=` parameter
/// may itself be the trap (`amaz0n-login.top/r?url=https://www.amazon.co.jp/`): its host is
/// judged too.
fn redirectors(
    d: &Destination,
    ctx: &LinkContext<'_>,
    cache: &mut HostCache,
    out: &mut Vec<Finding>,
) {
    for l in &d.layers {
        out.extend(redirect_finding(l, &d.host, d.reg.as_deref()));
        if l.kind.is_some() || l.host == d.host {
            continue;
        }
        let own_layer = ctx
            .authenticated
            .iter()
            .any(|a| domain::same_organisation(&l.host, a));
        if own_layer {
            continue;
        }
        let reg = domain::registrable(&l.host);
        let fs = cache
            .hosts
            .entry(l.host.clone())
            .or_insert_with(|| host_judgement(&l.host, reg.as_deref()));
        for f in fs.iter() {
            if !out.iter().any(|x| x.id == f.id) {
                out.push(f.clone());
            }
        }
    }
}

/// A URL shortener hides the destination, unless the authenticated sender owns it or the
/// destination.
fn shortener_not_owned(
    shortener: Option<&str>,
    d: &Destination,
    ctx: &LinkContext<'_>,
) -> Option<Finding> {
    let s = shortener?;
    let owned = lists::lists()
        .shortener_owners
        .get(s)
        .is_some_and(|owners| {
            owners.iter().any(|o| {
                ctx.authenticated
                    .iter()
                    .any(|a| domain::same_organisation(a, o))
            })
        });
    (!owned && !d.own).then(|| Finding::new("link.shortener", &d.evidence, &[("host", &d.host)]))
}

/// Free hosting, where anyone can publish a page, unless the authenticated sender owns it.
fn free_hosting(d: &Destination) -> Option<Finding> {
    if d.own {
        return None;
    }
    let h = lists::hosting(&d.host, d.target.path())?;
    let f = Finding::new(
        "link.free_hosting",
        &d.evidence,
        &[("host", &d.host), ("what", &h.what)],
    );
    Some(f.with_severity(h.severity))
}

/// A top-level domain mostly used for abuse, unless the authenticated sender owns the host.
fn risky_tld(d: &Destination) -> Option<Finding> {
    if d.own {
        return None;
    }
    let tld = lists::risky_tld(&d.host)?;
    Some(Finding::new(
        "link.risky_tld",
        &d.host,
        &[("host", &d.host), ("tld", tld)],
    ))
}

/// A `<base href>` that sends relative links to another site than the sender's.
fn base_elsewhere(c: &Candidate, ctx: &LinkContext<'_>) -> Option<Finding> {
    let base = c.base.as_ref()?;
    let base_host = Url::parse(base)
        .ok()
        .and_then(|b| b.host_str().map(|h| h.to_ascii_lowercase()));
    let elsewhere = match (base_host.as_deref(), ctx.sender_domain) {
        (Some(b), Some(s)) => !domain::same_organisation(b, s),
        _ => true,
    };
    elsewhere.then(|| Finding::new("link.base_href", base, &[("base", base)]))
}

/// A destination unrelated to the brand the message claims (social links, click trackers and
/// unsubscribe links are normal in an authenticated sender's mail).
fn unrelated_to_brand(
    c: &Candidate,
    ctx: &LinkContext<'_>,
    d: &Destination,
    tracked: bool,
) -> Option<Finding> {
    let brand = ctx.claim?.brand;
    let own = match ctx.list_relay {
        Some(footer) => {
            let at = format!("{}{}", d.host, d.target.path());
            footer.iter().any(|f| f == at.trim_end_matches('/'))
        }
        None => d.own,
    };
    let related = own
        || brand
            .sender_domains
            .iter()
            .chain(&brand.link_domains)
            .any(|s| domain::is_within(&d.host, s))
        || brands::owner_of(&d.host).is_some_and(|b| b.id == brand.id);
    let normal_for_authenticated = !ctx.authenticated.is_empty()
        && (tracked || lists::is_social(&d.host) || lists::is_unsubscribe(&c.text));
    if related || normal_for_authenticated {
        return None;
    }
    let as_brand = ctx.authenticated.iter().any(|a| brands::may_send(brand, a));
    let f = Finding::new(
        "link.unrelated_to_brand",
        &d.evidence,
        &[("brand", &brand.name), ("host", &d.host)],
    );
    Some(if as_brand {
        f.with_severity(Severity::Low)
    } else {
        f
    })
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
                || crate::orgs::owner_of(&shown)
                    .is_some_and(|o| crate::orgs::relation(o, d) == crate::orgs::Relation::Own)
        });
        if own_site {
            continue;
        }
        // A proven sender linking to its own site (or its own click tracker) under a shop's
        // name ("Wine.com" on a deals newsletter's logo) is not disguising a URL: the link goes
        // where the sender says it sends you. A web address written out ("https://…", "www.…")
        // or a known brand's domain over someone else's link stays deceptive (a phisher
        // authenticates its own domain too).
        let to_own = [host, href_host]
            .iter()
            .any(|h| !h.is_empty() && super::owned_by(h, ctx.authenticated));
        let bare_name = !c.text.contains("://") && !c.text.to_ascii_lowercase().contains("www.");
        if ctx.sender_proven && to_own && bare_name && brands::owner_of(&shown).is_none() {
            continue;
        }
        // A web address written out over a link to a mail host of an authenticated sender's
        // own domain is what click tracking does to every address a sender writes (a retailer's
        // gift-card site "https://shop.giftcards.example/" through its own e.mktg.… tracker):
        // the link goes to the authenticated sender, not to a stranger. Link tracking lives on
        // a subdomain set aside for it; a hijacked website's pages are on its own www or bare
        // host, where a bank's address shown over them stays deceptive. It deceives, too,
        // when the address shown is one the reader trusts more than that sender: a known
        // brand's or organisation's.
        // So does the address of the organisation the display name presents ("Mashreq"
        // showing www.mashreq.com/login over its own domain's link). Asked last, for the few
        // links that get this far, of a name clipped to a display name's length.
        let tracker_host = [host, href_host].iter().any(|h| {
            super::owned_by(h, ctx.authenticated)
                && !h.starts_with("www.")
                && crate::domain::registrable(h).is_some_and(|r| r != *h)
        });
        if tracker_host
            && !bare_name
            && brands::owner_of(&shown).is_none()
            && crate::orgs::owner_of(&shown).is_none()
            && !ctx.sender_name.is_some_and(|n| {
                crate::presentation::name::organisation_belongs(
                    super::clip(n, 256),
                    &["x@", shown.as_str()].concat(),
                ) == crate::presentation::name::Belongs::Yes
            })
        {
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

/// Each step of [`judge`] alone (the whole judgement is tested in `links::tests`).
#[cfg(test)]
mod step_tests {
    use super::*;

    fn candidate(href: &str) -> Candidate {
        Candidate {
            text: "click".into(),
            img_alts: Vec::new(),
            href: href.into(),
            url: Url::parse(href).ok(),
            base: None,
            source: Source::Html,
        }
    }

    fn dest<'a>(c: &'a Candidate, ctx: &LinkContext<'_>) -> (Option<Destination<'a>>, LinkReport) {
        let mut rep = LinkReport::default();
        (destination(c, ctx, &mut rep), rep)
    }

    #[test]
    fn destination_unwraps_and_stops_at_code() {
        let ctx = LinkContext::default();
        let c = candidate("javascript:alert(1)");
        let (d, rep) = dest(&c, &ctx);
        assert!(d.is_none());
        assert_eq!(rep.findings[0].id, "link.dangerous_scheme");
        let c = candidate("mailto:a@b.example");
        let (d, rep) = dest(&c, &ctx);
        assert!(d.is_none() && rep.findings.is_empty());
        let c = candidate("https://WWW.Example.COM./x");
        let (d, _) = dest(&c, &ctx);
        let d = d.expect("an http link has a destination");
        assert_eq!(d.host, "www.example.com");
        assert_eq!(d.reg.as_deref(), Some("example.com"));
        assert!(!d.own);
        let auth = vec!["example.com".to_string()];
        let ctx = LinkContext {
            authenticated: &auth,
            ..LinkContext::default()
        };
        assert!(dest(&c, &ctx).0.expect("destination").own);
    }

    #[test]
    fn ip_and_hosting_and_tld_steps() {
        let ctx = LinkContext::default();
        let c = candidate("http://0x7f000001/login");
        let d = dest(&c, &ctx).0.expect("destination");
        assert_eq!(
            ip_host(&c, &d).map(|f| f.id).as_deref(),
            Some("link.ip_host")
        );
        let c = candidate("https://example.com/");
        let d = dest(&c, &ctx).0.expect("destination");
        assert!(ip_host(&c, &d).is_none());
        assert!(free_hosting(&d).is_none());
        assert!(risky_tld(&d).is_none());
        let c = candidate("https://login-page.web.app/");
        let d = dest(&c, &ctx).0.expect("destination");
        assert_eq!(
            free_hosting(&d).map(|f| f.id).as_deref(),
            Some("link.free_hosting")
        );
    }

    #[test]
    fn shortener_step_excuses_its_owner() {
        let c = candidate("https://bit.ly/abc");
        let ctx = LinkContext::default();
        let d = dest(&c, &ctx).0.expect("destination");
        let s = lists::shortener(&d.host);
        assert!(s.is_some());
        assert_eq!(
            shortener_not_owned(s, &d, &ctx).map(|f| f.id).as_deref(),
            Some("link.shortener")
        );
        let c = candidate("https://example.com/");
        let d = dest(&c, &ctx).0.expect("destination");
        assert!(shortener_not_owned(lists::shortener(&d.host), &d, &ctx).is_none());
    }

    #[test]
    fn base_elsewhere_step() {
        let mut c = candidate("https://evil.example/x");
        c.base = Some("https://evil.example/".into());
        let ctx = LinkContext {
            sender_domain: Some("shop.example"),
            ..LinkContext::default()
        };
        assert_eq!(
            base_elsewhere(&c, &ctx).map(|f| f.id).as_deref(),
            Some("link.base_href")
        );
        c.base = Some("https://www.shop.example/".into());
        assert!(base_elsewhere(&c, &ctx).is_none());
    }
}
