/*
 * report_html.c - the findings as one self-contained HTML page.
 *
 * The page opens from disk and makes no request: the style sheet is inline,
 * the few drawings are inline SVG, there is no script and no web font. It
 * has four parts (docs/reports.md):
 *
 *   1. a summary: verdict counts per scale and per criterion;
 *   2. a heat map per coverage matrix (report_matrices()): one row per thing
 *      of the row kind, grouped, one column per record, each cell coloured by
 *      its scale word AND showing the word and a Harvey ball, the cell's
 *      other fields in a tooltip, the share of records at or above each word
 *      and the verdicts of the criteria over the rows;
 *   3. a verdict table per judged kind (report_tables()): the verdicts of
 *      several criteria side by side, with the message and the lets computed;
 *   4. every finding, with its message, rule line, evidence, citations and
 *      judgement.
 *
 * Colours: a one-hue ramp (ColorBrewer Blues) for the words of a matrix and a
 * diverging blue-to-red ramp (ColorBrewer RdBu) for verdicts, bottom of the
 * scale blue; both read for colour-blind readers, and every coloured cell
 * also carries its word, so the page reads in black and white too.
 *
 * Output depends only on the Run and the options: no clock, no locale, no
 * pointer order.
 */
#include "report.h"
#include "../base/date.h"

#include <string.h>

static void esc(Buf *b, const char *s) { xml_escape(b, s, strlen(s)); }

static void esc_value(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    val_format(&t, v, false);
    xml_escape(b, buf_str(&t), t.len);
    buf_free(&t);
}

static void esc_date(Buf *b, int32_t d)
{
    Buf t = BUF_INIT;
    date_format(&t, d);
    esc(b, buf_str(&t));
    buf_free(&t);
}

/* ------------------------------------------------------------------ */
/* Colours                                                              */

/* ColorBrewer Blues (9 classes), lightest first: sequential, safe for
 * colour-blind readers and readable as grey. */
static const char *const blues[9] = {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
                                     "#4292c6", "#2171b5", "#08519c", "#08306b"};
/* ColorBrewer RdBu (9 classes) from blue to red. */
static const char *const rdbu[9] = {"#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
                                    "#fddbc7", "#f4a582", "#d6604d", "#b2182b"};

/* Position of word i of n on a ramp of `len` colours between lo and hi,
 * rounded half up. */
static unsigned ramp(uint32_t i, uint32_t n, unsigned lo, unsigned hi)
{
    if (n <= 1)
        return (lo + hi) / 2;
    return lo + (unsigned)(((hi - lo) * i * 2 + (n - 1)) / (2 * (n - 1)));
}

/* The CSS of one scale: .m-SCALE.wI for matrices, .v-SCALE.wI for verdicts. */
static void scale_css(Buf *b, const Scale *s, bool matrix)
{
    for (uint32_t i = 0; i < s->nvalues; i++) {
        unsigned c = matrix ? ramp(i, s->nvalues, 0, 8) : ramp(i, s->nvalues, 1, 8);
        const char *bg = matrix ? blues[c] : rdbu[c];
        bool dark = matrix ? c >= 5 : (c <= 1 || c >= 7);
        buf_printf(b, ".%c-%s.w%u{background:%s;color:%s}\n", matrix ? 'm' : 'v', s->name->str, i, bg,
                   dark ? "#fff" : "#111");
    }
}

/* A Harvey ball for word i of n: an empty circle for the lowest word, a
 * full one for the highest, quarters in between; drawn once per scale as an
 * SVG symbol and used in every cell, so black-and-white prints keep the
 * order. */
static void ball_symbol(Buf *b, const Scale *s, uint32_t i)
{
    uint32_t n = s->nvalues;
    buf_printf(b, "<symbol id=\"hb-%s-%u\" viewBox=\"0 0 12 12\">", s->name->str, i);
    buf_puts(b, "<circle cx=\"6\" cy=\"6\" r=\"5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.2\"/>");
    if (n > 1 && i + 1 == n) {
        buf_puts(b, "<circle cx=\"6\" cy=\"6\" r=\"5\" fill=\"currentColor\"/>");
    } else if (n > 1 && i > 0) {
        /* A pie slice of i/(n-1) of the circle, clockwise from the top,
         * ending at the nearest sixteenth of a turn (close enough to tell
         * the words apart, and no floating-point maths library needed). */
        static const double s16[17] = {0, 0.3827, 0.7071, 0.9239, 1, 0.9239, 0.7071, 0.3827, 0,
                                       -0.3827, -0.7071, -0.9239, -1, -0.9239, -0.7071, -0.3827, 0};
        uint32_t e = (i * 32 + (n - 1)) / (2 * (n - 1));
        double x = 6 + 5 * s16[e], y = 6 - 5 * s16[(e + 4) % 16];
        buf_printf(b, "<path d=\"M6 6V1A5 5 0 %d 1 %.2f %.2fZ\" fill=\"currentColor\"/>", e > 8 ? 1 : 0, x, y);
    }
    buf_puts(b, "</symbol>");
}

