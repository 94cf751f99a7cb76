/* Unit tests for of_print.c: golden messages (hex in, ovs-ofctl text out),
 * the match/action/flow-stats/port printers, messages printed from their
 * decoded form (hex dumps rebuilt without the input bytes) and the
 * truncation rules of struct of_text. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "of_print.h"

struct golden {
	const char *hex;
	const char *text;
};

static const struct golden goldens[] = {
#include "print_golden.inc"
};

static char big[1 << 18];

/* Decodes `hex` and prints it into `big`; returns the text. */
static const char *print_hex(const char *hex)
{
	static uint8_t buf[4096];
	size_t n = check_hex(hex, buf, sizeof(buf));
	struct of_msg m;
	struct of_text t;

	of_decode(buf, n, &m);
	of_text_init(&t, big, sizeof(big));
	of_print_msg(&t, &m);
	CHECK(!t.truncated);
	CHECK_EQ(t.len, strlen(big));
	return big;
}

static void test_goldens(void)
{
	for (size_t i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		const char *got = print_hex(goldens[i].hex);
		if (!CHECK_STR(got, goldens[i].text))
			fprintf(stderr, "  golden #%zu: %s\n", i,
				goldens[i].hex);
	}
}

static struct of_match catchall(void)
{
	struct of_match m;
	of_match_init_catchall(&m);
	return m;
}

static void check_match(const struct of_match *m, const char *want)
{
	char buf[512];
	struct of_text t;

	of_text_init(&t, buf, sizeof(buf));
	of_print_match(&t, m);
	CHECK_STR(buf, want);
}

static void test_match(void)
{
	struct of_match m = catchall();

	check_match(&m, "");

	/* Prefixes, shorthand and every field in OVS's order. */
	m.wildcards = 0;
	m.in_port = OFPP_LOCAL;
	memcpy(m.dl_src, "\x00\x01\x02\x03\x04\x05", 6);
	memcpy(m.dl_dst, "\xff\xff\xff\xff\xff\xff", 6);
	m.dl_vlan = 7;
	m.dl_vlan_pcp = 3;
	m.dl_type = 0x0800;
	m.nw_tos = 0x2e; /* low (ECN) bits are not matched */
	m.nw_proto = 6;
	m.nw_src = 0x0a010203;
	m.nw_dst = 0xc0a80001;
	m.tp_src = 1234;
	m.tp_dst = 80;
	of_match_set_nw_src_prefix(&m, 8);
	of_match_set_nw_dst_prefix(&m, 24);
	check_match(&m, "tcp,in_port=LOCAL,dl_vlan=7,dl_vlan_pcp=3,"
			"dl_src=00:01:02:03:04:05,dl_dst=ff:ff:ff:ff:ff:ff,"
			"nw_src=10.0.0.0/8,nw_dst=192.168.0.0/24,nw_tos=44,"
			"tp_src=1234,tp_dst=80");

	/* ICMP type/code; UDP; other IP protocol; no-VLAN. */
	m = catchall();
	m.wildcards &= ~(uint32_t)(OFPFW_DL_TYPE | OFPFW_NW_PROTO |
				   OFPFW_TP_SRC | OFPFW_TP_DST | OFPFW_DL_VLAN);
	m.dl_type = 0x0800;
	m.nw_proto = 1;
	m.tp_src = 8;
	m.tp_dst = 0;
	m.dl_vlan = OFP_VLAN_NONE;
	check_match(&m, "icmp,vlan_tci=0x0000,icmp_type=8,icmp_code=0");
	m.nw_proto = 17;
	check_match(&m, "udp,vlan_tci=0x0000,tp_src=8,tp_dst=0");
	m.nw_proto = 47;
	check_match(&m, "ip,vlan_tci=0x0000,nw_proto=47,tp_src=8,tp_dst=0");

	/* ARP: nw_proto is arp_op, addresses are arp_spa/arp_tpa. */
	m = catchall();
	m.wildcards &= ~(uint32_t)(OFPFW_DL_TYPE | OFPFW_NW_PROTO);
	m.dl_type = 0x0806;
	m.nw_proto = 2;
	m.nw_dst = 0x0a000001;
	of_match_set_nw_dst_prefix(&m, 32);
	check_match(&m, "arp,arp_tpa=10.0.0.1,arp_op=2");
	m.dl_type = 0x8035;
	check_match(&m, "rarp,arp_tpa=10.0.0.1,arp_op=2");

	/* Other ethertypes print as dl_type; ipv6 has a shorthand. */
	m = catchall();
	m.wildcards &= ~(uint32_t)OFPFW_DL_TYPE;
	m.dl_type = 0x88cc;
	check_match(&m, "dl_type=0x88cc");
	m.dl_type = 0x86dd;
	check_match(&m, "ipv6");

	/* A wildcarded field's value is ignored. */
	m = catchall();
	m.tp_src = 99;
	m.nw_src = 0x01020304;
	check_match(&m, "");
}

