#!/usr/bin/env bash
# `make bench`: Honmono's throughput side by side with its peers, and the performance budgets.
#
#  1. parse only with mail-parser (the floor)                    benches/throughput.rs
#  2. Honmono full check, native, 1 core and all cores (rayon)   benches/throughput.rs
#  3. Honmono full check in wasm under Node (dist/pkg)           benches/wasm_bench.mjs
#  4. DKIM alone: Honmono native (auth::dkim::verify), Honmono wasm (bench-only module
#     benches/dkim-wasm around the same function), mailauth on Node   benches/mailauth_dkim.mjs
#  5. peak memory of `honmono check` on 5 MB messages vs a tiny one (GNU time, max RSS)
#  6. wasm size (gzip -9 of dist/pkg/honmono_bg.wasm)
#  7. the extension in headless Chromium: message opened -> badge, warm and cold service worker,
#     and messages over 50 KB (up to 5 MB)                       scripts/bench-extension.mjs
# Prints the table (benches/table.py) and keeps the raw results in target/bench/results.jsonl.
#
# Environment: BENCH_REPS (runs per figure, median taken; default 7), BENCH_BAND_REPS (rounds of
# the median-size budget figure, parse floor and check alternating; default 15), BENCH_MIN_SECS
# (least time per run; default 0.5), BENCH_CRITERION=1 also runs `cargo bench --bench hot_paths`,
# BENCH_DKIM_WASM=0 skips building the bench-only DKIM wasm module (about 2 minutes the first time),
# BENCH_EXTENSION=0 skips the extension figures (BENCH_EXT_RUNS: runs per figure, default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=target/bench
mkdir -p "$work"
results=$work/results.jsonl
: > "$results"
shared=../shared
t0=$(date +%s)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
step() { echo "bench: $* ($(( $(date +%s) - t0 ))s)" >&2; }

# Inputs: the development corpora when present, else generated messages.
list=$work/corpus.list
if [ -d "$shared/corpus/phish-dev" ]; then
  find "$shared/corpus/phish-dev" "$shared/corpus/ham-dev" -maxdepth 1 -name '*.eml' 2>/dev/null | sort > "$list"
  inputs="development corpora ../shared/corpus/phish-dev + ham-dev ($(wc -l < "$list") messages)"
else
  inputs=""
fi

