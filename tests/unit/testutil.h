/*
 * testutil.h - what the cmocka programs in tests/unit/ share.
 *
 * Each test starts from a clean state (no queued messages, no registered
 * sources) and leaves one behind, so that the sanitizer build finds every
 * leak: use the `setup`/`teardown` pair below with cmocka_unit_test_setup_teardown.
 */
#ifndef WOZO_TESTUTIL_H
#define WOZO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../base/buf.h"
#include "../../base/intern.h"
#include "../../base/mem.h"
#include "../../lang/diag.h"
#include "../../lang/source.h"

static inline int test_setup(void **state)
{
    (void)state;
    diag_clear();
    diag_set_limit(0);
    return 0;
}

static inline int test_teardown(void **state)
{
    (void)state;
    diag_clear();
    diag_set_limit(0);
    sources_free_all();
    return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

/* Registers text under a name like a rule file (with the checks of
 * source_load), returning the source id (0 when refused). */
static inline uint32_t load_text(const char *path, const char *text)
{
    return source_load_text(path, text, strlen(text));
}

/* Makes a file from `path` (a mkstemp() template such as
 * "/tmp/wozo-test-XXXXXX", which receives the name) holding n bytes of
 * text; the test unlinks it. */
static inline void temp_file(char *path, const char *text, size_t n)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
}

/* The queued messages rendered without colour; caller frees. */
static inline char *rendered(void) { return diag_render_string(false); }

/* Fails the test, showing both strings, unless `hay` contains `needle`. */
#define assert_contains(hay, needle)                                              \
    do {                                                                          \
        const char *h_ = (hay), *n_ = (needle);                                   \
        if (!strstr(h_, n_))                                                      \
            fail_msg("expected to find\n%s\n--- in ---\n%s", n_, h_);              \
    } while (0)

#define assert_not_contains(hay, needle)                                          \
    do {                                                                          \
        const char *h_ = (hay), *n_ = (needle);                                   \
        if (strstr(h_, n_))                                                       \
            fail_msg("did not expect\n%s\n--- in ---\n%s", n_, h_);                \
    } while (0)

#endif
