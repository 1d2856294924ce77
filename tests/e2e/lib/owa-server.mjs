// A fixture "Outlook on the web" served over HTTPS on 127.0.0.1 for every Outlook host name
// (the browser maps outlook.live.com, outlook.office.com, outlook.office365.com and
// outlook.cloud.microsoft to it: Chromium --host-resolver-rules, Firefox through a CONNECT proxy).
// It behaves, where Honmono depends on it, as public sources show the real service does:
//
// - service.svc (OWA's JSON API) answers only with the Authorization header the web app itself
//   holds: a bearer token on Microsoft 365 hosts, `MSAuth1.0 usertoken="…", type="MSACT"` on
//   outlook.live.com; without it 401 with an empty body and `WWW-Authenticate: Bearer client_id=
//   "00000002-0000-0ff1-ce00-000000000000"` (Exchange Online's app id, also in OWA's own bundle
//   owa.adsframe.*.js, whose fetch layer treats 401 and 440 as "needs auth").
//   Sources: mustang-im/mustang backend/owa.ts (the Authorization header scraped from the page's
//   own requests), app/logic/Mail/OWA/OWAAccount.ts (401/440 = not signed in);
//   carmelobattiato/audio-ai-assistant CHANGELOG.md (Calendar Bridge extension: outlook.live.com
//   needs `MSAuth1.0` and /owa/0/service.svc, the canary from the cookie, and OWA's own service
//   calls run in a web worker a content script cannot reach).
// - outlook.live.com serves it under /owa/0/service.svc, the Microsoft 365 hosts under
//   /owa/service.svc (same CHANGELOG; OWA's bundle builds `${baseUrl}/service.svc?action=…&app=…`).
// - outlook.live.com also checks X-OWA-CANARY against its cookie; on Microsoft 365 there is no
//   canary cookie and the placeholder "X-OWA-CANARY_cookie_is_null_or_empty" is refused (the
//   placeholder is OWA's own, owa.adsframe bundle; the refusal is reported in public notes on
//   calling service.svc from outside the web app).
// - GetConversationItems -> Conversation.ConversationNodes[].Items[] (ItemId, From, DateTimeReceived,
//   IsDraft); GetItem with IncludeMimeContent -> Items[0].MimeContent.Value (base64 MIME), and
//   ExtendedProperty 0x7D (transport headers). GetItem on a conversation id fails.
//   Sources: EAC-Technology/eac-extension GmailEAC/google-chrome/js/outlook.js;
//   mustang-im/mustang app/logic/Mail/OWA/OWAEMail.ts.
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';

export const OUTLOOK_HOSTS = ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft'];
const EXO_APP = '00000002-0000-0ff1-ce00-000000000000';
const CANARY_PLACEHOLDER = 'X-OWA-CANARY_cookie_is_null_or_empty';

const servicePathFor = (host) => (host === 'outlook.live.com' ? '/owa/0/service.svc' : '/owa/service.svc');

function headerBlockOf(raw) {
  const s = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(s);
  return m ? s.slice(0, m.index) : s;
}

/**
 * Starts the server. `fixDir`: tests/e2e/fixtures. Returns { port, state, close, chromiumArgs,
 * proxyPort (a CONNECT proxy for Firefox that tunnels the Outlook hosts here and hands any other
 * CONNECT to `upstreamProxyPort` when given — another fixture's proxy — else refuses it) }.
 *
 * state.mails: Map EWS item id -> { file, mode: 'ok' | 'nomime' | 'refuse' }
 * state.conversations: Map EWS conversation id -> [{ itemId, from, name, received, isDraft }]
 * state.log: every request ({ host, path, action, auth, authOk, canary, ids, status })
 */
