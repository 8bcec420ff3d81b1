/*
 * test_data.c - runtime/data.c: YAML files read straight into values of the
 * declared types, every value with its position, and each way a data file
 * can be wrong reported at file:line:col with its code.
 */
#include "testutil.h"

#include "../../base/date.h"
#include "../../lang/program.h"
#include "../../runtime/data.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The kinds every test reads data as: each field type once, a nested
 * record, a recursive kind, and datasets of a list, a map and a record. */
static const char rules[] =
    "scale level { low < mid < high }\n"
    "kind topic { }\n"
    "topic care\n"
    "topic housing\n"
    "kind person {\n"
    "  name: text\n"
    "  phone: text?\n"
    "}\n"
    "kind region {\n"                       /* line 9 */
    "  name: text\n"
    "  population: number\n"
    "  share: percentage\n"
    "  budget: money\n"
    "  started: date\n"
    "  active: boolean\n"
    "  status: level\n"
    "  lead: topic\n"
    "  topics: map of topic to level\n"
    "  tags: list of text\n"
    "  counts: map of text to number\n"
    "  note: text?\n"
    "  contact: person?\n"
    "}\n"
    "kind node {\n"
    "  label: text?\n"
    "  kids: list of node?\n"
    "}\n"
    "dataset regions: list of region from \"regions.yaml\"\n"
    "dataset limits: map of text to number from \"limits.yaml\"\n"
    "dataset tree: node from \"tree.yaml\"\n"
    "kind finding {\n"
    "  status: level\n"
    "  page: number?\n"
    "}\n"
    "kind plan {\n"
    "  findings: map of topic to finding\n"
    "  remarks: map of text to finding\n"
    "}\n"
    "dataset plans: list of plan from \"plans.yaml\"\n"
    "scale grade { g1 < g2 < g3 < g4 < g5 < g6 < g7 < g8 < g9 }\n"
    "dataset grades: list of grade from \"grades.yaml\"\n"
    "dataset bytopic: map of topic to finding from \"bytopic.yaml\"\n"
    "dataset bytext: map of text to finding from \"bytext.yaml\"\n"
    "dataset bylevel: map of level to finding from \"bylevel.yaml\"\n";

/* A valid region; tests change one line of it. */
static const char region[] =
    "- id: north\n"
    "  name: North\n"
    "  population: 10\n"
    "  share: 25%\n"
    "  budget: EUR 100\n"
    "  started: 2024-08-02\n"
    "  active: true\n"
    "  status: high\n"
    "  lead: care\n"
    "  topics: {care: mid}\n"
    "  tags: []\n"
    "  counts: {}\n";

static Program *prog;
static Arena arena;
static char dir[64];
static char path[128];
static Value loaded;
static uint32_t loaded_file;

static int setup(void **state)
{
    test_setup(state);
    uint32_t id = load_text("kinds.wozo", rules);
    assert_int_not_equal(id, 0);
    LoadOptions opt = {.prelude_text = NULL, .warnings = false};
    prog = program_from_sources(&id, 1, &opt);
    if (diag_errors()) {
        char *out = rendered();
        fail_msg("the test rules do not load:\n%s", out);
    }
    arena_init(&arena, 4096);
    snprintf(dir, sizeof dir, "/tmp/wozo-test-data-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/data.yaml", dir);
    return 0;
}

