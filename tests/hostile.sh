#!/bin/sh
# Hostile input of at most 1 MiB ends within 1 second, using at most 64 MiB
# of memory, with a message and exit status 2 (or a report: 0 or 1), never
# a crash, a hang or a sanitizer report.
#
#   sh tests/hostile.sh BINARY
#
# Each input is generated here (docs/reliability.md lists them): rule files
# of deep nesting, long tokens, many errors, huge numbers, long lines and
# many declarations, and YAML files of deep nesting (a million '['), aliases
# (billion laughs), long scalars, many documents, many keys and many tiny
# rows, read as the dataset of a small rules file.
#
# Time and memory are measured with /usr/bin/time -v: the processor time
# (user + system, which other work on the machine does not inflate) must
# stay within 1 second and the maximum resident set size within 64 MiB. A
# binary built with AddressSanitizer is slower and bigger by design: with
# one the limits are printed but not enforced (the sanitizer still checks
# every access).
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1
MAX_BYTES=1048576
MAX_CPU=1.00      # seconds of processor time
MAX_KB=65536      # 64 MiB
limits=1
if grep -q __asan_init "$bin" 2>/dev/null; then
    limits=0
    echo "hostile: $bin is built with AddressSanitizer: limits printed, not enforced"
fi
[ -x /usr/bin/time ] || { echo "hostile: /usr/bin/time is missing (Debian package 'time'; make deps)"; exit 1; }
fail=0
n=0

# rep STR COUNT: STR repeated COUNT times (no newline), quickly.
rep() {
    awk -v s="$1" -v n="$2" 'BEGIN {
        if (n <= 0) exit
        r = s; while (length(r) < n * length(s)) r = r r
        printf "%s", substr(r, 1, n * length(s))
    }'
}

