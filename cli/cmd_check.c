/*
 * cmd_check.c - `wozorules check`: load, check and evaluate a rules tree,
 * and report the findings.
 */
#include "cli.h"
#include "../base/date.h"
#include "../lang/diag.h"
#include "../runtime/report.h"
#include "../stdlib/builtins.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "wozorules check [PATH ...] [--data NAME=FILE ...] [--format FORMAT] [--fail-on VERDICT] "
    "[--explain] [--as-of DATE]";

static const OptSpec specs[] = {
    {"data", true, 'd'},
    {"format", true, 'f'},
    {"output", true, 'o'},
    {"fail-on", true, 0},
    {"explain", false, 0},
    {"as-of", true, 0},
    {"color", true, 0},
    {"no-warnings", false, 0},
    {"no-prelude", false, 0},
    {"help", false, 'h'},
};

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Checks the rule files (*.wozo) below each PATH (default: rules/), loads the\n"
           "datasets they declare and evaluates every criterion. Findings go to standard\n"
           "output, messages about the rules and data to standard error.\n\n"
           "options:\n"
           "  -d, --data NAME=FILE  read dataset NAME from FILE instead of its default\n"
           "  -f, --format FORMAT   text (default) or json\n"
           "  -o, --output FILE     write the report to FILE instead of standard output\n"
           "      --fail-on VERDICT exit 1 when a finding is at or above VERDICT on its\n"
           "                        scale (default: the highest word of each scale)\n"
           "      --explain         show the rows that did not match, the one that did,\n"
           "                        the values of the lets, citations and all evidence\n"
           "      --as-of DATE      evaluate as of DATE (default: the rules' as_of)\n"
           "      --color WHEN      auto (default), always or never; NO_COLOR is respected\n"
           "      --no-warnings     do not report warnings\n"
           "      --no-prelude      do not load the built-in prelude\n\n"
           "exit status: 0 no finding at or above --fail-on, 1 there is one,\n"
           "             2 invalid rules, data or command line, 3 internal or I/O error\n\n"
           "examples:\n"
           "  wozorules check rules/\n"
           "  wozorules check rules/ --data regions=examples/wozo-2024/regions.yaml\n"
           "  wozorules check --format json --output findings.json\n"
           "  wozorules check --explain --fail-on attention\n");
}

/* Finds a scale word given as "word" or "scale.word". */
static const ScaleValue *find_verdict(const Program *p, const char *s, bool *ambiguous)
{
    const ScaleValue *found = NULL;
    *ambiguous = false;
    const char *dot = strchr(s, '.');
    for (size_t i = 0; i < p->scales.len; i++) {
        const Scale *sc = p->scales.items[i];
        const char *word = s;
        if (dot) {
            if (strlen(sc->name->str) != (size_t)(dot - s) || strncmp(sc->name->str, s, (size_t)(dot - s)) != 0)
                continue;
            word = dot + 1;
        }
        for (uint32_t w = 0; w < sc->nvalues; w++)
            if (strcmp(sc->values[w].name->str, word) == 0) {
                if (found)
                    *ambiguous = true;
                found = &sc->values[w];
            }
    }
    return found;
}

int cmd_check(int argc, char **argv)
{
    OptParser op = {argc, argv, 0, specs, sizeof specs / sizeof specs[0], "check", usage, false};
    VEC(const char *) paths = {0};
    VEC(const char *) data = {0};
    ColorMode color = COLOR_AUTO;
    bool warnings = true, no_prelude = false, explain = false;
    const char *format = "text", *output = NULL, *fail_on = NULL;
    int32_t as_of = 0;
    bool has_as_of = false;
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
            continue;
        }
        if (!strcmp(o->name, "help")) {
            help();
            goto out;
        } else if (!strcmp(o->name, "color")) {
            if (!cli_parse_color(val, &color)) {
                rc = cli_usage_error("check", usage, "--color takes auto, always or never, not '%s'", val);
                goto out;
            }
        } else if (!strcmp(o->name, "no-warnings")) {
            warnings = false;
        } else if (!strcmp(o->name, "no-prelude")) {
            no_prelude = true;
        } else if (!strcmp(o->name, "explain")) {
            explain = true;
        } else if (!strcmp(o->name, "data")) {
            const char *eq = strchr(val, '=');
            if (!eq || eq == val || !eq[1]) {
                rc = cli_usage_error("check", usage, "--data takes NAME=FILE, not '%s'", val);
                goto out;
            }
            vec_push(&data, val);
        } else if (!strcmp(o->name, "format")) {
            if (strcmp(val, "text") != 0 && strcmp(val, "json") != 0) {
                rc = cli_usage_error("check", usage, "unknown format '%s' (the formats are text and json)", val);
                goto out;
            }
            format = val;
        } else if (!strcmp(o->name, "output")) {
            output = val;
        } else if (!strcmp(o->name, "fail-on")) {
            fail_on = val;
        } else if (!strcmp(o->name, "as-of")) {
            if (!date_parse(val, strlen(val), &as_of)) {
                rc = cli_usage_error("check", usage, "--as-of takes a date YYYY-MM-DD, not '%s'", val);
                goto out;
            }
            has_as_of = true;
        }
    }
    if (!paths.len)
        vec_push(&paths, "rules/");

    Program *p = cli_load(paths.items, paths.len, warnings, no_prelude);
    const ScaleValue *fail_level = NULL;
    if (!diag_errors() && fail_on) {
        bool ambiguous;
        fail_level = find_verdict(p, fail_on, &ambiguous);
        if (!fail_level || ambiguous) {
            cli_print_diags(color);
            rc = cli_usage_error("check", usage, ambiguous ? "--fail-on: '%s' is a word of several scales; write scale.word"
                                                           : "--fail-on: '%s' is not a word of any scale", fail_on);
            program_free(p);
            goto out;
        }
    }
    if (diag_errors()) {
        cli_print_diags(color);
        program_free(p);
        rc = EXIT_INVALID;
        goto out;
    }
    Run *r = run_new(p, wozo_builtins);
    bool ok = true;
    for (size_t i = 0; i < data.len; i++) {
        const char *eq = strchr(data.items[i], '=');
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(eq - data.items[i]), data.items[i]);
        ok = run_bind(r, name, eq + 1, span_make(0, 0, 0)) && ok;
    }
    if (has_as_of)
        run_set_as_of(r, as_of);
    if (ok)
        ok = run_load(r);
    if (ok) {
        ok = run_evaluate(r);
        size_t n;
        Finding **fs = run_findings(r, &n);
        ReportOptions ro = {
            .color = !output && strcmp(format, "text") == 0 && cli_use_color(color, stdout),
            .explain = explain,
            .fail_on = fail_level,
        };
        Buf out = BUF_INIT;
        if (strcmp(format, "json") == 0)
            report_json(&out, r, fs, n, &ro);
        else
            report_text(&out, r, fs, n, &ro);
        if (output) {
            if (!cli_write_file(output, &out))
                rc = EXIT_INTERNAL;
        } else {
            fwrite(buf_str(&out), 1, out.len, stdout);
        }
        buf_free(&out);
        for (size_t i = 0; i < n && rc == EXIT_OK; i++)
            if (finding_fails(fs[i], fail_level))
                rc = EXIT_FINDINGS;
    }
    cli_print_diags(color);
    if (!ok || diag_errors())
        rc = rc == EXIT_INTERNAL ? rc : EXIT_INVALID;
    run_free(r);
    program_free(p);
out:
    vec_free(&paths);
    vec_free(&data);
    return rc;
}
