/* Unit tests for of_action.c: encode/decode of every action type, the
 * structural and semantic checks with their exact errors, golden lists from
 * Open vSwitch captures. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "of_action.h"

static struct of_bytes bytes(const uint8_t *p, size_t size)
{
	struct of_bytes b = {p, size};
	return b;
}

/* Checks that `hex` is one valid action that decodes to *want and that
 * *want encodes to exactly `hex`. */
static void roundtrip(const char *hex, const struct of_action *want)
{
	uint8_t in[128], out[128];
	size_t n = check_hex(hex, in, sizeof(in));
	struct of_bytes list = bytes(in, n);
	struct of_iter it = of_iter_make(list);
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_action a;

	CHECK_EQ(of_actions_check_structure(list), OF_OK);
	CHECK_EQ(of_actions_count(list), 1);
	if (!CHECK(of_action_next(&it, &a)))
		return;
	{
		struct of_iter it2 = it;
		struct of_action b;
		CHECK(!of_action_next(&it2, &b));
	}
	CHECK_EQ(a.type, want->type);
	CHECK_EQ(a.len, n);
	switch (a.type) {
	case OFPAT_OUTPUT:
		CHECK_EQ(a.u.output.port, want->u.output.port);
		CHECK_EQ(a.u.output.max_len, want->u.output.max_len);
		break;
	case OFPAT_SET_VLAN_VID:
		CHECK_EQ(a.u.vlan_vid, want->u.vlan_vid);
		break;
	case OFPAT_SET_VLAN_PCP:
		CHECK_EQ(a.u.vlan_pcp, want->u.vlan_pcp);
		break;
	case OFPAT_STRIP_VLAN:
		break;
	case OFPAT_SET_DL_SRC:
	case OFPAT_SET_DL_DST:
		CHECK_MEM(a.u.dl_addr, 6, want->u.dl_addr, 6);
		break;
	case OFPAT_SET_NW_SRC:
	case OFPAT_SET_NW_DST:
		CHECK_EQ(a.u.nw_addr, want->u.nw_addr);
		break;
	case OFPAT_SET_NW_TOS:
		CHECK_EQ(a.u.nw_tos, want->u.nw_tos);
		break;
	case OFPAT_SET_TP_SRC:
	case OFPAT_SET_TP_DST:
		CHECK_EQ(a.u.tp_port, want->u.tp_port);
		break;
	case OFPAT_ENQUEUE:
		CHECK_EQ(a.u.enqueue.port, want->u.enqueue.port);
		CHECK_EQ(a.u.enqueue.queue_id, want->u.enqueue.queue_id);
		break;
	case OFPAT_VENDOR:
		CHECK_EQ(a.u.vendor.vendor, want->u.vendor.vendor);
		CHECK_MEM(a.u.vendor.body.p, a.u.vendor.body.size,
			  want->u.vendor.body.p, want->u.vendor.body.size);
		CHECK(a.u.vendor.body.p == in + 8);
		break;
	default:
		CHECK_MEM(a.u.unknown.p, a.u.unknown.size, want->u.unknown.p,
			  want->u.unknown.size);
		CHECK(a.u.unknown.p == in + 4);
		break;
	}
	/* Encoding the expected struct and the decoded one both give `hex`. */
	CHECK_EQ(of_action_put(&w, want), OF_OK);
	CHECK_MEM(out, w.pos, in, n);
	w = of_wbuf_make(out, sizeof(out));
	CHECK_EQ(of_action_put(&w, &a), OF_OK);
	CHECK_MEM(out, w.pos, in, n);
}

