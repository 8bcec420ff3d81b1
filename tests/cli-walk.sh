#!/bin/sh
# The walk through a rules folder (lang/load.h): `check` and `fmt` find the
# same files, in the same order, skip the same entries and report the same
# mistakes.
#
#   sh tests/cli-walk.sh BINARY
#
# Every rule file of the scratch tree holds one syntax error, so that the
# messages name each file that was read, in the order it was read; `check`
# and `fmt --check` must name exactly the expected files.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
fail=0
cd "$tmp" || exit 2
export LC_ALL=C NO_COLOR=1

# The files each command read: the file names of its error messages.
files_read() {
    grep -o '^[^:]*\.wozo:[0-9]*:[0-9]*: error' "$1" | sed 's/:[0-9]*:[0-9]*: error$//'
}

check_same() {  # NAME EXPECTED-FILE-LIST EXPECTED-EXIT
    name=$1 want=$2 want_rc=$3
    "$bin" check --no-prelude t >/dev/null 2>check.err
    rc_check=$?
    "$bin" fmt --check t >fmt.out 2>fmt.err
    rc_fmt=$?
    for cmd in check fmt; do
        eval rc=\$rc_$cmd
        if [ "$rc" != "$want_rc" ]; then
            echo "FAIL $name: $cmd exited $rc, expected $want_rc"; cat $cmd.err; fail=1
        fi
        files_read $cmd.err >$cmd.files
        if [ "$(cat $cmd.files)" != "$want" ]; then
            echo "FAIL $name: $cmd read:"; cat $cmd.files; echo "expected:"; echo "$want"; fail=1
        fi
    done
    # The messages about the tree itself (links) are the same too.
    grep -v '^t/.*\.wozo:[0-9]' check.err | grep -v '^[0-9]* \|^  |^[0-9]* |' >check.rest
    grep -v '^t/.*\.wozo:[0-9]' fmt.err | grep -v '^[0-9]* \|^  |^[0-9]* |' >fmt.rest
    if ! cmp -s check.rest fmt.rest; then
        echo "FAIL $name: check and fmt report the tree differently:"; diff check.rest fmt.rest; fail=1
    fi
}

# Nested folders, hidden files and folders, files that are not rule files,
# a link to a rule file inside the tree, a link to a folder.
mkdir -p t/sub/deeper t/.hidden t/sub/.cache t/sub/empty
for f in t/b t/a t/Z t/sub/deeper/c t/sub/m t/.hidden/h t/sub/.cache/i t/sub/.j; do
    echo 'oops' >"$f.wozo"
done
echo 'oops' >t/notes.txt
echo 'oops' >t/x.wozo.bak
echo 'oops' >t/sub/wozo
ln -s deeper/c.wozo t/sub/a-link.wozo    # inside: read once, under its first name in byte order
ln -s sub t/sublink                      # a folder link: never followed
ln -s notes.txt t/notes-link.txt         # not a rule file, whatever it points to
# Byte order of the whole path: upper case before lower case, '/' (0x2f)
# before letters; the link and its target are one file, read as the link.
check_same "tree" "t/Z.wozo
t/a.wozo
t/b.wozo
t/sub/a-link.wozo
t/sub/m.wozo" 2
if ! grep -q '^t/sub/a-link.wozo$' fmt.files; then
    echo "FAIL tree: fmt skipped a link to a rule file inside the tree"; fail=1
fi

# Links that leave the tree or point nowhere are errors for both.
echo 'oops' >outside.wozo
ln -s ../outside.wozo t/out.wozo
ln -s nowhere.wozo t/dangling.wozo
ln -s .. t/up
check_same "bad links" "t/Z.wozo
t/a.wozo
t/b.wozo
t/sub/a-link.wozo
t/sub/m.wozo" 2
for want in "t/dangling.wozo: error[E001]: symbolic link points nowhere (to nowhere.wozo)" \
    "t/out.wozo: error[E002]: symbolic link points outside the rules folder (to ../outside.wozo)" \
    "t/up: error[E002]: symbolic link points outside the rules folder (to ..)"; do
    for cmd in check fmt; do
        if ! grep -qxF "$want" $cmd.err; then
            echo "FAIL bad links: $cmd does not say: $want"; cat $cmd.err; fail=1
        fi
    done
done
if grep -q outside fmt.files; then
    echo "FAIL bad links: fmt read the file outside the tree"; fail=1
fi
rm t/out.wozo t/dangling.wozo t/up

# fmt --write never writes through a link that leaves the tree.
printf 'scale s { a < b }\n\n\n' >outside.wozo
cp outside.wozo outside.before
ln -s ../outside.wozo t/out.wozo
"$bin" fmt --write t >/dev/null 2>&1
if ! cmp -s outside.wozo outside.before; then
    echo "FAIL fmt --write rewrote a file outside the tree through a link"; fail=1
fi
rm t/out.wozo

# A folder without rule files, and a folder that cannot be read.
mkdir -p none/.hidden
echo 'oops' >none/.hidden/x.wozo
echo 'oops' >none/readme.txt
for cmd in "check --no-prelude" "fmt --check"; do
    out=$($bin $cmd none 2>&1)
    rc=$?
    if [ "$rc" != 2 ] || [ "$out" != "none: error[E001]: no .wozo files in this folder
1 error, 0 warnings" ]; then
        echo "FAIL empty folder: $cmd exited $rc:"; echo "$out"; fail=1
    fi
done
if [ "$(id -u)" != 0 ]; then
    chmod 000 t/sub/deeper
    for cmd in "check --no-prelude" "fmt --check"; do
        out=$($bin $cmd t 2>&1)
        if ! echo "$out" | grep -qxF "t/sub/deeper: error[E001]: cannot open folder: Permission denied"; then
            echo "FAIL unreadable folder: $cmd says:"; echo "$out"; fail=1
        fi
    done
    chmod 755 t/sub/deeper
else
    echo "cli-walk: running as root, the unreadable folder is not tested"
fi

if [ $fail = 0 ]; then echo "cli-walk: ok"; fi
exit $fail
