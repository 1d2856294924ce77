//! Which receiving provider's Authentication-Results to trust (RFC 8601 §5).
//!
//! Anyone can write an `Authentication-Results` header; only the one the receiving provider added
//! on top of the message, above its own `Received` hop, says something. The provider is told by
//! the topmost hops: Gmail (`by mx.google.com`), Microsoft 365 / Outlook.com
//! (`*.protection.outlook.com`, `*.outlook.com`, `*.office365.com`; its A-R has no authserv-id),
//! otherwise the authserv-id of the topmost A-R.

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

fn is_google_internal(host: &str) -> bool {
    // Gmail's own hops above mx.google.com are written `by 2002:a05:...` (IPv6) or *.google.com.
    host.contains(':') || ends_with_label(host, "google.com")
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
        // A hop the parser could not read, or Microsoft's internal
        // `with MailboxResubmission by AntispamTT` (no host name): look past it.
        let Some(by) = hop
            .by
            .as_deref()
            .filter(|b| b.contains('.') || b.contains(':'))
        else {
            continue;
        };
        if !is_microsoft(by) {
            break;
        }
        last = Some(i);
        let from = hop.from.as_deref().unwrap_or("");
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
    };
    let hop_time = |i: usize| mail.hops.get(i).and_then(|h| h.time);

    if let Some(g) = gmail_hop(mail) {
        t.kind = Kind::Gmail;
        t.provider = Some("gmail".into());
        t.authserv_id = Some(GMAIL_ID.into());
        t.hop = Some(g);
        t.delivery_time = hop_time(g);
        // Gmail writes its A-R just below its `by mx.google.com` Received header (after
        // Received-SPF). Only the topmost one is Gmail's: anything further down was there before.
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

    // Otherwise: the authserv-id of the topmost A-R, trusted in its own block only.
    let top = all
        .iter()
        .find(|p| p.res.authserv_id.is_some())
        .map(|p| (p.hops_above, p.res.authserv_id.clone()));
    if let Some((k, id)) = top {
        t.kind = Kind::Other;
        t.provider = id.clone();
        t.authserv_id = id.clone();
        // The provider's own hops: from the one just above the A-R (milters often add it below
        // their own Received header) down through every hop its servers received.
        let own = |i: usize| {
            let by = mail.hops.get(i).and_then(|h| h.by.as_deref()).unwrap_or("");
            id.as_deref()
                .is_some_and(|id| crate::domain::same_organisation(by, id))
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
            // Milter-written A-R sit just below the Received header of the hop that wrote them.
            if p.hops_above >= k && p.hops_above <= entry + 1 && p.res.authserv_id == id {
                t.trusted.push(p);
            } else {
                t.untrusted.push(p);
            }
        }
    } else {
        t.untrusted = all;
        t.delivery_time = hop_time(0);
    }
    t
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
}
