/* The referral directory: CSV import (all or nothing, FILE:LINE on the first
 * bad row), search as the operator types, supervisor edits, export. Run from
 * the top of the source tree (fixtures in tests/data/resources, the sample in
 * conf/). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/resources.h"

#define SAMPLE "conf/resources-sample.csv"
#define DATA "tests/data/resources/"
#define SAMPLE_ROWS 29
#define SAMPLE_ACTIVE 28

#include "store_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_open("res", "soudan.db");

	*state = f;
	return 0;
}

static void import_ok(struct fixture *f, const char *file, long want)
{
	long n = -1;
	enum status st = resources_import(f->s, &f->cfg, file, &n, &f->err);

	if (st)
		print_error("%s:%ld: %s: %s\n", f->err.file, f->err.line, f->err.field, f->err.msg);
	assert_int_equal(st, ST_OK);
	assert_int_equal(n, want);
}

/* Import must fail with ST_DATAERR at line (and field, when not NULL). */
static void import_fails(struct fixture *f, const char *file, long line, const char *field)
{
	long n = -1;

	assert_int_equal(resources_import(f->s, &f->cfg, file, &n, &f->err), ST_DATAERR);
	assert_int_equal(n, 0);
	assert_string_equal(f->err.file, file);
	assert_int_equal(f->err.line, line);
	if (field)
		assert_string_equal(f->err.field, field);
	assert_true(f->err.msg[0] != '\0');
}

/* The search index holds exactly what the table holds. */
static void assert_index_consistent(struct fixture *f)
{
	char *msg = NULL;
	int rc = sqlite3_exec(store_db(f->s),
			      "INSERT INTO resources_fts(resources_fts, rank)"
			      " VALUES ('integrity-check', 1)",
			      NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		print_error("integrity-check: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

/* --- collecting search results --- */

struct hits {
	int n;
	char ids[64][65];
	char categories[64][65];
};

static int collect(const struct resource *r, void *ctx)
{
	struct hits *h = ctx;

	if (h->n < 64) {
		snprintf(h->ids[h->n], sizeof h->ids[0], "%s", r->id);
		snprintf(h->categories[h->n], sizeof h->categories[0], "%s", r->category);
	}
	h->n++;
	return 0;
}

static struct hits search(struct fixture *f, const char *q, const char *category,
			  bool inactive, int limit)
{
	struct hits h = {0};

	assert_int_equal(resources_search(f->s, q, category, inactive, limit, collect, &h, &f->err),
			 ST_OK);
	return h;
}

static bool has(const struct hits *h, const char *id)
{
	for (int i = 0; i < h->n && i < 64; i++)
		if (strcmp(h->ids[i], id) == 0)
			return true;
	return false;
}

static int count_all(struct fixture *f)
{
	return search(f, "", NULL, true, 0).n;
}

/* --- the audit trail --- */

struct audits {
	int n;
	char action[16][32];
	char after[16][512];
	char before[16][512];
};

static int collect_audit(const struct audit_entry *e, void *ctx)
{
	struct audits *a = ctx;

	if (a->n < 16) {
		snprintf(a->action[a->n], sizeof a->action[0], "%s", e->action);
		snprintf(a->after[a->n], sizeof a->after[0], "%s", e->after ? e->after : "");
		snprintf(a->before[a->n], sizeof a->before[0], "%s", e->before ? e->before : "");
	}
	a->n++;
	return 0;
}

static struct audits audit_of(struct fixture *f)
{
	struct audits a = {0};

	assert_int_equal(store_audit_each(f->s, collect_audit, &a, &f->err), ST_OK);
	return a;
}

/* --- import --- */

static void test_import_sample(void **state)
{
	struct fixture *f = *state;
	const struct codelist *cats = config_list(&f->cfg, LIST_RESOURCE_CATEGORY);
	struct resource r;
	struct audits a;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	assert_index_consistent(f);
	assert_int_equal(count_all(f), SAMPLE_ROWS);
	assert_int_equal(search(f, "", NULL, false, 0).n, SAMPLE_ACTIVE);
	/* every default category has at least one resource */
	assert_true(cats->n >= 22);
	for (size_t i = 0; i < cats->n; i++)
		assert_true(search(f, "", cats->codes[i].key, true, 0).n >= 1);
	assert_int_equal(resources_get(f->s, "sample-center-kita", &r, &f->err), ST_OK);
	assert_string_equal(r.category, "center");
	assert_string_equal(r.phone, "0120-000-002");
	assert_non_null(strstr(r.description, "家族教室を開催。\n初回は"));
	assert_true(r.active);
	resource_free(&r);
	a = audit_of(f);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.action[0], "import");
	assert_string_equal(a.after[0], "{\"file\":\"" SAMPLE "\",\"resources\":29}");
}

static void test_get_missing(void **state)
{
	struct fixture *f = *state;
	struct resource r;

	assert_int_equal(resources_get(f->s, "no-such", &r, &f->err), ST_NOINPUT);
	resource_free(&r);
}

/* A bad row fails the whole import; rows before it are not kept. */
static void test_bad_row_line3(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "bad-line3.csv", 3, "active");
	assert_int_equal(count_all(f), 0);
	assert_int_equal(audit_of(f).n, 0);
}

/* The line is where the record starts, after a record that spans two lines. */
static void test_bad_row_after_multiline(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "bad-after-multiline.csv", 4, "category");
	assert_int_equal(count_all(f), 0);
}

