/* The statistics of a period, counted by SQLite over the calls_by_start index:
 * a query per figure, each a GROUP BY over the period's calls, all in one read
 * transaction so that the figures agree with each other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/call.h"
#include "soudan/i18n.h"
#include "soudan/stats.h"

/* ?1 and ?2: the UTC bounds [from, to); ?3: the site or NULL. */
#define IN_PERIOD " c.started_at >= ?1 AND c.started_at < ?2 AND (?3 IS NULL OR c.site = ?3) "
#define FROM_CALLS " FROM calls c WHERE" IN_PERIOD

/* One statement per single-valued field; ?4 is what a missing value counts
 * as ("unknown", or NULL where the list has no such key: then not counted). */
#define SINGLE_SQL(id, json, list) \
	[id] = "SELECT coalesce(c." json ", ?4), count(*)" FROM_CALLS "GROUP BY 1 ORDER BY 1",
static const char *const single_sql[CF__COUNT] = {CALL_CODED(SINGLE_SQL)};
#undef SINGLE_SQL

/* Every multi-valued field in one pass over the period: each call once per
 * code it has (a code repeated in one call counts once), and how many calls
 * have it first (the main concern). */
static const char multi_sql[] =
	"SELECT k.field, k.code, count(DISTINCT k.call_id),"
	" count(DISTINCT CASE WHEN k.pos = 0 THEN k.call_id END)"
	" FROM calls c JOIN call_codes k ON k.call_id = c.id"
	" WHERE" IN_PERIOD "GROUP BY 1, 2 ORDER BY 1, 2";
/* calls, 実人数 (each case once, each call without a case once), debriefs */
static const char totals_sql[] =
	"SELECT count(*), count(DISTINCT c.case_code) + coalesce(sum(c.case_code IS NULL), 0),"
	" coalesce(sum(c.debrief <> 0), 0)" FROM_CALLS;
static const char age_gender_sql[] =
	"SELECT coalesce(c.age_band, ?4), coalesce(c.gender, ?5), count(*)" FROM_CALLS
	"GROUP BY 1, 2 ORDER BY 1, 2";
/* SQLite's 'localtime' follows TZ, as date_start does. */
static const char hour_sql[] =
	"SELECT CAST(strftime('%H', c.started_at, 'unixepoch', 'localtime') AS INTEGER), count(*)"
	FROM_CALLS "GROUP BY 1";
static const char operator_sql[] =
	"SELECT c.operator, count(*)" FROM_CALLS "GROUP BY 1 ORDER BY 1";
static const char site_sql[] = "SELECT c.site, count(*)" FROM_CALLS "GROUP BY 1 ORDER BY 1";
/* Per resource, with its category: the total and the categories are summed
 * from these few rows. */
static const char referral_sql[] =
	"SELECT r.resource_id, s.name, s.category, count(*) FROM calls c"
	" JOIN referrals r ON r.call_id = c.id LEFT JOIN resources s ON s.id = r.resource_id"
	" WHERE" IN_PERIOD "GROUP BY 1 ORDER BY 1";
static const char duration_sql[] =
	"SELECT count(*), coalesce(sum(c.ended_at - c.started_at), 0),"
	" coalesce(max(c.ended_at - c.started_at), 0)" FROM_CALLS "AND c.ended_at IS NOT NULL";
/* The one or two middle values: SQLite sorts, we never hold the durations. */
static const char median_sql[] =
	"SELECT c.ended_at - c.started_at" FROM_CALLS "AND c.ended_at IS NOT NULL"
	" ORDER BY 1 LIMIT ?5 OFFSET ?4";
/* Calls of any start date, by their local next-contact date; the terms of the
 * partial index calls_by_next_contact are repeated so that it is used. A
 * follow-up marked done (followup_closed_at) is no longer due. */
static const char followups_sql[] =
	"SELECT count(*) FROM calls c WHERE c.next_contact IS NOT NULL"
	" AND c.outcome IS NOT 'closed' AND c.followup_closed_at IS NULL"
	" AND c.next_contact >= ?1 AND c.next_contact <= ?2 AND (?3 IS NULL OR c.site = ?3)";
static const char urgent_sql[] =
	"SELECT c.started_at, c.operator, c.site" FROM_CALLS
	"AND c.urgency = 'urgent' ORDER BY c.started_at, c.id";
static const char day_rows_sql[] =
	"SELECT date(c.started_at, 'unixepoch', 'localtime'), count(*),"
	" count(DISTINCT c.case_code) + coalesce(sum(c.case_code IS NULL), 0)" FROM_CALLS
	"GROUP BY 1 ORDER BY 1";
