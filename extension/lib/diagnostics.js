// The "Copy diagnostics" text: what a user can paste into a bug report about a webmail that
// broke. Built only from fields that carry no message content (adapter, host, versions, how the
// message was read, which steps failed with their HTTP status or error name, timings, verdict).

const HOST = /^[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?$/;
const VERSION = /^[0-9A-Za-z.+-]{1,40}$/;

const ms = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? `${Math.round(v)} ms` : '?');
const safe = (v, re) => (typeof v === 'string' && re.test(v) ? v : '?');

/** Browser name and major version from a user-agent string, e.g. "Chrome 156", "Firefox 153". */
export function browserOf(ua) {
  const s = String(ua || '');
  const m = /(Firefox|Edg|Chrome)\/(\d{1,4})/.exec(s);
  return m ? `${m[1] === 'Edg' ? 'Edge' : m[1]} ${m[2]}` : '?';
}

/**
 * @param {object} r the popup's `honmono:get-report` answer (state 'done')
 * @param {{extension?: string, core?: string, browser?: string}} v
 */
export function diagnosticsText(r, v = {}) {
  const diag = r && r.diag && typeof r.diag === 'object' ? r.diag : null;
  const lines = [
    'Honmono diagnostics (no message content)',
    `extension: ${safe(v.extension, VERSION)}; core: ${safe(v.core, VERSION)}; browser: ${safe(v.browser, /^[A-Za-z]+ \d{1,4}$|^\?$/)}`,
    `adapter: ${safe(diag ? diag.adapter : r?.webmail, /^[a-z-]{1,16}$/)}; host: ${safe(r?.host, HOST)}`,
    `read: ${safe(r?.source, /^(raw|headers\+page|headers|page)$/)}${r?.partial ? ' (body partial on the page)' : ''}`,
  ];
  const attempts = diag && Array.isArray(diag.attempts) ? diag.attempts : [];
  if (attempts.length) {
    lines.push('attempts:');
    // Already validated by the worker (lib/validate.js cleanDiag); checked again, never copied raw.
    for (const a of attempts.slice(0, 16)) {
      const how = safe(a?.how, /^[a-z0-9:-]{1,60}$/);
      const error = a?.error === undefined ? '' : ` (${safe(a.error, /^(HTTP \d{3}|[A-Za-z][A-Za-z0-9]{0,39})$/)})`;
      lines.push(`  ${how}: ${a?.ok === true ? 'ok' : `failed${error}`}`);
    }
  } else {
    lines.push('attempts: (not reported by the adapter)');
  }
  const t = r?.timing || {};
  lines.push(`timing: source ${ms(t.fetchMs)}, dns ${ms(t.dnsMs)}, check ${ms(t.checkMs)}`);
  lines.push(`verdict: ${safe(r?.report?.verdict, /^(genuine|unverified|suspicious|dangerous)$/)}`);
  return `${lines.join('\n')}\n`;
}
