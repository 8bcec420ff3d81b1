/*
 * cmd_diff.c - `wozorules diff OLD NEW`: what a change to rules or data does
 * to the findings.
 *
 * OLD and NEW are each a folder (a rules tree, as `check` takes it) or a git
 * revision of the repository the command runs in. A revision is read
 * without touching the working tree or the repository's index: git writes
 * the revision's tree into a temporary index file (GIT_INDEX_FILE) and
 * checks that index out under a temporary folder (`checkout-index
 * --prefix`). Unlike `git archive` this does not depend on export-ignore
 * attributes, so every file of the revision is there, data included: the
 * rules of each side read the data files their own tree names.
 *
 * git is run with fork and exec and an argument array, never through a
 * shell, and a revision that starts with '-' is refused before git sees it.
 * The temporary folder is removed on every path: after a normal run, after
 * any error, on SIGINT, SIGTERM and SIGHUP (the handler only records the
 * signal and stops a running git; the folder is removed by the normal
 * clean-up, then the signal is raised again), and on out-of-memory (a
 * mem_on_oom hook).
 */
#include "cli.h"
#include "../base/date.h"
#include "../lang/diag.h"
#include "../runtime/diff.h"
#include "../runtime/report.h"
#include "../stdlib/builtins.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "wozorules diff OLD NEW [PATH ...] [--format text|json|sarif|markdown] [--output FILE] "
    "[--data NAME=FILE ...] [--as-of DATE]";

static const OptSpec specs[] = {
    {"format", true, 'f', false},
    {"output", true, 'o', false},
    {"data", true, 'd', true},
    {"as-of", true, 0, false},
    {"color", true, 0, false},
    {"no-prelude", false, 0, false},
    {"help", false, 'h', false},
};

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Evaluates two versions of a rules tree and prints what changed in the\n"
           "findings (new, resolved, changed, matched by their id criterion/subject),\n"
           "with the rule rows and data values behind each change, and which\n"
           "declarations were added, removed or changed (layout and comments do not\n"
           "count).\n\n"
           "OLD and NEW are each a folder of rules, or a git revision of the repository\n"
           "the command runs in; PATH (default rules/) is the rules tree inside each\n"
           "revision. A revision is read into a temporary folder; the working tree is\n"
           "not touched. Each side reads the data files its own rules name, unless\n"
           "--data binds one file for both.\n\n"
           "options:\n"
           "  -f, --format FORMAT   text (default), json, sarif (SARIF 2.1.0 with\n"
           "                        baselineState) or markdown (a pull-request comment)\n"
           "  -o, --output FILE     write the report to FILE\n"
           "  -d, --data NAME=FILE  read dataset NAME from FILE on both sides\n"
           "      --as-of DATE      evaluate both sides as of DATE\n"
           "      --color WHEN      auto (default), always or never\n"
           "      --no-prelude      do not load the built-in prelude\n\n"
           "exit status: 0 the findings are the same, 1 they differ, 2 invalid rules,\n"
           "             data, revision or command line, 3 internal or I/O error\n\n"
           "examples:\n"
           "  wozorules diff main HEAD                 the effect of this branch\n"
           "  wozorules diff main rules/               ... of the uncommitted work too\n"
           "  wozorules diff old-rules/ new-rules/     two folders\n"
           "  wozorules diff origin/main HEAD --format markdown --output comment.md\n");
}

/* ------------------------------------------------------------------ */
/* The temporary folder and signals                                     */

static char tmp_root[PATH_MAX];              /* "" when none */
static volatile sig_atomic_t got_signal;
static volatile pid_t running_child;
static bool oom_hook_set;

/* Removes a tree without following symbolic links. Returns false when
 * something could not be removed. */
static bool rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0;
    bool ok = true;
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char child[PATH_MAX];
            if ((size_t)snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= sizeof child) {
                ok = false;
                continue;
            }
            ok = rm_tree(child) && ok;
        }
        closedir(d);
    }
    return rmdir(path) == 0 && ok;
}

