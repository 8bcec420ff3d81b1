/*
 * test_diag.c - rendering of messages: the location line, the source line
 * and the caret (with tabs, CRLF and multi-byte characters), notes, hints,
 * related marks, sorting, repeats, the error limit, colour, long lines, and
 * the edit distance behind "did you mean".
 */
#include "testutil.h"

#include <unistd.h>

/* Renders and compares the whole output. */
static void assert_rendered(const char *want)
{
    char *out = rendered();
    if (strcmp(out, want) != 0)
        fail_msg("rendered:\n%s\n--- expected ---\n%s", out, want);
    mem_free(out);
}

static void caret_under_the_span(void **state)
{
    (void)state;
    uint32_t f = load_text("r.wozo", "kind item {\n  n: nummer\n}\n");
    Diag *d = diag_report(DIAG_E030, span_make(f, 17, 6), "unknown type '%s'", "nummer");
    diag_hint(d, "did you mean '%s'?", "number");
    assert_rendered("r.wozo:2:6: error[E030]: unknown type 'nummer'\n"
                    "2 |   n: nummer\n"
                    "  |      ^~~~~~\n"
                    "  = hint: did you mean 'number'?\n"
                    "1 error, 0 warnings\n");
}

static void tabs_before_the_caret_are_repeated(void **state)
{
    (void)state;
    uint32_t f = load_text("t.wozo", "\tn:\t\"x\"\n");
    diag_report(DIAG_E034, span_make(f, 4, 3), "expected number, found text");
    assert_rendered("t.wozo:1:5: error[E034]: expected number, found text\n"
                    "1 | \tn:\t\"x\"\n"
                    "  | \t  \t^~~\n"
                    "1 error, 0 warnings\n");
}

static void multibyte_characters_count_once(void **state)
{
    (void)state;
    /* "é" and "ë" are two bytes each: the caret must still land under 'x'. */
    uint32_t f = load_text("nl.wozo", "item \"caf\xC3\xA9 Zo\xC3\xAB\" x\n");
    diag_report(DIAG_E020, span_make(f, 18, 1), "unexpected name 'x'");
    assert_rendered("nl.wozo:1:17: error[E020]: unexpected name 'x'\n"
                    "1 | item \"caf\xC3\xA9 Zo\xC3\xAB\" x\n"
                    "  |                 ^\n"
                    "1 error, 0 warnings\n");
    diag_clear();
    /* A span over accented text is as wide as its characters. */
    diag_report(DIAG_E034, span_make(f, 5, 12), "text");
    char *out = rendered();
    assert_contains(out, "  |      ^~~~~~~~~~\n");
    mem_free(out);
}

static void crlf_lines(void **state)
{
    (void)state;
    uint32_t f = load_text("w.wozo", "scale s { a }\r\nkind k {\r\n  x: y\r\n}\r\n");
    diag_report(DIAG_E030, span_make(f, 30, 1), "unknown type 'y'");
    assert_rendered("w.wozo:3:6: error[E030]: unknown type 'y'\n"
                    "3 |   x: y\n"
                    "  |      ^\n"
                    "1 error, 0 warnings\n");
}

static void notes_marks_and_gutter_width(void **state)
{
    (void)state;
    Buf text = BUF_INIT;
    for (int i = 1; i <= 12; i++)
        buf_printf(&text, "item a%d\n", i);
    uint32_t f = load_text("n.wozo", buf_str(&text));
    buf_free(&text);
    /* Line 12 is "item a12" at offset 9 * 8 + 2 * 9 = 90. */
    Diag *d = diag_report(DIAG_E031, span_make(f, 90 + 5, 3), "'a12' is declared twice");
    diag_note(d, span_make(f, 5, 2), "first declared here");
    diag_note(d, span_make(0, 0, 0), "a note without a place");
    diag_mark(d, span_make(f, 90, 4));      /* same line: '~' under it */
    diag_mark(d, span_make(f, 8 + 5, 2));   /* another line: own snippet */
    assert_rendered("n.wozo:12:6: error[E031]: 'a12' is declared twice\n"
                    "12 | item a12\n"
                    "   | ~~~~ ^~~\n"
                    " 2 | item a2\n"
                    "   |      ~~\n"
                    "n.wozo:1:6: note: first declared here\n"
                    " 1 | item a1\n"
                    "   |      ~~\n"
                    "   = note: a note without a place\n"
                    "1 error, 0 warnings\n");
}

