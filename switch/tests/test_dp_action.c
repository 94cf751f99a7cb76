/* Unit tests for dp_action.c: each action's effect on the bytes of
 * hand-built frames, with every checksum verified by recomputing it from
 * scratch with this file's own one's complement sum and CRC32c; outputs
 * seeing the modifications made before them; VLAN push into headroom and
 * tailroom and pop; fields the packet lacks; vendor actions; every prefix
 * of every frame through a list of all actions (exact-size buffers, so ASan
 * catches any overrun); and the offload checksum helpers. After every
 * output the packet's key must equal a fresh parse of the frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dp_action.h"
#include "of_action.h"
#include "pkt_eq.h"

/* ---- Reference checksums, written independently of dp_action.c. ---- */

/* One's complement sum of n bytes as big-endian words, folded (not
 * complemented): a region holding its own correct checksum sums to
 * 0xffff. */
static uint16_t ref_sum(const uint8_t *p, size_t n, uint64_t init)
{
	uint64_t s = init;

	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return (uint16_t)s;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Sum of the pseudo-header of an IPv4 (ip points to the header) or IPv6
 * segment of `len` bytes with protocol `proto`. */
static uint64_t pseudo(const uint8_t *ip, bool v6, uint8_t proto, size_t len)
{
	if (!v6)
		return ref_sum(ip + 12, 8, 0) + (uint64_t)proto + len;
	return ref_sum(ip + 8, 32, 0) + (uint64_t)proto + (len >> 16) +
	       (len & 0xffff);
}

/* True if the IPv4 header at ip checks. */
static bool ip_ok(const uint8_t *ip)
{
	return ref_sum(ip, (size_t)(ip[0] & 15) * 4, 0) == 0xffff;
}

/* True if the TCP/UDP segment checks (UDP 0: no checksum). */
static bool l4_ok(const uint8_t *ip, bool v6, uint8_t proto, const uint8_t *seg,
		  size_t len)
{
	if (proto == 17 && rd16(seg + 6) == 0)
		return true;
	return ref_sum(seg, len, pseudo(ip, v6, proto, len)) == 0xffff;
}

/* Table-driven CRC32c (the implementation under test is bitwise). */
static uint32_t ref_crc32c(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	uint32_t crc = 0xffffffffu;

	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
			table[i] = c;
		}
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* True if the SCTP packet's CRC32c (stored least significant byte first)
 * checks. */
static bool sctp_ok(uint8_t *seg, size_t len)
{
	uint8_t saved[4];
	uint32_t crc;
	bool ok;

	memcpy(saved, seg + 8, 4);
	memset(seg + 8, 0, 4);
	crc = ref_crc32c(seg, len);
	ok = saved[0] == (uint8_t)crc && saved[1] == (uint8_t)(crc >> 8) &&
	     saved[2] == (uint8_t)(crc >> 16) &&
	     saved[3] == (uint8_t)(crc >> 24);
	memcpy(seg + 8, saved, 4);
	return ok;
}

/* ---- Frame builder. ---- */

struct spec {
	int tag;	/* -1: untagged; else the TCI of an 802.1Q tag */
	bool v6;	/* IPv6 instead of IPv4 */
	uint8_t tos;	/* IPv4 TOS / IPv6 traffic class */
	uint8_t ihl;	/* IPv4 header words (0: 5) */
	uint16_t frag;	/* IPv4 flags/offset word */
	uint8_t proto;	/* 6, 17, 132, 1, 58 or anything */
	size_t payload; /* bytes after the transport header */
	size_t pad;	/* link padding after the datagram */
	bool udp_zero;	/* UDP without checksum */
	uint32_t src;	/* IPv4 source (0: 192.168.0.1) */
};

static const uint8_t DST[6] = {0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
static const uint8_t SRC[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};

/* Builds a frame with correct checksums; returns its size. */
static size_t build(uint8_t *f, const struct spec *s)
{
	size_t o = 12, ip, l4, hl, tl;
	uint8_t proto = s->proto;

	memcpy(f, DST, 6);
	memcpy(f + 6, SRC, 6);
	if (s->tag >= 0) {
		wr16(f + 12, 0x8100);
		wr16(f + 14, (uint16_t)s->tag);
		o = 16;
	}
	wr16(f + o, s->v6 ? 0x86dd : 0x0800);
	ip = o + 2;
	if (!s->v6) {
		size_t ihl = s->ihl ? s->ihl : 5;
		f[ip] = (uint8_t)(0x40 | ihl);
		f[ip + 1] = s->tos;
		wr16(f + ip + 4, 0x4d2e);
		wr16(f + ip + 6, s->frag);
		f[ip + 8] = 64;
		f[ip + 9] = proto;
		wr16(f + ip + 10, 0);
		wr16(f + ip + 12,
		     (uint16_t)((s->src ? s->src : 0xc0a80001) >> 16));
		wr16(f + ip + 14, (uint16_t)(s->src ? s->src : 0xc0a80001));
		wr16(f + ip + 16, 0xc0a8);
		wr16(f + ip + 18, 0x0002);
		for (size_t i = 20; i < ihl * 4; i++)
			f[ip + i] = 1; /* NOP options */
		l4 = ip + ihl * 4;
	} else {
		f[ip] = (uint8_t)(0x60 | s->tos >> 4);
		f[ip + 1] = (uint8_t)(s->tos << 4 | 0x0a);
		wr16(f + ip + 2, 0xbcde); /* flow label 0xabcde */
		f[ip + 6] = proto;
		f[ip + 7] = 64;
		for (int i = 0; i < 16; i++) {
			f[ip + 8 + i] = (uint8_t)(i == 0 ? 0xfe : i);
			f[ip + 24 + i] = (uint8_t)(i == 0 ? 0xfe : 0x20 + i);
		}
		l4 = ip + 40;
	}
	switch (proto) {
	case 6:
		hl = 20;
		break;
	case 17:
	case 1:
	case 58:
		hl = 8;
		break;
	case 132:
		hl = 12;
		break;
	default:
		hl = 0;
		break;
	}
	memset(f + l4, 0, hl);
	for (size_t i = 0; i < s->payload; i++)
		f[l4 + hl + i] = (uint8_t)(i * 7 + 3);
	tl = hl + s->payload;
	if (proto == 6 || proto == 17 || proto == 132) {
		wr16(f + l4, 1234);
		wr16(f + l4 + 2, 80);
	}
	if (proto == 6) {
		f[l4 + 12] = 0x50;
		f[l4 + 13] = 0x18;
		wr16(f + l4 + 14, 0xffff);
	}
	if (proto == 17)
		wr16(f + l4 + 4, (uint16_t)tl);
	if (proto == 1 || proto == 58) {
		f[l4] = proto == 1 ? 8 : 128; /* echo request */
		wr16(f + l4 + 4, 0x0042);
		wr16(f + l4 + 6, 0x0001);
	}
	if (!s->v6) {
		wr16(f + ip + 2, (uint16_t)(l4 - ip + tl));
		wr16(f + ip + 10, (uint16_t)~ref_sum(f + ip, l4 - ip, 0));
	} else {
		wr16(f + ip + 4, (uint16_t)tl);
	}
	if (proto == 6 || (proto == 17 && !s->udp_zero)) {
		size_t at = proto == 6 ? 16 : 6;
		uint16_t c = (uint16_t)~ref_sum(
		    f + l4, tl, pseudo(f + ip, s->v6, proto, tl));
		wr16(f + l4 + at, c == 0 && proto == 17 ? 0xffff : c);
	} else if (proto == 1) {
		wr16(f + l4 + 2, (uint16_t)~ref_sum(f + l4, tl, 0));
	} else if (proto == 58) {
		wr16(f + l4 + 2, (uint16_t)~ref_sum(
				     f + l4, tl, pseudo(f + ip, true, 58, tl)));
	} else if (proto == 132) {
		uint32_t crc = ref_crc32c(f + l4, tl);
		for (int i = 0; i < 4; i++)
			f[l4 + 8 + i] = (uint8_t)(crc >> (8 * i));
	}
	memset(f + l4 + tl, 0, s->pad);
	return l4 + tl + s->pad;
}

static struct spec sp(uint8_t proto)
{
	struct spec s;

	memset(&s, 0, sizeof(s));
	s.tag = -1;
	s.proto = proto;
	s.payload = 6;
	return s;
}

/* ---- Action lists. ---- */

struct list {
	uint8_t b[512];
	struct of_wbuf w;
};

static void list_init(struct list *l)
{
	l->w = of_wbuf_make(l->b, sizeof(l->b));
}

static void add(struct list *l, uint16_t type, uint32_t x, uint32_t y)
{
	struct of_action a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	switch (type) {
	case OFPAT_OUTPUT:
		a.u.output.port = (uint16_t)x;
		a.u.output.max_len = (uint16_t)y;
		break;
	case OFPAT_ENQUEUE:
		a.u.enqueue.port = (uint16_t)x;
		a.u.enqueue.queue_id = y;
		break;
	case OFPAT_SET_VLAN_VID:
		a.u.vlan_vid = (uint16_t)x;
		break;
	case OFPAT_SET_VLAN_PCP:
		a.u.vlan_pcp = (uint8_t)x;
		break;
	case OFPAT_SET_NW_SRC:
	case OFPAT_SET_NW_DST:
		a.u.nw_addr = x;
		break;
	case OFPAT_SET_NW_TOS:
		a.u.nw_tos = (uint8_t)x;
		break;
	case OFPAT_SET_TP_SRC:
	case OFPAT_SET_TP_DST:
		a.u.tp_port = (uint16_t)x;
		break;
	case OFPAT_VENDOR:
		a.u.vendor.vendor = x;
		break;
	default:
		break;
	}
	CHECK_EQ(of_action_put(&l->w, &a), OF_OK);
}

static void add_mac(struct list *l, uint16_t type, const uint8_t *mac)
{
	struct of_action a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	memcpy(a.u.dl_addr, mac, 6);
	CHECK_EQ(of_action_put(&l->w, &a), OF_OK);
}

static struct of_bytes list_bytes(const struct list *l)
{
	struct of_bytes b = {l->b, l->w.pos};
	CHECK_EQ(of_actions_check_structure(b), OF_OK);
	CHECK_EQ(of_actions_check_semantics(b, OF_ACTX_FLOW), OF_OK);
	return b;
}

/* ---- Outputs. ---- */

#define MAX_OUT 16
struct outs {
	const struct dp_packet *pkt;
	size_t n;
	unsigned key_mismatch;
	struct {
		uint16_t port, max_len;
		uint32_t queue;
		uint8_t f[2048];
		size_t size;
	} o[MAX_OUT];
};

/* True if the packet's key and layout are a fresh parse of its frame. */
static bool pkt_consistent(const struct dp_packet *p)
{
	struct of_match k;
	struct of_pkt_layout l;

	of_pkt_extract(dp_packet_data(p), p->size, p->key.in_port, &k, &l);
	return pkt_key_eq(&k, &p->key) && pkt_lay_eq(&l, &p->lay);
}

static void record(void *ctx, uint16_t port, uint16_t max_len,
		   uint32_t queue_id, const uint8_t *frame, size_t size)
{
	struct outs *o = ctx;

	if (o->pkt && (frame != dp_packet_data(o->pkt) ||
		       size != o->pkt->size || !pkt_consistent(o->pkt)))
		o->key_mismatch++;
	if (o->n == MAX_OUT || size > sizeof(o->o[0].f))
		return;
	o->o[o->n].port = port;
	o->o[o->n].max_len = max_len;
	o->o[o->n].queue = queue_id;
	memcpy(o->o[o->n].f, frame, size);
	o->o[o->n].size = size;
	o->n++;
}

/* Runs `l` on a copy of frame f (n bytes) placed with `head` bytes of
 * headroom and `tail` of tailroom; returns the result, outputs in *o and
 * the packet in *p (its buffer is the static one below). */
static uint8_t runbuf[4096];
static enum of_err run(const uint8_t *f, size_t n, size_t head, size_t tail,
		       const struct list *l, struct outs *o,
		       struct dp_packet *p)
{
	enum of_err e;

	memset(runbuf, 0xee, sizeof(runbuf));
	memcpy(runbuf + head, f, n);
	dp_packet_init(p, runbuf, head + n + tail, head, n, 5);
	memset(o, 0, sizeof(*o));
	o->pkt = p;
	e = dp_execute(p, list_bytes(l), record, o);
	CHECK_EQ(o->key_mismatch, 0);
	CHECK(pkt_consistent(p));
	return e;
}

/* ---- Tests. ---- */

static void test_self(void)
{
	/* The reference CRC32c against its published check value. */
	CHECK_EQ(ref_crc32c((const uint8_t *)"123456789", 9), 0xe3069283u);
	/* RFC 1071's example words sum to 0xddf2. */
	{
		static const uint8_t w[8] = {0x00, 0x01, 0xf2, 0x03,
					     0xf4, 0xf5, 0xf6, 0xf7};
		CHECK_EQ(ref_sum(w, 8, 0), 0xddf2);
	}
}

static void test_output_order(void)
{
	static const uint8_t a[6] = {0x02, 0, 0, 0, 0, 0xaa};
	static const uint8_t b[6] = {0x02, 0, 0, 0, 0, 0xbb};
	uint8_t f[256];
	size_t n = build(f, &(struct spec){.tag = -1, .proto = 6});
	struct list l;
	struct outs o;
	struct dp_packet p;

	list_init(&l);
	add_mac(&l, OFPAT_SET_DL_DST, a);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add_mac(&l, OFPAT_SET_DL_DST, b);
	add(&l, OFPAT_OUTPUT, OFPP_CONTROLLER, 128);
	add(&l, OFPAT_ENQUEUE, 3, 7);
	add(&l, OFPAT_OUTPUT, OFPP_IN_PORT, 0);
	CHECK_EQ(run(f, n, DP_HEADROOM, 0, &l, &o, &p), OF_OK);
	if (!CHECK_EQ(o.n, 4))
		return;
	CHECK_EQ(o.o[0].port, 1);
	CHECK_EQ(o.o[0].queue, DP_NO_QUEUE);
	CHECK_MEM(o.o[0].f, 6, a, 6);
	CHECK_MEM(o.o[0].f + 6, n - 6, f + 6, n - 6);
	CHECK_EQ(o.o[1].port, OFPP_CONTROLLER);
	CHECK_EQ(o.o[1].max_len, 128);
	CHECK_MEM(o.o[1].f, 6, b, 6);
	CHECK_EQ(o.o[2].port, 3);
	CHECK_EQ(o.o[2].queue, 7);
	CHECK_EQ(o.o[2].max_len, 0);
	CHECK_EQ(o.o[3].port, OFPP_IN_PORT);
	CHECK_EQ(o.o[3].size, n);
	CHECK_MEM(p.key.dl_dst, 6, b, 6);
	CHECK_EQ(p.key.in_port, 5);

	/* An empty list outputs nothing. */
	list_init(&l);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 0);
}

static void test_dl(void)
{
	static const uint8_t m1[6] = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x01};
	static const uint8_t m2[6] = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x02};
	uint8_t f[256];
	size_t n = build(f, &(struct spec){.tag = -1, .proto = 17});
	struct list l;
	struct outs o;
	struct dp_packet p;

	list_init(&l);
	add_mac(&l, OFPAT_SET_DL_SRC, m1);
	add_mac(&l, OFPAT_SET_DL_DST, m2);
	add(&l, OFPAT_OUTPUT, 2, 0);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
	if (!CHECK_EQ(o.n, 1))
		return;
	CHECK_MEM(o.o[0].f, 6, m2, 6);
	CHECK_MEM(o.o[0].f + 6, 6, m1, 6);
	CHECK_MEM(o.o[0].f + 12, n - 12, f + 12, n - 12);
	CHECK_MEM(p.key.dl_src, 6, m1, 6);

	/* A frame too short for Ethernet is left alone. */
	CHECK_EQ(run(f, 13, 0, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 1);
	CHECK_MEM(o.o[0].f, 13, f, 13);
}

