/*
 * test_fmt.c - the formatter (lang/fmt.c): the canonical form of every
 * declaration, comments in every position, blank lines, alignment of
 * decision rows, lists, scales, spellings, parentheses, line ends, and the
 * verification that guards `wozorules fmt`.
 *
 * Every expectation is also checked to be a fixed point: formatting the
 * expected text again must give it back unchanged, and fmt_verify() must
 * accept it.
 */
#include "testutil.h"

#include <stdio.h>

#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../lang/ast.h"
#include "../../lang/fmt.h"
#include "../../lang/parse.h"

/* Formats `in` (which must parse) and returns the result; caller frees.
 * Fails the test when fmt_verify() rejects the result. */
static char *fmt_n(const char *in, size_t n)
{
    uint32_t id = source_load_text("t.wozo", in, n);
    assert_int_not_equal(id, 0);
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    if (!parse_source(id, &a, &pf)) {
        char *msg = rendered();
        fail_msg("input does not parse:\n%s", msg);
    }
    Buf out = BUF_INIT;
    fmt_file(&pf, &out);
    FmtCheck c = fmt_verify(&pf, buf_str(&out), out.len);
    if (c != FMT_CHECK_OK)
        fail_msg("%s for\n%s", fmt_check_text(c), buf_str(&out));
    arena_free(&a);
    return buf_take(&out);
}

static char *fmt(const char *in) { return fmt_n(in, strlen(in)); }

/* Checks that `in` formats to `want` and that `want` is a fixed point. */
static void formats_to(const char *in, const char *want)
{
    char *got = fmt(in);
    if (strcmp(got, want) != 0)
        fail_msg("formatting\n%s\n--- gave ---\n%s--- expected ---\n%s", in, got, want);
    char *again = fmt(got);
    if (strcmp(again, got) != 0)
        fail_msg("not a fixed point:\n%s--- became ---\n%s", got, again);
    free(got);
    free(again);
}

/* ---- declarations ---- */

static void every_declaration(void **state)
{
    (void)state;
    formats_to("scale status{absent<mentioned<planned<concrete}",
               "scale status { absent < mentioned < planned < concrete }\n");
    formats_to("kind indicator \"Indicator\" { category : category question:text note: text ?\n"
               "m: map of indicator to list of text }",
               "kind indicator \"Indicator\" {\n"
               "  category: category\n"
               "  question: text\n"
               "  note: text?\n"
               "  m: map of indicator to list of text\n"
               "}\n");
    formats_to("category preventie   \"Preventie\"", "category preventie \"Preventie\"\n");
    formats_to("indicator v \"V\" { category: preventie page: 3 }",
               "indicator v \"V\" {\n  category: preventie\n  page: 3\n}\n");
    formats_to("dataset regions : list of region from \"r.yaml\"",
               "dataset regions: list of region from \"r.yaml\"\n");
    formats_to("criterion c : reflection \"C\" for theme t in themes where t.reflected {\n"
               "let n = 1 when n > 0 => covered \"ok\" otherwise => open }",
               "criterion c: reflection \"C\" for theme t in themes where t.reflected {\n"
               "  let n = 1\n"
               "  when n > 0 => covered \"ok\"\n"
               "  otherwise  => open\n"
               "}\n");
    formats_to("function pct(x:number,y : number):text=\"{round(x*100)}%\"",
               "function pct(x: number, y: number): text = \"{round(x * 100)}%\"\n");
    formats_to("function none(): number = 0", "function none(): number = 0\n");
    formats_to("judgement part5 for hulpmiddelen { verdict: covered by: \"W\" date: 2024-08-02 }",
               "judgement part5 for hulpmiddelen {\n"
               "  verdict: covered\n"
               "  by: \"W\"\n"
               "  date: 2024-08-02\n"
               "}\n");
    formats_to("test \"t\" { data regions from \"f.yaml\" as_of 2024-08-02 expect count(regions) == 10 "
               "expect findings \"f.expected\" }",
               "test \"t\" {\n"
               "  data regions from \"f.yaml\"\n"
               "  as_of 2024-08-02\n"
               "  expect count(regions) == 10\n"
               "  expect findings \"f.expected\"\n"
               "}\n");
    formats_to("as_of   2024-08-02", "as_of 2024-08-02\n");
}

