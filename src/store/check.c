/* soudan check: integrity, schema, audit chain and file permissions.
 *
 * The schema is compared object by object with the one this version creates
 * (its migrations run on an empty database in memory): a trigger planted by
 * anyone who can write the file runs inside soudan's own transactions, and a
 * dropped guard trigger leaves the audit trail open to edits. */
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "schema.h"
#include "soudan/i18n.h"

static void report(store_report_fn fn, void *ctx, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(store_report_fn fn, void *ctx, bool ok, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fn(ok, msg, ctx);
}

static bool check_integrity(struct store *s, store_report_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	struct error err;
	bool ok = false;

	error_clear(&err);
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		report(fn, ctx, false, _("integrity: %s"), sqlite3_errmsg(s->db));
		return false;
	}
	if (store_step_row(s, st, _("integrity"), &err) == ST_OK) {
		const char *r = (const char *)sqlite3_column_text(st, 0);

		ok = r && strcmp(r, "ok") == 0;
		report(fn, ctx, ok, _("integrity: %s"), r ? r : "?");
	} else {
		report(fn, ctx, false, "%s", err.msg);
	}
	sqlite3_finalize(st);
	return ok;
}

static bool check_foreign_keys(struct store *s, store_report_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	struct error err;
	enum step r;
	int bad = 0;

	error_clear(&err);
	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		report(fn, ctx, false, _("references: %s"), sqlite3_errmsg(s->db));
		return false;
	}
	while ((r = store_step(s, st, _("references"), &err)) == STEP_ROW)
		bad++;
	sqlite3_finalize(st);
	if (r == STEP_ERROR) {
		report(fn, ctx, false, "%s", err.msg);
		return false;
	}
	report(fn, ctx, bad == 0, _("references: %d broken"), bad);
	return bad == 0;
}

/* One object of sqlite_schema: "type name" and its SQL. */
struct object {
	char *key, *sql;
};

struct objects {
	struct object *v;
	size_t n;
};

static void objects_free(struct objects *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].key);
		free(o->v[i].sql);
	}
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

/* Every object but SQLite's own statistics tables (ANALYZE may make them). */
static enum status objects_read(struct store *s, sqlite3 *db, struct objects *out,
				struct error *err)
{
	sqlite3_stmt *st;
	enum step r;

	if (sqlite3_prepare_v2(db,
			       "SELECT type || ' ' || name, coalesce(sql, '') FROM sqlite_schema"
			       " WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
			       -1, &st, NULL) != SQLITE_OK)
		return error_set(err, ST_SOFTWARE, "schema: %s", sqlite3_errmsg(db));
	while ((r = store_step(s, st, _("schema"), err)) == STEP_ROW) {
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		out->v[out->n].key = xstrdup((const char *)sqlite3_column_text(st, 0));
		out->v[out->n].sql = xstrdup((const char *)sqlite3_column_text(st, 1));
		out->n++;
	}
	sqlite3_finalize(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* The schema this version makes: every migration on an empty database. */
static enum status objects_expected(struct store *s, struct objects *out, struct error *err)
{
	sqlite3 *mem;
	enum status rc = ST_OK;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(mem);
		return error_set(err, ST_SOFTWARE, _("out of memory"));
	}
	for (int v = 0; v < store_schema_latest && !rc; v++)
		if (sqlite3_exec(mem, store_migrations[v], NULL, NULL, NULL) != SQLITE_OK)
			rc = error_set(err, ST_SOFTWARE, "schema %d: %s", v + 1, sqlite3_errmsg(mem));
	if (!rc)
		rc = objects_read(s, mem, out, err);
	sqlite3_close(mem);
	return rc;
}

static const struct object *objects_find(const struct objects *o, const char *key)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->v[i].key, key) == 0)
			return &o->v[i];
	return NULL;
}

static bool check_schema(struct store *s, store_report_fn fn, void *ctx)
{
	struct objects want = {0}, have = {0};
	struct error err;
	int bad = 0;

	error_clear(&err);
	if (objects_expected(s, &want, &err) || objects_read(s, s->db, &have, &err)) {
		report(fn, ctx, false, "%s", err.msg);
		objects_free(&want);
		objects_free(&have);
		return false;
	}
	for (size_t i = 0; i < have.n; i++) {
		const struct object *w = objects_find(&want, have.v[i].key);

		if (!w)
			report(fn, ctx, false, _("schema: %s was added by someone else: %.300s"),
			       have.v[i].key, have.v[i].sql);
		else if (strcmp(w->sql, have.v[i].sql) != 0)
			report(fn, ctx, false, _("schema: %s was changed: %.300s"), have.v[i].key,
			       have.v[i].sql);
		bad += !w || strcmp(w->sql, have.v[i].sql) != 0;
	}
	for (size_t i = 0; i < want.n; i++)
		if (!objects_find(&have, want.v[i].key)) {
			report(fn, ctx, false, _("schema: %s is missing"), want.v[i].key);
			bad++;
		}
	if (!bad)
		report(fn, ctx, true, _("schema: %zu objects, as this version makes them"), have.n);
	objects_free(&want);
	objects_free(&have);
	return bad == 0;
}

