/* Unit tests for the message dispatcher (of_msg.c) and the error names
 * (of_err.c): the length table with its exact errors, the version and type
 * rules, raw and typed re-encoding byte for byte (plain and deep), every
 * prefix of every golden message, encoder failures, and a struct round trip
 * for every message type. Golden messages are Open vSwitch 3.1 bytes taken
 * from /work/shared/captures (file named beside each). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "of_msg.h"

static uint8_t in[70000], out[70000], scratch[70000];

struct golden {
	const char *what;
	const char *hex;
	enum of_err verdict;
	bool raw;
};

static const struct golden goldens[] = {
    {"HELLO (a01)", "0100000800000017", OF_OK, false},
    {"v4 HELLO with version bitmap (e01)", "04000010000000010001000800000010",
     OF_OK, false},
    {"ERROR QUEUE_OP_FAILED/BAD_PORT (a08)",
     "0101001800000002000500000114000c0000000200630000", OF_OK, false},
    {"v4 ERROR HELLO_FAILED (e01)",
     "040100520000000000000000576520737570706f72742076657273696f6e2030783031"
     "2c20796f7520737570706f72742076657273696f6e20307830342c206e6f20636f6d6d"
     "6f6e2076657273696f6e732e",
     OF_E_BAD_VERSION, false},
    {"ECHO_REQUEST 64-byte payload (a01)",
     "0102004800000002a176fc2e15d028a580df6f5aaf666e92b297ce89eebf273c635a99"
     "b0a9867be1be2173a41cb2d4c8b7b7748c3604c94a31d3b1239a042823a7fdd154b52a"
     "c007",
     OF_OK, false},
    {"ECHO_REPLY 64-byte payload (a01)",
     "0103004800000002a176fc2e15d028a580df6f5aaf666e92b297ce89eebf273c635a99"
     "b0a9867be1be2173a41cb2d4c8b7b7748c3604c94a31d3b1239a042823a7fdd154b52a"
     "c007",
     OF_OK, false},
    {"VENDOR NXT_SET_PACKET_IN_FORMAT (a06)",
     "0104001400000005000023200000001000000000", OF_OK, false},
    {"FEATURES_REQUEST (a01)", "0105000800000002", OF_OK, false},
    {"FEATURES_REPLY 5 ports (a01)",
     "0106011000000002000000000000000100000000fe000000000000c700000fff0004da"
     "f472375b62703400000000000000000000000000000000000000000000000000c00000"
     "00000000000000000000fffe3eafd176eb446272300000000000000000000000000000"
     "00000100000001000000c000000000000000000000000000018af9730c662e70310000"
     "0000000000000000000000000000000000000000000000c00000000000000000000000"
     "000002ba5b3b4a7a53703200000000000000000000000000000000000000000000000"
     "000c00000000000000000000000000003227c9c6b9999703300000000000000000000"
     "000000000000000000000000000000c0000000000000000000000000",
     OF_OK, false},
    {"GET_CONFIG_REQUEST (a01)", "0107000800000004", OF_OK, false},
    {"GET_CONFIG_REPLY (a01)", "0108000c0000000400000000", OF_OK, false},
    {"SET_CONFIG frag drop (a01)", "0109000c0000000300010000", OF_OK, false},
    {"PACKET_IN ARP (a06)",
     "010a003c00000000ffffffff002a000200000000000000010000000000020806000108"
     "00060400020000000000020a0000020000000000010a000001",
     OF_OK, false},
    {"FLOW_REMOVED (a10)",
     "010b0058000000000038204f000000000000000000000000000000000000080000110"
     "000000000000000000000000009000000000000100100320000000000010b16228000"
     "01000000000000000000000000000000000000",
     OF_OK, false},
    {"PORT_STATUS MODIFY (a07)",
     "010c004000000000020000000000000000018af9730c662e7031000000000000000000"
     "00000000000000001000000000000000c0000000000000000000000000",
     OF_OK, false},
    {"PACKET_OUT FLOOD (b01)",
     "010d004200000004ffffffff0001000800000008fffb0000ffffffffffff0000000001"
     "01080600010800060400010000000001010a0100010000000000000a010002",
     OF_OK, false},
    {"FLOW_MOD set_dl_src + output (a03)",
     "010e006000000002003020ef00000000000000000000000000000000000008000000000"
     "0000000000a00006a0000000000000000000000000000000000000017ffffffffffff00"
     "000004001000aabbccddee0000000000000000000800020000",
     OF_OK, false},
    {"PORT_MOD (a07)",
     "010f00200000000400018af9730c662e00000010000000100000000000000000", OF_OK,
     false},
    {"STATS_REQUEST FLOW (a01)",
     "011000380000000200010000003820ff0000000000000000000000000000000000000000"
     "00000000000000000000000000000000ff00ffff",
     OF_OK, false},
    {"STATS_REQUEST type 13 (OVS PORT_DESC, a01)", "0110000c00000002000d0000",
     OF_E_BAD_STAT, false},
    {"STATS_REPLY AGGREGATE (a01)",
     "011100240000000200020000000000000000000000000000000000000000000000000000",
     OF_OK, false},
    {"BARRIER_REQUEST (a01)", "0112000800000004", OF_OK, false},
    {"BARRIER_REPLY (a01)", "0113000800000004", OF_OK, false},
    {"QUEUE_GET_CONFIG_REQUEST (d01)", "0114000c0000000200010000", OF_OK,
     false},
    {"QUEUE_GET_CONFIG_REPLY 2 queues (d01)",
     "0115002000000002000100000000000000000000000800000000000100080000", OF_OK,
     false},
    {"unknown type 0x30 (a11)", "01300008000000a1", OF_E_BAD_TYPE, true},
    {"v2 ECHO_REQUEST (a11)", "02020008000000a2", OF_E_BAD_VERSION, true},
    {"FEATURES_REQUEST of length 12 (a11)", "0105000c000000a600000000",
     OF_E_BAD_LEN, true},
};

/* Decodes, re-encodes (plain and deep) and compares with the input; then
 * decodes every prefix, as is (header length no longer matches) and with the
 * length field patched to the prefix size, checking that nothing crashes
 * and that whatever decodes re-encodes to the prefix. */
