/* dp_key: wire match <-> packed value/mask, with OVS-compatible
 * normalisation (see dp_key.h for the rules and where they come from). */
#include "dp_key.h"

#include <string.h>

/* Field positions in the packed key. */
#define F_IN_PORT (0xffffull << 48) /* w[0] */
#define F_MAC 0xffffffffffffull	    /* w[0] dl_src, w[1] dl_dst */
#define F_TCI (0xffffull << 48)	    /* w[1] */
#define F_NW_SRC (0xffffffffull << 32)
#define F_NW_DST 0xffffffffull /* w[2] */
#define F_DL_TYPE (0xffffull << 48)
#define F_DSCP (0xfcull << 40)
#define F_ETH (1ull << 40) /* hidden: "any field beyond in_port given" */
#define F_PROTO (0xffull << 32)
#define F_TP_SRC (0xffffull << 16)
#define F_TP_DST 0xffffull /* w[3] */

/* The wildcard bits of the fields other than in_port and nw_src/nw_dst. */
#define DATA_BITS                                                              \
	(OFPFW_DL_VLAN | OFPFW_DL_SRC | OFPFW_DL_DST | OFPFW_DL_TYPE |         \
	 OFPFW_NW_PROTO | OFPFW_TP_SRC | OFPFW_TP_DST | OFPFW_DL_VLAN_PCP |    \
	 OFPFW_NW_TOS)

#define TCI_PCP 0xe000
#define TCI_CFI 0x1000 /* "a tag is present" */
#define TCI_VID 0x0fff

#define DL_TYPE_NOT_ETH 0x05ff

enum {
	ETH_IP = 0x0800,
	ETH_ARP = 0x0806,
	ETH_RARP = 0x8035,
	ETH_IPV6 = 0x86dd,
	PROTO_ICMP = 1,
	PROTO_TCP = 6,
	PROTO_UDP = 17,
	PROTO_ICMPV6 = 58,
	PROTO_SCTP = 132,
};

static uint64_t mac_get(const uint8_t *a)
{
	uint64_t v = 0;
	for (int i = 0; i < OFP_ETH_ALEN; i++)
		v = v << 8 | a[i];
	return v;
}

static void mac_put(uint64_t v, uint8_t *a)
{
	for (int i = OFP_ETH_ALEN - 1; i >= 0; i--) {
		a[i] = (uint8_t)v;
		v >>= 8;
	}
}

/* Packs the fields; the low bit of the nw_tos byte (an ECN bit, never
 * matched) carries the hidden F_ETH field and is 1 in every value. */
static void pack(struct dp_key *k, const struct of_match *m, uint16_t tci,
		 uint16_t dl_type)
{
	uint8_t tos = (uint8_t)((m->nw_tos & 0xfc) | 1);

	k->w[0] = (uint64_t)m->in_port << 48 | mac_get(m->dl_src);
	k->w[1] = (uint64_t)tci << 48 | mac_get(m->dl_dst);
	k->w[2] = (uint64_t)m->nw_src << 32 | m->nw_dst;
	k->w[3] = (uint64_t)dl_type << 48 | (uint64_t)tos << 40 |
		  (uint64_t)m->nw_proto << 32 | (uint64_t)m->tp_src << 16 |
		  m->tp_dst;
}

/* Builds a packet's key from the parser's match. */
void dp_key_from_packet(const struct of_match *pkt, struct dp_key *key)
{
	uint16_t tci = 0;
	if (pkt->dl_vlan != OFP_VLAN_NONE)
		tci = (uint16_t)(TCI_CFI | (pkt->dl_vlan_pcp & 7) << 13 |
				 (pkt->dl_vlan & TCI_VID));
	/* A frame without an Ethernet II type (an 802.3 length field) has
	 * dl_type OFP_DL_TYPE_NOT_ETH_TYPE in OpenFlow 1.0, whatever the
	 * length; a parser that passes the length through is forgiven. */
	pack(key, pkt, tci,
	     pkt->dl_type < 0x600 ? DL_TYPE_NOT_ETH : pkt->dl_type);
}

/* Wildcards the fields that the (already masked) dl_type and nw_proto make
 * meaningless, as ofputil_normalize_match() does for OpenFlow 1.0 fields. */
static void normalize(struct dp_key *v, struct dp_key *m)
{
	uint16_t dl_type = (uint16_t)(v->w[3] >> 48);
	uint8_t proto = (uint8_t)(v->w[3] >> 32);
	bool nw_addr = false, nw_proto = false, tos = false, tp = false;

	switch (dl_type) {
	case ETH_IP:
		nw_addr = nw_proto = tos = true;
		tp = proto == PROTO_TCP || proto == PROTO_UDP ||
		     proto == PROTO_SCTP || proto == PROTO_ICMP;
		break;
	case ETH_IPV6:
		nw_proto = tos = true;
		tp = proto == PROTO_TCP || proto == PROTO_UDP ||
		     proto == PROTO_SCTP || proto == PROTO_ICMPV6;
		break;
	case ETH_ARP:
	case ETH_RARP:
		nw_addr = nw_proto = true;
		break;
	default:
		break;
	}
	if (!nw_addr)
		m->w[2] = 0;
	if (!nw_proto)
		m->w[3] &= ~F_PROTO;
	if (!tos)
		m->w[3] &= ~F_DSCP;
	if (!tp)
		m->w[3] &= ~(F_TP_SRC | F_TP_DST);
	dp_key_and(v, m, v);
}

/* Converts a wire match to value/mask (ofputil_match_from_ofp10_match). */
void dp_key_from_match(const struct of_match *m, bool normalize_it,
		       struct dp_key *value, struct dp_key *mask)
{
	uint32_t w = m->wildcards & OFPFW_ALL;
	uint16_t tci_mask = 0, tci;
	struct dp_key k;

