#!/usr/bin/env node
// Refuses HTML sinks and dynamic code in the scripts and pages we ship (the extension and the web
// page): everything they show comes from an attacker-written message, so markup must never be
// parsed from a string and no string may become code. Parses each .js/.mjs file (acorn), so that
// bracket access (el['innerHTML'], document["write"]), aliases through object keys and string
// names are caught as well as the dotted forms, and comments are not. .html files are scanned for
// inline scripts and handler attributes.
//
//   node scripts/check-sinks.mjs [dir-or-file...]     (default: extension www)
// Exit status 1 and one line per finding (file:line:col rule: source) when anything is found.
// A use that is safe can be allowed on its own line, or the line before, with a comment naming the
// rule and saying why:   // check-sinks: allow dom-parser -- inert document, never inserted
// `checkSource(text, name)` / `checkHtml(text, name)` are exported for tests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as acorn from 'acorn';

/** Properties and methods that parse markup from a string (or load a document from one). */
const MARKUP_SINKS = new Set([
  'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'srcdoc', 'createContextualFragment',
  'parseFromString', 'setHTMLUnsafe', 'parseHTMLUnsafe',
]);
/** document.<x> that write markup into the document. */
const DOCUMENT_WRITERS = new Set(['write', 'writeln']);
/** Timers that compile a string argument into code. */
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);
/** Elements that run code or load content when created from our scripts. */
const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed']);

/** The static name of a member's property: `a.b`, `a['b']`, a`b` template without expressions. */
function propName(node) {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : null;
  return staticString(node.property);
}

function staticString(n) {
  if (!n) return null;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0].value.cooked;
  return null;
}

/** `document` or `<anything>.document` (window.document, globalThis.document, frame.document). */
function isDocument(n) {
  if (!n) return false;
  if (n.type === 'Identifier') return n.name === 'document';
  if (n.type === 'MemberExpression') return propName(n) === 'document';
  return false;
}

/** Callee name for `f(...)`, `x.f(...)`, `x['f'](...)`, `(0, f)(...)`. */
function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propName(callee);
  if (callee.type === 'SequenceExpression') return calleeName(callee.expressions.at(-1));
  if (callee.type === 'ChainExpression') return calleeName(callee.expression);
  return null;
}

function isStringy(n) {
  return !!n && ((n.type === 'Literal' && typeof n.value === 'string') || n.type === 'TemplateLiteral' ||
    (n.type === 'BinaryExpression' && n.operator === '+'));
}

function walk(node, visit, parent = null) {
  if (!node || typeof node.type !== 'string') return;
  visit(node, parent);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) walk(c, visit, node);
    else if (v && typeof v.type === 'string') walk(v, visit, node);
  }
}

