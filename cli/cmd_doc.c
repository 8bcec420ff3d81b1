/*
 * cmd_doc.c - `wozorules doc`: the rules themselves as a browsable,
 * self-contained HTML site and as Markdown, for reviewers and policy makers
 * who read rather than run them (docs/reports.md).
 *
 * Everything is found from the declarations, never from names:
 *   index       the kinds, criteria, scales, functions, judgements, datasets
 *               and rule files, with counts
 *   kind-K      one page per kind that has things: its fields, then every
 *               thing with its fields (references are links), its citation
 *               (a field named `source`), the comment above it, a link to
 *               its rule file and line, the things that refer to it
 *               (programme -> its actions) and the criteria that judge it
 *   criteria    every criterion as a decision table: subject, lets, and one
 *               row per `when` with its verdict and message
 *   scales, functions, judgements
 *   src-N       every rule file with numbered, linkable lines (HTML only;
 *               Markdown links to the file itself, for GitHub's #L anchors)
 *
 * Pages are written with cli_write_file(), one by one; each HTML page
 * carries its own style sheet and makes no request. Output depends only on
 * the rule files.
 */
/* realpath() is an X/Open function; the build asks only for POSIX. */
#define _XOPEN_SOURCE 700

#include "cli.h"
#include "../base/mem.h"
#include "../lang/diag.h"
#include "../runtime/report.h"
#include "../stdlib/builtins.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] = "wozorules doc [PATH ...] --output DIR [--format html|markdown|both] [--lang nl|en]";

static const OptSpec specs[] = {
    {"output", true, 'o', false},
    {"format", true, 'f', false},
    {"lang", true, 0, false},
    {"color", true, 0, false},
    {"no-warnings", false, 0, false},
    {"no-prelude", false, 0, false},
    {"help", false, 'h', false},
};

static void help(void)
{
    printf("usage: %s\n\n", usage);
    printf("Renders the rule files (*.wozo) below each PATH (default: rules/) as a\n"
           "browsable site in DIR: every kind with its things and their fields, citations\n"
           "and references, every criterion as a decision table, the scales, functions\n"
           "and judgements, and the rule files with numbered lines. The HTML pages are\n"
           "self-contained (no scripts, no requests); the Markdown pages suit a wiki or\n"
           "a repository. No data is read and nothing is evaluated.\n\n"
           "options:\n"
           "  -o, --output DIR      write the pages into DIR (created when missing)\n"
           "  -f, --format WHICH    html, markdown or both (default: both)\n"
           "      --lang LANG       words around the rules: nl (default) or en\n"
           "      --color WHEN      auto (default), always or never, for messages\n"
           "      --no-warnings     do not report warnings\n"
           "      --no-prelude      do not load the built-in prelude\n\n"
           "exit status: 0 written, 2 invalid rules or command line, 3 I/O error\n\n"
           "examples:\n"
           "  wozorules doc rules/ --output build/doc\n"
           "  wozorules doc rules/ --output docs/rules --format markdown\n");
}

/* The words around the rules. */
typedef struct DocLabels {
    const char *lang, *title, *kinds, *things, *fields, *field, *type, *optional, *criteria, *scales;
    const char *functions, *judgements, *datasets, *files, *referenced_by, *judged_by, *rule_file;
    const char *source, *subject, *where, *lets, *when, *otherwise, *verdict, *message, *row, *words;
    const char *word, *title_col, *parameters, *result, *by, *date, *because, *quote, *expires;
    const char *prelude, *none, *over, *in_list, *generated_by, *back, *scale, *table;
} DocLabels;

static const DocLabels labels_nl = {
    "nl", "Regels", "Soorten", "Elementen", "Velden", "Veld", "Type", "optioneel", "Criteria", "Schalen",
    "Functies", "Oordelen van analisten", "Gegevensbestanden", "Regelbestanden", "Genoemd door",
    "Beoordeeld door", "Regelbestand", "Bron", "Onderwerp", "alleen waar", "Tussenwaarden", "als",
    "anders", "Oordeel", "Toelichting", "rij", "Woorden", "Woord", "Titel", "Parameters", "Uitkomst",
    "door", "datum", "omdat", "citaat", "verloopt", "ingebouwd (prelude)", "geen", "voor elk(e)",
    "uit", "Gemaakt met", "Overzicht", "Schaal", "Beslistabel",
};

static const DocLabels labels_en = {
    "en", "Rules", "Kinds", "Things", "Fields", "Field", "Type", "optional", "Criteria", "Scales",
    "Functions", "Analysts' judgements", "Datasets", "Rule files", "Referred to by", "Judged by",
    "Rule file", "Source", "Subject", "only where", "Intermediate values", "when", "otherwise", "Verdict",
    "Message", "row", "Words", "Word", "Title", "Parameters", "Result", "by", "date", "because", "quote",
    "expires", "built in (prelude)", "none", "for each", "from", "Made with", "Overview", "Scale",
    "Decision table",
};

/* A reference from one thing's field to another thing. */
typedef struct Ref {
    const Thing *from;
    const Field *field;
} Ref;

typedef VEC(Ref) Refs;

/* The site being written. */
typedef struct Site {
    const Program *p;
    Run *r;                    /* only for the things' field values */
    const DocLabels *l;
    const char *dir;
    char *dir_real;            /* the output folder, resolved, for relative links */
    Refs *refs;                /* per kind, per thing: who refers to it */
    size_t nrefs;
    size_t *ref_base;          /* per kind: index of its first thing in refs */
    bool md;                   /* writing Markdown (else HTML) */
    Buf b;                     /* the page being written */
    int pages;
    bool failed;
} Site;

/* ------------------------------------------------------------------ */
/* Writing text, either way                                             */

static void put_text_n(Site *s, const char *t, size_t n)
{
    if (s->md)
        markdown_text(&s->b, t, n);
    else
        xml_escape(&s->b, t, n);
}

/* t is never NULL. (clang-tidy's analyser thinks it can be when
 * put_heading() is given the same name as text and as anchor, which it may
 * be without: it learns "NULL is possible" from the `if (anchor)` there.) */
static void put_text(Site *s, const char *t)
{
    put_text_n(s, t, strlen(t));  /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
}

