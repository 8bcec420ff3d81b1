#!/bin/sh
# Runs the golden cases under tests/cases/.
#
#   sh tests/run-cases.sh BINARY [FILTER]
#
# A case is a file tests/cases/AREA/NAME.wozo or a folder tests/cases/AREA/NAME/
# (a rules tree, possibly with YAML), or a lone NAME.args for a command that
# works on files elsewhere in the repository (the bundled analysis). Beside it:
#   NAME.args   the command line after the binary; '@' stands for the case's
#               path (default: "check --no-prelude @")
#   NAME.out    expected standard output (absent: must be empty)
#   NAME.err    expected standard error  (absent: must be empty)
#   NAME.exit   expected exit status     (absent: 0)
# Every byte is compared. The command runs from the repository root with
# LC_ALL=C, TZ=UTC and NO_COLOR=1, so paths in messages read tests/cases/...
#
# UPDATE=1 writes the actual results as the expectations (review the diff!).
# WRAP="valgrind ..." runs the binary under a wrapper.
# SHARD=I/N runs only every N-th case, from the I-th (0-based), so that N
# drivers can share the cases (tests/valgrind/run.sh).
set -u
bin=$1
filter=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
index=0
for path in tests/cases/*/*; do
    case "$path" in
        *.wozo) base=${path%.wozo} ;;
        *.args)
            base=${path%.args}
            # Only a lone .args file is a case of its own.
            if [ -e "$base.wozo" ] || [ -d "$base" ]; then continue; fi
            ;;
        *.out|*.err|*.exit|*.yaml|*.md) continue ;;
        *) [ -d "$path" ] || continue; base=$path ;;
    esac
    if [ -n "$filter" ] && ! echo "$base" | grep -q -- "$filter"; then
        continue
    fi
    index=$((index + 1))
    if [ -n "${SHARD:-}" ] && [ $(((index - 1) % ${SHARD#*/})) != "${SHARD%/*}" ]; then
        continue
    fi
    if [ -f "$base.args" ]; then
        args=$(cat "$base.args")
    else
        args="check --no-prelude @"
    fi
    # Substitute the case path for '@'.
    args=$(printf '%s' "$args" | sed "s#@#$path#g")
    (
        export LC_ALL=C TZ=UTC NO_COLOR=1
        eval "${WRAP:-} \"\$bin\" $args" >"$tmp/out" 2>"$tmp/err" </dev/null
        echo $? >"$tmp/exit"
    )
    want_exit=0
    [ -f "$base.exit" ] && want_exit=$(cat "$base.exit")
    got_exit=$(cat "$tmp/exit")
    if [ "${UPDATE:-0}" = 1 ]; then
        for s in out err; do
            if [ -s "$tmp/$s" ]; then cp "$tmp/$s" "$base.$s"; else rm -f "$base.$s"; fi
        done
        if [ "$got_exit" != 0 ]; then echo "$got_exit" >"$base.exit"; else rm -f "$base.exit"; fi
        pass=$((pass + 1))
        continue
    fi
    ok=1
    for s in out err; do
        if [ -f "$base.$s" ]; then
            if ! cmp -s "$base.$s" "$tmp/$s"; then
                ok=0
                echo "--- $base.$s differs:"
                diff -u "$base.$s" "$tmp/$s" | head -40
            fi
        elif [ -s "$tmp/$s" ]; then
            ok=0
            echo "--- $base: unexpected standard $s:"
            head -20 "$tmp/$s"
        fi
    done
    if [ "$got_exit" != "$want_exit" ]; then
        ok=0
        echo "--- $base: exit status $got_exit, expected $want_exit"
    fi
    if [ "$ok" = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $base"
    fi
done
echo "cases: $pass passed, $fail failed"
[ "$fail" = 0 ]
