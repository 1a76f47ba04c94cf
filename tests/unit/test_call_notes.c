/* The anonymity warning: phone numbers however they are typed (half- or
 * full-width digits, any hyphen or dash, brackets, spaces), e-mail
 * addresses (also full-width), and no warning for dates, times or short
 * numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "soudan/call.h"

#define PHONE "looks like a phone number"
#define EMAIL "looks like an e-mail address"

static void warns(const char *notes, const char *why)
{
	const char *got = call_notes_identifying(notes);
	const char *shown = notes ? notes : "(null)";

	if (!why && got)
		fail_msg("\"%s\": warned \"%s\", wanted nothing", shown, got);
	if (why && (!got || strcmp(got, why) != 0))
		fail_msg("\"%s\": warned \"%s\", wanted \"%s\"", shown, got ? got : "nothing", why);
}

static void test_phone_numbers(void **state)
{
	(void)state;
	warns("090-1234-5678", PHONE);
	warns("母の携帯は09012345678です", PHONE);
	warns("090\u20101234\u20105678", PHONE);                   /* HYPHEN */
	warns("090\u20111234\u20115678", PHONE);                   /* NON-BREAKING HYPHEN */
	warns("090\u20131234\u20145678", PHONE);                   /* EN and EM DASH */
	warns("090\u20151234\u22125678", PHONE);                   /* HORIZONTAL BAR, MINUS */
	warns("\uFF10\uFF19\uFF10\u2212\uFF11\uFF12\uFF13\uFF14\u2212\uFF15\uFF16\uFF17\uFF18",
	      PHONE); /* ０９０−１２３４−５６７８ */
	warns("\uFF10\uFF19\uFF10\u30FC\uFF11\uFF12\uFF13\uFF14\u30FC\uFF15\uFF16\uFF17\uFF18",
	      PHONE); /* with the long vowel mark ー */
	warns("\uFF10\uFF19\uFF10\uFF0D\uFF11\uFF12\uFF13\uFF14\uFF0D\uFF15\uFF16\uFF17\uFF18",
	      PHONE); /* FULLWIDTH HYPHEN-MINUS */
	warns("(03) 1234-5678", PHONE);
	warns("\uFF10\uFF13\uFF08\uFF11\uFF12\uFF13\uFF14\uFF09\uFF15\uFF16\uFF17\uFF18",
	      PHONE); /* ０３（１２３４）５６７８ */
	warns("090\u30001234\u30005678", PHONE); /* ideographic spaces */
	warns("+81 90-1234-5678", PHONE);
	warns("0120-123-456", PHONE);
}

static void test_not_phone_numbers(void **state)
{
	(void)state;
	warns(NULL, NULL);
	warns("", NULL);
	warns("1234-5678", NULL);            /* eight digits */
	warns("090-1234", NULL);
	warns("090-1234、5678-9012", NULL);  /* broken by a comma */
	warns("次回 2026-12-01 14時に電話", NULL); /* a date and an hour */
	warns("2026-11-22 10:05", NULL);
	warns("10年以上、20年未満", NULL);
}

static void test_email_addresses(void **state)
{
	(void)state;
	warns("taro@example.jp", EMAIL);
	warns("メールは taro.y_2@mail-x.example.co.jp まで", EMAIL);
	warns("メールはtaro@example.jpまで", EMAIL);
	warns("a@b.c", EMAIL);
	warns("\uFF54\uFF41\uFF52\uFF4F\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\uFF0E\uFF4A\uFF50",
	      EMAIL); /* ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ */
	warns("taro\uFF20example.jp", EMAIL); /* only the at sign full-width */
}

static void test_not_email_addresses(void **state)
{
	(void)state;
	warns("@example.jp", NULL);     /* nothing before the at sign */
	warns("taro@localhost", NULL);  /* no domain */
	warns("10時@駅前", NULL);
	warns("taro@ example.jp", NULL);
	warns("a@b.", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_numbers),
		cmocka_unit_test(test_not_phone_numbers),
		cmocka_unit_test(test_email_addresses),
		cmocka_unit_test(test_not_email_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
