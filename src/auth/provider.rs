//! Which receiving provider's Authentication-Results to trust (RFC 8601 §5).
//!
//! Anyone can write an `Authentication-Results` header, and a `Received` header too: a sender can
//! put `Received: … by mx.google.com` and `Authentication-Results: mx.google.com; dkim=pass …`
//! into the message it sends. Only the servers that handled the message after it left the sender
//! add headers above those. So a results header is trusted only when **every hop above it belongs
//! to the organisation of its authserv-id** (the hops above were written after it, by servers of
//! the same provider): a header below a hop of anyone else was already in the message when that
//! server received it, and is not trusted.
//!
//! The provider is told by the topmost hops: Gmail (`by mx.google.com`, Google's internal hops
//! above it), Microsoft 365 / Outlook.com (`*.protection.outlook.com`, `*.outlook.com`,
//! `*.office365.com`; its A-R has no authserv-id), otherwise the organisation of the authserv-id
//! of the topmost results header whose hops above are all that organisation's.
//!
//! Even then, *which* provider received the message is only known when the source came from the
//! provider itself (the extension fetching it from the webmail, `Options::from_provider`). A file
//! dropped into the page or given to the CLI may have been written whole by the sender, top hop
//! included: its results are used to explain, never on their own to prove the sender (see
//! `auth::FromProof`).

use super::authres::{self, AuthRes};
use crate::model::Mail;

pub const GMAIL_ID: &str = "mx.google.com";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Gmail,
    Microsoft,
    Other,
    Unknown,
}

/// One A-R header and where it sits.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Number of `Received` headers above it (an A-R "above hop h" has `hops_above <= h`).
    pub hops_above: usize,
    /// The header as written (unfolded), for evidence.
    pub raw: String,
    pub res: AuthRes,
}

/// Why the topmost results header carrying an authserv-id was not trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The authserv-id it was written in the name of.
    pub authserv_id: String,
    /// The `by` host of the first hop above it that is not that organisation's ("" when the
    /// hop names no host).
    pub foreign_hop: String,
}

#[derive(Debug, Clone)]
pub struct Trust {
    pub kind: Kind,
    /// `gmail`, `microsoft`, or the authserv-id.
    pub provider: Option<String>,
    /// The authserv-id trusted (`mx.google.com`; None for Microsoft's id-less headers).
    pub authserv_id: Option<String>,
    /// Index in `mail.hops` of the provider's receiving hop (where the message entered it).
    pub hop: Option<usize>,
    /// Unix time of that hop (the delivery time).
    pub delivery_time: Option<i64>,
    /// Trusted headers, topmost first.
    pub trusted: Vec<Placed>,
    /// All other A-R headers (lower, or from other hosts).
    pub untrusted: Vec<Placed>,
    /// Whether the trusted results came from ARC-/X-MS-Exchange- headers of the provider rather
    /// than its Authentication-Results.
    pub from_secondary: bool,
    /// When nothing is trusted although results headers with an authserv-id exist: the topmost
    /// of them and the hop that disqualified it (said in plain words in the report).
    pub refused: Option<Refused>,
}

impl Trust {
    /// The registrable domain of the receiving provider (`google.com`, `outlook.com`, or the
    /// authserv-id's), when one was recognised.
    pub fn organisation(&self) -> Option<String> {
        match self.kind {
            Kind::Gmail => Some("google.com".into()),
            Kind::Microsoft => Some("outlook.com".into()),
            Kind::Other => self
                .authserv_id
                .as_deref()
                .and_then(crate::domain::registrable),
            Kind::Unknown => None,
        }
    }

    /// Is `domain` (a sealer, a signer) of the receiving provider's organisation?
    pub fn is_own(&self, domain: &str) -> bool {
        match self.kind {
            Kind::Gmail => ends_with_label(domain, "google.com"),
            Kind::Microsoft => is_microsoft(domain),
            Kind::Other => self
                .authserv_id
                .as_deref()
                .is_some_and(|id| crate::domain::same_organisation(domain, id)),
            Kind::Unknown => false,
        }
    }
}

