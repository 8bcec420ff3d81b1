/*
 * parser.y - the grammar of rule files.
 *
 * A pure bison parser over the reentrant scanner of lexer.l. Its actions only
 * build the syntax tree (ast.h); every check of names and types happens later
 * in resolve.c. Syntax errors are reported with the tokens that would have
 * been accepted (LAC makes that list exact), and the parser recovers at the
 * end of the declaration that went wrong, so one run shows every broken
 * block.
 */
%code requires {
#include "parse_int.h"

/* A location is a byte range in the file being parsed. */
typedef struct YYLTYPE {
    uint32_t beg, end;
} YYLTYPE;
#define YYLTYPE_IS_DECLARED 1
#define YYLOCATION_PRINT(File, Loc) ((void)0)

#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
    do {                                                    \
        if (N) {                                            \
            (Cur).beg = YYRHSLOC(Rhs, 1).beg;               \
            (Cur).end = YYRHSLOC(Rhs, N).end;               \
        } else {                                            \
            (Cur).beg = (Cur).end = YYRHSLOC(Rhs, 0).end;   \
        }                                                   \
    } while (0)

/* The parts of a text being parsed: the finished parts, and the run of
 * literal pieces since the last '{...}', not yet made into a part. Every
 * escape is a token of its own, so a run can have many pieces: they are
 * gathered in a buffer that doubles (in the arena), and the run becomes one
 * AST_TEXT_PART when it ends. Joining by copying the run for every piece
 * made a text of n escapes cost O(n^2) time and memory (80,000 '\n' took
 * 6 s and 3 GB). Each text has its own TextParts on the parser stack, so
 * a text inside '{...}' inside text cannot mix with the outer one. */
typedef struct TextParts {
    AstList list;       /* finished parts: AST_TEXT_PART and expressions */
    const char *run;    /* the run so far: the first piece where it lies
                           (the source or a constant), or buf; NULL: none */
    char *buf;          /* arena copy of the run, once it has two pieces */
    uint32_t len;       /* bytes in the run */
    uint32_t cap;       /* bytes buf can hold; 0 while run is not buf */
    uint32_t beg, end;  /* byte range of the run in the file */
} TextParts;
}

%code provides {
int yylex(YYSTYPE *yylval_param, YYLTYPE *yylloc_param, yyscan_t yyscanner);
}