static void messages_are_sorted(void **state)
{
    (void)state;
    uint32_t a = load_text("a.wozo", "x\ny\nz\n");
    uint32_t b = load_text("b.wozo", "p q\n");
    diag_report(DIAG_E030, span_make(b, 2, 1), "b second");
    diag_report(DIAG_E030, span_make(a, 4, 1), "a line 3");
    diag_report(DIAG_E030, span_make(b, 0, 1), "b first");
    diag_report(DIAG_W001, span_make(a, 0, 1), "a line 1");
    diag_report_path(DIAG_E001, "z/late.wozo", "a whole file");
    diag_report_path(DIAG_E001, "m/early.wozo", "another whole file");
    diag_report(DIAG_E034, span_make(a, 4, 1), "a line 3, reported later");
    char *out = rendered();
    /* Whole files first (by path), then by file, line, column, then in the
     * order they were reported. */
    const char *order[] = {"another whole file", "a whole file", "a line 1", "a line 3\n",
                           "a line 3, reported later", "b first", "b second"};
    const char *at = out;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = strstr(at, order[i]);
        if (!p)
            fail_msg("'%s' missing or out of order in:\n%s", order[i], out);
        at = p;
    }
    assert_contains(out, "6 errors, 1 warning\n");
    mem_free(out);
}

static void repeats_are_dropped_but_not_different_messages(void **state)
{
    (void)state;
    uint32_t f = load_text("d.wozo", "item a\n");
    assert_non_null(diag_report(DIAG_E032, span_make(f, 5, 1), "lacks 'x'"));
    assert_null(diag_report(DIAG_E032, span_make(f, 5, 1), "lacks 'x'"));   /* a repeat */
    assert_non_null(diag_report(DIAG_E032, span_make(f, 5, 1), "lacks 'y'"));
    assert_non_null(diag_report(DIAG_E033, span_make(f, 5, 1), "lacks 'x'")); /* other code */
    assert_non_null(diag_report(DIAG_E032, span_make(f, 0, 1), "lacks 'x'")); /* other place */
    assert_int_equal(diag_errors(), 4);
    assert_int_equal(diag_count_code(DIAG_E032), 3);
    /* The functions that add to a message accept a dropped one. */
    Diag *none = diag_report(DIAG_E032, span_make(f, 5, 1), "lacks 'x'");
    diag_hint(none, "ignored");
    diag_note(none, span_make(f, 0, 1), "ignored");
    diag_mark(none, span_make(f, 0, 1));
    char *out = rendered();
    assert_not_contains(out, "ignored");
    mem_free(out);
}

static void error_limit(void **state)
{
    (void)state;
    uint32_t f = load_text("l.wozo", "x\n");
    diag_set_limit(3);
    for (int i = 0; i < 5; i++) {
        Diag *d = diag_report(DIAG_E030, span_make(f, 0, 1), "error %d", i);
        if (i < 3)
            assert_non_null(d);
        else
            assert_null(d);
        assert_int_equal(diag_limit_reached(), i >= 2);
    }
    /* Warnings are still counted past the error limit. */
    diag_report(DIAG_W001, span_make(f, 0, 1), "a warning");
    assert_int_equal(diag_errors(), 5);
    assert_int_equal(diag_warnings(), 1);
    char *out = rendered();
    assert_contains(out, "error 2\n");
    assert_not_contains(out, "error 3\n");
    assert_contains(out, "5 errors, 1 warning (2 not shown: the limit is 3 errors)\n");
    mem_free(out);
}

static void no_summary_when_nothing_was_said(void **state)
{
    (void)state;
    assert_rendered("");
    uint32_t f = load_text("w.wozo", "x\n");
    diag_report(DIAG_W002, span_make(f, 0, 1), "this row can never match");
    char *out = rendered();
    assert_contains(out, "w.wozo:1:1: warning[W002]: this row can never match\n");
    assert_contains(out, "0 errors, 1 warning\n");
    mem_free(out);
}

