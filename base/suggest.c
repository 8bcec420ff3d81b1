#include "suggest.h"

#include <string.h>

/* Case differences cost nothing: 'Spoedzorg' finds 'spoedzorg'. */
static char fold(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

size_t suggest_distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
        return SIZE_MAX;
    if ((la > lb ? la - lb : lb - la) > max)
        return SIZE_MAX;  /* the difference in length alone is too much */
    /* Two rows of the dynamic-programming table: prev[j] is the distance
     * between a[0..i) and b[0..j). */
    size_t prev[SUGGEST_MAX_LEN + 1], cur[SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t v = sub < del ? sub : del;
            cur[j] = v < ins ? v : ins;
            if (cur[j] < best)
                best = cur[j];
        }
        /* Every later row is at least the smallest of this one. */
        if (best > max)
            return SIZE_MAX;
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb] <= max ? prev[lb] : SIZE_MAX;
}

size_t suggest_bound(size_t len) { return len < 4 ? 1 : len < 8 ? 2 : 3; }

void suggest_begin_within(Suggestion *s, const char *want, size_t max)
{
    s->want = want;
    s->max = max == SUGGEST_DEFAULT ? suggest_bound(strlen(want)) : max;
    s->best = NULL;
    s->best_dist = SIZE_MAX;
}

void suggest_begin(Suggestion *s, const char *want) { suggest_begin_within(s, want, SUGGEST_DEFAULT); }

void suggest_consider(Suggestion *s, const char *cand)
{
    if (!cand || strcmp(cand, s->want) == 0)
        return;
    size_t d = suggest_distance(s->want, cand, s->max);
    if (d == SIZE_MAX)
        return;
    if (d < s->best_dist || (d == s->best_dist && strcmp(cand, s->best) < 0)) {
        s->best_dist = d;
        s->best = cand;
    }
}

const char *suggest_closest(const char *want, const char *const *cands, size_t n, size_t max)
{
    Suggestion s;
    suggest_begin_within(&s, want, max);
    for (size_t i = 0; i < n; i++)
        suggest_consider(&s, cands[i]);
    return s.best;
}