static void empty_blocks_and_files(void **state)
{
    (void)state;
    formats_to("kind level \"Niveau\" {\n}\n", "kind level \"Niveau\" {}\n");
    formats_to("region r { }", "region r {}\n");
    formats_to("", "");
    formats_to("\n\n  \n", "");
    /* A thing written with braces keeps them: the tree records it. */
    formats_to("level a {}", "level a {}\n");
}

/* ---- comments ---- */

static void comments_in_every_position(void **state)
{
    (void)state;
    formats_to("# header\n"
               "\n"
               "# about the kind\n"
               "kind k {   # after the brace\n"
               "  a: text    # after a field\n"
               "  # before b\n"
               "  b: number\n"
               "  # before the closing brace\n"
               "}   # after the block\n"
               "# at the end\n",
               "# header\n"
               "\n"
               "# about the kind\n"
               "kind k {  # after the brace\n"
               "  a: text  # after a field\n"
               "  # before b\n"
               "  b: number\n"
               "  # before the closing brace\n"
               "}  # after the block\n"
               "# at the end\n");
}

static void comments_between_rows_and_in_lists(void **state)
{
    (void)state;
    formats_to("criterion c for theme t {\n"
               "  when a => covered  # first\n"
               "  # between rows\n"
               "  otherwise => open\n"
               "}\n",
               "criterion c for theme t {\n"
               "  when a    => covered  # first\n"
               "  # between rows\n"
               "  otherwise => open\n"
               "}\n");
    formats_to("t x { l: [a, # after a\n b,\n # before c\n c # after c\n] }",
               "t x {\n"
               "  l: [\n"
               "    a,  # after a\n"
               "    b,\n"
               "    # before c\n"
               "    c,  # after c\n"
               "  ]\n"
               "}\n");
    /* An empty list that holds only a comment. */
    formats_to("t x { l: [ # nothing yet\n] }", "t x {\n  l: [  # nothing yet\n  ]\n}\n");
}

static void comments_in_a_first_line_move_above(void **state)
{
    (void)state;
    formats_to("kind k # about k\n \"K\" {\n  a: text\n}\n",
               "# about k\nkind k \"K\" {\n  a: text\n}\n");
    formats_to("level # odd place\n a \"A\"\n", "# odd place\nlevel a \"A\"\n");
    formats_to("function f(x: number, # the input\n y: number): number = x\n",
               "# the input\nfunction f(x: number, y: number): number = x\n");
}

static void comment_inside_an_expression_breaks_the_line(void **state)
{
    (void)state;
    formats_to("function f(): number = a +  # why\n  b\n",
               "function f(): number = a +  # why\n    b\n");
    formats_to("t x { n: a + # why\n b }", "t x {\n  n: a +  # why\n      b\n}\n");
    /* A comment before an operator moves after it, where the line breaks. */
    formats_to("t x { n: a # why\n + b }", "t x {\n  n: a +  # why\n      b\n}\n");
    formats_to("t x { n: f(a, # first\n b) }", "t x {\n  n: f(a,  # first\n      b)\n}\n");
}

static void trailing_blanks_of_comments_go(void **state)
{
    (void)state;
    formats_to("# a comment   \t\nlevel a\n", "# a comment\nlevel a\n");
    formats_to("#no space after the hash\nlevel a\n", "#no space after the hash\nlevel a\n");
}

/* ---- blank lines ---- */

static void blank_lines_between_declarations(void **state)
{
    (void)state;
    /* One-line declarations written one under the other stay together. */
    formats_to("level a \"A\"\nlevel b \"B\"\n# c\nlevel c\n\n\n\nlevel d\n",
               "level a \"A\"\nlevel b \"B\"\n# c\nlevel c\n\nlevel d\n");
    /* A block always gets a blank line on both sides. */
    formats_to("level a\nkind k {\n  a: text\n}\nlevel b\n",
               "level a\n\nkind k {\n  a: text\n}\n\nlevel b\n");
    /* The blank line goes above the comments of a declaration. */
    formats_to("kind k {\n  a: text\n}\n# about b\nlevel b\n",
               "kind k {\n  a: text\n}\n\n# about b\nlevel b\n");
    /* Blank lines at the start of a file go. */
    formats_to("\n\n\n# first\n\nlevel a\n", "# first\n\nlevel a\n");
}