static void test_unknown_category(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "unknown-category.csv", 2, "category");
	assert_non_null(strstr(f->err.msg, "shelter"));
}

static void test_wrong_column_count(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "wrong-columns.csv", 3, NULL);
	assert_non_null(strstr(f->err.msg, "8"));
	assert_int_equal(count_all(f), 0);
}

static void test_bad_header(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "bad-header.csv", 1, NULL);
}

static void test_bad_utf8(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "bad-utf8.csv", 3, "area");
	assert_int_equal(count_all(f), 0);
}

static void test_bad_id_empty_name_duplicate(void **state)
{
	struct fixture *f = *state;

	import_fails(f, DATA "bad-id.csv", 2, "id");
	import_fails(f, DATA "empty-name.csv", 2, "name");
	import_fails(f, DATA "duplicate-id.csv", 3, "id");
	assert_non_null(strstr(f->err.msg, "2")); /* names the first line */
	assert_int_equal(count_all(f), 0);
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;
	long n = -1;

	assert_int_equal(resources_import(f->s, &f->cfg, DATA "no-such.csv", &n, &f->err),
			 ST_NOINPUT);
	assert_int_equal(n, 0);
}

/* Re-import updates by id; a resource left out of the new file stays. */
static void test_reimport_updates(void **state)
{
	struct fixture *f = *state;
	struct resource r;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	import_ok(f, DATA "update.csv", 3);
	assert_int_equal(count_all(f), SAMPLE_ROWS + 1);
	assert_int_equal(resources_get(f->s, "sample-center", &r, &f->err), ST_OK);
	assert_string_equal(r.name, "【サンプル】サンプル市ひきこもり地域支援センター（本所）");
	assert_string_equal(r.hours, "平日 9:00〜18:00");
	resource_free(&r);
	assert_int_equal(resources_get(f->s, "sample-npo", &r, &f->err), ST_OK);
	assert_false(r.active); /* "FALSE" as Excel writes it */
	resource_free(&r);
	assert_int_equal(resources_get(f->s, "sample-hc", &r, &f->err), ST_OK);
	assert_true(r.active); /* not in update.csv: kept as it was */
	resource_free(&r);
	/* the search index follows the update */
	{
		struct hits h = search(f, "本所", NULL, false, 0);

		assert_int_equal(h.n, 1);
		assert_string_equal(h.ids[0], "sample-center");
	}
	assert_int_equal(search(f, "受付時間を延長", NULL, false, 0).n, 1);
	assert_int_equal(search(f, "家族教室", NULL, false, 0).n, 1);
	assert_int_equal(audit_of(f).n, 2);
	assert_index_consistent(f);
	import_ok(f, DATA "update.csv", 3); /* again: nothing changes */
	assert_index_consistent(f);
	assert_int_equal(resources_reindex(f->s, &f->err), ST_OK);
	assert_index_consistent(f);
	assert_int_equal(search(f, "本所", NULL, false, 0).n, 1);
}

/* --- search --- */

static void test_search_kanji_kana(void **state)
{
	struct fixture *f = *state;
	struct hits h;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	h = search(f, "精神保健", NULL, false, 0); /* kanji, in a name */
	assert_true(has(&h, "sample-mhwc"));
	h = search(f, "家族教室", NULL, false, 0); /* kanji, in a description */
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "sample-center-kita");
	h = search(f, "ひだまり", NULL, false, 0); /* hiragana */
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "sample-family-group");
	h = search(f, "サポート", NULL, false, 0); /* katakana */
	assert_true(has(&h, "sample-saposute"));
	h = search(f, "カフェ", NULL, false, 0); /* katakana, exactly three */
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "sample-ibasho");
	h = search(f, "サンプル市東区", NULL, false, 0); /* an area */
	assert_true(has(&h, "sample-houkatsu"));
	assert_int_equal(search(f, "存在しない言葉", NULL, false, 0).n, 0);
}

