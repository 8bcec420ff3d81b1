#!/bin/sh
# `wozorules fmt --write` killed with SIGKILL at random moments of many
# rewrites: the file always holds either its old text or its new text,
# never a mix or nothing, and nothing but the temporary file is left.
#
#   sh tests/fmt-kill.sh BINARY
#
# SIGKILL cannot be caught, so what the tool guarantees then is narrower
# than for every other failure (tests/fmt-write.sh): the original is intact
# or completely replaced (the new text is renamed over it in one step), and
# the temporary file .NAME.fmt-XXXXXX may remain beside it when the kill
# came between its creation and the rename. This test checks exactly that,
# 200 times (50 with a sanitizer build, whose runs are slower), on a rule
# file of 1.7 MB that takes a measurable time to rewrite; the kill comes
# after a random delay between 0 and 1.2 times the duration of one rewrite.
# FMT_KILL_SEED=N repeats a run (its seed is printed).
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1
runs=200
if grep -q __asan_init "$bin" 2>/dev/null; then runs=50; fi
seed=${FMT_KILL_SEED:-$(date +%s)}

# A large file that is not in canonical form: the bundled rules eight
# times over, every indentation removed. fmt needs a file that parses, not
# one that checks, so the repeated declarations do not matter.
for i in 1 2 3 4 5 6 7 8; do
    for f in "$root"/rules/*.wozo "$root"/rules/*/*.wozo; do sed 's/^ *//' "$f"; echo; done
done >"$tmp/old"
"$bin" fmt "$tmp/old" >"$tmp/new" 2>"$tmp/err" || { echo "fmt-kill: cannot format the sample"; cat "$tmp/err"; exit 1; }
if cmp -s "$tmp/old" "$tmp/new"; then echo "fmt-kill: the sample is already canonical"; exit 1; fi
mkdir "$tmp/d"

# The duration of one rewrite, in seconds (the slowest of three).
t=0
for i in 1 2 3; do
    cp "$tmp/old" "$tmp/d/rules.wozo"
    s=$(date +%s.%N)
    "$bin" fmt --write "$tmp/d/rules.wozo" || { echo "fmt-kill: fmt --write failed"; exit 1; }
    e=$(date +%s.%N)
    t=$(echo "$s $e $t" | awk '{ d = $2 - $1; print (d > $3 ? d : $3) }')
done
cmp -s "$tmp/d/rules.wozo" "$tmp/new" || { echo "fmt-kill: fmt --write did not write the canonical form"; exit 1; }

# The delays, from the seed.
awk -v seed="$seed" -v n="$runs" -v t="$t" 'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.4f\n", rand() * t * 1.2 }' \
    >"$tmp/delays"

fail=0 old=0 new=0 left=0
while read -r delay; do
    rm -f "$tmp/d/rules.wozo" "$tmp"/d/.rules.wozo.fmt-*
    cp "$tmp/old" "$tmp/d/rules.wozo"
    "$bin" fmt --write "$tmp/d/rules.wozo" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    if cmp -s "$tmp/d/rules.wozo" "$tmp/old"; then
        old=$((old + 1))
    elif cmp -s "$tmp/d/rules.wozo" "$tmp/new"; then
        new=$((new + 1))
    else
        echo "FAIL (seed $seed, delay $delay s): the file holds neither the old text nor the new one"
        fail=$((fail + 1))
    fi
    for f in $(ls -A "$tmp/d"); do
        case "$f" in
            rules.wozo) ;;
            .rules.wozo.fmt-??????) left=$((left + 1)) ;;
            *) echo "FAIL (seed $seed, delay $delay s): unexpected file $f"; fail=$((fail + 1)) ;;
        esac
    done
done <"$tmp/delays"

echo "fmt-kill: $runs kills within ${t}s rewrites (seed $seed): $old times the old text, $new times the new," \
    "$left temporary file(s) left; $fail failed"
[ "$fail" = 0 ]
