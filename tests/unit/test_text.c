/* UTF-8 validation, the sanitizer, widths, JSON and CSV output. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "soudan/text.h"

/* Every code point the sanitizer must replace (flags 0). */
static const uint32_t dangerous[] = {
	0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9D, 0x9F,
	0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
	0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069,
	0xFEFF,
};

/* Sanitize s (n bytes) with flags and compare with want. */
static void check_sanitize(const char *s, size_t n, unsigned flags, const char *want)
{
	struct buf b;

	buf_init(&b);
	text_sanitize_to(&b, s, n, flags);
	assert_non_null(b.s);
	assert_string_equal(b.s, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

#define SAN(lit, flags, want) check_sanitize(lit, sizeof(lit) - 1, flags, want)

/* No byte of s decodes to a dangerous code point and s is valid UTF-8. */
static void assert_terminal_safe(const char *s, unsigned flags)
{
	size_t i = 0, n = strlen(s), len;
	uint32_t cp;

	assert_true(utf8_valid(s, n, NULL));
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		assert_int_not_equal(len, 0);
		assert_false(text_is_dangerous(cp, flags));
		i += len;
	}
}

/* UTF-8 */

static void test_utf8_valid_accepts(void **state)
{
	static const char *ok[] = {
		"", "plain ascii", "相談窓口", "ｱｲｳ", "\xF0\x9F\x98\x80",
		"\xF4\x8F\xBF\xBF" /* U+10FFFF */, "\xED\x9F\xBF" /* U+D7FF */,
		"\xEE\x80\x80" /* U+E000 */, "\xC2\x80", "\xEF\xBF\xBD",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(utf8_valid(ok[i], strlen(ok[i]), NULL));
	assert_true(utf8_valid("a\0b", 3, NULL)); /* NUL is valid UTF-8 */
}

static void test_utf8_valid_rejects(void **state)
{
	static const struct {
		const char *s;
		size_t bad;
	} cases[] = {
		{ "\xC0\xAF", 0 },             /* overlong '/' */
		{ "\xC1\xBF", 0 },             /* overlong */
		{ "ab\xC0\x9B", 2 },           /* overlong ESC */
		{ "\xE0\x80\xAF", 0 },         /* 3-byte overlong */
		{ "\xE0\x9F\xBF", 0 },         /* 3-byte overlong, top */
		{ "\xF0\x80\x80\xAF", 0 },     /* 4-byte overlong */
		{ "\xF0\x8F\xBF\xBF", 0 },     /* 4-byte overlong, top */
		{ "\xED\xA0\x80", 0 },         /* surrogate D800 */
		{ "x\xED\xBF\xBF", 1 },        /* surrogate DFFF */
		{ "\xF4\x90\x80\x80", 0 },     /* U+110000 */
		{ "\xF5\x80\x80\x80", 0 },     /* lead byte past F4 */
		{ "\xF8\x88\x80\x80\x80", 0 }, /* old 5-byte form */
		{ "\xFE", 0 },
		{ "\xFF", 0 },
		{ "\x80", 0 },                 /* lone continuation */
		{ "漢\xBF", 3 },               /* stray continuation */
		{ "\xE6\xBC", 0 },             /* truncated at end */
		{ "ab\xE6\xBC" "c", 2 },       /* truncated before ASCII */
		{ "\xF0\x9F\x98", 0 },         /* truncated 4-byte */
		{ "\xC3", 0 },                 /* truncated 2-byte */
		{ "ok\xC3(", 2 },              /* bad continuation */
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bad = 999;
		assert_false(utf8_valid(cases[i].s, strlen(cases[i].s), &bad));
		assert_int_equal(bad, cases[i].bad);
	}
	/* The length limits what is read: a sequence cut by n is truncated. */
	assert_false(utf8_valid("漢", 2, NULL));
}

static void test_utf8_decode_encode(void **state)
{
	static const uint32_t cps[] = { 0, 'A', 0x7F, 0x80, 0x7FF, 0x800, 0x6F22,
					0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF };
	char out[4];
	uint32_t cp;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		len = utf8_encode(cps[i], out);
		assert_true(len >= 1 && len <= 4);
		assert_int_equal(utf8_decode(out, len, &cp), len);
		assert_int_equal(cp, cps[i]);
	}
	/* Invalid: length 0 and the single byte. */
	assert_int_equal(utf8_decode("\xFF" "a", 2, &cp), 0);
	assert_int_equal(cp, 0xFF);
	assert_int_equal(utf8_decode("\xC0\x9B", 2, &cp), 0);
	assert_int_equal(cp, 0xC0);
	/* Surrogates and out-of-range values are not encoded raw. */
	len = utf8_encode(0xD800, out);
	assert_int_equal(utf8_decode(out, len, &cp), len);
	assert_int_equal(cp, 0xFFFD);
	len = utf8_encode(0x110000, out);
	assert_int_equal(utf8_decode(out, len, &cp), len);
	assert_int_equal(cp, 0xFFFD);
}

/* Classification */

static void test_dangerous_set(void **state)
{
	static const uint32_t safe[] = { ' ', 'a', '~', 0xA0, 0xAD, 0x3042, 0x6F22, 0xFF71,
					 0x2028, 0x2029, 0x2065, 0x2070, 0x202F, 0x2010,
					 0x200A, 0xFEFE, 0xFFFD, 0x1F600 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof dangerous / sizeof dangerous[0]; i++)
		assert_true(text_is_dangerous(dangerous[i], 0));
	for (uint32_t c = 0; c < 0x20; c++)
		assert_true(text_is_dangerous(c, 0));
	for (uint32_t c = 0x80; c <= 0x9F; c++)
		assert_true(text_is_dangerous(c, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB));
	for (i = 0; i < sizeof safe / sizeof safe[0]; i++)
		assert_false(text_is_dangerous(safe[i], 0));
	assert_false(text_is_dangerous('\n', TEXT_KEEP_NEWLINE));
	assert_true(text_is_dangerous('\t', TEXT_KEEP_NEWLINE));
	assert_false(text_is_dangerous('\t', TEXT_KEEP_TAB));
	assert_true(text_is_dangerous('\n', TEXT_KEEP_TAB));
	assert_true(text_is_dangerous('\r', TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB));
	assert_true(text_is_dangerous(0x1B, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB));
}

/* Sanitizer */

static void test_sanitize_escape_sequences(void **state)
{
	(void)state;
	SAN("\x1b[2J", 0, "^[[2J");
	SAN("\x1b]0;pwned\x07", 0, "^[]0;pwned^G");
	SAN("\x1b]0;pwned\x1b\\", 0, "^[]0;pwned^[\\");
	SAN("\xC2\x9B" "2J", 0, "<U+009B>2J"); /* C1 CSI */
	SAN("\xC2\x9D" "0;x", 0, "<U+009D>0;x"); /* C1 OSC */
	SAN("\xC2\x85", 0, "<U+0085>");
	/* An overlong ESC must not decode to ESC. */
	SAN("\xC0\x9B[2J", 0, "<C0><9B>[2J");
}

static void test_sanitize_overwrite(void **state)
{
	(void)state;
	SAN("total 100\r999", 0, "total 100^M999");
	SAN("yes\b\b\bno", 0, "yes^H^H^Hno");
	SAN("a\x7f" "b", 0, "a^?b");
	SAN("nul\0here", 0, "nul^@here");
	SAN("\x1f", 0, "^_");
}

static void test_sanitize_newline_tab(void **state)
{
	(void)state;
	SAN("a\nb\tc", 0, "a^Jb^Ic");
	SAN("a\nb\tc", TEXT_KEEP_NEWLINE, "a\nb^Ic");
	SAN("a\nb\tc", TEXT_KEEP_TAB, "a^Jb\tc");
	SAN("a\nb\tc", TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB, "a\nb\tc");
	SAN("a\r\nb", TEXT_KEEP_NEWLINE, "a^M\nb");
}

static void test_sanitize_bidi_zero_width(void **state)
{
	(void)state;
	SAN("abc\xE2\x80\xAE" "fdp.exe", 0, "abc<U+202E>fdp.exe");
	SAN("\xE2\x81\xA6x\xE2\x81\xA9", 0, "<U+2066>x<U+2069>");
	SAN("\xD8\x9C", 0, "<U+061C>");
	SAN("\xE2\x80\x8E\xE2\x80\x8F", 0, "<U+200E><U+200F>");
	SAN("pass\xE2\x80\x8Bword", 0, "pass<U+200B>word");
	SAN("\xE2\x80\x8D", 0, "<U+200D>");
	SAN("\xE2\x81\xA0", 0, "<U+2060>");
	SAN("\xEF\xBB\xBFtext", 0, "<U+FEFF>text");
}

static void test_sanitize_invalid_bytes(void **state)
{
	(void)state;
	SAN("a\xFF" "b", 0, "a<FF>b");
	SAN("\xE6\xBC", 0, "<E6><BC>");
	SAN("\xE6\xBC" "a", 0, "<E6><BC>a");
	SAN("\xED\xA0\x80", 0, "<ED><A0><80>");
	SAN("\xF4\x90\x80\x80", 0, "<F4><90><80><80>");
	SAN("\x80\x80漢", 0, "<80><80>漢");
}

static void test_sanitize_keeps_text(void **state)
{
	char *s;

	(void)state;
	SAN("相談 記録: 10:05 ☆ ① ｱ", 0, "相談 記録: 10:05 ☆ ① ｱ");
	SAN("e\xCC\x81", 0, "e\xCC\x81"); /* combining acute stays */
	SAN("\xC2\xA0", 0, "\xC2\xA0");   /* NBSP is printable */
	s = text_sanitize("x\x1b[31my", 0);
	assert_string_equal(s, "x^[[31my");
	free(s);
	s = text_sanitize(NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

/* Random bytes, mostly UTF-8-ish: the output is always safe UTF-8. */
static void test_sanitize_fuzz(void **state)
{
	static const unsigned char pool[] = { 0x00, 0x07, 0x0A, 0x0D, 0x1B, 0x41, 0x7F, 0x80,
					      0x9B, 0xBF, 0xC0, 0xC2, 0xE0, 0xE2, 0xED, 0xEF,
					      0xF0, 0xF4, 0xF5, 0xFF, 0x80, 0xA0, 0x81, 0x8F };
	unsigned char in[64];
	uint32_t seed = 12345;
	struct buf b;
	int round;
	size_t i;

	(void)state;
	buf_init(&b);
	for (round = 0; round < 20000; round++) {
		for (i = 0; i < sizeof in; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = pool[(seed >> 16) % sizeof pool];
		}
		buf_reset(&b);
		text_sanitize_to(&b, (const char *)in, sizeof in, round & 1 ? TEXT_KEEP_NEWLINE : 0);
		assert_int_equal(strlen(b.s), b.len);
		assert_terminal_safe(b.s, round & 1 ? TEXT_KEEP_NEWLINE : 0);
	}
	buf_free(&b);
}

/* Width and fitting */

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("漢字"), 4);
	assert_int_equal(text_width("あいう abc"), 10);
	assert_int_equal(text_width("ｱｲｳ"), 3);          /* half-width kana */
	assert_int_equal(text_width("Ａ"), 2);            /* full-width latin */
	assert_int_equal(text_width("e\xCC\x81"), 1);     /* combining */
	assert_int_equal(text_width("\x1b[2J"), 5);       /* ^[[2J */
	assert_int_equal(text_width("\xE2\x80\xAE"), 8);  /* <U+202E> */
	assert_int_equal(text_width("\xFF"), 4);          /* <FF> */
	assert_int_equal(text_width("a\nb"), 4);          /* a^Jb */
	assert_int_equal(text_width("\xF0\xA0\x80\x8B"), 2); /* U+2000B */
}

static void test_width_c_locale(void **state)
{
	(void)state;
	/* wcwidth is -1 for everything non-ASCII here; widths must hold. */
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_int_equal(text_width("漢字"), 4);
	assert_int_equal(text_width("한"), 2);
	assert_int_equal(text_width("ＡＢ"), 4);
	assert_int_equal(text_width("ｱ"), 1);
	assert_int_equal(text_width("é"), 1);
	assert_int_equal(text_width("\xF0\xA0\x80\x8B"), 2);
	assert_int_equal(text_width("a\x1b"), 3);
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
}

static void check_fit(const char *s, int cols, bool pad, const char *want, int ret)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "|");
	assert_int_equal(text_fit_to(&b, s, cols, pad), ret);
	assert_string_equal(b.s + 1, want);
	assert_int_equal(text_width(b.s + 1), ret);
	assert_terminal_safe(b.s, 0);
	buf_free(&b);
}

