#include "source.h"
#include "diag.h"
#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "../base/vec.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static VEC(Source *) registry;  /* index id-1 */

static void compute_lines(Source *s)
{
    VEC(uint32_t) starts = {0};
    vec_push(&starts, 0);
    const char *t = s->text;
    if (!memchr(t, '\r', s->len)) {
        /* The common case, LF only: memchr finds line ends fastest. */
        for (const char *p = t; (p = memchr(p, '\n', s->len - (size_t)(p - t))) != NULL; p++)
            vec_push(&starts, (uint32_t)(p - t + 1));
    } else {
        for (size_t i = 0; i < s->len; i++) {
            if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= s->len || t[i + 1] != '\n')))
                vec_push(&starts, (uint32_t)(i + 1));
        }
    }
    s->line_starts = starts.items;
    s->nlines = (uint32_t)starts.len;
    for (size_t i = 0; i < s->len; i++)
        if (t[i] == '\n') {
            s->crlf = i > 0 && t[i - 1] == '\r';
            break;
        }
}

static uint32_t add(const char *path, char *text, size_t len)
{
    Source *s = mem_zalloc(sizeof *s);
    s->path = mem_strdup(path);
    s->text = text;
    s->len = len;
    vec_push(&registry, s);
    s->id = (uint32_t)registry.len;
    if (text)
        compute_lines(s);
    return s->id;
}

uint32_t source_add(const char *path, char *text, size_t len) { return add(path, text, len); }
uint32_t source_add_lazy(const char *path)
{
    uint32_t id = add(path, NULL, 0);
    registry.items[id - 1]->lazy = true;
    return id;
}

const Source *source_get(uint32_t id)
{
    return id >= 1 && id <= registry.len ? registry.items[id - 1] : NULL;
}

/* Checks the bytes of a rule file and registers them. Takes over text. */
static uint32_t check_and_add(const char *path, char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                     ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF))) {
        Diag *d = diag_report_path(DIAG_E004, path, "file is encoded as UTF-16");
        diag_hint(d, "save the file as UTF-8");
        mem_free(text);
        return 0;
    }
    if (nul) {
        /* Register the text so the message can show the line. */
        uint32_t id = add(path, text, len);
        Diag *d = diag_report(DIAG_E005, span_make(id, (uint32_t)(nul - text), 1),
                              "file contains a NUL byte");
        diag_hint(d, "rule files are text; was a binary file saved with a .wozo name?");
        return 0;
    }
    size_t bad;
    if (!utf8_valid(text, len, &bad)) {
        uint32_t id = add(path, text, len);
        Diag *d = diag_report(DIAG_E004, span_make(id, (uint32_t)bad, 1),
                              "invalid UTF-8 byte 0x%02X", (unsigned char)text[bad]);
        diag_hint(d, "save the file as UTF-8");
        return 0;
    }
    uint32_t id = add(path, text, len);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        registry.items[id - 1]->has_bom = true;
    return id;
}

uint32_t source_load_text(const char *path, const char *text, size_t len)
{
    if (len > SOURCE_MAX_BYTES) {
        diag_report_path(DIAG_E003, path, "file is larger than %zu MiB", SOURCE_MAX_BYTES >> 20);
        return 0;
    }
    char *copy = mem_alloc(len + 2);
    memcpy(copy, text, len);
    copy[len] = copy[len + 1] = '\0';
    return check_and_add(path, copy, len);
}

