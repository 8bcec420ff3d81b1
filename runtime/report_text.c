/*
 * report_text.c - findings for people on a terminal: grouped by verdict,
 * most severe first, each with its message, the rule line and the data
 * lines behind it, and a one-line summary at the end.
 */
#include "report.h"
#include "../lang/fmt.h"
#include "../base/date.h"
#include "../base/utf8.h"

#include <string.h>

#define TEXT_EVIDENCE_SHOWN 3

typedef struct Colors {
    const char *bold, *dim, *red, *yellow, *green, *reset;
} Colors;

static const Colors no_colors = {"", "", "", "", "", ""};
static const Colors ansi = {"\033[1m", "\033[2m", "\033[1;31m", "\033[1;33m", "\033[1;32m", "\033[0m"};

/* The top of a scale is red, the bottom green, the rest yellow. */
static const char *verdict_color(const Colors *c, const ScaleValue *w)
{
    if (w->index + 1 == w->scale->nvalues)
        return c->red;
    if (w->index == 0)
        return c->green;
    return c->yellow;
}

/* Appends a message or title from the rules or the data: a line break
 * continues on a new line indented by `indent` spaces, and other control
 * characters, C0 and C1 (an escape sequence in the data could drive the
 * terminal), become U+FFFD. A bidirectional control (U+202A..U+202E,
 * U+2066..U+2069) or mark (U+200E, U+200F, U+061C), which would reorder
 * what follows it on the line, is shown as <U+202E>. */
static void put_text(Buf *b, const char *s, size_t indent)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        uint32_t cp;
        if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F) {
            buf_puts(b, "\xEF\xBF\xBD");
            s++;
        } else if ((c == 0xE2 || c == 0xD8) && utf8_decode(s, strnlen(s, 3), &cp) >= 2 &&
                   (utf8_is_bidi_control(cp) || cp == 0x200E || cp == 0x200F || cp == 0x061C)) {
            buf_printf(b, "<U+%04X>", (unsigned)cp);
            s += cp == 0x061C ? 1 : 2;
        } else if (c == '\n') {
            if (!s[1])
                break;  /* a final line break would leave an empty line */
            buf_putc(b, '\n');
            buf_fill(b, ' ', indent);
        } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            buf_puts(b, "\xEF\xBF\xBD");
        } else {
            buf_putc(b, (char)c);
        }
    }
}

/* A value as the rules would write it, through put_text(). */
static void put_value(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    val_format(&t, v, true);
    put_text(b, buf_str(&t), 10);
    buf_free(&t);
}

/* An expression on one line, as the formatter writes it (so the alignment
 * padding of a decision table does not leak into --explain), cut at 160
 * characters. */
static void put_expr(Buf *b, const AstNode *n)
{
    Buf t = BUF_INIT;
    fmt_expr(&t, n);
    size_t len = t.len, cut = 0, chars = 0;
    /* Cut at a character boundary, counting characters, not bytes. */
    while (cut < len && chars < 160) {
        cut++;
        while (cut < len && ((unsigned char)t.data[cut] & 0xC0) == 0x80)
            cut++;
        chars++;
    }
    buf_put(b, buf_str(&t), cut);
    if (cut < len)
        buf_puts(b, "...");
    buf_free(&t);
}

/* A row of a decision table: its condition and its verdict; the message is
 * shown with the finding itself. */
static void put_row(Buf *b, const Row *row)
{
    if (row->cond) {
        buf_puts(b, "when ");
        put_expr(b, row->cond);
    } else {
        buf_puts(b, "otherwise");
    }
    if (row->verdict)
        buf_printf(b, " => %s", row->verdict->name->str);
}

static void put_evidence(Buf *b, const Evidence *e, const Program *p, const Colors *c)
{
    buf_printf(b, "%s", c->dim);
    uint32_t line, col;
    evidence_pos(e, &line, &col);
    buf_put_place(b, evidence_file(e), line, col);
    buf_printf(b, "%s  ", c->reset);
    Buf path = BUF_INIT;
    evidence_path(&path, e, p);
    put_text(b, buf_str(&path), 10);
    buf_free(&path);
    buf_puts(b, " = ");
    put_value(b, e->value);
    buf_putc(b, '\n');
}

