#!/bin/sh
# The limits whose boundary inputs are too large or too odd for a golden
# case, each at the limit and one past it (docs/reliability.md has the table
# of every limit and where each is tested):
#
#   - a piece of text between escapes of 65536 bytes is read, one of 65537
#     is refused (E013);
#   - Bison's parser stack (YYMAXDEPTH, 10000): 9984 'not' in a row are
#     parsed (and refused as an expression deeper than 200, E014), 9985
#     overflow the stack (E014, "open constructs");
#   - the budget of 2,000,000 row comparisons for W002: a repeated row is
#     found as the 2000th row of a table, not as the 2001st, where a W002
#     says once that the check stopped there (naming the criterion); a
#     second table after the budget is spent adds no message;
#   - the line of a value read from data is kept up to 16,777,215: a value
#     on that line is placed there, one on line 16,777,216 is shown on line
#     16,777,215;
#   - a FIFO or a device given as a data file, or named as one by a rule
#     file, is refused (E002) without being opened for reading.
#
#   sh tests/limits-edge.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C TZ=UTC NO_COLOR=1
pass=0
fail=0

# expect NAME EXIT WANT-STDERR WANT-STDOUT -- ARGS...: runs the binary in
# $tmp (at most 60 seconds) and compares its exit status, standard error and
# standard output byte for byte. A WANT-STDOUT of '*' is not compared.
expect() {
    name=$1 want_exit=$2 want_err=$3 want_out=$4
    shift 5
    (cd "$tmp" && timeout 60 "$bin" "$@" >out 2>err </dev/null; echo $? >status)
    printf '%s' "$want_err" >"$tmp/want_err"
    printf '%s' "$want_out" >"$tmp/want_out"
    if [ "$want_out" = '*' ]; then cp "$tmp/out" "$tmp/want_out"; fi
    if [ "$(cat "$tmp/status")" = "$want_exit" ] && cmp -s "$tmp/want_err" "$tmp/err" &&
        cmp -s "$tmp/want_out" "$tmp/out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $(cat "$tmp/status"), expected $want_exit)"
        diff -u "$tmp/want_err" "$tmp/err" | cut -c1-200 | head -20
        diff -u "$tmp/want_out" "$tmp/out" | cut -c1-200 | head -10
    fi
}

# rep STR COUNT: STR repeated COUNT times (no newline).
rep() {
    awk -v s="$1" -v n="$2" 'BEGIN { r = ""; for (i = 0; i < n; i++) r = r s; printf "%s", r }'
}

HEAD='scale verdict { ok < bad < worse }
kind item { n: number }
item a { n: 1 }
criterion c for item i {'

# ---- a piece of text between escapes: 65536 bytes ----
{ echo "$HEAD"; printf '  when i.n > 0 => bad "'; rep x 65536; printf '"\n  otherwise => ok\n}\n'; } >"$tmp/text.wozo"
expect text-at-limit 0 '' '*' -- check --no-prelude text.wozo
{ echo "$HEAD"; printf '  when i.n > 0 => bad "'; rep x 65537; printf '"\n  otherwise => ok\n}\n'; } >"$tmp/text.wozo"
expect text-over-limit 2 "text.wozo:5:24: error[E013]: text is longer than 65536 bytes
5 |   when i.n > 0 => bad \"$(rep x 137)...
  |                        ^$(rep '~' 137)
1 error, 0 warnings
" '' -- check --no-prelude text.wozo
# Escapes end a piece: 65536 bytes on either side of one are read.
{ echo "$HEAD"; printf '  when i.n > 0 => bad "'; rep x 65536; printf '\\n'; rep x 65536; printf '"\n  otherwise => ok\n}\n'; } >"$tmp/text.wozo"
expect text-pieces-at-limit 0 '' '*' -- check --no-prelude text.wozo

# ---- Bison's stack: 'not' after 'when' ----
nots() {
    { echo "$HEAD"; printf '  when '; rep 'not ' "$1"; printf 'true => bad\n  otherwise => ok\n}\n'; } >"$tmp/nots.wozo"
}
# The line of 'not's is longer than a message shows (160 characters): the
# window shown is cut from the file itself. cols FROM TO: those columns of
# line 5.
cols() { sed -n 5p "$tmp/nots.wozo" | cut -c "$1-$2"; }
nots 9984   # the 201st 'not' from the inside, at column 39144, is too deep
expect bison-stack-at-limit 2 "nots.wozo:5:39144: error[E014]: expression nested too deeply (more than 200 levels)
5 | ...$(cols 39104 39263)...
  |    $(rep ' ' 40)^$(rep '~' 120)
  = hint: split the expression with 'let'
1 error, 0 warnings
" '' -- check --no-prelude nots.wozo
nots 9985   # 'true', at column 39948, finds the stack full
expect bison-stack-over-limit 2 "nots.wozo:5:39948: error[E014]: nesting too deep (more than 10000 open constructs)
5 | ...$(cols 39799 39958)
  |    $(rep ' ' 149)^~~~
  = hint: split the expression with 'let'
1 error, 0 warnings
" '' -- check --no-prelude nots.wozo

# ---- W002's budget of row comparisons ----
# rows N: a table of N rows, the last repeating the first, then otherwise.
rows() {
    awk -v n="$1" 'BEGIN { print "scale verdict { ok < bad < worse }"; print "kind item { n: number }"; print "item a { n: 1 }"
                           print "criterion c for item i {"
                           for (i = 1; i < n; i++) printf "  when i.n == %d => bad\n", i
                           print "  when i.n == 1 => bad"; print "  otherwise => ok"; print "}" }' >"$tmp/rows.wozo"
}
rows 2000
expect rows-budget-at-limit 0 'rows.wozo:2004:8: warning[W002]: this row can never match
2004 |   when i.n == 1 => bad
     |        ^~~~~~~~
