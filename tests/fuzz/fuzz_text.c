/* Fuzz the UTF-8 validator and the one sanitizer every output path uses:
 * utf8_valid/utf8_decode/utf8_encode, text_sanitize(_to), text_width,
 * text_fit_to, buf_json_string and buf_csv_field. The first byte picks the
 * sanitizer flags and the column budget; the rest is the text. */
#include "fuzz_common.h"

static void fuzz_text_utf8(const char *s, size_t n)
{
	size_t bad = (size_t)-1, i = 0, len;
	bool valid = utf8_valid(s, n, &bad);
	uint32_t cp;
	char enc[4];

	FUZZ_ASSERT(valid == fuzz_utf8_ok(s, n));
	if (!valid)
		FUZZ_ASSERT(bad < n && !fuzz_utf8_ok(s + bad, n - bad) && fuzz_utf8_ok(s, bad));
	/* Every valid sequence decodes to what utf8_encode writes back. */
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			FUZZ_ASSERT(!valid);
			i++;
			continue;
		}
		FUZZ_ASSERT(len == utf8_encode(cp, enc) && memcmp(enc, s + i, len) == 0);
		i += len;
	}
}

static void fuzz_text_sanitize(const char *z, unsigned flags)
{
	bool nl = flags & TEXT_KEEP_NEWLINE, tab = flags & TEXT_KEEP_TAB;
	char *t = text_sanitize(z, flags), *again;

	FUZZ_ASSERT(fuzz_terminal_safe(t, strlen(t), nl, tab));
	FUZZ_ASSERT(fuzz_marks_ok(t, strlen(t)));
	/* Safe text passes through unchanged, so sanitizing is idempotent. */
	again = text_sanitize(t, flags);
	FUZZ_ASSERT(strcmp(again, t) == 0);
	if (fuzz_terminal_safe(z, strlen(z), nl, tab) && fuzz_marks_ok(z, strlen(z)))
		FUZZ_ASSERT(strcmp(t, z) == 0);
	free(again);
	free(t);
	/* The width is measured on what is drawn. */
	t = text_sanitize(z, 0);
	FUZZ_ASSERT(text_width(z) == text_width(t));
	free(t);
}

static void fuzz_text_fit(const char *z, int cols)
{
	struct buf b;
	int used;

	for (int pad = 0; pad < 2; pad++) {
		buf_init(&b);
		buf_puts(&b, "|");
		used = text_fit_to(&b, z, cols, pad);
		FUZZ_ASSERT(used >= 0 && used <= cols);
		FUZZ_ASSERT(!pad || used == cols);
		FUZZ_ASSERT(text_width(b.s + 1) == used);
		FUZZ_ASSERT(fuzz_terminal_safe(b.s, b.len, false, false));
		FUZZ_ASSERT(fuzz_marks_ok(b.s + 1, b.len - 1));
		if (text_width(z) <= cols && !pad) {
			char *t = text_sanitize(z, 0);

			FUZZ_ASSERT(strcmp(b.s + 1, t) == 0); /* nothing cut */
			free(t);
		}
		buf_free(&b);
	}
}

static void fuzz_text_json_csv(const char *z)
{
	struct buf b;
	size_t n = strlen(z);

	buf_init(&b);
	buf_json_string(&b, z);
	FUZZ_ASSERT(b.len >= 2 && b.s[0] == '"' && b.s[b.len - 1] == '"');
	FUZZ_ASSERT(fuzz_terminal_safe(b.s, b.len, false, false));
	if (fuzz_utf8_ok(z, n))
		FUZZ_ASSERT(b.len >= n + 2);
	buf_free(&b);
	buf_init(&b);
	buf_csv_field(&b, z);
	FUZZ_ASSERT(fuzz_terminal_safe(b.s ? b.s : "", b.len, true, false));
	/* A field that starts like a formula is guarded (CSV injection). */
	if (b.len > 1)
		FUZZ_ASSERT(!strchr("=@", b.s[b.s[0] == '"' ? 1 : 0]));
	buf_free(&b);
}

static int fuzz_text(const uint8_t *data, size_t size)
{
	unsigned flags;
	int cols;
	const char *s;
	char *z;
	size_t n;

	fuzz_locale();
	if (size < 1)
		return 0;
	flags = data[0] & (TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
	cols = data[0] >> 2;
	s = (const char *)data + 1;
	n = size - 1;
	fuzz_text_utf8(s, n);
	z = xstrndup(s, n); /* the C-string functions see up to the first NUL */
	fuzz_text_sanitize(z, flags);
	fuzz_text_fit(z, cols);
	fuzz_text_json_csv(z);
	free(z);
	return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_text(data, size);
}
#endif
