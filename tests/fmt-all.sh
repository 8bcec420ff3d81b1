#!/bin/sh
# Formats every .wozo file of the repository and checks, from outside the
# formatter, what `wozorules fmt` promises:
#   - the canonical form parses to the same syntax tree (debug-ast dumps of
#     both are equal: a check independent of ast_equal, which fmt itself uses);
#   - formatting it again changes nothing (idempotence);
#   - the same comments, in the same order.
# Files under tests/cases/ and tests/fuzz/ that do not parse are deliberate (syntax error
# cases) and are skipped; anywhere else, a file that does not parse fails.
#
#   sh tests/fmt-all.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1

# Comment texts, in order, without trailing blanks: what follows a '#' that
# is not inside text. (A simple scanner: text does not span lines.)
comments() {
    awk '{
        s = $0; out = ""; q = 0; d = 0
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (q && c == "\\") { i++; continue }
            if (q && c == "{") { d++; q = 0; continue }
            if (!q && d && c == "}") { d--; q = 1; continue }
            if (c == "\"") { q = !q; continue }
            if (!q && c == "#") { out = substr(s, i); break }
        }
        sub(/[ \t\r]+$/, "", out)
        if (out != "") print out
    }' "$1"
}

formatted=0
skipped=0
fail=0
files=$(find . -name '*.wozo' ! -path './build/*' ! -path './.git/*' | sort)
for f in $files; do
    "$bin" fmt "$f" >"$tmp/once.wozo" 2>"$tmp/err"
    rc=$?
    if [ $rc = 2 ]; then
        case "$f" in
            ./tests/cases/* | ./tests/fuzz/*) skipped=$((skipped + 1)); continue ;;
        esac
    fi
    if [ $rc != 0 ]; then
        fail=$((fail + 1))
        echo "FAIL $f: exit $rc"
        head -5 "$tmp/err"
        continue
    fi
    formatted=$((formatted + 1))
    "$bin" fmt "$tmp/once.wozo" >"$tmp/twice.wozo" 2>&1
    if ! cmp -s "$tmp/once.wozo" "$tmp/twice.wozo"; then
        fail=$((fail + 1))
        echo "FAIL $f: formatting twice changes it"
        diff "$tmp/once.wozo" "$tmp/twice.wozo" | head -10
    fi
    "$bin" debug-ast "$f" >"$tmp/ast1" 2>/dev/null
    "$bin" debug-ast "$tmp/once.wozo" >"$tmp/ast2" 2>/dev/null
    if ! cmp -s "$tmp/ast1" "$tmp/ast2"; then
        fail=$((fail + 1))
        echo "FAIL $f: the syntax tree changed"
        diff "$tmp/ast1" "$tmp/ast2" | head -10
    fi
    comments "$f" >"$tmp/c1"
    comments "$tmp/once.wozo" >"$tmp/c2"
    if ! cmp -s "$tmp/c1" "$tmp/c2"; then
        fail=$((fail + 1))
        echo "FAIL $f: the comments changed"
        diff "$tmp/c1" "$tmp/c2" | head -10
    fi
done
echo "fmt over the repository: $formatted files formatted (same tree, same comments, idempotent), $skipped broken cases skipped, $fail failures"
[ "$fail" = 0 ] && [ "$formatted" -gt 0 ]
