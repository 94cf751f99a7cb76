/* dp_action: OpenFlow 1.0 actions on a packet in a buffer with headroom,
 * incremental checksum updates (RFC 1624), and completion of offloaded
 * checksums. Semantics and their sources are in dp_action.h. */
#include "dp_action.h"

#include <string.h>

#include "of_action.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- One's complement arithmetic. ---- */

/* Adds the bytes at p (big-endian 16-bit words, an odd last byte padded
 * with zero) to a 32-bit accumulator that is folded often enough not to
 * overflow. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	while (n >= 2) {
		sum += get16(p);
		if (sum & 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
		p += 2;
		n -= 2;
	}
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* RFC 1624 eqn. 3: the checksum after one 16-bit word changes. */
static uint16_t csum_update16(uint16_t csum, uint16_t old, uint16_t new)
{
	uint32_t s = (uint32_t)(uint16_t)~csum + (uint16_t)~old + new;
	return (uint16_t)~csum_fold(s);
}

/* The same for a 32-bit value (two words). */
static uint16_t csum_update32(uint16_t csum, uint32_t old, uint32_t new)
{
	csum =
	    csum_update16(csum, (uint16_t)(old >> 16), (uint16_t)(new >> 16));
	return csum_update16(csum, (uint16_t)old, (uint16_t) new);
}

/* Updates the TCP or UDP checksum at `field` for a covered value change
 * (UDP: 0 means "no checksum" and stays; a result of 0 is sent as 0xffff). */
static void l4_csum_update32(uint8_t *field, bool udp, uint32_t old,
			     uint32_t new)
{
	uint16_t c = get16(field);

	if (udp && c == 0)
		return;
	c = csum_update32(c, old, new);
	if (udp && c == 0)
		c = 0xffff;
	put16(field, c);
}

static void l4_csum_update16(uint8_t *field, bool udp, uint16_t old,
			     uint16_t new)
{
	uint16_t c = get16(field);

	if (udp && c == 0)
		return;
	c = csum_update16(c, old, new);
	if (udp && c == 0)
		c = 0xffff;
	put16(field, c);
}

/* ---- SCTP CRC32c (Castagnoli, reflected), bit by bit: ports are rarely
 * rewritten on SCTP and this needs no table. ---- */
