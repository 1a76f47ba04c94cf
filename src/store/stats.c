/* The statistics of a period, all in one read transaction so that the
 * figures agree with each other, in one pass over the period's calls (by the
 * calls_by_start index): every single-valued figure, hours, people, durations
 * and urgent calls are tallied here as the rows go by; the figures that add
 * up into the call's day or month of the series (summed into the whole period
 * at the end), people and durations into both. Each consultation's
 * multi-valued codes and referrals are looked up by its id, a batch of calls
 * at a time in id order. A GROUP BY per figure read the period some twenty
 * times: a fiscal year of 200,000 calls took 7 s that way. Tallies are small
 * (one per code, operator, site, resource, case, day or month); only a batch
 * of ids and the durations (4 bytes a call, for the exact median) are held. */
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
/* A call of an import still being written counts once it is complete. */
#define IN_PERIOD                                                                        \
	" c.started_at >= ?1 AND c.started_at < ?2 AND (?3 IS NULL OR c.site = ?3) AND"   \
	VISIBLE("c")
#define FROM_CALLS " FROM calls c WHERE" IN_PERIOD

/* The pass: the single-valued fields in enum call_coded order, then these. */
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
 * follow-up contacted by a later call on the case, or closed, is no longer
 * due. */
static const char followups_sql[] =
	"SELECT c.next_contact, count(*) FROM calls c WHERE c.next_contact IS NOT NULL"
	" AND c.outcome IS NOT 'closed' AND c.followup_state IS NULL"
	" AND c.next_contact >= ?1 AND c.next_contact <= ?2 AND (?3 IS NULL OR c.site = ?3)"
	" AND" VISIBLE("c") "GROUP BY c.next_contact";
/* Waiting for the caller: the period's calls, by their start. */
static const char waiting_sql[] =
	"SELECT date(c.started_at, 'unixepoch', 'localtime'), count(*)" FROM_CALLS
	" AND c.followup_state = 'waiting' AND c.outcome IS NOT 'closed' GROUP BY 1";
/* Contacted or closed in the period, by when (calls_by_followup_end). */
static const char ended_sql[] =
	"SELECT date(c.followup_closed_at, 'unixepoch', 'localtime'), c.followup_state,"
	" c.followup_result, count(*) FROM calls c WHERE c.followup_closed_at IS NOT NULL"
	" AND c.followup_closed_at >= ?1 AND c.followup_closed_at < ?2"
	" AND (?3 IS NULL OR c.site = ?3) AND" VISIBLE("c") "GROUP BY 1, 2, 3";
/* The duty room, by the local day of each event: debriefs requested, done;
 * help requests raised (and of them those acknowledged, and their waits). */
static const char debriefs_requested_sql[] =
	"SELECT date(requested_at, 'unixepoch', 'localtime'), reason, count(*) FROM debriefs"
	" WHERE requested_at >= ?1 AND requested_at < ?2 AND (?3 IS NULL OR site = ?3)"
	" GROUP BY 1, 2";
static const char debriefs_done_sql[] =
	"SELECT date(done_at, 'unixepoch', 'localtime'), reason, count(*) FROM debriefs"
	" WHERE done_at >= ?1 AND done_at < ?2 AND (?3 IS NULL OR site = ?3) GROUP BY 1, 2";
static const char help_sql[] =
	"SELECT date(raised_at, 'unixepoch', 'localtime'), count(*), count(acked_at),"
	" coalesce(sum(acked_at - raised_at), 0), coalesce(max(acked_at - raised_at), 0)"
	" FROM help_requests WHERE raised_at >= ?1 AND raised_at < ?2"
	" AND (?3 IS NULL OR site = ?3) GROUP BY 1";
static const char sites_sql[] = "SELECT DISTINCT site FROM calls c WHERE" VISIBLE("c");

struct query {
	struct store *s;
	int64_t from, to;
	const char *site;
	struct error *err;
	const char *what; /* the message of a failing step, translated once */
};

/* --- periods --- */

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

bool stats_period_has_series(const struct stats_period *p)
{
	return p->kind != STATS_DAY && date_cmp(p->from, p->to) != 0;
}

bool stats_period_by_month(const struct stats_period *p)
{
	return p->kind == STATS_FISCAL_YEAR ||
	       (p->kind == STATS_RANGE && period_days(p) > STATS_DAY_ROWS_MAX);
}

bool stats_period_partial_month(const struct stats_period *p)
{
	return p->from.d != 1 || p->to.d != date_days_in_month(p->to.y, p->to.m) ||
	       p->from.y != p->to.y || p->from.m != p->to.m;
}

/* --- counts --- */

long stats_count(const struct stat_counts *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].n;
	return 0;
}

long stats_pair_count(const struct stat_pairs *p, const char *a, const char *b)
{
	long n = 0;

	for (size_t i = 0; i < p->n; i++)
		if ((!a || strcmp(p->v[i].a, a) == 0) && (!b || strcmp(p->v[i].b, b) == 0))
			n += p->v[i].n;
	return n;
}

struct stats_duration stats_duration_of(const struct stats *st, const char *key)
{
	for (size_t i = 0; i < st->nduration_by_type; i++)
		if (strcmp(st->duration_by_type[i].key, key) == 0)
			return st->duration_by_type[i].d;
	return (struct stats_duration){0};
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

static void pairs_free(struct stat_pairs *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].a);
		free(p->v[i].b);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

