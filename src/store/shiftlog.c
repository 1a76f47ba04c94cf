/* The shift log (申し送り): short entries that operators and supervisors
 * write for the next shift. Free text like the notes: audited by its length
 * only, removed by purge with the notes (legal hold is for calls, and does
 * not keep these), and never about a caller by name: the anonymity warning
 * of the notes applies, and an entry that looked identifying is flagged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

void shift_log_free(struct shift_log *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].site);
		free(l->v[i].text);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* One line or a few, visible text and newlines only, not blank. */
static enum status check_text(const char *text, struct error *err)
{
	size_t n = text ? strlen(text) : 0, bad, blank = 0;

	if (n > SHIFT_LOG_MAX)
		return error_at(err, ST_DATAERR, NULL, 0, "text",
				_("longer than %d bytes (%zu)"), SHIFT_LOG_MAX, n);
	if (!utf8_valid(text ? text : "", n, &bad))
		return error_at(err, ST_DATAERR, NULL, 0, "text", _("invalid UTF-8 at byte %zu"),
				bad + 1);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(text + i, n - i, &cp);

		if (text_is_dangerous(cp, TEXT_KEEP_NEWLINE))
			return error_at(err, ST_DATAERR, NULL, 0, "text",
					_("control or invisible character at byte %zu"), i + 1);
		blank += cp == ' ' || cp == '\n' || cp == 0x3000 ? k : 0;
		i += k;
	}
	if (blank == n)
		return error_at(err, ST_DATAERR, NULL, 0, "text", _("empty"));
	return ST_OK;
}

/* {"text":"[N bytes]", ...}: the length, never the words. */
static void audit_text(struct buf *b, size_t len, const char *key, const char *value)
{
	buf_printf(b, "{\"text\":\"[%zu bytes]\",", len);
	buf_json_string(b, key);
	buf_putc(b, ':');
	buf_puts(b, value);
	buf_putc(b, '}');
}

static enum status entry_insert(struct store *s, const char *id, const char *site,
				const char *text, const char *operator_name, bool flagged,
				struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO shift_log(id, at, author, site, text, flagged)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO NOTHING", err);
	struct buf after;
	enum status rc;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, time_now());
	sqlite3_bind_text(st, 3, operator_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, site ? site : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, flagged);
	if ((rc = store_exec_stmt(s, st, _("cannot write the shift log"), err)))
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return ST_OK; /* written by an earlier try whose answer was lost */
	buf_init(&after);
	audit_text(&after, strlen(text), "flagged", flagged ? "true" : "false");
	rc = store_audit(s, operator_name, "shift_log_add", "shift_log", id, NULL, after.s, err);
	buf_free(&after);
	return rc;
}

enum status store_shift_log_add(struct store *s, const char *id, const char *site,
				const char *text, const char *operator_name, bool *flagged,
				struct error *err)
{
	bool looks = false;
	enum status rc;

	if (!id_valid(id))
		return error_at(err, ST_DATAERR, NULL, 0, "id", _("not a UUID"));
	if ((rc = check_text(text, err)))
		return rc;
	looks = call_notes_identifying(text) != NULL;
	if (flagged)
		*flagged = looks;
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = entry_insert(s, id, site, text, operator_name, looks, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

static enum status entry_delete(struct store *s, const char *id, const char *operator_name,
				struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT author, length(CAST(text AS BLOB)) FROM shift_log WHERE id = ?1", err);
	char author[64];
	struct buf before, who;
	size_t len;
	enum step r;
	enum status rc;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot read the shift log"), err)) != STEP_ROW)
		return r == STEP_ERROR ? err->status
				       : error_set(err, ST_NOINPUT, _("no shift log entry %s"), id);
	snprintf(author, sizeof author, "%s", (const char *)sqlite3_column_text(st, 0));
	len = (size_t)sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (!s->supervisor && strcmp(author, operator_name) != 0)
		return error_set(err, ST_NOPERM, _("this entry was written by %s: only they or a"
						   " supervisor may remove it"), author);
	if (!(st = store_prepare(s, "DELETE FROM shift_log WHERE id = ?1", err)))
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(s, st, _("cannot write the shift log"), err)))
		return rc;
	buf_init(&who);
	buf_init(&before);
	buf_json_string(&who, author);
	audit_text(&before, len, "author", who.s);
	rc = store_audit(s, operator_name, "shift_log_remove", "shift_log", id, before.s, NULL, err);
	buf_free(&who);
	buf_free(&before);
	/* Its words are in the journal still: wiped like a purge's. */
	return rc ? rc : store_wipe_owed(s, sqlite3_last_insert_rowid(s->db), err);
}

enum status store_shift_log_remove(struct store *s, const char *id, const char *operator_name,
				   struct error *err)
{
	struct error later;
	long owed;
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = entry_delete(s, id, operator_name, err))) {
		store_rollback(s);
		return rc;
	}
	if ((rc = store_commit(s, err)))
		return rc;
	/* One try now; the next start or soudan check finishes it otherwise. */
	error_clear(&later);
	store_wipes_finish(s, 0, &owed, &later);
	return ST_OK;
}

/* The rows of st (id, at, author, site, text, flagged) into out. */
static enum status entries_read(struct store *s, sqlite3_stmt *st, struct shift_log *out,
				struct error *err)
{
	enum step r;

	while ((r = store_step(s, st, _("cannot read the shift log"), err)) == STEP_ROW) {
		struct shift_entry *e;

		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		e = &out->v[out->n++];
		memset(e, 0, sizeof *e);
		snprintf(e->id, sizeof e->id, "%s", (const char *)sqlite3_column_text(st, 0));
		e->at = sqlite3_column_int64(st, 1);
		snprintf(e->author, sizeof e->author, "%s", (const char *)sqlite3_column_text(st, 2));
		e->site = store_column_dup(st, 3);
		e->text = store_column_dup(st, 4);
		e->flagged = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	if (r != STEP_ERROR)
		return ST_OK;
	shift_log_free(out);
	return err->status;
}

enum status store_shift_log_latest(struct store *s, const char *site, int64_t since, int limit,
				   struct shift_log *out, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, at, author, site, text, flagged FROM shift_log WHERE at >= ?1"
		" AND (?2 IS NULL OR site = ?2) ORDER BY at DESC, id DESC LIMIT ?3", err);

	memset(out, 0, sizeof *out);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, since);
	store_bind_text(st, 2, site);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	return entries_read(s, st, out, err);
}

enum status store_shift_log_between(struct store *s, int64_t from, int64_t to, const char *site,
				    struct shift_log *out, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, at, author, site, text, flagged FROM shift_log WHERE at >= ?1"
		" AND at < ?2 AND (?3 IS NULL OR site = ?3) ORDER BY at, id", err);

	memset(out, 0, sizeof *out);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	store_bind_text(st, 3, site);
	return entries_read(s, st, out, err);
}
