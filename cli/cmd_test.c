/*
 * cmd_test.c - `wozorules test`: runs the test blocks of a rules tree.
 *
 * Each test gets a Run of its own with its fixtures bound and its date set;
 * criteria are evaluated as its expectations ask for their verdicts. A
 * failed comparison shows both sides' values.
 *
 * Two extras serve reviews (docs/review.md):
 *
 * - Snapshots. `expect findings "FILE"` pins every finding of the test's
 *   data in FILE, one line each, sorted by finding id, so that the effect
 *   of a rule change is a plain diff of that file. `--update` rewrites the
 *   files that differ (never from a run that had errors).
 *
 * - Coverage, in both directions. Rows: a criterion row counts as covered
 *   when it matched while a test was checking something, that is while an
 *   expectation evaluated a verdict (directly or through other criteria) or
 *   while a snapshot evaluated everything. Criteria a test never looks at
 *   are deliberately NOT evaluated just to colour rows: a row that matched
 *   but was never checked is not tested. Things: a thing counts as read
 *   when a criterion (or a function it calls) names it, iterates its kind,
 *   or reaches it through a field it reads of a thing it reads; this is
 *   computed from the resolved rules, not from a run.
 */
#include "cli.h"
#include "../lang/diag.h"
#include "../runtime/report.h"
#include "../stdlib/builtins.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "wozorules test [PATH ...] [--format text|tap|junit] [--output FILE] [--coverage] "
    "[--coverage-min PERCENT] [--update]";

static const OptSpec specs[] = {
    {"format", true, 'f', false},
    {"output", true, 'o', false},
    {"coverage", false, 0, false},
    {"coverage-min", true, 0, false},
    {"update", false, 0, false},
    {"color", true, 0, false},
    {"no-prelude", false, 0, false},
    {"help", false, 'h', false},
};

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Runs the test blocks of the rule files below each PATH (default: rules/).\n"
           "A test binds fixture data, may set the evaluation date, and states\n"
           "expectations that must be true:\n\n"
           "    test \"spoedzorg is a possible white spot\" {\n"
           "      data regions from \"fixtures/regions.yaml\"\n"
           "      as_of 2024-08-02\n"
           "      expect verdict(part4, spoedzorg) == white_spot\n"
           "      expect findings \"fixtures/regions.expected\"\n"
           "    }\n\n"
           "'expect findings FILE' pins every finding of the test's data in FILE (one\n"
           "line each, sorted by id); --update writes the files that differ.\n\n"
           "options:\n"
           "  -f, --format FORMAT     text (default), tap or junit\n"
           "  -o, --output FILE       write the results to FILE\n"
           "      --coverage          list the criterion rows no test matched and the\n"
           "                          things no criterion reads\n"
           "      --coverage-min PCT  fail when fewer than PCT%% of the criterion rows\n"
           "                          were matched by a test (implies --coverage)\n"
           "      --update            rewrite the expected-findings files that differ\n"
           "      --color WHEN        auto (default), always or never\n"
           "      --no-prelude        do not load the built-in prelude\n\n"
           "exit status: 0 all tests passed, 1 a test failed or coverage is below the\n"
           "             minimum, 2 invalid rules, data or command line, 3 internal or\n"
           "             I/O error\n");
}

/* Why an expectation failed, for every output format. */
typedef struct Failure {
    const AstNode *at;  /* the expectation's expression, or a snapshot's AST_EXPECT */
    char *headline;     /* "expected count(x) == 1", "findings differ from FILE" */
    char *detail;       /* "left: ..., right: ..." or the reason; lines end in '\n'
                           except the last */
} Failure;

typedef struct TestResult {
    const Test *test;
    VEC(Failure) failures;  /* owns headline and detail */
    bool error;             /* data or evaluation error: see the diagnostics */
    bool updated;           /* --update rewrote the test's findings file */
} TestResult;

/* What the tests covered, over all tests of one Program. */
typedef struct Coverage {
    uint8_t **row_hit;      /* per criterion index, per row: matched in some test */
} Coverage;

static void loc_of(const AstNode *n, Buf *b)
{
    uint32_t line, col;
    source_linecol(n->span.file, n->span.off, &line, &col);
    const Source *s = source_get(n->span.file);
    buf_printf(b, "%s:%u:%u", s ? s->path : "?", line, col);
}

