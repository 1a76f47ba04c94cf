/* Record ids (random UUIDs) and case codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "soudan/id.h"

#define N_IDS 1000

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void assert_unique(char (*v)[ID_LEN + 1], size_t n)
{
	size_t i;

	qsort(v, n, sizeof v[0], cmp_str);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			fail_msg("duplicate: %s", v[i]);
}

static void test_id_new_version_variant(void **state)
{
	static char ids[N_IDS][ID_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < N_IDS; i++) {
		memset(ids[i], 'x', sizeof ids[i]);
		id_new(ids[i]);
		assert_int_equal(strlen(ids[i]), ID_LEN);
		assert_true(id_valid(ids[i]));
		/* Version nibble 4; variant bits 10xx: 8, 9, a or b. */
		assert_int_equal(ids[i][14], '4');
		assert_non_null(strchr("89ab", ids[i][19]));
		assert_int_not_equal(ids[i][19], '\0');
	}
	assert_unique(ids, N_IDS);
}

/* The random part really varies: every hex digit shows up at a random spot. */
static void test_id_new_random(void **state)
{
	char id[ID_LEN + 1];
	unsigned seen = 0;
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		id_new(id);
		seen |= 1u << (strchr("0123456789abcdef", id[0]) - "0123456789abcdef");
	}
	assert_int_equal(seen, 0xFFFF);
}

static void test_id_valid(void **state)
{
	static const char *bad[] = {
		"", "0", "2f1c8a4e-6b1d-4c2e-9f3a-7d5e8b9c0a1",    /* 35 */
		"2f1c8a4e-6b1d-4c2e-9f3a-7d5e8b9c0a1b0",            /* 37 */
		"2F1C8A4E-6B1D-4C2E-9F3A-7D5E8B9C0A1B",             /* upper case */
		"2f1c8a4e6b1d-4c2e-9f3a-7d5e8b9c0a1b-",             /* hyphens moved */
		"2f1c8a4e-6b1d-4c2e-9f3a_7d5e8b9c0a1b",
		"2f1c8a4g-6b1d-4c2e-9f3a-7d5e8b9c0a1b",             /* g */
		"{2f1c8a4e-6b1d-4c2e-9f3a-7d5e8b9c0a1b}",
		"2f1c8a4e-6b1d-4c2e-9f3a-7d5e8b9c0a1b\n",
		" 2f1c8a4e-6b1d-4c2e-9f3a-7d5e8b9c0a1",
	};
	size_t i;

	(void)state;
	assert_true(id_valid("2f1c8a4e-6b1d-4c2e-9f3a-7d5e8b9c0a1b"));
	assert_true(id_valid("00000000-0000-0000-0000-000000000000"));
	assert_true(id_valid("c232ab00-9414-11ec-b3c8-9f6bdeced846")); /* version 1 */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (id_valid(bad[i]))
			fail_msg("accepted: \"%s\"", bad[i]);
	assert_false(id_valid(NULL));
}

static void test_case_code_new(void **state)
{
	static char codes[N_IDS][ID_LEN + 1];
	unsigned count[sizeof alphabet] = { 0 };
	char norm[CASE_CODE_LEN + 1];
	int i, j;

	(void)state;
	for (i = 0; i < N_IDS; i++) {
		case_code_new(codes[i]);
		assert_int_equal(strlen(codes[i]), CASE_CODE_LEN);
		assert_int_equal(codes[i][4], '-');
		for (j = 0; j < CASE_CODE_LEN; j++) {
			if (j == 4)
				continue;
			assert_non_null(strchr(alphabet, codes[i][j]));
			assert_null(strchr("01ILOU", codes[i][j]));
			count[strchr(alphabet, codes[i][j]) - alphabet]++;
		}
		assert_true(case_code_normalize(codes[i], norm));
		assert_string_equal(norm, codes[i]);
	}
	assert_unique(codes, N_IDS);
	/* 8000 draws over 30 letters: each one about 267 times. */
	for (j = 0; j < 30; j++)
		assert_in_range(count[j], 150, 400);
}

static void check_norm(const char *in, const char *want)
{
	char out[CASE_CODE_LEN + 1];

	memset(out, 'x', sizeof out);
	if (want) {
		assert_true(case_code_normalize(in, out));
		assert_string_equal(out, want);
	} else {
		if (case_code_normalize(in, out))
			fail_msg("accepted: \"%s\"", in ? in : "(null)");
		assert_string_equal(out, "");
	}
}

static void test_case_code_normalize(void **state)
{
	char buf[16];

	(void)state;
	check_norm("K7Q2-9MXD", "K7Q2-9MXD");
	check_norm("k7q2-9mxd", "K7Q2-9MXD");
	check_norm("K7Q29MXD", "K7Q2-9MXD");
	check_norm("k7Q29mXd", "K7Q2-9MXD");
	/* Look-alikes are not in the alphabet: rejected, never guessed. */
	check_norm("O7Q2-9MXD", NULL);
	check_norm("07Q2-9MXD", NULL);
	check_norm("K1Q2-9MXD", NULL);
	check_norm("KIQ2-9MXD", NULL);
	check_norm("KLQ2-9MXD", NULL);
	check_norm("KUQ2-9MXD", NULL);
	check_norm("kuq2-9mxd", NULL);
	/* Shape. */
	check_norm("K7Q2-9MX", NULL);
	check_norm("K7Q2-9MXDA", NULL);
	check_norm("K7Q29MXDA", NULL);
	check_norm("K7Q2--9MXD", NULL);
	check_norm("K7Q-29MXD", NULL);
	check_norm("K7Q2-9M-XD", NULL);
	check_norm("-K7Q29MXD", NULL);
	check_norm(" K7Q2-9MXD", NULL);
	check_norm("K7Q2-9MXD ", NULL);
	check_norm("K7Q2 9MXD", NULL);
	check_norm("ＫＱ", NULL);
	check_norm("", NULL);
	check_norm(NULL, NULL);
	/* In place. */
	strcpy(buf, "k7q29mxd");
	assert_true(case_code_normalize(buf, buf));
	assert_string_equal(buf, "K7Q2-9MXD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_new_version_variant),
		cmocka_unit_test(test_id_new_random),
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test(test_case_code_new),
		cmocka_unit_test(test_case_code_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
