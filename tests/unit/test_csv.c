/* The CSV reader: RFC 4180 as spreadsheets write it, and the errors a person
 * editing a directory by hand can make, each with the right line. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "soudan/csv.h"
#include "soudan/text.h"

/* A reader over the n bytes of s (kept alive by the caller). */
struct src {
	FILE *f;
	struct csv_reader *r;
	struct error err;
};

static void src_open(struct src *x, const char *s, size_t n)
{
	memset(x, 0, sizeof *x);
	x->f = fmemopen((void *)(uintptr_t)s, n, "rb");
	assert_non_null(x->f);
	x->r = csv_open(x->f);
	csv_set_name(x->r, "test.csv");
}

static void src_close(struct src *x)
{
	csv_close(x->r);
	fclose(x->f);
}

#define SRC(x, lit) src_open(x, lit, sizeof(lit) - 1)

/* The next record must be exactly want[0..n) starting at line. */
static void expect_record(struct src *x, long line, size_t n, const char *const *want)
{
	char **f;
	size_t nf;
	long at;

	assert_int_equal(csv_next(x->r, &f, &nf, &at, &x->err), ST_OK);
	assert_int_equal(nf, n);
	assert_int_equal(at, line);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(f[i], want[i]);
}

#define RECORD(x, line, ...)                                                      \
	do {                                                                      \
		static const char *const want_[] = {__VA_ARGS__};                 \
		expect_record(x, line, sizeof want_ / sizeof *want_, want_);      \
	} while (0)

static void expect_end(struct src *x)
{
	char **f;
	size_t nf;
	long at;

	assert_int_equal(csv_next(x->r, &f, &nf, &at, &x->err), ST_OK);
	assert_int_equal(nf, 0);
	assert_null(f);
}

/* The next record fails with ST_DATAERR at line. */
static void expect_error(struct src *x, long line)
{
	char **f;
	size_t nf;
	long at;

	assert_int_equal(csv_next(x->r, &f, &nf, &at, &x->err), ST_DATAERR);
	assert_int_equal(x->err.line, line);
	assert_string_equal(x->err.file, "test.csv");
	assert_true(x->err.msg[0] != '\0');
}

static void test_plain_lf(void **state)
{
	struct src x;

	SRC(&x, "id,name\nr1,相談窓口\nr2,居場所\n");
	RECORD(&x, 1, "id", "name");
	RECORD(&x, 2, "r1", "相談窓口");
	RECORD(&x, 3, "r2", "居場所");
	expect_end(&x);
	expect_end(&x); /* and stays at the end */
	src_close(&x);
}

static void test_bom_crlf(void **state)
{
	struct src x;

	SRC(&x, "\xEF\xBB\xBFid,name\r\nr1,センター\r\n");
	RECORD(&x, 1, "id", "name"); /* no mark in the first field */
	RECORD(&x, 2, "r1", "センター");
	expect_end(&x);
	src_close(&x);
}

/* A first character whose encoding starts like the mark is kept whole. */
static void test_bom_lookalike(void **state)
{
	struct src x;

	SRC(&x, "\xEF\xBC\x91,x\n\xEF\xBB\n");
	RECORD(&x, 1, "１", "x");
	expect_error(&x, 2); /* EF BB alone is not UTF-8 */
	src_close(&x);

	SRC(&x, "\xEF\xBB\xBE,y\n"); /* U+FEFE: all three bytes given back */
	RECORD(&x, 1, "\xEF\xBB\xBE", "y");
	expect_end(&x);
	src_close(&x);
}

static void test_quotes(void **state)
{
	struct src x;

	SRC(&x, "\"a,b\",\"say \"\"hi\"\"\",c,\"\"\r\n\"\"\"\",plain\r\n");
	RECORD(&x, 1, "a,b", "say \"hi\"", "c", "");
	RECORD(&x, 2, "\"", "plain");
	expect_end(&x);
	src_close(&x);
}

static void test_empty_fields(void **state)
{
	struct src x;

	SRC(&x, "a,,\n,\nlast,no newline");
	RECORD(&x, 1, "a", "", "");
	RECORD(&x, 2, "", "");
	RECORD(&x, 3, "last", "no newline");
	expect_end(&x);
	src_close(&x);
}

/* A record's line is where it starts, whatever line breaks its fields hold. */
static void test_embedded_newlines(void **state)
{
	struct src x;

	SRC(&x, "h1,h2\n\"x\ny\nz\",2\nnext,\"crlf\r\ninside\"\r\nafter,4\n");
	RECORD(&x, 1, "h1", "h2");
	RECORD(&x, 2, "x\ny\nz", "2");
	RECORD(&x, 5, "next", "crlf\ninside");
	RECORD(&x, 7, "after", "4");
	expect_end(&x);
	src_close(&x);
}

