#!/usr/bin/env node
/*
 * grammar-check.js - parses files with a tree-sitter grammar.js without
 * tree-sitter: a stand-in for `tree-sitter parse` where tree-sitter-cli
 * cannot be installed (its npm package downloads the binary from GitHub at
 * install time, which some machines cannot reach).
 *
 *   node grammar-check.js GRAMMAR.js HIGHLIGHTS.scm FILE...
 *   node grammar-check.js --keywords GRAMMAR.js    (prints its keywords)
 *
 * It evaluates grammar.js with the DSL functions tree-sitter defines (seq,
 * choice, repeat, prec, token, field, alias, ...) and parses each file with an
 * Earley parser over the grammar's rules, lexing as tree-sitter does: only
 * the tokens the parser can accept at that point are tried (context-aware
 * lexing), the one with the highest lexical precedence and then the longest
 * match wins, keywords are the literal words the `word` rule matches, extras
 * (blanks, comments) may stand between tokens but not before an immediate
 * token. An Earley parser accepts every context-free grammar, so this checks
 * that the rules describe the files; it does not check what only
 * `tree-sitter generate` can (conflicts between rules).
 *
 * It also checks that every node, field and literal highlights.scm names
 * exists in the grammar, as `tree-sitter query` would.
 *
 * Prints one line per file with an error (FILE:LINE:COL and what was
 * expected) and a summary; exits 1 when any file has an error.
 */
'use strict';
const fs = require('fs');
const path = require('path');

// ---- the DSL ----

const S = (value) => ({ type: 'STRING', value });
function norm(x) {
  if (typeof x === 'string') return S(x);
  if (x instanceof RegExp) return { type: 'PATTERN', value: x.source };
  if (!x || !x.type) throw new Error('not a rule: ' + String(x));
  return x;
}
global.seq = (...m) => ({ type: 'SEQ', members: m.map(norm) });
global.choice = (...m) => ({ type: 'CHOICE', members: m.map(norm) });
global.blank = () => ({ type: 'BLANK' });
global.optional = (x) => choice(x, blank());
global.repeat = (x) => ({ type: 'REPEAT', content: norm(x) });
global.repeat1 = (x) => ({ type: 'REPEAT1', content: norm(x) });
global.field = (name, x) => ({ type: 'FIELD', name, content: norm(x) });
global.alias = (x, name) => ({
  type: 'ALIAS', content: norm(x),
  named: typeof name !== 'string', value: typeof name === 'string' ? name : name.name,
});
function precFn(kind) {
  return (p, x) => (x === undefined ? { type: kind, value: 0, content: norm(p) } : { type: kind, value: p, content: norm(x) });
}
global.prec = precFn('PREC');
global.prec.left = precFn('PREC_LEFT');
global.prec.right = precFn('PREC_RIGHT');
global.prec.dynamic = precFn('PREC_DYNAMIC');
global.token = (x) => ({ type: 'TOKEN', content: norm(x) });
global.token.immediate = (x) => ({ type: 'IMMEDIATE_TOKEN', content: norm(x) });
const symbols = new Proxy({}, { get: (_, name) => ({ type: 'SYMBOL', name }) });
global.grammar = (g) => {
  const rules = {};
  for (const [name, fn] of Object.entries(g.rules)) rules[name] = norm(fn(symbols, undefined));
  return {
    name: g.name,
    rules,
    extras: g.extras ? g.extras(symbols).map(norm) : [{ type: 'PATTERN', value: '\\s' }],
    word: g.word ? g.word(symbols).name : null,
  };
};

// ---- grammar to BNF ----

const PREC_KINDS = new Set(['PREC', 'PREC_LEFT', 'PREC_RIGHT', 'PREC_DYNAMIC']);

