/* The duty room in the store: the calls in progress across sessions, help
 * requests, the debrief queue and the shift log, each audited. */
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

#include "soudan/report.h"
#include "soudan/stats.h"
#include "soudan/store.h"
#include "soudan/timeutil.h"

#include "store_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_open("duty", "soudan.db");

	*state = f;
	return 0;
}

/* A new call of ours, started ago seconds before now, with notes. */
static void make(struct call *c, int64_t ago, const char *site)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup(site);
	c->operator_name = xstrdup(store_whoami());
	c->started_at = time_now() - ago;
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	call_set(&c->notes, "秘密の相談記録");
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

static void sql_exec(struct fixture *f, const char *sql)
{
	assert_int_equal(sqlite3_exec(store_db(f->s), sql, NULL, NULL, NULL), SQLITE_OK);
}

struct rows {
	struct duty_call v[8];
	int n;
};

static int on_duty(const struct duty_call *c, void *ctx)
{
	struct rows *r = ctx;

	if (r->n < 8)
		r->v[r->n++] = *c;
	return 0;
}

static void in_progress(struct fixture *f, struct rows *r)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(store_calls_in_progress(f->s, 0, on_duty, r, &f->err), ST_OK);
}

/* Calls being taken in this and other sessions, without their notes: a
 * live one, one whose session stopped beating, one parked as a draft; an
 * edit of a saved call and a draft kept apart are not calls in progress. */
static void test_calls_in_progress(void **state)
{
	struct fixture *f = *state;
	struct call a, b, c, saved;
	struct rows r;
	char sql[256];

	in_progress(f, &r);
	assert_int_equal(r.n, 0);
	make(&a, 600, "横浜");
	call_set(&a.coded[CF_URGENCY], "urgent");
	strlist_add(&a.multi[CM_RISKS], "suicidal");
	strlist_add(&a.multi[CM_RISKS], "plan");
	assert_int_equal(store_draft_put(f->s, &a, &f->err), ST_OK);
	make(&b, 300, "川崎");
	b.ended_at = b.started_at + 120;
	assert_int_equal(store_draft_put(f->s, &b, &f->err), ST_OK);
	make(&c, 60, "横浜");
	assert_int_equal(store_draft_put(f->s, &c, &f->err), ST_OK);
	/* b's session dropped: another session's lease, beaten long ago */
	snprintf(sql, sizeof sql, "UPDATE leases SET session = 'other', host = 'thin-01',"
		 " heartbeat = heartbeat - 60 WHERE record_id = '%s'", b.id);
	sql_exec(f, sql);
	/* c kept as a draft: nobody holds it */
	assert_int_equal(store_lease_release(f->s, c.id, &f->err), ST_OK);
	/* a saved call opened for editing, and a copy kept apart */
	make(&saved, 7200, "横浜");
	assert_int_equal(store_call_save(f->s, &saved, store_whoami(), &f->err), ST_OK);
	assert_int_equal(store_draft_put(f->s, &saved, &f->err), ST_OK);
	assert_int_equal(store_draft_write(f->s, "00000000-0000-4000-8000-000000000001", &a, NULL,
					   &f->err), ST_OK);

	in_progress(f, &r);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].call_id, a.id); /* oldest start first */
	assert_string_equal(r.v[0].operator_name, store_whoami());
	assert_string_equal(r.v[0].site, "横浜");
	assert_int_equal(r.v[0].started_at, a.started_at);
	assert_int_equal(r.v[0].ended_at, 0);
	assert_true(r.v[0].length >= 600 && r.v[0].length <= 602);
	assert_string_equal(r.v[0].urgency, "urgent");
	assert_string_equal(r.v[0].risks, "suicidal plan");
	assert_int_equal(r.v[0].holder, DUTY_LIVE);
	assert_true(r.v[0].mine);
	assert_int_equal(r.v[0].help.raised_at, 0);
	assert_string_equal(r.v[1].call_id, b.id);
	assert_int_equal(r.v[1].length, 120); /* ended: its own length */
	assert_int_equal(r.v[1].holder, DUTY_GONE);
	assert_false(r.v[1].mine);
	assert_string_equal(r.v[1].host, "thin-01");
	assert_string_equal(r.v[1].urgency, "");
	assert_string_equal(r.v[1].risks, "");
	assert_string_equal(r.v[2].call_id, c.id);
	assert_int_equal(r.v[2].holder, DUTY_PARKED);
	assert_string_equal(r.v[2].host, "");
	/* a limit; and saving a call takes it off the list */
	memset(&r, 0, sizeof r);
	assert_int_equal(store_calls_in_progress(f->s, 1, on_duty, &r, &f->err), ST_OK);
	assert_int_equal(r.n, 1);
	assert_int_equal(store_call_save(f->s, &a, store_whoami(), &f->err), ST_OK);
	in_progress(f, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].call_id, b.id);
	call_free(&a);
	call_free(&b);
	call_free(&c);
	call_free(&saved);
}

