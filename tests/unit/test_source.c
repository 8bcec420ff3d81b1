/*
 * test_source.c - the source registry: what a rule file must be (E001-E005),
 * and how byte offsets become lines and character columns.
 */
/* syscall(), for the read() below. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* This program's read(), which source_load() calls instead of the C
 * library's: while grow_left is not 0, a read that finds the end of the file
 * gets up to grow_left more bytes ('#'), as if the file were being appended
 * to while it is read. */
static size_t grow_left;

ssize_t read(int fd, void *buf, size_t n)
{
    ssize_t r = syscall(SYS_read, fd, buf, n);
    if (r == 0 && grow_left && n) {
        size_t k = n < grow_left ? n : grow_left;
        memset(buf, '#', k);
        grow_left -= k;
        return (ssize_t)k;
    }
    return r;
}

static void linecol(uint32_t id, uint32_t off, uint32_t want_line, uint32_t want_col)
{
    uint32_t line, col;
    source_linecol(id, off, &line, &col);
    if (line != want_line || col != want_col)
        fail_msg("offset %u: got %u:%u, expected %u:%u", off, line, col, want_line, want_col);
}

static void line_is(uint32_t id, uint32_t line, const char *want)
{
    const char *s;
    size_t n;
    assert_true(source_line(id, line, &s, &n));
    if (n != strlen(want) || memcmp(s, want, n) != 0)
        fail_msg("line %u: got '%.*s', expected '%s'", line, (int)n, s, want);
}

static void lf_lines_and_columns(void **state)
{
    (void)state;
    uint32_t id = load_text("a.wozo", "ab\ncd\n\nef");
    assert_int_not_equal(id, 0);
    assert_int_equal(source_get(id)->nlines, 4);
    linecol(id, 0, 1, 1);
    linecol(id, 1, 1, 2);
    linecol(id, 2, 1, 3);  /* the line break itself */
    linecol(id, 3, 2, 1);
    linecol(id, 6, 3, 1);
    linecol(id, 7, 4, 1);
    linecol(id, 9, 4, 3);  /* end of file */
    linecol(id, 999, 4, 3);  /* past the end: clamped */
    line_is(id, 1, "ab");
    line_is(id, 3, "");
    line_is(id, 4, "ef");
    const char *s;
    size_t n;
    assert_false(source_line(id, 5, &s, &n));
    assert_false(source_line(id, 0, &s, &n));
    assert_false(source_get(id)->crlf);
}

static void crlf_and_lone_cr_count_as_one_break(void **state)
{
    (void)state;
    uint32_t id = load_text("crlf.wozo", "ab\r\ncd\r\n\r\nef");
    assert_int_equal(source_get(id)->nlines, 4);
    assert_true(source_get(id)->crlf);
    linecol(id, 4, 2, 1);
    linecol(id, 10, 4, 1);
    line_is(id, 1, "ab");  /* no '\r' in the shown line */
    line_is(id, 3, "");
    uint32_t cr = load_text("cr.wozo", "ab\rcd\r\ref");
    assert_int_equal(source_get(cr)->nlines, 4);
    linecol(cr, 3, 2, 1);
    linecol(cr, 7, 4, 1);
    line_is(cr, 2, "cd");
    /* A mix, as files edited on two systems have. */
    uint32_t mix = load_text("mix.wozo", "a\rb\r\nc\nd");
    assert_int_equal(source_get(mix)->nlines, 4);
    linecol(mix, 7, 4, 1);
}

static void columns_count_characters(void **state)
{
    (void)state;
    /* "één x": x is the 5th character but the 7th byte. */
    uint32_t id = load_text("nl.wozo", "\xC3\xA9\xC3\xA9n x");
    linecol(id, 6, 1, 5);
    /* A tab is one column, like any character. */
    uint32_t tab = load_text("tab.wozo", "\t\tx");
    linecol(tab, 2, 1, 3);
    const char *line = "\xC3\xA9\xC3\xA9n x";
    assert_int_equal(source_col_to_byte(line, 7, 1), 0);
    assert_int_equal(source_col_to_byte(line, 7, 3), 4);
    assert_int_equal(source_col_to_byte(line, 7, 5), 6);
    assert_int_equal(source_col_to_byte(line, 7, 99), 7);
}

static void utf8_bom_is_skipped(void **state)
{
    (void)state;
    uint32_t id = load_text("bom.wozo", "\xEF\xBB\xBFkind x\nscale y");
    assert_true(source_get(id)->has_bom);
    linecol(id, 3, 1, 1);  /* 'k' is column 1 */
    linecol(id, 8, 1, 6);
    line_is(id, 1, "kind x");
    line_is(id, 2, "scale y");
    assert_int_equal(diag_errors(), 0);
}