static void put_finding(Buf *b, Run *r, const Finding *f, const ReportOptions *o, const Colors *c)
{
    const Program *p = run_program(r);
    /* The least worrying verdicts take one line each, unless explained. */
    if (f->verdict->index == 0 && !f->judgement && !o->explain) {
        buf_printf(b, "  %s", c->bold);
        put_text(b, f->id, 4);
        buf_puts(b, c->reset);
        if (f->message && *f->message) {
            buf_puts(b, "  ");
            put_text(b, f->message, 4);
        }
        buf_putc(b, '\n');
        return;
    }
    buf_printf(b, "  %s", c->bold);
    put_text(b, f->id, 4);
    buf_puts(b, c->reset);
    if (f->subject_title && strcmp(f->subject_title, f->subject_id) != 0) {
        buf_puts(b, "  ");
        put_text(b, f->subject_title, 4);
    }
    buf_putc(b, '\n');
    if (f->message && *f->message) {
        buf_puts(b, "    ");
        put_text(b, f->message, 4);
        buf_putc(b, '\n');
    }
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    buf_puts(b, "    rule  ");
    buf_put_place(b, file, line, col);
    buf_printf(b, "  (%s)\n", f->criterion->title);
    uint32_t shown = o->explain ? f->nevidence : (f->nevidence < TEXT_EVIDENCE_SHOWN ? f->nevidence : TEXT_EVIDENCE_SHOWN);
    for (uint32_t i = 0; i < shown; i++) {
        buf_puts(b, i ? "          " : "    data  ");
        put_evidence(b, &f->evidence[i], p, c);
    }
    if (f->evidence_total > shown)
        buf_printf(b, "          ... and %u more value%s read\n", f->evidence_total - shown,
                   f->evidence_total - shown == 1 ? "" : "s");
    if (o->explain) {
        for (uint32_t i = 0; i < f->ncited; i++) {
            const char *cite = thing_citation(r, f->cited[i]);
            if (cite) {
                buf_printf(b, "    cite  %s %s: ", f->cited[i]->kind->name->str, f->cited[i]->name->str);
                put_text(b, cite, 10);
                buf_putc(b, '\n');
            }
        }
    }
    if (f->judgement) {
        const Judgement *j = f->judgement;
        Buf d = BUF_INIT;
        date_format(&d, j->date);
        buf_puts(b, "    judgement by ");
        put_text(b, j->by ? j->by : "?", 4);
        buf_printf(b, " on %s%s: ", buf_str(&d), f->judgement_expired ? " (expired: not applied)" : "");
        put_text(b, j->because ? j->because : "", 4);
        buf_putc(b, '\n');
        if (!f->judgement_expired && f->computed != f->verdict)
            buf_printf(b, "    (computed verdict: %s)\n", f->computed->name->str);
        buf_free(&d);
    }
    if (o->explain && f->row) {
        const Criterion *cr = f->criterion;
        uint32_t w = 0;
        for (uint32_t i = 0; i < f->row_index; i++) {
            buf_puts(b, "    no    ");
            put_row(b, &cr->rows[i]);
            buf_putc(b, '\n');
            /* why not: the values its condition compared */
            for (; w < f->nwhy && f->why[w].row == i; w++) {
                buf_puts(b, "          ");
                put_expr(b, f->why[w].expr);
                buf_puts(b, " = ");
                put_value(b, f->why[w].value);
                buf_putc(b, '\n');
            }
        }
        buf_puts(b, "    match ");
        put_row(b, f->row);
        buf_putc(b, '\n');
        for (uint32_t i = 0; i < f->nlets; i++) {
            buf_printf(b, "    let   %s = ", f->lets[i].let->name->str);
            put_value(b, f->lets[i].value);
            buf_putc(b, '\n');
        }
    }
}

/* The summary's count of failing findings without --fail-on: those at the
 * top of a verdict scale, named by its word, each name once: "(0 critical)",
 * "(2 critical or blocker)". Nothing when no criterion has a scale. */