static void ball(Buf *b, const ScaleValue *w)
{
    buf_printf(b, "<svg class=\"hb\" aria-hidden=\"true\" focusable=\"false\"><use href=\"#hb-%s-%u\"/></svg>",
               w->scale->name->str, w->index);
}

/* A verdict as a badge: its title in the verdict colours, the top of the
 * scale in bold with a heavy border (for black and white). */
static void badge(Buf *b, const ScaleValue *w)
{
    bool top = w->index + 1 == w->scale->nvalues && w->scale->nvalues > 1;
    buf_printf(b, "<span class=\"badge v-%s w%u%s\" title=\"%s.%s\">", w->scale->name->str, w->index,
               top ? " top" : "", w->scale->name->str, w->name->str);
    esc(b, report_word_title(w));
    buf_puts(b, "</span>");
}

/* ------------------------------------------------------------------ */
/* The page                                                             */

static const char css[] =
    ":root{--ink:#111;--muted:#555;--line:#999;--soft:#eee}\n"
    "*{box-sizing:border-box}\n"
    "body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\","
    "Arial,sans-serif;color:var(--ink);background:#fff;margin:0 auto;max-width:1600px;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.7rem;margin:.5rem 0}h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--ink)}\n"
    "h3{font-size:1.1rem;margin:1.5rem 0 .4rem}h4{font-size:1rem;margin:0 0 .3rem}\n"
    "code{font:.9em ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace}\n"
    "a{color:#08519c}\n"
    "p.meta,.muted{color:var(--muted)}\n"
    "nav ol{columns:2;margin:.3rem 0}\n"
    "table{border-collapse:collapse;margin:.4rem 0 1rem}\n"
    "caption{text-align:left;font-weight:600;padding:.2rem 0}\n"
    "th,td{border:1px solid var(--line);padding:.25rem .4rem;vertical-align:top;text-align:left}\n"
    "thead th{background:var(--soft)}\n"
    "th[scope=rowgroup]{background:var(--soft);font-size:1rem}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".scroll{overflow-x:auto}\n"
    ".heat{font-size:11.5px;line-height:1.2}\n"
    ".heat th,.heat td{padding:.2rem .3rem}\n"
    ".heat thead th{vertical-align:bottom}\n"
    ".heat th[scope=row]{font-weight:normal;min-width:11em}\n"
    ".heat td.c{border:1px solid #fff;outline:1px solid var(--line)}\n"
    "abbr{text-decoration:none}\n"
    "table.ev td,table.ev th{padding:.1rem .4rem}\n"
    ".heat td.miss{background:repeating-linear-gradient(45deg,#fff 0 4px,#ddd 4px 6px);color:#111}\n"
    ".heat .badge{white-space:normal}\n"
    ".hb{width:11px;height:11px;vertical-align:-1px;margin-right:3px}\n"
    ".badge{display:inline-block;padding:0 .4em;border:1px solid #111;border-radius:3px;white-space:nowrap}\n"
    ".badge.top{border-width:3px;font-weight:700}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;list-style:none;padding:0;margin:.3rem 0}\n"
    ".legend .sw{display:inline-block;padding:.1rem .5rem;border:1px solid var(--line)}\n"
    ".verdicts td{min-width:14em;max-width:34em}\n"
    ".lets{font-size:.85em;color:var(--muted);margin:.2rem 0 0}\n"
    "article.finding{border-left:4px solid var(--line);padding:.3rem .8rem;margin:.6rem 0 1rem;break-inside:avoid}\n"
    "article.finding p{margin:.2rem 0}\n"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1rem .8rem;margin:.3rem 0}\n"
    "dl.facts dt{font-weight:600}dl.facts dd{margin:0}\n"
    "table.ev{font-size:.85em}\n"
    "blockquote{margin:.2rem 0;padding-left:.6rem;border-left:3px solid var(--line)}\n"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
    "footer{margin-top:3rem;color:var(--muted);font-size:.85em}\n"
    "@page{size:A4 landscape;margin:10mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    ".scroll{overflow:visible}a{color:inherit;text-decoration:none}"
    "thead{display:table-header-group}tr,article.finding{break-inside:avoid}"
    "h2,h3{break-after:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

