/* Retention ("shredding"): free text goes, coded values stay for statistics. */
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define PURGE_WIPE_MS 10000 /* how long purge waits for readers to let go */

#include "internal.h"
#include "soudan/i18n.h"

#define OLD_CALLS "FROM calls WHERE started_at < ?1 AND legal_hold = 0"
/* Cases with no call since (nor one on legal hold), made before. */
#define STALE_CASE                                                                        \
	"NOT EXISTS (SELECT 1 FROM calls"                                                 \
	" WHERE case_code = cases.code AND (started_at >= ?1 OR legal_hold = 1))"         \
	" AND created_at < ?1"
#define OLD_CASES "FROM cases WHERE nickname IS NOT NULL AND " STALE_CASE
#define OLD_CASE_NOTES "FROM cases WHERE note IS NOT NULL AND " STALE_CASE

#define OLD_DRAFT                                                                         \
	"(updated_at < ?1 OR coalesce(unixepoch(json_extract(data, '$.started_at')), 0) < ?1)" \
	" AND NOT EXISTS (SELECT 1 FROM calls WHERE id = drafts.call_id AND legal_hold = 1)"


struct purge_step {
	const char *count_sql, *apply_sql;
	size_t offset;
};

static const struct purge_step steps[] = {
	{"SELECT count(*) " OLD_CALLS " AND notes <> ''",
	 "UPDATE calls SET notes = '', purged_at = ?2 WHERE started_at < ?1 AND legal_hold = 0"
	 " AND notes <> ''",
	 offsetof(struct purge_counts, notes)},
	{"SELECT count(*) FROM referrals WHERE note IS NOT NULL AND call_id IN (SELECT id " OLD_CALLS ")",
	 "UPDATE referrals SET note = NULL WHERE note IS NOT NULL AND call_id IN (SELECT id "
	 OLD_CALLS ") AND ?2 IS NOT NULL",
	 offsetof(struct purge_counts, referral_notes)},
	{"SELECT count(*) " OLD_CASES,
	 "UPDATE cases SET nickname = NULL WHERE code IN (SELECT code " OLD_CASES ") AND ?2 IS NOT NULL",
	 offsetof(struct purge_counts, nicknames)},
	/* The handover note (申し送り) goes with the nickname. */
	{"SELECT count(*) " OLD_CASE_NOTES,
	 "UPDATE cases SET note = NULL WHERE code IN (SELECT code " OLD_CASE_NOTES ") AND ?2 IS NOT NULL",
	 offsetof(struct purge_counts, case_notes)},
	/* Drafts untouched since, and drafts of calls that started before (an
	 * old call opened again keeps no copy of the words purge blanks). */
	{"SELECT count(*) FROM drafts WHERE " OLD_DRAFT,
	 "DELETE FROM drafts WHERE " OLD_DRAFT " AND ?2 IS NOT NULL",
	 offsetof(struct purge_counts, drafts)},
	/* The shift log (申し送り) goes with the notes; a legal hold keeps calls,
	 * not these. */
	{"SELECT count(*) FROM shift_log WHERE at < ?1",
	 "DELETE FROM shift_log WHERE at < ?1 AND ?2 IS NOT NULL",
	 offsetof(struct purge_counts, shift_log)},
	{"SELECT count(*) FROM calls WHERE started_at < ?1 AND legal_hold = 1 AND notes <> ''", NULL,
	 offsetof(struct purge_counts, held)},
};

static enum status purge_step_run(struct store *s, const struct purge_step *p, int64_t cutoff,
				  bool dry_run, struct purge_counts *out, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, p->count_sql, err);
	long *slot = (long *)((char *)out + p->offset);

	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, cutoff);
	if (store_step_row(s, st, _("cannot count what to purge"), err))
		return err->status;
	*slot = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (dry_run || !p->apply_sql || *slot == 0)
		return ST_OK;
	if (!(st = store_prepare(s, p->apply_sql, err)))
		return err->status;
	sqlite3_bind_int64(st, 1, cutoff);
	sqlite3_bind_int64(st, 2, time(NULL));
	return store_exec_stmt(s, st, _("cannot purge"), err);
}

enum status store_purge(struct store *s, int64_t cutoff, bool dry_run, const char *operator_name,
			struct purge_counts *out, struct error *err)
{
	char after[256];
	enum status rc;

