/* Labels for display: a known key shows its label, no key shows "-", a key
 * the configuration no longer lists shows itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "soudan/label.h"

static void test_label_of(void **state)
{
	struct config cfg;

	(void)state;
	config_defaults(&cfg);
	config_use_japanese(&cfg, true);
	assert_string_equal(label_of(&cfg, LIST_CALL_TYPE, "silent"), "無言");
	assert_string_equal(label_of(&cfg, LIST_CALLER, "mother"), "母");
	/* Outside a Japanese locale, the English label. */
	config_use_japanese(&cfg, false);
	assert_string_equal(label_of(&cfg, LIST_CALL_TYPE, "silent"), "silent");
	assert_string_equal(label_of(&cfg, LIST_OUTCOME, "closed"), "closed this time");
	assert_string_equal(label_of(&cfg, LIST_CALLER, NULL), "-");
	assert_string_equal(label_of(&cfg, LIST_CALLER, ""), "-");
	/* An old key stays readable. */
	assert_string_equal(label_of(&cfg, LIST_WITHDRAWAL, "gone-key"), "gone-key");
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
