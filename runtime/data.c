/*
 * data.c - the YAML loader.
 *
 * A recursive descent over libyaml's events, guided by the declared type.
 * load_node() is entered with the first event of a node in L->ev and
 * returns after consuming the node's last event. A node of the wrong type is
 * reported and skipped as a whole, so one run reports every mistake of a file
 * (up to the error limit) and never reads a value of the wrong type.
 */
#include "data.h"
#include "../base/date.h"
#include "../base/intern.h"
#include "../base/mem.h"
#include "../base/vec.h"
#include "../lang/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct Loader {
    yaml_parser_t parser;
    yaml_event_t ev;         /* the current event */
    bool have_ev;            /* ev holds an event that must be deleted */
    bool failed;             /* a YAML syntax error: stop reading */
    const Program *p;
    const Dataset *ds;
    Arena *arena;
    uint32_t file;           /* source id of the file */
    int depth;
    uint32_t max_fields;     /* the most fields of any kind */
    uint32_t *seen;          /* per depth and field: line where the field was
                                set (0 = not yet), for duplicate keys */
    uint32_t *seen_col;
} Loader;

static uint32_t ev_line(const Loader *L) { return (uint32_t)L->ev.start_mark.line + 1; }
static uint32_t ev_col(const Loader *L) { return (uint32_t)L->ev.start_mark.column + 1; }

static uint32_t ev_width(const Loader *L)
{
    if (L->ev.end_mark.line == L->ev.start_mark.line && L->ev.end_mark.column > L->ev.start_mark.column)
        return (uint32_t)(L->ev.end_mark.column - L->ev.start_mark.column);
    return 1;
}

static Diag *err_here(Loader *L, DiagCode code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static Diag *err_here(Loader *L, DiagCode code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_report_lc(code, L->file, ev_line(L), ev_col(L), ev_width(L), "%s", msg);
}

/* Reports a libyaml error, converting its 0-based marks; for errors of the
 * reader (bad encoding) libyaml gives only a byte offset. */
static void yaml_error(Loader *L)
{
    yaml_parser_t *ps = &L->parser;
    uint32_t line, col;
    const char *problem = ps->problem ? ps->problem : "malformed YAML";
    if (ps->error == YAML_READER_ERROR) {
        const char *text;
        size_t len;
        (void)source_line(L->file, 1, &text, &len);  /* loads the text */
        source_linecol(L->file, (uint32_t)ps->problem_offset, &line, &col);
        Diag *d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "%s", problem);
        diag_hint(d, "save the file as UTF-8 text");
    } else {
        line = (uint32_t)ps->problem_mark.line + 1;
        col = (uint32_t)ps->problem_mark.column + 1;
        Diag *d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "%s%s%s", problem,
                                 ps->context ? " " : "", ps->context ? ps->context : "");
        if (ps->context && ps->context_mark.line != ps->problem_mark.line)
            diag_note_lc(d, L->file, (uint32_t)ps->context_mark.line + 1,
                         (uint32_t)ps->context_mark.column + 1, 1, "the construct started here");
    }
    L->failed = true;
}

/* Moves to the next event. False at a syntax error (reported). */
static bool next(Loader *L)
{
    if (L->have_ev) {
        yaml_event_delete(&L->ev);
        L->have_ev = false;
    }
    if (L->failed)
        return false;
    if (!yaml_parser_parse(&L->parser, &L->ev)) {
        yaml_error(L);
        return false;
    }
    L->have_ev = true;
    return true;
}

/* Consumes the rest of the node whose first event is current. */
static void skip_node(Loader *L)
{
    int level = 0;
    do {
        switch (L->ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            level++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            level--;
            break;
        default:
            break;
        }
        if (level == 0)
            return;
    } while (next(L));
}

static const char *event_what(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return "a single value";
    case YAML_SEQUENCE_START_EVENT: return "a list";
    case YAML_MAPPING_START_EVENT: return "a mapping";
    default: return "something else";
    }
}

static bool is_null(const yaml_event_t *ev)
{
    if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)ev->data.scalar.value;
    return ev->data.scalar.length == 0 || (ev->data.scalar.length == 1 && v[0] == '~');
}

/* Explicit tags (!!int, !foo) would let the file override the declared
 * type; they are refused. Returns false after reporting. */