/* The source text of a node on one line, at most `max` bytes. */
static void source_of(const AstNode *n, Buf *b, size_t max)
{
    const Source *s = source_get(n->span.file);
    if (!s || !s->text)
        return;
    size_t len = n->span.len;
    for (size_t i = 0; i < len && i < max; i++) {
        char c = s->text[n->span.off + i];
        buf_putc(b, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    if (len > max)
        buf_puts(b, "...");
}

static void add_failure(TestResult *res, const AstNode *at, char *headline, char *detail)
{
    Failure f = {at, headline, detail};
    vec_push(&res->failures, f);
}

/* ------------------------------------------------------------------ */
/* Snapshots: the expected-findings file                                */

/* Appends s quoted, with the escapes of the rule language, so that every
 * finding stays on one line whatever its message holds. */
static void put_quoted(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            buf_printf(b, "\\x%02x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

/* Whether an id can be written bare: the key of a line is its first word. */
static bool bare_id(const char *s)
{
    if (!*s || *s == '#')
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == '"' || *s == '\\' || *s == 0x7F)
            return false;
    return true;
}

/* One finding as one line (without the line break):
 *   ID VERDICT "MESSAGE"
 *   ID VERDICT (judgement; computed WORD) "MESSAGE"
 * No rule or data positions: they move with every unrelated edit, and the
 * file is meant to change only when a finding does. */
static void snapshot_line(Buf *b, const Finding *f)
{
    if (bare_id(f->id))
        buf_puts(b, f->id);
    else
        put_quoted(b, f->id);
    buf_printf(b, " %s", f->verdict ? f->verdict->name->str : "error");
    if (f->judgement && f->judgement_expired)
        buf_puts(b, " (judgement expired)");
    else if (f->judgement && f->computed && f->computed != f->verdict)
        buf_printf(b, " (judgement; computed %s)", f->computed->name->str);
    else if (f->judgement)
        buf_puts(b, " (judgement)");
    if (f->message && *f->message) {
        buf_putc(b, ' ');
        put_quoted(b, f->message);
    }
}

static int cmp_finding_id(const void *a, const void *b)
{
    return strcmp((*(const Finding *const *)a)->id, (*(const Finding *const *)b)->id);
}

/* The whole file: a fixed header, then the findings sorted by id, so that
 * a changed verdict is a changed line in place rather than a line that
 * moves to another group. */
static void snapshot_render(Buf *out, const Test *t, Finding **fs, size_t n)
{
    Finding **sorted = mem_alloc((n + 1) * sizeof *sorted);
    if (n)
        memcpy(sorted, fs, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_finding_id);
    buf_puts(out, "# Findings pinned by the test ");
    put_quoted(out, t->title);
    buf_puts(out, ".\n# One finding a line: id, verdict, message. `wozorules test --update`\n"
                  "# rewrites this file; review its diff like any other change.\n");
    for (size_t i = 0; i < n; i++) {
        snapshot_line(out, sorted[i]);
        buf_putc(out, '\n');
    }
    mem_free(sorted);
}

typedef struct SnapLine {
    const char *s;  /* into the text it was split from; not NUL-terminated */
    size_t len;
    char *key;      /* the finding id (unquoted); owned */
} SnapLine;

typedef VEC(SnapLine) SnapLines;

/* The id at the start of a line: a bare word or a quoted text. */
static char *line_key(const char *s, size_t len)
{
    Buf k = BUF_INIT;
    size_t i = 0;
    if (len && s[0] == '"') {
        for (i = 1; i < len && s[i] != '"'; i++) {
            if (s[i] == '\\' && i + 1 < len) {
                i++;
                buf_putc(&k, s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i]);
            } else {
                buf_putc(&k, s[i]);
            }
        }
    } else {
        while (i < len && s[i] != ' ')
            buf_putc(&k, s[i++]);
    }
    return buf_take(&k);
}

static int cmp_snapline(const void *a, const void *b)
{
    return strcmp(((const SnapLine *)a)->key, ((const SnapLine *)b)->key);
}

/* Splits a findings file into its finding lines, sorted by key: comments
 * and blank lines are skipped and a CR before the line break is ignored,
 * so a file checked out with CRLF line ends still compares equal. */
static void snap_split(const char *text, size_t len, SnapLines *out)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t e = end;
        while (e > i && (text[e - 1] == '\r' || text[e - 1] == ' ' || text[e - 1] == '\t'))
            e--;
        if (e > i && text[i] != '#') {
            SnapLine l = {text + i, e - i, line_key(text + i, e - i)};
            vec_push(out, l);
        }
        i = end + 1;
    }
    /* A stable order for lines with equal keys (a hand-edited file). */
    if (out->len > 1)  /* out->items is NULL for an empty file: qsort needs a pointer */
        qsort(out->items, out->len, sizeof *out->items, cmp_snapline);
}

