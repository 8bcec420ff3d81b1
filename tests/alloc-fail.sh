#!/bin/sh
# Out of memory at every allocation: WOZO_FAIL_ALLOC=n (base/mem.h) makes
# the n-th allocation fail, and each such run must end with the one clean
# message "wozorules: error: out of memory" as the last line of standard
# error and exit status 3: never a crash, a hang, a sanitizer report or a
# temporary file left behind.
#
#   sh tests/alloc-fail.sh BINARY
#
# Walks:
#   1. every allocation of `check --explain` over examples/monitor-2023
#      (prelude, rules, data, evaluation) writing every report format;
#   2. every allocation of `test` over the same tree;
#   3. the bundled analysis (`check rules/ --explain`): every 61st
#      allocation, then each of the last 61 (the report and the clean-up).
# The number of allocations of a run is found by walking n upwards until a
# run succeeds, that is prints exactly what the run without injection
# prints (an allocation that fails always ends the run).
#
# With a binary built with AddressSanitizer, every 7th allocation is tried
# instead of every one (and one in 427 of the bundled analysis): such runs
# are five times slower, and after the failing allocation the program only
# prints the message and exits, which the release build checks at every n.
#
# Allocations outside the chokepoint cannot be made to fail this way:
# libyaml's own (it has no allocator hook) and the C library's (stdio
# buffers, opendir, realpath); see docs/reliability.md.
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1 WOZO_BIN="$bin"
par=$(nproc 2>/dev/null || echo 2)
step=1
if grep -q __asan_init "$bin" 2>/dev/null; then step=7; fi
fail=0
total=0

# run1.sh NORMAL DIR N ARGS...: one run in DIR with the N-th allocation
# failing (N=0: none); prints "same N" when it printed exactly what the run
# in NORMAL printed, "ok N" when it failed cleanly, or "FAIL N: why". A file
# of its own so that xargs can start several at once.
cat >"$tmp/run1.sh" <<'EOF'
normal=$1 d=$2 n=$3
shift 3
mkdir -p "$d" && cd "$d" || exit 2
WOZO_FAIL_ALLOC=$n timeout 20 "$WOZO_BIN" "$@" >out 2>err </dev/null
echo $? >status
if [ "$n" = 0 ]; then exit 0; fi
if cmp -s status "$normal/status" && cmp -s out "$normal/out" && cmp -s err "$normal/err"; then
    echo "same $n"
elif [ "$(cat status)" != 3 ]; then
    echo "FAIL $n: exit status $(cat status), expected 3: $(tail -n 3 err)"
elif [ "$(tail -n 1 err)" != "wozorules: error: out of memory" ]; then
    echo "FAIL $n: standard error does not end with the out-of-memory message: $(tail -n 3 err)"
elif grep -q -e 'Sanitizer' -e 'runtime error:' err; then
    echo "FAIL $n: sanitizer report: $(grep -m 3 -e 'Sanitizer' -e 'runtime error:' err)"
else
    for f in .*.fmt-* *.tmp-*; do
        if [ -e "$f" ]; then echo "FAIL $n: temporary file left behind: $f"; exit 0; fi
    done
    echo "ok $n"
fi
cd .. && rm -rf "$d"
EOF

# walk NAME FROM STRIDE ARGS...: runs n = FROM, FROM+STRIDE, ... ($par at a
# time) until a run prints what the run without injection printed; every
# run before that one must fail cleanly. Writes that n to $tmp/NAME.ok
# (empty when no run succeeded before n passed 10^6).
walk() {
    w_name=$1 w_n=$2 w_stride=$3
    shift 3
    sh "$tmp/run1.sh" - "$tmp/$w_name-normal" 0 "$@"
    : >"$tmp/$w_name.ok"
    while [ "$w_n" -lt 1000000 ]; do
        w_batch=$(seq "$w_n" "$w_stride" $((w_n + w_stride * (par * 32 - 1))))
        w_n=$((w_n + w_stride * par * 32))
        echo "$w_batch" | xargs -P "$par" -I{} sh "$tmp/run1.sh" "$tmp/$w_name-normal" "$tmp/$w_name-{}" {} "$@" \
            >"$tmp/$w_name.batch"
        total=$((total + $(echo "$w_batch" | wc -l)))
        if grep '^FAIL' "$tmp/$w_name.batch"; then
            fail=$((fail + $(grep -c '^FAIL' "$tmp/$w_name.batch")))
        fi
        w_same=$(sed -n 's/^same //p' "$tmp/$w_name.batch" | sort -n | head -n 1)
        if [ -n "$w_same" ]; then
            echo "$w_same" >"$tmp/$w_name.ok"
            return
        fi
    done
}

# 1. check, every allocation, every report format.
ex=$root/examples/monitor-2023
walk check 1 $step check "$ex" --explain --format json --output o.json --format html --output o.html \
    --format markdown --output o.md --format sarif --output o.sarif --format junit --output o.xml \
    --format csv --output o.csv --format csv-findings --output f.csv --format github --output o.gh \
    --format text
n_check=$(cat "$tmp/check.ok")

# 2. test, every allocation.
walk test 1 $step test "$ex"
n_test=$(cat "$tmp/test.ok")

# 3. the bundled analysis with a stride, then the last stretch one by one.
stride=$((61 * step))
walk bundled 1 $stride check "$root/rules" --explain
n_first=$(cat "$tmp/bundled.ok")
n_bundled=
if [ -n "$n_first" ]; then
    walk tail $((n_first - stride + 1)) $step check "$root/rules" --explain
    n_bundled=$(cat "$tmp/tail.ok")
fi

for w in check:$n_check test:$n_test bundled:$n_bundled; do
    [ -n "${w#*:}" ] || { echo "FAIL ${w%%:*}: no run succeeded"; fail=$((fail + 1)); }
done
echo "alloc-fail: $total runs, one allocation in $step; allocations: check $((${n_check:-1} - 1))," \
    "test $((${n_test:-1} - 1)), bundled analysis $((${n_bundled:-1} - 1)) (one in $stride, then the last $stride);" \
    "$fail failed"
[ "$fail" = 0 ]