static void put_code_n(Site *s, const char *t, size_t n, bool in_table)
{
    if (s->md) {
        markdown_code(&s->b, t, n, in_table);
    } else {
        buf_puts(&s->b, "<code>");
        xml_escape(&s->b, t, n);
        buf_puts(&s->b, "</code>");
    }
}

static void put_code(Site *s, const char *t, bool in_table) { put_code_n(s, t, strlen(t), in_table); }

/* A link with plain text. `href` is built by this file from identifiers and
 * numbers, so it needs no escaping beyond what put_href does. */
static void put_href(Site *s, const char *href)
{
    if (s->md) {
        for (const char *c = href; *c; c++) {
            if (*c == ' ' || *c == '(' || *c == ')' || *c == '<' || *c == '>')
                buf_printf(&s->b, "%%%02X", (unsigned char)*c);
            else
                buf_putc(&s->b, *c);
        }
    } else {
        xml_escape(&s->b, href, strlen(href));
    }
}

static void put_link(Site *s, const char *href, const char *text)
{
    if (s->md) {
        buf_putc(&s->b, '[');
        put_text(s, text);
        buf_puts(&s->b, "](");
        put_href(s, href);
        buf_putc(&s->b, ')');
    } else {
        buf_puts(&s->b, "<a href=\"");
        put_href(s, href);
        buf_puts(&s->b, "\">");
        put_text(s, text);
        buf_puts(&s->b, "</a>");
    }
}

/* A heading with an anchor. */
static void put_heading(Site *s, int level, const char *anchor, const char *text, const char *code)
{
    if (s->md) {
        buf_putc(&s->b, '\n');
        if (anchor)
            buf_printf(&s->b, "<a id=\"%s\"></a>\n", anchor);
        buf_fill(&s->b, '#', (size_t)level);
        buf_putc(&s->b, ' ');
        put_text(s, text);
        if (code) {
            buf_putc(&s->b, ' ');
            put_code(s, code, false);
        }
        buf_puts(&s->b, "\n\n");
    } else {
        buf_printf(&s->b, "<h%d", level);
        if (anchor)
            buf_printf(&s->b, " id=\"%s\"", anchor);
        buf_putc(&s->b, '>');
        put_text(s, text);
        if (code) {
            buf_putc(&s->b, ' ');
            put_code(s, code, false);
        }
        buf_printf(&s->b, "</h%d>\n", level);
    }
}

static void para_open(Site *s) { buf_puts(&s->b, s->md ? "" : "<p>"); }
static void para_close(Site *s) { buf_puts(&s->b, s->md ? "\n\n" : "</p>\n"); }

/* Tables: HTML with caption and scopes; GFM pipe tables in Markdown. */
static void table_open(Site *s, const char *caption, const char *const *heads, size_t n)
{
    if (s->md) {
        buf_puts(&s->b, "|");
        for (size_t i = 0; i < n; i++) {
            buf_putc(&s->b, ' ');
            put_text(s, heads[i]);
            buf_puts(&s->b, " |");
        }
        buf_puts(&s->b, "\n|");
        for (size_t i = 0; i < n; i++)
            buf_puts(&s->b, "---|");
        buf_putc(&s->b, '\n');
        return;
    }
    buf_puts(&s->b, "<table>\n<caption>");
    put_text(s, caption);
    buf_puts(&s->b, "</caption>\n<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        buf_puts(&s->b, "<th scope=\"col\">");
        put_text(s, heads[i]);
        buf_puts(&s->b, "</th>");
    }
    buf_puts(&s->b, "</tr></thead>\n<tbody>\n");
}

static void row_open(Site *s) { buf_puts(&s->b, s->md ? "|" : "<tr>"); }
static void row_close(Site *s) { buf_puts(&s->b, s->md ? "\n" : "</tr>\n"); }
static void cell_open(Site *s, bool head) { buf_puts(&s->b, s->md ? " " : head ? "<th scope=\"row\">" : "<td>"); }
static void cell_close(Site *s, bool head) { buf_puts(&s->b, s->md ? " |" : head ? "</th>" : "</td>"); }
static void table_close(Site *s) { buf_puts(&s->b, s->md ? "\n" : "</tbody>\n</table>\n"); }

/* ------------------------------------------------------------------ */
/* Reading the rule files                                               */

/* The source text of a node, on one line (runs of white space as one). */
static void node_source(Buf *b, const AstNode *n)
{
    const Source *src = source_get(n->span.file);
    if (!src || !src->text)
        return;
    bool space = false;
    for (uint32_t i = 0; i < n->span.len; i++) {
        char c = src->text[n->span.off + i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = b->len > 0;
            continue;
        }
        if (space)
            buf_putc(b, ' ');
        space = false;
        buf_putc(b, c);
    }
}

/* Whether line l of a file is a comment line, or blank. */
static int line_kind(uint32_t file, uint32_t l)
{
    const char *t;
    size_t n;
    if (!source_line(file, l, &t, &n))
        return -1;
    size_t i = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
        i++;
    return i == n ? 0 : t[i] == '#' ? 1 : 2;   /* blank, comment, code */
}

/* The comment lines right above a declaration, without their '#', in file
 * order. A blank line ends them; with `gap`, a block separated from the
 * declaration by one blank line counts too when a blank line or the start
 * of the file is above it (the rationale written above a decision table). */
static void doc_comment(Buf *b, const AstNode *decl, bool gap)
{
    uint32_t line, col;
    source_linecol(decl->span.file, decl->span.off, &line, &col);
    if (gap && line > 2 && line_kind(decl->span.file, line - 1) == 0 && line_kind(decl->span.file, line - 2) == 1) {
        uint32_t top = line - 2;
        while (top > 1 && line_kind(decl->span.file, top - 1) == 1)
            top--;
        if (top == 1 || line_kind(decl->span.file, top - 1) == 0)
            line--;
    }
    uint32_t first = line;
    while (first > 1) {
        const char *t;
        size_t n;
        if (!source_line(decl->span.file, first - 1, &t, &n))
            break;
        size_t i = 0;
        while (i < n && (t[i] == ' ' || t[i] == '\t'))
            i++;
        if (i == n || t[i] != '#')
            break;
        first--;
    }
    for (uint32_t l = first; l < line; l++) {
        const char *t;
        size_t n;
        if (!source_line(decl->span.file, l, &t, &n) || line_kind(decl->span.file, l) != 1)
            continue;
        size_t i = 0;
        while (i < n && t[i] != '#')
            i++;
        i++;
        if (i < n && t[i] == ' ')
            i++;
        buf_put(b, t + i, n - i);
        buf_putc(b, '\n');
    }
}

