/*
 * fmt.c - prints a syntax tree in the canonical form of docs/style.md.
 *
 * The printer walks the tree in source order and writes tokens into a
 * buffer. Everything it decides depends only on the tree, on where the
 * comments are relative to the tokens, on where the author left blank lines
 * and on which parentheses the author wrote: never on the author's line
 * breaks or spacing. That is what makes formatting idempotent: the output,
 * read back, gives the same tree, the same comments between the same
 * tokens, the same blank lines and the same parentheses, so it prints the
 * same.
 *
 * Comments are printed by position. Before the printer writes a node it
 * prints every comment that starts before the node's first byte
 * (flush_before). A comment that had code before it on its line (a trailing
 * comment) is appended to the current output line when that line has code
 * on it; any other comment gets a line of its own. A comment therefore never
 * moves across a token, except that comments inside a declaration's first
 * line (before its '{') move above the declaration, and a comment between a
 * token and the next operator, comma or closing bracket moves after that
 * token, which is where a reader looks for it anyway.
 *
 * Layout rules, in short (docs/style.md has them with examples):
 *  - one declaration per block, fields and rows one per line, indented by
 *    two spaces; a blank line between top-level declarations, except between
 *    one-line declarations the author wrote without one (a run of things
 *    such as `level landelijk "Landelijk"`); inside blocks the author's blank
 *    lines are kept, at most one in a row, never after '{' or before '}';
 *  - spaces around binary operators and after commas; expressions are never
 *    broken (split them with `let`), except at a comment;
 *  - a list or record that fits within FMT_WIDTH stays on one line, else one
 *    element per line with a trailing comma;
 *  - the `=>` of consecutive rows of a decision table line up; a blank line
 *    or a `let` between rows starts a new group;
 *  - a scale goes on one line when it fits and no word has a title, else one
 *    word per line with a leading `<`;
 *  - numbers and texts keep the author's spelling, except `EUR` and its
 *    amount are separated by one space; parentheses the author wrote are
 *    kept (one pair), and the printer adds those the tree needs.
 */
#include "fmt.h"
#include "../base/date.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "diag.h"

#include <string.h>

/* Binding strength of expressions, weakest first; it mirrors the
 * precedence declarations of parser.y. */
enum {
    P_PAIR,     /* `x: y` in aggregate arguments */
    P_WHERE,
    P_IF,
    P_OR,
    P_AND,
    P_NOT,
    P_CMP,      /* == != < <= > >= in, not in: not chained */
    P_ADD,
    P_MUL,
    P_NEG,
    P_POSTFIX,  /* x.f, m[k] */
    P_PRIMARY
};

typedef struct Printer {
    Buf *out;             /* the text so far, with LF line ends */
    uint32_t file;        /* source id of the tree being printed; 0 in fmt_expr */
    const char *src;      /* that source's text, NULL when there is none */
    uint32_t src_len;
    uint32_t start;       /* first byte after a byte-order mark */
    const Span *comments; /* every comment of the file, in file order */
    uint32_t nc;
    uint32_t ci;          /* the first comment not printed yet */
    uint32_t col;         /* characters on the current output line */
    uint32_t line_indent; /* indentation of the current output line */
    uint32_t indent;      /* indentation of a line that starts a unit: a
                             declaration, field, row or list element */
    uint32_t cont;        /* indentation of a line that continues a unit */
    bool bol;             /* nothing written on the current line yet */
    bool unit_start;      /* the next line starts a unit (indent, not cont) */
    bool block_start;     /* nothing written since an opening bracket or the
                             start of a declaration: no blank line here */
    bool flat;            /* one line, no comments: inside text, and when
                             measuring */
    uint32_t reserve;     /* characters that follow the next list or record
                             on its line (the comma after an element) */
} Printer;

static void print_expr(Printer *p, const AstNode *n, int min_prec);
static void print_expr_in_call(Printer *p, const AstNode *n, uint32_t open, uint32_t close);
static void print_bare(Printer *p, const AstNode *n);
static void print_type(Printer *p, const AstNode *t);

static uint32_t span_end(const AstNode *n) { return n->span.off + n->span.len; }
static uint32_t end_of(Span s) { return s.off + s.len; }

/* ---- the source text around tokens ---- */

static bool is_hspace(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

/* The comment containing byte `off`, or -1 (binary search). */
static long comment_at(const Printer *p, uint32_t off)
{
    uint32_t lo = 0, hi = p->nc;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const Span *c = &p->comments[mid];
        if (off < c->off)
            hi = mid;
        else if (off >= c->off + c->len)
            lo = mid + 1;
        else
            return (long)mid;
    }
    return -1;
}

