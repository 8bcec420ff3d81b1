/*
 * report_csv.c - CSV for people who continue in a spreadsheet.
 *
 * `--format csv` writes the coverage matrices (report_matrices()), one row
 * per record and row thing:
 *   dataset, record, record_title, map, key_kind, key, key_title,
 *   group, group_title, then every field of the cell kinds (the scale field
 *   followed by the title of its word: status, status_title, quote, page, ...)
 * `--format csv-findings` writes one row per finding (docs/reports.md).
 *
 * Both follow RFC 4180: comma-separated, CRLF line ends, a field quoted when
 * it holds a comma, a quote or a line break, quotes doubled. A field that
 * begins with '=', '+', '-', '@', a tab or a carriage return gets a leading
 * apostrophe, so that a spreadsheet shows it as text instead of running it
 * as a formula (OWASP, "CSV injection"), unless it is a plain number such
 * as -3, -0.25 or -12.5%: a spreadsheet reads that as the number it is, and
 * the apostrophe would turn a number into text (sums and sorting break).
 */
#include "report.h"
#include "../base/date.h"

#include <string.h>

/* A plain number: an optional minus, digits, optionally a point and
 * digits, optionally a percent sign (as val_format() writes numbers and
 * percentages). Nothing a spreadsheet could run. */
static bool plain_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d)
        return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    if (i < n && s[i] == '%')
        i++;
    return i == n;
}

static void csv_field_n(Buf *b, const char *s, size_t n)
{
    bool neutralise = n && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') &&
                      !plain_number(s, n);
    bool quote = neutralise;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (quote)
        buf_putc(b, '"');
    if (neutralise)
        buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            buf_putc(b, '"');
        buf_putc(b, s[i]);
    }
    if (quote)
        buf_putc(b, '"');
}

static void csv_field(Buf *b, const char *s) { csv_field_n(b, s, strlen(s)); }

static void csv_sep(Buf *b) { buf_putc(b, ','); }
static void csv_end(Buf *b) { buf_puts(b, "\r\n"); }

static void csv_value(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    if (v.tag != V_ABSENT)
        val_format(&t, v, false);
    csv_field_n(b, buf_str(&t), t.len);
    buf_free(&t);
}

static void csv_buf(Buf *b, Buf *t)
{
    csv_field_n(b, buf_str(t), t->len);
    buf_clear(t);
}

/* The names of the cell columns: every field of every matrix's cell kind,
 * by name, in order of first appearance. */
typedef VEC(const Sym *) Names;

static void add_name(Names *ns, const Sym *s)
{
    for (size_t i = 0; i < ns->len; i++)
        if (ns->items[i] == s)
            return;
    vec_push(ns, s);
}

void report_csv(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    (void)fs;
    (void)n;
    (void)o;
    const Program *p = run_program(r);
    ReportMatrix *ms;
    size_t nm = report_matrices(r, &ms);
    Names cols = {0};
    for (size_t m = 0; m < nm; m++)
        for (uint32_t f = 0; f < ms[m].cell_kind->nfields; f++)
            add_name(&cols, ms[m].cell_kind->fields[f].name);
    buf_puts(out, "dataset,record,record_title,map,key_kind,key,key_title,group,group_title");
    for (size_t c = 0; c < cols.len; c++) {
        csv_sep(out);
        csv_field(out, cols.items[c]->str);
        for (size_t m = 0; m < nm; m++)
            if (ms[m].scale_field->name == cols.items[c]) {
                buf_puts(out, ",");
                Buf t = BUF_INIT;
                buf_printf(&t, "%s_title", cols.items[c]->str);
                csv_buf(out, &t);
                buf_free(&t);
                break;
            }
    }
    csv_end(out);
    Buf t = BUF_INIT;
    for (size_t mi = 0; mi < nm; mi++) {
        const ReportMatrix *m = &ms[mi];
        for (uint32_t ri = 0; ri < m->nrecords; ri++) {
            for (uint32_t k = 0; k < m->nkeys; k++) {
                const Record *cell = report_matrix_cell(m, ri, k);
                const Thing *key = m->keys[k], *group = m->groups[k];
                csv_field(out, m->dataset->name->str);
                csv_sep(out);
                record_id(&t, m->records[ri], p);
                csv_buf(out, &t);
                csv_sep(out);
                report_record_title(&t, m->records[ri], p);
                csv_buf(out, &t);
                csv_sep(out);
                csv_field(out, m->map_field->name->str);
                csv_sep(out);
                csv_field(out, m->key_kind->name->str);
                csv_sep(out);
                csv_field(out, key->name->str);
                csv_sep(out);
                csv_field(out, key->title);
                csv_sep(out);
                csv_field(out, group ? group->name->str : "");
                csv_sep(out);
                csv_field(out, group ? group->title : "");
                for (size_t c = 0; c < cols.len; c++) {
                    csv_sep(out);
                    const Field *f = cell ? map_get(&cell->kind->field_by_name, cols.items[c]) : NULL;
                    Value v = f ? cell->fields[f->index] : val_absent();
                    csv_value(out, v);
                    bool scale_col = false;
                    for (size_t mm = 0; mm < nm; mm++)
                        scale_col = scale_col || ms[mm].scale_field->name == cols.items[c];
                    if (scale_col) {
                        csv_sep(out);
                        csv_field(out, v.tag == V_WORD ? report_word_title(v.u.w) : "");
                    }
                }
                csv_end(out);
            }
        }
    }
    buf_free(&t);
    vec_free(&cols);
}

