// Options: DNS-over-HTTPS on/off and its endpoint. A custom endpoint outside the built-in host
// permission is requested as an optional host permission when saved; the one granted for a
// previous endpoint is removed once the new setting is saved (issue 14), unless still needed.
import { DEFAULT_ENDPOINT, isEndpoint } from '../lib/dns.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (k, s) => api.i18n.getMessage(k, s);
const $ = (id) => document.getElementById(id);
const BUILTIN = ['https://cloudflare-dns.com'];

document.documentElement.lang = (api.i18n.getUILanguage?.() || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
document.title = `Honmono — ${t('ext_options_title')}`;
$('title').textContent = t('ext_options_title');
$('doh-enabled-label').textContent = t('ext_options_doh_enabled');
$('doh-help').textContent = t('ext_options_doh_help');
$('doh-endpoint-label').textContent = t('ext_options_doh_endpoint');
$('save').textContent = t('ext_options_save');
$('privacy').textContent = t('ext_options_privacy');

/** Host patterns the manifest grants by itself (never removed, and cannot be). */
function manifestOrigins() {
  const m = api.runtime.getManifest();
  return new Set([...(m.host_permissions || []), ...(m.content_scripts || []).flatMap((c) => c.matches || [])]);
}

/**
 * Removes every optional host permission except `needed` (the pattern the saved setting uses, or
 * null). Only DoH servers are ever granted as optional hosts, so any other one is left over from
 * an earlier endpoint. Returns the removed patterns.
 */
async function pruneHostPermissions(needed) {
  const { origins = [] } = await api.permissions.getAll();
  const keep = manifestOrigins();
  const stale = origins.filter((o) => !keep.has(o) && o !== needed);
  if (stale.length && !(await api.permissions.remove({ origins: stale }))) return [];
  return stale;
}

async function load() {
  const s = await api.storage.local.get({ dohEnabled: true, dohEndpoint: DEFAULT_ENDPOINT });
  $('doh-enabled').checked = s.dohEnabled !== false;
  $('doh-endpoint').value = isEndpoint(s.dohEndpoint) ? s.dohEndpoint : DEFAULT_ENDPOINT;
  syncPreset();
  try {
    const v = await api.runtime.sendMessage({ type: 'honmono:version' });
    if (v?.core) $('version').textContent = `Honmono ${api.runtime.getManifest().version} (core ${v.core})`;
  } catch { /* worker starting */ }
}

function syncPreset() {
  const v = $('doh-endpoint').value;
  const opt = [...$('doh-preset').options].find((o) => o.value === v);
  $('doh-preset').value = opt ? v : '';
  $('doh-endpoint').disabled = !$('doh-enabled').checked;
  $('doh-preset').disabled = !$('doh-enabled').checked;
}

$('doh-preset').addEventListener('change', () => {
  if ($('doh-preset').value) $('doh-endpoint').value = $('doh-preset').value;
  syncPreset();
});
$('doh-endpoint').addEventListener('input', syncPreset);
$('doh-enabled').addEventListener('change', syncPreset);

$('save').addEventListener('click', async () => {
  $('error').textContent = '';
  $('saved').textContent = '';
  const enabled = $('doh-enabled').checked;
  const endpoint = $('doh-endpoint').value.trim();
  if (enabled && !isEndpoint(endpoint)) {
    $('error').textContent = t('ext_options_bad_endpoint');
    return;
  }
  const origin = isEndpoint(endpoint) ? new URL(endpoint).origin : null;
  if (enabled && origin && !BUILTIN.includes(origin)) {
    // Must run in the click's user gesture.
    let granted = false;
    try {
      granted = await api.permissions.request({ origins: [`${origin}/*`] });
    } catch {
      granted = false;
    }
    if (!granted) {
      $('error').textContent = t('ext_options_permission_denied', [origin]);
      return;
    }
  }
  await api.storage.local.set({ dohEnabled: enabled, ...(isEndpoint(endpoint) ? { dohEndpoint: endpoint } : {}) });
  // The old server's permission goes (also when lookups are turned off: turning them on again
  // asks again). Same server, other path: still needed, kept.
  const needed = enabled && origin && !BUILTIN.includes(origin) ? `${origin}/*` : null;
  try {
    await pruneHostPermissions(needed);
  } catch { /* nothing could be removed: the setting is saved all the same */ }
  $('saved').textContent = t('ext_options_saved');
});

load();
