#!/bin/sh
# The manual pages render without warnings and do not fall behind the program.
#
#   sh tests/man.sh BINARY
#
# - man/wozorules.1 and man/wozorules.5 pass `groff -ww -mandoc -z` (every
#   warning is printed, and any output fails) and, when mandoc is installed,
#   `mandoc -T lint`;
# - every command `wozorules --help` lists has a section in wozorules(1), and
#   every option its `--help` shows is described there;
# - both name the version `wozorules --version` prints;
# - the keywords of lang/lexer.l are the ones wozorules(5) lists.
set -u
bin=$1
cd "$(dirname "$0")/.." || exit 2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! command -v groff >/dev/null 2>&1; then
    echo "man: groff is missing (package groff-base; run 'make deps')"
    exit 1
fi
for page in man/wozorules.1 man/wozorules.5; do
    groff -ww -mandoc -z "$page" >"$tmp/lint" 2>&1
    if [ -s "$tmp/lint" ]; then
        echo "man: groff -ww reports problems in $page:"
        cat "$tmp/lint"
        fail=1
    fi
    if command -v mandoc >/dev/null 2>&1; then
        if ! mandoc -T lint -W warning "$page" >"$tmp/lint" 2>&1 || [ -s "$tmp/lint" ]; then
            echo "man: mandoc -T lint reports problems in $page:"
            cat "$tmp/lint"
            fail=1
        fi
    fi
done

# The pages name the version the program prints.
version=$("$bin" --version | sed 's/^wozorules //')
for page in man/wozorules.1 man/wozorules.5; do
    grep -q "^\.TH .*\"wozorules $version\"" "$page" ||
        { echo "man: $page does not say \"wozorules $version\" in its .TH line"; fail=1; }
done

# Commands and options. The man page writes '-' as '\-'.
commands=$(LC_ALL=C "$bin" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$commands" ] || { echo "man: no commands in 'wozorules --help'"; fail=1; }
for c in $commands; do
    if ! grep -q "^\.SS \"wozorules $c" man/wozorules.1; then
        echo "man: wozorules(1) has no section for the command '$c' (.SS \"wozorules $c ...\")"
        fail=1
    fi
    [ "$c" = help ] && continue
    for o in $(LC_ALL=C "$bin" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
        if ! grep -q -- "$esc" man/wozorules.1; then
            echo "man: wozorules(1) does not describe '$c $o'"
            fail=1
        fi
    done
done

# Keywords: the rules of lexer.l that return a keyword token.
sed -n 's/^"\([a-z_]*\)"[ \t]*{ return [A-Z_]*; }.*/\1/p' lang/lexer.l | sort >"$tmp/lexer"
# The first lines of the paragraph are prose ("Are reserved and cannot be
# used as names:"); keep only the words after the colon.
awk '/^\.B Keywords/ { on = 1; next } on && /^\.(TP|SH)/ { exit } on { print }' man/wozorules.5 |
    sed -n '/:$/,$p' | sed '1d; s/^\.BR* //; s/ *\.$//' | tr ' ' '\n' | grep . | sort >"$tmp/man"
if ! cmp -s "$tmp/lexer" "$tmp/man"; then
    echo "man: the keywords in wozorules(5) differ from lang/lexer.l (< lexer, > man page):"
    diff "$tmp/lexer" "$tmp/man"
    fail=1
fi

if [ "$fail" = 0 ]; then
    echo "man: wozorules.1 and wozorules.5 lint clean; $(echo $commands | wc -w) commands, their options and $(wc -l <"$tmp/lexer") keywords documented"
fi
exit $fail
