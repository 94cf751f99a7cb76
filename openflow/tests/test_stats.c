/* Unit tests for STATS_REQUEST / STATS_REPLY (of_stats.c): golden messages
 * from the Open vSwitch 3.1 captures in /work/shared/captures (file named
 * above each) decoded field by field and re-encoded byte for byte (plain and
 * deep), the per-stats-type body length rules with their exact errors,
 * flow stats list validation, iterators and element encoders. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "of_msg.h"

static uint8_t in[70000], out[70000], scratch[70000];

/* a01_queries: DESC reply */
static const char rep_desc[] =
    "0111042c00000002000000004e69636972612c20496e632e00000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000004f70656e"
    "20765377697463680000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000332e312e30000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000004e6f"
    "6e65000000000000000000000000000000000000000000000000000000004e6f6e65"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000";
/* a01_queries: TABLE reply, first 3 of its 254 entries, length patched */
static const char rep_table3[] =
    "011100cc000000020003000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000003fffff000f4240000000000000000000000048"
    "00000000000000000100000000000000000000000000000000000000000000000000"
    "00000000000000000000003fffff000f424000000000000000000000000000000000"
    "00000000020000000000000000000000000000000000000000000000000000000000"
    "000000000000003fffff000f42400000000000000000000000000000000000000000";
/* a01_queries: PORT reply, 5 ports */
static const char rep_port5[] =
    "01110214000000020004000000040000000000000000000000000012000000000000"
    "000c00000000000005ac00000000000003d000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000fffe000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000100000000000000000000000000150000"
    "00000000000c000000000000062a00000000000003d0000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000020000000000000000000000000012"
    "000000000000000c00000000000005ac00000000000003d000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000003000000000000000000000000"
    "001400000000000000130000000000000660000000000000061a0000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000";
