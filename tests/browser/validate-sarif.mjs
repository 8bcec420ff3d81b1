// validate-sarif.mjs - validates SARIF files against the SARIF 2.1.0 JSON
// schema with Ajv (JSON Schema draft 2020-12), with every string format
// checked (ajv-formats).
//
//   node validate-sarif.mjs SCHEMA FILE...
//
// Prints one line per file and exits 0 when every file is valid, 1 when one
// is not (with the first errors), 2 when the validator cannot run.
// The schema is the one the SARIF Multitool ships (tests/cases/report/
// sarif-schema-2.1.0.json); nothing is fetched from the network.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const nodeModules = process.env.WOZO_NODE_MODULES || resolve('build/node/node_modules');
let Ajv2020, addFormats;
try {
  Ajv2020 = require(join(nodeModules, 'ajv/dist/2020')).default;
  addFormats = require(join(nodeModules, 'ajv-formats')).default;
} catch (e) {
  console.error(`validate-sarif: cannot load ajv: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const f of files) {
  const doc = JSON.parse(readFileSync(f, 'utf8'));
  if (validate(doc)) {
    const results = doc.runs.reduce((n, r) => n + (r.results ? r.results.length : 0), 0);
    console.log(`sarif: valid ${f} (${results} results)`);
  } else {
    bad++;
    console.log(`sarif: INVALID ${f}`);
    for (const e of validate.errors.slice(0, 10)) console.log(`  ${e.instancePath || '/'} ${e.message}`);
  }
}
process.exit(bad ? 1 : 0);
