/* soudan-stats figures: every counting rule of soudan-stats(1) against fixtures
 * whose figures were worked out by hand (in the comments), and the three
 * renderers (CSV and JSON agree on every figure, text fits 80 columns and
 * shows stored control characters only escaped). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/call.h"
#include "soudan/report.h"
#include "soudan/stats.h"
#include "soudan/store.h"
#include "soudan/timeutil.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
	struct config cfg;
	struct error err;
	struct stats st;
};

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	set_tz("Asia/Tokyo");
	snprintf(f->dir, sizeof f->dir, "/tmp/soudan-stats-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/soudan.db", f->dir);
	config_defaults(&f->cfg);
	config_use_japanese(&f->cfg, true); /* the labels of a Japanese office */
	assert_int_equal(store_open(&f->s, f->path, 0, 1000, &f->err), ST_OK);
	assert_int_equal(sqlite3_exec(store_db(f->s),
				      "INSERT INTO resources(id, name, category, updated_at) VALUES"
				      " ('r-center', 'センター', 'center', 0),"
				      " ('r-sapo', 'サポステ', 'saposute', 0),"
				      " ('r-gone', '旧窓口', 'retired_category', 0)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	stats_free(&f->st);
	store_close(f->s);
	config_free(&f->cfg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	set_tz("Asia/Tokyo");
	return 0;
}

/* A call as the test needs it; NULL members stay unset. */
struct spec {
	const char *start, *end, *type, *site, *op, *case_code, *caller, *age, *gender;
	const char *urgency, *outcome, *next, *region;
	const char *concerns[4], *responses[4], *risks[4], *reasons[4], *referrals[4];
	bool debrief;
};

static void set_list(struct strlist *l, const char *const *v)
{
	for (int i = 0; i < 4 && v[i]; i++)
		strlist_add(l, v[i]);
}

static void build(struct call *c, const struct spec *p)
{
	call_init(c);
	id_new(c->id);
	call_set(&c->site, p->site ? p->site : "本部");
	call_set(&c->operator_name, p->op ? p->op : "tanaka");
	assert_true(time_parse_iso(p->start, &c->started_at));
	if (p->end)
		assert_true(time_parse_iso(p->end, &c->ended_at));
	call_set(&c->coded[CF_CALL_TYPE], p->type ? p->type : "consult");
	call_set(&c->coded[CF_CALLER], p->caller);
	call_set(&c->coded[CF_AGE_BAND], p->age);
	call_set(&c->coded[CF_GENDER], p->gender);
	call_set(&c->coded[CF_URGENCY], p->urgency);
	call_set(&c->coded[CF_OUTCOME], p->outcome);
	call_set(&c->coded[CF_REGION], p->region);
	call_set(&c->case_code, p->case_code);
	call_set(&c->next_contact, p->next);
	set_list(&c->multi[CM_CONCERNS], p->concerns);
	set_list(&c->multi[CM_RESPONSES], p->responses);
	set_list(&c->multi[CM_RISKS], p->risks);
	set_list(&c->multi[CM_CONTINUATION_REASONS], p->reasons);
	for (int i = 0; i < 4 && p->referrals[i]; i++)
		call_add_referral(c, p->referrals[i], true, "note");
	c->debrief = p->debrief;
	call_set(&c->notes, "秘密のメモ");
}

/* Insert the calls in one transaction; returns the id of the last one. */
static void add_calls(struct fixture *f, const struct spec *v, size_t n, char *last_id)
{
	struct call c;

	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	for (size_t i = 0; i < n; i++) {
		build(&c, &v[i]);
		assert_int_equal(store_call_insert(f->s, &c, &f->err), ST_OK);
		if (last_id)
			strcpy(last_id, c.id);
		call_free(&c);
	}
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
}

static struct date day(const char *s)
{
	struct date d;

	assert_true(date_parse(s, &d));
	return d;
}

static void collect(struct fixture *f, struct stats_period p, const char *site)
{
	stats_free(&f->st);
	assert_int_equal(stats_collect(f->s, &f->cfg, &p, site, &f->st, &f->err), ST_OK);
}

static void collect_day(struct fixture *f, const char *d)
{
	collect(f, stats_period_day(day(d)), NULL);
}

static long count_of(const struct stats *st, enum list_id l, const char *key)
{
	return stats_count(&st->lists[l], key);
}

/* --- JSON through SQLite's JSON1, as a script would read it --- */

static char *render_json(struct fixture *f)
{
	struct buf b;

	buf_init(&b);
	report_json(&b, &f->st, &f->cfg);
	return buf_take(&b);
}

static sqlite3_stmt *json_query(sqlite3 **db, const char *sql, const char *json, const char *path)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(":memory:", db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(*db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	return st;
}

/* json_type at path ("integer", "real", "text", "null", "object"...; NULL: absent). */
static char *json_type(const char *json, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st = json_query(&db, "SELECT json_type(?1, ?2)", json, path);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	char *out = t ? strdup(t) : NULL;

	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static double json_num(const char *json, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st = json_query(&db, "SELECT json_extract(?1, ?2)", json, path);
	double v;

	assert_int_not_equal(sqlite3_column_type(st, 0), SQLITE_NULL);
	v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The top-level keys joined with ',' in order. */
static char *json_keys(const char *json, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st = json_query(&db, "SELECT group_concat(key, ',') FROM"
					   " (SELECT key FROM json_each(?1, ?2) ORDER BY id)",
				      json, path);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	char *out = strdup(t ? t : "");

	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void assert_json_num(const char *json, const char *path, double want)
{
	double got = json_num(json, path);

	if (got != want)
		fail_msg("%s: %g, wanted %g", path, got, want);
}

/* --- tests --- */

/* 23:59:59 and 00:00:00 local belong to different days; a call that spans
 * midnight belongs to its start day, its whole length too. */
static void test_day_boundaries(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-21T23:59:59+09:00"},                                    /* day before */
		{.start = "2026-11-22T00:00:00+09:00", .end = "2026-11-22T00:05:00+09:00"}, /* 300 s */
		{.start = "2026-11-22T23:59:59+09:00", .end = "2026-11-23T00:10:00+09:00"}, /* 601 s */
		{.start = "2026-11-23T00:00:00+09:00"},                                    /* day after */
		{.start = "2026-11-21T15:00:00Z"}, /* = 2026-11-22T00:00:00+09:00 */
	};

	add_calls(f, v, 5, NULL);
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.calls, 3);
	assert_int_equal(f->st.by_hour[0], 2);
	assert_int_equal(f->st.by_hour[23], 1);
	assert_int_equal(f->st.duration.count, 2);
	assert_int_equal(f->st.duration.total, 901);
	assert_int_equal(f->st.duration.max, 601);
	assert_true(f->st.duration.median == 450.5);
	collect_day(f, "2026-11-23");
	assert_int_equal(f->st.calls, 1);
	assert_int_equal(f->st.duration.count, 0);
	collect_day(f, "2026-11-21");
	assert_int_equal(f->st.calls, 1);
	assert_int_equal(f->st.by_hour[23], 1);
}

/* A period with no calls: every key present, every figure zero. */
static void test_empty_period(void **state)
{
	struct fixture *f = *state;
	char *json, *keys, *t;

	collect_day(f, "2026-11-22");
	json = render_json(f);
	keys = json_keys(json, "$");
	assert_string_equal(keys,
		"period,site,calls,people,by_call_type,by_channel,by_contact,by_caller,by_age_band,"
		"by_gender,by_withdrawal,by_heard_via,by_concern,by_primary_concern,by_response,"
		"by_risk,by_urgency,by_outcome,by_continuation_reason,by_region,by_hour,by_operator,"
		"by_site,referrals,duration_seconds,followups_due,debriefs,urgent");
	free(keys);
	keys = json_keys(json, "$.by_call_type");
	assert_string_equal(keys, "consult,info,silent,hangup,prank,wrong");
	free(keys);
	keys = json_keys(json, "$.duration_seconds");
	assert_string_equal(keys, "count,total,mean,median,max");
	free(keys);
	keys = json_keys(json, "$.referrals");
	assert_string_equal(keys, "total,by_category,by_resource");
	free(keys);
	keys = json_keys(json, "$.by_hour");
	assert_int_equal(strlen(keys), 24 * 3 - 1);
	assert_non_null(strstr(keys, "00,01,02"));
	assert_non_null(strstr(keys, "22,23"));
	free(keys);
	assert_json_num(json, "$.calls", 0);
	assert_json_num(json, "$.people", 0);
	assert_json_num(json, "$.by_call_type.prank", 0);
	assert_json_num(json, "$.by_caller.unknown", 0);
	assert_json_num(json, "$.by_concern.care", 0);
	assert_json_num(json, "$.by_primary_concern.approach", 0);
	assert_json_num(json, "$.referrals.by_category.center", 0);
	assert_json_num(json, "$.by_hour.\"13\"", 0);
	assert_json_num(json, "$.duration_seconds.count", 0);
	assert_json_num(json, "$.duration_seconds.median", 0);
	assert_json_num(json, "$.duration_seconds.mean", 0);
	t = json_type(json, "$.site");
	assert_string_equal(t, "null");
	free(t);
	t = json_type(json, "$.urgent");
	assert_string_equal(t, "array");
	free(t);
	t = json_type(json, "$.by_operator");
	assert_string_equal(t, "object");
	free(t);
	assert_string_equal((keys = json_keys(json, "$.by_operator")), "");
	free(keys);
	assert_string_equal((keys = json_keys(json, "$.period")), "from,to");
	free(keys);
	free(json);
}

static void test_duration_median(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T10:00:00+09:00", .end = "2026-11-22T10:11:40+09:00"}, /* 700 */
		{.start = "2026-11-22T11:00:00+09:00", .end = "2026-11-22T11:01:40+09:00"}, /* 100 */
		{.start = "2026-11-22T12:00:00+09:00", .end = "2026-11-22T12:05:00+09:00"}, /* 300 */
		{.start = "2026-11-22T13:00:00+09:00", .end = "2026-11-22T13:03:20+09:00"}, /* 200 */
		{.start = "2026-11-22T14:00:00+09:00"},                                    /* no end */
		{.start = "2026-11-23T09:00:00+09:00", .end = "2026-11-23T09:00:50+09:00"}, /* 50, next day */
	};
	char *json;

	add_calls(f, v, 6, NULL);
	/* 100 200 300 700: median (200 + 300) / 2, mean 1300 / 4 */
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.calls, 5);
	assert_int_equal(f->st.duration.count, 4);
	assert_int_equal(f->st.duration.total, 1300);
	assert_true(f->st.duration.mean == 325.0);
	assert_true(f->st.duration.median == 250.0);
	assert_int_equal(f->st.duration.max, 700);
	json = render_json(f);
	assert_non_null(strstr(json, "\"duration_seconds\":{\"count\":4,\"total\":1300,"
				     "\"mean\":325.0,\"median\":250.0,\"max\":700}"));
	free(json);
	/* 50 100 200 300 700: the middle one; mean 1350 / 5 */
	collect(f, stats_period_range(day("2026-11-22"), day("2026-11-23")), NULL);
	assert_int_equal(f->st.duration.count, 5);
	assert_true(f->st.duration.median == 200.0);
	assert_true(f->st.duration.mean == 270.0);
}

/* Multi-valued: each call once per code; the main concern is the first. */
static void test_multi_valued(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T10:00:00+09:00", .concerns = {"future", "economy"},
		 .responses = {"listen", "info"}, .risks = {"suicidal", "suicidal"},
		 .reasons = {"wish"}, .referrals = {"r-center", "r-sapo"}},
		{.start = "2026-11-22T11:00:00+09:00", .concerns = {"economy", "approach"},
		 .responses = {"listen"}, .referrals = {"r-center"}},
		{.start = "2026-11-22T12:00:00+09:00", .referrals = {"r-gone"}},
	};
	char *json;

	add_calls(f, v, 3, NULL);
	collect_day(f, "2026-11-22");
	assert_int_equal(count_of(&f->st, LIST_CONCERN, "future"), 1);
	assert_int_equal(count_of(&f->st, LIST_CONCERN, "economy"), 2);
	assert_int_equal(count_of(&f->st, LIST_CONCERN, "approach"), 1);
	assert_int_equal(stats_count(&f->st.primary_concern, "future"), 1);
	assert_int_equal(stats_count(&f->st.primary_concern, "economy"), 1);
	assert_int_equal(stats_count(&f->st.primary_concern, "approach"), 0);
	assert_int_equal(count_of(&f->st, LIST_RESPONSE, "listen"), 2);
	assert_int_equal(count_of(&f->st, LIST_RESPONSE, "info"), 1);
	assert_int_equal(count_of(&f->st, LIST_RISK, "suicidal"), 1); /* twice in one call */
	assert_int_equal(count_of(&f->st, LIST_CONTINUATION_REASON, "wish"), 1);
	/* referrals: 4 in all; by category center 2, saposute 1, a category no
	 * longer configured 1; by resource only those that occur */
	assert_int_equal(f->st.referrals, 4);
	json = render_json(f);
	assert_json_num(json, "$.referrals.total", 4);
	assert_json_num(json, "$.referrals.by_category.center", 2);
	assert_json_num(json, "$.referrals.by_category.saposute", 1);
	assert_json_num(json, "$.referrals.by_category.retired_category", 1);
	assert_json_num(json, "$.referrals.by_category.police", 0);
	assert_json_num(json, "$.referrals.by_resource.\"r-center\"", 2);
	assert_json_num(json, "$.referrals.by_resource.\"r-gone\"", 1);
	assert_null(json_type(json, "$.referrals.by_resource.\"r-none\""));
	assert_json_num(json, "$.by_primary_concern.economy", 1);
	assert_json_num(json, "$.by_concern.economy", 2);
	free(json);
}

