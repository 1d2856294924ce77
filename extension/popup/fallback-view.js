// Minimal report renderer, used only if the shared renderer (../ui/report-view.js) is missing.
// Same signature: renderReport(report, root, { lang, t }). createElement/textContent only.
export function renderReport(report, root, { lang = 'en', t = () => '' } = {}) {
  const L = lang === 'ja' ? 'ja' : 'en';
  const txt = (o) => (o && (o[L] || o.en)) || '';
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  root.replaceChildren();
  root.classList.add('hm-fallback');
  root.setAttribute('data-verdict', report.verdict || 'unverified');
  root.append(el('div', 'hm-verdict', t(`verdict_${report.verdict || 'unverified'}`) || report.verdict));
  root.append(el('p', 'hm-summary', txt(report.summary)));
  const sender = report.sender || {};
  if (sender.address || sender.display_name) {
    root.append(el('p', 'hm-sender', [sender.display_name, sender.address && `<${sender.address}>`].filter(Boolean).join(' ')));
  }
  const list = (title, items, fmt) => {
    if (!items || !items.length) return;
    root.append(el('h3', '', title));
    const ul = el('ul', '');
    for (const i of items) ul.append(el('li', '', fmt(i)));
    root.append(ul);
  };
  list(t('ext_fallback_findings') || 'Findings', report.findings, (f) => txt(f.message) || f.id);
  const badLinks = (report.links || []).filter((l) => l.findings && l.findings.length);
  list(t('ext_fallback_links') || 'Links', badLinks, (l) => `${l.text || ''} → ${l.host || l.target}: ${l.findings.map((f) => txt(f.message) || f.id).join(' ')}`);
  list(t('ext_fallback_not_checked') || 'Not checked', report.not_checked, txt);
  list(t('ext_fallback_advice') || 'What to do', report.advice, txt);
}