static void put_doc_comment(Site *s, const AstNode *decl, bool gap)
{
    Buf c = BUF_INIT;
    doc_comment(&c, decl, gap);
    if (c.len) {
        if (s->md) {
            /* A fenced block keeps the author's layout; the fence is longer
             * than any run of backticks inside. */
            size_t run = 0, longest = 2;
            for (size_t i = 0; i < c.len; i++) {
                run = c.data[i] == '`' ? run + 1 : 0;
                if (run > longest)
                    longest = run;
            }
            buf_fill(&s->b, '`', longest + 1);
            buf_puts(&s->b, "text\n");
            buf_put(&s->b, buf_str(&c), c.len);
            buf_fill(&s->b, '`', longest + 1);
            buf_puts(&s->b, "\n\n");
        } else {
            buf_puts(&s->b, "<pre class=\"doc\">");
            xml_escape(&s->b, buf_str(&c), c.len - 1);
            buf_puts(&s->b, "</pre>\n");
        }
    }
    buf_free(&c);
}

/* Index of a source among the program's files (for src-N pages). */
static uint32_t file_index(const Program *p, uint32_t source_id)
{
    for (uint32_t i = 0; i < p->nfiles; i++)
        if (p->files[i].file == source_id)
            return i;
    return 0;
}

/* A path relative to the output folder, for Markdown links to rule files:
 * both are resolved, the common folders dropped, one "../" per folder left
 * in the output path. Returns false when the file cannot be resolved (the
 * built-in prelude, read from memory). */
static bool relative_to_site(const Site *s, const char *path, Buf *out)
{
    char real[PATH_MAX];
    if (!s->dir_real || !realpath(path, real))
        return false;
    const char *a = s->dir_real, *b = real;
    /* The longest common run of whole folders. */
    size_t i = 0, last = 0;
    while (a[i] && b[i] && a[i] == b[i]) {
        if (a[i] == '/')
            last = i;
        i++;
    }
    if (!a[i] && b[i] == '/')
        last = i;
    for (const char *c = a + last; *c; c++)
        if (*c == '/' && c[1])
            buf_puts(out, "../");
    buf_puts(out, b + last + 1);
    return true;
}

/* "rule file:line" as a link: to the numbered source page (HTML) or to the
 * file itself with a GitHub line anchor (Markdown). */
static void put_where(Site *s, Span span)
{
    const Source *src = source_get(span.file);
    if (!src)
        return;
    uint32_t line, col;
    source_linecol(span.file, span.off, &line, &col);
    Buf text = BUF_INIT, href = BUF_INIT;
    buf_printf(&text, "%s:%u", src->path, line);
    if (s->md) {
        if (relative_to_site(s, src->path, &href)) {
            buf_printf(&href, "#L%u", line);
            put_link(s, buf_str(&href), buf_str(&text));
        } else {
            put_code(s, buf_str(&text), false);
        }
    } else {
        buf_printf(&href, "src-%u.html#L%u", file_index(s->p, span.file), line);
        buf_puts(&s->b, "<a class=\"where\" href=\"");
        xml_escape(&s->b, buf_str(&href), href.len);
        buf_puts(&s->b, "\"><code>");
        xml_escape(&s->b, buf_str(&text), text.len);
        buf_puts(&s->b, "</code></a>");
    }
    buf_free(&text);
    buf_free(&href);
}

/* The page and anchor of a thing. */
static void thing_href(Buf *b, const Site *s, const Thing *t)
{
    buf_printf(b, "kind-%s.%s#%s", t->kind->name->str, s->md ? "md" : "html", t->name->str);
}

static void put_thing_link(Site *s, const Thing *t)
{
    Buf h = BUF_INIT;
    thing_href(&h, s, t);
    put_link(s, buf_str(&h), t->title);
    buf_free(&h);
}

static void put_criterion_link(Site *s, const Criterion *c)
{
    Buf h = BUF_INIT;
    buf_printf(&h, "criteria.%s#%s", s->md ? "md" : "html", c->name->str);
    put_link(s, buf_str(&h), c->title);
    buf_free(&h);
}

/* A field value as a reader wants it: text as text, things as links, scale
 * words by their title, lists separated by commas. */
static void put_value(Site *s, Value v, bool in_table)
{
    switch (v.tag) {
    case V_ABSENT:
        put_text(s, s->l->none);
        break;
    case V_TEXT:
        if (!s->md && !in_table && strchr(v.u.s->s, '\n')) {
            buf_puts(&s->b, "<span class=\"pre\">");
            put_text(s, v.u.s->s);
            buf_puts(&s->b, "</span>");
        } else {
            put_text(s, v.u.s->s);
        }
        break;
    case V_THING:
        put_thing_link(s, v.u.t);
        break;
    case V_WORD:
        put_text(s, report_word_title(v.u.w));
        buf_putc(&s->b, ' ');
        put_code(s, v.u.w->name->str, in_table);
        break;
    case V_LIST:
        for (uint32_t i = 0; i < v.u.list->len; i++) {
            if (i)
                buf_puts(&s->b, s->md && in_table ? "<br>" : s->md ? ", " : v.u.list->items[i].tag == V_TEXT ? "<br>" : ", ");
            put_value(s, v.u.list->items[i], in_table);
        }
        if (!v.u.list->len)
            put_text(s, "[]");
        break;
    case V_RECORD: {
        const Record *rec = v.u.rec;
        bool first = true;
        for (uint32_t f = 0; f < rec->kind->nfields; f++) {
            if (rec->fields[f].tag == V_ABSENT)
                continue;
            if (!first)
                put_text(s, "; ");
            first = false;
            put_code(s, rec->kind->fields[f].name->str, in_table);
            put_text(s, ": ");
            put_value(s, rec->fields[f], in_table);
        }
        break;
    }
    default: {
        Buf t = BUF_INIT;
        val_format(&t, v, false);
        put_code_n(s, buf_str(&t), t.len, in_table);
        buf_free(&t);
    }
    }
}

