#!/bin/sh
# Editor support follows the real grammar, on every rule file we have.
#
#   sh tests/editors.sh BINARY
#
# The files: every *.wozo file of the repository outside tests/cases and
# tests/fuzz, and those in tests/cases and tests/fuzz that the program itself
# parses without an error (`wozorules debug-ast FILE` exits 0); the others
# are broken on purpose.
#
# - tree-sitter (editors/tree-sitter-wozo): with tree-sitter-cli, installed
#   from npm into build/npm/tree-sitter (or named by $TREE_SITTER, or on the
#   PATH), the grammar is generated in build/tree-sitter-wozo, every file must
#   parse with no ERROR or MISSING node, and queries/highlights.scm must be a
#   valid query. The npm package of tree-sitter-cli downloads its binary from
#   GitHub when it is installed; where that cannot be reached, this says so
#   (SKIP) and the stand-in tests/editors/grammar-check.js parses every file
#   with the same grammar.js instead. That stand-in always runs, and also
#   checks that every name highlights.scm uses exists in the grammar.
# - VS Code (editors/vscode): the JSON files are valid, the manifest names
#   files that exist, comments are '#', brackets are {} [] (); with
#   vscode-textmate from npm, every file is tokenized and samples checked
#   (tests/editors/textmate-check.js).
# - Vim (editors/vim): where vim is installed, every file is opened in a
#   headless Vim (tests/editors/vim-check.vim).
# - The keywords of lang/lexer.l are exactly those of the tree-sitter
#   grammar and of the Vim syntax; the built-in functions of
#   stdlib/builtins.def and the prelude's are those Vim and VS Code show
#   as built-in.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
case "$bin" in /*) ;; *) bin=$root/$bin ;; esac
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
say() { echo "editors: $*"; }
bad() { echo "editors: FAIL: $*"; fail=1; }

# ---- the files ----
find . -name '*.wozo' ! -path './build/*' ! -path './tests/cases/*' ! -path './tests/fuzz/*' ! -path './node_modules/*' |
    sed 's#^\./##' | sort >"$tmp/files"
find tests/cases tests/fuzz -name '*.wozo' | sort | while read -r f; do
    [ -f "$f" ] || continue   # a dangling symlink, on purpose
    "$bin" debug-ast "$f" >/dev/null 2>&1 && echo "$f"
done >>"$tmp/files"
nfiles=$(wc -l <"$tmp/files")
say "$nfiles rule files ($(grep -c '^tests/\(cases\|fuzz\)/' "$tmp/files") of them golden cases or fuzzing inputs the program parses)"

# ---- keywords ----
sed -n 's/^"\([a-z_]*\)"[ \t]*{ return [A-Z_]*; }.*/\1/p' lang/lexer.l | sort >"$tmp/kw.lexer"
sed -n 's/^syn keyword wozo[A-Za-z]* *\([^"]*\)$/\1/p' editors/vim/syntax/wozo.vim |
    grep -v 'contained' | sed 's/nextgroup=.*//' | tr ' ' '\n' | grep . | sort >"$tmp/kw.vim"
# The one keyword written as a match: "not in" (and "not" again).
if ! cmp -s "$tmp/kw.lexer" "$tmp/kw.vim"; then
    bad "the Vim syntax's keywords differ from lang/lexer.l (< lexer, > vim):"
    diff "$tmp/kw.lexer" "$tmp/kw.vim"
fi

# Built-in functions (stdlib/builtins.def) and the prelude's functions are
# highlighted as such by Vim and VS Code.
{ sed -n 's/^X([A-Z_]*, *"\([a-z_]*\)".*/\1/p' stdlib/builtins.def
  sed -n 's/^function \([a-z_]*\).*/\1/p' stdlib/prelude.wozo; } | sort -u >"$tmp/fn.std"
sed -n 's/^syn match *wozoBuiltin *"\\<\\%(\(.*\)\\)\\ze.*/\1/p' editors/vim/syntax/wozo.vim |
    sed 's/\\|/\n/g' | sort -u >"$tmp/fn.vim"
