/*
 * test_resolve.c - names, types and the static checks: what resolve.c makes
 * of small rule files (the Program's tables and the AST annotations), its
 * suggestions, and the warnings about unused declarations and rows that can
 * never match.
 */
#include "testutil.h"

#include "../../lang/program.h"
#include "../../lang/resolve.h"

static Program *prog;

static int teardown(void **state)
{
    program_free(prog);
    prog = NULL;
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, teardown)

/* Loads one rule text without the prelude, warnings on. */
static Program *load(const char *text)
{
    uint32_t id = load_text("r.wozo", text);
    assert_int_not_equal(id, 0);
    LoadOptions opt = {.prelude_text = NULL, .warnings = true};
    program_free(prog);
    prog = program_from_sources(&id, 1, &opt);
    return prog;
}

/* Loads text that must be free of errors and warnings. */
static Program *load_clean(const char *text)
{
    load(text);
    if (diag_errors() || diag_warnings()) {
        char *out = rendered();
        fail_msg("unexpected messages:\n%s", out);
    }
    return prog;
}

static const char *const vocab =
    "scale verdict { ok < attention < bad }\n"
    "scale status { absent < mentioned < planned < concrete }\n"
    "kind category { }\n"
    "kind indicator \"Indicator\" {\n"
    "  category: category\n"
    "  status: status\n"
    "  share: percentage\n"
    "  budget: money?\n"
    "  tags: list of text\n"
    "  source: text\n"
    "}\n"
    "category preventie \"Preventie\"\n"
    "indicator vroeg \"Vroegsignalering\" { category: preventie  status: planned  share: 40%  tags: []  source: \"p. 3\" }\n"
    "indicator laat { category: preventie  status: absent  share: 10%  budget: EUR 5  tags: [\"x\"]  source: \"p. 4\" }\n";

/* vocab followed by more text. */
static const char *with_vocab(const char *more)
{
    static char buf[8192];
    snprintf(buf, sizeof buf, "%s%s", vocab, more);
    return buf;
}

static const Kind *kind(const char *name)
{
    const GlobalSym *g = program_global(prog, sym_cstr(name));
    assert_non_null(g);
    assert_int_equal(g->gk, G_KIND);
    return g->p;
}

/* Field.read marks the fields an expression reads, by `x.f` or by a bare
 * name in a short filter; the data keeps only those fields' texts. */
static void marks_the_fields_that_are_read(void **state)
{
    (void)state;
    load_clean(with_vocab("criterion c for indicator i {\n"
                          "  when count(indicator where share > 10%) > 1 => bad\n"
                          "  when i.status >= planned => attention\n"
                          "  otherwise => ok\n}\n"));
    const Kind *ind = kind("indicator");
    bool read[6];
    for (int f = 0; f < 6; f++)
        read[f] = ind->fields[f].read;
    assert_false(read[0]);  /* category */
    assert_true(read[1]);   /* status: i.status */
    assert_true(read[2]);   /* share: bare name in the filter */
    assert_false(read[3]);  /* budget */
    assert_false(read[4]);  /* tags */
    assert_false(read[5]);  /* source: given in a thing, never read */
}

