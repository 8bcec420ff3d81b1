/*
 * test_lexer.c - the scanner and the grammar: the trees they build
 * (compared as ast_dump() S-expressions), the messages about syntax, error
 * recovery, and the limits on names, texts and nesting.
 */
#include "testutil.h"

#include "../../base/arena.h"
#include "../../lang/ast.h"
#include "../../lang/parse.h"

static Arena arena;

static int setup(void **state)
{
    arena_init(&arena, 0);
    return test_setup(state);
}

static int teardown(void **state)
{
    arena_free(&arena);
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* Parses text and returns the dump of its declarations, one per line (in
 * a static buffer); *ok receives ParsedFile.ok when not NULL. */
static const char *parse_dump(const char *text, bool *ok)
{
    static char out[1 << 16];
    uint32_t id = load_text("t.wozo", text);
    assert_int_not_equal(id, 0);
    ParsedFile pf;
    bool r = parse_source(id, &arena, &pf);
    if (ok)
        *ok = r;
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < pf.decls.len; i++) {
        ast_dump(&b, pf.decls.items[i]);
        buf_putc(&b, '\n');
    }
    snprintf(out, sizeof out, "%s", buf_str(&b));
    buf_free(&b);
    return out;
}

/* The dump of the expression of `as_of EXPR` (the shortest way to parse a
 * bare expression). */
static const char *expr_dump(const char *expr)
{
    char text[4096];
    snprintf(text, sizeof text, "as_of %s\n", expr);
    bool ok;
    const char *d = parse_dump(text, &ok);
    if (!ok) {
        char *msgs = rendered();
        fail_msg("'%s' did not parse:\n%s", expr, msgs);
    }
    return d;
}

#define assert_expr(src, dump) assert_string_equal(expr_dump(src), "(as_of " dump ")\n")

static void precedence_and_associativity(void **state)
{
    (void)state;
    assert_expr("1 + 2 * 3", "(binary + (num 1) (binary * (num 2) (num 3)))");
    assert_expr("1 - 2 - 3", "(binary - (binary - (num 1) (num 2)) (num 3))");
    assert_expr("(1 + 2) * 3", "(binary * (binary + (num 1) (num 2)) (num 3))");
    assert_expr("-a * b", "(binary * (unary - (name a)) (name b))");
    assert_expr("not a and b or c", "(binary or (binary and (unary not (name a)) (name b)) (name c))");
    assert_expr("a or b and c", "(binary or (name a) (binary and (name b) (name c)))");
    assert_expr("a + 1 >= b * 2", "(binary >= (binary + (name a) (num 1)) (binary * (name b) (num 2)))");
    assert_expr("x in xs and y not in ys",
                "(binary and (binary in (name x) (name xs)) (binary not in (name y) (name ys)))");
    assert_expr("if a then 1 else if b then 2 else 3",
                "(if (name a) (num 1) (if (name b) (num 2) (num 3)))");
    assert_expr("xs where n > 1 where n < 5",
                "(where (where (name xs) (binary > (name n) (num 1))) (binary < (name n) (num 5)))");
    assert_expr("r.findings[i].status",
                "(dot status (index (dot findings (name r)) (name i)))");
}

static void literals_keep_their_values(void **state)
{
    (void)state;
    assert_expr("1_000_000", "(num 1000000)");
    assert_expr("0.25", "(num 0.25)");
    assert_expr("12.5%", "(num 0.125 %)");
    assert_expr("EUR 312_000_000", "(num 312000000 EUR)");
    assert_expr("EUR 12.50", "(num 12.5 EUR)");
    assert_expr("2024-02-29", "(date 2024-02-29)");
    assert_expr("true", "(bool true)");
    assert_expr("[]", "(list)");
    assert_expr("[1, 2,]", "(list (num 1) (num 2))");
    assert_expr("{}", "(record)");
    assert_expr("{ doc: x, page: 13 }", "(record (field doc (name x)) (field page (num 13)))");
    assert_expr("status.planned", "(dot planned (name status))");
}