/* 実人数: each case once, each call without a case once. */
static void test_people(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T09:00:00+09:00", .case_code = "AAAA-1111"},
		{.start = "2026-11-22T10:00:00+09:00", .case_code = "AAAA-1111"},
		{.start = "2026-11-22T11:00:00+09:00", .case_code = "AAAA-1111"},
		{.start = "2026-11-22T12:00:00+09:00", .case_code = "BBBB-2222"},
		{.start = "2026-11-22T13:00:00+09:00"},
		{.start = "2026-11-22T14:00:00+09:00", .type = "silent"},
		{.start = "2026-11-23T09:00:00+09:00", .case_code = "BBBB-2222"},
	};

	add_calls(f, v, 7, NULL);
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.calls, 6);
	assert_int_equal(f->st.people, 4);
	assert_int_equal(count_of(&f->st, LIST_CALL_TYPE, "silent"), 1);
	assert_int_equal(count_of(&f->st, LIST_CALL_TYPE, "consult"), 5);
	/* over both days, case B is still one person */
	collect(f, stats_period_range(day("2026-11-22"), day("2026-11-23")), NULL);
	assert_int_equal(f->st.calls, 7);
	assert_int_equal(f->st.people, 4);
	assert_int_equal(f->st.nrows, 2);
	assert_string_equal(f->st.rows[0].key, "2026-11-22");
	assert_int_equal(f->st.rows[0].people, 4);
	assert_int_equal(f->st.rows[1].calls, 1);
	assert_int_equal(f->st.rows[1].people, 1);
}

