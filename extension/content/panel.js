// In-page notice for "Check this link with Honmono" (issue 14). It carries NO verdict, on purpose:
// whatever is drawn inside a web page can be read by the page's scripts, hidden, or painted over
// with a fake "✓ Genuine", and a mail body can draw a look-alike box. The verdict is shown only in
// Honmono's own window (link-report/link-report.html, opened by the background); this notice only
// says where to look, and that a verdict drawn inside a page is never Honmono's. Neutral colours,
// no attribute on the host element, a closed shadow root, createElement/textContent only.
(() => {
  if (globalThis.HonmonoNotice) return;
  const api = globalThis.browser ?? globalThis.chrome;
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

  function show(where) {
    close();
    host = document.createElement('honmono-link-panel');
    host.style.cssText = 'all: initial; position: fixed; top: 16px; right: 16px; z-index: 2147483647;';
    const root = host.attachShadow({ mode: 'closed' });
    const box = el('div', `box-sizing: border-box; width: 340px; max-width: calc(100vw - 32px);
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif; color: #1f2328;
      background: #fff; border: 1px solid #d0d7de; border-radius: 8px;
      box-shadow: 0 8px 24px rgba(0,0,0,.2); padding: 12px 14px;`);
    box.setAttribute('role', 'status');

    const head = el('div', 'display: flex; align-items: center; gap: 8px; margin-bottom: 6px;');
    head.append(el('strong', 'flex: 1;', t('ext_notice_title')));
    const x = el('button', 'all: unset; cursor: pointer; font-size: 18px; padding: 0 4px; color: #57606a;', '×');
    x.setAttribute('aria-label', t('ext_panel_close'));
    x.addEventListener('click', close);
    head.append(x);
    box.append(head);
    box.append(el('p', 'margin: 0 0 6px;', t(where === 'tab' ? 'ext_notice_where_tab' : 'ext_notice_where_window')));
    box.append(el('p', 'margin: 0; font-size: 12px; color: #57606a;', t('ext_notice_never_in_page')));
    root.append(box);
    document.documentElement.append(host);
  }

  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!sender || sender.id !== api.runtime.id || !msg || msg.type !== 'honmono:link-notice') return false;
    show(msg.where);
    sendResponse({ shown: true });
    return false;
  });
  addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); }, true);

  globalThis.HonmonoNotice = { show, close };
})();
