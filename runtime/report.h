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

typedef struct ReportLabels ReportLabels;

typedef struct ReportOptions {
    bool color;          /* ANSI colours (text only) */
    bool explain;        /* rows, lets and all evidence */
    const ScaleValue *fail_on;  /* NULL: the top of each scale */
    const ReportLabels *labels; /* words around the data (html, markdown);
                                   NULL: report_labels(NULL), Dutch */
} ReportOptions;

/* Whether a finding's verdict is at or above the --fail-on level. */
bool finding_fails(const Finding *f, const ScaleValue *fail_on);

void report_text(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
void report_json(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);

/* The other formats (docs/reports.md). Each writes one complete document. */
void report_html(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
void report_markdown(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
void report_sarif(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
void report_junit(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
void report_github(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
/* The coverage matrices (see ReportMatrix) as CSV, one row per cell. */
void report_csv(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);
/* The findings as CSV, one row per finding. */
void report_csv_findings(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);

typedef void (*ReportWriter)(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o);

/* One entry of the table of formats that `check --format` accepts. */
typedef struct ReportFormat {
    const char *name;     /* as given to --format: "html" */
    ReportWriter write;
    const char *summary;  /* one line for --help */
    bool whole_records;   /* shows every field of the data's records (the
                             matrices' cells), also those no rule reads:
                             the data must keep them (run_keep_unread()) */
} ReportFormat;

/* Every format, in the order --help lists them; the table is static. */
extern const ReportFormat report_formats[];
extern const size_t report_nformats;
/* The format called `name`, or NULL. */
const ReportFormat *report_format_find(const char *name);

/* The words a document puts around the data: headings, column names. The
 * rules supply every domain word (titles of kinds, scales, criteria); these
 * are only the report's own. */
struct ReportLabels {
    const char *lang;          /* BCP 47 tag for <html lang>: "nl" */
    const char *title;         /* "Bevindingen" */
    const char *contents, *summary, *matrices, *tables, *findings, *legend;
    const char *as_of, *no_as_of, *generated_by;
    const char *scale, *word, *count, *total, *criterion, *subject, *verdict, *message;
    const char *rule, *row, *data, *value, *path, *place, *citations, *judgement;
    const char *computed, *expired, *by, *on, *because, *quote, *source, *expires;
    const char *not_applicable, *missing, *at_least, *share_of, *more_values;
    const char *values_read, *failing, *finding_one, *finding_many, *computed_values;
    const char *none;
    const char *errors;          /* "Fouten": heading of the failed subjects */
    const char *failed;          /* "niet te evalueren (fout)": after their count */
    const char *not_listed_one, *not_listed_many; /* "bevinding(en) niet getoond"
                                    after "en nog N" (Markdown, cut) */
    const char *full_report;     /* where the findings not listed are */
    const char *counts_caption;  /* "Bevindingen per oordeel" */
    const char *criteria_caption; /* "Oordelen per criterium" */
};

/* The labels for a language ("nl", "en"); NULL or an unknown tag: Dutch.
 * The tables are static. */
const ReportLabels *report_labels(const char *lang);

/* ---- Views: what the documents draw besides the list of findings ----
 *
 * Everything here is found from the types in the rules, never from names,
 * so the writers stay free of any one analysis (docs/reports.md). */

/* A coverage matrix: a dataset whose records (the columns) each hold a map
 * from things of a kind (the rows) to records with a field of a scale type
 * (the cells). In the WOZO analysis: regions x indicators, coloured by
 * status. Rows are grouped by the first field of the row kind that refers to
 * another kind (indicator.category), groups in that kind's order, rows in
 * declaration order within a group. Only things valid on the evaluation date
 * are rows. All arrays are in the Run's arena. */
typedef struct ReportMatrix {
    const Dataset *dataset;
    const Kind *record_kind;    /* kind of the dataset's records */
    const Field *map_field;     /* the record field `map of KEY to CELL` */
    const Kind *key_kind;       /* kind of the rows */
    const Kind *cell_kind;      /* kind of the cells */
    const Field *scale_field;   /* the cell kind's first field of a scale type */
    const Scale *scale;
    const Field *group_field;   /* NULL: no grouping */
    const Record **records;     /* the columns, in file order */
    uint32_t nrecords;
    const Thing **keys;         /* the rows, grouped */
    const Thing **groups;       /* per row: its group thing; NULL when absent */
    uint32_t nkeys;
} ReportMatrix;

/* Every coverage matrix of the Run's datasets, in dataset and field order.
 * Returns the count; *out is in the Run's arena (NULL when none). */
size_t report_matrices(Run *r, ReportMatrix **out);
/* The cell of column `rec` and row `key`, or NULL when the map has none. */
const Record *report_matrix_cell(const ReportMatrix *m, uint32_t rec, uint32_t key);
/* The scale word of a cell, or NULL when the cell or its word is absent. */
const ScaleValue *report_cell_word(const ReportMatrix *m, const Record *cell);

/* The verdicts of every criterion over one kind, side by side: one row per
 * subject, one column per criterion; the Part 4 / Part 5 table of themes. */
typedef struct ReportTable {
    const Kind *kind;
    const Criterion **criteria; /* over this kind, in program order */
    uint32_t ncriteria;
    const Finding **subjects;   /* per row: the first finding of the subject */
    uint32_t nsubjects;         /* rows: things in declaration order, records
                                   in file order */
    const Finding **cells;      /* nsubjects * ncriteria; NULL: no verdict
                                   (the criterion's `where` left it out) */
} ReportTable;

/* One table per kind that criteria judge, most criteria first, then the
 * kind with the most severe verdict, then program order. Findings over a
 * kind that is the row kind of a matrix are left out when `skip_matrix_keys`
 * (the matrix shows them). Returns the count; *out is in the Run's arena. */
size_t report_tables(Run *r, Finding **fs, size_t n, const ReportMatrix *ms, size_t nm,
                     bool skip_matrix_keys, ReportTable **out);

/* The finding of criterion `c` for subject thing `t`, or NULL (for the
 * verdict columns of a matrix and its groups). */
const Finding *report_find(Finding **fs, size_t n, const Criterion *c, const Thing *t);

/* The criteria whose subjects are things of kind k, in program order. */
size_t report_criteria_over(const Program *p, const Kind *k, const Criterion ***out, Arena *a);

/* Display names: a word's title (its name when it has none); a record's
 * title, or its id, or its path. */
const char *report_word_title(const ScaleValue *w);
void report_record_title(Buf *b, const Record *rec, const Program *p);
/* Whether a thing counts on the Run's evaluation date. */
bool report_thing_valid(const Run *r, const Thing *t);

/* Helpers shared by the writers. */
/* Failed subjects (run_failures()) are listed by every writer as errors,
 * after the findings, each with its criterion, subject, the runtime error's
 * code and message and where it happened, and counted in the summary. */
/* The code of a failed finding's error: "E101". */
const char *finding_error_code(const Finding *f);
/* The file, line and column of the row that matched; for a failed finding,
 * of the expression where the evaluation stopped. */
void finding_rule_loc(const Finding *f, const char **file, uint32_t *line, uint32_t *col);
/* Where an evidence value is, and its path: regions[2].findings.spoedzorg.status */
void evidence_path(Buf *b, const Evidence *e, const Program *p);
const char *evidence_file(const Evidence *e);
/* The line and column of an evidence value in its file. */
void evidence_pos(const Evidence *e, uint32_t *line, uint32_t *col);
/* The citation of a thing (its `source` field), or NULL. */
const char *thing_citation(Run *r, const Thing *t);
/* Appends s with XML's special characters escaped; control characters XML
 * cannot carry become U+FFFD. */
void xml_escape(Buf *b, const char *s, size_t n);
/* Appends s as Markdown inline text that stays text: punctuation escaped,
 * '<', '>' and '&' as entities, line breaks as spaces (report_markdown.c). */
void markdown_text(Buf *b, const char *s, size_t n);
/* Appends s as a Markdown code span, fenced with more backticks than any
 * run inside it; `in_table`: also escape '|' (GFM table cells). */
void markdown_code(Buf *b, const char *s, size_t n, bool in_table);
/* Appends s as a JSON string (quoted, escaped, valid UTF-8 kept). */
void json_string(Buf *b, const char *s, size_t n);

#endif
