/* realpath() is X/Open, sigaction() POSIX (as in lang/load.c). */
#define _XOPEN_SOURCE 700

#include "cli.h"
#include "../base/date.h"
#include "../base/mem.h"
#include "../base/suggest.h"
#include "../lang/diag.h"
#include "../runtime/eval.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int stdout_errno;  /* the first failure to write standard output */

const OptSpec opt_error = {NULL, false, 0, false};

bool cli_use_color(ColorMode mode, FILE *f)
{
    if (mode == COLOR_ALWAYS)
        return true;
    if (mode == COLOR_NEVER)
        return false;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(f));
}

bool cli_parse_color(const char *s, ColorMode *out)
{
    if (strcmp(s, "auto") == 0)
        *out = COLOR_AUTO;
    else if (strcmp(s, "always") == 0)
        *out = COLOR_ALWAYS;
    else if (strcmp(s, "never") == 0)
        *out = COLOR_NEVER;
    else
        return false;
    return true;
}

int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "wozorules%s%s: error: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n", usage);
    return EXIT_INVALID;
}

static const OptSpec *bad_option(OptParser *p, const char *arg)
{
    const char *name = arg;
    while (*name == '-')
        name++;
    char base[64];
    snprintf(base, sizeof base, "%.*s", (int)strcspn(name, "="), name);
    Suggestion sg;
    suggest_begin_within(&sg, base, 3);
    for (size_t k = 0; k < p->nspecs; k++)
        suggest_consider(&sg, p->specs[k].name);
    const char *best = sg.best;
    fprintf(stderr, "wozorules %s: error: unknown option '%s'", p->cmd, arg);
    if (best)
        fprintf(stderr, " (did you mean '--%s'?)", best);
    fprintf(stderr, "\nusage: %s\n", p->usage);
    return &opt_error;
}

/* Whether arg is one of the command's long options (--name, --name=v). */
static bool is_option(const OptParser *p, const char *arg)
{
    if (p->only_args || arg[0] != '-' || arg[1] != '-' || !arg[2])
        return false;
    size_t len = strcspn(arg + 2, "=");
    for (size_t k = 0; k < p->nspecs; k++)
        if (strlen(p->specs[k].name) == len && strncmp(p->specs[k].name, arg + 2, len) == 0)
            return true;
    return false;
}

const OptSpec *opt_next(OptParser *p, const char **value, bool *done)
{
    *done = false;
    *value = NULL;
    if (p->i >= p->argc) {
        *done = true;
        return NULL;
    }
    char *arg = p->argv[p->i++];
    if (p->only_args || arg[0] != '-' || strcmp(arg, "-") == 0) {
        *value = arg;
        return NULL;
    }
    if (strcmp(arg, "--") == 0) {
        p->only_args = true;
        return opt_next(p, value, done);
    }
    const OptSpec *spec = NULL;
    const char *inline_val = NULL;
    if (arg[1] == '-') {
        const char *name = arg + 2;
        size_t len = strcspn(name, "=");
        for (size_t k = 0; k < p->nspecs; k++)
            if (strlen(p->specs[k].name) == len && strncmp(p->specs[k].name, name, len) == 0)
                spec = &p->specs[k];
        if (name[len] == '=')
            inline_val = name + len + 1;
    } else if (arg[2] == '\0') {
        for (size_t k = 0; k < p->nspecs; k++)
            if (p->specs[k].short_name == arg[1])
                spec = &p->specs[k];
    }
    if (!spec)
        return bad_option(p, arg);
    if (spec->takes_value) {
        if (inline_val) {
            *value = inline_val;
        } else if (p->i < p->argc && !is_option(p, p->argv[p->i])) {
            *value = p->argv[p->i++];
        } else {
            /* At the end, or before another option: `check --format
             * --output x` means a forgotten value, not the format
             * "--output". */
            fprintf(stderr, "wozorules %s: error: option '--%s' needs a value\nusage: %s\n", p->cmd,
                    spec->name, p->usage);
            return &opt_error;
        }
    } else if (inline_val) {
        fprintf(stderr, "wozorules %s: error: option '--%s' takes no value\nusage: %s\n", p->cmd,
                spec->name, p->usage);
        return &opt_error;
    }
    return spec;
}

