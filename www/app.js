// Honmono web page: input (paste / drop / pick / samples), DNS-over-HTTPS lookups, the worker
// that runs the core, and the shared report renderer. Nothing is uploaded: only DNS names are
// sent (to cloudflare-dns.com), and only when the DNS toggle is on.
import { renderReport, renderError } from './ui/report-view.js';
import { isolateText, showBidiControls } from './ui/bidi.js';
import { VERDICT_LOOK, lookOf, applyLook } from './ui/verdict-look.js';
import { loadMessages, makeT, preferredLang, LANGS } from './i18n.js';

const DOH = 'https://cloudflare-dns.com/dns-query';
const DOH_TIMEOUT_MS = 6000;
const DOH_PARALLEL = 4;
// The core orders and caps the names a message asks for (auth::names); the page keeps its own
// cap too, as the extension does (extension/lib/dns.js).
const DOH_MAX_NAMES = 16;
const DOH_NEGATIVE_TTL = 3600;
const DOH_MIN_TTL = 30;
const PROGRESS_DELAY_MS = 150;
const MAX_BYTES = 25 * 1024 * 1024;

const $ = (id) => document.getElementById(id);
const els = {
  drop: $('drop'),
  file: $('file'),
  fileName: $('file-name'),
  source: $('source'),
  dns: $('dns-toggle'),
  check: $('check'),
  clear: $('clear'),
  samples: $('samples'),
  progress: $('progress'),
  statusText: $('status-text'),
  result: $('result'),
  report: $('report'),
  dnsLog: $('dns-log'),
  dnsLogBody: $('dns-log-body'),
  langToggle: $('lang-toggle'),
  version: $('version'),
};

const state = {
  lang: 'en',
  t: () => '',
  fallback: {},
  /** What will be checked: {kind: 'text'} | {kind: 'file', file} | {kind: 'sample', sample, bytes} */
  input: { kind: 'text' },
  last: null, // {type: 'report', report} | {type: 'error', message}
  lastDns: null,
  jobId: 0,
  samples: [],
  coreVersion: '',
};

// ---------------------------------------------------------------------------- language

function langFromUrl() {
  const l = new URLSearchParams(location.search).get('lang');
  return LANGS.includes(l) ? l : null;
}

function storedLang() {
  try {
    const l = localStorage.getItem('honmono.lang');
    return LANGS.includes(l) ? l : null;
  } catch {
    return null;
  }
}

async function setLang(lang, remember) {
  const messages = await loadMessages(lang);
  state.lang = lang;
  state.t = makeT(messages, state.fallback);
  if (remember) {
    try {
      localStorage.setItem('honmono.lang', lang);
    } catch {
      /* private mode: ignore */
    }
  }
  applyStaticText();
  renderSamples();
  if (state.last) showLast();
  if (state.lastDns) renderDnsLog(state.lastDns);
}

function applyStaticText() {
  const t = state.t;
  document.documentElement.lang = state.lang;
  document.title = t('page_title') || document.title;
  for (const e of document.querySelectorAll('[data-i18n]')) {
    const s = t(e.dataset.i18n);
    if (s) e.textContent = s;
  }
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) {
    const s = t(e.dataset.i18nPlaceholder);
    if (s) e.placeholder = s;
  }
  for (const e of document.querySelectorAll('[data-i18n-aria-label]')) {
    const s = t(e.dataset.i18nAriaLabel);
    if (s) e.setAttribute('aria-label', s);
  }
  for (const e of document.querySelectorAll('[data-lang-block]')) e.hidden = e.dataset.langBlock !== state.lang;
  els.langToggle.lang = state.lang === 'ja' ? 'en' : 'ja';
  if (state.coreVersion) els.version.textContent = t('page_version', [state.coreVersion]);
}

// ---------------------------------------------------------------------------- status

let progressTimer = 0;
function setStatus(text, busy) {
  els.statusText.textContent = text || '';
  if (busy) {
    // Only show the spinner for work longer than a moment, so quick checks do not flicker.
    if (els.progress.hidden && !progressTimer) {
      progressTimer = setTimeout(() => {
        progressTimer = 0;
        els.progress.hidden = false;
        document.body.dataset.progressShown = 'true';
      }, PROGRESS_DELAY_MS);
    }
    document.body.classList.add('busy');
    els.check.disabled = true;
  } else {
    clearTimeout(progressTimer);
    progressTimer = 0;
    els.progress.hidden = true;
    document.body.classList.remove('busy');
    els.check.disabled = false;
  }
}

function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// ---------------------------------------------------------------------------- worker