%code {
#include "../base/buf.h"
#include "../base/mem.h"

/* Bison's stacks (the parser's, grown up to YYMAXDEPTH, and LAC's) come
 * from the one allocation chokepoint, so that WOZO_FAIL_ALLOC reaches them.
 * mem_alloc never returns NULL: out of memory there ends the run with
 * "out of memory" (exit 3), and yyerror's E014 is left for what it means,
 * the stack reaching YYMAXDEPTH. */
#define YYMALLOC mem_alloc
#define YYFREE mem_free

#include <string.h>

#define SPAN(loc) span_make(ls->file, (loc).beg, (loc).end - (loc).beg)

static void yyerror(YYLTYPE *loc, yyscan_t scanner, struct LexState *ls, const char *msg);

static AstNode *mk(struct LexState *ls, AstKind k, YYLTYPE loc)
{
    return ast_new(ls->arena, k, SPAN(loc));
}

static AstNode *mkdecl(struct LexState *ls, AstKind k, YYLTYPE loc, const Sym *name, YYLTYPE nloc)
{
    AstNode *n = ast_new_decl(ls->arena, k, SPAN(loc));
    n->name = name;
    n->v.x->name_span = SPAN(nloc);
    return n;
}

/* A declaration whose body had a syntax error: the header is kept, so that
 * the name it declares still exists for the resolver (which then stays
 * quiet about what the lost body would have told it), and uses of the name
 * elsewhere are not reported as unknown. */
static AstNode *broken(AstNode *n)
{
    n->flags |= AST_FLAG_BROKEN;
    return n;
}

/* Finishes an expression node: computes its depth and enforces the limit,
 * so that later passes can recurse without running out of stack. */
static AstNode *fin(struct LexState *ls, AstNode *n)
{
    ast_set_depth(n);
    if (n->depth > AST_MAX_DEPTH && !ls->stop) {
        bool type = n->kind == AST_TYPE_LIST || n->kind == AST_TYPE_MAP || n->kind == AST_TYPE_OPT;
        Diag *d = diag_report(DIAG_E014, n->span, "%s nested too deeply (more than %d levels)",
                              type ? "type" : "expression", AST_MAX_DEPTH);
        if (type)
            diag_hint(d, "give an inner level a name: a kind with a field of that type");
        else
            diag_hint(d, "split the expression with 'let'");
        ls->stop = true;
    }
    return n;
}

static AstNode *unary(struct LexState *ls, AstOp op, AstNode *a, YYLTYPE loc)
{
    AstNode *n = mk(ls, AST_UNARY, loc);
    n->op = (uint8_t)op;
    n->a = a;
    return fin(ls, n);
}

static AstNode *binary(struct LexState *ls, AstOp op, AstNode *a, AstNode *b, YYLTYPE loc)
{
    AstNode *n = mk(ls, AST_BINARY, loc);
    n->op = (uint8_t)op;
    n->a = a;
    n->b = b;
    return fin(ls, n);
}

static AstNode *node2(struct LexState *ls, AstKind k, AstNode *a, AstNode *b, YYLTYPE loc)
{
    AstNode *n = mk(ls, k, loc);
    n->a = a;
    n->b = b;
    return fin(ls, n);
}

static AstNode *number(struct LexState *ls, Rat v, int sub, YYLTYPE loc)
{
    AstNode *n = mk(ls, AST_NUM, loc);
    n->v.num = v;
    n->op = (uint8_t)sub;
    n->depth = 1;
    return n;
}

static AstList list1(struct LexState *ls, AstNode *n)
{
    AstList l = {0};
    ast_push(ls->arena, &l, n);
    return l;
}

/* Adds a piece of literal text to the current run. The first piece is
 * not copied (a rules tree is mostly text without escapes); from the second
 * on the run is copied into a buffer that at least doubles when it grows,
 * so the bytes copied stay below three times the length of the run. */
static void text_piece(struct LexState *ls, TextParts *t, const char *s, uint32_t len, YYLTYPE loc)
{
    if (!t->run) {
        t->run = s;
        t->len = len;
        t->beg = loc.beg;
        t->end = loc.end;
        return;
    }
    /* A run is part of one file, at most SOURCE_MAX_BYTES (16 MiB): twice
     * its length fits in 32 bits. */
    uint32_t need = t->len + len;
    if (need > t->cap) {
        uint32_t cap = need < 32 ? 64 : 2 * need;
        char *m = arena_alloc_packed(ls->arena, cap);
        memcpy(m, t->run, t->len);
        t->buf = m;
        t->run = m;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, len);
    t->len = need;
    t->end = loc.end;
}

/* Ends the current run: it becomes one AST_TEXT_PART (not NUL-terminated;
 * readers use its length). */
static void text_flush(struct LexState *ls, TextParts *t)
{
    if (!t->run)
        return;
    AstNode *p = ast_new(ls->arena, AST_TEXT_PART, span_make(ls->file, t->beg, t->end - t->beg));
    p->v.str.s = t->run;
    p->v.str.len = t->len;
    p->depth = 1;
    ast_push(ls->arena, &t->list, p);
    t->run = NULL;
    t->buf = NULL;
    t->len = t->cap = 0;
}
}

%define api.pure full
%locations
%define parse.error custom
%define parse.lac full
%expect 0
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {struct LexState *ls}

%union {
    const Sym *sym;
    Rat num;
    int32_t date;
    struct { const char *s; uint32_t len; } str;
    AstNode *node;
    AstList list;
    TextParts text;
}

