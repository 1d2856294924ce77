// Minimal report renderer, used only if the shared renderer (../ui/report-view.js) is missing.
// Same signature: renderReport(report, root, { lang, t }). createElement/textContent only; bidi
// controls in message text shown as marks and message values isolated, as in the renderer.
import { isolateText, showBidiControls } from '../ui/bidi.js';
import { VERDICTS, lookOf, applyLook } from '../ui/verdict-look.js';

export function renderReport(report, root, { lang = 'en', t = () => '' } = {}) {
  const L = lang === 'ja' ? 'ja' : 'en';
  const txt = (o) => showBidiControls((o && (o[L] || o.en)) || '');
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  root.replaceChildren();
  root.classList.add('hm-fallback');
  root.setAttribute('data-verdict', report.verdict || 'unverified');
  const verdict = VERDICTS.includes(report.verdict) ? report.verdict : 'unverified';
  applyLook(root, verdict);
  root.append(el('div', 'hm-verdict', t(lookOf(verdict).word) || report.verdict));
  root.append(el('p', 'hm-summary', txt(report.summary)));
  const sender = report.sender || {};
  if (sender.address || sender.display_name) {
    const p = el('p', 'hm-sender');
    if (sender.display_name) p.append(el('bdi', '', showBidiControls(sender.display_name)), ' ');
    if (sender.address) p.append('<', el('bdi', '', showBidiControls(sender.address)), '>');
    root.append(p);
  }
  const list = (title, items, fmt) => {
    if (!items || !items.length) return;
    root.append(el('h3', '', title));
    const ul = el('ul', '');
    for (const i of items) {
      const li = el('li', '');
      li.append(el('bdi', '', fmt(i)));
      ul.append(li);
    }
    root.append(ul);
  };
  const id = (f) => showBidiControls(f.id || '');
  list(t('ext_fallback_findings') || 'Findings', report.findings, (f) => txt(f.message) || id(f));
  const badLinks = (report.links || []).filter((l) => l.findings && l.findings.length);
  list(t('ext_fallback_links') || 'Links', badLinks, (l) => `${isolateText(l.text || '')} → ${isolateText(l.host || l.target)}: ${l.findings.map((f) => txt(f.message) || id(f)).join(' ')}`);
  list(t('ext_fallback_not_checked') || 'Not checked', report.not_checked, txt);
  list(t('ext_fallback_advice') || 'What to do', report.advice, txt);
}
