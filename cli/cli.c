#include "cli.h"
#include "../lang/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const OptSpec opt_error = {NULL, false, 0};

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
    const char *best = NULL;
    size_t bestd = 4;
    const char *name = arg;
    while (*name == '-')
        name++;
    char base[64];
    snprintf(base, sizeof base, "%.*s", (int)strcspn(name, "="), name);
    for (size_t k = 0; k < p->nspecs; k++) {
        size_t d = diag_edit_distance(base, p->specs[k].name, 3);
        if (d < bestd) {
            bestd = d;
            best = p->specs[k].name;
        }
    }
    fprintf(stderr, "wozorules %s: error: unknown option '%s'", p->cmd, arg);
    if (best)
        fprintf(stderr, " (did you mean '--%s'?)", best);
    fprintf(stderr, "\nusage: %s\n", p->usage);
    return &opt_error;
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
        } else if (p->i < p->argc) {
            *value = p->argv[p->i++];
        } else {
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
    fflush(stdout);
    diag_render(stderr, cli_use_color(mode, stderr));
}

/* Writes the report to a file: a temporary file beside it, then rename, so
 * a reader never sees half a report. Returns false after printing why. */
bool cli_write_file(const char *path, const Buf *b)
{
    Buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.tmp-XXXXXX", path);
    char *name = buf_take(&tmp);
    int fd = mkstemp(name);
    if (fd < 0) {
        fprintf(stderr, "wozorules: error: cannot write %s: %s\n", path, strerror(errno));
        mem_free(name);
        return false;
    }
    /* mkstemp() makes the file private (0600); a report or a page of the
     * doc site is for others to read, so give it what creat() would have:
     * 0666 less the umask. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(buf_str(b), 1, b->len, f) == b->len;
    ok = f && fflush(f) == 0 && ok;
    if (f)
        ok = fclose(f) == 0 && ok;
    else
        close(fd);
    if (ok && rename(name, path) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "wozorules: error: cannot write %s: %s\n", path, strerror(errno));
        unlink(name);
    }
    mem_free(name);
    return ok;
}

