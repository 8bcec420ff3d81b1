#include "value.h"
#include "../base/date.h"
#include "../base/mem.h"

#include <stdlib.h>
#include <string.h>

Value val_num(Arena *a, Rat r, int unit)
{
    Value v = {0};
    v.unit = (uint8_t)unit;
    if (r.den == 1) {
        v.tag = V_INT;
        v.u.i = r.num;
    } else {
        Rat *q = arena_alloc(a, sizeof *q);
        *q = r;
        v.tag = V_RAT;
        v.u.q = q;
    }
    return v;
}

Rat val_rat(Value v)
{
    return v.tag == V_INT ? rat_int(v.u.i) : v.tag == V_RAT ? *v.u.q : rat_int(0);
}

bool map_slot(const MapVal *m, uint32_t i, Value *key, Value *val)
{
    if (!m->vals) {
        if (i >= m->len)
            return false;
        *key = m->entries[i].key;
        *val = m->entries[i].val;
        return true;
    }
    if (i >= m->nvals || m->vals[i].tag == V_ABSENT)
        return false;
    *key = m->key->k == TY_KIND ? val_thing(m->key->kind->things.items[i]) : val_word(&m->key->scale->values[i]);
    *val = m->vals[i];
    return true;
}

int64_t map_find(const MapVal *m, Value key)
{
    if (m->vals) {
        uint32_t ix = key.tag == V_THING ? key.u.t->index : key.tag == V_WORD ? key.u.w->index : UINT32_MAX;
        return ix < m->nvals && m->vals[ix].tag != V_ABSENT ? (int64_t)ix : -1;
    }
    for (uint32_t i = 0; i < m->len; i++)
        if (val_equal(m->entries[i].key, key))
            return i;
    return -1;
}

MapVal *map_new_dense(Arena *a, const Type *key, Value **vals)
{
    MapVal *m = arena_zalloc(a, sizeof *m);
    m->key = key;
    m->nvals = key->k == TY_KIND ? (uint32_t)key->kind->things.len : key->scale->nvalues;
    *vals = arena_zalloc(a, (m->nvals + 1) * sizeof **vals);  /* V_ABSENT is 0 */
    m->vals = *vals;
    return m;
}

Record *record_new(Arena *a, const Kind *k)
{
    Record *rec = arena_zalloc(a, sizeof *rec + k->nfields * sizeof(Value));
    rec->kind = k;
    rec->slot = UINT32_MAX;
    rec->field_bits = REC_FIELD_MASK;
    return rec;
}

const Text *text_new(Arena *a, const char *s, size_t n)
{
    Text *t = arena_alloc_packed(a, sizeof *t + n + 1);
    t->len = (uint32_t)n;
    if (n)
        memcpy(t->s, s, n);
    t->s[n] = '\0';
    return t;
}

const Text *text_cstr(Arena *a, const char *s) { return text_new(a, s, strlen(s)); }

static int cmp_bytes(const Text *a, const Text *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    if (c)
        return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len;
}

int val_compare(Value a, Value b)
{
    if (val_is_num(a) && val_is_num(b)) {
        if (a.tag == V_INT && b.tag == V_INT)
            return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
        return rat_cmp(val_rat(a), val_rat(b));
    }
    switch (a.tag) {
    case V_DATE: return a.u.date < b.u.date ? -1 : a.u.date > b.u.date;
    case V_TEXT: return cmp_bytes(a.u.s, b.u.s);
    case V_WORD: return a.u.w->index < b.u.w->index ? -1 : a.u.w->index > b.u.w->index;
    case V_BOOL: return (int)a.u.b - (int)b.u.b;
    case V_THING: {
        /* By name; things of two kinds may share a name, so the kind
         * decides between them and 0 means the same thing, as in
         * val_equal(). */
        int c = strcmp(a.u.t->name->str, b.u.t->name->str);
        if (c || a.u.t == b.u.t)
            return c < 0 ? -1 : c > 0;
        return a.u.t->kind->index < b.u.t->kind->index ? -1 : 1;
    }
    default: return 0;
    }
}

/* Entries of a text-keyed map in byte order of their keys (a map's keys
 * are distinct: the loader and the resolver refuse a key given twice). */
static int cmp_entry_keys(const void *pa, const void *pb)
{
    const MapEntry *a = *(const MapEntry *const *)pa, *b = *(const MapEntry *const *)pb;
    if (a->key.tag != V_TEXT || b->key.tag != V_TEXT)
        return a->key.tag < b->key.tag ? -1 : a->key.tag > b->key.tag;
    return cmp_bytes(a->key.u.s, b->key.u.s);
}

/* Two maps are equal when they hold the same keys with equal values,
 * whatever order the entries were written in: {a: 1, b: 2} == {b: 2, a: 1}.
 * Dense maps (keyed by things or words) keep entries in key order already.
 * Text-keyed maps keep the file's order, so when the keys do not line up
 * one by one both sides are put in key order first (n log n, on the heap:
 * val_equal has no arena; nothing here can longjmp). */
