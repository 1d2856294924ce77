#!/usr/bin/env python3
"""Prints the `make bench` table from target/bench/results.jsonl (one JSON object per figure,
written by benches/throughput.rs, benches/wasm_bench.mjs and benches/mailauth_dkim.mjs) and checks
the performance budgets (reported, never asserted).

usage: table.py RESULTS MEMORY_TSV WASM_RAW_BYTES WASM_GZIP_BYTES INPUTS_DESCRIPTION NPROC
"""
import json
import math
import sys

results_file, mem_file, wasm_raw, wasm_gz, inputs, nproc = sys.argv[1:7]
rows = [json.loads(l) for l in open(results_file) if l.strip()]
wasm_raw, wasm_gz = int(wasm_raw), int(wasm_gz)


def find(bench, impl_prefix, set_):
    for r in rows:
        if r["bench"] == bench and r["impl"].startswith(impl_prefix) and r["set"] == set_:
            return r
    return None


def fmt_rate(x):
    if x is None:
        return "-"
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def kb(n):
    return f"{n / 1024:,.0f} KB" if n < 1 << 20 else f"{n / (1 << 20):,.1f} MB"


out = []
p = out.append
p("")
p("Honmono benchmarks (median of repeated runs; messages/s and MB/s of message bytes)")
p(f"inputs: {inputs}")
p(f"machine: {nproc}")
p("")

# --- 1-3: throughput on the corpus
floor = find("parse", "mail-parser", "corpus")
native1 = find("check", "honmono native 1 core", "corpus")
p("| # | what | implementation | set | msgs | median size | msgs/s | MB/s | vs floor | vs native 1 core |")
p("|---|------|----------------|-----|-----:|------------:|-------:|-----:|---------:|-----------------:|")
order = [
    ("1", "parse only", "parse", "mail-parser native"),
    ("1", "parse into the model", "parse", "honmono::parse native"),
    ("2", "full verification", "check", "honmono native 1 core"),
    ("2", "full verification", "check", "honmono native 1 core + JSON"),
    ("2", "full verification", "check", "honmono native "),  # the all-cores row (see below)
    ("3", "full verification", "check", "honmono wasm"),
]
seen = set()
for set_ in ("corpus", "median-band"):
    f0 = find("parse", "mail-parser", set_)
    n1 = find("check", "honmono native 1 core", set_)
    for num, what, bench, prefix in order:
        for r in rows:
            if r["bench"] != bench or r["set"] != set_ or not r["impl"].startswith(prefix):
                continue
            key = (r["bench"], r["impl"], r["set"])
            if key in seen:
                continue
            if prefix == "honmono native " and "1 core" in r["impl"]:
                continue
            seen.add(key)
            vf = f"{r['msgs_per_s'] / f0['msgs_per_s']:.2f}x" if f0 else "-"
            vn = f"{r['msgs_per_s'] / n1['msgs_per_s']:.2f}x" if n1 and bench == "check" else "-"
            p(
                f"| {num} | {what} | {r['impl']} | {set_} | {r['messages']} | {kb(r['median_size'])} | "
                f"{fmt_rate(r['msgs_per_s'])} | {r['mb_per_s']:.1f} | {vf} | {vn} |"
            )
notes = sorted({r["note"] for r in rows if r["bench"] == "check" and r.get("note")})
if notes:
    p(f"(check: {'; '.join(notes)}; offline, no DNS, fixed time)")
p("")

# --- 4: DKIM alone
sets = []
for r in rows:
    if r["bench"] == "dkim" and r["set"] not in sets:
        sets.append(r["set"])