jq -r '.repository.call.patterns[0].match' editors/vscode/syntaxes/wozo.tmLanguage.json |
    sed 's/^\\b(\([^)]*\)).*/\1/' | tr '|' '\n' | sort -u >"$tmp/fn.tm"
for e in vim tm; do
    if ! cmp -s "$tmp/fn.std" "$tmp/fn.$e"; then
        bad "the built-in functions highlighted by $e differ from stdlib (< stdlib, > $e):"
        diff "$tmp/fn.std" "$tmp/fn.$e"
    fi
done

have_node=0
command -v node >/dev/null 2>&1 && have_node=1
have_npm=0
command -v npm >/dev/null 2>&1 && have_npm=1

# npm_get DIR PACKAGE...: installs the packages into build/npm/DIR unless
# they are there; returns 1 (with the reason in $tmp/npm.log) if it cannot.
npm_get() {
    dir=$root/build/npm/$1
    shift
    ok=1
    for p in "$@"; do
        name=${p%@*}
        [ -e "$dir/node_modules/$name/package.json" ] || ok=0
    done
    [ "$ok" = 1 ] && return 0
    [ "$have_npm" = 1 ] || { echo "npm is not installed" >"$tmp/npm.log"; return 1; }
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || echo '{ "private": true }' >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "$@") >"$tmp/npm.log" 2>&1
}

# ---- tree-sitter ----
if [ "$have_node" = 1 ]; then
    node tests/editors/grammar-check.js --keywords editors/tree-sitter-wozo/grammar.js >"$tmp/kw.ts"
    if ! cmp -s "$tmp/kw.lexer" "$tmp/kw.ts"; then
        bad "the tree-sitter grammar's keywords differ from lang/lexer.l (< lexer, > grammar.js):"
        diff "$tmp/kw.lexer" "$tmp/kw.ts"
    fi
    # shellcheck disable=SC2046
    if node tests/editors/grammar-check.js editors/tree-sitter-wozo/grammar.js \
            editors/tree-sitter-wozo/queries/highlights.scm $(cat "$tmp/files") >"$tmp/gc.out" 2>&1; then
        say "$(tail -n 1 "$tmp/gc.out") (grammar-check.js, the stand-in for tree-sitter parse)"
    else
        bad "grammar.js does not parse every file (tests/editors/grammar-check.js):"
        cat "$tmp/gc.out"
    fi
else
    say "SKIP grammar.js checks: node is not installed"
fi

ts=${TREE_SITTER:-}
if [ -z "$ts" ] && command -v tree-sitter >/dev/null 2>&1; then
    ts=$(command -v tree-sitter)
fi
if [ -z "$ts" ]; then
    if npm_get tree-sitter tree-sitter-cli@0.25 &&
            "$root/build/npm/tree-sitter/node_modules/.bin/tree-sitter" --version >/dev/null 2>&1; then
        ts=$root/build/npm/tree-sitter/node_modules/.bin/tree-sitter
    else
        why=$(grep -m 1 -o 'ENOTFOUND [^ ]*\|getaddrinfo [A-Z_]* [^ ]*\|npm is not installed\|ETIMEDOUT[^ ]*\|EAI_AGAIN[^ ]*' "$tmp/npm.log" 2>/dev/null)
        say "SKIP tree-sitter-cli: npm cannot install it here (${why:-see 'npm install tree-sitter-cli'}):" \
            "its package downloads the tree-sitter binary from GitHub at install time." \
            "Set TREE_SITTER=/path/to/tree-sitter to use another; grammar-check.js above parsed every file instead"
    fi
