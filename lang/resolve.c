/*
 * resolve.c - binds names and checks types.
 *
 * The passes, in order:
 *   1. collect the global names (kinds, scales, datasets, criteria, functions)
 *      and the words of each scale;
 *   2. resolve the field types of kinds, the types of datasets and the
 *      signatures of functions;
 *   3. register the things of every kind, then check their fields;
 *   4. resolve criteria, function bodies, judgements, tests and `as_of`;
 *   5. find cycles between criteria and functions, unused declarations (only
 *      when there are no errors) and decision-table rows that can never match.
 * Every problem is reported and the pass goes on; an expression found wrong
 * gets the type TY_ERROR, which is accepted everywhere, so that one mistake
 * gives one message.
 */
#include "resolve.h"
#include "diag.h"
#include "../base/date.h"
#include "../base/mem.h"
#include "../base/rat.h"
#include "../base/suggest.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------ */
/* Built-in table                                                       */

typedef enum Sig {
    SIG_AGG_COUNT, SIG_AGG_SHARE, SIG_AGG_BOOL, SIG_AGG_SUM, SIG_AGG_MINMAX, SIG_LEN,
    SIG_TEXT_TEXT_BOOL, SIG_TEXT_TEXT, SIG_DATE_NUMBER, SIG_DATE_DATE_NUMBER, SIG_ROUND,
    SIG_PRESENT, SIG_DEFAULT, SIG_VERDICT, SIG_AS_OF, SIG_JOIN
} Sig;

static const struct {
    const char *name;
    int min, max;
    Sig sig;
} builtins[] = {
#define X(id, name, min, max, sig) {name, min, max, sig},
#include "../stdlib/builtins.def"
#undef X
};

const char *builtin_name(BuiltinId id) { return builtins[id].name; }

static int find_builtin(const Sym *name)
{
    for (int i = 0; i < BI_COUNT_; i++)
        if (strcmp(builtins[i].name, name->str) == 0)
            return i;
    return -1;
}

static const char *const type_words[] = {"text", "number", "percentage", "money", "date",
                                         "boolean"};

/* ------------------------------------------------------------------ */
/* Resolver state                                                       */

typedef struct Scope Scope;
struct Scope {
    Scope *parent;
    Local **locals;          /* in the program arena */
    uint32_t n, cap;
    Local *implicit;         /* element whose fields are bare names here */
    Local **index;           /* by name, once there are SCOPE_INDEX_MIN
                                locals (open addressing, in the arena) */
    uint32_t index_cap;      /* 0 or a power of two, at least 2 * n */
};

/* A scope with this many locals (a criterion with many lets) is looked up
 * through a hash index: a linear search for every name would make the
 * time quadratic in the number of lets (tests/hostile.sh). */
#define SCOPE_INDEX_MIN 16

/* A node of the dependency graph: a criterion or a function. */
typedef struct DepNode {
    const Sym *name;
    const char *what;        /* "criterion" or "function" */
    Span span;
    VEC(uint32_t) edges;
    Span *edge_spans;        /* parallel to edges, where the use is */
    int color;
} DepNode;

typedef struct R {
    Program *p;
    uint32_t *nslots;        /* frame size of the current owner */
    int owner;               /* dependency node of the current owner, -1 */
    VEC(DepNode) deps;
    VEC(AstNode *) things;   /* AST_THING decls of pass 3 */
    VEC(AstNode *) judgements, tests, asofs;
    VEC(Local *) locals;     /* lets and parameters, for the unused check */
} R;

static Span name_span(const AstNode *n) { return n->v.x ? n->v.x->name_span : n->span; }

/* A declaration whose body was lost to a syntax error (already reported):
 * what its body would have declared is unknown, so nothing is reported
 * about it. */
static bool is_broken(const AstNode *decl) { return decl && (decl->flags & AST_FLAG_BROKEN); }

/* ------------------------------------------------------------------ */
/* Types                                                                */

static const Type *new_type(Program *p, TypeKind k)
{
    Type *t = arena_zalloc(&p->arena, sizeof *t);
    t->k = k;
    return t;
}

static const Type *list_of(Program *p, const Type *elem)
{
    Type *t = (Type *)new_type(p, TY_LIST);
    t->elem = elem;
    return t;
}

static const Type *map_of(Program *p, const Type *key, const Type *elem)
{
    Type *t = (Type *)new_type(p, TY_MAP);
    t->key = key;
    t->elem = elem;
    return t;
}

bool type_is_numeric(const Type *t) { return t->k == TY_NUMBER || t->k == TY_PERCENT; }

static bool is_err(const Type *t) { return !t || t->k == TY_ERROR; }

bool type_equal(const Type *a, const Type *b)
{
    if (a == b)
        return true;
    if (a->k != b->k)
        return false;
    switch (a->k) {
    case TY_SCALE: return a->scale == b->scale;
    case TY_KIND: return a->kind == b->kind;
    case TY_LIST: return type_equal(a->elem, b->elem);
    case TY_MAP: return type_equal(a->key, b->key) && type_equal(a->elem, b->elem);
    default: return true;
    }
}

bool type_assignable(const Type *to, const Type *from)
{
    if (is_err(to) || is_err(from) || to->k == TY_ANY || from->k == TY_ANY)
        return true;
    if (type_is_numeric(to) && type_is_numeric(from))
        return true;
    if (to->k != from->k)
        return false;
    switch (to->k) {
    case TY_SCALE: return to->scale == from->scale;
    case TY_KIND: return to->kind == from->kind;
    case TY_LIST: return type_assignable(to->elem, from->elem);
    case TY_MAP: return type_assignable(to->key, from->key) && type_assignable(to->elem, from->elem);
    default: return true;
    }
}

void type_name(Buf *b, const Type *t)
{
    switch (t->k) {
    case TY_ERROR: buf_puts(b, "(error)"); break;
    case TY_ANY: buf_puts(b, "anything"); break;
    case TY_TEXT: buf_puts(b, "text"); break;
    case TY_NUMBER: buf_puts(b, "number"); break;
    case TY_PERCENT: buf_puts(b, "percentage"); break;
    case TY_MONEY: buf_puts(b, "money"); break;
    case TY_DATE: buf_puts(b, "date"); break;
    case TY_BOOL: buf_puts(b, "boolean"); break;
    case TY_SCALE: buf_puts(b, t->scale->name->str); break;
    case TY_KIND: buf_puts(b, t->kind->name->str); break;
    case TY_CRITERION: buf_puts(b, "criterion"); break;
    case TY_LIST:
        buf_puts(b, "list of ");
        type_name(b, t->elem);
        break;
    case TY_MAP:
        buf_puts(b, "map of ");
        type_name(b, t->key);
        buf_puts(b, " to ");
        type_name(b, t->elem);
        break;
    }
}

/* A type's name in a static buffer ring, for messages. */
static const char *tn(const Type *t)
{
    static char ring[4][128];
    static int next;
    char *out = ring[next++ & 3];
    Buf b = BUF_INIT;
    type_name(&b, t);
    snprintf(out, sizeof ring[0], "%s", buf_str(&b));
    buf_free(&b);
    return out;
}

/* "a number", "an indicator": the article makes messages read as Dutch
 * analysts' English does. */
