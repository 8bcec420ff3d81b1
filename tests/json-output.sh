#!/bin/sh
# `check --format json` writes one valid JSON document with the fields
# docs/json.md describes.
#
# Validates with jq the JSON of every golden case of tests/cases/{data,eval,
# check,limits} that asks for it (as the binary writes it now, and as the case
# expects it) and of the bundled analysis, and checks the fields: version 1,
# each finding's id (criterion/subject, unique), criterion, subject,
# verdict, message, rule {file, line, col}, evidence [{file, line, col,
# path, value}] (col may be null for data), judgement (null or an object with verdict, by, date,
# because, expired), and a summary that counts the findings by verdict.
# Exits 1 on the first document that fails, naming it.
#
#   sh tests/json-output.sh BINARY
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
if ! command -v jq >/dev/null 2>&1; then
    echo "json-output: jq is needed (make deps installs it)"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The checks, as one jq program: prints nothing when all hold, else the
# first problem.
schema='
def loc: type == "object" and (.file | type) == "string" and (.line | type) == "number" and .line >= 1
         and (.col | type) == "number" and .col >= 1;
# Evidence may have "col": null: a data value past column 255 has no stored
# column (docs/json.md).
def dataloc: type == "object" and (.file | type) == "string" and (.line | type) == "number" and .line >= 1
         and (.col == null or ((.col | type) == "number" and .col >= 1));
def problem(f): if f then empty else . end;
if .version != 1 then "version is not 1"
elif (.findings | type) != "array" then "findings is not a list"
elif (.summary | type) != "object" then "summary is not an object"
else
  ( [ .findings[]
      | if (.id | type) != "string" then "a finding without an id"
        elif .id != (.criterion + "/" + .subject) then "id \(.id) is not criterion/subject"
        elif (.verdict | type) != "string" then "\(.id): no verdict"
        elif (.message | type) != "string" then "\(.id): no message"
        elif (.rule | loc | not) then "\(.id): rule is not {file, line, col}"
        elif (.evidence | type) != "array" then "\(.id): evidence is not a list"
        elif ([.evidence[] | select((dataloc | not) or (.path | type) != "string" or (.value | type) != "string")] | length) > 0
          then "\(.id): evidence without file, line, col, path or value"
        elif (.judgement != null and ((.judgement | type) != "object"
              or ([.judgement.verdict, .judgement.by, .judgement.date, .judgement.because] | map(type == "string") | all | not)
              or (.judgement.expired | type) != "boolean"))
          then "\(.id): judgement is neither null nor {verdict, by, date, because, expired}"
        else empty end ] | first // empty ),
  ( if ([.findings[].id] | length) != ([.findings[].id] | unique | length) then "finding ids are not unique" else empty end ),
  ( . as $doc
    | ($doc.findings | group_by(.verdict) | map({key: .[0].verdict, value: length}) | from_entries) as $counts
    | if $counts != $doc.summary then "summary \($doc.summary) does not count the findings \($counts)" else empty end )
end'

fail=0
checked=0
check() {  # NAME FILE
    if ! jq empty "$2" 2>"$tmp/jq.err"; then
        echo "json-output: $1 is not valid JSON: $(head -1 "$tmp/jq.err")"
        fail=1
        return
    fi
    why=$(jq -r "$schema" "$2" | head -1)
    if [ -n "$why" ]; then
        echo "json-output: $1: $why"
        fail=1
    fi
    checked=$((checked + 1))
}

for args_file in tests/cases/data/*.args tests/cases/eval/*.args tests/cases/check/*.args tests/cases/limits/*.args; do
    [ -f "$args_file" ] || continue
    grep -q -- '--format json' "$args_file" || continue
    base=${args_file%.args}
    path=$base.wozo
    [ -e "$path" ] || path=$base
    args=$(sed "s#@#$path#g" "$args_file")
    (
        export LC_ALL=C TZ=UTC NO_COLOR=1
        eval "\"\$bin\" $args" >"$tmp/out.json" 2>/dev/null </dev/null
    )
    check "$base (as written now)" "$tmp/out.json"
    [ -f "$base.out" ] && check "$base.out" "$base.out"
done
LC_ALL=C TZ=UTC "$bin" check rules/ --format json --explain >"$tmp/rules.json" 2>/dev/null
check "check rules/ --format json --explain" "$tmp/rules.json"

[ "$fail" = 0 ] && echo "json-output: $checked JSON documents valid"
exit "$fail"
