/*
 * report_markdown.c - the findings as GitHub-flavoured Markdown, for a
 * pull-request comment or a wiki page (docs/reports.md).
 *
 *   # title, evaluation date and counts
 *   a summary table: the words of each verdict scale with their counts
 *   verdict tables of kinds judged by several criteria (the Part 4/5 table)
 *   the findings grouped by verdict, most severe first; each with its
 *   message and rule line, its data under a collapsible <details>; the
 *   bottom of each scale folded as a whole, one line per finding
 *
 * A comment on GitHub holds at most 65536 characters, so the document is
 * written with at most 10 data lines per finding and, while it is longer
 * than MD_BUDGET bytes, written again with fewer (5, 3, 1, 0). When even
 * without data lines it is too long, the findings are listed, most severe
 * first, while they fit, followed by one line counting the others and
 * naming the full report (then also without the verdict tables; and as a
 * last resort the document is cut at a line). So the document never
 * exceeds MD_BUDGET bytes, and the same input always gives the same one.
 *
 * Text from the rules and data is escaped so that it stays text: Markdown's
 * punctuation gets a backslash, '<', '>' and '&' become entities (no HTML
 * gets through), line breaks become spaces, and code spans pick a fence of
 * backticks longer than any run inside them.
 */
#include "report.h"
#include "../base/date.h"

#include <stdint.h>
#include <string.h>

#define MD_BUDGET 65000
/* Bytes kept free for the line about findings not listed (at most 250
 * bytes in every language) when the findings are cut. */
#define MD_TRAILER 512

/* Appends text escaped for Markdown inline content. In a table cell a '|'
 * would end the cell even when escaped for inline use, so it always gets a
 * backslash (which GFM removes inside tables). */
void markdown_text(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '&': buf_puts(b, "&amp;"); break;
        case '\n': case '\r': case '\t': buf_putc(b, ' '); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#':
            buf_putc(b, '\\');
            buf_putc(b, c);
            break;
        default:
            if ((unsigned char)c < 0x20 || c == 0x7F)
                buf_puts(b, "\xEF\xBF\xBD");
            else
                buf_putc(b, c);
        }
    }
}

static void md_text(Buf *b, const char *s) { markdown_text(b, s, strlen(s)); }

/* A code span. Inside a table cell a '|' still splits the row, so there it
 * is escaped (GFM drops the backslash); elsewhere it is left alone. */
void markdown_code(Buf *b, const char *s, size_t n, bool in_table)
{
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    buf_fill(b, '`', longest + 1);
    bool pad = n && (s[0] == '`' || s[n - 1] == '`' || s[0] == ' ');
    if (pad)
        buf_putc(b, ' ');
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t')
            buf_putc(b, ' ');
        else if (c == '|' && in_table)
            buf_puts(b, "\\|");
        else if ((unsigned char)c < 0x20 || c == 0x7F)
            buf_puts(b, "\xEF\xBF\xBD");
        else
            buf_putc(b, c);
    }
    if (pad)
        buf_putc(b, ' ');
    buf_fill(b, '`', longest + 1);
}

static void md_code(Buf *b, const char *s, bool in_table) { markdown_code(b, s, strlen(s), in_table); }

static void md_value(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    val_format(&t, v, false);
    markdown_text(b, buf_str(&t), t.len);
    buf_free(&t);
}

static void md_loc(Buf *b, const char *file, uint32_t line, uint32_t col, bool in_table)
{
    Buf t = BUF_INIT;
    buf_put_place(&t, file, line, col);  /* col 0: a datum's, unknown */
    markdown_code(b, buf_str(&t), t.len, in_table);
    buf_free(&t);
}

static void count_label(Buf *b, const ReportLabels *l, size_t n)
{
    buf_printf(b, "%zu %s", n, n == 1 ? l->finding_one : l->finding_many);
}

static bool verdict_scale(const Program *p, const Scale *s)
{
    for (size_t i = 0; i < p->criteria.len; i++)
        if (p->criteria.items[i]->scale == s)
            return true;
    return false;
}