static void refuses_utf16_nul_and_bad_utf8(void **state)
{
    (void)state;
    assert_int_equal(source_load_text("le.wozo", "\xFF\xFEk\0", 4), 0);
    assert_int_equal(source_load_text("be.wozo", "\xFE\xFF\0k", 4), 0);
    assert_int_equal(source_load_text("nul.wozo", "ab\0cd", 5), 0);
    assert_int_equal(load_text("latin1.wozo", "caf\xE9"), 0);
    assert_int_equal(diag_count_code(DIAG_E004), 3);
    assert_int_equal(diag_count_code(DIAG_E005), 1);
    char *out = rendered();
    assert_contains(out, "le.wozo: error[E004]: file is encoded as UTF-16\n");
    assert_contains(out, "nul.wozo:1:3: error[E005]: file contains a NUL byte\n");
    assert_contains(out, "latin1.wozo:1:4: error[E004]: invalid UTF-8 byte 0xE9\n");
    /* The bad byte is shown as U+FFFD, never raw. */
    assert_contains(out, "1 | caf\xEF\xBF\xBD\n");
    assert_not_contains(out, "caf\xE9");
    mem_free(out);
}

static void size_limit_at_and_past(void **state)
{
    (void)state;
    char *big = mem_alloc(SOURCE_MAX_BYTES + 1);
    memset(big, '#', SOURCE_MAX_BYTES + 1);
    big[0] = '\n';
    assert_int_not_equal(source_load_text("limit.wozo", big, SOURCE_MAX_BYTES), 0);
    assert_int_equal(source_load_text("over.wozo", big, SOURCE_MAX_BYTES + 1), 0);
    mem_free(big);
    assert_int_equal(diag_count_code(DIAG_E003), 1);
    char *out = rendered();
    assert_contains(out, "over.wozo: error[E003]: file is larger than 16 MiB\n");
    mem_free(out);
}

/* A file that grows while it is read is read on, up to the limit, and
 * refused (E003) when it grows past it; a file whose size says 0 but which
 * has content (as in /proc) is read whole. */
static void growing_file_at_and_past_the_limit(void **state)
{
    (void)state;
    char path[] = "/tmp/wozo-test-XXXXXX";
    temp_file(path, "#\n", 2);
    grow_left = SOURCE_MAX_BYTES - 2;
    uint32_t id = source_load(path);
    assert_int_not_equal(id, 0);
    assert_int_equal(source_get(id)->len, SOURCE_MAX_BYTES);
    grow_left = SOURCE_MAX_BYTES - 1;
    assert_int_equal(source_load(path), 0);
    assert_int_equal(grow_left, 0);
    unlink(path);
    assert_int_equal(diag_count_code(DIAG_E003), 1);
    char *out = rendered();
    assert_contains(out, ": error[E003]: file is larger than 16 MiB\n");
    mem_free(out);

    struct stat st;
    assert_int_equal(stat("/proc/self/smaps", &st), 0);
    assert_int_equal(st.st_size, 0);
    id = source_load("/proc/self/smaps");  /* several KiB: the buffer grows */
    assert_int_not_equal(id, 0);
    assert_true(source_get(id)->len > 4096);
}

static void refuses_what_is_not_a_regular_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/wozo-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64], missing[64];
    snprintf(fifo, sizeof fifo, "%s/pipe.wozo", dir);
    snprintf(missing, sizeof missing, "%s/missing.wozo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* Opening the FIFO must not wait for a writer. */
    assert_int_equal(source_load(fifo), 0);
    assert_int_equal(source_load(dir), 0);
    assert_int_equal(source_load(missing), 0);
    assert_int_equal(diag_count_code(DIAG_E002), 2);
    assert_int_equal(diag_count_code(DIAG_E001), 1);
    char *out = rendered();
    assert_contains(out, "pipe.wozo: error[E002]: is a pipe, not a regular file\n");
    assert_contains(out, ": error[E002]: is a directory, not a regular file\n");
    assert_contains(out, "missing.wozo: error[E001]: cannot open: No such file or directory\n");
    mem_free(out);
    unlink(fifo);
    rmdir(dir);
}

static void reads_a_file_from_disk(void **state)
{
    (void)state;
    char path[] = "/tmp/wozo-test-XXXXXX";
    const char text[] = "scale s { a < b }\r\n";
    temp_file(path, text, sizeof text - 1);
    uint32_t id = source_load(path);
    unlink(path);
    assert_int_not_equal(id, 0);
    const Source *s = source_get(id);
    assert_int_equal(s->len, sizeof text - 1);
    assert_memory_equal(s->text, text, sizeof text - 1);
    assert_int_equal(s->text[s->len], '\0');
    assert_int_equal(s->text[s->len + 1], '\0');
    assert_string_equal(s->path, path);
}

static void spans_join(void **state)
{
    (void)state;
    Span a = span_make(1, 10, 5), b = span_make(1, 2, 3), none = span_make(0, 0, 0);
    Span j = span_join(a, b);
    assert_int_equal(j.off, 2);
    assert_int_equal(j.len, 13);
    j = span_join(none, a);
    assert_int_equal(j.off, 10);
    j = span_join(b, none);
    assert_int_equal(j.off, 2);
    assert_int_equal(j.len, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(lf_lines_and_columns),
        TEST(crlf_and_lone_cr_count_as_one_break),
        TEST(columns_count_characters),
        TEST(utf8_bom_is_skipped),
        TEST(refuses_utf16_nul_and_bad_utf8),
        TEST(size_limit_at_and_past),
        TEST(growing_file_at_and_past_the_limit),
        TEST(refuses_what_is_not_a_regular_file),
        TEST(reads_a_file_from_disk),
        TEST(spans_join),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
