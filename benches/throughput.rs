//! Throughput measurements for `make bench` (scripts/bench.sh). Not a Criterion bench: it prints
//! one `RESULT<TAB>{json}` line per measurement, which scripts/bench.sh turns into the table
//! together with the wasm (Node) and mailauth figures.
//!
//! cargo bench --bench throughput -- corpus DIR...      parse floor, check on 1 core and all cores
//! cargo bench --bench throughput -- dkim MANIFEST.json DKIM alone (and full check) with keys given
//! cargo bench --bench throughput -- gen OUTDIR N       write N generated ~21 KB messages
//! cargo bench --bench throughput -- check DIR...       the full check alone (for profilers)
//! cargo bench --bench throughput                       corpus on ../shared/corpus or generated mail
//!
//! Each figure is the median of `REPS` runs (env BENCH_REPS, default 7); a run repeats the whole
//! message set until it has taken at least BENCH_MIN_SECS (default 0.5 s).

use std::path::{Path, PathBuf};
use std::time::Instant;

use honmono::{DnsAnswers, Options};
use rayon::prelude::*;

// The CLI's allocator and its options: the native figures are what `honmono check` does.
#[path = "../src/bin/honmono/alloc.rs"]
mod alloc;

fn env_f64(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Timing {
    msgs_per_s: f64,
    mb_per_s: f64,
    runs: Vec<f64>,
}

/// Median over runs of messages/s; each run processes the set `k` times (k chosen once so that a
/// run takes at least min_secs). BENCH_REPS runs (default 7).
fn measure(msgs: &[Vec<u8>], mut f: impl FnMut(&[Vec<u8>])) -> Timing {
    let reps = env_f64("BENCH_REPS", 7.0).max(1.0) as usize;
    let [t] = measure_rounds(msgs, [&mut f], reps);
    t
}

/// One workload of a measurement: runs over the whole message set once.
type Workload<'a> = &'a mut dyn FnMut(&[Vec<u8>]);

/// [`measure`] for several workloads at once, in alternating rounds: each round runs every
/// workload in turn, each for at least BENCH_MIN_SECS, so that a slow spell of a shared machine
/// falls on all of them.
fn measure_rounds<const N: usize>(
    msgs: &[Vec<u8>],
    mut fs: [Workload<'_>; N],
    rounds: usize,
) -> [Timing; N] {
    let min_secs = env_f64("BENCH_MIN_SECS", 0.5);
    let bytes: usize = msgs.iter().map(Vec::len).sum();
    let mean_size = bytes as f64 / msgs.len().max(1) as f64;
    // Warm-up (lazy statics, page faults) and calibration.
    let ks = fs.each_mut().map(|f| {
        let t = Instant::now();
        f(msgs);
        let once = t.elapsed().as_secs_f64().max(1e-6);
        ((min_secs / once).ceil() as usize).max(1)
    });
    let mut runs: [Vec<f64>; N] = std::array::from_fn(|_| Vec::with_capacity(rounds));
    for _ in 0..rounds {
        for ((f, &k), runs) in fs.iter_mut().zip(&ks).zip(&mut runs) {
            let t = Instant::now();
            for _ in 0..k {
                f(msgs);
            }
            runs.push((k * msgs.len()) as f64 / t.elapsed().as_secs_f64());
        }
    }
    runs.map(|runs| {
        let mut sorted = runs.clone();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let msgs_per_s = sorted[sorted.len() / 2];
        Timing {
            msgs_per_s,
            mb_per_s: msgs_per_s * mean_size / 1e6,
            runs,
        }
    })
}

fn emit(bench: &str, implementation: &str, set: &str, msgs: &[Vec<u8>], t: &Timing, note: &str) {
    let mut sizes: Vec<usize> = msgs.iter().map(Vec::len).collect();
    sizes.sort_unstable();
    let line = serde_json::json!({
        "bench": bench,
        "impl": implementation,
        "set": set,
        "messages": msgs.len(),
        "bytes": sizes.iter().sum::<usize>(),
        "median_size": sizes.get(sizes.len() / 2).copied().unwrap_or(0),
        "msgs_per_s": t.msgs_per_s,
        "mb_per_s": t.mb_per_s,
        "runs": t.runs,
        "note": note,
    });
    println!("RESULT\t{line}");
}

fn load_dir(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("throughput: cannot read {}", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "eml")
            && let Ok(b) = std::fs::read(&p)
        {
            out.push(b);
        }
    }
}

fn opts(now: Option<u64>) -> Options {
    Options {
        now,
        dns_enabled: false,
        ..Default::default()
    }
}

fn corpus(dirs: &[String]) {
    let mut msgs = Vec::new();
    for d in dirs {
        load_dir(Path::new(d), &mut msgs);
    }
    if msgs.is_empty() {
        eprintln!("throughput: no .eml in {dirs:?}; using 400 generated messages");
        msgs = (0..400).map(generated).collect();
    }
    let set = "corpus";
    // The offline, no-DNS path (as `honmono check --offline`): a fixed time for reproducibility.
    let o = opts(Some(1_767_225_600));
    let dns = DnsAnswers::new();
    let ok = msgs
        .iter()
        .filter(|m| honmono::check(m, &dns, &o).is_ok())
        .count();
    let note = format!("{ok}/{} accepted as messages", msgs.len());

    let t = measure(&msgs, |ms| {
        for m in ms {
            std::hint::black_box(mail_parser::MessageParser::default().parse(m.as_slice()));
        }
    });
    emit("parse", "mail-parser native", set, &msgs, &t, "");

    let t = measure(&msgs, |ms| {
        for m in ms {
            std::hint::black_box(honmono::parse::parse(m).ok());
        }
    });
    emit("parse", "honmono::parse native", set, &msgs, &t, "");

    let t = measure(&msgs, |ms| {
        for m in ms {
            std::hint::black_box(honmono::check(m, &dns, &o).ok());
        }
    });
    emit("check", "honmono native 1 core", set, &msgs, &t, &note);

    let threads = rayon::current_num_threads();
    let t = measure(&msgs, |ms| {
        ms.par_iter().for_each(|m| {
            std::hint::black_box(honmono::check(m, &dns, &o).ok());
        });
    });
    emit(
        "check",
        &format!("honmono native {threads} cores (rayon)"),
        set,
        &msgs,
        &t,
        &note,
    );

    // Typical mail: the middle fifth of the corpus by size (around the median, ~21 KB for the
    // development corpora), for the "messages/s at the median size" budget.
    // The budget figure: floor and check run in alternating rounds (BENCH_BAND_REPS, default
    // 15), so that a slow spell of a shared machine falls on both and on several rounds rather
    // than on one whole figure.
    let band = median_band(&msgs);
    let band_rounds = env_f64("BENCH_BAND_REPS", 15.0).max(1.0) as usize;
    let [floor, check] = measure_rounds(
        &band,
        [
            &mut |ms: &[Vec<u8>]| {
                for m in ms {
                    std::hint::black_box(mail_parser::MessageParser::default().parse(m.as_slice()));
                }
            },
            &mut |ms: &[Vec<u8>]| {
                for m in ms {
                    std::hint::black_box(honmono::check(m, &dns, &o).ok());
                }
            },
        ],
        band_rounds,
    );
    emit(
        "parse",
        "mail-parser native",
        "median-band",
        &band,
        &floor,
        "",
    );
    emit(
        "check",
        "honmono native 1 core",
        "median-band",
        &band,
        &check,
        "",
    );

    // The same, with the JSON the CLI prints (what a user of --json pays).
    let t = measure(&msgs, |ms| {
        for m in ms {
            if let Ok(r) = honmono::check(m, &dns, &o) {
                std::hint::black_box(serde_json::to_vec(&r).ok());
            }
        }
    });
    emit(
        "check",
        "honmono native 1 core + JSON",
        set,
        &msgs,
        &t,
        &note,
    );
}

/// The middle fifth of `msgs` by size (sizes from the 40th to the 60th percentile).
fn median_band(msgs: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut sorted: Vec<&Vec<u8>> = msgs.iter().collect();
    sorted.sort_by_key(|m| m.len());
    let n = sorted.len();
    let (lo, hi) = (n * 2 / 5, (n * 3 / 5).max(n * 2 / 5 + 1).min(n));
    sorted[lo..hi].iter().map(|m| m.to_vec()).collect()
}

/// One DKIM test message: file, verification time, keys (name -> TXT).
#[derive(serde::Deserialize)]
struct DkimCase {
    set: String,
    file: String,
    now: u64,
    keys: std::collections::BTreeMap<String, Vec<String>>,
}

fn dkim(manifest: &str) {
    let text = std::fs::read_to_string(manifest).expect("manifest");
    let cases: Vec<DkimCase> = serde_json::from_str(&text).expect("manifest JSON");
    let mut sets: Vec<String> = Vec::new();
    for c in &cases {
        if !sets.contains(&c.set) {
            sets.push(c.set.clone());
        }
    }
    for set in sets {
        let group: Vec<&DkimCase> = cases.iter().filter(|c| c.set == set).collect();
        let msgs: Vec<Vec<u8>> = group
            .iter()
            .map(|c| std::fs::read(&c.file).expect("message"))
            .collect();
        let dns: Vec<DnsAnswers> = group
            .iter()
            .map(|c| {
                let mut d = DnsAnswers::new();
                for (name, txts) in &c.keys {
                    if txts.is_empty() {
                        d.insert_none(name);
                    }
                    for t in txts {
                        d.insert(name, t);
                    }
                }
                d
            })
            .collect();
        let nows: Vec<u64> = group.iter().map(|c| c.now).collect();

        // Sanity: how many signatures pass (must match mailauth's count in the table).
        let (mut pass, mut sigs) = (0, 0);
        for (i, m) in msgs.iter().enumerate() {
            for r in honmono::auth::dkim::verify(m, &dns[i], nows[i]) {
                sigs += 1;
                pass += usize::from(r.status == honmono::auth::dkim::Status::Pass);
            }
        }
        let note = format!("{pass}/{sigs} signatures pass");
        // `measure` hands the same slice back every time, so index i is case i.
        let t = measure(&msgs, |ms| {
            for (i, m) in ms.iter().enumerate() {
                std::hint::black_box(honmono::auth::dkim::verify(m, &dns[i], nows[i]));
            }
        });
        emit(
            "dkim",
            "honmono native (auth::dkim::verify)",
            &set,
            &msgs,
            &t,
            &note,
        );
        let t = measure(&msgs, |ms| {
            for (i, m) in ms.iter().enumerate() {
                std::hint::black_box(honmono::check(m, &dns[i], &opts(Some(nows[i]))).ok());
            }
        });
        emit(
            "dkim",
            "honmono native full check, keys given",
            &set,
            &msgs,
            &t,
            "",
        );
    }
}

/// A generated message of about 21 KB (the median of the development corpus): multipart with a
/// text and an HTML part, a dozen links, provider headers. Used when ../shared is absent.
fn generated(i: usize) -> Vec<u8> {
    let mut html = String::from(
        "<html><body><table><tr><td><img alt=\"Example Shop\" src=\"https://img.example-shop.com/logo.png\"></td></tr>",
    );
    let mut text = String::new();
    let mut n = 0;
    while html.len() < 13_000 {
        html.push_str(&format!(
            "<tr><td><p>Dear customer, your order #{i}-{n} has shipped. お届け予定日をご確認ください。</p>\
<a href=\"https://www.example-shop.com/orders/{i}/{n}?utm_source=mail&amp;utm_medium=email\">View order {n}</a></td></tr>\n"
        ));
        text.push_str(&format!(
            "Dear customer, your order #{i}-{n} has shipped. https://www.example-shop.com/orders/{i}/{n}\n"
        ));
        n += 1;
    }
    html.push_str("</table></body></html>");
    format!(
        "Received: from mail-out.example-shop.com (mail-out.example-shop.com [192.0.2.{a}])\r\n\tby mx.google.com with ESMTPS id x{i}\r\n\tfor <you@gmail.com>; Mon, 01 Jan 2024 00:00:{s:02} +0000\r\n\
Authentication-Results: mx.google.com;\r\n\tdkim=pass header.i=@example-shop.com header.s=s1 header.b=abc;\r\n\tspf=pass (google.com: domain of bounce@example-shop.com designates 192.0.2.{a} as permitted sender) smtp.mailfrom=bounce@example-shop.com;\r\n\tdmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example-shop.com\r\n\
From: Example Shop <orders@example-shop.com>\r\nTo: you@gmail.com\r\nSubject: Your order {i} has shipped\r\n\
Date: Mon, 01 Jan 2024 00:00:{s:02} +0000\r\nMessage-ID: <{i}@example-shop.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b{i}\"\r\n\r\n--b{i}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\
--b{i}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--b{i}--\r\n",
        a = i % 250,
        s = i % 60
    )
    .into_bytes()
}

fn main() {
    alloc::configure();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("corpus") => corpus(&args[1..]),
        // For profilers (perf, callgrind): the full check only, on one directory.
        Some("check") => {
            let mut msgs = Vec::new();
            for d in &args[1..] {
                load_dir(Path::new(d), &mut msgs);
            }
            let (o, dns) = (opts(Some(1_767_225_600)), DnsAnswers::new());
            let t = measure(&msgs, |ms| {
                for m in ms {
                    std::hint::black_box(honmono::check(m, &dns, &o).ok());
                }
            });
            emit("check", "honmono native 1 core", "profile", &msgs, &t, "");
        }
        Some("dkim") => dkim(args.get(1).expect("dkim MANIFEST")),
        Some("gen") => {
            let dir = PathBuf::from(args.get(1).expect("gen OUTDIR [N]"));
            let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(400);
            std::fs::create_dir_all(&dir).expect("create OUTDIR");
            for i in 0..n {
                std::fs::write(dir.join(format!("gen-{i:04}.eml")), generated(i)).expect("write");
            }
        }
        _ => {
            let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
            corpus(&[format!("{base}/phish-dev"), format!("{base}/ham-dev")]);
        }
    }
}
