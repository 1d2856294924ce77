// Honmono service worker (Chrome) / background script (Firefox), ES module.
// Loads the core once, checks what our content scripts send, looks up DKIM keys / DMARC records
// over DNS-over-HTTPS (names only), keeps one report per tab in memory, sets the badge, and runs
// the "Check this link" context menu. Message content never leaves the browser.

import * as core from './lib/core.js';
import { showBidiControls } from './ui/bidi.js';
import { VERDICTS, ON_COLOR, lookOf } from './ui/verdict-look.js';
import { DEFAULT_ENDPOINT, resolveTxt, isEndpoint, clearDnsCache } from './lib/dns.js';
import {
  isOurContentScript, isOurPage, validOpened, cleanSnapshot, cleanDiag, rawToBytes, MAX_RAW_BYTES,
  WEBMAIL_ORIGINS,
} from './lib/validate.js';
import { watchOwaRequests, fetchOwaSource, isOwaId, owaDiagnostics } from './lib/owa.js';

const api = globalThis.browser ?? globalThis.chrome;
const MENU_ID = 'honmono-check-link';
const EXT_BASE = api.runtime.getURL('');

// Compiled, instantiated and warmed as soon as the worker wakes (the content script's "pending"
// wakes it while it still fetches the source), so the badge does not wait for it.
const ready = core.start();
// Listeners must be registered at the top level to wake the worker.
watchOwaRequests(api);

// ---------------------------------------------------------------------------------------------
// Settings (the only thing persisted, with the session-only DNS cache)

const DEFAULT_SETTINGS = Object.freeze({ dohEnabled: true, dohEndpoint: DEFAULT_ENDPOINT });
let settingsCache = null;

async function settings() {
  if (settingsCache) return settingsCache;
  const s = await api.storage.local.get(DEFAULT_SETTINGS);
  settingsCache = {
    dohEnabled: s.dohEnabled !== false,
    dohEndpoint: isEndpoint(s.dohEndpoint) ? s.dohEndpoint : DEFAULT_ENDPOINT,
  };
  return settingsCache;
}

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  settingsCache = null;
  const ep = changes.dohEndpoint;
  if (ep && ep.oldValue !== undefined && ep.oldValue !== ep.newValue) clearDnsCache();
});

// ---------------------------------------------------------------------------------------------
// Per-tab state (memory only; after a worker restart the popup asks the page to re-send)

/** tabId -> { pageId, seq, key, status: 'pending'|'done', report, source, why, webmail, timing, diag, host } */
const tabs = new Map();
/** For tests and diagnostics: the last badges set, newest last. */
const badgeLog = [];

