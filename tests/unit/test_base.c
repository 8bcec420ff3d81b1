/*
 * test_base.c - the base library: arena, interned names, the pointer map,
 * buffers, UTF-8, exact rationals, calendar dates and "did you mean".
 */
#include "testutil.h"

#include <limits.h>
#include <stdalign.h>
#include <stdio.h>

#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/map.h"
#include "../../base/rat.h"
#include "../../base/suggest.h"
#include "../../base/utf8.h"
#include "../../base/vec.h"

/* ---- arena ---- */

static void arena_keeps_blocks_aligned_and_in_place(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 64);
    char *first = arena_strdup(&a, "vroegsignalering");
    void *ptrs[1000];
    for (int i = 0; i < 1000; i++) {
        ptrs[i] = arena_alloc(&a, (size_t)(i % 37) + 1);
        assert_int_equal((uintptr_t)ptrs[i] % 8, 0);  /* the arena's contract */
        memset(ptrs[i], i & 0xFF, (size_t)(i % 37) + 1);
    }
    /* Chunks never move: the first string is still there, and every block
     * still holds what was written into it. */
    assert_string_equal(first, "vroegsignalering");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(((unsigned char *)ptrs[i])[0], i & 0xFF);
    arena_free(&a);
    assert_null(a.head);
}

static void arena_large_block_and_zeroing(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 128);
    char *small = arena_alloc(&a, 8);
    unsigned char *big = arena_zalloc(&a, 100000);
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(big[i], 0);
    /* The space left in the current chunk is still used after a big block. */
    char *next = arena_alloc(&a, 8);
    assert_ptr_equal(next, small + 8);
    char *s = arena_strndup(&a, "abcdef", 3);
    assert_string_equal(s, "abc");
    arena_free(&a);
}

/* Texts are packed at 4 bytes in chunks of their own, so they leave no
 * padding between aligned blocks, and arena_free() releases both. */
static void arena_packs_bytes_apart(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 4096);
    char *p1 = arena_alloc_packed(&a, 5);
    char *aligned = arena_alloc(&a, 8);
    char *p2 = arena_alloc_packed(&a, 3);
    assert_int_equal((uintptr_t)p1 % 4, 0);
    assert_ptr_equal(p2, p1 + 8);         /* 5 rounded up to 8; the aligned block went elsewhere */
    assert_true(aligned < p1 || aligned >= p2 + 4);
    assert_int_equal((uintptr_t)aligned % 8, 0);
    char *big = arena_alloc_packed(&a, 200000);  /* beyond a chunk: a chunk of its own */
    memset(big, 'x', 200000);
    char *p3 = arena_alloc_packed(&a, 4);
    assert_int_equal((uintptr_t)p3 % 4, 0);
    arena_free(&a);                       /* leak-checked by the sanitizer build */
    assert_null(a.head);
    assert_null(a.bytes);
}

/* Blocks of one lane follow one another, apart from the arena's other
 * blocks and from other lanes; a block larger than a lane's chunk gets its
 * own; arena_free() releases the lanes' chunks too (the sanitizer build
 * checks for leaks). */
static void arena_lanes_keep_blocks_together(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, 4096);
    ArenaLane one = {0}, two = {0};
    char *prev = NULL;
    int breaks[8], nbreaks = 0;
    for (int i = 0; i < 100; i++) {
        char *p = arena_alloc_lane(&a, &one, 80);
        char *q = arena_alloc_lane(&a, &two, 80);
        char *other = arena_alloc(&a, 80);
        assert_int_equal((uintptr_t)p % 8, 0);
        memset(p, 1, 80);
        memset(q, 2, 80);
        memset(other, 3, 80);
        /* the next block is right after the previous one, except where
         * the lane starts a chunk */
        if (prev && p != prev + 80 && nbreaks < 8)
            breaks[nbreaks++] = i;
        assert_true(q + 80 <= p || q >= p + 80);
        assert_true(other + 80 <= p || other >= p + 80);
        prev = p;
    }
    /* chunks of 256 bytes, 512, 1, 2 and 4 KiB hold 3, 6, 12, 25 and 51
     * blocks of 80 bytes */
    assert_int_equal(nbreaks, 5);
    assert_int_equal(breaks[0], 3);
    assert_int_equal(breaks[1], 9);
    assert_int_equal(breaks[2], 21);
    assert_int_equal(breaks[3], 46);
    assert_int_equal(breaks[4], 97);
    char *odd = arena_alloc_lane(&a, &one, 5);    /* rounded up to 8 */
    char *after = arena_alloc_lane(&a, &one, 8);
    assert_ptr_equal(after, odd + 8);
    char *big = arena_alloc_lane(&a, &one, 200000);  /* beyond any lane chunk */
    memset(big, 4, 200000);
    char *small = arena_alloc_lane(&a, &one, 16);
    assert_int_equal((uintptr_t)small % 8, 0);
    assert_true(small + 16 <= big || small >= big + 200000);
    assert_true(a.lanes != NULL);
    arena_free(&a);
    assert_null(a.lanes);
}