/* ------------------------------------------------------------------ */
/* Pages                                                                */

static const char css[] =
    "body{font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;"
    "color:#111;background:#fff;margin:0 auto;max-width:1100px;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #111;margin-top:2rem}h3{font-size:1.1rem;margin-top:1.6rem}\n"
    "code{font:.9em ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace}\n"
    "a{color:#08519c}nav{margin-bottom:1rem}nav a{margin-right:1rem}\n"
    "table{border-collapse:collapse;margin:.4rem 0 1rem}caption{text-align:left;font-weight:600}\n"
    "th,td{border:1px solid #999;padding:.25rem .5rem;vertical-align:top;text-align:left}\n"
    "thead th{background:#eee}\n"
    "pre.doc{white-space:pre-wrap;background:#f6f6f6;border-left:3px solid #999;padding:.5rem .8rem;font-size:.9em}\n"
    ".pre{white-space:pre-wrap}.where{font-size:.9em}.cite{background:#fffbe6;border-left:3px solid #c9a400;padding:.2rem .6rem}\n"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem}dt{font-weight:600}dd{margin:0}\n"
    "ol.src{font:13px/1.45 ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;white-space:pre-wrap;padding-left:4.5em}\n"
    "ol.src li:target{background:#fff3b0}\n"
    "footer{margin-top:3rem;color:#555;font-size:.85em}\n"
    "@media print{nav{display:none}a{color:inherit;text-decoration:none}}\n";

