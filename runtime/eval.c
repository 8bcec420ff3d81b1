/*
 * eval.c - the evaluator: criteria over their subjects, expressions, findings.
 *
 * Values of locals live on a stack of slots indexed from a frame base (the
 * stack may move when it grows, so nothing keeps a pointer into it across an
 * evaluation). A `let` is evaluated the first time a row needs it and kept
 * for the rest of that subject. A runtime error reports a diagnostic at the
 * expression, with a note at the datum involved, and longjmps out of the
 * subject being evaluated; the other subjects are still evaluated. All
 * memory is in the Run's arena, so abandoning an evaluation leaks nothing.
 */
#include "eval.h"
#include "data.h"
#include "../base/date.h"
#include "../base/mem.h"
#include "../base/suggest.h"
#include "../base/vec.h"
#include "../lang/resolve.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Keeps a function out of its callers: see where_value(). */
#define NOINLINE __attribute__((noinline))

enum { SLOT_EMPTY, SLOT_SET };  /* r->state: a let not yet evaluated, or its value in r->stack */
enum { SUBJ_TODO, SUBJ_BUSY, SUBJ_DONE };

typedef struct CritSubject {
    Value subject;       /* V_THING or V_RECORD */
    uint8_t state;       /* SUBJ_* */
    Finding *finding;
} CritSubject;

typedef struct CritState {
    bool prepared, failed;
    CritSubject *subjects;
    uint32_t n;
    Map by_subject;      /* Thing or Record -> CritSubject */
    uint8_t *row_hit;
} CritState;

/* What the subject being evaluated has read so far. `seen` holds the
 * address of every datum read (a field of a record, or an entry of a list
 * or map in one), so that each counts once, in constant time. It is the
 * Run's set for this nesting level (Run.seen), emptied for each subject:
 * the subjects of a criterion read about as much data each, so the set is
 * sized once instead of growing from empty for every subject. */
typedef struct Collect {
    VEC(Evidence) ev;
    uint32_t total;
    VEC(const Thing *) cited;
    PtrSet *seen;
} Collect;

struct Run {
    Program *p;
    const BuiltinFn *builtins;
    Arena arena;
    Value *data;              /* per dataset */
    const char **data_path;   /* per dataset: the file to read */
    Span *data_span;          /* where it was named (rule or test line) */
    uint32_t *data_file;      /* per dataset: source id once read */
    int32_t as_of;
    bool has_as_of;
    bool keep_unread;         /* run_keep_unread() */
    bool validity_reported;
    Value **thing_vals;       /* per kind: fields of its things, converted */
    Value *kind_lists;        /* per kind: its valid things; V_ABSENT until built */
    CritState *crit;
    VEC(Finding *) findings;
    bool sorted;
    Value *stack;
    uint8_t *state;
    size_t sp, cap;
    jmp_buf *on_error;
    Collect *collect;
    const char *context;      /* "part4 for spoedzorg", for error notes */
    bool had_error;
    bool *judgement_used;
    uintptr_t stack_base;     /* the C stack where the outermost evaluation
                                 began; 0 while none runs (stack_check) */
    size_t stack_max;         /* bytes of C stack an evaluation may use */
    uint32_t nesting;         /* evaluate_subject() calls running, one inside
                                 another (through verdict()) */
    VEC(PtrSet *) seen;       /* per nesting level: the data its subject has
                                 read (Collect.seen); owned, freed by run_free */
    bool too_deep;            /* stack_check() gave up: unwinding to the
                                 outermost evaluation, which reports it */
    VEC(Finding *) failures;  /* subjects whose evaluation failed */
    /* The runtime error that abandoned the evaluation last, for the
     * failed finding (rt_error()); nerr counts them. */
    DiagCode err_code;
    Span err_span;
    char err_msg[600];
    uint32_t nerr;
};

struct Call {
    Run *r;
    const AstNode *node;
};

/* ------------------------------------------------------------------ */
/* Errors                                                               */

/* Notes the runtime error that is about to abandon a subject, for its
 * failed finding (the reports list it with its message and place). */
static void rt_note(Run *r, DiagCode code, Span at, const char *msg)
{
    r->err_code = code;
    r->err_span = at;
    snprintf(r->err_msg, sizeof r->err_msg, "%s", msg);
    r->nerr++;
}

