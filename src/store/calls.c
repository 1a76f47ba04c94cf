/* Calls: the row, its multi-valued codes, its referrals and its case. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define CALL_COLUMNS                                                                    \
	"id, site, operator, started_at, ended_at, call_type, channel, contact, caller, " \
	"caller_age, age_band, gender, withdrawal, region, heard_via, urgency, outcome, "  \
	"case_code, next_contact, assigned_to, debrief, notes"

enum status store_call_exists(struct store *s, const char *id, bool *exists, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM calls WHERE id = ?1", err);
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	r = store_step(s, st, "call", err);
	/* A statement left on a row keeps its read snapshot open, and every
	 * later write on this connection would fail with BUSY_SNAPSHOT. */
	sqlite3_reset(st);
	*exists = r == STEP_ROW;
	return r == STEP_ERROR ? err->status : ST_OK;
}

static enum status link_case(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *st;

	if (!c->case_code)
		return ST_OK;
	/* A new case, or the one there: never a change of its nickname, which
	 * only an import decides (cli/import.c, supervisors) at its end. */
	st = store_prepare(s,
			   "INSERT INTO cases(code, nickname, created_at, import_id)"
			   " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(code) DO NOTHING",
			   err);
	if (!st)
		return err->status;
	store_bind_text(st, 1, c->case_code);
	store_bind_text(st, 2, c->nickname);
	sqlite3_bind_int64(st, 3, c->started_at);
	store_bind_text(st, 4, s->import_id[0] ? s->import_id : NULL);
	return store_exec_stmt(s, st, "case", err);
}

static void bind_call(struct store *s, sqlite3_stmt *st, const struct call *c)
{
	int i = 1;

	store_bind_text(st, i++, c->id);
	store_bind_text(st, i++, c->site ? c->site : "");
	store_bind_text(st, i++, c->operator_name ? c->operator_name : "");
	sqlite3_bind_int64(st, i++, c->started_at);
	if (c->ended_at)
		sqlite3_bind_int64(st, i++, c->ended_at);
	else
		sqlite3_bind_null(st, i++);
	for (int f = 0; f < CF__COUNT; f++)
		store_bind_text(st, i++, c->coded[f]);
	store_bind_text(st, i++, c->case_code);
	store_bind_text(st, i++, c->next_contact);
	store_bind_text(st, i++, c->assigned_to);
	sqlite3_bind_int(st, i++, c->debrief);
	store_bind_text(st, i++, c->notes ? c->notes : "");
	sqlite3_bind_int64(st, i++, time_now());
	store_bind_text(st, i++, followup_state_name(c->followup_state));
	/* ?25.. are the insert's only: an edit keeps the hold and follow-up
	 * state as they are now, not as they were when the form was opened. */
	if (sqlite3_bind_parameter_count(st) < i)
		return;
	sqlite3_bind_int(st, i++, c->legal_hold);
	if (c->followup_closed_at)
		sqlite3_bind_int64(st, i++, c->followup_closed_at);
	else
		sqlite3_bind_null(st, i++);
	store_bind_text(st, i++, c->followup_closed_by);
	store_bind_text(st, i++, s->import_id[0] ? s->import_id : NULL);
	store_bind_text(st, i++, c->followup_result);
	store_bind_text(st, i, c->followup_call);
}

/* The column order of CALL_COLUMNS follows enum call_coded. */
_Static_assert(CF_CALL_TYPE == 0 && CF_OUTCOME == CF__COUNT - 1, "coded field order");

static enum status insert_codes(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "INSERT INTO call_codes(call_id, field, pos, code) VALUES (?1, ?2, ?3, ?4)", err);
	enum status rc;

	if (!st)
		return err->status;
	for (int f = 0; f < CM__COUNT; f++)
		for (size_t j = 0; j < c->multi[f].n; j++) {
			sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, call_multi_info[f].json, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, (int)j);
			sqlite3_bind_text(st, 4, c->multi[f].v[j], -1, SQLITE_STATIC);
			if ((rc = store_exec_stmt(s, st, call_multi_info[f].json, err)))
				return rc;
		}
	return ST_OK;
}

enum status store_call_check_referrals(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *known = store_prepare(s, "SELECT 1 FROM resources WHERE id = ?1", err);

	if (!known)
		return err->status;
	for (size_t i = 0; i < c->nreferrals; i++) {
		enum step found;

		sqlite3_bind_text(known, 1, c->referrals[i].resource, -1, SQLITE_STATIC);
		found = store_step(s, known, "referrals", err);
		sqlite3_reset(known);
		if (found == STEP_ERROR)
			return err->status;
		if (found == STEP_DONE)
			return error_at(err, ST_DATAERR, NULL, 0, "referrals",
					_("unknown resource id \"%s\""), c->referrals[i].resource);
	}
	return ST_OK;
}

