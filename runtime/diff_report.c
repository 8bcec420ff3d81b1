/*
 * diff_report.c - writing a Diff (diff.h) as text, JSON, SARIF 2.1.0 and
 * Markdown for a pull-request comment.
 *
 * Every writer appends to a Buf, takes findings in id order and
 * declarations in (what, name) order, and formats numbers without floating
 * point, so the output is byte-identical for the same two versions. Paths
 * are shown without the temporary folder a revision was read into.
 */
#include "diff.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#ifndef WOZO_VERSION
#define WOZO_VERSION "0.0.0"
#endif

#define TEXT_DATA_SHOWN 5   /* data changes per finding in text and Markdown */

const char *diff_path(const DiffSide *s, const char *path)
{
    size_t n = s->strip ? strlen(s->strip) : 0;
    if (n && strncmp(path, s->strip, n) == 0)
        return path + n;
    return path;
}

/* Where something is, as the report shows it. */
typedef struct Loc {
    const char *file;
    uint32_t line, col;
} Loc;

static Loc rule_loc(const DiffSide *s, const Finding *f)
{
    Loc l;
    finding_rule_loc(f, &l.file, &l.line, &l.col);
    l.file = diff_path(s, l.file);
    return l;
}

static Loc evidence_loc(const DiffSide *s, const Evidence *e)
{
    Loc l = {diff_path(s, evidence_file(e)), 0, 0};
    evidence_pos(e, &l.line, &l.col);
    return l;
}

static Loc node_loc(const DiffSide *s, const AstNode *n)
{
    Span sp = n->v.x && (n->kind != AST_TEST && n->kind != AST_AS_OF) ? n->v.x->name_span : n->span;
    if (!sp.file)
        sp = n->span;
    Loc l = {"?", 0, 0};
    const Source *src = source_get(sp.file);
    if (src)
        l.file = diff_path(s, src->path);
    source_linecol(sp.file, sp.off, &l.line, &l.col);
    return l;
}

/* The side of a declaration change to locate it by: new, or old if gone. */
static Loc decl_loc(const DiffReport *o, const DeclChange *c)
{
    return c->new_ ? node_loc(&o->new_, c->new_) : node_loc(&o->old, c->old);
}

static const DiffState text_order[] = {DIFF_CHANGED, DIFF_NEW, DIFF_RESOLVED};

/* ------------------------------------------------------------------ */
/* Text                                                                 */

static void put_value(Buf *b, Value v) { val_format(b, v, true); }

static void put_quoted_msg(Buf *b, const char *m)
{
    buf_putc(b, '"');
    buf_puts(b, m ? m : "");
    buf_putc(b, '"');
}

/* "criterion part4 changed (rows 4)", for causes and the declaration list. */
static void put_decl_change(Buf *b, const DeclChange *c)
{
    buf_printf(b, "%s %s %s", c->what, c->name, decl_state_name(c->state));
    if (c->detail)
        buf_printf(b, " (%s)", c->detail);
}

