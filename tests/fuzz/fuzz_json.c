/* Fuzz one line of `soudan import` (JSON Lines): store_call_from_json on an
 * in-memory store, then what cli_import does with a call that parses
 * (defaults, call_validate, store_call_insert, inside a transaction that is
 * rolled back). Invariants: a parsed call written with call_to_json parses
 * back to the same JSON (export then import reproduces the calls), and a
 * stored call reads back as it was written. */
#include "fuzz_common.h"

#include "soudan/call.h"
#include "soudan/config.h"
#include "soudan/resources.h"
#include "soudan/store.h"

static struct store *fuzz_json_store;
static struct config fuzz_json_cfg;

static void fuzz_json_init(void)
{
	char id[] = "r-saposute-naka", name[] = "サポステ", category[] = "saposute";
	struct resource r = {.id = id, .name = name, .category = category, .active = true};
	struct error err;

	if (fuzz_json_store)
		return;
	fuzz_locale();
	setenv("TZ", "Asia/Tokyo", 1);
	config_defaults(&fuzz_json_cfg);
	error_clear(&err);
	FUZZ_ASSERT(store_open(&fuzz_json_store, ":memory:", 0, 100, &err) == ST_OK);
	FUZZ_ASSERT(store_begin(fuzz_json_store, &err) == ST_OK);
	FUZZ_ASSERT(resources_put(fuzz_json_store, &r, &err) == ST_OK);
	FUZZ_ASSERT(store_commit(fuzz_json_store, &err) == ST_OK);
}

static char *fuzz_json_of(const struct call *c)
{
	struct buf b;

	buf_init(&b);
	call_to_json(c, &b);
	return buf_take(&b);
}

/* call_to_json output parses back to the same call. */
static void fuzz_json_roundtrip(const struct call *c)
{
	char *once = fuzz_json_of(c), *twice;
	struct call back;
	struct error err;

	FUZZ_ASSERT(fuzz_terminal_safe(once, strlen(once), false, false));
	call_init(&back);
	error_clear(&err);
	FUZZ_ASSERT(store_call_from_json(fuzz_json_store, once, strlen(once), &back, &err) == ST_OK);
	twice = fuzz_json_of(&back);
	FUZZ_ASSERT(strcmp(once, twice) == 0);
	free(twice);
	free(once);
	call_free(&back);
}

/* The defaults cli_import applies, with a fixed id so runs are repeatable. */
static void fuzz_json_defaults(struct call *c)
{
	if (!c->id[0])
		snprintf(c->id, sizeof c->id, "%s", "00000000-0000-4000-8000-000000000000");
	if (!c->site)
		c->site = xstrdup(fuzz_json_cfg.site);
	if (!c->operator_name)
		c->operator_name = xstrdup("fuzz");
	call_fill_unknown(c, &fuzz_json_cfg);
}

static void fuzz_json_store_call(const struct call *c)
{
	struct error err;
	struct call back;
	char *a, *b;

	error_clear(&err);
	FUZZ_ASSERT(store_begin(fuzz_json_store, &err) == ST_OK);
	if (store_call_insert(fuzz_json_store, c, &err) == ST_OK) {
		FUZZ_ASSERT(store_call_get(fuzz_json_store, c->id, &back, &err) == ST_OK);
		a = fuzz_json_of(c);
		b = fuzz_json_of(&back);
		/* The case code is stored normalized; compare the rest. */
		if (!c->case_code || strcmp(c->case_code, back.case_code) == 0)
			FUZZ_ASSERT(strcmp(a, b) == 0);
		free(a);
		free(b);
		call_free(&back);
	} else {
		FUZZ_ASSERT(err.status == ST_DATAERR && err.msg[0]);
	}
	store_rollback(fuzz_json_store);
}

static int fuzz_json(const uint8_t *data, size_t size)
{
	struct call c;
	struct error err;
	enum status st;

	fuzz_json_init();
	call_init(&c);
	error_clear(&err);
	st = store_call_from_json(fuzz_json_store, (const char *)data, size, &c, &err);
	if (st == ST_OK) {
		fuzz_json_defaults(&c); /* an id first: "id":"" would not parse back */
		fuzz_json_roundtrip(&c);
		if (call_validate(&c, &fuzz_json_cfg, &err) == ST_OK)
			fuzz_json_store_call(&c);
		else
			FUZZ_ASSERT(err.status == ST_DATAERR && err.field[0]);
	} else {
		FUZZ_ASSERT(st == ST_DATAERR && err.msg[0]);
	}
	call_free(&c);
	return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json(data, size);
}
#endif
