// In-page result panel for "Check this link with Honmono": a closed shadow root, built with
// createElement/textContent only (the report carries text from the page and the URL).
(() => {
  if (globalThis.HonmonoPanel) return;
  const api = globalThis.browser ?? globalThis.chrome;
  const COLORS = { genuine: '#1a7f37', unverified: '#6e7781', suspicious: '#b45309', dangerous: '#cf222e' };
  let host = null;

  const t = (key, subs) => api.i18n.getMessage(key, subs) || '';

  function el(tag, css, text) {
    const e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function close() {
    if (host) host.remove();
    host = null;
  }

  function show(report, lang) {
    close();
    const L = lang === 'ja' ? 'ja' : 'en';
    const verdict = ['genuine', 'unverified', 'suspicious', 'dangerous'].includes(report.verdict) ? report.verdict : 'unverified';
    const color = COLORS[verdict];
    host = document.createElement('honmono-link-panel');
    host.setAttribute('data-verdict', verdict);
    host.style.cssText = 'all: initial; position: fixed; top: 16px; right: 16px; z-index: 2147483647;';
    const root = host.attachShadow({ mode: 'closed' });
    const box = el('div', `box-sizing: border-box; width: 360px; max-width: calc(100vw - 32px); max-height: 70vh; overflow: auto;
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif; color: #1f2328;
      background: #fff; border: 1px solid #d0d7de; border-top: 6px solid ${color}; border-radius: 8px;
      box-shadow: 0 8px 24px rgba(0,0,0,.2); padding: 12px 14px;`);
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-label', t('ext_panel_title'));

    const head = el('div', 'display: flex; align-items: center; gap: 8px; margin-bottom: 6px;');
    head.append(el('strong', `color: ${color}; font-size: 16px;`, t(`verdict_${verdict}`) || verdict));
    head.append(el('span', 'color: #57606a; flex: 1;', t('ext_panel_title')));
    const x = el('button', 'all: unset; cursor: pointer; font-size: 18px; padding: 0 4px; color: #57606a;', '×');
    x.setAttribute('aria-label', t('ext_panel_close'));
    x.addEventListener('click', close);
    head.append(x);
    box.append(head);

    box.append(el('p', 'margin: 0 0 8px;', report.summary?.[L] || report.summary?.en || ''));

    const link = (report.links || [])[0];
    if (link) {
      const dest = el('div', 'margin: 0 0 8px; font-size: 12px; color: #57606a; word-break: break-all;');
      dest.append(el('span', '', `${t('ext_panel_destination')} `));
      dest.append(el('code', 'font: 12px ui-monospace, monospace; color: #1f2328;', link.host || link.target || link.href));
      box.append(dest);
    }
    const findings = [...(report.findings || []), ...((link && link.findings) || [])];
    const seen = new Set();
    const ul = el('ul', 'margin: 0; padding-left: 18px;');
    for (const f of findings) {
      const msg = f.message?.[L] || f.message?.en;
      if (!msg || seen.has(msg)) continue;
      seen.add(msg);
      ul.append(el('li', 'margin: 2px 0;', msg));
    }
    if (ul.childElementCount) box.append(ul);
    for (const a of report.advice || []) {
      box.append(el('p', 'margin: 8px 0 0; font-size: 12px; color: #57606a;', a[L] || a.en));
    }
    root.append(box);
    document.documentElement.append(host);
  }

  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!sender || sender.id !== api.runtime.id || !msg || msg.type !== 'honmono:show-link-report') return false;
    if (!msg.report || typeof msg.report !== 'object') return false;
    show(msg.report, msg.lang);
    sendResponse({ shown: true });
    return false;
  });
  addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); }, true);

  globalThis.HonmonoPanel = { show, close };
})();
