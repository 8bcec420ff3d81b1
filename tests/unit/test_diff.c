/*
 * test_diff.c - runtime/diff.c: findings matched by id across two versions,
 * what changed in each and why, declarations compared by meaning (layout
 * and comments never count), and the four report writers.
 */
#include "testutil.h"

#include "../../lang/program.h"
#include "../../runtime/diff.h"
#include "../../runtime/eval.h"
#include "../../stdlib/builtins.h"

#include <unistd.h>

/* One side: its program and its evaluation. */
typedef struct Side {
    Program *p;
    Run *r;
} Side;

static Side old_side, new_side;
static Diff diff;
static char tmpdir[64];

static void side_free(Side *s)
{
    run_free(s->r);
    if (s->p)
        program_free(s->p);
    memset(s, 0, sizeof *s);
}

static int teardown(void **state)
{
    diff_free(&diff);
    side_free(&old_side);
    side_free(&new_side);
    if (tmpdir[0]) {
        char path[128];
        snprintf(path, sizeof path, "%s/old.yaml", tmpdir);
        unlink(path);
        snprintf(path, sizeof path, "%s/new.yaml", tmpdir);
        unlink(path);
        rmdir(tmpdir);
        tmpdir[0] = '\0';
    }
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, teardown)

/* Loads and evaluates one version of the rules (no prelude); the test fails
 * on any error. */
static void evaluate(Side *s, const char *path, const char *text)
{
    uint32_t id = load_text(path, text);
    assert_int_not_equal(id, 0);
    LoadOptions opt = {.prelude_text = NULL, .warnings = false};
    s->p = program_from_sources(&id, 1, &opt);
    s->r = run_new(s->p, wozo_builtins);
    bool ok = !diag_errors() && run_load(s->r) && run_evaluate(s->r);
    if (!ok || diag_errors()) {
        char *out = rendered();
        fail_msg("unexpected errors:\n%s", out);
    }
}

static void compare(const char *old_text, const char *new_text)
{
    evaluate(&old_side, "old.wozo", old_text);
    evaluate(&new_side, "new.wozo", new_text);
    diff_init(&diff);
    diff_decls(&diff, old_side.p, new_side.p);
    diff_findings(&diff, old_side.r, new_side.r);
}

static const FindingChange *finding(const char *id)
{
    for (size_t i = 0; i < diff.nfindings; i++)
        if (!strcmp(diff.findings[i].id, id))
            return &diff.findings[i];
    fail_msg("no finding '%s' in the diff", id);
    return NULL;
}

static const DeclChange *decl(const char *what, const char *name)
{
    for (size_t i = 0; i < diff.ndecls; i++)
        if (!strcmp(diff.decls[i].what, what) && !strcmp(diff.decls[i].name, name))
            return &diff.decls[i];
    return NULL;
}

#define HEAD                                                                   \
    "scale verdict { ok < attention < bad }\n"                                 \
    "kind item { score: number  note: text? }\n"

static const char *const base_rules =
    HEAD
    "item a { score: 7 }\n"
    "item b { score: 2 }\n"
    "item c { score: 9 }\n"
    "criterion level \"Level\" for item i {\n"
    "  when i.score > 5 => bad \"{i.id} is high\"\n"
    "  otherwise => ok \"{i.id} is fine\"\n"
    "}\n";

/* ------------------------------------------------------------------ */

static void test_same_rules_same_findings(void **state)
{
    (void)state;
    compare(base_rules, base_rules);
    assert_int_equal(diff.nfindings, 3);
    assert_int_equal(diff.count[DIFF_UNCHANGED], 3);
    assert_false(diff_findings_differ(&diff));
    assert_int_equal(diff.ndecls, 0);
}

