/* ofp_match: the 12-field OpenFlow 1.0 match, in host order. Every field is
 * kept as it was on the wire, including fields that the wildcards hide, so a
 * decoded match re-encodes byte for byte (padding excepted: written as zero). */
#ifndef OF_MATCH_H
#define OF_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ofbuf.h"
#include "ofp.h"

struct of_match {
	uint32_t wildcards; /* OFPFW_* */
	uint16_t in_port;
	uint8_t dl_src[OFP_ETH_ALEN];
	uint8_t dl_dst[OFP_ETH_ALEN];
	uint16_t dl_vlan;
	uint8_t dl_vlan_pcp;
	uint16_t dl_type;
	uint8_t nw_tos;
	uint8_t nw_proto;
	uint32_t nw_src;
	uint32_t nw_dst;
	uint16_t tp_src;
	uint16_t tp_dst;
};

/* Reads a 40-byte ofp_match (sets r->short_read if fewer bytes remain). */
void of_match_get(struct of_rbuf *r, struct of_match *m);
/* Appends a 40-byte ofp_match. */
void of_match_put(struct of_wbuf *w, const struct of_match *m);

/* Sets `m` to match everything (all wildcards, all fields zero). */
void of_match_init_catchall(struct of_match *m);

/* Number of wildcarded low-order bits of nw_src (0..32; wire values above 32
 * mean 32). */
unsigned of_match_nw_src_wild_bits(const struct of_match *m);
/* Same for nw_dst. */
unsigned of_match_nw_dst_wild_bits(const struct of_match *m);
/* Network mask for nw_src/nw_dst given its wildcard bit count (0 for 32+). */
uint32_t of_match_nw_mask(unsigned wild_bits);
/* Sets the nw_src prefix length (0..32) in the wildcards. */
void of_match_set_nw_src_prefix(struct of_match *m, unsigned prefix_len);
/* Sets the nw_dst prefix length (0..32) in the wildcards. */
void of_match_set_nw_dst_prefix(struct of_match *m, unsigned prefix_len);

#endif