/* a03_actions: FLOW reply, all action types */
static const char rep_flow_acts[] =
    "01110a0c000000020001000000600000003020ef0000000000000000000000000000"
    "00000000080000000000000000000a0000640000000000000000082a744000100000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0008fffe000000600000003020ef0000000000000000000000000000000000000800"
    "00000000000000000a000065000000000000000007b0624000110000000000000000"
    "000000000000000000000000000000000000000000000000000000000008fffa0000"
    "00680000003020ef0000000000000000000000000000000000000800000000000000"
    "00000a00006600000000000000000736504000120000000000000000000000000000"
    "0000000000000000000000000000000000000000000b001000010000000000000000"
    "000000680000003020ef000000000000000000000000000000000000080000000000"
    "000000000a0000670000000000000000069db9c00013000000000000000000000000"
    "00000000000000000000000000000000000000000000000b00100001000000000000"
    "0000000100680000003020ef00000000000000000000000000000000000008000000"
    "0000000000000a00006800000000000000000632ea00001400000000000000000000"
    "00000000000000000000000000000000000000000000000000010008007b00000000"
    "00080001000000680000003020ef0000000000000000000000000000000000000800"
    "00000000000000000a000069000000000000000005c81a4000150000000000000000"
    "00000000000000000000000000000000000000000000000000000002000807000000"
    "000000080001000000700000003020ef000000000000000000000000000000000000"
    "080000000000000000000a00006a000000000000000004c4b4000017000000000000"
    "000000000000000000000000000000000000000000000000000000000004001000aa"
    "bbccddee000000000000000000080002000000700000003020ef0000000000000000"
    "00000000000000000000080000000000000000000a00006b0000000000000000044a"
    "a2000018000000000000000000000000000000000000000000000000000000000000"
    "00000000000500100011223344550000000000000000000800020000006800000030"
    "20ef000000000000000000000000000000000000080000000000000000000a00006c"
    "000000000000000003c14dc000190000000000000000000000000000000000000000"
    "000000000000000000000000000000060008c0a80001000000080003000000680000"
    "003020ef000000000000000000000000000000000000080000000000000000000a00"
    "006d000000000000000003473bc0001a000000000000000000000000000000000000"
    "0000000000000000000000000000000000070008c0a8000200000008000300000068"
    "0000003020ef00000000000000000000000000000000000008000000000000000000"
    "0a00006e000000000000000002ebae40001b00000000000000000000000000000000"
    "00000000000000000000000000000000000000080008400000000000000800030000"
    "00580000003020ef0000000000000000000000000000000000000800000000000000"
    "00000a0000710000000000000000019bfcc0001e0000000000000000000000000000"
    "000000000000000000000000000000000000000000780000003020ef000000000000"
    "000000000000000000000000080000000000000000000a0000730000000000000000"
    "006acfc0002100000000000000000000000000000000000000000000000000000000"
    "000000000000ffff001000002320000e0002ff000000ffff00100000232000080102"
    "0304000000680000003020cf00000000000000000000000000000000000008000006"
    "0000000000000a00006f0000000000000000029020c0001c00000000000000000000"
    "0000000000000000000000000000000000000000000000000009000804d200000000"
    "00080004000000680000003020cf0000000000000000000000000000000000000800"
    "00060000000000000a000070000000000000000002160ec0001d0000000000000000"
    "0000000000000000000000000000000000000000000000000000000a000810e10000"
    "000000080004000000780000003020cf000000000000000000000000000000000000"
    "080000110000000000000a000072000000000000000000d59f800020000000000000"
    "00000000000000000000000000000000000000000000000000000000000300080000"
    "0000000b001000010000000000000000000100000008fffe000000c800000030004f"
    "0000000000000000000000000000000000000800000600000a0000010a0000020000"
    "00500000000001312d00001f00000000000000000000000000000000000000000000"
    "00000000000000000000000000010008000a00000002000802000000000400100200"
    "000000010000000000000005001002000000000200000000000000060008ac100001"
    "00070008ac1000020008000810000000000900081f900000000a000820fb00000000"
    "000800020000000000080003000000000008fffd004000680000003820fd00000000"
    "00000000000000000000007b00000000000000000000000000000000000000000000"
    "0000053ec60000160000000000000000000000000000000000000000000000000000"
    "000000000000000000030008000000000000000800020000006000000038204f0000"
    "00000000000000000000000000000000080000110000000000000000000000000044"
    "0000000008b3c880000f000000000000000000000000000000000000000000000000"
    "0000000000000000000000000008fffdffff00600000003820ef0000000000000000"
    "0000000000000000000008060000000000000000000000000000000000000000094c"
    "5f00000e000000000000000000000000000000000000000000000000000000000000"
    "0000000000000008fffd008000600000003820fe0001000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000b80f240000a0000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "00080002000000600000003820fe0002000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000af79e00000b0000000000000000"
    "000000000000000000000000000000000000000000000000000000000008fff80000"
    "00600000003820fe0003000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000a6e49c0000c0000000000000000000000000000"
    "000000000000000000000000000000000000000000000008fffb0000006000000038"
    "20fe0004000000000000000000000000000000000000000000000000000000000000"
    "000000000000000009e4f580000d0000000000000000000000000000000000000000"
    "000000000000000000000000000000000008fffc0000";
/* req_vendor (a08_errors) */
static const char req_vendor[] =
    "0110002000000002ffff0000000023200000000800000000fffffffc00000000";
/* req_unknown (a11_rawsend) */
static const char req_unknown[] = "0110000c000000a300ff0000";
/* rep_flow2 (a09h_replace) */
static const char rep_flow2[] =
    "011100d40000000200010000006000000038208f0000000000000000000000000000"
    "0000000008000001000000000000000000000008000000000000004c4b4000070000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0008fffa000000680000003820fe0003000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000004c4b4000050000000000000000"
    "00000000000000000000000000000000000000000000000000000000000800010000"
    "0000000800020000";
/* rep_port1 (a01_queries) */
static const char rep_port1[] =
    "01110074000000020004000000010000000000000000000000000015000000000000"
    "000c000000000000062a00000000000003d000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000";
/* rep_queue2 (d01_queuecfg) */
static const char rep_queue2[] =
    "0111004c000000020005000000010000000000000000000000000872000000000000"
    "001d0000000000000000000100000000000100000000000000000000000000000000"
    "0000000000000000";
/* rep_vendor (a08_errors) */
static const char rep_vendor[] =
    "0111004000000002ffff00000000232000000009000000000000000f00000007ffff"
    "ff00ffffff00ffffff00ffffff0000000fff00000fff00000fff00000fff";
