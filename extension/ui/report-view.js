// Honmono report renderer, shared by the extension popup and the web page.
//
// SECURITY: everything in a report that comes from the message (display names, subjects, URLs,
// evidence, header values) is written by the sender, i.e. possibly by an attacker. This module
// therefore builds the DOM with createElement/textContent only. It never parses markup strings
// and never creates clickable links from message URLs: links are shown as text. Bidi controls in
// that text are shown as visible marks (⟨RLO⟩) and every such field is isolated from the UI text
// around it (<bdi>, `unicode-bidi: isolate`; FSI…PDI inside UI sentences): see ./bidi.js.
//
// API:
//   renderReport(report, root, { lang, t })  -- report: the core's JSON report (src/report.rs)
//   renderError(message, root, { lang, t })
// `t(key, substitutions?)` returns a UI string (chrome.i18n.getMessage in the extension, the
// page's loader of the same _locales files on the web page).

import { showBidiControls, isolateText } from './bidi.js';
import { VERDICTS, VERDICT_LOOK, lookOf, applyLook } from './verdict-look.js';

const SEVERITY_ORDER = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const SEVERITY_ICON = { critical: '✕', high: '!', medium: '!', low: '•', info: 'i' };
const RESULT_CLASS = {
  pass: 'good',
  fail: 'bad',
  softfail: 'warn',
  neutral: 'neutral',
  none: 'neutral',
  temperror: 'warn',
  permerror: 'bad',
  policy: 'warn',
};
const RESULT_ICON = { good: '✓', bad: '✕', warn: '!', neutral: '–' };
const METHOD_LABEL = { dkim: 'DKIM', spf: 'SPF', dmarc: 'DMARC', arc: 'ARC', compauth: 'compauth' };
const BRAND_EVIDENCE = ['display_name', 'from_domain', 'subject', 'body', 'logo_alt'];
const LINKS_SHOWN = 25;
const HOPS_SHOWN = 12;

function verdictOf(report) {
  return VERDICTS.includes(report?.verdict) ? report.verdict : 'unverified';
}

/** Element helper: el('div', 'cls', child1, 'text', ...). Strings become text nodes. */
function el(tag, cls, ...children) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}

/**
 * Attacker-written text as an isolated element: bidi controls shown as marks, `dir="auto"` (the
 * field's own direction, e.g. a Hebrew display name) inside a <bdi>, which the UI text around it
 * cannot be reordered by. URLs and DNS names read left to right: dir "ltr".
 */
function untrusted(text, cls, dir = 'auto') {
  const b = el('bdi', cls ? `hm-u ${cls}` : 'hm-u', showBidiControls(text));
  b.dir = dir;
  return b;
}

/**
 * Wraps the caller's t(): a missing key falls back to the key itself, never to markup.
 * Substituted values (domains, names from the message) are isolated inside the sentence.
 */
function translator(t) {
  return (key, subs) => {
    let s = '';
    try {
      s = t ? t(key, Array.isArray(subs) ? subs.map((x) => isolateText(x)) : subs) : '';
    } catch {
      s = '';
    }
    return typeof s === 'string' && s !== '' ? s : key;
  };
}

/**
 * Picks the report text ({en, ja}) in the UI language. The core quotes message values in these
 * sentences (names, domains, URLs), so bidi controls are made visible here too.
 */
function pick(text, lang) {
  if (!text) return '';
  if (typeof text === 'string') return showBidiControls(text);
  return showBidiControls((lang === 'ja' ? text.ja || text.en : text.en || text.ja) || '');
}

function section(cls, titleText, headingLevel = 2) {
  const s = el('section', `hm-section ${cls}`);
  const h = el(`h${headingLevel}`, 'hm-h', titleText);
  const id = `hm-${cls}-${Math.random().toString(36).slice(2, 8)}`;
  h.id = id;
  s.setAttribute('aria-labelledby', id);
  s.append(h);
  return s;
}

function badge(kind, icon, label) {
  return el('span', `hm-badge hm-badge-${kind}`, el('span', 'hm-badge-icon', icon), ' ', label);
}

