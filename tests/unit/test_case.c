/* Continuation around the case: follow-ups that later calls on the case
 * contact, waiting for the caller, results, the case summary, its search,
 * its note and the reads of notes; and the core helpers the form calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/store.h"
#include "soudan/timeutil.h"

#define CODE "K7Q2-9MXD"

#include "store_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_open("case", "soudan.db");

	*state = f;
	return 0;
}

/* A call on the case at local time start, by op, with outcome (NULL: none)
 * and next contact (NULL: none). */
static void make(struct call *c, const char *start, const char *op, const char *outcome,
		 const char *next)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup("横浜");
	c->operator_name = xstrdup(op);
	assert_true(time_parse_iso(start, &c->started_at));
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	call_set(&c->coded[CF_OUTCOME], outcome);
	call_set(&c->next_contact, next);
	c->case_code = xstrdup(CODE);
	call_set(&c->notes, "相談記録");
}

static long sql_long(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	long v;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->s), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void insert(struct fixture *f, const struct call *c)
{
	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(store_call_insert(f->s, c, &f->err), ST_OK);
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
}

static int count_row(const struct call_row *r, void *ctx)
{
	(void)r;
	++*(int *)ctx;
	return 0;
}

static int followups_until(struct fixture *f, const char *until)
{
	int n = 0;

	assert_int_equal(store_followups(f->s, until, NULL, 0, NULL, count_row, &n, &f->err), ST_OK);
	return n;
}

/* Ticking a serious risk calls for urgency "urgent"; others do not. */
static void test_urgency_from_risks(void **state)
{
	struct fixture *f = *state;
	struct call c;

	call_init(&c);
	assert_null(call_urgency_from_risks(&c, &f->cfg));
	strlist_add(&c.multi[CM_RISKS], "suicidal");
	assert_null(call_urgency_from_risks(&c, &f->cfg));
	strlist_add(&c.multi[CM_RISKS], "plan");
	assert_string_equal(call_urgency_from_risks(&c, &f->cfg), "urgent");
	strlist_clear(&c.multi[CM_RISKS]);
	strlist_add(&c.multi[CM_RISKS], "harm_others");
	assert_string_equal(call_urgency_from_risks(&c, &f->cfg), "urgent");
	call_free(&c);
}

/* A debrief is proposed after an urgent call or a long one (60 minutes by
 * default, counted to now while the timer runs), with the reason's key. */
static void test_debrief_proposed(void **state)
{
	struct fixture *f = *state;
	const char *why = "x";
	struct call c;

	make(&c, "2026-11-22T10:00:00+09:00", "tanaka", NULL, NULL);
	assert_false(call_debrief_proposed(&c, &f->cfg, c.started_at + 3599, &why));
	assert_null(why);
	assert_true(call_debrief_proposed(&c, &f->cfg, c.started_at + 3600, &why));
	assert_string_equal(why, "long");
	/* ended: its own length, whatever the time now */
	c.ended_at = c.started_at + 600;
	assert_false(call_debrief_proposed(&c, &f->cfg, c.started_at + 7200, &why));
	call_set(&c.coded[CF_URGENCY], "urgent");
	assert_true(call_debrief_proposed(&c, &f->cfg, c.started_at + 7200, &why));
	assert_string_equal(why, "urgent");
	/* 0 minutes: never by length; a list without the key: no reason */
	call_set(&c.coded[CF_URGENCY], "watch");
	c.ended_at = c.started_at + 7200;
	f->cfg.debrief_after_minutes = 0;
	assert_false(call_debrief_proposed(&c, &f->cfg, c.ended_at, &why));
	f->cfg.debrief_after_minutes = 60;
	free(f->cfg.lists[LIST_DEBRIEF_REASON].codes[2].key);
	f->cfg.lists[LIST_DEBRIEF_REASON].codes[2].key = xstrdup("lengthy");
	assert_true(call_debrief_proposed(&c, &f->cfg, c.ended_at, &why));
	assert_null(why);
	call_free(&c);
}

