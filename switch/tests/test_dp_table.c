/* Unit tests of the flow table (dp_table.h) with a fake clock: classifier
 * semantics field by field, the FLOW_MOD commands, timeouts, limits, the
 * emergency table and stats. The randomized comparison with a naive
 * reference is in test_dp_table_diff.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dp_key.h"
#include "dp_table.h"
#include "of_parse.h"
#include "of_print.h"

/* ---- helpers ---- */

struct removed_rec {
	struct of_flow_removed fr;
	uint16_t flags;
};

static struct removed_rec rec[256];
static int n_rec;

static void on_removed(void *ctx, const struct dp_flow *flow,
		       const struct of_flow_removed *fr)
{
	(void)ctx;
	if (n_rec < (int)(sizeof(rec) / sizeof(rec[0]))) {
		rec[n_rec].fr = *fr;
		rec[n_rec].flags = flow->flags;
	}
	n_rec++;
}

static uint8_t act_buf[512];

/* Parses ovs-ofctl flow text for `use`; aborts the test on a syntax error
 * (that would be a bug in the test). */
static struct of_flow_mod parse(const char *text, enum of_parse_use use)
{
	struct of_flow_text ft;
	char err[200];

	if (of_parse_flow(text, use, &ft, act_buf, sizeof(act_buf), err,
			  sizeof(err)) != OF_OK) {
		fprintf(stderr, "bad test flow \"%s\": %s\n", text, err);
		exit(2);
	}
	return ft.fm;
}

static enum of_err do_mod(struct dp_table *t, const char *text,
			  enum of_parse_use use, uint64_t now)
{
	struct of_flow_mod fm = parse(text, use);
	return dp_table_flow_mod(t, &fm, now, on_removed, NULL);
}

static enum of_err add(struct dp_table *t, const char *text, uint64_t now)
{
	return do_mod(t, text, OF_PARSE_ADD, now);
}

/* A TCP packet's key: in_port 1, 00:..:01 -> 00:..:02, untagged, 10.0.0.1
 * -> 10.0.0.2, 1000 -> 80. */
static struct of_match key_tcp(void)
{
	struct of_match k;
	static const uint8_t src[6] = {0, 0, 0, 0, 0, 1};
	static const uint8_t dst[6] = {0, 0, 0, 0, 0, 2};

	memset(&k, 0, sizeof(k));
	k.in_port = 1;
	memcpy(k.dl_src, src, 6);
	memcpy(k.dl_dst, dst, 6);
	k.dl_vlan = OFP_VLAN_NONE;
	k.dl_type = 0x0800;
	k.nw_proto = 6;
	k.nw_src = 0x0a000001;
	k.nw_dst = 0x0a000002;
	k.tp_src = 1000;
	k.tp_dst = 80;
	return k;
}

static const char *match_text(const struct of_match *m)
{
	static char buf[512];
	struct of_text t;
	of_text_init(&t, buf, sizeof(buf));
	of_print_match(&t, m);
	return buf;
}

/* Cookie of the entry a key hits, or -1 on a miss (no counting). */
static long long hit(const struct dp_table *t, const struct of_match *k)
{
	const struct dp_flow *f = dp_table_classify(t, k);
	return f ? (long long)f->cookie : -1;
}

/* Collects flow stats entries. */
struct stats_col {
	struct of_flow_stats fs[64];
	int n;
	int limit; /* stop after this many (0: no limit) */
};

static bool collect(void *ctx, const struct of_flow_stats *fs)
{
	struct stats_col *c = ctx;
	if (c->limit && c->n >= c->limit)
		return false;
	if (c->n < 64)
		c->fs[c->n] = *fs;
	c->n++;
	return true;
}

/* Dumps the normal table into c (catch-all, no out_port). */
static void dump(const struct dp_table *t, struct stats_col *c, uint64_t now)
{
	struct of_flow_stats_request req;
	struct dp_cursor cur = DP_CURSOR_INIT;

	memset(&req, 0, sizeof(req));
	of_match_init_catchall(&req.match);
	req.table_id = 0xff;
	req.out_port = OFPP_NONE;
	memset(c, 0, sizeof(*c));
	dp_table_flow_stats(t, &req, now, &cur, collect, c);
}

/* Text of the only entry's canonical match after adding `flow`. */
static const char *stored(const char *flow)
{
	struct dp_table *t = dp_table_create(8, 8);
	struct stats_col c;
	static char out[512];

	if (add(t, flow, 0) != OF_OK) {
		dp_table_destroy(t);
		return "(add failed)";
	}
	dump(t, &c, 0);
	snprintf(out, sizeof(out), "%s",
		 c.n == 1 ? match_text(&c.fs[0].match) : "(not one entry)");
	dp_table_destroy(t);
	return out;
}

/* A flow-mod built by hand, for wire values the text syntax cannot say. */
static struct of_flow_mod raw_add(const struct of_match *m, uint16_t prio,
				  uint64_t cookie)
{
	struct of_flow_mod fm;
	memset(&fm, 0, sizeof(fm));
	fm.match = *m;
	fm.command = OFPFC_ADD;
	fm.priority = prio;
	fm.cookie = cookie;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	return fm;
}

/* ---- classifier ---- */

static void test_empty(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();
	struct of_table_stats ts;

	CHECK(dp_table_lookup(t, &k, 60, 0) == NULL);
	dp_table_stats(t, &ts);
	CHECK_EQ(ts.table_id, 0);
	CHECK_STR(ts.name, "classifier");
	CHECK_EQ(ts.wildcards, OFPFW_ALL);
	CHECK_EQ(ts.max_entries, 10);
	CHECK_EQ(ts.active_count, 0);
	CHECK_EQ(ts.lookup_count, 1);
	CHECK_EQ(ts.matched_count, 0);
	CHECK_EQ(dp_table_next_deadline(t), DP_NO_DEADLINE);
	CHECK_EQ(dp_table_expire(t, 1000000, on_removed, NULL), 0);
	dp_table_destroy(t);
	dp_table_destroy(NULL);
}

static void test_priorities(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();

	CHECK_EQ(add(t, "priority=10,cookie=1,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=30,ip,cookie=3,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=20,tcp,cookie=2,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=40,udp,cookie=4,actions=drop", 0), OF_OK);
	CHECK_EQ(hit(t, &k), 3);
	CHECK_EQ(do_mod(t, "priority=30,ip", OF_PARSE_DELETE_STRICT, 0), OF_OK);
	CHECK_EQ(hit(t, &k), 2);
	CHECK_EQ(do_mod(t, "priority=20,tcp", OF_PARSE_DELETE_STRICT, 0),
		 OF_OK);
	CHECK_EQ(hit(t, &k), 1);
	k.nw_proto = 17;
	CHECK_EQ(hit(t, &k), 4);
	k.dl_type = 0x0806;
	CHECK_EQ(hit(t, &k), 1);
	/* priority 0 still matches */
	CHECK_EQ(do_mod(t, "priority=10", OF_PARSE_DELETE_STRICT, 0), OF_OK);
	CHECK_EQ(add(t, "priority=0,cookie=9,actions=drop", 0), OF_OK);
	CHECK_EQ(hit(t, &k), 9);
	dp_table_destroy(t);
}

static struct of_match exact_match(void)
{
	struct of_match m = key_tcp();
	m.wildcards = 0;
	return m;
}

