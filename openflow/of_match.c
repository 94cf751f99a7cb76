/* ofp_match: wire codec and nw_src/nw_dst prefix helpers. */
#include "of_match.h"

#include <string.h>

_Static_assert(OFP_MATCH_LEN == 40, "ofp_match is 40 bytes");

/* Reads a 40-byte ofp_match into *m; a short input sets r->short_read. */
void of_match_get(struct of_rbuf *r, struct of_match *m)
{
	m->wildcards = of_get32(r);
	m->in_port = of_get16(r);
	of_get_bytes(r, m->dl_src, OFP_ETH_ALEN);
	of_get_bytes(r, m->dl_dst, OFP_ETH_ALEN);
	m->dl_vlan = of_get16(r);
	m->dl_vlan_pcp = of_get8(r);
	of_skip(r, 1);
	m->dl_type = of_get16(r);
	m->nw_tos = of_get8(r);
	m->nw_proto = of_get8(r);
	of_skip(r, 2);
	m->nw_src = of_get32(r);
	m->nw_dst = of_get32(r);
	m->tp_src = of_get16(r);
	m->tp_dst = of_get16(r);
}

/* Appends *m as a 40-byte ofp_match, pads as zero. */
void of_match_put(struct of_wbuf *w, const struct of_match *m)
{
	of_put32(w, m->wildcards);
	of_put16(w, m->in_port);
	of_put_bytes(w, m->dl_src, OFP_ETH_ALEN);
	of_put_bytes(w, m->dl_dst, OFP_ETH_ALEN);
	of_put16(w, m->dl_vlan);
	of_put8(w, m->dl_vlan_pcp);
	of_put_zeros(w, 1);
	of_put16(w, m->dl_type);
	of_put8(w, m->nw_tos);
	of_put8(w, m->nw_proto);
	of_put_zeros(w, 2);
	of_put32(w, m->nw_src);
	of_put32(w, m->nw_dst);
	of_put16(w, m->tp_src);
	of_put16(w, m->tp_dst);
}

/* Sets *m to match every packet. */
void of_match_init_catchall(struct of_match *m)
{
	memset(m, 0, sizeof(*m));
	m->wildcards = OFPFW_ALL;
}

/* The 6-bit count field can say up to 63; everything from 32 up means the
 * whole address is wildcarded. */
static unsigned wild_bits(uint32_t wildcards, unsigned shift, uint32_t mask)
{
	unsigned n = (wildcards & mask) >> shift;
	return n >= 32 ? 32 : n;
}

/* Returns how many low bits of nw_src are wildcarded (0..32). */
unsigned of_match_nw_src_wild_bits(const struct of_match *m)
{
	return wild_bits(m->wildcards, OFPFW_NW_SRC_SHIFT, OFPFW_NW_SRC_MASK);
}

/* Returns how many low bits of nw_dst are wildcarded (0..32). */
unsigned of_match_nw_dst_wild_bits(const struct of_match *m)
{
	return wild_bits(m->wildcards, OFPFW_NW_DST_SHIFT, OFPFW_NW_DST_MASK);
}

/* Returns the network mask that keeps all but the `n` low bits. */
uint32_t of_match_nw_mask(unsigned n)
{
	return n >= 32 ? 0 : ~0u << n;
}

static uint32_t set_prefix(uint32_t wildcards, unsigned prefix_len,
			   unsigned shift, uint32_t mask)
{
	unsigned wild = prefix_len >= 32 ? 0 : 32 - prefix_len;
	return (wildcards & ~mask) | (uint32_t)wild << shift;
}

/* Sets the nw_src wildcard count for a /prefix_len (>32 means 32). */
void of_match_set_nw_src_prefix(struct of_match *m, unsigned prefix_len)
{
	m->wildcards = set_prefix(m->wildcards, prefix_len, OFPFW_NW_SRC_SHIFT,
				  OFPFW_NW_SRC_MASK);
}

/* Sets the nw_dst wildcard count for a /prefix_len (>32 means 32). */
void of_match_set_nw_dst_prefix(struct of_match *m, unsigned prefix_len)
{
	m->wildcards = set_prefix(m->wildcards, prefix_len, OFPFW_NW_DST_SHIFT,
				  OFPFW_NW_DST_MASK);
}
