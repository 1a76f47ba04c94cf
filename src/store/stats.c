/* The statistics of a period, all in one read transaction so that the
 * figures agree with each other, in one pass over the period's calls (by the
 * calls_by_start index): every single-valued figure, hours, people, durations,
 * urgent calls and the per-day or per-month rows are tallied here as the rows
 * go by; each call's multi-valued codes and referrals are looked up by its id,
 * a batch of calls at a time in id order. A GROUP BY per figure read the
 * period some twenty times: a fiscal year of 200,000 calls took 7 s that way.
 * Tallies are small (one per code, operator, site, resource, case, day or
 * month) and durations go in a histogram by the second; only a batch of ids
 * is held. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "soudan/call.h"
#include "soudan/i18n.h"
#include "soudan/stats.h"

/* ?1 and ?2: the UTC bounds [from, to); ?3: the site or NULL. */
#define IN_PERIOD " c.started_at >= ?1 AND c.started_at < ?2 AND (?3 IS NULL OR c.site = ?3) "
#define FROM_CALLS " FROM calls c WHERE" IN_PERIOD

/* Pass 1: the single-valued fields in enum call_coded order, then these. */
#define CODED_COLUMN(id, json, list) "c." json ", "
static const char calls_sql[] =
	"SELECT " CALL_CODED(CODED_COLUMN) "c.operator, c.site, c.started_at, c.ended_at,"
	" c.case_code, c.debrief, c.urgency = 'urgent', c.id" FROM_CALLS;
#undef CODED_COLUMN
enum {
	COL_OPERATOR = CF__COUNT, COL_SITE, COL_STARTED, COL_ENDED, COL_CASE, COL_DEBRIEF,
	COL_URGENT, COL_ID,
};
/* Days and hours are SQLite's 'localtime' (which follows TZ, as date_start
 * does): localtime_r for UTC years 1971 to 2037; outside them SQLite has a
 * rule of its own, so it is asked. */
#define LOCAL_MIN INT64_C(31536000)   /* 1971-01-01T00:00Z */
#define LOCAL_MAX INT64_C(2145916800) /* 2038-01-01T00:00Z */
static const char local_sql[] = "SELECT strftime('%Y-%m-%d %H', ?1, 'unixepoch', 'localtime')";

/* A call's codes and referrals. Both tables are keyed by the call's random
 * UUID: looked up in period order, nearly every lookup lands on another page
 * (a fiscal year: 600,000 page reads, 1.3 s); a batch of ids sorted first
 * walks the tables in key order (0.7 s). */
static const char codes_sql[] = "SELECT field, pos = 0, code FROM call_codes WHERE call_id = ?1";
static const char referrals_sql[] = "SELECT resource_id FROM referrals WHERE call_id = ?1";
#define BATCH_CALLS 262144 /* a busy line's fiscal year at once: some 12 MB */
/* Referrals are tallied by resource; names and categories afterwards. */
static const char resource_sql[] = "SELECT name, category FROM resources WHERE id = ?1";
/* Calls of any start date, by their local next-contact date; the terms of the
 * partial index calls_by_next_contact are repeated so that it is used. A
 * follow-up marked done (followup_closed_at) is no longer due. */
static const char followups_sql[] =
	"SELECT count(*) FROM calls c WHERE c.next_contact IS NOT NULL"
	" AND c.outcome IS NOT 'closed' AND c.followup_closed_at IS NULL"
	" AND c.next_contact >= ?1 AND c.next_contact <= ?2 AND (?3 IS NULL OR c.site = ?3)";

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

/* One step of a statement of the count: store_step with its message. */
static enum step query_step(const struct query *q, sqlite3_stmt *st)
{
	return store_step(q->s, st, _("cannot count the calls"), q->err);
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static const char *unknown_of(const struct config *cfg, enum list_id l)
{
	return codelist_has_unknown(config_list(cfg, l)) ? "unknown" : NULL;
}

/* --- tallies --- */

/* The index of key (len bytes), appended with a count of 0 the first time:
 * code lists, operators and sites are a few dozen keys at most. */
static size_t counts_index(struct stat_counts *c, const char *key, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].key[0] == key[0] && strncmp(c->v[i].key, key, len) == 0 &&
		    c->v[i].key[len] == '\0')
			return i;
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n].key = xstrndup(key, len);
	c->v[c->n].label = NULL;
	c->v[c->n].n = 0;
	return c->n++;
}