static void put_failing_words(Buf *out, const Program *p, size_t failing)
{
    const char *names[8];
    size_t nnames = 0, more = 0;
    for (size_t s = 0; s < p->scales.len; s++) {
        const Scale *sc = p->scales.items[s];
        bool verdicts = false;
        for (size_t i = 0; i < p->criteria.len && !verdicts; i++)
            verdicts = p->criteria.items[i]->scale == sc;
        if (!verdicts || !sc->nvalues)
            continue;
        const char *top = sc->values[sc->nvalues - 1].name->str;
        bool dup = false;
        for (size_t k = 0; k < nnames && !dup; k++)
            dup = strcmp(names[k], top) == 0;
        if (dup)
            continue;
        if (nnames < sizeof names / sizeof names[0])
            names[nnames++] = top;
        else
            more++;
    }
    if (!nnames)
        return;
    buf_printf(out, " (%zu ", failing);
    for (size_t k = 0; k < nnames; k++)
        buf_printf(out, "%s%s", k == 0 ? "" : k + 1 == nnames && !more ? " or " : ", ", names[k]);
    if (more)
        buf_printf(out, " or %zu other top word%s", more, more == 1 ? "" : "s");
    buf_putc(out, ')');
}

void report_text(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    const Colors *c = o->color ? &ansi : &no_colors;
    if (o->explain)
        for (size_t k = 0; k < n; k++)
            run_explain(r, fs[k]);
    size_t i = 0;
    while (i < n) {
        const ScaleValue *w = fs[i]->verdict;
        size_t j = i;
        while (j < n && fs[j]->verdict == w)
            j++;
        buf_printf(out, "%s%s%s", verdict_color(c, w), w->name->str, c->reset);
        if (w->title)
            buf_printf(out, " (%s)", w->title);
        if (run_program(r)->scales.len > 1 && w->scale != run_program(r)->verdict_scale)
            buf_printf(out, " [%s]", w->scale->name->str);
        buf_printf(out, ": %zu finding%s\n", j - i, j - i == 1 ? "" : "s");
        for (size_t k = i; k < j; k++)
            put_finding(out, r, fs[k], o, c);
        buf_putc(out, '\n');
        i = j;
    }
    /* Subjects whose evaluation failed: the error, already on standard
     * error with its context, and where it happened. */
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    if (nfailed) {
        buf_printf(out, "%serror%s: %zu subject%s could not be evaluated\n", c->red, c->reset, nfailed,
                   nfailed == 1 ? "" : "s");
        for (size_t k = 0; k < nfailed; k++) {
            const Finding *f = failed[k];
            buf_printf(out, "  %s", c->bold);
            put_text(out, f->id, 4);
            buf_printf(out, "%s\n    error[%s]: ", c->reset, finding_error_code(f));
            put_text(out, f->error, 4);
            const char *file;
            uint32_t line, col;
            finding_rule_loc(f, &file, &line, &col);
            buf_printf(out, "\n    %srule%s  ", c->dim, c->reset);
            buf_put_place(out, file, line, col);
            buf_printf(out, "  (%s)\n", f->criterion->title);
        }
        buf_putc(out, '\n');
    }
    /* Summary: per scale, its words from the top, with counts. */
    const Program *p = run_program(r);
    size_t failing = 0;
    for (size_t k = 0; k < n; k++)
        failing += finding_fails(fs[k], o->fail_on);
    buf_printf(out, "%zu finding%s", n, n == 1 ? "" : "s");
    const char *sep = ": ";
    for (size_t s = 0; s < p->scales.len; s++) {
        const Scale *sc = p->scales.items[s];
        const char *inner = sep;
        for (uint32_t w = sc->nvalues; w-- > 0;) {
            size_t cnt = 0;
            for (size_t k = 0; k < n; k++)
                cnt += fs[k]->verdict == &sc->values[w];
            if (!cnt)
                continue;
            buf_printf(out, "%s%zu %s", inner, cnt, sc->values[w].name->str);
            inner = ", ";
            sep = "; ";
        }
    }
    if (o->fail_on)
        buf_printf(out, " (%zu at or above %s)", failing, o->fail_on->name->str);
    else
        put_failing_words(out, p, failing);
    if (nfailed)
        buf_printf(out, "; %zu subject%s failed", nfailed, nfailed == 1 ? "" : "s");
    buf_putc(out, '\n');
}