# fill FILE PREFIX STR SUFFIX: PREFIX, STR repeated, SUFFIX, of at most
# 1 MiB in all.
fill() {
    f=$1 pre=$2 s=$3 suf=$4
    room=$((MAX_BYTES - ${#pre} - ${#suf}))
    { printf '%s' "$pre"; rep "$s" $((room / ${#s})); printf '%s' "$suf"; } >"$f"
}

# run NAME ARGS...: runs the binary in $tmp under /usr/bin/time -v and
# checks the limits and the outcome.
run() {
    name=$1
    shift
    n=$((n + 1))
    (cd "$tmp" && /usr/bin/time -v -o time.txt timeout 10 "$bin" "$@" >out.txt 2>err.txt </dev/null
     echo $? >status.txt)
    s=$(cat "$tmp/status.txt")
    user=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$tmp/time.txt")
    sys=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$tmp/time.txt")
    kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
    cpu=$(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')
    size=0  # the size of the input: the rule file, or the data file
    for a in "$@"; do
        a=${a#*=}
        case "$a" in *.yaml) size=0 ;; esac
        [ -f "$tmp/$a" ] && size=$((size + $(wc -c <"$tmp/$a")))
    done
    why=
    case "$s" in
        0|1|2) ;;
        124) why="no end within 10 seconds" ;;
        *) why="exit status $s" ;;
    esac
    if grep -q -e 'Sanitizer' -e 'runtime error:' "$tmp/err.txt"; then why="$why sanitizer report;"; fi
    if [ "$s" = 2 ] && ! grep -q 'error' "$tmp/err.txt"; then why="$why exit 2 without a message;"; fi
    if [ $limits = 1 ]; then
        if awk -v c="$cpu" -v m="$MAX_CPU" 'BEGIN { exit !(c > m) }'; then why="$why $cpu s of processor time;"; fi
        if [ "${kb:-0}" -gt $MAX_KB ]; then why="$why $kb KB of memory;"; fi
    fi
    printf '  %-32s %8d bytes  %5s s  %6s KB  exit %s\n' "$name" "$size" "$cpu" "$kb" "$s"
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        tail -3 "$tmp/err.txt"
        fail=$((fail + 1))
    fi
}

# ---- rule files ----
rules() {  # rules NAME FILE-ALREADY-WRITTEN: check it without the prelude
    run "$1" check --no-prelude "$2"
}
V='scale verdict { ok < bad }
kind item { n: number }
item a { n: 1 }
criterion c for item i {
  when '
W=' => bad
  otherwise => ok
}
'
fill "$tmp/parens.wozo" "$V" '(' "1$W";                     rules 'a million (' parens.wozo
fill "$tmp/parens_closed.wozo" "$V" '((((((((((1))))))))))+' "1$W"; rules 'nested (), 10 deep, repeated' parens_closed.wozo
fill "$tmp/brackets.wozo" "$V" '[' "1$W";                   rules 'a million [' brackets.wozo
fill "$tmp/braces.wozo" 'item b ' '{ ' '';                  rules 'a million {' braces.wozo
fill "$tmp/interp.wozo" "$V" '"{' "1$W";                    rules 'text in {} in text, deep' interp.wozo
fill "$tmp/not.wozo" "$V" 'not ' "true$W";                  rules 'not not not ...' not.wozo
fill "$tmp/minus.wozo" "$V" '- ' "1 > 0$W";                 rules '- - - ... (unary)' minus.wozo
fill "$tmp/plus.wozo" "$V" '1 + ' "1 > 0$W";                rules '1 + 1 + ... (left-deep)' plus.wozo
fill "$tmp/and.wozo" "$V" 'true and ' "true$W";             rules 'true and true and ...' and.wozo
fill "$tmp/pow.wozo" "$V" 'i.n * ' "1 > 0$W";               rules 'i.n * i.n * ... (overflow)' pow.wozo
fill "$tmp/field.wozo" "$V" 'i.' "n > 0$W";                 rules 'i.i.i.i... (field chain)' field.wozo
fill "$tmp/index.wozo" "$V" '[1]' " > 0$W";                 rules '[1][1][1]... (index chain)' index.wozo
fill "$tmp/name.wozo" 'kind ' 'a' ' { }';                   rules 'a name of 1 MiB' name.wozo
# A dataset path of many folders and as many '..': each '..' may ask the
# system whether its folder is a symbolic link (lang/resolve.c), which must
# not cost the whole path each time. Within the 64 KiB of a text, and past it.
{ printf 'kind k { n: number }\ndataset xs: list of k from "'; rep 'a/' 10900; rep '../' 10900; printf 'x.yaml"\n'; } >"$tmp/dotdot.wozo"
rules 'a data path of 10900 folders and 10900 ..' dotdot.wozo
fill "$tmp/dotdot_big.wozo" 'kind k { n: number }
dataset xs: list of k from "' 'a/../' 'x.yaml"'; rules 'a data path of 200000 a/.. (1 MiB)' dotdot_big.wozo
fill "$tmp/text.wozo" 'scale s "' 'x' '" { a }';            rules 'a text of 1 MiB' text.wozo
fill "$tmp/number.wozo" 'kind k { n: number }
k a { n: ' '9' ' }';                                         rules 'a number of 1 MiB digits' number.wozo
fill "$tmp/decimals.wozo" 'kind k { n: number }
k a { n: 0.' '1' ' }';                                       rules 'a number of 1 MiB decimals' decimals.wozo
fill "$tmp/errors.wozo" 'kind k { n: number }
k a { n: ' '@ ' ' }';                                        rules 'half a million errors on a line' errors.wozo
fill "$tmp/errlines.wozo" '' 'k a { n: @ }
' '';                                                       rules 'an error on every line' errlines.wozo
fill "$tmp/syntax.wozo" '' 'scale { }
' '';                                                       rules 'a syntax error on every line' syntax.wozo
fill "$tmp/unknown.wozo" 'scale verdict { ok < bad }
' 'criterion c for nokind x { otherwise => ok }
' '';                                                       rules 'an unknown name on every line' unknown.wozo
fill "$tmp/comment.wozo" '# ' 'x' '';                       rules 'a comment of 1 MiB' comment.wozo
fill "$tmp/newlines.wozo" '' '
' 'scale s { a }';                                          rules 'a million empty lines' newlines.wozo
fill "$tmp/cr.wozo" '' "$(printf '\r')" 'scale s { a }';   rules 'a million lone CR' cr.wozo
fill "$tmp/control.wozo" '# ' "$(printf '\001')" '';        rules 'a million control characters' control.wozo
fill "$tmp/badutf8.wozo" 'scale s { a }
# ' "$(printf '\351')" '';                                   rules 'a million invalid bytes' badutf8.wozo
fill "$tmp/bidi.wozo" 'scale s "' "$(printf '\342\200\256')" '" { a }'; rules 'a million bidi controls' bidi.wozo
fill "$tmp/nul.wozo" 'scale s { a }
' 'x' '';                                                    # NUL bytes are added below
tr 'x' '\000' <"$tmp/nul.wozo" >"$tmp/nul2.wozo";           rules 'a million NUL bytes' nul2.wozo
i=0; : >"$tmp/scales.wozo"
awk 'BEGIN { for (i = 0; ; i++) { l = sprintf("scale s%d { a < b < c }\n", i); t += length(l); if (t > 1048576) break; printf "%s", l } }' >"$tmp/scales.wozo"
rules 'forty thousand scales' scales.wozo
awk 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { n: number }"; t = 60
             for (i = 0; ; i++) { l = sprintf("item i%d { n: %d }\n", i, i); t += length(l); if (t > 1000000) break; printf "%s", l }
             print "criterion c for item i { when i.n > 10 => bad otherwise => ok }" }' >"$tmp/things.wozo"
run 'fifty thousand things, evaluated' check --no-prelude things.wozo
awk 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { n: number }"; print "item a { n: 1 }"
             printf "criterion c for item i {\n"; t = 100
             for (i = 0; ; i++) { l = sprintf("  let x%d = i.n + %d\n", i, i); t += length(l); if (t > 1000000) break; printf "%s", l }
             print "  otherwise => ok\n}" }' >"$tmp/lets.wozo"
rules 'thirty thousand lets' lets.wozo
awk 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { n: number }"; print "item a { n: 1 }"
             printf "criterion c for item i {\n"; t = 100
             for (i = 0; ; i++) { l = sprintf("  when i.n == %d => bad\n", i); t += length(l); if (t > 1000000) break; printf "%s", l }
             print "  otherwise => ok\n}" }' >"$tmp/rows.wozo"
rules 'forty thousand rows' rows.wozo
awk 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { }"; print "item a"; t = 50
             for (i = 0; ; i++) { l = sprintf("criterion c%d for item i { when verdict(c%d, i) == ok => bad otherwise => ok }\n", i, i + 1); t += length(l); if (t > 1000000) break; printf "%s", l }
             printf "criterion c%d for item i { otherwise => ok }\n", i }' >"$tmp/chain.wozo"
rules 'a chain of 10000 criteria' chain.wozo
awk 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { }"; print "item a"; t = 50
             for (i = 0; ; i++) { l = sprintf("function f%d(x: number): number = f%d(x) + 1\n", i, i + 1); t += length(l); if (t > 1000000) break; printf "%s", l }
             printf "function f%d(x: number): number = x\n", i
             print "criterion c for item i { when f0(1) > 0 => bad otherwise => ok }" }' >"$tmp/calls.wozo"