static void text_causes(Buf *b, const FindingChange *fc, const DiffReport *o, const char *pad)
{
    const Finding *any = fc->new_ ? fc->new_ : fc->old;
    if (fc->old) {
        Loc l = rule_loc(&o->old, fc->old);
        buf_printf(b, "%srule  %s%s:%u:%u  (row %u)\n", pad, fc->new_ ? "old " : "", l.file, l.line, l.col,
                   fc->old->row_index + 1);
    }
    if (fc->new_) {
        Loc l = rule_loc(&o->new_, fc->new_);
        buf_printf(b, "%s%s%s:%u:%u  (row %u%s)\n", pad, fc->old ? "      new " : "rule  ", l.file, l.line, l.col,
                   fc->new_->row_index + 1,
                   fc->old ? (fc->row_changed ? ", not the same row" : ", the same row") : "");
    }
    if (fc->state != DIFF_CHANGED && any->record) {
        const DiffSide *s = fc->new_ ? &o->new_ : &o->old;
        const Source *src = source_get(any->record->file);
        buf_printf(b, "%ssubject  %s  ", pad, any->subject_id);
        buf_put_place(b, src ? diff_path(s, src->path) : "?", record_line(any->record), record_col(any->record));
        buf_putc(b, '\n');
    }
    if (fc->old && fc->new_) {
        if (!fc->ndata) {
            buf_printf(b, "%sdata  the same%s\n", pad, fc->data_beyond ? " (as far as the evidence kept shows)" : "");
        }
        for (uint32_t i = 0; i < fc->ndata && i < TEXT_DATA_SHOWN; i++) {
            const DataChange *dc = &fc->data[i];
            buf_printf(b, "%s%s%s: ", pad, i ? "      " : "data  ", dc->path);
            if (dc->old)
                put_value(b, dc->old->value);
            else
                buf_puts(b, "(not read)");
            buf_puts(b, " -> ");
            if (dc->new_)
                put_value(b, dc->new_->value);
            else
                buf_puts(b, "(not read)");
            Loc l = dc->new_ ? evidence_loc(&o->new_, dc->new_) : evidence_loc(&o->old, dc->old);
            buf_puts(b, "  ");
            buf_put_place(b, l.file, l.line, l.col);
            buf_putc(b, '\n');
        }
        if (fc->ndata > TEXT_DATA_SHOWN)
            buf_printf(b, "%s      ... and %u more\n", pad, fc->ndata - TEXT_DATA_SHOWN);
        for (uint32_t i = 0; i < fc->nlets; i++)
            buf_printf(b, "%slet   %s: %s -> %s\n", pad, fc->lets[i].name, fc->lets[i].old, fc->lets[i].new_);
    }
    bool first = true;
    if (fc->criterion) {
        buf_printf(b, "%sbecause  ", pad);
        put_decl_change(b, fc->criterion);
        buf_putc(b, '\n');
        first = false;
    }
    for (uint32_t i = 0; i < fc->nuses; i++) {
        buf_printf(b, "%s%suses the verdicts of %s (%u finding%s changed)\n", pad, first ? "because  " : "         ",
                   fc->uses[i].criterion, fc->uses[i].changed, fc->uses[i].changed == 1 ? "" : "s");
        first = false;
    }
    for (uint32_t i = 0; i < fc->ndecls; i++) {
        buf_printf(b, "%s%s", pad, first ? "because  " : "         ");
        put_decl_change(b, fc->decls[i]);
        buf_putc(b, '\n');
        first = false;
    }
}

