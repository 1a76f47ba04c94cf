/* The store: opening, hardening, calls, drafts, audit chain, JSON parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/store.h"
#include "soudan/timeutil.h"

#include "store_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_open("store", "sub/soudan.db");

	*state = f;
	return 0;
}

static void sample_call(struct call *c)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup("横浜ひきこもり相談ダイヤル");
	c->operator_name = xstrdup("tanaka");
	assert_true(time_parse_iso("2026-11-22T10:05:00+09:00", &c->started_at));
	assert_true(time_parse_iso("2026-11-22T10:31:40+09:00", &c->ended_at));
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	c->coded[CF_CALLER] = xstrdup("mother");
	c->coded[CF_OUTCOME] = xstrdup("phone");
	strlist_add(&c->multi[CM_CONCERNS], "future");
	strlist_add(&c->multi[CM_CONCERNS], "economy");
	strlist_add(&c->multi[CM_CONTINUATION_REASONS], "wish");
	c->case_code = xstrdup("K7Q2-9MXD");
	c->nickname = xstrdup("みどり");
	c->next_contact = xstrdup("2026-11-29");
	free(c->notes);
	c->notes = xstrdup("母より。息子（40代）が10年以上自室中心の生活。");
}

static char *json_of(const struct call *c)
{
	struct buf b;

	buf_init(&b);
	call_to_json(c, &b);
	return buf_take(&b);
}

static void test_new_database_is_private(void **state)
{
	struct fixture *f = *state;
	struct stat sb;
	char sub[160];

	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0007, 0);
	snprintf(sub, sizeof sub, "%s/sub", f->dir);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 0007, 0);
	{
		int v = 0;

		assert_int_equal(store_schema_version(f->s, &v, &f->err), ST_OK);
		assert_true(v > 0);
	}
}

static void test_insert_get_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct call c, back;
	char *a, *b;

	sample_call(&c);
	assert_int_equal(call_validate(&c, &f->cfg, &f->err), ST_OK);
	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(store_call_insert(f->s, &c, &f->err), ST_OK);
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
	assert_int_equal(store_call_get(f->s, c.id, &back, &f->err), ST_OK);
	a = json_of(&c);
	b = json_of(&back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	call_free(&back);
	/* The same id again is refused, and names the field. */
	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(store_call_insert(f->s, &c, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "id");
	store_rollback(f->s);
	call_free(&c);
}

static void test_json_roundtrip_through_parser(void **state)
{
	struct fixture *f = *state;
	struct call c, back;
	char *a, *b;

	sample_call(&c);
	call_add_referral(&c, "r-1", true, "電話番号を案内\n\"引用\"");
	c.debrief = true;
	a = json_of(&c);
	call_init(&back);
	assert_int_equal(store_call_from_json(f->s, a, strlen(a), &back, &f->err), ST_OK);
	b = json_of(&back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	call_free(&back);
	call_free(&c);
}

static enum status parse(struct fixture *f, const char *json)
{
	struct call c;
	enum status rc;

	call_init(&c);
	error_clear(&f->err);
	rc = store_call_from_json(f->s, json, strlen(json), &c, &f->err);
	call_free(&c);
	return rc;
}

static void test_json_errors_name_the_field(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "{\"call_type\":"), ST_DATAERR);
	assert_int_equal(parse(f, "[1,2]"), ST_DATAERR);
	assert_int_equal(parse(f, "{\"colour\":\"red\"}"), ST_DATAERR);
	assert_string_equal(f->err.field, "colour");
	assert_int_equal(parse(f, "{\"concerns\":\"work\"}"), ST_DATAERR);
	assert_string_equal(f->err.field, "concerns");
	assert_int_equal(parse(f, "{\"started_at\":\"yesterday\"}"), ST_DATAERR);
	assert_string_equal(f->err.field, "started_at");
	assert_int_equal(parse(f, "{\"notes\":\"a\\u0000b\"}"), ST_DATAERR);
	assert_int_equal(parse(f, "{\"notes\":\"a\\\\u0000b\"}"), ST_OK); /* an escaped backslash */
	assert_int_equal(parse(f, "{\"notes\":\"\xff\"}"), ST_DATAERR);
	assert_int_equal(parse(f, "{\"debrief\":1}"), ST_DATAERR);
	assert_int_equal(parse(f, "{\"notes\":\"a\",\"notes\":\"b\"}"), ST_DATAERR);
	assert_int_equal(parse(f, "{\"referrals\":[{\"consent\":true}]}"), ST_DATAERR);
	assert_int_equal(parse(f, "{\"call_type\":\"consult\",\"notes\":null}"), ST_OK);
}