/* What a screen's save asks of a continued call. */
static void test_validate_followup(void **state)
{
	struct call c;
	struct error err;

	(void)state;
	make(&c, "2026-11-22T10:00:00+09:00", "tanaka", "phone", NULL);
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_DATAERR);
	assert_string_equal(err.field, "next_contact");
	c.followup_state = FOLLOWUP_WAITING;
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_OK);
	call_set(&c.next_contact, "2026-12-01");
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_DATAERR);
	assert_string_equal(err.field, "followup");
	c.followup_state = FOLLOWUP_OPEN;
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_OK);
	call_set(&c.next_contact, "2026-11-28");
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_DATAERR);
	assert_non_null(strstr(err.msg, "before today"));
	/* a date the call was saved with stays, even when past */
	assert_int_equal(call_validate_followup(&c, "2026-11-29", "2026-11-28", &err), ST_OK);
	assert_int_equal(call_validate_followup(&c, NULL, NULL, &err), ST_OK);
	/* a closed call needs neither */
	call_set(&c.coded[CF_OUTCOME], "closed");
	call_set(&c.next_contact, NULL);
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_OK);
	c.followup_state = FOLLOWUP_WAITING;
	assert_int_equal(call_validate_followup(&c, "2026-11-29", NULL, &err), ST_DATAERR);
	call_free(&c);
}

/* Each state goes out as JSON and comes back the same; what does not fit
 * its state is refused. */
static void test_followup_json(void **state)
{
	struct fixture *f = *state;
	static const char *const objs[] = {
		"{\"state\":\"waiting\"}",
		"{\"state\":\"contacted\",\"at\":\"2026-11-25T09:00:00+09:00\",\"by\":\"sato\","
		"\"call\":\"22222222-2222-4222-8222-222222222222\"}",
		"{\"state\":\"closed\",\"at\":\"2026-11-25T09:00:00+09:00\",\"by\":\"sato\","
		"\"result\":\"visit\"}",
		"{\"state\":\"closed\",\"at\":\"2026-11-25T09:00:00+09:00\",\"by\":null}",
	};
	static const char *const bad[] = {
		"{\"state\":\"open\"}",
		"{\"state\":\"waiting\",\"at\":\"2026-11-25T09:00:00+09:00\"}",
		"{\"state\":\"contacted\",\"at\":\"2026-11-25T09:00:00+09:00\",\"result\":\"visit\"}",
		"{\"state\":\"closed\",\"at\":\"2026-11-25T09:00:00+09:00\",\"result\":\"lost\"}",
		"{\"state\":\"contacted\",\"at\":\"2026-11-25T09:00:00+09:00\",\"call\":\"x\"}",
	};
	char json[600];

	for (size_t i = 0; i < sizeof objs / sizeof *objs + sizeof bad / sizeof *bad; i++) {
		bool good = i < sizeof objs / sizeof *objs;
		const char *o = good ? objs[i] : bad[i - sizeof objs / sizeof *objs];
		struct call c;
		struct buf b;
		enum status st;

		snprintf(json, sizeof json,
			 "{\"id\":\"11111111-1111-4111-8111-111111111111\",\"site\":\"s\","
			 "\"operator\":\"tanaka\",\"started_at\":\"2026-11-22T10:00:00+09:00\","
			 "\"call_type\":\"consult\",\"case\":\"" CODE "\",\"outcome\":\"phone\","
			 "\"followup\":%s}", o);
		call_init(&c);
		st = store_call_from_json(f->s, json, strlen(json), &c, &f->err);
		if (!st)
			st = call_validate(&c, &f->cfg, &f->err);
		if (!good) {
			assert_int_equal(st, ST_DATAERR);
			assert_string_equal(f->err.field, "followup");
			call_free(&c);
			continue;
		}
		assert_int_equal(st, ST_OK);
		buf_init(&b);
		call_to_json(&c, &b);
		assert_non_null(strstr(b.s, o));
		buf_free(&b);
		call_free(&c);
	}
}

/* A later call on the case contacts the earlier follow-ups: saved, or
 * imported in any order; audited; no longer due. */
