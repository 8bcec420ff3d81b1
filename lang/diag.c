#include "diag.h"
#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "../base/vec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Where a message points: a byte span in a rule file, or a line and column
 * in a data file. */
typedef struct DLoc {
    uint32_t file;
    bool lc;          /* line/col given directly (data files) */
    uint32_t off, len;
    uint32_t line, col, width;
} DLoc;

typedef struct DNote {
    DLoc loc;         /* file 0: a note without a position */
    char *msg;
} DNote;

struct Diag {
    DiagCode code;
    uint32_t seq;     /* order of reporting, the last sort key */
    DLoc loc;
    char *path;       /* for messages about a file without text */
    char *msg;
    char *hint;
    VEC(DLoc) marks;
    VEC(DNote) notes;
};

static const struct {
    const char *name;
    DiagSeverity sev;
    const char *summary;
} code_info[] = {
#define X(code, sev, text) {#code, DIAG_##sev, text},
#include "diag_codes.def"
#undef X
};

static VEC(Diag *) queue;
static size_t n_errors, n_warnings, n_dropped;

/* The state at a checkpoint. The counters cannot be recomputed from the
 * queue: errors past the limit are counted (and n_dropped with them)
 * without being queued. */
typedef struct DiagMark {
    size_t queued, errors, warnings, dropped;
} DiagMark;
/* Checkpoints, oldest first; a checkpoint is its index. */
static VEC(DiagMark) checkpoints;
static size_t limit = DIAG_DEFAULT_LIMIT;
static bool warnings_on = true;

DiagSeverity diag_code_severity(DiagCode c) { return code_info[c].sev; }
const char *diag_code_name(DiagCode c) { return code_info[c].name; }
const char *diag_code_summary(DiagCode c) { return code_info[c].summary; }
size_t diag_errors(void) { return n_errors; }
size_t diag_warnings(void) { return n_warnings; }
bool diag_limit_reached(void) { return n_errors >= limit; }
void diag_set_limit(size_t max) { limit = max ? max : DIAG_DEFAULT_LIMIT; }
void diag_set_warnings(bool on) { warnings_on = on; }

static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *vformat(const char *fmt, va_list ap)
{
    Buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    return buf_take(&b);
}

/* Resolves a location to line, column and width in characters. */
static void resolve(const DLoc *l, uint32_t *line, uint32_t *col, uint32_t *width)
{
    if (l->lc) {
        *line = l->line;
        *col = l->col;
        *width = l->width;
        return;
    }
    source_linecol(l->file, l->off, line, col);
    *width = 0;
    const Source *s = source_get(l->file);
    if (s && s->text) {
        uint32_t end = l->off + l->len;
        if (end > s->len)
            end = (uint32_t)s->len;
        /* Count characters up to the end of the span or of the line. */
        size_t n = 0;
        for (uint32_t i = l->off; i < end; ) {
            if (s->text[i] == '\n' || s->text[i] == '\r')
                break;
            uint32_t cp;
            size_t k = (unsigned char)s->text[i] < 0x80 ? 1 : utf8_decode(s->text + i, end - i, &cp);
            i += (uint32_t)(k ? k : 1);
            n++;
        }
        *width = (uint32_t)n;
    }
}

static bool same_place(const DLoc *a, const DLoc *b)
{
    if (a->file != b->file || a->lc != b->lc)
        return false;
    return a->lc ? a->line == b->line && a->col == b->col : a->off == b->off;
}