void stats_free(struct stats *st)
{
	for (int l = 0; l < LIST__COUNT; l++)
		counts_free(&st->lists[l]);
	counts_free(&st->primary_concern);
	counts_free(&st->by_operator);
	counts_free(&st->by_site);
	counts_free(&st->by_resource);
	counts_free(&st->people_by_caller);
	counts_free(&st->followup_results);
	counts_free(&st->debriefs_by_reason);
	counts_free(&st->debriefs_done_by_reason);
	pairs_free(&st->age_gender);
	pairs_free(&st->people_age_gender);
	for (size_t i = 0; i < st->nduration_by_type; i++)
		free(st->duration_by_type[i].key);
	free(st->duration_by_type);
	for (size_t i = 0; i < st->nurgent; i++) {
		free(st->urgent[i].operator_name);
		free(st->urgent[i].site);
	}
	free(st->urgent);
	for (size_t i = 0; i < st->nseries; i++)
		stats_free(&st->series[i]);
	free(st->series);
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
	return store_step(q->s, st, q->what, q->err);
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

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

/* Counts key n more times; returns the key as the counts hold it (a string
 * that stays put until counts_free, whatever the array does). */
static const char *counts_tally(struct stat_counts *c, const char *key, size_t len, long n)
{
	size_t i = counts_index(c, key, len); /* before c->v: it may move */

	c->v[i].n += n;
	return c->v[i].key;
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

static void pairs_add(struct stat_pairs *p, const char *a, const char *b, long n)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].a[0] == a[0] && p->v[i].b[0] == b[0] && strcmp(p->v[i].a, a) == 0 &&
		    strcmp(p->v[i].b, b) == 0) {
			p->v[i].n += n;
			return;
		}
	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = (struct stat_pair){xstrdup(a), xstrdup(b), n};
}

static int pair_cmp(const void *a, const void *b)
{
	const struct stat_pair *x = a, *y = b;
	int c = strcmp(x->a, y->a);

	return c ? c : strcmp(x->b, y->b);
}

static void pairs_sort(struct stat_pairs *p)
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof *p->v, pair_cmp);
}

/* --- many string keys (case codes, resource ids): open addressing, FNV-1a --- */

/* The values of a person's latest consultation seen so far. */
struct person {
	int64_t started;
	char id[ID_LEN + 1];
	const char *caller, *age, *gender; /* keys held by the period's counts, or NULL */
};

struct strmap {
	struct strmap_slot {
		char *key;
		long n;
		struct person *person;
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
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_slot *v = xcalloc(cap, sizeof *v);

	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key)
			*strmap_find(v, cap, m->v[i].key, strlen(m->v[i].key)) = m->v[i];
	free(m->v);
	m->v = v;
	m->cap = cap;
}

/* key's slot, added with n 0 the first time (*added then true). */
static struct strmap_slot *strmap_at(struct strmap *m, const char *key, size_t len, bool *added)
{
	struct strmap_slot *e;

	if (2 * (m->n + 1) > m->cap)
		strmap_grow(m);
	e = strmap_find(m->v, m->cap, key, len);
	*added = !e->key;
	if (!e->key) {
		e->key = xstrndup(key, len);
		m->n++;
	}
	return e;
}

static void strmap_count(struct strmap *m, const char *key, size_t len)
{
	bool added;

	strmap_at(m, key, len, &added)->n++;
}

static void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->v[i].key);
		free(m->v[i].person);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* --- durations: every one kept (4 bytes), sorted once for the median --- */

struct durations {
	int32_t *v;
	size_t n, cap;
	long total, max;
};

static void durations_add(struct durations *d, int64_t secs)
{
	int32_t v = secs > INT32_MAX ? INT32_MAX : secs < INT32_MIN ? INT32_MIN : (int32_t)secs;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	if (d->n == 0 || secs > d->max)
		d->max = (long)secs;
	d->v[d->n++] = v;
	d->total += (long)secs;
}

/* The k-th smallest of v[0..n) (from 0), moving the values about: a
 * quickselect, O(n) where sorting a fiscal year's durations was a tenth of
 * the whole count. */
