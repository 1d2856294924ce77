// `make bench` (scripts/bench.sh) step: the extension's time from "message opened" to "badge set",
// in real headless Chromium with dist/extension, on the test fixtures (Gmail fixture page with
// its raw source and DoH served through Playwright routes; Outlook fixture over HTTPS).
//   warm   the service worker is running;
//   cold   the worker was stopped first (as Chrome stops an idle worker): it starts, compiles and
//          instantiates the core, restores the warm heap image, then checks;
//   cold, no image   the same with the stored image deleted first (what a first start pays);
//   large  warm, messages over 50 KB (100 KB, 1 MB, 5 MB).
// Medians of N runs; the raw-source fetch and DoH are included (and shown apart).
// Usage: node scripts/bench-extension.mjs [--runs N] [--json out.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as H from '../tests/e2e/lib/ext-harness.mjs';
import { startOwaServer, OUTLOOK_HOSTS } from '../tests/e2e/lib/owa-server.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('--runs', process.env.BENCH_EXT_RUNS || 15));
const JSON_OUT = opt('--json', null);

if (!fs.existsSync(path.join(H.EXT_DIR, 'manifest.json'))) {
  console.error('bench-extension: dist/extension missing (make build)');
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'honmono-bench-ext-'));
const core = await H.loadCore();
const mails = H.chooseMails();
const owa = await startOwaServer(H.FIX);
const b = await H.launchChromium(chromium, { extraArgs: owa.chromiumArgs });
const served = new Map();
await H.installRoutes(b.context, { dns: mails.dns, mails: served, passThrough: (u) => OUTLOOK_HOSTS.includes(u.hostname) });
const gmail = await b.context.newPage();
await gmail.goto('https://mail.google.com/mail/u/0/#inbox');

/** A Gmail-delivered message of about `bytes`: a short HTML part and a base64 attachment. */
function withAttachment(bytes) {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
  const att = line.repeat(Math.ceil(bytes / line.length));
  const raw = fs.readFileSync(path.join(H.FIX, 'mail', 'gmail-genuine.eml'), 'latin1');
  const cut = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, cut).replace(/Content-Type: text\/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64/, 'Content-Type: multipart/mixed; boundary="b1"');
  const file = path.join(tmp, `att-${bytes}.eml`);
  fs.writeFileSync(file, Buffer.from(`${head}\r\n\r\n--b1\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${raw.slice(cut + 4)}\r\n--b1\r\nContent-Type: application/pdf; name="invoice.pdf"\r\nContent-Disposition: attachment; filename="invoice.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${att}--b1--\r\n`, 'latin1'));
  return file;
}

/** A Gmail-delivered HTML newsletter of about `bytes` (paragraphs and links). */
function bigMessage(bytes) {
  const para = (i) => `<p>ご注文の商品を発送しました。Your order has shipped. <a href="https://www.example-shop.com/orders/${i}?utm_source=mail">https://www.example-shop.com/orders/${i}</a></p>\r\n`;
  const parts = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) { const p = para(i); parts.push(p); n += Buffer.byteLength(p); }
  const head = [
    'Delivered-To: hanako.test@gmail.com',
    'Received: from mail.example-shop.com (mail.example-shop.com. [192.0.2.25])',
    '        by mx.google.com with ESMTPS id bench;',
    '        Tue, 17 Nov 2026 01:02:03 -0800 (PST)',
    'Authentication-Results: mx.google.com;',
    '       spf=pass (google.com: domain of news@example-shop.com designates 192.0.2.25 as permitted sender) smtp.mailfrom=news@example-shop.com;',
    '       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example-shop.com',
    'From: Example Shop <news@example-shop.com>', 'To: hanako.test@gmail.com', 'Subject: Your orders',
    'Date: Tue, 17 Nov 2026 09:02:00 +0000', 'Message-ID: <bench@example-shop.com>', 'MIME-Version: 1.0',
    'Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: 8bit', '', '<html><body>',
  ].join('\r\n');
  const file = path.join(tmp, `big-${bytes}.eml`);
  fs.writeFileSync(file, `${head}\r\n${parts.join('')}</body></html>\r\n`);
  return file;
}

