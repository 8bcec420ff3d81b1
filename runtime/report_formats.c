/*
 * report_formats.c - the table of report formats `check --format` accepts.
 *
 * One flat table (the habit of jq's function_list): cmd_check.c looks a name
 * up here and calls the writer; --help prints the names and summaries.
 */
#include "report.h"

#include <string.h>

const ReportFormat report_formats[] = {
    {"text", report_text, "findings for people on a terminal (the default)", false},
    {"json", report_json, "one JSON document, the model every format agrees with", false},
    {"html", report_html, "a self-contained page: summary, heat maps, verdict tables, findings", true},
    {"markdown", report_markdown, "GitHub-flavoured Markdown for a pull-request comment or a wiki", false},
    {"sarif", report_sarif, "SARIF 2.1.0 for code-scanning views", false},
    {"junit", report_junit, "JUnit XML: one test case per criterion and subject", false},
    {"github", report_github, "GitHub Actions annotations for findings at or above --fail-on", false},
    {"csv", report_csv, "the coverage matrices as CSV, one row per cell", true},
    {"csv-findings", report_csv_findings, "the findings as CSV, one row per finding", false},
};

const size_t report_nformats = sizeof report_formats / sizeof report_formats[0];

const ReportFormat *report_format_find(const char *name)
{
    for (size_t i = 0; i < report_nformats; i++)
        if (strcmp(report_formats[i].name, name) == 0)
            return &report_formats[i];
    return NULL;
}
