// Bidirectional-text controls in attacker-written text (issue 14).
//
// A display name, subject, link text or URL can carry invisible controls that reorder what is
// shown: "invoice\u202Efdp.exe" reads "invoiceexe.pdf", and an unclosed RLO in a subject also
// reverses the UI text that follows it. Everywhere Honmono shows text from a message it therefore
//   1. replaces each control by a visible mark (⟨RLO⟩), so the trick is shown, not performed, and
//   2. isolates the field from the UI around it (<bdi>/`unicode-bidi: isolate` in the renderer,
//      or FSI…PDI around a value substituted into a UI sentence), so that even strong
//      right-to-left letters cannot move the labels, badges or punctuation next to it.
// Plain functions on strings: used by the report renderer, the popup, the web page and the
// background (badge title).

/** Every bidi formatting control and mark (Unicode 15: UAX #9, tables 1 and 2). */
export const BIDI_CONTROLS = Object.freeze({
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u061C': 'ALM',
});

const CONTROL_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** True when `s` contains a bidi control. */
export function hasBidiControls(s) {
  CONTROL_RE.lastIndex = 0;
  const found = CONTROL_RE.test(String(s ?? ''));
  CONTROL_RE.lastIndex = 0;
  return found;
}

/** The text with every bidi control replaced by a visible mark: "a\u202Eb" -> "a⟨RLO⟩b". */
export function showBidiControls(s) {
  return String(s ?? '').replace(CONTROL_RE, (c) => `⟨${BIDI_CONTROLS[c]}⟩`);
}

/**
 * For a value put inside a UI sentence (plain text, e.g. an i18n substitution or a title):
 * controls made visible, and the value isolated with FSI…PDI so it cannot reorder the sentence.
 * (The value itself can no longer contain a PDI to close the isolate early: it became a mark.)
 */
export function isolateText(s) {
  return `\u2068${showBidiControls(s)}\u2069`;
}