/// Is `host` the lower-case `suffix` or a name under it (any ASCII case, trailing dot ignored)?
/// Asked for every hop: compared in place, without a lower-case copy.
fn ends_with_label(host: &str, suffix: &str) -> bool {
    crate::domain::bytes_within(host.trim_end_matches('.').as_bytes(), suffix.as_bytes())
}

fn is_microsoft(host: &str) -> bool {
    [
        "outlook.com",
        "office365.com",
        "outlook.office365.com",
        "exchangelabs.com",
        "microsoft.com",
    ]
    .iter()
    .any(|s| ends_with_label(host, s))
}

/// Gmail's own hops above mx.google.com: `by *.google.com`, or `by 2002:a…` — the 6to4 form of
/// an address in 10.0.0.0/8, which no server on the Internet has (a receiving server written
/// as any other IPv6 literal is not taken for Google's).
fn is_google_internal(host: &str) -> bool {
    let h = host.trim_start_matches('[');
    h.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("2002:a"))
        || ends_with_label(host, "google.com")
}

/// All A-R headers of `name` with their position.
fn placed(mail: &Mail, name: &str) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut hops = 0usize;
    for h in &mail.headers {
        if h.name.eq_ignore_ascii_case("received") {
            hops += 1;
        } else if h.name.eq_ignore_ascii_case(name) {
            out.push(Placed {
                hops_above: hops,
                raw: format!("{}: {}", h.name, h.value()),
                res: authres::parse(h.value()),
            });
        }
    }
    out
}

/// The Gmail receiving hop: the first `by mx.google.com` with only Google-internal hops above.
fn gmail_hop(mail: &Mail) -> Option<usize> {
    for (i, hop) in mail.hops.iter().enumerate().take(8) {
        let by = hop.by.as_deref().unwrap_or("");
        if by.eq_ignore_ascii_case(GMAIL_ID) {
            return Some(i);
        }
        if !is_google_internal(by) {
            return None;
        }
    }
    None
}

/// The Microsoft hop where the message entered: within the topmost run of Microsoft hops, the
/// first whose sender is outside Microsoft (or another tenant's outbound server).
fn microsoft_hop(mail: &Mail) -> Option<usize> {
    let mut last = None;
    for (i, hop) in mail.hops.iter().enumerate().take(20) {
        let from = hop.from.as_deref().unwrap_or("");
        // Microsoft's internal `from X.outlook.com … with MailboxResubmission by AntispamTT`
        // names no host in `by`: look past such a hop only when it comes from Microsoft. Any
        // other hop without a host name (`by mailhost`, or one the parser could not read) may be
        // the real receiving server, and ends the run.
        let Some(by) = hop
            .by
            .as_deref()
            .filter(|b| b.contains('.') || b.contains(':'))
        else {
            if is_microsoft(from) {
                continue;
            }
            break;
        };
        if !is_microsoft(by) {
            break;
        }
        last = Some(i);
        let from_lc = from.to_ascii_lowercase();
        let internal = is_microsoft(from) || from.contains(':') && hop.from_ip.is_none();
        if !internal || from_lc.contains("outbound.protection.outlook.com") {
            return Some(i);
        }
    }
    last
}

/// Trusted headers kept at most (a provider adds one or two).
const MAX_TRUSTED: usize = 10;

/// Decide whom to trust.
pub fn identify(mail: &Mail) -> Trust {
    let mut t = identify_all(mail);
    if t.trusted.len() > MAX_TRUSTED {
        let extra = t.trusted.split_off(MAX_TRUSTED);
        t.untrusted.extend(extra);
    }
    t
}

