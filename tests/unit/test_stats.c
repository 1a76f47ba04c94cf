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
	const char *id, *channel, *contact, *caller_age, *withdrawal;
};

static void set_list(struct strlist *l, const char *const *v)
{
	for (int i = 0; i < 4 && v[i]; i++)
		strlist_add(l, v[i]);
}

static void build(struct call *c, const struct spec *p)
{
	call_init(c);
	if (p->id)
		snprintf(c->id, sizeof c->id, "%s", p->id);
	else
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
	call_set(&c->coded[CF_CHANNEL], p->channel);
	call_set(&c->coded[CF_CONTACT], p->contact);
	call_set(&c->coded[CF_CALLER_AGE], p->caller_age);
	call_set(&c->coded[CF_WITHDRAWAL], p->withdrawal);
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

static const struct report_options plain = {false, false, false, INT64_C(1795309500), NULL};

static char *render_csv(struct fixture *f, bool wide)
{
	struct report_options o = plain;
	struct buf b;

	o.wide = wide;
	buf_init(&b);
	report_csv(&b, &f->st, &f->cfg, &o);
	return buf_take(&b);
}

static char *render_text(struct fixture *f, bool all_urgent)
{
	struct report_options o = plain;
	struct buf b;

	o.all_urgent = all_urgent;
	buf_init(&b);
	report_text(&b, &f->st, &f->cfg, &o);
	return buf_take(&b);
}

static char *render_json(struct fixture *f)
{
	struct buf b;

	buf_init(&b);
	report_json(&b, &f->st, &f->cfg, NULL);
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
		"period,site,timezone,calls,consultations,people,consultations_without_case,"
		"by_call_type,by_channel,by_contact,by_caller,by_caller_age,by_age_band,"
		"by_gender,by_withdrawal,by_heard_via,by_concern,by_primary_concern,by_response,"
		"by_risk,by_urgency,by_outcome,by_continuation_reason,by_region,"
		"people_by_age_band_gender,people_by_caller,by_hour,by_operator,"
		"by_site,referrals,duration_seconds,followups_due,followups_waiting,"
		"followups_contacted,followups_closed,followup_results,debriefs,"
		"debriefs_requested,debriefs_done,debriefs_by_reason,debriefs_done_by_reason,"
		"help_requests,urgent");
	free(keys);
	keys = json_keys(json, "$.by_call_type");
	assert_string_equal(keys, "consult,info,silent,hangup,prank,wrong");
	free(keys);
	keys = json_keys(json, "$.duration_seconds");
	assert_string_equal(keys, "count,total,mean,median,max,by_call_type");
	free(keys);
	keys = json_keys(json, "$.duration_seconds.by_call_type");
	assert_string_equal(keys, "consult,info,silent,hangup,prank,wrong");
	free(keys);
	keys = json_keys(json, "$.duration_seconds.by_call_type.silent");
	assert_string_equal(keys, "count,total,mean,median,max");
	free(keys);
	keys = json_keys(json, "$.people_by_age_band_gender");
	assert_string_equal(keys, "under15,15-19,20s,30s,40s,50s,60s,70plus,unknown");
	free(keys);
	keys = json_keys(json, "$.people_by_age_band_gender.\"15-19\"");
	assert_string_equal(keys, "male,female,other,unknown");
	free(keys);
	keys = json_keys(json, "$.people_by_caller");
	assert_string_equal(keys, "self,mother,father,sibling,spouse,relative,acquaintance,"
				  "caremanager,minsei,agency,other,unknown");
	free(keys);
	assert_null(json_type(json, "$.series")); /* a day has none */
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
	assert_json_num(json, "$.consultations", 0);
	assert_json_num(json, "$.consultations_without_case", 0);
	assert_json_num(json, "$.people_by_age_band_gender.unknown.unknown", 0);
	assert_json_num(json, "$.duration_seconds.by_call_type.consult.median", 0);
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
	t = json_text(json, "$.timezone");
	assert_string_equal(t, "Asia/Tokyo");
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
	keys = json_keys(json, "$.debriefs_by_reason");
	assert_string_equal(keys, "urgent,abuse,long,unsure,other");
	free(keys);
	keys = json_keys(json, "$.debriefs_done_by_reason");
	assert_string_equal(keys, "urgent,abuse,long,unsure,other");
	free(keys);
	keys = json_keys(json, "$.help_requests");
	assert_string_equal(keys, "raised,acknowledged,mean_seconds_to_acknowledge,"
				  "max_seconds_to_acknowledge");
	free(keys);
	assert_json_num(json, "$.help_requests.mean_seconds_to_acknowledge", 0);
	t = json_type(json, "$.help_requests.mean_seconds_to_acknowledge");
	assert_string_equal(t, "real");
	free(t);
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
				     "\"mean\":325.0,\"median\":250.0,\"max\":700,\"by_call_type\":"));
	free(json);
	/* 50 100 200 300 700: the middle one; mean 1350 / 5 */
	collect(f, stats_period_range(day("2026-11-22"), day("2026-11-23")), NULL);
	assert_int_equal(f->st.duration.count, 5);
	assert_true(f->st.duration.median == 200.0);
	assert_true(f->st.duration.mean == 270.0);
}

static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* The median of many durations, with many equal ones, against a sort done
 * here: an even count (the mean of the two middle ones) and an odd one. */
