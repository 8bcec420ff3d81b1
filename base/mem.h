/*
 * mem.h - the one allocation chokepoint.
 *
 * Every heap allocation of the program goes through these functions, so that
 * out-of-memory is handled in one place and tests can make the n-th
 * allocation fail (WOZO_FAIL_ALLOC=n in the environment, read by
 * mem_init_from_env()). None of them ever returns NULL: on failure they run
 * the registered cleanup hooks (for example removing a temporary file), print
 * "wozorules: error: out of memory" and exit with status 3.
 */
#ifndef WOZO_MEM_H
#define WOZO_MEM_H

#include <stddef.h>

#define MEM_EXIT_OOM 3

void *mem_alloc(size_t n);
void *mem_zalloc(size_t n);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

/* Reads WOZO_FAIL_ALLOC; call once at start-up. */
void mem_init_from_env(void);

/* The n-th allocation from now (1-based) fails; 0 disables. For tests. */
void mem_fail_after(long n);

/* Number of allocations made so far (for the fault-injection walk). */
long mem_count(void);

/* Registers a hook run before exiting on out-of-memory (at most 8). The hook
 * must not allocate. */
void mem_on_oom(void (*hook)(void));

/* Reports out-of-memory and exits; used by allocators outside this file. */
_Noreturn void mem_oom(void);

#endif
