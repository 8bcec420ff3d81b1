/*
 * parse_int.h - state shared by the scanner (lexer.l) and the grammar
 * (parser.y); private to those two files and parse.c.
 */
#ifndef WOZO_PARSE_INT_H
#define WOZO_PARSE_INT_H

#include "../base/buf.h"
#include "../base/vec.h"
#include "ast.h"
#include "diag.h"
#include "parse.h"

/* Bracket depth limit, below bison's own stack limit (YYMAXDEPTH). */
#define LEX_MAX_NEST 128

enum { FRAME_BRACE, FRAME_STR, FRAME_INTERP };

typedef struct LexFrame {
    uint8_t kind;   /* FRAME_* */
    uint32_t off;   /* where the brace or quote is */
} LexFrame;

typedef struct LexState {
    uint32_t file;
    const char *text;        /* the source text (NUL-terminated) */
    uint32_t off;            /* offset of the next byte to scan */
    Arena *arena;
    LexFrame stack[LEX_MAX_NEST]; /* open braces, texts, interpolations */
    int depth;
    int parens;              /* open '(' and '[' */
    int pending[4];          /* tokens to return before scanning on */
    int npending;
    VEC(Span) comments;
    AstList decls;
    int syntax_errors;
    bool stop;               /* give up: return end of file */
} LexState;

typedef void *yyscan_t;

#endif
