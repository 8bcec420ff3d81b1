#!/bin/sh
# A new programme is a rule file, never a C change.
#
# Copies the bundled analysis to a temporary folder, adds a programme that
# is wholly devoted to "randvoorwaarden voor regionale samenwerking" with one
# action on that theme, and checks, with the same binary and no rebuild,
# that the theme's Deel 5 verdict moves from 'open' to 'covered' - and that
# removing the file again restores it.
#
#   sh tests/new-programme.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/examples"
cp -R "$root/rules" "$tmp/rules"
cp -R "$root/examples/wozo-2024" "$tmp/examples/wozo-2024"
cd "$tmp" || exit 2

verdict() {
    LC_ALL=C "$bin" check rules/ --format json 2>/dev/null |
        jq -r '.findings[] | select(.id == "part5/randvoorwaarden_regionale_samenwerking") | .verdict'
}

before=$(verdict)
if [ "$before" != open ]; then
    echo "new-programme: before the change the verdict is '$before', expected 'open'"
    exit 1
fi
cat > rules/programmes/regionale_samenwerking.wozo <<'WOZO'
# A (hypothetical) programme that funds the preconditions of regional
# cooperation structurally, added to see what the analysis makes of it.
programme regio_basis "Programma Randvoorwaarden Regionale Samenwerking" {
  in_overview: false
  form: programma
  stage: active
  dedicated_to: [randvoorwaarden_regionale_samenwerking]
  goal: "Structurele financiering en ondersteuning van regionale samenwerking."
  principles: []
  action_lines: []
  laws: []
  levels: [landelijk, regionaal]
  means: []
  financing: []
  applications: []
  links: []
}

action regio_basis_financiering "Structurele financiering van regionale samenwerkingsverbanden" {
  programme: regio_basis
  addresses: [randvoorwaarden_regionale_samenwerking]
  relates_to: []
  indicators: []
  audience: [gemeenten, zorgaanbieders]
  gloss: "A test action: structural funding for regional cooperation."
  source: "tests/new-programme.sh"
}
WOZO
after=$(verdict)
if [ "$after" != covered ]; then
    echo "new-programme: with the new programme the verdict is '$after', expected 'covered'"
    LC_ALL=C "$bin" check rules/ >/dev/null
    exit 1
fi
rm rules/programmes/regionale_samenwerking.wozo
again=$(verdict)
if [ "$again" != open ]; then
    echo "new-programme: after removing the programme the verdict is '$again', expected 'open'"
    exit 1
fi
echo "new-programme: open -> covered -> open, with no rebuild"
