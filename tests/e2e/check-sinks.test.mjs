// The build's HTML-sink check (scripts/check-sinks.mjs) on bad and good snippets, and on the real
// sources (extension/ and www/):  node --test tests/e2e/check-sinks.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkSource, checkHtml, checkPaths } from '../../scripts/check-sinks.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Each must be refused, with the rule named.
const BAD_JS = [
  ['el.innerHTML = s', 'markup-sink'],
  ["el['innerHTML'] = s", 'markup-sink'],
  ['el["outerHTML"] = s', 'markup-sink'],
  ['el[`innerHTML`] = s', 'markup-sink'],
  ['el?.innerHTML.length', 'markup-sink'],
  ["el.insertAdjacentHTML('beforeend', s)", 'markup-sink'],
  ["el['insertAdjacentHTML']('beforeend', s)", 'markup-sink'],
  ['document.write(s)', 'document-write'],
  ["document['write'](s)", 'document-write'],
  ['window.document.writeln(s)', 'document-write'],
  ['frame.srcdoc = s', 'markup-sink'],
  ["frame.setAttribute('srcdoc', s)", 'handler-attribute'],
  ["new DOMParser().parseFromString(s, 'text/html')", 'dom-parser'],
  ["p.parseFromString(s, 'text/html')", 'markup-sink'],
  ["const k = 'innerHTML'; el[k] = s", 'markup-sink-name'],
  ['Object.assign(el, { innerHTML: s })', 'markup-sink'],
  ["Object.assign(el, { 'outerHTML': s })", 'markup-sink'],
  ["Reflect.set(el, 'outerHTML', s)", 'markup-sink-name'],
  ['range.createContextualFragment(s)', 'markup-sink'],
  ['el.setHTMLUnsafe(s)', 'markup-sink'],
  ['eval(s)', 'eval'],
  ['window.eval(s)', 'eval'],
  ['(0, eval)(s)', 'eval'],
  ['const run = eval; run(s)', 'eval'],
  ["new Function('a', s)", 'function-constructor'],
  ['Function(s)()', 'function-constructor'],
  ['globalThis.Function(s)', 'function-constructor'],
  ['const F = Function; F(s)', 'function-constructor'],
  ["(function () {}).constructor('return 1')()", 'function-constructor'],
  ["setTimeout('alert(1)', 0)", 'string-timer'],
  ['setInterval(`tick(${s})`, 10)', 'string-timer'],
  ["window.setTimeout('go(' + s + ')')", 'string-timer'],
  ["el.setAttribute('onclick', s)", 'handler-attribute'],
  ["el.setAttribute('ONLOAD', s)", 'handler-attribute'],
  ["el.setAttributeNS(null, 'onerror', s)", 'handler-attribute'],
  ['el.setAttribute(name, s)', 'dynamic-attribute-name'],
  ["document.createElement('script')", 'active-element'],
  ["document.createElement('IFRAME')", 'active-element'],
  // A content script (not a module) is checked too.
  ['(() => { with (o) { el.innerHTML = s; } })()', 'markup-sink'],
];

// None of these may be refused.
const GOOD_JS = [
  'el.textContent = s',
  '// el.innerHTML = s (a comment)',
  '/* document.write(s) */ el.append(s)',
  "const note = 'never use innerHTML here'",
  'setTimeout(() => tick(s), 10)',
  'setTimeout(tick, 10)',
  "el.setAttribute('aria-label', s)",
  "el.setAttribute('data-state', 'done')",
  'stream.write(s); res.writeln?.(s)',
  "document.createElement('div')",
  'page.evaluate(() => 1)',
  'x.functional = 1',
  'const o = { eval: 1, Function: 2 }',
  "const fn = Function.prototype.call",
  // An explicit, reasoned allowance on the line before.
  "// check-sinks: allow dom-parser, markup-sink -- inert document, never inserted\nconst d = new DOMParser().parseFromString(s, 'text/html')",
];

test('check-sinks: every bad snippet is refused with its rule', () => {
  for (const [src, rule] of BAD_JS) {
    const found = checkSource(src, 'snippet.js');
    assert.ok(found.some((f) => f.rule === rule), `${src}: expected ${rule}, got ${JSON.stringify(found)}`);
  }
});

test('check-sinks: safe code, comments and strings are not refused', () => {
  for (const src of GOOD_JS) assert.deepEqual(checkSource(src, 'snippet.js'), [], src);
});

test('check-sinks: an allowance needs the rule and a reason, and covers only its own line and the next', () => {
  const noReason = "// check-sinks: allow dom-parser\nnew DOMParser()";
  assert.ok(checkSource(noReason).some((f) => f.rule === 'dom-parser'), 'no reason: refused');
  const otherRule = "// check-sinks: allow eval -- not this one\nnew DOMParser()";
  assert.ok(checkSource(otherRule).some((f) => f.rule === 'dom-parser'), 'another rule: refused');
  const farAway = "// check-sinks: allow dom-parser -- too far\n\nnew DOMParser()";
  assert.ok(checkSource(farAway).some((f) => f.rule === 'dom-parser'), 'two lines below: refused');
});

test('check-sinks: HTML pages with inline script, handlers, javascript: URLs or srcdoc are refused', () => {
  const bad = [
    ['<script>alert(1)</script>', 'inline-script'],
    ['<img src=x onerror="alert(1)">', 'handler-attribute'],
    ['<body onload=go()>', 'handler-attribute'],
    ['<a href="javascript:alert(1)">x</a>', 'javascript-url'],
    ['<iframe srcdoc="<b>x</b>"></iframe>', 'markup-sink'],
  ];
  for (const [src, rule] of bad) assert.ok(checkHtml(src).some((f) => f.rule === rule), `${src}: expected ${rule}`);
  assert.deepEqual(checkHtml('<script type="module" src="app.js"></script><button data-x="on">x</button>'), []);
});

test('check-sinks: the extension and the web page sources pass; the CLI fails on a bad file', () => {
  assert.deepEqual(checkPaths([path.join(ROOT, 'extension'), path.join(ROOT, 'www')]), []);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'honmono-sinks-'));
  try {
    fs.writeFileSync(path.join(dir, 'bad.js'), "export function show(el, s) { el['innerHTML'] = s; }\n");
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'check-sinks.mjs'), dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = e.status;
      stderr = e.stderr;
    }
    assert.equal(status, 1);
    assert.match(stderr, /bad\.js:1:\d+ markup-sink/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
