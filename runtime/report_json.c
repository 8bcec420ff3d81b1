/*
 * report_json.c - findings as one JSON document (docs/json.md):
 *
 *   {"version": 1, "as_of": ..., "findings": [...], "summary": {...}}
 *
 * Keys come in a fixed order and numbers are written without floating
 * point, so the document is byte-identical for the same input.
 */
#include "report.h"
#include "../base/date.h"

#include <string.h>

static void jstr(Buf *b, const char *s) { json_string(b, s, strlen(s)); }

static void jkey(Buf *b, const char *k, bool *first)
{
    if (!*first)
        buf_putc(b, ',');
    *first = false;
    buf_puts(b, "\n      ");
    jstr(b, k);
    buf_puts(b, ": ");
}

static void jvalue(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    val_format(&t, v, false);
    json_string(b, buf_str(&t), t.len);
    buf_free(&t);
}

static void jdate(Buf *b, int32_t d)
{
    Buf t = BUF_INIT;
    date_format(&t, d);
    jstr(b, buf_str(&t));
    buf_free(&t);
}

/* The source text of an expression as a JSON string, on one line. */
static void put_expr(Buf *b, const AstNode *n)
{
    const Source *s = source_get(n->span.file);
    if (!s || !s->text) {
        buf_puts(b, "null");
        return;
    }
    Buf t = BUF_INIT;
    for (uint32_t i = 0; i < n->span.len; i++) {
        char c = s->text[n->span.off + i];
        buf_putc(&t, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    json_string(b, buf_str(&t), t.len);
    buf_free(&t);
}

static void put_loc_obj(Buf *b, const char *file, uint32_t line, uint32_t col)
{
    buf_puts(b, "{\"file\": ");
    jstr(b, file);
    buf_printf(b, ", \"line\": %u, \"col\": %u}", line, col);
}

static void put_finding(Buf *b, Run *r, const Finding *f, const ReportOptions *o)
{
    const Program *p = run_program(r);
    bool first = true;
    buf_puts(b, "    {");
    jkey(b, "id", &first);
    jstr(b, f->id);
    jkey(b, "criterion", &first);
    jstr(b, f->criterion->name->str);
    jkey(b, "criterion_title", &first);
    jstr(b, f->criterion->title);
    jkey(b, "subject", &first);
    jstr(b, f->subject_id);
    jkey(b, "subject_title", &first);
    jstr(b, f->subject_title ? f->subject_title : f->subject_id);
    jkey(b, "verdict", &first);
    jstr(b, f->verdict->name->str);
    jkey(b, "verdict_title", &first);
    if (f->verdict->title)
        jstr(b, f->verdict->title);
    else
        buf_puts(b, "null");
    jkey(b, "scale", &first);
    jstr(b, f->verdict->scale->name->str);
    jkey(b, "computed_verdict", &first);
    jstr(b, f->computed->name->str);
    jkey(b, "fails", &first);
    buf_puts(b, finding_fails(f, o->fail_on) ? "true" : "false");
    jkey(b, "message", &first);
    jstr(b, f->message ? f->message : "");
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    jkey(b, "rule", &first);
    put_loc_obj(b, file, line, col);
    jkey(b, "row", &first);
    buf_printf(b, "%u", f->row_index + 1);
    jkey(b, "evidence", &first);
    buf_putc(b, '[');
    for (uint32_t i = 0; i < f->nevidence; i++) {
        const Evidence *e = &f->evidence[i];
        buf_puts(b, i ? ",\n        " : "\n        ");
        buf_puts(b, "{\"file\": ");
        jstr(b, evidence_file(e));
        uint32_t el, ec;
        evidence_pos(e, &el, &ec);
        /* "col": null for a datum whose column is unknown (0). */
        buf_printf(b, ", \"line\": %u, \"col\": ", el);
        if (ec)
            buf_printf(b, "%u", ec);
        else
            buf_puts(b, "null");
        buf_puts(b, ", \"path\": ");
        Buf path = BUF_INIT;
        evidence_path(&path, e, p);
        json_string(b, buf_str(&path), path.len);
        buf_free(&path);
        buf_puts(b, ", \"value\": ");
        jvalue(b, e->value);
        buf_putc(b, '}');
    }
    buf_puts(b, f->nevidence ? "\n      ]" : "]");
    jkey(b, "evidence_total", &first);
    buf_printf(b, "%u", f->evidence_total);
    jkey(b, "citations", &first);
    buf_putc(b, '[');
    bool any = false;
    for (uint32_t i = 0; i < f->ncited; i++) {
        const char *cite = thing_citation(r, f->cited[i]);
        if (!cite)
            continue;
        buf_puts(b, any ? ", " : "");
        any = true;
        buf_puts(b, "{\"kind\": ");
        jstr(b, f->cited[i]->kind->name->str);
        buf_puts(b, ", \"thing\": ");
        jstr(b, f->cited[i]->name->str);
        buf_puts(b, ", \"source\": ");
        jstr(b, cite);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    jkey(b, "judgement", &first);
    if (f->judgement) {
        const Judgement *j = f->judgement;
        buf_puts(b, "{\"verdict\": ");
        jstr(b, j->verdict ? j->verdict->name->str : "");
        buf_puts(b, ", \"by\": ");
        jstr(b, j->by ? j->by : "");
        buf_puts(b, ", \"date\": ");
        jdate(b, j->date);
        buf_puts(b, ", \"because\": ");
        jstr(b, j->because ? j->because : "");
        buf_puts(b, ", \"quote\": ");
        if (j->quote)
            jstr(b, j->quote);
        else
            buf_puts(b, "null");
        buf_puts(b, ", \"source\": ");
        if (j->source)
            jstr(b, j->source);
        else
            buf_puts(b, "null");
        buf_puts(b, ", \"expires\": ");
        if (j->expires != INT32_MAX)
            jdate(b, j->expires);
        else
            buf_puts(b, "null");
        buf_printf(b, ", \"expired\": %s", f->judgement_expired ? "true" : "false");
        Span js = j->decl->v.x->name_span;
        uint32_t jl, jc;
        source_linecol(js.file, js.off, &jl, &jc);
        buf_puts(b, ", \"at\": ");
        put_loc_obj(b, source_get(js.file)->path, jl, jc);
        buf_putc(b, '}');
    } else {
        buf_puts(b, "null");
    }
    if (o->explain) {
        /* The rows before the one that matched, with the values that made
         * each of them false. */
        jkey(b, "not_matched", &first);
        buf_putc(b, '[');
        uint32_t w = 0;
        for (uint32_t i = 0; i < f->row_index; i++) {
            const Row *row = &f->criterion->rows[i];
            uint32_t rl, rc;
            source_linecol(row->node->span.file, row->node->span.off, &rl, &rc);
            buf_puts(b, i ? ",\n        " : "\n        ");
            buf_printf(b, "{\"row\": %u, \"rule\": ", i + 1);
            put_loc_obj(b, source_get(row->node->span.file)->path, rl, rc);
            buf_puts(b, ", \"values\": [");
            for (bool more = false; w < f->nwhy && f->why[w].row == i; w++, more = true) {
                buf_puts(b, more ? ", " : "");
                buf_puts(b, "{\"expr\": ");
                put_expr(b, f->why[w].expr);
                buf_puts(b, ", \"value\": ");
                jvalue(b, f->why[w].value);
                buf_putc(b, '}');
            }
            buf_puts(b, "]}");
        }
        buf_puts(b, f->row_index ? "\n      ]" : "]");
        jkey(b, "lets", &first);
        buf_putc(b, '{');
        for (uint32_t i = 0; i < f->nlets; i++) {
            buf_puts(b, i ? ", " : "");
            jstr(b, f->lets[i].let->name->str);
            buf_puts(b, ": ");
            jvalue(b, f->lets[i].value);
        }
        buf_putc(b, '}');
    }
    buf_puts(b, "\n    }");
}

void report_json(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    const Program *p = run_program(r);
    if (o->explain)
        for (size_t k = 0; k < n; k++)
            run_explain(r, fs[k]);
    buf_puts(out, "{\n  \"version\": 1,\n  \"as_of\": ");
    if (run_has_as_of(r))
        jdate(out, run_as_of(r));
    else
        buf_puts(out, "null");
    buf_puts(out, ",\n  \"findings\": [");
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, i ? ",\n" : "\n");
        put_finding(out, r, fs[i], o);
    }
    buf_puts(out, n ? "\n  ],\n" : "],\n");
    /* The subjects whose evaluation failed: no verdict, the error. */
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    buf_puts(out, "  \"errors\": [");
    for (size_t i = 0; i < nfailed; i++) {
        const Finding *f = failed[i];
        bool first = true;
        buf_puts(out, i ? ",\n    {" : "\n    {");
        jkey(out, "id", &first);
        jstr(out, f->id);
        jkey(out, "criterion", &first);
        jstr(out, f->criterion->name->str);
        jkey(out, "subject", &first);
        jstr(out, f->subject_id);
        jkey(out, "subject_title", &first);
        jstr(out, f->subject_title ? f->subject_title : f->subject_id);
        jkey(out, "code", &first);
        jstr(out, finding_error_code(f));
        jkey(out, "message", &first);
        jstr(out, f->error ? f->error : "");
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        jkey(out, "rule", &first);
        put_loc_obj(out, file, line, col);
        buf_puts(out, "\n    }");
    }
    buf_puts(out, nfailed ? "\n  ],\n" : "],\n");
    /* Words shared by several scales are counted together, so that no key
     * appears twice. */
    buf_puts(out, "  \"summary\": {");
    bool first = true;
    for (size_t s = 0; s < p->scales.len; s++) {
        const Scale *sc = p->scales.items[s];
        for (uint32_t w = sc->nvalues; w-- > 0;) {
            const Sym *word = sc->values[w].name;
            bool earlier = false;
            for (size_t s2 = 0; s2 < s && !earlier; s2++)
                earlier = map_get(&p->scales.items[s2]->by_name, word) != NULL;
            size_t cnt = 0;
            for (size_t k = 0; k < n; k++)
                cnt += fs[k]->verdict->name == word;
            if (!cnt || earlier)
                continue;
            buf_puts(out, first ? "" : ", ");
            first = false;
            jstr(out, word->str);
            buf_printf(out, ": %zu", cnt);
        }
    }
    size_t failing = 0;
    for (size_t k = 0; k < n; k++)
        failing += finding_fails(fs[k], o->fail_on);
    buf_printf(out, "},\n  \"failing\": %zu,\n  \"failed\": %zu\n}\n", failing, nfailed);
}