/* rep_port_desc (a01_queries) */
static const char rep_port_desc[] =
    "011100fc00000002000d00000004daf472375b627034000000000000000000000000"
    "00000000000000000000000000c0000000000000000000000000fffe3eafd176eb44"
    "627230000000000000000000000000000000000100000001000000c0000000000000"
    "00000000000000018af9730c662e7031000000000000000000000000000000000000"
    "00000000000000c00000000000000000000000000002ba5b3b4a7a53703200000000"
    "000000000000000000000000000000000000000000c0000000000000000000000000"
    "0003227c9c6b99997033000000000000000000000000000000000000000000000000"
    "00c0000000000000000000000000";
/* rep_queue1 (a01_queries) */
static const char rep_queue1[] =
    "0111002c000000020005000000010000000000010000000000000000000000000000"
    "00000000000000000000";

/* Decodes hex, checks the verdict and raw-ness, then the plain and deep
 * re-encodings and every prefix (with the length patched) for crashes and
 * byte-exact re-encoding. Leaves the message in *m (views into `in`). */
static size_t golden(const char *hex, struct of_msg *m, enum of_err want,
		     bool raw)
{
	static uint8_t pfx[70000];
	size_t size = check_hex(hex, in, sizeof(in)), len, cut;
	struct of_msg p;
	int ok = 1;

	CHECK_EQ(of_decode(in, size, m), want);
	CHECK_EQ(m->raw, raw);
	CHECK_EQ(of_encode(m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, in, size);
	CHECK_EQ(of_reencode_deep(m, out, sizeof(out), &len, scratch,
				  sizeof(scratch)),
		 OF_OK);
	CHECK_MEM(out, len, in, size);
	for (cut = 8; cut < size; cut++) {
		memcpy(pfx, in, cut);
		pfx[2] = (uint8_t)(cut >> 8);
		pfx[3] = (uint8_t)cut;
		(void)of_decode(pfx, cut, &p);
		if (of_encode(&p, out, sizeof(out), &len) != OF_OK ||
		    len != cut || memcmp(out, pfx, cut))
			ok = 0;
		if (of_reencode_deep(&p, out, sizeof(out), &len, scratch,
				     sizeof(scratch)) != OF_OK ||
		    len != cut || memcmp(out, pfx, cut))
			ok = 0;
	}
	CHECK(ok);
	/* Restore: the prefix loop decoded from pfx, m still views `in`. */
	return size;
}

static void test_requests(void)
{
	struct of_msg m;
	const struct of_stats_request *s = &m.u.stats_request;

	/* a01: dump-desc, dump-tables. */
	golden("0110000c0000000200000000", &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_DESC);
	CHECK_EQ(s->flags, 0);
	golden("0110000c0000000200030000", &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_TABLE);

	/* a01: dump-flows and dump-aggregate (all tables, out_port NONE). */
	golden(
	    "011000380000000200010000003820ff00000000000000000000000000000000"
	    "0000000000000000000000000000000000000000ff00ffff",
	    &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_FLOW);
	CHECK_EQ(s->u.flow.match.wildcards, 0x003820ff);
	CHECK_EQ(s->u.flow.table_id, 0xff);
	CHECK_EQ(s->u.flow.out_port, OFPP_NONE);
	golden(
	    "011000380000000200020000003820ff00000000000000000000000000000000"
	    "0000000000000000000000000000000000000000ff00ffff",
	    &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_AGGREGATE);
	CHECK_EQ(s->u.flow.table_id, 0xff);

	/* a01: dump-ports, dump-ports 1. */
	golden("011000140000000200040000ffff000000000000", &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_PORT);
	CHECK_EQ(s->u.port.port_no, OFPP_NONE);
	golden("0110001400000002000400000001000000000000", &m, OF_OK, false);
	CHECK_EQ(s->u.port.port_no, 1);

	/* a01: queue-stats, queue-stats 1 1. */
	golden("011000140000000200050000fffc0000ffffffff", &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_QUEUE);
	CHECK_EQ(s->u.queue.port_no, OFPP_ALL);
	CHECK_EQ(s->u.queue.queue_id, OFPQ_ALL);
	golden("0110001400000002000500000001000000000001", &m, OF_OK, false);
	CHECK_EQ(s->u.queue.port_no, 1);
	CHECK_EQ(s->u.queue.queue_id, 1);

	/* a08: Nicira vendor stats request (NXST_FLOW_MONITOR? subtype 8). */
	golden(req_vendor, &m, OF_OK, false);
	CHECK_EQ(s->type, OFPST_VENDOR);
	CHECK_EQ(s->u.vendor.vendor, 0x2320);
	CHECK_EQ(s->u.vendor.body.size, 16);
	CHECK_EQ(s->u.vendor.body.p[3], 8);

	/* a01: OVS PORT_DESC (13) and a11: type 0xff: typed, whole body
	 * kept, BAD_STAT. */
	golden("0110000c00000002000d0000", &m, OF_E_BAD_STAT, false);
	CHECK_EQ(s->type, 13);
	CHECK_EQ(s->u.unknown.size, 0);
	golden(req_unknown, &m, OF_E_BAD_STAT, false);
	CHECK_EQ(s->type, 0xff);
	golden("0110001000000002004200001234abcd", &m, OF_E_BAD_STAT, false);
	CHECK_EQ(s->type, 0x42);
	CHECK_EQ(s->u.unknown.size, 4);
	CHECK(s->u.unknown.p == in + 12);
}

/* Makes a STATS_REQUEST or STATS_REPLY of `stype` with a zero body of
 * `body` bytes. */
static size_t make_stats(uint8_t *buf, uint8_t type, uint16_t stype,
			 size_t body)
{
	size_t size = 12 + body;

	memset(buf, 0, size);
	buf[0] = OFP_VERSION;
	buf[1] = type;
	buf[2] = (uint8_t)(size >> 8);
	buf[3] = (uint8_t)size;
	buf[7] = 9;
	buf[8] = (uint8_t)(stype >> 8);
	buf[9] = (uint8_t)stype;
	return size;
}

static void expect(uint8_t type, uint16_t stype, size_t body, enum of_err want,
		   bool raw)
{
	static uint8_t buf[2000];
	struct of_msg m;
	size_t size = make_stats(buf, type, stype, body), len;

	if (!CHECK_EQ(of_decode(buf, size, &m), want) || !CHECK_EQ(m.raw, raw))
		fprintf(stderr, "  %s type %u body %zu\n", of_type_name(type),
			stype, body);
	if (raw)
		CHECK(m.u.raw.p == buf + 8 && m.u.raw.size == body + 4);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, buf, size);
}

