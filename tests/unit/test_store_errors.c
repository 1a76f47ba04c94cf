/* Every SQLite result checked: each store operation is run again and again,
 * with its first, second, third... step failing (store_inject_step_failure),
 * until it runs through. Every failing run must report the failure, with the
 * status the failure means, and change nothing; none may read an error as
 * "no rows" and carry on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/store.h"
#include "soudan/timeutil.h"

struct fixture {
	char dir[64], path[128];
	struct store *s;
	struct error err;
	char id[ID_LEN + 1];
};

static long long sql_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void a_call(struct call *c, const char *operator_name)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup("横浜");
	c->operator_name = xstrdup(operator_name);
	c->started_at = 1795000000;
	c->ended_at = 1795000300;
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	c->coded[CF_OUTCOME] = xstrdup("phone");
	c->next_contact = xstrdup("2026-12-01");
	strlist_add(&c->multi[CM_CONCERNS], "future");
	call_set(&c->notes, "母より");
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct call c;

	setenv("TZ", "Asia/Tokyo", 1);
	snprintf(f->dir, sizeof f->dir, "/tmp/soudan-errors-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/soudan.db", f->dir);
	assert_int_equal(store_open(&f->s, f->path, 0, 200, &f->err), ST_OK);
	a_call(&c, "tanaka");
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	memcpy(f->id, c.id, sizeof f->id);
	call_free(&c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	store_close(f->s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* What a failing run must leave as it was. */
static long long fingerprint(struct store *s)
{
	return sql_int(s, "SELECT (SELECT count(*) FROM calls) * 1000000"
			  " + (SELECT sum(version) FROM calls) * 1000 + (SELECT count(*) FROM audit)"
			  " + (SELECT count(*) FROM drafts) * 100");
}

/* Run op with step n failing (SQLITE_IOERR, or BUSY), for n = 1, 2, ...
 * until it succeeds; every failing run reports want and changes nothing. */
typedef enum status (*op_fn)(struct fixture *f);

static int each_step_fails(struct fixture *f, op_fn op, int rc, enum status want)
{
	int n;

	for (n = 1; n < 200; n++) {
		long long before = fingerprint(f->s);
		enum status st;

		error_clear(&f->err);
		store_inject_step_failure(f->s, n, rc);
		st = op(f);
		store_inject_step_failure(f->s, 0, 0);
		if (st == ST_OK)
			return n; /* ran through before step n */
		if (st != want)
			fail_msg("step %d failing gave status %d (%s), not %d", n, st, f->err.msg, want);
		assert_true(f->err.msg[0] != '\0');
		assert_true(fingerprint(f->s) == before);
	}
	fail_msg("never ran through");
	return n;
}

static enum status op_exists(struct fixture *f)
{
	bool exists = false;
	enum status st = store_call_exists(f->s, f->id, &exists, &f->err);

	if (!st && !exists)
		fail_msg("an existing call reported missing");
	return st;
}

static enum status op_edit_as_other(struct fixture *f)
{
	struct call c;
	enum status st;

	/* Another operator, no supervisor: the ownership check must refuse,
	 * and a failing read of the owner must never let the edit through. */
	if ((st = store_call_get(f->s, f->id, &c, &f->err)))
		return st;
	call_set(&c.notes, "上書きの試み");
	st = store_call_save(f->s, &c, "suzuki", &f->err);
	call_free(&c);
	if (st == ST_OK)
		fail_msg("another operator's edit went through");
	return st == ST_NOPERM ? ST_OK : st;
}

static enum status op_save(struct fixture *f)
{
	struct call c;
	enum status st;

	if ((st = store_call_get(f->s, f->id, &c, &f->err)))
		return st;
	call_set(&c.notes, "母より、追記");
	st = store_call_save(f->s, &c, "tanaka", &f->err);
	call_free(&c);
	return st;
}

static enum status op_followup_close(struct fixture *f)
{
	return store_followup_close(f->s, f->id, "other", "tanaka", &f->err);
}

static enum status op_json(struct fixture *f)
{
	static const char json[] = "{\"started_at\":\"2026-11-22T10:05:00+09:00\","
				   "\"call_type\":\"consult\",\"concerns\":[\"future\",\"work\"],"
				   "\"referrals\":[{\"resource\":\"r-1\",\"consent\":true}]}";
	struct call c;
	enum status st;

	call_init(&c);
	st = store_call_from_json(f->s, json, strlen(json), &c, &f->err);
	if (!st && (c.multi[CM_CONCERNS].n != 2 || c.nreferrals != 1))
		fail_msg("a parse that ran through lost part of the call");
	call_free(&c);
	return st;
}

static void report_nothing(bool ok, const char *what, void *ctx)
{
	(void)what;
	*(int *)ctx += !ok;
}

static enum status op_check(struct fixture *f)
{
	int failed = 0;
	enum status st = store_check(f->s, report_nothing, &failed, &f->err);

	/* The modes of a test directory may fail; what matters: a failing
	 * step is never "all ok". */
	return st == ST_OK && failed == 0 ? ST_OK : ST_IOERR;
}

static void test_call_exists(void **state)
{
	assert_int_equal(each_step_fails(*state, op_exists, SQLITE_IOERR, ST_IOERR), 2);
}

static void test_ownership_check(void **state)
{
	assert_true(each_step_fails(*state, op_edit_as_other, SQLITE_IOERR, ST_IOERR) > 2);
}

static void test_save(void **state)
{
	struct fixture *f = *state;

	assert_true(each_step_fails(f, op_save, SQLITE_IOERR, ST_IOERR) > 5);
	assert_int_equal(sql_int(f->s, "SELECT version FROM calls"), 2);
}

/* A busy database is "busy, try again", never "no such call". */
static void test_followup_busy(void **state)
{
	struct fixture *f = *state;

	assert_true(each_step_fails(f, op_followup_close, SQLITE_BUSY, ST_TEMPFAIL) > 2);
	assert_int_equal(sql_int(f->s, "SELECT followup_closed_at IS NOT NULL FROM calls"), 1);
}

static void test_json(void **state)
{
	assert_true(each_step_fails(*state, op_json, SQLITE_IOERR, ST_IOERR) > 4);
}

static void test_check(void **state)
{
	struct fixture *f = *state;
	int failed = 0;

	/* A clean run first, so that every later failure is the injected one. */
	chmod(f->dir, 0700);
	chmod(f->path, 0660);
	if (store_check(f->s, report_nothing, &failed, &f->err) != ST_OK)
		fail_msg("check fails without injection: %s", f->err.msg);
	assert_true(each_step_fails(f, op_check, SQLITE_IOERR, ST_IOERR) > 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_call_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ownership_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_followup_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
