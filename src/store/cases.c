/* Cases: how repeat callers are linked, by a code or a nickname, never a name. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

void case_info_free(struct case_info *ci)
{
	free(ci->nickname);
	free(ci->note);
	ci->nickname = NULL;
	ci->note = NULL;
}

#define CASE_COLUMNS                                                                        \
	"SELECT k.code, k.nickname, k.created_at,"                                             \
	" (SELECT count(*) FROM calls c WHERE c.case_code = k.code AND" VISIBLE("c") "),"       \
	" k.note FROM cases k"

/* The same, and how many rows the query has before its LIMIT. */
#define CASE_COLUMNS_TOTAL                                                                  \
	"SELECT k.code, k.nickname, k.created_at,"                                             \
	" (SELECT count(*) FROM calls c WHERE c.case_code = k.code AND" VISIBLE("c") "),"       \
	" k.note, count(*) OVER () FROM cases k"

static void read_case(sqlite3_stmt *st, struct case_info *ci)
{
	memset(ci, 0, sizeof *ci);
	snprintf(ci->code, sizeof ci->code, "%s", (const char *)sqlite3_column_text(st, 0));
	ci->nickname = store_column_dup(st, 1);
	ci->created_at = sqlite3_column_int64(st, 2);
	ci->calls = sqlite3_column_int(st, 3);
	ci->note = store_column_dup(st, 4);
}

/* The start of a case code as typed ("w3y6", "K7Q2-9m", "k7q29m"), in the
 * canonical form to compare with (K7Q2-9M); "" when query cannot be one. */
static void code_prefix(const char *query, char out[CASE_CODE_LEN + 1])
{
	size_t n = 0, chars = 0;

	for (const char *p = query; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		if (!isalnum((unsigned char)*p) || chars == CASE_CODE_LEN - 1) {
			n = 0;
			break;
		}
		if (chars++ == 4)
			out[n++] = '-';
		out[n++] = (char)toupper((unsigned char)*p);
	}
	out[n] = '\0';
}

enum status store_cases_find(struct store *s, const char *query, store_case_fn fn, void *ctx,
			     int *total, struct error *err)
{
	char code[CASE_CODE_LEN + 1], prefix[CASE_CODE_LEN + 1];
	/* Codes are stored in one form, upper case: a prefix is a range. */
	sqlite3_stmt *st = store_prepare(
		s,
		CASE_COLUMNS_TOTAL " WHERE (k.code = ?1 OR (length(?3) > 0 AND k.code >= ?3"
		" AND k.code < ?3 || 'z') OR (length(?2) > 0 AND instr(k.nickname, ?2) > 0))"
		" AND" VISIBLE("k") "ORDER BY k.code = ?1 DESC, k.created_at DESC LIMIT 50",
		err);
	enum step r;

	if (!st)
		return err->status;
	if (!case_code_normalize(query, code))
		code[0] = '\0';
	code_prefix(query, prefix);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, query, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_TRANSIENT);
	if (total)
		*total = 0;
	while ((r = store_step(s, st, "cases", err)) == STEP_ROW) {
		struct case_info ci;
		int stop;

		if (total)
			*total = sqlite3_column_int(st, 5);
		read_case(st, &ci);
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
	sqlite3_stmt *st = store_prepare(s, CASE_COLUMNS " WHERE k.code = ?1", err);
	enum step r;

	memset(out, 0, sizeof *out);
	*found = false;
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, "cases", err)) == STEP_ERROR)
		return err->status;
	if (r == STEP_ROW) {
		read_case(st, out);
		*found = true;
	}
	sqlite3_reset(st);
	return ST_OK;
}

enum status store_case_rename(struct store *s, const char *code, const char *nickname,
			      const char *operator_name, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "SELECT json_object('nickname', length(CAST(nickname AS BLOB))) FROM cases"
		" WHERE code = ?1", err); /* bytes, as after */
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

