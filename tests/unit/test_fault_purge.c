/* Retention means the words are gone: a call saved and
 * edited the way the screen does (drafts, store_call_save, the audit trail
 * with before and after) and then purged leaves no copy of its notes,
 * nickname or referral note anywhere in the database file: not in the call,
 * the draft, the audit trail nor in freed pages (secure_delete), once the WAL
 * is checkpointed. Calls on legal hold keep theirs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/resources.h"
#include "soudan/store.h"
#include "soudan/timeutil.h"

#define SECRET_NOTES "母より。SHREDNOTE7f3a 息子は自室に"
#define SECRET_EDIT "追記。SHREDEDIT7f3a 来週また電話"
#define SECRET_NICK "SHREDNICK7f3a"
#define SECRET_REF "SHREDREF7f3a 電話番号を案内"
#define KEPT_NOTES "保留。KEEPHOLD7f3a"

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
	struct error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char id[] = "r-shred", name[] = "テスト市サポステ", category[] = "saposute";
	struct resource r = {.id = id, .name = name, .category = category, .active = true};

	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	snprintf(f->dir, sizeof f->dir, "/tmp/soudan-shred-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/soudan.db", f->dir);
	assert_int_equal(store_open(&f->s, f->path, 0, 1000, &f->err), ST_OK);
	assert_int_equal(store_begin(f->s, &f->err), ST_OK);
	assert_int_equal(resources_put(f->s, &r, &f->err), ST_OK);
	assert_int_equal(store_commit(f->s, &f->err), ST_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	store_close(f->s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void make_call(struct call *c, const char *code, const char *notes)
{
	call_init(c);
	id_new(c->id);
	c->site = xstrdup("横浜");
	c->operator_name = xstrdup(store_whoami());
	assert_true(time_parse_iso("2026-01-22T10:05:00+09:00", &c->started_at));
	c->coded[CF_CALL_TYPE] = xstrdup("consult");
	c->coded[CF_CALLER] = xstrdup("mother");
	strlist_add(&c->multi[CM_CONCERNS], "future");
	c->case_code = xstrdup(code);
	free(c->notes);
	c->notes = xstrdup(notes);
}

/* Whether the bytes of s occur in the file at path (absent file: no). */
static bool file_has(const char *path, const char *s)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;
	bool found;

	if (!f)
		return false;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	found = memmem(data, (size_t)n, s, strlen(s)) != NULL;
	free(data);
	return found;
}

static bool db_has(struct fixture *f, const char *s)
{
	char wal[160];

	snprintf(wal, sizeof wal, "%s-wal", f->path);
	return file_has(f->path, s) || file_has(wal, s);
}

static void checkpoint(struct fixture *f)
{
	assert_int_equal(sqlite3_exec(store_db(f->s), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
				      NULL),
			 SQLITE_OK);
}

static void test_purge_leaves_no_copy(void **state)
{
	struct fixture *f = *state;
	struct purge_counts n;
	struct call c, kept, back;

	make_call(&c, "SHRD-2222", SECRET_NOTES);
	c.nickname = xstrdup(SECRET_NICK);
	call_add_referral(&c, "r-shred", true, SECRET_REF);
	/* As on the screen: a draft while typing, a save, then an edit and a save. */
	assert_int_equal(store_draft_put(f->s, &c, &f->err), ST_OK);
	assert_int_equal(store_call_save(f->s, &c, store_whoami(), &f->err), ST_OK);
	call_set(&c.notes, SECRET_EDIT);
	assert_int_equal(store_draft_put(f->s, &c, &f->err), ST_OK);
	assert_int_equal(store_call_save(f->s, &c, store_whoami(), &f->err), ST_OK);
	make_call(&kept, "KEEP-3333", KEPT_NOTES);
	assert_int_equal(store_call_save(f->s, &kept, store_whoami(), &f->err), ST_OK);
	assert_int_equal(store_call_hold(f->s, kept.id, true, &f->err), ST_OK);
	checkpoint(f);
	/* The words are in the file before the purge (else this proves nothing). */
	assert_true(db_has(f, "SHREDEDIT7f3a"));
	assert_true(db_has(f, SECRET_NICK));

	assert_int_equal(store_purge(f->s, time_now() + 86400, false, store_whoami(), &n, &f->err),
			 ST_OK);
	assert_int_equal(n.notes, 1);
	assert_int_equal(n.nicknames, 1);
	assert_int_equal(n.referral_notes, 1);
	assert_int_equal(n.held, 1);
	checkpoint(f);
	assert_false(db_has(f, "SHREDNOTE7f3a"));
	assert_false(db_has(f, "SHREDEDIT7f3a"));
	assert_false(db_has(f, SECRET_NICK));
	assert_false(db_has(f, "SHREDREF7f3a"));
	assert_true(db_has(f, "KEEPHOLD7f3a")); /* the legal hold */
	/* The coded values stay. */
	assert_int_equal(store_call_get(f->s, c.id, &back, &f->err), ST_OK);
	assert_string_equal(back.notes, "");
	assert_null(back.nickname);
	assert_string_equal(back.coded[CF_CALLER], "mother");
	assert_string_equal(back.multi[CM_CONCERNS].v[0], "future");
	assert_int_equal(back.nreferrals, 1);
	assert_string_equal(back.referrals[0].resource, "r-shred");
	call_free(&back);
	assert_int_equal(store_audit_verify(f->s, NULL, NULL, &f->err), ST_OK);
	call_free(&kept);
	call_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_purge_leaves_no_copy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