/* A help request: raised once however often pressed, seen by a supervisor
 * only, audited, shown on the operator's call; raised again after that. */
static void test_help_requests(void **state)
{
	struct fixture *f = *state;
	const char *me = store_whoami();
	struct help_state h, again;
	struct call a, b;
	struct rows r;
	int64_t raised;

	make(&a, 120, "横浜");
	/* no draft written yet: the call just started */
	assert_int_equal(store_help_state(f->s, a.id, &h, &f->err), ST_OK);
	assert_int_equal(h.raised_at, 0);
	assert_int_equal(store_help_raise(f->s, &a, me, 0, &h, &f->err), ST_OK);
	assert_true(h.raised_at > 0);
	assert_string_equal(h.raised_by, me);
	assert_int_equal(h.acked_at, 0);
	raised = h.raised_at;
	assert_int_equal(store_help_raise(f->s, &a, me, 0, &again, &f->err), ST_OK);
	assert_int_equal(again.raised_at, raised);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM help_requests"), 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'help_raise'"), 1);
	/* the supervisors' list, the oldest first, and the call's row */
	make(&b, 60, "川崎");
	assert_int_equal(store_draft_put(f->s, &b, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &b, me, 0, &h, &f->err), ST_OK);
	in_progress(f, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].help.raised_at, h.raised_at);
	assert_int_equal(r.v[0].help.acked_at, 0);
	/* an operator cannot acknowledge */
	assert_int_equal(store_help_ack(f->s, a.id, me, &h, &f->err), ST_NOPERM);
	assert_int_equal(store_help_state(f->s, a.id, &h, &f->err), ST_OK);
	assert_int_equal(h.acked_at, 0);
	store_set_supervisor(f->s, true);
	assert_int_equal(store_help_ack(f->s, b.id, "suzuki", &h, &f->err), ST_OK);
	assert_string_equal(h.acked_by, "suzuki");
	assert_true(h.acked_at >= h.raised_at);
	/* the same supervisor again (a key pressed twice) is no conflict, and
	 * writes nothing more */
	assert_int_equal(store_help_ack(f->s, b.id, "suzuki", &h, &f->err), ST_OK);
	assert_string_equal(h.acked_by, "suzuki");
	assert_int_equal(store_help_ack(f->s, b.id, "sato", &h, &f->err), ST_CONFLICT);
	assert_non_null(strstr(f->err.msg, "suzuki acknowledged it at"));
	assert_string_equal(h.acked_by, "suzuki");
	assert_int_equal(store_help_ack(f->s, "no-such-call", "sato", &h, &f->err), ST_NOINPUT);
	in_progress(f, &r);
	assert_string_equal(r.v[0].help.acked_by, "suzuki");
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'help_ack'"
				     " AND json_extract(after, '$.raised_by') IS NOT NULL"), 1);
	/* once seen, a new press is a new request, a greater number */
	raised = h.seq;
	assert_int_equal(store_help_raise(f->s, &b, me, 0, &h, &f->err), ST_OK);
	assert_int_equal(h.acked_at, 0);
	assert_true(h.seq > raised);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM help_requests"), 3);
	/* the time given is the key's (a busy database does not shorten the
	 * wait); one still to come is now */
	assert_int_equal(store_help_ack(f->s, b.id, "suzuki", &h, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &b, me, time_now() - 40, &h, &f->err), ST_OK);
	assert_true(time_now() - h.raised_at >= 40 && time_now() - h.raised_at < 45);
	assert_int_equal(store_help_ack(f->s, b.id, "suzuki", &h, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &b, me, time_now() + 3600, &h, &f->err), ST_OK);
	assert_true(h.raised_at <= time_now());
	store_set_supervisor(f->s, false);
	call_free(&a);
	call_free(&b);
}

