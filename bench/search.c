/* Directory search as the operator types, one character at a time:
 *   search DB QUERY [--reps N] [--limit N]
 * For every prefix of QUERY (by character) times resources_search, as the
 * referral screen calls it (all categories, active only, limit 201), and, as
 * the reference, the same words straight to SQLite on its own connection: an
 * FTS5 trigram MATCH ordered by rank for three characters or more, a plain
 * instr() scan below that (trigrams cannot match shorter text). Each is the
 * median of N runs (default 20). Then one more keystroke: a single
 * character that is in no entry, which the search must tell without
 * reading the directory more than once. Prints a line per keystroke:
 *   CHARS MS REF_MS HITS
 * then "max_ms MAX mean_ms MEAN ref_max_ms RMAX ref_mean_ms RMEAN" over all
 * of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "soudan/cli.h"
#include "soudan/resources.h"
#include "clock.h"

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int on_hit(const struct resource *r, void *ctx)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static long chars_of(const char *s)
{
	long n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The reference: FTS5 for three characters or more, instr() below. */
static const char fts_sql[] =
	"SELECT rowid FROM resources_fts WHERE resources_fts MATCH ?1 ORDER BY rank LIMIT ?2";
static const char scan_sql[] =
	"SELECT rowid FROM resources WHERE active AND (instr(name, ?1) OR instr(area, ?1)"
	" OR instr(description, ?1)) LIMIT ?2";

static long reference(sqlite3 *db, const char *prefix, int limit)
{
	sqlite3_stmt *st;
	char *quoted = NULL;
	long hits = 0;
	bool fts = chars_of(prefix) >= 3;

	if (sqlite3_prepare_v2(db, fts ? fts_sql : scan_sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "search: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	if (fts) /* a quoted FTS5 string, as resources_search makes it */
		quoted = sqlite3_mprintf("\"%w\"", prefix);
	sqlite3_bind_text(st, 1, fts ? quoted : prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	while (sqlite3_step(st) == SQLITE_ROW)
		hits++;
	sqlite3_finalize(st);
	sqlite3_free(quoted);
	return hits;
}

struct totals {
	double max, sum, ref_max, ref_sum;
	int n;
};

static int keystroke(struct store *s, sqlite3 *db, const char *prefix, int reps, int limit,
		     struct totals *t)
{
	double *ms = calloc((size_t)reps, sizeof *ms), *ref = calloc((size_t)reps, sizeof *ref);
	double m, rm;
	struct error err;
	long hits = 0;

	if (!ms || !ref)
		return 70;
	for (int r = 0; r < reps; r++) {
		double t0 = now_ms();

		hits = 0;
		error_clear(&err);
		if (resources_search(s, prefix, NULL, false, limit, on_hit, &hits, &err)) {
			error_print("search", &err);
			free(ms);
			free(ref);
			return 1;
		}
		ms[r] = now_ms() - t0;
		t0 = now_ms();
		if (reference(db, prefix, limit) < 0) {
			free(ms);
			free(ref);
			return 1;
		}
		ref[r] = now_ms() - t0;
	}
	m = median(ms, reps);
	rm = median(ref, reps);
	printf("%ld %.3f %.3f %ld\n", chars_of(prefix), m, rm, hits);
	t->max = m > t->max ? m : t->max;
	t->ref_max = rm > t->ref_max ? rm : t->ref_max;
	t->sum += m;
	t->ref_sum += rm;
	t->n++;
	free(ms);
	free(ref);
	return 0;
}

/* A character in no entry: the first of a few rare ones the reference
 * finds nowhere. */
static int keystroke_miss(struct store *s, sqlite3 *db, int reps, int limit, struct totals *t)
{
	static const char *const rare[] = {"鬱", "鑿", "躑", "q"};

	for (size_t i = 0; i < sizeof rare / sizeof *rare; i++)
		if (reference(db, rare[i], limit) == 0)
			return keystroke(s, db, rare[i], reps, limit, t);
	fputs("search: every rare character is in the directory\n", stderr);
	return 1;
}

int main(int argc, char **argv)
{
	struct cli_opts o = {0};
	struct cli_env env;
	struct totals t = {0};
	struct error err;
	sqlite3 *db = NULL;
	int reps = 20, limit = 201, rc = 0;
	char *prefix;

	if (argc < 3)
		goto usage;
	for (int i = 3; i + 1 < argc; i += 2)
		if (strcmp(argv[i], "--reps") == 0 && (reps = atoi(argv[i + 1])) > 0)
			;
		else if (strcmp(argv[i], "--limit") == 0 && (limit = atoi(argv[i + 1])) > 0)
			;
		else
			goto usage;
	if (argc % 2 == 0)
		goto usage;
	error_clear(&err);
	o.db_path = argv[1];
	if (cli_open(&env, &o, STORE_NO_CREATE, &err)) {
		error_print("search", &err);
		cli_close(&env);
		return (int)err.status;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "search: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		cli_close(&env);
		return 66;
	}
	prefix = calloc(strlen(argv[2]) + 1, 1);
	for (size_t n = 1; prefix && rc == 0 && n <= strlen(argv[2]); n++)
		if (((unsigned char)argv[2][n] & 0xC0) != 0x80) { /* a whole character */
			memcpy(prefix, argv[2], n);
			rc = keystroke(env.store, db, prefix, reps, limit, &t);
		}
	if (rc == 0)
		rc = keystroke_miss(env.store, db, reps, limit, &t);
	if (rc == 0 && t.n)
		printf("max_ms %.3f mean_ms %.3f ref_max_ms %.3f ref_mean_ms %.3f\n", t.max,
		       t.sum / t.n, t.ref_max, t.ref_sum / t.n);
	free(prefix);
	sqlite3_close(db);
	cli_close(&env);
	return rc;
usage:
	fputs("usage: search DB QUERY [--reps N] [--limit N]\n", stderr);
	return 64;
}
