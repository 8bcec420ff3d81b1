/*
 * load.c - finds the rule files of a tree, parses them and resolves them
 * into a Program.
 *
 * load_find_rule_files() is the one walk through a rules folder; load.h
 * states its rules (which files, in which order, what is skipped, what is
 * an error). `fmt` uses it too. All the files of one program are read in
 * byte order of their paths, across the paths given, so output does not
 * depend on the machine or on the order of the arguments.
 */
/* realpath() is X/Open, not plain POSIX: without this it is undeclared in
 * the builds without _FORTIFY_SOURCE, and its pointer result is truncated
 * to an int. */
#define _XOPEN_SOURCE 700

#include "load.h"
#include "program.h"
#include "diag.h"
#include "resolve.h"
#include "../base/mem.h"
#include "../base/vec.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef LoadPaths PathVec;

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

/* dir + '/' + name, without doubling a trailing '/'. Caller frees. */
static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    Buf b = BUF_INIT;
    buf_puts(&b, dir);
    if (n && dir[n - 1] != '/')
        buf_putc(&b, '/');
    buf_puts(&b, name);
    return buf_take(&b);
}

/* Whether `path` (a real path) lies inside `root` (a real path). */
static bool inside(const char *root, const char *path)
{
    size_t n = strlen(root);
    return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0' || (n == 1 && root[0] == '/'));
}

/* The target of a symbolic link as it is written in the link (not resolved),
 * for messages: it reads the same on every machine, unlike a real path.
 * Caller frees. */
static char *link_target(const char *path)
{
    char buf[4096];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    return n < 0 ? mem_strdup("?") : mem_strndup(buf, (size_t)n);
}

/* Adds the rule files below `dir` to out, by the rules of load.h; root_real
 * is the real path of the folder the walk began in. Returns false when
 * `dir` itself could not be searched (after reporting why). */
static bool walk(const char *dir, const char *root_real, int depth, PathVec *out)
{
    if (depth > LOAD_MAX_DEPTH) {
        diag_report_path(DIAG_E002, dir, "folders nest deeper than %d levels", LOAD_MAX_DEPTH);
        return false;
    }
    DIR *d = opendir(dir);
    if (!d) {
        diag_report_path(DIAG_E001, dir, "cannot open folder: %s", strerror(errno));
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;  /* ., .., and hidden entries such as .git */
        char *path = join(dir, e->d_name);
        struct stat lst, st;
        if (lstat(path, &lst) != 0) {
            mem_free(path);  /* removed since readdir() saw it */
            continue;
        }
        if (S_ISLNK(lst.st_mode)) {
            char *real = realpath(path, NULL);
            if (!real || stat(real, &st) != 0) {
                if (has_suffix(e->d_name, ".wozo")) {
                    char *target = link_target(path);
                    diag_report_path(DIAG_E001, path, "symbolic link points nowhere (to %s)", target);
                    mem_free(target);
                }
                free(real);
                mem_free(path);
                continue;
            }
            if (!inside(root_real, real)) {
                if (S_ISDIR(st.st_mode) || has_suffix(e->d_name, ".wozo")) {
                    char *target = link_target(path);
                    Diag *dg = diag_report_path(DIAG_E002, path,
                                                "symbolic link points outside the rules folder (to %s)", target);
                    diag_hint(dg, "copy the file into the folder, or name it on the command line");
                    mem_free(target);
                }
                free(real);
                mem_free(path);
                continue;
            }
            free(real);
        } else {
            st = lst;
        }
        if (S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode)) {
            walk(path, root_real, depth + 1, out);
            mem_free(path);
        } else if (S_ISDIR(st.st_mode)) {
            mem_free(path);  /* a link to a folder inside the tree is walked there */
        } else if (has_suffix(e->d_name, ".wozo")) {
            if (out->len >= LOAD_MAX_FILES) {
                diag_report_path(DIAG_E003, dir, "more than %d rule files", LOAD_MAX_FILES);
                mem_free(path);
                break;
            }
            vec_push(out, path);
        } else {
            mem_free(path);
        }
    }
    closedir(d);
    return true;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t load_find_rule_files(const char *dir, LoadPaths *out)
{
    /* Links are judged by real paths, so that "rules/../rules" and a link
     * to the tree itself count as the tree. */
    char *real = realpath(dir, NULL);
    if (!real) {
        diag_report_path(DIAG_E001, dir, "cannot open folder: %s", strerror(errno));
        return 0;
    }
    size_t before = out->len;
    bool opened = walk(dir, real, 0, out);
    free(real);
    size_t added = out->len - before;
    /* A folder that could not be opened has said so already. */
    if (!added && opened)
        diag_report_path(DIAG_E001, dir, "no .wozo files in this folder");
    if (added > 1)
        qsort(out->items + before, added, sizeof out->items[0], cmp_path);
    return added;
}