/* A name match ranks above a description match. */
static void test_search_ranking(void **state)
{
	struct fixture *f = *state;
	struct hits h;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	h = search(f, "居場所", NULL, false, 0);
	assert_true(h.n >= 3);
	assert_string_equal(h.ids[0], "sample-ibasho");
}

static void test_search_short(void **state)
{
	struct fixture *f = *state;
	struct hits h;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	h = search(f, "警", NULL, false, 0); /* one character */
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "sample-police");
	h = search(f, "児童", NULL, false, 0); /* two */
	assert_true(has(&h, "sample-jisou"));
	h = search(f, "np", NULL, false, 0); /* ASCII, either case */
	assert_true(has(&h, "sample-npo"));
	assert_true(has(&h, "sample-npo-shokuba"));
	assert_int_equal(search(f, "NPO", NULL, false, 0).n, h.n);
	/* LIKE wildcards are text */
	assert_int_equal(search(f, "%", NULL, false, 0).n, 0);
	assert_int_equal(search(f, "_", NULL, false, 0).n, 0);
	/* a short word with a long one: both must occur */
	h = search(f, "サンプル 警", NULL, false, 0);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "sample-police");
	h = search(f, "警\xE3\x80\x80サンプル", NULL, false, 0); /* ideographic space */
	assert_int_equal(h.n, 1);
}

/* Whatever is typed is text, never FTS5 syntax. */
static void test_search_not_syntax(void **state)
{
	static const char *const queries[] = {
		"\"", "\"\"\"", "a OR b", "NEAR(a b)", "name:センター", "*", "センター*",
		"^居場所", "AND", "(((", "- -", "'; DROP TABLE resources; --",
	};
	struct fixture *f = *state;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
		assert_int_equal(search(f, queries[i], NULL, true, 0).n, 0);
	assert_int_equal(count_all(f), SAMPLE_ROWS);
}

static void test_search_empty_lists_all(void **state)
{
	struct fixture *f = *state;
	struct hits h;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	h = search(f, "", NULL, false, 0);
	assert_int_equal(h.n, SAMPLE_ACTIVE);
	for (int i = 1; i < h.n; i++)
		assert_true(strcmp(h.categories[i - 1], h.categories[i]) <= 0);
	assert_int_equal(search(f, NULL, NULL, false, 0).n, SAMPLE_ACTIVE);
	assert_int_equal(search(f, "\xE3\x80\x80 ", NULL, false, 0).n, SAMPLE_ACTIVE);
	assert_int_equal(search(f, "", NULL, false, 5).n, 5);
	assert_int_equal(search(f, "サンプル", NULL, false, 3).n, 3);
}

static void test_search_category(void **state)
{
	struct fixture *f = *state;
	struct hits h;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	h = search(f, "", "npo", false, 0);
	assert_int_equal(h.n, 2);
	h = search(f, "サンプル", "npo", false, 0);
	assert_int_equal(h.n, 2);
	for (int i = 0; i < h.n; i++)
		assert_string_equal(h.categories[i], "npo");
	assert_int_equal(search(f, "警", "npo", false, 0).n, 0);
	assert_int_equal(search(f, "", "no-such-category", true, 0).n, 0);
}

static void test_inactive_hidden(void **state)
{
	struct fixture *f = *state;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	assert_int_equal(search(f, "ともしび", NULL, false, 0).n, 0);
	assert_int_equal(search(f, "ともしび", NULL, true, 0).n, 1);
	assert_int_equal(search(f, "", "ibasho", false, 0).n, 1);
	assert_int_equal(search(f, "", "ibasho", true, 0).n, 2);
	assert_int_equal(search(f, "閉", NULL, true, 0).n, 1);
	assert_int_equal(search(f, "閉", NULL, false, 0).n, 0);
}

static int stop_at_first(const struct resource *r, void *ctx)
{
	(*(int *)ctx)++;
	return 1;
}

static void test_search_stops(void **state)
{
	struct fixture *f = *state;
	int n = 0;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	assert_int_equal(resources_search(f->s, "", NULL, true, 0, stop_at_first, &n, &f->err),
			 ST_OK);
	assert_int_equal(n, 1);
	/* the statement was reset: the next search starts afresh */
	assert_int_equal(count_all(f), SAMPLE_ROWS);
}

/* --- supervisor edits --- */

static void make_resource(struct resource *r, const char *id, const char *name)
{
	resource_init(r);
	r->id = xstrdup(id);
	r->name = xstrdup(name);
	r->category = xstrdup("ibasho");
	r->phone = xstrdup("0120-000-099");
	r->hours = xstrdup("土 10:00〜15:00");
	r->area = xstrdup("サンプル市西区");
	r->url = xstrdup("");
	r->description = xstrdup("テスト用の居場所");
}

