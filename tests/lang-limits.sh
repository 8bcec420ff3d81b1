#!/bin/sh
# Texts made of very many small pieces cost memory linear in their size.
#
#   sh tests/lang-limits.sh BINARY
#
# The scanner returns every escape ('\n', '\{', ...) and every run between
# '{...}' as a token of its own, and the parser joins the pieces of a text.
# Joining by copying the text so far for every piece made a text of 80,000
# escapes take 6 s and 3 GB. Each input here is about 1 MiB of one text:
# checked, formatted (fmt --check) and dumped (debug-ast), every run must
# stay within 64 MiB of resident memory, which a quadratic join exceeds by
# a factor of a thousand. Memory rather than time is measured: it does not
# depend on the machine. A binary built with AddressSanitizer uses more
# memory by design: then the limit is 512 MiB (a quadratic join of these
# inputs would need hundreds of GiB). Every run must also end within 60
# seconds, and without the sanitizer within 1 GiB of address space, so
# that a regression fails instead of hanging or swapping.
# (tests/unit/test_lexer.c checks the same in the arena, with 20,000
# escapes.)
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1
[ -x /usr/bin/time ] || { echo "lang-limits: /usr/bin/time is missing (Debian package 'time'; make deps)"; exit 1; }
MAX_KB=65536
VMEM_KB=1048576   # address space: a regression fails fast, not by swapping
if grep -q __asan_init "$bin" 2>/dev/null; then
    MAX_KB=524288
    VMEM_KB=unlimited  # the sanitizer reserves terabytes of address space
fi
fail=0

# text FILE PIECE COUNT: a rules file whose one criterion's message is a
# text of PIECE repeated COUNT times.
text() {
    # The piece goes through the environment: awk -v would decode its
    # backslashes.
    P=$2 awk -v n="$3" 'BEGIN {
        s = ENVIRON["P"]
        # In canonical form (docs/style.md), for fmt --check.
        print "scale verdict { ok < bad < worse }\n"
        print "kind item {\n  n: number\n}\n"
        print "item a {\n  n: 1\n}\n"
        print "criterion c for item i {"
        r = s; while (length(r) < n * length(s)) r = r r
        printf "  when i.n > 0 => bad \"%s\"\n", substr(r, 1, n * length(s))
        print "  otherwise    => ok"
        print "}"
    }' >"$1"
}

# (A finding of 'bad' is below the top of the scale: exit status 0.)

# run NAME STATUS ARGS...: runs the binary and checks its exit status and
# its peak memory.
run() {
    name=$1 want=$2
    shift 2
    (ulimit -v $VMEM_KB && /usr/bin/time -v -o "$tmp/time.txt" timeout 60 "$bin" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" </dev/null)
    s=$?
    kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
    why=
    [ "$s" = "$want" ] || why="exit status $s, not $want;"
    [ "$s" = 124 ] && why="no end within 60 seconds;"
    [ "${kb:-0}" -gt $MAX_KB ] && why="$why $kb KB of memory (at most $MAX_KB);"
    if grep -q -e 'Sanitizer' -e 'runtime error:' "$tmp/err.txt"; then why="$why sanitizer report;"; fi
    printf '  %-40s %7s KB  exit %s\n' "$name" "$kb" "$s"
    if [ -n "$why" ]; then
        printf 'FAIL %s: %s\n' "$name" "$why"
        tail -3 "$tmp/err.txt"
        fail=$((fail + 1))
    fi
}

text "$tmp/newlines.wozo" '\n' 500000
run 'check: 500,000 \n escapes' 0 check --no-prelude "$tmp/newlines.wozo"
run 'fmt --check: 500,000 \n escapes' 0 fmt --check "$tmp/newlines.wozo"
run 'debug-ast: 500,000 \n escapes' 0 debug-ast "$tmp/newlines.wozo"

# Escapes between plain runs: every piece is a token.
text "$tmp/mixed.wozo" 'ab\{\}' 150000
run 'check: 600,000 pieces, escapes and runs' 0 check --no-prelude "$tmp/mixed.wozo"

# Runs between inserted values: the pieces are parts of their own.
text "$tmp/interp.wozo" '\t{i.n}' 50000
run 'check: 50,000 inserted values' 0 check --no-prelude "$tmp/interp.wozo"

# The message has the text's content: the findings must show it whole.
text "$tmp/short.wozo" '\n' 100000
run 'check: a message of 100,000 line breaks' 0 check --no-prelude "$tmp/short.wozo"
lines=$(wc -l <"$tmp/out.txt")
if [ "$lines" -lt 100000 ]; then
    echo "FAIL the message of 100,000 line breaks printed $lines lines"
    fail=$((fail + 1))
fi

if [ $fail != 0 ]; then
    echo "lang-limits: $fail failed"
    exit 1
fi
echo "lang-limits: all passed"