static void test_request_lengths(void)
{
	const uint8_t rq = OFPT_STATS_REQUEST;
	size_t b;

	for (b = 0; b <= 120; b++) {
		expect(rq, OFPST_DESC, b, b ? OF_E_BAD_LEN : OF_OK, b != 0);
		expect(rq, OFPST_TABLE, b, b ? OF_E_BAD_LEN : OF_OK, b != 0);
		expect(rq, OFPST_FLOW, b, b == 44 ? OF_OK : OF_E_BAD_LEN,
		       b != 44);
		expect(rq, OFPST_AGGREGATE, b, b == 44 ? OF_OK : OF_E_BAD_LEN,
		       b != 44);
		expect(rq, OFPST_PORT, b, b == 8 ? OF_OK : OF_E_BAD_LEN,
		       b != 8);
		expect(rq, OFPST_QUEUE, b, b == 8 ? OF_OK : OF_E_BAD_LEN,
		       b != 8);
		expect(rq, OFPST_VENDOR, b, b >= 4 ? OF_OK : OF_E_BAD_LEN,
		       b < 4);
		expect(rq, 6, b, OF_E_BAD_STAT, false);
		expect(rq, 0xfffe, b, OF_E_BAD_STAT, false);
	}
}

static void test_reply_lengths(void)
{
	const uint8_t rp = OFPT_STATS_REPLY;
	size_t b;

	expect(rp, OFPST_DESC, 1056, OF_OK, false);
	expect(rp, OFPST_DESC, 1055, OF_E_BAD_LEN, true);
	expect(rp, OFPST_DESC, 1057, OF_E_BAD_LEN, true);
	expect(rp, OFPST_DESC, 0, OF_E_BAD_LEN, true);
	for (b = 0; b <= 420; b++) {
		expect(rp, OFPST_AGGREGATE, b, b == 24 ? OF_OK : OF_E_BAD_LEN,
		       b != 24);
		expect(rp, OFPST_TABLE, b, b % 64 ? OF_E_BAD_LEN : OF_OK,
		       b % 64 != 0);
		expect(rp, OFPST_PORT, b, b % 104 ? OF_E_BAD_LEN : OF_OK,
		       b % 104 != 0);
		expect(rp, OFPST_QUEUE, b, b % 32 ? OF_E_BAD_LEN : OF_OK,
		       b % 32 != 0);
		expect(rp, OFPST_VENDOR, b, b >= 4 ? OF_OK : OF_E_BAD_LEN,
		       b < 4);
		/* Unknown reply types are typed and need no answer. */
		expect(rp, 13, b, OF_OK, false);
		expect(rp, 0x4242, b, OF_OK, false);
	}
	/* An empty flow stats list is valid; a zero-filled body is not (its
	 * first entry claims length 0). */
	expect(rp, OFPST_FLOW, 0, OF_OK, false);
	for (b = 1; b <= 200; b++)
		expect(rp, OFPST_FLOW, b, OF_E_BAD_LEN, true);
}

