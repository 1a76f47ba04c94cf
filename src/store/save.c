/* Saving a call as the screen does: call, audit entry and draft removal in one
 * transaction, so that a save either happens whole or not at all. */
#include <stdlib.h>

#include "internal.h"

static char *call_json_of(struct store *s, const char *id, struct error *err)
{
	struct call before;
	struct buf b;

	if (store_call_get(s, id, &before, err))
		return NULL;
	buf_init(&b);
	call_to_json(&before, &b);
	call_free(&before);
	return buf_take(&b);
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
	if (exists && !(before = call_json_of(s, c->id, err))) {
		rc = err->status;
		goto fail;
	}
	if ((rc = exists ? store_call_update(s, c, err) : store_call_insert(s, c, err)))
		goto fail;
	call_to_json(c, &after);
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
