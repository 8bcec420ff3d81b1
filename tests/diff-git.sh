#!/bin/sh
# `wozorules diff` between git revisions, in a repository of its own.
#
#   sh tests/diff-git.sh BINARY
#
# Makes a temporary repository with two commits of a small rules tree (a
# changed threshold, a changed datum, a reformatted file), then checks that
#   - `diff REV1 REV2` prints the expected report and exits 1;
#   - `diff REV REV` exits 0; a revision against a folder works;
#   - the working tree, the index and HEAD are exactly as before, and no
#     temporary folder is left behind;
#   - a revision that looks like an option (--foo, -x) is refused with exit 2
#     before git sees it, and an unknown revision gives exit 2;
#   - outside a repository a revision is refused with exit 2;
#   - run from a subfolder, PATH is taken from there.
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
fail=0
work=$(mktemp -d)
tmpd="$work/tmp"   # TMPDIR for the binary: whatever it leaves shows here
mkdir "$tmpd"
trap 'rm -rf "$work"' EXIT INT TERM

check() {  # check NAME EXPECTED-EXIT ACTUAL-EXIT
    if [ "$2" != "$3" ]; then
        echo "diff-git: $1: exit status $3, expected $2"
        fail=1
    fi
}

repo="$work/repo"
mkdir -p "$repo/rules" "$repo/data"
cd "$repo" || exit 2
git init -q
git config user.email test@example.org
git config user.name test
git config commit.gpgsign false

cat >rules/rules.wozo <<'EOF'
scale verdict { covered < attention < white_spot }
kind region { plans: number }
dataset regions: list of region from "../data/regions.yaml"

criterion reach "Bereik" for region r in regions {
  when r.plans == 0 => white_spot "{r.id}: geen plan"
  when r.plans < 3 => attention "{r.id}: {r.plans} plannen"
  otherwise => covered "{r.id}: {r.plans} plannen"
}
EOF
cat >data/regions.yaml <<'EOF'
- id: noord
  plans: 0
- id: zuid
  plans: 2
- id: west
  plans: 5
EOF
git add -A && git commit -qm "first"
rev1=$(git rev-parse HEAD)

# Second commit: a threshold, a datum, and a reformatting that is no change.
cat >rules/rules.wozo <<'EOF'
scale verdict {
    covered
  < attention
  < white_spot
}

kind region { plans: number }

dataset regions: list of region from "../data/regions.yaml"

criterion reach "Bereik" for region r in regions {
  when r.plans == 0 => white_spot "{r.id}: geen plan"
  when r.plans < 2  => attention  "{r.id}: {r.plans} plannen"
  otherwise         => covered    "{r.id}: {r.plans} plannen"
}
EOF
sed -i 's/plans: 0/plans: 1/' data/regions.yaml
git add -A && git commit -qm "second"

# Work in progress that must survive every run untouched.
echo "# uncommitted" >>rules/rules.wozo
echo "scratch" >notes.txt
git add notes.txt
before_status=$(git status --porcelain)
before_tree=$(find . -path ./.git -prune -o -type f -print | sort | xargs cksum)
before_index=$(git ls-files -s | cksum)
before_head=$(git rev-parse HEAD)

cat >"$work/want" <<'EOF'
wozorules diff: HEAD~1 -> HEAD
findings: 0 new, 0 resolved, 2 changed, 1 unchanged
declarations: 0 added, 0 removed, 1 changed

changed   reach/noord  white_spot -> attention
          was  "noord: geen plan"
          now  "noord: 1 plannen"
          rule  old rules/rules.wozo:6:3  (row 1)
                new rules/rules.wozo:13:3  (row 2, not the same row)
          data  regions[0].plans: 0 -> 1  data/regions.yaml:2:10
          because  criterion reach changed (row 2)

changed   reach/zuid  attention -> covered
          rule  old rules/rules.wozo:7:3  (row 2)
                new rules/rules.wozo:14:3  (row 3, not the same row)
          data  the same
          because  criterion reach changed (row 2)