rows.wozo:5:8: note: every case it matches is already matched here
   5 |   when i.n == 1 => bad
     |        ~~~~~~~~
0 errors, 1 warning
' '*' -- check --no-prelude rows.wozo
rows 2001
expect rows-budget-over-limit 0 "rows.wozo:2005:8: warning[W002]: rows from here on in criterion 'c' were not checked for rows that can never match
2005 |   when i.n == 1 => bad
     |        ^~~~~~~~
     = hint: the check stops after 2000000 comparisons of a row with a row above it; the rest of this table, and any table after it, were not compared
0 errors, 1 warning
" '*' -- check --no-prelude rows.wozo
# Said once: a second criterion with a repeated row, after the budget ran
# out, is not compared and not mentioned.
printf 'criterion d for item i {\n  when i.n == 1 => bad\n  when i.n == 1 => bad\n  otherwise => ok\n}\n' >>"$tmp/rows.wozo"
expect rows-budget-over-limit-once 0 "rows.wozo:2005:8: warning[W002]: rows from here on in criterion 'c' were not checked for rows that can never match
2005 |   when i.n == 1 => bad
     |        ^~~~~~~~
     = hint: the check stops after 2000000 comparisons of a row with a row above it; the rest of this table, and any table after it, were not compared
0 errors, 1 warning
" '*' -- check --no-prelude rows.wozo

# ---- the line of a value read from data ----
cat >"$tmp/big.wozo" <<'EOF'
scale verdict { ok < bad < worse }
kind row { n: number }
dataset rows: list of row from "big.yaml"
criterion c for row r in rows {
  when r.n > 1 => bad
  otherwise => ok
}
EOF
# bigdata LINE: the value 'n: 5' on line LINE, comments before it.
bigdata() {
    { printf -- '- id: a\n'; yes '#' | head -n $(($1 - 2)); printf '  n: 5\n'; } >"$tmp/big.yaml"
}
bigdata 16777215
expect data-line-at-limit 0 '' 'bad: 1 finding
  c/a
    rule  big.wozo:5:3  (c)
    data  big.yaml:16777215:6  rows[0].n = 5

1 finding: 1 bad (0 worse)
' -- check --no-prelude big.wozo
# Past the limit the line is stored as 16777215 without a column: reports
# print "big.yaml:16777215" (no column), and a note says "or later" and
# shows no source line (line 16777215 is not the one).
bigdata 16777216
expect data-line-over-limit 0 '' 'bad: 1 finding
  c/a
    rule  big.wozo:5:3  (c)
    data  big.yaml:16777215  rows[0].n = 5

1 finding: 1 bad (0 worse)
' -- check --no-prelude big.wozo
sed 's|r.n > 1|r.n * 9223372036854775807 > 1|' "$tmp/big.wozo" >"$tmp/big-over.wozo"
expect data-line-over-limit-note 2 'big-over.wozo:5:8: error[E102]: the result is too large to compute exactly
5 |   when r.n * 9223372036854775807 > 1 => bad
  |        ^~~~~~~~~~~~~~~~~~~~~~~~~
  = hint: numbers are exact fractions of 64-bit whole numbers; a result beyond that is not rounded but refused
big.yaml:16777215: note: the value 5 is read here (line 16777215 or later)
  = note: while evaluating criterion '"'"'c'"'"' for '"'"'a'"'"'
1 error, 0 warnings
' '*' -- check --no-prelude big-over.wozo
rm -f "$tmp/big.yaml"

# ---- a FIFO or a device as a data file ----
cat >"$tmp/k.wozo" <<'EOF'
scale verdict { ok < bad < worse }
kind item { n: number }
dataset items: list of item from "items.yaml"
criterion c for item i in items { otherwise => ok }
EOF
mkfifo "$tmp/pipe.yaml"
expect data-fifo 2 'pipe.yaml: error[E002]: is a pipe, not a regular file
  = hint: the file was given with --data items=...
1 error, 0 warnings
' '' -- check --no-prelude k.wozo --data items=pipe.yaml
expect data-device 2 '/dev/zero: error[E002]: is a device, not a regular file
  = hint: the file was given with --data items=...
1 error, 0 warnings
' '' -- check --no-prelude k.wozo --data items=/dev/zero
mkdir "$tmp/r"
cp "$tmp/k.wozo" "$tmp/r/k.wozo"
mkfifo "$tmp/r/items.yaml"
expect data-fifo-named-by-rules 2 'r/k.wozo:3:34: error[E002]: data file r/items.yaml: is a pipe, not a regular file
3 | dataset items: list of item from "items.yaml"
  |                                  ^~~~~~~~~~~~
  = hint: a path in a rule file is relative to that file'"'"'s folder
1 error, 0 warnings
' '' -- check --no-prelude r
# A FIFO given to every command that reads rule files.
mkfifo "$tmp/pipe.wozo"
for cmd in "fmt" "fmt --check" "fmt --write" "test" "debug-ast"; do
    # shellcheck disable=SC2086
    expect "$cmd-fifo" 2 'pipe.wozo: error[E002]: is a pipe, not a regular file
1 error, 0 warnings
' '' -- $cmd pipe.wozo
done

echo "limits-edge: $pass passed, $fail failed"
[ "$fail" = 0 ]
