#!/bin/sh
# Installs the Node test tools of tests/browser/package.json (playwright-core
# to drive Chromium, Ajv to validate SARIF) into build/node, with `npm ci`
# from the committed package-lock.json, and only when they are missing or
# the lock file changed. Nothing here is shipped; `make clean` removes it.
#
#   sh tests/browser/setup.sh      exit 0 when the tools are ready
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$root/tests/browser
dest=$root/build/node
if [ -f "$dest/node_modules/.wozo-installed" ] && cmp -s "$src/package-lock.json" "$dest/node_modules/.wozo-installed"; then
    exit 0
fi
command -v node >/dev/null 2>&1 || { echo "setup: node is not installed (make deps installs nodejs)"; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "setup: npm is not installed"; exit 1; }
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
if ! (cd "$dest" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1); then
    echo "setup: npm ci failed (is the npm registry reachable?); see $dest/npm.log"
    exit 1
fi
cp "$src/package-lock.json" "$dest/node_modules/.wozo-installed"