/* Index of the first comment starting at or after `off`. */
static uint32_t first_comment_from(const Printer *p, uint32_t off)
{
    uint32_t lo = 0, hi = p->nc;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->comments[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Offset of the last byte before `off` that is neither white space nor part
 * of a comment, or -1. */
static long prev_sig(const Printer *p, uint32_t off)
{
    uint32_t i = off;
    while (i > p->start) {
        char c = p->src[i - 1];
        if (is_hspace(c) || c == '\n' || c == '\r') {
            i--;
            continue;
        }
        long k = comment_at(p, i - 1);
        if (k >= 0) {
            i = p->comments[k].off;
            continue;
        }
        return (long)(i - 1);
    }
    return -1;
}

/* Offset of the first byte at or after `off` that is neither white space nor
 * part of a comment (src_len at the end). Starts outside text. */
static uint32_t next_sig(const Printer *p, uint32_t off)
{
    uint32_t i = off;
    while (i < p->src_len) {
        char c = p->src[i];
        if (is_hspace(c) || c == '\n' || c == '\r') {
            i++;
        } else if (c == '#') {
            while (i < p->src_len && p->src[i] != '\n' && p->src[i] != '\r')
                i++;
        } else {
            break;
        }
    }
    return i;
}

/* Whether the comment at `off` has code before it on its line. */
static bool is_trailing(const Printer *p, uint32_t off)
{
    uint32_t i = off;
    while (i > p->start && is_hspace(p->src[i - 1]))
        i--;
    return i > p->start && p->src[i - 1] != '\n' && p->src[i - 1] != '\r';
}

/* Whether the white space just before `off` holds a blank line. */
static bool blank_before(const Printer *p, uint32_t off)
{
    if (!p->src)
        return false;
    uint32_t i = off, breaks = 0;
    while (i > p->start) {
        char c = p->src[i - 1];
        if (is_hspace(c)) {
            i--;
        } else if (c == '\n') {
            breaks++;
            i--;
            if (i > p->start && p->src[i - 1] == '\r')
                i--;
        } else if (c == '\r') {
            breaks++;
            i--;
        } else {
            break;
        }
    }
    return breaks >= 2;
}

/* Whether [from, to) holds a blank line outside comments: two line breaks
 * with nothing but white space between them. */
static bool blank_in(const Printer *p, uint32_t from, uint32_t to)
{
    if (!p->src)
        return false;
    uint32_t breaks = 0;
    for (uint32_t i = from; i < to && i < p->src_len; i++) {
        char c = p->src[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= p->src_len || p->src[i + 1] != '\n'))) {
            if (++breaks >= 2)
                return true;
        } else if (!is_hspace(c) && c != '\r') {
            breaks = 0;
        }
    }
    return false;
}

/* Whether a comment not printed yet starts before `off`. */
static bool pending_before(const Printer *p, uint32_t off)
{
    return p->ci < p->nc && p->comments[p->ci].off < off;
}

/* ---- output ---- */

/* The column the next character will be written at. */
static uint32_t cur_col(const Printer *p)
{
    if (!p->bol)
        return p->col;
    return p->unit_start ? p->indent : p->cont;
}

/* Writes s[0..n) on the current line, indenting first at the start of a
 * line. A comment keeps the line that follows it the start of its unit
 * (keep_unit); code does not. */
static void emit(Printer *p, const char *s, size_t n, bool keep_unit)
{
    if (p->bol) {
        uint32_t ind = p->unit_start ? p->indent : p->cont;
        buf_fill(p->out, ' ', ind);
        p->col = ind;
        p->line_indent = ind;
        p->bol = false;
    }
    if (!keep_unit)
        p->unit_start = false;
    buf_put(p->out, s, n);
    p->col += (uint32_t)utf8_count(s, n);
    p->block_start = false;
}

static void put(Printer *p, const char *s) { emit(p, s, strlen(s), false); }

static void trim_spaces(Printer *p)
{
    Buf *b = p->out;
    while (b->len && b->data[b->len - 1] == ' ') {
        b->len--;
        p->col--;
    }
    if (b->data)
        b->data[b->len] = '\0';
}

static void endline(Printer *p)
{
    if (p->bol)
        return;
    trim_spaces(p);
    buf_putc(p->out, '\n');
    p->bol = true;
    p->col = 0;
}

/* Ends the line and leaves one empty line, never two and never at the start
 * of the output. */
static void blankline(Printer *p)
{
    endline(p);
    Buf *b = p->out;
    if (b->len && !(b->len >= 2 && b->data[b->len - 2] == '\n'))
        buf_putc(b, '\n');
}

/* Prints one comment, trailing blanks removed: after the code on the current
 * line when it trailed code in the source, else on a line of its own (with
 * the blank line before it that the source had). Either way the line ends
 * after it. */
static void print_comment(Printer *p, Span c)
{
    const char *s = p->src + c.off;
    size_t n = c.len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!p->bol && is_trailing(p, c.off)) {
        trim_spaces(p);
        emit(p, "  ", 2, true);
        emit(p, s, n, true);
        endline(p);
        return;
    }
    endline(p);
    if (!p->block_start && blank_before(p, c.off))
        blankline(p);
    emit(p, s, n, true);
    endline(p);
}

/* Prints every comment that starts before `off`. */
static void flush_before(Printer *p, uint32_t off)
{
    if (p->flat)
        return;
    while (pending_before(p, off))
        print_comment(p, p->comments[p->ci++]);
}

/* Starts a unit (field, row, list element, ...) at `off` on a line of its
 * own at indentation `indent`, after the comments before it and the blank
 * line the author left (never right after an opening bracket). */
static void start_unit(Printer *p, uint32_t off, uint32_t indent)
{
    p->indent = indent;
    p->cont = indent + 4;
    p->unit_start = true;
    flush_before(p, off);
    endline(p);
    if (!p->block_start && blank_before(p, off))
        blankline(p);
}

/* ---- literals ---- */

/* The bytes of a node's own source, or NULL for a node without one. */
static const char *node_text(const AstNode *n, uint32_t *len)
{
    const Source *s = n->span.file ? source_get(n->span.file) : NULL;
    if (!s || !s->text || (size_t)n->span.off + n->span.len > s->len)
        return NULL;
    *len = n->span.len;
    return s->text + n->span.off;
}

static bool is_number_spelling(const char *s, size_t n)
{
    if (!n || s[0] < '0' || s[0] > '9')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.'))
            return false;
    return true;
}

