/*
 * test_builtins.c - every built-in function (stdlib/builtins.def): the
 * aggregates the evaluator computes and the functions of stdlib/builtins.c,
 * with their results on ordinary, edge and empty inputs and their errors.
 * Each call is evaluated as the body of a function of small rules over a
 * small dataset, as a rule file would use it.
 */
#include "testutil.h"

#include "../../base/date.h"
#include "../../lang/program.h"
#include "../../runtime/eval.h"
#include "../../stdlib/builtins.h"

#include <unistd.h>

extern const char wozo_prelude_text[];
extern const size_t wozo_prelude_len;

static Program *prog;
static Run *run;
static char dir[64];
static char data_path[128];

static const char vocab[] =
    "scale verdict { ok < warn < bad }\n"
    "scale level { low < mid < high }\n"
    "kind item {\n"
    "  name: text\n"
    "  n: number\n"
    "  share: percentage\n"
    "  cost: money\n"
    "  day: date\n"
    "  level: level\n"
    "  tags: list of text\n"
    "  note: text?\n"
    "}\n"
    "dataset items: list of item from \"%s\"\n"
    "%s"  /* as_of 2024-08-02, or nothing */
    "criterion size for item i {\n"
    "  when i.n > 10 => bad\n"
    "  otherwise => ok\n"
    "}\n"
    "criterion size_of_data for item i in items {\n"
    "  when i.n > 10 => bad\n"
    "  otherwise => ok\n"
    "}\n";

static const char items_yaml[] =
    "- id: a\n"
    "  name: \"Zeeuws-Vlaanderen \xC3\xAB \xC3\x89\"\n"  /* ë É */
    "  n: 12\n"
    "  share: 33.35%\n"
    "  cost: EUR 10.50\n"
    "  day: 2020-02-29\n"
    "  level: high\n"
    "  tags: [een, twee]\n"
    "  note: kort\n"
    "- id: b\n"
    "  name: \"\xC3\x89" "COLE \xC3\xA9" "cole\"\n"         /* ÉCOLE école */
    "  n: 0\n"
    "  share: 66.65%\n"
    "  cost: EUR 0.25\n"
    "  day: 2024-08-03\n"
    "  level: low\n"
    "  tags: []\n"
    "- id: c\n"
    "  name: \"-\"\n"
    "  n: -2.5\n"
    "  share: 0%\n"
    "  cost: EUR 1_000\n"
    "  day: 1999-12-31\n"
    "  level: mid\n"
    "  tags: [\"\"]\n";