static void check_golden(const struct golden *g)
{
	struct of_msg m;
	size_t size = check_hex(g->hex, in, sizeof(in)), len, cut;
	enum of_err e;
	uint8_t pfx[2048];

	e = of_decode(in, size, &m);
	if (!CHECK_EQ(e, g->verdict) || !CHECK_EQ(m.raw, g->raw))
		fprintf(stderr, "  in %s\n", g->what);
	CHECK_EQ(m.h.length, size);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	if (!CHECK_MEM(out, len, in, size))
		fprintf(stderr, "  in %s\n", g->what);
	CHECK_EQ(of_reencode_deep(&m, out, sizeof(out), &len, scratch,
				  sizeof(scratch)),
		 OF_OK);
	if (!CHECK_MEM(out, len, in, size))
		fprintf(stderr, "  deep, in %s\n", g->what);

	CHECK(size <= sizeof(pfx));
	for (cut = 0; cut < size && size <= sizeof(pfx); cut++) {
		struct of_msg p;
		int ok = 1;

		memcpy(pfx, in, cut);
		e = of_decode(pfx, cut, &p);
		ok &= e == OF_E_BAD_LEN && p.raw;
		if (cut >= 4) {
			pfx[2] = (uint8_t)(cut >> 8);
			pfx[3] = (uint8_t)cut;
		}
		e = of_decode(pfx, cut, &p);
		if (cut < 8) {
			ok &= e == OF_E_BAD_LEN && p.raw;
			continue;
		}
		if (of_encode(&p, out, sizeof(out), &len) != OF_OK ||
		    len != cut || memcmp(out, pfx, cut))
			ok = 0;
		if (of_reencode_deep(&p, out, sizeof(out), &len, scratch,
				     sizeof(scratch)) != OF_OK ||
		    len != cut || memcmp(out, pfx, cut))
			ok = 0;
		if (!CHECK(ok))
			fprintf(stderr, "  prefix %zu of %s\n", cut, g->what);
	}
}

/* Field checks on a few golden messages (the other families have their own
 * test programs). */
static void test_golden_fields(void)
{
	struct of_msg m;
	size_t size;

	size = check_hex(goldens[1].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_OK);
	CHECK_EQ(m.h.version, 4);
	CHECK_EQ(m.u.hello.size, 8);
	CHECK_EQ(m.u.hello.p[7], 0x10); /* bitmap: 1.0 and 1.3 */

	size = check_hex(goldens[2].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_OK);
	CHECK_EQ(m.u.error.type, OFPET_QUEUE_OP_FAILED);
	CHECK_EQ(m.u.error.code, OFPQOFC_BAD_PORT);
	CHECK_EQ(m.u.error.data.size, 12);
	CHECK_EQ(m.u.error.data.p[1], OFPT_QUEUE_GET_CONFIG_REQUEST);
	CHECK_EQ(of_err_from_wire(m.u.error.type, m.u.error.code),
		 OF_E_QUEUE_BAD_PORT);

	size = check_hex(goldens[3].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_E_BAD_VERSION);
	CHECK_EQ(m.u.error.type, OFPET_HELLO_FAILED);
	CHECK_EQ(m.u.error.code, OFPHFC_INCOMPATIBLE);
	CHECK_EQ(m.u.error.data.size, 70);
	CHECK(memcmp(m.u.error.data.p, "We support version 0x01", 23) == 0);

	size = check_hex(goldens[4].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_OK);
	CHECK_EQ(m.h.xid, 2);
	CHECK_EQ(m.u.echo.size, 64);
	CHECK(m.u.echo.p == in + 8);

	size = check_hex(goldens[6].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_OK);
	CHECK_EQ(m.u.vendor.vendor, 0x2320);
	CHECK_EQ(m.u.vendor.data.size, 8);
	CHECK_EQ(m.u.vendor.data.p[3], 16); /* NXT_SET_PACKET_IN_FORMAT */

	size = check_hex(goldens[11].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_OK);
	CHECK_EQ(m.h.type, OFPT_SET_CONFIG);
	CHECK_EQ(m.u.config.flags, OFPC_FRAG_DROP);
	CHECK_EQ(m.u.config.miss_send_len, 0);
}

/* One row per type: the minimum total length, whether it is exact, and the
 * modulus of the variable part (0: none). */
