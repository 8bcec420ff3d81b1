/*
 * cmd_fmt.c - `wozorules fmt`: prints, checks or rewrites rule files in
 * their canonical form (lang/fmt.c, docs/style.md).
 *
 * Whatever the mode, a file's canonical form is used only after fmt_verify()
 * has parsed it back and found the same syntax tree, the same comments and
 * a fixed point; otherwise the command says "internal error", names the
 * file, leaves it alone and exits 3.
 *
 * --write must never lose a byte of the author's work. The new text goes to
 * a temporary file in the same folder (so that the final rename cannot cross
 * file systems), which gets the original's mode, is flushed to disk and is
 * then renamed over the original: at every moment the file on disk is either
 * the old text or the new one. The temporary file is removed on every error,
 * on out-of-memory (mem_on_oom) and on SIGINT, SIGTERM and SIGHUP. A file is
 * refused, untouched, when it does not parse, is read-only, has other hard
 * links (renaming would split them), or changed while it was being
 * formatted. A symbolic link is written through: the file it points to is
 * replaced and the link stays a link. Folders are searched as `check`
 * searches them (lang/load.h): a link inside a folder is formatted only when
 * it points to a file inside that folder (under the link's name, once), and
 * one that points outside is an error, so --write never reaches a file
 * outside the folder behind the author's back.
 *
 * For tests, WOZO_FAIL_WRITE makes a step of --write fail as a full disk or a
 * broken device would: a number n fails the n-th write(2) to a temporary
 * file with ENOSPC; "fsync", "close" and "rename" fail that step with EIO;
 * "oom" runs out of memory (mem_oom) and "signal" raises SIGTERM while the
 * temporary file is open. It has no other use and no effect on anything but
 * --write. WOZO_FAIL_FMT spoils the formatted text (see spoil_for_tests) to
 * show that nothing unverified is ever used. Both are documented in
 * docs/style.md and exercised by tests/fmt-write.sh.
 */
/* realpath() is X/Open, not plain POSIX (as in lang/load.c). */
#define _XOPEN_SOURCE 700

#include "cli.h"
#include "../base/intern.h"
#include "../base/mem.h"
#include "../base/vec.h"
#include "../lang/diag.h"
#include "../lang/fmt.h"
#include "../lang/load.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] = "wozorules fmt [--check [--diff] | --write] [PATH ...]";

static const OptSpec specs[] = {
    {"check", false, 'c', false},
    {"diff", false, 'd', false},
    {"write", false, 'w', false},
    {"color", true, 0, false},
    {"help", false, 'h', false},
};

#define STDIN_NAME "<stdin>"     /* how standard input is named in messages */

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Prints rule files (*.wozo) in their canonical form: one declaration per block,\n"
           "one field per line, two-space indentation, aligned decision rows, every comment\n"
           "kept where it was. docs/style.md describes the form. Folders are searched for\n"
           "*.wozo files; '-' or no PATH reads standard input and prints to standard output.\n"
           "The formatted text is always checked before it is used: it must parse to the\n"
           "same syntax tree, keep every comment and stay the same when formatted again.\n\n"
           "options:\n"
           "  -c, --check       print nothing but the names of the files that are not in\n"
           "                    canonical form; exit 1 if there are any\n"
           "  -d, --diff        with --check (implies it): print a unified diff of each such\n"
           "                    file against its canonical form instead of its name\n"
           "  -w, --write       rewrite the files that are not canonical, in place: through a\n"
           "                    temporary file in the same folder that is flushed to disk and\n"
           "                    renamed over the original, keeping its mode. Files that do\n"
           "                    not parse, read-only files and files with several hard links\n"
           "                    are left as they are; a symbolic link named on the command\n"
           "                    line is written through to its target\n"
           "      --color WHEN  colour in messages: auto (default), always or never\n\n"
           "Line ends (LF or CRLF) follow the file's first line; a UTF-8 byte-order mark is\n"
           "kept. Folders are searched as check searches them: hidden entries are skipped,\n"
           "a symbolic link must point inside the folder.\n\n"
           "exit status: 0 success (with --check: every file is canonical), 1 --check found\n"
           "             files to format, 2 a file does not parse, cannot be read or the\n"
           "             command line is wrong, 3 internal error or a file could not be\n"
           "             written (it is then unchanged)\n\n"
           "examples:\n"
           "  wozorules fmt rules/criteria/part4.wozo      print the canonical form\n"
           "  wozorules fmt --check rules/ examples/       list the files to format (CI)\n"
           "  wozorules fmt --check --diff rules/          show what would change\n"
           "  wozorules fmt --write rules/                 format the files in place\n"
           "  wozorules fmt < draft.wozo > clean.wozo      filter standard input\n");
}