static void test_fit_wide(void **state)
{
	(void)state;
	check_fit("漢字漢字", 3, true, "漢 ", 3);
	check_fit("漢字漢字", 3, false, "漢 ", 3); /* the cut half is still filled */
	check_fit("漢字漢字", 4, true, "漢字", 4);
	check_fit("漢字漢字", 1, true, " ", 1);
	check_fit("漢字漢字", 8, true, "漢字漢字", 8);
	check_fit("漢字漢字", 10, true, "漢字漢字  ", 10);
	check_fit("漢字漢字", 10, false, "漢字漢字", 8);
	check_fit("a漢字", 2, true, "a ", 2);
	check_fit("ab", 0, true, "", 0);
	check_fit("ab", -3, true, "", 0);
	check_fit("", 3, true, "   ", 3);
	check_fit(NULL, 2, true, "  ", 2);
	check_fit("e\xCC\x81x", 1, false, "e\xCC\x81", 1); /* mark stays with its base */
}

/* Wrapping: the bytes of the longest start that fits, never half a kanji or
 * a base without its combining mark, and always one character at least. */
static void test_fit_len(void **state)
{
	(void)state;
	assert_int_equal(text_fit_len("abcdef", 4), 4);
	assert_int_equal(text_fit_len("abc", 10), 3);
	assert_int_equal(text_fit_len("", 10), 0);
	assert_int_equal(text_fit_len("abc", 0), 0);
	assert_int_equal(text_fit_len("日本語", 4), 6);   /* two kanji, 4 columns */
	assert_int_equal(text_fit_len("日本語", 5), 6);   /* never half of the third */
	assert_int_equal(text_fit_len("日本語", 1), 3);   /* one at least */
	assert_int_equal(text_fit_len("e\xcc\x81x", 1), 3); /* e + U+0301 together */
	assert_int_equal(text_fit_len("ab^[cd", 3), 3);  /* a sanitized placeholder is text */
}

