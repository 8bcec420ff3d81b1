/*
 * main.c - the `wozorules` command: dispatches to a subcommand.
 */
#include "cli.h"
#include "../base/intern.h"
#include "../base/mem.h"
#include "../base/suggest.h"
#include "../lang/diag.h"
#include "../lang/parse.h"

#include <locale.h>
#include <string.h>

#ifndef WOZO_VERSION
#define WOZO_VERSION "0.0.0"
#endif

static const char usage[] = "wozorules COMMAND [OPTION ...] [PATH ...]";

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static int cmd_debug_ast(int argc, char **argv);

static const Command commands[] = {
    {"check", cmd_check, "check rule files and evaluate them against the data"},
    {"test", cmd_test, "run the test blocks of rule files"},
    {"doc", cmd_doc, "render the rules as a browsable HTML and Markdown site"},
    {"diff", cmd_diff, "compare the findings of two versions of the rules"},
    {"fmt", cmd_fmt, "print, check or rewrite rule files in their canonical form"},
    {"debug-ast", cmd_debug_ast, NULL},
    {"complete", cmd_complete, NULL},  /* words for completion/wozorules.bash */
};

static void help(void)
{
    printf("usage: %s\n\n"
           "wozorules evaluates rule files (*.wozo) that describe programmes, indicators and\n"
           "criteria against YAML datasets, and reports every finding with the rule line and\n"
           "the data line behind it.\n\ncommands:\n", usage);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].summary)
            printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("  %-10s %s\n", "help", "describe a command, with examples: wozorules help check");
    printf("\nexamples:\n"
           "  wozorules check rules/                 the findings of the rules in rules/\n"
           "  wozorules check rules/ --explain       and why each verdict was given\n"
           "  wozorules check rules/ --data regions=other.yaml\n"
           "                                         the same rules on other data\n"
           "  wozorules test rules/                  run the tests in the rule files\n"
           "\nexit status: 0 success, 1 findings at or above --fail-on (check) or failed\n"
           "tests (test), 2 invalid rules, data or command line, 3 internal or I/O error.\n"
           "\n'wozorules help COMMAND' (or 'wozorules COMMAND --help') describes a command.\n"
           "Documentation: man wozorules (the command), man 5 wozorules (the rule language),\n"
           "docs/tutorial.md (a first criterion in ten minutes), docs/language.md.\n");
}

/* The visible command called `name`, or NULL. */
static const Command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].summary && strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* Reports an unknown command, with the nearest visible one. */
static int unknown_command(const char *cmd, const char *use, const char *name)
{
    Suggestion sg;
    suggest_begin_within(&sg, name, 2);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].summary)
            suggest_consider(&sg, commands[i].name);
    if (!sg.best && !cmd)
        suggest_consider(&sg, "help");
    const char *best = sg.best;
    if (best)
        return cli_usage_error(cmd, use, "unknown command '%s' (did you mean '%s'?)", name, best);
    return cli_usage_error(cmd, use, "unknown command '%s'", name);
}

/* `wozorules help [COMMAND]`: the general help, or the command's --help. */
static int cmd_help(int argc, char **argv)
{
    static const char help_usage[] = "wozorules help [COMMAND]";
    if (argc == 0 || strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0 ||
        strcmp(argv[0], "-h") == 0) {
        if (argc > 1)
            return cli_usage_error("help", help_usage, "expected at most one command");
        help();
        return EXIT_OK;
    }
    if (argc > 1)
        return cli_usage_error("help", help_usage, "expected at most one command");
    const Command *cmd = find_command(argv[0]);
    if (!cmd)
        return unknown_command("help", help_usage, argv[0]);
    char opt[] = "--help";
    char *args[] = {opt, NULL};
    return cmd->run(1, args);
}

/* Prints the syntax tree of one file (for tests of the parser). */
static int cmd_debug_ast(int argc, char **argv)
{
    if (argc != 1)
        return cli_usage_error("debug-ast", "wozorules debug-ast FILE", "expected one file");
    uint32_t id = source_load(argv[0]);
    Arena a;
    arena_init(&a, 0);
    if (id) {
        ParsedFile pf;
        parse_source(id, &a, &pf);
        Buf b = BUF_INIT;
        for (uint32_t i = 0; i < pf.decls.len; i++) {
            ast_dump(&b, pf.decls.items[i]);
            buf_putc(&b, '\n');
        }
        fputs(buf_str(&b), stdout);
        buf_free(&b);
    }
    arena_free(&a);
    cli_print_diags(COLOR_NEVER);
    return diag_errors() ? EXIT_INVALID : EXIT_OK;
}

static void cleanup(void)
{
    diag_clear();
    sources_free_all();
    intern_free_all();
}

int main(int argc, char **argv)
{
    /* Output must not depend on the user's locale: keep the C locale. */
    setlocale(LC_ALL, "C");
    mem_init_from_env();
    int rc;
    if (argc < 2) {
        rc = cli_usage_error(NULL, usage, "no command given (try 'wozorules --help')");
    } else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help();
        rc = EXIT_OK;
    } else if (strcmp(argv[1], "help") == 0) {
        rc = cmd_help(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("wozorules %s\n", WOZO_VERSION);
        rc = EXIT_OK;
    } else {
        const Command *cmd = NULL;
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                cmd = &commands[i];
        if (cmd)
            rc = cmd->run(argc - 2, argv + 2);
        else
            rc = unknown_command(NULL, usage, argv[1]);
    }
    /* A report that did not reach standard output (a full disk, a closed
     * pipe, /dev/full) is a failure, not a success: exit 3 and say so. */
    int err = cli_stdout_error();
    if (err) {
        fprintf(stderr, "wozorules: error: cannot write to standard output: %s\n", strerror(err));
        rc = EXIT_INTERNAL;
    }
    cleanup();
    return rc;
}
