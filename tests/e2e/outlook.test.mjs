// Outlook on the web, end to end in real headless Chromium (run `make build` first):
//   node --test tests/e2e/outlook.test.mjs
// The fixture web app (tests/e2e/fixtures/outlook/) is served over HTTPS by owa-server.mjs for
// the four Outlook host names, which Chromium resolves to it. It behaves as the real site does
// where Honmono depends on it (sources in owa-server.mjs and owa-app.js): conversation ids in the
// URL, service.svc refusing requests without the page's own Authorization header (401), the
// /owa/0/ path on outlook.live.com, Japanese labels, the selected row in #MailList, conversations
// of several messages, and the "View message details" dialog. DoH answers come from dns.tsv
// through Playwright routes; every other request is aborted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as H from './lib/ext-harness.mjs';
import { startOwaServer, OUTLOOK_HOSTS } from './lib/owa-server.mjs';

const BADGE = { genuine: '✓', unverified: '?', suspicious: '!', dangerous: '✕' };
const skip = !fs.existsSync(path.join(H.EXT_DIR, 'manifest.json')) && 'dist/extension missing: run `make build`';

let owa; // fixture server
let b; // browser
let core;
let mails;
let counter = 0;
const pages = new Map();

const own = (n) => path.join(H.FIX, 'mail', n);
const headersOf = (file) => H.headerBlock(fs.readFileSync(file));

/** Fresh EWS-style ids (with '/' and '+', which the URL carries as '-' and '_'). */
function ids() {
  counter++;
  const c = String(counter).padStart(4, '0');
  return {
    convId: `AAQkADAwATM0MDAAMS1i/NWUy+LTcyAGE3LTAwAi0wMAoAEAC${c}Q=`,
    item: (i) => `AAMkADAwATM0MDAAMS1i/NWUy+LTcyAGE3LTAwAi0wMAoARgAAA${c}${i}AAA=`,
  };
}

async function pageFor(host, { lang = 'en', notoken = false } = {}) {
  const k = `${host}|${lang}|${notoken}`;
  if (pages.has(k)) return pages.get(k);
  const p = await b.context.newPage();
  const root = host === 'outlook.live.com' ? '/mail/0/inbox' : '/mail/inbox';
  const q = new URLSearchParams({ ...(lang === 'ja' ? { lang } : {}), ...(notoken ? { notoken: '1' } : {}) });
  await p.goto(`https://${host}${root}${q.size ? `?${q}` : ''}`);
  await p.evaluate(() => window.hmFixture.ready);
  const tabId = await b.sw.evaluate((u) => chrome.tabs.query({}).then((ts) => ts.find((t) => t.url === u)?.id), p.url());
  assert.ok(Number.isInteger(tabId), `tab of ${p.url()}`);
  const entry = { page: p, tabId };
  pages.set(k, entry);
  return entry;
}

/**
 * Opens a conversation of `messages` (newest first: [{ file, mode, expanded, attack }]) on `host`.
 * urlId: 'conv' (default, as the real reading pane), 'item', or 'none' (the list's selected row).
 */
async function openConv(host, messages, { lang, notoken, urlId = 'conv', paneConvId = true, safeLinks = true } = {}) {
  const { page, tabId } = await pageFor(host, { lang, notoken });
  const id = ids();
  const conv = [];
  const shown = [];
  for (const [i, m] of messages.entries()) {
    const itemId = id.item(i);
    const d = await H.displayOf(core, m.file);
    owa.state.mails.set(itemId, { file: m.file, mode: m.mode || 'ok' });
    conv.push({ itemId, from: d.fromEmail, name: d.fromName, received: new Date(Date.UTC(2026, 10, 17, 9, 0) - i * 3600e3).toISOString(), isDraft: !!m.draft });
    shown.push({ ...d, expanded: m.expanded ?? i === 0, attack: m.attack });
  }
  owa.state.conversations.set(id.convId, conv);
  const before = await b.sw.evaluate((t) => globalThis.honmono.tabs.get(t)?.seq ?? -1, tabId);
  await page.evaluate((c) => window.hmFixture.open(c), {
    convId: id.convId, itemIdForUrl: conv[0].itemId, urlId, paneConvId, safeLinks, subject: shown[0].subject, messages: shown,
  });
  return { page, tabId, convId: id.convId, items: conv, before };
}