/* Numbers keep the author's digits (1_000, 0.50, 12.5%); an amount is
 * written `EUR` and the digits with one space between. A node without a
 * source (built by a program) prints its value. */
static void print_number(Printer *p, const AstNode *n)
{
    uint32_t len = 0;
    const char *s = node_text(n, &len);
    if (s && n->op == NUM_MONEY && len > 3 && memcmp(s, "EUR", 3) == 0) {
        const char *d = s + 3;
        while (d < s + len && is_hspace(*d))
            d++;
        if (d > s + 3 && is_number_spelling(d, (size_t)(s + len - d))) {
            put(p, "EUR ");
            emit(p, d, (size_t)(s + len - d), false);
            return;
        }
    } else if (s && n->op == NUM_PERCENT && len > 1 && s[len - 1] == '%' &&
               is_number_spelling(s, len - 1)) {
        emit(p, s, len, false);
        return;
    } else if (s && n->op == NUM_PLAIN && is_number_spelling(s, len)) {
        emit(p, s, len, false);
        return;
    }
    Buf b = BUF_INIT;
    Rat v = n->v.num;
    if (n->op == NUM_MONEY)
        buf_puts(&b, "EUR ");
    if (n->op == NUM_PERCENT && rat_mul(v, rat_int(100), &v) != RAT_OK)
        v = n->v.num;  /* cannot happen for a value the lexer made */
    rat_format(&b, v);
    if (n->op == NUM_PERCENT)
        buf_putc(&b, '%');
    emit(p, b.data, b.len, false);
    buf_free(&b);
}

/* Whether the spelling s[0..n) of a piece of text, escapes and all, decodes
 * to want[0..wn). */
static bool spelling_decodes_to(const char *s, size_t n, const char *want, size_t wn)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '{' || c == '\n' || c == '\r')
            return false;
        if (c == '\\') {
            if (++i >= n)
                return false;
            switch (s[i]) {
            case '"': case '\\': case '{': case '}': c = s[i]; break;
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            default: return false;
            }
        }
        if (j >= wn || want[j++] != c)
            return false;
    }
    return j == wn;
}

/* A piece of text keeps its spelling (escapes as the author wrote them);
 * without a source it is escaped: \" \\ \{ \} \n \t. */
static void print_text_part(Printer *p, const AstNode *part)
{
    uint32_t len = 0;
    const char *s = node_text(part, &len);
    if (s && spelling_decodes_to(s, len, part->v.str.s, part->v.str.len)) {
        emit(p, s, len, false);
        return;
    }
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < part->v.str.len; i++) {
        char c = part->v.str.s[i];
        switch (c) {
        case '"': buf_puts(&b, "\\\""); break;
        case '\\': buf_puts(&b, "\\\\"); break;
        case '{': buf_puts(&b, "\\{"); break;
        case '}': buf_puts(&b, "\\}"); break;
        case '\n': buf_puts(&b, "\\n"); break;
        case '\t': buf_puts(&b, "\\t"); break;
        default: buf_putc(&b, c);
        }
    }
    emit(p, b.data ? b.data : "", b.len, false);
    buf_free(&b);
}

/* Text is one line by definition: a line break inside "{...}" would end the
 * text, so its interpolations are printed flat. */
static void print_text(Printer *p, const AstNode *n)
{
    bool flat = p->flat;
    put(p, "\"");
    p->flat = true;
    for (uint32_t i = 0; i < n->list.len; i++) {
        const AstNode *part = n->list.items[i];
        if (part->kind == AST_TEXT_PART) {
            print_text_part(p, part);
        } else {
            put(p, "{");
            print_expr(p, part, P_PAIR);
            put(p, "}");
        }
    }
    put(p, "\"");
    p->flat = flat;
}

/* ---- expressions ---- */

static int binop_prec(int op)
{
    switch (op) {
    case OP_OR: return P_OR;
    case OP_AND: return P_AND;
    case OP_ADD: case OP_SUB: return P_ADD;
    case OP_MUL: case OP_DIV: return P_MUL;
    default: return P_CMP;
    }
}

static int prec_of(const AstNode *n)
{
    switch (n->kind) {
    case AST_WHERE: return P_WHERE;
    case AST_IF: return P_IF;
    case AST_UNARY: return n->op == OP_NOT ? P_NOT : P_NEG;
    case AST_BINARY: return binop_prec(n->op);
    case AST_FIELD: case AST_INDEX: return P_POSTFIX;
    case AST_PAIR: return P_PAIR;
    default: return P_PRIMARY;
    }
}

/* Whether the author wrote parentheses right around n; *open and *close
 * are then the offsets of the '(' and the ')'. A call's own parentheses (at
 * excl_open and excl_close) do not count. Grouping parentheses are the only
 * ones that can stand directly around an operand: every other '(' follows a
 * name. */
static bool user_parens(const Printer *p, const AstNode *n, uint32_t excl_open, uint32_t excl_close,
                        uint32_t *open, uint32_t *close)
{
    if (!p->src || n->span.file != p->file || span_end(n) > p->src_len)
        return false;
    long o = prev_sig(p, n->span.off);
    if (o < 0 || p->src[o] != '(' || (uint32_t)o == excl_open)
        return false;
    uint32_t c = next_sig(p, span_end(n));
    if (c >= p->src_len || p->src[c] != ')' || c == excl_close)
        return false;
    *open = (uint32_t)o;
    *close = c;
    return true;
}

/* Comments stay on their side of the author's parentheses: a comment after
 * a '(' is printed after it. (A node's span can start at the '(' of its
 * first operand but never includes its own, so "before the node" alone
 * would move such a comment to the other side of the '(' and a second
 * formatting would treat it differently.) */