const uiLang = () => ((api.i18n.getUILanguage?.() || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en');

function oneLine(s) {
  return String(s || '').replace(/\s+/g, ' ').trim();
}

/** The badge for `report` (symbol and colour from ui/verdict-look.js); empty without one. */
async function setBadge(tabId, report) {
  const b = report ? lookOf(VERDICTS.includes(report.verdict) ? report.verdict : 'unverified') : null;
  const text = b ? b.symbol : '';
  let title = api.i18n.getMessage('extName');
  if (report) {
    const verdict = api.i18n.getMessage(b.word);
    const summary = oneLine(report.summary?.[uiLang()] || report.summary?.en);
    title = summary.toLowerCase().startsWith(verdict.toLowerCase()) || !verdict ? `Honmono — ${summary}` : `Honmono — ${verdict}: ${summary}`;
  }
  try {
    await Promise.all([
      api.action.setBadgeText({ tabId, text }),
      b && api.action.setBadgeBackgroundColor({ tabId, color: b.color }),
      b && api.action.setBadgeTextColor?.({ tabId, color: ON_COLOR }),
      api.action.setTitle({ tabId, title: showBidiControls(title) }), // no reordering trick in the tooltip
    ]);
  } catch {
    return; // the tab went away
  }
  badgeLog.push({ tabId, text, verdict: report?.verdict ?? null, at: Date.now() });
  if (badgeLog.length > 200) badgeLog.splice(0, badgeLog.length - 200);
}

async function clearTab(tabId) {
  tabs.delete(tabId);
  await setBadge(tabId, null);
}

api.tabs.onRemoved.addListener((tabId) => {
  tabs.delete(tabId);
  owaFetched.delete(tabId);
});
api.tabs.onUpdated.addListener((tabId, info, tab) => {
  // A real page load: the content script (if any) re-reports; anything else has no open message.
  if (info.status !== 'loading') return;
  const url = info.url || tab?.url;
  let webmail = false;
  try {
    webmail = WEBMAIL_ORIGINS.includes(new URL(url).origin);
  } catch { /* no URL: not ours */ }
  if (!webmail && tabs.has(tabId)) clearTab(tabId);
});

// ---------------------------------------------------------------------------------------------
// Checking a message

function extNote(source, why, webmail, extra = {}) {
  if (source === 'raw') return extra.truncated ? api.i18n.getMessage('ext_source_truncated') : null;
  if (source === 'headers+page') {
    if (webmail === 'yahoo-jp') return api.i18n.getMessage('ext_source_headers_page_yahoo_jp');
    return api.i18n.getMessage(extra.dialog ? 'ext_source_details_dialog' : 'ext_source_headers_page');
  }
  if (source === 'headers') return api.i18n.getMessage('ext_source_unreadable', [why || api.i18n.getMessage('ext_reason_unknown')]);
  // Outlook: nothing reached the headers; one step by the user does (the details dialog).
  if (webmail === 'outlook') return api.i18n.getMessage('ext_outlook_open_details', [why || api.i18n.getMessage('ext_reason_unknown')]);
  return api.i18n.getMessage('ext_source_page_only', [why || api.i18n.getMessage('ext_reason_unknown')]);
}

const RANK = { genuine: 0, unverified: 1, suspicious: 2, dangerous: 3 };
const rank = (r) => RANK[r?.verdict] ?? RANK.unverified;

/** The extension's own findings (lib/findings.json), loaded when first needed. */
let extFindings = null;
async function extFinding(id, evidence, vars = {}) {
  if (!extFindings) extFindings = await (await fetch(api.runtime.getURL('lib/findings.json'))).json();
  const f = extFindings[id];
  const fill = (t) => t.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : ''));
  return { id, severity: f.severity, evidence: String(evidence || '').slice(0, 500), message: { en: fill(f.en), ja: fill(f.ja) } };
}

/** The header block of a raw message, cut at the first empty line (CRLF or LF). */
function headerBlock(bytes) {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return bytes.subarray(0, i + 1);
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return bytes.subarray(0, i + 1);
  }
  return bytes;
}

/**
 * The header block for a second look when the core refused the whole source: control bytes
 * (other than tab, CR, LF) become spaces, so that one hostile header cannot make the provider's
 * results unreadable. Signatures are not re-verified on it (bodyFromPage), so the change cannot
 * make a signature pass.
 */
function readableHeaders(bytes) {
  const head = headerBlock(bytes).slice(0, MAX_RAW_BYTES);
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) head[i] = 0x20;
  }
  return head;
}

const reasonOf = (e) => (e instanceof core.CoreTrap ? api.i18n.getMessage('ext_reason_core_trap') : oneLine(e?.message).slice(0, 200));

/**
 * Checks one message. For a source fetched from the provider the rules are:
 * - the whole source is checked with `fromProvider` (the core then analyses headers and a
 *   truncated body of oversized input, skips the binary-input test and says so);
 * - if the core still refuses it (or stops on it), its headers alone are checked, and the
 *   result is never replaced by a better page-only verdict: the page's check can only make it
 *   worse ("source unreadable" is added as a warning);
 * - only when not even the headers are a message does the page alone decide.
 */
