#include "parse_int.h"
#include "parser.h"
#include "lexer.h"

#include <string.h>

bool parse_source(uint32_t file, Arena *arena, ParsedFile *out)
{
    const Source *src = source_get(file);
    memset(out, 0, sizeof *out);
    out->file = file;
    if (!src || !src->text)
        return false;

    LexState ls;
    memset(&ls, 0, sizeof ls);
    ls.file = file;
    ls.text = src->text;
    ls.arena = arena;
    size_t skip = src->has_bom ? 3 : 0;
    ls.off = (uint32_t)skip;

    size_t errors_before = diag_errors();
    yyscan_t scanner;
    if (yylex_init_extra(&ls, &scanner) != 0)
        mem_oom();
    /* The source text ends in two NUL bytes, as yy_scan_buffer requires; the
     * scanner works in place without copying the file. */
    yy_scan_buffer(src->text + skip, src->len - skip + 2, scanner);
    yyparse(scanner, &ls);
    lex_release(scanner);
    yylex_destroy(scanner);

    out->decls = ls.decls;
    out->ncomments = (uint32_t)ls.comments.len;
    if (ls.comments.len) {
        out->comments = arena_alloc(arena, ls.comments.len * sizeof(Span));
        memcpy(out->comments, ls.comments.items, ls.comments.len * sizeof(Span));
    }
    vec_free(&ls.comments);
    out->ok = diag_errors() == errors_before;
    return out->ok;
}
