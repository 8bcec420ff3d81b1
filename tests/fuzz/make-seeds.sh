#!/bin/sh
# Rewrites the seed corpus of the fuzzing harnesses from the repository:
#
#   tests/fuzz/corpus/rules/  every *.wozo file (parse and fmt harnesses)
#   tests/fuzz/corpus/yaml/   every *.yaml and *.yml file (data harness)
#   tests/fuzz/corpus/check/  every rules tree with its data, in the input
#                             format of fuzz_check.c: the bundled analysis,
#                             the examples, and each golden case
#
#   sh tests/fuzz/make-seeds.sh        (from anywhere; run after adding cases)
#
# A seed is named after the file or case it comes from ('/' becomes '__').
# Files under build/ and node_modules/ are not seeds.
set -eu
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
rm -rf "$out"
mkdir -p "$out/rules" "$out/yaml" "$out/check"

name_of() { printf '%s' "$1" | sed 's#^\./##; s#/#__#g'; }

files() {  # every tracked-looking file with one of the suffixes, sorted
    find . \( -path ./build -o -path ./.git -o -name node_modules -o -path ./tests/fuzz \) -prune -o \
        -type f \( "$@" \) -print | LC_ALL=C sort
}

files -name '*.wozo' | while read -r f; do cp "$f" "$out/rules/$(name_of "$f")"; done
files -name '*.yaml' -o -name '*.yml' | while read -r f; do cp "$f" "$out/yaml/$(name_of "$f")"; done

# check_seed NAME NO_PRELUDE DATA_ARGS PATH...: the rule files below the
# paths, then one part per dataset whose file exists: those bound in
# DATA_ARGS ("name=file ..."), then those declared with `from "FILE"`.
check_seed() {
    seed=$out/check/$1 no_prelude=$2 bound=$3
    shift 3
    : >"$seed"
    [ "$no_prelude" = 1 ] && printf '%%%%%%%% no-prelude\n' >>"$seed"
    wozo=$(find "$@" -name '*.wozo' -type f | LC_ALL=C sort)
    [ -n "$wozo" ] || { rm -f "$seed"; return; }
    for f in $wozo; do cat "$f"; echo; done >>"$seed"
    done_names=" "
    for b in $bound; do
        n=${b%%=*} p=${b#*=}
        if [ -f "$p" ]; then
            printf '%%%%%%%% %s\n' "$n" >>"$seed"
            cat "$p" >>"$seed"
            done_names="$done_names$n "
        fi
    done
    for f in $wozo; do
        sed -n 's/^dataset \([A-Za-z_0-9]*\).* from "\([^"]*\)".*/\1 \2/p' "$f" | while read -r n p; do
            case "$done_names" in *" $n "*) continue ;; esac
            p=$(dirname "$f")/$p
            [ -f "$p" ] || continue
            printf '%%%%%%%% %s\n' "$n" >>"$seed"
            cat "$p" >>"$seed"
        done
    done
}

check_seed rules 0 "" rules
check_seed examples__monitor-2023 0 "" examples/monitor-2023
check_seed rules__what-if 0 "regions=examples/wozo-2024/what-if-spoedzorg-overal.yaml" rules

# Each golden case: its rules (the case file, or its folder, or the files
# its .args names) and the --data files of its .args.
for path in tests/cases/*/*; do
    case "$path" in
        *.wozo) base=${path%.wozo} ;;
        *.out|*.err|*.exit|*.yaml|*.md|*.args) continue ;;
        *) [ -d "$path" ] || continue; base=$path ;;
    esac
    args="check --no-prelude @"
    if [ -f "$base.args" ]; then args=$(cat "$base.args"); fi
    args=$(printf '%s' "$args" | sed "s#@#$path#g")
    case "$args" in check*|test*) ;; *) continue ;; esac
    no_prelude=0
    case "$args" in *--no-prelude*) no_prelude=1 ;; esac
    paths= bound=
    set -- $args
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
            --data) bound="$bound $2"; shift ;;
            --data=*) bound="$bound ${1#--data=}" ;;
            --format|--output|--fail-on|--as-of|--color|--lang|--coverage-min|-f|-o|-d) shift ;;
            -*|'>'*|'2>'*|'<'*|'|') ;;
            /dev/*) ;;
            *) [ -e "$1" ] && paths="$paths $1" ;;
        esac
        shift
    done
    [ -n "$paths" ] || continue
    check_seed "$(name_of "$base")" "$no_prelude" "$bound" $paths
done
echo "seeds: $(ls "$out/rules" | wc -l) rule files, $(ls "$out/yaml" | wc -l) YAML files, $(ls "$out/check" | wc -l) rules trees with data"
