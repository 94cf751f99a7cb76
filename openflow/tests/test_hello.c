/* Version negotiation, HELLO_FAILED, error replies and xids, checked against
 * bytes Open vSwitch 3.1 sent (captures e01_hello and a11_rawsend). */
#include <string.h>

#include "check.h"
#include "of_hello.h"

static void decode_hex(const char *hex, uint8_t *buf, size_t size,
		       struct of_msg *m)
{
	size_t n = check_hex(hex, buf, size);
	(void)of_decode(buf, n, m);
}

static void test_negotiate(void)
{
	uint8_t buf[64];
	struct of_msg m;

	/* Plain 1.0 HELLO. */
	decode_hex("0100000800000001", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_OK);
	/* 1.3 HELLO without bitmap: the lower version (1.0) is used. */
	decode_hex("0400000800000001", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_OK);
	/* ovs-ofctl -O OpenFlow13: bitmap 0x10 (1.3 only). */
	decode_hex("04000010000000010001000800000010", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_E_HELLO_INCOMPATIBLE);
	/* ovs-ofctl -O OpenFlow14: bitmap 0x20. */
	decode_hex("05000010000000010001000800000020", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_E_HELLO_INCOMPATIBLE);
	/* ovs-ofctl -O OpenFlow10,OpenFlow13: bitmap 0x12. */
	decode_hex("04000010000000010001000800000012", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_OK);
	/* Version 0 is below ours. */
	decode_hex("0000000800000001", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_E_HELLO_INCOMPATIBLE);
	/* A broken element list is ignored: fall back to the header. */
	decode_hex("0400000c00000001 00010002", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_OK);
	/* Not a HELLO at all. */
	decode_hex("0102000800000001", buf, sizeof buf, &m);
	CHECK_EQ(of_hello_negotiate(&m), OF_E_HELLO_INCOMPATIBLE);
}

static void test_hello_failed(void)
{
	uint8_t in[64], out[128], want[128];
	struct of_msg m;
	size_t len, wn;

	decode_hex("04000010000000010001000800000010", in, sizeof in, &m);
	CHECK_EQ(of_hello_failed_encode(&m, out, sizeof out, &len), OF_OK);
	/* As OVS sent it in e01_hello, but with the HELLO's xid (1). */
	wn = check_hex("040100520000000100000000"
		       "576520737570706f72742076657273696f6e20307830312c20796f"
		       "7520737570706f72742076657273696f6e20307830342c206e6f20"
		       "636f6d6d6f6e2076657273696f6e732e",
		       want, sizeof want);
	CHECK_MEM(out, len, want, wn);
	CHECK_EQ(of_hello_failed_encode(&m, out, 20, &len), OF_E_NOSPACE);
}

static void test_error_reply(void)
{
	uint8_t req[128], out[128], want[128];
	size_t n, len, wn;

	/* a11: FEATURES_REQUEST of length 12 -> BAD_REQUEST/BAD_LEN, xid
	 * 0xa6, data = the request. */
	n = check_hex("0105000c000000a600000000", req, sizeof req);
	CHECK_EQ(
	    of_error_reply_encode(OF_E_BAD_LEN, req, n, out, sizeof out, &len),
	    OF_OK);
	wn = check_hex("01010018000000a6 00010006 0105000c000000a600000000",
		       want, sizeof want);
	CHECK_MEM(out, len, want, wn);

	/* Data is cut at 64 bytes. */
	memset(req, 0xab, sizeof req);
	check_hex("010e0050000000b1", req, 8);
	CHECK_EQ(of_error_reply_encode(OF_E_BAD_ACTION_TYPE, req, 80, out,
				       sizeof out, &len),
		 OF_OK);
	CHECK_EQ(len, 12 + 64);
	CHECK_EQ(out[4] << 24 | out[5] << 16 | out[6] << 8 | out[7], 0xb1);
	CHECK_EQ(
	    of_error_reply_encode(OF_E_NOSPACE, req, 80, out, sizeof out, &len),
	    OF_E_INVALID);
	/* A request too short to carry a header still gets an answer. */
	CHECK_EQ(
	    of_error_reply_encode(OF_E_BAD_LEN, req, 3, out, sizeof out, &len),
	    OF_OK);
	CHECK_EQ(len, 15);
}

static void test_xid(void)
{
	struct of_xid_gen g = {0};

	CHECK_EQ(of_xid_next(&g), 1);
	CHECK_EQ(of_xid_next(&g), 2);
	g.last = 0xffffffffu;
	CHECK_EQ(of_xid_next(&g), 1);
}

int main(void)
{
	test_negotiate();
	test_hello_failed();
	test_error_reply();
	test_xid();
	return check_summary();
}
