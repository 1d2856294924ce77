#!/usr/bin/env bash
# Installs wasm-bindgen and wasm-bindgen-test-runner 0.2.130 (the version Cargo.toml pins for the
# wasm-bindgen crate) from scripts/wasm-bindgen-cli: pinned CLI version and pinned versions of all
# its dependencies (`--locked`, see scripts/wasm-bindgen-cli/README.md). Skipped when both programs
# are already there in that version. Idempotent.
#   scripts/install-wasm-bindgen.sh [--root DIR]    (default: cargo's own, i.e. $CARGO_HOME/bin)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.2.130
root_args=()
bindir=
if [ "${1:-}" = "--root" ] && [ -n "${2:-}" ]; then
  root_args=(--root "$2")
  bindir="$2/bin/"
fi

have() { # "$1" prints "<name> <version>" for --version
  local v
  v=$("${bindir}$1" --version 2>/dev/null | awk '{print $2}') || return 1
  [ "$v" = "$VERSION" ]
}
if have wasm-bindgen && have wasm-bindgen-test-runner; then
  exit 0
fi

echo "setup: wasm-bindgen-cli $VERSION from scripts/wasm-bindgen-cli (--locked; about 3 minutes)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --force: replaces another version installed earlier (e.g. by `cargo install wasm-bindgen-cli`).
cargo install --locked --force --path scripts/wasm-bindgen-cli --target-dir "$tmp" "${root_args[@]}"
have wasm-bindgen && have wasm-bindgen-test-runner || {
  echo "install-wasm-bindgen: installed, but ${bindir}wasm-bindgen is not version $VERSION (PATH?)" >&2
  exit 1
}
