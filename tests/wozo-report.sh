#!/bin/sh
# The bundled analysis reproduces the report's own conclusions.
#
# Runs `wozorules check rules/ --format json` and compares, theme by theme,
# the verdicts of Deel 4 and Deel 5 with the lists in the report
# ("Eindverslag Zorg en ondersteuning thuis", 2 August 2024; summarised in
# shared/domain/README.md). Exits 1 on the first difference.
#
#   sh tests/wozo-report.sh BINARY
set -u
bin=$1
cd "$(dirname "$0")/.." || exit 2
json=$(LC_ALL=C TZ=UTC "$bin" check rules/ --format json 2>/dev/null)
status=$?
if [ "$status" -ne 0 ]; then
    echo "wozo-report: check rules/ exited $status, expected 0 (no critical white spots)"
    exit 1
fi
fail=0
expect() {  # criterion theme verdict
    got=$(printf '%s' "$json" | jq -r --arg id "$1/$2" '.findings[] | select(.id == $id) | .verdict')
    if [ "$got" != "$3" ]; then
        echo "wozo-report: $1/$2 is '${got:-missing}', the report says '$3'"
        fail=1
    fi
}
# Deel 4: possible white spots, one unclear theme, two positive ones.
for t in spoedzorg randvoorwaarden_regionale_samenwerking toegankelijkheid_van_zorg \
         palliatieve_zorg hulpmiddelen bekwaam_is_bevoegd sociale_innovaties; do
    expect part4 "$t" white_spot
done
expect part4 mentale_gezondheid_ouderen unclear
expect part4 leidende_principes_cultuurverandering covered
expect part4 wijkgerichte_aanpak covered
n=$(printf '%s' "$json" | jq '[.findings[] | select(.criterion == "part4")] | length')
[ "$n" = 10 ] || { echo "wozo-report: $n themes in Deel 4, the report has 10"; fail=1; }
# Deel 5: after the reflection.
expect part5 palliatieve_zorg covered
expect part5 hulpmiddelen covered
expect part5 toegankelijkheid_van_zorg attention
expect part5 spoedzorg attention
expect part5 randvoorwaarden_regionale_samenwerking open
n=$(printf '%s' "$json" | jq '[.findings[] | select(.criterion == "part5")] | length')
[ "$n" = 5 ] || { echo "wozo-report: $n themes reflected on in Deel 5, the report has 5"; fail=1; }
# No critical white spots; five themes to monitor (all five reflected themes).
crit=$(printf '%s' "$json" | jq '[.findings[] | select(.verdict == "critical")] | length')
[ "$crit" = 0 ] || { echo "wozo-report: $crit critical white spots, the report found none"; fail=1; }
# Hulpmiddelen is 'goed belegd' by the working group's judgement, not by the rules.
j=$(printf '%s' "$json" | jq -r '.findings[] | select(.id == "part5/hulpmiddelen") | "\(.computed_verdict) \(.judgement.by)"')
[ "$j" = "attention WOZO-werkorganisatie" ] || { echo "wozo-report: part5/hulpmiddelen should rest on the working group's judgement, got '$j'"; fail=1; }
[ "$fail" = 0 ] && echo "wozo-report: Deel 4 and Deel 5 match the report"
exit $fail
