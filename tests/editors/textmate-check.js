#!/usr/bin/env node
/*
 * textmate-check.js - tokenizes rule files with the VS Code TextMate grammar
 * (editors/vscode/syntaxes/wozo.tmLanguage.json), with the engine VS Code
 * uses (vscode-textmate and vscode-oniguruma, from npm).
 *
 *   NODE_PATH=DIR/node_modules node textmate-check.js GRAMMAR.json FILE...
 *
 * Checks that
 * - in every file, each line ends where it began: text, interpolations and
 *   brackets never run on to the next line (the language has no construct
 *   that spans lines);
 * - the samples below get the scopes an editor should show: keywords,
 *   dates, percentages, amounts, numbers, interpolation inside text,
 *   escapes and comments.
 * Exits 1 on the first kind of failure, after printing every failure.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const [grammarFile, ...files] = process.argv.slice(2);

// [line, text in the line, a scope that text must have (prefix match), or
// '!' + a scope it must not have]
const SAMPLES = [
  ['# een opmerking met "quotes" en {x}', 'een opmerking', 'comment.line.number-sign'],
  ['scale status "Status" { absent < mentioned }', 'scale', 'storage.type'],
  ['scale status "Status" { absent < mentioned }', 'status', 'entity.name.type'],
  ['kind indicator "Indicator" {', 'indicator', 'entity.name.type'],
  ['indicator vroegsignalering "Vroegsignalering" {', 'vroegsignalering', 'entity.name.constant'],
  ['  category: preventie', 'category', 'variable.other.property'],
  ['criterion part4 "Deel 4" for theme t {', 'criterion', 'storage.type'],
  ['criterion part4 "Deel 4" for theme t {', 'part4', 'entity.name.function'],
  ['criterion part4 "Deel 4" for theme t {', 'theme', 'entity.name.type'],
  ['  let n = count(r in regions where r.status >= planned)', 'let', 'keyword'],
  ['  let n = count(r in regions where r.status >= planned)', 'count', 'support.function'],
  ['  let n = count(r in regions where r.status >= planned)', 'where', 'keyword.operator'],
  ['  let n = count(r in regions where r.status >= planned)', '>=', 'keyword.operator.comparison'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', 'when', 'keyword.control'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', '0', 'constant.numeric'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', 'white_spot', 'constant.other.verdict'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', ': geen actie', 'string.quoted.double'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', '{', 'punctuation.section.interpolation.begin'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', 'title', 'source.wozo.embedded'],
  ['  when n == 0 => white_spot "{t.title}: geen actie"', 'title', 'meta.interpolation'],
  ['  when share < 20% => attention', '20%', 'constant.numeric.percentage'],
  ['  budget: EUR 312_000_000', 'EUR 312_000_000', 'constant.numeric.money'],
  ['as_of 2024-08-02', '2024-08-02', 'constant.numeric.date'],
  ['as_of 2024-08-02', 'as_of', 'keyword'],
  ['  note: "a \\"quote\\" and \\{braces\\} # not a comment"', '\\"', 'constant.character.escape'],
  ['  note: "a \\"quote\\" and \\{braces\\} # not a comment"', '# not a comment', 'string.quoted.double'],
  ['  note: "a \\"quote\\" and \\{braces\\} # not a comment"', '# not a comment', '!comment'],
  ['  x: "{ {a: 1}.a } rest"', 'rest', 'string.quoted.double'],
  ['  x: "{ {a: 1}.a } rest"', '1', 'constant.numeric'],
  ['  expect verdict(part4, spoedzorg) == white_spot', 'expect', 'keyword'],
  ['  expect verdict(part4, spoedzorg) == white_spot', 'verdict', 'support.function'],
  ['  when a not in b => covered', 'not in', 'keyword.operator'],
  ['  ok: true', 'true', 'constant.language'],
  ['dataset regions: list of region from "../data/regions.yaml"', 'regions', 'variable.other.dataset'],
  ['dataset regions: list of region from "../data/regions.yaml"', 'from', 'keyword'],
];

async function main() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile),
  });
  const grammar = await registry.loadGrammar('source.wozo');
  let failures = 0;

  for (const f of files) {
    const lines = fs.readFileSync(f, 'utf8').split(/\r?\n/);
    let stack = vsctm.INITIAL;
    for (let i = 0; i < lines.length; i++) {
      const r = grammar.tokenizeLine(lines[i], stack);
      stack = r.ruleStack;
      if (stack.depth !== vsctm.INITIAL.depth && stack.depth > 1) {
        console.log(`${f}:${i + 1}: a text, interpolation or bracket runs past the end of the line`);
        failures++;
        stack = vsctm.INITIAL;
      }
    }
  }

  for (const [line, part, want] of SAMPLES) {
    const at = line.indexOf(part);
    const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
    const scopes = new Set();
    for (const t of tokens)
      if (t.startIndex < at + part.length && t.endIndex > at) t.scopes.forEach((s) => scopes.add(s));
    const negate = want.startsWith('!');
    const names = (negate ? want.slice(1) : want).split(' ');
    const has = names.every((n) => [...scopes].some((s) => s.startsWith(n)));
    if (has === negate) {
      console.log(`sample ${JSON.stringify(line)}: ${JSON.stringify(part)} should ${negate ? 'not ' : ''}be ${names.join(' and ')}, has ${[...scopes].join(' ')}`);
      failures++;
    }
  }
  console.log(`textmate-check: ${files.length} files tokenized, ${SAMPLES.length} samples, ${failures} failures`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