step "building (cargo bench --no-run, release binary)"
# One build for every native figure (the tree may change while this runs): run the executable.
# Own target dir: the bench profile would otherwise queue behind every `cargo build --release`
# on the shared target/release lock (and each LTO rebuild there).
export BENCH_CARGO_TARGET=${BENCH_CARGO_TARGET:-$root/target/bench/cargo}
tp_exe=$(CARGO_TARGET_DIR=$BENCH_CARGO_TARGET cargo bench --quiet --bench throughput --no-run --message-format=json 2>/dev/null |
  python3 -c 'import sys,json
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("executable") and m["target"]["name"]=="throughput": print(m["executable"])' | tail -1)
[ -x "$tp_exe" ] || { echo "bench: could not build benches/throughput.rs" >&2; exit 1; }
# Same profile as the benches: one dependency build.
CARGO_TARGET_DIR=$BENCH_CARGO_TARGET cargo build --quiet --profile bench --bin honmono
honmono_bin=$BENCH_CARGO_TARGET/release/honmono
tp() { "$tp_exe" "$@"; }

if [ -z "$inputs" ]; then
  rm -rf "$work/generated" && tp gen "$work/generated" 400
  find "$work/generated" -name '*.eml' | sort > "$list"
  inputs="GENERATED messages (../shared/corpus absent): 400 x ~21 KB"
fi

step "preparing DKIM message sets"
rm -rf "$work/dkim"
node benches/prepare_dkim.mjs "$work" "$shared"
manifest=$root/$work/dkim/manifest.json

step "native: parse floor, full check 1 core / all cores"
mapfile -t files < "$list"
dirs=$(for f in "${files[@]}"; do dirname "$f"; done | sort -u)
# shellcheck disable=SC2086
tp corpus $dirs | grep '^RESULT' | cut -f2 >> "$results"
step "native: DKIM"
tp dkim "$manifest" | grep '^RESULT' | cut -f2 >> "$results"

step "wasm: dist/pkg"
# Brings dist/pkg up to date with the sources (does nothing when it already is).
scripts/build-wasm.sh
# Snapshot of the shipped build: others may rebuild dist/pkg while this runs (build-wasm.sh
# rewrites honmono_bg.wasm in place), and size and speed must describe the same bytes.
rm -rf "$work/pkg" && cp -r dist/pkg "$work/pkg"
dkim_pkg=""
if [ "${BENCH_DKIM_WASM:-1}" != 0 ]; then
  step "wasm: building the bench-only DKIM module (benches/dkim-wasm)"
  d=$work/dkim-wasm
  mkdir -p "$d/src"
  sed "s#HONMONO_PATH#$root#" benches/dkim-wasm/Cargo.toml > "$d/Cargo.toml.new"
  cmp -s "$d/Cargo.toml.new" "$d/Cargo.toml" 2>/dev/null || mv "$d/Cargo.toml.new" "$d/Cargo.toml"
  rm -f "$d/Cargo.toml.new"
  cp -p benches/dkim-wasm/src/lib.rs "$d/src/lib.rs"
  [ -f "$d/Cargo.lock" ] || cp Cargo.lock "$d/Cargo.lock"
  if (cd "$d" && nice -n 5 cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm) &&
     wasm-bindgen --target web --out-dir "$d/pkg" "$d/target/wasm32-unknown-unknown/wasm/honmono_bench_dkim_wasm.wasm" &&
     node_modules/.bin/wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
       --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
       "$d/pkg/honmono_bench_dkim_wasm_bg.wasm" -o "$d/pkg/opt.wasm"; then
    mv "$d/pkg/opt.wasm" "$d/pkg/honmono_bench_dkim_wasm_bg.wasm"
    dkim_pkg=$d/pkg
  else
    echo "bench: the DKIM wasm module did not build; wasm DKIM is measured through check() only" >&2
  fi
fi
step "wasm: check on the corpus, DKIM"
HONMONO_PKG=$root/$work/pkg node benches/wasm_bench.mjs "$list" "$manifest" $dkim_pkg | grep '^RESULT' | cut -f2 >> "$results"

step "mailauth: DKIM"
node benches/mailauth_dkim.mjs "$manifest" | grep '^RESULT' | cut -f2 >> "$results"

step "memory: peak RSS of honmono check"
python3 - "$work" <<'PY'
import sys, os
work = sys.argv[1]
# A 5 MB HTML message: paragraphs and links (the link cap applies), one HTML part.
para = ('<p>ご注文の商品を発送しました。Your order has shipped. '
        '<a href="https://www.example-shop.com/orders/{i}?utm_source=mail">https://www.example-shop.com/orders/{i}</a></p>\r\n')
parts, n, i = [], 0, 0
while n < 5_000_000 - 800:
    s = para.format(i=i); parts.append(s); n += len(s.encode()); i += 1
head = ('From: Example Shop <orders@example-shop.com>\r\nTo: you@example.org\r\nSubject: big html\r\n'
        'Date: Mon, 01 Jan 2024 00:00:00 +0000\r\nMessage-ID: <big@example-shop.com>\r\nMIME-Version: 1.0\r\n'
        'Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>\r\n')
open(os.path.join(work, 'big-html-5MB.eml'), 'wb').write(head.encode() + ''.join(parts).encode() + b'</body></html>\r\n')
open(os.path.join(work, 'tiny.eml'), 'wb').write(b'From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhello\r\n')
PY
mem=$work/memory.tsv
: > "$mem"
for f in "$work/tiny.eml" "$work/dkim/signed-5MB-msg.eml" "$work/big-html-5MB.eml"; do
  [ -f "$f" ] || continue
  best=""
  for _ in 1 2 3; do
    # GNU time's max RSS (KB) of the whole process; the verdict's exit code does not matter here.
    /usr/bin/time -f '%M' -o "$work/time.out" "$honmono_bin" check --offline --now 1700000100 "$f" >/dev/null 2>&1 || true
    kb=$(tail -1 "$work/time.out")
    # keep the smallest of three (page-cache noise)
    if [ -z "$best" ] || [ "$kb" -lt "$best" ]; then best=$kb; fi
  done
  printf '%s\t%s\t%s\n' "$(basename "$f")" "$(stat -c %s "$f")" "$best" >> "$mem"
done

size_raw=$(stat -c %s "$work/pkg/honmono_bg.wasm")
size_gz=$(gzip -9 -c "$work/pkg/honmono_bg.wasm" | wc -c)

if [ "${BENCH_CRITERION:-0}" = 1 ]; then
  step "criterion hot paths"
  CARGO_TARGET_DIR=$BENCH_CARGO_TARGET cargo bench --quiet --bench hot_paths 2>&1 | grep -E '^[a-z].*time:|^ +thrpt|^[a-z]+/' || true
fi

step "done"
machine="$(nproc) cores; load average $load0 at start, $(cut -d' ' -f1-3 /proc/loadavg) at end (other jobs share the cores: compare ratios, not absolute figures, when it is high)"
python3 benches/table.py "$results" "$mem" "$size_raw" "$size_gz" "$inputs" "$machine"

if [ "${BENCH_EXTENSION:-1}" != 0 ]; then
  step "extension: message opened -> badge (headless Chromium, dist/extension)"
  node scripts/bench-extension.mjs --json "$work/extension.json" || echo "bench: the extension figures could not be measured" >&2
fi
