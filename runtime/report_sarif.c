/*
 * report_sarif.c - the findings as SARIF 2.1.0 (OASIS Static Analysis
 * Results Interchange Format), for code-scanning views.
 *
 * One run of the tool "wozorules"; one reportingDescriptor (rule) per
 * criterion, in program order; one result per finding:
 *   ruleId             the criterion's name
 *   level              top of the verdict's scale: error; bottom: note;
 *                      any word in between: warning
 *   message            the finding's message (or "SUBJECT: VERDICT")
 *   locations          the matched row of the criterion (file, line, column)
 *   relatedLocations   every datum read (file, line, column), with its path
 *                      and value as the message
 *   partialFingerprints.wozoFindingId   the finding id ("criterion/subject"),
 *                      which survives edits elsewhere in the files
 *   properties         subject, verdict, scale, computed verdict, judgement
 * Paths are relative to the directory the tool ran in, written as URI
 * references with uriBaseId "%SRCROOT%"; columns count Unicode code points,
 * as the tool's own messages do ("columnKind": "unicodeCodePoints").
 * Validated against the official schema by tests/report-sarif.sh.
 */
#include "report.h"
#include "../base/date.h"

#include <string.h>

static void jstr(Buf *b, const char *s) { json_string(b, s, strlen(s)); }

/* A path as a relative URI reference: unreserved characters and '/' as
 * they are, every other byte percent-encoded (RFC 3986), so spaces, '#',
 * '?' and non-ASCII names survive. */
static void put_uri(Buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    Buf u = BUF_INIT;
    if (path[0] == '/')
        buf_puts(&u, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~' || c == '/') {
            buf_putc(&u, (char)c);
        } else {
            buf_putc(&u, '%');
            buf_putc(&u, hex[c >> 4]);
            buf_putc(&u, hex[c & 15]);
        }
    }
    json_string(b, buf_str(&u), u.len);
    buf_free(&u);
}

static void put_physical(Buf *b, const char *file, uint32_t line, uint32_t col)
{
    buf_puts(b, "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    put_uri(b, file);
    if (file[0] != '/')
        buf_puts(b, ", \"uriBaseId\": \"%SRCROOT%\"");
    /* A datum whose column is unknown (0) has no startColumn. */
    if (line && !col)
        buf_printf(b, "}, \"region\": {\"startLine\": %u}}", line);
    else
        buf_printf(b, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u}}", line ? line : 1, col ? col : 1);
}

/* Closes the message and writes the result's one location: the rule line
 * of the finding (for a failed subject, where its evaluation stopped). */
static void put_rule_location(Buf *b, const Finding *f)
{
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    buf_puts(b, "},\n          \"locations\": [");
    put_physical(b, file, line, col);
    buf_puts(b, "}]");
}

/* error / warning / note by the word's place on its scale. */
static const char *level_of(const ScaleValue *w)
{
    if (w->scale->nvalues > 1 && w->index + 1 == w->scale->nvalues)
        return "error";
    if (w->index == 0)
        return "note";
    return "warning";
}

static void put_rule(Buf *b, const Criterion *c)
{
    const char *file;
    uint32_t line, col;
    Span s = c->decl->v.x->name_span;
    const Source *src = source_get(s.file);
    file = src ? src->path : "?";
    source_linecol(s.file, s.off, &line, &col);
    buf_puts(b, "        {\"id\": ");
    jstr(b, c->name->str);
    buf_puts(b, ", \"shortDescription\": {\"text\": ");
    jstr(b, c->title);
    buf_puts(b, "}, \"fullDescription\": {\"text\": ");
    Buf t = BUF_INIT;
    buf_printf(&t, "%s (%s:%u)", c->title, file, line);
    json_string(b, buf_str(&t), t.len);
    buf_free(&t);
    buf_puts(b, "}, \"defaultConfiguration\": {\"level\": \"warning\"}, \"properties\": {\"scale\": ");
    jstr(b, c->scale->name->str);
    buf_puts(b, ", \"verdicts\": [");
    for (uint32_t w = 0; w < c->scale->nvalues; w++) {
        buf_puts(b, w ? ", " : "");
        jstr(b, c->scale->values[w].name->str);
    }
    buf_puts(b, "], \"subjectKind\": ");
    jstr(b, c->kind ? c->kind->name->str : "");
    buf_puts(b, "}}");
}

