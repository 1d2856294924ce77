#!/usr/bin/env bash
# Builds dist/extension/: the unpacked MV3 extension (Chromium and Firefox) from extension/ plus
# the core from dist/pkg (wasm-bindgen --target web glue + optimised wasm). Run `make wasm` first
# (`make build` does). Also refuses HTML sinks and dynamic code in the extension's own scripts
# (scripts/check-sinks.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
src=extension
out=dist/extension
pkg=dist/pkg

for f in "$pkg/honmono.js" "$pkg/honmono_bg.wasm"; do
  [ -f "$f" ] || { echo "build-extension: $f missing (run make wasm)" >&2; exit 1; }
done
[ -f "$src/ui/report-view.js" ] || echo "build-extension: note: $src/ui/report-view.js absent, the popup uses its fallback renderer" >&2

# No markup sinks or dynamic code in our own scripts and pages (the shared renderer included):
# scripts/check-sinks.mjs parses them, so bracket access and string names are caught too.
node scripts/check-sinks.mjs "$src"

rm -rf "$out"
mkdir -p "$out/pkg"
# Everything the browser loads; not the tools or the docs.
(cd "$src" && find . -type f \
   ! -path './tools/*' ! -name '*.md' ! -name '.*' -print0) | while IFS= read -r -d '' f; do
  mkdir -p "$out/$(dirname "$f")"
  cp "$src/$f" "$out/$f"
done
cp "$pkg/honmono.js" "$pkg/honmono_bg.wasm" "$out/pkg/"

# The manifest must be valid JSON and name only files that exist.
node -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const files = [m.background.service_worker, ...(m.background.scripts || []), m.action.default_popup,
  m.options_ui.page, ...Object.values(m.icons), ...m.content_scripts.flatMap((c) => c.js)];
const missing = files.filter((f) => !fs.existsSync(path.join(dir, f)));
if (missing.length) { console.error("build-extension: manifest names missing files:", missing); process.exit(1); }
for (const l of ["en", "ja"]) JSON.parse(fs.readFileSync(path.join(dir, "_locales", l, "messages.json"), "utf8"));
' "$out"

raw=$(stat -c %s "$out/pkg/honmono_bg.wasm")
gz=$(gzip -9 -c "$out/pkg/honmono_bg.wasm" | wc -c)
total=$(du -sk "$out" | cut -f1)
echo "extension: $out ($total KiB; wasm $raw bytes raw, $gz bytes gzip)"
