// Outlook on the web, background side: the message's whole source from OWA's own JSON service
// (service.svc, the API the web app itself calls), authenticated the way the page is.
//
// On the real sites service.svc wants the `Authorization` header the web app sends (a bearer
// token on Microsoft 365, `MSAuth1.0 usertoken=…` on outlook.live.com), not only the session
// cookie and canary, and outlook.live.com serves it under /owa/0/. Both are taken from the page's
// own requests as the browser sends them (webRequest.onSendHeaders, which also sees the requests
// OWA makes from its web workers): the header value is held in this worker's memory for that tab,
// used only for requests to the same origin and path, never stored, never handed to a page or a
// content script, and dropped when the tab leaves the site or closes. Why this and not a token
// read from the page or Microsoft Graph: extension/PERMISSIONS.md.
//
// Request and response shapes follow projects that call service.svc from outside the web app:
//   mustang-im/mustang backend/owa.ts (scrapeStartupDataAuth: the page's Authorization header via
//     webRequest.onSendHeaders), app/logic/Mail/OWA/OWAEMail.ts (GetItem with IncludeMimeContent,
//     MimeContent.Value in base64), app/logic/Mail/OWA/OWAAccount.ts (401/440 = not signed in);
//   EAC-Technology/eac-extension GmailEAC/google-chrome/js/outlook.js (GetConversationItems ->
//     Conversation.ConversationNodes[].Items[].ItemId, then GetItem MIME of the chosen item).

export const OUTLOOK_ORIGINS = Object.freeze([
  'https://outlook.live.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.cloud.microsoft',
]);

/** The URL patterns of OWA's JSON service on every Outlook origin (webRequest filter). */
const SERVICE_URLS = OUTLOOK_ORIGINS.flatMap((o) => [`${o}/owa/*`]);

// Exchange Online takes messages up to 150 MB; past 50 MB (Gmail's limit too) the source is not
// fetched, and past 25 MB the background checks the headers and the first 25 MB.
const MAX_MIME_BYTES = 50 * 1024 * 1024;
const TIMEOUT_MS = 15000;

/** tabId -> { origin, path, headers: {authorization?, x-owa-canary?, x-anchormailbox?}, at } */
const seen = new Map();
/** tabId -> resolvers waiting for the page's first authorised request (see waitForAuth). */
const waiting = new Map();

/** OWA request headers worth replaying (lower-case). Nothing else of the page's request is kept. */
const KEEP = ['authorization', 'x-owa-canary', 'x-anchormailbox', 'x-owa-hosted-ux', 'x-req-source', 'prefer'];

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** `/owa/service.svc` or `/owa/0/service.svc` (outlook.live.com), as the page itself used it. */
function servicePath(url) {
  try {
    const m = /^(\/owa(?:\/\d{1,2})?)\/service\.svc(?:$|\/)/.exec(new URL(url).pathname);
    return m ? `${m[1]}/service.svc` : null;
  } catch {
    return null;
  }
}

function onSendHeaders(d) {
  if (!Number.isInteger(d.tabId) || d.tabId < 0) return;
  const origin = originOf(d.url);
  if (!OUTLOOK_ORIGINS.includes(origin)) return;
  const path = servicePath(d.url);
  if (!path) return;
  const headers = {};
  for (const h of d.requestHeaders || []) {
    const name = String(h.name || '').toLowerCase();
    if (KEEP.includes(name) && typeof h.value === 'string' && h.value.length <= 16384) headers[name] = h.value;
  }
  const prev = seen.get(d.tabId);
  // A request without Authorization (static files, anonymous pings) does not wipe a known one.
  if (!headers.authorization && prev && prev.origin === origin && prev.headers.authorization) {
    headers.authorization = prev.headers.authorization;
  }
  seen.set(d.tabId, { origin, path, headers, at: Date.now() });
  if (headers.authorization) {
    for (const resolve of waiting.get(d.tabId) || []) resolve(true);
    waiting.delete(d.tabId);
  }
}

/**
 * Waits (at most `ms`) for the page of `tabId` to send an authorised service request. OWA makes
 * one when a message opens, but a service worker that has just been woken up (or restarted, which
 * forgets what it held) may be asked before it has seen one.
 */
function waitForAuth(tabId, ms) {
  if (seen.get(tabId)?.headers?.authorization) return Promise.resolve(true);
  return new Promise((resolve) => {
    const list = waiting.get(tabId) || [];
    list.push(resolve);
    waiting.set(tabId, list);
    setTimeout(() => resolve(false), ms);
  });
}
const AUTH_WAIT_MS = 2500;

