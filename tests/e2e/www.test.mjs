// End-to-end tests of the web page (dist/www) in real headless Chromium.
// Run after `make build`:  node --test tests/e2e/www.test.mjs
// Screenshots go to test-artifacts/ (gitignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { startServer, CHROMIUM_ARGS, parseHeadersFile, headersFor } from './lib/www-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'dist/www');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VERDICT_TIMEOUT = 60_000;

let server;
let browser;
const extra = {}; // test inputs served by the test server

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'index.html')), 'dist/www is missing: run `make build` first');
  assert.ok(fs.existsSync(path.join(WWW, 'pkg/honmono_bg.wasm')), 'dist/www/pkg is missing: run `make build` first');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(WWW, extra);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page on the built site. DoH is answered by `dns` (or refused) so no test needs the internet. */
async function openPage({ width = 1100, height = 900, dns = null, query = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('https://cloudflare-dns.com/**', (route) => {
    if (!dns) return route.abort();
    const name = new URL(route.request().url()).searchParams.get('name');
    const txt = dns[name];
    const body = txt
      ? { Status: 0, Answer: txt.map((t) => ({ name: `${name}.`, type: 16, TTL: 300, data: t })) }
      : { Status: 3, Answer: [] };
    return route.fulfill({ status: 200, contentType: 'application/dns-json', body: JSON.stringify(body) });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url + query);
  await page.waitForSelector('body[data-ready="true"][data-loaded="true"]', { timeout: 30_000 });
  return { page, context, requests, errors };
}

async function setDns(page, on) {
  const checked = await page.isChecked('#dns-toggle');
  if (checked !== on) await page.click('label.switch');
  assert.equal(await page.isChecked('#dns-toggle'), on);
}

/** Waits until a new result is rendered (after `previous`, from stamp()) and returns its verdict. */
async function waitVerdict(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const r = document.querySelector('#report');
      return r && Number(r.dataset.rendered || 0) > prev && r.dataset.verdict && !document.body.classList.contains('busy');
    },
    previous,
    { timeout: VERDICT_TIMEOUT },
  );
  return page.$eval('#report', (r) => r.dataset.verdict);
}

/** How many results the page has rendered so far. */
async function stamp(page) {
  return page.evaluate(() => Number(document.querySelector('#report').dataset.rendered || 0));
}

function crlf(s) {
  return s.replace(/\r?\n/g, '\r\n');
}

// ----------------------------------------------------------------------------------------------

