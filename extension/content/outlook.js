// Outlook on the web: the reading pane (found by roles and aria labels: class names are hashed)
// and the internet headers through OWA's GetItem (PR_TRANSPORT_MESSAGE_HEADERS, tag 0x7D).
(() => {
  const H = globalThis.HonmonoContent;
  if (!H || globalThis.__honmonoOutlook) return;
  globalThis.__honmonoOutlook = true;

  const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

  /** The ItemId of the open message from the URL (…/id/<url-encoded id>). */
  function itemIdFromUrl() {
    const m = /\/id\/([^/?#]+)/.exec(location.pathname) || /[?&]ItemID=([^&#]+)/i.exec(location.search);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return null;
    }
  }

  function readingPane() {
    return document.querySelector('[data-app-section="MailReadCompose"]') ||
      document.querySelector('div[role="main"][aria-label*="eading" i]') ||
      document.querySelector('div[role="region"][aria-label*="eading" i]') ||
      document.querySelector('div[role="main"]');
  }

  function bodyEl(pane) {
    return pane.querySelector('[aria-label="Message body"]') ||
      pane.querySelector('[aria-label="メッセージ本文"]') ||
      pane.querySelector('div[role="document"]');
  }

  /** The From persona: an element labelled "From: …" or whose title is an address. */
  function fromOf(pane) {
    const labelled = pane.querySelector('[aria-label^="From:" i], [aria-label^="差出人:"], [aria-label^="差出人："]');
    const titled = [...pane.querySelectorAll('[title]')].find((e) => EMAIL.test(e.getAttribute('title') || '') &&
      !e.closest('[aria-label="Message body"], div[role="document"]'));
    let address = null;
    let name = null;
    for (const e of [labelled, titled]) {
      if (!e) continue;
      const hay = `${e.getAttribute('title') || ''} ${e.getAttribute('aria-label') || ''} ${e.textContent || ''}`;
      const m = EMAIL.exec(hay);
      if (m && !address) address = m[0];
      if (!name) {
        const txt = (e.textContent || '').replace(EMAIL, '').replace(/[<>]/g, '').trim();
        if (txt) name = txt;
      }
    }
    return { address, name };
  }

  function subjectOf(pane) {
    const h = pane.querySelector('[role="heading"][aria-level="2"]') || pane.querySelector('[role="heading"]');
    return h ? (h.getAttribute('title') || h.textContent || '').trim() : '';
  }

  function detect() {
    const pane = readingPane();
    if (!pane) return null;
    const body = bodyEl(pane);
    if (!body) return null;
    const id = itemIdFromUrl();
    const conv = pane.querySelector('[data-convid]')?.getAttribute('data-convid') || null;
    const from = fromOf(pane);
    const key = id || (conv ? `${conv}|${from.address || ''}|${subjectOf(pane)}` : null);
    if (!key) return null;
    return { key, id, pane, body, from };
  }

  function canary() {
    const m = /(?:^|;\s*)X-OWA-CANARY=([^;]+)/i.exec(document.cookie || '');
    return m ? m[1] : null;
  }

  /** OWA ids in URLs are "REST" style ('-' and '_' for '/' and '+'); EWS wants plain base64. */
  const ewsId = (id) => id.replace(/-/g, '/').replace(/_/g, '+');

  function findTransportHeaders(v, depth = 0) {
    if (!v || typeof v !== 'object' || depth > 12) return null;
    if (Array.isArray(v)) {
      for (const x of v) {
        const r = findTransportHeaders(x, depth + 1);
        if (r) return r;
      }
      return null;
    }
    const tag = v.ExtendedFieldURI?.PropertyTag;
    if (typeof tag === 'string' && parseInt(tag, 16) === 0x7d && typeof v.Value === 'string') return v.Value;
    for (const k of Object.keys(v)) {
      const r = findTransportHeaders(v[k], depth + 1);
      if (r) return r;
    }
    return null;
  }

  async function getHeaders(id) {
    const token = canary();
    if (!token) throw new Error('no X-OWA-CANARY cookie');
    const request = {
      __type: 'GetItemJsonRequest:#Exchange',
      Header: { __type: 'JsonRequestHeaders:#Exchange', RequestServerVersion: 'Exchange2013' },
      Body: {
        __type: 'GetItemRequest:#Exchange',
        ItemShape: {
          __type: 'ItemResponseShape:#Exchange',
          BaseShape: 'IdOnly',
          AdditionalProperties: [
            { __type: 'ExtendedPropertyUri:#Exchange', PropertyTag: '0x7D', PropertyType: 'String' },
          ],
        },
        ItemIds: [{ __type: 'ItemId:#Exchange', Id: ewsId(id) }],
      },
    };
    const bytes = await H.fetchBytes(`${location.origin}/owa/service.svc?action=GetItem&app=Mail`, {
      method: 'POST',
      headers: {
        Action: 'GetItem',
        'Content-Type': 'application/json; charset=utf-8',
        'X-OWA-CANARY': token,
        'X-Req-Source': 'Mail',
      },
      body: JSON.stringify(request),
    });
    const json = JSON.parse(new TextDecoder('utf-8').decode(bytes));
    const headers = findTransportHeaders(json);
    if (!headers || !/^[\x21-\x39\x3b-\x7e]+:/.test(headers.trimStart())) throw new Error('GetItem: no internet headers');
    return headers;
  }

  /**
   * Internet headers + the body as the page shows it (text/html). The original Content-Type and
   * transfer encoding no longer describe this body, so they are replaced. DKIM signatures cover
   * the original body, which Outlook does not give us: the background passes `bodyFromPage` so
   * the core takes the provider's DKIM result instead of failing the body hash.
   */
  function assemble(headers, body) {
    const lines = headers.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '').split('\r\n');
    const out = [];
    let skip = false;
    for (const line of lines) {
      if (/^[ \t]/.test(line)) {
        if (!skip) out.push(line);
        continue;
      }
      skip = /^(content-type|content-transfer-encoding)\s*:/i.test(line);
      if (skip) continue;
      out.push(line);
    }
    out.push('Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    const html = body ? new XMLSerializer().serializeToString(body) : '';
    return `${out.join('\r\n')}\r\n\r\n${html}\r\n`;
  }

  async function read(cur) {
    if (!cur.id) return { source: 'page', why: 'no message id in the address' };
    try {
      const headers = await getHeaders(cur.id);
      const raw = H.utf8Binary(assemble(headers, cur.body));
      if (raw.length > H.MAX_RAW) return { source: 'page', why: 'too large' };
      return { source: 'headers+page', raw };
    } catch (e) {
      return { source: 'page', why: String(e.message || e).slice(0, 200) };
    }
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
