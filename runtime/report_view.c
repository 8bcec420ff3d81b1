/*
 * report_view.c - what the richer documents (html, markdown, csv) draw
 * besides the list of findings: coverage matrices and verdict tables, both
 * found from the types in the rules, and the words around them.
 *
 * Nothing here knows a kind, field or scale by name: a matrix is any dataset
 * of records holding `map of KIND to RECORD-WITH-A-SCALE-FIELD`, a verdict
 * table is any kind that criteria judge (docs/reports.md). Everything is
 * allocated in the Run's arena and lives as long as the Run.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Labels                                                               */

static const ReportLabels labels_nl = {
    .lang = "nl",
    .title = "Bevindingen",
    .contents = "Inhoud",
    .summary = "Samenvatting",
    .matrices = "Dekking",
    .tables = "Oordelen per onderwerp",
    .findings = "Alle bevindingen",
    .legend = "Legenda",
    .as_of = "Peildatum",
    .no_as_of = "geen peildatum",
    .generated_by = "Gemaakt met",
    .scale = "Schaal",
    .word = "Oordeel",
    .count = "Aantal",
    .total = "Totaal",
    .criterion = "Criterium",
    .subject = "Onderwerp",
    .verdict = "Oordeel",
    .message = "Toelichting",
    .rule = "Regel",
    .row = "rij",
    .data = "Gegevens",
    .value = "Waarde",
    .path = "Pad",
    .place = "Plaats",
    .citations = "Bronnen",
    .judgement = "Oordeel van een analist",
    .computed = "berekend oordeel",
    .expired = "verlopen: niet toegepast",
    .by = "door",
    .on = "op",
    .because = "omdat",
    .quote = "citaat",
    .source = "bron",
    .expires = "verloopt",
    .not_applicable = "niet van toepassing",
    .missing = "ontbreekt",
    .at_least = "minstens",
    .share_of = "van",
    .more_values = "en nog",
    .values_read = "waarden gelezen",
    .failing = "op of boven de faalgrens",
    .finding_one = "bevinding",
    .finding_many = "bevindingen",
    .computed_values = "Berekend",
    .none = "geen",
    .errors = "Fouten bij de evaluatie",
    .failed = "niet te evalueren (fout)",
    .not_listed_one = "bevinding niet getoond",
    .not_listed_many = "bevindingen niet getoond",
    .full_report = "een opmerking bevat hoogstens 65.536 tekens; alle bevindingen:",
    .counts_caption = "Bevindingen per oordeel",
    .criteria_caption = "Oordelen per criterium",
};

static const ReportLabels labels_en = {
    .lang = "en",
    .title = "Findings",
    .contents = "Contents",
    .summary = "Summary",
    .matrices = "Coverage",
    .tables = "Verdicts by subject",
    .findings = "All findings",
    .legend = "Legend",
    .as_of = "Evaluation date",
    .no_as_of = "no evaluation date",
    .generated_by = "Made with",
    .scale = "Scale",
    .word = "Verdict",
    .count = "Count",
    .total = "Total",
    .criterion = "Criterion",
    .subject = "Subject",
    .verdict = "Verdict",
    .message = "Explanation",
    .rule = "Rule",
    .row = "row",
    .data = "Data",
    .value = "Value",
    .path = "Path",
    .place = "Place",
    .citations = "Sources",
    .judgement = "Analyst's judgement",
    .computed = "computed verdict",
    .expired = "expired: not applied",
    .by = "by",
    .on = "on",
    .because = "because",
    .quote = "quote",
    .source = "source",
    .expires = "expires",
    .not_applicable = "not applicable",
    .missing = "missing",
    .at_least = "at least",
    .share_of = "of",
    .more_values = "and",
    .values_read = "values read",
    .failing = "at or above the fail level",
    .finding_one = "finding",
    .finding_many = "findings",
    .computed_values = "Computed",
    .none = "none",
    .errors = "Evaluation errors",
    .failed = "could not be evaluated (error)",
    .not_listed_one = "more finding not listed",
    .not_listed_many = "more findings not listed",
    .full_report = "a comment holds at most 65,536 characters; every finding:",
    .counts_caption = "Findings by verdict",
    .criteria_caption = "Verdicts by criterion",
};

