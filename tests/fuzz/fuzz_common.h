/* Shared by the fuzz harnesses and tests/unit/test_fuzz_regress.c: checks
 * that are independent of the code under test, and an abort that libFuzzer
 * (and the regression test) reports as a crash with the reason. */
#ifndef SOUDAN_FUZZ_COMMON_H
#define SOUDAN_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wchar.h>

#include "soudan/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input being replayed, named in failure reports (test_fuzz_regress.c). */
static const char *fuzz_input_name;

#define FUZZ_ASSERT(cond)                                                              \
	do {                                                                               \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: fuzz invariant failed: %s%s%s\n", __FILE__,     \
				__LINE__, #cond, fuzz_input_name ? " on " : "",                  \
				fuzz_input_name ? fuzz_input_name : "");                          \
			abort();                                                               \
		}                                                                              \
	} while (0)

/* Decode one UTF-8 sequence by hand (not utf8_decode, which is under test):
 * the code point, or -1 for anything RFC 3629 forbids. */
static inline long fuzz_utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0];
	long cp, min;
	size_t k;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xC0 && c < 0xE0)
		k = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c < 0xF0)
		k = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c < 0xF8)
		k = 4, cp = c & 0x07, min = 0x10000;
	else
		return -1;
	if (k > n)
		return -1;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = k;
	return cp;
}

static inline bool fuzz_utf8_ok(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if (fuzz_utf8_next((const unsigned char *)s + i, n - i, &len) < 0)
			return false;
		i += len;
	}
	return true;
}

/* What must never reach a terminal : C0 but newline/tab when
 * allowed, DEL, C1, the bidi controls and the zero-width characters. */
static inline bool fuzz_cp_forbidden(long cp, bool newline_ok, bool tab_ok)
{
	if (cp == '\n')
		return !newline_ok;
	if (cp == '\t')
		return !tab_ok;
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	       (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

/* s is valid UTF-8 with nothing forbidden in it. */
static inline bool fuzz_terminal_safe(const char *s, size_t n, bool newline_ok, bool tab_ok)
{
	size_t i = 0, len;
	long cp;

	while (i < n) {
		cp = fuzz_utf8_next((const unsigned char *)s + i, n - i, &len);
		if (cp < 0 || fuzz_cp_forbidden(cp, newline_ok, tab_ok))
			return false;
		i += len;
	}
	return true;
}

/* Widths as on an operator's terminal: a UTF-8 locale, as tests/run.sh sets. */
static inline void fuzz_locale(void)
{
	static bool done;

	if (!done && !setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	done = true;
}

/* Combining marks (width 0) sit on a base character, at most four in a row:
 * never first, nor after a control or a newline . */
static inline bool fuzz_marks_ok(const char *s, size_t n)
{
	size_t i = 0, len;
	int marks = -1;
	long cp;

	while (i < n) {
		cp = fuzz_utf8_next((const unsigned char *)s + i, n - i, &len);
		if (cp < 0)
			return false;
		if (cp >= 0x80 && wcwidth((wchar_t)cp) == 0) {
			if (marks < 0 || marks >= 4)
				return false;
			marks++;
		} else {
			marks = cp == '\n' || cp == '\t' || cp < 0x20 ? -1 : 0;
		}
		i += len;
	}
	return true;
}

/* A file name that reads back data (config_load_file and resources_import
 * take paths): an anonymous memory file, no disk involved. Close *fd after. */
static inline bool fuzz_memfile(const uint8_t *data, size_t size, int *fd, char *path,
				size_t path_size)
{
	*fd = memfd_create("soudan-fuzz", 0);
	if (*fd < 0)
		return false;
	if (size && write(*fd, data, size) != (ssize_t)size) {
		close(*fd);
		return false;
	}
	snprintf(path, path_size, "/proc/self/fd/%d", *fd);
	return true;
}

#endif