static void print_expr_x(Printer *p, const AstNode *n, int min_prec, uint32_t excl_open,
                         uint32_t excl_close)
{
    uint32_t open = 0, close = 0;
    if (user_parens(p, n, excl_open, excl_close, &open, &close)) {
        flush_before(p, open);
        put(p, "(");
        flush_before(p, n->span.off);
        print_bare(p, n);
        flush_before(p, close);
        put(p, ")");
        return;
    }
    flush_before(p, n->span.off);
    bool parens = prec_of(n) < min_prec;
    if (parens)
        put(p, "(");
    print_bare(p, n);
    if (parens)
        put(p, ")");
}

/* Prints n, in parentheses when it binds less strongly than min_prec or when
 * the author put it in parentheses. */
static void print_expr(Printer *p, const AstNode *n, int min_prec)
{
    print_expr_x(p, n, min_prec, UINT32_MAX, UINT32_MAX);
}

static void print_expr_in_call(Printer *p, const AstNode *n, uint32_t open, uint32_t close)
{
    print_expr_x(p, n, P_PAIR, open, close);
}

/* Width in characters of n printed on one line. */
static uint32_t flat_width(const Printer *p, const AstNode *n)
{
    Printer q = *p;
    Buf b = BUF_INIT;
    q.out = &b;
    q.flat = true;
    q.bol = false;
    q.col = 0;
    print_bare(&q, n);
    buf_free(&b);
    return q.col;
}

static void print_seq_item(Printer *p, const AstNode *item, bool record)
{
    if (record && item->kind == AST_FIELD_INIT) {
        flush_before(p, item->span.off);
        put(p, item->name->str);
        put(p, ": ");
        print_expr(p, item->a, P_PAIR);
    } else {
        print_expr(p, item, P_PAIR);
    }
}

/* A list or record: on one line when it fits and holds no comment, else one
 * element per line, each followed by a comma, the closing bracket under the
 * line that opened it. */
static void print_seq(Printer *p, const AstNode *n)
{
    bool record = n->kind == AST_RECORD;
    uint32_t close = n->span.len ? span_end(n) - 1 : n->span.off;
    uint32_t reserve = p->reserve;
    p->reserve = 0;
    if (!n->list.len && !pending_before(p, close)) {
        put(p, record ? "{}" : "[]");
        return;
    }
    bool broken = !p->flat && (pending_before(p, close) || cur_col(p) + flat_width(p, n) + reserve > FMT_WIDTH);
    if (!broken) {
        put(p, record ? "{ " : "[");
        for (uint32_t i = 0; i < n->list.len; i++) {
            if (i)
                put(p, ", ");
            print_seq_item(p, n->list.items[i], record);
        }
        put(p, record ? " }" : "]");
        return;
    }
    uint32_t sv_indent = p->indent, sv_cont = p->cont;
    put(p, record ? "{" : "[");
    uint32_t base = p->line_indent;
    p->block_start = true;
    for (uint32_t i = 0; i < n->list.len; i++) {
        const AstNode *item = n->list.items[i];
        start_unit(p, item->span.off, base + 2);
        const AstNode *value = record && item->kind == AST_FIELD_INIT ? item->a : item;
        if (value->kind == AST_LIST || value->kind == AST_RECORD)
            p->reserve = 1;  /* its comma */
        print_seq_item(p, item, record);
        p->reserve = 0;
        put(p, ",");
    }
    p->indent = base + 2;
    p->unit_start = true;
    flush_before(p, close);
    endline(p);
    p->indent = base;
    p->unit_start = true;
    put(p, record ? "}" : "]");
    p->indent = sv_indent;
    p->cont = sv_cont;
}

static void print_call(Printer *p, const AstNode *n)
{
    put(p, n->name->str);
    put(p, "(");
    uint32_t open = UINT32_MAX, close = UINT32_MAX;
    if (p->src && n->span.file == p->file && n->span.len) {
        open = next_sig(p, n->span.off + n->name->len);
        close = span_end(n) - 1;
    }
    for (uint32_t i = 0; i < n->list.len; i++) {
        if (i)
            put(p, ", ");
        print_expr_in_call(p, n->list.items[i], open, close);
    }
    if (close != UINT32_MAX)
        flush_before(p, close);
    put(p, ")");
}