/* The subjects whose evaluation failed, one list item each. */
static void put_errors(Buf *b, Run *r, const ReportLabels *l)
{
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    if (!nfailed)
        return;
    buf_printf(b, "## %s: %zu\n\n", l->errors, nfailed);
    for (size_t k = 0; k < nfailed; k++) {
        const Finding *f = failed[k];
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        buf_puts(b, "- ");
        md_code(b, f->id, false);
        buf_printf(b, " **%s** ", finding_error_code(f));
        md_text(b, f->error ? f->error : "");
        buf_puts(b, "  \n  ");
        md_text(b, l->rule);
        buf_puts(b, " ");
        Buf t = BUF_INIT;
        buf_printf(&t, "%s:%u:%u", file, line, col);
        md_code(b, buf_str(&t), false);
        buf_free(&t);
        buf_puts(b, "\n");
    }
    buf_puts(b, "\n");
}

static void put_summary(Buf *b, Run *r, Finding **fs, size_t n, const ReportOptions *o, const ReportLabels *l)
{
    const Program *p = run_program(r);
    size_t failing = 0;
    for (size_t k = 0; k < n; k++)
        failing += finding_fails(fs[k], o->fail_on);
    buf_printf(b, "# %s\n\n", l->title);
    if (run_has_as_of(r)) {
        Buf d = BUF_INIT;
        date_format(&d, run_as_of(r));
        buf_printf(b, "%s: %s \xC2\xB7 ", l->as_of, buf_str(&d));
        buf_free(&d);
    } else {
        buf_printf(b, "%s \xC2\xB7 ", l->no_as_of);
    }
    count_label(b, l, n);
    buf_printf(b, " \xC2\xB7 %zu %s", failing, l->failing);
    if (o->fail_on) {
        buf_puts(b, " (");
        md_text(b, report_word_title(o->fail_on));
        buf_putc(b, ')');
    }
    size_t nfailed;
    (void)run_failures(r, &nfailed);
    if (nfailed)
        buf_printf(b, " \xC2\xB7 %zu %s", nfailed, l->failed);
    buf_printf(b, "\n\n| %s | %s | %s |\n|---|---|---:|\n", l->scale, l->word, l->count);
    for (size_t s = 0; s < p->scales.len; s++) {
        const Scale *sc = p->scales.items[s];
        if (!verdict_scale(p, sc))
            continue;
        for (uint32_t w = sc->nvalues; w-- > 0;) {
            size_t cnt = 0;
            for (size_t k = 0; k < n; k++)
                cnt += fs[k]->verdict == &sc->values[w];
            buf_puts(b, "| ");
            if (w + 1 == sc->nvalues) {
                md_text(b, sc->title ? sc->title : sc->name->str);
                buf_puts(b, " ");
                md_code(b, sc->name->str, true);
            }
            buf_puts(b, " | ");
            if (cnt)
                buf_puts(b, "**");
            md_text(b, report_word_title(&sc->values[w]));
            if (cnt)
                buf_puts(b, "**");
            buf_puts(b, " ");
            md_code(b, sc->values[w].name->str, true);
            buf_printf(b, " | %zu |\n", cnt);
        }
    }
    buf_printf(b, "| **%s** | | **%zu** |\n\n", l->total, n);
}

/* Verdict tables of kinds that several criteria judge. */
static void put_tables(Buf *b, Run *r, Finding **fs, size_t n, const ReportLabels *l)
{
    ReportTable *ts;
    size_t nt = report_tables(r, fs, n, NULL, 0, false, &ts);
    for (size_t i = 0; i < nt; i++) {
        const ReportTable *t = &ts[i];
        if (t->ncriteria < 2)
            continue;
        buf_puts(b, "## ");
        md_text(b, t->kind->title);
        buf_puts(b, "\n\n| ");
        md_text(b, t->kind->title);
        for (uint32_t c = 0; c < t->ncriteria; c++) {
            buf_puts(b, " | ");
            md_text(b, t->criteria[c]->title);
        }
        buf_puts(b, " |\n|---");
        for (uint32_t c = 0; c < t->ncriteria; c++)
            buf_puts(b, "|---");
        buf_puts(b, "|\n");
        for (uint32_t s = 0; s < t->nsubjects; s++) {
            const Finding *sf = t->subjects[s];
            buf_puts(b, "| ");
            md_text(b, sf->subject_title ? sf->subject_title : sf->subject_id);
            for (uint32_t c = 0; c < t->ncriteria; c++) {
                const Finding *f = t->cells[(size_t)s * t->ncriteria + c];
                buf_puts(b, " | ");
                if (!f) {
                    buf_puts(b, "\xE2\x80\x94");
                    continue;
                }
                buf_puts(b, "**");
                md_text(b, report_word_title(f->verdict));
                buf_puts(b, "**");
                if (f->judgement && !f->judgement_expired) {
                    buf_puts(b, " (");
                    md_text(b, l->judgement);
                    buf_putc(b, ')');
                }
                if (f->message && *f->message) {
                    buf_puts(b, "<br>");
                    md_text(b, f->message);
                }
            }
            buf_puts(b, " |\n");
        }
        buf_putc(b, '\n');
    }
}

