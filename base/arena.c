#include "arena.h"
#include "mem.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;  /* older chunk */
    size_t size;       /* usable bytes in data[] */
    size_t used;       /* bytes handed out */
    alignas(max_align_t) unsigned char data[];
};

/* Eight bytes: what pointers and 64-bit integers need, and everything the
 * program keeps in arenas is made of those. Not max_align_t (16 on x86-64,
 * for long double): syntax nodes of 104 bytes would take 112. */
#define ARENA_ALIGN ((size_t)8)
_Static_assert(alignof(void *) <= ARENA_ALIGN && alignof(int64_t) <= ARENA_ALIGN && alignof(double) <= ARENA_ALIGN,
               "arena blocks must suit pointers, 64-bit integers and doubles");
#define ARENA_MAX_CHUNK ((size_t)1 << 24)

void arena_init(Arena *a, size_t first_chunk)
{
    a->head = NULL;
    a->bytes = NULL;
    a->lanes = NULL;
    a->chunk_size = first_chunk ? first_chunk : 4096;
    a->total = 0;
}

static ArenaChunk *new_chunk(Arena *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(ArenaChunk))
        mem_oom();
    ArenaChunk *c = mem_alloc(sizeof(ArenaChunk) + size);
    c->size = size;
    c->used = 0;
    a->total += size;
    return c;
}

/* n bytes from chunk c after the ones handed out, or NULL when c is NULL
 * or has less room. */
static inline void *take(ArenaChunk *c, size_t n)
{
    if (!c || c->size - c->used < n)
        return NULL;
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

void *arena_alloc(Arena *a, size_t n)
{
    if (n > SIZE_MAX - ARENA_ALIGN)
        mem_oom();
    n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    ArenaChunk *c = a->head;
    void *p = take(c, n);
    if (p)
        return p;
    if (n > a->chunk_size / 4) {
        /* A large block gets a chunk of its own behind the current one, so
         * the space left in the current chunk is not wasted. */
        ArenaChunk *big = new_chunk(a, n);
        big->used = n;
        if (c) {
            big->next = c->next;
            c->next = big;
        } else {
            big->next = NULL;
            a->head = big;
        }
        return big->data;
    }
    c = new_chunk(a, a->chunk_size);
    c->next = a->head;
    a->head = c;
    if (a->chunk_size < ARENA_MAX_CHUNK)
        a->chunk_size *= 2;
    c->used = n;
    return c->data;
}

void *arena_alloc_packed(Arena *a, size_t n)
{
    if (n > SIZE_MAX - 4)
        mem_oom();
    n = (n + 3) & ~(size_t)3;
    void *p = take(a->bytes, n);
    if (p)
        return p;
    /* A new chunk of at least 64 KiB, or the block's own size. */
    size_t size = n > 65536 ? n : 65536;
    ArenaChunk *c = new_chunk(a, size);
    c->next = a->bytes;
    a->bytes = c;
    c->used = n;
    return c->data;
}

#define LANE_FIRST_CHUNK ((size_t)256)
#define LANE_MAX_CHUNK ((size_t)65536)

void *arena_alloc_lane(Arena *a, ArenaLane *lane, size_t n)
{
    if (n > SIZE_MAX - ARENA_ALIGN)
        mem_oom();
    n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    void *p = take(lane->cur, n);
    if (p)
        return p;
    size_t size = lane->next_size ? lane->next_size : LANE_FIRST_CHUNK;
    if (size < LANE_MAX_CHUNK)
        lane->next_size = size * 2;
    else
        lane->next_size = size;
    if (n > size)
        size = n;
    /* The arena's chain owns the chunk; the lane only allocates from it. */
    ArenaChunk *c = new_chunk(a, size);
    c->next = a->lanes;
    a->lanes = c;
    c->used = n;
    lane->cur = c;
    return c->data;
}

void *arena_zalloc(Arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

void arena_free(Arena *a)
{
    ArenaChunk *chains[3] = {a->head, a->bytes, a->lanes};
    for (int k = 0; k < 3; k++) {
        ArenaChunk *c = chains[k];
        while (c) {
            ArenaChunk *next = c->next;
            mem_free(c);
            c = next;
        }
    }
    a->head = NULL;
    a->bytes = NULL;
    a->lanes = NULL;
    a->total = 0;
}
