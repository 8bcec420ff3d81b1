/*
 * fuzz_check.c - fuzzing harness: the whole `wozorules check`.
 *
 * The input is a rules file followed by data files, each after a line that
 * names the dataset it is for:
 *
 *     scale v { ok < bad }
 *     ...
 *     dataset regions: list of region from "regions.yaml"
 *     %%%% regions
 *     - id: north
 *       ...
 *
 * A first line "%%%% no-prelude" leaves the built-in prelude out (as
 * --no-prelude does; most golden cases use it). The rules are checked, and
 * when they are valid,
 * each part is bound to its dataset (as with --data NAME=FILE; a name no
 * dataset has gives the usual message), every dataset without a part reads
 * an empty file, the criteria are evaluated and the findings are written in
 * every report format, with and without --explain. Nothing may crash, hang,
 * leak or trip a sanitizer. A dataset never reads the path in the rules:
 * fuzzed paths could name any file of the machine (a device, /proc).
 */
#include "fuzz.h"

#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../lang/program.h"
#include "../../runtime/report.h"
#include "../../stdlib/builtins.h"

extern const char wozo_prelude_text[];
extern const size_t wozo_prelude_len;

#define MAX_PARTS 8

static FuzzFile files[MAX_PARTS + 1];  /* one per data part; the last is empty */

/* One data part of the input: the dataset's name and the bytes after it. */
typedef struct Part {
    char name[64];
    const uint8_t *data;
    size_t size;
} Part;

/* The start of the next separator line ("%%%% NAME\n") at or after `from`,
 * or `size` when there is none. A separator starts the input or a line. */
static size_t next_separator(const uint8_t *d, size_t size, size_t from)
{
    for (size_t i = from; i + 4 <= size; i++)
        if ((i == 0 || d[i - 1] == '\n') && memcmp(d + i, "%%%%", 4) == 0)
            return i;
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Part parts[MAX_PARTS];
    size_t nparts = 0;
    static const char no_prelude[] = "%%%% no-prelude\n";
    bool prelude = !(size >= sizeof no_prelude - 1 && memcmp(data, no_prelude, sizeof no_prelude - 1) == 0);
    size_t rules_start = prelude ? 0 : sizeof no_prelude - 1;
    size_t rules_end = next_separator(data, size, rules_start);
    for (size_t at = rules_end; at < size && nparts < MAX_PARTS;) {
        size_t eol = at;
        while (eol < size && data[eol] != '\n')
            eol++;
        Part *pt = &parts[nparts++];
        size_t nlen = 0;
        for (size_t i = at + 4; i < eol && nlen + 1 < sizeof pt->name; i++)
            if (data[i] != ' ' && data[i] != '\r' && data[i] != '\0')
                pt->name[nlen++] = (char)data[i];
        pt->name[nlen] = '\0';
        size_t start = eol < size ? eol + 1 : size;
        size_t end = next_separator(data, size, start);
        pt->data = data + start;
        pt->size = end - start;
        at = end;
    }

    uint32_t id = source_load_text("fuzz.wozo", (const char *)data + rules_start, rules_end - rules_start);
    if (!id) {
        fuzz_render(true);
        fuzz_reset();
        return 0;
    }
    LoadOptions opt = {
        .prelude_text = prelude ? wozo_prelude_text : NULL,
        .prelude_len = wozo_prelude_len,
        .prelude_name = "stdlib/prelude.wozo",
        .warnings = true,
    };
    Program *p = program_from_sources(&id, 1, &opt);
    if (!diag_errors()) {
        Run *r = run_new(p, wozo_builtins);
        run_keep_unread(r);  /* every format is written, html and csv too */
        const char *empty = fuzz_file_set(&files[MAX_PARTS], NULL, 0);
        for (size_t i = 0; i < p->datasets.len; i++)
            run_bind(r, p->datasets.items[i]->name->str, empty, span_make(0, 0, 0));
        bool ok = true;
        for (size_t i = 0; i < nparts; i++)
            ok = run_bind(r, parts[i].name, fuzz_file_set(&files[i], parts[i].data, parts[i].size),
                          span_make(0, 0, 0)) && ok;
        if (ok && run_load(r)) {
            run_evaluate(r);
            size_t n;
            Finding **fs = run_findings(r, &n);
            for (size_t k = 0; k < report_nformats; k++)
                for (int explain = 0; explain < 2; explain++) {
                    ReportOptions ro = {
                        .explain = explain,
                        .color = explain,
                        .labels = report_labels(explain ? "en" : NULL),
                    };
                    Buf out = BUF_INIT;
                    report_formats[k].write(&out, r, fs, n, &ro);
                    buf_free(&out);
                }
        }
        run_free(r);
    }
    fuzz_render(true);
    program_free(p);
    fuzz_reset();
    return 0;
}