enum status store_case_set_note(struct store *s, const char *code, const char *from,
				const char *note, const char *operator_name, struct error *err)
{
	sqlite3_stmt *st;
	char *before = NULL, after[64];
	size_t n = note ? strlen(note) : 0, bad;
	bool same;
	enum step r;
	enum status rc;

	if (n > CASE_NOTE_MAX)
		return error_at(err, ST_DATAERR, NULL, 0, "note", _("too long (%zu bytes, at most %zu)"),
				n, (size_t)CASE_NOTE_MAX);
	if (n && !utf8_valid(note, n, &bad))
		return error_at(err, ST_DATAERR, NULL, 0, "note", _("invalid UTF-8 at byte %zu"),
				bad + 1);
	if ((rc = store_begin(s, err)))
		return rc;
	/* Checked inside the write transaction: nobody changes it before the update. */
	if (!(st = store_prepare(s, "SELECT json_object('note', length(CAST(note AS BLOB))),"
				 " coalesce(note, '') = coalesce(?2, '') FROM cases WHERE code = ?1",
				 err)))
		goto fail;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 2, from);
	if ((r = store_step(s, st, "cases", err)) != STEP_ROW) {
		if (r == STEP_DONE)
			error_set(err, ST_NOINPUT, _("no case %s"), code);
		goto fail;
	}
	before = store_column_dup(st, 0);
	same = sqlite3_column_int(st, 1) != 0;
	sqlite3_reset(st);
	if (!same) {
		error_set(err, ST_CONFLICT,
			  _("someone changed the handover note of %s meanwhile"), code);
		goto fail;
	}
	if (!(st = store_prepare(s, "UPDATE cases SET note = ?2 WHERE code = ?1", err)))
		goto fail;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 2, n ? note : NULL);
	/* The length in bytes (before and after, as the calls' notes are
	 * audited), never the words: retention cannot reach the trail. */
	snprintf(after, sizeof after, n ? "{\"note\":%zu}" : "{\"note\":null}", n);
	if (store_exec_stmt(s, st, _("cannot change the case"), err) ||
	    store_audit(s, operator_name, "case_note", "case", code, before, after, err))
		goto fail;
	free(before);
	return store_commit(s, err);
fail:
	free(before);
	store_rollback(s);
	return err->status;
}

/* --- the summary --- */

void case_summary_free(struct case_summary *cs)
{
	case_info_free(&cs->info);
	free(cs->risks);
	free(cs->urgencies);
	for (size_t i = 0; i < cs->nreferrals; i++) {
		free(cs->referrals[i].resource);
		free(cs->referrals[i].name);
	}
	free(cs->referrals);
	free(cs->followups);
	memset(cs, 0, sizeof *cs);
}

/* Rows of (key, count, first, last) for sql (?1 the code). */
static enum status read_marks(struct store *s, const char *sql, const char *code,
			      struct case_mark **out, size_t *n, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql, err);
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	while ((r = store_step(s, st, "case", err)) == STEP_ROW) {
		struct case_mark *m;

		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		m = &(*out)[(*n)++];
		snprintf(m->key, sizeof m->key, "%s", (const char *)sqlite3_column_text(st, 0));
		m->count = sqlite3_column_int(st, 1);
		m->first = sqlite3_column_int64(st, 2);
		m->last = sqlite3_column_int64(st, 3);
	}
	return r == STEP_ERROR ? err->status : ST_OK;
}

static enum status read_referrals(struct store *s, struct case_summary *cs, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT c.id, c.started_at, r.resource_id, coalesce(d.name, r.resource_id), r.consent"
		" FROM calls c JOIN referrals r ON r.call_id = c.id"
		" LEFT JOIN resources d ON d.id = r.resource_id"
		" WHERE c.case_code = ?1 AND" VISIBLE("c") "ORDER BY c.started_at, c.id, r.pos", err);
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, cs->info.code, -1, SQLITE_TRANSIENT);
	while ((r = store_step(s, st, "case", err)) == STEP_ROW) {
		struct case_referral *f;

		cs->referrals = xrealloc(cs->referrals, (cs->nreferrals + 1) * sizeof *cs->referrals);
		f = &cs->referrals[cs->nreferrals++];
		snprintf(f->call_id, sizeof f->call_id, "%s", (const char *)sqlite3_column_text(st, 0));
		f->at = sqlite3_column_int64(st, 1);
		f->resource = store_column_dup(st, 2);
		f->name = store_column_dup(st, 3);
		f->consent = sqlite3_column_type(st, 4) == SQLITE_NULL ? CONSENT_UNSET
			     : sqlite3_column_int(st, 4)		 ? CONSENT_YES
									 : CONSENT_NO;
	}
	return r == STEP_ERROR ? err->status : ST_OK;
}

