/* Software GSO: cutting a TSO/GSO super-frame into MSS-sized frames (see
 * dp_gso.h). Headers are found with of_pkt_extract; each segment's L4
 * checksum is computed with dp_csum_fill_l4. */
#include <string.h>

#include "dp_action.h"
#include "dp_gso.h"

enum {
	TCP_FIN = 0x01,
	TCP_PSH = 0x08,
	TCP_CWR = 0x80,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The IPv4 header checksum of the `size`-byte header at ip (field
 * zeroed first). */
static void ipv4_fill_csum(uint8_t *ip, size_t size)
{
	uint32_t sum = 0;

	put16(ip + 10, 0);
	for (size_t i = 0; i + 1 < size; i += 2)
		sum += get16(ip + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, (uint16_t)~sum);
}

/* Checks that the frame is what `type` says and records its layout. */
bool dp_gso_init(struct dp_gso *g, const uint8_t *frame, size_t size,
		 enum dp_gso_type type, size_t mss)
{
	struct of_match key;
	struct of_pkt_layout *lay = &g->lay;
	uint8_t proto = type == DP_GSO_UDP_L4 ? OF_IPPROTO_UDP : OF_IPPROTO_TCP;

	memset(g, 0, sizeof(*g));
	if (mss == 0 || mss > 0xffff)
		return false;
	of_pkt_extract(frame, size, 0, &key, lay);
	if (lay->is_frag || !lay->has_l4 || lay->l4_proto != proto)
		return false;
	if ((type == DP_GSO_TCPV4 && lay->l3 != OF_PKT_L3_IPV4) ||
	    (type == DP_GSO_TCPV6 && lay->l3 != OF_PKT_L3_IPV6) ||
	    (lay->l3 != OF_PKT_L3_IPV4 && lay->l3 != OF_PKT_L3_IPV6))
		return false;
	g->frame = frame;
	g->mss = mss;
	g->hdr_size = lay->payload_ofs;
	g->end = lay->l3_end;
	g->pos = g->hdr_size;
	/* A segment's IP length must fit its 16-bit field. */
	if (g->hdr_size - lay->l3_ofs + mss > 0xffff)
		return false;
	return g->end >= g->hdr_size;
}

/* Segments of the whole frame (an empty payload still gives one). */
size_t dp_gso_count(const struct dp_gso *g)
{
	size_t payload = g->end - g->hdr_size;

	return payload ? (payload + g->mss - 1) / g->mss : 1;
}

/* Headers plus one MSS. */
size_t dp_gso_max_size(const struct dp_gso *g)
{
	return g->hdr_size + g->mss;
}

/* Produces segment number g->index (see dp_gso.h). */
size_t dp_gso_next(struct dp_gso *g, uint8_t *out, size_t out_size)
{
	const struct of_pkt_layout *lay = &g->lay;
	size_t chunk, seg_size, l3 = lay->l3_ofs, l4 = lay->l4_ofs;
	bool first = g->index == 0, last;
	struct of_pkt_layout seg_lay;
	uint8_t *ip = out + l3;

	if (g->frame == NULL || out_size < dp_gso_max_size(g) ||
	    (g->pos >= g->end && !(first && g->end == g->hdr_size)))
		return 0;
	chunk = g->end - g->pos < g->mss ? g->end - g->pos : g->mss;
	last = g->pos + chunk >= g->end;
	seg_size = g->hdr_size + chunk;
	memcpy(out, g->frame, g->hdr_size);
	memcpy(out + g->hdr_size, g->frame + g->pos, chunk);

	if (lay->l3 == OF_PKT_L3_IPV4) {
		put16(ip + 2, (uint16_t)(seg_size - l3));
		put16(ip + 4, (uint16_t)(get16(ip + 4) + g->index));
		ipv4_fill_csum(ip, lay->l3_size);
	} else {
		put16(ip + 4, (uint16_t)(seg_size - l3 - 40));
	}
	if (lay->l4_proto == OF_IPPROTO_TCP) {
		uint8_t *th = out + l4;

		put32(th + 4, get32(th + 4) + (uint32_t)(g->pos - g->hdr_size));
		if (!last)
			th[13] &= (uint8_t) ~(TCP_FIN | TCP_PSH);
		if (!first)
			th[13] &= (uint8_t)~TCP_CWR;
	} else {
		put16(out + l4 + 4, (uint16_t)(seg_size - l4));
	}
	seg_lay = *lay;
	seg_lay.size = seg_size;
	seg_lay.l3_end = seg_size;
	dp_csum_fill_l4(out, seg_size, &seg_lay);

	g->pos += chunk;
	g->index++;
	return seg_size;
}