declarations:
  changed  criterion reach  rules/rules.wozo:11  (row 2)
EOF
TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD~1 HEAD >"$work/out" 2>"$work/err"
check "diff HEAD~1 HEAD" 1 $?
if ! cmp -s "$work/want" "$work/out"; then
    echo "diff-git: diff HEAD~1 HEAD printed something else:"
    diff -u "$work/want" "$work/out"
    fail=1
fi
if [ -s "$work/err" ]; then
    echo "diff-git: diff HEAD~1 HEAD wrote to standard error:"
    cat "$work/err"
    fail=1
fi

# The same revision twice, by name and by commit id: nothing differs.
TMPDIR="$tmpd" "$bin" diff --no-prelude "$rev1" "$rev1" >"$work/out" 2>&1
check "diff REV REV" 0 $?
grep -q "^findings: 0 new, 0 resolved, 0 changed, 3 unchanged$" "$work/out" ||
    { echo "diff-git: diff REV REV:"; cat "$work/out"; fail=1; }

# A revision against the working tree's folder (with its uncommitted line).
TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD rules/ --format json >"$work/out" 2>&1
check "diff HEAD rules/" 0 $?
grep -q '"commit": "'"$(git rev-parse HEAD)"'"' "$work/out" ||
    { echo "diff-git: the JSON does not name the commit:"; head -5 "$work/out"; fail=1; }

# Markdown and SARIF of the two commits.
TMPDIR="$tmpd" "$bin" diff --no-prelude "$rev1" HEAD --format markdown >"$work/out" 2>&1
check "diff --format markdown" 1 $?
grep -q '^| changed | 2 |$' "$work/out" || { echo "diff-git: markdown:"; cat "$work/out"; fail=1; }
TMPDIR="$tmpd" "$bin" diff --no-prelude "$rev1" HEAD --format sarif >"$work/out" 2>&1
check "diff --format sarif" 1 $?
grep -q '"baselineState": "updated"' "$work/out" || { echo "diff-git: sarif:"; cat "$work/out"; fail=1; }

# Revisions that look like options never reach git.
for bad in --foo -x --output=/tmp/x; do
    TMPDIR="$tmpd" "$bin" diff --no-prelude -- "$bad" HEAD >"$work/out" 2>&1
    check "diff -- $bad HEAD" 2 $?
    grep -q "looks like an option, not a revision" "$work/out" ||
        { echo "diff-git: diff -- $bad HEAD:"; cat "$work/out"; fail=1; }
done
TMPDIR="$tmpd" "$bin" diff --no-prelude --foo HEAD >"$work/out" 2>&1
check "diff --foo HEAD" 2 $?
TMPDIR="$tmpd" "$bin" diff --no-prelude no-such-branch HEAD >"$work/out" 2>&1
check "diff no-such-branch HEAD" 2 $?
grep -q "neither a folder nor a revision" "$work/out" || { cat "$work/out"; fail=1; }
# A revision without the rules tree.
TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD HEAD elsewhere/ >"$work/out" 2>&1
check "diff HEAD HEAD elsewhere/" 2 $?

# Invalid rules in a revision: the message names the file as REV:PATH, not
# by the temporary folder it was read into (gone when the message is read).
# The broken commit is made without touching HEAD, the index or the files.
blob=$(printf 'scale verdict { covered < attention < white_spot }\nkind region { plans: number }\ndataset regions: list of region from "../data/regions.yaml"\ncriterion reach for region r in regions {\n  when r.plan == 0 => white_spot\n  otherwise => covered\n}\n' |
    git hash-object -w --stdin)