/* Follow-ups due: calls of any start date, outcome not closed, next contact
 * inside the period, not yet marked done. */
static void test_followups_due(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-10-01T10:00:00+09:00", .outcome = "phone", .next = "2026-11-22"},
		{.start = "2026-11-22T10:00:00+09:00", .outcome = "handover", .next = "2026-11-22"},
		{.start = "2026-10-02T10:00:00+09:00", .outcome = "closed", .next = "2026-11-22"},
		{.start = "2026-10-03T10:00:00+09:00", .outcome = "phone", .next = "2026-11-23"},
		{.start = "2026-10-04T10:00:00+09:00", .outcome = "visit", .next = "2026-11-22",
		 .site = "別拠点"},
	};
	const struct spec done = {.start = "2026-10-05T10:00:00+09:00", .outcome = "phone",
				  .next = "2026-11-22"};
	char id[ID_LEN + 1];

	add_calls(f, v, 5, NULL);
	add_calls(f, &done, 1, id);
	assert_int_equal(store_followup_close(f->s, id, "tanaka", &f->err), ST_OK);
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.calls, 1);
	assert_int_equal(f->st.followups_due, 3);
	collect(f, stats_period_day(day("2026-11-22")), "本部");
	assert_int_equal(f->st.followups_due, 2);
	collect(f, stats_period_month(2026, 11), NULL);
	assert_int_equal(f->st.followups_due, 4);
	collect_day(f, "2026-10-01");
	assert_int_equal(f->st.followups_due, 0);
}