static void counts_tally(struct stat_counts *c, const char *key, size_t len, long n)
{
	size_t i = counts_index(c, key, len); /* before c->v: it may move */

	c->v[i].n += n;
}

static void counts_add(struct stat_counts *c, const char *key, long n)
{
	counts_tally(c, key, strlen(key), n);
}

static int count_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stat_count *)a)->key, ((const struct stat_count *)b)->key);
}

/* Ascending key, as SQLite's ORDER BY over text (bytewise). */
static void counts_sort(struct stat_counts *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, count_cmp);
}

/* Many string keys (case codes, resource ids): open addressing, FNV-1a. */
struct strmap {
	struct strmap_slot {
		char *key;
		long n;
	} *v;
	size_t n, cap;
};

static uint64_t strmap_hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 0x100000001b3ULL;
	return h;
}

static struct strmap_slot *strmap_find(struct strmap_slot *v, size_t cap, const char *key,
				       size_t len)
{
	size_t i = (size_t)strmap_hash(key, len) & (cap - 1);

	while (v[i].key && !(strncmp(v[i].key, key, len) == 0 && v[i].key[len] == '\0'))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static void strmap_grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	struct strmap_slot *v = xcalloc(cap, sizeof *v);

	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key)
			*strmap_find(v, cap, m->v[i].key, strlen(m->v[i].key)) = m->v[i];
	free(m->v);
	m->v = v;
	m->cap = cap;
}

/* key's count, the key added with 0 the first time. */
static long *strmap_at(struct strmap *m, const char *key, size_t len)
{
	struct strmap_slot *e;

	if (2 * (m->n + 1) > m->cap)
		strmap_grow(m);
	e = strmap_find(m->v, m->cap, key, len);
	if (!e->key) {
		e->key = xstrndup(key, len);
		m->n++;
	}
	return &e->n;
}

static void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* Durations by the second up to a day; the rare others (negative, longer)
 * listed. Enough for the exact median without a list of every call. */
#define DUR_DENSE 86400
struct durations {
	uint32_t *hist;
	int64_t *other;
	size_t nother, capother;
};

static void durations_add(struct durations *d, int64_t v)
{
	if (v >= 0 && v < DUR_DENSE) {
		if (!d->hist)
			d->hist = xcalloc(DUR_DENSE, sizeof *d->hist);
		d->hist[v]++;
		return;
	}
	if (d->nother == d->capother) {
		d->capother = d->capother ? 2 * d->capother : 16;
		d->other = xrealloc(d->other, d->capother * sizeof *d->other);
	}
	d->other[d->nother++] = v;
}

static int int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The k-th smallest (from 0); other[] sorted: the negatives come first. */
static int64_t durations_nth(const struct durations *d, long k)
{
	size_t neg = 0;

	while (neg < d->nother && d->other[neg] < 0)
		neg++;
	if ((size_t)k < neg)
		return d->other[k];
	k -= (long)neg;
	for (int64_t v = 0; d->hist && v < DUR_DENSE; v++) {
		if (k < (long)d->hist[v])
			return v;
		k -= (long)d->hist[v];
	}
	return d->other[neg + (size_t)k];
}

static void durations_free(struct durations *d)
{
	free(d->hist);
	free(d->other);
}

/* --- multi-valued codes --- */

/* One call's codes, each (field, code) once: the code as its index in the
 * field's counts; first when any of its rows has pos 0. */
struct code_seen {
	int field; /* enum call_multi */
	size_t code;
	bool first;
};

struct call_codes {
	struct code_seen *v;
	size_t n, cap;
};

static int multi_field(const char *field)
{
	for (int f = 0; field && f < CM__COUNT; f++)
		if (field[0] == call_multi_info[f].json[0] && strcmp(field, call_multi_info[f].json) == 0)
			return f;
	return -1;
}

