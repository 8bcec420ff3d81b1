/*
 * cmd_test.c - `wozorules test`: runs the test blocks of a rules tree.
 *
 * Each test gets a Run of its own with its fixtures bound and its date set;
 * criteria are evaluated as its expectations ask for their verdicts. A
 * failed comparison shows both sides' values.
 */
#include "cli.h"
#include "../lang/diag.h"
#include "../runtime/report.h"
#include "../stdlib/builtins.h"

#include <string.h>

static const char usage[] = "wozorules test [PATH ...] [--format text|tap|junit] [--output FILE]";

static const OptSpec specs[] = {
    {"format", true, 'f'},
    {"output", true, 'o'},
    {"color", true, 0},
    {"no-prelude", false, 0},
    {"help", false, 'h'},
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
           "    }\n\n"
           "options:\n"
           "  -f, --format FORMAT  text (default), tap or junit\n"
           "  -o, --output FILE    write the results to FILE\n"
           "      --color WHEN     auto (default), always or never\n"
           "      --no-prelude     do not load the built-in prelude\n\n"
           "exit status: 0 all tests passed, 1 a test failed, 2 invalid rules, data or\n"
           "             command line, 3 internal or I/O error\n");
}

/* Why an expectation failed, for every output format. */
typedef struct Failure {
    const AstNode *expect;
    char *detail;   /* "left: ..., right: ..." or the reason */
} Failure;

typedef struct TestResult {
    const Test *test;
    VEC(Failure) failures;
    bool error;     /* data or evaluation error: see the diagnostics */
} TestResult;

static void loc_of(const AstNode *n, Buf *b)
{
    uint32_t line, col;
    source_linecol(n->span.file, n->span.off, &line, &col);
    const Source *s = source_get(n->span.file);
    buf_printf(b, "%s:%u:%u", s ? s->path : "?", line, col);
}

static void source_of(const AstNode *n, Buf *b)
{
    const Source *s = source_get(n->span.file);
    if (s && s->text)
        buf_put(b, s->text + n->span.off, n->span.len);
}

static void run_test(Program *p, const Test *t, TestResult *res)
{
    Run *r = run_new(p, wozo_builtins);
    res->test = t;
    bool ok = true;
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
        return;
    }
    for (uint32_t i = 0; i < t->nexpects; i++) {
        const AstNode *e = t->expects[i];
        Value v;
        if (!run_eval(r, e, t->nslots, &v)) {
            Failure f = {e, mem_strdup("could not be evaluated (see the error above)")};
            vec_push(&res->failures, f);
            res->error = true;
            continue;
        }
        if (v.tag == V_BOOL && v.u.b)
            continue;
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
        Failure f = {e, buf_take(&d)};
        vec_push(&res->failures, f);
    }
    run_free(r);
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
            buf_puts(out, "      the test's data could not be loaded (see the errors below)\n");
        for (size_t k = 0; k < r->failures.len; k++) {
            Failure *f = &r->failures.items[k];
            buf_puts(out, "      ");
            loc_of(f->expect, out);
            buf_puts(out, ": expected ");
            source_of(f->expect, out);
            buf_putc(out, '\n');
            for (const char *line = f->detail; *line;) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                buf_printf(out, "        %.*s\n", (int)len, line);
                line += len + (nl ? 1 : 0);
            }
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
        if (ok)
            continue;
        buf_puts(out, "  ---\n  at: ");
        loc_of(r->test->decl, out);
        buf_putc(out, '\n');
        if (r->error && !r->failures.len)
            buf_puts(out, "  message: the test's data could not be loaded\n");
        for (size_t k = 0; k < r->failures.len; k++) {
            Failure *f = &r->failures.items[k];
            buf_puts(out, k ? "  - expected: \"" : "  failures:\n  - expected: \"");
            Buf src = BUF_INIT;
            source_of(f->expect, &src);
            for (size_t j = 0; j < src.len; j++)
                buf_puts(out, src.data[j] == '"' ? "\\\"" : src.data[j] == '\\' ? "\\\\" :
                              (char[2]){src.data[j], 0});
            buf_free(&src);
            buf_puts(out, "\"\n    at: ");
            loc_of(f->expect, out);
            buf_puts(out, "\n    detail: |\n");
            for (const char *line = f->detail; *line;) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                buf_printf(out, "      %.*s\n", (int)len, line);
                line += len + (nl ? 1 : 0);
            }
        }
        buf_puts(out, "  ...\n");
    }
}

