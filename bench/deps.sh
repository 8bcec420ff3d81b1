#!/bin/sh
# The benchmark's dependency step (run by `make bench`): what the peers need
# besides the build's own packages. Never fatal: a peer that cannot be
# installed is skipped by bench/run.py, which says so in bench/RESULTS.md.
#
#   Debian packages  python3-yaml (PyYAML with its libyaml C loader, run with
#                    /usr/bin/python3), jq (1.6 on Debian 12), time
#                    (/usr/bin/time -v for peak memory), and nodejs + npm
#                    when there is no `node` at all
#   npm              js-yaml, into build/bench/node_modules (never global)
#
#   sh bench/deps.sh
set -u
cd "$(dirname "$0")/.." || exit 3
pkgs="python3-yaml jq time"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
# shellcheck disable=SC2086 # one word per package
sh .ci/install-deps.sh $pkgs ||
    echo "bench/deps.sh: could not install some of: $pkgs; the peers that need them will be skipped" >&2

JSYAML=4
if [ -f build/bench/node_modules/js-yaml/package.json ]; then
    :
elif command -v npm >/dev/null 2>&1; then
    mkdir -p build/bench
    echo "bench/deps.sh: npm install js-yaml@$JSYAML into build/bench/node_modules"
    npm install --prefix build/bench --no-save --no-audit --no-fund --loglevel=error --fetch-timeout=30000 --fetch-retries=1 "js-yaml@$JSYAML" ||
        echo "bench/deps.sh: npm could not install js-yaml; the Node.js peer will be skipped" >&2
else
    echo "bench/deps.sh: no npm; the Node.js peer will be skipped" >&2
fi
exit 0
