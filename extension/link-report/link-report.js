// The result of "Check this link with Honmono", in a window of the extension's own (issue 14):
// web pages can neither read nor draw into it, unlike anything shown inside the page. The
// background keeps the report in memory under a random id (`?id=`); this page asks for it.
import { renderReport } from '../ui/report-view.js';
import { lookOf } from '../ui/verdict-look.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, subs) => api.i18n.getMessage(key, subs);
const $ = (id) => document.getElementById(id);

async function main() {
  const uiLang = (api.i18n.getUILanguage?.() || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
  document.documentElement.lang = uiLang;
  document.title = `Honmono — ${t('ext_panel_title')}`;
  $('own').textContent = t('ext_link_report_own_window');
  const root = $('report');
  const id = new URLSearchParams(location.search).get('id') || '';
  let r = null;
  try {
    r = await api.runtime.sendMessage({ type: 'honmono:get-link-report', id });
  } catch { /* worker starting or gone */ }
  if (!r || !r.report) {
    root.setAttribute('data-state', 'missing');
    $('status').textContent = t('ext_link_report_missing');
    return;
  }
  const lang = r.lang === 'ja' ? 'ja' : uiLang;
  if (r.page) $('context').textContent = t('ext_link_report_checked_on', [r.page]);
  renderReport(r.report, root, { lang, t });
  const verdict = root.dataset.verdict || 'unverified';
  document.title = `Honmono — ${t(lookOf(verdict).word)} — ${t('ext_panel_title')}`;
  root.setAttribute('data-state', 'done');
}

main();