static int teardown(void **state)
{
    unlink(path);
    rmdir(dir);
    arena_free(&arena);
    program_free(prog);
    prog = NULL;
    return test_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const Dataset *dataset(const char *name)
{
    for (size_t i = 0; i < prog->datasets.len; i++)
        if (strcmp(prog->datasets.items[i]->name->str, name) == 0)
            return prog->datasets.items[i];
    fail_msg("no dataset %s", name);
    return NULL;
}

static void write_bytes(const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

/* Writes text as the data file and reads it as dataset `ds`. */
static bool load_n(const char *ds, const char *text, size_t n)
{
    write_bytes(text, n);
    return data_load(prog, dataset(ds), path, span_make(0, 0, 0), &arena, true, &loaded, &loaded_file);
}

static bool load(const char *ds, const char *text) { return load_n(ds, text, strlen(text)); }

/* Loading fails with `code`, and the rendered messages contain each of the
 * given fragments; "@:" stands for the data file's path. */
static void expect_error(const char *ds, const char *text, DiagCode code, const char *fragments[])
{
    bool ok = load(ds, text);
    char *out = rendered();
    if (ok || diag_count_code(code) == 0)
        fail_msg("expected %s, got:\n%s", diag_code_name(code), out);
    for (size_t i = 0; fragments[i]; i++) {
        Buf want = BUF_INIT;
        const char *at = strstr(fragments[i], "@:");
        if (at) {
            buf_put(&want, fragments[i], (size_t)(at - fragments[i]));
            buf_printf(&want, "%s:%s", path, at + 2);
        } else {
            buf_puts(&want, fragments[i]);
        }
        assert_contains(out, buf_str(&want));
        buf_free(&want);
    }
    mem_free(out);
}

#define EXPECT(ds, text, code, ...)                                  \
    do {                                                             \
        const char *frags_[] = {__VA_ARGS__, NULL};                  \
        expect_error(ds, text, DIAG_##code, frags_);                 \
    } while (0)

/* The region text with the line starting with `key:` replaced by `line`
 * (or removed when line is NULL); the result is static. */
static const char *with(const char *key, const char *line)
{
    static char out[2048];
    Buf b = BUF_INIT;
    const char *s = region;
    size_t klen = strlen(key);
    bool found = false;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = (size_t)(nl - s) + 1;
        const char *body = s + 2;
        if (!found && strncmp(body, key, klen) == 0 && body[klen] == ':') {
            found = true;
            if (line)
                buf_printf(&b, "%.2s%s\n", s, line);  /* keeps "- " or "  " */
        } else {
            buf_put(&b, s, n);
        }
        s += n;
    }
    if (!found && line)
        buf_printf(&b, "  %s\n", line);
    assert_true(b.len < sizeof out);
    memcpy(out, buf_str(&b), b.len + 1);
    buf_free(&b);
    return out;
}

static const Record *first_record(void)
{
    assert_int_equal(loaded.tag, V_LIST);
    assert_true(loaded.u.list->len >= 1);
    assert_int_equal(loaded.u.list->items[0].tag, V_RECORD);
    return loaded.u.list->items[0].u.rec;
}

static Value field(const Record *r, const char *name)
{
    for (uint32_t i = 0; i < r->kind->nfields; i++)
        if (strcmp(r->kind->fields[i].name->str, name) == 0)
            return r->fields[i];
    fail_msg("no field %s", name);
    return val_absent();
}

static char *fmt(Value v)
{
    static char out[512];
    Buf b = BUF_INIT;
    val_format(&b, v, true);
    snprintf(out, sizeof out, "%s", buf_str(&b));
    buf_free(&b);
    return out;
}

/* ---- reading values ---- */

static void scalars_by_declared_type(void **state)
{
    (void)state;
    assert_true(load("regions", region));
    const Record *r = first_record();
    assert_string_equal(record_id_text(r)->s, "north");
    assert_null(record_title_text(r));
    assert_int_equal(field(r, "name").tag, V_TEXT);
    assert_string_equal(field(r, "name").u.s->s, "North");
    assert_int_equal(field(r, "population").tag, V_INT);
    assert_int_equal(field(r, "population").u.i, 10);
    Value share = field(r, "share");
    assert_int_equal(share.unit, UNIT_PERCENT);
    assert_int_equal(val_rat(share).num, 1);
    assert_int_equal(val_rat(share).den, 4);
    assert_string_equal(fmt(share), "25%");
    assert_int_equal(field(r, "budget").unit, UNIT_MONEY);
    assert_string_equal(fmt(field(r, "budget")), "EUR 100");
    int32_t d;
    assert_true(date_parse("2024-08-02", 10, &d));
    assert_int_equal(field(r, "started").tag, V_DATE);
    assert_int_equal(field(r, "started").u.date, d);
    assert_int_equal(field(r, "active").tag, V_BOOL);
    assert_true(field(r, "active").u.b);
    assert_int_equal(field(r, "status").tag, V_WORD);
    assert_string_equal(field(r, "status").u.w->name->str, "high");
    assert_int_equal(field(r, "status").u.w->index, 2);
    assert_int_equal(field(r, "lead").tag, V_THING);
    assert_string_equal(field(r, "lead").u.t->name->str, "care");
    assert_int_equal(field(r, "note").tag, V_ABSENT);
    assert_int_equal(field(r, "contact").tag, V_ABSENT);
}

/* YAML 1.1 would read these as booleans, octal, floats or dates; a text
 * field keeps them as written. */
static void yaml11_words_stay_text(void **state)
{
    (void)state;
    assert_true(load("regions", with("tags", "tags: [no, on, y, yes, Off, 010, 1.10, 2024-08-02, 0x1F, .inf, ~x]")));
    assert_true(load("regions", with("name", "name: no")));
    const Record *r = first_record();
    assert_string_equal(field(r, "name").u.s->s, "no");
    assert_true(load("regions", with("tags", "tags: [no, on, y, yes, Off, 010, 1.10, 2024-08-02, 0x1F, .inf]")));
    r = first_record();
    assert_string_equal(fmt(field(r, "tags")),
                        "[\"no\", \"on\", \"y\", \"yes\", \"Off\", \"010\", \"1.10\", \"2024-08-02\", \"0x1F\", \".inf\"]");
}

static void numbers_read_exactly(void **state)
{
    (void)state;
    struct { const char *yaml, *want; } cases[] = {
        {"population: 010", "10"},
        {"population: 1_000_000", "1000000"},
        {"population: -3", "-3"},
        {"population: 1.10", "1.1"},
        {"population: 0.125", "0.125"},
        {"population: -0.75", "-0.75"},
        {"share: 50%", "50%"},
        {"share: 12.5%", "12.5%"},
        {"share: 100%", "100%"},
        {"budget: EUR 1_500_000.5", "EUR 1_500_000.50"},
        {"budget: \xE2\x82\xAC" "12", "EUR 12"},
        {"budget: 12.05", "EUR 12.05"},
        {"budget: -EUR 5", "-EUR 5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char key[32];
        snprintf(key, sizeof key, "%.*s", (int)(strchr(cases[i].yaml, ':') - cases[i].yaml), cases[i].yaml);
        if (!load("regions", with(key, cases[i].yaml))) {
            char *out = rendered();
            fail_msg("%s: %s", cases[i].yaml, out);
        }
        assert_string_equal(fmt(field(first_record(), key)), cases[i].want);
    }
}

static void booleans_true_false_only(void **state)
{
    (void)state;
    assert_true(load("regions", with("active", "active: True")));
    assert_true(field(first_record(), "active").u.b);
    assert_true(load("regions", with("active", "active: false")));
    assert_false(field(first_record(), "active").u.b);
    EXPECT("regions", with("active", "active: yes"), E204, "@:7:11: error[E204]: expected true or false, found 'yes'",
           "hint: YAML's yes, no, on and off are not read as booleans here: write true or false");
    diag_clear();
    EXPECT("regions", with("active", "active: on"), E204, "found 'on'");
}

/* 25 or 0.25 in a percentage field could each mean a quarter, depending on
 * the spreadsheet it came from: only the sign decides. */
static void percentages_need_their_sign(void **state)
{
    (void)state;
    EXPECT("regions", with("share", "share: 25"), E204, "error[E204]: a percentage needs its % sign, found '25'",
           "hint: write 25% for a quarter");
    diag_clear();
    EXPECT("regions", with("share", "share: 0.25"), E204, "found '0.25'");
}

static void collections_and_records(void **state)
{
    (void)state;
    assert_true(load("regions", "- id: north\n  name: North\n  population: 10\n  share: 25%\n  budget: EUR 100\n"
                                "  started: 2024-08-02\n  active: true\n  status: high\n  lead: care\n"
                                "  topics: {housing: low, care: high}\n  tags: [a, \"b c\"]\n"
                                "  counts: {x: 1, y: 2.5}\n  contact: {name: Anna, phone: \"06\"}\n"));
    const Record *r = first_record();
    Value topics = field(r, "topics");
    assert_int_equal(topics.tag, V_MAP);
    assert_int_equal(topics.u.map->len, 2);
    /* keyed by things, the map is dense: a value per thing, in declaration
     * order (care is thing 0), whatever the order in the file */
    assert_non_null(topics.u.map->vals);
    assert_int_equal(topics.u.map->nvals, 2);
    assert_int_equal(topics.u.map->vals[0].u.w->index, 2);  /* care: high */
    assert_int_equal(topics.u.map->vals[1].u.w->index, 0);  /* housing: low */
    assert_string_equal(fmt(topics), "{care: high, housing: low}");
    assert_int_equal(map_find(topics.u.map, val_thing(topics.u.map->key->kind->things.items[1])), 1);
    /* keyed by text, it keeps the file's order */
    assert_string_equal(fmt(field(r, "counts")), "{x: 1, y: 2.5}");
    assert_null(field(r, "counts").u.map->vals);
    Value contact = field(r, "contact");
    assert_int_equal(contact.tag, V_RECORD);
    assert_string_equal(fmt(field(contact.u.rec, "phone")), "\"06\"");
    /* a nested record knows its place: regions[0].contact */
    Buf b = BUF_INIT;
    record_path(&b, contact.u.rec, prog);
    assert_string_equal(buf_str(&b), "regions[0].contact");
    buf_free(&b);
}

/* The records a map keyed by things holds lie per thing, one after the
 * other across the plans (an arena lane per thing), not in file order: a
 * pass over every plan's finding for one topic then reads memory in order.
 * So do the records of a list (a lane per kind). Records of text-keyed maps
 * and of fields stay in file order. */
static void findings_lie_per_thing(void **state)
{
    (void)state;
    assert_true(load("plans", "- findings:\n    care: {status: high, page: 3}\n    housing: {status: low}\n"
                              "  remarks: {a: {status: mid}, b: {status: low}}\n"
                              "- findings:\n    housing: {status: mid}\n    care: {status: low, page: 9}\n"
                              "  remarks: {}\n"
                              "- findings:\n    care: {status: mid}\n"
                              "  remarks: {}\n"));
    const ListVal *plans = loaded.u.list;
    assert_int_equal(plans->len, 3);
    const Record *care[3], *housing[2];
    for (int i = 0; i < 3; i++) {
        const MapVal *m = field(plans->items[i].u.rec, "findings").u.map;
        assert_non_null(m->vals);
        assert_int_equal(m->vals[0].tag, V_RECORD);
        care[i] = m->vals[0].u.rec;
        if (i < 2) {
            assert_int_equal(m->vals[1].tag, V_RECORD);
            housing[i] = m->vals[1].u.rec;
        } else {
            assert_int_equal(m->vals[1].tag, V_ABSENT);
        }
    }
    /* the values are the file's, whatever the layout */
    assert_string_equal(fmt(field(care[0], "status")), "high");
    assert_string_equal(fmt(field(care[1], "page")), "9");
    assert_string_equal(fmt(field(care[2], "status")), "mid");
    assert_string_equal(fmt(field(housing[1], "status")), "mid");
    size_t size = sizeof(Record) + care[0]->kind->nfields * sizeof(Value);
    for (int i = 1; i < 3; i++)
        assert_ptr_equal((const char *)care[i], (const char *)care[i - 1] + size);
    assert_ptr_equal((const char *)housing[1], (const char *)housing[0] + size);
    size_t plan_size = sizeof(Record) + plans->items[0].u.rec->kind->nfields * sizeof(Value);
    for (int i = 1; i < 3; i++)
        assert_ptr_equal((const char *)plans->items[i].u.rec, (const char *)plans->items[i - 1].u.rec + plan_size);
    /* each record still knows its place */
    Buf b = BUF_INIT;
    record_path(&b, care[1], prog);
    assert_string_equal(buf_str(&b), "plans[1].findings.care");
    buf_free(&b);
    /* a text-keyed map's records are in file order, with the other blocks */
    const MapVal *rm = field(plans->items[0].u.rec, "remarks").u.map;
    assert_null(rm->vals);
    assert_int_equal(rm->len, 2);
    assert_ptr_equal((const char *)rm->entries[1].val.u.rec, (const char *)rm->entries[0].val.u.rec + size);
    assert_true((const char *)rm->entries[0].val.u.rec != (const char *)care[0] + size);
}

/* Words of a scale of up to 8 words are found by comparing them, of a larger
 * scale by their interned name: both ways find every word and refuse others. */
static void words_of_small_and_large_scales(void **state)
{
    (void)state;
    assert_true(load("grades", "[g1, g9, g5]\n"));
    assert_string_equal(fmt(loaded), "[g1, g9, g5]");
    assert_true(load("regions", region));
    assert_string_equal(fmt(field(first_record(), "status")), "high");
    EXPECT("grades", "[g1, g10]\n", E205, "@:1:6: error", "'g10' is not a word of the scale 'grade'");
    EXPECT("regions", with("status", "status: highest"), E205, "'highest' is not a word of the scale 'level'");
}

/* Without keep_unread, a text field no expression reads is checked but its
 * text is not kept: it reads as DATA_NOT_KEPT, at its own position. Texts
 * of fields that are read, ids, titles, map keys and texts in lists are
 * kept; a mistake in a text not kept is still reported. */
static void unread_texts_are_not_kept(void **state)
{
    (void)state;
    Field *name = NULL, *note = NULL;
    for (size_t k = 0; k < prog->kinds.len; k++)
        for (uint32_t i = 0; i < prog->kinds.items[k]->nfields; i++) {
            Field *f = &prog->kinds.items[k]->fields[i];
            if (strcmp(prog->kinds.items[k]->name->str, "region") == 0 && strcmp(f->name->str, "name") == 0)
                name = f;
            if (strcmp(prog->kinds.items[k]->name->str, "region") == 0 && strcmp(f->name->str, "note") == 0)
                note = f;
        }
    assert_non_null(name);
    assert_non_null(note);
    assert_false(name->read);  /* the test rules have no expression */
    note->read = true;         /* as if a rule read r.note */
    const char *text = "- id: north\n  title: Noord\n  name: \"North \\u00e9\"\n  population: 10\n  share: 25%\n"
                       "  budget: EUR 100\n  started: 2024-08-02\n  active: true\n  status: high\n  lead: care\n"
                       "  topics: {care: mid}\n  tags: [a, b]\n  counts: {x: 1}\n  note: kept\n";
    write_bytes(text, strlen(text));
    assert_true(data_load(prog, dataset("regions"), path, span_make(0, 0, 0), &arena, false, &loaded, &loaded_file));
    const Record *r = first_record();
    Value v = field(r, "name");
    assert_int_equal(v.tag, V_TEXT);
    assert_string_equal(v.u.s->s, DATA_NOT_KEPT);
    assert_int_equal(val_line(v), 3);
    assert_int_equal(val_col(v), 9);
    assert_string_equal(fmt(field(r, "note")), "\"kept\"");
    assert_string_equal(record_id_text(r)->s, "north");
    assert_string_equal(record_title_text(r)->s, "Noord");
    assert_string_equal(fmt(field(r, "tags")), "[\"a\", \"b\"]");
    assert_string_equal(fmt(field(r, "counts")), "{x: 1}");
    /* the same file with keep_unread keeps every text */
    assert_true(data_load(prog, dataset("regions"), path, span_make(0, 0, 0), &arena, true, &loaded, &loaded_file));
    assert_string_equal(field(first_record(), "name").u.s->s, "North \xC3\xA9");
    /* a text not kept is still checked: a NUL in it is an error */
    text = "- id: north\n  name: \"a\\0b\"\n";
    write_bytes(text, strlen(text));
    assert_false(data_load(prog, dataset("regions"), path, span_make(0, 0, 0), &arena, false, &loaded, &loaded_file));
    assert_true(diag_count_code(DIAG_E204) > 0);
    char *out = rendered();
    assert_contains(out, "text contains a NUL character");
    mem_free(out);
    note->read = false;
}

/* The records of a dataset that is a map are named by their key when the
 * key is a thing or word, as in a map inside a record; by their place when
 * it is text (the keys are not at hand where paths are written). */
static void paths_of_records_in_a_map_dataset(void **state)
{
    (void)state;
    assert_true(load("bytopic", "housing: {status: low}\ncare: {status: high}\n"));
    const MapVal *m = loaded.u.map;
    Buf b = BUF_INIT;
    record_path(&b, m->vals[1].u.rec, prog);
    assert_string_equal(buf_str(&b), "bytopic.housing");
    buf_clear(&b);
    record_path(&b, m->vals[0].u.rec, prog);
    assert_string_equal(buf_str(&b), "bytopic.care");
    assert_true(load("bylevel", "mid: {status: low}\n"));
    buf_clear(&b);
    record_path(&b, loaded.u.map->vals[1].u.rec, prog);
    assert_string_equal(buf_str(&b), "bylevel.mid");
    assert_true(load("bytext", "a: {status: low}\nb: {status: high}\n"));
    buf_clear(&b);
    record_path(&b, loaded.u.map->entries[1].val.u.rec, prog);
    assert_string_equal(buf_str(&b), "bytext[1]");
    buf_free(&b);
}

static void values_keep_positions(void **state)
{
    (void)state;
    assert_true(load("regions", "# a comment\n" "- id: north\n  title: \"Noord \xC3\xAB\"\n  name: \"\xC3\xA9\xC3\xA9n\"\n"
                                "  population: 10\n  share: 25%\n  budget: EUR 100\n  started: 2024-08-02\n"
                                "  active: true\n  status: high\n  lead: care\n  topics: {care: mid}\n"
                                "  tags: [\xC3\xAB, b]\n  counts: {}\n"));
    const Record *r = first_record();
    assert_int_equal(record_line(r), 2);
    assert_int_equal(record_col(r), 3);
    assert_int_equal(r->file, loaded_file);
    assert_string_equal(source_get(loaded_file)->path, path);
    assert_string_equal(record_title_text(r)->s, "Noord \xC3\xAB");
    Value pop = field(r, "population");
    assert_int_equal(val_line(pop), 5);
    assert_int_equal(val_col(pop), 15);
    assert_int_equal(pop.src, dataset("regions")->index + 1);
    /* columns count characters: the b after the ë is column 13 */
    Value tags = field(r, "tags");
    assert_int_equal(val_line(tags.u.list->items[1]), 13);
    assert_int_equal(val_col(tags.u.list->items[1]), 13);
    Value topics = field(r, "topics");
    int64_t care = map_find(topics.u.map, val_thing(topics.u.map->key->kind->things.items[0]));
    assert_true(care >= 0);
    assert_int_equal(val_line(*map_slot_value(topics.u.map, (uint32_t)care)), 12);
    assert_int_equal(val_col(*map_slot_value(topics.u.map, (uint32_t)care)), 18);
    /* an optional field left out is absent at the record's place */
    Value note = field(r, "note");
    assert_int_equal(note.tag, V_ABSENT);
    assert_int_equal(val_line(note), 2);
    assert_int_equal(note.unit, 0);
}

static void null_forms(void **state)
{
    (void)state;
    /* ~, null, Null, NULL and nothing are no value; quoted they are text */
    const char *nulls[] = {"note: ~", "note: null", "note: Null", "note: NULL", "note:"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(load("regions", with("note", nulls[i])));
        Value note = field(first_record(), "note");
        assert_int_equal(note.tag, V_ABSENT);
        assert_int_equal(note.unit, 1);  /* written as null */
        assert_int_equal(val_line(note), 13);
    }
    assert_true(load("regions", with("note", "note: \"null\"")));
    assert_string_equal(field(first_record(), "note").u.s->s, "null");
    assert_true(load("regions", with("note", "note: '~'")));
    assert_string_equal(field(first_record(), "note").u.s->s, "~");
    assert_true(load("regions", with("note", "note: \"\"")));
    assert_int_equal(field(first_record(), "note").tag, V_TEXT);
    assert_int_equal(field(first_record(), "note").u.s->len, 0);
}

static void records_without_ids_use_their_path(void **state)
{
    (void)state;
    Buf two = BUF_INIT;
    buf_puts(&two, region);
    buf_puts(&two, with("id", "title: Second"));
    assert_true(load("regions", buf_str(&two)));
    buf_free(&two);
    const Record *r = loaded.u.list->items[1].u.rec;
    assert_null(record_id_text(r));
    Buf b = BUF_INIT;
    record_id(&b, r, prog);
    assert_string_equal(buf_str(&b), "regions[1]");
    buf_free(&b);
}

static void map_and_record_datasets(void **state)
{
    (void)state;
    assert_true(load("limits", "max: 10\nmin: -1\n"));
    assert_int_equal(loaded.tag, V_MAP);
    assert_string_equal(fmt(loaded), "{max: 10, min: -1}");
    assert_true(load("tree", "label: root\nkids:\n  - label: a\n  - {}\n"));
    assert_int_equal(loaded.tag, V_RECORD);
    Value kids = field(loaded.u.rec, "kids");
    assert_int_equal(kids.u.list->len, 2);
    Buf b = BUF_INIT;
    record_path(&b, kids.u.list->items[1].u.rec, prog);
    assert_string_equal(buf_str(&b), "tree.kids[1]");
    buf_free(&b);
}

static void empty_files(void **state)
{
    (void)state;
    const char *empties[] = {"", "# nothing yet\n", "~\n", "---\n", "[]\n"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(load("regions", empties[i]));
        assert_int_equal(loaded.tag, V_LIST);
        assert_int_equal(loaded.u.list->len, 0);
        assert_int_equal(diag_errors(), 0);
    }
    assert_true(load("limits", ""));
    assert_int_equal(loaded.tag, V_MAP);
    assert_int_equal(loaded.u.map->len, 0);
    EXPECT("tree", "", E203, ": error[E203]: the file has no data", "hint: the rules expect node");
    diag_clear();
    EXPECT("tree", "~\n", E203, "@:1:1: error[E203]: the file has no data");
}

static void bom_and_crlf(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF");
    buf_puts(&b, region);
    assert_true(load("regions", buf_str(&b)));
    buf_free(&b);
    assert_int_equal(record_col(first_record()), 3);
    Buf c = BUF_INIT;
    for (const char *s = region; *s; s++) {
        if (*s == '\n')
            buf_putc(&c, '\r');
        buf_putc(&c, *s);
    }
    assert_true(load("regions", buf_str(&c)));
    buf_free(&c);
    assert_int_equal(val_line(field(first_record(), "status")), 8);
    assert_string_equal(field(first_record(), "name").u.s->s, "North");
}

/* ---- errors ---- */

static void syntax_errors_are_one_based(void **state)
{
    (void)state;
    EXPECT("regions", with("tags", "tags: [a, b"), E201,
           "@:12:9: error[E201]: did not find expected ',' or ']' while parsing a flow sequence",
           "@:11:9: note: the construct started here");
    diag_clear();
    EXPECT("regions", with("name", "name: a: b"), E201, "@:2:10: error[E201]: mapping values are not allowed");
    /* only the syntax error: the type errors before it are not reported */
    diag_clear();
    EXPECT("regions", "- name: [x]\n  population: many\n  tags: {\n", E201, "error[E201]");
    assert_int_equal(diag_errors(), 1);
}

static void invalid_utf8_positioned_from_byte_offset(void **state)
{
    (void)state;
    /* 0xFF after "  name: \xC3\xAB caf": the reader gives a byte offset;
     * the column counts characters */
    EXPECT("regions", "- id: north\n  name: \xC3\xAB caf\xFF\n", E201,
           "@:2:14: error[E201]: the file is not valid UTF-8: invalid leading UTF-8 octet (byte 0xFF)",
           "hint: save the file as UTF-8 text");
    diag_clear();
    EXPECT("regions", "- id: north\n  name: \"caf\xC3\"\n", E201,
           "@:2:13: error[E201]: the file is not valid UTF-8: byte 0xC3 starts a character that byte 0x22 "
           "does not continue");
    diag_clear();
    EXPECT("regions", "- id: north\n  name: a\x01" "b\n", E201,
           "@:2:10: error[E201]: control characters are not allowed (U+0001)");
    diag_clear();
    EXPECT("regions", "\xFF\xFE-\0 \0", E201, ": error[E201]: the file is encoded as UTF-16");
}

static void unknown_fields_and_keys(void **state)
{
    (void)state;
    EXPECT("regions", with("population", "populaton: 12"), E202,
           "@:3:3: error[E202]: region has no field 'populaton'", "hint: did you mean 'population'?");
    diag_clear();
    EXPECT("regions", with("colour", "colour: red"), E202,
           "hint: the fields of region are: name, population, share, budget, started, active, status, lead, "
           "topics, tags, counts, note, contact, id, title");
    diag_clear();
    EXPECT("regions", with("titel", "titel: x"), E202, "did you mean 'title'?");
    diag_clear();
    EXPECT("regions", with("topics", "topics: {care: mid, houzing: low}"), E212,
           "@:10:23: error[E212]: unknown topic 'houzing'", "hint: did you mean 'housing'?");
    diag_clear();
    EXPECT("regions", with("lead", "lead: nothing"), E212, "unknown topic 'nothing'",
           "hint: the things of kind 'topic' are: care, housing");
    diag_clear();
    EXPECT("regions", with("status", "status: hihg"), E205,
           "@:8:11: error[E205]: 'hihg' is not a word of the scale 'level'", "did you mean 'high'?");
    diag_clear();
    EXPECT("regions", with("status", "status: urgent"), E205, "hint: the words of 'level' are: low, mid, high");
}

static void missing_values(void **state)
{
    (void)state;
    EXPECT("regions", with("population", NULL), E203, "@:1:3: error[E203]: region lacks the field 'population'",
           "kinds.wozo:11:3: note: declared here (add '?' to its type to make it optional)");
    /* one message naming every missing field */
    diag_clear();
    Buf b = BUF_INIT;
    buf_puts(&b, "- id: x\n  name: y\n");
    EXPECT("regions", buf_str(&b), E203,
           "region lacks the fields 'population', 'share', 'budget', 'started', 'active', 'status', 'lead', "
           "'topics', 'tags', 'counts'", "kinds.wozo:9:6: note: region declared here");
    buf_free(&b);
    assert_int_equal(diag_count_code(DIAG_E203), 1);
    diag_clear();
    EXPECT("regions", with("name", "name: ~"), E203, "@:2:9: error[E203]: field 'name' has no value",
           "kinds.wozo:10:3: note: declared here");
    diag_clear();
    EXPECT("regions", with("topics", "topics: {care: }"), E203, "@:10:18: error[E203]: the key has no value");
    diag_clear();
    EXPECT("regions", with("tags", "tags: [a, ~]"), E204, "@:11:13: error[E204]: a list element has no value");
}

static void wrong_types(void **state)
{
    (void)state;
    struct { const char *line, *want; } cases[] = {
        {"population: 12,5", "expected a number, found '12,5'"},
        {"population: 1.5e3", "hint: write numbers in full: 1500 rather than 1.5e3"},
        {"population: twelve", "hint: numbers look like 12, -3, 1_000, 0.25"},
        {"population: 99999999999999999999", "the number '99999999999999999999' is too large to hold exactly"},
        {"population: [1]", "expected number, found a list"},
        {"population: {a: 1}", "expected number, found a mapping"},
        {"share: lots", "expected a percentage, found 'lots'"},
        {"budget: EUR 12.505", "expected an amount, found 'EUR 12.505'"},
        {"budget: USD 5", "expected an amount, found 'USD 5'"},
        {"started: 2024-02-30", "expected a date, found '2024-02-30'"},
        {"started: 02-08-2024", "hint: dates are written YYYY-MM-DD and must exist"},
        {"name: [a, b]", "hint: text that starts with '[' must be quoted"},
        {"tags: x", "expected list of text, found a single value"},
        {"topics: [care]", "expected map of topic to level, found a list"},
        {"lead: {name: care}", "hint: name a topic by its identifier"},
        {"contact: Anna", "expected person, found a single value"},
        {"name: \"a\\0b\"", "error[E204]: text contains a NUL character"},
        {"id: \"x\\0\"", "error[E204]: text contains a NUL character"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char key[32];
        snprintf(key, sizeof key, "%.*s", (int)(strchr(cases[i].line, ':') - cases[i].line), cases[i].line);
        diag_clear();
        EXPECT("regions", with(key, cases[i].line), E204, cases[i].want);
    }
    diag_clear();
    EXPECT("regions", "name: North\n", E204, "@:1:1: error[E204]: expected list of region, found a mapping");
}

static void duplicates_show_both_places(void **state)
{
    (void)state;
    EXPECT("regions", with("population", "population: 10\n  name: Noord"), E206,
           "@:4:3: error[E206]: field 'name' appears twice", "@:2:3: note: first here");
    diag_clear();
    EXPECT("regions", with("topics", "topics: {care: mid, housing: low, care: high}"), E206,
           "@:10:37: error[E206]: key 'care' appears twice", "@:10:12: note: first here");
    diag_clear();
    EXPECT("regions", with("counts", "counts: {a: 1, b: 2, a: 3}"), E206, "@:12:24: error[E206]: key 'a' appears twice",
           "@:12:12: note: first here");
    /* the first value was wrong: the duplicate is still found (this read
     * past the entries before) */
    diag_clear();
    EXPECT("regions", with("counts", "counts: {a: x, a: 1}"), E206, "@:12:18: error[E206]: key 'a' appears twice",
           "@:12:12: note: first here");
    diag_clear();
    EXPECT("regions", with("topics", "topics: {care: [mid], care: high}"), E206, "key 'care' appears twice");
    diag_clear();
    Buf b = BUF_INIT;
    buf_puts(&b, region);
    buf_puts(&b, with("population", "population: many"));
    EXPECT("regions", buf_str(&b), E206, "@:13:7: error[E206]: id 'north' appears twice in this list",
           "@:1:7: note: first here");
    buf_free(&b);
}

/* Record ids and text keys are user data: they are kept in the dataset's
 * arena, never in the program-wide intern table (which only grows), also
 * when enough of them make the duplicate check's set grow. Duplicates are
 * still found, and the note points at the exact column of the first one,
 * also beyond column 255. */
static void ids_and_keys_are_not_interned(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    for (int i = 0; i < 40; i++)
        buf_printf(&b, "- id: zz-record-%d\n%s", i, strchr(region, '\n') + 1);
    assert_true(load("regions", buf_str(&b)));
    assert_int_equal(loaded.u.list->len, 40);
    assert_null(sym_lookup("zz-record-0", 11));
    assert_null(sym_lookup("zz-record-39", 12));
    /* a duplicate among many */
    buf_printf(&b, "- id: zz-record-17\n%s", strchr(region, '\n') + 1);
    EXPECT("regions", buf_str(&b), E206, "@:481:7: error[E206]: id 'zz-record-17' appears twice in this list",
           "@:205:7: note: first here");
    diag_clear();
    buf_clear(&b);
    buf_puts(&b, "{");
    for (int i = 0; i < 40; i++)
        buf_printf(&b, "zz-key-%02d: %d, ", i, i);
    assert_true(b.len > 300);
    buf_puts(&b, "zz-last: 1}\n");
    assert_true(load("limits", buf_str(&b)));
    assert_int_equal(loaded.u.map->len, 41);
    assert_null(sym_lookup("zz-key-00", 9));
    assert_null(sym_lookup("zz-last", 7));
    /* the first 'zz-last' is at column 592, the second at 604 */
    b.len -= 2;
    buf_puts(&b, ", zz-last: 2}\n");
    EXPECT("limits", buf_str(&b), E206, "@:1:604: error[E206]: key 'zz-last' appears twice",
           "@:1:592: note: first here");
    buf_free(&b);
}

static void documents_tags_merge_keys(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    buf_puts(&b, region);
    buf_puts(&b, "---\n");
    buf_puts(&b, region);
    EXPECT("regions", buf_str(&b), E207, "@:13:1: error[E207]: the file holds more than one YAML document");
    buf_free(&b);
    diag_clear();
    EXPECT("regions", with("name", "name: !!str North"), E208,
           "@:2:9: error[E208]: YAML tags such as '!!str' are not supported");
    diag_clear();
    EXPECT("regions", with("tags", "tags: !custom [a]"), E208, "YAML tags such as '!custom' are not supported");
    diag_clear();
    EXPECT("regions", with("lead", "lead: care\n  <<: {name: x}"), E208,
           "@:10:3: error[E208]: YAML merge keys ('<<') are not supported");
    diag_clear();
    EXPECT("regions", with("counts", "counts: {<<: {a: 1}, b: 2}"), E208, "merge keys ('<<') are not supported");
}

static void aliases_refused_quickly(void **state)
{
    (void)state;
    EXPECT("regions", with("tags", "tags: &t [a]\n  counts: *t"), E209,
           "@:12:11: error[E209]: YAML aliases ('*t') are not supported");
    diag_clear();
    EXPECT("tree", "&a {kids: [*a]}\n", E209, "aliases ('*a') are not supported");
    diag_clear();
    /* a billion laughs: nine levels of nine aliases */
    Buf b = BUF_INIT;
    buf_puts(&b, with("tags", "tags: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"));
    const char *names = "abcdefghi";
    for (int level = 1; level < 9; level++) {
        buf_printf(&b, "- id: r%d\n  tags: &%c [", level, names[level]);
        for (int i = 0; i < 9; i++)
            buf_printf(&b, "%s*%c", i ? ", " : "", names[level - 1]);
        buf_puts(&b, "]\n");
    }
    clock_t t0 = clock();
    EXPECT("regions", buf_str(&b), E209, "aliases ('*a') are not supported",
           "note: the 71 other aliases in this file are refused too");
    assert_true(clock() - t0 < CLOCKS_PER_SEC);
    assert_int_equal(diag_count_code(DIAG_E209), 1);
    buf_free(&b);
}

static void nesting_is_bounded(void **state)
{
    (void)state;
    /* a recursive kind lets the type go as deep as the data */
    Buf b = BUF_INIT;
    buf_puts(&b, "kids:\n");
    for (int i = 1; i <= DATA_MAX_DEPTH + 5; i++) {
        buf_fill(&b, ' ', (size_t)(2 * i));
        buf_puts(&b, "- kids:\n");
    }
    EXPECT("tree", buf_str(&b), E210, "@:33:67: error[E210]: data nested more than 64 levels deep");
    buf_free(&b);
    /* exactly the limit is fine: the root mapping and 63 levels below it */
    Buf ok = BUF_INIT;
    buf_puts(&ok, "kids:\n");
    for (int i = 1; i <= 31; i++) {
        buf_fill(&ok, ' ', (size_t)(2 * i));
        buf_puts(&ok, "- kids:\n");
    }
    diag_clear();
    assert_true(load("tree", buf_str(&ok)));
    buf_free(&ok);
    /* a million '[' in a field whose value is skipped: stops at 65, fast
     * (libyaml's flow bookkeeping is quadratic in the depth) */
    size_t n = 1000000;
    char *deep = mem_alloc(n + 64);
    size_t len = (size_t)snprintf(deep, 64, "- name: ");
    memset(deep + len, '[', n);
    len += n;
    diag_clear();
    clock_t t0 = clock();
    bool loaded_ok = load_n("regions", deep, len);
    assert_false(loaded_ok);
    assert_true(clock() - t0 < CLOCKS_PER_SEC);
    assert_int_equal(diag_count_code(DIAG_E210), 1);
    assert_int_equal(diag_errors(), 1);
    mem_free(deep);
}

static void files_that_cannot_be_read(void **state)
{
    (void)state;
    Value out;
    uint32_t file;
    assert_false(data_load(prog, dataset("regions"), "/nonexistent/x.yaml", span_make(0, 0, 0), &arena, true, &out, &file));
    char *o = rendered();
    assert_contains(o, "/nonexistent/x.yaml: error[E001]: cannot open: No such file or directory");
    assert_contains(o, "hint: the file was given with --data regions=...");
    mem_free(o);
    diag_clear();
    assert_false(data_load(prog, dataset("regions"), dir, span_make(0, 0, 0), &arena, true, &out, &file));
    o = rendered();
    assert_contains(o, "error[E002]: is a directory, not a regular file");
    mem_free(o);
    diag_clear();
    /* named in a rule file: the message is at that line */
    const Dataset *ds = dataset("regions");
    assert_false(data_load(prog, ds, "/nonexistent/x.yaml", ds->decl->b->span, &arena, true, &out, &file));
    o = rendered();
    assert_contains(o, "kinds.wozo:28:38: error[E001]: data file /nonexistent/x.yaml: cannot open");
    assert_contains(o, "hint: a path in a rule file is relative to that file's folder");
    mem_free(o);
}

static void files_too_large(void **state)
{
    (void)state;
    /* a sparse file one byte over the limit takes no disk space */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)DATA_MAX_BYTES + 1), 0);
    close(fd);
    Value out;
    uint32_t file;
    assert_false(data_load(prog, dataset("regions"), path, span_make(0, 0, 0), &arena, true, &out, &file));
    char *o = rendered();
    assert_contains(o, "error[E211]: is larger than 1024 MiB");
    mem_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(scalars_by_declared_type),
        T(yaml11_words_stay_text),
        T(numbers_read_exactly),
        T(booleans_true_false_only),
        T(percentages_need_their_sign),
        T(collections_and_records),
        T(findings_lie_per_thing),
        T(words_of_small_and_large_scales),
        T(unread_texts_are_not_kept),
        T(paths_of_records_in_a_map_dataset),
        T(values_keep_positions),
        T(null_forms),
        T(records_without_ids_use_their_path),
        T(map_and_record_datasets),
        T(empty_files),
        T(bom_and_crlf),
        T(syntax_errors_are_one_based),
        T(invalid_utf8_positioned_from_byte_offset),
        T(unknown_fields_and_keys),
        T(missing_values),
        T(wrong_types),
        T(duplicates_show_both_places),
        T(ids_and_keys_are_not_interned),
        T(documents_tags_merge_keys),
        T(aliases_refused_quickly),
        T(nesting_is_bounded),
        T(files_that_cannot_be_read),
        T(files_too_large),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