const ReportLabels *report_labels(const char *lang)
{
    if (lang && strcmp(lang, "en") == 0)
        return &labels_en;
    return &labels_nl;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

const char *report_word_title(const ScaleValue *w)
{
    return w->title ? w->title : w->name->str;
}

void report_record_title(Buf *b, const Record *rec, const Program *p)
{
    if (record_title_text(rec))
        buf_put(b, record_title_text(rec)->s, record_title_text(rec)->len);
    else
        record_id(b, rec, p);
}

bool report_thing_valid(const Run *r, const Thing *t)
{
    if (!run_has_as_of(r))
        return true;
    int32_t d = run_as_of(r);
    return d >= t->valid_from && d <= t->valid_until;
}

size_t report_criteria_over(const Program *p, const Kind *k, const Criterion ***out, Arena *a)
{
    size_t n = 0;
    for (size_t i = 0; i < p->criteria.len; i++)
        n += p->criteria.items[i]->kind == k;
    *out = arena_alloc(a, (n + 1) * sizeof **out);
    n = 0;
    for (size_t i = 0; i < p->criteria.len; i++)
        if (p->criteria.items[i]->kind == k)
            (*out)[n++] = p->criteria.items[i];
    return n;
}

const Finding *report_find(Finding **fs, size_t n, const Criterion *c, const Thing *t)
{
    for (size_t i = 0; i < n; i++)
        if (fs[i]->criterion == c && fs[i]->thing == t)
            return fs[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Coverage matrices                                                    */

/* The first field of kind k whose type is a scale, or NULL. */
static const Field *scale_field_of(const Kind *k)
{
    for (uint32_t i = 0; i < k->nfields; i++)
        if (k->fields[i].type && k->fields[i].type->k == TY_SCALE)
            return &k->fields[i];
    return NULL;
}

/* The first field of kind k that refers to a thing of another kind. */
static const Field *group_field_of(const Kind *k)
{
    for (uint32_t i = 0; i < k->nfields; i++) {
        const Type *t = k->fields[i].type;
        if (t && t->k == TY_KIND && t->kind != k)
            return &k->fields[i];
    }
    return NULL;
}

/* The group thing of a row: the value of its group field, when that is a
 * thing. */
static const Thing *group_of(Run *r, const Field *gf, const Thing *t)
{
    if (!gf)
        return NULL;
    Value v = run_thing_field(r, t, gf->index);
    return v.tag == V_THING ? v.u.t : NULL;
}

typedef struct KeySort {
    const Thing *key;
    const Thing *group;
} KeySort;

/* Groups in their kind's order, rows without a group last, then rows in
 * declaration order. */
static int cmp_keys(const void *pa, const void *pb)
{
    const KeySort *a = pa, *b = pb;
    uint32_t ga = a->group ? a->group->index : UINT32_MAX, gb = b->group ? b->group->index : UINT32_MAX;
    if (ga != gb)
        return ga < gb ? -1 : 1;
    return a->key->index < b->key->index ? -1 : a->key->index > b->key->index;
}

size_t report_matrices(Run *r, ReportMatrix **out)
{
    const Program *p = run_program(r);
    Arena *a = run_arena(r);
    VEC(ReportMatrix) ms = {0};
    for (size_t d = 0; d < p->datasets.len; d++) {
        const Dataset *ds = p->datasets.items[d];
        const Type *t = ds->type;
        if (!t || t->k != TY_LIST || !t->elem || t->elem->k != TY_KIND)
            continue;
        Value data = run_dataset(r, ds);
        if (data.tag != V_LIST)
            continue;
        const Kind *rk = t->elem->kind;
        for (uint32_t f = 0; f < rk->nfields; f++) {
            const Type *ft = rk->fields[f].type;
            if (!ft || ft->k != TY_MAP || !ft->key || ft->key->k != TY_KIND || !ft->elem ||
                ft->elem->k != TY_KIND)
                continue;
            const Field *sf = scale_field_of(ft->elem->kind);
            if (!sf)
                continue;
            ReportMatrix m = {0};
            m.dataset = ds;
            m.record_kind = rk;
            m.map_field = &rk->fields[f];
            m.key_kind = ft->key->kind;
            m.cell_kind = ft->elem->kind;
            m.scale_field = sf;
            m.scale = sf->type->scale;
            m.group_field = group_field_of(m.key_kind);
            const ListVal *l = data.u.list;
            const Record **recs = arena_alloc(a, (l->len + 1) * sizeof *recs);
            for (uint32_t i = 0; i < l->len; i++)
                if (l->items[i].tag == V_RECORD)
                    recs[m.nrecords++] = l->items[i].u.rec;
            m.records = recs;
            size_t nk = m.key_kind->things.len;
            KeySort *ks = mem_alloc((nk + 1) * sizeof *ks);
            for (size_t i = 0; i < nk; i++) {
                const Thing *th = m.key_kind->things.items[i];
                if (!report_thing_valid(r, th))
                    continue;
                ks[m.nkeys].key = th;
                ks[m.nkeys].group = group_of(r, m.group_field, th);
                m.nkeys++;
            }
            qsort(ks, m.nkeys, sizeof *ks, cmp_keys);
            const Thing **keys = arena_alloc(a, (m.nkeys + 1) * sizeof *keys);
            const Thing **groups = arena_alloc(a, (m.nkeys + 1) * sizeof *groups);
            for (uint32_t i = 0; i < m.nkeys; i++) {
                keys[i] = ks[i].key;
                groups[i] = ks[i].group;
            }
            mem_free(ks);
            m.keys = keys;
            m.groups = groups;
            vec_push(&ms, m);
        }
    }
    size_t n = ms.len;
    *out = NULL;
    if (n) {
        *out = arena_alloc(a, n * sizeof **out);
        memcpy(*out, ms.items, n * sizeof **out);
    }
    vec_free(&ms);
    return n;
}

const Record *report_matrix_cell(const ReportMatrix *m, uint32_t rec, uint32_t key)
{
    const Record *row = m->records[rec];
    Value mv = row->fields[m->map_field->index];
    if (mv.tag != V_MAP)
        return NULL;
    const MapVal *map = mv.u.map;
    const Thing *k = m->keys[key];
    int64_t at = map_find(map, val_thing(k));
    Value cell = at >= 0 ? *map_slot_value(map, (uint32_t)at) : val_absent();
    return cell.tag == V_RECORD ? cell.u.rec : NULL;
}

const ScaleValue *report_cell_word(const ReportMatrix *m, const Record *cell)
{
    if (!cell)
        return NULL;
    Value v = cell->fields[m->scale_field->index];
    return v.tag == V_WORD ? v.u.w : NULL;
}

/* ------------------------------------------------------------------ */
/* Verdict tables                                                       */

/* Order of records by their place in the data, from the top: dataset,
 * then position in each list or map down to the record (the order of the
 * file, and of record_path()). Distinct records read from data always
 * differ; records an expression built (no file) come after them and tie
 * with one another. */
static uint32_t record_depth(const Record *r)
{
    uint32_t d = 0;
    for (; r->parent; r = r->parent)
        d++;
    return d;
}

static int cmp_record_place(const Record *x, const Record *y)
{
    if (x == y)
        return 0;
    if (!x->file != !y->file)
        return x->file ? -1 : 1;
    /* Up to the same depth, then up to the children of a common ancestor
     * (or two tops of datasets): their places decide. */
    uint32_t dx = record_depth(x), dy = record_depth(y);
    const Record *a = x, *b = y;
    for (uint32_t d = dx; d > dy; d--)
        a = a->parent;
    for (uint32_t d = dy; d > dx; d--)
        b = b->parent;
    if (a == b)  /* one holds the other: the enclosing record first */
        return dx < dy ? -1 : 1;
    while (a->parent != b->parent) {
        a = a->parent;
        b = b->parent;
    }
    if (record_parent_field(a) != record_parent_field(b))
        return record_parent_field(a) < record_parent_field(b) ? -1 : 1;
    if (a->slot != b->slot)
        return a->slot < b->slot ? -1 : 1;
    return dx < dy ? -1 : dx > dy;
}

/* Order of the findings of a table: by subject (things by declaration,
 * records by their place in the data, then by id), the findings of one
 * subject together, by criterion in program order. Total: two findings
 * tie only when they are one, so the table never depends on the order
 * the findings came in (qsort is not stable). */
static int cmp_subjects(const void *pa, const void *pb)
{
    const Finding *a = *(const Finding *const *)pa, *b = *(const Finding *const *)pb;
    if (a->thing && b->thing) {
        if (a->thing != b->thing)
            return a->thing->index < b->thing->index ? -1 : 1;
    } else if (a->thing != NULL || b->thing != NULL) {
        return a->thing ? -1 : 1;
    } else if (a->record && b->record) {
        int c = cmp_record_place(a->record, b->record);
        if (c)
            return c;
    }
    int c = strcmp(a->subject_id, b->subject_id);
    if (c)
        return c < 0 ? -1 : 1;
    if (a->criterion != b->criterion)
        return a->criterion->index < b->criterion->index ? -1 : 1;
    return a->subject_index < b->subject_index ? -1 : a->subject_index > b->subject_index;
}

static bool same_subject(const Finding *a, const Finding *b)
{
    if (a->thing || b->thing)
        return a->thing == b->thing;
    if (a->record || b->record)
        return a->record == b->record;
    return strcmp(a->subject_id, b->subject_id) == 0;
}

/* Distance of a verdict from the top of its scale: 0 is the most severe. */
static uint32_t severity_rank(const ScaleValue *w)
{
    return w->scale->nvalues - 1 - w->index;
}

typedef struct TableSort {
    ReportTable t;
    uint32_t worst;      /* smallest severity rank among its findings */
    uint32_t order;      /* the kind's position in the program */
} TableSort;

static int cmp_tables(const void *pa, const void *pb)
{
    const TableSort *a = pa, *b = pb;
    if (a->t.ncriteria != b->t.ncriteria)
        return a->t.ncriteria > b->t.ncriteria ? -1 : 1;
    if (a->worst != b->worst)
        return a->worst < b->worst ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

size_t report_tables(Run *r, Finding **fs, size_t n, const ReportMatrix *ms, size_t nm,
                     bool skip_matrix_keys, ReportTable **out)
{
    const Program *p = run_program(r);
    Arena *a = run_arena(r);
    VEC(TableSort) ts = {0};
    for (size_t k = 0; k < p->kinds.len; k++) {
        const Kind *kind = p->kinds.items[k];
        bool skip = false;
        for (size_t i = 0; i < nm && skip_matrix_keys; i++)
            skip = skip || ms[i].key_kind == kind || (ms[i].group_field && ms[i].group_field->type->kind == kind);
        if (skip)
            continue;
        TableSort s = {0};
        s.t.kind = kind;
        s.order = (uint32_t)k;
        s.worst = UINT32_MAX;
        s.t.ncriteria = (uint32_t)report_criteria_over(p, kind, &s.t.criteria, a);
        if (!s.t.ncriteria)
            continue;
        /* The findings of this kind, one per subject, in subject order. */
        VEC(const Finding *) subj = {0};
        for (size_t i = 0; i < n; i++)
            if (fs[i]->criterion->kind == kind) {
                vec_push(&subj, fs[i]);
                uint32_t rank = severity_rank(fs[i]->verdict);
                if (rank < s.worst)
                    s.worst = rank;
            }
        if (!subj.len) {
            vec_free(&subj);
            continue;
        }
        qsort(subj.items, subj.len, sizeof subj.items[0], cmp_subjects);
        const Finding **rows = arena_alloc(a, subj.len * sizeof *rows);
        uint32_t nrows = 0;
        for (size_t i = 0; i < subj.len; i++)
            if (!nrows || !same_subject(rows[nrows - 1], subj.items[i]))
                rows[nrows++] = subj.items[i];
        const Finding **cells = arena_zalloc(a, (size_t)nrows * s.t.ncriteria * sizeof *cells);
        /* The findings are in row order: the search for a finding's row
         * goes on from the previous one's (from row 0 each time, 50,000
         * subjects took seconds). */
        uint32_t row = 0;
        for (size_t i = 0; i < subj.len; i++) {
            while (row + 1 < nrows && !same_subject(rows[row], subj.items[i]))
                row++;
            for (uint32_t c = 0; c < s.t.ncriteria; c++)
                if (s.t.criteria[c] == subj.items[i]->criterion)
                    cells[(size_t)row * s.t.ncriteria + c] = subj.items[i];
        }
        vec_free(&subj);
        s.t.subjects = rows;
        s.t.nsubjects = nrows;
        s.t.cells = cells;
        vec_push(&ts, s);
    }
    if (ts.len > 1)  /* ts.items is NULL when nothing is judged: qsort needs a pointer */
        qsort(ts.items, ts.len, sizeof ts.items[0], cmp_tables);
    size_t count = ts.len;
    *out = count ? arena_alloc(a, count * sizeof **out) : NULL;
    for (size_t i = 0; i < count; i++)
        (*out)[i] = ts.items[i].t;
    vec_free(&ts);
    return count;
}
