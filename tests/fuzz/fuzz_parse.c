/*
 * fuzz_parse.c - fuzzing harness: rule text through the front end.
 *
 * The input is one rule file. It is read with the checks of a file on disk
 * (size, UTF-8, NUL bytes), parsed and resolved together with the built-in
 * prelude, as `wozorules check` does, and every message is rendered. Nothing
 * may crash, hang, leak or trip a sanitizer, whatever the bytes.
 */
#include "fuzz.h"

#include "../../lang/program.h"

extern const char wozo_prelude_text[];
extern const size_t wozo_prelude_len;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t id = source_load_text("fuzz.wozo", (const char *)data, size);
    if (id) {
        LoadOptions opt = {
            .prelude_text = wozo_prelude_text,
            .prelude_len = wozo_prelude_len,
            .prelude_name = "stdlib/prelude.wozo",
            .warnings = true,
        };
        Program *p = program_from_sources(&id, 1, &opt);
        program_free(p);
    }
    fuzz_render(false);
    fuzz_reset();
    return 0;
}