export async function startOwaServer(fixDir, { upstreamProxyPort = null } = {}) {
  const tls = path.join(fixDir, 'outlook', 'tls');
  const state = {
    mails: new Map(),
    conversations: new Map(),
    tokens: new Map(), // authorization header value -> host
    canaries: new Set(),
    log: [],
  };
  const file = (p) => fs.readFileSync(path.join(fixDir, 'outlook', p));

  function reply(res, status, body, headers = {}) {
    res.writeHead(status, { 'cache-control': 'no-store', ...headers });
    res.end(body);
  }

  function json(res, obj) {
    reply(res, 200, JSON.stringify(obj), { 'content-type': 'application/json; charset=utf-8' });
  }

  const responseMessage = (extra) => ({ Body: { ResponseMessages: { Items: [extra] } } });
  const error = (code, text) => responseMessage({ ResponseClass: 'Error', ResponseCode: code, MessageText: text });

  function service(req, res, host, url, body) {
    const action = url.searchParams.get('action');
    const entry = { host, path: url.pathname, action, auth: null, authOk: false, canary: req.headers['x-owa-canary'] ?? null, ids: [], status: 0, fromExtension: /^(chrome|moz)-extension:/.test(req.headers.origin || '') };
    state.log.push(entry);
    const end = (status, ...rest) => { entry.status = status; return reply(res, status, ...rest); };
    if (url.pathname !== servicePathFor(host)) return end(404, '');
    const auth = req.headers.authorization || null;
    entry.auth = auth ? auth.split(' ')[0] : null;
    entry.authOk = !!auth && state.tokens.get(auth) === host;
    if (!entry.authOk) return end(401, '', { 'www-authenticate': `Bearer client_id="${EXO_APP}", trusted_issuers="${EXO_APP}@*"` });
    if (host === 'outlook.live.com') {
      const cookie = /(?:^|;\s*)X-OWA-CANARY=([^;]+)/.exec(req.headers.cookie || '')?.[1];
      if (!entry.canary || !state.canaries.has(entry.canary) || (cookie && cookie !== entry.canary)) return end(440, '');
    } else if (entry.canary === CANARY_PLACEHOLDER) {
      return end(401, '', { 'www-authenticate': `Bearer client_id="${EXO_APP}"` });
    }
    if (!action || (req.headers.action || '') !== action) return end(400, '');
    let request;
    try {
      request = JSON.parse(body.length ? body.toString('utf8') : decodeURIComponent(req.headers['x-owa-urlpostdata'] || ''));
    } catch {
      return end(400, '');
    }
    entry.status = 200;
    if (action === 'GetOwaUserConfiguration') return json(res, { SessionSettings: { UserDisplayName: 'Hanako Test' } });
    if (action === 'GetConversationItems') {
      const id = request?.Body?.Conversations?.[0]?.ConversationId?.Id;
      entry.ids.push(id);
      const items = state.conversations.get(id);
      if (!items) return json(res, error('ErrorItemNotFound', 'The specified object was not found in the store.'));
      return json(res, responseMessage({
        __type: 'GetConversationItemsResponseMessage:#Exchange', ResponseClass: 'Success', ResponseCode: 'NoError',
        Conversation: {
          ConversationId: { Id: id },
          ConversationNodes: items.map((it) => ({
            InternetMessageId: `<${it.itemId.slice(-12)}@fixture>`,
            Items: [{
              __type: 'Message:#Exchange', ItemId: { Id: it.itemId, ChangeKey: 'CQAAAA==' },
              From: { Mailbox: { Name: it.name, EmailAddress: it.from } }, DateTimeReceived: it.received, IsDraft: !!it.isDraft,
            }],
          })),
        },
      }));
    }
    if (action === 'GetItem') {
      const id = request?.Body?.ItemIds?.[0]?.Id;
      entry.ids.push(id);
      if (typeof id === 'string' && id.startsWith('AAQk')) return json(res, error('ErrorInvalidIdMalformed', 'Id is malformed.'));
      const m = state.mails.get(id);
      if (!m) return json(res, error('ErrorItemNotFound', 'The specified object was not found in the store.'));
      if (m.mode === 'refuse') return end(403, '');
      const raw = fs.readFileSync(m.file);
      const shape = request?.Body?.ItemShape || {};
      const item = { __type: 'Message:#Exchange', ItemId: { Id: id, ChangeKey: 'CQAAAA==' }, Size: raw.length };
      if (shape.IncludeMimeContent && m.mode === 'ok') item.MimeContent = { CharacterSet: 'UTF-8', Value: raw.toString('base64') };
      if ((shape.AdditionalProperties || []).some((p) => p.PropertyTag && parseInt(p.PropertyTag, 16) === 0x7d)) {
        item.ExtendedProperty = [{ ExtendedFieldURI: { PropertyTag: '0x7d', PropertyType: 'String' }, Value: Buffer.from(headerBlockOf(raw), 'latin1').toString('utf8') }];
      }
      return json(res, responseMessage({ __type: 'ItemInfoResponseMessage:#Exchange', ResponseClass: 'Success', ResponseCode: 'NoError', Items: [item] }));
    }
    return json(res, error('ErrorInvalidRequest', 'Unknown action.'));
  }

  const server = https.createServer({ key: fs.readFileSync(path.join(tls, 'key.pem')), cert: fs.readFileSync(path.join(tls, 'cert.pem')) }, (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const url = new URL(req.url, `https://${host}`);
    if (!OUTLOOK_HOSTS.includes(host)) return reply(res, 421, '');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (url.pathname.startsWith('/owa/')) return service(req, res, host, url, body);
      if (url.pathname === '/mail/_fixture/owa-app.js') return reply(res, 200, file('owa-app.js'), { 'content-type': 'text/javascript' });
      if (url.pathname === '/mail/_fixture/owa-worker.js') return reply(res, 200, file('owa-worker.js'), { 'content-type': 'text/javascript' });
      if (url.pathname === '/mail/_fixture/token') {
        // Stands in for the token the web app obtains for itself at start-up (MSAL / startupdata).
        const t = crypto.randomBytes(24).toString('base64url');
        const value = host === 'outlook.live.com' ? `MSAuth1.0 usertoken="${t}", type="MSACT"` : `Bearer ${t}`;
        state.tokens.set(value, host);
        return json(res, { authorization: value });
      }
      if (url.pathname.startsWith('/mail')) {
        const headers = { 'content-type': 'text/html; charset=utf-8' };
        if (host === 'outlook.live.com') {
          const canary = crypto.randomBytes(16).toString('hex');
          state.canaries.add(canary);
          headers['set-cookie'] = `X-OWA-CANARY=${canary}; path=/; secure`;
        }
        return reply(res, 200, file('index.html'), headers);
      }
      return reply(res, 404, '');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;

  // For Firefox: an HTTP CONNECT proxy that tunnels the Outlook hosts to this server and refuses
  // everything else (as the dead proxy of firefox.test.mjs did).
  const tunnels = new Set();
  const proxy = net.createServer((sock) => {
    tunnels.add(sock);
    sock.on('close', () => tunnels.delete(sock));
    sock.once('data', (head) => {
      const m = /^CONNECT ([^:\s]+):443 HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
      if (m && !OUTLOOK_HOSTS.includes(m[1]) && upstreamProxyPort) {
        // Someone else's host: the other fixture's proxy answers the same CONNECT.
        const up = net.connect(upstreamProxyPort, '127.0.0.1', () => {
          up.write(head);
          up.pipe(sock);
          sock.pipe(up);
        });
        up.on('error', () => sock.destroy());
        sock.on('error', () => up.destroy());
        return;
      }
      if (!m || !OUTLOOK_HOSTS.includes(m[1])) {
        sock.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const up = net.connect(port, '127.0.0.1', () => {
        sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.pipe(sock);
        sock.pipe(up);
      });
      up.on('error', () => sock.destroy());
      sock.on('error', () => up.destroy());
    });
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));

  return {
    port,
    proxyPort: proxy.address().port,
    state,
    chromiumArgs: [`--host-resolver-rules=${OUTLOOK_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',')}`, '--ignore-certificate-errors'],
    close: () => {
      server.closeAllConnections();
      for (const t of tunnels) t.destroy();
      return Promise.all([new Promise((r) => server.close(r)), new Promise((r) => proxy.close(r))]);
    },
  };
}