static const char month_rows_sql[] =
	"SELECT strftime('%Y-%m', c.started_at, 'unixepoch', 'localtime'), count(*),"
	" count(DISTINCT c.case_code) + coalesce(sum(c.case_code IS NULL), 0)" FROM_CALLS
	"GROUP BY 1 ORDER BY 1";

/* A range longer than this is tabled by month instead of by day. */
#define STATS_DAY_ROWS_MAX 31

struct query {
	struct store *s;
	int64_t from, to;
	const char *site;
	struct error *err;
};

struct stats_period stats_period_day(struct date d)
{
	return (struct stats_period){STATS_DAY, d, d};
}

struct stats_period stats_period_range(struct date from, struct date to)
{
	return (struct stats_period){STATS_RANGE, from, to};
}

struct stats_period stats_period_month(int y, int m)
{
	struct date from = {y, m, 1}, to = {y, m, date_days_in_month(y, m)};

	return (struct stats_period){STATS_MONTH, from, to};
}

struct stats_period stats_period_fiscal_year(int y)
{
	struct date from = {y, 4, 1}, to = {y + 1, 3, 31};

	return (struct stats_period){STATS_FISCAL_YEAR, from, to};
}

static int period_days(const struct stats_period *p)
{
	int n = 1;

	for (struct date d = p->from; date_cmp(d, p->to) < 0 && n <= STATS_DAY_ROWS_MAX; n++)
		d = date_add_days(d, 1);
	return n;
}

bool stats_period_has_rows(const struct stats_period *p)
{
	return p->kind != STATS_DAY && date_cmp(p->from, p->to) != 0;
}

bool stats_period_by_month(const struct stats_period *p)
{
	return p->kind == STATS_FISCAL_YEAR ||
	       (p->kind == STATS_RANGE && period_days(p) > STATS_DAY_ROWS_MAX);
}

long stats_count(const struct stat_counts *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].n;
	return 0;
}

static void counts_push(struct stat_counts *c, const char *key, const char *label, long n)
{
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n].key = xstrdup(key);
	c->v[c->n].label = label ? xstrdup(label) : NULL;
	c->v[c->n].n = n;
	c->n++;
}

static void counts_free(struct stat_counts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].label);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

void stats_free(struct stats *st)
{
	for (int l = 0; l < LIST__COUNT; l++)
		counts_free(&st->lists[l]);
	counts_free(&st->primary_concern);
	counts_free(&st->by_operator);
	counts_free(&st->by_site);
	counts_free(&st->by_resource);
	for (size_t i = 0; i < st->nage_gender; i++) {
		free(st->age_gender[i].a);
		free(st->age_gender[i].b);
	}
	free(st->age_gender);
	for (size_t i = 0; i < st->nurgent; i++) {
		free(st->urgent[i].operator_name);
		free(st->urgent[i].site);
	}
	free(st->urgent);
	free(st->rows);
	free(st->site);
	memset(st, 0, sizeof *st);
}

/* Prepare a cached statement and bind the period: ?1..?3. */
static sqlite3_stmt *query_start(const struct query *q, const char *sql)
{
	sqlite3_stmt *st = store_prepare(q->s, sql, q->err);

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, q->from);
	sqlite3_bind_int64(st, 2, q->to);
	store_bind_text(st, 3, q->site);
	return st;
}

/* After the last row: reset (ending the statement's read) or report. */
static enum status query_end(const struct query *q, sqlite3_stmt *st, int rc)
{
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		enum status s = store_fail(q->s, _("cannot count the calls"), q->err);

		sqlite3_reset(st);
		return s;
	}
	sqlite3_reset(st);
	return ST_OK;
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Rows of (key, count); a row whose key is NULL is not counted. */
static enum status query_counts(const struct query *q, const char *sql, const char *p4,
				struct stat_counts *out)
{
	sqlite3_stmt *st = query_start(q, sql);
	int rc;

	if (!st)
		return q->err->status;
	store_bind_text(st, 4, p4);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			counts_push(out, column_text(st, 0), NULL, (long)sqlite3_column_int64(st, 1));
	return query_end(q, st, rc);
}

/* One row of integers into v[0..n). */
static enum status query_ints(const struct query *q, const char *sql, long *v, int n)
{
	sqlite3_stmt *st = query_start(q, sql);
	int rc;

	if (!st)
		return q->err->status;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			v[i] = (long)sqlite3_column_int64(st, i);
	return query_end(q, st, rc);
}