static void print_bare(Printer *p, const AstNode *n)
{
    switch (n->kind) {
    case AST_NUM:
        print_number(p, n);
        break;
    case AST_DATE: {
        Buf b = BUF_INIT;
        date_format(&b, n->v.date);
        emit(p, b.data, b.len, false);
        buf_free(&b);
        break;
    }
    case AST_BOOL:
        put(p, n->v.boolean ? "true" : "false");
        break;
    case AST_TEXT:
        print_text(p, n);
        break;
    case AST_TEXT_PART:
        print_text_part(p, n);
        break;
    case AST_NAME:
        put(p, n->name->str);
        break;
    case AST_LIST:
    case AST_RECORD:
        print_seq(p, n);
        break;
    case AST_FIELD:
        print_expr(p, n->a, P_POSTFIX);
        put(p, ".");
        put(p, n->name->str);
        break;
    case AST_INDEX:
        print_expr(p, n->a, P_POSTFIX);
        put(p, "[");
        print_expr(p, n->b, P_PAIR);
        if (n->span.len)
            flush_before(p, span_end(n) - 1);
        put(p, "]");
        break;
    case AST_CALL:
        print_call(p, n);
        break;
    case AST_PAIR:
        print_expr(p, n->a, P_WHERE);
        put(p, ": ");
        print_expr(p, n->b, P_WHERE);
        break;
    case AST_UNARY:
        if (n->op == OP_NOT) {
            put(p, "not ");
            print_expr(p, n->a, P_NOT);
        } else {
            put(p, "-");
            print_expr(p, n->a, P_NEG);
        }
        break;
    case AST_BINARY: {
        /* Left-associative operators take an equal left operand without
         * parentheses; comparisons do not chain, so neither side may be
         * another comparison. A weaker right operand is always put in
         * parentheses, even where the grammar would not need them
         * (`a == (not b)`): it reads better and is certainly right. */
        int prec = binop_prec(n->op);
        print_expr(p, n->a, prec == P_CMP ? prec + 1 : prec);
        put(p, " ");
        put(p, ast_op_text((AstOp)n->op));
        put(p, " ");
        print_expr(p, n->b, prec + 1);
        break;
    }
    case AST_IF:
        /* The else branch extends as far as it can, but a `where` after it
         * applies to the whole choice. */
        put(p, "if ");
        print_expr(p, n->a, P_WHERE);
        put(p, " then ");
        print_expr(p, n->b, P_WHERE);
        put(p, " else ");
        print_expr(p, n->c, P_IF);
        break;
    case AST_WHERE:
        print_expr(p, n->a, P_WHERE);
        put(p, " where ");
        print_expr(p, n->b, P_WHERE + 1);
        break;
    case AST_TYPE_NAME:
    case AST_TYPE_LIST:
    case AST_TYPE_MAP:
    case AST_TYPE_OPT:
        print_type(p, n);
        break;
    default:
        /* Declarations and their parts are not expressions; fmt_expr may be
         * handed one by mistake. Print its kind rather than nothing. */
        put(p, "<");
        put(p, ast_kind_name((AstKind)n->kind));
        put(p, ">");
        break;
    }
}

static void print_type(Printer *p, const AstNode *t)
{
    flush_before(p, t->span.off);
    switch (t->kind) {
    case AST_TYPE_LIST:
        put(p, "list of ");
        print_type(p, t->a);
        break;
    case AST_TYPE_MAP:
        put(p, "map of ");
        print_type(p, t->a);
        put(p, " to ");
        print_type(p, t->b);
        break;
    case AST_TYPE_OPT:
        print_type(p, t->a);
        put(p, "?");
        break;
    default:
        put(p, t->name ? t->name->str : "?");
        break;
    }
}

/* ---- blocks ---- */

/* Width of "when COND" (or "otherwise") of a row printed at column col, or
 * 0 when the condition takes more than one line (a comment in it, or a list
 * that does not fit): such a row is not aligned. */
static uint32_t row_head_width(const Printer *p, const AstNode *row, uint32_t result_off, uint32_t col)
{
    /* A comment after `when` (start_unit printed those before it) breaks
     * the line. */
    uint32_t k = first_comment_from(p, row->span.off + 1);
    if (k < p->nc && p->comments[k].off < result_off)
        return 0;
    if (!row->a)
        return 9;
    Printer q = *p;
    Buf b = BUF_INIT;
    q.out = &b;
    q.bol = false;
    q.col = col + 5;
    q.line_indent = p->indent;
    q.ci = first_comment_from(p, result_off);
    print_expr(&q, row->a, P_PAIR);
    bool multi = memchr(b.data ? b.data : "", '\n', b.len) != NULL;
    buf_free(&b);
    return multi ? 0 : q.col - col;
}

static uint32_t row_result_off(const AstNode *row, bool crit)
{
    if (crit && row->v.x && row->v.x->name2)
        return row->v.x->name2_span.off;
    return row->b ? row->b->span.off : span_end(row);
}

/* Whether a blank line will be printed before item i of a block: the source
 * has one before the item or before one of the comments printed before it. */
static bool gap_blank(const Printer *p, const AstList *items, uint32_t i)
{
    if (i == 0)
        return false;
    uint32_t from = span_end(items->items[i - 1]), to = items->items[i]->span.off;
    for (uint32_t k = first_comment_from(p, from); k < p->nc && p->comments[k].off < to; k++)
        if (blank_before(p, p->comments[k].off))
            return true;
    return blank_before(p, to);
}

/* The column at which each row's `=>` goes, relative to the block's
 * indentation (0: no alignment). A group of rows ends at a blank line or at
 * a `let`; within a group every row whose condition fits on one line is
 * aligned with the widest such row. */
static uint32_t *row_targets(const Printer *p, const AstList *items, bool crit, uint32_t indent)
{
    uint32_t *target = mem_zalloc((items->len + 1) * sizeof *target);
    uint32_t *width = mem_zalloc((items->len + 1) * sizeof *width);
    uint32_t i = 0;
    while (i < items->len) {
        if (items->items[i]->kind != AST_ROW) {
            i++;
            continue;
        }
        uint32_t j = i, max = 0;
        do {
            const AstNode *row = items->items[j];
            width[j] = row_head_width(p, row, row_result_off(row, crit), indent);
            if (width[j] > max)
                max = width[j];
            j++;
        } while (j < items->len && items->items[j]->kind == AST_ROW && !gap_blank(p, items, j));
        for (uint32_t k = i; k < j; k++)
            if (width[k])
                target[k] = max;
        i = j;
    }
    mem_free(width);
    return target;
}

