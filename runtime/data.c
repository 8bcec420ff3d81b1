/*
 * data.c - the YAML loader.
 *
 * One pass over libyaml's events: the file is read once, at the speed of
 * libyaml itself. Nesting is cut off at DATA_MAX_DEPTH wherever events are
 * consumed (also in values that are skipped), so libyaml never works on
 * deeper nesting: its bookkeeping of flow collections costs time quadratic
 * in the depth. A second document is refused when it starts.
 *
 * The loader is a recursive descent guided by the declared type.
 * load_node() is entered with the first event of a node in L->ev and
 * returns after consuming the node's last event. A node of the wrong type is
 * reported and skipped as a whole, so one run reports every mistake of a file
 * (up to the error limit) and never reads a value of the wrong type.
 *
 * Where values go: texts in the arena's byte chunks; lists, maps and records
 * in its ordinary chunks as they are completed (a record when its mapping
 * ends, after the values inside it), except two kinds of records, which go
 * in lanes of the arena: the values of a map keyed by things (a plan's
 * finding per indicator) in a lane per key thing (see lane_of()), and the
 * elements of a list in a lane per kind. So all plans lie together, and all
 * plans' findings for one indicator. Criteria read them that way: a pass
 * over every plan for one indicator, then the next indicator. Mixed in with
 * everything else, such a pass read one cache line per plan, each from a
 * different place in memory and rarely fetched ahead; that was most of the
 * evaluation's time on large datasets.
 */
#include "data.h"
#include "../base/date.h"
#include "../base/intern.h"
#include "../base/suggest.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "../base/vec.h"
#include "../lang/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct Loader {
    yaml_parser_t parser;
    yaml_event_t ev;         /* the current event */
    bool have_ev;            /* ev holds an event that must be deleted */
    bool failed;             /* a YAML syntax error: stop reading */
    const Program *p;
    const Dataset *ds;
    Arena *arena;
    uint32_t file;           /* source id of the file */
    size_t diag_start;       /* the diagnostics queue when the file began */
    int depth;
    uint32_t max_fields;     /* the most fields of any kind */
    uint32_t *seen;          /* per depth and field: line where the field was
                                set (0 = not yet), for duplicate keys */
    uint32_t *seen_col;
    Value *vals;             /* per depth: the field values of the record
                                being read, before it is allocated */
    uint64_t *dense_keys;    /* per depth: where the first key per thing or
                              * word of the dense map being read was
                              * (line << 32 | column; 0 = not seen) */
    uint32_t max_dense;      /* the most things of a kind or words of a scale */
    uint32_t id_line, id_col;  /* where the id of the record load_record()
                                  read last was written (0: it has none) */
    uint64_t bad_off;        /* offset of the first line separator (U+0085,
                                U+2028, U+2029) the reader refused */
    uint32_t bad_cp;         /* that character; 0: none was seen */
    FILE *f;                 /* the file libyaml reads through read_data() */
    uint64_t read_off;       /* bytes read from f so far */
    uint32_t last2;          /* the last two bytes read (for a character cut
                                between two reads) */
    bool keep_unread;        /* keep texts no rule reads (data_load()) */
    bool drop_text;          /* the scalar being read is such a text */
    const Text *not_kept;    /* DATA_NOT_KEPT, what it reads as instead */
    uint32_t *next_thing;    /* per kind (by index): the index of the thing
                                after the one read last (see find_thing()) */
    ArenaLane **kind_lanes;  /* per kind (by index): the lanes of the things
                                of that kind when they key a map of records,
                                one per thing, made on first use; NULL
                                until then (see lane_of()) */
    ArenaLane *item_lanes;   /* per kind (by index): the lane of the records
                                of that kind that are list elements */
    Diag *alias_diag;        /* the error about the first alias */
    uint32_t more_aliases;   /* aliases after the first (not reported one
                                by one) */
} Loader;

static uint32_t ev_line(const Loader *L) { return (uint32_t)L->ev.start_mark.line + 1; }
static uint32_t ev_col(const Loader *L) { return (uint32_t)L->ev.start_mark.column + 1; }

static uint32_t ev_width(const Loader *L)
{
    if (L->ev.end_mark.line == L->ev.start_mark.line && L->ev.end_mark.column > L->ev.start_mark.column)
        return (uint32_t)(L->ev.end_mark.column - L->ev.start_mark.column);
    return 1;
}

static Diag *err_here(Loader *L, DiagCode code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static Diag *err_here(Loader *L, DiagCode code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_report_lc(code, L->file, ev_line(L), ev_col(L), ev_width(L), "%s", msg);
}

/* Drops the messages of this file so far, the one about aliases with them
 * (it must not be given a note afterwards). */
static void drop_messages(Loader *L)
{
    diag_rollback(L->diag_start);
    L->alias_diag = NULL;
    L->more_aliases = 0;
}

/* Reports a libyaml error, converting its 0-based marks; for errors of the
 * reader (bad encoding) libyaml gives only a byte offset. */
static void yaml_error(Loader *L)
{
    /* The type errors before a syntax error are mostly its symptoms (an
     * unclosed quote or bracket): report the cause alone. */
    drop_messages(L);
    yaml_parser_t *ps = &L->parser;
    uint32_t line, col;
    const char *problem = ps->problem ? ps->problem : "malformed YAML";
    if (ps->error == YAML_MEMORY_ERROR)
        mem_oom();
    if (ps->error == YAML_READER_ERROR && L->bad_cp && strcmp(problem, "input error") == 0) {
        /* read_data() stopped at a line separator. */
        const char *text;
        size_t len;
        (void)source_line(L->file, 1, &text, &len);  /* loads the text */
        source_linecol(L->file, (uint32_t)L->bad_off, &line, &col);
        Diag *d = diag_report_lc(DIAG_E201, L->file, line, col, 1,
                                 "the character U+%04X (%s) is not allowed in a data file", (unsigned)L->bad_cp,
                                 L->bad_cp == 0x85 ? "next line" : L->bad_cp == 0x2028 ? "line separator"
                                                                                     : "paragraph separator");
        diag_hint(d, "YAML counts it as a line break where editors do not; remove it, or write it "
                     "as \\u%04X inside double quotes", (unsigned)L->bad_cp);
    } else if (ps->error == YAML_READER_ERROR) {
        const char *text;
        size_t len;
        (void)source_line(L->file, 1, &text, &len);  /* loads the text */
        const Source *src = source_get(L->file);
        const unsigned char *t = src && src->text ? (const unsigned char *)src->text : NULL;
        size_t off = ps->problem_offset;
        Diag *d;
        if (strstr(problem, "control") || strstr(problem, "Unicode")) {
            source_linecol(L->file, (uint32_t)off, &line, &col);
            d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "%s (U+%04X)", problem,
                               (unsigned)ps->problem_value);
            diag_hint(d, "YAML files may not contain control characters such as NUL; remove it");
        } else {
            /* libyaml points at the offending byte; a character cut short
             * is shown from its first byte. */
            size_t start = off;
            if (t && off <= src->len && strstr(problem, "trailing"))
                while (start > 0 && off - start < 4 && (t[start] & 0xC0) != 0xC0)
                    start--;
            source_linecol(L->file, (uint32_t)start, &line, &col);
            if (t && start < off && off < src->len)
                d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "the file is not valid UTF-8: byte 0x%02X "
                                   "starts a character that byte 0x%02X does not continue", t[start], t[off]);
            else if (ps->problem_value >= 0)
                d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "the file is not valid UTF-8: %s (byte 0x%02X)",
                                   problem, (unsigned)ps->problem_value);
            else
                d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "the file is not valid UTF-8: %s", problem);
            diag_hint(d, "save the file as UTF-8 text");
        }
    } else {
        line = (uint32_t)ps->problem_mark.line + 1;
        col = (uint32_t)ps->problem_mark.column + 1;
        Diag *d = diag_report_lc(DIAG_E201, L->file, line, col, 1, "%s%s%s", problem,
                                 ps->context ? " " : "", ps->context ? ps->context : "");
        if (ps->context && (ps->context_mark.line != ps->problem_mark.line ||
                            ps->context_mark.column != ps->problem_mark.column))
            diag_note_lc(d, L->file, (uint32_t)ps->context_mark.line + 1,
                         (uint32_t)ps->context_mark.column + 1, 1, "%s",
                         strstr(ps->context, "quoted scalar") ? "the quoted value starts here"
                                                              : "the construct started here");
    }
    L->failed = true;
}

