// Test harness for the extension: fixture mails, the fake webmail origins and DoH endpoint served
// through Playwright routes, a log of every request, and helpers to read the worker's state.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
export const EXT_DIR = path.join(ROOT, 'dist', 'extension');
export const FIX = path.join(ROOT, 'tests', 'e2e', 'fixtures');
export const STORIES = path.join(ROOT, 'tests', 'fixtures', 'stories');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
/** A word that appears in every fixture mail of ours: it must never appear in any request. */
export const SECRET = 'Kumquat7731';
export const DOH = 'https://cloudflare-dns.com/dns-query';

export const CHROMIUM_ARGS = (dir, lang = 'en-US') => [
  `--disable-extensions-except=${dir}`, `--load-extension=${dir}`, '--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', `--lang=${lang}`,
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `name<TAB>txt` lines (comments with #); several lines per name allowed. */
export function readDnsTsv(file, into = new Map()) {
  if (!fs.existsSync(file)) return into;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cols = line.split('\t');
    const name = cols[0].trim().toLowerCase().replace(/\.$/, '');
    if (cols.length < 2) { // a name alone: no such record
      if (!into.has(name)) into.set(name, []);
      continue;
    }
    const txt = cols[cols.length - 1].trim().replace(/^"(.*)"$/s, '$1');
    if (!into.has(name)) into.set(name, []);
    into.get(name).push(txt);
  }
  return into;
}

/**
 * Genuine and phishing mails: the story fixtures (tests/fixtures/stories) when present, each on
 * the webmail that received it (survey-zh: Gmail; coupon-ja: Outlook.com), else the extension's own.
 */
export function chooseMails() {
  const own = (n) => path.join(FIX, 'mail', n);
  const dns = readDnsTsv(own('dns.tsv'));
  const story = (n) => path.join(STORIES, n);
  const need = ['amazon-survey-zh.eml', 'amazon-survey-zh-phish.eml', 'amazon-coupon-ja.eml', 'amazon-coupon-ja-phish.eml'];
  const haveStories = need.every((n) => fs.existsSync(story(n)));
  if (haveStories) readDnsTsv(story('dns.tsv'), dns);
  return {
    fromStories: haveStories,
    dns,
    gmail: haveStories
      ? { genuine: story('amazon-survey-zh.eml'), phish: story('amazon-survey-zh-phish.eml') }
      : { genuine: own('gmail-genuine.eml'), phish: own('gmail-phish.eml') },
    outlook: haveStories
      ? { genuine: story('amazon-coupon-ja.eml'), phish: story('amazon-coupon-ja-phish.eml') }
      : { genuine: own('outlook-genuine.eml'), phish: own('outlook-phish.eml') },
    // Ours carry SECRET in subject and body; used for the "nothing leaks" assertion.
    own: {
      gmail: { genuine: own('gmail-genuine.eml'), phish: own('gmail-phish.eml') },
      outlook: { genuine: own('outlook-genuine.eml'), phish: own('outlook-phish.eml') },
    },
  };
}

/** What the webmail page shows of a mail, taken from the core's own parse (node build). */
export async function displayOf(core, file) {
  const raw = fs.readFileSync(file);
  const r = core.check(raw, {}, { dnsEnabled: false });
  return {
    subject: r.subject || '(no subject)',
    fromName: r.sender?.display_name || '',
    fromEmail: r.sender?.address || 'unknown@example.invalid',
    text: `${r.subject || ''}\n`,
    links: (r.links || []).slice(0, 20).map((l) => ({ text: l.text || l.href, href: l.href })),
  };
}

export async function loadCore() {
  const core = await import(path.join(ROOT, 'dist', 'pkg', 'honmono.js'));
  await core.default({ module_or_path: fs.readFileSync(path.join(ROOT, 'dist', 'pkg', 'honmono_bg.wasm')) });
  return core;
}

/** Splits a raw message into its header block (CRLF) and body. */
export function headerBlock(raw) {
  const s = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(s);
  return m ? s.slice(0, m.index) : s;
}

/** A DoH JSON answer (Cloudflare's layout) from a dns.tsv map; NXDOMAIN for unknown names. */
export function dohAnswer(dns, name) {
  const txts = dns.get(name.toLowerCase().replace(/\.$/, ''));
  if (!txts || !txts.length) {
    return { Status: 3, Question: [{ name, type: 16 }], Authority: [{ name: 'example.', type: 6, TTL: 600, data: 'ns. host. 1 1 1 1 600' }] };
  }
  // Long TXT records come back as several quoted character-strings, as from Cloudflare.
  const quoted = (t) => (t.match(/.{1,255}/gs) || ['']).map((c) => `"${c.replace(/["\\]/g, '\\$&')}"`).join(' ');
  return { Status: 0, Question: [{ name, type: 16 }], Answer: txts.map((t) => ({ name, type: 16, TTL: 300, data: quoted(t) })) };
}

/**
 * Serves the Gmail fixture origin and the DoH endpoint; aborts and records everything else
 * (Outlook has a real HTTPS fixture server, owa-server.mjs: pass it through with `passThrough`).
 * `mails`: Map id -> { file, mode: 'ok'|'403' } for Gmail legacy ids.
 */
export async function installRoutes(context, { dns, mails, passThrough = null }) {
  const log = [];
  const dnsQueries = [];
  const rawCalls = [];
  context.on('request', (req) => {
    log.push({ url: req.url(), method: req.method(), body: req.postData() || '', via: 'event' });
  });
  // Every http(s) request (extension pages load their own files normally), except those
  // `passThrough` leaves to a real server (the Outlook fixture, see owa-server.mjs).
  await context.route((u) => (u.protocol === 'https:' || u.protocol === 'http:') && !passThrough?.(u), async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    log.push({ url: req.url(), method: req.method(), body: req.postData() || '', via: 'route' });
    const file = (p) => fs.readFileSync(path.join(FIX, p));
    if (url.origin === 'https://mail.google.com') {
      if (url.pathname === '/mail/u/0/_fixture/gmail-app.js') return route.fulfill({ body: file('gmail/gmail-app.js'), contentType: 'text/javascript' });
      if (url.pathname === '/mail/u/0/' && url.searchParams.get('view') === 'att') {
        const id = url.searchParams.get('th') || url.searchParams.get('permmsgid');
        rawCalls.push({ view: 'att', id });
        const m = mails.get(id);
        if (m && m.mode === 'login') { // an expired session: Gmail answers with a sign-in page
          return route.fulfill({ body: '<!doctype html><html><head><title>Gmail</title></head><body>Sign in</body></html>', contentType: 'text/html; charset=utf-8' });
        }
        if (!m || m.mode !== 'ok') return route.fulfill({ status: m ? 403 : 404, body: 'Forbidden', contentType: 'text/html' });
        return route.fulfill({ body: fs.readFileSync(m.file), contentType: 'text/plain; charset=UTF-8' });
      }
      if (url.pathname === '/mail/u/0/' && url.searchParams.get('view') === 'om') {
        const id = (url.searchParams.get('permmsgid') || url.searchParams.get('th') || '');
        rawCalls.push({ view: 'om', id, ik: url.searchParams.get('ik') });
        const m = [...mails.values()].find((x) => `msg-f:${x.permDec}` === id || x.legacyId === id);
        if (!m || m.mode === '403') return route.fulfill({ status: 403, body: 'Forbidden', contentType: 'text/html' });
        return route.fulfill({ status: 500, body: 'not used', contentType: 'text/html' });
      }
      if (url.pathname.startsWith('/mail/')) return route.fulfill({ body: file('gmail/index.html'), contentType: 'text/html; charset=utf-8' });
    }
    if (url.origin === 'https://cloudflare-dns.com' && url.pathname === '/dns-query') {
      const name = url.searchParams.get('name') || '';
      dnsQueries.push({ url: req.url(), name, accept: req.headers().accept });
      return route.fulfill({ body: JSON.stringify(dohAnswer(dns, name)), contentType: 'application/dns-json', headers: { 'access-control-allow-origin': '*' } });
    }
    return route.abort('blockedbyclient');
  });
  return { log, dnsQueries, rawCalls };
}

