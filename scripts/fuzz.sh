#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer), one target after the other, SECONDS per target.
#   scripts/fuzz.sh [SECONDS] [TARGET...]        (make fuzz SECONDS_PER_TARGET=60)
# Targets (fuzz/fuzz_targets/): check, parse, received, links, brands.
#
# Toolchain: only stable Rust is available on this machine kind, and cargo-fuzz passes nightly
# flags (-Zsanitizer, -Cpasses=sancov-module, ...). RUSTC_BOOTSTRAP=1 lets the stable compiler
# accept them. We build with `--sanitizer none` (the core is safe Rust; AddressSanitizer would
# cost ~2x executions for no extra finding class) but WITH debug assertions and overflow checks
# (`-a`), so arithmetic overflow panics are found too.
#
# Corpora: fuzz/corpus/TARGET (kept between runs, ignored by git) seeded from the project's
# fixtures (tests/fixtures/**, www/samples/**) and a few malformed messages of
# ../shared/conformance/mail_parser_fixtures (Apache-2.0/MIT) when present.
# Crashes land in fuzz/artifacts/TARGET/; each must become a regression test in tests/hostile.rs.
# Summary of the run: fuzz/artifacts/summary.tsv (target, executions, coverage, features, corpus).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(check parse received links brands)

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz: cargo install cargo-fuzz (about 2 minutes)"
  cargo install cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1
FUZZ_FLAGS=(--sanitizer none --debug-assertions)

echo "fuzz: building targets (first build about 10 minutes on 2 cores)"
nice -n 10 cargo fuzz build "${FUZZ_FLAGS[@]}" >/dev/null
# Run the built binaries directly: every target fuzzes the same build even while the tree changes.
bin=fuzz/target/x86_64-unknown-linux-gnu/release

shared=../shared
seed() { # seed DIR FILE... : copy files into a corpus dir under content-hash names
  local dir=$1; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"
  done
}
mapfile -t emls < <(find tests/fixtures www/samples -type f \( -name '*.eml' -o -name '*.txt' \) -size -200k 2>/dev/null | sort)
malformed=()
[ -d "$shared/conformance/mail_parser_fixtures/resources/eml/malformed" ] &&
  mapfile -t malformed < <(find "$shared/conformance/mail_parser_fixtures/resources/eml/malformed" -name '*.eml' | sort | head -12)

for t in "${targets[@]}"; do
  c=fuzz/corpus/$t
  mkdir -p "$c"
  case $t in
    check|parse)
      seed "$c" "${emls[@]}" "${malformed[@]}" ;;
    received)
      # Received header lines (the harness prefixes each line with "Received: ").
      mkdir -p "$c"
      if [ -f "$shared/conformance/mail_parser_fixtures/received.json" ] && [ -z "$(ls -A "$c")" ]; then
        python3 - "$shared/conformance/mail_parser_fixtures/received.json" "$c" <<'PY'
import json, sys, hashlib, os
for it in json.load(open(sys.argv[1]))[:80]:
    b = it["header"].encode()
    open(os.path.join(sys.argv[2], "seed-" + hashlib.sha1(b).hexdigest()[:16]), "wb").write(b)
PY
      fi
      for f in "${emls[@]}"; do
        grep -ai -A2 '^Received:' "$f" 2>/dev/null | sed 's/^Received: //I' | head -20 > "$c/seed-rcv-$(basename "$f")" || true
      done ;;
    links)
      # href \0 text \0 html \0 sender
      printf 'https://safe.nam12.protection.outlook.com/?url=https%%3A%%2F%%2Fevil.example%%2F&data=1\0https://www.amazon.co.jp/\0<a href="http://192.0.2.1/a">Amazon</a><base href="https://b.example/">\0info@amazon.co.jp' > "$c/seed-1"
      printf 'https://user@xn--mazon-3ve.com/login\0ログイン\0<a href="https://bit.ly/x">https://www.paypal.com/</a>\0service@paypal.com' > "$c/seed-2"
      for f in "${emls[@]}"; do
        grep -aoE 'https?://[^"<> ]+' "$f" 2>/dev/null | head -5 | tr '\n' '\0' > "$c/seed-url-$(basename "$f")" || true
      done ;;
    brands)
      for s in 'Amazon.co.jp' 'Ａｍａｚｏｎ' 'Аmazon カスタマーサービス' 'PayPal' '三井住友カード' '楽天カード株式会社' 'arnazon-co-jp.com' 'www.rnicrosoft.com' 'ｍｙｓｍｂｃ'; do
        printf '%s' "$s" > "$c/seed-$(printf '%s' "$s" | sha1sum | cut -c1-16)"
      done ;;
  esac
done

mkdir -p fuzz/artifacts
summary=fuzz/artifacts/summary.tsv
[ -f "$summary" ] || printf 'date\ttarget\tseconds\texecs\tcov\tft\tcorpus\tcrashes\n' > "$summary"
status=0
for t in "${targets[@]}"; do
  case $t in check) max=65536 ;; parse) max=32768 ;; *) max=8192 ;; esac
  log=fuzz/artifacts/$t.log
  mkdir -p "fuzz/artifacts/$t"
  echo "fuzz: $t for ${secs}s (log $log)"
  set +e
  nice -n 10 "$bin/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
    -max_total_time="$secs" -max_len=$max -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 > "$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  ft=$(grep -aoE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  corp=$(ls "fuzz/corpus/$t" | wc -l)
  crashes=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$secs" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$crashes" >> "$summary"
  echo "fuzz: $t: rc=$rc execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=$corp artifacts=$crashes"
  if [ $rc -ne 0 ]; then
    status=1
    grep -aE 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -8
  fi
done
exit $status