function severityBadge(sev, tr) {
  const s = SEVERITY_ORDER[sev] !== undefined ? sev : 'medium';
  return badge(`sev-${s}`, SEVERITY_ICON[s], tr(`report_severity_${s}`));
}

/** Long attacker-chosen strings are cut for display (the full value stays in the evidence). */
function clip(s, n = 300) {
  s = String(s ?? '');
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function clear(root) {
  while (root.firstChild) root.firstChild.remove();
}

function fmtDelay(sec, tr) {
  if (sec === null || sec === undefined) return '';
  const neg = sec < 0;
  let a = Math.abs(sec);
  let out;
  if (a < 60) out = tr('report_seconds', [String(a)]);
  else if (a < 3600) out = tr('report_minutes', [String(Math.round(a / 60))]);
  else if (a < 86400 * 2) out = tr('report_hours', [(a / 3600).toFixed(a < 36000 ? 1 : 0)]);
  else out = tr('report_days', [String(Math.round(a / 86400))]);
  return neg ? `−${out}` : `+${out}`;
}

function fmtTime(unix, lang) {
  if (unix === null || unix === undefined) return '';
  try {
    return new Date(unix * 1000).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
  } catch {
    return new Date(unix * 1000).toISOString();
  }
}

function dl(rows) {
  const d = el('dl', 'hm-dl');
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === '') continue;
    d.append(el('dt', null, k), el('dd', null, v));
  }
  return d;
}

// ---------------------------------------------------------------------------------------------

function renderBanner(report, verdict, tr, lang) {
  const banner = el('div', 'hm-banner');
  banner.setAttribute('role', 'status');
  const look = lookOf(verdict);
  const icon = el('span', 'hm-banner-icon', look.symbol);
  icon.setAttribute('aria-hidden', 'true');
  const label = el('span', 'hm-banner-verdict', tr(look.word));
  const h = el('h2', 'hm-banner-title', label);
  // The core's summary starts with the verdict ("Dangerous: ..."); the banner title already says it.
  let sumText = pick(report.summary, lang);
  for (const word of [tr(look.word), verdict]) {
    const m = sumText.match(/^([^:：]{1,24})[:：]\s*/);
    if (m && m[1].trim().toLowerCase() === String(word).toLowerCase() && sumText.length > m[0].length) {
      sumText = sumText.slice(m[0].length);
      sumText = sumText.charAt(0).toUpperCase() + sumText.slice(1);
      break;
    }
  }
  const summary = el('p', 'hm-summary', sumText);
  const text = el('div', 'hm-banner-text', h, summary);
  if (typeof report.score === 'number') {
    const meter = el('div', 'hm-score');
    const bar = el('meter');
    bar.min = 0;
    bar.max = 100;
    bar.low = 30;
    bar.high = 70;
    bar.optimum = 0;
    bar.value = report.score;
    bar.setAttribute('aria-label', tr('report_risk_score'));
    meter.append(el('span', 'hm-score-label', tr('report_risk_score')), bar, el('span', 'hm-score-value', `${report.score}/100`));
    text.append(meter);
  }
  banner.append(icon, text);
  return banner;
}

