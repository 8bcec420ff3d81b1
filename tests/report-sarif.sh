#!/bin/sh
# The SARIF output is valid SARIF 2.1.0.
#
#   sh tests/report-sarif.sh BINARY
#
# Validates the SARIF of the bundled analysis and of the hostile example
# against the official SARIF 2.1.0 JSON schema, committed as
# tests/cases/report/sarif-schema-2.1.0.json (nothing is fetched at test
# time), with Ajv from build/node (tests/browser/setup.sh installs it with
# npm, pinned by tests/browser/package-lock.json). A deliberately broken file
# must be rejected, so a validator that accepts everything is noticed.
#
# When Ajv cannot be installed (no node or npm, no registry), the required
# structure is checked with jq instead, and the script says so. With
# SARIF_MULTITOOL=1 the SARIF Multitool (@microsoft/sarif-multitool, about
# 100 MB) is installed into build/node as well and must report no error.
set -u
bin=$1
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/.." || exit 2
schema=tests/cases/report/sarif-schema-2.1.0.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$bin" check rules/ --format sarif --output "$tmp/wozo-2024.sarif" >/dev/null 2>&1
"$bin" check --no-prelude tests/cases/report/hostile --format sarif --output "$tmp/hostile.sarif" >/dev/null 2>&1
[ -s "$tmp/wozo-2024.sarif" ] && [ -s "$tmp/hostile.sarif" ] || { echo "sarif: FAIL: no SARIF written"; exit 1; }
# A broken copy: a level SARIF does not have, and a result without message.
jq '.runs[0].results[0].level = "fatal" | del(.runs[0].results[1].message)' "$tmp/wozo-2024.sarif" >"$tmp/broken.sarif"

if command -v node >/dev/null 2>&1 && sh tests/browser/setup.sh >"$tmp/setup.log" 2>&1; then
    node tests/browser/validate-sarif.mjs "$schema" "$tmp/wozo-2024.sarif" "$tmp/hostile.sarif" || exit 1
    if node tests/browser/validate-sarif.mjs "$schema" "$tmp/broken.sarif" >"$tmp/broken.log" 2>&1; then
        echo "sarif: FAIL: the validator accepted a broken file"
        exit 1
    fi
    echo "sarif: the broken copy is rejected ($(grep -c '^  /' "$tmp/broken.log") errors), as it must be"
else
    echo "sarif: Ajv is not available ($(tail -n 1 "$tmp/setup.log" 2>/dev/null || echo 'no node')); checking the required structure with jq"
    structure='
      def loc: .physicalLocation.artifactLocation.uri | type == "string";
      def region: .physicalLocation.region.startLine >= 1;
      .version == "2.1.0" and (.runs | type == "array" and length == 1)
      and (.runs[0].tool.driver.name | type == "string")
      and ([.runs[0].tool.driver.rules[].id] as $ids
           | all(.runs[0].results[];
                 (.ruleId as $r | $ids | index($r)) != null
                 and (.level | IN("none", "note", "warning", "error"))
                 and (.message.text | type == "string")
                 and all(.locations[]; loc and region)
                 and all((.relatedLocations // [])[]; loc and region)))'
    for f in wozo-2024 hostile; do
        jq -e "$structure" "$tmp/$f.sarif" >/dev/null || { echo "sarif: FAIL: $f.sarif lacks the required structure"; exit 1; }
        echo "sarif: structure ok $f.sarif ($(jq '.runs[0].results | length' "$tmp/$f.sarif") results)"
    done
    if jq -e "$structure" "$tmp/broken.sarif" >/dev/null 2>&1; then
        echo "sarif: FAIL: the structure check accepted a broken file"
        exit 1
    fi
fi

if [ "${SARIF_MULTITOOL:-0}" = 1 ]; then
    mt=build/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
    if [ ! -x "$mt" ]; then
        (cd build/node && npm install --no-save --no-audit --no-fund --ignore-scripts \
            @microsoft/sarif-multitool-linux@5.7.0 >/dev/null 2>&1) && chmod +x "$mt" 2>/dev/null
    fi
    [ -x "$mt" ] || { echo "sarif: FAIL: SARIF_MULTITOOL=1 but the Multitool could not be installed"; exit 1; }
    for f in wozo-2024 hostile; do
        DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$mt" validate "$tmp/$f.sarif" -o "$tmp/$f.validation.sarif" \
            >"$tmp/$f.mt.log" 2>&1 || { echo "sarif: FAIL: Multitool on $f.sarif"; cat "$tmp/$f.mt.log"; exit 1; }
        errors=$(jq '[.runs[].results[]? | select(.level == "error")] | length' "$tmp/$f.validation.sarif")
        warnings=$(jq '[.runs[].results[]? | select((.level // "warning") == "warning")] | length' "$tmp/$f.validation.sarif")
        [ "$errors" = 0 ] || { echo "sarif: FAIL: Multitool reports $errors errors on $f.sarif"; grep -i error "$tmp/$f.mt.log" | head; exit 1; }
        echo "sarif: Multitool: $f.sarif has no errors ($warnings advisory warnings)"
    done
fi
