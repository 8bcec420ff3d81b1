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
    "wozorules check [PATH ...] [--data NAME=FILE ...] [--format FORMAT [--output FILE] ...] "
    "[--fail-on VERDICT] [--explain] [--as-of DATE]";

static const OptSpec specs[] = {
    {"data", true, 'd', true},
    {"format", true, 'f', true},
    {"output", true, 'o', true},
    {"fail-on", true, 0, false},
    {"explain", false, 0, false},
    {"as-of", true, 0, false},
    {"color", true, 0, false},
    {"no-warnings", false, 0, false},
    {"max-errors", true, 0, false},
    {"no-prelude", false, 0, false},
    {"lang", true, 0, false},
    {"help", false, 'h', false},
};

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Checks the rule files (*.wozo) below each PATH (default: rules/), loads the\n"
           "datasets they declare and evaluates every criterion. Findings go to standard\n"
           "output, messages about the rules and data to standard error.\n\n"
           "options:\n"
           "  -d, --data NAME=FILE  read dataset NAME from FILE instead of its default\n"
           "  -f, --format FORMAT   the report's format (default: text); may be repeated,\n"
           "                        each --format followed by its own --output\n"
           "  -o, --output FILE     write the report of the --format before it to FILE\n"
           "                        instead of standard output; when every report goes\n"
           "                        to a file, the text report still goes to standard output\n"
           "      --lang LANG       words around the data in html and markdown: nl\n"
           "                        (default) or en\n"
           "      --fail-on VERDICT exit 1 when a finding is at or above VERDICT on its\n"
           "                        scale (default: the highest word of each scale)\n"
           "      --explain         show the rows that did not match, the one that did,\n"
           "                        the values of the lets, citations and all evidence\n"
           "      --as-of DATE      evaluate as of DATE (default: the rules' as_of)\n"
           "      --color WHEN      auto (default), always or never; NO_COLOR is respected\n"
           "      --no-warnings     do not report warnings\n"
           "      --max-errors N    print at most N errors (default: 100); the last line\n"
           "                        still counts them all\n"
           "      --no-prelude      do not load the built-in prelude\n\n"
           "exit status: 0 no finding at or above --fail-on, 1 there is one,\n"
           "             2 invalid rules, data or command line, 3 internal or I/O error\n\n"
           "formats:\n");
    for (size_t i = 0; i < report_nformats; i++)
        printf("  %-13s %s\n", report_formats[i].name, report_formats[i].summary);
    printf("\nexamples:\n"
           "  wozorules check rules/\n"
           "  wozorules check rules/ --data regions=examples/wozo-2024/regions.yaml\n"
           "  wozorules check --format json --output findings.json\n"
           "  wozorules check --format html --output report.html --format sarif --output wozo.sarif\n"
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

/* One report to write: a format and where to (NULL: standard output). */
typedef struct OutSpec {
    const ReportFormat *format;
    const char *path;
} OutSpec;

typedef VEC(OutSpec) OutSpecs;

/* --format NAME: a new report, to standard output until an --output follows.
 * An --output given before any --format is kept in *pending for the first
 * format (so `--output f.json --format json` works as it always did).
 * Returns false after printing a usage error. */
static bool add_format(const OptParser *op, OutSpecs *outs, const char *name, const char **pending)
{
    const char *names[32];
    size_t n = 0;
    for (size_t i = 0; i < report_nformats && n < 32; i++)
        names[n++] = report_formats[i].name;
    int k = cli_choose(op, "format", name, names, n);
    if (k < 0)
        return false;
    OutSpec o = {&report_formats[k], *pending};
    *pending = NULL;
    vec_push(outs, o);
    return true;
}

/* --output FILE: the file of the latest --format that has none yet. */
static bool add_output(OutSpecs *outs, const char *path, const char **pending)
{
    if (!outs->len) {
        if (*pending)
            goto twice;
        *pending = path;
        return true;
    }
    if (outs->items[outs->len - 1].path)
        goto twice;
    outs->items[outs->len - 1].path = path;
    return true;
twice:
    cli_usage_error("check", usage, "--output '%s' has no --format of its own (give --format FORMAT before each --output)",
                    path);
    return false;
}

/* Completes the list of reports: the defaults, and the checks that need all
 * of it. At most one report may go to standard output, and no file may be
 * named twice. When every report goes to a file, the text report goes to
 * standard output as well, so a person at the terminal still sees the
 * findings. */
static bool finish_outputs(OutSpecs *outs, const char *pending)
{
    if (!outs->len || pending) {
        OutSpec o = {report_format_find("text"), pending};
        vec_push(outs, o);
    }
    size_t to_stdout = 0;
    for (size_t i = 0; i < outs->len; i++) {
        if (!outs->items[i].path) {
            if (++to_stdout > 1) {
                cli_usage_error("check", usage,
                                "only one report can go to standard output ('%s' and '%s'); give --output FILE after --format %s",
                                outs->items[0].format->name, outs->items[i].format->name, outs->items[i].format->name);
                return false;
            }
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (outs->items[j].path && strcmp(outs->items[j].path, outs->items[i].path) == 0) {
                cli_usage_error("check", usage, "--output '%s' is given for two formats (%s and %s)",
                                outs->items[i].path, outs->items[j].format->name, outs->items[i].format->name);
                return false;
            }
    }
    if (!to_stdout) {
        OutSpec o = {report_format_find("text"), NULL};
        vec_push(outs, o);
    }
    return true;
}

int cmd_check(int argc, char **argv)
{
    OptParser op;
    cli_opt_init(&op, argc, argv, specs, sizeof specs / sizeof specs[0], "check", usage, help);
    CliArgs ca = {0};
    bool warnings = true, explain = false;
    OutSpecs outs = {0};
    const char *pending_output = NULL, *fail_on = NULL, *lang = NULL;
    int rc = EXIT_OK;
    const OptSpec *o;
    const char *val;
    while ((o = cli_next_option(&op, &ca, &val)) != NULL) {
        if (!strcmp(o->name, "max-errors")) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*val < '0' || *val > '9' || *end || n < 1 || n > 1000000) {
                rc = cli_usage_error("check", usage, "--max-errors takes a number from 1 to 1000000, not '%s'", val);
                goto out;
            }
            diag_set_limit((size_t)n);
        } else if (!strcmp(o->name, "no-warnings")) {
            warnings = false;
        } else if (!strcmp(o->name, "explain")) {
            explain = true;
        } else if (!strcmp(o->name, "format")) {
            if (!add_format(&op, &outs, val, &pending_output)) {
                rc = EXIT_INVALID;
                goto out;
            }
        } else if (!strcmp(o->name, "output")) {
            if (!add_output(&outs, val, &pending_output)) {
                rc = EXIT_INVALID;
                goto out;
            }
        } else if (!strcmp(o->name, "lang")) {
            if (strcmp(val, "nl") != 0 && strcmp(val, "en") != 0) {
                rc = cli_usage_error("check", usage, "--lang takes nl or en, not '%s'", val);
                goto out;
            }
            lang = val;
        } else if (!strcmp(o->name, "fail-on")) {
            fail_on = val;
        }
    }
    if (op.status != OPT_END) {
        rc = op.status == OPT_HELP ? EXIT_OK : EXIT_INVALID;
        goto out;
    }
    if (!finish_outputs(&outs, pending_output)) {
        rc = EXIT_INVALID;
        goto out;
    }
    if (!ca.args.len)
        vec_push(&ca.args, "rules/");
    ColorMode color = ca.color;

    Program *p = cli_load(ca.args.items, ca.args.len, warnings, ca.no_prelude);
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
    bool ok = cli_bind_data(r, &ca);
    if (ca.has_as_of)
        run_set_as_of(r, ca.as_of);
    for (size_t k = 0; k < outs.len; k++)
        if (outs.items[k].format->whole_records)
            run_keep_unread(r);
    if (ok)
        ok = run_load(r);
    if (ok) {
        ok = run_evaluate(r);
        size_t n;
        Finding **fs = run_findings(r, &n);
        /* Files first, standard output last: the terminal's report ends the
         * run, and a file that cannot be written is reported before it. */
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < outs.len; k++) {
                const OutSpec *os = &outs.items[k];
                if ((os->path == NULL) != (pass == 1))
                    continue;
                ReportOptions ro = {
                    .color = !os->path && os->format->write == report_text && cli_use_color(color, stdout),
                    .explain = explain,
                    .fail_on = fail_level,
                    .labels = report_labels(lang),
                };
                Buf out = BUF_INIT;
                os->format->write(&out, r, fs, n, &ro);
                if (os->path) {
                    if (!cli_write_file(os->path, &out))
                        rc = EXIT_INTERNAL;
                } else {
                    cli_write_stdout(buf_str(&out), out.len);
                }
                buf_free(&out);
            }
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
    cli_args_free(&ca);
    vec_free(&outs);
    return rc;
}