static void remove_tmp(void)
{
    if (tmp_root[0]) {
        if (!rm_tree(tmp_root))
            fprintf(stderr, "wozorules diff: warning: could not remove the temporary folder %s\n", tmp_root);
        tmp_root[0] = '\0';
    }
}

static void on_signal(int sig)
{
    got_signal = sig;
    if (running_child > 0)
        kill(running_child, SIGTERM);
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction saved_actions[3];
static bool signals_caught;

/* No SA_RESTART: a signal interrupts waitpid() and read(), so the command
 * notices it at once. A signal that was ignored when we started (a
 * background job, nohup) stays ignored. */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 3; i++) {
        sigaction(caught[i], NULL, &saved_actions[i]);
        if (saved_actions[i].sa_handler != SIG_IGN)
            sigaction(caught[i], &sa, NULL);
    }
    signals_caught = true;
}

static void restore_signals(void)
{
    if (!signals_caught)
        return;
    for (size_t i = 0; i < 3; i++)
        sigaction(caught[i], &saved_actions[i], NULL);
    signals_caught = false;
}

/* ------------------------------------------------------------------ */
/* Running git                                                          */

/* Runs argv (argv[0] found on PATH) in folder `cwd` (NULL: here) with
 * standard input from /dev/null and, when env_name is set, that one variable
 * added to the environment. Standard output goes to `out` (NULL: inherited).
 * Standard error is inherited, so that git explains its own failures, unless
 * `quiet` (for questions whose "no" we explain ourselves). Returns the exit
 * status, or -1 when the program could not be run or a signal came. */