typedef struct Page {
    Buf *b;
    Run *r;
    const Program *p;
    Finding **fs;
    size_t n;
    const ReportOptions *o;
    const ReportLabels *l;
    Map index;              /* Finding -> 1 + its position in fs */
    ReportMatrix *ms;
    size_t nm;
    ReportTable *ts;
    size_t nt;
} Page;

static size_t finding_no(const Page *pg, const Finding *f)
{
    return (size_t)(uintptr_t)map_get(&pg->index, f);
}

static void count_label(Buf *b, const ReportLabels *l, size_t n)
{
    buf_printf(b, "%zu %s", n, n == 1 ? l->finding_one : l->finding_many);
}

/* Scales that criteria give verdicts on, in program order. */
static bool verdict_scale(const Program *p, const Scale *s)
{
    for (size_t i = 0; i < p->criteria.len; i++)
        if (p->criteria.items[i]->scale == s)
            return true;
    return false;
}

static void put_head(Page *pg)
{
    Buf *b = pg->b;
    buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", pg->l->lang);
    buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    buf_printf(b, "<meta name=\"generator\" content=\"wozorules %s\">\n", WOZO_VERSION);
    buf_printf(b, "<title>wozorules: %s", pg->l->title);
    if (run_has_as_of(pg->r)) {
        buf_puts(b, " (");
        esc_date(b, run_as_of(pg->r));
        buf_putc(b, ')');
    }
    buf_puts(b, "</title>\n<style>\n");
    buf_puts(b, css);
    for (size_t i = 0; i < pg->p->scales.len; i++) {
        const Scale *s = pg->p->scales.items[i];
        bool in_matrix = false;
        for (size_t m = 0; m < pg->nm; m++)
            in_matrix = in_matrix || pg->ms[m].scale == s;
        if (in_matrix)
            scale_css(b, s, true);
        if (verdict_scale(pg->p, s))
            scale_css(b, s, false);
    }
    buf_puts(b, "</style>\n</head>\n<body>\n");
    /* The Harvey balls, defined once. */
    if (pg->nm) {
        buf_puts(b, "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>");
        for (size_t i = 0; i < pg->p->scales.len; i++) {
            const Scale *s = pg->p->scales.items[i];
            bool in_matrix = false;
            for (size_t m = 0; m < pg->nm; m++)
                in_matrix = in_matrix || pg->ms[m].scale == s;
            for (uint32_t w = 0; in_matrix && w < s->nvalues; w++)
                ball_symbol(b, s, w);
        }
        buf_puts(b, "</defs></svg>\n");
    }
}

static void matrix_title(Buf *b, const ReportMatrix *m)
{
    esc(b, m->record_kind->title);
    buf_puts(b, " \xC3\x97 ");
    esc(b, m->key_kind->title);
    buf_puts(b, ": ");
    esc(b, m->scale->title ? m->scale->title : m->scale->name->str);
}

static void put_header_and_nav(Page *pg)
{
    Buf *b = pg->b;
    const ReportLabels *l = pg->l;
    size_t failing = 0;
    for (size_t k = 0; k < pg->n; k++)
        failing += finding_fails(pg->fs[k], pg->o->fail_on);
    buf_printf(b, "<header>\n<h1>%s</h1>\n<p class=\"meta\">", l->title);
    if (run_has_as_of(pg->r)) {
        buf_printf(b, "%s: ", l->as_of);
        esc_date(b, run_as_of(pg->r));
    } else {
        buf_puts(b, l->no_as_of);
    }
    buf_puts(b, " \xC2\xB7 ");
    count_label(b, l, pg->n);
    buf_printf(b, " \xC2\xB7 %zu %s", failing, l->failing);
    if (pg->o->fail_on) {
        buf_puts(b, " (");
        esc(b, report_word_title(pg->o->fail_on));
        buf_putc(b, ')');
    }
    size_t nfailed;
    (void)run_failures(pg->r, &nfailed);
    if (nfailed)
        buf_printf(b, " \xC2\xB7 <a href=\"#errors\">%zu %s</a>", nfailed, l->failed);
    buf_puts(b, "</p>\n</header>\n");
    buf_printf(b, "<nav aria-label=\"%s\"><ol>\n", l->contents);
    buf_printf(b, "<li><a href=\"#summary\">%s</a></li>\n", l->summary);
    for (size_t i = 0; i < pg->nm; i++) {
        buf_printf(b, "<li><a href=\"#matrix-%zu\">", i + 1);
        matrix_title(b, &pg->ms[i]);
        buf_puts(b, "</a></li>\n");
    }
    if (pg->nt)
        buf_printf(b, "<li><a href=\"#tables\">%s</a></li>\n", l->tables);
    buf_printf(b, "<li><a href=\"#findings\">%s</a></li>\n</ol></nav>\n", l->findings);
}