/* Builds a FLOW reply from entries whose length fields and action lists
 * are given, and checks the verdict. */
static void flow_entries(const char *body_hex, enum of_err want)
{
	static uint8_t buf[4096];
	size_t body = check_hex(body_hex, buf + 12, sizeof(buf) - 12);
	struct of_msg m;
	size_t len;

	make_stats(buf, OFPT_STATS_REPLY, OFPST_FLOW, 0);
	buf[2] = (uint8_t)((12 + body) >> 8);
	buf[3] = (uint8_t)(12 + body);
	CHECK_EQ(of_decode(buf, 12 + body, &m), want);
	CHECK_EQ(m.raw, want != OF_OK);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, buf, 12 + body);
}

/* An 88-byte fixed part with length `len` (4 hex digits). */
#define FS(len)                                                                \
	len "0000"                                                             \
	    "00000000000000000000000000000000000000000000000000000000"         \
	    "00000000000000000000000000000000000000000000000000000000"         \
	    "00000000000000000000000000000000000000000000000000000000"
#define OUT1 "0000000800010000" /* OUTPUT port 1 */

static void test_flow_validation(void)
{
	CHECK_EQ(check_hex(FS("0058"), in, sizeof(in)), 88);
	flow_entries(FS("0058"), OF_OK);
	flow_entries(FS("0060") OUT1, OF_OK);
	flow_entries(FS("0058") FS("0060") OUT1 FS("0058"), OF_OK);
	flow_entries(FS("0057"), OF_E_BAD_LEN);	     /* below 88 */
	flow_entries(FS("0000"), OF_E_BAD_LEN);	     /* zero: no progress */
	flow_entries(FS("0059") "00", OF_E_BAD_LEN); /* not 88 + 8n */
	flow_entries(FS("005c") "00000000", OF_E_BAD_LEN); /* 92 */
	flow_entries(FS("0060"), OF_E_BAD_LEN);		   /* past the end */
	flow_entries(FS("0058") "00", OF_E_BAD_LEN);	   /* trailing byte */
	flow_entries(FS("0058") FS("0058") "0000", OF_E_BAD_LEN);
	flow_entries(FS("0060") "0000000400010000", OF_E_BAD_LEN); /* act 4 */
	flow_entries(FS("0060") "0000001000010000", OF_E_BAD_LEN); /* > list */
	flow_entries(FS("0068") "000b000800010000" OUT1,
		     OF_E_BAD_LEN); /* ENQUEUE must be 16 */
	/* Unknown action type with a sane length is structurally fine. */
	flow_entries(FS("0060") "0042000800000000", OF_OK);
}

static void test_reply_desc(void)
{
	struct of_msg m;
	const struct of_desc_stats *d = &m.u.stats_reply.u.desc;

	golden(rep_desc, &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.type, OFPST_DESC);
	CHECK_EQ(m.u.stats_reply.flags, 0);
	CHECK_STR(d->mfr_desc, "Nicira, Inc.");
	CHECK_STR(d->hw_desc, "Open vSwitch");
	CHECK_STR(d->sw_desc, "3.1.0");
	CHECK_STR(d->serial_num, "None");
	CHECK_STR(d->dp_desc, "None");
}