/* Moves to the next event. False at a syntax error (reported). */
static bool next(Loader *L)
{
    if (L->have_ev) {
        yaml_event_delete(&L->ev);
        L->have_ev = false;
    }
    if (L->failed)
        return false;
    if (!yaml_parser_parse(&L->parser, &L->ev)) {
        yaml_error(L);
        return false;
    }
    L->have_ev = true;
    return true;
}

/* Consumes the rest of the node whose first event is current. */
static void depth_error(Loader *L);

static void skip_node(Loader *L)
{
    int level = 0;
    do {
        switch (L->ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (L->depth + ++level > DATA_MAX_DEPTH) {
                depth_error(L);
                return;
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            level--;
            break;
        default:
            break;
        }
        if (level == 0)
            return;
    } while (next(L));
}

static const char *event_what(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return "a single value";
    case YAML_SEQUENCE_START_EVENT: return "a list";
    case YAML_MAPPING_START_EVENT: return "a mapping";
    default: return "something else";
    }
}

/* A plain (unquoted) empty value, ~ or null: no value, whatever the type.
 * Quoted, "" is the empty text and "null" the word. */
static bool is_null(const yaml_event_t *ev)
{
    if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    return n == 0 || (n == 1 && v[0] == '~') ||
           (n == 4 && (!memcmp(v, "null", 4) || !memcmp(v, "Null", 4) || !memcmp(v, "NULL", 4)));
}

/* A plain `<<`: YAML 1.1's merge key. */
static bool is_merge_key(const yaml_event_t *ev)
{
    return ev->type == YAML_SCALAR_EVENT && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           ev->data.scalar.length == 2 && !memcmp(ev->data.scalar.value, "<<", 2);
}

static void merge_key_error(Loader *L)
{
    Diag *d = err_here(L, DIAG_E208, "YAML merge keys ('<<') are not supported");
    diag_hint(d, "write the fields out in full");
}

/* Explicit tags (!!int, !foo) would let the file override the declared
 * type; they are refused. Returns false after reporting. */
static bool check_tag(Loader *L)
{
    const yaml_char_t *tag = NULL;
    if (L->ev.type == YAML_SCALAR_EVENT)
        tag = L->ev.data.scalar.tag;
    else if (L->ev.type == YAML_SEQUENCE_START_EVENT)
        tag = L->ev.data.sequence_start.tag;
    else if (L->ev.type == YAML_MAPPING_START_EVENT)
        tag = L->ev.data.mapping_start.tag;
    if (!tag)
        return true;
    /* libyaml expands !!str to its full name; show it as written. */
    static const char core[] = "tag:yaml.org,2002:";
    const char *t = (const char *)tag;
    bool short_form = strncmp(t, core, sizeof core - 1) == 0;
    Diag *d = err_here(L, DIAG_E208, "YAML tags such as '%s%.60s' are not supported", short_form ? "!!" : "",
                       short_form ? t + sizeof core - 1 : t);
    diag_hint(d, "remove the tag: the rules declare what type each value has");
    return false;
}

/* ---- scalars ---- */

/* Parses a number as data writes it: -12, 1_000, 0.25, 12.5%. Leading
 * zeros are decimal (010 is ten), never octal. */
static RatStatus parse_number(const char *s, size_t n, bool allow_percent, Rat *out, bool *percent)
{
    *percent = false;
    bool neg = false;
    if (n && s[0] == '-') {
        neg = true;
        s++, n--;
    }
    if (allow_percent && n && s[n - 1] == '%') {
        *percent = true;
        n--;
    }
    Rat r;
    RatStatus st = rat_parse(s, n, &r);
    if (st != RAT_OK)
        return st;
    if (neg)
        rat_neg(r, &r);
    if (*percent && (st = rat_div(r, rat_int(100), &r)) != RAT_OK)
        return st;
    *out = r;
    return RAT_OK;
}

