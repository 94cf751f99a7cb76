/* Unit tests for of_flow.c and of_packet.c: FLOW_MOD, FLOW_REMOVED,
 * PACKET_IN and PACKET_OUT bodies through the of_codec.h functions, then as
 * whole messages through of_decode/of_encode. Golden messages come from the
 * Open vSwitch 3.1 captures in /work/shared/captures (file named at each). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "of_codec.h"

typedef enum of_err (*dec_fn)(struct of_rbuf *, struct of_msg *);
typedef enum of_err (*enc_fn)(struct of_wbuf *, const struct of_msg *);

/* a03_actions: priority=10,in_port=1,actions=output:2 */
static const char fm_output[] =
    "010e005000000002"
    "003820fe0001000000000000000000000000000000000000000000000000000000000000"
    "00000000"
    "0000000000000000 0000 0000 0000 000a ffffffff ffff 0000"
    "0000000800020000";
/* a04_moddel: priority=100,tcp,nw_dst=10.0.1.2,tp_dst=80 cookie:0xabc
 * idle:120 actions=output:3 */
static const char fm_cookie[] =
    "010e005000000002"
    "0030204f000000000000000000000000000000000000080000060000000000000a000102"
    "00000050"
    "0000000000000abc 0000 0078 0000 0064 ffffffff ffff 0000"
    "0000000800030000";
/* a03_actions: priority=31,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80 with
 * 12 actions. */
static const char fm_12[] =
    "010e00b800000002"
    "0030004f0000000000000000000000000000000000000800000600000a0000010a000002"
    "00000050"
    "0000000000000000 0000 0000 0000 001f ffffffff ffff 0000"
    "00010008000a0000 0002000802000000 0004001002000000000100000000000000050010"
    "0200000000020000000000000006 0008ac100001 00070008ac100002"
    "0008000810000000 000900081f900000 000a000820fb0000 0000000800020000"
    "0000000800030000 00000008fffd0040";
/* a03_actions: strip_vlan,enqueue:1:1,output:LOCAL */
static const char fm_enqueue[] =
    "010e006800000002"
    "003020cf000000000000000000000000000000000000080000110000000000000a000072"
    "00000000"
    "0000000000000000 0000 0000 0000 0020 ffffffff ffff 0000"
    "0003000800000000 000b001000010000000000000000000100000008fffe0000";
/* a03_actions: resubmit:2,note:01.02.03.04 (Nicira vendor actions) */
static const char fm_vendor[] =
    "010e006800000002"
    "003020ef000000000000000000000000000000000000080000000000000000000a000073"
    "00000000"
    "0000000000000000 0000 0000 0000 0021 ffffffff ffff 0000"
    "ffff001000002320000e0002ff000000 ffff0010000023200008010203040000";
/* a03_actions: del-flows (DELETE, no actions) */
static const char fm_delete[] =
    "010e004800000002"
    "003820ff00000000000000000000000000000000000000000000000000000000000000"
    "0000000000"
    "0000000000000000 0003 0000 0000 8000 ffffffff ffff 0000";

/* b01_controller: priority=5,udp,tp_dst=999 reason=idle cookie:0xf1
 * duration1.393s idle1 */
static const char fr_golden[] =
    "010b005800000000"
    "0038204f00000000000000000000000000000000000008000011000000000000000000"
    "00000003e7"
    "00000000000000f1 0005 00 00 00000001 176cb440 0001 0000"
    "0000000000000000 0000000000000000";
/* a06_packetout: ARP reply from port 2, no_match, unbuffered */
static const char pi_golden[] =
    "010a003c00000000"
    "ffffffff 002a 0002 00 00"
    "000000000001000000000002080600010800060400020000000000020a000002000000"
    "0000010a000001";
/* a06_packetout: actions=mod_dl_src:02:00:00:00:00:99,mod_nw_src:10.0.0.99,
 * output:2, 60 bytes of data */
static const char po_golden[] =
    "010d006c00000002"
    "ffffffff ffff 0020"
    "0004001002000000009900000000000000060008 0a000063 0000000800020000"
    "000000000002000000000004080045000028123440004006"
    "14970a0000040a0000029c400050000003e8000000005002ffff00000000000000000000";