static const char *unknown_of(const struct config *cfg, enum list_id l)
{
	return codelist_has_unknown(config_list(cfg, l)) ? "unknown" : NULL;
}

/* The counts of a multi-valued field by its name in call_codes, or NULL. */
static struct stat_counts *multi_counts(struct stats *st, const char *field)
{
	for (int f = 0; f < CM__COUNT; f++)
		if (field && strcmp(field, call_multi_info[f].json) == 0)
			return &st->lists[call_multi_info[f].list];
	return NULL;
}

static enum status collect_multi(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = query_start(q, multi_sql);
	const char *field = call_multi_info[CM_CONCERNS].json;
	struct stat_counts *c;
	long first;
	int rc;

	if (!s)
		return q->err->status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(c = multi_counts(st, column_text(s, 0))))
			continue;
		counts_push(c, column_text(s, 1), NULL, (long)sqlite3_column_int64(s, 2));
		first = (long)sqlite3_column_int64(s, 3);
		if (first && strcmp(column_text(s, 0), field) == 0)
			counts_push(&st->primary_concern, column_text(s, 1), NULL, first);
	}
	return query_end(q, s, rc);
}

static enum status collect_codes(const struct query *q, const struct config *cfg,
				 struct stats *st)
{
	enum status rc;

	for (int f = 0; f < CF__COUNT; f++) {
		enum list_id l = call_coded_info[f].list;

		if ((rc = query_counts(q, single_sql[f], unknown_of(cfg, l), &st->lists[l])))
			return rc;
	}
	return collect_multi(q, st);
}

static void pairs_push(struct stats *st, const char *a, const char *b, long n)
{
	st->age_gender = xrealloc(st->age_gender, (st->nage_gender + 1) * sizeof *st->age_gender);
	st->age_gender[st->nage_gender++] = (struct stat_pair){xstrdup(a), xstrdup(b), n};
}

static enum status collect_age_gender(const struct query *q, const struct config *cfg,
				      struct stats *st)
{
	sqlite3_stmt *s = query_start(q, age_gender_sql);
	int rc;

	if (!s)
		return q->err->status;
	store_bind_text(s, 4, unknown_of(cfg, LIST_AGE_BAND));
	store_bind_text(s, 5, unknown_of(cfg, LIST_GENDER));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_type(s, 0) != SQLITE_NULL && sqlite3_column_type(s, 1) != SQLITE_NULL)
			pairs_push(st, column_text(s, 0), column_text(s, 1),
				   (long)sqlite3_column_int64(s, 2));
	return query_end(q, s, rc);
}

static enum status collect_hours(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = query_start(q, hour_sql);
	int rc, h;

	if (!s)
		return q->err->status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		h = sqlite3_column_int(s, 0);
		if (h >= 0 && h < 24)
			st->by_hour[h] = (long)sqlite3_column_int64(s, 1);
	}
	return query_end(q, s, rc);
}

/* Add n to key's count, appending the key the first time. */
static void counts_add(struct stat_counts *c, const char *key, long n)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			c->v[i].n += n;
			return;
		}
	counts_push(c, key, NULL, n);
}

static enum status collect_referrals(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = query_start(q, referral_sql);
	const char *category;
	long n;
	int rc;

	if (!s)
		return q->err->status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		n = (long)sqlite3_column_int64(s, 3);
		counts_push(&st->by_resource, column_text(s, 0), column_text(s, 1), n);
		/* a resource missing from the directory has no category to count */
		if ((category = column_text(s, 2)))
			counts_add(&st->lists[LIST_RESOURCE_CATEGORY], category, n);
		st->referrals += n;
	}
	return query_end(q, s, rc);
}

/* The middle value, or the mean of the two middle values of an even count. */
static enum status collect_median(const struct query *q, struct stats *st)
{
	long n = st->duration.count, got = 0;
	double sum = 0;
	sqlite3_stmt *s;
	int rc;

	if (n == 0)
		return ST_OK;
	if (!(s = query_start(q, median_sql)))
		return q->err->status;
	sqlite3_bind_int64(s, 4, (n - 1) / 2);
	sqlite3_bind_int64(s, 5, n % 2 ? 1 : 2);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sum += (double)sqlite3_column_int64(s, 0);
		got++;
	}
	if (got)
		st->duration.median = sum / (double)got;
	return query_end(q, s, rc);
}

static enum status collect_duration(const struct query *q, struct stats *st)
{
	long v[3] = {0, 0, 0};
	enum status rc;