static const char *an(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                          */

/* The closest names are found by base/suggest.c; the hint is worded here. */
static void suggest_hint(Diag *d, const Suggestion *s)
{
    if (s->best)
        diag_hint(d, "did you mean '%s'?", s->best);
}

/* ------------------------------------------------------------------ */
/* Globals                                                              */

const GlobalSym *program_global(const Program *p, const Sym *name)
{
    return map_get(&p->globals, name);
}

static const char *global_what(GlobalKind gk)
{
    switch (gk) {
    case G_KIND: return "kind";
    case G_SCALE: return "scale";
    case G_DATASET: return "dataset";
    case G_CRITERION: return "criterion";
    case G_FUNCTION: return "function";
    }
    return "name";
}

static bool add_global(R *r, const Sym *name, Span span, GlobalKind gk, void *obj, bool prelude)
{
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
        if (strcmp(name->str, type_words[i]) == 0 && (gk == G_KIND || gk == G_SCALE)) {
            Diag *d = diag_report(DIAG_E043, span, "'%s' is a built-in type and cannot be redeclared",
                                  name->str);
            diag_hint(d, "choose another name");
            return false;
        }
    if (gk == G_FUNCTION && find_builtin(name) >= 0) {
        Diag *d = diag_report(DIAG_E043, span, "'%s' is a built-in function and cannot be redeclared",
                              name->str);
        diag_hint(d, "choose another name");
        return false;
    }
    const GlobalSym *old = map_get(&r->p->globals, name);
    if (old) {
        Diag *d;
        if (old->prelude && !prelude) {
            d = diag_report(DIAG_E043, span, "'%s' is already declared in the prelude (a %s)",
                            name->str, global_what(old->gk));
            diag_hint(d, "choose another name; the prelude's declarations are shared by every rules tree");
        } else {
            d = diag_report(DIAG_E031, span, "'%s' is declared twice", name->str);
            diag_note(d, old->span, "first declared here, as a %s", global_what(old->gk));
        }
        return false;
    }
    GlobalSym *g = arena_zalloc(&r->p->arena, sizeof *g);
    g->gk = gk;
    g->p = obj;
    g->span = span;
    g->prelude = prelude;
    map_put(&r->p->globals, name, g);
    return true;
}

/* Whether t is constant text (no interpolation); reports E042 when not. */
static bool text_is_const(R *r, AstNode *t)
{
    if (t->kind != AST_TEXT) {
        diag_report(DIAG_E042, t->span, "expected text between quotes");
        return false;
    }
    for (uint32_t i = 0; i < t->list.len; i++) {
        AstNode *part = t->list.items[i];
        if (part->kind != AST_TEXT_PART) {
            Diag *d = diag_report(DIAG_E042, part->span, "text here must be constant");
            diag_hint(d, "'{...}' can only be used in messages and expressions");
            return false;
        }
    }
    t->type = r->p->t_text;
    return true;
}

/* Constant text of a title or path, NUL-terminated in the program's arena;
 * NULL (after reporting) when it interpolates. */
static const char *const_text(R *r, AstNode *t)
{
    if (!t || !text_is_const(r, t))
        return NULL;
    size_t len = 0;
    for (uint32_t i = 0; i < t->list.len; i++)
        len += t->list.items[i]->v.str.len;
    char *s = arena_alloc_packed(&r->p->arena, len + 1), *w = s;
    for (uint32_t i = 0; i < t->list.len; i++) {
        AstNode *part = t->list.items[i];
        memcpy(w, part->v.str.s, part->v.str.len);
        w += part->v.str.len;
    }
    *w = '\0';
    return s;
}

static int new_dep(R *r, const Sym *name, const char *what, Span span)
{
    DepNode dn;
    memset(&dn, 0, sizeof dn);
    dn.name = name;
    dn.what = what;
    dn.span = span;
    vec_push(&r->deps, dn);
    return (int)r->deps.len - 1;
}

static bool file_is_prelude(const Program *p, uint32_t f) { return p->has_prelude && f == 0; }

/* Pass 1: global names, scale words; things, judgements, tests and as_of
 * are set aside for later passes. */
static void collect(R *r)
{
    Program *p = r->p;
    for (uint32_t f = 0; f < p->nfiles; f++) {
        ParsedFile *pf = &p->files[f];
        bool prelude = file_is_prelude(p, f);
        for (uint32_t i = 0; i < pf->decls.len; i++) {
            AstNode *d = pf->decls.items[i];
            Span ns = name_span(d);
            switch (d->kind) {
            case AST_SCALE: {
                Scale *s = arena_zalloc(&p->arena, sizeof *s);
                s->name = d->name;
                s->title = const_text(r, d->a);
                s->decl = d;
                s->prelude = prelude;
                Type *t = (Type *)new_type(p, TY_SCALE);
                t->scale = s;
                s->type = t;
                s->nvalues = d->list.len;
                s->values = arena_zalloc(&p->arena, d->list.len * sizeof *s->values);
                uint32_t nv = 0;
                for (uint32_t k = 0; k < d->list.len; k++) {
                    AstNode *v = d->list.items[k];
                    Span vs = span_make(v->span.file, v->span.off, v->name->len);
                    ScaleValue *old = map_get(&s->by_name, v->name);
                    if (old) {
                        Diag *dg = diag_report(DIAG_E031, vs, "'%s' appears twice in scale '%s'",
                                               v->name->str, s->name->str);
                        diag_note(dg, old->span, "first here");
                        continue;
                    }
                    ScaleValue *sv = &s->values[nv];
                    sv->name = v->name;
                    sv->title = const_text(r, v->a);
                    sv->index = nv++;
                    sv->scale = s;
                    sv->span = vs;
                    map_put(&s->by_name, v->name, sv);
                    v->res = sv;
                }
                s->nvalues = nv;
                d->res = s;
                if (!add_global(r, d->name, ns, G_SCALE, s, prelude)) {
                    /* Not in p->scales, so program_free() would not see
                     * its map: the words stay known only to this node. */
                    map_free(&s->by_name);
                } else {
                    vec_push(&p->scales, s);
                    if (strcmp(d->name->str, "verdict") == 0)
                        p->verdict_scale = s;
                }
                break;
            }
            case AST_KIND: {
                Kind *k = arena_zalloc(&p->arena, sizeof *k);
                k->name = d->name;
                /* Like a thing's: the name when no title is given (a
                 * report or doc page heads tables with it). */
                k->title = const_text(r, d->a);
                if (!k->title)
                    k->title = d->name->str;
                k->decl = d;
                k->prelude = prelude;
                k->source_field = -1;
                Type *t = (Type *)new_type(p, TY_KIND);
                t->kind = k;
                k->type = t;
                d->res = k;
                if (add_global(r, d->name, ns, G_KIND, k, prelude)) {
                    k->index = (uint32_t)p->kinds.len;
                    vec_push(&p->kinds, k);
                }
                break;
            }
            case AST_DATASET: {
                Dataset *ds = arena_zalloc(&p->arena, sizeof *ds);
                ds->name = d->name;
                ds->decl = d;
                ds->prelude = prelude;
                d->res = ds;
                if (add_global(r, d->name, ns, G_DATASET, ds, prelude)) {
                    ds->index = (uint32_t)p->datasets.len;
                    vec_push(&p->datasets, ds);
                    /* A value names its dataset in 16 bits (Value.src). */
                    if (p->datasets.len == RESOLVE_MAX_DATASETS + 1)
                        diag_report(DIAG_E003, d->v.x->name_span, "more than %d datasets", RESOLVE_MAX_DATASETS);
                }
                break;
            }
            case AST_CRITERION: {
                Criterion *c = arena_zalloc(&p->arena, sizeof *c);
                c->name = d->name;
                c->title = d->a ? const_text(r, d->a) : d->name->str;
                c->decl = d;
                d->res = c;
                if (add_global(r, d->name, ns, G_CRITERION, c, prelude)) {
                    c->index = (uint32_t)p->criteria.len;
                    vec_push(&p->criteria, c);
                }
                break;
            }
            case AST_FUNCTION: {
                Function *fn = arena_zalloc(&p->arena, sizeof *fn);
                fn->name = d->name;
                fn->decl = d;
                fn->prelude = prelude;
                d->res = fn;
                if (add_global(r, d->name, ns, G_FUNCTION, fn, prelude))
                    vec_push(&p->functions, fn);
                break;
            }
            case AST_THING:
                vec_push(&r->things, d);
                break;
            case AST_JUDGEMENT:
                vec_push(&r->judgements, d);
                break;
            case AST_TEST:
                vec_push(&r->tests, d);
                break;
            case AST_AS_OF:
                vec_push(&r->asofs, d);
                break;
            default:
                break;
            }
        }
    }
    /* Dependency nodes: criteria first, then functions, by index. */
    for (size_t i = 0; i < p->criteria.len; i++)
        new_dep(r, p->criteria.items[i]->name, "criterion", name_span(p->criteria.items[i]->decl));
    for (size_t i = 0; i < p->functions.len; i++)
        new_dep(r, p->functions.items[i]->name, "function", name_span(p->functions.items[i]->decl));
}

static int dep_of_criterion(R *r, const Criterion *c) { (void)r; return (int)c->index; }

static int dep_of_function(R *r, const Function *fn)
{
    for (size_t i = 0; i < r->p->functions.len; i++)
        if (r->p->functions.items[i] == fn)
            return (int)(r->p->criteria.len + i);
    return -1;
}

static void add_edge(R *r, int to, Span where)
{
    if (r->owner < 0 || to < 0)
        return;
    DepNode *dn = &r->deps.items[r->owner];
    for (size_t i = 0; i < dn->edges.len; i++)
        if (dn->edges.items[i] == (uint32_t)to)
            return;
    vec_push(&dn->edges, (uint32_t)to);
    dn->edge_spans = mem_realloc(dn->edge_spans, dn->edges.len * sizeof(Span));
    dn->edge_spans[dn->edges.len - 1] = where;
}

/* ------------------------------------------------------------------ */
/* Pass 2: types                                                        */

static void suggest_types(Suggestion *sg, const Program *p)
{
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
        suggest_consider(sg, type_words[i]);
    for (size_t i = 0; i < p->kinds.len; i++)
        suggest_consider(sg, p->kinds.items[i]->name->str);
    for (size_t i = 0; i < p->scales.len; i++)
        suggest_consider(sg, p->scales.items[i]->name->str);
}

/* Resolves a type expression. *optional is set for `T?` (NULL: not
 * allowed here). */
static const Type *resolve_type(R *r, AstNode *n, bool *optional)
{
    Program *p = r->p;
    if (optional)
        *optional = false;
    switch (n->kind) {
    case AST_TYPE_OPT:
        if (!optional) {
            Diag *d = diag_report(DIAG_E044, n->span, "only fields can be optional");
            diag_hint(d, "remove the '?'");
            return resolve_type(r, n->a, NULL);
        }
        *optional = true;
        return resolve_type(r, n->a, NULL);
    case AST_TYPE_LIST: {
        const Type *e = resolve_type(r, n->a, NULL);
        return n->type = list_of(p, e);
    }
    case AST_TYPE_MAP: {
        const Type *k = resolve_type(r, n->a, NULL);
        const Type *v = resolve_type(r, n->b, NULL);
        if (!is_err(k) && k->k != TY_TEXT && k->k != TY_KIND && k->k != TY_SCALE) {
            Diag *d = diag_report(DIAG_E044, n->a->span, "map keys must be text, a kind or a scale, not %s",
                                  tn(k));
            diag_hint(d, "for example: map of text to number, or map of KIND to number");
            k = p->t_error;
        }
        return n->type = map_of(p, k, v);
    }
    case AST_TYPE_NAME: {
        const Type *prim[] = {p->t_text, p->t_number, p->t_percent, p->t_money, p->t_date, p->t_bool};
        for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
            if (strcmp(n->name->str, type_words[i]) == 0)
                return n->type = prim[i];
        const GlobalSym *g = map_get(&p->globals, n->name);
        if (g && g->gk == G_KIND) {
            Kind *k = g->p;
            k->used = true;
            return n->type = k->type;
        }
        if (g && g->gk == G_SCALE) {
            Scale *s = g->p;
            s->used = true;
            return n->type = s->type;
        }
        if (g) {
            diag_report(DIAG_E044, n->span, "'%s' is a %s, not a type", n->name->str, global_what(g->gk));
            return n->type = p->t_error;
        }
        Suggestion sg;
        suggest_begin(&sg, n->name->str);
        suggest_types(&sg, p);
        Diag *d = diag_report(DIAG_E030, n->span, "unknown type '%s'", n->name->str);
        if (sg.best)
            suggest_hint(d, &sg);
        else
            diag_hint(d, "types are text, number, percentage, money, date, boolean, a scale or a kind, "
                         "and 'list of T' or 'map of K to T'");
        return n->type = p->t_error;
    }
    default:
        diag_report(DIAG_E044, n->span, "expected a type");
        return p->t_error;
    }
}

static bool reserved_field(const Sym *name)
{
    return strcmp(name->str, "id") == 0 || strcmp(name->str, "title") == 0 ||
           strcmp(name->str, "valid_from") == 0 || strcmp(name->str, "valid_until") == 0;
}

static void resolve_kind_fields(R *r, Kind *k)
{
    Program *p = r->p;
    AstNode *d = k->decl;
    k->fields = arena_zalloc(&p->arena, d->list.len * sizeof *k->fields);
    uint32_t nf = 0;
    for (uint32_t i = 0; i < d->list.len; i++) {
        AstNode *fd = d->list.items[i];
        Span fs = span_make(fd->span.file, fd->span.off, fd->name->len);
        if (reserved_field(fd->name)) {
            Diag *dg = diag_report(DIAG_E043, fs, "'%s' is a field of every kind and cannot be declared",
                                   fd->name->str);
            diag_hint(dg, "every kind has id, title, valid_from and valid_until");
            continue;
        }
        Field *old = map_get(&k->field_by_name, fd->name);
        if (old) {
            Diag *dg = diag_report(DIAG_E031, fs, "field '%s' is declared twice", fd->name->str);
            diag_note(dg, old->span, "first declared here");
            continue;
        }
        Field *f = &k->fields[nf];
        f->name = fd->name;
        f->type = resolve_type(r, fd->a, &f->optional);
        f->index = nf++;
        f->span = fs;
        fd->res = f;
        map_put(&k->field_by_name, fd->name, f);
        if (strcmp(fd->name->str, "source") == 0 && f->type->k == TY_TEXT)
            k->source_field = (int32_t)f->index;
    }
    k->nfields = nf;
}

/* Directory part of a path, with a trailing '/', or "". */
static char *dir_of(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(a, path, (size_t)(slash - path + 1)) : arena_strdup(a, "");
}

/* Removes "." and "dir/.." from a path, so that messages say
 * examples/x.yaml rather than rules/../examples/x.yaml. A leading ".."
 * that cannot be removed is kept, and so is "link/.." when link is a
 * symbolic link: the system resolves ".." after following the link (in
 * the folder holding the link's target), so folding it would name another
 * file than the one opened. Links are looked at relative to the current
 * directory, as the path will be opened. Works in place; the caller leaves
 * one byte more than the path for "" becoming ".".
 *
 * Linear in the length of the path, however many ".." it holds: the kept
 * parts are kept joined in `out`, so asking whether a prefix is a link is
 * one lstat() and no copying, and once a prefix is known not to exist no
 * longer prefix of the same parts is asked about. */
static void normalize_path(char *path)
{
    bool abs = path[0] == '/';
    size_t len = strlen(path), cap = 1;
    for (const char *c = path; *c; c++)
        cap += *c == '/';
    size_t *ends = mem_alloc(cap * sizeof *ends);  /* out[ends[i]]: the end of part i */
    char *out = mem_alloc(len + 2);
    size_t root = abs ? 1 : 0;                      /* where part 0 starts */
    size_t n = 0;
    size_t missing = SIZE_MAX;  /* the first `missing` parts name nothing */
    out[0] = '/';
    char *save = NULL;
    for (char *tok = strtok_r(path + abs, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (strcmp(tok, ".") == 0)
            continue;
        size_t start = n ? ends[n - 1] : root;
        size_t last = n > 1 ? ends[n - 2] + 1 : root;  /* where part n - 1 starts */
        bool last_up = n > 0 && start - last == 2 && out[last] == '.' && out[last + 1] == '.';
        if (strcmp(tok, "..") == 0 && n > 0 && !last_up) {
            bool link = false;
            if (n < missing) {
                struct stat st;
                char keep = out[start];
                out[start] = '\0';
                if (lstat(out, &st) != 0)
                    missing = n;
                else
                    link = S_ISLNK(st.st_mode);
                out[start] = keep;
            }
            if (!link) {
                n--;
                continue;
            }
        }
        if (n < missing)
            missing = SIZE_MAX;  /* part n changes: what was known of it is not */
        if (n)
            out[start++] = '/';
        size_t tl = strlen(tok);
        memcpy(out + start, tok, tl);
        ends[n++] = start + tl;
    }
    size_t end = n ? ends[n - 1] : root;
    if (end == 0)
        out[end++] = '.';
    out[end] = '\0';
    memcpy(path, out, end + 1);
    mem_free(out);
    mem_free(ends);
}

/* A path written in a rule file, made relative to the current directory. */
static char *rule_path(R *r, uint32_t file, const char *rel)
{
    if (rel[0] == '/')
        return arena_strdup(&r->p->arena, rel);
    const Source *s = source_get(file);
    char *dir = dir_of(&r->p->arena, s ? s->path : "");
    size_t n = strlen(dir) + strlen(rel) + 2;  /* normalize_path may write "." for "" */
    char *out = arena_alloc(&r->p->arena, n);
    snprintf(out, n, "%s%s", dir, rel);
    normalize_path(out);
    return out;
}

static void resolve_dataset(R *r, Dataset *ds)
{
    ds->type = resolve_type(r, ds->decl->a, NULL);
    const char *rel = const_text(r, ds->decl->b);
    if (rel && !*rel)
        diag_report(DIAG_E042, ds->decl->b->span, "the file name is empty");
    ds->path = rel ? rule_path(r, ds->decl->span.file, rel) : NULL;
}

static Local *new_local(R *r, const Sym *name, LocalKind lk, const Type *t, Span span)
{
    Local *l = arena_zalloc(&r->p->arena, sizeof *l);
    l->name = name;
    l->lk = lk;
    l->type = t;
    l->span = span;
    l->slot = (*r->nslots)++;
    return l;
}

static void resolve_function_signature(R *r, Function *fn)
{
    AstNode *d = fn->decl;
    AstList *ps = &d->v.x->list2;
    fn->nparams = ps->len;
    fn->params = arena_zalloc(&r->p->arena, (ps->len + 1) * sizeof *fn->params);
    r->nslots = &fn->nslots;
    for (uint32_t i = 0; i < ps->len; i++) {
        AstNode *pn = ps->items[i];
        Span s = span_make(pn->span.file, pn->span.off, pn->name->len);
        for (uint32_t j = 0; j < i; j++)
            if (fn->params[j]->name == pn->name) {
                Diag *dg = diag_report(DIAG_E031, s, "parameter '%s' is declared twice", pn->name->str);
                diag_note(dg, fn->params[j]->span, "first declared here");
            }
        fn->params[i] = new_local(r, pn->name, LOCAL_PARAM, resolve_type(r, pn->a, NULL), s);
        pn->res = fn->params[i];
    }
    fn->result = resolve_type(r, d->b, NULL);
    r->nslots = NULL;
}

/* ------------------------------------------------------------------ */
/* Pass 3: things and constant values                                   */

static void suggest_things(Suggestion *sg, const Kind *k)
{
    for (size_t i = 0; i < k->things.len; i++)
        suggest_consider(sg, k->things.items[i]->name->str);
}

static void suggest_words(Suggestion *sg, const Scale *s)
{
    for (uint32_t i = 0; i < s->nvalues; i++)
        suggest_consider(sg, s->values[i].name->str);
}

/* Lists the words of a scale into a hint: "the words are a, b, c". */
static void hint_words(Diag *d, const Scale *s)
{
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < s->nvalues; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", s->values[i].name->str);
    diag_hint(d, "the words of '%s' are: %s", s->name->str, buf_str(&b));
    buf_free(&b);
}

/* Where else a name is declared, for "did you mean another kind" notes. */
static const char *other_namespace(const Program *p, const Sym *name, const Kind *not_kind)
{
    for (size_t i = 0; i < p->kinds.len; i++) {
        const Kind *k = p->kinds.items[i];
        if (k != not_kind && map_get(&k->thing_by_name, name))
            return k->name->str;
    }
    return NULL;
}

static Thing *lookup_thing(R *r, const Kind *k, AstNode *n)
{
    Thing *t = map_get(&k->thing_by_name, n->name);
    if (t) {
        t->used = true;
        n->op = REF_THING;
        n->res = t;
        n->type = k->type;
        return t;
    }
    Suggestion sg;
    suggest_begin(&sg, n->name->str);
    suggest_things(&sg, k);
    Diag *d = diag_report(DIAG_E030, n->span, "unknown %s '%s'", k->name->str, n->name->str);
    const char *other = other_namespace(r->p, n->name, k);
    if (sg.best)
        suggest_hint(d, &sg);
    else if (other)
        diag_hint(d, "'%s' is %s %s, but %s %s is needed here", n->name->str, an(other), other,
                  an(k->name->str), k->name->str);
    n->type = r->p->t_error;
    return NULL;
}

static const ScaleValue *lookup_word(R *r, const Scale *s, AstNode *n)
{
    const ScaleValue *v = map_get(&s->by_name, n->name);
    if (v) {
        ((Scale *)s)->used = true;
        n->op = REF_SCALE_VALUE;
        n->res = (void *)v;
        n->type = s->type;
        return v;
    }
    if (is_broken(s->decl)) {
        n->type = r->p->t_error;  /* its words were lost to a syntax error */
        return NULL;
    }
    Suggestion sg;
    suggest_begin(&sg, n->name->str);
    suggest_words(&sg, s);
    Diag *d = diag_report(DIAG_E035, n->span, "'%s' is not a word of the scale '%s'", n->name->str,
                          s->name->str);
    const Scale *other = NULL;
    for (size_t i = 0; i < r->p->scales.len && !other; i++)
        if (r->p->scales.items[i] != s && map_get(&r->p->scales.items[i]->by_name, n->name))
            other = r->p->scales.items[i];
    if (sg.best)
        suggest_hint(d, &sg);
    else if (other)
        diag_hint(d, "'%s' is a word of the scale '%s'; words of different scales cannot be mixed",
                  n->name->str, other->name->str);
    else
        hint_words(d, s);
    n->type = r->p->t_error;
    return NULL;
}

static void check_record_fields(R *r, const Kind *k, AstNode *rec, AstNode **values, Span owner,
                                const char *what);

/* What a literal node is, for "expected X, found Y" messages. */
static const char *literal_what(const AstNode *n)
{
    switch (n->kind) {
    case AST_NUM: return n->op == NUM_MONEY ? "an amount" : n->op == NUM_PERCENT ? "a percentage" : "a number";
    case AST_DATE: return "a date";
    case AST_BOOL: return "true or false";
    case AST_TEXT: return "text";
    case AST_LIST: return "a list";
    case AST_RECORD: return "a record";
    case AST_NAME: return "a name";
    default: return "an expression";
    }
}

/* Checks a constant field value against its type and annotates it. */
static void resolve_const(R *r, AstNode *n, const Type *t)
{
    Program *p = r->p;
    if (is_err(t)) {
        n->type = p->t_error;
        return;
    }
    /* Unary minus on a number literal is a constant too. */
    if (n->kind == AST_UNARY && n->op == OP_NEG && n->a->kind == AST_NUM) {
        resolve_const(r, n->a, t);
        n->type = n->a->type;
        return;
    }
    bool wrong = false;
    switch (t->k) {
    case TY_TEXT:
        if (n->kind == AST_TEXT) {
            if (text_is_const(r, n))
                n->type = p->t_text;
            else
                n->type = p->t_error;
            return;
        }
        wrong = true;
        break;
    case TY_NUMBER:
    case TY_PERCENT:
        if (n->kind == AST_NUM && t->k == TY_PERCENT && n->op == NUM_PLAIN) {
            /* As in data: 25 in a percentage field could mean 25% or 2500%. */
            Diag *d = diag_report(DIAG_E034, n->span, "expected a percentage, found a number");
            diag_hint(d, "write it with its sign: 25%% is a quarter");
            n->type = p->t_error;
            return;
        }
        if (n->kind == AST_NUM && n->op != NUM_MONEY) {
            n->type = n->op == NUM_PERCENT ? p->t_percent : p->t_number;
            return;
        }
        wrong = true;
        break;
    case TY_MONEY:
        if (n->kind == AST_NUM && n->op == NUM_MONEY) {
            n->type = p->t_money;
            return;
        }
        if (n->kind == AST_NUM) {
            Diag *d = diag_report(DIAG_E034, n->span, "expected an amount of money, found %s",
                                  literal_what(n));
            diag_hint(d, "write amounts as EUR 1_500_000");
            n->type = p->t_error;
            return;
        }
        wrong = true;
        break;
    case TY_DATE:
        if (n->kind == AST_DATE) {
            n->type = p->t_date;
            return;
        }
        wrong = true;
        break;
    case TY_BOOL:
        if (n->kind == AST_BOOL) {
            n->type = p->t_bool;
            return;
        }
        wrong = true;
        break;
    case TY_SCALE:
        if (n->kind == AST_NAME) {
            lookup_word(r, t->scale, n);
            return;
        }
        if (n->kind == AST_FIELD && n->a->kind == AST_NAME && n->a->name == t->scale->name) {
            lookup_word(r, t->scale, n);  /* status.planned */
            return;
        }
        wrong = true;
        break;
    case TY_KIND:
        if (n->kind == AST_NAME) {
            lookup_thing(r, t->kind, n);
            return;
        }
        if (n->kind == AST_FIELD && n->a->kind == AST_NAME && n->a->name == t->kind->name) {
            lookup_thing(r, t->kind, n);  /* indicator.spoedzorg */
            return;
        }
        if (n->kind == AST_RECORD) {
            AstNode **vals = arena_zalloc(&p->arena, (t->kind->nfields + 1) * sizeof *vals);
            check_record_fields(r, t->kind, n, vals, n->span, t->kind->name->str);
            n->res = vals;
            n->type = t;
            return;
        }
        wrong = true;
        break;
    case TY_LIST:
        if (n->kind == AST_LIST) {
            for (uint32_t i = 0; i < n->list.len; i++)
                resolve_const(r, n->list.items[i], t->elem);
            n->type = t;
            return;
        }
        /* A single value where a list is wanted: say so plainly. */
        if (n->kind == AST_NAME || n->kind == AST_TEXT || n->kind == AST_NUM) {
            Diag *d = diag_report(DIAG_E034, n->span, "expected %s, found %s", tn(t), literal_what(n));
            diag_hint(d, "write a list between brackets, even of one element: [%.*s]",
                      (int)n->span.len, source_get(n->span.file)->text + n->span.off);
            n->type = p->t_error;
            return;
        }
        wrong = true;
        break;
    case TY_MAP:
        if (n->kind == AST_RECORD) {
            for (uint32_t i = 0; i < n->list.len; i++) {
                AstNode *e = n->list.items[i];
                if (t->key->k == TY_KIND) {
                    AstNode key = {.kind = AST_NAME, .name = e->name,
                                   .span = span_make(e->span.file, e->span.off, e->name->len)};
                    Thing *th = lookup_thing(r, t->key->kind, &key);
                    e->res = th;
                } else if (t->key->k == TY_SCALE) {
                    AstNode key = {.kind = AST_NAME, .name = e->name,
                                   .span = span_make(e->span.file, e->span.off, e->name->len)};
                    e->res = (void *)lookup_word(r, t->key->scale, &key);
                }
                for (uint32_t j = 0; j < i; j++)
                    if (n->list.items[j]->name == e->name) {
                        const AstNode *o = n->list.items[j];
                        Diag *d = diag_report(DIAG_E031, span_make(e->span.file, e->span.off, e->name->len),
                                              "key '%s' appears twice", e->name->str);
                        diag_note(d, span_make(o->span.file, o->span.off, o->name->len), "first here");
                    }
                resolve_const(r, e->a, t->elem);
            }
            n->type = t;
            return;
        }
        wrong = true;
        break;
    default:
        wrong = true;
        break;
    }
    if (wrong) {
        bool is_const = n->kind == AST_NUM || n->kind == AST_DATE || n->kind == AST_BOOL ||
                        n->kind == AST_TEXT || n->kind == AST_LIST || n->kind == AST_RECORD ||
                        n->kind == AST_NAME;
        if (!is_const) {
            Diag *d = diag_report(DIAG_E040, n->span, "a field value must be a constant");
            diag_hint(d, "fields hold facts; compute with 'let' in a criterion");
        } else {
            Diag *d = diag_report(DIAG_E034, n->span, "expected %s, found %s", tn(t), literal_what(n));
            /* Quotes around a value are the commonest cause. */
            const AstNode *part = n->kind == AST_TEXT && n->list.len == 1 &&
                                  n->list.items[0]->kind == AST_TEXT_PART ? n->list.items[0] : NULL;
            int32_t day;
            if (part && t->k == TY_DATE && date_parse(part->v.str.s, part->v.str.len, &day))
                diag_hint(d, "write dates without quotes: %.*s", (int)part->v.str.len, part->v.str.s);
            else if (n->kind == AST_TEXT && t->k == TY_DATE)
                diag_hint(d, "write dates without quotes, as YYYY-MM-DD");
            else if (n->kind == AST_TEXT && t->k == TY_BOOL)
                diag_hint(d, "write true or false, without quotes");
            else if (n->kind == AST_TEXT && type_is_numeric(t))
                diag_hint(d, "write numbers without quotes: 12, 0.25 or 25%%");
            else if (n->kind == AST_TEXT && t->k == TY_SCALE)
                diag_hint(d, "write the word without quotes");
            else if (n->kind == AST_TEXT && t->k == TY_KIND)
                diag_hint(d, "refer to %s %s by its name, without quotes", an(t->kind->name->str),
                          t->kind->name->str);
        }
        n->type = p->t_error;
    }
}

/* The name of the first FIELD_INIT before position `before` of list l that
 * sets `name`, for "first given here" notes; a zero Span when none. */
static Span earlier_init(const AstList *l, uint32_t before, const Sym *name)
{
    for (uint32_t j = 0; j < before && j < l->len; j++) {
        const AstNode *o = l->items[j];
        if (o->name == name)
            return span_make(o->span.file, o->span.off, o->name->len);
    }
    return span_make(0, 0, 0);
}

/* Checks the FIELD_INITs of a thing or record literal against kind k;
 * values[i] receives the value of field i. */
static void check_record_fields(R *r, const Kind *k, AstNode *rec, AstNode **values, Span owner,
                                const char *what)
{
    AstNode *seen_from = NULL, *seen_until = NULL;
    for (uint32_t i = 0; i < rec->list.len; i++) {
        AstNode *fi = rec->list.items[i];
        Span fs = span_make(fi->span.file, fi->span.off, fi->name->len);
        if (strcmp(fi->name->str, "valid_from") == 0 || strcmp(fi->name->str, "valid_until") == 0) {
            AstNode **slot = fi->name->str[6] == 'f' ? &seen_from : &seen_until;
            if (*slot) {
                Diag *d = diag_report(DIAG_E031, fs, "field '%s' is given twice", fi->name->str);
                diag_note(d, earlier_init(&rec->list, i, fi->name), "first given here");
                continue;
            }
            *slot = fi;
            resolve_const(r, fi->a, r->p->t_date);
            fi->res = NULL;
            continue;
        }
        if (strcmp(fi->name->str, "id") == 0 || strcmp(fi->name->str, "title") == 0) {
            Diag *d = diag_report(DIAG_E043, fs, "'%s' cannot be set as a field", fi->name->str);
            if (rec->kind == AST_THING)
                diag_hint(d, "the identifier and the title are written before the '{': %s %s \"Title\" { ... }",
                          k->name->str, rec->name->str);
            else
                diag_hint(d, "every kind has id and title; a record in rules has neither");
            continue;
        }
        Field *f = map_get(&k->field_by_name, fi->name);
        if (!f && is_broken(k->decl)) {
            resolve_const(r, fi->a, r->p->t_error);
            continue;
        }
        if (!f) {
            Suggestion sg;
            suggest_begin(&sg, fi->name->str);
            for (uint32_t j = 0; j < k->nfields; j++)
                suggest_consider(&sg, k->fields[j].name->str);
            Diag *d = diag_report(DIAG_E033, fs, "%s has no field '%s'", k->name->str, fi->name->str);
            if (sg.best)
                suggest_hint(d, &sg);
            else {
                Buf b = BUF_INIT;
                for (uint32_t j = 0; j < k->nfields; j++)
                    buf_printf(&b, "%s%s", j ? ", " : "", k->fields[j].name->str);
                if (k->nfields)
                    diag_hint(d, "the fields of %s are: %s", k->name->str, buf_str(&b));
                buf_free(&b);
            }
            continue;
        }
        if (values[f->index]) {
            Diag *d = diag_report(DIAG_E031, fs, "field '%s' is given twice", fi->name->str);
            diag_note(d, earlier_init(&rec->list, i, fi->name), "first given here");
            continue;
        }
        values[f->index] = fi->a;
        fi->res = f;
        resolve_const(r, fi->a, f->type);
    }
    for (uint32_t j = 0; j < k->nfields; j++)
        if (!values[j] && !k->fields[j].optional && !is_err(k->fields[j].type)) {
            Diag *d = diag_report(DIAG_E032, owner, "%s lacks the required field '%s'", what,
                                  k->fields[j].name->str);
            diag_note(d, k->fields[j].span, "declared here (add '?' to its type to make it optional)");
        }
}

static void register_things(R *r)
{
    Program *p = r->p;
    for (size_t i = 0; i < r->things.len; i++) {
        AstNode *d = r->things.items[i];
        AstDeclX *x = d->v.x;
        const GlobalSym *g = map_get(&p->globals, x->name2);
        if (!g || g->gk != G_KIND) {
            if (g) {
                diag_report(DIAG_E046, x->name2_span, "'%s' is a %s, not a kind of thing",
                            x->name2->str, global_what(g->gk));
            } else {
                Suggestion sg;
                suggest_begin(&sg, x->name2->str);
                for (size_t k = 0; k < p->kinds.len; k++)
                    suggest_consider(&sg, p->kinds.items[k]->name->str);
                Diag *dg = diag_report(DIAG_E030, x->name2_span, "unknown kind '%s'", x->name2->str);
                if (sg.best)
                    suggest_hint(dg, &sg);
                else
                    diag_hint(dg, "declare it first: kind %s { ... }", x->name2->str);
            }
            continue;
        }
        Kind *k = g->p;
        k->used = true;
        Thing *old = map_get(&k->thing_by_name, d->name);
        if (old) {
            Diag *dg = diag_report(DIAG_E031, x->name_span, "%s '%s' is declared twice",
                                   k->name->str, d->name->str);
            diag_note(dg, name_span(old->decl), "first declared here");
            continue;
        }
        Thing *t = arena_zalloc(&p->arena, sizeof *t);
        t->name = d->name;
        t->title = d->a ? const_text(r, d->a) : NULL;
        if (!t->title)
            t->title = d->name->str;
        t->kind = k;
        t->decl = d;
        t->index = (uint32_t)k->things.len;
        t->valid_from = INT32_MIN;
        t->valid_until = INT32_MAX;
        d->res = t;
        map_put(&k->thing_by_name, d->name, t);
        vec_push(&k->things, t);
    }
}

static void check_things(R *r)
{
    Program *p = r->p;
    for (size_t i = 0; i < p->kinds.len; i++) {
        Kind *k = p->kinds.items[i];
        for (size_t j = 0; j < k->things.len; j++) {
            Thing *t = k->things.items[j];
            char what[300];
            snprintf(what, sizeof what, "%s '%s'", k->name->str, t->name->str);
            t->values = arena_zalloc(&p->arena, (k->nfields + 1) * sizeof *t->values);
            if (!is_broken(t->decl))
                check_record_fields(r, k, t->decl, t->values, name_span(t->decl), what);
            for (uint32_t f = 0; f < t->decl->list.len; f++) {
                AstNode *fi = t->decl->list.items[f];
                if (fi->a->kind != AST_DATE)
                    continue;
                if (strcmp(fi->name->str, "valid_from") == 0)
                    t->valid_from = fi->a->v.date;
                else if (strcmp(fi->name->str, "valid_until") == 0)
                    t->valid_until = fi->a->v.date;
            }
            if (t->valid_from > t->valid_until && t->valid_until != INT32_MAX)
                diag_report(DIAG_E034, name_span(t->decl), "%s is valid until before it is valid from", what);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Pass 4: expressions                                                  */

/* Puts a named local in an index; a later local of the same name hides
 * the earlier one, as in the linear search. */
static void index_put(Local **index, uint32_t cap, Local *l)
{
    if (!l->name)
        return;  /* the hidden element of `xs where ...` is never looked up */
    uint32_t i = l->name->hash & (cap - 1);
    while (index[i] && index[i]->name != l->name)
        i = (i + 1) & (cap - 1);
    index[i] = l;
}

static void scope_add(R *r, Scope *s, Local *l)
{
    if (s->n == s->cap) {
        uint32_t ncap = s->cap ? s->cap * 2 : 8;
        Local **nl = arena_alloc(&r->p->arena, ncap * sizeof *nl);
        if (s->n)
            memcpy(nl, s->locals, s->n * sizeof *nl);
        s->locals = nl;
        s->cap = ncap;
    }
    s->locals[s->n++] = l;
    if (s->n < SCOPE_INDEX_MIN)
        return;
    if (s->n * 2 > s->index_cap) {
        uint32_t ncap = s->index_cap ? s->index_cap * 2 : 2 * SCOPE_INDEX_MIN;
        s->index = arena_zalloc(&r->p->arena, ncap * sizeof *s->index);
        s->index_cap = ncap;
        for (uint32_t i = 0; i < s->n; i++)
            index_put(s->index, ncap, s->locals[i]);
    } else {
        index_put(s->index, s->index_cap, l);
    }
}

/* The local of this name declared in scope s itself, not in its parents. */
static Local *scope_own(const Scope *s, const Sym *name)
{
    if (s->index) {
        for (uint32_t i = name->hash & (s->index_cap - 1); s->index[i]; i = (i + 1) & (s->index_cap - 1))
            if (s->index[i]->name == name)
                return s->index[i];
        return NULL;
    }
    for (uint32_t i = s->n; i-- > 0;)
        if (s->locals[i]->name == name)
            return s->locals[i];
    return NULL;
}

/* The local of this name in s or a scope around it (for the checks that a
 * let or a binder does not take a name already used). */
static Local *scope_find(Scope *s, const Sym *name)
{
    for (; s; s = s->parent) {
        Local *l = scope_own(s, name);
        if (l)
            return l;
    }
    return NULL;
}

/* Whether the implicit element of scope s itself has a field of this name,
 * declared or implicit (id, title, valid_from, valid_until). */
static bool own_elem_field(const Scope *s, const Sym *name, const Field **field, int *implicit)
{
    if (!s->implicit || s->implicit->type->k != TY_KIND)
        return false;
    const Kind *k = s->implicit->type->kind;
    const Field *f = map_get(&k->field_by_name, name);
    if (f) {
        *field = f;
        *implicit = 0;
        return true;
    }
    static const char *const names[] = {"id", "title", "valid_from", "valid_until"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name->str, names[i]) == 0) {
            *field = NULL;
            *implicit = -1 - i;
            return true;
        }
    return false;
}

/* What a bare name means in scope s: it is looked up from the innermost
 * scope outwards, in each the locals (lets, parameters, binders, the
 * subject) and the fields of its implicit element (the elements of
 * `xs where COND`), and the innermost binding wins, as in lexical scoping:
 * inside `indicators where category.title == "x"` the element's field
 * `category` hides a let, a parameter and a global named `category`
 * (docs/language.md, "Names"). Sets *local, or *elem with *field and
 * *implicit; false when no scope binds the name (it may be a global). */
static bool scope_lookup(Scope *s, const Sym *name, Local **local, Local **elem, const Field **field,
                         int *implicit)
{
    *local = *elem = NULL;
    for (; s; s = s->parent) {
        *local = scope_own(s, name);
        if (*local)
            return true;
        if (own_elem_field(s, name, field, implicit)) {
            *elem = s->implicit;
            return true;
        }
    }
    return false;
}

static const Type *implicit_field_type(const Program *p, int implicit)
{
    return implicit == FIELD_ID || implicit == FIELD_TITLE ? p->t_text : p->t_date;
}

/* Whether a value of type t has a field of this name (declared or
 * implicit). */
static bool type_has_field(const Type *t, const Sym *name)
{
    if (t->k != TY_KIND)
        return false;
    if (map_get(&t->kind->field_by_name, name))
        return true;
    static const char *const names[] = {"id", "title", "valid_from", "valid_until"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name->str, names[i]) == 0)
            return true;
    return false;
}

/* Whether `a.b`, with a bare name a, is the word b of the scale a or the
 * thing b of the kind a rather than the field b of the value a names. A
 * local or an element's field named a is innermost and wins when its value
 * has a field b. Otherwise the scale or kind a is meant when it has a word
 * or thing b, or when the value has no fields at all: with an element
 * field `status: status`, `status >= status.planned` compares the field
 * with the scale's word, and with `category: category`, `category.title`
 * is the category's title while `category.preventie` is a thing. */
static bool dot_means_global(R *r, Scope *s, const Sym *a, const Sym *b)
{
    Local *l, *elem;
    const Field *field;
    int imp;
    if (!scope_lookup(s, a, &l, &elem, &field, &imp))
        return true;
    const GlobalSym *g = map_get(&r->p->globals, a);
    if (!g || (g->gk != G_SCALE && g->gk != G_KIND))
        return false;
    const Type *t = l ? l->type : field ? field->type : implicit_field_type(r->p, imp);
    if (is_err(t))
        return false;
    if (type_has_field(t, b))
        return false;
    if (g->gk == G_SCALE && map_get(&((const Scale *)g->p)->by_name, b))
        return true;
    if (g->gk == G_KIND && map_get(&((const Kind *)g->p)->thing_by_name, b))
        return true;
    return t->k != TY_KIND;
}

static const Type *expr(R *r, Scope *s, AstNode *n, const Type *want);

static const Type *set(AstNode *n, const Type *t)
{
    n->type = t;
    return t;
}

/* Collects every name visible here for a "did you mean". */
static void suggest_names(Suggestion *sg, R *r, Scope *s)
{
    Program *p = r->p;
    for (Scope *q = s; q; q = q->parent) {
        for (uint32_t i = 0; i < q->n; i++)
            if (q->locals[i]->name)
                suggest_consider(sg, q->locals[i]->name->str);
        if (q->implicit && q->implicit->type->k == TY_KIND) {
            const Kind *k = q->implicit->type->kind;
            for (uint32_t i = 0; i < k->nfields; i++)
                suggest_consider(sg, k->fields[i].name->str);
        }
    }
    for (size_t i = 0; i < p->kinds.len; i++) {
        suggest_consider(sg, p->kinds.items[i]->name->str);
        suggest_things(sg, p->kinds.items[i]);
    }
    for (size_t i = 0; i < p->scales.len; i++)
        suggest_words(sg, p->scales.items[i]);
    for (size_t i = 0; i < p->datasets.len; i++)
        suggest_consider(sg, p->datasets.items[i]->name->str);
    for (size_t i = 0; i < p->criteria.len; i++)
        suggest_consider(sg, p->criteria.items[i]->name->str);
}

/* Whether a bare name would need the expected type to resolve: it is not a
 * local, an element field or a global. */
static bool needs_hint(R *r, Scope *s, const AstNode *n)
{
    if (n->kind == AST_LIST)
        return true;
    if (n->kind != AST_NAME)
        return false;
    Local *l, *e;
    const Field *f;
    int imp;
    return !scope_lookup(s, n->name, &l, &e, &f, &imp) && !map_get(&r->p->globals, n->name);
}

static const Type *resolve_name(R *r, Scope *s, AstNode *n, const Type *want)
{
    Program *p = r->p;
    Local *l, *elem;
    const Field *field;
    int imp;
    scope_lookup(s, n->name, &l, &elem, &field, &imp);
    if (l) {
        l->used = true;
        n->op = REF_LOCAL;
        n->res = l;
        return set(n, l->type);
    }
    if (elem) {
        if (field)
            ((Field *)field)->read = true;  /* the program's own field */
        ElemField *ef = arena_zalloc(&p->arena, sizeof *ef);
        ef->elem = elem;
        ef->field = field;
        ef->implicit = imp;
        elem->used = true;
        n->op = REF_ELEM_FIELD;
        n->res = ef;
        return set(n, field ? field->type : implicit_field_type(p, imp));
    }
    const GlobalSym *g = map_get(&p->globals, n->name);
    if (g) {
        switch (g->gk) {
        case G_KIND: {
            Kind *k = g->p;
            k->used = k->iterated = true;
            n->op = REF_KIND_ALL;
            n->res = k;
            return set(n, list_of(p, k->type));
        }
        case G_DATASET: {
            Dataset *ds = g->p;
            ds->used = true;
            n->op = REF_DATASET;
            n->res = ds;
            return set(n, ds->type ? ds->type : p->t_error);
        }
        case G_CRITERION:
            if (want && want->k == TY_CRITERION) {
                n->op = REF_CRITERION;
                n->res = g->p;
                return set(n, want);
            }
            {
                Diag *d = diag_report(DIAG_E046, n->span, "'%s' is a criterion, not a value", n->name->str);
                diag_hint(d, "its verdict for a subject is verdict(%s, subject)", n->name->str);
            }
            return set(n, p->t_error);
        case G_FUNCTION: {
            Diag *d = diag_report(DIAG_E046, n->span, "'%s' is a function, not a value", n->name->str);
            diag_hint(d, "call it: %s(...)", n->name->str);
            return set(n, p->t_error);
        }
        case G_SCALE: {
            Scale *sc = g->p;
            Diag *d = diag_report(DIAG_E046, n->span, "'%s' is a scale, not a value", n->name->str);
            if (sc->nvalues)
                diag_hint(d, "one of its words is written %s.%s", n->name->str, sc->values[0].name->str);
            return set(n, p->t_error);
        }
        }
    }
    /* The expected type says where to look. */
    if (want && want->k == TY_SCALE) {
        if (map_get(&want->scale->by_name, n->name) || !other_namespace(p, n->name, NULL)) {
            lookup_word(r, want->scale, n);
            return n->type;
        }
    }
    if (want && want->k == TY_KIND) {
        if (map_get(&want->kind->thing_by_name, n->name)) {
            lookup_thing(r, want->kind, n);
            return n->type;
        }
    }
    /* Otherwise the name must be unique among all scale words and things. */
    const ScaleValue *word = NULL;
    Thing *thing = NULL;
    int found = 0;
    Buf where = BUF_INIT;
    for (size_t i = 0; i < p->scales.len; i++) {
        const ScaleValue *v = map_get(&p->scales.items[i]->by_name, n->name);
        if (v) {
            word = v;
            buf_printf(&where, "%s%s.%s", found++ ? " or " : "", p->scales.items[i]->name->str, n->name->str);
        }
    }
    for (size_t i = 0; i < p->kinds.len; i++) {
        Thing *t = map_get(&p->kinds.items[i]->thing_by_name, n->name);
        if (t) {
            thing = t;
            buf_printf(&where, "%s%s.%s", found++ ? " or " : "", p->kinds.items[i]->name->str, n->name->str);
        }
    }
    if (found > 1) {
        Diag *d = diag_report(DIAG_E039, n->span, "'%s' is ambiguous here", n->name->str);
        diag_hint(d, "write %s", buf_str(&where));
        buf_free(&where);
        return set(n, p->t_error);
    }
    buf_free(&where);
    if (word) {
        ((Scale *)word->scale)->used = true;
        n->op = REF_SCALE_VALUE;
        n->res = (void *)word;
        return set(n, word->scale->type);
    }
    if (thing) {
        thing->used = true;
        n->op = REF_THING;
        n->res = thing;
        return set(n, thing->kind->type);
    }
    /* The other side of a comparison is already wrong: what the name was
     * meant to be (a word of which scale, a thing of which kind) cannot be
     * told, and the mistake is probably that one. */
    if (want && is_err(want))
        return set(n, p->t_error);
    /* A bare name may be a field of an element whose kind lost its fields
     * to a syntax error. */
    for (Scope *q = s; q; q = q->parent)
        if (q->implicit && q->implicit->type->k == TY_KIND && is_broken(q->implicit->type->kind->decl))
            return set(n, p->t_error);
    Suggestion sg;
    suggest_begin(&sg, n->name->str);
    suggest_names(&sg, r, s);
    Diag *d;
    if (want && want->k == TY_KIND) {
        d = diag_report(DIAG_E030, n->span, "unknown %s '%s'", want->kind->name->str, n->name->str);
        Suggestion sk;
        suggest_begin(&sk, n->name->str);
        suggest_things(&sk, want->kind);
        if (sk.best)
            sg = sk;
    } else {
        d = diag_report(DIAG_E030, n->span, "unknown name '%s'", n->name->str);
    }
    suggest_hint(d, &sg);
    return set(n, p->t_error);
}

static void expect_type(R *r, AstNode *n, const Type *got, const Type *want, const char *what)
{
    (void)r;
    if (type_assignable(want, got))
        return;
    Diag *d = diag_report(DIAG_E034, n->span, "%s must be %s, not %s", what, tn(want), tn(got));
    if (want->k == TY_BOOL && got->k == TY_SCALE)
        diag_hint(d, "compare the word with another: x >= %s", got->scale->nvalues ?
                  got->scale->values[got->scale->nvalues - 1].name->str : "word");
    else if (want->k == TY_BOOL && got->k == TY_LIST)
        diag_hint(d, "to test a list use any(...), all(...) or count(...) > 0");
}

static const Type *expect_bool(R *r, Scope *s, AstNode *n, const char *what)
{
    const Type *t = expr(r, s, n, r->p->t_bool);
    expect_type(r, n, t, r->p->t_bool, what);
    return t;
}

/* Resolves a collection with an optional binder and filter: `x in C`,
 * `x in C where F`, `C where F` or `C`. The element is declared in `inner`
 * (by name for a binder, as the implicit element otherwise), so that the
 * caller can resolve a per-element expression in it. */
static Aggregate *collection(R *r, Scope *s, AstNode *n, Scope *inner)
{
    Program *p = r->p;
    Aggregate *ag = arena_zalloc(&p->arena, sizeof *ag);
    AstNode *src = n, *filter = NULL;
    if (n->kind == AST_WHERE) {
        src = n->a;
        filter = n->b;
    }
    const Sym *binder = NULL;
    Span bspan = {0};
    AstNode *coll = src;
    if (src->kind == AST_BINARY && src->op == OP_IN && src->a->kind == AST_NAME) {
        binder = src->a->name;
        bspan = src->a->span;
        coll = src->b;
        Local *old = scope_find(s, binder);
        if (old) {
            Diag *d = diag_report(DIAG_E031, bspan, "'%s' already names something here", binder->str);
            diag_note(d, old->span, "declared here");
            diag_hint(d, "choose another name for the elements");
        }
    }
    const Type *ct = expr(r, s, coll, NULL);
    const Type *et = p->t_error;
    if (ct->k == TY_LIST) {
        et = ct->elem;
    } else if (!is_err(ct)) {
        Diag *d = diag_report(DIAG_E034, coll->span, "expected a list, found %s", tn(ct));
        if (ct->k == TY_MAP)
            diag_hint(d, "a map is looked up with m[key]; its keys are tested with 'key in m'");
    }
    memset(inner, 0, sizeof *inner);
    inner->parent = s;
    Local *elem = new_local(r, binder, LOCAL_ELEM, et, binder ? bspan : coll->span);
    if (binder) {
        scope_add(r, inner, elem);
        src->a->op = REF_LOCAL;
        src->a->res = elem;
        src->a->type = et;
    } else {
        inner->implicit = elem;
    }
    if (filter)
        expect_bool(r, inner, filter, "a 'where' condition");
    ag->coll = coll;
    ag->elem = elem;
    ag->filter = filter;
    return ag;
}

static bool ordered(const Type *t)
{
    return type_is_numeric(t) || t->k == TY_MONEY || t->k == TY_DATE || t->k == TY_SCALE ||
           t->k == TY_TEXT;
}

static const Type *aggregate(R *r, Scope *s, AstNode *call, BuiltinId id, Sig sig)
{
    Program *p = r->p;
    AstNode *arg = call->list.items[0];
    AstNode *body = NULL;
    if (arg->kind == AST_PAIR) {
        body = arg->b;
        arg = arg->a;
    }
    Scope inner;
    Aggregate *ag = collection(r, s, arg, &inner);
    ag->body = body;
    call->op = REF_CALL_BUILTIN;
    call->flags = (uint16_t)id;
    call->res = ag;
    const Type *et = ag->elem->type;
    switch (sig) {
    case SIG_AGG_COUNT:
        if (body)
            expect_bool(r, &inner, body, "the condition after ':'");
        return set(call, p->t_number);
    case SIG_AGG_SHARE:
        if (body)
            expect_bool(r, &inner, body, "the condition after ':'");
        else if (!ag->filter) {
            Diag *d = diag_report(DIAG_E037, call->span, "share needs a condition");
            diag_hint(d, "share(x in xs: condition on x)");
        }
        return set(call, p->t_percent);
    case SIG_AGG_BOOL:
        if (body)
            expect_bool(r, &inner, body, "the condition after ':'");
        else if (!ag->filter && !is_err(et) && et->k != TY_BOOL) {
            Diag *d = diag_report(DIAG_E034, arg->span, "%s(...) needs a condition, or a list of booleans",
                                  builtin_name(id));
            diag_hint(d, "%s(x in xs: condition on x)", builtin_name(id));
        }
        return set(call, p->t_bool);
    case SIG_AGG_SUM:
    case SIG_AGG_MINMAX: {
        const Type *vt = body ? expr(r, &inner, body, NULL) : et;
        if (is_err(vt))
            return set(call, p->t_error);
        bool ok = sig == SIG_AGG_SUM ? (type_is_numeric(vt) || vt->k == TY_MONEY) : ordered(vt);
        if (!ok) {
            Diag *d = diag_report(DIAG_E034, (body ? body : arg)->span, "cannot take the %s of %s",
                                  builtin_name(id), tn(vt));
            diag_hint(d, "%s(x in xs: x.some_number)", builtin_name(id));
            return set(call, p->t_error);
        }
        return set(call, vt);
    }
    default:
        return set(call, p->t_error);
    }
}

static const Type *call_builtin(R *r, Scope *s, AstNode *n, BuiltinId id)
{
    Program *p = r->p;
    Sig sig = builtins[id].sig;
    uint32_t argc = n->list.len;
    if ((int)argc < builtins[id].min || (int)argc > builtins[id].max) {
        Diag *d;
        if (builtins[id].min == builtins[id].max)
            d = diag_report(DIAG_E037, n->span, "%s takes %d argument%s, not %u", builtin_name(id),
                            builtins[id].min, builtins[id].min == 1 ? "" : "s", argc);
        else
            d = diag_report(DIAG_E037, n->span, "%s takes %d %s %d arguments, not %u", builtin_name(id),
                            builtins[id].min, builtins[id].max == builtins[id].min + 1 ? "or" : "to",
                            builtins[id].max, argc);
        (void)d;
        for (uint32_t i = 0; i < argc; i++)
            if (n->list.items[i]->kind != AST_PAIR)
                expr(r, s, n->list.items[i], NULL);
        return set(n, p->t_error);
    }
    if (sig <= SIG_AGG_MINMAX)
        return aggregate(r, s, n, id, sig);
    n->op = REF_CALL_BUILTIN;
    n->flags = (uint16_t)id;
    for (uint32_t i = 0; i < argc; i++)
        if (n->list.items[i]->kind == AST_PAIR) {
            Diag *d = diag_report(DIAG_E046, n->list.items[i]->span, "':' can only be used in aggregates");
            diag_hint(d, "count, share, all, any, none, sum, min and max take 'x in xs: ...'");
            return set(n, p->t_error);
        }
    AstNode **a = n->list.items;
    const Type *t0 = NULL, *t1 = NULL;
    switch (sig) {
    case SIG_LEN:
        t0 = expr(r, s, a[0], NULL);
        if (!is_err(t0) && t0->k != TY_LIST && t0->k != TY_MAP && t0->k != TY_TEXT)
            diag_report(DIAG_E034, a[0]->span, "len needs a list, a map or text, not %s", tn(t0));
        return set(n, p->t_number);
    case SIG_TEXT_TEXT_BOOL:
        expect_type(r, a[0], expr(r, s, a[0], p->t_text), p->t_text, "the first argument");
        expect_type(r, a[1], expr(r, s, a[1], p->t_text), p->t_text, "the second argument");
        return set(n, p->t_bool);
    case SIG_TEXT_TEXT:
        expect_type(r, a[0], expr(r, s, a[0], p->t_text), p->t_text, "the argument");
        return set(n, p->t_text);
    case SIG_DATE_NUMBER:
        expect_type(r, a[0], expr(r, s, a[0], p->t_date), p->t_date, "the argument");
        return set(n, p->t_number);
    case SIG_DATE_DATE_NUMBER:
        expect_type(r, a[0], expr(r, s, a[0], p->t_date), p->t_date, "the first argument");
        expect_type(r, a[1], expr(r, s, a[1], p->t_date), p->t_date, "the second argument");
        return set(n, p->t_number);
    case SIG_ROUND:
        t0 = expr(r, s, a[0], NULL);
        if (!is_err(t0) && !type_is_numeric(t0) && t0->k != TY_MONEY) {
            diag_report(DIAG_E034, a[0]->span, "round needs a number, not %s", tn(t0));
            t0 = p->t_error;
        }
        if (argc == 2) {
            /* Any number will do; a number written in the rule is checked
             * here, any other at run time (bi_round, also E108). */
            t1 = expr(r, s, a[1], p->t_number);
            expect_type(r, a[1], t1, p->t_number, "the number of decimals");
            const AstNode *lit = a[1]->kind == AST_UNARY && a[1]->op == OP_NEG ? a[1]->a : a[1];
            if (lit->kind == AST_NUM) {
                Rat d = lit->v.num;
                if (lit != a[1])
                    rat_neg(d, &d);
                if (!rat_is_int(d) || d.num < 0 || d.num > 9) {
                    Buf b = BUF_INIT;
                    rat_format(&b, d);
                    Diag *dg = diag_report(DIAG_E108, a[1]->span,
                                           "the number of decimals must be a whole number from 0 to 9, not %s",
                                           buf_str(&b));
                    diag_hint(dg, "round(x, 2) rounds to hundredths; round(x) to a whole number");
                    buf_free(&b);
                }
            }
        }
        return set(n, t0);
    case SIG_PRESENT:
        expr(r, s, a[0], NULL);
        return set(n, p->t_bool);
    case SIG_DEFAULT:
        t0 = expr(r, s, a[0], NULL);
        t1 = expr(r, s, a[1], t0);
        expect_type(r, a[1], t1, t0, "the default");
        return set(n, t0);
    case SIG_VERDICT: {
        Type *ct = (Type *)new_type(p, TY_CRITERION);
        if (a[0]->kind != AST_NAME) {
            diag_report(DIAG_E046, a[0]->span, "the first argument of verdict must name a criterion");
            expr(r, s, a[1], NULL);
            return set(n, p->t_error);
        }
        const GlobalSym *g = map_get(&p->globals, a[0]->name);
        if (!g || g->gk != G_CRITERION) {
            Suggestion sg;
            suggest_begin(&sg, a[0]->name->str);
            for (size_t i = 0; i < p->criteria.len; i++)
                suggest_consider(&sg, p->criteria.items[i]->name->str);
            Diag *d = diag_report(g ? DIAG_E046 : DIAG_E030, a[0]->span, g ? "'%s' is not a criterion" :
                                  "unknown criterion '%s'", a[0]->name->str);
            suggest_hint(d, &sg);
            expr(r, s, a[1], NULL);
            return set(n, p->t_error);
        }
        expr(r, s, a[0], ct);
        Criterion *c = g->p;
        add_edge(r, dep_of_criterion(r, c), n->span);
        if (!c->kind || !c->scale) {
            expr(r, s, a[1], NULL);
            return set(n, p->t_error);
        }
        t1 = expr(r, s, a[1], c->kind->type);
        expect_type(r, a[1], t1, c->kind->type, "the subject");
        return set(n, c->scale->type);
    }
    case SIG_AS_OF:
        return set(n, p->t_date);
    case SIG_JOIN:
        t0 = expr(r, s, a[0], NULL);
        if (!is_err(t0) && t0->k != TY_LIST)
            diag_report(DIAG_E034, a[0]->span, "join needs a list, not %s", tn(t0));
        expect_type(r, a[1], expr(r, s, a[1], p->t_text), p->t_text, "the separator");
        return set(n, p->t_text);
    default:
        return set(n, p->t_error);
    }
}

static const Type *call(R *r, Scope *s, AstNode *n)
{
    Program *p = r->p;
    int bi = find_builtin(n->name);
    if (bi >= 0)
        return call_builtin(r, s, n, (BuiltinId)bi);
    const GlobalSym *g = map_get(&p->globals, n->name);
    if (!g || g->gk != G_FUNCTION) {
        Span ns = span_make(n->span.file, n->span.off, n->name->len);
        if (g) {
            Diag *d = diag_report(DIAG_E046, ns, "'%s' is a %s and cannot be called", n->name->str,
                                  global_what(g->gk));
            if (g->gk == G_CRITERION)
                diag_hint(d, "its verdict for a subject is verdict(%s, subject)", n->name->str);
        } else {
            Suggestion sg;
            suggest_begin(&sg, n->name->str);
            for (int i = 0; i < BI_COUNT_; i++)
                suggest_consider(&sg, builtins[i].name);
            for (size_t i = 0; i < p->functions.len; i++)
                suggest_consider(&sg, p->functions.items[i]->name->str);
            /* Other languages' longer names: length or lenght for len. */
            for (int i = 0; i < BI_COUNT_ && !sg.best; i++) {
                size_t k = strlen(builtins[i].name);
                if (k >= 3 && strncmp(n->name->str, builtins[i].name, k) == 0)
                    sg.best = builtins[i].name;
            }
            Diag *d = diag_report(DIAG_E030, ns, "unknown function '%s'", n->name->str);
            suggest_hint(d, &sg);
        }
        for (uint32_t i = 0; i < n->list.len; i++)
            if (n->list.items[i]->kind != AST_PAIR)
                expr(r, s, n->list.items[i], NULL);
        return set(n, p->t_error);
    }
    Function *fn = g->p;
    fn->used = true;
    n->op = REF_CALL_FUNCTION;
    n->res = fn;
    add_edge(r, dep_of_function(r, fn), n->span);
    if (n->list.len != fn->nparams) {
        Diag *d = diag_report(DIAG_E037, n->span, "%s takes %u argument%s, not %u", fn->name->str,
                              fn->nparams, fn->nparams == 1 ? "" : "s", n->list.len);
        diag_note(d, name_span(fn->decl), "declared here");
    }
    for (uint32_t i = 0; i < n->list.len; i++) {
        AstNode *a = n->list.items[i];
        if (a->kind == AST_PAIR) {
            diag_report(DIAG_E046, a->span, "':' can only be used in aggregates");
            continue;
        }
        const Type *want = i < fn->nparams ? fn->params[i]->type : NULL;
        const Type *t = expr(r, s, a, want);
        if (want) {
            char what[64];
            snprintf(what, sizeof what, "argument %u", i + 1);
            expect_type(r, a, t, want, what);
        }
    }
    return set(n, fn->result ? fn->result : p->t_error);
}

static const char *op_word(AstOp op)
{
    switch (op) {
    case OP_ADD: return "add";
    case OP_SUB: return "subtract";
    case OP_MUL: return "multiply";
    case OP_DIV: return "divide";
    default: return ast_op_text(op);
    }
}

static const Type *arith(R *r, AstNode *n, const Type *a, const Type *b)
{
    Program *p = r->p;
    AstOp op = (AstOp)n->op;
    if (is_err(a) || is_err(b))
        return p->t_error;
    bool na = type_is_numeric(a), nb = type_is_numeric(b);
    if (na && nb) {
        if ((op == OP_ADD || op == OP_SUB) && a->k == TY_PERCENT && b->k == TY_PERCENT)
            return p->t_percent;
        return p->t_number;
    }
    if (a->k == TY_MONEY && b->k == TY_MONEY && (op == OP_ADD || op == OP_SUB))
        return p->t_money;
    if (a->k == TY_MONEY && b->k == TY_MONEY && op == OP_DIV)
        return p->t_number;
    if (a->k == TY_MONEY && nb && (op == OP_MUL || op == OP_DIV))
        return p->t_money;
    if (na && b->k == TY_MONEY && op == OP_MUL)
        return p->t_money;
    if (a->k == TY_DATE && nb && (op == OP_ADD || op == OP_SUB))
        return p->t_date;
    if (na && b->k == TY_DATE && op == OP_ADD)
        return p->t_date;
    if (a->k == TY_DATE && b->k == TY_DATE && op == OP_SUB)
        return p->t_number;
    Diag *d = diag_report(DIAG_E034, n->span, "cannot %s %s and %s", op_word(op), tn(a), tn(b));
    if (a->k == TY_MONEY || b->k == TY_MONEY)
        diag_hint(d, "amounts combine with amounts (+, -) and numbers (*, /)");
    else if (a->k == TY_DATE || b->k == TY_DATE)
        diag_hint(d, "a date plus or minus a number of days is a date; date minus date is a number of days");
    else if (a->k == TY_TEXT || b->k == TY_TEXT)
        diag_hint(d, "to combine text write \"{a}{b}\"");
    return p->t_error;
}

/* Can values of these types be compared with op? Reports when not. */
static bool comparable(R *r, AstNode *n, const Type *a, const Type *b, bool order)
{
    (void)r;
    if (is_err(a) || is_err(b))
        return true;
    bool ok;
    if (type_is_numeric(a) && type_is_numeric(b))
        ok = true;
    else if (a->k != b->k)
        ok = false;
    else if (a->k == TY_SCALE)
        ok = a->scale == b->scale;
    else if (a->k == TY_KIND)
        ok = a->kind == b->kind && !order;
    else if (a->k == TY_BOOL)
        ok = !order;
    else if (a->k == TY_LIST || a->k == TY_MAP)
        ok = !order && type_equal(a, b);
    else
        ok = true;
    if (ok)
        return true;
    if (order && type_equal(a, b)) {
        Diag *d = diag_report(DIAG_E036, n->span, "%s values have no order", tn(a));
        diag_hint(d, "only numbers, amounts, dates, text and scale words have an order; use == or !=");
        return false;
    }
    Diag *d = diag_report(DIAG_E036, n->span, "cannot compare %s with %s", tn(a), tn(b));
    if (a->k == TY_SCALE && b->k == TY_SCALE)
        diag_hint(d, "words of different scales have no order between them");
    else if (order && (a->k == TY_KIND || a->k == TY_BOOL))
        diag_hint(d, "only numbers, amounts, dates, text and scale words have an order");
    else if ((a->k == TY_SCALE && b->k == TY_TEXT) || (a->k == TY_TEXT && b->k == TY_SCALE))
        diag_hint(d, "write the word without quotes");
    return false;
}

static const Type *binary(R *r, Scope *s, AstNode *n)
{
    Program *p = r->p;
    AstOp op = (AstOp)n->op;
    switch (op) {
    case OP_AND:
    case OP_OR:
        expect_bool(r, s, n->a, op == OP_AND ? "each side of 'and'" : "each side of 'or'");
        expect_bool(r, s, n->b, op == OP_AND ? "each side of 'and'" : "each side of 'or'");
        return set(n, p->t_bool);
    case OP_IN:
    case OP_NOT_IN: {
        const Type *ct = expr(r, s, n->b, NULL);
        const Type *want = NULL;
        if (ct->k == TY_LIST)
            want = ct->elem;
        else if (ct->k == TY_MAP)
            want = ct->key;
        else if (!is_err(ct))
            diag_report(DIAG_E034, n->b->span, "'in' needs a list or a map on its right, not %s", tn(ct));
        const Type *et = expr(r, s, n->a, want);
        if (want)
            comparable(r, n, et, want, false);
        return set(n, p->t_bool);
    }
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
        const Type *ta, *tb;
        if (needs_hint(r, s, n->a) && !needs_hint(r, s, n->b)) {
            tb = expr(r, s, n->b, NULL);
            ta = expr(r, s, n->a, tb);
        } else {
            ta = expr(r, s, n->a, NULL);
            tb = expr(r, s, n->b, ta);
        }
        comparable(r, n, ta, tb, op != OP_EQ && op != OP_NE);
        return set(n, p->t_bool);
    }
    default: {
        const Type *ta, *tb;
        if (needs_hint(r, s, n->a) && !needs_hint(r, s, n->b)) {
            tb = expr(r, s, n->b, NULL);
            ta = expr(r, s, n->a, tb);
        } else {
            ta = expr(r, s, n->a, NULL);
            tb = expr(r, s, n->b, ta);
        }
        return set(n, arith(r, n, ta, tb));
    }
    }
}

static const Type *record_literal(R *r, Scope *s, AstNode *n, const Type *want)
{
    Program *p = r->p;
    if (want && want->k == TY_KIND) {
        const Kind *k = want->kind;
        AstNode **vals = arena_zalloc(&p->arena, (k->nfields + 1) * sizeof *vals);
        for (uint32_t i = 0; i < n->list.len; i++) {
            AstNode *fi = n->list.items[i];
            Field *f = map_get(&k->field_by_name, fi->name);
            Span fs = span_make(fi->span.file, fi->span.off, fi->name->len);
            if (!f) {
                Suggestion sg;
                suggest_begin(&sg, fi->name->str);
                for (uint32_t j = 0; j < k->nfields; j++)
                    suggest_consider(&sg, k->fields[j].name->str);
                Diag *d = is_broken(k->decl) ? NULL :
                          diag_report(DIAG_E033, fs, "%s has no field '%s'", k->name->str, fi->name->str);
                suggest_hint(d, &sg);
                expr(r, s, fi->a, NULL);
                continue;
            }
            if (vals[f->index]) {
                Diag *d = diag_report(DIAG_E031, fs, "field '%s' is given twice", fi->name->str);
                diag_note(d, earlier_init(&n->list, i, fi->name), "first given here");
                continue;
            }
            vals[f->index] = fi->a;
            fi->res = f;
            expect_type(r, fi->a, expr(r, s, fi->a, f->type), f->type, "the field");
        }
        for (uint32_t j = 0; j < k->nfields; j++)
            if (!vals[j] && !k->fields[j].optional)
                diag_report(DIAG_E032, n->span, "the record lacks the required field '%s'",
                            k->fields[j].name->str);
        n->res = vals;
        return set(n, want);
    }
    if (want && want->k == TY_MAP) {
        for (uint32_t i = 0; i < n->list.len; i++) {
            AstNode *e = n->list.items[i];
            if (want->key->k == TY_KIND) {
                AstNode key = {.kind = AST_NAME, .name = e->name,
                               .span = span_make(e->span.file, e->span.off, e->name->len)};
                e->res = lookup_thing(r, want->key->kind, &key);
            } else if (want->key->k == TY_SCALE) {
                AstNode key = {.kind = AST_NAME, .name = e->name,
                               .span = span_make(e->span.file, e->span.off, e->name->len)};
                e->res = (void *)lookup_word(r, want->key->scale, &key);
            }
            expect_type(r, e->a, expr(r, s, e->a, want->elem), want->elem, "the value");
        }
        return set(n, want);
    }
    Diag *d = diag_report(DIAG_E046, n->span, "the type of this record is not known here");
    diag_hint(d, "records can be written where a field or parameter says what they are");
    for (uint32_t i = 0; i < n->list.len; i++)
        expr(r, s, n->list.items[i]->a, NULL);
    return set(n, p->t_error);
}

static const Type *expr(R *r, Scope *s, AstNode *n, const Type *want)
{
    Program *p = r->p;
    switch (n->kind) {
    case AST_NUM:
        return set(n, n->op == NUM_MONEY ? p->t_money : n->op == NUM_PERCENT ? p->t_percent : p->t_number);
    case AST_DATE:
        return set(n, p->t_date);
    case AST_BOOL:
        return set(n, p->t_bool);
    case AST_TEXT:
        for (uint32_t i = 0; i < n->list.len; i++)
            if (n->list.items[i]->kind != AST_TEXT_PART)
                expr(r, s, n->list.items[i], NULL);
        return set(n, p->t_text);
    case AST_NAME:
        return resolve_name(r, s, n, want);
    case AST_LIST: {
        const Type *et = want && want->k == TY_LIST ? want->elem : NULL;
        const Type *first = NULL;
        for (uint32_t i = 0; i < n->list.len; i++) {
            AstNode *e = n->list.items[i];
            const Type *t = expr(r, s, e, et ? et : first);
            if (!first && !is_err(t))
                first = t;
            else if (first && !is_err(t) && !type_assignable(first, t))
                diag_report(DIAG_E034, e->span, "a list holds values of one type: %s, not %s", tn(first), tn(t));
        }
        return set(n, list_of(p, first ? first : et ? et : p->t_any));
    }
    case AST_RECORD:
        return record_literal(r, s, n, want);
    case AST_FIELD: {
        /* scale.word and kind.thing, unless a local or an element's field
         * of that name is meant (dot_means_global) */
        if (n->a->kind == AST_NAME && dot_means_global(r, s, n->a->name, n->name)) {
            const GlobalSym *g = map_get(&p->globals, n->a->name);
            if (g && g->gk == G_SCALE) {
                n->a->type = p->t_error;
                lookup_word(r, ((Scale *)g->p), n);
                return n->type;
            }
            if (g && g->gk == G_KIND) {
                n->a->type = p->t_error;
                lookup_thing(r, ((Kind *)g->p), n);
                return n->type;
            }
        }
        const Type *t = expr(r, s, n->a, NULL);
        if (is_err(t))
            return set(n, p->t_error);
        if (t->k != TY_KIND) {
            Diag *d = diag_report(DIAG_E034, n->span, "%s has no field '%s'", tn(t), n->name->str);
            if (t->k == TY_LIST)
                diag_hint(d, "take one element with a filter or an aggregate, e.g. any(x in xs: x.%s ...)",
                          n->name->str);
            return set(n, p->t_error);
        }
        const Kind *k = t->kind;
        n->op = REF_FIELD;
        Field *f = map_get(&k->field_by_name, n->name);
        if (f) {
            f->read = true;
            n->res = f;
            return set(n, f->type);
        }
        static const char *const names[] = {"id", "title", "valid_from", "valid_until"};
        for (int i = 0; i < 4; i++)
            if (strcmp(n->name->str, names[i]) == 0) {
                n->res = NULL;
                n->flags = (uint16_t)(1 + i);
                return set(n, implicit_field_type(p, -1 - i));
            }
        if (is_broken(k->decl))
            return set(n, p->t_error);
        Suggestion sg;
        suggest_begin(&sg, n->name->str);
        for (uint32_t i = 0; i < k->nfields; i++)
            suggest_consider(&sg, k->fields[i].name->str);
        for (int i = 0; i < 4; i++)
            suggest_consider(&sg, names[i]);
        Span fs = span_make(n->span.file, n->span.off + n->span.len - n->name->len, n->name->len);
        Diag *d = diag_report(DIAG_E033, fs, "%s has no field '%s'", k->name->str, n->name->str);
        suggest_hint(d, &sg);
        return set(n, p->t_error);
    }
    case AST_INDEX: {
        const Type *t = expr(r, s, n->a, NULL);
        if (t->k == TY_MAP) {
            const Type *kt = expr(r, s, n->b, t->key);
            expect_type(r, n->b, kt, t->key, "the key");
            return set(n, t->elem);
        }
        if (t->k == TY_LIST) {
            const Type *kt = expr(r, s, n->b, p->t_number);
            expect_type(r, n->b, kt, p->t_number, "a list position");
            return set(n, t->elem);
        }
        expr(r, s, n->b, NULL);
        if (!is_err(t))
            diag_report(DIAG_E034, n->span, "%s cannot be looked up with [...]", tn(t));
        return set(n, p->t_error);
    }
    case AST_CALL:
        return call(r, s, n);
    case AST_PAIR:
        diag_report(DIAG_E046, n->span, "':' can only be used in aggregates");
        return set(n, p->t_error);
    case AST_UNARY:
        if (n->op == OP_NOT) {
            expect_bool(r, s, n->a, "the operand of 'not'");
            return set(n, p->t_bool);
        } else {
            const Type *t = expr(r, s, n->a, want);
            if (!is_err(t) && !type_is_numeric(t) && t->k != TY_MONEY) {
                diag_report(DIAG_E034, n->span, "cannot negate %s", tn(t));
                return set(n, p->t_error);
            }
            return set(n, t);
        }
    case AST_BINARY:
        return binary(r, s, n);
    case AST_IF: {
        expect_bool(r, s, n->a, "the condition of 'if'");
        const Type *tb = expr(r, s, n->b, want);
        const Type *tc = expr(r, s, n->c, is_err(tb) ? want : tb);
        if (is_err(tb))
            return set(n, tc);
        if (!type_assignable(tb, tc) && !is_err(tc)) {
            diag_report(DIAG_E034, n->c->span, "both branches of 'if' must have one type: %s and %s",
                        tn(tb), tn(tc));
            return set(n, p->t_error);
        }
        return set(n, type_is_numeric(tb) && tb->k != tc->k ? p->t_number : tb);
    }
    case AST_WHERE: {
        Scope inner;
        Aggregate *ag = collection(r, s, n, &inner);
        n->res = ag;
        return set(n, list_of(p, ag->elem->type));
    }
    default:
        diag_report(DIAG_E046, n->span, "expected an expression");
        return set(n, p->t_error);
    }
}

/* ------------------------------------------------------------------ */
/* Decision tables                                                      */

/* Resolves the `let` and `when` items of a criterion or function. Lets are
 * visible to everything after them. verdicts: the criterion's scale (NULL
 * for a function, or for a criterion whose scale is unknown); result: the
 * function's result type. Rows tell criteria from functions themselves: a
 * criterion's row names a verdict word (x->name2). */
static void decision_table(R *r, Scope *scope, AstList *items, const Scale *verdicts,
                           const Type *result, Local ***lets_out, uint32_t *nlets_out,
                           Row **rows_out, uint32_t *nrows_out, bool *has_otherwise)
{
    Program *p = r->p;
    Local **lets = arena_zalloc(&p->arena, (items->len + 1) * sizeof *lets);
    Row *rows = arena_zalloc(&p->arena, (items->len + 1) * sizeof *rows);
    uint32_t nl = 0, nr = 0;
    AstNode *otherwise = NULL;
    for (uint32_t i = 0; i < items->len; i++) {
        AstNode *it = items->items[i];
        if (it->kind == AST_LET) {
            Span ls = name_span(it);
            const Type *t = expr(r, scope, it->a, NULL);
            Local *old = scope_find(scope, it->name);
            if (old) {
                Diag *d = diag_report(DIAG_E031, ls, "'%s' is already defined here", it->name->str);
                diag_note(d, old->span, "first defined here");
            }
            Local *l = new_local(r, it->name, LOCAL_LET, t, ls);
            l->expr = it->a;
            it->res = l;
            lets[nl++] = l;
            scope_add(r, scope, l);
            continue;
        }
        /* A row. */
        if (otherwise) {
            Diag *d = diag_report(DIAG_E041, it->span, it->a ? "a row after 'otherwise' can never match" :
                                  "a second 'otherwise'");
            diag_note(d, otherwise->span, "'otherwise' is here");
            diag_hint(d, "'otherwise' is the last row of a table");
        }
        Row *row = &rows[nr++];
        row->node = it;
        row->cond = it->a;
        if (it->a)
            expect_bool(r, scope, it->a, "a 'when' condition");
        else if (!otherwise)
            otherwise = it;
        if (it->v.x->name2) {
            /* A criterion's row: a verdict word and an optional message.
             * When the criterion's scale is unknown (already reported),
             * only the message can be checked. */
            if (verdicts) {
                AstNode vn = {.kind = AST_NAME, .name = it->v.x->name2, .span = it->v.x->name2_span};
                row->verdict = lookup_word(r, verdicts, &vn);
            }
            if (it->b) {
                expr(r, scope, it->b, p->t_text);
                row->message = it->b;
            }
        } else {
            const Type *t = expr(r, scope, it->b, result);
            if (result)
                expect_type(r, it->b, t, result, "the result");
            row->message = it->b;
        }
    }
    *lets_out = lets;
    *nlets_out = nl;
    *rows_out = rows;
    *nrows_out = nr;
    *has_otherwise = otherwise != NULL;
    for (uint32_t i = 0; i < nl; i++)
        vec_push(&r->locals, lets[i]);
}

static void resolve_criterion(R *r, Criterion *c)
{
    Program *p = r->p;
    AstNode *d = c->decl;
    AstDeclX *x = d->v.x;
    r->nslots = &c->nslots;
    r->owner = dep_of_criterion(r, c);
    if (d->b) {
        const GlobalSym *g = map_get(&p->globals, d->b->name);
        if (g && g->gk == G_SCALE) {
            c->scale = g->p;
            ((Scale *)c->scale)->used = true;
        } else {
            Suggestion sg;
            suggest_begin(&sg, d->b->name->str);
            for (size_t i = 0; i < p->scales.len; i++)
                suggest_consider(&sg, p->scales.items[i]->name->str);
            Diag *dg = diag_report(g ? DIAG_E046 : DIAG_E030, d->b->span,
                                   g ? "'%s' is not a scale" : "unknown scale '%s'", d->b->name->str);
            suggest_hint(dg, &sg);
        }
    } else if (p->verdict_scale) {
        c->scale = p->verdict_scale;
        ((Scale *)c->scale)->used = true;
    } else {
        Diag *dg = diag_report(DIAG_E030, x->name_span, "there is no scale named 'verdict' for this criterion");
        diag_hint(dg, "declare one, or name the scale: criterion %s: myscale \"...\" for ...", c->name->str);
    }
    const GlobalSym *g = map_get(&p->globals, x->name2);
    if (g && g->gk == G_KIND) {
        c->kind = g->p;
        ((Kind *)c->kind)->used = true;
        if (!d->c)
            ((Kind *)c->kind)->iterated = true;
    } else {
        Suggestion sg;
        suggest_begin(&sg, x->name2->str);
        for (size_t i = 0; i < p->kinds.len; i++)
            suggest_consider(&sg, p->kinds.items[i]->name->str);
        Diag *dg = diag_report(g ? DIAG_E046 : DIAG_E030, x->name2_span,
                               g ? "'%s' is not a kind" : "unknown kind '%s'", x->name2->str);
        if (g && g->gk == G_DATASET)
            diag_hint(dg, "to range over a dataset write: for KIND %s in %s", x->name3->str, x->name2->str);
        else
            suggest_hint(dg, &sg);
    }
    const Type *kt = c->kind ? c->kind->type : p->t_error;
    Scope scope;
    memset(&scope, 0, sizeof scope);
    c->in_expr = d->c;
    if (d->c) {
        const Type *t = expr(r, &scope, d->c, list_of(p, kt));
        if (!is_err(t) && !(t->k == TY_LIST && type_assignable(kt, t->elem))) {
            Diag *dg = diag_report(DIAG_E034, d->c->span, "the subjects must be a list of %s, not %s",
                                   c->kind ? c->kind->name->str : "things", tn(t));
            (void)dg;
        }
    }
    c->subject = new_local(r, x->name3, LOCAL_SUBJECT, kt, x->name3_span);
    c->subject->used = true;
    scope_add(r, &scope, c->subject);
    c->where_expr = x->d;
    if (x->d)
        expect_bool(r, &scope, x->d, "the 'where' condition");
    decision_table(r, &scope, &d->list, c->scale, NULL, &c->lets, &c->nlets, &c->rows, &c->nrows,
                   &c->has_otherwise);
    if (!c->nrows && !is_broken(d))
        diag_report(DIAG_E032, x->name_span, "criterion '%s' has no rows", c->name->str);
    r->nslots = NULL;
    r->owner = -1;
}

static void resolve_function_body(R *r, Function *fn)
{
    AstNode *d = fn->decl;
    r->nslots = &fn->nslots;
    r->owner = dep_of_function(r, fn);
    Scope scope;
    memset(&scope, 0, sizeof scope);
    for (uint32_t i = 0; i < fn->nparams; i++)
        scope_add(r, &scope, fn->params[i]);
    if (d->c) {
        fn->body = d->c;
        const Type *t = expr(r, &scope, d->c, fn->result);
        expect_type(r, d->c, t, fn->result, "the result");
    } else {
        decision_table(r, &scope, &d->list, NULL, fn->result, &fn->lets, &fn->nlets, &fn->rows,
                       &fn->nrows, &fn->has_otherwise);
        if (!fn->nrows && !is_broken(d))
            diag_report(DIAG_E032, name_span(d), "function '%s' has no rows", fn->name->str);
    }
    if (!fn->prelude)
        for (uint32_t i = 0; i < fn->nparams; i++)
            vec_push(&r->locals, fn->params[i]);
    r->nslots = NULL;
    r->owner = -1;
}

/* ------------------------------------------------------------------ */
/* Judgements, tests, as_of                                             */

static void resolve_judgement(R *r, AstNode *d)
{
    Program *p = r->p;
    Judgement *j = arena_zalloc(&p->arena, sizeof *j);
    j->decl = d;
    j->expires = INT32_MAX;
    d->res = j;
    bool ok = true;
    const GlobalSym *g = map_get(&p->globals, d->name);
    if (!g || g->gk != G_CRITERION) {
        Suggestion sg;
        suggest_begin(&sg, d->name->str);
        for (size_t i = 0; i < p->criteria.len; i++)
            suggest_consider(&sg, p->criteria.items[i]->name->str);
        Diag *dg;
        if (g)
            dg = diag_report(DIAG_E045, name_span(d), "'%s' is a %s, not a criterion", d->name->str,
                             global_what(g->gk));
        else
            dg = diag_report(DIAG_E030, name_span(d), "unknown criterion '%s'", d->name->str);
        if (sg.best)
            suggest_hint(dg, &sg);
        else
            diag_hint(dg, "a judgement replaces the verdict of a criterion: judgement CRITERION for SUBJECT { ... }");
        ok = false;
    } else {
        j->criterion = g->p;
    }
    const Criterion *c = j->criterion;
    /* The subject: a thing of the criterion's kind, or the id of a record. */
    AstNode *subj = d->a;
    if (subj->kind == AST_TEXT) {
        j->subject_id = const_text(r, subj);
        if (!j->subject_id)
            ok = false;
    } else if (c && c->kind && (subj->kind == AST_NAME || subj->kind == AST_FIELD)) {
        if (subj->kind == AST_FIELD && !(subj->a->kind == AST_NAME && subj->a->name == c->kind->name)) {
            diag_report(DIAG_E045, subj->span, "the subject must be %s %s", an(c->kind->name->str),
                        c->kind->name->str);
            ok = false;
        } else if (c->in_expr && !c->kind->things.len) {
            Diag *dg = diag_report(DIAG_E045, subj->span, "criterion '%s' judges records of a dataset",
                                   c->name->str);
            diag_hint(dg, "name the record by its id, in quotes: judgement %s for \"%s\"", c->name->str,
                      subj->name->str);
            ok = false;
        } else {
            Thing *t = lookup_thing(r, c->kind, subj);
            if (t) {
                j->subject = t;
                j->subject_id = t->name->str;
            } else {
                ok = false;
            }
        }
    } else if (c) {
        diag_report(DIAG_E045, subj->span, "the subject must be a name or an id in quotes");
        ok = false;
    }
    /* The fields. */
    static const char *const names[] = {"verdict", "by", "date", "because", "quote", "source", "expires"};
    AstNode *vals[7] = {0};
    for (uint32_t i = 0; i < d->list.len; i++) {
        AstNode *fi = d->list.items[i];
        Span fs = span_make(fi->span.file, fi->span.off, fi->name->len);
        int k = -1;
        for (int m = 0; m < 7; m++)
            if (strcmp(fi->name->str, names[m]) == 0)
                k = m;
        if (k < 0) {
            Suggestion sg;
            suggest_begin(&sg, fi->name->str);
            for (int m = 0; m < 7; m++)
                suggest_consider(&sg, names[m]);
            Diag *dg = diag_report(DIAG_E033, fs, "a judgement has no field '%s'", fi->name->str);
            if (sg.best)
                suggest_hint(dg, &sg);
            else
                diag_hint(dg, "a judgement has verdict, by, date, because, and optionally quote, source, expires");
            continue;
        }
        if (vals[k]) {
            Diag *dg = diag_report(DIAG_E031, fs, "field '%s' is given twice", fi->name->str);
            diag_note(dg, earlier_init(&d->list, i, fi->name), "first given here");
            continue;
        }
        vals[k] = fi->a;
        switch (k) {
        case 0:
            if (c && c->scale) {
                if (fi->a->kind == AST_NAME)
                    j->verdict = lookup_word(r, c->scale, fi->a);
                else {
                    Diag *dg = diag_report(DIAG_E034, fi->a->span, "the verdict must be a word of the scale '%s'",
                                           c->scale->name->str);
                    if (fi->a->kind == AST_TEXT)
                        diag_hint(dg, "write the word without quotes");
                }
            }
            break;
        case 2:
        case 6:
            resolve_const(r, fi->a, p->t_date);
            if (fi->a->kind == AST_DATE)
                *(k == 2 ? &j->date : &j->expires) = fi->a->v.date;
            break;
        default: {
            resolve_const(r, fi->a, p->t_text);
            const char *t = fi->a->kind == AST_TEXT ? const_text(r, fi->a) : NULL;
            if (k == 1) j->by = t;
            else if (k == 3) j->because = t;
            else if (k == 4) j->quote = t;
            else j->source = t;
        }
        }
    }
    /* One message for all the missing fields, as a list: "'by' and 'date'". */
    int nmissing = 0, missing[4];
    for (int m = 0; m < 4; m++)
        if (!vals[m])
            missing[nmissing++] = m;
    if (nmissing) {
        Buf b = BUF_INIT;
        for (int m = 0; m < nmissing; m++)
            buf_printf(&b, "%s'%s'", m == 0 ? "" : m == nmissing - 1 ? " and " : ", ", names[missing[m]]);
        Diag *dg = diag_report(DIAG_E032, name_span(d), "the judgement lacks the field%s %s",
                               nmissing > 1 ? "s" : "", buf_str(&b));
        diag_hint(dg, "a judgement records who decided (by), when (date), what (verdict) and why (because)");
        buf_free(&b);
        ok = false;
    }
    if (!ok || !j->subject_id)
        return;
    for (size_t i = 0; i < p->judgements.len; i++) {
        Judgement *o = p->judgements.items[i];
        if (o->criterion == j->criterion && strcmp(o->subject_id, j->subject_id) == 0) {
            Diag *dg = diag_report(DIAG_E031, name_span(d), "there is already a judgement of '%s' for '%s'",
                                   c->name->str, j->subject_id);
            diag_note(dg, name_span(o->decl), "the other judgement");
            return;
        }
    }
    vec_push(&p->judgements, j);
}

static void resolve_test(R *r, AstNode *d)
{
    Program *p = r->p;
    Test *t = arena_zalloc(&p->arena, sizeof *t);
    t->decl = d;
    t->title = const_text(r, d->a);
    if (!t->title)
        t->title = "(untitled)";
    t->data = arena_zalloc(&p->arena, (d->list.len + 1) * sizeof *t->data);
    t->expects = arena_zalloc(&p->arena, (d->list.len + 1) * sizeof *t->expects);
    r->nslots = &t->nslots;
    r->owner = -1;
    Scope scope;
    memset(&scope, 0, sizeof scope);
    for (uint32_t i = 0; i < d->list.len; i++) {
        AstNode *it = d->list.items[i];
        if (it->kind == AST_TEST_DATA) {
            Span ns = name_span(it);
            const GlobalSym *g = map_get(&p->globals, it->name);
            const char *rel = const_text(r, it->a);
            if (!g || g->gk != G_DATASET) {
                Suggestion sg;
                suggest_begin(&sg, it->name->str);
                for (size_t k = 0; k < p->datasets.len; k++)
                    suggest_consider(&sg, p->datasets.items[k]->name->str);
                Diag *dg = diag_report(g ? DIAG_E046 : DIAG_E030, ns, g ? "'%s' is not a dataset" :
                                       "unknown dataset '%s'", it->name->str);
                suggest_hint(dg, &sg);
                continue;
            }
            for (uint32_t k = 0; k < t->ndata; k++)
                if (t->data[k].dataset == g->p) {
                    Diag *dg = diag_report(DIAG_E031, ns, "dataset '%s' is bound twice", it->name->str);
                    diag_note(dg, name_span(t->data[k].node), "first bound here");
                }
            ((Dataset *)g->p)->used = true;
            TestData *td = &t->data[t->ndata++];
            td->dataset = g->p;
            td->path = rel ? rule_path(r, it->span.file, rel) : NULL;
            td->node = it;
        } else if (it->kind == AST_AS_OF) {
            if (t->has_as_of) {
                diag_report(DIAG_E031, it->span, "the test already has an evaluation date");
                continue;
            }
            resolve_const(r, it->a, p->t_date);
            if (it->a->kind == AST_DATE) {
                t->as_of = it->a->v.date;
                t->has_as_of = true;
            }
        } else if (!it->a) {
            /* `expect findings "FILE"`: the complete findings of the test's
             * data, pinned in a file (cli/cmd_test.c compares them). */
            Span ns = name_span(it);
            const char *rel = const_text(r, it->b);
            if (strcmp(it->name->str, "findings") != 0) {
                Diag *dg = diag_report(DIAG_E030, ns, "unknown expectation '%s'", it->name->str);
                diag_hint(dg, "to pin the findings in a file write: expect findings \"FILE\"");
            } else if (t->snapshot_node) {
                Diag *dg = diag_report(DIAG_E031, ns, "the test already pins its findings");
                diag_note(dg, name_span(t->snapshot_node), "first pinned here");
            } else if (rel && !*rel) {
                diag_report(DIAG_E042, it->b->span, "the file name is empty");
            } else if (rel) {
                t->snapshot = rule_path(r, it->span.file, rel);
                t->snapshot_node = it;
            }
        } else {
            expect_bool(r, &scope, it->a, "an expectation");
            t->expects[t->nexpects++] = it->a;
        }
    }
    r->nslots = NULL;
    vec_push(&p->tests, t);
}

static void resolve_as_of(R *r)
{
    Program *p = r->p;
    for (size_t i = 0; i < r->asofs.len; i++) {
        AstNode *d = r->asofs.items[i];
        if (p->has_as_of) {
            Diag *dg = diag_report(DIAG_E031, d->span, "the evaluation date is declared twice");
            diag_note(dg, p->as_of_span, "first declared here");
            continue;
        }
        resolve_const(r, d->a, p->t_date);
        if (d->a->kind == AST_DATE) {
            p->as_of = d->a->v.date;
            p->has_as_of = true;
            p->as_of_span = d->span;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Pass 5: cycles, unused declarations, unreachable rows                */

static void find_cycles(R *r)
{
    size_t n = r->deps.len;
    VEC(uint32_t) stack = {0};
    VEC(uint32_t) iter = {0};  /* next edge index per stacked node */
    for (size_t start = 0; start < n; start++) {
        if (r->deps.items[start].color)
            continue;
        vec_push(&stack, (uint32_t)start);
        vec_push(&iter, 0);
        r->deps.items[start].color = 1;
        while (stack.len) {
            uint32_t v = stack.items[stack.len - 1];
            DepNode *dn = &r->deps.items[v];
            uint32_t *ei = &iter.items[iter.len - 1];
            if (*ei >= dn->edges.len) {
                dn->color = 2;
                stack.len--;
                iter.len--;
                continue;
            }
            uint32_t w = dn->edges.items[*ei];
            Span use = dn->edge_spans[*ei];
            (*ei)++;
            if (r->deps.items[w].color == 0) {
                r->deps.items[w].color = 1;
                vec_push(&stack, w);
                vec_push(&iter, 0);
            } else if (r->deps.items[w].color == 1) {
                /* A back edge: the stack from w to v is a cycle. */
                Buf path = BUF_INIT;
                size_t k = stack.len;
                while (k > 0 && stack.items[k - 1] != w)
                    k--;
                for (size_t m = k - 1; m < stack.len; m++)
                    buf_printf(&path, "%s -> ", r->deps.items[stack.items[m]].name->str);
                buf_puts(&path, r->deps.items[w].name->str);
                DepNode *first = &r->deps.items[w];
                Diag *d = diag_report(DIAG_E038, use, "%s '%s' depends on itself: %s",
                                      first->what, first->name->str, buf_str(&path));
                if (strcmp(first->what, "function") == 0)
                    diag_hint(d, "a function cannot call itself, directly or through others");
                else
                    diag_hint(d, "a criterion cannot use its own verdict, directly or through others");
                buf_free(&path);
            }
        }
    }
    vec_free(&stack);
    vec_free(&iter);
}

/* Reports declarations, lets and parameters nothing uses. Called only
 * when the run has no errors: a declaration may look unused just because the
 * code that uses it could not be parsed or checked, and a wrong warning
 * beside a real error sends the reader the wrong way. */
static void report_unused(R *r)
{
    Program *p = r->p;
    for (size_t i = 0; i < r->locals.len; i++) {
        const Local *l = r->locals.items[i];
        if (l->used)
            continue;
        if (l->lk == LOCAL_PARAM) {
            diag_report(DIAG_W001, l->span, "parameter '%s' is never used", l->name->str);
        } else {
            Diag *d = diag_report(DIAG_W001, l->span, "'%s' is never used", l->name->str);
            diag_hint(d, "remove the let, or use it in a row");
        }
    }
    for (size_t i = 0; i < p->kinds.len; i++) {
        Kind *k = p->kinds.items[i];
        if (k->prelude)
            continue;
        if (!k->used) {
            Diag *d = diag_report(DIAG_W001, name_span(k->decl), "kind '%s' is never used", k->name->str);
            diag_hint(d, "declare things of it, or remove it");
        }
    }
    for (size_t i = 0; i < p->kinds.len; i++) {
        Kind *k = p->kinds.items[i];
        if (k->iterated)
            continue;
        for (size_t j = 0; j < k->things.len; j++) {
            Thing *t = k->things.items[j];
            bool in_prelude = p->has_prelude && t->decl->span.file == p->files[0].file;
            if (!t->used && !in_prelude) {
                Diag *d = diag_report(DIAG_W001, name_span(t->decl), "%s '%s' is never used",
                                      k->name->str, t->name->str);
                diag_hint(d, "no criterion reads it and nothing refers to it");
            }
        }
    }
    for (size_t i = 0; i < p->scales.len; i++) {
        Scale *s = p->scales.items[i];
        if (!s->prelude && !s->used)
            diag_report(DIAG_W001, name_span(s->decl), "scale '%s' is never used", s->name->str);
    }
    for (size_t i = 0; i < p->datasets.len; i++) {
        Dataset *ds = p->datasets.items[i];
        if (!ds->prelude && !ds->used)
            diag_report(DIAG_W001, name_span(ds->decl), "dataset '%s' is never used", ds->name->str);
    }
    for (size_t i = 0; i < p->functions.len; i++) {
        Function *fn = p->functions.items[i];
        if (!fn->prelude && !fn->used)
            diag_report(DIAG_W001, name_span(fn->decl), "function '%s' is never called", fn->name->str);
    }
}

/* A condition split into atoms: comparisons of an expression with a
 * constant become intervals, anything else stays opaque. */
typedef struct Atom {
    const AstNode *e;        /* the expression compared (or the opaque atom) */
    bool interval;
    bool lo_inf, hi_inf, lo_incl, hi_incl;
    Rat lo, hi;
} Atom;

static bool const_value(const AstNode *n, Rat *v)
{
    if (n->kind == AST_NUM) {
        *v = n->v.num;
        return true;
    }
    if (n->kind == AST_DATE) {
        *v = rat_int(n->v.date);
        return true;
    }
    if (n->kind == AST_UNARY && n->op == OP_NEG && n->a->kind == AST_NUM)
        return rat_neg(n->a->v.num, v) == RAT_OK;
    if ((n->kind == AST_NAME || n->kind == AST_FIELD) && n->op == REF_SCALE_VALUE && n->res) {
        *v = rat_int(((const ScaleValue *)n->res)->index);
        return true;
    }
    return false;
}

typedef VEC(Atom) AtomVec;

static void atoms(const AstNode *c, AtomVec *out)
{
    if (c->kind == AST_BINARY && c->op == OP_AND) {
        atoms(c->a, out);
        atoms(c->b, out);
        return;
    }
    Atom a;
    memset(&a, 0, sizeof a);
    a.e = c;
    a.lo_inf = a.hi_inf = true;
    if (c->kind == AST_BINARY && c->op >= OP_EQ && c->op <= OP_GE && c->op != OP_NE) {
        Rat v = rat_int(0), va, vb;
        AstOp op = (AstOp)c->op;
        const AstNode *e = NULL;
        bool ca = const_value(c->a, &va), cb = const_value(c->b, &vb);
        if (cb && !ca) {
            e = c->a;
            v = vb;
        } else if (ca && !cb) {
            e = c->b;
            v = va;
            /* 5 > n is n < 5 */
            op = op == OP_LT ? OP_GT : op == OP_GT ? OP_LT : op == OP_LE ? OP_GE : op == OP_GE ? OP_LE : op;
        }
        if (e) {
            a.e = e;
            a.interval = true;
            if (op == OP_EQ || op == OP_GE || op == OP_GT) {
                a.lo_inf = false;
                a.lo = v;
                a.lo_incl = op != OP_GT;
            }
            if (op == OP_EQ || op == OP_LE || op == OP_LT) {
                a.hi_inf = false;
                a.hi = v;
                a.hi_incl = op != OP_LT;
            }
        }
    }
    vec_push(out, a);
}

/* Whether interval b lies within interval a. */
static bool interval_within(const Atom *b, const Atom *a)
{
    if (!a->lo_inf) {
        if (b->lo_inf)
            return false;
        int c = rat_cmp(b->lo, a->lo);
        if (c < 0 || (c == 0 && b->lo_incl && !a->lo_incl))
            return false;
    }
    if (!a->hi_inf) {
        if (b->hi_inf)
            return false;
        int c = rat_cmp(b->hi, a->hi);
        if (c > 0 || (c == 0 && b->hi_incl && !a->hi_incl))
            return false;
    }
    return true;
}

static bool interval_contains(const Atom *a, Rat v)
{
    if (!a->lo_inf) {
        int c = rat_cmp(v, a->lo);
        if (c < 0 || (c == 0 && !a->lo_incl))
            return false;
    }
    if (!a->hi_inf) {
        int c = rat_cmp(v, a->hi);
        if (c > 0 || (c == 0 && !a->hi_incl))
            return false;
    }
    return true;
}

/* Row comparisons for W002 in one program: about 0.1 s of work; tables of
 * up to 2000 rows are checked in full (docs/reliability.md). */
#define ROWS_CHECK_BUDGET ((size_t)2000000)

/* Whether every situation matching `later` also matches `earlier`. */
static bool implies(const AtomVec *later, const AtomVec *earlier)
{
    for (size_t i = 0; i < earlier->len; i++) {
        const Atom *a = &earlier->items[i];
        bool found = false;
        for (size_t j = 0; j < later->len && !found; j++) {
            const Atom *b = &later->items[j];
            if (a->interval != b->interval || !ast_equal(a->e, b->e))
                continue;
            found = !a->interval || interval_within(b, a);
        }
        if (!found)
            return false;
    }
    return true;
}

/* What is left of ROWS_CHECK_BUDGET, shared by every table of a program. */
typedef struct RowsBudget {
    size_t left;     /* comparisons still allowed */
    bool spent;      /* the budget ran out: no more tables are compared */
} RowsBudget;

/* Says, once per program, that the budget cut the check short at row `at`
 * of the table of `what` `name` (a criterion or a function). */
static void rows_budget_spent(RowsBudget *budget, const Row *at, const char *what, const Sym *name)
{
    budget->spent = true;
    Diag *d = diag_report(DIAG_W002, at->cond->span,
                          "rows from here on in %s '%s' were not checked for rows that can never match",
                          what, name->str);
    diag_hint(d, "the check stops after %zu comparisons of a row with a row above it; "
                 "the rest of this table, and any table after it, were not compared",
              ROWS_CHECK_BUDGET);
}

static void check_rows(const Row *rows, uint32_t nrows, RowsBudget *budget, const char *what,
                       const Sym *name)
{
    if (budget->spent)
        return;
    AtomVec *conds = mem_zalloc((nrows + 1) * sizeof *conds);
    for (uint32_t j = 0; j < nrows; j++) {
        if (!rows[j].cond)
            break;
        /* Each row is compared with every row above it: a table of
         * thousands of rows would take seconds, so the whole program gets
         * a budget of comparisons (ROWS_CHECK_BUDGET), enough for any
         * table people write. */
        if (budget->left < j) {
            rows_budget_spent(budget, &rows[j], what, name);
            break;
        }
        budget->left -= j;
        atoms(rows[j].cond, &conds[j]);
        const Row *cover = NULL;
        for (uint32_t i = 0; i < j && !cover; i++)
            if (implies(&conds[j], &conds[i]))
                cover = &rows[i];
        /* Scale words are few: rows over one scale expression may cover a
         * later row together (== absent, == mentioned, then <= mentioned). */
        bool together = false;
        if (!cover && conds[j].len == 1 && conds[j].items[0].interval && conds[j].items[0].e->type &&
            conds[j].items[0].e->type->k == TY_SCALE) {
            const Atom *a = &conds[j].items[0];
            const Scale *sc = a->e->type->scale;
            together = true;
            bool any = false;
            for (uint32_t v = 0; v < sc->nvalues && together; v++) {
                if (!interval_contains(a, rat_int(v)))
                    continue;
                if (budget->left < j) {
                    together = false;
                    rows_budget_spent(budget, &rows[j], what, name);
                    break;
                }
                budget->left -= j;
                any = true;
                bool hit = false;
                for (uint32_t i = 0; i < j && !hit; i++)
                    if (conds[i].len == 1 && conds[i].items[0].interval &&
                        ast_equal(conds[i].items[0].e, a->e) && interval_contains(&conds[i].items[0], rat_int(v)))
                        hit = true;
                together = hit;
            }
            together = together && any;
        }
        if (budget->spent)
            break;
        if (cover || together) {
            Diag *d = diag_report(DIAG_W002, rows[j].cond->span, "this row can never match");
            if (cover)
                diag_note(d, cover->cond->span, "every case it matches is already matched here");
            else
                diag_hint(d, "the rows above it already match every word it matches");
        }
    }
    for (uint32_t j = 0; j < nrows; j++)
        vec_free(&conds[j]);
    mem_free(conds);
}

/* ------------------------------------------------------------------ */
/* Entry                                                                */

void resolve_program(Program *p, bool warnings)
{
    R r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.owner = -1;
    p->t_error = new_type(p, TY_ERROR);
    p->t_any = new_type(p, TY_ANY);
    p->t_text = new_type(p, TY_TEXT);
    p->t_number = new_type(p, TY_NUMBER);
    p->t_percent = new_type(p, TY_PERCENT);
    p->t_money = new_type(p, TY_MONEY);
    p->t_date = new_type(p, TY_DATE);
    p->t_bool = new_type(p, TY_BOOL);

    collect(&r);
    for (size_t i = 0; i < p->kinds.len; i++)
        resolve_kind_fields(&r, p->kinds.items[i]);
    for (size_t i = 0; i < p->datasets.len; i++)
        resolve_dataset(&r, p->datasets.items[i]);
    for (size_t i = 0; i < p->functions.len; i++)
        resolve_function_signature(&r, p->functions.items[i]);
    register_things(&r);
    check_things(&r);
    for (size_t i = 0; i < p->criteria.len; i++)
        resolve_criterion(&r, p->criteria.items[i]);
    for (size_t i = 0; i < p->functions.len; i++)
        resolve_function_body(&r, p->functions.items[i]);
    resolve_as_of(&r);
    for (size_t i = 0; i < r.judgements.len; i++)
        resolve_judgement(&r, r.judgements.items[i]);
    for (size_t i = 0; i < r.tests.len; i++)
        resolve_test(&r, r.tests.items[i]);
    find_cycles(&r);
    if (warnings) {
        if (!diag_errors())
            report_unused(&r);
        RowsBudget budget = {ROWS_CHECK_BUDGET, false};
        for (size_t i = 0; i < p->criteria.len; i++)
            check_rows(p->criteria.items[i]->rows, p->criteria.items[i]->nrows, &budget, "criterion",
                       p->criteria.items[i]->name);
        for (size_t i = 0; i < p->functions.len; i++)
            if (!p->functions.items[i]->prelude)
                check_rows(p->functions.items[i]->rows, p->functions.items[i]->nrows, &budget,
                           "function", p->functions.items[i]->name);
    }
    for (size_t i = 0; i < r.deps.len; i++) {
        vec_free(&r.deps.items[i].edges);
        mem_free(r.deps.items[i].edge_spans);
    }
    vec_free(&r.deps);
    vec_free(&r.things);
    vec_free(&r.judgements);
    vec_free(&r.tests);
    vec_free(&r.asofs);
    vec_free(&r.locals);
}