static void codes_flush(struct call_codes *cc, struct stats *st)
{
	for (size_t i = 0; i < cc->n; i++) {
		const struct code_seen *c = &cc->v[i];
		struct stat_counts *l = &st->lists[call_multi_info[c->field].list];

		l->v[c->code].n++;
		if (c->first && c->field == CM_CONCERNS)
			counts_add(&st->primary_concern, l->v[c->code].key, 1);
	}
	cc->n = 0;
}

static void codes_add(struct call_codes *cc, int field, size_t code, bool first)
{
	for (size_t i = 0; i < cc->n; i++)
		if (cc->v[i].field == field && cc->v[i].code == code) {
			cc->v[i].first |= first;
			return;
		}
	if (cc->n == cc->cap) {
		cc->cap = cc->cap ? 2 * cc->cap : 16;
		cc->v = xrealloc(cc->v, cc->cap * sizeof *cc->v);
	}
	cc->v[cc->n++] = (struct code_seen){field, code, first};
}

/* --- batches of call ids --- */

struct batch {
	char *text;     /* the ids, each NUL-terminated, one after another */
	size_t len, cap;
	size_t *at;     /* where each id starts in text */
	size_t n;
};

static void batch_add(struct batch *b, const char *id, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64 * 1024;
		while (b->len + len + 1 > b->cap)
			b->cap *= 2;
		b->text = xrealloc(b->text, b->cap);
	}
	if (!b->at)
		b->at = xcalloc(BATCH_CALLS, sizeof *b->at);
	b->at[b->n++] = b->len;
	memcpy(b->text + b->len, id, len);
	b->text[b->len + len] = '\0';
	b->len += len + 1;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void batch_free(struct batch *b)
{
	free(b->text);
	free(b->at);
}

/* --- the pass over the calls --- */

struct urgent_call {
	int64_t started_at;
	char *id, *operator_name, *site;
};

struct pass {
	struct stats *st;
	const char *unknown[CF__COUNT];
	const char *unknown_age, *unknown_gender;
	struct strmap people;      /* case codes of the period */
	struct strmap row_people;  /* row index and case code */
	long *row_nocase;          /* calls without a case, per row */
	long null_hour;            /* calls whose local hour SQLite could not tell */
	const struct query *q;
	enum status failed;        /* a step that failed inside a tally */
	struct {                   /* the last local hour: [lo, hi) in UTC */
		int64_t lo, hi;
		bool null;
		char key[32];      /* "YYYY-MM-DD HH" */
	} local;
	struct durations dur;
	struct urgent_call *urgent;
	size_t nurgent;
	struct batch batch;        /* ids whose codes and referrals are due */
	struct call_codes codes;   /* of the call looked up */
	struct strmap referrals;   /* per resource id */
};

static void pass_init(struct pass *p, const struct query *q, const struct config *cfg,
		      struct stats *st)
{
	memset(p, 0, sizeof *p);
	p->st = st;
	p->q = q;
	tzset(); /* localtime_r need not read TZ itself */
	for (int f = 0; f < CF__COUNT; f++)
		p->unknown[f] = unknown_of(cfg, call_coded_info[f].list);
	p->unknown_age = unknown_of(cfg, LIST_AGE_BAND);
	p->unknown_gender = unknown_of(cfg, LIST_GENDER);
	p->row_nocase = xcalloc(st->nrows + 1, sizeof *p->row_nocase);
}

static void pass_free(struct pass *p)
{
	strmap_free(&p->people);
	strmap_free(&p->row_people);
	free(p->row_nocase);
	durations_free(&p->dur);
	for (size_t i = 0; i < p->nurgent; i++) {
		free(p->urgent[i].id);
		free(p->urgent[i].operator_name);
		free(p->urgent[i].site);
	}
	free(p->urgent);
	batch_free(&p->batch);
	free(p->codes.v);
	strmap_free(&p->referrals);
}

/* A coded column, or what a missing value counts as (NULL: not counted). */
static const char *coded_or(sqlite3_stmt *s, int col, const char *missing, size_t *len)
{
	const char *v = column_text(s, col);

	if (v) {
		*len = (size_t)sqlite3_column_bytes(s, col);
		return v;
	}
	*len = missing ? strlen(missing) : 0;
	return missing;
}

