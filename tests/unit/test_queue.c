/* The screen's writer thread: drafts and saves go through in order while the
 * caller never waits; a database locked by someone else makes them wait and
 * retry, never fail; a call taken over moves its draft aside and later drafts
 * follow; what cannot be written by the time the program stops is rescued to
 * a file and comes back as a separate draft. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/queue.h"
#include "soudan/store.h"
#include "soudan/timeutil.h"

struct fixture {
	char dir[64], path[128], rescue[128];
	struct store *s;
	struct store_queue *q;
	struct error err;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	setenv("TZ", "Asia/Tokyo", 1);
	snprintf(f->dir, sizeof f->dir, "/tmp/soudan-queue-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/soudan.db", f->dir);
	snprintf(f->rescue, sizeof f->rescue, "%s/rescue", f->dir);
	assert_int_equal(store_open(&f->s, f->path, 0, 1000, &f->err), ST_OK);
	assert_int_equal(store_queue_start(&f->q, f->path, 100, false, &f->err), ST_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];
	struct queue_lost lost;

	if (f->q)
		store_queue_stop(f->q, 1000, NULL, &lost);
	store_close(f->s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void a_call(struct call *c, const char *notes)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup("横浜ひきこもり相談ダイヤル");
	c->operator_name = xstrdup(store_whoami());
	c->started_at = time_now() - 60;
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	call_set(&c->notes, notes);
}

/* The next result within ms, or fail. */
static void wait_result(struct store_queue *q, struct job_result *r, int ms)
{
	double until = now_ms() + ms;

	while (!store_queue_poll(q, r)) {
		if (now_ms() > until)
			fail_msg("no result within %d ms", ms);
		usleep(5000);
	}
}

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

static void test_draft_then_save(void **state)
{
	struct fixture *f = *state;
	struct job_result r;
	struct call c;
	long t1, t2, t3;

	a_call(&c, "一");
	t1 = store_queue_draft(f->q, c.id, &c);
	call_set(&c.notes, "一、二");
	t2 = store_queue_draft(f->q, c.id, &c);
	t3 = store_queue_save(f->q, c.id, &c, store_whoami());
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.kind, JOB_DRAFT);
	assert_int_equal(r.status, ST_OK);
	/* Coalesced when still waiting, else in order: never the older text last. */
	assert_true(r.ticket == t1 || r.ticket == t2);
	if (r.ticket == t1 && t1 != t2) {
		wait_result(f->q, &r, 5000);
		assert_int_equal(r.ticket, t2);
	}
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.kind, JOB_SAVE);
	assert_int_equal(r.ticket, t3);
	assert_int_equal(r.status, ST_OK);
	assert_int_equal(r.version, 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM calls WHERE notes = '一、二'"), 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM drafts"), 0);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM leases"), 0);
	call_free(&c);
}

/* A lock held by hand (longer than the busy timeout): submitting returns at
 * once, the save waits and retries, and lands when the lock goes. */
static void test_locked_database_waits(void **state)
{
	struct fixture *f = *state;
	struct job_result r;
	struct call c;
	sqlite3 *other;
	double t0;
	bool busy = false;
	enum job_kind kind = JOB_SAVE;

	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	a_call(&c, "ロック中に保存");
	t0 = now_ms();
	store_queue_draft(f->q, c.id, &c);
	store_queue_save(f->q, c.id, &c, store_whoami());
	assert_true(now_ms() - t0 < 50);
	usleep(600000);
	assert_false(store_queue_poll(f->q, &r));
	assert_int_equal(store_queue_pending(f->q, &busy), 2);
	assert_true(busy);
	assert_true(store_queue_waiting(f->q, &kind));
	assert_int_equal(kind, JOB_DRAFT); /* the first in line: the status line names it */
	assert_true(store_queue_saving(f->q, c.id));
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.status, ST_OK);
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.kind, JOB_SAVE);
	assert_int_equal(r.status, ST_OK);
	assert_false(store_queue_saving(f->q, c.id));
	assert_false(store_queue_waiting(f->q, &kind));
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM calls"), 1);
	call_free(&c);
}

/* A help request that waits for a locked database keeps the key's time:
 * the wait supervisors see is not shortened by the lock. */
static void test_help_keeps_the_key_time(void **state)
{
	struct fixture *f = *state;
	struct job_result r;
	struct call c;
	sqlite3 *other;
	int64_t asked = time_now();

	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	a_call(&c, "ロック中に応援要請");
	store_queue_help(f->q, &c, store_whoami());
	usleep(2200000);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.kind, JOB_HELP);
	assert_int_equal(r.status, ST_OK);
	assert_true(r.help.raised_at <= asked + 1);
	assert_true(r.done_at - r.help.raised_at >= 2);
	call_free(&c);
}

/* Another live session holds the call: the draft goes aside (ST_CONFLICT,
 * a new id), and the next draft of the old id follows it there. */
