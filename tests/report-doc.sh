#!/bin/sh
# `wozorules doc` renders every part of the rules, and its site holds
# together.
#
#   sh tests/report-doc.sh BINARY
#
# For the bundled rules: a page per kind with an anchor per thing (as many as
# the rule files declare), a section and a decision table per criterion,
# every link between pages (and to the numbered source pages) lands on an
# existing page and anchor, every Markdown link to a rule file points at an
# existing file and line, and no page loads anything from elsewhere. For the
# hostile example: no markup from the rules gets through. Exits 0 when all
# holds.
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0
check() {  # check WHAT GOT WANT
    checks=$((checks + 1))
    if [ "$2" != "$3" ]; then
        echo "report-doc: FAIL $1: $2, expected $3"
        fails=$((fails + 1))
    fi
}

"$bin" doc rules/ --output "$tmp/site" >"$tmp/out" 2>"$tmp/err"
check "doc exit" "$?" 0
check "doc stderr" "$(wc -c <"$tmp/err")" 0
site=$tmp/site
[ -f "$site/index.html" ] && [ -f "$site/index.md" ] || { echo "report-doc: FAIL: no index page"; exit 1; }

# Things per kind, as the rule files declare them: "KIND NAME" at the start
# of a line.
cat rules/*.wozo rules/*/*.wozo >"$tmp/all.wozo"
kinds=0
for page in "$site"/kind-*.html; do
    k=${page##*/kind-}
    k=${k%.html}
    want=$(grep -c "^$k [a-z_][a-z0-9_]*\\( \\|\$\\)" "$tmp/all.wozo")
    check "things of $k (html)" "$(grep -c '^<h3 id=' "$page")" "$want"
    check "things of $k (markdown)" "$(grep -c '^### ' "$site/kind-$k.md")" "$want"
    kinds=$((kinds + 1))
done
criteria=$(grep -c '^criterion ' "$tmp/all.wozo")
check "criteria sections" "$(grep -c '^<h2 id=' "$site/criteria.html")" "$criteria"
check "decision tables" "$(grep -c '<caption>Beslistabel</caption>' "$site/criteria.html")" "$criteria"
check "source pages" "$(ls "$site"/src-*.html | wc -l)" "$(($(ls rules/*.wozo rules/*/*.wozo | wc -l) + 1))"

# Every internal link of the HTML site lands on a page and an anchor.
awk '
    FNR == 1 { page = FILENAME; sub(/.*\//, "", page) }
    {
        line = $0
        while (match(line, / id="[^"]*"/)) {
            ids[page "#" substr(line, RSTART + 5, RLENGTH - 6)] = 1
            line = substr(line, RSTART + RLENGTH)
        }
        line = $0
        while (match(line, /href="[^"]*"/)) {
            h = substr(line, RSTART + 6, RLENGTH - 7)
            line = substr(line, RSTART + RLENGTH)
            if (h ~ /^#/) h = page h
            hrefs[++n] = h; from[n] = page
        }
    }
    END {
        bad = 0
        for (i = 1; i <= n; i++) {
            h = hrefs[i]
            if (h ~ /^[a-z]+:/) { print "external link " h " in " from[i]; bad++; continue }
            if (index(h, "#") == 0) { p = h; if (!(p in pages)) { cmd = "test -f \"" dir "/" p "\""; if (system(cmd) != 0) { print "missing page " p " in " from[i]; bad++ } else pages[p] = 1 } continue }
            if (!(h in ids)) { print "missing anchor " h " in " from[i]; bad++ }
        }
        print n " links, " bad " broken" > "/dev/stderr"
        exit bad > 0
    }' dir="$site" "$site"/*.html >"$tmp/links" 2>"$tmp/links.count"
check "html links" "$?" 0
head -5 "$tmp/links"

# Markdown: links between pages land on an <a id>, links to rule files on
# an existing file and line.
awk '
    FNR == 1 { page = FILENAME; sub(/.*\//, "", page) }
    {
        line = $0
        while (match(line, /<a id="[^"]*"><\/a>/)) {
            ids[page "#" substr(line, RSTART + 7, RLENGTH - 13)] = 1
            line = substr(line, RSTART + RLENGTH)
        }
        line = $0
        while (match(line, /\]\([^)]*\)/)) {
            links[++n] = substr(line, RSTART + 2, RLENGTH - 3); from[n] = page
            line = substr(line, RSTART + RLENGTH)
        }
    }
    # Lines of a file (0 when it does not exist), read once.
    function lines(f,    c, l) {
        if (f in nlines) return nlines[f]
        c = 0
        while ((getline l < f) > 0) c++
        close(f)
        return nlines[f] = c
    }
    END {
        bad = 0
        for (i = 1; i <= n; i++) {
            h = links[i]; file = h; anchor = ""
            if (index(h, "#")) { file = substr(h, 1, index(h, "#") - 1); anchor = substr(h, index(h, "#") + 1) }
            if (anchor ~ /^L[0-9]+$/) {
                if (lines(dir "/" file) < substr(anchor, 2) + 0) { print "markdown link past the end or to a missing file: " h " in " from[i]; bad++ }
            } else if (anchor != "" && !((file "#" anchor) in ids)) {
                print "markdown link to a missing anchor: " h " in " from[i]; bad++
            } else if (anchor == "" && lines(dir "/" file) == 0) {
                print "markdown link to a missing page: " h " in " from[i]; bad++
            }
        }
        print n > "/dev/stderr"
        exit bad > 0
    }' dir="$site" "$site"/*.md >"$tmp/mdlinks" 2>"$tmp/mdlinks.count"
mdbad=$?
mdlinks=$(cat "$tmp/mdlinks.count")
head -5 "$tmp/mdlinks"
check "markdown links" "$mdbad" 0

# Nothing is loaded from elsewhere.
check "src= attributes" "$(cat "$site"/*.html | grep -c ' src=')" 0
check "script elements" "$(cat "$site"/*.html | grep -c '<script')" 0

# Hostile names, titles and texts stay text.
"$bin" doc --no-prelude tests/cases/report/hostile --output "$tmp/hostile" >/dev/null 2>"$tmp/herr"
check "hostile doc exit" "$?" 0
check "hostile: no <script> element" "$(cat "$tmp/hostile"/*.html | grep -c '<script')" 0
check "hostile: no <script> in markdown" "$(cat "$tmp/hostile"/*.md | grep -c '<script')" 0
check "hostile: <b> shown as text" "$(cat "$tmp/hostile"/*.html | grep -q '&lt;b&gt;' && echo yes)" yes

# A kind without a title is headed by its name.
"$bin" doc --no-prelude tests/cases/report/kind_without_title.wozo --output "$tmp/untitled" >/dev/null 2>&1
check "kind without a title: doc exit" "$?" 0
check "kind without a title: its page" "$(grep -c '<title>item' "$tmp/untitled/kind-item.html" 2>/dev/null)" 1

if [ "$fails" -ne 0 ]; then
    echo "report-doc: $fails of $checks checks failed"
    exit 1
fi
echo "report-doc: $kinds kind pages, $criteria decision tables, $(sed 's/ .*//' "$tmp/links.count") HTML and $mdlinks Markdown links, all $checks checks passed"
