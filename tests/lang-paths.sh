#!/bin/sh
# Paths written in rule files (a dataset's file; test data and snapshots go
# through the same function, rule_path() in lang/resolve.c) are made
# relative to the current directory and tidied for messages: "." and
# "dir/.." are removed, but "link/.." is kept when link is a symbolic
# link, because the system resolves ".." after following the link.
#
#   - rules/link -> sub/deep, and a dataset from "link/../regions.yaml":
#     the file read is rules/sub/regions.yaml (as the system opens it),
#     shown as rules/link/../regions.yaml;
#   - an ordinary "a/../b/regions.yaml" is still shown folded:
#     rules/b/regions.yaml.
#
#   sh tests/lang-paths.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C TZ=UTC NO_COLOR=1
pass=0
fail=0

# expect NAME EXIT WANT-STDERR WANT-STDOUT -- ARGS...: runs the binary in
# $tmp and compares its exit status, standard error and standard output
# byte for byte.
expect() {
    name=$1 want_exit=$2 want_err=$3 want_out=$4
    shift 5
    (cd "$tmp" && timeout 60 "$bin" "$@" >out 2>err </dev/null; echo $? >status)
    printf '%s' "$want_err" >"$tmp/want_err"
    printf '%s' "$want_out" >"$tmp/want_out"
    if [ "$(cat "$tmp/status")" = "$want_exit" ] && cmp -s "$tmp/want_err" "$tmp/err" &&
        cmp -s "$tmp/want_out" "$tmp/out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $(cat "$tmp/status"), expected $want_exit)"
        diff -u "$tmp/want_err" "$tmp/err" | head -20
        diff -u "$tmp/want_out" "$tmp/out" | head -20
    fi
}

# rules FROM: a rules tree whose one dataset is read from FROM.
rules() {
    cat >"$tmp/rules/r.wozo" <<EOW
scale verdict { ok < bad < worse }
kind region { n: number }
dataset regions: list of region from "$1"
criterion c for region r in regions {
  when r.n > 1 => bad
  otherwise => ok
}
EOW
}

mkdir -p "$tmp/rules/sub/deep" "$tmp/rules/a" "$tmp/rules/b"
ln -s sub/deep "$tmp/rules/link"
printf -- '- id: noord\n  n: 5\n' >"$tmp/rules/sub/regions.yaml"
# A decoy where folding "link/.." would lead: it must not be read.
printf -- '- id: decoy\n  n: 0\n' >"$tmp/rules/regions.yaml"

rules link/../regions.yaml
expect symlink-dotdot 0 '' 'bad: 1 finding
  c/noord
    rule  rules/r.wozo:5:3  (c)
    data  rules/link/../regions.yaml:2:6  regions[0].n = 5

1 finding: 1 bad (0 worse)
' -- check --no-prelude rules
# Without the decoy, the same: the file is found where the system finds it.
rm "$tmp/rules/regions.yaml"
expect symlink-dotdot-no-decoy 0 '' 'bad: 1 finding
  c/noord
    rule  rules/r.wozo:5:3  (c)
    data  rules/link/../regions.yaml:2:6  regions[0].n = 5

1 finding: 1 bad (0 worse)
' -- check --no-prelude rules

printf -- '- id: zuid\n  n: 7\n' >"$tmp/rules/b/regions.yaml"
rules a/../b/regions.yaml
expect plain-dotdot-folded 0 '' 'bad: 1 finding
  c/zuid
    rule  rules/r.wozo:5:3  (c)
    data  rules/b/regions.yaml:2:6  regions[0].n = 7

1 finding: 1 bad (0 worse)
' -- check --no-prelude rules
# "link/../.." : the first ".." stays (after the link), the second cannot
# fold it; a missing file is named as it will be opened.
rules link/../../nothing.yaml
expect symlink-dotdot-missing 2 'rules/r.wozo:3:38: error[E001]: data file rules/link/../../nothing.yaml: cannot open: No such file or directory
3 | dataset regions: list of region from "link/../../nothing.yaml"
  |                                      ^~~~~~~~~~~~~~~~~~~~~~~~~
  = hint: a path in a rule file is relative to that file'"'"'s folder
1 error, 0 warnings
' '' -- check --no-prelude rules

echo "lang-paths: $pass passed, $fail failed"
[ "$fail" = 0 ]