static void test_unknown_code_and_resource(void **state)
{
	struct fixture *f = *state;
	struct call c;

	sample_call(&c);
	call_set(&c.coded[CF_CALLER], "uncle");
	assert_int_equal(call_validate(&c, &f->cfg, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "caller");
	call_set(&c.coded[CF_CALLER], "mother");
	call_add_referral(&c, "r-nowhere", false, NULL);
	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(store_call_insert(f->s, &c, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "referrals");
	store_rollback(f->s);
	{
		bool exists = true;

		assert_int_equal(store_call_exists(f->s, c.id, &exists, &f->err), ST_OK);
		assert_false(exists);
	}
	call_free(&c);
}

static void test_save_removes_draft_and_audits(void **state)
{
	struct fixture *f = *state;
	struct call c, d;
	struct audit_anchor head;

	sample_call(&c);
	assert_int_equal(store_draft_put(f->s, &c, &f->err), ST_OK);
	assert_int_equal(store_draft_get(f->s, c.id, &d, &f->err), ST_OK);
	assert_string_equal(d.notes, c.notes);
	call_free(&d);
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(store_draft_get(f->s, c.id, &d, &f->err), ST_NOINPUT);
	call_free(&d);
	call_set(&c.notes, "更新");
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(store_audit_verify(f->s, NULL, &head, &f->err), ST_OK);
	assert_int_equal(head.seq, 2);
	call_free(&c);
}

static void test_audit_tamper_shows(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = store_db(f->s);

	for (int i = 0; i < 3; i++)
		assert_int_equal(store_audit(f->s, "tanaka", "create", "call", "x", NULL, "{}", &f->err),
				 ST_OK);
	/* The triggers refuse an edit... */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET operator='x' WHERE seq=2", 0, 0, 0),
			     SQLITE_OK);
	/* ...and one who drops them is still caught by the chain. */
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_no_update", 0, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET operator='x' WHERE seq=2", 0, 0, 0),
			 SQLITE_OK);
	assert_int_equal(store_audit_verify(f->s, NULL, NULL, &f->err), ST_DATAERR);
	assert_non_null(strstr(f->err.msg, "2"));
}

static void test_audit_delete_shows(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = store_db(f->s);

	for (int i = 0; i < 3; i++)
		assert_int_equal(store_audit(f->s, "tanaka", "create", "call", "x", NULL, "{}", &f->err),
				 ST_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_no_delete", 0, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM audit WHERE seq=2", 0, 0, 0), SQLITE_OK);
	assert_int_equal(store_audit_verify(f->s, NULL, NULL, &f->err), ST_DATAERR);
}

static void test_not_a_database(void **state)
{
	struct fixture *f = *state;
	char path[160];
	struct store *s = NULL;
	FILE *fp;

	snprintf(path, sizeof path, "%s/text.db", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not a database, it is a shopping list\n", fp);
	fclose(fp);
	assert_int_equal(store_open(&s, path, 0, 100, &f->err), ST_DATAERR);
	assert_null(s);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fgetc(fp), 't'); /* nothing was overwritten */
	fclose(fp);
}

static void test_foreign_sqlite_database(void **state)
{
	struct fixture *f = *state;
	char path[160];
	struct store *s = NULL;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&s, path, 0, 100, &f->err), ST_DATAERR);
	assert_non_null(strstr(f->err.msg, "not soudan"));
}