void diff_report_text(Buf *out, const Diff *d, const DiffReport *o)
{
    const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
    buf_printf(out, "wozorules diff: %s -> %s\n", o->old.label, o->new_.label);
    buf_printf(out, "findings: %zu new, %zu resolved, %zu changed, %zu unchanged\n", d->count[DIFF_NEW],
               d->count[DIFF_RESOLVED], d->count[DIFF_CHANGED], d->count[DIFF_UNCHANGED]);
    buf_printf(out, "declarations: %zu added, %zu removed, %zu changed\n", d->decl_count[DECL_ADDED],
               d->decl_count[DECL_REMOVED], d->decl_count[DECL_CHANGED]);
    const char *pad = "          ";
    for (size_t s = 0; s < 3; s++) {
        for (size_t i = 0; i < d->nfindings; i++) {
            const FindingChange *fc = &d->findings[i];
            if (fc->state != text_order[s])
                continue;
            buf_printf(out, "\n%s%-9s %s%s  ", bold, diff_state_name(fc->state), fc->id, reset);
            if (fc->state == DIFF_CHANGED) {
                if (fc->what & DIFF_VERDICT)
                    buf_printf(out, "%s -> %s", fc->old->verdict->name->str, fc->new_->verdict->name->str);
                else
                    buf_printf(out, "%s", fc->new_->verdict->name->str);
                /* The computed verdict only tells something new where a
                 * judgement stands between it and the verdict. */
                if ((fc->what & DIFF_COMPUTED) && fc->old->computed && fc->new_->computed &&
                    (fc->old->judgement || fc->new_->judgement))
                    buf_printf(out, "  (computed %s -> %s)", fc->old->computed->name->str,
                               fc->new_->computed->name->str);
                if (fc->what & DIFF_JUDGEMENT)
                    buf_printf(out, "  (judgement %s)", !fc->new_->judgement ? "no longer applies" :
                                                        fc->new_->judgement_expired ? "expired" : "now applies");
                buf_putc(out, '\n');
                if (fc->what & DIFF_MESSAGE) {
                    buf_printf(out, "%swas  ", pad);
                    put_quoted_msg(out, fc->old->message);
                    buf_printf(out, "\n%snow  ", pad);
                    put_quoted_msg(out, fc->new_->message);
                    buf_putc(out, '\n');
                }
            } else {
                const Finding *f = fc->new_ ? fc->new_ : fc->old;
                buf_printf(out, "%s%s\n", fc->state == DIFF_RESOLVED ? "was " : "", f->verdict->name->str);
                if (f->message && *f->message) {
                    buf_puts(out, pad);
                    put_quoted_msg(out, f->message);
                    buf_putc(out, '\n');
                }
            }
            text_causes(out, fc, o, pad);
        }
    }
    if (d->ndecls) {
        buf_puts(out, "\ndeclarations:\n");
        for (size_t i = 0; i < d->ndecls; i++) {
            const DeclChange *c = &d->decls[i];
            Loc l = decl_loc(o, c);
            buf_printf(out, "  %-8s %s %s  %s:%u%s", decl_state_name(c->state), c->what, c->name, l.file, l.line,
                       c->state == DECL_REMOVED ? " (old)" : "");
            if (c->detail)
                buf_printf(out, "  (%s)", c->detail);
            buf_putc(out, '\n');
        }
    }
}

/* ------------------------------------------------------------------ */
/* JSON                                                                 */

static void jstr(Buf *b, const char *s) { json_string(b, s ? s : "", strlen(s ? s : "")); }

static void jloc(Buf *b, Loc l)
{
    buf_puts(b, "{\"file\": ");
    jstr(b, l.file);
    /* "col": null for a datum whose column is unknown (0). */
    buf_printf(b, ", \"line\": %u, \"col\": ", l.line);
    if (l.col)
        buf_printf(b, "%u}", l.col);
    else
        buf_puts(b, "null}");
}

static void jvalue(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    val_format(&t, v, false);
    json_string(b, buf_str(&t), t.len);
    buf_free(&t);
}

static void jside(Buf *b, const DiffSide *s)
{
    buf_puts(b, "{\"label\": ");
    jstr(b, s->label);
    buf_puts(b, ", \"commit\": ");
    if (s->commit)
        jstr(b, s->commit);
    else
        buf_puts(b, "null");
    buf_puts(b, "}");
}

static void jfinding(Buf *b, const Finding *f, const DiffSide *s)
{
    if (!f) {
        buf_puts(b, "null");
        return;
    }
    buf_puts(b, "{\"verdict\": ");
    jstr(b, f->verdict->name->str);
    buf_puts(b, ", \"computed_verdict\": ");
    jstr(b, f->computed ? f->computed->name->str : "");
    buf_puts(b, ", \"scale\": ");
    jstr(b, f->verdict->scale->name->str);
    buf_printf(b, ", \"judgement\": %s", f->judgement ? (f->judgement_expired ? "\"expired\"" : "\"applied\"") : "null");
    buf_puts(b, ", \"message\": ");
    jstr(b, f->message);
    buf_puts(b, ", \"rule\": ");
    jloc(b, rule_loc(s, f));
    buf_printf(b, ", \"row\": %u}", f->row_index + 1);
}

static void jevidence(Buf *b, const Evidence *e, const DiffSide *s)
{
    if (!e) {
        buf_puts(b, "null");
        return;
    }
    buf_puts(b, "{\"value\": ");
    jvalue(b, e->value);
    buf_puts(b, ", \"at\": ");
    jloc(b, evidence_loc(s, e));
    buf_putc(b, '}');
}

