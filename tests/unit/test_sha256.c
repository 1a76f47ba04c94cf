/* SHA-256 against the FIPS 180-4 / NIST example vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "soudan/sha256.h"

static void check_hex(const char *msg, const char *want)
{
	char out[65];

	memset(out, 'x', sizeof out);
	sha256_hex(msg, strlen(msg), out);
	assert_string_equal(out, want);
}

static void test_abc(void **state)
{
	(void)state;
	check_hex("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_empty(void **state)
{
	(void)state;
	check_hex("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_448_bits(void **state)
{
	(void)state;
	check_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
	(void)state;
	check_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static const char million_a[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void hex_of(const unsigned char md[32], char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void test_million_a(void **state)
{
	char *a = malloc(1000000), out[65];

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	sha256_hex(a, 1000000, out);
	assert_string_equal(out, million_a);
	free(a);
}

/* The same million, fed in pieces that straddle block boundaries. */
static void test_million_a_chunked(void **state)
{
	static const size_t sizes[] = { 1, 3, 55, 56, 63, 64, 65, 127, 1000 };
	unsigned char a[1000], md[32];
	struct sha256 c;
	size_t done = 0, n, k = 0;
	char out[65];

	(void)state;
	memset(a, 'a', sizeof a);
	sha256_init(&c);
	while (done < 1000000) {
		n = sizes[k++ % (sizeof sizes / sizeof sizes[0])];
		if (n > 1000000 - done)
			n = 1000000 - done;
		sha256_update(&c, a, n);
		done += n;
	}
	sha256_final(&c, md);
	hex_of(md, out);
	assert_string_equal(out, million_a);
}

/* Padding edge cases: the length field fits, just fits, or needs a block. */
static void test_padding_lengths(void **state)
{
	static const struct {
		size_t n;
		const char *hex;
	} v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	char a[128], out[65];
	size_t i;

	(void)state;
	memset(a, 'a', sizeof a);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		sha256_hex(a, v[i].n, out);
		assert_string_equal(out, v[i].hex);
	}
}

/* Binary input: NUL and high bytes are data like any other. */
static void test_binary(void **state)
{
	unsigned char all[256], md[32];
	struct sha256 c;
	char out[65];
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	sha256_hex(all, sizeof all, out);
	assert_string_equal(out, "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
	sha256_init(&c);
	for (i = 0; i < 256; i++)
		sha256_update(&c, all + i, 1);
	sha256_final(&c, md);
	hex_of(md, out);
	assert_string_equal(out, "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
	/* A one-bit change changes the digest. */
	all[100] ^= 1;
	sha256_hex(all, sizeof all, out);
	assert_string_not_equal(out, "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_448_bits),
		cmocka_unit_test(test_896_bits),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_million_a_chunked),
		cmocka_unit_test(test_padding_lengths),
		cmocka_unit_test(test_binary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
