/*
 * ast.h - the syntax tree of rule files.
 *
 * The parser builds it and does nothing else (PostgreSQL's gram.y habit);
 * names, types and everything else are checked by resolve.c, which fills in
 * the `type` and `res` members. All nodes of a load live in one Arena and are
 * freed with it; nodes never own heap memory.
 *
 * One node struct serves every construct. What each member means for each
 * kind is listed with the kind below; unused members are NULL or 0.
 */
#ifndef WOZO_AST_H
#define WOZO_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/intern.h"
#include "../base/rat.h"
#include "source.h"

typedef enum AstKind {
    /* Declarations (top level) */
    AST_SCALE,      /* name; a: title?; list: SCALE_VALUE */
    AST_KIND,       /* name; a: title?; list: FIELD_DECL */
    AST_THING,      /* x.name2: kind; name; a: title?; list: FIELD_INIT; flag BODY */
    AST_DATASET,    /* name; a: type; b: path (TEXT) */
    AST_CRITERION,  /* name; a: title?; b: scale (TYPE_NAME)?; x.name2: kind of the
                       subjects; x.name3: variable; c: `in` expr?; x.d: `where`
                       expr?; list: LET and ROW */
    AST_FUNCTION,   /* name; x.list2: PARAM; b: result type; c: `= expr` body,
                       or list: LET and ROW */
    AST_JUDGEMENT,  /* name: criterion; a: subject expr; list: FIELD_INIT */
    AST_TEST,       /* a: title (TEXT); list: TEST_DATA, EXPECT, AS_OF */
    AST_AS_OF,      /* a: date expr (also inside a test) */

    /* Parts of declarations */
    AST_SCALE_VALUE, /* name; a: title? */
    AST_FIELD_DECL,  /* name; a: type */
    AST_FIELD_INIT,  /* name; a: value (things, records, judgements) */
    AST_LET,         /* name; a: expr; x.name_span */
    AST_ROW,         /* a: condition, NULL for `otherwise`; criteria: x.name2:
                        verdict word, b: message TEXT?; functions: b: result */
    AST_PARAM,       /* name; a: type */
    AST_TEST_DATA,   /* name: dataset; a: path (TEXT); x.name_span */
    AST_EXPECT,      /* a: expr; or, for `expect findings "FILE"`: a NULL,
                        name: the word, b: the file (TEXT), x.name_span */

    /* Types */
    AST_TYPE_NAME,   /* name */
    AST_TYPE_LIST,   /* a: element type */
    AST_TYPE_MAP,    /* a: key type; b: value type */
    AST_TYPE_OPT,    /* a: type */

    /* Expressions */
    AST_NUM,         /* v.num; op: NUM_PLAIN, NUM_PERCENT or NUM_MONEY */
    AST_DATE,        /* v.date (days since 1970-01-01) */
    AST_BOOL,        /* v.boolean */
    AST_TEXT,        /* list: TEXT_PART and interpolated exprs */
    AST_TEXT_PART,   /* v.str: decoded bytes */
    AST_NAME,        /* name */
    AST_LIST,        /* list: elements */
    AST_RECORD,      /* list: FIELD_INIT */
    AST_FIELD,       /* a: object; name: field */
    AST_INDEX,       /* a: map or list; b: key */
    AST_CALL,        /* name: function; list: arguments (PAIR for `x: y`) */
    AST_PAIR,        /* a: collection; b: per-element expr (aggregate args) */
    AST_UNARY,       /* op; a */
    AST_BINARY,      /* op; a; b */
    AST_IF,          /* a: condition; b: then; c: else */
    AST_WHERE,       /* a: collection; b: condition */

    AST_KIND_COUNT
} AstKind;

typedef enum AstOp {
    OP_NONE,
    OP_NEG, OP_NOT,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOT_IN,
    OP_AND, OP_OR
} AstOp;

enum { NUM_PLAIN, NUM_PERCENT, NUM_MONEY };

enum {
    AST_FLAG_BODY = 1,  /* a THING written with braces */
    AST_FLAG_BROKEN = 2, /* a declaration whose body had a syntax error: only
                            its header was kept (list is empty) */
};

typedef struct AstNode AstNode;

/* A list in the arena; grows by doubling (old storage stays in the arena). */
typedef struct AstList {
    AstNode **items;
    uint32_t len, cap;
} AstList;

/* Members only declarations need, kept out of the common node. */
typedef struct AstDeclX {
    Span name_span;
    const Sym *name2;
    Span name2_span;
    const Sym *name3;
    Span name3_span;
    AstNode *d;
    AstList list2;
} AstDeclX;

struct AstNode {
    uint8_t kind;      /* AstKind */
    uint8_t op;        /* AstOp, or NUM_* for AST_NUM */
    uint16_t flags;
    uint32_t depth;    /* nesting depth of an expression, for the limit */
    Span span;         /* the whole construct */
    const Sym *name;
    AstNode *a, *b, *c;
    AstList list;
    union {
        Rat num;
        int32_t date;
        bool boolean;
        struct {
            const char *s;
            uint32_t len;
        } str;
        AstDeclX *x;   /* declarations and AST_CRITERION/FUNCTION parts */
    } v;
    /* Filled in by the resolver. */
    const struct Type *type;
    void *res;
};

/* Limits (docs/reliability.md). */
#define AST_MAX_DEPTH 200     /* nesting of expressions and types */
#define AST_MAX_NAME 255      /* bytes in an identifier */

AstNode *ast_new(Arena *a, AstKind kind, Span span);
/* A declaration node with its AstDeclX. */
AstNode *ast_new_decl(Arena *a, AstKind kind, Span span);
void ast_push(Arena *a, AstList *list, AstNode *n);
/* Recomputes n->depth from its children. */
void ast_set_depth(AstNode *n);

const char *ast_kind_name(AstKind k);
const char *ast_op_text(AstOp op);

/* Structural equality ignoring positions and resolver annotations: two
 * trees are equal when they mean the same program. */
bool ast_equal(const AstNode *x, const AstNode *y);
bool ast_list_equal(const AstList *x, const AstList *y);

/* An S-expression dump, for tests and `wozorules debug-ast`. */
void ast_dump(Buf *out, const AstNode *n);

#endif
