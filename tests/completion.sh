#!/bin/sh
# The bash completion (completion/wozorules.bash) offers what the program
# accepts.
#
#   sh tests/completion.sh BINARY
#
# Each check sets up what bash gives a completion function (COMP_LINE,
# COMP_POINT, COMP_WORDS split at blanks and '=' as bash does, COMP_CWORD),
# calls _wozorules from the repository root, and compares the candidates,
# sorted, with the expectation. Skipped when bash is missing.
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/.." || exit 2
if ! command -v bash >/dev/null 2>&1; then
    echo "completion: SKIP: bash is not installed"
    exit 0
fi
exec bash -c '
set -u
bin=$1
source completion/wozorules.bash
# bash sets COMP_WORDBREAKS (with "=" and ":") as in an interactive shell.
pass=0 fail=0

# expect LINE EXPECTED...: the candidates for LINE (cursor at its end).
expect() {
    local line=$1
    shift
    local want
    want=$(printf "%s\n" "$@" | sort)
    COMP_LINE="wozorules $line"
    COMP_POINT=${#COMP_LINE}
    local spaced=${COMP_LINE//=/ = }
    read -r -a COMP_WORDS <<<"$spaced"
    COMP_WORDS[0]=$bin
    [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _wozorules
    local got
    got=$(printf "%s\n" "${COMPREPLY[@]}" | sort)
    if [[ $got == "$want" ]]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL completing \"wozorules $line\""
        diff <(echo "$want") <(echo "$got") | sed "s/^/    /"
    fi
}

commands=$("$bin" --help | awk "/^commands:/ { on = 1; next } on && /^\$/ { exit } on { print \$1 }")
# Commands, and the help of a command.
expect "" $commands --help --version
expect "ch" $(printf "%s\n" $commands | grep "^ch")
expect "help te" test
# Options of a command, read from its --help.
expect "check --ex" --explain
expect "check --fa" --fail-on
expect "test --no-p" --no-prelude
# Values: formats, colours, verdicts of the rules on the line, datasets.
expect "test --format " text tap junit
expect "test -f j" junit
expect "check --format js" json
# The formats of every command, whatever its --help calls them.
for c in $commands; do
    [[ $c == help ]] && continue
    usage=$("$bin" "$c" --help | head -n 1)
    list=$(sed -n "s/.*--format \([a-z-]*|[a-z|-]*\).*/\1/p" <<<"$usage")
    [[ -n $list ]] && expect "$c --format " ${list//|/ }
done
expect "check --color a" auto always
expect "check --color=n" never
expect "check rules/ --fail-on white" white_spot
expect "check examples/monitor-2023 --fail-on at_" at_risk
expect "check rules/ --fail-on=ope" open
expect "check rules/ --data reg" regions=
expect "check rules/ --data regions=examples/wozo-2024/re" examples/wozo-2024/regions.yaml
# Rule paths: folders and .wozo files.
expect "check rules/criteria/part" rules/criteria/part4.wozo rules/criteria/part5.wozo
expect "check examples/mon" examples/monitor-2023/
expect "test rules/tests/w" rules/tests/what_if.wozo

echo "completion: $pass passed, $fail failed"
[[ $fail == 0 ]]
' completion "$bin"