/* A token's rule as a regular expression source, and its precedence. */
function regexOf(r, out) {
  switch (r.type) {
    case 'STRING': return r.value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    case 'PATTERN': return '(?:' + r.value + ')';
    case 'SEQ': return r.members.map((m) => regexOf(m, out)).join('');
    case 'CHOICE': return '(?:' + r.members.map((m) => regexOf(m, out)).join('|') + ')';
    case 'BLANK': return '';
    case 'REPEAT': return '(?:' + regexOf(r.content, out) + ')*';
    case 'REPEAT1': return '(?:' + regexOf(r.content, out) + ')+';
    case 'TOKEN': case 'IMMEDIATE_TOKEN': case 'FIELD': case 'ALIAS': return regexOf(r.content, out);
    default:
      if (PREC_KINDS.has(r.type)) {
        out.prec = Math.max(out.prec, r.value);
        return regexOf(r.content, out);
      }
      throw new Error('cannot make a token of ' + r.type);
  }
}

function strip(r) {
  while (PREC_KINDS.has(r.type) || r.type === 'ALIAS' || r.type === 'FIELD') r = r.content;
  return r;
}

function build(g) {
  const terminals = new Map();   // name -> { re, prec, immediate, keyword }
  const productions = [];         // { lhs, rhs: [names] }
  const nonterminals = new Set();
  const named = new Set(Object.keys(g.rules));
  const aliases = new Set();
  const fields = new Set();
  const literals = new Set();
  let fresh = 0;
  const wordRe = g.word ? new RegExp('^(?:' + regexOf(strip(g.rules[g.word]), { prec: 0 }) + ')$') : null;

  function terminal(name, rule, immediate) {
    if (terminals.has(name)) return name;
    const info = { prec: 0 };
    const src = regexOf(rule, info);
    const t = { name, re: new RegExp(src, 'y'), prec: info.prec, immediate, keyword: false };
    if (rule.type === 'STRING') {
      literals.add(rule.value);
      t.literal = rule.value;
      if (wordRe && wordRe.test(rule.value)) t.keyword = true;
    }
    terminals.set(name, t);
    return name;
  }
  function isLexical(rule) {
    const r = strip(rule);
    return r.type === 'PATTERN' || r.type === 'TOKEN' || r.type === 'IMMEDIATE_TOKEN' || r.type === 'STRING';
  }
  function symbol(r) {
    switch (r.type) {
      case 'SYMBOL':
        if (!named.has(r.name)) throw new Error('unknown rule $.' + r.name);
        return isLexical(g.rules[r.name]) ? ruleTerminal(r.name) : r.name;
      case 'STRING': return terminal('"' + r.value + '"', r, false);
      case 'PATTERN': return terminal('/' + r.value + '/', r, false);
      case 'TOKEN': return terminal('token#' + (fresh++), r.content, false);
      case 'IMMEDIATE_TOKEN': return terminal('immediate#' + (fresh++), r.content, true);
      case 'FIELD': fields.add(r.name); return symbol(r.content);
      case 'ALIAS': if (r.named) aliases.add(r.value); else literals.add(r.value); return symbol(r.content);
      case 'SEQ': { const n = '_seq#' + fresh++; nonterminals.add(n); productions.push({ lhs: n, rhs: r.members.map(symbol) }); return n; }
      case 'CHOICE': {
        const n = '_choice#' + fresh++;
        nonterminals.add(n);
        for (const m of r.members) productions.push({ lhs: n, rhs: m.type === 'BLANK' ? [] : [symbol(m)] });
        return n;
      }
      case 'BLANK': { const n = '_blank#' + fresh++; nonterminals.add(n); productions.push({ lhs: n, rhs: [] }); return n; }
      case 'REPEAT': case 'REPEAT1': {
        const n = '_repeat#' + fresh++;
        nonterminals.add(n);
        const x = symbol(r.content);
        productions.push({ lhs: n, rhs: r.type === 'REPEAT' ? [] : [x] });
        productions.push({ lhs: n, rhs: [n, x] });
        return n;
      }
      default:
        if (PREC_KINDS.has(r.type)) return symbol(r.content);
        throw new Error('unknown rule type ' + r.type);
    }
  }
  function ruleTerminal(name) {
    const r = strip(g.rules[name]);
    if (!terminals.has(name)) {
      terminal(name, g.rules[name], r.type === 'IMMEDIATE_TOKEN');
      if (r.type === 'STRING') terminals.get(name).keyword = wordRe && wordRe.test(r.value);
    }
    return name;
  }
  for (const [name, rule] of Object.entries(g.rules)) {
    if (isLexical(rule)) { ruleTerminal(name); continue; }
    nonterminals.add(name);
    productions.push({ lhs: name, rhs: [symbol(rule)] });
  }
  const extras = g.extras.map((e) => {
    if (e.type === 'SYMBOL') return ruleTerminal(e.name);
    const info = { prec: -1 };
    return { re: new RegExp(regexOf(e, info), 'y'), prec: info.prec, blank: true };
  }).map((e) => (typeof e === 'string' ? terminals.get(e) : e));
  return {
    start: Object.keys(g.rules)[0], terminals, productions, nonterminals, extras,
    word: g.word ? terminals.get(g.word) : null, named, aliases, fields, literals,
  };
}

