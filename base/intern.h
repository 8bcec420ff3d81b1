/*
 * intern.h - interned strings.
 *
 * sym_intern() returns the one Sym for a byte string, so names compare by
 * pointer. Syms live until intern_free_all() (called once at exit); nobody
 * else frees them.
 */
#ifndef WOZO_INTERN_H
#define WOZO_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef struct Sym {
    uint32_t hash;  /* FNV-1a of the bytes, reused by hash maps */
    uint32_t len;   /* bytes, excluding the terminating NUL */
    char str[];     /* NUL-terminated */
} Sym;

const Sym *sym_intern(const char *s, size_t len);
const Sym *sym_cstr(const char *s);
/* The Sym for these bytes if one was interned, else NULL (never inserts:
 * used for strings from data, which must not grow the table). */
const Sym *sym_lookup(const char *s, size_t len);
uint32_t hash_bytes(const char *s, size_t len);
void intern_free_all(void);

#endif
