#!/bin/sh
# `wozorules test --update`: rewriting expected-findings files.
#
#   sh tests/test-update.sh BINARY
#
# On a copy of tests/cases/test-cmd/snapshot_mismatch (a findings file that
# no longer matches the rules):
#   - without --update the test fails (exit 1) and the file is untouched;
#   - with --update the file is rewritten to exactly what the rules give,
#     the run passes, says so, and leaves no temporary file;
#   - a second --update writes nothing (the file keeps its inode and time);
#   - a run whose data cannot be read never rewrites the file;
#   - a findings file that does not exist yet is created.
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cp -r "$root/tests/cases/test-cmd/snapshot_mismatch" "$work/tree"
cd "$work" || exit 2
snap=tree/fixtures/regions.expected
cp "$snap" stale

"$bin" test --no-prelude tree >out 2>&1
[ $? = 1 ] || { echo "test-update: a stale findings file must fail the test"; cat out; fail=1; }
cmp -s "$snap" stale || { echo "test-update: a run without --update changed the file"; fail=1; }

"$bin" test --no-prelude --update tree >out 2>&1
[ $? = 0 ] || { echo "test-update: --update must pass"; cat out; fail=1; }
grep -q "updated tree/fixtures/regions.expected" out || { echo "test-update: --update did not say so"; cat out; fail=1; }
cat >want <<'W'
# Findings pinned by the test "all findings on two regions".
# One finding a line: id, verdict, message. `wozorules test --update`
# rewrites this file; review its diff like any other change.
coverage/wonen white_spot "Wonen: geen landelijke actie"
coverage/zorg covered "Zorg: gedekt"
W
cmp -s want "$snap" || { echo "test-update: the rewritten file:"; diff -u want "$snap"; fail=1; }
leftover=$(find tree -name '*.tmp-*')
[ -z "$leftover" ] || { echo "test-update: temporary files left: $leftover"; fail=1; }

"$bin" test --no-prelude tree >out 2>&1
[ $? = 0 ] || { echo "test-update: after --update the test must pass"; cat out; fail=1; }

before=$(ls -li "$snap")
sleep 1
"$bin" test --no-prelude --update tree >out 2>&1
[ "$(ls -li "$snap")" = "$before" ] || { echo "test-update: an up-to-date file was written again"; fail=1; }
grep -q updated out && { echo "test-update: nothing to update, yet it says updated"; fail=1; }

# Data that cannot be read: the file stays as it is, whatever --update says.
cp stale "$snap"
mv tree/fixtures/regions.yaml tree/fixtures/regions.yaml.away
"$bin" test --no-prelude --update tree >out 2>&1
[ $? = 2 ] || { echo "test-update: unreadable data must exit 2"; cat out; fail=1; }
cmp -s "$snap" stale || { echo "test-update: --update rewrote the file from a failed run"; fail=1; }
mv tree/fixtures/regions.yaml.away tree/fixtures/regions.yaml

# A file that does not exist yet is created.
rm "$snap"
"$bin" test --no-prelude tree >out 2>&1
[ $? = 1 ] || { echo "test-update: a missing findings file must fail"; cat out; fail=1; }
"$bin" test --no-prelude --update tree >out 2>&1
cmp -s want "$snap" || { echo "test-update: --update did not create the file"; cat out; fail=1; }

[ "$fail" = 0 ] && echo "test-update: stale file fails, --update rewrites it once, never from a failed run"
exit $fail