/* ---- finding the files ---- */

/* Expands the command line's paths into files: a folder becomes its rule
 * files as `check` finds them (load_find_rule_files(), whose rules load.h
 * states), in byte order of their paths; anything else is taken as given
 * (and refused later if it cannot be read). Unlike `check`, the arguments
 * keep their order: `fmt b.wozo a.wozo` prints b first. "-" stands for
 * standard input. The strings in *out are the caller's. Returns false when
 * a folder gave no files (after reporting why). */
static bool collect(const char *const *paths, size_t n, LoadPaths *out)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (!load_find_rule_files(paths[i], out))
                ok = false;
        } else {
            vec_push(out, mem_strdup(paths[i]));
        }
    }
    return ok;
}

/* Reads standard input as a rule file (with the checks of source_load).
 * Returns the source id, or 0 after reporting. */
static uint32_t load_stdin(void)
{
    Buf b = BUF_INIT;
    for (;;) {
        buf_reserve(&b, 65536);
        ssize_t r = read(0, b.data + b.len, 65536);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            diag_report_path(DIAG_E001, STDIN_NAME, "cannot read: %s", strerror(errno));
            buf_free(&b);
            return 0;
        }
        if (r == 0)
            break;
        b.len += (size_t)r;
        if (b.len > SOURCE_MAX_BYTES)
            break;  /* source_load_text reports it */
    }
    uint32_t id = source_load_text(STDIN_NAME, b.data ? b.data : "", b.len);
    buf_free(&b);
    return id;
}

/* ---- unified diff ---- */

typedef struct Line {
    const char *s;  /* the line with its '\n' (none on an unterminated last line) */
    uint32_t len;
    uint32_t hash;
} Line;

typedef VEC(Line) LineVec;

static void split_lines(const char *t, size_t n, LineVec *out)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) + 1 : n;
        Line l = {t + i, (uint32_t)(e - i), hash_bytes(t + i, e - i)};
        vec_push(out, l);
        i = e;
    }
}

