#include "buf.h"
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void buf_reserve(Buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len)
        mem_oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap *= 2;
    b->data = mem_realloc(b->data, ncap);
    b->cap = ncap;
}

void buf_put(Buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(Buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_fill(Buf *b, char c, size_t n)
{
    buf_reserve(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(Buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *buf_take(Buf *b)
{
    char *s = b->data ? b->data : mem_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void buf_free(Buf *b)
{
    mem_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *buf_str(const Buf *b) { return b->data ? b->data : ""; }

void buf_put_place(Buf *b, const char *path, uint32_t line, uint32_t col)
{
    buf_printf(b, "%s:%u", path, line);
    if (col)
        buf_printf(b, ":%u", col);
}
