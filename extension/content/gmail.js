// Gmail: notice the opened message, read what the page shows, fetch the raw source same-origin.
(() => {
  const H = globalThis.HonmonoContent;
  if (!H || globalThis.__honmonoGmail) return;
  globalThis.__honmonoGmail = true;

  /** The message being read: the last expanded message of the open conversation. */
  function detect() {
    const subject = document.querySelector('h2.hP');
    if (!subject) return null;
    const opened = document.querySelectorAll('div.adn');
    const msg = opened.length ? opened[opened.length - 1] : null;
    if (!msg) return null;
    const legacyEl = msg.matches('[data-legacy-message-id]') ? msg : msg.querySelector('[data-legacy-message-id]');
    const legacy = legacyEl?.getAttribute('data-legacy-message-id') || null;
    const idEl = msg.matches('[data-message-id]') ? msg : msg.querySelector('[data-message-id]');
    const permId = (idEl?.getAttribute('data-message-id') || '').replace(/^#/, '') || null; // msg-f:123...
    const thread = subject.getAttribute('data-thread-perm-id') || null;
    const from = msg.querySelector('span[email].gD') || document.querySelector('span[email].gD');
    const key = legacy || permId || (thread && from ? `${thread}|${from.getAttribute('email')}` : null);
    if (!key) return null;
    return { key, msg, subject, legacy, permId, from };
  }

  /** Gmail's "ik" (account key), needed only for the view=om fallback. */
  function ik() {
    const a = document.querySelector('a[href*="ik="], [data-recorded-src*="ik="]');
    const src = a?.getAttribute('href') || a?.getAttribute('data-recorded-src') || '';
    const m = /[?&]ik=([0-9a-f]{6,16})/.exec(src);
    if (m) return m[1];
    for (const s of document.querySelectorAll('script:not([src])')) {
      const g = /GLOBALS=\[(?:[^,\]]*,){9}"([0-9a-f]{6,16})"/.exec(s.textContent || '');
      if (g) return g[1];
    }
    return null;
  }

  const base = () => `${location.origin}${location.pathname}`;
  const looksLikeMessage = (bytes) => {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
    return !(head.startsWith('<!doctype') || head.startsWith('<html')) && /^[\x21-\x39\x3b-\x7e]+:/.test(head);
  };

  async function read(cur) {
    const errors = [];
    // 1. Raw download (no ik needed).
    const att = cur.legacy ? `th=${encodeURIComponent(cur.legacy)}` : cur.permId ? `permmsgid=${encodeURIComponent(cur.permId)}` : null;
    if (att) {
      try {
        const bytes = await H.fetchBytes(`${base()}?view=att&${att}&attid=0&disp=comp&safe=1&zw`);
        if (looksLikeMessage(bytes)) return { source: 'raw', raw: H.bytesToBinary(bytes) };
        errors.push('view=att: not a message');
      } catch (e) {
        errors.push(`view=att: ${e.message}`);
      }
    }
    // 2. "Show original" page: <pre id="raw_message_text"> (parsed inertly, never inserted).
    const key = ik();
    if (key && (cur.permId || cur.legacy)) {
      const id = cur.permId ? `permmsgid=${encodeURIComponent(cur.permId)}` : `th=${encodeURIComponent(cur.legacy)}`;
      try {
        const bytes = await H.fetchBytes(`${base()}?ik=${encodeURIComponent(key)}&view=om&${id}`);
        // check-sinks: allow dom-parser, markup-sink -- an inert document (no scripts run, nothing loads), never inserted; only textContent is read
        const doc = new DOMParser().parseFromString(new TextDecoder('utf-8').decode(bytes), 'text/html');
        const pre = doc.getElementById('raw_message_text');
        if (pre && pre.textContent.trim()) return { source: 'raw', raw: H.utf8Binary(pre.textContent) };
        errors.push('view=om: no source');
      } catch (e) {
        errors.push(`view=om: ${e.message}`);
      }
    }
    return { source: 'page', why: errors.join('; ') || 'no message id' };
  }

  function snapshot(cur) {
    const body = cur.msg.querySelector('div.a3s') || document.querySelector('div.adn div.a3s');
    return H.snapshot({
      senderName: cur.from?.getAttribute('name') || cur.from?.textContent || '',
      senderAddress: cur.from?.getAttribute('email') || '',
      subject: cur.subject?.textContent || '',
      body,
    });
  }

  H.watch('gmail', { detect, read, snapshot, sender: (cur) => cur.from?.getAttribute('email') || null });
})();