static void test_readonly_database(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;

	if (geteuid() == 0) {
		/* root ignores file modes; the read-only open flag is what we can test. */
		assert_int_equal(store_open(&s, f->path, STORE_READONLY, 100, &f->err), ST_OK);
		assert_int_not_equal(sqlite3_exec(store_db(s), "DELETE FROM calls", 0, 0, 0),
				     SQLITE_OK);
		store_close(s);
		return;
	}
	assert_int_equal(chmod(f->path, 0440), 0);
	assert_int_equal(store_open(&s, f->path, 0, 100, &f->err), ST_NOPERM);
	assert_int_equal(chmod(f->path, 0660), 0);
}

static void test_missing_database_readonly(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	char path[160];

	snprintf(path, sizeof path, "%s/none.db", f->dir);
	assert_int_equal(store_open(&s, path, STORE_READONLY, 100, &f->err), ST_NOINPUT);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_busy_database(void **state)
{
	struct fixture *f = *state;
	struct store *other = NULL;
	struct call c;

	assert_int_equal(store_open(&other, f->path, 0, 50, &f->err), ST_OK);
	assert_int_equal(store_begin(other, &f->err), ST_OK);
	sample_call(&c);
	/* Held by another writer beyond the busy timeout: busy, try again. */
	store_close(f->s);
	assert_int_equal(store_open(&f->s, f->path, 0, 50, &f->err), ST_OK);
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_TEMPFAIL);
	store_rollback(other);
	store_close(other);
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	call_free(&c);
}

/* Reading never pins a snapshot: after a lookup outside a transaction, a
 * colleague's commit must not make this connection's next write fail (a
 * cached statement left on a row did, with SQLITE_BUSY_SNAPSHOT). */
static void test_reads_leave_no_snapshot(void **state)
{
	struct fixture *f = *state;
	struct store *other = NULL;
	struct call mine, theirs, back;

	sample_call(&mine);
	assert_int_equal(store_call_save(f->s, &mine, "tanaka", &f->err), ST_OK);
	{
		bool exists = false;

		assert_int_equal(store_call_exists(f->s, mine.id, &exists, &f->err), ST_OK);
		assert_true(exists);
	}
	assert_int_equal(store_call_get(f->s, mine.id, &back, &f->err), ST_OK);
	call_free(&back);
	assert_int_equal(store_open(&other, f->path, 0, 50, &f->err), ST_OK);
	sample_call(&theirs);
	assert_int_equal(store_call_save(other, &theirs, "suzuki", &f->err), ST_OK);
	store_close(other);
	assert_int_equal(store_draft_put(f->s, &mine, &f->err), ST_OK);
	assert_int_equal(store_call_save(f->s, &mine, "tanaka", &f->err), ST_OK);
	call_free(&mine);
	call_free(&theirs);
}

static void test_cases_and_followups(void **state)
{
	struct fixture *f = *state;
	char code[CASE_CODE_LEN + 1];
	struct call c;

	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(store_case_create(f->s, "さくら", code, &f->err), ST_OK);
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
	assert_int_equal(strlen(code), CASE_CODE_LEN);
	sample_call(&c);
	call_set(&c.case_code, code);
	call_set(&c.nickname, NULL);
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(store_followup_reschedule(f->s, c.id, "2026-02-30", "tanaka", &f->err), ST_DATAERR);
	assert_int_equal(store_followup_reschedule(f->s, c.id, "2099-12-01", "tanaka", &f->err), ST_OK);
	assert_int_equal(store_followup_assign(f->s, c.id, "suzuki", "tanaka", &f->err), ST_OK);
	assert_int_equal(store_followup_close(f->s, c.id, "visit", "tanaka", &f->err), ST_OK);
	assert_int_equal(store_followup_close(f->s, "no-such-call", "visit", "tanaka", &f->err), ST_NOINPUT);
	{
		/* each change is audited with before and after; the failures are not */
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->s),
			"SELECT group_concat(action), count(*) FROM audit WHERE action LIKE 'followup%'"
			" AND json_extract(\"after\", '$.assigned_to') = 'suzuki' OR action = 'followup_reschedule'",
			-1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0),
				    "followup_reschedule,followup_assign,followup_close");
		sqlite3_finalize(st);
	}
	assert_int_equal(store_audit_verify(f->s, NULL, NULL, &f->err), ST_OK);
	call_free(&c);
}