static void test_reply_flow(void)
{
	struct of_msg m;
	struct of_flow_stats fs;
	struct of_action a;
	struct of_iter it, ait;
	size_t n = 0, n_vendor = 0, n_empty = 0, len;
	static uint8_t buf[4096];
	struct of_wbuf w;

	/* a01: dump-flows on an empty table. */
	golden("0111000c0000000200010000", &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.u.entries.size, 0);
	it = of_iter_make(m.u.stats_reply.u.entries);
	CHECK(!of_flow_stats_next(&it, &fs));

	/* a09h: two entries. */
	golden(rep_flow2, &m, OF_OK, false);
	it = of_iter_make(m.u.stats_reply.u.entries);
	CHECK(of_flow_stats_next(&it, &fs));
	CHECK_EQ(fs.actions.size, 8);
	ait = of_iter_make(fs.actions);
	CHECK(of_action_next(&ait, &a) && a.type == OFPAT_OUTPUT &&
	      a.u.output.port == OFPP_NORMAL);
	CHECK(of_flow_stats_next(&it, &fs));
	CHECK_EQ(of_actions_count(fs.actions), 2);
	CHECK(!of_flow_stats_next(&it, &fs));

	/* a03: 24 entries covering every action type. */
	golden(rep_flow_acts, &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.u.entries.size, 2572 - 12);
	it = of_iter_make(m.u.stats_reply.u.entries);
	w = of_wbuf_make(buf, sizeof(buf));
	while (of_flow_stats_next(&it, &fs)) {
		if (n == 0) {
			CHECK_EQ(fs.table_id, 0);
			CHECK_EQ(fs.match.wildcards, 0x003020ef);
			CHECK_EQ(fs.match.dl_type, 0x0800);
			CHECK_EQ(fs.match.nw_dst, 0x0a000064);
			CHECK_EQ(fs.duration_sec, 0);
			CHECK_EQ(fs.duration_nsec, 137000000);
			CHECK_EQ(fs.priority, 16);
			CHECK_EQ(fs.idle_timeout, 0);
			CHECK_EQ(fs.hard_timeout, 0);
			CHECK_EQ(fs.cookie, 0);
			CHECK_EQ(fs.packet_count, 0);
			CHECK_EQ(fs.byte_count, 0);
			ait = of_iter_make(fs.actions);
			CHECK(of_action_next(&ait, &a));
			CHECK_EQ(a.u.output.port, OFPP_LOCAL);
		}
		if (n == 2) {
			ait = of_iter_make(fs.actions);
			CHECK(of_action_next(&ait, &a));
			CHECK_EQ(a.type, OFPAT_ENQUEUE);
			CHECK_EQ(a.u.enqueue.port, 1);
			CHECK_EQ(a.u.enqueue.queue_id, 0);
		}
		ait = of_iter_make(fs.actions);
		while (of_action_next(&ait, &a))
			n_vendor += a.type == OFPAT_VENDOR;
		n_empty += fs.actions.size == 0;
		of_flow_stats_put(&w, &fs);
		n++;
	}
	CHECK_EQ(n, 24);
	CHECK_EQ(n_vendor, 2);
	CHECK_EQ(n_empty, 1);
	/* Element encoder output equals the original list. */
	CHECK(!w.overflow);
	CHECK_MEM(buf, w.pos, in + 12, (size_t)2572 - 12);

	/* Deep re-encoding needs room for the list plus one entry. */
	CHECK_EQ(of_reencode_deep(&m, out, sizeof(out), &len, scratch, 2560),
		 OF_E_NOSPACE);
	CHECK_EQ(of_reencode_deep(&m, out, sizeof(out), &len, scratch, 2760),
		 OF_OK);
	CHECK_MEM(out, len, in, (size_t)2572);

	/* A typed message whose list is broken is not encodable. */
	m.u.stats_reply.u.entries.size -= 8;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_E_INVALID);
	CHECK_EQ(of_reencode_deep(&m, out, sizeof(out), &len, scratch,
				  sizeof(scratch)),
		 OF_E_INVALID);
}

static void test_reply_aggregate(void)
{
	struct of_msg m;

	/* d01/a01: dump-aggregate on an empty table; then one with values. */
	golden(
	    "0111002400000002000200000000000000000000000000000000000000000000"
	    "00000000",
	    &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.type, OFPST_AGGREGATE);
	golden(
	    "0111002400000009000200010000000000000102000000000000030400000005"
	    "00000000",
	    &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.flags, OFPSF_REPLY_MORE);
	CHECK_EQ(m.u.stats_reply.u.aggregate.packet_count, 0x102);
	CHECK_EQ(m.u.stats_reply.u.aggregate.byte_count, 0x304);
	CHECK_EQ(m.u.stats_reply.u.aggregate.flow_count, 5);
}