/** Findings in one JavaScript source: [{ rule, line, col, text }]. */
export function checkSource(src, name = '<source>') {
  let ast;
  const comments = [];
  const opts = { ecmaVersion: 'latest', locations: true, allowHashBang: true, onComment: comments };
  try {
    ast = acorn.parse(src, { ...opts, sourceType: 'module' });
  } catch {
    comments.length = 0;
    try {
      ast = acorn.parse(src, { ...opts, sourceType: 'script' });
    } catch (e) {
      return [{ rule: 'unparsable', line: e.loc?.line ?? 0, col: e.loc?.column ?? 0, text: `${name}: ${e.message}` }];
    }
  }
  // line -> rules allowed there (by a comment on that line or the line before), reason required.
  const allowed = new Map();
  for (const c of comments) {
    const m = /check-sinks:\s*allow\s+([a-z-]+(?:\s*,\s*[a-z-]+)*)\s+--\s*\S/.exec(c.value);
    if (!m) continue;
    const rules = m[1].split(',').map((r) => r.trim());
    for (const line of [c.loc.end.line, c.loc.end.line + 1]) allowed.set(line, [...(allowed.get(line) || []), ...rules]);
  }
  const out = [];
  const add = (rule, n) => (allowed.get(n.loc.start.line) || []).includes(rule) || out.push({
    rule, line: n.loc.start.line, col: n.loc.start.column + 1,
    text: src.slice(n.start, Math.min(n.end, n.start + 120)).replace(/\s+/g, ' '),
  });

  walk(ast, (n, parent) => {
    switch (n.type) {
      case 'MemberExpression': {
        const p = propName(n);
        if (p && MARKUP_SINKS.has(p)) add('markup-sink', n);
        else if (p && DOCUMENT_WRITERS.has(p) && isDocument(n.object)) add('document-write', n);
        else if (p === 'eval') add('eval', n);
        else if (p === 'Function' && !(parent?.type === 'MemberExpression' && parent.object === n)) add('function-constructor', n);
        break;
      }
      case 'Identifier': {
        // A reference (property names are MemberExpression's and Property's business).
        const isName = (parent?.type === 'MemberExpression' && parent.property === n && !parent.computed) ||
          ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.key === n && !parent.computed);
        if (isName) break;
        if (n.name === 'eval') add('eval', n);
        else if (n.name === 'DOMParser') add('dom-parser', n);
        // `const F = Function; F(s)`: any use of Function other than Function.prototype/.name...
        else if (n.name === 'Function' && !(parent?.type === 'MemberExpression' && parent.object === n) &&
          !(parent?.type === 'CallExpression' || parent?.type === 'NewExpression')) add('function-constructor', n);
        break;
      }
      case 'Property':
      case 'PropertyDefinition': {
        // Object.assign(el, { innerHTML: s }) and the like.
        const k = n.computed ? staticString(n.key) : (n.key.type === 'Identifier' ? n.key.name : staticString(n.key));
        if (k && MARKUP_SINKS.has(k)) add('markup-sink', n);
        break;
      }
      case 'Literal':
      case 'TemplateLiteral': {
        // The sink's name as a string: el[name] = ..., Reflect.set(el, 'innerHTML', ...).
        const s = staticString(n);
        if (s && MARKUP_SINKS.has(s) && !(parent?.type === 'MemberExpression' && parent.property === n)) add('markup-sink-name', n);
        break;
      }
      case 'NewExpression':
      case 'CallExpression': {
        const name = calleeName(n.callee);
        if (name === 'Function') add('function-constructor', n);
        else if (name === 'constructor' && n.arguments.some(isStringy)) add('function-constructor', n);
        else if (TIMERS.has(name) && isStringy(n.arguments[0])) add('string-timer', n);
        else if (name === 'setAttribute' || name === 'setAttributeNS' || name === 'toggleAttribute') {
          const arg = n.arguments[name === 'setAttributeNS' ? 1 : 0];
          const attr = staticString(arg);
          if (attr === null) add('dynamic-attribute-name', n);
          else if (/^on/i.test(attr) || attr.toLowerCase() === 'srcdoc') add('handler-attribute', n);
        } else if (name === 'createElement' || name === 'createElementNS') {
          const tag = staticString(n.arguments[name === 'createElementNS' ? 1 : 0]);
          if (tag && ACTIVE_ELEMENTS.has(tag.toLowerCase())) add('active-element', n);
        }
        break;
      }
      default:
    }
  });
  return out;
}

/** Findings in one HTML page: inline scripts, handler attributes, javascript: URLs, srcdoc. */
export function checkHtml(src) {
  const out = [];
  const lineOf = (i) => src.slice(0, i).split('\n').length;
  const rules = [
    ['inline-script', /<script\b(?![^>]*\bsrc\s*=)[^>]*>/gi],
    ['handler-attribute', /<[a-z][^>]*\s(on[a-z]+)\s*=/gi],
    ['javascript-url', /\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/gi],
    ['markup-sink', /\ssrcdoc\s*=/gi],
  ];
  for (const [rule, re] of rules) {
    for (const m of src.matchAll(re)) out.push({ rule, line: lineOf(m.index), col: 1, text: m[0].slice(0, 120) });
  }
  return out;
}

function filesUnder(p) {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  return fs.readdirSync(p, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => filesUnder(path.join(p, e.name)));
}

/** Checks every .js/.mjs/.html file under `paths`; returns [{ file, rule, line, col, text }]. */
export function checkPaths(paths) {
  const found = [];
  for (const file of paths.flatMap(filesUnder)) {
    const ext = path.extname(file);
    if (!['.js', '.mjs', '.html', '.htm'].includes(ext)) continue;
    const src = fs.readFileSync(file, 'utf8');
    const list = ext.startsWith('.htm') ? checkHtml(src) : checkSource(src, file);
    for (const f of list) found.push({ file, ...f });
  }
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const found = checkPaths(args.length ? args : ['extension', 'www']);
  for (const f of found) console.error(`${f.file}:${f.line}:${f.col} ${f.rule}: ${f.text}`);
  if (found.length) {
    console.error(`check-sinks: ${found.length} forbidden HTML sink(s) or dynamic code (above)`);
    process.exit(1);
  }
}
