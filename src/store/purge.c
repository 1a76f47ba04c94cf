/* Retention ("shredding"): free text goes, coded values stay for statistics. */
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "internal.h"
#include "soudan/i18n.h"

#define OLD_CALLS "FROM calls WHERE started_at < ?1 AND legal_hold = 0"
#define OLD_CASES                                                                         \
	"FROM cases WHERE nickname IS NOT NULL AND NOT EXISTS (SELECT 1 FROM calls"       \
	" WHERE case_code = cases.code AND (started_at >= ?1 OR legal_hold = 1))"         \
	" AND created_at < ?1"

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
	{"SELECT count(*) FROM drafts WHERE updated_at < ?1",
	 "DELETE FROM drafts WHERE updated_at < ?1 AND ?2 IS NOT NULL",
	 offsetof(struct purge_counts, drafts)},
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
		 "\"drafts\":%ld,\"held\":%ld}",
		 (long long)cutoff, out->notes, out->referral_notes, out->nicknames, out->drafts,
		 out->held);
	if ((rc = store_audit(s, operator_name, "purge", "calls", NULL, NULL, after, err)))
		goto fail;
	return store_commit(s, err);
fail:
	store_rollback(s);
	return rc;
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
