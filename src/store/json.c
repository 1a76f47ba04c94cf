/* Interface JSON to struct call, parsed by SQLite's JSON1 (json_each). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

enum kind { K_TEXT, K_TIME, K_CODED, K_MULTI, K_BOOL, K_REFERRALS, K_ID, K_HOLD, K_FOLLOWUP };

struct key_spec {
	const char *key;
	enum kind kind;
	int index; /* coded/multi field */
	size_t offset; /* text fields */
};

#define TEXT(k, member) {k, K_TEXT, 0, offsetof(struct call, member)}
static const struct key_spec keys[] = {
	{"id", K_ID, 0, 0},
	TEXT("site", site),
	TEXT("operator", operator_name),
	{"started_at", K_TIME, 0, offsetof(struct call, started_at)},
	{"ended_at", K_TIME, 0, offsetof(struct call, ended_at)},
#define CODED_KEY(id, json, list) {json, K_CODED, id, 0},
	CALL_CODED(CODED_KEY)
#undef CODED_KEY
#define MULTI_KEY(id, json, list) {json, K_MULTI, id, 0},
	CALL_MULTI(MULTI_KEY)
#undef MULTI_KEY
	TEXT("case", case_code),
	TEXT("nickname", nickname),
	{"referrals", K_REFERRALS, 0, 0},
	TEXT("next_contact", next_contact),
	TEXT("assigned_to", assigned_to),
	{"debrief", K_BOOL, 0, 0},
	{"legal_hold", K_HOLD, 0, 0},
	{"followup", K_FOLLOWUP, 0, 0},
	TEXT("notes", notes),
};
#undef TEXT

enum { KEY_COUNT = sizeof keys / sizeof *keys };

static const struct key_spec *key_find(const char *k)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (strcmp(keys[i].key, k) == 0)
			return &keys[i];
	return NULL;
}

/* json_each columns we read: 0 key, 1 type, 2 value (text of arrays/objects). */
#define EACH_SQL "SELECT key, type, value FROM json_each(?1)"
/* Nested levels run while the level above is still stepping, so each needs a
 * statement of its own; distinct SQL text gives each its own entry in the
 * store's statement cache (preparing json_each once per call cost 40% of an
 * import). */
#define EACH_SQL_LIST EACH_SQL " /* list */"
#define EACH_SQL_REFERRALS EACH_SQL " /* referrals */"
#define EACH_SQL_REFERRAL EACH_SQL " /* referral */"
#define EACH_SQL_FOLLOWUP EACH_SQL " /* followup */"

static const char *col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

/* JSON "\u0000" would cut a C string short: refuse it rather than lose text. */
static bool has_nul(sqlite3_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(st, i) != strlen(col(st, i));
}

static enum status want_text(sqlite3_stmt *st, const char *key, bool nullable, struct error *err)
{
	const char *type = col(st, 1);

	if (strcmp(type, "null") == 0 && nullable)
		return ST_OK;
	if (strcmp(type, "text") != 0)
		return error_at(err, ST_DATAERR, NULL, 0, key, _("expected a string, got %s"), type);
	if (has_nul(st, 2))
		return error_at(err, ST_DATAERR, NULL, 0, key, _("contains a NUL character"));
	return ST_OK;
}

/* Iterate a nested array or object with its own statement (the outer one is busy). */
static sqlite3_stmt *each_open_sql(struct store *s, const char *sql, const char *json,
				   struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql, err);

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	return st;
}

static enum status parse_list(struct store *s, const char *key, const char *json,
			      struct strlist *out, struct error *err)
{
	sqlite3_stmt *st = each_open_sql(s, EACH_SQL_LIST, json, err);
	enum status rc = ST_OK;
	enum step r = STEP_DONE;

	if (!st)
		return err->status;
	while (!rc && (r = store_step(s, st, key, err)) == STEP_ROW)
		if (!(rc = want_text(st, key, false, err)))
			strlist_add(out, col(st, 2));
	sqlite3_reset(st);
	return rc ? rc : r == STEP_ERROR ? err->status : ST_OK;
}

