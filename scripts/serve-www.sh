#!/usr/bin/env bash
# Serves dist/www on http://127.0.0.1:${PORT:-8080}/ with python3's standard library only
# (.wasm as application/wasm, .js/.mjs as text/javascript, .json as application/json), with the
# response headers of dist/www/_headers (the page's CSP with frame-ancestors, the worker's own CSP:
# the format static hosts read; tests/e2e/lib/www-server.mjs applies the same file).
# Usage: scripts/serve-www.sh [port]     (build first: make build, or scripts/build-www.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-${PORT:-8080}}
dir=dist/www
[ -f "$dir/index.html" ] || { echo "serve-www: $dir is missing: run 'make build' first" >&2; exit 1; }
echo "Honmono web page: http://127.0.0.1:$port/   (Ctrl-C to stop)"
exec python3 - "$dir" "$port" <<'PY'
import functools, http.server, os, re, sys, urllib.parse
directory, port = sys.argv[1], int(sys.argv[2])

def parse_headers_file(path):
    """Netlify / Cloudflare Pages `_headers`: a path line (`*` = anything), then indented `Name: value`."""
    rules = []
    if not os.path.exists(path):
        return rules
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if not line.strip() or line.strip().startswith("#"):
                continue
            if not line[0].isspace():
                pattern = "^" + ".*".join(re.escape(p) for p in line.strip().split("*")) + "$"
                rules.append((re.compile(pattern), []))
            elif rules and ":" in line:
                name, value = line.split(":", 1)
                rules[-1][1].append((name.strip(), value.strip()))
    return rules

RULES = parse_headers_file(os.path.join(directory, "_headers"))

def headers_for(url_path):
    """Every matching rule; a repeated name is joined with ", " (as the static hosts do)."""
    out = {}
    for pattern, headers in RULES:
        if pattern.match(url_path):
            for name, value in headers:
                key = name.lower()
                out[key] = (out[key][0], out[key][1] + ", " + value) if key in out else (name, value)
    return out.values()

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".eml": "message/rfc822",
        ".html": "text/html; charset=utf-8",
    }

    def send_head(self):
        # _headers is configuration for the host, not content.
        if os.path.basename(urllib.parse.urlsplit(self.path).path) == "_headers":
            self.send_error(404)
            return None
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        names = set()
        for name, value in headers_for(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)):
            self.send_header(name, value)
            names.add(name.lower())
        if "x-content-type-options" not in names:
            self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, fmt, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=directory))
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
PY