static void text_with_escapes_and_interpolation(void **state)
{
    (void)state;
    assert_expr("\"a\\\"b\\\\c\\nd\\te\\{f\\}\"", "(text (part \"a\\\"b\\\\c\\nd\\te{f}\"))");
    assert_expr("\"{i.title}: {n} van {total}\"",
                "(text (dot title (name i)) (part \": \") (name n) (part \" van \") (name total))");
    assert_expr("\"\"", "(text)");
    /* Text inside an inserted value inside text. */
    assert_expr("\"a {if x then \"ja\" else \"nee\"} b\"",
                "(text (part \"a \") (if (name x) (text (part \"ja\")) (text (part \"nee\"))) (part \" b\"))");
    assert_expr("\"Zo\xC3\xAB\"", "(text (part \"Zo\xC3\xAB\"))");
}

static void calls_and_aggregates(void **state)
{
    (void)state;
    assert_expr("count(r in regions where r.ok: r.n > 1)",
                "(call count (pair (where (binary in (name r) (name regions)) (dot ok (name r))) "
                "(binary > (dot n (name r)) (num 1))))");
    assert_expr("round(x, 2)", "(call round (name x) (num 2))");
    assert_expr("as_of_date()", "(call as_of_date)");
}

static void declarations(void **state)
{
    (void)state;
    const char *d = parse_dump("scale s \"S\" { a \"A\" < b }\n"
                               "kind k { f: list of text  g: map of k to number?  h: s }\n"
                               "k x \"X\" { f: [\"a\"] }\n"
                               "k y\n"
                               "dataset ds: list of k from \"d.yaml\"\n"
                               "criterion c: s \"C\" for k i in ds where i.h > a { let n = 1 when n > 0 => b \"m\" otherwise => a }\n"
                               "function f(x: number, y: s): text = \"{x}\"\n"
                               "judgement c for x { verdict: a }\n"
                               "test \"t\" { data ds from \"f.yaml\" as_of 2024-01-01 expect true }\n",
                               NULL);
    assert_string_equal(d,
        "(scale s (text (part \"S\")) (scale-value a (text (part \"A\"))) (scale-value b))\n"
        "(kind k (field-decl f (list-of (type text))) (field-decl g (optional (map-of (type k) (type number)))) "
        "(field-decl h (type s)))\n"
        "(thing x :k (text (part \"X\")) (field f (list (text (part \"a\")))))\n"
        "(thing y :k)\n"
        "(dataset ds (list-of (type k)) (text (part \"d.yaml\")))\n"
        "(criterion c :k :i (text (part \"C\")) (type s) (name ds) where:(binary > (dot h (name i)) (name a)) "
        "(let n (num 1)) (row :b (binary > (name n) (num 0)) (text (part \"m\"))) (row :a))\n"
        "(function f _ (type text) (text (name x)) params:[ (param x (type number)) (param y (type s)) ])\n"
        "(judgement c (name x) (field verdict (name a)))\n"
        "(test (text (part \"t\")) (test-data ds (text (part \"f.yaml\"))) (as_of (date 2024-01-01)) (expect (bool true)))\n");
    assert_int_equal(diag_errors(), 0);
}

static void comments_are_kept_with_positions(void **state)
{
    (void)state;
    const char *text = "# eerste\nscale s { a } # tweede\n#\n";
    uint32_t id = load_text("c.wozo", text);
    ParsedFile pf;
    assert_true(parse_source(id, &arena, &pf));
    assert_int_equal(pf.ncomments, 3);
    assert_int_equal(pf.comments[0].off, 0);
    assert_int_equal(pf.comments[0].len, 8);
    assert_memory_equal(text + pf.comments[1].off, "# tweede", 8);
    assert_int_equal(pf.comments[1].len, 8);
    assert_int_equal(pf.comments[2].len, 1);
    assert_int_equal(pf.decls.len, 1);
}

