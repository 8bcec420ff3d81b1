// check-report.mjs - opens an HTML report of `wozorules check --format html`
// in headless Chromium and checks it as a reader would see it.
//
//   node check-report.mjs --html FILE [--screenshot PNG] [--pdf PDF]
//        [--matrix DATASET.FIELD --rows N --cols N]... [--table KIND --subjects N]...
//        [--hostile]
//
// Checks, on the rendered page (not on the file's text):
//   - no request leaves the page: every request is recorded, and any URL other
//     than the report file itself fails the test (requests are also blocked);
//   - the page has no script, the document language is set, every table has a
//     caption and every header cell a scope;
//   - each --matrix heat map has --rows rows of exactly --cols cells, every cell
//     shows a legend word (or "missing") and has a tooltip, and cells of
//     different words have different colours;
//   - each --table verdict table has --subjects rows;
//   - with --hostile: the text "<script>" is visible as text somewhere.
// Writes a screenshot of the top of the page (--screenshot) and the printed
// PDF (--pdf). Prints one summary line; exits 0 when every check holds,
// 1 when one fails, 2 when the browser cannot be started.
//
// The browser is /usr/bin/chromium (or $CHROMIUM), driven by playwright-core
// (tests/browser/package.json, installed into build/node by setup.sh), with a
// fresh profile and no background networking.
//
// Without playwright-core (no npm registry), the same Chromium is run from the
// command line instead: --dump-dom gives the page as rendered, --log-net-log
// every request it made, --screenshot the picture; the counts are taken from
// the dumped DOM. Colours and console errors are then not checked, and the
// summary line says "(command line)".
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const nodeModules = process.env.WOZO_NODE_MODULES || resolve('build/node/node_modules');
let chromium = null;
try {
  ({ chromium } = require(join(nodeModules, 'playwright-core')));
} catch {
  chromium = null;
}
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const args = { matrices: [], tables: [] };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => process.argv[++i];
  if (a === '--html') args.html = next();
  else if (a === '--screenshot') args.screenshot = next();
  else if (a === '--pdf') args.pdf = next();
  else if (a === '--matrix') args.matrices.push({ name: next() });
  else if (a === '--rows') args.matrices.at(-1).rows = Number(next());
  else if (a === '--cols') args.matrices.at(-1).cols = Number(next());
  else if (a === '--table') args.tables.push({ kind: next() });
  else if (a === '--subjects') args.tables.at(-1).subjects = Number(next());
  else if (a === '--hostile') args.hostile = true;
  else { console.error(`check-report: unknown argument ${a}`); process.exit(2); }
}
if (!args.html) { console.error('check-report: --html FILE is required'); process.exit(2); }

if (!chromium) {
  await commandLine();
  process.exit(0);
}

const started = Date.now();
const failures = [];
const fail = (msg) => failures.push(msg);
const reportUrl = pathToFileURL(resolve(args.html)).href;
const profile = mkdtempSync(join(tmpdir(), 'wozo-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1600, height: 1800 },
    args: chromiumFlags,
  });
} catch (e) {
  console.error(`check-report: cannot start Chromium: ${e.message.split('\n')[0]}`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}

// Every request the page makes; anything but the report itself is external.
// Requests are recorded when the page makes them and then blocked, so a
// broken report cannot reach the network even while it fails the test.
const requests = [];
context.on('request', (req) => requests.push(req.url()));
await context.route('**/*', (route) => (route.request().url() === reportUrl ? route.continue() : route.abort()));

const page = context.pages()[0] || await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));
await page.goto(reportUrl, { waitUntil: 'load' });

const external = requests.filter((u) => u !== reportUrl);
if (external.length) fail(`${external.length} external request(s): ${external.slice(0, 5).join(', ')}`);
if (consoleErrors.length) fail(`console errors: ${consoleErrors.slice(0, 3).join('; ')}`);