fn identify_all(mail: &Mail) -> Trust {
    let all = placed(mail, "authentication-results");
    let mut t = Trust {
        kind: Kind::Unknown,
        provider: None,
        authserv_id: None,
        hop: None,
        delivery_time: None,
        trusted: Vec::new(),
        untrusted: Vec::new(),
        from_secondary: false,
        refused: None,
    };
    let hop_time = |i: usize| mail.hops.get(i).and_then(|h| h.time);

    if let Some(g) = gmail_hop(mail) {
        t.kind = Kind::Gmail;
        t.provider = Some("gmail".into());
        t.authserv_id = Some(GMAIL_ID.into());
        t.hop = Some(g);
        t.delivery_time = hop_time(g);
        // Gmail writes its A-R just below its `by mx.google.com` Received header (after
        // Received-SPF): every hop above it is Google's (gmail_hop checked them). Only the
        // topmost one is Gmail's: anything further down was there before.
        for p in all {
            if t.trusted.is_empty()
                && p.hops_above <= g + 1
                && p.res.authserv_id.as_deref() == Some(GMAIL_ID)
            {
                t.trusted.push(p);
            } else {
                t.untrusted.push(p);
            }
        }
        if t.trusted.is_empty() {
            // Gmail's ARC-Authentication-Results (i=N; mx.google.com; ...) above its hop.
            for p in placed(mail, "arc-authentication-results") {
                if p.hops_above <= g && p.res.authserv_id.as_deref() == Some(GMAIL_ID) {
                    t.trusted.push(p);
                    t.from_secondary = true;
                    break;
                }
            }
        }
        return t;
    }

    if let Some(m) = microsoft_hop(mail) {
        t.kind = Kind::Microsoft;
        t.provider = Some("microsoft".into());
        t.hop = Some(m);
        t.delivery_time = hop_time(m);
        for p in all {
            if p.hops_above <= m && p.res.authserv_id.is_none() && !p.res.results.is_empty() {
                t.trusted.push(p);
            } else {
                t.untrusted.push(p);
            }
        }
        if t.trusted.is_empty() {
            for p in placed(mail, "x-ms-exchange-authentication-results") {
                if p.hops_above <= m && !p.res.results.is_empty() {
                    t.trusted.push(p);
                    t.from_secondary = true;
                    break;
                }
            }
        }
        return t;
    }

    // Otherwise: the topmost A-R whose authserv-id's organisation wrote every hop above it.
    t.delivery_time = hop_time(0);
    let Some(top) = all.iter().find(|p| p.res.authserv_id.is_some()) else {
        t.untrusted = all;
        return t;
    };
    let (k, id) = match own_block(mail, top) {
        Ok(()) => (top.hops_above, top.res.authserv_id.clone()),
        Err(foreign_hop) => {
            t.refused = Some(Refused {
                authserv_id: top.res.authserv_id.clone().unwrap_or_default(),
                foreign_hop,
            });
            t.untrusted = all;
            return t;
        }
    };
    t.kind = Kind::Other;
    t.provider = id.clone();
    t.authserv_id = id.clone();
    // The provider's own hops: from the one just above the A-R (milters often add it below
    // their own Received header) down through every hop its servers received.
    let own = |i: usize| {
        let by = mail.hops.get(i).and_then(|h| h.by.as_deref()).unwrap_or("");
        id.as_deref().is_some_and(|id| of_organisation(by, id))
    };
    let mut entry = if k > 0 && own(k - 1) && !own(k) {
        k - 1
    } else {
        k
    };
    while entry + 1 < mail.hops.len() && own(entry + 1) && entry + 1 < k + 10 {
        entry += 1;
    }
    if !own(entry) && entry > k {
        entry = k;
    }
    t.hop = Some(entry);
    t.delivery_time = hop_time(entry).or_else(|| hop_time(0));
    for p in all {
        // Milter-written A-R sit just below the Received header of the hop that wrote them. A
        // results header of another server of the same organisation inside its own block (its
        // border server, when an inner one writes the topmost results) is that organisation's
        // too: every hop above it is the organisation's, which is the rule above.
        // Such a header is believed only when each server above it received the message from
        // a server of the organisation (`from`): below a hop that came from outside, anyone
        // could have written it.
        let same_org = match (p.res.authserv_id.as_deref(), id.as_deref()) {
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => true,
            (Some(a), Some(b)) => of_organisation(a, b) && handed_within(mail, p.hops_above, b),
            _ => false,
        };
        if p.hops_above >= k && p.hops_above <= entry + 1 && same_org {
            t.trusted.push(p);
        } else {
            t.untrusted.push(p);
        }
    }
    t
}