static void builds_the_tables(void **state)
{
    (void)state;
    load_clean(with_vocab("criterion c for indicator i { when i.status >= planned => ok otherwise => bad }\n"));
    assert_int_equal(prog->scales.len, 2);
    const Scale *st = prog->scales.items[1];
    assert_string_equal(st->name->str, "status");
    assert_int_equal(st->nvalues, 4);
    assert_string_equal(st->values[2].name->str, "planned");
    assert_int_equal(st->values[2].index, 2);
    assert_ptr_equal(prog->verdict_scale, prog->scales.items[0]);

    const Kind *ind = kind("indicator");
    assert_string_equal(ind->title, "Indicator");
    assert_int_equal(ind->nfields, 6);
    assert_string_equal(ind->fields[3].name->str, "budget");
    assert_true(ind->fields[3].optional);
    assert_false(ind->fields[0].optional);
    assert_int_equal(ind->source_field, 5);
    assert_int_equal(ind->fields[4].type->k, TY_LIST);
    assert_int_equal(ind->fields[4].type->elem->k, TY_TEXT);
    /* Things in declaration order, titles defaulting to the name. */
    assert_int_equal(ind->things.len, 2);
    assert_string_equal(ind->things.items[0]->title, "Vroegsignalering");
    assert_string_equal(ind->things.items[1]->title, "laat");
    assert_null(ind->things.items[0]->values[3]);  /* budget not given */
    assert_non_null(ind->things.items[1]->values[3]);
    assert_string_equal(kind("category")->things.items[0]->title, "Preventie");

    assert_int_equal(prog->criteria.len, 1);
    const Criterion *c = prog->criteria.items[0];
    assert_ptr_equal(c->kind, ind);
    assert_int_equal(c->nrows, 2);
    assert_true(c->has_otherwise);
    assert_string_equal(c->rows[0].verdict->name->str, "ok");
    assert_string_equal(c->rows[1].verdict->name->str, "bad");
}

static void annotates_names(void **state)
{
    (void)state;
    load_clean(with_vocab("criterion c for indicator i {\n"
                          "  let n = count(indicator where status >= status.planned)\n"
                          "  when n > 1 and i.category == preventie => ok\n"
                          "  otherwise => bad\n"
                          "}\n"));
    const Criterion *c = prog->criteria.items[0];
    assert_int_equal(c->nlets, 1);
    AstNode *count = c->lets[0]->expr;
    assert_int_equal(count->kind, AST_CALL);
    assert_int_equal(count->op, REF_CALL_BUILTIN);
    assert_int_equal(count->flags, BI_COUNT);
    assert_int_equal(count->type->k, TY_NUMBER);
    const Aggregate *ag = count->res;
    assert_int_equal(ag->coll->op, REF_KIND_ALL);
    assert_non_null(ag->filter);
    /* `status` is a bare field of the element; `status.planned` a word. */
    AstNode *cmp = ag->filter;
    assert_int_equal(cmp->a->op, REF_ELEM_FIELD);
    assert_int_equal(cmp->b->op, REF_SCALE_VALUE);
    assert_int_equal(((const ScaleValue *)cmp->b->res)->index, 2);
    /* i.category == preventie: preventie is a thing of kind category. */
    AstNode *cond = c->rows[0].cond;
    AstNode *eq = cond->b;
    assert_int_equal(eq->a->op, REF_FIELD);
    assert_int_equal(eq->b->op, REF_THING);
    assert_int_equal(eq->type->k, TY_BOOL);
}

static void types(void **state)
{
    (void)state;
    load_clean(with_vocab("criterion c for indicator i { otherwise => ok }\n"));
    const Type *num = prog->t_number, *pct = prog->t_percent, *money = prog->t_money;
    assert_true(type_assignable(num, pct));
    assert_true(type_assignable(pct, num));
    assert_false(type_assignable(money, num));
    assert_false(type_assignable(prog->t_date, prog->t_text));
    assert_true(type_assignable(prog->t_text, prog->t_error));  /* errors fit everywhere */
    assert_true(type_is_numeric(pct));
    assert_false(type_is_numeric(money));
    const Kind *ind = kind("indicator");
    const Type *tags = ind->fields[4].type;
    assert_true(type_equal(tags, tags));
    assert_false(type_equal(tags, ind->fields[0].type));
    Buf b = BUF_INIT;
    type_name(&b, tags);
    buf_puts(&b, " | ");
    type_name(&b, ind->fields[1].type);
    buf_puts(&b, " | ");
    type_name(&b, ind->type);
    assert_string_equal(buf_str(&b), "list of text | status | indicator");
    buf_free(&b);
    load_clean("kind k { m: map of text to list of number }\nk x { m: { a: [1] } }\n"
               "scale verdict { ok }\ncriterion c for k i { otherwise => ok }\n");
    const Kind *k = kind("k");
    b = (Buf)BUF_INIT;
    type_name(&b, k->fields[0].type);
    assert_string_equal(buf_str(&b), "map of text to list of number");
    buf_free(&b);
}