static enum status parse_referral(struct store *s, const char *json, struct call *c,
				  struct error *err)
{
	sqlite3_stmt *st = each_open_sql(s, EACH_SQL_REFERRAL, json, err);
	const char *resource = NULL, *note = NULL;
	char *res_copy = NULL, *note_copy = NULL;
	enum consent consent = CONSENT_UNSET;
	enum status rc = ST_OK;
	unsigned seen = 0, bit;
	enum step r = STEP_DONE;

	if (!st)
		return err->status;
	while (!rc && (r = store_step(s, st, "referrals", err)) == STEP_ROW) {
		const char *k = col(st, 0), *type = col(st, 1);

		/* A key given twice would leave one value unused (and leaked). */
		bit = strcmp(k, "resource") == 0 ? 1 : strcmp(k, "note") == 0 ? 2
			: strcmp(k, "consent") == 0 ? 4 : 0;
		if (seen & bit) {
			rc = error_at(err, ST_DATAERR, NULL, 0, "referrals", _("\"%s\" given twice"), k);
			break;
		}
		seen |= bit;
		if (strcmp(k, "resource") == 0 && !(rc = want_text(st, "referrals", false, err)))
			resource = res_copy = xstrdup(col(st, 2));
		else if (strcmp(k, "note") == 0 && !(rc = want_text(st, "referrals", true, err)))
			note = strcmp(type, "null") ? (note_copy = xstrdup(col(st, 2))) : NULL;
		else if (strcmp(k, "consent") == 0) {
			if (strcmp(type, "true") && strcmp(type, "false") && strcmp(type, "null"))
				rc = error_at(err, ST_DATAERR, NULL, 0, "referrals",
					      _("consent must be true, false or null"));
			consent = strcmp(type, "true") == 0	? CONSENT_YES
				  : strcmp(type, "false") == 0 ? CONSENT_NO
							       : CONSENT_UNSET;
		} else if (!rc)
			rc = error_at(err, ST_DATAERR, NULL, 0, "referrals", _("unknown key \"%s\""), k);
	}
	sqlite3_reset(st);
	if (!rc && r == STEP_ERROR)
		rc = err->status;
	if (!rc && !resource)
		rc = error_at(err, ST_DATAERR, NULL, 0, "referrals", _("a referral needs a resource"));
	if (!rc)
		call_add_referral(c, resource, consent, note);
	free(res_copy);
	free(note_copy);
	return rc;
}

static enum status parse_referrals(struct store *s, const char *json, struct call *c,
				   struct error *err)
{
	sqlite3_stmt *st = each_open_sql(s, EACH_SQL_REFERRALS, json, err);
	enum status rc = ST_OK;
	enum step r = STEP_DONE;

	if (!st)
		return err->status;
	while (!rc && (r = store_step(s, st, "referrals", err)) == STEP_ROW) {
		if (strcmp(col(st, 1), "object") != 0)
			rc = error_at(err, ST_DATAERR, NULL, 0, "referrals",
				      _("each referral must be an object"));
		else
			rc = parse_referral(s, col(st, 2), c, err);
	}
	sqlite3_reset(st);
	return rc ? rc : r == STEP_ERROR ? err->status : ST_OK;
}

/* {"state":"waiting"}, {"state":"contacted","at":TIME,"by":LOGIN,"call":ID}
 * or {"state":"closed","at":TIME,"by":LOGIN,"result":KEY}: how the follow-up
 * of a call stands (soudan(1), the import command). call_validate checks
 * that the keys fit the state. */
static enum status parse_followup_key(sqlite3_stmt *st, struct call *c, bool *stated,
				      struct error *err)
{
	const char *k = col(st, 0), *type = col(st, 1);
	bool null = strcmp(type, "null") == 0;
	enum status rc;