let worker = null;
let workerReady = null;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const w = worker;
  workerReady = new Promise((resolve, reject) => {
    const onFirst = (ev) => {
      if (ev.data && ev.data.type === 'ready') {
        state.coreVersion = ev.data.version;
        els.version.textContent = state.t('page_version', [state.coreVersion]);
        document.body.dataset.ready = 'true';
        resolve();
      } else if (ev.data && ev.data.type === 'init-error') {
        reject(new Error(ev.data.message));
      }
    };
    w.addEventListener('message', onFirst);
    w.addEventListener('error', (e) => reject(new Error(e.message || 'worker error')));
  });
  w.addEventListener('message', (ev) => {
    const m = ev.data || {};
    const job = pending.get(m.id);
    if (job) job.onMessage(m);
    if (m.fatal && m.id !== undefined) restartWorker(w);
  });
  // The worker died (e.g. out of memory): fail the running jobs instead of spinning forever.
  w.addEventListener('error', (e) => {
    e.preventDefault();
    for (const job of pending.values()) job.onMessage({ type: 'error', message: e.message || 'the checker stopped unexpectedly' });
    restartWorker(w);
  });
  workerReady.catch(() => {});
}

function restartWorker(old) {
  if (worker !== old) return;
  old.terminate();
  startWorker();
}

// ---------------------------------------------------------------------------- DNS over HTTPS

/** TXT record data as given by the JSON API: one or more quoted strings, to be concatenated. */
function txtData(data) {
  const s = String(data || '');
  if (!s.includes('"')) return s;
  let out = '';
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = re.exec(s))) {
    out += m[1].replace(/\\(\d{3}|.)/g, (x, e) => (e.length === 3 ? String.fromCharCode(Number(e)) : e));
  }
  return out;
}

