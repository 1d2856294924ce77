//! One source of truth for severities: a finding's severity is the one in data/findings/*.json,
//! except where the code overrides it (`.with_severity(...)`, or `.severity = ...` on a finding
//! already made). Every such place is listed in [`SITES`] below, with the findings it applies to,
//! their severity in the JSON as of the listing, and why the code differs.
//!
//! The test reads src/ and fails when an override is added, removed or moved to another function
//! (update [`SITES`]), and when the JSON severity of a listed finding changes (then read the
//! override: it may make the edit ineffective in the cases it covers, or all of them, as for the
//! lures). Test code (`tests.rs`, `#[cfg(test)] mod tests`) is not read.

use std::collections::BTreeMap;
use std::path::Path;

use honmono::{Finding, Severity};

/// One function of src/ that overrides severities.
struct Site {
    /// Path under src/ and the function the overrides are in.
    file: &'static str,
    func: &'static str,
    /// How many overrides (`.with_severity(` or `.severity = `) the function holds.
    count: usize,
    /// The findings they apply to, with their severity in data/findings/*.json. An id ending in
    /// `*` stands for every catalogue id with that prefix (listed in [`LURES`]).
    ids: &'static [(&'static str, &'static str)],
    /// Why the severity differs from the JSON's.
    why: &'static str,
}

const SITES: &[Site] = &[
    Site {
        file: "anomalies.rs",
        func: "check",
        count: 1,
        ids: &[("anomaly.from_malformed", "medium")],
        why: "high when no address in From keeps a name of its own (\"Decathlon Service, <x@y>\"): \
              the name is set apart from the address on purpose, which no mail program does",
    },
    Site {
        file: "auth/explain.rs",
        func: "dkim_failures",
        count: 1,
        ids: &[("auth.dkim_fail", "low")],
        why: "medium when the provider saw the failing signature claim the From domain and nothing \
              else proved it; info when seen only here (a failure seen only here may be of a copy changed \
              on the way: a failed signature counts as none)",
    },
    Site {
        file: "auth/explain.rs",
        func: "spf_failure",
        count: 1,
        ids: &[("auth.spf_fail", "low")],
        why: "medium for a hard SPF fail of a sender nothing authenticated",
    },
    Site {
        file: "content/attachments.rs",
        func: "check",
        count: 2,
        ids: &[
            ("content.attachment_double_extension", "critical"),
            ("content.attachment_archive", "medium"),
        ],
        why: "a double extension is high, not critical, when the real one is not an executable \
              (\"scan.jpg.html\"); an archive from a proven brand is low",
    },
    Site {
        file: "content/headers.rs",
        func: "address_in_display_name",
        count: 2,
        ids: &[("content.display_name_address", "critical")],
        why: "a relay (mailing list, sharing platform) naming whom it sends for is info; a \
              brand named as a domain by an authenticated sender whose links all lead back to \
              itself is medium (the shown domain leads nowhere)",
    },
    Site {
        file: "content/headers.rs",
        func: "invisible_characters",
        count: 1,
        ids: &[("content.invisible_characters", "high")],
        why: "invisible characters in the Subject are medium (in From they hide who sends)",
    },
    Site {
        file: "content/headers.rs",
        func: "reply_to_elsewhere",
        count: 2,
        ids: &[
            ("content.reply_to_freemail", "high"),
            ("content.reply_to_elsewhere", "medium"),
        ],
        why: "Reply-To at free mail from a proven brand is medium; Reply-To elsewhere is low for a \
              person on free mail or a proven sender",
    },
    Site {
        file: "content/mod.rs",
        func: "analyze",
        count: 3,
        ids: &[
            ("content.lure_*", ""),
            ("content.attachment_archive", "medium"),
        ],
        why: "from an anonymous sender (nobody can vouch for it), account, scam and offer lures \
              and archives are at least high; a brand's signing or sharing service sending for \
              someone (\"Jane Doe via Docusign\") says \"sent you a document\" in its own \
              template: medium",
    },
    Site {
        file: "content/mod.rs",
        func: "lure_findings",
        count: 1,
        ids: &[("content.lure_*", "")],
        why: "a lure's severity is always computed from the sender's trust and the lure's group \
              (and whether stories combine): the JSON severities of content.lure_* are not used",
    },
    Site {
        file: "findings.rs",
        func: "with_severity",
        count: 1,
        ids: &[],
        why: "the override itself",
    },
    Site {
        file: "findings.rs",
        func: "collapse",
        count: 1,
        ids: &[],
        why: "repeats of one finding fold into one, with the highest severity any of them had",
    },
    Site {
        file: "identity.rs",
        func: "assess",
        count: 1,
        ids: &[("identity.brand_unproven", "high")],
        why: "low when nothing could be checked (no trusted results, no keys): a reason to say \
              \"unverified\", not a red flag",
    },
    Site {
        file: "identity.rs",
        func: "org_standing",
        count: 3,
        ids: &[
            ("identity.institution_unverified", "medium"),
            ("identity.org_impersonation", "high"),
        ],
        why: "an institution that cannot be compared with the domain is high from a throw-away \
              domain (or a Latin name the address does not carry); an organisation named among \
              other words, from a domain that is not throw-away, is medium",
    },
    Site {
        file: "identity.rs",
        func: "name_findings",
        count: 1,
        ids: &[
            ("identity.display_name_unrelated", "medium"),
            ("identity.display_name_unrelated_bulk", "high"),
        ],
        why: "high for an organisation's name on a free-mail account that does not carry it",
    },
    Site {
        file: "links/judge.rs",
        func: "free_hosting",
        count: 1,
        ids: &[("link.free_hosting", "medium")],
        why: "free hosting always takes the severity data/redirectors.json gives the hosting \
              service (the JSON's is not used)",
    },
    Site {
        file: "links/judge.rs",
        func: "unrelated_to_brand",
        count: 1,
        ids: &[("link.unrelated_to_brand", "medium")],
        why: "a link unrelated to the brand is low when the sender is authenticated as the brand",
    },
    Site {
        file: "links/judge.rs",
        func: "redirect_finding",
        count: 1,
        ids: &[("link.open_redirect", "medium")],
        why: "low for a redirector recognised only by its parameter, not a known open redirector",
    },
    Site {
        file: "links/judge.rs",
        func: "userinfo",
        count: 1,
        ids: &[("link.userinfo", "critical")],
        why: "medium when the part before @ does not look like a site",
    },
    Site {
        file: "links/judge.rs",
        func: "deceptive_text",
        count: 1,
        ids: &[("link.deceptive_text", "critical")],
        why: "high when a click tracker or shortener hides the real destination",
    },
    Site {
        file: "links/mod.rs",
        func: "count_medium_once",
        count: 1,
        ids: &[],
        why: "a medium link finding counts once per message: later links with the same id are low",
    },
    Site {
        file: "verdict.rs",
        func: "calm_weak_link_signals",
        count: 1,
        ids: &[
            ("link.free_hosting", "medium"),
            ("link.shortener", "medium"),
            ("link.risky_tld", "low"),
            ("link.open_redirect", "medium"),
        ],
        why: "weak link signals are at most low when the mail tells no lure story",
    },
];

