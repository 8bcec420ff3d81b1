#include "intern.h"
#include "arena.h"
#include "mem.h"

#include <string.h>

/* Open addressing, power-of-two capacity, load factor at most 1/2. */
static struct {
    const Sym **slots;
    size_t cap;
    size_t count;
    Arena arena;
    int ready;
} tab;

uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void grow(void)
{
    size_t ncap = tab.cap ? tab.cap * 2 : 1024;
    const Sym **ns = mem_zalloc(ncap * sizeof *ns);
    for (size_t i = 0; i < tab.cap; i++) {
        const Sym *s = tab.slots[i];
        if (!s)
            continue;
        size_t j = s->hash & (ncap - 1);
        while (ns[j])
            j = (j + 1) & (ncap - 1);
        ns[j] = s;
    }
    mem_free(tab.slots);
    tab.slots = ns;
    tab.cap = ncap;
}

const Sym *sym_intern(const char *s, size_t len)
{
    if (!tab.ready) {
        arena_init(&tab.arena, 64 * 1024);
        tab.ready = 1;
    }
    if ((tab.count + 1) * 2 > tab.cap)
        grow();
    uint32_t h = hash_bytes(s, len);
    size_t i = h & (tab.cap - 1);
    for (;;) {
        const Sym *e = tab.slots[i];
        if (!e)
            break;
        if (e->hash == h && e->len == len && memcmp(e->str, s, len) == 0)
            return e;
        i = (i + 1) & (tab.cap - 1);
    }
    Sym *n = arena_alloc(&tab.arena, sizeof(Sym) + len + 1);
    n->hash = h;
    n->len = (uint32_t)len;
    memcpy(n->str, s, len);
    n->str[len] = '\0';
    tab.slots[i] = n;
    tab.count++;
    return n;
}

const Sym *sym_cstr(const char *s) { return sym_intern(s, strlen(s)); }

const Sym *sym_lookup(const char *s, size_t len)
{
    if (!tab.cap)
        return NULL;
    uint32_t h = hash_bytes(s, len);
    size_t i = h & (tab.cap - 1);
    for (const Sym *e; (e = tab.slots[i]) != NULL; i = (i + 1) & (tab.cap - 1))
        if (e->hash == h && e->len == len && memcmp(e->str, s, len) == 0)
            return e;
    return NULL;
}

void intern_free_all(void)
{
    mem_free(tab.slots);
    if (tab.ready)
        arena_free(&tab.arena);
    memset(&tab, 0, sizeof tab);
}