/* diag_report() for the errors that abandon a subject: also rt_note(). */
static Diag *rt_error(Run *r, DiagCode code, Span at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static Diag *rt_error(Run *r, DiagCode code, Span at, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rt_note(r, code, at, msg);
    return diag_report(code, at, "%s", msg);
}

/* A note at the datum behind a value, when it was read from a data file.
 * A column too large to store is 0 ("path:line:", the line without a mark);
 * a line too large to store reads "line 16777215 or later", not shown. */
static void note_value(Run *r, Diag *d, Value v)
{
    uint32_t file = run_value_file(r, v);
    uint32_t line = val_line(v), col = val_col(v);
    if (!file || !line)
        return;
    bool later = val_pos_line_clamped(line, col);
    uint32_t w = later ? 0 : 1;
    char more[48] = "";
    if (later)
        snprintf(more, sizeof more, " (line %u or later)", line);
    switch (v.tag) {
    case V_ABSENT:
        diag_note_lc(d, file, line, col, w, "%s%s",
                     v.unit ? "the data gives it no value (null) here" : "the data leaves it out of this record",
                     more);
        return;
    case V_LIST:
        diag_note_lc(d, file, line, col, w, "the list (of %u element%s) is read here%s", v.u.list->len,
                     v.u.list->len == 1 ? "" : "s", more);
        return;
    case V_MAP:
        diag_note_lc(d, file, line, col, w, "the map (of %u entr%s) is read here%s", v.u.map->len,
                     v.u.map->len == 1 ? "y" : "ies", more);
        return;
    case V_RECORD:
        diag_note_lc(d, file, line, col, w, "the record is read here%s", more);
        return;
    default: {
        Buf b = BUF_INIT;
        val_format(&b, v, true);
        if (b.len > 60)
            diag_note_lc(d, file, line, col, w, "the value is read here%s", more);
        else
            diag_note_lc(d, file, line, col, w, "the value %s is read here%s", buf_str(&b), more);
        buf_free(&b);
    }
    }
}

/* Ends the evaluation of the current subject after an error was reported. */
static _Noreturn void abandon(Run *r, Diag *d)
{
    if (r->context)
        diag_note(d, span_make(0, 0, 0), "while evaluating %s", r->context);
    r->had_error = true;
    longjmp(*r->on_error, 1);
}

/* Evaluation recurses through lets, function calls and verdict(), in chains
 * as long as the rules make them, and each link may nest expressions
 * AST_MAX_DEPTH deep: a long enough chain would overflow the C stack.
 * Like PostgreSQL's check_stack_depth(), this compares the address of a
 * local with the one where the evaluation began and gives up beyond
 * r->stack_max bytes. The error is reported by the outermost evaluation
 * (report_too_deep()), at a place that does not depend on how much stack
 * each call takes, which differs between builds. */
static void stack_check(Run *r)
{
    char here;
    uintptr_t at = (uintptr_t)&here;
    if (!r->stack_base || !r->on_error)
        return;
    size_t used = r->stack_base > at ? r->stack_base - at : at - r->stack_base;
    if (used <= r->stack_max)
        return;
    r->too_deep = true;
    r->had_error = true;
    longjmp(*r->on_error, 1);
}

/* Reports what stack_check() found, at `at`: the criterion (`name`) or the
 * expression (name NULL) whose evaluation began the chain. */
static void report_too_deep(Run *r, Span at, const char *what, const char *name, const char *context)
{
    r->too_deep = false;
    Diag *d = name ? rt_error(r, DIAG_E110, at, "evaluating %s '%s' nests too deeply", what, name)
                   : rt_error(r, DIAG_E110, at, "evaluating %s nests too deeply", what);
    diag_hint(d, "lets, function calls and verdict() that use one another form a chain too long to evaluate; "
                 "shorten the chain");
    if (context)
        diag_note(d, span_make(0, 0, 0), "while evaluating %s", context);
}

/* Reports a runtime error whose message is formatted, and ends the subject.
 * The variadic callers format first and call va_end() before this: the
 * longjmp of abandon() would skip it. */
static _Noreturn void fail_msg(Run *r, DiagCode code, const AstNode *at, const Value *culprit, const char *msg)
{
    Diag *d = rt_error(r, code, at ? at->span : span_make(0, 0, 0), "%s", msg);
    if (culprit)
        note_value(r, d, *culprit);
    abandon(r, d);
}

static _Noreturn void fail(Run *r, DiagCode code, const AstNode *at, const Value *culprit, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static _Noreturn void fail(Run *r, DiagCode code, const AstNode *at, const Value *culprit, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fail_msg(r, code, at, culprit, msg);
}

/* The source of a node, cut at 50 bytes; false when there is none. */
static bool node_source(Buf *b, const AstNode *n)
{
    const Source *s = source_get(n->span.file);
    if (!s || !s->text)
        return false;
    uint32_t len = n->span.len > 50 ? 50 : n->span.len;
    while (len < n->span.len && len > 0 && ((unsigned char)s->text[n->span.off + len] & 0xC0) == 0x80)
        len--;  /* do not cut a character in two */
    buf_printf(b, "%.*s%s", (int)len, s->text + n->span.off, n->span.len > len ? "..." : "");
    return true;
}

/* A short quotation of the source of a node, for messages. */
static void node_text(Buf *b, const AstNode *n)
{
    const Source *s = source_get(n->span.file);
    if (!s || !s->text) {
        buf_puts(b, "the value");
        return;
    }
    buf_putc(b, '\'');
    node_source(b, n);
    buf_putc(b, '\'');
}

/* An absent value (an optional field left out) used where a value is
 * needed; `v` is that absent value, which knows where the data left it out. */
static _Noreturn void fail_absent(Run *r, const AstNode *at, Value v)
{
    Buf b = BUF_INIT;
    node_text(&b, at);
    char msg[128];
    snprintf(msg, sizeof msg, "%s", buf_str(&b));
    buf_free(&b);
    Diag *d = rt_error(r, DIAG_E106, at->span, "%s has no value", msg);
    diag_hint(d, "the field is optional; test it with present(...) or give a default with default(..., ...)");
    note_value(r, d, v);
    abandon(r, d);
}

static _Noreturn void fail_no_date(Run *r, Span at, const char *what)
{
    Diag *d = rt_error(r, DIAG_E109, at, "%s, but no evaluation date is set", what);
    diag_hint(d, "declare the date in the rules (as_of 2024-08-02) or pass --as-of");
    abandon(r, d);
}

Arena *call_arena(Call *c) { return &c->r->arena; }

int32_t call_as_of(Call *c)
{
    if (!c->r->has_as_of)
        fail_no_date(c->r, c->node->span, "as_of_date() is the evaluation date");
    return c->r->as_of;
}

_Noreturn void call_fail(Call *c, DiagCode code, int arg, const char *fmt, ...)
{
    const AstNode *at = arg >= 0 && (uint32_t)arg < c->node->list.len ? c->node->list.items[arg] : c->node;
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fail_msg(c->r, code, at, NULL, msg);
}

/* ------------------------------------------------------------------ */
/* Frames                                                               */

static size_t push_frame(Run *r, uint32_t nslots)
{
    if (r->sp + nslots > r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 256;
        while (ncap < r->sp + nslots)
            ncap *= 2;
        r->stack = mem_realloc(r->stack, ncap * sizeof *r->stack);
        r->state = mem_realloc(r->state, ncap);
        r->cap = ncap;
    }
    size_t base = r->sp;
    if (nslots) {  /* the stack is NULL until the first frame with slots */
        memset(r->stack + base, 0, nslots * sizeof *r->stack);
        memset(r->state + base, 0, nslots);
    }
    r->sp += nslots;
    return base;
}

static void set_slot(Run *r, size_t base, uint32_t slot, Value v)
{
    r->stack[base + slot] = v;
    r->state[base + slot] = SLOT_SET;
}

/* ------------------------------------------------------------------ */
/* Units and numbers                                                    */

static int unit_of(const Type *t)
{
    if (!t)
        return UNIT_NONE;
    return t->k == TY_PERCENT ? UNIT_PERCENT : t->k == TY_MONEY ? UNIT_MONEY : UNIT_NONE;
}

static Value num(Run *r, Rat q, int unit) { return val_num(&r->arena, q, unit); }

/* Reports a failed arithmetic operation at `at`, with notes at the data
 * values it combined (a and b may be NULL). */
static void check_rat(Run *r, RatStatus st, const AstNode *at, const Value *a, const Value *b)
{
    if (st == RAT_OK)
        return;
    Diag *d = st == RAT_DIV_ZERO ? rt_error(r, DIAG_E101, at->span, "division by zero")
                                 : rt_error(r, DIAG_E102, at->span, "the result is too large to compute exactly");
    if (st != RAT_DIV_ZERO)
        diag_hint(d, "numbers are exact fractions of 64-bit whole numbers; a result beyond that is not rounded "
                     "but refused");
    if (a)
        note_value(r, d, *a);
    /* The same datum twice (x / x) gets one note; two data on a line whose
     * columns are unknown share a pos and get one each. */
    if (b && !(a && a->src == b->src && a->pos == b->pos && val_col(*a)))
        note_value(r, d, *b);
    abandon(r, d);
}

/* ------------------------------------------------------------------ */
/* Constants from rule files                                            */

static inline Value ev(Run *r, size_t base, const AstNode *n);
static Value ev_node(Run *r, size_t base, const AstNode *n);

static const Text *node_text_const(Run *r, const AstNode *n)
{
    /* Constant texts are memoised on the node, in the Program's arena, so
     * evaluating them allocates nothing. */
    if (n->res)
        return n->res;
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < n->list.len; i++)
        if (n->list.items[i]->kind == AST_TEXT_PART)
            buf_put(&b, n->list.items[i]->v.str.s, n->list.items[i]->v.str.len);
    const Text *t = text_new(&r->p->arena, buf_str(&b), b.len);
    buf_free(&b);
    ((AstNode *)n)->res = (void *)t;
    return t;
}

static Value num_literal(const AstNode *n, int unit)
{
    Value v = {0};
    v.unit = (uint8_t)unit;
    if (n->v.num.den == 1) {
        v.tag = V_INT;
        v.u.i = n->v.num.num;
    } else {
        v.tag = V_RAT;
        v.u.q = &n->v.num;  /* lives as long as the Program */
    }
    return v;
}

static Value const_value(Run *r, const AstNode *n, const Type *t);

static Value const_record(Run *r, const AstNode *n, const Kind *k)
{
    Record *rec = record_new(&r->arena, k);
    AstNode *const *vals = n->res;
    for (uint32_t i = 0; i < k->nfields; i++)
        if (vals && vals[i])
            rec->fields[i] = const_value(r, vals[i], k->fields[i].type);
    Value v = {0};
    v.tag = V_RECORD;
    v.u.rec = rec;
    return v;
}

static Value const_value(Run *r, const AstNode *n, const Type *t)
{
    switch (n->kind) {
    case AST_NUM:
        return num_literal(n, n->op == NUM_MONEY ? UNIT_MONEY : n->op == NUM_PERCENT ? UNIT_PERCENT : unit_of(t));
    case AST_UNARY: {
        Value v = const_value(r, n->a, t);
        Rat q;
        rat_neg(val_rat(v), &q);
        return num(r, q, v.unit);
    }
    case AST_DATE:
        return val_date(n->v.date);
    case AST_BOOL:
        return val_bool(n->v.boolean);
    case AST_TEXT:
        return val_text(node_text_const(r, n));
    case AST_NAME:
    case AST_FIELD:
        if (n->op == REF_THING)
            return val_thing(n->res);
        if (n->op == REF_SCALE_VALUE)
            return val_word(n->res);
        return val_absent();
    case AST_LIST: {
        ListVal *l = arena_zalloc(&r->arena, sizeof *l + n->list.len * sizeof(Value));
        l->len = n->list.len;
        for (uint32_t i = 0; i < n->list.len; i++)
            l->items[i] = const_value(r, n->list.items[i], t && t->k == TY_LIST ? t->elem : NULL);
        Value v = {0};
        v.tag = V_LIST;
        v.u.list = l;
        return v;
    }
    case AST_RECORD:
        if (t && t->k == TY_KIND)
            return const_record(r, n, t->kind);
        if (t && t->k == TY_MAP) {
            MapVal *m;
            if (t->key->k == TY_KIND || t->key->k == TY_SCALE) {
                Value *vals;
                m = map_new_dense(&r->arena, t->key, &vals);
                for (uint32_t i = 0; i < n->list.len; i++) {
                    const AstNode *e = n->list.items[i];
                    if (!e->res)
                        continue;
                    uint32_t ix = t->key->k == TY_KIND ? ((const Thing *)e->res)->index
                                                       : ((const ScaleValue *)e->res)->index;
                    vals[ix] = const_value(r, e->a, t->elem);
                    m->len++;
                }
            } else {
                m = arena_zalloc(&r->arena, sizeof *m);
                MapEntry *es = arena_alloc(&r->arena, (n->list.len + 1) * sizeof *es);
                for (uint32_t i = 0; i < n->list.len; i++) {
                    const AstNode *e = n->list.items[i];
                    es[i].key = val_text(text_cstr(&r->arena, e->name->str));
                    es[i].val = const_value(r, e->a, t->elem);
                }
                m->len = n->list.len;
                m->entries = es;
                m->key = t->key;
            }
            Value v = {0};
            v.tag = V_MAP;
            v.u.map = m;
            return v;
        }
        return val_absent();
    default:
        return val_absent();
    }
}

/* The field values of the things of kind k, converted once per run. */
static const Value *thing_values(Run *r, const Thing *t)
{
    const Kind *k = t->kind;
    Value *vals = r->thing_vals[k->index];
    if (!vals) {
        size_t n = k->things.len * (size_t)k->nfields;
        vals = arena_zalloc(&r->arena, (n + 1) * sizeof *vals);
        for (size_t i = 0; i < k->things.len; i++) {
            const Thing *th = k->things.items[i];
            for (uint32_t f = 0; f < k->nfields; f++)
                if (th->values && th->values[f])
                    vals[i * k->nfields + f] = const_value(r, th->values[f], k->fields[f].type);
        }
        r->thing_vals[k->index] = vals;
    }
    return vals + (size_t)t->index * k->nfields;
}

/* Whether a thing is valid on the evaluation date. Without a date, a thing
 * with a validity period is an error at `at`, where the rules ask for the
 * things of its kind. */
static bool thing_valid(Run *r, const Thing *t, Span at)
{
    if (t->valid_from == INT32_MIN && t->valid_until == INT32_MAX)
        return true;
    if (!r->has_as_of) {
        Diag *d = rt_error(r, DIAG_E109, at, "which things of kind '%s' are valid depends on the evaluation "
                              "date, but none is set", t->kind->name->str);
        diag_hint(d, "declare the date in the rules (as_of 2024-08-02) or pass --as-of");
        Buf b = BUF_INIT;
        if (t->valid_from != INT32_MIN) {
            buf_puts(&b, " from ");
            date_format(&b, t->valid_from);
        }
        if (t->valid_until != INT32_MAX) {
            buf_puts(&b, " until ");
            date_format(&b, t->valid_until);
        }
        diag_note(d, t->decl->v.x->name_span, "%s '%s' is valid only%s", t->kind->name->str, t->name->str,
                  buf_str(&b));
        buf_free(&b);
        abandon(r, d);
    }
    return r->as_of >= t->valid_from && r->as_of <= t->valid_until;
}

/* The valid things of a kind, in declaration order; `at` is the expression
 * (or criterion) asking for them. */
static Value kind_list(Run *r, const Kind *k, Span at)
{
    Value *cached = &r->kind_lists[k->index];
    if (cached->tag == V_LIST)
        return *cached;
    ListVal *l = arena_zalloc(&r->arena, sizeof *l + k->things.len * sizeof(Value));
    l->len = 0;
    for (size_t i = 0; i < k->things.len; i++)
        if (thing_valid(r, k->things.items[i], at))
            l->items[l->len++] = val_thing(k->things.items[i]);
    Value v = {0};
    v.tag = V_LIST;
    v.u.list = l;
    *cached = v;
    return v;
}

/* ------------------------------------------------------------------ */
/* Reading fields                                                       */

static void cite(Run *r, const Thing *t)
{
    Collect *c = r->collect;
    if (!c)
        return;
    for (size_t i = 0; i < c->cited.len; i++)
        if (c->cited.items[i] == t)
            return;
    if (c->cited.len < FINDING_MAX_CITED)
        vec_push(&c->cited, t);
}

/* Notes a datum read for the current subject: field `field` of `rec`, or
 * entry `slot` (>= 0) of the list or map in it. Only values are evidence:
 * the records, lists and maps passed through on the way are not, but a list
 * or map is remembered, so that reading its entries is evidence. */
static NOINLINE void note_read(Collect *c, const Record *rec, uint32_t field, int32_t slot, Value v)
{
    const Value *at = &rec->fields[field];
    if (slot >= 0)
        at = at->tag == V_LIST ? &at->u.list->items[slot] : map_slot_value(at->u.map, (uint32_t)slot);
    if (!pset_add(c->seen, at))
        return;
    c->total++;
    if (c->ev.len < FINDING_MAX_EVIDENCE) {
        Evidence e = {rec, (int32_t)field, slot, v};
        vec_push(&c->ev, e);
    }
}

/* The test is inline, the work (note_read) is not: most reads on the way
 * to a datum are of records, lists and maps, which are not evidence. */
static inline void record_read(Run *r, const Record *rec, uint32_t field, int32_t slot, Value v)
{
    Collect *c = r->collect;
    if (c && rec->file && v.tag != V_RECORD && v.tag != V_LIST && v.tag != V_MAP)
        note_read(c, rec, field, slot, v);
}

/* The record field holding a list or map read from data, or NULL. */
static const Record *owner_of(const void *items, bool is_list, uint32_t *field)
{
    const Record *o;
    if (is_list) {
        o = ((const ListVal *)items)->owner;
        *field = ((const ListVal *)items)->owner_field;
    } else {
        o = ((const MapVal *)items)->owner;
        *field = ((const MapVal *)items)->owner_field;
    }
    return o;
}

/* Notes entry `slot` of list or map `coll` as read, when it holds data. */
static void entry_read(Run *r, Value coll, uint32_t slot, Value v)
{
    if (!r->collect)
        return;
    uint32_t field;
    const Record *o = owner_of(coll.tag == V_LIST ? (const void *)coll.u.list : (const void *)coll.u.map,
                               coll.tag == V_LIST, &field);
    if (o)
        record_read(r, o, field, (int32_t)slot, v);
}

/* The path of a record without id, as its id ("regions[3]"). */
static NOINLINE Value path_text(Run *r, const Record *rec)
{
    Buf b = BUF_INIT;
    record_path(&b, rec, r->p);
    Value v = val_text(text_new(&r->arena, buf_str(&b), b.len));
    buf_free(&b);
    return v;
}

/* Field `f` (or implicit field `implicit`) of an object value. */
static Value field_of(Run *r, Value obj, const Field *f, int implicit, const AstNode *at)
{
    if (obj.tag == V_ABSENT)
        fail_absent(r, at->kind == AST_FIELD ? at->a : at, obj);
    if (obj.tag == V_THING) {
        const Thing *t = obj.u.t;
        if (f)
            return thing_values(r, t)[f->index];
        switch (implicit) {
        case FIELD_ID: return val_text(text_cstr(&r->arena, t->name->str));
        case FIELD_TITLE: return val_text(text_cstr(&r->arena, t->title));
        case FIELD_VALID_FROM: return t->valid_from == INT32_MIN ? val_absent() : val_date(t->valid_from);
        default: return t->valid_until == INT32_MAX ? val_absent() : val_date(t->valid_until);
        }
    }
    if (obj.tag == V_RECORD) {
        const Record *rec = obj.u.rec;
        if (f) {
            Value v = rec->fields[f->index];
            record_read(r, rec, f->index, -1, v);
            return v;
        }
        if (implicit == FIELD_ID || implicit == FIELD_TITLE) {
            const Text *t = implicit == FIELD_TITLE && record_title_text(rec) ? record_title_text(rec)
                                                                               : record_id_text(rec);
            return t ? val_text(t) : path_text(r, rec);
        }
        return val_absent();
    }
    fail(r, DIAG_E108, at, NULL, "this value has no fields");
}

/* The implicit field (FIELD_ID, ...) a field node reads, or 0 when it reads
 * a declared one (n->res). */
static int implicit_field(const AstNode *n) { return n->flags ? -(int)n->flags : 0; }

/* ------------------------------------------------------------------ */
/* Subjects and verdicts                                                */

static void evaluate_subject(Run *r, const Criterion *c, CritSubject *cs);

static void subject_id(Run *r, Value subj, Buf *b)
{
    if (subj.tag == V_THING)
        buf_puts(b, subj.u.t->name->str);
    else if (subj.tag == V_RECORD)
        record_id(b, subj.u.rec, r->p);
}

/* truth()'s error, out of line (see where_value()). */
static NOINLINE _Noreturn void not_truth(Run *r, Value v, const AstNode *at)
{
    if (v.tag == V_ABSENT)
        fail_absent(r, at, v);
    fail(r, DIAG_E108, at, &v, "expected true or false");
}

static bool truth(Run *r, Value v, const AstNode *at)
{
    if (v.tag == V_BOOL)
        return v.u.b;
    not_truth(r, v, at);
}

/* Marks f failed with the runtime error just reported (r->err_*) and lists
 * it among the run's failures (run_failures()). */
static void record_failure(Run *r, Finding *f)
{
    f->failed = true;
    f->error_code = r->err_code;
    f->error_span = r->err_span;
    f->error = arena_strdup(&r->arena, r->err_msg);
    vec_push(&r->failures, f);
}

/* Lists the subjects of a criterion (once per run). */
static CritState *prepare(Run *r, const Criterion *c)
{
    CritState *cs = &r->crit[c->index];
    if (cs->prepared)
        return cs;
    cs->prepared = true;
    cs->row_hit = arena_zalloc(&r->arena, c->nrows + 1);
    jmp_buf jb, *saved = r->on_error;
    size_t saved_sp = r->sp;
    Collect *saved_collect = r->collect;
    const char *saved_ctx = r->context;
    r->on_error = &jb;
    r->collect = NULL;
    r->context = NULL;
    if (setjmp(jb)) {
        r->on_error = saved;
        r->sp = saved_sp;
        r->collect = saved_collect;
        r->context = saved_ctx;
        cs->failed = true;
        cs->n = 0;
        if (r->too_deep && !r->nesting)
            report_too_deep(r, c->decl->v.x->name_span, "the subjects of criterion", c->name->str, NULL);
        /* The reports list it with the failed subjects, as the subject
         * "*" (no subject id is "*"), so a report never leaves the
         * criterion out without saying why. */
        Finding *f = arena_zalloc(&r->arena, sizeof *f);
        f->criterion = c;
        f->subject_id = "*";
        f->subject_title = "(its subjects could not be listed)";
        Buf b = BUF_INIT;
        buf_printf(&b, "%s/*", c->name->str);
        f->id = arena_strndup(&r->arena, buf_str(&b), b.len);
        buf_free(&b);
        record_failure(r, f);
        return cs;
    }
    size_t base = push_frame(r, c->nslots);
    Value list = c->in_expr ? ev(r, base, c->in_expr) : kind_list(r, c->kind, c->decl->v.x->name_span);
    if (list.tag != V_LIST)
        fail(r, DIAG_E108, c->in_expr, &list, "the subjects of a criterion must be a list");
    const ListVal *l = list.u.list;
    cs->subjects = arena_zalloc(&r->arena, (l->len + 1) * sizeof *cs->subjects);
    for (uint32_t i = 0; i < l->len; i++) {
        Value s = l->items[i];
        if (s.tag != V_THING && s.tag != V_RECORD)
            continue;
        if (c->where_expr) {
            set_slot(r, base, c->subject->slot, s);
            if (!truth(r, ev(r, base, c->where_expr), c->where_expr))
                continue;
        }
        const void *key = s.tag == V_THING ? (const void *)s.u.t : (const void *)s.u.rec;
        if (map_get(&cs->by_subject, key))
            continue;
        CritSubject *sub = &cs->subjects[cs->n++];
        sub->subject = s;
        map_put(&cs->by_subject, key, sub);
    }
    r->sp = saved_sp;
    r->on_error = saved;
    r->collect = saved_collect;
    r->context = saved_ctx;
    if (!cs->n) {
        Diag *d = diag_report(DIAG_W004, c->decl->v.x->name_span, "criterion '%s' has no subjects",
                              c->name->str);
        if (c->in_expr)
            diag_hint(d, "is the dataset empty, or does the 'where' condition exclude everything?");
        else
            diag_hint(d, "there are no (valid) things of kind '%s'", c->kind->name->str);
    }
    return cs;
}

static Value verdict_of(Run *r, const AstNode *call, Value crit_arg, Value subj)
{
    (void)crit_arg;
    const AstNode *cn = call->list.items[0];
    const Criterion *c = cn->res;
    CritState *cs = prepare(r, c);
    if (cs->failed) {
        /* reported when its subjects failed */
        char msg[300];
        snprintf(msg, sizeof msg, "the subjects of criterion '%s', whose verdict this uses, could not be listed",
                 c->name->str);
        rt_note(r, r->err_code, call->span, msg);
        longjmp(*r->on_error, 1);
    }
    const void *key = subj.tag == V_THING ? (const void *)subj.u.t : (const void *)subj.u.rec;
    CritSubject *sub = map_get(&cs->by_subject, key);
    if (!sub) {
        Buf b = BUF_INIT;
        subject_id(r, subj, &b);
        char id[200];
        snprintf(id, sizeof id, "%s", buf_str(&b));
        buf_free(&b);
        fail(r, DIAG_E108, call->list.items[1], &subj, "'%s' is not a subject of criterion '%s'", id,
             c->name->str);
    }
    stack_check(r);
    evaluate_subject(r, c, sub);
    if (!sub->finding || sub->finding->failed) {
        /* The cause is already reported; this subject fails with it. */
        const Finding *g = sub->finding;
        char msg[600];
        snprintf(msg, sizeof msg, "the verdict of %s is not known: %s", g ? g->id : c->name->str,
                 g && g->error ? g->error : "its evaluation failed");
        rt_note(r, g ? g->error_code : DIAG_E104, call->span, msg);
        longjmp(*r->on_error, 1);
    }
    return val_word(sub->finding->verdict);
}

/* ------------------------------------------------------------------ */
/* Aggregates and calls                                                 */

/* share, min or max over no elements: the list is empty, or the filter
 * left none. */
static _Noreturn void fail_empty(Run *r, const AstNode *call, const char *what, Value coll, const AstNode *filter)
{
    Diag *d;
    if (coll.u.list->len == 0 || !filter)
        d = rt_error(r, DIAG_E105, call->span, "%s of an empty list", what);
    else
        d = rt_error(r, DIAG_E105, call->span, "%s of no elements: the 'where' condition holds for none of the %u",
                        what, coll.u.list->len);
    diag_hint(d, "%s has no value then; guard it: if count(...) > 0 then ... else ...", what);
    note_value(r, d, coll);
    abandon(r, d);
}

/* The iteration of an aggregate (count(x in xs where ...: ...)) or a filter
 * (xs where ...) over its collection: the same for all of them. */
typedef struct AggIter {
    Value coll;            /* the collection: a V_LIST */
    const ListVal *l;
    const Record *from;    /* the record whose field holds the list, when
                              it is data and evidence is being collected */
    uint32_t from_field;
    uint32_t slot;         /* the element variable's slot */
} AggIter;

/* Evaluates the collection of `ag`, which must be a list. */
static inline void agg_begin(Run *r, size_t base, const Aggregate *ag, AggIter *it)
{
    it->coll = ev(r, base, ag->coll);
    if (it->coll.tag == V_ABSENT)
        fail_absent(r, ag->coll, it->coll);
    if (it->coll.tag != V_LIST)
        fail(r, DIAG_E108, ag->coll, &it->coll, "expected a list");
    it->l = it->coll.u.list;
    it->slot = ag->elem->slot;
    it->from = r->collect ? owner_of(it->l, true, &it->from_field) : NULL;
}

/* Binds element i to the element variable and notes it as read (an element
 * of a list of data values is evidence). */
static inline void agg_elem(Run *r, size_t base, const AggIter *it, uint32_t i)
{
    set_slot(r, base, it->slot, it->l->items[i]);
    if (it->from)
        record_read(r, it->from, it->from_field, (int32_t)i, it->l->items[i]);
}

static Value aggregate(Run *r, size_t base, const AstNode *call, BuiltinId id)
{
    const Aggregate *ag = call->res;
    AggIter it;
    agg_begin(r, base, ag, &it);
    const ListVal *l = it.l;
    Value coll = it.coll;
    const AstNode *filter = ag->filter, *body = ag->body;
    int unit = unit_of(call->type);
    int64_t hits = 0, considered = 0;
    Rat acc = rat_int(0);
    Value best = val_absent();
    for (uint32_t i = 0; i < l->len; i++) {
        agg_elem(r, base, &it, i);
        bool pass = !filter || truth(r, ev(r, base, filter), filter);
        /* The things an aggregate counts, sums or finds are what its result
         * rests on: they are cited, the ones merely looked at are not. */
        bool counted = false;
        switch (id) {
        case BI_COUNT:
            counted = pass && (!body || truth(r, ev(r, base, body), body));
            hits += counted;
            break;
        case BI_SHARE:
            if (body) {
                if (!pass)
                    continue;
                considered++;
                counted = truth(r, ev(r, base, body), body);
            } else {
                considered++;
                counted = pass;
            }
            hits += counted;
            break;
        case BI_ALL:
        case BI_ANY:
        case BI_NONE: {
            bool t;
            if (body) {
                if (!pass)
                    continue;
                t = truth(r, ev(r, base, body), body);
            } else if (filter) {
                t = pass;
            } else {
                t = truth(r, l->items[i], ag->coll);
            }
            if (t && l->items[i].tag == V_THING)
                cite(r, l->items[i].u.t);
            if (id == BI_ALL && !t)
                return val_bool(false);
            if (id != BI_ALL && t)
                return val_bool(id == BI_ANY);
            break;
        }
        case BI_SUM:
        case BI_MIN:
        case BI_MAX: {
            if (!pass)
                continue;
            counted = true;
            Value v = body ? ev(r, base, body) : l->items[i];
            if (v.tag == V_ABSENT)
                fail_absent(r, body ? body : ag->coll, v);
            if (id == BI_SUM) {
                check_rat(r, rat_add(acc, val_rat(v), &acc), call, &v, NULL);
            } else if (best.tag == V_ABSENT || (id == BI_MIN ? val_compare(v, best) < 0 : val_compare(v, best) > 0)) {
                best = v;
            }
            break;
        }
        default:
            break;
        }
        if (counted && l->items[i].tag == V_THING)
            cite(r, l->items[i].u.t);
    }
    switch (id) {
    case BI_COUNT:
        return num(r, rat_int(hits), UNIT_NONE);
    case BI_SHARE: {
        if (!considered)
            fail_empty(r, call, "share", coll, filter);
        Rat q;
        check_rat(r, rat_make(hits, considered, &q), call, NULL, NULL);
        return num(r, q, UNIT_PERCENT);
    }
    case BI_ALL:
        return val_bool(true);
    case BI_ANY:
        return val_bool(false);
    case BI_NONE:
        return val_bool(true);
    case BI_SUM:
        return num(r, acc, unit);
    default:
        if (best.tag == V_ABSENT)
            fail_empty(r, call, id == BI_MIN ? "min" : "max", coll, filter);
        return best;
    }
}

static Value call_function(Run *r, size_t base, const AstNode *n)
{
    stack_check(r);
    const Function *fn = n->res;
    Value args[16];
    Value *argv = n->list.len <= 16 ? args : arena_alloc(&r->arena, n->list.len * sizeof(Value));
    for (uint32_t i = 0; i < n->list.len; i++)
        argv[i] = ev(r, base, n->list.items[i]);
    size_t saved_sp = r->sp;
    size_t fb = push_frame(r, fn->nslots);
    for (uint32_t i = 0; i < fn->nparams && i < n->list.len; i++)
        set_slot(r, fb, fn->params[i]->slot, argv[i]);
    Value out;
    if (fn->body) {
        out = ev(r, fb, fn->body);
    } else {
        uint32_t i;
        for (i = 0; i < fn->nrows; i++)
            if (!fn->rows[i].cond || truth(r, ev(r, fb, fn->rows[i].cond), fn->rows[i].cond))
                break;
        if (i == fn->nrows) {
            Diag *d = rt_error(r, DIAG_E104, n->span, "no row of function '%s' matches these arguments",
                                  fn->name->str);
            for (uint32_t k = 0; k < fn->nparams && k < n->list.len; k++)
                note_value(r, d, argv[k]);
            diag_note(d, fn->decl->v.x->name_span, "function declared here; add an 'otherwise' row");
            abandon(r, d);
        }
        out = ev(r, fb, fn->rows[i].message);
    }
    r->sp = saved_sp;
    return out;
}

static NOINLINE Value call(Run *r, size_t base, const AstNode *n)
{
    if (n->op == REF_CALL_FUNCTION)
        return call_function(r, base, n);
    BuiltinId id = (BuiltinId)n->flags;
    switch (id) {
    case BI_COUNT: case BI_SHARE: case BI_ALL: case BI_ANY: case BI_NONE:
    case BI_SUM: case BI_MIN: case BI_MAX:
        return aggregate(r, base, n, id);
    case BI_VERDICT: {
        Value subj = ev(r, base, n->list.items[1]);
        return verdict_of(r, n, val_absent(), subj);
    }
    case BI_PRESENT: {
        Value v = ev(r, base, n->list.items[0]);
        return val_bool(v.tag != V_ABSENT);
    }
    case BI_DEFAULT: {
        Value v = ev(r, base, n->list.items[0]);
        return v.tag != V_ABSENT ? v : ev(r, base, n->list.items[1]);
    }
    default:
        break;
    }
    Value args[4];
    uint32_t argc = n->list.len > 4 ? 4 : n->list.len;
    for (uint32_t i = 0; i < argc; i++) {
        args[i] = ev(r, base, n->list.items[i]);
        if (args[i].tag == V_ABSENT)
            fail_absent(r, n->list.items[i], args[i]);
    }
    BuiltinFn fn = r->builtins ? r->builtins[id] : NULL;
    if (!fn)
        fail(r, DIAG_E108, n, NULL, "built-in '%s' is not available", builtin_name(id));
    Call c = {r, n};
    return fn(&c, args, argc);
}

/* ------------------------------------------------------------------ */
/* Operators                                                            */

static NOINLINE Value arith(Run *r, const AstNode *n, Value a, Value b)
{
    if (a.tag == V_ABSENT)
        fail_absent(r, n->a, a);
    if (b.tag == V_ABSENT)
        fail_absent(r, n->b, b);
    AstOp op = (AstOp)n->op;
    if (a.tag == V_DATE || b.tag == V_DATE) {
        if (a.tag == V_DATE && b.tag == V_DATE)
            return num(r, rat_int((int64_t)a.u.date - b.u.date), UNIT_NONE);
        Value d = a.tag == V_DATE ? a : b, k = a.tag == V_DATE ? b : a;
        Rat q = val_rat(k);
        if (q.den != 1)
            fail(r, DIAG_E108, n, &k, "a date moves by whole days");
        /* q.num is bounded by the check below before it can overflow. */
        if (q.num > 4000000 || q.num < -4000000)
            fail(r, DIAG_E102, n, &k, "the date falls outside the years 1 to 9999");
        int64_t days = (int64_t)d.u.date + (op == OP_SUB ? -q.num : q.num);
        if (days < -719162 || days > 2932896)  /* 0001-01-01 .. 9999-12-31 */
            fail(r, DIAG_E102, n, NULL, "the date falls outside the years 1 to 9999");
        return val_date((int32_t)days);
    }
    Rat x = val_rat(a), y = val_rat(b), out;
    RatStatus st;
    switch (op) {
    case OP_ADD: st = rat_add(x, y, &out); break;
    case OP_SUB: st = rat_sub(x, y, &out); break;
    case OP_MUL: st = rat_mul(x, y, &out); break;
    default:
        if (y.num == 0)
            fail(r, DIAG_E101, n, &b, "division by zero");
        st = rat_div(x, y, &out);
        break;
    }
    check_rat(r, st, n, &a, &b);
    return num(r, out, unit_of(n->type));
}

static bool in_collection(Run *r, const AstNode *n, Value x, Value coll)
{
    if (coll.tag == V_ABSENT)
        fail_absent(r, n->b, coll);
    if (x.tag == V_ABSENT)
        fail_absent(r, n->a, x);
    if (coll.tag == V_LIST) {
        uint32_t from_field;
        const Record *from = r->collect ? owner_of(coll.u.list, true, &from_field) : NULL;
        for (uint32_t i = 0; i < coll.u.list->len; i++) {
            if (from)
                record_read(r, from, from_field, (int32_t)i, coll.u.list->items[i]);
            if (val_equal(coll.u.list->items[i], x))
                return true;
        }
        return false;
    }
    if (coll.tag == V_MAP) {
        return map_find(coll.u.map, x) >= 0;
    }
    fail(r, DIAG_E108, n->b, &coll, "expected a list or a map");
}

static Value binary(Run *r, size_t base, const AstNode *n)
{
    AstOp op = (AstOp)n->op;
    if (op == OP_AND) {
        if (!truth(r, ev(r, base, n->a), n->a))
            return val_bool(false);
        return val_bool(truth(r, ev(r, base, n->b), n->b));
    }
    if (op == OP_OR) {
        if (truth(r, ev(r, base, n->a), n->a))
            return val_bool(true);
        return val_bool(truth(r, ev(r, base, n->b), n->b));
    }
    Value a = ev(r, base, n->a);
    Value b = ev(r, base, n->b);
    switch (op) {
    case OP_IN: return val_bool(in_collection(r, n, a, b));
    case OP_NOT_IN: return val_bool(!in_collection(r, n, a, b));
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE: {
        if (a.tag == V_ABSENT)
            fail_absent(r, n->a, a);
        if (b.tag == V_ABSENT)
            fail_absent(r, n->b, b);
        if (op == OP_EQ)
            return val_bool(val_equal(a, b));
        if (op == OP_NE)
            return val_bool(!val_equal(a, b));
        int c = val_compare(a, b);
        return val_bool(op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0);
    }
    default:
        return arith(r, n, a, b);
    }
}

/* The errors of index_value(), out of line (see where_value()). */
static NOINLINE _Noreturn void bad_position(Run *r, const AstNode *n, Value obj, Value key, Rat q)
{
    uint32_t len = obj.u.list->len;
    Buf kb = BUF_INIT;
    val_format(&kb, key, false);
    char pos[64];
    snprintf(pos, sizeof pos, "%s", buf_str(&kb));
    buf_free(&kb);
    Diag *d;
    if (q.den != 1)
        d = rt_error(r, DIAG_E107, n->b->span, "position %s is not a whole number", pos);
    else
        d = rt_error(r, DIAG_E107, n->b->span, "position %s is outside the list of %u element%s", pos, len,
                        len == 1 ? "" : "s");
    if (len)
        diag_hint(d, "positions count from 0: this list has positions 0 to %u", len - 1);
    else
        diag_hint(d, "the list is empty; test first with count(...) > 0");
    note_value(r, d, key);
    note_value(r, d, obj);
    abandon(r, d);
}

static NOINLINE _Noreturn void no_entry(Run *r, const AstNode *n, Value obj, Value key)
{
    Buf kb = BUF_INIT, what = BUF_INIT, hint = BUF_INIT;
    val_format(&kb, key, false);
    node_text(&what, n->a);
    buf_puts(&hint, "test first whether the key is there: ");
    if (!node_source(&hint, n->b) || (buf_puts(&hint, " in "), !node_source(&hint, n->a))) {
        buf_clear(&hint);
        buf_puts(&hint, "test first whether the key is there with 'KEY in MAP'");
    }
    char msg[300];
    snprintf(msg, sizeof msg, "%s has no entry for '%s'", buf_str(&what), buf_str(&kb));
    Diag *d = rt_error(r, DIAG_E103, n->span, "%s", msg);
    diag_hint(d, "%s", buf_str(&hint));
    buf_free(&kb);
    buf_free(&what);
    buf_free(&hint);
    note_value(r, d, obj);
    abandon(r, d);
}

static Value index_value(Run *r, const AstNode *n, Value obj, Value key)
{
    if (obj.tag == V_ABSENT)
        fail_absent(r, n->a, obj);
    if (key.tag == V_ABSENT)
        fail_absent(r, n->b, key);
    if (obj.tag == V_LIST) {
        Rat q = val_rat(key);
        if (q.den != 1 || q.num < 0 || (uint64_t)q.num >= obj.u.list->len)
            bad_position(r, n, obj, key, q);
        Value v = obj.u.list->items[q.num];
        entry_read(r, obj, (uint32_t)q.num, v);
        return v;
    }
    const MapVal *m = obj.u.map;
    int64_t at = map_find(m, key);
    if (at < 0)
        no_entry(r, n, obj, key);
    Value v = *map_slot_value(m, (uint32_t)at);
    entry_read(r, obj, (uint32_t)at, v);
    return v;
}

static NOINLINE Value text_value(Run *r, size_t base, const AstNode *n)
{
    bool constant = true;
    for (uint32_t i = 0; i < n->list.len; i++)
        if (n->list.items[i]->kind != AST_TEXT_PART)
            constant = false;
    if (constant)
        return val_text(node_text_const(r, n));
    /* Every part is evaluated before the text is put together: an error
     * longjmps out of ev(), and must not leave a heap buffer behind. */
    Value *parts = arena_alloc(&r->arena, n->list.len * sizeof *parts);
    for (uint32_t i = 0; i < n->list.len; i++) {
        const AstNode *p = n->list.items[i];
        if (p->kind == AST_TEXT_PART)
            continue;
        parts[i] = ev(r, base, p);
        if (parts[i].tag == V_ABSENT)
            fail_absent(r, p, parts[i]);
    }
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < n->list.len; i++) {
        const AstNode *p = n->list.items[i];
        if (p->kind == AST_TEXT_PART)
            buf_put(&b, p->v.str.s, p->v.str.len);
        else
            val_format(&b, parts[i], false);
    }
    Value v = val_text(text_new(&r->arena, buf_str(&b), b.len));
    buf_free(&b);
    return v;
}