static const struct {
	uint8_t type;
	uint16_t min;
	bool exact;
	uint16_t mod;
} rules[] = {
    {OFPT_HELLO, 8, false, 0},
    {OFPT_ERROR, 12, false, 0},
    {OFPT_ECHO_REQUEST, 8, false, 0},
    {OFPT_ECHO_REPLY, 8, false, 0},
    {OFPT_VENDOR, 12, false, 0},
    {OFPT_FEATURES_REQUEST, 8, true, 0},
    {OFPT_FEATURES_REPLY, 32, false, 48},
    {OFPT_GET_CONFIG_REQUEST, 8, true, 0},
    {OFPT_GET_CONFIG_REPLY, 12, true, 0},
    {OFPT_SET_CONFIG, 12, true, 0},
    {OFPT_PACKET_IN, 18, false, 0},
    {OFPT_FLOW_REMOVED, 88, true, 0},
    {OFPT_PORT_STATUS, 64, true, 0},
    {OFPT_PACKET_OUT, 16, false, 0},
    {OFPT_FLOW_MOD, 72, false, 8},
    {OFPT_PORT_MOD, 32, true, 0},
    {OFPT_STATS_REQUEST, 12, false, 0},
    {OFPT_STATS_REPLY, 12, false, 0},
    {OFPT_BARRIER_REQUEST, 8, true, 0},
    {OFPT_BARRIER_REPLY, 8, true, 0},
    {OFPT_QUEUE_GET_CONFIG_REQUEST, 12, true, 0},
    {OFPT_QUEUE_GET_CONFIG_REPLY, 16, false, 0},
};

/* Makes a version-1 message of `type` and total length `size` with a zero
 * body, except that a STATS_REPLY is made a TABLE reply (a zero body is then
 * valid at the minimum length of every type; a DESC reply is not). */
static size_t make_msg(uint8_t *buf, uint8_t type, size_t size)
{
	memset(buf, 0, size);
	buf[0] = OFP_VERSION;
	buf[1] = type;
	buf[2] = (uint8_t)(size >> 8);
	buf[3] = (uint8_t)size;
	buf[7] = 0x42;
	if (type == OFPT_STATS_REPLY && size >= 10)
		buf[9] = OFPST_TABLE;
	return size;
}

/* Decodes buf, expecting `want` and raw-ness, and a byte-exact re-encode. */
static void expect(const uint8_t *buf, size_t size, enum of_err want, bool raw,
		   const char *what, size_t n)
{
	struct of_msg m;
	size_t len;
	enum of_err e = of_decode(buf, size, &m);

	if (!CHECK_EQ(e, want) || !CHECK_EQ(m.raw, raw))
		fprintf(stderr, "  %s, length %zu\n", what, n);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, buf, size);
}

static void test_length_table(void)
{
	size_t i;
	uint8_t buf[256];

	CHECK_EQ(sizeof(rules) / sizeof(rules[0]), OFPT_NTYPES);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		uint8_t t = rules[i].type;
		const char *name = of_type_name(t);
		size_t min = rules[i].min;

		expect(buf, make_msg(buf, t, min), OF_OK, false, name, min);
		if (min > 8)
			expect(buf, make_msg(buf, t, min - 1), OF_E_BAD_LEN,
			       true, name, min - 1);
		if (min > 9)
			expect(buf, make_msg(buf, t, 8), OF_E_BAD_LEN, true,
			       name, 8);
		if (rules[i].exact) {
			expect(buf, make_msg(buf, t, min + 1), OF_E_BAD_LEN,
			       true, name, min + 1);
			expect(buf, make_msg(buf, t, min + 8), OF_E_BAD_LEN,
			       true, name, min + 8);
		}
		if (rules[i].mod) {
			size_t k;
			for (k = 1; k < rules[i].mod; k++)
				expect(buf, make_msg(buf, t, min + k),
				       OF_E_BAD_LEN, true, name, min + k);
		}
	}
	/* Open-ended types accept a longer body where a zero body is
	 * meaningful. */
	expect(buf, make_msg(buf, OFPT_HELLO, 9), OF_OK, false, "HELLO", 9);
	expect(buf, make_msg(buf, OFPT_ERROR, 13), OF_OK, false, "ERROR", 13);
	expect(buf, make_msg(buf, OFPT_ECHO_REQUEST, 100), OF_OK, false, "ECHO",
	       100);
	expect(buf, make_msg(buf, OFPT_VENDOR, 13), OF_OK, false, "VENDOR", 13);
	expect(buf, make_msg(buf, OFPT_FEATURES_REPLY, 32 + 96), OF_OK, false,
	       "FEATURES_REPLY", 128);
	expect(buf, make_msg(buf, OFPT_PACKET_IN, 19), OF_OK, false,
	       "PACKET_IN", 19);
	/* FLOW_MOD with one 8-byte action (OUTPUT to port 1). */
	make_msg(buf, OFPT_FLOW_MOD, 80);
	buf[72 + 3] = 8;
	buf[72 + 5] = 1;
	expect(buf, 80, OF_OK, false, "FLOW_MOD", 80);
	/* STATS_REQUEST/REPLY: the body length rules are per stats type and
	 * live in test_stats.c; a DESC request of 12 bytes is valid. */
	expect(buf, make_msg(buf, OFPT_STATS_REPLY, 12 + 64), OF_OK, false,
	       "STATS_REPLY", 76);
	/* A QUEUE_GET_CONFIG_REPLY of 16 has no queues. */
	expect(buf, make_msg(buf, OFPT_QUEUE_GET_CONFIG_REPLY, 16), OF_OK,
	       false, "QUEUE_GET_CONFIG_REPLY", 16);
}