static enum status insert_referrals(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO referrals(call_id, pos, resource_id, consent, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5)", err);
	enum status rc;

	if (!st)
		return err->status;
	if ((rc = store_call_check_referrals(s, c, err)))
		return rc;
	for (size_t i = 0; i < c->nreferrals; i++) {
		const struct referral *r = &c->referrals[i];

		sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_text(st, 3, r->resource, -1, SQLITE_STATIC);
		if (r->consent == CONSENT_UNSET)
			sqlite3_bind_null(st, 4);
		else
			sqlite3_bind_int(st, 4, r->consent == CONSENT_YES);
		store_bind_text(st, 5, r->note);
		if ((rc = store_exec_stmt(s, st, "referrals", err)))
			return rc;
	}
	return ST_OK;
}

/* The calls row itself: sql takes the parameters bind_call sets. */
static enum status write_call_row(struct store *s, const char *sql, const struct call *c,
				  struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql, err);

	if (!st)
		return err->status;
	bind_call(s, st, c);
	return store_exec_stmt(s, st, _("cannot save the call"), err);
}

enum status store_call_insert(struct store *s, const struct call *c, struct error *err)
{
	return store_call_insert_as(s, c, store_whoami(), err);
}

enum status store_call_insert_as(struct store *s, const struct call *c, const char *who,
				 struct error *err)
{
	enum status rc;
	bool exists;

	if ((rc = store_call_exists(s, c->id, &exists, err)))
		return rc;
	if (exists)
		return error_at(err, ST_DATAERR, NULL, 0, "id", _("duplicate id %s"), c->id);
	if ((rc = link_case(s, c, err)) ||
	    (rc = write_call_row(s,
				 "INSERT INTO calls(" CALL_COLUMNS ", created_at, updated_at,"
				 " followup_state, legal_hold, followup_closed_at, followup_closed_by,"
				 " import_id, followup_result, followup_call)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
				 "  ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?23, ?24, ?25,"
				 "  ?26, ?27, ?28, ?29, ?30)",
				 c, err)))
		return rc;
	if ((rc = insert_codes(s, c, err)) || (rc = insert_referrals(s, c, err)))
		return rc;
	return store_followups_contact(s, c, who, err);
}

enum status store_call_update(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *st;
	enum status rc;
	bool exists;

	if ((rc = store_call_exists(s, c->id, &exists, err)))
		return rc;
	if (!exists)
		return error_at(err, ST_DATAERR, NULL, 0, "id", _("no call with id %s"), c->id);
	if ((rc = link_case(s, c, err)) ||
	    (rc = write_call_row(s,
				 "UPDATE calls SET site = ?2, operator = ?3, started_at = ?4,"
				 " ended_at = ?5, call_type = ?6, channel = ?7, contact = ?8,"
				 " caller = ?9, caller_age = ?10, age_band = ?11, gender = ?12,"
				 " withdrawal = ?13, region = ?14, heard_via = ?15, urgency = ?16,"
				 " outcome = ?17, case_code = ?18, next_contact = ?19, assigned_to = ?20,"
				 " debrief = ?21, notes = ?22, updated_at = ?23,"
				 " followup_state = CASE WHEN followup_state IN ('contacted', 'closed')"
				 "  THEN followup_state WHEN ?24 = 'waiting' THEN 'waiting' END,"
				 " version = version + 1 WHERE id = ?1",
				 c, err)))
		return rc;
	st = store_prepare(s, "DELETE FROM call_codes WHERE call_id = ?1", err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(s, st, "codes", err)))
		return rc;
	st = store_prepare(s, "DELETE FROM referrals WHERE call_id = ?1", err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(s, st, "referrals", err)))
		return rc;
	if ((rc = insert_codes(s, c, err)) || (rc = insert_referrals(s, c, err)))
		return rc;
	return ST_OK;
}

