/*
 * diff.c - comparing two versions of a rules tree: findings by id,
 * declarations by what they are and their name (diff.h).
 *
 * Both sides are sorted by their key and merged, so the result is in a
 * stable order whatever the order of files or declarations. Names are
 * interned for the whole process, so a Sym of one Program compares by
 * pointer with the same name in the other; scale words and things do not
 * (each Program has its own), so they are compared by name.
 */
#include "diff.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

void diff_init(Diff *d)
{
    memset(d, 0, sizeof *d);
    arena_init(&d->arena, 16 * 1024);
}

void diff_free(Diff *d)
{
    arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

const char *diff_state_name(DiffState s)
{
    static const char *const names[] = {"unchanged", "changed", "new", "resolved"};
    return (unsigned)s < 4 ? names[s] : "?";
}

const char *decl_state_name(DeclState s)
{
    static const char *const names[] = {"added", "removed", "changed"};
    return (unsigned)s < 3 ? names[s] : "?";
}

bool diff_findings_differ(const Diff *d)
{
    return d->count[DIFF_NEW] || d->count[DIFF_RESOLVED] || d->count[DIFF_CHANGED];
}

static char *dup_buf(Diff *d, const Buf *b) { return arena_strndup(&d->arena, buf_str(b), b->len); }

/* ------------------------------------------------------------------ */
/* Declarations                                                         */

typedef struct DeclKey {
    const char *what, *name;
    const AstNode *node;
} DeclKey;

typedef VEC(DeclKey) DeclKeys;

/* Declarations are sorted by what and name (cmp_declname: what the two
 * sides are matched by), then by place (file path, offset): two
 * declarations may share what and name (tests with one title, judgements
 * of one subject, a name declared twice in rules with errors), and qsort,
 * which is not stable, would otherwise pair them with the other side's in
 * any order. Duplicates are paired in the order of their places. */
static int cmp_declname(const DeclKey *a, const DeclKey *b)
{
    int c = strcmp(a->what, b->what);
    return c ? c : strcmp(a->name, b->name);
}

static int cmp_declkey(const void *pa, const void *pb)
{
    const DeclKey *a = pa, *b = pb;
    int c = cmp_declname(a, b);
    if (c)
        return c;
    Span x = a->node->span, y = b->node->span;
    if (x.file != y.file) {
        const Source *sx = source_get(x.file), *sy = source_get(y.file);
        c = strcmp(sx && sx->path ? sx->path : "", sy && sy->path ? sy->path : "");
        if (c)
            return c;
        return x.file < y.file ? -1 : 1;
    }
    return x.off < y.off ? -1 : x.off > y.off;
}

/* The decoded bytes of a constant TEXT node (other parts left out). */
static void text_of(Buf *b, const AstNode *t)
{
    if (!t)
        return;
    for (uint32_t i = 0; i < t->list.len; i++) {
        const AstNode *p = t->list.items[i];
        if (p->kind == AST_TEXT_PART)
            buf_put(b, p->v.str.s, p->v.str.len);
    }
}

/* What a declaration is and its name, as the diff shows them. Returns false
 * for nodes that are not declarations. */
static bool decl_key(Diff *d, const Program *p, const AstNode *n, DeclKey *k)
{
    Buf b = BUF_INIT;
    k->node = n;
    switch (n->kind) {
    case AST_SCALE: k->what = "scale"; break;
    case AST_KIND: k->what = "kind"; break;
    case AST_DATASET: k->what = "dataset"; break;
    case AST_CRITERION: k->what = "criterion"; break;
    case AST_FUNCTION: k->what = "function"; break;
    case AST_THING:
        k->what = n->v.x && n->v.x->name2 ? n->v.x->name2->str : "thing";
        break;
    case AST_JUDGEMENT: {
        k->what = "judgement";
        const Judgement *j = NULL;
        for (size_t i = 0; i < p->judgements.len && !j; i++)
            if (p->judgements.items[i]->decl == n)
                j = p->judgements.items[i];
        buf_printf(&b, "%s/", n->name ? n->name->str : "?");
        if (j && j->subject_id)
            buf_puts(&b, j->subject_id);
        else
            ast_dump(&b, n->a);  /* unresolved: the subject's structure */
        k->name = dup_buf(d, &b);
        buf_free(&b);
        return true;
    }
    case AST_TEST:
        k->what = "test";
        buf_putc(&b, '"');  /* a title, not a name: it may hold spaces */
        text_of(&b, n->a);
        buf_putc(&b, '"');
        k->name = dup_buf(d, &b);
        buf_free(&b);
        return true;
    case AST_AS_OF:
        k->what = "as_of";
        k->name = "";
        return true;
    default:
        return false;
    }
    k->name = n->name ? n->name->str : "";
    return true;
}

static void collect_decls(Diff *d, const Program *p, DeclKeys *out)
{
    for (uint32_t f = p->has_prelude ? 1 : 0; f < p->nfiles; f++) {
        const AstList *l = &p->files[f].decls;
        for (uint32_t i = 0; i < l->len; i++) {
            DeclKey k;
            if (l->items[i] && decl_key(d, p, l->items[i], &k))
                vec_push(out, k);
        }
    }
    if (out->len > 1)  /* out->items is NULL when there is none: qsort needs a pointer */
        qsort(out->items, out->len, sizeof *out->items, cmp_declkey);
}

/* Appends an item to a comma-separated list. */
static void detail_add(Buf *b, const char *item)
{
    if (b->len)
        buf_puts(b, ", ");
    buf_puts(b, item);
}

/* The item of `l` of kind `kind` named `name`, or NULL. */
static const AstNode *item_named(const AstList *l, AstKind kind, const Sym *name)
{
    for (uint32_t i = 0; i < l->len; i++)
        if (l->items[i]->kind == kind && l->items[i]->name == name)
            return l->items[i];
    return NULL;
}

typedef VEC(const Sym *) SymVec;

/* Which named items (fields, lets, words) differ, are added or removed;
 * their names also go to `syms` when it is not NULL. */
static void named_items(Buf *b, const AstList *ol, const AstList *nl, AstKind kind, const char *label, SymVec *syms)
{
    Buf names = BUF_INIT;
    for (uint32_t i = 0; i < nl->len; i++) {
        const AstNode *n = nl->items[i];
        if (n->kind != kind)
            continue;
        const AstNode *o = item_named(ol, kind, n->name);
        if (!o || !ast_equal(o, n)) {
            detail_add(&names, n->name ? n->name->str : "?");
            if (syms && n->name)
                vec_push(syms, n->name);
        }
    }
    for (uint32_t i = 0; i < ol->len; i++) {
        const AstNode *o = ol->items[i];
        if (o->kind == kind && !item_named(nl, kind, o->name)) {
            detail_add(&names, o->name ? o->name->str : "?");
            if (syms && o->name)
                vec_push(syms, o->name);
        }
    }
    if (names.len) {
        if (b->len)
            buf_puts(b, "; ");
        buf_printf(b, "%s %s", label, buf_str(&names));
    }
    buf_free(&names);
}

/* Rows compared by position: their order decides which one matches. */
static void rows(Buf *b, const AstList *ol, const AstList *nl)
{
    Buf which = BUF_INIT;
    uint32_t no = 0, nn = 0;
    const AstNode **orows = mem_alloc((ol->len + 1) * sizeof *orows);
    const AstNode **nrows = mem_alloc((nl->len + 1) * sizeof *nrows);
    for (uint32_t i = 0; i < ol->len; i++)
        if (ol->items[i]->kind == AST_ROW)
            orows[no++] = ol->items[i];
    for (uint32_t i = 0; i < nl->len; i++)
        if (nl->items[i]->kind == AST_ROW)
            nrows[nn++] = nl->items[i];
    for (uint32_t i = 0; i < no && i < nn; i++)
        if (!ast_equal(orows[i], nrows[i])) {
            char num[16];
            snprintf(num, sizeof num, "%u", i + 1);
            detail_add(&which, num);
        }
    if (which.len) {
        if (b->len)
            buf_puts(b, "; ");
        buf_printf(b, "row%s %s", strchr(buf_str(&which), ',') ? "s" : "", buf_str(&which));
    }
    if (no != nn) {
        if (b->len)
            buf_puts(b, "; ");
        buf_printf(b, "%u row%s instead of %u", nn, nn == 1 ? "" : "s", no);
    }
    buf_free(&which);
    mem_free(orows);
    mem_free(nrows);
}

/* A short description of what changed inside a declaration (NULL when
 * nothing more can be said), and for things the fields that changed. */
static void decl_detail(Diff *d, DeclChange *ch)
{
    const AstNode *o = ch->old, *n = ch->new_;
    Buf b = BUF_INIT;
    SymVec syms = {0};
    switch (n->kind) {
    case AST_THING:
    case AST_JUDGEMENT:
        if (n->kind == AST_THING && !ast_equal(o->a, n->a)) {
            buf_puts(&b, "title");
            vec_push(&syms, sym_cstr("title"));
        }
        if ((o->flags ^ n->flags) & AST_FLAG_BODY)
            detail_add(&b, "body");
        named_items(&b, &o->list, &n->list, AST_FIELD_INIT, "fields", &syms);
        break;
    case AST_KIND:
        if (!ast_equal(o->a, n->a))
            buf_puts(&b, "title");
        named_items(&b, &o->list, &n->list, AST_FIELD_DECL, "fields", NULL);
        break;
    case AST_SCALE:
        if (!ast_equal(o->a, n->a))
            buf_puts(&b, "title");
        if (!ast_list_equal(&o->list, &n->list))
            detail_add(&b, "words");
        break;
    case AST_CRITERION:
        if (!ast_equal(o->a, n->a))
            buf_puts(&b, "title");
        if (!ast_equal(o->b, n->b) || o->v.x->name2 != n->v.x->name2 || o->v.x->name3 != n->v.x->name3 ||
            !ast_equal(o->c, n->c) || !ast_equal(o->v.x->d, n->v.x->d))
            detail_add(&b, "subjects or scale");
        named_items(&b, &o->list, &n->list, AST_LET, "let", NULL);
        rows(&b, &o->list, &n->list);
        break;
    case AST_FUNCTION:
        if (!ast_list_equal(&o->v.x->list2, &n->v.x->list2) || !ast_equal(o->b, n->b))
            buf_puts(&b, "signature");
        if (!ast_equal(o->c, n->c))
            detail_add(&b, "body");
        named_items(&b, &o->list, &n->list, AST_LET, "let", NULL);
        rows(&b, &o->list, &n->list);
        break;
    case AST_DATASET:
        if (!ast_equal(o->a, n->a))
            buf_puts(&b, "type");
        if (!ast_equal(o->b, n->b))
            detail_add(&b, "file");
        break;
    default:
        break;
    }
    ch->detail = b.len ? dup_buf(d, &b) : NULL;
    buf_free(&b);
    ch->nfields = (uint32_t)syms.len;
    ch->fields = arena_alloc(&d->arena, (syms.len + 1) * sizeof *ch->fields);
    if (syms.len)
        memcpy(ch->fields, syms.items, syms.len * sizeof *ch->fields);
    vec_free(&syms);
}

void diff_decls(Diff *d, const Program *old, const Program *new_)
{
    DeclKeys ok = {0}, nk = {0};
    collect_decls(d, old, &ok);
    collect_decls(d, new_, &nk);
    VEC(DeclChange) out = {0};
    size_t i = 0, j = 0;
    while (i < ok.len || j < nk.len) {
        int c = i == ok.len ? 1 : j == nk.len ? -1 : cmp_declname(&ok.items[i], &nk.items[j]);
        DeclChange ch = {0};
        if (c < 0) {
            ch.state = DECL_REMOVED;
            ch.what = ok.items[i].what;
            ch.name = ok.items[i].name;
            ch.old = ok.items[i++].node;
        } else if (c > 0) {
            ch.state = DECL_ADDED;
            ch.what = nk.items[j].what;
            ch.name = nk.items[j].name;
            ch.new_ = nk.items[j++].node;
        } else {
            const AstNode *o = ok.items[i++].node, *n = nk.items[j].node;
            ch.what = nk.items[j].what;
            ch.name = nk.items[j++].name;
            if (ast_equal(o, n))
                continue;
            ch.state = DECL_CHANGED;
            ch.old = o;
            ch.new_ = n;
            decl_detail(d, &ch);
        }
        d->decl_count[ch.state]++;
        vec_push(&out, ch);
    }
    d->ndecls = out.len;
    d->decls = arena_alloc(&d->arena, (out.len + 1) * sizeof *d->decls);
    if (out.len)
        memcpy(d->decls, out.items, out.len * sizeof *d->decls);
    vec_free(&out);
    vec_free(&ok);
    vec_free(&nk);
}

/* The change of declaration (what, name), or NULL. */
static const DeclChange *find_decl(const Diff *d, const char *what, const char *name)
{
    size_t lo = 0, hi = d->ndecls;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(d->decls[mid].what, what);
        if (!c)
            c = strcmp(d->decls[mid].name, name);
        if (!c)
            return &d->decls[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Findings                                                             */

static int cmp_finding(const void *pa, const void *pb)
{
    return strcmp((*(const Finding *const *)pa)->id, (*(const Finding *const *)pb)->id);
}

static Finding **sorted_findings(Run *r, size_t *n)
{
    Finding **fs = run_findings(r, n);
    Finding **out = mem_alloc((*n + 1) * sizeof *out);
    if (*n)
        memcpy(out, fs, *n * sizeof *out);
    qsort(out, *n, sizeof *out, cmp_finding);
    return out;
}

static bool same_word(const ScaleValue *a, const ScaleValue *b)
{
    if (!a || !b)
        return a == b;
    return a->name == b->name && a->scale->name == b->scale->name;
}

typedef struct PathEv {
    char *path;   /* owned */
    const Evidence *e;
} PathEv;

static int cmp_pathev(const void *a, const void *b)
{
    return strcmp(((const PathEv *)a)->path, ((const PathEv *)b)->path);
}

static PathEv *evidence_by_path(const Finding *f, const Program *p)
{
    PathEv *v = mem_alloc((f->nevidence + 1) * sizeof *v);
    for (uint32_t i = 0; i < f->nevidence; i++) {
        Buf b = BUF_INIT;
        evidence_path(&b, &f->evidence[i], p);
        v[i].path = buf_take(&b);
        v[i].e = &f->evidence[i];
    }
    qsort(v, f->nevidence, sizeof *v, cmp_pathev);
    return v;
}

static bool same_value(Value a, Value b)
{
    Buf x = BUF_INIT, y = BUF_INIT;
    val_format(&x, a, true);
    val_format(&y, b, true);
    bool same = x.len == y.len && memcmp(buf_str(&x), buf_str(&y), x.len) == 0;
    buf_free(&x);
    buf_free(&y);
    return same;
}

/* The data values read on either side that differ, by path. */
static void compare_data(Diff *d, FindingChange *fc, Run *ro, Run *rn)
{
    const Finding *o = fc->old, *n = fc->new_;
    PathEv *ov = evidence_by_path(o, run_program(ro)), *nv = evidence_by_path(n, run_program(rn));
    VEC(DataChange) out = {0};
    uint32_t i = 0, j = 0;
    while (i < o->nevidence || j < n->nevidence) {
        int c = i == o->nevidence ? 1 : j == n->nevidence ? -1 : strcmp(ov[i].path, nv[j].path);
        DataChange dc = {0};
        if (c <= 0) {
            dc.path = arena_strdup(&d->arena, ov[i].path);
            dc.old = ov[i].e;
        }
        if (c >= 0) {
            dc.path = arena_strdup(&d->arena, nv[j].path);
            dc.new_ = nv[j].e;
        }
        i += c <= 0;
        j += c >= 0;
        if (dc.old && dc.new_ && same_value(dc.old->value, dc.new_->value))
            continue;
        vec_push(&out, dc);
    }
    for (uint32_t k = 0; k < o->nevidence; k++)
        mem_free(ov[k].path);
    for (uint32_t k = 0; k < n->nevidence; k++)
        mem_free(nv[k].path);
    mem_free(ov);
    mem_free(nv);
    fc->ndata = (uint32_t)out.len;
    fc->data = arena_alloc(&d->arena, (out.len + 1) * sizeof *fc->data);
    if (out.len)
        memcpy(fc->data, out.items, out.len * sizeof *fc->data);
    vec_free(&out);
    fc->data_beyond = o->evidence_total > o->nevidence || n->evidence_total > n->nevidence;
}

static const char *format_value(Diff *d, Value v)
{
    Buf b = BUF_INIT;
    val_format(&b, v, true);
    const char *s = dup_buf(d, &b);
    buf_free(&b);
    return s;
}

/* The lets evaluated on both sides whose values differ, in the order of
 * the new side's lets. */
static void compare_lets(Diff *d, FindingChange *fc)
{
    const Finding *o = fc->old, *n = fc->new_;
    fc->lets = arena_alloc(&d->arena, (n->nlets + 1) * sizeof *fc->lets);
    for (uint32_t i = 0; i < n->nlets; i++) {
        const LetValue *nl = &n->lets[i], *ol = NULL;
        for (uint32_t k = 0; k < o->nlets && !ol; k++)
            if (o->lets[k].let->name == nl->let->name)
                ol = &o->lets[k];
        if (!ol)
            continue;
        const char *nv = format_value(d, nl->value), *ov = format_value(d, ol->value);
        if (strcmp(ov, nv) != 0)
            fc->lets[fc->nlets++] = (LetChange){nl->let->name->str, ov, nv};
    }
}

/* The criteria an expression takes verdicts of, walking into the functions
 * it calls (each once). */
typedef struct FieldRead {
    const Sym *kind, *field;   /* field "title" for the implicit title */
} FieldRead;

typedef struct Uses {
    VEC(const Criterion *) crit;
    VEC(const Function *) seen;
    VEC(FieldRead) fields;     /* the fields of things read */
} Uses;

static void note_field(Uses *u, const Type *obj, const Sym *field)
{
    if (!obj || obj->k != TY_KIND || !obj->kind || !field)
        return;
    FieldRead fr = {obj->kind->name, field};
    for (size_t i = 0; i < u->fields.len; i++)
        if (u->fields.items[i].kind == fr.kind && u->fields.items[i].field == fr.field)
            return;
    vec_push(&u->fields, fr);
}

static void uses_rows(Uses *u, Local **lets, uint32_t nlets, const Row *rows, uint32_t nrows);

static void uses_expr(Uses *u, const AstNode *n)
{
    if (!n)
        return;
    if ((n->kind == AST_NAME || n->kind == AST_FIELD) && n->op == REF_CRITERION && n->res) {
        bool seen = false;
        for (size_t i = 0; i < u->crit.len && !seen; i++)
            seen = u->crit.items[i] == n->res;
        if (!seen)
            vec_push(&u->crit, (const Criterion *)n->res);
    }
    if (n->kind == AST_FIELD && n->op == REF_FIELD && n->a)
        note_field(u, n->a->type, n->res ? ((const Field *)n->res)->name : n->flags == -FIELD_TITLE ? sym_cstr("title") : NULL);
    if (n->kind == AST_NAME && n->op == REF_ELEM_FIELD && n->res) {
        const ElemField *ef = n->res;
        note_field(u, ef->elem->type, ef->field ? ef->field->name : ef->implicit == FIELD_TITLE ? sym_cstr("title") : NULL);
    }
    if (n->kind == AST_CALL && n->op == REF_CALL_FUNCTION && n->res) {
        const Function *fn = n->res;
        bool seen = false;
        for (size_t i = 0; i < u->seen.len && !seen; i++)
            seen = u->seen.items[i] == fn;
        if (!seen) {
            vec_push(&u->seen, fn);
            uses_expr(u, fn->body);
            uses_rows(u, fn->lets, fn->nlets, fn->rows, fn->nrows);
        }
    }
    uses_expr(u, n->a);
    uses_expr(u, n->b);
    uses_expr(u, n->c);
    for (uint32_t i = 0; i < n->list.len; i++)
        uses_expr(u, n->list.items[i]);
}

static void uses_rows(Uses *u, Local **lets, uint32_t nlets, const Row *rows, uint32_t nrows)
{
    for (uint32_t i = 0; i < nlets; i++)
        uses_expr(u, lets[i]->expr);
    for (uint32_t i = 0; i < nrows; i++) {
        uses_expr(u, rows[i].cond);
        uses_expr(u, rows[i].message);
    }
}

static void uses_criterion(Uses *u, const Criterion *c)
{
    uses_expr(u, c->in_expr);
    uses_expr(u, c->where_expr);
    uses_rows(u, c->lets, c->nlets, c->rows, c->nrows);
}

/* Whether a thing's change touches what the criteria read: an added or
 * removed thing always does, a changed one when a field that changed is
 * one they read. */
static bool change_read(const DeclChange *dc, const Uses *u)
{
    if (dc->state != DECL_CHANGED)
        return true;
    const Sym *kind = sym_cstr(dc->what);
    for (uint32_t i = 0; i < dc->nfields; i++)
        for (size_t k = 0; k < u->fields.len; k++)
            if (u->fields.items[k].kind == kind && u->fields.items[k].field == dc->fields[i])
                return true;
    return false;
}

/* What may have caused a finding to change, beyond its own row and data:
 * its criterion's declaration, the changed declarations of the things it
 * read, and other criteria whose verdicts it uses that have changed
 * findings. Needs the states of all findings. */
static void related(Diff *d, FindingChange *fc)
{
    const Finding *any = fc->new_ ? fc->new_ : fc->old;
    fc->criterion = find_decl(d, "criterion", any->criterion->name->str);
    Uses u;
    memset(&u, 0, sizeof u);
    if (fc->new_)
        uses_criterion(&u, fc->new_->criterion);
    if (fc->old)
        uses_criterion(&u, fc->old->criterion);

    const Finding *sides[2] = {fc->new_, fc->old};
    uint32_t cap = (fc->new_ ? fc->new_->ncited : 0) + (fc->old ? fc->old->ncited : 0);
    fc->decls = arena_alloc(&d->arena, (cap + 1) * sizeof *fc->decls);
    for (int s = 0; s < 2; s++) {
        const Finding *f = sides[s];
        if (!f)
            continue;
        for (uint32_t i = 0; i < f->ncited; i++) {
            const DeclChange *dc = find_decl(d, f->cited[i]->kind->name->str, f->cited[i]->name->str);
            bool seen = !dc || !change_read(dc, &u);
            for (uint32_t k = 0; k < fc->ndecls && !seen; k++)
                seen = fc->decls[k] == dc;
            if (!seen)
                fc->decls[fc->ndecls++] = dc;
        }
    }

    fc->uses = arena_alloc(&d->arena, (u.crit.len + 1) * sizeof *fc->uses);
    for (size_t i = 0; i < u.crit.len; i++) {
        const char *name = u.crit.items[i]->name->str;
        size_t len = strlen(name);
        uint32_t changed = 0;
        bool seen = false;
        for (uint32_t k = 0; k < fc->nuses && !seen; k++)
            seen = strcmp(fc->uses[k].criterion, name) == 0;
        for (size_t k = 0; k < d->nfindings && !seen; k++)
            if (d->findings[k].state != DIFF_UNCHANGED && strncmp(d->findings[k].id, name, len) == 0 &&
                d->findings[k].id[len] == '/')
                changed++;
        if (changed)
            fc->uses[fc->nuses++] = (UseChange){name, changed};
    }
    vec_free(&u.crit);
    vec_free(&u.seen);
    vec_free(&u.fields);
}

void diff_findings(Diff *d, Run *ro, Run *rn)
{
    size_t no, nn;
    Finding **of = sorted_findings(ro, &no), **nf = sorted_findings(rn, &nn);
    d->findings = arena_zalloc(&d->arena, (no + nn + 1) * sizeof *d->findings);
    size_t i = 0, j = 0;
    while (i < no || j < nn) {
        int c = i == no ? 1 : j == nn ? -1 : strcmp(of[i]->id, nf[j]->id);
        FindingChange *fc = &d->findings[d->nfindings++];
        if (c <= 0)
            fc->old = of[i++];
        if (c >= 0)
            fc->new_ = nf[j++];
        fc->id = arena_strdup(&d->arena, (fc->new_ ? fc->new_ : fc->old)->id);
        if (!fc->old) {
            fc->state = DIFF_NEW;
        } else if (!fc->new_) {
            fc->state = DIFF_RESOLVED;
        } else {
            const Finding *o = fc->old, *n = fc->new_;
            if (!same_word(o->verdict, n->verdict))
                fc->what |= DIFF_VERDICT;
            if (!same_word(o->computed, n->computed))
                fc->what |= DIFF_COMPUTED;
            if (strcmp(o->message ? o->message : "", n->message ? n->message : "") != 0)
                fc->what |= DIFF_MESSAGE;
            if ((o->judgement != NULL) != (n->judgement != NULL) || o->judgement_expired != n->judgement_expired)
                fc->what |= DIFF_JUDGEMENT;
            fc->state = fc->what ? DIFF_CHANGED : DIFF_UNCHANGED;
        }
        d->count[fc->state]++;
        if (fc->state == DIFF_UNCHANGED)
            continue;
        if (fc->old && fc->new_) {
            fc->row_changed = fc->old->row_index != fc->new_->row_index ||
                              (fc->old->row && fc->new_->row && !ast_equal(fc->old->row->node, fc->new_->row->node));
            compare_data(d, fc, ro, rn);
            compare_lets(d, fc);
        }
    }
    /* Which criteria with changed findings each one uses: needs every
     * state first. */
    for (size_t k = 0; k < d->nfindings; k++)
        if (d->findings[k].state != DIFF_UNCHANGED)
            related(d, &d->findings[k]);
    mem_free(of);
    mem_free(nf);
}