static void blank_lines_inside_blocks(void **state)
{
    (void)state;
    formats_to("kind k {\n\n  a: text\n\n\n  b: text\n\n}\n", "kind k {\n  a: text\n\n  b: text\n}\n");
    formats_to("kind k {\n  a: text\n\n  # b\n  b: text\n}\n", "kind k {\n  a: text\n\n  # b\n  b: text\n}\n");
}

/* ---- decision rows ---- */

static void rows_align_in_groups(void **state)
{
    (void)state;
    formats_to("criterion c for theme t {\n"
               "  let n = 1\n"
               "  when n == 0 => white_spot \"none\"\n"
               "  when n < 50% => attention\n"
               "  otherwise => covered\n"
               "\n"
               "  when n == 12345 => x\n"
               "  otherwise => y\n"
               "  let m = 2\n"
               "  when m == 1 => z\n"
               "}\n",
               "criterion c for theme t {\n"
               "  let n = 1\n"
               "  when n == 0  => white_spot \"none\"\n"
               "  when n < 50% => attention\n"
               "  otherwise    => covered\n"
               "\n"
               "  when n == 12345 => x\n"
               "  otherwise       => y\n"
               "  let m = 2\n"
               "  when m == 1 => z\n"
               "}\n");
    formats_to("function d(s: number): text {\n"
               "  when s == 0 => \"geen\"\n"
               "  when s < 20% => \"weinig\"\n"
               "  otherwise => \"alle\"\n"
               "}\n",
               "function d(s: number): text {\n"
               "  when s == 0  => \"geen\"\n"
               "  when s < 20% => \"weinig\"\n"
               "  otherwise    => \"alle\"\n"
               "}\n");
}

static void multi_line_condition_is_not_aligned(void **state)
{
    (void)state;
    formats_to("criterion c for theme t {\n"
               "  when a and # why\n b => x\n"
               "  when bb => y\n"
               "}\n",
               "criterion c for theme t {\n"
               "  when a and  # why\n"
               "      b => x\n"
               "  when bb => y\n"
               "}\n");
}

/* ---- lists, records, scales ---- */

static void long_lists_break_with_trailing_commas(void **state)
{
    (void)state;
    /* 100 characters exactly: stays. */
    formats_to("t x { l: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb] }",
               "t x {\n  l: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb]\n}\n");
    /* 101: breaks. */
    formats_to("t x { l: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb] }",
               "t x {\n  l: [\n    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,\n"
               "    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,\n  ]\n}\n");
    /* A short list written over several lines joins up, trailing comma and all. */
    formats_to("t x { l: [\n a,\n b,\n] }", "t x {\n  l: [a, b]\n}\n");
    /* Records: spaces inside the braces, and the same rule. */
    formats_to("t x { r: {doc: e, page: 13,} e: {} }", "t x {\n  r: { doc: e, page: 13 }\n  e: {}\n}\n");
    /* Characters, not bytes, count: accents do not break a list early. */
    formats_to("t x { l: [\"ééééééééééééééééééééééééééééééééééééééé\", \"éééééééééééééééééééééééééééééééééééééééééééé\"] }",
               "t x {\n  l: [\"ééééééééééééééééééééééééééééééééééééééé\", \"éééééééééééééééééééééééééééééééééééééééééééé\"]\n}\n");
}

static void nested_list_breaks_inside_out(void **state)
{
    (void)state;
    formats_to("t x { l: [[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb], [c]] }",
               "t x {\n  l: [\n    [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb],\n"
               "    [c],\n  ]\n}\n");
}

/* The comma after an element counts: an element that would end at column
 * 100 exactly, comma included, stays; one more character and it breaks. */
static void element_comma_counts_for_the_width(void **state)
{
    (void)state;
    formats_to("t x { l: [[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb], c] }",
               "t x {\n  l: [\n    [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb],\n    c,\n  ]\n}\n");
    formats_to("t x { l: [[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb], c] }",
               "t x {\n  l: [\n    [\n      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,\n      bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,\n    ],\n    c,\n  ]\n}\n");
}

static void scales(void **state)
{
    (void)state;
    formats_to("scale verdict \"Oordeel\" { covered \"geen witte vlek\" < attention < white_spot }",
               "scale verdict \"Oordeel\" {\n"
               "    covered \"geen witte vlek\"\n"
               "  < attention\n"
               "  < white_spot\n"
               "}\n");
    formats_to("scale s {\n    a\n  < b\n}\n", "scale s { a < b }\n");
    formats_to("scale s { a # low\n < b }", "scale s {\n    a  # low\n  < b\n}\n");
    /* Too long for one line. */
    formats_to("scale s { aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa < bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb < cccccccccccccccccccccccccccccc }",
               "scale s {\n    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  < bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
               "  < cccccccccccccccccccccccccccccc\n}\n");
}