/* a06_packetout: output:FLOOD from in_port=ANY, ARP request */
static const char po_flood[] =
    "010d005400000002"
    "ffffffff ffff 0008 00000008fffb0000"
    "ffffffffffff000000000001080600010800060400010000000000010a000001000000"
    "0000000a000002000000000000000000000000000000000000";
/* a06_packetout: no actions (drop) */
static const char po_noact[] =
    "010d005a00000002"
    "ffffffff ffff 0000"
    "00000000000200000000000108004500003c123440004001148b0a0000010a00000208"
    "004d19004200016162636465666768696a6b6c6d6e6f7071727374757677616263646566"
    "676869";

/* Parses a whole message from hex into buf; returns its size. */
static size_t msg_hex(const char *hex, uint8_t *buf, size_t size)
{
	return check_hex(hex, buf, size);
}

/* Runs a body decoder on buf[8..n) as the dispatcher would. */
static enum of_err dec_body(dec_fn dec, const uint8_t *buf, size_t n,
			    struct of_msg *m)
{
	struct of_rbuf r = of_rbuf_make(buf + 8, n - 8);

	memset(m, 0, sizeof(*m));
	of_header_peek(buf, n, &m->h);
	return dec(&r, m);
}

/* Encodes m's body and checks it equals buf[8..n). */
static void enc_body_same(enc_fn enc, const struct of_msg *m,
			  const uint8_t *buf, size_t n, int line)
{
	uint8_t out[512];
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));

	check_eq_int(enc(&w, m), OF_OK, __FILE__, line, "encode body");
	check_record(!w.overflow, __FILE__, line, "no overflow");
	check_eq_mem(out, w.pos, buf + 8, n - 8, __FILE__, line,
		     "re-encoded body");
}

/* Whole-message decode + encode (and deep re-encode) gives the input. */
static void whole_same(const uint8_t *buf, size_t n, enum of_err verdict,
		       bool raw, int line)
{
	uint8_t out[512], scratch[512];
	struct of_msg m;
	size_t len = 0;

	check_eq_int(of_decode(buf, n, &m), verdict, __FILE__, line,
		     "of_decode verdict");
	check_eq_int(m.raw, raw, __FILE__, line, "raw");
	check_eq_int(of_encode(&m, out, sizeof(out), &len), OF_OK, __FILE__,
		     line, "of_encode");
	check_eq_mem(out, len, buf, n, __FILE__, line, "whole re-encode");
	len = 0;
	check_eq_int(of_reencode_deep(&m, out, sizeof(out), &len, scratch,
				      sizeof(scratch)),
		     OF_OK, __FILE__, line, "of_reencode_deep");
	check_eq_mem(out, len, buf, n, __FILE__, line, "deep re-encode");
}

