/* Directory search as the referral screen runs it: with nothing typed, and
 * for one- and two-character words, the categories come in the
 * configuration's order (not by key), those it does not list last; one
 * letter matches either case and % _ \ are plain characters; a character
 * in no entry finds nothing; the limit holds across categories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "soudan/resources.h"

/* "id id id " in the order found */
#define STORE_FIXTURE_MORE char got[8192];
#include "store_fixture.h"

static void put(struct fixture *f, const char *id, const char *name, const char *category,
		const char *area)
{
	struct resource r;

	resource_init(&r);
	r.id = strdup(id);
	r.name = strdup(name);
	r.category = strdup(category);
	r.area = strdup(area);
	assert_int_equal(resources_put(f->s, &r, &f->err), ST_OK);
	resource_free(&r);
}

static int setup(void **state)
{
	struct fixture *f = fixture_open("search", "soudan.db");

	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	/* By key: center < city < oldkey < station; the configuration lists
	 * center, station, ..., city and not oldkey. */
	put(f, "c1", "市役所の窓口", "city", "港北区");
	put(f, "s1", "支援ステーション", "station", "港北区");
	put(f, "o1", "昔の種別の窓口", "oldkey", "港北区");
	put(f, "h1", "地域支援センター Xyz", "center", "港北区");
	put(f, "p1", "100% 居場所_a\\b", "ibasho", "西区");
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
	*state = f;
	return 0;
}

static int on_hit(const struct resource *r, void *ctx)
{
	struct fixture *f = ctx;

	strncat(f->got, r->id, sizeof f->got - strlen(f->got) - 2);
	strcat(f->got, " ");
	return 0;
}

static const char *search_in(struct fixture *f, const char *q, const char *category,
			     int limit)
{
	f->got[0] = '\0';
	assert_int_equal(resources_search_ordered(f->s, q, category, false,
						  config_list(&f->cfg, LIST_RESOURCE_CATEGORY),
						  limit, on_hit, f, &f->err),
			 ST_OK);
	return f->got;
}

static const char *search(struct fixture *f, const char *q, int limit)
{
	f->got[0] = '\0';
	assert_int_equal(resources_search_ordered(f->s, q, NULL, false,
						  config_list(&f->cfg, LIST_RESOURCE_CATEGORY),
						  limit, on_hit, f, &f->err),
			 ST_OK);
	return f->got;
}

static void test_nothing_typed_in_configuration_order(void **state)
{
	struct fixture *f = *state;

	/* center, station, city, ibasho as listed; oldkey (not listed) last. */
	assert_string_equal(search(f, "", 0), "h1 s1 c1 p1 o1 ");
	assert_string_equal(search(f, "", 3), "h1 s1 c1 ");
	assert_string_equal(search(f, "", 1), "h1 ");
}

static void test_short_words_in_configuration_order(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(search(f, "港", 0), "h1 s1 c1 o1 ");
	assert_string_equal(search(f, "窓口", 0), "c1 o1 ");
	assert_string_equal(search(f, "港 窓", 0), "c1 o1 ");
	assert_string_equal(search(f, "港", 2), "h1 s1 ");
}

static void test_one_category(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(search_in(f, "", "city", 0), "c1 ");
	assert_string_equal(search_in(f, "", "oldkey", 0), "o1 ");
	assert_string_equal(search_in(f, "港", "station", 0), "s1 ");
	assert_string_equal(search_in(f, "窓口", "city", 0), "c1 ");
	assert_string_equal(search_in(f, "港", "ibasho", 0), "");
}

static void test_one_word_cases_and_wildcards(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(search(f, "x", 0), "h1 ");
	assert_string_equal(search(f, "XY", 0), "h1 ");
	assert_string_equal(search(f, "%", 0), "p1 ");
	assert_string_equal(search(f, "_", 0), "p1 ");
	assert_string_equal(search(f, "\\", 0), "p1 ");
	assert_string_equal(search(f, "0%", 0), "p1 ");
	assert_string_equal(search(f, "a_", 0), "");
}

static void test_a_character_in_no_entry(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(search(f, "鬱", 0), "");
	assert_string_equal(search(f, "q", 0), "");
	assert_string_equal(search(f, "鬱 港", 0), "");
}

/* Over a thousand matches: the other plan (each category down its index)
 * keeps the same order. */
static void test_many_matches_in_the_same_order(void **state)
{
	struct fixture *f = *state;
	char id[16], name[32];

	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	for (int i = 0; i < 1100; i++) {
		snprintf(id, sizeof id, "m%04d", i);
		snprintf(name, sizeof name, "窓口%04d", 1099 - i);
		put(f, id, name, i % 2 ? "city" : "station", "港南区");
	}
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
	/* center first, then station (listed before city), each by name:
	 * 支援... before 窓口0001 (m1098), 窓口0003 (m1096)... */
	assert_string_equal(search(f, "港", 4), "h1 s1 m1098 m1096 ");
	assert_string_equal(search(f, "窓", 2), "m1098 m1096 ");
	assert_string_equal(search(f, "港 窓", 2), "m1098 m1096 ");
	assert_string_equal(search(f, "南 港 窓", 1), "m1098 ");
	search(f, "港", 0);
	assert_int_equal(strlen(f->got), 1100 * 6 + 4 * 3); /* every one, once */
	assert_string_equal(search(f, "鬱", 0), "");
	assert_string_equal(search_in(f, "港", "city", 2), "c1 m1099 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing_typed_in_configuration_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_short_words_in_configuration_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_one_category, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_word_cases_and_wildcards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_character_in_no_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_matches_in_the_same_order, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
