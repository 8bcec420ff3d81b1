#!/bin/sh
# The tests under valgrind (memcheck): no invalid read or write, no use of
# uninitialised memory, no leak ("definitely" or "indirectly" lost; memory
# still reachable at exit, such as stdio's buffers, is not a leak).
#
#   sh tests/valgrind/run.sh BUILD     (make MODE=debug check-valgrind)
#
# BUILD is a build folder without sanitizers (build/debug): valgrind and
# AddressSanitizer do not mix. What runs:
#   - every unit test program (BUILD/tests/test_*);
#   - every golden case (tests/run-cases.sh with WRAP=valgrind), shared
#     between as many drivers as there are processors;
#   - the fuzzing corpus and regressions, through each replay program;
#   - the scenario scripts that call the binary a handful of times
#     (VALGRIND_SCRIPTS below), through a wrapper named like the binary.
# The scenario scripts that run it hundreds of times (alloc-fail.sh, the
# fmt-write.sh fault walk, fmt-fuzz.sh, the browser test, ...) are left out:
# under valgrind they would take most of an hour, and the code they reach
# is reached here by the golden cases and the corpus. docs/reliability.md
# says which.
#
# valgrind reports an error with exit status 9 (--error-exitcode); -q keeps
# standard error as it is without valgrind, so the golden cases still
# compare it byte for byte.
set -u
build=$1
case "$build" in /*) ;; *) build=$(pwd)/$build ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
VALGRIND="valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect"
VALGRIND="$VALGRIND --show-leak-kinds=definite,indirect"
# The scenario scripts run with the wrapper (each calls the binary 10 to 40
# times).
VALGRIND_SCRIPTS="tests/run-special.sh tests/determinism.sh tests/json-output.sh tests/report-formats.sh"
par=$(nproc 2>/dev/null || echo 2)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

command -v valgrind >/dev/null || { echo "valgrind: not installed (make deps)"; exit 1; }

for t in "$build"/tests/test_*; do
    case "$t" in *.d | *.o) continue ;; esac   # the compiler's dependency files
    printf '  valgrind %s: ' "${t#"$root"/}"
    if $VALGRIND "$t" >"$tmp/unit.out" 2>&1; then
        grep -c '^\[       OK \]' "$tmp/unit.out" | sed 's/$/ tests/'
    else
        echo FAILED; tail -40 "$tmp/unit.out"; fail=$((fail + 1))
    fi
done

echo "  valgrind golden cases ($par drivers)"
i=0
while [ $i -lt "$par" ]; do
    WRAP="$VALGRIND" SHARD=$i/$par sh tests/run-cases.sh "$build/wozorules" >"$tmp/cases-$i.log" 2>&1 &
    echo $! >"$tmp/cases-$i.pid"
    i=$((i + 1))
done
i=0
while [ $i -lt "$par" ]; do
    wait "$(cat "$tmp/cases-$i.pid")" || fail=$((fail + 1))
    grep -v '^cases:' "$tmp/cases-$i.log"
    i=$((i + 1))
done
cat "$tmp"/cases-*.log | awk '/^cases:/ { p += $2; f += $4 } END { printf "  cases: %d passed, %d failed\n", p, f }'

for h in parse fmt data check; do
    case $h in parse|fmt) s=rules ;; data) s=yaml ;; check) s=check ;; esac
    printf '  valgrind replay-%s: ' "$h"
    $VALGRIND "$build/fuzz/replay-$h" tests/fuzz/corpus/$s tests/fuzz/regressions/$h || {
        echo FAILED; fail=$((fail + 1))
    }
done

# A wrapper named wozorules, for the scripts that look at its name.
mkdir "$tmp/bin"
printf '#!/bin/sh\nexec %s %s "$@"\n' "$VALGRIND" "$build/wozorules" >"$tmp/bin/wozorules"
chmod +x "$tmp/bin/wozorules"
for s in $VALGRIND_SCRIPTS; do
    echo "  valgrind $s"
    sh "$s" "$tmp/bin/wozorules" || fail=$((fail + 1))
done

if [ "$fail" != 0 ]; then
    echo "valgrind: $fail parts failed"
    exit 1
fi
echo "valgrind: no errors, nothing lost"
