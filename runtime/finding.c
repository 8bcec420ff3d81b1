/*
 * finding.c - what every report writer needs to know about a finding.
 */
#include "report.h"

#include <string.h>

bool finding_fails(const Finding *f, const ScaleValue *fail_on)
{
    const ScaleValue *v = f->verdict;
    if (!v)
        return false;
    if (!fail_on)
        return v->index + 1 == v->scale->nvalues;
    return v->scale == fail_on->scale && v->index >= fail_on->index;
}

void finding_rule_loc(const Finding *f, const char **file, uint32_t *line, uint32_t *col)
{
    Span s = f->row ? f->row->node->span : f->criterion->decl->v.x->name_span;
    if (f->failed && f->error_span.file)
        s = f->error_span;  /* where the evaluation stopped */
    const Source *src = source_get(s.file);
    *file = src ? src->path : "?";
    source_linecol(s.file, s.off, line, col);
}

void evidence_path(Buf *b, const Evidence *e, const Program *p)
{
    record_path(b, e->rec, p);
    if (e->field < 0 || (uint32_t)e->field >= e->rec->kind->nfields)
        return;
    buf_printf(b, ".%s", e->rec->kind->fields[e->field].name->str);
    if (e->slot < 0)
        return;
    /* An entry of the map or list in the field: .key or [i] */
    Value holder = e->rec->fields[e->field];
    Value key, val;
    if (holder.tag == V_MAP && map_slot(holder.u.map, (uint32_t)e->slot, &key, &val)) {
        buf_putc(b, '.');
        val_format(b, key, false);
    } else {
        buf_printf(b, "[%d]", e->slot);
    }
}

void evidence_pos(const Evidence *e, uint32_t *line, uint32_t *col)
{
    /* A value left out has no position of its own: its record's. A column
     * of 0 means the column is unknown (too large to store, see val_setpos):
     * writers then print "file:line". */
    bool own = val_line(e->value) != 0;
    *line = own ? val_line(e->value) : record_line(e->rec);
    *col = own ? val_col(e->value) : record_col(e->rec);
}

const char *evidence_file(const Evidence *e)
{
    const Source *s = source_get(e->rec->file);
    return s ? s->path : "?";
}

void json_string(Buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\b': buf_puts(b, "\\b"); break;
        case '\f': buf_puts(b, "\\f"); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                buf_puts(b, "\\u00");
                buf_putc(b, hex[c >> 4]);
                buf_putc(b, hex[c & 15]);
            } else {
                buf_putc(b, (char)c);
            }
        }
    }
    buf_putc(b, '"');
}

const char *thing_citation(Run *r, const Thing *t)
{
    if (t->kind->source_field < 0)
        return NULL;
    Value v = run_thing_field(r, t, (uint32_t)t->kind->source_field);
    return v.tag == V_TEXT ? v.u.s->s : NULL;
}

void xml_escape(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '&': buf_puts(b, "&amp;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
                buf_puts(b, "\xEF\xBF\xBD");
            else
                buf_putc(b, (char)c);
        }
    }
}

const char *finding_error_code(const Finding *f)
{
    return diag_code_name(f->error_code);
}
