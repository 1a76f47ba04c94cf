/* Saves generated calls the way the intake screen does and times each save:
 *   writer DB N [--json] [--bare] [--seed S] [--at UNIX_SECONDS] [--ids FILE]
 *               [--pause MS]
 * The store is opened as soudan opens it (configuration, busy timeout); each
 * call gets a draft first, as while typing, then store_call_save (call, audit
 * entry, draft removal in one BEGIN IMMEDIATE transaction) is timed. --bare
 * is the floor, the same steps in plain SQL on tables of its own (WAL,
 * synchronous=FULL): the call's JSON written as a draft, then timed, a BEGIN
 * IMMEDIATE transaction that inserts it and deletes the draft. --at
 * waits for that wall-clock second, so that many writers start together.
 * --ids appends the id of every acknowledged call to FILE. --pause waits a
 * random 0 to MS milliseconds after each save, as an operator would, instead
 * of saving back to back (which saturates the write lock). Prints each
 * latency in ms, one a line, or with --json one summary object. Exit status 1
 * when any save failed (each failure is on stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "soudan/call.h"
#include "soudan/cli.h"
#include "soudan/config.h"
#include "soudan/timeutil.h"
#include "clock.h"

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint64_t rng(void) /* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static const char *code_of(const struct config *cfg, enum list_id id)
{
	const struct codelist *l = config_list(cfg, id);

	return l->n ? l->codes[rng() % l->n].key : NULL;
}

static const char notes[] =
	"母より。息子が十年以上自室中心の生活。昼夜逆転が続いている。"
	"親亡き後の生活が心配とのこと。家族会の情報を案内した。";

/* A call as an operator leaves it: coded fields, a concern or two, notes. */
static void make_call(const struct config *cfg, const char *me, struct call *c)
{
	int64_t now = time_now();

	call_init(c);
	id_new(c->id);
	c->site = xstrdup(cfg->site && *cfg->site ? cfg->site : "bench");
	c->operator_name = xstrdup(me);
	c->started_at = now - 300 - (int64_t)(rng() % 1200);
	c->ended_at = now;
	for (int f = 0; f < CF__COUNT; f++)
		if (f != CF_REGION)
			call_set(&c->coded[f], code_of(cfg, call_coded_info[f].list));
	call_set(&c->coded[CF_CALL_TYPE], "consult");
	call_set(&c->coded[CF_OUTCOME], "closed");
	for (int i = 1 + (int)(rng() % 2); i > 0; i--) {
		const char *k = code_of(cfg, LIST_CONCERN);

		if (k && !strlist_has(&c->multi[CM_CONCERNS], k))
			strlist_add(&c->multi[CM_CONCERNS], k);
	}
	strlist_add(&c->multi[CM_RESPONSES], "listen");
	free(c->notes);
	c->notes = xstrdup(notes);
	call_fill_unknown(c, cfg);
}

struct run {
	struct config *cfg;
	struct store *store;  /* the screen's path */
	sqlite3 *bare;        /* --bare */
	sqlite3_stmt *draft, *ins, *del;
	FILE *ids;
	int pause_ms;
	double *ms;
	long n, errors;
};

/* An error, with SQLite's extended code and how long the step took: a busy
 * timeout and an immediate refusal (BUSY_SNAPSHOT) read the same otherwise. */
static void store_error(struct run *r, const struct error *err, double t0)
{
	error_print("writer", err);
	fprintf(stderr, "writer: (SQLite code %d, after %.0f ms)\n",
		sqlite3_extended_errcode(store_db(r->store)), now_ms() - t0);
}

static bool save_store(struct run *r, struct call *c, double *ms)
{
	struct error err;
	double t0 = now_ms();

	error_clear(&err);
	if (call_validate(c, r->cfg, &err) || store_draft_put(r->store, c, &err)) {
		store_error(r, &err, t0);
		return false;
	}
	t0 = now_ms();
	if (store_call_save(r->store, c, store_whoami(), &err)) {
		store_error(r, &err, t0);
		return false;
	}
	*ms = now_ms() - t0;
	return true;
}

static bool bare_exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return true;
	fprintf(stderr, "writer: %s: %s\n", sql, sqlite3_errmsg(db));
	return false;
}