rules 'a chain of 20000 function calls' calls.wozo
awk 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { }"; print "item a"
             print "criterion c for item i { when verdict(c, i) == ok => bad otherwise => ok }" }' >"$tmp/cycle.wozo"
rules 'a criterion that uses itself' cycle.wozo

# ---- data files, read as the dataset of a small rules file ----
cat >"$tmp/kinds.wozo" <<'EOF'
scale verdict { ok < bad }
scale level { low < mid < high }
kind topic { }
topic care
kind region {
  name: text
  population: number
  status: level
  topics: map of topic to level
  tags: list of text
  note: text?
}
kind node {
  kids: list of node?
}
dataset regions: list of region from "regions.yaml"
dataset tree: node from "tree.yaml"
criterion big for region r in regions {
  when r.population > 1000 => bad
  otherwise => ok
}
EOF
echo '[]' >"$tmp/regions.yaml"
echo 'kids: []' >"$tmp/tree.yaml"
data() {  # data NAME DATASET FILE
    run "$1" check --no-prelude kinds.wozo --data "$2=$3"
}
fill "$tmp/open.yaml" '' '[' '';                            data 'a million [' regions open.yaml
fill "$tmp/openmap.yaml" '' '{kids: ' '';                   data 'a million {kids: ' tree openmap.yaml
fill "$tmp/dashes.yaml" '' '- ' '';                         data 'a million - (block nesting)' regions dashes.yaml
awk 'BEGIN { t = 0; for (i = 0; ; i++) { l = sprintf("%*skids:\n", 2 * i, ""); t += length(l) + 2; if (t > 1048576) break; printf "%s", l } }' >"$tmp/indent.yaml"
data 'mappings nested by indentation' tree indent.yaml
{ printf -- '- &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
  p=a
  for l in b c d e f g h i; do printf -- '- &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $l $p $p $p $p $p $p $p $p $p; p=$l; done
} >"$tmp/laughs.yaml"
data 'billion laughs' regions laughs.yaml
fill "$tmp/aliases.yaml" '- &a {name: x}
' '- *a
' '';                                                       data 'a million aliases' regions aliases.yaml
fill "$tmp/self.yaml" '' '&a [*a, ' ']';                    data 'self-referencing anchors' regions self.yaml
fill "$tmp/longscalar.yaml" '- name: ' 'x' '';              data 'a scalar of 1 MiB' regions longscalar.yaml
fill "$tmp/longnumber.yaml" '- population: ' '9' '';        data 'a number of 1 MiB digits' regions longnumber.yaml
fill "$tmp/docs.yaml" '' '---
' '';                                                       data 'a quarter million documents' regions docs.yaml
fill "$tmp/keys.yaml" '- ' 'k: 1
  ' '';                                                     data 'two hundred thousand unknown keys' regions keys.yaml
