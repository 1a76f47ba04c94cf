/* Drafts: the open call as interface JSON, one row per call, so that a dropped
 * connection or a kill loses at most the last second of typing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* Bind t, or NULL for 0 (no time). */
static void bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t)
		sqlite3_bind_int64(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

/* The draft row itself, inside the caller's transaction. Beside the JSON,
 * what the calls in progress show (store_calls_in_progress), never notes. */
static enum status draft_row(struct store *s, const char *draft_id, const struct call *c,
			     struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s,
		"INSERT INTO drafts(id, call_id, base_version, operator, updated_at, data,"
		" started_at, ended_at, site, urgency, risks, debrief_reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
		" ON CONFLICT(id) DO UPDATE SET"
		" base_version = excluded.base_version, updated_at = excluded.updated_at,"
		" data = excluded.data, started_at = excluded.started_at,"
		" ended_at = excluded.ended_at, site = excluded.site, urgency = excluded.urgency,"
		" risks = excluded.risks, debrief_reason = excluded.debrief_reason",
		err);
	const struct strlist *risks = &c->multi[CM_RISKS];
	struct buf json, keys;
	enum status rc;

	if (!st)
		return err->status;
	buf_init(&json);
	buf_init(&keys);
	call_to_json(c, &json);
	for (size_t i = 0; i < risks->n; i++)
		buf_printf(&keys, "%s%s", i ? " " : "", risks->v[i]);
	bind_time(st, 7, c->started_at);
	bind_time(st, 8, c->ended_at);
	store_bind_text(st, 9, c->site);
	store_bind_text(st, 10, c->coded[CF_URGENCY]);
	store_bind_text(st, 11, keys.len ? keys.s : NULL);
	store_bind_text(st, 12, c->debrief_reason);
	sqlite3_bind_text(st, 1, draft_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, c->id, -1, SQLITE_TRANSIENT);
	if (c->version > 0)
		sqlite3_bind_int64(st, 3, c->version);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, store_whoami(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, time_now());
	sqlite3_bind_text(st, 6, json.s, (int)json.len, SQLITE_STATIC);
	rc = store_exec_stmt(s, st, _("cannot save the draft"), err);
	sqlite3_clear_bindings(st);
	buf_free(&json);
	buf_free(&keys);
	return rc;
}

enum status store_draft_write(struct store *s, const char *draft_id, const struct call *c,
			      char *moved_to, struct error *err)
{
	struct lease_holder holder;
	char other[ID_LEN + 1];
	struct error lost;
	enum status held = ST_OK, rc;

	/* Its own transaction, so that it takes its turn in the writers' queue. */
	if ((rc = store_begin(s, err)))
		return rc;
	error_clear(&lost);
	/* A call's own draft goes with holding the call (the heartbeat); a
	 * separate draft (kept from a conflict) is nobody else's. */
	/* Saved by someone else since this edit began: never an edit of the new
	 * version without anyone seeing both (and the call is not held for it). */
	if (strcmp(draft_id, c->id) == 0 && (held = store_version_check(s, c, &lost)) == ST_OK)
		held = store_lease_hold(s, c->id, false, &holder, &lost);
	if (held == ST_OK) {
		rc = draft_row(s, draft_id, c, err);
	} else if (held == ST_CONFLICT) {
		/* Another session holds the call: never write over its draft. */
		id_new(other);
		rc = draft_row(s, other, c, err);
	} else {
		*err = lost;
		rc = held;
	}
	if (rc) {
		store_rollback(s);
		return rc;
	}
	if ((rc = store_commit(s, err)))
		return rc;
	if (held == ST_OK)
		return ST_OK;
	if (moved_to)
		memcpy(moved_to, other, sizeof other);
	*err = lost;
	return ST_CONFLICT;
}

enum status store_draft_put(struct store *s, const struct call *c, struct error *err)
{
	return store_draft_write(s, c->id, c, NULL, err);
}

enum status store_draft_delete(struct store *s, const char *id, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM drafts WHERE id = ?1", err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	return store_exec_stmt(s, st, _("cannot remove the draft"), err);
}

/* The draft's call (column col), with the version it edits (0: a new call)
 * and the debrief reason chosen (col + 1, col + 2). */
static enum status draft_parse(struct store *s, sqlite3_stmt *st, int col, struct call *out,
			       struct error *err)
{
	const char *data = (const char *)sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	enum status rc;

	call_init(out);
	rc = store_call_from_json(s, data ? data : "{}", data ? n : 2, out, err);
	out->version = sqlite3_column_int64(st, col + 1);
	out->debrief_reason = store_column_dup(st, col + 2);
	return rc;
}

enum status store_draft_get(struct store *s, const char *id, struct call *out, struct error *err)
{
	sqlite3_stmt *st;
	enum status rc;
	int64_t base;
	char *data, *reason;

	st = store_prepare(s, "SELECT data, base_version, debrief_reason FROM drafts WHERE id = ?1",
			   err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	switch (store_step(s, st, "draft", err)) {
	case STEP_ERROR: return err->status;
	case STEP_DONE: return error_set(err, ST_NOINPUT, _("no draft with id %s"), id);
	case STEP_ROW: break;
	}
	/* Copy: parsing uses cached statements that may be this one's neighbours. */
	data = store_column_dup(st, 0);
	base = sqlite3_column_int64(st, 1);
	reason = store_column_dup(st, 2);
	sqlite3_reset(st);
	call_init(out);
	rc = store_call_from_json(s, data, strlen(data), out, err);
	out->version = base;
	out->debrief_reason = reason;
	free(data);
	return rc;
}

enum status store_drafts_of(struct store *s, const char *operator_name, store_draft_fn fn,
			    void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	enum status ret = ST_OK;
	enum step r;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT id, updated_at, data, base_version, debrief_reason FROM drafts"
			       " WHERE operator = ?1"
			       " ORDER BY updated_at",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "drafts", err);
	sqlite3_bind_text(st, 1, operator_name, -1, SQLITE_TRANSIENT);
	while ((r = store_step(s, st, "drafts", err)) == STEP_ROW) {
		struct call c;
		int stop = 0;

		/* A draft that no longer parses is reported, never passed over. */
		if (draft_parse(s, st, 2, &c, err) == ST_OK)
			stop = fn((const char *)sqlite3_column_text(st, 0),
				  sqlite3_column_int64(st, 1), &c, ctx);
		else if (!ret)
			ret = err->status;
		call_free(&c);
		if (stop)
			break;
	}
	if (r == STEP_ERROR)
		ret = err->status;
	sqlite3_finalize(st);
	return ret;
}
