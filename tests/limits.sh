#!/bin/sh
# The limits whose inputs are too large for a golden case, each at the
# limit and one past it (docs/reliability.md has the table of every limit
# and where each is tested):
#
#   - a data file of 1 GiB (sparse: no disk space is used) is read, one of
#     1 GiB + 1 byte is refused before anything is read (E211);
#   - 65535 datasets are accepted, 65536 refused (E003): a value records its
#     dataset in 16 bits;
#   - a rules folder of 100000 rule files is read, one of 100001 refused
#     (E003).
# (The size of a rule file and the depth of folders are in
# tests/run-special.sh.)
#
#   sh tests/limits.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1
pass=0
fail=0

# expect NAME EXIT WANT-STDERR WANT-STDOUT -- ARGS...: runs the binary in
# $tmp and compares its exit status, standard error and standard output.
expect() {
    name=$1 want_exit=$2 want_err=$3 want_out=$4
    shift 5
    (cd "$tmp" && "$bin" "$@" >out 2>err </dev/null; echo $? >status)
    printf '%s' "$want_err" >"$tmp/want_err"
    printf '%s' "$want_out" >"$tmp/want_out"
    if [ "$(cat "$tmp/status")" = "$want_exit" ] && cmp -s "$tmp/want_err" "$tmp/err" &&
        cmp -s "$tmp/want_out" "$tmp/out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $(cat "$tmp/status"), expected $want_exit)"
        diff -u "$tmp/want_err" "$tmp/err" | head -20
        diff -u "$tmp/want_out" "$tmp/out" | head -10
    fi
}

# ---- data file size ----
cat >"$tmp/kinds.wozo" <<'EOF'
scale verdict { ok < bad }
kind item { n: number }
dataset items: list of item from "items.yaml"
criterion c for item i in items { otherwise => ok }
EOF
truncate -s 1073741824 "$tmp/at-limit.yaml"
# Read: its first byte (NUL, as the whole sparse file) is a YAML error, and
# the message shows the start of its one line of 1 GiB without reading the
# file into memory (lang/source.c).
expect data-at-limit 2 "at-limit.yaml:1:1: error[E201]: control characters are not allowed (U+0000)
1 | $(printf '\357\277\275%.0s' $(seq 1 160))...
  | ^
  = hint: YAML files may not contain control characters such as NUL; remove it
1 error, 0 warnings
" '' -- check --no-prelude kinds.wozo --data items=at-limit.yaml
truncate -s 1073741825 "$tmp/too-large.yaml"
expect data-over-limit 2 'too-large.yaml: error[E211]: is larger than 1024 MiB
  = hint: a data file may hold at most 1024 MiB
1 error, 0 warnings
' '' -- check --no-prelude kinds.wozo --data items=too-large.yaml
rm -f "$tmp/at-limit.yaml" "$tmp/too-large.yaml"

# ---- number of datasets ----
datasets() {  # datasets N: a rule file declaring N datasets
    awk -v n="$1" 'BEGIN { print "scale verdict { ok < bad }"; print "kind item { n: number }"
                           for (i = 0; i < n; i++) printf "dataset d%d: list of item from \"d.yaml\"\n", i }'
}
echo '[]' >"$tmp/d.yaml"
datasets 65535 >"$tmp/datasets.wozo"
expect datasets-at-limit 0 '' '0 findings
' -- check --no-prelude --no-warnings datasets.wozo
datasets 65536 >"$tmp/datasets.wozo"
expect datasets-over-limit 2 'datasets.wozo:65538:9: error[E003]: more than 65535 datasets
65538 | dataset d65535: list of item from "d.yaml"
      |         ^~~~~~
1 error, 0 warnings
' '' -- check --no-prelude --no-warnings datasets.wozo
rm -f "$tmp/datasets.wozo"

