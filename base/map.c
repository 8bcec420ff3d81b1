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
