/*
 * rat.h - exact rational numbers in two int64s.
 *
 * Rule authors compare shares against thresholds ("n / total < 50%"); with
 * binary floating point 5/10 and 50% might not compare equal, with rationals
 * they do. Every operation reports overflow instead of wrapping: the result
 * is valid only when the function returns RAT_OK.
 *
 * Invariant of a Rat: den > 0, gcd(|num|, den) == 1, num != INT64_MIN.
 */
#ifndef WOZO_RAT_H
#define WOZO_RAT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

typedef struct Rat {
    int64_t num;
    int64_t den;
} Rat;

typedef enum RatStatus {
    RAT_OK = 0,
    RAT_OVERFLOW,   /* the exact result does not fit */
    RAT_DIV_ZERO,   /* division by zero */
    RAT_SYNTAX      /* rat_parse: not a number */
} RatStatus;

static inline Rat rat_int(int64_t n) { Rat r = {n, 1}; return r; }
static inline bool rat_is_int(Rat r) { return r.den == 1; }

RatStatus rat_add(Rat a, Rat b, Rat *out);
RatStatus rat_sub(Rat a, Rat b, Rat *out);
RatStatus rat_mul(Rat a, Rat b, Rat *out);
RatStatus rat_div(Rat a, Rat b, Rat *out);
RatStatus rat_neg(Rat a, Rat *out);
/* Rounds to `digits` decimals (0..9), halves away from zero. */
RatStatus rat_round(Rat a, int digits, Rat *out);
/* -1, 0 or 1; exact. */
int rat_cmp(Rat a, Rat b);
/* Builds num/den reduced; den must not be 0. */
RatStatus rat_make(__int128 num, __int128 den, Rat *out);

/* Parses digits with optional '_' separators between digits and an optional
 * fraction ("1_000", "0.25"). The whole of s[0..n) must be the number. */
RatStatus rat_parse(const char *s, size_t n, Rat *out);

/* Appends the decimal form: exact when the expansion has at most 12
 * fractional digits, otherwise rounded to 6 and trailing zeros trimmed.
 * Locale-independent. */
void rat_format(Buf *b, Rat r);
/* Same, with '_' between groups of three integer digits (1_000_000). */
void rat_format_grouped(Buf *b, Rat r);

#endif
