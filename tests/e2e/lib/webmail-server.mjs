// A real HTTPS server standing in for Gmail, its attachment host, Yahoo Mail and Yahoo! JAPAN
// mail, so that what Playwright routes cannot reproduce is real: redirects across origins, CORS
// headers and credentials modes, the HTTP cache, Content-Security-Policy (Trusted Types) and
// cookies. Chromium reaches it through --host-resolver-rules (certificate pinned by its SPKI
// hash), Firefox through a CONNECT proxy on the same machine. Each behaviour reproduced is
// documented, with its public source, in the README.md of the fixture folder it serves.
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { FIX, dohAnswer, headerBlock } from './ext-harness.mjs';

export const HOSTS = Object.freeze(['mail.google.com', 'mail-attachment.googleusercontent.com', 'accounts.google.com',
  'mail.yahoo.com', 'mail.yahoo.co.jp', 'cloudflare-dns.com']);
export const GMAIL_IK = '0a1b2c3d4e';
export const YAHOO = Object.freeze({
  mailbox: 'VjN-R91iv4Ew7ABG6ZfcF9Y7tBeuWCmcCXV_rGL_DRMea7aKbRuuMjM9T2pzRtznS3DwBmBxuc2UTjmHlmQVvjcwMQ',
  wssid: 'N54i/xPQPc9',
  appId: 'YMailNorrin',
});
// Gmail's policy header as Google announced it (quoted in FlowCrypt/flowcrypt-browser#5569).
export const GMAIL_CSP = "require-trusted-types-for 'script'; report-uri https://mail.google.com/mail/cspreport";

/** A throwaway self-signed certificate for HOSTS; returns { key, cert, spki } (SPKI sha256, base64). */
function makeCert() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'honmono-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=honmono-e2e',
    '-addext', `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}`], { stdio: 'ignore' });
  const der = crypto.createPublicKey(fs.readFileSync(key)).export({ type: 'spki', format: 'der' });
  const out = { key: fs.readFileSync(key), cert: fs.readFileSync(cert), spki: crypto.createHash('sha256').update(der).digest('base64') };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cookieOf = (req, name) => new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.headers.cookie || '')?.[1] ?? null;

/**
 * Starts the server. `mails`: Map of ids to { file, mode, ... } (the test adds entries as it opens
 * messages): Gmail entries carry legacyId / permDec, Yahoo entries are keyed `yahoo:<mid>`.
 * Gmail modes: 'ok' (the download works), 'om' (download refused, "Show original" works), '403'
 * (both refused), 'login' (session expired: the download goes to the sign-in page).
 */