/* ---- intern ---- */

static void intern_gives_one_sym_per_string(void **state)
{
    (void)state;
    const Sym *a = sym_intern("spoedzorg", 9);
    const Sym *b = sym_cstr("spoedzorg");
    const Sym *c = sym_intern("spoedzorgX", 9);
    assert_ptr_equal(a, b);
    assert_ptr_equal(a, c);
    assert_int_equal(a->len, 9);
    assert_string_equal(a->str, "spoedzorg");
    assert_int_equal(a->hash, hash_bytes("spoedzorg", 9));
    assert_ptr_not_equal(a, sym_cstr("Spoedzorg"));
    /* Embedded NUL bytes are part of the name. */
    const Sym *z = sym_intern("a\0b", 3);
    assert_ptr_not_equal(z, sym_cstr("a"));
    assert_int_equal(z->len, 3);
}

static void intern_survives_growth(void **state)
{
    (void)state;
    const Sym *syms[5000];
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "name_%d", i);
        syms[i] = sym_cstr(name);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "name_%d", i);
        assert_ptr_equal(sym_cstr(name), syms[i]);
        assert_string_equal(syms[i]->str, name);
    }
}

/* ---- map ---- */

static void map_get_put_replace(void **state)
{
    (void)state;
    Map m;
    map_init(&m);
    int k1, k2, v1, v2, v3;
    assert_null(map_get(&m, &k1));
    assert_null(map_put(&m, &k1, &v1));
    assert_null(map_put(&m, &k2, &v2));
    assert_ptr_equal(map_get(&m, &k1), &v1);
    assert_ptr_equal(map_get(&m, &k2), &v2);
    /* Replacing returns the old value and does not count twice. */
    assert_ptr_equal(map_put(&m, &k1, &v3), &v1);
    assert_ptr_equal(map_get(&m, &k1), &v3);
    assert_int_equal(m.count, 2);
    map_free(&m);
    assert_null(map_get(&m, &k1));
}

static void map_grows_and_keeps_everything(void **state)
{
    (void)state;
    Map m;
    map_init(&m);
    enum { N = 10000 };
    static int keys[N], vals[N];
    for (int i = 0; i < N; i++)
        map_put(&m, &keys[i], &vals[i]);
    assert_int_equal(m.count, N);
    /* Power-of-two capacity, at most half full. */
    assert_int_equal(m.cap & (m.cap - 1), 0);
    assert_true(m.count * 2 <= m.cap);
    for (int i = 0; i < N; i++)
        assert_ptr_equal(map_get(&m, &keys[i]), &vals[i]);
    int absent;
    assert_null(map_get(&m, &absent));
    map_free(&m);
}

/* A set emptied by a new generation must forget every key, keep its size,
 * and still find keys whose probe chains run over slots of an older
 * generation. */
static void pset_clear_forgets_and_keeps_size(void **state)
{
    (void)state;
    PtrSet s = {0};
    enum { N = 5000 };
    static int keys[N];
    size_t cap0 = 0;
    for (int round = 0; round < 3; round++) {
        pset_clear(&s);
        assert_int_equal(s.count, 0);
        /* A different half of the keys each round, so that the set holds
         * stale slots of other keys when this round's keys go in. */
        for (int i = round % 2; i < N; i += 2)
            assert_true(pset_add(&s, &keys[i]));
        for (int i = round % 2; i < N; i += 2)
            assert_false(pset_add(&s, &keys[i]));
        assert_int_equal(s.count, N / 2);
        size_t cap = s.cap;
        assert_true(s.count * 2 <= cap);
        if (round == 0)
            cap0 = cap;
        assert_int_equal(cap, cap0);  /* sized in round 0, not grown again */
    }
    /* Keys of the previous round are gone. */
    pset_clear(&s);
    assert_true(pset_add(&s, &keys[0]));
    assert_true(pset_add(&s, &keys[1]));
    pset_free(&s);
    assert_true(pset_add(&s, &keys[0]));  /* usable again after pset_free */
    pset_free(&s);
}

/* After a large generation, a small one gets a small set again (so its
 * probes stay in cache), with every key found once; a large one grows it
 * again. A generation that fills an eighth or more keeps the size. */
