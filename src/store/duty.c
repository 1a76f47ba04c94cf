/* The duty room: the calls being taken now, across sessions, and help
 * requests (応援要請). Supervisors' home screens ask for both every few
 * seconds: the queries read the drafts, leases and help requests (a few
 * dozen rows), never the calls and never the notes. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* A help request: columns i.. (raised_at, raised_by, acked_at, acked_by,
 * seq), NULLs when none. */
#define HELP_COLUMNS(h)                                                                    \
	h ".raised_at, " h ".raised_by, " h ".acked_at, " h ".acked_by, " h ".seq"
static void read_help(sqlite3_stmt *st, int i, struct help_state *h)
{
	memset(h, 0, sizeof *h);
	h->raised_at = sqlite3_column_int64(st, i);
	store_column_copy(st, i + 1, h->raised_by, sizeof h->raised_by);
	h->acked_at = sqlite3_column_int64(st, i + 2);
	store_column_copy(st, i + 3, h->acked_by, sizeof h->acked_by);
	h->seq = sqlite3_column_int64(st, i + 4);
}

#define LATEST_HELP(id)                                                                    \
	" LEFT JOIN help_requests h ON h.seq = (SELECT max(seq) FROM help_requests"       \
	" WHERE call_id = " id ")"

/* A new call's own draft (not an edit of a saved call, not a copy kept
 * apart after a conflict) is a call being taken. */
static const char in_progress_sql[] =
	"SELECT d.call_id, d.operator, d.site, d.started_at, d.ended_at, d.updated_at,"
	" d.urgency, d.risks, l.session, l.operator, l.host, l.tty, l.pid, l.since,"
	" l.heartbeat, " HELP_COLUMNS("h")
	" FROM drafts d LEFT JOIN leases l ON l.record_id = d.call_id" LATEST_HELP("d.call_id")
	" WHERE d.id = d.call_id AND d.base_version IS NULL"
	" ORDER BY d.started_at IS NULL, d.started_at, d.call_id LIMIT ?1";

static void read_holder(sqlite3_stmt *st, struct duty_call *c)
{
	struct lease_holder h;

	c->holder = DUTY_PARKED;
	if (sqlite3_column_type(st, 8) == SQLITE_NULL)
		return;
	memset(&h, 0, sizeof h);
	store_column_copy(st, 8, h.session, sizeof h.session);
	store_column_copy(st, 9, h.operator_name, sizeof h.operator_name);
	store_column_copy(st, 10, h.host, sizeof h.host);
	store_column_copy(st, 11, h.tty, sizeof h.tty);
	h.pid = (long)sqlite3_column_int64(st, 12);
	h.since = sqlite3_column_int64(st, 13);
	h.heartbeat = sqlite3_column_int64(st, 14);
	c->mine = strcmp(h.session, store_session()->id) == 0;
	c->holder = c->mine || !store_holder_gone(&h) ? DUTY_LIVE : DUTY_GONE;
	snprintf(c->host, sizeof c->host, "%s", h.host);
	snprintf(c->tty, sizeof c->tty, "%s", h.tty);
}

static void read_duty_call(sqlite3_stmt *st, int64_t now, struct duty_call *c)
{
	int64_t end;

	memset(c, 0, sizeof *c);
	store_column_copy(st, 0, c->call_id, sizeof c->call_id);
	store_column_copy(st, 1, c->operator_name, sizeof c->operator_name);
	store_column_copy(st, 2, c->site, sizeof c->site);
	c->started_at = sqlite3_column_int64(st, 3);
	c->ended_at = sqlite3_column_int64(st, 4);
	c->updated_at = sqlite3_column_int64(st, 5);
	store_column_copy(st, 6, c->urgency, sizeof c->urgency);
	store_column_copy(st, 7, c->risks, sizeof c->risks);
	end = c->ended_at ? c->ended_at : now;
	c->length = c->started_at && end > c->started_at ? end - c->started_at : 0;
	read_holder(st, c);
	read_help(st, 15, &c->help);
}

enum status store_calls_in_progress(struct store *s, int limit, store_duty_fn fn, void *ctx,
				    struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, in_progress_sql, err);
	int64_t now = time_now();
	struct duty_call c;
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	while ((r = store_step(s, st, _("cannot read the calls in progress"), err)) == STEP_ROW) {
		read_duty_call(st, now, &c);
		if (fn(&c, ctx))
			break;
	}
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* --- help requests --- */

enum status store_help_state(struct store *s, const char *call_id, struct help_state *out,
			     struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT " HELP_COLUMNS("h") " FROM help_requests h"
		" WHERE h.call_id = ?1 ORDER BY h.seq DESC LIMIT 1", err);
	enum step r;

	memset(out, 0, sizeof *out);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, call_id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot read the help request"), err)) == STEP_ROW)
		read_help(st, 0, out);
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* Whose call it is: the saved call's operator, else its draft's (NULL:
 * neither is there yet, a call just started). */
