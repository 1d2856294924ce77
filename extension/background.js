// Honmono service worker (Chrome) / background script (Firefox), ES module.
// Loads the core once, checks what our content scripts send, looks up DKIM keys / DMARC records
// over DNS-over-HTTPS (names only), keeps one report per tab in memory, sets the badge, and runs
// the "Check this link" context menu. Message content never leaves the browser.

import init, { check, checkSnapshot, checkLink, dnsNames, version } from './pkg/honmono.js';
import { showBidiControls } from './ui/bidi.js';
import { DEFAULT_ENDPOINT, resolveTxt, isEndpoint, clearDnsCache } from './lib/dns.js';
import {
  isOurContentScript, isOurPage, validOpened, cleanSnapshot, cleanDiag, rawToBytes, MAX_RAW_BYTES,
  WEBMAIL_ORIGINS,
} from './lib/validate.js';

const api = globalThis.browser ?? globalThis.chrome;
const MENU_ID = 'honmono-check-link';
const EXT_BASE = api.runtime.getURL('');

const ready = init({ module_or_path: api.runtime.getURL('pkg/honmono_bg.wasm') });

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

const BADGES = {
  genuine: { text: '✓', color: '#1a7f37' },
  unverified: { text: '?', color: '#6e7781' },
  suspicious: { text: '!', color: '#b45309' },
  dangerous: { text: '✕', color: '#cf222e' },
};

function oneLine(s) {
  return String(s || '').replace(/\s+/g, ' ').trim();
}

async function setBadge(tabId, report) {
  const b = report ? BADGES[report.verdict] || BADGES.unverified : null;
  const text = b ? b.text : '';
  let title = api.i18n.getMessage('extName');
  if (report) {
    const verdict = api.i18n.getMessage(`verdict_${report.verdict || 'unverified'}`);
    const summary = oneLine(report.summary?.[uiLang()] || report.summary?.en);
    title = summary.toLowerCase().startsWith(verdict.toLowerCase()) || !verdict ? `Honmono — ${summary}` : `Honmono — ${verdict}: ${summary}`;
  }
  try {
    await Promise.all([
      api.action.setBadgeText({ tabId, text }),
      b && api.action.setBadgeBackgroundColor({ tabId, color: b.color }),
      b && api.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
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

api.tabs.onRemoved.addListener((tabId) => tabs.delete(tabId));
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

function extNote(source, why, webmail) {
  if (source === 'raw') return null;
  if (source === 'headers+page') return api.i18n.getMessage(webmail === 'yahoo-jp' ? 'ext_source_headers_page_yahoo_jp' : 'ext_source_headers_page');
  return api.i18n.getMessage('ext_source_page_only', [why || api.i18n.getMessage('ext_reason_unknown')]);
}

async function analyse(m) {
  await ready;
  const s = await settings();
  const t0 = performance.now();
  let dnsMs = 0;
  if (m.source !== 'page') {
    const bytes = rawToBytes(m.raw);
    if (bytes) {
      try {
        const bodyFromPage = m.source === 'headers+page';
        // With a body rebuilt from the page the core does not re-verify signatures, so only the
        // DMARC policy names are worth asking for (no DKIM/ARC key look-ups).
        const names = dnsNames(bytes).filter((n) => !bodyFromPage || !n.includes('._domainkey.'));
        let answers = {};
        if (s.dohEnabled && names.length) {
          const d0 = performance.now();
          answers = (await resolveTxt(names, { endpoint: s.dohEndpoint })).answers;
          dnsMs = performance.now() - d0;
        }
        const report = check(bytes, answers, {
          dnsEnabled: s.dohEnabled,
          bodyFromPage,
        });
        return { report, source: m.source, why: null, checkMs: performance.now() - t0 - dnsMs, dnsMs };
      } catch (e) {
        // Not a message (a login page, an error page...): fall back to what the page shows.
        m = { ...m, source: 'page', why: api.i18n.getMessage('ext_reason_not_message', [oneLine(e?.message).slice(0, 200)]) };
      }
    } else {
      m = { ...m, source: 'page', why: api.i18n.getMessage('ext_reason_too_large') };
    }
  }
  const report = checkSnapshot(cleanSnapshot(m.snapshot), { dnsEnabled: false });
  return { report, source: 'page', why: m.why || null, checkMs: performance.now() - t0, dnsMs };
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
    note: extNote(r.source, r.why, m.webmail),
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
  await ready;
  const report = checkLink(href, text || null, sender || null);
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
    else if (msg.type === 'honmono:pending' && pageOk && typeof msg.key === 'string' && msg.key.length <= 512) work = onPending(tabId, msg);
    else if (msg.type === 'honmono:closed' && pageOk) work = onClosed(tabId, msg);
  } else if (isOurPage(sender, api.runtime.id, EXT_BASE)) {
    if (msg.type === 'honmono:get-report' && Number.isInteger(msg.tabId) && msg.tabId >= 0) work = getReport(msg.tabId);
    else if (msg.type === 'honmono:get-link-report' && typeof msg.id === 'string' && msg.id.length <= 64) work = getLinkReport(msg.id);
    else if (msg.type === 'honmono:version') work = ready.then(() => ({ core: version(), maxRawBytes: MAX_RAW_BYTES }));
  }
  if (!work) return false; // unknown or untrusted: ignored
  work.then(sendResponse, (e) => sendResponse({ error: oneLine(e?.message) }));
  return true;
});

// For tests and diagnostics (reachable only from the worker's own scope).
globalThis.honmono = { onContextMenuClick, tabs, badgeLog, ready, MENU_ID, settings, linkReports };