static Value local_value(Run *r, size_t base, const Local *l)
{
    size_t at = base + l->slot;
    if (r->state[at] == SLOT_SET)
        return r->stack[at];
    if (l->lk == LOCAL_LET) {
        /* First use of a let: evaluate it now and keep it for this subject. */
        stack_check(r);
        Value v = ev(r, base, l->expr);
        r->stack[base + l->slot] = v;
        r->state[base + l->slot] = SLOT_SET;
        return v;
    }
    return r->stack[at];
}

/* -v, for the number v of expression a. */
static NOINLINE Value negate(Run *r, const AstNode *a, Value v)
{
    if (v.tag == V_ABSENT)
        fail_absent(r, a, v);
    Rat q;
    rat_neg(val_rat(v), &q);
    return num(r, q, v.unit);
}

/* `collection where condition`: the elements for which the condition
 * holds. Kept out of ev() (as are the other rare, bulky cases), so that
 * ev()'s own stack frame stays small: every node of every expression
 * passes through ev(), and its frame is paid at each level. */
static NOINLINE Value where_value(Run *r, size_t base, const AstNode *n)
{
    const Aggregate *ag = n->res;
    AggIter it;
    agg_begin(r, base, ag, &it);
    const ListVal *l = it.l;
    ListVal *out = arena_zalloc(&r->arena, sizeof *out + l->len * sizeof(Value));
    out->len = 0;
    for (uint32_t i = 0; i < l->len; i++) {
        agg_elem(r, base, &it, i);
        if (truth(r, ev(r, base, ag->filter), ag->filter)) {
            out->items[out->len++] = l->items[i];
            if (l->items[i].tag == V_THING)
                cite(r, l->items[i].u.t);
        }
    }
    Value v = {0};
    v.tag = V_LIST;
    v.u.list = out;
    return v;
}