static void test_flow_mod_golden(void)
{
	uint8_t buf[512];
	struct of_msg m;
	const struct of_flow_mod *fm = &m.u.flow_mod;
	struct of_iter it;
	struct of_action a;
	size_t n;

	n = msg_hex(fm_output, buf, sizeof(buf));
	CHECK_EQ(n, 80);
	CHECK_EQ(dec_body(of_dec_flow_mod, buf, n, &m), OF_OK);
	CHECK(!m.raw);
	CHECK_EQ(fm->match.wildcards, 0x003820fe);
	CHECK_EQ(fm->match.in_port, 1);
	CHECK_EQ(fm->cookie, 0);
	CHECK_EQ(fm->command, OFPFC_ADD);
	CHECK_EQ(fm->idle_timeout, 0);
	CHECK_EQ(fm->hard_timeout, 0);
	CHECK_EQ(fm->priority, 10);
	CHECK_EQ(fm->buffer_id, OFP_NO_BUFFER);
	CHECK_EQ(fm->out_port, OFPP_NONE);
	CHECK_EQ(fm->flags, 0);
	CHECK(fm->actions.p == buf + 72);
	CHECK_EQ(fm->actions.size, 8);
	it = of_iter_make(fm->actions);
	CHECK(of_action_next(&it, &a));
	CHECK_EQ(a.type, OFPAT_OUTPUT);
	CHECK_EQ(a.u.output.port, 2);
	CHECK_EQ(a.u.output.max_len, 0);
	CHECK(!of_action_next(&it, &a));
	enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);

	n = msg_hex(fm_cookie, buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_flow_mod, buf, n, &m), OF_OK);
	CHECK_EQ(fm->match.wildcards, 0x0030204f);
	CHECK_EQ(fm->match.dl_type, 0x0800);
	CHECK_EQ(fm->match.nw_proto, 6);
	CHECK_EQ(fm->match.nw_dst, 0x0a000102);
	CHECK_EQ(fm->match.tp_dst, 80);
	CHECK_EQ(fm->cookie, 0xabc);
	CHECK_EQ(fm->idle_timeout, 120);
	CHECK_EQ(fm->priority, 100);
	CHECK_EQ(of_actions_count(fm->actions), 1);
	enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);

	n = msg_hex(fm_12, buf, sizeof(buf));
	CHECK_EQ(n, 0xb8);
	CHECK_EQ(dec_body(of_dec_flow_mod, buf, n, &m), OF_OK);
	CHECK_EQ(fm->priority, 31);
	CHECK_EQ(fm->match.nw_src, 0x0a000001);
	CHECK_EQ(fm->actions.size, 112);
	CHECK_EQ(of_actions_count(fm->actions), 12);
	enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);

	n = msg_hex(fm_enqueue, buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_flow_mod, buf, n, &m), OF_OK);
	CHECK_EQ(fm->priority, 32);
	it = of_iter_make(fm->actions);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_STRIP_VLAN);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_ENQUEUE);
	CHECK_EQ(a.u.enqueue.port, 1);
	CHECK_EQ(a.u.enqueue.queue_id, 1);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_OUTPUT);
	CHECK_EQ(a.u.output.port, OFPP_LOCAL);
	CHECK(!of_action_next(&it, &a));
	enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);

	n = msg_hex(fm_vendor, buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_flow_mod, buf, n, &m), OF_OK);
	it = of_iter_make(fm->actions);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_VENDOR);
	CHECK_EQ(a.u.vendor.vendor, 0x2320);
	CHECK_EQ(a.u.vendor.body.size, 8);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_VENDOR);
	CHECK_EQ(a.u.vendor.body.p[1], 8); /* NXAST_NOTE */
	enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);

	n = msg_hex(fm_delete, buf, sizeof(buf));
	CHECK_EQ(n, 72);
	CHECK_EQ(dec_body(of_dec_flow_mod, buf, n, &m), OF_OK);
	CHECK_EQ(fm->command, OFPFC_DELETE);
	CHECK_EQ(fm->match.wildcards, 0x003820ff);
	CHECK_EQ(fm->priority, OFP_DEFAULT_PRIORITY);
	CHECK_EQ(fm->actions.size, 0);
	enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);
}

/* The FLOW_MOD prefix every a11_rawsend request uses: catch-all match,
 * priority 0x8000, no buffer, out_port NONE. */
#define A11_FM(len, xid, cmd, idle, flags, actions)                            \
	A11_FMH(len, xid, cmd, idle, "0000", flags, actions)
#define A11_FMH(len, xid, cmd, idle, hard, flags, actions)                     \
	"010e" len xid "003fffff"                                              \
	"0000000000000000000000000000000000000000000000000000000000000000"     \
	"00000000"                                                             \
	"0000000000000000" cmd idle hard "8000 ffffffff ffff" flags actions

