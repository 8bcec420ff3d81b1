#!/bin/sh
# `make install` gives a working program, and `make uninstall` takes back
# exactly what it installed.
#
#   sh tests/install.sh BINARY
#
# Installs the build that BINARY belongs to (build/MODE/wozorules) with
# PREFIX=/usr into a temporary DESTDIR, checks that every file is in its
# usual place, runs the installed binary on the bundled analysis from another
# folder (it must find its prelude without the source tree) and compares its
# findings with BINARY's, renders the installed manual pages, loads the
# installed completion in bash, then uninstalls and checks that no file is
# left.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
mode=$(basename "$(dirname "$bin")")
case "$bin" in /*) ;; *) bin=$root/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dest=$tmp/stage
fail=0
say() { echo "install: $*"; fail=1; }

# The nested make must not take the outer one's variables.
unset MAKEFLAGS MFLAGS MAKELEVEL
if ! make -s -C "$root" install MODE="$mode" PREFIX=/usr DESTDIR="$dest" >"$tmp/log" 2>&1; then
    say "make install failed:"
    cat "$tmp/log"
    exit 1
fi

for f in bin/wozorules share/wozorules/prelude.wozo share/man/man1/wozorules.1 \
         share/man/man5/wozorules.5 share/bash-completion/completions/wozorules; do
    [ -f "$dest/usr/$f" ] || say "missing after install: /usr/$f"
done
[ -x "$dest/usr/bin/wozorules" ] || say "/usr/bin/wozorules is not executable"
n=$(find "$dest" -type f | wc -l)
[ "$n" = 5 ] || { say "expected 5 installed files, found $n:"; find "$dest" -type f; }
cmp -s "$root/stdlib/prelude.wozo" "$dest/usr/share/wozorules/prelude.wozo" ||
    say "the installed prelude differs from stdlib/prelude.wozo"

# The installed binary on the bundled analysis, run from a folder that has
# no prelude, no stdlib/ and no rules/ of its own: the same findings as the
# build's binary, and the same exit status (0: no critical white spot).
mkdir "$tmp/elsewhere"
(cd "$tmp/elsewhere" && LC_ALL=C NO_COLOR=1 "$dest/usr/bin/wozorules" check "$root/rules" --format json \
    >"$tmp/installed.json" 2>"$tmp/installed.err"; echo $? >"$tmp/installed.rc")
(cd "$tmp/elsewhere" && LC_ALL=C NO_COLOR=1 "$bin" check "$root/rules" --format json \
    >"$tmp/built.json" 2>/dev/null; echo $? >"$tmp/built.rc")
[ "$(cat "$tmp/installed.rc")" = 0 ] ||
    { say "installed binary: check rules/ exited $(cat "$tmp/installed.rc"), expected 0"; head -20 "$tmp/installed.err"; }
cmp -s "$tmp/installed.json" "$tmp/built.json" ||
    say "the installed binary's findings differ from $bin's"
grep -q '"findings"' "$tmp/installed.json" || say "installed binary: no findings in the JSON report"
(cd "$tmp/elsewhere" && "$dest/usr/bin/wozorules" test "$root/rules" >"$tmp/test.out" 2>&1) ||
    { say "installed binary: test rules/ failed"; tail -5 "$tmp/test.out"; }

# The installed manual pages render without a warning.
if command -v man >/dev/null 2>&1; then
    for page in man1/wozorules.1 man5/wozorules.5; do
        MANWIDTH=80 man -l "$dest/usr/share/man/$page" >"$tmp/man.out" 2>"$tmp/man.err" ||
            say "man -l $page failed"
        [ -s "$tmp/man.err" ] && { say "man -l $page warns:"; cat "$tmp/man.err"; }
        grep -q WOZORULES "$tmp/man.out" || say "man -l $page printed no page"
    done
fi

# The installed completion defines the completion of wozorules.
if command -v bash >/dev/null 2>&1; then
    bash -c ". '$dest/usr/share/bash-completion/completions/wozorules' && complete -p wozorules" \
        >/dev/null 2>&1 || say "the installed completion does not load in bash"
fi

if ! make -s -C "$root" uninstall MODE="$mode" PREFIX=/usr DESTDIR="$dest" >"$tmp/log" 2>&1; then
    say "make uninstall failed:"
    cat "$tmp/log"
fi
left=$(find "$dest" ! -type d)
[ -z "$left" ] || say "left after uninstall: $left"
[ -d "$dest/usr/share/wozorules" ] && say "left after uninstall: /usr/share/wozorules/"

[ "$fail" = 0 ] && echo "install: 5 files installed under DESTDIR, the installed binary checks rules/ like the build's, uninstall leaves no file"
exit $fail
