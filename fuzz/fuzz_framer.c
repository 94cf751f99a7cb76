/* libFuzzer target: the stream framer. Input layout:
 *   byte 0       n: number of chunk sizes that follow the buffer size
 *   bytes 1-2    framer buffer size (big-endian; values below 8 get 8 added)
 *   n bytes      chunk sizes, used in turn (0 is a legal empty read)
 *   the rest     the TCP byte stream
 * The stream is fed in chunks of those sizes. Every message handed out must
 * have a length field equal to its size, 8 <= size <= max_len, and the exact
 * bytes a reference framing of the stream expects, in order; oversized
 * messages must be reported (TOO_LONG) and skipped, a length below 8 must
 * break the stream (TOO_SHORT, then forever). Aborts on any violation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_framer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, size_t at)
{
	fprintf(stderr, "fuzz_framer: %s (stream offset %zu)\n", what, at);
	abort();
}

static size_t hdr_len(const uint8_t *p)
{
	return (size_t)(p[2] << 8 | p[3]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[65536];
	struct of_framer f;
	const uint8_t *sizes, *stream;
	size_t n_sizes, bsize, max_len, stream_size;
	size_t pos = 0, ref = 0, k = 0, calls = 0;
	bool broken = false, ref_broken = false, last_empty = false;

	if (size < 3)
		return 0;
	n_sizes = data[0];
	bsize = (size_t)(data[1] << 8 | data[2]);
	if (bsize < 8)
		bsize += 8;
	if (size < 3 + n_sizes)
		return 0;
	sizes = data + 3;
	stream = data + 3 + n_sizes;
	stream_size = size - 3 - n_sizes;
	if (of_framer_init(&f, buf, bsize) != OF_OK)
		fail("of_framer_init refused a valid size", 0);
	max_len = bsize < 65535 ? bsize : 65535;

	while (pos < stream_size && !broken) {
		size_t chunk = n_sizes ? sizes[k++ % n_sizes] : stream_size;

		/* An empty read is legal, but two in a row make no progress. */
		if (chunk == 0 && last_empty)
			chunk = 1;
		last_empty = chunk == 0;
		size_t end =
		    pos + chunk < stream_size ? pos + chunk : stream_size;
		unsigned idle = 0;

		do {
			const uint8_t *msg = NULL;
			size_t used = 0, len = 0;
			enum of_err e;

			if (++calls > 4 * stream_size + 1000)
				fail("too many calls: no progress", pos);
			e = of_framer_input(&f, stream + pos, end - pos, &used,
					    &msg, &len);
			if (used > end - pos)
				fail("used more than given", pos);
			pos += used;
			if (e == OF_E_TOO_SHORT) {
				/* The reference must be at a header < 8. */
				/* (the header may be unconsumed: used 0) */
				if (ref + 8 > end || hdr_len(stream + ref) >= 8)
					fail("unexpected TOO_SHORT", pos);
				ref_broken = true;
				broken = true;
				break;
			}
			if (e == OF_E_TOO_LONG) {
				if (!msg || ref + 8 > pos ||
				    hdr_len(stream + ref) <= max_len ||
				    memcmp(msg, stream + ref, 8) != 0)
					fail("unexpected TOO_LONG", pos);
				ref += hdr_len(stream + ref);
				continue;
			}
			if (e != OF_OK)
				fail("unexpected error", pos);
			if (msg) {
				size_t want;

				if (len < 8 || len > max_len)
					fail("message size out of range", pos);
				if (hdr_len(msg) != len)
					fail("length field != size", pos);
				if (ref + 8 > pos)
					fail("message before its header", pos);
				want = hdr_len(stream + ref);
				if (want != len || ref + want > pos ||
				    memcmp(msg, stream + ref, len) != 0)
					fail("message differs from reference",
					     pos);
				ref += len;
				idle = 0;
			} else if (used == 0 && pos < end) {
				if (++idle > 2)
					fail("no progress with input left",
					     pos);
			}
		} while (pos < end);
	}
	if (broken) {
		/* Broken forever. */
		const uint8_t *msg = NULL;
		size_t used = 0, len = 0;

		if (of_framer_input(&f, stream, stream_size, &used, &msg,
				    &len) != OF_E_TOO_SHORT)
			fail("stream not broken any more", pos);
		return 0;
	}
	/* Everything complete has been handed out; what is left is one
	 * partial message (or the rest of an oversized one). */
	if (!ref_broken && ref + 8 <= stream_size) {
		size_t l = hdr_len(stream + ref);

		if (l < 8 || l > max_len || ref + l <= stream_size)
			fail("a complete header was not acted on", ref);
	}
	/* ref > stream_size: an oversized message is still being skipped. */
	if (of_framer_pending(&f) != (ref != stream_size))
		fail("of_framer_pending disagrees", ref);
	return 0;
}