// ---- Earley parsing with context-aware lexing ----

function prepare(b) {
  b.byLhs = new Map();
  for (const p of b.productions) {
    if (!b.byLhs.has(p.lhs)) b.byLhs.set(p.lhs, []);
    b.byLhs.get(p.lhs).push(p);
  }
  b.nullable = new Set();
  for (let changed = true; changed;) {
    changed = false;
    for (const p of b.productions)
      if (!b.nullable.has(p.lhs) && p.rhs.every((s) => b.nullable.has(s))) {
        b.nullable.add(p.lhs);
        changed = true;
      }
  }
  b.productions.forEach((p, i) => { p.id = i; });
}

function lineCol(text, pos) {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return line + ':' + (pos - before.lastIndexOf('\n'));
}

/* Returns null when `text` parses, or a message. */
function parse(b, text) {
  const sets = [];        // per token boundary: { items, keys, waiting: Map sym -> items }
  const positions = [];   // text offset of each set
  function newSet() { return { items: [], keys: new Set(), waiting: new Map() }; }
  function add(set, p, dot, origin) {
    const key = p.id * 1e7 + dot * 1e5 + origin;  // origin < 1e5 sets per file
    if (set.keys.has(key)) return;
    set.keys.add(key);
    const item = { p, dot, origin };
    set.items.push(item);
    const next = p.rhs[dot];
    if (next !== undefined) {
      if (!set.waiting.has(next)) set.waiting.set(next, []);
      set.waiting.get(next).push(item);
    }
  }
  function closure(i) {
    const set = sets[i];
    for (let k = 0; k < set.items.length; k++) {
      const { p, dot, origin } = set.items[k];
      const next = p.rhs[dot];
      if (next === undefined) {
        const from = sets[origin].waiting.get(p.lhs) || [];
        for (let w = 0; w < from.length; w++) add(set, from[w].p, from[w].dot + 1, from[w].origin);
      } else if (b.nonterminals.has(next)) {
        for (const q of b.byLhs.get(next) || []) add(set, q, 0, i);
        if (b.nullable.has(next)) add(set, p, dot + 1, origin);
      }
    }
  }
  const startP = { id: -1, lhs: '^', rhs: [b.start] };
  sets.push(newSet());
  positions.push(0);
  add(sets[0], startP, 0, 0);
  let pos = 0;
  for (let i = 0; ; i++) {
    closure(i);
    const set = sets[i];
    const expected = [...set.waiting.keys()].filter((s) => b.terminals.has(s)).map((s) => b.terminals.get(s));
    // Lex: skip extras, then take the best expected token.
    let skipped = false;
    let best = null;
    for (;;) {
      best = null;
      const cands = expected.filter((t) => !(skipped && t.immediate));
      let wordLen = -1;
      if (b.word) { b.word.re.lastIndex = pos; const m = b.word.re.exec(text); wordLen = m ? m[0].length : -1; }
      const word = wordLen > 0 ? text.substr(pos, wordLen) : null;
      const consider = (t, len, isExtra) => {
        if (len <= 0) return;
        if (!best || t.prec > best.prec || (t.prec === best.prec && len > best.len)) best = { prec: t.prec, len, toks: [t], extra: isExtra };
        else if (t.prec === best.prec && len === best.len && !isExtra && !best.extra) best.toks.push(t);
      };
      for (const t of cands) {
        if (t.keyword) { if (word === t.literal) consider(t, wordLen, false); continue; }
        if (t === b.word && cands.some((k) => k.keyword && k.literal === word)) continue;
        t.re.lastIndex = pos;
        const m = t.re.exec(text);
        if (m) consider(t, m[0].length, false);
      }
      for (const e of b.extras) {
        if (cands.includes(e)) continue;
        e.re.lastIndex = pos;
        const m = e.re.exec(text);
        if (m) consider(e, m[0].length, true);
      }
      if (best && best.extra) { pos += best.len; skipped = true; continue; }
      break;
    }
    if (!best) {
      if (pos >= text.length && set.items.some((it) => it.p === startP && it.dot === 1)) return null;
      const names = expected.map((t) => t.literal !== undefined ? '"' + t.literal + '"' : t.name).sort();
      return lineCol(text, pos) + ': cannot read ' + JSON.stringify(text.substr(pos, 12)) +
        '; expected one of: ' + [...new Set(names)].join(' ');
    }
    const next = newSet();
    for (const t of best.toks)
      for (const it of set.waiting.get(t.name) || []) add(next, it.p, it.dot + 1, it.origin);
    pos += best.len;
    sets.push(next);
    positions.push(pos);
  }
}

