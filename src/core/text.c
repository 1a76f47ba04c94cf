/* UTF-8, display width, the one sanitizer, and a growable buffer.
 *
 * Text typed by one operator is shown on another's terminal, printed and
 * exported, so every output path goes through text_next(): it turns the input
 * into a "rendition" where each dangerous code point or invalid byte is a
 * visible ASCII placeholder.  Width, fitting and sanitizing all walk that same
 * rendition, so what is measured is exactly what is drawn. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "soudan/text.h"

/* Allocation */

static void x_oom(size_t n)
{
	fprintf(stderr, "soudan: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		x_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		x_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		x_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		x_oom(n + 1);
	return p;
}

/* UTF-8 */

static bool utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Length of the sequence introduced by lead byte c and the allowed range of
 * its second byte (this is what rules out overlongs, surrogates and values
 * above U+10FFFF, as in RFC 3629's table). 0 when c cannot start one. */
static size_t utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return 2;
	if (c == 0xE0)
		*lo = 0xA0;
	else if (c == 0xED)
		*hi = 0x9F;
	if (c < 0xF0)
		return 3;
	if (c == 0xF0)
		*lo = 0x90;
	else if (c == 0xF4)
		*hi = 0x8F;
	return c <= 0xF4 ? 4 : 0;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo, hi;
	size_t len, i;
	uint32_t v;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	*cp = u[0];
	len = utf8_lead(u[0], &lo, &hi);
	if (len == 0 || len > n)
		return 0;
	if (len == 1)
		return 1;
	if (u[1] < lo || u[1] > hi)
		return 0;
	v = u[0] & (0xFF >> (len + 1));
	for (i = 1; i < len; i++) {
		if (!utf8_is_cont(u[i]))
			return 0;
		v = (v << 6) | (u[i] & 0x3F);
	}
	*cp = v;
	return len;
}

bool utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Classification */

/* Bidi controls reorder the text around them (Trojan Source, CVE-2021-42574). */
static bool text_is_bidi(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Invisible characters that hide or split text an operator is reading. */
static bool text_is_zero_width(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) ||
	       cp == 0xFEFF;
}

bool text_is_dangerous(uint32_t cp, unsigned flags)
{
	if (cp == '\n')
		return !(flags & TEXT_KEEP_NEWLINE);
	if (cp == '\t')
		return !(flags & TEXT_KEEP_TAB);
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return true;
	return text_is_bidi(cp) || text_is_zero_width(cp);
}

/* The rendition walker */

struct unit {
	uint32_t cp;  /* the code point, when ph is "" */
	size_t len;   /* input bytes consumed */
	char ph[16];  /* ASCII placeholder, or "" when cp is safe to show */
};

static void text_placeholder(uint32_t cp, char ph[16])
{
	if (cp < 0x20)
		snprintf(ph, 16, "^%c", (char)(cp + 0x40));
	else if (cp == 0x7F)
		snprintf(ph, 16, "^?");
	else
		snprintf(ph, 16, "<U+%04X>", (unsigned)cp);
}

static int text_cp_width(uint32_t cp);

/* Combining marks (width 0) belong to the character before them. With none
 * (at the start, after a placeholder or a kept newline) a mark would draw on
 * whatever was printed before the text, and a long run of them stacks over
 * the lines around it: both become placeholders. *marks counts the marks on
 * the current base character, -1 when there is none. */
#define TEXT_MARKS_MAX 4

static void text_next(const char *s, size_t n, unsigned flags, int *marks, struct unit *u)
{
	u->ph[0] = '\0';
	u->len = utf8_decode(s, n, &u->cp);
	if (u->len == 0) {
		/* One placeholder per bad byte; resync on the next one. */
		u->len = 1;
		snprintf(u->ph, sizeof u->ph, "<%02X>", (unsigned)(unsigned char)s[0]);
	} else if (text_is_dangerous(u->cp, flags)) {
		text_placeholder(u->cp, u->ph);
	} else if (u->cp >= 0x80 && text_cp_width(u->cp) == 0) {
		if (*marks >= 0 && *marks < TEXT_MARKS_MAX) {
			(*marks)++;
			return;
		}
		text_placeholder(u->cp, u->ph);
	} else if (u->cp != '\n' && u->cp != '\t') {
		*marks = 0;
		return;
	}
	*marks = -1;
}

/* Buffers */

void buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

void buf_free(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* Room for extra more bytes and the NUL; doubling keeps appends amortized O(1). */
static void buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - b->len - 1)
		x_oom(SIZE_MAX);
	need = b->len + extra + 1;
	if (need > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	/* A fresh buffer is already a valid (empty) string. */
	b->s[b->len] = '\0';
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	/* Most output fits the stack buffer: format once. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	buf_init(b);
	return s;
}

/* Sanitizing */

void text_sanitize_to(struct buf *b, const char *s, size_t n, unsigned flags)
{
	struct unit u;
	size_t i = 0;
	int marks = -1;

	buf_grow(b, n);
	while (i < n) {
		text_next(s + i, n - i, flags, &marks, &u);
		if (u.ph[0])
			buf_puts(b, u.ph);
		else
			buf_add(b, s + i, u.len);
		i += u.len;
	}
}

char *text_sanitize(const char *s, unsigned flags)
{
	struct buf b;

	buf_init(&b);
	if (s)
		text_sanitize_to(&b, s, strlen(s), flags);
	return buf_take(&b);
}

/* Width */

/* East Asian Wide and Fullwidth blocks, for when wcwidth cannot tell. */
static bool text_cp_is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* wcwidth answers -1 for all non-ASCII in a non-UTF-8 locale (and for a few
 * unassigned code points); guess rather than lose the column count. */
static int text_cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	if (w >= 0)
		return w;
	return text_cp_is_wide(cp) ? 2 : 1;
}

static int text_unit_width(const struct unit *u)
{
	return u->ph[0] ? (int)strlen(u->ph) : text_cp_width(u->cp);
}

int text_width(const char *s)
{
	size_t i = 0, n = s ? strlen(s) : 0;
	struct unit u;
	long w = 0;
	int marks = -1;

	while (i < n && w < INT_MAX) {
		text_next(s + i, n - i, 0, &marks, &u);
		w += text_unit_width(&u);
		i += u.len;
	}
	return w < INT_MAX ? (int)w : INT_MAX;
}

static void buf_spaces(struct buf *b, int n)
{
	while (n-- > 0)
		buf_putc(b, ' ');
}

int text_fit_to(struct buf *b, const char *s, int cols, bool pad)
{
	size_t i = 0, n = s ? strlen(s) : 0;
	struct unit u;
	int used = 0, w, marks = -1;

	if (cols < 0)
		cols = 0;
	buf_grow(b, 0);
	while (i < n) {
		text_next(s + i, n - i, 0, &marks, &u);
		w = text_unit_width(&u);
		if (used + w > cols) {
			/* A placeholder is ASCII: show what fits of it.  A wide
			 * character is never split: a space fills its half. */
			if (u.ph[0])
				buf_add(b, u.ph, (size_t)(cols - used));
			else
				buf_spaces(b, cols - used);
			return cols;
		}
		if (u.ph[0])
			buf_puts(b, u.ph);
		else
			buf_add(b, s + i, u.len);
		used += w;
		i += u.len;
	}
	if (pad) {
		buf_spaces(b, cols - used);
		used = cols;
	}
	return used;
}

size_t text_fit_len(const char *s, int cols)
{
	size_t i = 0, n = s ? strlen(s) : 0;
	struct unit u;
	int used = 0, w, marks = -1;

	while (i < n) {
		text_next(s + i, n - i, 0, &marks, &u);
		w = text_unit_width(&u);
		if (used + w > cols && i > 0)
			break;
		used += w;
		i += u.len;
		if (used >= cols)
			break;
	}
	/* combining marks go with the character before them */
	while (i < n) {
		text_next(s + i, n - i, 0, &marks, &u);
		if (u.ph[0] || text_unit_width(&u) != 0)
			break;
		i += u.len;
	}
	return cols > 0 ? i : 0;
}

/* JSON */

/* Besides what RFC 8259 requires, escape what would act on a terminal when
 * the export is viewed with cat, and U+2028/2029 which break JavaScript. */
static bool json_needs_escape(uint32_t cp)
{
	return cp == 0x2028 || cp == 0x2029 || text_is_dangerous(cp, 0);
}

void buf_json_string(struct buf *b, const char *s)
{
	size_t i = 0, n, len;
	uint32_t cp;

	if (!s) {
		buf_puts(b, "null");
		return;
	}
	n = strlen(s);
	buf_grow(b, n + 2);
	buf_putc(b, '"');
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			/* The store refuses invalid UTF-8; this is only defence. */
			buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			buf_printf(b, "\\%c", (char)cp);
		else if (json_needs_escape(cp))
			buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			buf_add(b, s + i, len);
		i += len;
	}
	buf_putc(b, '"');
}

/* CSV */

/* "-5", "+3.25", ".5": a spreadsheet reads these as numbers, not formulas. */
static bool csv_is_number(const char *s)
{
	size_t digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	return digits > 0 && *s == '\0';
}

/* A cell starting with = + - @ is run as a formula by spreadsheets
 * (CSV injection); a leading ' makes it text. */
static bool csv_is_formula(const char *s)
{
	return s[0] && strchr("=+-@", s[0]) && !csv_is_number(s);
}

static bool csv_needs_quotes(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

void buf_csv_field(struct buf *b, const char *s)
{
	struct buf t;
	const char *p;

	buf_init(&t);
	if (s && csv_is_formula(s))
		buf_putc(&t, '\'');
	if (s)
		text_sanitize_to(&t, s, strlen(s), TEXT_KEEP_NEWLINE);
	buf_grow(&t, 0);
	if (!csv_needs_quotes(t.s, t.len)) {
		buf_add(b, t.s, t.len);
		buf_free(&t);
		return;
	}
	buf_putc(b, '"');
	for (p = t.s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
	buf_free(&t);
}