/* Codes no longer in the configuration are reported under their key; no
 * value counts as "unknown" where the list has it, else not at all. */
static void test_removed_codes(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T10:00:00+09:00", .caller = "uncle", .region = "naka",
		 .concerns = {"hobby"}},
		{.start = "2026-11-22T11:00:00+09:00", .caller = "mother"},
		{.start = "2026-11-22T12:00:00+09:00"}, /* caller and region: no value */
		{.start = "2026-11-22T13:00:00+09:00", .caller = "unknown"},
	};
	struct buf b;
	char *json;

	add_calls(f, v, 4, NULL);
	collect_day(f, "2026-11-22");
	assert_int_equal(count_of(&f->st, LIST_CALLER, "uncle"), 1);
	assert_int_equal(count_of(&f->st, LIST_CALLER, "unknown"), 2);
	assert_int_equal(count_of(&f->st, LIST_REGION, "naka"), 1);
	assert_int_equal(f->st.lists[LIST_REGION].n, 1); /* the call without one not counted */
	json = render_json(f);
	assert_json_num(json, "$.by_caller.uncle", 1);
	assert_json_num(json, "$.by_caller.mother", 1);
	assert_json_num(json, "$.by_caller.father", 0);
	assert_json_num(json, "$.by_caller.unknown", 2);
	assert_json_num(json, "$.by_region.naka", 1);
	assert_json_num(json, "$.by_concern.hobby", 1);
	assert_json_num(json, "$.by_primary_concern.hobby", 1);
	free(json);
	buf_init(&b);
	report_csv(&b, &f->st, &f->cfg, false);
	assert_non_null(strstr(b.s, "\r\nby_caller,uncle,uncle,1\r\n"));
	assert_non_null(strstr(b.s, "\r\nby_region,naka,naka,1\r\n"));
	buf_reset(&b);
	report_text(&b, &f->st, &f->cfg, time_now());
	assert_non_null(strstr(b.s, "  uncle "));
	buf_free(&b);
}