static void test_duration_median_many(void **state)
{
	struct fixture *f = *state;
	struct spec v[201];
	static char start[201][48], end[201][48];
	long d[201], want;

	for (int i = 0; i < 201; i++) {
		d[i] = (long)(i * 7919 % 61) * 50 + (i % 3); /* 0..3002 s, repeated */
		snprintf(start[i], sizeof start[i], "2026-11-22T%02d:%02d:00+09:00", i / 60, i % 60);
		snprintf(end[i], sizeof end[i], "2026-11-22T%02ld:%02ld:%02ld+09:00",
			 (i / 60 * 3600 + i % 60 * 60 + d[i]) / 3600,
			 (i / 60 * 3600 + i % 60 * 60 + d[i]) / 60 % 60, d[i] % 60);
		v[i] = (struct spec){.start = start[i], .end = end[i]};
	}
	add_calls(f, v, 200, NULL);
	collect_day(f, "2026-11-22");
	qsort(d, 200, sizeof *d, long_cmp);
	want = d[99] + d[100];
	assert_int_equal(f->st.duration.count, 200);
	assert_true(f->st.duration.median == (double)want / 2.0);
	assert_int_equal(f->st.duration.max, d[199]);
	add_calls(f, &v[200], 1, NULL);
	collect_day(f, "2026-11-22");
	for (int i = 0; i < 201; i++)
		d[i] = (long)(i * 7919 % 61) * 50 + (i % 3);
	qsort(d, 201, sizeof *d, long_cmp);
	assert_int_equal(f->st.duration.count, 201);
	assert_true(f->st.duration.median == (double)d[100]);
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
	/* the silent call is a call, not a consultation, and no person */
	assert_int_equal(f->st.calls, 6);
	assert_int_equal(f->st.consultations, 5);
	assert_int_equal(f->st.people, 3);
	assert_int_equal(f->st.consultations_without_case, 1);
	assert_int_equal(count_of(&f->st, LIST_CALL_TYPE, "silent"), 1);
	assert_int_equal(count_of(&f->st, LIST_CALL_TYPE, "consult"), 5);
	/* over both days, case B is still one person */
	collect(f, stats_period_range(day("2026-11-22"), day("2026-11-23")), NULL);
	assert_int_equal(f->st.calls, 7);
	assert_int_equal(f->st.people, 3);
	assert_int_equal(f->st.nseries, 2);
	assert_false(f->st.series_by_month);
	assert_int_equal(f->st.series[0].period.kind, STATS_DAY);
	assert_int_equal(date_cmp(f->st.series[0].period.from, day("2026-11-22")), 0);
	assert_int_equal(f->st.series[0].people, 3);
	assert_int_equal(f->st.series[0].consultations, 5);
	assert_int_equal(f->st.series[1].calls, 1);
	assert_int_equal(f->st.series[1].people, 1);
	assert_int_equal(f->st.series[1].consultations_without_case, 0);
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
	assert_int_equal(store_followup_close(f->s, id, NULL, "tanaka", &f->err), ST_OK);
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
	b.s = render_csv(f, false);
	assert_non_null(strstr(b.s, "\r\nby_caller,uncle,uncle,1\r\n"));
	assert_non_null(strstr(b.s, "\r\nby_region,naka,naka,1\r\n"));
	free(b.s);
	b.s = render_text(f, false);
	assert_non_null(strstr(b.s, "  uncle "));
	free(b.s);
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

static void test_fiscal_year_series(void **state)
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
	assert_true(f->st.series_by_month);
	assert_int_equal(f->st.nseries, 12);
	assert_int_equal(f->st.series[0].period.kind, STATS_MONTH);
	assert_int_equal(date_cmp(f->st.series[0].period.from, day("2026-04-01")), 0);
	assert_int_equal(date_cmp(f->st.series[0].period.to, day("2026-04-30")), 0);
	assert_int_equal(f->st.series[0].calls, 1);
	assert_int_equal(date_cmp(f->st.series[8].period.from, day("2026-12-01")), 0);
	assert_int_equal(f->st.series[8].calls, 2);
	assert_int_equal(f->st.series[8].people, 1);
	assert_int_equal(f->st.series[1].calls, 0);
	assert_int_equal(date_cmp(f->st.series[11].period.to, day("2027-03-31")), 0);
	assert_int_equal(f->st.series[11].calls, 1);
	/* a month: a series by day, February of a common year has 28 */
	collect(f, stats_period_month(2027, 2), NULL);
	assert_false(f->st.series_by_month);
	assert_int_equal(f->st.nseries, 28);
	collect(f, stats_period_month(2026, 12), NULL);
	assert_int_equal(f->st.nseries, 31);
	assert_int_equal(f->st.series[14].calls, 1);
	assert_int_equal(date_cmp(f->st.series[15].period.from, day("2026-12-16")), 0);
	assert_int_equal(f->st.series[15].calls, 1);
	/* a day: no series */
	collect_day(f, "2026-12-15");
	assert_int_equal(f->st.nseries, 0);
	/* a range of more than 31 days: by month, the first and last cut */
	collect(f, stats_period_range(day("2026-03-15"), day("2026-05-10")), NULL);
	assert_true(f->st.series_by_month);
	assert_int_equal(f->st.nseries, 3);
	assert_int_equal(f->st.series[0].period.kind, STATS_RANGE);
	assert_int_equal(date_cmp(f->st.series[0].period.from, day("2026-03-15")), 0);
	assert_int_equal(date_cmp(f->st.series[0].period.to, day("2026-03-31")), 0);
	assert_int_equal(f->st.series[1].period.kind, STATS_MONTH);
	assert_int_equal(f->st.series[2].period.kind, STATS_RANGE);
	assert_int_equal(date_cmp(f->st.series[2].period.to, day("2026-05-10")), 0);
	assert_int_equal(f->st.series[0].calls, 1);
	assert_int_equal(f->st.series[1].calls, 1);
	assert_int_equal(f->st.calls, 2);
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
	char section[256], *part, *save = NULL;
	struct buf b;

	buf_init(&b);
	if (strcmp(fields[0], fields[1]) == 0) { /* a scalar */
		buf_printf(&b, "$.\"%s\"", fields[0]);
		return buf_take(&b);
	}
	snprintf(section, sizeof section, "%s", fields[0]);
	buf_puts(&b, "$");
	for (part = strtok_r(section, ".", &save); part; part = strtok_r(NULL, ".", &save))
		buf_printf(&b, ".\"%s\"", part);
	buf_printf(&b, ".\"%s\"", fields[1]);
	return buf_take(&b);
}