static void print_row(Printer *p, const AstNode *row, bool crit, uint32_t target)
{
    if (row->a) {
        put(p, "when ");
        print_expr(p, row->a, P_PAIR);
    } else {
        put(p, "otherwise");
    }
    flush_before(p, row_result_off(row, crit));
    if (p->bol) {
        put(p, "=> ");
    } else {
        if (target && p->col < p->indent + target) {
            uint32_t pad = p->indent + target - p->col;
            buf_fill(p->out, ' ', pad);
            p->col += pad;
        }
        put(p, " => ");
    }
    if (crit && row->v.x && row->v.x->name2) {
        put(p, row->v.x->name2->str);
        if (row->b) {
            put(p, " ");
            print_expr(p, row->b, P_PAIR);
        }
    } else if (row->b) {
        print_expr(p, row->b, P_PAIR);
    }
}

static void print_item(Printer *p, const AstNode *it, bool crit, uint32_t target)
{
    switch (it->kind) {
    case AST_FIELD_DECL:
        put(p, it->name->str);
        put(p, ": ");
        print_type(p, it->a);
        break;
    case AST_FIELD_INIT:
        put(p, it->name->str);
        put(p, ": ");
        print_expr(p, it->a, P_PAIR);
        break;
    case AST_LET:
        put(p, "let ");
        put(p, it->name->str);
        put(p, " = ");
        print_expr(p, it->a, P_PAIR);
        break;
    case AST_ROW:
        print_row(p, it, crit, target);
        break;
    case AST_TEST_DATA:
        put(p, "data ");
        put(p, it->name->str);
        put(p, " from ");
        print_expr(p, it->a, P_PAIR);
        break;
    case AST_EXPECT:
        put(p, "expect ");
        if (it->a) {
            print_expr(p, it->a, P_PAIR);
        } else {
            /* A snapshot: `expect findings "FILE"`. */
            put(p, it->name ? it->name->str : "findings");
            put(p, " ");
            print_expr(p, it->b, P_PAIR);
        }
        break;
    case AST_AS_OF:
        put(p, "as_of ");
        print_expr(p, it->a, P_PAIR);
        break;
    default:
        print_bare(p, it);
        break;
    }
}

/* The block of a declaration: " {", one item per line, "}" under the
 * declaration; " {}" when it is empty and holds no comment. */
static void print_block(Printer *p, const AstNode *d, bool crit)
{
    uint32_t close = span_end(d) - 1;
    const AstList *items = &d->list;
    if (!items->len && !pending_before(p, close)) {
        put(p, " {}");
        return;
    }
    put(p, " {");
    uint32_t base = p->line_indent, inner = base + 2;
    p->block_start = true;
    uint32_t *target = row_targets(p, items, crit, inner);
    for (uint32_t i = 0; i < items->len; i++) {
        start_unit(p, items->items[i]->span.off, inner);
        print_item(p, items->items[i], crit, target[i]);
    }
    mem_free(target);
    p->indent = inner;
    p->unit_start = true;
    flush_before(p, close);
    endline(p);
    p->indent = base;
    p->unit_start = true;
    put(p, "}");
}

static void print_title(Printer *p, const AstNode *title)
{
    if (title) {
        put(p, " ");
        print_expr(p, title, P_PAIR);
    }
}

static void print_scale(Printer *p, const AstNode *d)
{
    uint32_t close = span_end(d) - 1;
    bool titles = false;
    uint32_t w = 4;  /* " {" ... " }" */
    for (uint32_t i = 0; i < d->list.len; i++) {
        titles |= d->list.items[i]->a != NULL;
        w += d->list.items[i]->name->len + (i ? 3 : 0) + 1;
    }
    if (!titles && !pending_before(p, close) && cur_col(p) + w <= FMT_WIDTH) {
        put(p, " {");
        for (uint32_t i = 0; i < d->list.len; i++) {
            put(p, i ? " < " : " ");
            put(p, d->list.items[i]->name->str);
        }
        put(p, " }");
        return;
    }
    put(p, " {");
    uint32_t base = p->line_indent;
    p->block_start = true;
    for (uint32_t i = 0; i < d->list.len; i++) {
        const AstNode *v = d->list.items[i];
        start_unit(p, v->span.off, base + 4);
        /* The '<' moves to the word's line: a blank line the author left
         * after it counts as one before it. */
        if (i && !p->block_start) {
            uint32_t from = span_end(d->list.items[i - 1]);
            if (p->ci && end_of(p->comments[p->ci - 1]) > from)
                from = end_of(p->comments[p->ci - 1]);
            if (blank_in(p, from, v->span.off))
                blankline(p);
        }
        if (i) {
            p->indent = base + 2;
            put(p, "< ");
        }
        put(p, v->name->str);
        print_title(p, v->a);
    }
    p->indent = base + 4;
    p->unit_start = true;
    flush_before(p, close);
    endline(p);
    p->indent = base;
    p->unit_start = true;
    put(p, "}");
}

/* ---- declarations ---- */

/* Offset of the '{' that opens a declaration's block: the first byte after
 * the last part of its first line that is not white space, a comment or a
 * closing parenthesis. Falls back to the end of the declaration. */
static uint32_t brace_after(const Printer *p, const AstNode *d, uint32_t from)
{
    uint32_t i = next_sig(p, from);
    while (i < p->src_len && p->src[i] == ')')
        i = next_sig(p, i + 1);
    return i < span_end(d) && p->src[i] == '{' ? i : span_end(d);
}

/* Where the expression of `function ... = EXPR` or `as_of EXPR` starts, for
 * comments: just after the '=' or the keyword. Comments after that point
 * belong to the expression; taking the expression's own first byte instead
 * would depend on parentheses (a node's span may or may not start at a
 * '('), and a comment could change sides between two formattings. */