async function analyse(m) {
  await ready;
  const s = await settings();
  const t0 = performance.now();
  let dnsMs = 0;
  const snapshot = cleanSnapshot(m.snapshot);
  const pageReport = () => core.call((c) => c.checkSnapshot(snapshot, { dnsEnabled: false }));
  const lookUp = async (names) => {
    if (!s.dohEnabled || !names.length) return {};
    const d0 = performance.now();
    const r = await resolveTxt(names, { endpoint: s.dohEndpoint });
    dnsMs += performance.now() - d0;
    return r.answers;
  };
  const done = (report, source, why = null, extra = {}) => ({
    report, source, why, checkMs: performance.now() - t0 - dnsMs, dnsMs, ...extra,
  });

  let why = m.why || null;
  // Over 25 MB the content script sends the headers and the first 25 MB (lib common.js).
  const truncated = m.truncated && Number.isSafeInteger(m.truncated.totalBytes) && m.truncated.totalBytes > MAX_RAW_BYTES
    ? { totalBytes: m.truncated.totalBytes } : null;
  if (m.source !== 'page') {
    const bytes = m.bytes instanceof Uint8Array ? m.bytes : rawToBytes(m.raw, m.rawEncoding);
    if (bytes) {
      // With a body rebuilt from the page (Outlook headers only) or cut short (over 25 MB) the
      // core does not re-verify signatures, so only the DMARC policy names are worth asking for.
      const bodyFromPage = m.source === 'headers+page' || !!truncated;
      const options = { dnsEnabled: s.dohEnabled, bodyFromPage, fromProvider: true };
      const wanted = (names) => names.filter((n) => !bodyFromPage || !n.includes('._domainkey.'));
      try {
        const names = wanted(await core.call((c) => c.dnsNames(bytes, options)));
        const answers = await lookUp(names);
        const report = await core.call((c) => c.check(bytes, answers, options));
        if (truncated) report.findings.push(await extFinding('ext.source_truncated', `${truncated.totalBytes} bytes`, { size: (truncated.totalBytes / 1048576).toFixed(1) }));
        return done(report, m.source, null, { truncated: !!truncated });
      } catch (e) {
        why = reasonOf(e);
      }
      // The headers alone: the provider's authentication results must survive a body (or one
      // header) the core will not take.
      let headersReport = null;
      try {
        const head = readableHeaders(bytes);
        const names = wanted(await core.call((c) => c.dnsNames(head, options))).filter((n) => !n.includes('._domainkey.'));
        const answers = await lookUp(names);
        headersReport = await core.call((c) => c.check(head, answers, { ...options, bodyFromPage: true }));
      } catch {
        headersReport = null; // not even the headers are a message: the page decides below
      }
      if (headersReport) {
        const page = await pageReport().catch(() => null);
        const report = page && rank(page) > rank(headersReport) ? page : headersReport;
        report.findings.unshift(await extFinding('ext.source_unreadable', why, { reason: why }));
        return done(report, 'headers', why);
      }
      why = api.i18n.getMessage('ext_reason_not_message', [why]);
    } else {
      why = api.i18n.getMessage('ext_reason_too_large');
    }
  }
  return done(await pageReport(), 'page', why);
}

/** Validates a content script's `owaRef` request: ids, a sender address, an ordinal. */
function validOwaRef(r) {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return null;
  const out = {};
  if (r.itemId !== undefined && r.itemId !== null) { if (!isOwaId(r.itemId)) return null; out.itemId = r.itemId; }
  if (r.convId !== undefined && r.convId !== null) { if (!isOwaId(r.convId)) return null; out.convId = r.convId; }
  if (!out.itemId && !out.convId) return null;
  if (r.sender !== undefined && r.sender !== null) {
    if (typeof r.sender !== 'string' || r.sender.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(r.sender)) return null;
    out.sender = r.sender;
  }
  if (r.ordinal !== undefined) { if (!Number.isSafeInteger(r.ordinal) || r.ordinal < 0 || r.ordinal > 500) return null; out.ordinal = r.ordinal; }
  return out;
}