/* Evaluates expression n in the frame at base. A local's name, the most
 * common node inside a loop over a dataset, is read here without a call;
 * every other node goes through ev_node(). */
static inline Value ev(Run *r, size_t base, const AstNode *n)
{
    if (n->kind == AST_NAME && n->op == REF_LOCAL) {
        size_t at = base + ((const Local *)n->res)->slot;
        if (r->state[at] == SLOT_SET)
            return r->stack[at];
    }
    return ev_node(r, base, n);
}

static Value ev_node(Run *r, size_t base, const AstNode *n)
{
    switch (n->kind) {
    case AST_NUM:
        return num_literal(n, n->op == NUM_MONEY ? UNIT_MONEY : n->op == NUM_PERCENT ? UNIT_PERCENT : UNIT_NONE);
    case AST_DATE:
        return val_date(n->v.date);
    case AST_BOOL:
        return val_bool(n->v.boolean);
    case AST_TEXT:
        return text_value(r, base, n);
    case AST_NAME:
        switch (n->op) {
        case REF_LOCAL:
            return local_value(r, base, n->res);
        case REF_THING:
            return val_thing(n->res);
        case REF_SCALE_VALUE:
            return val_word(n->res);
        case REF_KIND_ALL:
            return kind_list(r, n->res, n->span);
        case REF_DATASET:
            return r->data[((const Dataset *)n->res)->index];
        case REF_ELEM_FIELD: {
            const ElemField *ef = n->res;
            Value obj = local_value(r, base, ef->elem);
            return field_of(r, obj, ef->field, ef->implicit, n);
        }
        default:
            fail(r, DIAG_E108, n, NULL, "this name has no value here");
        }
    case AST_FIELD:
        if (n->op == REF_THING)
            return val_thing(n->res);
        if (n->op == REF_SCALE_VALUE)
            return val_word(n->res);
        return field_of(r, ev(r, base, n->a), n->res, implicit_field(n), n);
    case AST_INDEX: {
        Value obj = ev(r, base, n->a);
        Value key = ev(r, base, n->b);
        return index_value(r, n, obj, key);
    }
    case AST_LIST: {
        ListVal *l = arena_zalloc(&r->arena, sizeof *l + n->list.len * sizeof(Value));
        l->len = n->list.len;
        for (uint32_t i = 0; i < n->list.len; i++)
            l->items[i] = ev(r, base, n->list.items[i]);
        Value v = {0};
        v.tag = V_LIST;
        v.u.list = l;
        return v;
    }
    case AST_RECORD:
        if (n->type && n->type->k == TY_KIND) {
            const Kind *k = n->type->kind;
            Record *rec = record_new(&r->arena, k);
            AstNode *const *vals = n->res;
            for (uint32_t i = 0; i < k->nfields; i++)
                if (vals && vals[i])
                    rec->fields[i] = ev(r, base, vals[i]);
            Value v = {0};
            v.tag = V_RECORD;
            v.u.rec = rec;
            return v;
        }
        return const_value(r, n, n->type);
    case AST_CALL:
        return call(r, base, n);
    case AST_UNARY:
        if (n->op == OP_NOT)
            return val_bool(!truth(r, ev(r, base, n->a), n->a));
        return negate(r, n->a, ev(r, base, n->a));
    case AST_BINARY:
        return binary(r, base, n);
    case AST_IF:
        return truth(r, ev(r, base, n->a), n->a) ? ev(r, base, n->b) : ev(r, base, n->c);
    case AST_WHERE:
        return where_value(r, base, n);
    default:
        fail(r, DIAG_E108, n, NULL, "cannot evaluate this");
    }
}

