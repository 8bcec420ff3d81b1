#!/bin/sh
# The HTML report as a person sees it: rendered by headless Chromium.
#
#   sh tests/browser/run.sh BINARY
#
# Writes the HTML report of the bundled analysis and of the hostile example
# (tests/cases/report/hostile) to build/browser/, opens each in Chromium
# (check-report.mjs) and checks through the rendered page that the heat maps
# have one cell per region and indicator (and per region and topic), that the
# verdict table lists every theme, that every cell shows its word, and that
# the page made no request beyond its own file. Takes a screenshot
# (build/browser/report.png; `make docs-screenshot` copies it to
# docs/report.png) and prints the report to PDF (build/browser/report.pdf).
#
# The expected counts come from the rule files and the data, not from the
# report: regions are the records of examples/wozo-2024/regions.yaml,
# indicators, topics and themes the declarations in rules/.
#
# Chromium is Debian's `chromium` package (`make deps`). When it is missing,
# this script tries to install it; only when that is impossible does the test
# SKIP, with a message saying why (exit 0). Node is needed as well; the npm
# packages of tests/browser/package.json (setup.sh) are used when they can be
# installed, and Chromium's command-line modes otherwise (check-report.mjs).
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/../.." || exit 2
out=build/browser
chromium=${CHROMIUM:-/usr/bin/chromium}

skip() {
    echo "browser: SKIP: $1"
    echo "browser: the HTML report was NOT checked in a browser"
    exit 0
}

if [ ! -x "$chromium" ]; then
    echo "browser: $chromium is missing; trying to install Debian's chromium package"
    sh .ci/install-deps.sh chromium || true
    [ -x "$chromium" ] || skip "chromium is not installed and could not be installed (run 'make deps' as root, or set CHROMIUM=/path/to/chromium)"
fi
if ! command -v node >/dev/null 2>&1; then
    sh .ci/install-deps.sh nodejs || true
    command -v node >/dev/null 2>&1 || { echo "browser: FAIL: chromium is installed but node is not, and could not be installed"; exit 1; }
fi
if ! sh tests/browser/setup.sh; then
    echo "browser: playwright-core could not be installed; driving Chromium from its command line instead"
fi

mkdir -p "$out"
"$bin" check rules/ --format html --output "$out/report.html" >/dev/null 2>"$out/report.err"
rc=$?
[ "$rc" -le 1 ] || { echo "browser: FAIL: check exited $rc"; cat "$out/report.err"; exit 1; }
"$bin" check --no-prelude tests/cases/report/hostile --format html --output "$out/hostile.html" >/dev/null 2>&1

count() { cat "$@" | grep -c "$pattern"; }
regions=$(grep -c '^- id:' examples/wozo-2024/regions.yaml)
pattern='^indicator [a-z_0-9]* '; indicators=$(count rules/*.wozo rules/*/*.wozo)
pattern='^topic [a-z_0-9]* '; topics=$(count rules/*.wozo rules/*/*.wozo)
pattern='^theme [a-z_0-9]* '; themes=$(count rules/*.wozo rules/*/*.wozo)

node tests/browser/check-report.mjs --html "$out/report.html" --screenshot "$out/report.png" --pdf "$out/report.pdf" \
    --matrix regions.findings --rows "$indicators" --cols "$regions" \
    --matrix regions.topics --rows "$topics" --cols "$regions" \
    --table theme --subjects "$themes" || exit 1
node tests/browser/check-report.mjs --html "$out/hostile.html" --hostile \
    --matrix regions.findings --rows 3 --cols 2 --table theme --subjects 2 || exit 1

# The check itself must notice a page that reaches out: one external image,
# one style sheet and one font.
cat >"$out/leaky.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>leaky</title>
<link rel="stylesheet" href="https://fonts.example.invalid/css?family=X">
<style>@font-face{font-family:X;src:url(http://fonts.example.invalid/x.woff2)}body{font-family:X}</style>
</head><body><h1>leaky</h1><img src="http://example.invalid/pixel.png" alt=""></body></html>
EOF
if node tests/browser/check-report.mjs --html "$out/leaky.html" >"$out/leaky.log" 2>&1; then
    echo "browser: FAIL: a page with external requests passed the check"
    exit 1
fi
echo "browser: a page with external requests is caught: $(grep -o '[0-9]* external request(s)' "$out/leaky.log" | head -n 1)"

# The site of `wozorules doc` makes no request either (one page of it, with
# the decision tables).
"$bin" doc rules/ --output "$out/doc" --format html >/dev/null || { echo "browser: FAIL: doc"; exit 1; }
node tests/browser/check-report.mjs --html "$out/doc/criteria.html" || exit 1