static const struct {
	const char *hex;
	enum of_err want;
	bool raw;
	const char *what;
} flow_mod_errors[] = {
    /* Sent by a11_rawsend and answered by OVS with these errors. */
    {A11_FM("0050", "000000b1", "0000", "0000", "0000", "0020000800000000"),
     OF_E_BAD_ACTION_TYPE, false, "action type 0x20"},
    {A11_FM("0058", "000000b2", "0000", "0000", "0000",
	    "00000010000100000000000000000000"),
     OF_E_BAD_ACTION_LEN, true, "output action len 16"},
    {A11_FM("0050", "000000b3", "0000", "0000", "0000", "0001000810000000"),
     OF_E_BAD_ARGUMENT, false, "set_vlan_vid 4096"},
    {A11_FM("0050", "000000b4", "0000", "0000", "0000", "000000 08ff500000"),
     OF_E_BAD_OUT_PORT, false, "output:0xff50"},
    {A11_FM("0048", "000000c1", "0005", "0000", "0000", ""), OF_E_BAD_COMMAND,
     false, "command 5"},
    {A11_FM("0048", "000000c2", "0000", "000a", "0004", ""),
     OF_E_BAD_EMERG_TIMEOUT, false, "EMERG with idle 10"},
    /* Accepted by the codec; OVS's answers are switch policy. */
    {A11_FM("0050", "000000b5", "0000", "0000", "0000", "ffff000800abcdef"),
     OF_OK, false, "vendor action, unknown vendor"},
    {A11_FM("0048", "000000c3", "0000", "0000", "0004", ""), OF_OK, false,
     "EMERG, no timeouts"},
    /* More of the same rules. */
    {A11_FM("0048", "00000001", "0004", "0000", "0000", ""), OF_OK, false,
     "DELETE_STRICT"},
    {A11_FM("0048", "00000001", "ff00", "0000", "0000", ""), OF_E_BAD_COMMAND,
     false, "table id in command"},
    {A11_FMH("0048", "00000001", "0000", "0000", "0001", "0004", ""),
     OF_E_BAD_EMERG_TIMEOUT, false, "EMERG with hard 1"},
    {A11_FM("0048", "00000001", "0000", "0000", "0003", ""), OF_OK, false,
     "SEND_FLOW_REM|CHECK_OVERLAP"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "00000008fff90000"),
     OF_E_BAD_OUT_PORT, false, "output:TABLE in a flow"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "00000008ffff0000"),
     OF_E_BAD_OUT_PORT, false, "output:NONE"},
    {A11_FM("0058", "00000001", "0000", "0000", "0000",
	    "000b00100010000000000000 00000000"),
     OF_OK, false, "enqueue port 16"},
    {A11_FM("0058", "00000001", "0000", "0000", "0000",
	    "000b0010fffb000000000000 00000000"),
     OF_E_BAD_OUT_PORT, false, "enqueue FLOOD"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "0002000808000000"),
     OF_E_BAD_ARGUMENT, false, "set_vlan_pcp 8"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "0008000801000000"),
     OF_E_BAD_ARGUMENT, false, "set_nw_tos 1"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "0000000000000000"),
     OF_E_BAD_ACTION_LEN, true, "action len 0"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "0000001000020000"),
     OF_E_BAD_ACTION_LEN, true, "action past the list"},
    {A11_FM("0050", "00000001", "0000", "0000", "0000", "0020000c00000000"),
     OF_E_BAD_ACTION_LEN, true, "action len 12"},
    /* Precedence: structure, then command, then EMERG, then actions. */
    {A11_FM("0058", "00000001", "0005", "000a", "0004",
	    "00000010000100000000000000000000"),
     OF_E_BAD_ACTION_LEN, true, "structure beats command"},
    {A11_FM("0050", "00000001", "0005", "000a", "0004", "0020000800000000"),
     OF_E_BAD_COMMAND, false, "command beats EMERG and actions"},
    {A11_FM("0050", "00000001", "0000", "000a", "0004", "0020000800000000"),
     OF_E_BAD_EMERG_TIMEOUT, false, "EMERG beats actions"},
    {A11_FM("0058", "00000001", "0000", "0000", "0000",
	    "0001000810000000 00000008ff500000"),
     OF_E_BAD_ARGUMENT, false, "first bad action wins"},
};