/* The same instant falls on another local day in New York (and the day on
 * which daylight saving ends there has 25 hours). */
static void test_other_tz(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T23:30:00-05:00"}, /* 2026-11-23 13:30 in Tokyo */
		{.start = "2026-11-01T00:30:00-04:00"}, /* New York: first hour of the long day */
		{.start = "2026-11-01T23:30:00-05:00"}, /* and its last */
		{.start = "2026-11-02T00:00:00-05:00"}, /* the next day */
	};

	add_calls(f, v, 4, NULL);
	set_tz("America/New_York");
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.calls, 1);
	assert_int_equal(f->st.by_hour[23], 1);
	collect_day(f, "2026-11-01");
	assert_int_equal(f->st.calls, 2);
	assert_int_equal(f->st.by_hour[0], 1);
	assert_int_equal(f->st.by_hour[23], 1);
	set_tz("Asia/Tokyo");
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.calls, 0);
	collect_day(f, "2026-11-23");
	assert_int_equal(f->st.calls, 1);
	assert_int_equal(f->st.by_hour[13], 1);
}

static void test_site_filter(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T10:00:00+09:00", .site = "横浜", .op = "tanaka"},
		{.start = "2026-11-22T11:00:00+09:00", .site = "横浜", .op = "suzuki"},
		{.start = "2026-11-22T12:00:00+09:00", .site = "川崎", .op = "tanaka",
		 .urgency = "urgent"},
	};
	char *json;

	add_calls(f, v, 3, NULL);
	collect(f, stats_period_day(day("2026-11-22")), "横浜");
	assert_int_equal(f->st.calls, 2);
	assert_int_equal(f->st.by_site.n, 1);
	assert_int_equal(stats_count(&f->st.by_site, "横浜"), 2);
	assert_int_equal(stats_count(&f->st.by_operator, "tanaka"), 1);
	assert_int_equal(f->st.nurgent, 0);
	json = render_json(f);
	assert_non_null(strstr(json, "\"site\":\"横浜\""));
	free(json);
	collect(f, stats_period_day(day("2026-11-22")), NULL);
	assert_int_equal(f->st.calls, 3);
	assert_int_equal(stats_count(&f->st.by_operator, "tanaka"), 2);
	assert_int_equal(f->st.nurgent, 1);
	json = render_json(f);
	assert_non_null(strstr(json, "\"urgent\":[{\"started_at\":\"2026-11-22T12:00:00+09:00\","
				     "\"operator\":\"tanaka\"}]}"));
	assert_null(strstr(json, "秘密"));
	free(json);
	collect(f, stats_period_day(day("2026-11-22")), "どこにもない拠点");
	assert_int_equal(f->st.calls, 0);
	assert_int_equal(f->st.by_site.n, 0);
}

static void test_fiscal_year_rows(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-03-31T23:59:59+09:00"}, /* fiscal year 2025 */
		{.start = "2026-04-01T00:00:00+09:00"},
		{.start = "2026-12-15T10:00:00+09:00", .case_code = "CCCC-3333"},
		{.start = "2026-12-16T10:00:00+09:00", .case_code = "CCCC-3333"},
		{.start = "2027-03-31T23:59:59+09:00"},
		{.start = "2027-04-01T00:00:00+09:00"}, /* fiscal year 2027 */
	};

	add_calls(f, v, 6, NULL);
	collect(f, stats_period_fiscal_year(2026), NULL);
	assert_int_equal(f->st.calls, 4);
	assert_int_equal(f->st.people, 3);
	assert_true(f->st.rows_by_month);
	assert_int_equal(f->st.nrows, 12);
	assert_string_equal(f->st.rows[0].key, "2026-04");
	assert_int_equal(f->st.rows[0].calls, 1);
	assert_string_equal(f->st.rows[8].key, "2026-12");
	assert_int_equal(f->st.rows[8].calls, 2);
	assert_int_equal(f->st.rows[8].people, 1);
	assert_int_equal(f->st.rows[1].calls, 0);
	assert_string_equal(f->st.rows[11].key, "2027-03");
	assert_int_equal(f->st.rows[11].calls, 1);
	/* a month: a row per day, February of a common year has 28 */
	collect(f, stats_period_month(2027, 2), NULL);
	assert_false(f->st.rows_by_month);
	assert_int_equal(f->st.nrows, 28);
	collect(f, stats_period_month(2026, 12), NULL);
	assert_int_equal(f->st.nrows, 31);
	assert_int_equal(f->st.rows[14].calls, 1);
	assert_string_equal(f->st.rows[15].key, "2026-12-16");
	assert_int_equal(f->st.rows[15].calls, 1);
	/* a day: no rows */
	collect_day(f, "2026-12-15");
	assert_int_equal(f->st.nrows, 0);
}

