//! Honmono (本物): does this e-mail really come from who it claims to be?
//!
//! The core is sans-IO. A caller:
//! 1. asks [`dns_names`] which DNS TXT records the message needs (DKIM keys, DMARC policies),
//! 2. looks them up however it can (or not at all),
//! 3. calls [`check`] with the answers and gets a [`Report`].
//!
//! Pipeline (one module each, named for what it decides):
//! [`parse`] -> [`auth`] (who really sent it) -> [`presentation`] (who it presents itself as,
//! with [`brands`]) -> [`identity`] (do the two match) -> [`links`] and [`content`] (is it
//! honest) -> [`verdict`] -> [`report::Report`].

pub mod anomalies;
pub mod auth;
pub mod brands;
pub mod content;
mod data;
pub mod dns;
pub mod domain;
pub mod findings;
pub use honmono_html as html;
pub mod identity;
pub mod links;
pub mod model;
pub mod orgs;
pub mod parse;
pub mod platforms;
pub mod presentation;
pub mod report;
pub mod sites;
pub mod snapshot;
pub mod source;
pub mod texts;
mod unicode;
pub mod verdict;

/// JavaScript bindings (wasm builds only); public so that wasm-bindgen-test can call them.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use dns::DnsAnswers;
pub use findings::{Finding, Severity};
pub use parse::{InputError, MAX_MESSAGE_BYTES};
pub use report::{Report, Verdict};
pub use snapshot::Snapshot;

/// How to run a check.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Verify signatures as of this time (unix seconds). None: the delivery time given by the
    /// trusted provider's `Received` header, else the current time.
    pub now: Option<u64>,
    /// Whether the caller was allowed to look up DNS (the report says so when it was not).
    pub dns_enabled: bool,
    /// The headers are the real ones but the body was rebuilt from what a webmail page showed
    /// (Outlook on the web hands out headers, not the original body): signatures cannot be
    /// re-verified, so the provider's results are used; links and wording are still checked.
    pub body_from_page: bool,
    /// The source was fetched from the receiving provider itself (the extension reading the
    /// open message from the webmail), not pasted or dropped in by the user. Then:
    /// - its topmost hops and results are the provider's own, so the provider's results may
    ///   prove the sender (`auth::FromProof::ReceivingProvider`); otherwise only a signature
    ///   verified here can;
    /// - a source over [`MAX_MESSAGE_BYTES`] is analysed as its headers and the start of its
    ///   body (`message.source_truncated`) instead of being refused, and control bytes in it do
    ///   not make it "not a message" (`message.source_unreadable`): a failure must not hide the
    ///   provider's verdict. Such a report is never better than the headers alone would give.
    pub from_provider: bool,
}

/// The DNS TXT names needed to verify `raw` (DKIM keys and DMARC records), lower-case, no
/// trailing dot, most useful first and capped (`auth::names`). Empty when nothing needs looking
/// up. For pasted input ([`dns_names_with`] for a source fetched from the provider).
pub fn dns_names(raw: &[u8]) -> Result<Vec<String>, InputError> {
    dns_names_with(raw, &Options::default())
}

/// [`dns_names`] for input read as `opts` says (`from_provider`: see [`source`]).
///
/// Only the header block is read: every name comes from a header (From, the signatures, the
/// ARC sets, the hops that say whose results are trusted). Parsing the body too, as `check` does
/// next, would do the work of a 5 MB message twice before the badge can be set.
pub fn dns_names_with(raw: &[u8], opts: &Options) -> Result<Vec<String>, InputError> {
    let src = source::prepare(raw, opts)?;
    let head = src.header_block();
    let mail = parse::parse_message(head)?;
    Ok(auth::dns_names(&mail, head))
}

/// Check one raw message.
pub fn check(raw: &[u8], dns: &DnsAnswers, opts: &Options) -> Result<Report, InputError> {
    let src = source::prepare(raw, opts)?;
    let mut mail = parse::parse_message(src.bytes)?;
    mail.body_cut_at = src.cut_from.map(|_| src.bytes.len());
    let report = analyse(&mail, Some(src.bytes), dns, opts, Some(&src));
    if !src.degraded() {
        return Ok(report);
    }
    // A source read only in part is never judged better than its header block alone.
    let head = src.header_block();
    Ok(match parse::parse_message(head) {
        Ok(m) => {
            let alone = analyse(&m, Some(head), dns, opts, Some(&src));
            if alone.verdict > report.verdict {
                alone
            } else {
                report
            }
        }
        Err(_) => report,
    })
}

/// The web addresses a list's `List-*` headers give (RFC 2369: archive, help, subscription), as
/// `host/path` (lower-case host, no query, no trailing slash): what a list's footer links to.
/// At most [`MAX_LIST_URLS`]: every link is compared with each, and the sender writes them.
fn list_header_urls(mail: &model::Mail) -> Vec<String> {
    let mut out = Vec::new();
    for h in &mail.headers {
        if out.len() >= MAX_LIST_URLS {
            break;
        }
        if !h.name.to_ascii_lowercase().starts_with("list-") {
            continue;
        }
        for part in h.value().split(['<', '>', ',']) {
            if out.len() >= MAX_LIST_URLS {
                break;
            }
            if let Some((_, rest)) = part.trim().split_once("://") {
                let at = rest.split(['?', '#']).next().unwrap_or_default();
                let (host, path) = at.split_once('/').unwrap_or((at, ""));
                let url = format!("{}/{path}", host.to_ascii_lowercase());
                out.push(url.trim_end_matches('/').to_string());
            }
        }
    }
    out
}