fi
if [ -n "$ts" ]; then
    gen=$root/build/tree-sitter-wozo
    rm -rf "$gen"
    mkdir -p "$gen/lib"
    cp -R editors/tree-sitter-wozo/grammar.js editors/tree-sitter-wozo/package.json \
        editors/tree-sitter-wozo/tree-sitter.json editors/tree-sitter-wozo/queries "$gen/"
    sed "s#^#$root/#" "$tmp/files" >"$tmp/paths"
    export TREE_SITTER_LIBDIR="$gen/lib"
    if ! (cd "$gen" && "$ts" generate) >"$tmp/ts.log" 2>&1; then
        bad "tree-sitter generate failed:"
        cat "$tmp/ts.log"
    elif ! (cd "$gen" && "$ts" parse --quiet --stat --paths "$tmp/paths") >"$tmp/ts.log" 2>&1; then
        bad "tree-sitter parse found errors:"
        cat "$tmp/ts.log"
    elif ! (cd "$gen" && "$ts" query queries/highlights.scm "$root/rules/criteria/part4.wozo") >"$tmp/tq.log" 2>&1; then
        bad "tree-sitter query rejects queries/highlights.scm:"
        cat "$tmp/tq.log"
    else
        say "tree-sitter $("$ts" --version 2>/dev/null | awk '{ print $2 }'): $(grep -i 'total parses' "$tmp/ts.log" || echo "$nfiles files parsed"), highlights.scm valid"
    fi
fi

# ---- VS Code ----
v=editors/vscode
for j in $v/package.json $v/language-configuration.json $v/syntaxes/wozo.tmLanguage.json; do
    jq empty "$j" 2>"$tmp/jq.err" || { bad "$j is not valid JSON:"; cat "$tmp/jq.err"; }
done
jq -e '.contributes.languages[0] | .id == "wozo" and (.extensions | index(".wozo"))' $v/package.json >/dev/null ||
    bad "$v/package.json: no language 'wozo' for .wozo files"
for f in $(jq -r '.contributes.languages[].configuration, .contributes.grammars[].path' $v/package.json); do
    [ -f "$v/$f" ] || bad "$v/package.json names $f, which does not exist"
done
[ "$(jq -r '.contributes.grammars[0].scopeName' $v/package.json)" = "$(jq -r .scopeName $v/syntaxes/wozo.tmLanguage.json)" ] ||
    bad "the scopeName in package.json differs from the grammar's"
jq -e '.comments.lineComment == "#"' $v/language-configuration.json >/dev/null ||
    bad "language-configuration.json: the line comment is not '#'"
jq -e '.brackets == [["{","}"],["[","]"],["(",")"]]' $v/language-configuration.json >/dev/null ||
    bad "language-configuration.json: the brackets are not {} [] ()"
if [ "$have_node" = 1 ] && npm_get textmate vscode-textmate@9 vscode-oniguruma@2; then
    # shellcheck disable=SC2046
    if NODE_PATH=$root/build/npm/textmate/node_modules node tests/editors/textmate-check.js \
            $v/syntaxes/wozo.tmLanguage.json $(cat "$tmp/files") >"$tmp/tm.out" 2>&1; then
        say "$(tail -n 1 "$tmp/tm.out")"
    else
        bad "the TextMate grammar:"
        cat "$tmp/tm.out"
    fi
else
    say "SKIP TextMate tokenization: $( [ "$have_node" = 1 ] && head -n 3 "$tmp/npm.log" || echo 'node is not installed')"
fi

# ---- Vim ----
if command -v vim >/dev/null 2>&1; then
    # shellcheck disable=SC2046
    WOZO_VIM_OUT=$tmp/vim.out vim -Nu NONE -i NONE -n -es -S tests/editors/vim-check.vim \
        $(cat "$tmp/files") </dev/null >/dev/null 2>&1
    if [ -s "$tmp/vim.out" ] && tail -n 1 "$tmp/vim.out" | grep -q ' 0 failures'; then
        say "$(tail -n 1 "$tmp/vim.out")"
    else
        bad "the Vim files:"
        cat "$tmp/vim.out" 2>/dev/null
    fi
else
    say "SKIP Vim: vim is not installed"
fi

[ "$fail" = 0 ] && say "all checks passed"
exit $fail
