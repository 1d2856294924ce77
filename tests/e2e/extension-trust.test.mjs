// Trust boundaries of the extension's UI (issue 14), in real headless Chromium (run `make build`):
//   node --test tests/e2e/extension-trust.test.mjs
// - The verdict of "Check this link" is not in the web page: a page script finds no verdict in
//   the DOM, in attributes or in a text selection; the extension's own window shows it; the
//   in-page notice only says where it is.
// - Bidi controls in a subject, a display name, a Received host and a link are shown as marks and
//   do not reorder the popup's text (element text and layout boxes).
// - Changing the DNS-over-HTTPS server removes the optional host permission granted for the old
//   one, unless still needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as H from './lib/ext-harness.mjs';

const skipAll = !fs.existsSync(path.join(H.EXT_DIR, 'manifest.json')) && 'dist/extension missing: run `make build`';
const VERDICT_WORDS = /genuine|unverified|suspicious|dangerous|本物|未確認|要注意|危険/i;
const BIDI_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

let b; // { context, sw, extId, close }
let core;
let mails;
const served = new Map();
let tmpDir;

before(async () => {
  if (skipAll) return;
  fs.mkdirSync(H.ARTIFACTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'honmono-trust-'));
  core = await H.loadCore();
  mails = H.chooseMails();
  b = await H.launchChromium(chromium);
  await H.installRoutes(b.context, { dns: mails.dns, mails: served });
});

