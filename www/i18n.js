// Loader for chrome.i18n-style message files, so that the web page uses the extension's
// _locales strings (report_*, verdict_*) plus its own page strings (www/locales/*.json).
// Same semantics as chrome.i18n.getMessage: named $PLACEHOLDER$s whose content refers to
// substitutions $1..$9, "$$" for a literal dollar sign, "" for an unknown key.

export const LANGS = ['en', 'ja'];

async function loadJson(url) {
  try {
    const r = await fetch(url, { cache: 'no-cache' });
    if (!r.ok) return {};
    return await r.json();
  } catch {
    return {};
  }
}

/** Loads and merges the message files for `lang`. */
export async function loadMessages(lang) {
  const [ext, page] = await Promise.all([loadJson(`_locales/${lang}/messages.json`), loadJson(`locales/${lang}.json`)]);
  return { ...ext, ...page };
}

function substitute(text, subs) {
  return text.replace(/\$(\d|\$)/g, (m, d) => (d === '$' ? '$' : subs[Number(d) - 1] ?? ''));
}

/** Returns t(key, substitutions?) for the loaded messages (fallback: English messages). */
export function makeT(messages, fallback = {}) {
  return (key, subs) => {
    const entry = messages[key] || fallback[key];
    if (!entry || typeof entry.message !== 'string') return '';
    const list = subs === undefined || subs === null ? [] : Array.isArray(subs) ? subs.map(String) : [String(subs)];
    const ph = entry.placeholders || {};
    // One pass, so that substituted (possibly message-derived) text is never re-expanded.
    const out = entry.message.replace(/\$([A-Za-z0-9_@]+)\$|\$(\d)|\$\$/g, (m, name, d) => {
      if (name) {
        const p = ph[name.toLowerCase()] || ph[name];
        return p && typeof p.content === 'string' ? substitute(p.content, list) : m;
      }
      if (d) return list[Number(d) - 1] ?? '';
      return '$';
    });
    return out;
  };
}

/** Browser language: Japanese if the user prefers it, else English. */
export function preferredLang() {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}
