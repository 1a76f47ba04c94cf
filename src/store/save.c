/* Saving a call as the screen does: call, audit entry and draft removal in one
 * transaction, so that a save either happens whole or not at all. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/sha256.h"

/* Free text stands in the audit trail as "sha256:<hex>": a change still shows,
 * but the words are not kept there, so that purge (retention) leaves no copy
 * of old notes behind in an append-only table. */
static void hide_text(char **slot)
{
	char hex[65], *v;

	if (!*slot || !**slot)
		return;
	sha256_hex(*slot, strlen(*slot), hex);
	v = xmalloc(7 + 64 + 1);
	memcpy(v, "sha256:", 7);
	memcpy(v + 7, hex, 65);
	free(*slot);
	*slot = v;
}

static void audit_json(const struct call *c, struct buf *out)
{
	struct call a;

	call_copy(&a, c);
	hide_text(&a.notes);
	hide_text(&a.nickname);
	for (size_t i = 0; i < a.nreferrals; i++)
		hide_text(&a.referrals[i].note);
	call_to_json(&a, out);
	call_free(&a);
}

static char *call_json_of(struct store *s, const char *id, struct error *err)
{
	struct call before;
	struct buf b;

	if (store_call_get(s, id, &before, err))
		return NULL;
	buf_init(&b);
	audit_json(&before, &b);
	call_free(&before);
	return buf_take(&b);
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

	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && !s->supervisor &&
	    strcmp((const char *)sqlite3_column_text(st, 0), operator_name ? operator_name : "") != 0)
		rc = error_set(err, ST_NOPERM,
			       _("this call was taken by %s: only they or a supervisor may change it"),
			       (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc;
}

enum status store_call_save(struct store *s, const struct call *c, const char *operator_name,
			    struct error *err)
{
	bool exists;
	char *before = NULL;
	struct buf after;
	enum status rc;

	if ((rc = store_begin(s, err)))
		return rc;
	buf_init(&after);
	exists = store_call_exists(s, c->id);
	if (exists && (rc = may_edit(s, c->id, operator_name, err)))
		goto fail;
	if (exists && !(before = call_json_of(s, c->id, err))) {
		rc = err->status;
		goto fail;
	}
	if ((rc = exists ? store_call_update(s, c, err) : store_call_insert(s, c, err)))
		goto fail;
	audit_json(c, &after);
	if ((rc = store_audit(s, operator_name, exists ? "update" : "create", "call", c->id, before,
			      after.s, err)) ||
	    (rc = store_draft_delete(s, c->id, err)))
		goto fail;
	rc = store_commit(s, err);
	goto done;
fail:
	store_rollback(s);
done:
	free(before);
	buf_free(&after);
	return rc;
}
