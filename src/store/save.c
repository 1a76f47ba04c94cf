/* Saving a call as the screen does: call, audit entry and draft removal in one
 * transaction, so that a save either happens whole or not at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* Free text stands in the audit trail as "[N bytes]", and as "[N bytes,
 * edited]" in the after-image of a save that changed it: the history shows
 * that the notes changed, but neither the words nor anything they could be
 * recovered from (a hash of a short nickname can be) stay in an append-only
 * table that retention (purge) cannot reach. */
static void hide_text(char **slot, const char *old, bool compare)
{
	char v[64];

	if (!*slot || !**slot) {
		if (*slot)
			call_set(slot, NULL);
		return;
	}
	snprintf(v, sizeof v, compare && (!old || strcmp(old, *slot) != 0) ? "[%zu bytes, edited]"
									   : "[%zu bytes]",
		 strlen(*slot));
	call_set(slot, v);
}

/* c as JSON for the audit trail; prev, when given, is the call before this
 * save (to mark what was edited). */
static void audit_json(const struct call *c, const struct call *prev, struct buf *out)
{
	struct call a;

	call_copy(&a, c);
	hide_text(&a.notes, prev ? prev->notes : NULL, prev != NULL);
	hide_text(&a.nickname, prev ? prev->nickname : NULL, prev != NULL);
	for (size_t i = 0; i < a.nreferrals; i++) {
		const struct referral *was = prev && i < prev->nreferrals ? &prev->referrals[i] : NULL;

		hide_text(&a.referrals[i].note, was ? was->note : NULL, prev != NULL);
	}
	call_to_json(&a, out);
	call_free(&a);
}

void store_set_supervisor(struct store *s, bool supervisor)
{
	s->supervisor = supervisor;
}

/* Operators edit their own calls; supervisors any (checked inside the write
 * transaction, so the answer cannot change before the update). */
static enum status may_edit(struct store *s, const char *id, const char *operator_name,
			    struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT operator FROM calls WHERE id = ?1", err);
	enum status rc = ST_OK;
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot save the call"), err)) == STEP_ERROR)
		return err->status;
	if (r == STEP_ROW && !s->supervisor &&
	    strcmp((const char *)sqlite3_column_text(st, 0), operator_name ? operator_name : "") != 0)
		rc = error_set(err, ST_NOPERM,
			       _("this call was taken by %s: only they or a supervisor may change it"),
			       (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc;
}

/* Who saved the call last and when, for the message of a conflict. */
static void last_saved_by(struct store *s, const char *id, char *who, size_t size, char when[24])
{
	struct error ignored; /* only a message is at stake: "?" will do */
	sqlite3_stmt *st = store_prepare(s,
		"SELECT operator, at FROM audit WHERE entity = 'call' AND entity_id = ?1"
		" AND action IN ('create', 'update') ORDER BY seq DESC LIMIT 1", &ignored);

	snprintf(who, size, "?");
	snprintf(when, 24, "?");
	if (!st)
		return;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (store_step(s, st, "audit", &ignored) == STEP_ROW) {
		snprintf(who, size, "%s", (const char *)sqlite3_column_text(st, 0));
		time_format_local(sqlite3_column_int64(st, 1), "%H:%M", when, 24);
	}
	sqlite3_reset(st);
}

enum status store_version_check(struct store *s, const struct call *c, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT version FROM calls WHERE id = ?1", err);
	char who[64], when[24];
	int64_t now = 0;
	enum step r;

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_TRANSIENT);
	if ((r = store_step(s, st, _("cannot save the call"), err)) == STEP_ROW)
		now = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (r == STEP_ERROR)
		return err->status;
	if (r == STEP_DONE || now == c->version)
		return ST_OK;
	last_saved_by(s, c->id, who, sizeof who, when);
	return error_set(err, ST_CONFLICT, _("%s saved this call at %s, after you opened it"), who,
			 when);
}

/* The call as saved now is the one this edit started from, and nobody else
 * holds it: otherwise ST_CONFLICT, and nothing is written. */
static enum status save_check(struct store *s, const struct call *c, struct error *err)
{
	struct lease_holder holder;
	enum status rc;

	if ((rc = store_lease_hold(s, c->id, false, &holder, err)))
		return rc;
	return store_version_check(s, c, err);
}

enum status store_call_save_draft(struct store *s, struct call *c, const char *draft_id,
				  const char *operator_name, struct error *err)
{
	bool exists, have_prev = false;
	struct call prev;
	struct buf before, after;
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	buf_init(&before);
	buf_init(&after);
	if ((rc = store_call_exists(s, c->id, &exists, err)))
		goto fail;
	if (exists) {
		if ((rc = may_edit(s, c->id, operator_name, err)) ||
		    (rc = store_call_get(s, c->id, &prev, err)))
			goto fail;
		have_prev = true;
		audit_json(&prev, NULL, &before);
	}
	if ((rc = save_check(s, c, err)) || (rc = call_validate_followup(c, NULL, NULL, err)))
		goto fail;
	if (exists ? (rc = store_call_update(s, c, err)) ||
			     (rc = store_followups_contact(s, c, operator_name, err))
		   : (rc = store_call_insert_as(s, c, operator_name, err)))
		goto fail;
	audit_json(c, have_prev ? &prev : NULL, &after);
	if ((rc = store_audit(s, operator_name, exists ? "update" : "create", "call", c->id,
			      exists ? before.s : NULL, after.s, err)) ||
	    (rc = store_debrief_sync(s, c, operator_name, err)) ||
	    (rc = store_draft_delete(s, draft_id ? draft_id : c->id, err)) ||
	    (rc = store_lease_drop(s, c->id, err)))
		goto fail;
	if (!(rc = store_commit(s, err)))
		c->version = have_prev ? prev.version + 1 : 1;
	goto done;
fail:
	store_rollback(s);
done:
	if (have_prev)
		call_free(&prev);
	buf_free(&before);
	buf_free(&after);
	return rc;
}

enum status store_call_save(struct store *s, struct call *c, const char *operator_name,
			    struct error *err)
{
	return store_call_save_draft(s, c, NULL, operator_name, err);
}