/* One finding as a list item; `cap` data lines at most. */
static void put_finding(Buf *b, Run *r, const Finding *f, const ReportLabels *l, uint32_t cap, bool brief)
{
    const Program *p = run_program(r);
    buf_puts(b, "- ");
    md_code(b, f->id, false);
    buf_puts(b, " **");
    md_text(b, f->subject_title ? f->subject_title : f->subject_id);
    buf_puts(b, "**");
    if (f->message && *f->message) {
        buf_puts(b, ": ");
        md_text(b, f->message);
    }
    if (brief) {
        buf_putc(b, '\n');
        return;
    }
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    buf_printf(b, "  \n  %s ", l->rule);
    md_loc(b, file, line, col, false);
    buf_puts(b, " (");
    md_text(b, f->criterion->title);
    buf_printf(b, ", %s %u)\n", l->row, f->row_index + 1);
    if (f->judgement) {
        const Judgement *j = f->judgement;
        Buf d = BUF_INIT;
        date_format(&d, j->date);
        buf_printf(b, "  \n  *%s*", l->judgement);
        if (f->judgement_expired)
            buf_printf(b, " (%s)", l->expired);
        buf_printf(b, " %s ", l->by);
        md_text(b, j->by ? j->by : "?");
        buf_printf(b, " %s %s", l->on, buf_str(&d));
        if (!f->judgement_expired && f->computed != f->verdict) {
            buf_printf(b, "; %s: ", l->computed);
            md_text(b, report_word_title(f->computed));
        }
        if (j->because) {
            buf_printf(b, "; %s: ", l->because);
            md_text(b, j->because);
        }
        buf_putc(b, '\n');
        buf_free(&d);
    }
    uint32_t shown = f->nevidence < cap ? f->nevidence : cap;
    if (!shown)
        return;
    buf_printf(b, "  <details><summary>%s: %u %s</summary>\n\n", l->data, f->evidence_total, l->values_read);
    for (uint32_t i = 0; i < shown; i++) {
        const Evidence *e = &f->evidence[i];
        uint32_t el, ec;
        evidence_pos(e, &el, &ec);
        buf_puts(b, "  - ");
        md_loc(b, evidence_file(e), el, ec, false);
        buf_puts(b, " ");
        Buf path = BUF_INIT;
        evidence_path(&path, e, p);
        markdown_code(b, buf_str(&path), path.len, false);
        buf_free(&path);
        buf_puts(b, " = ");
        md_value(b, e->value);
        buf_putc(b, '\n');
    }
    if (f->evidence_total > shown)
        buf_printf(b, "  - \xE2\x80\xA6 %s %u %s\n", l->more_values, f->evidence_total - shown, l->values_read);
    buf_puts(b, "\n  </details>\n");
}