void cli_opt_init(OptParser *p, int argc, char **argv, const OptSpec *specs, size_t nspecs, const char *cmd,
                  const char *usage, void (*help)(void))
{
    memset(p, 0, sizeof *p);
    p->argc = argc;
    p->argv = argv;
    p->specs = specs;
    p->nspecs = nspecs < OPT_MAX_SPECS ? nspecs : OPT_MAX_SPECS;
    p->cmd = cmd;
    p->usage = usage;
    p->help = help;
    p->status = OPT_MORE;
}

void cli_args_free(CliArgs *a)
{
    vec_free(&a->args);
    vec_free(&a->data);
}

/* Stops parsing with a usage error already printed. */
static const OptSpec *opt_bad(OptParser *p)
{
    p->status = OPT_BAD;
    return NULL;
}

const OptSpec *cli_next_option(OptParser *p, CliArgs *a, const char **value)
{
    for (;;) {
        const char *val;
        bool done;
        const OptSpec *o = opt_next(p, &val, &done);
        *value = val;
        if (done) {
            p->status = OPT_END;
            return NULL;
        }
        if (o == &opt_error)
            return opt_bad(p);
        if (!o) {
            vec_push(&a->args, val);
            continue;
        }
        /* An option that takes a value always has one (opt_next()); a
         * flag has none, and "" stands for it below. */
        const char *arg = val ? val : "";
        size_t k = (size_t)(o - p->specs);
        if (!o->repeatable && k < OPT_MAX_SPECS) {
            /* Two values for one setting: which one was meant? Say so
             * rather than take the last. A flag given twice is harmless. */
            if (p->seen[k] && o->takes_value) {
                cli_usage_error(p->cmd, p->usage, "--%s is given twice ('%s' and '%s')", o->name, p->seen[k], arg);
                return opt_bad(p);
            }
            p->seen[k] = arg;
        }
        if (!strcmp(o->name, "help")) {
            if (p->help)
                p->help();
            p->status = OPT_HELP;
            return NULL;
        } else if (!strcmp(o->name, "color")) {
            if (!cli_parse_color(arg, &a->color)) {
                cli_usage_error(p->cmd, p->usage, "--color takes auto, always or never, not '%s'", arg);
                return opt_bad(p);
            }
        } else if (!strcmp(o->name, "no-prelude")) {
            a->no_prelude = true;
        } else if (!strcmp(o->name, "data")) {
            const char *eq = strchr(arg, '=');
            if (!eq || eq == arg || !eq[1]) {
                cli_usage_error(p->cmd, p->usage, "--data takes NAME=FILE, not '%s'", arg);
                return opt_bad(p);
            }
            vec_push(&a->data, arg);
        } else if (!strcmp(o->name, "as-of")) {
            if (!date_parse(arg, strlen(arg), &a->as_of)) {
                cli_usage_error(p->cmd, p->usage, "--as-of takes a date YYYY-MM-DD, not '%s'", arg);
                return opt_bad(p);
            }
            a->has_as_of = true;
        } else {
            p->status = OPT_MORE;
            return o;
        }
    }
}

int cli_choose(const OptParser *p, const char *what, const char *value, const char *const *choices, size_t n)
{
    Buf names = BUF_INIT;
    const char *best = NULL;
    Suggestion sg;
    suggest_begin_within(&sg, value, 2);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(value, choices[i])) {
            buf_free(&names);
            return (int)i;
        }
        buf_printf(&names, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", choices[i]);
        /* Two edits are a lot in a four-letter name: suggest only a name
         * with the same first letter ('htlm', not 'yaml'). */
        if (value[0] == choices[i][0])
            suggest_consider(&sg, choices[i]);
    }
    best = sg.best;
    if (best)
        cli_usage_error(p->cmd, p->usage, "unknown %s '%s' (did you mean '%s'? the %ss are %s)", what, value, best,
                        what, buf_str(&names));
    else
        cli_usage_error(p->cmd, p->usage, "unknown %s '%s' (the %ss are %s)", what, value, what, buf_str(&names));
    buf_free(&names);
    return -1;
}

bool cli_bind_data(Run *r, const CliArgs *a)
{
    bool ok = true;
    for (size_t i = 0; i < a->data.len; i++) {
        const char *d = a->data.items[i], *eq = strchr(d, '=');
        /* The whole name, however long: cut short, it could bind another
         * dataset whose name is its beginning. */
        char *name = mem_strndup(d, (size_t)(eq - d));
        ok = run_bind(r, name, eq + 1, span_make(0, 0, 0)) && ok;
        mem_free(name);
    }
    return ok;
}

