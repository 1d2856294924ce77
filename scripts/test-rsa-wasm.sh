#!/usr/bin/env bash
# The wasm32 SIMD Montgomery arithmetic of crates/rsa-verify (src/simd/tests.rs), run in Node by
# wasm-bindgen-test-runner: checked against the scalar code it replaces in the wasm build, and on
# real signatures. The crate is tested as its own package (it is a path dependency, not a
# workspace member), so it gets the root lockfile first: the same wasm-bindgen as the installed
# test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
cp Cargo.lock crates/rsa-verify/Cargo.lock
CARGO_TARGET_DIR=target/rsa-verify CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --manifest-path crates/rsa-verify/Cargo.toml --target wasm32-unknown-unknown
