#!/bin/sh
# `check --output FILE` interrupted by SIGINT or SIGTERM: the temporary file
# beside FILE (FILE.tmp-XXXXXX) is removed, and FILE is either absent, the
# old file, or the complete new report: never half of one.
#
#   sh tests/cli-output-signal.sh BINARY
#
# First deterministically (WOZO_FAIL_OUTPUT=signal raises SIGINT when half
# of the report is in the temporary file), then with real signals sent at
# random moments to a run that writes a 60 MB report.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
cd "$tmp" || exit 2
export LC_ALL=C NO_COLOR=1

mkdir rules
cat >rules/rules.wozo <<'EOF'
scale verdict { covered < attention < white_spot }
kind region { spoedzorg: number }
dataset regions: list of region from "regions.yaml"

criterion spoed "Spoedzorg per regio" for region r in regions {
  let n = r.spoedzorg
  when n == 0 => white_spot "{r.id}: geen spoedzorg"
  when n < 3 => attention "{r.id}: {n} afspraken"
  otherwise => covered "{r.id}: {n} afspraken"
}
EOF
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "- id: r%d\n  spoedzorg: %d\n", i, i % 5 }' >rules/regions.yaml

# A non-interactive shell starts background jobs with SIGINT ignored, and
# so may whatever started this script (make test run in the background);
# the command keeps a signal it finds ignored, as nohup wants. dflt puts the
# default actions back before it runs the command, as a terminal would.
dflt='$SIG{INT} = "DEFAULT"; exec @ARGV or exit 127'
run() {  # OUTPUT: the check under test, in the background; its pid in $pid
    # perl itself, not a shell function, goes in the background: a function
    # there runs in a subshell, $! would name the subshell, and the signal
    # would kill it and leave the check running on, orphaned.
    perl -e "$dflt" "$bin" check --no-prelude rules --format json --output "$1" >/dev/null 2>err &
    pid=$!
}

# The complete report, to compare with.
"$bin" check --no-prelude rules --format json --output want.json >/dev/null 2>&1
if [ ! -s want.json ]; then
    echo "FAIL: the reference report was not written"; exit 1
fi

leftovers() {
    ls -a | grep '\.tmp-' && { echo "FAIL $1: a temporary file remains"; fail=1; }
    rm -f ./*.tmp-*
}

# 1. The hook: SIGINT while the temporary file is half written.
WOZO_FAIL_OUTPUT=signal perl -e "$dflt" "$bin" check --no-prelude rules --format json --output new.json >/dev/null 2>&1
rc=$?
[ "$rc" = 130 ] || { echo "FAIL hook: exit status $rc, expected 130 (died of SIGINT)"; fail=1; }
[ -e new.json ] && { echo "FAIL hook: new.json exists after the interrupted first write"; fail=1; }
leftovers "hook, new file"
cp want.json old.json
printf 'old\n' >old.json
WOZO_FAIL_OUTPUT=signal perl -e "$dflt" "$bin" check --no-prelude rules --format json --output old.json >/dev/null 2>&1
[ "$(cat old.json)" = old ] || { echo "FAIL hook: the old file was changed by an interrupted write"; fail=1; }
leftovers "hook, old file"

# 2. Real signals at random moments: before, during and after the write.
runs=0 interrupted=0
for sig in INT TERM INT TERM INT TERM INT TERM INT TERM INT TERM INT TERM INT TERM INT TERM INT TERM; do
    rm -f out.json
    run out.json
    # 0.20 to 1.19 s: the run takes about 1 s, the write a good part of it.
    sleep "$(awk -v s="$$$runs" 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() }')"
    # The signal must reach the check (or the perl about to become it),
    # never a shell standing between: that one would die in its place.
    if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- '--output out.json'; then
        echo "FAIL: process $pid is not the check: $(tr '\0' ' ' <"/proc/$pid/cmdline")"; fail=1
    fi
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    runs=$((runs + 1))
    [ "$rc" -gt 128 ] && interrupted=$((interrupted + 1))
    if [ -e out.json ] && ! cmp -s out.json want.json; then
        echo "FAIL SIG$sig: out.json is there but not the complete report (exit $rc)"; fail=1
    fi
    if [ "$rc" = 0 ] && [ ! -e out.json ]; then
        echo "FAIL SIG$sig: exit 0 without the report"; fail=1
    fi
    leftovers "SIG$sig (exit $rc)"
done

if [ $fail = 0 ]; then
    echo "cli-output-signal: ok ($runs runs, $interrupted interrupted)"
fi
exit $fail