%token <sym> IDENT "name"
%token <num> NUMBER "number" PERCENT "percentage" MONEY "amount"
%token <date> DATE "date"
%token <str> STR_TEXT "text piece"
%token STR_BEGIN "text"
%token STR_END "end of text"
%token INTERP_BEGIN "'{' in text"
%token INTERP_END "'}' in text"
%token ARROW "'=>'" EQ "'=='" NE "'!='" LE "'<='" GE "'>='" NOTIN "'not in'"
%token AND "'and'" AS_OF "'as_of'" CRITERION "'criterion'" DATA "'data'" DATASET "'dataset'"
%token ELSE "'else'" EXPECT "'expect'" FALSE "'false'" FOR "'for'" FROM "'from'"
%token FUNCTION "'function'" IF "'if'" IN "'in'" JUDGEMENT "'judgement'" KIND "'kind'"
%token LET "'let'" LIST "'list'" MAP "'map'" NOT "'not'" OF "'of'" OR "'or'"
%token OTHERWISE "'otherwise'" SCALE "'scale'" TEST "'test'" THEN "'then'" TO "'to'"
%token TRUE "'true'" WHEN "'when'" WHERE "'where'"

%type <node> decl scale_decl scale_value kind_decl field_decl type base_type thing_decl
%type <node> field_init dataset_decl criterion_decl crit_scale crit_in crit_where crit_item
%type <node> function_decl param fn_item judgement_decl test_decl test_item asof_decl
%type <node> title_opt text expr postfix primary arg rec_item
%type <list> scale_values field_decls field_inits crit_items params_opt params fn_items
%type <list> test_items args_opt args exprs rec_items
%type <text> text_parts

%left WHERE
%precedence ELSE
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE '<' LE '>' GE IN NOTIN
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

file
    : %empty
    | file decl         { if ($2) ast_push(ls->arena, &ls->decls, $2); }
    ;

decl
    : scale_decl
    | kind_decl
    | thing_decl
    | dataset_decl
    | criterion_decl
    | function_decl
    | judgement_decl
    | test_decl
    | asof_decl
    | error '}'         { $$ = NULL; yyerrok; }
    ;

/* ---- scales ---- */

scale_decl
    : SCALE IDENT title_opt '{' scale_values '}'
        { $$ = mkdecl(ls, AST_SCALE, @$, $2, @2); $$->a = $3; $$->list = $5; }
    | SCALE IDENT title_opt '{' error '}'
        { $$ = broken(mkdecl(ls, AST_SCALE, @$, $2, @2)); $$->a = $3; yyerrok; }
    ;

scale_values
    : scale_value                   { $$ = list1(ls, $1); }
    | scale_values '<' scale_value  { $$ = $1; ast_push(ls->arena, &$$, $3); }
    ;

scale_value
    : IDENT title_opt   { $$ = mk(ls, AST_SCALE_VALUE, @$); $$->name = $1; $$->a = $2; }
    ;

title_opt
    : %empty            { $$ = NULL; }
    | text
    ;

/* ---- kinds and types ---- */

kind_decl
    : KIND IDENT title_opt '{' field_decls '}'
        { $$ = mkdecl(ls, AST_KIND, @$, $2, @2); $$->a = $3; $$->list = $5; }
    | KIND IDENT title_opt '{' error '}'
        { $$ = broken(mkdecl(ls, AST_KIND, @$, $2, @2)); $$->a = $3; yyerrok; }
    ;

field_decls
    : %empty                    { $$ = (AstList){0}; }
    | field_decls field_decl    { $$ = $1; ast_push(ls->arena, &$$, $2); }
    ;

field_decl
    : IDENT ':' type    { $$ = mk(ls, AST_FIELD_DECL, @$); $$->name = $1; $$->a = $3; }
    ;

type
    : base_type
    | base_type '?'     { $$ = mk(ls, AST_TYPE_OPT, @$); $$->a = $1; $$ = fin(ls, $$); }
    ;

