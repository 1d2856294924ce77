// Outlook on the web (outlook.live.com, outlook.office.com, outlook.office365.com,
// outlook.cloud.microsoft): which message is open, what the page shows of it, and its source.
//
// - Found by structure, never by English labels (class names are hashed, the Japanese UI has no
//   English labels at all): the reading pane, the message bodies (role="document"), and for each
//   body its own header area. The sender is taken only from outside every message body, before
//   the body it belongs to, never from the subject line: a body can draw anything, including an
//   element labelled "From: PayPal <service@paypal.com>".
// - Ids: the reading-pane URL carries a conversation id (AAQk…) or an item id (AAMk…); without one
//   the selected row of the message list (#MailList [aria-selected=true][data-convid]) names the
//   conversation. The background resolves a conversation to the item being read and fetches its
//   whole source from OWA (lib/owa.js), with the page's own authentication.
// - When nothing reaches the source, the headers the user opens in Outlook's own "View message
//   details" / "View message source" dialog are read from that dialog (outside every body).
(() => {
  const H = globalThis.HonmonoContent;
  if (!H || globalThis.__honmonoOutlook) return;
  globalThis.__honmonoOutlook = true;

  const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
  const BODY = 'div[role="document"]';
  const MAX_HEADERS = 1024 * 1024;

  /** The OWA id in the address: …/id/<id>, …/read/<id>, or ?ItemID=<id> (URL-encoded). */
  function idFromUrl() {
    const m = /\/(?:id|read)\/([^/?#]+)/.exec(location.pathname) || /[?&]ItemID=([^&#]+)/i.exec(location.search);
    if (!m) return null;
    try {
      const id = decodeURIComponent(m[1]);
      return /^[A-Za-z0-9+/=_-]{8,1024}$/.test(id) ? id : null;
    } catch {
      return null;
    }
  }

  /** The conversation of the selected row in the message list (EAC-Technology/eac-extension). */
  function selectedConversation() {
    const row = document.querySelector('#MailList [aria-selected="true"][data-convid]') ||
      document.querySelector('[role="listbox"] [aria-selected="true"][data-convid]');
    const id = row?.getAttribute('data-convid') || null;
    return id && /^[A-Za-z0-9+/=_-]{8,1024}$/.test(id) ? id : null;
  }

  function readingPane() {
    return document.querySelector('[data-app-section="MailReadCompose"]') ||
      document.querySelector('[role="main"]');
  }

  /** Message bodies shown in the pane (not a reply being written). */
  function bodiesIn(pane) {
    return [...pane.querySelectorAll(BODY)].filter((b) => !b.isContentEditable && !b.parentElement?.closest(BODY));
  }

  const insideBody = (e) => !!e.closest(BODY);
  const precedes = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  const headingOf = (root) => root.querySelector('[role="heading"]');

  /** An address shown by an element: its title first (OWA puts the address there), then its text. */
  function shownAddress(e) {
    const t = EMAIL.exec(e.getAttribute('title') || '');
    if (t) return t[0];
    const own = [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.nodeValue).join(' ');
    const x = EMAIL.exec(own);
    return x ? x[0] : null;
  }

  /** The largest ancestor of `body` (below the pane) that holds no other message body. */
  function itemOf(body, pane) {
    let item = body;
    for (let p = body.parentElement; p && p !== pane && bodiesIn(p).length === 1; p = p.parentElement) item = p;
    return item;
  }

  /**
   * The sender of the message whose body is `body`: in the nearest block around the body that has
   * one (never beyond its own message), the first element before the body that shows an address,
   * outside every message body and not in the subject line.
   */
  function senderOf(body, pane) {
    const heading = headingOf(pane);
    const item = itemOf(body, pane);
    const limit = item === body ? body.parentElement : item;
    for (let scope = body.parentElement; scope; scope = scope.parentElement) {
      for (const e of scope.querySelectorAll('*')) {
        if (!precedes(e, body)) break; // document order: what follows is the body and after
        if (e.contains(body) || insideBody(e) || heading?.contains(e)) continue;
        const address = shownAddress(e);
        if (!address) continue;
        const name = (e.textContent || '').replace(EMAIL, '').replace(/[<>()]/g, '').trim().slice(0, 256);
        return { address, name: name || null, item };
      }
      if (scope === limit || scope === pane) break;
    }
    return { address: null, name: null, item };
  }

  function subjectOf(pane) {
    const h = pane.querySelector('[role="heading"][aria-level="2"]') || headingOf(pane);
    return h ? (h.getAttribute('title') || h.textContent || '').trim() : '';
  }

  // Which body is being read: the one holding the focus, else the one that appeared last (a
  // message just expanded), else the first (OWA lists a conversation newest first by default).
  const firstSeen = new WeakMap();
  let scans = 0;
  function chooseBody(bodies, pane) {
    scans++;
    for (const b of bodies) if (!firstSeen.has(b)) firstSeen.set(b, scans);
    const active = document.activeElement;
    if (active && active !== document.body && pane.contains(active)) {
      const focused = bodies.find((b) => itemOf(b, pane).contains(active));
      if (focused) return focused;
    }
    let best = bodies[0];
    for (const b of bodies) if (firstSeen.get(b) > firstSeen.get(best)) best = b;
    return best;
  }

  // ---------------------------------------------------------------------------------------------
  // Outlook's own headers dialog ("View message details" / "View message source")

  /** key -> header block read from the dialog for that message (kept while the page lives). */
  const dialogHeaders = new Map();

  /** A header block: at least three header lines, one of them a trace or sender field. */
  function headerBlockOf(text) {
    if (typeof text !== 'string' || !text.trim()) return null;
    const all = text.replace(/\r\n?/g, '\n').split('\n');
    // A dialog's title and labels may come first: start at the first header line.
    const first = all.findIndex((l) => /^[\x21-\x39\x3b-\x7e]+:[ \t]/.test(l));
    if (first < 0) return null;
    const lines = all.slice(first);
    const out = [];
    for (const line of lines) {
      if (!line.trim()) break; // the end of the header block (a source view continues with the body)
      if (/^[ \t]/.test(line) && out.length) { out.push(line); continue; }
      if (!/^[\x21-\x39\x3b-\x7e]+:/.test(line)) return null;
      out.push(line);
    }
    const names = out.filter((l) => !/^[ \t]/.test(l)).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
    if (names.length < 3 || !names.some((n) => ['received', 'authentication-results', 'from'].includes(n))) return null;
    const block = out.join('\r\n');
    return block.length <= MAX_HEADERS ? block : null;
  }

  /** Headers shown in an open dialog outside every message body, or null. */
  function dialogHeaderBlock() {
    for (const dlg of document.querySelectorAll('[role="dialog"], [role="alertdialog"]')) {
      if (insideBody(dlg)) continue; // a message cannot pose as Outlook's dialog
      // The text box that holds them, else the dialog's whole text (one pass, not per element).
      const boxes = [...dlg.querySelectorAll('textarea, pre, [role="textbox"]')].filter((e) => !insideBody(e));
      for (const e of boxes.length ? boxes : [dlg]) {
        const text = e.tagName === 'TEXTAREA' ? e.value : (e.innerText ?? e.textContent);
        const block = headerBlockOf(text);
        if (block) return block;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------

  function detect() {
    const pane = readingPane();
    if (!pane) return null;
    const bodies = bodiesIn(pane);
    if (!bodies.length) return null;
    const body = chooseBody(bodies, pane);
    const from = senderOf(body, pane);
    const urlId = idFromUrl();
    const convId = selectedConversation() || pane.querySelector('[data-convid]')?.getAttribute('data-convid') || null;
    const idPart = urlId || convId;
    if (!idPart) return null;
    // Among the bodies from the same sender, which one (counted from the top).
    const same = from.address ? bodies.filter((b) => senderOf(b, pane).address?.toLowerCase() === from.address.toLowerCase()) : [body];
    const ordinal = Math.max(0, same.indexOf(body));
    const baseKey = `${idPart}|${(from.address || '').toLowerCase()}|${ordinal}`;
    const shown = dialogHeaderBlock();
    if (shown && dialogHeaders.get(baseKey) !== shown) dialogHeaders.set(baseKey, shown);
    const key = dialogHeaders.has(baseKey) ? `${baseKey}|details` : baseKey;
    return { key, baseKey, urlId, convId, pane, body, from, ordinal };
  }

  /** `{ raw, rawEncoding? }` of the headers with the page's body, or null when too large. */
  const headersAndPage = (headers, cur) => {
    const r = H.rawOfText(H.assemble(headers, cur.body));
    return r.truncated ? null : r;
  };

  async function read(cur) {
    const attempts = [];
    const diag = () => ({ adapter: 'outlook', attempts });
    const shown = dialogHeaders.get(cur.baseKey);
    if (shown) {
      const raw = headersAndPage(shown, cur);
      attempts.push({ how: 'outlook:details-dialog', ok: !!raw, ...(raw ? {} : { error: 'TooLarge' }) });
      if (raw) return { source: 'headers+page', ...raw, diag: diag() };
    }
    const id = cur.urlId;
    const ref = { ...(id ? { itemId: id } : {}), ...(cur.convId && !id ? { convId: cur.convId } : {}), ordinal: cur.ordinal };
    if (cur.from.address) ref.sender = cur.from.address;
    const r = await H.send({ type: 'honmono:owa-source', seq: 0, ref });
    if (r && Array.isArray(r.attempts)) attempts.push(...r.attempts.slice(0, 10));
    if (r?.ok && typeof r.sourceRef === 'string') {
      // The whole source stays in the background; this names it.
      return { source: 'page', sourceRef: r.sourceRef, diag: diag() };
    }
    if (r?.ok && typeof r.headers === 'string') {
      const raw = headersAndPage(r.headers, cur);
      if (raw) return { source: 'headers+page', ...raw, diag: diag() };
    }
    if (!r) attempts.push({ how: 'outlook:getitem-mime', ok: false, error: 'NoAnswer' });
    attempts.push({ how: 'page', ok: true });
    const last = attempts.filter((a) => !a.ok).at(-1);
    return { source: 'page', why: last?.error || 'NoSource', diag: diag() };
  }

  function snapshot(cur) {
    return H.snapshot({
      senderName: cur.from.name || '',
      senderAddress: cur.from.address || '',
      subject: subjectOf(cur.pane),
      body: cur.body,
    });
  }

  H.watch('outlook', { detect, read, snapshot, sender: (cur) => cur.from.address || null });
})();
