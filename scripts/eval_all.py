#!/usr/bin/env python3
"""Every development set in one table: verdict counts, share flagged, share called genuine.

Usage: scripts/eval_all.py BINARY [--json OUT] [--list VERDICT SET] [--extra NAME=DIR:LABEL ...]

Sets (skipped, with a note, when absent):
  phish-dev        ../shared/corpus/phish-dev        phishing   (305 honeypot mails)
  phish-dev2/A,B   ../shared/corpus/phish-dev2       phishing   (2,000 more; two halves)
  ham-dev          ../shared/corpus/ham-dev          legitimate (100 mailing-list mails)
  brand-dev/A,B    tests/fixtures/brand-dev          legitimate (real brand and commercial mail)
Halves: a file is in half A when the first byte of sha1(file name) is even, else B (for
brand-dev the `half` column of its SOURCES.tsv when present). Rules are tuned on the A halves
(and phish-dev is reported, not tuned on); the B halves are held back to report on. The
receiving provider's spam-verdict headers are removed first (strip_verdict_headers.py) and the
run is offline, so the figures are Honmono's own judgement. The mails are read as the extension
reads the open message from the webmail (`--from-provider`: the receiving provider's results may
prove the sender); without it a file's results prove nothing and no mail could be "genuine"
offline (SECURITY.md, auth.from_proof).
"""
import collections
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from strip_verdict_headers import strip  # noqa: E402

VERDICTS = ("genuine", "unverified", "suspicious", "dangerous")


def half_by_name(name):
    return "A" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "B"


def halves_from_sources(folder):
    path = os.path.join(folder, "SOURCES.tsv")
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                name = row.get("file") or row.get("name")
                if name and row.get("half") in ("A", "B"):
                    out[name] = row["half"]
    return out


def sets(extra):
    shared = os.path.join(ROOT, "..", "shared", "corpus")
    out = [
        ("phish-dev", os.path.join(shared, "phish-dev"), "phish", False),
        ("phish-dev2", os.path.join(shared, "phish-dev2"), "phish", True),
        ("ham-dev", os.path.join(shared, "ham-dev"), "ham", False),
        ("brand-dev", os.path.join(ROOT, "tests", "fixtures", "brand-dev"), "ham", True),
    ]
    for e in extra:
        name, rest = e.split("=", 1)
        folder, label = rest.rsplit(":", 1)
        out.append((name, folder, label, True))
    return out


def run(binary, folder, tmp):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".eml"))
    stripped = []
    for n in names:
        with open(os.path.join(folder, n), "rb") as f:
            raw = f.read()
        p = os.path.join(tmp, n)
        with open(p, "wb") as f:
            f.write(strip(raw))
        stripped.append(p)
    results = {}
    # Chunks keep the command line short.
    for i in range(0, len(stripped), 500):
        chunk = stripped[i : i + 500]
        out = subprocess.run(
            [binary, "check", "--json", "--offline", "--from-provider", *chunk],
            capture_output=True,
            check=False,
        ).stdout.decode("utf-8", "replace")
        for line in out.splitlines():
            r = json.loads(line)
            results[os.path.basename(r["file"])] = r
    for p in stripped:
        os.unlink(p)
    return results


def row(name, label, rs):
    c = collections.Counter(r.get("verdict", "error") for r in rs)
    n = len(rs)
    flagged = c["suspicious"] + c["dangerous"]
    pct = lambda k: 100.0 * k / max(n, 1)  # noqa: E731
    return (
        f"| {name:<13} | {label:<5} | {n:>5} | "
        + " | ".join(f"{c[v]:>5}" for v in VERDICTS)
        + f" | {c['error']:>3} | {flagged:>5} = {pct(flagged):5.1f}% | {pct(c['genuine']):5.1f}% |"
    )


def main():
    args = sys.argv[1:]
    binary = args.pop(0)
    extra, dump, listing = [], None, None
    while args:
        a = args.pop(0)
        if a == "--json":
            dump = args.pop(0)
        elif a == "--list":
            listing = (args.pop(0), args.pop(0))
        elif a == "--extra":
            extra.append(args.pop(0))
    print("| set           | label |     n | genuine | unverified | suspicious | dangerous | err | flagged | genuine |")
    print("| ---           | ---   |   --- | --- | --- | --- | --- | --- | --- | --- |")
    everything = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder, label, split in sets(extra):
            if not os.path.isdir(folder):
                print(f"| {name:<13} | {label:<5} | skipped: {folder} not found |")
                continue
            results = run(binary, folder, tmp)
            everything[name] = results
            print(row(name, label, list(results.values())))
            if split:
                given = halves_from_sources(folder)
                for h in "AB":
                    part = [r for k, r in results.items() if given.get(k, half_by_name(k)) == h]
                    print(row(f"{name}/{h}", label, part))
    print("flagged = suspicious or dangerous; genuine = share called genuine (phishing: should be ~0)")
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            json.dump(everything, f)
    if listing:
        verdict, which = listing
        for k, r in sorted(everything.get(which, {}).items()):
            if r.get("verdict") == verdict:
                ids = sorted({x["id"] for x in r.get("findings", []) if x["severity"] != "info"})
                s = r.get("sender", {})
                print(f"{k}\t{s.get('display_name')!r}\t{s.get('address')}\t{r.get('subject')!r}\t{' '.join(ids)}")


if __name__ == "__main__":
    main()