static void tally_pair(struct stats *st, const char *a, const char *b)
{
	for (size_t i = 0; i < st->nage_gender; i++)
		if (st->age_gender[i].a[0] == a[0] && st->age_gender[i].b[0] == b[0] &&
		    strcmp(st->age_gender[i].a, a) == 0 && strcmp(st->age_gender[i].b, b) == 0) {
			st->age_gender[i].n++;
			return;
		}
	st->age_gender = xrealloc(st->age_gender, (st->nage_gender + 1) * sizeof *st->age_gender);
	st->age_gender[st->nage_gender++] = (struct stat_pair){xstrdup(a), xstrdup(b), 1};
}

static void tally_coded(struct pass *p, sqlite3_stmt *s)
{
	struct stats *st = p->st;
	const char *v, *age, *gender;
	size_t len;

	for (int f = 0; f < CF__COUNT; f++)
		if ((v = coded_or(s, f, p->unknown[f], &len)))
			counts_tally(&st->lists[call_coded_info[f].list], v, len, 1);
	age = column_text(s, CF_AGE_BAND) ? column_text(s, CF_AGE_BAND) : p->unknown_age;
	gender = column_text(s, CF_GENDER) ? column_text(s, CF_GENDER) : p->unknown_gender;
	if (age && gender)
		tally_pair(st, age, gender);
	if ((v = column_text(s, COL_OPERATOR)))
		counts_tally(&st->by_operator, v, (size_t)sqlite3_column_bytes(s, COL_OPERATOR), 1);
	if ((v = column_text(s, COL_SITE)))
		counts_tally(&st->by_site, v, (size_t)sqlite3_column_bytes(s, COL_SITE), 1);
}

/* The row of a local "YYYY-MM-DD HH" (rows are in key order), or -1. */
static long row_of(const struct stats *st, const char *local)
{
	size_t n = st->rows_by_month ? 7 : 10, lo = 0, hi = st->nrows;

	if (!local || strlen(local) < n)
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(st->rows[mid].key, local, n);

		if (c == 0 && st->rows[mid].key[n] == '\0')
			return (long)mid;
		if (c < 0 || (c == 0 && st->rows[mid].key[n] != '\0'))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* 実人数: each case once (in the period and in its row), each call without a
 * case once. */
static void tally_people(struct pass *p, sqlite3_stmt *s, long row)
{
	const char *code = column_text(s, COL_CASE);
	char key[96];
	int len;

	if (!code) {
		p->st->people++;
		if (row >= 0)
			p->row_nocase[row]++;
		return;
	}
	len = sqlite3_column_bytes(s, COL_CASE);
	if ((*strmap_at(&p->people, code, (size_t)len))++ == 0)
		p->st->people++;
	if (row < 0)
		return;
	if ((size_t)len < sizeof key - 24) {
		int k = snprintf(key, sizeof key, "%ld:", row);

		memcpy(key + k, code, (size_t)len);
		(*strmap_at(&p->row_people, key, (size_t)(k + len)))++;
	} else {
		char *big = xmalloc((size_t)len + 24);
		int k = snprintf(big, 24, "%ld:", row);

		memcpy(big + k, code, (size_t)len);
		(*strmap_at(&p->row_people, big, (size_t)(k + len)))++;
		free(big);
	}
}

static bool local_same_hour(const struct tm *a, const struct tm *b)
{
	return a->tm_hour == b->tm_hour && a->tm_mday == b->tm_mday && a->tm_mon == b->tm_mon &&
	       a->tm_year == b->tm_year && a->tm_gmtoff == b->tm_gmtoff;
}

static bool local_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	return localtime_r(&tt, tm) != NULL;
}

/* Outside 1971..2037, or when localtime_r fails: SQLite's answer (or NULL).
 * A failing step is recorded in p->failed, which ends the pass. */
static const char *local_key_sqlite(struct pass *p, int64_t t)
{
	sqlite3_stmt *s = store_prepare(p->q->s, local_sql, p->q->err);
	const char *v;
	enum step r;

	p->local.lo = t;
	p->local.hi = t + 1;
	p->local.null = true;
	if (!s) {
		p->failed = p->q->err->status;
		return NULL;
	}
	sqlite3_bind_int64(s, 1, t);
	if ((r = query_step(p->q, s)) == STEP_ERROR)
		p->failed = p->q->err->status;
	if (r == STEP_ROW && (v = column_text(s, 0))) {
		snprintf(p->local.key, sizeof p->local.key, "%s", v);
		p->local.null = false;
	}
	sqlite3_reset(s);
	return p->local.null ? NULL : p->local.key;
}