static void test_reply_table(void)
{
	struct of_msg m;
	struct of_table_stats ts;
	struct of_iter it;
	uint8_t buf[256];
	struct of_wbuf w = of_wbuf_make(buf, sizeof(buf));
	unsigned n = 0;

	golden(rep_table3, &m, OF_OK, false);
	it = of_iter_make(m.u.stats_reply.u.entries);
	while (of_table_stats_next(&it, &ts)) {
		CHECK_EQ(ts.table_id, n);
		CHECK_EQ(ts.wildcards, 0x003fffff);
		CHECK_EQ(ts.max_entries, 1000000);
		CHECK_EQ(ts.active_count, 0);
		CHECK_EQ(ts.lookup_count, n == 0 ? 72 : 0);
		CHECK_EQ(ts.matched_count, 0);
		of_table_stats_put(&w, &ts);
		n++;
	}
	CHECK_EQ(n, 3);
	CHECK_MEM(buf, w.pos, in + 12, (size_t)192);

	/* Names are wire bytes: a full 32-byte name survives. */
	memset(&ts, 0, sizeof(ts));
	memset(ts.name, 'x', sizeof(ts.name));
	ts.table_id = 7;
	ts.lookup_count = 0x0102030405060708ull;
	w = of_wbuf_make(buf, sizeof(buf));
	of_table_stats_put(&w, &ts);
	CHECK_EQ(w.pos, 64);
	it = of_iter_make((struct of_bytes){buf, 64});
	memset(&ts, 0, sizeof(ts));
	CHECK(of_table_stats_next(&it, &ts));
	CHECK_EQ(ts.name[31], 'x');
	CHECK_EQ(ts.lookup_count, 0x0102030405060708ull);
	CHECK(!of_table_stats_next(&it, &ts));
}

static void test_reply_port(void)
{
	struct of_msg m;
	struct of_port_stats ps;
	struct of_iter it;
	static const uint16_t ports[] = {4, OFPP_LOCAL, 1, 2, 3};
	static const uint64_t rx_packets[] = {18, 0, 21, 18, 20};
	static const uint64_t tx_bytes[] = {976, 0, 976, 976, 1562};
	uint8_t buf[600];
	struct of_wbuf w = of_wbuf_make(buf, sizeof(buf));
	unsigned n = 0;

	golden(rep_port5, &m, OF_OK, false);
	it = of_iter_make(m.u.stats_reply.u.entries);
	while (of_port_stats_next(&it, &ps)) {
		CHECK_EQ(ps.port_no, ports[n]);
		CHECK_EQ(ps.rx_packets, rx_packets[n]);
		CHECK_EQ(ps.tx_bytes, tx_bytes[n]);
		CHECK_EQ(ps.collisions, 0);
		of_port_stats_put(&w, &ps);
		n++;
	}
	CHECK_EQ(n, 5);
	CHECK_MEM(buf, w.pos, in + 12, (size_t)5 * 104);

	golden(rep_port1, &m, OF_OK, false);
	it = of_iter_make(m.u.stats_reply.u.entries);
	CHECK(of_port_stats_next(&it, &ps));
	CHECK_EQ(ps.port_no, 1);
	CHECK_EQ(ps.rx_packets, 21);
	CHECK_EQ(ps.tx_packets, 12);
	CHECK_EQ(ps.rx_bytes, 1578);
	CHECK_EQ(ps.tx_bytes, 976);
	CHECK(!of_port_stats_next(&it, &ps));

	/* Every counter lands in its own field, in wire order. */
	{
		uint8_t e[104];
		uint64_t *f[12] = {
		    &ps.rx_packets,  &ps.tx_packets, &ps.rx_bytes,
		    &ps.tx_bytes,    &ps.rx_dropped, &ps.tx_dropped,
		    &ps.rx_errors,   &ps.tx_errors,  &ps.rx_frame_err,
		    &ps.rx_over_err, &ps.rx_crc_err, &ps.collisions};
		unsigned i;

		memset(e, 0, sizeof(e));
		e[0] = 0x12;
		e[1] = 0x34;
		for (i = 0; i < 12; i++)
			e[8 + 8 * i + 7] = (uint8_t)(i + 1);
		it = of_iter_make((struct of_bytes){e, sizeof(e)});
		CHECK(of_port_stats_next(&it, &ps));
		CHECK_EQ(ps.port_no, 0x1234);
		for (i = 0; i < 12; i++)
			CHECK_EQ(*f[i], i + 1);
		w = of_wbuf_make(buf, sizeof(buf));
		of_port_stats_put(&w, &ps);
		CHECK_MEM(buf, w.pos, e, sizeof(e));
	}
}