/** Starts watching the Outlook tabs' own service requests (call once, at the worker's top level). */
export function watchOwaRequests(api) {
  if (!api.webRequest?.onSendHeaders) return false;
  const extra = ['requestHeaders'];
  // Chromium hides some headers unless asked; Firefox rejects the unknown option.
  if (api.webRequest.OnSendHeadersOptions?.EXTRA_HEADERS) extra.push('extraHeaders');
  api.webRequest.onSendHeaders.addListener(onSendHeaders, { urls: SERVICE_URLS }, extra);
  api.tabs.onRemoved.addListener((tabId) => seen.delete(tabId));
  api.tabs.onUpdated.addListener((tabId, info) => {
    if (info.url && seen.get(tabId)?.origin !== originOf(info.url)) seen.delete(tabId);
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** An OWA id: base64 or its URL-safe form (the reading-pane URL uses '-' and '_'). */
export function isOwaId(v) {
  return typeof v === 'string' && v.length >= 8 && v.length <= 1024 && /^[A-Za-z0-9+/=_-]+$/.test(v);
}
/** OWA ids in URLs are "REST" style ('-' and '_' for '/' and '+'); EWS wants plain base64. */
export const ewsId = (id) => id.replace(/-/g, '/').replace(/_/g, '+');
/** A conversation id (`AAQk…`): GetItem refuses it, it has to be resolved to an item first. */
export const isConversationId = (id) => /^AAQ[kA-Z]/.test(ewsId(id));

const header = (version = 'Exchange2013') => ({ __type: 'JsonRequestHeaders:#Exchange', RequestServerVersion: version });

async function service(tabId, origin, action, body) {
  const auth = seen.get(tabId);
  const path = auth && auth.origin === origin ? auth.path : (origin === 'https://outlook.live.com' ? '/owa/0/service.svc' : '/owa/service.svc');
  const headers = {
    action,
    'content-type': 'application/json; charset=utf-8',
    'x-req-source': 'Mail',
  };
  if (auth && auth.origin === origin) {
    for (const [k, v] of Object.entries(auth.headers)) headers[k] = v;
  }
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(`${origin}${path}?action=${encodeURIComponent(action)}&app=Mail`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'include',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: ctl.signal,
    });
  } catch (e) {
    throw new Error(e?.name === 'AbortError' ? 'Timeout' : 'NetworkError');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const len = Number(res.headers.get('content-length') || 0);
  // base64 MIME is 4/3 of the message; JSON around it is small.
  if (len > MAX_MIME_BYTES * 1.4) throw new Error('TooLarge');
  let json;
  try {
    json = await res.json();
  } catch {
    throw new Error('NotJSON');
  }
  const item = json?.Body?.ResponseMessages?.Items?.[0];
  if (!item || typeof item !== 'object') throw new Error('NoResponse');
  if (item.ResponseClass !== 'Success') {
    // An EWS response code (ErrorItemNotFound, ErrorInvalidIdMalformed…): a name, no content.
    const code = typeof item.ResponseCode === 'string' && /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(item.ResponseCode) ? item.ResponseCode : 'Error';
    throw new Error(code);
  }
  return item;
}

const addressOf = (x) => (typeof x?.Mailbox?.EmailAddress === 'string' ? x.Mailbox.EmailAddress.toLowerCase() : null);

/**
 * The item the user is reading in a conversation: not a draft; from `hint.sender` when the page
 * showed a sender (the `hint.ordinal`-th such item counting from the newest, as OWA lists a
 * conversation newest first by default), else the newest.
 */
export function chooseItem(nodes, hint = {}) {
  const items = [];
  for (const n of Array.isArray(nodes) ? nodes : []) {
    for (const it of Array.isArray(n?.Items) ? n.Items : []) {
      if (!it || it.IsDraft === true || !isOwaId(it.ItemId?.Id)) continue;
      const t = Date.parse(it.DateTimeReceived || it.DateTimeSent || '');
      items.push({ id: it.ItemId.Id, from: addressOf(it.From) || addressOf(it.Sender), t: Number.isFinite(t) ? t : 0 });
    }
  }
  items.sort((a, b) => b.t - a.t);
  const sender = typeof hint.sender === 'string' ? hint.sender.toLowerCase() : null;
  const pool = sender ? items.filter((i) => i.from === sender) : items;
  const k = Number.isSafeInteger(hint.ordinal) && hint.ordinal >= 0 ? hint.ordinal : 0;
  return pool[Math.min(k, pool.length - 1)]?.id ?? null;
}

async function resolveConversation(tabId, origin, convId, hint) {
  const item = await service(tabId, origin, 'GetConversationItems', {
    __type: 'GetConversationItemsJsonRequest:#Exchange',
    Header: header('V2017_08_18'),
    Body: {
      __type: 'GetConversationItemsRequest:#Exchange',
      Conversations: [{ __type: 'ConversationRequestType:#Exchange', ConversationId: { __type: 'ItemId:#Exchange', Id: ewsId(convId) }, SyncState: '' }],
      ItemShape: {
        __type: 'ItemResponseShape:#Exchange',
        BaseShape: 'IdOnly',
        AdditionalProperties: ['From', 'Sender', 'DateTimeReceived', 'IsDraft'].map((f) => ({ __type: 'PropertyUri:#Exchange', FieldURI: f })),
      },
      ShapeName: 'ItemPart',
      SortOrder: 'DateOrderDescending',
      MaxItemsToReturn: 50,
    },
  });
  const id = chooseItem(item.Conversation?.ConversationNodes, hint);
  if (!id) throw new Error('NoMatchingItem');
  return id;
}

/** Base64 -> bytes, or null. */
function fromBase64(s) {
  if (typeof s !== 'string' || s.length > MAX_MIME_BYTES * 1.4) return null;
  try {
    const bin = atob(s.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function transportHeaders(item) {
  for (const p of Array.isArray(item?.ExtendedProperty) ? item.ExtendedProperty : []) {
    const tag = p?.ExtendedFieldURI?.PropertyTag;
    if (typeof tag === 'string' && parseInt(tag, 16) === 0x7d && typeof p.Value === 'string') return p.Value;
  }
  return null;
}

/**
 * The message's source for `ref` ({ itemId?, convId?, sender?, ordinal? }) in tab `tabId` on
 * `origin`: { bytes } (the whole MIME), or { headers } (transport headers only: OWA gives them
 * for items whose MIME it will not convert), with the attempts made (diagnostics: what was tried
 * and the HTTP status or an error name, never content: the contract of lib/validate.js cleanDiag).
 */
export async function fetchOwaSource(tabId, origin, ref) {
  const attempts = [];
  if (!OUTLOOK_ORIGINS.includes(origin)) return { attempts: [{ how: 'outlook:getitem-mime', ok: false, error: 'NotOutlook' }] };
  await waitForAuth(tabId, AUTH_WAIT_MS);
  let itemId = ref.itemId && !isConversationId(ref.itemId) ? ref.itemId : null;
  const convId = ref.convId || (ref.itemId && isConversationId(ref.itemId) ? ref.itemId : null);
  if (!itemId && convId) {
    try {
      itemId = await resolveConversation(tabId, origin, convId, ref);
      attempts.push({ how: 'outlook:conversation', ok: true });
    } catch (e) {
      attempts.push({ how: 'outlook:conversation', ok: false, error: e.message });
      return { attempts, needsAuth: /^HTTP (401|440)$/.test(e.message) };
    }
  }
  if (!itemId) return { attempts: [{ how: 'outlook:getitem-mime', ok: false, error: 'NoMessageId' }] };
  try {
    const item = await service(tabId, origin, 'GetItem', {
      __type: 'GetItemJsonRequest:#Exchange',
      Header: header(),
      Body: {
        __type: 'GetItemRequest:#Exchange',
        ItemShape: {
          __type: 'ItemResponseShape:#Exchange',
          BaseShape: 'IdOnly',
          IncludeMimeContent: true,
          // item:Size works around an Office 365 quirk (mustang OWAEMail.ts); 0x7D (transport
          // headers) is the fallback when there is no MIME.
          AdditionalProperties: [
            { __type: 'PropertyUri:#Exchange', FieldURI: 'item:Size' },
            { __type: 'ExtendedPropertyUri:#Exchange', PropertyTag: '0x7D', PropertyType: 'String' },
          ],
        },
        ItemIds: [{ __type: 'ItemId:#Exchange', Id: ewsId(itemId) }],
      },
    });
    const msg = item.Items?.[0];
    const bytes = fromBase64(msg?.MimeContent?.Value);
    if (bytes && bytes.length) {
      attempts.push({ how: 'outlook:getitem-mime', ok: true });
      return { bytes, attempts };
    }
    const headers = transportHeaders(msg);
    attempts.push({ how: 'outlook:getitem-mime', ok: false, error: 'NoMimeContent' });
    if (headers) {
      attempts.push({ how: 'outlook:getitem-headers', ok: true });
      return { headers, attempts };
    }
    return { attempts };
  } catch (e) {
    attempts.push({ how: 'outlook:getitem-mime', ok: false, error: e.message });
    return { attempts, needsAuth: /^HTTP (401|440)$/.test(e.message) };
  }
}

/** Whether the page of `tabId` has been seen sending an authorised service request. */
export const hasPageAuth = (tabId) => !!seen.get(tabId)?.headers?.authorization;

/** For tests: what is held for a tab (header names only, never values). */
export const owaDiagnostics = {
  heldFor: (tabId) => {
    const s = seen.get(tabId);
    return s ? { origin: s.origin, path: s.path, headers: Object.keys(s.headers).sort() } : null;
  },
};
