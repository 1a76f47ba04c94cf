/* Faults under a save: the disk fills up, another
 * process holds the database longer than the busy timeout. In each case the
 * save fails with a plain message and the right status, nothing is lost (the
 * draft and the call in memory stay, the database is unchanged), and the same
 * connection saves once the fault is gone.
 *
 * Disk full is injected with PRAGMA max_page_count, which makes SQLite return
 * SQLITE_FULL exactly as a full disk does, without root or a small file system. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/cli.h"
#include "soudan/store.h"
#include "soudan/timeutil.h"

#define BUSY_MS 200

struct fixture {
	char dir[64];
	char path[128];
	struct cli_env env;
	struct error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	snprintf(f->dir, sizeof f->dir, "/tmp/soudan-fault-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/soudan.db", f->dir);
	config_defaults(&f->env.cfg);
	assert_int_equal(store_open(&f->env.store, f->path, 0, BUSY_MS, &f->err), ST_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	cli_close(&f->env);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void make_call(struct call *c, const char *notes)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup("横浜ひきこもり相談ダイヤル");
	c->operator_name = xstrdup("tanaka");
	assert_true(time_parse_iso("2026-11-22T10:05:00+09:00", &c->started_at));
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	c->coded[CF_CALLER] = xstrdup("mother");
	strlist_add(&c->multi[CM_CONCERNS], "future");
	free(c->notes);
	c->notes = xstrdup(notes);
}

/* Notes of n bytes of Japanese text (3 bytes a character). */
static char *long_notes(size_t n)
{
	char *s = xmalloc(n + 1);

	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(s + i, "相", 3);
	s[n - n % 3] = '\0';
	return s;
}

static long long sql_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void assert_integrity_ok(struct store *s)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), "PRAGMA integrity_check", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
}

/* From now on the database may not grow by a single page. */
static void disk_full(struct store *s)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
		 sql_int(s, "PRAGMA page_count"));
	assert_int_equal(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
}

static void space_again(struct store *s)
{
	assert_int_equal(sqlite3_exec(store_db(s), "PRAGMA max_page_count = 1073741823", NULL,
				      NULL, NULL),
			 SQLITE_OK);
}

/* A message an operator can read: what failed and why, no SQL. */
static void assert_plain(const struct error *err, const char *why)
{
	print_message("the user sees: %s\n", err->msg);
	assert_non_null(strstr(err->msg, why));
	assert_null(strstr(err->msg, "INSERT"));
	assert_null(strstr(err->msg, "SELECT"));
	assert_null(strstr(err->msg, "UPDATE"));
}