static bool line_eq(const Line *x, const Line *y)
{
    return x->hash == y->hash && x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

/* Myers' O(ND) difference algorithm in linear space (the "middle snake"
 * bisection, as in diff-match-patch). Marks the lines of a that are deleted
 * and the lines of b that are inserted. `budget` bounds the work: when it
 * runs out, what is left is marked as replaced, which is still a correct
 * diff, only not the shortest. */
typedef struct Differ {
    const Line *a, *b;
    bool *del, *ins;
    long budget;
} Differ;

static bool bisect(Differ *d, long a0, long n, long b0, long m, long *sx, long *sy)
{
    long max_d = (n + m + 1) / 2, off = max_d, vlen = 2 * max_d + 2;
    long *v1 = mem_alloc((size_t)vlen * sizeof *v1), *v2 = mem_alloc((size_t)vlen * sizeof *v2);
    for (long i = 0; i < vlen; i++)
        v1[i] = v2[i] = -1;
    v1[off + 1] = v2[off + 1] = 0;
    long delta = n - m;
    bool front = delta % 2 != 0, found = false;
    long k1start = 0, k1end = 0, k2start = 0, k2end = 0;
    for (long dd = 0; dd < max_d && !found; dd++) {
        d->budget -= 2 * dd + 1;
        if (d->budget < 0)
            break;
        for (long k1 = -dd + k1start; k1 <= dd - k1end && !found; k1 += 2) {
            long k1o = off + k1;
            long x1 = (k1 == -dd || (k1 != dd && v1[k1o - 1] < v1[k1o + 1])) ? v1[k1o + 1] : v1[k1o - 1] + 1;
            long y1 = x1 - k1;
            while (x1 < n && y1 < m && line_eq(&d->a[a0 + x1], &d->b[b0 + y1]))
                x1++, y1++;
            v1[k1o] = x1;
            if (x1 > n) {
                k1end += 2;
            } else if (y1 > m) {
                k1start += 2;
            } else if (front) {
                long k2o = off + delta - k1;
                if (k2o >= 0 && k2o < vlen && v2[k2o] != -1 && x1 >= n - v2[k2o]) {
                    *sx = x1;
                    *sy = y1;
                    found = true;
                }
            }
        }
        for (long k2 = -dd + k2start; k2 <= dd - k2end && !found; k2 += 2) {
            long k2o = off + k2;
            long x2 = (k2 == -dd || (k2 != dd && v2[k2o - 1] < v2[k2o + 1])) ? v2[k2o + 1] : v2[k2o - 1] + 1;
            long y2 = x2 - k2;
            while (x2 < n && y2 < m && line_eq(&d->a[a0 + n - x2 - 1], &d->b[b0 + m - y2 - 1]))
                x2++, y2++;
            v2[k2o] = x2;
            if (x2 > n) {
                k2end += 2;
            } else if (y2 > m) {
                k2start += 2;
            } else if (!front) {
                long k1o = off + delta - k2;
                if (k1o >= 0 && k1o < vlen && v1[k1o] != -1) {
                    long x1 = v1[k1o], y1 = off + x1 - k1o;
                    if (x1 >= n - x2) {
                        *sx = x1;
                        *sy = y1;
                        found = true;
                    }
                }
            }
        }
    }
    mem_free(v1);
    mem_free(v2);
    return found;
}

static void diff_range(Differ *d, long a0, long a1, long b0, long b1)
{
    while (a0 < a1 && b0 < b1 && line_eq(&d->a[a0], &d->b[b0]))
        a0++, b0++;
    while (a0 < a1 && b0 < b1 && line_eq(&d->a[a1 - 1], &d->b[b1 - 1]))
        a1--, b1--;
    long x = 0, y = 0;
    if (a0 < a1 && b0 < b1 && d->budget > 0 && bisect(d, a0, a1 - a0, b0, b1 - b0, &x, &y) &&
        !(x == 0 && y == 0) && !(x == a1 - a0 && y == b1 - b0)) {
        diff_range(d, a0, a0 + x, b0, b0 + y);
        diff_range(d, a0 + x, a1, b0 + y, b1);
        return;
    }
    for (long i = a0; i < a1; i++)
        d->del[i] = true;
    for (long j = b0; j < b1; j++)
        d->ins[j] = true;
}

static void diff_line(Buf *out, char mark, const Line *l)
{
    buf_putc(out, mark);
    buf_put(out, l->s, l->len);
    if (!l->len || l->s[l->len - 1] != '\n')
        buf_puts(out, "\n\\ No newline at end of file\n");
}

static void hunk_range(Buf *out, long start0, long count)
{
    buf_printf(out, "%ld", count ? start0 + 1 : start0);
    if (count != 1)
        buf_printf(out, ",%ld", count);
}

#define DIFF_CONTEXT 3

/* Appends a unified diff (3 lines of context, GNU diff's format) from a to
 * b, under headers that name the file; nothing when they are equal. */
static void unified_diff(Buf *out, const char *name, const char *a, size_t an, const char *b, size_t bn)
{
    LineVec la = {0}, lb = {0};
    split_lines(a, an, &la);
    split_lines(b, bn, &lb);
    Differ d = {la.items, lb.items, mem_zalloc(la.len + 1), mem_zalloc(lb.len + 1), 20000000};
    diff_range(&d, 0, (long)la.len, 0, (long)lb.len);

    /* The edit script: ' ' both, '-' a only, '+' b only; deletions first. */
    typedef struct Op {
        char op;
        uint32_t ai, bi;  /* lines consumed from a and b before this op */
    } Op;
    VEC(Op) ops = {0};
    size_t i = 0, j = 0;
    while (i < la.len || j < lb.len) {
        Op o = {' ', (uint32_t)i, (uint32_t)j};
        if (i < la.len && d.del[i]) {
            o.op = '-';
            i++;
        } else if (j < lb.len && d.ins[j]) {
            o.op = '+';
            j++;
        } else {
            i++;
            j++;
        }
        vec_push(&ops, o);
    }
    Op end = {' ', (uint32_t)i, (uint32_t)j};
    vec_push(&ops, end);  /* sentinel: the totals */
    size_t nops = ops.len - 1, k = 0;
    bool header = false;
    while (k < nops) {
        size_t c = k;
        while (c < nops && ops.items[c].op == ' ')
            c++;
        if (c == nops)
            break;
        size_t start = c > k + DIFF_CONTEXT ? c - DIFF_CONTEXT : k;
        size_t e = c;
        for (;;) {
            while (e < nops && ops.items[e].op != ' ')
                e++;
            size_t next = e;
            while (next < nops && ops.items[next].op == ' ')
                next++;
            if (next < nops && next - e <= 2 * DIFF_CONTEXT) {
                e = next;
                continue;
            }
            e = e + DIFF_CONTEXT < nops ? e + DIFF_CONTEXT : nops;
            break;
        }
        if (!header) {
            buf_printf(out, "--- %s\t(original)\n+++ %s\t(formatted)\n", name, name);
            header = true;
        }
        long a_start = ops.items[start].ai, b_start = ops.items[start].bi;
        buf_puts(out, "@@ -");
        hunk_range(out, a_start, (long)ops.items[e].ai - a_start);
        buf_puts(out, " +");
        hunk_range(out, b_start, (long)ops.items[e].bi - b_start);
        buf_puts(out, " @@\n");
        for (size_t q = start; q < e; q++) {
            const Op *o = &ops.items[q];
            if (o->op == '+')
                diff_line(out, '+', &lb.items[o->bi]);
            else
                diff_line(out, o->op, &la.items[o->ai]);
        }
        k = e;
    }
    vec_free(&ops);
    mem_free(d.del);
    mem_free(d.ins);
    vec_free(&la);
    vec_free(&lb);
}

/* ---- writing in place ---- */

/* The temporary file being written, for the clean-up hooks: they run on
 * out-of-memory and on signals, so they may neither allocate nor take locks. */
static char tmp_path[PATH_MAX + 32];
static volatile sig_atomic_t tmp_active;

static void remove_tmp(void)
{
    if (tmp_active) {
        unlink(tmp_path);
        tmp_active = 0;
    }
}

static void on_signal(int sig)
{
    remove_tmp();
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void install_cleanup(bool on)
{
    static bool hooked;
    if (on && !hooked) {
        mem_on_oom(remove_tmp);
        hooked = true;
    }
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        signal(cleanup_signals[i], on ? on_signal : SIG_DFL);
}

/* WOZO_FAIL_WRITE (see the top of this file). */
static struct {
    long nth_write;  /* 0: never */
    long writes;     /* writes to temporary files so far */
    const char *step;
} fail_hook;

static void read_fail_hook(void)
{
    const char *s = getenv("WOZO_FAIL_WRITE");
    if (!s || !*s)
        return;
    char *end;
    long n = strtol(s, &end, 10);
    if (*end == '\0' && n > 0)
        fail_hook.nth_write = n;
    else
        fail_hook.step = s;
}

static bool hook_fails(const char *step)
{
    if (fail_hook.step && strcmp(fail_hook.step, step) == 0) {
        errno = EIO;
        return true;
    }
    return false;
}

static bool write_all(int fd, const char *s, size_t n)
{
    if (fail_hook.step && strcmp(fail_hook.step, "oom") == 0)
        mem_oom();
    if (fail_hook.step && strcmp(fail_hook.step, "signal") == 0)
        raise(SIGTERM);
    while (n) {
        size_t chunk = n < 65536 ? n : 65536;
        if (fail_hook.nth_write && ++fail_hook.writes == fail_hook.nth_write) {
            errno = ENOSPC;
            return false;
        }
        ssize_t w = write(fd, s, chunk);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        if (w == 0) {
            errno = ENOSPC;
            return false;
        }
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* Whether two stats describe the same unchanged file. */
static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void write_error(const char *path, const char *what)
{
    fprintf(stderr, "wozorules fmt: error: cannot write %s: %s; the file is unchanged\n", path, what);
}

/* Replaces the file `path` (as read, described by `before`) with text.
 * Returns false after printing why; the file is then untouched and no
 * temporary file is left. */
static bool write_in_place(const char *path, const struct stat *before, const Buf *text)
{
    /* A symbolic link is written through: the file it names is replaced. */
    char *target = NULL;
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        target = realpath(path, NULL);
        if (!target) {
            write_error(path, strerror(errno));
            return false;
        }
    }
    const char *file = target ? target : path;
    bool ok = false;
    struct stat st;
    int fd = -1;
    char *dir = NULL;
    if (stat(file, &st) != 0) {
        write_error(path, strerror(errno));
        goto out;
    }
    if (!same_file(&st, before)) {
        write_error(path, "it changed while it was being formatted");
        goto out;
    }
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(file, W_OK) != 0) {
        write_error(path, "it is read-only");
        goto out;
    }
    if (st.st_nlink > 1) {
        write_error(path, "it has other hard links, which would keep the old text");
        goto out;
    }
    const char *slash = strrchr(file, '/');
    dir = slash ? mem_strndup(file, (size_t)(slash - file) + (slash == file)) : mem_strdup(".");
    const char *base = slash ? slash + 1 : file;
    int len = snprintf(tmp_path, sizeof tmp_path, "%s/.%s.fmt-XXXXXX", dir, base);
    if (len < 0 || (size_t)len >= sizeof tmp_path) {
        write_error(path, "its name is too long");
        goto out;
    }
    /* Signals are held while the name is not yet registered for removal. */
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    fd = mkstemp(tmp_path);
    if (fd >= 0)
        tmp_active = 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        write_error(path, strerror(errno));
        goto out;
    }
    /* The owner and group are kept when we may set them (root, or a group we
     * are in); a file we could not give back to its owner is still the
     * owner's to read, since the mode is kept. */
    if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0)
        errno = 0;
    if (fchmod(fd, st.st_mode & 07777) != 0 || !write_all(fd, buf_str(text), text->len) ||
        hook_fails("fsync") || fsync(fd) != 0) {
        write_error(path, strerror(errno));
        goto out;
    }
    int rc = hook_fails("close") ? -1 : close(fd);
    fd = -1;
    if (rc != 0) {
        write_error(path, strerror(errno));
        goto out;
    }
    /* Last look before the switch: an editor may have saved meanwhile. */
    struct stat now;
    if (stat(file, &now) != 0 || !same_file(&now, before)) {
        write_error(path, "it changed while it was being formatted");
        goto out;
    }
    if (hook_fails("rename") || rename(tmp_path, file) != 0) {
        write_error(path, strerror(errno));
        goto out;
    }
    tmp_active = 0;
    ok = true;
    /* Make the rename itself durable; a folder that cannot be synced (some
     * file systems) leaves the new text in place all the same. */
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        if (fsync(dfd) != 0)
            errno = 0;
        close(dfd);
    }