static int32_t select_nth(int32_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		int32_t pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				int32_t x = v[i];

				v[i++] = v[j];
				v[j] = x;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* Count, total, mean, the middle value (the mean of the two middle values
 * of an even count) and the longest; all zero when there is none. */
static struct stats_duration durations_finish(struct durations *d)
{
	struct stats_duration r = {0};
	size_t n = d->n;
	int32_t low;

	if (n == 0)
		return r;
	r.count = (long)n;
	r.total = d->total;
	r.max = d->max;
	r.mean = (double)d->total / (double)n;
	r.median = (double)select_nth(d->v, n, n / 2);
	if (n % 2 == 0) {
		/* after the selection every value below n / 2 is at most the middle */
		low = d->v[0];
		for (size_t i = 1; i < n / 2; i++)
			if (d->v[i] > low)
				low = d->v[i];
		r.median = ((double)low + r.median) / 2.0;
	}
	return r;
}

static void durations_free(struct durations *d)
{
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* --- a tally: the whole period, or one day or month of its series --- */

struct type_durations {
	char *key;
	struct durations d;
};

struct tally {
	struct stats *st;
	struct strmap people;    /* canonical case code: its latest consultation */
	struct strmap referrals; /* resource id: referrals */
	struct durations dur;    /* consultations */
	struct type_durations *types;
	size_t ntypes;
};

static void tally_free(struct tally *t)
{
	strmap_free(&t->people);
	strmap_free(&t->referrals);
	durations_free(&t->dur);
	for (size_t i = 0; i < t->ntypes; i++) {
		free(t->types[i].key);
		durations_free(&t->types[i].d);
	}
	free(t->types);
	memset(t, 0, sizeof *t);
}

static struct durations *tally_type_durations(struct tally *t, const char *key, size_t len)
{
	for (size_t i = 0; i < t->ntypes; i++)
		if (strncmp(t->types[i].key, key, len) == 0 && t->types[i].key[len] == '\0')
			return &t->types[i].d;
	t->types = xrealloc(t->types, (t->ntypes + 1) * sizeof *t->types);
	t->types[t->ntypes] = (struct type_durations){xstrndup(key, len), {0}};
	return &t->types[t->ntypes++].d;
}

/* --- a call as the pass sees it --- */

struct view {
	const char *coded[CF__COUNT]; /* the value, or what no value counts as (NULL: none) */
	size_t len[CF__COUNT];
	int hour;                     /* -1: SQLite could not tell */
	bool consultation, debrief, has_end;
	int64_t started, duration;
	char case_code[64];           /* canonical where it parses; "" without a case */
	const char *id;
	struct person person;         /* caller, age band and gender for the 実人数 tables */
};

/* Every call: by type, hour, operator, site, debrief. These figures add up:
 * with a series they are counted into the day or month alone, and summed
 * into the whole period at the end (merge_row), which halves the work. */
static void count_call(struct stats *st, const struct view *v, sqlite3_stmt *s)
{
	st->calls++;
	if (v->coded[CF_CALL_TYPE])
		counts_tally(&st->lists[LIST_CALL_TYPE], v->coded[CF_CALL_TYPE],
			     v->len[CF_CALL_TYPE], 1);
	if (v->hour >= 0)
		st->by_hour[v->hour]++;
	if (column_text(s, COL_OPERATOR))
		counts_tally(&st->by_operator, column_text(s, COL_OPERATOR),
			     (size_t)sqlite3_column_bytes(s, COL_OPERATOR), 1);
	if (column_text(s, COL_SITE))
		counts_tally(&st->by_site, column_text(s, COL_SITE),
			     (size_t)sqlite3_column_bytes(s, COL_SITE), 1);
	if (v->debrief)
		st->debriefs++;
}

/* The tables of people: one person with these values. */
static void people_add(struct stats *st, const struct person *p)
{
	if (p->caller)
		counts_add(&st->people_by_caller, p->caller, 1);
	if (p->age && p->gender)
		pairs_add(&st->people_age_gender, p->age, p->gender, 1);
}

static bool person_later(const struct person *a, const struct person *b)
{
	return a->started != b->started ? a->started > b->started : strcmp(a->id, b->id) > 0;
}

/* The whole period's copy of a key of list l, which stays put to the end. */
static const char *intern(struct stats *whole, enum list_id l, const char *key)
{
	struct stat_counts *c = &whole->lists[l];
	size_t i;

	if (!key)
		return NULL;
	i = counts_index(c, key, strlen(key)); /* before c->v: it may move */
	return c->v[i].key;
}

/* A person kept beyond the row: the call's values are the statement's. */
static void person_keep(struct stats *whole, struct person *to, const struct person *from)
{
	*to = *from;
	to->caller = intern(whole, LIST_CALLER, from->caller);
	to->age = intern(whole, LIST_AGE_BAND, from->age);
	to->gender = intern(whole, LIST_GENDER, from->gender);
}

/* 実人数: each case once, by its latest consultation; a consultation without
 * a case is one person of its own. */
static void tally_person(struct stats *whole, struct tally *t, const struct view *v)
{
	struct strmap_slot *e;
	bool added;

	if (!v->case_code[0]) {
		t->st->people++;
		t->st->consultations_without_case++;
		people_add(t->st, &v->person);
		return;
	}
	e = strmap_at(&t->people, v->case_code, strlen(v->case_code), &added);
	if (added) {
		t->st->people++;
		e->person = xmalloc(sizeof *e->person);
		person_keep(whole, e->person, &v->person);
	} else if (person_later(&v->person, e->person)) {
		person_keep(whole, e->person, &v->person);
	}
}

/* A consultation: every other figure that adds up. */
static void count_consultation(struct stats *st, const struct view *v)
{
	st->consultations++;
	for (int f = 0; f < CF__COUNT; f++)
		if (f != CF_CALL_TYPE && v->coded[f])
			counts_tally(&st->lists[call_coded_info[f].list], v->coded[f], v->len[f], 1);
	if (v->coded[CF_AGE_BAND] && v->coded[CF_GENDER])
		pairs_add(&st->age_gender, v->coded[CF_AGE_BAND], v->coded[CF_GENDER], 1);
}

/* --- batches of consultations whose codes and referrals are due --- */

struct batch {
	char *text; /* the ids, each NUL-terminated, one after another */
	size_t len, cap;
	struct batch_call {
		size_t at;  /* where the id starts in text */
		long row;   /* its day or month in the series, or -1 */
	} *calls;
	size_t n, ncap;
};

static void batch_add(struct batch *b, const char *id, size_t len, long row)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64 * 1024;
		while (b->len + len + 1 > b->cap)
			b->cap *= 2;
		b->text = xrealloc(b->text, b->cap);
	}
	if (b->n == b->ncap) {
		b->ncap = b->ncap ? 2 * b->ncap : 4096;
		b->calls = xrealloc(b->calls, b->ncap * sizeof *b->calls);
	}
	b->calls[b->n++] = (struct batch_call){b->len, row};
	memcpy(b->text + b->len, id, len);
	b->text[b->len + len] = '\0';
	b->len += len + 1;
}

static void batch_free(struct batch *b)
{
	free(b->text);
	free(b->calls);
}

/* One consultation's codes, each (field, code) once; first when any of its
 * rows has pos 0. The codes are copied: the statement moves on. */
struct call_codes {
	struct code_seen {
		int field; /* enum call_multi */
		size_t at, len;
		bool first;
	} *v;
	size_t n, cap;
	struct buf text;
};