/* ------------------------------------------------------------------ */
/* Criteria                                                             */

static const Judgement *find_judgement(Run *r, const Criterion *c, const char *id, size_t *index)
{
    for (size_t i = 0; i < r->p->judgements.len; i++) {
        const Judgement *j = r->p->judgements.items[i];
        if (j->criterion == c && strcmp(j->subject_id, id) == 0) {
            *index = i;
            return j;
        }
    }
    return NULL;
}

/* Whether an expression shows its value in the rule itself (a literal, a
 * thing or a scale word): --explain does not repeat it. */
static bool is_literal(const AstNode *n)
{
    switch (n->kind) {
    case AST_NUM:
    case AST_DATE:
    case AST_BOOL:
        return true;
    case AST_TEXT:
        for (uint32_t i = 0; i < n->list.len; i++)
            if (n->list.items[i]->kind != AST_TEXT_PART)
                return false;
        return true;
    case AST_UNARY:
        return n->op == OP_NEG && is_literal(n->a);
    case AST_NAME:
    case AST_FIELD:
        return n->op == REF_THING || n->op == REF_SCALE_VALUE;
    default:
        return false;
    }
}

typedef struct OperandList {
    Operand *items;
    uint32_t len, cap;
} OperandList;

static void add_operand(Run *r, OperandList *out, uint32_t row, const AstNode *e, Value v)
{
    if (out->len == out->cap) {
        uint32_t ncap = out->cap ? out->cap * 2 : 8;
        Operand *items = arena_alloc(&r->arena, ncap * sizeof *items);
        if (out->len)
            memcpy(items, out->items, out->len * sizeof *items);
        out->items = items;
        out->cap = ncap;
    }
    Operand o = {row, e, v};
    out->items[out->len++] = o;
}

