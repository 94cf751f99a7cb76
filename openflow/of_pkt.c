/* of_pkt: frame -> OpenFlow 1.0 12-tuple and header layout. The rules and
 * the reasons for each corner are in of_pkt.h. Every read is preceded by a
 * check that the bytes are there; `end` is the first byte past what the
 * current header may use (the frame, then the IP datagram). */
#include "of_pkt.h"

#include <string.h>

/* Reads big-endian values at p; the caller has checked the bounds. */
static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* True if `n` bytes are available at `ofs` before `end`. */
static bool have(size_t ofs, size_t n, size_t end)
{
	return ofs <= end && end - ofs >= n;
}

static bool is_vlan_tpid(uint16_t t)
{
	return t == OF_ETH_TYPE_VLAN || t == OF_ETH_TYPE_VLAN_8021AD;
}

/* 802.3 length field at `ofs - 2`: returns the SNAP type, or 0x05ff, and
 * advances *ofs past the LLC/SNAP header if it gave the type. */
static uint16_t parse_llc(const uint8_t *f, size_t size, size_t *ofs)
{
	static const uint8_t snap[6] = {0xaa, 0xaa, 0x03, 0, 0, 0};
	uint16_t type;

	if (!have(*ofs, 8, size) || memcmp(f + *ofs, snap, sizeof(snap)) != 0)
		return OFP_DL_TYPE_NOT_ETH_TYPE;
	type = get16(f + *ofs + 6);
	if (type < OF_ETH_TYPE_MIN)
		return OFP_DL_TYPE_NOT_ETH_TYPE;
	*ofs += 8;
	return type;
}

/* Fills the transport fields of an unfragmented (or first-fragment)
 * datagram whose transport header starts at ofs and which ends at end. */
static void parse_l4(const uint8_t *f, size_t ofs, size_t end, uint8_t proto,
		     struct of_pkt_layout *lay)
{
	size_t hlen = 0;

	switch (proto) {
	case OF_IPPROTO_TCP:
		if (have(ofs, 20, end)) {
			size_t doff = (size_t)(f[ofs + 12] >> 4) * 4;
			if (doff >= 20 && have(ofs, doff, end))
				hlen = doff;
		}
		break;
	case OF_IPPROTO_UDP:
		hlen = have(ofs, 8, end) ? 8 : 0;
		break;
	case OF_IPPROTO_SCTP:
		hlen = have(ofs, 12, end) ? 12 : 0;
		break;
	case OF_IPPROTO_ICMP:
	case OF_IPPROTO_ICMPV6:
		/* Whatever the IP version, as in OVS. */
		hlen = have(ofs, 8, end) ? 8 : 0;
		break;
	default:
		break;
	}
	if (hlen == 0)
		return;
	lay->has_l4 = true;
	lay->l4_ofs = ofs;
	lay->l4_size = hlen;
	lay->payload_ofs = ofs + hlen;
}

/* The transport fields of the key from a parsed transport header. */
static void l4_key(const uint8_t *f, const struct of_pkt_layout *lay,
		   struct of_match *key)
{
	if (!lay->has_l4 || lay->is_frag)
		return;
	if (lay->l4_proto == OF_IPPROTO_ICMP ||
	    lay->l4_proto == OF_IPPROTO_ICMPV6) {
		key->tp_src = f[lay->l4_ofs];
		key->tp_dst = f[lay->l4_ofs + 1];
	} else {
		key->tp_src = get16(f + lay->l4_ofs);
		key->tp_dst = get16(f + lay->l4_ofs + 2);
	}
}

static void parse_ipv4(const uint8_t *f, size_t size, struct of_match *key,
		       struct of_pkt_layout *lay)
{
	size_t ofs = lay->l3_ofs, ihl, tot;
	uint16_t frag;

	if (!have(ofs, 20, size))
		return;
	ihl = (size_t)(f[ofs] & 0x0f) * 4;
	tot = get16(f + ofs + 2);
	if (ihl < 20 || !have(ofs, ihl, size) || tot < ihl ||
	    !have(ofs, tot, size))
		return;
	lay->l3 = OF_PKT_L3_IPV4;
	lay->l3_size = ihl;
	lay->l3_end = ofs + tot;
	key->nw_tos = f[ofs + 1] & 0xfc;
	key->nw_proto = f[ofs + 9];
	key->nw_src = get32(f + ofs + 12);
	key->nw_dst = get32(f + ofs + 16);
	lay->l4_proto = f[ofs + 9];
	frag = get16(f + ofs + 6);
	if (frag & 0x3fff) { /* MF or a fragment offset */
		lay->is_frag = true;
		lay->is_later_frag = (frag & 0x1fff) != 0;
	}
	if (!lay->is_later_frag)
		parse_l4(f, ofs + ihl, lay->l3_end, lay->l4_proto, lay);
	l4_key(f, lay, key);
}

