/* Follow-ups: continued calls, due on their next-contact date or waiting for
 * the caller, until a later call on the case reaches the person (contacted)
 * or someone closes them with a result. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* The follow-up columns of a call as JSON (the audit's before and after). */
static char *followup_state(struct store *s, const char *id, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT json_object('next_contact', next_contact, 'assigned_to', assigned_to,"
		" 'followup_state', followup_state, 'followup_closed_at', followup_closed_at,"
		" 'followup_closed_by', followup_closed_by, 'followup_result', followup_result,"
		" 'followup_call', followup_call) FROM calls WHERE id = ?1", err);
	char *out = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	switch (store_step(s, st, _("cannot read the follow-up"), err)) {
	case STEP_ROW: out = xstrdup((const char *)sqlite3_column_text(st, 0)); break;
	case STEP_DONE: error_set(err, ST_NOINPUT, _("no call with id %s"), id); break;
	case STEP_ERROR: break;
	}
	sqlite3_reset(st);
	return out;
}

/* One change to a follow-up and its audit entry, inside the caller's
 * transaction: sql takes ?1 the id, ?2 now and ?3.. the texts v (NULL ends
 * them; an SQL NULL is not among them). When it changes no row, the
 * follow-up was no longer pending: ST_CONFLICT. */
static enum status followup_apply(struct store *s, const char *operator_name, const char *action,
				  const char *sql, const char *id, const char *const *v,
				  struct error *err)
{
	char *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	enum status rc;

	if (!(before = followup_state(s, id, err)) || !(st = store_prepare(s, sql, err))) {
		rc = err->status;
		goto done;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, time_now());
	for (int i = 0; v[i]; i++)
		sqlite3_bind_text(st, 3 + i, v[i], -1, SQLITE_TRANSIENT);
	if ((rc = store_exec_stmt(s, st, _("cannot update the follow-up"), err)))
		goto done;
	if (sqlite3_changes(s->db) == 0) {
		rc = error_set(err, ST_CONFLICT,
			       _("this follow-up is no longer open: a later call on the case or"
				 " another operator ended it"));
		goto done;
	}
	if (!(after = followup_state(s, id, err)))
		rc = err->status;
	else
		rc = store_audit(s, operator_name, action, "call", id, before, after, err);
done:
	free(before);
	free(after);
	return rc;
}

/* The same in a transaction of its own. */
static enum status followup_change(struct store *s, const char *operator_name, const char *action,
				   const char *sql, const char *id, const char *const *v,
				   struct error *err)
{
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = followup_apply(s, operator_name, action, sql, id, v, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

enum status store_followup_close(struct store *s, const char *id, const char *result,
				 const char *operator_name, struct error *err)
{
	const char *v[] = {operator_name ? operator_name : "", result, NULL};

	/* result NULL: none recorded (an unbound ?4 is NULL), as before results
	 * were asked for. */
	return followup_change(s, operator_name, "followup_close",
			       "UPDATE calls SET followup_state = 'closed', followup_closed_at = ?2,"
			       " followup_closed_by = ?3, followup_result = ?4"
			       " WHERE id = ?1 AND" STORE_PENDING("calls"),
			       id, v, err);
}

enum status store_followup_reschedule(struct store *s, const char *id, const char *date,
				      const char *operator_name, struct error *err)
{
	const char *v[] = {date, NULL};
	char today[16];
	struct date d;

	if (!date_parse(date, &d))
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact",
				_("not a date (YYYY-MM-DD)"));
	/* Only screens reschedule: an import keeps historical dates. */
	time_format_local(time_now(), "%Y-%m-%d", today, sizeof today);
	if (strcmp(date, today) < 0)
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact",
				_("the next contact is before today (%s)"), today);
	/* A date ends the wait for the caller. */
	return followup_change(s, operator_name, "followup_reschedule",
			       "UPDATE calls SET next_contact = ?3, followup_state = NULL"
			       " WHERE id = ?1 AND" STORE_PENDING("calls"),
			       id, v, err);
}

enum status store_followup_assign(struct store *s, const char *id, const char *assignee,
				  const char *operator_name, struct error *err)
{
	const char *v[] = {assignee, NULL};

	return followup_change(s, operator_name, "followup_assign",
			       "UPDATE calls SET assigned_to = ?3 WHERE id = ?1",
			       id, v, err);
}

/* --- contacted: a later call on the case reached the person --- */

/* n: a call on the same case as f, after it (by start, then id). */
#define LATER(n, f)                                                                          \
	" " n ".case_code = " f ".case_code AND " n ".id <> " f ".id AND (" n ".started_at > " f \
	".started_at OR (" n ".started_at = " f ".started_at AND " n ".id > " f ".id)) "
/* f is pending, or was contacted by a call after n: n, which came in since
 * (an import in any order), is the first call after f. */