/* The figures of a period: the leaves of its object, the series left out. */
static long json_leaves(const char *json)
{
	sqlite3 *db;
	sqlite3_stmt *st = json_query(&db, "SELECT count(*) FROM json_tree(?1) WHERE"
					   " type NOT IN ('object', 'array') AND fullkey NOT LIKE"
					   " '$.series%' AND coalesce(?2, 1)",
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
	report_csv(&csv, &f->st, &f->cfg, &plain);
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

/* --- --wide against JSON: a column per element of the series, then the total --- */

/* The fields of one CSV record (no quotes or commas inside fields here but
 * labels, which are quoted like any other field). */
static size_t csv_fields(const char *line, char ***out)
{
	char **v = NULL;
	size_t n = 0;
	struct buf f;
	bool quoted = false;

	buf_init(&f);
	buf_puts(&f, "");
	for (const char *p = line;; p++) {
		if (*p == '\0' || (*p == ',' && !quoted)) {
			v = realloc(v, (n + 1) * sizeof *v);
			v[n++] = buf_take(&f);
			buf_puts(&f, "");
			if (!*p)
				break;
		} else if (quoted && *p == '"' && p[1] == '"') {
			buf_putc(&f, *p++);
		} else if (*p == '"') {
			quoted = !quoted;
		} else {
			buf_putc(&f, *p);
		}
	}
	buf_free(&f);
	*out = v;
	return n;
}

static void fields_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A JSON path under an element of the series ("$.series[3].calls"), or the whole. */
static char *under(const char *path, long e)
{
	struct buf b;

	buf_init(&b);
	if (e < 0)
		buf_puts(&b, path);
	else
		buf_printf(&b, "$.series[%ld]%s", e, path + 1);
	return buf_take(&b);
}

/* One cell: the element's figure at path, or 0 where the element has no such key. */
static void check_wide_cell(const char *json, const char *section, const char *key,
			    const char *path, long e, const char *cell)
{
	char *p, *type, *text;

	if (strcmp(section, "urgent") == 0 && strcmp(key, "count") == 0) {
		char len[64];
		sqlite3 *db;
		sqlite3_stmt *st;

		p = under("$.urgent", e);
		st = json_query(&db, "SELECT json_array_length(?1, ?2)", json, p);
		snprintf(len, sizeof len, "%d", sqlite3_column_int(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(db);
		assert_string_equal(cell, len);
		free(p);
		return;
	}
	p = under(path, e);
	if (!(type = json_type(json, p))) {
		if (strcmp(cell, "0") != 0)
			fail_msg("%s: absent in JSON, CSV %s", p, cell);
	} else if (strcmp(type, "integer") == 0 || strcmp(type, "real") == 0) {
		if (json_num(json, p) != strtod(cell, NULL))
			fail_msg("%s: CSV %s, JSON %g", p, cell, json_num(json, p));
	} else {
		text = json_text(json, p);
		assert_string_equal(text, cell);
		free(text);
	}
	free(type);
	free(p);
}

/* The header names each element by its period: "2026-11-01", "2026-04", or
 * "2026-03-15/2026-03-31" for a month a range cuts. */
static void check_wide_header(const struct stats *st, char **h, size_t n)
{
	assert_int_equal(n, 3 + st->nseries + 1);
	assert_string_equal(h[0], "section");
	assert_string_equal(h[1], "key");
	assert_string_equal(h[2], "label");
	for (size_t e = 0; e < st->nseries; e++) {
		const struct stats_period *p = &st->series[e].period;
		char want[32], from[11], to[11];

		date_format(p->from, from, sizeof from);
		date_format(p->to, to, sizeof to);
		if (p->kind == STATS_DAY)
			snprintf(want, sizeof want, "%s", from);
		else if (p->kind == STATS_MONTH)
			snprintf(want, sizeof want, "%.7s", from);
		else
			snprintf(want, sizeof want, "%s/%s", from, to);
		assert_string_equal(h[3 + e], want);
	}
	assert_string_equal(h[n - 1], "total\r");
}

static void assert_wide_matches_json(struct fixture *f)
{
	char *csv = render_csv(f, true), *json = render_json(f), *line, *save = NULL, **v;
	size_t n, rows = 0;

	line = strtok_r(csv, "\n", &save);
	n = csv_fields(line, &v);
	check_wide_header(&f->st, v, n);
	fields_free(v, n);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char pf[4][256], *path;

		assert_int_equal(line[strlen(line) - 1], '\r');
		line[strlen(line) - 1] = '\0';
		assert_int_equal(csv_fields(line, &v), 3 + f->st.nseries + 1);
		snprintf(pf[0], sizeof pf[0], "%s", v[0]);
		snprintf(pf[1], sizeof pf[1], "%s", v[1]);
		path = csv_path(pf);
		for (size_t e = 0; e < f->st.nseries; e++)
			check_wide_cell(json, v[0], v[1], path, (long)e, v[3 + e]);
		check_wide_cell(json, v[0], v[1], path, -1, v[3 + f->st.nseries]);
		free(path);
		fields_free(v, 3 + f->st.nseries + 1);
		rows++;
	}
	/* a row per figure of the whole, the urgent calls as one count */
	assert_int_equal((long)rows, json_leaves(json) - 2 * (long)f->st.nurgent + 1);
	free(csv);
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
	assert_wide_matches_json(f);
	collect(f, stats_period_month(2026, 11), "川崎");
	assert_csv_matches_json(f);
	assert_wide_matches_json(f);
	collect(f, stats_period_fiscal_year(2026), NULL);
	assert_csv_matches_json(f);
	assert_wide_matches_json(f);
	collect(f, stats_period_range(day("2026-10-20"), day("2027-01-05")), NULL);
	assert_wide_matches_json(f);
	collect_day(f, "2026-01-01");
	assert_csv_matches_json(f);
	assert_wide_matches_json(f);
}

static void test_csv_bom(void **state)
{
	struct fixture *f = *state;
	struct report_options o = plain;
	struct buf b;

	collect_day(f, "2026-11-22");
	buf_init(&b);
	o.bom = true;
	report_csv(&b, &f->st, &f->cfg, &o);
	assert_memory_equal(b.s, "\xEF\xBB\xBFsection,key,label,count\r\n", 27);
	assert_non_null(strstr(b.s, "\r\ncalls,calls,"));
	assert_non_null(strstr(b.s, "\r\nby_call_type,consult,相談,0\r\n"));
	assert_non_null(strstr(b.s, "\r\nduration_seconds,median,"));
	buf_reset(&b);
	o.wide = true;
	report_csv(&b, &f->st, &f->cfg, &o);
	assert_memory_equal(b.s, "\xEF\xBB\xBFsection,key,label,total\r\n", 27);
	buf_free(&b);
}

/* --- the printed report --- */

/* Every line at most 80 columns (a page's form feed is not a column). */
static void assert_lines_fit(const char *text)
{
	char *copy = strdup(text), *save = NULL;
	int n = 0;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++) {
		if (*l == '\f')
			l++;
		if (text_width(l) > 80)
			fail_msg("line %d is %d columns: %s", n + 1, text_width(l), l);
	}
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

/* The numbers after the label of the first line that starts with "  LABEL ". */
static int numbers_after(const char *text, const char *label, long *v, int max)
{
	struct buf want;
	const char *p;
	int n = 0;
	char *end;

	buf_init(&want);
	buf_printf(&want, "\n  %s ", label);
	p = strstr(text, want.s);
	if (!p)
		fail_msg("no line \"%s\"", want.s + 1);
	p += want.len;
	while (n < max) {
		long x = strtol(p, &end, 10);

		if (end == p || (*end != ' ' && *end != '\n'))
			break;
		v[n++] = x;
		p = end;
	}
	buf_free(&want);
	return n;
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
	long v[3];
	char *text, *csv, *text2;

	for (int i = 0; i < 30; i++)
		strcat(long_site, "ひきこもり");
	add_calls(f, busy_day, 4, NULL);
	add_calls(f, evil, 2, NULL);
	collect_day(f, "2026-11-22");
	text = render_text(f, false);
	assert_lines_fit(text);
	assert_null(strchr(text, '\x1b'));
	assert_null(strchr(text, '\r'));
	assert_null(strchr(text, '\a'));
	assert_null(strstr(text, "\xe2\x80\xae"));
	assert_non_null(strstr(text, "悪い^[[2J拠点^M"));
	assert_non_null(strstr(text, "op^[]0;pwned^G"));
	assert_null(strstr(text, "秘密"));
	/* the figures, right-aligned at column 50: call types count every call */
	assert_row(text, "相談", "       5", "\n");
	assert_row(text, "無言", "       1", "\n");
	assert_row(text, "Calls received", "       6", "\n");
	assert_row(text, "Consultations", "       5", "\n");
	assert_row(text, "People", "       5", "\n");
	assert_non_null(strstr(text, "\n    of which without a case: 4"
				     " (each counted as one person)\n"));
	assert_non_null(strstr(text, "\n  10:00        3  ###\n"));
	assert_non_null(strstr(text, "2026-11-22 10:30  佐藤"));
	assert_non_null(strstr(text, "all sites"));
	assert_non_null(strstr(text, "\nTime zone:  Asia/Tokyo\n"));
	free(text);
	csv = render_csv(f, false);
	assert_null(strchr(csv, '\x1b'));
	assert_non_null(strstr(csv, "悪い^[[2J拠点^M"));
	free(csv);
	/* a month with Japanese labels: still 80 columns, a row per day */
	collect(f, stats_period_month(2026, 11), long_site);
	text = render_text(f, false);
	assert_lines_fit(text);
	assert_non_null(strstr(text, "2026-11-30 (Mon)"));
	free(text);
	/* a fiscal year: a row per month of calls, consultations and people */
	collect(f, stats_period_fiscal_year(2026), NULL);
	text = render_text(f, false);
	assert_lines_fit(text);
	text2 = strstr(text, "Calls, consultations and people by month");
	assert_int_equal(numbers_after(text2, "2026-11", v, 3), 3);
	assert_int_equal(v[0], 6);
	assert_int_equal(v[1], 5);
	assert_int_equal(v[2], 5);
	assert_int_equal(numbers_after(text2, "2026-10", v, 3), 3);
	assert_int_equal(v[0] + v[1] + v[2], 0);
	free(text);
}

/* A bar never runs past the line: one '#' stands for 1, 2, 5, 10... calls,
 * said under the chart; a count is rounded down to marks, never up. */
static void test_text_bar_scale(void **state)
{
	struct fixture *f = *state;
	struct spec v[143];
	char bar[45], want[80], *text;

	for (int i = 0; i < 130; i++)
		v[i] = (struct spec){.start = "2026-11-22T14:10:00+09:00"};
	for (int i = 130; i < 139; i++)
		v[i] = (struct spec){.start = "2026-11-22T09:10:00+09:00"};
	for (int i = 139; i < 143; i++)
		v[i] = (struct spec){.start = "2026-11-22T08:10:00+09:00"};
	add_calls(f, v, 143, NULL);
	collect_day(f, "2026-11-22");
	text = render_text(f, false);
	assert_lines_fit(text);
	/* 130 calls, at most 62 marks: 5 calls a mark (not 3), 26 marks */
	assert_non_null(strstr(text, "\n  # = 5 calls (a remainder under 5 is not drawn)\n"));
	memset(bar, '#', 26);
	bar[26] = '\0';
	snprintf(want, sizeof want, "\n  14:00      130  %s\n", bar);
	assert_non_null(strstr(text, want));
	/* 9 calls are one mark, not two; 4 calls none */
	assert_non_null(strstr(text, "\n  09:00        9  #\n"));
	assert_non_null(strstr(text, "\n  08:00        4\n"));
	free(text);
	/* up to 62 calls an hour: one mark a call */
	stats_free(&f->st);
	collect(f, stats_period_day(day("2026-11-22")), "どこにもない拠点");
	text = render_text(f, false);
	assert_non_null(strstr(text, "\n  # = 1 call\n"));
	free(text);
}

/* The pages of a printed report: each has its header with page N of M,
 * pages are separated by form feeds, none is longer than page_lines, a
 * section that fits on a page is not split, and one that does not is
 * continued under its title and column headings. */
static void test_text_pages(void **state)
{
	struct fixture *f = *state;
	char *text, *page, *save = NULL, head[64];
	int pages = 0, concerns_pages = 0, continued = 0;

	add_calls(f, busy_day, 4, NULL);
	f->cfg.page_lines = 20;
	collect_day(f, "2026-11-22");
	text = render_text(f, false);
	assert_lines_fit(text);
	for (const char *p = text; (p = strchr(p, '\f')); p++)
		pages++;
	pages++;
	assert_true(pages > 10);
	for (page = strtok_r(text, "\f", &save); page; page = strtok_r(NULL, "\f", &save)) {
		static int k;
		int lines = 0;

		for (const char *p = page; (p = strchr(p, '\n')); p++)
			lines++;
		if (lines > 20)
			fail_msg("page %d has %d lines:\n%s", k + 1, lines, page);
		snprintf(head, sizeof head, "Page %d/%d\n", ++k, pages);
		assert_non_null(strstr(page, head));
		assert_memory_equal(page, "Daily report", 12);
		assert_non_null(strstr(page, "\nSite:       all sites\n"));
		assert_non_null(strstr(page, "\nPeriod:     2026-11-22 (Sun)\n"));
		assert_non_null(strstr(page, "\nTime zone:  Asia/Tokyo\n"));
		/* the call types fit on a page: all of them on the one with the title */
		if (strstr(page, "\nCall type\n"))
			assert_non_null(strstr(page, "\n  間違い電話 "));
		/* the concerns do not: continued with their headings */
		if (strstr(page, "\nConcerns"))
			concerns_pages++;
		if (strstr(page, "\nConcerns (continued)\n--------------------\n")) {
			assert_non_null(strstr(page, "    Main     All\n"));
			continued++;
		}
	}
	assert_true(concerns_pages >= 2);
	assert_int_equal(continued, concerns_pages - 1);
	free(text);
	/* 60 lines by default */
	f->cfg.page_lines = 60;
	text = render_text(f, false);
	for (char *l = text, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		static int n;

		nl = strchr(l, '\n');
		n = *l == '\f' ? 1 : n + 1;
		assert_true(n <= 60);
	}
	free(text);
}

/* The day report ends with the duty manager's confirmation and the audit
 * trail's anchor as it stood: what soudan audit --verify --anchor checks. */
static void test_text_confirmation(void **state)
{
	struct fixture *f = *state;
	struct call c;
	char want[128], *text;
	sqlite3_stmt *st;

	for (int i = 0; i < 2; i++) {
		build(&c, &busy_day[i]);
		assert_int_equal(store_call_save(f->s, &c, "tanaka", &f->err), ST_OK);
		call_free(&c);
	}
	assert_int_equal(sqlite3_prepare_v2(store_db(f->s), "SELECT seq || ':' || hash FROM audit"
					    " ORDER BY seq DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(want, sizeof want, "\n  %s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_memory_equal(want, "\n  2:", 4);
	collect_day(f, "2026-11-22");
	text = render_text(f, false);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "\nConfirmation\n"));
	assert_non_null(strstr(text, "\n  Confirmed by  ______________________________    Seal  "));
	assert_true(strstr(text, "Confirmed by") > strstr(text, "Calls by site"));
	free(text);
	/* a month has no confirmation line */
	collect(f, stats_period_month(2026, 11), NULL);
	text = render_text(f, false);
	assert_null(strstr(text, "Confirmed by"));
	free(text);
}

/* Nothing is cut without a mark: what does not fit its column ends with "…". */
static void test_text_cut_marked(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T15:00:00+09:00", .op = "とても長い名前の相談員さんです",
		 .site = "とても長い拠点の名前がここにありますとても長い拠点の名前がここにあります",
		 .urgency = "urgent", .referrals = {"r-a-very-long-resource-id"}},
	};
	char *text;

	assert_int_equal(sqlite3_exec(store_db(f->s),
				      "INSERT INTO resources(id, name, category, updated_at) VALUES"
				      " ('r-a-very-long-resource-id', 'とても長い紹介先の名前とても長い"
				      "紹介先の名前とても長い紹介先の名前', 'center', 0)",
				      NULL, NULL, NULL), SQLITE_OK);
	add_calls(f, v, 1, NULL);
	collect(f, stats_period_day(day("2026-11-22")), v[0].site);
	text = render_text(f, false);
	assert_lines_fit(text);
	/* the urgent list: operator in 20 columns, the site in the rest */
	assert_non_null(strstr(text, "\n  2026-11-22 15:00  とても長い名前の相\xE2\x80\xA6"));
	/* the resource: id in 16 columns, name in 52 */
	assert_non_null(strstr(text, "\n  r-a-very-long-\xE2\x80\xA6  とても長い紹介先の名前"));
	assert_non_null(strstr(text, "紹介先の名前とても\xE2\x80\xA6"));
	/* the site in the header */
	assert_non_null(strstr(text, "\nSite:       とても長い拠点の名前がここにありますとても長い拠点の名前が"
				     "ここにあ\xE2\x80\xA6\n"));
	free(text);
}

/* A year lists its urgent calls as counts per month; --urgent lists them all. */
static void test_text_urgent_by_month(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-05-10T10:00:00+09:00", .urgency = "urgent", .op = "tanaka"},
		{.start = "2026-05-11T10:00:00+09:00", .urgency = "urgent", .op = "suzuki"},
		{.start = "2027-01-05T10:00:00+09:00", .urgency = "urgent", .op = "佐藤"},
	};
	long n[1];
	char *text;

	add_calls(f, v, 3, NULL);
	collect(f, stats_period_fiscal_year(2026), NULL);
	text = render_text(f, false);
	assert_non_null(strstr(text, "Urgent calls by month (soudan-stats --urgent lists them)"));
	assert_null(strstr(text, "2026-05-10 10:00"));
	assert_int_equal(numbers_after(strstr(text, "Urgent calls by month"), "2026-05", n, 1), 1);
	assert_int_equal(n[0], 2);
	assert_int_equal(numbers_after(strstr(text, "Urgent calls by month"), "2027-01", n, 1), 1);
	assert_int_equal(n[0], 1);
	assert_int_equal(numbers_after(strstr(text, "Urgent calls by month"), "2026-06", n, 1), 1);
	assert_int_equal(n[0], 0);
	assert_int_equal(numbers_after(strstr(text, "Urgent calls by month"), "Total", n, 1), 1);
	assert_int_equal(n[0], 3);
	free(text);
	text = render_text(f, true);
	assert_null(strstr(text, "Urgent calls by month"));
	assert_non_null(strstr(text, "\n  2026-05-10 10:00  tanaka"));
	assert_non_null(strstr(text, "\n  2026-05-11 10:00  suzuki"));
	assert_non_null(strstr(text, "\n  2027-01-05 10:00  佐藤"));
	free(text);
	/* a month lists them all anyway */
	collect(f, stats_period_month(2026, 5), NULL);
	text = render_text(f, false);
	assert_non_null(strstr(text, "\n  2026-05-10 10:00  tanaka"));
	free(text);
}