static void dangerous_characters_are_not_echoed(void **state)
{
    (void)state;
    /* A bidi override, an escape sequence and a C1 control in the line. */
    const char text[] = "a \xE2\x80\xAE b \x1B[31m c \xC2\x9B d\n";
    /* source_add() takes text followed by two NUL bytes. */
    char *copy = mem_zalloc(sizeof text + 1);
    memcpy(copy, text, sizeof text);
    uint32_t id = source_add("x.wozo", copy, sizeof text - 1);
    diag_report(DIAG_E007, span_make(id, 2, 3), "bidi");
    char *out = rendered();
    assert_not_contains(out, "\xE2\x80\xAE");
    assert_not_contains(out, "\x1B[31m");
    assert_not_contains(out, "\xC2\x9B");
    assert_contains(out, "1 | a \xEF\xBF\xBD b \xEF\xBF\xBD[31m c \xEF\xBF\xBD d\n");
    assert_contains(out, "  |   ^\n");
    mem_free(out);
}

static void long_lines_are_cut_around_the_caret(void **state)
{
    (void)state;
    Buf text = BUF_INIT;
    for (int i = 0; i < 100; i++)
        buf_puts(&text, "abcdefghij");
    buf_puts(&text, "\n");
    uint32_t f = load_text("long.wozo", buf_str(&text));
    buf_free(&text);
    diag_report(DIAG_E030, span_make(f, 500, 3), "in the middle");
    char *out = rendered();
    /* 40 characters before the caret, 160 shown, "..." on both sides. */
    assert_contains(out, "long.wozo:1:501: error[E030]: in the middle\n");
    assert_contains(out, "1 | ...abcdefghijabcdefghijabcdefghijabcdefghij");
    assert_contains(out, "abcdefghij...\n");
    assert_contains(out, "  |    ");
    char *caret = strstr(out, "^~~");
    char *bar = strstr(out, "  |    ");
    assert_non_null(caret);
    assert_int_equal(caret - (bar + 7), 40);
    /* The shown line is 3 + 160 + 3 characters after the gutter: columns
     * 461 to 620. */
    char *line = strstr(out, "1 | ");
    char *eol = strchr(line, '\n');
    assert_int_equal(eol - (line + 4), 166);
    mem_free(out);
    diag_clear();
    /* At the start of the line there is nothing to cut on the left. */
    diag_report(DIAG_E030, span_make(f, 2, 1), "near the start");
    out = rendered();
    assert_contains(out, "1 | abcdefghij");
    assert_contains(out, "  |   ^\n");
    mem_free(out);
    diag_clear();
    /* At the end, the window ends with the line. */
    diag_report(DIAG_E030, span_make(f, 999, 1), "at the end");
    out = rendered();
    assert_contains(out, "1 | ...");
    assert_contains(out, "ghij\n");
    mem_free(out);
}

static void colour_when_asked(void **state)
{
    (void)state;
    uint32_t f = load_text("c.wozo", "x\n");
    diag_report(DIAG_E030, span_make(f, 0, 1), "unknown name 'x'");
    char *out = diag_render_string(true);
    assert_contains(out, "\033[1mc.wozo:1:1:\033[0m \033[1;31merror[E030]:\033[0m \033[1munknown name 'x'\033[0m\n");
    assert_contains(out, "\033[1;32m^\033[0m\n");
    mem_free(out);
    char *plain = rendered();
    assert_not_contains(plain, "\033");
    mem_free(plain);
}

static void locations_for_data_and_whole_files(void **state)
{
    (void)state;
    char path[] = "/tmp/wozo-diag-XXXXXX";
    temp_file(path, "regions:\n  - name: Noord\n", 25);
    uint32_t f = source_add_lazy(path);
    diag_report_lc(DIAG_E204, f, 2, 11, 5, "expected a number, found text");
    diag_report_path(DIAG_E001, "", "no path at all");
    char *out = rendered();
    unlink(path);
    assert_contains(out, ":2:11: error[E204]: expected a number, found text\n"
                         "2 |   - name: Noord\n"
                         "  |           ^~~~~\n");
    assert_contains(out, "wozorules: error[E001]: no path at all\n");
    mem_free(out);
}