const facts = await page.evaluate(({ matrices, tables }) => {
  const out = { problems: [], matrices: [], tables: [] };
  out.lang = document.documentElement.lang;
  out.scripts = document.querySelectorAll('script').length;
  out.h1 = document.querySelectorAll('h1').length;
  const uncaptioned = [...document.querySelectorAll('table')].filter((t) => !t.querySelector(':scope > caption'));
  if (uncaptioned.length) out.problems.push(`${uncaptioned.length} table(s) without a caption`);
  for (const th of document.querySelectorAll('th')) {
    if (!th.getAttribute('scope')) { out.problems.push(`a header cell without scope: "${th.textContent.slice(0, 40)}"`); break; }
  }
  for (const m of matrices) {
    const t = document.querySelector(`table.heat[data-matrix="${m.name}"]`);
    if (!t) { out.problems.push(`no heat map ${m.name}`); continue; }
    const legend = [...t.closest('section').querySelectorAll('.legend .sw')].map((s) => s.textContent.trim());
    const rows = [...t.querySelectorAll('tbody tr[data-key]')];
    const cells = [...t.querySelectorAll('td.c')];
    const colours = new Map();
    let bad = 0, untitled = 0;
    for (const r of rows) {
      if (r.querySelectorAll('td.c').length !== m.cols) bad++;
    }
    for (const c of cells) {
      const word = c.textContent.trim();
      if (!legend.includes(word)) out.problems.push(`${m.name}: cell shows "${word}", not a legend word`);
      if (!c.getAttribute('title')) untitled++;
      const bg = getComputedStyle(c).backgroundColor + getComputedStyle(c).backgroundImage;
      if (!colours.has(word)) colours.set(word, new Set());
      colours.get(word).add(bg);
    }
    const distinct = new Set([...colours.values()].map((s) => [...s].join('|')));
    if (distinct.size !== colours.size) out.problems.push(`${m.name}: words share a colour`);
    if (bad) out.problems.push(`${m.name}: ${bad} row(s) without exactly ${m.cols} cells`);
    if (untitled) out.problems.push(`${m.name}: ${untitled} cell(s) without a tooltip`);
    out.matrices.push({ name: m.name, rows: rows.length, cells: cells.length, words: colours.size });
  }
  for (const tb of tables) {
    const t = document.querySelector(`table.verdicts[data-kind="${tb.kind}"]`);
    if (!t) { out.problems.push(`no verdict table of ${tb.kind}`); continue; }
    const rows = t.querySelectorAll('tbody tr');
    out.tables.push({ kind: tb.kind, rows: rows.length });
  }
  out.findings = document.querySelectorAll('article.finding').length;
  out.scriptText = document.body.innerText.includes('<script>');
  return out;
}, { matrices: args.matrices, tables: args.tables });

facts.problems.forEach(fail);
if (!facts.lang) fail('no document language');
if (facts.scripts) fail(`${facts.scripts} script element(s)`);
if (facts.h1 !== 1) fail(`${facts.h1} h1 headings`);
for (const m of args.matrices) {
  const got = facts.matrices.find((x) => x.name === m.name);
  if (!got) continue;
  if (got.rows !== m.rows) fail(`${m.name}: ${got.rows} rows, expected ${m.rows}`);
  if (got.cells !== m.rows * m.cols) fail(`${m.name}: ${got.cells} cells, expected ${m.rows} x ${m.cols} = ${m.rows * m.cols}`);
}
for (const t of args.tables) {
  const got = facts.tables.find((x) => x.kind === t.kind);
  if (got && got.rows !== t.subjects) fail(`${t.kind}: ${got.rows} rows, expected ${t.subjects}`);
}
if (args.hostile && !facts.scriptText) fail('the text "<script>" is not shown as text');

if (args.screenshot) await page.screenshot({ path: args.screenshot, fullPage: false });
let pdfInfo = '';
if (args.pdf) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: args.pdf, preferCSSPageSize: true, printBackground: true });
  pdfInfo = `, PDF ${Math.round(statSync(args.pdf).size / 1024)} KiB`;
}
await context.close();
rmSync(profile, { recursive: true, force: true });