static uint32_t after_keyword(const Printer *p, const AstNode *d)
{
    const AstNode *e = d->kind == AST_FUNCTION ? d->c : d->a;
    if (d->kind == AST_AS_OF) {
        if (d->span.len >= 5 && memcmp(p->src + d->span.off, "as_of", 5) == 0)
            return d->span.off + 5;
        return e->span.off;
    }
    long i = prev_sig(p, e->span.off);
    while (i >= 0 && p->src[i] == '(')
        i = prev_sig(p, (uint32_t)i);
    return i >= 0 && p->src[i] == '=' ? (uint32_t)i + 1 : e->span.off;
}

/* Where a declaration's first line ends: comments before this offset are
 * printed above the declaration. */
static uint32_t header_end(const Printer *p, const AstNode *d)
{
    const AstDeclX *x = d->v.x;
    switch (d->kind) {
    case AST_SCALE:
    case AST_KIND:
        return brace_after(p, d, d->a ? span_end(d->a) : end_of(x->name_span));
    case AST_THING:
        if (!(d->flags & AST_FLAG_BODY))
            return span_end(d);
        return brace_after(p, d, d->a ? span_end(d->a) : end_of(x->name_span));
    case AST_CRITERION:
        return brace_after(p, d, x->d ? span_end(x->d) : d->c ? span_end(d->c) : end_of(x->name3_span));
    case AST_FUNCTION:
        return d->c ? after_keyword(p, d) : brace_after(p, d, span_end(d->b));
    case AST_JUDGEMENT:
    case AST_TEST:
        return brace_after(p, d, span_end(d->a));
    case AST_AS_OF:
        return after_keyword(p, d);
    default:
        return span_end(d);
    }
}

static void print_decl(Printer *p, const AstNode *d)
{
    const AstDeclX *x = d->v.x;
    switch (d->kind) {
    case AST_SCALE:
        put(p, "scale ");
        put(p, d->name->str);
        print_title(p, d->a);
        print_scale(p, d);
        break;
    case AST_KIND:
        put(p, "kind ");
        put(p, d->name->str);
        print_title(p, d->a);
        print_block(p, d, false);
        break;
    case AST_THING:
        put(p, x->name2->str);
        put(p, " ");
        put(p, d->name->str);
        print_title(p, d->a);
        if (d->flags & AST_FLAG_BODY)
            print_block(p, d, false);
        break;
    case AST_DATASET:
        put(p, "dataset ");
        put(p, d->name->str);
        put(p, ": ");
        print_type(p, d->a);
        put(p, " from ");
        print_expr(p, d->b, P_PAIR);
        break;
    case AST_CRITERION:
        put(p, "criterion ");
        put(p, d->name->str);
        if (d->b) {
            put(p, ": ");
            put(p, d->b->name->str);
        }
        print_title(p, d->a);
        put(p, " for ");
        put(p, x->name2->str);
        put(p, " ");
        put(p, x->name3->str);
        if (d->c) {
            put(p, " in ");
            print_expr(p, d->c, P_POSTFIX);
        }
        if (x->d) {
            put(p, " where ");
            print_expr(p, x->d, P_PAIR);
        }
        print_block(p, d, true);
        break;
    case AST_FUNCTION:
        put(p, "function ");
        put(p, d->name->str);
        put(p, "(");
        for (uint32_t i = 0; i < x->list2.len; i++) {
            const AstNode *par = x->list2.items[i];
            if (i)
                put(p, ", ");
            put(p, par->name->str);
            put(p, ": ");
            print_type(p, par->a);
        }
        put(p, "): ");
        print_type(p, d->b);
        if (d->c) {
            put(p, " = ");
            print_expr(p, d->c, P_PAIR);
        } else {
            print_block(p, d, false);
        }
        break;
    case AST_JUDGEMENT:
        put(p, "judgement ");
        put(p, d->name->str);
        put(p, " for ");
        print_expr(p, d->a, P_POSTFIX);
        print_block(p, d, false);
        break;
    case AST_TEST:
        put(p, "test ");
        print_expr(p, d->a, P_PAIR);
        print_block(p, d, false);
        break;
    case AST_AS_OF:
        put(p, "as_of ");
        print_expr(p, d->a, P_PAIR);
        break;
    default:
        print_bare(p, d);
        break;
    }
}

/* Whether the comment after a declaration's last byte is on the same line. */
static bool same_line_after(const Printer *p, uint32_t end, uint32_t off)
{
    for (uint32_t i = end; i < off; i++)
        if (p->src[i] == '\n' || p->src[i] == '\r')
            return false;
    return true;
}

/* Prints one top-level declaration into p->out (an empty buffer): the
 * comments above it, the comments of its first line, the declaration and
 * the comment at the end of its last line. Returns whether the declaration
 * itself took one line. */
static bool print_top(Printer *p, const AstNode *d)
{
    p->bol = true;
    p->col = 0;
    p->indent = 0;
    p->cont = 4;
    p->unit_start = true;
    p->block_start = true;  /* the blank line before it is the caller's */
    flush_before(p, d->span.off);
    endline(p);
    if (!p->block_start && blank_before(p, d->span.off))
        blankline(p);
    p->block_start = true;  /* comments of the first line go right above it */
    flush_before(p, header_end(p, d));
    endline(p);
    size_t mark = p->out->len;
    p->indent = 0;
    p->unit_start = true;
    print_decl(p, d);
    uint32_t end = span_end(d);
    if (p->ci < p->nc && p->comments[p->ci].off >= end && same_line_after(p, end, p->comments[p->ci].off))
        print_comment(p, p->comments[p->ci++]);
    endline(p);
    return memchr(p->out->data + mark, '\n', p->out->len - mark - 1) == NULL;
}

