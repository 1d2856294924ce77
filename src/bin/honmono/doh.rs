//! DNS-over-HTTPS lookups for the CLI (JSON API, as served by Cloudflare and Google). Only DNS
//! names leave the machine, never message content.
//!
//! The names come from the message, so the sender chooses them (a per-recipient selector tells
//! the sender that the message was checked). What this module does about it:
//! - the core already caps and orders the names (`honmono::auth::names`);
//! - answers are cached for the run, shared by all files: found records for their TTL (30 s to
//!   a day), "no such record" for an hour, so a name is asked once per hour at most;
//! - resolvers that forward the client's subnet to the sender's name server (Google Public DNS)
//!   are told not to (`edns_client_subnet=0.0.0.0/0`); Cloudflare never forwards it;
//! - a message's look-ups run a few at a time and stop after [`MESSAGE_BUDGET`]: a message naming
//!   slow servers cannot hold a run for minutes (4 s × every name, before).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use honmono::DnsAnswers;

pub const DEFAULT_ENDPOINT: &str = "https://cloudflare-dns.com/dns-query";

/// One query at most this long.
const QUERY_TIMEOUT: Duration = Duration::from_secs(4);
/// All of one message's look-ups at most this long.
pub const MESSAGE_BUDGET: Duration = Duration::from_secs(8);
/// Queries of one message in flight at once.
const PARALLEL: usize = 4;
/// "No such record" is kept this long.
pub const NEGATIVE_TTL: Duration = Duration::from_secs(3600);
const MIN_TTL: u64 = 30;
const MAX_TTL: u64 = 86_400;

/// The query parameter that asks the resolver not to forward the client's subnet (EDNS Client
/// Subnet, RFC 7871) to the name server, for the JSON APIs that take one.
pub fn ecs_opt_out(endpoint: &str) -> Option<(&'static str, &'static str)> {
    let host = url_host(endpoint)?;
    // Google Public DNS documents `edns_client_subnet=0.0.0.0/0` for exactly this.
    matches!(host.as_str(), "dns.google" | "dns.google.com")
        .then_some(("edns_client_subnet", "0.0.0.0/0"))
}

fn url_host(endpoint: &str) -> Option<String> {
    let rest = endpoint.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    Some(host.trim_end_matches('.').to_ascii_lowercase())
}

/// Records found for a name, and how long to keep them.
type Answer = (Vec<String>, Duration);

#[derive(Clone)]
struct Cached {
    txts: Vec<String>,
    until: Instant,
}

/// A DoH client with its answer cache (one per run).
pub struct Resolver {
    endpoint: String,
    agent: ureq::Agent,
    cache: Mutex<HashMap<String, Cached>>,
    /// Queries sent (for tests and diagnostics).
    sent: Mutex<usize>,
}

impl Resolver {
    pub fn new(endpoint: &str) -> Resolver {
        Resolver {
            endpoint: endpoint.to_string(),
            agent: ureq::AgentBuilder::new().timeout(QUERY_TIMEOUT).build(),
            cache: Mutex::new(HashMap::new()),
            sent: Mutex::new(0),
        }
    }

    /// How many queries went out.
    #[cfg(test)]
    pub fn sent(&self) -> usize {
        *self.sent.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cached(&self, name: &str, now: Instant) -> Option<Vec<String>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(name)
            .filter(|c| c.until > now)
            .map(|c| c.txts.clone())
    }

    fn remember(&self, name: &str, txts: Vec<String>, ttl: Duration) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(
            name.to_string(),
            Cached {
                txts,
                until: Instant::now() + ttl,
            },
        );
    }

    /// Look up `names` (already capped and ordered by the core) that `dns` does not answer yet,
    /// within [`MESSAGE_BUDGET`]. Names that could not be resolved stay unanswered: the report
    /// says what could not be checked.
    pub fn resolve(&self, names: &[String], dns: &mut DnsAnswers) {
        let start = Instant::now();
        let mut todo = Vec::new();
        for n in names {
            if dns.contains(n) {
                continue;
            }
            match self.cached(n, start) {
                Some(txts) => record(dns, n, &txts),
                None => todo.push(n.as_str()),
            }
        }
        for chunk in todo.chunks(PARALLEL) {
            if start.elapsed() >= MESSAGE_BUDGET {
                break;
            }
            let answers: Vec<(&str, Option<Answer>)> = std::thread::scope(|s| {
                let jobs: Vec<_> = chunk
                    .iter()
                    .map(|&n| s.spawn(move || (n, self.query(n).ok())))
                    .collect();
                jobs.into_iter().filter_map(|j| j.join().ok()).collect()
            });
            for (n, a) in answers {
                if let Some((txts, ttl)) = a {
                    record(dns, n, &txts);
                    self.remember(n, txts, ttl);
                }
            }
        }
    }

    /// One TXT query: the records and how long to keep them, or an error (network, SERVFAIL).
    fn query(&self, name: &str) -> Result<Answer, String> {
        *self.sent.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        let mut req = self
            .agent
            .get(&self.endpoint)
            .set("accept", "application/dns-json");
        for (k, v) in params(&self.endpoint, name) {
            req = req.query(k, v);
        }
        let v: serde_json::Value = req
            .call()
            .map_err(|e| e.to_string())?
            .into_json()
            .map_err(|e| e.to_string())?;
        parse_answer(&v)
    }
}

