/*
 * load.h - finding the rule files of a rules tree.
 *
 * One walker serves every command that takes folders of rule files
 * (`check`, `test`, `doc`, `diff` through program_load(), and `fmt`), so
 * that `fmt --check rules/` looks at exactly the files `check rules/` reads.
 *
 * The rules, for a folder given as DIR:
 *
 *  - Files whose name ends in `.wozo` are rule files; nothing else is
 *    listed (a README, a data file, `x.wozo.bak` are not).
 *  - Entries whose name starts with '.' are skipped, files and folders
 *    alike: `.git`, editors' backups, and `.NAME.fmt-XXXXXX`, the temporary
 *    file of `fmt --write`, which must never be read as a rule file.
 *  - Subfolders are searched, at most LOAD_MAX_DEPTH levels below DIR;
 *    deeper ones are error E002.
 *  - A symbolic link to a file is listed (under the link's own name) when
 *    its target lies inside DIR, by real path; one that points outside DIR
 *    is error E002 when its name ends in `.wozo` or it points to a folder,
 *    so that a rules tree cannot pull in, or `fmt --write` rewrite, a file
 *    elsewhere; a `.wozo` link that points nowhere is error E001. A link to
 *    a folder is never followed: a folder inside DIR is searched under its
 *    own name, and following links could loop.
 *  - Any other entry named `*.wozo` (a FIFO, a device) is listed, and
 *    source_load() then refuses it with a message (E002): it is not skipped
 *    in silence, and it is never opened in a way that could block.
 *  - A folder that cannot be opened is error E001, and the walk goes on
 *    with the rest. DIR without a single rule file below it is error E001
 *    ("no .wozo files in this folder").
 *  - At most LOAD_MAX_FILES files are listed in all; one more is E003.
 *  - The paths are DIR joined with the names below it ("rules/" + "a.wozo"
 *    gives "rules/a.wozo"), in byte order of the whole path (strcmp; never
 *    the order readdir() returns, never the locale's collation), so output
 *    does not depend on the machine.
 *
 * Errors are queued with diag_report_path(); the caller prints them.
 */
#ifndef WOZO_LOAD_H
#define WOZO_LOAD_H

#include <stddef.h>

#include "../base/vec.h"

#define LOAD_MAX_DEPTH 32     /* folder nesting below a given folder */
#define LOAD_MAX_FILES 100000 /* rule files in one run (E003 beyond) */

/* A list of paths; each item is allocated with mem_alloc() and owned by
 * the list's owner (free each with mem_free(), then vec_free()). */
typedef VEC(char *) LoadPaths;

/* Appends the rule files below folder `dir` to *out, following the rules
 * above; `dir` itself must be a folder (a file named on the command line
 * is not walked: callers take it as it is). The new paths are sorted among
 * themselves; the items already in *out are left where they are and count
 * towards LOAD_MAX_FILES. The caller owns the appended strings. Returns the
 * number of paths appended (0 after reporting why). */
size_t load_find_rule_files(const char *dir, LoadPaths *out);

#endif