static void snap_free(SnapLines *l)
{
    for (size_t i = 0; i < l->len; i++)
        mem_free(l->items[i].key);
    vec_free(l);
}

#define SNAP_DIFF_SHOWN 20

/* Compares the expected lines with the actual ones (both sorted by key) and
 * writes the differences as '-' (expected) and '+' (actual) lines into d.
 * Returns the number of findings that differ. */
static size_t snap_compare(const SnapLines *want, const SnapLines *got, Buf *d)
{
    size_t i = 0, j = 0, differ = 0, shown = 0;
    while (i < want->len || j < got->len) {
        int c = i == want->len ? 1 : j == got->len ? -1 : strcmp(want->items[i].key, got->items[j].key);
        const SnapLine *w = c <= 0 ? &want->items[i] : NULL, *g = c >= 0 ? &got->items[j] : NULL;
        i += c <= 0;
        j += c >= 0;
        if (w && g && w->len == g->len && memcmp(w->s, g->s, w->len) == 0)
            continue;
        differ++;
        if (shown++ >= SNAP_DIFF_SHOWN)
            continue;
        if (w)
            buf_printf(d, "\n- %.*s", (int)w->len, w->s);
        if (g)
            buf_printf(d, "\n+ %.*s", (int)g->len, g->s);
    }
    if (shown > SNAP_DIFF_SHOWN)
        buf_printf(d, "\n... and %zu more", shown - SNAP_DIFF_SHOWN);
    return differ;
}

/* Reads a whole file into b. Returns false with errno set. */
static bool read_file(const char *path, Buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(b, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok)
        errno = EIO;
    return ok;
}

/* Checks (or with `update` rewrites) a test's findings file against the
 * findings of its run. Adds a Failure when they differ; returns false on
 * an I/O error (already printed). */
