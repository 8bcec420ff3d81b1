/*
 * fuzz_data.c - fuzzing harness: a YAML dataset read against the kinds.
 *
 * The input is one YAML file. It is loaded (runtime/data.c, data_load) as
 * each dataset of the fixed rules below in turn, which between them use
 * every field type once: a list of records with every scalar type, scale
 * words and references, maps keyed by text, things and words, optional and
 * nested records, a recursive kind, a map and a single record at the top.
 * A file loaded without error is printed with val_format(). Nothing may
 * crash, hang, leak or trip a sanitizer, whatever the bytes.
 *
 * data_load() reads a path, so the input is written to a temporary file
 * first (fuzz_file_set()).
 */
#include "fuzz.h"

#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../lang/program.h"
#include "../../runtime/data.h"

static const char rules[] =
    "scale level { low < mid < high }\n"
    "kind topic { }\n"
    "topic care \"Care\"\n"
    "topic housing\n"
    "kind person {\n"
    "  name: text\n"
    "  phone: text?\n"
    "}\n"
    "kind region {\n"
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
    "  by_level: map of level to list of date?\n"
    "  people: list of person?\n"
    "  grid: list of list of percentage?\n"
    "  note: text?\n"
    "  contact: person?\n"
    "}\n"
    "kind node {\n"
    "  label: text?\n"
    "  kids: list of node?\n"
    "}\n"
    "dataset regions: list of region from \"regions.yaml\"\n"
    "dataset one: region from \"one.yaml\"\n"
    "dataset limits: map of text to number from \"limits.yaml\"\n"
    "dataset scores: map of topic to map of level to money from \"scores.yaml\"\n"
    "dataset tree: node from \"tree.yaml\"\n";

static FuzzFile file;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_set(&file, data, size);
    uint32_t id = source_load_text("kinds.wozo", rules, sizeof rules - 1);
    Program *p = program_from_sources(&id, 1, NULL);
    if (diag_errors())
        fuzz_fail("the harness's rules do not check:\n%s", diag_render_string(false));
    for (size_t i = 0; i < p->datasets.len; i++) {
        Arena a;
        arena_init(&a, 0);
        Value v;
        uint32_t file_id;
        /* Odd-sized inputs keep the texts no rule reads (the harness's rules
         * read none), even-sized ones do not: both ways are fuzzed. */
        if (data_load(p, p->datasets.items[i], path, span_make(0, 0, 0), &a, size & 1, &v, &file_id)) {
            Buf b = BUF_INIT;
            val_format(&b, v, true);
            buf_free(&b);
        }
        arena_free(&a);
    }
    fuzz_render(false);
    program_free(p);
    fuzz_reset();
    return 0;
}