after(async () => {
  if (b) await b.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

let counter = 0;
/** Opens `file` in a fresh Gmail fixture tab; returns { page, report (worker's), tabId }. */
async function openInGmail(file) {
  counter++;
  const legacyId = (0x18f0aa0000000000n + BigInt(counter)).toString(16);
  const ids = { legacyId, permDec: String(1790000000000500000n + BigInt(counter)), threadDec: String(1790000000000600000n + BigInt(counter)) };
  served.set(legacyId, { file, mode: 'ok', ...ids });
  const page = await b.context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  await page.evaluate((m) => window.hmFixture.open(m), { ...(await H.displayOf(core, file)), ...ids });
  const r = await H.waitForReport(b.sw, legacyId);
  return { page, r };
}

/** Selected text of the whole page (a selection can reach into shadow trees in some engines). */
const selectAllText = () => {
  document.execCommand('selectAll');
  const s = String(getSelection());
  getSelection().removeAllRanges();
  return s;
};

/** A script of the page that watches everything added to the DOM from now on. */
async function installSpy(page) {
  await page.evaluate((selectAll) => {
    window.__baseline = new Set(eval(`(${selectAll})`)().split(/\s+/)); // test-side helper, not shipped code
    window.__spy = [];
    new MutationObserver((records) => {
      for (const rec of records) {
        for (const n of rec.addedNodes) {
          if (n.nodeType === 1) {
            window.__spy.push(n.outerHTML, n.textContent || '', n.innerText || '');
            for (const a of n.attributes) window.__spy.push(`${a.name}=${a.value}`);
            window.__spy.push(`shadowRoot=${n.shadowRoot ? n.shadowRoot.innerHTML : 'null'}`);
          } else {
            window.__spy.push(n.textContent || '');
          }
        }
        if (rec.type === 'attributes') window.__spy.push(`${rec.attributeName}=${rec.target.getAttribute(rec.attributeName)}`);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }, selectAllText.toString());
}

/** What the page's script learnt: the mutations it saw, our elements, and new selected words. */
async function whatThePageSees(page) {
  return page.evaluate((selectAll) => {
    const seen = [...window.__spy];
    for (const e of document.querySelectorAll('*')) {
      if (!e.tagName.toLowerCase().startsWith('honmono')) continue;
      for (const a of e.attributes) seen.push(`${a.name}=${a.value}`);
      seen.push(e.outerHTML, e.innerText || '', `shadowRoot=${e.shadowRoot ? 'open' : 'null'}`);
    }
    seen.push(...eval(`(${selectAll})`)().split(/\s+/).filter((w) => !window.__baseline.has(w)));
    return seen;
  }, selectAllText.toString());
}

/** Text inside every closed shadow root of <tag> (DevTools protocol: pierces closed roots). */
async function closedShadowText(page, tag) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const texts = [];
    const textOf = (n) => (n.nodeType === 3 ? n.nodeValue : '') + (n.children || []).map(textOf).join(' ');
    const visit = (n) => {
      if (n.nodeName === tag.toUpperCase()) for (const sr of n.shadowRoots || []) texts.push(textOf(sr));
      for (const c of [...(n.children || []), ...(n.shadowRoots || []), ...(n.contentDocument ? [n.contentDocument] : [])]) visit(c);
    };
    visit(root);
    return texts;
  } finally {
    await cdp.detach();
  }
}

/** The extension's link-report window that shows report `id`. */
async function linkWindow(id) {
  const url = (p) => p.url().includes('/link-report/link-report.html') && p.url().includes(id);
  let w = b.context.pages().find(url);
  for (let i = 0; !w && i < 300; i++) { // bounded wait (30 s)
    await H.sleep(100);
    w = b.context.pages().find(url);
  }
  assert.ok(w, `no link-report window for ${id}`);
  await w.waitForSelector('#report[data-state]', { state: 'attached', timeout: 30000 });
  return w;
}

test('link check: the page cannot read the verdict; Honmono\'s own window shows it; the notice says where', { skip: skipAll }, async () => {
  const { page, r: r0 } = await openInGmail(mails.gmail.phish);
  await installSpy(page);
  const href = 'https://www.amazon.co.jp@evil.example/';
  const r = await b.sw.evaluate(({ tabId, href }) => globalThis.honmono.onContextMenuClick(
    { menuItemId: globalThis.honmono.MENU_ID, linkUrl: href, frameId: 0, pageUrl: 'https://mail.google.com/mail/u/0/' },
    { id: tabId }), { tabId: r0.tabId, href });
  assert.equal(r.verdict, 'dangerous', r.summary.en);

  // The attack: a script of the page looks for the verdict (attributes, text, selection, shadow root).
  const seen = (await whatThePageSees(page)).join('\n');
  assert.doesNotMatch(seen, /data-verdict/, 'no data-verdict in the page');
  const verdictWord = seen.match(VERDICT_WORDS);
  assert.equal(verdictWord, null, `the page can read a verdict word: ${verdictWord?.[0]}`);
  assert.ok(!seen.includes(r.summary.en) && !seen.includes('evil.example'), 'the page cannot read the summary');
  assert.ok(!seen.includes('shadowRoot=open'), 'the notice\'s shadow root is closed');

  assert.equal(r.shown, true, 'shown in extension-owned UI');
  assert.equal(r.shownIn, 'window');
  assert.equal(r.notice, true, 'a notice was drawn in the page');

  // The notice (read through DevTools, which pierces closed shadow roots) only points elsewhere.
  const notice = (await closedShadowText(page, 'honmono-link-panel')).join(' ');
  const where = await b.sw.evaluate(() => chrome.i18n.getMessage('ext_notice_where_window'));
  assert.ok(notice.includes(where), `notice: ${notice}`);
  assert.match(notice, /never shows its verdict inside a web page/);
  assert.doesNotMatch(notice.replace(/verdict/g, ''), VERDICT_WORDS, 'no verdict in the notice');
  await page.screenshot({ path: path.join(H.ARTIFACTS, 'link-notice.png') });

  // The page now hides the notice and paints a fake "genuine" box: the extension's window, which
  // no page can draw into, still says dangerous.
  await page.evaluate(() => {
    for (const e of document.querySelectorAll('honmono-link-panel')) e.style.display = 'none';
    const fake = document.createElement('div');
    fake.textContent = '✓ Genuine — Honmono';
    fake.style.cssText = 'position:fixed;top:16px;right:16px;background:#e5f5ec;padding:12px;border-top:6px solid #1a7f37';
    document.body.append(fake);
  });
  const w = await linkWindow(r.reportId);
  assert.ok(w.url().startsWith(`chrome-extension://${b.extId}/`), w.url());
  assert.equal(await w.getAttribute('#report', 'data-verdict'), r.verdict);
  assert.equal(await w.getAttribute('#report', 'data-state'), 'done');
  const text = await w.innerText('body');
  const messages = [...r.findings, ...r.links.flatMap((l) => l.findings)].map((f) => f.message.en);
  assert.ok(messages.length && messages.every((m) => text.includes(m)), 'the window shows the findings');
  assert.ok(text.includes('evil.example'), 'and the real destination');
  assert.match(text, /Link checked on mail\.google\.com/);
  assert.match(await w.title(), /Dangerous/);
  await w.screenshot({ path: path.join(H.ARTIFACTS, 'link-report-window.png') });
  await page.close();
});

test('link check on a page that is not webmail: the result is in the window, nothing readable in the page', { skip: skipAll }, async () => {
  // Any other https page would be aborted by the harness routes: this one is answered here. The
  // tab is opened by the worker, which so knows its id (tab URLs are hidden from it: no "tabs").
  await b.context.route('https://shop.example/**', (route) => route.fulfill({ body: '<!doctype html><title>shop</title><p><a href="https://paypa1.example/login">PayPal</a></p>', contentType: 'text/html' }));
  const pageEvent = b.context.waitForEvent('page');
  const tabId = await b.sw.evaluate(async () => (await chrome.tabs.create({ url: 'https://shop.example/' })).id);
  const page = await pageEvent;
  await page.waitForURL('https://shop.example/');
  await page.waitForLoadState('load');
  await installSpy(page);
  // Injecting the notice here needs activeTab, which only a real menu click grants (headless tests
  // cannot click a context menu): without it no notice is drawn, and the window still opens.
  const r = await b.sw.evaluate(({ tabId }) => globalThis.honmono.onContextMenuClick(
    { menuItemId: globalThis.honmono.MENU_ID, linkUrl: 'https://paypa1.example/login', linkText: 'PayPal', frameId: 0, pageUrl: 'https://shop.example/' },
    { id: tabId }), { tabId });
  assert.equal(r.shown, true);
  const seen = (await whatThePageSees(page)).join('\n');
  assert.equal(seen.match(VERDICT_WORDS), null);
  assert.doesNotMatch(seen, /data-verdict/);
  const w = await linkWindow(r.reportId);
  assert.equal(await w.getAttribute('#report', 'data-verdict'), r.verdict);
  await page.close();
});

test('bidi controls: shown as marks and isolated in the popup (subject, name, Received host, link)', { skip: skipAll }, async () => {
  // An unclosed RLO in the display name and the subject, and one in a Received host name: without
  // isolation each would reverse the rest of its line (the UI text after it included).
  const raw = [
    'Received: from mail.evil\u202Eelpmaxe (mail.evil.example [192.0.2.7]) by mx.google.com with ESMTPS id bidi1; Tue, 01 Dec 2026 10:00:05 +0000',
    'From: "Support \u202Elapyap Team" <support@evil.example>',
    'To: you@example.com',
    `Subject: Invoice \u202Efdp.exe ready ${H.SECRET}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'Message-ID: <bidi1@evil.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Hello, <a href="https://evil.example/\u202Eadd">your invoice</a></p>',
  ].join('\r\n');
  const file = path.join(tmpDir, 'bidi.eml');
  fs.writeFileSync(file, raw);
  const { page, r } = await openInGmail(file);
  assert.ok(BIDI_RE.test(r.report.subject), 'the core passes the subject as it is');
  const p = await b.context.newPage();
  await p.setViewportSize({ width: 460, height: 900 });
  await p.goto(`chrome-extension://${b.extId}/popup/popup.html?tab=${r.tabId}`);
  await p.waitForSelector('#report[data-state="done"]', { state: 'attached', timeout: 60000 });
  const info = await p.evaluate(() => {
    const root = document.getElementById('report');
    for (const d of root.querySelectorAll('details')) d.open = true;
    const x = (el, needle) => { // left edge of the first character of `needle` inside el
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.nodeValue.indexOf(needle);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const rect = range.getBoundingClientRect();
        return { left: rect.left, top: rect.top };
      }
      return null;
    };
    // The subject's value: the <dd> after the "Subject" label.
    const subject = [...root.querySelectorAll('dt')].find((dt) => dt.textContent === 'Subject')?.nextElementSibling;
    const subjectText = subject && [...subject.querySelectorAll('*'), subject].reverse().find((e) => e.textContent.includes('Invoice'));
    // The finding that quotes the display name inside a sentence of ours (the headline is the
    // strongest reason, which may quote nothing).
    const summary = [...root.querySelectorAll('.hm-finding-msg, .hm-summary')].find((e) => e.textContent.includes('nothing to do with the address'));
    const hop = [...root.querySelectorAll('.hm-hop-main')].find((h) => h.textContent.includes('mail.evil'));
    const texts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n.nodeValue);
    return {
      subject: subject?.textContent,
      subjectIsolated: !!subjectText && getComputedStyle(subjectText).unicodeBidi === 'isolate',
      fdp: x(subject, 'fdp'),
      ready: x(subject, 'ready'),
      summary: summary?.textContent,
      nothing: x(summary, 'nothing'),
      address: x(summary, 'address'),
      hopFrom: hop && x(hop, 'mail.evil'),
      arrow: hop && x(hop, '→'),
      by: hop && x(hop, 'mx.google.com'),
      link: [...root.querySelectorAll('.hm-url')].map((e) => e.textContent).find((t) => t.includes('evil.example/')),
      texts,
    };
  });
  await p.screenshot({ path: path.join(H.ARTIFACTS, 'popup-bidi.png'), fullPage: true });
  await p.close();
  await page.close();
  // The controls are shown, not performed.
  assert.equal(info.subject, `Invoice ⟨RLO⟩fdp.exe ready ${H.SECRET}`);
  assert.ok(info.subjectIsolated, 'the subject is isolated');
  assert.match(info.summary, /"Support ⟨RLO⟩lapyap Team" has nothing to do with the address/);
  assert.ok(info.link && !BIDI_RE.test(info.link), `link shown without a raw control: ${info.link}`);
  // No raw control anywhere, except the balanced FSI…PDI pairs the renderer puts around values.
  for (const t of info.texts) {
    const stripped = t.replace(/\u2068[^\u2068\u2069]*\u2069/g, '');
    assert.ok(!BIDI_RE.test(stripped), `raw bidi control in ${JSON.stringify(t)}`);
  }
  // Layout: what follows a control still reads left to right (same line, increasing x).
  const inOrder = (a, bb, what) => {
    assert.ok(a && bb, `${what}: positions found`);
    if (Math.abs(a.top - bb.top) < 4) assert.ok(a.left < bb.left, `${what}: reversed (${a.left} >= ${bb.left})`);
    else assert.ok(a.top < bb.top, `${what}: out of order across lines`);
  };
  inOrder(info.fdp, info.ready, 'subject "fdp.exe" before "ready"');
  inOrder(info.nothing, info.address, 'summary "nothing" before "address"');
  inOrder(info.hopFrom, info.arrow, 'hop: sender host before the arrow');
  inOrder(info.arrow, info.by, 'hop: the arrow before the receiving host');
});

// --------------------------------------------------------------------------------------------
// DoH host permission

/**
 * A Chromium profile in which the user had already granted `origins` as optional host
 * permissions. Chromium shows its permission prompt for permissions.request(), which a headless
 * test cannot answer, so the grant is written into the profile's Preferences (where Chromium keeps
 * it) between two starts; what the options page then does is the real code path:
 * permissions.request() (already granted: no prompt), permissions.getAll() and .remove().
 */
async function launchWithGrants(origins) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'honmono-perm-'));
  const opts = { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: H.CHROMIUM_ARGS(H.EXT_DIR) };
  let context = await chromium.launchPersistentContext(userDir, opts);
  let sw = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 120000 });
  const extId = new URL(sw.url()).host;
  await context.close();
  const file = path.join(userDir, 'Default', 'Preferences');
  const prefs = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ext = prefs.extensions.settings[extId];
  for (const k of ['granted_permissions', 'active_permissions']) {
    ext[k].explicit_host = [...new Set([...(ext[k].explicit_host || []), ...origins])];
  }
  fs.writeFileSync(file, JSON.stringify(prefs));
  context = await chromium.launchPersistentContext(userDir, opts);
  sw = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 120000 });
  return {
    context, sw, extId,
    has: (o) => sw.evaluate((x) => chrome.permissions.contains({ origins: [x] }), o),
    optional: async () => {
      const m = await sw.evaluate(() => chrome.runtime.getManifest());
      const required = new Set([...m.host_permissions, ...m.content_scripts.flatMap((c) => c.matches)]);
      return (await sw.evaluate(() => chrome.permissions.getAll())).origins.filter((o) => !required.has(o)).sort();
    },
    close: async () => {
      await context.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

async function save(p) {
  await p.evaluate(() => { document.getElementById('saved').textContent = ''; });
  await p.click('#save');
  await p.waitForFunction(() => document.getElementById('saved').textContent !== '' || document.getElementById('error').textContent !== '', null, { timeout: 30000 });
  assert.equal(await p.textContent('#error'), '', 'saved without error');
}

test('DoH: changing the server removes the permission granted for the old one (kept while still needed)', { skip: skipAll }, async () => {
  const GOOGLE = 'https://dns.google/*';
  const STALE = 'https://doh.stale.example/*'; // left by an earlier endpoint
  const c = await launchWithGrants([GOOGLE, STALE]);
  try {
    await c.sw.evaluate(() => chrome.storage.local.set({ dohEnabled: true, dohEndpoint: 'https://dns.google/resolve' }));
    assert.deepEqual(await c.optional(), [GOOGLE, STALE].sort(), 'the profile starts with both grants');
    const p = await c.context.newPage();
    await p.goto(`chrome-extension://${c.extId}/options/options.html`);
    await p.waitForFunction(() => document.getElementById('doh-endpoint').value === 'https://dns.google/resolve');

    // Same server, another path: its permission is still needed; the stale one goes.
    await p.fill('#doh-endpoint', 'https://dns.google/dns-query');
    await save(p);
    assert.equal(await c.has(GOOGLE), true, 'still needed: kept');
    assert.equal(await c.has(STALE), false, 'left over from an earlier endpoint: removed');
    assert.equal((await c.sw.evaluate(() => chrome.storage.local.get('dohEndpoint'))).dohEndpoint, 'https://dns.google/dns-query');

    // Back to the built-in server: the custom one's permission is removed, the manifest's stay.
    await p.selectOption('#doh-preset', 'https://cloudflare-dns.com/dns-query');
    await save(p);
    assert.equal(await c.has(GOOGLE), false, 'the old server\'s permission was removed');
    assert.deepEqual(await c.optional(), []);
    assert.equal(await c.has('https://cloudflare-dns.com/*'), true, 'the built-in server stays');
    assert.equal(await c.has('https://mail.google.com/*'), true);
    assert.equal((await c.sw.evaluate(() => chrome.storage.local.get('dohEndpoint'))).dohEndpoint, 'https://cloudflare-dns.com/dns-query');
    await p.screenshot({ path: path.join(H.ARTIFACTS, 'options-permission-removed.png') });
  } finally {
    await c.close();
  }
});

test('DoH: turning lookups off removes the custom server\'s permission', { skip: skipAll }, async () => {
  const QUAD9 = 'https://dns.quad9.net/*';
  const c = await launchWithGrants([QUAD9]);
  try {
    await c.sw.evaluate(() => chrome.storage.local.set({ dohEnabled: true, dohEndpoint: 'https://dns.quad9.net/dns-query' }));
    assert.equal(await c.has(QUAD9), true);
    const p = await c.context.newPage();
    await p.goto(`chrome-extension://${c.extId}/options/options.html`);
    await p.waitForFunction(() => document.getElementById('doh-endpoint').value === 'https://dns.quad9.net/dns-query');
    await p.uncheck('#doh-enabled');
    await save(p);
    assert.equal(await c.has(QUAD9), false);
    assert.deepEqual(await c.sw.evaluate(() => chrome.storage.local.get(null)), { dohEnabled: false, dohEndpoint: 'https://dns.quad9.net/dns-query' });
  } finally {
    await c.close();
  }
});