static void test_fit_dangerous(void **state)
{
	(void)state;
	check_fit("a\x1b[2J", 3, true, "a^[", 3);
	check_fit("a\x1b[2J", 2, true, "a^", 2); /* part of a placeholder, never ESC */
	check_fit("\xE2\x80\xAEtxt", 20, false, "<U+202E>txt", 11);
	check_fit("\xE2\x80\xAEtxt", 4, false, "<U+2", 4);
	check_fit("ab\xFF", 4, true, "ab<F", 4);
	check_fit("x\ny", 5, true, "x^Jy ", 5);
}

/* Buffers */

static void test_buf(void **state)
{
	struct buf b;
	char *s;
	int i;

	(void)state;
	buf_init(&b);
	s = buf_take(&b);
	assert_string_equal(s, "");
	free(s);
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(strlen(b.s), 10000);
	assert_memory_equal(b.s + 9990, "5,6,7,8,9,", 10);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_add(&b, "d\0e", 3);
	assert_int_equal(b.len, 6);
	buf_printf(&b, "%s-%05d", "x", 42);
	assert_memory_equal(b.s, "abcd\0ex-00042", 14);
	s = buf_take(&b);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	buf_add(&b, NULL, 0);
	assert_string_equal(b.s, "");
	buf_free(&b);
}

