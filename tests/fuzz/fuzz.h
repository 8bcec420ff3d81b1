/*
 * fuzz.h - what the fuzzing harnesses in tests/fuzz/ share.
 *
 * Each harness defines LLVMFuzzerTestOneInput() and is linked two ways
 * (tests/fuzz/README.md): with libFuzzer (clang -fsanitize=fuzzer), which
 * calls it millions of times in one process, and with replay.c, a plain
 * main() that feeds it the files of the corpus and of regressions/ once each
 * (what `make test` runs, with any compiler).
 *
 * Because one process runs many inputs, every input must leave the global
 * state as it found it: the diagnostics queue, the source registry and the
 * interned strings are emptied after each one (fuzz_reset()), so memory
 * does not grow from input to input and LeakSanitizer, which looks at the
 * end of the process, sees everything freed.
 *
 * A harness reports a broken invariant with fuzz_fail(): it prints what it
 * found and aborts, which libFuzzer records as a crash with its input.
 */
#ifndef WOZO_FUZZ_H
#define WOZO_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/intern.h"
#include "../../base/mem.h"
#include "../../lang/diag.h"
#include "../../lang/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints a message about the current input and aborts. */
static inline _Noreturn __attribute__((format(printf, 1, 2))) void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* Renders the queued messages as `wozorules` would print them (the
 * renderer reads the source lines the spans point at, so it is worth
 * fuzzing too), with or without colour, and throws the text away. */
static inline void fuzz_render(bool color)
{
    free(diag_render_string(color));
}

/* Empties the global state after one input. */
static inline void fuzz_reset(void)
{
    diag_clear();
    diag_set_limit(0);
    diag_set_warnings(true);
    sources_free_all();
    intern_free_all();
}

/* A file the loaders can open by path, holding bytes that change with each
 * input: a temporary file removed as soon as it is made and named by its
 * /proc/self/fd path, so that none is ever left behind, not even after a
 * crash. The path stays valid for the life of the process; each call
 * replaces the contents. Aborts when no file can be made (the harness
 * cannot work without one). */
typedef struct FuzzFile {
    int fd;
    char path[64];
} FuzzFile;

static inline const char *fuzz_file_set(FuzzFile *f, const uint8_t *data, size_t size)
{
    if (f->path[0] == '\0') {
        const char *dir = getenv("TMPDIR");
        char name[4096];
        snprintf(name, sizeof name, "%s/wozo-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
        f->fd = mkstemp(name);
        if (f->fd < 0)
            fuzz_fail("cannot make a temporary file in %s", dir && *dir ? dir : "/tmp");
        unlink(name);
        snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
    }
    if (ftruncate(f->fd, 0) != 0)
        fuzz_fail("ftruncate failed");
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(f->fd, data + done, size - done, (off_t)done);
        if (n <= 0)
            fuzz_fail("pwrite failed");
        done += (size_t)n;
    }
    return f->path;
}

#endif