/* The first columns of a findings row, which a failed subject has too:
 * id, criterion, criterion_title, subject, subject_title (and a comma). */
static void csv_subject(Buf *out, const Finding *f)
{
    csv_field(out, f->id);
    csv_sep(out);
    csv_field(out, f->criterion->name->str);
    csv_sep(out);
    csv_field(out, f->criterion->title);
    csv_sep(out);
    csv_field(out, f->subject_id);
    csv_sep(out);
    csv_field(out, f->subject_title ? f->subject_title : f->subject_id);
    csv_sep(out);
}

void report_csv_findings(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    const Program *p = run_program(r);
    buf_puts(out, "id,criterion,criterion_title,subject,subject_title,scale,verdict,verdict_title,"
                  "computed_verdict,fails,message,rule_file,rule_line,rule_col,row,evidence,evidence_total,"
                  "judgement_by,judgement_date,judgement_because,judgement_expired");
    csv_end(out);
    Buf t = BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const Finding *f = fs[k];
        csv_subject(out, f);
        csv_field(out, f->verdict->scale->name->str);
        csv_sep(out);
        csv_field(out, f->verdict->name->str);
        csv_sep(out);
        csv_field(out, report_word_title(f->verdict));
        csv_sep(out);
        csv_field(out, f->computed->name->str);
        csv_sep(out);
        csv_field(out, finding_fails(f, o->fail_on) ? "true" : "false");
        csv_sep(out);
        csv_field(out, f->message ? f->message : "");
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        csv_sep(out);
        csv_field(out, file);
        buf_printf(out, ",%u,%u,%u,", line, col, f->row_index + 1);
        /* Every datum read, one per line within the field. */
        for (uint32_t i = 0; i < f->nevidence; i++) {
            const Evidence *e = &f->evidence[i];
            uint32_t el, ec;
            evidence_pos(e, &el, &ec);
            if (i)
                buf_putc(&t, '\n');
            buf_put_place(&t, evidence_file(e), el, ec);
            buf_putc(&t, ' ');
            evidence_path(&t, e, p);
            buf_puts(&t, " = ");
            val_format(&t, e->value, true);
        }
        csv_buf(out, &t);
        buf_printf(out, ",%u,", f->evidence_total);
        if (f->judgement) {
            const Judgement *j = f->judgement;
            csv_field(out, j->by ? j->by : "");
            csv_sep(out);
            date_format(&t, j->date);
            csv_buf(out, &t);
            csv_sep(out);
            csv_field(out, j->because ? j->because : "");
            csv_sep(out);
            csv_field(out, f->judgement_expired ? "true" : "false");
        } else {
            buf_puts(out, ",,,");
        }
        csv_end(out);
    }
    /* Subjects whose evaluation failed: no verdict; `fails` is "error" and
     * the message is the runtime error, at the expression where it
     * stopped. */
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    for (size_t k = 0; k < nfailed; k++) {
        const Finding *f = failed[k];
        csv_subject(out, f);
        csv_field(out, f->criterion->scale->name->str);
        buf_puts(out, ",,,,error,");
        buf_printf(&t, "error[%s]: %s", finding_error_code(f), f->error ? f->error : "");
        csv_buf(out, &t);
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        csv_sep(out);
        csv_field(out, file);
        buf_printf(out, ",%u,%u,,,0,,,,", line, col);
        csv_end(out);
    }
    buf_free(&t);
}
