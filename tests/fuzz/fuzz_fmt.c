/*
 * fuzz_fmt.c - fuzzing harness: the formatter's round trip.
 *
 * The input is one rule file. When it parses, its canonical form must parse
 * to the same syntax tree (ast_equal), keep every comment, and format to
 * exactly itself: fmt_verify() checks all three, and anything but "ok" (or
 * the output being over the size limit of rule files, which `fmt` refuses
 * cleanly) is a bug in the formatter. The messages are not rendered:
 * fuzz_parse.c does that, and an input of 64 KiB with 100 messages on one
 * line takes seconds to render in the instrumented build.
 */
#include "fuzz.h"

#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../lang/fmt.h"
#include "../../lang/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t id = source_load_text("fuzz.wozo", (const char *)data, size);
    if (id) {
        Arena a;
        arena_init(&a, 0);
        ParsedFile pf;
        if (parse_source(id, &a, &pf)) {
            Buf out = BUF_INIT;
            fmt_file(&pf, &out);
            FmtCheck c = fmt_verify(&pf, buf_str(&out), out.len);
            if (c != FMT_CHECK_OK && c != FMT_CHECK_TOO_LARGE) {
                char *msgs = diag_render_string(false);
                fprintf(stderr, "---- canonical form (%zu bytes) ----\n%s\n---- messages ----\n%s", out.len,
                        buf_str(&out), msgs);
                free(msgs);
                fuzz_fail("%s", fmt_check_text(c));
            }
            buf_free(&out);
        }
        arena_free(&a);
    }
    fuzz_reset();
    return 0;
}