static Diag *push(DiagCode code, DLoc loc, const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static Diag *push(DiagCode code, DLoc loc, const char *path, const char *fmt, va_list ap)
{
    DiagSeverity sev = code_info[code].sev;
    if (sev == DIAG_WARNING && !warnings_on)
        return NULL;
    if (sev == DIAG_ERROR)
        n_errors++;
    else
        n_warnings++;
    if ((sev == DIAG_ERROR && n_errors > limit) || queue.len >= 4 * limit) {
        n_dropped++;
        return NULL;
    }
    /* A repeat is the same message with the same code at the same place;
     * different messages at one place (two missing fields of one thing) are
     * all kept. */
    char *msg = vformat(fmt, ap);
    for (size_t i = 0; i < queue.len; i++) {
        Diag *o = queue.items[i];
        if (o->code == code && same_place(&o->loc, &loc) && strcmp(o->msg, msg) == 0 &&
            ((!o->path && !path) || (o->path && path && strcmp(o->path, path) == 0))) {
            if (sev == DIAG_ERROR)
                n_errors--;
            else
                n_warnings--;
            mem_free(msg);
            return NULL;
        }
    }
    Diag *d = mem_zalloc(sizeof *d);
    d->code = code;
    d->seq = (uint32_t)queue.len;
    d->loc = loc;
    d->path = path ? mem_strdup(path) : NULL;
    d->msg = msg;
    vec_push(&queue, d);
    return d;
}

Diag *diag_report(DiagCode code, Span span, const char *fmt, ...)
{
    DLoc loc = {.file = span.file, .off = span.off, .len = span.len};
    va_list ap;
    va_start(ap, fmt);
    Diag *d = push(code, loc, NULL, fmt, ap);
    va_end(ap);
    return d;
}

Diag *diag_report_lc(DiagCode code, uint32_t file, uint32_t line, uint32_t col, uint32_t width,
                     const char *fmt, ...)
{
    DLoc loc = {.file = file, .lc = true, .line = line, .col = col, .width = width};
    va_list ap;
    va_start(ap, fmt);
    Diag *d = push(code, loc, NULL, fmt, ap);
    va_end(ap);
    return d;
}

Diag *diag_report_path(DiagCode code, const char *path, const char *fmt, ...)
{
    DLoc loc = {0};
    va_list ap;
    va_start(ap, fmt);
    Diag *d = push(code, loc, path ? path : "", fmt, ap);
    va_end(ap);
    return d;
}

void diag_hint(Diag *d, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    mem_free(d->hint);
    d->hint = vformat(fmt, ap);
    va_end(ap);
}

void diag_note(Diag *d, Span span, const char *fmt, ...)
{
    if (!d)
        return;
    DNote n = {.loc = {.file = span.file, .off = span.off, .len = span.len}};
    va_list ap;
    va_start(ap, fmt);
    n.msg = vformat(fmt, ap);
    va_end(ap);
    vec_push(&d->notes, n);
}

void diag_note_lc(Diag *d, uint32_t file, uint32_t line, uint32_t col, uint32_t width,
                  const char *fmt, ...)
{
    if (!d)
        return;
    DNote n = {.loc = {.file = file, .lc = true, .line = line, .col = col, .width = width}};
    va_list ap;
    va_start(ap, fmt);
    n.msg = vformat(fmt, ap);
    va_end(ap);
    vec_push(&d->notes, n);
}

void diag_mark(Diag *d, Span span)
{
    if (!d)
        return;
    DLoc l = {.file = span.file, .off = span.off, .len = span.len};
    vec_push(&d->marks, l);
}

bool diag_error_at(uint32_t file, uint32_t off)
{
    for (size_t i = 0; i < queue.len; i++) {
        const Diag *d = queue.items[i];
        if (!d->path && !d->loc.lc && d->loc.file == file && d->loc.off == off &&
            code_info[d->code].sev == DIAG_ERROR)
            return true;
    }
    return false;
}

size_t diag_checkpoint(void)
{
    DiagMark m = {queue.len, n_errors, n_warnings, n_dropped};
    /* Nothing was said since the newest checkpoint: it serves again, so a
     * caller that takes one per file and rarely rolls back keeps only
     * one per file that had messages. */
    if (checkpoints.len) {
        const DiagMark *last = &checkpoints.items[checkpoints.len - 1];
        if (last->queued == m.queued && last->errors == m.errors && last->warnings == m.warnings &&
            last->dropped == m.dropped)
            return checkpoints.len - 1;
    }
    vec_push(&checkpoints, m);
    return checkpoints.len - 1;
}

static void free_diag(Diag *d);

void diag_rollback(size_t checkpoint)
{
    if (checkpoint >= checkpoints.len)
        return;  /* undone by an earlier rollback or diag_clear() */
    DiagMark m = checkpoints.items[checkpoint];
    while (queue.len > m.queued)
        free_diag(queue.items[--queue.len]);
    n_errors = m.errors;
    n_warnings = m.warnings;
    n_dropped = m.dropped;
    checkpoints.len = checkpoint + 1;  /* later checkpoints are gone */
}

size_t diag_count_code(DiagCode code)
{
    size_t n = 0;
    for (size_t i = 0; i < queue.len; i++)
        n += queue.items[i]->code == code;
    return n;
}

/* ---- rendering ---- */

typedef struct Style {
    const char *bold, *err, *warn, *note, *mark, *gutter, *reset;
} Style;

static const Style plain = {"", "", "", "", "", "", ""};
static const Style ansi = {"\033[1m", "\033[1;31m", "\033[1;35m", "\033[1;36m",
                           "\033[1;32m", "\033[1;34m", "\033[0m"};

/* Appends a source line with every character that could upset a terminal or
 * hide what the text says (controls, invalid bytes, bidirectional controls)
 * replaced by U+FFFD; each replacement occupies one column, as the column
 * numbers count it. */
static void put_clean_line(Buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
            buf_putc(b, (char)c);
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t k = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
        if (c < 0x80 || !k || (cp >= 0x80 && cp < 0xA0) || utf8_is_bidi_control(cp) ||
            cp == 0x2028 || cp == 0x2029) {
            buf_puts(b, "\xEF\xBF\xBD");
            i += k ? k : 1;
        } else {
            buf_put(b, s + i, k);
            i += k;
        }
    }
}

