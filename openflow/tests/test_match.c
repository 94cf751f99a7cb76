/* Unit tests for of_match.c: wire codec, catch-all, prefix helpers. */
#include <string.h>

#include "check.h"
#include "of_match.h"

/* priority=31,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80 (a03_actions) */
static const char golden_tcp[] =
    "0030004f 0000 000000000000 000000000000 0000 00 00 0800 00 06 0000"
    "0a000001 0a000002 0000 0050";
/* dl_vlan=123 (a03_actions): everything else wildcarded. */
static const char golden_vlan[] =
    "003820fd 0000 000000000000 000000000000 007b 00 00 0000 00 00 0000"
    "00000000 00000000 0000 0000";

static void test_golden(void)
{
	uint8_t in[64], out[64];
	size_t n = check_hex(golden_tcp, in, sizeof(in));
	struct of_rbuf r = of_rbuf_make(in, n);
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_match m;

	CHECK_EQ(n, OFP_MATCH_LEN);
	of_match_get(&r, &m);
	CHECK(!r.short_read);
	CHECK_EQ(r.left, 0);
	CHECK_EQ(m.wildcards, 0x0030004f);
	CHECK_EQ(m.wildcards & OFPFW_IN_PORT, OFPFW_IN_PORT);
	CHECK_EQ(m.wildcards & OFPFW_DL_TYPE, 0);
	CHECK_EQ(m.wildcards & OFPFW_NW_PROTO, 0);
	CHECK_EQ(m.wildcards & OFPFW_TP_DST, 0);
	CHECK_EQ(m.wildcards & OFPFW_TP_SRC, OFPFW_TP_SRC);
	CHECK_EQ(m.dl_type, 0x0800);
	CHECK_EQ(m.nw_proto, 6);
	CHECK_EQ(m.nw_src, 0x0a000001);
	CHECK_EQ(m.nw_dst, 0x0a000002);
	CHECK_EQ(m.tp_src, 0);
	CHECK_EQ(m.tp_dst, 80);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 0);
	CHECK_EQ(of_match_nw_dst_wild_bits(&m), 0);
	of_match_put(&w, &m);
	CHECK(!w.overflow);
	CHECK_MEM(out, w.pos, in, n);

	n = check_hex(golden_vlan, in, sizeof(in));
	r = of_rbuf_make(in, n);
	w = of_wbuf_make(out, sizeof(out));
	of_match_get(&r, &m);
	CHECK(!r.short_read);
	CHECK_EQ(m.dl_vlan, 123);
	CHECK_EQ(m.wildcards & OFPFW_DL_VLAN, 0);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 32);
	CHECK_EQ(of_match_nw_dst_wild_bits(&m), 32);
	of_match_put(&w, &m);
	CHECK_MEM(out, w.pos, in, n);
}

/* Every byte position lands in the right field, and pads come back zero. */
static void test_fields_and_pads(void)
{
	uint8_t in[40], out[40], want[40];
	struct of_rbuf r;
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_match m;
	size_t i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i + 1);
	r = of_rbuf_make(in, sizeof(in));
	of_match_get(&r, &m);
	CHECK(!r.short_read);
	CHECK_EQ(m.wildcards, 0x01020304);
	CHECK_EQ(m.in_port, 0x0506);
	CHECK_EQ(m.dl_src[0], 0x07);
	CHECK_EQ(m.dl_src[5], 0x0c);
	CHECK_EQ(m.dl_dst[0], 0x0d);
	CHECK_EQ(m.dl_dst[5], 0x12);
	CHECK_EQ(m.dl_vlan, 0x1314);
	CHECK_EQ(m.dl_vlan_pcp, 0x15);
	CHECK_EQ(m.dl_type, 0x1718);
	CHECK_EQ(m.nw_tos, 0x19);
	CHECK_EQ(m.nw_proto, 0x1a);
	CHECK_EQ(m.nw_src, 0x1d1e1f20);
	CHECK_EQ(m.nw_dst, 0x21222324);
	CHECK_EQ(m.tp_src, 0x2526);
	CHECK_EQ(m.tp_dst, 0x2728);

	of_match_put(&w, &m);
	memcpy(want, in, sizeof(want));
	want[21] = 0;		 /* pad after dl_vlan_pcp */
	want[26] = want[27] = 0; /* pad after nw_proto */
	CHECK_MEM(out, w.pos, want, sizeof(want));
}