/* Cuts b back to its first `len` bytes. */
static void md_cut(Buf *b, size_t len)
{
    if (b->data && len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

/* The line that stands for the findings not listed: how many, and where
 * to see them. */
static void put_not_listed(Buf *b, const ReportLabels *l, size_t more)
{
    buf_printf(b, "*\xE2\x80\xA6 %s %zu %s* (%s `wozorules check --format html`)\n\n", l->more_values, more,
               more == 1 ? l->not_listed_one : l->not_listed_many, l->full_report);
}

/* The findings grouped by verdict. While `room` is not SIZE_MAX, lists
 * findings only while this section stays within `room` bytes, and then
 * one line for the rest (put_not_listed(), not counted in `room`). */
static void put_findings(Buf *b, Run *r, Finding **fs, size_t n, const ReportLabels *l, uint32_t cap, size_t room)
{
    size_t start = b->len;
    size_t i = 0;
    while (i < n) {
        const ScaleValue *w = fs[i]->verdict;
        size_t j = i;
        while (j < n && fs[j]->verdict == w)
            j++;
        /* The bottom of a scale is the reassuring end: folded, one line each. */
        bool bottom = w->index == 0;
        size_t group = b->len;
        buf_puts(b, "## ");
        md_text(b, report_word_title(w));
        buf_puts(b, " ");
        Buf code = BUF_INIT;
        buf_printf(&code, "%s.%s", w->scale->name->str, w->name->str);
        markdown_code(b, buf_str(&code), code.len, false);
        buf_free(&code);
        buf_puts(b, ": ");
        count_label(b, l, j - i);
        buf_puts(b, "\n\n");
        if (bottom) {
            buf_printf(b, "<details><summary>");
            count_label(b, l, j - i);
            buf_puts(b, "</summary>\n\n");
        }
        size_t k = i;
        for (; k < j; k++) {
            size_t before = b->len;
            put_finding(b, r, fs[k], l, cap, bottom && !fs[k]->judgement);
            /* The group's closing lines must fit too. */
            if (room != SIZE_MAX && b->len + 16 - start > room) {
                md_cut(b, k == i ? group : before);
                break;
            }
        }
        if (k > i) {
            if (bottom)
                buf_puts(b, "\n</details>\n");
            buf_putc(b, '\n');
        }
        if (k < j) {
            put_not_listed(b, l, n - k);
            return;
        }
        i = j;
    }
}

/* The whole document; findings as put_findings() lists them, the verdict
 * tables only when `tables`. */
static void put_document(Buf *b, Run *r, Finding **fs, size_t n, const ReportOptions *o, uint32_t cap, bool tables,
                         bool cut)
{
    const ReportLabels *l = o->labels ? o->labels : report_labels(NULL);
    Buf tail = BUF_INIT;
    put_errors(&tail, r, l);
    buf_printf(&tail, "%s wozorules %s\n", l->generated_by, WOZO_VERSION);
    buf_clear(b);
    put_summary(b, r, fs, n, o, l);
    if (tables)
        put_tables(b, r, fs, n, l);
    size_t room = SIZE_MAX;
    if (cut) {
        size_t used = b->len + tail.len + MD_TRAILER;
        room = used < MD_BUDGET ? MD_BUDGET - used : 0;
    }
    put_findings(b, r, fs, n, l, cap, room);
    buf_put(b, buf_str(&tail), tail.len);
    buf_free(&tail);
}

void report_markdown(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    static const uint32_t caps[] = {10, 5, 3, 1, 0};
    const ReportLabels *l = o->labels ? o->labels : report_labels(NULL);
    Buf b = BUF_INIT;
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        put_document(&b, r, fs, n, o, caps[c], true, false);
        if (b.len <= MD_BUDGET)
            break;
    }
    /* Without data lines still too long: list the findings that fit, then
     * without the verdict tables, and as a last resort cut at a line. */
    if (b.len > MD_BUDGET)
        put_document(&b, r, fs, n, o, 0, true, true);
    if (b.len > MD_BUDGET)
        put_document(&b, r, fs, n, o, 0, false, true);
    if (b.len > MD_BUDGET) {
        size_t end = MD_BUDGET - MD_TRAILER;
        /* At the start of a list item, heading or table row. */
        while (end > 0 && !(b.data[end - 1] == '\n' && strchr("-#|\n", b.data[end])))
            end--;
        md_cut(&b, end);
        buf_printf(&b, "\n*\xE2\x80\xA6* (%s `wozorules check --format html`)\n\n%s wozorules %s\n", l->full_report,
                   l->generated_by, WOZO_VERSION);
    }
    buf_put(out, buf_str(&b), b.len);
    buf_free(&b);
}