static void syntax_errors_name_what_was_expected(void **state)
{
    (void)state;
    bool ok;
    parse_dump("kind k { from: text }\n", &ok);
    assert_false(ok);
    char *out = rendered();
    assert_contains(out, "t.wozo:1:10: error[E020]: unexpected 'from', expected one of name, '}'\n");
    assert_contains(out, "= hint: 'from' is a reserved word and cannot be used as a name\n");
    mem_free(out);
}

static void syntax_error_hints(void **state)
{
    (void)state;
    parse_dump("as_of 1 = 2\n", NULL);
    parse_dump("as_of 1 < x < 5\n", NULL);
    parse_dump("as_of 1 + * 2\n", NULL);
    char *out = rendered();
    assert_contains(out, "error[E020]: unexpected '='\n");
    assert_contains(out, "hint: to compare two values write '=='\n");
    assert_contains(out, "hint: comparisons cannot be chained: write 'a < b and b < c'\n");
    assert_contains(out, "unexpected '*', expected an expression\n");
    mem_free(out);
}

static void unclosed_brace_points_at_it(void **state)
{
    (void)state;
    parse_dump("scale s {\n  a < b\n", NULL);
    char *out = rendered();
    assert_contains(out, "t.wozo:3:1: error[E020]: unexpected end of file");
    assert_contains(out, "t.wozo:1:9: note: this '{' is not closed\n");
    mem_free(out);
}

static void recovery_keeps_the_header_of_a_broken_block(void **state)
{
    (void)state;
    bool ok;
    const char *d = parse_dump("kind k { a: }\nkind m { b: text }\ncriterion c for k i { when => x }\n", &ok);
    assert_false(ok);
    assert_int_equal(diag_count_code(DIAG_E020), 2);
    /* Both broken blocks keep their names; the good one between is whole. */
    assert_string_equal(d, "(kind k)\n(kind m (field-decl b (type text)))\n(criterion c :k :i)\n");
    uint32_t id = load_text("b.wozo", "kind k { a: }\n");
    ParsedFile pf;
    parse_source(id, &arena, &pf);
    assert_true(pf.decls.items[0]->flags & AST_FLAG_BROKEN);
}

static void one_message_for_one_mistake(void **state)
{
    (void)state;
    /* Each of these is one mistake; the scanner reports it and reads on as
     * meant, and the parser does not add a second message. */
    const char *cases[] = {
        "as_of a && b\n", "as_of a || b\n", "as_of !a\n", "as_of 'tekst'\n",
        "as_of \xE2\x80\x9Ctekst\xE2\x80\x9D\n", "as_of \"open\nkind k { }\n",
        "as_of \"a {b\nkind k { }\n", "as_of caf\xC3\xA9\n", "as_of x @ 1\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diag_clear();
        parse_dump(cases[i], NULL);
        if (diag_errors() != 1) {
            char *out = rendered();
            fail_msg("%zu messages for '%s':\n%s", diag_errors(), cases[i], out);
        }
    }
    diag_clear();
    assert_string_equal(parse_dump("as_of a && b\n", NULL), "(as_of (binary and (name a) (name b)))\n");
    diag_clear();
    assert_string_equal(parse_dump("as_of 'x y'\n", NULL), "(as_of (text (part \"x y\")))\n");
}

static void unterminated_text_points_at_the_quote(void **state)
{
    (void)state;
    parse_dump("scale s { a \"titel }\r\nkind k { }\n", NULL);
    char *out = rendered();
    assert_contains(out, "t.wozo:1:13: error[E008]: text has no closing quote\n");
    assert_int_equal(diag_errors(), 1);
    mem_free(out);
}

/* Builds "as_of " + n copies of open + "1" + n copies of close. */
static char *nested(int n, const char *open, const char *mid, const char *close)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "as_of ");
    for (int i = 0; i < n; i++)
        buf_puts(&b, open);
    buf_puts(&b, mid);
    for (int i = 0; i < n; i++)
        buf_puts(&b, close);
    buf_putc(&b, '\n');
    return buf_take(&b);
}

