/* Framer: every way of splitting a stream yields the same messages; bad
 * lengths are rejected from the header alone. */
#include <string.h>

#include "check.h"
#include "of_framer.h"

/* Three messages: HELLO (8), ECHO_REQUEST with 4-byte payload (12), BARRIER
 * (8). */
static const char STREAM[] = "0100000800000001"
			     "010200 0c00000002 deadbeef"
			     "0112000800000003";

/* Feeds `in` in chunks of `chunk` bytes; records message lengths and xids. */
static size_t run(const uint8_t *in, size_t size, size_t chunk, size_t *lens,
		  uint8_t *xids, size_t max)
{
	uint8_t buf[64];
	struct of_framer f;
	size_t n = 0, off = 0;

	CHECK_EQ(of_framer_init(&f, buf, sizeof buf), OF_OK);
	while (off < size) {
		size_t end = off + chunk < size ? off + chunk : size;
		while (off < end) {
			const uint8_t *msg;
			size_t used, len;
			enum of_err e = of_framer_input(&f, in + off, end - off,
							&used, &msg, &len);
			if (!CHECK_EQ(e, OF_OK))
				return n;
			off += used;
			if (msg && n < max) {
				lens[n] = len;
				xids[n] = msg[7];
				n++;
			}
		}
	}
	CHECK(!of_framer_pending(&f));
	return n;
}

static void test_every_split(void)
{
	uint8_t in[64];
	size_t size = check_hex(STREAM, in, sizeof in);
	size_t chunk;

	for (chunk = 1; chunk <= size; chunk++) {
		size_t lens[4];
		uint8_t xids[4];
		size_t n = run(in, size, chunk, lens, xids, 4);
		CHECK_EQ(n, 3);
		CHECK_EQ(lens[0], 8);
		CHECK_EQ(lens[1], 12);
		CHECK_EQ(lens[2], 8);
		CHECK_EQ(xids[0], 1);
		CHECK_EQ(xids[1], 2);
		CHECK_EQ(xids[2], 3);
	}
}

static void test_view_without_copy(void)
{
	uint8_t in[64], buf[64];
	size_t size = check_hex(STREAM, in, sizeof in), used, len;
	const uint8_t *msg;
	struct of_framer f;

	of_framer_init(&f, buf, sizeof buf);
	CHECK_EQ(of_framer_input(&f, in, size, &used, &msg, &len), OF_OK);
	CHECK(msg == in);
	CHECK_EQ(used, 8);
}

static void test_too_short_is_sticky(void)
{
	uint8_t in[16], buf[64];
	size_t size = check_hex("0100000400000009 0100000800000001", in,
				sizeof in),
	       used, len;
	const uint8_t *msg;
	struct of_framer f;
	size_t i;

	/* Byte by byte and whole: both must fail on the header. */
	of_framer_init(&f, buf, sizeof buf);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(of_framer_input(&f, in + i, 1, &used, &msg, &len),
			 OF_OK);
		CHECK_EQ(used, 1);
	}
	CHECK_EQ(of_framer_input(&f, in + 3, size - 3, &used, &msg, &len),
		 OF_E_TOO_SHORT);
	CHECK_EQ(of_framer_input(&f, in + 8, 8, &used, &msg, &len),
		 OF_E_TOO_SHORT);
	CHECK_EQ(used, 0);

	of_framer_init(&f, buf, sizeof buf);
	CHECK_EQ(of_framer_input(&f, in, size, &used, &msg, &len),
		 OF_E_TOO_SHORT);
}

static void test_too_long_is_skipped(void)
{
	/* A 40-byte ECHO_REQUEST against a 16-byte maximum, then a HELLO. */
	uint8_t in[64], buf[16];
	size_t size, off = 0, used, len, chunk;
	const uint8_t *msg;
	struct of_framer f;

	size = check_hex("0102002800000007"
			 "0000000000000000 0000000000000000"
			 "0000000000000000 0000000000000000"
			 "0100000800000008",
			 in, sizeof in);
	for (chunk = 1; chunk <= size; chunk++) {
		int too_long = 0, hello = 0;
		of_framer_init(&f, buf, sizeof buf);
		CHECK_EQ(f.max_len, 16);
		for (off = 0; off < size;) {
			size_t end = off + chunk < size ? off + chunk : size;
			enum of_err e = of_framer_input(&f, in + off, end - off,
							&used, &msg, &len);
			off += used;
			if (e == OF_E_TOO_LONG) {
				too_long++;
				CHECK_EQ(len, 8);
				CHECK_EQ(msg[7], 7);
			} else if (!CHECK_EQ(e, OF_OK)) {
				break;
			} else if (msg) {
				hello++;
				CHECK_EQ(len, 8);
				CHECK_EQ(msg[7], 8);
			}
		}
		CHECK_EQ(too_long, 1);
		CHECK_EQ(hello, 1);
	}
}

static void test_init_limits(void)
{
	uint8_t small[7];
	static uint8_t big[70000];
	struct of_framer f;

	CHECK_EQ(of_framer_init(&f, small, sizeof small), OF_E_INVALID);
	CHECK_EQ(of_framer_init(&f, NULL, 100), OF_E_INVALID);
	CHECK_EQ(of_framer_init(&f, big, sizeof big), OF_OK);
	CHECK_EQ(f.max_len, 65535);
}

int main(void)
{
	test_every_split();
	test_view_without_copy();
	test_too_short_is_sticky();
	test_too_long_is_skipped();
	test_init_limits();
	return check_summary();
}