static void page_open(Site *s, const char *title)
{
    buf_clear(&s->b);
    if (s->md) {
        buf_puts(&s->b, "# ");
        put_text(s, title);
        buf_puts(&s->b, "\n\n");
        put_link(s, "index.md", s->l->back);
        buf_puts(&s->b, "\n");
        return;
    }
    buf_printf(&s->b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", s->l->lang);
    buf_puts(&s->b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    buf_printf(&s->b, "<meta name=\"generator\" content=\"wozorules %s\">\n<title>", WOZO_VERSION);
    put_text(s, title);
    buf_printf(&s->b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    buf_printf(&s->b, "<nav aria-label=\"%s\"><a href=\"index.html\">%s</a><a href=\"criteria.html\">%s</a>"
                      "<a href=\"scales.html\">%s</a><a href=\"functions.html\">%s</a><a href=\"judgements.html\">%s</a></nav>\n",
               s->l->back, s->l->back, s->l->criteria, s->l->scales, s->l->functions, s->l->judgements);
    buf_puts(&s->b, "<main>\n<h1>");
    put_text(s, title);
    buf_puts(&s->b, "</h1>\n");
}

static void page_close(Site *s, const char *name)
{
    if (s->md) {
        buf_printf(&s->b, "\n%s wozorules %s\n", s->l->generated_by, WOZO_VERSION);
    } else {
        buf_printf(&s->b, "</main>\n<footer><p>%s wozorules %s.</p></footer>\n</body>\n</html>\n", s->l->generated_by,
                   WOZO_VERSION);
    }
    Buf path = BUF_INIT;
    buf_printf(&path, "%s/%s.%s", s->dir, name, s->md ? "md" : "html");
    if (!cli_write_file(buf_str(&path), &s->b))
        s->failed = true;
    else
        s->pages++;
    buf_free(&path);
}

static bool kind_has_things(const Kind *k) { return k->things.len > 0; }

static void write_index(Site *s)
{
    const Program *p = s->p;
    page_open(s, s->l->title);
    put_heading(s, 2, "sec-kinds", s->l->kinds, NULL);
    {
        const char *heads[] = {s->l->kinds, s->l->things, s->l->judged_by};
        table_open(s, s->l->kinds, heads, 3);
        for (size_t k = 0; k < p->kinds.len; k++) {
            const Kind *kind = p->kinds.items[k];
            if (!kind_has_things(kind))
                continue;
            row_open(s);
            cell_open(s, true);
            Buf h = BUF_INIT;
            buf_printf(&h, "kind-%s.%s", kind->name->str, s->md ? "md" : "html");
            put_link(s, buf_str(&h), kind->title);
            buf_free(&h);
            buf_putc(&s->b, ' ');
            put_code(s, kind->name->str, true);
            cell_close(s, true);
            cell_open(s, false);
            buf_printf(&s->b, "%zu", kind->things.len);
            cell_close(s, false);
            cell_open(s, false);
            bool any = false;
            for (size_t c = 0; c < p->criteria.len; c++)
                if (p->criteria.items[c]->kind == kind) {
                    if (any)
                        buf_puts(&s->b, "<br>");
                    any = true;
                    put_criterion_link(s, p->criteria.items[c]);
                }
            cell_close(s, false);
            row_close(s);
        }
        table_close(s);
    }
    put_heading(s, 2, "sec-criteria", s->l->criteria, NULL);
    para_open(s);
    for (size_t c = 0; c < p->criteria.len; c++) {
        if (c)
            buf_puts(&s->b, s->md ? "  \n" : "<br>\n");
        put_criterion_link(s, p->criteria.items[c]);
        buf_putc(&s->b, ' ');
        put_code(s, p->criteria.items[c]->name->str, false);
    }
    para_close(s);
    put_heading(s, 2, "sec-more", s->l->back, NULL);
    para_open(s);
    const char *ext = s->md ? "md" : "html";
    Buf h = BUF_INIT;
    buf_printf(&h, "scales.%s", ext);
    put_link(s, buf_str(&h), s->l->scales);
    buf_printf(&s->b, " (%zu) \xC2\xB7 ", p->scales.len);
    buf_clear(&h);
    buf_printf(&h, "functions.%s", ext);
    put_link(s, buf_str(&h), s->l->functions);
    buf_printf(&s->b, " (%zu) \xC2\xB7 ", p->functions.len);
    buf_clear(&h);
    buf_printf(&h, "judgements.%s", ext);
    put_link(s, buf_str(&h), s->l->judgements);
    buf_printf(&s->b, " (%zu)", p->judgements.len);
    buf_free(&h);
    para_close(s);
    if (p->datasets.len) {
        put_heading(s, 2, "sec-datasets", s->l->datasets, NULL);
        const char *heads[] = {s->l->datasets, s->l->type, s->l->source};
        table_open(s, s->l->datasets, heads, 3);
        for (size_t d = 0; d < p->datasets.len; d++) {
            const Dataset *ds = p->datasets.items[d];
            row_open(s);
            cell_open(s, true);
            put_code(s, ds->name->str, true);
            cell_close(s, true);
            cell_open(s, false);
            Buf t = BUF_INIT;
            if (ds->type)
                type_name(&t, ds->type);
            put_code_n(s, buf_str(&t), t.len, true);
            buf_free(&t);
            cell_close(s, false);
            cell_open(s, false);
            if (ds->path)
                put_code(s, ds->path, true);
            buf_putc(&s->b, ' ');
            put_where(s, ds->decl->span);
            cell_close(s, false);
            row_close(s);
        }
        table_close(s);
    }
    put_heading(s, 2, "sec-files", s->l->files, NULL);
    if (!s->md)
        buf_puts(&s->b, "<ul>\n");
    for (uint32_t i = 0; i < p->nfiles; i++) {
        const Source *src = source_get(p->files[i].file);
        if (!src)
            continue;
        buf_puts(&s->b, s->md ? "- " : "<li>");
        put_where(s, span_make(src->id, 0, 0));
        if (p->has_prelude && i == 0) {
            buf_puts(&s->b, " (");
            put_text(s, s->l->prelude);
            buf_putc(&s->b, ')');
        }
        buf_puts(&s->b, s->md ? "\n" : "</li>\n");
    }
    if (!s->md)
        buf_puts(&s->b, "</ul>\n");
    page_close(s, "index");
}

/* One thing: heading, comment, fields, citation, references, criteria. */
static void write_thing(Site *s, const Thing *t, const Refs *refs)
{
    const Program *p = s->p;
    const Kind *k = t->kind;
    put_heading(s, 3, t->name->str, t->title, t->name->str);
    put_doc_comment(s, t->decl, false);
    para_open(s);
    put_where(s, t->decl->span);
    para_close(s);
    if (k->source_field >= 0) {
        Value v = run_thing_field(s->r, t, (uint32_t)k->source_field);
        if (v.tag == V_TEXT) {
            buf_puts(&s->b, s->md ? "> **" : "<p class=\"cite\"><strong>");
            put_text(s, s->l->source);
            buf_puts(&s->b, s->md ? ":** " : ":</strong> ");
            put_text(s, v.u.s->s);
            buf_puts(&s->b, s->md ? "\n\n" : "</p>\n");
        }
    }
    bool any = false;
    for (uint32_t f = 0; f < k->nfields; f++) {
        if ((int32_t)f == k->source_field)
            continue;
        Value v = run_thing_field(s->r, t, f);
        if (v.tag == V_ABSENT || (v.tag == V_LIST && v.u.list->len == 0))
            continue;
        if (!any)
            buf_puts(&s->b, s->md ? "" : "<dl>\n");
        any = true;
        if (s->md) {
            buf_puts(&s->b, "- **");
            put_text(s, k->fields[f].name->str);
            buf_puts(&s->b, "**: ");
            put_value(s, v, false);
            buf_putc(&s->b, '\n');
        } else {
            buf_puts(&s->b, "<dt>");
            put_text(s, k->fields[f].name->str);
            buf_puts(&s->b, "</dt><dd>");
            put_value(s, v, false);
            buf_puts(&s->b, "</dd>\n");
        }
    }
    if (any)
        buf_puts(&s->b, s->md ? "\n" : "</dl>\n");
    /* Who refers to it, by kind and field: a programme's actions. */
    for (size_t i = 0; i < refs->len;) {
        size_t j = i;
        while (j < refs->len && refs->items[j].field == refs->items[i].field &&
               refs->items[j].from->kind == refs->items[i].from->kind)
            j++;
        para_open(s);
        buf_puts(&s->b, s->md ? "**" : "<strong>");
        put_text(s, s->l->referenced_by);
        buf_puts(&s->b, " ");
        put_text(s, refs->items[i].from->kind->title);
        buf_puts(&s->b, " (");
        put_text(s, refs->items[i].field->name->str);
        buf_printf(&s->b, ", %zu)", j - i);
        buf_puts(&s->b, s->md ? ":** " : ":</strong> ");
        for (size_t r = i; r < j; r++) {
            if (r > i)
                buf_puts(&s->b, " \xC2\xB7 ");  /* the same in HTML and Markdown */
            put_thing_link(s, refs->items[r].from);
        }
        para_close(s);
        i = j;
    }
    bool judged = false;
    for (size_t c = 0; c < p->criteria.len; c++) {
        const Criterion *cr = p->criteria.items[c];
        if (cr->kind != k || cr->in_expr)
            continue;
        if (!judged) {
            para_open(s);
            buf_puts(&s->b, s->md ? "**" : "<strong>");
            put_text(s, s->l->judged_by);
            buf_puts(&s->b, s->md ? ":** " : ":</strong> ");
        } else {
            buf_puts(&s->b, " \xC2\xB7 ");
        }
        judged = true;
        put_criterion_link(s, cr);
        if (cr->where_expr) {
            Buf w = BUF_INIT;
            node_source(&w, cr->where_expr);
            buf_puts(&s->b, " (");
            put_text(s, s->l->where);
            buf_putc(&s->b, ' ');
            put_code_n(s, buf_str(&w), w.len, false);
            buf_putc(&s->b, ')');
            buf_free(&w);
        }
    }
    if (judged)
        para_close(s);
}

static void write_kind(Site *s, const Kind *k)
{
    Buf title = BUF_INIT;
    buf_puts(&title, k->title);
    page_open(s, buf_str(&title));
    buf_free(&title);
    para_open(s);
    put_code(s, k->name->str, false);
    buf_printf(&s->b, " \xC2\xB7 %zu \xC2\xB7 ", k->things.len);
    put_where(s, k->decl->span);
    para_close(s);
    put_doc_comment(s, k->decl, false);
    if (k->nfields) {
        const char *heads[] = {s->l->field, s->l->type};
        table_open(s, s->l->fields, heads, 2);
        for (uint32_t f = 0; f < k->nfields; f++) {
            row_open(s);
            cell_open(s, true);
            put_code(s, k->fields[f].name->str, true);
            cell_close(s, true);
            cell_open(s, false);
            Buf t = BUF_INIT;
            if (k->fields[f].type)
                type_name(&t, k->fields[f].type);
            put_code_n(s, buf_str(&t), t.len, true);
            buf_free(&t);
            if (k->fields[f].optional) {
                buf_puts(&s->b, " (");
                put_text(s, s->l->optional);
                buf_putc(&s->b, ')');
            }
            cell_close(s, false);
            row_close(s);
        }
        table_close(s);
    }
    put_heading(s, 2, "sec-things", s->l->things, NULL);
    size_t base = s->ref_base[k->index];
    for (size_t i = 0; i < k->things.len; i++)
        write_thing(s, k->things.items[i], &s->refs[base + i]);
    Buf name = BUF_INIT;
    buf_printf(&name, "kind-%s", k->name->str);
    page_close(s, buf_str(&name));
    buf_free(&name);
}

/* A decision table: one row per `when`, its verdict or result, its message. */
static void write_rows(Site *s, const Row *rows, uint32_t nrows, bool criterion)
{
    const char *heads[] = {"#", s->l->when, criterion ? s->l->verdict : s->l->result, s->l->message};
    table_open(s, s->l->table, heads, criterion ? 4 : 3);
    for (uint32_t i = 0; i < nrows; i++) {
        const Row *row = &rows[i];
        row_open(s);
        cell_open(s, true);
        buf_printf(&s->b, "%u", i + 1);
        cell_close(s, true);
        cell_open(s, false);
        if (row->cond) {
            Buf c = BUF_INIT;
            node_source(&c, row->cond);
            put_code_n(s, buf_str(&c), c.len, true);
            buf_free(&c);
        } else {
            buf_puts(&s->b, s->md ? "*" : "<em>");
            put_text(s, s->l->otherwise);
            buf_puts(&s->b, s->md ? "*" : "</em>");
        }
        cell_close(s, false);
        cell_open(s, false);
        if (criterion && row->verdict) {
            buf_puts(&s->b, s->md ? "**" : "<strong>");
            put_text(s, report_word_title(row->verdict));
            buf_puts(&s->b, s->md ? "** " : "</strong> ");
            put_code(s, row->verdict->name->str, true);
        } else if (!criterion && row->message) {
            Buf c = BUF_INIT;
            node_source(&c, row->message);
            put_code_n(s, buf_str(&c), c.len, true);
            buf_free(&c);
        }
        cell_close(s, false);
        if (criterion) {
            cell_open(s, false);
            if (row->message) {
                Buf c = BUF_INIT;
                node_source(&c, row->message);
                put_code_n(s, buf_str(&c), c.len, true);
                buf_free(&c);
            }
            cell_close(s, false);
        }
        row_close(s);
    }
    table_close(s);
}

static void write_lets(Site *s, Local *const *lets, uint32_t n)
{
    if (!n)
        return;
    para_open(s);
    buf_puts(&s->b, s->md ? "**" : "<strong>");
    put_text(s, s->l->lets);
    buf_puts(&s->b, s->md ? ":**" : ":</strong>");
    para_close(s);
    if (!s->md)
        buf_puts(&s->b, "<ul>\n");
    for (uint32_t i = 0; i < n; i++) {
        Buf c = BUF_INIT;
        buf_printf(&c, "let %s = ", lets[i]->name->str);
        node_source(&c, lets[i]->expr);
        buf_puts(&s->b, s->md ? "- " : "<li>");
        put_code_n(s, buf_str(&c), c.len, false);
        buf_puts(&s->b, s->md ? "\n" : "</li>\n");
        buf_free(&c);
    }
    buf_puts(&s->b, s->md ? "\n" : "</ul>\n");
}

static void write_criteria(Site *s)
{
    const Program *p = s->p;
    page_open(s, s->l->criteria);
    for (size_t i = 0; i < p->criteria.len; i++) {
        const Criterion *c = p->criteria.items[i];
        put_heading(s, 2, c->name->str, c->title, c->name->str);
        put_doc_comment(s, c->decl, true);
        para_open(s);
        buf_puts(&s->b, s->md ? "**" : "<strong>");
        put_text(s, s->l->subject);
        buf_puts(&s->b, s->md ? ":** " : ":</strong> ");
        put_text(s, s->l->over);
        buf_putc(&s->b, ' ');
        if (kind_has_things(c->kind) && !c->in_expr) {
            Buf h = BUF_INIT;
            buf_printf(&h, "kind-%s.%s", c->kind->name->str, s->md ? "md" : "html");
            put_link(s, buf_str(&h), c->kind->title);
            buf_free(&h);
        } else {
            put_text(s, c->kind->title);
        }
        buf_putc(&s->b, ' ');
        put_code(s, c->subject->name->str, false);
        if (c->in_expr) {
            Buf w = BUF_INIT;
            node_source(&w, c->in_expr);
            buf_putc(&s->b, ' ');
            put_text(s, s->l->in_list);
            buf_putc(&s->b, ' ');
            put_code_n(s, buf_str(&w), w.len, false);
            buf_free(&w);
        }
        if (c->where_expr) {
            Buf w = BUF_INIT;
            node_source(&w, c->where_expr);
            buf_putc(&s->b, ' ');
            put_text(s, s->l->where);
            buf_putc(&s->b, ' ');
            put_code_n(s, buf_str(&w), w.len, false);
            buf_free(&w);
        }
        buf_puts(&s->b, s->md ? "  \n**" : "<br><strong>");
        put_text(s, s->l->scale);
        buf_puts(&s->b, s->md ? ":** " : ":</strong> ");
        put_text(s, c->scale->title ? c->scale->title : c->scale->name->str);
        buf_putc(&s->b, ' ');
        put_code(s, c->scale->name->str, false);
        buf_puts(&s->b, s->md ? "  \n" : "<br>");
        put_where(s, c->decl->span);
        para_close(s);
        write_lets(s, c->lets, c->nlets);
        write_rows(s, c->rows, c->nrows, true);
        /* Judgements that replace its verdict for a subject. */
        for (size_t j = 0; j < p->judgements.len; j++) {
            const Judgement *jd = p->judgements.items[j];
            if (jd->criterion != c)
                continue;
            para_open(s);
            buf_puts(&s->b, s->md ? "**" : "<strong>");
            put_text(s, s->l->judgements);
            buf_puts(&s->b, s->md ? ":** " : ":</strong> ");
            if (jd->subject)
                put_thing_link(s, jd->subject);
            else
                put_code(s, jd->subject_id ? jd->subject_id : "?", false);
            put_text(s, " \xE2\x86\x92 ");
            if (jd->verdict)
                put_text(s, report_word_title(jd->verdict));
            buf_puts(&s->b, " (");
            Buf h = BUF_INIT;
            buf_printf(&h, "judgements.%s#j%zu", s->md ? "md" : "html", j + 1);
            put_link(s, buf_str(&h), s->l->judgements);
            buf_free(&h);
            buf_putc(&s->b, ')');
            para_close(s);
        }
    }
    page_close(s, "criteria");
}

static void write_scales(Site *s)
{
    const Program *p = s->p;
    page_open(s, s->l->scales);
    for (size_t i = 0; i < p->scales.len; i++) {
        const Scale *sc = p->scales.items[i];
        put_heading(s, 2, sc->name->str, sc->title ? sc->title : sc->name->str, sc->name->str);
        put_doc_comment(s, sc->decl, false);
        para_open(s);
        put_where(s, sc->decl->span);
        para_close(s);
        const char *heads[] = {"#", s->l->word, s->l->title_col};
        table_open(s, s->l->words, heads, 3);
        for (uint32_t w = 0; w < sc->nvalues; w++) {
            row_open(s);
            cell_open(s, true);
            buf_printf(&s->b, "%u", w + 1);
            cell_close(s, true);
            cell_open(s, false);
            put_code(s, sc->values[w].name->str, true);
            cell_close(s, false);
            cell_open(s, false);
            if (sc->values[w].title)
                put_text(s, sc->values[w].title);
            cell_close(s, false);
            row_close(s);
        }
        table_close(s);
    }
    page_close(s, "scales");
}

static void write_functions(Site *s)
{
    const Program *p = s->p;
    page_open(s, s->l->functions);
    for (size_t i = 0; i < p->functions.len; i++) {
        const Function *fn = p->functions.items[i];
        Buf sig = BUF_INIT;
        buf_printf(&sig, "%s(", fn->name->str);
        for (uint32_t k = 0; k < fn->nparams; k++) {
            buf_printf(&sig, "%s%s: ", k ? ", " : "", fn->params[k]->name->str);
            if (fn->params[k]->type)
                type_name(&sig, fn->params[k]->type);
        }
        buf_puts(&sig, "): ");
        if (fn->result)
            type_name(&sig, fn->result);
        put_heading(s, 2, fn->name->str, fn->name->str, NULL);
        put_doc_comment(s, fn->decl, true);
        para_open(s);
        put_code_n(s, buf_str(&sig), sig.len, false);
        buf_puts(&s->b, s->md ? "  \n" : "<br>");
        put_where(s, fn->decl->span);
        para_close(s);
        buf_free(&sig);
        if (fn->body) {
            Buf c = BUF_INIT;
            buf_puts(&c, "= ");
            node_source(&c, fn->body);
            para_open(s);
            put_code_n(s, buf_str(&c), c.len, false);
            para_close(s);
            buf_free(&c);
        } else {
            write_lets(s, fn->lets, fn->nlets);
            write_rows(s, fn->rows, fn->nrows, false);
        }
    }
    page_close(s, "functions");
}

static void write_judgements(Site *s)
{
    const Program *p = s->p;
    page_open(s, s->l->judgements);
    for (size_t i = 0; i < p->judgements.len; i++) {
        const Judgement *j = p->judgements.items[i];
        char anchor[32];
        snprintf(anchor, sizeof anchor, "j%zu", i + 1);
        Buf t = BUF_INIT;
        buf_printf(&t, "%s / %s", j->criterion ? j->criterion->title : "?", j->subject ? j->subject->title : j->subject_id ? j->subject_id : "?");
        put_heading(s, 2, anchor, buf_str(&t), NULL);
        buf_free(&t);
        put_doc_comment(s, j->decl, true);
        if (!s->md)
            buf_puts(&s->b, "<dl>\n");
        struct { const char *label, *value; } rows[] = {
            {s->l->verdict, j->verdict ? report_word_title(j->verdict) : NULL},
            {s->l->by, j->by}, {s->l->because, j->because}, {s->l->quote, j->quote}, {s->l->source, j->source},
        };
        for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
            if (!rows[r].value)
                continue;
            buf_puts(&s->b, s->md ? "- **" : "<dt>");
            put_text(s, rows[r].label);
            buf_puts(&s->b, s->md ? "**: " : "</dt><dd>");
            put_text(s, rows[r].value);
            buf_puts(&s->b, s->md ? "\n" : "</dd>\n");
        }
        Value d = val_date(j->date);
        buf_puts(&s->b, s->md ? "- **" : "<dt>");
        put_text(s, s->l->date);
        buf_puts(&s->b, s->md ? "**: " : "</dt><dd>");
        put_value(s, d, false);
        buf_puts(&s->b, s->md ? "\n" : "</dd>\n");
        if (j->expires != INT32_MAX) {
            buf_puts(&s->b, s->md ? "- **" : "<dt>");
            put_text(s, s->l->expires);
            buf_puts(&s->b, s->md ? "**: " : "</dt><dd>");
            put_value(s, val_date(j->expires), false);
            buf_puts(&s->b, s->md ? "\n" : "</dd>\n");
        }
        if (!s->md)
            buf_puts(&s->b, "</dl>\n");
        para_open(s);
        if (j->criterion)
            put_criterion_link(s, j->criterion);
        buf_puts(&s->b, " \xC2\xB7 ");
        put_where(s, j->decl->span);
        para_close(s);
    }
    page_close(s, "judgements");
}

/* A rule file with numbered lines, each an anchor (#L12). HTML only. */
static void write_source(Site *s, uint32_t index)
{
    const Source *src = source_get(s->p->files[index].file);
    if (!src || !src->text)
        return;
    page_open(s, src->path);
    buf_puts(&s->b, "<ol class=\"src\">\n");
    for (uint32_t l = 1; l <= src->nlines; l++) {
        const char *t;
        size_t n;
        if (!source_line(src->id, l, &t, &n))
            break;
        buf_printf(&s->b, "<li id=\"L%u\">", l);
        xml_escape(&s->b, t, n);
        buf_puts(&s->b, "</li>\n");
    }
    buf_puts(&s->b, "</ol>\n");
    Buf name = BUF_INIT;
    buf_printf(&name, "src-%u", index);
    page_close(s, buf_str(&name));
    buf_free(&name);
}

/* Who refers to whom: for every thing, the things whose fields name it,
 * in program order. */
static void collect_refs(Site *s)
{
    const Program *p = s->p;
    size_t total = 0;
    s->ref_base = mem_zalloc((p->kinds.len + 1) * sizeof *s->ref_base);
    for (size_t k = 0; k < p->kinds.len; k++) {
        s->ref_base[k] = total;
        total += p->kinds.items[k]->things.len;
    }
    s->refs = mem_zalloc((total + 1) * sizeof *s->refs);
    s->nrefs = total;
    for (size_t k = 0; k < p->kinds.len; k++) {
        const Kind *kind = p->kinds.items[k];
        for (uint32_t f = 0; f < kind->nfields; f++) {
            for (size_t i = 0; i < kind->things.len; i++) {
                const Thing *t = kind->things.items[i];
                Value v = run_thing_field(s->r, t, f);
                const Value *items = &v;
                uint32_t n = 1;
                if (v.tag == V_LIST) {
                    items = v.u.list->items;
                    n = v.u.list->len;
                }
                for (uint32_t x = 0; x < n; x++) {
                    if (items[x].tag != V_THING)
                        continue;
                    const Thing *target = items[x].u.t;
                    Ref ref = {t, &kind->fields[f]};
                    Refs *rs = &s->refs[s->ref_base[target->kind->index] + target->index];
                    bool dup = false;
                    for (size_t d = 0; d < rs->len && !dup; d++)
                        dup = rs->items[d].from == t && rs->items[d].field == ref.field;
                    if (!dup)
                        vec_push(rs, ref);
                }
            }
        }
    }
}

static bool make_dir(const char *dir)
{
    Buf b = BUF_INIT;
    buf_puts(&b, dir);
    char *path = buf_take(&b);  /* never NULL, even for "" */
    for (char *c = *path ? path + 1 : path; *c; c++) {
        if (*c != '/')
            continue;
        *c = 0;
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "wozorules: error: cannot create %s: %s\n", path, strerror(errno));
            mem_free(path);
            return false;
        }
        *c = '/';
    }
    bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
    if (!ok)
        fprintf(stderr, "wozorules: error: cannot create %s: %s\n", path, strerror(errno));
    mem_free(path);
    return ok;
}

