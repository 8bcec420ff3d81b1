/*
 * floor.c - the benchmark's floor: scan a YAML file with libyaml's event API
 * and count the events, nothing else.
 *
 *   floor FILE      prints "<events> events" and exits 0; 1 on a YAML error,
 *                   2 on a usage or I/O error
 *
 * wozorules reads its datasets through the same API (yaml_parser_parse on a
 * FILE*, runtime/data.c), so no program that reads the file with libyaml can
 * be faster than this: every other program in bench/ is reported as a ratio
 * to its time. Built with the release flags (-O2) by bench/run.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "floor: out of memory\n");
        return 2;
    }
    yaml_parser_set_input_file(&parser, f);
    unsigned long long events = 0;
    int done = 0, status = 0;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            fprintf(stderr, "%s:%lu:%lu: %s\n", argv[1], (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "YAML error");
            status = 1;
            break;
        }
        events++;
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (status == 0)
        printf("%llu events\n", events);
    return status;
}