/// The query parameters of a TXT query for `name` at `endpoint`.
fn params<'a>(endpoint: &str, name: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut p = vec![("name", name), ("type", "TXT")];
    p.extend(ecs_opt_out(endpoint));
    p
}

/// Add `txts` for `name` to `dns` (none = "no such record").
fn record(dns: &mut DnsAnswers, name: &str, txts: &[String]) {
    if txts.is_empty() {
        dns.insert_none(name);
    }
    for t in txts {
        dns.insert(name, t);
    }
}

/// A JSON API answer: TXT records (joined character-strings) and their TTL; NXDOMAIN and "no
/// TXT" are an empty list kept for [`NEGATIVE_TTL`].
fn parse_answer(v: &serde_json::Value) -> Result<Answer, String> {
    let status = v.get("Status").and_then(|s| s.as_u64()).unwrap_or(2);
    if status != 0 && status != 3 {
        return Err(format!("DNS status {status}"));
    }
    let mut txts = Vec::new();
    let mut ttl = MAX_TTL;
    for a in v
        .get("Answer")
        .and_then(|a| a.as_array())
        .into_iter()
        .flatten()
    {
        if a.get("type").and_then(|t| t.as_u64()) == Some(16)
            && let Some(data) = a.get("data").and_then(|d| d.as_str())
        {
            txts.push(honmono::dns::join_quoted(data));
            ttl = ttl.min(a.get("TTL").and_then(|t| t.as_u64()).unwrap_or(MIN_TTL));
        }
    }
    if txts.is_empty() {
        return Ok((txts, NEGATIVE_TTL));
    }
    Ok((txts, Duration::from_secs(ttl.clamp(MIN_TTL, MAX_TTL))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex as StdMutex};

    #[test]
    fn ecs_opt_out_only_for_resolvers_that_take_it() {
        assert_eq!(
            ecs_opt_out("https://dns.google/resolve"),
            Some(("edns_client_subnet", "0.0.0.0/0"))
        );
        assert!(ecs_opt_out("https://DNS.Google.com:443/resolve").is_some());
        assert_eq!(ecs_opt_out(DEFAULT_ENDPOINT), None);
        assert_eq!(ecs_opt_out("https://dns.google.evil.example/resolve"), None);
        assert_eq!(ecs_opt_out("not a url"), None);
        assert_eq!(
            params("https://dns.google/resolve", "_dmarc.a.example"),
            [
                ("name", "_dmarc.a.example"),
                ("type", "TXT"),
                ("edns_client_subnet", "0.0.0.0/0")
            ]
        );
        assert_eq!(params(DEFAULT_ENDPOINT, "x").len(), 2);
    }

    #[test]
    fn answers_and_their_lifetimes() {
        let v = serde_json::json!({"Status": 3});
        assert_eq!(parse_answer(&v).unwrap(), (vec![], NEGATIVE_TTL));
        let v = serde_json::json!({"Status": 0, "Answer": [{"type": 5, "data": "x"}]});
        assert_eq!(parse_answer(&v).unwrap(), (vec![], NEGATIVE_TTL));
        let v = serde_json::json!({"Status": 0, "Answer": [
            {"type": 16, "TTL": 5, "data": "\"v=DKIM1; \" \"p=abc\""},
            {"type": 16, "TTL": 300, "data": "v=spf1 -all"}]});
        let (txts, ttl) = parse_answer(&v).unwrap();
        assert_eq!(txts, ["v=DKIM1; p=abc", "v=spf1 -all"]);
        assert_eq!(ttl, Duration::from_secs(MIN_TTL));
        assert!(parse_answer(&serde_json::json!({"Status": 2})).is_err());
    }

    /// A JSON DoH server on 127.0.0.1 that answers NXDOMAIN and logs the request lines.
    fn server() -> (String, Arc<StdMutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(StdMutex::new(Vec::new()));
        let l2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut r = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = r.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                l2.lock().unwrap().push(line);
                let body = r#"{"Status":3}"#;
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/dns-json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        (format!("http://{addr}/dns-query"), log)
    }

    #[test]
    fn negative_answers_are_asked_once_and_shared_by_every_file() {
        let (endpoint, log) = server();
        let r = Resolver::new(&endpoint);
        let names: Vec<String> = ["_dmarc.a.example", "s1._domainkey.a.example"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for _ in 0..3 {
            let mut dns = DnsAnswers::new();
            r.resolve(&names, &mut dns);
            for n in &names {
                assert_eq!(dns.get(n), Some(&[][..]), "{n}: no such record");
            }
        }
        assert_eq!(
            r.sent(),
            2,
            "each name asked once: {:?}",
            log.lock().unwrap()
        );
        let lines = log.lock().unwrap();
        assert!(lines.iter().all(|l| l.contains("type=TXT")), "{lines:?}");
        // 127.0.0.1 is not a resolver known to take the ECS opt-out: not sent.
        assert!(!lines.iter().any(|l| l.contains("edns_client_subnet")));
    }
}
