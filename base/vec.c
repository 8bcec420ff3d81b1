#include "vec.h"

#include <stdint.h>

void vec_grow_(void **items, size_t *cap, size_t elem_size)
{
    size_t ncap = *cap ? *cap * 2 : 8;
    if (ncap > SIZE_MAX / elem_size)
        mem_oom();
    *items = mem_realloc(*items, ncap * elem_size);
    *cap = ncap;
}