static void codes_add(struct call_codes *cc, int field, const char *code, size_t len, bool first)
{
	for (size_t i = 0; i < cc->n; i++)
		if (cc->v[i].field == field && cc->v[i].len == len &&
		    memcmp(cc->text.s + cc->v[i].at, code, len) == 0) {
			cc->v[i].first |= first;
			return;
		}
	if (cc->n == cc->cap) {
		cc->cap = cc->cap ? 2 * cc->cap : 16;
		cc->v = xrealloc(cc->v, cc->cap * sizeof *cc->v);
	}
	cc->v[cc->n++] = (struct code_seen){field, cc->text.len, len, first};
	buf_add(&cc->text, code, len);
}

static void codes_flush(const struct call_codes *cc, struct tally *t)
{
	for (size_t i = 0; i < cc->n; i++) {
		const struct code_seen *c = &cc->v[i];
		const char *code = cc->text.s + c->at;

		counts_tally(&t->st->lists[call_multi_info[c->field].list], code, c->len, 1);
		if (c->first && c->field == CM_CONCERNS)
			counts_tally(&t->st->primary_concern, code, c->len, 1);
	}
}

static int multi_field(const char *field)
{
	for (int f = 0; field && f < CM__COUNT; f++)
		if (field[0] == call_multi_info[f].json[0] && strcmp(field, call_multi_info[f].json) == 0)
			return f;
	return -1;
}

/* --- the pass over the calls --- */

struct urgent_call {
	int64_t started_at;
	long row;
	char *id, *operator_name, *site;
};

struct pass {
	const struct query *q;
	const struct config *cfg;
	enum status failed;       /* a step that failed inside a tally */
	const char *unknown[CF__COUNT];
	struct tally whole;
	struct tally *rows;       /* one per element of the series */
	long null_hour;           /* calls whose local hour SQLite could not tell */
	long last_row;            /* the row of the last call (calls come by the day) */
	char last_type[32];       /* the call type of the last call, and whether it */
	bool last_consultation;   /* is a consultation: most calls are of one type */
	struct {                  /* the last local hour: [lo, hi) in UTC */
		int64_t lo, hi;
		bool null;
		char key[32];     /* "YYYY-MM-DD HH" */
	} local;
	struct urgent_call *urgent;
	size_t nurgent;
	struct batch batch;
	struct call_codes codes;  /* of the consultation looked up */
};

static const char *unknown_of(const struct config *cfg, enum list_id l)
{
	return codelist_has_unknown(config_list(cfg, l)) ? "unknown" : NULL;
}

static void pass_init(struct pass *p, const struct query *q, const struct config *cfg,
		      struct stats *st)
{
	memset(p, 0, sizeof *p);
	p->q = q;
	p->cfg = cfg;
	p->whole.st = st;
	p->rows = xcalloc(st->nseries + 1, sizeof *p->rows);
	for (size_t i = 0; i < st->nseries; i++)
		p->rows[i].st = &st->series[i];
	p->last_row = -1;
	tzset(); /* localtime_r need not read TZ itself */
	for (int f = 0; f < CF__COUNT; f++)
		p->unknown[f] = unknown_of(cfg, call_coded_info[f].list);
	buf_init(&p->codes.text);
}

