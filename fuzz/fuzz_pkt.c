/* libFuzzer target: packet parsing and action execution. The first input
 * byte chooses the headroom (bits 0-2) and tailroom (bits 3-5) around the
 * frame, the rest is the frame. Each input is parsed (the layout must lie
 * inside the frame) and run through a fixed set of action lists covering
 * VLAN push/modify/strip and every set-field, each in an exact-size heap
 * buffer so that ASan sees any overrun. Checked at every output and at the
 * end: the packet's key and layout equal a fresh parse of its frame; an
 * IPv4 header checksum, TCP/UDP checksum or SCTP CRC that was valid before
 * is valid after; for the lists without VLAN changes, the final key is the
 * original key with exactly the applicable set-fields applied, and no byte
 * outside the rewritten headers changed. The offload checksum helpers run
 * on every input too. Aborts on any violation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_action.h"
#include "of_action.h"
#include "of_pkt.h"
#include "pkt_eq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t MAC_A[6] = {0x02, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
static const uint8_t MAC_B[6] = {0x02, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb};
#define NW_A 0x0a010203u
#define NW_B 0x0a040506u
#define TOS 0xa6 /* low bits are not DSCP: dropped */
#define TP_A 4242
#define TP_B 5353
#define VID 0xabc
#define PCP 5

