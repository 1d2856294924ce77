#!/usr/bin/env python3
"""Summarise `honmono check --json` output: counts per verdict, share flagged, top finding ids."""
import collections
import json
import sys

path, label, src = sys.argv[1], sys.argv[2], sys.argv[3]
verdicts = collections.Counter()
ids = collections.Counter()
errors = []
with open(path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if "error" in r:
            errors.append((r["file"], r["error"]))
            verdicts["error"] += 1
            continue
        verdicts[r["verdict"]] += 1
        for fi in r["findings"]:
            if fi["severity"] not in ("info",):
                ids[fi["id"]] += 1
total = sum(verdicts.values())
flagged = verdicts["suspicious"] + verdicts["dangerous"]
print(f"eval {label}: {total} messages from {src}")
for v in ("genuine", "unverified", "suspicious", "dangerous", "error"):
    print(f"  {v:<11} {verdicts[v]:>5}  {100.0 * verdicts[v] / max(total, 1):5.1f}%")
print(f"  flagged (suspicious or dangerous): {flagged}/{total} = {100.0 * flagged / max(total, 1):.1f}%")
print("  most frequent findings (above info):")
for i, n in ids.most_common(12):
    print(f"    {n:>5}  {i}")
for f, e in errors[:10]:
    print(f"  error: {f}: {e}")