p("4. DKIM verification alone, same messages, keys and fixed time for every implementation (msgs/s)")
p("")
p("| set | msgs | median size | Honmono native | Honmono wasm | mailauth (Node) | wasm / mailauth | native / mailauth | native check, keys given | wasm check, keys given | signatures passing (Honmono / mailauth) |")
p("|-----|-----:|------------:|---------------:|-------------:|----------------:|----------------:|------------------:|-------------------------:|-----------------------:|--------------------|")
ratios_wasm, ratios_native = [], []
for s in sets:
    hn = find("dkim", "honmono native (auth", s)
    hw = find("dkim", "honmono wasm (auth", s)
    ma = find("dkim", "mailauth", s)
    cn = find("dkim", "honmono native full check", s)
    cw = find("dkim", "honmono wasm full check", s)
    any_ = hn or hw or ma
    rw = hw["msgs_per_s"] / ma["msgs_per_s"] if hw and ma else None
    rn = hn["msgs_per_s"] / ma["msgs_per_s"] if hn and ma else None
    if rw:
        ratios_wasm.append(rw)
    if rn:
        ratios_native.append(rn)
    passing = f"{hn['note'] if hn else '-'} / {ma['note'] if ma else '-'}"
    p(
        f"| {s} | {any_['messages']} | {kb(any_['median_size'])} | {fmt_rate(hn and hn['msgs_per_s'])} | "
        f"{fmt_rate(hw and hw['msgs_per_s'])} | {fmt_rate(ma and ma['msgs_per_s'])} | "
        f"{f'{rw:.1f}x' if rw else '-'} | {f'{rn:.1f}x' if rn else '-'} | "
        f"{fmt_rate(cn and cn['msgs_per_s'])} | {fmt_rate(cw and cw['msgs_per_s'])} | {passing} |"
    )
impls = sorted({r["impl"] for r in rows if r["bench"] == "dkim"})
p(f"(implementations: {'; '.join(impls)})")
if not any(r["impl"].startswith("honmono wasm (auth") for r in rows):
    p("NOTE: no DKIM-only wasm figure (benches/dkim-wasm did not build): the 'wasm check, keys given'")
    p("column is honmono::check (full verification) with the keys supplied.")
p("")


def gmean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


# --- memory
mem = [l.rstrip("\n").split("\t") for l in open(mem_file) if l.strip()]
mem = {name: (int(size), int(kb_)) for name, size, kb_ in mem if kb_.isdigit()}
p("5. Peak memory of `honmono check --offline` (GNU time max RSS, smallest of 3 runs)")
p("")
p("| message | size | peak RSS | over the tiny message | ratio to message size |")
p("|---------|-----:|---------:|----------------------:|----------------------:|")
tiny = mem.get("tiny.eml")
mem_ratios = []
for name, (size, rss_kb) in mem.items():
    over = rss_kb * 1024 - tiny[1] * 1024 if tiny else None
    ratio = over / size if over is not None and name != "tiny.eml" else None
    if ratio is not None:
        mem_ratios.append((name, ratio))
    p(
        f"| {name} | {kb(size)} | {kb(rss_kb * 1024)} | {kb(over) if over is not None and name != 'tiny.eml' else '-'} | "
        f"{f'{ratio:.2f}x' if ratio is not None else '-'} |"
    )
p("")
p(f"6. wasm size: {wasm_raw:,} bytes raw, {wasm_gz:,} bytes gzip -9 (dist/pkg/honmono_bg.wasm as benchmarked)")
p("")

# --- budgets
p("Budgets (reported, not asserted)")
p("")


def verdict(ok):
    return "MET" if ok else "MISSED"


band = find("check", "honmono native 1 core", "median-band")
if band:
    p(
        f"- native full verification >= 5,000 msgs/s on one core at the median size "
        f"({kb(band['median_size'])} band): {fmt_rate(band['msgs_per_s'])} msgs/s -> {verdict(band['msgs_per_s'] >= 5000)}"
    )
wb = find("check", "honmono wasm", "median-band")
wc = find("check", "honmono wasm", "corpus")
if band and wb and native1 and wc:
    r1 = band["msgs_per_s"] / wb["msgs_per_s"]
    r2 = native1["msgs_per_s"] / wc["msgs_per_s"]
    p(
        f"- wasm within 2x of native: native/wasm = {r1:.2f}x (median band), {r2:.2f}x (whole corpus) "
        f"-> {verdict(max(r1, r2) <= 2.0)}"
    )
if ratios_wasm:
    p(
        f"- DKIM in wasm >= 3x mailauth: {min(ratios_wasm):.1f}x (worst set) .. {max(ratios_wasm):.1f}x (best), "
        f"geometric mean {gmean(ratios_wasm):.1f}x -> {verdict(min(ratios_wasm) >= 3.0)}"
    )
elif ratios_native:
    p("- DKIM in wasm >= 3x mailauth: not measured (no DKIM-only wasm module)")
p(f"- wasm <= 500 KB gzip: {wasm_gz / 1024:,.0f} KB -> {verdict(wasm_gz <= 500 * 1024)}")
for name, ratio in mem_ratios:
    p(
        f"- memory peak under 4x the message size ({name}): peak RSS over the tiny message = "
        f"{ratio:.2f}x the message -> {verdict(ratio < 4.0)}"
    )
print("\n".join(out))