/* ---- spellings ---- */

static void numbers_and_texts_keep_their_spelling(void **state)
{
    (void)state;
    formats_to("t x { n: [1_000, 0.50, 12.5%, EUR    12.50, EUR\t3, 2024-08-02, true, false, -3] }",
               "t x {\n  n: [1_000, 0.50, 12.5%, EUR 12.50, EUR 3, 2024-08-02, true, false, -3]\n}\n");
    formats_to("t x { s: \"a \\\"quote\\\" \\\\ \\{not\\} {1+2} tab\\there }\" }",
               "t x {\n  s: \"a \\\"quote\\\" \\\\ \\{not\\} {1 + 2} tab\\there }\"\n}\n");
    formats_to("t x { s: \"{ f( \"in\" ) }\" }", "t x {\n  s: \"{f(\"in\")}\"\n}\n");
}

/* ---- expressions ---- */

static void operators_get_spaces(void **state)
{
    (void)state;
    formats_to("as_of a+b*c-d/e==f and not g or h!=i and j<=k and l>=m and n<o and p>q and r in s "
               "and t not   in u",
               "as_of a + b * c - d / e == f and not g or h != i and j <= k and l >= m and n < o and "
               "p > q and r in s and t not in u\n");
    formats_to("as_of count(r in regions where r.x[i].s>=planned: r.y)",
               "as_of count(r in regions where r.x[i].s >= planned: r.y)\n");
    formats_to("as_of if a then b else c where d", "as_of if a then b else c where d\n");
    formats_to("as_of -x . y", "as_of -x.y\n");
}

static void parentheses_the_author_wrote_stay(void **state)
{
    (void)state;
    formats_to("as_of (a and b) or c", "as_of (a and b) or c\n");
    formats_to("as_of ((a))", "as_of (a)\n");
    formats_to("as_of f((a), (b + c))", "as_of f((a), (b + c))\n");
    formats_to("as_of f(a)", "as_of f(a)\n");
    formats_to("as_of not (a == b)", "as_of not (a == b)\n");
    formats_to("as_of (a + b) * c", "as_of (a + b) * c\n");
    formats_to("criterion c for t x in (xs where y) { otherwise => z }",
               "criterion c for t x in (xs where y) {\n  otherwise => z\n}\n");
}

/* Builds nodes by hand, as a program would, and checks that fmt_expr()
 * puts in the parentheses the tree needs: the output must parse back to
 * the same tree. */
static AstNode *nm(Arena *a, const char *s)
{
    AstNode *n = ast_new(a, AST_NAME, span_make(0, 0, 0));
    n->name = sym_cstr(s);
    return n;
}

static AstNode *bin(Arena *a, AstOp op, AstNode *x, AstNode *y)
{
    AstNode *n = ast_new(a, AST_BINARY, span_make(0, 0, 0));
    n->op = (uint8_t)op;
    n->a = x;
    n->b = y;
    return n;
}

static AstNode *un(Arena *a, AstOp op, AstNode *x)
{
    AstNode *n = ast_new(a, AST_UNARY, span_make(0, 0, 0));
    n->op = (uint8_t)op;
    n->a = x;
    return n;
}

static AstNode *node(Arena *a, AstKind k, AstNode *x, AstNode *y, AstNode *z)
{
    AstNode *n = ast_new(a, k, span_make(0, 0, 0));
    n->a = x;
    n->b = y;
    n->c = z;
    return n;
}

static void expr_round_trip(AstNode *e, const char *want)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "as_of ");
    fmt_expr(&b, e);
    if (strcmp(buf_str(&b) + 6, want) != 0)
        fail_msg("printed '%s', expected '%s'", buf_str(&b) + 6, want);
    uint32_t id = source_load_text("e.wozo", b.data, b.len);
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    assert_true(parse_source(id, &a, &pf));
    assert_int_equal(pf.decls.len, 1);
    if (!ast_equal(pf.decls.items[0]->a, e))
        fail_msg("'%s' parses to another tree", buf_str(&b));
    arena_free(&a);
    buf_free(&b);
}