static void test_xalloc(void **state)
{
	char *s;
	int *v;

	(void)state;
	s = xstrdup("相談");
	assert_string_equal(s, "相談");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	v = xcalloc(4, sizeof *v);
	assert_int_equal(v[3], 0);
	v = xrealloc(v, 100 * sizeof *v);
	v[99] = 7;
	free(v);
	free(xmalloc(0));
}

/* JSON */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A minimal JSON string decoder (what a consumer would do), for round trips. */
static char *json_decode(const char *j)
{
	struct buf b;
	char u8[4];
	uint32_t cp;
	int k, h;

	buf_init(&b);
	assert_int_equal(*j++, '"');
	while (*j != '"') {
		assert_true((unsigned char)*j >= 0x20); /* nothing raw below space */
		if (*j != '\\') {
			buf_putc(&b, *j++);
			continue;
		}
		j++;
		if (*j == '"' || *j == '\\' || *j == '/') {
			buf_putc(&b, *j++);
			continue;
		}
		assert_int_equal(*j++, 'u');
		for (cp = 0, k = 0; k < 4; k++) {
			h = hexval(*j++);
			assert_true(h >= 0);
			cp = cp << 4 | (uint32_t)h;
		}
		assert_false(cp >= 0xD800 && cp <= 0xDFFF);
		buf_add(&b, u8, utf8_encode(cp, u8));
	}
	assert_int_equal(j[1], '\0');
	return buf_take(&b);
}