static void init_printer(Printer *p, const ParsedFile *pf, Buf *out)
{
    const Source *src = source_get(pf->file);
    memset(p, 0, sizeof *p);
    p->out = out;
    p->file = pf->file;
    p->src = src->text;
    p->src_len = (uint32_t)src->len;
    p->start = src->has_bom ? 3 : 0;
    p->comments = pf->comments;
    p->nc = pf->ncomments;
    p->bol = true;
    p->cont = 4;
}

void fmt_file(const ParsedFile *pf, Buf *out)
{
    const Source *src = source_get(pf->file);
    Printer p;
    Buf text = BUF_INIT, one = BUF_INIT;
    init_printer(&p, pf, &one);
    bool prev_one_line = false;
    for (uint32_t i = 0; i < pf->decls.len; i++) {
        const AstNode *d = pf->decls.items[i];
        uint32_t first = pending_before(&p, d->span.off) ? p.comments[p.ci].off : d->span.off;
        buf_clear(&one);
        bool one_line = print_top(&p, d);
        /* Declarations are separated by a blank line, except one-line
         * declarations that the author wrote one under the other. */
        if (i > 0 && !(prev_one_line && one_line && !blank_before(&p, first)))
            buf_putc(&text, '\n');
        buf_put(&text, one.data, one.len);
        prev_one_line = one_line;
    }
    /* Comments after the last declaration, or in a file without any. */
    if (p.ci < p.nc) {
        buf_clear(&one);
        p.bol = true;
        p.indent = 0;
        p.unit_start = true;
        p.block_start = true;
        bool blank = pf->decls.len && blank_before(&p, p.comments[p.ci].off);
        flush_before(&p, UINT32_MAX);
        endline(&p);
        if (blank)
            buf_putc(&text, '\n');
        buf_put(&text, one.data, one.len);
    }
    buf_free(&one);

    if (src->has_bom)
        buf_put(out, "\xEF\xBB\xBF", 3);
    if (src->crlf) {
        for (size_t i = 0; i < text.len; i++) {
            if (text.data[i] == '\n')
                buf_putc(out, '\r');
            buf_putc(out, text.data[i]);
        }
    } else if (text.len) {
        buf_put(out, text.data, text.len);
    }
    buf_free(&text);
}

void fmt_expr(Buf *out, const AstNode *e)
{
    Printer p;
    memset(&p, 0, sizeof p);
    p.out = out;
    p.flat = true;
    const Source *s = e->span.file ? source_get(e->span.file) : NULL;
    if (s && s->text) {
        p.file = e->span.file;
        p.src = s->text;
        p.src_len = (uint32_t)s->len;
        p.start = s->has_bom ? 3 : 0;
    }
    print_expr(&p, e, P_PAIR);
}

/* ---- verification ---- */

static bool same_comments(const ParsedFile *a, const ParsedFile *b)
{
    if (a->ncomments != b->ncomments)
        return false;
    const char *ta = source_get(a->file)->text, *tb = source_get(b->file)->text;
    for (uint32_t i = 0; i < a->ncomments; i++) {
        Span x = a->comments[i], y = b->comments[i];
        while (x.len && (ta[x.off + x.len - 1] == ' ' || ta[x.off + x.len - 1] == '\t'))
            x.len--;
        while (y.len && (tb[y.off + y.len - 1] == ' ' || tb[y.off + y.len - 1] == '\t'))
            y.len--;
        if (x.len != y.len || memcmp(ta + x.off, tb + y.off, x.len) != 0)
            return false;
    }
    return true;
}

FmtCheck fmt_verify(const ParsedFile *orig, const char *text, size_t len)
{
    if (len > SOURCE_MAX_BYTES)
        return FMT_CHECK_TOO_LARGE;
    Buf name = BUF_INIT;
    buf_printf(&name, "%s (formatted)", source_get(orig->file)->path);
    uint32_t id = source_load_text(buf_str(&name), text, len);
    buf_free(&name);
    if (!id)
        return FMT_CHECK_NO_PARSE;
    Arena arena;
    arena_init(&arena, 64 * 1024);
    ParsedFile again;
    FmtCheck result = FMT_CHECK_OK;
    if (!parse_source(id, &arena, &again)) {
        result = FMT_CHECK_NO_PARSE;
    } else if (!ast_list_equal(&orig->decls, &again.decls)) {
        result = FMT_CHECK_MEANING;
    } else if (!same_comments(orig, &again)) {
        result = FMT_CHECK_COMMENTS;
    } else {
        Buf twice = BUF_INIT;
        fmt_file(&again, &twice);
        if (twice.len != len || memcmp(buf_str(&twice), text, len) != 0)
            result = FMT_CHECK_UNSTABLE;
        buf_free(&twice);
    }
    arena_free(&arena);
    return result;
}

const char *fmt_check_text(FmtCheck c)
{
    switch (c) {
    case FMT_CHECK_OK: return "the formatted text is equivalent";
    case FMT_CHECK_TOO_LARGE: return "the formatted text would be larger than the limit for rule files";
    case FMT_CHECK_NO_PARSE: return "the formatted text does not parse";
    case FMT_CHECK_MEANING: return "the formatted text means something else (its syntax tree differs)";
    case FMT_CHECK_COMMENTS: return "the formatted text does not keep every comment";
    case FMT_CHECK_UNSTABLE: return "formatting the formatted text again changes it";
    }
    return "?";
}
