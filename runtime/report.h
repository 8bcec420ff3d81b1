/*
 * report.h - writing findings for people and programs.
 *
 * Every writer appends to a Buf and depends only on the findings, the Run
 * they came from and the options, so output is byte-identical for the same
 * input whatever the locale, time zone or file order.
 */
#ifndef WOZO_REPORT_H
#define WOZO_REPORT_H

#include "eval.h"

typedef struct ReportOptions {
    bool color;          /* ANSI colours (text only) */
    bool explain;        /* rows, lets and all evidence */
    const ScaleValue *fail_on;  /* NULL: the top of each scale */
} ReportOptions;

/* Whether a finding's verdict is at or above the --fail-on level. */
bool finding_fails(const Finding *f, const ScaleValue *fail_on);

void report_text(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
void report_json(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);

/* Helpers shared by the writers. */
/* The file, line and column of the row that matched. */
void finding_rule_loc(const Finding *f, const char **file, uint32_t *line, uint32_t *col);
/* Where an evidence value is, and its path: regions[2].findings.spoedzorg.status */
void evidence_path(Buf *b, const Evidence *e, const Program *p);
const char *evidence_file(const Evidence *e);
/* The citation of a thing (its `source` field), or NULL. */
const char *thing_citation(Run *r, const Thing *t);
/* Appends s with XML's special characters escaped; control characters XML
 * cannot carry become U+FFFD. */
void xml_escape(Buf *b, const char *s, size_t n);
/* Appends s as a JSON string (quoted, escaped, valid UTF-8 kept). */
void json_string(Buf *b, const char *s, size_t n);

#endif
