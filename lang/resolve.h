/*
 * resolve.h - name resolution and type checking ("parse analysis").
 *
 * resolve_program() binds every name of the syntax trees in p->files, checks
 * every type, builds the Program's tables and reports every problem it finds
 * (not just the first) to the diagnostics queue. It annotates the AST in
 * place (node->type, node->op for names, node->res) for the evaluator.
 */
#ifndef WOZO_RESOLVE_H
#define WOZO_RESOLVE_H

#include "program.h"

typedef enum BuiltinId {
#define X(id, name, min, max, sig) id,
#include "../stdlib/builtins.def"
#undef X
    BI_COUNT_
} BuiltinId;

/* At most this many datasets: a value records the one it was read from in
 * 16 bits (runtime/value.h). */
#define RESOLVE_MAX_DATASETS 65535

void resolve_program(Program *p, bool warnings);

/* The name of a builtin, for messages. */
const char *builtin_name(BuiltinId id);

#endif
