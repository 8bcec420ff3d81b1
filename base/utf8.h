/*
 * utf8.h - the little UTF-8 the program needs: validation, decoding, and
 * counting characters for column numbers.
 */
#ifndef WOZO_UTF8_H
#define WOZO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n). Returns its length in bytes (1-4), or 0
 * when the bytes are not well-formed UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF are rejected). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Returns true when s[0..n) is well-formed UTF-8; otherwise stores the offset
 * of the first bad byte in *bad. */
bool utf8_valid(const char *s, size_t n, size_t *bad);

/* The length of the longest prefix of s[0..n) that is printable ASCII
 * (0x20..0x7E): scanners skip such runs eight bytes at a time. */
size_t utf8_plain_prefix(const char *s, size_t n);

/* Number of code points in s[0..n); a malformed byte counts as one. */
size_t utf8_count(const char *s, size_t n);

/* Unicode bidirectional embedding, override and isolate controls
 * (U+202A..U+202E, U+2066..U+2069): refused in rule text ("Trojan Source"). */
bool utf8_is_bidi_control(uint32_t cp);

/* Appends the UTF-8 encoding of cp to out (at least 4 bytes); returns length. */
size_t utf8_encode(uint32_t cp, char *out);

#endif