	if (strcmp(k, "state") == 0) {
		if (strcmp(type, "text") || !followup_state_parse(col(st, 2), &c->followup_state))
			return error_at(err, ST_DATAERR, NULL, 0, "followup",
					_("state must be \"waiting\", \"contacted\" or \"closed\""));
		*stated = true;
	} else if (strcmp(k, "at") == 0) {
		if (strcmp(type, "text") || !time_parse_iso(col(st, 2), &c->followup_closed_at) ||
		    c->followup_closed_at <= 0)
			return error_at(err, ST_DATAERR, NULL, 0, "followup",
					_("\"at\" is not a time like 2026-11-22T10:05:00+09:00"));
	} else if (strcmp(k, "by") == 0 || strcmp(k, "result") == 0 || strcmp(k, "call") == 0) {
		if ((rc = want_text(st, "followup", true, err)))
			return rc;
		call_set(k[0] == 'b' ? &c->followup_closed_by
			 : k[0] == 'r' ? &c->followup_result : &c->followup_call,
			 null ? NULL : col(st, 2));
	} else {
		return error_at(err, ST_DATAERR, NULL, 0, "followup", _("unknown key \"%s\""), k);
	}
	return ST_OK;
}

static enum status parse_followup(struct store *s, const char *json, struct call *c,
				  struct error *err)
{
	sqlite3_stmt *st = each_open_sql(s, EACH_SQL_FOLLOWUP, json, err);
	enum status rc = ST_OK;
	enum step r = STEP_DONE;
	bool stated = false;

	if (!st)
		return err->status;
	while (!rc && (r = store_step(s, st, "followup", err)) == STEP_ROW)
		rc = parse_followup_key(st, c, &stated, err);
	sqlite3_reset(st);
	if (!rc && r == STEP_ERROR)
		rc = err->status;
	if (!rc && !stated)
		rc = error_at(err, ST_DATAERR, NULL, 0, "followup", _("a follow-up needs \"state\""));
	return rc;
}

static enum status parse_time(sqlite3_stmt *st, const struct key_spec *k, struct call *c,
			      struct error *err)
{
	enum status rc = want_text(st, k->key, true, err);
	int64_t *slot = (int64_t *)((char *)c + k->offset);

	if (rc || strcmp(col(st, 1), "null") == 0)
		return rc;
	if (!time_parse_iso(col(st, 2), slot) || *slot <= 0)
		return error_at(err, ST_DATAERR, NULL, 0, k->key,
				_("not a time like 2026-11-22T10:05:00+09:00"));
	return ST_OK;
}

static enum status parse_value(struct store *s, sqlite3_stmt *st, const struct key_spec *k,
			       struct call *c, struct error *err)
{
	const char *type = col(st, 1);
	bool null = strcmp(type, "null") == 0;
	enum status rc;

	switch (k->kind) {
	case K_ID:
		if ((rc = want_text(st, k->key, true, err)) || null)
			return rc;
		if (!id_valid(col(st, 2)))
			return error_at(err, ST_DATAERR, NULL, 0, k->key, _("not a UUID"));
		snprintf(c->id, sizeof c->id, "%s", col(st, 2));
		return ST_OK;
	case K_TEXT:
		if ((rc = want_text(st, k->key, true, err)))
			return rc;
		call_set((char **)((char *)c + k->offset), null ? NULL : col(st, 2));
		return ST_OK;
	case K_TIME:
		return parse_time(st, k, c, err);
	case K_CODED:
		if ((rc = want_text(st, k->key, true, err)))
			return rc;
		call_set(&c->coded[k->index], null ? NULL : col(st, 2));
		return ST_OK;
	case K_MULTI:
		if (null)
			return ST_OK;
		if (strcmp(type, "array") != 0)
			return error_at(err, ST_DATAERR, NULL, 0, k->key, _("expected an array"));
		strlist_clear(&c->multi[k->index]);
		return parse_list(s, k->key, col(st, 2), &c->multi[k->index], err);
	case K_BOOL:
	case K_HOLD:
		if (!null && strcmp(type, "true") && strcmp(type, "false"))
			return error_at(err, ST_DATAERR, NULL, 0, k->key, _("expected true or false"));
		*(k->kind == K_BOOL ? &c->debrief : &c->legal_hold) = strcmp(type, "true") == 0;
		return ST_OK;
	case K_FOLLOWUP:
		if (null)
			return ST_OK;
		if (strcmp(type, "object") != 0)
			return error_at(err, ST_DATAERR, NULL, 0, k->key, _("expected an object"));
		return parse_followup(s, col(st, 2), c, err);
	case K_REFERRALS:
		if (null)
			return ST_OK;
		if (strcmp(type, "array") != 0)
			return error_at(err, ST_DATAERR, NULL, 0, k->key, _("expected an array"));
		return parse_referrals(s, col(st, 2), c, err);
	}
	return ST_OK;
}