/* Layout, comments and the order of declarations are not changes. */
static void test_formatting_is_not_a_change(void **state)
{
    (void)state;
    compare(base_rules,
            "# the same rules, laid out otherwise\n"
            "criterion level \"Level\" for item i {\n"
            "  when i.score > 5   => bad   \"{i.id} is high\"   # first\n"
            "  otherwise          => ok    \"{i.id} is fine\"\n"
            "}\n"
            "item c {\n  score: 9\n}\n"
            "item b { score: 2 }\n"
            "item a {\n\n  score: 7\n}\n"
            "kind item {\n  score: number\n  note: text?\n}\n"
            "scale verdict {\n    ok\n  < attention\n  < bad\n}\n");
    assert_int_equal(diff.ndecls, 0);
    assert_false(diff_findings_differ(&diff));
}

/* Two tests with one title on each side: they are paired in the order of
 * their places, so the one that changed is the one reported (the sort used
 * to rank them by title alone, leaving their order to qsort). */
static void test_duplicate_titles_paired_by_place(void **state)
{
    (void)state;
    compare(HEAD "item a { score: 7 }\n"
                 "test \"twice\" { expect 1 == 1 }\n"
                 "test \"twice\" { expect 2 == 2 }\n"
                 "test \"twice\" { expect 3 == 3 }\n",
            HEAD "item a { score: 7 }\n"
                 "test \"twice\" { expect 1 == 1 }\n"
                 "test \"twice\" { expect 2 == 2 + 0 }\n"
                 "test \"twice\" { expect 3 == 3 }\n");
    assert_int_equal(diff.ndecls, 1);
    const DeclChange *ch = &diff.decls[0];
    assert_int_equal(ch->state, DECL_CHANGED);
    assert_string_equal(ch->name, "\"twice\"");
    /* the second test on both sides */
    const Source *os = source_get(ch->old->span.file), *ns = source_get(ch->new_->span.file);
    assert_memory_equal(os->text + ch->old->span.off + ch->old->span.len - 11, "expect 2 == 2 }" + 4, 11);
    assert_memory_equal(ns->text + ch->new_->span.off + ch->new_->span.len - 15, "expect 2 == 2 + 0 }" + 4, 15);
}

static void test_findings_matched_by_id(void **state)
{
    (void)state;
    compare(base_rules,
            HEAD
            "item a { score: 3 }\n"       /* bad -> ok: changed */
            "item b { score: 2 }\n"       /* unchanged */
            "item d { score: 6 }\n"       /* new; c is gone: resolved */
            "criterion level \"Level\" for item i {\n"
            "  when i.score > 5 => bad \"{i.id} is high\"\n"
            "  otherwise => ok \"{i.id} is fine\"\n"
            "}\n");
    assert_int_equal(diff.nfindings, 4);
    const FindingChange *a = finding("level/a");
    assert_int_equal(a->state, DIFF_CHANGED);
    assert_true(a->what & DIFF_VERDICT);
    assert_true(a->what & DIFF_MESSAGE);
    assert_true(a->row_changed);          /* another row matched */
    assert_null(a->criterion);            /* the criterion itself is the same */
    assert_int_equal(a->ndecls, 1);       /* ... but the thing it read changed */
    assert_string_equal(a->decls[0]->what, "item");
    assert_string_equal(a->decls[0]->name, "a");
    assert_string_equal(a->decls[0]->detail, "fields score");
    assert_int_equal(finding("level/b")->state, DIFF_UNCHANGED);
    const FindingChange *c = finding("level/c");
    assert_int_equal(c->state, DIFF_RESOLVED);
    assert_null(c->new_);
    assert_non_null(c->old);
    const FindingChange *d = finding("level/d");
    assert_int_equal(d->state, DIFF_NEW);
    assert_null(d->old);
    assert_non_null(decl("item", "d"));
    assert_int_equal(decl("item", "d")->state, DECL_ADDED);
    assert_int_equal(decl("item", "c")->state, DECL_REMOVED);
    assert_true(diff_findings_differ(&diff));
    /* Sorted by id whatever the order of evaluation. */
    for (size_t i = 1; i < diff.nfindings; i++)
        assert_true(strcmp(diff.findings[i - 1].id, diff.findings[i].id) < 0);
}

/* A changed message with the same verdict is a change; the row that
 * matched is the same, but its text changed. */
