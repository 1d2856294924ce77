// DNS-over-HTTPS (JSON API) for the TXT records the core asks for (DKIM keys, DMARC policies).
// Only the DNS name leaves the browser. Answers are cached for their TTL in chrome.storage.session
// (memory only, cleared when the browser closes) with an in-memory copy in front of it.
//
// The names come from the message, so its sender chooses them, and a per-recipient selector
// tells the sender the message was opened. So: the core orders and caps the names (DMARC record
// first, then keys that can prove the sender); at most MAX_NAMES are asked here too; "no such
// record" is kept for an hour (NEGATIVE_TTL), so reopening a message asks nothing again; and
// resolvers that would forward the user's subnet to the sender's name server are told not to
// (ecsOptOut). Cloudflare, the default, never forwards it.

export const DEFAULT_ENDPOINT = 'https://cloudflare-dns.com/dns-query';

export const MAX_NAMES = 16;
const MIN_TTL = 30;
const MAX_TTL = 86400;
export const NEGATIVE_TTL = 3600;
const TIMEOUT_MS = 4000;
const memory = new Map();

/** A DNS name the core may ask for: letters, digits, '_', '-', '.', at most 253 characters. */
export function isDnsName(name) {
  return typeof name === 'string' && name.length > 0 && name.length <= 253 &&
    /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(name) &&
    name.split('.').every((l) => l.length <= 63);
}

/** A DoH endpoint: an https URL without credentials, query or fragment. */
export function isEndpoint(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && !u.search && !u.hash && !!u.hostname;
  } catch {
    return false;
  }
}

/**
 * The query parameter that asks a JSON DoH resolver not to send the client's subnet (EDNS Client
 * Subnet) to the name server, for the resolvers that take one (Google Public DNS documents
 * `edns_client_subnet=0.0.0.0/0`), else null.
 */
export function ecsOptOut(endpoint) {
  try {
    const host = new URL(endpoint).hostname.toLowerCase().replace(/\.$/, '');
    return host === 'dns.google' || host === 'dns.google.com' ? ['edns_client_subnet', '0.0.0.0/0'] : null;
  } catch {
    return null;
  }
}

/** TXT `data` from the JSON API: `"a" "b"` (Cloudflare) or plain text (Google) -> "ab". */
export function txtData(data) {
  if (typeof data !== 'string') return '';
  const s = data.trim();
  if (!s.startsWith('"')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '"') { i++; continue; }
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) {
        const m = /^\\(\d{3})/.exec(s.slice(i, i + 4));
        if (m) { out += String.fromCharCode(Number(m[1])); i += 4; continue; }
        out += s[i + 1];
        i += 2;
        continue;
      }
      out += s[i++];
    }
    i++;
  }
  return out;
}

const storage = () => globalThis.chrome?.storage?.session;

async function cacheGet(key) {
  const now = Date.now();
  const m = memory.get(key);
  if (m) {
    if (m.exp > now) return m;
    memory.delete(key);
  }
  try {
    const st = storage();
    if (!st) return null;
    const v = (await st.get(key))[key];
    if (v && v.exp > now) {
      memory.set(key, v);
      return v;
    }
  } catch { /* session storage unavailable: memory only */ }
  return null;
}

async function cachePut(key, value) {
  memory.set(key, value);
  try {
    await storage()?.set({ [key]: value });
  } catch { /* quota or unavailable: memory only */ }
}

async function queryOne(endpoint, name, fetchImpl) {
  const url = new URL(endpoint);
  url.searchParams.set('name', name);
  url.searchParams.set('type', 'TXT');
  const ecs = ecsOptOut(endpoint);
  if (ecs) url.searchParams.set(ecs[0], ecs[1]);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  try {
    const res = await fetchImpl(url.href, {
      headers: { accept: 'application/dns-json' },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: ctl.signal,
    });
    if (!res.ok) return null;
    const j = await res.json();
    if (j.Status === 3) return { txts: [], ttl: NEGATIVE_TTL }; // NXDOMAIN: no such record
    if (j.Status !== 0) return null; // SERVFAIL etc.: unknown, leave it missing
    const answers = (j.Answer || []).filter((a) => a.type === 16);
    if (!answers.length) return { txts: [], ttl: NEGATIVE_TTL };
    const ttl = Math.min(...answers.map((a) => (Number.isFinite(a.TTL) ? a.TTL : NEGATIVE_TTL)));
    return { txts: answers.map((a) => txtData(a.data)), ttl };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves TXT names. Returns `{ answers: {name: [txt...]}, queried: n, fromCache: n }`; names that
 * could not be resolved are left out (the core reports them as missing).
 */
export async function resolveTxt(names, { endpoint = DEFAULT_ENDPOINT, fetchImpl = fetch } = {}) {
  const answers = {};
  let queried = 0;
  let fromCache = 0;
  const wanted = [...new Set(names.filter(isDnsName).map((n) => n.toLowerCase().replace(/\.$/, '')))]
    .slice(0, MAX_NAMES);
  await Promise.all(wanted.map(async (name) => {
    const key = `dns|${endpoint}|${name}`;
    const hit = await cacheGet(key);
    if (hit) {
      fromCache++;
      answers[name] = hit.txts;
      return;
    }
    queried++;
    const r = await queryOne(endpoint, name, fetchImpl);
    if (!r) return;
    const ttl = r.txts.length ? Math.max(MIN_TTL, Math.min(MAX_TTL, r.ttl)) : NEGATIVE_TTL;
    answers[name] = r.txts;
    await cachePut(key, { txts: r.txts, exp: Date.now() + ttl * 1000 });
  }));
  return { answers, queried, fromCache };
}

/** Forget every cached answer (used when the endpoint changes). */
export async function clearDnsCache() {
  memory.clear();
  try {
    const st = storage();
    if (!st) return;
    const all = await st.get(null);
    const keys = Object.keys(all).filter((k) => k.startsWith('dns|'));
    if (keys.length) await st.remove(keys);
  } catch { /* nothing to clear */ }
}