	*out = (struct purge_counts){0};
	if ((rc = store_begin(s, err)))
		return rc;
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if ((rc = purge_step_run(s, &steps[i], cutoff, dry_run, out, err)))
			goto fail;
	if (dry_run) {
		store_rollback(s);
		return ST_OK;
	}
	snprintf(after, sizeof after,
		 "{\"cutoff\":%lld,\"notes\":%ld,\"referral_notes\":%ld,\"nicknames\":%ld,"
		 "\"case_notes\":%ld,\"drafts\":%ld,\"shift_log\":%ld,\"held\":%ld}",
		 (long long)cutoff, out->notes, out->referral_notes, out->nicknames, out->case_notes,
		 out->drafts, out->shift_log, out->held);
	if ((rc = store_audit(s, operator_name, "purge", "calls", NULL, NULL, after, err)) ||
	    (rc = store_wipe_owed(s, sqlite3_last_insert_rowid(s->db), err)) ||
	    (rc = store_commit(s, err)))
		goto fail;
	/* The blanked words are still in the -wal file: wipe them now, waiting
	 * a little for other sessions to finish reading. */
	return store_wipes_finish(s, PURGE_WIPE_MS, &out->wipe_owed, err);
fail:
	store_rollback(s);
	return rc;
}

enum status store_wipe_owed(struct store *s, int64_t purge_seq, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO wipes(purge_seq, purged_at) VALUES (?1, ?2)",
					 err);

	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, purge_seq);
	sqlite3_bind_int64(st, 2, time(NULL));
	return store_exec_stmt(s, st, _("cannot purge"), err);
}

static enum status wipes_count(struct store *s, long *n, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM wipes", err);
	enum status rc;

	if (!st)
		return err->status;
	if (!(rc = store_step_row(s, st, _("cannot purge"), err)))
		*n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

/* The journal copied into the database and cut to nothing; false while
 * another session still reads an older state (then nothing is lost: the
 * next try does it). In our writers' turn, so that no save of ours is in
 * the way. */
static enum status wipe_checkpoint(struct store *s, int wait_ms, bool *done, struct error *err)
{
	struct timespec pause = {0, 100000000};
	int64_t tries = wait_ms / 100 + 1;
	int rc = SQLITE_BUSY;
	enum status st;

	*done = false;
	if ((st = store_turn_take(s, err)))
		return st == ST_TEMPFAIL ? ST_OK : st;
	sqlite3_busy_timeout(s->db, wait_ms < 100 ? 0 : 100);
	while (tries-- > 0 &&
	       (rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
					       NULL)) == SQLITE_BUSY)
		if (tries)
			nanosleep(&pause, NULL);
	sqlite3_busy_timeout(s->db, s->busy_ms);
	st = rc == SQLITE_OK || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED
		     ? ST_OK
		     : store_fail(s, _("cannot wipe the journal"), err);
	store_turn_give(s);
	*done = rc == SQLITE_OK;
	return st;
}

/* The wipe done: recorded, with the purges it finished. */
static enum status wipes_done(struct store *s, struct error *err)
{
	sqlite3_stmt *st;
	char after[96];
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if (!(st = store_prepare(s, "DELETE FROM wipes", err))) {
		store_rollback(s);
		return err->status;
	}
	snprintf(after, sizeof after, "{\"wiped_at\":%lld}", (long long)time(NULL));
	if ((rc = store_exec_stmt(s, st, _("cannot purge"), err)) ||
	    (rc = store_audit(s, store_whoami(), "purge_wiped", "calls", NULL, NULL, after, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

enum status store_wipes_finish(struct store *s, int wait_ms, long *owed, struct error *err)
{
	enum status rc;

	bool done;

	*owed = 0;
	if (s->readonly)
		return ST_OK;
	if ((rc = wipes_count(s, owed, err)) || !*owed ||
	    (rc = wipe_checkpoint(s, wait_ms, &done, err)) || !done)
		return rc;
	*owed = 0;
	return wipes_done(s, err);
}

enum status store_call_hold(struct store *s, const char *id, bool hold, struct error *err)
{
	sqlite3_stmt *st;
	enum status rc;
	const char *state = hold ? "{\"legal_hold\":true}" : "{\"legal_hold\":false}";

	if ((rc = store_begin(s, err)))
		return rc;
	if (!(st = store_prepare(s, "UPDATE calls SET legal_hold = ?2 WHERE id = ?1", err))) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, hold);
	if ((rc = store_exec_stmt(s, st, _("cannot change the legal hold"), err)))
		goto fail;
	if (sqlite3_changes(s->db) == 0) {
		rc = error_set(err, ST_NOINPUT, _("no call with id %s"), id);
		goto fail;
	}
	if ((rc = store_audit(s, store_whoami(), hold ? "hold" : "release", "call", id, NULL, state,
			      err)))
		goto fail;
	return store_commit(s, err);
fail:
	store_rollback(s);
	return rc;
}