static void test_header_rules(void)
{
	struct of_msg m;
	uint8_t buf[64];
	size_t size, len;
	unsigned v, t;

	/* Shorter than a header: zeroed, raw, BAD_LEN. */
	for (size = 0; size < 8; size++) {
		make_msg(buf, OFPT_HELLO, 8);
		memset(&m, 0xa5, sizeof(m));
		CHECK_EQ(of_decode(buf, size, &m), OF_E_BAD_LEN);
		CHECK(m.raw);
		CHECK_EQ(m.h.type, 0);
		CHECK_EQ(m.h.xid, 0);
		CHECK(m.u.raw.p == NULL && m.u.raw.size == 0);
	}
	CHECK_EQ(of_decode(NULL, 0, &m), OF_E_BAD_LEN);

	/* Header length differs from the size handed in. */
	make_msg(buf, OFPT_ECHO_REQUEST, 16);
	CHECK_EQ(of_decode(buf, 12, &m), OF_E_BAD_LEN);
	CHECK(m.raw);
	CHECK_EQ(m.u.raw.size, 4);
	CHECK_EQ(m.h.xid, 0x42);
	CHECK_EQ(of_decode(buf, 20, &m), OF_E_BAD_LEN);
	CHECK(m.raw);
	CHECK_EQ(m.u.raw.size, 12);

	/* Unknown types in version 1. */
	for (t = OFPT_NTYPES; t < 256; t++) {
		make_msg(buf, (uint8_t)t, 12);
		CHECK_EQ(of_decode(buf, 12, &m), OF_E_BAD_TYPE);
		CHECK(m.raw && m.u.raw.size == 4 && m.u.raw.p == buf + 8);
	}

	/* Other versions: HELLO typed and OF_OK, ERROR typed and BAD_VERSION,
	 * everything else raw and BAD_VERSION, whatever the length. */
	for (v = 0; v < 256; v++) {
		if (v == OFP_VERSION)
			continue;
		for (t = 0; t < 32; t++) {
			enum of_err e;

			make_msg(buf, (uint8_t)t, 16);
			buf[0] = (uint8_t)v;
			buf[8] = 0;
			buf[9] = 1;
			e = of_decode(buf, 16, &m);
			if (t == OFPT_HELLO) {
				CHECK(e == OF_OK && !m.raw &&
				      m.u.hello.size == 8);
			} else if (t == OFPT_ERROR) {
				CHECK(e == OF_E_BAD_VERSION && !m.raw &&
				      m.u.error.type == 1 &&
				      m.u.error.data.size == 4);
			} else {
				CHECK(e == OF_E_BAD_VERSION && m.raw &&
				      m.u.raw.size == 8);
			}
			CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
			CHECK_MEM(out, len, buf, 16);
		}
	}
	/* A v4 ERROR too short for type and code stays raw. */
	make_msg(buf, OFPT_ERROR, 10);
	buf[0] = 4;
	CHECK_EQ(of_decode(buf, 10, &m), OF_E_BAD_VERSION);
	CHECK(m.raw);
	/* Any header bit pattern round-trips raw. */
	make_msg(buf, 0xff, 8);
	buf[0] = 0xff;
	memset(buf + 4, 0xff, 4);
	CHECK_EQ(of_decode(buf, 8, &m), OF_E_BAD_VERSION);
	CHECK_EQ(m.h.xid, 0xffffffffu);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, buf, 8);
}

static void test_encode_errors(void)
{
	struct of_msg m;
	static uint8_t big[70000];
	uint8_t buf[300];
	size_t len, size, i;

	/* Every buffer shorter than the message: NOSPACE, *len 0. */
	size = check_hex(goldens[8].hex, in, sizeof(in));
	CHECK_EQ(of_decode(in, size, &m), OF_OK);
	for (i = 0; i < size; i++) {
		len = 99;
		CHECK_EQ(of_encode(&m, buf, i, &len), OF_E_NOSPACE);
		CHECK_EQ(len, 0);
		CHECK_EQ(of_reencode_deep(&m, buf, i, &len, scratch,
					  sizeof(scratch)),
			 OF_E_NOSPACE);
	}
	CHECK_EQ(of_encode(&m, NULL, 0, &len), OF_E_NOSPACE);
	CHECK_EQ(of_encode(&m, buf, size, &len), OF_OK);
	CHECK_MEM(buf, len, in, size);
	/* Deep re-encoding needs room for the rebuilt port list. */
	for (i = 0; i < 240; i++)
		CHECK_EQ(
		    of_reencode_deep(&m, buf, sizeof(buf), &len, scratch, i),
		    OF_E_NOSPACE);
	CHECK_EQ(of_reencode_deep(&m, buf, sizeof(buf), &len, scratch, 240),
		 OF_OK);
	CHECK_MEM(buf, len, in, size);
	CHECK_EQ(of_reencode_deep(&m, buf, sizeof(buf), &len, NULL, 0),
		 OF_E_NOSPACE);

	/* A list that is not a whole number of elements cannot be encoded. */
	m.u.features.ports.size = 47;
	CHECK_EQ(of_encode(&m, buf, sizeof(buf), &len), OF_E_INVALID);

	/* More than 65535 bytes. */
	of_msg_init(&m, OFPT_ECHO_REQUEST, 7);
	m.u.echo.p = big;
	m.u.echo.size = 65535 - 8;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_EQ(len, 65535);
	CHECK_EQ(out[2], 0xff);
	CHECK_EQ(out[3], 0xff);
	m.u.echo.size++;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_E_INVALID);
	m.raw = true;
	m.u.raw.p = big;
	m.u.raw.size = 65536 - 8;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_E_INVALID);
	CHECK_EQ(of_encode(&m, out, 100, &len), OF_E_NOSPACE);

	/* A typed message of a type the encoder does not know. */
	of_msg_init(&m, 22, 1);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_E_INVALID);
	m.raw = true;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_EQ(len, 8);
}

