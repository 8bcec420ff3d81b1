/*
 * builtins.h - the C implementations of the built-in functions.
 *
 * wozo_builtins is indexed by BuiltinId (stdlib/builtins.def). The
 * aggregates and verdict() need the evaluator and are NULL here.
 */
#ifndef WOZO_BUILTINS_H
#define WOZO_BUILTINS_H

#include "../runtime/eval.h"

extern const BuiltinFn wozo_builtins[];

#endif
