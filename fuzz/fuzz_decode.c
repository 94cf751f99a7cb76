/* libFuzzer target: the message decoder. Any input must decode without a
 * memory error; every list of a typed message must iterate; shallow and deep
 * re-encodings must only ever differ from the input by zeroed bytes
 * (padding), so an input without non-zero padding re-encodes to itself; and
 * re-encoding is idempotent: decode(reencode(x)) re-encodes to the same
 * bytes. Aborts on any violation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_msg.h"
#include "of_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BUF_SIZE 65536

static void fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_decode: %s (input %zu bytes:", what, size);
	for (size_t i = 0; i < size && i < 256; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", data[i]);
	fprintf(stderr, ")\n");
	abort();
}

static void walk_actions(struct of_bytes list)
{
	struct of_iter it = of_iter_make(list);
	struct of_action a;
	size_t n = 0;

	while (of_action_next(&it, &a))
		n++;
	if (n != of_actions_count(list))
		abort();
}

/* Walks every list of a typed message with its iterator. */
static void walk(const struct of_msg *m)
{
	struct of_iter it;

	if (m->raw)
		return;
	switch (m->h.type) {
	case OFPT_FEATURES_REPLY: {
		struct of_phy_port p;

		it = of_iter_make(m->u.features.ports);
		while (of_phy_port_next(&it, &p))
			;
		break;
	}
	case OFPT_PACKET_OUT:
		walk_actions(m->u.packet_out.actions);
		break;
	case OFPT_FLOW_MOD:
		walk_actions(m->u.flow_mod.actions);
		break;
	case OFPT_STATS_REPLY:
		it = of_iter_make(m->u.stats_reply.u.entries);
		switch (m->u.stats_reply.type) {
		case OFPST_FLOW: {
			struct of_flow_stats fs;

			while (of_flow_stats_next(&it, &fs))
				walk_actions(fs.actions);
			break;
		}
		case OFPST_TABLE: {
			struct of_table_stats ts;

			while (of_table_stats_next(&it, &ts))
				;
			break;
		}
		case OFPST_PORT: {
			struct of_port_stats ps;

			while (of_port_stats_next(&it, &ps))
				;
			break;
		}
		case OFPST_QUEUE: {
			struct of_queue_stats qs;

			while (of_queue_stats_next(&it, &qs))
				;
			break;
		}
		default:
			break;
		}
		break;
	case OFPT_QUEUE_GET_CONFIG_REPLY: {
		struct of_packet_queue q;

		it = of_iter_make(m->u.queue_get_config_reply.queues);
		while (of_packet_queue_next(&it, &q)) {
			struct of_iter pit = of_iter_make(q.properties);
			struct of_queue_prop p;

			while (of_queue_prop_next(&pit, &p))
				;
		}
		break;
	}
	default:
		break;
	}
}

/* True if `out` equals `in` except for bytes that `out` has zeroed. */
static bool only_zeroed(const uint8_t *in, const uint8_t *out, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (out[i] != in[i] && out[i] != 0)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct of_msg m, m2;
	static uint8_t shallow[BUF_SIZE], deep[BUF_SIZE], deep2[BUF_SIZE];
	static uint8_t scratch[2 * BUF_SIZE];
	static char text[512];
	struct of_text t;
	size_t slen = 0, dlen = 0, d2len = 0;
	enum of_err e;

	if (size > 65535) /* the framer never hands out more */
		return 0;
	of_decode(data, size, &m);
	walk(&m);

	of_text_init(&t, text, sizeof(text));
	of_print_msg(&t, &m);
	if (t.len >= sizeof(text) || text[t.len] != '\0')
		fail("of_print_msg broke its buffer", data, size);

	if (size < 8)
		return 0;

	e = of_encode(&m, shallow, sizeof(shallow), &slen);
	if (e != OF_OK)
		fail("of_encode failed on a decoded message", data, size);
	e = of_reencode_deep(&m, deep, sizeof(deep), &dlen, scratch,
			     sizeof(scratch));
	if (e != OF_OK)
		fail("of_reencode_deep failed on a decoded message", data,
		     size);
	if (slen != dlen)
		fail("shallow and deep re-encodings differ in size", data,
		     size);

	/* The header length field is recomputed; compare with the input only
	 * if the input's length field told the truth. */
	if ((size_t)(data[2] << 8 | data[3]) == size) {
		if (slen != size)
			fail("re-encoding changed the size", data, size);
		if (!only_zeroed(data, shallow, size))
			fail("of_encode changed a byte other than zeroing it",
			     data, size);
		if (!only_zeroed(data, deep, size))
			fail("of_reencode_deep changed a byte other than "
			     "zeroing it",
			     data, size);
	}

	/* Idempotence: the re-encoding decodes to a message that re-encodes
	 * to the same bytes. An input whose length field lies is kept raw;
	 * its re-encoding carries the right length, so it may decode typed
	 * (and have its padding zeroed) once: normalize it first. */
	if ((size_t)(data[2] << 8 | data[3]) != size) {
		of_decode(deep, dlen, &m2);
		e = of_reencode_deep(&m2, deep2, sizeof(deep2), &d2len, scratch,
				     sizeof(scratch));
		if (e != OF_OK || d2len != dlen)
			fail("re-encoding a re-encoding failed", data, size);
		memcpy(deep, deep2, dlen);
	}
	of_decode(deep, dlen, &m2);
	walk(&m2);
	if (m2.raw != m.raw && (size_t)(data[2] << 8 | data[3]) == size)
		fail("re-encoding changed typed/raw", data, size);
	e = of_reencode_deep(&m2, deep2, sizeof(deep2), &d2len, scratch,
			     sizeof(scratch));
	if (e != OF_OK || d2len != dlen || memcmp(deep, deep2, dlen) != 0)
		fail("deep re-encoding is not idempotent", data, size);
	return 0;
}