static void parentheses_the_tree_needs(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 0);
    expr_round_trip(bin(&a, OP_MUL, bin(&a, OP_ADD, nm(&a, "a"), nm(&a, "b")), nm(&a, "c")), "(a + b) * c");
    expr_round_trip(bin(&a, OP_SUB, nm(&a, "a"), bin(&a, OP_SUB, nm(&a, "b"), nm(&a, "c"))), "a - (b - c)");
    expr_round_trip(bin(&a, OP_SUB, bin(&a, OP_SUB, nm(&a, "a"), nm(&a, "b")), nm(&a, "c")), "a - b - c");
    expr_round_trip(un(&a, OP_NOT, bin(&a, OP_EQ, nm(&a, "a"), nm(&a, "b"))), "not a == b");
    expr_round_trip(bin(&a, OP_EQ, un(&a, OP_NOT, nm(&a, "a")), nm(&a, "b")), "(not a) == b");
    expr_round_trip(bin(&a, OP_EQ, nm(&a, "a"), un(&a, OP_NOT, nm(&a, "b"))), "a == (not b)");
    expr_round_trip(bin(&a, OP_AND, un(&a, OP_NOT, nm(&a, "a")), nm(&a, "b")), "not a and b");
    expr_round_trip(un(&a, OP_NOT, bin(&a, OP_AND, nm(&a, "a"), nm(&a, "b"))), "not (a and b)");
    expr_round_trip(bin(&a, OP_LT, bin(&a, OP_LT, nm(&a, "a"), nm(&a, "b")), nm(&a, "c")), "(a < b) < c");
    expr_round_trip(un(&a, OP_NEG, bin(&a, OP_MUL, nm(&a, "a"), nm(&a, "b"))), "-(a * b)");
    expr_round_trip(un(&a, OP_NEG, un(&a, OP_NEG, nm(&a, "a"))), "--a");
    AstNode *f = ast_new(&a, AST_FIELD, span_make(0, 0, 0));
    f->a = bin(&a, OP_ADD, nm(&a, "a"), nm(&a, "b"));
    f->name = sym_cstr("f");
    expr_round_trip(f, "(a + b).f");
    AstNode *choice = node(&a, AST_IF, nm(&a, "c"), nm(&a, "x"), nm(&a, "y"));
    expr_round_trip(bin(&a, OP_OR, choice, nm(&a, "z")), "(if c then x else y) or z");
    expr_round_trip(node(&a, AST_WHERE, choice, nm(&a, "z"), NULL), "if c then x else y where z");
    expr_round_trip(node(&a, AST_IF, nm(&a, "c"), nm(&a, "x"), node(&a, AST_WHERE, nm(&a, "y"), nm(&a, "z"), NULL)),
                    "if c then x else (y where z)");
    expr_round_trip(node(&a, AST_IF, nm(&a, "c"), nm(&a, "x"), choice), "if c then x else if c then x else y");
    expr_round_trip(node(&a, AST_WHERE, nm(&a, "x"), node(&a, AST_WHERE, nm(&a, "y"), nm(&a, "z"), NULL), NULL),
                    "x where (y where z)");
    arena_free(&a);
}

static void values_without_a_source(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 0);
    AstNode *pct = ast_new(&a, AST_NUM, span_make(0, 0, 0));
    pct->op = NUM_PERCENT;
    pct->v.num = (Rat){1, 8};
    expr_round_trip(pct, "12.5%");
    AstNode *eur = ast_new(&a, AST_NUM, span_make(0, 0, 0));
    eur->op = NUM_MONEY;
    eur->v.num = (Rat){25, 2};
    expr_round_trip(eur, "EUR 12.5");
    AstNode *text = ast_new(&a, AST_TEXT, span_make(0, 0, 0));
    AstNode *part = ast_new(&a, AST_TEXT_PART, span_make(0, 0, 0));
    part->v.str.s = "say \"hi\" {x}\\\n\t";
    part->v.str.len = (uint32_t)strlen(part->v.str.s);
    ast_push(&a, &text->list, part);
    ast_push(&a, &text->list, nm(&a, "n"));
    expr_round_trip(text, "\"say \\\"hi\\\" \\{x\\}\\\\\\n\\t{n}\"");
    AstNode *list = ast_new(&a, AST_LIST, span_make(0, 0, 0));
    ast_push(&a, &list->list, nm(&a, "a"));
    ast_push(&a, &list->list, nm(&a, "b"));
    expr_round_trip(list, "[a, b]");
    arena_free(&a);
}

