/*
 * arena.h - region allocation in chunks that never move.
 *
 * An arena owns everything allocated from it; arena_free() releases it all at
 * once. Pointers into an arena stay valid until then: chunks are never
 * reallocated, only new ones added. The AST of a load, a dataset and an
 * evaluation's scratch space each have one.
 */
#ifndef WOZO_ARENA_H
#define WOZO_ARENA_H

#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *head;   /* newest chunk, allocation happens here */
    ArenaChunk *bytes;  /* chunks for arena_alloc_packed: texts kept apart
                           from aligned blocks waste no padding between them */
    ArenaChunk *lanes;  /* every lane's chunks (see ArenaLane), for arena_free */
    size_t chunk_size;  /* size of the next ordinary chunk */
    size_t total;       /* bytes obtained from mem_alloc, for statistics */
} Arena;

/* A lane of an arena: blocks allocated through the same lane lie one after
 * the other, apart from the arena's other blocks, in chunks the arena owns
 * (arena_free() releases them). Data that is read in passes of its own goes
 * in a lane: a dataset puts every plan's finding for one indicator in one
 * lane, so a pass over all plans for that indicator reads memory in order,
 * which the processor fetches ahead, instead of a cache line per plan spread
 * over the whole dataset. A zeroed ArenaLane is empty; it owns nothing and
 * can simply be dropped. */
typedef struct ArenaLane {
    ArenaChunk *cur;    /* the lane's newest chunk, or NULL */
    size_t next_size;   /* size of its next chunk; 0 = the first size */
} ArenaLane;

void arena_init(Arena *a, size_t first_chunk);
/* Returns n bytes aligned to 8 (pointers, 64-bit integers, doubles: not
 * long double); never NULL (exits on OOM). */
void *arena_alloc(Arena *a, size_t n);
void *arena_zalloc(Arena *a, size_t n);
/* Like arena_alloc() (aligned to 8, never NULL), from `lane` of arena `a`:
 * after the lane's previous block when it fits. A lane's chunks start at
 * 256 bytes and double up to 64 KiB: a lane holding one small block costs
 * 256 bytes, one holding many wastes at most its last chunk's free part. */
void *arena_alloc_lane(Arena *a, ArenaLane *lane, size_t n);
/* Returns n bytes aligned to 4 only: for texts and other byte data, which
 * would waste up to 7 bytes each at arena_alloc's alignment of 8 (up to 3
 * here). */
void *arena_alloc_packed(Arena *a, size_t n);
/* Copies s[0..n) and appends a NUL. */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* Frees every chunk; the arena can be reused after arena_init(). */
void arena_free(Arena *a);

#endif