/** Waits (bounded; no timing assertion) for a finished report in `tabId` newer than seq `after`. */
async function report(tabId, after = -1, { timeoutMs = 60000 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await b.sw.evaluate(async ({ tabId, after }) => {
      const st = globalThis.honmono.tabs.get(tabId);
      if (!st || st.status !== 'done' || st.seq <= after) return null;
      const text = await chrome.action.getBadgeText({ tabId });
      return { key: st.key, seq: st.seq, verdict: st.report.verdict, source: st.source, note: st.note, diag: st.diag, text, report: st.report };
    }, { tabId, after });
    if (r) return r;
    if (Date.now() > end) throw new Error(`no report in tab ${tabId} within ${timeoutMs} ms`);
    await H.sleep(25);
  }
}

const callsFor = (host, action) => owa.state.log.filter((l) => l.host === host && l.action === action && l.fromExtension);

before(async () => {
  if (skip) return;
  fs.mkdirSync(H.ARTIFACTS, { recursive: true });
  core = await H.loadCore();
  mails = H.chooseMails();
  owa = await startOwaServer(H.FIX);
  b = await H.launchChromium(chromium, { extraArgs: owa.chromiumArgs });
  await H.installRoutes(b.context, { dns: mails.dns, mails: new Map(), passThrough: (u) => OUTLOOK_HOSTS.includes(u.hostname) });
});

after(async () => {
  if (b) await b.close();
  if (owa) await owa.close();
});

for (const host of OUTLOOK_HOSTS) {
  test(`${host}: conversation-id URL -> resolved item -> whole source with the page's own token -> ✕ for a phish`, { skip }, async () => {
    const c = await openConv(host, [{ file: mails.outlook.phish }]);
    const r = await report(c.tabId, c.before);
    await c.page.screenshot({ path: path.join(H.ARTIFACTS, `outlook-${host}-phish.png`) });
    const path0 = host === 'outlook.live.com' ? '/owa/0/service.svc' : '/owa/service.svc';
    const conv = callsFor(host, 'GetConversationItems').at(-1);
    const get = callsFor(host, 'GetItem').at(-1);
    assert.deepEqual({ path: conv.path, status: conv.status, ids: conv.ids }, { path: path0, status: 200, ids: [c.convId] });
    assert.equal(conv.auth, host === 'outlook.live.com' ? 'MSAuth1.0' : 'Bearer', 'the page\'s own scheme');
    assert.deepEqual({ path: get.path, status: get.status, ids: get.ids }, { path: path0, status: 200, ids: [c.items[0].itemId] }, 'GetItem on the item, never on the conversation id');
    assert.ok(!owa.state.log.some((l) => l.action === 'GetItem' && l.ids.some((x) => x.startsWith('AAQk'))), 'no GetItem on a conversation id');
    assert.equal(r.source, 'raw', r.note);
    assert.equal(r.verdict, 'dangerous', r.report.summary.en);
    assert.equal(r.text, BADGE.dangerous);
    assert.deepEqual(r.diag, { adapter: 'outlook', attempts: [{ how: 'outlook:conversation', ok: true }, { how: 'outlook:getitem-mime', ok: true }] });
    // The page shows Safe Links; the whole source has the original links, which are what is judged.
    assert.ok(await c.page.evaluate(() => [...document.querySelectorAll('[role="document"] a')].every((a) => a.href.includes('safelinks.protection.outlook.com'))));
    assert.ok(r.report.links.length > 0 && r.report.links.every((l) => !/safelinks/.test(l.target || l.href)));
  });
}

