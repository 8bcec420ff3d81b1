/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * The Buf owns data; buf_free() releases it and buf_take() hands it over.
 */
#ifndef WOZO_BUF_H
#define WOZO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Buf {
    char *data;  /* NULL until the first write */
    size_t len;
    size_t cap;
} Buf;

#define BUF_INIT {NULL, 0, 0}

void buf_reserve(Buf *b, size_t extra);
void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends n copies of c. */
void buf_fill(Buf *b, char c, size_t n);
/* Appends "path:line:col", or "path:line" when col is 0 (unknown), the way
 * compilers print a place. */
void buf_put_place(Buf *b, const char *path, uint32_t line, uint32_t col);
void buf_clear(Buf *b);
/* Returns the string (never NULL) and leaves b empty; caller frees it. */
char *buf_take(Buf *b);
void buf_free(Buf *b);
/* The contents as a C string ("" when empty); valid until the next write. */
const char *buf_str(const Buf *b);

#endif
