/* Unit tests for of_pkt.c: hand-built frames of every protocol the parser
 * knows (Ethernet II, 802.1Q/802.1ad, 802.3 LLC and SNAP, ARP and RARP,
 * IPv4 with options and fragments, TCP, UDP, SCTP, ICMP, other protocols,
 * IPv6 with extension headers and fragments), malformed headers, and every
 * prefix of every frame: each prefix is parsed from a heap copy of exactly
 * its size (so ASan catches any over-read), must give a key whose fields are
 * either the whole frame's or absent, and from the length where the frame's
 * last used header is complete on, exactly the whole frame's key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "of_pkt.h"

#define IN_PORT 7

/* Frame pieces (hex; spaces are ignored). Destination 0a:0b:0c:0d:0e:0f,
 * source 00:11:22:33:44:55. */
#define MACS "0a0b0c0d0e0f 001122334455 "
/* IPv4 header without options, 192.168.0.1 -> 192.168.0.2; the parser
 * ignores the checksum, so it is left 0. */
#define IPV4(tos, tot, frag, proto)                                            \
	"45" tos " " tot " 1234 " frag " 40" proto " 0000 c0a80001 c0a80002 "
/* TCP 1234 -> 80, data offset 5. */
#define TCP20 "04d2 0050 00000001 00000000 5018 ffff 0000 0000 "
/* UDP 8080 -> 53. */
#define UDP8(len) "1f90 0035 " len " 0000 "
/* IPv6 header fe80::1 -> fe80::2, hop limit 64. */
#define IPV6(first4, plen, nh)                                                 \
	first4 " " plen " " nh "40 fe800000000000000000000000000001 "          \
	       "fe800000000000000000000000000002 "