base_type
    : IDENT                             { $$ = mk(ls, AST_TYPE_NAME, @$); $$->name = $1; $$->depth = 1; }
    | LIST OF base_type                 { $$ = mk(ls, AST_TYPE_LIST, @$); $$->a = $3; $$ = fin(ls, $$); }
    | MAP OF base_type TO base_type     { $$ = node2(ls, AST_TYPE_MAP, $3, $5, @$); }
    ;

/* ---- things ---- */

thing_decl
    : IDENT IDENT title_opt
        {
            $$ = mkdecl(ls, AST_THING, @$, $2, @2);
            $$->v.x->name2 = $1;
            $$->v.x->name2_span = SPAN(@1);
            $$->a = $3;
        }
    | IDENT IDENT title_opt '{' field_inits '}'
        {
            $$ = mkdecl(ls, AST_THING, @$, $2, @2);
            $$->v.x->name2 = $1;
            $$->v.x->name2_span = SPAN(@1);
            $$->a = $3;
            $$->list = $5;
            $$->flags |= AST_FLAG_BODY;
        }
    | IDENT IDENT title_opt '{' error '}'
        {
            $$ = broken(mkdecl(ls, AST_THING, @$, $2, @2));
            $$->v.x->name2 = $1;
            $$->v.x->name2_span = SPAN(@1);
            $$->a = $3;
            $$->flags |= AST_FLAG_BODY;
            yyerrok;
        }
    ;

field_inits
    : %empty                    { $$ = (AstList){0}; }
    | field_inits field_init    { $$ = $1; ast_push(ls->arena, &$$, $2); }
    ;

field_init
    : IDENT ':' expr    { $$ = mk(ls, AST_FIELD_INIT, @$); $$->name = $1; $$->a = $3; }
    ;

/* ---- datasets ---- */

dataset_decl
    : DATASET IDENT ':' type FROM text
        { $$ = mkdecl(ls, AST_DATASET, @$, $2, @2); $$->a = $4; $$->b = $6; }
    ;

/* ---- criteria ---- */

criterion_decl
    : CRITERION IDENT crit_scale title_opt FOR IDENT IDENT crit_in crit_where '{' crit_items '}'
        {
            $$ = mkdecl(ls, AST_CRITERION, @$, $2, @2);
            $$->a = $4;
            $$->b = $3;
            $$->v.x->name2 = $6;
            $$->v.x->name2_span = SPAN(@6);
            $$->v.x->name3 = $7;
            $$->v.x->name3_span = SPAN(@7);
            $$->c = $8;
            $$->v.x->d = $9;
            $$->list = $11;
        }
    | CRITERION IDENT crit_scale title_opt FOR IDENT IDENT crit_in crit_where '{' error '}'
        {
            $$ = broken(mkdecl(ls, AST_CRITERION, @$, $2, @2));
            $$->a = $4;
            $$->b = $3;
            $$->v.x->name2 = $6;
            $$->v.x->name2_span = SPAN(@6);
            $$->v.x->name3 = $7;
            $$->v.x->name3_span = SPAN(@7);
            $$->c = $8;
            $$->v.x->d = $9;
            yyerrok;
        }
    ;

crit_scale
    : %empty            { $$ = NULL; }
    | ':' IDENT         { $$ = mk(ls, AST_TYPE_NAME, @2); $$->name = $2; $$->depth = 1; }
    ;

crit_in
    : %empty            { $$ = NULL; }
    | IN postfix        { $$ = $2; }
    ;

crit_where
    : %empty            { $$ = NULL; }
    | WHERE expr        { $$ = $2; }
    ;

crit_items
    : %empty                { $$ = (AstList){0}; }
    | crit_items crit_item  { $$ = $1; ast_push(ls->arena, &$$, $2); }
    ;