static void error_at_and_codes(void **state)
{
    (void)state;
    uint32_t f = load_text("e.wozo", "abc\n");
    diag_report(DIAG_W001, span_make(f, 1, 1), "a warning");
    assert_false(diag_error_at(f, 1));  /* warnings do not count */
    diag_report(DIAG_E006, span_make(f, 2, 1), "an error");
    assert_true(diag_error_at(f, 2));
    assert_false(diag_error_at(f, 0));
    assert_string_equal(diag_code_name(DIAG_E030), "E030");
    assert_string_equal(diag_code_name(DIAG_W002), "W002");
    assert_string_equal(diag_code_summary(DIAG_E014), "nesting too deep");
    assert_int_equal(diag_code_severity(DIAG_W001), DIAG_WARNING);
    assert_int_equal(diag_code_severity(DIAG_E001), DIAG_ERROR);
}

/* A rollback restores every counter to its value at the checkpoint: also
 * the errors that were only counted, past the limit, and the count of
 * those not shown (the YAML loader drops the type errors of a file that
 * turns out to have a syntax error; the summary must not count them). */
static void rollback_restores_every_counter(void **state)
{
    (void)state;
    uint32_t f = load_text("r.wozo", "x\n");
    diag_set_limit(3);
    diag_report(DIAG_E030, span_make(f, 0, 1), "kept 1");
    diag_report(DIAG_W001, span_make(f, 0, 1), "kept warning");
    size_t cp = diag_checkpoint();
    for (int i = 0; i < 6; i++)
        diag_report(DIAG_E030, span_make(f, 0, 1), "rolled back %d", i);
    diag_report(DIAG_W001, span_make(f, 0, 1), "rolled back warning");
    assert_int_equal(diag_errors(), 7);
    assert_int_equal(diag_warnings(), 2);
    assert_true(diag_limit_reached());
    diag_rollback(cp);
    assert_int_equal(diag_errors(), 1);
    assert_int_equal(diag_warnings(), 1);
    assert_false(diag_limit_reached());
    char *out = rendered();
    assert_contains(out, "kept 1\n");
    assert_not_contains(out, "rolled back");
    assert_contains(out, "1 error, 1 warning\n");
    assert_not_contains(out, "not shown");
    mem_free(out);

    /* The checkpoint stays valid: messages after the rollback count from
     * it, and rolling back again restores it again. */
    for (int i = 0; i < 4; i++)
        diag_report(DIAG_E030, span_make(f, 0, 1), "again %d", i);
    out = rendered();
    assert_contains(out, "5 errors, 1 warning (2 not shown: the limit is 3 errors)\n");
    mem_free(out);
    diag_rollback(cp);
    assert_int_equal(diag_errors(), 1);

    /* Nested checkpoints: rolling back to the outer one undoes the inner
     * one's messages too. */
    size_t inner_before = diag_checkpoint();
    diag_report(DIAG_E030, span_make(f, 0, 1), "outer");
    size_t inner = diag_checkpoint();
    diag_report(DIAG_E030, span_make(f, 0, 1), "inner");
    diag_report(DIAG_E030, span_make(f, 0, 1), "past the limit");
    diag_rollback(inner);
    assert_int_equal(diag_errors(), 2);
    diag_report(DIAG_E030, span_make(f, 0, 1), "inner 2");
    diag_rollback(inner_before);
    assert_int_equal(diag_errors(), 1);
    assert_int_equal(diag_warnings(), 1);
    out = rendered();
    assert_contains(out, "1 error, 1 warning\n");
    mem_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(caret_under_the_span),
        TEST(tabs_before_the_caret_are_repeated),
        TEST(multibyte_characters_count_once),
        TEST(crlf_lines),
        TEST(notes_marks_and_gutter_width),
        TEST(messages_are_sorted),
        TEST(repeats_are_dropped_but_not_different_messages),
        TEST(error_limit),
        TEST(no_summary_when_nothing_was_said),
        TEST(dangerous_characters_are_not_echoed),
        TEST(long_lines_are_cut_around_the_caret),
        TEST(colour_when_asked),
        TEST(locations_for_data_and_whole_files),
        TEST(error_at_and_codes),
        TEST(rollback_restores_every_counter),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    intern_free_all();
    return rc;
}
