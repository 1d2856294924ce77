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
# `cargo rustc --crate-type cdylib`, not `cargo build`: the [lib] is also an rlib (for the CLI and
# the tests), and Cargo does not apply `lto` to a crate that builds an rlib. Without LTO every
# dependency was linked as its own object (ICU4X's compiled data twice, no cross-crate inlining):
# measured on this tree, LTO is -50 KB gzip at opt-level z, which pays for opt-level s.
cargo rustc --quiet --lib --crate-type cdylib --target wasm32-unknown-unknown --profile wasm
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name honmono \
  target/wasm32-unknown-unknown/wasm/honmono.wasm
# --strip-target-features: the target_features custom section tells toolchains which wasm
# features the code uses (wasm-bindgen and wasm-opt read it above, hence Cargo.toml's
# strip = "debuginfo"); nothing reads it after this last step, browsers ignore custom sections
# (-117 B gzip, 2026-12-03).
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers --strip-target-features --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/honmono_bg.wasm" -o "$out/honmono_bg.opt.wasm"
mv "$out/honmono_bg.opt.wasm" "$out/honmono_bg.wasm"
raw=$(stat -c %s "$out/honmono_bg.wasm")
gz=$(gzip -9 -c "$out/honmono_bg.wasm" | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzip ($out/honmono_bg.wasm)"
mv "$stamp.new" "$stamp"
