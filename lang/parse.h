/*
 * parse.h - turning a rule file into a syntax tree.
 */
#ifndef WOZO_PARSE_H
#define WOZO_PARSE_H

#include <stdbool.h>

#include "ast.h"

typedef struct ParsedFile {
    uint32_t file;      /* source id */
    AstList decls;      /* top-level declarations, in file order */
    Span *comments;     /* every comment (from '#' to the line end), in order */
    uint32_t ncomments;
    bool ok;            /* no lexical or syntax error in this file */
} ParsedFile;

/* Parses source `file`; nodes and comments go into `arena`, errors into the
 * diagnostics queue (a file with errors still yields the declarations that
 * parsed). Returns out->ok. */
bool parse_source(uint32_t file, Arena *arena, ParsedFile *out);

/* Maximum syntax errors reported per file before the parser gives up. */
#define PARSE_MAX_ERRORS 25

#endif
