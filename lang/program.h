/*
 * program.h - a checked rules tree: what resolve.c makes of the syntax trees.
 *
 * A Program owns everything in it (one Arena, plus the syntax trees' arena);
 * program_free() releases it all. The runtime reads a Program but never
 * changes it, so one Program can be evaluated against several datasets.
 *
 * Names resolve in three kinds of name space: the global one (kinds, scales,
 * datasets, criteria, functions), one per kind (its things) and one per scale
 * (its words). That is why a theme and an indicator may both be `spoedzorg`.
 */
#ifndef WOZO_PROGRAM_H
#define WOZO_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/map.h"
#include "../base/vec.h"
#include "ast.h"
#include "parse.h"

typedef struct Kind Kind;
typedef struct Scale Scale;
typedef struct Criterion Criterion;
typedef struct Function Function;

typedef enum TypeKind {
    TY_ERROR,    /* the type of an expression already reported as wrong: it is
                    accepted everywhere, so one mistake gives one message */
    TY_ANY,      /* element type of the empty list `[]` */
    TY_TEXT,
    TY_NUMBER,
    TY_PERCENT,  /* a number that prints as a percentage */
    TY_MONEY,
    TY_DATE,
    TY_BOOL,
    TY_SCALE,    /* a word of `scale` */
    TY_KIND,     /* a thing or record of `kind` */
    TY_LIST,     /* elem */
    TY_MAP,      /* key -> elem */
    TY_CRITERION /* only as the first argument of verdict() */
} TypeKind;

typedef struct Type {
    TypeKind k;
    const Scale *scale;
    const Kind *kind;
    const struct Type *elem;
    const struct Type *key;
} Type;

typedef struct ScaleValue {
    const Sym *name;
    const char *title;     /* NULL when none was given */
    uint32_t index;        /* position, lowest first */
    const Scale *scale;
    Span span;
} ScaleValue;

struct Scale {
    const Sym *name;
    const char *title;
    ScaleValue *values;
    uint32_t nvalues;
    Map by_name;           /* Sym -> ScaleValue */
    const Type *type;
    AstNode *decl;
    bool prelude, used;
};

typedef struct Field {
    const Sym *name;
    const Type *type;
    bool optional;
    uint32_t index;        /* position in the kind (and in record values) */
    Span span;
    bool read;             /* an expression reads it (set by the resolver): a
                              text field that none reads is checked in the
                              data but its text is not kept (data_load) */
} Field;

typedef struct Thing {
    const Sym *name;
    const char *title;     /* the declared title, or the name */
    const Kind *kind;
    uint32_t index;        /* position among the kind's things */
    AstNode *decl;
    AstNode **values;      /* per field of the kind, NULL when not given */
    int32_t valid_from, valid_until;  /* days; INT32_MIN/INT32_MAX when open */
    bool used;
} Thing;

/* Implicit fields of every kind. */
enum { FIELD_ID = -1, FIELD_TITLE = -2, FIELD_VALID_FROM = -3, FIELD_VALID_UNTIL = -4 };

struct Kind {
    const Sym *name;
    const char *title;     /* the declared title, or the name */
    Field *fields;
    uint32_t nfields;
    Map field_by_name;     /* Sym -> Field */
    int32_t source_field;  /* index of a text field named `source`, or -1 */
    VEC(Thing *) things;   /* declaration order */
    Map thing_by_name;     /* Sym -> Thing */
    const Type *type;
    AstNode *decl;
    uint32_t index;
    bool prelude, used, iterated;
};

typedef struct Dataset {
    const Sym *name;
    const Type *type;
    char *path;            /* default file, relative to the current directory */
    AstNode *decl;
    uint32_t index;
    bool prelude, used;
} Dataset;

/* A local name: a criterion's subject, a let, a parameter, a binder. */
typedef enum LocalKind { LOCAL_SUBJECT, LOCAL_LET, LOCAL_PARAM, LOCAL_ELEM } LocalKind;

typedef struct Local {
    const Sym *name;       /* NULL for the hidden element of `xs where ...` */
    LocalKind lk;
    const Type *type;
    uint32_t slot;         /* index in the evaluation frame */
    AstNode *expr;         /* a let's expression */
    Span span;
    bool used;
} Local;

/* One row of a decision table. */
typedef struct Row {
    AstNode *node;         /* the AST_ROW */
    AstNode *cond;         /* NULL for `otherwise` */
    const ScaleValue *verdict; /* criteria */
    AstNode *message;      /* criteria: TEXT or NULL; functions: the result */
} Row;

struct Criterion {
    const Sym *name;
    const char *title;
    const Scale *scale;
    const Kind *kind;      /* kind of the subjects */
    Local *subject;
    AstNode *in_expr;      /* NULL: every thing of the kind */
    AstNode *where_expr;
    Local **lets;
    uint32_t nlets;
    Row *rows;
    uint32_t nrows;
    bool has_otherwise;
    uint32_t nslots;       /* frame size */
    AstNode *decl;
    uint32_t index;
};

