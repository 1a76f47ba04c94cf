/* Combining marks in stored text: a mark belongs to the
 * character before it. One with no base (at the start of a field, after a
 * control shown as a placeholder, after a kept newline) would draw on what
 * the program printed before it, and a long run stacks over neighbouring
 * lines; both are shown as <U+XXXX>, and width and fitting agree with what
 * is drawn. Marks on a base (é, Japanese voiced marks typed or pasted in
 * decomposed form) are kept. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "soudan/text.h"

#define ACUTE "\xCC\x81"    /* U+0301 */
#define DAKUTEN "\xE3\x82\x99" /* U+3099 combining voiced sound mark */

static void san(const char *in, unsigned flags, const char *want)
{
	char *got = text_sanitize(in, flags);

	assert_string_equal(got, want);
	free(got);
}

static void test_mark_without_base(void **state)
{
	(void)state;
	san(ACUTE "abc", 0, "<U+0301>abc");
	san(ACUTE ACUTE, 0, "<U+0301><U+0301>");
	san("\x1b" ACUTE "x", 0, "^[<U+0301>x");         /* after a placeholder */
	san("a\n" ACUTE "b", TEXT_KEEP_NEWLINE, "a\n<U+0301>b"); /* after a newline */
	san("a\t" ACUTE, TEXT_KEEP_TAB, "a\t<U+0301>");
	assert_int_equal(text_width(ACUTE "abc"), 8 + 3);
}

static void test_mark_on_a_base_stays(void **state)
{
	(void)state;
	san("e" ACUTE, 0, "e" ACUTE);
	san("か" DAKUTEN "た", 0, "か" DAKUTEN "た");
	assert_int_equal(text_width("か" DAKUTEN), 2);
}

static void test_long_runs_are_cut(void **state)
{
	(void)state;
	san("a" ACUTE ACUTE ACUTE ACUTE, 0, "a" ACUTE ACUTE ACUTE ACUTE);
	san("a" ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE, 0,
	    "a" ACUTE ACUTE ACUTE ACUTE "<U+0301><U+0301>");
	/* A new base starts a new count. */
	san("a" ACUTE ACUTE ACUTE ACUTE "b" ACUTE, 0, "a" ACUTE ACUTE ACUTE ACUTE "b" ACUTE);
}

static void test_fit_and_csv_agree(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(text_fit_to(&b, ACUTE "xyz", 5, false), 5);
	assert_string_equal(b.s, "<U+03"); /* a placeholder is cut like ASCII */
	buf_free(&b);
	buf_init(&b);
	buf_csv_field(&b, ACUTE "note");
	assert_string_equal(b.s, "<U+0301>note");
	buf_free(&b);
	buf_init(&b);
	buf_json_string(&b, ACUTE "note"); /* JSON is data: escapes, no placeholders */
	assert_string_equal(b.s, "\"" ACUTE "note\"");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mark_without_base),
		cmocka_unit_test(test_mark_on_a_base_stays),
		cmocka_unit_test(test_long_runs_are_cut),
		cmocka_unit_test(test_fit_and_csv_agree),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