static int add_followup(const struct call_row *r, void *ctx)
{
	struct case_summary *cs = ctx;

	cs->followups = xrealloc(cs->followups, (cs->nfollowups + 1) * sizeof *cs->followups);
	cs->followups[cs->nfollowups++] = *r;
	return 0;
}

static enum status read_span(struct store *s, struct case_summary *cs, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT min(c.started_at), max(c.started_at),"
		" (SELECT o.outcome FROM calls o WHERE o.case_code = ?1 AND o.outcome IS NOT NULL"
		"  AND" VISIBLE("o") "ORDER BY o.started_at DESC, o.id DESC LIMIT 1)"
		" FROM calls c WHERE c.case_code = ?1 AND" VISIBLE("c"), err);
	const unsigned char *o;
	enum status rc;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, cs->info.code, -1, SQLITE_TRANSIENT);
	if ((rc = store_step_row(s, st, "case", err)))
		return rc;
	cs->first_call = sqlite3_column_int64(st, 0);
	cs->last_call = sqlite3_column_int64(st, 1);
	o = sqlite3_column_text(st, 2);
	snprintf(cs->last_outcome, sizeof cs->last_outcome, "%s", o ? (const char *)o : "");
	sqlite3_reset(st);
	return ST_OK;
}

static enum status summary_read(struct store *s, struct case_summary *cs, struct error *err)
{
	enum status rc;

	if ((rc = read_span(s, cs, err)) ||
	    (rc = read_marks(s,
			     "SELECT k.code, count(*), min(c.started_at), max(c.started_at)"
			     " FROM calls c JOIN call_codes k ON k.call_id = c.id AND k.field = 'risks'"
			     " WHERE c.case_code = ?1 AND" VISIBLE("c")
			     "GROUP BY k.code ORDER BY min(c.started_at), k.code",
			     cs->info.code, &cs->risks, &cs->nrisks, err)) ||
	    (rc = read_marks(s,
			     "SELECT c.urgency, count(*), min(c.started_at), max(c.started_at)"
			     " FROM calls c WHERE c.case_code = ?1 AND c.urgency IS NOT NULL AND"
			     VISIBLE("c") "GROUP BY c.urgency ORDER BY c.urgency",
			     cs->info.code, &cs->urgencies, &cs->nurgencies, err)) ||
	    (rc = read_referrals(s, cs, err)))
		return rc;
	return store_case_pending(s, cs->info.code, add_followup, cs, err);
}

enum status store_case_summary(struct store *s, const char *code, struct case_summary *out,
			       bool *found, struct error *err)
{
	enum status rc;

	memset(out, 0, sizeof *out);
	/* One snapshot: the figures agree with each other. */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, _("cannot read the database"), err);
	if (!(rc = store_case_get(s, code, &out->info, found, err)) && *found)
		rc = summary_read(s, out, err);
	sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	if (rc || !*found)
		case_summary_free(out);
	return rc;
}

enum status store_notes_read(struct store *s, const char *const *ids, size_t n, const char *via,
			     const char *operator_name, struct error *err)
{
	struct buf after;
	enum status rc;

	if (!n)
		return ST_OK;
	if ((rc = store_begin(s, err)))
		return rc;
	buf_init(&after);
	buf_puts(&after, "{\"via\":");
	buf_json_string(&after, via);
	buf_putc(&after, '}');
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_audit(s, operator_name, "read", "call", ids[i], NULL, after.s, err);
	buf_free(&after);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}