/**
 * Sources fetched from OWA for a tab, waiting for the content script's "opened" report that names
 * them (the bytes stay in this worker: they never travel to the page and back).
 * tabId -> { ref: string, bytes, at }
 */
const owaFetched = new Map();

async function onOwaSource(tabId, origin, m) {
  const ref = validOwaRef(m.ref);
  if (!ref) return { ok: false, attempts: [{ how: 'outlook:getitem-mime', ok: false, error: 'BadRequest' }] };
  const r = await fetchOwaSource(tabId, origin, ref);
  if (r.bytes) {
    const token = `owa-${crypto.randomUUID()}`;
    owaFetched.set(tabId, { token, bytes: r.bytes, at: Date.now() });
    return { ok: true, sourceRef: token, size: r.bytes.length, attempts: r.attempts };
  }
  if (r.headers) return { ok: true, headers: r.headers.slice(0, 1024 * 1024), attempts: r.attempts };
  return { ok: false, needsAuth: !!r.needsAuth, attempts: r.attempts };
}

/** A body the page showed only in part (Gmail clips messages over ~100 KB): the report says so. */
function notePartial(report, source) {
  if (source !== 'page' || !report || !Array.isArray(report.not_checked)) return;
  // In the UI language: the popup and the badge title render in that language too.
  const text = api.i18n.getMessage('ext_partial_body');
  report.not_checked.unshift({ en: text, ja: text });
}

async function onOpened(tabId, m, host) {
  const cur = tabs.get(tabId);
  if (cur && cur.pageId === m.pageId && m.seq < cur.seq) return { stale: true };
  tabs.set(tabId, { pageId: m.pageId, seq: m.seq, key: m.key, webmail: m.webmail, status: 'pending' });
  // Outlook: a source this worker fetched for the page (see onOwaSource) replaces the page-only report.
  const held = owaFetched.get(tabId);
  if (typeof m.sourceRef === 'string' && held && held.token === m.sourceRef) {
    owaFetched.delete(tabId);
    const big = held.bytes.length > MAX_RAW_BYTES;
    m = {
      ...m, source: 'raw', why: null,
      bytes: big ? held.bytes.subarray(0, MAX_RAW_BYTES) : held.bytes,
      truncated: big ? { totalBytes: held.bytes.length } : undefined,
    };
  }
  const r = await analyse(m);
  const now = tabs.get(tabId);
  if (!now || now.pageId !== m.pageId || now.seq !== m.seq) return { stale: true };
  if (m.partial) notePartial(r.report, r.source);
  tabs.set(tabId, {
    ...now,
    status: 'done',
    report: r.report,
    source: r.source,
    why: r.why,
    note: extNote(r.source, r.why, m.webmail, {
      truncated: r.truncated,
      dialog: !!m.diag?.attempts?.some?.((a) => a?.how === 'outlook:details-dialog' && a.ok === true),
    }),
    timing: { fetchMs: m.fetchMs ?? 0, dnsMs: r.dnsMs, checkMs: r.checkMs },
    diag: cleanDiag(m.diag),
    host,
    partial: !!m.partial,
  });
  await setBadge(tabId, r.report);
  return { verdict: r.report.verdict, source: r.source };
}

async function onPending(tabId, m) {
  const cur = tabs.get(tabId);
  // Same seq already known: the report may even be done (messages can arrive out of order).
  if (cur && cur.pageId === m.pageId && m.seq <= cur.seq) return { stale: true };
  tabs.set(tabId, { pageId: m.pageId, seq: m.seq, key: m.key, webmail: m.webmail, status: 'pending' });
  await setBadge(tabId, null);
  return { ok: true };
}