static void read_call_row(sqlite3_stmt *st, struct call *c)
{
	int i = 0;
	const unsigned char *id = sqlite3_column_text(st, i++);

	snprintf(c->id, sizeof c->id, "%s", id ? (const char *)id : "");
	c->site = store_column_dup(st, i++);
	c->operator_name = store_column_dup(st, i++);
	c->started_at = sqlite3_column_int64(st, i++);
	c->ended_at = sqlite3_column_int64(st, i++);
	for (int f = 0; f < CF__COUNT; f++)
		c->coded[f] = store_column_dup(st, i++);
	c->case_code = store_column_dup(st, i++);
	c->next_contact = store_column_dup(st, i++);
	c->assigned_to = store_column_dup(st, i++);
	c->debrief = sqlite3_column_int(st, i++) != 0;
	free(c->notes);
	c->notes = store_column_dup(st, i++);
	if (!c->notes)
		c->notes = xstrdup("");
	c->nickname = store_column_dup(st, i++);
	c->legal_hold = sqlite3_column_int(st, i++) != 0;
	c->followup_closed_at = sqlite3_column_int64(st, i++);
	c->followup_closed_by = store_column_dup(st, i++);
	c->version = sqlite3_column_int64(st, i++);
	if (!followup_state_parse((const char *)sqlite3_column_text(st, i++), &c->followup_state))
		c->followup_state = FOLLOWUP_OPEN;
	c->followup_result = store_column_dup(st, i++);
	c->followup_call = store_column_dup(st, i++);
}

static int multi_index(const char *field)
{
	for (int f = 0; f < CM__COUNT; f++)
		if (strcmp(call_multi_info[f].json, field) == 0)
			return f;
	return -1;
}

static enum status read_call_children(struct store *s, struct call *c, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "SELECT field, code FROM call_codes WHERE call_id = ?1 ORDER BY field, pos", err);
	enum step r;
	int f;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	while ((r = store_step(s, st, "codes", err)) == STEP_ROW)
		if ((f = multi_index((const char *)sqlite3_column_text(st, 0))) >= 0)
			strlist_add(&c->multi[f], (const char *)sqlite3_column_text(st, 1));
	if (r == STEP_ERROR)
		return err->status;
	st = store_prepare(s,
			   "SELECT resource_id, consent, note FROM referrals WHERE call_id = ?1"
			   " ORDER BY pos",
			   err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	while ((r = store_step(s, st, "referrals", err)) == STEP_ROW)
		call_add_referral(c, (const char *)sqlite3_column_text(st, 0),
				  sqlite3_column_type(st, 1) == SQLITE_NULL ? CONSENT_UNSET
				  : sqlite3_column_int(st, 1)		    ? CONSENT_YES
									    : CONSENT_NO,
				  (const char *)sqlite3_column_text(st, 2));
	return r == STEP_ERROR ? err->status : ST_OK;
}

#define SELECT_CALL                                                                   \
	"SELECT c.id, c.site, c.operator, c.started_at, c.ended_at, c.call_type,"     \
	" c.channel, c.contact, c.caller, c.caller_age, c.age_band, c.gender,"         \
	" c.withdrawal, c.region,"                                                     \
	" c.heard_via, c.urgency, c.outcome, c.case_code, c.next_contact, c.assigned_to," \
	" c.debrief, c.notes, k.nickname, c.legal_hold, c.followup_closed_at,"          \
	" c.followup_closed_by, c.version, c.followup_state, c.followup_result,"         \
	" c.followup_call"                                                               \
	" FROM calls c LEFT JOIN cases k ON k.code = c.case_code"

/* The reason the call is in the debrief queue with, for the form to show
 * (the queue's, not the call's: export and import do not carry it). */
static enum status read_debrief_reason(struct store *s, struct call *c, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT reason FROM debriefs WHERE call_id = ?1", err);
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, "call", err)) == STEP_ROW)
		c->debrief_reason = store_column_dup(st, 0);
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

enum status store_call_get(struct store *s, const char *id, struct call *out, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, SELECT_CALL " WHERE c.id = ?1", err);
	enum status rc;
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, "call", err)) == STEP_ERROR)
		return err->status;
	if (r == STEP_DONE)
		return error_set(err, ST_NOINPUT, _("no call with id %s"), id);
	call_init(out);
	read_call_row(st, out);
	sqlite3_reset(st);
	if ((rc = read_call_children(s, out, err)) || (rc = read_debrief_reason(s, out, err)))
		call_free(out); /* a failure leaves nothing to free */
	return rc;
}

/* fn for each call st reads, with its children; st is finalized. Its own
 * statement, not a cached one: fn may call back into the store. */