static void put_summary(Page *pg)
{
    Buf *b = pg->b;
    const ReportLabels *l = pg->l;
    const Program *p = pg->p;
    buf_printf(b, "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">%s</h2>\n",
               l->summary);
    /* Counts per scale word, from the top of each scale. */
    buf_printf(b, "<table class=\"counts\">\n<caption>%s</caption>\n", l->counts_caption);
    buf_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>\n",
               l->scale, l->word, l->count);
    for (size_t s = 0; s < p->scales.len; s++) {
        const Scale *sc = p->scales.items[s];
        if (!verdict_scale(p, sc))
            continue;
        buf_puts(b, "<tbody>\n");
        for (uint32_t w = sc->nvalues; w-- > 0;) {
            size_t cnt = 0;
            for (size_t k = 0; k < pg->n; k++)
                cnt += pg->fs[k]->verdict == &sc->values[w];
            buf_puts(b, "<tr>");
            if (w + 1 == sc->nvalues) {
                buf_printf(b, "<th scope=\"rowgroup\" rowspan=\"%u\">", sc->nvalues);
                esc(b, sc->title ? sc->title : sc->name->str);
                buf_printf(b, " <code>%s</code></th>", sc->name->str);
            }
            buf_puts(b, "<td>");
            badge(b, &sc->values[w]);
            buf_printf(b, " <code>%s</code></td><td class=\"num\">%zu</td></tr>\n", sc->values[w].name->str, cnt);
        }
        buf_puts(b, "</tbody>\n");
    }
    buf_printf(b, "<tfoot><tr><th scope=\"row\" colspan=\"2\">%s</th><td class=\"num\">%zu</td></tr></tfoot>\n</table>\n",
               l->total, pg->n);
    /* Per criterion, the words it gave. */
    buf_printf(b, "<table class=\"per-criterion\">\n<caption>%s</caption>\n", l->criteria_caption);
    buf_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>\n<tbody>\n",
               l->criterion, l->verdict, l->total);
    for (size_t c = 0; c < p->criteria.len; c++) {
        const Criterion *cr = p->criteria.items[c];
        size_t total = 0;
        for (size_t k = 0; k < pg->n; k++)
            total += pg->fs[k]->criterion == cr;
        buf_puts(b, "<tr><th scope=\"row\">");
        esc(b, cr->title);
        buf_printf(b, " <code>%s</code></th><td>", cr->name->str);
        const char *sep = "";
        for (uint32_t w = cr->scale->nvalues; w-- > 0;) {
            size_t cnt = 0;
            for (size_t k = 0; k < pg->n; k++)
                cnt += pg->fs[k]->criterion == cr && pg->fs[k]->verdict == &cr->scale->values[w];
            if (!cnt)
                continue;
            buf_printf(b, "%s%zu\xC2\xA0", sep, cnt);
            badge(b, &cr->scale->values[w]);
            sep = " ";
        }
        buf_printf(b, "</td><td class=\"num\">%zu</td></tr>\n", total);
    }
    buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

/* The cell's other fields, one per line, for its tooltip. */
static void cell_tooltip(Buf *t, const Page *pg, const ReportMatrix *m, uint32_t ri, uint32_t ki,
                         const Record *cell)
{
    report_record_title(t, m->records[ri], pg->p);
    buf_puts(t, " \xC2\xB7 ");
    buf_puts(t, m->keys[ki]->title);
    if (!cell) {
        buf_printf(t, "\n%s", pg->l->missing);
        return;
    }
    for (uint32_t f = 0; f < m->cell_kind->nfields; f++) {
        Value v = cell->fields[f];
        if (v.tag == V_ABSENT)
            continue;
        buf_printf(t, "\n%s: ", m->cell_kind->fields[f].name->str);
        val_format(t, v, false);
        if (v.tag == V_WORD && v.u.w->title)
            buf_printf(t, " (%s)", v.u.w->title);
    }
}

/* A link to a finding: its verdict badge. */
static void finding_badge(Page *pg, const Finding *f)
{
    buf_printf(pg->b, "<a href=\"#f%zu\">", finding_no(pg, f));
    badge(pg->b, f->verdict);
    buf_puts(pg->b, "</a>");
}

