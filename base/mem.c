#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long alloc_count;   /* allocations made so far */
static long fail_at;       /* allocation number that fails, 0 = never */
static void (*oom_hooks[8])(void);
static int n_oom_hooks;

void mem_init_from_env(void)
{
    const char *s = getenv("WOZO_FAIL_ALLOC");
    if (s && *s) {
        char *end;
        long n = strtol(s, &end, 10);
        if (*end == '\0' && n > 0)
            mem_fail_after(n);
    }
}

void mem_fail_after(long n) { fail_at = n > 0 ? alloc_count + n : 0; }
long mem_count(void) { return alloc_count; }

void mem_on_oom(void (*hook)(void))
{
    if (n_oom_hooks < (int)(sizeof oom_hooks / sizeof oom_hooks[0]))
        oom_hooks[n_oom_hooks++] = hook;
}

_Noreturn void mem_oom(void)
{
    static const char msg[] = "wozorules: error: out of memory\n";
    for (int i = n_oom_hooks - 1; i >= 0; i--)
        oom_hooks[i]();
    fflush(stdout);
    /* write(2) rather than stdio: stdio may itself need memory. */
    ssize_t r = write(2, msg, sizeof msg - 1);
    (void)r;
    _exit(MEM_EXIT_OOM);
}

/* Counts the allocation and says whether the injected failure is due. */
static int injected_failure(void)
{
    alloc_count++;
    return fail_at != 0 && alloc_count == fail_at;
}

void *mem_alloc(size_t n)
{
    void *p = injected_failure() ? NULL : malloc(n ? n : 1);
    if (!p)
        mem_oom();
    return p;
}

void *mem_zalloc(size_t n)
{
    void *p = injected_failure() ? NULL : calloc(1, n ? n : 1);
    if (!p)
        mem_oom();
    return p;
}

void *mem_realloc(void *p, size_t n)
{
    void *q = injected_failure() ? NULL : realloc(p, n ? n : 1);
    if (!q)
        mem_oom();
    return q;
}

void mem_free(void *p) { free(p); }

char *mem_strndup(const char *s, size_t n)
{
    char *d = mem_alloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *mem_strdup(const char *s) { return mem_strndup(s, strlen(s)); }