static void check_actions(const char *hex, const char *want)
{
	uint8_t buf[256];
	char out[512];
	struct of_bytes list;
	struct of_text t;

	list.size = check_hex(hex, buf, sizeof(buf));
	list.p = buf;
	CHECK_EQ(of_actions_check_structure(list), OF_OK);
	of_text_init(&t, out, sizeof(out));
	of_print_actions(&t, list);
	CHECK_STR(out, want);
}

static void test_actions(void)
{
	struct of_bytes none = {NULL, 0};
	char out[16];
	struct of_text t;

	of_text_init(&t, out, sizeof(out));
	of_print_actions(&t, none);
	CHECK_STR(out, "drop");

	check_actions("0000 0008 0002 0000", "output:2");
	check_actions("0000 0008 fff8 0000  0000 0008 fff9 0000"
		      "0000 0008 fffa 0000  0000 0008 fffb 0000"
		      "0000 0008 fffc 0000  0000 0008 fffd 0080"
		      "0000 0008 fffe 0000",
		      "IN_PORT,TABLE,NORMAL,FLOOD,ALL,CONTROLLER:128,LOCAL");
	check_actions("0001 0008 0123 0000  0002 0008 05 000000"
		      "0003 0008 00000000",
		      "mod_vlan_vid:291,mod_vlan_pcp:5,strip_vlan");
	check_actions("0004 0010 010203040506 000000000000"
		      "0005 0010 0a0b0c0d0e0f 000000000000",
		      "mod_dl_src:01:02:03:04:05:06,"
		      "mod_dl_dst:0a:0b:0c:0d:0e:0f");
	check_actions("0006 0008 0a000001  0007 0008 c0a80101"
		      "0008 0008 b8 000000",
		      "mod_nw_src:10.0.0.1,mod_nw_dst:192.168.1.1,"
		      "mod_nw_tos:184");
	check_actions("0009 0008 0050 0000  000a 0008 01bb 0000",
		      "mod_tp_src:80,mod_tp_dst:443");
	check_actions("000b 0010 0001 000000000000 00000007"
		      "000b 0010 fffe 000000000000 ffffffff",
		      "enqueue:1:7,enqueue:LOCAL:4294967295");
	/* Vendor actions print generically (documented difference). */
	check_actions("ffff 0010 00002320 000e 0001 00000000",
		      "vendor:0x2320,subtype=14,len=16");
	check_actions("ffff 0008 00abcdef", "vendor:0xabcdef,len=8");
}

