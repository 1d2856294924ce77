//! The command line: `honmono check [--json] [--offline] [--from-provider] [--dns FILE] [--doh URL] [--now UNIX_SECONDS] [--lang ja|en] FILE...`
//!
//! Checks raw messages (.eml; `-` reads standard input) and prints a verdict with its evidence.
//! `--json` prints one JSON object per input (JSON Lines). Inputs that cannot be read or are not
//! messages get `{"file": ..., "error": ...}`; the run goes on and exits 2 at the end.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use honmono::report::Report;
use honmono::{DnsAnswers, Options, Severity, Verdict};
use rayon::prelude::*;

use crate::doh;

const USAGE: &str = "usage: honmono check [--json] [--offline] [--from-provider] [--dns FILE] [--doh URL] [--now UNIX_SECONDS] [--lang ja|en] FILE...
  FILE          a raw message (.eml, Gmail \"Show original\", Outlook \"View message source\"); - reads stdin
  --json        one JSON object per input (JSON Lines)
  --offline     no DNS lookups: use only the provider's results and --dns records
  --from-provider  the files are messages exactly as your mail provider delivered them (saved
                from your own mailbox): the provider's results may then prove the sender, and a
                source over 25 MB or with control bytes is checked in part instead of refused.
                Without it only a DKIM signature verified here proves the sender.
  --dns FILE    DNS TXT records from a file, one \"name<TAB>txt\" per line
  --doh URL     DNS-over-HTTPS endpoint (JSON API), default https://cloudflare-dns.com/dns-query
  --now SECS    verify signatures as of this unix time (default: the delivery time)
  --lang ja|en  language of the human output (default: from LC_ALL / LC_MESSAGES / LANG)";

struct Args {
    json: bool,
    offline: bool,
    from_provider: bool,
    dns_file: Option<String>,
    doh: String,
    now: Option<u64>,
    /// `ja` or `en`: the language of the human output.
    lang: &'static str,
    files: Vec<String>,
}

/// The user's language from the locale (`ja_JP.UTF-8` -> `ja`), English otherwise.
fn lang_from_env() -> &'static str {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("ja") {
        "ja"
    } else {
        "en"
    }
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    match it.next().as_deref() {
        Some("check") => {}
        Some("-h") | Some("--help") | None => return Err(USAGE.to_string()),
        Some(other) => return Err(format!("unknown command '{other}'\n{USAGE}")),
    }
    let mut a = Args {
        json: false,
        offline: false,
        from_provider: false,
        dns_file: None,
        doh: doh::DEFAULT_ENDPOINT.to_string(),
        now: None,
        lang: lang_from_env(),
        files: Vec::new(),
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => a.json = true,
            "--offline" => a.offline = true,
            "--from-provider" => a.from_provider = true,
            "--dns" => a.dns_file = Some(it.next().ok_or("--dns needs a FILE")?),
            "--doh" => a.doh = it.next().ok_or("--doh needs a URL")?,
            "--now" => {
                let v = it.next().ok_or("--now needs UNIX_SECONDS")?;
                a.now = Some(
                    v.parse()
                        .map_err(|_| format!("--now: '{v}' is not a number of seconds"))?,
                );
            }
            "--lang" => {
                a.lang = match it.next().as_deref() {
                    Some("ja") => "ja",
                    Some("en") => "en",
                    Some(o) => return Err(format!("--lang: '{o}' is not ja or en")),
                    None => return Err("--lang needs ja or en".to_string()),
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            "-" => a.files.push(arg),
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'\n{USAGE}")),
            _ => a.files.push(arg),
        }
    }
    if a.files.is_empty() {
        return Err(format!("no input files\n{USAGE}"));
    }
    Ok(a)
}

/// Largest file read with --from-provider (the core checks the first MAX_MESSAGE_BYTES of it;
/// the rest is read only to report its size). Gmail accepts messages up to 50 MB.
const MAX_PROVIDER_SOURCE: u64 = 4 * honmono::MAX_MESSAGE_BYTES as u64;

fn read_input(name: &str, from_provider: bool) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let limit = if from_provider {
        MAX_PROVIDER_SOURCE
    } else {
        honmono::MAX_MESSAGE_BYTES as u64 + 1
    };
    let res = if name == "-" {
        std::io::stdin().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(name).and_then(|f| {
            // Room for the whole file up front (`take` hides the size from read_to_end, which
            // would grow a 5 MB message's buffer by doubling to 8 MB).
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            buf.reserve_exact(size.min(limit) as usize + 1);
            f.take(limit).read_to_end(&mut buf)
        })
    };
    res.map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(buf)
}

/// One input's outcome: a report or an error message.
type Outcome = Result<Report, String>;

