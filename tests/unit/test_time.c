/* ISO 8601 parsing and formatting, local days and calendar arithmetic,
 * under Asia/Tokyo (no DST) and America/New_York (DST). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "soudan/timeutil.h"

/* 2026-11-22T01:05:00Z */
#define T_2026_11_22_0105Z INT64_C(1795309500)

static void set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

static int64_t parse_ok(const char *s)
{
	int64_t t = -12345;

	if (!time_parse_iso(s, &t))
		fail_msg("rejected: %s", s);
	return t;
}

static struct date mkdate(int y, int m, int d)
{
	struct date r = { y, m, d };

	return r;
}

static void assert_date(struct date d, int y, int m, int day)
{
	assert_int_equal(d.y, y);
	assert_int_equal(d.m, m);
	assert_int_equal(d.d, day);
}

/* time_parse_iso */

static void test_parse_utc_and_offsets(void **state)
{
	(void)state;
	set_tz("Asia/Tokyo");
	assert_int_equal(parse_ok("2026-11-22T01:05:00Z"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22 01:05:00Z"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T10:05:00+09:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-21T20:05:00-05:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T06:35:00+05:30"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T01:05:00+00:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T01:05:00-00:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T01:05:00.999Z"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T10:05:00.5+09:00"), T_2026_11_22_0105Z);
	/* Nine digits (nanoseconds) at most; the farthest zones, +14:00 and -12:00. */
	assert_int_equal(parse_ok("2026-11-22T01:05:00.123456789Z"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T15:05:00+14:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-21T13:05:00-12:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z"), -1);
	/* The zone does not matter when an offset is given. */
	set_tz("America/New_York");
	assert_int_equal(parse_ok("2026-11-22T10:05:00+09:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22T01:05:00Z"), T_2026_11_22_0105Z);
}

static void test_parse_local(void **state)
{
	(void)state;
	set_tz("Asia/Tokyo");
	assert_int_equal(parse_ok("2026-11-22T10:05:00"), T_2026_11_22_0105Z);
	assert_int_equal(parse_ok("2026-11-22 10:05:00.250"), T_2026_11_22_0105Z);
	set_tz("America/New_York");
	/* November: EST, UTC-5. */
	assert_int_equal(parse_ok("2026-11-21T20:05:00"), T_2026_11_22_0105Z);
	/* July: EDT, UTC-4. */
	assert_int_equal(parse_ok("2026-07-01T12:00:00"), parse_ok("2026-07-01T16:00:00Z"));
	/* The hour before and after the fall-back hour. */
	assert_int_equal(parse_ok("2026-11-01T00:30:00"), parse_ok("2026-11-01T04:30:00Z"));
	assert_int_equal(parse_ok("2026-11-01T03:00:00"), parse_ok("2026-11-01T08:00:00Z"));
}

static void test_parse_rejects(void **state)
{
	static const char *bad[] = {
		"", "2026", "2026-11-22", "2026-11-22T", "2026-11-22T10:05",
		"2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-04-31T00:00:00Z",
		"2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T12:60:00Z",
		"2026-01-01T12:00:60Z", "2026-1-01T00:00:00Z", "2026-01-01T0:00:00Z",
		"2026/01/01T00:00:00Z", "2026-01-01X00:00:00Z", "2026-01-01t00:00:00Z",
		"2026-01-01T00:00:00z", "2026-01-01T00:00:00ZZ", "2026-01-01T00:00:00Z ",
		" 2026-01-01T00:00:00Z", "2026-01-01T00:00:00+9:00", "2026-01-01T00:00:00+09:0",
		"2026-01-01T00:00:00+09", "2026-01-01T00:00:00+09:000", "2026-01-01T00:00:00+24:00",
		"2026-01-01T00:00:00+09:60", "2026-01-01T00:00:00 +09:00", "2026-01-01T00:00:00.Z",
		"2026-01-01T00:00:00.", "2026-01-01T00:00:00,5Z", "2026-01-01T00:00:00UTC",
		"+026-01-01T00:00:00Z", "2026-01-01T-1:00:00Z", "0999-01-01T00:00:00Z",
		"2026-01-01T00:00:00\n",
		/* RFC 3339: an offset has its colon and is within 14 hours; a
		 * fraction has at most nine digits. */
		"2026-11-22T10:05:00+0900", "2026-11-21T20:05:00-0500", "2026-01-01T00:00:00+14:01",
		"2026-01-01T00:00:00-14:30", "2026-01-01T00:00:00+23:59",
		"2026-01-01T00:00:00.1234567890Z",
	};
	int64_t t = 77;
	size_t i;

	(void)state;
	set_tz("Asia/Tokyo");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (time_parse_iso(bad[i], &t))
			fail_msg("accepted: \"%s\"", bad[i]);
	assert_false(time_parse_iso(NULL, &t));
	assert_int_equal(t, 77);
	/* Leap days that exist. */
	parse_ok("2024-02-29T00:00:00Z");
	parse_ok("2000-02-29T23:59:59+09:00");
}

/* Formatting */

static void check_iso(int64_t t, const char *want)
{
	char out[32];

	time_format_iso(t, out, sizeof out);
	assert_string_equal(out, want);
	assert_int_equal(parse_ok(out), t);
}

static void test_format_iso(void **state)
{
	(void)state;
	set_tz("Asia/Tokyo");
	check_iso(T_2026_11_22_0105Z, "2026-11-22T10:05:00+09:00");
	check_iso(0, "1970-01-01T09:00:00+09:00");
	set_tz("America/New_York");
	check_iso(T_2026_11_22_0105Z, "2026-11-21T20:05:00-05:00");
	check_iso(parse_ok("2026-07-01T16:00:00Z"), "2026-07-01T12:00:00-04:00");
	set_tz("Asia/Kolkata");
	check_iso(T_2026_11_22_0105Z, "2026-11-22T06:35:00+05:30");
	set_tz("America/St_Johns");
	check_iso(T_2026_11_22_0105Z, "2026-11-21T21:35:00-03:30");
	set_tz("UTC");
	check_iso(T_2026_11_22_0105Z, "2026-11-22T01:05:00+00:00");
}

static void test_format_local(void **state)
{
	char out[64];

	(void)state;
	set_tz("Asia/Tokyo");
	time_format_local(T_2026_11_22_0105Z, "%Y-%m-%d %H:%M", out, sizeof out);
	assert_string_equal(out, "2026-11-22 10:05");
	time_format_local(T_2026_11_22_0105Z, NULL, out, sizeof out);
	assert_string_equal(out, "2026-11-22 10:05");
	time_format_local(T_2026_11_22_0105Z, "%H:%M:%S", out, sizeof out);
	assert_string_equal(out, "10:05:00");
	/* Too small: empty, not a cut date. */
	time_format_local(T_2026_11_22_0105Z, "%Y-%m-%d %H:%M", out, 10);
	assert_string_equal(out, "");
	set_tz("America/New_York");
	time_format_local(T_2026_11_22_0105Z, NULL, out, sizeof out);
	assert_string_equal(out, "2026-11-21 20:05");
}

/* Local days */

static void test_day_boundaries(void **state)
{
	int64_t t;

	(void)state;
	set_tz("Asia/Tokyo");
	t = parse_ok("2026-11-22T23:59:59");
	assert_date(date_of(t), 2026, 11, 22);
	assert_date(date_of(t + 1), 2026, 11, 23);
	assert_int_equal(date_start(mkdate(2026, 11, 23)), t + 1);
	assert_int_equal(date_start(mkdate(2026, 11, 22)), parse_ok("2026-11-21T15:00:00Z"));
	/* 15:00Z is local midnight in Tokyo: the UTC date is not the local one. */
	assert_date(date_of(parse_ok("2026-11-21T15:00:00Z")), 2026, 11, 22);
	assert_date(date_of(parse_ok("2026-11-21T14:59:59Z")), 2026, 11, 21);
	t = parse_ok("2026-12-31T23:59:59+09:00");
	assert_date(date_of(t), 2026, 12, 31);
	assert_date(date_of(t + 1), 2027, 1, 1);
	assert_int_equal(date_start(mkdate(2027, 1, 1)), t + 1);

	set_tz("America/New_York");
	t = parse_ok("2026-11-22T00:00:00");
	assert_int_equal(date_start(mkdate(2026, 11, 22)), t);
	assert_date(date_of(t - 1), 2026, 11, 21);
	assert_date(date_of(t), 2026, 11, 22);
}

static void test_date_start_dst(void **state)
{
	struct date d;
	int64_t a, b;

	(void)state;
	set_tz("America/New_York");
	/* Spring forward: Sunday 2026-03-08 has 23 hours. */
	assert_int_equal(date_start(mkdate(2026, 3, 8)), INT64_C(1772946000));
	assert_int_equal(date_start(mkdate(2026, 3, 9)), INT64_C(1773028800));
	assert_int_equal(date_start(mkdate(2026, 3, 9)) - date_start(mkdate(2026, 3, 8)), 23 * 3600);
	/* Fall back: Sunday 2026-11-01 has 25 hours. */
	assert_int_equal(date_start(mkdate(2026, 11, 1)), INT64_C(1793505600));
	assert_int_equal(date_start(mkdate(2026, 11, 2)) - date_start(mkdate(2026, 11, 1)), 25 * 3600);
	assert_int_equal(date_start(mkdate(2026, 11, 2)), INT64_C(1793595600));
	/* The last second of the long day is still that day. */
	assert_date(date_of(date_start(mkdate(2026, 11, 2)) - 1), 2026, 11, 1);

	/* Every day of a year: start maps back to the day, and days are 23-25 h. */
	for (d = mkdate(2026, 1, 1); d.y == 2026; d = date_add_days(d, 1)) {
		a = date_start(d);
		b = date_start(date_add_days(d, 1));
		assert_int_equal(date_cmp(date_of(a), d), 0);
		assert_int_equal(date_cmp(date_of(b - 1), d), 0);
		assert_true(b - a == 86400 || b - a == 82800 || b - a == 90000);
	}
	set_tz("Asia/Tokyo");
	for (d = mkdate(2026, 1, 1); d.y == 2026; d = date_add_days(d, 1))
		assert_int_equal(date_start(date_add_days(d, 1)) - date_start(d), 86400);
}

/* Dates */

static void test_date_parse(void **state)
{
	static const char *bad[] = {
		"", "2026-11-2", "2026-11-222", "2026-11-22 ", " 2026-11-22", "2026/11/22",
		"2026-1-22", "26-11-22", "2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01",
		"2026-00-10", "2026-11-00", "1899-12-31", "0000-01-01", "+026-11-22",
		"2026-11-2a", "2026-11-22T00:00:00", "２０２６-11-22", "2026-11--2",
	};
	struct date d = { 1, 2, 3 };
	size_t i;

	(void)state;
	assert_true(date_parse("2026-11-22", &d));
	assert_date(d, 2026, 11, 22);
	assert_true(date_parse("2024-02-29", &d));
	assert_date(d, 2024, 2, 29);
	assert_true(date_parse("2000-02-29", &d));
	assert_true(date_parse("1900-01-01", &d));
	assert_true(date_parse("9999-12-31", &d));
	assert_false(date_parse("1900-02-29", &d));
	d = mkdate(1, 2, 3);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_parse(bad[i], &d))
			fail_msg("accepted: \"%s\"", bad[i]);
	assert_false(date_parse(NULL, &d));
	assert_date(d, 1, 2, 3); /* untouched on failure */
}

static void test_month_parse(void **state)
{
	struct date d = { 1, 2, 3 };

	(void)state;
	assert_true(month_parse("2026-11", &d));
	assert_date(d, 2026, 11, 1);
	assert_true(month_parse("2024-02", &d));
	assert_date(d, 2024, 2, 1);
	d = mkdate(1, 2, 3);
	assert_false(month_parse("2026-13", &d));
	assert_false(month_parse("2026-00", &d));
	assert_false(month_parse("2026-1", &d));
	assert_false(month_parse("2026-11-01", &d));
	assert_false(month_parse("202611", &d));
	assert_false(month_parse("2026-11 ", &d));
	assert_false(month_parse("1899-12", &d));
	assert_false(month_parse("", &d));
	assert_false(month_parse(NULL, &d));
	assert_date(d, 1, 2, 3);
}

static void test_date_add_days(void **state)
{
	struct date d, step;
	time_t g;
	struct tm tm;
	int k;

	(void)state;
	assert_date(date_add_days(mkdate(2026, 1, 31), 1), 2026, 2, 1);
	assert_date(date_add_days(mkdate(2026, 12, 31), 1), 2027, 1, 1);
	assert_date(date_add_days(mkdate(2026, 1, 1), -1), 2025, 12, 31);
	assert_date(date_add_days(mkdate(2024, 2, 28), 1), 2024, 2, 29);
	assert_date(date_add_days(mkdate(2025, 2, 28), 1), 2025, 3, 1);
	assert_date(date_add_days(mkdate(2000, 2, 28), 1), 2000, 2, 29);
	assert_date(date_add_days(mkdate(1900, 2, 28), 1), 1900, 3, 1);
	assert_date(date_add_days(mkdate(2024, 3, 1), -1), 2024, 2, 29);
	assert_date(date_add_days(mkdate(2026, 11, 22), 0), 2026, 11, 22);
	assert_date(date_add_days(mkdate(2026, 11, 22), 365), 2027, 11, 22);
	assert_date(date_add_days(mkdate(2024, 1, 1), 366), 2025, 1, 1);

	/* Against the C library's UTC calendar, over 40 years in both directions. */
	d = mkdate(2000, 1, 1);
	step = d;
	for (k = 0; k < 40 * 366; k += 7) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 100;
		tm.tm_mday = 1;
		g = timegm(&tm) + (time_t)k * 86400;
		gmtime_r(&g, &tm);
		assert_date(date_add_days(d, k), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		g -= (time_t)2 * k * 86400;
		gmtime_r(&g, &tm);
		assert_date(date_add_days(d, -k), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		assert_int_equal(date_cmp(date_add_days(d, k), step), 0);
		step = date_add_days(step, 7);
	}
}

/* What an operator types for a next contact: a date, or +days from today. */
static void test_date_typed(void **state)
{
	struct date today = {2026, 12, 30}, d;
	char out[11];

	(void)state;
	assert_true(date_typed("+7", today, &d));
	date_format(d, out, sizeof out);
	assert_string_equal(out, "2027-01-06");
	assert_true(date_typed("+0", today, &d));
	assert_int_equal(date_cmp(d, today), 0);
	assert_true(date_typed("2027-02-28", today, &d));
	assert_true(date_typed("+3660", today, &d));
	assert_false(date_typed("+3661", today, &d));
	assert_false(date_typed("+7d", today, &d));
	assert_false(date_typed("+", today, &d));
	assert_false(date_typed("+-1", today, &d));
	assert_false(date_typed("2027-02-29", today, &d));
	assert_false(date_typed("", today, &d));
}

static void test_date_misc(void **state)
{
	char out[11];

	(void)state;
	assert_int_equal(date_cmp(mkdate(2026, 1, 1), mkdate(2026, 1, 1)), 0);
	assert_true(date_cmp(mkdate(2025, 12, 31), mkdate(2026, 1, 1)) < 0);
	assert_true(date_cmp(mkdate(2026, 2, 1), mkdate(2026, 1, 31)) > 0);
	assert_true(date_cmp(mkdate(2026, 1, 2), mkdate(2026, 1, 1)) > 0);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);
	date_format(mkdate(2026, 3, 5), out, sizeof out);
	assert_string_equal(out, "2026-03-05");
	assert_true(time_now() > INT64_C(1700000000));
}

/* Zone names: only what the tz database installed here has. glibc would
 * take each rejected name below for UTC without a word. */
static void test_zone_valid(void **state)
{
	static const char *const bad[] = {
		"Asia/Tokio", "asia/tokyo", "", "/usr/share/zoneinfo/Asia/Tokyo", "../zoneinfo/UTC",
		"Asia/../UTC", "Asia/./Tokyo", ".hidden", "Asia", "Asia/", "JST-9", "UTC ",
		"Asia/Tokyo\n", ":Asia/Tokyo", "zone.tab", NULL,
	};
	char dir[] = "/tmp/soudan-tz-XXXXXX", path[128];
	FILE *fp;

	(void)state;
	assert_true(time_zone_valid("Asia/Tokyo"));
	assert_true(time_zone_valid("America/New_York"));
	assert_true(time_zone_valid("UTC"));
	assert_true(time_zone_valid("Etc/GMT-9"));
	for (int i = 0; bad[i]; i++)
		if (time_zone_valid(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(time_zone_valid(NULL));
	/* $TZDIR is where glibc looks too: a file there must be TZif */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/Fake", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("TZ=JST-9\n", fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(path, sizeof path, "%s/Real", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("TZif2 and then the rest", fp);
	assert_int_equal(fclose(fp), 0);
	setenv("TZDIR", dir, 1);
	assert_false(time_zone_valid("Fake"));
	assert_true(time_zone_valid("Real"));
	assert_false(time_zone_valid("Asia/Tokyo")); /* not in this TZDIR */
	unsetenv("TZDIR");
	snprintf(path, sizeof path, "%s/Fake", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/Real", dir);
	unlink(path);
	rmdir(dir);
}

/* The zone set is the zone of every local time, whatever TZ was before; a
 * bad name changes nothing. */
static void test_zone_set(void **state)
{
	(void)state;
	set_tz("America/New_York");
	assert_true(time_zone_set("Asia/Tokyo"));
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");
	assert_date(date_of(T_2026_11_22_0105Z), 2026, 11, 22); /* 10:05 in Tokyo */
	set_tz("Asia/Tokio"); /* a typo: glibc's UTC */
	assert_date(date_of(INT64_C(1795275000)), 2026, 11, 21); /* 2026-11-21T15:30Z */
	assert_true(time_zone_set("Asia/Tokyo"));
	assert_date(date_of(INT64_C(1795275000)), 2026, 11, 22); /* 00:30 in Tokyo */
	assert_false(time_zone_set("Asia/Tokio"));
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");
	assert_true(time_zone_set("America/New_York"));
	assert_date(date_of(T_2026_11_22_0105Z), 2026, 11, 21);
	set_tz("Asia/Tokyo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_utc_and_offsets),
		cmocka_unit_test(test_parse_local),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_format_local),
		cmocka_unit_test(test_day_boundaries),
		cmocka_unit_test(test_date_start_dst),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_month_parse),
		cmocka_unit_test(test_date_add_days),
		cmocka_unit_test(test_date_typed),
		cmocka_unit_test(test_date_misc),
		cmocka_unit_test(test_zone_valid),
		cmocka_unit_test(test_zone_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