awk 'BEGIN { t = 0; for (i = 0; ; i++) { l = sprintf("- {id: r%d, name: n, population: %d, status: low, topics: {care: mid}, tags: [a]}\n", i, i); t += length(l); if (t > 1048576) break; printf "%s", l } }' >"$tmp/rows.yaml"
data 'ten thousand small records' regions rows.yaml
awk 'BEGIN { t = 0; for (i = 0; ; i++) { l = sprintf("- {id: r%d, name: n, population: x, status: hihg, topics: {kare: mid}, tags: 1}\n", i); t += length(l); if (t > 1048576) break; printf "%s", l } }' >"$tmp/wrong.yaml"
data 'ten thousand wrong records' regions wrong.yaml
fill "$tmp/tags.yaml" '' '- !!str ' 'x';                    data 'a tag on every node' regions tags.yaml
fill "$tmp/anchors.yaml" '' '- &x ' 'x';                    data 'an anchor on every node' regions anchors.yaml
fill "$tmp/ycontrol.yaml" '- name: "' "$(printf '\001')" '"'; data 'a million control characters' regions ycontrol.yaml
fill "$tmp/ybad.yaml" '- name: ' "$(printf '\351')" '';    data 'a million invalid bytes' regions ybad.yaml
fill "$tmp/ydup.yaml" '- ' 'name: x
  ' '';                                                     data 'a key repeated 100000 times' regions ydup.yaml

echo "hostile: $n inputs of at most 1 MiB, $fail failed"
[ "$fail" = 0 ]