/// A real list gives a handful (Mailman 2: six headers, four web addresses).
const MAX_LIST_URLS: usize = 16;

/// Check what a webmail page showed when the raw source could not be had. Never `genuine`.
pub fn check_snapshot(snap: &Snapshot, opts: &Options) -> Report {
    let mail = snap.to_mail();
    analyse(&mail, None, &DnsAnswers::new(), opts, None)
}

/// Check a single link (right-click): `text` is the link's text, `sender` the open message's From
/// address when known.
pub fn check_link(href: &str, text: Option<&str>, sender: Option<&str>) -> Report {
    verdict::link_report(href, text, sender)
}

/// The pipeline shared by raw messages and page snapshots. `src`: how the raw source was read
/// (its warnings go into the report).
fn analyse(
    mail: &model::Mail,
    raw: Option<&[u8]>,
    dns: &DnsAnswers,
    opts: &Options,
    src: Option<&source::Source>,
) -> Report {
    let mut auth = auth::evaluate(mail, raw, dns, opts);
    let shown = presentation::presented(mail);
    let claim = shown.claim.clone();
    let standing = identity::assess(mail, &auth, &shown);
    let sender_domain = mail.sender().and_then(|m| m.domain());
    // A forward whose author a confirmed ARC chain proves: the author's and the sealing list
    // host's links are theirs (the list's footer, the author's own site).
    let mut link_owners = auth.authenticated.clone();
    if let Some(a) = auth.arc_author.as_ref().filter(|a| a.confirmed) {
        link_owners.push(a.domain.clone());
        link_owners.push(a.sealer.clone());
    }
    let list_footer = standing.list_relay.then(|| list_header_urls(mail));
    let link_ctx = links::LinkContext {
        claim: claim.as_ref(),
        authenticated: &link_owners,
        sender_domain: sender_domain.as_deref(),
        proven_brand: claim.as_ref().filter(|_| standing.proven).map(|c| c.brand),
        sender_proven: standing.proven,
        presents_other_org: shown.org.is_some() && claim.is_none(),
        list_relay: list_footer.as_deref(),
        sender_name: mail.sender().and_then(|m| m.name.as_deref()),
    };
    let links = links::analyze(mail, &link_ctx);
    let proven = standing.proven;
    // An organisation naming itself on its own, not thrown-away, domain, whose links all stay
    // there (a role name such as "Billing Department" names no one; a name in a script that
    // cannot be compared with the domain may be an organisation's).
    let all_links_own = !links.is_empty()
        && links.iter().all(|l| {
            l.host
                .as_deref()
                .is_some_and(|h| links::owned_by(h, &link_owners))
        });
    let own_site = matches!(
        shown.name,
        presentation::NameKind::Organisation | presentation::NameKind::Unreadable
    ) && sender_domain
        .as_deref()
        .is_some_and(|d| !identity::looks_throwaway(d))
        && all_links_own;
    let mut message_findings = standing.findings;
    message_findings.extend(anomalies::check(mail, auth.from_aligned));
    message_findings.extend(content::analyze(
        mail,
        &content::ContentContext {
            claim: claim.as_ref(),
            auth: &auth,
            name_proven: proven,
            person: matches!(shown.name, presentation::NameKind::Person { .. }),
            known_org: proven
                && shown.org.as_ref().is_some_and(|o| {
                    sender_domain
                        .as_deref()
                        .is_some_and(|d| orgs::relation(o.org, d) == orgs::Relation::Own)
                }),
            links_own: own_site
                && matches!(shown.name, presentation::NameKind::Organisation)
                && shown.name_belongs == presentation::name::Belongs::Yes,
            all_links_own,
            links_own_name_unknown: own_site
                && shown.name_belongs == presentation::name::Belongs::CannotTell,
            relay_by_brand: matches!(shown.name, presentation::NameKind::Relay { .. })
                && auth.from_aligned
                && !auth.forged
                && sender_domain.as_deref().is_some_and(|d| {
                    brands::from_domain(d).is_some_and(|c| brands::may_send(c.brand, d))
                }),
            family_unlisted: standing.family_unlisted,
        },
    ));
    if let Some(src) = src {
        message_findings.extend(src.findings());
        auth.not_checked.extend(src.not_checked());
    }
    let wanted = auth.dns_wanted.clone();
    verdict::decide(verdict::Evidence {
        mail,
        auth,
        claim,
        proven,
        own_name: shown.presents_own_name(),
        links,
        message_findings,
        dns_wanted: wanted,
        dns,
        opts,
    })
}
