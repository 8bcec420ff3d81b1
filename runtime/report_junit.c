/*
 * report_junit.c - the findings as JUnit XML, for CI dashboards.
 *
 * One <testsuite> per criterion (program order), one <testcase> per subject
 * the criterion judged (classname = criterion, name = subject id, file and
 * line of the matched row). A finding at or above --fail-on is a <failure>
 * whose type is the verdict; every test case says its verdict and message
 * in <system-out>. No timestamps and no durations: the file is the same
 * for the same input. Text is escaped with xml_escape(), which also turns
 * control characters XML 1.0 cannot carry into U+FFFD.
 */
#include "report.h"

#include <string.h>


/* An attribute value: as text, but line breaks and tabs as character
 * references, which XML's attribute normalisation would otherwise turn
 * into spaces. */
static void attr_n(Buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        const char *ref = i == n ? "" : s[i] == '\n' ? "&#10;" : s[i] == '\r' ? "&#13;" : s[i] == '\t' ? "&#9;" : NULL;
        if (!ref)
            continue;
        xml_escape(b, s + start, i - start);
        buf_puts(b, ref);
        start = i + 1;
    }
}

static void attr(Buf *b, const char *s) { attr_n(b, s, strlen(s)); }

static void put_case(Buf *b, Run *r, const Finding *f, const ReportOptions *o)
{
    const Program *p = run_program(r);
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    buf_puts(b, "    <testcase classname=\"");
    attr(b, f->criterion->name->str);
    buf_puts(b, "\" name=\"");
    attr(b, f->subject_id);
    buf_puts(b, "\" file=\"");
    attr(b, file);
    buf_printf(b, "\" line=\"%u\">\n", line);
    /* The message and where it comes from, for the failure and the log. */
    Buf t = BUF_INIT;
    buf_printf(&t, "%s: %s", f->verdict->name->str, report_word_title(f->verdict));
    if (f->message && *f->message)
        buf_printf(&t, "\n%s", f->message);
    buf_printf(&t, "\nrule %s:%u:%u (%s)", file, line, col, f->criterion->title);
    for (uint32_t i = 0; i < f->nevidence; i++) {
        const Evidence *e = &f->evidence[i];
        uint32_t el, ec;
        evidence_pos(e, &el, &ec);
        buf_printf(&t, "\n%s %s:%u", i ? "    " : "data", evidence_file(e), el);
        if (ec)  /* 0: the column is unknown */
            buf_printf(&t, ":%u", ec);
        buf_puts(&t, "  ");
        evidence_path(&t, e, p);
        buf_puts(&t, " = ");
        val_format(&t, e->value, true);
    }
    if (f->evidence_total > f->nevidence)
        buf_printf(&t, "\n     ... and %u more value%s read", f->evidence_total - f->nevidence,
                   f->evidence_total - f->nevidence == 1 ? "" : "s");
    if (f->judgement)
        buf_printf(&t, "\njudgement by %s%s: %s", f->judgement->by ? f->judgement->by : "?",
                   f->judgement_expired ? " (expired: not applied)" : "",
                   f->judgement->because ? f->judgement->because : "");
    if (finding_fails(f, o->fail_on)) {
        buf_puts(b, "      <failure type=\"");
        attr(b, f->verdict->name->str);
        buf_puts(b, "\" message=\"");
        Buf m = BUF_INIT;
        buf_printf(&m, "%s: %s", report_word_title(f->verdict), f->message && *f->message ? f->message : f->subject_id);
        attr_n(b, buf_str(&m), m.len);
        buf_free(&m);
        buf_puts(b, "\">");
        xml_escape(b, buf_str(&t), t.len);
        buf_puts(b, "</failure>\n");
    }
    buf_puts(b, "      <system-out>");
    xml_escape(b, buf_str(&t), t.len);
    buf_puts(b, "</system-out>\n    </testcase>\n");
    buf_free(&t);
}

/* A subject whose evaluation failed: a test case in error (JUnit's word
 * for a test that could not run), with the runtime error. */
static void put_error_case(Buf *b, const Finding *f)
{
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    buf_puts(b, "    <testcase classname=\"");
    attr(b, f->criterion->name->str);
    buf_puts(b, "\" name=\"");
    attr(b, f->subject_id);
    buf_puts(b, "\" file=\"");
    attr(b, file);
    buf_printf(b, "\" line=\"%u\">\n      <error type=\"%s\" message=\"", line, finding_error_code(f));
    attr(b, f->error ? f->error : "");
    buf_puts(b, "\">");
    Buf t = BUF_INIT;
    buf_printf(&t, "error[%s]: %s\nrule %s:%u:%u (%s)", finding_error_code(f), f->error ? f->error : "", file, line,
               col, f->criterion->title);
    xml_escape(b, buf_str(&t), t.len);
    buf_free(&t);
    buf_puts(b, "</error>\n    </testcase>\n");
}

void report_junit(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    const Program *p = run_program(r);
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    size_t failing = 0;
    for (size_t k = 0; k < n; k++)
        failing += finding_fails(fs[k], o->fail_on);
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf_printf(out, "<testsuites name=\"wozorules check\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
               n + nfailed, failing, nfailed);
    for (size_t c = 0; c < p->criteria.len; c++) {
        const Criterion *cr = p->criteria.items[c];
        size_t tests = 0, failures = 0, errors = 0;
        for (size_t k = 0; k < n; k++)
            if (fs[k]->criterion == cr) {
                tests++;
                failures += finding_fails(fs[k], o->fail_on);
            }
        for (size_t k = 0; k < nfailed; k++)
            errors += failed[k]->criterion == cr;
        buf_puts(out, "  <testsuite name=\"");
        attr(out, cr->name->str);
        buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", tests + errors,
                   failures, errors);
        buf_puts(out, "    <properties><property name=\"title\" value=\"");
        attr(out, cr->title);
        buf_puts(out, "\"/><property name=\"scale\" value=\"");
        attr(out, cr->scale->name->str);
        buf_puts(out, "\"/></properties>\n");
        for (size_t k = 0; k < n; k++)
            if (fs[k]->criterion == cr)
                put_case(out, r, fs[k], o);
        for (size_t k = 0; k < nfailed; k++)
            if (failed[k]->criterion == cr)
                put_error_case(out, failed[k]);
        buf_puts(out, "  </testsuite>\n");
    }
    buf_puts(out, "</testsuites>\n");
}