static bool map_equal(const MapVal *x, const MapVal *y)
{
    if (x->len != y->len || (x->vals == NULL) != (y->vals == NULL))
        return false;
    if (x->vals) {
        if (x->nvals != y->nvals)
            return false;
        for (uint32_t i = 0; i < x->nvals; i++) {
            bool hx = x->vals[i].tag != V_ABSENT, hy = y->vals[i].tag != V_ABSENT;
            if (hx != hy || (hx && !val_equal(x->vals[i], y->vals[i])))
                return false;
        }
        return true;
    }
    uint32_t i = 0;
    while (i < x->len && val_equal(x->entries[i].key, y->entries[i].key)) {
        if (!val_equal(x->entries[i].val, y->entries[i].val))
            return false;
        i++;
    }
    if (i == x->len)
        return true;
    /* The keys differ in order (or at all) from entry i on. */
    uint32_t n = x->len - i;
    const MapEntry **sx = mem_alloc(2 * (size_t)n * sizeof *sx), **sy = sx + n;
    for (uint32_t k = 0; k < n; k++) {
        sx[k] = &x->entries[i + k];
        sy[k] = &y->entries[i + k];
    }
    qsort(sx, n, sizeof *sx, cmp_entry_keys);
    qsort(sy, n, sizeof *sy, cmp_entry_keys);
    bool eq = true;
    for (uint32_t k = 0; k < n && eq; k++)
        eq = val_equal(sx[k]->key, sy[k]->key) && val_equal(sx[k]->val, sy[k]->val);
    mem_free(sx);
    return eq;
}

bool val_equal(Value a, Value b)
{
    if (val_is_num(a) && val_is_num(b))
        return val_compare(a, b) == 0;
    if (a.tag != b.tag)
        return false;
    switch (a.tag) {
    case V_ABSENT: return true;
    case V_BOOL: return a.u.b == b.u.b;
    case V_DATE: return a.u.date == b.u.date;
    case V_TEXT: return cmp_bytes(a.u.s, b.u.s) == 0;
    case V_WORD: return a.u.w == b.u.w;
    case V_THING: return a.u.t == b.u.t;
    case V_RECORD: {
        /* A record read from data is one row of the data, as a thing is
         * one declaration: it equals only itself. Two regions with the same
         * figures are still two regions (and `r in xs` must not find a
         * different record). A record written in the rules ({name: "x"})
         * has no identity: it equals such a record of its kind with equal
         * fields, and never a record from data. */
        const Record *x = a.u.rec, *y = b.u.rec;
        if (x == y)
            return true;
        if (x->file || y->file || x->kind != y->kind)
            return false;
        for (uint32_t i = 0; i < x->kind->nfields; i++)
            if (!val_equal(x->fields[i], y->fields[i]))
                return false;
        return true;
    }
    case V_LIST:
        if (a.u.list->len != b.u.list->len)
            return false;
        for (uint32_t i = 0; i < a.u.list->len; i++)
            if (!val_equal(a.u.list->items[i], b.u.list->items[i]))
                return false;
        return true;
    case V_MAP:
        return map_equal(a.u.map, b.u.map);
    default:
        return false;
    }
}

static void put_quoted(Buf *b, const Text *t)
{
    buf_putc(b, '"');
    for (uint32_t i = 0; i < t->len; i++) {
        char c = t->s[i];
        if (c == '"' || c == '\\')
            buf_putc(b, '\\');
        if (c == '\n') {
            buf_puts(b, "\\n");
            continue;
        }
        if (c == '\t') {
            buf_puts(b, "\\t");
            continue;
        }
        buf_putc(b, c);
    }
    buf_putc(b, '"');
}

/* Appends r in decimal: exactly when its decimal expansion ends within 18
 * places (the most a number in a rule or data file may have, so a number
 * prints as it was written); otherwise as rat_format() does: exactly up to
 * 12 places, else rounded half away from zero to 6 places (1/3 is
 * 0.333333). */
static void put_number(Buf *b, Rat r)
{
    int64_t d = r.den;
    int twos = 0, fives = 0;
    while (d % 2 == 0) {
        d /= 2;
        twos++;
    }
    while (d % 5 == 0) {
        d /= 5;
        fives++;
    }
    if (d != 1 || twos > 18 || fives > 18 || (twos <= 12 && fives <= 12)) {
        rat_format(b, r);
        return;
    }
    /* 13 to 18 places: long division; rem * 10 fits, as rem < den. */
    __int128 num = r.num < 0 ? -(__int128)r.num : r.num;
    if (r.num < 0)
        buf_putc(b, '-');
    rat_format(b, rat_int((int64_t)(num / r.den)));
    buf_putc(b, '.');
    for (__int128 rem = num % r.den; rem;) {
        rem *= 10;
        buf_putc(b, (char)('0' + (int)(rem / r.den)));
        rem %= r.den;
    }
}