static void test_exact_beats_wildcard(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp(), m = exact_match();
	struct of_flow_mod fm;
	struct stats_col c;

	/* A wildcarded flow at the top priority, added first. */
	CHECK_EQ(add(t, "priority=65535,cookie=1,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=65535,tcp,cookie=2,actions=drop", 0), OF_OK);
	/* The exact flow says priority 1 on the wire. */
	fm = raw_add(&m, 1, 7);
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	CHECK_EQ(hit(t, &k), 7);
	dump(t, &c, 0);
	CHECK_EQ(c.n, 3);
	CHECK_EQ(c.fs[2].priority, 0xffff);
	CHECK_EQ(c.fs[2].match.wildcards, 0);
	/* Another packet of the same flow but another port: the wildcards. */
	k.tp_dst = 81;
	CHECK_EQ(hit(t, &k), 1);
	/* DELETE_STRICT of the exact flow works whatever priority it names
	 * (it becomes 0xffff too). */
	fm.command = OFPFC_DELETE_STRICT;
	fm.priority = 5;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 2);
	dp_table_destroy(t);
}

static void test_ties(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();

	/* Equal priority, both match: the older entry wins. */
	CHECK_EQ(add(t, "priority=5,in_port=1,cookie=1,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=5,tcp,cookie=2,actions=drop", 0), OF_OK);
	CHECK_EQ(hit(t, &k), 1);
	/* Re-adding the first makes it a new (younger) entry. */
	CHECK_EQ(add(t, "priority=5,in_port=1,cookie=3,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(hit(t, &k), 2);
	/* MODIFY keeps an entry's age. */
	CHECK_EQ(do_mod(t, "tcp,cookie=4,actions=output:1", OF_PARSE_MODIFY, 0),
		 OF_OK);
	CHECK_EQ(hit(t, &k), 4);
	dp_table_destroy(t);
}

/* Each field alone (with its prerequisites): matches exactly the keys
 * with that value, whatever the other fields are. */
struct field_case {
	const char *flow;
	void (*same)(struct of_match *);  /* vary other fields */
	void (*other)(struct of_match *); /* change this field */
};

static void vary_l2(struct of_match *k)
{
	k->nw_src ^= 0x55;
	k->tp_src ^= 7;
}
static void vary_all_but_port(struct of_match *k)
{
	k->dl_src[5] ^= 1;
	k->dl_dst[0] ^= 0x10;
	k->dl_vlan = 7;
	k->dl_vlan_pcp = 3;
	k->nw_tos = 0x20;
	k->nw_src ^= 0xff;
	k->nw_dst ^= 0xff00;
	k->tp_src = 1;
	k->tp_dst = 2;
}
static void vary_l4(struct of_match *k)
{
	k->in_port = 9;
	k->dl_src[0] = 0xaa;
	k->nw_src = 0x01020304;
}
static void vary_l3(struct of_match *k)
{
	k->in_port = 9;
	k->dl_src[0] = 0xaa;
	k->tp_src = 1;
	k->tp_dst = 2;
}
static void ch_in_port(struct of_match *k)
{
	k->in_port = 2;
}
static void ch_dl_src(struct of_match *k)
{
	k->dl_src[5] = 9;
}
static void ch_dl_dst(struct of_match *k)
{
	k->dl_dst[0] = 1;
}
static void ch_dl_vlan(struct of_match *k)
{
	k->dl_vlan = 8;
}
static void ch_pcp(struct of_match *k)
{
	k->dl_vlan = 5;
	k->dl_vlan_pcp = 2;
}
static void ch_dl_type(struct of_match *k)
{
	k->dl_type = 0x86dd;
}
static void ch_tos(struct of_match *k)
{
	k->nw_tos = 0x24;
}
static void same_tos_ecn(struct of_match *k)
{
	k->nw_tos = 0x23; /* ECN bits are not part of the match */
	k->tp_dst = 9;
}
static void ch_proto(struct of_match *k)
{
	k->nw_proto = 17;
}
static void ch_nw_src(struct of_match *k)
{
	k->nw_src = 0x0a000003;
}
static void ch_nw_dst(struct of_match *k)
{
	k->nw_dst = 0x0b000002;
}
static void ch_tp_src(struct of_match *k)
{
	k->tp_src = 1001;
}
static void ch_tp_dst(struct of_match *k)
{
	k->tp_dst = 443;
}

static void test_each_field(void)
{
	static const struct field_case cases[] = {
	    {"in_port=1", vary_all_but_port, ch_in_port},
	    {"dl_src=00:00:00:00:00:01", vary_l2, ch_dl_src},
	    {"dl_dst=00:00:00:00:00:02", vary_l2, ch_dl_dst},
	    {"dl_vlan=5", vary_l2, ch_dl_vlan},
	    {"dl_vlan_pcp=4", vary_l2, ch_pcp},
	    {"dl_type=0x0800", vary_l2, ch_dl_type},
	    {"ip,nw_tos=32", same_tos_ecn, ch_tos},
	    {"ip,nw_proto=6", vary_l3, ch_proto},
	    {"ip,nw_src=10.0.0.1", vary_l3, ch_nw_src},
	    {"ip,nw_dst=10.0.0.2", vary_l3, ch_nw_dst},
	    {"tcp,tp_src=1000", vary_l4, ch_tp_src},
	    {"tcp,tp_dst=80", vary_l4, ch_tp_dst},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dp_table *t = dp_table_create(4, 4);
		char flow[128];
		struct of_match k = key_tcp();

		snprintf(flow, sizeof(flow), "%s,cookie=1,actions=drop",
			 cases[i].flow);
		CHECK_EQ(add(t, flow, 0), OF_OK);
		k.nw_tos = 32;
		if (strstr(cases[i].flow, "dl_vlan")) {
			k.dl_vlan = 5;
			k.dl_vlan_pcp = 4;
		}
		if (!CHECK_EQ(hit(t, &k), 1))
			printf("  field case %s: base key\n", cases[i].flow);
		cases[i].same(&k);
		if (strstr(cases[i].flow, "dl_vlan")) {
			k.dl_vlan = 5;
			k.dl_vlan_pcp = 4;
		}
		if (!CHECK_EQ(hit(t, &k), 1))
			printf("  field case %s: other fields\n",
			       cases[i].flow);
		cases[i].other(&k);
		if (!CHECK_EQ(hit(t, &k), -1))
			printf("  field case %s: field changed\n",
			       cases[i].flow);
		dp_table_destroy(t);
	}
}

/* Without its prerequisites a field means nothing (OVS normalisation): it
 * is stored wildcarded and matches every value. */
static void test_prerequisites(void)
{
	struct dp_table *t = dp_table_create(4, 4);
	struct of_match k = key_tcp(), m;
	struct of_flow_mod fm;

	/* Built by hand: the text parser refuses most of these itself. */
	of_match_init_catchall(&m);
	m.wildcards &= ~(uint32_t)(OFPFW_NW_PROTO | OFPFW_TP_DST);
	m.wildcards &= ~(uint32_t)OFPFW_NW_SRC_MASK; /* nw_src exact */
	m.nw_proto = 6;
	m.tp_dst = 443;
	m.nw_src = 0x01010101;
	fm = raw_add(&m, 100, 1);
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	CHECK_EQ(hit(t, &k), 1); /* nothing left to compare: matches all */
	k.dl_type = 0x0806;
	CHECK_EQ(hit(t, &k), 1);
	dp_table_destroy(t);

	CHECK_STR(stored("nw_src=10.0.0.1,actions=drop"), "");
	CHECK_STR(stored("ip,tp_dst=80,actions=drop"), "ip");
	CHECK_STR(stored("ip,nw_proto=47,tp_dst=80,actions=drop"),
		  "ip,nw_proto=47");
	CHECK_STR(stored("icmp,icmp_type=8,icmp_code=0,actions=drop"),
		  "icmp,icmp_type=8,icmp_code=0");
	CHECK_STR(stored("sctp,tp_dst=9,actions=drop"), "sctp,tp_dst=9");
	CHECK_STR(stored("arp,nw_src=10.0.0.1,arp_op=2,actions=drop"),
		  "arp,arp_spa=10.0.0.1,arp_op=2");
	CHECK_STR(stored("rarp,nw_dst=10.0.0.1,actions=drop"),
		  "rarp,arp_tpa=10.0.0.1");
	CHECK_STR(stored("tcp,nw_src=10.1.2.3/8,tp_src=5,actions=drop"),
		  "tcp,nw_src=10.0.0.0/8,tp_src=5");
	CHECK_STR(stored("dl_type=0x1234,actions=drop"), "dl_type=0x1234");
}

/* Wire values the text syntax hides. */
static void test_canonical_wire(void)
{
	struct of_match m, c;

	/* ARP: nw_tos and tp_* are dropped, nw_proto (arp_op) stays. */
	memset(&m, 0, sizeof(m));
	m.wildcards = OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_DL_DST |
		      OFPFW_DL_VLAN | OFPFW_DL_VLAN_PCP;
	m.dl_type = 0x0806;
	m.nw_tos = 0x10;
	m.nw_proto = 1;
	m.nw_src = 0x0a000001;
	m.nw_dst = 0x0a000002;
	m.tp_src = 5;
	m.tp_dst = 6;
	dp_key_canonical(&m, true, &c);
	CHECK_EQ(c.wildcards,
		 m.wildcards | OFPFW_NW_TOS | OFPFW_TP_SRC | OFPFW_TP_DST);
	CHECK_EQ(c.nw_tos, 0);
	CHECK_EQ(c.tp_src, 0);
	CHECK_EQ(c.nw_proto, 1);
	CHECK_EQ(c.nw_src, 0x0a000001);
	/* Not normalised (stats requests): kept. */
	dp_key_canonical(&m, false, &c);
	CHECK_EQ(c.wildcards, m.wildcards);
	CHECK_EQ(c.tp_src, 5);
	CHECK_EQ(c.nw_tos, 0x10);

	/* Wildcarded fields read as zero; ECN bits dropped; VID and PCP
	 * truncated; bits above 21 of the wildcards ignored; dl_type kept as
	 * is, even below 0x600 (OVS only maps 0x05ff to "not Ethernet II",
	 * which is 0x05ff again on the wire). */
	memset(&m, 0xab, sizeof(m));
	m.wildcards = 0xffc00000u | OFPFW_IN_PORT | OFPFW_DL_SRC;
	m.dl_type = 0x0100;
	m.dl_vlan = 0x1005;
	m.dl_vlan_pcp = 9;
	dp_key_canonical(&m, true, &c);
	CHECK_EQ(c.in_port, 0);
	CHECK_EQ(c.dl_src[0], 0);
	CHECK_EQ(c.dl_dst[0], 0xab);
	CHECK_EQ(c.dl_type, 0x0100);
	CHECK_EQ(c.dl_vlan, 5);
	CHECK_EQ(c.dl_vlan_pcp, 1);
	CHECK_EQ(c.nw_tos, 0);
	CHECK_EQ(c.wildcards, OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_NW_PROTO |
				  OFPFW_NW_TOS | OFPFW_TP_SRC | OFPFW_TP_DST |
				  OFPFW_NW_SRC_ALL | OFPFW_NW_DST_ALL);

	/* IP: nw_tos keeps DSCP only. */
	m.dl_type = 0x0800;
	m.nw_tos = 0xff;
	dp_key_canonical(&m, true, &c);
	CHECK_EQ(c.nw_tos, 0xfc);
	CHECK(!(c.wildcards & OFPFW_NW_TOS));

	/* IPv6 (OVS): nw_proto, nw_tos and tp_* with TCP stay, addresses
	 * go. */
	m.dl_type = 0x86dd;
	m.nw_proto = 6;
	dp_key_canonical(&m, true, &c);
	CHECK_EQ(c.wildcards & (OFPFW_NW_PROTO | OFPFW_NW_TOS | OFPFW_TP_SRC |
				OFPFW_TP_DST),
		 0);
	CHECK_EQ(c.wildcards & (OFPFW_NW_SRC_MASK | OFPFW_NW_DST_MASK),
		 OFPFW_NW_SRC_ALL | OFPFW_NW_DST_ALL);
	CHECK_EQ(c.nw_src, 0);
	m.nw_proto = 58; /* ICMPv6 keeps tp too; ICMP (1) does not */
	dp_key_canonical(&m, true, &c);
	CHECK_EQ(c.wildcards & OFPFW_TP_SRC, 0);
	m.nw_proto = 1;
	dp_key_canonical(&m, true, &c);
	CHECK_EQ(c.wildcards & OFPFW_TP_SRC, OFPFW_TP_SRC);
}

static void test_prefixes(void)
{
	for (int which = 0; which < 2; which++) {
		for (unsigned len = 0; len <= 32; len++) {
			struct dp_table *t = dp_table_create(4, 4);
			struct of_match m, k = key_tcp();
			struct of_flow_mod fm;
			struct stats_col c;
			uint32_t addr = 0xc0a80101; /* 192.168.1.1 */
			uint32_t *kf = which ? &k.nw_dst : &k.nw_src;

			of_match_init_catchall(&m);
			m.wildcards &= ~(uint32_t)OFPFW_DL_TYPE;
			m.dl_type = 0x0800;
			if (which) {
				of_match_set_nw_dst_prefix(&m, len);
				m.nw_dst = addr;
			} else {
				of_match_set_nw_src_prefix(&m, len);
				m.nw_src = addr;
			}
			fm = raw_add(&m, 10, 1);
			CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL),
				 OF_OK);
			*kf = addr;
			CHECK_EQ(hit(t, &k), 1);
			if (len < 32) {
				/* the bits after the prefix do not count */
				*kf = addr ^ (0xffffffffu >> len);
				CHECK_EQ(hit(t, &k), 1);
			}
			if (len > 0) {
				/* the last bit of the prefix does */
				*kf = addr ^ (1u << (32 - len));
				if (!CHECK_EQ(hit(t, &k), -1))
					printf("  prefix /%u (%s)\n", len,
					       which ? "dst" : "src");
			}
			dump(t, &c, 0);
			CHECK_EQ(c.n, 1);
			CHECK_EQ(
			    which ? of_match_nw_dst_wild_bits(&c.fs[0].match)
				  : of_match_nw_src_wild_bits(&c.fs[0].match),
			    32 - len);
			CHECK_EQ(which ? c.fs[0].match.nw_dst
				       : c.fs[0].match.nw_src,
				 addr & of_match_nw_mask(32 - len));
			dp_table_destroy(t);
		}
	}

	/* Wire wildcard counts 33..63 mean "all" and read back as 32. */
	for (unsigned n = 32; n < 64; n++) {
		struct dp_table *t = dp_table_create(4, 4);
		struct of_match m, k = key_tcp();
		struct of_flow_mod fm;
		struct stats_col c;

		of_match_init_catchall(&m);
		m.wildcards = (m.wildcards &
			       ~(uint32_t)(OFPFW_DL_TYPE | OFPFW_NW_SRC_MASK)) |
			      n << OFPFW_NW_SRC_SHIFT;
		m.dl_type = 0x0800;
		m.nw_src = 0x01020304;
		fm = raw_add(&m, 10, 1);
		CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
		CHECK_EQ(hit(t, &k), 1);
		dump(t, &c, 0);
		CHECK_EQ(c.fs[0].match.wildcards & OFPFW_NW_SRC_MASK,
			 OFPFW_NW_SRC_ALL);
		CHECK_EQ(c.fs[0].match.nw_src, 0);
		dp_table_destroy(t);
	}
}

