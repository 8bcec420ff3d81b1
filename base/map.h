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

#include <stdbool.h>
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

/*
 * A set of pointers that is emptied in constant time, for a question asked
 * afresh many times over ("has this subject read this datum before?"). A
 * slot is in the set only when its stamp is the set's current generation, so
 * emptying it is one increment; the slot array keeps its size from one use
 * to the next, so a set that is filled to the same size again and again
 * grows only the first time. The set owns its slot array; the pointers
 * belong to the caller.
 */
typedef struct PtrSetSlot {
    const void *key;
    uint32_t gen;     /* the key is in the set when gen == the set's gen */
} PtrSetSlot;

typedef struct PtrSet {
    PtrSetSlot *slots;
    size_t cap;       /* 0 or a power of two */
    size_t count;     /* keys of the current generation */
    uint32_t gen;     /* 0 only before the first pset_clear or pset_add */
} PtrSet;

/* Empties the set; O(1) (one pass over the slots once every 2^32 calls),
 * except that a set whose last generation used less than an eighth of its
 * slots gets fewer (at least 1024), zeroed: the cost of that is no more
 * than the growth it undoes. */
void pset_clear(PtrSet *s);
/* Adds key (not NULL); returns true when it was not in the set yet. */
bool pset_add(PtrSet *s, const void *key);
void pset_free(PtrSet *s);

#endif