/// Is the hop host `by` a server of the authserv-id `id`'s organisation: the same registrable
/// domain, or (for names that have none, such as a site's own internal names) the very same name?
fn of_organisation(by: &str, id: &str) -> bool {
    !by.is_empty()
        && (crate::domain::same_organisation(by, id)
            || by
                .trim_end_matches('.')
                .eq_ignore_ascii_case(id.trim_end_matches('.')))
}

/// Did every hop above the `hops_above`-th receive the message from a server of `id`'s
/// organisation (the hop just above a header written by the server that hop names excepted)?
fn handed_within(mail: &Mail, hops_above: usize, id: &str) -> bool {
    mail.hops
        .iter()
        .take(hops_above.saturating_sub(1))
        .all(|h| of_organisation(h.from.as_deref().unwrap_or(""), id))
}

/// `Ok` when every hop above `p` was written by the organisation of its authserv-id; else the
/// `by` host of the first hop that was not ("" when that hop names no host).
///
/// A hop that names no `by` host at all is the provider's own when it comes `from` one of its
/// servers: Yahoo! JAPAN's webmail writes `Received: from mtaNNNN.mail.kks.yahoo.co.jp with HTTP`
/// above its results. (`from` is the connecting client's own name, so this could be written by
/// a foreign server too; but only a file given to the page or the CLI can carry a foreign hop
/// above the results, and there results prove nothing: `auth::FromProof`.) A hop with a `by`
/// host of another name (`by mailhost`) never is.
fn own_block(mail: &Mail, p: &Placed) -> Result<(), String> {
    let id = p.res.authserv_id.as_deref().unwrap_or("");
    for hop in mail.hops.iter().take(p.hops_above) {
        let by = hop.by.as_deref().unwrap_or("");
        let from = hop.from.as_deref().unwrap_or("");
        let own = if by.is_empty() {
            of_organisation(from, id)
        } else {
            of_organisation(by, id)
        };
        if !own {
            return Err(by.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn label_suffix_in_any_case() {
        for (host, want) in [
            ("google.com", true),
            ("MX.Google.COM.", true),
            ("mail-sor-f41.google.com", true),
            ("notgoogle.com", false),
            ("google.com.evil.example", false),
            ("oogle.com", false),
            ("", false),
            (".google.com", true),
            ("é.google.com", true),
            ("éxgoogle.com", false),
        ] {
            assert_eq!(ends_with_label(host, "google.com"), want, "{host}");
        }
    }

    const GMAIL: &str = "Delivered-To: someone@gmail.com\r\n\
Received: by 2002:a05:7108:3d0e:b0:3c6:2a4d:1e1b with SMTP id x14csp123456gdf;\r\n        Tue, 14 Oct 2025 02:13:21 -0700 (PDT)\r\n\
Return-Path: <bounce@mailer.example.top>\r\n\
Received: from mailer.example.top (mailer.example.top. [203.0.113.45])\r\n        by mx.google.com with ESMTPS id a1si123456pla.12.2025.10.14.02.13.20\r\n        for <someone@gmail.com>;\r\n        Tue, 14 Oct 2025 02:13:20 -0700 (PDT)\r\n\
Received-SPF: softfail (google.com: domain of transitioning bounce@mailer.example.top does not designate 203.0.113.45 as permitted sender) client-ip=203.0.113.45;\r\n\
Authentication-Results: mx.google.com;\r\n       dkim=none;\r\n       spf=softfail (google.com: domain of transitioning bounce@mailer.example.top does not designate 203.0.113.45 as permitted sender) smtp.mailfrom=bounce@mailer.example.top;\r\n       dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=amazon.com\r\n\
Authentication-Results: mx.google.com; dkim=pass header.i=@amazon.com; dmarc=pass\r\n\
From: \"Amazon\" <no-reply@amazon.com>\r\nSubject: x\r\n\r\nbody\r\n";

    #[test]
    fn gmail_trusts_only_its_header_above_its_hop() {
        let m = parse(GMAIL.as_bytes()).unwrap();
        let t = identify(&m);
        assert_eq!(t.kind, Kind::Gmail);
        assert_eq!(t.hop, Some(1));
        assert_eq!(t.trusted.len(), 1);
        assert_eq!(t.trusted[0].res.results[2].result, "fail");
        assert_eq!(t.untrusted.len(), 1);
        assert!(
            t.untrusted[0].raw.contains("dkim=pass"),
            "the lower copy is not trusted"
        );
        assert!(t.delivery_time.is_some());
    }

    const MICROSOFT: &str = "Received: from PH0PR19MB7426.namprd19.prod.outlook.com (::1) by\r\n MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Thu, 17 Aug 2023 07:24:34\r\n +0000\r\n\
Received: from AM0EUR02FT017.eop-EUR02.prod.protection.outlook.com\r\n (2603:10a6:20b:b2:cafe::27) by PH0PR19MB7426.namprd19.prod.outlook.com\r\n (2603:10a6:20b:b2::21) with Microsoft SMTP Server (version=TLS1_2,\r\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6652.33 via Frontend\r\n Transport; Thu, 17 Aug 2023 07:24:31 +0000\r\n\
Authentication-Results: spf=none (sender IP is 89.144.44.6)\r\n smtp.mailfrom=inventorecfety.co.uk; dkim=none (message not signed)\r\n header.d=none;dmarc=permerror action=none header.from=access-accsecurity.com;\r\n\
Received: from inventorecfety.co.uk (89.144.44.6) by\r\n AM0EUR02FT017.mail.protection.outlook.com (10.13.54.134) with Microsoft SMTP\r\n Server id 15.20.6699.17 via Frontend Transport; Thu, 17 Aug 2023 07:24:31\r\n +0000\r\n\
Authentication-Results: spf=pass smtp.mailfrom=access-accsecurity.com; dmarc=pass header.from=access-accsecurity.com\r\n\
From: x@access-accsecurity.com\r\nSubject: y\r\n\r\nbody\r\n";

    #[test]
    fn microsoft_trusts_idless_header_above_the_external_hop() {
        let m = parse(MICROSOFT.as_bytes()).unwrap();
        let t = identify(&m);
        assert_eq!(t.kind, Kind::Microsoft);
        assert_eq!(t.hop, Some(2), "{:?}", m.hops);
        assert_eq!(t.trusted.len(), 1);
        assert_eq!(t.trusted[0].res.results[2].result, "permerror");
        assert_eq!(
            t.untrusted.len(),
            1,
            "the one below the external hop is the sender's"
        );
    }

    #[test]
    fn other_provider_is_the_topmost_authserv_id() {
        let raw = "Received: from tor.lore.kernel.org (tor.lore.kernel.org [172.105.105.114])\r\n\tby mail.lfdr.de (Postfix) with ESMTPS id 4F9FA728A0C; Wed, 08 Jul 2026 18:20:46 +0200\r\n\
Authentication-Results: mail.lfdr.de;\r\n\tdkim=pass header.d=redhat.com header.s=mimecast20190719 header.b=I5eIxUcR;\r\n\tdmarc=pass (policy=quarantine) header.from=redhat.com\r\n\
Received: from smtp.subspace.kernel.org (conduit.subspace.kernel.org [100.90.174.1])\r\n\tby tor.lore.kernel.org (Postfix) with ESMTP id 2879D3139EB4; Wed,  8 Jul 2026 15:55:15 +0000 (UTC)\r\n\
From: a@redhat.com\r\n\r\nx\r\n";
        let m = parse(raw.as_bytes()).unwrap();
        let t = identify(&m);
        assert_eq!(t.kind, Kind::Other);
        assert_eq!(t.provider.as_deref(), Some("mail.lfdr.de"));
        assert_eq!(t.trusted.len(), 1);
        assert_eq!(t.hop, Some(0));
        assert_eq!(t.delivery_time, m.hops[0].time);
    }

    #[test]
    fn nothing_to_trust() {
        let m = parse(b"From: a@example.com\r\nSubject: s\r\n\r\nx").unwrap();
        let t = identify(&m);
        assert_eq!(t.kind, Kind::Unknown);
        assert!(t.trusted.is_empty());
    }

    /// Issue 14: the sender's own `Received: … by mx.google.com` and Gmail-looking results,
    /// delivered by a Postfix that adds nothing of its own.
    const FORGED_BELOW_POSTFIX: &str = "Received: from attacker.example (attacker.example [203.0.113.66])\r\n\tby mail.example.org (Postfix) with ESMTPS id 4SPn; Tue, 14 Oct 2025 09:13:21 +0000\r\n\
Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n\
Authentication-Results: mx.google.com; dkim=pass header.i=@paypal.com; dmarc=pass header.from=paypal.com\r\n\
From: PayPal <service@paypal.com>\r\n\r\nx\r\n";

    #[test]
    fn results_below_another_organisations_hop_are_refused() {
        let m = parse(FORGED_BELOW_POSTFIX.as_bytes()).unwrap();
        let t = identify(&m);
        assert_eq!(
            t.kind,
            Kind::Unknown,
            "not Gmail: mail.example.org received it"
        );
        assert!(t.trusted.is_empty());
        assert_eq!(t.untrusted.len(), 1);
        assert_eq!(
            t.refused,
            Some(Refused {
                authserv_id: "mx.google.com".into(),
                foreign_hop: "mail.example.org".into()
            })
        );
        assert_eq!(t.delivery_time, m.hops[0].time, "the real receiver's time");
        // Dropped into the page, the same file has no receiving hop: the forged one is on top
        // and reads as Gmail (its results then cannot prove anything: auth::FromProof).
        let page = FORGED_BELOW_POSTFIX.split_once("+0000\r\n").unwrap().1;
        let t = identify(&parse(page.as_bytes()).unwrap());
        assert_eq!((t.kind, t.trusted.len()), (Kind::Gmail, 1));
    }

    #[test]
    fn an_unnamed_or_short_named_hop_on_top_is_nobody_s_own() {
        // `by mailhost` (no dot) on top: not looked past as if it were the provider's.
        let raw = "Received: from attacker.example (attacker.example [203.0.113.66]) by mailhost (Postfix); Tue, 14 Oct 2025 09:13:21 +0000\r\n\
Received: from mail.lfdr.de (mail.lfdr.de [1.2.3.4]) by mail.lfdr.de (Postfix); Tue, 14 Oct 2025 09:13:20 +0000\r\n\
Authentication-Results: mail.lfdr.de; dkim=pass header.d=paypal.com; dmarc=pass header.from=paypal.com\r\n\
Received: from x.outlook.com (203.0.113.9) by AM0EUR02FT017.mail.protection.outlook.com (10.13.54.134) with Microsoft SMTP Server; Tue, 14 Oct 2025 09:13:19 +0000\r\n\
Authentication-Results: spf=pass smtp.mailfrom=paypal.com; dkim=pass header.d=paypal.com; dmarc=pass header.from=paypal.com; compauth=pass reason=100\r\n\
From: service@paypal.com\r\n\r\nx\r\n";
        let t = identify(&parse(raw.as_bytes()).unwrap());
        assert_eq!(t.kind, Kind::Unknown);
        assert!(t.trusted.is_empty());
        assert_eq!(t.refused.unwrap().foreign_hop, "mailhost");
    }

    #[test]
    fn microsoft_s_own_nameless_antispam_hop_is_looked_past() {
        let raw = "Received: from BN0P223MB0016.NAMP223.PROD.OUTLOOK.COM (::1) by LV3P223MB0968.NAMP223.PROD.OUTLOOK.COM with HTTPS; Sat, 27 Jan 2024 17:48:57 +0000\r\n\
Received: from BN0P223MB0016.NAMP223.PROD.OUTLOOK.COM (2603:10b6:5:100::27) by BN0P223MB0016.NAMP223.PROD.OUTLOOK.COM (2603:10b6:5:100::27) with MailboxResubmission by AntispamTT id 15.20.7249.19; Sat, 27 Jan 2024 17:48:56 +0000\r\n\
Received: from DM6NAM12FT080.eop-nam12.prod.protection.outlook.com (2603:10b6:5:100:cafe::1) by BN0P223MB0016.NAMP223.PROD.OUTLOOK.COM (2603:10b6:5:100::27) with Microsoft SMTP Server; Sat, 27 Jan 2024 17:48:55 +0000\r\n\
Authentication-Results: spf=fail smtp.mailfrom=bank.example; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=bank.example;compauth=fail reason=000\r\n\
Received: from sender.example (203.0.113.5) by DM6NAM12FT080.mail.protection.outlook.com (10.13.1.1) with Microsoft SMTP Server; Sat, 27 Jan 2024 17:48:54 +0000\r\n\
From: x@bank.example\r\n\r\nx\r\n";
        let m = parse(raw.as_bytes()).unwrap();
        assert_eq!(
            m.hops[1].by.as_deref(),
            Some("AntispamTT"),
            "{:?}",
            m.hops[1]
        );
        let t = identify(&m);
        assert_eq!(t.kind, Kind::Microsoft);
        assert_eq!(t.hop, Some(3));
        assert_eq!(t.trusted.len(), 1);
    }

    #[test]
    fn google_internal_hops_are_google_names_or_private_6to4_addresses() {
        for (host, want) in [
            ("2002:a05:7108:3d0e:b0:3c6:2a4d:1e1b", true),
            ("2002:A17:90b:1::1", true),
            ("mail-sor-f41.google.com", true),
            ("2001:db8::25", false),
            ("2002:cb00:7100::1", false),
            ("mx.example.org", false),
            ("", false),
        ] {
            assert_eq!(is_google_internal(host), want, "{host}");
        }
    }

    #[test]
    fn yahoo_japan_s_webmail_hop_without_a_by_host_is_its_own() {
        // tests/e2e/fixtures/mail/yahoojp-genuine.eml (Yahoo! JAPAN as the webmail shows it)
        let raw = "Received: from mta5015.mail.kks.yahoo.co.jp with HTTP; Tue, 17 Nov 2026 18:02:04 +0900\r\n\
Authentication-Results: mta5015.mail.kks.yahoo.co.jp; spf=pass smtp.mailfrom=bounces.amazon.co.jp; dkim=pass header.d=amazon.co.jp; dmarc=pass header.from=amazon.co.jp\r\n\
Received: from a27-10.smtp-out.us-west-2.amazonses.com (a27-10.smtp-out.us-west-2.amazonses.com [54.240.27.10]) by mta5015.mail.kks.yahoo.co.jp with ESMTPS; Tue, 17 Nov 2026 18:02:03 +0900\r\n\
From: store-news@amazon.co.jp\r\n\r\nx\r\n";
        let m = parse(raw.as_bytes()).unwrap();
        assert_eq!(m.hops[0].by, None, "{:?}", m.hops[0]);
        let t = identify(&m);
        assert_eq!((t.kind, t.trusted.len()), (Kind::Other, 1));
        // The same hop coming from a server of another organisation: not its own.
        let other = raw.replacen(
            "from mta5015.mail.kks.yahoo.co.jp with HTTP",
            "from relay.example.net with HTTP",
            1,
        );
        let t = identify(&parse(other.as_bytes()).unwrap());
        assert_eq!(t.kind, Kind::Unknown);
    }

    #[test]
    fn a_hop_is_the_authserv_id_s_when_it_shares_its_domain_or_is_the_same_name() {
        assert!(of_organisation("mx2.lfdr.de", "mail.lfdr.de"));
        assert!(of_organisation("MAIL.LFDR.DE.", "mail.lfdr.de"));
        // an internal name with no registrable domain: only the very same name
        assert!(of_organisation("juliett.internal", "juliett.internal"));
        assert!(!of_organisation("hotel.internal", "juliett.internal"));
        assert!(!of_organisation("mailhost", "mail.lfdr.de"));
        assert!(!of_organisation("", ""));
        assert!(!of_organisation("mail.example.org", "mx.google.com"));
    }

    #[test]
    fn the_provider_s_organisation() {
        let m = parse(GMAIL.as_bytes()).unwrap();
        let t = identify(&m);
        assert_eq!(t.organisation().as_deref(), Some("google.com"));
        assert!(t.is_own("google.com") && t.is_own("gmr-mx.google.com"));
        assert!(!t.is_own("googlegroups.com") && !t.is_own("google.com.evil.example"));
    }
}