crit_item
    : LET IDENT '=' expr
        { $$ = ast_new_decl(ls->arena, AST_LET, SPAN(@$)); $$->name = $2; $$->v.x->name_span = SPAN(@2); $$->a = $4; }
    | WHEN expr ARROW IDENT title_opt
        {
            $$ = ast_new_decl(ls->arena, AST_ROW, SPAN(@$));
            $$->a = $2;
            $$->v.x->name2 = $4;
            $$->v.x->name2_span = SPAN(@4);
            $$->b = $5;
        }
    | OTHERWISE ARROW IDENT title_opt
        {
            $$ = ast_new_decl(ls->arena, AST_ROW, SPAN(@$));
            $$->v.x->name2 = $3;
            $$->v.x->name2_span = SPAN(@3);
            $$->b = $4;
        }
    ;

/* ---- functions ---- */

function_decl
    : FUNCTION IDENT '(' params_opt ')' ':' type '=' expr
        {
            $$ = mkdecl(ls, AST_FUNCTION, @$, $2, @2);
            $$->v.x->list2 = $4;
            $$->b = $7;
            $$->c = $9;
        }
    | FUNCTION IDENT '(' params_opt ')' ':' type '{' fn_items '}'
        {
            $$ = mkdecl(ls, AST_FUNCTION, @$, $2, @2);
            $$->v.x->list2 = $4;
            $$->b = $7;
            $$->list = $9;
        }
    | FUNCTION IDENT '(' params_opt ')' ':' type '{' error '}'
        {
            $$ = broken(mkdecl(ls, AST_FUNCTION, @$, $2, @2));
            $$->v.x->list2 = $4;
            $$->b = $7;
            yyerrok;
        }
    ;

params_opt
    : %empty            { $$ = (AstList){0}; }
    | params
    ;

params
    : param             { $$ = list1(ls, $1); }
    | params ',' param  { $$ = $1; ast_push(ls->arena, &$$, $3); }
    ;

param
    : IDENT ':' type    { $$ = mk(ls, AST_PARAM, @$); $$->name = $1; $$->a = $3; }
    ;

fn_items
    : %empty            { $$ = (AstList){0}; }
    | fn_items fn_item  { $$ = $1; ast_push(ls->arena, &$$, $2); }
    ;

fn_item
    : LET IDENT '=' expr
        { $$ = ast_new_decl(ls->arena, AST_LET, SPAN(@$)); $$->name = $2; $$->v.x->name_span = SPAN(@2); $$->a = $4; }
    | WHEN expr ARROW expr
        { $$ = ast_new_decl(ls->arena, AST_ROW, SPAN(@$)); $$->a = $2; $$->b = $4; }
    | OTHERWISE ARROW expr
        { $$ = ast_new_decl(ls->arena, AST_ROW, SPAN(@$)); $$->b = $3; }
    ;

/* ---- judgements, tests, the evaluation date ---- */

judgement_decl
    : JUDGEMENT IDENT FOR postfix '{' field_inits '}'
        { $$ = mkdecl(ls, AST_JUDGEMENT, @$, $2, @2); $$->a = $4; $$->list = $6; }
    ;

test_decl
    : TEST text '{' test_items '}'
        { $$ = ast_new_decl(ls->arena, AST_TEST, SPAN(@$)); $$->a = $2; $$->list = $4; }
    ;

test_items
    : %empty                { $$ = (AstList){0}; }
    | test_items test_item  { $$ = $1; ast_push(ls->arena, &$$, $2); }
    ;

test_item
    : DATA IDENT FROM text
        { $$ = ast_new_decl(ls->arena, AST_TEST_DATA, SPAN(@$)); $$->name = $2; $$->v.x->name_span = SPAN(@2); $$->a = $4; }
    | EXPECT expr           { $$ = mk(ls, AST_EXPECT, @$); $$->a = $2; }
    | EXPECT IDENT text
        /* A snapshot, `expect findings "FILE"`: name is the word (resolve.c
           checks that it is `findings`), b the file; a stays NULL. */
        { $$ = ast_new_decl(ls->arena, AST_EXPECT, SPAN(@$)); $$->name = $2; $$->v.x->name_span = SPAN(@2); $$->b = $3; }
    | AS_OF expr            { $$ = ast_new_decl(ls->arena, AST_AS_OF, SPAN(@$)); $$->a = $2; }
    ;

