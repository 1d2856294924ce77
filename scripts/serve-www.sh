#!/usr/bin/env bash
# Serves dist/www on http://127.0.0.1:${PORT:-8080}/ with python3's standard library only
# (.wasm as application/wasm, .js/.mjs as text/javascript, .json as application/json).
# Usage: scripts/serve-www.sh [port]     (build first: make build, or scripts/build-www.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-${PORT:-8080}}
dir=dist/www
[ -f "$dir/index.html" ] || { echo "serve-www: $dir is missing: run 'make build' first" >&2; exit 1; }
echo "Honmono web page: http://127.0.0.1:$port/   (Ctrl-C to stop)"
exec python3 - "$dir" "$port" <<'PY'
import functools, http.server, sys
directory, port = sys.argv[1], int(sys.argv[2])

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

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
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
