#!/bin/sh
# The benchmark's programs agree on the numbers (issue 8).
#
# Generates the 1 MB dataset of the benchmark (bench/gen.py, seed 1) and its
# JSON twin into a temporary folder, computes the per-indicator coverage
# (share of regions at "planned" or above) with wozorules (bundled rules and
# bench/coverage.wozo) and with every peer that is installed (Python with
# PyYAML's C loader, jq, Node.js with js-yaml), and checks with bench/agree.py
# that all of them give the generator's numbers. Timings belong to `make
# bench`, not here. A peer that is not installed is skipped with a message; js-yaml is
# installed with npm into build/bench/node_modules when npm can.
#
#   sh tests/bench-agree.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

py=$(command -v python3 || true)
if [ -z "$py" ]; then
    echo "bench-agree: skipped: no python3 to run bench/gen.py and bench/agree.py"
    exit 0
fi
"$py" bench/gen.py --size 1MB --seed 1 --out "$tmp/r.yaml" --json "$tmp/r.json" \
    --expected "$tmp/r.expected" 2>/dev/null || { echo "bench-agree: bench/gen.py failed"; exit 1; }

# wozorules: exit 0 or 1 (a finding at the top of a scale) are both complete runs.
NO_COLOR=1 "$bin" check rules/ --data "regions=$tmp/r.yaml" > "$tmp/check.txt" 2> "$tmp/check.err"
s=$?
if [ $s -gt 1 ]; then
    echo "bench-agree: wozorules check rules/ exited with $s:"; head -5 "$tmp/check.err"; exit 1
fi
NO_COLOR=1 "$bin" check --no-warnings bench/coverage.wozo rules/indicators/ --data "regions=$tmp/r.yaml" \
    > "$tmp/min.txt" 2> "$tmp/min.err"
s=$?
if [ $s -gt 1 ]; then
    echo "bench-agree: wozorules check bench/coverage.wozo exited with $s:"; head -5 "$tmp/min.err"; exit 1
fi
specs="wozorules=wozo:$tmp/check.txt wozo-min=wozomin:$tmp/min.txt"

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import yaml; assert yaml.__with_libyaml__' 2>/dev/null; then
    /usr/bin/python3 bench/peers/coverage.py "$tmp/r.yaml" > "$tmp/python.tsv" || { echo "bench-agree: python peer failed"; exit 1; }
    specs="$specs python=tsv:$tmp/python.tsv"
else
    echo "bench-agree: skipped python: /usr/bin/python3 with PyYAML's C loader is not installed (apt-get install python3-yaml, or sh bench/deps.sh)"
fi

if command -v jq >/dev/null 2>&1; then
    jq -r -f bench/peers/coverage.jq "$tmp/r.json" > "$tmp/jq.tsv" || { echo "bench-agree: jq peer failed"; exit 1; }
    specs="$specs jq=tsv:$tmp/jq.tsv"
else
    echo "bench-agree: skipped jq: jq is not installed (apt-get install jq)"
fi

if command -v node >/dev/null 2>&1; then
    if [ ! -f build/bench/node_modules/js-yaml/package.json ] && command -v npm >/dev/null 2>&1; then
        mkdir -p build/bench
        npm install --prefix build/bench --no-save --no-audit --no-fund --loglevel=error --fetch-timeout=30000 --fetch-retries=1 js-yaml@4 \
            > "$tmp/npm.log" 2>&1 || true
    fi
    if [ -f build/bench/node_modules/js-yaml/package.json ]; then
        node bench/peers/coverage.js "$tmp/r.yaml" > "$tmp/node.tsv" || { echo "bench-agree: node peer failed"; exit 1; }
        specs="$specs node=tsv:$tmp/node.tsv"
    else
        echo "bench-agree: skipped node: js-yaml could not be installed with npm into build/bench/node_modules"
    fi
else
    echo "bench-agree: skipped node: Node.js is not installed"
fi

# shellcheck disable=SC2086
"$py" bench/agree.py "$tmp/r.expected" $specs
