/* Oversized input, through the real program ($B/soudan,
 * B from tests/run.sh): a 100,000-line import runs in bounded memory (peak
 * RSS from wait4, against a 10,000-line import and an absolute bound), a
 * line over the import's limit and a notes value over CALL_NOTES_MAX fail
 * with FILE:LINE and the limit in the message and leave nothing behind, and
 * notes of exactly CALL_NOTES_MAX bytes are kept whole.
 *
 * Under AddressSanitizer freed memory sits in a quarantine (256 MB by
 * default) that would hide what the program itself holds: the children run
 * with it off. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "soudan/call.h"

#define BIG_LINES 100000
#define SMALL_LINES 10000
#define RSS_BOUND_KB (64 * 1024)   /* a sane bound for any import */
#define RSS_GROWTH_KB (8 * 1024)   /* ten times the calls, about the same memory */
#define IMPORT_LINE_MAX (2 * 1024 * 1024) /* src/cli/import.c */

struct fixture {
	char dir[64];
	char soudan[256];
};

static struct fixture fx;

static int setup(void **state)
{
	const char *b = getenv("B");
	char opts[512];

	(void)state;
	snprintf(fx.soudan, sizeof fx.soudan, "%s/soudan", b && *b ? b : "build");
	assert_int_equal(access(fx.soudan, X_OK), 0);
	snprintf(fx.dir, sizeof fx.dir, "/tmp/soudan-big-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	snprintf(opts, sizeof opts, "%s%squarantine_size_mb=0:thread_local_quarantine_size_kb=0",
		 getenv("ASAN_OPTIONS") ? getenv("ASAN_OPTIONS") : "",
		 getenv("ASAN_OPTIONS") ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	setenv("TZ", "Asia/Tokyo", 1);
	setenv("SOUDAN_CONFIG", "/dev/null", 1); /* built-in defaults, whatever $HOME holds */
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* soudan --db DB import FILE; its exit status and peak RSS (KiB); stderr
 * into err (size bytes). */
static int run_import(const char *db, const char *file, long *rss_kb, char *err, size_t size)
{
	char errfile[160];
	struct rusage ru;
	int status, fd;
	ssize_t n;
	pid_t pid;

	snprintf(errfile, sizeof errfile, "%s/stderr", fx.dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execl(fx.soudan, "soudan", "--db", db, "import", file, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	*rss_kb = ru.ru_maxrss;
	fd = open(errfile, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, err, size - 1);
	close(fd);
	err[n > 0 ? n : 0] = '\0';
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static long long calls_in(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;

	if (access(db, F_OK) != 0)
		return 0;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM calls", -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", fx.dir, name);
}

/* n calls a line each, spread over a year, each with a short note. */
static void write_calls(const char *file, int n)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	for (int i = 0; i < n; i++)
		fprintf(f,
			"{\"started_at\":\"2026-%02d-%02dT%02d:%02d:00+09:00\",\"call_type\":\"%s\","
			"\"caller\":\"mother\",\"concerns\":[\"future\"],\"notes\":\"母より%d\"}\n",
			i % 12 + 1, i % 28 + 1, i % 24, i % 60, i % 10 ? "consult" : "silent", i);
	assert_int_equal(fclose(f), 0);
}

static void test_big_import_bounded_memory(void **state)
{
	char small[160], big[160], db1[160], db2[160], err[4096];
	long rss_small, rss_big;

	(void)state;
	path_in(small, sizeof small, "small.jsonl");
	path_in(big, sizeof big, "big.jsonl");
	path_in(db1, sizeof db1, "small.db");
	path_in(db2, sizeof db2, "big.db");
	write_calls(small, SMALL_LINES);
	write_calls(big, BIG_LINES);
	assert_int_equal(run_import(db1, small, &rss_small, err, sizeof err), 0);
	assert_int_equal(run_import(db2, big, &rss_big, err, sizeof err), 0);
	assert_non_null(strstr(err, "100000"));
	assert_int_equal(calls_in(db2), BIG_LINES);
	print_message("peak RSS: %d lines %ld KiB, %d lines %ld KiB\n", SMALL_LINES, rss_small,
		      BIG_LINES, rss_big);
	assert_true(rss_big < RSS_BOUND_KB);
	assert_true(rss_big - rss_small < RSS_GROWTH_KB);
}

/* A file whose line 2 is (bytes + the JSON around) long, of notes text. */
static void write_long_line(const char *file, size_t notes_bytes)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	fputs("{\"started_at\":\"2026-11-22T10:00:00+09:00\",\"call_type\":\"consult\"}\n", f);
	fputs("{\"started_at\":\"2026-11-22T11:00:00+09:00\",\"call_type\":\"consult\",\"notes\":\"", f);
	for (size_t i = 0; i < notes_bytes; i++)
		fputc('a' + (int)(i % 26), f);
	fputs("\"}\n", f);
	assert_int_equal(fclose(f), 0);
}

static void test_line_over_the_limit(void **state)
{
	char file[160], db[160], err[4096], want[300];
	long rss;

	(void)state;
	path_in(file, sizeof file, "long-line.jsonl");
	path_in(db, sizeof db, "long-line.db");
	write_long_line(file, IMPORT_LINE_MAX);
	assert_int_equal(run_import(db, file, &rss, err, sizeof err), 65);
	print_message("the user sees: %s", err);
	snprintf(want, sizeof want, "soudan: %s:2: line longer than %d bytes", file,
		 IMPORT_LINE_MAX);
	assert_non_null(strstr(err, want));
	assert_int_equal(calls_in(db), 0); /* line 1 went too: all or nothing */
	/* The line is skipped, not held: memory stays far below its size. */
	assert_true(rss < RSS_BOUND_KB);
}

static void test_notes_over_the_limit(void **state)
{
	char file[160], db[160], err[4096], want[300];
	long rss;

	(void)state;
	path_in(file, sizeof file, "mb-notes.jsonl");
	path_in(db, sizeof db, "mb-notes.db");
	write_long_line(file, 1024 * 1024);
	assert_int_equal(run_import(db, file, &rss, err, sizeof err), 65);
	print_message("the user sees: %s", err);
	snprintf(want, sizeof want, "soudan: %s:2: notes: too long (%d bytes, at most %d)", file,
		 1024 * 1024, CALL_NOTES_MAX);
	assert_non_null(strstr(err, want));
	assert_int_equal(calls_in(db), 0);
}

static void test_notes_at_the_limit(void **state)
{
	char file[160], db[160], err[4096];
	sqlite3 *h;
	sqlite3_stmt *st;
	long rss;

	(void)state;
	path_in(file, sizeof file, "max-notes.jsonl");
	path_in(db, sizeof db, "max-notes.db");
	write_long_line(file, CALL_NOTES_MAX);
	assert_int_equal(run_import(db, file, &rss, err, sizeof err), 0);
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT max(length(notes)) FROM calls", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), CALL_NOTES_MAX);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_import_bounded_memory),
		cmocka_unit_test(test_line_over_the_limit),
		cmocka_unit_test(test_notes_over_the_limit),
		cmocka_unit_test(test_notes_at_the_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
