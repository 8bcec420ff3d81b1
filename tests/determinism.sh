#!/bin/sh
# Output is byte-identical across runs, locales and time zones.
#
# Runs every golden case of tests/cases/{data,eval,check} (the runtime's:
# datasets, evaluation, reports) under each combination of LC_ALL (C,
# C.UTF-8, nl_NL.UTF-8 and en_US.UTF-8 when installed) and TZ (UTC and
# Pacific/Kiritimati, UTC+14, where the local date is a day ahead) and
# compares standard output, standard error and the exit status with the
# expectations written for LC_ALL=C TZ=UTC. Then runs the bundled analysis
# as text and JSON in every combination, twice, and compares every run with
# the first. Exits 1 on the first difference, naming it.
#
#   sh tests/determinism.sh BINARY
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

locales="C"
for l in C.UTF-8 nl_NL.UTF-8 en_US.UTF-8; do
    # `locale -a` spells them C.utf8, nl_NL.utf8, ...
    want=$(printf '%s' "$l" | sed 's/UTF-8/utf8/')
    if locale -a 2>/dev/null | grep -qx -e "$l" -e "$want"; then
        locales="$locales $l"
    fi
done
zones="UTC"
if [ -e /usr/share/zoneinfo/Pacific/Kiritimati ]; then
    zones="$zones Pacific/Kiritimati"
fi

fail=0
runs=0

# run LC TZ OUTPREFIX ARGS...: runs the binary the way tests/run-cases.sh
# does, but with the given locale and time zone.
run() {
    lc=$1 tz=$2 out=$3
    shift 3
    (
        export LC_ALL="$lc" LANG="$lc" TZ="$tz" NO_COLOR=1
        eval "\"\$bin\" $*" >"$out.out" 2>"$out.err" </dev/null
        echo $? >"$out.exit"
    )
    runs=$((runs + 1))
}

same() {  # FILE EXPECTED-FILE-OR-EMPTY
    if [ -f "$2" ]; then
        cmp -s "$1" "$2"
    else
        [ ! -s "$1" ]
    fi
}

for path in tests/cases/data/* tests/cases/eval/* tests/cases/check/*; do
    case "$path" in
        *.wozo) base=${path%.wozo} ;;
        *.args|*.out|*.err|*.exit|*.yaml|*.md|*.txt) continue ;;
        *) [ -d "$path" ] || continue; base=$path ;;
    esac
    if [ -f "$base.args" ]; then
        args=$(cat "$base.args")
    else
        args="check --no-prelude @"
    fi
    args=$(printf '%s' "$args" | sed "s#@#$path#g")
    want_exit=0
    [ -f "$base.exit" ] && want_exit=$(cat "$base.exit")
    for lc in $locales; do
        for tz in $zones; do
            # LC_ALL=C TZ=UTC is how tests/run-cases.sh runs them already
            [ "$lc $tz" = "C UTC" ] && continue
            run "$lc" "$tz" "$tmp/r" "$args"
            if ! same "$tmp/r.out" "$base.out" || ! same "$tmp/r.err" "$base.err" ||
                [ "$(cat "$tmp/r.exit")" != "$want_exit" ]; then
                echo "determinism: $base differs with LC_ALL=$lc TZ=$tz"
                [ -f "$base.out" ] && diff "$base.out" "$tmp/r.out" | head -5
                fail=1
            fi
        done
    done
done

# The bundled analysis: every combination, twice, gives the first run's bytes.
for fmt in text json; do
    first=""
    for lc in $locales; do
        for tz in $zones; do
            for n in 1 2; do
                run "$lc" "$tz" "$tmp/b" "check rules/ --format $fmt --explain"
                cat "$tmp/b.out" "$tmp/b.err" "$tmp/b.exit" >"$tmp/b.all"
                if [ -z "$first" ]; then
                    first="$tmp/first-$fmt"
                    cp "$tmp/b.all" "$first"
                elif ! cmp -s "$first" "$tmp/b.all"; then
                    echo "determinism: check rules/ --format $fmt differs with LC_ALL=$lc TZ=$tz (run $n)"
                    fail=1
                fi
            done
        done
    done
done

if [ "$fail" = 0 ]; then
    echo "determinism: $runs runs identical (LC_ALL: $locales; TZ: $zones)"
fi
exit "$fail"
