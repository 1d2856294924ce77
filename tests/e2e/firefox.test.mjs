// The extension in Firefox ESR (run `make build` first):  node --test tests/e2e/firefox.test.mjs
// puppeteer-core drives firefox-esr over WebDriver BiDi and installs dist/extension as a temporary
// add-on. The Gmail fixture page is served by request interception; the content script fetches the
// raw source from it, the background checks it with the wasm core, and the badge is read from the
// browser's chrome scope (BiDi may not navigate to or evaluate in moz-extension pages, so the popup
// cannot be opened; `--remote-allow-system-access` lets the test read the toolbar button state).
// Real network is cut off with a dead proxy: the DoH lookups fail, so the mail is judged on the
// provider's results, the same as the core run in node with no DNS answers. The Outlook tests use
// the Outlook fixture server (tests/e2e/lib/owa-server.mjs) through the proxy, without request
// interception (the extension reads the page's own service requests through webRequest, which
// intercepted requests would bypass).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import * as H from './lib/ext-harness.mjs';
import { startWebmailServer } from './lib/webmail-server.mjs';
import { startOwaServer } from './lib/owa-server.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const GECKO_ID = 'honmono@honmono.invalid';
const BADGE = { genuine: '✓', unverified: '?', suspicious: '!', dangerous: '✕' };
const skip = (!fs.existsSync(path.join(H.EXT_DIR, 'manifest.json')) && 'dist/extension missing: run `make build`') ||
  (!fs.existsSync(FIREFOX) && `${FIREFOX} missing`);

let browser;
let core;
let mails;
let srv; // the real HTTPS Gmail fixture (redirects, CORS, cookies, Trusted Types), via a CONNECT proxy
let owa; // the real HTTPS Outlook fixture (owa-server.mjs); its proxy passes the Gmail hosts on to srv's
const served = new Map();
const requests = [];

/** Evaluates `expression` in the browser window's chrome scope (privileged). */
async function chrome(expression) {
  const c = browser.connection;
  const tree = await c.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const ctx = tree.result.contexts.find((x) => x.url === 'chrome://browser/content/browser.xhtml') || tree.result.contexts[0];
  const r = await c.send('script.evaluate', { expression, target: { context: ctx.context }, awaitPromise: true });
  if (r.result.type !== 'success') throw new Error(JSON.stringify(r.result.exceptionDetails || r.result));
  return r.result.result.value;
}

/** The toolbar button's badge and title for the tab showing `urlPrefix`. */
const actionState = (urlPrefix) => chrome(`(async () => {
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const ext = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})?.extension;
  if (!ext) return JSON.stringify({ error: 'extension not loaded' });
  const action = ExtensionParent.apiManager.global.browserActionFor(ext)?.action;
  const tab = [...gBrowser.tabs].find((t) => t.linkedBrowser.currentURI.spec.startsWith(${JSON.stringify(urlPrefix)}));
  if (!action || !tab) return JSON.stringify({ error: 'no action or tab' });
  return JSON.stringify({ badge: action.getProperty(tab, 'badgeText'), title: action.getProperty(tab, 'title') });
})()`).then((s) => JSON.parse(s));

before(async () => {
  if (skip) return;
  core = await H.loadCore();
  mails = H.chooseMails();
  srv = await startWebmailServer({ dns: mails.dns, mails: served });
  // Only Gmail's hosts reach the fixture server; DoH stays cut off as before.
  srv.setProxied(['mail.google.com', 'mail-attachment.googleusercontent.com', 'accounts.google.com']);
  // Firefox has one HTTPS proxy: the Outlook fixture's, which tunnels the Outlook hosts to its
  // server and hands every other CONNECT to srv's proxy (which tunnels Gmail's and refuses the rest).
  owa = await startOwaServer(H.FIX, { upstreamProxyPort: srv.proxyPort });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    timeout: 120000, // start-up on a busy 2-core machine
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true, // the fixture server's throwaway certificate
    extraPrefsFirefox: {
      // No real network: whatever the test does not answer goes to a dead proxy (plain HTTP) or to
      // the fixture server's proxy, which tunnels only Gmail's hosts to it and refuses the rest.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': owa.proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': false,
      'network.trr.mode': 5,
    },
  });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.close();
  if (owa) await owa.close();
});

