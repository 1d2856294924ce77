#!/usr/bin/env bash
# Runs the CLI on every bundled sample (www/samples/index.json) with the DNS answers bundled with
# it, offline, and checks each verdict against the expected one. Used by `make test`; the same
# samples are one click away on the web page.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/honmono ] && [ -z "$(find src data Cargo.toml -newer target/release/honmono -print -quit)" ] \
  || cargo build --quiet --release
python3 - <<'PY'
import json, os, subprocess, sys, tempfile
samples = json.load(open("www/samples/index.json", encoding="utf-8"))
ok = bad = 0
for s in samples:
    path = os.path.join("www/samples", s["file"])
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for name, txts in (s.get("dns") or {}).items():
            if not txts:
                f.write(name + "\n")
            for t in txts:
                f.write(f"{name}\t{t}\n")
        dns = f.name
    cmd = ["target/release/honmono", "check", "--json", "--offline", "--dns", dns, path]
    if s.get("now"):
        cmd[3:3] = ["--now", str(s["now"])]
    out = subprocess.run(cmd, capture_output=True, text=True)
    os.unlink(dns)
    r = json.loads(out.stdout.splitlines()[0])
    got = r.get("verdict", "error: " + r.get("error", "?"))
    mark = "ok  " if got == s["expected"] else "FAIL"
    print(f"{mark} {s['file']}: expected {s['expected']}, got {got}")
    if got == s["expected"]:
        ok += 1
    else:
        bad += 1
        for fi in r.get("findings", []):
            print(f"       [{fi['severity']}] {fi['id']}: {fi['evidence'][:100]}")
print(f"samples: {ok} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