/* ---- line ends, byte-order mark ---- */

static void crlf_and_bom_are_kept(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBF# c\r\nkind k {a: text # t\r\n}";
    char *got = fmt_n(in, sizeof in - 1);
    assert_string_equal(got, "\xEF\xBB\xBF# c\r\nkind k {\r\n  a: text  # t\r\n}\r\n");
    free(got);
    /* The first line end decides. */
    const char mixed[] = "level a\r\nlevel b\nlevel c\n";
    got = fmt_n(mixed, sizeof mixed - 1);
    assert_string_equal(got, "level a\r\nlevel b\r\nlevel c\r\n");
    free(got);
    /* A lone CR ends a line for the lexer; the output uses LF. */
    const char cr[] = "level a\rlevel b\r";
    got = fmt_n(cr, sizeof cr - 1);
    assert_string_equal(got, "level a\nlevel b\n");
    free(got);
}

/* ---- verification ---- */

static FmtCheck verify_against(const char *orig, const char *candidate)
{
    uint32_t id = load_text("v.wozo", orig);
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    assert_true(parse_source(id, &a, &pf));
    FmtCheck c = fmt_verify(&pf, candidate, strlen(candidate));
    arena_free(&a);
    return c;
}

static void verify_refuses_what_is_not_equivalent(void **state)
{
    (void)state;
    assert_int_equal(verify_against("level a # x\n", "level a  # x\n"), FMT_CHECK_OK);
    assert_int_equal(verify_against("level a # x\n", "level b  # x\n"), FMT_CHECK_MEANING);
    assert_int_equal(verify_against("level a # x\n", "level a\n"), FMT_CHECK_COMMENTS);
    assert_int_equal(verify_against("level a # x\n", "level a  # y\n"), FMT_CHECK_COMMENTS);
    assert_int_equal(verify_against("level a # x\n", "level a  # x\n\n\n"), FMT_CHECK_UNSTABLE);
    assert_int_equal(verify_against("level a # x\n", "level a { # x\n"), FMT_CHECK_NO_PARSE);
    assert_int_equal(verify_against("t x { a: 1 }\n", "t x {\n  a:    1\n}\n"), FMT_CHECK_UNSTABLE);
    /* Another spelling of the same number is the same tree, and stable. */
    assert_int_equal(verify_against("t x { a: 1 }\n", "t x {\n  a: 1.0\n}\n"), FMT_CHECK_OK);
    assert_int_equal(verify_against("t x { a: 1 }\n", "t x {\n  a: 2\n}\n"), FMT_CHECK_MEANING);
    assert_non_null(strstr(fmt_check_text(FMT_CHECK_NO_PARSE), "does not parse"));
}

/* Every rule file of the repository is a fixed point after one formatting
 * and verifies (the shell test tests/fmt-all.sh does the same through the
 * command, for every case file too). */
static void formatting_is_idempotent_on_the_prelude(void **state)
{
    (void)state;
    FILE *f = fopen("stdlib/prelude.wozo", "rb");
    if (!f)
        skip();
    Buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    char *once = fmt_n(buf_str(&b), b.len);
    char *twice = fmt(once);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(every_declaration),
        TEST(empty_blocks_and_files),
        TEST(comments_in_every_position),
        TEST(comments_between_rows_and_in_lists),
        TEST(comments_in_a_first_line_move_above),
        TEST(comment_inside_an_expression_breaks_the_line),
        TEST(trailing_blanks_of_comments_go),
        TEST(blank_lines_between_declarations),
        TEST(blank_lines_inside_blocks),
        TEST(rows_align_in_groups),
        TEST(multi_line_condition_is_not_aligned),
        TEST(long_lists_break_with_trailing_commas),
        TEST(nested_list_breaks_inside_out),
        TEST(element_comma_counts_for_the_width),
        TEST(scales),
        TEST(numbers_and_texts_keep_their_spelling),
        TEST(operators_get_spaces),
        TEST(parentheses_the_author_wrote_stay),
        TEST(parentheses_the_tree_needs),
        TEST(values_without_a_source),
        TEST(crlf_and_bom_are_kept),
        TEST(verify_refuses_what_is_not_equivalent),
        TEST(formatting_is_idempotent_on_the_prelude),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