static bool check_snapshot(Run *r, const Test *t, TestResult *res, bool update)
{
    size_t n;
    Finding **fs = run_findings(r, &n);
    Buf want = BUF_INIT, have = BUF_INIT;
    snapshot_render(&want, t, fs, n);
    bool exists = read_file(t->snapshot, &have);
    int err = errno;
    bool ok = true;
    if (update) {
        if (!exists || have.len != want.len || memcmp(buf_str(&have), buf_str(&want), want.len) != 0) {
            ok = cli_write_file(t->snapshot, &want);
            res->updated = ok;
        }
    } else if (!exists) {
        Buf h = BUF_INIT, d = BUF_INIT;
        buf_printf(&h, "expected the findings in %s", t->snapshot);
        buf_printf(&d, "cannot read %s: %s\nrun 'wozorules test --update' to write it", t->snapshot,
                   strerror(err));
        add_failure(res, t->snapshot_node, buf_take(&h), buf_take(&d));
    } else {
        SnapLines wl = {0}, gl = {0};
        snap_split(buf_str(&have), have.len, &wl);
        snap_split(buf_str(&want), want.len, &gl);
        Buf d = BUF_INIT;
        size_t differ = snap_compare(&wl, &gl, &d);
        if (differ) {
            Buf h = BUF_INIT, full = BUF_INIT;
            buf_printf(&h, "expected the findings in %s", t->snapshot);
            buf_printf(&full, "%zu finding%s differ%s (- expected, + actual); 'wozorules test --update' "
                              "rewrites the file%s",
                       differ, differ == 1 ? "" : "s", differ == 1 ? "s" : "", buf_str(&d));
            add_failure(res, t->snapshot_node, buf_take(&h), buf_take(&full));
        }
        buf_free(&d);
        snap_free(&wl);
        snap_free(&gl);
    }
    buf_free(&want);
    buf_free(&have);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Running one test                                                     */

/* Runs one test: binds its data, evaluates its expectations, compares its
 * snapshot, and notes in cov the criterion rows that matched. Returns false
 * on an I/O error writing a snapshot. */
static bool run_test(Program *p, const Test *t, TestResult *res, Coverage *cov, bool update)
{
    Run *r = run_new(p, wozo_builtins);
    res->test = t;
    bool ok = true, io_ok = true;
    for (uint32_t i = 0; i < t->ndata; i++)
        if (t->data[i].path)
            ok = run_bind(r, t->data[i].dataset->name->str, t->data[i].path, t->data[i].node->a->span) && ok;
    if (t->has_as_of)
        run_set_as_of(r, t->as_of);
    if (ok)
        ok = run_load(r);
    if (!ok) {
        res->error = true;
        run_free(r);
        return true;
    }
    for (uint32_t i = 0; i < t->nexpects; i++) {
        const AstNode *e = t->expects[i];
        Buf h = BUF_INIT;
        buf_puts(&h, "expected ");
        source_of(e, &h, SIZE_MAX);
        Value v;
        if (!run_eval(r, e, t->nslots, &v)) {
            add_failure(res, e, buf_take(&h), mem_strdup("could not be evaluated (see the error above)"));
            res->error = true;
            continue;
        }
        if (v.tag == V_BOOL && v.u.b) {
            buf_free(&h);
            continue;
        }
        Buf d = BUF_INIT;
        if (e->kind == AST_BINARY && e->op >= OP_EQ && e->op <= OP_NOT_IN) {
            Value a, b;
            if (run_eval(r, e->a, t->nslots, &a) && run_eval(r, e->b, t->nslots, &b)) {
                buf_puts(&d, "left:  ");
                val_format(&d, a, true);
                buf_puts(&d, "\nright: ");
                val_format(&d, b, true);
            }
        } else {
            buf_puts(&d, "the expectation is false");
        }
        add_failure(res, e, buf_take(&h), buf_take(&d));
    }
    if (t->snapshot) {
        /* Everything, after the expectations: the findings they already
         * evaluated are kept, not evaluated again. */
        if (!run_evaluate(r))
            res->error = true;
        /* Never compare, let alone write, findings from a run that had an
         * error: some would be missing. */
        if (!res->error)
            io_ok = check_snapshot(r, t, res, update);
    }
    for (size_t c = 0; c < p->criteria.len; c++) {
        const Criterion *cr = p->criteria.items[c];
        for (uint32_t k = 0; k < cr->nrows; k++)
            if (run_row_matched(r, cr, k))
                cov->row_hit[cr->index][k] = 1;
    }
    run_free(r);
    return io_ok;
}

/* ------------------------------------------------------------------ */
/* Coverage                                                             */

/* What the criteria read, found by walking the resolved rules. */
typedef struct Reads {
    const Program *p;
    uint8_t **thing;        /* per kind index, per thing index */
    Map fields;             /* Field -> non-NULL: read somewhere */
    Map functions;          /* Function -> non-NULL: walked */
    VEC(const Thing *) todo;
} Reads;

static void mark_thing(Reads *rd, const Thing *t)
{
    if (!t || rd->thing[t->kind->index][t->index])
        return;
    rd->thing[t->kind->index][t->index] = 1;
    vec_push(&rd->todo, t);
}

static void walk_function(Reads *rd, const Function *fn);

/* Notes what an expression reads: things it names, kinds it iterates,
 * fields it reads, functions it calls (walked once each). */
static void walk_expr(Reads *rd, const AstNode *n)
{
    if (!n)
        return;
    switch (n->kind) {
    case AST_NAME:
        if (n->op == REF_THING)
            mark_thing(rd, n->res);
        else if (n->op == REF_KIND_ALL) {
            const Kind *k = n->res;
            for (size_t i = 0; i < k->things.len; i++)
                mark_thing(rd, k->things.items[i]);
        } else if (n->op == REF_ELEM_FIELD && ((const ElemField *)n->res)->field)
            map_put(&rd->fields, ((const ElemField *)n->res)->field, (void *)1);
        break;
    case AST_FIELD:
        if (n->op == REF_THING) {
            mark_thing(rd, n->res);
            return;  /* `indicator.spoedzorg`: the kind name is a qualifier here */
        }
        if (n->op == REF_SCALE_VALUE)
            return;
        if (n->op == REF_FIELD && n->res)
            map_put(&rd->fields, n->res, (void *)1);
        break;
    case AST_CALL:
        if (n->op == REF_CALL_FUNCTION && n->res)
            walk_function(rd, n->res);
        break;
    default:
        break;
    }
    walk_expr(rd, n->a);
    walk_expr(rd, n->b);
    walk_expr(rd, n->c);
    for (uint32_t i = 0; i < n->list.len; i++)
        walk_expr(rd, n->list.items[i]);
}

static void walk_rows(Reads *rd, Local **lets, uint32_t nlets, const Row *rows, uint32_t nrows)
{
    for (uint32_t i = 0; i < nlets; i++)
        walk_expr(rd, lets[i]->expr);
    for (uint32_t i = 0; i < nrows; i++) {
        walk_expr(rd, rows[i].cond);
        walk_expr(rd, rows[i].message);
    }
}

static void walk_function(Reads *rd, const Function *fn)
{
    if (map_get(&rd->functions, fn))
        return;
    map_put(&rd->functions, fn, (void *)1);
    walk_expr(rd, fn->body);
    walk_rows(rd, fn->lets, fn->nlets, fn->rows, fn->nrows);
}

/* The things a constant value names, where the value's type says what its
 * parts are. Records follow only the fields that are read; lists and map
 * entries are followed whole (indexing a map reads its keys). */
static void walk_value(Reads *rd, const AstNode *n, const Type *t)
{
    if (!n || !t)
        return;
    switch (t->k) {
    case TY_KIND:
        if ((n->kind == AST_NAME || n->kind == AST_FIELD) && n->op == REF_THING) {
            mark_thing(rd, n->res);
        } else if (n->kind == AST_RECORD && n->res) {
            AstNode *const *vals = n->res;
            for (uint32_t i = 0; i < t->kind->nfields; i++)
                if (vals[i] && map_get(&rd->fields, &t->kind->fields[i]))
                    walk_value(rd, vals[i], t->kind->fields[i].type);
        }
        break;
    case TY_LIST:
        if (n->kind == AST_LIST)
            for (uint32_t i = 0; i < n->list.len; i++)
                walk_value(rd, n->list.items[i], t->elem);
        break;
    case TY_MAP:
        if (n->kind == AST_RECORD)
            for (uint32_t i = 0; i < n->list.len; i++) {
                const AstNode *e = n->list.items[i];
                if (t->key && t->key->k == TY_KIND && e->res)
                    mark_thing(rd, e->res);
                walk_value(rd, e->a, t->elem);
            }
        break;
    default:
        break;
    }
}

/* Whether a node comes from the built-in prelude, whose declarations are
 * not the analysis' to cover. */
static bool in_prelude(const Program *p, const AstNode *n)
{
    return p->has_prelude && p->nfiles && n && n->span.file == p->files[0].file;
}

/* Fills rd->thing: every thing a criterion reads (see the top of the file). */
static void compute_reads(Reads *rd, const Program *p)
{
    rd->p = p;
    rd->thing = mem_zalloc((p->kinds.len + 1) * sizeof *rd->thing);
    for (size_t k = 0; k < p->kinds.len; k++)
        rd->thing[k] = mem_zalloc(p->kinds.items[k]->things.len + 1);
    /* First the expressions: which things are named, which kinds iterated
     * and which fields read anywhere. */
    for (size_t i = 0; i < p->criteria.len; i++) {
        const Criterion *c = p->criteria.items[i];
        if (!c->in_expr && c->kind)
            for (size_t k = 0; k < c->kind->things.len; k++)
                mark_thing(rd, c->kind->things.items[k]);
        walk_expr(rd, c->in_expr);
        walk_expr(rd, c->where_expr);
        walk_rows(rd, c->lets, c->nlets, c->rows, c->nrows);
    }
    /* Then the closure: a field read of a thing read reaches the things in
     * that field's value. */
    while (rd->todo.len) {
        const Thing *t = rd->todo.items[--rd->todo.len];
        for (uint32_t f = 0; f < t->kind->nfields; f++)
            if (t->values && t->values[f] && map_get(&rd->fields, &t->kind->fields[f]))
                walk_value(rd, t->values[f], t->kind->fields[f].type);
    }
}

static void reads_free(Reads *rd)
{
    for (size_t k = 0; k < rd->p->kinds.len; k++)
        mem_free(rd->thing[k]);
    mem_free(rd->thing);
    map_free(&rd->fields);
    map_free(&rd->functions);
    vec_free(&rd->todo);
}

/* hits of total as a percentage with one decimal, rounded down, so that
 * 99.96% never prints as 100.0%. */
static void put_percent(Buf *b, size_t hits, size_t total)
{
    unsigned long long tenths = total ? (unsigned long long)hits * 1000 / total : 1000;
    buf_printf(b, "%llu.%llu%%", tenths / 10, tenths % 10);
}

/* The coverage report, as text lines; *rows_hit and *rows_total return the
 * row counts for --coverage-min. */
static void coverage_text(Buf *out, const Program *p, const Coverage *cov, size_t *rows_hit, size_t *rows_total)
{
    size_t hit = 0, total = 0;
    for (size_t c = 0; c < p->criteria.len; c++) {
        const Criterion *cr = p->criteria.items[c];
        if (in_prelude(p, cr->decl))
            continue;
        for (uint32_t k = 0; k < cr->nrows; k++) {
            total++;
            hit += cov->row_hit[cr->index][k];
        }
    }
    buf_printf(out, "coverage: %zu of %zu criterion rows matched by a test (", hit, total);
    put_percent(out, hit, total);
    buf_puts(out, ")\n");
    for (size_t c = 0; c < p->criteria.len; c++) {
        const Criterion *cr = p->criteria.items[c];
        if (in_prelude(p, cr->decl))
            continue;
        for (uint32_t k = 0; k < cr->nrows; k++) {
            if (cov->row_hit[cr->index][k])
                continue;
            buf_puts(out, "  never matched  ");
            loc_of(cr->rows[k].node, out);
            buf_printf(out, "  %s row %u: ", cr->name->str, k + 1);
            /* The condition and verdict, without the message. */
            const Row *row = &cr->rows[k];
            if (row->cond) {
                buf_puts(out, "when ");
                source_of(row->cond, out, 100);
            } else {
                buf_puts(out, "otherwise");
            }
            if (row->verdict)
                buf_printf(out, " => %s", row->verdict->name->str);
            buf_putc(out, '\n');
        }
    }
    Reads rd;
    memset(&rd, 0, sizeof rd);
    compute_reads(&rd, p);
    size_t read = 0, things = 0;
    for (size_t k = 0; k < p->kinds.len; k++) {
        const Kind *kd = p->kinds.items[k];
        for (size_t i = 0; i < kd->things.len; i++) {
            if (in_prelude(p, kd->things.items[i]->decl))
                continue;
            things++;
            read += rd.thing[k][i];
        }
    }
    buf_printf(out, "coverage: %zu of %zu declared things read by a criterion (", read, things);
    put_percent(out, read, things);
    buf_puts(out, ")\n");
    for (size_t k = 0; k < p->kinds.len; k++) {
        const Kind *kd = p->kinds.items[k];
        for (size_t i = 0; i < kd->things.len; i++) {
            const Thing *t = kd->things.items[i];
            if (rd.thing[k][i] || in_prelude(p, t->decl))
                continue;
            buf_puts(out, "  never read  ");
            loc_of(t->decl, out);
            buf_printf(out, "  %s %s\n", kd->name->str, t->name->str);
        }
    }
    reads_free(&rd);
    *rows_hit = hit;
    *rows_total = total;
}

/* Parses "80", "80%" or "87.5" into thousandths of a percent. */
static bool parse_percent(const char *s, unsigned long *out)
{
    unsigned long whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *c = s;
    for (; *c >= '0' && *c <= '9' && digits < 4; c++, digits++)
        whole = whole * 10 + (unsigned long)(*c - '0');
    if (!digits)
        return false;
    if (*c == '.') {
        for (c++; *c >= '0' && *c <= '9'; c++, fdigits++)
            if (fdigits < 3)
                frac = frac * 10 + (unsigned long)(*c - '0');
        if (!fdigits)
            return false;
        for (int i = fdigits; i < 3; i++)
            frac *= 10;
    }
    if (*c == '%')
        c++;
    if (*c || whole > 100 || (whole == 100 && frac))
        return false;
    *out = whole * 1000 + frac;
    return true;
}

/* ------------------------------------------------------------------ */
/* Output formats                                                       */

static void put_lines(Buf *out, const char *indent, const char *text)
{
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        buf_printf(out, "%s%.*s\n", indent, (int)len, line);
        line += len + (nl ? 1 : 0);
    }
}

