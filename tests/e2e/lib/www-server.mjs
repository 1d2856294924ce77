// Minimal static server for the built web page (dist/www), for the e2e tests: listens on a free
// port on 127.0.0.1 and serves .wasm as application/wasm and .js/.mjs as text/javascript, with the
// response headers (CSP...) of dist/www/_headers, like scripts/serve-www.sh does.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.eml': 'message/rfc822',
};

/**
 * Parses a Netlify / Cloudflare Pages `_headers` file: [{ pattern: RegExp, headers: [[name, value]] }].
 * A rule is a path line (`*` matches anything) followed by indented `Name: value` lines.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const re = `^${line.trim().split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`;
      rules.push({ pattern: new RegExp(re), headers: [] });
    } else if (rules.length) {
      const i = line.indexOf(':');
      if (i > 0) rules.at(-1).headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}

/** The headers for `urlPath`: every matching rule, repeated names joined with ", " (as the hosts do). */
export function headersFor(rules, urlPath) {
  const out = {};
  for (const r of rules) {
    if (!r.pattern.test(urlPath)) continue;
    for (const [k, v] of r.headers) {
      const key = k.toLowerCase();
      out[key] = out[key] ? `${out[key]}, ${v}` : v;
    }
  }
  return out;
}

/** `extra`: {'/path': Buffer} served in addition to the files (test inputs). */
export async function startServer(root, extra = {}) {
  const base = path.resolve(root);
  const headersFile = path.join(base, '_headers');
  const rules = fs.existsSync(headersFile) ? parseHeadersFile(fs.readFileSync(headersFile, 'utf8')) : [];
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (extra[p]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(extra[p]);
      return;
    }
    const urlPath = p;
    if (p.endsWith('/')) p += 'index.html';
    const file = path.resolve(base, `.${p}`);
    // _headers is configuration for the host, not content (static hosts do not serve it either).
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile() || path.basename(file) === '_headers') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...headersFor(rules, urlPath),
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections?.();
      }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
