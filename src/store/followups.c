/* Follow-ups: continued calls with a next-contact date, until someone closes them. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* The follow-up columns of a call as JSON (the audit's before and after). */
static char *followup_state(struct store *s, const char *id, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT json_object('next_contact', next_contact, 'assigned_to', assigned_to,"
		" 'followup_closed_at', followup_closed_at) FROM calls WHERE id = ?1", err);
	char *out = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	switch (store_step(s, st, _("cannot read the follow-up"), err)) {
	case STEP_ROW: out = xstrdup((const char *)sqlite3_column_text(st, 0)); break;
	case STEP_DONE: error_set(err, ST_NOINPUT, _("no call with id %s"), id); break;
	case STEP_ERROR: break;
	}
	sqlite3_reset(st);
	return out;
}

/* One change to a follow-up and its audit entry, in one transaction. value
 * NULL means now (closing). */
static enum status followup_change(struct store *s, const char *operator_name, const char *action,
				   const char *sql, const char *id, const char *value,
				   struct error *err)
{
	char *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if (!(before = followup_state(s, id, err)) || !(st = store_prepare(s, sql, err))) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 2, time_now());
	if ((rc = store_exec_stmt(s, st, _("cannot update the follow-up"), err)))
		goto fail;
	if (!(after = followup_state(s, id, err))) {
		rc = err->status;
		goto fail;
	}
	if ((rc = store_audit(s, operator_name, action, "call", id, before, after, err)))
		goto fail;
	free(before);
	free(after);
	return store_commit(s, err);
fail:
	free(before);
	free(after);
	store_rollback(s);
	return rc;
}

enum status store_followup_close(struct store *s, const char *id, const char *operator_name,
				 struct error *err)
{
	return followup_change(s, operator_name, "followup_close",
			       "UPDATE calls SET followup_closed_at = ?2 WHERE id = ?1", id, NULL, err);
}

enum status store_followup_reschedule(struct store *s, const char *id, const char *date,
				      const char *operator_name, struct error *err)
{
	struct date d;

	if (!date_parse(date, &d))
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact",
				_("not a date (YYYY-MM-DD)"));
	return followup_change(s, operator_name, "followup_reschedule",
			       "UPDATE calls SET next_contact = ?2 WHERE id = ?1", id, date, err);
}

enum status store_followup_assign(struct store *s, const char *id, const char *assignee,
				  const char *operator_name, struct error *err)
{
	return followup_change(s, operator_name, "followup_assign",
			       "UPDATE calls SET assigned_to = ?2 WHERE id = ?1", id, assignee, err);
}