struct seen {
	char who[8][64];
	char when[8][16];
	int n;
};

static int on_followup_row(const struct call_row *r, void *ctx)
{
	struct seen *s = ctx;

	snprintf(s->who[s->n], sizeof s->who[0], "%s", r->assigned_to[0] ? r->assigned_to : r->operator_name);
	snprintf(s->when[s->n], sizeof s->when[0], "%s", r->next_contact);
	s->n++;
	return 0;
}

/* Mine first, then the others, each by date; a limit and the total. */
static void test_followups_mine_first(void **state)
{
	struct fixture *f = *state;
	static const char *const owner[] = {"tanaka", "suzuki", "tanaka", "suzuki", "sato"};
	static const char *const when[] = {"2026-11-01", "2026-11-05", "2026-10-01", "2026-11-02",
					   "2026-09-01"};
	struct seen s = {0};
	int64_t total = 0;
	sqlite3_stmt *st;

	for (int i = 0; i < 5; i++) {
		struct call c;

		sample_call(&c);
		call_set(&c.operator_name, owner[i]);
		call_set(&c.next_contact, when[i]);
		call_set(&c.case_code, NULL);
		assert_int_equal(store_call_save(f->s, &c, owner[i], &f->err), ST_OK);
		call_free(&c);
	}
	assert_int_equal(store_followups(f->s, "2026-11-30", "suzuki", 3, &total, on_followup_row,
					 &s, &f->err), ST_OK);
	assert_int_equal(total, 5);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.who[0], "suzuki");
	assert_string_equal(s.when[0], "2026-11-02");
	assert_string_equal(s.when[1], "2026-11-05");
	assert_string_equal(s.who[2], "sato"); /* the oldest of the others */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_followups(f->s, "2026-10-15", NULL, 0, NULL, on_followup_row, &s,
					 &f->err), ST_OK);
	assert_int_equal(s.n, 2);
	/* The mine-first query walks its partial index: no sort of the backlog. */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->s),
		"EXPLAIN QUERY PLAN SELECT id FROM calls c WHERE c.next_contact IS NOT NULL AND"
		" c.outcome IS NOT 'closed' AND c.followup_state IS NULL AND"
		" coalesce(c.assigned_to, c.operator) = 'x' AND c.next_contact <= '2026-12-31'"
		" ORDER BY c.next_contact", -1, &st, NULL), SQLITE_OK);
	{
		struct buf plan;

		buf_init(&plan);
		while (sqlite3_step(st) == SQLITE_ROW)
			buf_printf(&plan, "%s\n", (const char *)sqlite3_column_text(st, 3));
		assert_non_null(strstr(plan.s, "calls_by_owner"));
		assert_null(strstr(plan.s, "TEMP B-TREE"));
		buf_free(&plan);
	}
	sqlite3_finalize(st);
}

/* Operators change their own calls; supervisors any. The audit trail records
 * that free text changed, never the words (retention must be able to forget). */