function renderIdentity(report, tr) {
  const s = section('identity', tr('report_identity_title'));
  const sender = report.sender || {};
  const grid = el('div', 'hm-identity-grid');

  const claims = el('div', 'hm-card hm-claims');
  claims.append(el('h3', 'hm-h3', tr('report_claims_title')));
  const seen = BRAND_EVIDENCE.includes(report.brand_evidence) ? tr(`report_brand_seen_${report.brand_evidence}`) : report.brand_evidence;
  const brand = report.brand_name
    ? el('span', null, untrusted(clip(report.brand_name, 100), 'hm-brand-name'), seen ? ` (${clip(seen, 60)})` : null)
    : null;
  claims.append(
    dl([
      [tr('report_display_name'), sender.display_name ? untrusted(clip(sender.display_name, 200), 'hm-display-name') : tr('report_none_given')],
      [tr('report_address'), sender.address ? untrusted(clip(sender.address, 200), 'hm-address', 'ltr') : tr('report_none_given')],
      [tr('report_brand'), brand],
      [tr('report_subject'), report.subject ? untrusted(clip(report.subject, 300), 'hm-subject') : null],
    ]),
  );

  const proven = el('div', 'hm-card hm-proven');
  proven.append(el('h3', 'hm-h3', tr('report_proven_title')));
  const auth = Array.isArray(sender.authenticated) ? sender.authenticated : [];
  if (auth.length) {
    const ul = el('ul', 'hm-domains');
    for (const d of auth) ul.append(el('li', null, untrusted(clip(d, 200), 'hm-domain', 'ltr')));
    proven.append(ul);
  } else {
    proven.append(el('p', 'hm-muted', badge('neutral', '–', tr('report_proven_nobody'))));
  }
  const aligned = sender.from_aligned
    ? badge('good', '✓', tr('report_aligned_yes', [sender.domain || '']))
    : badge(auth.length ? 'bad' : 'neutral', auth.length ? '✕' : '–', tr('report_aligned_no', [sender.domain || '?']));
  proven.append(el('p', 'hm-aligned', aligned));
  if (report.brand_name) {
    // Is it the brand it claims to be? Yes only for a genuine verdict; no when an identity
    // finding of high severity says the sender is someone else.
    const findings = Array.isArray(report.findings) ? report.findings : [];
    const impostor = findings.some((f) => String(f.id || '').startsWith('identity.') && SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER.high);
    const brandName = clip(report.brand_name, 100);
    let b;
    if (verdictOf(report) === 'genuine') b = badge('good', '✓', tr('report_brand_proven_yes', [brandName]));
    else if (impostor) b = badge('bad', '✕', tr('report_brand_proven_no', [brandName]));
    else b = badge('warn', '?', tr('report_brand_proven_unknown', [brandName]));
    proven.append(el('p', 'hm-brand-check', b));
  }

  grid.append(claims, proven);
  s.append(grid);
  return s;
}

function renderAuth(report, tr) {
  const s = section('auth', tr('report_auth_title'));
  const a = report.auth || {};
  const results = Array.isArray(a.results) ? a.results : [];
  const meta = [];
  if (a.provider) meta.push(tr('report_auth_provider', [a.provider]));
  if (a.authserv_id && a.authserv_id !== a.provider) meta.push(tr('report_auth_authserv', [a.authserv_id]));
  if (a.dmarc_policy) meta.push(tr('report_auth_dmarc_policy', [a.dmarc_policy]));
  if (meta.length) s.append(el('p', 'hm-muted', meta.join(' · ')));
  if (!results.length) {
    s.append(el('p', 'hm-empty', tr('report_auth_none')));
    return s;
  }
  const wrap = el('div', 'hm-table-wrap');
  const table = el('table', 'hm-table');
  const thead = el('thead');
  const hr = el('tr');
  for (const k of ['report_auth_method', 'report_auth_result', 'report_auth_domain', 'report_auth_source']) {
    const th = el('th', null, tr(k));
    th.scope = 'col';
    hr.append(th);
  }
  thead.append(hr);
  const tbody = el('tbody');
  for (const r of results) {
    const result = String(r.result || '').toLowerCase();
    const cls = RESULT_CLASS[result] || 'neutral';
    const tr_ = el('tr');
    const th = el('th', null, METHOD_LABEL[r.method] || untrusted(String(r.method || '')));
    th.scope = 'row';
    const domainCell = el('td', 'hm-td-domain');
    if (r.domain) domainCell.append(untrusted(clip(r.domain, 200), 'hm-domain', 'ltr'));
    if (r.selector) domainCell.append(el('span', 'hm-muted hm-selector', ' s=', untrusted(clip(r.selector, 80), null, 'ltr')));
    if (r.detail) domainCell.append(el('div', 'hm-detail', untrusted(clip(r.detail, 300))));
    const src = r.source === 'local' ? badge('local', '⌂', tr('report_source_local')) : badge('provider', '↪', tr('report_source_provider'));
    tr_.append(th, el('td', null, badge(cls, RESULT_ICON[cls], untrusted(result || '?'))), domainCell, el('td', null, src));
    tbody.append(tr_);
  }
  table.append(thead, tbody);
  wrap.append(table);
  s.append(wrap);
  return s;
}