static void test_roundtrip_each_type(void)
{
	static const uint8_t vbody[] = {0x00, 0x0e, 0x00, 0x02,
					0xff, 0x00, 0x00, 0x00};
	static const uint8_t nbody[] = {0x00, 0x08, 0x01, 0x02,
					0x03, 0x04, 0x00, 0x00};
	static const uint8_t ubody4[] = {0, 0, 0, 0};
	static const uint8_t ubody12[] = {1, 2, 3, 4,  5,  6,
					  7, 8, 9, 10, 11, 12};
	struct of_action a;

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_OUTPUT;
	a.u.output.port = 2;
	roundtrip("0000 0008 0002 0000", &a);
	a.u.output.port = OFPP_CONTROLLER;
	a.u.output.max_len = 128;
	roundtrip("0000 0008 fffd 0080", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_SET_VLAN_VID;
	a.u.vlan_vid = 123;
	roundtrip("0001 0008 007b 0000", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_SET_VLAN_PCP;
	a.u.vlan_pcp = 7;
	roundtrip("0002 0008 07 000000", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_STRIP_VLAN;
	roundtrip("0003 0008 00000000", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_SET_DL_SRC;
	memcpy(a.u.dl_addr, "\x00\xaa\xbb\xcc\xdd\xee", 6);
	roundtrip("0004 0010 00aabbccddee 000000000000", &a);
	a.type = OFPAT_SET_DL_DST;
	memcpy(a.u.dl_addr, "\x00\x11\x22\x33\x44\x55", 6);
	roundtrip("0005 0010 001122334455 000000000000", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_SET_NW_SRC;
	a.u.nw_addr = 0xc0a80001;
	roundtrip("0006 0008 c0a80001", &a);
	a.type = OFPAT_SET_NW_DST;
	a.u.nw_addr = 0xc0a80002;
	roundtrip("0007 0008 c0a80002", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_SET_NW_TOS;
	a.u.nw_tos = 64;
	roundtrip("0008 0008 40 000000", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_SET_TP_SRC;
	a.u.tp_port = 1234;
	roundtrip("0009 0008 04d2 0000", &a);
	a.type = OFPAT_SET_TP_DST;
	a.u.tp_port = 4321;
	roundtrip("000a 0008 10e1 0000", &a);

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_ENQUEUE;
	a.u.enqueue.port = 1;
	a.u.enqueue.queue_id = 1;
	roundtrip("000b 0010 0001 000000000000 00000001", &a);

	/* Nicira resubmit and note (a03_actions), kept byte for byte. */
	memset(&a, 0, sizeof(a));
	a.type = OFPAT_VENDOR;
	a.u.vendor.vendor = 0x2320;
	a.u.vendor.body.p = vbody;
	a.u.vendor.body.size = sizeof(vbody);
	roundtrip("ffff 0010 00002320 000e0002ff000000", &a);
	a.u.vendor.body.p = nbody;
	roundtrip("ffff 0010 00002320 000801020304 0000", &a);
	/* Vendor header only (a11_rawsend's unknown vendor). */
	a.u.vendor.vendor = 0xabcdef;
	a.u.vendor.body.p = NULL;
	a.u.vendor.body.size = 0;
	roundtrip("ffff 0008 00abcdef", &a);

	/* Unknown type 0x20 (a11_rawsend), and a longer one. */
	memset(&a, 0, sizeof(a));
	a.type = 0x20;
	a.u.unknown.p = ubody4;
	a.u.unknown.size = sizeof(ubody4);
	roundtrip("0020 0008 00000000", &a);
	a.type = 0x1234;
	a.u.unknown.p = ubody12;
	a.u.unknown.size = sizeof(ubody12);
	roundtrip("1234 0010 0102030405060708090a0b0c", &a);
}

/* Non-zero pads are read past and written back as zeros. */
static void test_pads_zeroed(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"0001 0008 007b abcd", "0001 0008 007b 0000"},
	    {"0002 0008 03 112233", "0002 0008 03 000000"},
	    {"0003 0008 11223344", "0003 0008 00000000"},
	    {"0004 0010 010203040506 aabbccddeeff",
	     "0004 0010 010203040506 000000000000"},
	    {"0008 0008 20 ffffff", "0008 0008 20 000000"},
	    {"000a 0008 0050 ffff", "000a 0008 0050 0000"},
	    {"000b 0010 0003 ffffffffffff 00000007",
	     "000b 0010 0003 000000000000 00000007"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t in[32], want[32], out[32];
		size_t n = check_hex(cases[i].in, in, sizeof(in));
		size_t wn = check_hex(cases[i].out, want, sizeof(want));
		struct of_iter it = of_iter_make(bytes(in, n));
		struct of_wbuf w = of_wbuf_make(out, sizeof(out));
		struct of_action a;

		CHECK_EQ(of_actions_check_structure(bytes(in, n)), OF_OK);
		CHECK(of_action_next(&it, &a));
		CHECK_EQ(of_action_put(&w, &a), OF_OK);
		CHECK_MEM(out, w.pos, want, wn);
	}
}

static enum of_err structure(const char *hex)
{
	uint8_t in[128];
	size_t n = check_hex(hex, in, sizeof(in));
	return of_actions_check_structure(bytes(in, n));
}

static void test_structure(void)
{
	CHECK_EQ(of_actions_check_structure(bytes(NULL, 0)), OF_OK);
	CHECK_EQ(structure(""), OF_OK);
	CHECK_EQ(structure("0000 0008 0001 0000 0000 0008 0002 0000"), OF_OK);
	/* a11_rawsend: output with len 16 -> BAD_ACTION/BAD_LEN. */
	CHECK_EQ(structure("0000 0010 0001 0000 0000 0000 0000 0000"),
		 OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("0000 0000 0001 0000"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("0000 0004 0001 0000"), OF_E_BAD_ACTION_LEN);
	/* Not a multiple of 8 (unknown type, so only the generic rules). */
	CHECK_EQ(structure("0020 000c 00000000 00000000"), OF_E_BAD_ACTION_LEN);
	/* Longer than the list. */
	CHECK_EQ(structure("0020 0010 00000000"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("ffff 0010 00002320"), OF_E_BAD_ACTION_LEN);
	/* Leftover shorter than a header after a good action. */
	CHECK_EQ(structure("0000 0008 0001 0000 0000"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("0000 0008 0001 0000 00"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("0000 0008 0001 00"), OF_E_BAD_ACTION_LEN);
	/* Known types must have their exact length. */
	CHECK_EQ(structure("000b 0008 0001 0000"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("0004 0008 0102 0304"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(
	    structure("0005 0018 010203040506 000000000000 0000000000000000"),
	    OF_E_BAD_ACTION_LEN);
	CHECK_EQ(structure("0001 0010 007b 0000 00000000 00000000"),
		 OF_E_BAD_ACTION_LEN);
	/* Vendor: any multiple of 8 from 8 up. */
	CHECK_EQ(structure("ffff 0004 0000"), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(
	    structure("ffff 0018 00002320 0000000000000000 0000000000000000"),
	    OF_OK);
	/* A bad action after good ones still fails the list. */
	CHECK_EQ(structure("0000 0008 0001 0000 000b 0010 0001 0000"),
		 OF_E_BAD_ACTION_LEN);
	/* NULL with a size is not a list. */
	CHECK_EQ(of_actions_check_structure(bytes(NULL, 8)),
		 OF_E_BAD_ACTION_LEN);
}

static enum of_err semantics(const char *hex, enum of_action_ctx ctx)
{
	uint8_t in[128];
	size_t n = check_hex(hex, in, sizeof(in));
	if (of_actions_check_structure(bytes(in, n)) != OF_OK)
		return OF_E_INVALID;
	return of_actions_check_semantics(bytes(in, n), ctx);
}

static void out_port(uint16_t port, enum of_action_ctx ctx, enum of_err want,
		     int line)
{
	uint8_t in[8] = {0, 0, 0, 8, (uint8_t)(port >> 8), (uint8_t)port, 0, 0};
	check_eq_int(of_actions_check_semantics(bytes(in, 8), ctx), want,
		     __FILE__, line, "output port");
}

static void enq_port(uint16_t port, enum of_err want, int line)
{
	uint8_t in[16] = {0, 11, 0, 16, (uint8_t)(port >> 8), (uint8_t)port};
	check_eq_int(of_actions_check_semantics(bytes(in, 16), OF_ACTX_FLOW),
		     want, __FILE__, line, "enqueue port");
	check_eq_int(
	    of_actions_check_semantics(bytes(in, 16), OF_ACTX_PACKET_OUT), want,
	    __FILE__, line, "enqueue port (packet-out)");
}

static void test_semantics(void)
{
	const enum of_action_ctx F = OF_ACTX_FLOW, P = OF_ACTX_PACKET_OUT;

	CHECK_EQ(of_actions_check_semantics(bytes(NULL, 0), F), OF_OK);
	/* a11_rawsend: unknown type 0x20 -> BAD_ACTION/BAD_TYPE. */
	CHECK_EQ(semantics("0020 0008 00000000", F), OF_E_BAD_ACTION_TYPE);
	CHECK_EQ(semantics("0020 0008 00000000", P), OF_E_BAD_ACTION_TYPE);
	CHECK_EQ(semantics("000c 0008 00000000", F), OF_E_BAD_ACTION_TYPE);
	CHECK_EQ(semantics("fffe 0008 00000000", F), OF_E_BAD_ACTION_TYPE);
	/* Vendor actions pass (a11's unknown vendor is the switch's call). */
	CHECK_EQ(semantics("ffff 0008 00abcdef", F), OF_OK);
	CHECK_EQ(semantics("ffff 0010 00002320 000e0002ff000000", P), OF_OK);

	/* Output ports. */
	out_port(0, F, OF_OK, __LINE__);
	out_port(1, F, OF_OK, __LINE__);
	out_port(0xfeff, F, OF_OK, __LINE__);
	out_port(OFPP_MAX, F, OF_E_BAD_OUT_PORT, __LINE__);
	out_port(0xff50, F, OF_E_BAD_OUT_PORT, __LINE__); /* a11_rawsend */
	out_port(0xff50, P, OF_E_BAD_OUT_PORT, __LINE__);
	out_port(0xfff7, F, OF_E_BAD_OUT_PORT, __LINE__);
	out_port(OFPP_IN_PORT, F, OF_OK, __LINE__);
	out_port(OFPP_TABLE, F, OF_E_BAD_OUT_PORT, __LINE__);
	out_port(OFPP_TABLE, P, OF_OK, __LINE__);
	out_port(OFPP_NORMAL, F, OF_OK, __LINE__);
	out_port(OFPP_FLOOD, F, OF_OK, __LINE__);
	out_port(OFPP_ALL, F, OF_OK, __LINE__);
	out_port(OFPP_CONTROLLER, F, OF_OK, __LINE__);
	out_port(OFPP_LOCAL, F, OF_OK, __LINE__);
	out_port(OFPP_LOCAL, P, OF_OK, __LINE__);
	out_port(OFPP_NONE, F, OF_E_BAD_OUT_PORT, __LINE__);
	out_port(OFPP_NONE, P, OF_E_BAD_OUT_PORT, __LINE__);

	/* Enqueue ports. */
	enq_port(1, OF_OK, __LINE__);
	enq_port(0xfeff, OF_OK, __LINE__);
	enq_port(OFPP_IN_PORT, OF_OK, __LINE__);
	enq_port(OFPP_LOCAL, OF_OK, __LINE__);
	enq_port(OFPP_MAX, OF_E_BAD_OUT_PORT, __LINE__);
	enq_port(OFPP_TABLE, OF_E_BAD_OUT_PORT, __LINE__);
	enq_port(OFPP_FLOOD, OF_E_BAD_OUT_PORT, __LINE__);
	enq_port(OFPP_CONTROLLER, OF_E_BAD_OUT_PORT, __LINE__);
	enq_port(OFPP_NONE, OF_E_BAD_OUT_PORT, __LINE__);

	/* a11_rawsend: set_vlan_vid 4096 -> BAD_ACTION/BAD_ARGUMENT. */
	CHECK_EQ(semantics("0001 0008 1000 0000", F), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0001 0008 ffff 0000", F), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0001 0008 0fff 0000", F), OF_OK);
	CHECK_EQ(semantics("0002 0008 08 000000", F), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0002 0008 ff 000000", P), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0002 0008 07 000000", F), OF_OK);
	CHECK_EQ(semantics("0008 0008 41 000000", F), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0008 0008 42 000000", F), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0008 0008 03 000000", F), OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0008 0008 fc 000000", F), OF_OK);
	CHECK_EQ(
	    semantics("0003 0008 00000000 0006 0008 ffffffff "
		      "0009 0008 ffff 0000 0004 0010 ffffffffffff 000000000000",
		      F),
	    OF_OK);

	/* The first violation in list order wins. */
	CHECK_EQ(semantics("0001 0008 1000 0000 0000 0008 ff50 0000", F),
		 OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0000 0008 ff50 0000 0001 0008 1000 0000", F),
		 OF_E_BAD_OUT_PORT);
	CHECK_EQ(semantics("0000 0008 0001 0000 0020 0008 00000000 "
			   "0001 0008 1000 0000",
			   F),
		 OF_E_BAD_ACTION_TYPE);
	CHECK_EQ(semantics("0000 0008 fff9 0000 0002 0008 09 000000", P),
		 OF_E_BAD_ARGUMENT);
	CHECK_EQ(semantics("0000 0008 fff9 0000 0002 0008 09 000000", F),
		 OF_E_BAD_OUT_PORT);
}

/* The 12-action flow of a03_actions (priority=31), as OVS sent it. */
static const char golden12[] =
    "0001 0008 000a 0000"		  /* mod_vlan_vid:10 */
    "0002 0008 02 000000"		  /* mod_vlan_pcp:2 */
    "0004 0010 020000000001 000000000000" /* mod_dl_src */
    "0005 0010 020000000002 000000000000" /* mod_dl_dst */
    "0006 0008 ac100001"		  /* mod_nw_src:172.16.0.1 */
    "0007 0008 ac100002"		  /* mod_nw_dst:172.16.0.2 */
    "0008 0008 10 000000"		  /* mod_nw_tos:16 */
    "0009 0008 1f90 0000"		  /* mod_tp_src:8080 */
    "000a 0008 20fb 0000"		  /* mod_tp_dst:8443 */
    "0000 0008 0002 0000"		  /* output:2 */
    "0000 0008 0003 0000"		  /* output:3 */
    "0000 0008 fffd 0040";		  /* CONTROLLER:64 */

static void test_golden_list(void)
{
	static const uint16_t types[] = {1, 2, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0};
	uint8_t in[256], out[256];
	size_t n = check_hex(golden12, in, sizeof(in)), i = 0;
	struct of_bytes list = bytes(in, n);
	struct of_iter it = of_iter_make(list);
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_action a;

	CHECK_EQ(n, 112);
	CHECK_EQ(of_actions_check_structure(list), OF_OK);
	CHECK_EQ(of_actions_check_semantics(list, OF_ACTX_FLOW), OF_OK);
	CHECK_EQ(of_actions_count(list), 12);
	while (of_action_next(&it, &a)) {
		if (i < 12)
			CHECK_EQ(a.type, types[i]);
		switch (i) {
		case 0:
			CHECK_EQ(a.u.vlan_vid, 10);
			break;
		case 1:
			CHECK_EQ(a.u.vlan_pcp, 2);
			break;
		case 2:
			CHECK_MEM(a.u.dl_addr, 6, "\x02\x00\x00\x00\x00\x01",
				  6);
			break;
		case 4:
			CHECK_EQ(a.u.nw_addr, 0xac100001);
			break;
		case 6:
			CHECK_EQ(a.u.nw_tos, 16);
			break;
		case 7:
			CHECK_EQ(a.u.tp_port, 8080);
			break;
		case 8:
			CHECK_EQ(a.u.tp_port, 8443);
			break;
		case 11:
			CHECK_EQ(a.u.output.port, OFPP_CONTROLLER);
			CHECK_EQ(a.u.output.max_len, 64);
			break;
		}
		CHECK_EQ(of_action_put(&w, &a), OF_OK);
		i++;
	}
	CHECK_EQ(i, 12);
	CHECK_EQ(it.left, 0);
	CHECK_MEM(out, w.pos, in, n);
}

/* Every prefix of a valid list: structure check fails unless the cut falls
 * on an action boundary; iteration never reads past the prefix. */
static void test_truncated(void)
{
	uint8_t in[256];
	size_t n = check_hex(golden12, in, sizeof(in)), k;

	for (k = 0; k <= n; k++) {
		/* An exact-size copy lets ASan catch any read past k. */
		uint8_t *copy = malloc(k ? k : 1);
		struct of_bytes list;
		struct of_iter it;
		struct of_action a;
		size_t total = 0;
		bool boundary;
		enum of_err e;

		memcpy(copy, in, k);
		list = bytes(copy, k);
		it = of_iter_make(list);
		e = of_actions_check_structure(list);
		while (of_action_next(&it, &a))
			total += a.len;
		CHECK(total <= k);
		boundary = total == k;
		CHECK_EQ(e, boundary ? OF_OK : OF_E_BAD_ACTION_LEN);
		free(copy);
	}
}

static void test_put_errors(void)
{
	static uint8_t big[65536];
	uint8_t out[16];
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_action a;

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_VENDOR;
	a.u.vendor.body.p = big;
	a.u.vendor.body.size = 3; /* len 11 */
	CHECK_EQ(of_action_put(&w, &a), OF_E_INVALID);
	a.u.vendor.body.size = 65528; /* len 65536 */
	CHECK_EQ(of_action_put(&w, &a), OF_E_INVALID);
	a.u.vendor.body.p = NULL;
	a.u.vendor.body.size = 8;
	CHECK_EQ(of_action_put(&w, &a), OF_E_INVALID);

	a.type = 0x20;
	a.u.unknown.p = big;
	a.u.unknown.size = 0; /* len 4 */
	CHECK_EQ(of_action_put(&w, &a), OF_E_INVALID);
	a.u.unknown.size = 8; /* len 12 */
	CHECK_EQ(of_action_put(&w, &a), OF_E_INVALID);
	a.u.unknown.size = 65532; /* len 65536 */
	CHECK_EQ(of_action_put(&w, &a), OF_E_INVALID);
	CHECK_EQ(w.pos, 0);
	CHECK(!w.overflow);

	/* Largest encodable unknown action: len 65528. */
	{
		static uint8_t huge[65536];
		struct of_wbuf hw = of_wbuf_make(huge, sizeof(huge));
		a.u.unknown.size = 65524;
		CHECK_EQ(of_action_put(&hw, &a), OF_OK);
		CHECK_EQ(hw.pos, 65528);
		CHECK_EQ(huge[2], 0xff);
		CHECK_EQ(huge[3], 0xf8);
	}

	/* No room: nothing written, overflow recorded. */
	a.type = OFPAT_ENQUEUE;
	w = of_wbuf_make(out, 12);
	CHECK_EQ(of_action_put(&w, &a), OF_E_NOSPACE);
	CHECK_EQ(w.pos, 0);
	CHECK(w.overflow);
	a.type = OFPAT_OUTPUT;
	CHECK_EQ(of_action_put(&w, &a), OF_E_NOSPACE);
	w = of_wbuf_make(out, 8);
	CHECK_EQ(of_action_put(&w, &a), OF_OK);
	CHECK_EQ(of_action_put(&w, &a), OF_E_NOSPACE);
	CHECK_EQ(w.pos, 8);
}

static void test_names(void)
{
	CHECK_STR(of_action_type_name(OFPAT_OUTPUT), "OUTPUT");
	CHECK_STR(of_action_type_name(OFPAT_SET_VLAN_VID), "SET_VLAN_VID");
	CHECK_STR(of_action_type_name(OFPAT_SET_VLAN_PCP), "SET_VLAN_PCP");
	CHECK_STR(of_action_type_name(OFPAT_STRIP_VLAN), "STRIP_VLAN");
	CHECK_STR(of_action_type_name(OFPAT_SET_DL_SRC), "SET_DL_SRC");
	CHECK_STR(of_action_type_name(OFPAT_SET_DL_DST), "SET_DL_DST");
	CHECK_STR(of_action_type_name(OFPAT_SET_NW_SRC), "SET_NW_SRC");
	CHECK_STR(of_action_type_name(OFPAT_SET_NW_DST), "SET_NW_DST");
	CHECK_STR(of_action_type_name(OFPAT_SET_NW_TOS), "SET_NW_TOS");
	CHECK_STR(of_action_type_name(OFPAT_SET_TP_SRC), "SET_TP_SRC");
	CHECK_STR(of_action_type_name(OFPAT_SET_TP_DST), "SET_TP_DST");
	CHECK_STR(of_action_type_name(OFPAT_ENQUEUE), "ENQUEUE");
	CHECK_STR(of_action_type_name(OFPAT_VENDOR), "VENDOR");
	CHECK(of_action_type_name(12) == NULL);
	CHECK(of_action_type_name(0x20) == NULL);
	CHECK(of_action_type_name(0xfffe) == NULL);
}

int main(void)
{
	test_roundtrip_each_type();
	test_pads_zeroed();
	test_structure();
	test_semantics();
	test_golden_list();
	test_truncated();
	test_put_errors();
	test_names();
	return check_summary();
}
