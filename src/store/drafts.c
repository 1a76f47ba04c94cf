/* Drafts: the open call as interface JSON, one row per call, so that a dropped
 * connection or a kill loses at most the last second of typing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

enum status store_draft_put(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s,
		"INSERT INTO drafts(id, operator, updated_at, data) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
		err);
	struct buf json;
	enum status rc;

	if (!st)
		return err->status;
	buf_init(&json);
	call_to_json(c, &json);
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, store_whoami(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, time_now());
	sqlite3_bind_text(st, 4, json.s, (int)json.len, SQLITE_STATIC);
	/* A single statement is its own transaction (autocommit), durable at FULL. */
	rc = store_exec_stmt(s, st, _("cannot save the draft"), err);
	sqlite3_reset(st);
	buf_free(&json);
	return rc;
}

enum status store_draft_delete(struct store *s, const char *id, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM drafts WHERE id = ?1", err);

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	return store_exec_stmt(s, st, _("cannot remove the draft"), err);
}

static enum status draft_parse(struct store *s, sqlite3_stmt *st, int col, struct call *out,
			       struct error *err)
{
	const char *data = (const char *)sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);

	call_init(out);
	return store_call_from_json(s, data ? data : "{}", data ? n : 2, out, err);
}

enum status store_draft_get(struct store *s, const char *id, struct call *out, struct error *err)
{
	sqlite3_stmt *st;
	enum status rc;
	char *data;

	st = store_prepare(s, "SELECT data FROM drafts WHERE id = ?1", err);
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
	sqlite3_reset(st);
	call_init(out);
	rc = store_call_from_json(s, data, strlen(data), out, err);
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
			       "SELECT id, updated_at, data FROM drafts WHERE operator = ?1"
			       " ORDER BY updated_at",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "drafts", err);
	sqlite3_bind_text(st, 1, operator_name, -1, SQLITE_TRANSIENT);
	while ((r = store_step(s, st, "drafts", err)) == STEP_ROW) {
		struct call c;
		int stop = 0;

		if (draft_parse(s, st, 2, &c, err) == ST_OK)
			stop = fn((const char *)sqlite3_column_text(st, 0),
				  sqlite3_column_int64(st, 1), &c, ctx);
		call_free(&c);
		if (stop)
			break;
	}
	if (r == STEP_ERROR)
		ret = err->status;
	sqlite3_finalize(st);
	return ret;
}
