// Shared by the webmail content scripts (classic script; Gmail/Outlook files use globalThis.HonmonoContent).
// Watches the page for an opened message and reports it to the service worker. Builds no HTML.
(() => {
  if (globalThis.HonmonoContent) return;
  const api = globalThis.browser ?? globalThis.chrome;
  const pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const MAX_RAW = 25 * 1024 * 1024;
  // Gmail takes messages up to 50 MB (attachments included). Larger than MAX_RAW, the headers
  // and the first MAX_RAW bytes are sent and the background is told (rawOf below).
  const MAX_FETCH = 50 * 1024 * 1024;
  const MAX_TEXT = 1024 * 1024;

  /** Bytes -> "binary string" (one char per byte) that survives runtime messaging in both browsers. */
  function bytesToBinary(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return s;
  }

  // `fatal`: bytes that are not UTF-8 throw (and go as a binary string); `ignoreBOM`: a leading
  // byte-order mark stays in the text, so that encoding it again gives back every byte.
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  /**
   * A raw source as it is handed to the service worker: `{ raw, rawEncoding?, truncated? }`.
   * Over MAX_RAW, its first MAX_RAW bytes (the header block and the start of the body: the
   * provider's results are in the headers, what is cut is usually attachments) and its real size.
   * Bytes that are UTF-8 (ASCII included: most mail) go as that text (`rawEncoding: 'utf-8'`),
   * which the worker encodes back into the same bytes; others as a binary string. Runtime
   * messaging copies strings as UTF-8, so a binary string of non-ASCII bytes travels as two
   * bytes per byte: for 5 MB of Japanese HTML that was ~90 ms of the time to the badge, and
   * decoding is native where the binary string is built in script.
   */
  function rawOf(bytes) {
    const cut = bytes.length > MAX_RAW ? bytes.subarray(0, MAX_RAW) : bytes;
    let out;
    try {
      out = { raw: utf8.decode(cut), rawEncoding: 'utf-8' };
    } catch {
      out = { raw: bytesToBinary(cut) };
    }
    return cut === bytes ? out : { ...out, truncated: { totalBytes: bytes.length } };
  }
  /** A source assembled as text (headers from an API, a body from the page): as [rawOf]. */
  const rawOfText = (text) => rawOf(new TextEncoder().encode(text));

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

  /**
   * An error whose `name` says what went wrong without quoting anything from the page or the
   * message (the name and an HTTP status are all that reach the diagnostics).
   */
  function fail(name, message = name, status) {
    const e = new Error(message);
    e.name = name;
    if (status !== undefined) e.status = status;
    return e;
  }

  /**
   * GET a URL of the webmail as bytes; throws HTTPError('HTTP nnn') / TooLarge('too large').
   * Cookies go to the webmail's own origin only (`same-origin`): a download that redirects to a
   * content host (Gmail's googleusercontent.com) answers CORS without allowing credentials.
   * `no-store`: a response cached from a plain download carries no CORS header (gmail.js #333).
   */
  async function fetchBytes(url, init = {}) {
    const res = await pageFetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
    if (!res.ok) throw fail('HTTPError', `HTTP ${res.status}`, res.status);
    const len = Number(res.headers.get('content-length') || 0);
    if (len > MAX_FETCH) throw fail('TooLarge', 'too large');
    const buf = await bytesOf(res);
    if (buf.length > MAX_FETCH) throw fail('TooLarge', 'too large');
    return buf;
  }

  /** An RFC 5322 message, not a page or an API error (a sign-in page, an HTML or JSON error). */
  function looksLikeMessage(bytes) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
    return !(head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('{')) && /^[\x21-\x39\x3b-\x7e]+:/.test(head);
  }

  /** Short, content-free description of an error for the diagnostics: "HTTP 403", "TypeError". */
  function errorName(e) {
    if (e && Number.isInteger(e.status)) return `HTTP ${e.status}`;
    const n = e && typeof e.name === 'string' ? e.name : 'Error';
    return /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(n) ? n : 'Error';
  }

  /**
   * Records each way an adapter tried to read the message: `{ how, ok, error? }` (the
   * `honmono:opened` message's `diag.attempts`; see extension/lib/validate.js).
   */
  function trail(adapter) {
    const attempts = [];
    const why = [];
    return {
      async step(how, fn) {
        try {
          const v = await fn();
          attempts.push({ how, ok: true });
          return v;
        } catch (e) {
          attempts.push({ how, ok: false, error: errorName(e) });
          why.push(`${how}: ${String(e && e.message || e).slice(0, 120)}`);
          return undefined;
        }
      },
      note(how, ok, error) {
        attempts.push(error ? { how, ok, error } : { how, ok });
      },
      why: () => why.join('; '),
      diag: () => ({ adapter, attempts: attempts.slice(0, 16) }),
    };
  }

  /** Rendered and not hidden by the page (Gmail keeps earlier views in the DOM, hidden). */
  function isVisible(el) {
    if (!el || !el.isConnected) return false;
    if (typeof el.checkVisibility === 'function') return el.checkVisibility();
    return el.getClientRects().length > 0;
  }

  /**
   * Internet headers (read from the webmail) + the body as the page shows it, as one message.
   * The original Content-Type / transfer encoding no longer describe this body: replaced. The
   * background then passes `bodyFromPage`, so DKIM body hashes are not held against it.
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
      if (!skip) out.push(line);
    }
    out.push('Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    const html = body ? new XMLSerializer().serializeToString(body) : '';
    return `${out.join('\r\n')}\r\n\r\n${html}\r\n`;
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
   *   partial(found) -> true when the page shows only part of the body (optional)
   * read() may add `diag: { adapter, attempts }` (see trail()). Returns { rescan }.
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
      let partial = false;
      try { partial = !!(adapter.partial && adapter.partial(cur)); } catch { partial = false; }
      if (partial) msg.partial = true;
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
    return { rescan: scan };
  }

  globalThis.HonmonoContent = {
    api, watch, snapshot, bodyOf, fetchBytes, rawOf, rawOfText, pageFetch, send, MAX_RAW,
    fail, errorName, trail, isVisible, assemble, looksLikeMessage,
  };
})();