static void test_message_change(void **state)
{
    (void)state;
    compare(base_rules,
            HEAD
            "item a { score: 7 }\n"
            "item b { score: 2 }\n"
            "item c { score: 9 }\n"
            "criterion level \"Level\" for item i {\n"
            "  when i.score > 5 => bad \"{i.id} is too high\"\n"
            "  otherwise => ok \"{i.id} is fine\"\n"
            "}\n");
    const FindingChange *a = finding("level/a");
    assert_int_equal(a->state, DIFF_CHANGED);
    assert_int_equal(a->what, DIFF_MESSAGE);
    assert_true(a->row_changed);
    assert_non_null(a->criterion);
    assert_string_equal(a->criterion->detail, "row 1");
    assert_int_equal(finding("level/b")->state, DIFF_UNCHANGED);
    assert_int_equal(diff.count[DIFF_CHANGED], 2);  /* a and c */
}

static void test_declaration_details(void **state)
{
    (void)state;
    compare(HEAD
            "function twice(x: number): number = x * 2\n"
            "item a { score: 7 }\n"
            "criterion level for item i {\n"
            "  let s = twice(i.score)\n"
            "  when s > 10 => bad\n"
            "  when s > 5 => attention\n"
            "  otherwise => ok\n"
            "}\n",
            "scale verdict { ok < attention < bad }\n"
            "kind item { score: number  note: text?  weight: number? }\n"
            "function twice(x: number): number = x * 3\n"
            "item a \"A\" { score: 7  note: \"seen\" }\n"
            "criterion level for item i {\n"
            "  let s = twice(i.score) + 1\n"
            "  when s > 10 => bad\n"
            "  when s > 6 => attention\n"
            "  otherwise => ok\n"
            "}\n");
    assert_string_equal(decl("kind", "item")->detail, "fields weight");
    assert_string_equal(decl("item", "a")->detail, "title; fields note");
    assert_string_equal(decl("function", "twice")->detail, "body");
    assert_string_equal(decl("criterion", "level")->detail, "let s; row 2");
    assert_null(decl("scale", "verdict"));
    assert_int_equal(diff.decl_count[DECL_CHANGED], 4);
    /* Sorted by what, then name. */
    for (size_t i = 1; i < diff.ndecls; i++) {
        int c = strcmp(diff.decls[i - 1].what, diff.decls[i].what);
        assert_true(c < 0 || (c == 0 && strcmp(diff.decls[i - 1].name, diff.decls[i].name) < 0));
    }
    /* The finding stays bad (14 -> 22): unchanged, whatever changed. */
    assert_int_equal(finding("level/a")->state, DIFF_UNCHANGED);
}

static void test_rows_added(void **state)
{
    (void)state;
    compare(HEAD "item a { score: 7 }\n"
                 "criterion level for item i {\n  when i.score > 5 => bad\n  otherwise => ok\n}\n",
            HEAD "item a { score: 7 }\n"
                 "criterion level for item i {\n  when i.score > 8 => bad\n  when i.score > 5 => attention\n"
                 "  otherwise => ok\n}\n");
    assert_string_equal(decl("criterion", "level")->detail, "rows 1, 2; 3 rows instead of 2");
    const FindingChange *a = finding("level/a");
    assert_int_equal(a->state, DIFF_CHANGED);
    assert_int_equal(a->what, DIFF_VERDICT | DIFF_COMPUTED);
    assert_int_equal(a->new_->row_index, 1);
    assert_int_equal(a->old->row_index, 0);
}