async function dohTxt(name) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), DOH_TIMEOUT_MS);
  try {
    // Cloudflare never forwards the client's subnet (EDNS Client Subnet) to the name server:
    // no opt-out parameter is needed (extension/lib/dns.js adds one for resolvers that do).
    const url = `${DOH}?name=${encodeURIComponent(name)}&type=TXT`;
    const r = await fetch(url, {
      headers: { accept: 'application/dns-json' },
      signal: ctl.signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    if (!r.ok) return { status: 'failed' };
    const j = await r.json();
    if (j.Status === 3) return { status: 'nxdomain', txt: [], ttl: DOH_NEGATIVE_TTL };
    if (j.Status !== 0) return { status: 'failed' };
    const answers = (j.Answer || []).filter((a) => a.type === 16);
    if (!answers.length) return { status: 'nxdomain', txt: [], ttl: DOH_NEGATIVE_TTL };
    const ttl = Math.min(...answers.map((a) => (Number.isFinite(a.TTL) ? a.TTL : DOH_MIN_TTL)));
    return { status: 'found', txt: answers.map((a) => txtData(a.data)), ttl: Math.max(DOH_MIN_TTL, ttl) };
  } catch {
    return { status: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Answers already obtained in this page, until they expire: found records for their TTL, "no
 * such record" for an hour (a message that names a per-recipient selector learns of one check,
 * not of every re-check). Failures are not kept, so they are retried.
 */
const dohCache = new Map();

function cachedDoh(name) {
  const hit = dohCache.get(name);
  if (hit && hit.exp > Date.now()) return hit.r;
  dohCache.delete(name);
  return null;
}

async function lookupAll(names) {
  const results = new Map();
  let next = 0;
  async function runner() {
    while (next < names.length) {
      const n = names[next++];
      let r = cachedDoh(n);
      if (!r) {
        r = await dohTxt(n);
        if (r.status !== 'failed') dohCache.set(n, { r, exp: Date.now() + r.ttl * 1000 });
      }
      results.set(n, r);
    }
  }
  await Promise.all(Array.from({ length: Math.min(DOH_PARALLEL, names.length) }, runner));
  return results;
}

// ---------------------------------------------------------------------------- checking

async function currentBytes() {
  const inp = state.input;
  // A file name can be chosen by the sender (a saved attachment): bidi controls shown, isolated.
  if (inp.kind === 'file') return { bytes: await inp.file.arrayBuffer(), label: isolateText(inp.file.name), dns: {} };
  if (inp.kind === 'sample') return { bytes: inp.bytes.slice(0), label: inp.sample.file, dns: inp.sample.dns || {} };
  // Leading blank lines (common when copying from a web page) would end the header block at once.
  const text = els.source.value.replace(/^\s+/, '');
  return { bytes: new TextEncoder().encode(text).buffer, label: state.t('page_source_pasted'), dns: {} };
}

async function runCheck() {
  const t = state.t;
  const id = ++state.jobId;
  for (const [pid, job] of pending) {
    job.cancelled = true;
    pending.delete(pid);
    worker && worker.postMessage({ type: 'cancel', id: pid });
  }
  const t0 = performance.now();
  setStatus(t('page_stage_reading'), true);
  let input;
  try {
    input = await currentBytes();
  } catch {
    setStatus('', false);
    return showError(t('page_error_read'));
  }
  if (!input.bytes.byteLength || (state.input.kind === 'text' && !els.source.value.trim())) {
    setStatus('', false);
    return showError(t('page_error_empty'));
  }
  if (input.bytes.byteLength > MAX_BYTES) {
    setStatus('', false);
    return showError(t('page_error_too_large'));
  }
  const dnsEnabled = els.dns.checked;
  const headersOnly = document.querySelector('input[name="mode"]:checked')?.value === 'headers';
  setStatus(t('page_stage_starting'), true);
  try {
    await workerReady;
  } catch (e) {
    setStatus('', false);
    return showError(t('page_error_worker', [e.message]));
  }
  if (id !== state.jobId) return;

  const job = { cancelled: false };
  pending.set(id, job);
  const done = new Promise((resolve) => {
    job.onMessage = async (m) => {
      if (job.cancelled) return;
      if (m.type === 'names') {
        const bundled = input.dns || {};
        const log = { enabled: dnsEnabled, names: m.names, status: new Map() };
        const answers = {};
        const toAsk = [];
        for (const n of m.names.slice(0, DOH_MAX_NAMES)) {
          const key = Object.keys(bundled).find((k) => k.toLowerCase().replace(/\.$/, '') === n);
          if (key !== undefined) {
            answers[n] = bundled[key];
            log.status.set(n, 'bundled');
          } else if (dnsEnabled) {
            toAsk.push(n);
          } else {
            log.status.set(n, 'skipped');
          }
        }
        if (toAsk.length) {
          setStatus(t('page_stage_dns', [String(toAsk.length)]), true);
          const res = await lookupAll(toAsk);
          if (job.cancelled) return;
          for (const [n, r] of res) {
            log.status.set(n, r.status);
            if (r.status !== 'failed') answers[n] = r.txt;
          }
        }
        state.lastDns = log;
        setStatus(state.t('page_stage_checking'), true);
        worker.postMessage({ type: 'dns', id, answers, dnsEnabled });
      } else if (m.type === 'stage') {
        setStatus(state.t('page_stage_checking'), true);
      } else if (m.type === 'report') {
        resolve({ report: m.report, checkMs: m.checkMs });
      } else if (m.type === 'error') {
        resolve({ error: m.message });
      }
    };
  });
  worker.postMessage({ type: 'start', id, raw: input.bytes, headersOnly }, [input.bytes]);
  const out = await done;
  pending.delete(id);
  if (job.cancelled || id !== state.jobId) return;
  if (out.error) {
    setStatus('', false);
    renderDnsLog(state.lastDns);
    return showError(out.error);
  }
  setStatus(state.t('page_stage_rendering'), true);
  state.last = { type: 'report', report: out.report };
  showLast();
  renderDnsLog(state.lastDns);
  // Bring the verdict into view when it is below the fold (not when the user scrolled elsewhere).
  const top = els.result.getBoundingClientRect().top;
  if (top > window.innerHeight * 0.6) els.result.scrollIntoView({ behavior: 'smooth', block: 'start' });
  const ms = Math.round(performance.now() - t0);
  document.body.dataset.lastMs = String(ms);
  setStatus(state.t('page_done', [String(ms), input.label]), false);
}

function showError(message) {
  state.last = { type: 'error', message };
  showLast();
}

function showLast() {
  els.result.hidden = false;
  const opts = { lang: state.lang, t: state.t };
  if (state.last.type === 'report') renderReport(state.last.report, els.report, opts);
  else {
    renderError(state.last.message, els.report, opts);
    const hint = document.createElement('p');
    hint.className = 'hm-note error-hint';
    hint.textContent = state.t('page_error_hint');
    els.report.append(hint);
  }
  // A counter that tests (and anything else) can wait on.
  els.report.dataset.rendered = String(Number(els.report.dataset.rendered || 0) + 1);
  els.dnsLog.hidden = state.last.type !== 'report' || !state.lastDns;
}

function renderDnsLog(log) {
  const t = state.t;
  const body = els.dnsLogBody;
  while (body.firstChild) body.firstChild.remove();
  $('dns-count').textContent = log ? `(${log.names.length})` : '';
  if (!log) {
    els.dnsLog.hidden = true;
    return;
  }
  const p = (text, cls) => {
    const e = document.createElement('p');
    if (cls) e.className = cls;
    e.textContent = text;
    return e;
  };
  if (!log.enabled) body.append(p(t('page_dns_off'), 'help'));
  if (!log.names.length) {
    body.append(p(t('page_dns_none')));
  } else {
    const asked = [...log.status.values()].some((s) => s !== 'skipped' && s !== 'bundled');
    body.append(p(t(asked || log.enabled ? 'page_dns_asked' : 'page_dns_wanted_off')));
    const ul = document.createElement('ul');
    ul.className = 'dns-names';
    for (const n of log.names) {
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = showBidiControls(n);
      code.dir = 'ltr';
      const st = log.status.get(n) || 'skipped';
      const badge = document.createElement('span');
      badge.className = `dns-status dns-${st}`;
      badge.textContent = t(`page_dns_${st}`);
      li.append(code, ' ', badge);
      ul.append(li);
    }
    body.append(ul);
  }
}

// ---------------------------------------------------------------------------- inputs

function useFile(file) {
  if (!file) return;
  state.input = { kind: 'file', file };
  els.fileName.textContent = state.t('page_file_loaded', [isolateText(file.name), fmtBytes(file.size)]);
  els.source.value = '';
  runCheck();
}

function setupInputs() {
  els.file.addEventListener('change', () => useFile(els.file.files && els.file.files[0]));
  els.source.addEventListener('input', () => {
    state.input = { kind: 'text' };
    els.fileName.textContent = '';
  });
  els.check.addEventListener('click', () => runCheck());
  els.clear.addEventListener('click', () => {
    state.input = { kind: 'text' };
    els.source.value = '';
    els.file.value = '';
    els.fileName.textContent = '';
    state.last = null;
    state.lastDns = null;
    els.result.hidden = true;
    setStatus('', false);
    els.source.focus();
  });
  // Drag and drop anywhere on the page; the drop zone lights up.
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && [...(e.dataTransfer.types || [])].includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth++;
    els.drop.classList.add('over');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) els.drop.classList.remove('over');
  });
  document.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
    e.preventDefault();
    depth = 0;
    els.drop.classList.remove('over');
    useFile(e.dataTransfer.files[0]);
  });
  els.dns.addEventListener('change', () => {
    if (state.last) runCheck();
  });
  for (const r of document.querySelectorAll('input[name="mode"]')) r.addEventListener('change', () => state.last && runCheck());
  els.langToggle.addEventListener('click', () => setLang(state.lang === 'ja' ? 'en' : 'ja', true));
}