/* --- counting rules --- */

/* Not every call is a consultation. The day, worked out by hand:
 *   a 10:00 consult  case K7Q2-9MXD  mother 40s male  phone repeat  600 s  future
 *   b 11:00 info     case k7q29mxd   father 40s male  phone repeat  300 s  (the same case)
 *   c 12:00 consult  no case         self 20s female  visit new    1200 s  r-center
 *   d 12:30 silent   no case                                         30 s  concern other
 *   e 13:00 prank    no case         self                            20 s  r-sapo, debrief
 *   f 14:00 wrong    no case         urgency urgent                 no end
 *   g 15:00 hangup   case K7Q2-9MXD                                  10 s
 * calls 7; consultations a b c = 3; people: the case (a b) and c = 2, of
 * which 1 without a case; the case's latest consultation is b (father).
 * By call type, hour, operator: every call. Everything else: a b c only. */
static const struct spec rules_day[] = {
	{.start = "2026-11-22T10:00:00+09:00", .end = "2026-11-22T10:10:00+09:00",
	 .case_code = "K7Q2-9MXD", .caller = "mother", .age = "40s", .gender = "male",
	 .channel = "phone", .contact = "repeat", .concerns = {"future"}, .caller_age = "70s",
	 .withdrawal = "20y+"},
	{.start = "2026-11-22T11:00:00+09:00", .end = "2026-11-22T11:05:00+09:00", .type = "info",
	 .case_code = "k7q29mxd", .caller = "father", .age = "40s", .gender = "male",
	 .channel = "phone", .contact = "repeat", .caller_age = "80plus"},
	{.start = "2026-11-22T12:00:00+09:00", .end = "2026-11-22T12:20:00+09:00", .caller = "self",
	 .age = "20s", .gender = "female", .channel = "visit", .contact = "new",
	 .referrals = {"r-center"}},
	{.start = "2026-11-22T12:30:00+09:00", .end = "2026-11-22T12:30:30+09:00", .type = "silent",
	 .concerns = {"other"}},
	{.start = "2026-11-22T13:00:00+09:00", .end = "2026-11-22T13:00:20+09:00", .type = "prank",
	 .caller = "self", .referrals = {"r-sapo"}, .debrief = true},
	{.start = "2026-11-22T14:00:00+09:00", .type = "wrong", .urgency = "urgent"},
	{.start = "2026-11-22T15:00:00+09:00", .end = "2026-11-22T15:00:10+09:00", .type = "hangup",
	 .case_code = "K7Q2-9MXD"},
};