static void jdecl_ref(Buf *b, const DeclChange *c)
{
    buf_puts(b, "{\"what\": ");
    jstr(b, c->what);
    buf_puts(b, ", \"name\": ");
    jstr(b, c->name);
    buf_puts(b, ", \"change\": ");
    jstr(b, decl_state_name(c->state));
    buf_puts(b, "}");
}

void diff_report_json(Buf *out, const Diff *d, const DiffReport *o)
{
    buf_puts(out, "{\n  \"version\": 1,\n  \"old\": ");
    jside(out, &o->old);
    buf_puts(out, ",\n  \"new\": ");
    jside(out, &o->new_);
    buf_printf(out, ",\n  \"differ\": %s", diff_findings_differ(d) ? "true" : "false");
    buf_printf(out, ",\n  \"summary\": {\"new\": %zu, \"resolved\": %zu, \"changed\": %zu, \"unchanged\": %zu, "
                    "\"declarations\": {\"added\": %zu, \"removed\": %zu, \"changed\": %zu}}",
               d->count[DIFF_NEW], d->count[DIFF_RESOLVED], d->count[DIFF_CHANGED], d->count[DIFF_UNCHANGED],
               d->decl_count[DECL_ADDED], d->decl_count[DECL_REMOVED], d->decl_count[DECL_CHANGED]);
    buf_puts(out, ",\n  \"findings\": [");
    for (size_t i = 0; i < d->nfindings; i++) {
        const FindingChange *fc = &d->findings[i];
        buf_puts(out, i ? ",\n    {" : "\n    {");
        buf_puts(out, "\"id\": ");
        jstr(out, fc->id);
        buf_puts(out, ", \"state\": ");
        jstr(out, diff_state_name(fc->state));
        buf_puts(out, ", \"changes\": [");
        static const char *const what[] = {"verdict", "computed_verdict", "message", "judgement"};
        bool first = true;
        for (int k = 0; k < 4; k++)
            if (fc->what & (1u << k)) {
                buf_puts(out, first ? "" : ", ");
                jstr(out, what[k]);
                first = false;
            }
        buf_puts(out, "],\n     \"old\": ");
        jfinding(out, fc->old, &o->old);
        buf_puts(out, ",\n     \"new\": ");
        jfinding(out, fc->new_, &o->new_);
        if (fc->state != DIFF_UNCHANGED) {
            buf_printf(out, ",\n     \"causes\": {\"row_changed\": %s, \"criterion_changed\": %s, "
                            "\"data_beyond_evidence\": %s, \"data\": [",
                       fc->row_changed ? "true" : "false", fc->criterion ? "true" : "false",
                       fc->data_beyond ? "true" : "false");
            for (uint32_t k = 0; k < fc->ndata; k++) {
                buf_puts(out, k ? ", " : "");
                buf_puts(out, "{\"path\": ");
                jstr(out, fc->data[k].path);
                buf_puts(out, ", \"old\": ");
                jevidence(out, fc->data[k].old, &o->old);
                buf_puts(out, ", \"new\": ");
                jevidence(out, fc->data[k].new_, &o->new_);
                buf_putc(out, '}');
            }
            buf_puts(out, "], \"lets\": [");
            for (uint32_t k = 0; k < fc->nlets; k++) {
                buf_puts(out, k ? ", " : "");
                buf_puts(out, "{\"name\": ");
                jstr(out, fc->lets[k].name);
                buf_puts(out, ", \"old\": ");
                if (fc->lets[k].old)
                    jstr(out, fc->lets[k].old);
                else
                    buf_puts(out, "null");
                buf_puts(out, ", \"new\": ");
                if (fc->lets[k].new_)
                    jstr(out, fc->lets[k].new_);
                else
                    buf_puts(out, "null");
                buf_putc(out, '}');
            }
            buf_puts(out, "], \"uses\": [");
            for (uint32_t k = 0; k < fc->nuses; k++) {
                buf_puts(out, k ? ", " : "");
                buf_puts(out, "{\"criterion\": ");
                jstr(out, fc->uses[k].criterion);
                buf_printf(out, ", \"changed\": %u}", fc->uses[k].changed);
            }
            buf_puts(out, "], \"declarations\": [");
            for (uint32_t k = 0; k < fc->ndecls; k++) {
                buf_puts(out, k ? ", " : "");
                jdecl_ref(out, fc->decls[k]);
            }
            buf_puts(out, "]}");
        }
        buf_putc(out, '}');
    }
    buf_puts(out, d->nfindings ? "\n  ],\n  \"declarations\": [" : "],\n  \"declarations\": [");
    for (size_t i = 0; i < d->ndecls; i++) {
        const DeclChange *c = &d->decls[i];
        buf_puts(out, i ? ",\n    {" : "\n    {");
        buf_puts(out, "\"change\": ");
        jstr(out, decl_state_name(c->state));
        buf_puts(out, ", \"what\": ");
        jstr(out, c->what);
        buf_puts(out, ", \"name\": ");
        jstr(out, c->name);
        buf_puts(out, ", \"detail\": ");
        if (c->detail)
            jstr(out, c->detail);
        else
            buf_puts(out, "null");
        buf_puts(out, ", \"old\": ");
        if (c->old)
            jloc(out, node_loc(&o->old, c->old));
        else
            buf_puts(out, "null");
        buf_puts(out, ", \"new\": ");
        if (c->new_)
            jloc(out, node_loc(&o->new_, c->new_));
        else
            buf_puts(out, "null");
        buf_putc(out, '}');
    }
    buf_puts(out, d->ndecls ? "\n  ]\n}\n" : "]\n}\n");
}