#define REACHABLE(f, n)                                                                      \
	" (" STORE_PENDING(f) "OR (" f ".followup_state = 'contacted' AND EXISTS (SELECT 1"    \
	" FROM calls z WHERE z.id = " f ".followup_call AND" LATER("z", n) "))) "
/* Calls everyone sees (?2 NULL), or those of the import being written (?2). */
#define IN_SCOPE(a) " (CASE WHEN ?2 IS NULL THEN" VISIBLE(a) "ELSE " a ".import_id IS ?2 END) "

struct contact {
	char *id, *by_call, *by, *at;
};

static void contacts_free(struct contact *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].by_call);
		free(v[i].by);
		free(v[i].at);
	}
	free(v);
}

/* Rows of st as (follow-up id, contacting call id, its start, its operator). */
static enum status contacts_read(struct store *s, sqlite3_stmt *st, struct contact **out,
				 size_t *n, struct error *err)
{
	enum step r;

	while ((r = store_step(s, st, _("cannot read the follow-up"), err)) == STEP_ROW) {
		struct contact *k;

		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		k = &(*out)[(*n)++];
		k->id = store_column_dup(st, 0);
		k->by_call = store_column_dup(st, 1);
		k->at = store_column_dup(st, 2);
		k->by = store_column_dup(st, 3);
	}
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* Each follow-up marked contacted, when the contacting call started, by its
 * operator: the same whether saved now or imported years later, so that an
 * export imported again gives the same calls. Audited as who. */
static enum status contacts_apply(struct store *s, struct contact *v, size_t n, const char *who,
				  struct error *err)
{
	enum status rc = ST_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		const char *vals[] = {v[i].at, v[i].by ? v[i].by : "", v[i].by_call, NULL};

		rc = followup_apply(s, who, "followup_contacted",
				    "UPDATE calls SET followup_state = 'contacted',"
				    " followup_closed_at = CAST(?3 AS INTEGER),"
				    " followup_closed_by = nullif(?4, ''), followup_call = ?5"
				    " WHERE id = ?1 AND (" STORE_PENDING("calls")
				    "OR followup_state = 'contacted')",
				    v[i].id, vals, err);
	}
	contacts_free(v, n);
	return rc;
}

enum status store_followups_contact(struct store *s, const struct call *c, const char *who,
				    struct error *err)
{
	/* The case's earlier pending follow-ups, reached by c (and those a
	 * call after c had reached: c came first); then c's own, when a call
	 * on the case after it is there already (an import in any order). */
	sqlite3_stmt *earlier = store_prepare(s,
		"SELECT f.id, n.id, n.started_at, n.operator FROM calls n, calls f"
		" WHERE n.id = ?1 AND" LATER("n", "f") "AND" REACHABLE("f", "n") "AND" IN_SCOPE("f"),
		err);
	sqlite3_stmt *later = earlier ? store_prepare(s,
		"SELECT f.id, n.id, n.started_at, n.operator FROM calls f, calls n"
		" WHERE f.id = ?1 AND" STORE_PENDING("f") "AND" LATER("n", "f") "AND" IN_SCOPE("n")
		" ORDER BY n.started_at, n.id LIMIT 1",
		err) : NULL;
	struct contact *v = NULL;
	size_t n = 0;
	enum status rc;

	if (!later)
		return err->status;
	if (!c->case_code)
		return ST_OK;
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = i ? later : earlier;

		sqlite3_bind_text(st, 1, c->id, -1, SQLITE_TRANSIENT);
		store_bind_text(st, 2, s->import_id[0] ? s->import_id : NULL);
		if ((rc = contacts_read(s, st, &v, &n, err))) {
			contacts_free(v, n);
			return rc;
		}
	}
	return contacts_apply(s, v, n, who, err);
}

enum status store_followups_contact_all(struct store *s, const char *import_id, const char *who,
					struct error *err)
{
	/* Its own statement: a migration runs before any other. */
	static const char sql[] =
		"SELECT f.id, n.id, n.started_at, n.operator FROM calls f JOIN calls n"
		" ON n.id = (SELECT m.id FROM calls m WHERE" LATER("m", "f") "AND" VISIBLE("m")
		"  ORDER BY m.started_at, m.id LIMIT 1)"
		" WHERE f.case_code IS NOT NULL AND" REACHABLE("f", "n") "AND" VISIBLE("f")
		" AND (?1 IS NULL OR f.case_code IN (SELECT case_code FROM calls WHERE import_id = ?1))";
	sqlite3_stmt *st;
	struct contact *v = NULL;
	size_t n = 0;
	enum status rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, _("cannot read the follow-up"), err);
	store_bind_text(st, 1, import_id);
	rc = contacts_read(s, st, &v, &n, err);
	sqlite3_finalize(st);
	if (rc) {
		contacts_free(v, n);
		return rc;
	}
	return contacts_apply(s, v, n, who, err);
}