static bool check_tag(Loader *L)
{
    const yaml_char_t *tag = NULL;
    if (L->ev.type == YAML_SCALAR_EVENT)
        tag = L->ev.data.scalar.tag;
    else if (L->ev.type == YAML_SEQUENCE_START_EVENT)
        tag = L->ev.data.sequence_start.tag;
    else if (L->ev.type == YAML_MAPPING_START_EVENT)
        tag = L->ev.data.mapping_start.tag;
    if (!tag)
        return true;
    Diag *d = err_here(L, DIAG_E208, "YAML tags such as '%s' are not supported", (const char *)tag);
    diag_hint(d, "remove the tag: the rules declare what type each value has");
    return false;
}

/* ---- scalars ---- */

/* Parses a number as data writes it: -12, 1_000, 0.25, 12.5%. Leading
 * zeros are decimal (010 is ten), never octal. */
static bool parse_number(const char *s, size_t n, bool allow_percent, Rat *out, bool *percent)
{
    *percent = false;
    bool neg = false;
    if (n && s[0] == '-') {
        neg = true;
        s++, n--;
    }
    if (allow_percent && n && s[n - 1] == '%') {
        *percent = true;
        n--;
    }
    Rat r;
    if (rat_parse(s, n, &r) != RAT_OK)
        return false;
    if (neg)
        rat_neg(r, &r);
    if (*percent && rat_div(r, rat_int(100), &r) != RAT_OK)
        return false;
    *out = r;
    return true;
}

static bool parse_money(const char *s, size_t n, Rat *out)
{
    bool neg = false;
    if (n && s[0] == '-') {
        neg = true;
        s++, n--;
    }
    if (n >= 3 && memcmp(s, "EUR", 3) == 0) {
        s += 3, n -= 3;
    } else if (n >= 3 && memcmp(s, "\xE2\x82\xAC", 3) == 0) {  /* the euro sign */
        s += 3, n -= 3;
    }
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    const char *dot = memchr(s, '.', n);
    if (dot && (size_t)(s + n - dot - 1) > 2)
        return false;
    Rat r;
    if (rat_parse(s, n, &r) != RAT_OK)
        return false;
    if (neg)
        rat_neg(r, &r);
    *out = r;
    return true;
}

static void suggest_word(Diag *d, const Scale *s, const char *v)
{
    const char *best = NULL;
    size_t bd = 3;
    for (uint32_t i = 0; i < s->nvalues; i++) {
        size_t dist = diag_edit_distance(v, s->values[i].name->str, 2);
        if (dist < bd) {
            bd = dist;
            best = s->values[i].name->str;
        }
    }
    if (best) {
        diag_hint(d, "did you mean '%s'?", best);
        return;
    }
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < s->nvalues; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", s->values[i].name->str);
    diag_hint(d, "the words of '%s' are: %s", s->name->str, buf_str(&b));
    buf_free(&b);
}

static void suggest_thing(Diag *d, const Kind *k, const char *v)
{
    const char *best = NULL;
    size_t bd = 4;
    for (size_t i = 0; i < k->things.len; i++) {
        size_t dist = diag_edit_distance(v, k->things.items[i]->name->str, 3);
        if (dist < bd) {
            bd = dist;
            best = k->things.items[i]->name->str;
        }
    }
    if (best)
        diag_hint(d, "did you mean '%s'?", best);
}

static const Thing *find_thing(const Kind *k, const char *v, size_t n)
{
    const Sym *s = sym_lookup(v, n);
    return s ? map_get(&k->thing_by_name, s) : NULL;
}

static const ScaleValue *find_word(const Scale *sc, const char *v, size_t n)
{
    const Sym *s = sym_lookup(v, n);
    return s ? map_get(&sc->by_name, s) : NULL;
}