static void test_flow_mod_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(flow_mod_errors) / sizeof(flow_mod_errors[0]);
	     i++) {
		uint8_t buf[256];
		size_t n = msg_hex(flow_mod_errors[i].hex, buf, sizeof(buf));
		struct of_msg m;
		enum of_err e = dec_body(of_dec_flow_mod, buf, n, &m);

		if (!check_eq_int(e, flow_mod_errors[i].want, __FILE__,
				  __LINE__, flow_mod_errors[i].what))
			continue;
		check_eq_int(m.raw, flow_mod_errors[i].raw, __FILE__, __LINE__,
			     flow_mod_errors[i].what);
		check_eq_int(m.h.length, n, __FILE__, __LINE__,
			     flow_mod_errors[i].what);
		if (!m.raw)
			enc_body_same(of_enc_flow_mod, &m, buf, n, __LINE__);
		/* Whole message: same verdict; it re-encodes either way. */
		whole_same(buf, n, flow_mod_errors[i].want,
			   flow_mod_errors[i].raw, __LINE__);
	}
}

static void test_flow_removed(void)
{
	uint8_t buf[128];
	size_t n = msg_hex(fr_golden, buf, sizeof(buf));
	struct of_msg m;
	const struct of_flow_removed *fr = &m.u.flow_removed;

	CHECK_EQ(n, OFP_FLOW_REMOVED_LEN);
	CHECK_EQ(dec_body(of_dec_flow_removed, buf, n, &m), OF_OK);
	CHECK(!m.raw);
	CHECK_EQ(fr->match.wildcards, 0x0038204f);
	CHECK_EQ(fr->match.dl_type, 0x0800);
	CHECK_EQ(fr->match.nw_proto, 17);
	CHECK_EQ(fr->match.tp_dst, 999);
	CHECK_EQ(fr->cookie, 0xf1);
	CHECK_EQ(fr->priority, 5);
	CHECK_EQ(fr->reason, OFPRR_IDLE_TIMEOUT);
	CHECK_EQ(fr->duration_sec, 1);
	CHECK_EQ(fr->duration_nsec, 393000000);
	CHECK_EQ(fr->idle_timeout, 1);
	CHECK_EQ(fr->packet_count, 0);
	CHECK_EQ(fr->byte_count, 0);
	enc_body_same(of_enc_flow_removed, &m, buf, n, __LINE__);

	/* Every field at a distinct value, pads non-zero on input. */
	{
		uint8_t in[88], out[88];
		struct of_wbuf w = of_wbuf_make(out, sizeof(out));
		struct of_rbuf r;
		size_t i;

		for (i = 0; i < sizeof(in); i++)
			in[i] = (uint8_t)(0x80 + i);
		r = of_rbuf_make(in + 8, 80);
		memset(&m, 0, sizeof(m));
		CHECK_EQ(of_dec_flow_removed(&r, &m), OF_OK);
		CHECK_EQ(fr->cookie, 0xb0b1b2b3b4b5b6b7ull);
		CHECK_EQ(fr->priority, 0xb8b9);
		CHECK_EQ(fr->reason, 0xba);
		CHECK_EQ(fr->duration_sec, 0xbcbdbebf);
		CHECK_EQ(fr->duration_nsec, 0xc0c1c2c3);
		CHECK_EQ(fr->idle_timeout, 0xc4c5);
		CHECK_EQ(fr->packet_count, 0xc8c9cacbcccdcecfull);
		CHECK_EQ(fr->byte_count, 0xd0d1d2d3d4d5d6d7ull);
		CHECK_EQ(of_enc_flow_removed(&w, &m), OF_OK);
		in[8 + 21] = in[8 + 26] = in[8 + 27] = 0; /* match pads */
		in[8 + 51] = in[8 + 62] = in[8 + 63] = 0;
		CHECK_MEM(out, w.pos, in + 8, 80);
	}

	/* One byte too many: raw BAD_LEN. */
	{
		uint8_t in[81];
		struct of_rbuf r = of_rbuf_make(in, sizeof(in));

		memcpy(in, buf + 8, 80);
		in[80] = 0;
		memset(&m, 0, sizeof(m));
		CHECK_EQ(of_dec_flow_removed(&r, &m), OF_E_BAD_LEN);
		CHECK(m.raw);
	}
	whole_same(buf, n, OF_OK, false, __LINE__);
}