static void test_vlan(void)
{
	struct dp_table *t = dp_table_create(8, 8);
	struct of_match k = key_tcp(), m;
	struct of_flow_mod fm;

	CHECK_EQ(add(t, "priority=3,dl_vlan=0xffff,cookie=1,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=2,dl_vlan=5,cookie=2,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=1,dl_vlan_pcp=3,cookie=3,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(hit(t, &k), 1); /* untagged */
	k.dl_vlan = 5;
	k.dl_vlan_pcp = 3;
	CHECK_EQ(hit(t, &k), 2);
	k.dl_vlan = 6;
	CHECK_EQ(hit(t, &k), 3);
	k.dl_vlan_pcp = 0;
	CHECK_EQ(hit(t, &k), -1);
	k.dl_vlan = 0; /* priority-tagged frame */
	k.dl_vlan_pcp = 3;
	CHECK_EQ(hit(t, &k), 3);
	dp_table_destroy(t);

	/* dl_vlan_pcp=0 does not match untagged frames (OVS). */
	t = dp_table_create(8, 8);
	CHECK_EQ(add(t, "dl_vlan_pcp=0,cookie=1,actions=drop", 0), OF_OK);
	k = key_tcp();
	CHECK_EQ(hit(t, &k), -1);
	k.dl_vlan = 9;
	CHECK_EQ(hit(t, &k), 1);
	dp_table_destroy(t);

	/* dl_vlan=0xffff with a PCP: the PCP is ignored and reads back as
	 * matched 0, as OVS reports it. */
	t = dp_table_create(8, 8);
	of_match_init_catchall(&m);
	m.wildcards &= ~(uint32_t)(OFPFW_DL_VLAN | OFPFW_DL_VLAN_PCP);
	m.dl_vlan = OFP_VLAN_NONE;
	m.dl_vlan_pcp = 5;
	fm = raw_add(&m, 10, 1);
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	k = key_tcp();
	CHECK_EQ(hit(t, &k), 1);
	k.dl_vlan = 1;
	k.dl_vlan_pcp = 5;
	CHECK_EQ(hit(t, &k), -1);
	{
		struct stats_col c;
		dump(t, &c, 0);
		CHECK_EQ(c.fs[0].match.wildcards &
			     (OFPFW_DL_VLAN | OFPFW_DL_VLAN_PCP),
			 0);
		CHECK_EQ(c.fs[0].match.dl_vlan, 0xffff);
		CHECK_EQ(c.fs[0].match.dl_vlan_pcp, 0);
	}
	/* Wire VID 0x1005 means VID 5. */
	m.dl_vlan = 0x1005;
	m.wildcards |= OFPFW_DL_VLAN_PCP;
	fm = raw_add(&m, 10, 2);
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	k.dl_vlan = 5;
	CHECK_EQ(hit(t, &k), 2);
	dp_table_destroy(t);
}

/* ---- FLOW_MOD commands ---- */

static void test_overlap(void)
{
	struct dp_table *t = dp_table_create(8, 8);

	CHECK_EQ(add(t, "priority=5,in_port=1,actions=drop", 0), OF_OK);
	/* Same priority, a packet can match both. */
	CHECK_EQ(add(t, "priority=5,tcp,check_overlap,actions=drop", 0),
		 OF_E_OVERLAP);
	/* Identical counts as overlapping (spec). */
	CHECK_EQ(add(t, "priority=5,in_port=1,check_overlap,actions=drop", 0),
		 OF_E_OVERLAP);
	/* Other priority: fine. */
	CHECK_EQ(add(t, "priority=6,tcp,check_overlap,actions=drop", 0), OF_OK);
	/* Disjoint: fine. */
	CHECK_EQ(
	    add(t, "priority=5,in_port=2,tcp,check_overlap,actions=drop", 0),
	    OF_OK);
	/* in_port=1 vs in_port=2: disjoint; 10/8 vs 10.1/16 overlap. */
	CHECK_EQ(add(t, "priority=7,ip,nw_src=10.0.0.0/8,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(add(t,
		     "priority=7,ip,nw_src=10.1.0.0/16,check_overlap,"
		     "actions=drop",
		     0),
		 OF_E_OVERLAP);
	CHECK_EQ(add(t,
		     "priority=7,ip,nw_src=11.0.0.0/8,check_overlap,"
		     "actions=drop",
		     0),
		 OF_OK);
	/* Untagged vs tagged never overlap. */
	CHECK_EQ(add(t, "priority=8,dl_vlan=0xffff,actions=drop", 0), OF_OK);
	CHECK_EQ(
	    add(t, "priority=8,dl_vlan_pcp=1,check_overlap,actions=drop", 0),
	    OF_OK);
	CHECK_EQ(add(t, "priority=8,dl_vlan=3,check_overlap,actions=drop", 0),
		 OF_E_OVERLAP);
	CHECK_EQ(dp_table_count(t, false), 7);
	/* MODIFY that adds honours it too. */
	CHECK_EQ(do_mod(t, "priority=5,udp,check_overlap,actions=drop",
			OF_PARSE_MODIFY_STRICT, 0),
		 OF_E_OVERLAP);
	CHECK_EQ(dp_table_count(t, false), 7);
	dp_table_destroy(t);
}

static void test_add_replaces(void)
{
	struct dp_table *t = dp_table_create(2, 2);
	struct of_match k = key_tcp();
	const struct dp_flow *f;
	struct stats_col c;

	CHECK_EQ(add(t,
		     "priority=5,tcp,cookie=1,idle_timeout=10,send_flow_rem,"
		     "actions=output:1",
		     1000),
		 OF_OK);
	CHECK(dp_table_lookup(t, &k, 100, 2000) != NULL);
	CHECK(dp_table_lookup(t, &k, 100, 2500) != NULL);
	CHECK_EQ(add(t, "priority=6,actions=drop", 0), OF_OK);
	/* Full, but replacing needs no room. */
	CHECK_EQ(add(t,
		     "priority=5,tcp,cookie=2,hard_timeout=7,actions=output:2",
		     3000),
		 OF_OK);
	CHECK_EQ(n_rec, 0);
	CHECK_EQ(dp_table_count(t, false), 2);
	f = dp_table_classify(t, &k);
	CHECK(f && f->priority == 6);
	dump(t, &c, 4500);
	CHECK_EQ(c.n, 2);
	CHECK_EQ(c.fs[1].cookie, 2);
	CHECK_EQ(c.fs[1].packet_count, 0);
	CHECK_EQ(c.fs[1].byte_count, 0);
	CHECK_EQ(c.fs[1].idle_timeout, 0);
	CHECK_EQ(c.fs[1].hard_timeout, 7);
	CHECK_EQ(c.fs[1].duration_sec, 1);
	CHECK_EQ(c.fs[1].duration_nsec, 500000000);
	CHECK_EQ(c.fs[1].actions.size, 8);
	CHECK_EQ(c.fs[1].actions.p[5], 2); /* output:2 */
	/* A new entry at full: refused, table unchanged. */
	CHECK_EQ(add(t, "priority=7,actions=drop", 0), OF_E_ALL_TABLES_FULL);
	CHECK_EQ(dp_table_count(t, false), 2);
	dp_table_destroy(t);
}

static void test_modify(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();
	struct stats_col c;

	CHECK_EQ(add(t,
		     "priority=5,tcp,tp_dst=80,cookie=1,idle_timeout=100,"
		     "hard_timeout=10,send_flow_rem,actions=output:1",
		     0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=9,tcp,cookie=2,actions=output:1", 0), OF_OK);
	CHECK_EQ(add(t, "priority=9,udp,cookie=3,actions=output:1", 0), OF_OK);
	CHECK(dp_table_lookup(t, &k, 64, 500) != NULL);

	/* Non-strict: every entry the match covers, any priority. */
	CHECK_EQ(do_mod(t, "tcp,cookie=7,idle_timeout=1,actions=output:3",
			OF_PARSE_MODIFY, 6000),
		 OF_OK);
	dump(t, &c, 6000);
	CHECK_EQ(c.n, 3);
	CHECK_EQ(c.fs[0].cookie, 7);
	CHECK_EQ(c.fs[0].idle_timeout, 100); /* timeouts stay */
	CHECK_EQ(c.fs[0].hard_timeout, 10);
	CHECK_EQ(c.fs[0].priority, 5);
	CHECK_EQ(c.fs[0].actions.p[5], 3);
	CHECK_EQ(c.fs[0].duration_sec, 6); /* creation time stays */
	CHECK_EQ(c.fs[1].cookie, 7);
	CHECK_EQ(c.fs[1].packet_count, 1); /* counters stay */
	CHECK_EQ(c.fs[1].byte_count, 64);
	CHECK_EQ(c.fs[2].cookie, 3); /* udp not covered */
	CHECK_EQ(c.fs[2].actions.p[5], 1);
	/* The hard timer restarted at 6000: nothing at 10000, HARD at 16000;
	 * flags (send_flow_rem) kept. */
	CHECK_EQ(dp_table_expire(t, 10000, on_removed, NULL), 0);
	CHECK_EQ(dp_table_expire(t, 16000, on_removed, NULL), 1);
	CHECK_EQ(n_rec, 1);
	CHECK_EQ(rec[0].fr.reason, OFPRR_HARD_TIMEOUT);
	CHECK(rec[0].flags & OFPFF_SEND_FLOW_REM);
	n_rec = 0;

	/* Strict: only the same match and priority. */
	CHECK_EQ(do_mod(t, "priority=8,tcp,cookie=8,actions=drop",
			OF_PARSE_MODIFY_STRICT, 17000),
		 OF_OK);
	/* ... which did not exist, so it was added. */
	CHECK_EQ(dp_table_count(t, false), 3);
	CHECK_EQ(do_mod(t, "priority=9,tcp,cookie=9,actions=drop",
			OF_PARSE_MODIFY_STRICT, 17000),
		 OF_OK);
	dump(t, &c, 17000);
	CHECK_EQ(c.n, 3);
	CHECK_EQ(c.fs[0].cookie, 9);
	CHECK_EQ(c.fs[0].actions.size, 0);
	CHECK_EQ(c.fs[2].cookie, 8);
	CHECK_EQ(c.fs[2].priority, 8);

	/* Non-strict MODIFY of nothing adds, with its own priority, timeouts
	 * and flags. */
	CHECK_EQ(do_mod(t,
			"priority=4,arp,cookie=10,hard_timeout=3,send_flow_rem,"
			"actions=drop",
			OF_PARSE_MODIFY, 20000),
		 OF_OK);
	CHECK_EQ(dp_table_count(t, false), 4);
	CHECK_EQ(dp_table_expire(t, 23000, on_removed, NULL), 1);
	CHECK_EQ(rec[0].fr.cookie, 10);
	CHECK_EQ(rec[0].fr.priority, 4);
	n_rec = 0;

	/* Cookie all ones: keeps cookies, adds nothing. */
	CHECK_EQ(do_mod(t, "tcp,cookie=0xffffffffffffffff,actions=output:4",
			OF_PARSE_MODIFY, 30000),
		 OF_OK);
	dump(t, &c, 30000);
	CHECK_EQ(c.fs[0].cookie, 9);
	CHECK_EQ(c.fs[0].actions.p[5], 4);
	CHECK_EQ(do_mod(t, "icmp,cookie=0xffffffffffffffff,actions=output:4",
			OF_PARSE_MODIFY, 30000),
		 OF_OK);
	CHECK_EQ(dp_table_count(t, false), 3);

	/* MODIFY at full that would add: refused. */
	dp_table_destroy(t);
	t = dp_table_create(1, 1);
	CHECK_EQ(add(t, "tcp,actions=drop", 0), OF_OK);
	CHECK_EQ(do_mod(t, "udp,actions=drop", OF_PARSE_MODIFY, 0),
		 OF_E_ALL_TABLES_FULL);
	CHECK_EQ(do_mod(t, "ip,actions=output:1", OF_PARSE_MODIFY, 0), OF_OK);
	dp_table_destroy(t);
}

static void test_delete(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();

	CHECK_EQ(
	    add(t, "priority=1,ip,cookie=1,send_flow_rem,actions=output:1", 0),
	    OF_OK);
	CHECK_EQ(add(t, "priority=2,tcp,cookie=2,actions=output:2", 0), OF_OK);
	CHECK_EQ(add(t,
		     "priority=3,tcp,tp_dst=80,cookie=3,send_flow_rem,"
		     "actions=enqueue:2:1",
		     0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=4,udp,cookie=4,actions=output:2,output:1", 0),
		 OF_OK);
	CHECK(dp_table_lookup(t, &k, 70, 1500) != NULL);

	/* tcp covers tcp and tcp,tp_dst=80, not ip or udp. With out_port=1:
	 * none of those two outputs to 1. */
	CHECK_EQ(do_mod(t, "tcp,out_port=1", OF_PARSE_DELETE, 2000), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 4);
	/* out_port=2: output:2 and enqueue:2 count. */
	CHECK_EQ(do_mod(t, "tcp,out_port=2", OF_PARSE_DELETE, 2250), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 2);
	CHECK_EQ(n_rec, 2);
	CHECK_EQ(rec[0].fr.cookie, 2);
	CHECK_EQ(rec[0].fr.reason, OFPRR_DELETE);
	CHECK(!(rec[0].flags & OFPFF_SEND_FLOW_REM));
	CHECK_EQ(rec[1].fr.cookie, 3);
	CHECK(rec[1].flags & OFPFF_SEND_FLOW_REM);
	CHECK_EQ(rec[1].fr.packet_count, 1);
	CHECK_EQ(rec[1].fr.byte_count, 70);
	CHECK_EQ(rec[1].fr.duration_sec, 2);
	CHECK_EQ(rec[1].fr.duration_nsec, 250000000);
	CHECK_STR(match_text(&rec[1].fr.match), "tcp,tp_dst=80");
	CHECK_EQ(rec[1].fr.priority, 3);
	n_rec = 0;

	/* Strict needs the same priority. */
	CHECK_EQ(do_mod(t, "priority=2,ip", OF_PARSE_DELETE_STRICT, 0), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 2);
	/* ... and the out_port filter applies to it too. */
	CHECK_EQ(
	    do_mod(t, "priority=4,udp,out_port=3", OF_PARSE_DELETE_STRICT, 0),
	    OF_OK);
	CHECK_EQ(dp_table_count(t, false), 2);
	CHECK_EQ(
	    do_mod(t, "priority=4,udp,out_port=1", OF_PARSE_DELETE_STRICT, 0),
	    OF_OK);
	CHECK_EQ(dp_table_count(t, false), 1);
	/* A narrower match does not cover a wider entry. */
	CHECK_EQ(do_mod(t, "tcp", OF_PARSE_DELETE, 0), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 1);
	/* Catch-all deletes everything. */
	CHECK_EQ(do_mod(t, "", OF_PARSE_DELETE, 0), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 0);
	CHECK_EQ(n_rec, 2);
	n_rec = 0;

	/* Prefix covering: 10/8 covers 10.1/16 and 10.1.2.3; not 0/0. */
	CHECK_EQ(add(t, "priority=1,ip,nw_src=10.1.0.0/16,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=1,ip,nw_src=10.1.2.3,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=1,ip,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=1,ip,nw_src=11.0.0.0/8,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(do_mod(t, "ip,nw_src=10.0.0.0/8", OF_PARSE_DELETE, 0), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 2);
	CHECK_EQ(n_rec, 2);
	n_rec = 0;
	dp_table_destroy(t);
}

/* OVS's hidden packet-type field: a flow that gave any field beyond
 * in_port stays apart from the catch-all even when normalisation drops
 * every field it gave (checked against ovs-vswitchd 3.1). */
static void test_hidden_packet_type(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match m, k = key_tcp();
	struct of_flow_mod fm;
	struct stats_col c;

	/* nw_src without dl_type: normalised to nothing, yet not the
	 * catch-all. Both exist; both print as the empty match. */
	of_match_init_catchall(&m);
	of_match_set_nw_src_prefix(&m, 32);
	m.nw_src = 0x0a000001;
	fm = raw_add(&m, 9, 1);
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	CHECK_EQ(add(t, "priority=9,cookie=2,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=9,in_port=1,cookie=3,actions=drop", 0),
		 OF_OK);
	dump(t, &c, 0);
	CHECK_EQ(c.n, 3);
	CHECK_STR(match_text(&c.fs[0].match), "");
	CHECK_STR(match_text(&c.fs[1].match), "");
	CHECK_EQ(hit(t, &k), 1); /* same priority: the older wins */
	/* Strict delete of the catch-all leaves the other. */
	CHECK_EQ(do_mod(t, "priority=9", OF_PARSE_DELETE_STRICT, 0), OF_OK);
	dump(t, &c, 0);
	CHECK_EQ(c.n, 2);
	CHECK_EQ(c.fs[0].cookie, 1);
	/* Non-strict criteria with the hidden field (here nw_src, dropped)
	 * skip entries without it: in_port=1 survives. */
	CHECK_EQ(add(t, "priority=8,cookie=4,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "priority=8,tcp,cookie=5,actions=drop", 0), OF_OK);
	fm.command = OFPFC_DELETE;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	dump(t, &c, 0);
	CHECK_EQ(c.n, 2);
	CHECK_EQ(c.fs[0].cookie, 3);
	CHECK_EQ(c.fs[1].cookie, 4);
	/* The catch-all criteria covers everything. */
	CHECK_EQ(do_mod(t, "", OF_PARSE_DELETE, 0), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 0);
	dp_table_destroy(t);
}

/* Corners of ADD/MODIFY where OVS has quirks or the spec is explicit. */
static void test_cookie_and_out_port(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_flow_mod fm;
	struct stats_col c;

	/* ADD replacing with a cookie of all ones: a new entry with that
	 * cookie (spec; OVS 3.1 would keep the old cookie). */
	CHECK_EQ(add(t, "tcp,cookie=5,actions=drop", 0), OF_OK);
	fm = parse("tcp,actions=output:1", OF_PARSE_ADD);
	fm.cookie = UINT64_MAX;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	dump(t, &c, 0);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.fs[0].cookie, UINT64_MAX);
	/* MODIFY ignores out_port (spec; OVS 3.1 too). */
	fm = parse("tcp,cookie=6,actions=output:2", OF_PARSE_MODIFY_STRICT);
	fm.out_port = 3;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	fm = parse("cookie=7,actions=output:2", OF_PARSE_MODIFY);
	fm.out_port = 3;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_OK);
	dump(t, &c, 0);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.fs[0].cookie, 7);
	dp_table_destroy(t);
}

/* 802.3 frames: the key's dl_type is OFP_DL_TYPE_NOT_ETH_TYPE (0x05ff);
 * a parser that hands over the length field is forgiven. */
static void test_not_ethernet_ii(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();

	CHECK_EQ(add(t, "dl_type=0x05ff,cookie=1,actions=drop", 0), OF_OK);
	k.dl_type = 0x05ff;
	CHECK_EQ(hit(t, &k), 1);
	k.dl_type = 0x002e;
	CHECK_EQ(hit(t, &k), 1);
	k.dl_type = 0x0600;
	CHECK_EQ(hit(t, &k), -1);
	dp_table_destroy(t);
}

static void test_bad_input(void)
{
	struct dp_table *t = dp_table_create(4, 4);
	struct of_flow_mod fm = parse("actions=drop", OF_PARSE_ADD);
	static const uint8_t bad_act[8] = {0, 0, 0, 4, 0, 1, 0, 0};

	fm.command = 5;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_E_BAD_COMMAND);
	fm.command = 0xffff;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_E_BAD_COMMAND);
	fm.command = OFPFC_ADD;
	fm.actions.p = bad_act;
	fm.actions.size = sizeof(bad_act);
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL), OF_E_BAD_ACTION_LEN);
	CHECK_EQ(dp_table_count(t, false), 0);
	dp_table_destroy(t);
}

/* ---- timeouts ---- */

static void test_timeouts(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();

	CHECK_EQ(
	    add(t, "priority=1,tcp,idle_timeout=5,cookie=1,actions=drop", 1000),
	    OF_OK);
	CHECK_EQ(add(t,
		     "priority=2,udp,hard_timeout=3,cookie=2,send_flow_rem,"
		     "actions=drop",
		     1000),
		 OF_OK);
	CHECK_EQ(add(t, "priority=3,arp,cookie=3,actions=drop", 1000), OF_OK);
	CHECK_EQ(dp_table_next_deadline(t), 4000);

	/* Hits refresh the idle timer. */
	CHECK(dp_table_lookup(t, &k, 10, 5000) != NULL);
	CHECK_EQ(dp_table_expire(t, 3999, on_removed, NULL), 0);
	/* Hard timeout at 4000 whatever the hits. */
	k.nw_proto = 17;
	CHECK(dp_table_lookup(t, &k, 10, 3500) != NULL);
	CHECK_EQ(dp_table_expire(t, 4000, on_removed, NULL), 1);
	CHECK_EQ(n_rec, 1);
	CHECK_EQ(rec[0].fr.reason, OFPRR_HARD_TIMEOUT);
	CHECK_EQ(rec[0].fr.cookie, 2);
	CHECK_EQ(rec[0].fr.duration_sec, 3);
	CHECK_EQ(rec[0].fr.duration_nsec, 0);
	CHECK_EQ(rec[0].fr.packet_count, 1);
	CHECK(dp_flow_wants_removed(&(struct dp_flow){.flags = rec[0].flags}));
	/* Idle: last hit at 5000, so 10000. */
	CHECK_EQ(dp_table_next_deadline(t), 10000);
	CHECK_EQ(dp_table_expire(t, 9999, on_removed, NULL), 0);
	CHECK_EQ(dp_table_expire(t, 10000, on_removed, NULL), 1);
	CHECK_EQ(n_rec, 2);
	CHECK_EQ(rec[1].fr.reason, OFPRR_IDLE_TIMEOUT);
	CHECK_EQ(rec[1].fr.cookie, 1);
	CHECK_EQ(rec[1].fr.idle_timeout, 5);
	CHECK_EQ(rec[1].fr.duration_sec, 9);
	CHECK_EQ(dp_table_next_deadline(t), DP_NO_DEADLINE);
	CHECK_EQ(dp_table_count(t, false), 1);
	n_rec = 0;

	/* Both run out: HARD first. */
	CHECK_EQ(add(t, "tcp,idle_timeout=1,hard_timeout=2,actions=drop", 0),
		 OF_OK);
	CHECK_EQ(dp_table_expire(t, 50000, on_removed, NULL), 1);
	CHECK_EQ(rec[0].fr.reason, OFPRR_HARD_TIMEOUT);
	n_rec = 0;

	/* A deadline that hits pushed back: the expire at the stale deadline
	 * finds nothing and learns the real one. */
	CHECK_EQ(add(t, "tcp,idle_timeout=2,actions=drop", 60000), OF_OK);
	k.nw_proto = 6;
	CHECK(dp_table_lookup(t, &k, 1, 61000) != NULL);
	CHECK_EQ(dp_table_next_deadline(t), 62000);
	CHECK_EQ(dp_table_expire(t, 62000, on_removed, NULL), 0);
	CHECK_EQ(dp_table_next_deadline(t), 63000);
	CHECK_EQ(dp_table_expire(t, 63000, on_removed, NULL), 1);
	n_rec = 0;
	dp_table_destroy(t);
}

/* ---- limits, emergency, stats ---- */

static enum of_err add_emerg(struct dp_table *t, const char *text,
			     uint16_t idle, uint16_t hard)
{
	struct of_flow_mod fm = parse(text, OF_PARSE_ADD);
	fm.flags |= OFPFF_EMERG;
	fm.idle_timeout = idle;
	fm.hard_timeout = hard;
	return dp_table_flow_mod(t, &fm, 0, on_removed, NULL);
}

static void test_size_limit(void)
{
	struct dp_table *t = dp_table_create(3, 1);

	CHECK_EQ(add(t, "in_port=1,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "in_port=2,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "in_port=3,actions=drop", 0), OF_OK);
	CHECK_EQ(add(t, "in_port=4,actions=drop", 0), OF_E_ALL_TABLES_FULL);
	CHECK_EQ(add(t, "in_port=3,actions=output:1", 0), OF_OK);
	/* The emergency table has its own limit. */
	CHECK_EQ(add_emerg(t, "in_port=4,actions=drop", 0, 0), OF_OK);
	CHECK_EQ(add_emerg(t, "in_port=5,actions=drop", 0, 0),
		 OF_E_ALL_TABLES_FULL);
	CHECK_EQ(do_mod(t, "in_port=1", OF_PARSE_DELETE_STRICT, 0), OF_OK);
	CHECK_EQ(add(t, "in_port=4,actions=drop", 0), OF_OK);
	CHECK_EQ(dp_table_count(t, false), 3);
	CHECK_EQ(dp_table_count(t, true), 1);
	dp_table_destroy(t);

	/* A zero-size table refuses everything. */
	t = dp_table_create(0, 0);
	CHECK_EQ(add(t, "actions=drop", 0), OF_E_ALL_TABLES_FULL);
	dp_table_destroy(t);
}

static void test_emergency(void)
{
	struct dp_table *t = dp_table_create(10, 10);
	struct of_match k = key_tcp();
	struct of_flow_stats_request req;
	struct of_aggregate_stats agg;
	struct dp_cursor cur = DP_CURSOR_INIT;
	struct stats_col c;
	struct of_flow_mod fm;

	CHECK_EQ(add_emerg(t, "tcp,cookie=1,actions=drop", 5, 0),
		 OF_E_BAD_EMERG_TIMEOUT);
	CHECK_EQ(add_emerg(t, "tcp,cookie=1,actions=drop", 0, 5),
		 OF_E_BAD_EMERG_TIMEOUT);
	CHECK_EQ(add_emerg(t, "tcp,cookie=1,actions=drop", 0, 0), OF_OK);
	CHECK_EQ(add_emerg(t, "priority=1,cookie=2,actions=drop", 0, 0), OF_OK);
	CHECK_EQ(add(t,
		     "tcp,cookie=3,hard_timeout=1,send_flow_rem,"
		     "actions=drop",
		     0),
		 OF_OK);
	CHECK_EQ(dp_table_count(t, true), 2);
	CHECK_EQ(dp_table_count(t, false), 1);
	CHECK(!dp_table_in_emergency(t));
	CHECK_EQ(hit(t, &k), 3);

	/* MODIFY with EMERG and a timeout is refused too. */
	fm = parse("tcp,idle_timeout=3,actions=drop", OF_PARSE_MODIFY);
	fm.flags |= OFPFF_EMERG;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, NULL, NULL),
		 OF_E_BAD_EMERG_TIMEOUT);

	/* Stats: 0xfe selects the emergency table. */
	memset(&req, 0, sizeof(req));
	of_match_init_catchall(&req.match);
	req.table_id = DP_EMERG_TABLE_ID;
	req.out_port = OFPP_NONE;
	memset(&c, 0, sizeof(c));
	CHECK(dp_table_flow_stats(t, &req, 0, &cur, collect, &c));
	CHECK_EQ(c.n, 2);
	CHECK_EQ(c.fs[0].table_id, DP_EMERG_TABLE_ID);
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 2);
	req.table_id = 0xff;
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 1);
	req.table_id = 1;
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 0);

	/* Entering emergency mode flushes the normal table. */
	dp_table_enter_emergency(t, 500, on_removed, NULL);
	CHECK(dp_table_in_emergency(t));
	CHECK_EQ(n_rec, 1);
	CHECK_EQ(rec[0].fr.reason, OFPRR_DELETE);
	CHECK_EQ(rec[0].fr.cookie, 3);
	n_rec = 0;
	CHECK_EQ(dp_table_count(t, false), 0);
	CHECK_EQ(hit(t, &k), 1);
	k.nw_proto = 17;
	CHECK_EQ(hit(t, &k), 2);
	CHECK(dp_table_lookup(t, &k, 10, 0) != NULL);
	/* Emergency entries never expire. */
	CHECK_EQ(dp_table_expire(t, UINT64_MAX - 1, on_removed, NULL), 0);
	CHECK_EQ(dp_table_count(t, true), 2);
	/* Flow-mods without EMERG still go to the normal table. */
	CHECK_EQ(add(t, "udp,cookie=4,actions=drop", 0), OF_OK);
	CHECK_EQ(hit(t, &k), 2);
	dp_table_leave_emergency(t);
	CHECK_EQ(hit(t, &k), 4);
	/* DELETE with EMERG addresses the emergency table. */
	fm = parse("", OF_PARSE_DELETE);
	fm.flags |= OFPFF_EMERG;
	CHECK_EQ(dp_table_flow_mod(t, &fm, 0, on_removed, NULL), OF_OK);
	CHECK_EQ(dp_table_count(t, true), 0);
	CHECK_EQ(dp_table_count(t, false), 1);
	CHECK_EQ(n_rec, 2);
	n_rec = 0;
	dp_table_destroy(t);
}

