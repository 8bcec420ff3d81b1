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
expect datasets-at-limit 0 '' '0 findings (0 at the top of the scale)
' -- check --no-prelude --no-warnings datasets.wozo
datasets 65536 >"$tmp/datasets.wozo"
expect datasets-over-limit 2 'datasets.wozo:65538:9: error[E003]: more than 65535 datasets
65538 | dataset d65535: list of item from "d.yaml"
      |         ^~~~~~
1 error, 0 warnings
' '' -- check --no-prelude --no-warnings datasets.wozo
rm -f "$tmp/datasets.wozo"

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
expect files-at-limit 0 '' '0 findings (0 at the top of its scale)
' -- check --no-prelude rules
touch "$many/rules/f100001.wozo"
expect files-over-limit 2 'rules: error[E003]: more than 100000 rule files
1 error, 0 warnings
' '' -- check --no-prelude rules

echo "limits: $pass passed, $fail failed"
[ "$fail" = 0 ]