static void test_packet_in(void)
{
	uint8_t buf[128];
	size_t n = msg_hex(pi_golden, buf, sizeof(buf));
	struct of_msg m;
	const struct of_packet_in *pi = &m.u.packet_in;

	CHECK_EQ(n, 60);
	CHECK_EQ(dec_body(of_dec_packet_in, buf, n, &m), OF_OK);
	CHECK(!m.raw);
	CHECK_EQ(pi->buffer_id, OFP_NO_BUFFER);
	CHECK_EQ(pi->total_len, 42);
	CHECK_EQ(pi->in_port, 2);
	CHECK_EQ(pi->reason, OFPR_NO_MATCH);
	CHECK(pi->data.p == buf + 18);
	CHECK_EQ(pi->data.size, 42);
	CHECK_EQ(pi->data.p[12], 0x08); /* ethertype ARP */
	CHECK_EQ(pi->data.p[13], 0x06);
	enc_body_same(of_enc_packet_in, &m, buf, n, __LINE__);
	whole_same(buf, n, OF_OK, false, __LINE__);

	/* Empty data is fine. */
	{
		uint8_t body[10] = {0, 0, 1, 0, 0, 0, 0, 3, 1, 0x77};
		uint8_t out[16];
		struct of_rbuf r = of_rbuf_make(body, sizeof(body));
		struct of_wbuf w = of_wbuf_make(out, sizeof(out));

		memset(&m, 0, sizeof(m));
		CHECK_EQ(of_dec_packet_in(&r, &m), OF_OK);
		CHECK_EQ(pi->buffer_id, 256);
		CHECK_EQ(pi->in_port, 3);
		CHECK_EQ(pi->reason, OFPR_ACTION);
		CHECK_EQ(pi->data.size, 0);
		CHECK_EQ(of_enc_packet_in(&w, &m), OF_OK);
		body[9] = 0; /* pad */
		CHECK_MEM(out, w.pos, body, sizeof(body));
	}
}

static void test_packet_out(void)
{
	uint8_t buf[256];
	size_t n;
	struct of_msg m;
	const struct of_packet_out *po = &m.u.packet_out;
	struct of_iter it;
	struct of_action a;

	n = msg_hex(po_golden, buf, sizeof(buf));
	CHECK_EQ(n, 0x6c);
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_OK);
	CHECK(!m.raw);
	CHECK_EQ(po->buffer_id, OFP_NO_BUFFER);
	CHECK_EQ(po->in_port, OFPP_NONE);
	CHECK(po->actions.p == buf + 16);
	CHECK_EQ(po->actions.size, 32);
	CHECK(po->data.p == buf + 48);
	CHECK_EQ(po->data.size, 60);
	it = of_iter_make(po->actions);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_SET_DL_SRC);
	CHECK_MEM(a.u.dl_addr, 6, "\x02\x00\x00\x00\x00\x99", 6);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_SET_NW_SRC);
	CHECK_EQ(a.u.nw_addr, 0x0a000063);
	CHECK(of_action_next(&it, &a) && a.type == OFPAT_OUTPUT);
	CHECK_EQ(a.u.output.port, 2);
	CHECK(!of_action_next(&it, &a));
	enc_body_same(of_enc_packet_out, &m, buf, n, __LINE__);
	whole_same(buf, n, OF_OK, false, __LINE__);

	n = msg_hex(po_flood, buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_OK);
	CHECK_EQ(po->actions.size, 8);
	CHECK_EQ(po->data.size, 60);
	enc_body_same(of_enc_packet_out, &m, buf, n, __LINE__);
	whole_same(buf, n, OF_OK, false, __LINE__);

	n = msg_hex(po_noact, buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_OK);
	CHECK_EQ(po->actions.size, 0);
	CHECK_EQ(po->data.size, 74);
	enc_body_same(of_enc_packet_out, &m, buf, n, __LINE__);
	whole_same(buf, n, OF_OK, false, __LINE__);

	/* a11_rawsend: buffer 0x1234 is fine for the codec (the switch answers
	 * BUFFER_UNKNOWN). */
	n = msg_hex("010d0018000000e100001234ffff00080000000800010000", buf,
		    sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_OK);
	CHECK_EQ(po->buffer_id, 0x1234);
	CHECK_EQ(po->data.size, 0);
	whole_same(buf, n, OF_OK, false, __LINE__);

	/* TABLE is a legal output port only here. */
	n = msg_hex("010d0018 00000001 ffffffff 0001 0008 00000008fff90000",
		    buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_OK);
	whole_same(buf, n, OF_OK, false, __LINE__);
	n = msg_hex("010d0018 00000001 ffffffff 0001 0008 00000008ffff0000",
		    buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_E_BAD_OUT_PORT);
	CHECK(!m.raw);
	whole_same(buf, n, OF_E_BAD_OUT_PORT, false, __LINE__);
	n = msg_hex("010d0018 00000001 ffffffff 0001 0008 0020000800000000",
		    buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_E_BAD_ACTION_TYPE);
	CHECK(!m.raw);

	/* actions_len past the body: raw BAD_LEN. */
	n = msg_hex("010d0018 00000001 ffffffff 0001 0010 00000008fffb0000",
		    buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_E_BAD_LEN);
	CHECK(m.raw);
	whole_same(buf, n, OF_E_BAD_LEN, true, __LINE__);
	/* actions_len that cuts an action, or is not a multiple of 8. */
	n = msg_hex("010d0018 00000001 ffffffff 0001 0004 00000008fffb0000",
		    buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_E_BAD_ACTION_LEN);
	CHECK(m.raw);
	whole_same(buf, n, OF_E_BAD_ACTION_LEN, true, __LINE__);
	n = msg_hex("010d0018 00000001 ffffffff 0001 0008 00000010fffb0000",
		    buf, sizeof(buf));
	CHECK_EQ(dec_body(of_dec_packet_out, buf, n, &m), OF_E_BAD_ACTION_LEN);
	CHECK(m.raw);
}

