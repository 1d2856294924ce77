// Takes the README screenshot of the web page with a dangerous sample rendered:
//   node tests/e2e/lib/www-screenshot.mjs [out.png] [sample.eml] [lang]
// (after `make build`; default out: docs/screenshot-www.png, sample: amazon-coupon-ja-phish.eml;
// the README's was taken with FROM_TOP=1 HEIGHT=2050).
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, CHROMIUM_ARGS } from './www-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const out = path.resolve(process.argv[2] || path.join(ROOT, 'docs/screenshot-www.png'));
const sample = process.argv[3] || 'amazon-coupon-ja-phish.eml';
const lang = process.argv[4] || 'en';
const width = Number(process.env.WIDTH || 1200);
const height = Number(process.env.HEIGHT || 1500);

const server = await startServer(path.join(ROOT, 'dist/www'));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: lang === 'ja' ? 'ja-JP' : 'en-US', colorScheme: 'light' });
  await context.route('https://cloudflare-dns.com/**', (r) => r.abort());
  const page = await context.newPage();
  await page.goto(`${server.url}?lang=${lang}`);
  await page.waitForSelector('body[data-ready="true"][data-loaded="true"]');
  await page.click('label.switch'); // DNS off: the sample's bundled answers only, no network
  await page.click(`button[data-sample="${sample}"]`);
  await page.waitForFunction(() => document.querySelector('#report')?.dataset.verdict && !document.body.classList.contains('busy'));
  // Open the first finding so the screenshot shows evidence too.
  await page.evaluate(() => {
    const d = document.querySelector('#report .hm-finding details');
    if (d) d.open = true;
  });
  await page.waitForTimeout(600); // smooth scroll
  const y = process.env.FROM_TOP ? 0 : await page.evaluate(() => document.querySelector("#status").getBoundingClientRect().top + window.scrollY - 12);
  await page.evaluate((top) => window.scrollTo(0, top), y);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot: ${out} (${sample}, verdict ${await page.$eval('#report', (r) => r.dataset.verdict)})`);
} finally {
  await browser.close();
  await server.close();
}