struct helps {
	struct help_request v[4];
	int n;
};

static int on_help(const struct help_request *h, void *ctx)
{
	struct helps *x = ctx;

	if (x->n < 4)
		x->v[x->n++] = *h;
	return 0;
}

/* The supervisors' list: open requests, the one waiting longest first,
 * saying whether the call is still being taken; another's call needs a
 * supervisor. */
static void test_help_open_list(void **state)
{
	struct fixture *f = *state;
	const char *me = store_whoami();
	struct help_state h;
	struct call a, b, other;
	struct helps x = {0};

	make(&a, 120, "横浜");
	make(&b, 60, "川崎");
	assert_int_equal(store_draft_put(f->s, &b, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &b, me, 0, &h, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &a, me, 0, &h, &f->err), ST_OK);
	sql_exec(f, "UPDATE help_requests SET raised_at = raised_at - 30 WHERE seq = 2");
	assert_int_equal(store_help_open(f->s, on_help, &x, &f->err), ST_OK);
	assert_int_equal(x.n, 2);
	assert_string_equal(x.v[0].call_id, a.id);
	assert_false(x.v[0].in_progress);
	assert_string_equal(x.v[0].site, "横浜");
	assert_string_equal(x.v[1].call_id, b.id);
	assert_true(x.v[1].in_progress);
	assert_string_equal(x.v[1].state.raised_by, me);
	assert_true(x.v[0].state.seq > x.v[1].state.seq); /* a was raised second */
	/* a saved call of another operator */
	make(&other, 900, "横浜");
	call_set(&other.operator_name, "tanaka");
	store_set_supervisor(f->s, true);
	assert_int_equal(store_call_save(f->s, &other, "tanaka", &f->err), ST_OK);
	store_set_supervisor(f->s, false);
	sql_exec(f, "UPDATE calls SET operator = 'tanaka'");
	assert_int_equal(store_help_raise(f->s, &other, me, 0, &h, &f->err), ST_NOPERM);
	store_set_supervisor(f->s, true);
	assert_int_equal(store_help_raise(f->s, &other, me, 0, &h, &f->err), ST_OK);
	store_set_supervisor(f->s, false);
	call_free(&a);
	call_free(&b);
	call_free(&other);
}

struct items {
	struct debrief_item v[4];
	int n;
};

static int on_debrief(const struct debrief_item *d, void *ctx)
{
	struct items *x = ctx;

	if (x->n < 4)
		x->v[x->n++] = *d;
	return 0;
}

static int64_t waiting(struct fixture *f, struct items *x)
{
	int64_t total = -1;

	memset(x, 0, sizeof *x);
	assert_int_equal(store_debriefs_waiting(f->s, 0, &total, on_debrief, x, &f->err), ST_OK);
	return total;
}

/* A call saved with its debrief flag enters the queue with the reason the
 * form chose (kept with its draft, read back with the call); another
 * reason while it waits replaces it; a supervisor marks it done, once; a
 * call unflagged while waiting leaves; an import enters nothing. */