/* Every prefix of a valid body, in an exact-size heap copy so ASan sees any
 * over-read: the decoder never crashes; below the fixed part it is raw
 * BAD_LEN. */
static void prefixes(dec_fn dec, const char *hex, size_t fixed, int line)
{
	uint8_t buf[512];
	size_t n = msg_hex(hex, buf, sizeof(buf)) - 8, k;

	for (k = 0; k <= n; k++) {
		uint8_t *copy = malloc(k ? k : 1);
		struct of_rbuf r;
		struct of_msg m;
		enum of_err e;

		memcpy(copy, buf + 8, k);
		r = of_rbuf_make(copy, k);
		memset(&m, 0, sizeof(m));
		e = dec(&r, &m);
		if (k < fixed) {
			check_eq_int(e, OF_E_BAD_LEN, __FILE__, line,
				     "short body: BAD_LEN");
			check_record(m.raw, __FILE__, line, "short body: raw");
		} else if (e != OF_OK) {
			check_record(m.raw, __FILE__, line, "error: raw");
		}
		free(copy);
	}
}

static void test_truncated(void)
{
	uint8_t buf[512];
	size_t n, k;

	prefixes(of_dec_flow_mod, fm_12, 64, __LINE__);
	prefixes(of_dec_flow_mod, fm_vendor, 64, __LINE__);
	prefixes(of_dec_flow_removed, fr_golden, 80, __LINE__);
	prefixes(of_dec_packet_in, pi_golden, 10, __LINE__);
	prefixes(of_dec_packet_out, po_golden, 8, __LINE__);
	prefixes(of_dec_packet_out, po_flood, 8, __LINE__);

	/* Flow-mod action cuts: OK exactly at action boundaries. */
	n = msg_hex(fm_12, buf, sizeof(buf));
	for (k = 72; k <= n; k++) {
		struct of_msg m;
		enum of_err e = dec_body(of_dec_flow_mod, buf, k, &m);
		size_t off = k - 72, b = 0;
		static const size_t bounds[] = {0,  8,	16, 32, 48,  56, 64,
						72, 80, 88, 96, 104, 112};
		bool at_boundary = false;

		for (b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++)
			at_boundary |= off == bounds[b];
		CHECK_EQ(e, at_boundary ? OF_OK : OF_E_BAD_ACTION_LEN);
		CHECK_EQ(m.raw, !at_boundary);
	}

	/* Whole messages with a short length field agree with the table. */
	n = msg_hex(pi_golden, buf, sizeof(buf));
	for (k = 0; k < 18; k++) {
		struct of_msg m;

		buf[2] = (uint8_t)(k >> 8);
		buf[3] = (uint8_t)k;
		CHECK_EQ(of_decode(buf, k, &m), OF_E_BAD_LEN);
		CHECK(m.raw);
	}
}

