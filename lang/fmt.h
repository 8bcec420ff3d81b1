/*
 * fmt.h - the canonical form of rule files (`wozorules fmt`).
 *
 * The formatter prints a file from its syntax tree, not by editing its text,
 * so every file that means the same thing is printed the same way. Three
 * things do not live in the tree and are taken from the source text: the
 * comments (ParsedFile.comments), the spelling of numbers and texts (1_000
 * stays 1_000, an escape stays the escape the author wrote) and the blank
 * lines and parentheses the author used to group things. docs/style.md
 * describes the result; the rules that decide it are commented in fmt.c.
 *
 * Formatting must never change meaning or lose a comment. fmt_verify() checks
 * one result the only way that is certain: it parses the output again and
 * compares trees, comments and a second formatting. `wozorules fmt` writes
 * nothing that has not passed it.
 */
#ifndef WOZO_FMT_H
#define WOZO_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/buf.h"
#include "ast.h"
#include "parse.h"

/* Lines are kept within this many characters where the formatter has a
 * choice (lists, records and one-line scales); text and long expressions
 * are never broken. */
#define FMT_WIDTH 100

/* Appends the canonical text of a parsed file to `out`.
 *
 * pf must come from parse_source() without errors (pf->ok): after a syntax
 * error the tree is incomplete and printing it would drop the broken part.
 * The source registry must still hold the file's text (source_get(pf->file)).
 * The output keeps a UTF-8 byte-order mark when the source has one and uses
 * CRLF line ends when the source's first line ends in CRLF; it ends in a
 * line break unless it is empty (a file with no declarations and no
 * comments). Reads pf and the source; owns nothing afterwards. */
void fmt_file(const ParsedFile *pf, Buf *out);

/* Appends an expression (or type) on one line, without comments: the form
 * messages and other tools can quote. Number and text spellings come from
 * the node's source when it has one, else from its value. */
void fmt_expr(Buf *out, const AstNode *e);

/* What fmt_verify() found. */
typedef enum FmtCheck {
    FMT_CHECK_OK,
    FMT_CHECK_TOO_LARGE,  /* the output is over the size limit of rule files */
    FMT_CHECK_NO_PARSE,   /* the output does not parse */
    FMT_CHECK_MEANING,    /* the output parses to a different syntax tree */
    FMT_CHECK_COMMENTS,   /* a comment was lost, added, changed or reordered */
    FMT_CHECK_UNSTABLE    /* formatting the output again changes it */
} FmtCheck;

/* Checks that `text` (len bytes, normally fmt_file()'s output for `orig`)
 * parses to a tree equal to orig's (ast_equal), holds the same comments in
 * the same order (trailing blanks aside) and formats to exactly itself.
 *
 * The text is registered as a new source named "PATH (formatted)", PATH being
 * orig's source path, so that a message about it can show the line; syntax
 * errors in it are queued as diagnostics like any other (the caller decides
 * whether to print them). Everything else it allocates is freed. */
FmtCheck fmt_verify(const ParsedFile *orig, const char *text, size_t len);

/* A short description of a check result for messages ("the formatted text
 * does not parse"). */
const char *fmt_check_text(FmtCheck c);

#endif