/* ------------------------------------------------------------------ */
/* SARIF 2.1.0                                                          */

/* The criteria of both sides by name, sorted, for tool.driver.rules. */
typedef struct SarifRule {
    const char *name;
    const char *title;
} SarifRule;

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const SarifRule *)a)->name, ((const SarifRule *)b)->name);
}

static size_t sarif_rules(const DiffReport *o, SarifRule **out)
{
    const Program *ps[2] = {run_program(o->new_.run), run_program(o->old.run)};
    size_t cap = ps[0]->criteria.len + ps[1]->criteria.len + 1, n = 0;
    SarifRule *r = mem_alloc(cap * sizeof *r);
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < ps[s]->criteria.len; i++) {
            const Criterion *c = ps[s]->criteria.items[i];
            bool seen = false;
            for (size_t k = 0; k < n && !seen; k++)
                seen = strcmp(r[k].name, c->name->str) == 0;
            if (!seen)
                r[n++] = (SarifRule){c->name->str, c->title};
        }
    qsort(r, n, sizeof *r, cmp_rule);
    *out = r;
    return n;
}

/* SARIF's kind and level for a verdict: the top of its scale is an error,
 * the bottom a pass, anything between a warning. */
static void sarif_level(Buf *b, const ScaleValue *w)
{
    if (w->index == 0)
        buf_puts(b, "\"kind\": \"pass\", \"level\": \"none\"");
    else if (w->index + 1 == w->scale->nvalues)
        buf_puts(b, "\"kind\": \"fail\", \"level\": \"error\"");
    else
        buf_puts(b, "\"kind\": \"fail\", \"level\": \"warning\"");
}

