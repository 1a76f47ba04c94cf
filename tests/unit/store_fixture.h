/* The unit tests of the store: a database of its own in a new directory
 * under /tmp, the default configuration, Tokyo time. Included after
 * cmocka.h; a test that keeps more in its fixture defines
 * STORE_FIXTURE_MORE (members) before including. */
#ifndef SOUDAN_TESTS_STORE_FIXTURE_H
#define SOUDAN_TESTS_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "soudan/store.h"

#ifndef STORE_FIXTURE_MORE
#define STORE_FIXTURE_MORE
#endif

struct fixture {
	char dir[64], path[128];
	struct store *s;
	struct config cfg;
	struct error err;
	STORE_FIXTURE_MORE
};

/* The database is DIR/file (file may name a directory to be made too). */
static struct fixture *fixture_open(const char *name, const char *file)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	snprintf(f->dir, sizeof f->dir, "/tmp/soudan-%s-XXXXXX", name);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, file);
	config_defaults(&f->cfg);
	assert_int_equal(store_open(&f->s, f->path, 0, 1000, &f->err), ST_OK);
	return f;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	store_close(f->s);
	config_free(&f->cfg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

#endif