/** Starts Chromium with the unpacked extension; returns { context, sw, extId, close }. */
export async function launchChromium(chromium, { lang = 'en-US', extraArgs = [] } = {}) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'honmono-e2e-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS(EXT_DIR, lang), ...extraArgs],
    viewport: { width: 1100, height: 760 },
    locale: lang,
    // On Linux, Chromium's UI language (chrome.i18n) follows LANGUAGE, not --lang alone.
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: lang.startsWith('ja') ? 'ja_JP.UTF-8' : (process.env.LANG || 'C.UTF-8') },
  });
  let sw = context.serviceWorkers()[0];
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 120000 });
  const extId = new URL(sw.url()).host;
  await sw.evaluate(() => globalThis.honmono.ready);
  return {
    context, sw, extId,
    close: async () => {
      await context.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/** Waits (bounded, no timing assertion) until the worker has a finished report for `key`. */
export async function waitForReport(sw, key, { timeoutMs = 60000 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await sw.evaluate(async (k) => {
      for (const [tabId, st] of globalThis.honmono.tabs) {
        if (st.key === k && st.status === 'done') {
          const [text, title] = await Promise.all([chrome.action.getBadgeText({ tabId }), chrome.action.getTitle({ tabId })]);
          const badge = [...globalThis.honmono.badgeLog].reverse().find((b) => b.tabId === tabId && b.text === text);
          return { tabId, verdict: st.report.verdict, source: st.source, note: st.note, text, title, at: badge?.at ?? null, timing: st.timing, report: st.report };
        }
      }
      return null;
    }, key);
    if (r) return r;
    if (Date.now() > end) throw new Error(`no report for ${key} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * Stops the extension's service worker as Chrome stops an idle one (DevTools protocol,
 * ServiceWorker.stopWorker, from one of the extension's own pages). Returns { stop, close }.
 */
export async function workerControl(context, extId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extId}/options/options.html`);
  const cdp = await context.newCDPSession(page);
  let status = null;
  let version = null;
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.endsWith('/background.js')) { version = v.versionId; status = v.runningStatus; }
  });
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < 250 && !version; i++) await sleep(20);
  return {
    async stop() {
      await cdp.send('ServiceWorker.stopWorker', { versionId: version });
      for (let i = 0; i < 500 && status !== 'stopped'; i++) await sleep(10); // bounded wait
      if (status !== 'stopped') throw new Error('the service worker did not stop');
    },
    close: () => page.close(),
  };
}