struct Function {
    const Sym *name;
    Local **params;
    uint32_t nparams;
    const Type *result;
    AstNode *body;         /* `= expr` form, or NULL */
    Local **lets;
    uint32_t nlets;
    Row *rows;
    uint32_t nrows;
    bool has_otherwise;
    uint32_t nslots;
    AstNode *decl;
    bool prelude, used;
};

typedef struct Judgement {
    const Criterion *criterion;
    const Thing *subject;      /* for criteria over things */
    const char *subject_id;    /* the subject's id (thing name or record id) */
    const ScaleValue *verdict;
    const char *by, *because, *quote, *source;
    int32_t date;
    int32_t expires;           /* INT32_MAX when it does not expire */
    AstNode *decl;
} Judgement;

typedef struct TestData {
    const Dataset *dataset;
    char *path;                /* relative to the current directory */
    AstNode *node;
} TestData;

typedef struct Test {
    const char *title;
    TestData *data;
    uint32_t ndata;
    AstNode **expects;
    uint32_t nexpects;
    int32_t as_of;
    bool has_as_of;
    uint32_t nslots;
    AstNode *decl;
    char *snapshot;            /* `expect findings "FILE"`: the expected-findings
                                  file, relative to the current directory;
                                  NULL when the test pins none */
    AstNode *snapshot_node;    /* that expectation, for messages */
} Test;

/* What a resolved AST_NAME or AST_FIELD refers to (stored in node->op). */
typedef enum RefKind {
    REF_NONE,
    REF_LOCAL,        /* res: Local */
    REF_THING,        /* res: Thing */
    REF_SCALE_VALUE,  /* res: ScaleValue */
    REF_KIND_ALL,     /* res: Kind: the list of its (valid) things */
    REF_DATASET,      /* res: Dataset */
    REF_CRITERION,    /* res: Criterion (argument of verdict()) */
    REF_ELEM_FIELD,   /* res: ElemField: a bare field name inside `xs where` */
    REF_FIELD,        /* AST_FIELD: res: Field, or NULL with an implicit field
                         in node->flags (FIELD_ID...) */
    REF_CALL_BUILTIN, /* AST_CALL: res: Aggregate (aggregates) or NULL; the
                         builtin id is in node->flags */
    REF_CALL_FUNCTION /* AST_CALL: res: Function */
} RefKind;

/* A bare field name inside an implicit filter. */
typedef struct ElemField {
    Local *elem;
    const Field *field;    /* NULL for implicit fields */
    int implicit;          /* FIELD_ID... when field is NULL */
} ElemField;

/* The parts of an aggregate call or a `where` filter. */
typedef struct Aggregate {
    AstNode *coll;         /* the collection expression */
    Local *elem;           /* the binder or hidden element */
    AstNode *filter;       /* NULL when none */
    AstNode *body;         /* the ':' part, NULL when none */
} Aggregate;

typedef struct Program {
    Arena arena;           /* everything below */
    Arena ast_arena;       /* the syntax trees */
    ParsedFile *files;     /* the prelude first, then rule files in path order */
    uint32_t nfiles;
    bool has_prelude;      /* files[0] is the prelude */
    Map globals;           /* Sym -> GlobalSym */
    VEC(Scale *) scales;
    VEC(Kind *) kinds;
    VEC(Dataset *) datasets;
    VEC(Criterion *) criteria;
    VEC(Function *) functions;
    VEC(Judgement *) judgements;
    VEC(Test *) tests;
    int32_t as_of;
    bool has_as_of;
    Span as_of_span;
    const Scale *verdict_scale;  /* the scale named `verdict`, if any */
    const Type *t_error, *t_any, *t_text, *t_number, *t_percent, *t_money, *t_date, *t_bool;
} Program;

typedef enum GlobalKind { G_KIND, G_SCALE, G_DATASET, G_CRITERION, G_FUNCTION } GlobalKind;

typedef struct GlobalSym {
    GlobalKind gk;
    void *p;
    Span span;
    bool prelude;
} GlobalSym;

/* Loading options for program_load(). */
typedef struct LoadOptions {
    const char *prelude_text;  /* NULL: no prelude */
    size_t prelude_len;
    const char *prelude_name;  /* shown in messages */
    bool warnings;             /* report W-codes (default true) */
} LoadOptions;

/* Loads every *.wozo below the given paths (files are taken as they are),
 * in byte order of their paths, with the prelude first; parses and resolves
 * them. Always returns a Program (possibly partial); check diag_errors() to
 * see whether it is valid. The caller frees it with program_free(). */
Program *program_load(const char *const *paths, size_t npaths, const LoadOptions *opt);

/* Parses and resolves texts already registered as sources. */
Program *program_from_sources(const uint32_t *sources, size_t n, const LoadOptions *opt);

void program_free(Program *p);

/* Type helpers. */
bool type_equal(const Type *a, const Type *b);
/* Whether a value of type `from` can be used where `to` is wanted. */
bool type_assignable(const Type *to, const Type *from);
/* "list of indicator" etc., into b. */
void type_name(Buf *b, const Type *t);
bool type_is_numeric(const Type *t);

/* Lookups by name (NULL when absent). */
const GlobalSym *program_global(const Program *p, const Sym *name);

#endif