test('Firefox: the extension installs, reads an opened Gmail message and sets the badge', { skip, timeout: 120000 }, async () => {
  const id = await browser.installExtension(H.EXT_DIR);
  assert.equal(id, GECKO_ID);
  const file = mails.gmail.phish;
  const legacyId = '18f0a1b2c3d4e5f7';
  const fixtureFiles = new Map([[legacyId, file]]);
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    const u = new URL(r.url());
    requests.push({ url: r.url(), method: r.method() }); // (postData() is not available over BiDi)
    if (u.origin !== 'https://mail.google.com') return r.abort();
    if (u.pathname.endsWith('/_fixture/gmail-app.js')) {
      return r.respond({ status: 200, contentType: 'text/javascript', body: fs.readFileSync(path.join(H.FIX, 'gmail/gmail-app.js')) });
    }
    if (u.searchParams.get('view') === 'att' && fixtureFiles.has(u.searchParams.get('th'))) {
      return r.respond({ status: 200, contentType: 'text/plain; charset=UTF-8', body: fs.readFileSync(fixtureFiles.get(u.searchParams.get('th'))) });
    }
    if (u.searchParams.has('view')) return r.respond({ status: 403, contentType: 'text/html', body: 'Forbidden' });
    return r.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: fs.readFileSync(path.join(H.FIX, 'gmail/index.html')) });
  });
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  const d = await H.displayOf(core, file);
  await page.evaluate((m) => window.hmFixture.open(m), { ...d, legacyId, permDec: '1790000000000000100', threadDec: '1790000000000000200' });

  let st = {};
  for (let i = 0; i < 1200 && !st.badge; i++) { // bounded wait (60 s), not a timing assertion
    st = await actionState('https://mail.google.com/');
    if (!st.badge) await H.sleep(50);
  }
  // What the core says about this mail without DNS answers (the DoH lookups cannot succeed here),
  // read as the extension reads it from Gmail (fromProvider: Gmail's results may prove the sender).
  const expected = core.check(fs.readFileSync(file), {}, { dnsEnabled: true, fromProvider: true });
  console.log(`firefox: badge ${st.badge} title ${st.title}`);
  assert.ok(requests.some((r) => r.url.includes(`view=att&th=${legacyId}`)), 'the content script fetched the raw source');
  assert.equal(st.badge, BADGE[expected.verdict], `badge for ${expected.verdict}`);
  assert.ok(st.title.startsWith('Honmono — '), st.title);
  assert.ok(!requests.some((r) => r.url.includes(H.SECRET)), 'no message content in request URLs');
  await page.screenshot({ path: path.join(H.ARTIFACTS, 'firefox-gmail.png') });

  // A second message in the same tab: the genuine one (judged on Gmail's results, DoH being cut off).
  const file2 = mails.gmail.genuine;
  const legacy2 = '18f0a1b2c3d4e5f8';
  fixtureFiles.set(legacy2, file2);
  await page.evaluate((m) => window.hmFixture.open(m), { ...(await H.displayOf(core, file2)), legacyId: legacy2, permDec: '1790000000000000101', threadDec: '1790000000000000201' });
  const expected2 = core.check(fs.readFileSync(file2), {}, { dnsEnabled: true, fromProvider: true });
  let st2 = {};
  for (let i = 0; i < 1200 && st2.badge !== BADGE[expected2.verdict]; i++) {
    st2 = await actionState('https://mail.google.com/');
    if (st2.badge !== BADGE[expected2.verdict]) await H.sleep(50);
  }
  console.log(`firefox: second message badge ${st2.badge} (${expected2.verdict} expected without DNS answers)`);
  assert.equal(st2.badge, BADGE[expected2.verdict]);
});

