/*
 * replay.c - runs a fuzzing harness over files, without libFuzzer.
 *
 *     build/MODE/fuzz/replay-parse FILE|FOLDER ...
 *
 * Linked with one harness (tests/fuzz/fuzz_*.c) instead of libFuzzer's
 * main, so that `make test` can feed it the corpus and every crash ever
 * found (tests/fuzz/regressions/) with any compiler and under the sanitizers
 * or valgrind. Folders are read recursively, entries in byte order, hidden
 * ones and README.md skipped. Each file is one input, given to the harness in
 * a buffer of exactly its size (as libFuzzer does), so that reading past
 * the end is caught.
 *
 * Exit status: 0 when every input ran (a broken invariant or a sanitizer
 * report aborts the process first), 2 when a file cannot be read.
 */
#define _XOPEN_SOURCE 700

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static size_t ninputs;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay(const char *path);

/* Replays the entries of a folder in byte order of their names. */
static int replay_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                abort();
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            abort();
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = replay(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Replays one file, or a folder's files. */
static int replay(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (S_ISDIR(st.st_mode))
        return replay_dir(path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *data = malloc(size ? size : 1);
    if (!data)
        abort();
    size_t got = fread(data, 1, size, f);
    fclose(f);
    if (got != size) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(data);
        return 2;
    }
    if (getenv("REPLAY_VERBOSE"))
        fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    ninputs++;
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++)
        rc = replay(argv[i]);
    if (rc == 0)
        printf("%zu inputs\n", ninputs);
    return rc;
}