static void test_begin_end_init_peek(void)
{
	uint8_t buf[32];
	struct of_wbuf w = of_wbuf_make(buf, sizeof(buf));
	struct of_header h;
	struct of_msg m;
	size_t start, len;

	of_put8(&w, 0xee); /* messages need not start at 0 */
	start = of_msg_begin(&w, OFPT_ECHO_REPLY, 0x01020304);
	CHECK_EQ(start, 1);
	of_put32(&w, 0xdeadbeef);
	CHECK_EQ(of_msg_end(&w, start), OF_OK);
	CHECK(of_header_peek(buf + 1, w.pos - 1, &h));
	CHECK_EQ(h.version, 1);
	CHECK_EQ(h.type, OFPT_ECHO_REPLY);
	CHECK_EQ(h.length, 12);
	CHECK_EQ(h.xid, 0x01020304);
	CHECK_EQ(of_decode(buf + 1, 12, &m), OF_OK);
	CHECK_EQ(m.u.echo.size, 4);
	CHECK(!of_header_peek(buf, 7, &h));

	/* Overflow is reported by of_msg_end. */
	w = of_wbuf_make(buf, 10);
	start = of_msg_begin(&w, OFPT_HELLO, 1);
	of_put32(&w, 0);
	CHECK_EQ(of_msg_end(&w, start), OF_E_NOSPACE);

	memset(&m, 0xa5, sizeof(m));
	of_msg_init(&m, OFPT_BARRIER_REQUEST, 99);
	CHECK(!m.raw);
	CHECK_EQ(m.h.version, OFP_VERSION);
	CHECK_EQ(m.h.type, OFPT_BARRIER_REQUEST);
	CHECK_EQ(m.h.xid, 99);
	CHECK_EQ(of_encode(&m, buf, sizeof(buf), &len), OF_OK);
	CHECK_EQ(len, 8);
	CHECK_EQ(check_hex("0112000800000063", in, sizeof(in)), 8);
	CHECK_MEM(buf, len, in, 8);
}

static void test_names(void)
{
	static const char *const names[OFPT_NTYPES] = {
	    "HELLO",
	    "ERROR",
	    "ECHO_REQUEST",
	    "ECHO_REPLY",
	    "VENDOR",
	    "FEATURES_REQUEST",
	    "FEATURES_REPLY",
	    "GET_CONFIG_REQUEST",
	    "GET_CONFIG_REPLY",
	    "SET_CONFIG",
	    "PACKET_IN",
	    "FLOW_REMOVED",
	    "PORT_STATUS",
	    "PACKET_OUT",
	    "FLOW_MOD",
	    "PORT_MOD",
	    "STATS_REQUEST",
	    "STATS_REPLY",
	    "BARRIER_REQUEST",
	    "BARRIER_REPLY",
	    "QUEUE_GET_CONFIG_REQUEST",
	    "QUEUE_GET_CONFIG_REPLY",
	};
	unsigned i;

	for (i = 0; i < OFPT_NTYPES; i++)
		CHECK_STR(of_type_name((uint8_t)i), names[i]);
	CHECK(of_type_name(22) == NULL);
	CHECK(of_type_name(255) == NULL);
	CHECK_STR(of_stats_type_name(OFPST_DESC), "DESC");
	CHECK_STR(of_stats_type_name(OFPST_FLOW), "FLOW");
	CHECK_STR(of_stats_type_name(OFPST_AGGREGATE), "AGGREGATE");
	CHECK_STR(of_stats_type_name(OFPST_TABLE), "TABLE");
	CHECK_STR(of_stats_type_name(OFPST_PORT), "PORT");
	CHECK_STR(of_stats_type_name(OFPST_QUEUE), "QUEUE");
	CHECK_STR(of_stats_type_name(OFPST_VENDOR), "VENDOR");
	CHECK(of_stats_type_name(6) == NULL);
	CHECK(of_stats_type_name(13) == NULL);
}