static void test_debrief_queue(void **state)
{
	struct fixture *f = *state;
	const char *me = store_whoami();
	struct call a, b, back, imported;
	struct debrief_item d;
	struct items x;
	bool found;

	make(&a, 4000, "横浜");
	a.ended_at = time_now();
	a.debrief = true;
	call_set(&a.debrief_reason, "long");
	assert_int_equal(call_validate(&a, &f->cfg, &f->err), ST_OK);
	/* the reason rides with the draft */
	assert_int_equal(store_draft_put(f->s, &a, &f->err), ST_OK);
	assert_int_equal(store_draft_get(f->s, a.id, &back, &f->err), ST_OK);
	assert_string_equal(back.debrief_reason, "long");
	call_free(&back);
	assert_int_equal(store_call_save(f->s, &a, me, &f->err), ST_OK);
	assert_int_equal(store_debrief_get(f->s, a.id, &d, &found, &f->err), ST_OK);
	assert_true(found);
	assert_string_equal(d.reason, "long");
	assert_string_equal(d.operator_name, me);
	assert_string_equal(d.requested_by, me);
	assert_string_equal(d.site, "横浜");
	assert_int_equal(d.started_at, a.started_at);
	assert_true(d.requested_at > 0);
	assert_int_equal(d.done_at, 0);
	assert_int_equal(store_call_get(f->s, a.id, &back, &f->err), ST_OK);
	assert_string_equal(back.debrief_reason, "long");
	call_free(&back);
	/* not in the export: the JSON has only the flag */
	{
		struct buf j;

		buf_init(&j);
		call_to_json(&a, &j);
		assert_null(strstr(j.s, "debrief_reason"));
		assert_non_null(strstr(j.s, "\"debrief\":true"));
		buf_free(&j);
	}
	/* another reason while it waits */
	call_set(&a.debrief_reason, "abuse");
	assert_int_equal(store_call_save(f->s, &a, me, &f->err), ST_OK);
	assert_int_equal(waiting(f, &x), 1);
	assert_int_equal(x.n, 1);
	assert_string_equal(x.v[0].reason, "abuse");
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'debrief_request'"
				     " AND json_extract(before, '$.reason') = 'long'"
				     " AND json_extract(after, '$.reason') = 'abuse'"), 1);
	/* an unknown reason is refused by validation */
	call_set(&a.debrief_reason, "tired");
	assert_int_equal(call_validate(&a, &f->cfg, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "debrief_reason");
	call_set(&a.debrief_reason, "abuse");
	/* supervisors mark it done, once */
	assert_int_equal(store_debrief_done(f->s, a.id, me, &f->err), ST_NOPERM);
	store_set_supervisor(f->s, true);
	assert_int_equal(store_debrief_done(f->s, a.id, "suzuki", &f->err), ST_OK);
	assert_int_equal(store_debrief_done(f->s, a.id, "suzuki", &f->err), ST_OK); /* again */
	assert_int_equal(store_debrief_done(f->s, a.id, "sato", &f->err), ST_CONFLICT);
	assert_non_null(strstr(f->err.msg, "suzuki"));
	assert_int_equal(store_debrief_done(f->s, "no-such-call", "sato", &f->err), ST_NOINPUT);
	store_set_supervisor(f->s, false);
	assert_int_equal(waiting(f, &x), 0);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'debrief_done'"
				     " AND operator = 'suzuki' AND json_extract(after, '$.reason')"
				     " = 'abuse' AND json_extract(after, '$.waited') >= 0"), 1);
	/* done stays done, whatever the flag says later */
	a.debrief = false;
	assert_int_equal(store_call_save(f->s, &a, me, &f->err), ST_OK);
	assert_int_equal(store_debrief_get(f->s, a.id, &d, &found, &f->err), ST_OK);
	assert_true(found);
	assert_string_equal(d.done_by, "suzuki");
	/* flagged without a reason, then unflagged while it waits */
	make(&b, 100, "川崎");
	b.debrief = true;
	assert_int_equal(store_call_save(f->s, &b, me, &f->err), ST_OK);
	assert_int_equal(waiting(f, &x), 1);
	assert_string_equal(x.v[0].reason, "");
	b.debrief = false;
	assert_int_equal(store_call_save(f->s, &b, me, &f->err), ST_OK);
	assert_int_equal(waiting(f, &x), 0);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'debrief_withdraw'"),
			 1);
	/* an import is history: nothing queued */
	make(&imported, 9000, "横浜");
	imported.debrief = true;
	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(store_call_insert(f->s, &imported, &f->err), ST_OK);
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM debriefs"), 1);
	call_free(&a);
	call_free(&b);
	call_free(&imported);
}

