// How each verdict looks, in one place: the toolbar badge (background.js), the report view in
// the popup, the link-report window and the web page (ui/report-view.js), the popup's fallback
// view (popup/fallback-view.js) and the web page's sample list (www/app.js) all read this table.
// Change a colour or a symbol here, nowhere else. No DOM at import time: the service worker
// imports it too. The web page gets a copy (scripts/build-www.sh).
//
// Per state:
//   symbol    the badge text and the report banner's icon (badge texts are a contract: tests
//             check them; the badge shows only the four verdicts and is empty otherwise)
//   color     the badge background; the report's verdict colour (banner border, title) on light
//             backgrounds
//   tint      the banner's background on light backgrounds
//   dark      `color` for a dark colour scheme (the report only; the badge has no dark variant)
//   darkTint  `tint` for a dark colour scheme
//   word      the _locales message key of the state's word ("Genuine", 本物...). build.rs reads
//             the four verdict_* keys too, for the core's own words (Verdict::word, the summary),
//             so the CLI, the badge title, the popup and the page say the same word.
// `error` is the report view's "could not be checked" state (renderError), not a verdict.

/** The four verdicts (src/report.rs `Verdict`), best first. `data-verdict` and CLI values. */
export const VERDICTS = Object.freeze(['genuine', 'unverified', 'suspicious', 'dangerous']);

/** The badge's text colour on `color` (the report's banner icon is white too: report-view.css). */
export const ON_COLOR = '#ffffff';

const freeze = (o) => Object.freeze(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Object.freeze(v)])));

export const VERDICT_LOOK = freeze({
  genuine: { symbol: '✓', color: '#0f7a3d', tint: '#e5f5ec', dark: '#5fd394', darkTint: '#15362a', word: 'verdict_genuine' },
  unverified: { symbol: '?', color: '#3f5f8a', tint: '#e8eef7', dark: '#9db8de', darkTint: '#1f2b3d', word: 'verdict_unverified' },
  suspicious: { symbol: '!', color: '#9a5b00', tint: '#fff3dc', dark: '#f0b44c', darkTint: '#3a2c12', word: 'verdict_suspicious' },
  dangerous: { symbol: '✕', color: '#b3261e', tint: '#fde8e6', dark: '#ff8a80', darkTint: '#40191a', word: 'verdict_dangerous' },
  error: { symbol: '⚠', color: '#9a5b00', tint: '#fff3dc', dark: '#f0b44c', darkTint: '#3a2c12', word: 'report_error_title' },
});

/** The look of `state`; anything unknown looks unverified (as it is reported). */
export function lookOf(state) {
  return Object.hasOwn(VERDICT_LOOK, state) ? VERDICT_LOOK[state] : VERDICT_LOOK.unverified;
}

/**
 * Sets the look of `state` on `el` as CSS custom properties (--hm-look, --hm-look-tint,
 * --hm-look-dark, --hm-look-dark-tint); the stylesheets pick light or dark from them
 * (ui/report-view.css, popup/popup.css, www/style.css). CSSOM only: no markup, no style attribute
 * text, so the pages' `style-src 'self'` allows it.
 */
export function applyLook(el, state) {
  const l = lookOf(state);
  el.style.setProperty('--hm-look', l.color);
  el.style.setProperty('--hm-look-tint', l.tint);
  el.style.setProperty('--hm-look-dark', l.dark);
  el.style.setProperty('--hm-look-dark-tint', l.darkTint);
}
