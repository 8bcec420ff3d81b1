/*
 * test_eval.c - runtime/eval.c: every expression form evaluated against
 * small rules and data (exact arithmetic, comparisons, text, fields, map
 * lookup, aggregates, if, lazy lets), the runtime errors at the expression
 * with a note at the datum, and criteria: rows in order, findings with
 * their evidence, judgements, verdict(), validity and the order of findings.
 */
#include "testutil.h"

#include "../../base/date.h"
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
    snprintf(dir, sizeof dir, "/tmp/wozo-test-eval-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(data_path, sizeof data_path, "%s/places.yaml", dir);
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

/* The rules every test starts from; `places` reads data_path, which each
 * test writes (places_yaml by default). */
static const char vocab[] =
    "scale verdict { ok < warn < bad }\n"
    "scale level { low < mid < high }\n"
    "kind topic { weight: number  source: text? }\n"
    "topic care \"Zorg\" { weight: 2  source: \"report p. 3\" }\n"
    "topic housing \"Wonen\" { weight: 1 }\n"
    "kind person { name: text  phone: text? }\n"
    "kind place {\n"
    "  name: text\n"
    "  population: number\n"
    "  budget: money\n"
    "  since: date\n"
    "  level: level\n"
    "  topics: map of topic to level\n"
    "  tags: list of text\n"
    "  counts: map of text to number\n"
    "  contact: person?\n"
    "  note: text?\n"
    "}\n"
    "dataset places: list of place from \"%s\"\n";

static const char places_yaml[] =
    "- id: north\n"
    "  title: Noord\n"
    "  name: North\n"
    "  population: 1500\n"
    "  budget: EUR 2_500.75\n"
    "  since: 2020-03-01\n"
    "  level: high\n"
    "  topics: {care: high, housing: low}\n"
    "  tags: [rural, coast]\n"
    "  counts: {a: 1, b: 0}\n"
    "  contact: {name: Anna, phone: \"0612\"}\n"
    "- id: south\n"
    "  name: South\n"
    "  population: 300\n"
    "  budget: EUR 100\n"
    "  since: 2023-12-31\n"
    "  level: low\n"
    "  topics: {care: mid}\n"
    "  tags: []\n"
    "  counts: {}\n"
    "  note: ~\n";

static void write_data(const char *yaml)
{
    FILE *f = fopen(data_path, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
}

/* Loads vocab + more (no prelude, no warnings) with `yaml` as the data and
 * loads the data; the test fails on any error. */
static void load_with(const char *more, const char *yaml)
{
    unload();
    diag_clear();
    write_data(yaml);
    Buf b = BUF_INIT;
    buf_printf(&b, vocab, data_path);
    buf_puts(&b, more);
    uint32_t id = load_text("r.wozo", buf_str(&b));
    buf_free(&b);
    assert_int_not_equal(id, 0);
    LoadOptions opt = {.prelude_text = NULL, .warnings = false};
    prog = program_from_sources(&id, 1, &opt);
    if (diag_errors()) {
        char *out = rendered();
        fail_msg("the rules do not load:\n%s", out);
    }
    run = run_new(prog, wozo_builtins);
    if (!run_load(run)) {
        char *out = rendered();
        fail_msg("the data does not load:\n%s", out);
    }
}

static void load_rules(const char *more) { load_with(more, places_yaml); }

static const Function *function(const char *name)
{
    const GlobalSym *g = program_global(prog, sym_cstr(name));
    assert_non_null(g);
    assert_int_equal(g->gk, G_FUNCTION);
    return g->p;
}

/* Evaluates `expr` of type `type` (as the body of a function without
 * parameters, after `more`) and returns it as a rule file writes it, or NULL
 * after a runtime error (left queued). */
static const char *eval_in(const char *more, const char *type, const char *expr, Value *out)
{
    static char result[1024];
    Buf b = BUF_INIT;
    buf_printf(&b, "%s\nfunction t_(): %s = %s\n", more, type, expr);
    load_rules(buf_str(&b));
    buf_free(&b);
    const Function *fn = function("t_");
    Value v;
    if (!run_eval(run, fn->body, fn->nslots, &v))
        return NULL;
    if (out)
        *out = v;
    Buf f = BUF_INIT;
    val_format(&f, v, true);
    snprintf(result, sizeof result, "%s", buf_str(&f));
    buf_free(&f);
    return result;
}

static const char *eval(const char *type, const char *expr) { return eval_in("", type, expr, NULL); }

#define assert_eval(type, expr, want)                                                   \
    do {                                                                                \
        const char *got_ = eval(type, expr);                                            \
        if (!got_) {                                                                    \
            char *out_ = rendered();                                                    \
            fail_msg("%s failed:\n%s", expr, out_);                                     \
        }                                                                               \
        if (strcmp(got_, want) != 0)                                                    \
            fail_msg("%s gave %s, expected %s", expr, got_, want);                      \
    } while (0)

/* The expression fails with `code`, and the messages contain each fragment. */
static void expect_fail(const char *type, const char *expr, DiagCode code, const char *fragments[])
{
    const char *got = eval(type, expr);
    char *out = rendered();
    if (got || diag_count_code(code) != 1)
        fail_msg("%s: expected %s, got %s:\n%s", expr, diag_code_name(code), got ? got : "an error", out);
    for (size_t i = 0; fragments[i]; i++)
        assert_contains(out, fragments[i]);
    mem_free(out);
}

#define EXPECT_FAIL(type, expr, code, ...)                       \
    do {                                                         \
        const char *frags_[] = {__VA_ARGS__, NULL};              \
        expect_fail(type, expr, DIAG_##code, frags_);            \
    } while (0)

/* ---- expressions ---- */

static void arithmetic_is_exact(void **state)
{
    (void)state;
    assert_eval("boolean", "1 / 3 * 3 == 1", "true");
    assert_eval("boolean", "0.1 + 0.2 == 0.3", "true");
    assert_eval("boolean", "5 / 10 == 50%", "true");
    assert_eval("number", "7 / 2", "3.5");
    assert_eval("number", "1 / 3", "0.333333");
    assert_eval("number", "-(2 - 5)", "3");
    assert_eval("number", "2 + 3 * 4", "14");
    assert_eval("number", "(2 + 3) * 4", "20");
    assert_eval("number", "1_000_000 * 1_000_000", "1000000000000");
    assert_eval("percentage", "50% + 12.5%", "62.5%");
    assert_eval("money", "EUR 12.50 * 3", "EUR 37.50");
    assert_eval("money", "EUR 100 / 3", "EUR 33.33");
    assert_eval("money", "EUR 0.10 + EUR 0.20", "EUR 0.30");
    assert_eval("number", "2024-08-02 - 2024-01-01", "214");
    assert_eval("date", "2024-02-28 + 1", "2024-02-29");
    assert_eval("date", "2024-12-31 + 1", "2025-01-01");
    assert_eval("date", "2024-03-01 - 1", "2024-02-29");
}

static void arithmetic_errors(void **state)
{
    (void)state;
    EXPECT_FAIL("number", "places[0].population / places[0].counts[\"b\"]", E101,
                "r.wozo:21:25: error[E101]: division by zero", "places.yaml:10:21: note: the value 0 is read here");
    diag_clear();
    EXPECT_FAIL("number", "places[0].population * 9_000_000_000_000_000", E102,
                "error[E102]: the result is too large to compute exactly",
                "places.yaml:4:15: note: the value 1500 is read here");
    diag_clear();
    EXPECT_FAIL("date", "2024-01-01 + places[0].population * 10_000", E102,
                "the date falls outside the years 1 to 9999");
}

static void comparisons(void **state)
{
    (void)state;
    assert_eval("boolean", "high > mid and mid > low and low < high", "true");
    assert_eval("boolean", "level.high >= mid", "true");
    assert_eval("boolean", "places[0].level > places[1].level", "true");
    assert_eval("boolean", "50% < 0.6 and 1 == 100%", "true");
    assert_eval("boolean", "EUR 1 < EUR 1.01", "true");
    assert_eval("boolean", "2024-01-01 < 2024-01-02", "true");
    assert_eval("boolean", "\"a\" != \"b\" and \"a\" == \"a\"", "true");
    assert_eval("boolean", "care == care and care != housing", "true");
    assert_eval("boolean", "true != false", "true");
    assert_eval("boolean", "\"rural\" in places[0].tags and \"x\" not in places[0].tags", "true");
    assert_eval("boolean", "housing in places[0].topics and housing not in places[1].topics", "true");
    assert_eval("boolean", "\"a\" in places[0].counts and \"z\" not in places[0].counts", "true");
    assert_eval("boolean", "care in topic", "true");
}

/* Two records with the same fields (they differ only in id and place) and a
 * third whose maps hold the same entries in another order. */
static const char twins_yaml[] =
    "- id: a\n"
    "  name: Twin\n"
    "  population: 10\n"
    "  budget: EUR 1\n"
    "  since: 2020-01-01\n"
    "  level: mid\n"
    "  topics: {care: high, housing: low}\n"
    "  tags: [x]\n"
    "  counts: {p: 1, q: 2, r: 3}\n"
    "  contact: {name: Anna}\n"
    "- id: b\n"
    "  name: Twin\n"
    "  population: 10\n"
    "  budget: EUR 1\n"
    "  since: 2020-01-01\n"
    "  level: mid\n"
    "  topics: {housing: low, care: high}\n"
    "  tags: [x]\n"
    "  counts: {r: 3, p: 1, q: 2}\n"
    "  contact: {name: Anna}\n"
    "- id: c\n"
    "  name: Other\n"
    "  population: 10\n"
    "  budget: EUR 1\n"
    "  since: 2020-01-01\n"
    "  level: mid\n"
    "  topics: {care: high}\n"
    "  tags: [x]\n"
    "  counts: {q: 2, p: 1, r: 4}\n";

static const char *eval_with(const char *yaml, const char *type, const char *expr)
{
    static char result[1024];
    Buf b = BUF_INIT;
    buf_printf(&b, "\nfunction t_(): %s = %s\n", type, expr);
    load_with(buf_str(&b), yaml);
    buf_free(&b);
    const Function *fn = function("t_");
    Value v;
    if (!run_eval(run, fn->body, fn->nslots, &v)) {
        char *out = rendered();
        fail_msg("%s failed:\n%s", expr, out);
    }
    Buf f = BUF_INIT;
    val_format(&f, v, true);
    snprintf(result, sizeof result, "%s", buf_str(&f));
    buf_free(&f);
    return result;
}

#define assert_eval_with(yaml, expr, want)                                              \
    do {                                                                                \
        const char *got_ = eval_with(yaml, "boolean", expr);                            \
        if (strcmp(got_, want) != 0)                                                    \
            fail_msg("%s gave %s, expected %s", expr, got_, want);                      \
    } while (0)

/* Records read from data are rows: equal only to themselves, however alike
 * their fields (they used to compare field by field). */
static void records_are_equal_only_to_themselves(void **state)
{
    (void)state;
    assert_eval_with(twins_yaml, "places[0] == places[0]", "true");
    assert_eval_with(twins_yaml, "places[0] == places[1]", "false");
    assert_eval_with(twins_yaml, "places[0] != places[1]", "true");
    assert_eval_with(twins_yaml, "places[0].contact == places[1].contact", "false");
    assert_eval_with(twins_yaml, "places[1] in [places[0]]", "false");
    assert_eval_with(twins_yaml, "count(p in places where p == places[1]) == 1", "true");
    /* through the list elements of another record's field: still identity */
    assert_eval_with(twins_yaml, "[places[0], places[1]] == [places[0], places[1]]", "true");
    assert_eval_with(twins_yaml, "[places[0]] == [places[1]]", "false");
}

/* Maps hold the same entries whatever the order they were written in. */
static void maps_are_equal_whatever_the_order(void **state)
{
    (void)state;
    assert_eval_with(twins_yaml, "places[0].counts == places[1].counts", "true");
    assert_eval_with(twins_yaml, "places[1].counts == places[0].counts", "true");
    assert_eval_with(twins_yaml, "places[0].counts != places[1].counts", "false");
    assert_eval_with(twins_yaml, "places[0].counts == places[2].counts", "false");  /* r differs */
    assert_eval_with(twins_yaml, "places[0].topics == places[1].topics", "true");
    assert_eval_with(twins_yaml, "places[0].topics == places[2].topics", "false");
    assert_eval_with(twins_yaml, "[places[0].counts] == [places[1].counts]", "true");
}

static void logic_stops_early(void **state)
{
    (void)state;
    /* the right side would divide by zero */
    assert_eval("boolean", "false and 1 / places[0].counts[\"b\"] > 0", "false");
    assert_eval("boolean", "true or 1 / places[0].counts[\"b\"] > 0", "true");
    assert_eval("boolean", "not (1 > 2)", "true");
    assert_eval("number", "if places[0].counts[\"b\"] == 0 then 0 else 1 / places[0].counts[\"b\"]", "0");
    assert_eval("text", "if places[1].level > mid then \"high\" else if places[1].level > low then \"mid\" else \"low\"",
                "\"low\"");
}

static void text_interpolation(void **state)
{
    (void)state;
    assert_eval("text", "\"{1 / 4} {25%} {EUR 1_500_000} {2024-08-02} {mid} {care} {true}\"",
                "\"0.25 25% EUR 1_500_000 2024-08-02 mid care true\"");
    assert_eval("text", "\"{places[0].tags} {places[0].topics} {[1, 2.5]}\"",
                "\"[\\\"rural\\\", \\\"coast\\\"] {care: high, housing: low} [1, 2.5]\"");
    assert_eval("text", "\"\\{x\\} {places[0].name}!\"", "\"{x} North!\"");
    assert_eval("text", "\"{places[0]} and {places[0].title} and {places[1].title}\"",
                "\"north and Noord and south\"");
    EXPECT_FAIL("text", "\"note: {places[1].note}\"", E106, "error[E106]: 'places[1].note' has no value",
                "places.yaml:21:9: note: the data gives it no value (null) here");
}

static void field_access(void **state)
{
    (void)state;
    assert_eval("number", "care.weight + housing.weight", "3");
    assert_eval("text", "care.title", "\"Zorg\"");
    assert_eval("text", "housing.id", "\"housing\"");
    assert_eval("text", "places[0].contact.name", "\"Anna\"");
    assert_eval("text", "if present(places[1].contact) then places[1].contact.name else \"-\"", "\"-\"");
    assert_eval("level", "places[0].topics[care]", "high");
    assert_eval("number", "places[0].counts[\"a\"]", "1");
    assert_eval("text", "places[0].tags[1]", "\"coast\"");
    assert_eval("text", "places[0].id", "\"north\"");
}

static void lookup_errors(void **state)
{
    (void)state;
    EXPECT_FAIL("level", "places[1].topics[housing]", E103, "error[E103]: 'places[1].topics' has no entry for 'housing'",
                "hint: test first whether the key is there: housing in places[1].topics",
                "places.yaml:18:11: note: the map (of 1 entry) is read here");
    diag_clear();
    EXPECT_FAIL("text", "places[0].tags[2]", E107, "error[E107]: position 2 is outside the list of 2 elements",
                "hint: positions count from 0: this list has positions 0 to 1",
                "places.yaml:9:9: note: the list (of 2 elements) is read here");
    diag_clear();
    EXPECT_FAIL("text", "places[1].tags[0]", E107, "hint: the list is empty");
    diag_clear();
    EXPECT_FAIL("text", "places[0].tags[1 / 2]", E107, "position 0.5 is not a whole number");
    diag_clear();
    EXPECT_FAIL("place", "places[2]", E107, "position 2 is outside the list of 2 elements");
    diag_clear();
    EXPECT_FAIL("boolean", "places[1].note == \"x\"", E106, "'places[1].note' has no value",
                "hint: the field is optional; test it with present(...) or give a default with default(..., ...)");
    diag_clear();
    EXPECT_FAIL("number", "len(places[0].note)", E106, "'places[0].note' has no value",
                "places.yaml:1:3: note: the data leaves it out of this record");
}

static void aggregates(void **state)
{
    (void)state;
    assert_eval("number", "count(places)", "2");
    assert_eval("number", "count(p in places where p.population > 500)", "1");
    assert_eval("number", "count(p in places: care in p.topics)", "2");
    assert_eval("number", "count(p in places where p.level > low: housing in p.topics)", "1");
    assert_eval("percentage", "share(p in places: p.level >= mid)", "50%");
    assert_eval("percentage", "share(t in topic: t.weight > 1)", "50%");
    assert_eval("percentage", "share(t in [1, 2, 3]: t > 1)", "66.666667%");
    assert_eval("boolean", "share(t in [1, 2, 3]: t > 1) * 3 == 2", "true");
    /* with a filter, share counts among the elements it keeps */
    assert_eval("percentage", "share(p in places where p.population > 500: p.level == high)", "100%");
    assert_eval("number", "sum(p in places: p.population)", "1800");
    assert_eval("money", "sum(p in places: p.budget)", "EUR 2_600.75");
    assert_eval("number", "sum(x in [1, 2.5]: x)", "3.5");
    assert_eval("number", "min(p in places: p.population)", "300");
    assert_eval("date", "max(p in places: p.since)", "2023-12-31");
    assert_eval("level", "max(p in places: p.level)", "high");
    assert_eval("text", "min(p in places: p.name)", "\"North\"");
    assert_eval("boolean", "all(p in places: p.population > 0)", "true");
    assert_eval("boolean", "any(p in places: len(p.tags) > 1)", "true");
    assert_eval("boolean", "none(p in places: p.level > high)", "true");
    assert_eval("boolean", "all([true, false])", "false");
    /* the short form: bare field names of each element */
    assert_eval("number", "count(places where population < 1000)", "1");
    assert_eval("number", "len(places where level >= mid and \"rural\" in tags)", "1");
    /* over nothing */
    assert_eval("number", "count(places where population < 0)", "0");
    assert_eval("number", "sum(p in places where p.population < 0: p.population)", "0");
    assert_eval("boolean", "all(places where population < 0: population > 0)", "true");
    assert_eval("boolean", "any(p in places where p.population < 0: true)", "false");
    assert_eval("boolean", "none(p in places where p.population < 0: true)", "true");
    /* any stops at the first true element: 1 / 0 is never computed */
    assert_eval("boolean", "any(x in [1, 0]: 1 / x > 0)", "true");
    assert_eval("boolean", "all(x in [0, 1]: x > 0 and 1 / x > 0)", "false");
}

static void aggregate_errors(void **state)
{
    (void)state;
    EXPECT_FAIL("percentage", "share(t in places[1].tags: t == \"x\")", E105, "error[E105]: share of an empty list",
                "hint: share has no value then; guard it: if count(...) > 0 then ... else ...",
                "places.yaml:19:9: note: the list (of 0 elements) is read here");
    diag_clear();
    EXPECT_FAIL("number", "min(p in places where p.population < 0: p.population)", E105,
                "min of no elements: the 'where' condition holds for none of the 2");
    diag_clear();
    EXPECT_FAIL("date", "max(p in places where p.population < 0: p.since)", E105, "max of no elements");
    diag_clear();
    EXPECT_FAIL("number", "sum(p in places: p.population * 9_000_000_000_000_000)", E102, "too large");
}

static void lets_are_lazy(void **state)
{
    (void)state;
    /* the let that divides by zero is never needed for south's first row */
    load_rules("criterion c for place p in places {\n"
               "  let per_tag = p.population / len(p.tags)\n"
               "  let unused = 1 / p.counts[\"b\"]\n"
               "  when len(p.tags) == 0 => warn \"{p.name}: no tags\"\n"
               "  when per_tag > 500 => bad \"{per_tag}\"\n"
               "  otherwise => ok\n"
               "}\n");
    assert_true(run_evaluate(run));
    size_t n;
    Finding **fs = run_findings(run, &n);
    assert_int_equal(n, 2);
    assert_string_equal(fs[0]->id, "c/north");
    assert_string_equal(fs[0]->message, "750");
    /* only the lets a row needed were evaluated */
    assert_int_equal(fs[0]->nlets, 1);
    assert_string_equal(fs[0]->lets[0].let->name->str, "per_tag");
    assert_string_equal(fs[1]->id, "c/south");
    assert_int_equal(fs[1]->nlets, 0);
    assert_int_equal(diag_errors(), 0);
}

static void functions(void **state)
{
    (void)state;
    const char *fns = "function band(n: number): text {\n"
                      "  when n < 500 => \"small\"\n"
                      "  when n < 1000 => \"medium\"\n"
                      "  otherwise => \"large\"\n"
                      "}\n"
                      "function twice(x: number): number = x * 2\n"
                      "function partial(n: number): text {\n"
                      "  when n < 10 => \"few\"\n"
                      "}\n";
    assert_string_equal(eval_in(fns, "text", "\"{band(places[0].population)} {band(places[1].population)} {twice(21)}\"",
                                NULL),
                        "\"large small 42\"");
    const char *got = eval_in(fns, "text", "partial(places[1].population)", NULL);
    assert_null(got);
    char *out = rendered();
    assert_contains(out, "error[E104]: no row of function 'partial' matches these arguments");
    assert_contains(out, "places.yaml:14:15: note: the value 300 is read here");
    assert_contains(out, "note: function declared here; add an 'otherwise' row");
    mem_free(out);
}

/* ---- criteria and findings ---- */

static const Finding *finding(const char *id)
{
    size_t n;
    Finding **fs = run_findings(run, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(fs[i]->id, id))
            return fs[i];
    fail_msg("no finding %s", id);
    return NULL;
}

static void rows_in_order_first_match(void **state)
{
    (void)state;
    load_rules("criterion size \"Size\" for place p in places {\n"
               "  let n = p.population\n"
               "  when n > 1000 => bad \"{p.name}: {n}\"\n"
               "  when n > 100 => warn\n"
               "  otherwise => ok\n"
               "}\n");
    assert_true(run_evaluate(run));
    const Finding *f = finding("size/north");
    assert_string_equal(f->verdict->name->str, "bad");
    assert_int_equal(f->row_index, 0);
    assert_string_equal(f->message, "North: 1500");
    assert_string_equal(f->subject_id, "north");
    assert_string_equal(f->subject_title, "Noord");
    assert_non_null(f->record);
    f = finding("size/south");
    assert_string_equal(f->verdict->name->str, "warn");
    assert_int_equal(f->row_index, 1);
    assert_string_equal(f->message, "");
    /* why row 1 did not match: n was 300, worked out only on request
     * (--explain), from the subject and the lets the finding kept */
    assert_int_equal(f->nwhy, 0);
    assert_false(f->explained);
    run_explain(run, (Finding *)f);
    assert_true(f->explained);
    assert_int_equal(f->nwhy, 1);
    assert_int_equal(f->why[0].row, 0);
    assert_int_equal(f->why[0].value.u.i, 300);
}

static void evidence_points_into_the_data(void **state)
{
    (void)state;
    load_rules("criterion c for place p in places {\n"
               "  when p.topics[care] >= high and p.counts[\"a\"] > 0 => bad \"{p.name}\"\n"
               "  otherwise => ok\n"
               "}\n");
    assert_true(run_evaluate(run));
    const Finding *f = finding("c/north");
    const char *want[][3] = {
        {"places[0].topics.care", "8", "18"},
        {"places[0].counts.a", "10", "15"},
        {"places[0].name", "3", "9"},
    };
    assert_int_equal(f->nevidence, 3);
    for (uint32_t i = 0; i < 3; i++) {
        Buf b = BUF_INIT;
        evidence_path(&b, &f->evidence[i], prog);
        assert_string_equal(buf_str(&b), want[i][0]);
        buf_free(&b);
        assert_int_equal(val_line(f->evidence[i].value), atoi(want[i][1]));
        assert_int_equal(val_col(f->evidence[i].value), atoi(want[i][2]));
        assert_string_equal(evidence_file(&f->evidence[i]), data_path);
    }
    /* citations: the things whose fields were read */
    load_rules("criterion c for topic t {\n"
               "  when t.weight > 1 => bad\n"
               "  otherwise => ok\n"
               "}\n");
    assert_true(run_evaluate(run));
    f = finding("c/care");
    assert_int_equal(f->ncited, 1);
    assert_string_equal(thing_citation(run, f->cited[0]), "report p. 3");
}

static void no_row_matches(void **state)
{
    (void)state;
    load_rules("criterion c for place p in places {\n"
               "  when p.population > 1000 => bad\n"
               "}\n");
    assert_false(run_evaluate(run));
    char *out = rendered();
    assert_contains(out, "r.wozo:20:11: error[E104]: no row of criterion 'c' matches subject 'south'");
    assert_contains(out, "hint: add a row for this case, or end the table with 'otherwise'");
    assert_contains(out, "places.yaml:12:3: note: the record is read here");
    mem_free(out);
    /* the other subject's finding stands */
    size_t n;
    run_findings(run, &n);
    assert_int_equal(n, 1);
    assert_string_equal(finding("c/north")->verdict->name->str, "bad");
}

static void judgements(void **state)
{
    (void)state;
    load_rules("as_of 2024-08-02\n"
               "criterion size for place p in places {\n"
               "  when p.population > 1000 => bad\n"
               "  otherwise => ok\n"
               "}\n"
               "criterion follow for place p in places {\n"
               "  when verdict(size, p) == bad => warn \"size says {verdict(size, p)}\"\n"
               "  otherwise => ok\n"
               "}\n"
               "judgement size for \"south\" { verdict: bad  by: \"A\"  date: 2024-01-01  because: \"why\" }\n"
               "judgement size for \"north\" { verdict: ok  by: \"B\"  date: 2023-01-01  because: \"old\"  "
               "expires: 2024-01-01 }\n"
               "judgement follow for \"west\" { verdict: ok  by: \"C\"  date: 2024-01-01  because: \"gone\" }\n");
    assert_true(run_evaluate(run));
    const Finding *f = finding("size/south");
    assert_string_equal(f->computed->name->str, "ok");
    assert_string_equal(f->verdict->name->str, "bad");
    assert_non_null(f->judgement);
    assert_false(f->judgement_expired);
    assert_string_equal(f->judgement->by, "A");
    /* verdict() sees the judged verdict */
    assert_string_equal(finding("follow/south")->message, "size says bad");
    /* expired: reported, the computed verdict applies */
    f = finding("size/north");
    assert_true(f->judgement_expired);
    assert_string_equal(f->verdict->name->str, "bad");
    assert_int_equal(diag_count_code(DIAG_W005), 1);
    /* no subject 'west' */
    assert_int_equal(diag_count_code(DIAG_W006), 1);
    char *out = rendered();
    assert_contains(out, "warning[W005]: the judgement of 'size' for 'north' expired on 2024-01-01");
    assert_contains(out, "warning[W006]: the judgement of 'follow' for 'west' matches no subject");
    mem_free(out);
    /* as of an earlier date the judgement still applies */
    unload();
    load_rules("criterion size for place p in places {\n"
               "  when p.population > 1000 => bad\n"
               "  otherwise => ok\n"
               "}\n"
               "judgement size for \"north\" { verdict: ok  by: \"B\"  date: 2023-01-01  because: \"old\"  "
               "expires: 2024-01-01 }\n");
    int32_t d;
    assert_true(date_parse("2022-01-08", 10, &d));
    run_set_as_of(run, d);
    assert_true(run_evaluate(run));
    assert_string_equal(finding("size/north")->verdict->name->str, "ok");
    assert_false(finding("size/north")->judgement_expired);
}

/* A subject whose evaluation fails is not a finding, but the reports list
 * it: run_failures() keeps it, with the error's code, message and place. */
static void failed_subjects_keep_their_error(void **state)
{
    (void)state;
    load_rules("criterion c for place p in places {\n"
               "  when p.population / p.counts[\"b\"] > 1 => bad\n"
               "  otherwise => ok\n"
               "}\n");
    assert_false(run_evaluate(run));
    size_t n, nf;
    run_findings(run, &n);
    Finding **ff = run_failures(run, &nf);
    assert_int_equal(n, 0);
    assert_int_equal(nf, 2);  /* north divides by zero, south has no "b" */
    assert_string_equal(ff[0]->id, "c/north");
    assert_true(ff[0]->failed);
    assert_null(ff[0]->verdict);
    assert_int_equal(ff[0]->error_code, DIAG_E101);
    assert_string_equal(ff[0]->error, "division by zero");
    assert_string_equal(ff[1]->id, "c/south");
    assert_int_equal(ff[1]->error_code, DIAG_E103);
    assert_string_equal(ff[1]->error, "'p.counts' has no entry for 'b'");
    uint32_t line, col;
    source_linecol(ff[0]->error_span.file, ff[0]->error_span.off, &line, &col);
    assert_int_equal(line, 21);  /* the row: the line after the criterion's */
    assert_int_equal(col, 8);
}

static void judgement_of_a_failed_subject_is_not_unmatched(void **state)
{
    (void)state;
    load_rules("criterion c for place p in places {\n"
               "  when 1 / p.counts[\"b\"] > 0 => bad\n"
               "  otherwise => ok\n"
               "}\n"
               "judgement c for \"north\" { verdict: ok  by: \"A\"  date: 2024-01-01  because: \"x\" }\n");
    assert_false(run_evaluate(run));
    assert_int_equal(diag_count_code(DIAG_E101), 1);
    assert_int_equal(diag_count_code(DIAG_W006), 0);
}

static void findings_sorted_by_severity_criterion_subject(void **state)
{
    (void)state;
    load_rules("criterion b_crit for place p in places {\n"
               "  when p.population > 1000 => bad\n"
               "  otherwise => warn\n"
               "}\n"
               "criterion a_crit for topic t {\n"
               "  when t.weight > 1 => bad\n"
               "  otherwise => ok\n"
               "}\n");
    assert_true(run_evaluate(run));
    size_t n;
    Finding **fs = run_findings(run, &n);
    const char *order[] = {"a_crit/care", "b_crit/north", "b_crit/south", "a_crit/housing"};
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(fs[i]->id, order[i]);
}

static void validity_and_evaluation_date(void **state)
{
    (void)state;
    const char *rules = "kind programme { }\n"
                        "programme iza { valid_from: 2023-01-01  valid_until: 2026-12-31 }\n"
                        "programme next { valid_from: 2027-01-01 }\n"
                        "programme always\n"
                        "criterion c for topic t {\n"
                        "  otherwise => ok \"{count(programme)} on {as_of_date()}\"\n"
                        "}\n";
    load_rules(rules);
    assert_false(run_evaluate(run));
    char *out = rendered();
    assert_contains(out, "error[E109]: which things of kind 'programme' are valid depends on the evaluation date, "
                         "but none is set");
    assert_contains(out, "note: programme 'iza' is valid only from 2023-01-01 until 2026-12-31");
    mem_free(out);
    unload();
    load_rules(rules);
    int32_t d;
    assert_true(date_parse("2024-08-02", 10, &d));
    run_set_as_of(run, d);
    assert_true(run_evaluate(run));
    assert_string_equal(finding("c/care")->message, "2 on 2024-08-02");
    unload();
    load_rules(rules);
    assert_true(date_parse("2027-01-01", 10, &d));
    run_set_as_of(run, d);
    assert_true(run_evaluate(run));
    assert_string_equal(finding("c/care")->message, "2 on 2027-01-01");
}

static void empty_dataset_and_no_subjects(void **state)
{
    (void)state;
    load_with("criterion c for place p in places { otherwise => ok }\n"
              "criterion d for topic t where t.weight > 5 { otherwise => ok }\n",
              "[]\n");
    assert_int_equal(diag_count_code(DIAG_W003), 1);
    assert_true(run_evaluate(run));
    assert_int_equal(diag_count_code(DIAG_W004), 2);
    size_t n;
    run_findings(run, &n);
    assert_int_equal(n, 0);
}

static void binding_datasets(void **state)
{
    (void)state;
    load_rules("");
    assert_false(run_bind(run, "plaeces", "x.yaml", span_make(0, 0, 0)));
    assert_false(run_bind(run, "zzz", "x.yaml", span_make(0, 0, 0)));
    char *out = rendered();
    assert_contains(out, "error[E030]: --data: unknown dataset 'plaeces'");
    assert_contains(out, "hint: did you mean 'places'?");
    assert_contains(out, "hint: the datasets are: places");
    mem_free(out);
    /* a bound file replaces the one named in the rules */
    char other[160];
    snprintf(other, sizeof other, "%s/other.yaml", dir);
    FILE *f = fopen(other, "w");
    assert_non_null(f);
    fputs("[]\n", f);
    fclose(f);
    diag_clear();
    assert_true(run_bind(run, "places", other, span_make(0, 0, 0)));
    assert_true(run_load(run));
    assert_int_equal(diag_count_code(DIAG_W003), 1);
    unlink(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(arithmetic_is_exact),
        T(arithmetic_errors),
        T(comparisons),
        T(records_are_equal_only_to_themselves),
        T(maps_are_equal_whatever_the_order),
        T(logic_stops_early),
        T(text_interpolation),
        T(field_access),
        T(lookup_errors),
        T(aggregates),
        T(aggregate_errors),
        T(lets_are_lazy),
        T(functions),
        T(rows_in_order_first_match),
        T(evidence_points_into_the_data),
        T(no_row_matches),
        T(judgements),
        T(failed_subjects_keep_their_error),
        T(judgement_of_a_failed_subject_is_not_unmatched),
        T(findings_sorted_by_severity_criterion_subject),
        T(validity_and_evaluation_date),
        T(empty_dataset_and_no_subjects),
        T(binding_datasets),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