void diff_report_sarif(Buf *out, const Diff *d, const DiffReport *o)
{
    static const char *const baseline[] = {"unchanged", "updated", "new", "absent"};
    SarifRule *rules;
    size_t nrules = sarif_rules(o, &rules);
    buf_puts(out, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                  "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
                  "      \"tool\": {\n        \"driver\": {\n          \"name\": \"wozorules\",\n"
                  "          \"version\": \"" WOZO_VERSION "\",\n          \"rules\": [");
    for (size_t i = 0; i < nrules; i++) {
        buf_puts(out, i ? ",\n            {\"id\": " : "\n            {\"id\": ");
        jstr(out, rules[i].name);
        buf_puts(out, ", \"name\": ");
        jstr(out, rules[i].name);
        buf_puts(out, ", \"shortDescription\": {\"text\": ");
        jstr(out, rules[i].title);
        buf_puts(out, "}}");
    }
    buf_puts(out, nrules ? "\n          ]\n" : "]\n");
    buf_puts(out, "        }\n      },\n      \"columnKind\": \"unicodeCodePoints\",\n"
                  "      \"results\": [");
    for (size_t i = 0; i < d->nfindings; i++) {
        const FindingChange *fc = &d->findings[i];
        const Finding *f = fc->new_ ? fc->new_ : fc->old;
        const DiffSide *side = fc->new_ ? &o->new_ : &o->old;
        size_t ri = 0;
        while (ri < nrules && strcmp(rules[ri].name, f->criterion->name->str) != 0)
            ri++;
        buf_puts(out, i ? ",\n        {" : "\n        {");
        buf_puts(out, "\"ruleId\": ");
        jstr(out, f->criterion->name->str);
        buf_printf(out, ", \"ruleIndex\": %zu, ", ri);
        sarif_level(out, f->verdict);
        buf_puts(out, ",\n         \"message\": {\"text\": ");
        Buf m = BUF_INIT;
        buf_printf(&m, "%s: %s", f->id, f->verdict->name->str);
        if (fc->state == DIFF_CHANGED && (fc->what & DIFF_VERDICT))
            buf_printf(&m, " (was %s)", fc->old->verdict->name->str);
        if (fc->state == DIFF_RESOLVED)
            buf_puts(&m, " (no longer reported)");
        if (f->message && *f->message)
            buf_printf(&m, ". %s", f->message);
        json_string(out, buf_str(&m), m.len);
        buf_free(&m);
        Loc l = rule_loc(side, f);
        buf_puts(out, "},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
        jstr(out, l.file);
        buf_printf(out, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u}}}],\n", l.line, l.col);
        buf_puts(out, "         \"partialFingerprints\": {\"wozorulesFindingId/v1\": ");
        jstr(out, f->id);
        buf_printf(out, "},\n         \"baselineState\": \"%s\",\n         \"properties\": {\"verdict\": ",
                   baseline[fc->state]);
        jstr(out, f->verdict->name->str);
        buf_puts(out, ", \"scale\": ");
        jstr(out, f->verdict->scale->name->str);
        if (fc->state == DIFF_CHANGED) {
            buf_puts(out, ", \"previousVerdict\": ");
            jstr(out, fc->old->verdict->name->str);
            buf_puts(out, ", \"previousMessage\": ");
            jstr(out, fc->old->message);
        }
        buf_puts(out, "}}");
    }
    buf_puts(out, d->nfindings ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
    mem_free(rules);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                             */

/* Text inside a table cell: no line breaks, '|' escaped, and nothing that
 * GitHub would read as HTML or a mention. */
static void md_cell(Buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '|': buf_puts(b, "\\|"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '&': buf_puts(b, "&amp;"); break;
        case '@': buf_puts(b, "@\xE2\x80\x8B"); break;  /* zero-width space: no mention */
        case '\n': case '\r': case '\t': buf_putc(b, ' '); break;
        default: buf_putc(b, *s);
        }
    }
}

/* Code in a cell: backticks cannot be escaped inside code, so they are
 * dropped from the rare id that has one. */
static void md_code(Buf *b, const char *s)
{
    buf_putc(b, '`');
    for (; s && *s; s++)
        if (*s != '`' && *s != '\n' && *s != '\r')
            buf_puts(b, *s == '|' ? "\\|" : (char[2]){*s, 0});
    buf_putc(b, '`');
}

static void md_loc(Buf *b, Loc l)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, ":%u", l.line);
    Buf s = BUF_INIT;
    buf_printf(&s, "%s%s", l.file, tmp);
    md_code(b, buf_str(&s));
    buf_free(&s);
}