static void test_stats(void)
{
	struct dp_table *t = dp_table_create(100, 10);
	struct of_match k = key_tcp();
	struct of_flow_stats_request req;
	struct of_aggregate_stats agg;
	struct of_table_stats ts;
	struct dp_cursor cur = DP_CURSOR_INIT;
	struct stats_col c;
	int total = 0;

	CHECK_EQ(add(t, "priority=1,tcp,cookie=1,actions=output:1", 0), OF_OK);
	CHECK_EQ(add(t, "priority=1,udp,cookie=2,actions=output:2", 0), OF_OK);
	CHECK_EQ(add(t,
		     "priority=1,ip,nw_src=10.0.0.0/8,cookie=3,"
		     "actions=output:1,output:2",
		     0),
		 OF_OK);
	CHECK_EQ(add(t, "priority=1,arp,cookie=4,actions=drop", 0), OF_OK);
	CHECK(dp_table_lookup(t, &k, 100, 0)); /* hits cookie 1 */
	CHECK(dp_table_lookup(t, &k, 50, 0));
	k.nw_proto = 1;
	CHECK(dp_table_lookup(t, &k, 30, 0)); /* cookie 3 */
	k.dl_type = 0x86dd;
	CHECK(!dp_table_lookup(t, &k, 30, 0));

	dp_table_stats(t, &ts);
	CHECK_EQ(ts.active_count, 4);
	CHECK_EQ(ts.max_entries, 100);
	CHECK_EQ(ts.lookup_count, 4);
	CHECK_EQ(ts.matched_count, 3);

	memset(&req, 0, sizeof(req));
	of_match_init_catchall(&req.match);
	req.table_id = 0;
	req.out_port = OFPP_NONE;
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 4);
	CHECK_EQ(agg.packet_count, 3);
	CHECK_EQ(agg.byte_count, 180);
	req.out_port = 1;
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 2);
	CHECK_EQ(agg.byte_count, 180);
	/* Criteria ip: covers tcp, udp, ip/nw_src, not arp. */
	req.out_port = OFPP_NONE;
	req.match.wildcards &= ~(uint32_t)OFPFW_DL_TYPE;
	req.match.dl_type = 0x0800;
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 3);
	/* Stats criteria are not normalised: nw_src without a protocol
	 * still selects by nw_src. */
	of_match_init_catchall(&req.match);
	of_match_set_nw_src_prefix(&req.match, 8);
	req.match.nw_src = 0x0a000000;
	dp_table_aggregate(t, &req, &agg);
	CHECK_EQ(agg.flow_count, 1);

	/* Resumable dump: two at a time. */
	of_match_init_catchall(&req.match);
	for (int round = 0; round < 10; round++) {
		bool done;
		memset(&c, 0, sizeof(c));
		c.limit = 2;
		done = dp_table_flow_stats(t, &req, 0, &cur, collect, &c);
		for (int i = 0; i < c.n && i < 2; i++)
			CHECK_EQ(c.fs[i].cookie, (uint64_t)(total + i + 1));
		total += c.n < 2 ? c.n : 2;
		if (round == 0) {
			/* Removing the next entry while paused skips it. */
			CHECK_EQ(do_mod(t, "priority=1,ip,nw_src=10.0.0.0/8",
					OF_PARSE_DELETE_STRICT, 0),
				 OF_OK);
			total++;
		}
		if (done)
			break;
	}
	CHECK_EQ(total, 4);
	dp_table_destroy(t);
}