/* Collects the rule files named by paths: folders are searched for *.wozo,
 * files are taken as given. Sorted, without repeats (the same file under two
 * names counts as a repeat). */
/* A file's identity, and the position of one of its names in path order. */
typedef struct FileId {
    dev_t dev;
    ino_t ino;
    size_t index;
} FileId;

static int cmp_file_id(const void *pa, const void *pb)
{
    const FileId *a = pa, *b = pb;
    if (a->dev != b->dev)
        return a->dev < b->dev ? -1 : 1;
    if (a->ino != b->ino)
        return a->ino < b->ino ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void collect_files(const char *const *paths, size_t n, PathVec *out)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            diag_report_path(DIAG_E001, paths[i], "cannot open: %s", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            load_find_rule_files(paths[i], out);
        } else {
            vec_push(out, mem_strdup(paths[i]));
        }
    }
    if (out->len > 1)
        qsort(out->items, out->len, sizeof out->items[0], cmp_path);
    /* A file named twice (a link inside the folder to a file in it, or the
     * same file given as a.wozo and ./a.wozo) is read once, under its first
     * name in path order: read twice, every declaration in it would clash
     * with itself. */
    /* Sorted by file identity, then path order, the repeats follow their
     * first name (a search through the names seen before each took 14 s
     * for 100,000 files). */
    FileId *ids = mem_alloc((out->len + 1) * sizeof *ids);
    bool *drop = mem_zalloc(out->len + 1);
    size_t nids = 0;
    for (size_t i = 0; i < out->len; i++) {
        struct stat st;
        if (stat(out->items[i], &st) == 0)
            ids[nids++] = (FileId){st.st_dev, st.st_ino, i};
    }
    if (nids > 1)
        qsort(ids, nids, sizeof *ids, cmp_file_id);
    for (size_t k = 1; k < nids; k++)
        if (ids[k].dev == ids[k - 1].dev && ids[k].ino == ids[k - 1].ino)
            drop[ids[k].index] = true;
    size_t w = 0;
    for (size_t i = 0; i < out->len; i++) {
        if (drop[i])
            mem_free(out->items[i]);
        else
            out->items[w++] = out->items[i];
    }
    out->len = w;
    mem_free(ids);
    mem_free(drop);
}

static Program *new_program(void)
{
    Program *p = mem_zalloc(sizeof *p);
    arena_init(&p->arena, 64 * 1024);
    arena_init(&p->ast_arena, 256 * 1024);
    return p;
}

static void parse_and_resolve(Program *p, const uint32_t *ids, size_t n, bool has_prelude, bool warnings)
{
    p->files = arena_zalloc(&p->arena, (n + 1) * sizeof *p->files);
    p->has_prelude = has_prelude;
    for (size_t i = 0; i < n; i++)
        parse_source(ids[i], &p->ast_arena, &p->files[p->nfiles++]);
    resolve_program(p, warnings);
}

Program *program_from_sources(const uint32_t *sources, size_t n, const LoadOptions *opt)
{
    Program *p = new_program();
    VEC(uint32_t) ids = {0};
    bool has_prelude = false;
    if (opt && opt->prelude_text) {
        uint32_t pid = source_load_text(opt->prelude_name ? opt->prelude_name : "stdlib/prelude.wozo",
                                        opt->prelude_text, opt->prelude_len);
        if (pid) {
            vec_push(&ids, pid);
            has_prelude = true;
        }
    }
    for (size_t i = 0; i < n; i++)
        vec_push(&ids, sources[i]);
    parse_and_resolve(p, ids.items, ids.len, has_prelude, opt ? opt->warnings : true);
    vec_free(&ids);
    return p;
}

Program *program_load(const char *const *paths, size_t npaths, const LoadOptions *opt)
{
    PathVec files = {0};
    collect_files(paths, npaths, &files);
    VEC(uint32_t) ids = {0};
    for (size_t i = 0; i < files.len; i++) {
        uint32_t id = source_load(files.items[i]);
        if (id)
            vec_push(&ids, id);
        mem_free(files.items[i]);
    }
    vec_free(&files);
    Program *p = program_from_sources(ids.items, ids.len, opt);
    vec_free(&ids);
    return p;
}

void program_free(Program *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->scales.len; i++)
        map_free(&p->scales.items[i]->by_name);
    for (size_t i = 0; i < p->kinds.len; i++) {
        Kind *k = p->kinds.items[i];
        map_free(&k->field_by_name);
        map_free(&k->thing_by_name);
        vec_free(&k->things);
    }
    map_free(&p->globals);
    vec_free(&p->scales);
    vec_free(&p->kinds);
    vec_free(&p->datasets);
    vec_free(&p->criteria);
    vec_free(&p->functions);
    vec_free(&p->judgements);
    vec_free(&p->tests);
    arena_free(&p->arena);
    arena_free(&p->ast_arena);
    mem_free(p);
}
