/*
 * suggest.h - "did you mean": the candidate closest to a misspelled name.
 *
 *     Suggestion sg;
 *     suggest_begin(&sg, "plannd");
 *     for (...)
 *         suggest_consider(&sg, words[i]);
 *     if (sg.best)
 *         diag_hint(d, "did you mean '%s'?", sg.best);
 *
 * or, for a table of names, suggest_closest(want, names, n, SUGGEST_DEFAULT).
 *
 * The distance is the edit distance (Levenshtein: inserting, deleting or
 * replacing one byte costs 1) with differences of ASCII case free, so that
 * 'Spoedzorg' finds 'spoedzorg'. A candidate is suggested only within a
 * bound, by default a typo or two for the length of the name
 * (suggest_bound): a suggestion far from what was written misleads more
 * than none.
 *
 * Memory: nothing here allocates, and nothing is copied. A Suggestion
 * borrows `want` and its candidates; `best` (and what suggest_closest
 * returns) is one of the candidate pointers the caller passed, valid as
 * long as that string is.
 */
#ifndef WOZO_SUGGEST_H
#define WOZO_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

/* Names longer than this (in bytes) are never compared: such a name is not
 * a typo of another (identifiers have at most 255 bytes, AST_MAX_NAME). */
#define SUGGEST_MAX_LEN 255

/* For the `max` of suggest_closest(): the default bound, suggest_bound(). */
#define SUGGEST_DEFAULT SIZE_MAX

/* The edit distance between a and b, ignoring ASCII case, when it is at
 * most max; SIZE_MAX when it is more, or when a or b is longer than
 * SUGGEST_MAX_LEN. Time O(strlen(a) * strlen(b)), less when the bound is
 * exceeded early; no allocation. */
size_t suggest_distance(const char *a, const char *b, size_t max);

/* The default bound for a name of len bytes: 1 below 4 bytes, 2 below 8,
 * 3 from 8 on. */
size_t suggest_bound(size_t len);

/* A search for the closest candidate. Callers read best and best_dist; one
 * that finds a suggestion by other means (a known longer spelling) may set
 * best itself. */
typedef struct Suggestion {
    const char *want;    /* the misspelled name (borrowed) */
    size_t max;          /* candidates farther than this are ignored */
    const char *best;    /* the closest candidate so far (borrowed), NULL
                            while there is none */
    size_t best_dist;    /* its distance; SIZE_MAX while there is none */
} Suggestion;

/* Starts a search for want, within suggest_bound(strlen(want)). */
void suggest_begin(Suggestion *s, const char *want);
/* Starts a search for want, within max (SUGGEST_DEFAULT: the default). */
void suggest_begin_within(Suggestion *s, const char *want, size_t max);
/* Considers one candidate. NULL, and want itself byte for byte, are
 * ignored (a name is no suggestion for itself; the same name in other
 * case is). Among candidates at the same distance the first in strcmp()
 * order wins, so the suggestion does not depend on the order in which
 * candidates are considered. */
void suggest_consider(Suggestion *s, const char *cand);

/* The closest of cands[0..n) to want within max (SUGGEST_DEFAULT: the
 * default bound), by the rules of suggest_consider(); NULL when none is
 * close enough. NULL entries of cands are skipped. */
const char *suggest_closest(const char *want, const char *const *cands, size_t n, size_t max);

#endif