static void results_text(Buf *out, TestResult *rs, size_t n, bool color)
{
    const char *red = color ? "\033[1;31m" : "", *green = color ? "\033[1;32m" : "",
               *reset = color ? "\033[0m" : "";
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        TestResult *r = &rs[i];
        bool ok = !r->failures.len && !r->error;
        passed += ok;
        failed += !ok;
        buf_printf(out, "%s%s%s  ", ok ? green : red, ok ? "PASS" : "FAIL", reset);
        loc_of(r->test->decl, out);
        buf_printf(out, "  %s\n", r->test->title);
        if (r->error && !r->failures.len)
            buf_puts(out, "      the test's data could not be loaded or evaluated (see the errors below)\n");
        if (r->updated)
            buf_printf(out, "      updated %s\n", r->test->snapshot);
        for (size_t k = 0; k < r->failures.len; k++) {
            Failure *f = &r->failures.items[k];
            buf_puts(out, "      ");
            loc_of(f->at, out);
            buf_printf(out, ": %s\n", f->headline);
            put_lines(out, "        ", f->detail);
        }
    }
    buf_printf(out, "%zu passed, %zu failed\n", passed, failed);
}

static void results_tap(Buf *out, TestResult *rs, size_t n)
{
    buf_printf(out, "TAP version 13\n1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        TestResult *r = &rs[i];
        bool ok = !r->failures.len && !r->error;
        buf_printf(out, "%s %zu - ", ok ? "ok" : "not ok", i + 1);
        for (const char *c = r->test->title; *c; c++)
            buf_putc(out, *c == '\n' || *c == '#' ? ' ' : *c);
        buf_putc(out, '\n');
        if (r->updated)
            buf_printf(out, "# updated %s\n", r->test->snapshot);
        if (ok)
            continue;
        buf_puts(out, "  ---\n  at: ");
        loc_of(r->test->decl, out);
        buf_putc(out, '\n');
        if (r->error && !r->failures.len)
            buf_puts(out, "  message: the test's data could not be loaded or evaluated\n");
        for (size_t k = 0; k < r->failures.len; k++) {
            Failure *f = &r->failures.items[k];
            buf_puts(out, k ? "  - expected: \"" : "  failures:\n  - expected: \"");
            /* The headline without its "expected " (the key says it). */
            const char *h = strncmp(f->headline, "expected ", 9) == 0 ? f->headline + 9 : f->headline;
            for (; *h; h++)
                buf_puts(out, *h == '"' ? "\\\"" : *h == '\\' ? "\\\\" : (char[2]){*h, 0});
            buf_puts(out, "\"\n    at: ");
            loc_of(f->at, out);
            buf_puts(out, "\n    detail: |\n");
            put_lines(out, "      ", f->detail);
        }
        buf_puts(out, "  ...\n");
    }
}

