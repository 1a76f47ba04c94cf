/* The fuzz corpus and every crasher found so far, fed to the same entry
 * points as the libFuzzer harnesses (tests/fuzz/fuzz_*.c, included here), so
 * that `make check` replays them under ASan/UBSan with gcc and no clang.
 * A harness aborts on a broken invariant; the sanitizers abort on the rest.
 * Run from the top of the source tree (tests/run.sh does). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>
#include <cmocka.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

#define FUZZ_NO_ENTRY
#include "../fuzz/fuzz_csv.c"
#include "../fuzz/fuzz_ini.c"
#include "../fuzz/fuzz_json.c"
#include "../fuzz/fuzz_text.c"

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	struct stat sb;

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &sb), 0);
	*size = (size_t)sb.st_size;
	data = malloc(*size ? *size : 1); /* exactly size bytes: ASan sees overreads */
	assert_non_null(data);
	assert_int_equal(fread(data, 1, *size, f), *size);
	fclose(f);
	return data;
}

/* Every regular file in dir (which may be missing for crashers); the count. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[512];
		unsigned char *data;
		struct stat sb;
		size_t size;

		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		data = read_all(path, &size);
		fuzz_input_name = path;
		fn(data, size);
		fuzz_input_name = NULL;
		free(data);
		n++;
	}
	closedir(d);
	return n;
}

static void replay(const char *target, fuzz_fn fn, int min_corpus)
{
	char dir[256];
	int corpus, crashers;

	snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", target);
	corpus = replay_dir(dir, fn);
	snprintf(dir, sizeof dir, "tests/fuzz/crashers/%s", target);
	crashers = replay_dir(dir, fn);
	print_message("%s: %d corpus inputs, %d crashers replayed\n", target, corpus, crashers);
	/* A missing corpus would make this test pass while testing nothing. */
	assert_true(corpus >= min_corpus);
}

static void test_replay_json(void **state)
{
	replay("json", fuzz_json, 100);
}

static void test_replay_csv(void **state)
{
	replay("csv", fuzz_csv, 100);
}

static void test_replay_ini(void **state)
{
	replay("ini", fuzz_ini, 100);
}

static void test_replay_text(void **state)
{
	replay("text", fuzz_text, 100);
}

#if defined(__SANITIZE_ADDRESS__)
/* A sanitizer report names the code; this names the input. */
static void name_input(void)
{
	if (fuzz_input_name)
		fprintf(stderr, "while replaying %s\n", fuzz_input_name);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_json),
		cmocka_unit_test(test_replay_csv),
		cmocka_unit_test(test_replay_ini),
		cmocka_unit_test(test_replay_text),
	};

	setenv("HOME", "/nonexistent-soudan-fuzz", 1); /* the INI default paths */
#if defined(__SANITIZE_ADDRESS__)
	__sanitizer_set_death_callback(name_input);
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