asof_decl
    : AS_OF expr            { $$ = ast_new_decl(ls->arena, AST_AS_OF, SPAN(@$)); $$->a = $2; }
    ;

/* ---- expressions ---- */

expr
    : expr WHERE expr               { $$ = node2(ls, AST_WHERE, $1, $3, @$); }
    | IF expr THEN expr ELSE expr
        { $$ = mk(ls, AST_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6; $$ = fin(ls, $$); }
    | expr OR expr                  { $$ = binary(ls, OP_OR, $1, $3, @$); }
    | expr AND expr                 { $$ = binary(ls, OP_AND, $1, $3, @$); }
    | NOT expr                      { $$ = unary(ls, OP_NOT, $2, @$); }
    | expr EQ expr                  { $$ = binary(ls, OP_EQ, $1, $3, @$); }
    | expr NE expr                  { $$ = binary(ls, OP_NE, $1, $3, @$); }
    | expr '<' expr                 { $$ = binary(ls, OP_LT, $1, $3, @$); }
    | expr LE expr                  { $$ = binary(ls, OP_LE, $1, $3, @$); }
    | expr '>' expr                 { $$ = binary(ls, OP_GT, $1, $3, @$); }
    | expr GE expr                  { $$ = binary(ls, OP_GE, $1, $3, @$); }
    | expr IN expr                  { $$ = binary(ls, OP_IN, $1, $3, @$); }
    | expr NOTIN expr               { $$ = binary(ls, OP_NOT_IN, $1, $3, @$); }
    | expr '+' expr                 { $$ = binary(ls, OP_ADD, $1, $3, @$); }
    | expr '-' expr                 { $$ = binary(ls, OP_SUB, $1, $3, @$); }
    | expr '*' expr                 { $$ = binary(ls, OP_MUL, $1, $3, @$); }
    | expr '/' expr                 { $$ = binary(ls, OP_DIV, $1, $3, @$); }
    | '-' expr %prec UMINUS         { $$ = unary(ls, OP_NEG, $2, @$); }
    | postfix
    ;

postfix
    : primary
    | postfix '.' IDENT             { $$ = mk(ls, AST_FIELD, @$); $$->a = $1; $$->name = $3; $$ = fin(ls, $$); }
    | postfix '[' expr ']'          { $$ = node2(ls, AST_INDEX, $1, $3, @$); }
    ;

primary
    : NUMBER                        { $$ = number(ls, $1, NUM_PLAIN, @$); }
    | PERCENT                       { $$ = number(ls, $1, NUM_PERCENT, @$); }
    | MONEY                         { $$ = number(ls, $1, NUM_MONEY, @$); }
    | DATE                          { $$ = mk(ls, AST_DATE, @$); $$->v.date = $1; $$->depth = 1; }
    | TRUE                          { $$ = mk(ls, AST_BOOL, @$); $$->v.boolean = true; $$->depth = 1; }
    | FALSE                         { $$ = mk(ls, AST_BOOL, @$); $$->v.boolean = false; $$->depth = 1; }
    | text
    | IDENT                         { $$ = mk(ls, AST_NAME, @$); $$->name = $1; $$->depth = 1; }
    | IDENT '(' args_opt ')'        { $$ = mk(ls, AST_CALL, @$); $$->name = $1; $$->list = $3; $$ = fin(ls, $$); }
    | '(' expr ')'                  { $$ = $2; }
    | '[' ']'                       { $$ = mk(ls, AST_LIST, @$); $$->depth = 1; }
    | '[' exprs ']'                 { $$ = mk(ls, AST_LIST, @$); $$->list = $2; $$ = fin(ls, $$); }
    | '[' exprs ',' ']'             { $$ = mk(ls, AST_LIST, @$); $$->list = $2; $$ = fin(ls, $$); }
    | '{' '}'                       { $$ = mk(ls, AST_RECORD, @$); $$->depth = 1; }
    | '{' rec_items '}'             { $$ = mk(ls, AST_RECORD, @$); $$->list = $2; $$ = fin(ls, $$); }
    | '{' rec_items ',' '}'         { $$ = mk(ls, AST_RECORD, @$); $$->list = $2; $$ = fin(ls, $$); }
    ;

args_opt
    : %empty            { $$ = (AstList){0}; }
    | args
    ;

args
    : arg               { $$ = list1(ls, $1); }
    | args ',' arg      { $$ = $1; ast_push(ls->arena, &$$, $3); }
    ;

arg
    : expr
    | expr ':' expr     { $$ = node2(ls, AST_PAIR, $1, $3, @$); }
    ;

exprs
    : expr              { $$ = list1(ls, $1); }
    | exprs ',' expr    { $$ = $1; ast_push(ls->arena, &$$, $3); }
    ;

rec_items
    : rec_item                  { $$ = list1(ls, $1); }
    | rec_items ',' rec_item    { $$ = $1; ast_push(ls->arena, &$$, $3); }
    ;

rec_item
    : IDENT ':' expr    { $$ = mk(ls, AST_FIELD_INIT, @$); $$->name = $1; $$->a = $3; $$ = fin(ls, $$); }
    ;

text
    : STR_BEGIN text_parts STR_END
        { text_flush(ls, &$2); $$ = mk(ls, AST_TEXT, @$); $$->list = $2.list; $$ = fin(ls, $$); }
    ;

text_parts
    : %empty                                { $$ = (TextParts){0}; }
    | text_parts STR_TEXT                   { $$ = $1; text_piece(ls, &$$, $2.s, $2.len, @2); }
    | text_parts INTERP_BEGIN expr INTERP_END
        { $$ = $1; text_flush(ls, &$$); ast_push(ls->arena, &$$.list, $3); }
    ;

%%

/* A token as the user would name it: a keyword in quotes, "name 'foo'". */
static void describe_token(Buf *b, yysymbol_kind_t k, const YYLTYPE *loc, const struct LexState *ls)
{
    const char *name = yysymbol_name(k);
    if (k == YYSYMBOL_YYEOF) {
        buf_puts(b, "end of file");
        return;
    }
    if (k == YYSYMBOL_STR_TEXT) {
        buf_puts(b, "text");
        return;
    }
    size_t n = strlen(name);
    if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
        name++;
        n -= 2;
    }
    buf_put(b, name, n);
    /* Show the actual spelling of names and numbers when it is short. */
    if (loc && (k == YYSYMBOL_IDENT || k == YYSYMBOL_NUMBER || k == YYSYMBOL_PERCENT ||
                k == YYSYMBOL_DATE || k == YYSYMBOL_MONEY)) {
        uint32_t len = loc->end - loc->beg;
        if (len > 0 && len <= 40)
            buf_printf(b, " '%.*s'", (int)len, ls->text + loc->beg);
    }
}