static void put_matrix(Page *pg, size_t mi)
{
    Buf *b = pg->b;
    const ReportLabels *l = pg->l;
    const ReportMatrix *m = &pg->ms[mi];
    const Scale *sc = m->scale;
    const Criterion **kc, **gc;
    Arena *a = run_arena(pg->r);
    size_t nkc = report_criteria_over(pg->p, m->key_kind, &kc, a);
    size_t ngc = m->group_field ? report_criteria_over(pg->p, m->group_field->type->kind, &gc, a) : 0;
    uint32_t ncols = 1 + m->nrecords + (sc->nvalues > 1 ? sc->nvalues - 1 : 0) + (uint32_t)nkc;

    buf_printf(b, "<section id=\"matrix-%zu\" aria-labelledby=\"matrix-%zu-h\">\n<h2 id=\"matrix-%zu-h\">", mi + 1,
               mi + 1, mi + 1);
    matrix_title(b, m);
    buf_puts(b, "</h2>\n<p class=\"meta\">");
    buf_printf(b, "%s: <code>%s</code>", l->data, m->dataset->name->str);
    if (m->nrecords) {
        const Source *src = source_get(m->records[0]->file);
        if (src) {
            buf_puts(b, " (<code>");
            esc(b, src->path);
            buf_puts(b, "</code>)");
        }
    }
    buf_printf(b, ", <code>%s.%s[%s].%s</code></p>\n", m->record_kind->name->str, m->map_field->name->str,
               m->key_kind->name->str, m->scale_field->name->str);
    /* Legend. */
    buf_printf(b, "<h3 class=\"sr\">%s</h3>\n<ul class=\"legend\" aria-label=\"%s\">", l->legend, l->legend);
    for (uint32_t w = 0; w < sc->nvalues; w++) {
        buf_printf(b, "<li><span class=\"sw m-%s w%u\">", sc->name->str, w);
        ball(b, &sc->values[w]);
        esc(b, report_word_title(&sc->values[w]));
        buf_printf(b, "</span> <code>%s</code></li>", sc->values[w].name->str);
    }
    buf_printf(b, "<li><span class=\"sw miss\">%s</span></li></ul>\n", l->missing);

    buf_printf(b, "<div class=\"scroll\"><table class=\"heat\" data-matrix=\"%s.%s\" data-rows=\"%u\" data-cols=\"%u\">\n<caption>",
               m->dataset->name->str, m->map_field->name->str, m->nkeys, m->nrecords);
    matrix_title(b, m);
    buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\">");
    esc(b, m->key_kind->title);
    buf_puts(b, "</th>");
    for (size_t c = 0; c < nkc; c++) {
        buf_puts(b, "<th scope=\"col\">");
        esc(b, kc[c]->title);
        buf_puts(b, "</th>");
    }
    for (uint32_t r = 0; r < m->nrecords; r++) {
        buf_puts(b, "<th scope=\"col\">");
        Buf t = BUF_INIT;
        report_record_title(&t, m->records[r], pg->p);
        xml_escape(b, buf_str(&t), t.len);
        buf_free(&t);
        buf_puts(b, "</th>");
    }
    for (uint32_t w = 1; w < sc->nvalues; w++) {
        buf_printf(b, "<th scope=\"col\" class=\"num\"><abbr title=\"%s\">\xE2\x89\xA5</abbr> ", l->at_least);
        esc(b, report_word_title(&sc->values[w]));
        buf_puts(b, "</th>");
    }
    buf_puts(b, "</tr></thead>\n");

    const Thing *group = NULL;
    for (uint32_t k = 0; k < m->nkeys; k++) {
        if (k == 0 || m->groups[k] != group) {
            group = m->groups[k];
            buf_puts(b, k ? "</tbody>\n<tbody>\n" : "<tbody>\n");
            if (m->group_field) {
                buf_printf(b, "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"%u\">", ncols);
                if (group) {
                    esc(b, group->title);
                    for (size_t c = 0; c < ngc; c++) {
                        const Finding *f = report_find(pg->fs, pg->n, gc[c], group);
                        if (!f)
                            continue;
                        buf_puts(b, " ");
                        finding_badge(pg, f);
                        buf_puts(b, "<span class=\"sr\"> (");
                        esc(b, gc[c]->title);
                        buf_puts(b, ")</span>");
                    }
                } else {
                    buf_printf(b, "%s %s", l->none, m->group_field->name->str);
                }
                buf_puts(b, "</th></tr>\n");
            }
        }
        const Thing *key = m->keys[k];
        buf_printf(b, "<tr data-key=\"%s\"><th scope=\"row\">", key->name->str);
        esc(b, key->title);
        buf_puts(b, "</th>");
        for (size_t c = 0; c < nkc; c++) {
            const Finding *f = report_find(pg->fs, pg->n, kc[c], key);
            buf_puts(b, "<td>");
            if (f)
                finding_badge(pg, f);
            else
                buf_printf(b, "\xE2\x80\x94<span class=\"sr\">%s</span>", l->not_applicable);
            buf_puts(b, "</td>");
        }
        size_t *atleast = mem_zalloc((sc->nvalues + 1) * sizeof *atleast);
        for (uint32_t r = 0; r < m->nrecords; r++) {
            const Record *cell = report_matrix_cell(m, r, k);
            const ScaleValue *w = report_cell_word(m, cell);
            Buf t = BUF_INIT;
            cell_tooltip(&t, pg, m, r, k, cell);
            if (w) {
                for (uint32_t x = 1; x <= w->index; x++)
                    atleast[x]++;
                buf_printf(b, "<td class=\"c m-%s w%u\" title=\"", sc->name->str, w->index);
                xml_escape(b, buf_str(&t), t.len);
                buf_puts(b, "\">");
                ball(b, w);
                esc(b, report_word_title(w));
            } else {
                buf_puts(b, "<td class=\"c miss\" title=\"");
                xml_escape(b, buf_str(&t), t.len);
                buf_puts(b, "\">");
                esc(b, l->missing);
            }
            buf_puts(b, "</td>");
            buf_free(&t);
        }
        for (uint32_t w = 1; w < sc->nvalues; w++) {
            if (!m->nrecords) {
                buf_puts(b, "<td class=\"num\">\xE2\x80\x94</td>");
                continue;
            }
            size_t pct = (atleast[w] * 200 + m->nrecords) / (2 * (size_t)m->nrecords);
            buf_printf(b, "<td class=\"num share\" title=\"%zu %s %u\">%zu%%</td>", atleast[w], l->share_of,
                       m->nrecords, pct);
        }
        mem_free(atleast);
        buf_puts(b, "</tr>\n");
    }
    if (m->nkeys)
        buf_puts(b, "</tbody>\n");
    buf_puts(b, "</table></div>\n</section>\n");
}

