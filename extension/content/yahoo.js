// Yahoo Mail (mail.yahoo.com): the open message from the reading view (found by the app's
// `data-test-id` attributes, its class names being hashed) and its raw source from Yahoo's own
// raw-message endpoint, with the session values the page carries. Builds and parses no HTML.
//
// Sources (see tests/e2e/fixtures/yahoo/README.md for the full list):
// - raw source: GET /ws/v3/mailboxes/@.id==<mailbox id>/messages/@.id==<message id>/content/rawplaintext
//   ?appid=<appId>&wssid=<mailWssid> — Signal Spam's webmail extension (verifrom.js, YMAILNORRIN case;
//   it asks mail.yahoo.com itself in Safari, apis.mail.yahoo.com elsewhere); same-origin with the
//   mailbox written `@` in public export scripts.
// - session values: "mailWssid", "appId", "selectedMailbox":{"id":…} in the page's bootstrap data.
// - DOM: [data-test-id="message-view"], "message-view-body-content", "message-from",
//   "message-group-subject-text" / "message-subject" (Signal Spam config.json PROXYPARAMS and several
//   maintained extensions).
(() => {
  const H = globalThis.HonmonoContent;
  if (!H || globalThis.__honmonoYahoo) return;
  globalThis.__honmonoYahoo = true;

  const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
  const ID = /^[A-Za-z0-9_-]{1,80}$/;

  /** The message id of the open message, from the address (…/messages/<id>). */
  function messageIdFromUrl() {
    const m = /\/messages\/([A-Za-z0-9_-]{1,80})(?:[/?#]|$)/.exec(location.pathname);
    return m ? m[1] : null;
  }

  const BODY = '[data-test-id="message-view-body-content"]';
  /** Elements of the app itself: never inside a message body (where a sender may write anything). */
  const outsideBody = (root, sel) => [...root.querySelectorAll(sel)].filter((e) => !e.parentElement?.closest(BODY));

  /** The reading view of the open message: the last visible one (a conversation shows several). */
  function messageView() {
    const views = outsideBody(document, '[data-test-id="message-view"]').filter((v) => H.isVisible(v) && v.querySelector(BODY));
    return views.length ? views[views.length - 1] : null;
  }

  function senderOf(view) {
    const box = outsideBody(view, '[data-test-id="message-from"]')[0];
    if (!box) return { address: null, name: null };
    const pill = box.querySelector('[data-test-id="email-pill"]');
    const candidates = [pill?.getAttribute('data-email'), ...[...box.querySelectorAll('[title]')].map((e) => e.getAttribute('title')), box.textContent];
    const address = candidates.map((c) => EMAIL.exec(c || '')?.[0]).find(Boolean) || null;
    const nameEl = pill?.querySelector('span') || box.querySelector('[data-test-id="message-from"] > span') || box;
    const name = (nameEl.textContent || '').replace(EMAIL, '').replace(/[<>]/g, '').trim() || null;
    return { address, name };
  }

  function subjectOf(view) {
    const el = outsideBody(document, '[data-test-id="message-group-subject-text"]')[0] || outsideBody(view, '[data-test-id="message-subject"]')[0] ||
      outsideBody(document, '[data-test-id="message-subject"]')[0];
    return (el?.textContent || '').trim();
  }

  function detect() {
    const view = messageView();
    if (!view) return null;
    const mid = messageIdFromUrl();
    const body = view.querySelector(BODY);
    const from = senderOf(view);
    const key = mid ? `yahoo:${mid}` : null;
    if (!key) return null;
    return { key, mid, view, body, from };
  }

  /** mailWssid, appId and the selected mailbox id from the page's bootstrap data (inline scripts). */
  function session() {
    const out = { wssid: null, appId: null, mailbox: null };
    for (const s of document.querySelectorAll('script:not([src])')) {
      const t = s.textContent || '';
      if (!t.includes('mailWssid') && !t.includes('selectedMailbox')) continue;
      out.wssid ??= /"mailWssid"\s*:\s*"([A-Za-z0-9._/+-]{1,64})"/.exec(t)?.[1] ?? null;
      out.appId ??= /"appId"\s*:\s*"([A-Za-z0-9._-]{1,40})"/.exec(t)?.[1] ?? null;
      out.mailbox ??= /"selectedMailbox"\s*:\s*\{\s*"id"\s*:\s*"([A-Za-z0-9_-]{1,120})"/.exec(t)?.[1] ?? null;
    }
    return out;
  }

  async function read(cur) {
    const t = H.trail('yahoo');
    const s = session();
    const bytes = await t.step('yahoo:raw', async () => {
      if (!ID.test(cur.mid || '')) throw H.fail('NoMessageId', 'no message id');
      const box = s.mailbox ? `@.id==${encodeURIComponent(s.mailbox)}` : '@';
      const q = new URLSearchParams();
      if (s.appId) q.set('appid', s.appId);
      if (s.wssid) q.set('wssid', s.wssid);
      const url = `${location.origin}/ws/v3/mailboxes/${box}/messages/@.id==${encodeURIComponent(cur.mid)}/content/rawplaintext${q.size ? `?${q}` : ''}`;
      const b = await H.fetchBytes(url);
      if (!H.looksLikeMessage(b)) throw H.fail('NotAMessage', 'not a message');
      return b;
    });
    if (bytes) return { source: 'raw', ...H.rawOf(bytes), diag: t.diag() };
    t.note('page', true);
    return { source: 'page', why: t.why(), diag: t.diag() };
  }

  function snapshot(cur) {
    return H.snapshot({
      senderName: cur.from.name || '',
      senderAddress: cur.from.address || '',
      subject: subjectOf(cur.view),
      body: cur.body,
    });
  }

  H.watch('yahoo', { detect, read, snapshot, sender: (cur) => cur.from.address || null });
})();