/** Opens a one-message conversation in the Outlook fixture page `page`; returns the ids. */
async function openOutlook(page, file, n) {
  const convId = `AAQkADAwATM0MDAAMS1i/NWUy+LTcyAGE3LTAwAi0wMAoAEAFF${n}Q=`;
  const itemId = `AAMkADAwATM0MDAAMS1i/NWUy+LTcyAGE3LTAwAi0wMAoARgAAAFF${n}AAA=`;
  const d = await H.displayOf(core, file);
  owa.state.mails.set(itemId, { file, mode: 'ok' });
  owa.state.conversations.set(convId, [{ itemId, from: d.fromEmail, name: d.fromName, received: '2026-11-17T09:02:04Z' }]);
  await page.evaluate((c) => window.hmFixture.open(c), { convId, urlId: 'conv', safeLinks: true, subject: d.subject, messages: [{ ...d, expanded: true }] });
  return { convId, itemId };
}

/** Waits (bounded, no timing assertion) until the badge of the tab at `urlPrefix` is `want`. */
async function badgeOf(urlPrefix, want) {
  let st = {};
  for (let i = 0; i < 1200 && st.badge !== want; i++) {
    st = await actionState(urlPrefix);
    if (st.badge !== want) await H.sleep(50);
  }
  return st;
}

test('Firefox: Outlook on the web (outlook.live.com) — conversation id resolved, whole source with the page\'s own token, ✕', { skip, timeout: 120000 }, async () => {
  const page = await browser.newPage();
  await page.goto('https://outlook.live.com/mail/0/inbox');
  await page.evaluate(() => window.hmFixture.ready);
  const ids = await openOutlook(page, mails.outlook.phish, 1);
  const st = await badgeOf('https://outlook.live.com/', BADGE.dangerous);
  console.log(`firefox outlook: badge ${st.badge} title ${st.title}`);
  const get = owa.state.log.filter((l) => l.action === 'GetItem');
  assert.deepEqual(get.map((l) => [l.path, l.auth, l.status, l.ids[0]]), [['/owa/0/service.svc', 'MSAuth1.0', 200, ids.itemId]]);
  assert.ok(get[0].canary, 'the page\'s canary went along');
  assert.equal(st.badge, BADGE.dangerous, st.title);
  await page.screenshot({ path: path.join(H.ARTIFACTS, 'firefox-outlook.png') });
});

test('Firefox: Outlook without the page\'s token (401) — page only (never ✓), then the details dialog gives the headers: ✓', { skip, timeout: 120000 }, async () => {
  const page = await browser.newPage();
  await page.goto('https://outlook.office.com/mail/inbox?lang=ja&notoken=1');
  await page.evaluate(() => window.hmFixture.ready);
  const n0 = owa.state.log.length;
  await openOutlook(page, mails.outlook.genuine, 2);
  const first = await badgeOf('https://outlook.office.com/', BADGE.unverified);
  assert.ok(owa.state.log.slice(n0).some((l) => l.status === 401 && l.action === 'GetConversationItems' && l.fromExtension), 'the extension was refused');
  assert.equal(first.badge, BADGE.unverified, `page only: ${first.title}`);
  await page.evaluate((h) => window.hmFixture.openDetails(h), H.headerBlock(fs.readFileSync(mails.outlook.genuine)));
  const st = await badgeOf('https://outlook.office.com/', BADGE.genuine);
  console.log(`firefox outlook (details dialog, Japanese UI): badge ${first.badge} then ${st.badge}`);
  assert.equal(st.badge, BADGE.genuine, st.title);
});