fn check_one(name: &str, args: &Args, file_dns: &DnsAnswers, doh: &doh::Resolver) -> Outcome {
    let raw = read_input(name, args.from_provider)?;
    let opts = Options {
        now: args.now,
        dns_enabled: !args.offline,
        body_from_page: false,
        from_provider: args.from_provider,
    };
    let mut dns = file_dns.clone();
    if !args.offline {
        // Capped and ordered by the core; a failed lookup leaves the name missing and the
        // report says what could not be checked.
        let names = honmono::dns_names_with(&raw, &opts).map_err(|e| e.to_string())?;
        doh.resolve(&names, &mut dns);
    }
    let mut report = honmono::check(&raw, &dns, &opts).map_err(|e| e.to_string())?;
    report.file = Some(name.to_string());
    Ok(report)
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// The human output's own words, in English and Japanese (verdict words come from the core).
struct Words {
    error: &'static str,
    risk: &'static str,
    claims: &'static str,
    from: &'static str,
    authenticated: &'static str,
    nothing: &'static str,
    evidence: &'static str,
    not_checked: &'static str,
    times: &'static str,
}

const EN: Words = Words {
    error: "ERROR",
    risk: "risk",
    claims: "claims",
    from: "from",
    authenticated: "authenticated",
    nothing: "nothing",
    evidence: "evidence",
    not_checked: "not checked",
    times: "times",
};

const JA: Words = Words {
    error: "エラー",
    risk: "リスク",
    claims: "名乗っている相手",
    from: "差出人",
    authenticated: "認証済み",
    nothing: "なし",
    evidence: "証拠",
    not_checked: "未確認の項目",
    times: "回",
};

fn human(name: &str, o: &Outcome, color: bool, lang: &str) -> String {
    let w = if lang == "ja" { &JA } else { &EN };
    let pick = |t: &honmono::report::Text| {
        if lang == "ja" {
            t.ja.clone()
        } else {
            t.en.clone()
        }
    };
    let mut out = String::new();
    match o {
        Err(e) => out.push_str(&format!("{name}: {} {e}\n", paint(w.error, "1;31", color))),
        Ok(r) => {
            let v = r.verdict.unwrap_or(Verdict::Unverified);
            let code = match v {
                Verdict::Genuine => "1;32",
                Verdict::Unverified => "1;37",
                Verdict::Suspicious => "1;33",
                Verdict::Dangerous => "1;31",
            };
            let word = if lang == "ja" {
                v.word("ja").to_string()
            } else {
                v.as_str().to_uppercase()
            };
            out.push_str(&format!(
                "{name}: {} ({} {}/100){}\n  {}\n",
                paint(&word, code, color),
                w.risk,
                r.score,
                r.brand_name
                    .as_ref()
                    .map(|b| format!(" {}: {b}", w.claims))
                    .unwrap_or_default(),
                pick(&r.summary)
            ));
            let from = r.sender.address.as_deref().unwrap_or("?");
            let auth = if r.sender.authenticated.is_empty() {
                w.nothing.to_string()
            } else {
                r.sender.authenticated.join(", ")
            };
            out.push_str(&format!(
                "  {} {from}; {}: {auth}\n",
                w.from, w.authenticated
            ));
            for f in r
                .findings
                .iter()
                .filter(|f| f.severity > Severity::Info || r.findings.len() < 8)
            {
                let sev = format!("{:?}", f.severity).to_lowercase();
                let count = if f.count > 1 {
                    if lang == "ja" {
                        format!(" ({}{})", f.count, w.times)
                    } else {
                        format!(" (×{})", f.count)
                    }
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "  - [{sev}] {}: {}{count}\n",
                    f.id,
                    pick(&f.message)
                ));
                if !f.evidence.is_empty() {
                    out.push_str(&format!(
                        "      {}: {}\n",
                        w.evidence,
                        f.evidence.replace(['\r', '\n'], " ")
                    ));
                }
            }
            for n in &r.not_checked {
                out.push_str(&format!("  {}: {}\n", w.not_checked, pick(n)));
            }
        }
    }
    out
}

pub fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(64);
        }
    };
    let file_dns = match &args.dns_file {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(t) => DnsAnswers::parse_file(&t),
            Err(e) => {
                eprintln!("cannot read --dns file {f}: {e}");
                return ExitCode::from(64);
            }
        },
        None => DnsAnswers::new(),
    };
    // One resolver for the run: its cache is shared by every file.
    let resolver = doh::Resolver::new(&args.doh);
    // Batch runs use all cores; output keeps the input order.
    let outcomes: Vec<Outcome> = args
        .files
        .par_iter()
        .map(|f| check_one(f, &args, &file_dns, &resolver))
        .collect();
    let color =
        !args.json && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (name, o) in args.files.iter().zip(&outcomes) {
        failed |= o.is_err();
        let line = if args.json {
            match o {
                Ok(r) => serde_json::to_string(r).unwrap_or_default(),
                Err(e) => serde_json::json!({"file": name, "error": e}).to_string(),
            }
        } else {
            human(name, o, color, args.lang)
        };
        if writeln!(w, "{}", line.trim_end()).is_err() {
            break;
        }
    }
    let _ = w.flush();
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