static void check_json(const char *s, const char *want)
{
	struct buf b;

	buf_init(&b);
	buf_json_string(&b, s);
	assert_string_equal(b.s, want);
	buf_free(&b);
}

static void test_json_escapes(void **state)
{
	(void)state;
	check_json("plain", "\"plain\"");
	check_json("", "\"\"");
	check_json(NULL, "null");
	check_json("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	check_json("l1\nl2\tx\r", "\"l1\\u000al2\\u0009x\\u000d\"");
	check_json("\x1b[2J\x07", "\"\\u001b[2J\\u0007\"");
	check_json("\x7f", "\"\\u007f\"");
	check_json("\xC2\x9B", "\"\\u009b\"");
	check_json("\xE2\x80\xA8\xE2\x80\xA9", "\"\\u2028\\u2029\"");
	check_json("\xE2\x80\xAE\xE2\x81\xA6", "\"\\u202e\\u2066\"");
	check_json("\xE2\x80\x8B\xEF\xBB\xBF", "\"\\u200b\\ufeff\"");
	check_json("相談 ☆", "\"相談 ☆\"");
	check_json("\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""); /* astral stays raw */
	/* Invalid bytes: one U+FFFD each, output stays valid UTF-8. */
	check_json("a\xFF" "b", "\"a\xEF\xBF\xBD" "b\"");
	check_json("\xE6\xBC", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

static void test_json_round_trip(void **state)
{
	static const char *in[] = {
		"相談\n二行目\tタブ",
		"\x1b]0;title\x07 \x1b[2J \r\b\x7f",
		"\xC2\x80\xC2\x9F \xE2\x80\xAE evil \xE2\x80\xAC",
		"q\"u\\o/te",
		"\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0\xE2\x81\xA4\xEF\xBB\xBF",
		"\xE2\x80\xA8\xE2\x80\xA9\xD8\x9C",
		"\xF4\x8F\xBF\xBF\xF0\x9F\x98\x80",
	};
	struct buf b;
	char *back;
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		buf_reset(&b);
		buf_json_string(&b, in[i]);
		assert_terminal_safe(b.s, 0);
		back = json_decode(b.s);
		assert_string_equal(back, in[i]);
		free(back);
	}
	/* Every dangerous code point survives the trip. */
	for (i = 1; i < sizeof dangerous / sizeof dangerous[0]; i++) {
		char u8[5] = { 0 };

		utf8_encode(dangerous[i], u8);
		buf_reset(&b);
		buf_json_string(&b, u8);
		assert_terminal_safe(b.s, 0);
		back = json_decode(b.s);
		assert_string_equal(back, u8);
		free(back);
	}
	buf_free(&b);
}

/* CSV */

static void check_csv(const char *s, const char *want)
{
	struct buf b;

	buf_init(&b);
	buf_csv_field(&b, s);
	assert_non_null(b.s);
	assert_string_equal(b.s, want);
	assert_terminal_safe(b.s, TEXT_KEEP_NEWLINE);
	buf_free(&b);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	check_csv("plain", "plain");
	check_csv("", "");
	check_csv(NULL, "");
	check_csv("相談", "相談");
	check_csv("a,b", "\"a,b\"");
	check_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_csv("\"", "\"\"\"\"");
	check_csv("line1\nline2", "\"line1\nline2\"");
	check_csv(" lead", "\" lead\"");
	check_csv("trail ", "\"trail \"");
	check_csv("in side", "in side");
	check_csv("a\r\nb", "\"a^M\nb\""); /* CR sanitized, LF kept and quoted */
	check_csv("tab\there", "tab^Ihere");
}

static void test_csv_sanitizes(void **state)
{
	(void)state;
	check_csv("\x1b[2Jgone", "^[[2Jgone");
	check_csv("\x1b]0;x\x07", "^[]0;x^G");
	check_csv("abc\xE2\x80\xAE" "gpj.exe", "abc<U+202E>gpj.exe");
	check_csv("\xC2\x9B", "<U+009B>");
	check_csv("a\xFF", "a<FF>");
}

static void test_csv_formula(void **state)
{
	(void)state;
	check_csv("=1+1", "'=1+1");
	check_csv("+cmd", "'+cmd");
	check_csv("-2+3", "'-2+3");
	check_csv("@SUM(A1:A9)", "'@SUM(A1:A9)");
	check_csv("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	check_csv("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0");
	check_csv("+81-90-0000-0000", "'+81-90-0000-0000");
	check_csv("-", "'-");
	check_csv("-5a", "'-5a");
	check_csv("- 5", "'- 5");
	check_csv("=", "'=");
	/* Numbers are data, not formulas. */
	check_csv("-5", "-5");
	check_csv("+3", "+3");
	check_csv("-12.50", "-12.50");
	check_csv("-.5", "-.5");
	check_csv("-5.", "-5.");
	check_csv("42", "42");
	/* Only the first character counts. */
	check_csv("a=1", "a=1");
	check_csv(" =1", "\" =1\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_accepts),
		cmocka_unit_test(test_utf8_valid_rejects),
		cmocka_unit_test(test_utf8_decode_encode),
		cmocka_unit_test(test_dangerous_set),
		cmocka_unit_test(test_sanitize_escape_sequences),
		cmocka_unit_test(test_sanitize_overwrite),
		cmocka_unit_test(test_sanitize_newline_tab),
		cmocka_unit_test(test_sanitize_bidi_zero_width),
		cmocka_unit_test(test_sanitize_invalid_bytes),
		cmocka_unit_test(test_sanitize_keeps_text),
		cmocka_unit_test(test_sanitize_fuzz),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_c_locale),
		cmocka_unit_test(test_fit_wide),
		cmocka_unit_test(test_fit_dangerous),
		cmocka_unit_test(test_fit_len),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_sanitizes),
		cmocka_unit_test(test_csv_formula),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		print_error("C.UTF-8 locale missing\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