static void md_causes(Buf *b, const FindingChange *fc, const DiffReport *o)
{
    bool any = false;
    if (fc->old && fc->new_) {
        buf_puts(b, "rule ");
        md_loc(b, rule_loc(&o->new_, fc->new_));
        buf_printf(b, " row %u", fc->new_->row_index + 1);
        if (fc->row_changed)
            buf_printf(b, " (was row %u, ", fc->old->row_index + 1);
        else
            buf_puts(b, " (same row");
        if (fc->row_changed) {
            md_loc(b, rule_loc(&o->old, fc->old));
            buf_putc(b, ')');
        } else {
            buf_putc(b, ')');
        }
        any = true;
        if (fc->ndata) {
            buf_puts(b, "<br>data: ");
            for (uint32_t i = 0; i < fc->ndata && i < TEXT_DATA_SHOWN; i++) {
                const DataChange *dc = &fc->data[i];
                Buf v = BUF_INIT;
                buf_printf(&v, "%s%s ", i ? ", " : "", dc->path);
                if (dc->old)
                    val_format(&v, dc->old->value, true);
                else
                    buf_puts(&v, "(not read)");
                buf_puts(&v, " → ");
                if (dc->new_)
                    val_format(&v, dc->new_->value, true);
                else
                    buf_puts(&v, "(not read)");
                md_cell(b, buf_str(&v));
                buf_free(&v);
            }
            if (fc->ndata > TEXT_DATA_SHOWN)
                buf_printf(b, " and %u more", fc->ndata - TEXT_DATA_SHOWN);
        } else {
            buf_puts(b, "<br>data: the same");
        }
    } else {
        const DiffSide *s = fc->new_ ? &o->new_ : &o->old;
        buf_puts(b, "rule ");
        md_loc(b, rule_loc(s, fc->new_ ? fc->new_ : fc->old));
        any = true;
    }
    if (fc->criterion) {
        Buf t = BUF_INIT;
        put_decl_change(&t, fc->criterion);
        buf_puts(b, any ? "<br>" : "");
        md_cell(b, buf_str(&t));
        buf_free(&t);
        any = true;
    }
    for (uint32_t i = 0; i < fc->nuses; i++) {
        buf_printf(b, "%suses the verdicts of ", any ? "<br>" : "");
        md_code(b, fc->uses[i].criterion);
        buf_printf(b, " (%u changed)", fc->uses[i].changed);
        any = true;
    }
    for (uint32_t i = 0; i < fc->ndecls; i++) {
        Buf t = BUF_INIT;
        put_decl_change(&t, fc->decls[i]);
        buf_puts(b, any ? "<br>" : "");
        md_cell(b, buf_str(&t));
        buf_free(&t);
        any = true;
    }
}

static const char *md_titles[] = {"Unchanged findings", "Changed findings", "New findings", "Resolved findings"};

