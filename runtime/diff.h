/*
 * diff.h - what changed between two versions of a rules tree: in the
 * findings, and in the declarations.
 *
 * Findings are matched by their stable id ("criterion/subject"): a finding
 * only in the new version is new, one only in the old version is resolved,
 * one in both is changed when its verdict, computed verdict, judgement or
 * message differ, and unchanged otherwise. For each finding that is not
 * unchanged the diff also records what may have caused the change: the
 * matched row on each side (another row, or the same row with other text),
 * whether the criterion's declaration changed, the data values read that
 * differ, the lets whose values differ, and the declarations of the things
 * the finding read that changed.
 *
 * Declarations are matched by what they are and their name ("criterion
 * part4", "indicator spoedzorg", "judgement part5/hulpmiddelen") and
 * compared with ast_equal(), so layout, comments and the order or file of
 * declarations never count as a change.
 *
 * A Diff owns its arena (every array and string below); it points into the
 * two Programs and Runs it was made from, which must outlive it.
 */
#ifndef WOZO_DIFF_H
#define WOZO_DIFF_H

#include "eval.h"

typedef enum DiffState {
    DIFF_UNCHANGED,
    DIFF_CHANGED,
    DIFF_NEW,
    DIFF_RESOLVED
} DiffState;

/* What differs in a changed finding (FindingChange.what). */
enum {
    DIFF_VERDICT = 1,    /* the verdict after judgements */
    DIFF_COMPUTED = 2,   /* the verdict the rows gave */
    DIFF_MESSAGE = 4,
    DIFF_JUDGEMENT = 8   /* a judgement applies on one side only, or expired */
};

/* A datum read on either side: same path, other value, or read on one side
 * only (the other pointer is NULL). */
typedef struct DataChange {
    const char *path;        /* regions[2].findings.spoedzorg.status */
    const Evidence *old, *new_;
} DataChange;

/* A let evaluated on both sides whose value differs, formatted as in rule
 * files. (A let evaluated on one side only says nothing new: another row
 * matched, and that shows.) */
typedef struct LetChange {
    const char *name;
    const char *old, *new_;
} LetChange;

typedef struct DeclChange DeclChange;

/* A changed thing counts as a cause of a finding only when the finding's
 * criterion (or a function it calls) reads one of the fields that changed;
 * an added or removed thing always counts. */

/* Another criterion whose verdicts a finding's criterion uses (through
 * verdict(), also inside functions), with findings that changed. */
typedef struct UseChange {
    const char *criterion;
    uint32_t changed;            /* its findings that are not unchanged */
} UseChange;

typedef struct FindingChange {
    DiffState state;
    const char *id;
    const Finding *old, *new_;   /* NULL for new and resolved findings */
    unsigned what;               /* DIFF_* bits, for changed findings */
    bool row_changed;            /* another row matched, or its text changed */
    const DeclChange *criterion; /* the change of the criterion's declaration
                                    (changed, added, removed), or NULL */
    bool data_beyond;            /* more data was read than evidence kept
                                    (FINDING_MAX_EVIDENCE): data may differ
                                    beyond what `data` lists */
    DataChange *data;            /* the data values that differ, by path */
    uint32_t ndata;
    LetChange *lets;             /* evaluated on both sides, other values */
    uint32_t nlets;
    UseChange *uses;
    uint32_t nuses;
    const DeclChange **decls;    /* changed declarations of things it read */
    uint32_t ndecls;
} FindingChange;

typedef enum DeclState { DECL_ADDED, DECL_REMOVED, DECL_CHANGED } DeclState;

struct DeclChange {
    DeclState state;
    const char *what;            /* "criterion", "kind", ..., or a thing's kind */
    const char *name;            /* for judgements "criterion/subject" */
    const AstNode *old, *new_;   /* the declarations; NULL on the missing side */
    const char *detail;          /* what inside changed ("fields addresses,
                                    audience"; "row 4; let reach"), or NULL */
    const Sym **fields;          /* a changed thing: the fields that differ,
                                    with the Sym "title" for its title */
    uint32_t nfields;
};

typedef struct Diff {
    Arena arena;
    FindingChange *findings;     /* sorted by id */
    size_t nfindings;
    size_t count[4];             /* per DiffState */
    DeclChange *decls;           /* sorted by what, then name */
    size_t ndecls;
    size_t decl_count[3];        /* per DeclState */
} Diff;

void diff_init(Diff *d);
void diff_free(Diff *d);

/* Compares the declarations of two programs (prelude left out). Call it
 * before diff_findings() so that findings can name the changed
 * declarations they read. */
void diff_decls(Diff *d, const Program *old, const Program *new_);

/* Compares the findings of two evaluated runs. */
void diff_findings(Diff *d, Run *old, Run *new_);

/* Whether any finding is new, resolved or changed. */
bool diff_findings_differ(const Diff *d);

const char *diff_state_name(DiffState s);      /* "new", "resolved", ... */
const char *decl_state_name(DeclState s);      /* "added", "removed", "changed" */

/* How the report writers name files: each side's paths may start with a
 * temporary folder (a revision read from git), which is left out. */
typedef struct DiffSide {
    const char *label;           /* as the user named it: "main", "old/" */
    const char *commit;          /* the commit of a revision, or NULL */
    const char *strip;           /* prefix left out of paths, or NULL */
    Run *run;
} DiffSide;

typedef struct DiffReport {
    DiffSide old, new_;
    bool color;                  /* text only */
    size_t max_rows;             /* Markdown: rows per table (0: 200; fewer
                                    when the comment would pass 60000 bytes) */
} DiffReport;

/* A path as the report shows it: without the side's `strip` prefix. */
const char *diff_path(const DiffSide *s, const char *path);

void diff_report_text(Buf *out, const Diff *d, const DiffReport *o);
void diff_report_json(Buf *out, const Diff *d, const DiffReport *o);
void diff_report_sarif(Buf *out, const Diff *d, const DiffReport *o);
void diff_report_markdown(Buf *out, const Diff *d, const DiffReport *o);

#endif