/* Appends a message, hint or note the same way: a name or text quoted in
 * it comes from the input, which the lexer refuses when it holds controls,
 * but it may be echoed before that, or come from a data file. */
static void put_clean_text(Buf *b, const char *s)
{
    put_clean_line(b, s, strlen(s));
}

static int digits(uint32_t n)
{
    int d = 1;
    while (n >= 10)
        n /= 10, d++;
    return d;
}

typedef struct Mark {
    uint32_t col, width;
    char ch;  /* '^' main, '~' related */
} Mark;

/* Source lines longer than SNIPPET_MAX_COLS characters are shown as a
 * window of that many characters around the first mark, cut with "...": a
 * generated or minified file would otherwise print megabytes for one
 * message. SNIPPET_BEFORE characters before the mark stay in view. */
#define SNIPPET_MAX_COLS 160
#define SNIPPET_BEFORE 40

/* Bytes of the character at s[0..n): 1 for ASCII and for a malformed byte. */
static size_t char_bytes(const char *s, size_t n)
{
    uint32_t cp;
    size_t k = (unsigned char)s[0] < 0x80 ? 1 : utf8_decode(s, n, &cp);
    return k ? k : 1;
}

/* Prints the line `line` of file with the marks under it. marks[0] is the
 * one kept in view when the line is cut. */
