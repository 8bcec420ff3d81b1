#include "ast.h"
#include "../base/date.h"

#include <string.h>

static const char *const kind_names[AST_KIND_COUNT] = {
    "scale", "kind", "thing", "dataset", "criterion", "function", "judgement", "test", "as_of",
    "scale-value", "field-decl", "field", "let", "row", "param", "test-data", "expect",
    "type", "list-of", "map-of", "optional",
    "num", "date", "bool", "text", "part", "name", "list", "record", "dot", "index", "call",
    "pair", "unary", "binary", "if", "where",
};

static const char *const op_texts[] = {
    "", "-", "not", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "in", "not in",
    "and", "or",
};

const char *ast_kind_name(AstKind k) { return k < AST_KIND_COUNT ? kind_names[k] : "?"; }
const char *ast_op_text(AstOp op) { return op <= OP_OR ? op_texts[op] : "?"; }

AstNode *ast_new(Arena *a, AstKind kind, Span span)
{
    AstNode *n = arena_zalloc(a, sizeof *n);
    n->kind = (uint8_t)kind;
    n->span = span;
    return n;
}

AstNode *ast_new_decl(Arena *a, AstKind kind, Span span)
{
    AstNode *n = ast_new(a, kind, span);
    n->v.x = arena_zalloc(a, sizeof *n->v.x);
    return n;
}

void ast_push(Arena *a, AstList *list, AstNode *n)
{
    if (list->len == list->cap) {
        uint32_t ncap = list->cap ? list->cap * 2 : 4;
        AstNode **items = arena_alloc(a, ncap * sizeof *items);
        if (list->len)
            memcpy(items, list->items, list->len * sizeof *items);
        list->items = items;
        list->cap = ncap;
    }
    list->items[list->len++] = n;
}

static uint32_t max_depth(uint32_t d, const AstNode *n)
{
    return n && n->depth > d ? n->depth : d;
}

void ast_set_depth(AstNode *n)
{
    uint32_t d = 0;
    d = max_depth(d, n->a);
    d = max_depth(d, n->b);
    d = max_depth(d, n->c);
    for (uint32_t i = 0; i < n->list.len; i++)
        d = max_depth(d, n->list.items[i]);
    n->depth = d + 1;
}

/* Whether the node kind carries an AstDeclX in v.x. */
static bool has_x(const AstNode *n)
{
    switch (n->kind) {
    case AST_SCALE: case AST_KIND: case AST_THING: case AST_DATASET: case AST_CRITERION:
    case AST_FUNCTION: case AST_JUDGEMENT: case AST_TEST: case AST_AS_OF: case AST_ROW:
        return n->v.x != NULL;
    default:
        return false;
    }
}

bool ast_list_equal(const AstList *x, const AstList *y)
{
    if (x->len != y->len)
        return false;
    for (uint32_t i = 0; i < x->len; i++)
        if (!ast_equal(x->items[i], y->items[i]))
            return false;
    return true;
}

bool ast_equal(const AstNode *x, const AstNode *y)
{
    if (!x || !y)
        return x == y;
    if (x->kind != y->kind || x->op != y->op || x->flags != y->flags || x->name != y->name)
        return false;
    switch (x->kind) {
    case AST_NUM:
        if (x->v.num.num != y->v.num.num || x->v.num.den != y->v.num.den)
            return false;
        break;
    case AST_DATE:
        if (x->v.date != y->v.date)
            return false;
        break;
    case AST_BOOL:
        if (x->v.boolean != y->v.boolean)
            return false;
        break;
    case AST_TEXT_PART:
        if (x->v.str.len != y->v.str.len || memcmp(x->v.str.s, y->v.str.s, x->v.str.len) != 0)
            return false;
        break;
    default:
        if (has_x(x) != has_x(y))
            return false;
        if (has_x(x)) {
            const AstDeclX *p = x->v.x, *q = y->v.x;
            if (p->name2 != q->name2 || p->name3 != q->name3 || !ast_equal(p->d, q->d) ||
                !ast_list_equal(&p->list2, &q->list2))
                return false;
        }
    }
    return ast_equal(x->a, y->a) && ast_equal(x->b, y->b) && ast_equal(x->c, y->c) &&
           ast_list_equal(&x->list, &y->list);
}

static void dump_text(Buf *out, const char *s, size_t n)
{
    buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            buf_printf(out, "\\%c", c);
        else if (c == '\n')
            buf_puts(out, "\\n");
        else if (c == '\t')
            buf_puts(out, "\\t");
        else if (c < 0x20)
            buf_printf(out, "\\x%02x", c);
        else
            buf_putc(out, (char)c);
    }
    buf_putc(out, '"');
}

static void dump_list(Buf *out, const AstList *l)
{
    for (uint32_t i = 0; i < l->len; i++) {
        buf_putc(out, ' ');
        ast_dump(out, l->items[i]);
    }
}

void ast_dump(Buf *out, const AstNode *n)
{
    if (!n) {
        buf_puts(out, "_");
        return;
    }
    buf_printf(out, "(%s", ast_kind_name((AstKind)n->kind));
    switch (n->kind) {
    case AST_NUM:
        buf_putc(out, ' ');
        rat_format(out, n->v.num);
        if (n->op == NUM_PERCENT)
            buf_puts(out, " %");
        else if (n->op == NUM_MONEY)
            buf_puts(out, " EUR");
        break;
    case AST_DATE:
        buf_putc(out, ' ');
        date_format(out, n->v.date);
        break;
    case AST_BOOL:
        buf_puts(out, n->v.boolean ? " true" : " false");
        break;
    case AST_TEXT_PART:
        buf_putc(out, ' ');
        dump_text(out, n->v.str.s, n->v.str.len);
        break;
    case AST_UNARY:
    case AST_BINARY:
        buf_printf(out, " %s", ast_op_text((AstOp)n->op));
        break;
    default:
        break;
    }
    if (n->name)
        buf_printf(out, " %s", n->name->str);
    if (has_x(n)) {
        if (n->v.x->name2)
            buf_printf(out, " :%s", n->v.x->name2->str);
        if (n->v.x->name3)
            buf_printf(out, " :%s", n->v.x->name3->str);
    }
    if (n->a || n->b || n->c) {
        buf_putc(out, ' ');
        ast_dump(out, n->a);
        if (n->b || n->c) {
            buf_putc(out, ' ');
            ast_dump(out, n->b);
        }
        if (n->c) {
            buf_putc(out, ' ');
            ast_dump(out, n->c);
        }
    }
    if (has_x(n)) {
        if (n->v.x->d) {
            buf_puts(out, " where:");
            ast_dump(out, n->v.x->d);
        }
        if (n->v.x->list2.len) {
            buf_puts(out, " params:[");
            dump_list(out, &n->v.x->list2);
            buf_puts(out, " ]");
        }
    }
    dump_list(out, &n->list);
    buf_putc(out, ')');
}
