#!/usr/bin/env bash
# Builds the static web page: dist/www from www/ + extension/ui/ (the shared report renderer) +
# extension/_locales/ (UI strings) + dist/pkg (the wasm core, built by scripts/build-wasm.sh).
# Plain copies, no bundler. Layout:
#   dist/www/{index.html,app.js,worker.js,i18n.js,style.css,locales/,samples/}
#   dist/www/ui/report-view.{js,css}, ui/bidi.js, ui/verdict-look.js
#   dist/www/_locales/{en,ja}/messages.json
#   dist/www/pkg/honmono.js, honmono_bg.wasm
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist/www
for f in dist/pkg/honmono.js dist/pkg/honmono_bg.wasm; do
  [ -f "$f" ] || { echo "build-www: $f is missing: run 'make wasm' first" >&2; exit 1; }
done
# No markup sinks or dynamic code in the page's scripts and HTML, nor in the shared renderer.
node scripts/check-sinks.mjs www extension/ui
rm -rf "$out.tmp"
mkdir -p "$out.tmp/ui" "$out.tmp/pkg" "$out.tmp/_locales"
cp -R www/. "$out.tmp/"
cp extension/ui/report-view.js extension/ui/report-view.css extension/ui/bidi.js extension/ui/verdict-look.js "$out.tmp/ui/"
for l in extension/_locales/*/; do
  lang=$(basename "$l")
  mkdir -p "$out.tmp/_locales/$lang"
  cp "$l/messages.json" "$out.tmp/_locales/$lang/"
done
cp dist/pkg/honmono.js dist/pkg/honmono_bg.wasm "$out.tmp/pkg/"
# Every sample listed in samples/index.json must exist.
if [ -f "$out.tmp/samples/index.json" ]; then
  node -e '
    const fs = require("fs"), dir = process.argv[1];
    const list = JSON.parse(fs.readFileSync(dir + "/index.json", "utf8"));
    for (const s of list) if (!fs.existsSync(dir + "/" + s.file)) { console.error("build-www: sample missing: " + s.file); process.exit(1); }
  ' "$out.tmp/samples"
fi
rm -rf "$out"
mv "$out.tmp" "$out"
echo "www: $(find "$out" -type f | wc -l) files in $out ($(du -sh "$out" | cut -f1))"