static void put_snippet(Buf *b, const Style *st, uint32_t file, uint32_t line, const Mark *marks,
                        size_t nmarks, int gw)
{
    const char *text;
    size_t len;
    if (!source_line(file, line, &text, &len))
        return;
    /* The columns shown: [c0, c1). */
    uint32_t nchars = (uint32_t)utf8_count(text, len);
    uint32_t c0 = 1, c1 = nchars + 1;
    if (nchars > SNIPPET_MAX_COLS) {
        uint32_t anchor = nmarks ? marks[0].col : 1;
        c0 = anchor > SNIPPET_BEFORE ? anchor - SNIPPET_BEFORE : 1;
        if (c0 + SNIPPET_MAX_COLS > nchars + 1)
            c0 = nchars + 1 - SNIPPET_MAX_COLS;
        c1 = c0 + SNIPPET_MAX_COLS;
    }
    size_t b0 = source_col_to_byte(text, len, c0), b1 = source_col_to_byte(text, len, c1);
    bool cut_left = c0 > 1, cut_right = c1 <= nchars;
    buf_printf(b, "%s%*u |%s %s", st->gutter, gw, line, st->reset, cut_left ? "..." : "");
    put_clean_line(b, text + b0, b1 - b0);
    buf_printf(b, "%s\n", cut_right ? "..." : "");
    if (!nmarks)
        return;  /* a line whose column is unknown: no mark line */
    /* Build the marker line column by column; tabs in the source prefix are
     * repeated so that the marks line up on a terminal. */
    uint32_t last = 0;
    for (size_t i = 0; i < nmarks; i++) {
        uint32_t w = marks[i].width ? marks[i].width : 1;
        if (marks[i].col + w > last)
            last = marks[i].col + w;
    }
    /* At most one column past the window: the end of a line, or the first
     * '.' of the cut. */
    if (last > c1 + 1)
        last = c1 + 1;
    char *row = mem_zalloc(last + 1);
    for (size_t i = 0; i < nmarks; i++) {
        uint32_t w = marks[i].width ? marks[i].width : 1;
        for (uint32_t c = marks[i].col; c < marks[i].col + w && c < last; c++)
            if (!row[c] || marks[i].ch == '^')
                row[c] = (c == marks[i].col && marks[i].ch == '^') ? '^' : (row[c] == '^' ? '^' : '~');
    }
    buf_printf(b, "%s%*s |%s %s%s", st->gutter, gw, "", st->reset, cut_left ? "   " : "", st->mark);
    size_t bi = b0;
    for (uint32_t c = c0; c < last; c++) {
        char ch = row[c];
        if (!ch) {
            bool tab = bi < len && text[bi] == '\t';
            buf_putc(b, tab ? '\t' : ' ');
        } else {
            buf_putc(b, ch);
        }
        bi += bi < len ? char_bytes(text + bi, len - bi) : 1;
    }
    /* Drop trailing blanks of the marker line. */
    while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t'))
        b->len--;
    b->data[b->len] = '\0';
    buf_printf(b, "%s\n", st->reset);
    mem_free(row);
}

static const char *display_path(uint32_t file)
{
    const Source *s = source_get(file);
    return s ? s->path : "?";
}

/* "path:line:col: ", or "path:line: " when the column is unknown (0), as
 * compilers print it. */
static void put_place(Buf *b, const Style *st, uint32_t file, uint32_t line, uint32_t col)
{
    buf_puts(b, st->bold);
    buf_put_place(b, display_path(file), line, col);
    buf_printf(b, ":%s ", st->reset);
}

static void render_one(Buf *b, const Diag *d, const Style *st)
{
    DiagSeverity sev = code_info[d->code].sev;
    const char *word = sev == DIAG_ERROR ? "error" : "warning";
    const char *color = sev == DIAG_ERROR ? st->err : st->warn;
    uint32_t line = 0, col = 0, width = 0;
    if (d->path) {
        if (*d->path)
            buf_printf(b, "%s%s:%s ", st->bold, d->path, st->reset);
        else
            buf_printf(b, "%swozorules:%s ", st->bold, st->reset);
    } else {
        resolve(&d->loc, &line, &col, &width);
        put_place(b, st, d->loc.file, line, col);
    }
    buf_printf(b, "%s%s[%s]:%s %s", color, word, code_info[d->code].name, st->reset, st->bold);
    put_clean_text(b, d->msg);
    buf_printf(b, "%s\n", st->reset);

    int gw = 1;
    if (!d->path) {
        gw = digits(line);
        for (size_t i = 0; i < d->notes.len; i++) {
            uint32_t l, c, w;
            if (!d->notes.items[i].loc.file)
                continue;
            resolve(&d->notes.items[i].loc, &l, &c, &w);
            if ((c || w) && digits(l) > gw)  /* a note shown without its line */
                gw = digits(l);
        }
        VEC(Mark) marks = {0};
        Mark m = {col, width, '^'};
        if (col)
            vec_push(&marks, m);
        VEC(DLoc) elsewhere = {0};
        for (size_t i = 0; i < d->marks.len; i++) {
            uint32_t l, c, w;
            resolve(&d->marks.items[i], &l, &c, &w);
            if (d->marks.items[i].file == d->loc.file && l == line && col) {
                Mark r = {c, w, '~'};
                vec_push(&marks, r);
            } else {
                vec_push(&elsewhere, d->marks.items[i]);
            }
        }
        if (col || width)
            put_snippet(b, st, d->loc.file, line, marks.items, marks.len, gw);
        for (size_t i = 0; i < elsewhere.len; i++) {
            uint32_t l, c, w;
            resolve(&elsewhere.items[i], &l, &c, &w);
            Mark r = {c, w, '~'};
            if (c || w)
                put_snippet(b, st, elsewhere.items[i].file, l, &r, c != 0, gw);
        }
        vec_free(&marks);
        vec_free(&elsewhere);
    }
    if (d->hint) {
        buf_printf(b, "%*s %s=%s %shint:%s ", gw, "", st->gutter, st->reset, st->bold, st->reset);
        put_clean_text(b, d->hint);
        buf_putc(b, '\n');
    }
    for (size_t i = 0; i < d->notes.len; i++) {
        const DNote *n = &d->notes.items[i];
        if (!n->loc.file) {
            buf_printf(b, "%*s %s=%s %snote:%s ", gw, "", st->gutter, st->reset, st->bold,
                       st->reset);
            put_clean_text(b, n->msg);
            buf_putc(b, '\n');
            continue;
        }
        uint32_t l, c, w;
        resolve(&n->loc, &l, &c, &w);
        put_place(b, st, n->loc.file, l, c);
        buf_printf(b, "%snote:%s ", st->note, st->reset);
        put_clean_text(b, n->msg);
        buf_putc(b, '\n');
        Mark r = {c, w, '~'};
        if (c || w)
            put_snippet(b, st, n->loc.file, l, &r, c != 0, gw);
    }
}

