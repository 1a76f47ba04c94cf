/* kill -9 at random moments during saves and imports.
 *
 * Each trial forks a child that opens the database and either saves calls
 * one by one the way the screen does (draft, then store_call_save) or runs
 * `soudan import` on a JSON Lines file (cli_import). The child writes a line
 * to a pipe only after the call returned ST_OK: that is an acknowledged save.
 * The parent kills it with SIGKILL after a random delay, then checks that
 * every acknowledged call is there with its exact values, that no record is
 * partial (a saved call has all its codes, its referral and its audit entry;
 * an import is all its calls or none), that no saved call kept its draft,
 * and that integrity_check, the audit chain and soudan check (store_check
 * after every trial, the real program at the end) all pass.
 *
 * The random delays come from SOUDAN_FAULT_SEED when set, else from the
 * clock; the seed is printed so that a failure can be replayed. */
#include <errno.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
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
#include "soudan/resources.h"
#include "soudan/store.h"
#include "soudan/timeutil.h"

#define TRIALS 100  /* SOUDAN_FAULT_TRIALS overrides (tests/fault/kill_soak.sh) */
#define IMPORT_EVERY 3   /* every third trial is an import */
#define IMPORT_CALLS 40  /* calls in one import file */
#define MAX_DELAY_US 40000

struct acked {
	char id[ID_LEN + 1];
	int trial, index;
};

struct fixture {
	char dir[64];
	char path[128];
	unsigned seed;
	int trials;
	struct acked *acked;
	size_t nacked, max_acked;
	int imports_landed, saves_landed;
	double save_us;
};

static struct fixture fx;

/* A case code unique to (trial, index), in the case-code alphabet. */
static char *case_code_of(int t, int index)
{
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned long v = (unsigned long)t * 100000ul + (unsigned long)index;
	char *code = xmalloc(CASE_CODE_LEN + 1);

	for (int i = CASE_CODE_LEN - 1; i >= 0; i--) {
		if (i == 4) {
			code[i] = '-';
			continue;
		}
		code[i] = alphabet[v % 30];
		v /= 30;
	}
	code[CASE_CODE_LEN] = '\0';
	assert_true(case_code_normalize(code, code));
	return code;
}

/* The call a saver child makes as its index-th save of trial t: fully
 * determined by (t, index) but the id, so the parent can rebuild it. */
static void make_call(struct call *c, int t, int index, const char *site)
{
	static const char *const concerns[] = {"future", "economy", "work", "family"};
	char nick[32];

	call_init(c);
	c->site = xstrdup(site);
	c->operator_name = xstrdup("tanaka");
	c->started_at = 1795000000 + (int64_t)t * 86400 + index * 60;
	c->ended_at = c->started_at + 300 + index;
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	c->coded[CF_CALLER] = xstrdup(index % 2 ? "mother" : "self");
	c->coded[CF_URGENCY] = xstrdup(index % 7 == 0 ? "urgent" : "none");
	c->coded[CF_OUTCOME] = xstrdup("phone");
	strlist_add(&c->multi[CM_CONCERNS], concerns[index % 4]);
	strlist_add(&c->multi[CM_CONCERNS], concerns[(index + 1) % 4]);
	strlist_add(&c->multi[CM_RESPONSES], "listen");
	call_add_referral(c, "r-kill", index % 3 == 0, "電話番号を案内");
	if (index % 5 == 0) {
		/* A new case with every fifth call: the case row is part of the save. */
		snprintf(nick, sizeof nick, "みどり%d-%d", t, index);
		c->nickname = xstrdup(nick);
		c->case_code = case_code_of(t, index);
	}
	c->next_contact = xstrdup("2026-12-01");
	free(c->notes);
	c->notes = xstrdup("母より。息子（40代）が10年以上自室中心の生活。電話で継続。");
}

/* --- children: they never return into cmocka --- */

static void child_write(int fd, const char *line)
{
	size_t n = strlen(line);

	/* One write under PIPE_BUF is atomic: a line is whole or absent. */
	if (write(fd, line, n) != (ssize_t)n)
		_exit(4);
}

static struct store *child_open(void)
{
	struct store *s;
	struct error err;