static void bracket_nesting_limit(void **state)
{
    (void)state;
    bool ok;
    char *at = nested(128, "(", "1", ")"), *past = nested(129, "[", "1", "]");
    parse_dump(at, &ok);
    assert_true(ok);
    parse_dump(past, &ok);
    assert_false(ok);
    assert_int_equal(diag_count_code(DIAG_E014), 1);
    char *out = rendered();
    assert_contains(out, "t.wozo:1:135: error[E014]: nesting too deep (more than 128 levels)\n");
    mem_free(out);
    mem_free(at);
    mem_free(past);
}

static void expression_depth_limit(void **state)
{
    (void)state;
    bool ok;
    /* n prefix 'not's over a name make an expression n + 1 deep. */
    char *at = nested(199, "not ", "x", ""), *past = nested(200, "- ", "x", "");
    parse_dump(at, &ok);
    assert_true(ok);
    parse_dump(past, &ok);
    assert_false(ok);
    char *out = rendered();
    assert_contains(out, "error[E014]: expression nested too deeply (more than 200 levels)\n");
    mem_free(out);
    mem_free(at);
    mem_free(past);
    /* Far past it, bison's own stack would run out first: still E014, and
     * no crash. */
    diag_clear();
    char *huge = nested(20000, "not ", "x", "");
    parse_dump(huge, &ok);
    assert_false(ok);
    assert_int_equal(diag_count_code(DIAG_E014), 1);
    mem_free(huge);
}

static void scanner_leaves_the_text_intact(void **state)
{
    (void)state;
    /* Parsing stops early at the nesting limit; the scanner, which works in
     * place, must have put back the byte it overwrote, or later messages
     * show the line damaged. */
    char *past = nested(129, "(", "1", ")");
    uint32_t id = load_text("intact.wozo", past);
    ParsedFile pf;
    parse_source(id, &arena, &pf);
    assert_memory_equal(source_get(id)->text, past, strlen(past));
    mem_free(past);
}

static void name_length_limit(void **state)
{
    (void)state;
    char name[300];
    memset(name, 'a', sizeof name);
    char text[400];
    snprintf(text, sizeof text, "scale %.255s { x }\n", name);
    bool ok;
    parse_dump(text, &ok);
    assert_true(ok);
    snprintf(text, sizeof text, "scale %.256s { x }\n", name);
    uint32_t id = load_text("long.wozo", text);
    ParsedFile pf;
    assert_false(parse_source(id, &arena, &pf));
    assert_int_equal(diag_count_code(DIAG_E013), 1);
    /* The name is cut at the limit, so the rest of the file still checks. */
    assert_int_equal(pf.decls.items[0]->name->len, 255);
}

static void text_length_limit(void **state)
{
    (void)state;
    bool ok;
    size_t n = 65536;
    char *text = mem_alloc(n + 32);
    memcpy(text, "as_of \"", 7);
    memset(text + 7, 'x', n);
    strcpy(text + 7 + n, "\"\n");
    parse_dump(text, &ok);
    assert_true(ok);
    memset(text + 7, 'x', n + 1);
    strcpy(text + 8 + n, "\"\n");
    parse_dump(text, &ok);
    assert_false(ok);
    assert_int_equal(diag_count_code(DIAG_E013), 1);
    mem_free(text);
}

static void syntax_error_cap(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    for (int i = 0; i < PARSE_MAX_ERRORS + 5; i++)
        buf_puts(&b, "kind k { 1 }\n");
    parse_dump(buf_str(&b), NULL);
    buf_free(&b);
    /* The cap, and one message that says the rest was not read. */
    assert_int_equal(diag_count_code(DIAG_E020), PARSE_MAX_ERRORS + 1);
    char *out = rendered();
    assert_contains(out, "t.wozo:26:10: error[E020]: too many syntax errors in this file; the rest of it is not read\n");
    mem_free(out);
}