static void put_result(Buf *b, Run *r, const Finding *f, uint32_t rule_index, const ReportOptions *o)
{
    const Program *p = run_program(r);
    buf_puts(b, "        {\"ruleId\": ");
    jstr(b, f->criterion->name->str);
    buf_printf(b, ", \"ruleIndex\": %u, \"level\": \"%s\", \"message\": {\"text\": ", rule_index,
               level_of(f->verdict));
    if (f->message && *f->message) {
        jstr(b, f->message);
    } else {
        Buf t = BUF_INIT;
        buf_printf(&t, "%s: %s", f->subject_title ? f->subject_title : f->subject_id, report_word_title(f->verdict));
        json_string(b, buf_str(&t), t.len);
        buf_free(&t);
    }
    put_rule_location(b, f);
    if (f->nevidence) {
        buf_puts(b, ",\n          \"relatedLocations\": [");
        for (uint32_t i = 0; i < f->nevidence; i++) {
            const Evidence *e = &f->evidence[i];
            uint32_t el, ec;
            evidence_pos(e, &el, &ec);
            buf_puts(b, i ? ",\n            " : "\n            ");
            buf_printf(b, "{\"id\": %u, ", i + 1);
            Buf t = BUF_INIT;
            put_physical(&t, evidence_file(e), el, ec);
            /* put_physical opens an object; splice its members into ours. */
            buf_put(b, buf_str(&t) + 1, t.len - 1);
            buf_free(&t);
            buf_puts(b, ", \"message\": {\"text\": ");
            Buf m = BUF_INIT;
            evidence_path(&m, e, p);
            buf_puts(&m, " = ");
            val_format(&m, e->value, true);
            json_string(b, buf_str(&m), m.len);
            buf_free(&m);
            buf_puts(b, "}}");
        }
        buf_puts(b, "\n          ]");
    }
    buf_puts(b, ",\n          \"partialFingerprints\": {\"wozoFindingId/v1\": ");
    jstr(b, f->id);
    buf_puts(b, "},\n          \"properties\": {\"subject\": ");
    jstr(b, f->subject_id);
    buf_puts(b, ", \"subjectTitle\": ");
    jstr(b, f->subject_title ? f->subject_title : f->subject_id);
    buf_puts(b, ", \"verdict\": ");
    jstr(b, f->verdict->name->str);
    buf_puts(b, ", \"verdictTitle\": ");
    jstr(b, report_word_title(f->verdict));
    buf_puts(b, ", \"scale\": ");
    jstr(b, f->verdict->scale->name->str);
    buf_puts(b, ", \"computedVerdict\": ");
    jstr(b, f->computed->name->str);
    buf_printf(b, ", \"row\": %u, \"fails\": %s, \"evidenceTotal\": %u", f->row_index + 1,
               finding_fails(f, o->fail_on) ? "true" : "false", f->evidence_total);
    if (f->judgement) {
        const Judgement *j = f->judgement;
        buf_puts(b, ", \"judgement\": {\"by\": ");
        jstr(b, j->by ? j->by : "");
        Buf d = BUF_INIT;
        date_format(&d, j->date);
        buf_puts(b, ", \"date\": ");
        json_string(b, buf_str(&d), d.len);
        buf_free(&d);
        buf_puts(b, ", \"because\": ");
        jstr(b, j->because ? j->because : "");
        buf_printf(b, ", \"expired\": %s}", f->judgement_expired ? "true" : "false");
    }
    buf_puts(b, "}}");
}

/* A subject whose evaluation failed: a result of level error (and kind
 * "fail") at the expression where it stopped, with the runtime error. */
static void put_error_result(Buf *b, const Finding *f, uint32_t rule_index)
{
    buf_puts(b, "        {\"ruleId\": ");
    jstr(b, f->criterion->name->str);
    buf_printf(b, ", \"ruleIndex\": %u, \"kind\": \"fail\", \"level\": \"error\", \"message\": {\"text\": ", rule_index);
    Buf t = BUF_INIT;
    buf_printf(&t, "%s: error[%s]: %s", f->subject_id, finding_error_code(f), f->error ? f->error : "");
    json_string(b, buf_str(&t), t.len);
    buf_free(&t);
    put_rule_location(b, f);
    buf_puts(b, ",\n          \"partialFingerprints\": {\"wozoFindingId/v1\": ");
    jstr(b, f->id);
    buf_puts(b, "},\n          \"properties\": {\"subject\": ");
    jstr(b, f->subject_id);
    buf_puts(b, ", \"subjectTitle\": ");
    jstr(b, f->subject_title ? f->subject_title : f->subject_id);
    buf_puts(b, ", \"error\": ");
    jstr(b, finding_error_code(f));
    buf_puts(b, ", \"fails\": true}}");
}

void report_sarif(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    const Program *p = run_program(r);
    buf_puts(out, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n");
    buf_puts(out, "  \"runs\": [\n    {\n      \"tool\": {\"driver\": {\"name\": \"wozorules\", \"version\": ");
    jstr(out, WOZO_VERSION);
    buf_puts(out, ", \"semanticVersion\": ");
    jstr(out, WOZO_VERSION);
    buf_puts(out, ",\n        \"rules\": [");
    for (size_t c = 0; c < p->criteria.len; c++) {
        buf_puts(out, c ? ",\n" : "\n");
        put_rule(out, p->criteria.items[c]);
    }
    buf_puts(out, p->criteria.len ? "\n        ]}},\n" : "]}},\n");
    buf_puts(out, "      \"columnKind\": \"unicodeCodePoints\",\n");
    if (run_has_as_of(r)) {
        Buf d = BUF_INIT;
        date_format(&d, run_as_of(r));
        buf_puts(out, "      \"properties\": {\"asOf\": ");
        json_string(out, buf_str(&d), d.len);
        buf_puts(out, "},\n");
        buf_free(&d);
    }
    buf_puts(out, "      \"results\": [");
    for (size_t i = 0; i < n; i++) {
        uint32_t idx = 0;
        for (size_t c = 0; c < p->criteria.len; c++)
            if (p->criteria.items[c] == fs[i]->criterion)
                idx = (uint32_t)c;
        buf_puts(out, i ? ",\n" : "\n");
        put_result(out, r, fs[i], idx, o);
    }
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    for (size_t i = 0; i < nfailed; i++) {
        uint32_t idx = 0;
        for (size_t c = 0; c < p->criteria.len; c++)
            if (p->criteria.items[c] == failed[i]->criterion)
                idx = (uint32_t)c;
        buf_puts(out, n + i ? ",\n" : "\n");
        put_error_result(out, failed[i], idx);
    }
    buf_puts(out, n + nfailed ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
}