uint32_t source_load(const char *path)
{
    /* O_NONBLOCK so that opening a FIFO does not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        diag_report_path(DIAG_E001, path, "cannot open: %s", strerror(errno));
        return 0;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        diag_report_path(DIAG_E001, path, "cannot read: %s", strerror(errno));
        close(fd);
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_report_path(DIAG_E002, path, "%s, not a regular file",
                         S_ISDIR(st.st_mode) ? "is a directory" :
                         S_ISFIFO(st.st_mode) ? "is a pipe" : "is a device or socket");
        close(fd);
        return 0;
    }
    if ((unsigned long long)st.st_size > SOURCE_MAX_BYTES) {
        diag_report_path(DIAG_E003, path, "file is larger than %zu MiB", SOURCE_MAX_BYTES >> 20);
        close(fd);
        return 0;
    }
    /* One byte more than the file's size, so that the read which finds the
       end has room and the buffer is not doubled just to learn that. The
       buffer grows only when the file grows while we read it (or says it is
       empty and is not, as files in /proc do); reading one byte past the
       limit is how that case finds it too large. */
    size_t cap = st.st_size ? (size_t)st.st_size + 1 : 4096, len = 0;
    char *text = mem_alloc(cap + 2);
    for (;;) {
        if (len == cap) {
            if (cap > SOURCE_MAX_BYTES) {
                diag_report_path(DIAG_E003, path, "file is larger than %zu MiB",
                                 SOURCE_MAX_BYTES >> 20);
                mem_free(text);
                close(fd);
                return 0;
            }
            cap *= 2;
            if (cap > SOURCE_MAX_BYTES + 1)
                cap = SOURCE_MAX_BYTES + 1;
            text = mem_realloc(text, cap + 2);
        }
        ssize_t r = read(fd, text + len, cap - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            diag_report_path(DIAG_E001, path, "cannot read: %s", strerror(errno));
            mem_free(text);
            close(fd);
            return 0;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    text[len] = text[len + 1] = '\0';
    return check_and_add(path, text, len);
}

static bool lazy_linecol(Source *s, uint32_t off, uint32_t *line, uint32_t *col);

void source_linecol(uint32_t id, uint32_t off, uint32_t *line, uint32_t *col)
{
    const Source *s = source_get(id);
    if (s && !s->text && s->marks && lazy_linecol((Source *)s, off, line, col))
        return;
    if (!s || !s->text) {
        *line = *col = 1;
        return;
    }
    if (off > s->len)
        off = (uint32_t)s->len;
    /* Binary search for the last line start <= off. */
    uint32_t lo = 0, hi = s->nlines - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (s->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    *line = lo + 1;
    uint32_t start = s->line_starts[lo];
    if (lo == 0 && s->has_bom && off >= 3)
        start = 3;
    *col = (uint32_t)utf8_count(s->text + start, off - start) + 1;
}

/* ---- large data files: lines read on demand (source.h) ---- */

/* Walks the line breaks of a file as compute_lines() does: LF, CRLF, or a
 * lone CR. feed() takes a byte at file offset `off` and says whether a new
 * line starts at off + 1 (or, after a lone CR, at off). */
typedef struct LineWalk {
    uint32_t line;   /* the line the next byte belongs to, 1-based */
    bool cr;         /* the byte before was a CR */
} LineWalk;

/* Returns 1 when a line starts after byte c, 2 when one started at c (the
 * CR before c ended a line), 0 otherwise; updates w->line. */
static int walk_byte(LineWalk *w, char c)
{
    int r = 0;
    if (w->cr && c != '\n') {
        w->line++;
        r = 2;
    }
    w->cr = c == '\r';
    if (c == '\n') {
        w->line++;
        return 1;
    }
    return r;
}

/* Reads up to n bytes at off; returns the number read (0 at the end or on
 * an error). */
static size_t read_at(int fd, char *buf, size_t n, uint64_t off)
{
    for (;;) {
        ssize_t r = pread(fd, buf, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        return r > 0 ? (size_t)r : 0;
    }
}

/* Scans a large lazy source once: its number of lines and s->marks. */
static bool lazy_scan(Source *s, int fd)
{
    VEC(uint32_t) marks = {0};
    vec_push(&marks, 0);
    LineWalk w = {1, false};
    char buf[1 << 16];
    uint64_t off = 0;
    size_t n;
    while ((n = read_at(fd, buf, sizeof buf, off)) > 0) {
        if (off == 0 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
            s->has_bom = true;
        for (size_t i = 0; i < n; i++) {
            if (!w.cr) {  /* skip to the next line break at memchr's speed */
                const char *lf = memchr(buf + i, '\n', n - i), *cr = memchr(buf + i, '\r', n - i);
                const char *next = !lf ? cr : !cr ? lf : lf < cr ? lf : cr;
                if (!next)
                    break;
                i = (size_t)(next - buf);
            }
            int k = walk_byte(&w, buf[i]);
            if (k && (w.line - 1) % SOURCE_LAZY_STRIDE == 0)
                vec_push(&marks, (uint32_t)(off + i + (k == 1 ? 1 : 0)));
        }
        off += n;
    }
    if (w.cr) {  /* a CR at the very end ends a line */
        w.line++;
        if ((w.line - 1) % SOURCE_LAZY_STRIDE == 0)
            vec_push(&marks, (uint32_t)off);
    }
    s->marks = marks.items;
    s->nlines = w.line;
    s->len = (size_t)off;
    return true;
}

/* Reads line `line` of a large lazy source into s->line. */
static bool lazy_read_line(Source *s, int fd, uint32_t line)
{
    uint32_t k = (line - 1) / SOURCE_LAZY_STRIDE;
    uint64_t off = s->marks[k];
    LineWalk w = {k * SOURCE_LAZY_STRIDE + 1, false};
    Buf b = BUF_INIT;
    char buf[1 << 16];
    size_t n;
    bool done = false;
    while (!done && (n = read_at(fd, buf, sizeof buf, off)) > 0) {
        for (size_t i = 0; i < n; i++) {
            walk_byte(&w, buf[i]);
            if (w.line > line) {
                done = true;
                break;
            }
            if (w.line == line && buf[i] != '\n' && buf[i] != '\r')
                buf_putc(&b, buf[i]);
            if (b.len >= SOURCE_LAZY_LINE_MAX) {  /* the rest is not shown */
                done = true;
                break;
            }
        }
        off += n;
    }
    mem_free(s->line);
    s->line_len = b.len;
    s->line = buf_take(&b);
    s->line_no = line;
    return true;
}

/* source_linecol() for a large lazy source: from the mark before `off`. */
static bool lazy_linecol(Source *s, uint32_t off, uint32_t *line, uint32_t *col)
{
    int fd = open(s->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    uint32_t nmarks = (s->nlines - 1) / SOURCE_LAZY_STRIDE + 1, k = 0;
    while (k + 1 < nmarks && s->marks[k + 1] <= off)
        k++;
    LineWalk w = {k * SOURCE_LAZY_STRIDE + 1, false};
    uint64_t at = s->marks[k];
    uint32_t chars = 0;  /* characters since the line began: bytes that do
                            not continue a UTF-8 sequence */
    char buf[1 << 16];
    size_t n;
    while (at < off && (n = read_at(fd, buf, sizeof buf, at)) > 0) {
        for (size_t i = 0; i < n && at + i < off; i++) {
            int brk = walk_byte(&w, buf[i]);
            if (brk == 1)
                chars = 0;
            else if (brk == 2)
                chars = buf[i] != '\r' && ((unsigned char)buf[i] & 0xC0) != 0x80;
            else if (buf[i] != '\r' && ((unsigned char)buf[i] & 0xC0) != 0x80)
                chars++;
        }
        at += n;
    }
    close(fd);
    *line = w.line;
    *col = chars + 1 - (w.line == 1 && s->has_bom && chars > 0 ? 1 : 0);
    return true;
}

/* Reads a lazy source's file into memory once (for showing lines of data
 * files in messages), or, when it is larger than SOURCE_MAX_BYTES, notes
 * where its lines start. Failure leaves it without text. */
static void load_lazy(Source *s)
{
    if (s->text || s->marks)
        return;
    int fd = open(s->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > ((size_t)1 << 30)) {
        close(fd);
        return;
    }
    if ((size_t)st.st_size > SOURCE_MAX_BYTES) {
        lazy_scan(s, fd);
        close(fd);
        return;
    }
    size_t cap = (size_t)st.st_size, len = 0;
    char *text = mem_alloc(cap + 2);
    while (len < cap) {
        ssize_t r = read(fd, text + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    text[len] = text[len + 1] = '\0';
    s->text = text;
    s->len = len;
    s->has_bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    compute_lines(s);
}

bool source_line(uint32_t id, uint32_t line, const char **start, size_t *len)
{
    Source *s = (Source *)source_get(id);
    if (!s)
        return false;
    if (s->lazy)
        load_lazy(s);
    if (s->marks && !s->text) {
        if (line < 1 || line > s->nlines)
            return false;
        if (s->line_no != line) {
            int fd = open(s->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0)
                return false;
            lazy_read_line(s, fd, line);
            close(fd);
        }
        const char *t = s->line;
        size_t n = s->line_len;
        if (line == 1 && s->has_bom && n >= 3) {
            t += 3;
            n -= 3;
        }
        *start = t;
        *len = n;
        return true;
    }
    if (!s->text || line < 1 || line > s->nlines)
        return false;
    uint32_t b = s->line_starts[line - 1];
    if (line == 1 && s->has_bom)
        b = 3;
    uint32_t e = line < s->nlines ? s->line_starts[line] : (uint32_t)s->len;
    while (e > b && (s->text[e - 1] == '\n' || s->text[e - 1] == '\r'))
        e--;
    *start = s->text + b;
    *len = e - b;
    return true;
}

size_t source_col_to_byte(const char *line, size_t len, uint32_t col)
{
    size_t i = 0;
    for (uint32_t c = 1; c < col && i < len; c++) {
        uint32_t cp;
        size_t k = (unsigned char)line[i] < 0x80 ? 1 : utf8_decode(line + i, len - i, &cp);
        i += k ? k : 1;
    }
    return i;
}

Span span_join(Span a, Span b)
{
    if (!a.file)
        return b;
    if (!b.file)
        return a;
    uint32_t lo = a.off < b.off ? a.off : b.off;
    uint32_t hi = a.off + a.len > b.off + b.len ? a.off + a.len : b.off + b.len;
    return span_make(a.file, lo, hi - lo);
}

void sources_free_all(void)
{
    for (size_t i = 0; i < registry.len; i++) {
        Source *s = registry.items[i];
        mem_free(s->path);
        mem_free(s->text);
        mem_free(s->line_starts);
        mem_free(s->marks);
        mem_free(s->line);
        mem_free(s);
    }
    vec_free(&registry);
}