static void test_encode_errors(void)
{
	static uint8_t big[70000];
	uint8_t out[128];
	struct of_wbuf w = of_wbuf_make(out, sizeof(out));
	struct of_msg m;
	size_t len;

	of_msg_init(&m, OFPT_PACKET_OUT, 1);
	m.u.packet_out.actions.p = big;
	m.u.packet_out.actions.size = 65536;
	CHECK_EQ(of_enc_packet_out(&w, &m), OF_E_INVALID);
	m.u.packet_out.actions.p = NULL;
	m.u.packet_out.actions.size = 8;
	CHECK_EQ(of_enc_packet_out(&w, &m), OF_E_INVALID);
	m.u.packet_out.actions.size = 0;
	m.u.packet_out.data.size = 4;
	CHECK_EQ(of_enc_packet_out(&w, &m), OF_E_INVALID);

	of_msg_init(&m, OFPT_FLOW_MOD, 1);
	m.u.flow_mod.actions.size = 8;
	CHECK_EQ(of_enc_flow_mod(&w, &m), OF_E_INVALID);
	of_msg_init(&m, OFPT_PACKET_IN, 1);
	m.u.packet_in.data.size = 8;
	CHECK_EQ(of_enc_packet_in(&w, &m), OF_E_INVALID);

	/* Too small a buffer: overflow in the writer, NOSPACE whole. */
	of_msg_init(&m, OFPT_FLOW_REMOVED, 7);
	w = of_wbuf_make(out, 40);
	CHECK_EQ(of_enc_flow_removed(&w, &m), OF_OK);
	CHECK(w.overflow);
	CHECK_EQ(of_encode(&m, out, 87, &len), OF_E_NOSPACE);
	CHECK_EQ(of_encode(&m, out, 64, &len), OF_E_NOSPACE);
}

/* A FLOW_MOD built from structs encodes to the bytes OVS sent. */
static void test_build_flow_mod(void)
{
	uint8_t acts[16], out[128], want[128];
	struct of_wbuf aw = of_wbuf_make(acts, sizeof(acts));
	struct of_action a;
	struct of_msg m;
	size_t len, n;

	memset(&a, 0, sizeof(a));
	a.type = OFPAT_OUTPUT;
	a.u.output.port = 2;
	CHECK_EQ(of_action_put(&aw, &a), OF_OK);

	of_msg_init(&m, OFPT_FLOW_MOD, 2);
	of_match_init_catchall(&m.u.flow_mod.match);
	m.u.flow_mod.match.wildcards = 0x003820fe;
	m.u.flow_mod.match.in_port = 1;
	m.u.flow_mod.command = OFPFC_ADD;
	m.u.flow_mod.priority = 10;
	m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
	m.u.flow_mod.out_port = OFPP_NONE;
	m.u.flow_mod.actions.p = acts;
	m.u.flow_mod.actions.size = aw.pos;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	n = msg_hex(fm_output, want, sizeof(want));
	CHECK_MEM(out, len, want, n);
}

int main(void)
{
	test_flow_mod_golden();
	test_flow_mod_errors();
	test_flow_removed();
	test_packet_in();
	test_packet_out();
	test_truncated();
	test_encode_errors();
	test_build_flow_mod();
	{
		/* Whole-message round trips of every golden message. */
		static const char *const all[] = {
		    fm_output, fm_cookie, fm_12,     fm_enqueue,
		    fm_vendor, fm_delete, fr_golden, pi_golden,
		    po_golden, po_flood,  po_noact,
		};
		size_t i;

		for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
			uint8_t buf[512];
			size_t n = msg_hex(all[i], buf, sizeof(buf));
			whole_same(buf, n, OF_OK, false, __LINE__);
		}
	}
	return check_summary();
}