GIT_INDEX_FILE="$work/broken.index" git read-tree HEAD
GIT_INDEX_FILE="$work/broken.index" git update-index --cacheinfo "100644,$blob,rules/rules.wozo"
broken=$(git commit-tree "$(GIT_INDEX_FILE="$work/broken.index" git write-tree)" -p HEAD -m broken)
rm -f "$work/broken.index"
TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD "$broken" >"$work/out" 2>"$work/err"
check "diff HEAD BROKEN" 2 $?
grep -q "^$broken:rules/rules.wozo:5:10: error\[E0[0-9]*\]: " "$work/err" ||
    { echo "diff-git: the error in a revision is not shown as REV:PATH:"; cat "$work/err"; fail=1; }
if grep -q "$tmpd\|wozorules-diff\." "$work/err"; then
    echo "diff-git: a message names the temporary folder:"; cat "$work/err"; fail=1
fi
(cd rules && TMPDIR="$tmpd" "$bin" diff --no-prelude "$broken" HEAD . >"$work/out" 2>"$work/err")
check "diff BROKEN HEAD from rules/" 2 $?
grep -q "^$broken:rules/rules.wozo:5:10: error" "$work/err" ||
    { echo "diff-git: from rules/, the error is not shown as REV:PATH:"; cat "$work/err"; fail=1; }

# From a subfolder, PATH is relative to it, and so are the paths shown.
(cd rules && TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD~1 HEAD . >"$work/out" 2>&1)
check "diff from rules/" 1 $?
grep -q "rule  old ./rules.wozo:6:3" "$work/out" || { echo "diff-git: from rules/:"; cat "$work/out"; fail=1; }

# Nothing was touched, and nothing was left behind.
[ "$(git status --porcelain)" = "$before_status" ] || { echo "diff-git: git status changed"; git status; fail=1; }
[ "$(find . -path ./.git -prune -o -type f -print | sort | xargs cksum)" = "$before_tree" ] ||
    { echo "diff-git: the working tree changed"; fail=1; }
[ "$(git ls-files -s | cksum)" = "$before_index" ] || { echo "diff-git: the index changed"; fail=1; }
[ "$(git rev-parse HEAD)" = "$before_head" ] || { echo "diff-git: HEAD moved"; fail=1; }
if [ -n "$(ls -A "$tmpd")" ]; then
    echo "diff-git: temporary files left behind:"
    ls -la "$tmpd"
    fail=1
fi

# Outside any repository a revision cannot be read.
mkdir "$work/plain"
cp -r rules "$work/plain/"
(cd "$work/plain" && GIT_CEILING_DIRECTORIES="$work" TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD rules/ >"$work/out" 2>&1)
check "diff outside a repository" 2 $?
grep -q "not in a git repository" "$work/out" || { cat "$work/out"; fail=1; }

# Stopped (SIGTERM) while git runs: the temporary folder still goes. A fake
# git that sleeps stands in for a slow checkout; the binary stops it.
mkdir "$work/bin"
cat >"$work/bin/git" <<EOF
#!/bin/sh
case "\$1" in checkout-index) exec sleep 30 ;; esac
exec $(command -v git) "\$@"
EOF
chmod +x "$work/bin/git"
PATH="$work/bin:$PATH" TMPDIR="$tmpd" "$bin" diff --no-prelude HEAD~1 HEAD >"$work/out" 2>&1 &
pid=$!
i=0
while [ -z "$(ls -A "$tmpd")" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -n "$(ls -A "$tmpd")" ] || { echo "diff-git: the slow diff never made its temporary folder"; fail=1; }
kill -TERM $pid 2>/dev/null
wait $pid 2>/dev/null
st=$?
[ "$st" -ne 0 ] || { echo "diff-git: an interrupted diff exited 0"; fail=1; }
i=0
while [ -n "$(ls -A "$tmpd")" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if [ -n "$(ls -A "$tmpd")" ]; then
    echo "diff-git: an interrupted diff left its temporary folder:"
    ls -la "$tmpd"
    fail=1
fi

if [ "$fail" = 0 ]; then
    echo "diff-git: revisions read, reports as expected, working tree untouched, options refused"
fi
exit $fail