/* The lets a row needed, on one line: those with a single value (lists,
 * maps and records would not fit). Nothing when there are none. */
static void put_lets(Buf *b, const Finding *f, const ReportLabels *l)
{
    bool first = true;
    for (uint32_t i = 0; i < f->nlets; i++) {
        Value v = f->lets[i].value;
        if (v.tag == V_LIST || v.tag == V_MAP || v.tag == V_RECORD)
            continue;
        if (first)
            buf_printf(b, "<p class=\"lets\">%s: ", l->computed_values);
        else
            buf_puts(b, " \xC2\xB7 ");
        buf_printf(b, "<code>%s</code>\xC2\xA0=\xC2\xA0", f->lets[i].let->name->str);
        esc_value(b, v);
        first = false;
    }
    if (!first)
        buf_puts(b, "</p>");
}

static void put_tables(Page *pg)
{
    Buf *b = pg->b;
    const ReportLabels *l = pg->l;
    if (!pg->nt)
        return;
    buf_printf(b, "<section id=\"tables\" aria-labelledby=\"tables-h\">\n<h2 id=\"tables-h\">%s</h2>\n", l->tables);
    for (size_t i = 0; i < pg->nt; i++) {
        const ReportTable *t = &pg->ts[i];
        buf_printf(b, "<h3 id=\"table-%s\">", t->kind->name->str);
        esc(b, t->kind->title);
        buf_printf(b, "</h3>\n<div class=\"scroll\"><table class=\"verdicts\" data-kind=\"%s\">\n<caption>",
                   t->kind->name->str);
        esc(b, t->kind->title);
        buf_puts(b, ": ");
        for (uint32_t c = 0; c < t->ncriteria; c++) {
            if (c)
                buf_puts(b, "; ");
            esc(b, t->criteria[c]->title);
        }
        buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\">");
        esc(b, t->kind->title);
        buf_puts(b, "</th>");
        for (uint32_t c = 0; c < t->ncriteria; c++) {
            buf_puts(b, "<th scope=\"col\">");
            esc(b, t->criteria[c]->title);
            buf_printf(b, " <code>%s</code></th>", t->criteria[c]->name->str);
        }
        buf_puts(b, "</tr></thead>\n<tbody>\n");
        for (uint32_t s = 0; s < t->nsubjects; s++) {
            const Finding *sf = t->subjects[s];
            buf_puts(b, "<tr><th scope=\"row\">");
            esc(b, sf->subject_title ? sf->subject_title : sf->subject_id);
            buf_puts(b, "<br><code>");
            esc(b, sf->subject_id);
            buf_puts(b, "</code></th>");
            for (uint32_t c = 0; c < t->ncriteria; c++) {
                const Finding *f = t->cells[(size_t)s * t->ncriteria + c];
                buf_puts(b, "<td>");
                if (!f) {
                    buf_printf(b, "\xE2\x80\x94<span class=\"sr\">%s</span></td>", l->not_applicable);
                    continue;
                }
                finding_badge(pg, f);
                if (f->judgement && !f->judgement_expired)
                    buf_printf(b, " <span class=\"muted\">(%s)</span>", l->judgement);
                if (f->message && *f->message) {
                    buf_puts(b, "<p>");
                    esc(b, f->message);
                    buf_puts(b, "</p>");
                }
                put_lets(b, f, l);
                buf_puts(b, "</td>");
            }
            buf_puts(b, "</tr>\n");
        }
        buf_puts(b, "</tbody>\n</table></div>\n");
    }
    buf_puts(b, "</section>\n");
}