	if (store_open(&s, fx.path, 0, 5000, &err) != ST_OK) {
		fprintf(stderr, "child: %s\n", err.msg);
		_exit(2);
	}
	return s;
}

static void child_saver(int fd, int t)
{
	struct store *s = child_open();
	struct error err;
	char line[128];

	for (int i = 0;; i++) {
		struct call c;

		make_call(&c, t, i, "kill-save");
		id_new(c.id);
		if (store_draft_put(s, &c, &err) != ST_OK || store_call_save(s, &c, "tanaka", &err)) {
			fprintf(stderr, "child: save %d: %s\n", i, err.msg);
			_exit(3);
		}
		snprintf(line, sizeof line, "save %d %d %s\n", t, i, c.id);
		child_write(fd, line);
		call_free(&c);
	}
}

static void import_file_name(int t, char *out, size_t size)
{
	snprintf(out, size, "%s/import-%d.jsonl", fx.dir, t);
}

static void child_importer(int fd, int t)
{
	struct cli_env env = {0};
	struct error err;
	char file[160], line[64];

	config_defaults(&env.cfg);
	/* A supervisor: the calls are in tanaka's name, not ours. */
	free(env.cfg.supervisor_group);
	env.cfg.supervisor_group = xstrdup(getgrgid(getgid())->gr_name);
	env.store = child_open();
	import_file_name(t, file, sizeof file);
	if (cli_import(&env, file, NULL, &err) != ST_OK) {
		fprintf(stderr, "child: import: %s\n", err.msg);
		_exit(3);
	}
	snprintf(line, sizeof line, "import %d\n", t);
	child_write(fd, line);
	_exit(0);
}

/* --- the parent --- */

static void write_import_file(int t)
{
	char file[160], site[32];
	struct buf b;
	FILE *f;

	import_file_name(t, file, sizeof file);
	snprintf(site, sizeof site, "kill-import-%d", t);
	buf_init(&b);
	for (int i = 0; i < IMPORT_CALLS; i++) {
		struct call c;

		make_call(&c, t, i, site);
		id_new(c.id);
		call_to_json(&c, &b);
		buf_putc(&b, '\n');
		call_free(&c);
	}
	f = fopen(file, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(b.s, 1, b.len, f), b.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&b);
}

static void record_line(const char *line, int *import_acked)
{
	struct acked *a;
	int t;

	if (sscanf(line, "import %d", &t) == 1) {
		*import_acked = 1;
		return;
	}
	if (fx.nacked == fx.max_acked) {
		fx.max_acked = fx.max_acked ? 2 * fx.max_acked : 1024;
		fx.acked = realloc(fx.acked, fx.max_acked * sizeof *fx.acked);
		assert_non_null(fx.acked);
	}
	a = &fx.acked[fx.nacked];
	assert_int_equal(sscanf(line, "save %d %d %36s", &a->trial, &a->index, a->id), 3);
	fx.nacked++;
}

/* Everything the child acknowledged, read after its death. */
static void read_acks(int fd, int *import_acked)
{
	char buf[8192], *start, *nl;
	size_t have = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, buf + have, sizeof buf - 1 - have);
		if (r < 0 && errno == EINTR)
			continue;
		assert_true(r >= 0);
		if (r == 0)
			break;
		have += (size_t)r;
		buf[have] = '\0';
		for (start = buf; (nl = strchr(start, '\n')); start = nl + 1) {
			*nl = '\0';
			record_line(start, import_acked);
		}
		have = strlen(start);
		memmove(buf, start, have);
	}
	assert_int_equal(have, 0); /* no half line: writes are atomic */
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Kill the child after delay_us (it writes far less than a pipe holds in
 * that time), or with delay_us 0 let it finish; then collect what it
 * acknowledged. Returns how long the child ran, in microseconds. */