static void reports_types_that_do_not_fit(void **state)
{
    (void)state;
    load(with_vocab("criterion c for indicator i {\n"
                    "  when i.share > EUR 5 => ok\n"      /* E036 */
                    "  when i.status < 3 => ok\n"         /* E036 */
                    "  when i.budget + 1 > EUR 1 => ok\n" /* E034 */
                    "  when i.tags => ok\n"               /* E034 */
                    "  otherwise => bad\n"
                    "}\n"));
    assert_int_equal(diag_count_code(DIAG_E036), 2);
    assert_int_equal(diag_count_code(DIAG_E034), 2);
    char *out = rendered();
    assert_contains(out, "cannot compare percentage with money");
    assert_contains(out, "cannot add money and number");
    assert_contains(out, "a 'when' condition must be boolean, not list of text");
    assert_contains(out, "hint: to test a list use any(...), all(...) or count(...) > 0");
    mem_free(out);
}

static void suggests_close_names(void **state)
{
    (void)state;
    load(with_vocab("indicator x { category: Preventie  status: plannd  share: 1%  tags: []  source: \"\" }\n"
                    "criterion c for indicator i {\n"
                    "  when i.statsu == planned => ok\n"
                    "  when contans(i.source, \"x\") => ok\n"
                    "  when lenght(i.tags) > 0 => ok\n"
                    "  when zzzzzz => ok\n"
                    "  otherwise => bad\n"
                    "}\n"));
    char *out = rendered();
    /* Case costs nothing: 'Preventie' finds 'preventie'. */
    assert_contains(out, "unknown category 'Preventie'\n");
    assert_contains(out, "hint: did you mean 'preventie'?\n");
    assert_contains(out, "'plannd' is not a word of the scale 'status'\n");
    assert_contains(out, "hint: did you mean 'planned'?\n");
    assert_contains(out, "indicator has no field 'statsu'\n");
    assert_contains(out, "hint: did you mean 'status'?\n");
    assert_contains(out, "hint: did you mean 'contains'?\n");
    assert_contains(out, "hint: did you mean 'len'?\n");
    /* Nothing close: no hint at all rather than a far-fetched one. */
    assert_contains(out, "unknown name 'zzzzzz'\n");
    const char *z = strstr(out, "unknown name 'zzzzzz'");
    const char *next = strstr(z, "\nr.wozo:");
    const char *hint = strstr(z, "hint:");
    assert_true(hint == NULL || (next && hint > next));
    mem_free(out);
}

static void suggestion_ties_go_to_the_first_name(void **state)
{
    (void)state;
    load("scale verdict { ok }\nscale s { bat < cat < hat }\nkind k { x: s }\nk a { x: aat }\n"
         "criterion c for k i { otherwise => ok }\n");
    char *out = rendered();
    assert_contains(out, "hint: did you mean 'bat'?\n");
    mem_free(out);
}

static void unused_declarations_warn_only_without_errors(void **state)
{
    (void)state;
    const char *text = "scale verdict { ok < bad }\nscale spare { a < b }\nkind k { n: number }\nkind lonely { }\n"
                       "k x { n: 1 }\nfunction f(y: number): number = 1\n"
                       "criterion c for k i { let unused = 2 when i.n > f(1) => bad otherwise => ok }\n";
    load(text);
    assert_int_equal(diag_errors(), 0);
    assert_int_equal(diag_count_code(DIAG_W001), 4);
    char *out = rendered();
    assert_contains(out, "scale 'spare' is never used");
    assert_contains(out, "kind 'lonely' is never used");
    assert_contains(out, "parameter 'y' is never used");
    assert_contains(out, "'unused' is never used");
    mem_free(out);
    /* The same file with one error: no W001 at all (a declaration may look
     * unused only because the code that uses it is wrong). */
    diag_clear();
    char bad[1024];
    snprintf(bad, sizeof bad, "%sk z { n: \"een\" }\n", text);
    load(bad);
    assert_int_equal(diag_errors(), 1);
    assert_int_equal(diag_count_code(DIAG_W001), 0);
    /* Without warnings asked for, none. */
    diag_clear();
    uint32_t id = load_text("q.wozo", text);
    LoadOptions opt = {.warnings = false};
    program_free(prog);
    prog = program_from_sources(&id, 1, &opt);
    assert_int_equal(diag_warnings(), 0);
}