/* --- CSV against JSON: every CSV row is a JSON figure and the other way round --- */

/* Split one CSV record (no newline inside fields here) into 4 fields. */
static void csv_split(const char *line, char fields[4][256])
{
	int f = 0, i = 0;
	bool quoted = false;

	memset(fields, 0, 4 * 256);
	for (const char *p = line; *p && f < 4; p++) {
		if (quoted && *p == '"' && p[1] == '"')
			fields[f][i++] = *p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (*p == ',' && !quoted) {
			f++;
			i = 0;
		} else if (i < 255)
			fields[f][i++] = *p;
	}
}

/* The JSON path of a CSV row (section "a.b", key k: $."a"."b"."k"). */
static char *csv_path(const char fields[4][256])
{
	const char *dot = strchr(fields[0], '.');
	struct buf b;

	buf_init(&b);
	if (strcmp(fields[0], fields[1]) == 0) /* a scalar */
		buf_printf(&b, "$.\"%s\"", fields[0]);
	else if (dot)
		buf_printf(&b, "$.\"%.*s\".\"%s\".\"%s\"", (int)(dot - fields[0]), fields[0], dot + 1,
			   fields[1]);
	else
		buf_printf(&b, "$.\"%s\".\"%s\"", fields[0], fields[1]);
	return buf_take(&b);
}