static void fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_pkt: %s (input %zu bytes:", what, size);
	for (size_t i = 0; i < size && i < 256; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", data[i]);
	fprintf(stderr, ")\n");
	abort();
}

/* ---- Reference checksums (independent of dp_action.c). ---- */

static uint16_t ref_sum(const uint8_t *p, size_t n, uint64_t s)
{
	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return (uint16_t)s;
}

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

/* Checksum verdicts of a frame as parsed. */
struct verdict {
	bool ip;   /* an IPv4 header whose checksum checks */
	bool l4;   /* an unfragmented TCP/UDP segment whose checksum checks */
	bool sctp; /* an unfragmented SCTP packet whose CRC checks */
};

static struct verdict judge(const uint8_t *f, const struct of_pkt_layout *l)
{
	struct verdict v = {false, false, false};
	const uint8_t *ip = f + l->l3_ofs;
	bool v6 = l->l3 == OF_PKT_L3_IPV6;

	if (l->l3 == OF_PKT_L3_IPV4)
		v.ip = ref_sum(ip, l->l3_size, 0) == 0xffff;
	if (!l->has_l4 || l->is_frag)
		return v;
	if (l->l4_proto == 6 || l->l4_proto == 17) {
		size_t n = l->l3_end - l->l4_ofs;
		const uint8_t *seg = f + l->l4_ofs;
		uint64_t ph =
		    v6 ? ref_sum(ip + 8, 32, 0) : ref_sum(ip + 12, 8, 0);

		ph += l->l4_proto + (n >> 16) + (n & 0xffff);
		if (l->l4_proto == 17 && seg[6] == 0 && seg[7] == 0)
			v.l4 = false; /* no checksum: nothing to keep valid */
		else
			v.l4 = ref_sum(seg, n, ph) == 0xffff;
	} else if (l->l4_proto == 132) {
		static uint8_t tmp[65536];
		size_t n = l->l3_end - l->l4_ofs;
		uint32_t crc;

		memcpy(tmp, f + l->l4_ofs, n);
		memset(tmp + 8, 0, 4);
		crc = ref_crc32c(tmp, n);
		v.sctp = f[l->l4_ofs + 8] == (uint8_t)crc &&
			 f[l->l4_ofs + 9] == (uint8_t)(crc >> 8) &&
			 f[l->l4_ofs + 10] == (uint8_t)(crc >> 16) &&
			 f[l->l4_ofs + 11] == (uint8_t)(crc >> 24);
	}
	return v;
}

static bool lay_inside(const struct of_pkt_layout *l, size_t size)
{
	if (l->size != size)
		return false;
	if (!l->has_eth)
		return l->l3 == OF_PKT_L3_NONE && !l->has_l4 && !l->has_vlan;
	if (l->type_ofs + 2 > size || l->l3_ofs > size)
		return false;
	if (l->l3 != OF_PKT_L3_NONE &&
	    (l->l3_ofs + l->l3_size > l->l3_end || l->l3_end > size))
		return false;
	if (l->has_l4 && (l->l4_ofs != l->l3_ofs + l->l3_size ||
			  l->payload_ofs != l->l4_ofs + l->l4_size ||
			  l->payload_ofs > l->l3_end))
		return false;
	return true;
}

/* ---- Running a list. ---- */

struct ctx {
	const uint8_t *in;
	size_t in_size;
	const struct dp_packet *pkt;
	struct verdict before;
	unsigned outputs;
};

static void check_state(struct ctx *c, const uint8_t *frame, size_t size)
{
	struct of_match k;
	struct of_pkt_layout l;
	struct verdict v;

	of_pkt_extract(frame, size, c->pkt->key.in_port, &k, &l);
	if (!pkt_key_eq(&k, &c->pkt->key) || !pkt_lay_eq(&l, &c->pkt->lay))
		fail("key/layout differ from a fresh parse", c->in, c->in_size);
	v = judge(frame, &l);
	if (c->before.ip && !v.ip)
		fail("IPv4 header checksum broken", c->in, c->in_size);
	if (c->before.l4 && !v.l4)
		fail("TCP/UDP checksum broken", c->in, c->in_size);
	if (c->before.sctp && !v.sctp)
		fail("SCTP CRC broken", c->in, c->in_size);
}

static void on_output(void *ctx, uint16_t port, uint16_t max_len,
		      uint32_t queue_id, const uint8_t *frame, size_t size)
{
	struct ctx *c = ctx;

	(void)port;
	(void)max_len;
	(void)queue_id;
	if (frame != dp_packet_data(c->pkt) || size != c->pkt->size)
		fail("output is not the packet", c->in, c->in_size);
	check_state(c, frame, size);
	c->outputs++;
}

struct list {
	uint8_t b[256];
	size_t size;
	bool vlan_ops; /* the list changes VLAN tags */
	bool vendor;   /* ends in a vendor action */
};

static void add(struct list *l, const struct of_action *a)
{
	struct of_wbuf w = of_wbuf_make(l->b + l->size, sizeof(l->b) - l->size);

	if (of_action_put(&w, a) != OF_OK)
		abort();
	l->size += w.pos;
}

static void add_simple(struct list *l, uint16_t type, uint32_t v)
{
	struct of_action a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	switch (type) {
	case OFPAT_OUTPUT:
		a.u.output.port = (uint16_t)v;
		a.u.output.max_len = 64;
		break;
	case OFPAT_ENQUEUE:
		a.u.enqueue.port = (uint16_t)v;
		a.u.enqueue.queue_id = 1;
		break;
	case OFPAT_SET_VLAN_VID:
		a.u.vlan_vid = (uint16_t)v;
		break;
	case OFPAT_SET_VLAN_PCP:
		a.u.vlan_pcp = (uint8_t)v;
		break;
	case OFPAT_SET_DL_SRC:
	case OFPAT_SET_DL_DST:
		memcpy(a.u.dl_addr, v ? MAC_B : MAC_A, 6);
		break;
	case OFPAT_SET_NW_SRC:
	case OFPAT_SET_NW_DST:
		a.u.nw_addr = v;
		break;
	case OFPAT_SET_NW_TOS:
		a.u.nw_tos = (uint8_t)v;
		break;
	case OFPAT_SET_TP_SRC:
	case OFPAT_SET_TP_DST:
		a.u.tp_port = (uint16_t)v;
		break;
	case OFPAT_VENDOR:
		a.u.vendor.vendor = v;
		break;
	default:
		break;
	}
	add(l, &a);
}

#define N_LISTS 5
static struct list lists[N_LISTS];

static void make_lists(void)
{
	struct list *l = lists;

	/* 0: push or modify a tag, then its PCP. */
	add_simple(l, OFPAT_OUTPUT, 1);
	add_simple(l, OFPAT_SET_VLAN_VID, VID);
	add_simple(l, OFPAT_OUTPUT, 2);
	add_simple(l, OFPAT_SET_VLAN_PCP, PCP);
	add_simple(l, OFPAT_OUTPUT, 3);
	l->vlan_ops = true;
	l++;
	/* 1: pop twice, then push with a PCP. */
	add_simple(l, OFPAT_STRIP_VLAN, 0);
	add_simple(l, OFPAT_OUTPUT, 1);
	add_simple(l, OFPAT_STRIP_VLAN, 0);
	add_simple(l, OFPAT_OUTPUT, 2);
	add_simple(l, OFPAT_SET_VLAN_PCP, 7);
	add_simple(l, OFPAT_OUTPUT, 3);
	l->vlan_ops = true;
	l++;
	/* 2: every set-field, outputs between. */
	add_simple(l, OFPAT_SET_DL_SRC, 0);
	add_simple(l, OFPAT_SET_DL_DST, 1);
	add_simple(l, OFPAT_OUTPUT, 1);
	add_simple(l, OFPAT_SET_NW_SRC, NW_A);
	add_simple(l, OFPAT_SET_NW_DST, NW_B);
	add_simple(l, OFPAT_OUTPUT, 2);
	add_simple(l, OFPAT_SET_NW_TOS, TOS & 0xfc);
	add_simple(l, OFPAT_SET_TP_SRC, TP_A);
	add_simple(l, OFPAT_OUTPUT, 3);
	add_simple(l, OFPAT_SET_TP_DST, TP_B);
	add_simple(l, OFPAT_ENQUEUE, 4);
	l++;
	/* 3: the set-fields again in another order (values repeat, so
	 * rewriting a field with its own value is covered too). */
	add_simple(l, OFPAT_SET_TP_DST, TP_B);
	add_simple(l, OFPAT_SET_NW_DST, NW_B);
	add_simple(l, OFPAT_SET_TP_SRC, TP_A);
	add_simple(l, OFPAT_SET_NW_TOS, TOS & 0xfc);
	add_simple(l, OFPAT_SET_NW_SRC, NW_A);
	add_simple(l, OFPAT_SET_TP_DST, TP_B);
	add_simple(l, OFPAT_SET_DL_DST, 1);
	add_simple(l, OFPAT_SET_DL_SRC, 0);
	add_simple(l, OFPAT_OUTPUT, 1);
	l++;
	/* 4: everything mixed with tag push and pop, then a vendor action. */
	add_simple(l, OFPAT_SET_VLAN_VID, 1);
	add_simple(l, OFPAT_SET_NW_SRC, NW_B);
	add_simple(l, OFPAT_SET_TP_DST, TP_A);
	add_simple(l, OFPAT_ENQUEUE, 2);
	add_simple(l, OFPAT_STRIP_VLAN, 0);
	add_simple(l, OFPAT_SET_VLAN_PCP, 2);
	add_simple(l, OFPAT_SET_NW_TOS, 0x04);
	add_simple(l, OFPAT_SET_DL_DST, 0);
	add_simple(l, OFPAT_OUTPUT, OFPP_CONTROLLER);
	add_simple(l, OFPAT_STRIP_VLAN, 0);
	add_simple(l, OFPAT_SET_TP_SRC, TP_B);
	add_simple(l, OFPAT_OUTPUT, OFPP_FLOOD);
	add_simple(l, OFPAT_VENDOR, 0x2320);
	add_simple(l, OFPAT_OUTPUT, 9);
	l->vlan_ops = true;
	l->vendor = true;

	for (int i = 0; i < N_LISTS; i++) {
		struct of_bytes b = {lists[i].b, lists[i].size};
		if (of_actions_check_structure(b) != OF_OK ||
		    of_actions_check_semantics(b, OF_ACTX_FLOW) != OF_OK)
			abort();
	}
}

/* The key the set-field lists (2 and 3) must end with. */
static struct of_match model(const struct of_match *k0,
			     const struct of_pkt_layout *l)
{
	struct of_match k = *k0;
	bool v4 = l->l3 == OF_PKT_L3_IPV4, v6 = l->l3 == OF_PKT_L3_IPV6;

	if (l->has_eth) {
		memcpy(k.dl_src, MAC_A, 6);
		memcpy(k.dl_dst, MAC_B, 6);
	}
	if (v4) {
		k.nw_src = NW_A;
		k.nw_dst = NW_B;
	}
	if (v4 || v6)
		k.nw_tos = TOS & 0xfc;
	if (l->has_l4 && !l->is_frag &&
	    (l->l4_proto == 6 || l->l4_proto == 17 || l->l4_proto == 132)) {
		k.tp_src = TP_A;
		k.tp_dst = TP_B;
	}
	return k;
}

/* Marks the bytes lists 2 and 3 may change. */
static void touched(const struct of_pkt_layout *l, bool *t, size_t size)
{
	size_t a, b;

	memset(t, 0, size);
	if (l->has_eth)
		memset(t, 1, 12);
	if (l->l3 == OF_PKT_L3_IPV4) {
		memset(t + l->l3_ofs, 1, l->l3_size);
		/* TCP/UDP checksum (and ports) in the first 18 bytes. */
		a = l->l3_ofs + l->l3_size;
		b = a + 18 < l->l3_end ? a + 18 : l->l3_end;
		memset(t + a, 1, b - a);
	}
	if (l->l3 == OF_PKT_L3_IPV6)
		memset(t + l->l3_ofs, 1, 2);
	if (l->has_l4)
		memset(t + l->l4_ofs, 1, l->l4_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	static bool mask[65536];
	const uint8_t *frame = data + 1;
	size_t n = size ? size - 1 : 0, head, tail;
	struct of_match k0;
	struct of_pkt_layout l0;

	if (!init) {
		make_lists();
		init = true;
	}
	if (size == 0 || n > 65535)
		return 0;
	head = data[0] & 7;
	tail = (data[0] >> 3) & 7;

	{ /* The parser on an exact-size copy. */
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, frame, n);
		of_pkt_extract(n ? copy : NULL, n, data[0], &k0, &l0);
		free(copy);
	}
	if (!lay_inside(&l0, n))
		fail("layout outside the frame", data, size);

	for (int i = 0; i < N_LISTS; i++) {
		struct of_bytes acts = {lists[i].b, lists[i].size};
		uint8_t *buf = malloc(head + n + tail + 1);
		struct dp_packet p;
		struct ctx c;
		enum of_err e;

		memcpy(buf + head, frame, n);
		dp_packet_init(&p, buf, head + n + tail, head, n, data[0]);
		memset(&c, 0, sizeof(c));
		c.in = data;
		c.in_size = size;
		c.pkt = &p;
		c.before = judge(frame, &l0);
		e = dp_execute(&p, acts, on_output, &c);
		if (e == OF_E_NOSPACE) {
			if (!lists[i].vlan_ops || head >= 4 || tail >= 4)
				fail("NOSPACE with room", data, size);
		} else if (e !=
			   (lists[i].vendor ? OF_E_BAD_ACTION_VENDOR : OF_OK)) {
			fail("unexpected result", data, size);
		}
		check_state(&c, dp_packet_data(&p), p.size);
		if (p.ofs + p.size > p.buf_size)
			fail("frame outside its buffer", data, size);
		if (!lists[i].vlan_ops) {
			struct of_match want = model(&k0, &l0);
			if (!pkt_key_eq(&want, &p.key))
				fail("set-fields gave an unexpected key", data,
				     size);
			if (p.size != n)
				fail("set-fields changed the size", data, size);
			touched(&l0, mask, n);
			for (size_t j = 0; j < n; j++)
				if (!mask[j] &&
				    dp_packet_data(&p)[j] != frame[j])
					fail("a byte outside the headers "
					     "changed",
					     data, size);
		} else if (e == OF_OK && (p.size + 8 < n || p.size > n + 4)) {
			fail("VLAN ops changed the size by more than a tag",
			     data, size);
		}
		free(buf);
	}

	/* Offload helpers: filling a checksum makes it valid. */
	{
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, frame, n);
		if (dp_csum_fill_l4(copy, n, &l0) && l0.has_l4 &&
		    !judge(copy, &l0).l4)
			fail("dp_csum_fill_l4 left a bad checksum", data, size);
		if (n >= 4)
			(void)dp_csum_complete(copy, n, frame[0] % n,
					       frame[1] % n);
		free(copy);
	}
	return 0;
}