static double run_trial(int t, unsigned delay_us, int *import_acked)
{
	int p[2], status;
	double t0 = now_us();
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (t % IMPORT_EVERY == 0)
			child_importer(p[1], t);
		child_saver(p[1], t);
	}
	close(p[1]);
	if (delay_us) {
		usleep(delay_us);
		kill(pid, SIGKILL);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Killed, or (an import) finished first; anything else is a failure. */
	assert_true((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
		    (WIFEXITED(status) && WEXITSTATUS(status) == 0));
	read_acks(p[0], import_acked);
	close(p[0]);
	return now_us() - t0;
}

static long long sql_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void check_line(bool ok, const char *what, void *ctx)
{
	if (!ok)
		print_error("soudan check: %s\n", what);
	*(int *)ctx += !ok;
}

/* What must hold after any kill: the file is sound and no record is partial. */
static void verify_database(int last_trial, const int *import_acked)
{
	struct store *s;
	struct error err;
	sqlite3 *db;
	int bad = 0;
	char sql[400];

	assert_int_equal(store_open(&s, fx.path, STORE_NO_CREATE, 5000, &err), ST_OK);
	db = store_db(s);
	/* soudan check: integrity_check, foreign keys, audit chain, modes. */
	assert_int_equal(store_check(s, check_line, &bad, &err), ST_OK);
	assert_int_equal(bad, 0);
	/* A saved call is whole: both concerns, its referral, its audit entry. */
	assert_int_equal(sql_count(db, "SELECT count(*) FROM calls c WHERE site = 'kill-save' AND ("
				      " (SELECT count(*) FROM call_codes WHERE call_id = c.id"
				      "  AND field = 'concerns') <> 2 OR"
				      " (SELECT count(*) FROM referrals WHERE call_id = c.id) <> 1 OR"
				      " (SELECT count(*) FROM audit WHERE entity = 'call'"
				      "  AND entity_id = c.id AND action = 'create') <> 1)"),
			 0);
	/* Its draft went in the same transaction. */
	assert_int_equal(sql_count(db, "SELECT count(*) FROM drafts d JOIN calls c ON c.id = d.id"),
			 0);
	fx.saves_landed = (int)sql_count(db, "SELECT count(*) FROM calls WHERE site = 'kill-save'");
	/* An import is all or nothing, with its audit entry exactly when it landed. */
	fx.imports_landed = 0;
	for (int t = 0; t <= last_trial; t += IMPORT_EVERY) {
		long long n, audited;

		/* Unfinished imports were removed by store_check above. */
		snprintf(sql, sizeof sql, "SELECT count(*) FROM calls WHERE site = 'kill-import-%d'", t);
		n = sql_count(db, sql);
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit WHERE action = 'import'"
			 " AND json_extract(after, '$.file') LIKE '%%/import-%d.jsonl'",
			 t);
		audited = sql_count(db, sql);
		if (n != 0 && n != IMPORT_CALLS)
			fail_msg("import %d: %lld of %d calls (partial)", t, n, IMPORT_CALLS);
		if (import_acked[t] && n != IMPORT_CALLS)
			fail_msg("import %d was acknowledged but is missing (seed %u)", t, fx.seed);
		assert_int_equal(audited, n ? 1 : 0);
		fx.imports_landed += n == IMPORT_CALLS;
	}
	store_close(s);
}

/* Every acknowledged save reads back with exactly the values saved. */
static void verify_acked(void)
{
	struct store *s;
	struct error err;

	assert_int_equal(store_open(&s, fx.path, STORE_NO_CREATE, 5000, &err), ST_OK);
	for (size_t i = 0; i < fx.nacked; i++) {
		struct call want, got;
		struct buf a, b;

		make_call(&want, fx.acked[i].trial, fx.acked[i].index, "kill-save");
		memcpy(want.id, fx.acked[i].id, sizeof want.id);
		if (store_call_get(s, want.id, &got, &err) != ST_OK)
			fail_msg("acknowledged call %s (trial %d, save %d) is missing: %s (seed %u)",
				 want.id, fx.acked[i].trial, fx.acked[i].index, err.msg, fx.seed);
		buf_init(&a);
		buf_init(&b);
		call_to_json(&want, &a);
		call_to_json(&got, &b);
		assert_string_equal(a.s, b.s);
		buf_free(&a);
		buf_free(&b);
		call_free(&want);
		call_free(&got);
	}
	store_close(s);
}

