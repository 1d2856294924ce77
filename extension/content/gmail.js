// Gmail: find the message the user is reading, read what the page shows of it, and fetch its
// original source from Gmail itself. Builds no HTML and parses none (Gmail enforces Trusted
// Types). Sources for each behaviour are cited where it is handled; see also
// tests/e2e/fixtures/gmail/README.md.
(() => {
  const H = globalThis.HonmonoContent;
  if (!H || globalThis.__honmonoGmail) return;
  globalThis.__honmonoGmail = true;

  // ---------------------------------------------------------------------------------------------
  // Which message

  /**
   * The subject of the conversation on screen. Gmail keeps earlier views (a previous thread,
   * the inbox) in the DOM with `display: none`, so the first `h2.hP` may belong to a thread the
   * user left: take the visible one (gmail.js `api.dom.email_subject` does the same). A heading
   * inside a message body is the sender's, never Gmail's.
   */
  function visibleSubject() {
    for (const h of document.querySelectorAll('h2.hP')) {
      if (!h.closest('.a3s') && H.isVisible(h)) return h;
    }
    return null;
  }

  const permIdOf = (el) => (el.getAttribute('data-message-id') || '').replace(/^#/, '');
  const legacyIdOf = (el) => {
    const v = el.getAttribute('data-legacy-message-id') || '';
    return /^[0-9a-f]{6,32}$/i.test(v) ? v : null;
  };
  const keyOf = (el) => legacyIdOf(el) || permIdOf(el);

  /**
   * A message someone sent to the user. The user's own replies and drafts carry a local id
   * (`msg-a:r…`) and no legacy id: they cannot be fetched and are not what the user wants
   * checked (InboxSDK src/platform-implementation-js/driver-common/getGmailMessageIdForSyncMessageId.ts:
   * "a fake ID in the DOM (with the msg-a:r prefix)").
   */
  function received(el) {
    const perm = permIdOf(el);
    if (/^msg-a:/i.test(perm)) return false;
    return !!(legacyIdOf(el) || /^msg-f:\d{1,24}$/.test(perm));
  }

  /** Expanded: its body is rendered (collapsed messages show a one-line snippet, no div.a3s). */
  const expanded = (el) => !!el.querySelector('div.a3s') && H.isVisible(el);

  // The message read is the one the user opened, expanded or clicked last. Messages Gmail shows
  // expanded when the thread opens rank 0 (then the newest, last in the page, wins); one that
  // appears expanded after a user action, or that the user clicks into, ranks above them.
  const rank = new Map(); // message key -> rank
  let tick = 0;
  let thread = null;
  let userActed = false;
  let watcher = null;

  function onUser(e) {
    const view = visibleSubject();
    if (!view || !e.target || !e.target.closest) return;
    userActed = true;
    const m = e.target.closest('div.adn');
    if (m && received(m) && expanded(m) && !m.closest('.a3s')) {
      rank.set(keyOf(m), ++tick);
      watcher?.rescan();
    }
  }
  document.addEventListener('click', onUser, true);
  document.addEventListener('keydown', (e) => { if (e.target && e.target.closest && e.target.closest('div.adn, [role="main"]')) userActed = true; }, true);

  function detect() {
    const subject = visibleSubject();
    if (!subject) return null;
    const view = subject.closest('[role="main"]') || subject.closest('div.nH') || document.body;
    const threadId = subject.getAttribute('data-thread-perm-id') || subject.getAttribute('data-legacy-thread-id') || '';
    if (threadId !== thread) {
      thread = threadId;
      rank.clear();
      userActed = false;
    }
    const messages = [...view.querySelectorAll('div.adn')].filter((m) => !m.parentElement?.closest('.a3s') && received(m) && expanded(m));
    if (!messages.length) return null;
    let fresh = false;
    let best = null;
    let bestRank = -1;
    for (const m of messages) {
      const k = keyOf(m);
      if (!rank.has(k)) {
        if (!fresh && userActed) tick++;
        fresh = true;
        rank.set(k, userActed ? tick : 0);
      }
      const r = rank.get(k);
      if (r >= bestRank) { // ties: the later one in the page (the newer message)
        best = m;
        bestRank = r;
      }
    }
    if (rank.size > 500) rank.clear();
    const legacy = legacyIdOf(best);
    const perm = permIdOf(best);
    const permId = /^msg-f:\d{1,24}$/.test(perm) ? perm : null;
    // The sender from the message's header line, never from inside its body.
    const from = [...best.querySelectorAll('span.gD[email]')].find((s) => !s.closest('.a3s')) || null;
    return { key: legacy || permId, msg: best, subject, legacy, permId, from };
  }

  /**
   * Gmail's "ik" (account key), needed only for "Show original" (view=om): GLOBALS[9] in the
   * page's inline script (gmail.js `api.tracker.ik`) or an ik= parameter in the page's links.
   */
  function ik() {
    const a = document.querySelector('a[href*="ik="], [data-recorded-src*="ik="]');
    const src = a?.getAttribute('href') || a?.getAttribute('data-recorded-src') || '';
    const m = /[?&]ik=([0-9a-f]{6,16})(?:&|$)/.exec(src);
    if (m) return m[1];
    for (const s of document.querySelectorAll('script:not([src])')) {
      const g = /GLOBALS=\[(?:[^,\]]*,){9}"([0-9a-f]{6,16})"/.exec(s.textContent || '');
      if (g) return g[1];
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the source

  const base = () => `${location.origin}${location.pathname}`;

  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  function decodeEntities(s) {
    return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (all, e) => {
      if (e[0] !== '#') return Object.hasOwn(ENTITIES, e.toLowerCase()) ? ENTITIES[e.toLowerCase()] : all;
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    });
  }

  /**
   * The text of `<pre id="raw_message_text">` in a "Show original" page, by a string scan: no
   * HTML parser or other HTML sink (Gmail sends `require-trusted-types-for 'script'`, under which
   * the page refuses them; InboxSDK also reads this page with plain string matching). Gmail
   * escapes the message inside the <pre>, so the first `</pre>` after it ends it.
   */
  function rawFromShowOriginal(html) {
    const open = /<pre\b[^>]*\bid\s*=\s*["']?raw_message_text\b[^>]*>/i.exec(html);
    if (!open) return null;
    const start = open.index + open[0].length;
    const close = /<\/pre\s*>/i.exec(html.slice(start));
    if (!close) return null;
    const text = decodeEntities(html.slice(start, start + close.index)).replace(/^\r?\n/, '');
    return text.trim() ? text : null;
  }

  async function read(cur) {
    const t = H.trail('gmail');
    const id = cur.legacy ? `th=${encodeURIComponent(cur.legacy)}` : cur.permId ? `permmsgid=${encodeURIComponent(cur.permId)}` : null;
    if (!id) {
      t.note('gmail:message-id', false, 'NoMessageId');
      return { source: 'page', why: 'no message id', diag: t.diag() };
    }
    // 1. The original message as a download (gmail.js `api.helper.get.email_source_pre` /
    //    `make_request_download_promise`). Gmail answers with a redirect to
    //    mail-attachment.googleusercontent.com; the cache-busting parameter (gmail.js
    //    `cacheCounter`, PR #335) keeps a cached copy without CORS headers out of the way.
    const bytes = await t.step('gmail:attachment-download', async () => {
      const url = `${base()}?view=att&${id}&attid=0&disp=comp&safe=1&zw&cacheCounter=${Date.now()}`;
      const b = await H.fetchBytes(url);
      if (!H.looksLikeMessage(b)) throw H.fail('NotAMessage', 'not a message');
      return b;
    });
    if (bytes) return { source: 'raw', ...H.rawOf(bytes), diag: t.diag() };

    // 2. "Show original" (view=om with the account key; InboxSDK getOriginalMessagePage.ts).
    const key = ik();
    const text = await t.step('gmail:show-original', async () => {
      if (!key) throw H.fail('NoIk', 'no ik');
      const om = cur.permId ? `permmsgid=${encodeURIComponent(cur.permId)}` : `th=${encodeURIComponent(cur.legacy)}`;
      const b = await H.fetchBytes(`${base()}?ik=${encodeURIComponent(key)}&view=om&${om}`);
      const raw = rawFromShowOriginal(new TextDecoder('utf-8').decode(b));
      if (!raw) throw H.fail('NoSource', 'no source in the page');
      return raw;
    });
    if (text) return { source: 'raw', ...H.rawOfText(text), diag: t.diag() };
    t.note('page', true);
    return { source: 'page', why: t.why() || 'no source', diag: t.diag() };
  }

  function snapshot(cur) {
    return H.snapshot({
      senderName: cur.from?.getAttribute('name') || cur.from?.textContent || '',
      senderAddress: cur.from?.getAttribute('email') || '',
      subject: cur.subject?.textContent || '',
      body: cur.msg.querySelector('div.a3s'),
    });
  }

  /**
   * Gmail clips a message over about 100 KB: the page shows "[Message clipped] View entire
   * message" (`div.iX > a`, a view=lg link; R4FKEN/trimless-gmail-v3 contentScript.js, and the
   * older class `vem` in pmn/gmail-view-entire-message). Language-independent: by the link.
   */
  function partial(cur) {
    return !!cur.msg.querySelector('.iX a[href*="view=lg"], a.vem');
  }

  watcher = H.watch('gmail', { detect, read, snapshot, partial, sender: (cur) => cur.from?.getAttribute('email') || null });
})();