/* A criterion that uses another's verdicts names it as a cause. */
static void test_uses_other_criteria(void **state)
{
    (void)state;
#define USES_RULES                                                                      \
        HEAD                                                                            \
        "item a { score: %d }\n"                                                        \
        "criterion level for item i {\n  when i.score > 5 => bad\n  otherwise => ok\n}\n" \
        "function worried(i: item): boolean = verdict(level, i) == bad\n"              \
        "criterion summary for item i {\n  when worried(i) => attention \"look at {i.id}\"\n" \
        "  otherwise => ok\n}\n"
    char o[1024], n[1024];
    snprintf(o, sizeof o, USES_RULES, 7);
    snprintf(n, sizeof n, USES_RULES, 2);
    compare(o, n);
    const FindingChange *s = finding("summary/a");
    assert_int_equal(s->state, DIFF_CHANGED);
    assert_int_equal(s->nuses, 1);
    assert_string_equal(s->uses[0].criterion, "level");
    assert_int_equal(s->uses[0].changed, 1);
}

/* Judgements: the verdict is the judged one, the computed one is kept. */
static void test_judgement(void **state)
{
    (void)state;
    const char *rules = HEAD
        "item a { score: 7 }\n"
        "criterion level for item i {\n  when i.score > 5 => bad\n  otherwise => ok\n}\n";
    char n[1024];
    snprintf(n, sizeof n, "%s%s", rules,
             "judgement level for a {\n  verdict: ok\n  by: \"me\"\n  date: 2024-01-01\n  because: \"known\"\n}\n");
    compare(rules, n);
    const FindingChange *a = finding("level/a");
    assert_int_equal(a->state, DIFF_CHANGED);
    assert_int_equal(a->what, DIFF_VERDICT | DIFF_JUDGEMENT);
    assert_int_equal(decl("judgement", "level/a")->state, DECL_ADDED);
}

/* Data: the values read that differ, by path, with both sides' values. */
static void test_data_changes(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/wozo-test-diff-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    char po[128], pn[128];
    snprintf(po, sizeof po, "%s/old.yaml", tmpdir);
    snprintf(pn, sizeof pn, "%s/new.yaml", tmpdir);
    FILE *f = fopen(po, "w");
    assert_non_null(f);
    fputs("- id: north\n  score: 7\n- id: south\n  score: 1\n", f);
    fclose(f);
    f = fopen(pn, "w");
    assert_non_null(f);
    fputs("- id: north\n  score: 3\n- id: south\n  score: 1\n- id: east\n  score: 9\n", f);
    fclose(f);
    char o[1024], n[1024];
#define DATA_RULES                                   \
    "scale verdict { ok < bad }\n"                    \
    "kind region { score: number }\n"                 \
    "dataset regions: list of region from \"%s\"\n"  \
    "criterion level for region r in regions {\n"     \
    "  let s = r.score\n"                             \
    "  when s > 5 => bad\n  otherwise => ok\n}\n"
    snprintf(o, sizeof o, DATA_RULES, po);
    snprintf(n, sizeof n, DATA_RULES, pn);
    compare(o, n);
    const FindingChange *north = finding("level/north");
    assert_int_equal(north->state, DIFF_CHANGED);
    assert_int_equal(north->ndata, 1);
    assert_string_equal(north->data[0].path, "regions[0].score");
    assert_non_null(north->data[0].old);
    assert_non_null(north->data[0].new_);
    assert_int_equal(north->nlets, 1);
    assert_string_equal(north->lets[0].name, "s");
    assert_string_equal(north->lets[0].old, "7");
    assert_string_equal(north->lets[0].new_, "3");
    assert_int_equal(finding("level/south")->state, DIFF_UNCHANGED);
    assert_int_equal(finding("level/east")->state, DIFF_NEW);
    assert_string_equal(decl("dataset", "regions")->detail, "file");

    /* The writers show the data line, and the JSON is well-formed enough to
     * name both values. */
    DiffReport ro = {.old = {"old", NULL, NULL, old_side.r}, .new_ = {"new", NULL, NULL, new_side.r}};
    Buf b = BUF_INIT;
    diff_report_text(&b, &diff, &ro);
    assert_contains(buf_str(&b), "findings: 1 new, 0 resolved, 1 changed, 1 unchanged");
    assert_contains(buf_str(&b), "data  regions[0].score: 7 -> 3");
    assert_contains(buf_str(&b), "let   s: 7 -> 3");
    buf_clear(&b);
    diff_report_json(&b, &diff, &ro);
    assert_contains(buf_str(&b), "{\"path\": \"regions[0].score\", \"old\": {\"value\": \"7\"");
    buf_free(&b);
}