static void results_junit(Buf *out, TestResult *rs, size_t n, const char *system_out)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += rs[i].failures.len || rs[i].error;
    buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<testsuites name=\"wozorules test\" tests=\"%zu\" failures=\"%zu\">\n"
                    "  <testsuite name=\"wozorules\" tests=\"%zu\" failures=\"%zu\">\n",
               n, failed, n, failed);
    for (size_t i = 0; i < n; i++) {
        TestResult *r = &rs[i];
        const Source *s = source_get(r->test->decl->span.file);
        buf_puts(out, "    <testcase name=\"");
        xml_escape(out, r->test->title, strlen(r->test->title));
        buf_puts(out, "\" classname=\"");
        xml_escape(out, s ? s->path : "?", strlen(s ? s->path : "?"));
        buf_puts(out, "\"");
        if (!r->failures.len && !r->error) {
            buf_puts(out, "/>\n");
            continue;
        }
        buf_puts(out, ">\n");
        Buf body = BUF_INIT;
        if (r->error && !r->failures.len)
            buf_puts(&body, "the test's data could not be loaded or evaluated\n");
        for (size_t k = 0; k < r->failures.len; k++) {
            loc_of(r->failures.items[k].at, &body);
            buf_printf(&body, ": %s\n%s\n", r->failures.items[k].headline, r->failures.items[k].detail);
        }
        buf_printf(out, "      <failure message=\"%zu expectation%s failed\">", r->failures.len,
                   r->failures.len == 1 ? "" : "s");
        xml_escape(out, buf_str(&body), body.len);
        buf_puts(out, "</failure>\n    </testcase>\n");
        buf_free(&body);
    }
    if (system_out) {
        buf_puts(out, "    <system-out>");
        xml_escape(out, system_out, strlen(system_out));
        buf_puts(out, "</system-out>\n");
    }
    buf_puts(out, "  </testsuite>\n</testsuites>\n");
}