/* Number of W002 warnings for a criterion whose rows are `rows` over a kind
 * with a number n, a date d and a scale word s. */
static size_t unreachable(const char *rows)
{
    char text[2048];
    snprintf(text, sizeof text,
             "scale verdict { ok < bad }\nscale st { lo < mid < hi }\n"
             "kind k { n: number  d: date  s: st  t: text }\nk x { n: 1  d: 2024-01-01  s: lo  t: \"\" }\n"
             "criterion c for k i {\n%s\n  otherwise => ok\n}\n", rows);
    diag_clear();
    load(text);
    if (diag_errors()) {
        char *out = rendered();
        fail_msg("errors in\n%s\n%s", rows, out);
    }
    return diag_count_code(DIAG_W002);
}

static void rows_that_can_never_match(void **state)
{
    (void)state;
    /* Covered by one earlier row. */
    assert_int_equal(unreachable("when i.n < 10 => ok\nwhen i.n < 5 => bad"), 1);
    assert_int_equal(unreachable("when i.n <= 10 => ok\nwhen i.n < 10 => bad"), 1);
    assert_int_equal(unreachable("when i.n >= 5 => ok\nwhen i.n == 5 => bad"), 1);
    assert_int_equal(unreachable("when 10 > i.n => ok\nwhen i.n < 3 => bad"), 1);  /* constant on the left */
    assert_int_equal(unreachable("when i.n < 10 => ok\nwhen i.n > 2 and i.n < 4 => bad"), 1);
    assert_int_equal(unreachable("when i.d < 2020-01-01 => ok\nwhen i.d < 2019-01-01 => bad"), 1);
    assert_int_equal(unreachable("when i.t == \"a\" or i.n > 1 => ok\nwhen i.t == \"a\" or i.n > 1 => bad"), 1);
    assert_int_equal(unreachable("when i.n > 1 => ok\nwhen i.n > 1 and i.t == \"x\" => bad"), 1);
    /* Covered by several rows over the words of a scale. */
    assert_int_equal(unreachable("when i.s == lo => ok\nwhen i.s == mid => ok\nwhen i.s <= mid => bad"), 1);
    assert_int_equal(unreachable("when i.s >= mid => ok\nwhen i.s == hi => bad"), 1);
    /* Reachable. */
    assert_int_equal(unreachable("when i.n < 5 => ok\nwhen i.n < 10 => bad"), 0);
    assert_int_equal(unreachable("when i.n < 10 => ok\nwhen i.n <= 10 => bad"), 0);
    assert_int_equal(unreachable("when i.n > 1 and i.t == \"x\" => ok\nwhen i.n > 1 => bad"), 0);
    assert_int_equal(unreachable("when i.n < 10 => ok\nwhen i.n >= 10 and i.n < 20 => bad"), 0);
    assert_int_equal(unreachable("when i.s == lo => ok\nwhen i.s <= mid => bad"), 0);
    assert_int_equal(unreachable("when i.n != 3 => ok\nwhen i.n != 3 and i.n > 5 => bad"), 1);
    assert_int_equal(unreachable("when i.n < 10 => ok\nwhen i.n + 0 < 5 => bad"), 0);  /* another expression */
}

static void decision_tables_must_end_in_otherwise(void **state)
{
    (void)state;
    load("scale verdict { ok < bad }\nkind k { n: number }\nk x { n: 1 }\n"
         "criterion c for k i { otherwise => ok\n when i.n > 1 => bad\n otherwise => bad }\n");
    assert_int_equal(diag_count_code(DIAG_E041), 2);
    char *out = rendered();
    assert_contains(out, "r.wozo:5:2: error[E041]: a row after 'otherwise' can never match\n");
    assert_contains(out, "r.wozo:6:2: error[E041]: a second 'otherwise'\n");
    assert_contains(out, "r.wozo:4:23: note: 'otherwise' is here\n");
    mem_free(out);
}

