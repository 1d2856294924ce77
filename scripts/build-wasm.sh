#!/usr/bin/env bash
# Builds the core for the browser: cargo (wasm32, profile "wasm") -> wasm-bindgen --target web ->
# wasm-opt -Oz from npm binaryen (Debian's wasm-opt 108 corrupts wasm-bindgen output).
# Output: dist/pkg/honmono.js, dist/pkg/honmono_bg.wasm. Skips the work when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
# One build at a time (shared machine; two concurrent runs rewrite dist/pkg under each other and
# print sizes of a half-written file): a second caller waits here, then finds the stamp fresh.
mkdir -p target
exec 9>target/.build-wasm.lock
flock 9
out=dist/pkg
stamp=$out/.stamp
if [ -f "$stamp" ] && [ -z "$(find src data vendor crates .cargo build.rs Cargo.toml Cargo.lock -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
# The stamp gets the start time: sources edited during the build trigger the next one.
mkdir -p "$out"
touch "$stamp.new"
# Target flags (SIMD, hence sha2's wasm32-simd128 SHA-256) come from .cargo/config.toml.
cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name honmono \
  target/wasm32-unknown-unknown/wasm/honmono.wasm
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/honmono_bg.wasm" -o "$out/honmono_bg.opt.wasm"
mv "$out/honmono_bg.opt.wasm" "$out/honmono_bg.wasm"
raw=$(stat -c %s "$out/honmono_bg.wasm")
gz=$(gzip -9 -c "$out/honmono_bg.wasm" | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzip ($out/honmono_bg.wasm)"
mv "$stamp.new" "$stamp"
