/*
 * vec.h - growable arrays on the heap.
 *
 *     VEC(int) v = {0};
 *     vec_push(&v, 42);
 *     vec_free(&v);
 *
 * The array owns its items buffer; the items themselves belong to whoever
 * put them there.
 */
#ifndef WOZO_VEC_H
#define WOZO_VEC_H

#include <stddef.h>

#include "mem.h"

#define VEC(T) struct { T *items; size_t len, cap; }

void vec_grow_(void **items, size_t *cap, size_t elem_size);

#define vec_push(v, x)                                                        \
    do {                                                                      \
        if ((v)->len == (v)->cap)                                             \
            vec_grow_((void **)&(v)->items, &(v)->cap, sizeof *(v)->items);   \
        (v)->items[(v)->len++] = (x);                                         \
    } while (0)

#define vec_free(v) (mem_free((v)->items), (v)->items = NULL, (v)->len = (v)->cap = 0)

#endif
