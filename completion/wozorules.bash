# bash completion for wozorules                                -*- shell-script -*-
#
# Installed as share/bash-completion/completions/wozorules by `make install`;
# to try it without installing:  source completion/wozorules.bash
#
# It completes commands, each command's options, the values of --format,
# --color and --lang, rule files and folders, YAML files for --data, dataset
# names for --data NAME=FILE and the verdicts --fail-on accepts for the rules
# on the command line.
#
# Nothing is hard-coded that the program can tell: commands, options and
# formats are read from `wozorules --help` and `wozorules COMMAND --help`,
# dataset names and verdicts from the hidden `wozorules complete datasets|
# verdicts [PATH ...]` (see wozorules(1)), so completion follows the program
# it completes. It needs only bash, not the bash-completion package.

# The commands `wozorules --help` lists.
_wozorules_commands()
{
    "$1" --help 2>/dev/null |
        awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

# The long options of a command, and (in _wozorules_valued) those that take
# a value: in --help they are followed by an upper-case placeholder.
_wozorules_options()
{
    "$1" "$2" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

_wozorules_valued()
{
    "$1" "$2" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*[ =][A-Z]' |
        sed 's/[ =][A-Z]$//' | sort -u
}

# The formats of a command: the "formats:" section of its --help, else the
# list in its usage line ("--format text|tap|junit"), else the words that
# describe --format ("text (default) or json").
_wozorules_formats()
{
    local help list
    help=$("$1" "$2" --help 2>/dev/null)
    if printf '%s\n' "$help" | grep -q '^formats:'; then
        printf '%s\n' "$help" | awk '/^formats:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
        return
    fi
    list=$(printf '%s\n' "$help" | sed -n 's/.*--format \([a-z-]*|[a-z|-]*\).*/\1/p' | head -n 1)
    if [[ -n $list ]]; then
        printf '%s\n' "${list//|/$'\n'}"
    else
        printf '%s\n' "$help" | sed -n 's/^ *-f, --format [A-Z]* *//p' | head -n 1 |
            sed 's/(default)//; s/,/ /g; s/ or / /g' | tr -s ' ' '\n' | grep '^[a-z][a-z-]*$'
    fi
}

# Folders, and the files with one of the given extensions.
_wozorules_paths()
{
    local cur=$1 ext
    shift
    compgen -d -S / -- "$cur"
    for ext in "$@"; do
        compgen -f -X "!*.$ext" -- "$cur"
    done
}

_wozorules()
{
    local bin=${COMP_WORDS[0]}
    # The word being completed as the user sees it, from the line itself:
    # bash also splits words at '=' and ':' (COMP_WORDBREAKS), and then
    # replaces only the text after the last of them, so that is the part of
    # each candidate to offer (strip the rest).
    local line=${COMP_LINE:0:COMP_POINT}
    local cur=${line##*[[:space:]]}
    local tail=$cur
    [[ ${COMP_WORDBREAKS-} == *=* ]] && tail=${tail##*=}
    [[ ${COMP_WORDBREAKS-} == *:* ]] && tail=${tail##*:}
    local strip=$(( ${#cur} - ${#tail} ))

    # The words before cur: the command is the first, the option before cur
    # is the last; the others that are not options or their values are the
    # rule paths, for --fail-on and --data.
    local before=() cmd="" prev="" paths=() valued="" w i
    read -r -a before <<<"${line:0:${#line}-${#cur}}"
    if [[ $line =~ [[:space:]]$ ]]; then
        cur=""
        strip=0
    fi
    ((${#before[@]} > 1)) && [[ ${before[1]} != -* ]] && cmd=${before[1]}
    ((${#before[@]} > 1)) && prev=${before[${#before[@]}-1]}
    [[ -n $cmd && $cmd != help ]] && valued=$(_wozorules_valued "$bin" "$cmd")
    for ((i = 2; i < ${#before[@]}; i++)); do
        w=${before[i]}
        [[ $w == -* ]] && continue
        if [[ ${before[i-1]} == -* && ${before[i-1]} != *=* ]] &&
            grep -qx -- "$(_wozorules_long "$bin" "$cmd" "${before[i-1]}")" <<<"$valued"; then
            continue
        fi
        paths+=("$w")
    done

    # --name=value is completed like --name value.
    local opt=$prev val=$cur
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        val=${cur#*=}
    fi

    local cands=()
    if [[ -z $cmd && $cur != -* ]] || [[ -z $cmd && ${#before[@]} -le 1 ]]; then
        mapfile -t cands < <(compgen -W "$(_wozorules_commands "$bin") --help --version" -- "$cur")
    elif [[ $cmd == help ]]; then
        mapfile -t cands < <(compgen -W "$(_wozorules_commands "$bin")" -- "$cur")
    elif [[ -z $cmd ]]; then
        cands=()
    elif [[ $opt == -* ]] && grep -qx -- "$(_wozorules_long "$bin" "$cmd" "$opt")" <<<"$valued"; then
        local prefix=""
        [[ $cur == --*=* ]] && prefix=$opt=
        case $(_wozorules_long "$bin" "$cmd" "$opt") in
        --format)
            mapfile -t cands < <(compgen -W "$(_wozorules_formats "$bin" "$cmd")" -- "$val") ;;
        --color)
            mapfile -t cands < <(compgen -W "auto always never" -- "$val") ;;
        --lang)
            mapfile -t cands < <(compgen -W "nl en" -- "$val") ;;
        --fail-on)
            mapfile -t cands < <(compgen -W "$("$bin" complete verdicts "${paths[@]}" 2>/dev/null)" -- "$val") ;;
        --data)
            if [[ $val == *=* ]]; then
                local name=${val%%=*}
                mapfile -t cands < <(_wozorules_paths "${val#*=}" yaml yml | sed "s|^|$name=|")
            else
                mapfile -t cands < <(compgen -S = -W "$("$bin" complete datasets "${paths[@]}" 2>/dev/null)" -- "$val")
            fi ;;
        --output)
            mapfile -t cands < <(compgen -d -S / -- "$val"; compgen -f -- "$val") ;;
        *)
            cands=() ;;
        esac
        if [[ -n $prefix ]]; then
            for i in "${!cands[@]}"; do cands[i]=$prefix${cands[i]}; done
        fi
    elif [[ $cur == -* ]]; then
        mapfile -t cands < <(compgen -W "$(_wozorules_options "$bin" "$cmd")" -- "$cur")
    else
        mapfile -t cands < <(_wozorules_paths "$cur" wozo)
    fi

    # Offer only the part bash will replace, and no space after a value that
    # goes on (a folder, NAME=).
    COMPREPLY=()
    local nospace=0
    for w in "${cands[@]}"; do
        [[ -z $w ]] && continue
        [[ $w == */ || $w == *= ]] && nospace=1
        COMPREPLY+=("${w:strip}")
    done
    ((nospace)) && compopt -o nospace 2>/dev/null
    return 0
}

# A short option (-f) as its long form (--format), from the command's --help
# ("  -f, --format FORMAT").
_wozorules_long()
{
    local bin=$1 cmd=$2 opt=$3
    if [[ $opt == --* ]]; then
        printf '%s\n' "$opt"
        return
    fi
    "$bin" "$cmd" --help 2>/dev/null | sed -n "s/^ *$opt, \(--[a-z-]*\).*/\1/p" | head -n 1
}

complete -F _wozorules wozorules
