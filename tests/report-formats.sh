#!/bin/sh
# Every report format tells the same story as the JSON model.
#
#   sh tests/report-formats.sh BINARY
#
# For the bundled analysis and the hostile example (tests/cases/report/
# hostile), checks that each format holds exactly as many findings as
# `--format json` (and as many failing ones where a format shows only
# those), that the CSV coverage matrix has one row per heat-map cell of the
# HTML page, that several formats written in one run are byte-identical to
# the same formats written one by one while the text report still goes to
# standard output, and that the output does not depend on the time zone or
# the locale. Needs jq. Exits 0 when everything holds.
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/.." || exit 2
command -v jq >/dev/null 2>&1 || { echo "report-formats: jq is needed (make deps)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0

check() {  # check WHAT GOT WANT
    checks=$((checks + 1))
    if [ "$2" != "$3" ]; then
        echo "report-formats: FAIL $1: $2, expected $3"
        fails=$((fails + 1))
    fi
}

# Records of an RFC 4180 file: a line break ends a record only outside
# quotes, that is after an even number of '"' so far.
csv_records() {
    awk '{ q += gsub(/"/, "\""); if (q % 2 == 0) n++ } END { print n + 0 }' "$1"
}

run() {  # run NAME ARGS...: writes $tmp/NAME.FORMAT for every format
    name=$1
    shift
    for f in text json html markdown sarif junit github csv csv-findings; do
        LC_ALL=C "$bin" check "$@" --fail-on verdict.attention --format "$f" >"$tmp/$name.$f" 2>"$tmp/$name.$f.err"
        rc=$?
        [ "$rc" -le 1 ] || { echo "report-formats: FAIL $name $f: exit $rc"; cat "$tmp/$name.$f.err"; fails=$((fails + 1)); }
    done
    n=$(jq '.findings | length' "$tmp/$name.json")
    failing=$(jq '.failing' "$tmp/$name.json")
    check "$name text" "$(tail -n 1 "$tmp/$name.text" | sed 's/ finding.*//')" "$n"
    check "$name html" "$(grep -c '<article class="finding"' "$tmp/$name.html")" "$n"
    check "$name markdown" "$(grep -c '^- ' "$tmp/$name.markdown")" "$n"
    check "$name sarif" "$(jq '.runs[0].results | length' "$tmp/$name.sarif")" "$n"
    check "$name junit" "$(grep -c '<testcase ' "$tmp/$name.junit")" "$n"
    check "$name junit failures" "$(grep -c '<failure ' "$tmp/$name.junit")" "$failing"
    check "$name github" "$(grep -c '^::error ' "$tmp/$name.github")" "$failing"
    check "$name csv-findings" "$(($(csv_records "$tmp/$name.csv-findings") - 1))" "$n"
    cells=$(grep -o '<td class="c [^"]*"' "$tmp/$name.html" | wc -l)
    check "$name csv cells" "$(($(csv_records "$tmp/$name.csv") - 1))" "$cells"
    # Each finding id of the JSON is in every format that lists findings.
    jq -r '.findings[].id' "$tmp/$name.json" | sort >"$tmp/ids.json"
    jq -r '.runs[0].results[].partialFingerprints["wozoFindingId/v1"]' "$tmp/$name.sarif" | sort >"$tmp/ids.sarif"
    check "$name sarif ids" "$(cmp -s "$tmp/ids.json" "$tmp/ids.sarif" && echo same)" same
    echo "report-formats: $name: $n findings ($failing failing), $cells matrix cells, in all 9 formats"
}

run wozo-2024 rules/
run hostile --no-prelude tests/cases/report/hostile

# Several formats in one run: the same bytes, and the text report on stdout.
LC_ALL=C "$bin" check rules/ --fail-on verdict.attention --format html --output "$tmp/multi.html" \
    --format json --output "$tmp/multi.json" --format sarif --output "$tmp/multi.sarif" \
    --format csv --output "$tmp/multi.csv" >"$tmp/multi.stdout" 2>"$tmp/multi.err"
check "one run: exit" "$?" 1
for f in html json sarif csv; do
    check "one run: $f" "$(cmp -s "$tmp/multi.$f" "$tmp/wozo-2024.$f" && echo same)" same
done
check "one run: text on stdout" "$(cmp -s "$tmp/multi.stdout" "$tmp/wozo-2024.text" && echo same)" same
check "one run: stderr" "$(wc -c <"$tmp/multi.err")" 0

# Time zone and locale change nothing.
for f in html markdown sarif csv; do
    TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 LANG=nl_NL.UTF-8 "$bin" check rules/ --fail-on verdict.attention \
        --format "$f" >"$tmp/tz.$f" 2>/dev/null
    check "determinism: $f" "$(cmp -s "$tmp/tz.$f" "$tmp/wozo-2024.$f" && echo same)" same
done

if [ "$fails" -ne 0 ]; then
    echo "report-formats: $fails of $checks checks failed"
    exit 1
fi
echo "report-formats: all $checks checks passed"
