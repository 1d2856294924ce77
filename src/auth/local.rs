//! What was verified here: the DKIM signatures and the ARC chain, checked by Honmono itself with
//! the keys the caller looked up, as of the delivery time.

use mail_auth::AuthenticatedMessage;

use super::arc::{self, ArcCheck};
use super::dkim::{self, DkimCheck, Status};
use super::names;
use super::provider::Trust;
use crate::Options;
use crate::dns::DnsAnswers;
use crate::model::Mail;
use crate::report::InputKind;

/// Why the body could not be hashed (signatures cover it), when it could not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoBody {
    /// Only the header block was given.
    HeadersOnly,
    /// The body was rebuilt from what a webmail page showed (`Options::body_from_page`).
    FromPage,
    /// The source was over the size limit and only its first part was read.
    Cut,
}

#[derive(Debug, Clone)]
pub struct Local {
    /// None when the whole message could be hashed.
    pub no_body: Option<NoBody>,
    /// The time signatures were judged at (unix seconds), when one was known.
    pub now: Option<u64>,
    /// Every DKIM-Signature, in header order (empty when the body could not be hashed).
    pub dkim: Vec<DkimCheck>,
    pub arc: ArcCheck,
    /// The DNS names the message needs ([`names::wanted`]), from the same parse.
    pub dns_wanted: Vec<String>,
}

impl Local {
    /// Did a signature of `domain` verify here?
    pub fn passed(&self, domain: &str) -> bool {
        self.dkim
            .iter()
            .any(|c| c.status == Status::Pass && c.domain == domain)
    }

    /// The local outcome for `domain`'s signature, unless its key was not looked up.
    pub fn checked(&self, domain: &str) -> Option<&DkimCheck> {
        self.dkim
            .iter()
            .find(|c| c.domain == domain && c.status != Status::NotLookedUp)
    }

    /// Signatures whose key was not supplied.
    pub fn keys_missing(&self) -> impl Iterator<Item = &DkimCheck> {
        self.dkim.iter().filter(|c| c.status == Status::NotLookedUp)
    }

    /// Was the ARC chain verified here (pass or fail, not "keys missing" or "no chain")?
    pub fn arc_checked(&self) -> bool {
        !self.arc.absent && self.arc.status != Status::NotLookedUp
    }
}

/// The time signatures are judged at: the caller's, else the delivery time the trusted
/// provider's hop gives, else the topmost hop's.
pub fn verification_time(opts: &Options, trust: &Trust, mail: &Mail) -> Option<u64> {
    opts.now
        .or_else(|| trust.delivery_time.and_then(|t| u64::try_from(t).ok()))
        .or_else(|| {
            mail.hops
                .first()
                .and_then(|h| h.time)
                .and_then(|t| u64::try_from(t).ok())
        })
}

/// Whether the body signatures cover is all there (and if not, why).
pub fn missing_body(mail: &Mail, opts: &Options) -> Option<NoBody> {
    if mail.kind != InputKind::Raw {
        Some(NoBody::HeadersOnly)
    } else if opts.body_from_page {
        Some(NoBody::FromPage)
    } else if mail.body_cut_at.is_some() {
        Some(NoBody::Cut)
    } else {
        None
    }
}

/// Verify what can be verified here.
pub fn verify(mail: &Mail, raw: &[u8], dns: &DnsAnswers, opts: &Options, trust: &Trust) -> Local {
    let now = verification_time(opts, trust, mail);
    let no_body = missing_body(mail, opts);
    // Parsing hashes every signed body: once, and only when the body is all there. The DNS
    // names need only the headers, so a header block is parsed for them alone.
    let parsed = AuthenticatedMessage::parse(raw);
    let dns_wanted = names::wanted(mail, parsed.as_ref(), trust);
    let (dkim, arc) = match (&parsed, no_body) {
        (Some(m), None) => (
            dkim::verify_message(m, dns, now.unwrap_or(0)),
            arc::verify_message(m, dns, now.unwrap_or(0)),
        ),
        _ => (Vec::new(), arc::none()),
    };
    Local {
        no_body,
        now,
        dkim,
        arc,
        dns_wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::provider;
    use crate::parse::parse;

    #[test]
    fn whether_the_signed_body_is_all_there() {
        let whole = parse(b"From: a@example.com\r\n\r\nbody").unwrap();
        let head = parse(b"From: a@example.com\r\nSubject: s\r\n").unwrap();
        let o = Options::default();
        assert_eq!(missing_body(&whole, &o), None);
        assert_eq!(missing_body(&head, &o), Some(NoBody::HeadersOnly));
        let page = Options {
            body_from_page: true,
            ..Options::default()
        };
        assert_eq!(missing_body(&whole, &page), Some(NoBody::FromPage));
        let mut cut = whole.clone();
        cut.body_cut_at = Some(10);
        assert_eq!(missing_body(&cut, &o), Some(NoBody::Cut));
    }

    #[test]
    fn signatures_are_judged_at_the_callers_time_else_the_delivery_time() {
        let m = parse(
            b"Received: from a (a [192.0.2.1]) by mx.example.org; Mon, 1 Jan 2024 00:00:10 +0000\r\nFrom: a@example.com\r\n\r\nx",
        )
        .unwrap();
        let t = provider::identify(&m);
        assert_eq!(
            verification_time(&Options::default(), &t, &m),
            Some(1_704_067_210)
        );
        let at = Options {
            now: Some(5),
            ..Options::default()
        };
        assert_eq!(verification_time(&at, &t, &m), Some(5));
        let none = parse(b"From: a@example.com\r\n\r\nx").unwrap();
        let t = provider::identify(&none);
        assert_eq!(verification_time(&Options::default(), &t, &none), None);
    }

    #[test]
    fn a_cut_body_is_not_verified_but_its_names_are_asked() {
        let raw = b"DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\nFrom: a@example.com\r\n\r\nbody\r\n";
        let mut m = parse(raw).unwrap();
        m.body_cut_at = Some(raw.len());
        let t = provider::identify(&m);
        let l = verify(&m, raw, &DnsAnswers::new(), &Options::default(), &t);
        assert_eq!(l.no_body, Some(NoBody::Cut));
        assert!(l.dkim.is_empty());
        assert!(
            l.dns_wanted
                .contains(&"s._domainkey.example.com".to_string())
        );
    }
}
