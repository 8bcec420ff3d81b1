/*
 * date.h - proleptic Gregorian calendar dates as days since 1970-01-01.
 * No time zones and no clock: a date is a calendar day.
 */
#ifndef WOZO_DATE_H
#define WOZO_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Days since 1970-01-01 for a valid y-m-d (1 <= y <= 9999); false if the
 * date does not exist (2024-02-30). */
bool date_from_ymd(int y, int m, int d, int32_t *days);
void date_to_ymd(int32_t days, int *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD" from s[0..n). */
bool date_parse(const char *s, size_t n, int32_t *days);
/* Appends YYYY-MM-DD. */
void date_format(Buf *b, int32_t days);

#endif
