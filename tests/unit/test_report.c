/*
 * test_report.c - runtime/report_*.c: what the report writers draw besides
 * the list of findings (report_view.c), and that it depends only on the
 * rules and the data, never on the order the findings come in.
 */
#include "testutil.h"

#include "../../lang/program.h"
#include "../../runtime/report.h"
#include "../../stdlib/builtins.h"

#include <unistd.h>

static Program *prog;
static Run *run;
static char dir[64];
static char data_path[128];

static int setup(void **state)
{
    test_setup(state);
    snprintf(dir, sizeof dir, "/tmp/wozo-test-report-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(data_path, sizeof data_path, "%s/places.yaml", dir);
    return 0;
}

static int teardown(void **state)
{
    run_free(run);
    run = NULL;
    program_free(prog);
    prog = NULL;
    unlink(data_path);
    rmdir(dir);
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* Loads `rules` (with "%s" for the data file) and `yaml`, and evaluates;
 * the test fails on any error. */
static void evaluate(const char *rules, const char *yaml)
{
    FILE *f = fopen(data_path, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    Buf b = BUF_INIT;
    const char *at = strstr(rules, "%s");
    assert_non_null(at);
    buf_put(&b, rules, (size_t)(at - rules));
    buf_puts(&b, data_path);
    buf_puts(&b, at + 2);
    uint32_t id = load_text("r.wozo", buf_str(&b));
    buf_free(&b);
    assert_int_not_equal(id, 0);
    LoadOptions opt = {.prelude_text = NULL, .warnings = false};
    prog = program_from_sources(&id, 1, &opt);
    run = run_new(prog, wozo_builtins);
    if (diag_errors() || !run_load(run) || !run_evaluate(run)) {
        char *out = rendered();
        fail_msg("unexpected errors:\n%s", out);
    }
}

/* Two subjects with one id (records of two lists, put together by an
 * expression) judged by two criteria: the subjects tie on everything the
 * table's order used to look at (neither is at the top of its dataset). */
static const char twins_rules[] =
    "scale verdict { ok < bad }\n"
    "kind person { age: number }\n"
    "kind place { people: list of person }\n"
    "dataset places: list of place from \"%s\"\n"
    "criterion old for person x in [places[1].people[0], places[0].people[0]] {\n"
    "  when x.age > 50 => bad\n"
    "  otherwise => ok\n"
    "}\n"
    "criterion young for person x in [places[0].people[0], places[1].people[0]] {\n"
    "  when x.age < 50 => bad\n"
    "  otherwise => ok\n"
    "}\n";

static const char twins_yaml[] =
    "- people: [{id: anna, age: 60}]\n"
    "- people: [{id: anna, age: 40}]\n";

/* The rows and cells of the first table, as "subject-age:criterion" per
 * cell, for comparing two tables. */
static void table_shape(Buf *b, const ReportTable *t)
{
    for (uint32_t i = 0; i < t->nsubjects; i++) {
        buf_printf(b, "row %u:", i);
        for (uint32_t c = 0; c < t->ncriteria; c++) {
            const Finding *f = t->cells[(size_t)i * t->ncriteria + c];
            if (f)
                buf_printf(b, " %s-%s", f->id, f->record->fields[0].u.i == 60 ? "60" : "40");
        }
        buf_printf(b, " (first %s)\n", t->subjects[i]->criterion->name->str);
    }
}

static void verdict_tables_do_not_depend_on_finding_order(void **state)
{
    (void)state;
    evaluate(twins_rules, twins_yaml);
    size_t n;
    Finding **fs = run_findings(run, &n);
    assert_int_equal(n, 4);
    Finding *rev[4];
    for (size_t i = 0; i < n; i++)
        rev[i] = fs[n - 1 - i];
    ReportTable *t1, *t2;
    assert_int_equal(report_tables(run, fs, n, NULL, 0, false, &t1), 1);
    assert_int_equal(report_tables(run, rev, n, NULL, 0, false, &t2), 1);
    Buf a = BUF_INIT, b = BUF_INIT;
    table_shape(&a, &t1[0]);
    table_shape(&b, &t2[0]);
    /* Rows in data order (places[0] first), each subject's findings in one
     * row, criteria in program order. */
    assert_string_equal(buf_str(&a), "row 0: old/anna-60 young/anna-60 (first old)\n"
                                     "row 1: old/anna-40 young/anna-40 (first old)\n");
    assert_string_equal(buf_str(&a), buf_str(&b));
    buf_free(&a);
    buf_free(&b);
}

/* The list of findings itself: subjects with one id keep the order of the
 * criterion's subjects. */
static void findings_order_is_total(void **state)
{
    (void)state;
    evaluate(twins_rules, twins_yaml);
    size_t n;
    Finding **fs = run_findings(run, &n);
    assert_int_equal(n, 4);
    Buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s:%s:%u ", fs[i]->id, fs[i]->verdict->name->str, fs[i]->subject_index);
    assert_string_equal(buf_str(&b), "old/anna:bad:1 young/anna:bad:1 old/anna:ok:0 young/anna:ok:0 ");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(verdict_tables_do_not_depend_on_finding_order),
        T(findings_order_is_total),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
