/* Configuration: defaults equal the shipped file, search order, and every bad file
 * named by file and line with exit status 78, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "soudan/config.h"

#define DATA "tests/data/config/"

static void assert_same_config(const struct config *a, const struct config *b)
{
	assert_string_equal(a->site, b->site);
	assert_string_equal(a->db_path, b->db_path);
	assert_int_equal(a->busy_timeout_ms, b->busy_timeout_ms);
	assert_int_equal(a->retention_days, b->retention_days);
	assert_string_equal(a->supervisor_group, b->supervisor_group);
	for (int i = 0; i < LIST__COUNT; i++) {
		const struct codelist *la = config_list(a, i), *lb = config_list(b, i);
		assert_string_equal(la->name, lb->name);
		assert_int_equal(la->n, lb->n);
		for (size_t k = 0; k < la->n; k++) {
			assert_string_equal(la->codes[k].key, lb->codes[k].key);
			assert_string_equal(la->codes[k].label, lb->codes[k].label);
		}
	}
}

static void test_shipped_file_equals_defaults(void **state)
{
	struct config def, file;
	struct error err = {0};
	config_defaults(&def);
	assert_int_equal(config_load_file(&file, "conf/soudan.ini", &err), ST_OK);
	assert_string_equal(file.path, "conf/soudan.ini");
	assert_same_config(&def, &file);
	config_free(&def);
	config_free(&file);
}

static void test_defaults_match_domain(void **state)
{
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.site, "ひきこもり相談ダイヤル");
	assert_int_equal(c.busy_timeout_ms, 5000);
	assert_int_equal(c.retention_days, 0);
	assert_string_equal(c.supervisor_group, "soudan-sv");
	const struct codelist *ct = config_list(&c, LIST_CALL_TYPE);
	assert_int_equal(ct->n, 6);
	assert_string_equal(ct->codes[0].key, "consult");
	assert_string_equal(codelist_label(ct, "silent"), "無言");
	assert_int_equal(config_list(&c, LIST_CONCERN)->n, 14);
	assert_true(config_list(&c, LIST_CONCERN)->multi);
	assert_false(config_list(&c, LIST_URGENCY)->multi);
	assert_int_equal(config_list(&c, LIST_RESOURCE_CATEGORY)->n, 22);
	assert_int_equal(config_list(&c, LIST_REGION)->n, 0);
	assert_int_equal(codelist_find(config_list(&c, LIST_AGE_BAND), "15-19"), 1);
	assert_int_equal(codelist_find(config_list(&c, LIST_AGE_BAND), "nope"), -1);
	assert_null(codelist_label(ct, NULL));
	assert_true(codelist_has_unknown(config_list(&c, LIST_CALLER)));
	assert_false(codelist_has_unknown(config_list(&c, LIST_URGENCY)));
	config_free(&c);
}

static void test_good_file(void **state)
{
	struct config c;
	struct error err = {0};
	assert_int_equal(config_load_file(&c, DATA "good.ini", &err), ST_OK);
	assert_string_equal(c.site, "テスト窓口");
	/* relative to the directory of the file that names it */
	assert_string_equal(c.db_path, DATA "data/x.db");
	assert_int_equal(c.busy_timeout_ms, 250);
	assert_int_equal(c.retention_days, 365);
	assert_string_equal(c.supervisor_group, "staff");
	const struct codelist *r = config_list(&c, LIST_REGION);
	assert_int_equal(r->n, 2);
	assert_string_equal(r->codes[1].label, "南区"); /* quotes and comment removed */
	/* a list section replaces the default list, in the file's order */
	const struct codelist *u = config_list(&c, LIST_URGENCY);
	assert_int_equal(u->n, 2);
	assert_string_equal(u->codes[0].key, "urgent");
	assert_string_equal(u->codes[1].key, "none");
	/* lists the file does not name keep their defaults */
	assert_int_equal(config_list(&c, LIST_CONCERN)->n, 14);
	config_free(&c);
}

static void expect_bad(const char *name, enum status st, long line, const char *field,
		       const char *needle)
{
	struct config c;
	struct error err = {0};
	char path[256];
	snprintf(path, sizeof path, DATA "%s", name);
	enum status rc = config_load_file(&c, path, &err);
	if (rc != st || err.line != line || strcmp(err.field, field) ||
	    !strstr(err.msg, needle))
		print_error("%s: got status %d line %ld field '%s' msg '%s'\n", name, rc,
			    err.line, err.field, err.msg);
	assert_int_equal(rc, st);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_non_null(strstr(err.msg, needle));
	/* still a usable default config after a failure */
	assert_non_null(c.site);
	assert_int_equal(config_list(&c, LIST_CALL_TYPE)->n, 6);
	config_free(&c);
}