static void assert_duration(const struct stats_duration *d, long count, long total, double mean,
			    double median, long max)
{
	assert_int_equal(d->count, count);
	assert_int_equal(d->total, total);
	assert_true(d->mean == mean);
	assert_true(d->median == median);
	assert_int_equal(d->max, max);
}

static void test_consultations(void **state)
{
	struct fixture *f = *state;
	struct stats_duration d;
	const struct stats *st = &f->st;

	add_calls(f, rules_day, 7, NULL);
	collect_day(f, "2026-11-22");
	assert_int_equal(st->calls, 7);
	assert_int_equal(st->consultations, 3);
	assert_int_equal(st->people, 2);
	assert_int_equal(st->consultations_without_case, 1);
	/* every call */
	assert_int_equal(count_of(st, LIST_CALL_TYPE, "consult"), 2);
	assert_int_equal(count_of(st, LIST_CALL_TYPE, "info"), 1);
	assert_int_equal(count_of(st, LIST_CALL_TYPE, "silent"), 1);
	assert_int_equal(count_of(st, LIST_CALL_TYPE, "prank"), 1);
	assert_int_equal(count_of(st, LIST_CALL_TYPE, "wrong"), 1);
	assert_int_equal(count_of(st, LIST_CALL_TYPE, "hangup"), 1);
	assert_int_equal(st->by_hour[12], 2);
	assert_int_equal(st->by_hour[15], 1);
	assert_int_equal(stats_count(&st->by_operator, "tanaka"), 7);
	assert_int_equal(stats_count(&st->by_site, "本部"), 7);
	assert_int_equal(st->debriefs, 1);
	assert_int_equal(st->nurgent, 1); /* every urgent call is listed */
	/* consultations only */
	assert_int_equal(count_of(st, LIST_CALLER, "mother"), 1);
	assert_int_equal(count_of(st, LIST_CALLER, "father"), 1);
	assert_int_equal(count_of(st, LIST_CALLER, "self"), 1);
	assert_int_equal(count_of(st, LIST_CALLER, "unknown"), 0);
	assert_int_equal(count_of(st, LIST_CHANNEL, "phone"), 2);
	assert_int_equal(count_of(st, LIST_CHANNEL, "visit"), 1);
	assert_int_equal(count_of(st, LIST_CONTACT, "repeat"), 2);
	assert_int_equal(count_of(st, LIST_CONTACT, "new"), 1);
	assert_int_equal(count_of(st, LIST_CONTACT, "unknown"), 0);
	assert_int_equal(count_of(st, LIST_CALLER_AGE, "70s"), 1);
	assert_int_equal(count_of(st, LIST_CALLER_AGE, "80plus"), 1);
	assert_int_equal(count_of(st, LIST_CALLER_AGE, "unknown"), 1);
	assert_int_equal(count_of(st, LIST_WITHDRAWAL, "20y+"), 1);
	assert_int_equal(count_of(st, LIST_URGENCY, "urgent"), 0);
	assert_int_equal(count_of(st, LIST_CONCERN, "future"), 1);
	assert_int_equal(count_of(st, LIST_CONCERN, "other"), 0);
	assert_int_equal(st->referrals, 1);
	assert_int_equal(count_of(st, LIST_RESOURCE_CATEGORY, "center"), 1);
	assert_int_equal(count_of(st, LIST_RESOURCE_CATEGORY, "saposute"), 0);
	assert_int_equal(stats_pair_count(&st->age_gender, "40s", "male"), 2);
	assert_int_equal(stats_pair_count(&st->age_gender, NULL, NULL), 3);
	/* 実人数: the case once (by b, its latest), c once */
	assert_int_equal(stats_count(&st->people_by_caller, "father"), 1);
	assert_int_equal(stats_count(&st->people_by_caller, "mother"), 0);
	assert_int_equal(stats_count(&st->people_by_caller, "self"), 1);
	assert_int_equal(stats_pair_count(&st->people_age_gender, "40s", "male"), 1);
	assert_int_equal(stats_pair_count(&st->people_age_gender, "20s", "female"), 1);
	assert_int_equal(stats_pair_count(&st->people_age_gender, NULL, NULL), 2);
	/* durations: consultations 600 300 1200; by type, every call */
	assert_duration(&st->duration, 3, 2100, 700.0, 600.0, 1200);
	d = stats_duration_of(st, "consult");
	assert_duration(&d, 2, 1800, 900.0, 900.0, 1200);
	d = stats_duration_of(st, "info");
	assert_duration(&d, 1, 300, 300.0, 300.0, 300);
	d = stats_duration_of(st, "silent");
	assert_duration(&d, 1, 30, 30.0, 30.0, 30);
	d = stats_duration_of(st, "prank");
	assert_duration(&d, 1, 20, 20.0, 20.0, 20);
	d = stats_duration_of(st, "hangup");
	assert_duration(&d, 1, 10, 10.0, 10.0, 10);
	d = stats_duration_of(st, "wrong");
	assert_duration(&d, 0, 0, 0.0, 0.0, 0);
	/* only consult as a consultation: a and c; the case's latest is now a */
	assert_string_equal(f->cfg.consultation_types.v[1], "info");
	free(f->cfg.consultation_types.v[1]);
	f->cfg.consultation_types.n = 1;
	assert_string_equal(f->cfg.consultation_types.v[0], "consult");
	collect_day(f, "2026-11-22");
	assert_int_equal(st->consultations, 2);
	assert_int_equal(st->people, 2);
	assert_int_equal(stats_count(&st->people_by_caller, "mother"), 1);
	assert_int_equal(stats_count(&st->people_by_caller, "father"), 0);
	assert_duration(&st->duration, 2, 1800, 900.0, 900.0, 1200);
}

