/*
 * report_github.c - GitHub Actions workflow commands: one annotation per
 * finding at or above --fail-on, so findings show on the pull request's
 * changed rule files without code scanning.
 *
 *   ::error file=rules/criteria/part4.wozo,line=59,col=3,title=...::message
 *
 * Every annotation has an explicit line (the matched row, or the criterion's
 * name when no row matched). Escaping follows the runner's own rules
 * (actions/toolkit, command.ts): in the message '%', CR and LF become %25,
 * %0D and %0A; in property values ':' and ',' also become %3A and %2C. So no
 * text from the rules or data can end the command or start another one.
 * Findings below --fail-on are not written: they are in the other formats.
 */
#include "report.h"

#include <string.h>

#define GITHUB_EVIDENCE_SHOWN 3

/* The message part of a command. */
static void data_esc(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '%': buf_puts(b, "%25"); break;
        case '\r': buf_puts(b, "%0D"); break;
        case '\n': buf_puts(b, "%0A"); break;
        default: buf_putc(b, s[i]);
        }
    }
}

/* A property value (file=, title=). */
static void prop_esc(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '%': buf_puts(b, "%25"); break;
        case '\r': buf_puts(b, "%0D"); break;
        case '\n': buf_puts(b, "%0A"); break;
        case ':': buf_puts(b, "%3A"); break;
        case ',': buf_puts(b, "%2C"); break;
        default: buf_putc(b, s[i]);
        }
    }
}

void report_github(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    const Program *p = run_program(r);
    for (size_t k = 0; k < n; k++) {
        const Finding *f = fs[k];
        if (!finding_fails(f, o->fail_on))
            continue;
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        buf_puts(out, "::error file=");
        prop_esc(out, file, strlen(file));
        buf_printf(out, ",line=%u,col=%u,title=", line ? line : 1, col ? col : 1);
        Buf t = BUF_INIT;
        buf_printf(&t, "%s: %s (%s)", report_word_title(f->verdict), f->subject_title ? f->subject_title : f->subject_id,
                   f->criterion->name->str);
        prop_esc(out, buf_str(&t), t.len);
        buf_clear(&t);
        buf_puts(out, "::");
        buf_puts(&t, f->message && *f->message ? f->message : f->id);
        uint32_t shown = f->nevidence < GITHUB_EVIDENCE_SHOWN ? f->nevidence : GITHUB_EVIDENCE_SHOWN;
        for (uint32_t i = 0; i < shown; i++) {
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
        if (f->evidence_total > shown)
            buf_printf(&t, "\n     ... and %u more value%s read", f->evidence_total - shown,
                       f->evidence_total - shown == 1 ? "" : "s");
        if (f->judgement)
            buf_printf(&t, "\njudgement by %s%s: %s", f->judgement->by ? f->judgement->by : "?",
                       f->judgement_expired ? " (expired: not applied)" : "",
                       f->judgement->because ? f->judgement->because : "");
        data_esc(out, buf_str(&t), t.len);
        buf_putc(out, '\n');
        buf_free(&t);
    }
    /* Subjects whose evaluation failed are errors whatever --fail-on says:
     * the run exits 2 for them. */
    size_t nfailed;
    Finding **failed = run_failures(r, &nfailed);
    for (size_t k = 0; k < nfailed; k++) {
        const Finding *f = failed[k];
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        buf_puts(out, "::error file=");
        prop_esc(out, file, strlen(file));
        buf_printf(out, ",line=%u,col=%u,title=", line ? line : 1, col ? col : 1);
        Buf t = BUF_INIT;
        buf_printf(&t, "error[%s]: %s (%s)", finding_error_code(f), f->subject_title ? f->subject_title : f->subject_id,
                   f->criterion->name->str);
        prop_esc(out, buf_str(&t), t.len);
        buf_clear(&t);
        buf_puts(out, "::");
        buf_printf(&t, "%s: %s", f->id, f->error ? f->error : "");
        data_esc(out, buf_str(&t), t.len);
        buf_putc(out, '\n');
        buf_free(&t);
    }
}