static void test_vlan(void)
{
	uint8_t f[256], t[256];
	struct spec s = sp(6);
	size_t n = build(f, &s), tn;
	struct list l;
	struct outs o;
	struct dp_packet p;

	s.tag = 0x0123; /* PCP 0, VID 0x123 */
	tn = build(t, &s);

	/* Push in place: the frame takes 4 bytes of headroom. */
	list_init(&l);
	add(&l, OFPAT_SET_VLAN_VID, 0x123, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	CHECK_EQ(run(f, n, 8, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 1);
	CHECK_MEM(o.o[0].f, o.o[0].size, t, tn);
	CHECK_EQ(p.ofs, 4);
	CHECK_EQ(p.size, n + 4);
	CHECK_EQ(p.key.dl_vlan, 0x123);
	CHECK_EQ(p.key.dl_vlan_pcp, 0);
	CHECK(p.lay.has_vlan);
	CHECK_EQ(p.lay.l3_ofs, 18);

	/* No headroom: the frame moves into the tailroom. */
	CHECK_EQ(run(f, n, 0, 4, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 1);
	CHECK_MEM(o.o[0].f, o.o[0].size, t, tn);
	CHECK_EQ(p.ofs, 0);
	/* Neither: OF_E_NOSPACE, outputs before it done, frame unchanged. */
	{
		struct list l2;
		list_init(&l2);
		add(&l2, OFPAT_OUTPUT, 9, 0);
		add(&l2, OFPAT_SET_VLAN_VID, 0x123, 0);
		add(&l2, OFPAT_OUTPUT, 1, 0);
		CHECK_EQ(run(f, n, 3, 3, &l2, &o, &p), OF_E_NOSPACE);
		CHECK_EQ(o.n, 1);
		CHECK_EQ(o.o[0].port, 9);
		CHECK_MEM(dp_packet_data(&p), p.size, f, n);
	}

	/* SET_VLAN_PCP on an untagged frame pushes VID 0 with the PCP. */
	s.tag = 5 << 13;
	tn = build(t, &s);
	list_init(&l);
	add(&l, OFPAT_SET_VLAN_PCP, 5, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	CHECK_EQ(run(f, n, 4, 0, &l, &o, &p), OF_OK);
	CHECK_MEM(o.o[0].f, o.o[0].size, t, tn);
	CHECK_EQ(p.key.dl_vlan, 0);
	CHECK_EQ(p.key.dl_vlan_pcp, 5);

	/* On a tagged frame (PCP 3, DEI set, VID 0x0ab): VID and PCP are
	 * replaced one at a time; the other bits stay. */
	s.tag = 3 << 13 | 0x1000 | 0x0ab;
	n = build(f, &s);
	list_init(&l);
	add(&l, OFPAT_SET_VLAN_VID, 0xfed, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add(&l, OFPAT_SET_VLAN_PCP, 6, 0);
	add(&l, OFPAT_OUTPUT, 2, 0);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 2);
	CHECK_EQ(o.o[0].size, n);
	CHECK_EQ(rd16(o.o[0].f + 14), 3 << 13 | 0x1000 | 0xfed);
	CHECK_EQ(rd16(o.o[1].f + 14), 6 << 13 | 0x1000 | 0xfed);
	CHECK_MEM(o.o[1].f + 16, n - 16, f + 16, n - 16);
	CHECK_EQ(p.key.dl_vlan, 0xfed);
	CHECK_EQ(p.key.dl_vlan_pcp, 6);

	/* STRIP_VLAN gives back the untagged frame, and an untagged frame is
	 * left alone. */
	s.tag = -1;
	tn = build(t, &s);
	list_init(&l);
	add(&l, OFPAT_STRIP_VLAN, 0, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add(&l, OFPAT_STRIP_VLAN, 0, 0);
	add(&l, OFPAT_OUTPUT, 2, 0);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 2);
	CHECK_MEM(o.o[0].f, o.o[0].size, t, tn);
	CHECK_MEM(o.o[1].f, o.o[1].size, t, tn);
	CHECK_EQ(p.ofs, 4);
	CHECK_EQ(p.key.dl_vlan, OFP_VLAN_NONE);

	/* Push, modify, strip, push again, in a buffer with just 4 bytes of
	 * headroom: the room comes back at each strip. */
	list_init(&l);
	add(&l, OFPAT_SET_VLAN_VID, 10, 0);
	add(&l, OFPAT_SET_VLAN_PCP, 2, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add(&l, OFPAT_STRIP_VLAN, 0, 0);
	add(&l, OFPAT_OUTPUT, 2, 0);
	add(&l, OFPAT_SET_VLAN_PCP, 7, 0);
	add(&l, OFPAT_OUTPUT, 3, 0);
	CHECK_EQ(run(t, tn, 4, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.n, 3);
	CHECK_EQ(o.o[0].size, tn + 4);
	CHECK_EQ(rd16(o.o[0].f + 12), 0x8100);
	CHECK_EQ(rd16(o.o[0].f + 14), 2 << 13 | 10);
	CHECK_MEM(o.o[1].f, o.o[1].size, t, tn);
	CHECK_EQ(rd16(o.o[2].f + 14), 7 << 13);

	/* Double tag: STRIP_VLAN pops the outer one; the inner one becomes
	 * the packet's tag. */
	{
		uint8_t q[256];
		size_t qn;

		memcpy(q, f, 12);
		wr16(q + 12, 0x88a8);
		wr16(q + 14, 0x0064);
		memcpy(q + 16, f + 12, n - 12); /* 8100 tag + IPv4 */
		qn = n + 4;
		list_init(&l);
		add(&l, OFPAT_STRIP_VLAN, 0, 0);
		add(&l, OFPAT_OUTPUT, 1, 0);
		CHECK_EQ(run(q, qn, 0, 0, &l, &o, &p), OF_OK);
		CHECK_MEM(o.o[0].f, o.o[0].size, f, n);
		CHECK_EQ(p.key.dl_vlan, 0x0ab);
		CHECK_EQ(p.key.dl_type, 0x0800);
		CHECK_EQ(p.key.nw_proto, 6);
	}
}

/* Checks the IPv4 header and TCP/UDP checksums of an output frame. */
static void check_csums(const uint8_t *fr, size_t size, bool v6)
{
	struct of_match k;
	struct of_pkt_layout l;
	const uint8_t *ip;

	of_pkt_extract(fr, size, 0, &k, &l);
	if (!CHECK(l.l3 == (v6 ? OF_PKT_L3_IPV6 : OF_PKT_L3_IPV4)))
		return;
	ip = fr + l.l3_ofs;
	if (!v6)
		CHECK(ip_ok(ip));
	if (l.has_l4 && !l.is_frag && (l.l4_proto == 6 || l.l4_proto == 17)) {
		CHECK(l4_ok(ip, v6, l.l4_proto, fr + l.l4_ofs,
			    l.l3_end - l.l4_ofs));
	}
}

static void test_nw_addr(void)
{
	static const uint8_t protos[] = {6, 17, 1, 132, 47};
	uint8_t f[256];
	struct list l;
	struct outs o;
	struct dp_packet p;

	list_init(&l);
	add(&l, OFPAT_SET_NW_SRC, 0x0a000063, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add(&l, OFPAT_SET_NW_DST, 0xcb007101, 0);
	add(&l, OFPAT_OUTPUT, 2, 0);

	for (size_t i = 0; i < sizeof(protos); i++) {
		for (int opt = 0; opt < 2; opt++) {
			struct spec s = sp(protos[i]);
			size_t n, ip = 14;

			s.ihl = opt ? 8 : 5;
			s.pad = opt ? 0 : 10;
			n = build(f, &s);
			CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
			if (!CHECK_EQ(o.n, 2))
				continue;
			CHECK_EQ(rd32(o.o[0].f + ip + 12), 0x0a000063);
			CHECK_EQ(rd32(o.o[0].f + ip + 16), 0xc0a80002);
			CHECK_EQ(rd32(o.o[1].f + ip + 12), 0x0a000063);
			CHECK_EQ(rd32(o.o[1].f + ip + 16), 0xcb007101);
			check_csums(o.o[0].f, o.o[0].size, false);
			check_csums(o.o[1].f, o.o[1].size, false);
			if (protos[i] == 1) { /* ICMP checksum unchanged, ok */
				size_t l4 = ip + s.ihl * 4u;
				CHECK_MEM(o.o[1].f + l4, n - l4, f + l4,
					  n - l4);
				CHECK_EQ(ref_sum(o.o[1].f + l4, 14, 0), 0xffff);
			}
			if (protos[i] == 132) {
				size_t l4 = ip + s.ihl * 4u;
				CHECK(sctp_ok(o.o[1].f + l4, 18));
			}
			CHECK_EQ(p.key.nw_src, 0x0a000063);
			CHECK_EQ(p.key.nw_dst, 0xcb007101);
		}
	}

	/* UDP without a checksum keeps none. */
	{
		struct spec s = sp(17);
		size_t n;

		s.udp_zero = true;
		n = build(f, &s);
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK_EQ(rd16(o.o[1].f + 34 + 6), 0);
		CHECK(ip_ok(o.o[1].f + 14));
	}

	/* A UDP update whose result is 0 is sent as 0xffff: find a source
	 * address that makes the new checksum come out as zero. */
	{
		struct spec s = sp(17);
		size_t n = build(f, &s);
		uint32_t addr = 0;
		uint8_t g[256];

		for (uint32_t lo = 0; lo < 0x10000 && !addr; lo++) {
			uint32_t a = 0x0a010000 | lo;
			memcpy(g, f, n);
			wr16(g + 14 + 12, (uint16_t)(a >> 16));
			wr16(g + 14 + 14, (uint16_t)a);
			wr16(g + 34 + 6, 0);
			/* A sum of 0xffff complements to a checksum of 0. */
			if (ref_sum(g + 34, n - 34,
				    pseudo(g + 14, false, 17, n - 34)) ==
			    0xffff)
				addr = a;
		}
		if (CHECK(addr != 0)) {
			struct list l2;
			list_init(&l2);
			add(&l2, OFPAT_SET_NW_SRC, addr, 0);
			add(&l2, OFPAT_OUTPUT, 1, 0);
			CHECK_EQ(run(f, n, 0, 0, &l2, &o, &p), OF_OK);
			CHECK_EQ(rd16(o.o[0].f + 34 + 6), 0xffff);
			check_csums(o.o[0].f, o.o[0].size, false);
			/* dp_csum_fill_l4 maps that 0 to 0xffff too. */
			{
				struct of_match k;
				struct of_pkt_layout la;

				wr16(o.o[0].f + 34 + 6, 0x1234);
				of_pkt_extract(o.o[0].f, n, 0, &k, &la);
				CHECK(dp_csum_fill_l4(o.o[0].f, n, &la));
				CHECK_EQ(rd16(o.o[0].f + 34 + 6), 0xffff);
			}
		}
	}

	/* Later fragment: header checksum fixed, payload untouched. */
	{
		struct spec s = sp(6);
		size_t n;

		s.frag = 0x0010;
		n = build(f, &s);
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK(ip_ok(o.o[1].f + 14));
		CHECK_MEM(o.o[1].f + 34, n - 34, f + 34, n - 34);
	}

	/* First fragment: its TCP checksum covers the whole datagram, so
	 * check it over the modified first fragment plus the rest. */
	{
		struct spec s = sp(6);
		size_t n, cut = 14 + 20 + 24; /* 20 TCP + 4 payload bytes */
		uint8_t whole[256];

		s.payload = 40;
		n = build(whole, &s);
		memcpy(f, whole, cut);
		wr16(f + 14 + 2, (uint16_t)(cut - 14));
		wr16(f + 14 + 6, 0x2000);
		wr16(f + 14 + 10, 0);
		wr16(f + 14 + 10, (uint16_t)~ref_sum(f + 14, 20, 0));
		CHECK_EQ(run(f, cut, 0, 0, &l, &o, &p), OF_OK);
		CHECK(ip_ok(o.o[1].f + 14));
		memcpy(whole + 14, o.o[1].f + 14, cut - 14);
		wr16(whole + 14 + 2, (uint16_t)(n - 14));
		CHECK(l4_ok(whole + 14, false, 6, whole + 34, n - 34));
		CHECK_EQ(p.key.tp_src, 0);
	}

	/* Not IPv4: ARP, IPv6, malformed IPv4: no change at all. */
	{
		uint8_t a[64];
		size_t an = check_hex("0a0b0c0d0e0f 001122334455 0806 0001 0800"
				      " 0604 0001 001122334455 0a000001 "
				      "000000000000 0a000002",
				      a, sizeof(a));
		struct spec s = sp(6);
		size_t n;

		CHECK_EQ(run(a, an, 0, 0, &l, &o, &p), OF_OK);
		CHECK_MEM(o.o[1].f, o.o[1].size, a, an);
		s.v6 = true;
		n = build(f, &s);
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK_MEM(o.o[1].f, o.o[1].size, f, n);
		s = sp(6);
		n = build(f, &s);
		wr16(f + 16, 0x0200); /* total length past the frame */
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK_MEM(o.o[1].f, o.o[1].size, f, n);
	}
}

static void test_nw_tos(void)
{
	uint8_t f[256];
	struct spec s = sp(17);
	size_t n;
	struct list l;
	struct outs o;
	struct dp_packet p;

	list_init(&l);
	add(&l, OFPAT_SET_NW_TOS, 0xb8, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);

	/* IPv4, TOS 0x03 (ECN CE): DSCP set, ECN kept, checksum right. */
	s.tos = 0x03;
	n = build(f, &s);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.o[0].f[15], 0xbb);
	check_csums(o.o[0].f, o.o[0].size, false);
	/* Only the TOS byte and the header checksum changed. */
	CHECK_MEM(o.o[0].f + 16, 8, f + 16, 8);
	CHECK_MEM(o.o[0].f + 26, n - 26, f + 26, n - 26);
	CHECK_EQ(p.key.nw_tos, 0xb8);

	/* IPv6: traffic class 0x29 -> 0xb9; version and flow label kept. */
	s.v6 = true;
	s.tos = 0x29;
	n = build(f, &s);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
	CHECK_EQ(o.o[0].f[14], 0x6b);
	CHECK_EQ(o.o[0].f[15], 0x9a);
	CHECK_MEM(o.o[0].f + 16, n - 16, f + 16, n - 16);
	CHECK_EQ(p.key.nw_tos, 0xb8);
	check_csums(o.o[0].f, o.o[0].size, true);
}

static void test_tp(void)
{
	uint8_t f[256];
	struct list l;
	struct outs o;
	struct dp_packet p;

	list_init(&l);
	add(&l, OFPAT_SET_TP_SRC, 40000, 0);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add(&l, OFPAT_SET_TP_DST, 8443, 0);
	add(&l, OFPAT_OUTPUT, 2, 0);

	for (int v6 = 0; v6 < 2; v6++) {
		static const uint8_t protos[] = {6, 17, 132};
		for (size_t i = 0; i < sizeof(protos); i++) {
			struct spec s = sp(protos[i]);
			size_t n, l4;

			s.v6 = v6;
			s.payload = 33; /* odd: the sums pad the last byte */
			n = build(f, &s);
			l4 = v6 ? 54 : 34;
			CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
			if (!CHECK_EQ(o.n, 2))
				continue;
			CHECK_EQ(rd16(o.o[0].f + l4), 40000);
			CHECK_EQ(rd16(o.o[0].f + l4 + 2), 80);
			CHECK_EQ(rd16(o.o[1].f + l4), 40000);
			CHECK_EQ(rd16(o.o[1].f + l4 + 2), 8443);
			check_csums(o.o[0].f, o.o[0].size, v6);
			check_csums(o.o[1].f, o.o[1].size, v6);
			if (protos[i] == 132) {
				CHECK(sctp_ok(o.o[0].f + l4, n - l4));
				CHECK(sctp_ok(o.o[1].f + l4, n - l4));
			}
			CHECK_EQ(p.key.tp_src, 40000);
			CHECK_EQ(p.key.tp_dst, 8443);
		}
	}

	/* UDP without a checksum keeps none. */
	{
		struct spec s = sp(17);
		size_t n;

		s.udp_zero = true;
		n = build(f, &s);
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK_EQ(rd16(o.o[1].f + 34 + 6), 0);
		CHECK_EQ(rd16(o.o[1].f + 34 + 2), 8443);
	}

	/* A wrong SCTP CRC stays wrong (as in OVS): flip one bit first. */
	{
		struct spec s = sp(132);
		size_t n = build(f, &s);

		f[34 + 8] ^= 1;
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK(!sctp_ok(o.o[1].f + 34, n - 34));
		o.o[1].f[34 + 8] ^= 1;
		CHECK(sctp_ok(o.o[1].f + 34, n - 34));
	}

	/* ICMP (type/code are not ports), other protocols, later fragments
	 * and ARP are left alone. */
	{
		static const uint8_t protos[] = {1, 58, 47};
		for (size_t i = 0; i < sizeof(protos); i++) {
			struct spec s = sp(protos[i]);
			size_t n;

			s.v6 = protos[i] == 58;
			n = build(f, &s);
			CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
			CHECK_MEM(o.o[1].f, o.o[1].size, f, n);
		}
	}
	{
		struct spec s = sp(6);
		size_t n;

		s.frag = 0x2010;
		n = build(f, &s);
		CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_OK);
		CHECK_MEM(o.o[1].f, o.o[1].size, f, n);
	}

	/* A first fragment's ports are rewritten (the header is there), but
	 * its key keeps tp 0 (OpenFlow 1.0 looks fragments up without ports);
	 * the checksum, over the whole datagram, checks after reassembly. */
	{
		struct spec s = sp(17);
		size_t n, cut = 14 + 20 + 16;
		uint8_t whole[256];

		s.payload = 30;
		n = build(whole, &s);
		memcpy(f, whole, cut);
		wr16(f + 14 + 2, (uint16_t)(cut - 14));
		wr16(f + 14 + 6, 0x2000);
		wr16(f + 14 + 10, 0);
		wr16(f + 14 + 10, (uint16_t)~ref_sum(f + 14, 20, 0));
		CHECK_EQ(run(f, cut, 0, 0, &l, &o, &p), OF_OK);
		CHECK_EQ(rd16(o.o[1].f + 34), 40000);
		CHECK_EQ(rd16(o.o[1].f + 36), 8443);
		CHECK_EQ(p.key.tp_src, 0);
		CHECK_EQ(p.key.tp_dst, 0);
		memcpy(whole + 14, o.o[1].f + 14, cut - 14);
		wr16(whole + 14 + 2, (uint16_t)(n - 14));
		CHECK(l4_ok(whole + 14, false, 17, whole + 34, n - 34));
	}
}

static void test_vendor(void)
{
	uint8_t f[256];
	size_t n = build(f, &(struct spec){.tag = -1, .proto = 6});
	struct list l;
	struct outs o;
	struct dp_packet p;

	list_init(&l);
	add(&l, OFPAT_OUTPUT, 1, 0);
	add(&l, OFPAT_VENDOR, 0x00002320, 0);
	add(&l, OFPAT_OUTPUT, 2, 0);
	CHECK_EQ(run(f, n, 0, 0, &l, &o, &p), OF_E_BAD_ACTION_VENDOR);
	CHECK_EQ(o.n, 1);
	CHECK_EQ(o.o[0].port, 1);
}

/* A list with every action, run over every prefix of several frames in
 * exact-size buffers. Header checksums valid before stay valid. */
static void test_sweep(void)
{
	static const uint8_t m[6] = {0x02, 0x42, 0x42, 0x42, 0x42, 0x42};
	struct spec specs[12];
	size_t ns = 0;
	struct list all;
	unsigned bad_ip = 0, bad_l4 = 0;

	for (int v6 = 0; v6 < 2; v6++) {
		static const uint8_t protos[] = {6, 17, 132, 1, 58, 47};
		for (size_t i = 0; i < sizeof(protos); i++) {
			specs[ns] = sp(protos[i]);
			specs[ns].v6 = v6;
			specs[ns].tag = i % 2 ? 0x2064 : -1;
			specs[ns].ihl = (uint8_t)(i == 1 ? 6 : 5);
			specs[ns].frag = (uint16_t)(i == 2 && !v6 ? 0x2000 : 0);
			specs[ns].pad = i == 3 ? 12 : 0;
			ns++;
		}
	}
	list_init(&all);
	add(&all, OFPAT_OUTPUT, 1, 0);
	add(&all, OFPAT_SET_VLAN_VID, 77, 0);
	add(&all, OFPAT_SET_VLAN_PCP, 3, 0);
	add_mac(&all, OFPAT_SET_DL_SRC, m);
	add_mac(&all, OFPAT_SET_DL_DST, m);
	add(&all, OFPAT_SET_NW_SRC, 0x01020304, 0);
	add(&all, OFPAT_SET_NW_DST, 0x05060708, 0);
	add(&all, OFPAT_SET_NW_TOS, 0x28, 0);
	add(&all, OFPAT_SET_TP_SRC, 1, 0);
	add(&all, OFPAT_SET_TP_DST, 2, 0);
	add(&all, OFPAT_ENQUEUE, 2, 1);
	add(&all, OFPAT_STRIP_VLAN, 0, 0);
	add(&all, OFPAT_OUTPUT, 3, 0);
	add(&all, OFPAT_SET_VLAN_VID, 78, 0);
	add(&all, OFPAT_OUTPUT, 4, 0);

	for (size_t i = 0; i < ns; i++) {
		uint8_t f[256];
		size_t n = build(f, &specs[i]);

		for (size_t len = 0; len <= n; len++) {
			uint8_t *buf = malloc(len + DP_HEADROOM);
			struct dp_packet p;
			struct outs *o = calloc(1, sizeof(*o));
			struct of_pkt_layout before;
			bool ip_before;
			struct of_match k;

			memcpy(buf + DP_HEADROOM, f, len);
			of_pkt_extract(f, len, 0, &k, &before);
			ip_before = before.l3 == OF_PKT_L3_IPV4 &&
				    ip_ok(f + before.l3_ofs);
			dp_packet_init(&p, buf, len + DP_HEADROOM, DP_HEADROOM,
				       len, 9);
			o->pkt = &p;
			CHECK_EQ(dp_execute(&p, list_bytes(&all), record, o),
				 OF_OK);
			CHECK_EQ(o->key_mismatch, 0);
			CHECK_EQ(o->n, 4);
			for (size_t j = 0; j < o->n; j++) {
				struct of_pkt_layout la;
				of_pkt_extract(o->o[j].f, o->o[j].size, 0, &k,
					       &la);
				if (ip_before &&
				    !(la.l3 == OF_PKT_L3_IPV4 &&
				      ip_ok(o->o[j].f + la.l3_ofs)))
					bad_ip++;
				if (len == n && la.has_l4 && !la.is_frag &&
				    (la.l4_proto == 6 || la.l4_proto == 17) &&
				    !l4_ok(o->o[j].f + la.l3_ofs,
					   la.l3 == OF_PKT_L3_IPV6, la.l4_proto,
					   o->o[j].f + la.l4_ofs,
					   la.l3_end - la.l4_ofs))
					bad_l4++;
			}
			free(o);
			free(buf);
		}
	}
	CHECK_EQ(bad_ip, 0);
	CHECK_EQ(bad_l4, 0);
}

static void test_csum_helpers(void)
{
	for (int v6 = 0; v6 < 2; v6++) {
		static const uint8_t protos[] = {6, 17};
		for (size_t i = 0; i < 2; i++) {
			uint8_t f[256], g[256];
			struct spec s = sp(protos[i]);
			struct of_match k;
			struct of_pkt_layout l;
			size_t n, at, l4;
			uint64_t ph;
			uint16_t partial;

			s.v6 = v6;
			s.payload = 27;
			n = build(f, &s);
			of_pkt_extract(f, n, 0, &k, &l);
			l4 = l.l4_ofs;
			at = protos[i] == 6 ? 16 : 6;

			/* CHECKSUM_PARTIAL: the field holds the folded
			 * pseudo-header sum, uncomplemented. */
			memcpy(g, f, n);
			ph = pseudo(g + l.l3_ofs, v6, protos[i], n - l4);
			partial = ref_sum(NULL, 0, ph);
			wr16(g + l4 + at, partial);
			CHECK(dp_csum_complete(g, n, l4, at));
			CHECK_MEM(g, n, f, n);

			/* From scratch over a garbage field. */
			memcpy(g, f, n);
			wr16(g + l4 + at, 0x1234);
			CHECK(dp_csum_fill_l4(g, n, &l));
			CHECK_MEM(g, n, f, n);
		}
	}

	/* Out of range offsets change nothing. */
	{
		uint8_t f[64];
		memset(f, 0x5a, sizeof(f));
		CHECK(!dp_csum_complete(f, 64, 65, 0));
		CHECK(!dp_csum_complete(f, 64, 40, 23));
		CHECK(!dp_csum_complete(f, 64, 0, 63));
		CHECK(dp_csum_complete(f, 64, 0, 62));
		CHECK(!dp_csum_complete(f, 64, (size_t)-1, 2));
	}
	/* A sum of 0xffff would store 0: it is sent as 0xffff. */
	{
		uint8_t f[4] = {0xff, 0xff, 0x00, 0x00};
		CHECK(dp_csum_complete(f, 4, 0, 2));
		CHECK_EQ(rd16(f + 2), 0xffff);
	}
	/* Fragments, ICMP and non-IP packets are not filled. */
	{
		uint8_t f[256];
		struct spec s = sp(6);
		struct of_match k;
		struct of_pkt_layout l;
		size_t n;

		s.frag = 0x2000;
		n = build(f, &s);
		of_pkt_extract(f, n, 0, &k, &l);
		CHECK(!dp_csum_fill_l4(f, n, &l));
		s = sp(1);
		n = build(f, &s);
		of_pkt_extract(f, n, 0, &k, &l);
		CHECK(!dp_csum_fill_l4(f, n, &l));
		of_pkt_extract(f, 13, 0, &k, &l);
		CHECK(!dp_csum_fill_l4(f, 13, &l));
	}
}

int main(void)
{
	test_self();
	test_output_order();
	test_dl();
	test_vlan();
	test_nw_addr();
	test_nw_tos();
	test_tp();
	test_vendor();
	test_sweep();
	test_csum_helpers();
	return check_summary();
}