/* IPv6 extension headers OVS walks through to find the upper protocol. */
static bool is_ipv6_ext(uint8_t nh)
{
	return nh == 0 /* hop-by-hop */ || nh == 43 /* routing */ ||
	       nh == 60 /* destination options */ || nh == 51 /* AH */ ||
	       nh == OF_IPPROTO_FRAGMENT;
}

static void parse_ipv6(const uint8_t *f, size_t size, struct of_match *key,
		       struct of_pkt_layout *lay)
{
	size_t ofs = lay->l3_ofs, end, p;
	uint8_t nh;
	bool frag = false, later = false;

	if (!have(ofs, 40, size))
		return;
	end = ofs + 40 + get16(f + ofs + 4);
	if (end > size)
		return;
	nh = f[ofs + 6];
	p = ofs + 40;
	while (is_ipv6_ext(nh) && !later) {
		size_t hlen;

		if (!have(p, 8, end))
			return; /* a malformed chain: no fields, as in OVS */
		if (nh == OF_IPPROTO_FRAGMENT) {
			uint16_t offlg = get16(f + p + 2);
			hlen = 8;
			if (offlg != 0) {
				frag = true;
				later = (offlg & 0xfff8) != 0;
			}
		} else if (nh == 51) {
			hlen = ((size_t)f[p + 1] + 2) * 4;
		} else {
			hlen = ((size_t)f[p + 1] + 1) * 8;
		}
		if (!have(p, hlen, end))
			return;
		nh = later ? OF_IPPROTO_FRAGMENT : f[p];
		p += hlen;
	}
	lay->l3 = OF_PKT_L3_IPV6;
	lay->l3_size = p - ofs;
	lay->l3_end = end;
	lay->is_frag = frag;
	lay->is_later_frag = later;
	lay->l4_proto = nh;
	key->nw_tos = (uint8_t)(get16(f + ofs) >> 4) & 0xfc;
	key->nw_proto = nh;
	if (!later)
		parse_l4(f, p, end, nh, lay);
	l4_key(f, lay, key);
}

static void parse_arp(const uint8_t *f, size_t size, struct of_match *key,
		      struct of_pkt_layout *lay)
{
	static const uint8_t eth_ip[6] = {0, 1, 0x08, 0x00, 6, 4};
	size_t ofs = lay->l3_ofs;
	uint16_t op;

	if (!have(ofs, 28, size) || memcmp(f + ofs, eth_ip, 6) != 0)
		return;
	lay->l3 = OF_PKT_L3_ARP;
	lay->l3_size = 28;
	lay->l3_end = ofs + 28;
	op = get16(f + ofs + 6);
	if (op <= 0xff)
		key->nw_proto = (uint8_t)op;
	key->nw_src = get32(f + ofs + 14);
	key->nw_dst = get32(f + ofs + 24);
}

/* Parses a frame into the 12-tuple and its layout (see of_pkt.h). */
void of_pkt_extract(const uint8_t *frame, size_t size, uint16_t in_port,
		    struct of_match *key, struct of_pkt_layout *lay)
{
	size_t ofs;
	uint16_t type;

	memset(key, 0, sizeof(*key));
	memset(lay, 0, sizeof(*lay));
	key->in_port = in_port;
	key->dl_vlan = OFP_VLAN_NONE;
	lay->size = size;
	if (!frame || size < OF_ETH_HEADER_LEN)
		return;
	lay->has_eth = true;
	memcpy(key->dl_dst, frame, OFP_ETH_ALEN);
	memcpy(key->dl_src, frame + OFP_ETH_ALEN, OFP_ETH_ALEN);

	ofs = 12;
	type = get16(frame + ofs);
	if (is_vlan_tpid(type) && have(ofs, 6, size)) {
		uint16_t tci = get16(frame + ofs + 2);
		lay->has_vlan = true;
		lay->vlan_ofs = ofs;
		key->dl_vlan = tci & 0x0fff;
		key->dl_vlan_pcp = (uint8_t)(tci >> 13);
		ofs += 4;
		type = get16(frame + ofs);
	}
	lay->type_ofs = ofs;
	ofs += 2;
	if (type < OF_ETH_TYPE_MIN)
		type = parse_llc(frame, size, &ofs);
	key->dl_type = type;
	lay->l3_ofs = ofs;

	switch (type) {
	case OF_ETH_TYPE_IP:
		parse_ipv4(frame, size, key, lay);
		break;
	case OF_ETH_TYPE_IPV6:
		parse_ipv6(frame, size, key, lay);
		break;
	case OF_ETH_TYPE_ARP:
	case OF_ETH_TYPE_RARP:
		parse_arp(frame, size, key, lay);
		break;
	default:
		break;
	}
}