static void pass_free(struct pass *p)
{
	size_t nrows = p->whole.st->nseries;

	tally_free(&p->whole);
	for (size_t i = 0; i < nrows; i++)
		tally_free(&p->rows[i]);
	free(p->rows);
	for (size_t i = 0; i < p->nurgent; i++) {
		free(p->urgent[i].id);
		free(p->urgent[i].operator_name);
		free(p->urgent[i].site);
	}
	free(p->urgent);
	batch_free(&p->batch);
	free(p->codes.v);
	buf_free(&p->codes.text);
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

/* The element of the series whose days hold d, or -1. */
static long row_of_date(const struct stats *st, struct date d, long hint)
{
	size_t lo = 0, hi = st->nseries;

	if (hint >= 0 && date_cmp(st->series[hint].period.from, d) <= 0 &&
	    date_cmp(d, st->series[hint].period.to) <= 0)
		return hint;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (date_cmp(st->series[mid].period.to, d) < 0)
			lo = mid + 1;
		else if (date_cmp(d, st->series[mid].period.from) < 0)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

static bool parse_local(const char *s, struct date *d, int *hour)
{
	char date[11];

	if (!s || strlen(s) < 13 || s[10] != ' ')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	*hour = (s[11] - '0') * 10 + (s[12] - '0');
	return date_parse(date, d) && *hour >= 0 && *hour < 24;
}

/* What no value of field f counts as: unknown where the list has it. */
static void view_coded(struct pass *p, struct view *v, sqlite3_stmt *s, int f)
{
	v->coded[f] = column_text(s, f);
	v->len[f] = v->coded[f] ? (size_t)sqlite3_column_bytes(s, f) : 0;
	if (!v->coded[f] && p->unknown[f]) {
		v->coded[f] = p->unknown[f];
		v->len[f] = strlen(p->unknown[f]);
	}
}

static void view_case(struct view *v, sqlite3_stmt *s)
{
	const char *code = column_text(s, COL_CASE);

	v->case_code[0] = '\0';
	if (!code)
		return;
	/* Case codes are compared in their canonical form (k7q2 9mxd is K7Q2-9MXD). */
	if (!case_code_normalize(code, v->case_code))
		snprintf(v->case_code, sizeof v->case_code, "%s", code);
	if (!v->case_code[0])
		snprintf(v->case_code, sizeof v->case_code, "%s", " "); /* an empty code: a case */
}

static bool is_consultation(struct pass *p, const char *type)
{
	if (!type || strlen(type) >= sizeof p->last_type)
		return config_is_consultation(p->cfg, type);
	if (strcmp(type, p->last_type) != 0) {
		strcpy(p->last_type, type);
		p->last_consultation = config_is_consultation(p->cfg, type);
	}
	return p->last_consultation;
}

/* The call of this row, and its day or month of the series. */
static long view_of(struct pass *p, sqlite3_stmt *s, struct view *v)
{
	const char *local;
	struct date d;
	long row = -1;

	memset(v, 0, sizeof *v);
	for (int f = 0; f < CF__COUNT; f++)
		view_coded(p, v, s, f);
	v->started = sqlite3_column_int64(s, COL_STARTED);
	v->has_end = sqlite3_column_type(s, COL_ENDED) != SQLITE_NULL;
	v->duration = sqlite3_column_int64(s, COL_ENDED) - v->started;
	v->debrief = sqlite3_column_type(s, COL_DEBRIEF) != SQLITE_NULL &&
		     sqlite3_column_double(s, COL_DEBRIEF) != 0.0;
	v->consultation = is_consultation(p, column_text(s, CF_CALL_TYPE));
	v->id = column_text(s, COL_ID);
	v->hour = -1;
	local = local_key(p, v->started);
	if (!local) {
		p->null_hour++; /* as CAST(NULL AS INTEGER) read with column_int: hour 0 */
	} else if (parse_local(local, &d, &v->hour) && p->whole.st->nseries) {
		row = p->last_row = row_of_date(p->whole.st, d, p->last_row);
	}
	view_case(v, s);
	return row;
}

static void tally_urgent(struct pass *p, sqlite3_stmt *s, long row)
{
	struct urgent_call *u;

	if (sqlite3_column_int(s, COL_URGENT) == 0)
		return;
	p->urgent = xrealloc(p->urgent, (p->nurgent + 1) * sizeof *p->urgent);
	u = &p->urgent[p->nurgent++];
	u->started_at = sqlite3_column_int64(s, COL_STARTED);
	u->row = row;
	u->id = xstrdup(column_text(s, COL_ID) ? column_text(s, COL_ID) : "");
	u->operator_name = xstrdup(column_text(s, COL_OPERATOR) ? column_text(s, COL_OPERATOR) : "");
	u->site = xstrdup(column_text(s, COL_SITE) ? column_text(s, COL_SITE) : "");
}

static void tally_row(struct pass *p, sqlite3_stmt *s)
{
	struct tally *row = NULL;
	struct view v;
	long r = view_of(p, s, &v);
	struct stats *add; /* where the figures that add up go */
	const char *type;

	if (r >= 0)
		row = &p->rows[r];
	add = row ? row->st : p->whole.st;
	count_call(add, &v, s);
	if (v.has_end && (type = v.coded[CF_CALL_TYPE])) {
		durations_add(tally_type_durations(&p->whole, type, v.len[CF_CALL_TYPE]), v.duration);
		if (row)
			durations_add(tally_type_durations(row, type, v.len[CF_CALL_TYPE]), v.duration);
	}
	tally_urgent(p, s, r);
	if (!v.consultation)
		return;
	v.person.started = v.started;
	snprintf(v.person.id, sizeof v.person.id, "%s", v.id ? v.id : "");
	/* the call's own values: a person kept beyond this row gets the whole
	 * period's copies (tally_person) */
	v.person.caller = v.coded[CF_CALLER];
	v.person.age = v.coded[CF_AGE_BAND];
	v.person.gender = v.coded[CF_GENDER];
	count_consultation(add, &v);
	if (v.has_end) {
		durations_add(&p->whole.dur, v.duration);
		if (row)
			durations_add(&row->dur, v.duration);
	}
	tally_person(p->whole.st, &p->whole, &v);
	if (row)
		tally_person(p->whole.st, row, &v);
	if (v.id)
		batch_add(&p->batch, v.id, strlen(v.id), r);
}

/* One consultation's codes (each once per call) and referrals, into its day
 * or month (the whole period without a series). */
static enum step lookup_call(struct pass *p, sqlite3_stmt *codes, sqlite3_stmt *refs,
			     const char *id, long r)
{
	struct tally *row = r >= 0 ? &p->rows[r] : NULL;
	const char *v;
	enum step st;
	int f;

	p->codes.n = 0;
	buf_reset(&p->codes.text);
	sqlite3_bind_text(codes, 1, id, -1, SQLITE_STATIC);
	while ((st = query_step(p->q, codes)) == STEP_ROW)
		if ((f = multi_field(column_text(codes, 0))) >= 0 && (v = column_text(codes, 2)))
			codes_add(&p->codes, f, v, (size_t)sqlite3_column_bytes(codes, 2),
				  sqlite3_column_int(codes, 1) != 0);
	if (st == STEP_ERROR)
		return st;
	codes_flush(&p->codes, row ? row : &p->whole);
	sqlite3_bind_text(refs, 1, id, -1, SQLITE_STATIC);
	while ((st = query_step(p->q, refs)) == STEP_ROW)
		if ((v = column_text(refs, 0)))
			strmap_count(row ? &row->referrals : &p->whole.referrals, v,
				     (size_t)sqlite3_column_bytes(refs, 0));
	return st;
}

static int batch_cmp(const void *a, const void *b, void *text)
{
	return strcmp((const char *)text + ((const struct batch_call *)a)->at,
		      (const char *)text + ((const struct batch_call *)b)->at);
}

/* The batch's codes and referrals, in id order. */
static enum status lookup_batch(struct pass *p)
{
	const struct query *q = p->q;
	sqlite3_stmt *codes = store_prepare(q->s, codes_sql, q->err);
	sqlite3_stmt *refs = codes ? store_prepare(q->s, referrals_sql, q->err) : NULL;
	struct batch *b = &p->batch;
	enum step r = STEP_DONE;

	if (!refs)
		return q->err->status;
	if (b->n > 1)
		qsort_r(b->calls, b->n, sizeof *b->calls, batch_cmp, b->text);
	for (size_t i = 0; i < b->n && r != STEP_ERROR; i++)
		r = lookup_call(p, codes, refs, b->text + b->calls[i].at, b->calls[i].row);
	b->n = b->len = 0;
	return r == STEP_ERROR ? q->err->status : ST_OK;
}

/* --- finishing a tally --- */

static int urgent_cmp(const void *a, const void *b)
{
	const struct urgent_call *x = a, *y = b;

	if (x->started_at != y->started_at)
		return x->started_at < y->started_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int type_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stat_duration *)a)->key,
		      ((const struct stat_duration *)b)->key);
}