	memset(mask, 0, sizeof(*mask));
	if (!(w & OFPFW_IN_PORT))
		mask->w[0] |= F_IN_PORT;
	if (!(w & OFPFW_DL_SRC))
		mask->w[0] |= F_MAC;
	if (!(w & OFPFW_DL_DST))
		mask->w[1] |= F_MAC;
	if (!(w & OFPFW_DL_TYPE))
		mask->w[3] |= F_DL_TYPE;
	if (!(w & OFPFW_NW_TOS))
		mask->w[3] |= F_DSCP;
	if (!(w & OFPFW_NW_PROTO))
		mask->w[3] |= F_PROTO;
	if (!(w & OFPFW_TP_SRC))
		mask->w[3] |= F_TP_SRC;
	if (!(w & OFPFW_TP_DST))
		mask->w[3] |= F_TP_DST;
	mask->w[2] = (uint64_t)of_match_nw_mask(of_match_nw_src_wild_bits(m))
			 << 32 |
		     of_match_nw_mask(of_match_nw_dst_wild_bits(m));
	/* OVS matches on the packet type (Ethernet) as soon as any field but
	 * in_port is given, before normalisation drops any of them, so
	 * "nw_src=10.0.0.1" (no dl_type) is a different flow from the
	 * catch-all although both match every packet. */
	if ((w & DATA_BITS) != DATA_BITS || mask->w[2])
		mask->w[3] |= F_ETH;

	if (!(w & OFPFW_DL_VLAN) && m->dl_vlan == OFP_VLAN_NONE) {
		/* Untagged frames only; the PCP cannot apply (OVS accepts
		 * and ignores a matched PCP here). */
		tci = 0;
		tci_mask = 0xffff;
	} else {
		if (!(w & OFPFW_DL_VLAN_PCP))
			tci_mask |= TCI_PCP | TCI_CFI;
		if (!(w & OFPFW_DL_VLAN))
			tci_mask |= TCI_VID | TCI_CFI;
		tci = (uint16_t)(TCI_CFI | (m->dl_vlan_pcp & 7) << 13 |
				 (m->dl_vlan & TCI_VID));
	}
	mask->w[1] |= (uint64_t)tci_mask << 48;

	pack(&k, m, tci, m->dl_type);
	dp_key_and(&k, mask, value);
	if (normalize_it)
		normalize(value, mask);
}

static unsigned popcount32(uint32_t x)
{
	unsigned n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Converts value/mask back to a wire match
 * (ofputil_match_to_ofp10_match). */
void dp_key_to_match(const struct dp_key *v, const struct dp_key *m,
		     struct of_match *out)
{
	uint32_t w = 0;
	uint16_t tci = (uint16_t)(v->w[1] >> 48);
	uint16_t tci_mask = (uint16_t)(m->w[1] >> 48);

	memset(out, 0, sizeof(*out));
	if (m->w[0] & F_IN_PORT)
		out->in_port = (uint16_t)(v->w[0] >> 48);
	else
		w |= OFPFW_IN_PORT;
	if (m->w[0] & F_MAC)
		mac_put(v->w[0], out->dl_src);
	else
		w |= OFPFW_DL_SRC;
	if (m->w[1] & F_MAC)
		mac_put(v->w[1], out->dl_dst);
	else
		w |= OFPFW_DL_DST;

	if (tci_mask == 0) {
		w |= OFPFW_DL_VLAN | OFPFW_DL_VLAN_PCP;
	} else if ((tci_mask & TCI_CFI) && !(tci & TCI_CFI)) {
		out->dl_vlan = OFP_VLAN_NONE;
	} else {
		if (tci_mask & TCI_VID)
			out->dl_vlan = tci & TCI_VID;
		else
			w |= OFPFW_DL_VLAN;
		if (tci_mask & TCI_PCP)
			out->dl_vlan_pcp = (uint8_t)(tci >> 13);
		else
			w |= OFPFW_DL_VLAN_PCP;
	}

	if (m->w[3] & F_DL_TYPE)
		out->dl_type = (uint16_t)(v->w[3] >> 48);
	else
		w |= OFPFW_DL_TYPE;
	if (m->w[3] & F_DSCP)
		out->nw_tos = (uint8_t)(v->w[3] >> 40) & 0xfc;
	else
		w |= OFPFW_NW_TOS;
	if (m->w[3] & F_PROTO)
		out->nw_proto = (uint8_t)(v->w[3] >> 32);
	else
		w |= OFPFW_NW_PROTO;
	if (m->w[3] & F_TP_SRC)
		out->tp_src = (uint16_t)(v->w[3] >> 16);
	else
		w |= OFPFW_TP_SRC;
	if (m->w[3] & F_TP_DST)
		out->tp_dst = (uint16_t)v->w[3];
	else
		w |= OFPFW_TP_DST;

	out->nw_src = (uint32_t)(v->w[2] >> 32);
	out->nw_dst = (uint32_t)v->w[2];
	w |= (32 - popcount32((uint32_t)(m->w[2] >> 32))) << OFPFW_NW_SRC_SHIFT;
	w |= (32 - popcount32((uint32_t)m->w[2])) << OFPFW_NW_DST_SHIFT;
	out->wildcards = w;
}

/* Canonical form of a wire match: the round trip through value/mask. */
void dp_key_canonical(const struct of_match *in, bool normalize_it,
		      struct of_match *out)
{
	struct dp_key v, m;
	dp_key_from_match(in, normalize_it, &v, &m);
	dp_key_to_match(&v, &m, out);
}