out:
    if (fd >= 0)
        close(fd);
    remove_tmp();
    mem_free(dir);
    free(target);
    return ok;
}

/* ---- one file ---- */

enum Mode { MODE_PRINT, MODE_CHECK, MODE_DIFF, MODE_WRITE };

/* WOZO_FAIL_FMT=meaning|stable spoils the formatted text before it is
 * verified, so that the tests can see the internal-error path refuse it.
 * Never set outside tests. */
static void spoil_for_tests(Buf *out)
{
    const char *s = getenv("WOZO_FAIL_FMT");
    if (!s)
        return;
    if (strcmp(s, "meaning") == 0)
        buf_puts(out, "as_of 2000-01-01\n");
    else if (strcmp(s, "stable") == 0)
        buf_puts(out, "\n\n");
}

static int worse(int a, int b) { return a > b ? a : b; }

/* Formats one file (or standard input for "-") in the given mode; returns
 * its exit status. Diagnostics are queued for the caller to print. */
static int fmt_one(const char *path, enum Mode mode, Buf *report)
{
    bool is_stdin = strcmp(path, "-") == 0;
    struct stat before;
    if (!is_stdin && stat(path, &before) != 0)
        memset(&before, 0, sizeof before);
    uint32_t id = is_stdin ? load_stdin() : source_load(path);
    if (!id)
        return EXIT_INVALID;
    const Source *src = source_get(id);
    Arena arena;
    arena_init(&arena, 64 * 1024);
    ParsedFile pf;
    int rc = EXIT_OK;
    Buf out = BUF_INIT;
    if (!parse_source(id, &arena, &pf)) {
        rc = EXIT_INVALID;
        goto done;
    }
    fmt_file(&pf, &out);
    spoil_for_tests(&out);
    bool same = out.len == src->len && memcmp(buf_str(&out), src->text, out.len) == 0;
    /* A file already in canonical form needs no verification: the output is
     * the input, which parsed to this very tree, and formatting it again
     * gives it again. The common case in CI (fmt --check) costs one parse. */
    FmtCheck check = same ? FMT_CHECK_OK : fmt_verify(&pf, out.data ? out.data : "", out.len);
    if (check != FMT_CHECK_OK) {
        cli_flush_stdout();
        fprintf(stderr, "wozorules fmt: internal error: %s: %s; %s\n", src->path, fmt_check_text(check),
                mode == MODE_WRITE ? "the file is left as it is" : "nothing is printed for it");
        rc = EXIT_INTERNAL;
        goto done;
    }
    switch (mode) {
    case MODE_PRINT:
        cli_write_stdout(buf_str(&out), out.len);
        break;
    case MODE_CHECK:
        if (!same) {
            buf_printf(report, "%s\n", src->path);
            rc = EXIT_FINDINGS;
        }
        break;
    case MODE_DIFF:
        if (!same) {
            unified_diff(report, src->path, src->text, src->len, buf_str(&out), out.len);
            rc = EXIT_FINDINGS;
        }
        break;
    case MODE_WRITE:
        if (!same && !write_in_place(path, &before, &out))
            rc = EXIT_INTERNAL;
        break;
    }
done:
    buf_free(&out);
    arena_free(&arena);
    return rc;
}

