#!/bin/sh
# `check --output FILE` when FILE is a symbolic link: the report is written
# through it (the file it names is replaced or created) and the link stays a
# link, also when it dangles or points at another link (cli_write_file in
# cli/cli.c); a loop of links or a missing folder is an error (exit 3) that
# creates nothing. No temporary file is ever left behind.
#
#   sh tests/cli-output-links.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1
rules=$root/tests/cases/diff/data/new
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# report LINK: writes the JSON report to LINK from $tmp/w; sets $status.
report() {
    (cd "$tmp/w" && "$bin" check --no-prelude "$rules" --format json --output "$1" >/dev/null 2>"$tmp/err")
    status=$?
}
# is_report FILE: FILE holds the whole JSON report.
is_report() { [ -f "$1" ] && [ ! -L "$1" ] && jq -e '.version == 1' "$1" >/dev/null 2>&1; }
# no_tmp: no temporary file anywhere below $tmp/w.
no_tmp() { [ -z "$(find "$tmp/w" -name '*.tmp-*')" ]; }

fresh() { rm -rf "$tmp/w"; mkdir -p "$tmp/w/real"; }

# A link to an existing file: that file is replaced, the link stays.
fresh
echo old >"$tmp/w/real/t.json"
ln -s real/t.json "$tmp/w/out.json"
report out.json
if [ -L "$tmp/w/out.json" ] && is_report "$tmp/w/real/t.json" && no_tmp; then ok; else bad "link to a file (exit $status)"; fi

# A dangling link whose folder exists: the file it names is created.
fresh
ln -s real/t.json "$tmp/w/out.json"
report out.json
if [ -L "$tmp/w/out.json" ] && is_report "$tmp/w/real/t.json" && no_tmp; then ok; else bad "dangling link (exit $status)"; cat "$tmp/err"; fi

# A chain of links, the last dangling, one of them absolute.
fresh
ln -s "$tmp/w/real/t.json" "$tmp/w/real/last"
ln -s real/last "$tmp/w/out.json"
report out.json
if [ -L "$tmp/w/out.json" ] && [ -L "$tmp/w/real/last" ] && is_report "$tmp/w/real/t.json" && no_tmp; then ok
else bad "chain of links (exit $status)"; cat "$tmp/err"; fi

# A dangling link into a folder that does not exist: exit 3, nothing made.
fresh
ln -s nowhere/t.json "$tmp/w/out.json"
report out.json
if [ "$status" = 3 ] && grep -q "cannot write out.json: the folder nowhere does not exist" "$tmp/err" &&
    [ -L "$tmp/w/out.json" ] && [ ! -e "$tmp/w/nowhere" ] && no_tmp; then ok
else bad "link into a missing folder (exit $status)"; cat "$tmp/err"; fi

# A loop of links: exit 3 with the system's reason, the links untouched.
fresh
ln -s loop2 "$tmp/w/loop1"
ln -s loop1 "$tmp/w/loop2"
report loop1
if [ "$status" = 3 ] && grep -q "cannot write loop1: Too many levels of symbolic links" "$tmp/err" &&
    [ "$(readlink "$tmp/w/loop1")" = loop2 ] && [ "$(readlink "$tmp/w/loop2")" = loop1 ] && no_tmp; then ok
else bad "loop of links (exit $status)"; cat "$tmp/err"; fi

echo "cli-output-links: $pass passed, $fail failed"
[ "$fail" = 0 ]
