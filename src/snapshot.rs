//! A page snapshot: what a webmail page showed (sender, subject, text, links) when the raw source
//! could not be had. It is checked with the same rules, but nothing in it is authenticated.

use serde::{Deserialize, Serialize};

use crate::model::{Mail, Mailbox, PageLink};
use crate::report::InputKind;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SnapshotLink {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub href: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(default)]
    pub sender_name: Option<String>,
    #[serde(default)]
    pub sender_address: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    /// Visible text of the message body.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub links: Vec<SnapshotLink>,
}

/// Caps so that a hostile page cannot make the worker do unbounded work.
const MAX_TEXT: usize = 2 * 1024 * 1024;
const MAX_LINKS: usize = 10_000;

impl Snapshot {
    pub fn to_mail(&self) -> Mail<'static> {
        let mut text = self.text.clone();
        if text.len() > MAX_TEXT {
            let mut end = MAX_TEXT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
        Mail {
            kind: InputKind::PageSnapshot,
            from: vec![Mailbox {
                name: self.sender_name.clone().filter(|s| !s.trim().is_empty()),
                address: self
                    .sender_address
                    .as_deref()
                    .map(|s| s.trim().to_lowercase())
                    .filter(|s| !s.is_empty()),
            }],
            from_header_count: 1,
            subject: self.subject.clone(),
            body_text: text.clone(),
            text: vec![text],
            page_links: self
                .links
                .iter()
                .take(MAX_LINKS)
                .map(|l| PageLink {
                    text: l.text.clone(),
                    href: l.href.clone(),
                })
                .collect(),
            ..Mail::default()
        }
    }
}