async function onClosed(tabId, m) {
  const cur = tabs.get(tabId);
  if (cur && cur.pageId === m.pageId && m.seq < cur.seq) return { stale: true };
  tabs.delete(tabId);
  await setBadge(tabId, null);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Popup

async function sendToTab(tabId, msg, frameId) {
  try {
    return await api.tabs.sendMessage(tabId, msg, frameId === undefined ? undefined : { frameId });
  } catch {
    return undefined; // no content script there
  }
}

async function getReport(tabId) {
  const st = tabs.get(tabId);
  if (st?.status === 'done') {
    return {
      state: 'done', report: st.report, source: st.source, note: st.note, webmail: st.webmail,
      diag: st.diag, host: st.host, timing: st.timing, partial: st.partial,
    };
  }
  if (st?.status === 'pending') return { state: 'pending' };
  // Nothing known (worker restarted, or nothing open): ask the page whether a message is open.
  const r = await sendToTab(tabId, { type: 'honmono:rescan' }, 0);
  if (r && r.open) return { state: 'pending' };
  return { state: 'none', webmailPage: !!r };
}

// ---------------------------------------------------------------------------------------------
// Context menu: check one link

function createMenu() {
  api.contextMenus.removeAll(() => {
    void api.runtime.lastError;
    api.contextMenus.create({
      id: MENU_ID,
      title: api.i18n.getMessage('contextMenuCheckLink'),
      contexts: ['link'],
    }, () => void api.runtime.lastError);
  });
}
api.runtime.onInstalled.addListener(createMenu);
api.runtime.onStartup?.addListener(createMenu);

/** The context menu's click handler (exposed on `globalThis.honmono` so tests can call it). */
async function onContextMenuClick(info, tab) {
  if (!info || info.menuItemId !== MENU_ID) return null;
  const href = typeof info.linkUrl === 'string' ? info.linkUrl : '';
  if (!href || href.length > 8192) return null;
  const tabId = Number.isInteger(tab?.id) && tab.id >= 0 ? tab.id : null;
  const frameId = Number.isInteger(info.frameId) ? info.frameId : 0;
  let text = typeof info.linkText === 'string' ? info.linkText.slice(0, 4096) : null; // Firefox
  let sender = tabId !== null ? tabs.get(tabId)?.report?.sender?.address ?? null : null;
  if (tabId !== null) {
    const ctx = await sendToTab(tabId, { type: 'honmono:link-context', href }, frameId);
    if (ctx && typeof ctx === 'object') {
      if (!text && typeof ctx.text === 'string') text = ctx.text.slice(0, 4096);
      if (!sender && typeof ctx.sender === 'string' && ctx.sender.length <= 512) sender = ctx.sender;
    }
  }
  const report = await core.call((c) => c.checkLink(href, text || null, sender || null));
  const shown = await showLinkReport(report, { tabId, frameId, pageUrl: info.pageUrl });
  return { ...report, ...shown };
}
api.contextMenus.onClicked.addListener((info, tab) => { onContextMenuClick(info, tab); });

// ---------------------------------------------------------------------------------------------
// Link reports (issue 14). The verdict of "Check this link" is shown only in UI the extension
// owns: its own window (link-report/link-report.html). Anything drawn inside a web page can be
// read by the page's scripts (to learn what the user checked and what Honmono said), hidden, or
// imitated ("✓ Genuine" painted over it, or a look-alike box in a mail body). So the page gets
// only a notice without any verdict, saying where the real result is.

const LINK_REPORT_PAGE = 'link-report/link-report.html';
const MAX_LINK_REPORTS = 20;
/** id -> { report, lang, page, at } (memory only, oldest first) */
const linkReports = new Map();
/** The window we opened for link reports last: reused for the next check. */
let linkWindow = null;

function rememberLinkReport(entry) {
  const id = crypto.randomUUID();
  linkReports.set(id, entry);
  while (linkReports.size > MAX_LINK_REPORTS) linkReports.delete(linkReports.keys().next().value);
  return id;
}

/** Opens (or reuses) the extension window that shows link report `id`. */
async function openLinkWindow(id) {
  const url = api.runtime.getURL(`${LINK_REPORT_PAGE}?id=${encodeURIComponent(id)}`);
  if (linkWindow) {
    try {
      await api.tabs.update(linkWindow.tabId, { url, active: true });
      await api.windows.update(linkWindow.windowId, { focused: true });
      return 'window';
    } catch {
      linkWindow = null; // closed meanwhile
    }
  }
  try {
    if (api.windows?.create) {
      const w = await api.windows.create({ url, type: 'popup', width: 480, height: 680, focused: true });
      const tabId = w?.tabs?.[0]?.id;
      linkWindow = Number.isInteger(tabId) ? { windowId: w.id, tabId } : null;
      return 'window';
    }
  } catch { /* no windows here (e.g. a mobile browser): a tab below */ }
  try {
    await api.tabs.create({ url, active: true });
    return 'tab';
  } catch {
    return null;
  }
}

/** The in-page notice (content/panel.js): no verdict, only where the verdict is. */
async function showLinkNotice(tabId, frameId, where) {
  const msg = { type: 'honmono:link-notice', where };
  let shown = await sendToTab(tabId, msg, frameId);
  if (!shown) {
    // Not a webmail page: inject the notice (activeTab grants this tab after the click).
    try {
      await api.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: ['content/panel.js'] });
      shown = await sendToTab(tabId, msg, frameId);
    } catch { /* e.g. a browser page: nothing can be shown there */ }
  }
  return !!shown;
}