/* The local "YYYY-MM-DD HH" of t, as strftime('%Y-%m-%d %H', t, 'unixepoch',
 * 'localtime') says it. Calls come in time order: the hour is kept, and
 * reused while no change of offset falls inside it. */
static const char *local_key(struct pass *p, int64_t t)
{
	struct tm tm, edge;
	int64_t lo;

	if (t >= p->local.lo && t < p->local.hi)
		return p->local.null ? NULL : p->local.key;
	if (t < LOCAL_MIN || t >= LOCAL_MAX || !local_tm(t, &tm))
		return local_key_sqlite(p, t);
	snprintf(p->local.key, sizeof p->local.key, "%04d-%02d-%02d %02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
	p->local.null = false;
	p->local.lo = t;
	p->local.hi = t + 1;
	lo = t - tm.tm_min * 60 - tm.tm_sec;
	if (lo >= LOCAL_MIN && lo + 3600 <= LOCAL_MAX && local_tm(lo, &edge) &&
	    local_same_hour(&edge, &tm) && local_tm(lo + 3599, &edge) && local_same_hour(&edge, &tm)) {
		p->local.lo = lo;
		p->local.hi = lo + 3600;
	}
	return p->local.key;
}

static void tally_time(struct pass *p, sqlite3_stmt *s)
{
	const char *local = local_key(p, sqlite3_column_int64(s, COL_STARTED)), *sp;
	long row = -1;

	if (!local) {
		p->null_hour++; /* as CAST(NULL AS INTEGER) read with column_int: hour 0 */
	} else if ((sp = strchr(local, ' '))) {
		long h = strtol(sp + 1, NULL, 10);

		if (h >= 0 && h < 24)
			p->st->by_hour[h]++;
	}
	if (p->st->nrows && (row = row_of(p->st, local)) >= 0)
		p->st->rows[row].calls++;
	tally_people(p, s, row);
}

static void tally_duration(struct pass *p, sqlite3_stmt *s)
{
	struct stats_duration *d = &p->st->duration;
	int64_t v;

	if (sqlite3_column_type(s, COL_ENDED) == SQLITE_NULL)
		return;
	v = sqlite3_column_int64(s, COL_ENDED) - sqlite3_column_int64(s, COL_STARTED);
	if (d->count == 0 || v > d->max)
		d->max = (long)v;
	d->count++;
	d->total += (long)v;
	durations_add(&p->dur, v);
}

static void tally_urgent(struct pass *p, sqlite3_stmt *s)
{
	struct urgent_call *u;

	if (sqlite3_column_int(s, COL_URGENT) == 0)
		return;
	p->urgent = xrealloc(p->urgent, (p->nurgent + 1) * sizeof *p->urgent);
	u = &p->urgent[p->nurgent++];
	u->started_at = sqlite3_column_int64(s, COL_STARTED);
	u->id = xstrdup(column_text(s, COL_ID) ? column_text(s, COL_ID) : "");
	u->operator_name = xstrdup(column_text(s, COL_OPERATOR) ? column_text(s, COL_OPERATOR) : "");
	u->site = xstrdup(column_text(s, COL_SITE) ? column_text(s, COL_SITE) : "");
}

static void tally_call(struct pass *p, sqlite3_stmt *s)
{
	p->st->calls++;
	if (sqlite3_column_type(s, COL_DEBRIEF) != SQLITE_NULL &&
	    sqlite3_column_double(s, COL_DEBRIEF) != 0.0)
		p->st->debriefs++;
	tally_coded(p, s);
	tally_time(p, s);
	tally_duration(p, s);
	tally_urgent(p, s);
	if (column_text(s, COL_ID))
		batch_add(&p->batch, column_text(s, COL_ID), (size_t)sqlite3_column_bytes(s, COL_ID));
}

/* One call's codes (each once per call) and referrals. */
static enum step lookup_call(struct pass *p, sqlite3_stmt *codes, sqlite3_stmt *refs,
			     const char *id)
{
	struct stat_counts *l;
	const char *v;
	enum step r;
	int f;

	sqlite3_bind_text(codes, 1, id, -1, SQLITE_STATIC);
	while ((r = query_step(p->q, codes)) == STEP_ROW) {
		if ((f = multi_field(column_text(codes, 0))) < 0 || !(v = column_text(codes, 2)))
			continue;
		l = &p->st->lists[call_multi_info[f].list];
		codes_add(&p->codes, f, counts_index(l, v, (size_t)sqlite3_column_bytes(codes, 2)),
			  sqlite3_column_int(codes, 1) != 0);
	}
	codes_flush(&p->codes, p->st);
	if (r == STEP_ERROR)
		return r;
	sqlite3_bind_text(refs, 1, id, -1, SQLITE_STATIC);
	while ((r = query_step(p->q, refs)) == STEP_ROW)
		if ((v = column_text(refs, 0)))
			(*strmap_at(&p->referrals, v, (size_t)sqlite3_column_bytes(refs, 0)))++;
	return r;
}

/* The batch's codes and referrals, in id order. */
static enum status lookup_batch(struct pass *p, const struct query *q)
{
	sqlite3_stmt *codes = store_prepare(q->s, codes_sql, q->err);
	sqlite3_stmt *refs = codes ? store_prepare(q->s, referrals_sql, q->err) : NULL;
	char **ids;
	enum step r = STEP_DONE;

	if (!refs)
		return q->err->status;
	ids = xcalloc(p->batch.n + 1, sizeof *ids);
	for (size_t i = 0; i < p->batch.n; i++)
		ids[i] = p->batch.text + p->batch.at[i];
	qsort(ids, p->batch.n, sizeof *ids, id_cmp);
	for (size_t i = 0; i < p->batch.n && r != STEP_ERROR; i++)
		r = lookup_call(p, codes, refs, ids[i]);
	free(ids);
	p->batch.n = p->batch.len = 0;
	return r == STEP_ERROR ? q->err->status : ST_OK;
}

static int urgent_cmp(const void *a, const void *b)
{
	const struct urgent_call *x = a, *y = b;

	if (x->started_at != y->started_at)
		return x->started_at < y->started_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int pair_cmp(const void *a, const void *b)
{
	const struct stat_pair *x = a, *y = b;
	int c = strcmp(x->a, y->a);

	return c ? c : strcmp(x->b, y->b);
}

/* The middle value, or the mean of the two middle values of an even count. */
static void finish_durations(struct pass *p)
{
	struct stats_duration *d = &p->st->duration;
	long n = d->count;

	if (n == 0)
		return;
	if (p->dur.nother > 1)
		qsort(p->dur.other, p->dur.nother, sizeof *p->dur.other, int64_cmp);
	d->mean = (double)d->total / (double)n;
	d->median = n % 2 ? (double)durations_nth(&p->dur, (n - 1) / 2)
			  : ((double)durations_nth(&p->dur, n / 2 - 1) +
			     (double)durations_nth(&p->dur, n / 2)) / 2.0;
}

static void finish_people(struct pass *p)
{
	struct stats *st = p->st;

	for (size_t r = 0; r < st->nrows; r++)
		st->rows[r].people = p->row_nocase[r];
	for (size_t i = 0; i < p->row_people.cap; i++)
		if (p->row_people.v[i].key) {
			long r = strtol(p->row_people.v[i].key, NULL, 10);

			if (r >= 0 && (size_t)r < st->nrows)
				st->rows[r].people++;
		}
}

static void finish_calls(struct pass *p)
{
	struct stats *st = p->st;

	for (int f = 0; f < CF__COUNT; f++)
		counts_sort(&st->lists[call_coded_info[f].list]);
	counts_sort(&st->by_operator);
	counts_sort(&st->by_site);
	if (st->nage_gender > 1)
		qsort(st->age_gender, st->nage_gender, sizeof *st->age_gender, pair_cmp);
	/* A group of unknown hours came first and was overwritten by hour 0. */
	if (p->null_hour && st->by_hour[0] == 0)
		st->by_hour[0] = p->null_hour;
	finish_durations(p);
	finish_people(p);
	if (p->nurgent > 1)
		qsort(p->urgent, p->nurgent, sizeof *p->urgent, urgent_cmp);
	st->urgent = xcalloc(p->nurgent + 1, sizeof *st->urgent);
	for (size_t i = 0; i < p->nurgent; i++) {
		st->urgent[i] = (struct stat_urgent){p->urgent[i].started_at,
						     p->urgent[i].operator_name, p->urgent[i].site};
		p->urgent[i].operator_name = p->urgent[i].site = NULL;
	}
	st->nurgent = p->nurgent;
}

/* --- referrals by resource --- */

static int slot_cmp(const void *a, const void *b)
{
	return strcmp(((const struct strmap_slot *)a)->key, ((const struct strmap_slot *)b)->key);
}

/* Per resource in id order, with its name; the categories summed in that
 * order (a resource missing from the directory has no category to count). */
static enum status referrals_name(const struct query *q, struct strmap_slot *v, size_t n,
				  struct stats *st)
{
	sqlite3_stmt *s = store_prepare(q->s, resource_sql, q->err);
	const char *category;
	enum step r;

	if (!s)
		return q->err->status;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(s, 1, v[i].key, -1, SQLITE_STATIC);
		if ((r = query_step(q, s)) == STEP_ERROR)
			return q->err->status;
		counts_push(&st->by_resource, v[i].key, r == STEP_ROW ? column_text(s, 0) : NULL,
			    v[i].n);
		if (r == STEP_ROW && (category = column_text(s, 1)))
			counts_add(&st->lists[LIST_RESOURCE_CATEGORY], category, v[i].n);
		st->referrals += v[i].n;
		sqlite3_reset(s);
	}
	return ST_OK;
}

static enum status finish_referrals(struct pass *p, const struct query *q)
{
	struct strmap_slot *v = xcalloc(p->referrals.n + 1, sizeof *v);
	enum status ret;
	size_t n = 0;

	for (size_t i = 0; i < p->referrals.cap; i++)
		if (p->referrals.v[i].key)
			v[n++] = p->referrals.v[i];
	qsort(v, n, sizeof *v, slot_cmp);
	ret = referrals_name(q, v, n, p->st);
	free(v);
	return ret;
}

static enum status finish_all(struct pass *p, const struct query *q)
{
	finish_calls(p);
	for (int f = 0; f < CM__COUNT; f++)
		counts_sort(&p->st->lists[call_multi_info[f].list]);
	counts_sort(&p->st->primary_concern);
	return finish_referrals(p, q);
}

static enum status collect_calls(const struct query *q, const struct config *cfg,
				 struct stats *st)
{
	sqlite3_stmt *s = query_start(q, calls_sql);
	enum status ret = ST_OK;
	enum step r = STEP_DONE;
	struct pass p;

	if (!s)
		return q->err->status;
	pass_init(&p, q, cfg, st);
	while (!ret && (r = query_step(q, s)) == STEP_ROW) {
		tally_call(&p, s);
		if (!(ret = p.failed) && p.batch.n == BATCH_CALLS)
			ret = lookup_batch(&p, q);
	}
	if (!ret && r == STEP_ERROR)
		ret = q->err->status;
	if (!ret && !(ret = lookup_batch(&p, q)))
		ret = finish_all(&p, q);
	sqlite3_reset(s);
	pass_free(&p);
	return ret;
}

static enum status collect_followups(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = store_prepare(q->s, followups_sql, q->err);
	char from[11], to[11];
	enum status rc;

	if (!s)
		return q->err->status;
	date_format(st->period.from, from, sizeof from);
	date_format(st->period.to, to, sizeof to);
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 3, q->site);
	if ((rc = store_step_row(q->s, s, _("cannot count the follow-ups"), q->err)))
		return rc;
	st->followups_due = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return ST_OK;
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

	if (!stats_period_has_rows(&st->period))
		return;
	st->rows_by_month = stats_period_by_month(&st->period);
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

static enum status collect_all(const struct query *q, const struct config *cfg, struct stats *st)
{
	enum status rc;

	rows_fill_keys(st);
	if ((rc = collect_calls(q, cfg, st)))
		return rc;
	return collect_followups(q, st);
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
