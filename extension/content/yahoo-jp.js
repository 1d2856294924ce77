// Yahoo! JAPAN メール (mail.yahoo.co.jp): the guided path. The page alone is checked first
// (sender, subject, links: never ✓); when the user opens the message's full headers
// (「詳細ヘッダー」), those headers are read from the page and checked with the body as shown.
//
// No maintained project documents this app's DOM; what is relied on is kept small and generic
// (an assumption, see tests/e2e/fixtures/yahoo-jp/README.md): the message is shown in the page's
// `role="main"` region with a heading (subject) and the sender's address before the body, and
// 「詳細ヘッダー」 shows the header text in a dialog outside that region. Header text is taken only
// from such a dialog, never from inside the message region, where a sender could write a fake
// header block.
(() => {
  const H = globalThis.HonmonoContent;
  if (!H || globalThis.__honmonoYahooJp) return;
  globalThis.__honmonoYahooJp = true;

  const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
  const MAX_HEADERS = 256 * 1024;

  function pane() {
    return [...document.querySelectorAll('[role="main"], main')].find((p) => H.isVisible(p) && p.querySelector('h1, h2, [role="heading"]')) || null;
  }

  /** The first element in the region (in page order, so before the body) showing an address. */
  function senderOf(p) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(), n = 0; el && n < 2000; el = walker.nextNode(), n++) {
      const attr = el.getAttribute('title') || el.getAttribute('data-email') || '';
      const own = [...el.childNodes].filter((c) => c.nodeType === 3).map((c) => c.nodeValue).join(' ');
      const m = EMAIL.exec(attr) || EMAIL.exec(own);
      if (!m) continue;
      const name = (el.textContent || '').replace(EMAIL, '').replace(/[<>()「」]/g, '').trim();
      return { address: m[0], name: name || null };
    }
    return { address: null, name: null };
  }

  /** Parses a header block; null unless it looks like a received message's headers. */
  function headerBlock(text) {
    if (typeof text !== 'string' || text.length > MAX_HEADERS) return null;
    const t = text.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '');
    const end = t.search(/\n[ \t]*\n/);
    const head = (end < 0 ? t : t.slice(0, end)).replace(/\s+$/, '');
    const lines = head.split('\n');
    if (!/^[\x21-\x39\x3b-\x7e]+:/.test(lines[0] || '')) return null;
    if (!lines.every((l) => /^[\x21-\x39\x3b-\x7e]+:/.test(l) || /^[ \t]/.test(l))) return null;
    const names = new Set(lines.filter((l) => !/^[ \t]/.test(l)).map((l) => l.slice(0, l.indexOf(':')).toLowerCase()));
    if (!names.has('received') || !names.has('from')) return null;
    const from = /(?:^|\n)from:[^\n]*(?:\n[ \t][^\n]*)*/i.exec(head)?.[0] || '';
    return { text: head, from: EMAIL.exec(from)?.[0]?.toLowerCase() || null };
  }

  /** Header text the user opened with 「詳細ヘッダー」: a dialog outside the message region. */
  function openedHeaders(p) {
    for (const d of document.querySelectorAll('[role="dialog"], dialog[open]')) {
      if (p.contains(d) || !H.isVisible(d)) continue;
      const el = d.querySelector('pre, textarea') || d;
      const b = headerBlock(el.value ?? el.textContent);
      if (b) return b;
    }
    return null;
  }

  const seen = new Map(); // message key -> header text the user opened for it

  function detect() {
    const p = pane();
    if (!p) return null;
    const heading = p.querySelector('h1, h2, [role="heading"]');
    const subject = (heading?.textContent || '').trim();
    const from = senderOf(p);
    if (!from.address && !subject) return null;
    const base = `yahoo-jp:${location.pathname}|${from.address || ''}|${subject}`.slice(0, 480);
    const h = openedHeaders(p);
    // Only headers for this message: the dialog's From must be the sender the page shows.
    if (h && (!from.address || h.from === from.address.toLowerCase())) {
      if (seen.size > 50) seen.clear();
      seen.set(base, h.text);
    }
    const headers = seen.get(base) || null;
    return { key: headers ? `${base}|headers` : base, p, subject, from, headers };
  }

  async function read(cur) {
    const t = H.trail('yahoo-jp');
    if (!cur.headers) {
      t.note('yahoo-jp:detail-headers', false, 'NotOpened');
      t.note('page', true);
      return { source: 'page', why: 'headers not opened', diag: t.diag() };
    }
    t.note('yahoo-jp:detail-headers', true);
    const raw = H.rawOfText(H.assemble(cur.headers, cur.p));
    if (raw.truncated) return { source: 'page', why: 'too large', diag: t.diag() };
    return { source: 'headers+page', ...raw, diag: t.diag() };
  }

  function snapshot(cur) {
    return H.snapshot({ senderName: cur.from.name || '', senderAddress: cur.from.address || '', subject: cur.subject, body: cur.p });
  }

  H.watch('yahoo-jp', { detect, read, snapshot, sender: (cur) => cur.from.address || null });
})();