static void cycles_are_printed_as_a_path(void **state)
{
    (void)state;
    load("scale verdict { ok < bad }\nkind k { n: number }\nk x { n: 1 }\n"
         "criterion a for k i { when verdict(b, i) == bad => bad otherwise => ok }\n"
         "criterion b for k i { when verdict(a, i) == bad => bad otherwise => ok }\n"
         "function f(x: number): number = g(x)\nfunction g(x: number): number = f(x)\n"
         "criterion c for k i { when f(i.n) > 0 => bad otherwise => ok }\n");
    assert_int_equal(diag_count_code(DIAG_E038), 2);
    char *out = rendered();
    assert_contains(out, "criterion 'a' depends on itself: a -> b -> a\n");
    assert_contains(out, "function 'f' depends on itself: f -> g -> f\n");
    assert_contains(out, "hint: a function cannot call itself, directly or through others\n");
    mem_free(out);
}

static void criterion_without_a_known_scale(void **state)
{
    (void)state;
    /* Regression: this used to crash (a row without a message was read as a
     * function's result). */
    load("kind k { n: number }\nk x { n: 1 }\ncriterion c for k i { when i.n > 1 => bad otherwise => ok }\n"
         "criterion d: nope for k i { otherwise => ok }\n");
    char *out = rendered();
    assert_contains(out, "r.wozo:3:11: error[E030]: there is no scale named 'verdict' for this criterion\n");
    assert_contains(out, "r.wozo:4:14: error[E030]: unknown scale 'nope'\n");
    assert_int_equal(diag_errors(), 2);
    mem_free(out);
}

static void broken_declarations_cause_no_cascade(void **state)
{
    (void)state;
    load("scale verdict { ok < bad }\nkind k { n: number  x: }\nk a { n: 1  m: 2 }\n"
         "criterion c for k i { when i.n > => bad otherwise => ok }\n"
         "criterion d for k i { when verdict(c, a) == bad and i.q > 1 => bad otherwise => ok }\n");
    /* Only the two syntax errors: k, a and c exist, and k's lost fields are
     * not reported as unknown. */
    assert_int_equal(diag_errors(), 2);
    assert_int_equal(diag_count_code(DIAG_E020), 2);
}

static void judgements(void **state)
{
    (void)state;
    load_clean(with_vocab("criterion c for indicator i { when i.status < planned => bad otherwise => ok }\n"
                          "judgement c for laat {\n  verdict: ok\n  by: \"Werkgroep\"\n  date: 2024-08-02\n"
                          "  because: \"Landelijk belegd\"\n  expires: 2027-12-31\n}\n"));
    assert_int_equal(prog->judgements.len, 1);
    const Judgement *j = prog->judgements.items[0];
    assert_string_equal(j->subject_id, "laat");
    assert_string_equal(j->verdict->name->str, "ok");
    assert_string_equal(j->by, "Werkgroep");
    assert_string_equal(j->because, "Landelijk belegd");
    assert_null(j->quote);
    assert_true(j->expires > j->date);
    diag_clear();
    load(with_vocab("criterion c for indicator i { otherwise => ok }\n"
                    "judgement c for laat { verdict: ok }\n"));
    char *out = rendered();
    assert_contains(out, "error[E032]: the judgement lacks the fields 'by', 'date' and 'because'\n");
    mem_free(out);
}

static void every_missing_field_is_reported(void **state)
{
    (void)state;
    /* Two messages at one place with one code are not repeats. */
    load("scale verdict { ok }\nkind k { a: text  b: number  c: date? }\nk x\n"
         "criterion c for k i { otherwise => ok }\n");
    assert_int_equal(diag_count_code(DIAG_E032), 2);
    char *out = rendered();
    assert_contains(out, "k 'x' lacks the required field 'a'");
    assert_contains(out, "k 'x' lacks the required field 'b'");
    assert_not_contains(out, "field 'c'");
    mem_free(out);
}

static void evaluation_date(void **state)
{
    (void)state;
    load_clean("as_of 2024-08-02\n");
    assert_true(prog->has_as_of);
    load("as_of 2024-08-02\nas_of 2024-08-03\n");
    assert_int_equal(diag_count_code(DIAG_E031), 1);
}

