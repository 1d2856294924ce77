//! Text a stranger planted in a site's genuine notice.
//!
//! Sign-up forms send their notices ("Login Details", "Dettagli di accesso") from the site's own,
//! authenticated domain, and they repeat what was typed into the form. Spammers type their
//! advertisement as the user name — "www.xdxngr.blogspot.com - BINANCE 133 287 EURO" — and let
//! thousands of sites mail it for them. The notice is genuine; its user name is not a user name:
//! no one's login is a web address followed by more words.

use crate::findings::Finding;
use crate::model::Mail;

/// Only this much of the body is read (a 25 MB body must not stall).
const MAX_SCAN: usize = 64 * 1024;

/// Labels of the user-name field in the notices of common site software, lower case, with the
/// colon they are followed by.
const LABELS: &[&str] = &[
    "username:",
    "user name:",
    "nome utente:",
    "nombre de usuario:",
    "nome de usuário:",
    "nome de usuario:",
    "benutzername:",
    "nom d'utilisateur:",
    "identifiant:",
    "gebruikersnaam:",
    "ユーザー名:",
    "用户名:",
];

/// A host name inside a word: two labels or more, the last of two letters or more
/// ("www.site.blogspot.com", "x.pages.dev"); an e-mail address does not count (its domain is
/// what a login often is).
fn has_host(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if w.contains('@') || !w.contains('.') {
        return false;
    }
    let labels: Vec<&str> = w.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The value after a user-name label, if it is a web address followed by more words.
fn planted_value(line: &str) -> Option<String> {
    // Every label ends in a colon: most lines have none, and are not lower-cased or searched.
    if !line.contains(':') {
        return None;
    }
    let lower = line.to_lowercase();
    for label in LABELS {
        let Some(at) = lower.find(label) else {
            continue;
        };
        // The label starts the line or follows a space ("Account: x  Username: y").
        if at > 0 && !lower[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let value = lower
            .get(at + label.len()..)
            .map(str::trim)
            .unwrap_or_default();
        let words: Vec<&str> = value.split_whitespace().take(12).collect();
        if words.len() >= 3 && has_host(words[0]) {
            // Offsets of the lower-cased line are the line's when lower-casing kept every
            // length (the labels are ASCII); otherwise the whole line is the evidence.
            let from = if lower.len() == line.len() { at } else { 0 };
            let shown = line.get(from..).unwrap_or(line).trim();
            return Some(crate::html::clip(shown, 160).to_string());
        }
    }
    None
}

pub fn check(mail: &Mail) -> Vec<Finding> {
    let text = crate::html::clip(&mail.body_text, MAX_SCAN);
    text.lines()
        .find_map(planted_value)
        .map(|evidence| vec![Finding::new("content.planted_username", &evidence, &[])])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::planted_value;

    #[test]
    fn web_address_and_words_as_a_user_name() {
        for line in [
            "Username: www.xdxngr.blogspot.com - BINANCE 133 287 EURO",
            "Nome utente: www.dryyue.blogspot.jp - 138 788 USD BINANCE",
            "Username: acicfhz.transfer705.pages.dev - WITHDRAW FUNDS 120097 USDT",
            "Nombre de usuario: www.hftiif.blogspot.fi - 1.364 BTC",
        ] {
            assert!(planted_value(line).is_some(), "{line}");
        }
    }

    #[test]
    fn ordinary_user_names_are_not_planted() {
        for line in [
            "Username: jane.doe@example.com",
            "Username: jdoe",
            "Username: Jane Doe (jane)",
            "Username: shop.example.com",
            "Last login: server.example.com from 10.0.0.1",
            "Benutzername: max.mustermann",
            "Hostname: www.example.com - web server 2",
            "",
            "username:",
        ] {
            assert_eq!(planted_value(line), None, "{line}");
        }
    }
}
