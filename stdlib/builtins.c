/*
 * builtins.c - built-in functions that work on evaluated arguments.
 *
 * Each receives its arguments already evaluated and never absent (the
 * evaluator reports absent arguments), with the types the resolver checked.
 * Errors go through call_fail(), which does not return.
 */
#include "builtins.h"
#include "../base/date.h"
#include "../base/utf8.h"
#include "../lang/resolve.h"

#include <stdio.h>
#include <string.h>

/* Case mapping for ASCII and the Latin-1 letters Dutch text uses (é, ë,
 * ï, ...); other characters are kept as they are. */
static uint32_t map_case(uint32_t cp, bool upper)
{
    if (upper) {
        if (cp >= 'a' && cp <= 'z')
            return cp - 32;
        if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
            return cp - 32;
    } else {
        if (cp >= 'A' && cp <= 'Z')
            return cp + 32;
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
            return cp + 32;
    }
    return cp;
}

static Value change_case(Call *c, const Value *a, bool upper)
{
    const Text *t = a[0].u.s;
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < t->len;) {
        uint32_t cp;
        size_t k = utf8_decode(t->s + i, t->len - i, &cp);
        if (!k) {
            buf_putc(&b, t->s[i++]);
            continue;
        }
        char out[4];
        buf_put(&b, out, utf8_encode(map_case(cp, upper), out));
        i += (uint32_t)k;
    }
    Value v = val_text(text_new(call_arena(c), buf_str(&b), b.len));
    buf_free(&b);
    return v;
}

static Value bi_lower(Call *c, const Value *a, uint32_t n)
{
    (void)n;
    return change_case(c, a, false);
}

static Value bi_upper(Call *c, const Value *a, uint32_t n)
{
    (void)n;
    return change_case(c, a, true);
}

static Value bi_len(Call *c, const Value *a, uint32_t n)
{
    (void)n;
    int64_t len = a[0].tag == V_LIST ? a[0].u.list->len :
                  a[0].tag == V_MAP ? a[0].u.map->len :
                  (int64_t)utf8_count(a[0].u.s->s, a[0].u.s->len);
    return val_num(call_arena(c), rat_int(len), UNIT_NONE);
}

static Value bi_contains(Call *c, const Value *a, uint32_t n)
{
    (void)c, (void)n;
    const Text *h = a[0].u.s, *nd = a[1].u.s;
    if (nd->len == 0)
        return val_bool(true);
    for (uint32_t i = 0; i + nd->len <= h->len; i++)
        if (memcmp(h->s + i, nd->s, nd->len) == 0)
            return val_bool(true);
    return val_bool(false);
}

static Value bi_year(Call *c, const Value *a, uint32_t n)
{
    (void)n;
    int y, m, d;
    date_to_ymd(a[0].u.date, &y, &m, &d);
    return val_num(call_arena(c), rat_int(y), UNIT_NONE);
}

static Value bi_days_between(Call *c, const Value *a, uint32_t n)
{
    (void)n;
    return val_num(call_arena(c), rat_int((int64_t)a[1].u.date - a[0].u.date), UNIT_NONE);
}

/* round(x) and round(x, d). A percentage rounds in percentage points:
 * round(33.33%) is 33%, not 0%. */
static Value bi_round(Call *c, const Value *a, uint32_t n)
{
    int digits = 0;
    if (n == 2) {
        /* The resolver checked a number written in the rule; any other
         * expression is checked here, with its value in the message. */
        Rat d = val_rat(a[1]);
        if (d.den != 1 || d.num < 0 || d.num > 9) {
            char shown[64];
            Buf b = BUF_INIT;
            val_format(&b, a[1], false);
            snprintf(shown, sizeof shown, "%s", buf_str(&b));
            buf_free(&b);  /* call_fail does not return */
            call_fail(c, DIAG_E108, 1, "the number of decimals must be a whole number from 0 to 9, not %s", shown);
        }
        digits = (int)d.num;
    }
    Rat x = val_rat(a[0]), out;
    bool pct = a[0].unit == UNIT_PERCENT;
    if (pct && rat_mul(x, rat_int(100), &x) != RAT_OK)
        call_fail(c, DIAG_E102, 0, "the number is too large to round");
    if (rat_round(x, digits, &out) != RAT_OK)
        call_fail(c, DIAG_E102, 0, "the number is too large to round");
    if (pct && rat_div(out, rat_int(100), &out) != RAT_OK)
        call_fail(c, DIAG_E102, 0, "the number is too large to round");
    return val_num(call_arena(c), out, a[0].unit);
}

static Value bi_as_of_date(Call *c, const Value *a, uint32_t n)
{
    (void)a, (void)n;
    return val_date(call_as_of(c));
}

static Value bi_join(Call *c, const Value *a, uint32_t n)
{
    (void)n;
    Buf b = BUF_INIT;
    const ListVal *l = a[0].u.list;
    for (uint32_t i = 0; i < l->len; i++) {
        if (i)
            buf_put(&b, a[1].u.s->s, a[1].u.s->len);
        val_format(&b, l->items[i], false);
    }
    Value v = val_text(text_new(call_arena(c), buf_str(&b), b.len));
    buf_free(&b);
    return v;
}

const BuiltinFn wozo_builtins[BI_COUNT_] = {
    [BI_LEN] = bi_len,
    [BI_CONTAINS] = bi_contains,
    [BI_LOWER] = bi_lower,
    [BI_UPPER] = bi_upper,
    [BI_YEAR] = bi_year,
    [BI_DAYS_BETWEEN] = bi_days_between,
    [BI_ROUND] = bi_round,
    [BI_AS_OF_DATE] = bi_as_of_date,
    [BI_JOIN] = bi_join,
};
