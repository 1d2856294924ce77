// Shared by the webmail content scripts (classic script; Gmail/Outlook files use globalThis.HonmonoContent).
// Watches the page for an opened message and reports it to the service worker. Builds no HTML.
(() => {
  if (globalThis.HonmonoContent) return;
  const api = globalThis.browser ?? globalThis.chrome;
  const pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const MAX_RAW = 25 * 1024 * 1024;
  const MAX_TEXT = 1024 * 1024;

  /** Bytes -> "binary string" (one char per byte) that survives runtime messaging in both browsers. */
  function bytesToBinary(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return s;
  }
  const utf8Binary = (text) => bytesToBinary(new TextEncoder().encode(text));

  // Firefox: `content.fetch` runs as the page (its cookies, same origin); Chrome MV3 content
  // script fetches are already same-origin with the page.
  // Objects handed to the page's fetch must be cloned into the page's compartment (cloneInto).
  /* global content, cloneInto */
  const pageFetch = (typeof content !== 'undefined' && content && typeof content.fetch === 'function')
    ? (url, init = {}) => content.fetch(url, typeof cloneInto === 'function' ? cloneInto(init, content) : init)
    : (url, init) => fetch(url, init);

  /**
   * The body as bytes. In Firefox, `content.fetch` hands back page-compartment objects that the
   * content script may not use directly (subarray() throws "Permission denied to access property
   * constructor"): copy the bytes into a buffer of our own first.
   */
  async function bytesOf(res) {
    const ab = await res.arrayBuffer();
    const own = new Uint8Array(ab.byteLength);
    own.set(new Uint8Array(ab));
    return own;
  }

  /** GET a same-origin URL as bytes; throws Error('HTTP nnn') / Error('too large'). */
  async function fetchBytes(url, init = {}) {
    const res = await pageFetch(url, { credentials: 'include', cache: 'no-store', ...init });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const len = Number(res.headers.get('content-length') || 0);
    if (len > MAX_RAW) throw new Error('too large');
    const buf = await bytesOf(res);
    if (buf.length > MAX_RAW) throw new Error('too large');
    return buf;
  }

  const clip = (s, n) => (typeof s === 'string' ? s.slice(0, n) : undefined);

  /** What the page shows of a message body: text and links (text, absolute href). */
  function bodyOf(el) {
    if (!el) return { text: '', links: [] };
    const text = clip((el.innerText ?? el.textContent ?? '').trim(), MAX_TEXT);
    const links = [];
    for (const a of el.querySelectorAll('a[href]')) {
      if (links.length >= 2000) break;
      const href = a.href || a.getAttribute('href') || '';
      if (!href || href.length > 8192) continue;
      links.push({ text: clip((a.innerText ?? a.textContent ?? '').trim(), 4096) || '', href });
    }
    return { text, links };
  }

  function snapshot({ senderName, senderAddress, subject, body }) {
    const b = bodyOf(body);
    return {
      senderName: clip(senderName?.trim() || undefined, 1024),
      senderAddress: clip(senderAddress?.trim() || undefined, 512),
      subject: clip(subject?.trim() || undefined, 4096),
      text: b.text,
      links: b.links,
    };
  }

  async function send(msg) {
    try {
      return await api.runtime.sendMessage({ ...msg, pageId });
    } catch {
      return undefined; // extension reloaded or worker unavailable
    }
  }

  // The link last right-clicked, for the context menu's "link text".
  let lastLink = null;
  document.addEventListener('contextmenu', (e) => {
    const a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
    lastLink = a ? { href: a.href, text: clip((a.innerText ?? a.textContent ?? '').trim(), 4096) } : null;
  }, true);

  /**
   * Starts watching. `adapter`:
   *   detect() -> null | { key, ...anything }   (cheap: runs on every DOM mutation batch)
   *   read(found) -> Promise<{ source: 'raw'|'headers+page'|'page', raw?: binary string, why? }>
   *   snapshot(found) -> snapshot object (see snapshot())
   *   sender(found) -> address string | null
   */
  function watch(webmail, adapter) {
    let lastKey = null;
    let found = null;
    let seq = 0;

    async function run(cur, mySeq) {
      send({ type: 'honmono:pending', key: cur.key, seq: mySeq, webmail });
      const t0 = performance.now();
      let got;
      try {
        got = await adapter.read(cur);
      } catch (e) {
        got = { source: 'page', why: String(e && e.message || e).slice(0, 200) };
      }
      const fetchMs = performance.now() - t0;
      if (mySeq !== seq) return; // another message was opened meanwhile
      const snap = adapter.snapshot(cur);
      const msg = { type: 'honmono:opened', key: cur.key, seq: mySeq, webmail, snapshot: snap, fetchMs, ...got };
      if (msg.source === 'page') delete msg.raw;
      send(msg);
    }

    function scan() {
      let cur = null;
      try {
        cur = adapter.detect();
      } catch {
        cur = null;
      }
      const key = cur ? cur.key : null;
      if (key === lastKey) return;
      lastKey = key;
      found = cur;
      seq++;
      if (!cur) send({ type: 'honmono:closed', seq, webmail });
      else run(cur, seq);
    }

    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
    addEventListener('hashchange', scan);
    addEventListener('popstate', scan);

    api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
      if (!sender || sender.id !== api.runtime.id || !msg || typeof msg !== 'object') return false;
      if (msg.type === 'honmono:rescan') {
        lastKey = undefined;
        scan();
        sendResponse({ open: lastKey !== null });
        return false;
      }
      if (msg.type === 'honmono:link-context') {
        const text = lastLink && lastLink.href === msg.href ? lastLink.text : null;
        let sender2 = null;
        try { sender2 = found ? adapter.sender(found) : null; } catch { sender2 = null; }
        sendResponse({ text, sender: sender2 || null });
        return false;
      }
      return false;
    });

    scan();
  }

  globalThis.HonmonoContent = { api, watch, snapshot, bodyOf, fetchBytes, bytesToBinary, utf8Binary, pageFetch, MAX_RAW };
})();
