/* Record ids and case codes.
 *
 * Ids come from the client so that a retried commit cannot duplicate a row.
 * They must be random (version 4): uuid_generate may fall back to the time
 * and MAC format, which would tell when and on which machine a call was
 * taken, on a line that promises anonymity. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <uuid/uuid.h>

#include "soudan/id.h"

/* No 0/O, 1/I/L, U (U/V): a code read out over the phone must survive it. */
static const char case_alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CASE_ALPHABET_LEN (sizeof case_alphabet - 1)

static void id_die(const char *what)
{
	fprintf(stderr, "soudan: %s\n", what);
	abort();
}

void id_new(char *out)
{
	uuid_t u;

	uuid_generate_random(u);
	if (uuid_type(u) != UUID_TYPE_DCE_RANDOM || uuid_variant(u) != UUID_VARIANT_DCE)
		id_die("libuuid did not return a random (version 4) UUID");
	uuid_unparse_lower(u, out);
}

static bool id_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Lower case only: ids are compared as text, so "ABC..." would not match. */
bool id_valid(const char *s)
{
	int i;

	if (!s)
		return false;
	for (i = 0; i < ID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!id_is_hex(s[i])) {
			return false;
		}
	}
	return s[ID_LEN] == '\0';
}

static void id_random(void *p, size_t n)
{
	unsigned char *u = p;
	ssize_t r;

	while (n > 0) {
		r = getrandom(u, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			id_die("getrandom failed");
		u += r;
		n -= (size_t)r;
	}
}

/* A uniform index into the alphabet: bytes past the largest multiple of
 * its length are thrown away, so no character is more likely than another. */
static char case_code_char(void)
{
	const unsigned limit = 256 - 256 % CASE_ALPHABET_LEN;
	unsigned char c;

	do
		id_random(&c, 1);
	while (c >= limit);
	return case_alphabet[c % CASE_ALPHABET_LEN];
}

void case_code_new(char *out)
{
	int i;

	for (i = 0; i < CASE_CODE_LEN; i++)
		out[i] = i == 4 ? '-' : case_code_char();
	out[CASE_CODE_LEN] = '\0';
}

/* The alphabet character for c, upper-casing; 0 when c is not in it. */
static char case_code_canon(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c && strchr(case_alphabet, c) ? c : 0;
}

/* Reads in fully before writing out, so the two may be the same buffer. */
static bool case_code_parse(const char *in, char code[CASE_CODE_LEN + 1])
{
	int i = 0, j;

	for (j = 0; j < CASE_CODE_LEN; j++) {
		if (j == 4) {
			code[j] = '-';
			if (in[i] == '-')
				i++;
			continue;
		}
		code[j] = case_code_canon(in[i++]);
		if (!code[j])
			return false;
	}
	code[CASE_CODE_LEN] = '\0';
	return in[i] == '\0';
}

bool case_code_normalize(const char *in, char *out)
{
	char code[CASE_CODE_LEN + 1];

	if (!in || !case_code_parse(in, code)) {
		out[0] = '\0';
		return false;
	}
	memcpy(out, code, sizeof code);
	return true;
}