/* The operands of the parts of condition `n` that its evaluation reached:
 * both sides of a comparison, the value of any other test. The condition
 * was evaluated before without error, and evaluation has no side effects, so
 * evaluating its parts again gives the same values (lets are kept). */
static void operands(Run *r, size_t base, const AstNode *n, uint32_t row, OperandList *out)
{
    if (n->kind == AST_UNARY && n->op == OP_NOT) {
        operands(r, base, n->a, row, out);
        return;
    }
    if (n->kind == AST_BINARY) {
        switch ((AstOp)n->op) {
        case OP_AND:
        case OP_OR: {
            operands(r, base, n->a, row, out);
            bool left = truth(r, ev(r, base, n->a), n->a);
            if (left == (n->op == OP_AND))  /* the right side was evaluated too */
                operands(r, base, n->b, row, out);
            return;
        }
        case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_IN: case OP_NOT_IN:
            if (!is_literal(n->a))
                add_operand(r, out, row, n->a, ev(r, base, n->a));
            if (!is_literal(n->b))
                add_operand(r, out, row, n->b, ev(r, base, n->b));
            return;
        default:
            break;
        }
    }
    if (!is_literal(n))
        add_operand(r, out, row, n, ev(r, base, n));
}

/* For --explain: the operands of the rows before the one that matched.
 * Only --explain shows them, so they are not computed while evaluating
 * (that evaluated every earlier row's condition a second time for every
 * subject) but on request, from what the finding kept: the subject and
 * the lets it evaluated, put back in a frame of the criterion. Evaluation
 * has no side effects and every part of those conditions was evaluated
 * without error before, so the values are the ones the rows saw. */