static void test_later_call_contacts(void **state)
{
	struct fixture *f = *state;
	struct call a, b, c, back;

	make(&a, "2026-11-01T10:00:00+09:00", "tanaka", "phone", "2026-11-08");
	make(&b, "2026-11-05T10:00:00+09:00", "sato", "visit", "2026-11-20");
	assert_int_equal(store_call_save(f->s, &a, "tanaka", &f->err), ST_OK);
	assert_int_equal(followups_until(f, "2026-12-31"), 1);
	assert_int_equal(store_call_save(f->s, &b, "sato", &f->err), ST_OK);
	assert_int_equal(followups_until(f, "2026-12-31"), 1); /* b's own, not a's */
	assert_int_equal(store_call_get(f->s, a.id, &back, &f->err), ST_OK);
	assert_int_equal(back.followup_state, FOLLOWUP_CONTACTED);
	assert_string_equal(back.followup_call, b.id);
	assert_string_equal(back.followup_closed_by, "sato");
	assert_true(back.followup_closed_at == b.started_at);
	assert_int_equal(back.version, 1); /* an edit of a is no conflict */
	call_free(&back);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'followup_contacted'"
				     " AND operator = 'sato'"), 1);
	/* Imported after the call it precedes: contacted at once; and it is
	 * now the first call after a, whose follow-up it reached. */
	make(&c, "2026-11-03T10:00:00+09:00", "suzuki", "phone", "2026-11-10");
	insert(f, &c);
	assert_int_equal(store_call_get(f->s, c.id, &back, &f->err), ST_OK);
	assert_int_equal(back.followup_state, FOLLOWUP_CONTACTED);
	assert_string_equal(back.followup_call, b.id);
	call_free(&back);
	assert_int_equal(store_call_get(f->s, a.id, &back, &f->err), ST_OK);
	assert_string_equal(back.followup_call, c.id);
	assert_string_equal(back.followup_closed_by, "suzuki");
	call_free(&back);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'followup_contacted'"),
			 3);
	/* Saving a again keeps it contacted. */
	assert_int_equal(store_call_get(f->s, a.id, &back, &f->err), ST_OK);
	back.followup_state = FOLLOWUP_OPEN;
	assert_int_equal(store_call_save(f->s, &back, "tanaka", &f->err), ST_OK);
	call_free(&back);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM calls WHERE followup_state = 'contacted'"
				     " AND followup_call IS NOT NULL"), 2);
	call_free(&a);
	call_free(&b);
	call_free(&c);
}

/* A continued call has a date or waits for the caller; waiting ones are
 * listed; reschedule and close as the follow-up screen does. */