/* The text at path, "" for JSON null. */
static char *json_text(const char *json, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st = json_query(&db, "SELECT coalesce(json_extract(?1, ?2), '')", json, path);
	char *out = strdup((const char *)sqlite3_column_text(st, 0));

	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static long json_leaves(const char *json)
{
	sqlite3 *db;
	sqlite3_stmt *st = json_query(&db, "SELECT count(*) FROM json_tree(?1) WHERE"
					   " type NOT IN ('object', 'array') AND coalesce(?2, 1)",
				      json, NULL);
	long n = sqlite3_column_int(st, 0);

	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void check_csv_urgent(const char *json, const char fields[4][256], size_t i)
{
	char path[64];
	char *v;

	snprintf(path, sizeof path, "$.urgent[%zu].started_at", i);
	v = json_text(json, path);
	assert_string_equal(v, fields[1]);
	free(v);
	snprintf(path, sizeof path, "$.urgent[%zu].operator", i);
	v = json_text(json, path);
	assert_string_equal(v, fields[2]);
	free(v);
	assert_string_equal(fields[3], "1");
}

static void check_csv_row(const char *json, const char fields[4][256], size_t *urgent)
{
	char *path, *type, *text;

	if (strcmp(fields[0], "urgent") == 0) {
		check_csv_urgent(json, fields, (*urgent)++);
		return;
	}
	path = csv_path(fields);
	type = json_type(json, path);
	if (!type)
		fail_msg("CSV row %s,%s has no JSON figure at %s", fields[0], fields[1], path);
	if (strcmp(type, "integer") == 0 || strcmp(type, "real") == 0) {
		if (json_num(json, path) != strtod(fields[3], NULL))
			fail_msg("%s: CSV %s, JSON %g", path, fields[3], json_num(json, path));
	} else {
		text = json_text(json, path);
		assert_string_equal(text, fields[3]);
		free(text);
	}
	free(type);
	free(path);
}

static void assert_csv_matches_json(struct fixture *f)
{
	struct buf csv;
	char *json = render_json(f), *line, *save = NULL, fields[4][256];
	size_t rows = 0, urgent = 0;

	buf_init(&csv);
	report_csv(&csv, &f->st, &f->cfg, false);
	line = strtok_r(csv.s, "\n", &save);
	assert_string_equal(line, "section,key,label,count\r");
	while ((line = strtok_r(NULL, "\n", &save))) {
		assert_int_equal(line[strlen(line) - 1], '\r');
		line[strlen(line) - 1] = '\0';
		csv_split(line, fields);
		check_csv_row(json, fields, &urgent);
		rows++;
	}
	/* every JSON figure has its row: an urgent call is 2 leaves, 1 row */
	assert_int_equal(urgent, f->st.nurgent);
	assert_int_equal(json_leaves(json) - (long)urgent, (long)rows);
	buf_free(&csv);
	free(json);
}

static const struct spec busy_day[] = {
	{.start = "2026-11-22T09:05:00+09:00", .end = "2026-11-22T09:31:40+09:00", .site = "横浜",
	 .op = "tanaka", .case_code = "K7Q2-9MXD", .caller = "mother", .age = "40s", .gender = "male",
	 .concerns = {"future", "economy"}, .responses = {"listen", "info"},
	 .referrals = {"r-sapo"}, .outcome = "phone", .reasons = {"wish"}, .next = "2026-11-29"},
	{.start = "2026-11-22T10:00:00+09:00", .end = "2026-11-22T10:01:00+09:00", .type = "silent",
	 .site = "横浜", .op = "suzuki"},
	{.start = "2026-11-22T10:30:00+09:00", .end = "2026-11-22T11:30:00+09:00", .site = "川崎",
	 .op = "佐藤", .caller = "self", .age = "20s", .gender = "female", .urgency = "urgent",
	 .risks = {"suicidal", "plan"}, .concerns = {"medical"}, .outcome = "handover",
	 .referrals = {"r-center"}, .debrief = true},
	{.start = "2026-11-22T10:45:00+09:00", .site = "川崎", .op = "佐藤", .urgency = "urgent",
	 .caller = "father", .age = "50s", .gender = "unknown"},
};

static void test_csv_agrees_with_json(void **state)
{
	struct fixture *f = *state;

	add_calls(f, busy_day, 4, NULL);
	collect_day(f, "2026-11-22");
	assert_int_equal(f->st.nurgent, 2);
	assert_csv_matches_json(f);
	collect(f, stats_period_month(2026, 11), "川崎");
	assert_csv_matches_json(f);
	collect(f, stats_period_fiscal_year(2026), NULL);
	assert_csv_matches_json(f);
	collect_day(f, "2026-01-01");
	assert_csv_matches_json(f);
}

static void test_csv_bom(void **state)
{
	struct fixture *f = *state;
	struct buf b;

	collect_day(f, "2026-11-22");
	buf_init(&b);
	report_csv(&b, &f->st, &f->cfg, true);
	assert_memory_equal(b.s, "\xEF\xBB\xBFsection,key,label,count\r\n", 27);
	assert_non_null(strstr(b.s, "\r\ncalls,calls,"));
	assert_non_null(strstr(b.s, "\r\nby_call_type,consult,相談,0\r\n"));
	assert_non_null(strstr(b.s, "\r\nduration_seconds,median,"));
	buf_free(&b);
}

/* --- the printed report --- */

static void assert_lines_fit(const char *text)
{
	char *copy = strdup(text), *save = NULL;
	int n = 0;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++)
		if (text_width(l) > 80)
			fail_msg("line %d is %d columns: %s", n + 1, text_width(l), l);
	assert_true(n > 50);
	free(copy);
}

/* "\n  LABEL<pad to 40>%8ld" followed by tail: a row as the report prints it. */
static void assert_row(const char *text, const char *label, const char *counts, const char *tail)
{
	struct buf want;

	buf_init(&want);
	buf_puts(&want, "\n  ");
	text_fit_to(&want, label, 40, true);
	buf_puts(&want, counts);
	buf_puts(&want, tail);
	if (!strstr(text, want.s))
		fail_msg("no row \"%s\" in:\n%s", want.s + 1, text);
	buf_free(&want);
}

static void test_text_report(void **state)
{
	struct fixture *f = *state;
	char long_site[600] = "";
	const struct spec evil[] = {
		{.start = "2026-11-22T15:00:00+09:00", .site = "悪い\x1b[2J拠点\r",
		 .op = "op\x1b]0;pwned\a\xe2\x80\xae", .urgency = "urgent"},
		{.start = "2026-11-22T16:00:00+09:00", .site = long_site,
		 .op = "非常に長い名前の相談員非常に長い名前の相談員非常に長い名前の相談員"},
	};
	struct buf b;

	for (int i = 0; i < 30; i++)
		strcat(long_site, "ひきこもり");
	add_calls(f, busy_day, 4, NULL);
	add_calls(f, evil, 2, NULL);
	collect_day(f, "2026-11-22");
	buf_init(&b);
	report_text(&b, &f->st, &f->cfg, time_now());
	assert_lines_fit(b.s);
	assert_null(strchr(b.s, '\x1b'));
	assert_null(strchr(b.s, '\r'));
	assert_null(strchr(b.s, '\a'));
	assert_null(strstr(b.s, "\xe2\x80\xae"));
	assert_non_null(strstr(b.s, "悪い^[[2J拠点^M"));
	assert_non_null(strstr(b.s, "op^[]0;pwned^G"));
	assert_null(strstr(b.s, "秘密"));
	/* the figures, right-aligned at column 50 */
	assert_row(b.s, "相談", "       5", "\n");
	assert_row(b.s, "無言", "       1", "\n");
	assert_non_null(strstr(b.s, "\n  10:00        3  ###\n"));
	assert_non_null(strstr(b.s, "2026-11-22 10:30  佐藤"));
	assert_non_null(strstr(b.s, "all sites"));
	buf_reset(&b);
	report_csv(&b, &f->st, &f->cfg, false);
	assert_null(strchr(b.s, '\x1b'));
	assert_non_null(strstr(b.s, "悪い^[[2J拠点^M"));
	buf_reset(&b);
	/* a month with Japanese labels: still 80 columns, a row per day */
	collect(f, stats_period_month(2026, 11), long_site);
	report_text(&b, &f->st, &f->cfg, time_now());
	assert_lines_fit(b.s);
	assert_non_null(strstr(b.s, "2026-11-30 (Mon)"));
	buf_reset(&b);
	collect(f, stats_period_fiscal_year(2026), NULL);
	report_text(&b, &f->st, &f->cfg, time_now());
	assert_lines_fit(b.s);
	assert_row(b.s, "2026-11", "       6       6", "\n");
	buf_free(&b);
}

/* A bar never runs past the page: one '#' stands for several calls. */
static void test_text_bar_scale(void **state)
{
	struct fixture *f = *state;
	struct spec v[130];
	char bar[45], want[80];
	struct buf b;

	for (int i = 0; i < 130; i++)
		v[i] = (struct spec){.start = "2026-11-22T14:10:00+09:00"};
	add_calls(f, v, 130, NULL);
	collect_day(f, "2026-11-22");
	buf_init(&b);
	report_text(&b, &f->st, &f->cfg, time_now());
	assert_lines_fit(b.s);
	/* 130 calls, at most 62 marks: 3 calls a mark, 44 marks */
	assert_non_null(strstr(b.s, "# = 3 calls"));
	memset(bar, '#', 44);
	bar[44] = '\0';
	snprintf(want, sizeof want, "\n  14:00      130  %s\n", bar);
	assert_non_null(strstr(b.s, want));
	buf_free(&b);
}

/* The number of the first step whose failure the count survives: every
 * earlier one must fail it (ST_TEMPFAIL, as injected). */
static long steps_until_ok(struct fixture *f, struct stats_period p)
{
	long nth;

	for (nth = 1; nth < 100; nth++) {
		enum status rc;

		stats_free(&f->st);
		store_inject_step_failure(f->s, nth, SQLITE_BUSY);
		rc = stats_collect(f->s, &f->cfg, &p, NULL, &f->st, &f->err);
		if (rc == ST_OK)
			break;
		if (rc != ST_TEMPFAIL)
			fail_msg("step %ld: status %d, wanted %d (%s)", nth, rc, ST_TEMPFAIL, f->err.msg);
	}
	store_inject_step_failure(f->s, 0, 0);
	return nth;
}

/* Every step of the count can fail (a busy or failing disk): each failure is
 * reported, none is read as "no rows". The steps of the day, by hand: the
 * calls 2 rows + end; call A's codes 2 rows + end and its referral 1 row +
 * end; call B's codes end, referrals end; the resource 1 row; follow-ups 1
 * row. 12 in all: failing any of them fails the count, and a 13th never
 * comes. A call of 1970 has its local hour from SQLite: calls 1 row + end,
 * that hour 1 row, codes end, referrals end, follow-ups 1 row: 6 in all. */
static void test_step_failures(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T10:00:00+09:00", .concerns = {"future", "economy"},
		 .referrals = {"r-sapo"}},
		{.start = "2026-11-22T11:00:00+09:00"},
		{.start = "1970-06-01T10:00:00+09:00"},
	};

	add_calls(f, v, 3, NULL);
	assert_int_equal(steps_until_ok(f, stats_period_day(day("2026-11-22"))), 13);
	assert_int_equal(f->st.calls, 2);
	assert_int_equal(f->st.referrals, 1);
	assert_int_equal(steps_until_ok(f, stats_period_day(day("1970-06-01"))), 7);
	assert_int_equal(f->st.calls, 1);
	assert_int_equal(f->st.by_hour[10], 1);
}

static void test_period_helpers(void **state)
{
	struct stats_period p = stats_period_fiscal_year(2026);

	(void)state;
	assert_int_equal(p.from.y, 2026);
	assert_int_equal(p.from.m, 4);
	assert_int_equal(p.to.y, 2027);
	assert_int_equal(p.to.m, 3);
	assert_int_equal(p.to.d, 31);
	p = stats_period_month(2028, 2);
	assert_int_equal(p.to.d, 29);
	p = stats_period_range(day("2026-01-01"), day("2026-01-31"));
	assert_false(stats_period_by_month(&p));
	p = stats_period_range(day("2026-01-01"), day("2026-02-01"));
	assert_true(stats_period_by_month(&p));
	p = stats_period_range(day("2026-01-01"), day("2026-01-01"));
	assert_false(stats_period_has_rows(&p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_helpers),
		cmocka_unit_test_setup_teardown(test_day_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duration_median, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multi_valued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_followups_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_tz, setup, teardown),
		cmocka_unit_test_setup_teardown(test_site_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fiscal_year_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_agrees_with_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_bar_scale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