static void pset_shrinks_after_a_large_generation(void **state)
{
    (void)state;
    PtrSet s = {0};
    enum { N = 40000 };
    static int keys[N];
    for (int i = 0; i < N; i++)
        assert_true(pset_add(&s, &keys[i]));
    size_t big = s.cap;
    assert_true(big >= 2 * N);
    pset_clear(&s);
    for (int i = 0; i < 3000; i++)
        assert_true(pset_add(&s, &keys[i]));
    assert_int_equal(s.cap, big);         /* shrinks only at the next clear */
    pset_clear(&s);
    assert_int_equal(s.cap, 8192);        /* the first power of two >= 2 * 3000 + 2 */
    assert_int_equal(s.count, 0);
    for (int i = 0; i < 3000; i++)
        assert_true(pset_add(&s, &keys[N - 1 - i]));
    for (int i = 0; i < 3000; i++)
        assert_false(pset_add(&s, &keys[N - 1 - i]));
    assert_true(pset_add(&s, &keys[0]));  /* from an older generation: not in it */
    pset_clear(&s);
    assert_int_equal(s.cap, 8192);        /* 3001 of 8192 is more than an eighth */
    pset_clear(&s);                       /* an empty generation: back to the least */
    assert_int_equal(s.cap, 1024);
    for (int i = 0; i < N; i++)
        assert_true(pset_add(&s, &keys[i]));
    assert_int_equal(s.cap, big);
    pset_free(&s);
}

/* When the generation counter wraps, old stamps must not come back to life. */
static void pset_generation_wraps(void **state)
{
    (void)state;
    PtrSet s = {0};
    int a = 0, b = 0;
    assert_true(pset_add(&s, &a));
    s.gen = UINT32_MAX;           /* as after 2^32 - 1 clears */
    /* Every slot holds b under stamp 1, the generation after the wrap:
     * without the reset, b would seem to be in the emptied set. */
    for (size_t i = 0; i < s.cap; i++) {
        s.slots[i].key = &b;
        s.slots[i].gen = 1;
    }
    pset_clear(&s);               /* wraps: every stamp is reset */
    assert_int_equal(s.gen, 1);
    for (size_t i = 0; i < s.cap; i++)
        assert_int_equal(s.slots[i].gen, 0);
    assert_true(pset_add(&s, &b));
    assert_true(pset_add(&s, &a));
    assert_false(pset_add(&s, &b));
    pset_free(&s);
}

/* ---- buf and vec ---- */

static void buf_put_place_leaves_out_unknown_column(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    buf_put_place(&b, "rules/a.wozo", 12, 7);
    buf_putc(&b, ' ');
    buf_put_place(&b, "data.yaml", 16777215, 0);
    assert_string_equal(buf_str(&b), "rules/a.wozo:12:7 data.yaml:16777215");
    buf_free(&b);
}

static void buf_builds_strings(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    assert_string_equal(buf_str(&b), "");
    buf_puts(&b, "EUR ");
    buf_printf(&b, "%d_%03d", 1, 500);
    buf_putc(&b, '!');
    buf_fill(&b, '~', 3);
    buf_put(&b, "xyz", 2);
    assert_string_equal(buf_str(&b), "EUR 1_500!~~~xy");
    assert_int_equal(b.len, strlen("EUR 1_500!~~~xy"));
    buf_clear(&b);
    assert_string_equal(buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%04d", i);
    assert_int_equal(b.len, 4000);
    assert_memory_equal(b.data + 3996, "0999", 4);
    char *s = buf_take(&b);
    assert_null(b.data);
    assert_int_equal(strlen(s), 4000);
    mem_free(s);
    s = buf_take(&b);  /* an empty Buf gives an empty string, never NULL */
    assert_string_equal(s, "");
    mem_free(s);
}

static void vec_pushes(void **state)
{
    (void)state;
    VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        vec_push(&v, i * 3);
    assert_int_equal(v.len, 1000);
    assert_true(v.cap >= 1000);
    assert_int_equal(v.items[999], 2997);
    vec_free(&v);
    assert_null(v.items);
    assert_int_equal(v.len, 0);
}

/* ---- utf8 ---- */

static void utf8_decodes_every_length(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);  /* é */
    assert_int_equal(cp, 0xE9);
    assert_int_equal(utf8_decode("\xE2\x82\xAC", 3, &cp), 3);  /* € */
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);  /* U+10FFFF */
    assert_int_equal(cp, 0x10FFFF);
    assert_int_equal(utf8_decode("", 0, &cp), 0);
}

