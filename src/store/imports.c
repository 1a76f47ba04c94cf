/* Imports written in short transactions, seen whole or not at all.
 *
 * A long import in one transaction holds the write lock for its whole length,
 * and every operator's save waits behind it. So an import writes its calls a
 * batch at a time, each batch its own short transaction, every row tagged
 * with the import's id; while the import's row is in `imports`, lists,
 * reports and exports leave those rows out (VISIBLE in internal.h). Deleting
 * that row in the last transaction shows them all at once. An import that
 * died (killed, disk full, a dropped connection) leaves its row: its calls and
 * cases are removed by the next import or by soudan check. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* An import on another host is taken for dead after this long without a
 * heartbeat (its batches each renew it); on this host its pid tells. */
#define IMPORT_STALE_SECONDS 600

static const char *host_name(void)
{
	static char name[256];

	if (!name[0] && gethostname(name, sizeof name - 1) != 0)
		snprintf(name, sizeof name, "?");
	return name;
}

enum status store_import_begin(struct store *s, const char *file, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO imports(id, operator, host, pid, started_at, heartbeat, file)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)", err);
	enum status rc;

	if (!st)
		return err->status;
	id_new(s->import_id);
	sqlite3_bind_text(st, 1, s->import_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, store_whoami(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, host_name(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, (int64_t)getpid());
	sqlite3_bind_int64(st, 5, time_now());
	sqlite3_bind_text(st, 6, file, -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(s, st, _("cannot start the import"), err)))
		s->import_id[0] = '\0';
	return rc;
}

const char *store_import_id(const struct store *s)
{
	return s->import_id;
}

enum status store_import_heartbeat(struct store *s, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE imports SET heartbeat = ?2 WHERE id = ?1", err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, s->import_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, time_now());
	return store_exec_stmt(s, st, _("cannot write the import"), err);
}

enum status store_import_publish(struct store *s, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM imports WHERE id = ?1", err);
	enum status rc;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, s->import_id, -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(s, st, _("cannot finish the import"), err)))
		return rc;
	if (sqlite3_changes(s->db) != 1)
		/* Someone took it for dead and removed what it wrote. */
		return error_set(err, ST_TEMPFAIL,
				 _("the import was taken for abandoned and removed meanwhile; run it"
				   " again"));
	/* Seen now: the follow-ups its calls reached among calls saved before
	 * or during it, and its own reached by those (its calls among
	 * themselves were marked as they went in). */
	return store_followups_contact_all(s, s->import_id, store_whoami(), err);
}

void store_import_end(struct store *s)
{
	s->import_id[0] = '\0';
}

/* Remove one unfinished import's calls and cases, a batch per transaction
 * (the calls' codes and referrals go with them), then its row, with an
 * audit entry saying how many calls went. */
static enum status import_remove(struct store *s, const char *id, const char *why, long *calls,
				 struct error *err)
{
	static const char *const sql[] = {
		"DELETE FROM calls WHERE rowid IN (SELECT rowid FROM calls WHERE import_id = ?1"
		" LIMIT 500)",
		"DELETE FROM cases WHERE rowid IN (SELECT rowid FROM cases WHERE import_id = ?1"
		" AND NOT EXISTS (SELECT 1 FROM calls WHERE case_code = cases.code) LIMIT 500)",
	};
	char after[160];
	sqlite3_stmt *st;
	enum status rc;
	int n;

	for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
		do {
			if ((rc = store_begin(s, err)))
				return rc;
			if (!(st = store_prepare(s, sql[q], err))) {
				store_rollback(s);
				return err->status;
			}
			sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
			if ((rc = store_exec_stmt(s, st, _("cannot remove an unfinished import"), err))) {
				store_rollback(s);
				return rc;
			}
			n = sqlite3_changes(s->db);
			if ((rc = store_commit(s, err)))
				return rc;
			if (q == 0)
				*calls += n;
		} while (n > 0);
	}
	if ((rc = store_begin(s, err)))
		return rc;
	if (!(st = store_prepare(s, "DELETE FROM imports WHERE id = ?1", err))) {
		store_rollback(s);
		return err->status;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	snprintf(after, sizeof after, "{\"import\":\"%s\",\"calls\":%ld,\"why\":\"%s\"}", id, *calls,
		 why);
	if ((rc = store_exec_stmt(s, st, _("cannot remove an unfinished import"), err)) ||
	    (rc = store_audit(s, store_whoami(), "import_removed", "calls", NULL, NULL, after,
			      err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

enum status store_import_discard(struct store *s, struct error *err)
{
	char id[ID_LEN + 1];
	long calls = 0;

	if (!s->import_id[0])
		return ST_OK;
	memcpy(id, s->import_id, sizeof id);
	s->import_id[0] = '\0';
	return import_remove(s, id, "failed", &calls, err);
}

struct dead_import {
	char id[ID_LEN + 1];
};

static bool import_dead(struct store *s, const char *id, const char *host, int64_t pid,
			int64_t heartbeat)
{
	if (strcmp(host, host_name()) != 0)
		return time_now() - heartbeat > IMPORT_STALE_SECONDS;
	if (pid == (int64_t)getpid()) /* ours: an earlier one that could not clean up */
		return strcmp(id, s->import_id) != 0;
	return pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

enum status store_imports_reap(struct store *s, long *removed, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, host, pid, heartbeat FROM imports", err);
	struct dead_import dead[16];
	enum status rc = ST_OK;
	int n = 0;
	enum step r;

	*removed = 0;
	if (!st)
		return err->status;
	while (n < 16 && (r = store_step(s, st, _("cannot read the imports"), err)) == STEP_ROW)
		if (import_dead(s, (const char *)sqlite3_column_text(st, 0),
				(const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
				sqlite3_column_int64(st, 3)))
			snprintf(dead[n++].id, sizeof dead->id, "%s",
				 (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (n < 16 && r == STEP_ERROR)
		return err->status;
	for (int i = 0; i < n && !rc; i++)
		rc = import_remove(s, dead[i].id, "abandoned", removed, err);
	return rc;
}

enum status store_imports_running(struct store *s, long *count, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM imports", err);
	enum status rc;

	if (!st)
		return err->status;
	if ((rc = store_step_row(s, st, _("cannot read the imports"), err)))
		return rc;
	*count = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ST_OK;
}
