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
    const char *pending_text; /* the value of a pending STR_TEXT */
    uint32_t pending_len;
    bool explained;          /* the last token returned was made up to close
                                an unterminated text, or follows a character
                                the scanner reported and dropped: the parser
                                stays quiet about it (one mistake, one
                                message) */
    bool explain_next;       /* the next real token is explained too */
    bool backslash_eol;      /* a text ended in '\' at the line end (E009) */
    VEC(Span) comments;
    AstList decls;
    int syntax_errors;
    bool stop;               /* give up: return end of file */
} LexState;

typedef void *yyscan_t;

/* Puts back the byte the scanner overwrote with a NUL after the last token.
 * The scanner works in place on the source text, and when parsing stops
 * early that byte would stay overwritten (and later messages would show the
 * line damaged). Call it before yylex_destroy(). */
void lex_release(yyscan_t scanner);

#endif