/* One statement on id (and json when not NULL), reset after. */
static bool bare_step(struct run *r, sqlite3_stmt *st, const char *id, const struct buf *json)
{
	bool ok;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (json)
		sqlite3_bind_text(st, 2, json->s, (int)json->len, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	if (!ok)
		fprintf(stderr, "writer: %s\n", sqlite3_errmsg(r->bare));
	sqlite3_reset(st);
	return ok;
}

static bool save_bare(struct run *r, struct call *c, double *ms)
{
	struct buf json;
	double t0;
	bool ok;

	buf_init(&json);
	call_to_json(c, &json);
	ok = bare_step(r, r->draft, c->id, &json);
	t0 = now_ms();
	if (ok && (ok = bare_exec(r->bare, "BEGIN IMMEDIATE"))) {
		ok = bare_step(r, r->ins, c->id, &json) && bare_step(r, r->del, c->id, NULL);
		ok = ok ? bare_exec(r->bare, "COMMIT") : (bare_exec(r->bare, "ROLLBACK"), false);
	}
	*ms = now_ms() - t0;
	buf_free(&json);
	return ok;
}

static int open_bare(struct run *r, const char *path)
{
	if (sqlite3_open(path, &r->bare) != SQLITE_OK) {
		fprintf(stderr, "writer: %s: %s\n", path, sqlite3_errmsg(r->bare));
		return 1;
	}
	sqlite3_busy_timeout(r->bare, r->cfg->busy_timeout_ms);
	if (!bare_exec(r->bare, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
				"CREATE TABLE IF NOT EXISTS bare_calls(id TEXT PRIMARY KEY,"
				" data TEXT NOT NULL);"
				"CREATE TABLE IF NOT EXISTS bare_drafts(id TEXT PRIMARY KEY,"
				" data TEXT NOT NULL)"))
		return 1;
	if (sqlite3_prepare_v2(r->bare, "INSERT INTO bare_calls(id, data) VALUES (?1, ?2)", -1,
			       &r->ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->bare, "INSERT OR REPLACE INTO bare_drafts(id, data) VALUES (?1, ?2)",
			       -1, &r->draft, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->bare, "DELETE FROM bare_drafts WHERE id = ?1", -1, &r->del,
			       NULL) != SQLITE_OK) {
		fprintf(stderr, "writer: %s\n", sqlite3_errmsg(r->bare));
		return 1;
	}
	return 0;
}

/* The value below which p percent of the sorted v[0..n) lie (nearest rank). */
static double percentile(const double *v, long n, double p)
{
	long k = (long)(p / 100.0 * (double)n + 0.999999);

	return n ? v[k < 1 ? 0 : k > n ? n - 1 : k - 1] : 0.0;
}

static void report(struct run *r, bool json)
{
	long ok = r->n - r->errors;
	double sum = 0;

	if (!json) {
		for (long i = 0; i < ok; i++)
			printf("%.3f\n", r->ms[i]);
		return;
	}
	qsort(r->ms, (size_t)ok, sizeof *r->ms, cmp_double);
	for (long i = 0; i < ok; i++)
		sum += r->ms[i];
	printf("{\"calls\":%ld,\"errors\":%ld,\"mean_ms\":%.3f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
	       "\"max_ms\":%.3f}\n",
	       ok, r->errors, ok ? sum / (double)ok : 0.0, percentile(r->ms, ok, 50),
	       percentile(r->ms, ok, 99), ok ? r->ms[ok - 1] : 0.0);
}

static void wait_until(long at)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	while (ts.tv_sec < at) {
		usleep(1000);
		clock_gettime(CLOCK_REALTIME, &ts);
	}
}

static void save_all(struct run *r)
{
	long done = 0;

	for (long i = 0; i < r->n; i++) {
		struct call c;
		double ms = 0;
		bool ok;

		make_call(r->cfg, store_whoami(), &c);
		ok = r->bare ? save_bare(r, &c, &ms) : save_store(r, &c, &ms);
		if (ok) {
			r->ms[done++] = ms;
			if (r->ids)
				fprintf(r->ids, "%s\n", c.id);
		} else {
			r->errors++;
		}
		call_free(&c);
		if (r->pause_ms > 0 && i + 1 < r->n)
			usleep((useconds_t)(rng() % ((uint64_t)r->pause_ms * 1000)));
	}
}

static int usage(void)
{
	fputs("usage: writer DB N [--json] [--bare] [--seed S] [--at UNIX_SECONDS] [--ids FILE]\n"
	      "              [--pause MS]\n",
	      stderr);
	return 64;
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct cli_opts o = {0};
	struct cli_env env = {0};
	struct run r = {0};
	struct error err;
	bool json = false, bare = false;
	const char *ids = NULL;
	long at = 0;

	if (argc < 3 || (r.n = atol(argv[2])) <= 0)
		return usage();
	rng_state ^= (uint64_t)getpid() * 0x9E3779B97F4A7C15ULL;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--bare") == 0)
			bare = true;
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			rng_state = strtoull(argv[++i], NULL, 10) * 0x9E3779B97F4A7C15ULL | 1;
		else if (strcmp(argv[i], "--at") == 0 && i + 1 < argc)
			at = atol(argv[++i]);
		else if (strcmp(argv[i], "--ids") == 0 && i + 1 < argc)
			ids = argv[++i];
		else if (strcmp(argv[i], "--pause") == 0 && i + 1 < argc)
			r.pause_ms = atoi(argv[++i]);
		else
			return usage();
	}
	error_clear(&err);
	o.db_path = argv[1];
	if (bare) {
		if (config_load(&cfg, NULL, &err)) {
			error_print("writer", &err);
			return 78;
		}
		r.cfg = &cfg;
		if (open_bare(&r, argv[1]))
			return 1;
	} else {
		if (cli_open(&env, &o, 0, &err)) {
			error_print("writer", &err);
			cli_close(&env);
			return (int)err.status;
		}
		r.cfg = &env.cfg;
		r.store = env.store;
	}
	if (ids && !(r.ids = fopen(ids, "a"))) {
		perror(ids);
		return 73;
	}
	if (r.ids) /* one write per id: many writers may share the file */
		setvbuf(r.ids, NULL, _IOLBF, 0);
	r.ms = xcalloc((size_t)r.n, sizeof *r.ms);
	wait_until(at);
	save_all(&r);
	report(&r, json);
	if (r.ids && fclose(r.ids) != 0)
		perror(ids);
	free(r.ms);
	if (bare) {
		sqlite3_finalize(r.ins);
		sqlite3_finalize(r.draft);
		sqlite3_finalize(r.del);
		sqlite3_close(r.bare);
		config_free(&cfg);
	} else {
		cli_close(&env);
	}
	return r.errors ? 1 : 0;
}