static enum status call_owner(struct store *s, const char *call_id, char *out, size_t size,
			      bool *known, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT operator FROM calls c WHERE id = ?1 AND" VISIBLE("c")
		" UNION ALL SELECT operator FROM drafts WHERE call_id = ?1 LIMIT 1", err);
	enum step r;

	*known = false;
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, call_id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot read the help request"), err)) == STEP_ROW) {
		store_column_copy(st, 0, out, size);
		*known = true;
	}
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* Inside the transaction: a new open request, unless one is open already. */
static enum status help_insert(struct store *s, const struct call *c, const char *operator_name,
			       int64_t at, struct help_state *out, struct error *err)
{
	sqlite3_stmt *st;
	char owner[64], after[96];
	bool known;
	enum status rc;

	if ((rc = store_help_state(s, c->id, out, err)) || (out->raised_at && !out->acked_at))
		return rc; /* open: raised once, whatever the number of presses */
	if ((rc = call_owner(s, c->id, owner, sizeof owner, &known, err)))
		return rc;
	if (known && !s->supervisor && strcmp(owner, operator_name) != 0)
		return error_set(err, ST_NOPERM, _("this call was taken by %s: only they or a"
						   " supervisor may ask for help on it"), owner);
	if (!(st = store_prepare(s, "INSERT INTO help_requests(call_id, site, raised_by, raised_at)"
				    " VALUES (?1, ?2, ?3, ?4)", err)))
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, c->site ? c->site : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, operator_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, at > 0 && at <= time_now() ? at : time_now());
	if ((rc = store_exec_stmt(s, st, _("cannot raise the help request"), err)))
		return rc;
	snprintf(after, sizeof after, "{\"help\":\"raised\",\"seq\":%lld}",
		 (long long)sqlite3_last_insert_rowid(s->db));
	if ((rc = store_audit(s, operator_name, "help_raise", "call", c->id, NULL, after, err)))
		return rc;
	return store_help_state(s, c->id, out, err);
}

enum status store_help_raise(struct store *s, const struct call *c, const char *operator_name,
			     int64_t at, struct help_state *out, struct error *err)
{
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = help_insert(s, c, operator_name, at, out, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* Inside the transaction: the open request acknowledged by operator_name. */
static enum status help_mark_seen(struct store *s, const char *call_id, const char *operator_name,
				  struct help_state *out, struct error *err)
{
	sqlite3_stmt *st;
	char when[24];
	struct buf after;
	enum status rc;
	int64_t now = time_now();

	if ((rc = store_help_state(s, call_id, out, err)))
		return rc;
	if (!out->raised_at)
		return error_set(err, ST_NOINPUT, _("no help was asked for on this call"));
	if (out->acked_at && strcmp(out->acked_by, operator_name) == 0)
		return ST_OK; /* the same supervisor again (a key pressed twice): done */
	if (out->acked_at) {
		time_format_local(out->acked_at, "%H:%M", when, sizeof when);
		return error_set(err, ST_CONFLICT, _("%s acknowledged it at %s"), out->acked_by,
				 when);
	}
	if (!(st = store_prepare(s, "UPDATE help_requests SET acked_by = ?2, acked_at = ?3"
				    " WHERE call_id = ?1 AND acked_at IS NULL", err)))
		return err->status;
	sqlite3_bind_text(st, 1, call_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, operator_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	if ((rc = store_exec_stmt(s, st, _("cannot acknowledge the help request"), err)))
		return rc;
	/* How long the operator waited: the figure the day report sums up. */
	buf_init(&after);
	buf_puts(&after, "{\"help\":\"acknowledged\",\"raised_by\":");
	buf_json_string(&after, out->raised_by);
	buf_printf(&after, ",\"seconds\":%lld}", (long long)(now - out->raised_at));
	rc = store_audit(s, operator_name, "help_ack", "call", call_id, NULL, after.s, err);
	buf_free(&after);
	if (rc)
		return rc;
	return store_help_state(s, call_id, out, err);
}

enum status store_help_ack(struct store *s, const char *call_id, const char *operator_name,
			   struct help_state *out, struct error *err)
{
	enum status rc;

	memset(out, 0, sizeof *out);
	if (!s->supervisor)
		return error_set(err, ST_NOPERM, _("only supervisors acknowledge help requests"));
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = help_mark_seen(s, call_id, operator_name, out, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

enum status store_help_open(struct store *s, store_help_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT h.call_id, h.site, " HELP_COLUMNS("h") ","
		" EXISTS (SELECT 1 FROM drafts d WHERE d.call_id = h.call_id)"
		" FROM help_requests h WHERE h.acked_at IS NULL ORDER BY h.raised_at, h.seq", err);
	struct help_request h;
	enum step r;

	if (!st)
		return err->status;
	while ((r = store_step(s, st, _("cannot read the help requests"), err)) == STEP_ROW) {
		memset(&h, 0, sizeof h);
		store_column_copy(st, 0, h.call_id, sizeof h.call_id);
		store_column_copy(st, 1, h.site, sizeof h.site);
		read_help(st, 2, &h.state);
		h.in_progress = sqlite3_column_int(st, 7) != 0;
		if (fn(&h, ctx))
			break;
	}
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}