static void test_errors(void)
{
	static const struct {
		uint16_t type, code;
		const char *tname, *cname;
		enum of_err e;
	} t[] = {
	    {0, 0, "HELLO_FAILED", "INCOMPATIBLE", OF_E_HELLO_INCOMPATIBLE},
	    {0, 1, "HELLO_FAILED", "EPERM", OF_E_HELLO_EPERM},
	    {1, 0, "BAD_REQUEST", "BAD_VERSION", OF_E_BAD_VERSION},
	    {1, 1, "BAD_REQUEST", "BAD_TYPE", OF_E_BAD_TYPE},
	    {1, 2, "BAD_REQUEST", "BAD_STAT", OF_E_BAD_STAT},
	    {1, 3, "BAD_REQUEST", "BAD_VENDOR", OF_E_BAD_VENDOR},
	    {1, 4, "BAD_REQUEST", "BAD_SUBTYPE", OF_E_BAD_SUBTYPE},
	    {1, 5, "BAD_REQUEST", "EPERM", OF_E_REQUEST_EPERM},
	    {1, 6, "BAD_REQUEST", "BAD_LEN", OF_E_BAD_LEN},
	    {1, 7, "BAD_REQUEST", "BUFFER_EMPTY", OF_E_BUFFER_EMPTY},
	    {1, 8, "BAD_REQUEST", "BUFFER_UNKNOWN", OF_E_BUFFER_UNKNOWN},
	    {2, 0, "BAD_ACTION", "BAD_TYPE", OF_E_BAD_ACTION_TYPE},
	    {2, 1, "BAD_ACTION", "BAD_LEN", OF_E_BAD_ACTION_LEN},
	    {2, 2, "BAD_ACTION", "BAD_VENDOR", OF_E_BAD_ACTION_VENDOR},
	    {2, 3, "BAD_ACTION", "BAD_VENDOR_TYPE",
	     OF_E_BAD_ACTION_VENDOR_TYPE},
	    {2, 4, "BAD_ACTION", "BAD_OUT_PORT", OF_E_BAD_OUT_PORT},
	    {2, 5, "BAD_ACTION", "BAD_ARGUMENT", OF_E_BAD_ARGUMENT},
	    {2, 6, "BAD_ACTION", "EPERM", OF_E_ACTION_EPERM},
	    {2, 7, "BAD_ACTION", "TOO_MANY", OF_E_TOO_MANY},
	    {2, 8, "BAD_ACTION", "BAD_QUEUE", OF_E_BAD_QUEUE},
	    {3, 0, "FLOW_MOD_FAILED", "ALL_TABLES_FULL", OF_E_ALL_TABLES_FULL},
	    {3, 1, "FLOW_MOD_FAILED", "OVERLAP", OF_E_OVERLAP},
	    {3, 2, "FLOW_MOD_FAILED", "EPERM", OF_E_FLOW_MOD_EPERM},
	    {3, 3, "FLOW_MOD_FAILED", "BAD_EMERG_TIMEOUT",
	     OF_E_BAD_EMERG_TIMEOUT},
	    {3, 4, "FLOW_MOD_FAILED", "BAD_COMMAND", OF_E_BAD_COMMAND},
	    {3, 5, "FLOW_MOD_FAILED", "UNSUPPORTED", OF_E_FLOW_MOD_UNSUPPORTED},
	    {4, 0, "PORT_MOD_FAILED", "BAD_PORT", OF_E_PORT_MOD_BAD_PORT},
	    {4, 1, "PORT_MOD_FAILED", "BAD_HW_ADDR", OF_E_PORT_MOD_BAD_HW_ADDR},
	    {5, 0, "QUEUE_OP_FAILED", "BAD_PORT", OF_E_QUEUE_BAD_PORT},
	    {5, 1, "QUEUE_OP_FAILED", "BAD_QUEUE", OF_E_QUEUE_BAD_QUEUE},
	    {5, 2, "QUEUE_OP_FAILED", "EPERM", OF_E_QUEUE_EPERM},
	};
	size_t i;
	char full[64];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_STR(of_error_type_name(t[i].type), t[i].tname);
		CHECK_STR(of_error_code_name(t[i].type, t[i].code), t[i].cname);
		CHECK_EQ(of_err_from_wire(t[i].type, t[i].code), t[i].e);
		CHECK(of_err_is_protocol(t[i].e));
		CHECK_EQ(of_err_type(t[i].e), t[i].type);
		CHECK_EQ(of_err_code(t[i].e), t[i].code);
		snprintf(full, sizeof(full), "%s/%s", t[i].tname, t[i].cname);
		CHECK_STR(of_err_str(t[i].e), full);
	}
	CHECK(of_error_type_name(6) == NULL);
	CHECK(of_error_type_name(0xb0c2) == NULL);
	CHECK(of_error_code_name(0, 2) == NULL);
	CHECK(of_error_code_name(1, 9) == NULL);
	CHECK(of_error_code_name(5, 3) == NULL);
	CHECK(of_error_code_name(9, 0) == NULL);
	/* NXET_VENDOR (0xb0c2) does not fit the encoding. */
	CHECK_EQ(of_err_from_wire(0xb0c2, 0), OF_E_INVALID);
	CHECK_EQ(of_err_from_wire(1, 0x100), OF_E_INVALID);
	CHECK_EQ(of_err_type(of_err_from_wire(0xff, 0xff)), 0xff);
	CHECK_STR(of_err_str(of_err_from_wire(9, 9)), "unknown protocol error");
	CHECK_STR(of_err_str(OF_OK), "success");
	CHECK_STR(of_err_str(OF_E_NOSPACE), "output buffer too small");
	CHECK(of_err_str(OF_E_INVALID) != NULL);
	CHECK(of_err_str(OF_E_TOO_LONG) != NULL);
	CHECK(of_err_str(OF_E_TOO_SHORT) != NULL);
	CHECK(of_err_str(OF_E_SYNTAX) != NULL);
	CHECK(of_err_str((enum of_err)77) != NULL);
	CHECK(!of_err_is_protocol(OF_E_NOSPACE));
}

/* Encodes m, decodes the result and re-encodes it: both encodings must be
 * equal and the decode must be typed with the verdict OF_OK. Returns the
 * decoded message in *d (views into `out2`). */
static uint8_t out2[70000];
static void round_trip(const struct of_msg *m, struct of_msg *d)
{
	size_t len, len2;
	const char *name = of_type_name(m->h.type);

	if (!CHECK_EQ(of_encode(m, out2, sizeof(out2), &len), OF_OK))
		fprintf(stderr, "  encoding %s\n", name);
	if (!CHECK_EQ(of_decode(out2, len, d), OF_OK) || !CHECK(!d->raw))
		fprintf(stderr, "  decoding %s\n", name);
	CHECK_EQ(d->h.type, m->h.type);
	CHECK_EQ(d->h.xid, m->h.xid);
	CHECK_EQ(d->h.length, len);
	CHECK_EQ(of_encode(d, out, sizeof(out), &len2), OF_OK);
	CHECK_MEM(out, len2, out2, len);
	CHECK_EQ(of_reencode_deep(d, out, sizeof(out), &len2, scratch,
				  sizeof(scratch)),
		 OF_OK);
	CHECK_MEM(out, len2, out2, len);
}

