/* UTF-8, display width, the one sanitizer for every output path, and a growable buffer. */
#ifndef SOUDAN_TEXT_H
#define SOUDAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF).
 * On failure *bad (if not NULL) is the byte offset of the first bad sequence. */
bool utf8_valid(const char *s, size_t n, size_t *bad);
/* Decode one code point at s (n bytes available). Returns its length, or 0 when
 * the bytes there are not valid UTF-8 (then *cp is the single byte). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* Code points that must never reach a terminal raw: C0 (except those allowed
 * by flags), DEL, C1, bidi controls, zero-width format characters. */
bool text_is_dangerous(uint32_t cp, unsigned flags);

enum text_flags {
	TEXT_KEEP_NEWLINE = 1 << 0, /* keep \n as is */
	TEXT_KEEP_TAB = 1 << 1,     /* keep \t as is */
};

/* A growable NUL-terminated byte buffer. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Detach the string (caller frees); b is left empty. */
char *buf_take(struct buf *b);

/* Append s to b with every dangerous character replaced by a visible ASCII
 * placeholder: caret notation for C0 and DEL (^[ ^M ^?), <U+XXXX> for C1, bidi
 * and zero-width controls, <XX> for each byte of invalid UTF-8. */
void text_sanitize_to(struct buf *b, const char *s, size_t n, unsigned flags);
/* Same, returning a new string (never NULL; aborts on out of memory). */
char *text_sanitize(const char *s, unsigned flags);

/* Display columns of s as it would appear after text_sanitize (kanji 2,
 * combining 0). */
int text_width(const char *s);
/* Append s sanitized and cut so that it takes at most cols columns, never
 * splitting a wide character; pads with spaces to exactly cols when pad.
 * Returns the columns used. */
int text_fit_to(struct buf *b, const char *s, int cols, bool pad);

/* The bytes of the longest start of s that takes at most cols columns as
 * text_fit_to shows it, never splitting a character (at least one
 * character when s is not empty and cols > 0, so that wrapping moves on). */
size_t text_fit_len(const char *s, int cols);

/* Append s as a JSON string (quotes included, RFC 8259 escapes; control
 * characters as \uXXXX, so nothing raw reaches a terminal). */
void buf_json_string(struct buf *b, const char *s);
/* Append s as one RFC 4180 CSV field, sanitized (newlines kept inside quotes). */
void buf_csv_field(struct buf *b, const char *s);

/* xmalloc-style helpers: abort with a message on out of memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