/* Sort key: messages about whole files first, by path (folders are listed
 * in whatever order the file system gives), then by file, line, column,
 * then in the order they were reported. */
static int cmp_diag(const void *pa, const void *pb)
{
    const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
    if (!!a->path != !!b->path)
        return a->path ? -1 : 1;
    if (a->path) {
        int c = strcmp(a->path, b->path);
        if (c)
            return c;
    } else {
        if (a->loc.file != b->loc.file)
            return a->loc.file < b->loc.file ? -1 : 1;
        uint32_t la, ca, wa, lb, cb, wb;
        resolve(&a->loc, &la, &ca, &wa);
        resolve(&b->loc, &lb, &cb, &wb);
        if (la != lb)
            return la < lb ? -1 : 1;
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void render_all(Buf *b, bool color)
{
    const Style *st = color ? &ansi : &plain;
    if (queue.len > 1)
        qsort(queue.items, queue.len, sizeof queue.items[0], cmp_diag);
    for (size_t i = 0; i < queue.len; i++)
        render_one(b, queue.items[i], st);
    if (n_errors || n_warnings) {
        buf_printf(b, "%zu error%s, %zu warning%s", n_errors, n_errors == 1 ? "" : "s",
                   n_warnings, n_warnings == 1 ? "" : "s");
        if (n_dropped)
            buf_printf(b, " (%zu not shown: the limit is %zu error%s)", n_dropped, limit,
                       limit == 1 ? "" : "s");
        buf_putc(b, '\n');
    }
}

void diag_render(FILE *out, bool color)
{
    Buf b = BUF_INIT;
    render_all(&b, color);
    fwrite(buf_str(&b), 1, b.len, out);
    buf_free(&b);
}

char *diag_render_string(bool color)
{
    Buf b = BUF_INIT;
    render_all(&b, color);
    return buf_take(&b);
}

static void free_diag(Diag *d)
{
    mem_free(d->path);
    mem_free(d->msg);
    mem_free(d->hint);
    for (size_t j = 0; j < d->notes.len; j++)
        mem_free(d->notes.items[j].msg);
    vec_free(&d->notes);
    vec_free(&d->marks);
    mem_free(d);
}

void diag_clear(void)
{
    for (size_t i = 0; i < queue.len; i++)
        free_diag(queue.items[i]);
    vec_free(&queue);
    vec_free(&checkpoints);
    n_errors = n_warnings = n_dropped = 0;
}
