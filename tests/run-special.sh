#!/bin/sh
# Checks what the golden cases cannot hold: files that git cannot store or
# that are made at run time (a FIFO, a file over the size limit, a file that
# cannot be read).
#
#   sh tests/run-special.sh BINARY
#
# Each check runs the binary in a fresh temporary folder, with relative
# paths, LC_ALL=C and NO_COLOR=1, and compares standard error and the exit
# status byte for byte with the expectation written here.
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# expect NAME EXIT EXPECTED-STDERR -- ARGS...: runs the binary in $tmp/work.
expect() {
    name=$1 want_exit=$2 want_err=$3
    shift 4
    (cd "$tmp/work" && LC_ALL=C NO_COLOR=1 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
     echo $? >"$tmp/exit")
    printf '%s' "$want_err" >"$tmp/want"
    got_exit=$(cat "$tmp/exit")
    if cmp -s "$tmp/want" "$tmp/err" && [ "$got_exit" = "$want_exit" ] && [ ! -s "$tmp/out" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $got_exit, expected $want_exit)"
        diff -u "$tmp/want" "$tmp/err" | head -20
        [ -s "$tmp/out" ] && { echo "unexpected standard output:"; head -5 "$tmp/out"; }
    fi
}

mkdir "$tmp/work"
cd "$tmp/work" || exit 2

# A FIFO named on the command line must not block the tool (it would wait for
# a writer forever) and is refused.
mkfifo pipe.wozo
expect fifo-argument 2 'pipe.wozo: error[E002]: is a pipe, not a regular file
1 error, 0 warnings
' -- check --no-prelude pipe.wozo

# The same FIFO found inside a rules folder.
mkdir rules
mkfifo rules/pipe.wozo
expect fifo-in-folder 2 'rules/pipe.wozo: error[E002]: is a pipe, not a regular file
1 error, 0 warnings
' -- check --no-prelude rules

# A file of exactly the limit (16 MiB) is read; one byte more is refused
# before anything is read (a sparse file: no disk space is used).
yes '# een regel commentaar' | head -c 16777216 >at-limit.wozo
expect size-at-limit 0 '' -- debug-ast at-limit.wozo
truncate -s 16777217 too-large.wozo
expect size-over-limit 2 'too-large.wozo: error[E003]: file is larger than 16 MiB
1 error, 0 warnings
' -- check --no-prelude too-large.wozo

# Folders nest at most 32 levels below a rules folder: a rule file 32
# folders down is read (its mistake is reported), one 33 down is refused
# (too long a path for git to hold as a case).
mkdir -p deep && d=deep
for i in $(seq 1 32); do d=$d/d; done
mkdir -p "$d/d"
echo 'scale s { a < a }' >"$d/at.wozo"
echo 'scale t { a }' >"$d/d/past.wozo"
expect folder-depth 2 "$d/d: error[E002]: folders nest deeper than 32 levels
$d/at.wozo:1:15: error[E031]: 'a' appears twice in scale 's'
1 | scale s { a < a }
  |               ^
$d/at.wozo:1:11: note: first here
1 | scale s { a < a }
  |           ~
2 errors, 0 warnings
" -- check --no-prelude --no-warnings deep

# A file that cannot be read (root reads everything: skipped then).
if [ "$(id -u)" != 0 ]; then
    echo 'scale verdict { ok < bad }' >secret.wozo
    chmod 000 secret.wozo
    expect unreadable 2 'secret.wozo: error[E001]: cannot open: Permission denied
1 error, 0 warnings
' -- check --no-prelude secret.wozo
fi

echo "special: $pass passed, $fail failed"
[ "$fail" = 0 ]