void val_format(Buf *b, Value v, bool quote_text)
{
    switch (v.tag) {
    case V_ABSENT:
        buf_puts(b, "(none)");
        break;
    case V_BOOL:
        buf_puts(b, v.u.b ? "true" : "false");
        break;
    case V_INT:
    case V_RAT: {
        Rat r = val_rat(v);
        if (v.unit == UNIT_PERCENT) {
            Rat pct;
            if (rat_mul(r, rat_int(100), &pct) == RAT_OK) {
                put_number(b, pct);
                buf_putc(b, '%');
            } else {
                put_number(b, r);
            }
        } else if (v.unit == UNIT_MONEY) {
            if (r.num < 0) {
                buf_puts(b, "-EUR ");
                rat_neg(r, &r);
            } else {
                buf_puts(b, "EUR ");
            }
            /* Amounts print with cents when they have them, always two
             * digits (EUR 12.50), rounded half away from zero when the
             * amount has fractions of a cent (EUR 100 / 3 is EUR 33.33). */
            Rat cents;
            if (r.den != 1 && rat_round(r, 2, &cents) == RAT_OK) {
                int64_t whole = cents.num / cents.den;
                int64_t frac = (cents.num % cents.den) * (100 / cents.den);
                rat_format_grouped(b, rat_int(whole));
                buf_printf(b, ".%02d", (int)frac);
            } else {
                rat_format_grouped(b, r);
            }
        } else {
            put_number(b, r);
        }
        break;
    }
    case V_DATE:
        date_format(b, v.u.date);
        break;
    case V_TEXT:
        if (quote_text)
            put_quoted(b, v.u.s);
        else
            buf_put(b, v.u.s->s, v.u.s->len);
        break;
    case V_WORD:
        buf_puts(b, v.u.w->name->str);
        break;
    case V_THING:
        buf_puts(b, v.u.t->name->str);
        break;
    case V_RECORD:
        if (record_id_text(v.u.rec))
            buf_put(b, record_id_text(v.u.rec)->s, record_id_text(v.u.rec)->len);
        else
            buf_printf(b, "(%s)", v.u.rec->kind->name->str);
        break;
    case V_LIST:
        buf_putc(b, '[');
        for (uint32_t i = 0; i < v.u.list->len; i++) {
            if (i)
                buf_puts(b, ", ");
            val_format(b, v.u.list->items[i], true);
        }
        buf_putc(b, ']');
        break;
    case V_MAP: {
        buf_putc(b, '{');
        bool first = true;
        for (uint32_t i = 0; i < map_nslots(v.u.map); i++) {
            Value k, x;
            if (!map_slot(v.u.map, i, &k, &x))
                continue;
            if (!first)
                buf_puts(b, ", ");
            first = false;
            val_format(b, k, false);
            buf_puts(b, ": ");
            val_format(b, x, true);
        }
        buf_putc(b, '}');
        break;
    }
    }
}

void record_path(Buf *b, const Record *r, const Program *p)
{
    if (!r->parent) {
        uint32_t di = record_parent_field(r);
        const Dataset *ds = di < p->datasets.len ? p->datasets.items[di] : NULL;
        buf_puts(b, ds ? ds->name->str : "?");
        if (r->slot == UINT32_MAX)
            return;
        /* In a dataset that is a map keyed by things or words, the slot is
         * the key's index: named as in a map inside a record
         * ("updates.dialoog_senioren", not "updates[2]"). A text-keyed map's
         * keys are in its value, which is not at hand here: "[i]", the
         * entry's place in the file. */
        const Type *t = ds ? ds->type : NULL;
        const Type *kt = t && t->k == TY_MAP ? t->key : NULL;
        Value key = val_absent();
        if (kt && kt->k == TY_KIND && r->slot < kt->kind->things.len)
            key = val_thing(kt->kind->things.items[r->slot]);
        else if (kt && kt->k == TY_SCALE && r->slot < kt->scale->nvalues)
            key = val_word(&kt->scale->values[r->slot]);
        if (key.tag != V_ABSENT) {
            buf_putc(b, '.');
            val_format(b, key, false);
        } else {
            buf_printf(b, "[%u]", r->slot);
        }
        return;
    }
    record_path(b, r->parent, p);
    const Field *f = &r->parent->kind->fields[record_parent_field(r)];
    buf_printf(b, ".%s", f->name->str);
    if (r->slot == UINT32_MAX)
        return;
    Value holder = r->parent->fields[record_parent_field(r)];
    Value key, val;
    if (holder.tag == V_MAP && map_slot(holder.u.map, r->slot, &key, &val)) {
        buf_putc(b, '.');
        val_format(b, key, false);
    } else {
        buf_printf(b, "[%u]", r->slot);
    }
}

void record_id(Buf *b, const Record *r, const Program *p)
{
    if (record_id_text(r))
        buf_put(b, record_id_text(r)->s, record_id_text(r)->len);
    else
        record_path(b, r, p);
}