# ---- the Markdown report: at most 65,536 characters (a GitHub comment) ----
# N one-line findings (also with --lang en; with a verdict table of N rows;
# with N evaluation errors): the document stays within 65,000 bytes; when
# findings are cut, the last line before the footer counts those not listed,
# and listed + not listed = all.
cat >"$tmp/md.wozo" <<'EOF'
scale verdict { ok < bad }
kind item { n: number }
dataset items: list of item from "md.yaml"
criterion c "Items" for item i in items {
  when i.n > 0 => bad "item {i.id} has a number above zero: {i.n}"
  otherwise => ok
}
EOF
{ cat "$tmp/md.wozo"; printf 'criterion d "Again" for item i in items {\n  when i.n > 0 => bad "again {i.n}"\n  otherwise => ok\n}\n'; } >"$tmp/md2.wozo"
printf 'scale verdict { ok < bad }\nkind item { n: number }\ndataset items: list of item from "md.yaml"\ncriterion c for item i in items {\n  when i.n / (i.n - i.n) > 0 => bad "x"\n  otherwise => ok\n}\n' >"$tmp/md3.wozo"
# md_expect NAME RULES N WANT-EXIT WANT-MORE [ARGS...]: WANT-MORE is "cut"
# (a line counting the findings not listed), "none" (every finding listed)
# or "end" (the document cut at a line: errors).
md_expect() {
    name=$1 rules=$2 n=$3 want_exit=$4 want_more=$5
    shift 5
    seq 1 "$n" | awk '{print "- id: item" $1 "\n  n: " $1}' >"$tmp/md.yaml"
    (cd "$tmp" && "$bin" check --no-prelude "$rules" --format markdown "$@" >md.out 2>/dev/null </dev/null; echo $? >status)
    bytes=$(wc -c <"$tmp/md.out")
    listed=$(grep -c '^- `[cd]/' "$tmp/md.out")
    total=$(grep -o '[0-9]* \(bevindingen\|findings\) ·' "$tmp/md.out" | head -1 | cut -d' ' -f1)
    more=$(sed -n 's/^\*… \(en nog\|and\) \([0-9]*\) \(bevinding\|more finding\).*/\2/p' "$tmp/md.out")
    ok=1
    [ "$(cat "$tmp/status")" = "$want_exit" ] || ok=0
    [ "$bytes" -le 65000 ] || ok=0
    tail -1 "$tmp/md.out" | grep -q '^\(Gemaakt met\|Made with\) wozorules' || ok=0
    case $want_more in
        cut) [ -n "$more" ] && [ "$listed" -gt 0 ] && [ $((listed + more)) = "$total" ] || ok=0 ;;
        none) [ -z "$more" ] && [ "$listed" = "$total" ] || ok=0 ;;
        end) grep -q '^\*…\* (' "$tmp/md.out" || ok=0 ;;
    esac
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $(cat "$tmp/status"), $bytes bytes, $listed listed, '$more' more of '$total')"
        tail -5 "$tmp/md.out"
    fi
}
md_expect markdown-100 md.wozo 100 1 none
md_expect markdown-1000 md.wozo 1000 1 cut
md_expect markdown-1000-en md.wozo 1000 1 cut --lang en
md_expect markdown-5000 md.wozo 5000 1 cut
md_expect markdown-5000-tables md2.wozo 5000 1 cut
md_expect markdown-5000-errors md3.wozo 5000 2 end

# ---- diff's Markdown: at most 60,000 bytes, also with long rows ----
# N findings whose message (LEN bytes) changes between old and new: fewer
# rows until the comment fits, down to none (a single row of two 40,000-byte
# messages is over the limit alone); the counts stay complete and
# listed + "... and N more" = N.
diff_md_expect() {
    name=$1 n=$2 len=$3
    rm -rf "$tmp/dm" && mkdir -p "$tmp/dm/old" "$tmp/dm/new"
    long=$(head -c "$len" /dev/zero | tr '\0' 'x')
    for side in old new; do
        printf 'scale verdict { ok < bad }\nkind item { n: number }\ndataset items: list of item from "../items.yaml"\ncriterion c "Items" for item i in items {\n  when i.n > 0 => bad "%s %s {i.id}"\n  otherwise => ok\n}\n' "$side" "$long" >"$tmp/dm/$side/r.wozo"
    done
    seq 1 "$n" | awk '{print "- id: item" $1 "\n  n: " $1}' >"$tmp/dm/items.yaml"
    (cd "$tmp/dm" && "$bin" diff --no-prelude old new --format markdown >md.out 2>err; echo $? >status)
    bytes=$(wc -c <"$tmp/dm/md.out")
    listed=$(grep -c '^| `c/' "$tmp/dm/md.out")
    more=$(sed -n 's/^… and \([0-9]*\) more (see.*/\1/p' "$tmp/dm/md.out")
    ok=1
    [ "$(cat "$tmp/dm/status")" = 1 ] || ok=0
    [ "$bytes" -le 60000 ] || ok=0
    grep -q "^| changed | $n |\$" "$tmp/dm/md.out" || ok=0
    grep -q '^</details>$' "$tmp/dm/md.out" || ok=0
    [ $((listed + ${more:-0})) = "$n" ] || ok=0
    [ -s "$tmp/dm/err" ] && ok=0
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $(cat "$tmp/dm/status"), $bytes bytes, $listed listed, '$more' more of $n)"
    fi
}
diff_md_expect diff-markdown-short 10 100
diff_md_expect diff-markdown-long-rows 10 20000
diff_md_expect diff-markdown-one-row-too-long 3 40000

# ---- number of rule files ----
# (In memory when /dev/shm is there: 100,000 files on a busy disk take long.)
many=$tmp
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    many=$(mktemp -d /dev/shm/wozo-limits.XXXXXX)
    trap 'rm -rf "$tmp" "$many"' EXIT INT TERM
fi
mkdir "$many/rules"
(cd "$many/rules" && seq -f 'f%06g.wozo' 1 100000 | xargs touch)
ln -s "$many/rules" "$tmp/rules"
expect files-at-limit 0 '' '0 findings
' -- check --no-prelude rules
touch "$many/rules/f100001.wozo"
expect files-over-limit 2 'rules: error[E003]: more than 100000 rule files
1 error, 0 warnings
' '' -- check --no-prelude rules

echo "limits: $pass passed, $fail failed"
[ "$fail" = 0 ]