static void test_waiting_close_reschedule(void **state)
{
	struct fixture *f = *state;
	struct call a;
	int64_t total = 0;
	int n = 0;

	make(&a, "2026-11-01T10:00:00+09:00", "tanaka", "phone", NULL);
	assert_int_equal(store_call_save(f->s, &a, "tanaka", &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "next_contact");
	a.followup_state = FOLLOWUP_WAITING;
	assert_int_equal(store_call_save(f->s, &a, "tanaka", &f->err), ST_OK);
	assert_int_equal(store_followups_waiting(f->s, "tanaka", 0, &total, count_row, &n, &f->err),
			 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(followups_until(f, "2099-12-31"), 0);
	assert_int_equal(store_followup_reschedule(f->s, a.id, "2020-01-01", "tanaka", &f->err),
			 ST_DATAERR);
	assert_int_equal(store_followup_reschedule(f->s, a.id, "2099-01-01", "tanaka", &f->err),
			 ST_OK);
	assert_int_equal(followups_until(f, "2099-12-31"), 1);
	n = 0;
	assert_int_equal(store_followups_waiting(f->s, NULL, 0, NULL, count_row, &n, &f->err), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_followup_close(f->s, a.id, "unreachable", "suzuki", &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT followup_state = 'closed' AND followup_result ="
				     " 'unreachable' AND followup_closed_by = 'suzuki' FROM calls"), 1);
	assert_int_equal(store_followup_close(f->s, a.id, "visit", "suzuki", &f->err), ST_CONFLICT);
	assert_int_equal(followups_until(f, "2099-12-31"), 0);
	call_free(&a);
}

static int on_case(const struct case_info *ci, void *ctx)
{
	snprintf(ctx, 16, "%s", ci->code);
	return 0;
}

static void find(struct fixture *f, const char *q, const char *want)
{
	char got[16] = "";

	assert_int_equal(store_cases_find(f->s, q, on_case, got, NULL, &f->err), ST_OK);
	assert_string_equal(got, want);
}

/* Search by the start of the code (case and hyphen as typed) or the nickname. */
static void test_find(void **state)
{
	struct fixture *f = *state;
	struct call a;

	make(&a, "2026-11-01T10:00:00+09:00", "tanaka", NULL, NULL);
	a.nickname = xstrdup("みどり");
	insert(f, &a);
	find(f, "K7Q2", CODE);
	find(f, "k7q2-", CODE);
	find(f, "k7q29m", CODE);
	find(f, "K7Q2-9MXD", CODE);
	find(f, "どり", CODE);
	find(f, "W3Y6", "");
	find(f, "K7Q2-9MXDX", "");
	call_free(&a);
}

static int count_case(const struct case_info *ci, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

/* A search stops at 50 matches, and says how many there are in all. */
static void test_find_total(void **state)
{
	struct fixture *f = *state;
	char code[CASE_CODE_LEN + 1];
	int n = 0, total = -1;

	for (int i = 0; i < 60; i++)
		assert_int_equal(store_case_create(f->s, i % 2 ? "あおい" : "みどり", code, &f->err),
				 ST_OK);
	assert_int_equal(store_cases_find(f->s, "あお", count_case, &n, &total, &f->err), ST_OK);
	assert_int_equal(n, 30);
	assert_int_equal(total, 30);
	n = 0;
	assert_int_equal(store_cases_find(f->s, "り", count_case, &n, &total, &f->err), ST_OK);
	assert_int_equal(n, 30);
	n = 0;
	assert_int_equal(store_case_create(f->s, "みおり", code, &f->err), ST_OK);
	for (int i = 0; i < 30; i++)
		assert_int_equal(store_case_create(f->s, "かおり", code, &f->err), ST_OK);
	assert_int_equal(store_cases_find(f->s, "り", count_case, &n, &total, &f->err), ST_OK);
	assert_int_equal(n, 50);
	assert_int_equal(total, 61);
	assert_int_equal(store_cases_find(f->s, "ZZZZ", count_case, &n, &total, &f->err), ST_OK);
	assert_int_equal(total, 0);
}

/* The summary: first and last call, count, last outcome, every risk and
 * urgency, referrals, pending follow-ups, the note; figures by hand. */
static void test_summary_and_note(void **state)
{
	struct fixture *f = *state;
	struct call a, b, c;
	struct case_summary cs;
	bool found;

	make(&a, "2026-11-01T10:00:00+09:00", "tanaka", "phone", "2026-11-08");
	strlist_add(&a.multi[CM_RISKS], "suicidal");
	a.coded[CF_URGENCY] = xstrdup("watch");
	make(&b, "2026-11-07T10:00:00+09:00", "sato", "interview", "2026-11-20");
	strlist_add(&b.multi[CM_RISKS], "suicidal");
	strlist_add(&b.multi[CM_RISKS], "plan");
	b.coded[CF_URGENCY] = xstrdup("urgent");
	make(&c, "2026-11-22T10:00:00+09:00", "tanaka", NULL, NULL);
	insert(f, &a);
	insert(f, &b);
	insert(f, &c);
	assert_int_equal(store_case_set_note(f->s, CODE, NULL, "来所予定を確認。", "tanaka", &f->err), ST_OK);
	assert_int_equal(store_case_summary(f->s, CODE, &cs, &found, &f->err), ST_OK);
	assert_true(found);
	assert_int_equal(cs.info.calls, 3);
	assert_true(cs.first_call == a.started_at && cs.last_call == c.started_at);
	assert_string_equal(cs.last_outcome, "interview"); /* c has none */
	assert_int_equal(cs.nrisks, 2);
	assert_string_equal(cs.risks[0].key, "suicidal");
	assert_int_equal(cs.risks[0].count, 2);
	assert_string_equal(cs.risks[1].key, "plan");
	assert_int_equal(cs.nurgencies, 2);
	assert_int_equal(cs.nfollowups, 0); /* a by b, b by c */
	assert_string_equal(cs.info.note, "来所予定を確認。");
	case_summary_free(&cs);
	assert_int_equal(store_case_summary(f->s, "W3Y6-2222", &cs, &found, &f->err), ST_OK);
	assert_false(found);
	/* the note is audited by its length, never its words */
	assert_int_equal(sql_long(f, "SELECT json_extract(after, '$.note') FROM audit"
				     " WHERE action = 'case_note'"), (long)strlen("来所予定を確認。"));
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE after LIKE '%来所%'"), 0);
	assert_int_equal(store_case_set_note(f->s, "W3Y6-2222", NULL, "x", "tanaka", &f->err), ST_NOINPUT);
	call_free(&a);
	call_free(&b);
	call_free(&c);
}

/* The note is a checked write: a save from a note someone changed meanwhile
 * is refused (ST_CONFLICT) and writes nothing, nor audits anything. */
static void test_note_conflict(void **state)
{
	struct fixture *f = *state;
	struct case_info ci;
	struct call a;
	bool found;

	make(&a, "2026-11-01T10:00:00+09:00", "tanaka", NULL, NULL);
	insert(f, &a);
	/* two sessions open the box on no note; the first saves */
	assert_int_equal(store_case_set_note(f->s, CODE, "", "水曜に来所。", "tanaka", &f->err),
			 ST_OK);
	assert_int_equal(store_case_set_note(f->s, CODE, NULL, "母と話す。", "sato", &f->err),
			 ST_CONFLICT);
	assert_non_null(strstr(f->err.msg, "meanwhile"));
	assert_int_equal(store_case_get(f->s, CODE, &ci, &found, &f->err), ST_OK);
	assert_string_equal(ci.note, "水曜に来所。");
	case_info_free(&ci);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'case_note'"), 1);
	/* from the note as it is now, the write goes through */
	assert_int_equal(store_case_set_note(f->s, CODE, "水曜に来所。", "水曜に来所。母と話す。",
					     "sato", &f->err), ST_OK);
	/* clearing it, checked too */
	assert_int_equal(store_case_set_note(f->s, CODE, "水曜に来所。", NULL, "tanaka", &f->err),
			 ST_CONFLICT);
	assert_int_equal(store_case_set_note(f->s, CODE, "水曜に来所。母と話す。", "", "tanaka",
					     &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM cases WHERE note IS NULL"), 1);
	assert_int_equal(store_case_set_note(f->s, CODE, NULL, "x", "tanaka", &f->err), ST_OK);
	call_free(&a);
}

/* The audit entry of a note change counts before and after in one unit,
 * bytes, as the calls' notes ("[N bytes]"): a note of kanji measured twice
 * gives the same figure. */
static void test_note_audit_length(void **state)
{
	struct fixture *f = *state;
	struct call a;

	make(&a, "2026-11-01T10:00:00+09:00", "tanaka", NULL, NULL);
	insert(f, &a);
	assert_int_equal(store_case_set_note(f->s, CODE, NULL, "来所予定", "tanaka", &f->err), ST_OK);
	assert_int_equal(store_case_set_note(f->s, CODE, "来所予定", "x", "tanaka", &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT json_extract(after, '$.note') FROM audit"
				     " WHERE action = 'case_note' ORDER BY seq LIMIT 1"), 12);
	assert_int_equal(sql_long(f, "SELECT json_extract(before, '$.note') FROM audit"
				     " WHERE action = 'case_note' ORDER BY seq DESC LIMIT 1"), 12);
	assert_int_equal(sql_long(f, "SELECT json_extract(after, '$.note') FROM audit"
				     " WHERE action = 'case_note' ORDER BY seq DESC LIMIT 1"), 1);
	/* the nickname, the same */
	assert_int_equal(store_case_rename(f->s, CODE, "あお", "tanaka", &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT json_extract(after, '$.nickname') FROM audit"
				     " WHERE action = 'case_rename'"), 6);
	assert_int_equal(store_case_rename(f->s, CODE, NULL, "tanaka", &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT json_extract(before, '$.nickname') FROM audit"
				     " WHERE action = 'case_rename' ORDER BY seq DESC LIMIT 1"), 6);
	call_free(&a);
}

/* Reading notes through the case: an entry per call, who and from where. */
static void test_notes_read(void **state)
{
	struct fixture *f = *state;
	const char *ids[] = {"11111111-1111-4111-8111-111111111111",
			     "22222222-2222-4222-8222-222222222222"};

	assert_int_equal(store_notes_read(f->s, ids, 2, "case", "suzuki", &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'read'"
				     " AND entity = 'call' AND operator = 'suzuki'"
				     " AND json_extract(after, '$.via') = 'case'"), 2);
}

/* Purge blanks the case's note with its nickname. */
static void test_purge_case_note(void **state)
{
	struct fixture *f = *state;
	struct purge_counts n;
	struct call a;

	make(&a, "2020-11-01T10:00:00+09:00", "tanaka", NULL, NULL);
	a.nickname = xstrdup("みどり");
	insert(f, &a);
	assert_int_equal(store_case_set_note(f->s, CODE, NULL, "申し送り", "tanaka", &f->err), ST_OK);
	/* the case was made now: it is old only for a cutoff after today */
	assert_int_equal(store_purge(f->s, time_now() + 86400, false, "tanaka", &n, &f->err), ST_OK);
	assert_int_equal(n.case_notes, 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM cases WHERE note IS NULL"), 1);
	call_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_urgency_from_risks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_debrief_proposed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_followup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_followup_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_later_call_contacts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiting_close_reschedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_and_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_audit_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notes_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_case_note, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
