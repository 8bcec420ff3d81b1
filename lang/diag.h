/*
 * diag.h - every message the program prints about its input.
 *
 * Messages are queued while the program works and rendered afterwards,
 * sorted by file and position, the way compilers print them:
 *
 *     rules/a.wozo:3:13: error[E030]: unknown indicator 'vroegsignaling'
 *         3 |   category: vroegsignaling
 *           |             ^~~~~~~~~~~~~~
 *           = hint: did you mean 'vroegsignalering'?
 *
 * The queue is global: the program checks one rules tree at a time, and
 * diag_clear() starts afresh. A repeat of the same message (same code, same
 * text) at the same place is dropped, and after the error limit further
 * errors are counted but not kept.
 * Functions that add to a Diag accept NULL (a dropped message).
 */
#ifndef WOZO_DIAG_H
#define WOZO_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "source.h"

typedef enum DiagCode {
#define X(code, sev, text) DIAG_##code,
#include "diag_codes.def"
#undef X
    DIAG_CODE_COUNT
} DiagCode;

typedef enum DiagSeverity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagSeverity;

typedef struct Diag Diag;

#define DIAG_DEFAULT_LIMIT 100

Diag *diag_report(DiagCode code, Span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* For data files, where the YAML parser gives 1-based line and column.
 * Column 0 means "column unknown" (a position stored in too few bits): the
 * message reads "path:line:" and shows the line without a mark. Column 0
 * with width 0 shows no line at all (the line number is only a lower bound).
 * The same holds for diag_note_lc(). */
Diag *diag_report_lc(DiagCode code, uint32_t file, uint32_t line, uint32_t col,
                     uint32_t width, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* For a file that has no text to show (cannot be opened, is a directory). */
Diag *diag_report_path(DiagCode code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void diag_hint(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(Diag *d, Span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note_lc(Diag *d, uint32_t file, uint32_t line, uint32_t col, uint32_t width,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Underlines a related span with '~' in the main snippet (same line) or in a
 * snippet of its own. */
void diag_mark(Diag *d, Span span);

size_t diag_errors(void);
size_t diag_warnings(void);
/* True once the error limit is reached: callers may stop early. */
bool diag_limit_reached(void);
void diag_set_limit(size_t max_errors);
/* With false, warnings are dropped wherever they come from (--no-warnings). */
void diag_set_warnings(bool on);

DiagSeverity diag_code_severity(DiagCode code);
const char *diag_code_name(DiagCode code);
const char *diag_code_summary(DiagCode code);

/* Whether an error is already queued at this byte offset of a file (the
 * parser uses it to stay quiet about a token the scanner complained of). */
bool diag_error_at(uint32_t file, uint32_t off);

/* A point in the queue, and a way back to it: the YAML loader drops the
 * type errors of a file when a syntax error shows they were its symptoms.
 * diag_checkpoint() returns a handle to the state now: the queued messages
 * and every counter (errors, warnings, and those past the error limit,
 * which are counted but not queued). diag_rollback() frees the messages
 * queued since and restores the counters exactly. A handle stays valid,
 * also for another rollback, until a rollback to an earlier checkpoint or
 * diag_clear(); rolling back to an invalid handle does nothing. */
size_t diag_checkpoint(void);
void diag_rollback(size_t checkpoint);

/* Number of queued messages with this code (for tests). */
size_t diag_count_code(DiagCode code);

/* Prints every queued message, sorted, then a summary line when there were
 * any errors or warnings. color: use ANSI colours. */
void diag_render(FILE *out, bool color);
/* Prints into a string (for tests); caller frees. */
char *diag_render_string(bool color);

void diag_clear(void);


#endif
