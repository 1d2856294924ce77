// Checks on every runtime message the service worker receives: who sent it and what it carries.

export const WEBMAIL_ORIGINS = Object.freeze([
  'https://mail.google.com',
  'https://outlook.live.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.cloud.microsoft',
  'https://mail.yahoo.com',
  'https://mail.yahoo.co.jp',
]);

/** The webmail adapters (content scripts) and the `webmail` / `diag.adapter` names they send. */
export const ADAPTERS = Object.freeze(['gmail', 'outlook', 'yahoo', 'yahoo-jp']);

export const MAX_RAW_BYTES = 25 * 1024 * 1024;
const MAX_TEXT = 1024 * 1024;
const MAX_LINKS = 2000;

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The message comes from our own content script, in the top frame of an allowed webmail tab. */
export function isOurContentScript(sender, runtimeId) {
  if (!sender || sender.id !== runtimeId) return false;
  if (!sender.tab || !Number.isInteger(sender.tab.id) || sender.tab.id < 0) return false;
  if (sender.frameId !== undefined && sender.frameId !== 0) return false;
  const origins = [];
  if (sender.origin !== undefined) origins.push(sender.origin);
  if (sender.url !== undefined) origins.push(originOf(sender.url));
  if (!origins.length) return false;
  return origins.every((o) => WEBMAIL_ORIGINS.includes(o));
}

/**
 * The message comes from one of our own pages (popup, options). `extensionBase` is
 * runtime.getURL('') ("chrome-extension://<id>/" or "moz-extension://<uuid>/").
 */
export function isOurPage(sender, runtimeId, extensionBase) {
  if (!sender || sender.id !== runtimeId) return false;
  if (typeof sender.url !== 'string' || !sender.url.startsWith(extensionBase)) return false;
  if (sender.origin !== undefined && `${sender.origin}/` !== extensionBase) return false;
  return true;
}

const str = (v, max) => typeof v === 'string' && v.length <= max;
const optStr = (v, max) => v === undefined || v === null || str(v, max);

/** `{senderName, senderAddress, subject, text, links: [{text, href}]}` within size limits. */
export function validSnapshot(s) {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return false;
  if (!optStr(s.senderName, 1024) || !optStr(s.senderAddress, 512) || !optStr(s.subject, 4096)) return false;
  if (!str(s.text, MAX_TEXT)) return false;
  if (!Array.isArray(s.links) || s.links.length > MAX_LINKS) return false;
  return s.links.every((l) => l && typeof l === 'object' && str(l.text, 4096) && str(l.href, 8192));
}

/** Copies only the known fields (nothing else from the page reaches the core). */
export function cleanSnapshot(s) {
  return {
    senderName: s.senderName ?? undefined,
    senderAddress: s.senderAddress ?? undefined,
    subject: s.subject ?? undefined,
    text: s.text,
    links: s.links.map((l) => ({ text: l.text, href: l.href })),
  };
}

/**
 * A raw message as the content script hands it over (content/common.js `rawOf`) -> bytes, or
 * null if invalid: with `encoding` 'utf-8' the text of UTF-8 bytes (encoded back into the same
 * bytes), else a "binary string" (one char per byte, 0..255).
 */
export function rawToBytes(raw, encoding) {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RAW_BYTES) return null;
  if (encoding === 'utf-8') {
    const bytes = new TextEncoder().encode(raw);
    return bytes.length <= MAX_RAW_BYTES ? bytes : null;
  }
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = c;
  }
  return out;
}

/**
 * Diagnostics a content script may attach to `honmono:opened` (optional; contract shared by the
 * adapters):
 *   diag: { adapter: 'gmail'|'outlook'|'yahoo'|'yahoo-jp',
 *           attempts: [{ how: 'gmail:attachment-download' | 'outlook:getitem-mime' | 'page' | …,
 *                        ok: boolean,
 *                        error?: 'HTTP 403' | 'TypeError' | 'NotAMessage' | … }] }
 * `how` is `adapter:step` or `page`; `error` is an HTTP status or an error name, never text from
 * the message or the page. Anything else returns null: a missing or malformed `diag` is dropped,
 * it never makes the report itself invalid.
 */
export function cleanDiag(d) {
  if (!d || typeof d !== 'object' || Array.isArray(d)) return null;
  if (!ADAPTERS.includes(d.adapter) || !Array.isArray(d.attempts) || d.attempts.length > 16) return null;
  const attempts = [];
  for (const a of d.attempts) {
    if (!a || typeof a !== 'object' || typeof a.ok !== 'boolean') return null;
    if (typeof a.how !== 'string' || !/^(?:page|[a-z][a-z0-9-]{0,15}:[a-z][a-z0-9-]{0,39})$/.test(a.how)) return null;
    if (a.error !== undefined && (typeof a.error !== 'string' || !/^(?:HTTP [1-5][0-9]{2}|[A-Za-z][A-Za-z0-9]{0,39})$/.test(a.error))) return null;
    attempts.push(a.error === undefined ? { how: a.how, ok: a.ok } : { how: a.how, ok: a.ok, error: a.error });
  }
  return { adapter: d.adapter, attempts };
}

/** Shape of a content script's "message opened" report. */
export function validOpened(m) {
  if (!str(m.key, 512) || !Number.isSafeInteger(m.seq) || m.seq < 0) return false;
  if (!ADAPTERS.includes(m.webmail)) return false;
  if (m.partial !== undefined && typeof m.partial !== 'boolean') return false;
  if (!['raw', 'headers+page', 'page'].includes(m.source)) return false;
  if (m.source !== 'page' && (typeof m.raw !== 'string' || m.raw.length > MAX_RAW_BYTES)) return false;
  if (m.rawEncoding !== undefined && m.rawEncoding !== 'utf-8') return false;
  if (!optStr(m.why, 500)) return false;
  if (m.fetchMs !== undefined && !(typeof m.fetchMs === 'number' && m.fetchMs >= 0)) return false;
  return validSnapshot(m.snapshot);
}