static void finish_durations(struct tally *t)
{
	struct stats *st = t->st;

	st->duration = durations_finish(&t->dur);
	st->duration_by_type = xcalloc(t->ntypes + 1, sizeof *st->duration_by_type);
	for (size_t i = 0; i < t->ntypes; i++)
		st->duration_by_type[i] = (struct stat_duration){xstrdup(t->types[i].key),
								  durations_finish(&t->types[i].d)};
	st->nduration_by_type = t->ntypes;
	if (st->nduration_by_type > 1)
		qsort(st->duration_by_type, st->nduration_by_type, sizeof *st->duration_by_type,
		      type_cmp);
}

static void finish_tally(struct tally *t)
{
	struct stats *st = t->st;

	for (size_t i = 0; i < t->people.cap; i++)
		if (t->people.v[i].person)
			people_add(st, t->people.v[i].person);
	for (int l = 0; l < LIST__COUNT; l++)
		counts_sort(&st->lists[l]);
	counts_sort(&st->primary_concern);
	counts_sort(&st->by_operator);
	counts_sort(&st->by_site);
	counts_sort(&st->people_by_caller);
	pairs_sort(&st->age_gender);
	pairs_sort(&st->people_age_gender);
	finish_durations(t);
}

/* The urgent calls, oldest first, into the whole period and their rows. */
static void finish_urgent(struct pass *p)
{
	struct stats *st = p->whole.st;

	if (p->nurgent > 1)
		qsort(p->urgent, p->nurgent, sizeof *p->urgent, urgent_cmp);
	st->urgent = xcalloc(p->nurgent + 1, sizeof *st->urgent);
	for (size_t i = 0; i < p->nurgent; i++) {
		const struct urgent_call *u = &p->urgent[i];
		struct stats *e = u->row >= 0 ? &st->series[u->row] : NULL;

		st->urgent[st->nurgent++] = (struct stat_urgent){u->started_at,
			xstrdup(u->operator_name), xstrdup(u->site)};
		if (!e)
			continue;
		e->urgent = xrealloc(e->urgent, (e->nurgent + 1) * sizeof *e->urgent);
		e->urgent[e->nurgent++] = (struct stat_urgent){u->started_at,
			xstrdup(u->operator_name), xstrdup(u->site)};
	}
}

/* --- referrals by resource --- */

/* A resource as the directory has it (name and category may be NULL). */
struct resource {
	char *id, *name, *category;
};

static int resource_cmp(const void *a, const void *b)
{
	return strcmp(((const struct resource *)a)->id, ((const struct resource *)b)->id);
}

/* Every resource referred to in the period, in id order, with its name and
 * category: one lookup each. */
static enum status resources_named(const struct query *q, const struct strmap *m,
				   struct resource **out, size_t *nout)
{
	sqlite3_stmt *s = store_prepare(q->s, resource_sql, q->err);
	struct resource *v = xcalloc(m->n + 1, sizeof *v);
	size_t n = 0;
	enum step r;

	*out = v;
	*nout = 0;
	if (!s)
		return q->err->status;
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key)
			v[n++].id = xstrdup(m->v[i].key);
	*nout = n;
	qsort(v, n, sizeof *v, resource_cmp);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(s, 1, v[i].id, -1, SQLITE_STATIC);
		if ((r = query_step(q, s)) == STEP_ERROR)
			return q->err->status;
		if (r == STEP_ROW) {
			v[i].name = store_column_dup(s, 0);
			v[i].category = store_column_dup(s, 1);
		}
		sqlite3_reset(s);
	}
	return ST_OK;
}

/* Per resource in id order, with its name (the whole period's only: no
 * renderer names the resources of a day); the categories summed in that
 * order (a resource missing from the directory has no category to count). */
static void finish_referrals(struct tally *t, const struct resource *v, size_t n, bool names)
{
	struct stats *st = t->st;

	for (size_t i = 0; i < n && t->referrals.n; i++) {
		struct strmap_slot *e = strmap_find(t->referrals.v, t->referrals.cap, v[i].id,
						    strlen(v[i].id));

		if (!e->key)
			continue;
		counts_push(&st->by_resource, v[i].id, names ? v[i].name : NULL, e->n);
		if (v[i].category)
			counts_add(&st->lists[LIST_RESOURCE_CATEGORY], v[i].category, e->n);
		st->referrals += e->n;
	}
	counts_sort(&st->lists[LIST_RESOURCE_CATEGORY]);
}

static void resources_free(struct resource *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].category);
	}
	free(v);
}

static void counts_merge(struct stat_counts *into, const struct stat_counts *c)
{
	for (size_t i = 0; i < c->n; i++)
		counts_tally(into, c->v[i].key, strlen(c->v[i].key), c->v[i].n);
}

