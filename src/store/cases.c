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
		" (SELECT count(*) FROM calls WHERE case_code = k.code)"
		" FROM cases k WHERE k.code = ?1 OR (length(?2) > 0 AND instr(k.nickname, ?2) > 0)"
		" ORDER BY k.code = ?1 DESC, k.created_at DESC LIMIT 50",
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