/* ------------------------------------------------------------------ */

int cmd_test(int argc, char **argv)
{
    OptParser op;
    cli_opt_init(&op, argc, argv, specs, sizeof specs / sizeof specs[0], "test", usage, help);
    CliArgs ca = {0};
    bool coverage = false, update = false;
    unsigned long cov_min = 0;  /* thousandths of a percent */
    bool has_cov_min = false;
    const char *format = "text", *output = NULL;
    int rc = EXIT_OK;
    static const char *const formats[] = {"text", "tap", "junit"};
    const OptSpec *o;
    const char *val;
    while ((o = cli_next_option(&op, &ca, &val)) != NULL) {
        if (!strcmp(o->name, "coverage")) {
            coverage = true;
        } else if (!strcmp(o->name, "coverage-min")) {
            if (!parse_percent(val, &cov_min)) {
                rc = cli_usage_error("test", usage, "--coverage-min takes a percentage from 0 to 100, not '%s'", val);
                goto out;
            }
            has_cov_min = coverage = true;
        } else if (!strcmp(o->name, "update")) {
            update = true;
        } else if (!strcmp(o->name, "format")) {
            int k = cli_choose(&op, "format", val, formats, 3);
            if (k < 0) {
                rc = EXIT_INVALID;
                goto out;
            }
            format = formats[k];
        } else if (!strcmp(o->name, "output")) {
            output = val;
        }
    }
    if (op.status != OPT_END) {
        rc = op.status == OPT_HELP ? EXIT_OK : EXIT_INVALID;
        goto out;
    }
    ColorMode color = ca.color;
    if (!ca.args.len)
        vec_push(&ca.args, "rules/");
    Program *p = cli_load(ca.args.items, ca.args.len, true, ca.no_prelude);
    if (diag_errors()) {
        cli_print_diags(color);
        program_free(p);
        rc = EXIT_INVALID;
        goto out;
    }
    size_t n = p->tests.len;
    TestResult *rs = mem_zalloc((n + 1) * sizeof *rs);
    Coverage cov;
    cov.row_hit = mem_zalloc((p->criteria.len + 1) * sizeof *cov.row_hit);
    for (size_t c = 0; c < p->criteria.len; c++)
        cov.row_hit[c] = mem_zalloc(p->criteria.items[c]->nrows + 1);
    bool io_ok = true;
    for (size_t i = 0; i < n; i++)
        io_ok = run_test(p, p->tests.items[i], &rs[i], &cov, update) && io_ok;

    Buf covtext = BUF_INIT;
    size_t rows_hit = 0, rows_total = 0;
    if (coverage)
        coverage_text(&covtext, p, &cov, &rows_hit, &rows_total);
    bool below = has_cov_min && (unsigned long long)rows_hit * 100000 < (unsigned long long)cov_min * rows_total;
    if (below) {
        buf_puts(&covtext, "coverage: below the minimum of ");
        buf_printf(&covtext, "%lu.%lu%% (--coverage-min)\n", cov_min / 1000, cov_min % 1000 / 100);
    }

    Buf out = BUF_INIT;
    if (!strcmp(format, "tap")) {
        results_tap(&out, rs, n);
        if (coverage)
            put_lines(&out, "# ", buf_str(&covtext));
    } else if (!strcmp(format, "junit")) {
        results_junit(&out, rs, n, coverage ? buf_str(&covtext) : NULL);
    } else {
        results_text(&out, rs, n, !output && cli_use_color(color, stdout));
        buf_puts(&out, buf_str(&covtext));
    }
    if (output) {
        if (!cli_write_file(output, &out))
            rc = EXIT_INTERNAL;
    } else {
        cli_write_stdout(buf_str(&out), out.len);
    }
    buf_free(&out);
    buf_free(&covtext);
    if (!io_ok)
        rc = EXIT_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        if ((rs[i].failures.len || rs[i].error) && rc == EXIT_OK)
            rc = EXIT_FINDINGS;
        for (size_t k = 0; k < rs[i].failures.len; k++) {
            mem_free(rs[i].failures.items[k].headline);
            mem_free(rs[i].failures.items[k].detail);
        }
        vec_free(&rs[i].failures);
    }
    if (below && rc == EXIT_OK)
        rc = EXIT_FINDINGS;
    for (size_t c = 0; c < p->criteria.len; c++)
        mem_free(cov.row_hit[c]);
    mem_free(cov.row_hit);
    mem_free(rs);
    cli_print_diags(color);
    if (diag_errors() && rc != EXIT_INTERNAL)
        rc = EXIT_INVALID;
    program_free(p);
out:
    cli_args_free(&ca);
    return rc;
}