static enum status log_add(struct fixture *f, char *id, const char *site, const char *text,
			   bool *flagged)
{
	id_new(id);
	return store_shift_log_add(f->s, id, site, text, store_whoami(), flagged, &f->err);
}

/* The shift log: entries written, listed newest first or by period, a
 * retry written once, audited by length, refused when not visible text,
 * flagged when they look identifying, taken back by their author or a
 * supervisor, removed by purge with the notes. */
static void test_shift_log(void **state)
{
	struct fixture *f = *state;
	const char *text = "夜間帯は電話が多かった。\n明日は家族会の案内資料を補充。";
	char id1[ID_LEN + 1], id2[ID_LEN + 1], id3[ID_LEN + 1], sql[256];
	struct shift_log l;
	struct purge_counts n;
	bool flagged = true;
	char big[SHIFT_LOG_MAX + 2];

	assert_int_equal(log_add(f, id1, "横浜", text, &flagged), ST_OK);
	assert_false(flagged);
	/* a retry whose answer was lost: written once */
	assert_int_equal(store_shift_log_add(f->s, id1, "横浜", text, store_whoami(), NULL, &f->err),
			 ST_OK);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM shift_log"), 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'shift_log_add'"), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = 'shift_log_add' AND"
		 " json_extract(after, '$.text') = '[%zu bytes]' AND instr(after, '家族会') = 0",
		 strlen(text));
	assert_int_equal(sql_long(f, sql), 1);
	assert_int_equal(log_add(f, id2, "川崎", "明日の朝、090-1234-5678 へ折り返し", &flagged),
			 ST_OK);
	assert_true(flagged);
	assert_int_equal(log_add(f, id3, "横浜", "特になし", NULL), ST_OK);
	/* not visible text */
	assert_int_equal(log_add(f, big, "横浜", " \n　", NULL), ST_DATAERR);
	assert_string_equal(f->err.field, "text");
	assert_int_equal(log_add(f, big, "横浜", "画面が\x1b[2J消える", NULL), ST_DATAERR);
	assert_int_equal(log_add(f, big, "横浜", "bad \xff byte", NULL), ST_DATAERR);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	{
		char id[ID_LEN + 1];

		assert_int_equal(log_add(f, id, "横浜", big, NULL), ST_DATAERR);
		big[SHIFT_LOG_MAX] = '\0';
		assert_int_equal(log_add(f, id, "横浜", big, NULL), ST_OK);
	}
	assert_int_equal(store_shift_log_add(f->s, "not-an-id", "横浜", "x", "me", NULL, &f->err),
			 ST_DATAERR);
	/* when: id1 yesterday, id2 an hour ago, id3 and the long one now */
	snprintf(sql, sizeof sql, "UPDATE shift_log SET at = at - 86400 WHERE id = '%s';"
		 " UPDATE shift_log SET at = at - 3600 WHERE id = '%s'", id1, id2);
	sql_exec(f, sql);
	assert_int_equal(store_shift_log_latest(f->s, NULL, 0, 2, &l, &f->err), ST_OK);
	assert_int_equal(l.n, 2);
	assert_true(strcmp(l.v[0].id, id3) == 0 || strcmp(l.v[1].id, id3) == 0);
	shift_log_free(&l);
	assert_int_equal(store_shift_log_latest(f->s, "横浜", 0, 0, &l, &f->err), ST_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2].id, id1); /* the oldest last */
	assert_string_equal(l.v[2].text, text);
	assert_string_equal(l.v[2].author, store_whoami());
	assert_string_equal(l.v[2].site, "横浜");
	shift_log_free(&l);
	assert_int_equal(store_shift_log_latest(f->s, NULL, time_now() - 7200, 0, &l, &f->err),
			 ST_OK);
	assert_int_equal(l.n, 3); /* not yesterday's */
	shift_log_free(&l);
	assert_int_equal(store_shift_log_between(f->s, time_now() - 90000, time_now() - 60, NULL,
						 &l, &f->err), ST_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].id, id1); /* oldest first */
	assert_string_equal(l.v[1].id, id2);
	assert_true(l.v[1].flagged);
	assert_string_equal(l.v[1].site, "川崎");
	shift_log_free(&l);
	/* taken back: by a supervisor or its author only */
	sql_exec(f, "UPDATE shift_log SET author = 'tanaka'");
	assert_int_equal(store_shift_log_remove(f->s, id2, store_whoami(), &f->err), ST_NOPERM);
	store_set_supervisor(f->s, true);
	assert_int_equal(store_shift_log_remove(f->s, id2, store_whoami(), &f->err), ST_OK);
	assert_int_equal(store_shift_log_remove(f->s, id2, store_whoami(), &f->err), ST_NOINPUT);
	store_set_supervisor(f->s, false);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM audit WHERE action = 'shift_log_remove'"
				     " AND json_extract(before, '$.author') = 'tanaka'"
				     " AND instr(before, '090') = 0"), 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM wipes"), 0); /* wiped at once */
	/* purge: yesterday's entry goes, whatever legal holds there are */
	assert_int_equal(store_purge(f->s, time_now() - 3600, true, "sv", &n, &f->err), ST_OK);
	assert_int_equal(n.shift_log, 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM shift_log"), 3);
	assert_int_equal(store_purge(f->s, time_now() - 3600, false, "sv", &n, &f->err), ST_OK);
	assert_int_equal(n.shift_log, 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM shift_log"), 2);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM shift_log WHERE id = '%s'", id1);
	assert_int_equal(sql_long(f, sql), 0);
	assert_int_equal(sql_long(f, "SELECT json_extract(after, '$.shift_log') FROM audit"
				     " WHERE action = 'purge'"), 1);
}