// ---- highlights.scm ----

function checkQuery(b, file) {
  const src = fs.readFileSync(file, 'utf8').replace(/;.*$/gm, '');
  const problems = [];
  const text = src.replace(/"(?:[^"\\]|\\.)*"/g, (s) => {
    const lit = JSON.parse(s);
    if (!b.literals.has(lit)) problems.push(file + ': no token "' + lit + '" in the grammar');
    return ' ';
  });
  for (const m of text.matchAll(/\(([A-Za-z_][A-Za-z0-9_]*)/g))
    if (!(b.named.has(m[1]) && !m[1].startsWith('_')) && !b.aliases.has(m[1]))
      problems.push(file + ': no node (' + m[1] + ') in the grammar');
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*):/g))
    if (!b.fields.has(m[1])) problems.push(file + ': no field ' + m[1] + ': in the grammar');
  return problems;
}

// ---- main ----

if (process.argv[2] === '--keywords') {
  // The grammar's keywords, one per line: the literals the word rule matches.
  const b = build(require(path.resolve(process.argv[3])));
  const kw = [...b.terminals.values()].filter((t) => t.keyword).map((t) => t.literal);
  console.log([...new Set(kw)].sort().join('\n'));
  process.exit(0);
}
const [grammarFile, queryFile, ...files] = process.argv.slice(2);
const g = require(path.resolve(grammarFile));
const b = build(g);
prepare(b);
let bad = 0;
const problems = queryFile ? checkQuery(b, queryFile) : [];
for (const p of problems) console.log(p);
for (const f of files) {
  const err = parse(b, fs.readFileSync(f, 'utf8'));
  if (err) { bad++; console.log(f + ':' + err); }
}
console.log(`grammar-check: ${files.length - bad} of ${files.length} files parse without an error` +
  (queryFile ? `; ${problems.length} problems in ${path.basename(queryFile)}` : ''));
process.exit(bad || problems.length ? 1 : 0);