static void put_judgement(Buf *b, const Finding *f, const ReportLabels *l)
{
    const Judgement *j = f->judgement;
    buf_printf(b, "<div class=\"judgement\"><p><strong>%s</strong>", l->judgement);
    if (f->judgement_expired)
        buf_printf(b, " (%s)", l->expired);
    buf_puts(b, ": ");
    if (j->verdict)
        badge(b, j->verdict);
    buf_printf(b, " %s ", l->by);
    esc(b, j->by ? j->by : "?");
    buf_printf(b, " %s ", l->on);
    esc_date(b, j->date);
    if (!f->judgement_expired && f->computed != f->verdict) {
        buf_printf(b, "; %s: ", l->computed);
        badge(b, f->computed);
    }
    buf_puts(b, "</p>");
    if (j->because) {
        buf_printf(b, "<p>%s: ", l->because);
        esc(b, j->because);
        buf_puts(b, "</p>");
    }
    if (j->quote) {
        buf_puts(b, "<blockquote>");
        esc(b, j->quote);
        buf_puts(b, "</blockquote>");
    }
    if (j->source) {
        buf_printf(b, "<p>%s: ", l->source);
        esc(b, j->source);
        buf_puts(b, "</p>");
    }
    if (j->expires != INT32_MAX) {
        buf_printf(b, "<p>%s: ", l->expires);
        esc_date(b, j->expires);
        buf_puts(b, "</p>");
    }
    Span js = j->decl->v.x->name_span;
    uint32_t jl, jc;
    source_linecol(js.file, js.off, &jl, &jc);
    const Source *src = source_get(js.file);
    buf_puts(b, "<p class=\"muted\"><code>");
    esc(b, src ? src->path : "?");
    buf_printf(b, ":%u:%u</code></p></div>\n", jl, jc);
}