/* Whether s looks like a number in scientific notation: 1.5e3, 2E-4. */
static bool is_exponent(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    size_t digits = 0;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_'))
        digits += s[i++] != '.';
    if (!digits || i >= n || (s[i] != 'e' && s[i] != 'E'))
        return false;
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    if (i >= n)
        return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static void number_error(Loader *L, RatStatus st, const char *what, const char *v, size_t n, bool percent)
{
    if (st == RAT_OVERFLOW) {
        Diag *d = err_here(L, DIAG_E204, "the number '%.*s' is too large to hold exactly", (int)(n > 60 ? 60 : n), v);
        diag_hint(d, "numbers are exact: whole numbers up to 9_223_372_036_854_775_807 and at most 18 decimals");
        return;
    }
    Diag *d = err_here(L, DIAG_E204, "expected %s, found '%.*s'", what, (int)(n > 60 ? 60 : n), v);
    if (is_exponent(v, n))
        diag_hint(d, "write numbers in full: 1500 rather than 1.5e3");
    else if (memchr(v, ',', n))
        diag_hint(d, "use a point for decimals (0.25) and '_' or nothing to group digits");
    else
        diag_hint(d, "numbers look like 12, -3, 1_000, 0.25%s", percent ? " or 25%" : "");
}

static bool parse_money(const char *s, size_t n, Rat *out)
{
    bool neg = false;
    if (n && s[0] == '-') {
        neg = true;
        s++, n--;
    }
    if (n >= 3 && memcmp(s, "EUR", 3) == 0) {
        s += 3, n -= 3;
    } else if (n >= 3 && memcmp(s, "\xE2\x82\xAC", 3) == 0) {  /* the euro sign */
        s += 3, n -= 3;
    }
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    const char *dot = memchr(s, '.', n);
    if (dot && (size_t)(s + n - dot - 1) > 2)
        return false;
    Rat r;
    if (rat_parse(s, n, &r) != RAT_OK)
        return false;
    if (neg)
        rat_neg(r, &r);
    *out = r;
    return true;
}

static void suggest_word(Diag *d, const Scale *s, const char *v)
{
    Suggestion sg;
    suggest_begin(&sg, v);
    for (uint32_t i = 0; i < s->nvalues; i++)
        suggest_consider(&sg, s->values[i].name->str);
    if (sg.best) {
        diag_hint(d, "did you mean '%s'?", sg.best);
        return;
    }
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < s->nvalues; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", s->values[i].name->str);
    diag_hint(d, "the words of '%s' are: %s", s->name->str, buf_str(&b));
    buf_free(&b);
}

static void suggest_thing(Diag *d, const Kind *k, const char *v)
{
    Suggestion sg;
    suggest_begin(&sg, v);
    for (size_t i = 0; i < k->things.len; i++)
        suggest_consider(&sg, k->things.items[i]->name->str);
    if (sg.best) {
        diag_hint(d, "did you mean '%s'?", sg.best);
    } else if (k->things.len <= 12) {
        Buf b = BUF_INIT;
        for (size_t i = 0; i < k->things.len; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", k->things.items[i]->name->str);
        diag_hint(d, "the things of kind '%s' are: %s", k->name->str, buf_str(&b));
        buf_free(&b);
    }
}

/* The thing of kind k named v[0..n), or NULL. Data names things mostly in
 * their declaration order (a plan's findings, indicator by indicator), so the
 * thing after the one found last is tried first, with one comparison, before
 * the name is hashed: hashing the 400,000 keys of a 100 MB dataset was 2% of
 * reading it. */
static const Thing *find_thing(Loader *L, const Kind *k, const char *v, size_t n)
{
    if (!k->things.len)
        return NULL;
    uint32_t *next = &L->next_thing[k->index];
    const Thing *th = k->things.items[*next < k->things.len ? *next : 0];
    if (th->name->len != n || memcmp(th->name->str, v, n) != 0) {
        const Sym *s = sym_lookup(v, n);
        th = s ? map_get(&k->thing_by_name, s) : NULL;
        if (!th)
            return NULL;
    }
    *next = th->index + 1;
    return th;
}

/* The word of scale sc written v[0..n), or NULL. Scales have a handful of
 * words: comparing them beats hashing the status of every finding. */
static const ScaleValue *find_word(const Scale *sc, const char *v, size_t n)
{
    if (sc->nvalues <= 8) {
        for (uint32_t i = 0; i < sc->nvalues; i++)
            if (sc->values[i].name->len == n && memcmp(sc->values[i].name->str, v, n) == 0)
                return &sc->values[i];
        return NULL;
    }
    const Sym *s = sym_lookup(v, n);
    return s ? map_get(&sc->by_name, s) : NULL;
}

static void nul_error(Loader *L)
{
    Diag *d = err_here(L, DIAG_E204, "text contains a NUL character");
    diag_hint(d, "'\\0' in a quoted YAML text is the NUL character, which text may not contain; remove it");
}

/* A bidirectional control character (U+202A..U+202E, U+2066..U+2069) in the
 * current scalar, an id or a map key, is refused as in a rule's names: it
 * would make the name read differently from its bytes wherever it is shown.
 * Reported at the character when it is written as it is on the scalar's first
 * line, else (written as an escape, or on a later line) at the scalar.
 * Returns false after reporting. */
static bool check_bidi(Loader *L, const char *what)
{
    const char *v = (const char *)L->ev.data.scalar.value;
    size_t n = L->ev.data.scalar.length;
    uint32_t cp = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = utf8_decode(v + i, n - i, &c);
        if (!k)
            k = 1;
        else if (utf8_is_bidi_control(c)) {
            cp = c;
            break;
        }
        i += k;
    }
    if (!cp)
        return true;
    uint32_t line = ev_line(L), col = ev_col(L), width = ev_width(L);
    const char *text;
    size_t len;
    if (source_line(L->file, line, &text, &len)) {
        /* From the scalar's column, look for the character. */
        size_t i = source_col_to_byte(text, len, col);
        uint32_t c = col;
        uint32_t last = L->ev.end_mark.line == L->ev.start_mark.line ? (uint32_t)L->ev.end_mark.column + 1 : UINT32_MAX;
        while (i < len && c < last) {
            uint32_t ch;
            size_t k = utf8_decode(text + i, len - i, &ch);
            if (k && ch == cp) {
                col = c;
                width = 1;
                break;
            }
            i += k ? k : 1;
            c++;
        }
    }
    Diag *d = diag_report_lc(DIAG_E007, L->file, line, col, width,
                             "%s holds the bidirectional control character U+%04X", what, (unsigned)cp);
    diag_hint(d, "such characters can make text look different from what it is; remove it");
    return false;
}

/* Reads the current scalar event as type t. */
static bool load_scalar(Loader *L, const Type *t, Value *out)
{
    const char *v = (const char *)L->ev.data.scalar.value;
    size_t n = L->ev.data.scalar.length;
    Value val = {0};
    Rat r;
    bool pct;
    switch (t->k) {
    case TY_TEXT:
        if (memchr(v, '\0', n)) {
            nul_error(L);
            return false;
        }
        val.tag = V_TEXT;
        val.u.s = L->drop_text ? L->not_kept : text_new(L->arena, v, n);
        break;
    case TY_NUMBER:
    case TY_PERCENT: {
        RatStatus st = parse_number(v, n, true, &r, &pct);
        if (st != RAT_OK) {
            number_error(L, st, t->k == TY_PERCENT ? "a percentage" : "a number", v, n, t->k == TY_PERCENT);
            return false;
        }
        /* In a percentage field 25 could mean 25% or 2500%: a spreadsheet
         * export writes either. Only the sign makes it unambiguous. */
        if (t->k == TY_PERCENT && !pct) {
            Diag *d = err_here(L, DIAG_E204, "a percentage needs its %% sign, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "write 25%% for a quarter; a bare number here could mean 25%% or 2500%%");
            return false;
        }
        val = val_num(L->arena, r, pct || t->k == TY_PERCENT ? UNIT_PERCENT : UNIT_NONE);
        break;
    }
    case TY_MONEY:
        if (!parse_money(v, n, &r)) {
            Diag *d = err_here(L, DIAG_E204, "expected an amount, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "amounts look like EUR 1_500_000 or 12.50 (at most two decimals)");
            return false;
        }
        val = val_num(L->arena, r, UNIT_MONEY);
        break;
    case TY_DATE:
        if (!date_parse(v, n, &val.u.date)) {
            Diag *d = err_here(L, DIAG_E204, "expected a date, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "dates are written YYYY-MM-DD and must exist");
            return false;
        }
        val.tag = V_DATE;
        break;
    case TY_BOOL:
        if ((n == 4 && (!memcmp(v, "true", 4) || !memcmp(v, "True", 4) || !memcmp(v, "TRUE", 4)))) {
            val.tag = V_BOOL;
            val.u.b = true;
        } else if (n == 5 && (!memcmp(v, "false", 5) || !memcmp(v, "False", 5) || !memcmp(v, "FALSE", 5))) {
            val.tag = V_BOOL;
            val.u.b = false;
        } else {
            Diag *d = err_here(L, DIAG_E204, "expected true or false, found '%.*s'", (int)(n > 60 ? 60 : n), v);
            diag_hint(d, "YAML's yes, no, on and off are not read as booleans here: write true or false");
            return false;
        }
        break;
    case TY_SCALE: {
        const ScaleValue *w = find_word(t->scale, v, n);
        if (!w) {
            Diag *d = err_here(L, DIAG_E205, "'%.*s' is not a word of the scale '%s'", (int)(n > 60 ? 60 : n), v,
                               t->scale->name->str);
            suggest_word(d, t->scale, v);
            return false;
        }
        val.tag = V_WORD;
        val.u.w = w;
        break;
    }
    case TY_KIND: {
        const Kind *k = t->kind;
        if (!k->things.len) {
            err_here(L, DIAG_E204, "expected %s %s (a mapping of its fields), found a single value",
                     strchr("aeiou", k->name->str[0]) ? "an" : "a", k->name->str);
            return false;
        }
        const Thing *th = find_thing(L, k, v, n);
        if (!th) {
            Diag *d = err_here(L, DIAG_E212, "unknown %s '%.*s'", k->name->str, (int)(n > 60 ? 60 : n), v);
            suggest_thing(d, k, v);
            return false;
        }
        val.tag = V_THING;
        val.u.t = th;
        break;
    }
    default: {
        Buf tb = BUF_INIT;
        type_name(&tb, t);  /* only now: formatting it for every value costs */
        err_here(L, DIAG_E204, "expected %s, found a single value", buf_str(&tb));
        buf_free(&tb);
        return false;
    }
    }
    val_setpos(&val, L->ds->index + 1, ev_line(L), ev_col(L));
    /* Field by field: `val` was just written in pieces, and copying it
     * whole would load 16 bytes no single store can forward (a stall at
     * every scalar of a dataset). */
    out->tag = val.tag;
    out->unit = val.unit;
    out->src = val.src;
    out->pos = val.pos;
    out->u = val.u;
    return true;
}

static bool load_node(Loader *L, const Type *t, Value *out, uint32_t pfield,
                      uint32_t slot, ArenaLane *lane);

/* Aliases are refused rather than expanded: a "billion laughs" file or an
 * anchor that refers to itself then costs one message, not memory. */
static void alias_error(Loader *L)
{
    if (L->alias_diag) {
        L->more_aliases++;  /* counted, and told in a note on the first */
        return;
    }
    L->alias_diag = err_here(L, DIAG_E209, "YAML aliases ('*%.60s') are not supported",
                             (const char *)L->ev.data.alias.anchor);
    diag_hint(L->alias_diag, "write the value out in full; aliases can make a small file expand without bound");
}

static void depth_error(Loader *L)
{
    drop_messages(L);  /* as for syntax errors: the cause alone */
    Diag *d = err_here(L, DIAG_E210, "data nested more than %d levels deep", DATA_MAX_DEPTH);
    diag_hint(d, "lists and mappings may be nested at most %d deep; is the file what the rules expect?",
              DATA_MAX_DEPTH);
    L->failed = true;  /* stop before libyaml's own work on deep nesting grows */
}

/* Enters a collection; false (after reporting) beyond DATA_MAX_DEPTH. */
static bool enter(Loader *L)
{
    if (L->depth >= DATA_MAX_DEPTH) {
        depth_error(L);
        return false;
    }
    L->depth++;
    return true;
}

/* Reports the required fields a record left out: one message per record,
 * naming them all. Returns false when there were any. */
static bool missing_fields(Loader *L, const Kind *k, uint32_t line, uint32_t col, const uint32_t *seen)
{
    uint32_t nmissing = 0, first = 0;
    Buf names = BUF_INIT;
    for (uint32_t i = 0; i < k->nfields; i++)
        if (!seen[i] && !k->fields[i].optional) {
            if (!nmissing++)
                first = i;
            buf_printf(&names, "%s'%s'", nmissing > 1 ? ", " : "", k->fields[i].name->str);
        }
    if (nmissing == 1) {
        Diag *d = diag_report_lc(DIAG_E203, L->file, line, col, 1, "%s lacks the field %s",
                                 k->name->str, buf_str(&names));
        diag_note(d, k->fields[first].span, "declared here (add '?' to its type to make it optional)");
    } else if (nmissing > 1) {
        Diag *d = diag_report_lc(DIAG_E203, L->file, line, col, 1, "%s lacks the fields %s",
                                 k->name->str, buf_str(&names));
        diag_note(d, k->decl->v.x->name_span, "%s declared here (add '?' to a field's type to make it optional)",
                  k->name->str);
    }
    buf_free(&names);
    return nmissing == 0;
}

static void unknown_field(Loader *L, const Kind *k, const char *key, size_t klen)
{
    Diag *d = err_here(L, DIAG_E202, "%s has no field '%.*s'", k->name->str, (int)(klen > 60 ? 60 : klen), key);
    Suggestion sg;
    suggest_begin(&sg, key);
    for (uint32_t i = 0; i < k->nfields; i++)
        suggest_consider(&sg, k->fields[i].name->str);
    suggest_consider(&sg, "id");
    suggest_consider(&sg, "title");
    if (sg.best) {
        diag_hint(d, "did you mean '%s'?", sg.best);
        return;
    }
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < k->nfields; i++)
        buf_printf(&b, "%s, ", k->fields[i].name->str);
    buf_puts(&b, "id, title");
    diag_hint(d, "the fields of %s are: %s", k->name->str, buf_str(&b));
    buf_free(&b);
}

/* A mapping read as a record of kind k. Fields left out, and fields given
 * as null, are absent values that keep a position: the record's, or the
 * null's (then with unit 1), so that an error about the missing value can
 * point at the data. */
/* The field of k named key[0..n). Kinds have few fields: comparing
 * lengths and bytes beats hashing every key of every record. */
static const Field *find_field(const Kind *k, const char *key, size_t n)
{
    if (k->nfields > 8) {
        const Sym *s = sym_lookup(key, n);
        return s ? map_get(&k->field_by_name, s) : NULL;
    }
    for (uint32_t i = 0; i < k->nfields; i++)
        if (k->fields[i].name->len == n && memcmp(k->fields[i].name->str, key, n) == 0)
            return &k->fields[i];
    return NULL;
}

/* Makes `rec` the parent of the records inside value v, also through lists
 * and maps (a record's own records are its business). */
static void adopt_value(const Value *v, Record *rec)
{
    if (v->tag == V_RECORD) {
        ((Record *)v->u.rec)->parent = rec;
    } else if (v->tag == V_LIST) {
        for (uint32_t k = 0; k < v->u.list->len; k++)
            adopt_value(&v->u.list->items[k], rec);
    } else if (v->tag == V_MAP) {
        for (uint32_t k = 0; k < map_nslots(v->u.map); k++)
            if (map_slot_value(v->u.map, k)->tag != V_ABSENT)
                adopt_value(map_slot_value(v->u.map, k), rec);
    }
}

/* Makes `rec` the parent of what its fields hold. Those were read before
 * it: a record is allocated when its mapping ends, at its exact size (with
 * room for an id and a title only when given), so their parent pointers
 * are set now. A list or map in a field also learns which field it is in,
 * so that reading its entries is evidence (eval.c, record_read). The
 * fields are read from `vals`, the loader's copy of them: reading them back
 * from the record just written waited for that copy's stores (2% of
 * reading a large dataset). */
static void adopt(Record *rec, const Value *vals)
{
    for (uint32_t i = 0; i < rec->kind->nfields; i++) {
        const Value *v = &vals[i];
        if (v->tag == V_LIST) {
            ((ListVal *)v->u.list)->owner = rec;
            ((ListVal *)v->u.list)->owner_field = i;
        } else if (v->tag == V_MAP) {
            ((MapVal *)v->u.map)->owner = rec;
            ((MapVal *)v->u.map)->owner_field = i;
        }
        adopt_value(v, rec);
    }
}

/* Reads a record of kind k into *out, in `lane` of the arena when that is
 * not NULL. */
static bool load_record(Loader *L, const Kind *k, Value *out, uint32_t pfield, uint32_t slot, ArenaLane *lane)
{
    uint32_t line = ev_line(L), col = ev_col(L);
    if (!enter(L))
        return false;
    uint32_t src = L->ds->index + 1;
    uint32_t id_line = 0, id_col = 0;
    const Text *id = NULL, *title = NULL;
    uint32_t *seen = L->seen + (size_t)L->depth * (L->max_fields + 2);
    uint32_t *seen_col = L->seen_col + (size_t)L->depth * (L->max_fields + 2);
    Value *vals = L->vals + (size_t)L->depth * (L->max_fields + 2);
    /* Only this kind's part of the scratch: clearing the widest kind's
     * width for every record would cost more than the record. */
    memset(seen, 0, (k->nfields + 2) * sizeof *seen);
    memset(vals, 0, (k->nfields + 2) * sizeof *vals);
    bool ok = true;
    while (next(L)) {
        if (L->ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (L->ev.type != YAML_SCALAR_EVENT) {
            if (L->ev.type == YAML_ALIAS_EVENT)
                alias_error(L);
            else
                err_here(L, DIAG_E204, "field names must be plain words, not %s", event_what(&L->ev));
            skip_node(L);
            if (next(L))
                skip_node(L);
            ok = false;
            continue;
        }
        const char *key = (const char *)L->ev.data.scalar.value;
        size_t klen = L->ev.data.scalar.length;
        uint32_t kline = ev_line(L), kcol = ev_col(L), kw = ev_width(L);
        int idx = -1;  /* field index; nfields = id, nfields + 1 = title */
        const Field *f = find_field(k, key, klen);
        if (f)
            idx = (int)f->index;
        else if (klen == 2 && !memcmp(key, "id", 2))
            idx = (int)k->nfields;
        else if (klen == 5 && !memcmp(key, "title", 5))
            idx = (int)k->nfields + 1;
        if (idx < 0 || !check_tag(L)) {
            if (idx >= 0)
                ;  /* a tagged key: reported by check_tag() */
            else if (is_merge_key(&L->ev))
                merge_key_error(L);
            else
                unknown_field(L, k, key, klen);
            ok = false;
            if (next(L))
                skip_node(L);
            continue;
        }
        if (seen[idx]) {
            Diag *d = diag_report_lc(DIAG_E206, L->file, kline, kcol, kw, "field '%.*s' appears twice",
                                     (int)klen, key);
            diag_note_lc(d, L->file, seen[idx], seen_col[idx], kw, "first here");
            ok = false;
            if (next(L))
                skip_node(L);
            continue;
        }
        seen[idx] = kline;
        seen_col[idx] = kcol;
        if (!next(L))
            break;
        if (idx >= (int)k->nfields) {
            /* id or title: text */
            const char *what = idx == (int)k->nfields ? "id" : "title";
            if (L->ev.type == YAML_ALIAS_EVENT) {
                alias_error(L);
                ok = false;
                continue;
            }
            if (L->ev.type != YAML_SCALAR_EVENT || is_null(&L->ev)) {
                Diag *d = err_here(L, DIAG_E204, "'%s' must be text, not %s", what,
                                   is_null(&L->ev) ? "empty" : event_what(&L->ev));
                if (idx == (int)k->nfields)
                    diag_hint(d, "leave the id out and the record's place in the file (such as regions[3]) "
                                 "stands in for it");
                skip_node(L);
                ok = false;
                continue;
            }
            if (!check_tag(L)) {
                ok = false;
                continue;
            }
            if (memchr(L->ev.data.scalar.value, '\0', L->ev.data.scalar.length)) {
                nul_error(L);
                ok = false;
                continue;
            }
            if (idx == (int)k->nfields && !check_bidi(L, "the id")) {
                ok = false;
                continue;
            }
            const Text *t = text_new(L->arena, (const char *)L->ev.data.scalar.value, L->ev.data.scalar.length);
            if (idx == (int)k->nfields) {
                id = t;
                id_line = ev_line(L);
                id_col = ev_col(L);
            } else {
                title = t;
            }
            continue;
        }
        f = &k->fields[idx];
        if (is_null(&L->ev)) {
            if (!f->optional) {
                Diag *d = err_here(L, DIAG_E203, "field '%s' has no value", f->name->str);
                diag_hint(d, "give it a value, or add '?' to its type in the rules to make it optional");
                diag_note(d, f->span, "declared here");
                ok = false;
            } else {
                val_setpos(&vals[idx], src, ev_line(L), ev_col(L));
                vals[idx].unit = 1;  /* written as null */
            }
            continue;
        }
        L->drop_text = f->type->k == TY_TEXT && !f->read && !L->keep_unread;
        if (!load_node(L, f->type, &vals[idx], (uint32_t)idx, UINT32_MAX, NULL))
            ok = false;
        L->drop_text = false;
    }
    L->depth--;
    if (L->failed)
        return false;
    if (!missing_fields(L, k, line, col, seen))
        ok = false;
    for (uint32_t i = 0; i < k->nfields; i++)
        if (!seen[i])
            val_setpos(&vals[i], src, line, col);
    uint32_t extra = (id != NULL) + (title != NULL);
    size_t size = sizeof(Record) + (k->nfields + extra) * sizeof(Value);
    Record *rec = lane ? arena_alloc_lane(L->arena, lane, size) : arena_alloc(L->arena, size);
    rec->kind = k;
    rec->parent = NULL;  /* set by adopt() in the enclosing record */
    rec->slot = slot;
    rec->file = L->file;
    rec->field_bits = (pfield & REC_FIELD_MASK) | (id ? REC_HAS_ID : 0) | (title ? REC_HAS_TITLE : 0);
    val_setpos(out, src, line, col);
    rec->pos = out->pos;
    memcpy(rec->fields, vals, k->nfields * sizeof(Value));
    Value *names = rec->fields + k->nfields;
    if (id)
        *names++ = val_text(id);
    if (title)
        *names = val_text(title);
    adopt(rec, vals);
    L->id_line = id_line;
    L->id_col = id_col;
    out->tag = V_RECORD;
    out->u.rec = rec;
    return ok;
}

/* A set of texts by their bytes, for duplicates: the ids of the records of
 * one list, the keys of one text-keyed map. The texts themselves are the
 * values read (in the dataset's arena); nothing is interned, so the
 * program-wide intern table does not grow with the data (a dataset's ids
 * and keys are never looked up by name afterwards: findings and judgements
 * compare ids as text). Open addressing with linear probing, power-of-two
 * capacity; the slot array is the set's own (text_set_free()). */
typedef struct TextSetSlot {
    const Text *text;   /* NULL = empty */
    uint32_t hash;
    uint64_t val;       /* the caller's: where the text was first seen */
} TextSetSlot;

typedef struct TextSet {
    TextSetSlot *slots;
    uint32_t cap, count;
} TextSet;

static void text_set_free(TextSet *ts)
{
    mem_free(ts->slots);
    memset(ts, 0, sizeof *ts);
}

/* Adds t with `val` unless an equal text is there: then returns true and
 * sets *old to the value stored with it. */
static bool text_set_add(TextSet *ts, const Text *t, uint64_t val, uint64_t *old)
{
    if ((ts->count + 1) * 4 > ts->cap * 3) {
        uint32_t ncap = ts->cap ? ts->cap * 2 : 16;
        TextSetSlot *ns = mem_zalloc(ncap * sizeof *ns);
        for (uint32_t i = 0; i < ts->cap; i++) {
            if (!ts->slots[i].text)
                continue;
            uint32_t j = ts->slots[i].hash & (ncap - 1);
            while (ns[j].text)
                j = (j + 1) & (ncap - 1);
            ns[j] = ts->slots[i];
        }
        mem_free(ts->slots);
        ts->slots = ns;
        ts->cap = ncap;
    }
    uint32_t h = hash_bytes(t->s, t->len);
    uint32_t j = h & (ts->cap - 1);
    for (; ts->slots[j].text; j = (j + 1) & (ts->cap - 1)) {
        const Text *u = ts->slots[j].text;
        if (ts->slots[j].hash == h && u->len == t->len && memcmp(u->s, t->s, t->len) == 0) {
            *old = ts->slots[j].val;
            return true;
        }
    }
    ts->slots[j].text = t;
    ts->slots[j].hash = h;
    ts->slots[j].val = val;
    ts->count++;
    return false;
}

typedef VEC(Value) ValueVec;

static bool load_list(Loader *L, const Type *t, Value *out, uint32_t pfield)
{
    uint32_t line = ev_line(L), col = ev_col(L);
    if (!enter(L))
        return false;
    ValueVec items = {0};
    bool ok = true;
    bool records = t->elem->k == TY_KIND && !t->elem->kind->things.len;
    TextSet ids = {0};  /* id -> line << 32 | column where it was given */
    while (next(L)) {
        if (L->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
        Value v = {0};
        if (is_null(&L->ev)) {
            Diag *d = err_here(L, DIAG_E204, "a list element has no value");
            diag_hint(d, "write a value, or remove the element");
            ok = false;
            continue;
        }
        L->id_line = 0;
        bool elem_ok = load_node(L, t->elem, &v, pfield, (uint32_t)items.len,
                                 records ? &L->item_lanes[t->elem->kind->index] : NULL);
        if (!elem_ok) {
            ok = false;
            if (L->failed)
                break;
        }
        /* Records in a list are told apart by their ids: a duplicate is an
         * error also when either record has other mistakes. */
        uint64_t old;
        if (records && v.tag == V_RECORD && record_id_text(v.u.rec) && L->id_line &&
            text_set_add(&ids, record_id_text(v.u.rec), (uint64_t)L->id_line << 32 | L->id_col, &old)) {
            uint32_t oline = (uint32_t)(old >> 32), ocol = (uint32_t)old;
            Diag *d = diag_report_lc(DIAG_E206, L->file, L->id_line, L->id_col, record_id_text(v.u.rec)->len,
                                     "id '%s' appears twice in this list", record_id_text(v.u.rec)->s);
            diag_note_lc(d, L->file, oline, ocol, record_id_text(v.u.rec)->len, "first here");
            diag_hint(d, "each record of a list needs an id of its own: findings and judgements name "
                         "records by their ids");
            ok = elem_ok = false;
        }
        if (elem_ok)
            vec_push(&items, v);
    }
    text_set_free(&ids);
    L->depth--;
    ListVal *lv = arena_zalloc(L->arena, sizeof *lv + items.len * sizeof(Value));
    lv->len = (uint32_t)items.len;
    if (items.len)
        memcpy(lv->items, items.items, items.len * sizeof(Value));
    vec_free(&items);
    out->tag = V_LIST;
    out->u.list = lv;
    val_setpos(out, L->ds->index + 1, line, col);
    return ok && !L->failed;
}

typedef VEC(MapEntry) EntryVec;

/* The index of a thing or scale word used as a map key. */
static uint32_t key_index(Value k) { return k.tag == V_THING ? k.u.t->index : k.u.w->index; }

/* The lanes for the records of maps keyed by things of kind k, one per
 * thing, or NULL when k has more than LANE_MAX_THINGS things (a lane's
 * first chunk would then cost more than it saves, for maps that name a few
 * of many things). Owned by the loader; their chunks by the arena. */
#define LANE_MAX_THINGS 1024

static ArenaLane *lane_of(Loader *L, const Kind *k)
{
    if (k->things.len > LANE_MAX_THINGS)
        return NULL;
    if (!L->kind_lanes)
        L->kind_lanes = mem_zalloc(L->p->kinds.len * sizeof *L->kind_lanes);
    if (!L->kind_lanes[k->index])
        L->kind_lanes[k->index] = mem_zalloc(k->things.len * sizeof **L->kind_lanes);
    return L->kind_lanes[k->index];
}

static bool load_map(Loader *L, const Type *t, Value *out, uint32_t pfield)
{
    uint32_t line = ev_line(L), col = ev_col(L);
    if (!enter(L))
        return false;
    EntryVec es = {0};
    bool ok = true;
    const Type *kt = t->key;
    uint32_t ndense = kt->k == TY_KIND ? (uint32_t)kt->kind->things.len :
                      kt->k == TY_SCALE ? kt->scale->nvalues : 0;
    /* Maps keyed by things or words are dense: values go straight into
     * their key's slot. */
    Value *vals = NULL;
    MapVal *mv = ndense ? map_new_dense(L->arena, kt, &vals) : arena_zalloc(L->arena, sizeof *mv);
    bool elem_records = t->elem->k == TY_KIND && !t->elem->kind->things.len;
    ArenaLane *lanes = vals && kt->k == TY_KIND && elem_records ? lane_of(L, kt->kind) : NULL;
    mv->key = kt;
    /* Where every key read so far was (line << 32 | column, exact also
     * beyond the columns a Value holds), also of those whose value was
     * wrong, for duplicates: for things and words in per-depth scratch by
     * the key's index (first_key, no allocation per map); for text in a set
     * by the key's bytes. */
    uint64_t *first_key = ndense ? L->dense_keys + (size_t)L->depth * L->max_dense : NULL;
    if (first_key)
        memset(first_key, 0, ndense * sizeof *first_key);
    TextSet text_keys = {0};
    while (next(L)) {
        if (L->ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (L->ev.type != YAML_SCALAR_EVENT) {
            if (L->ev.type == YAML_ALIAS_EVENT)
                alias_error(L);
            else
                err_here(L, DIAG_E204, "map keys must be single values, not %s", event_what(&L->ev));
            skip_node(L);
            if (next(L))
                skip_node(L);
            ok = false;
            continue;
        }
        MapEntry e;
        memset(&e, 0, sizeof e);
        bool key_ok;
        if (is_merge_key(&L->ev)) {
            merge_key_error(L);
            key_ok = false;
        } else {
            key_ok = check_tag(L) && load_scalar(L, kt, &e.key) && (kt->k != TY_TEXT || check_bidi(L, "the key"));
        }
        if (key_ok) {
            uint64_t here = (uint64_t)ev_line(L) << 32 | ev_col(L), first = 0;  /* an equal key before */
            if (first_key) {
                uint64_t *at = &first_key[key_index(e.key)];
                first = *at;
                if (!first)
                    *at = here;
            } else {
                (void)text_set_add(&text_keys, e.key.u.s, here, &first);
            }
            if (first) {
                Diag *d = err_here(L, DIAG_E206, "key '%.60s' appears twice", (const char *)L->ev.data.scalar.value);
                diag_note_lc(d, L->file, (uint32_t)(first >> 32), (uint32_t)first, ev_width(L), "first here");
                key_ok = false;
            }
        }
        if (!next(L))
            break;
        if (!key_ok) {
            ok = false;
            skip_node(L);
            continue;
        }
        if (is_null(&L->ev)) {
            Diag *d = err_here(L, DIAG_E203, "the key has no value");
            diag_hint(d, "give it a value, or leave the key out");
            ok = false;
            continue;
        }
        uint32_t slot = vals ? key_index(e.key) : (uint32_t)es.len;
        /* A dense map's value is read into its slot: copying it there
         * afterwards read 16 bytes just written in pieces, a stall. */
        Value *dst = vals ? &vals[slot] : &e.val;
        if (!load_node(L, t->elem, dst, pfield, slot, lanes ? &lanes[slot] : NULL)) {
            *dst = val_absent();
            ok = false;
            if (L->failed)
                break;
            continue;
        }
        if (vals) {
            mv->len++;
        } else {
            vec_push(&es, e);
        }
    }
    text_set_free(&text_keys);
    L->depth--;
    if (!vals) {
        MapEntry *entries = arena_alloc(L->arena, (es.len + 1) * sizeof *entries);
        if (es.len)
            memcpy(entries, es.items, es.len * sizeof *entries);
        mv->len = (uint32_t)es.len;
        mv->entries = entries;
    }
    vec_free(&es);
    out->tag = V_MAP;
    out->u.map = mv;
    val_setpos(out, L->ds->index + 1, line, col);
    return ok && !L->failed;
}

/* Reads the node that starts at the current event as type t into *out. A
 * record it reads goes in `lane` when that is not NULL (see lane_of()). */
static bool load_node(Loader *L, const Type *t, Value *out, uint32_t pfield,
                      uint32_t slot, ArenaLane *lane)
{
    if (L->ev.type == YAML_ALIAS_EVENT) {
        alias_error(L);
        return false;
    }
    if (!check_tag(L)) {
        skip_node(L);
        return false;
    }
    /* The type's name is formatted only for a message. */
    Buf tb = BUF_INIT;
    bool ok = false;
    switch (L->ev.type) {
    case YAML_SCALAR_EVENT:
        if (t->k == TY_LIST || t->k == TY_MAP || (t->k == TY_KIND && !t->kind->things.len)) {
            type_name(&tb, t);
            Diag *d = err_here(L, DIAG_E204, "expected %s, found a single value", buf_str(&tb));
            if (t->k == TY_LIST)
                diag_hint(d, "write a list as lines starting with '- ', or [a, b]");
            else
                diag_hint(d, "write it as lines of 'key: value', or {key: value}");
            break;
        }
        ok = load_scalar(L, t, out);
        break;
    case YAML_SEQUENCE_START_EVENT:
        if (t->k != TY_LIST) {
            type_name(&tb, t);
            Diag *d = err_here(L, DIAG_E204, "expected %s, found a list", buf_str(&tb));
            if (t->k == TY_TEXT)
                diag_hint(d, "text that starts with '[' must be quoted: \"[...]\"");
            skip_node(L);
            break;
        }
        ok = load_list(L, t, out, pfield);
        break;
    case YAML_MAPPING_START_EVENT:
        if (t->k == TY_KIND && !t->kind->things.len) {
            ok = load_record(L, t->kind, out, pfield, slot, lane);
        } else if (t->k == TY_MAP) {
            ok = load_map(L, t, out, pfield);
        } else {
            type_name(&tb, t);
            Diag *d = err_here(L, DIAG_E204, "expected %s, found a mapping", buf_str(&tb));
            if (t->k == TY_KIND)
                diag_hint(d, "name %s %s by its identifier", strchr("aeiou", t->kind->name->str[0]) ? "an" : "a",
                          t->kind->name->str);
            else if (t->k == TY_LIST)
                diag_hint(d, "write a list as lines starting with '- ', one per element");
            else if (t->k == TY_TEXT)
                diag_hint(d, "text that contains ': ' or starts with '{' must be quoted");
            skip_node(L);
        }
        break;
    default:
        err_here(L, DIAG_E201, "unexpected YAML event");
        break;
    }
    buf_free(&tb);
    return ok;
}

/* Opens a data file with the checks rule files get: a regular file, not too
 * large. Returns NULL after reporting, at the rule line naming the file when
 * there is one (decl.file != 0), else at the path. */
static FILE *open_data(const char *path, Span decl, const Dataset *ds)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char why[256] = "";
    DiagCode code = DIAG_E001;
    if (fd < 0) {
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
    } else if (fstat(fd, &st) != 0) {
        snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        code = DIAG_E002;
        snprintf(why, sizeof why, "%s, not a regular file",
                 S_ISDIR(st.st_mode) ? "is a directory" : S_ISFIFO(st.st_mode) ? "is a pipe" : "is a device");
    } else if ((uint64_t)st.st_size > DATA_MAX_BYTES) {
        code = DIAG_E211;
        snprintf(why, sizeof why, "is larger than %llu MiB", (unsigned long long)(DATA_MAX_BYTES >> 20));
    }
    if (why[0]) {
        Diag *d;
        if (decl.file)
            d = diag_report(code, decl, "data file %s: %s", path, why);
        else
            d = diag_report_path(code, path, "%s", why);
        if (code == DIAG_E211)
            diag_hint(d, "a data file may hold at most %llu MiB", (unsigned long long)(DATA_MAX_BYTES >> 20));
        else if (decl.file)
            diag_hint(d, "a path in a rule file is relative to that file's folder");
        else
            diag_hint(d, "the file was given with --data %s=...", ds->name->str);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    /* Back to blocking reads for a regular file. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        mem_oom();
    }
    return f;
}

/* libyaml's read handler: reads L->f like yaml_parser_set_input_file(), but
 * stops with an error at U+0085, U+2028 or U+2029 (recorded in L->bad_off
 * and L->bad_cp). YAML 1.1 counts them as line breaks, so libyaml's line
 * numbers would part from the line table of messages and editors (and a
 * comment would end at one). Written escaped in double quotes they are
 * still read. Returns 1 with *size_read = 0 at the end of the file. */
static int read_data(void *data, unsigned char *buf, size_t size, size_t *size_read)
{
    Loader *L = data;
    *size_read = 0;
    if (L->bad_cp)
        return 0;
    size_t n = fread(buf, 1, size, L->f);
    if (n == 0)
        return ferror(L->f) ? 0 : 1;
    uint32_t prev = L->last2;
    for (size_t i = 0; i < n; i++) {
        /* Each of the three ends in 0x85, 0xA8 or 0xA9, bytes with the high
         * bit set; data is mostly ASCII, so skip eight bytes at a time while
         * none has it (a byte-by-byte window cost ~16 instructions per byte,
         * a tenth of all of `check`'s on a 10 MB file). */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, buf + i, 8);
            if (w & 0x8080808080808080u)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char b = buf[i];
        if (b != 0x85 && b != 0xA8 && b != 0xA9)
            continue;
        /* The window of the last three bytes, the earlier ones taken from the
         * previous read when this one is shorter. */
        uint32_t last = i >= 2 ? (uint32_t)buf[i - 2] << 16 | (uint32_t)buf[i - 1] << 8 | b
                        : i == 1 ? (prev & 0xFF) << 16 | (uint32_t)buf[0] << 8 | b
                                 : (prev & 0xFFFF) << 8 | b;
        uint32_t cp = (last & 0xFFFF) == 0xC285 ? 0x85 : last == 0xE280A8 ? 0x2028 : last == 0xE280A9 ? 0x2029 : 0;
        if (!cp)
            continue;
        size_t len = cp == 0x85 ? 2 : 3;
        L->bad_cp = cp;
        L->bad_off = L->read_off + i + 1 - len;
        if (i + 1 < len)  /* it began in an earlier read */
            return 0;
        *size_read = i + 1 - len;
        L->read_off += *size_read;
        return *size_read > 0;
    }
    L->last2 = n >= 2 ? (uint32_t)buf[n - 2] << 8 | buf[n - 1] : (prev & 0xFF) << 8 | buf[0];
    L->read_off += n;
    *size_read = n;
    return 1;
}

/* Starts libyaml on f. libyaml skips a UTF-8 byte-order
 * mark without counting it in columns, as editors do. */
static void parser_start(Loader *L, FILE *f)
{
    if (!yaml_parser_initialize(&L->parser))
        mem_oom();
    L->f = f;
    yaml_parser_set_input(&L->parser, read_data, L);
}

/* libyaml would also read UTF-16 (with a byte-order mark); data files are
 * UTF-8, like rule files, so that positions in messages mean the same
 * everywhere. Returns false after reporting. */
static bool check_encoding(FILE *f, const char *path)
{
    unsigned char bom[2];
    size_t n = fread(bom, 1, 2, f);
    rewind(f);
    if (n == 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))) {
        Diag *d = diag_report_path(DIAG_E201, path, "the file is encoded as UTF-16");
        diag_hint(d, "save the file as UTF-8 text");
        return false;
    }
    return true;
}

static void parser_stop(Loader *L)
{
    if (L->have_ev)
        yaml_event_delete(&L->ev);
    L->have_ev = false;
    yaml_parser_delete(&L->parser);
}

/* The value of a file with no data: an empty list or map; false for other
 * types, which need data. */
static bool empty_value(Arena *arena, const Type *t, Value *out)
{
    if (t->k == TY_LIST) {
        ListVal *lv = arena_zalloc(arena, sizeof *lv);
        out->tag = V_LIST;
        out->u.list = lv;
        return true;
    }
    if (t->k == TY_MAP) {
        MapVal *mv;
        if (t->key->k == TY_KIND || t->key->k == TY_SCALE) {
            Value *vals;
            mv = map_new_dense(arena, t->key, &vals);
        } else {
            mv = arena_zalloc(arena, sizeof *mv);
            mv->entries = arena_zalloc(arena, sizeof(MapEntry));
            mv->key = t->key;
        }
        out->tag = V_MAP;
        out->u.map = mv;
        return true;
    }
    return false;
}

bool data_load(const Program *p, const Dataset *ds, const char *path, Span decl_span, Arena *arena,
               bool keep_unread, Value *out, uint32_t *file)
{
    *out = val_absent();
    *file = 0;
    FILE *f = open_data(path, decl_span, ds);
    if (!f)
        return false;
    Loader L;
    memset(&L, 0, sizeof L);
    L.p = p;
    L.ds = ds;
    L.arena = arena;
    L.keep_unread = keep_unread;
    L.not_kept = text_cstr(arena, DATA_NOT_KEPT);
    L.file = source_add_lazy(path);
    L.diag_start = diag_checkpoint();
    *file = L.file;

    if (!check_encoding(f, path)) {
        fclose(f);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < p->kinds.len; i++)
        if (p->kinds.items[i]->nfields > L.max_fields)
            L.max_fields = p->kinds.items[i]->nfields;
    size_t nseen = (size_t)(DATA_MAX_DEPTH + 2) * (L.max_fields + 2);
    L.seen = mem_zalloc(nseen * sizeof *L.seen);
    L.seen_col = mem_zalloc(nseen * sizeof *L.seen_col);
    L.vals = mem_zalloc(nseen * sizeof *L.vals);
    for (size_t i = 0; i < p->kinds.len; i++)
        if (p->kinds.items[i]->things.len > L.max_dense)
            L.max_dense = (uint32_t)p->kinds.items[i]->things.len;
    for (size_t i = 0; i < p->scales.len; i++)
        if (p->scales.items[i]->nvalues > L.max_dense)
            L.max_dense = p->scales.items[i]->nvalues;
    L.next_thing = mem_zalloc((p->kinds.len + 1) * sizeof *L.next_thing);
    L.item_lanes = mem_zalloc((p->kinds.len + 1) * sizeof *L.item_lanes);
    L.dense_keys = mem_zalloc(((size_t)DATA_MAX_DEPTH + 2) * (L.max_dense + 1) * sizeof *L.dense_keys);
    parser_start(&L, f);

    bool have_root = false, have_doc = false;
    while (next(&L)) {
        yaml_event_type_t et = L.ev.type;
        if (et == YAML_DOCUMENT_START_EVENT && have_doc) {
            Diag *d = err_here(&L, DIAG_E207, "the file holds more than one YAML document");
            diag_hint(d, "a dataset is one document; remove the '---' or split the file");
            ok = false;
            break;
        }
        have_doc |= et == YAML_DOCUMENT_START_EVENT;
        if (et == YAML_STREAM_START_EVENT || et == YAML_DOCUMENT_START_EVENT || et == YAML_DOCUMENT_END_EVENT)
            continue;
        if (et == YAML_STREAM_END_EVENT)
            break;
        /* The document's root node. */
        have_root = true;
        if (is_null(&L.ev)) {
            if (!empty_value(arena, ds->type, out)) {
                Buf tb = BUF_INIT;
                type_name(&tb, ds->type);
                Diag *d = err_here(&L, DIAG_E203, "the file has no data");
                diag_hint(d, "the rules expect %s", buf_str(&tb));
                buf_free(&tb);
                ok = false;
            }
            continue;
        }
        if (!load_node(&L, ds->type, out, ds->index, UINT32_MAX, NULL))
            ok = false;
        if (L.failed)
            break;
    }
    if (L.failed)
        ok = false;
    if (ok && !have_root && !empty_value(arena, ds->type, out)) {
        Buf tb = BUF_INIT;
        type_name(&tb, ds->type);
        Diag *d = diag_report_path(DIAG_E203, path, "the file has no data");
        diag_hint(d, "the rules expect %s", buf_str(&tb));
        buf_free(&tb);
        ok = false;
    }
    if (L.more_aliases)
        diag_note(L.alias_diag, span_make(0, 0, 0), "the %u other alias%s in this file %s refused too",
                  L.more_aliases, L.more_aliases == 1 ? "" : "es", L.more_aliases == 1 ? "is" : "are");
    parser_stop(&L);
    fclose(f);
    mem_free(L.seen);
    mem_free(L.seen_col);
    mem_free(L.vals);
    mem_free(L.dense_keys);
    mem_free(L.next_thing);
    mem_free(L.item_lanes);
    if (L.kind_lanes) {
        for (size_t i = 0; i < p->kinds.len; i++)
            mem_free(L.kind_lanes[i]);
        mem_free(L.kind_lanes);
    }
    return ok;
}