static void test_ports(void)
{
	static const struct {
		uint16_t port;
		const char *name;
	} cases[] = {
	    {1, "1"},
	    {0xfeff, "65279"},
	    {OFPP_MAX, "65280"},
	    {0xfff7, "UNSET"},
	    {OFPP_IN_PORT, "IN_PORT"},
	    {OFPP_TABLE, "TABLE"},
	    {OFPP_NORMAL, "NORMAL"},
	    {OFPP_FLOOD, "FLOOD"},
	    {OFPP_ALL, "ALL"},
	    {OFPP_CONTROLLER, "CONTROLLER"},
	    {OFPP_LOCAL, "LOCAL"},
	    {OFPP_NONE, "ANY"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[16];
		struct of_text t;
		of_text_init(&t, buf, sizeof(buf));
		of_print_port(&t, cases[i].port);
		CHECK_STR(buf, cases[i].name);
	}
}

static void test_flow_stats(void)
{
	static const uint8_t acts[] = {0, 0, 0, 8, 0, 3, 0, 0};
	struct of_flow_stats fs;
	char buf[512];
	struct of_text t;

	memset(&fs, 0, sizeof(fs));
	fs.match = catchall();
	fs.priority = OFP_DEFAULT_PRIORITY;
	of_text_init(&t, buf, sizeof(buf));
	of_print_flow_stats(&t, &fs);
	CHECK_STR(buf, " cookie=0x0, duration=0s, table=0, n_packets=0, "
		       "n_bytes=0, actions=drop");

	fs.match.wildcards &= ~(uint32_t)OFPFW_IN_PORT;
	fs.match.in_port = 2;
	fs.table_id = 1;
	fs.duration_sec = 12;
	fs.duration_nsec = 345000000;
	fs.priority = 100;
	fs.idle_timeout = 10;
	fs.hard_timeout = 20;
	fs.cookie = 0xabc;
	fs.packet_count = 5;
	fs.byte_count = 300;
	fs.actions.p = acts;
	fs.actions.size = sizeof(acts);
	of_text_init(&t, buf, sizeof(buf));
	of_print_flow_stats(&t, &fs);
	CHECK_STR(buf, " cookie=0xabc, duration=12.345s, table=1, "
		       "n_packets=5, n_bytes=300, idle_timeout=10, "
		       "hard_timeout=20, priority=100,in_port=2 "
		       "actions=output:3");
	fs.duration_nsec = 1;
	of_text_init(&t, buf, sizeof(buf));
	of_print_flow_stats(&t, &fs);
	CHECK(strstr(buf, "duration=12.000000001s") != NULL);
}

/* Messages printed from their decoded form only (no input bytes): the hex
 * dumps of refused messages are rebuilt and must equal the dumps printed
 * when the same message is decoded from its encoding. */
static void check_same_as_decoded(const struct of_msg *m)
{
	static uint8_t wire[4096];
	static char direct[8192];
	size_t n = 0;
	struct of_msg d;
	struct of_text t;

	CHECK_EQ(of_encode(m, wire, sizeof(wire), &n), OF_OK);
	of_text_init(&t, direct, sizeof(direct));
	{
		struct of_msg copy = *m;
		copy.h.length = (uint16_t)n; /* as a decoder would have it */
		of_print_msg(&t, &copy);
	}
	of_decode(wire, n, &d);
	of_text_init(&t, big, sizeof(big));
	of_print_msg(&t, &d);
	CHECK_STR(direct, big);
}

static void test_built_messages(void)
{
	static const uint8_t bad_out[] = {0, 0, 0, 8, 0xff, 0xf0, 0, 0};
	static const uint8_t data[] = {1, 2, 3};
	struct of_msg m;

	/* A flow-mod OVS refuses (bad output port): header line, verdict,
	 * and a hex dump of the whole message. */
	of_msg_init(&m, OFPT_FLOW_MOD, 7);
	m.u.flow_mod.match = catchall();
	m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
	m.u.flow_mod.out_port = OFPP_NONE;
	m.u.flow_mod.priority = 1;
	m.u.flow_mod.actions.p = bad_out;
	m.u.flow_mod.actions.size = sizeof(bad_out);
	check_same_as_decoded(&m);
	CHECK(strstr(big,
		     "OFPT_FLOW_MOD (xid=0x7): ***decode error: "
		     "OFPBAC_BAD_OUT_PORT***\n00000000  01 0e 00 50") == big);
	m.u.flow_mod.actions.size = 0;
	m.u.flow_mod.flags = OFPFF_EMERG;
	check_same_as_decoded(&m);
	CHECK(strstr(big, "OFPFMFC_TABLE_FULL") != NULL);

	/* Packet-out with a bad input port and data. */
	of_msg_init(&m, OFPT_PACKET_OUT, 8);
	m.u.packet_out.buffer_id = OFP_NO_BUFFER;
	m.u.packet_out.in_port = OFPP_MAX;
	m.u.packet_out.data.p = data;
	m.u.packet_out.data.size = sizeof(data);
	check_same_as_decoded(&m);
	CHECK(strstr(big, "OFPBRC_BAD_PORT") != NULL);

	/* Port status with a reason OVS does not know. */
	of_msg_init(&m, OFPT_PORT_STATUS, 9);
	m.u.port_status.reason = 7;
	m.u.port_status.desc.port_no = 1;
	check_same_as_decoded(&m);
	CHECK(strstr(big, "NXBRC_BAD_REASON") != NULL);

	/* Vendor message of an unknown vendor: refused before the header. */
	of_msg_init(&m, OFPT_VENDOR, 10);
	m.u.vendor.vendor = 0xabcdef;
	m.u.vendor.data.p = data;
	m.u.vendor.data.size = sizeof(data);
	check_same_as_decoded(&m);
	CHECK_STR(big, "***decode error: OFPBRC_BAD_VENDOR***\n"
		       "00000000  01 04 00 0f 00 00 00 0a-00 ab cd ef 01 02 03 "
		       "   |............... |");

	/* Stats request of an unknown type, queue config request on a
	 * reserved port, set-config with unknown flags. */
	of_msg_init(&m, OFPT_STATS_REQUEST, 11);
	m.u.stats_request.type = 0x42;
	check_same_as_decoded(&m);
	CHECK(strstr(big, "***decode error: OFPBRC_BAD_STAT***") == big);
	of_msg_init(&m, OFPT_QUEUE_GET_CONFIG_REQUEST, 12);
	m.u.queue_get_config_request.port = OFPP_LOCAL;
	check_same_as_decoded(&m);
	CHECK(strstr(big, "OFPQOFC_BAD_PORT") != NULL);
	of_msg_init(&m, OFPT_SET_CONFIG, 13);
	m.u.config.flags = 0x10;
	check_same_as_decoded(&m);
	CHECK(strstr(big, "OFPSCFC_BAD_FLAGS") != NULL);

	/* Typed messages that print normally. */
	of_msg_init(&m, OFPT_ECHO_REQUEST, 14);
	m.u.echo.p = data;
	m.u.echo.size = sizeof(data);
	check_same_as_decoded(&m);
	CHECK_STR(big, "OFPT_ECHO_REQUEST (xid=0xe): 3 bytes of payload\n"
		       "00000000  01 02 03                                 "
		       "       |...             |");
	of_msg_init(&m, OFPT_BARRIER_REQUEST, 15);
	check_same_as_decoded(&m);
	CHECK_STR(big, "OFPT_BARRIER_REQUEST (xid=0xf):");
}

/* of_text never writes past its buffer, stays NUL-terminated, keeps a
 * prefix of the full text, and reports truncation. */
static void test_truncation(void)
{
	static const char *const hexes[] = {
	    /* features reply with one port, packet-in with ARP */
	    "010600500000000200000000000000a100000000fe000000000000c700000fff"
	    "0001b6033b1e5cc4733170310000000000000000000000000000000000000000"
	    "00000000000000c0000000000000000000000000",
	    "010a003c00000000ffffffff002a000100000000000001020000000001010806"
	    "00010800060400020000000001010a0100010000000001020a010002",
	};
	for (size_t h = 0; h < sizeof(hexes) / sizeof(hexes[0]); h++) {
		static uint8_t msg[512];
		char full[4096], small[4096 + 8];
		size_t n = check_hex(hexes[h], msg, sizeof(msg)), flen;
		struct of_msg m;
		struct of_text t;
		int bad = 0;

		of_decode(msg, n, &m);
		of_text_init(&t, full, sizeof(full));
		of_print_msg(&t, &m);
		CHECK(!t.truncated);
		flen = strlen(full);
		CHECK(flen > 100);
		for (size_t size = 0; size <= flen + 2; size++) {
			memset(small, 0x5a, sizeof(small));
			of_text_init(&t, small, size);
			of_print_msg(&t, &m);
			if (small[size] != 0x5a || small[size + 1] != 0x5a)
				bad++; /* wrote past the end */
			if (size == 0) {
				if (!t.truncated || t.len)
					bad++;
				continue;
			}
			if (small[t.len] != '\0' || strlen(small) != t.len)
				bad++;
			if (strncmp(small, full, t.len))
				bad++; /* not a prefix */
			/* A cut text is the full text's first size - 1
			 * bytes. With exactly strlen + 1 bytes the text is
			 * complete, but `truncated` may be set if OVS's final
			 * newline (removed at the end) did not fit. */
			if (size <= flen && !t.truncated)
				bad++;
			if (size > flen + 1 && t.truncated)
				bad++;
			if (size == flen + 1 && strcmp(small, full))
				bad++;
			if (t.truncated && t.len != size - 1)
				bad++;
		}
		CHECK_EQ(bad, 0);
	}

	/* Once truncated, later (even short) output is dropped. */
	{
		char buf[8];
		struct of_text t;
		of_text_init(&t, buf, sizeof(buf));
		of_text_puts(&t, "0123456789");
		CHECK(t.truncated);
		CHECK_STR(buf, "0123456");
		of_text_puts(&t, "");
		of_text_printf(&t, "%d", 1);
		CHECK_STR(buf, "0123456");
		CHECK_EQ(t.len, 7);
	}
	{
		struct of_text t;
		of_text_init(&t, NULL, 0);
		of_text_puts(&t, "x");
		CHECK(t.truncated);
		CHECK_EQ(t.len, 0);
	}
}

int main(void)
{
	test_goldens();
	test_match();
	test_actions();
	test_ports();
	test_flow_stats();
	test_built_messages();
	test_truncation();
	return check_summary();
}
