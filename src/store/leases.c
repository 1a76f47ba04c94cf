/* Leases: one editor per record. A session (one running soudan) that opens a
 * draft or a saved call for editing holds it; every draft it writes renews the
 * lease (the heartbeat), and another session that opens the record meanwhile
 * is told who holds it and gets it read only. A holder that is gone (no
 * heartbeat for a few seconds, or its process dead on this host) may be taken
 * over, by the same login or a supervisor, and never silently. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

const struct store_session *store_session(void)
{
	static struct store_session me;

	if (!me.id[0]) {
		const char *tty = ttyname(STDIN_FILENO);

		id_new(me.id);
		snprintf(me.operator_name, sizeof me.operator_name, "%s", store_whoami());
		if (gethostname(me.host, sizeof me.host - 1) != 0)
			snprintf(me.host, sizeof me.host, "?");
		snprintf(me.tty, sizeof me.tty, "%s", tty ? tty : "-");
		me.pid = (long)getpid();
	}
	return &me;
}

bool store_holder_gone(const struct lease_holder *h)
{
	if (time_now() - h->heartbeat > LEASE_STALE_SECONDS)
		return true;
	return strcmp(h->host, store_session()->host) == 0 && h->pid > 0 &&
	       kill((pid_t)h->pid, 0) != 0 && errno == ESRCH;
}

enum status store_lease_get(struct store *s, const char *record_id, struct lease_holder *out,
			    bool *held, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT session, operator, host, tty, pid, since, heartbeat FROM leases"
		" WHERE record_id = ?1", err);
	enum step r;

	memset(out, 0, sizeof *out);
	*held = false;
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot read who edits the call"), err)) == STEP_ERROR)
		return err->status;
	if (r == STEP_ROW) {
		store_column_copy(st, 0, out->session, sizeof out->session);
		store_column_copy(st, 1, out->operator_name, sizeof out->operator_name);
		store_column_copy(st, 2, out->host, sizeof out->host);
		store_column_copy(st, 3, out->tty, sizeof out->tty);
		out->pid = (long)sqlite3_column_int64(st, 4);
		out->since = sqlite3_column_int64(st, 5);
		out->heartbeat = sqlite3_column_int64(st, 6);
		out->mine = strcmp(out->session, store_session()->id) == 0;
		out->gone = !out->mine && store_holder_gone(out);
		*held = true;
	}
	sqlite3_reset(st);
	return ST_OK;
}

/* Ours from now (or still), with a fresh heartbeat; since is kept when it
 * was ours already. */
static enum status lease_write(struct store *s, const char *record_id, struct error *err)
{
	const struct store_session *me = store_session();
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO leases(record_id, session, operator, host, tty, pid, since, heartbeat)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT(record_id) DO UPDATE SET"
		" since = CASE WHEN session = excluded.session THEN since ELSE excluded.since END,"
		" session = excluded.session, operator = excluded.operator, host = excluded.host,"
		" tty = excluded.tty, pid = excluded.pid, heartbeat = excluded.heartbeat", err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, me->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, me->operator_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, me->host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, me->tty, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, me->pid);
	sqlite3_bind_int64(st, 7, time_now());
	return store_exec_stmt(s, st, _("cannot record who edits the call"), err);
}

enum status store_lease_hold(struct store *s, const char *record_id, bool take_over,
			     struct lease_holder *holder, struct error *err)
{
	bool held;
	enum status rc;

	if ((rc = store_lease_get(s, record_id, holder, &held, err)))
		return rc;
	if (held && !holder->mine) {
		bool may = holder->gone && (s->supervisor || strcmp(holder->operator_name,
								    store_session()->operator_name) == 0);

		char since[24];

		if (!take_over || !may) {
			time_format_local(holder->since,
					  time_now() - holder->since < 43200 ? "%H:%M" : "%m-%d %H:%M",
					  since, sizeof since);
			return error_set(err, ST_CONFLICT,
					 _("%s has it open on another terminal since %s"),
					 holder->operator_name, since);
		}
	}
	return lease_write(s, record_id, err);
}

enum status store_lease_take(struct store *s, const char *record_id, bool take_over,
			     struct lease_holder *holder, struct error *err)
{
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_lease_hold(s, record_id, take_over, holder, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

enum status store_lease_drop(struct store *s, const char *record_id, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM leases WHERE record_id = ?1 AND session = ?2",
					 err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, store_session()->id, -1, SQLITE_STATIC);
	return store_exec_stmt(s, st, _("cannot record who edits the call"), err);
}

enum status store_lease_release(struct store *s, const char *record_id, struct error *err)
{
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_lease_drop(s, record_id, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}
