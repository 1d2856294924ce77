#!/usr/bin/env bash
# Installs everything Honmono's build and tests need, skipping what is already present.
# Idempotent: safe to run on every `make` invocation. See ../shared/TOOLCHAIN.md for why
# each version is pinned.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
# Chromium's locale files: without them `--lang=ja` falls back to English and the Japanese UI
# (popup, badge title, link panel) could not be tested.
[ -e /usr/lib/chromium/locales/ja.pak ] || need_apt+=(chromium-l10n)
# openssl makes the throwaway TLS certificate of the e2e tests' local webmail server.
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# fonts so that Japanese renders in screenshots
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI: pinned version and pinned dependencies (`--locked`), skipped when present.
scripts/install-wasm-bindgen.sh

# npm packages (binaryen's wasm-opt, playwright-core, puppeteer-core, web-ext, mailauth)
if [ ! -d node_modules ] || [ package.json -nt node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  echo "setup: npm install"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  touch node_modules/.installed
fi
