// Popup: asks the service worker for the current tab's report and renders it with the shared
// renderer. `popup.html?tab=<id>` selects a tab explicitly (tests, or opening it in a tab).
import { showBidiControls } from '../ui/bidi.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs);
const lang = (api.i18n.getUILanguage?.() || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
document.documentElement.lang = lang;

const $ = (id) => document.getElementById(id);

const READ_KEYS = { raw: 'ext_how_raw', 'headers+page': 'ext_how_headers_page', headers: 'ext_how_headers', page: 'ext_how_page' };
const adapterName = (a) => (typeof a === 'string' && /^[a-z-]{1,16}$/.test(a) && t(`ext_adapter_${a.replace('-', '_')}`)) || a || '?';

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch { /* no clipboard permission here: select-and-copy instead */ }
  const ta = document.createElement('textarea');
  ta.value = text;
  document.body.append(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  return ok;
}

/** How the message was read, which adapter ran and what failed; "Copy diagnostics". */
async function showHow(r) {
  const adapter = r.diag?.adapter || r.webmail;
  $('how-title').textContent = t('ext_how_title');
  $('how-read').textContent = t(READ_KEYS[r.source] || 'ext_how_page', [adapterName(adapter)]);
  const ul = $('how-failed');
  ul.replaceChildren();
  for (const a of r.diag?.attempts || []) {
    if (a.ok) continue;
    const li = document.createElement('li');
    li.textContent = t('ext_how_failed_step', [a.how, a.error || '?']);
    ul.append(li);
  }
  ul.hidden = !ul.childElementCount;
  if (adapter === 'yahoo-jp' && r.source === 'page') {
    $('hint').textContent = t('ext_hint_yahoo_jp');
    $('hint').hidden = false;
  }
  const { diagnosticsText, browserOf } = await import('../lib/diagnostics.js');
  let core = '?';
  try {
    core = (await api.runtime.sendMessage({ type: 'honmono:version' }))?.core || '?';
  } catch { /* worker unavailable */ }
  const text = diagnosticsText(r, { extension: api.runtime.getManifest().version, core, browser: browserOf(navigator.userAgent) });
  $('diag-summary').textContent = t('ext_diag_show');
  $('diag').textContent = text;
  const btn = $('copy-diag');
  btn.textContent = t('ext_diag_copy');
  btn.addEventListener('click', async () => {
    $('copied').textContent = (await copyText(text)) ? t('ext_diag_copied') : t('ext_diag_copy_failed');
  });
  $('how').hidden = false;
}

async function loadRenderer() {
  try {
    const m = await import('../ui/report-view.js');
    if (typeof m.renderReport === 'function') return m.renderReport;
  } catch { /* shared renderer not there: use the fallback */ }
  return (await import('./fallback-view.js')).renderReport;
}

async function targetTab() {
  const q = new URLSearchParams(location.search).get('tab');
  if (q !== null && /^\d+$/.test(q)) return Number(q);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

function status(text) {
  $('status').textContent = text || '';
}

async function main() {
  const opt = $('options');
  opt.textContent = t('ext_popup_options');
  opt.hidden = false;
  opt.addEventListener('click', (e) => { e.preventDefault(); api.runtime.openOptionsPage(); });

  const renderer = loadRenderer();
  const tabId = await targetTab();
  const root = $('report');
  if (tabId === null) {
    root.setAttribute('data-state', 'none');
    status(t('ext_popup_no_message'));
    return;
  }
  status(t('ext_popup_checking'));
  for (let i = 0; i < 300; i++) { // up to ~30 s while the check runs
    const r = await api.runtime.sendMessage({ type: 'honmono:get-report', tabId });
    if (r?.state === 'done') {
      status('');
      if (r.note) {
        $('note').textContent = showBidiControls(r.note); // may quote an error about the message
        $('note').hidden = false;
      }
      root.setAttribute('data-source', r.source);
      (await renderer)(r.report, root, { lang, t });
      root.setAttribute('data-verdict', r.report.verdict || 'unverified');
      await showHow(r);
      root.setAttribute('data-state', 'done');
      return;
    }
    if (!r || r.state === 'none' || r.error) {
      root.setAttribute('data-state', 'none');
      status(r?.webmailPage ? t('ext_popup_no_message') : t('ext_popup_not_webmail'));
      return;
    }
    await new Promise((res) => setTimeout(res, 100)); // pending: the check is running
  }
  status(t('ext_popup_timeout'));
}

main();
