/* The calls in progress, as every supervisor's home asks for them every few
 * seconds:
 *   duty DB [--drafts N] [--notes BYTES] [--reps N]
 * On DB (a copy: it writes), N new calls are taken by this session (default
 * 50), each a draft with notes of BYTES (default 20000) and a lease, some
 * urgent, some with a help request. Then store_calls_in_progress is timed
 * REPS times (default 200) on a connection of its own, and, as the
 * reference, the draft rows alone read straight from SQLite. Prints a
 * "name value" line each: drafts, calls, ms (the median), max, ref_ms,
 * rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "soudan/store.h"
#include "soudan/timeutil.h"
#include "clock.h"

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int count_row(const struct duty_call *c, void *ctx)
{
	(void)c;
	(*(long *)ctx)++;
	return 0;
}

/* n new calls in progress, the way the form writes them. */
static int take_calls(struct store *s, int n, size_t notes)
{
	struct error err;
	struct help_state h;
	char *text = malloc(notes + 1);

	memset(text, 'a', notes);
	text[notes] = '\0';
	for (int i = 0; i < n; i++) {
		struct call c;

		call_init(&c);
		id_new(c.id);
		c.site = xstrdup(i % 3 ? "横浜ひきこもり相談ダイヤル" : "川崎サテライト");
		c.operator_name = xstrdup(store_whoami());
		c.started_at = time_now() - 60 * (i + 1);
		c.coded[CF_CALL_TYPE] = xstrdup("consult");
		if (i % 10 == 0) {
			c.coded[CF_URGENCY] = xstrdup("urgent");
			strlist_add(&c.multi[CM_RISKS], "plan");
		}
		call_set(&c.notes, text);
		if (store_draft_put(s, &c, &err) || (i % 7 == 0 && store_help_raise(s, &c,
			store_whoami(), 0, &h, &err))) {
			fprintf(stderr, "duty: %s\n", err.msg);
			call_free(&c);
			free(text);
			return -1;
		}
		call_free(&c);
	}
	free(text);
	return 0;
}

static double reference(sqlite3 *db)
{
	sqlite3_stmt *st;
	double t0 = now_ms();

	sqlite3_prepare_v2(db, "SELECT call_id, operator, site, started_at, ended_at, urgency, risks"
			       " FROM drafts WHERE id = call_id AND base_version IS NULL",
			   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	int drafts = 50, reps = 200;
	size_t notes = 20000;
	struct store *s, *home;
	struct error err;
	double *t, *ref, max = 0;
	long rows = 0, calls = 0;
	sqlite3 *db;
	sqlite3_stmt *st;

	if (argc < 2) {
		fputs("usage: duty DB [--drafts N] [--notes BYTES] [--reps N]\n", stderr);
		return 64;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--drafts") == 0)
			drafts = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--notes") == 0)
			notes = (size_t)atol(argv[i + 1]);
		else if (strcmp(argv[i], "--reps") == 0)
			reps = atoi(argv[i + 1]);
	}
	if (reps < 1)
		reps = 1;
	if (store_open(&s, argv[1], STORE_NO_CREATE, 5000, &err) || take_calls(s, drafts, notes)) {
		fprintf(stderr, "duty: %s\n", err.msg);
		return 1;
	}
	/* Each held by a session of its own, as on a real shift. */
	sqlite3_exec(store_db(s), "UPDATE leases SET session = 'bench-' || rowid", NULL, NULL, NULL);
	store_close(s);
	/* A supervisor's home: a connection of its own, as a second session. */
	if (store_open(&home, argv[1], STORE_NO_CREATE, 5000, &err) ||
	    sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "duty: cannot open %s\n", argv[1]);
		return 1;
	}
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM calls", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		calls = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	t = calloc((size_t)reps, sizeof *t);
	ref = calloc((size_t)reps, sizeof *ref);
	for (int i = 0; i < reps; i++) {
		double t0 = now_ms();

		rows = 0;
		if (store_calls_in_progress(home, 0, count_row, &rows, &err)) {
			fprintf(stderr, "duty: %s\n", err.msg);
			return 1;
		}
		t[i] = now_ms() - t0;
		if (t[i] > max)
			max = t[i];
		ref[i] = reference(db);
	}
	printf("drafts %d\ncalls %ld\nms %.3f\nmax %.3f\nref_ms %.3f\nrows %ld\n", drafts, calls,
	       median(t, reps), max, median(ref, reps), rows);
	free(t);
	free(ref);
	sqlite3_close(db);
	store_close(home);
	return 0;
}