static void test_roles_and_private_audit(void **state)
{
	struct fixture *f = *state;
	struct call c;
	sqlite3_stmt *st;

	sample_call(&c);
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	free(c.notes);
	c.notes = xstrdup("鈴木さんが書き換えた");
	assert_int_equal(store_call_save(f->s, &c, "suzuki", &f->err), ST_NOPERM);
	assert_non_null(strstr(f->err.msg, "tanaka"));
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	store_set_supervisor(f->s, true);
	assert_int_equal(store_call_save(f->s, &c, "suzuki", &f->err), ST_OK);
	store_set_supervisor(f->s, false);

	assert_int_equal(sqlite3_prepare_v2(store_db(f->s),
		"SELECT count(*), sum(instr(coalesce(before, '') || \"after\", '母より') +"
		" instr(coalesce(before, '') || \"after\", 'みどり') +"
		" instr(coalesce(before, '') || \"after\", '書き換えた')),"
		" sum(json_extract(\"after\", '$.notes') LIKE '[% bytes, edited]'),"
		" sum(json_extract(\"after\", '$.nickname') = '[9 bytes]')"
		" FROM audit WHERE entity = 'call'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 3); /* create, update, update */
	assert_int_equal(sqlite3_column_int(st, 1), 0); /* no words of notes or nickname */
	/* tanaka's update edited the notes; the supervisor's saved them unchanged */
	assert_int_equal(sqlite3_column_int(st, 2), 1);
	/* the nickname was never edited: its length only */
	assert_int_equal(sqlite3_column_int(st, 3), 3);
	sqlite3_finalize(st);
	call_free(&c);
}

static void test_purge_keeps_codes(void **state)
{
	struct fixture *f = *state;
	struct purge_counts n;
	struct call c, back;

	sample_call(&c);
	assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(store_purge(f->s, c.started_at + 1, true, "sv", &n, &f->err), ST_OK);
	assert_int_equal(n.notes, 1);
	assert_int_equal(store_call_get(f->s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, c.notes); /* dry run changed nothing */
	call_free(&back);
	assert_int_equal(store_call_hold(f->s, c.id, true, &f->err), ST_OK);
	assert_int_equal(store_purge(f->s, c.started_at + 1, false, "sv", &n, &f->err), ST_OK);
	assert_int_equal(n.notes, 0);
	assert_int_equal(n.held, 1);
	assert_int_equal(store_call_hold(f->s, c.id, false, &f->err), ST_OK);
	assert_int_equal(store_purge(f->s, c.started_at + 1, false, "sv", &n, &f->err), ST_OK);
	assert_int_equal(n.notes, 1);
	assert_int_equal(n.nicknames, 1);
	assert_int_equal(store_call_get(f->s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, "");
	assert_null(back.nickname);
	assert_string_equal(back.coded[CF_CALLER], "mother");
	assert_int_equal(back.multi[CM_CONCERNS].n, 2);
	call_free(&back);
	call_free(&c);
}

/* An in-memory store (the fuzz targets') makes no lock file beside a
 * database that has no file: none appears in the working directory. */
static void test_memory_store_no_lock_file(void **state)
{
	struct fixture *f = *state;
	struct store *m;
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(store_open(&m, ":memory:", 0, 100, &f->err), ST_OK);
	store_close(m);
	assert_int_equal(access(":memory:-lock", F_OK), -1);
	assert_int_equal(chdir(cwd), 0);
}

/* Values of the JSON the store wrote, read back with JSON1 (the history
 * screen names a follow-up's new date, owner or result from them). */
static void test_json_text(void **state)
{
	struct fixture *f = *state;
	char *v;

	assert_int_equal(store_json_text(f->s, "{\"next_contact\":\"2026-12-02\",\"assigned_to\":null,\"n\":3}",
					 "next_contact", &v, &f->err), ST_OK);
	assert_string_equal(v, "2026-12-02");
	free(v);
	/* null, a number, missing: no text */
	for (const char *const *key = (const char *const[]){"assigned_to", "n", "missing", NULL}; *key;
	     key++) {
		assert_int_equal(store_json_text(f->s, "{\"assigned_to\":null,\"n\":3}", *key, &v, &f->err),
				 ST_OK);
		assert_null(v);
	}
	assert_int_equal(store_json_text(f->s, "not json", "n", &v, &f->err), ST_OK);
	assert_null(v);
	assert_int_equal(store_json_text(f->s, "[\"a\"]", "n", &v, &f->err), ST_OK);
	assert_null(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_database_is_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_get_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_roundtrip_through_parser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_errors_name_the_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_code_and_resource, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_removes_draft_and_audits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_tamper_shows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_delete_shows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_sqlite_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_database_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_leave_no_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_and_followups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_followups_mine_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles_and_private_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_keeps_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_store_no_lock_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