/* The number of decimals of round() may be any number expression (checked
 * at run time); only a number written in the rule is checked here, with
 * its value in the message. */
static void round_takes_any_number_of_decimals(void **state)
{
    (void)state;
    load_clean(with_vocab("function r(x: number, d: number): number = round(x, d)\n"
                          "criterion c for indicator i {\n"
                          "  let d = 1\n"
                          "  when round(i.share, d + 1) > 0% and r(1, len(i.tags)) == 1 => bad\n"
                          "  when round(i.share, -(-2)) > 0% and round(i.share, 9) > 0% => attention\n"
                          "  otherwise => ok\n"
                          "}\n"));
    load(with_vocab("criterion c for indicator i {\n"
                    "  when round(i.share, 10) > 0% or round(i.share, -1) > 0% => bad\n"
                    "  when round(i.share, 0.5) > 0% or round(i.share, \"2\") > 0% => attention\n"
                    "  otherwise => ok\n"
                    "}\n"));
    assert_int_equal(diag_count_code(DIAG_E108), 3);
    assert_int_equal(diag_count_code(DIAG_E034), 1);
    char *out = rendered();
    assert_contains(out, "error[E108]: the number of decimals must be a whole number from 0 to 9, not 10\n");
    assert_contains(out, "error[E108]: the number of decimals must be a whole number from 0 to 9, not -1\n");
    assert_contains(out, "error[E108]: the number of decimals must be a whole number from 0 to 9, not 0.5\n");
    assert_contains(out, "error[E034]: the number of decimals must be number, not text\n");
    mem_free(out);
}

/* `a.b` where a is both an element's field (innermost) and a scale or
 * kind: the field's field when the value has one by that name, otherwise
 * the scale's word or the kind's thing (a value of a scale has no fields). */
static void dot_after_a_field_named_like_a_scale_or_kind(void **state)
{
    (void)state;
    load_clean(with_vocab("criterion c for indicator i {\n"
                          "  let a = count(indicator where category.title == \"Preventie\")\n"
                          "  let b = count(indicator where category == category.preventie)\n"
                          "  let d = count(indicator where status >= status.planned)\n"
                          "  when a + b + d > 1 => ok\n"
                          "  otherwise => bad\n"
                          "}\n"));
    const Criterion *c = prog->criteria.items[0];
    const Aggregate *a = c->lets[0]->expr->res, *b = c->lets[1]->expr->res;
    AstNode *title = a->filter->a;  /* category.title: the title of the element's category */
    assert_int_equal(title->op, REF_FIELD);
    assert_int_equal(title->a->op, REF_ELEM_FIELD);
    AstNode *thing = b->filter->b;  /* category.preventie: the thing */
    assert_int_equal(thing->op, REF_THING);
    /* A word the scale does not have is reported as such, with a
     * suggestion, not as a field that a scale value lacks. */
    load(with_vocab("criterion c for indicator i {\n"
                    "  when count(indicator where status >= status.plannd) > 1 => ok\n"
                    "  otherwise => bad\n"
                    "}\n"));
    char *out = rendered();
    assert_contains(out, "error[E035]: 'plannd' is not a word of the scale 'status'\n");
    assert_contains(out, "hint: did you mean 'planned'?\n");
    mem_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(builds_the_tables),
        T(marks_the_fields_that_are_read),
        T(annotates_names),
        T(types),
        T(reports_types_that_do_not_fit),
        T(suggests_close_names),
        T(suggestion_ties_go_to_the_first_name),
        T(unused_declarations_warn_only_without_errors),
        T(rows_that_can_never_match),
        T(decision_tables_must_end_in_otherwise),
        T(cycles_are_printed_as_a_path),
        T(criterion_without_a_known_scale),
        T(broken_declarations_cause_no_cascade),
        T(judgements),
        T(every_missing_field_is_reported),
        T(evaluation_date),
        T(dot_after_a_field_named_like_a_scale_or_kind),
        T(round_takes_any_number_of_decimals),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