static void equal_trees_ignore_layout(void **state)
{
    (void)state;
    uint32_t a = load_text("a.wozo", "criterion c for k i { when i.n>1 => x \"m {i}\" otherwise => y }");
    uint32_t b = load_text("b.wozo", "# comment\ncriterion c for k i {\n  when i.n > 1 => x \"m {i}\"\n  otherwise => y\n}\n");
    uint32_t c = load_text("c.wozo", "criterion c for k i { when i.n > 2 => x \"m {i}\" otherwise => y }");
    ParsedFile pa, pb, pc;
    assert_true(parse_source(a, &arena, &pa));
    assert_true(parse_source(b, &arena, &pb));
    assert_true(parse_source(c, &arena, &pc));
    assert_true(ast_list_equal(&pa.decls, &pb.decls));
    assert_false(ast_list_equal(&pa.decls, &pc.decls));
}

/* A text of many escapes is joined into one piece in time and memory linear
 * in its length: each escape is a token of its own, and joining by copying
 * the piece so far for every token took 6 s and 3 GB for 80,000 of them.
 * The bound on the arena catches that without measuring time: quadratic
 * joining of N escapes allocates about N * N / 2 bytes (200 MB here). */
static void text_of_many_escapes_is_linear(void **state)
{
    (void)state;
    enum { N = 20000 };
    Buf b = BUF_INIT;
    buf_puts(&b, "as_of \"x");
    for (int i = 0; i < N; i++)
        buf_puts(&b, "\\n");
    buf_puts(&b, "{y}\\t\\tz\"\n");
    uint32_t id = load_text("t.wozo", buf_str(&b));
    buf_free(&b);
    ParsedFile pf;
    assert_true(parse_source(id, &arena, &pf));
    assert_true(arena.total < (size_t)N * 8 + (1u << 20));
    /* Still one piece per run of literal text, with the right bytes. */
    const AstNode *t = pf.decls.items[0]->a;
    assert_int_equal(t->kind, AST_TEXT);
    assert_int_equal(t->list.len, 3);
    const AstNode *p0 = t->list.items[0], *p2 = t->list.items[2];
    assert_int_equal(p0->kind, AST_TEXT_PART);
    assert_int_equal(p0->v.str.len, N + 1);
    assert_int_equal(p0->v.str.s[0], 'x');
    for (int i = 1; i <= N; i++)
        if (p0->v.str.s[i] != '\n')
            fail_msg("byte %d of the text is not a line break", i);
    /* The piece spans from the 'x' to the last escape. */
    assert_int_equal(p0->span.off, 7);
    assert_int_equal(p0->span.len, 1 + 2 * N);
    assert_int_equal(t->list.items[1]->kind, AST_NAME);
    assert_int_equal(p2->v.str.len, 3);
    assert_memory_equal(p2->v.str.s, "\t\tz", 3);
}

/* 'not in' is one operator only when 'in' is a whole word: 'not included'
 * is 'not' applied to the name 'included' (it was read as 'not in'
 * followed by the name 'cluded'). */
static void not_in_needs_a_whole_word(void **state)
{
    (void)state;
    assert_expr("not included", "(unary not (name included))");
    assert_expr("not inx", "(unary not (name inx))");
    assert_expr("not in_force and a", "(binary and (unary not (name in_force)) (name a))");
    assert_expr("a not in b", "(binary not in (name a) (name b))");
    assert_expr("a not\tin[b]", "(binary not in (name a) (list (name b)))");
    assert_expr("a not  in(b)", "(binary not in (name a) (name b))");
    /* At the very end of the file too (a syntax error, but about 'not in'). */
    bool ok;
    parse_dump("as_of a not in", &ok);
    assert_false(ok);
    char *out = rendered();
    assert_contains(out, "unexpected end of file, expected an expression");
    mem_free(out);
}

/* A percentage whose value does not fit once divided by 100 is an error at
 * the literal, not a silent 0. */