static void test_blank_lines_skipped(void **state)
{
	struct src x;

	SRC(&x, "\na\r\n\r\n\nb\n\n");
	RECORD(&x, 2, "a");
	RECORD(&x, 5, "b");
	expect_end(&x);
	src_close(&x);
}

/* A lone CR is text (refused later as a control character where it matters). */
static void test_lone_cr_is_text(void **state)
{
	struct src x;

	SRC(&x, "a\rb,c\r");
	RECORD(&x, 1, "a\rb", "c");
	expect_end(&x);
	src_close(&x);
}

static void test_unterminated_quote(void **state)
{
	struct src x;

	SRC(&x, "a,b\nc,\"open\nmore\nstill open\n");
	RECORD(&x, 1, "a", "b");
	expect_error(&x, 2); /* where the quote opened, not the end of the file */
	assert_int_equal(csv_error_column(x.r), 1);
	src_close(&x);
}

static void test_bare_quote(void **state)
{
	struct src x;

	SRC(&x, "ok,row\nab\"c,d\n");
	RECORD(&x, 1, "ok", "row");
	expect_error(&x, 2);
	assert_int_equal(csv_error_column(x.r), 0);
	src_close(&x);
}

static void test_text_after_quote(void **state)
{
	struct src x;

	SRC(&x, "\"ab\"c,d\n");
	expect_error(&x, 1);
	src_close(&x);
}

/* The line of the bad byte, inside a field that started earlier. */
static void test_invalid_utf8(void **state)
{
	struct src x;

	SRC(&x, "h,i\nok,\"multi\nline\xFF\"\n");
	RECORD(&x, 1, "h", "i");
	expect_error(&x, 3);
	assert_int_equal(csv_error_column(x.r), 1);
	src_close(&x);

	SRC(&x, "a,\xE3\x81\n"); /* a kana cut short */
	expect_error(&x, 1);
	src_close(&x);

	SRC(&x, "\xC0\xAF\n"); /* overlong "/" */
	expect_error(&x, 1);
	src_close(&x);
}

static void test_nul_byte(void **state)
{
	static const char s[] = "a,b\0c\n";
	struct src x;

	src_open(&x, s, sizeof s - 1);
	expect_error(&x, 1);
	src_close(&x);
}

static void test_field_too_long(void **state)
{
	size_t n = CSV_FIELD_MAX + 10;
	char *s = malloc(n + 8);
	struct src x;

	memcpy(s, "ok\n", 3);
	memset(s + 3, 'x', n);
	memcpy(s + 3 + n, "\n", 1);
	src_open(&x, s, n + 4);
	RECORD(&x, 1, "ok");
	expect_error(&x, 2);
	assert_non_null(strstr(x.err.msg, "65536"));
	src_close(&x);
	free(s);
}

/* Exactly the limit is still accepted. */
static void test_field_at_limit(void **state)
{
	size_t n = CSV_FIELD_MAX;
	char *s = malloc(n + 2);
	char **f;
	size_t nf;
	long at;
	struct src x;

	memset(s, 'y', n);
	s[n] = '\n';
	src_open(&x, s, n + 1);
	assert_int_equal(csv_next(x.r, &f, &nf, &at, &x.err), ST_OK);
	assert_int_equal(nf, 1);
	assert_int_equal(strlen(f[0]), n);
	src_close(&x);
	free(s);
}

static void test_too_many_fields(void **state)
{
	struct buf b;
	struct src x;

	buf_init(&b);
	for (int i = 0; i <= CSV_FIELDS_MAX; i++)
		buf_puts(&b, "f,");
	buf_puts(&b, "\n");
	src_open(&x, b.s, b.len);
	expect_error(&x, 1);
	src_close(&x);
	buf_free(&b);
}

static void test_empty_input(void **state)
{
	struct src x;

	SRC(&x, "");
	expect_end(&x);
	src_close(&x);
	SRC(&x, "\xEF\xBB\xBF");
	expect_end(&x);
	src_close(&x);
}

/* What buf_csv_field writes, the reader reads back unchanged. */
static void test_writer_round_trip(void **state)
{
	static const char *const values[] = {
		"plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "電話・メール、LINE",
	};
	size_t n = sizeof values / sizeof *values;
	struct buf b;
	struct src x;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		buf_csv_field(&b, values[i]);
		buf_puts(&b, i + 1 < n ? "," : "\r\n");
	}
	src_open(&x, b.s, b.len);
	expect_record(&x, 1, n, values);
	expect_end(&x);
	src_close(&x);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lf),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_bom_lookalike),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_lone_cr_is_text),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_bare_quote),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_field_at_limit),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_writer_round_trip),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