static uint32_t crc32c(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* ---- The packet. ---- */

static void reparse(struct dp_packet *pkt)
{
	uint16_t in_port = pkt->key.in_port;

	of_pkt_extract(dp_packet_data(pkt), pkt->size, in_port, &pkt->key,
		       &pkt->lay);
}

/* Sets up a packet over a frame in a caller's buffer and parses it. */
void dp_packet_init(struct dp_packet *pkt, uint8_t *buf, size_t buf_size,
		    size_t ofs, size_t size, uint16_t in_port)
{
	/* A caller's mistake must not turn into an overflow. */
	if (ofs > buf_size)
		ofs = buf_size;
	if (size > buf_size - ofs)
		size = buf_size - ofs;
	pkt->buf = buf;
	pkt->buf_size = buf_size;
	pkt->ofs = ofs;
	pkt->size = size;
	pkt->key.in_port = in_port;
	reparse(pkt);
}

/* Offset where the transport header of an IPv4/IPv6 packet starts. */
static size_t l4_start(const struct of_pkt_layout *lay)
{
	return lay->l3_ofs + lay->l3_size;
}

/* Pushes an 802.1Q tag with `tci` after the MACs. */
static enum of_err push_vlan(struct dp_packet *pkt, uint16_t tci)
{
	uint8_t *f;

	if (pkt->ofs < OF_VLAN_HEADER_LEN) {
		if (pkt->buf_size - pkt->ofs - pkt->size < OF_VLAN_HEADER_LEN)
			return OF_E_NOSPACE;
		memmove(pkt->buf + pkt->ofs + OF_VLAN_HEADER_LEN,
			dp_packet_data(pkt), pkt->size);
		pkt->ofs += OF_VLAN_HEADER_LEN;
	}
	pkt->ofs -= OF_VLAN_HEADER_LEN;
	pkt->size += OF_VLAN_HEADER_LEN;
	f = dp_packet_data(pkt);
	memmove(f, f + OF_VLAN_HEADER_LEN, 2 * OFP_ETH_ALEN);
	put16(f + 12, OF_ETH_TYPE_VLAN);
	put16(f + 14, tci);
	reparse(pkt);
	return OF_OK;
}

static void strip_vlan(struct dp_packet *pkt)
{
	uint8_t *f = dp_packet_data(pkt);

	if (!pkt->lay.has_vlan)
		return;
	memmove(f + OF_VLAN_HEADER_LEN, f, 2 * OFP_ETH_ALEN);
	pkt->ofs += OF_VLAN_HEADER_LEN;
	pkt->size -= OF_VLAN_HEADER_LEN;
	reparse(pkt);
}

/* SET_VLAN_VID (pcp < 0) or SET_VLAN_PCP (vid < 0). */
static enum of_err set_vlan(struct dp_packet *pkt, int vid, int pcp)
{
	uint8_t *tci_p;
	uint16_t tci;

	if (!pkt->lay.has_eth)
		return OF_OK;
	if (!pkt->lay.has_vlan)
		return push_vlan(
		    pkt, (uint16_t)(vid >= 0 ? vid & 0x0fff : (pcp & 7) << 13));
	tci_p = dp_packet_data(pkt) + pkt->lay.vlan_ofs + 2;
	tci = get16(tci_p);
	if (vid >= 0) {
		tci = (uint16_t)((tci & 0xf000) | (vid & 0x0fff));
		pkt->key.dl_vlan = (uint16_t)(vid & 0x0fff);
	} else {
		tci = (uint16_t)((tci & 0x1fff) | (pcp & 7) << 13);
		pkt->key.dl_vlan_pcp = (uint8_t)(pcp & 7);
	}
	put16(tci_p, tci);
	return OF_OK;
}

static void set_dl(struct dp_packet *pkt, bool src, const uint8_t *mac)
{
	if (!pkt->lay.has_eth)
		return;
	memcpy(dp_packet_data(pkt) + (src ? OFP_ETH_ALEN : 0), mac,
	       OFP_ETH_ALEN);
	memcpy(src ? pkt->key.dl_src : pkt->key.dl_dst, mac, OFP_ETH_ALEN);
}

static void set_nw_addr(struct dp_packet *pkt, bool src, uint32_t addr)
{
	const struct of_pkt_layout *lay = &pkt->lay;
	uint8_t *ip, *field;
	uint32_t old;
	size_t l4 = l4_start(lay), l4_left;

	if (lay->l3 != OF_PKT_L3_IPV4)
		return;
	ip = dp_packet_data(pkt) + lay->l3_ofs;
	field = ip + (src ? 12 : 16);
	old = get32(field);
	l4_left = lay->l3_end - l4;
	/* The pseudo-header covers the addresses: fix the TCP/UDP checksum
	 * wherever the field is there, even if the rest of the header is
	 * bad, so a receiver sees the same verdict as before. */
	if (!lay->is_later_frag) {
		uint8_t *seg = dp_packet_data(pkt) + l4;
		if (lay->l4_proto == OF_IPPROTO_TCP && l4_left >= 18)
			l4_csum_update32(seg + 16, false, old, addr);
		else if (lay->l4_proto == OF_IPPROTO_UDP && l4_left >= 8)
			l4_csum_update32(seg + 6, true, old, addr);
	}
	put16(ip + 10, csum_update32(get16(ip + 10), old, addr));
	put32(field, addr);
	if (src)
		pkt->key.nw_src = addr;
	else
		pkt->key.nw_dst = addr;
}

static void set_nw_tos(struct dp_packet *pkt, uint8_t tos)
{
	uint8_t *ip = dp_packet_data(pkt) + pkt->lay.l3_ofs;
	uint8_t dscp = tos & 0xfc;

	if (pkt->lay.l3 == OF_PKT_L3_IPV4) {
		uint16_t old = get16(ip);
		uint16_t new = (uint16_t)((old & 0xff03) | dscp);
		put16(ip + 10, csum_update16(get16(ip + 10), old, new));
		put16(ip, new);
	} else if (pkt->lay.l3 == OF_PKT_L3_IPV6) {
		/* Traffic class: low nibble of byte 0, high nibble of byte 1. */
		uint8_t tc = (uint8_t)((ip[0] & 0x0f) << 4 | ip[1] >> 4);
		tc = (uint8_t)((tc & 0x03) | dscp);
		ip[0] = (uint8_t)((ip[0] & 0xf0) | tc >> 4);
		ip[1] = (uint8_t)((ip[1] & 0x0f) | (tc & 0x0f) << 4);
	} else {
		return;
	}
	pkt->key.nw_tos = dscp;
}

static void set_tp(struct dp_packet *pkt, bool src, uint16_t port)
{
	const struct of_pkt_layout *lay = &pkt->lay;
	uint8_t *seg, *field;
	uint16_t old;

	if (!lay->has_l4 || lay->is_later_frag)
		return;
	seg = dp_packet_data(pkt) + lay->l4_ofs;
	field = seg + (src ? 0 : 2);
	old = get16(field);
	switch (lay->l4_proto) {
	case OF_IPPROTO_TCP:
		l4_csum_update16(seg + 16, false, old, port);
		put16(field, port);
		break;
	case OF_IPPROTO_UDP:
		l4_csum_update16(seg + 6, true, old, port);
		put16(field, port);
		break;
	case OF_IPPROTO_SCTP: {
		if (lay->is_frag)
			return; /* the CRC covers bytes this frame lacks */
		/* CRC32c is linear: stored ^ crc(old) ^ crc(new), all with
		 * the field zeroed, is the right CRC if the stored one was. */
		size_t n = lay->l3_end - lay->l4_ofs;
		uint8_t stored[4];
		uint32_t delta;

		memcpy(stored, seg + 8, 4);
		memset(seg + 8, 0, 4);
		delta = crc32c(seg, n);
		put16(field, port);
		delta ^= crc32c(seg, n);
		/* SCTP stores the CRC least significant byte first. */
		for (int i = 0; i < 4; i++)
			seg[8 + i] = (uint8_t)(stored[i] ^ (delta >> (8 * i)));
		break;
	}
	default: /* ICMP, ICMPv6: not a port (see dp_action.h) */
		return;
	}
	if (lay->is_frag)
		return; /* the key of a fragment has no ports */
	if (src)
		pkt->key.tp_src = port;
	else
		pkt->key.tp_dst = port;
}

/* Runs a validated action list on a packet; see dp_action.h. */
enum of_err dp_execute(struct dp_packet *pkt, struct of_bytes actions,
		       dp_output_fn *output, void *ctx)
{
	struct of_iter it = of_iter_make(actions);
	struct of_action a;
	enum of_err e = OF_OK;

	while (e == OF_OK && of_action_next(&it, &a)) {
		switch (a.type) {
		case OFPAT_OUTPUT:
			output(ctx, a.u.output.port, a.u.output.max_len,
			       DP_NO_QUEUE, dp_packet_data(pkt), pkt->size);
			break;
		case OFPAT_ENQUEUE:
			output(ctx, a.u.enqueue.port, 0, a.u.enqueue.queue_id,
			       dp_packet_data(pkt), pkt->size);
			break;
		case OFPAT_SET_VLAN_VID:
			e = set_vlan(pkt, a.u.vlan_vid & 0x0fff, -1);
			break;
		case OFPAT_SET_VLAN_PCP:
			e = set_vlan(pkt, -1, a.u.vlan_pcp & 7);
			break;
		case OFPAT_STRIP_VLAN:
			strip_vlan(pkt);
			break;
		case OFPAT_SET_DL_SRC:
			set_dl(pkt, true, a.u.dl_addr);
			break;
		case OFPAT_SET_DL_DST:
			set_dl(pkt, false, a.u.dl_addr);
			break;
		case OFPAT_SET_NW_SRC:
			set_nw_addr(pkt, true, a.u.nw_addr);
			break;
		case OFPAT_SET_NW_DST:
			set_nw_addr(pkt, false, a.u.nw_addr);
			break;
		case OFPAT_SET_NW_TOS:
			set_nw_tos(pkt, a.u.nw_tos);
			break;
		case OFPAT_SET_TP_SRC:
			set_tp(pkt, true, a.u.tp_port);
			break;
		case OFPAT_SET_TP_DST:
			set_tp(pkt, false, a.u.tp_port);
			break;
		case OFPAT_VENDOR:
			e = OF_E_BAD_ACTION_VENDOR;
			break;
		default:
			e = OF_E_BAD_ACTION_TYPE;
			break;
		}
	}
	return e;
}

/* ---- Offloaded checksums. ---- */

/* Completes a CHECKSUM_PARTIAL checksum; see dp_action.h. */
bool dp_csum_complete(uint8_t *frame, size_t size, size_t csum_start,
		      size_t csum_offset)
{
	uint16_t c;

	if (csum_start > size || csum_offset > size - csum_start ||
	    size - csum_start - csum_offset < 2)
		return false;
	c = (uint16_t)~csum_fold(
	    csum_add(0, frame + csum_start, size - csum_start));
	put16(frame + csum_start + csum_offset, c ? c : 0xffff);
	return true;
}

/* Computes a TCP/UDP checksum from scratch; see dp_action.h. */
bool dp_csum_fill_l4(uint8_t *frame, size_t size,
		     const struct of_pkt_layout *lay)
{
	size_t l4 = l4_start(lay), n, at;
	const uint8_t *ip = frame + lay->l3_ofs;
	uint32_t sum;
	uint8_t pseudo[8];
	uint16_t c;

	if ((lay->l3 != OF_PKT_L3_IPV4 && lay->l3 != OF_PKT_L3_IPV6) ||
	    lay->is_frag || lay->l3_end > size)
		return false;
	if (lay->l4_proto == OF_IPPROTO_TCP)
		at = 16;
	else if (lay->l4_proto == OF_IPPROTO_UDP)
		at = 6;
	else
		return false;
	n = lay->l3_end - l4;
	if (n < at + 2)
		return false;
	if (lay->l3 == OF_PKT_L3_IPV4) {
		sum = csum_add(0, ip + 12, 8); /* source, destination */
		put16(pseudo, lay->l4_proto);
		put16(pseudo + 2, (uint16_t)n);
		sum = csum_add(sum, pseudo, 4);
	} else {
		sum = csum_add(0, ip + 8, 32);
		put32(pseudo, (uint32_t)n);
		put32(pseudo + 4, lay->l4_proto);
		sum = csum_add(sum, pseudo, 8);
	}
	put16(frame + l4 + at, 0);
	c = (uint16_t)~csum_fold(csum_add(sum, frame + l4, n));
	if (c == 0 && lay->l4_proto == OF_IPPROTO_UDP)
		c = 0xffff;
	put16(frame + l4 + at, c);
	return true;
}