function renderFinding(f, tr, lang) {
  const sev = SEVERITY_ORDER[f.severity] !== undefined ? f.severity : 'medium';
  const li = el('li', `hm-finding hm-sev-${sev}`);
  const det = el('details');
  const sum = el('summary', null, severityBadge(sev, tr), ' ', el('span', 'hm-finding-msg', pick(f.message, lang) || showBidiControls(f.id || '')));
  // Repeats fold into one line (the core counts them): "×3".
  const count = Number.isSafeInteger(f.count) && f.count > 1 ? f.count : 0;
  if (count) sum.append(' ', el('span', 'hm-finding-count', `×${count}`));
  det.append(sum);
  const body = el('div', 'hm-finding-body');
  if (f.evidence) {
    const pre = el('pre', 'hm-evidence', showBidiControls(f.evidence));
    pre.dir = 'auto';
    body.append(el('div', 'hm-evidence-label', tr('report_evidence')), pre);
  } else {
    body.append(el('p', 'hm-muted', tr('report_no_evidence')));
  }
  body.append(el('p', 'hm-finding-id', el('code', null, showBidiControls(f.id || ''))));
  det.append(body);
  li.append(det);
  return li;
}

function sortFindings(list) {
  return [...list].sort((a, b) => (SEVERITY_ORDER[b.severity] ?? 2) - (SEVERITY_ORDER[a.severity] ?? 2));
}

function renderFindings(report, tr, lang) {
  const list = Array.isArray(report.findings) ? sortFindings(report.findings) : [];
  const s = section('findings', `${tr('report_findings_title')} (${list.length})`);
  if (!list.length) {
    s.append(el('p', 'hm-empty', tr('report_findings_none')));
    return s;
  }
  const ul = el('ul', 'hm-findings');
  for (const f of list) ul.append(renderFinding(f, tr, lang));
  s.append(ul);
  return s;
}

function renderLink(l, tr, lang) {
  const findings = Array.isArray(l.findings) ? sortFindings(l.findings) : [];
  const worst = findings.length ? findings[0].severity : null;
  const li = el('li', `hm-link${worst ? ` hm-sev-${worst}` : ''}`);
  const shown = el('div', 'hm-link-row');
  shown.append(el('span', 'hm-link-label', tr('report_link_shown')), l.text ? untrusted(clip(l.text, 300), 'hm-link-text') : el('span', 'hm-link-text', tr('report_link_no_text')));
  const real = el('div', 'hm-link-row');
  const target = showBidiControls(l.target || l.href || '');
  const targetEl = el('bdi', 'hm-u hm-url');
  targetEl.dir = 'ltr';
  // Show the host in bold inside the URL so the real destination is easy to read.
  const host = l.host ? showBidiControls(l.host) : '';
  const shownTarget = clip(target, 400);
  const idx = host ? shownTarget.toLowerCase().indexOf(host.toLowerCase()) : -1;
  if (idx >= 0) {
    targetEl.append(shownTarget.slice(0, idx), el('strong', 'hm-host', shownTarget.slice(idx, idx + host.length)), shownTarget.slice(idx + host.length));
  } else {
    targetEl.append(shownTarget);
  }
  real.append(el('span', 'hm-link-label', tr('report_link_goes_to')), targetEl);
  li.append(shown, real);
  if (l.href && l.target && l.href !== l.target) {
    li.append(el('div', 'hm-link-row hm-muted', el('span', 'hm-link-label', tr('report_link_written')), untrusted(clip(l.href, 400), 'hm-url', 'ltr')));
  }
  if (findings.length) {
    const ul = el('ul', 'hm-link-findings');
    for (const f of findings) ul.append(el('li', null, severityBadge(f.severity, tr), ' ', pick(f.message, lang)));
    li.append(ul);
  }
  return li;
}

/** A <details> "show N more" whose content is built when first opened (huge messages stay fast). */
function lazyMore(n, tr, build) {
  const more = el('details', 'hm-more');
  more.append(el('summary', null, tr('report_show_more', [String(n)])));
  more.addEventListener('toggle', () => {
    if (more.open && more.childElementCount === 1) more.append(build());
  });
  return more;
}

