#include "rat.h"


typedef __int128 i128;

static i128 gcd128(i128 a, i128 b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b) {
        i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

RatStatus rat_make(i128 num, i128 den, Rat *out)
{
    if (den == 0)
        return RAT_DIV_ZERO;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    i128 g = gcd128(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    if (num <= INT64_MIN || num > INT64_MAX || den > INT64_MAX)
        return RAT_OVERFLOW;
    out->num = (int64_t)num;
    out->den = (int64_t)den;
    return RAT_OK;
}

/* Intermediate products of two int64 fit in i128; sums of two such products
 * can reach 2^127, so they are checked before adding. */
static bool add128(i128 a, i128 b, i128 *r)
{
    return !__builtin_add_overflow(a, b, r);
}

RatStatus rat_add(Rat a, Rat b, Rat *out)
{
    i128 n;
    if (a.den == b.den) {
        if (!add128(a.num, b.num, &n))
            return RAT_OVERFLOW;
        return rat_make(n, a.den, out);
    }
    if (!add128((i128)a.num * b.den, (i128)b.num * a.den, &n))
        return RAT_OVERFLOW;
    return rat_make(n, (i128)a.den * b.den, out);
}

RatStatus rat_neg(Rat a, Rat *out)
{
    out->num = -a.num;  /* num != INT64_MIN by invariant */
    out->den = a.den;
    return RAT_OK;
}

RatStatus rat_sub(Rat a, Rat b, Rat *out)
{
    Rat nb;
    rat_neg(b, &nb);
    return rat_add(a, nb, out);
}

RatStatus rat_mul(Rat a, Rat b, Rat *out)
{
    /* Cross-reduce first so products of reduced fractions rarely overflow. */
    i128 g1 = gcd128(a.num, b.den), g2 = gcd128(b.num, a.den);
    if (g1 == 0)
        g1 = 1;
    if (g2 == 0)
        g2 = 1;
    i128 n = ((i128)a.num / g1) * ((i128)b.num / g2);
    i128 d = ((i128)a.den / g2) * ((i128)b.den / g1);
    return rat_make(n, d, out);
}

RatStatus rat_div(Rat a, Rat b, Rat *out)
{
    if (b.num == 0)
        return RAT_DIV_ZERO;
    Rat inv;
    if (b.num < 0) {
        inv.num = -b.den;
        inv.den = -b.num;
    } else {
        inv.num = b.den;
        inv.den = b.num;
    }
    return rat_mul(a, inv, out);
}

int rat_cmp(Rat a, Rat b)
{
    i128 l = (i128)a.num * b.den, r = (i128)b.num * a.den;
    return l < r ? -1 : l > r;
}

RatStatus rat_round(Rat a, int digits, Rat *out)
{
    if (digits < 0 || digits > 9)
        return RAT_OVERFLOW;
    i128 scale = 1;
    for (int i = 0; i < digits; i++)
        scale *= 10;
    i128 n = (i128)a.num * scale;
    i128 q = n / a.den, rem = n % a.den;
    if (rem < 0)
        rem = -rem;
    if (2 * rem >= a.den)
        q += n < 0 ? -1 : 1;
    return rat_make(q, scale, out);
}

RatStatus rat_parse(const char *s, size_t n, Rat *out)
{
    i128 num = 0, den = 1;
    size_t i = 0;
    int digits = 0, in_frac = 0;
    int zeros = 0;  /* fraction zeros not yet applied: 1.50000 is 3/2, and
                       trailing zeros must not make it overflow */
    char prev = 0;
    if (n == 0)
        return RAT_SYNTAX;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            digits++;
            if (in_frac && c == '0') {
                zeros++;
                prev = c;
                continue;
            }
            for (; zeros > 0; zeros--) {
                num *= 10;
                den *= 10;
                if (num > (i128)INT64_MAX * 1000 || den > (i128)INT64_MAX)
                    return RAT_OVERFLOW;
            }
            num = num * 10 + (c - '0');
            if (in_frac)
                den *= 10;
            if (num > (i128)INT64_MAX * 1000 || den > (i128)INT64_MAX)
                return RAT_OVERFLOW;
        } else if (c == '_') {
            if (!(prev >= '0' && prev <= '9') || i + 1 >= n || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
                return RAT_SYNTAX;
        } else if (c == '.' && !in_frac) {
            if (!(prev >= '0' && prev <= '9') || i + 1 >= n || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
                return RAT_SYNTAX;
            in_frac = 1;
        } else {
            return RAT_SYNTAX;
        }
        prev = c;
    }
    if (!digits)
        return RAT_SYNTAX;
    return rat_make(num, den, out);
}

/* Appends the digits of the non-negative integer v. */
static void put_u128(Buf *b, unsigned __int128 v, bool grouped)
{
    char tmp[64];
    int n = 0, k = 0;
    do {
        if (grouped && k && k % 3 == 0)
            tmp[n++] = '_';
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
        k++;
    } while (v);
    while (n)
        buf_putc(b, tmp[--n]);
}

/* Whether r's decimal expansion ends within 12 places. */
static bool exact_decimal(Rat r)
{
    int64_t d = r.den;
    int twos = 0, fives = 0;
    while (d % 2 == 0) d /= 2, twos++;
    while (d % 5 == 0) d /= 5, fives++;
    return d == 1 && twos <= 12 && fives <= 12;
}

/* Decimal digits by long division: exact when the expansion ends within 12
 * places, else 6 places rounded half away from zero (with the carry into
 * the integer part). rem * 10 cannot overflow: rem < den <= INT64_MAX. */
static void format(Buf *b, Rat r, bool grouped)
{
    i128 num = r.num, den = r.den;
    bool neg = num < 0;
    if (neg)
        num = -num;
    unsigned __int128 ip = (unsigned __int128)(num / den);
    i128 rem = num % den;
    char frac[16];
    int nf = 0;
    if (rem) {
        bool exact = exact_decimal(r);
        int places = exact ? 12 : 6;
        while (rem && nf < places) {
            rem *= 10;
            frac[nf++] = (char)('0' + (int)(rem / den));
            rem %= den;
        }
        if (!exact && 2 * rem >= den) {
            int k = nf - 1;
            while (k >= 0 && frac[k] == '9')
                frac[k--] = '0';
            if (k >= 0)
                frac[k]++;
            else
                ip++;
        }
        while (nf && frac[nf - 1] == '0')
            nf--;
    }
    if (neg && (ip || nf))
        buf_putc(b, '-');
    put_u128(b, ip, grouped);
    if (nf) {
        buf_putc(b, '.');
        buf_put(b, frac, (size_t)nf);
    }
}

void rat_format(Buf *b, Rat r) { format(b, r, false); }
void rat_format_grouped(Buf *b, Rat r) { format(b, r, true); }