static void utf8_rejects_malformed(void **state)
{
    (void)state;
    uint32_t cp;
    /* Overlong forms of '/', of U+0000 and of U+07FF. */
    assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 0);
    assert_int_equal(utf8_decode("\xC1\xBF", 2, &cp), 0);
    assert_int_equal(utf8_decode("\xE0\x80\xAF", 3, &cp), 0);
    assert_int_equal(utf8_decode("\xE0\x9F\xBF", 3, &cp), 0);
    assert_int_equal(utf8_decode("\xF0\x8F\xBF\xBF", 4, &cp), 0);
    /* Surrogates U+D800 and U+DFFF. */
    assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 0);
    assert_int_equal(utf8_decode("\xED\xBF\xBF", 3, &cp), 0);
    assert_int_equal(utf8_decode("\xED\x9F\xBF", 3, &cp), 3);  /* U+D7FF is fine */
    /* Above U+10FFFF, lone continuation bytes, bad continuations, cut short. */
    assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
    assert_int_equal(utf8_decode("\xF5\x80\x80\x80", 4, &cp), 0);
    assert_int_equal(utf8_decode("\x80", 1, &cp), 0);
    assert_int_equal(utf8_decode("\xFF", 1, &cp), 0);
    assert_int_equal(utf8_decode("\xC3\x28", 2, &cp), 0);
    assert_int_equal(utf8_decode("\xE2\x82", 2, &cp), 0);
    assert_int_equal(utf8_decode("\xE2\x82\xAC", 2, &cp), 0);  /* n cuts it */
}

/* The fast path of the scanners: runs of printable ASCII, eight bytes at a
 * time; each kind of stop (control, DEL, non-ASCII) at every position of a
 * word and after it. */
static void utf8_plain_prefix_stops_where_it_must(void **state)
{
    (void)state;
    char s[40];
    const char stops[] = {'\t', '\n', 0x01, 0x1F, 0x7F, (char)0xC3, (char)0x80};
    for (size_t k = 0; k < sizeof stops; k++)
        for (size_t at = 0; at < 24; at++) {
            memset(s, 'a', sizeof s);
            s[at] = stops[k];
            assert_int_equal(utf8_plain_prefix(s, sizeof s), at);
        }
    memset(s, '~', sizeof s);  /* 0x7E is printable */
    s[0] = ' ';                /* and so is 0x20 */
    assert_int_equal(utf8_plain_prefix(s, sizeof s), sizeof s);
    assert_int_equal(utf8_plain_prefix(s, 0), 0);
    assert_int_equal(utf8_plain_prefix(s, 3), 3);
    /* validation takes the same fast path and still finds a bad byte late */
    memset(s, 'x', sizeof s);
    s[37] = (char)0xFF;
    size_t bad = 0;
    assert_false(utf8_valid(s, sizeof s, &bad));
    assert_int_equal(bad, 37);
}

static void utf8_validates_and_finds_first_bad_byte(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(utf8_valid("Zo\xC3\xAB en caf\xC3\xA9", 13, &bad));
    assert_int_equal(bad, 99);
    assert_false(utf8_valid("caf\xE9 ok", 7, &bad));
    assert_int_equal(bad, 3);
    assert_false(utf8_valid("ab\xED\xA0\x80", 5, &bad));
    assert_int_equal(bad, 2);
    assert_false(utf8_valid("abc\xE2\x82", 5, &bad));
    assert_int_equal(bad, 3);
    assert_true(utf8_valid("", 0, NULL));
    assert_false(utf8_valid("\x80", 1, NULL));
}

static void utf8_counts_characters(void **state)
{
    (void)state;
    assert_int_equal(utf8_count("\xC3\xA9\xC3\xA9n", 5), 3);  /* één */
    assert_int_equal(utf8_count("abc", 3), 3);
    assert_int_equal(utf8_count("a\xFF" "b", 3), 3);  /* a bad byte counts once */
    assert_int_equal(utf8_count("\xF0\x9F\x98\x80", 4), 1);
    assert_int_equal(utf8_count("", 0), 0);
}