static void test_bad_files(void **state)
{
	expect_bad("dup_section.ini", ST_CONFIG, 3, "", "twice");
	expect_bad("dup_key.ini", ST_CONFIG, 3, "work", "first on line 2");
	expect_bad("colon.ini", ST_CONFIG, 1, "", "section names");
	expect_bad("unknown_section.ini", ST_CONFIG, 1, "", "unknown section [colours]");
	expect_bad("unknown_key.ini", ST_CONFIG, 2, "busy", "unknown key");
	expect_bad("bad_int.ini", ST_CONFIG, 2, "busy_timeout_ms", "whole number");
	expect_bad("upper_key.ini", ST_CONFIG, 2, "Work", "lower-case");
	expect_bad("empty_label.ini", ST_CONFIG, 2, "work", "empty value");
	expect_bad("bad_utf8.ini", ST_CONFIG, 3, "", "invalid UTF-8 at byte 8");
	expect_bad("empty_list.ini", ST_CONFIG, 0, "", "[concern] lists no codes");
	expect_bad("no_section.ini", ST_CONFIG, 1, "", "before the first");
	expect_bad("open_section.ini", ST_CONFIG, 1, "", "must end with");
	expect_bad("no_equals.ini", ST_CONFIG, 2, "", "key = value");
	expect_bad("backslash.ini", ST_CONFIG, 2, "work", "backslash");
	expect_bad("control.ini", ST_CONFIG, 2, "work", "control");
	expect_bad("bom.ini", ST_CONFIG, 1, "", "byte-order mark");
	expect_bad("long_line.ini", ST_CONFIG, 2, "", "longer than 1000 bytes");
	expect_bad("wide_site.ini", ST_CONFIG, 2, "name", "40 display columns");
	expect_bad("bad_group.ini", ST_CONFIG, 2, "supervisor_group", "group");
	expect_bad("does-not-exist.ini", ST_NOINPUT, 0, "", "cannot open");
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The search with a system file of the test's own: the host's /etc/soudan
 * never decides what this test sees. */
static void test_search_order(void **state)
{
	char dir[] = "/tmp/soudan-cfg-XXXXXX", path[128], sys[128];
	struct config c;
	struct error err = {0};
	assert_non_null(mkdtemp(dir));
	unsetenv("SOUDAN_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	snprintf(sys, sizeof sys, "%s/system.ini", dir);

	/* nothing there: built-in defaults, no file */
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_null(c.path);
	assert_string_equal(c.db_path, "/srv/data/soudan/soudan.db");
	config_free(&c);

	/* the system file when there is no personal one */
	write_file(sys, "[site]\nname = システム設定\n");
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_string_equal(c.site, "システム設定");
	assert_string_equal(c.path, sys);
	config_free(&c);

	/* the XDG file before it */
	snprintf(path, sizeof path, "%s/soudan", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/soudan/soudan.ini", dir);
	write_file(path, "[site]\nname = 個人設定\n");
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_string_equal(c.site, "個人設定");
	config_free(&c);

	/* $SOUDAN_CONFIG wins over XDG, --config over both */
	setenv("SOUDAN_CONFIG", DATA "good.ini", 1);
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_string_equal(c.site, "テスト窓口");
	config_free(&c);
	assert_int_equal(config_search(&c, "conf/soudan.ini", sys, &err), ST_OK);
	assert_string_equal(c.site, "ひきこもり相談ダイヤル");
	config_free(&c);

	/* a named file that is missing is an error, not a silent default */
	setenv("SOUDAN_CONFIG", "/nonexistent/soudan.ini", 1);
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_NOINPUT);
	config_free(&c);
	unsetenv("SOUDAN_CONFIG");

	/* an unreadable XDG file is reported, not skipped */
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(config_search(&c, NULL, sys, &err), ST_NOPERM);
		config_free(&c);
	}
	unlink(path);
	unlink(sys);
	snprintf(path, sizeof path, "%s/soudan", dir);
	rmdir(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file_equals_defaults),
		cmocka_unit_test(test_defaults_match_domain),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_search_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