export async function startWebmailServer({ dns, mails }) {
  const tls = makeCert();
  const secret = crypto.randomBytes(16).toString('hex');
  const session = { gmail: `fixture-${secret.slice(0, 8)}`, yahoo: `z=fixture${secret.slice(8, 16)}` };
  const log = [];
  const sign = (id) => crypto.createHmac('sha256', secret).update(id).digest('hex').slice(0, 24);
  const gmailMail = (id) => [...mails.values()].find((m) => m.legacyId && (m.legacyId === id || `msg-f:${m.permDec}` === id));
  const file = (p) => fs.readFileSync(path.join(FIX, p));

  function send(res, status, headers, body = '') {
    res.writeHead(status, headers);
    res.end(body);
  }

  function gmail(req, res, url) {
    const p = url.pathname;
    const q = url.searchParams;
    if (p === '/mail/u/0/_fixture/gmail-app.js') return send(res, 200, { 'content-type': 'text/javascript' }, file('gmail/gmail-app.js'));
    if (p === '/mail/cspreport') return send(res, 204, {});
    if (p !== '/mail/u/0/' && p !== '/mail/u/0') return send(res, 404, { 'content-type': 'text/plain' }, 'Not Found');
    const signedIn = cookieOf(req, 'SID') === session.gmail;
    const view = q.get('view');
    if (!view) {
      return send(res, 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': GMAIL_CSP,
        'set-cookie': `SID=${session.gmail}; Path=/; Secure; HttpOnly; SameSite=Lax`,
        'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
      }, file('gmail/index.html'));
    }
    const id = q.get('permmsgid') || q.get('th') || '';
    const m = gmailMail(id);
    if (view === 'att') {
      // Without the session, Gmail sends the browser to the sign-in page (another origin, no CORS).
      if (!signedIn || m?.mode === 'login') {
        return send(res, 302, { location: `https://accounts.google.com/ServiceLogin?service=mail&continue=${encodeURIComponent(url.href)}`, 'cache-control': 'no-cache, no-store' });
      }
      if (!m) return send(res, 404, { 'content-type': 'text/html' }, 'Not Found');
      if (m.mode !== 'ok') return send(res, 403, { 'content-type': 'text/html' }, 'Forbidden');
      // The download is a redirect to the attachment host, with the original query and a signed
      // token (gmail.js issue #384 / PR #329: mail-attachment.googleusercontent.com/attachment/u/0/?view=att&th=…).
      const loc = `https://mail-attachment.googleusercontent.com/attachment/u/0/${url.search}&sadnir=1&saddbat=${sign(m.legacyId)}`;
      return send(res, 302, { location: loc, 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
    }
    if (view === 'om') {
      if (!signedIn || q.get('ik') !== GMAIL_IK || !m || !['ok', 'om'].includes(m.mode)) {
        return send(res, 403, { 'content-type': 'text/html' }, 'Forbidden');
      }
      // "Show original": summary table, then the message escaped in <pre class=raw_message_text
      // id=raw_message_text> (gmail.js tests quote this element; InboxSDK reads it by string matching).
      const raw = fs.readFileSync(m.file).toString('utf8');
      const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Original Message</title></head><body>
<div class="top-area"><table><tr><td>Message ID</td><td>${escapeHtml(id)}</td></tr><tr><td>SPF:</td><td>PASS</td></tr></table>
<pre>not this one</pre></div>
<div class="message_area"><pre class="raw_message_text" id="raw_message_text">${escapeHtml(raw)}</pre></div></body></html>`;
      return send(res, 200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': GMAIL_CSP }, html);
    }
    return send(res, 400, { 'content-type': 'text/plain' }, 'Bad Request');
  }

  function attachments(req, res, url) {
    const id = url.searchParams.get('th') || url.searchParams.get('permmsgid') || '';
    const m = gmailMail(id);
    if (!m || url.searchParams.get('saddbat') !== sign(m.legacyId)) return send(res, 403, { 'content-type': 'text/html' }, 'Forbidden');
    // The signed URL is the credential (no cookies: the host is cookieless). CORS headers only when
    // the request has an Origin (a fetch); a plain download gets none, and without `Vary: Origin`
    // a cached copy of that download breaks a later fetch (gmail.js PR #333/#335). Credentials are
    // not allowed (no Access-Control-Allow-Credentials): gmail.js downloads with a non-credentialed
    // XHR (`make_request_download_promise`).
    const headers = {
      'content-type': 'message/rfc822',
      'content-disposition': 'attachment; filename="original_msg.eml"',
      'cache-control': 'private, max-age=3600',
    };
    if (req.headers.origin === 'https://mail.google.com') headers['access-control-allow-origin'] = 'https://mail.google.com';
    return send(res, 200, headers, fs.readFileSync(m.file));
  }

  function yahoo(req, res, url) {
    const p = url.pathname;
    if (p === '/_fixture/yahoo-app.js') return send(res, 200, { 'content-type': 'text/javascript' }, file('yahoo/yahoo-app.js'));
    const raw = /^\/ws\/v3\/mailboxes\/(@|@\.id==([A-Za-z0-9_-]+))\/messages\/@\.id==([A-Za-z0-9_-]+)\/content\/rawplaintext$/.exec(p);
    if (raw) {
      const json = (status, code) => send(res, status, { 'content-type': 'application/json' }, JSON.stringify({ error: { code, message: 'fixture' } }));
      if (cookieOf(req, 'T') !== session.yahoo) return json(401, 'EC-4001');
      const wssid = url.searchParams.get('wssid');
      if ((raw[2] && raw[2] !== YAHOO.mailbox) || (wssid !== null && wssid !== YAHOO.wssid)) return json(401, 'EC-4003');
      const m = mails.get(`yahoo:${raw[3]}`);
      if (!m) return json(404, 'EC-4004');
      if (m.mode !== 'ok') return json(403, 'EC-4030');
      return send(res, 200, { 'content-type': 'text/plain; charset=UTF-8' }, fs.readFileSync(m.file));
    }
    if (p === '/' || p.startsWith('/d/')) {
      const boot = JSON.stringify({ mailWssid: YAHOO.wssid, appId: YAHOO.appId, selectedMailbox: { id: YAHOO.mailbox, email: 'hanako.test@yahoo.com' } });
      const html = file('yahoo/index.html').toString('utf8').replace('/*BOOTSTRAP*/', `window.__fixtureBoot = ${boot};`);
      return send(res, 200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': [`T=${session.yahoo}; Path=/; Secure; HttpOnly; SameSite=Lax`, `Y=v=1&n=fixture; Path=/; Secure; SameSite=Lax`],
      }, html);
    }
    return send(res, 404, { 'content-type': 'text/plain' }, 'Not Found');
  }

  function yahooJp(req, res, url) {
    if (url.pathname === '/_fixture/yahoo-jp-app.js') return send(res, 200, { 'content-type': 'text/javascript' }, file('yahoo-jp/yahoo-jp-app.js'));
    return send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, file('yahoo-jp/index.html'));
  }

  const handler = (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const url = new URL(req.url, `https://${host}`);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      log.push({ host, method: req.method, path: url.pathname + url.search, url: url.href, origin: req.headers.origin ?? null,
        cookie: req.headers.cookie || '', body: Buffer.concat(chunks).toString('latin1') });
      try {
        if (host === 'mail.google.com') return gmail(req, res, url);
        if (host === 'mail-attachment.googleusercontent.com') return attachments(req, res, url);
        if (host === 'accounts.google.com') return send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, '<!doctype html><title>Gmail</title><p>Sign in</p>');
        if (host === 'mail.yahoo.com') return yahoo(req, res, url);
        if (host === 'mail.yahoo.co.jp') return yahooJp(req, res, url);
        if (host === 'cloudflare-dns.com' && url.pathname === '/dns-query') {
          return send(res, 200, { 'content-type': 'application/dns-json', 'access-control-allow-origin': '*' },
            JSON.stringify(dohAnswer(dns, url.searchParams.get('name') || '')));
        }
        return send(res, 404, { 'content-type': 'text/plain' }, 'Not Found');
      } catch (e) {
        return send(res, 500, { 'content-type': 'text/plain' }, String(e));
      }
    });
  };

  const server = https.createServer({ key: tls.key, cert: tls.cert }, handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;

  // CONNECT proxy (Firefox): tunnels only the hosts in `proxied` to the server; refuses the rest.
  let proxied = new Set(HOSTS);
  const tunnels = new Set();
  const proxy = http.createServer((req, res) => send(res, 403, {}, ''));
  proxy.on('connect', (req, socket) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    const [host, p] = String(req.url).split(':');
    if (!proxied.has(host) || p !== '443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const up = net.connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyPort = proxy.address().port;

  return {
    port,
    proxyPort,
    spki: tls.spki,
    log,
    session,
    /** Flags that make Chromium resolve HOSTS to this server and trust its certificate. */
    chromiumArgs: () => [
      `--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
      `--ignore-certificate-errors-spki-list=${tls.spki}`,
      // The fixture lives on 127.0.0.1: lift Chromium's local-network-access block for it.
      '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults',
    ],
    /** Hosts the Firefox proxy tunnels (the others are refused, as the dead proxy did). */
    setProxied: (hosts) => { proxied = new Set(hosts); },
    headerBlockOf: (f) => headerBlock(fs.readFileSync(f)),
    close: async () => {
      server.closeAllConnections();
      proxy.closeAllConnections();
      for (const t of tunnels) t.destroy();
      await new Promise((r) => server.close(r));
      await new Promise((r) => proxy.close(r));
    },
  };
}
