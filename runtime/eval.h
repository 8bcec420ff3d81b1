/*
 * eval.h - evaluating a checked Program against its datasets.
 *
 * A Run holds one evaluation: the datasets bound to files, the evaluation
 * date, the values computed and the findings. Everything a Run allocates is
 * in its arena and goes with run_free(). Several Runs of one Program may
 * exist one after another (each test block gets its own); the Program is
 * only read, apart from memoised constant texts.
 */
#ifndef WOZO_EVAL_H
#define WOZO_EVAL_H

#include "value.h"
#include "../lang/diag.h"

/* A datum a finding rests on: a field of a record read while evaluating the
 * subject, or one entry of a map or list in such a field (r.scores[t]),
 * with where it is in which file. */
typedef struct Evidence {
    const Record *rec;
    int32_t field;       /* index in rec->kind->fields */
    int32_t slot;        /* entry of the map or list in that field; -1: the
                            field's value itself */
    Value value;
} Evidence;

/* A part of a row's condition and its value, for --explain: why a row did
 * not match (n = 3 where it says n == 0). */
typedef struct Operand {
    uint32_t row;        /* index of the row in its criterion */
    const AstNode *expr;
    Value value;
} Operand;

typedef struct LetValue {
    const Local *let;
    Value value;
} LetValue;

typedef struct Finding {
    const Criterion *criterion;
    const Thing *thing;          /* the subject, when it is a thing */
    const Record *record;        /* the subject, when it is a record */
    const char *subject_id;
    const char *subject_title;
    const char *id;              /* "criterion/subject": stable across edits */
    const ScaleValue *computed;  /* the row's verdict; NULL if evaluation failed */
    const ScaleValue *verdict;   /* after the judgement */
    const Judgement *judgement;  /* the judgement that applied, or expired */
    const Row *row;              /* the row that matched */
    const char *message;         /* "" when the row has none */
    Evidence *evidence;          /* at most FINDING_MAX_EVIDENCE, in reading order */
    const Thing **cited;         /* things whose fields were read */
    LetValue *lets;              /* lets that were evaluated */
    Operand *why;                /* the operands of the rows before `row`
                                    (comparisons, tests), in row order;
                                    only after run_explain() */
    /* For a failed finding (not in run_findings(), in run_failures()):
     * the error that stopped it, as its message says it, and where. */
    const char *error;
    uint32_t subject_index;      /* position of the subject among the
                                    criterion's subjects (a total order of
                                    its findings, also when ids repeat) */
    uint32_t row_index;
    uint32_t nevidence;
    uint32_t evidence_total;     /* all data read, also beyond the cap */
    uint32_t ncited;
    uint32_t nlets;
    uint32_t nwhy;
    DiagCode error_code;         /* failed: the error's code */
    Span error_span;             /* failed: where the evaluation stopped */
    bool judgement_expired;
    bool explained;              /* run_explain() has filled why */
    bool failed;                 /* a runtime error stopped the evaluation */
} Finding;

#define FINDING_MAX_EVIDENCE 50
#define FINDING_MAX_CITED 20

typedef struct Run Run;

/* A call of a built-in function, for its implementation (stdlib/builtins.c):
 * the arguments are evaluated before the call. */
typedef struct Call Call;
typedef Value (*BuiltinFn)(Call *c, const Value *args, uint32_t argc);

Arena *call_arena(Call *c);
/* The evaluation date; when none is set (no as_of in the rules, no
 * --as-of) reports E109 at the call and abandons the subject. */
int32_t call_as_of(Call *c);
/* Reports a runtime error at argument `arg` (-1: the whole call) and
 * abandons the evaluation of the current subject. */
_Noreturn void call_fail(Call *c, DiagCode code, int arg, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Bytes of C stack an evaluation may use before it gives up with E110
 * (chains of lets, function calls and verdict(); see stack_check() in
 * eval.c). Half the stack limit (ulimit -s) when that is less. */
#define EVAL_MAX_STACK ((size_t)4 << 20)

/* Creates a Run. `builtins` is indexed by BuiltinId; the aggregates and
 * verdict() are evaluated by the evaluator itself and may be NULL. The
 * default evaluation date is the rules' as_of. */
Run *run_new(Program *p, const BuiltinFn *builtins);
void run_free(Run *r);

/* Binds dataset `name` to `path` (--data NAME=FILE). Returns false (after
 * reporting) when no dataset has that name. */
bool run_bind(Run *r, const char *name, const char *path, Span where);
void run_set_as_of(Run *r, int32_t date);

/* Makes run_load() keep the texts of fields no rule reads (data_load()).
 * Whoever writes a report whose format has whole_records (html, csv) must
 * call it before run_load(): without it those fields read as DATA_NOT_KEPT. */
void run_keep_unread(Run *r);

/* Loads every dataset. Returns false when one could not be read. */
bool run_load(Run *r);

/* Evaluates every criterion for every subject. Returns false when a runtime
 * error occurred (reported); the findings of other subjects stand. */
bool run_evaluate(Run *r);

/* The findings, sorted: by verdict severity (nearest the top of its scale
 * first), then criterion name, then subject id. */
Finding **run_findings(Run *r, size_t *n);

/* Fills f->why and f->nwhy (for --explain): the values of the parts of
 * the conditions of the rows before the one that matched. Computed on the
 * first call only, so that a run without --explain does not pay for it;
 * does nothing for a failed finding. */
void run_explain(Run *r, Finding *f);

/* The subjects whose evaluation failed (a runtime error, reported), as
 * findings with `failed` set, no verdict and the error: by criterion in
 * program order, then subject order. For the reports, which list and
 * count them beside the findings. */
Finding **run_failures(Run *r, size_t *n);

/* Evaluates an expression with no locals of its own (a test's `expect`) in
 * a frame of `nslots` slots. Returns false on a runtime error (reported). */
bool run_eval(Run *r, const AstNode *e, uint32_t nslots, Value *out);

const Program *run_program(const Run *r);
/* The value dataset `ds` was loaded as (V_ABSENT before run_load() or when
 * it could not be read); owned by the Run. For report writers that draw the
 * data itself, such as a coverage matrix. */
Value run_dataset(const Run *r, const Dataset *ds);
/* Source id of the file a value was read from (0 when none). */
uint32_t run_value_file(const Run *r, Value v);
int32_t run_as_of(const Run *r);
bool run_has_as_of(const Run *r);
/* The arena of the run (for formatting values). */
Arena *run_arena(Run *r);

/* The value of field `field` of a thing (constant, converted once). */
Value run_thing_field(Run *r, const Thing *t, uint32_t field);

/* Whether a row of a criterion ever matched (for test coverage). */
bool run_row_matched(const Run *r, const Criterion *c, uint32_t row);

#endif