void run_explain(Run *r, Finding *f)
{
    if (f->explained || f->failed || !f->row)
        return;
    f->explained = true;
    const Criterion *c = f->criterion;
    if (!f->row_index)
        return;
    char stack;  /* where this evaluation's C stack begins (stack_check) */
    jmp_buf jb, *saved = r->on_error;
    size_t saved_sp = r->sp;
    uintptr_t saved_base = r->stack_base;
    Collect *saved_collect = r->collect;
    const char *saved_ctx = r->context;
    /* Not a local: an automatic object changed between setjmp() and a
     * longjmp() has no defined value after it (C11 7.13.2.1). */
    OperandList *out = mem_zalloc(sizeof *out);
    r->on_error = &jb;
    r->collect = NULL;  /* nothing read now is evidence */
    r->context = NULL;
    if (!r->stack_base)
        r->stack_base = (uintptr_t)&stack;
    if (setjmp(jb)) {
        /* Cannot happen (see above); the operands found so far stand. */
        r->too_deep = false;
    } else {
        size_t base = push_frame(r, c->nslots);
        Value subj = f->thing ? val_thing(f->thing) : val_absent();
        if (f->record) {
            subj.tag = V_RECORD;
            subj.u.rec = f->record;
        }
        set_slot(r, base, c->subject->slot, subj);
        for (uint32_t k = 0; k < f->nlets; k++)
            set_slot(r, base, f->lets[k].let->slot, f->lets[k].value);
        for (uint32_t i = 0; i < f->row_index; i++)
            if (c->rows[i].cond)
                operands(r, base, c->rows[i].cond, i, out);
    }
    f->why = out->items;
    f->nwhy = out->len;
    mem_free(out);
    r->on_error = saved;
    r->sp = saved_sp;
    r->stack_base = saved_base;
    r->collect = saved_collect;
    r->context = saved_ctx;
}

static void evaluate_subject(Run *r, const Criterion *c, CritSubject *sub)
{
    if (sub->state == SUBJ_DONE)
        return;
    if (sub->state == SUBJ_BUSY) {
        /* The resolver rejects cycles; this is a safety net. */
        fail(r, DIAG_E038, c->decl, NULL, "criterion '%s' depends on its own verdict", c->name->str);
    }
    sub->state = SUBJ_BUSY;
    Finding *f = arena_zalloc(&r->arena, sizeof *f);
    sub->finding = f;
    f->criterion = c;
    f->subject_index = (uint32_t)(sub - r->crit[c->index].subjects);
    Buf b = BUF_INIT;
    subject_id(r, sub->subject, &b);
    f->subject_id = arena_strndup(&r->arena, buf_str(&b), b.len);
    buf_clear(&b);
    buf_printf(&b, "%s/%s", c->name->str, f->subject_id);
    f->id = arena_strndup(&r->arena, buf_str(&b), b.len);
    buf_clear(&b);
    buf_printf(&b, "criterion '%s' for '%s'", c->name->str, f->subject_id);
    const char *ctx = arena_strndup(&r->arena, buf_str(&b), b.len);
    buf_free(&b);
    if (sub->subject.tag == V_THING) {
        f->thing = sub->subject.u.t;
        f->subject_title = f->thing->title;
    } else {
        f->record = sub->subject.u.rec;
        f->subject_title = record_title_text(f->record) ? record_title_text(f->record)->s : f->subject_id;
    }
    /* A judgement of this subject matches it even when the evaluation
     * fails below: it is not reported as matching no subject. */
    size_t ji;
    f->judgement = find_judgement(r, c, f->subject_id, &ji);
    if (f->judgement)
        r->judgement_used[ji] = true;

    Collect col;
    memset(&col, 0, sizeof col);
    while (r->seen.len <= r->nesting)
        vec_push(&r->seen, mem_zalloc(sizeof(PtrSet)));
    col.seen = r->seen.items[r->nesting];
    pset_clear(col.seen);
    jmp_buf jb, *saved = r->on_error;
    size_t saved_sp = r->sp;
    Collect *saved_collect = r->collect;
    const char *saved_ctx = r->context;
    r->on_error = &jb;
    r->collect = &col;
    r->context = ctx;
    r->nesting++;
    uint32_t nerr = r->nerr;
    if (setjmp(jb)) {
        r->on_error = saved;
        r->sp = saved_sp;
        r->collect = saved_collect;
        r->context = saved_ctx;
        vec_free(&col.ev);
        vec_free(&col.cited);
        sub->state = SUBJ_DONE;
        if (--r->nesting == 0 && r->too_deep)
            report_too_deep(r, c->decl->v.x->name_span, "criterion", c->name->str, ctx);
        /* What stopped it, for the reports. A chain too deep is reported
         * (above) only by the outermost subject: the inner ones say so. */
        if (r->nerr == nerr)
            rt_note(r, DIAG_E110, c->decl->v.x->name_span, "the evaluation nests too deeply");
        record_failure(r, f);
        return;
    }
    size_t base = push_frame(r, c->nslots);
    set_slot(r, base, c->subject->slot, sub->subject);
    if (f->thing)
        cite(r, f->thing);
    uint32_t i;
    for (i = 0; i < c->nrows; i++)
        if (!c->rows[i].cond || truth(r, ev(r, base, c->rows[i].cond), c->rows[i].cond))
            break;
    if (i == c->nrows) {
        Diag *d = rt_error(r, DIAG_E104, c->decl->v.x->name_span,
                              "no row of criterion '%s' matches subject '%s'", c->name->str, f->subject_id);
        diag_hint(d, "add a row for this case, or end the table with 'otherwise'");
        if (f->record)
            note_value(r, d, sub->subject);
        r->had_error = true;
        longjmp(jb, 1);
    }
    const Row *row = &c->rows[i];
    f->row = row;
    f->row_index = i;
    r->crit[c->index].row_hit[i] = 1;
    f->computed = row->verdict;
    f->verdict = row->verdict;
    if (row->message) {
        Value m = ev(r, base, row->message);
        f->message = m.tag == V_TEXT ? m.u.s->s : "";
    } else {
        f->message = "";
    }
    /* The lets this subject needed, for --explain. */
    f->lets = arena_alloc(&r->arena, (c->nlets + 1) * sizeof *f->lets);
    for (uint32_t k = 0; k < c->nlets; k++)
        if (r->state[base + c->lets[k]->slot] == SLOT_SET) {
            f->lets[f->nlets].let = c->lets[k];
            f->lets[f->nlets].value = r->stack[base + c->lets[k]->slot];
            f->nlets++;
        }
    /* An analyst's judgement replaces the computed verdict, unless expired. */
    const Judgement *j = f->judgement;
    if (j) {
        if (r->has_as_of && j->expires != INT32_MAX && r->as_of > j->expires) {
            f->judgement_expired = true;
            Buf eb = BUF_INIT;
            date_format(&eb, j->expires);
            Diag *d = diag_report(DIAG_W005, j->decl->v.x->name_span,
                                  "the judgement of '%s' for '%s' expired on %s", c->name->str, f->subject_id,
                                  buf_str(&eb));
            diag_hint(d, "the computed verdict applies; review the judgement or extend its 'expires'");
            buf_free(&eb);
        } else if (j->verdict) {
            f->verdict = j->verdict;
        }
    }
    f->nevidence = (uint32_t)col.ev.len;
    f->evidence_total = col.total;
    if (col.ev.len) {
        f->evidence = arena_alloc(&r->arena, col.ev.len * sizeof *f->evidence);
        memcpy(f->evidence, col.ev.items, col.ev.len * sizeof *f->evidence);
    }
    f->ncited = (uint32_t)col.cited.len;
    if (col.cited.len) {
        f->cited = arena_alloc(&r->arena, col.cited.len * sizeof *f->cited);
        memcpy(f->cited, col.cited.items, col.cited.len * sizeof *f->cited);
    }
    vec_free(&col.ev);
    vec_free(&col.cited);
    r->on_error = saved;
    r->sp = saved_sp;
    r->collect = saved_collect;
    r->context = saved_ctx;
    r->nesting--;
    sub->state = SUBJ_DONE;
    vec_push(&r->findings, f);
}

/* ------------------------------------------------------------------ */
/* Runs                                                                 */

Run *run_new(Program *p, const BuiltinFn *builtins)
{
    Run *r = mem_zalloc(sizeof *r);
    r->p = p;
    r->builtins = builtins;
    arena_init(&r->arena, 64 * 1024);
    size_t nd = p->datasets.len + 1, nk = p->kinds.len + 1, nc = p->criteria.len + 1;
    r->data = arena_zalloc(&r->arena, nd * sizeof *r->data);
    r->data_path = arena_zalloc(&r->arena, nd * sizeof *r->data_path);
    r->data_span = arena_zalloc(&r->arena, nd * sizeof *r->data_span);
    r->data_file = arena_zalloc(&r->arena, nd * sizeof *r->data_file);
    for (size_t i = 0; i < p->datasets.len; i++) {
        const Dataset *ds = p->datasets.items[i];
        r->data_path[i] = ds->path;
        if (ds->decl->b)
            r->data_span[i] = ds->decl->b->span;
    }
    r->thing_vals = arena_zalloc(&r->arena, nk * sizeof *r->thing_vals);
    r->kind_lists = arena_zalloc(&r->arena, nk * sizeof *r->kind_lists);
    r->crit = arena_zalloc(&r->arena, nc * sizeof *r->crit);
    r->judgement_used = arena_zalloc(&r->arena, (p->judgements.len + 1) * sizeof(bool));
    r->as_of = p->as_of;
    r->has_as_of = p->has_as_of;
    /* At most EVAL_MAX_STACK, and at most half the stack the system gives
     * (ulimit -s), so that the report and the clean-up still have room. */
    r->stack_max = EVAL_MAX_STACK;
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 2 < r->stack_max)
        r->stack_max = (size_t)(rl.rlim_cur / 2);
    return r;
}

