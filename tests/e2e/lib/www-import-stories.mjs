// Copies the story fixtures (tests/fixtures/stories/*.eml) into www/samples/ and bundles, for each,
// the DNS answers it needs from tests/fixtures/stories/dns.tsv (test keys) in www/samples/index.json.
// Run after the fixtures are regenerated:  node tests/e2e/lib/www-import-stories.mjs  (needs dist/pkg)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { default: init, dnsNames, check } = await import(path.join(ROOT, 'dist/pkg/honmono.js'));
await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'dist/pkg/honmono_bg.wasm')) });
const STORIES = path.join(ROOT, 'tests/fixtures/stories');
const SAMPLES = path.join(ROOT, 'www/samples');

const tsv = {};
for (const line of fs.readFileSync(path.join(STORIES, 'dns.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [name, txt] = line.split('\t');
  const key = name.trim().toLowerCase();
  tsv[key] ??= [];
  if (txt !== undefined && txt.trim()) tsv[key].push(txt.trim());
}
const stories = [
  ['amazon-survey-zh.eml', 'genuine', 'Amazon Ads survey in Chinese (received by Gmail)', 'Amazon広告のアンケート・中国語（Gmailで受信）'],
  ['amazon-survey-zh-phish.eml', 'dangerous', 'Its phishing twin, with forged Gmail results', '同じアンケートのフィッシング版（Gmailの認証結果を偽造）'],
  ['amazon-coupon-ja.eml', 'genuine', 'Amazon.co.jp coupon (received by Outlook)', 'Amazon.co.jpのクーポン案内（Outlookで受信）'],
  ['amazon-coupon-ja-phish.eml', 'dangerous', 'Coupon phishing from a look-alike domain', 'クーポンのフィッシング版（似せたドメイン）'],
];
const indexPath = path.join(SAMPLES, 'index.json');
const files = new Set(stories.map((s) => s[0]));
const others = JSON.parse(fs.readFileSync(indexPath, 'utf8')).filter((s) => !files.has(s.file));
const imported = [];
for (const [file, expected, en, ja] of stories) {
  fs.copyFileSync(path.join(STORIES, file), path.join(SAMPLES, file));
  const raw = fs.readFileSync(path.join(SAMPLES, file));
  const dns = {};
  for (const n of dnsNames(raw)) if (tsv[n] !== undefined) dns[n] = tsv[n];
  const got = check(raw, dns, { dnsEnabled: true }).verdict;
  console.log(`${got === expected ? 'ok  ' : 'FAIL'} ${file}: expected ${expected}, got ${got}; DNS bundled: ${Object.keys(dns).join(', ')}`);
  imported.push({ file, expected, mode: 'full', title: { en, ja }, dns });
}
fs.writeFileSync(indexPath, JSON.stringify([...imported, ...others], null, 1) + '\n');