/* The figures that add up, from a day or month into the whole period. */
static void merge_row(struct tally *whole, const struct tally *row)
{
	struct stats *w = whole->st;
	const struct stats *e = row->st;
	bool added;

	w->calls += e->calls;
	w->consultations += e->consultations;
	w->debriefs += e->debriefs;
	for (int h = 0; h < 24; h++)
		w->by_hour[h] += e->by_hour[h];
	for (int l = 0; l < LIST__COUNT; l++)
		counts_merge(&w->lists[l], &e->lists[l]);
	counts_merge(&w->primary_concern, &e->primary_concern);
	counts_merge(&w->by_operator, &e->by_operator);
	counts_merge(&w->by_site, &e->by_site);
	for (size_t i = 0; i < e->age_gender.n; i++)
		pairs_add(&w->age_gender, e->age_gender.v[i].a, e->age_gender.v[i].b,
			  e->age_gender.v[i].n);
	for (size_t i = 0; i < row->referrals.cap; i++)
		if (row->referrals.v[i].key)
			strmap_at(&whole->referrals, row->referrals.v[i].key,
				  strlen(row->referrals.v[i].key), &added)->n += row->referrals.v[i].n;
}

static enum status finish_all(struct pass *p)
{
	struct stats *st = p->whole.st;
	struct resource *res;
	size_t nres;
	enum status rc;

	/* A group of unknown hours came first and was overwritten by hour 0. */
	for (size_t i = 0; i < st->nseries; i++)
		merge_row(&p->whole, &p->rows[i]);
	if (p->null_hour && st->by_hour[0] == 0)
		st->by_hour[0] = p->null_hour;
	finish_urgent(p);
	rc = resources_named(p->q, &p->whole.referrals, &res, &nres);
	finish_referrals(&p->whole, res, nres, true);
	finish_tally(&p->whole);
	for (size_t i = 0; i < st->nseries; i++) {
		finish_referrals(&p->rows[i], res, nres, false);
		finish_tally(&p->rows[i]);
	}
	resources_free(res, nres);
	return rc;
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
		tally_row(&p, s);
		if (!(ret = p.failed) && p.batch.n == BATCH_CALLS)
			ret = lookup_batch(&p);
	}
	if (!ret && r == STEP_ERROR)
		ret = q->err->status;
	if (!ret && !(ret = lookup_batch(&p)))
		ret = finish_all(&p);
	sqlite3_reset(s);
	pass_free(&p);
	return ret;
}

/* Follow-ups due, by their next-contact date: the whole period and its days
 * or months. */
static enum status collect_followups(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = store_prepare(q->s, followups_sql, q->err);
	char from[11], to[11];
	long hint = -1;
	enum step r;

	if (!s)
		return q->err->status;
	date_format(st->period.from, from, sizeof from);
	date_format(st->period.to, to, sizeof to);
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	store_bind_text(s, 3, q->site);
	while ((r = query_step(q, s)) == STEP_ROW) {
		long n = (long)sqlite3_column_int64(s, 1);
		struct date d;

		st->followups_due += n;
		if (st->nseries && date_parse(column_text(s, 0), &d) &&
		    (hint = row_of_date(st, d, hint)) >= 0)
			st->series[hint].followups_due += n;
	}
	return r == STEP_ERROR ? q->err->status : ST_OK;
}

/* The follow-ups' states (stats.h), into the whole and each day or month. */
static void tally_state(struct stats *st, const char *state, const char *result, long n)
{
	if (strcmp(state, "waiting") == 0) {
		st->followups_waiting += n;
	} else if (strcmp(state, "contacted") == 0) {
		st->followups_contacted += n;
	} else if (strcmp(state, "closed") == 0) {
		st->followups_closed += n;
		if (result)
			counts_add(&st->followup_results, result, n);
	}
}

static enum status collect_states(const struct query *q, struct stats *st, const char *sql)
{
	sqlite3_stmt *s = query_start(q, sql);
	bool waiting = sql == waiting_sql;
	long hint = -1;
	enum step r;

	if (!s)
		return q->err->status;
	while ((r = query_step(q, s)) == STEP_ROW) {
		const char *state = waiting ? "waiting" : column_text(s, 1);
		const char *result = waiting ? NULL : column_text(s, 2);
		long n = (long)sqlite3_column_int64(s, waiting ? 1 : 3);
		struct date d;

		tally_state(st, state ? state : "", result, n);
		if (st->nseries && date_parse(column_text(s, 0), &d) &&
		    (hint = row_of_date(st, d, hint)) >= 0)
			tally_state(&st->series[hint], state ? state : "", result, n);
	}
	counts_sort(&st->followup_results);
	for (size_t i = 0; i < st->nseries; i++)
		counts_sort(&st->series[i].followup_results);
	return r == STEP_ERROR ? q->err->status : ST_OK;
}

/* Debriefs requested or done (done: the second query), by reason. */
static void tally_debriefs(struct stats *st, bool done, const char *reason, long n)
{
	if (done) {
		st->debriefs_done += n;
		if (reason)
			counts_add(&st->debriefs_done_by_reason, reason, n);
	} else {
		st->debriefs_requested += n;
		if (reason)
			counts_add(&st->debriefs_by_reason, reason, n);
	}
}

static void sort_debriefs(struct stats *st)
{
	counts_sort(&st->debriefs_by_reason);
	counts_sort(&st->debriefs_done_by_reason);
}

static enum status collect_debriefs(const struct query *q, struct stats *st, bool done)
{
	sqlite3_stmt *s = query_start(q, done ? debriefs_done_sql : debriefs_requested_sql);
	long hint = -1;
	enum step r;