function renderLinks(report, tr, lang) {
  const links = Array.isArray(report.links) ? report.links : [];
  const s = section('links', `${tr('report_links_title')} (${links.length})`);
  if (!links.length) {
    s.append(el('p', 'hm-empty', tr(report.input === 'headers_only' ? 'report_links_headers_only' : 'report_links_none')));
    return s;
  }
  s.append(el('p', 'hm-muted hm-note', tr('report_links_not_clickable')));
  // Links with findings first, then in message order.
  const ordered = [...links].sort((a, b) => {
    const wa = (a.findings || []).reduce((m, f) => Math.max(m, SEVERITY_ORDER[f.severity] ?? 0), -1);
    const wb = (b.findings || []).reduce((m, f) => Math.max(m, SEVERITY_ORDER[f.severity] ?? 0), -1);
    return wb - wa;
  });
  const ul = el('ul', 'hm-links');
  for (const l of ordered.slice(0, LINKS_SHOWN)) ul.append(renderLink(l, tr, lang));
  s.append(ul);
  if (ordered.length > LINKS_SHOWN) {
    s.append(
      lazyMore(ordered.length - LINKS_SHOWN, tr, () => {
        const ul2 = el('ul', 'hm-links');
        for (const l of ordered.slice(LINKS_SHOWN)) ul2.append(renderLink(l, tr, lang));
        return ul2;
      }),
    );
  }
  return s;
}

function renderHop(h, tr, lang) {
  const li = el('li', 'hm-hop');
  const big = typeof h.delay === 'number' && (h.delay > 3600 || h.delay < -300);
  if (big) li.classList.add('hm-hop-slow');
  const dot = el('span', 'hm-hop-dot');
  dot.setAttribute('aria-hidden', 'true');
  const line = el('div', 'hm-hop-main');
  line.append(h.from ? untrusted(clip(h.from, 120), 'hm-hop-from', 'ltr') : el('span', 'hm-hop-from', tr('report_hop_unknown')));
  if (h.from_ip) line.append(el('span', 'hm-muted', ' [', untrusted(clip(h.from_ip, 60), null, 'ltr'), ']'));
  line.append(el('span', 'hm-hop-arrow', ' → '), h.by ? untrusted(clip(h.by, 120), 'hm-hop-by', 'ltr') : el('span', 'hm-hop-by', tr('report_hop_unknown')));
  const meta = el('div', 'hm-hop-meta hm-muted');
  const parts = [];
  if (h.time !== null && h.time !== undefined) parts.push(fmtTime(h.time, lang));
  if (h.with) parts.push(isolateText(clip(h.with, 40)));
  meta.append(parts.join(' · '));
  if (typeof h.delay === 'number') {
    const d = el('span', `hm-delay${big ? ' hm-delay-slow' : ''}`, fmtDelay(h.delay, tr));
    if (big) d.append(` ${tr('report_hop_slow')}`);
    meta.append(' ', d);
  }
  li.append(dot, el('div', 'hm-hop-body', line, meta));
  return li;
}

function renderHops(report, tr, lang) {
  const hops = Array.isArray(report.hops) ? report.hops : [];
  const s = section('hops', `${tr('report_hops_title')} (${hops.length})`);
  if (!hops.length) {
    s.append(el('p', 'hm-empty', tr('report_hops_none')));
    return s;
  }
  s.append(el('p', 'hm-muted hm-note', tr('report_hops_order')));
  // The report lists hops newest first (header order); a timeline reads oldest first.
  const chron = [...hops].reverse();
  const ol = el('ol', 'hm-timeline');
  for (const h of chron.slice(0, HOPS_SHOWN)) ol.append(renderHop(h, tr, lang));
  s.append(ol);
  if (chron.length > HOPS_SHOWN) {
    s.append(
      lazyMore(chron.length - HOPS_SHOWN, tr, () => {
        const ol2 = el('ol', 'hm-timeline');
        ol2.start = HOPS_SHOWN + 1;
        for (const h of chron.slice(HOPS_SHOWN)) ol2.append(renderHop(h, tr, lang));
        return ol2;
      }),
    );
  }
  return s;
}