test('GetItem refused (403): page only, never ✓, and the popup note names the details dialog', { skip }, async () => {
  const c = await openConv('outlook.office.com', [{ file: mails.outlook.genuine, mode: 'refuse' }]);
  const r = await report(c.tabId, c.before);
  assert.equal(r.source, 'page');
  assert.notEqual(r.verdict, 'genuine');
  assert.notEqual(r.text, BADGE.genuine);
  assert.deepEqual(r.diag.attempts.find((a) => a.how === 'outlook:getitem-mime'), { how: 'outlook:getitem-mime', ok: false, error: 'HTTP 403' });
  assert.match(r.note, /View message details/);
});

test('OWA gives only the transport headers (no MIME): headers + page body, Microsoft\'s DKIM result used', { skip }, async () => {
  const c = await openConv('outlook.office.com', [{ file: mails.outlook.genuine, mode: 'nomime' }]);
  const r = await report(c.tabId, c.before);
  assert.equal(r.source, 'headers+page');
  assert.ok(!r.report.auth.results.some((a) => a.source === 'local' && a.method === 'dkim' && a.result === 'fail'));
  assert.match(r.note, /Microsoft's own DKIM result was used/);
  assert.equal(r.verdict, 'genuine', r.report.summary.en);
});

test('genuine mail on outlook.cloud.microsoft: whole MIME source, DKIM verified here -> ✓', { skip }, async () => {
  const c = await openConv('outlook.cloud.microsoft', [{ file: mails.outlook.genuine }]);
  const r = await report(c.tabId, c.before);
  assert.equal(r.source, 'raw');
  assert.ok(r.report.auth.results.some((a) => a.method === 'dkim' && a.result === 'pass' && a.source === 'local'),
    `DKIM verified locally: ${JSON.stringify(r.report.auth.results)}`);
  assert.equal(r.verdict, 'genuine', r.report.summary.en);
  assert.equal(r.text, BADGE.genuine);
  assert.equal(r.note, null);
});

test('item-id URL (AAMk…) is fetched directly, without a conversation look-up', { skip }, async () => {
  const n = callsFor('outlook.office.com', 'GetConversationItems').length;
  const c = await openConv('outlook.office.com', [{ file: mails.outlook.phish }], { urlId: 'item' });
  const r = await report(c.tabId, c.before);
  assert.equal(callsFor('outlook.office.com', 'GetConversationItems').length, n);
  assert.deepEqual(callsFor('outlook.office.com', 'GetItem').at(-1).ids, [c.items[0].itemId]);
  assert.equal(r.verdict, 'dangerous');
});

test('no id in the address: the selected row of #MailList names the conversation', { skip }, async () => {
  const c = await openConv('outlook.office365.com', [{ file: mails.outlook.phish }], { urlId: 'none', paneConvId: false });
  const r = await report(c.tabId, c.before);
  assert.ok(!new URL(c.page.url()).pathname.includes('/id/'));
  assert.deepEqual(callsFor('outlook.office365.com', 'GetConversationItems').at(-1).ids, [c.convId]);
  assert.equal(r.source, 'raw');
  assert.equal(r.verdict, 'dangerous');
});

test('a conversation of several messages: the one being read is graded, then the one expanded', { skip }, async () => {
  const own = { file: mails.own.outlook.genuine }; // stands for the user's reply: never the newest here
  const c = await openConv('outlook.office.com', [
    { file: mails.outlook.genuine, expanded: true },
    { ...own, expanded: false, draft: true },
    { file: mails.outlook.phish, expanded: false },
  ]);
  const first = await report(c.tabId, c.before);
  assert.deepEqual(callsFor('outlook.office.com', 'GetItem').at(-1).ids, [c.items[0].itemId], 'the newest, expanded message');
  assert.equal(first.verdict, 'genuine', first.report.summary.en);
  await c.page.evaluate(() => window.hmFixture.expand(2)); // the user opens the older phish
  const second = await report(c.tabId, first.seq);
  await c.page.screenshot({ path: path.join(H.ARTIFACTS, 'outlook-conversation.png') });
  assert.deepEqual(callsFor('outlook.office.com', 'GetItem').at(-1).ids, [c.items[2].itemId], 'the message just expanded');
  assert.equal(second.verdict, 'dangerous', second.report.summary.en);
  assert.equal(second.text, BADGE.dangerous);
});

test('Japanese UI (no English labels): pane, sender and body are found; the phish gets ✕', { skip }, async () => {
  const c = await openConv('outlook.live.com', [{ file: mails.outlook.phish }], { lang: 'ja' });
  const labels = await c.page.evaluate(() => [...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')).join(' '));
  assert.ok(!/Message body|Reading Pane|Email message/.test(labels), 'the fixture carries no English labels');
  assert.match(labels, /メッセージ本文/);
  const r = await report(c.tabId, c.before);
  await c.page.screenshot({ path: path.join(H.ARTIFACTS, 'outlook-ja.png') });
  assert.equal(r.verdict, 'dangerous');
  assert.equal(r.text, BADGE.dangerous);
  const key = await b.sw.evaluate((t) => globalThis.honmono.tabs.get(t).key, c.tabId);
  assert.ok(key.includes(`|${c.items[0].from.toLowerCase()}|`), `the sender shown in the header area: ${key}`);
});

test('401 without the page\'s token: page only (never ✓), the popup names the one step, the details dialog then gives the headers', { skip }, async () => {
  const c = await openConv('outlook.office.com', [{ file: mails.outlook.genuine }], { notoken: true });
  const r = await report(c.tabId, c.before);
  const get = callsFor('outlook.office.com', 'GetConversationItems').at(-1);
  assert.equal(get.status, 401, 'refused without Authorization');
  assert.equal(r.source, 'page');
  assert.notEqual(r.verdict, 'genuine');
  assert.deepEqual(r.diag.attempts.map((a) => [a.how, a.ok, a.error ?? null]), [['outlook:conversation', false, 'HTTP 401'], ['page', true, null]]);
  const p = await b.context.newPage();
  await p.goto(`chrome-extension://${b.extId}/popup/popup.html?tab=${c.tabId}`);
  await p.waitForSelector('#report[data-state="done"]', { state: 'attached' });
  assert.match(await p.textContent('#note'), /View message details/);
  await p.screenshot({ path: path.join(H.ARTIFACTS, 'popup-outlook-open-details.png'), fullPage: true });
  await p.close();
  // The user follows it: Outlook's dialog shows the internet headers.
  await c.page.evaluate((h) => window.hmFixture.openDetails(h), headersOf(mails.outlook.genuine));
  const d = await report(c.tabId, r.seq);
  await c.page.screenshot({ path: path.join(H.ARTIFACTS, 'outlook-details-dialog.png') });
  assert.equal(d.source, 'headers+page');
  assert.deepEqual(d.diag.attempts, [{ how: 'outlook:details-dialog', ok: true }]);
  assert.match(d.note, /message details/);
  assert.equal(d.verdict, 'genuine', d.report.summary.en);
  // Closing the dialog keeps what was read.
  await c.page.evaluate(() => window.hmFixture.closeDetails());
  await H.sleep(300);
  assert.equal(await b.sw.evaluate((t) => chrome.action.getBadgeText({ tabId: t }), c.tabId), BADGE.genuine);
});

test('details dialog for a phish with no token: ✕ from the headers Outlook shows', { skip }, async () => {
  const c = await openConv('outlook.live.com', [{ file: mails.outlook.phish }], { notoken: true });
  const r = await report(c.tabId, c.before);
  assert.equal(r.source, 'page');
  await c.page.evaluate((h) => window.hmFixture.openDetails(h), headersOf(mails.outlook.phish));
  const d = await report(c.tabId, r.seq);
  assert.equal(d.source, 'headers+page');
  assert.equal(d.verdict, 'dangerous');
  assert.equal(d.text, BADGE.dangerous);
});

test('attack: the sender is never taken from inside the message body (aria-label "From: …")', { skip }, async () => {
  const c = await openConv('outlook.office.com', [{ file: own('outlook-phish.eml'), attack: { fakeFrom: 'PayPal <service@paypal.com>' } }], { notoken: true });
  const r = await report(c.tabId, c.before);
  assert.equal(r.source, 'page');
  assert.equal(r.report.sender.address, 'account-update@amazon-co-jp.acount-secure.top', JSON.stringify(r.report.sender));
  assert.ok(!JSON.stringify(r.report.sender).includes('paypal'));
  assert.ok(!r.key.includes('paypal'));
});

test('attack: a "dialog" drawn inside the message body with passing headers is not read', { skip }, async () => {
  const forged = ['Received: from mx.paypal.com by BN8PR.outlook.com', 'Authentication-Results: spf=pass smtp.mailfrom=paypal.com; dkim=pass header.d=paypal.com; dmarc=pass action=none header.from=paypal.com;compauth=pass reason=100', 'From: PayPal <service@paypal.com>', 'Subject: Account'].join('\r\n');
  const c = await openConv('outlook.office.com', [{ file: own('outlook-phish.eml'), attack: { fakeDialogHeaders: forged } }], { notoken: true });
  const r = await report(c.tabId, c.before);
  await H.sleep(300);
  const now = await report(c.tabId, c.before);
  assert.equal(now.seq, r.seq, 'no second read from the fake dialog');
  assert.equal(r.source, 'page');
  assert.notEqual(r.verdict, 'genuine');
  assert.ok(!r.diag.attempts.some((a) => a.how === 'outlook:details-dialog'));
});

test('the page\'s token is used only for its own origin and path, held in memory, never stored', { skip }, async () => {
  const host = 'outlook.office.com';
  const c = await openConv(host, [{ file: mails.outlook.phish }]);
  await report(c.tabId, c.before);
  const held = await b.sw.evaluate((t) => globalThis.honmono.owa.heldFor(t), c.tabId);
  assert.deepEqual(held, { origin: `https://${host}`, path: '/owa/service.svc', headers: ['authorization', 'prefer', 'x-req-source'] });
  const stored = await b.sw.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]));
  const tokens = [...owa.state.tokens.keys()];
  assert.ok(tokens.length > 0);
  for (const t of tokens) assert.ok(!stored.includes(t.split(/[ "]/).filter((x) => x.length > 20)[0]), 'no token in extension storage');
  // Every request of the extension that carried a token went to the service path of the host that issued it.
  const ext = owa.state.log.filter((l) => l.fromExtension && l.auth);
  assert.ok(ext.length > 0);
  for (const l of ext) assert.ok(l.authOk && l.path.endsWith('/service.svc'), JSON.stringify(l));
});

test('outlook.live.com: the request the extension makes carries the page\'s canary (its CSRF check)', { skip }, async () => {
  const c = await openConv('outlook.live.com', [{ file: mails.outlook.phish }]);
  await report(c.tabId, c.before);
  const get = callsFor('outlook.live.com', 'GetItem').at(-1);
  assert.equal(get.status, 200);
  assert.ok(get.canary && get.canary !== 'X-OWA-CANARY_cookie_is_null_or_empty');
});

test('a restarted worker (which forgot the header) waits for the page\'s next request and still reads the whole source', { skip }, async () => {
  const host = 'outlook.office365.com';
  await pageFor(host);
  const worker = await H.workerControl(b.context, b.extId);
  const { tabId } = await pageFor(host);
  const seq = await b.sw.evaluate((t) => globalThis.honmono.tabs.get(t)?.seq ?? -1, tabId);
  await worker.stop();
  // openConv asks the stopped worker nothing before opening.
  const { page } = pages.get(`${host}|en|false`);
  const id = ids();
  const d = await H.displayOf(core, mails.outlook.phish);
  owa.state.mails.set(id.item(0), { file: mails.outlook.phish, mode: 'ok' });
  owa.state.conversations.set(id.convId, [{ itemId: id.item(0), from: d.fromEmail, name: d.fromName, received: '2026-11-17T09:02:04Z' }]);
  await page.evaluate((c) => window.hmFixture.open(c), { convId: id.convId, urlId: 'conv', subject: d.subject, messages: [{ ...d, expanded: true }] });
  const r = await report(tabId, seq);
  assert.equal(r.source, 'raw', r.note);
  assert.equal(r.verdict, 'dangerous');
  await worker.close();
});