async function showLinkReport(report, { tabId, frameId, pageUrl }) {
  let page = null;
  try {
    page = typeof pageUrl === 'string' ? new URL(pageUrl).host || null : null;
  } catch { /* no page */ }
  const reportId = rememberLinkReport({ report, lang: uiLang(), page, at: Date.now() });
  const where = await openLinkWindow(reportId);
  const notice = where !== null && tabId !== null ? await showLinkNotice(tabId, frameId, where) : false;
  return { reportId, shown: where !== null, shownIn: where, notice };
}

async function getLinkReport(id) {
  const e = linkReports.get(id);
  return e ? { report: e.report, lang: e.lang, page: e.page, at: e.at } : { missing: true };
}

// ---------------------------------------------------------------------------------------------
// Runtime messages: validated before anything else

const hostOf = (sender) => {
  try {
    return new URL(sender.url).host;
  } catch {
    return null;
  }
};

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return false;
  let work = null;
  if (isOurContentScript(sender, api.runtime.id)) {
    const tabId = sender.tab.id;
    const pageOk = typeof msg.pageId === 'string' && msg.pageId.length <= 64 &&
      Number.isSafeInteger(msg.seq) && msg.seq >= 0;
    if (msg.type === 'honmono:opened' && pageOk && validOpened(msg)) work = onOpened(tabId, msg, hostOf(sender));
    else if (msg.type === 'honmono:owa-source' && pageOk) work = onOwaSource(tabId, new URL(sender.url).origin, msg);
    else if (msg.type === 'honmono:pending' && pageOk && typeof msg.key === 'string' && msg.key.length <= 512) work = onPending(tabId, msg);
    else if (msg.type === 'honmono:closed' && pageOk) work = onClosed(tabId, msg);
  } else if (isOurPage(sender, api.runtime.id, EXT_BASE)) {
    if (msg.type === 'honmono:get-report' && Number.isInteger(msg.tabId) && msg.tabId >= 0) work = getReport(msg.tabId);
    else if (msg.type === 'honmono:get-link-report' && typeof msg.id === 'string' && msg.id.length <= 64) work = getLinkReport(msg.id);
    else if (msg.type === 'honmono:version') work = core.call((c) => ({ core: c.version(), maxRawBytes: MAX_RAW_BYTES }));
  }
  if (!work) return false; // unknown or untrusted: ignored
  work.then(sendResponse, (e) => sendResponse({ error: oneLine(e?.message) }));
  return true;
});

// For tests and diagnostics (reachable only from the worker's own scope).
globalThis.honmono = {
  onContextMenuClick, tabs, badgeLog, ready, MENU_ID, settings, linkReports, analyse, setBadge,
  core: core.diagnostics,
  owa: owaDiagnostics,
};
