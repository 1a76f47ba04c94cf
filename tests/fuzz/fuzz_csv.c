/* Fuzz the referral directory CSV: the RFC 4180 reader (csv_next) with
 * resource_validate on each row, then `soudan resources import` itself
 * (resources_import into a fresh in-memory store). Invariants: every field
 * the reader hands out is valid UTF-8 without NUL, an import is all or
 * nothing, and exporting an imported directory and importing that export
 * gives the same export again. */
#include "fuzz_common.h"

#include <sqlite3.h>

#include "soudan/csv.h"
#include "soudan/resources.h"
#include "soudan/store.h"

static struct config fuzz_csv_cfg;

static void fuzz_csv_read(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
	struct csv_reader *r;
	struct error err;
	char **fields;
	size_t n;
	long line, last = 0;

	if (!f || size == 0) {
		if (f)
			fclose(f);
		return;
	}
	r = csv_open(f);
	csv_set_name(r, "fuzz.csv");
	error_clear(&err);
	while (csv_next(r, &fields, &n, &line, &err) == ST_OK && n > 0) {
		struct resource res = {0};

		FUZZ_ASSERT(line > last);
		last = line;
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT(fuzz_utf8_ok(fields[i], strlen(fields[i])));
		if (n != 9)
			continue;
		res.id = fields[0], res.name = fields[1], res.category = fields[2];
		res.phone = fields[3], res.hours = fields[4], res.area = fields[5];
		res.url = fields[6], res.description = fields[7];
		if (resource_validate(&res, &fuzz_csv_cfg, &err) != ST_OK)
			FUZZ_ASSERT(err.status == ST_DATAERR && err.field[0]);
	}
	csv_close(r);
	fclose(f);
}

static int fuzz_csv_count_one(const struct resource *r, void *ctx)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static long fuzz_csv_count(struct store *s)
{
	struct error err;
	long n = 0;

	error_clear(&err);
	FUZZ_ASSERT(resources_search(s, "", NULL, true, 0, fuzz_csv_count_one, &n, &err) == ST_OK);
	return n;
}

/* CSV output: records end in CR LF; apart from that, newlines (inside quoted
 * fields) are the only control characters allowed. */
static bool fuzz_csv_safe(const char *s, size_t n)
{
	char *copy = xmalloc(n + 1);
	size_t m = 0;
	bool ok;

	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			copy[m++] = s[i];
	ok = fuzz_terminal_safe(copy, m, true, false);
	free(copy);
	return ok;
}

static char *fuzz_csv_export(struct store *s, size_t *len)
{
	struct error err;
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	FUZZ_ASSERT(f);
	error_clear(&err);
	FUZZ_ASSERT(resources_export(s, NULL, f, &err) == ST_OK);
	FUZZ_ASSERT(fclose(f) == 0);
	FUZZ_ASSERT(fuzz_csv_safe(out, *len));
	return out;
}

/* Two in-memory stores, emptied before each use (migrating a new store for
 * every input would be ten times slower). The fuzz stores' audit triggers go,
 * so that the trail can be emptied too. */
static struct store *fuzz_csv_stores[2];

static struct store *fuzz_csv_fresh(int i)
{
	struct error err;
	sqlite3 *db;

	error_clear(&err);
	if (!fuzz_csv_stores[i]) {
		FUZZ_ASSERT(store_open(&fuzz_csv_stores[i], ":memory:", 0, 100, &err) == ST_OK);
		FUZZ_ASSERT(sqlite3_exec(store_db(fuzz_csv_stores[i]),
					 "DROP TRIGGER audit_no_delete", NULL, NULL, NULL) == SQLITE_OK);
	}
	db = store_db(fuzz_csv_stores[i]);
	FUZZ_ASSERT(sqlite3_exec(db,
				 "DELETE FROM resources;"
				 "INSERT INTO resources_fts(resources_fts) VALUES('delete-all');"
				 "DELETE FROM audit;",
				 NULL, NULL, NULL) == SQLITE_OK);
	return fuzz_csv_stores[i];
}

/* Import data into fresh store i; the status, *count and the store. */
static enum status fuzz_csv_import_into(const uint8_t *data, size_t size, int i,
					struct store **s, long *count, struct error *err)
{
	char path[64];
	enum status st;
	int fd;

	error_clear(err);
	*s = fuzz_csv_fresh(i);
	FUZZ_ASSERT(fuzz_memfile(data, size, &fd, path, sizeof path));
	*count = -1;
	st = resources_import(*s, &fuzz_csv_cfg, path, count, err);
	close(fd);
	return st;
}

static void fuzz_csv_import(const uint8_t *data, size_t size)
{
	struct store *s, *again;
	struct error err;
	long count, count2;
	char *out, *out2;
	size_t len, len2;

	if (fuzz_csv_import_into(data, size, 0, &s, &count, &err) != ST_OK) {
		FUZZ_ASSERT(err.status == ST_DATAERR && err.line > 0 && err.file[0]);
		FUZZ_ASSERT(fuzz_csv_count(s) == 0); /* all or nothing */
		return;
	}
	FUZZ_ASSERT(count >= 0 && fuzz_csv_count(s) == count);
	out = fuzz_csv_export(s, &len);
	FUZZ_ASSERT(fuzz_csv_import_into((const uint8_t *)out, len, 1, &again, &count2, &err) ==
		    ST_OK);
	FUZZ_ASSERT(count2 == count);
	out2 = fuzz_csv_export(again, &len2);
	FUZZ_ASSERT(len == len2 && memcmp(out, out2, len) == 0);
	free(out);
	free(out2);
}

static int fuzz_csv(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		fuzz_locale();
		config_defaults(&fuzz_csv_cfg);
		ready = true;
	}
	fuzz_csv_read(data, size);
	fuzz_csv_import(data, size);
	return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_csv(data, size);
}
#endif
