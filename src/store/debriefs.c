/* The debrief queue (振り返り, 支援者は一人で抱えない): a call saved with its
 * debrief flag enters it with the reason the form chose; supervisors list
 * what waits and mark each done. The call's flag stays what export and
 * import carry; the queue is the duty room's record of it. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define DEBRIEF_COLUMNS                                                                    \
	"SELECT d.call_id, d.site, d.operator, c.started_at, d.reason, d.requested_at,"   \
	" d.requested_by, d.done_at, d.done_by FROM debriefs d JOIN calls c ON c.id = d.call_id"

static void read_item(sqlite3_stmt *st, struct debrief_item *d)
{
	memset(d, 0, sizeof *d);
	store_column_copy(st, 0, d->call_id, sizeof d->call_id);
	store_column_copy(st, 1, d->site, sizeof d->site);
	store_column_copy(st, 2, d->operator_name, sizeof d->operator_name);
	d->started_at = sqlite3_column_int64(st, 3);
	store_column_copy(st, 4, d->reason, sizeof d->reason);
	d->requested_at = sqlite3_column_int64(st, 5);
	store_column_copy(st, 6, d->requested_by, sizeof d->requested_by);
	d->done_at = sqlite3_column_int64(st, 7);
	store_column_copy(st, 8, d->done_by, sizeof d->done_by);
}

enum status store_debrief_get(struct store *s, const char *call_id, struct debrief_item *out,
			      bool *found, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, DEBRIEF_COLUMNS " WHERE d.call_id = ?1", err);
	enum step r;

	memset(out, 0, sizeof *out);
	*found = false;
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, call_id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot read the debrief queue"), err)) == STEP_ROW) {
		read_item(st, out);
		*found = true;
	}
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* {"reason":KEY} or {"reason":null}, for the audit trail. */
static void reason_json(struct buf *b, const char *reason)
{
	buf_puts(b, "{\"reason\":");
	if (reason && *reason)
		buf_json_string(b, reason);
	else
		buf_puts(b, "null");
	buf_putc(b, '}');
}

/* One change to the queue and its audit entry: sql takes ?1 the call and
 * as many as it needs of ?2 now, ?3 who, ?4 the reason, ?5 the site, ?6 the
 * call's operator. */
static enum status queue_change(struct store *s, const struct call *c, const char *sql,
				const char *action, const char *was, const char *now_reason,
				const char *operator_name, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql, err);
	const char *v[] = {c->id, NULL, operator_name, now_reason, c->site ? c->site : "",
			   c->operator_name ? c->operator_name : ""};
	struct buf before, after;
	enum status rc;
	int n;

	if (!st)
		return err->status;
	n = sqlite3_bind_parameter_count(st);
	for (int i = 0; i < n && i < 6; i++)
		if (i == 1)
			sqlite3_bind_int64(st, 2, time_now());
		else
			store_bind_text(st, i + 1, v[i]);
	if ((rc = store_exec_stmt(s, st, _("cannot update the debrief queue"), err)))
		return rc;
	buf_init(&before);
	buf_init(&after);
	if (was)
		reason_json(&before, was);
	if (strcmp(action, "debrief_withdraw") != 0)
		reason_json(&after, now_reason);
	rc = store_audit(s, operator_name, action, "call", c->id, was ? before.s : NULL,
			 after.len ? after.s : NULL, err);
	buf_free(&before);
	buf_free(&after);
	return rc;
}

enum status store_debrief_sync(struct store *s, const struct call *c, const char *operator_name,
			       struct error *err)
{
	struct debrief_item d;
	bool found;
	enum status rc;

	if ((rc = store_debrief_get(s, c->id, &d, &found, err)))
		return rc;
	if (c->debrief && !found)
		return queue_change(s, c,
				    "INSERT INTO debriefs(call_id, site, operator, reason,"
				    " requested_at, requested_by) VALUES (?1, ?5, ?6, ?4, ?2, ?3)",
				    "debrief_request", NULL, c->debrief_reason, operator_name, err);
	if (!found || d.done_at)
		return ST_OK; /* a debrief done stays done, flag or not */
	if (!c->debrief)
		return queue_change(s, c, "DELETE FROM debriefs WHERE call_id = ?1 AND done_at IS NULL",
				    "debrief_withdraw", d.reason, NULL, operator_name, err);
	if (c->debrief_reason && strcmp(c->debrief_reason, d.reason) != 0)
		return queue_change(s, c, "UPDATE debriefs SET reason = ?4 WHERE call_id = ?1",
				    "debrief_request", d.reason, c->debrief_reason, operator_name,
				    err);
	return ST_OK;
}

static enum status mark_done(struct store *s, const char *call_id, const char *operator_name,
			     struct error *err)
{
	sqlite3_stmt *st;
	struct debrief_item d;
	struct buf after;
	char when[24];
	bool found;
	int64_t now = time_now();
	enum status rc;

	if ((rc = store_debrief_get(s, call_id, &d, &found, err)))
		return rc;
	if (!found)
		return error_set(err, ST_NOINPUT, _("this call is not in the debrief queue"));
	if (d.done_at && strcmp(d.done_by, operator_name) == 0)
		return ST_OK; /* the same supervisor again (a key pressed twice): done */
	if (d.done_at) {
		time_format_local(d.done_at, "%m-%d %H:%M", when, sizeof when);
		return error_set(err, ST_CONFLICT, _("%s marked this debrief done at %s"), d.done_by,
				 when);
	}
	if (!(st = store_prepare(s, "UPDATE debriefs SET done_at = ?2, done_by = ?3"
				    " WHERE call_id = ?1 AND done_at IS NULL", err)))
		return err->status;
	sqlite3_bind_text(st, 1, call_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, operator_name, -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(s, st, _("cannot update the debrief queue"), err)))
		return rc;
	buf_init(&after);
	reason_json(&after, d.reason);
	after.s[--after.len] = '\0'; /* and how long it waited */
	buf_printf(&after, ",\"waited\":%lld}", (long long)(now - d.requested_at));
	rc = store_audit(s, operator_name, "debrief_done", "call", call_id, NULL, after.s, err);
	buf_free(&after);
	return rc;
}

enum status store_debrief_done(struct store *s, const char *call_id, const char *operator_name,
			       struct error *err)
{
	enum status rc;

	if (!s->supervisor)
		return error_set(err, ST_NOPERM, _("only supervisors mark a debrief done"));
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = mark_done(s, call_id, operator_name, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

enum status store_debriefs_waiting(struct store *s, int limit, int64_t *total,
				   store_debrief_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, DEBRIEF_COLUMNS " WHERE d.done_at IS NULL AND"
					    VISIBLE("c") "ORDER BY d.requested_at, d.call_id LIMIT ?1",
					 err);
	sqlite3_stmt *count;
	struct debrief_item d;
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	while ((r = store_step(s, st, _("cannot read the debrief queue"), err)) == STEP_ROW) {
		read_item(st, &d);
		if (fn(&d, ctx))
			break;
	}
	sqlite3_reset(st);
	if (r == STEP_ERROR)
		return err->status;
	if (!total)
		return ST_OK;
	if (!(count = store_prepare(s, "SELECT count(*) FROM debriefs d JOIN calls c ON c.id = d.call_id"
					  " WHERE d.done_at IS NULL AND" VISIBLE("c"), err)) ||
	    store_step_row(s, count, _("cannot read the debrief queue"), err))
		return err->status;
	*total = sqlite3_column_int64(count, 0);
	sqlite3_reset(count);
	return ST_OK;
}