static void test_operator_refused(void **state)
{
	struct fixture *f = *state;
	struct resource r;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	make_resource(&r, "r-new", "【サンプル】新しい場所");
	assert_int_equal(resources_save(f->s, &r, false, &f->err), ST_NOPERM);
	assert_int_equal(resources_deactivate(f->s, "sample-center", false, &f->err), ST_NOPERM);
	resource_free(&r);
	assert_int_equal(resources_get(f->s, "r-new", &r, &f->err), ST_NOINPUT);
	resource_free(&r);
	assert_int_equal(resources_get(f->s, "sample-center", &r, &f->err), ST_OK);
	assert_true(r.active);
	resource_free(&r);
	assert_int_equal(audit_of(f).n, 1); /* the import only */
}

static void test_supervisor_allowed(void **state)
{
	struct fixture *f = *state;
	struct resource r, got;
	struct audits a;

	make_resource(&r, "r-new", "【サンプル】新しい場所");
	assert_int_equal(resources_save(f->s, &r, true, &f->err), ST_OK);
	free(r.name);
	r.name = xstrdup("【サンプル】改名した場所");
	assert_int_equal(resources_save(f->s, &r, true, &f->err), ST_OK);
	assert_int_equal(resources_get(f->s, "r-new", &got, &f->err), ST_OK);
	assert_string_equal(got.name, "【サンプル】改名した場所");
	resource_free(&got);
	assert_int_equal(search(f, "改名した", NULL, false, 0).n, 1);
	assert_int_equal(search(f, "新しい場所", NULL, false, 0).n, 0);
	assert_int_equal(resources_deactivate(f->s, "r-new", true, &f->err), ST_OK);
	assert_int_equal(resources_deactivate(f->s, "r-new", true, &f->err), ST_OK);
	assert_int_equal(resources_get(f->s, "r-new", &got, &f->err), ST_OK);
	assert_false(got.active);
	resource_free(&got);
	assert_int_equal(resources_deactivate(f->s, "no-such", true, &f->err), ST_NOINPUT);
	assert_index_consistent(f);
	a = audit_of(f);
	assert_int_equal(a.n, 3); /* create, update, one deactivate */
	assert_string_equal(a.action[0], "create");
	assert_string_equal(a.before[0], "");
	assert_string_equal(a.action[1], "update");
	assert_non_null(strstr(a.before[1], "\"name\":\"【サンプル】新しい場所\""));
	assert_non_null(strstr(a.after[1], "\"name\":\"【サンプル】改名した場所\""));
	assert_string_equal(a.action[2], "deactivate");
	assert_non_null(strstr(a.before[2], "\"active\":true"));
	assert_non_null(strstr(a.after[2], "\"active\":false"));
	resource_free(&r);
}