int cmd_doc(int argc, char **argv)
{
    OptParser op;
    cli_opt_init(&op, argc, argv, specs, sizeof specs / sizeof specs[0], "doc", usage, help);
    CliArgs ca = {0};
    bool warnings = true, html = true, md = true;
    const char *dir = NULL;
    const DocLabels *labels = &labels_nl;
    int rc = EXIT_OK;
    const OptSpec *o;
    const char *val;
    while ((o = cli_next_option(&op, &ca, &val)) != NULL) {
        if (!strcmp(o->name, "output")) {
            dir = val;
        } else if (!strcmp(o->name, "format")) {
            if (!strcmp(val, "html") || !strcmp(val, "markdown") || !strcmp(val, "both")) {
                html = strcmp(val, "markdown") != 0;
                md = strcmp(val, "html") != 0;
            } else {
                rc = cli_usage_error("doc", usage, "--format takes html, markdown or both, not '%s'", val);
                goto out;
            }
        } else if (!strcmp(o->name, "lang")) {
            if (strcmp(val, "nl") != 0 && strcmp(val, "en") != 0) {
                rc = cli_usage_error("doc", usage, "--lang takes nl or en, not '%s'", val);
                goto out;
            }
            labels = strcmp(val, "en") == 0 ? &labels_en : &labels_nl;
        } else if (!strcmp(o->name, "no-warnings")) {
            warnings = false;
        }
    }
    if (op.status != OPT_END) {
        rc = op.status == OPT_HELP ? EXIT_OK : EXIT_INVALID;
        goto out;
    }
    ColorMode color = ca.color;
    if (!dir || !*dir) {
        rc = cli_usage_error("doc", usage, "--output DIR is required: the folder to write the pages into");
        goto out;
    }
    if (!ca.args.len)
        vec_push(&ca.args, "rules/");
    Program *p = cli_load(ca.args.items, ca.args.len, warnings, ca.no_prelude);
    if (diag_errors()) {
        cli_print_diags(color);
        program_free(p);
        rc = EXIT_INVALID;
        goto out;
    }
    cli_print_diags(color);
    if (!make_dir(dir)) {
        program_free(p);
        rc = EXIT_INTERNAL;
        goto out;
    }
    Site s = {0};
    s.p = p;
    s.r = run_new(p, wozo_builtins);
    s.l = labels;
    s.dir = dir;
    char real[PATH_MAX];
    s.dir_real = realpath(dir, real) ? mem_strdup(real) : NULL;
    collect_refs(&s);
    int html_pages = 0;
    for (int pass = 0; pass < 2; pass++) {
        s.md = pass == 1;
        if ((s.md && !md) || (!s.md && !html))
            continue;
        int before = s.pages;
        write_index(&s);
        for (size_t k = 0; k < p->kinds.len; k++)
            if (kind_has_things(p->kinds.items[k]))
                write_kind(&s, p->kinds.items[k]);
        write_criteria(&s);
        write_scales(&s);
        write_functions(&s);
        write_judgements(&s);
        if (!s.md)
            for (uint32_t i = 0; i < p->nfiles; i++)
                write_source(&s, i);
        if (!s.md)
            html_pages = s.pages - before;
    }
    if (s.failed) {
        rc = EXIT_INTERNAL;
    } else {
        printf("doc: %d HTML and %d Markdown pages in %s (start at %s/index.%s)\n", html_pages, s.pages - html_pages,
               dir, dir, html ? "html" : "md");
    }
    for (size_t i = 0; i < s.nrefs; i++)
        vec_free(&s.refs[i]);
    mem_free(s.refs);
    mem_free(s.ref_base);
    mem_free(s.dir_real);
    buf_free(&s.b);
    run_free(s.r);
    program_free(p);
out:
    cli_args_free(&ca);
    return rc;
}
