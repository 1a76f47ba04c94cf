/* Cases: how repeat callers are linked, by a code or a nickname, never a name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

void case_info_free(struct case_info *ci)
{
	free(ci->nickname);
	ci->nickname = NULL;
}

enum status store_cases_find(struct store *s, const char *query, store_case_fn fn, void *ctx,
			     struct error *err)
{
	char code[CASE_CODE_LEN + 1];
	sqlite3_stmt *st = store_prepare(
		s,
		"SELECT k.code, k.nickname, k.created_at,"
		" (SELECT count(*) FROM calls c WHERE c.case_code = k.code AND" VISIBLE("c") ")"
		" FROM cases k WHERE (k.code = ?1 OR (length(?2) > 0 AND instr(k.nickname, ?2) > 0))"
		" AND" VISIBLE("k") "ORDER BY k.code = ?1 DESC, k.created_at DESC LIMIT 50",
		err);
	enum step r;

	if (!st)
		return err->status;
	if (!case_code_normalize(query, code))
		code[0] = '\0';
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, query, -1, SQLITE_TRANSIENT);
	while ((r = store_step(s, st, "cases", err)) == STEP_ROW) {
		struct case_info ci;
		int stop;

		memset(&ci, 0, sizeof ci);
		snprintf(ci.code, sizeof ci.code, "%s", (const char *)sqlite3_column_text(st, 0));
		ci.nickname = store_column_dup(st, 1);
		ci.created_at = sqlite3_column_int64(st, 2);
		ci.calls = sqlite3_column_int(st, 3);
		stop = fn(&ci, ctx);
		case_info_free(&ci);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

enum status store_case_get(struct store *s, const char *code, struct case_info *out, bool *found,
			   struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s,
		"SELECT k.code, k.nickname, k.created_at,"
		" (SELECT count(*) FROM calls c WHERE c.case_code = k.code AND" VISIBLE("c") ")"
		" FROM cases k WHERE k.code = ?1",
		err);
	enum step r;

	memset(out, 0, sizeof *out);
	*found = false;
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, "cases", err)) == STEP_ERROR)
		return err->status;
	if (r == STEP_ROW) {
		snprintf(out->code, sizeof out->code, "%s", (const char *)sqlite3_column_text(st, 0));
		out->nickname = store_column_dup(st, 1);
		out->created_at = sqlite3_column_int64(st, 2);
		out->calls = sqlite3_column_int(st, 3);
		*found = true;
	}
	sqlite3_reset(st);
	return ST_OK;
}

enum status store_case_rename(struct store *s, const char *code, const char *nickname,
			      const char *operator_name, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "SELECT json_object('nickname', length(nickname)) FROM cases WHERE code = ?1", err);
	char *before = NULL, after[64];
	enum step r;
	enum status rc;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, "cases", err)) != STEP_ROW)
		return r == STEP_ERROR ? err->status : error_set(err, ST_NOINPUT, _("no case %s"), code);
	before = store_column_dup(st, 0);
	sqlite3_reset(st);
	if (!(st = store_prepare(s, "UPDATE cases SET nickname = ?2 WHERE code = ?1", err))) {
		free(before);
		return err->status;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 2, nickname);
	snprintf(after, sizeof after, nickname ? "{\"nickname\":%zu}" : "{\"nickname\":null}",
		 nickname ? strlen(nickname) : (size_t)0);
	if (!(rc = store_exec_stmt(s, st, _("cannot change the case"), err)))
		rc = store_audit(s, operator_name, "case_rename", "case", code, before, after, err);
	free(before);
	return rc;
}

/* One non-canonical case into its canonical one. */
static enum status case_merge(struct store *s, const char *from, const char *into,
			      struct error *err)
{
	static const char *const sql[] = {
		"INSERT INTO cases(code, nickname, created_at)"
		" SELECT ?2, nickname, created_at FROM cases WHERE code = ?1"
		" ON CONFLICT(code) DO UPDATE SET nickname = coalesce(cases.nickname,"
		" excluded.nickname), created_at = min(cases.created_at, excluded.created_at)",
		"UPDATE calls SET case_code = ?2 WHERE case_code = ?1",
		"DELETE FROM cases WHERE code = ?1 AND ?2 IS NOT NULL",
	};
	char after[96];
	enum status rc;

	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		sqlite3_stmt *st = store_prepare(s, sql[i], err);

		if (!st)
			return err->status;
		sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, into, -1, SQLITE_TRANSIENT);
		if ((rc = store_exec_stmt(s, st, _("cannot update the database schema"), err)))
			return rc;
	}
	snprintf(after, sizeof after, "{\"merged_into\":\"%s\"}", into);
	return store_audit(s, store_whoami(), "case_merge", "case", from, NULL, after, err);
}

enum status store_cases_canonical(struct store *s, struct error *err)
{
	sqlite3_stmt *st;
	char **from = NULL, canon[CASE_CODE_LEN + 1];
	size_t n = 0;
	enum status rc = ST_OK;
	enum step r;

	/* Collected first: merging changes the table being read. */
	if (sqlite3_prepare_v2(s->db, "SELECT code FROM cases", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, _("cannot update the database schema"), err);
	while ((r = store_step(s, st, _("cannot update the database schema"), err)) == STEP_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);

		if (code && case_code_normalize(code, canon) && strcmp(code, canon) != 0) {
			from = xrealloc(from, (n + 1) * sizeof *from);
			from[n++] = xstrdup(code);
		}
	}
	sqlite3_finalize(st);
	if (r == STEP_ERROR)
		rc = err->status;
	for (size_t i = 0; i < n; i++) {
		if (!rc && case_code_normalize(from[i], canon))
			rc = case_merge(s, from[i], canon, err);
		free(from[i]);
	}
	free(from);
	return rc;
}

enum status store_case_create(struct store *s, const char *nickname, char *code_out,
			      struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "INSERT OR IGNORE INTO cases(code, nickname, created_at) VALUES (?1, ?2, ?3)", err);

	if (!st)
		return err->status;
	/* 30^8 codes: a clash is rare, but a new code is cheap. */
	for (int tries = 0; tries < 16; tries++) {
		enum status rc;

		case_code_new(code_out);
		sqlite3_bind_text(st, 1, code_out, -1, SQLITE_TRANSIENT);
		store_bind_text(st, 2, nickname && *nickname ? nickname : NULL);
		sqlite3_bind_int64(st, 3, time_now());
		if ((rc = store_exec_stmt(s, st, _("cannot create the case"), err)))
			return rc;
		if (sqlite3_changes(s->db) == 1)
			return ST_OK;
	}
	return error_set(err, ST_SOFTWARE, _("cannot find a free case code"));
}