test('Firefox: Gmail as it behaves — stale hidden view, own reply skipped, redirected download, Show original under Trusted Types', { skip, timeout: 180000 }, async () => {
  const page = await browser.newPage(); // no interception: the real fixture server answers
  // The badge is read for the first Gmail tab: close those of the earlier tests.
  for (const p of await browser.pages()) if (p !== page) await p.close();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  let n = 0;
  const message = async (file, mode) => {
    n++;
    const big = 1796000000000000000n + BigInt(n);
    const ids = { legacyId: big.toString(16), permDec: big.toString(), threadDec: (big + 9n).toString() };
    served.set(ids.legacyId, { file, mode, ...ids });
    return { ...(await H.displayOf(core, file)), ...ids, permId: `msg-f:${ids.permDec}` };
  };
  const badgeFor = async (want) => {
    let st = {};
    for (let i = 0; i < 1200 && st.badge !== want; i++) { // bounded wait (60 s), not a timing assertion
      st = await actionState('https://mail.google.com/');
      if (st.badge !== want) await H.sleep(50);
    }
    return st.badge;
  };
  // What the core says without DNS answers (DoH is cut off here), as the extension reads the
  // message from Gmail (fromProvider).
  const expect = (file) => BADGE[core.check(fs.readFileSync(file), {}, { dnsEnabled: true, fromProvider: true }).verdict];

  const first = await message(mails.gmail.genuine, 'ok');
  await page.evaluate((m) => window.hmFixture.open(m), first);
  assert.equal(await badgeFor(expect(mails.gmail.genuine)), expect(mails.gmail.genuine));

  // A second thread: the first stays in the DOM, hidden. Its newest message is the user's own reply.
  const phish = await message(mails.gmail.phish, 'ok');
  await page.evaluate((t) => window.hmFixture.openThread(t), {
    threadDec: phish.threadDec, legacyThreadId: phish.legacyId, subject: phish.subject,
    messages: [{ ...phish, state: 'expanded' }, { permId: 'msg-a:r-777', own: true, state: 'expanded', text: 'ok', links: [] }],
  });
  assert.equal(await badgeFor(expect(mails.gmail.phish)), expect(mails.gmail.phish));
  const dl = srv.log.filter((l) => l.host === 'mail-attachment.googleusercontent.com' && l.path.includes(phish.legacyId));
  assert.equal(dl.length, 1, 'the download followed the redirect');
  assert.equal(dl[0].origin, 'https://mail.google.com');
  assert.equal(dl[0].cookie, '', 'no cookies to the attachment host');
  assert.ok(srv.log.some((l) => l.path.includes(`view=att&th=${phish.legacyId}`) && /SID=/.test(l.cookie)), 'Gmail got its session cookie');
  assert.ok(!srv.log.some((l) => l.path.includes('msg-a')), 'the own reply was never fetched');
  await page.screenshot({ path: path.join(H.ARTIFACTS, 'firefox-gmail-thread.png') });

  // Download refused: "Show original" on the Trusted-Types page.
  const om = await message(mails.gmail.genuine, 'om'); // the badge must go from ✕ to this one's
  await page.evaluate((m) => window.hmFixture.open(m), om);
  for (let i = 0; i < 1200 && !srv.log.some((l) => l.path.includes('view=om') && l.path.includes(om.permDec)); i++) await H.sleep(50);
  assert.ok(srv.log.some((l) => l.path.includes('view=om') && l.path.includes(om.permDec)), 'asked "Show original"');
  assert.equal(await badgeFor(expect(mails.gmail.genuine)), expect(mails.gmail.genuine));
  assert.notEqual(expect(mails.gmail.genuine), expect(mails.gmail.phish));

  // Back to the inbox: the badge goes, the stale views stay.
  await page.evaluate(() => window.hmFixture.close());
  assert.equal(await badgeFor(''), '');
  assert.equal(await page.evaluate(() => document.querySelectorAll('h2.hP').length), 3);
});