static bool is_keyword(yysymbol_kind_t k)
{
    return k >= YYSYMBOL_AND && k <= YYSYMBOL_WHERE;
}

static bool is_comparison(yysymbol_kind_t k)
{
    return k == YYSYMBOL_EQ || k == YYSYMBOL_NE || k == YYSYMBOL_LE || k == YYSYMBOL_GE ||
           k == YYTRANSLATE('<') || k == YYTRANSLATE('>');
}

static bool has(const yysymbol_kind_t *set, int n, yysymbol_kind_t k)
{
    for (int i = 0; i < n; i++)
        if (set[i] == k)
            return true;
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, struct LexState *ls)
{
    (void)scanner;
    if (ls->stop)
        return 0;
    yysymbol_kind_t look = yypcontext_token(ctx);
    const YYLTYPE *loc = yypcontext_location(ctx);
    if (++ls->syntax_errors > PARSE_MAX_ERRORS) {
        /* Say that the rest of the file was not read: silence would look
         * like a clean second half. */
        Diag *d = diag_report(DIAG_E020, span_make(ls->file, loc->beg, loc->end - loc->beg),
                              "too many syntax errors in this file; the rest of it is not read");
        diag_hint(d, "fix the errors above and run again");
        ls->stop = true;
        return 0;
    }
    if (diag_error_at(ls->file, loc->beg) || ls->explained)
        return 0;  /* the scanner already explained this token */
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    /* Where any operand could start, naming them all helps nobody. */
    bool want_operand = has(expected, n, YYSYMBOL_NUMBER) && has(expected, n, YYSYMBOL_NOT) &&
                        !has(expected, n, YYTRANSLATE('+'));
    bool after_operand = has(expected, n, YYTRANSLATE('+'));

    Buf msg = BUF_INIT;
    buf_puts(&msg, "unexpected ");
    describe_token(&msg, look, loc, ls);
    bool want_ident = false;
    if (want_operand) {
        buf_puts(&msg, ", expected an expression");
    } else if (n > 0 && n <= 10) {
        buf_puts(&msg, n == 1 ? ", expected " : ", expected one of ");
        int shown = 0;
        for (int i = 0; i < n; i++) {
            if (shown++)
                buf_puts(&msg, ", ");
            describe_token(&msg, expected[i], NULL, ls);
            want_ident |= expected[i] == YYSYMBOL_IDENT;
        }
    }
    uint32_t len = loc->end - loc->beg;
    Diag *d = diag_report(DIAG_E020, span_make(ls->file, loc->beg, len), "%s", buf_str(&msg));
    buf_free(&msg);

    if (look == YYSYMBOL_YYEOF && ls->depth > 0) {
        for (int i = ls->depth - 1; i >= 0; i--)
            if (ls->stack[i].kind == FRAME_BRACE) {
                diag_note(d, span_make(ls->file, ls->stack[i].off, 1), "this '{' is not closed");
                break;
            }
    } else if (look == YYSYMBOL_YYEOF && ls->parens > 0) {
        diag_hint(d, "a '(' or '[' is not closed");
    } else if (is_keyword(look) && want_ident) {
        diag_hint(d, "'%.*s' is a reserved word and cannot be used as a name", (int)len,
                  ls->text + loc->beg);
    } else if (len == 1 && ls->text[loc->beg] == '=' && after_operand) {
        diag_hint(d, "to compare two values write '=='");
    } else if (is_comparison(look) && after_operand) {
        diag_hint(d, "comparisons cannot be chained: write 'a < b and b < c'");
    } else if (look == YYTRANSLATE(',') && ls->parens == 0 && n > 2 && has(expected, n, YYTRANSLATE('}'))) {
        /* A comma where a block could go on or end: the habit of JSON or
         * of a record literal, but blocks list their fields, words and
         * rows without separators. (A stray comma in a record literal
         * leaves only a name or '}' expected, n == 2, and gets no hint.) */
        if (has(expected, n, YYSYMBOL_IDENT))
            diag_hint(d, "no ',' is needed between fields: each field stands on its own line");
        else if (has(expected, n, YYSYMBOL_WHEN))
            diag_hint(d, "no ',' is needed between lets and rows: each stands on its own line");
        else if (has(expected, n, YYTRANSLATE('<')) && !after_operand)
            diag_hint(d, "the words of a scale are separated by '<', lowest first: { low < high }");
        else
            diag_hint(d, "no ',' is needed between the items of a block: each stands on its own line");
    }
    return 0;
}

static void yyerror(YYLTYPE *loc, yyscan_t scanner, struct LexState *ls, const char *msg)
{
    (void)scanner;
    if (ls->stop)
        return;
    /* Bison calls this only when its own stack is exhausted ("memory
     * exhausted"): a long run of prefix operators such as 'not not not ...',
     * which the scanner's bracket count cannot see. */
    (void)msg;
    Diag *d = diag_report(DIAG_E014, span_make(ls->file, loc->beg, loc->end - loc->beg),
                          "nesting too deep (more than %d open constructs)", YYMAXDEPTH);
    diag_hint(d, "split the expression with 'let'");
    ls->stop = true;
}