static void utf8_encodes_and_knows_bidi(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char out[4];
        uint32_t back;
        size_t n = utf8_encode(cps[i], out);
        assert_int_equal(utf8_decode(out, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    assert_true(utf8_is_bidi_control(0x202A));
    assert_true(utf8_is_bidi_control(0x202E));
    assert_true(utf8_is_bidi_control(0x2066));
    assert_true(utf8_is_bidi_control(0x2069));
    assert_false(utf8_is_bidi_control(0x2029));
    assert_false(utf8_is_bidi_control(0x202F));
    assert_false(utf8_is_bidi_control(0x2065));
    assert_false(utf8_is_bidi_control(0x206A));
    assert_false(utf8_is_bidi_control(0xE9));
}

/* ---- rat ---- */

static Rat R(int64_t n, int64_t d)
{
    Rat r;
    assert_int_equal(rat_make(n, d, &r), RAT_OK);
    return r;
}

static char *fmt(Rat r)
{
    static char out[8][64];
    static int k;
    Buf b = BUF_INIT;
    rat_format(&b, r);
    char *s = out[k++ & 7];
    snprintf(s, 64, "%s", buf_str(&b));
    buf_free(&b);
    return s;
}

static void rat_make_reduces_and_normalises_sign(void **state)
{
    (void)state;
    Rat r = R(10, -4);
    assert_int_equal(r.num, -5);
    assert_int_equal(r.den, 2);
    r = R(0, -7);
    assert_int_equal(r.num, 0);
    assert_int_equal(r.den, 1);
    assert_int_equal(rat_make(1, 0, &r), RAT_DIV_ZERO);
    /* INT64_MIN is outside the invariant: it has no negation. */
    assert_int_equal(rat_make((__int128)INT64_MIN, 1, &r), RAT_OVERFLOW);
    assert_int_equal(rat_make((__int128)INT64_MAX + 1, 1, &r), RAT_OVERFLOW);
    assert_int_equal(rat_make(INT64_MAX, 1, &r), RAT_OK);
    assert_int_equal(rat_make(-INT64_MAX, 1, &r), RAT_OK);
    /* A huge fraction that reduces to something small is fine. */
    assert_int_equal(rat_make((__int128)INT64_MAX * 4, (__int128)INT64_MAX * 8, &r), RAT_OK);
    assert_int_equal(r.num, 1);
    assert_int_equal(r.den, 2);
}

static void rat_arithmetic_is_exact(void **state)
{
    (void)state;
    Rat r, third = R(1, 3);
    assert_int_equal(rat_mul(third, rat_int(3), &r), RAT_OK);
    assert_true(r.num == 1 && r.den == 1);
    assert_int_equal(rat_add(R(1, 6), R(1, 3), &r), RAT_OK);
    assert_true(r.num == 1 && r.den == 2);
    assert_int_equal(rat_sub(R(1, 2), R(3, 4), &r), RAT_OK);
    assert_true(r.num == -1 && r.den == 4);
    assert_int_equal(rat_div(R(1, 2), R(-1, 4), &r), RAT_OK);
    assert_true(r.num == -2 && r.den == 1);
    assert_int_equal(rat_div(rat_int(1), rat_int(0), &r), RAT_DIV_ZERO);
    assert_int_equal(rat_neg(R(3, 7), &r), RAT_OK);
    assert_true(r.num == -3 && r.den == 7);
    /* 5 of 10 is exactly 50%. */
    Rat share, pct;
    assert_int_equal(rat_div(rat_int(5), rat_int(10), &share), RAT_OK);
    assert_int_equal(rat_div(rat_int(50), rat_int(100), &pct), RAT_OK);
    assert_int_equal(rat_cmp(share, pct), 0);
}

static void rat_detects_overflow_at_int64_limits(void **state)
{
    (void)state;
    Rat r, max = rat_int(INT64_MAX), min = rat_int(-INT64_MAX);
    assert_int_equal(rat_add(max, rat_int(1), &r), RAT_OVERFLOW);
    assert_int_equal(rat_add(max, rat_int(0), &r), RAT_OK);
    assert_int_equal(r.num, INT64_MAX);
    assert_int_equal(rat_sub(min, rat_int(1), &r), RAT_OVERFLOW);  /* would be INT64_MIN */
    assert_int_equal(rat_sub(min, rat_int(0), &r), RAT_OK);
    assert_int_equal(rat_mul(max, rat_int(2), &r), RAT_OVERFLOW);
    assert_int_equal(rat_mul(max, rat_int(-1), &r), RAT_OK);
    assert_int_equal(r.num, -INT64_MAX);
    assert_int_equal(rat_div(max, R(1, 2), &r), RAT_OVERFLOW);
    /* Denominators overflow too: 1/(2^62) * 1/4. */
    assert_int_equal(rat_mul(R(1, (int64_t)1 << 62), R(1, 4), &r), RAT_OVERFLOW);
    /* Cross-reduction keeps products of big reduced fractions in range. */
    assert_int_equal(rat_mul(R(INT64_MAX, 3), R(3, INT64_MAX), &r), RAT_OK);
    assert_true(r.num == 1 && r.den == 1);
    /* Adding fractions with big coprime denominators overflows the result. */
    assert_int_equal(rat_add(R(1, INT64_MAX), R(1, INT64_MAX - 1), &r), RAT_OVERFLOW);
}

static void rat_compare_is_exact(void **state)
{
    (void)state;
    /* Differ only beyond double precision. */
    Rat a = R(INT64_MAX - 1, INT64_MAX), b = R(INT64_MAX - 2, INT64_MAX - 1);
    assert_int_equal(rat_cmp(a, b), 1);
    assert_int_equal(rat_cmp(b, a), -1);
    assert_int_equal(rat_cmp(a, a), 0);
    assert_int_equal(rat_cmp(R(-1, 3), R(-1, 2)), 1);
    assert_int_equal(rat_cmp(rat_int(-INT64_MAX), rat_int(INT64_MAX)), -1);
    assert_int_equal(rat_cmp(R(2, 4), R(1, 2)), 0);
}

static void rat_parses_numbers(void **state)
{
    (void)state;
    Rat r;
    assert_int_equal(rat_parse("1_000_000", 9, &r), RAT_OK);
    assert_int_equal(r.num, 1000000);
    assert_int_equal(rat_parse("0.25", 4, &r), RAT_OK);
    assert_true(r.num == 1 && r.den == 4);
    assert_int_equal(rat_parse("12.5", 4, &r), RAT_OK);
    assert_true(r.num == 25 && r.den == 2);
    assert_int_equal(rat_parse("0001", 4, &r), RAT_OK);
    assert_int_equal(r.num, 1);
    /* Trailing zeros of a fraction do not count against the range. */
    assert_int_equal(rat_parse("1.50000000000000000000000000", 28, &r), RAT_OK);
    assert_true(r.num == 3 && r.den == 2);
    /* The limits: INT64_MAX is a number, one more is not; 18 decimals are
     * fine, 19 significant ones are not. */
    assert_int_equal(rat_parse("9223372036854775807", 19, &r), RAT_OK);
    assert_int_equal(r.num, INT64_MAX);
    assert_int_equal(rat_parse("9223372036854775808", 19, &r), RAT_OVERFLOW);
    assert_int_equal(rat_parse("99999999999999999999999", 23, &r), RAT_OVERFLOW);
    assert_int_equal(rat_parse("0.000000000000000001", 20, &r), RAT_OK);
    assert_int_equal(r.den, 1000000000000000000);
    assert_int_equal(rat_parse("0.0000000000000000001", 21, &r), RAT_OVERFLOW);
    /* Syntax. */
    static const char *const bad[] = {"", "_1", "1_", "1__0", "1._5", "1_.5", ".5", "5.", "1.2.3",
                                      "1e5", "-1", "12a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(rat_parse(bad[i], strlen(bad[i]), &r), RAT_SYNTAX);
    /* Only s[0..n) is read. */
    assert_int_equal(rat_parse("12xyz", 2, &r), RAT_OK);
    assert_int_equal(r.num, 12);
}

static void rat_formats_exactly_or_rounded(void **state)
{
    (void)state;
    assert_string_equal(fmt(rat_int(0)), "0");
    assert_string_equal(fmt(rat_int(-42)), "-42");
    assert_string_equal(fmt(R(1, 4)), "0.25");
    assert_string_equal(fmt(R(-1, 8)), "-0.125");
    assert_string_equal(fmt(R(1, 3)), "0.333333");
    assert_string_equal(fmt(R(2, 3)), "0.666667");
    assert_string_equal(fmt(R(-2, 3)), "-0.666667");
    assert_string_equal(fmt(R(1, 4096)), "0.000244140625");  /* 12 decimals: exact */
    assert_string_equal(fmt(R(1, 8192)), "0.000122");         /* 13: rounded to 6 */
    assert_string_equal(fmt(R(1, 7000000)), "0");             /* rounds to zero */
    assert_string_equal(fmt(rat_int(INT64_MAX)), "9223372036854775807");
    /* Too large to round by scaling by 10^6: long division still works. */
    assert_string_equal(fmt(R(INT64_MAX, 3)), "3074457345618258602.333333");
    assert_string_equal(fmt(R(-INT64_MAX, 7)), "-1317624576693539401");
    assert_string_equal(fmt(R(2, 1999999)), "0.000001");   /* rounds up into the 6th place */
    assert_string_equal(fmt(R(-1, 3000000)), "0");        /* no "-0" */
    assert_string_equal(fmt(R(1999999, 1000001)), "1.999997");
    assert_string_equal(fmt(R(9999999, 7000000)), "1.428571");
    Buf b = BUF_INIT;
    rat_format_grouped(&b, rat_int(312000000));
    buf_putc(&b, ' ');
    rat_format_grouped(&b, R(-123456789, 100));
    buf_putc(&b, ' ');
    rat_format_grouped(&b, rat_int(999));
    assert_string_equal(buf_str(&b), "312_000_000 -1_234_567.89 999");
    buf_free(&b);
}

static void rat_rounds_halves_away_from_zero(void **state)
{
    (void)state;
    Rat r;
    assert_int_equal(rat_round(R(5, 2), 0, &r), RAT_OK);
    assert_int_equal(r.num, 3);
    assert_int_equal(rat_round(R(-5, 2), 0, &r), RAT_OK);
    assert_int_equal(r.num, -3);
    assert_int_equal(rat_round(R(249, 100), 1, &r), RAT_OK);
    assert_string_equal(fmt(r), "2.5");
    assert_int_equal(rat_round(R(-125, 1000), 2, &r), RAT_OK);
    assert_string_equal(fmt(r), "-0.13");
    assert_int_equal(rat_round(R(1, 3), 9, &r), RAT_OK);
    assert_string_equal(fmt(r), "0.333333333");
    assert_int_equal(rat_round(R(12, 1), 3, &r), RAT_OK);
    assert_true(r.num == 12 && r.den == 1);
    assert_int_equal(rat_round(rat_int(INT64_MAX), 9, &r), RAT_OK);
    assert_int_equal(r.num, INT64_MAX);
    assert_int_equal(rat_round(R(1, 3), 10, &r), RAT_OVERFLOW);
    assert_int_equal(rat_round(R(1, 3), -1, &r), RAT_OVERFLOW);
}

/* ---- date ---- */

static void date_knows_leap_years(void **state)
{
    (void)state;
    int32_t d;
    assert_true(date_from_ymd(2024, 2, 29, &d));
    assert_false(date_from_ymd(2023, 2, 29, &d));
    assert_false(date_from_ymd(1900, 2, 29, &d));  /* divisible by 100 */
    assert_true(date_from_ymd(2000, 2, 29, &d));   /* divisible by 400 */
    assert_false(date_from_ymd(2100, 2, 29, &d));
    assert_true(date_from_ymd(2023, 2, 28, &d));
}

static void date_rejects_what_does_not_exist(void **state)
{
    (void)state;
    int32_t d;
    assert_false(date_from_ymd(2024, 4, 31, &d));
    assert_false(date_from_ymd(2024, 13, 1, &d));
    assert_false(date_from_ymd(2024, 0, 1, &d));
    assert_false(date_from_ymd(2024, 1, 0, &d));
    assert_false(date_from_ymd(0, 1, 1, &d));
    assert_false(date_from_ymd(10000, 1, 1, &d));
    assert_true(date_from_ymd(1, 1, 1, &d));
    assert_true(date_from_ymd(9999, 12, 31, &d));
    static const char *const bad[] = {"2024-02-30", "2024-2-03", "2024/02/03", "24-02-03", "2024-02-3x",
                                      "2024-02-031", "abcd-ef-gh", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(date_parse(bad[i], strlen(bad[i]), &d));
}

static void date_counts_days_and_formats(void **state)
{
    (void)state;
    int32_t d, e;
    assert_true(date_parse("1970-01-01", 10, &d));
    assert_int_equal(d, 0);
    assert_true(date_parse("1969-12-31", 10, &d));
    assert_int_equal(d, -1);
    assert_true(date_parse("2024-08-02", 10, &d));
    assert_true(date_parse("2024-03-01", 10, &e));
    int32_t feb;
    assert_true(date_parse("2024-02-28", 10, &feb));
    assert_int_equal(e - feb, 2);  /* through the 29th */
    /* Every day of four centuries goes to y-m-d and back. */
    int32_t first, last;
    assert_true(date_from_ymd(1800, 1, 1, &first));
    assert_true(date_from_ymd(2200, 12, 31, &last));
    for (int32_t day = first; day <= last; day++) {
        int y, m, dd;
        int32_t back;
        date_to_ymd(day, &y, &m, &dd);
        assert_true(date_from_ymd(y, m, dd, &back));
        assert_int_equal(back, day);
    }
    Buf b = BUF_INIT;
    date_format(&b, d);
    buf_putc(&b, ' ');
    assert_true(date_from_ymd(1, 1, 1, &d));
    date_format(&b, d);
    assert_string_equal(buf_str(&b), "2024-08-02 0001-01-01");
    buf_free(&b);
}

/* ---- suggest ---- */

static void suggest_distance_is_capped_and_case_free(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("planned", "planned", 3), 0);
    assert_int_equal(suggest_distance("plannd", "planned", 3), 1);     /* deletion */
    assert_int_equal(suggest_distance("planneed", "planned", 3), 1);   /* insertion */
    assert_int_equal(suggest_distance("plamned", "planned", 3), 1);    /* replacement */
    assert_int_equal(suggest_distance("Spoedzorg", "spoedzorg", 0), 0); /* case is free */
    assert_int_equal(suggest_distance("kitten", "sitting", 3), 3);
    assert_int_equal(suggest_distance("kitten", "sitting", 2), SIZE_MAX);
    assert_int_equal(suggest_distance("a", "abcdefgh", 3), SIZE_MAX);  /* lengths alone */
    assert_int_equal(suggest_distance("", "abc", 3), 3);
    assert_int_equal(suggest_distance("", "", 0), 0);
    assert_int_equal(suggest_distance("abc", "xyz", SIZE_MAX), 3);    /* no bound */
    char longer[SUGGEST_MAX_LEN + 2];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(suggest_distance(longer, longer, 3), SIZE_MAX);  /* too long to compare */
    longer[SUGGEST_MAX_LEN] = '\0';                                   /* exactly the limit */
    assert_int_equal(suggest_distance(longer, longer, 3), 0);
}

static void suggest_picks_the_closest_within_the_bound(void **state)
{
    (void)state;
    assert_int_equal(suggest_bound(3), 1);
    assert_int_equal(suggest_bound(4), 2);
    assert_int_equal(suggest_bound(7), 2);
    assert_int_equal(suggest_bound(8), 3);

    const char *words[] = {"absent", "mentioned", "planned", "concrete", NULL};
    assert_string_equal(suggest_closest("planed", words, 5, SUGGEST_DEFAULT), "planned");
    assert_string_equal(suggest_closest("Concrete", words, 5, SUGGEST_DEFAULT), "concrete");
    assert_null(suggest_closest("planned", words, 5, SUGGEST_DEFAULT));  /* itself is no suggestion */
    assert_null(suggest_closest("unknown", words, 5, SUGGEST_DEFAULT));
    assert_null(suggest_closest("planed", words, 0, SUGGEST_DEFAULT));
    /* 'plnd' is 3 edits from 'planned': beyond the default bound of 2 for
     * four letters, within an explicit 3. */
    assert_null(suggest_closest("plnd", words, 4, SUGGEST_DEFAULT));
    assert_string_equal(suggest_closest("plnd", words, 4, 3), "planned");
    assert_null(suggest_closest("plannd", words, 4, 0));

    /* The closest wins over an earlier, farther one; a tie goes to the
     * first name in strcmp order, whatever the order of the candidates. */
    Suggestion s;
    suggest_begin(&s, "abcd");
    assert_null(s.best);
    assert_int_equal(s.best_dist, SIZE_MAX);
    assert_int_equal(s.max, 2);
    suggest_consider(&s, "abxy");
    suggest_consider(&s, NULL);
    suggest_consider(&s, "abcx");
    assert_string_equal(s.best, "abcx");
    assert_int_equal(s.best_dist, 1);
    suggest_consider(&s, "abce");
    assert_string_equal(s.best, "abce");
    suggest_consider(&s, "abcz");
    assert_string_equal(s.best, "abce");
    const char *fwd[] = {"abcz", "abce"}, *rev[] = {"abce", "abcz"};
    assert_string_equal(suggest_closest("abcd", fwd, 2, SUGGEST_DEFAULT), "abce");
    assert_string_equal(suggest_closest("abcd", rev, 2, SUGGEST_DEFAULT), "abce");

    /* The result is the caller's pointer, not a copy. */
    char mine[] = "planned";
    const char *own[] = {mine};
    assert_ptr_equal(suggest_closest("planed", own, 1, SUGGEST_DEFAULT), mine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(arena_keeps_blocks_aligned_and_in_place),
        TEST(arena_large_block_and_zeroing),
        TEST(arena_packs_bytes_apart),
        TEST(arena_lanes_keep_blocks_together),
        TEST(intern_gives_one_sym_per_string),
        TEST(intern_survives_growth),
        TEST(map_get_put_replace),
        TEST(map_grows_and_keeps_everything),
        TEST(pset_clear_forgets_and_keeps_size),
        TEST(pset_generation_wraps),
        TEST(pset_shrinks_after_a_large_generation),
        TEST(buf_builds_strings),
        TEST(buf_put_place_leaves_out_unknown_column),
        TEST(vec_pushes),
        TEST(utf8_decodes_every_length),
        TEST(utf8_rejects_malformed),
        TEST(utf8_validates_and_finds_first_bad_byte),
        TEST(utf8_plain_prefix_stops_where_it_must),
        TEST(utf8_counts_characters),
        TEST(utf8_encodes_and_knows_bidi),
        TEST(rat_make_reduces_and_normalises_sign),
        TEST(rat_arithmetic_is_exact),
        TEST(rat_detects_overflow_at_int64_limits),
        TEST(rat_compare_is_exact),
        TEST(rat_parses_numbers),
        TEST(rat_formats_exactly_or_rounded),
        TEST(rat_rounds_halves_away_from_zero),
        TEST(date_knows_leap_years),
        TEST(date_rejects_what_does_not_exist),
        TEST(date_counts_days_and_formats),
        TEST(suggest_distance_is_capped_and_case_free),
        TEST(suggest_picks_the_closest_within_the_bound),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
