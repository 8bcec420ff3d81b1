/*
 * source.h - the files the program reads, and positions in them.
 *
 * Every rule file and dataset is registered here once and gets a small id.
 * Tokens and AST nodes carry a Span (file id, byte offset, byte length); line
 * and column are computed only when a message is printed. Columns count
 * characters, not bytes, so a caret lands under the right letter of Dutch
 * text with accents.
 *
 * The registry owns the paths and texts; they live until sources_free_all().
 */
#ifndef WOZO_SOURCE_H
#define WOZO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits on rule files (documented in docs/reliability.md). */
#define SOURCE_MAX_BYTES ((size_t)16 << 20)

typedef struct Span {
    uint32_t file;  /* source id; 0 = no position */
    uint32_t off;   /* byte offset of the first byte */
    uint32_t len;   /* bytes */
} Span;

typedef struct Source {
    uint32_t id;
    char *path;            /* as the user named it */
    char *text;            /* contents followed by two NUL bytes; NULL for a
                              data file not (yet) read into memory */
    size_t len;            /* bytes of text, excluding the NULs */
    uint32_t *line_starts; /* offset of each line's first byte */
    uint32_t nlines;
    bool has_bom;          /* text started with a UTF-8 BOM (skipped) */
    bool crlf;             /* the first line break is CRLF */
    bool lazy;             /* a data file registered by name (source_add_lazy) */
    /* A lazy source larger than SOURCE_MAX_BYTES is never read whole (see
     * source_line()): */
    uint32_t *marks;       /* offset of lines 1, 1 + SOURCE_LAZY_STRIDE, ... */
    char *line;            /* the line last read, NUL-terminated */
    size_t line_len;
    uint32_t line_no;      /* its number; 0 = none yet */
} Source;

/* A data file's lines are read when a message shows one (source_line()):
 * whole when it is at most SOURCE_MAX_BYTES; a larger one (data files may
 * be 1 GiB) is scanned once for where every SOURCE_LAZY_STRIDE-th line
 * starts, and each line shown is read from there, up to
 * SOURCE_LAZY_LINE_MAX bytes of it. */
#define SOURCE_LAZY_STRIDE 1024
#define SOURCE_LAZY_LINE_MAX ((size_t)64 << 10)

/* Registers text (taken over, must have two NUL bytes after len) under path
 * and returns its id. */
uint32_t source_add(const char *path, char *text, size_t len);

/* Registers a data file by name only; its text is read from disk when a
 * message needs a line of it. */
uint32_t source_add_lazy(const char *path);

/* Reads a rule file, checking that it is a regular file of at most
 * SOURCE_MAX_BYTES, valid UTF-8 and free of NUL bytes. On success returns the
 * new source id; on failure reports a diagnostic (E001-E005) and returns 0. */
uint32_t source_load(const char *path);

/* Registers an in-memory text (for tests and standard input), with the same
 * checks as source_load(). */
uint32_t source_load_text(const char *path, const char *text, size_t len);

const Source *source_get(uint32_t id);

/* 1-based line and character column of a byte offset. */
void source_linecol(uint32_t id, uint32_t off, uint32_t *line, uint32_t *col);

/* The bytes of a 1-based line without its line break. Returns false when the
 * line does not exist. For lazy sources this reads the file. */
bool source_line(uint32_t id, uint32_t line, const char **start, size_t *len);

/* Byte offset within a line of a 1-based character column. */
size_t source_col_to_byte(const char *line, size_t len, uint32_t col);

static inline Span span_make(uint32_t file, uint32_t off, uint32_t len)
{
    Span s = {file, off, len};
    return s;
}

/* The smallest span covering a and b (same file). */
Span span_join(Span a, Span b);

void sources_free_all(void);

#endif