function renderNotChecked(report, tr, lang) {
  const items = Array.isArray(report.not_checked) ? report.not_checked : [];
  const dns = report.dns || {};
  const missing = Array.isArray(dns.missing) ? dns.missing : [];
  if (!items.length && !missing.length) return null;
  const s = section('notchecked', tr('report_not_checked_title'));
  if (items.length) {
    const ul = el('ul', 'hm-list');
    for (const n of items) ul.append(el('li', null, pick(n, lang)));
    s.append(ul);
  }
  if (missing.length) {
    s.append(el('p', 'hm-muted', tr(dns.enabled ? 'report_dns_missing' : 'report_dns_disabled')));
    const ul = el('ul', 'hm-list hm-dns-names');
    for (const n of missing.slice(0, 20)) ul.append(el('li', null, el('code', null, untrusted(clip(n, 200), null, 'ltr'))));
    s.append(ul);
  }
  return s;
}

function renderAdvice(report, tr, lang) {
  const items = Array.isArray(report.advice) ? report.advice : [];
  const s = section('advice', tr('report_advice_title'));
  if (items.length) {
    const ul = el('ul', 'hm-list hm-advice');
    for (const a of items) ul.append(el('li', null, pick(a, lang)));
    s.append(ul);
  } else {
    s.append(el('p', 'hm-empty', tr('report_advice_none')));
  }
  if (report.report_to) {
    // Shown as selectable text, never as a link (it comes from the brand registry, but the
    // renderer treats every string alike).
    s.append(el('p', 'hm-report-to', tr('report_report_to'), ' ', el('code', null, untrusted(clip(report.report_to, 200), 'hm-url', 'ltr'))));
  }
  return s;
}

/**
 * Renders a report into `root` (its previous content is replaced).
 * @param {object} report the core's report
 * @param {HTMLElement} root
 * @param {{lang?: string, t?: (key: string, subs?: string[]) => string}} opts
 */
export function renderReport(report, root, { lang = 'en', t } = {}) {
  const tr = translator(t);
  const verdict = verdictOf(report);
  clear(root);
  root.classList.add('hm-report');
  root.dataset.verdict = verdict;
  applyLook(root, verdict);
  root.lang = lang === 'ja' ? 'ja' : 'en';
  root.append(renderBanner(report || {}, verdict, tr, lang));
  if (report?.input === 'headers_only') root.append(el('p', 'hm-note hm-input-note', tr('report_input_headers_only')));
  else if (report?.input === 'page_snapshot') root.append(el('p', 'hm-note hm-input-note', tr('report_input_snapshot')));
  const body = el('div', 'hm-body');
  const r = report || {};
  if (r.input === 'link') {
    // A single link checked on its own (right-click): there is no sender, header or delivery path.
    body.append(renderLinks(r, tr, lang), renderFindings(r, tr, lang));
  } else {
    body.append(renderIdentity(r, tr), renderFindings(r, tr, lang), renderLinks(r, tr, lang), renderAuth(r, tr));
    if (r.input !== 'page_snapshot') body.append(renderHops(r, tr, lang));
  }
  const nc = renderNotChecked(r, tr, lang);
  if (nc) body.append(nc);
  body.append(renderAdvice(r, tr, lang));
  root.append(body);
  return root;
}

/**
 * Renders an error (e.g. "not an e-mail message") into `root`.
 */
export function renderError(message, root, { lang = 'en', t } = {}) {
  const tr = translator(t);
  clear(root);
  root.classList.add('hm-report');
  root.dataset.verdict = 'error';
  applyLook(root, 'error');
  root.lang = lang === 'ja' ? 'ja' : 'en';
  const box = el('div', 'hm-banner hm-error');
  box.setAttribute('role', 'alert');
  const icon = el('span', 'hm-banner-icon', VERDICT_LOOK.error.symbol);
  icon.setAttribute('aria-hidden', 'true');
  box.append(icon, el('div', 'hm-banner-text', el('h2', 'hm-banner-title', tr(VERDICT_LOOK.error.word)), el('p', 'hm-summary', showBidiControls(message ?? ''))));
  root.append(box);
  return root;
}