static void test_truncated(void)
{
	uint8_t in[64];
	size_t n = check_hex(golden_tcp, in, sizeof(in)), k;

	for (k = 0; k < n; k++) {
		struct of_rbuf r = of_rbuf_make(in, k);
		struct of_match m;

		of_match_get(&r, &m);
		CHECK(r.short_read);
	}
}

static void test_overflow(void)
{
	uint8_t out[39];
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_match m;

	of_match_init_catchall(&m);
	of_match_put(&w, &m);
	CHECK(w.overflow);
}

static void test_catchall(void)
{
	struct of_match m, zero;
	uint8_t out[40], want[40];
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));

	memset(&m, 0xab, sizeof(m));
	of_match_init_catchall(&m);
	CHECK_EQ(m.wildcards, OFPFW_ALL);
	zero = m;
	zero.wildcards = 0;
	memset(&m, 0, sizeof(m));
	CHECK_MEM(&zero, sizeof(zero), &m, sizeof(m));
	of_match_init_catchall(&m);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 32);
	CHECK_EQ(of_match_nw_dst_wild_bits(&m), 32);
	of_match_put(&w, &m);
	memset(want, 0, sizeof(want));
	check_hex("003fffff", want, 4);
	CHECK_MEM(out, w.pos, want, sizeof(want));
}

static void test_prefix(void)
{
	struct of_match m;
	unsigned n;

	CHECK_EQ(of_match_nw_mask(0), 0xffffffffu);
	CHECK_EQ(of_match_nw_mask(1), 0xfffffffeu);
	CHECK_EQ(of_match_nw_mask(8), 0xffffff00u);
	CHECK_EQ(of_match_nw_mask(24), 0xff000000u);
	CHECK_EQ(of_match_nw_mask(31), 0x80000000u);
	CHECK_EQ(of_match_nw_mask(32), 0);
	CHECK_EQ(of_match_nw_mask(33), 0);
	CHECK_EQ(of_match_nw_mask(63), 0);

	memset(&m, 0, sizeof(m));
	m.wildcards = OFPFW_IN_PORT | OFPFW_NW_TOS;
	of_match_set_nw_src_prefix(&m, 24);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 8);
	CHECK_EQ(of_match_nw_dst_wild_bits(&m), 0);
	CHECK_EQ(m.wildcards,
		 OFPFW_IN_PORT | OFPFW_NW_TOS | 8 << OFPFW_NW_SRC_SHIFT);
	of_match_set_nw_dst_prefix(&m, 16);
	CHECK_EQ(of_match_nw_dst_wild_bits(&m), 16);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 8);
	CHECK_EQ(of_match_nw_mask(of_match_nw_dst_wild_bits(&m)), 0xffff0000u);
	of_match_set_nw_src_prefix(&m, 0);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 32);
	CHECK_EQ(m.wildcards & OFPFW_NW_SRC_MASK, OFPFW_NW_SRC_ALL);
	of_match_set_nw_src_prefix(&m, 32);
	CHECK_EQ(of_match_nw_src_wild_bits(&m), 0);
	of_match_set_nw_dst_prefix(&m, 40); /* clamps to /32 */
	CHECK_EQ(of_match_nw_dst_wild_bits(&m), 0);
	CHECK_EQ(m.wildcards, OFPFW_IN_PORT | OFPFW_NW_TOS);

	/* Every count from 33 to 63 means fully wildcarded. */
	for (n = 0; n < 64; n++) {
		m.wildcards =
		    n << OFPFW_NW_SRC_SHIFT | (63 - n) << OFPFW_NW_DST_SHIFT;
		CHECK_EQ(of_match_nw_src_wild_bits(&m), n > 32 ? 32 : n);
		CHECK_EQ(of_match_nw_dst_wild_bits(&m),
			 63 - n > 32 ? 32 : 63 - n);
	}
	for (n = 0; n <= 32; n++) {
		of_match_set_nw_src_prefix(&m, n);
		CHECK_EQ(of_match_nw_src_wild_bits(&m), 32 - n);
	}
}

int main(void)
{
	test_golden();
	test_fields_and_pads();
	test_truncated();
	test_overflow();
	test_catchall();
	test_prefix();
	return check_summary();
}