static enum status each_call(struct store *s, sqlite3_stmt *st, const char *what,
			     store_call_fn fn, void *ctx, struct error *err)
{
	enum status ret = ST_OK;
	enum step r;

	while ((r = store_step(s, st, what, err)) == STEP_ROW) {
		struct call c;
		int stop;

		call_init(&c);
		read_call_row(st, &c);
		ret = read_call_children(s, &c, err);
		stop = ret ? 1 : fn(&c, ctx);
		call_free(&c);
		if (stop)
			break;
	}
	if (!ret && r == STEP_ERROR)
		ret = err->status;
	sqlite3_finalize(st);
	return ret;
}

enum status store_calls_each(struct store *s, int64_t from, int64_t to, store_call_fn fn,
			     void *ctx, struct error *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db,
			       SELECT_CALL " WHERE c.started_at >= ?1 AND c.started_at < ?2"
					   " AND" VISIBLE("c") "ORDER BY c.started_at, c.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "export", err);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to ? to : INT64_MAX);
	return each_call(s, st, "export", fn, ctx, err);
}

#define SELECT_ROW                                                                          \
	"SELECT c.id, c.started_at, c.ended_at, c.operator, c.call_type, c.caller,"          \
	" (SELECT code FROM call_codes WHERE call_id = c.id AND field = 'concerns' AND pos = 0)," \
	" c.urgency, c.outcome, c.next_contact, c.assigned_to, c.case_code,"                 \
	" EXISTS (SELECT 1 FROM call_codes WHERE call_id = c.id AND field = 'risks'),"        \
	" coalesce(c.followup_state, ''), coalesce(c.followup_result, '')"                   \
	" FROM calls c"

static void copy_col(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(out, size, "%s", t ? (const char *)t : "");
}

static enum status each_row(struct store *s, sqlite3_stmt *st, store_row_fn fn, void *ctx,
			    struct error *err)
{
	enum step step;

	while ((step = store_step(s, st, "calls", err)) == STEP_ROW) {
		struct call_row r;

		memset(&r, 0, sizeof r);
		copy_col(st, 0, r.id, sizeof r.id);
		r.started_at = sqlite3_column_int64(st, 1);
		r.ended_at = sqlite3_column_int64(st, 2);
		copy_col(st, 3, r.operator_name, sizeof r.operator_name);
		copy_col(st, 4, r.call_type, sizeof r.call_type);
		copy_col(st, 5, r.caller, sizeof r.caller);
		copy_col(st, 6, r.main_concern, sizeof r.main_concern);
		copy_col(st, 7, r.urgency, sizeof r.urgency);
		copy_col(st, 8, r.outcome, sizeof r.outcome);
		copy_col(st, 9, r.next_contact, sizeof r.next_contact);
		copy_col(st, 10, r.assigned_to, sizeof r.assigned_to);
		copy_col(st, 11, r.case_code, sizeof r.case_code);
		r.has_risk = sqlite3_column_int(st, 12) != 0;
		copy_col(st, 13, r.followup_state, sizeof r.followup_state);
		copy_col(st, 14, r.followup_result, sizeof r.followup_result);
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return step == STEP_ERROR ? err->status : ST_OK;
}

enum status store_calls_between(struct store *s, int64_t from, int64_t to, store_row_fn fn,
				void *ctx, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, SELECT_ROW " WHERE c.started_at >= ?1 AND c.started_at < ?2 AND" VISIBLE("c")
			      "ORDER BY c.started_at",
		err);

	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	return each_row(s, st, fn, ctx, err);
}

enum status store_case_calls(struct store *s, const char *case_code, store_row_fn fn, void *ctx,
			     struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, SELECT_ROW " WHERE c.case_code = ?1 AND" VISIBLE("c") "ORDER BY c.started_at", err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, case_code, -1, SQLITE_TRANSIENT);
	return each_row(s, st, fn, ctx, err);
}

/* The condition of the partial indexes calls_by_next_contact and calls_by_owner. */
#define OPEN_FOLLOWUP                                                                       \
	" c.next_contact IS NOT NULL AND c.outcome IS NOT 'closed' AND c.followup_state IS NULL" \
	" AND" VISIBLE("c")
/* The condition of the partial index calls_waiting. */
#define WAITING_FOLLOWUP                                                                    \
	" c.followup_state = 'waiting' AND c.outcome IS NOT 'closed' AND" VISIBLE("c")

struct limited {
	store_row_fn fn;
	void *ctx;
	int left;
};

static int limited_row(const struct call_row *r, void *ctx)
{
	struct limited *l = ctx;

	if (l->left <= 0)
		return 1;
	l->left--;
	return l->fn(r, l->ctx);
}

