/*
 * cli.h - what the subcommands share: exit codes, option parsing, colour.
 */
#ifndef WOZO_CLI_H
#define WOZO_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../lang/program.h"

enum {
    EXIT_OK = 0,        /* nothing at or above --fail-on */
    EXIT_FINDINGS = 1,  /* findings at or above --fail-on; fmt --check: not canonical */
    EXIT_INVALID = 2,   /* invalid rules, data or command line */
    EXIT_INTERNAL = 3   /* internal or I/O error */
};

typedef enum ColorMode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } ColorMode;

/* Whether to colour output written to stream `f`: only on a terminal, never
 * with NO_COLOR set (https://no-color.org), unless forced. */
bool cli_use_color(ColorMode mode, FILE *f);

/* Option parsing. Options are `--name value`, `--name=value` or flags. */
typedef struct OptSpec {
    const char *name;     /* without the leading dashes */
    bool takes_value;
    char short_name;      /* 0 when none */
} OptSpec;

typedef struct OptParser {
    int argc;
    char **argv;
    int i;                /* next argument */
    const OptSpec *specs;
    size_t nspecs;
    const char *cmd;      /* for messages: "check" */
    const char *usage;    /* one line */
    bool only_args;       /* after "--" */
} OptParser;

/* Returns the next option's spec (value in *value) or NULL for a plain
 * argument (in *value); sets *done at the end. On a bad option prints a
 * message with a suggestion and the usage line to stderr and returns a spec
 * with name NULL (callers exit with EXIT_INVALID). */
const OptSpec *opt_next(OptParser *p, const char **value, bool *done);

extern const OptSpec opt_error;

/* Prints "wozorules CMD: error: MSG" and the usage line; returns EXIT_INVALID. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Loads a rules tree, with the built-in prelude unless no_prelude. */
Program *cli_load(const char *const *paths, size_t n, bool warnings, bool no_prelude);

/* Prints the queued diagnostics to stderr. */
void cli_print_diags(ColorMode mode);

/* Parses --color's value. */
bool cli_parse_color(const char *s, ColorMode *out);

/* Writes b to path through a temporary file and a rename, so that nobody
 * ever sees half a file. Returns false after printing why. */
bool cli_write_file(const char *path, const Buf *b);

int cmd_check(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_complete(int argc, char **argv);  /* hidden: words for shell completion */

extern const char wozo_prelude_text[];
extern const size_t wozo_prelude_len;

#endif
