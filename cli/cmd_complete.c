/*
 * cmd_complete.c - `wozorules complete WHAT [PATH ...]`: words for shell
 * completion (completion/wozorules.bash), one per line.
 *
 *   wozorules complete verdicts [PATH ...]   the words --fail-on accepts for
 *                                            the rules below PATH (default
 *                                            rules/): the words of the scales
 *                                            the criteria give verdicts on,
 *                                            as scale.word where a word is on
 *                                            several of them
 *   wozorules complete datasets [PATH ...]   the dataset names --data binds
 *
 * A hidden helper, not listed in --help: it never prints diagnostics and
 * always exits 0 (broken rules just give fewer words), so that pressing
 * Tab never shows an error. It is documented in wozorules(1).
 */
#include "cli.h"

#include <string.h>

static const char usage[] = "wozorules complete verdicts|datasets [PATH ...]";

/* Whether scale word `w` is also a word of another scale in `scales`. */
static bool ambiguous(const Scale *const *scales, size_t n, const Scale *own, const Sym *w)
{
    for (size_t i = 0; i < n; i++) {
        if (scales[i] == own)
            continue;
        for (uint32_t k = 0; k < scales[i]->nvalues; k++)
            if (scales[i]->values[k].name == w)
                return true;
    }
    return false;
}

static void print_verdicts(const Program *p)
{
    /* The scales criteria give verdicts on, each once, in declaration order
     * of the criteria. */
    VEC(const Scale *) scales = {0};
    for (size_t i = 0; i < p->criteria.len; i++) {
        const Scale *s = p->criteria.items[i]->scale;
        bool seen = !s;
        for (size_t k = 0; k < scales.len && !seen; k++)
            seen = scales.items[k] == s;
        if (!seen)
            vec_push(&scales, s);
    }
    for (size_t i = 0; i < scales.len; i++) {
        const Scale *s = scales.items[i];
        for (uint32_t k = 0; k < s->nvalues; k++) {
            const Sym *w = s->values[k].name;
            if (ambiguous(scales.items, scales.len, s, w))
                printf("%s.%s\n", s->name->str, w->str);
            else
                printf("%s\n", w->str);
        }
    }
    vec_free(&scales);
}

int cmd_complete(int argc, char **argv)
{
    if (argc < 1 || (strcmp(argv[0], "verdicts") != 0 && strcmp(argv[0], "datasets") != 0))
        return cli_usage_error("complete", usage, "expected 'verdicts' or 'datasets'");
    VEC(const char *) paths = {0};
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-')
            vec_push(&paths, argv[i]);
    if (!paths.len)
        vec_push(&paths, "rules/");
    Program *p = cli_load(paths.items, paths.len, false, false);
    if (p) {
        if (!strcmp(argv[0], "verdicts"))
            print_verdicts(p);
        else
            for (size_t i = 0; i < p->datasets.len; i++)
                printf("%s\n", p->datasets.items[i]->name->str);
        program_free(p);
    }
    vec_free(&paths);
    return EXIT_OK;
}
