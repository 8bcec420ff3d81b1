#!/bin/sh
# docs/tutorial.md works as written: every command in it is run, every file in
# it written, and every output it shows compared, byte for byte.
#
#   sh tests/tutorial.sh BINARY [MARKDOWN]
#
# The tutorial marks what is run with the info string of its fenced blocks:
#   ```sh tutorial          each line is a command; it must exit 0
#   ```console tutorial     "$ COMMAND" lines, each followed by the output it
#                           must print (standard output and error together)
#   ```wozo file=PATH       the block is written to PATH (also ```yaml ...)
# and, on any of them,
#   exit=N                  the commands must exit N instead of 0
#   needs=fmt | needs=html  skip the block (and say so) while the program has
#                           no `fmt` command / no html report format
# Blocks without `tutorial` or `file=` are illustrations and are not run.
# Everything runs in order, in one shell, in an empty temporary folder (so
# `cd` in the tutorial carries on), with `wozorules` on the PATH being BINARY,
# and LC_ALL=C, TZ=UTC, NO_COLOR=1.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
md=${2:-$root/docs/tutorial.md}
case "$bin" in /*) ;; *) bin=$root/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/bin" "$tmp/blocks" "$tmp/work"
ln -s "$bin" "$tmp/bin/wozorules"
PATH=$tmp/bin:$PATH
LC_ALL=C TZ=UTC NO_COLOR=1
export PATH LC_ALL TZ NO_COLOR

# Split the markdown into blocks: NNN.head holds "KIND EXIT NEEDS LINE FILE",
# NNN.body the lines between the fences.
awk -v dir="$tmp/blocks" '
    function attr(name,    i, n, parts, kv) {
        n = split(info, parts, /[ \t]+/)
        for (i = 2; i <= n; i++)
            if (index(parts[i], name "=") == 1)
                return substr(parts[i], length(name) + 2)
        return ""
    }
    !inblock && /^```[^`]/ {
        info = substr($0, 4)
        split(info, w, /[ \t]+/)
        kind = ""
        if (attr("file") != "") kind = "file"
        else if (info ~ /(^|[ \t])tutorial([ \t]|$)/ && w[1] == "sh") kind = "sh"
        else if (info ~ /(^|[ \t])tutorial([ \t]|$)/ && w[1] == "console") kind = "console"
        inblock = 1
        if (kind != "") {
            n++
            name = sprintf("%s/%03d", dir, n)
            ex = attr("exit"); if (ex == "") ex = 0
            nd = attr("needs"); if (nd == "") nd = "-"
            print kind, ex, nd, NR, attr("file") > (name ".head")
            printf "" > (name ".body")
        }
        next
    }
    inblock && /^```[ \t]*$/ { inblock = 0; kind = ""; next }
    inblock && kind != "" { print > (name ".body") }
' "$md"

cd "$tmp/work" || exit 2
ran=0 compared=0 written=0 skipped=0 fail=0
where() { echo "tutorial: ${md#"$root"/}:$1:"; }

# needs FEATURE: whether the program has it.
needs() {
    case $1 in
        -) return 0 ;;
        html) wozorules check --help 2>/dev/null | grep -qw html ;;
        *) wozorules help "$1" >/dev/null 2>&1 ;;
    esac
}

# run LINE EXIT COMMAND EXPECTED-FILE|-: runs COMMAND in this shell.
run() {
    line=$1 want_exit=$2 cmd=$3 want=$4
    ran=$((ran + 1))
    eval "$cmd" >"$tmp/out" 2>&1 </dev/null
    got_exit=$?
    if [ "$got_exit" != "$want_exit" ]; then
        echo "$(where "$line") \`$cmd\` exited $got_exit, the tutorial expects $want_exit:"
        head -n 20 "$tmp/out"
        fail=$((fail + 1))
        return
    fi
    if [ "$want" != - ]; then
        compared=$((compared + 1))
        if ! cmp -s "$want" "$tmp/out"; then
            echo "$(where "$line") \`$cmd\` printed something else than the tutorial shows (- tutorial, + actual):"
            diff -u "$want" "$tmp/out" | tail -n +3 | head -n 40
            fail=$((fail + 1))
        fi
    fi
}

for head in "$tmp"/blocks/*.head; do
    [ -e "$head" ] || break
    body=${head%.head}.body
    read -r kind want_exit need line file <"$head"
    if ! needs "$need"; then
        skipped=$((skipped + 1))
        echo "tutorial: SKIP the block at line $line: this wozorules has no '$need' yet"
        continue
    fi
    case $kind in
        file)
            mkdir -p "$(dirname "$file")"
            cp "$body" "$file"
            written=$((written + 1))
            ;;
        sh)
            n=0
            while IFS= read -r cmd || [ -n "$cmd" ]; do
                n=$((n + 1))
                [ -z "$cmd" ] && continue
                run $((line + n)) "$want_exit" "$cmd" -
            done <"$body"
            ;;
        console)
            # Split into commands and their expected outputs.
            n=0 k=0 cmdline=0
            : >"$tmp/cmds"
            while IFS= read -r l || [ -n "$l" ]; do
                n=$((n + 1))
                case $l in
                    '$ '*)
                        k=$((k + 1))
                        printf '%s\t%s\n' $((line + n)) "${l#\$ }" >>"$tmp/cmds"
                        : >"$tmp/want.$k"
                        ;;
                    *)
                        [ "$k" = 0 ] && { echo "$(where $((line + n))) output before the first '\$ ' command"; fail=$((fail + 1)); continue; }
                        printf '%s\n' "$l" >>"$tmp/want.$k"
                        ;;
                esac
            done <"$body"
            k=0
            while IFS="$(printf '\t')" read -r cmdline cmd; do
                k=$((k + 1))
                run "$cmdline" "$want_exit" "$cmd" "$tmp/want.$k"
            done <"$tmp/cmds"
            ;;
    esac
done

echo "tutorial: $ran commands run, $compared outputs compared, $written files written, $skipped blocks skipped, $fail failures"
if [ "$ran" -lt 5 ]; then
    echo "tutorial: fewer than 5 commands found in $md: are the blocks marked 'tutorial'?"
    exit 1
fi
[ "$fail" = 0 ]