void cli_write_stdout(const char *s, size_t n)
{
    errno = 0;
    /* glibc may report all n bytes taken while the write(2) of its buffer
     * failed: the stream's error flag is what tells. */
    if ((fwrite(s, 1, n, stdout) != n || ferror(stdout)) && !stdout_errno)
        stdout_errno = errno ? errno : EIO;
}

void cli_flush_stdout(void)
{
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && !stdout_errno)
        stdout_errno = errno ? errno : EIO;
}

int cli_stdout_error(void)
{
    cli_flush_stdout();
    return stdout_errno;
}

Program *cli_load(const char *const *paths, size_t n, bool warnings, bool no_prelude)
{
    diag_set_warnings(warnings);
    LoadOptions opt = {
        .prelude_text = no_prelude ? NULL : wozo_prelude_text,
        .prelude_len = wozo_prelude_len,
        .prelude_name = "stdlib/prelude.wozo",
        .warnings = warnings,
    };
    return program_load(paths, n, &opt);
}

void cli_print_diags(ColorMode mode)
{
    cli_flush_stdout();
    diag_render(stderr, cli_use_color(mode, stderr));
}

/* ---- writing a file whole ---- */

/* The temporary file cli_write_file() is writing, for the clean-up hooks:
 * they run on signals and on out-of-memory, so they may neither allocate
 * nor take locks. The name is stored before the file is made (signals
 * blocked meanwhile), so there is no moment when the file exists and the
 * hooks do not know it. */
static char out_tmp[PATH_MAX + 32];
static volatile sig_atomic_t out_tmp_active;

static void out_remove_tmp(void)
{
    if (out_tmp_active) {
        unlink(out_tmp);
        out_tmp_active = 0;
    }
}

/* SIGINT, SIGTERM, SIGHUP while the temporary file exists: remove it, then
 * die of the same signal, as the shell expects. unlink(), signal() and
 * raise() are async-signal-safe. */
static void out_on_signal(int sig)
{
    out_remove_tmp();
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int out_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define OUT_NSIGNALS (sizeof out_signals / sizeof out_signals[0])

/* Blocks (on) or unblocks the clean-up signals; a signal that comes while
 * they are blocked is delivered at the unblocking. */
static void out_block(bool on, sigset_t *old)
{
    if (on) {
        sigset_t set;
        sigemptyset(&set);
        for (size_t i = 0; i < OUT_NSIGNALS; i++)
            sigaddset(&set, out_signals[i]);
        sigprocmask(SIG_BLOCK, &set, old);
    } else {
        sigprocmask(SIG_SETMASK, old, NULL);
    }
}

/* Writes all of s, through short writes and EINTR. WOZO_FAIL_OUTPUT=signal
 * (tests only, tests/cli-output-signal.sh) raises SIGINT after the first
 * half, while the temporary file is open and half written. Returns false
 * with errno set. */
static bool out_write_all(int fd, const char *s, size_t n, bool tmp)
{
    const char *hook = tmp ? getenv("WOZO_FAIL_OUTPUT") : NULL;
    size_t half = hook && strcmp(hook, "signal") == 0 ? n / 2 : (size_t)-1;
    size_t done = 0;
    while (done < n) {
        size_t chunk = n - done;
        if (done < half && chunk > half - done)
            chunk = half - done;
        if (chunk > ((size_t)1 << 30))
            chunk = (size_t)1 << 30;
        ssize_t w = write(fd, s + done, chunk);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        if (w == 0) {
            errno = EIO;
            return false;
        }
        done += (size_t)w;
        if (done == half)
            raise(SIGINT);
    }
    return true;
}

static void write_error(const char *path, int err)
{
    cli_flush_stdout();
    fprintf(stderr, "wozorules: error: cannot write %s: %s\n", path, strerror(err));
}

/* Writes b straight into path, which exists and is not a regular file
 * (/dev/null, /dev/stdout, a FIFO): renaming a new file over it would
 * replace the device itself (as root, /dev/null would become a file). */
static bool write_direct(const char *path, const Buf *b)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        write_error(path, errno);
        return false;
    }
    bool ok = out_write_all(fd, buf_str(b), b->len, false);
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok)
        write_error(path, err);
    return ok;
}

/* The name a dangling symbolic link points to, followed through a chain of
 * links as the system would (at most 40, then ELOOP): writing through the
 * link creates that file, and the link stays a link. A relative target is
 * taken from the folder holding the link. Returns a path the caller frees
 * (free() or mem_free(), as realpath()'s), or NULL with errno set. */