/* The real `soudan check` ($B/soudan, B from tests/run.sh): its exit status. */
static int soudan_check(void)
{
	const char *b = getenv("B");
	char prog[256];
	int status;
	pid_t pid;

	snprintf(prog, sizeof prog, "%s/soudan", b && *b ? b : "build");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execl(prog, "soudan", "--config", "/dev/null", "--db", fx.path, "check", (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void setup_database(void)
{
	char id[] = "r-kill", name[] = "テスト市サポステ", category[] = "saposute";
	struct resource r = {.id = id, .name = name, .category = category, .active = true};
	struct store *s;
	struct error err;

	struct call c;
	double t0;

	assert_int_equal(store_open(&s, fx.path, 0, 5000, &err), ST_OK);
	assert_int_equal(store_begin(s, &err), ST_OK);
	assert_int_equal(resources_put(s, &r, &err), ST_OK);
	assert_int_equal(store_commit(s, &err), ST_OK);
	/* How long one save takes here (fsync included), to scale the delays. */
	make_call(&c, 0, 1, "kill-setup");
	id_new(c.id);
	t0 = now_us();
	assert_int_equal(store_call_save(s, &c, "tanaka", &err), ST_OK);
	fx.save_us = now_us() - t0;
	call_free(&c);
	store_close(s); /* never carry a connection across fork() */
}

static void test_kill_during_saves_and_imports(void **state)
{
	int *import_acked = calloc((size_t)fx.trials, sizeof *import_acked);
	const char *env = getenv("SOUDAN_FAULT_SEED");
	int killed_imports = 0, imports = (fx.trials + IMPORT_EVERY - 1) / IMPORT_EVERY;
	double import_us = 0;

	(void)state;
	assert_non_null(import_acked);
	fx.seed = env && *env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
	srand(fx.seed);
	print_message("seed %u (SOUDAN_FAULT_SEED replays it)\n", fx.seed);
	setup_database();
	for (int t = 0; t < fx.trials; t++) {
		/* Delays scale with this machine: a save trial dies after up to
		 * MAX_DELAY_US or ten saves, whichever is longer; an import after
		 * up to 1.5 times what the first (uninterrupted) import took, so
		 * that some die mid-way and some finish. */
		unsigned range = t % IMPORT_EVERY ? (unsigned)(MAX_DELAY_US > 10 * fx.save_us
								? MAX_DELAY_US : 10 * fx.save_us)
						  : (unsigned)(1.5 * import_us);
		unsigned delay = t == 0 ? 0 : 1 + (unsigned)rand() % range;
		double took;

		if (t % IMPORT_EVERY == 0)
			write_import_file(t);
		took = run_trial(t, delay, &import_acked[t]);
		if (t == 0)
			import_us = took;
		killed_imports += t % IMPORT_EVERY == 0 && !import_acked[t];
		verify_database(t, import_acked);
	}
	verify_acked();
	assert_int_equal(soudan_check(), 0);
	print_message("%d trials (one save %.1f ms, one import %.1f ms): %zu saves acknowledged,"
		      " %d landed; %d imports, %d acknowledged, %d landed, %d killed before"
		      " acknowledging\n",
		      fx.trials, fx.save_us / 1000, import_us / 1000, fx.nacked, fx.saves_landed, imports, imports - killed_imports,
		      fx.imports_landed, killed_imports);
	/* The trials must have hit both sides, or they proved nothing. */
	assert_true(fx.nacked > 0);
	assert_true(killed_imports > 0);
	assert_true(fx.imports_landed > 0);
	assert_true((size_t)fx.saves_landed >= fx.nacked);
	free(import_acked);
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	snprintf(fx.dir, sizeof fx.dir, "/tmp/soudan-kill-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	snprintf(fx.path, sizeof fx.path, "%s/soudan.db", fx.dir);
	fx.trials = getenv("SOUDAN_FAULT_TRIALS") ? atoi(getenv("SOUDAN_FAULT_TRIALS")) : TRIALS;
	assert_true(fx.trials >= IMPORT_EVERY);
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
	assert_int_equal(system(cmd), 0);
	free(fx.acked);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kill_during_saves_and_imports, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
