/*
 * test_parse.c - how the parser gets its memory: Bison's stacks come from
 * the allocation chokepoint (base/mem.h), so the fault-injection walk
 * (WOZO_FAIL_ALLOC, tests/alloc-fail.sh) reaches them, and running out of
 * memory there is the clean out-of-memory exit, not E014.
 */
#include "testutil.h"

#include "../../base/arena.h"
#include "../../lang/ast.h"
#include "../../lang/parse.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static Arena arena;

static int setup(void **state)
{
    /* One chunk big enough for every tree parsed here: after the first
     * parse, the arena asks mem for nothing more. */
    arena_init(&arena, 1 << 22);
    return test_setup(state);
}

static int teardown(void **state)
{
    arena_free(&arena);
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* `as_of` with an expression of `nots` times "not (" and `more` times
 * "not " around `true`: the parser's stack holds about 2 * nots + more
 * entries at once (Bison starts with 200 on the C stack), while the tree
 * stays within the limits (at most 128 parentheses, depth at most 200). */
static char *deep_text(int nots, int more)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "as_of ");
    for (int i = 0; i < nots; i++)
        buf_puts(&b, "not (");
    for (int i = 0; i < more; i++)
        buf_puts(&b, "not ");
    buf_puts(&b, "true");
    for (int i = 0; i < nots; i++)
        buf_putc(&b, ')');
    buf_putc(&b, '\n');
    return buf_take(&b);
}

/* Allocations counted by mem during a parse of text: the second of two
 * parses, so that names are interned and the arena has its chunk. */
static long parse_allocations(const char *text)
{
    ParsedFile pf;
    uint32_t id = load_text("t.wozo", text);
    assert_true(parse_source(id, &arena, &pf));
    id = load_text("t.wozo", text);
    long before = mem_count();
    assert_true(parse_source(id, &arena, &pf));
    return mem_count() - before;
}

static void parser_stack_is_counted(void **state)
{
    (void)state;
    char *shallow = deep_text(1, 0);
    char *deep = deep_text(100, 98);   /* about 300 entries: the stack grows once */
    long n_shallow = parse_allocations(shallow);
    long n_deep = parse_allocations(deep);
    /* The scanner's allocations are the same for both; only Bison's stack
     * growing past its first 200 entries differs. */
    if (n_deep <= n_shallow)
        fail_msg("a parse that grows Bison's stack made %ld allocations through mem, "
                 "one that does not made %ld: the stack is allocated outside mem",
                 n_deep, n_shallow);
    mem_free(shallow);
    mem_free(deep);
}

/* Makes each allocation of the deep parse fail in turn, in a child
 * process (mem exits on failure): every one must end with the
 * out-of-memory exit status, until one n is past the last allocation and
 * the parse succeeds. */
static void every_parse_allocation_fails_cleanly(void **state)
{
    (void)state;
    char *deep = deep_text(100, 98);
    uint32_t id = load_text("t.wozo", deep);
    long n = 1, failed = 0;
    for (; n < 10000; n++) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* The child's message would only clutter the test output. */
            int null = open("/dev/null", O_WRONLY);
            if (null < 0 || dup2(null, 2) < 0)
                _exit(9);
            ParsedFile pf;
            mem_fail_after(n);
            bool ok = parse_source(id, &arena, &pf);
            _exit(ok ? 0 : diag_count_code(DIAG_E014) ? 4 : 5);
        }
        int st;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) == 0)
            break;
        if (WEXITSTATUS(st) != MEM_EXIT_OOM)
            fail_msg("allocation %ld of the parse failed: exit status %d, expected %d",
                     n, WEXITSTATUS(st), MEM_EXIT_OOM);
        failed++;
    }
    assert_true(n < 10000);
    assert_true(failed >= 2);
    mem_free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(parser_stack_is_counted),
        T(every_parse_allocation_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
