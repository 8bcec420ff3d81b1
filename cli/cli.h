/*
 * cli.h - what the subcommands share: exit codes, option parsing, colour.
 */
#ifndef WOZO_CLI_H
#define WOZO_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../base/vec.h"
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

/* Option parsing. Options are `--name value`, `--name=value`, `-n value`
 * or flags; `--` ends them. */
typedef struct OptSpec {
    const char *name;     /* without the leading dashes */
    bool takes_value;
    char short_name;      /* 0 when none */
    bool repeatable;      /* may be given more than once (check --data);
                             a second one of any other option is an error */
} OptSpec;

#define OPT_MAX_SPECS 32  /* options of one command (OptParser.seen) */

/* Where cli_next_option() stopped. */
typedef enum OptStatus {
    OPT_MORE,             /* an option for the command to handle */
    OPT_END,              /* no more arguments: go on */
    OPT_HELP,             /* --help was given and printed: exit 0 */
    OPT_BAD               /* a usage error was printed: exit EXIT_INVALID */
} OptStatus;

typedef struct OptParser {
    int argc;
    char **argv;
    int i;                /* next argument */
    const OptSpec *specs;
    size_t nspecs;        /* at most OPT_MAX_SPECS */
    const char *cmd;      /* for messages: "check" */
    const char *usage;    /* one line */
    bool only_args;       /* after "--" */
    void (*help)(void);   /* prints the command's --help */
    OptStatus status;     /* set by cli_next_option() */
    const char *seen[OPT_MAX_SPECS]; /* per spec: the value it was given
                                        ("" for a flag), NULL until then */
} OptParser;

/* The low level: returns the next option's spec (value in *value) or NULL
 * for a plain argument (in *value); sets *done at the end. On a bad option
 * (with a suggestion), a missing value or a value given to a flag, prints a
 * message and the usage line to stderr and returns &opt_error. Commands use
 * cli_next_option(), which is built on it. */
const OptSpec *opt_next(OptParser *p, const char **value, bool *done);

extern const OptSpec opt_error;

/* What the commands' command lines have in common, filled in by
 * cli_next_option(). Zero-initialise it (color then is COLOR_AUTO); free
 * it with cli_args_free(). The strings point into argv. */
typedef struct CliArgs {
    VEC(const char *) args;  /* plain arguments, in order */
    VEC(const char *) data;  /* --data values, each checked to be NAME=FILE */
    ColorMode color;         /* --color */
    bool no_prelude;         /* --no-prelude */
    bool has_as_of;          /* --as-of was given ... */
    int32_t as_of;           /* ... as this day */
} CliArgs;

/* Sets up p for a command's argv (the arguments after its name). `help`
 * prints the command's --help. */
void cli_opt_init(OptParser *p, int argc, char **argv, const OptSpec *specs, size_t nspecs, const char *cmd,
                  const char *usage, void (*help)(void));

/* Returns the next option only the command knows how to handle, its value
 * (NULL for a flag) in *value; NULL when there is none, with p->status
 * saying why (OPT_END, OPT_HELP, OPT_BAD). Handles by itself, so that every
 * command says the same about them:
 *  - plain arguments (appended to a->args) and `--`;
 *  - --help (prints p->help), --color, --no-prelude, --data NAME=FILE and
 *    --as-of DATE, when the command's specs list them;
 *  - unknown options (with the nearest one as a suggestion), a missing
 *    value (`check --format` at the end), a value given to a flag, a second
 *    --OPTION that is not repeatable, and bad values of the options above:
 *    a usage error on stderr, OPT_BAD. */
const OptSpec *cli_next_option(OptParser *p, CliArgs *a, const char **value);

void cli_args_free(CliArgs *a);

/* The index of `value` among the n words `choices` (for --format), or -1
 * after a usage error: "unknown FORMAT 'x' (did you mean 'y'? the formats
 * are a, b and c)", where `what` is "format" and the plural adds an s. */
int cli_choose(const OptParser *p, const char *what, const char *value, const char *const *choices, size_t n);

/* Prints "wozorules CMD: error: MSG" and the usage line; returns EXIT_INVALID. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Loads a rules tree, with the built-in prelude unless no_prelude. */
Program *cli_load(const char *const *paths, size_t n, bool warnings, bool no_prelude);

/* Prints the queued diagnostics to stderr. */
void cli_print_diags(ColorMode mode);

/* Parses --color's value. */
bool cli_parse_color(const char *s, ColorMode *out);

/* Binds the datasets of a->data (--data NAME=FILE) in run r; data errors
 * are queued. Returns false when one could not be bound. */
struct Run;
bool cli_bind_data(struct Run *r, const CliArgs *a);

/* Writes b to path whole. A regular file (or a new one) is replaced
 * through a temporary file beside it (PATH.tmp-XXXXXX), flushed to disk and
 * renamed over it, so that nobody ever sees half a file, not even after a
 * crash; a symbolic link is written through (its target is replaced, the
 * link stays). A path that exists and is not a regular file (/dev/null,
 * /dev/stdout, a FIFO) is written into directly, never replaced. The
 * temporary file is removed on every error, on SIGINT, SIGTERM and SIGHUP
 * (the process then dies of the signal) and on out-of-memory. b stays the
 * caller's. Returns false after printing why ("cannot write PATH: ..."). */
bool cli_write_file(const char *path, const Buf *b);

/* Writes n bytes of s to standard output. The first failure's errno is
 * kept for cli_stdout_error(): a full disk is noticed at some write in the
 * middle of a report, and errno is long overwritten when main() checks. */
void cli_write_stdout(const char *s, size_t n);

/* Flushes standard output (before a message on stderr, before a fork),
 * keeping the errno of a failure for cli_stdout_error(). */
void cli_flush_stdout(void);

/* Flushes standard output; returns 0 when everything written to it got
 * there, else the errno of the first failure (EIO when unknown). */
int cli_stdout_error(void);

int cmd_check(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_complete(int argc, char **argv);  /* hidden: words for shell completion */

extern const char wozo_prelude_text[];
extern const size_t wozo_prelude_len;

#endif
