/* Follow-ups: continued calls with a next-contact date, until someone closes them. */
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

static enum status followup_exec(struct store *s, const char *sql, const char *id,
				 const char *value, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql, err);
	enum status rc;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 2, time_now());
	if ((rc = store_exec_stmt(s, st, _("cannot update the follow-up"), err)))
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return error_set(err, ST_NOINPUT, _("no call with id %s"), id);
	return ST_OK;
}

enum status store_followup_close(struct store *s, const char *id, struct error *err)
{
	return followup_exec(s, "UPDATE calls SET followup_closed_at = ?2 WHERE id = ?1", id, NULL,
			     err);
}

enum status store_followup_reschedule(struct store *s, const char *id, const char *date,
				      struct error *err)
{
	struct date d;

	if (!date_parse(date, &d))
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact",
				_("not a date (YYYY-MM-DD)"));
	return followup_exec(s, "UPDATE calls SET next_contact = ?2 WHERE id = ?1", id, date, err);
}

enum status store_followup_assign(struct store *s, const char *id, const char *operator_name,
				  struct error *err)
{
	return followup_exec(s, "UPDATE calls SET assigned_to = ?2 WHERE id = ?1", id,
			     operator_name, err);
}