static void test_round_trip_all_types(void)
{
	static const uint8_t payload[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	/* OUTPUT port 2 max_len 0xffff, then SET_NW_TOS 0x10. */
	static const uint8_t acts[] = {0, 0, 0, 8, 0,	 2, 0xff, 0xff,
				       0, 8, 0, 8, 0x10, 0, 0,	  0};
	struct of_msg m, d;
	struct of_phy_port port = {
	    .port_no = 3,
	    .hw_addr = {0, 0, 0, 0, 0, 3},
	    .name = "p3",
	    .config = OFPPC_NO_FLOOD,
	    .state = OFPPS_STP_FORWARD,
	    .curr = OFPPF_1GB_FD,
	    .advertised = 1,
	    .supported = 2,
	    .peer = 4,
	};
	uint8_t ports[96];
	struct of_wbuf w = of_wbuf_make(ports, sizeof(ports));
	struct of_iter it;
	struct of_phy_port p;
	unsigned t;

	of_phy_port_put(&w, &port);
	port.port_no = OFPP_LOCAL;
	of_phy_port_put(&w, &port);
	CHECK(!w.overflow && w.pos == 96);

	for (t = 0; t < OFPT_NTYPES; t++) {
		of_msg_init(&m, (uint8_t)t, 1000 + t);
		switch (t) {
		case OFPT_HELLO:
		case OFPT_ECHO_REQUEST:
		case OFPT_ECHO_REPLY:
			m.u.echo.p = payload; /* same layout as u.hello */
			m.u.echo.size = sizeof(payload);
			break;
		case OFPT_ERROR:
			m.u.error.type = OFPET_BAD_REQUEST;
			m.u.error.code = OFPBRC_BAD_LEN;
			m.u.error.data.p = payload;
			m.u.error.data.size = sizeof(payload);
			break;
		case OFPT_VENDOR:
			m.u.vendor.vendor = 0x2320;
			m.u.vendor.data.p = payload;
			m.u.vendor.data.size = sizeof(payload);
			break;
		case OFPT_FEATURES_REPLY:
			m.u.features.datapath_id = 0x0102030405060708ull;
			m.u.features.n_buffers = 256;
			m.u.features.n_tables = 2;
			m.u.features.capabilities = 0xc7;
			m.u.features.actions = 0xfff;
			m.u.features.ports.p = ports;
			m.u.features.ports.size = sizeof(ports);
			break;
		case OFPT_GET_CONFIG_REPLY:
		case OFPT_SET_CONFIG:
			m.u.config.flags = OFPC_FRAG_REASM;
			m.u.config.miss_send_len = 128;
			break;
		case OFPT_PACKET_IN:
			m.u.packet_in.buffer_id = OFP_NO_BUFFER;
			m.u.packet_in.total_len = sizeof(payload);
			m.u.packet_in.in_port = 1;
			m.u.packet_in.reason = OFPR_ACTION;
			m.u.packet_in.data.p = payload;
			m.u.packet_in.data.size = sizeof(payload);
			break;
		case OFPT_FLOW_REMOVED:
			of_match_init_catchall(&m.u.flow_removed.match);
			m.u.flow_removed.cookie = 0xfeedfacecafebeefull;
			m.u.flow_removed.priority = 7;
			m.u.flow_removed.reason = OFPRR_DELETE;
			m.u.flow_removed.duration_sec = 5;
			m.u.flow_removed.duration_nsec = 6;
			m.u.flow_removed.idle_timeout = 60;
			m.u.flow_removed.packet_count = 8;
			m.u.flow_removed.byte_count = 9;
			break;
		case OFPT_PORT_STATUS:
			m.u.port_status.reason = OFPPR_ADD;
			m.u.port_status.desc = port;
			break;
		case OFPT_PACKET_OUT:
			m.u.packet_out.buffer_id = OFP_NO_BUFFER;
			m.u.packet_out.in_port = OFPP_NONE;
			m.u.packet_out.actions.p = acts;
			m.u.packet_out.actions.size = sizeof(acts);
			m.u.packet_out.data.p = payload;
			m.u.packet_out.data.size = sizeof(payload);
			break;
		case OFPT_FLOW_MOD:
			of_match_init_catchall(&m.u.flow_mod.match);
			m.u.flow_mod.command = OFPFC_ADD;
			m.u.flow_mod.idle_timeout = 10;
			m.u.flow_mod.hard_timeout = 20;
			m.u.flow_mod.priority = OFP_DEFAULT_PRIORITY;
			m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
			m.u.flow_mod.out_port = OFPP_NONE;
			m.u.flow_mod.flags = OFPFF_SEND_FLOW_REM;
			m.u.flow_mod.actions.p = acts;
			m.u.flow_mod.actions.size = sizeof(acts);
			break;
		case OFPT_PORT_MOD:
			m.u.port_mod.port_no = 3;
			memcpy(m.u.port_mod.hw_addr, port.hw_addr, 6);
			m.u.port_mod.config = OFPPC_PORT_DOWN;
			m.u.port_mod.mask = OFPPC_PORT_DOWN;
			m.u.port_mod.advertise = 0;
			break;
		case OFPT_STATS_REQUEST:
			m.u.stats_request.type = OFPST_PORT;
			m.u.stats_request.u.port.port_no = OFPP_NONE;
			break;
		case OFPT_STATS_REPLY:
			m.u.stats_reply.type = OFPST_AGGREGATE;
			m.u.stats_reply.flags = OFPSF_REPLY_MORE;
			m.u.stats_reply.u.aggregate.packet_count = 1;
			m.u.stats_reply.u.aggregate.byte_count = 2;
			m.u.stats_reply.u.aggregate.flow_count = 3;
			break;
		case OFPT_QUEUE_GET_CONFIG_REQUEST:
			m.u.queue_get_config_request.port = OFPP_ALL;
			break;
		case OFPT_QUEUE_GET_CONFIG_REPLY:
			m.u.queue_get_config_reply.port = 1;
			break;
		default:
			break;
		}
		round_trip(&m, &d);
		switch (t) {
		case OFPT_HELLO:
			CHECK_MEM(d.u.hello.p, d.u.hello.size, payload,
				  sizeof(payload));
			break;
		case OFPT_ERROR:
			CHECK(d.u.error.type == OFPET_BAD_REQUEST &&
			      d.u.error.code == OFPBRC_BAD_LEN);
			CHECK_MEM(d.u.error.data.p, d.u.error.data.size,
				  payload, sizeof(payload));
			break;
		case OFPT_ECHO_REQUEST:
		case OFPT_ECHO_REPLY:
			CHECK_MEM(d.u.echo.p, d.u.echo.size, payload,
				  sizeof(payload));
			break;
		case OFPT_VENDOR:
			CHECK_EQ(d.u.vendor.vendor, 0x2320);
			CHECK_MEM(d.u.vendor.data.p, d.u.vendor.data.size,
				  payload, sizeof(payload));
			break;
		case OFPT_FEATURES_REPLY:
			CHECK_EQ(d.u.features.datapath_id,
				 0x0102030405060708ull);
			CHECK_EQ(d.u.features.n_buffers, 256);
			CHECK_EQ(d.u.features.n_tables, 2);
			CHECK_EQ(d.u.features.capabilities, 0xc7);
			CHECK_EQ(d.u.features.actions, 0xfff);
			it = of_iter_make(d.u.features.ports);
			CHECK(of_phy_port_next(&it, &p) && p.port_no == 3);
			CHECK(of_phy_port_next(&it, &p) &&
			      p.port_no == OFPP_LOCAL);
			CHECK(!of_phy_port_next(&it, &p));
			break;
		case OFPT_GET_CONFIG_REPLY:
		case OFPT_SET_CONFIG:
			CHECK_EQ(d.u.config.flags, OFPC_FRAG_REASM);
			CHECK_EQ(d.u.config.miss_send_len, 128);
			break;
		case OFPT_PACKET_IN:
			CHECK_EQ(d.u.packet_in.buffer_id, OFP_NO_BUFFER);
			CHECK_EQ(d.u.packet_in.in_port, 1);
			CHECK_EQ(d.u.packet_in.reason, OFPR_ACTION);
			CHECK_MEM(d.u.packet_in.data.p, d.u.packet_in.data.size,
				  payload, sizeof(payload));
			break;
		case OFPT_FLOW_REMOVED:
			CHECK_EQ(d.u.flow_removed.cookie,
				 0xfeedfacecafebeefull);
			CHECK_EQ(d.u.flow_removed.reason, OFPRR_DELETE);
			CHECK_EQ(d.u.flow_removed.byte_count, 9);
			break;
		case OFPT_PORT_STATUS:
			CHECK_EQ(d.u.port_status.reason, OFPPR_ADD);
			CHECK(memcmp(&d.u.port_status.desc, &port,
				     sizeof(port)) == 0);
			break;
		case OFPT_PACKET_OUT:
			CHECK_MEM(d.u.packet_out.actions.p,
				  d.u.packet_out.actions.size, acts,
				  sizeof(acts));
			CHECK_MEM(d.u.packet_out.data.p,
				  d.u.packet_out.data.size, payload,
				  sizeof(payload));
			break;
		case OFPT_FLOW_MOD:
			CHECK_EQ(d.u.flow_mod.flags, OFPFF_SEND_FLOW_REM);
			CHECK_MEM(d.u.flow_mod.actions.p,
				  d.u.flow_mod.actions.size, acts,
				  sizeof(acts));
			break;
		case OFPT_PORT_MOD:
			CHECK_EQ(d.u.port_mod.port_no, 3);
			CHECK_EQ(d.u.port_mod.config, OFPPC_PORT_DOWN);
			CHECK_EQ(d.u.port_mod.mask, OFPPC_PORT_DOWN);
			CHECK_EQ(d.u.port_mod.hw_addr[5], 3);
			break;
		case OFPT_STATS_REQUEST:
			CHECK_EQ(d.u.stats_request.type, OFPST_PORT);
			CHECK_EQ(d.u.stats_request.u.port.port_no, OFPP_NONE);
			break;
		case OFPT_STATS_REPLY:
			CHECK_EQ(d.u.stats_reply.flags, OFPSF_REPLY_MORE);
			CHECK_EQ(d.u.stats_reply.u.aggregate.flow_count, 3);
			break;
		case OFPT_QUEUE_GET_CONFIG_REQUEST:
			CHECK_EQ(d.u.queue_get_config_request.port, OFPP_ALL);
			break;
		case OFPT_QUEUE_GET_CONFIG_REPLY:
			CHECK_EQ(d.u.queue_get_config_reply.port, 1);
			CHECK_EQ(d.u.queue_get_config_reply.queues.size, 0);
			break;
		default:
			break;
		}
	}
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++)
		check_golden(&goldens[i]);
	test_golden_fields();
	test_length_table();
	test_header_rules();
	test_encode_errors();
	test_begin_end_init_peek();
	test_names();
	test_errors();
	test_round_trip_all_types();
	return check_summary();
}