static char *follow_dangling(const char *path)
{
    char *cur = mem_strdup(path);
    for (int hops = 0; hops < 40; hops++) {
        struct stat lst;
        if (lstat(cur, &lst) != 0 || !S_ISLNK(lst.st_mode))
            return cur;
        char to[PATH_MAX];
        ssize_t n = readlink(cur, to, sizeof to - 1);
        if (n < 0) {
            mem_free(cur);
            return NULL;
        }
        to[n] = '\0';
        const char *slash = strrchr(cur, '/');
        size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - cur + 1);
        char *next = mem_alloc(dir + (size_t)n + 1);
        memcpy(next, cur, dir);
        memcpy(next + dir, to, (size_t)n + 1);
        mem_free(cur);
        cur = next;
    }
    mem_free(cur);
    errno = ELOOP;
    return NULL;
}

bool cli_write_file(const char *path, const Buf *b)
{
    static bool oom_hooked;
    if (!oom_hooked) {
        mem_on_oom(out_remove_tmp);
        oom_hooked = true;
    }
    /* Where the new file goes: a link is written through (the file it
     * points to is replaced, the link stays), a device or FIFO is written
     * into, anything else is replaced whole. */
    struct stat st;
    char *real = NULL;
    const char *target = path;
    if (stat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            if (S_ISDIR(st.st_mode)) {
                write_error(path, EISDIR);
                return false;
            }
            return write_direct(path, b);
        }
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (real = realpath(path, NULL)) != NULL)
            target = real;
    } else {
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
            if (!(real = follow_dangling(path))) {
                write_error(path, errno);
                return false;
            }
            target = real;
        }
    }
    bool ok = false;
    int err = 0;
    if ((size_t)snprintf(out_tmp, sizeof out_tmp, "%s.tmp-XXXXXX", target) >= sizeof out_tmp) {
        write_error(path, ENAMETOOLONG);
        free(real);
        return false;
    }
    /* The name is known to the hooks before the file exists, and the
     * signals wait until the hooks know that it does. */
    sigset_t old;
    struct sigaction sa, saved[OUT_NSIGNALS];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = out_on_signal;
    sigemptyset(&sa.sa_mask);
    out_block(true, &old);
    for (size_t i = 0; i < OUT_NSIGNALS; i++) {
        sigaction(out_signals[i], NULL, &saved[i]);
        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (saved[i].sa_handler != SIG_IGN)
            sigaction(out_signals[i], &sa, NULL);
    }
    int fd = mkstemp(out_tmp);
    if (fd >= 0)
        out_tmp_active = 1;
    else
        err = errno;
    out_block(false, &old);
    if (fd >= 0) {
        /* mkstemp() makes the file private (0600); a report or a page of
         * the doc site is for others to read, so give it what creat() would
         * have: 0666 less the umask. */
        mode_t mask = umask(0);
        umask(mask);
        ok = fchmod(fd, 0666 & ~mask) == 0 && out_write_all(fd, buf_str(b), b->len, true);
        /* On disk before the rename: after a crash the file is the old one
         * or the new one, never an empty or half one. */
        ok = ok && fsync(fd) == 0;
        if (!ok)
            err = errno;
        if (close(fd) != 0 && ok) {
            ok = false;
            err = errno;
        }
        out_block(true, &old);
        if (ok && rename(out_tmp, target) != 0) {
            ok = false;
            err = errno;
        }
        if (ok)
            out_tmp_active = 0;  /* renamed: nothing to remove any more */
        else
            out_remove_tmp();
        out_block(false, &old);
    }
    for (size_t i = 0; i < OUT_NSIGNALS; i++)
        if (saved[i].sa_handler != SIG_IGN)
            sigaction(out_signals[i], &saved[i], NULL);
    if (!ok) {
        cli_flush_stdout();
        if (fd < 0 && err == ENOENT) {
            /* mkstemp() says only "No such file or directory"; say which. */
            const char *slash = strrchr(target, '/');
            int dirlen = !slash ? 1 : slash == target ? 1 : (int)(slash - target);
            fprintf(stderr, "wozorules: error: cannot write %s: the folder %.*s does not exist\n", path, dirlen,
                    slash ? target : ".");
        } else {
            write_error(path, err);
        }
    }
    free(real);
    return ok;
}