static void test_writers(void **state)
{
    (void)state;
    compare(base_rules,
            HEAD
            "item a { score: 7 }\n"
            "item b { score: 2 }\n"
            "item d { score: 1 }\n"
            "criterion level \"Level <1>\" for item i {\n"
            "  when i.score > 5 => bad \"{i.id} | high\"\n"
            "  otherwise => ok \"{i.id} is fine\"\n"
            "}\n");
    DiffReport ro = {.old = {"main", "0123abc", NULL, old_side.r}, .new_ = {"HEAD", NULL, NULL, new_side.r}};
    Buf b = BUF_INIT;

    diff_report_text(&b, &diff, &ro);
    assert_contains(buf_str(&b), "wozorules diff: main -> HEAD\n");
    assert_contains(buf_str(&b), "\nchanged   level/a  bad\n");
    assert_contains(buf_str(&b), "\nnew       level/d  ok\n");
    assert_contains(buf_str(&b), "\nresolved  level/c  was bad\n");
    assert_contains(buf_str(&b), "rule  old old.wozo:7:3  (row 1)");
    assert_contains(buf_str(&b), "      new new.wozo:7:3  (row 1, not the same row)");
    assert_contains(buf_str(&b), "because  criterion level changed (title; row 1)");
    assert_contains(buf_str(&b), "\n  removed  item c  old.wozo:5 (old)\n");

    buf_clear(&b);
    diff_report_markdown(&b, &diff, &ro);
    assert_true(strncmp(buf_str(&b), "<!-- wozorules-diff -->\n", 24) == 0);
    assert_contains(buf_str(&b), "| changed | 1 |");
    assert_contains(buf_str(&b), "<details><summary>Changed findings (1)</summary>");
    assert_contains(buf_str(&b), "a \\| high");         /* '|' cannot end the cell */
    assert_not_contains(buf_str(&b), "Level <1>");

    buf_clear(&b);
    diff_report_sarif(&b, &diff, &ro);
    assert_contains(buf_str(&b), "\"version\": \"2.1.0\"");
    assert_contains(buf_str(&b), "\"baselineState\": \"updated\"");
    assert_contains(buf_str(&b), "\"baselineState\": \"new\"");
    assert_contains(buf_str(&b), "\"baselineState\": \"absent\"");
    assert_contains(buf_str(&b), "\"baselineState\": \"unchanged\"");
    assert_contains(buf_str(&b), "\"kind\": \"fail\", \"level\": \"error\"");

    buf_clear(&b);
    diff_report_json(&b, &diff, &ro);
    assert_contains(buf_str(&b), "\"old\": {\"label\": \"main\", \"commit\": \"0123abc\"}");
    assert_contains(buf_str(&b), "\"summary\": {\"new\": 1, \"resolved\": 1, \"changed\": 1, \"unchanged\": 1");
    buf_free(&b);
}

static void test_paths_without_temporary_folder(void **state)
{
    (void)state;
    DiffSide s = {"main", NULL, "/tmp/wozorules-diff.abc/old/", NULL};
    assert_string_equal(diff_path(&s, "/tmp/wozorules-diff.abc/old/rules/x.wozo"), "rules/x.wozo");
    assert_string_equal(diff_path(&s, "elsewhere/x.wozo"), "elsewhere/x.wozo");
    DiffSide none = {"dir/", NULL, NULL, NULL};
    assert_string_equal(diff_path(&none, "dir/x.wozo"), "dir/x.wozo");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_same_rules_same_findings),
        T(test_formatting_is_not_a_change),
        T(test_findings_matched_by_id),
        T(test_message_change),
        T(test_declaration_details),
        T(test_rows_added),
        T(test_uses_other_criteria),
        T(test_judgement),
        T(test_data_changes),
        T(test_writers),
        T(test_duplicate_titles_paired_by_place),
        T(test_paths_without_temporary_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