/* The same figures in JSON, CSV (both forms) and the printed report. */
static void test_consultations_formats(void **state)
{
	struct fixture *f = *state;
	char *json, *csv, *text;

	add_calls(f, rules_day, 7, NULL);
	collect_day(f, "2026-11-22");
	json = render_json(f);
	assert_json_num(json, "$.calls", 7);
	assert_json_num(json, "$.consultations", 3);
	assert_json_num(json, "$.people", 2);
	assert_json_num(json, "$.consultations_without_case", 1);
	assert_json_num(json, "$.by_call_type.prank", 1);
	assert_json_num(json, "$.by_caller.self", 1);
	assert_json_num(json, "$.by_caller_age.unknown", 1);
	assert_json_num(json, "$.by_withdrawal.\"20y+\"", 1);
	assert_json_num(json, "$.people_by_caller.father", 1);
	assert_json_num(json, "$.people_by_caller.mother", 0);
	assert_json_num(json, "$.people_by_age_band_gender.\"40s\".male", 1);
	assert_json_num(json, "$.people_by_age_band_gender.\"20s\".female", 1);
	assert_json_num(json, "$.duration_seconds.mean", 700);
	assert_json_num(json, "$.duration_seconds.by_call_type.consult.median", 900);
	assert_json_num(json, "$.duration_seconds.by_call_type.silent.total", 30);
	assert_json_num(json, "$.referrals.total", 1);
	assert_null(json_type(json, "$.referrals.by_resource.\"r-sapo\""));
	free(json);
	csv = render_csv(f, false);
	assert_non_null(strstr(csv, "\r\ncalls,calls,Calls received,7\r\n"));
	assert_non_null(strstr(csv, "\r\nconsultations,consultations,Consultations,3\r\n"));
	assert_non_null(strstr(csv, "\r\npeople,people,People,2\r\n"));
	assert_non_null(strstr(csv, "\r\nconsultations_without_case,consultations_without_case,"
				    "Consultations without a case,1\r\n"));
	assert_non_null(strstr(csv, "\r\nby_withdrawal,20y+,20年以上,1\r\n"));
	assert_non_null(strstr(csv, "\r\npeople_by_caller,father,父,1\r\n"));
	assert_non_null(strstr(csv, "\r\npeople_by_age_band_gender.40s,male,40代 / 男性,1\r\n"));
	assert_non_null(strstr(csv, "\r\nduration_seconds.by_call_type.info,total,"
				    "問合せのみ / Total,300\r\n"));
	free(csv);
	csv = render_csv(f, true);
	assert_non_null(strstr(csv, "section,key,label,total\r\n"));
	assert_non_null(strstr(csv, "\r\nconsultations,consultations,Consultations,3\r\n"));
	free(csv);
	text = render_text(f, false);
	assert_row(text, "Calls received", "       7", "\n");
	assert_row(text, "Calls that are not consultations", "       4", "\n");
	assert_row(text, "Consultations", "       3", "\n");
	assert_row(text, "People", "       2", "\n");
	assert_non_null(strstr(text, "\n    of which without a case: 1"
				     " (each counted as one person)\n"));
	assert_row(text, "20年以上", "       1", "\n");
	assert_row(text, "Consultations with an end time", "       3", "\n");
	assert_non_null(strstr(text, "\n  Mean                                     0:11:40\n"));
	assert_non_null(strstr(text, "\n  問合せのみ               1   0:05:00   0:05:00   0:05:00"
				     "   0:05:00\n"));
	/* the people by caller: father 1, mother 0 */
	assert_row(strstr(text, "People by caller"), "父", "       1", "\n");
	assert_row(strstr(text, "People by caller"), "母", "       0", "\n");
	free(text);
	/* English labels where the messages are not Japanese */
	config_use_japanese(&f->cfg, false);
	text = render_text(f, false);
	assert_row(text, "wrong number", "       1", "\n");
	assert_row(text, "20 years or more", "       1", "\n");
	free(text);
	csv = render_csv(f, false);
	assert_non_null(strstr(csv, "\r\nby_call_type,wrong,wrong number,1\r\n"));
	free(csv);
}