static struct of_match base_key(void)
{
	static const uint8_t dst[6] = {0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
	static const uint8_t src[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
	struct of_match k;

	memset(&k, 0, sizeof(k));
	k.in_port = IN_PORT;
	memcpy(k.dl_dst, dst, 6);
	memcpy(k.dl_src, src, 6);
	k.dl_vlan = OFP_VLAN_NONE;
	return k;
}

static struct of_match ipv4_key(uint8_t tos, uint8_t proto)
{
	struct of_match k = base_key();

	k.dl_type = 0x0800;
	k.nw_tos = tos;
	k.nw_proto = proto;
	k.nw_src = 0xc0a80001;
	k.nw_dst = 0xc0a80002;
	return k;
}

static bool key_eq(const struct of_match *a, const struct of_match *b)
{
	return a->wildcards == b->wildcards && a->in_port == b->in_port &&
	       memcmp(a->dl_src, b->dl_src, 6) == 0 &&
	       memcmp(a->dl_dst, b->dl_dst, 6) == 0 &&
	       a->dl_vlan == b->dl_vlan && a->dl_vlan_pcp == b->dl_vlan_pcp &&
	       a->dl_type == b->dl_type && a->nw_tos == b->nw_tos &&
	       a->nw_proto == b->nw_proto && a->nw_src == b->nw_src &&
	       a->nw_dst == b->nw_dst && a->tp_src == b->tp_src &&
	       a->tp_dst == b->tp_dst;
}

static void print_key(const char *what, const struct of_match *k)
{
	fprintf(stderr,
		"  %s: in_port=%u dl_vlan=0x%x pcp=%u dl_type=0x%04x "
		"nw_tos=0x%02x nw_proto=%u nw_src=0x%08x nw_dst=0x%08x "
		"tp=%u->%u\n",
		what, k->in_port, k->dl_vlan, k->dl_vlan_pcp, k->dl_type,
		k->nw_tos, k->nw_proto, (unsigned)k->nw_src,
		(unsigned)k->nw_dst, k->tp_src, k->tp_dst);
}

static bool lay_eq(const struct of_pkt_layout *a, const struct of_pkt_layout *b)
{
	return a->has_eth == b->has_eth && a->has_vlan == b->has_vlan &&
	       a->vlan_ofs == b->vlan_ofs && a->type_ofs == b->type_ofs &&
	       a->l3_ofs == b->l3_ofs && a->l3 == b->l3 &&
	       a->l3_size == b->l3_size && a->l3_end == b->l3_end &&
	       a->is_frag == b->is_frag &&
	       a->is_later_frag == b->is_later_frag &&
	       a->l4_proto == b->l4_proto && a->has_l4 == b->has_l4 &&
	       a->l4_ofs == b->l4_ofs && a->l4_size == b->l4_size &&
	       a->payload_ofs == b->payload_ofs;
}

/* Offsets the layout reports lie inside the parsed bytes. */
static bool lay_sane(const struct of_pkt_layout *l, size_t size)
{
	if (l->size != size)
		return false;
	if (!l->has_eth)
		return l->l3 == OF_PKT_L3_NONE && !l->has_vlan && !l->has_l4;
	if (l->type_ofs + 2 > size || l->l3_ofs > size)
		return false;
	if (l->has_vlan && (l->vlan_ofs != 12 || l->type_ofs != 16))
		return false;
	if (l->l3 != OF_PKT_L3_NONE &&
	    (l->l3_ofs + l->l3_size > l->l3_end || l->l3_end > size))
		return false;
	if (l->has_l4 && (l->l3 == OF_PKT_L3_NONE || l->l3 == OF_PKT_L3_ARP ||
			  l->l4_ofs != l->l3_ofs + l->l3_size ||
			  l->payload_ofs != l->l4_ofs + l->l4_size ||
			  l->payload_ofs > l->l3_end || l->is_later_frag))
		return false;
	return true;
}

/* A field of a prefix's key is the whole frame's value or "absent". */
static bool partial_ok(const struct of_match *p, const struct of_match *full)
{
	if (p->in_port != full->in_port || p->wildcards != 0)
		return false;
	if (!(p->dl_vlan == full->dl_vlan || p->dl_vlan == OFP_VLAN_NONE))
		return false;
	if (!(p->dl_vlan_pcp == full->dl_vlan_pcp || p->dl_vlan_pcp == 0))
		return false;
	if (!(p->dl_type == full->dl_type || p->dl_type == 0x8100 ||
	      p->dl_type == 0x88a8 || p->dl_type == 0x05ff || p->dl_type == 0))
		return false;
	return (p->nw_tos == full->nw_tos || p->nw_tos == 0) &&
	       (p->nw_proto == full->nw_proto || p->nw_proto == 0) &&
	       (p->nw_src == full->nw_src || p->nw_src == 0) &&
	       (p->nw_dst == full->nw_dst || p->nw_dst == 0) &&
	       (p->tp_src == full->tp_src || p->tp_src == 0) &&
	       (p->tp_dst == full->tp_dst || p->tp_dst == 0);
}

/* Parses every prefix of `f` (size n) from an exact-size heap copy. From
 * `need` bytes on the key and layout must be the whole frame's. */
static void sweep(const char *name, const uint8_t *f, size_t n, size_t need)
{
	struct of_match full, k;
	struct of_pkt_layout flay, lay;
	unsigned bad_partial = 0, bad_full = 0, bad_lay = 0;

	of_pkt_extract(f, n, IN_PORT, &full, &flay);
	for (size_t p = 0; p <= n; p++) {
		uint8_t *copy = malloc(p ? p : 1);
		memcpy(copy, f, p);
		of_pkt_extract(p ? copy : NULL, p, IN_PORT, &k, &lay);
		free(copy);
		if (!lay_sane(&lay, p))
			bad_lay++;
		if (p < 14) {
			struct of_match empty;
			memset(&empty, 0, sizeof(empty));
			empty.in_port = IN_PORT;
			empty.dl_vlan = OFP_VLAN_NONE;
			if (!key_eq(&k, &empty) || lay.has_eth)
				bad_partial++;
		} else if (p >= need) {
			if (!key_eq(&k, &full) || !lay_eq(&lay, &flay)) {
				if (!bad_full)
					fprintf(stderr, "  %s: prefix %zu\n",
						name, p);
				bad_full++;
			}
		} else if (!partial_ok(&k, &full) ||
			   memcmp(k.dl_src, full.dl_src, 6) != 0 ||
			   memcmp(k.dl_dst, full.dl_dst, 6) != 0) {
			if (!bad_partial)
				print_key("bad partial key", &k);
			bad_partial++;
		}
	}
	if (bad_partial || bad_full || bad_lay)
		fprintf(stderr, "  sweep of %s\n", name);
	CHECK_EQ(bad_lay, 0);
	CHECK_EQ(bad_partial, 0);
	CHECK_EQ(bad_full, 0);
}

/* Parses the frame `hex`, compares the key with *want, sweeps its
 * prefixes, and leaves the layout in *lay for the caller's checks. */
static void expect(const char *name, const char *hex,
		   const struct of_match *want, size_t need,
		   struct of_pkt_layout *lay)
{
	static uint8_t f[2048];
	size_t n = check_hex(hex, f, sizeof(f));
	struct of_match k;

	of_pkt_extract(f, n, IN_PORT, &k, lay);
	if (!CHECK(key_eq(&k, want))) {
		fprintf(stderr, "  frame %s\n", name);
		print_key("got ", &k);
		print_key("want", want);
	}
	CHECK(lay_sane(lay, n));
	sweep(name, f, n, need);
}

static void test_ethernet(void)
{
	struct of_match w = base_key();
	struct of_pkt_layout l;

	/* LLDP: an Ethernet II type the parser has no more to say about. */
	w.dl_dst[0] = 0x01, w.dl_dst[1] = 0x80, w.dl_dst[2] = 0xc2;
	w.dl_dst[3] = 0x00, w.dl_dst[4] = 0x00, w.dl_dst[5] = 0x0e;
	w.dl_type = 0x88cc;
	expect("lldp",
	       "0180c200000e 001122334455 88cc 0207 0400 1122 3344 55 0403 "
	       "0265 7430 0200 7800 00",
	       &w, 14, &l);
	CHECK(l.has_eth);
	CHECK(!l.has_vlan);
	CHECK_EQ(l.type_ofs, 12);
	CHECK_EQ(l.l3_ofs, 14);
	CHECK_EQ(l.l3, OF_PKT_L3_NONE);

	/* Frames too short for an Ethernet header have no fields. */
	{
		uint8_t f[13] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0};
		struct of_match k;

		of_pkt_extract(f, sizeof(f), 3, &k, &l);
		CHECK_EQ(k.in_port, 3);
		CHECK_EQ(k.dl_vlan, OFP_VLAN_NONE);
		CHECK_EQ(k.dl_type, 0);
		CHECK_EQ(k.dl_src[0], 0);
		CHECK(!l.has_eth);
		of_pkt_extract(NULL, 0, 3, &k, &l);
		CHECK_EQ(k.dl_vlan, OFP_VLAN_NONE);
		CHECK_EQ(l.size, 0);
	}
}

static void test_vlan(void)
{
	struct of_match w = ipv4_key(0xb8, 6);
	struct of_pkt_layout l;

	/* 802.1Q, PCP 5, CFI set (ignored), VID 100; IPv4/TCP inside. */
	w.dl_vlan = 100;
	w.dl_vlan_pcp = 5;
	w.tp_src = 1234;
	w.tp_dst = 80;
	expect("vlan tcp",
	       MACS "8100 b064 0800 " IPV4("b9", "002c", "4000", "06") TCP20
	       "deadbeef",
	       &w, 18 + 44, &l);
	CHECK(l.has_vlan);
	CHECK_EQ(l.vlan_ofs, 12);
	CHECK_EQ(l.type_ofs, 16);
	CHECK_EQ(l.l3_ofs, 18);
	CHECK_EQ(l.l4_ofs, 38);
	CHECK_EQ(l.payload_ofs, 58);

	/* A tag without the two type bytes after it is not parsed: the TPID
	 * is the dl_type. */
	{
		uint8_t f[64];
		size_t n = check_hex(MACS "8100 b064", f, sizeof(f));
		struct of_match k;

		of_pkt_extract(f, n, IN_PORT, &k, &l);
		CHECK_EQ(k.dl_type, 0x8100);
		CHECK_EQ(k.dl_vlan, OFP_VLAN_NONE);
		CHECK_EQ(k.dl_vlan_pcp, 0);
		CHECK(!l.has_vlan);
	}

	/* 802.1ad outer tag (PCP 1, VID 5) around ARP: parsed as the tag. */
	w = base_key();
	w.dl_vlan = 5;
	w.dl_vlan_pcp = 1;
	w.dl_type = 0x0806;
	w.nw_proto = 1;
	w.nw_src = 0x0a000001;
	w.nw_dst = 0x0a000002;
	expect("802.1ad arp",
	       MACS "88a8 2005 0806 0001 0800 0604 0001 001122334455 0a000001 "
		    "000000000000 0a000002",
	       &w, 18 + 28, &l);
	CHECK(l.has_vlan);
	CHECK_EQ(l.l3, OF_PKT_L3_ARP);

	/* QinQ: one tag is parsed; the inner TPID is the dl_type and there
	 * are no network fields (OVS with its default vlan-limit of 1). */
	w = base_key();
	w.dl_vlan = 100;
	w.dl_type = 0x8100;
	expect("qinq",
	       MACS "88a8 0064 8100 00c8 0800 " IPV4(
		   "00", "001c", "0000", "01") "0800 f7ff 0000 0000",
	       &w, 18, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_NONE);
	CHECK_EQ(l.l3_ofs, 18);

	/* VID 0 (priority tag) is a tag with dl_vlan 0. */
	w = base_key();
	w.dl_vlan = 0;
	w.dl_vlan_pcp = 7;
	w.dl_type = 0x88cc;
	expect("priority tag", MACS "8100 e000 88cc 0000", &w, 18, &l);
}

static void test_llc_snap(void)
{
	struct of_match w = base_key();
	struct of_pkt_layout l;

	/* STP BPDU: 802.3 with a plain LLC header. */
	memcpy(w.dl_dst, "\x01\x80\xc2\x00\x00\x00", 6);
	w.dl_type = 0x05ff;
	expect(
	    "stp",
	    "0180c2000000 001122334455 0026 424203 0000 00 00 8000001122334455"
	    " 00000000 8000001122334455 8001 0000 1400 0200 0f00 "
	    "000000000000 0000",
	    &w, 14, &l);
	CHECK_EQ(l.l3_ofs, 14);
	CHECK_EQ(l.type_ofs, 12);

	/* SNAP with OUI 0 and type 0x0800: an IPv4/UDP packet after it. */
	w = ipv4_key(0, 17);
	w.tp_src = 8080;
	w.tp_dst = 53;
	expect("snap ipv4",
	       MACS "0026 aaaa03 000000 0800 " IPV4("00", "001e", "0000", "11")
		   UDP8("000a") "abcd",
	       &w, 22 + 30, &l);
	CHECK_EQ(l.l3_ofs, 22);
	CHECK_EQ(l.l3, OF_PKT_L3_IPV4);
	CHECK_EQ(l.l4_ofs, 42);

	/* SNAP with another OUI (Cisco CDP), and SNAP with OUI 0 but a type
	 * below 0x600: not Ethernet types. */
	w = base_key();
	w.dl_type = 0x05ff;
	expect("snap cdp", MACS "0020 aaaa03 00000c 2000 02b4 0000 0001 0006",
	       &w, 14, &l);
	CHECK_EQ(l.l3_ofs, 14);
	expect("snap small type", MACS "0020 aaaa03 000000 0100 0000", &w, 14,
	       &l);
	/* 802.3 with fewer than 8 bytes after the length field. */
	expect("short llc", MACS "0005 aaaa03 0000", &w, 14, &l);
	/* Type/length values between 1500 and 0x600 are lengths too. */
	expect("len 0x5ff", MACS "05ff 424203", &w, 14, &l);
}

static void test_arp(void)
{
	struct of_match w = base_key();
	struct of_pkt_layout l;

	/* A real request (60 bytes with padding). */
	memset(w.dl_dst, 0xff, 6);
	memcpy(w.dl_src, "\xac\x5d\x10\x31\x37\x79", 6);
	w.dl_type = 0x0806;
	w.nw_proto = 1;
	w.nw_src = 0xc0a802fe;
	w.nw_dst = 0xc0a80205;
	expect("arp request",
	       "ffffffffffff ac5d10313779 0806 0001 0800 06 04 0001 "
	       "ac5d10313779 c0a802fe ffffffffffff c0a80205 "
	       "000000000000000000000000000000000000",
	       &w, 42, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_ARP);
	CHECK_EQ(l.l3_ofs, 14);
	CHECK_EQ(l.l3_end, 42);
	CHECK(!l.has_l4);

	w = base_key();
	w.dl_type = 0x0806;
	w.nw_proto = 2;
	w.nw_src = 0x0a000002;
	w.nw_dst = 0x0a000001;
	expect("arp reply",
	       MACS "0806 0001 0800 0604 0002 001122334455 0a000002 "
		    "0a0b0c0d0e0f 0a000001",
	       &w, 42, &l);

	/* An opcode above 0xff gives nw_proto 0 (OVS), addresses stay. */
	w.nw_proto = 0;
	expect("arp op 0x0102",
	       MACS "0806 0001 0800 0604 0102 001122334455 0a000002 "
		    "0a0b0c0d0e0f 0a000001",
	       &w, 42, &l);

	/* Not Ethernet/IPv4 ARP: hardware type 6, or 16-byte protocol
	 * addresses: no fields. */
	w = base_key();
	w.dl_type = 0x0806;
	expect("arp htype 6",
	       MACS "0806 0006 0800 0604 0001 001122334455 0a000002 "
		    "0a0b0c0d0e0f 0a000001",
	       &w, 14, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_NONE);
	expect("arp plen 16",
	       MACS "0806 0001 0800 0610 0001 001122334455 0a000002 "
		    "0a0b0c0d0e0f 0a000001",
	       &w, 14, &l);

	/* RARP request (opcode 3). */
	w = base_key();
	w.dl_type = 0x8035;
	w.nw_proto = 3;
	expect("rarp",
	       MACS "8035 0001 0800 0604 0003 001122334455 00000000 "
		    "001122334455 00000000",
	       &w, 42, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_ARP);
}

static void test_ipv4(void)
{
	struct of_match w;
	struct of_pkt_layout l;

	/* TCP; TOS 0xb9 gives nw_tos 0xb8 (ECN bits dropped). */
	w = ipv4_key(0xb8, 6);
	w.tp_src = 1234;
	w.tp_dst = 80;
	expect("tcp",
	       MACS "0800 " IPV4("b9", "002c", "4000", "06") TCP20 "deadbeef",
	       &w, 58, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_IPV4);
	CHECK_EQ(l.l3_size, 20);
	CHECK_EQ(l.l3_end, 58);
	CHECK(!l.is_frag); /* DF alone is not a fragment */
	CHECK(l.has_l4);
	CHECK_EQ(l.l4_proto, 6);
	CHECK_EQ(l.l4_ofs, 34);
	CHECK_EQ(l.l4_size, 20);
	CHECK_EQ(l.payload_ofs, 54);

	/* TCP with options (data offset 8). */
	expect("tcp options",
	       MACS "0800 " IPV4(
		   "b9", "0034", "4000",
		   "06") "04d2 0050 00000001 00000000 8012 ffff 0000 0000 "
			 "020405b4 0402 080a 00000000 ",
	       &w, 14 + 52, &l);
	CHECK_EQ(l.l4_size, 32);
	CHECK_EQ(l.payload_ofs, 66);

	/* IPv4 options (IHL 7: NOP NOP router alert) before UDP. */
	w = ipv4_key(0, 17);
	w.tp_src = 8080;
	w.tp_dst = 53;
	expect("ip options udp",
	       MACS "0800 47 00 0028 1234 0000 40 11 0000 c0a80001 c0a80002 "
		    "0101 0000 94040000 " UDP8("000c") "01020304",
	       &w, 14 + 40, &l);
	CHECK_EQ(l.l3_size, 28);
	CHECK_EQ(l.l4_ofs, 42);
	CHECK_EQ(l.l4_size, 8);

	/* Largest IHL (15 words), UDP after 40 bytes of options. */
	expect("ihl 15",
	       MACS
	       "0800 4f 00 004c 1234 0000 40 11 0000 c0a80001 c0a80002 "
	       "01010101010101010101010101010101010101010101010101010101"
	       "01010100 00000000 00000000 " UDP8("0010") "0102030405060708",
	       &w, 14 + 76, &l);
	CHECK_EQ(l.l3_size, 60);
	CHECK_EQ(l.l4_ofs, 74);

	/* ICMP echo request: tp_src = type, tp_dst = code. */
	w = ipv4_key(0, 1);
	w.tp_src = 8;
	w.tp_dst = 0;
	expect("icmp echo",
	       MACS "0800 " IPV4("00", "0024", "0000",
				 "01") "0800 0000 0001 0002 6162636465666768",
	       &w, 14 + 36, &l);
	CHECK_EQ(l.l4_size, 8);
	/* Destination unreachable, port (3/3), in a padded 60-byte frame. */
	w.tp_src = 3;
	w.tp_dst = 3;
	expect(
	    "icmp unreachable padded",
	    MACS "0800 " IPV4(
		"00", "001c", "0000",
		"01") "0303 0000 00000000 000000000000000000000000000000000000",
	    &w, 14 + 28, &l);
	CHECK_EQ(l.l3_end, 42);
	/* ICMP needs 8 bytes. */
	w.tp_src = 0;
	w.tp_dst = 0;
	expect("icmp 4 bytes",
	       MACS "0800 " IPV4("00", "0018", "0000", "01") "0303 0000", &w,
	       14 + 24, &l);
	CHECK(!l.has_l4);

	/* SCTP: ports as OVS reads them. */
	w = ipv4_key(0, 132);
	w.tp_src = 2905;
	w.tp_dst = 2906;
	expect("sctp",
	       MACS "0800 " IPV4(
		   "00", "0034", "0000",
		   "84") "0b59 0b5a 00000001 00000000 "
			 "0100 0014 00000001 0000ffff 000a 000a 00000001",
	       &w, 14 + 52, &l);
	CHECK_EQ(l.l4_size, 12);

	/* An IP protocol without transport fields (GRE). */
	w = ipv4_key(0, 47);
	expect("gre", MACS "0800 " IPV4("00", "0018", "0000", "2f") "0000 0800",
	       &w, 14 + 24, &l);
	CHECK(!l.has_l4);
	CHECK_EQ(l.l4_proto, 47);
	/* IGMP: OVS reads type/code, but a 1.0 match cannot use them. */
	w = ipv4_key(0xc0, 2);
	expect("igmp",
	       MACS
	       "0800 " IPV4("c0", "001c", "0000", "02") "1600 0904 e0000016",
	       &w, 14 + 28, &l);
}

static void test_fragments(void)
{
	struct of_match w;
	struct of_pkt_layout l;

	/* First fragment (MF, offset 0) of a TCP datagram: a fragment, so no
	 * ports in the key; the TCP header is still in the layout. */
	w = ipv4_key(0, 6);
	expect("first fragment",
	       MACS "0800 " IPV4("00", "0030", "2000", "06") TCP20
	       "0001020304050607",
	       &w, 14 + 48, &l);
	CHECK(l.is_frag);
	CHECK(!l.is_later_frag);
	CHECK(l.has_l4);
	CHECK_EQ(l.l4_ofs, 34);

	/* A middle fragment (MF, offset 185*8) and the last one (offset
	 * only): nothing past the IP header. */
	w = ipv4_key(0, 17);
	expect("middle fragment",
	       MACS "0800 " IPV4("00", "0020", "20b9",
				 "11") "1f90 0035 0010 0000 01020304",
	       &w, 14 + 32, &l);
	CHECK(l.is_frag);
	CHECK(l.is_later_frag);
	CHECK(!l.has_l4);
	expect("last fragment",
	       MACS "0800 " IPV4("00", "0020", "0172",
				 "11") "1f90 0035 0010 0000 01020304",
	       &w, 14 + 32, &l);
	CHECK(l.is_later_frag);

	/* The reserved flag bit alone is not a fragment. */
	w.tp_src = 8080;
	w.tp_dst = 53;
	expect("reserved flag",
	       MACS "0800 " IPV4("00", "001c", "8000", "11") UDP8("0008"), &w,
	       14 + 28, &l);
	CHECK(!l.is_frag);
}

static void test_ipv4_malformed(void)
{
	struct of_match w = base_key();
	struct of_pkt_layout l;

	w.dl_type = 0x0800;
	/* IHL 4 words: below the minimum. */
	expect("ihl 4",
	       MACS
	       "0800 44 00 0028 1234 0000 40 06 0000 c0a80001 c0a80002 " TCP20,
	       &w, 14, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_NONE);
	CHECK_EQ(l.l3_ofs, 14);
	/* Total length beyond the frame (a truncated capture). */
	expect("tot_len too big",
	       MACS "0800 " IPV4("00", "0100", "0000", "06") TCP20, &w, 14, &l);
	/* Total length below the header length. */
	expect("tot_len < ihl",
	       MACS "0800 " IPV4("00", "0010", "0000", "06") TCP20, &w, 14, &l);
	/* IHL larger than the bytes present. */
	expect("ihl beyond frame",
	       MACS
	       "0800 4f 00 0028 1234 0000 40 06 0000 c0a80001 c0a80002 " TCP20,
	       &w, 14, &l);
	/* The version nibble is not checked (as in OVS). */
	w = ipv4_key(0, 17);
	w.tp_src = 8080;
	w.tp_dst = 53;
	expect("version 6 in 0x0800",
	       MACS
	       "0800 65 00 001c 1234 0000 40 11 0000 c0a80001 c0a80002 " UDP8(
		   "0008"),
	       &w, 14 + 28, &l);

	/* Bad TCP data offsets leave the ports 0. */
	w = ipv4_key(0, 6);
	expect("tcp doff 4",
	       MACS "0800 " IPV4(
		   "00", "0028", "0000",
		   "06") "04d2 0050 00000001 00000000 4018 ffff 0000 0000",
	       &w, 14 + 40, &l);
	CHECK(!l.has_l4);
	expect("tcp doff past datagram",
	       MACS "0800 " IPV4(
		   "00", "0028", "0000",
		   "06") "04d2 0050 00000001 00000000 f018 ffff 0000 0000",
	       &w, 14 + 40, &l);
	/* A TCP header cut by the IP total length, not by the frame: the
	 * bytes after the datagram are padding and are not used. */
	expect("tcp cut by tot_len",
	       MACS "0800 " IPV4(
		   "00", "0024", "0000",
		   "06") "04d2 0050 00000001 00000000 5018 ffff 0000 0000",
	       &w, 14 + 36, &l);
	CHECK_EQ(l.l3_end, 50);
	CHECK(!l.has_l4);
	/* Four bytes of UDP. */
	w = ipv4_key(0, 17);
	expect("udp 4 bytes",
	       MACS "0800 " IPV4("00", "0018", "0000", "11") "1f90 0035", &w,
	       14 + 24, &l);
	CHECK(!l.has_l4);
}

static void test_ipv6(void)
{
	struct of_match w = base_key();
	struct of_pkt_layout l;

	/* TCP; traffic class 0xb9 (nw_tos 0xb8), flow label 0x12345. */
	w.dl_type = 0x86dd;
	w.nw_tos = 0xb8;
	w.nw_proto = 6;
	w.tp_src = 1234;
	w.tp_dst = 80;
	expect("ipv6 tcp",
	       MACS "86dd " IPV6("6b912345", "0018", "06") TCP20 "deadbeef", &w,
	       14 + 40 + 24, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_IPV6);
	CHECK_EQ(l.l3_size, 40);
	CHECK_EQ(l.l4_ofs, 54);
	CHECK_EQ(l.l3_end, 78);

	/* Hop-by-hop options (PadN) then UDP. */
	w.nw_tos = 0;
	w.nw_proto = 17;
	w.tp_src = 8080;
	w.tp_dst = 53;
	expect("ipv6 hbh udp",
	       MACS
	       "86dd " IPV6("60000000", "0014",
			    "00") "1100 0104 00000000 " UDP8("000c") "01020304",
	       &w, 14 + 40 + 20, &l);
	CHECK_EQ(l.l3_size, 48);
	CHECK_EQ(l.l4_ofs, 62);

	/* Routing header (2 units: 24 bytes) and AH (len 4: 24 bytes). */
	w.nw_proto = 6;
	w.tp_src = 1234;
	w.tp_dst = 80;
	expect("ipv6 routing ah tcp",
	       MACS "86dd " IPV6(
		   "60000000", "0044",
		   "2b") "3302 0001 00000000 fe800000000000000000000000000003 "
			 "0604 0000 00000100 00000001 0000000000000000 "
			 "00000000 " TCP20,
	       &w, 14 + 40 + 68, &l);
	CHECK_EQ(l.l3_size, 88);

	/* ICMPv6 echo request. */
	w.nw_proto = 58;
	w.tp_src = 128;
	w.tp_dst = 0;
	expect("icmpv6 echo",
	       MACS "86dd " IPV6("60000000", "000c",
				 "3a") "8000 0000 0001 0001 61626364",
	       &w, 14 + 40 + 12, &l);
	CHECK_EQ(l.l4_size, 8);

	/* First fragment of ICMPv6: nw_proto is the upper protocol, no tp. */
	w.tp_src = 0;
	expect("ipv6 first fragment",
	       MACS "86dd " IPV6(
		   "60000000", "0014",
		   "2c") "3a00 0001 12345678 8000 0000 0001 0001 61626364",
	       &w, 14 + 40 + 20, &l);
	CHECK(l.is_frag);
	CHECK(!l.is_later_frag);
	CHECK(l.has_l4);
	CHECK_EQ(l.l3_size, 48);

	/* A later fragment: nw_proto 44, as in OVS. */
	w.nw_proto = 44;
	expect("ipv6 later fragment",
	       MACS "86dd " IPV6(
		   "60000000", "0014",
		   "2c") "1100 00b8 12345678 0102030405060708 01020304",
	       &w, 14 + 40 + 20, &l);
	CHECK(l.is_later_frag);
	CHECK(!l.has_l4);
	CHECK_EQ(l.l4_proto, 44);

	/* An extension header running past the payload: no fields. */
	w = base_key();
	w.dl_type = 0x86dd;
	expect("ipv6 bad ext",
	       MACS "86dd " IPV6("6b900000", "0010",
				 "00") "1105 0104 00000000 " UDP8("0008"),
	       &w, 14, &l);
	CHECK_EQ(l.l3, OF_PKT_L3_NONE);
	/* Payload length beyond the frame. */
	expect("ipv6 plen too big",
	       MACS "86dd " IPV6("6b900000", "0100", "11") UDP8("0008"), &w, 14,
	       &l);
	/* An unknown next header ends the walk (No Next Header, 59). */
	w.nw_tos = 0xb8;
	w.nw_proto = 59;
	expect("ipv6 no next",
	       MACS "86dd " IPV6("6b900000", "0000", "3b") "0000 0000 0000", &w,
	       14 + 40, &l);
}

/* Random bytes behind a few likely headers: the layout stays inside. */
static void test_random(void)
{
	static const uint16_t types[] = {0x0800, 0x86dd, 0x0806, 0x8100,
					 0x88a8, 0x0026, 0x8035};
	uint8_t f[128];
	unsigned seed = 12345, bad = 0;

	for (int i = 0; i < 20000; i++) {
		size_t n;
		struct of_match k;
		struct of_pkt_layout l;
		uint8_t *copy;

		for (size_t j = 0; j < sizeof(f); j++) {
			seed = seed * 1103515245u + 12345u;
			f[j] = (uint8_t)(seed >> 16);
		}
		n = (seed >> 8) % sizeof(f);
		f[12] = (uint8_t)(types[i % 7] >> 8);
		f[13] = (uint8_t)types[i % 7];
		if (i % 3 == 0) { /* a plausible IPv4 header */
			f[12] = 0x08, f[13] = 0;
			f[14] = (uint8_t)(0x40 | (5 + (f[14] & 3)));
			f[16] = 0;
			f[17] = (uint8_t)(n > 14 ? n - 14 : 0);
			f[20] &= 0x20;
			f[21] = 0;
		}
		copy = malloc(n ? n : 1);
		memcpy(copy, f, n);
		of_pkt_extract(copy, n, 1, &k, &l);
		free(copy);
		if (!lay_sane(&l, n))
			bad++;
	}
	CHECK_EQ(bad, 0);
}

int main(void)
{
	test_ethernet();
	test_vlan();
	test_llc_snap();
	test_arp();
	test_ipv4();
	test_fragments();
	test_ipv4_malformed();
	test_ipv6();
	test_random();
	return check_summary();
}
