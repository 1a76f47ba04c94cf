/* The audit trail: append-only, each entry's hash covering the previous one, so
 * that an edited, deleted or reordered entry shows on verification. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/sha256.h"
#include "soudan/timeutil.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Length-prefixed fields, so that no two entries hash the same text. */
static void hash_field(struct sha256 *h, const char *v)
{
	char len[24];

	if (!v) {
		sha256_update(h, "-1:", 3);
		return;
	}
	snprintf(len, sizeof len, "%zu:", strlen(v));
	sha256_update(h, len, strlen(len));
	sha256_update(h, v, strlen(v));
}

static void entry_hash(const struct audit_entry *e, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	char num[48];
	struct sha256 h;

	sha256_init(&h);
	hash_field(&h, e->prev);
	snprintf(num, sizeof num, "%" PRId64 "/%" PRId64, e->seq, e->at);
	hash_field(&h, num);
	hash_field(&h, e->operator_name);
	hash_field(&h, e->action);
	hash_field(&h, e->entity);
	hash_field(&h, e->entity_id);
	hash_field(&h, e->before);
	hash_field(&h, e->after);
	sha256_final(&h, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

enum status store_audit(struct store *s, const char *operator_name, const char *action,
			const char *entity, const char *entity_id, const char *before,
			const char *after, struct error *err)
{
	sqlite3_stmt *last = store_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
					   err);
	sqlite3_stmt *ins;
	struct audit_entry e = {0};
	char prev[65] = GENESIS, hash[65];
	enum step r;

	if (!last)
		return err->status;
	if ((r = store_step(s, last, _("cannot read the audit trail"), err)) == STEP_ERROR)
		return err->status;
	if (r == STEP_ROW) {
		e.seq = sqlite3_column_int64(last, 0);
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(last, 1));
	}
	sqlite3_reset(last);
	e.seq++;
	e.at = time_now();
	e.operator_name = operator_name;
	e.action = action;
	e.entity = entity;
	e.entity_id = entity_id;
	e.before = before;
	e.after = after;
	e.prev = prev;
	entry_hash(&e, hash);
	ins = store_prepare(s,
			    "INSERT INTO audit(seq, at, operator, action, entity, entity_id, before,"
			    " after, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
			    err);
	if (!ins)
		return err->status;
	sqlite3_bind_int64(ins, 1, e.seq);
	sqlite3_bind_int64(ins, 2, e.at);
	store_bind_text(ins, 3, operator_name);
	store_bind_text(ins, 4, action);
	store_bind_text(ins, 5, entity);
	store_bind_text(ins, 6, entity_id);
	store_bind_text(ins, 7, before);
	store_bind_text(ins, 8, after);
	store_bind_text(ins, 9, prev);
	store_bind_text(ins, 10, hash);
	return store_exec_stmt(s, ins, _("cannot write the audit trail"), err);
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Every entry, or those of one entity (indexed), oldest first. */
static enum status audit_select(struct store *s, const char *entity, const char *entity_id,
				store_audit_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	enum status ret = ST_OK;
	enum step r;

	if (sqlite3_prepare_v2(s->db,
			       entity ? "SELECT seq, at, operator, action, entity, entity_id, before,"
					" after, prev, hash FROM audit WHERE entity = ?1 AND"
					" entity_id = ?2 ORDER BY seq"
				      : "SELECT seq, at, operator, action, entity, entity_id, before,"
					" after, prev, hash FROM audit ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "audit", err);
	if (entity) {
		sqlite3_bind_text(st, 1, entity, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, entity_id, -1, SQLITE_TRANSIENT);
	}
	while ((r = store_step(s, st, "audit", err)) == STEP_ROW) {
		struct audit_entry e = {
			.seq = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1),
			.operator_name = col(st, 2), .action = col(st, 3), .entity = col(st, 4),
			.entity_id = col(st, 5), .before = col(st, 6), .after = col(st, 7),
			.prev = col(st, 8), .hash = col(st, 9),
		};

		if (fn(&e, ctx))
			break;
	}
	if (r == STEP_ERROR)
		ret = err->status;
	sqlite3_finalize(st);
	return ret;
}

enum status store_audit_each(struct store *s, store_audit_fn fn, void *ctx, struct error *err)
{
	return audit_select(s, NULL, NULL, fn, ctx, err);
}

enum status store_audit_of(struct store *s, const char *entity, const char *entity_id,
			   store_audit_fn fn, void *ctx, struct error *err)
{
	return audit_select(s, entity, entity_id, fn, ctx, err);
}

struct verify {
	char prev[65];
	int64_t expect_seq, count, bad_seq;
	const struct audit_anchor *anchor;
	bool anchor_seen;
	const char *why;
};

static int verify_entry(const struct audit_entry *e, void *ctx)
{
	struct verify *v = ctx;
	char hash[65];

	v->count++;
	if (e->seq != v->expect_seq)
		v->why = N_("an entry is missing or out of order before this one");
	else if (!e->prev || strcmp(e->prev, v->prev) != 0)
		v->why = N_("it does not follow the entry before it");
	else if (entry_hash(e, hash), !e->hash || strcmp(hash, e->hash) != 0)
		v->why = N_("its contents were changed");
	else if (v->anchor && e->seq == v->anchor->seq) {
		v->anchor_seen = true;
		if (strcmp(e->hash, v->anchor->hash) != 0)
			v->why = N_("it is not the entry anchored: the trail was rewritten");
	}
	if (v->why) {
		v->bad_seq = e->seq;
		return 1;
	}
	snprintf(v->prev, sizeof v->prev, "%s", e->hash);
	v->expect_seq++;
	return 0;
}

/* A missing trail is damage to the data (65), not an internal error. */
static enum status audit_table_exists(struct store *s, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit'", err);
	enum step r;

	if (!st)
		return err->status;
	r = store_step(s, st, "audit", err);
	sqlite3_reset(st);
	if (r == STEP_ERROR)
		return err->status;
	if (r == STEP_DONE)
		return error_set(err, ST_DATAERR, _("the audit trail is missing from the database"));
	return ST_OK;
}

enum status store_audit_verify(struct store *s, const struct audit_anchor *anchor,
			       struct audit_anchor *head, struct error *err)
{
	struct verify v = {.prev = GENESIS, .expect_seq = 1, .anchor = anchor};
	enum status rc;

	if (anchor && anchor->seq <= 0)
		v.anchor = NULL;
	if ((rc = audit_table_exists(s, err)) || (rc = store_audit_each(s, verify_entry, &v, err)))
		return rc;
	if (head) {
		head->seq = v.why ? 0 : v.count;
		snprintf(head->hash, sizeof head->hash, "%s", v.why || !v.count ? GENESIS : v.prev);
	}
	if (v.why)
		return error_set(err, ST_DATAERR, _("audit entry %" PRId64 ": %s"), v.bad_seq,
				 _(v.why));
	if (v.anchor && !v.anchor_seen)
		return error_set(err, ST_DATAERR,
				 _("audit entry %" PRId64 " is gone: the trail ends at entry %" PRId64
				   ", entries after it were deleted"),
				 v.anchor->seq, v.count);
	return ST_OK;
}

enum status store_audit_head(struct store *s, struct audit_anchor *head, struct error *err)
{
	sqlite3_stmt *st;
	enum status rc;
	enum step r;

	if ((rc = audit_table_exists(s, err)))
		return rc;
	if (!(st = store_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", err)))
		return err->status;
	if ((r = store_step(s, st, "audit", err)) == STEP_ERROR)
		return err->status;
	head->seq = r == STEP_ROW ? sqlite3_column_int64(st, 0) : 0;
	snprintf(head->hash, sizeof head->hash, "%s",
		 r == STEP_ROW && sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1)
							       : GENESIS);
	sqlite3_reset(st);
	return ST_OK;
}

bool audit_anchor_parse(const char *text, struct audit_anchor *out)
{
	char *end;
	const char *colon = strchr(text, ':');
	long long seq;

	if (!colon || strlen(colon + 1) != 64)
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	errno = 0;
	seq = strtoll(text, &end, 10);
	if (errno || end != colon || seq <= 0 || text[0] < '0' || text[0] > '9')
		return false;
	out->seq = seq;
	memcpy(out->hash, colon + 1, 65);
	return true;
}