test('every bundled sample gives its expected verdict (DNS off: only bundled answers)', async () => {
  // Colours of the verdicts: ui/verdict-look.js (issue 15), the same table as the extension's badge.
  const { VERDICT_LOOK } = await import(pathToFileURL(path.join(WWW, 'ui/verdict-look.js')).href);
  const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  const samples = JSON.parse(fs.readFileSync(path.join(WWW, 'samples/index.json'), 'utf8'));
  assert.ok(samples.length >= 4, 'at least four samples');
  const { page, context, errors } = await openPage();
  await setDns(page, false);
  const got = [];
  for (const s of samples) {
    assert.ok(['genuine', 'unverified', 'suspicious', 'dangerous'].includes(s.expected), `${s.file}: expected verdict`);
    assert.ok(s.title?.en && s.title?.ja, `${s.file}: title in en and ja`);
    const st = await stamp(page);
    await page.click(`button[data-sample="${s.file}"]`);
    const v = await waitVerdict(page, st);
    got.push({ file: s.file, expected: s.expected, got: v });
    const colours = await page.evaluate((file) => ({
      banner: getComputedStyle(document.querySelector('#report .hm-banner')).borderLeftColor,
      sample: getComputedStyle(document.querySelector(`button[data-sample="${file}"]`)).borderLeftColor,
    }), s.file);
    assert.equal(colours.banner, rgb(VERDICT_LOOK[v].color), `${s.file}: banner colour of ${v}`);
    assert.equal(colours.sample, rgb(VERDICT_LOOK[s.expected].color), `${s.file}: sample colour of ${s.expected}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `www-sample-${s.file}.png`), fullPage: true });
  }
  await context.close();
  const wrong = got.filter((g) => g.expected !== g.got);
  assert.deepEqual(wrong, [], `samples with another verdict than expected:\n${wrong.map((w) => `  ${w.file}: expected ${w.expected}, got ${w.got}`).join('\n')}`);
  assert.deepEqual(errors, []);
});

const SIGNED_SAMPLE = 'project-news-genuine.eml';

test('dropping a file and picking a file both run a check', async () => {
  const { page, context, errors } = await openPage();
  await setDns(page, false);
  const raw = fs.readFileSync(path.join(WWW, 'samples/newsletter-unverified.eml'), 'latin1');
  // A real drop event carrying a DataTransfer with a File.
  let st = await stamp(page);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.eml', { type: 'message/rfc822' }));
    const target = document.querySelector('#drop');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, raw);
  let v = await waitVerdict(page, st);
  assert.ok(['genuine', 'unverified', 'suspicious', 'dangerous'].includes(v));
  assert.match(await page.textContent('#file-name'), /dropped\.eml/);
  assert.match(await page.textContent('#status-text'), /dropped\.eml/);
  assert.match(await page.textContent('#report'), /Green Valley Garden Club/);
  // The file picker.
  st = await stamp(page);
  await page.setInputFiles('#file', { name: 'picked.eml', mimeType: 'message/rfc822', buffer: fs.readFileSync(path.join(WWW, 'samples/paypal-phish.eml')) });
  v = await waitVerdict(page, st);
  assert.match(await page.textContent('#file-name'), /picked\.eml/);
  assert.match(await page.textContent('#report'), /paypal-account-verify\.example/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-picked.png'), fullPage: true });
  await context.close();
  assert.deepEqual(errors, []);
});

const PAYLOAD_NAME = '<img src=x onerror="window.__pwned=1">Bank';
const PAYLOAD_SUBJECT = '<script>window.__pwned=2</script> Account & <b>notice</b>';
const HOSTILE = crlf(`Received: from evil.example (evil.example [203.0.113.66])
        by mx.example.net with ESMTP id 1; Thu, 19 Nov 2026 10:00:00 +0000
From: "${PAYLOAD_NAME.replace(/"/g, '\\"')}" <x@evil.example>
To: you@example.net
Subject: ${PAYLOAD_SUBJECT}
Date: Thu, 19 Nov 2026 10:00:00 +0000
Message-ID: <xss@evil.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body>
<p>Hello <img src=x onerror="window.__pwned=3"> <script>window.__pwned=4</script></p>
<a href="javascript:window.__pwned=5">Click <b>here</b> &lt;img src=x onerror=window.__pwned=6&gt;</a>
<a href="https://evil.example/&quot;&gt;&lt;img src=x onerror=window.__pwned=7&gt;">https://www.bank.example/</a>
<iframe src="javascript:window.top.__pwned=8"></iframe>
</body></html>
`);

/** A synthetic report with markup in every string the renderer shows. */
function hostileReport() {
  const x = (tag) => `<img src=x onerror="window.__pwned='${tag}'"><script>window.__pwned='${tag}s'</script>`;
  const text = (tag) => ({ en: `en ${x(tag)}`, ja: `ja ${x(tag)}` });
  const finding = (tag) => ({ id: `f.${tag}<b>`, severity: 'high', evidence: `ev ${x(tag)}`, message: text(`m${tag}`) });
  return {
    verdict: 'dangerous',
    score: 95,
    brand: 'x',
    brand_name: `Brand ${x('brand')}`,
    brand_evidence: `<i>${x('be')}</i>`,
    input: 'raw',
    subject: `Subject ${x('subj')}`,
    sender: { display_name: `Name ${x('dn')}`, address: `a${x('addr')}@e.example`, domain: `d${x('dom')}`, authenticated: [`auth${x('authd')}`], from_aligned: false },
    auth: {
      provider: `p${x('prov')}`,
      authserv_id: `id${x('asid')}`,
      dmarc_policy: `reject${x('pol')}`,
      results: [{ method: `dkim${x('meth')}`, result: `pass${x('res')}`, domain: `d${x('ad')}`, selector: `s${x('sel')}`, source: 'local', detail: `det${x('det')}` }],
    },
    summary: text('sum'),
    findings: [finding('1'), finding('2')],
    links: Array.from({ length: 30 }, (_, i) => ({
      text: `Click ${x(`lt${i}`)}`,
      href: `javascript:window.__pwned='href${i}'`,
      target: `javascript:window.__pwned='target${i}'`,
      host: `h${x('host')}`,
      findings: [finding(`l${i}`)],
    })),
    hops: Array.from({ length: 14 }, (_, i) => ({ from: `f${x('hf')}`, from_ip: `ip${x('ip')}`, by: `b${x('hb')}`, with: `w${x('hw')}`, time: 1790000000 + i, delay: i ? 4000 : null })),
    dns: { wanted: [`w${x('dw')}`], missing: [`m${x('dm')}`], enabled: true },
    not_checked: [text('nc')],
    advice: [text('adv')],
    report_to: `javascript:alert(1)${x('rt')}`,
  };
}

async function assertInert(page, where) {
  const info = await page.evaluate((sel) => {
    const r = document.querySelector(sel);
    // Open every <details> (also builds the lazily rendered "show more" lists).
    for (const d of r.querySelectorAll('details')) d.open = true;
    return {
      pwned: window.__pwned,
      dangerous: r.querySelectorAll('img, script, iframe, object, embed, a, form, input, svg, math, style, link, base, meta').length,
      withHandlers: [...r.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length,
    };
  }, where);
  // give an injected handler (if any) a moment to fire
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected script ran');
  assert.equal(info.pwned, undefined);
  assert.equal(info.dangerous, 0, 'no markup elements were created from message text');
  assert.equal(info.withHandlers, 0, 'no event-handler or javascript: attributes');
}

test('markup and script in a message are shown as inert text', async () => {
  const { page, context, errors } = await openPage();
  await setDns(page, false);
  await page.fill('#source', HOSTILE);
  const st = await stamp(page);
  await page.click('#check');
  await waitVerdict(page, st);
  await assertInert(page, '#report');
  const text = await page.textContent('#report');
  assert.ok(text.includes(PAYLOAD_NAME), 'display name appears literally');
  assert.ok(text.includes('<script>window.__pwned=2</script>'), 'subject appears literally');
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-hostile-message.png'), fullPage: true });

  // The renderer itself, fed a report with markup in every field (links, findings, hops, ...).
  await page.evaluate(async (report) => {
    const { renderReport } = await import('./ui/report-view.js');
    const root = document.createElement('div');
    root.id = 'hostile-root';
    document.querySelector('main').append(root);
    renderReport(report, root, { lang: 'en', t: (k) => `${k}<img src=x onerror="window.__pwned='t'">` });
  }, hostileReport());
  await assertInert(page, '#hostile-root');
  const ht = await page.textContent('#hostile-root');
  assert.ok(ht.includes(`Name <img src=x onerror="window.__pwned='dn'">`), 'names are literal text');
  assert.ok(ht.includes("javascript:window.__pwned='target0'"), 'link destinations are literal text');
  assert.ok(ht.includes("javascript:window.__pwned='target29'"), 'lazily built links are literal text too');
  assert.equal(await page.$eval('#hostile-root', (r) => r.dataset.verdict), 'dangerous');
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-hostile-report.png'), fullPage: true });
  await context.close();
  assert.deepEqual(errors, []);
});

test('bidi controls are shown as marks and reorder nothing (subject, display name, file name)', async () => {
  const { page, context, errors } = await openPage();
  await setDns(page, false);
  // Unclosed RLOs: without marks and isolation each reverses the rest of its line.
  const raw = crlf(`From: "Support \u202Elapyap Team" <support@evil.example>
To: you@example.com
Subject: Invoice \u202Efdp.exe ready
Date: Tue, 01 Dec 2026 10:00:00 +0000
Message-ID: <bidi-www@evil.example>
Content-Type: text/plain; charset=utf-8

Hello.
`);
  const st = await stamp(page);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'invoice\u202Elme.exe', { type: 'message/rfc822' }));
    document.querySelector('#drop').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, raw);
  await waitVerdict(page, st);
  const info = await page.evaluate(() => {
    const root = document.querySelector('#report');
    const x = (el, needle) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.nodeValue.indexOf(needle);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getBoundingClientRect();
        return { left: r.left, top: r.top };
      }
      return null;
    };
    const subject = [...root.querySelectorAll('dt')].find((dt) => dt.textContent === 'Subject')?.nextElementSibling;
    // The finding that quotes the display name inside a sentence of ours (the headline is the
    // strongest reason, which may quote nothing).
    const summary = [...root.querySelectorAll('.hm-finding-msg, .hm-summary')].find((e) => e.textContent.includes('nothing to do with the address'));
    const fileName = document.querySelector('#file-name');
    return {
      subject: subject?.textContent, fdp: x(subject, 'fdp'), ready: x(subject, 'ready'),
      summary: summary?.textContent, nothing: x(summary, 'nothing'), address: x(summary, 'address'),
      fileName: fileName.textContent, lme: x(fileName, 'lme'), size: x(fileName, '('),
      status: document.querySelector('#status-text').textContent,
    };
  });
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-bidi.png'), fullPage: true });
  await context.close();
  const RAW = /[\u202A-\u202E\u2066\u2067\u200E\u200F\u061C]/;
  assert.equal(info.subject, 'Invoice ⟨RLO⟩fdp.exe ready');
  assert.match(info.summary, /"Support ⟨RLO⟩lapyap Team" has nothing to do with the address/);
  assert.match(info.fileName, /invoice⟨RLO⟩lme\.exe/);
  assert.match(info.status, /invoice⟨RLO⟩lme\.exe/);
  for (const t of [info.subject, info.summary, info.fileName, info.status]) assert.doesNotMatch(t, RAW);
  const inOrder = (a, b, what) => {
    assert.ok(a && b, `${what}: positions found`);
    assert.ok(Math.abs(a.top - b.top) < 4 ? a.left < b.left : a.top < b.top, `${what}: reversed`);
  };
  inOrder(info.fdp, info.ready, 'subject');
  inOrder(info.nothing, info.address, 'summary');
  inOrder(info.lme, info.size, 'file name before its size');
  assert.deepEqual(errors, []);
});

function bigMessage(targetBytes) {
  const head = crlf(`Received: from mail.shop.example (mail.shop.example [192.0.2.10])
        by mx.example.net with ESMTP id big; Thu, 19 Nov 2026 10:00:05 +0000
From: "Big Shop" <news@shop.example>
To: you@example.net
Subject: A very large catalogue
Date: Thu, 19 Nov 2026 10:00:00 +0000
Message-ID: <big@shop.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body>
`);
  const parts = [head];
  let size = head.length;
  let i = 0;
  while (size < targetBytes) {
    const line = `<p>Item ${i}: a perfectly ordinary product description with some words to read, number ${i * 7}. <a href="https://shop.example/item/${i}">Item ${i}</a></p>\r\n`;
    parts.push(line);
    size += line.length;
    i++;
  }
  parts.push('</body></html>\r\n');
  return Buffer.from(parts.join(''), 'utf8');
}

test('a 10 MB message is checked without freezing the page', async () => {
  const { page, context, errors } = await openPage();
  await setDns(page, false);
  const buf = bigMessage(10 * 1024 * 1024);
  extra['/__test/big.eml'] = buf;
  // The page gets the file by fetch (off the UI thread), so that what is measured is the page's
  // own work, not Playwright copying 10 MB into the renderer.
  await page.evaluate(async () => {
    const blob = await (await fetch('/__test/big.eml')).blob();
    window.__bigFile = new File([blob], 'big.eml', { type: 'message/rfc822' });
  });
  const st = await stamp(page);
  const t0 = Date.now();
  // Starts a timer that measures how long the UI thread goes without running it, then drops the file.
  await page.evaluate(() => {
    window.__gap = { max: 0, last: performance.now(), ticks: 0 };
    window.__gapTimer = setInterval(() => {
      const now = performance.now();
      window.__gap.max = Math.max(window.__gap.max, now - window.__gap.last);
      window.__gap.last = now;
      window.__gap.ticks++;
    }, 16);
    const dt = new DataTransfer();
    dt.items.add(window.__bigFile);
    document.querySelector('#drop').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  const v = await waitVerdict(page, st);
  const wall = Date.now() - t0;
  const gap = await page.evaluate(() => {
    clearInterval(window.__gapTimer);
    return window.__gap;
  });
  const pageMs = Number(await page.evaluate(() => document.body.dataset.lastMs));
  const progressShown = await page.evaluate(() => document.body.dataset.progressShown === 'true');
  console.log(`# 10 MB message (${buf.length} bytes): verdict ${v}, ${pageMs} ms from drop to rendered report (${wall} ms wall), max UI-thread gap ${gap.max.toFixed(0)} ms over ${gap.ticks} ticks, progress shown: ${progressShown}`);
  if (pageMs > 400) assert.ok(progressShown, 'a check longer than a moment shows progress');
  fs.writeFileSync(path.join(ARTIFACTS, 'www-10mb.json'), JSON.stringify({ bytes: buf.length, verdict: v, pageMs, wallMs: wall, maxGapMs: Math.round(gap.max), ticks: gap.ticks }, null, 1));
  assert.ok(['genuine', 'unverified', 'suspicious', 'dangerous'].includes(v));
  assert.ok(gap.ticks > 5, 'the timer kept running');
  assert.ok(gap.max < 500, `UI thread blocked for ${gap.max.toFixed(0)} ms`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-10mb.png') });

  // Over the 25 MB limit: a clear message, at once, and the page stays usable.
  extra['/__test/huge.eml'] = Buffer.concat([buf, buf, buf.subarray(0, 6 * 1024 * 1024)]);
  const st2 = await stamp(page);
  await page.evaluate(async () => {
    const blob = await (await fetch('/__test/huge.eml')).blob();
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'huge.eml'));
    document.querySelector('#drop').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  assert.equal(await waitVerdict(page, st2), 'error');
  assert.match(await page.textContent('#report'), /25 MB/);
  delete extra['/__test/huge.eml'];
  delete extra['/__test/big.eml'];
  await context.close();
  assert.deepEqual(errors, []);
});

test('with DNS lookups off the page makes no request outside its own origin', async () => {
  const { page, context, requests, errors } = await openPage();
  await setDns(page, false);
  // Pasted text (not the sample button): nothing bundled, so the names are only listed.
  const raw = fs.readFileSync(path.join(WWW, `samples/${SIGNED_SAMPLE}`), 'utf8');
  await page.fill('#source', raw);
  const st = await stamp(page);
  await page.click('#check');
  await waitVerdict(page, st);
  await page.click('#dns-log summary');
  const log = await page.textContent('#dns-log');
  assert.match(log, /hm2026\._domainkey\.honmono\.example/);
  assert.match(log, /not looked up/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-dns-off.png'), fullPage: true });
  await context.close();
  const foreign = requests.filter((u) => !u.startsWith(server.origin + '/'));
  assert.deepEqual(foreign, [], 'only same-origin requests');
  assert.deepEqual(errors, []);
});

test('with DNS lookups on the page asks DNS-over-HTTPS for the names and lists them', async () => {
  const samples = JSON.parse(fs.readFileSync(path.join(WWW, 'samples/index.json'), 'utf8'));
  const bundled = samples.find((s) => s.file === SIGNED_SAMPLE).dns;
  // Answer as the JSON API does: TXT data as quoted strings, long keys split in chunks.
  const dns = {};
  for (const [name, txts] of Object.entries(bundled)) {
    dns[name] = txts.map((t) => t.match(/.{1,200}/g).map((c) => `"${c}"`).join(' '));
  }
  const { page, context, requests, errors } = await openPage({ dns });
  await setDns(page, true);
  const raw = fs.readFileSync(path.join(WWW, `samples/${SIGNED_SAMPLE}`), 'utf8');
  await page.fill('#source', raw);
  const st = await stamp(page);
  await page.click('#check');
  await waitVerdict(page, st);
  const doh = requests.filter((u) => u.startsWith('https://cloudflare-dns.com/dns-query?'));
  const asked = doh.map((u) => new URL(u).searchParams.get('name')).sort();
  assert.deepEqual(asked, Object.keys(bundled).sort());
  assert.ok(doh.every((u) => new URL(u).searchParams.get('type') === 'TXT'));
  await page.click('#dns-log summary');
  const log = await page.textContent('#dns-log');
  for (const n of Object.keys(bundled)) assert.ok(log.includes(n), `log lists ${n}`);
  assert.match(log, /found/);
  // Only DNS names left the page: no request carries message content.
  const foreign = requests.filter((u) => !u.startsWith(server.origin + '/') && !u.startsWith('https://cloudflare-dns.com/dns-query?'));
  assert.deepEqual(foreign, []);
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-dns-on.png'), fullPage: true });
  await context.close();
  assert.deepEqual(errors, []);
});

test('headers-only mode, errors, Japanese, and the 380px layout', async () => {
  const { page, context, errors } = await openPage({ width: 380, height: 800 });
  await setDns(page, false);
  // Not a message: a clear error, not a crash.
  await page.fill('#source', 'hello, this is not an e-mail');
  let st = await stamp(page);
  await page.click('#check');
  assert.equal(await waitVerdict(page, st), 'error');
  assert.match(await page.textContent('#report'), /not an e-mail message/);
  // Headers only: the body is cut off before the core sees it.
  const raw = fs.readFileSync(path.join(WWW, 'samples/paypal-phish.eml'), 'utf8');
  await page.fill('#source', raw);
  await page.check('input[name="mode"][value="headers"]');
  st = await stamp(page);
  await page.click('#check');
  await waitVerdict(page, st);
  assert.match(await page.textContent('#report'), /Only the headers were checked/);
  // Nothing sticks out sideways at popup width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the 380px viewport`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-380px.png'), fullPage: true });
  // Language toggle: Japanese UI and report.
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.match(await page.textContent('#report .hm-banner'), /本物|未確認|要注意|危険/);
  assert.match(await page.textContent('h1 + .tagline'), /メール/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-380px-ja.png'), fullPage: true });
  await context.close();
  assert.deepEqual(errors, []);
});

test('the page follows a Japanese browser and has a strict CSP (meta and HTTP header agree)', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  const resp = await page.goto(server.url);
  await page.waitForSelector('body[data-loaded="true"]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /connect-src 'self' https:\/\/cloudflare-dns\.com(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval'[^;]*unsafe/);
  assert.equal(await page.$$eval('script:not([src])', (s) => s.length), 0, 'no inline scripts');
  // The same policy comes as an HTTP header (from dist/www/_headers), plus what only a header can say.
  const header = (await resp.allHeaders())['content-security-policy'];
  assert.equal(header, `${csp}; frame-ancestors 'none'`);
  await context.close();
});

/** A second origin (another port): a page that frames ours, and a URL that records who asked. */
async function startElsewhere(target) {
  const hits = [];
  const srv = http.createServer((req, res) => {
    hits.push(req.url);
    if (req.url === '/frame.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>framer</title><iframe id="f" src="${target}" width="800" height="600"></iframe>`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('probe');
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${srv.address().port}`;
  return { origin, hits, close: () => new Promise((r) => { srv.close(r); srv.closeAllConnections?.(); }) };
}

test('CSP as HTTP headers: the page\'s worker cannot fetch another origin, and no page can frame it', async () => {
  const elsewhere = await startElsewhere(server.url);
  const { page, context, errors } = await openPage();
  try {
    // The worker that runs the core: its CSP is the one sent with worker.js (a <meta> tag in the
    // page does not reach it).
    let worker = page.workers().find((w) => w.url().endsWith('/worker.js'));
    if (!worker) worker = await page.waitForEvent('worker', { predicate: (w) => w.url().endsWith('/worker.js'), timeout: 30_000 });
    const tryFetch = (w, url) => w.evaluate((u) => fetch(u, { mode: 'no-cors' }).then(() => 'fetched', (e) => `refused: ${e.message}`), url);
    const r1 = await tryFetch(worker, `${elsewhere.origin}/probe?from=worker`);
    const r2 = await tryFetch(worker, 'https://cloudflare-dns.com/dns-query?name=example.com&type=TXT');
    assert.match(r1, /^refused/, `worker fetched another origin: ${r1}`);
    assert.match(r2, /^refused/, `worker reached the DoH server (only the page may): ${r2}`);
    assert.ok(!elsewhere.hits.some((h) => h.startsWith('/probe')), `the other origin was reached: ${elsewhere.hits}`);
    // The page itself is held to its connect-src too.
    const r3 = await page.evaluate((u) => fetch(u, { mode: 'no-cors' }).then(() => 'fetched', (e) => `refused: ${e.message}`), `${elsewhere.origin}/probe?from=page`);
    assert.match(r3, /^refused/);
    // ...and the worker still does its job under its policy.
    await setDns(page, false);
    const st = await stamp(page);
    await page.click(`button[data-sample="${SIGNED_SAMPLE}"]`);
    assert.ok(['genuine', 'unverified', 'suspicious', 'dangerous'].includes(await waitVerdict(page, st)));
    const violations = errors.filter((e) => /Content Security Policy/i.test(e));
    assert.ok(violations.length >= 1, 'the refused fetches were reported as CSP violations');
    assert.deepEqual(errors.filter((e) => !/Content Security Policy|Failed to fetch/i.test(e)), []);

    // Framed by another origin: refused (frame-ancestors 'none'; X-Frame-Options for old browsers).
    const framer = await context.newPage();
    await framer.goto(`${elsewhere.origin}/frame.html`);
    await framer.waitForLoadState('load');
    const child = framer.frames().find((f) => f !== framer.mainFrame());
    assert.ok(child, 'the iframe exists');
    const loaded = await child.evaluate(() => !!document.querySelector('#check')).catch(() => false);
    assert.equal(loaded, false, `our page rendered inside another origin's frame (${child.url()})`);
    await framer.screenshot({ path: path.join(ARTIFACTS, 'www-framed.png') });
  } finally {
    await context.close();
    await elsewhere.close();
  }
});

test('make run\'s server (scripts/serve-www.sh) sends the same headers as static hosts would', async () => {
  const rules = parseHeadersFile(fs.readFileSync(path.join(WWW, '_headers'), 'utf8'));
  const port = await new Promise((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const proc = spawn(path.join(ROOT, 'scripts', 'serve-www.sh'), [String(port)], { stdio: 'ignore' });
  try {
    const get = async (p) => {
      for (let i = 0; i < 100; i++) { // bounded wait for the server to listen
        try {
          return await fetch(`http://127.0.0.1:${port}${p}`);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error('serve-www.sh did not start');
    };
    for (const p of ['/', '/worker.js', '/app.js', '/pkg/honmono_bg.wasm']) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      const want = headersFor(rules, p);
      assert.ok(want['content-security-policy'], `${p}: _headers gives a CSP`);
      for (const [k, v] of Object.entries(want)) assert.equal(r.headers.get(k), v, `${p}: ${k}`);
      await r.arrayBuffer();
    }
    assert.match((await get('/worker.js')).headers.get('content-security-policy'), /, default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'$/);
    assert.equal((await get('/_headers')).status, 404, 'the host configuration is not served');
  } finally {
    proc.kill();
  }
});

test('the renderer and the page scripts use no HTML sinks and create no links', async () => {
  const { checkPaths } = await import('../../scripts/check-sinks.mjs');
  // Everything the page ships (scripts and HTML), as built, with the shared renderer.
  assert.deepEqual(checkPaths([WWW].filter((d) => fs.existsSync(d))).filter((f) => !f.file.includes(`${path.sep}pkg${path.sep}`)), []);
  const files = ['extension/ui/report-view.js', 'extension/ui/bidi.js', 'www/app.js', 'www/worker.js', 'www/i18n.js'];
  for (const f of files) {
    const src = fs.readFileSync(path.join(ROOT, f), 'utf8');
    assert.doesNotMatch(src, /createElement\(\s*['"](a|img|iframe|script|object|embed|form)['"]/, `${f}: creates active elements`);
    assert.doesNotMatch(src, /\.href\s*=|setAttribute\(\s*['"](href|src|on\w+)['"]/, `${f}: sets a URL or handler attribute`);
  }
});

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
test('the page also works in Firefox (samples give their verdicts)', { skip: !fs.existsSync(FIREFOX) && `no Firefox at ${FIREFOX}` }, async () => {
  const { default: puppeteer } = await import('puppeteer-core');
  const ff = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  try {
    const page = await ff.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"][data-loaded="true"]', { timeout: 30_000 });
    await page.click('label.switch'); // DNS off
    const samples = JSON.parse(fs.readFileSync(path.join(WWW, 'samples/index.json'), 'utf8'));
    const wrong = [];
    for (const s of samples.slice(0, 4)) {
      const before = await page.$eval('#report', (r) => Number(r.dataset.rendered || 0));
      await page.click(`button[data-sample="${s.file}"]`);
      await page.waitForFunction(
        (b) => Number(document.querySelector('#report').dataset.rendered || 0) > b && !document.body.classList.contains('busy'),
        { timeout: VERDICT_TIMEOUT },
        before,
      );
      const v = await page.$eval('#report', (r) => r.dataset.verdict);
      if (v !== s.expected) wrong.push(`${s.file}: expected ${s.expected}, got ${v}`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'www-firefox.png') });
    assert.deepEqual(wrong, []);
    assert.deepEqual(errors, []);
  } finally {
    await ff.close();
  }
});

test('the renderer handles every kind of report (link check, page snapshot) and errors', async () => {
  const { page, context, errors } = await openPage({ width: 380 });
  const out = await page.evaluate(async () => {
    const core = await import('./pkg/honmono.js');
    await core.default();
    const { renderReport, renderError } = await import('./ui/report-view.js');
    const t = () => '';
    const mk = (id) => {
      const d = document.createElement('div');
      d.id = id;
      document.querySelector('main').append(d);
      return d;
    };
    const link = core.checkLink('https://amazon-co-jp.acount-secure.top/coupon?id=1', 'https://www.amazon.co.jp/gp/coupon', 'store-news@amazon.co.jp');
    renderReport(link, mk('r-link'), { lang: 'en', t });
    const snap = core.checkSnapshot(
      { senderName: 'Amazon.co.jp', senderAddress: 'store-news@amazon-co-jp.acount-secure.top', subject: 'Coupon', text: 'Update your payment details within 24 hours', links: [{ text: 'https://www.amazon.co.jp/', href: 'https://amazon-co-jp.acount-secure.top/' }] },
      { dnsEnabled: false },
    );
    renderReport(snap, mk('r-snap'), { lang: 'ja', t });
    renderError('not an e-mail message: <b>x</b>', mk('r-err'), { lang: 'en', t });
    renderReport({}, mk('r-empty'), { lang: 'en', t });
    const info = (id) => {
      const r = document.getElementById(id);
      return { verdict: r.dataset.verdict, sections: r.querySelectorAll('section').length, text: r.textContent };
    };
    return { link: info('r-link'), snap: info('r-snap'), err: info('r-err'), empty: info('r-empty'), linkVerdict: link.verdict, snapVerdict: snap.verdict };
  });
  assert.equal(out.link.verdict, out.linkVerdict || 'unverified');
  assert.ok(out.link.text.includes('amazon-co-jp.acount-secure.top'));
  assert.equal(out.snap.verdict, out.snapVerdict || 'unverified');
  assert.notEqual(out.snap.verdict, 'genuine', 'a page snapshot is never genuine');
  assert.equal(out.err.verdict, 'error');
  assert.ok(out.err.text.includes('<b>x</b>'));
  assert.equal(out.empty.verdict, 'unverified');
  await page.screenshot({ path: path.join(ARTIFACTS, 'www-report-kinds.png'), fullPage: true });
  await context.close();
  assert.deepEqual(errors, []);
});
