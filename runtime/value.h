/*
 * value.h - runtime values.
 *
 * A Value is 16 bytes: a tag, a unit for numbers, and where the datum was
 * read: the dataset it came from and its line and column in that file (all
 * 0 when the value was computed or comes from a rule file), so that every
 * finding and every error can point at the data behind it. Whole numbers are stored inline; other rationals, texts,
 * records, lists and maps live in an arena (the dataset's or the
 * evaluation's) and are never freed one by one.
 */
#ifndef WOZO_VALUE_H
#define WOZO_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/rat.h"
#include "../lang/program.h"

typedef enum ValTag {
    V_ABSENT,  /* an optional field left out */
    V_BOOL,    /* u.b */
    V_INT,     /* u.i: a whole number */
    V_RAT,     /* u.q: any other rational */
    V_DATE,    /* u.date: days since 1970-01-01 */
    V_TEXT,    /* u.s */
    V_WORD,    /* u.w: a word of a scale */
    V_THING,   /* u.t: a thing declared in the rules */
    V_RECORD,  /* u.rec: a record from data (or a record literal) */
    V_LIST,    /* u.list */
    V_MAP      /* u.map */
} ValTag;

enum { UNIT_NONE, UNIT_PERCENT, UNIT_MONEY };

typedef struct Text {
    uint32_t len;
    char s[];      /* NUL-terminated; may contain no NUL */
} Text;

typedef struct Record Record;
typedef struct ListVal ListVal;
typedef struct MapVal MapVal;

typedef struct Value {
    uint8_t tag;   /* ValTag */
    uint8_t unit;  /* UNIT_* for V_INT and V_RAT; for V_ABSENT read from
                      data, 1 when written as null (pos is the null's) and
                      0 when left out (pos is its record's) */
    uint16_t src;  /* 1 + index of the dataset it was read from, 0 = none */
    uint32_t pos;  /* line << 8 | column; see val_setpos() */
    union {
        bool b;
        int64_t i;
        const Rat *q;
        int32_t date;
        const Text *s;
        const ScaleValue *w;
        const Thing *t;
        const Record *rec;
        const ListVal *list;
        const MapVal *map;
    } u;
} Value;

/* A record read from data. Its place in the dataset (parent, field, slot)
 * gives the path shown in evidence ("regions[3].findings.spoedzorg").
 * 32 bytes of header: a dataset has a record per region and per indicator
 * and topic of each region, so every byte here counts many times. */
struct Record {
    const Kind *kind;
    const Record *parent;   /* enclosing record; NULL at the top of a dataset */
    uint32_t slot;          /* position in the list or map holding it;
                               UINT32_MAX when a field holds it directly */
    uint32_t pos;           /* line << 8 | column, as in Value */
    uint32_t file;          /* source id of the data file; 0 for records
                               built by an expression */
    uint32_t field_bits;    /* the parent's field holding it (at the top:
                               the dataset's index), and REC_HAS_ID/TITLE */
    Value fields[];         /* kind->nfields, then the id and the title as
                               V_TEXT when they were given */
};

#define REC_HAS_ID 0x80000000u
#define REC_HAS_TITLE 0x40000000u
#define REC_FIELD_MASK 0x3FFFFFFFu  /* also "no parent field" */

static inline uint32_t record_parent_field(const Record *r) { return r->field_bits & REC_FIELD_MASK; }
static inline uint32_t record_line(const Record *r) { return r->pos >> 8; }
static inline uint32_t record_col(const Record *r) { return r->pos & 0xFF; }

/* The id and title the data gave the record, or NULL. */
static inline const Text *record_id_text(const Record *r)
{
    return r->field_bits & REC_HAS_ID ? r->fields[r->kind->nfields].u.s : NULL;
}

static inline const Text *record_title_text(const Record *r)
{
    return r->field_bits & REC_HAS_TITLE ? r->fields[r->kind->nfields + !!(r->field_bits & REC_HAS_ID)].u.s
                                         : NULL;
}

/* A record of kind k with every field absent and no id or title, for
 * records an expression builds (`{ field: value }`). */
Record *record_new(Arena *a, const Kind *k);

/* A list. `owner` is the record whose field `owner_field` holds it when it
 * was read from data (NULL otherwise), so reading an element is evidence
 * with a path, in constant time. */
struct ListVal {
    uint32_t len;
    uint32_t owner_field;
    const Record *owner;
    Value items[];
};

typedef struct MapEntry {
    Value key;
    Value val;
} MapEntry;

/* Maps keyed by text keep their entries in file order. Maps keyed by
 * things or scale words ("dense" maps) keep one value per thing or word, in
 * declaration order, V_ABSENT where the map has no entry: a lookup such as
 * r.findings[i] is one array access, and no key is stored (a dataset holds
 * such a map per region). A slot is an entry's index (text keys) or the
 * key's index (things, words); map_slot() gives both key and value. */
