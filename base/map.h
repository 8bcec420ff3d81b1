/*
 * map.h - a hash map from pointers to pointers.
 *
 * Keys are compared by identity (interned Syms, declarations, things). Open
 * addressing with linear probing and power-of-two capacity, as in clox's
 * table.c. The map owns its slot array only; keys and values belong to the
 * caller. Iteration order depends on pointer values, so never iterate a Map to
 * produce output: keep an ordered array beside it.
 */
#ifndef WOZO_MAP_H
#define WOZO_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct MapSlot {
    const void *key;  /* NULL = empty */
    void *value;
} MapSlot;

typedef struct Map {
    MapSlot *slots;
    size_t cap;    /* 0 or a power of two */
    size_t count;
} Map;

void map_init(Map *m);
void map_free(Map *m);
/* Returns the value for key, or NULL. */
void *map_get(const Map *m, const void *key);
/* Sets key to value; returns the previous value or NULL. key must not be NULL. */
void *map_put(Map *m, const void *key, void *value);

#endif