static int run_git(const char *const argv[], const char *cwd, const char *env_name, const char *env_value, Buf *out,
                   bool quiet)
{
    int fds[2] = {-1, -1};
    if (out && pipe(fds) != 0)
        return -1;
    cli_flush_stdout();
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        if (out) {
            close(fds[0]);
            close(fds[1]);
        }
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            if (quiet)
                dup2(null, 2);
            close(null);
        }
        if (out) {
            dup2(fds[1], 1);
            close(fds[0]);
            close(fds[1]);
        }
        if (env_name)
            setenv(env_name, env_value, 1);
        if (cwd && chdir(cwd) != 0)
            _exit(127);
        /* execvp() takes char *const[] for historical reasons; it does not
         * write to the strings. */
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "wozorules diff: error: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    running_child = pid;
    if (got_signal)
        kill(pid, SIGTERM);
    if (out) {
        close(fds[1]);
        char chunk[4096];
        for (;;) {
            ssize_t n = read(fds[0], chunk, sizeof chunk);
            if (n > 0)
                buf_put(out, chunk, (size_t)n);
            else if (n == 0 || errno != EINTR || got_signal)
                break;
        }
        close(fds[0]);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            status = -1;
            break;
        }
    }
    running_child = 0;
    if (got_signal || status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

/* The first line of a command's output, without its line break. */
static char *first_line(Buf *b)
{
    const char *s = buf_str(b);
    return mem_strndup(s, strcspn(s, "\r\n"));
}

/* One side of the comparison. */
typedef struct Side {
    const char *arg;            /* as the user wrote it */
    const char *name;           /* "old" or "new": the folder under tmp_root */
    bool is_rev;
    char *commit;               /* a revision's commit id; owned */
    char *strip;                /* what to leave out of paths; owned */
    char *dir;                  /* a revision's temporary folder, with a
                                   trailing '/', or NULL; owned */
    VEC(char *) paths;          /* what to load; owned */
    Program *p;
    Run *r;
} Side;

/* Where the repository is and where we are in it, for the revisions. */
typedef struct Repo {
    char *top;                  /* top-level folder of the working tree */
    char *prefix;               /* the current folder below it: "" or "sub/" */
} Repo;

static bool repo_find(Repo *repo)
{
    if (repo->top)
        return true;
    const char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
    const char *pre_argv[] = {"git", "rev-parse", "--show-prefix", NULL};
    Buf top = BUF_INIT, pre = BUF_INIT;
    bool ok = run_git(top_argv, NULL, NULL, NULL, &top, true) == 0 && top.len &&
              run_git(pre_argv, NULL, NULL, NULL, &pre, true) == 0;
    if (ok) {
        repo->top = first_line(&top);
        repo->prefix = first_line(&pre);
    }
    buf_free(&top);
    buf_free(&pre);
    return ok;
}

/* Makes the temporary folder once: $TMPDIR (or /tmp) /wozorules-diff.XXXXXX */
static bool make_tmp(void)
{
    if (tmp_root[0])
        return true;
    const char *base = getenv("TMPDIR");
    if (!base || !*base || base[0] != '/')
        base = "/tmp";
    if ((size_t)snprintf(tmp_root, sizeof tmp_root, "%s/wozorules-diff.XXXXXX", base) >= sizeof tmp_root ||
        !mkdtemp(tmp_root)) {
        fprintf(stderr, "wozorules diff: error: cannot make a temporary folder in %s: %s\n", base, strerror(errno));
        tmp_root[0] = '\0';
        return false;
    }
    if (!oom_hook_set) {
        mem_on_oom(remove_tmp);
        oom_hook_set = true;
    }
    catch_signals();
    return true;
}

/* Reads revision `s->arg` into tmp_root/<side>/ and sets the paths to load.
 * Returns an exit status: EXIT_OK, or EXIT_INVALID after saying why. */
static int read_revision(Side *s, Repo *repo, const char *const *rel, size_t nrel)
{
    if (s->arg[0] == '-')
        return cli_usage_error("diff", usage, "'%s' looks like an option, not a revision", s->arg);
    if (!repo_find(repo)) {
        if (got_signal)
            return EXIT_INVALID;
        return cli_usage_error("diff", usage, "'%s' is not a folder, and the current folder is not in a git "
                                              "repository to read it as a revision from", s->arg);
    }
    Buf spec = BUF_INIT, out = BUF_INIT;
    buf_printf(&spec, "%s^{commit}", s->arg);
    const char *rev_argv[] = {"git", "rev-parse", "--verify", "--quiet", buf_str(&spec), NULL};
    int st = run_git(rev_argv, NULL, NULL, NULL, &out, true);
    buf_free(&spec);
    if (st != 0) {
        buf_free(&out);
        if (got_signal)
            return EXIT_INVALID;
        return cli_usage_error("diff", usage, "'%s' is neither a folder nor a revision of this git repository",
                               s->arg);
    }
    s->commit = first_line(&out);
    buf_free(&out);
    if (!make_tmp())
        return EXIT_INVALID;

    Buf dir = BUF_INIT, index = BUF_INIT, prefix_opt = BUF_INIT;
    buf_printf(&dir, "%s/%s/", tmp_root, s->name);
    buf_printf(&index, "%s/%s.index", tmp_root, s->name);
    buf_printf(&prefix_opt, "--prefix=%s", buf_str(&dir));
    /* A fresh index of the revision's tree in a file of our own, then its
     * files under our folder: neither the real index nor the working tree
     * is written. */
    const char *read_argv[] = {"git", "read-tree", s->commit, NULL};
    const char *co_argv[] = {"git", "checkout-index", "--all", buf_str(&prefix_opt), NULL};
    int rc = EXIT_OK;
    if (run_git(read_argv, repo->top, "GIT_INDEX_FILE", buf_str(&index), NULL, false) != 0 ||
        run_git(co_argv, repo->top, "GIT_INDEX_FILE", buf_str(&index), NULL, false) != 0) {
        if (!got_signal)
            fprintf(stderr, "wozorules diff: error: cannot read the files of revision '%s' (%s)\n", s->arg,
                    s->commit);
        rc = EXIT_INVALID;
    }
    if (rc == EXIT_OK) {
        s->dir = mem_strdup(buf_str(&dir));
        /* Paths in the revision are taken from the current folder, as they
         * would be in the working tree. */
        Buf strip = BUF_INIT;
        buf_printf(&strip, "%s%s", buf_str(&dir), repo->prefix);
        s->strip = buf_take(&strip);
        mkdir(s->strip, 0700);  /* the current folder may hold no tracked file */
        for (size_t i = 0; i < nrel && rc == EXIT_OK; i++) {
            Buf p = BUF_INIT;
            buf_printf(&p, "%s%s", s->strip, rel[i]);
            struct stat stt;
            if (stat(buf_str(&p), &stt) != 0) {
                fprintf(stderr, "wozorules diff: error: revision '%s' has no %s\n", s->arg, rel[i]);
                rc = EXIT_INVALID;
                buf_free(&p);
            } else {
                vec_push(&s->paths, buf_take(&p));
            }
        }
    }
    buf_free(&dir);
    buf_free(&index);
    buf_free(&prefix_opt);
    return rc;
}

/* Decides what a side is and prepares what to load. */
static int prepare_side(Side *s, Repo *repo, const char *const *rel, size_t nrel)
{
    struct stat st;
    if (s->arg[0] != '-' && stat(s->arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        vec_push(&s->paths, mem_strdup(s->arg));
        return EXIT_OK;
    }
    s->is_rev = true;
    return read_revision(s, repo, rel, nrel);
}

static void side_free(Side *s)
{
    run_free(s->r);
    if (s->p)
        program_free(s->p);
    for (size_t i = 0; i < s->paths.len; i++)
        mem_free(s->paths.items[i]);
    vec_free(&s->paths);
    mem_free(s->commit);
    mem_free(s->strip);
    mem_free(s->dir);
}

/* Prints the queued messages to stderr as cli_print_diags() does, with the
 * temporary folder of each revision replaced by the revision's name, in
 * git's REV:PATH form ("HEAD~1:rules/x.wozo:3:4", PATH from the top of the
 * repository, as `git show HEAD~1:rules/x.wozo` takes it): the folder is
 * gone when the user reads the message, and its random name says nothing
 * about which side was wrong. */
static void print_diags(ColorMode color, const Side *a, const Side *b)
{
    char *text = diag_render_string(cli_use_color(color, stderr));
    const Side *sides[] = {a, b};
    Buf out = BUF_INIT;
    const char *t = text;
    while (*t) {
        bool replaced = false;
        for (size_t i = 0; i < 2 && !replaced; i++) {
            const char *dir = sides[i]->dir;
            size_t n = dir ? strlen(dir) : 0;
            if (n && strncmp(t, dir, n) == 0) {
                /* The path up to the ':' of its line and column, without
                 * the "./" segments a PATH of "." leaves, which git's
                 * REV:PATH does not take. */
                buf_printf(&out, "%s:", sides[i]->arg);
                t += n;
                while (*t && *t != ':' && *t != '\n' && *t != ' ') {
                    if (t[0] == '.' && t[1] == '/' && (out.len == 0 || out.data[out.len - 1] == '/' ||
                                                       out.data[out.len - 1] == ':'))
                        t += 2;
                    else
                        buf_putc(&out, *t++);
                }
                replaced = true;
            }
        }
        if (!replaced)
            buf_putc(&out, *t++);
    }
    cli_flush_stdout();
    fputs(buf_str(&out), stderr);
    buf_free(&out);
    mem_free(text);
}

/* Loads and evaluates one side with the command line's --data, --as-of
 * and --no-prelude. Returns false after errors (queued). */
static bool evaluate_side(Side *s, const CliArgs *ca)
{
    s->p = cli_load((const char *const *)s->paths.items, s->paths.len, false, ca->no_prelude);
    if (diag_errors())
        return false;
    s->r = run_new(s->p, wozo_builtins);
    bool ok = cli_bind_data(s->r, ca);
    if (ca->has_as_of)
        run_set_as_of(s->r, ca->as_of);
    ok = ok && run_load(s->r);
    ok = ok && run_evaluate(s->r);
    return ok && !diag_errors();
}

int cmd_diff(int argc, char **argv)
{
    OptParser op;
    cli_opt_init(&op, argc, argv, specs, sizeof specs / sizeof specs[0], "diff", usage, help);
    CliArgs ca = {0};
    const char *format = "text", *output = NULL;
    int rc = EXIT_OK;
    Side old = {0}, new_ = {0};
    Repo repo = {0};
    Diff d;
    diff_init(&d);
    got_signal = 0;
    static const char *const formats[] = {"text", "json", "sarif", "markdown"};
    const OptSpec *o;
    const char *val;
    while ((o = cli_next_option(&op, &ca, &val)) != NULL) {
        if (!strcmp(o->name, "format")) {
            int k = cli_choose(&op, "format", !strcmp(val, "md") ? "markdown" : val, formats, 4);
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
    if (ca.args.len < 2) {
        rc = cli_usage_error("diff", usage, "expected two versions to compare: OLD and NEW");
        goto out;
    }
    old.arg = ca.args.items[0];
    old.name = "old";
    new_.arg = ca.args.items[1];
    new_.name = "new";
    const char *default_rel[] = {"rules/"};
    const char *const *rel = ca.args.len > 2 ? ca.args.items + 2 : default_rel;
    size_t nrel = ca.args.len > 2 ? ca.args.len - 2 : 1;
    for (size_t i = 0; i < nrel; i++)
        if (rel[i][0] == '/') {
            rc = cli_usage_error("diff", usage, "PATH '%s' must be relative: it is looked up in each revision",
                                 rel[i]);
            goto out;
        }
    if ((rc = prepare_side(&old, &repo, rel, nrel)) != EXIT_OK ||
        (rc = prepare_side(&new_, &repo, rel, nrel)) != EXIT_OK)
        goto out;
    if (ca.args.len > 2 && !old.is_rev && !new_.is_rev) {
        rc = cli_usage_error("diff", usage, "PATH applies to revisions; OLD and NEW are both folders");
        goto out;
    }

    bool ok = evaluate_side(&old, &ca);
    ok = ok && evaluate_side(&new_, &ca);
    if (!ok || got_signal) {
        print_diags(color, &old, &new_);
        rc = EXIT_INVALID;
        goto out;
    }
    diff_decls(&d, old.p, new_.p);
    diff_findings(&d, old.r, new_.r);
    DiffReport ro = {
        .old = {old.arg, old.commit, old.strip, old.r},
        .new_ = {new_.arg, new_.commit, new_.strip, new_.r},
        .color = !output && !strcmp(format, "text") && cli_use_color(color, stdout),
    };
    Buf rep = BUF_INIT;
    if (!strcmp(format, "json"))
        diff_report_json(&rep, &d, &ro);
    else if (!strcmp(format, "sarif"))
        diff_report_sarif(&rep, &d, &ro);
    else if (!strcmp(format, "markdown"))
        diff_report_markdown(&rep, &d, &ro);
    else
        diff_report_text(&rep, &d, &ro);
    /* Warnings may quote lines of data files, which may be in the
     * temporary folder: print them before it goes. */
    print_diags(color, &old, &new_);
    remove_tmp();
    if (output) {
        if (!cli_write_file(output, &rep))
            rc = EXIT_INTERNAL;
    } else {
        cli_write_stdout(buf_str(&rep), rep.len);
    }
    buf_free(&rep);
    if (rc == EXIT_OK && diff_findings_differ(&d))
        rc = EXIT_FINDINGS;
out:
    remove_tmp();
    restore_signals();
    diff_free(&d);
    side_free(&old);
    side_free(&new_);
    mem_free(repo.top);
    mem_free(repo.prefix);
    cli_args_free(&ca);
    if (got_signal) {
        /* Die of the signal, as the shell expects, now that nothing is left. */
        int sig = got_signal;
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return rc;
}