	if (!s)
		return q->err->status;
	while ((r = query_step(q, s)) == STEP_ROW) {
		const char *reason = column_text(s, 1);
		long n = (long)sqlite3_column_int64(s, 2);
		struct date d;

		tally_debriefs(st, done, reason, n);
		if (st->nseries && date_parse(column_text(s, 0), &d) &&
		    (hint = row_of_date(st, d, hint)) >= 0)
			tally_debriefs(&st->series[hint], done, reason, n);
	}
	sort_debriefs(st);
	for (size_t i = 0; i < st->nseries; i++)
		sort_debriefs(&st->series[i]);
	return r == STEP_ERROR ? q->err->status : ST_OK;
}

static void tally_help(struct stats *st, sqlite3_stmt *s)
{
	long wait_max = (long)sqlite3_column_int64(s, 4);

	st->help_raised += (long)sqlite3_column_int64(s, 1);
	st->help_acknowledged += (long)sqlite3_column_int64(s, 2);
	st->help_wait_total += (long)sqlite3_column_int64(s, 3);
	if (wait_max > st->help_wait_max)
		st->help_wait_max = wait_max;
}

static void finish_help(struct stats *st)
{
	st->help_wait_mean = st->help_acknowledged
				     ? (double)st->help_wait_total / (double)st->help_acknowledged
				     : 0.0;
}

static enum status collect_help(const struct query *q, struct stats *st)
{
	sqlite3_stmt *s = query_start(q, help_sql);
	long hint = -1;
	enum step r;

	if (!s)
		return q->err->status;
	while ((r = query_step(q, s)) == STEP_ROW) {
		struct date d;

		tally_help(st, s);
		if (st->nseries && date_parse(column_text(s, 0), &d) &&
		    (hint = row_of_date(st, d, hint)) >= 0)
			tally_help(&st->series[hint], s);
	}
	finish_help(st);
	for (size_t i = 0; i < st->nseries; i++)
		finish_help(&st->series[i]);
	return r == STEP_ERROR ? q->err->status : ST_OK;
}

/* The day report prints the audit trail's head, to be checked later. */
static enum status collect_audit(const struct query *q, struct stats *st)
{
	struct audit_anchor head;
	enum status rc;

	if (st->period.kind != STATS_DAY)
		return ST_OK;
	if ((rc = store_audit_head(q->s, &head, q->err)))
		return rc;
	st->has_audit = true;
	st->audit_entries = head.seq;
	snprintf(st->audit_hash, sizeof st->audit_hash, "%s", head.hash);
	return ST_OK;
}

static void series_add(struct stats *st, struct stats_period p)
{
	struct stats *e;

	st->series = xrealloc(st->series, (st->nseries + 1) * sizeof *st->series);
	e = &st->series[st->nseries++];
	memset(e, 0, sizeof *e);
	e->period = p;
	e->site = st->site ? xstrdup(st->site) : NULL;
}

/* Every day or month of the period, so that empty ones show as zeros; the
 * months of a range keep only its days. */
static void series_fill(struct stats *st)
{
	struct date d = st->period.from;

	if (!stats_period_has_series(&st->period))
		return;
	st->series_by_month = stats_period_by_month(&st->period);
	if (!st->series_by_month) {
		for (; date_cmp(d, st->period.to) <= 0; d = date_add_days(d, 1))
			series_add(st, stats_period_day(d));
		return;
	}
	while (date_cmp(d, st->period.to) <= 0) {
		struct stats_period m = stats_period_month(d.y, d.m);

		if (date_cmp(m.from, st->period.from) < 0)
			m.from = st->period.from;
		if (date_cmp(m.to, st->period.to) > 0)
			m.to = st->period.to;
		if (stats_period_partial_month(&m))
			m.kind = STATS_RANGE;
		series_add(st, m);
		d = date_add_days(m.to, 1);
	}
}

static enum status collect_all(const struct query *q, const struct config *cfg, struct stats *st)
{
	enum status rc;

	series_fill(st);
	if ((rc = collect_calls(q, cfg, st)) || (rc = collect_followups(q, st)) ||
	    (rc = collect_states(q, st, waiting_sql)) || (rc = collect_states(q, st, ended_sql)) ||
	    (rc = collect_debriefs(q, st, false)) || (rc = collect_debriefs(q, st, true)) ||
	    (rc = collect_help(q, st)))
		return rc;
	return collect_audit(q, st);
}

enum status stats_collect(struct store *s, const struct config *cfg,
			  const struct stats_period *p, const char *site, struct stats *st,
			  struct error *err)
{
	struct query q = {s, date_start(p->from), date_start(date_add_days(p->to, 1)), site, err,
			  _("cannot count the calls")};
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

/* --- sites --- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void stats_sites_free(char **sites, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(sites[i]);
	free(sites);
}

enum status stats_sites(struct store *s, const struct config *cfg, char ***sites, size_t *n,
			struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sites_sql, err);
	char **v = xcalloc(1, sizeof *v);
	size_t k = 0, out = 0;
	enum step r;

	*sites = NULL;
	*n = 0;
	if (!st) {
		free(v);
		return err->status;
	}
	v[k++] = xstrdup(cfg->site);
	while ((r = store_step(s, st, _("cannot list the sites"), err)) == STEP_ROW) {
		char *site = store_column_dup(st, 0);

		v = xrealloc(v, (k + 1) * sizeof *v);
		v[k++] = site ? site : xstrdup("");
	}
	if (r == STEP_ERROR) {
		stats_sites_free(v, k);
		return err->status;
	}
	qsort(v, k, sizeof *v, str_cmp);
	for (size_t i = 0; i < k; i++)
		if (out && strcmp(v[out - 1], v[i]) == 0)
			free(v[i]);
		else
			v[out++] = v[i];
	*sites = v;
	*n = out;
	return ST_OK;
}
