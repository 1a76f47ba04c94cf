/* soudan check: integrity, schema, audit chain and file permissions. */
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
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fn(ok, msg, ctx);
}

static bool check_integrity(struct store *s, store_report_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	bool ok = false;

	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);

		ok = r && strcmp(r, "ok") == 0;
		report(fn, ctx, ok, _("integrity: %s"), r ? r : "?");
	} else {
		report(fn, ctx, false, _("integrity: %s"), sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	return ok;
}

static bool check_foreign_keys(struct store *s, store_report_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	int bad = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		report(fn, ctx, false, _("references: %s"), sqlite3_errmsg(s->db));
		return false;
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		bad++;
	sqlite3_finalize(st);
	report(fn, ctx, bad == 0, _("references: %d broken"), bad);
	return bad == 0;
}

static bool check_mode(const char *what, const char *path, store_report_fn fn, void *ctx)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
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

enum status store_check(struct store *s, store_report_fn fn, void *ctx, struct error *err)
{
	char *copy = xstrdup(s->path);
	int64_t entries = 0;
	struct error aerr;
	bool ok = true;
	int version = store_schema_version(s);

	report(fn, ctx, version == store_schema_latest, _("schema version: %d (current %d)"),
	       version, store_schema_latest);
	ok &= version == store_schema_latest;
	ok &= check_integrity(s, fn, ctx);
	ok &= check_foreign_keys(s, fn, ctx);
	error_clear(&aerr);
	if (store_audit_verify(s, &entries, &aerr) == ST_OK) {
		report(fn, ctx, true, _("audit trail: %" PRId64 " entries, chain intact"), entries);
	} else {
		report(fn, ctx, false, _("audit trail: %s"), aerr.msg);
		ok = false;
	}
	ok &= check_mode(_("database"), s->path, fn, ctx);
	ok &= check_mode(_("directory"), dirname(copy), fn, ctx);
	free(copy);
	if (!ok)
		return error_set(err, ST_DATAERR, _("%s: problems found"), s->path);
	return ST_OK;
}