// ---------------------------------------------------------------------------- samples

async function loadSamples() {
  try {
    const r = await fetch('samples/index.json');
    state.samples = r.ok ? await r.json() : [];
  } catch {
    state.samples = [];
  }
  renderSamples();
}

function renderSamples() {
  const ul = els.samples;
  while (ul.firstChild) ul.firstChild.remove();
  for (const s of state.samples) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `sample sample-${s.expected}`;
    b.dataset.sample = s.file;
    b.dataset.expected = s.expected;
    if (Object.hasOwn(VERDICT_LOOK, s.expected)) applyLook(b, s.expected); // the border's colour
    const title = document.createElement('span');
    title.className = 'sample-title';
    title.textContent = (s.title && (s.title[state.lang] || s.title.en)) || s.file;
    const exp = document.createElement('span');
    exp.className = 'sample-expected';
    exp.textContent = state.t('page_expected', [(Object.hasOwn(VERDICT_LOOK, s.expected) && state.t(lookOf(s.expected).word)) || s.expected]);
    b.append(title, exp);
    b.addEventListener('click', () => useSample(s));
    li.append(b);
    ul.append(li);
  }
}

async function useSample(s) {
  try {
    const r = await fetch(`samples/${encodeURIComponent(s.file)}`);
    if (!r.ok) throw new Error(String(r.status));
    const bytes = await r.arrayBuffer();
    state.input = { kind: 'sample', sample: s, bytes };
    els.fileName.textContent = '';
    els.file.value = '';
    els.source.value = new TextDecoder().decode(bytes);
    const mode = s.mode === 'headers' ? 'headers' : 'full';
    document.querySelector(`input[name="mode"][value="${mode}"]`).checked = true;
    await runCheck();
  } catch {
    showError(state.t('page_error_read'));
  }
}

// ---------------------------------------------------------------------------- start

async function main() {
  startWorker();
  setupInputs();
  state.fallback = await loadMessages('en');
  await setLang(langFromUrl() || storedLang() || preferredLang(), false);
  await loadSamples();
  document.body.dataset.loaded = 'true';
}

main();