struct MapVal {
    uint32_t len;            /* entries present */
    uint32_t owner_field;    /* as for ListVal */
    const Record *owner;
    const MapEntry *entries; /* text keys, in file order; NULL when dense */
    const Value *vals;       /* dense: a value per thing or word; else NULL */
    const Type *key;         /* the key type (a kind or a scale when dense) */
    uint32_t nvals;          /* dense: the number of things or words */
};

/* How many slots map_slot() accepts. */
static inline uint32_t map_nslots(const MapVal *m) { return m->vals ? m->nvals : m->len; }
/* The entry in slot i; false when that thing or word has no entry. */
bool map_slot(const MapVal *m, uint32_t i, Value *key, Value *val);
/* The slot of a key, or -1. */
int64_t map_find(const MapVal *m, Value key);
/* The stored value of slot i (which must hold an entry): its address
 * identifies the datum (evidence is deduplicated by it). */
static inline const Value *map_slot_value(const MapVal *m, uint32_t i)
{
    return m->vals ? &m->vals[i] : &m->entries[i].val;
}
/* A dense map of nvals values, all absent, for key type `key`. */
MapVal *map_new_dense(Arena *a, const Type *key, Value **vals);

/* Position limits of a Value: lines up to 2^24 - 1, columns up to 255.
 * Line 0 means "no position" (a value built by an expression). Columns count
 * from 1, so column 0 means "column unknown": a column above VAL_MAX_COL is
 * stored as 0 rather than as a wrong column, and a line above VAL_MAX_LINE
 * as VAL_MAX_LINE with column 0 (see val_pos_line_clamped()). Whoever prints
 * a position prints "file:line" without a column when the column is 0. */
#define VAL_MAX_LINE 0xFFFFFFu
#define VAL_MAX_COL 0xFFu

static inline uint32_t val_line(Value v) { return v.pos >> 8; }
static inline uint32_t val_col(Value v) { return v.pos & 0xFF; }
static inline void val_setpos(Value *v, uint32_t src, uint32_t line, uint32_t col)
{
    v->src = (uint16_t)src;
    if (col > VAL_MAX_COL)
        col = 0;
    if (line > VAL_MAX_LINE)
        line = VAL_MAX_LINE, col = 0;
    v->pos = line << 8 | col;
}
/* Whether a stored line may stand for a later one: VAL_MAX_LINE without a
 * column ("line 16777215 or later"). */
static inline bool val_pos_line_clamped(uint32_t line, uint32_t col)
{
    return line == VAL_MAX_LINE && col == 0;
}

static inline Value val_absent(void) { Value v = {0}; return v; }
static inline Value val_bool(bool b) { Value v = {0}; v.tag = V_BOOL; v.u.b = b; return v; }
static inline Value val_date(int32_t d) { Value v = {0}; v.tag = V_DATE; v.u.date = d; return v; }
static inline Value val_word(const ScaleValue *w) { Value v = {0}; v.tag = V_WORD; v.u.w = w; return v; }
static inline Value val_thing(const Thing *t) { Value v = {0}; v.tag = V_THING; v.u.t = t; return v; }
static inline Value val_text(const Text *s) { Value v = {0}; v.tag = V_TEXT; v.u.s = s; return v; }
static inline bool val_is_num(Value v) { return v.tag == V_INT || v.tag == V_RAT; }

/* A number with a unit; boxes the rational in `a` when it is not whole. */
Value val_num(Arena *a, Rat r, int unit);
/* The rational of a V_INT or V_RAT. */
Rat val_rat(Value v);

const Text *text_new(Arena *a, const char *s, size_t n);
const Text *text_cstr(Arena *a, const char *s);

/* Order of two values of one comparable type: numbers, dates, text (byte
 * order), scale words (scale order), things (by name, then kind). Returns
 * -1, 0, 1; 0 exactly when val_equal() holds. */
int val_compare(Value a, Value b);
/* Equality of any two values of one type. Things and records read from
 * data are equal only to themselves (identity); lists compare element by
 * element, maps by their sets of entries whatever the order they were
 * written in, records written in the rules field by field. */
bool val_equal(Value a, Value b);

/* Appends v as it would be written in a rule file: 0.4, 40%, EUR 1_500,
 * 2024-08-02, planned, [a, b]. Text is appended as is (quoted when
 * `quote_text`, for lists and evidence). */
void val_format(Buf *b, Value v, bool quote_text);

/* The id of a record: its id field, or its path. */
void record_id(Buf *b, const Record *r, const Program *p);
/* The path of a record in its dataset: regions[3].findings.spoedzorg */
void record_path(Buf *b, const Record *r, const Program *p);

#endif