/* Each person once per period and once per day of the series, by the values
 * of their latest consultation there: the later start, then the greater id. */
static void test_people_latest(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-02T10:00:00+09:00", .case_code = "K7Q2-9MXD", .caller = "mother",
		 .age = "50s", .gender = "male"},
		{.start = "2026-11-03T10:00:00+09:00", .case_code = "K7Q2-9MXD", .caller = "self",
		 .age = "50s", .gender = "male", .id = "aaaaaaaa-0000-4000-8000-000000000002"},
		{.start = "2026-11-03T10:00:00+09:00", .case_code = "K7Q2-9MXD", .caller = "sibling",
		 .age = "50s", .gender = "male", .id = "aaaaaaaa-0000-4000-8000-000000000001"},
		{.start = "2026-11-04T09:00:00+09:00", .case_code = "K7Q2-9MXD", .type = "silent"},
	};

	add_calls(f, v, 4, NULL);
	collect(f, stats_period_month(2026, 11), NULL);
	assert_int_equal(f->st.people, 1);
	assert_int_equal(stats_count(&f->st.people_by_caller, "self"), 1);
	assert_int_equal(f->st.people_by_caller.n, 1);
	assert_int_equal(stats_pair_count(&f->st.people_age_gender, "50s", "male"), 1);
	assert_int_equal(stats_count(&f->st.series[1].people_by_caller, "mother"), 1);
	assert_int_equal(stats_count(&f->st.series[2].people_by_caller, "self"), 1);
	assert_int_equal(f->st.series[2].people, 1);
	assert_int_equal(f->st.series[2].consultations, 2);
	assert_int_equal(f->st.series[3].people, 0); /* a silent call is no person */
	assert_int_equal(f->st.series[3].calls, 1);
}

