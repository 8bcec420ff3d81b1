// Peer: per-indicator coverage with Node.js and js-yaml.
//
//   node bench/peers/coverage.js FILE.yaml [NODE_MODULES]
//
// js-yaml is loaded from NODE_MODULES (default: build/bench/node_modules,
// where bench/deps.sh installs it with npm). Prints, per indicator (sorted),
// the number of regions whose finding is at "planned" or above and the number
// of regions, tab-separated.
'use strict';
const fs = require('fs');
const path = require('path');

const modules = path.resolve(process.argv[3] || path.join(__dirname, '..', '..', 'build', 'bench', 'node_modules'));
const yaml = require(path.join(modules, 'js-yaml'));

const regions = yaml.load(fs.readFileSync(process.argv[2], 'utf8'));
const counts = new Map();
for (const r of regions) {
  for (const [ind, finding] of Object.entries(r.findings)) {
    const s = finding.status;
    counts.set(ind, (counts.get(ind) || 0) + (s === 'planned' || s === 'concrete' ? 1 : 0));
  }
}
const lines = [];
for (const ind of [...counts.keys()].sort()) lines.push(`${ind}\t${counts.get(ind)}\t${regions.length}\n`);
process.stdout.write(lines.join(''));