let counter = 0;
async function openGmail(file) {
  counter++;
  const n = BigInt(1792000000000000000n + BigInt(counter));
  const ids = { legacyId: n.toString(16), permDec: n.toString(), threadDec: (n + 500000n).toString() };
  served.set(ids.legacyId, { file, mode: 'ok', ...ids });
  const small = fs.statSync(file).size < 1024 * 1024;
  const d = small ? await H.displayOf(core, file) : { subject: 'Your orders', fromName: 'Example Shop', fromEmail: 'news@example-shop.com', text: 'Your orders\n', links: [] };
  await gmail.evaluate((m) => window.hmFixture.open(m), { ...d, ...ids });
  const openedAt = await gmail.evaluate(() => window.__openedAt);
  const r = await H.waitForReport(b.context.serviceWorkers()[0], ids.legacyId, { timeoutMs: 120000 });
  return { ms: r.at - openedAt, fetchMs: r.timing.fetchMs, dnsMs: r.timing.dnsMs, checkMs: r.timing.checkMs, verdict: r.verdict };
}

// Stopping the worker as Chrome stops an idle one (DevTools protocol, see the harness).
const worker = await H.workerControl(b.context, b.extId);
const stopWorker = () => worker.stop();
const sw = () => b.context.serviceWorkers()[0];

const fixtures = [mails.gmail.genuine, mails.gmail.phish, mails.own.gmail.genuine, mails.own.gmail.phish];
const results = {};
const summarise = (name, runs, extra = {}) => {
  results[name] = {
    runs: runs.length,
    median_ms: H.median(runs.map((r) => r.ms)),
    median_fetch_ms: H.median(runs.map((r) => r.fetchMs)),
    median_dns_ms: H.median(runs.map((r) => r.dnsMs)),
    median_check_ms: H.median(runs.map((r) => r.checkMs)),
    ...extra,
  };
};

// Prime: the image exists and DoH answers are cached (as after normal use).
for (const f of fixtures) await openGmail(f);

const warm = [];
for (let i = 0; i < RUNS; i++) warm.push(await openGmail(fixtures[i % fixtures.length]));
summarise('gmail warm', warm);

const cold = [];
const coldStart = [];
for (let i = 0; i < RUNS; i++) {
  await stopWorker();
  cold.push(await openGmail(fixtures[i % fixtures.length]));
  const t = await sw().evaluate(() => ({ from: globalThis.honmono.core.startedFrom(), ...globalThis.honmono.core.timings() }));
  coldStart.push(t);
}
summarise('gmail cold', cold, {
  started_from: [...new Set(coldStart.map((t) => t.from))].join(','),
  median_core_init_ms: H.median(coldStart.map((t) => t.initMs)),
  median_core_restore_ms: H.median(coldStart.map((t) => t.restoreMs)),
  median_core_precompile_ms: H.median(coldStart.map((t) => t.precompileMs)),
});

const coldNoImage = [];
const noImageStart = [];
for (let i = 0; i < Math.max(3, Math.round(RUNS / 3)); i++) {
  await sw().evaluate(() => globalThis.honmono.core.deleteImage());
  await stopWorker();
  coldNoImage.push(await openGmail(fixtures[i % fixtures.length]));
  noImageStart.push(await sw().evaluate(() => ({ from: globalThis.honmono.core.startedFrom(), ...globalThis.honmono.core.timings() })));
}
summarise('gmail cold, no image', coldNoImage, {
  started_from: [...new Set(noImageStart.map((t) => t.from))].join(','),
  median_core_init_ms: H.median(noImageStart.map((t) => t.initMs)),
  median_core_warm_ms: H.median(noImageStart.map((t) => t.warmMs)),
});

const sizeName = (size) => (size >= 1048576 ? `${size / 1048576} MB` : `${size / 1024} KB`);
for (const [kind, make] of [['attachment', withAttachment], ['html+links', bigMessage]]) {
  for (const size of [100 * 1024, 1024 * 1024, 5 * 1024 * 1024]) {
    const file = make(size);
    await openGmail(file); // its DoH names cached
    const runs = [];
    for (let i = 0; i < Math.max(5, Math.round(RUNS / 2)); i++) runs.push(await openGmail(file));
    summarise(`gmail warm ${sizeName(size)} ${kind}`, runs, { bytes: fs.statSync(file).size });
  }
}