static void test_taken_over_moves_the_draft(void **state)
{
	struct fixture *f = *state;
	struct job_result r;
	struct call c;
	char sql[400], moved[ID_LEN + 1];

	a_call(&c, "私の記録");
	snprintf(sql, sizeof sql,
		 "INSERT INTO leases VALUES ('%s', 'another-session', 'suzuki', 'host2', 'pts/9',"
		 " 1, %lld, %lld)", c.id, (long long)time_now(), (long long)time_now() + 3600);
	assert_int_equal(sqlite3_exec(store_db(f->s), sql, NULL, NULL, NULL), SQLITE_OK);
	store_queue_draft(f->q, c.id, &c);
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.status, ST_CONFLICT);
	assert_non_null(strstr(r.err.msg, "suzuki"));
	assert_string_not_equal(r.draft_id, c.id);
	memcpy(moved, r.draft_id, sizeof moved);
	call_set(&c.notes, "私の記録、続き");
	store_queue_draft(f->q, c.id, &c);
	wait_result(f->q, &r, 5000);
	assert_int_equal(r.status, ST_OK);
	assert_string_equal(r.draft_id, moved);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM drafts WHERE id = '%s' AND call_id = '%s'"
		 " AND json_extract(data, '$.notes') = '私の記録、続き'", moved, c.id);
	assert_int_equal(sql_int(f->s, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM drafts WHERE id = '%s'", c.id);
	assert_int_equal(sql_int(f->s, sql), 0); /* nothing under the holder's draft */
	call_free(&c);
}

/* Stopping while the database stays locked: the draft is rescued to a file
 * (0600), and the next start brings it back as a separate draft, with the
 * debrief reason chosen. A rescue file of an older version (three lines,
 * no reason) still loads. */
static void test_stop_rescues_what_is_left(void **state)
{
	struct fixture *f = *state;
	struct call c;
	sqlite3 *other;
	struct queue_lost lost;
	long loaded = 0;
	char file[256];

	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	a_call(&c, "切断の直前に書いた言葉");
	c.debrief = true;
	call_set(&c.debrief_reason, "abuse");
	store_queue_draft(f->q, c.id, &c);
	store_queue_stop(f->q, 300, f->rescue, &lost);
	f->q = NULL;
	assert_int_equal(lost.drafts, 0);
	snprintf(file, sizeof file, "%s/%s.draft", f->rescue, c.id);
	assert_int_equal(access(file, R_OK), 0);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM drafts"), 0);
	assert_int_equal(store_rescue_load(f->s, f->rescue, "tanaka", &loaded, &f->err), ST_OK);
	assert_int_equal(loaded, 1);
	assert_int_equal(access(file, F_OK), -1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM drafts WHERE"
				       " json_extract(data, '$.notes') = '切断の直前に書いた言葉'"
				       " AND debrief_reason = 'abuse'"),
			 1);
	{
		FILE *fp = fopen(file, "w");
		char json[200];

		assert_non_null(fp);
		snprintf(json, sizeof json, "{\"id\":\"%s\",\"started_at\":"
			 "\"2026-11-22T10:00:00+09:00\",\"call_type\":\"consult\"}", c.id);
		fprintf(fp, "%s\n0\n%s\n", c.id, json);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(store_rescue_load(f->s, f->rescue, "tanaka", &loaded, &f->err), ST_OK);
	assert_int_equal(loaded, 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM drafts"), 2);
	call_free(&c);
}

/* A shift log entry queued while the database stays locked goes to a
 * rescue file (newlines and all) and is written once, by its author, at the
 * next start; an acknowledgement cannot wait for another run: it is counted
 * as not made, for the screen to say so. */
static void test_stop_rescues_entries(void **state)
{
	struct fixture *f = *state;
	struct queue_lost lost;
	sqlite3 *other;
	long loaded = 0;
	char id[ID_LEN + 1], file[256];

	id_new(id);
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	store_queue_shift_add(f->q, id, "港北", "夜間の電話は\n二件とも継続", "tanaka");
	store_queue_help_ack(f->q, id, "tanaka");
	store_queue_stop(f->q, 300, f->rescue, &lost);
	f->q = NULL;
	assert_int_equal(lost.drafts, 0);
	assert_int_equal(lost.entries, 0);
	assert_int_equal(lost.actions, 1);
	snprintf(file, sizeof file, "%s/%s.shift", f->rescue, id);
	assert_int_equal(access(file, R_OK), 0);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(store_rescue_load(f->s, f->rescue, "tanaka", &loaded, &f->err), ST_OK);
	assert_int_equal(loaded, 1);
	assert_int_equal(access(file, F_OK), -1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM shift_log WHERE author = 'tanaka'"
				       " AND site = '港北' AND text = '夜間の電話は' || char(10) || '二件とも継続'"),
			 1);
	/* A file that is not an entry is refused and kept aside, so that it
	 * never holds back the others at each start. */
	{
		FILE *fp = fopen(file, "w");

		assert_non_null(fp);
		fprintf(fp, "%s\n港北\nnot json\n", id);
		assert_int_equal(fclose(fp), 0);
	}
	{
		/* beside it, a good draft */
		char did[ID_LEN + 1], dfile[300];
		FILE *fp;

		id_new(did);
		snprintf(dfile, sizeof dfile, "%s/%s.draft", f->rescue, did);
		assert_non_null(fp = fopen(dfile, "w"));
		fprintf(fp, "%s\n0\n{\"id\":\"%s\",\"started_at\":\"2026-11-22T10:00:00+09:00\","
			"\"call_type\":\"consult\"}\n", did, did);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(store_rescue_load(f->s, f->rescue, "tanaka", &loaded, &f->err), ST_DATAERR);
	assert_int_equal(loaded, 1); /* the good draft came back all the same */
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM drafts"), 1);
	assert_int_equal(access(file, F_OK), -1);
	{
		char aside[300];

		snprintf(aside, sizeof aside, "%s.refused", file);
		assert_int_equal(access(aside, R_OK), 0); /* kept aside, not lost */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_then_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_database_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_keeps_the_key_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_taken_over_moves_the_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_rescues_what_is_left, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_rescues_entries, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
