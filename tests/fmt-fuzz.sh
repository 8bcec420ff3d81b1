#!/bin/sh
# Comments and line breaks in random places: `wozorules fmt` must never fail
# its own check (exit 3) on a file that parses.
#
#   sh tests/fmt-fuzz.sh BINARY [RUNS] [SEED]
#
# Takes the repository's rule files, inserts line breaks, blank lines and
# comments (own-line and trailing) between random tokens, puts parentheses
# around random runs of words (with comments inside some), converts some to
# CRLF or adds a byte-order mark, and formats each variant. fmt verifies
# every result itself (same syntax tree, same comments, a fixed point), so
# exit 3 is a formatter bug; the variant is kept in build/fmt-fuzz/ to
# reproduce it. Deterministic for a given SEED. Needs python3 (skipped
# without it).
set -u
bin=$1
runs=${2:-300}
seed=${3:-1}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/.." || exit 2
if ! command -v python3 >/dev/null 2>&1; then
    echo "fmt-fuzz: SKIP: python3 is not installed"
    exit 0
fi
mkdir -p build/fmt-fuzz
exec python3 - "$bin" "$runs" "$seed" <<'EOF'
import glob, os, random, re, subprocess, sys

binary, runs, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = sorted(glob.glob('rules/**/*.wozo', recursive=True) +
               glob.glob('examples/**/*.wozo', recursive=True) +
               ['stdlib/prelude.wozo', 'tests/cases/fmt/comments.wozo', 'tests/cases/fmt/expressions.wozo'])

def places(s):
    """Offsets between tokens where a line break or comment may go: outside
    text and outside the {...} of text, not inside `not in` or `EUR 12`."""
    stack, i, out = ['code'], 0, []
    while i < len(s):
        c, top = s[i], stack[-1]
        if top == 'text':
            if c == '\\':
                i += 2
                continue
            if c == '{':
                stack.append('interp')
            elif c == '"':
                stack.pop()
            i += 1
            continue
        inside_text = 'interp' in stack
        if c == '#':
            while i < len(s) and s[i] != '\n':
                i += 1
            continue
        if c == '"':
            stack.append('text')
        elif c == '{':
            stack.append('brace')
        elif c == '}':
            stack.pop()
        if not inside_text:
            if c in '([,{':
                out.append(i + 1)
            elif c in ')]}':
                out.append(i)
            elif c in ' \n':
                j = i
                while j > 0 and s[j - 1] == ' ':
                    j -= 1
                if not (s[max(0, j - 3):j] in ('not', 'EUR')):
                    out.append(i)
        i += 1
    return out

def words(s):
    """(start, end, in_text) of the names and numbers outside text and
    comments; in_text: inside the {...} of a text."""
    stack, i, out = ['code'], 0, []
    while i < len(s):
        c, top = s[i], stack[-1]
        if top == 'text':
            if c == '\\':
                i += 2
                continue
            if c == '{':
                stack.append('interp')
            elif c == '"':
                stack.pop()
            i += 1
            continue
        if c == '#':
            while i < len(s) and s[i] != '\n':
                i += 1
            continue
        if c == '"':
            stack.append('text')
        elif c == '{':
            stack.append('brace')
        elif c == '}':
            stack.pop()
        m = re.match(r'[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*%?', s[i:])
        if m and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == '_')):
            out.append((i, i + len(m.group(0)), 'interp' in stack))
            i += len(m.group(0))
            continue
        i += 1
    return out

def wrap(s):
    """Puts parentheses (sometimes two pairs, sometimes with comments and
    line breaks inside) around a random run of one to four words. Most
    results do not parse; those are skipped."""
    ws = words(s)
    k = random.randrange(len(ws))
    a, b, in_text = ws[k]
    b = ws[min(len(ws) - 1, k + random.choice([0, 0, 1, 2, 3]))][1]
    if in_text:
        return s[:a] + '(' + s[a:b] + ')' + s[b:]
    op = random.choice(['(', '((', '( # p\n', '(\n'])
    cl = random.choice([')', ' # q\n)', '\n)'])
    if op == '((':
        cl += ')'
    return s[:a] + op + s[a:b] + cl + s[b:]

random.seed(seed)
bad = unparsed = 0
for n in range(runs):
    name = random.choice(files)
    s = open(name, encoding='utf-8').read()
    spots = places(s)
    for k, p in enumerate(sorted(random.sample(spots, min(len(spots), random.randint(1, 12))), reverse=True)):
        s = s[:p] + random.choice(['\n', ' # c%d\n' % k, '\n\n# c%d\n' % k, '\n   ', '  #c%d  \n\n' % k, ' ']) + s[p:]
    if random.random() < 0.5:
        for _ in range(random.choice([1, 1, 2])):
            s = wrap(s)
    if random.random() < 0.2:
        s = s.replace('\n', '\r\n')
    if random.random() < 0.1:
        s = '\ufeff' + s
    path = 'build/fmt-fuzz/case.wozo'
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(s)
    r = subprocess.run([binary, 'fmt', path], capture_output=True)
    unparsed += r.returncode == 2
    if r.returncode not in (0, 2):
        bad += 1
        keep = 'build/fmt-fuzz/failed-%d-%d.wozo' % (seed, n)
        os.replace(path, keep)
        print('FAIL %s (from %s): exit %d\n%s' % (keep, name, r.returncode, r.stderr.decode()[:400]))
print('fmt-fuzz: %d variants (%d did not parse), %d failures (seed %d)' % (runs, unparsed, bad, seed))
sys.exit(1 if bad else 0)
EOF
