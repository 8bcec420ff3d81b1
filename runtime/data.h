/*
 * data.h - reading a dataset's YAML file into values of its declared type.
 *
 * The file is read once, with libyaml's event API, straight into values (no
 * document tree in between), checked against the type as it is read. The
 * syntax, the single document and the nesting depth are checked in that
 * same pass: a syntax error drops the type errors reported before it (they
 * are its symptoms) and is reported alone; a second document or nesting
 * deeper than DATA_MAX_DEPTH stops the reading where it starts. Scalars are read as the type says and never guessed: `no`
 * in a text field is the text "no", `010` in a number field is ten, a
 * boolean accepts only true and false; an unquoted empty value, ~ or null
 * is no value. Aliases, tags, merge keys, several documents and UTF-16 are
 * refused. Every value keeps its line and column (docs/language.md,
 * "Datasets").
 */
#ifndef WOZO_DATA_H
#define WOZO_DATA_H

#include "value.h"

/* Limits (docs/language.md, "Datasets"). */
#define DATA_MAX_BYTES ((uint64_t)1 << 30)  /* 1 GiB per file */
#define DATA_MAX_DEPTH 64                   /* nesting of collections */


/* Reads `path` as dataset `ds` (its index gives record paths their root)
 * into *out, allocating in `arena`; *file receives the source id the file
 * was registered under (0 when it could not be opened). Errors go to the
 * diagnostics queue; `decl_span` is where the file is named in the rules
 * (for "cannot open"). Returns true when the file was read without error.
 *
 * A text field that no expression reads (Field.read) is checked as any
 * other but its text is not kept, unless `keep_unread`: the value is the
 * text DATA_NOT_KEPT, with the field's position. In a dataset of findings
 * with quotes that is two thirds of the memory and of the time spent
 * writing it; only reports that show whole records (the cells of the html
 * and csv matrices) need them. */
bool data_load(const Program *p, const Dataset *ds, const char *path, Span decl_span, Arena *arena,
               bool keep_unread, Value *out, uint32_t *file);

/* What a text not kept reads as, should anything show it. */
#define DATA_NOT_KEPT "(not kept: no rule reads this field)"

#endif