static void put_finding(Page *pg, const Finding *f, size_t no)
{
    Buf *b = pg->b;
    const ReportLabels *l = pg->l;
    buf_printf(b, "<article class=\"finding\" id=\"f%zu\" aria-labelledby=\"f%zu-h\">\n<h4 id=\"f%zu-h\">", no, no, no);
    badge(b, f->verdict);
    buf_puts(b, " <code>");
    esc(b, f->id);
    buf_puts(b, "</code> ");
    esc(b, f->subject_title ? f->subject_title : f->subject_id);
    buf_puts(b, "</h4>\n");
    if (f->message && *f->message) {
        buf_puts(b, "<p class=\"msg\">");
        esc(b, f->message);
        buf_puts(b, "</p>\n");
    }
    const char *file;
    uint32_t line, col;
    finding_rule_loc(f, &file, &line, &col);
    buf_printf(b, "<dl class=\"facts\"><dt>%s</dt><dd>", l->criterion);
    esc(b, f->criterion->title);
    buf_printf(b, " (<code>%s</code>), %s %u</dd><dt>%s</dt><dd><code>", f->criterion->name->str, l->row,
               f->row_index + 1, l->rule);
    esc(b, file);
    buf_printf(b, ":%u:%u</code></dd></dl>\n", line, col);
    if (f->judgement)
        put_judgement(b, f, l);
    if (f->nevidence) {
        /* Worrying findings show their data; the bottom of the scale keeps it
         * folded (and out of print). */
        bool open = f->verdict->index > 0 || f->judgement;
        buf_printf(b, "<details%s><summary>%s: %u %s</summary>\n", open ? " open" : "", l->data,
                   f->evidence_total, l->values_read);
        buf_printf(b, "<table class=\"ev\"><caption class=\"sr\">%s: ", l->data);
        esc(b, f->id);
        buf_printf(b, "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                   l->place, l->path, l->value);
        for (uint32_t i = 0; i < f->nevidence; i++) {
            const Evidence *e = &f->evidence[i];
            uint32_t el, ec;
            evidence_pos(e, &el, &ec);
            buf_puts(b, "<tr><td><code>");
            esc(b, evidence_file(e));
            buf_printf(b, ":%u", el);
            if (ec)  /* 0: the column is unknown */
                buf_printf(b, ":%u", ec);
            buf_puts(b, "</code></td><td><code>");
            Buf path = BUF_INIT;
            evidence_path(&path, e, pg->p);
            xml_escape(b, buf_str(&path), path.len);
            buf_free(&path);
            buf_puts(b, "</code></td><td>");
            esc_value(b, e->value);
            buf_puts(b, "</td></tr>\n");
        }
        buf_puts(b, "</tbody></table>\n");
        if (f->evidence_total > f->nevidence)
            buf_printf(b, "<p class=\"muted\">%s %u %s</p>\n", l->more_values, f->evidence_total - f->nevidence,
                       l->values_read);
        buf_puts(b, "</details>\n");
    }
    size_t ncite = 0;
    for (uint32_t i = 0; i < f->ncited; i++)
        ncite += thing_citation(pg->r, f->cited[i]) != NULL;
    if (ncite) {
        buf_printf(b, "<details><summary>%s (%zu)</summary><ul class=\"cite\">\n", l->citations, ncite);
        for (uint32_t i = 0; i < f->ncited; i++) {
            const char *cite = thing_citation(pg->r, f->cited[i]);
            if (!cite)
                continue;
            buf_printf(b, "<li><code>%s %s</code>: ", f->cited[i]->kind->name->str, f->cited[i]->name->str);
            esc(b, cite);
            buf_puts(b, "</li>\n");
        }
        buf_puts(b, "</ul></details>\n");
    }
    buf_puts(b, "</article>\n");
}

static void put_findings(Page *pg)
{
    Buf *b = pg->b;
    const ReportLabels *l = pg->l;
    buf_printf(b, "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">%s</h2>\n",
               l->findings);
    size_t i = 0;
    while (i < pg->n) {
        const ScaleValue *w = pg->fs[i]->verdict;
        size_t j = i;
        while (j < pg->n && pg->fs[j]->verdict == w)
            j++;
        buf_printf(b, "<h3 id=\"v-%s-%s\">", w->scale->name->str, w->name->str);
        badge(b, w);
        buf_printf(b, " <code>%s.%s</code>: ", w->scale->name->str, w->name->str);
        count_label(b, l, j - i);
        buf_puts(b, "</h3>\n");
        for (size_t k = i; k < j; k++)
            put_finding(pg, pg->fs[k], k + 1);
        i = j;
    }
    buf_puts(b, "</section>\n");
}

/* The subjects whose evaluation failed: their errors, after the findings. */
static void put_errors(Page *pg)
{
    Buf *b = pg->b;
    size_t nfailed;
    Finding **failed = run_failures(pg->r, &nfailed);
    if (!nfailed)
        return;
    buf_printf(b, "<section id=\"errors\">\n<h2>%s: %zu</h2>\n<ul>\n", pg->l->errors, nfailed);
    for (size_t k = 0; k < nfailed; k++) {
        const Finding *f = failed[k];
        const char *file;
        uint32_t line, col;
        finding_rule_loc(f, &file, &line, &col);
        buf_puts(b, "<li><code>");
        esc(b, f->id);
        buf_printf(b, "</code> <strong>error[%s]</strong>: ", finding_error_code(f));
        esc(b, f->error ? f->error : "");
        buf_printf(b, "<br>%s <code>", pg->l->rule);
        esc(b, file);
        buf_printf(b, ":%u:%u</code></li>\n", line, col);
    }
    buf_puts(b, "</ul>\n</section>\n");
}

void report_html(Buf *out, Run *r, Finding **fs, size_t n, const ReportOptions *o)
{
    Page pg = {0};
    pg.b = out;
    pg.r = r;
    pg.p = run_program(r);
    pg.fs = fs;
    pg.n = n;
    pg.o = o;
    pg.l = o->labels ? o->labels : report_labels(NULL);
    map_init(&pg.index);
    for (size_t i = 0; i < n; i++)
        map_put(&pg.index, fs[i], (void *)(uintptr_t)(i + 1));
    pg.nm = report_matrices(r, &pg.ms);
    pg.nt = report_tables(r, fs, n, pg.ms, pg.nm, true, &pg.ts);

    put_head(&pg);
    put_header_and_nav(&pg);
    buf_puts(out, "<main>\n");
    put_summary(&pg);
    for (size_t i = 0; i < pg.nm; i++)
        put_matrix(&pg, i);
    put_tables(&pg);
    put_findings(&pg);
    put_errors(&pg);
    buf_puts(out, "</main>\n");
    buf_printf(out, "<footer><p>%s wozorules %s.</p></footer>\n</body>\n</html>\n", pg.l->generated_by,
               WOZO_VERSION);
    map_free(&pg.index);
}