static void test_delete_port(void)
{
	struct dp_table *t = dp_table_create(10, 10);

	CHECK_EQ(add(t, "in_port=1,actions=output:2", 0), OF_OK);
	CHECK_EQ(add(t, "in_port=2,actions=output:1", 0), OF_OK);
	CHECK_EQ(add(t, "in_port=3,actions=enqueue:2:7", 0), OF_OK);
	CHECK_EQ(add_emerg(t, "in_port=4,actions=output:2", 0, 0), OF_OK);
	CHECK_EQ(dp_table_delete_port(t, OFPP_NONE, 0, on_removed, NULL), 0);
	CHECK_EQ(dp_table_delete_port(t, 2, 0, on_removed, NULL), 3);
	CHECK_EQ(n_rec, 3);
	CHECK_EQ(rec[0].fr.reason, OFPRR_DELETE);
	n_rec = 0;
	CHECK_EQ(dp_table_count(t, false), 1);
	CHECK_EQ(dp_table_count(t, true), 0);
	CHECK_EQ(dp_table_clear(t, false, 0, NULL, NULL), 1);
	dp_table_destroy(t);
}

/* Many entries: bucket growth, many subtables, and lookups still right. */
static void test_many(void)
{
	enum { N = 20000 };
	struct dp_table *t = dp_table_create(N + 100, 1);
	struct of_match m = exact_match(), k;
	struct of_flow_mod fm;
	struct of_table_stats ts;
	int bad = 0;

	for (uint32_t i = 0; i < N; i++) {
		m.nw_src = 0x0a000000 + i;
		fm = raw_add(&m, 0, i + 1);
		if (dp_table_flow_mod(t, &fm, 0, NULL, NULL) != OF_OK)
			bad++;
	}
	/* one wildcard entry per prefix length, priority = length */
	for (unsigned len = 0; len <= 32; len++) {
		struct of_match w;
		of_match_init_catchall(&w);
		w.wildcards &= ~(uint32_t)OFPFW_DL_TYPE;
		w.dl_type = 0x0800;
		of_match_set_nw_src_prefix(&w, len);
		w.nw_src = 0x0b000000;
		fm = raw_add(&w, (uint16_t)len, 100000 + len);
		if (dp_table_flow_mod(t, &fm, 0, NULL, NULL) != OF_OK)
			bad++;
	}
	CHECK_EQ(bad, 0);
	for (uint32_t i = 0; i < N; i += 7) {
		k = key_tcp();
		k.nw_src = 0x0a000000 + i;
		if (hit(t, &k) != (long long)i + 1)
			bad++;
	}
	CHECK_EQ(bad, 0);
	/* 11.0.0.0 matches every prefix: the /32 (priority 32) wins. */
	k = key_tcp();
	k.nw_src = 0x0b000000;
	CHECK_EQ(hit(t, &k), 100032);
	k.nw_src = 0x0b000100; /* differs at bit 8: prefixes up to /23 */
	CHECK_EQ(hit(t, &k), 100023);
	k.nw_src = 0x8b000000;
	CHECK_EQ(hit(t, &k), 100000);
	CHECK_EQ(do_mod(t, "ip,nw_src=10.0.0.0/8", OF_PARSE_DELETE, 0), OF_OK);
	dp_table_stats(t, &ts);
	CHECK_EQ(ts.active_count, 33);
	k.nw_src = 0x0a000005; /* inside 11.0.0.0/7 */
	CHECK_EQ(hit(t, &k), 100007);
	dp_table_destroy(t);
}

/* Each test starts with no recorded removals. */
#define RUN(f) (n_rec = 0, f())

int main(void)
{
	RUN(test_empty);
	RUN(test_priorities);
	RUN(test_exact_beats_wildcard);
	RUN(test_ties);
	RUN(test_each_field);
	RUN(test_prerequisites);
	RUN(test_canonical_wire);
	RUN(test_prefixes);
	RUN(test_vlan);
	RUN(test_overlap);
	RUN(test_add_replaces);
	RUN(test_modify);
	RUN(test_delete);
	RUN(test_hidden_packet_type);
	RUN(test_cookie_and_out_port);
	RUN(test_not_ethernet_ii);
	RUN(test_bad_input);
	RUN(test_timeouts);
	RUN(test_size_limit);
	RUN(test_emergency);
	RUN(test_stats);
	RUN(test_delete_port);
	RUN(test_many);
	return check_summary();
}