static void test_disk_full_keeps_the_call_then_saves(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->env.store;
	char *notes = long_notes(200 * 1024), *longer;
	long long audit_before;
	struct call c, back;

	make_call(&c, notes);
	/* The screen has written the draft while the operator typed. */
	assert_int_equal(store_draft_put(s, &c, &f->err), ST_OK);
	audit_before = sql_int(s, "SELECT count(*) FROM audit");
	disk_full(s);
	assert_int_equal(store_call_save(s, &c, "tanaka", &f->err), ST_IOERR);
	assert_plain(&f->err, "disk is full");
	/* Nothing half-written: no call, no audit entry; the draft is intact. */
	assert_int_equal(sql_int(s, "SELECT count(*) FROM calls"), 0);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM audit"), audit_before);
	assert_int_equal(store_draft_get(s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, notes);
	call_free(&back);
	/* A later, longer draft needs pages too: it fails the same way and the
	 * earlier one stays. */
	longer = long_notes(250 * 1024);
	call_set(&c.notes, longer);
	assert_int_equal(store_draft_put(s, &c, &f->err), ST_IOERR);
	assert_plain(&f->err, "disk is full");
	assert_int_equal(store_draft_get(s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, notes);
	call_free(&back);
	/* Space returns: the same connection saves, the draft goes. */
	space_again(s);
	assert_int_equal(store_call_save(s, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(store_call_get(s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, longer);
	call_free(&back);
	assert_int_equal(store_draft_get(s, c.id, &back, &f->err), ST_NOINPUT);
	call_free(&back);
	assert_int_equal(store_audit_verify(s, NULL, NULL, &f->err), ST_OK);
	assert_integrity_ok(s);
	call_free(&c);
	free(longer);
	free(notes);
}

/* soudan import when the disk fills half-way: 74, nothing kept, then it works. */
static void test_disk_full_import_is_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->env.store;
	char file[160];
	FILE *fp;
	struct call c;
	struct buf b;

	snprintf(file, sizeof file, "%s/calls.jsonl", f->dir);
	buf_init(&b);
	for (int i = 0; i < 200; i++) {
		make_call(&c, "母より。息子（40代）が10年以上自室中心の生活。電話で継続。");
		call_set(&c.operator_name, store_whoami()); /* an operator imports as themselves */
		call_to_json(&c, &b);
		buf_putc(&b, '\n');
		call_free(&c);
	}
	fp = fopen(file, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(b.s, 1, b.len, fp), b.len);
	assert_int_equal(fclose(fp), 0);
	buf_free(&b);
	disk_full(s);
	assert_int_equal(cli_import(&f->env, file, NULL, &f->err), ST_IOERR);
	assert_plain(&f->err, "disk is full");
	assert_int_equal(sql_int(s, "SELECT count(*) FROM calls"), 0);
	/* The trail may say an import was tried and removed; never that it landed. */
	assert_int_equal(sql_int(s, "SELECT count(*) FROM audit WHERE action IN"
				    " ('import', 'import_batch')"), 0);
	space_again(s);
	assert_int_equal(cli_import(&f->env, file, NULL, &f->err), ST_OK);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM calls"), 200);
	assert_integrity_ok(s);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int count_call(const struct call *c, void *ctx)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

static void test_busy_longer_than_timeout(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->env.store, *other;
	struct call c, back;
	double t0, waited;
	int seen = 0;

	make_call(&c, "最初の通話");
	assert_int_equal(store_call_save(s, &c, "tanaka", &f->err), ST_OK);
	call_free(&c);
	make_call(&c, "二つ目の通話");
	assert_int_equal(store_draft_put(s, &c, &f->err), ST_OK);
	/* Another process (here a second connection) holds the write lock. */
	assert_int_equal(store_open(&other, f->path, 0, BUSY_MS, &f->err), ST_OK);
	assert_int_equal(store_begin(other, &f->err), ST_OK);
	t0 = now_ms();
	assert_int_equal(store_call_save(s, &c, "tanaka", &f->err), ST_TEMPFAIL);
	waited = now_ms() - t0;
	assert_plain(&f->err, "busy");
	assert_string_equal(status_name(f->err.status), "busy, try again");
	assert_int_equal((int)f->err.status, 75);
	/* It waited for the busy timeout before giving up, not failing at once. */
	assert_true(waited >= BUSY_MS * 0.9);
	/* Reading goes on meanwhile (WAL): statistics and exports still work. */
	assert_int_equal(store_calls_each(s, 0, 0, count_call, &seen, &f->err), ST_OK);
	assert_int_equal(seen, 1);
	/* Nothing lost: the draft is there, and the call saves once it is free. */
	assert_int_equal(store_draft_get(s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, "二つ目の通話");
	call_free(&back);
	store_rollback(other);
	assert_int_equal(store_call_save(s, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM calls"), 2);
	assert_int_equal(store_draft_get(s, c.id, &back, &f->err), ST_NOINPUT);
	call_free(&back);
	store_close(other);
	call_free(&c);
}

/* A lock held only briefly (shorter than the busy timeout) is waited out. */
static void test_busy_shorter_than_timeout_waits(void **state)
{
	struct fixture *f = *state;
	struct store *other;
	struct call c;
	pid_t pid;
	int status;

	store_close(f->env.store);
	assert_int_equal(store_open(&f->env.store, f->path, 0, 5000, &f->err), ST_OK);
	make_call(&c, "待てば保存できる");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct error err;

		if (store_open(&other, f->path, 0, 5000, &err) || store_begin(other, &err))
			_exit(1);
		usleep(300 * 1000);
		store_rollback(other);
		store_close(other);
		_exit(0);
	}
	usleep(100 * 1000); /* the child holds the lock by now */
	assert_int_equal(store_call_save(f->env.store, &c, "tanaka", &f->err), ST_OK);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	call_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_disk_full_keeps_the_call_then_saves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_disk_full_import_is_all_or_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_busy_longer_than_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_shorter_than_timeout_waits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