	if ((rc = query_ints(q, duration_sql, v, 3)))
		return rc;
	st->duration.count = v[0];
	st->duration.total = v[1];
	st->duration.max = v[2];
	st->duration.mean = v[0] ? (double)v[1] / (double)v[0] : 0.0;
	return collect_median(q, st);
}

static enum status collect_followups(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = store_prepare(q->s, followups_sql, q->err);
	char from[11], to[11];
	int rc;

	if (!s)
		return q->err->status;
	date_format(st->period.from, from, sizeof from);
	date_format(st->period.to, to, sizeof to);
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 3, q->site);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		st->followups_due = (long)sqlite3_column_int64(s, 0);
	return query_end(q, s, rc);
}

static enum status collect_urgent(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = query_start(q, urgent_sql);
	struct stat_urgent *u;
	int rc;

	if (!s)
		return q->err->status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->urgent = xrealloc(st->urgent, (st->nurgent + 1) * sizeof *st->urgent);
		u = &st->urgent[st->nurgent++];
		u->started_at = sqlite3_column_int64(s, 0);
		u->operator_name = xstrdup(column_text(s, 1) ? column_text(s, 1) : "");
		u->site = xstrdup(column_text(s, 2) ? column_text(s, 2) : "");
	}
	return query_end(q, s, rc);
}

static void rows_add(struct stats *st, const char *key)
{
	st->rows = xrealloc(st->rows, (st->nrows + 1) * sizeof *st->rows);
	memset(&st->rows[st->nrows], 0, sizeof *st->rows);
	snprintf(st->rows[st->nrows].key, sizeof st->rows->key, "%s", key);
	st->nrows++;
}

/* Every day or month of the period, so that empty ones show as zeros. */
static void rows_fill_keys(struct stats *st)
{
	char key[16];
	struct date d = st->period.from;

	if (!st->rows_by_month) {
		for (; date_cmp(d, st->period.to) <= 0; d = date_add_days(d, 1)) {
			date_format(d, key, sizeof key);
			rows_add(st, key);
		}
		return;
	}
	for (d.d = 1; d.y * 12 + d.m <= st->period.to.y * 12 + st->period.to.m;
	     d = date_add_days(d, date_days_in_month(d.y, d.m))) {
		snprintf(key, sizeof key, "%04d-%02d", d.y, d.m);
		rows_add(st, key);
	}
}

static enum status collect_rows(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s;
	size_t i = 0;
	int rc;

	if (!stats_period_has_rows(&st->period))
		return ST_OK;
	st->rows_by_month = stats_period_by_month(&st->period);
	rows_fill_keys(st);
	if (!(s = query_start(q, st->rows_by_month ? month_rows_sql : day_rows_sql)))
		return q->err->status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = column_text(s, 0);

		while (key && i < st->nrows && strcmp(st->rows[i].key, key) < 0)
			i++;
		if (key && i < st->nrows && strcmp(st->rows[i].key, key) == 0) {
			st->rows[i].calls = (long)sqlite3_column_int64(s, 1);
			st->rows[i].people = (long)sqlite3_column_int64(s, 2);
		}
	}
	return query_end(q, s, rc);
}

static enum status collect_all(const struct query *q, const struct config *cfg, struct stats *st)
{
	long totals[3] = {0, 0, 0};
	enum status rc;

	if ((rc = query_ints(q, totals_sql, totals, 3)))
		return rc;
	st->calls = totals[0];
	st->people = totals[1];
	st->debriefs = totals[2];
	if ((rc = collect_codes(q, cfg, st)) || (rc = collect_age_gender(q, cfg, st)) ||
	    (rc = collect_hours(q, st)) || (rc = query_counts(q, operator_sql, NULL, &st->by_operator)) ||
	    (rc = query_counts(q, site_sql, NULL, &st->by_site)) || (rc = collect_referrals(q, st)) ||
	    (rc = collect_duration(q, st)) || (rc = collect_followups(q, st)) ||
	    (rc = collect_urgent(q, st)))
		return rc;
	return collect_rows(q, st);
}

enum status stats_collect(struct store *s, const struct config *cfg,
			  const struct stats_period *p, const char *site, struct stats *st,
			  struct error *err)
{
	struct query q = {s, date_start(p->from), date_start(date_add_days(p->to, 1)), site, err};
	enum status rc;

	memset(st, 0, sizeof *st);
	st->period = *p;
	st->site = site ? xstrdup(site) : NULL;
	/* One snapshot: a call saved meanwhile is in every figure or in none. */
	if (sqlite3_exec(store_db(s), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, _("cannot read the database"), err);
	rc = collect_all(&q, cfg, st);
	sqlite3_exec(store_db(s), rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	return rc;
}
