#include "map.h"
#include "mem.h"

static size_t hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

void map_init(Map *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

void map_free(Map *m)
{
    mem_free(m->slots);
    map_init(m);
}

static MapSlot *find(MapSlot *slots, size_t cap, const void *key)
{
    size_t i = hash_ptr(key) & (cap - 1);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void *map_get(const Map *m, const void *key)
{
    if (!m->cap)
        return NULL;
    MapSlot *s = find(m->slots, m->cap, key);
    return s->key ? s->value : NULL;
}

void *map_put(Map *m, const void *key, void *value)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 16;
        MapSlot *ns = mem_zalloc(ncap * sizeof *ns);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                *find(ns, ncap, m->slots[i].key) = m->slots[i];
        mem_free(m->slots);
        m->slots = ns;
        m->cap = ncap;
    }
    MapSlot *s = find(m->slots, m->cap, key);
    void *old = s->key ? s->value : NULL;
    if (!s->key)
        m->count++;
    s->key = key;
    s->value = value;
    return old;
}

/* Below this many slots a set is never made smaller. */
#define PSET_KEEP 1024

void pset_clear(PtrSet *s)
{
    /* A set that grew for one large generation would spread the next,
     * smaller ones over all its slots, each probe a cache miss (2 MiB of
     * slots for 8,000 keys after one subject read 38,000): when the last
     * generation filled less than an eighth, the slots start again at the
     * size that holds as many keys. */
    if (s->cap > PSET_KEEP && s->count * 8 < s->cap) {
        size_t ncap = PSET_KEEP;
        while (ncap < s->count * 2 + 2)
            ncap *= 2;
        mem_free(s->slots);
        s->slots = mem_zalloc(ncap * sizeof *s->slots);
        s->cap = ncap;
    }
    s->count = 0;
    if (++s->gen == 0) {
        /* After 2^32 generations a stale stamp could equal the new one. */
        for (size_t i = 0; i < s->cap; i++)
            s->slots[i].gen = 0;
        s->gen = 1;
    }
}

/* The slot of key in the current generation, or the first free one (empty,
 * or stamped with an older generation) where it would go. Slots of older
 * generations count as free, so a probe ends at the first of them: keys of
 * the current generation are always inserted before any such slot is
 * reused, which keeps every probe chain of this generation unbroken. */
static PtrSetSlot *pset_find(PtrSetSlot *slots, size_t cap, uint32_t gen, const void *key)
{
    size_t i = hash_ptr(key) & (cap - 1);
    while (slots[i].gen == gen && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

bool pset_add(PtrSet *s, const void *key)
{
    if (s->gen == 0)
        s->gen = 1;
    if ((s->count + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        PtrSetSlot *ns = mem_zalloc(ncap * sizeof *ns);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i].gen == s->gen) {
                PtrSetSlot *d = pset_find(ns, ncap, s->gen, s->slots[i].key);
                *d = s->slots[i];
            }
        mem_free(s->slots);
        s->slots = ns;
        s->cap = ncap;
    }
    PtrSetSlot *slot = pset_find(s->slots, s->cap, s->gen, key);
    if (slot->gen == s->gen)
        return false;
    slot->key = key;
    slot->gen = s->gen;
    s->count++;
    return true;
}

void pset_free(PtrSet *s)
{
    mem_free(s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
    s->gen = 0;
}
