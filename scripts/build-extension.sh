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

# The service worker must be able to drop an instance after a trap (unreachable, out of memory:
# the instance's stack and heap are then in an unknown state) and instantiate the already compiled
# module again, and to start warm from a heap image (extension/lib/core.js). wasm-bindgen's glue
# keeps its instance in module-private variables and refuses a second init, so two small exports
# are appended here (the extension build only; dist/pkg and the web page are untouched). The names
# they rely on are checked: a wasm-bindgen upgrade that renames them fails the build here.
glue=$out/pkg/honmono.js
for needle in 'let wasmModule, wasmInstance, wasm;' 'let __wbg_init_promise;' 'function initSync(module)' \
              'cachedDataViewMemory0 = null;' 'cachedUint8ArrayMemory0 = null;'; do
  grep -qF "$needle" "$glue" || { echo "build-extension: wasm-bindgen glue changed: '$needle' not found" >&2; exit 1; }
done
wasm_sha=$(sha256sum "$out/pkg/honmono_bg.wasm" | cut -d' ' -f1)
cat >> "$glue" <<EOF

// ---- appended by scripts/build-extension.sh (not wasm-bindgen output) ----
/** SHA-256 of honmono_bg.wasm: a heap image is only valid for these exact bytes. */
export const __honmonoWasmSha256 = '$wasm_sha';
/** A fresh instance of the compiled module (after a trap); returns its exports. */
export function __honmonoRenew() {
    const module = wasmModule;
    if (!module) throw new Error('core not initialised');
    wasm = undefined;
    wasmInstance = undefined;
    __wbg_init_promise = undefined;
    return initSync({ module });
}
/** The live instance's exports (memory for the heap image; the worker's test-only trap hook). */
export function __honmonoExports() {
    return wasm;
}
EOF

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