/* missing_ok: the -wal and -shm files exist only while the database is in use. */
static bool check_mode(const char *what, const char *path, bool missing_ok, store_report_fn fn,
		       void *ctx)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		if (missing_ok)
			return true;
		report(fn, ctx, false, _("%s %s: cannot stat"), what, path);
		return false;
	}
	if (sb.st_mode & S_IRWXO) {
		report(fn, ctx, false, _("%s %s: mode %04o lets every user on this host read it"
					 " (chmod o-rwx)"),
		       what, path, (unsigned)(sb.st_mode & 07777));
		return false;
	}
	report(fn, ctx, true, _("%s %s: mode %04o"), what, path, (unsigned)(sb.st_mode & 07777));
	return true;
}

static bool check_modes(struct store *s, store_report_fn fn, void *ctx)
{
	char *copy = xstrdup(s->path);
	size_t n = strlen(s->path) + 8;
	char *side = xmalloc(n);
	bool ok = true;

	ok &= check_mode(_("database"), s->path, false, fn, ctx);
	snprintf(side, n, "%s-wal", s->path);
	ok &= check_mode(_("journal"), side, true, fn, ctx);
	snprintf(side, n, "%s-shm", s->path);
	ok &= check_mode(_("shared memory"), side, true, fn, ctx);
	ok &= check_mode(_("directory"), dirname(copy), false, fn, ctx);
	free(side);
	free(copy);
	return ok;
}

/* A purge's old text still in the journal: wipe it now, or say why not. */
static bool check_wipes(struct store *s, store_report_fn fn, void *ctx)
{
	struct error err;
	long owed = 0;

	error_clear(&err);
	if (s->readonly)
		return true;
	if (store_wipes_finish(s, 5000, &owed, &err)) {
		report(fn, ctx, false, _("purge: %s"), err.msg);
		return false;
	}
	if (owed)
		report(fn, ctx, false,
		       _("purge: the old text of %ld purge(s) is still in %s-wal: another session"
			 " keeps reading; run soudan check again when it is idle"),
		       owed, s->path);
	return owed == 0;
}

/* An import that died left calls nobody sees: remove them now. */
static bool check_imports(struct store *s, store_report_fn fn, void *ctx)
{
	struct error err;
	long removed = 0, running = 0;

	error_clear(&err);
	if (s->readonly) /* nothing to remove with: say so, no more */
		return true;
	if (store_imports_reap(s, &removed, &err) || store_imports_running(s, &running, &err)) {
		report(fn, ctx, false, _("imports: %s"), err.msg);
		return false;
	}
	if (removed)
		report(fn, ctx, true, _("imports: removed %ld calls of an import that did not finish"),
		       removed);
	if (running)
		report(fn, ctx, true, _("imports: %ld being written now"), running);
	return true;
}

/* Continued calls whose follow-up has neither a date nor waits for the
 * caller: older records, which an import accepts and no list shows. Named
 * (at most 20), without failing the check: they are not damage. */
static bool check_followups(struct store *s, store_report_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	struct error err;
	struct buf ids;
	long n = 0;
	enum step r;

	error_clear(&err);
	if (sqlite3_prepare_v2(s->db,
			       "SELECT c.id FROM calls c WHERE c.next_contact IS NULL"
			       " AND c.followup_state IS NULL AND c.outcome IS NOT NULL"
			       " AND c.outcome <> 'closed' AND" VISIBLE("c") "ORDER BY c.started_at, c.id",
			       -1, &st, NULL) != SQLITE_OK) {
		report(fn, ctx, false, _("follow-ups: %s"), sqlite3_errmsg(s->db));
		return false;
	}
	buf_init(&ids);
	while ((r = store_step(s, st, _("follow-ups"), &err)) == STEP_ROW)
		if (++n <= 20)
			buf_printf(&ids, "%s%s", n > 1 ? " " : "", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (r == STEP_ERROR)
		report(fn, ctx, false, "%s", err.msg);
	else if (n)
		report(fn, ctx, true,
		       _("follow-ups: %ld continued calls have no next-contact date and do not wait"
			 " for the caller (older records; a warning, not a failure): %s%s"),
		       n, ids.s, n > 20 ? " ..." : "");
	buf_free(&ids);
	return r != STEP_ERROR;
}

enum status store_check(struct store *s, store_report_fn fn, void *ctx, struct error *err)
{
	struct audit_anchor head;
	struct error e;
	bool ok = true;
	int version = -1;

	error_clear(&e);
	if (store_schema_version(s, &version, &e)) {
		report(fn, ctx, false, "%s", e.msg);
		ok = false;
	} else {
		report(fn, ctx, version == store_schema_latest, _("schema version: %d (current %d)"),
		       version, store_schema_latest);
		ok &= version == store_schema_latest;
	}
	ok &= check_schema(s, fn, ctx);
	ok &= check_integrity(s, fn, ctx);
	ok &= check_foreign_keys(s, fn, ctx);
	error_clear(&e);
	if (store_audit_verify(s, NULL, &head, &e) == ST_OK) {
		report(fn, ctx, true, _("audit trail: %" PRId64 " entries, chain intact"), head.seq);
	} else {
		report(fn, ctx, false, _("audit trail: %s"), e.msg);
		ok = false;
	}
	ok &= check_imports(s, fn, ctx);
	ok &= check_followups(s, fn, ctx);
	ok &= check_wipes(s, fn, ctx);
	ok &= check_modes(s, fn, ctx);
	if (!ok)
		return error_set(err, ST_DATAERR, _("%s: problems found"), s->path);
	return ST_OK;
}