static void percentage_out_of_range(void **state)
{
    (void)state;
    /* 16 decimals fit: 10^-16 / 100 is 1 / 10^18. */
    uint32_t id = load_text("p.wozo", "as_of 0.0000000000000001%\n");
    ParsedFile pf;
    assert_true(parse_source(id, &arena, &pf));
    const AstNode *num = pf.decls.items[0]->a;
    assert_int_equal(num->kind, AST_NUM);
    assert_int_equal(num->v.num.num, 1);
    assert_int_equal(num->v.num.den, 1000000000000000000);
    bool ok;
    parse_dump("as_of 0.000000000000000001%\n", &ok);
    assert_false(ok);
    parse_dump("as_of 99999999999999999999%\n", &ok);
    assert_false(ok);
    assert_int_equal(diag_count_code(DIAG_E011), 2);
    char *out = rendered();
    assert_contains(out, "t.wozo:1:7: error[E011]: percentage '0.000000000000000001%' is out of range\n");
    assert_contains(out, "t.wozo:1:7: error[E011]: number '99999999999999999999' is out of range\n");
    mem_free(out);
}

/* A comma between the fields of a block (a habit from JSON) gets a hint;
 * so do commas between scale words, between the lets and rows of a
 * criterion or function and between the items of a test. A stray comma in
 * a record or an argument list does not. */
static void comma_between_fields_hint(void **state)
{
    (void)state;
    parse_dump("kind k { a: text, b: number }\n", NULL);
    parse_dump("k x { a: \"t\", b: 2 }\n", NULL);
    parse_dump("judgement c for x { verdict: a, note: \"n\" }\n", NULL);
    parse_dump("scale s { a, b }\n", NULL);
    parse_dump("criterion c for k i { let n = 1, when n > 0 => a }\n", NULL);
    parse_dump("function f(): number { when true => 1, otherwise => 2 }\n", NULL);
    parse_dump("test \"t\" { expect true, expect false }\n", NULL);
    char *out = rendered();
    const char *field_hint = "= hint: no ',' is needed between fields: each field stands on its own line\n";
    const char *h = out;
    int n = 0;
    while ((h = strstr(h, field_hint)) != NULL)
        h++, n++;
    assert_int_equal(n, 3);
    assert_contains(out, "= hint: the words of a scale are separated by '<', lowest first: { low < high }\n");
    const char *row_hint = "= hint: no ',' is needed between lets and rows: each stands on its own line\n";
    assert_contains(out, "t.wozo:1:32: error[E020]: unexpected ','");
    h = out, n = 0;
    while ((h = strstr(h, row_hint)) != NULL)
        h++, n++;
    assert_int_equal(n, 2);
    assert_contains(out, "= hint: no ',' is needed between the items of a block: each stands on its own line\n");
    mem_free(out);
    diag_clear();
    parse_dump("as_of {a: 1,, b: 2}\n", NULL);
    parse_dump("as_of f(1,, 2)\n", NULL);
    parse_dump("kind k { , a: text }\n", NULL);
    out = rendered();
    assert_int_equal(diag_count_code(DIAG_E020), 3);
    if (strstr(out, "hint"))
        fail_msg("no hint expected:\n%s", out);
    mem_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(precedence_and_associativity),
        T(literals_keep_their_values),
        T(text_with_escapes_and_interpolation),
        T(calls_and_aggregates),
        T(declarations),
        T(comments_are_kept_with_positions),
        T(syntax_errors_name_what_was_expected),
        T(syntax_error_hints),
        T(unclosed_brace_points_at_it),
        T(recovery_keeps_the_header_of_a_broken_block),
        T(one_message_for_one_mistake),
        T(unterminated_text_points_at_the_quote),
        T(bracket_nesting_limit),
        T(expression_depth_limit),
        T(scanner_leaves_the_text_intact),
        T(name_length_limit),
        T(text_length_limit),
        T(syntax_error_cap),
        T(equal_trees_ignore_layout),
        T(text_of_many_escapes_is_linear),
        T(not_in_needs_a_whole_word),
        T(percentage_out_of_range),
        T(comma_between_fields_hint),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