/* The printed report has this line, whole. */
static void has_line(const char *text, const char *fmt, ...)
{
	char want[200], line[204];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "\n%s\n", want);
	if (!strstr(text, line))
		fail_msg("no line \"%s\"", want);
}

/* A saved call of ours that started at local time start, flagged for a
 * debrief with reason (NULL: none given). */
static void saved_flagged(struct fixture *f, struct call *c, const char *start,
			  const char *site, const char *reason)
{
	make(c, 0, site);
	assert_true(time_parse_iso(start, &c->started_at));
	c->ended_at = c->started_at + 600;
	c->debrief = true;
	call_set(&c->debrief_reason, reason);
	assert_int_equal(store_call_save(f->s, c, store_whoami(), &f->err), ST_OK);
}

/* Set a column of the duty room to a local time, for one call. */
static void at(struct fixture *f, const char *table, const char *column, const char *when,
	       const struct call *c)
{
	char sql[300];

	snprintf(sql, sizeof sql, "UPDATE %s SET %s = unixepoch('%s') WHERE call_id = '%s'",
		 table, column, when, c->id);
	sql_exec(f, sql);
}

static void collect(struct fixture *f, struct stats_period p, const char *site, struct stats *st)
{
	assert_int_equal(stats_collect(f->s, &f->cfg, &p, site, st, &f->err), ST_OK);
}

