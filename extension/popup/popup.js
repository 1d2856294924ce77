// Popup: asks the service worker for the current tab's report and renders it with the shared
// renderer. `popup.html?tab=<id>` selects a tab explicitly (tests, or opening it in a tab).
import { showBidiControls } from '../ui/bidi.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs);
const lang = (api.i18n.getUILanguage?.() || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
document.documentElement.lang = lang;

const $ = (id) => document.getElementById(id);

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