/// The content.lure_* findings and their (unused, see `lure_findings`) JSON severities.
const LURES: &[(&str, &str)] = &[
    ("content.lure_account_threat", "medium"),
    ("content.lure_advance_fee", "medium"),
    ("content.lure_credentials", "high"),
    ("content.lure_crime_tools", "high"),
    ("content.lure_crypto_funds", "medium"),
    ("content.lure_dating", "medium"),
    ("content.lure_delivery", "medium"),
    ("content.lure_extortion", "medium"),
    ("content.lure_install", "medium"),
    ("content.lure_investment", "medium"),
    ("content.lure_invoice", "medium"),
    ("content.lure_mailbox", "medium"),
    ("content.lure_offer", "medium"),
    ("content.lure_order", "medium"),
    ("content.lure_payee_change", "high"),
    ("content.lure_payment_update", "medium"),
    ("content.lure_prize", "medium"),
    ("content.lure_shared_document", "medium"),
    ("content.lure_traffic_fine", "medium"),
    ("content.lure_urgency", "low"),
];

/// An override found in the source: file under src/, function, line, the line's text.
struct Found {
    file: String,
    func: String,
    line: usize,
    text: String,
}

/// The name of the function a line starts, if it starts one (`pub(crate) async fn name<..>(`).
fn fn_name(line: &str) -> Option<&str> {
    let mut t = line.trim_start();
    for p in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        t = t.strip_prefix(p).unwrap_or(t);
    }
    let rest = t.strip_prefix("fn ")?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The source of `path` without its test modules (`#[cfg(test)] mod tests { ... }`, up to the
/// closing `}` at the start of a line: the code is rustfmt-formatted). Lines are kept as empty
/// lines, so line numbers stay right.
fn non_test_source(path: &Path) -> String {
    let s = std::fs::read_to_string(path).expect("readable source");
    let mut out = String::with_capacity(s.len());
    let mut lines = s.lines().peekable();
    while let Some(line) = lines.next() {
        if line == "#[cfg(test)]" && lines.peek() == Some(&"mod tests {") {
            out.push('\n');
            for inner in lines.by_ref() {
                out.push('\n');
                if inner == "}" {
                    break;
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable src/") {
        let p = e.expect("directory entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(p);
        }
    }
}

/// Every override in src/, and the text of each function (file, func) that holds one.
fn scan() -> (Vec<Found>, BTreeMap<(String, String), String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    let mut bodies: BTreeMap<(String, String), String> = BTreeMap::new();
    for path in files {
        let file = path
            .strip_prefix(&src)
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        let text = non_test_source(&path);
        let mut func = String::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(name) = fn_name(line) {
                func = name.to_string();
            }
            let body = bodies.entry((file.clone(), func.clone())).or_default();
            body.push_str(line);
            body.push('\n');
            if line.trim_start().starts_with("//") {
                continue;
            }
            let n = line.matches(".with_severity(").count() + line.matches(".severity = ").count();
            for _ in 0..n {
                found.push(Found {
                    file: file.clone(),
                    func: func.clone(),
                    line: i + 1,
                    text: line.trim().to_string(),
                });
            }
        }
    }
    bodies.retain(|k, _| found.iter().any(|f| (&f.file, &f.func) == (&k.0, &k.1)));
    (found, bodies)
}

fn json_severity(id: &str) -> Severity {
    assert!(
        honmono::findings::known(id),
        "{id} is not in data/findings/*.json"
    );
    Finding::new(id, "", &[]).severity
}

/// As data/findings/*.json writes it.
fn severity_name(s: Severity) -> String {
    format!("{s:?}").to_lowercase()
}

#[test]
fn every_severity_override_is_listed_with_its_reason() {
    let (found, _) = scan();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in &found {
        *counts.entry((f.file.clone(), f.func.clone())).or_default() += 1;
    }
    let mut listed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for s in SITES {
        assert!(!s.why.trim().is_empty(), "{} {}: say why", s.file, s.func);
        let old = listed.insert((s.file.to_string(), s.func.to_string()), s.count);
        assert!(old.is_none(), "{} {} is listed twice", s.file, s.func);
    }
    if counts != listed {
        let mut msg = String::from(
            "severity overrides in src/ differ from SITES in tests/severity_overrides.rs.\n\
             A finding's severity belongs in data/findings/*.json; where the code must differ, \
             list the function there with the findings and the reason.\n",
        );
        for (k, n) in &counts {
            if listed.get(k) != Some(n) {
                msg.push_str(&format!(
                    "\nin src/, not as listed: {} {}() holds {n} (listed: {}):\n",
                    k.0,
                    k.1,
                    listed.get(k).map_or("none".to_string(), |c| c.to_string())
                ));
                for f in found.iter().filter(|f| (&f.file, &f.func) == (&k.0, &k.1)) {
                    msg.push_str(&format!("  src/{}:{}: {}\n", f.file, f.line, f.text));
                }
            }
        }
        for (k, n) in &listed {
            if !counts.contains_key(k) {
                msg.push_str(&format!(
                    "\nlisted but not in src/: {} {}() ({n})\n",
                    k.0, k.1
                ));
            }
        }
        panic!("{msg}");
    }
}

#[test]
fn listed_findings_are_the_functions_own_and_keep_their_json_severity() {
    let (_, bodies) = scan();
    for s in SITES {
        let body = bodies
            .get(&(s.file.to_string(), s.func.to_string()))
            .map(String::as_str)
            .unwrap_or_default();
        for &(id, json) in s.ids {
            if let Some(prefix) = id.strip_suffix('*') {
                assert!(
                    body.contains(prefix),
                    "{} {}(): no {prefix}... finding in it",
                    s.file,
                    s.func
                );
                continue;
            }
            assert!(
                body.contains(&format!("\"{id}\"")),
                "{} {}(): {id} is not named in it; update SITES",
                s.file,
                s.func
            );
            let now = severity_name(json_severity(id));
            assert_eq!(
                now, json,
                "{id} is now {now} in data/findings/*.json (was {json}): {} {}() overrides it \
                 ({}); check that the override still fits, then update SITES",
                s.file, s.func, s.why
            );
        }
    }
}

#[test]
fn lure_severities_in_the_json_are_listed_as_unused() {
    let ids: Vec<&str> = honmono::findings::all_ids()
        .into_iter()
        .filter(|id| id.starts_with("content.lure_"))
        .collect();
    let listed: Vec<&str> = LURES.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids, listed,
        "content.lure_* findings differ from LURES in tests/severity_overrides.rs"
    );
    for &(id, json) in LURES {
        let now = severity_name(json_severity(id));
        assert_eq!(
            now, json,
            "{id} is now {now} in data/findings/content.json (was {json}), but a lure's \
             severity is computed in src/content/mod.rs (lure_findings, from trust and group): \
             the JSON value is not used. Change the code instead, then update LURES"
        );
    }
}