enum status store_followups(struct store *s, const char *until, const char *owner, int limit,
			    int64_t *total, store_row_fn fn, void *ctx, struct error *err)
{
	/* Both walk an index in next_contact order and stop at the limit, so a
	 * backlog of years of open follow-ups costs no more than one screen. */
	sqlite3_stmt *mine = store_prepare(
		s, SELECT_ROW " WHERE" OPEN_FOLLOWUP " AND coalesce(c.assigned_to, c.operator) = ?2"
			      " AND c.next_contact <= ?1 ORDER BY c.next_contact, c.started_at",
		err);
	sqlite3_stmt *others = mine ? store_prepare(
		s, SELECT_ROW " WHERE" OPEN_FOLLOWUP " AND coalesce(c.assigned_to, c.operator) IS NOT ?2"
			      " AND c.next_contact <= ?1 ORDER BY c.next_contact, c.started_at",
		err) : NULL;
	/* Counting a backlog of 800,000 took 70 ms of a 100 ms start-up: stop
	 * counting past what anyone reads. */
	sqlite3_stmt *count = others ? store_prepare(
		s, "SELECT count(*) FROM (SELECT 1 FROM calls c WHERE" OPEN_FOLLOWUP
		   " AND c.next_contact <= ?1 LIMIT " STORE_FOLLOWUPS_COUNTED_S " + 1)",
		err) : NULL;
	struct limited l = {fn, ctx, limit > 0 ? limit : INT_MAX};
	enum status rc;

	if (!count)
		return err->status;
	if (total) {
		sqlite3_bind_text(count, 1, until, -1, SQLITE_TRANSIENT);
		if ((rc = store_step_row(s, count, _("cannot count the follow-ups"), err)))
			return rc;
		*total = sqlite3_column_int64(count, 0);
		sqlite3_reset(count);
	}
	if (owner) {
		sqlite3_bind_text(mine, 1, until, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(mine, 2, owner, -1, SQLITE_TRANSIENT);
		if ((rc = each_row(s, mine, limited_row, &l, err)))
			return rc;
	}
	sqlite3_bind_text(others, 1, until, -1, SQLITE_TRANSIENT);
	if (owner)
		sqlite3_bind_text(others, 2, owner, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(others, 2);
	return l.left > 0 ? each_row(s, others, limited_row, &l, err) : ST_OK;
}

enum status store_followups_waiting(struct store *s, const char *owner, int limit,
				    int64_t *total, store_row_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *mine = store_prepare(
		s, SELECT_ROW " WHERE" WAITING_FOLLOWUP " AND coalesce(c.assigned_to, c.operator) = ?1"
			      " ORDER BY c.started_at",
		err);
	sqlite3_stmt *others = mine ? store_prepare(
		s, SELECT_ROW " WHERE" WAITING_FOLLOWUP
			      " AND coalesce(c.assigned_to, c.operator) IS NOT ?1 ORDER BY c.started_at",
		err) : NULL;
	sqlite3_stmt *count = others ? store_prepare(
		s, "SELECT count(*) FROM (SELECT 1 FROM calls c WHERE" WAITING_FOLLOWUP
		   " LIMIT " STORE_FOLLOWUPS_COUNTED_S " + 1)",
		err) : NULL;
	struct limited l = {fn, ctx, limit > 0 ? limit : INT_MAX};
	enum status rc;

	if (!count)
		return err->status;
	if (total) {
		if ((rc = store_step_row(s, count, _("cannot count the follow-ups"), err)))
			return rc;
		*total = sqlite3_column_int64(count, 0);
		sqlite3_reset(count);
	}
	if (owner) {
		sqlite3_bind_text(mine, 1, owner, -1, SQLITE_TRANSIENT);
		if ((rc = each_row(s, mine, limited_row, &l, err)))
			return rc;
	}
	store_bind_text(others, 1, owner);
	return l.left > 0 ? each_row(s, others, limited_row, &l, err) : ST_OK;
}

enum status store_case_each(struct store *s, const char *code, store_call_fn fn, void *ctx,
			    struct error *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db,
			       SELECT_CALL " WHERE c.case_code = ?1 AND" VISIBLE("c")
					   "ORDER BY c.started_at, c.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "case", err);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	return each_call(s, st, "case", fn, ctx, err);
}

enum status store_case_pending(struct store *s, const char *code, store_row_fn fn, void *ctx,
			       struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, SELECT_ROW " WHERE c.case_code = ?1 AND" STORE_PENDING("c") "AND" VISIBLE("c")
			      "ORDER BY c.next_contact IS NULL, c.next_contact, c.started_at",
		err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	return each_row(s, st, fn, ctx, err);
}