static void markdown(Buf *out, const Diff *d, const DiffReport *o, size_t max)
{
    /* A marker, so that a CI job can find and update its own comment. */
    buf_puts(out, "<!-- wozorules-diff -->\n### wozorules diff: ");
    md_code(out, o->old.label);
    buf_puts(out, " → ");
    md_code(out, o->new_.label);
    buf_puts(out, "\n\n");
    if (!diff_findings_differ(d))
        buf_printf(out, "No finding changed (%zu unchanged).\n\n", d->count[DIFF_UNCHANGED]);
    buf_puts(out, "| findings | |\n|---|---:|\n");
    buf_printf(out, "| new | %zu |\n| resolved | %zu |\n| changed | %zu |\n| unchanged | %zu |\n\n",
               d->count[DIFF_NEW], d->count[DIFF_RESOLVED], d->count[DIFF_CHANGED], d->count[DIFF_UNCHANGED]);
    buf_puts(out, "| declarations | |\n|---|---:|\n");
    buf_printf(out, "| added | %zu |\n| removed | %zu |\n| changed | %zu |\n", d->decl_count[DECL_ADDED],
               d->decl_count[DECL_REMOVED], d->decl_count[DECL_CHANGED]);
    for (size_t s = 0; s < 3; s++) {
        DiffState st = text_order[s];
        if (!d->count[st])
            continue;
        buf_printf(out, "\n<details><summary>%s (%zu)</summary>\n\n", md_titles[st], d->count[st]);
        buf_puts(out, st == DIFF_CHANGED ? "| finding | verdict | message | why |\n|---|---|---|---|\n"
                                         : "| finding | verdict | message | where |\n|---|---|---|---|\n");
        size_t shown = 0;
        for (size_t i = 0; i < d->nfindings; i++) {
            const FindingChange *fc = &d->findings[i];
            if (fc->state != st)
                continue;
            if (shown++ >= max)
                continue;
            /* A changed finding has both sides, a new or resolved one the
             * one it has (said here for the static analyser too). */
            const Finding *f = fc->new_ ? fc->new_ : fc->old;
            bool both = fc->old && fc->new_;
            if (!f)
                continue;
            buf_puts(out, "| ");
            md_code(out, fc->id);
            buf_puts(out, " | ");
            if (st == DIFF_CHANGED && (fc->what & DIFF_VERDICT) && both)
                buf_printf(out, "%s → **%s**", fc->old->verdict->name->str, fc->new_->verdict->name->str);
            else if (st == DIFF_RESOLVED)
                buf_printf(out, "~~%s~~", f->verdict->name->str);
            else
                buf_printf(out, "%s", f->verdict->name->str);
            buf_puts(out, " | ");
            if (st == DIFF_CHANGED && (fc->what & DIFF_MESSAGE) && both) {
                buf_puts(out, "~~");
                md_cell(out, fc->old->message);
                buf_puts(out, "~~<br>");
            }
            md_cell(out, f->message);
            buf_puts(out, " | ");
            md_causes(out, fc, o);
            buf_puts(out, " |\n");
        }
        if (shown > max)
            buf_printf(out, "\n… and %zu more (see `wozorules diff --format json`).\n", shown - max);
        buf_puts(out, "\n</details>\n");
    }
    if (d->ndecls) {
        buf_printf(out, "\n<details><summary>Declarations (%zu)</summary>\n\n"
                        "| change | declaration | where | what |\n|---|---|---|---|\n",
                   d->ndecls);
        for (size_t i = 0; i < d->ndecls && i < max; i++) {
            const DeclChange *c = &d->decls[i];
            Buf n = BUF_INIT;
            buf_printf(&n, "%s %s", c->what, c->name);
            buf_printf(out, "| %s | ", decl_state_name(c->state));
            md_code(out, buf_str(&n));
            buf_free(&n);
            buf_puts(out, " | ");
            md_loc(out, decl_loc(o, c));
            if (c->state == DECL_REMOVED)
                buf_puts(out, " (old)");
            buf_puts(out, " | ");
            md_cell(out, c->detail ? c->detail : "");
            buf_puts(out, " |\n");
        }
        if (d->ndecls > max)
            buf_printf(out, "\n… and %zu more.\n", d->ndecls - max);
        buf_puts(out, "\n</details>\n");
    }
}

/* GitHub refuses comments over 65536 characters: fewer rows per table until
 * the comment fits (the counts are always complete). Rows can be long (a
 * message is up to 64 KiB), so this goes down to no rows at all: then every
 * table is its "... and N more" line, and what is left (titles, counts,
 * labels) is far below the limit. */
#define MD_MAX_BYTES 60000

void diff_report_markdown(Buf *out, const Diff *d, const DiffReport *o)
{
    size_t max = o->max_rows ? o->max_rows : 200;
    Buf b = BUF_INIT;
    for (;;) {
        buf_clear(&b);
        markdown(&b, d, o, max);
        if (b.len <= MD_MAX_BYTES || max == 0)
            break;
        max /= 2;
    }
    buf_put(out, buf_str(&b), b.len);
    buf_free(&b);
}