/* Reads the current scalar event as type t. */
static bool load_scalar(Loader *L, const Type *t, Value *out)
{
    const char *v = (const char *)L->ev.data.scalar.value;
    size_t n = L->ev.data.scalar.length;
    Value val = {0};
    Rat r;
    bool pct;
    Buf tb = BUF_INIT;
    type_name(&tb, t);
    switch (t->k) {
    case TY_TEXT:
        if (memchr(v, '\0', n)) {
            err_here(L, DIAG_E204, "text contains a NUL character");
            buf_free(&tb);
            return false;
        }
        val.tag = V_TEXT;
        val.u.s = text_new(L->arena, v, n);
        break;
    case TY_NUMBER:
    case TY_PERCENT:
        if (!parse_number(v, n, true, &r, &pct)) {
            Diag *d = err_here(L, DIAG_E204, "expected %s, found '%.*s'",
                               t->k == TY_PERCENT ? "a percentage" : "a number", (int)(n > 60 ? 60 : n), v);
            if (memchr(v, 'e', n) || memchr(v, 'E', n))
                diag_hint(d, "write numbers in full: 1500 rather than 1.5e3");
            else if (memchr(v, ',', n))
                diag_hint(d, "use a point for decimals (0.25) and '_' or nothing to group digits");
            else
                diag_hint(d, "numbers look like 12, -3, 1_000, 0.25%s", t->k == TY_PERCENT ? " or 25%" : "");
            buf_free(&tb);
            return false;
        }
        val = val_num(L->arena, r, pct || t->k == TY_PERCENT ? UNIT_PERCENT : UNIT_NONE);
        break;
    case TY_MONEY:
        if (!parse_money(v, n, &r)) {
            Diag *d = err_here(L, DIAG_E204, "expected an amount, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "amounts look like EUR 1_500_000 or 12.50 (at most two decimals)");
            buf_free(&tb);
            return false;
        }
        val = val_num(L->arena, r, UNIT_MONEY);
        break;
    case TY_DATE:
        if (!date_parse(v, n, &val.u.date)) {
            Diag *d = err_here(L, DIAG_E204, "expected a date, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "dates are written YYYY-MM-DD and must exist");
            buf_free(&tb);
            return false;
        }
        val.tag = V_DATE;
        break;
    case TY_BOOL:
        if ((n == 4 && (!memcmp(v, "true", 4) || !memcmp(v, "True", 4) || !memcmp(v, "TRUE", 4)))) {
            val.tag = V_BOOL;
            val.u.b = true;
        } else if (n == 5 && (!memcmp(v, "false", 5) || !memcmp(v, "False", 5) || !memcmp(v, "FALSE", 5))) {
            val.tag = V_BOOL;
            val.u.b = false;
        } else {
            Diag *d = err_here(L, DIAG_E204, "expected true or false, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "YAML's yes, no, on and off are not read as booleans here: write true or false");
            buf_free(&tb);
            return false;
        }
        break;
    case TY_SCALE: {
        const ScaleValue *w = find_word(t->scale, v, n);
        if (!w) {
            Diag *d = err_here(L, DIAG_E205, "'%.*s' is not a word of the scale '%s'", (int)(n > 60 ? 60 : n), v,
                               t->scale->name->str);
            suggest_word(d, t->scale, v);
            buf_free(&tb);
            return false;
        }
        val.tag = V_WORD;
        val.u.w = w;
        break;
    }
    case TY_KIND: {
        const Kind *k = t->kind;
        if (!k->things.len) {
            err_here(L, DIAG_E204, "expected %s %s (a mapping of its fields), found a single value",
                     strchr("aeiou", k->name->str[0]) ? "an" : "a", k->name->str);
            buf_free(&tb);
            return false;
        }
        const Thing *th = find_thing(k, v, n);
        if (!th) {
            Diag *d = err_here(L, DIAG_E212, "unknown %s '%.*s'", k->name->str, (int)(n > 60 ? 60 : n), v);
            suggest_thing(d, k, v);
            buf_free(&tb);
            return false;
        }
        val.tag = V_THING;
        val.u.t = th;
        break;
    }
    default:
        err_here(L, DIAG_E204, "expected %s, found a single value", buf_str(&tb));
        buf_free(&tb);
        return false;
    }
    buf_free(&tb);
    val_setpos(&val, L->ds->index + 1, ev_line(L), ev_col(L));
    *out = val;
    return true;
}

static bool load_node(Loader *L, const Type *t, Value *out, const Record *parent, uint32_t pfield,
                      uint32_t slot);

static bool enter(Loader *L)
{
    if (L->depth >= DATA_MAX_DEPTH) {
        Diag *d = err_here(L, DIAG_E210, "data nested more than %d levels deep", DATA_MAX_DEPTH);
        diag_hint(d, "the declared types never need this depth; is the file what the rules expect?");
        L->failed = true;  /* stop before libyaml's own work on deep nesting grows */
        return false;
    }
    L->depth++;
    return true;
}

/* A mapping read as a record of kind k. */
static bool load_record(Loader *L, const Kind *k, Value *out, const Record *parent, uint32_t pfield,
                        uint32_t slot)
{
    Record *rec = arena_zalloc(L->arena, sizeof *rec + k->nfields * sizeof(Value));
    rec->kind = k;
    rec->parent = parent;
    rec->parent_field = pfield;
    rec->slot = slot;
    rec->file = L->file;
    rec->line = ev_line(L);
    rec->col = ev_col(L);
    if (!enter(L))
        return false;
    uint32_t *seen = L->seen + (size_t)L->depth * (L->max_fields + 2);
    uint32_t *seen_col = L->seen_col + (size_t)L->depth * (L->max_fields + 2);
    memset(seen, 0, (L->max_fields + 2) * sizeof *seen);
    bool ok = true;
    while (next(L)) {
        if (L->ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (L->ev.type != YAML_SCALAR_EVENT) {
            err_here(L, DIAG_E204, "field names must be plain words, not %s", event_what(&L->ev));
            skip_node(L);
            if (next(L))
                skip_node(L);
            ok = false;
            continue;
        }
        const char *key = (const char *)L->ev.data.scalar.value;
        size_t klen = L->ev.data.scalar.length;
        uint32_t kline = ev_line(L), kcol = ev_col(L), kw = ev_width(L);
        int idx = -1;  /* field index; nfields = id, nfields + 1 = title */
        const Sym *ks = sym_lookup(key, klen);
        const Field *f = ks ? map_get(&k->field_by_name, ks) : NULL;
        if (f)
            idx = (int)f->index;
        else if (klen == 2 && !memcmp(key, "id", 2))
            idx = (int)k->nfields;
        else if (klen == 5 && !memcmp(key, "title", 5))
            idx = (int)k->nfields + 1;
        if (idx < 0) {
            Diag *d;
            if (klen == 2 && !memcmp(key, "<<", 2)) {
                d = err_here(L, DIAG_E208, "YAML merge keys ('<<') are not supported");
                diag_hint(d, "write the fields out in full");
            } else {
                d = err_here(L, DIAG_E202, "%s has no field '%.*s'", k->name->str, (int)(klen > 60 ? 60 : klen),
                             key);
                const char *best = NULL;
                size_t bd = 4;
                for (uint32_t i = 0; i < k->nfields; i++) {
                    size_t dist = diag_edit_distance(key, k->fields[i].name->str, 3);
                    if (dist < bd) {
                        bd = dist;
                        best = k->fields[i].name->str;
                    }
                }
                if (best)
                    diag_hint(d, "did you mean '%s'?", best);
                else {
                    Buf b = BUF_INIT;
                    for (uint32_t i = 0; i < k->nfields; i++)
                        buf_printf(&b, "%s, ", k->fields[i].name->str);
                    buf_puts(&b, "id, title");
                    diag_hint(d, "the fields of %s are: %s", k->name->str, buf_str(&b));
                    buf_free(&b);
                }
            }
            ok = false;
            if (next(L))
                skip_node(L);
            continue;
        }
        if (seen[idx]) {
            Diag *d = diag_report_lc(DIAG_E206, L->file, kline, kcol, kw, "field '%.*s' appears twice",
                                     (int)klen, key);
            diag_note_lc(d, L->file, seen[idx], seen_col[idx], kw, "first here");
            ok = false;
            if (next(L))
                skip_node(L);
            continue;
        }
        seen[idx] = kline;
        seen_col[idx] = kcol;
        if (!next(L))
            break;
        if (idx >= (int)k->nfields) {
            /* id or title: text */
            if (L->ev.type != YAML_SCALAR_EVENT || is_null(&L->ev)) {
                err_here(L, DIAG_E204, "'%s' must be text", idx == (int)k->nfields ? "id" : "title");
                skip_node(L);
                ok = false;
                continue;
            }
            if (!check_tag(L)) {
                ok = false;
                continue;
            }
            const Text *t = text_new(L->arena, (const char *)L->ev.data.scalar.value, L->ev.data.scalar.length);
            if (idx == (int)k->nfields)
                rec->id = t;
            else
                rec->title = t;
            continue;
        }
        f = &k->fields[idx];
        if (is_null(&L->ev)) {
            if (!f->optional) {
                err_here(L, DIAG_E203, "field '%s' has no value", f->name->str);
                ok = false;
            }
            continue;
        }
        /* Keep the field's line: a later duplicate note points at it. */
        if (!load_node(L, f->type, &rec->fields[idx], rec, (uint32_t)idx, UINT32_MAX))
            ok = false;
    }
    L->depth--;
    if (L->failed)
        return false;
    for (uint32_t i = 0; i < k->nfields; i++)
        if (!seen[i] && !k->fields[i].optional) {
            Diag *d = diag_report_lc(DIAG_E203, L->file, rec->line, rec->col, 1, "%s lacks the field '%s'",
                                     k->name->str, k->fields[i].name->str);
            diag_note(d, k->fields[i].span, "declared here (add '?' to its type to make it optional)");
            ok = false;
        }
    out->tag = V_RECORD;
    out->u.rec = rec;
    val_setpos(out, L->ds->index + 1, rec->line, rec->col);
    return ok;
}

typedef VEC(Value) ValueVec;

static bool load_list(Loader *L, const Type *t, Value *out, const Record *parent, uint32_t pfield)
{
    uint32_t line = ev_line(L), col = ev_col(L);
    if (!enter(L))
        return false;
    ValueVec items = {0};
    bool ok = true;
    bool records = t->elem->k == TY_KIND && !t->elem->kind->things.len;
    Map ids;
    map_init(&ids);
    while (next(L)) {
        if (L->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
        Value v = {0};
        if (is_null(&L->ev)) {
            err_here(L, DIAG_E204, "a list element has no value");
            ok = false;
            continue;
        }
        if (!load_node(L, t->elem, &v, parent, pfield, (uint32_t)items.len)) {
            ok = false;
            if (L->failed)
                break;
            continue;
        }
        /* Records in a list are told apart by their ids. */
        if (records && v.u.rec->id) {
            const Sym *s = sym_intern(v.u.rec->id->s, v.u.rec->id->len);
            const Record *old = map_get(&ids, s);
            if (old) {
                Diag *d = diag_report_lc(DIAG_E206, L->file, v.u.rec->line, v.u.rec->col, 1,
                                         "id '%s' appears twice in this list", v.u.rec->id->s);
                diag_note_lc(d, L->file, old->line, old->col, 1, "first here");
                ok = false;
            } else {
                map_put(&ids, s, (void *)v.u.rec);
            }
        }
        vec_push(&items, v);
    }
    map_free(&ids);
    L->depth--;
    ListVal *lv = arena_alloc(L->arena, sizeof *lv + items.len * sizeof(Value));
    lv->len = (uint32_t)items.len;
    if (items.len)
        memcpy(lv->items, items.items, items.len * sizeof(Value));
    vec_free(&items);
    out->tag = V_LIST;
    out->u.list = lv;
    val_setpos(out, L->ds->index + 1, line, col);
    return ok && !L->failed;
}

typedef VEC(MapEntry) EntryVec;

static bool load_map(Loader *L, const Type *t, Value *out, const Record *parent, uint32_t pfield)
{
    uint32_t line = ev_line(L), col = ev_col(L);
    if (!enter(L))
        return false;
    EntryVec es = {0};
    bool ok = true;
    const Type *kt = t->key;
    uint32_t ndense = kt->k == TY_KIND ? (uint32_t)kt->kind->things.len :
                      kt->k == TY_SCALE ? kt->scale->nvalues : 0;
    int32_t *dense = ndense ? arena_alloc(L->arena, ndense * sizeof *dense) : NULL;
    for (uint32_t i = 0; i < ndense; i++)
        dense[i] = -1;
    Map text_keys;
    map_init(&text_keys);
    while (next(L)) {
        if (L->ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (L->ev.type != YAML_SCALAR_EVENT) {
            err_here(L, DIAG_E204, "map keys must be single values, not %s", event_what(&L->ev));
            skip_node(L);
            if (next(L))
                skip_node(L);
            ok = false;
            continue;
        }
        MapEntry e;
        memset(&e, 0, sizeof e);
        bool key_ok = check_tag(L) && load_scalar(L, kt, &e.key);
        if (key_ok) {
            /* Duplicate keys: by position for things and words, by name for text. */
            int32_t prev = -1;
            if (dense) {
                uint32_t ix = e.key.tag == V_THING ? e.key.u.t->index : e.key.u.w->index;
                prev = dense[ix];
                if (prev < 0)
                    dense[ix] = (int32_t)es.len;
            } else {
                const Sym *s = sym_intern(e.key.u.s->s, e.key.u.s->len);
                void *old = map_get(&text_keys, s);
                if (old)
                    prev = (int32_t)((uintptr_t)old - 1);
                else
                    map_put(&text_keys, s, (void *)(uintptr_t)(es.len + 1));
            }
            if (prev >= 0) {
                Diag *d = err_here(L, DIAG_E206, "key '%s' appears twice", (const char *)L->ev.data.scalar.value);
                diag_note_lc(d, L->file, val_line(es.items[prev].key), val_col(es.items[prev].key), 1,
                             "first here");
                key_ok = false;
            }
        }
        if (!next(L))
            break;
        if (!key_ok) {
            ok = false;
            skip_node(L);
            continue;
        }
        if (is_null(&L->ev)) {
            err_here(L, DIAG_E203, "the key has no value");
            ok = false;
            if (dense)
                dense[e.key.tag == V_THING ? e.key.u.t->index : e.key.u.w->index] = -1;
            continue;
        }
        if (!load_node(L, t->elem, &e.val, parent, pfield, (uint32_t)es.len)) {
            ok = false;
            if (dense)
                dense[e.key.tag == V_THING ? e.key.u.t->index : e.key.u.w->index] = -1;
            if (L->failed)
                break;
            continue;
        }
        vec_push(&es, e);
    }
    map_free(&text_keys);
    L->depth--;
    MapVal *mv = arena_zalloc(L->arena, sizeof *mv);
    MapEntry *entries = arena_alloc(L->arena, (es.len + 1) * sizeof *entries);
    if (es.len)
        memcpy(entries, es.items, es.len * sizeof *entries);
    mv->len = (uint32_t)es.len;
    mv->entries = entries;
    mv->dense = dense;
    mv->ndense = ndense;
    vec_free(&es);
    out->tag = V_MAP;
    out->u.map = mv;
    val_setpos(out, L->ds->index + 1, line, col);
    return ok && !L->failed;
}

static bool load_node(Loader *L, const Type *t, Value *out, const Record *parent, uint32_t pfield,
                      uint32_t slot)
{
    if (L->ev.type == YAML_ALIAS_EVENT) {
        Diag *d = err_here(L, DIAG_E209, "YAML aliases ('*%s') are not supported",
                           (const char *)L->ev.data.alias.anchor);
        diag_hint(d, "write the value out in full; aliases can make a small file expand without bound");
        return false;
    }
    if (!check_tag(L)) {
        skip_node(L);
        return false;
    }
    Buf tb = BUF_INIT;
    type_name(&tb, t);
    bool ok = false;
    switch (L->ev.type) {
    case YAML_SCALAR_EVENT:
        if (t->k == TY_LIST || t->k == TY_MAP || (t->k == TY_KIND && !t->kind->things.len)) {
            Diag *d = err_here(L, DIAG_E204, "expected %s, found a single value", buf_str(&tb));
            if (t->k == TY_LIST)
                diag_hint(d, "write a list as lines starting with '- ', or [a, b]");
            break;
        }
        ok = load_scalar(L, t, out);
        break;
    case YAML_SEQUENCE_START_EVENT:
        if (t->k != TY_LIST) {
            err_here(L, DIAG_E204, "expected %s, found a list", buf_str(&tb));
            skip_node(L);
            break;
        }
        ok = load_list(L, t, out, parent, pfield);
        break;
    case YAML_MAPPING_START_EVENT:
        if (t->k == TY_KIND && !t->kind->things.len) {
            ok = load_record(L, t->kind, out, parent, pfield, slot);
        } else if (t->k == TY_MAP) {
            ok = load_map(L, t, out, parent, pfield);
        } else {
            Diag *d = err_here(L, DIAG_E204, "expected %s, found a mapping", buf_str(&tb));
            if (t->k == TY_KIND)
                diag_hint(d, "name %s %s by its identifier", strchr("aeiou", t->kind->name->str[0]) ? "an" : "a",
                          t->kind->name->str);
            skip_node(L);
        }
        break;
    default:
        err_here(L, DIAG_E201, "unexpected YAML event");
        break;
    }
    buf_free(&tb);
    return ok;
}

/* Opens a data file with the checks rule files get: a regular file, not too
 * large. Returns NULL after reporting, at the rule line naming the file when
 * there is one (decl.file != 0), else at the path. */
static FILE *open_data(const char *path, Span decl)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char why[256] = "";
    DiagCode code = DIAG_E001;
    if (fd < 0) {
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
    } else if (fstat(fd, &st) != 0) {
        snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        code = DIAG_E002;
        snprintf(why, sizeof why, "%s, not a regular file",
                 S_ISDIR(st.st_mode) ? "is a directory" : S_ISFIFO(st.st_mode) ? "is a pipe" : "is a device");
    } else if ((uint64_t)st.st_size > DATA_MAX_BYTES) {
        code = DIAG_E211;
        snprintf(why, sizeof why, "is larger than %llu MiB", (unsigned long long)(DATA_MAX_BYTES >> 20));
    }
    if (why[0]) {
        if (decl.file)
            diag_report(code, decl, "data file %s: %s", path, why);
        else
            diag_report_path(code, path, "%s", why);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    /* Back to blocking reads for a regular file. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        mem_oom();
    }
    return f;
}

bool data_load(const Program *p, const Dataset *ds, const char *path, Span decl_span, Arena *arena, Value *out,
               uint32_t *file)
{
    *out = val_absent();
    *file = 0;
    FILE *f = open_data(path, decl_span);
    if (!f)
        return false;
    Loader L;
    memset(&L, 0, sizeof L);
    L.p = p;
    L.ds = ds;
    L.arena = arena;
    L.file = source_add_lazy(path);
    *file = L.file;
    for (size_t i = 0; i < p->kinds.len; i++)
        if (p->kinds.items[i]->nfields > L.max_fields)
            L.max_fields = p->kinds.items[i]->nfields;
    size_t nseen = (size_t)(DATA_MAX_DEPTH + 2) * (L.max_fields + 2);
    L.seen = mem_zalloc(nseen * sizeof *L.seen);
    L.seen_col = mem_zalloc(nseen * sizeof *L.seen_col);
    if (!yaml_parser_initialize(&L.parser))
        mem_oom();
    yaml_parser_set_input_file(&L.parser, f);

    bool ok = true, have_doc = false;
    while (next(&L)) {
        yaml_event_type_t et = L.ev.type;
        if (et == YAML_STREAM_START_EVENT || et == YAML_DOCUMENT_END_EVENT)
            continue;
        if (et == YAML_STREAM_END_EVENT)
            break;
        if (et == YAML_DOCUMENT_START_EVENT) {
            if (have_doc) {
                Diag *d = err_here(&L, DIAG_E207, "the file holds more than one YAML document");
                diag_hint(d, "a dataset is one document; remove the '---' or split the file");
                ok = false;
                break;
            }
            have_doc = true;
            continue;
        }
        /* The document's root node. */
        if (is_null(&L.ev)) {
            if (ds->type->k == TY_LIST) {
                ListVal *lv = arena_zalloc(arena, sizeof *lv);
                out->tag = V_LIST;
                out->u.list = lv;
            } else {
                err_here(&L, DIAG_E203, "the file has no data");
                ok = false;
            }
            continue;
        }
        if (!load_node(&L, ds->type, out, NULL, ds->index, UINT32_MAX))
            ok = false;
        if (L.failed)
            break;
    }
    if (L.failed)
        ok = false;
    if (ok && !have_doc) {
        if (ds->type->k == TY_LIST) {
            ListVal *lv = arena_zalloc(arena, sizeof *lv);
            out->tag = V_LIST;
            out->u.list = lv;
        } else {
            diag_report_path(DIAG_E203, path, "the file has no data");
            ok = false;
        }
    }
    /* Records at the top of a list have the dataset as their parent. */
    if (L.have_ev)
        yaml_event_delete(&L.ev);
    yaml_parser_delete(&L.parser);
    fclose(f);
    mem_free(L.seen);
    mem_free(L.seen_col);
    return ok;
}