int cmd_fmt(int argc, char **argv)
{
    OptParser op;
    cli_opt_init(&op, argc, argv, specs, sizeof specs / sizeof specs[0], "fmt", usage, help);
    CliArgs ca = {0};
    LoadPaths files = {0};
    bool check = false, diff = false, write = false;
    int rc = EXIT_OK;
    const OptSpec *o;
    const char *val;
    while ((o = cli_next_option(&op, &ca, &val)) != NULL) {
        if (!strcmp(o->name, "check"))
            check = true;
        else if (!strcmp(o->name, "diff"))
            diff = true;
        else if (!strcmp(o->name, "write"))
            write = true;
    }
    if (op.status != OPT_END) {
        rc = op.status == OPT_HELP ? EXIT_OK : EXIT_INVALID;
        goto out;
    }
    if (write && (check || diff)) {
        rc = cli_usage_error("fmt", usage, "--write cannot be combined with --check or --diff");
        goto out;
    }
    enum Mode mode = write ? MODE_WRITE : diff ? MODE_DIFF : check ? MODE_CHECK : MODE_PRINT;
    if (!ca.args.len)
        vec_push(&ca.args, "-");
    size_t dashes = 0;
    for (size_t i = 0; i < ca.args.len; i++)
        dashes += strcmp(ca.args.items[i], "-") == 0;
    if (dashes > 1) {
        rc = cli_usage_error("fmt", usage, "standard input ('-') can be named only once");
        goto out;
    }
    if (dashes && write) {
        rc = cli_usage_error("fmt", usage, "--write needs files; standard input is formatted to standard output");
        goto out;
    }
    if (!collect(ca.args.items, ca.args.len, &files))
        rc = EXIT_INVALID;

    /* A file named twice (also as a link to it) is formatted once. */
    VEC(struct stat) seen = {0};
    read_fail_hook();
    if (write)
        install_cleanup(true);
    Buf report = BUF_INIT;
    for (size_t i = 0; i < files.len; i++) {
        struct stat st;
        bool repeat = false;
        if (strcmp(files.items[i], "-") != 0 && stat(files.items[i], &st) == 0) {
            for (size_t j = 0; j < seen.len && !repeat; j++)
                repeat = seen.items[j].st_dev == st.st_dev && seen.items[j].st_ino == st.st_ino;
            if (!repeat)
                vec_push(&seen, st);
        }
        if (!repeat)
            rc = worse(rc, fmt_one(files.items[i], mode, &report));
        /* Listings and diffs go out file by file, so that a long run shows
         * progress and a pipe sees them early. */
        cli_write_stdout(buf_str(&report), report.len);
        buf_clear(&report);
    }
    if (write)
        install_cleanup(false);
    buf_free(&report);
    vec_free(&seen);
    cli_print_diags(ca.color);
out:
    for (size_t i = 0; i < files.len; i++)
        mem_free(files.items[i]);
    vec_free(&files);
    cli_args_free(&ca);
    return rc;
}