static void test_reply_queue(void)
{
	struct of_msg m;
	struct of_queue_stats qs;
	struct of_iter it;
	uint8_t buf[64];
	struct of_wbuf w = of_wbuf_make(buf, sizeof(buf));

	/* d01: queue-stats 1: queues 0 (2162 bytes, 29 packets) and 1. */
	golden(rep_queue2, &m, OF_OK, false);
	it = of_iter_make(m.u.stats_reply.u.entries);
	CHECK(of_queue_stats_next(&it, &qs));
	CHECK_EQ(qs.port_no, 1);
	CHECK_EQ(qs.queue_id, 0);
	CHECK_EQ(qs.tx_bytes, 2162);
	CHECK_EQ(qs.tx_packets, 29);
	CHECK_EQ(qs.tx_errors, 0);
	of_queue_stats_put(&w, &qs);
	CHECK(of_queue_stats_next(&it, &qs));
	CHECK_EQ(qs.queue_id, 1);
	CHECK(!of_queue_stats_next(&it, &qs));
	CHECK_MEM(buf, w.pos, in + 12, (size_t)32);

	/* a01: queue-stats 1 1. */
	golden(rep_queue1, &m, OF_OK, false);
	it = of_iter_make(m.u.stats_reply.u.entries);
	CHECK(of_queue_stats_next(&it, &qs));
	CHECK_EQ(qs.queue_id, 1);
	CHECK(!of_queue_stats_next(&it, &qs));
}

static void test_reply_vendor_unknown(void)
{
	struct of_msg m;

	/* a08: NXST reply (group features), vendor 0x2320. */
	golden(rep_vendor, &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.type, OFPST_VENDOR);
	CHECK_EQ(m.u.stats_reply.u.vendor.vendor, 0x2320);
	CHECK_EQ(m.u.stats_reply.u.vendor.body.size, 64 - 16);

	/* a01: OVS PORT_DESC reply (type 13): typed, OF_OK, body whole. */
	golden(rep_port_desc, &m, OF_OK, false);
	CHECK_EQ(m.u.stats_reply.type, 13);
	CHECK_EQ(m.u.stats_reply.u.entries.size, 5 * 48);
	{
		struct of_iter it = of_iter_make(m.u.stats_reply.u.entries);
		struct of_phy_port p;

		CHECK(of_phy_port_next(&it, &p));
		CHECK_EQ(p.port_no, 4);
		CHECK_STR(p.name, "p4");
	}
}

/* Element encoders record overflow in the writer. */
static void test_put_overflow(void)
{
	struct of_flow_stats fs;
	struct of_table_stats ts;
	struct of_port_stats ps;
	struct of_queue_stats qs;
	uint8_t buf[200];
	struct of_wbuf w;

	memset(&fs, 0, sizeof(fs));
	memset(&ts, 0, sizeof(ts));
	memset(&ps, 0, sizeof(ps));
	memset(&qs, 0, sizeof(qs));
	w = of_wbuf_make(buf, 87);
	of_flow_stats_put(&w, &fs);
	CHECK(w.overflow);
	w = of_wbuf_make(buf, 63);
	of_table_stats_put(&w, &ts);
	CHECK(w.overflow);
	w = of_wbuf_make(buf, 103);
	of_port_stats_put(&w, &ps);
	CHECK(w.overflow);
	w = of_wbuf_make(buf, 31);
	of_queue_stats_put(&w, &qs);
	CHECK(w.overflow);
	/* An entry too long for its length field. */
	fs.actions.p = in;
	fs.actions.size = 65536 - 88;
	w = of_wbuf_make(out, sizeof(out));
	of_flow_stats_put(&w, &fs);
	CHECK(w.overflow);
	fs.actions.size -= 8;
	w = of_wbuf_make(out, sizeof(out));
	of_flow_stats_put(&w, &fs);
	CHECK(!w.overflow && w.pos == 65528 && out[0] == 0xff);
}

int main(void)
{
	test_requests();
	test_request_lengths();
	test_reply_lengths();
	test_flow_validation();
	test_reply_desc();
	test_reply_flow();
	test_reply_aggregate();
	test_reply_table();
	test_reply_port();
	test_reply_queue();
	test_reply_vendor_unknown();
	test_put_overflow();
	return check_summary();
}