static char *json_at(const char *json, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *out = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_extract(?1, ?2)", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void assert_json(const char *json, const char *path, const char *want)
{
	char *got = json_at(json, path);

	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: %s, wanted %s", path, got ? got : "null", want);
	free(got);
}

/* The day report's duty room, worked out by hand. Three calls of
 * 2026-11-22, all flagged: a (urgent, requested 22nd 10:00, done 22nd
 * 11:00), b (long, requested 22nd 23:30, done 23rd 08:00), c (at 川崎, no
 * reason, requested 23rd 09:00, waiting). Help on each: a raised 22nd
 * 10:05, acknowledged 65 s later; b raised 22nd 12:00, 180 s; c raised 23rd
 * 00:30, never acknowledged.
 *   22nd: requested 2 (urgent 1, long 1), done 1 (urgent 1); help raised 2,
 *         acknowledged 2, mean (65 + 180) / 2 = 122.5 s, longest 180 s.
 *   23rd: requested 1 (no reason: in no row of the reasons), done 1 (long);
 *         help raised 1, acknowledged 0, mean 0.
 *   The month: the sum, the waits over all three: mean 122.5, longest 180.
 *   At 川崎 on the 23rd: requested 1, done 0, help raised 1. */
static void test_report_figures(void **state)
{
	struct fixture *f = *state;
	struct call a, b, c;
	struct help_state h;
	struct stats st;
	struct date d22 = {2026, 11, 22}, d23 = {2026, 11, 23};
	struct report_options o = {false, false, false, 0, NULL};
	struct buf out;

	config_use_japanese(&f->cfg, false);
	saved_flagged(f, &a, "2026-11-22T09:00:00+09:00", "横浜", "urgent");
	saved_flagged(f, &b, "2026-11-22T22:00:00+09:00", "横浜", "long");
	saved_flagged(f, &c, "2026-11-22T23:50:00+09:00", "川崎", NULL);
	store_set_supervisor(f->s, true);
	assert_int_equal(store_debrief_done(f->s, a.id, "suzuki", &f->err), ST_OK);
	assert_int_equal(store_debrief_done(f->s, b.id, "suzuki", &f->err), ST_OK);
	at(f, "debriefs", "requested_at", "2026-11-22T01:00:00Z", &a);
	at(f, "debriefs", "done_at", "2026-11-22T02:00:00Z", &a);
	at(f, "debriefs", "requested_at", "2026-11-22T14:30:00Z", &b);
	at(f, "debriefs", "done_at", "2026-11-22T23:00:00Z", &b);
	at(f, "debriefs", "requested_at", "2026-11-23T00:00:00Z", &c);
	assert_int_equal(store_help_raise(f->s, &a, store_whoami(), 0, &h, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &b, store_whoami(), 0, &h, &f->err), ST_OK);
	assert_int_equal(store_help_raise(f->s, &c, store_whoami(), 0, &h, &f->err), ST_OK);
	assert_int_equal(store_help_ack(f->s, a.id, "suzuki", &h, &f->err), ST_OK);
	assert_int_equal(store_help_ack(f->s, b.id, "suzuki", &h, &f->err), ST_OK);
	store_set_supervisor(f->s, false);
	at(f, "help_requests", "raised_at", "2026-11-22T01:05:00Z", &a);
	at(f, "help_requests", "acked_at", "2026-11-22T01:06:05Z", &a);
	at(f, "help_requests", "raised_at", "2026-11-22T03:00:00Z", &b);
	at(f, "help_requests", "acked_at", "2026-11-22T03:03:00Z", &b);
	at(f, "help_requests", "raised_at", "2026-11-22T15:30:00Z", &c);

	collect(f, stats_period_day(d22), NULL, &st);
	assert_int_equal(st.debriefs, 3);
	assert_int_equal(st.debriefs_requested, 2);
	assert_int_equal(stats_count(&st.debriefs_by_reason, "urgent"), 1);
	assert_int_equal(stats_count(&st.debriefs_by_reason, "long"), 1);
	assert_int_equal(st.debriefs_done, 1);
	assert_int_equal(stats_count(&st.debriefs_done_by_reason, "urgent"), 1);
	assert_int_equal(st.help_raised, 2);
	assert_int_equal(st.help_acknowledged, 2);
	assert_true(st.help_wait_mean == 122.5);
	assert_int_equal(st.help_wait_max, 180);
	/* the printed day: the section and the table by reason */
	buf_init(&out);
	report_text(&out, &st, &f->cfg, &o);
	has_line(out.s, "  %-40s%8d", "Debriefs requested", 2);
	has_line(out.s, "  %-40s%8d", "Help requests acknowledged", 2);
	has_line(out.s, "  %-36s%12s", "Mean time to acknowledge", "0:02:03");
	has_line(out.s, "  %-36s%12s", "Longest time to acknowledge", "0:03:00");
	has_line(out.s, "  %-40s%8d%8d", "emergency response", 1, 1);
	has_line(out.s, "  %-40s%8d%8d", "a long call", 1, 0);
	buf_reset(&out);
	report_json(&out, &st, &f->cfg, NULL);
	assert_json(out.s, "$.debriefs_by_reason", "{\"urgent\":1,\"abuse\":0,\"long\":1,"
		    "\"unsure\":0,\"other\":0}");
	assert_json(out.s, "$.help_requests", "{\"raised\":2,\"acknowledged\":2,"
		    "\"mean_seconds_to_acknowledge\":122.5,\"max_seconds_to_acknowledge\":180}");
	buf_reset(&out);
	report_csv(&out, &st, &f->cfg, &o);
	assert_non_null(strstr(out.s, "\r\ndebriefs_done_by_reason,urgent,emergency response,1\r\n"));
	assert_non_null(strstr(out.s, "\r\nhelp_requests,mean_seconds_to_acknowledge,"
				      "Mean seconds to acknowledge,122.5\r\n"));
	stats_free(&st);

	collect(f, stats_period_day(d23), NULL, &st);
	assert_int_equal(st.debriefs, 0);
	assert_int_equal(st.debriefs_requested, 1);
	assert_int_equal(st.debriefs_by_reason.n, 0);
	assert_int_equal(st.debriefs_done, 1);
	assert_int_equal(stats_count(&st.debriefs_done_by_reason, "long"), 1);
	assert_int_equal(st.help_raised, 1);
	assert_int_equal(st.help_acknowledged, 0);
	assert_true(st.help_wait_mean == 0.0);
	stats_free(&st);

	collect(f, stats_period_day(d23), "川崎", &st);
	assert_int_equal(st.debriefs_requested, 1);
	assert_int_equal(st.debriefs_done, 0);
	assert_int_equal(st.help_raised, 1);
	stats_free(&st);

	collect(f, stats_period_month(2026, 11), NULL, &st);
	assert_int_equal(st.debriefs_requested, 3);
	assert_int_equal(st.debriefs_done, 2);
	assert_int_equal(st.help_raised, 3);
	assert_int_equal(st.help_acknowledged, 2);
	assert_true(st.help_wait_mean == 122.5);
	assert_int_equal(st.help_wait_max, 180);
	assert_int_equal(st.series[21].debriefs_requested, 2);
	assert_int_equal(st.series[21].help_acknowledged, 2);
	assert_int_equal(st.series[22].debriefs_done, 1);
	assert_int_equal(stats_count(&st.series[22].debriefs_done_by_reason, "long"), 1);
	assert_int_equal(st.series[22].help_raised, 1);
	buf_reset(&out);
	report_json(&out, &st, &f->cfg, NULL);
	assert_json(out.s, "$.series[21].help_requests.mean_seconds_to_acknowledge", "122.5");
	assert_json(out.s, "$.series[22].debriefs_requested", "1");
	buf_reset(&out);
	report_text(&out, &st, &f->cfg, &o);
	assert_non_null(strstr(out.s, "\nDebriefs and help requests by day\n"));
	has_line(out.s, "  %-18s%10d%10d%10d%10d", "2026-11-22 (Sun)", 2, 1, 2, 2);
	has_line(out.s, "  %-18s%10d%10d%10d%10d", "2026-11-23 (Mon)", 1, 1, 1, 0);
	stats_free(&st);
	buf_free(&out);
	call_free(&a);
	call_free(&b);
	call_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_calls_in_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_open_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_debrief_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shift_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_figures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