static void results_junit(Buf *out, TestResult *rs, size_t n)
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
            buf_puts(&body, "the test's data could not be loaded\n");
        for (size_t k = 0; k < r->failures.len; k++) {
            loc_of(r->failures.items[k].expect, &body);
            buf_puts(&body, ": expected ");
            source_of(r->failures.items[k].expect, &body);
            buf_printf(&body, "\n%s\n", r->failures.items[k].detail);
        }
        buf_printf(out, "      <failure message=\"%zu expectation%s failed\">", r->failures.len,
                   r->failures.len == 1 ? "" : "s");
        xml_escape(out, buf_str(&body), body.len);
        buf_puts(out, "</failure>\n    </testcase>\n");
        buf_free(&body);
    }
    buf_puts(out, "  </testsuite>\n</testsuites>\n");
}

int cmd_test(int argc, char **argv)
{
    OptParser op = {argc, argv, 0, specs, sizeof specs / sizeof specs[0], "test", usage, false};
    VEC(const char *) paths = {0};
    ColorMode color = COLOR_AUTO;
    bool no_prelude = false;
    const char *format = "text", *output = NULL;
    int rc = EXIT_OK;
    for (;;) {
        const char *val;
        bool done;
        const OptSpec *o = opt_next(&op, &val, &done);
        if (done)
            break;
        if (o == &opt_error) {
            rc = EXIT_INVALID;
            goto out;
        }
        if (!o) {
            vec_push(&paths, val);
        } else if (!strcmp(o->name, "help")) {
            help();
            goto out;
        } else if (!strcmp(o->name, "color")) {
            if (!cli_parse_color(val, &color)) {
                rc = cli_usage_error("test", usage, "--color takes auto, always or never, not '%s'", val);
                goto out;
            }
        } else if (!strcmp(o->name, "no-prelude")) {
            no_prelude = true;
        } else if (!strcmp(o->name, "format")) {
            if (strcmp(val, "text") && strcmp(val, "tap") && strcmp(val, "junit")) {
                rc = cli_usage_error("test", usage, "unknown format '%s' (the formats are text, tap and junit)", val);
                goto out;
            }
            format = val;
        } else if (!strcmp(o->name, "output")) {
            output = val;
        }
    }
    if (!paths.len)
        vec_push(&paths, "rules/");
    Program *p = cli_load(paths.items, paths.len, true, no_prelude);
    if (diag_errors()) {
        cli_print_diags(color);
        program_free(p);
        rc = EXIT_INVALID;
        goto out;
    }
    size_t n = p->tests.len;
    TestResult *rs = mem_zalloc((n + 1) * sizeof *rs);
    for (size_t i = 0; i < n; i++)
        run_test(p, p->tests.items[i], &rs[i]);
    Buf out = BUF_INIT;
    if (!strcmp(format, "tap"))
        results_tap(&out, rs, n);
    else if (!strcmp(format, "junit"))
        results_junit(&out, rs, n);
    else
        results_text(&out, rs, n, !output && cli_use_color(color, stdout));
    if (output) {
        if (!cli_write_file(output, &out))
            rc = EXIT_INTERNAL;
    } else {
        fwrite(buf_str(&out), 1, out.len, stdout);
    }
    buf_free(&out);
    for (size_t i = 0; i < n; i++) {
        if ((rs[i].failures.len || rs[i].error) && rc == EXIT_OK)
            rc = EXIT_FINDINGS;
        for (size_t k = 0; k < rs[i].failures.len; k++)
            mem_free(rs[i].failures.items[k].detail);
        vec_free(&rs[i].failures);
    }
    mem_free(rs);
    cli_print_diags(color);
    if (diag_errors() && rc != EXIT_INTERNAL)
        rc = EXIT_INVALID;
    program_free(p);
out:
    vec_free(&paths);
    return rc;
}