const secs = ((Date.now() - started) / 1000).toFixed(1);
const what = [
  ...facts.matrices.map((m) => `${m.name}: ${m.rows} rows, ${m.cells} cells, ${m.words} words`),
  ...facts.tables.map((t) => `${t.kind}: ${t.rows} rows`),
  `${facts.findings} findings`,
  `${requests.length - external.length} request(s), ${external.length} external`,
].join('; ');
if (failures.length) {
  console.log(`browser: FAIL ${args.html} (${secs}s): ${what}`);
  for (const f of failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log(`browser: ok ${args.html} (${secs}s): ${what}${pdfInfo}`);

// The fallback without playwright-core: Chromium's own command-line modes.
async function commandLine() {
  const t0 = Date.now();
  const problems = [];
  const url = pathToFileURL(resolve(args.html)).href;
  const dir = mkdtempSync(join(tmpdir(), 'wozo-chromium-'));
  const run = (extra) => execFileSync(chromiumPath, [...chromiumFlags, `--user-data-dir=${join(dir, 'profile')}`,
    '--window-size=1600,1800', ...extra, url], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  let dom;
  try {
    dom = run([`--log-net-log=${join(dir, 'net.json')}`, '--dump-dom']);
    if (args.screenshot) run([`--screenshot=${resolve(args.screenshot)}`]);
    if (args.pdf) run([`--print-to-pdf=${resolve(args.pdf)}`, '--no-pdf-header-footer']);
  } catch (e) {
    console.error(`check-report: cannot run Chromium: ${String(e.message).split('\n')[0]}`);
    process.exit(2);
  }
  // Every URL the page asked for, from the net log: the requests whose
  // initiator is an origin. Chromium's own traffic (its clock, component
  // updates, accounts), which these flags do not silence entirely, has
  // "not an origin" and is not the page's doing.
  let urls = [];
  try {
    const log = JSON.parse(readFileSync(join(dir, 'net.json'), 'utf8').replace(/,\s*\]\s*}\s*$/, ']}'));
    const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
    urls = [...new Set(log.events.filter((e) => e.type === start && e.params && e.params.url &&
      e.params.initiator !== 'not an origin').map((e) => e.params.url))];
  } catch {
    problems.push('no readable net log');
  }
  rmSync(dir, { recursive: true, force: true });
  const external = urls.filter((u) => u !== url && !/^(data|about|chrome|blob):/.test(u));
  if (external.length) problems.push(`${external.length} external request(s): ${external.slice(0, 5).join(', ')}`);
  const count = (re, text = dom) => (text.match(re) || []).length;
  if (count(/<script[\s>]/g)) problems.push('script element(s)');
  if (!/<html[^>]* lang="[a-z]+"/.test(dom)) problems.push('no document language');
  if (count(/<h1[\s>]/g) !== 1) problems.push(`${count(/<h1[\s>]/g)} h1 headings`);
  if (count(/<table[\s>]/g) !== count(/<caption[\s>]/g)) problems.push('a table without a caption');
  if (count(/<th(?![^>]*scope=)[\s>]/g)) problems.push('a header cell without scope');
  const what = [];
  for (const m of args.matrices) {
    const start = dom.indexOf(`data-matrix="${m.name}"`);
    if (start < 0) { problems.push(`no heat map ${m.name}`); continue; }
    const table = dom.slice(start, dom.indexOf('</table>', start));
    const rows = table.split('<tr data-key=').slice(1);
    const cells = count(/<td class="c /g, table);
    if (rows.length !== m.rows) problems.push(`${m.name}: ${rows.length} rows, expected ${m.rows}`);
    if (cells !== m.rows * m.cols) problems.push(`${m.name}: ${cells} cells, expected ${m.rows * m.cols}`);
    const bad = rows.filter((r) => count(/<td class="c /g, r) !== m.cols).length;
    if (bad) problems.push(`${m.name}: ${bad} row(s) without exactly ${m.cols} cells`);
    if (count(/<td class="c [^"]*" title="[^"]+"/g, table) !== cells) problems.push(`${m.name}: a cell without a tooltip`);
    what.push(`${m.name}: ${rows.length} rows, ${cells} cells`);
  }
  for (const t of args.tables) {
    const start = dom.indexOf(`data-kind="${t.kind}"`);
    if (start < 0) { problems.push(`no verdict table of ${t.kind}`); continue; }
    const table = dom.slice(start, dom.indexOf('</table>', start));
    const rows = count(/<tr>/g, table.slice(table.indexOf('<tbody>')));
    if (rows !== t.subjects) problems.push(`${t.kind}: ${rows} rows, expected ${t.subjects}`);
    what.push(`${t.kind}: ${rows} rows`);
  }
  if (args.hostile && !dom.includes('&lt;script&gt;')) problems.push('the text "<script>" is not shown as text');
  what.push(`${count(/<article class="finding"/g)} findings`, `${urls.length} URL(s), ${external.length} external`);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (problems.length) {
    console.log(`browser: FAIL ${args.html} (command line, ${secs}s): ${what.join('; ')}`);
    for (const p of problems) console.log(`  - ${p}`);
    process.exit(1);
  }
  console.log(`browser: ok ${args.html} (command line, ${secs}s): ${what.join('; ')}`);
}
