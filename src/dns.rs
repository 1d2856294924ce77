//! DNS answers supplied by the caller. The core does no I/O: it names the TXT records it wants
//! ([`crate::dns_names`]), the caller looks them up (DNS-over-HTTPS in the CLI and the extension, a
//! file in tests) and hands the answers back here.

use std::collections::HashMap;

/// TXT answers by name. A name present with no strings means "looked up, no such record".
#[derive(Debug, Clone, Default)]
pub struct DnsAnswers {
    map: HashMap<String, Vec<String>>,
}

/// Canonical form of a DNS name: lower-case, no trailing dot.
pub fn canonical(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

impl DnsAnswers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one TXT record (its character-strings already joined) for `name`.
    pub fn insert(&mut self, name: &str, txt: &str) {
        self.map
            .entry(canonical(name))
            .or_default()
            .push(txt.to_string());
    }

    /// Record that `name` was looked up and has no TXT record.
    pub fn insert_none(&mut self, name: &str) {
        self.map.entry(canonical(name)).or_default();
    }

    /// The TXT records for `name`: None if never looked up, Some(empty) if there are none.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.map.get(&canonical(name)).map(|v| v.as_slice())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(&canonical(name))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Parse the `--dns FILE` format: one `name<TAB>txt` per line; `#` starts a comment line;
    /// a line with a name and no tab (or an empty txt) records "no such record".
    /// Surrounding double quotes on the txt are removed, and `" "`-separated character-strings
    /// (`"v=DKIM1; k=rsa; " "p=..."`) are joined as DNS does.
    pub fn parse_file(text: &str) -> DnsAnswers {
        let mut d = DnsAnswers::new();
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            match line.split_once('\t') {
                Some((name, txt)) if !txt.trim().is_empty() => d.insert(name, &join_quoted(txt)),
                Some((name, _)) => d.insert_none(name),
                None => d.insert_none(line),
            }
        }
        d
    }
}

/// `"abc" "def"` -> `abcdef`; unquoted text is returned trimmed.
pub fn join_quoted(txt: &str) -> String {
    let t = txt.trim();
    if !t.starts_with('"') {
        return t.to_string();
    }
    let mut out = String::new();
    let mut in_q = false;
    let mut esc = false;
    for c in t.chars() {
        if in_q {
            if esc {
                out.push(c);
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_q = false;
            } else {
                out.push(c);
            }
        } else if c == '"' {
            in_q = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_file_format() {
        let d = DnsAnswers::parse_file(
            "# keys\nSel._domainkey.Example.com.\t\"v=DKIM1; \" \"p=abc\"\n_dmarc.example.com\tv=DMARC1; p=reject\nnone.example\n",
        );
        assert_eq!(
            d.get("sel._domainkey.example.com").unwrap(),
            ["v=DKIM1; p=abc"]
        );
        assert_eq!(
            d.get("_DMARC.example.com.").unwrap(),
            ["v=DMARC1; p=reject"]
        );
        assert_eq!(d.get("none.example").unwrap().len(), 0);
        assert!(d.get("other.example").is_none());
    }
}