// Outlook: conversation id resolved and the MIME fetched by the worker with the page's token.
const outlook = await b.context.newPage();
await outlook.goto('https://outlook.office.com/mail/inbox');
await outlook.evaluate(() => window.hmFixture.ready);
const tabId = await sw().evaluate((u) => chrome.tabs.query({}).then((ts) => ts.find((t) => t.url === u)?.id), outlook.url());
let oc = 0;
const outlookSeq = () => sw().evaluate((t) => globalThis.honmono.tabs.get(t)?.seq ?? -1, tabId);
async function openOutlook(file, seq0) {
  oc++;
  const convId = `AAQkADAwATM0MDAAMS1i/NWUy+LTcyAGE3LTAwAi0wMAoAEBENCH${oc}Q=`;
  const itemId = `AAMkADAwATM0MDAAMS1i/NWUy+LTcyAGE3LTAwAi0wMAoARgAAABENCH${oc}AAA=`;
  const d = await H.displayOf(core, file);
  owa.state.mails.set(itemId, { file, mode: 'ok' });
  owa.state.conversations.set(convId, [{ itemId, from: d.fromEmail, name: d.fromName, received: '2026-11-17T09:02:04Z' }]);
  await outlook.evaluate((c) => window.hmFixture.open(c), { convId, urlId: 'conv', subject: d.subject, messages: [{ ...d, expanded: true }] });
  const openedAt = await outlook.evaluate(() => window.__openedAt);
  for (let i = 0; i < 6000; i++) {
    const r = await sw().evaluate(({ t, seq0 }) => {
      const st = globalThis.honmono.tabs.get(t);
      if (!st || st.status !== 'done' || st.seq <= seq0) return null;
      const badge = [...globalThis.honmono.badgeLog].reverse().find((x) => x.tabId === t);
      return { at: badge?.at, timing: st.timing, verdict: st.report.verdict, source: st.source };
    }, { t: tabId, seq0 });
    if (r) return { ms: r.at - openedAt, fetchMs: r.timing.fetchMs, dnsMs: r.timing.dnsMs, checkMs: r.timing.checkMs, verdict: r.verdict, source: r.source };
    await H.sleep(10);
  }
  throw new Error('no Outlook report');
}
const oFiles = [mails.outlook.genuine, mails.outlook.phish];
for (const f of oFiles) await openOutlook(f, await outlookSeq());
const oWarm = [];
for (let i = 0; i < RUNS; i++) oWarm.push(await openOutlook(oFiles[i % 2], await outlookSeq()));
summarise('outlook warm', oWarm, { source: [...new Set(oWarm.map((r) => r.source))].join(',') });
const oCold = [];
for (let i = 0; i < Math.max(5, Math.round(RUNS / 2)); i++) {
  const seq0 = await outlookSeq(); // (the stopped worker cannot be asked)
  await stopWorker();
  oCold.push(await openOutlook(oFiles[i % 2], seq0));
}
summarise('outlook cold', oCold, { source: [...new Set(oCold.map((r) => r.source))].join(',') });

await b.close();
await owa.close();
fs.rmSync(tmp, { recursive: true, force: true });

const rows = Object.entries(results);
const pad = (s, n) => String(s).padEnd(n);
console.log('\nExtension: message opened -> badge set (headless Chromium, fixtures; medians, ms)');
console.log(`${pad('case', 30)}${pad('runs', 6)}${pad('total', 8)}${pad('fetch', 8)}${pad('DoH', 7)}${pad('check', 8)}notes`);
for (const [name, r] of rows) {
  const notes = [
    r.started_from && `core from ${r.started_from}`,
    r.median_core_init_ms !== undefined && `compile+instantiate ${Math.round(r.median_core_init_ms)} ms`,
    r.median_core_warm_ms !== undefined && `warm-up ${Math.round(r.median_core_warm_ms)} ms`,
    r.median_core_restore_ms !== undefined && `image restore ${Math.round(r.median_core_restore_ms)} ms, first-run compile ${Math.round(r.median_core_precompile_ms)} ms`,
    r.bytes && `${(r.bytes / 1048576).toFixed(2)} MB`,
    r.source && `source ${r.source}`,
  ].filter(Boolean).join('; ');
  console.log(`${pad(name, 30)}${pad(r.runs, 6)}${pad(Math.round(r.median_ms), 8)}${pad(Math.round(r.median_fetch_ms), 8)}${pad(Math.round(r.median_dns_ms), 7)}${pad(Math.round(r.median_check_ms), 8)}${notes}`);
}
console.log(`budgets: cold start < 150 ms median (gmail cold: ${Math.round(results['gmail cold'].median_ms)} ms); 5 MB message < 150 ms (attachment: ${Math.round(results['gmail warm 5 MB attachment'].median_ms)} ms, html+links: ${Math.round(results['gmail warm 5 MB html+links'].median_ms)} ms)`);
console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 1));
