/*
 * cmd_check.c - `wozorules check`: load, check and evaluate a rules tree.
 */
#include "cli.h"
#include "../lang/diag.h"

#include <string.h>

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
    {"help", false, 'h'},
};

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Checks the rule files (*.wozo) below each PATH (default: rules/), loads the\n"
           "datasets they declare and evaluates every criterion.\n\n"
           "options:\n"
           "  --data NAME=FILE     read dataset NAME from FILE instead of its default\n"
           "  --format FORMAT      text (default) or json\n"
           "  --output FILE        write the report to FILE instead of standard output\n"
           "  --fail-on VERDICT    exit 1 when a finding is at or above VERDICT\n"
           "                       (default: the highest word of each scale)\n"
           "  --explain            show for each finding the row that matched and why\n"
           "  --as-of DATE         evaluate as of DATE (default: the rules' as_of)\n"
           "  --color WHEN         auto (default), always or never; NO_COLOR is respected\n"
           "  --no-warnings        do not report warnings\n\n"
           "exit status: 0 no finding at or above --fail-on, 1 there is one,\n"
           "             2 invalid rules, data or command line, 3 internal or I/O error\n\n"
           "examples:\n"
           "  wozorules check rules/\n"
           "  wozorules check rules/ --data regions=examples/wozo-2024/regions.yaml\n"
           "  wozorules check --format json --output findings.json\n");
}

int cmd_check(int argc, char **argv)
{
    OptParser op = {argc, argv, 0, specs, sizeof specs / sizeof specs[0], "check", usage, false};
    VEC(const char *) paths = {0};
    ColorMode color = COLOR_AUTO;
    bool warnings = true;
    for (;;) {
        const char *val;
        bool done;
        const OptSpec *o = opt_next(&op, &val, &done);
        if (done)
            break;
        if (o == &opt_error) {
            vec_free(&paths);
            return EXIT_INVALID;
        }
        if (!o) {
            vec_push(&paths, val);
            continue;
        }
        if (strcmp(o->name, "help") == 0) {
            help();
            vec_free(&paths);
            return EXIT_OK;
        }
        if (strcmp(o->name, "color") == 0 && !cli_parse_color(val, &color)) {
            vec_free(&paths);
            return cli_usage_error("check", usage, "--color takes auto, always or never, not '%s'", val);
        }
        if (strcmp(o->name, "no-warnings") == 0)
            warnings = false;
    }
    if (!paths.len)
        vec_push(&paths, "rules/");
    Program *p = cli_load(paths.items, paths.len, warnings);
    int rc = diag_errors() ? EXIT_INVALID : EXIT_OK;
    cli_print_diags(color);
    program_free(p);
    vec_free(&paths);
    return rc;
}