void run_free(Run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->p->criteria.len; i++)
        map_free(&r->crit[i].by_subject);
    vec_free(&r->findings);
    vec_free(&r->failures);
    for (size_t i = 0; i < r->seen.len; i++) {
        pset_free(r->seen.items[i]);
        mem_free(r->seen.items[i]);
    }
    vec_free(&r->seen);
    mem_free(r->stack);
    mem_free(r->state);
    arena_free(&r->arena);
    mem_free(r);
}

bool run_bind(Run *r, const char *name, const char *path, Span where)
{
    const Sym *s = sym_lookup(name, strlen(name));
    const GlobalSym *g = s ? program_global(r->p, s) : NULL;
    if (!g || g->gk != G_DATASET) {
        Suggestion sg;
        suggest_begin(&sg, name);
        for (size_t i = 0; i < r->p->datasets.len; i++)
            suggest_consider(&sg, r->p->datasets.items[i]->name->str);
        const char *best = sg.best;
        Diag *d = where.file ? diag_report(DIAG_E030, where, "unknown dataset '%s'", name)
                             : diag_report_path(DIAG_E030, NULL, "--data: unknown dataset '%s'", name);
        if (best) {
            diag_hint(d, "did you mean '%s'?", best);
        } else if (!r->p->datasets.len) {
            diag_hint(d, "the rules declare no datasets");
        } else {
            Buf b = BUF_INIT;
            for (size_t i = 0; i < r->p->datasets.len; i++)
                buf_printf(&b, "%s%s", i ? ", " : "", r->p->datasets.items[i]->name->str);
            diag_hint(d, "the datasets are: %s", buf_str(&b));
            buf_free(&b);
        }
        return false;
    }
    const Dataset *ds = g->p;
    r->data_path[ds->index] = arena_strdup(&r->arena, path);
    r->data_span[ds->index] = where;
    return true;
}

void run_set_as_of(Run *r, int32_t date)
{
    r->as_of = date;
    r->has_as_of = true;
}

void run_keep_unread(Run *r) { r->keep_unread = true; }

bool run_load(Run *r)
{
    bool ok = true;
    for (size_t i = 0; i < r->p->datasets.len; i++) {
        const Dataset *ds = r->p->datasets.items[i];
        if (!r->data_path[i] || !ds->type)
            continue;
        size_t before = diag_errors();
        bool loaded = data_load(r->p, ds, r->data_path[i], r->data_span[i], &r->arena, r->keep_unread,
                                &r->data[i], &r->data_file[i]);
        if (!loaded || diag_errors() > before) {
            ok = false;
            continue;
        }
        if (r->data[i].tag == V_LIST && r->data[i].u.list->len == 0) {
            Diag *d = r->data_span[i].file
                          ? diag_report(DIAG_W003, r->data_span[i], "dataset '%s' is empty (%s)",
                                        ds->name->str, r->data_path[i])
                          : diag_report_path(DIAG_W003, r->data_path[i], "dataset '%s' is empty",
                                             ds->name->str);
            diag_hint(d, "criteria over it will have no subjects and counts over it are 0");
        }
    }
    return ok;
}

/* Evaluates every subject of one criterion; a failure outside any subject
 * (a cycle caught at run time) ends only this criterion. */
static void evaluate_criterion(Run *r, const Criterion *c)
{
    jmp_buf jb;
    r->on_error = &jb;
    if (setjmp(jb)) {
        r->on_error = NULL;
        return;
    }
    CritState *cs = prepare(r, c);
    for (uint32_t k = 0; k < cs->n; k++)
        evaluate_subject(r, c, &cs->subjects[k]);
    r->on_error = NULL;
}

bool run_evaluate(Run *r)
{
    char base;  /* where the evaluation's C stack begins (stack_check) */
    r->stack_base = (uintptr_t)&base;
    r->had_error = false;
    for (size_t i = 0; i < r->p->criteria.len; i++) {
        const Criterion *c = r->p->criteria.items[i];
        if (c->kind && c->scale)
            evaluate_criterion(r, c);
    }
    for (size_t i = 0; i < r->p->judgements.len; i++)
        if (!r->judgement_used[i] && !r->crit[r->p->judgements.items[i]->criterion->index].failed) {
            const Judgement *j = r->p->judgements.items[i];
            Diag *d = diag_report(DIAG_W006, j->decl->v.x->name_span,
                                  "the judgement of '%s' for '%s' matches no subject", j->criterion->name->str,
                                  j->subject_id);
            diag_hint(d, "check the subject's id, and whether a 'where' or validity excludes it");
        }
    r->sorted = false;
    r->stack_base = 0;
    return !r->had_error;
}

/* Distance of a verdict from the top of its scale: 0 is the most severe. */
static uint32_t severity_rank(const ScaleValue *w)
{
    return w->scale->nvalues - 1 - w->index;
}

static uint32_t scale_index(const Program *p, const Scale *s)
{
    for (uint32_t i = 0; i < p->scales.len; i++)
        if (p->scales.items[i] == s)
            return i;
    return UINT32_MAX;
}

static const Program *sort_program;  /* for the comparator: qsort has no context */

static int cmp_findings(const void *pa, const void *pb)
{
    const Finding *a = *(const Finding *const *)pa, *b = *(const Finding *const *)pb;
    uint32_t ra = severity_rank(a->verdict), rb = severity_rank(b->verdict);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->verdict->scale != b->verdict->scale)
        return scale_index(sort_program, a->verdict->scale) < scale_index(sort_program, b->verdict->scale) ? -1 : 1;
    int c = strcmp(a->criterion->name->str, b->criterion->name->str);
    if (c)
        return c;
    c = strcmp(a->subject_id, b->subject_id);
    if (c)
        return c;
    /* Two subjects of one criterion may share an id (records of two lists
     * an expression put together): their place among the subjects decides,
     * so the order is total and qsort's choice never shows. */
    return a->subject_index < b->subject_index ? -1 : a->subject_index > b->subject_index;
}

Finding **run_findings(Run *r, size_t *n)
{
    if (!r->sorted && r->findings.len > 1) {
        sort_program = r->p;
        qsort(r->findings.items, r->findings.len, sizeof r->findings.items[0], cmp_findings);
        sort_program = NULL;
    }
    r->sorted = true;
    *n = r->findings.len;
    return r->findings.items;
}

static int cmp_failures(const void *pa, const void *pb)
{
    const Finding *a = *(const Finding *const *)pa, *b = *(const Finding *const *)pb;
    if (a->criterion != b->criterion)
        return a->criterion->index < b->criterion->index ? -1 : 1;
    return a->subject_index < b->subject_index ? -1 : a->subject_index > b->subject_index;
}

Finding **run_failures(Run *r, size_t *n)
{
    if (r->failures.len > 1)
        qsort(r->failures.items, r->failures.len, sizeof r->failures.items[0], cmp_failures);
    *n = r->failures.len;
    return r->failures.items;
}

bool run_eval(Run *r, const AstNode *e, uint32_t nslots, Value *out)
{
    char stack;  /* where the evaluation's C stack begins (stack_check) */
    jmp_buf jb, *saved = r->on_error;
    size_t saved_sp = r->sp;
    r->on_error = &jb;
    r->stack_base = (uintptr_t)&stack;
    if (setjmp(jb)) {
        r->on_error = saved;
        r->sp = saved_sp;
        r->stack_base = 0;
        if (r->too_deep)
            report_too_deep(r, e->span, "this expression", NULL, NULL);
        return false;
    }
    size_t base = push_frame(r, nslots);
    *out = ev(r, base, e);
    r->sp = saved_sp;
    r->on_error = saved;
    r->stack_base = 0;
    return true;
}

const Program *run_program(const Run *r) { return r->p; }
int32_t run_as_of(const Run *r) { return r->as_of; }
bool run_has_as_of(const Run *r) { return r->has_as_of; }
Arena *run_arena(Run *r) { return &r->arena; }

Value run_dataset(const Run *r, const Dataset *ds)
{
    return ds->index < r->p->datasets.len ? r->data[ds->index] : val_absent();
}

uint32_t run_value_file(const Run *r, Value v)
{
    if (!v.src || v.src > r->p->datasets.len)
        return 0;
    return r->data_file[v.src - 1];
}

bool run_row_matched(const Run *r, const Criterion *c, uint32_t row)
{
    const CritState *cs = &r->crit[c->index];
    return cs->row_hit && row < c->nrows && cs->row_hit[row];
}

Value run_thing_field(Run *r, const Thing *t, uint32_t field)
{
    return field < t->kind->nfields ? thing_values(r, t)[field] : val_absent();
}