/* A series element is the whole report of its day or month: same keys but
 * the series, and figures that add up to the whole where they are sums. */
static void test_series_json(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-04-30T23:00:00+09:00", .end = "2026-04-30T23:10:00+09:00",
		 .urgency = "urgent", .outcome = "phone", .next = "2026-05-02", .op = "佐藤"},
		{.start = "2026-05-01T09:00:00+09:00", .type = "silent", .debrief = true},
		{.start = "2026-05-20T09:00:00+09:00", .outcome = "phone", .next = "2026-06-01"},
	};
	char *json, *keys, *ekeys, *t;
	struct buf want;

	add_calls(f, v, 3, NULL);
	collect(f, stats_period_fiscal_year(2026), NULL);
	json = render_json(f);
	keys = json_keys(json, "$");
	ekeys = json_keys(json, "$.series[4]");
	buf_init(&want);
	buf_printf(&want, "%s,series", ekeys);
	assert_string_equal(keys, want.s);
	buf_free(&want);
	free(keys);
	free(ekeys);
	assert_string_equal((t = json_type(json, "$.series[11]")), "object");
	free(t);
	assert_null(json_type(json, "$.series[12]"));
	assert_null(json_type(json, "$.series[0].series"));
	assert_string_equal((t = json_text(json, "$.series[0].period.from")), "2026-04-01");
	free(t);
	assert_string_equal((t = json_text(json, "$.series[0].period.to")), "2026-04-30");
	free(t);
	assert_string_equal((t = json_text(json, "$.series[11].period.to")), "2027-03-31");
	free(t);
	assert_json_num(json, "$.calls", 3);
	assert_json_num(json, "$.series[0].calls", 1);
	assert_json_num(json, "$.series[1].calls", 2);
	assert_json_num(json, "$.series[1].consultations", 1);
	assert_json_num(json, "$.series[1].by_call_type.silent", 1);
	assert_json_num(json, "$.series[1].debriefs", 1);
	assert_json_num(json, "$.series[0].duration_seconds.count", 1);
	assert_json_num(json, "$.series[0].duration_seconds.total", 600);
	assert_string_equal((t = json_text(json, "$.series[0].urgent[0].operator")), "佐藤");
	free(t);
	assert_null(json_type(json, "$.series[1].urgent[0]"));
	/* follow-ups due by their date: 2026-05-02 in May, 2026-06-01 in June */
	assert_json_num(json, "$.followups_due", 2);
	assert_json_num(json, "$.series[0].followups_due", 0);
	assert_json_num(json, "$.series[1].followups_due", 1);
	assert_json_num(json, "$.series[2].followups_due", 1);
	free(json);
	/* a month: one element a day */
	collect(f, stats_period_month(2026, 5), NULL);
	json = render_json(f);
	assert_string_equal((t = json_text(json, "$.series[30].period.from")), "2026-05-31");
	free(t);
	assert_null(json_type(json, "$.series[31]"));
	assert_json_num(json, "$.series[0].calls", 1);
	assert_json_num(json, "$.series[19].calls", 1);
	assert_json_num(json, "$.series[1].followups_due", 1);
	free(json);
}

/* The sites there are: in the calls, and the configured one. */
static void test_sites(void **state)
{
	struct fixture *f = *state;
	const struct spec v[] = {
		{.start = "2026-11-22T10:00:00+09:00", .site = "横浜"},
		{.start = "2026-11-22T11:00:00+09:00", .site = "川崎"},
		{.start = "2026-11-22T12:00:00+09:00", .site = "横浜"},
	};
	char **sites;
	size_t n;

	assert_int_equal(stats_sites(f->s, &f->cfg, &sites, &n, &f->err), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(sites[0], f->cfg.site);
	stats_sites_free(sites, n);
	add_calls(f, v, 3, NULL);
	assert_int_equal(stats_sites(f->s, &f->cfg, &sites, &n, &f->err), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(sites[0], "ひきこもり相談ダイヤル");
	assert_string_equal(sites[1], "川崎");
	assert_string_equal(sites[2], "横浜");
	stats_sites_free(sites, n);
	store_inject_step_failure(f->s, 2, SQLITE_IOERR);
	assert_int_equal(stats_sites(f->s, &f->cfg, &sites, &n, &f->err), ST_IOERR);
	store_inject_step_failure(f->s, 0, 0);
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
 * end; call B's codes end, referrals end; the resource 1 row; follow-ups
 * due end, waiting end, contacted or closed end; debriefs requested end,
 * done end; help requests end; the audit trail's table 1 row and its head
 * end. 19 in all: failing any of them fails the count, and a 20th never
 * comes. A call of 1970 has its local hour from SQLite: calls 1 row + end,
 * that hour 1 row, codes end, referrals end, follow-ups 3 ends, the duty
 * room 3 ends, audit 2: 13 in all. */
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
	assert_int_equal(steps_until_ok(f, stats_period_day(day("2026-11-22"))), 20);
	assert_int_equal(f->st.calls, 2);
	assert_int_equal(f->st.referrals, 1);
	assert_int_equal(steps_until_ok(f, stats_period_day(day("1970-06-01"))), 14);
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
	assert_false(stats_period_has_series(&p));
	p = stats_period_range(day("2026-01-10"), day("2026-01-31"));
	assert_true(stats_period_partial_month(&p));
	p = stats_period_month(2026, 2);
	assert_false(stats_period_partial_month(&p));
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
		cmocka_unit_test_setup_teardown(test_fiscal_year_series, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_agrees_with_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_bar_scale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_confirmation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_cut_marked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_urgent_by_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consultations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consultations_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_series_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duration_median_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