static void test_save_validates(void **state)
{
	struct fixture *f = *state;
	struct resource r;

	make_resource(&r, "bad id", "名前");
	assert_int_equal(resources_save(f->s, &r, true, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "id");
	resource_free(&r);
	make_resource(&r, "r-esc", "悪い\x1b[2J名前");
	assert_int_equal(resource_validate(&r, &f->cfg, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "name");
	assert_int_equal(resources_save(f->s, &r, true, &f->err), ST_DATAERR);
	resource_free(&r);
	make_resource(&r, "r-cat", "名前");
	free(r.category);
	r.category = xstrdup("shelter");
	assert_int_equal(resource_validate(&r, &f->cfg, &f->err), ST_DATAERR);
	assert_string_equal(f->err.field, "category");
	free(r.description);
	r.description = xstrdup("二行の\n説明\tタブ付き");
	free(r.category);
	r.category = xstrdup("npo");
	assert_int_equal(resource_validate(&r, &f->cfg, &f->err), ST_OK);
	resource_free(&r);
	assert_int_equal(count_all(f), 0);
}

/* --- export --- */

static char *export_to_string(struct fixture *f, const char *format)
{
	char *s = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&s, &n);

	assert_non_null(out);
	assert_int_equal(resources_export(f->s, format, out, &f->err), ST_OK);
	assert_int_equal(fclose(out), 0);
	return s;
}

static void write_file(const char *path, const char *s)
{
	FILE *out = fopen(path, "wb");

	assert_non_null(out);
	fputs(s, out);
	assert_int_equal(fclose(out), 0);
}

/* Values that need quoting, a spreadsheet guard, or several lines. */
static void put_tricky(struct fixture *f)
{
	struct resource r;

	make_resource(&r, "r-tricky", "【サンプル】\"引用符\",と、カンマ");
	free(r.phone);
	r.phone = xstrdup("+81-45-000-0000");
	free(r.description);
	r.description = xstrdup("=HYPERLINK(\"x\")\n二行目 ");
	free(r.hours);
	r.hours = xstrdup("-");
	assert_int_equal(resources_save(f->s, &r, true, &f->err), ST_OK);
	resource_free(&r);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct fixture *g;
	char path[160];
	char *csv, *jsonl_f, *jsonl_g;
	void *gstate;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	put_tricky(f);
	csv = export_to_string(f, "csv");
	assert_non_null(strstr(csv, "'+81-45-000-0000")); /* guarded for spreadsheets */
	snprintf(path, sizeof path, "%s/export.csv", f->dir);
	write_file(path, csv);
	setup(&gstate);
	g = gstate;
	import_ok(g, path, SAMPLE_ROWS + 1);
	assert_index_consistent(g);
	jsonl_f = export_to_string(f, "jsonl");
	jsonl_g = export_to_string(g, "jsonl");
	assert_string_equal(jsonl_f, jsonl_g);
	free(jsonl_g);
	jsonl_g = export_to_string(g, NULL);
	assert_string_equal(csv, jsonl_g); /* and the CSV once more, byte for byte */
	free(csv);
	free(jsonl_f);
	free(jsonl_g);
	teardown(&gstate);
}

static void test_export_csv_shape(void **state)
{
	struct fixture *f = *state;
	static const char header[] = "id,name,category,phone,hours,area,url,description,active\r\n";
	char *csv;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	csv = export_to_string(f, "csv");
	assert_memory_equal(csv, header, sizeof header - 1);
	assert_non_null(strstr(csv, "sample-ibasho-old,【サンプル】旧・居場所スペース「ともしび」（閉所）,"
				    "ibasho,0120-000-023,,サンプル市北区,,"));
	assert_non_null(strstr(csv, "過去の紹介記録のために残している。,0\r\n"));
	free(csv);
}

static void test_export_jsonl(void **state)
{
	struct fixture *f = *state;
	char *s;
	int lines = 0;

	import_ok(f, SAMPLE, SAMPLE_ROWS);
	s = export_to_string(f, "jsonl");
	for (char *p = s; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, SAMPLE_ROWS);
	assert_non_null(strstr(s, "{\"id\":\"sample-ibasho-old\",\"name\":"));
	assert_non_null(strstr(s, "\"active\":false}\n"));
	assert_non_null(strstr(s, "\"description\":\"サテライト相談室。予約制の面談のほか、月1回の家族教室を開催。\\u000a"));
	free(s);
	assert_int_equal(resources_export(f->s, "xml", stdout, &f->err), ST_USAGE);
}

/* Text stored by other means still reaches a CSV file escaped. */
static void test_export_escapes_controls(void **state)
{
	struct fixture *f = *state;
	struct resource r;
	char *csv, *jsonl;

	make_resource(&r, "r-esc", "悪い\x1b[2J名前\x1b]0;title\x07");
	assert_int_equal(resources_put(f->s, &r, &f->err), ST_OK);
	resource_free(&r);
	csv = export_to_string(f, "csv");
	assert_null(strchr(csv, '\x1b'));
	assert_null(strchr(csv, '\x07'));
	assert_non_null(strstr(csv, "悪い^[[2J名前^[]0;title^G"));
	jsonl = export_to_string(f, "jsonl");
	assert_null(strchr(jsonl, '\x1b'));
	assert_non_null(strstr(jsonl, "悪い\\u001b[2J名前"));
	free(csv);
	free(jsonl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_import_sample),
		T(test_get_missing),
		T(test_bad_row_line3),
		T(test_bad_row_after_multiline),
		T(test_unknown_category),
		T(test_wrong_column_count),
		T(test_bad_header),
		T(test_bad_utf8),
		T(test_bad_id_empty_name_duplicate),
		T(test_missing_file),
		T(test_reimport_updates),
		T(test_search_kanji_kana),
		T(test_search_ranking),
		T(test_search_short),
		T(test_search_not_syntax),
		T(test_search_empty_lists_all),
		T(test_search_category),
		T(test_inactive_hidden),
		T(test_search_stops),
		T(test_operator_refused),
		T(test_supervisor_allowed),
		T(test_save_validates),
		T(test_round_trip),
		T(test_export_csv_shape),
		T(test_export_jsonl),
		T(test_export_escapes_controls),
#undef T
	};

	setenv("TZ", "Asia/Tokyo", 1);
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