static int setup(void **state)
{
    test_setup(state);
    snprintf(dir, sizeof dir, "/tmp/wozo-test-builtins-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(data_path, sizeof data_path, "%s/items.yaml", dir);
    FILE *f = fopen(data_path, "w");
    assert_non_null(f);
    fputs(items_yaml, f);
    fclose(f);
    return 0;
}

static void unload(void)
{
    run_free(run);
    run = NULL;
    program_free(prog);
    prog = NULL;
}

static int teardown(void **state)
{
    unload();
    unlink(data_path);
    rmdir(dir);
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* Evaluates `expr` of type `type` after the vocabulary (or, when asked,
 * after the prelude alone); returns it as a rule file writes it, or NULL after a
 * runtime error. `as_of` overrides the rules' date unless NULL; "none"
 * removes it. */
static const char *eval_with(bool prelude, const char *as_of, const char *type, const char *expr)
{
    static char result[1024];
    unload();
    diag_clear();
    Buf b = BUF_INIT;
    bool dated = !as_of || strcmp(as_of, "none") != 0;
    if (!prelude)  /* the prelude has its own verdict scale */
        buf_printf(&b, vocab, data_path, dated ? "as_of 2024-08-02\n" : "");
    buf_printf(&b, "function t_(): %s = %s\n", type, expr);
    uint32_t id = load_text("b.wozo", buf_str(&b));
    buf_free(&b);
    assert_int_not_equal(id, 0);
    LoadOptions opt = {.prelude_text = prelude ? wozo_prelude_text : NULL, .prelude_len = wozo_prelude_len,
                       .prelude_name = "stdlib/prelude.wozo", .warnings = false};
    prog = program_from_sources(&id, 1, &opt);
    if (diag_errors()) {
        char *out = rendered();
        fail_msg("%s does not load:\n%s", expr, out);
    }
    run = run_new(prog, wozo_builtins);
    if (as_of && strcmp(as_of, "none") != 0) {
        int32_t d;
        assert_true(date_parse(as_of, strlen(as_of), &d));
        run_set_as_of(run, d);
    }
    assert_true(run_load(run));
    const GlobalSym *g = program_global(prog, sym_cstr("t_"));
    const Function *fn = g->p;
    Value v;
    if (!run_eval(run, fn->body, fn->nslots, &v))
        return NULL;
    Buf f = BUF_INIT;
    val_format(&f, v, true);
    snprintf(result, sizeof result, "%s", buf_str(&f));
    buf_free(&f);
    return result;
}

static void check(bool prelude, const char *as_of, const char *type, const char *expr, const char *want)
{
    const char *got = eval_with(prelude, as_of, type, expr);
    if (!got) {
        char *out = rendered();
        fail_msg("%s failed:\n%s", expr, out);
    }
    if (strcmp(got, want) != 0)
        fail_msg("%s gave %s, expected %s", expr, got, want);
}

#define EQ(type, expr, want) check(false, NULL, type, expr, want)

static void fails(const char *as_of, const char *type, const char *expr, DiagCode code, const char *fragment)
{
    const char *got = eval_with(false, as_of, type, expr);
    char *out = rendered();
    if (got || diag_count_code(code) != 1)
        fail_msg("%s: expected %s, got %s:\n%s", expr, diag_code_name(code), got ? got : "an error", out);
    assert_contains(out, fragment);
    mem_free(out);
}

/* ---- aggregates ---- */

static void bi_count(void **state)
{
    (void)state;
    EQ("number", "count(items)", "3");
    EQ("number", "count(item)", "0");  /* no things of the kind */
    EQ("number", "count(i in items where i.n > 0)", "1");
    EQ("number", "count(i in items: len(i.tags) > 0)", "2");
    EQ("number", "count(i in items where i.n >= 0: i.level > low)", "1");
    EQ("number", "count(items where n < 0)", "1");
    EQ("number", "count([])", "0");
}

static void bi_sum(void **state)
{
    (void)state;
    EQ("number", "sum(i in items: i.n)", "9.5");
    EQ("money", "sum(i in items: i.cost)", "EUR 1_010.75");
    EQ("percentage", "sum(i in items: i.share)", "100%");
    EQ("number", "sum(i in items where i.n > 100: i.n)", "0");
    EQ("number", "sum([1, 2, 3])", "6");
    fails(NULL, "number", "sum(i in items: i.n * 900_000_000_000_000_000)", DIAG_E102,
          "error[E102]: the result is too large to compute exactly");
}

static void bi_min_max(void **state)
{
    (void)state;
    EQ("number", "min(i in items: i.n)", "-2.5");
    EQ("number", "max(i in items: i.n)", "12");
    EQ("money", "max(i in items: i.cost)", "EUR 1_000");
    EQ("date", "min(i in items: i.day)", "1999-12-31");
    EQ("level", "max(i in items: i.level)", "high");
    EQ("level", "min(i in items where i.n >= 0: i.level)", "low");
    EQ("text", "min(i in items: i.name)", "\"-\"");
    EQ("number", "max([3, 1, 2])", "3");
    fails(NULL, "number", "min(i in items where i.n > 100: i.n)", DIAG_E105,
          "error[E105]: min of no elements: the 'where' condition holds for none of the 3");
    fails(NULL, "number", "max(t in items[1].tags: len(t))", DIAG_E105, "error[E105]: max of an empty list");
}

static void bi_share(void **state)
{
    (void)state;
    EQ("percentage", "share(i in items: i.n > 0)", "33.333333%");
    EQ("boolean", "share(i in items: i.n > 0) == 1 / 3", "true");
    EQ("percentage", "share(i in items where i.n >= 0: i.n > 0)", "50%");
    EQ("percentage", "share(i in items where i.n > 0)", "33.333333%");
    EQ("percentage", "share(i in items: true)", "100%");
    fails(NULL, "percentage", "share(t in items[1].tags: t == \"x\")", DIAG_E105, "error[E105]: share of an empty list");
    fails(NULL, "percentage", "share(i in items where i.n > 100: true)", DIAG_E105, "share of no elements");
}

static void bi_all_any_none(void **state)
{
    (void)state;
    EQ("boolean", "all(i in items: i.cost > EUR 0)", "true");
    EQ("boolean", "all(i in items: i.n > 0)", "false");
    EQ("boolean", "any(i in items: i.n > 10)", "true");
    EQ("boolean", "any(i in items: i.n > 100)", "false");
    EQ("boolean", "none(i in items: i.n > 100)", "true");
    EQ("boolean", "none(i in items: i.n > 10)", "false");
    /* over nothing: all and none hold, any does not */
    EQ("boolean", "all(t in items[1].tags: t == \"x\")", "true");
    EQ("boolean", "any(t in items[1].tags: t == \"x\")", "false");
    EQ("boolean", "none(t in items[1].tags: t == \"x\")", "true");
    EQ("boolean", "all([true, true])", "true");
    EQ("boolean", "any([false, false])", "false");
    EQ("boolean", "all(items where n > 0)", "false");
    /* they stop at the first element that decides */
    EQ("boolean", "any(i in items: i.n > 10 or 1 / i.n > 0)", "true");
    EQ("boolean", "all(i in items: i.n > 10 and 1 / i.n > 0)", "false");
    EQ("boolean", "none(i in items: i.n > 10 or 1 / i.n > 0)", "false");
}

/* ---- functions of builtins.c ---- */

static void bi_len(void **state)
{
    (void)state;
    EQ("number", "len(items[0].name)", "21");  /* characters, not bytes */
    EQ("number", "len(\"\")", "0");
    EQ("number", "len(items[0].tags)", "2");
    EQ("number", "len(items[1].tags)", "0");
    EQ("number", "len(items)", "3");
    fails(NULL, "number", "len(items[1].note)", DIAG_E106, "'items[1].note' has no value");
}

static void bi_contains(void **state)
{
    (void)state;
    EQ("boolean", "contains(items[0].name, \"Vlaanderen\")", "true");
    EQ("boolean", "contains(items[0].name, \"vlaanderen\")", "false");  /* case matters */
    EQ("boolean", "contains(items[0].name, \"\xC3\xAB \xC3\x89\")", "true");
    EQ("boolean", "contains(items[0].name, \"\")", "true");
    EQ("boolean", "contains(\"\", \"a\")", "false");
    EQ("boolean", "contains(\"ab\", \"abc\")", "false");
}

static void bi_lower_upper(void **state)
{
    (void)state;
    EQ("text", "lower(items[0].name)", "\"zeeuws-vlaanderen \xC3\xAB \xC3\xA9\"");
    EQ("text", "upper(items[0].name)", "\"ZEEUWS-VLAANDEREN \xC3\x8B \xC3\x89\"");
    EQ("text", "lower(items[1].name)", "\"\xC3\xA9" "cole \xC3\xA9" "cole\"");
    EQ("text", "upper(items[1].name)", "\"\xC3\x89" "COLE \xC3\x89" "COLE\"");
    /* ß and ÿ have no single upper-case letter in Latin-1: kept */
    EQ("text", "upper(\"stra\xC3\x9F" "e \xC3\xBF \xE2\x82\xAC\")", "\"STRA\xC3\x9F" "E \xC3\xBF \xE2\x82\xAC\"");
    EQ("text", "lower(\"\xC3\x97 \xC3\xB7\")", "\"\xC3\x97 \xC3\xB7\"");  /* × ÷ are not letters */
    EQ("text", "upper(\"\")", "\"\"");
}

static void bi_dates(void **state)
{
    (void)state;
    EQ("number", "year(items[0].day)", "2020");
    EQ("number", "year(1999-12-31)", "1999");
    EQ("number", "days_between(items[0].day, 2024-08-02)", "1616");
    EQ("number", "days_between(2024-08-02, items[0].day)", "-1616");
    EQ("number", "days_between(2024-02-28, 2024-03-01)", "2");
    EQ("number", "days_between(2023-02-28, 2023-03-01)", "1");
    EQ("number", "days_between(items[1].day, items[1].day)", "0");
}

static void bi_round(void **state)
{
    (void)state;
    EQ("number", "round(2.5)", "3");
    EQ("number", "round(-2.5)", "-3");
    EQ("number", "round(2.4999)", "2");
    EQ("number", "round(0.125, 2)", "0.13");
    EQ("number", "round(-0.125, 2)", "-0.13");
    EQ("number", "round(1 / 3, 4)", "0.3333");
    EQ("number", "round(items[2].n)", "-3");
    /* percentages round in percentage points */
    EQ("percentage", "round(items[0].share)", "33%");
    EQ("percentage", "round(items[0].share, 1)", "33.4%");
    EQ("percentage", "round(items[1].share, 1)", "66.7%");
    EQ("percentage", "round(share(i in items: i.n > 0))", "33%");
    EQ("percentage", "round(share(i in items: i.n <= 0), 2)", "66.67%");
    EQ("money", "round(EUR 10 / 3, 2)", "EUR 3.33");
    EQ("money", "round(items[0].cost)", "EUR 11");
}

static void bi_present_default(void **state)
{
    (void)state;
    EQ("boolean", "present(items[0].note)", "true");
    EQ("boolean", "present(items[1].note)", "false");
    EQ("text", "default(items[0].note, \"none\")", "\"kort\"");
    EQ("text", "default(items[1].note, \"none\")", "\"none\"");
    /* the default is evaluated only when needed */
    EQ("number", "default(items[0].n, 1 / items[1].n)", "12");
    fails(NULL, "text", "default(items[1].note, \"{1 / items[1].n}\")", DIAG_E101, "error[E101]: division by zero");
}

static void bi_verdict(void **state)
{
    (void)state;
    EQ("verdict", "verdict(size_of_data, items[0])", "bad");
    EQ("verdict", "verdict(size_of_data, items[1])", "ok");
    EQ("boolean", "verdict(size_of_data, items[0]) > ok", "true");
}

static void bi_as_of_date(void **state)
{
    (void)state;
    check(false, NULL, "date", "as_of_date()", "2024-08-02");
    check(false, "2030-01-01", "date", "as_of_date()", "2030-01-01");
    check(false, "2030-01-01", "number", "days_between(as_of_date(), 2030-01-31)", "30");
    /* never the clock: without a date it is an error */
    fails("none", "date", "as_of_date()", DIAG_E109,
          "error[E109]: as_of_date() is the evaluation date, but no evaluation date is set");
}

static void bi_join(void **state)
{
    (void)state;
    EQ("text", "join(items[0].tags, \", \")", "\"een, twee\"");
    EQ("text", "join(items[1].tags, \", \")", "\"\"");
    EQ("text", "join(items[2].tags, \"-\")", "\"\"");
    EQ("text", "join([1, 2.5, 50%], \"/\")", "\"1/2.5/50%\"");
    EQ("text", "join([low, high], \" < \")", "\"low < high\"");
    EQ("text", "join([2024-08-02, 2024-08-03], \"\")", "\"2024-08-022024-08-03\"");
}

/* describe() is written in the prelude, not in C: its thresholds live
 * there. */
static void describe_from_the_prelude(void **state)
{
    (void)state;
    check(true, NULL, "text", "describe(0)", "\"geen\"");
    check(true, NULL, "text", "describe(1)", "\"alle\"");
    const char *half = eval_with(true, NULL, "text", "describe(5 / 10)");
    assert_non_null(half);
    assert_string_not_equal(half, "\"geen\"");
    assert_string_not_equal(half, "\"alle\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(bi_count),
        T(bi_sum),
        T(bi_min_max),
        T(bi_share),
        T(bi_all_any_none),
        T(bi_len),
        T(bi_contains),
        T(bi_lower_upper),
        T(bi_dates),
        T(bi_round),
        T(bi_present_default),
        T(bi_verdict),
        T(bi_as_of_date),
        T(bi_join),
        T(describe_from_the_prelude),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