/* SQLite 3.40's json_each stops a string at an escaped NUL, silently dropping
 * what follows: refuse "\u0000" (an escape, not an escaped backslash) outright. */
static bool has_escaped_nul(const char *json, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		size_t slashes = 0;

		if (json[i] != '\\')
			continue;
		while (i < len && json[i] == '\\') {
			slashes++;
			i++;
		}
		if (slashes % 2 && i + 5 <= len && strncmp(json + i, "u0000", 5) == 0)
			return true;
		i--;
	}
	return false;
}

enum status store_call_from_json(struct store *s, const char *json, size_t len, struct call *c,
				 struct error *err)
{
	sqlite3_stmt *top;
	bool seen[KEY_COUNT] = {false};
	enum status rc = ST_OK;
	size_t bad;
	enum step step = STEP_DONE;

	if (!utf8_valid(json, len, &bad))
		return error_at(err, ST_DATAERR, NULL, 0, "", _("invalid UTF-8 at byte %zu"), bad + 1);
	if (has_escaped_nul(json, len))
		return error_at(err, ST_DATAERR, NULL, 0, "", _("contains a NUL character (\\u0000)"));
	/* CASE, not AND: json_type of malformed JSON is an error, not false. */
	top = store_prepare(
		s, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END", err);
	if (!top)
		return err->status;
	sqlite3_bind_text(top, 1, json, (int)len, SQLITE_STATIC);
	if (store_step_row(s, top, "json", err))
		return err->status;
	if (!sqlite3_column_int(top, 0)) {
		sqlite3_reset(top);
		return error_at(err, ST_DATAERR, NULL, 0, "", _("not a JSON object"));
	}
	sqlite3_reset(top);
	if (!(top = store_prepare(s, EACH_SQL, err)))
		return err->status;
	sqlite3_bind_text(top, 1, json, (int)len, SQLITE_STATIC);
	while (!rc && (step = store_step(s, top, "json", err)) == STEP_ROW) {
		const struct key_spec *k = key_find(col(top, 0));

		if (!k)
			rc = error_at(err, ST_DATAERR, NULL, 0, col(top, 0), _("unknown field"));
		else if (seen[k - keys])
			rc = error_at(err, ST_DATAERR, NULL, 0, k->key, _("given twice"));
		else {
			seen[k - keys] = true;
			rc = parse_value(s, top, k, c, err);
		}
	}
	sqlite3_reset(top);
	sqlite3_clear_bindings(top); /* json is the caller's, bound static */
	if (!c->notes)
		c->notes = xstrdup("");
	return rc ? rc : step == STEP_ERROR ? err->status : ST_OK;
}

enum status store_json_text(struct store *s, const char *json, const char *key, char **out,
			    struct error *err)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT CASE WHEN json_valid(?1) AND json_type(?1) = 'object'"
		" AND json_type(?1, '$.' || ?2) = 'text' THEN json_extract(?1, '$.' || ?2) END",
		err);
	enum status rc = ST_OK;

	*out = NULL;
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	switch (store_step(s, st, _("cannot read JSON"), err)) {
	case STEP_ROW:
		if (sqlite3_column_type(st, 0) == SQLITE_TEXT)
			*out = xstrdup((const char *)sqlite3_column_text(st, 0));
		break;
	case STEP_DONE: break;
	case STEP_ERROR: rc = err->status; break;
	}
	sqlite3_reset(st);
	return rc;
}
