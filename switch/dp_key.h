/* dp_key: the flow table's internal form of an OpenFlow 1.0 match.
 *
 * A match becomes a 256-bit value and a 256-bit mask over the same packed
 * layout as a packet's key, so that "packet matches entry" is one AND and
 * one compare per 64-bit word, "criteria covers entry" (non-strict
 * flow-mods and stats) is a subset test on the masks plus a compare, and
 * "two entries overlap" is a compare under the intersection of the masks.
 *
 * The conversion follows Open vSwitch 3.1 for OpenFlow 1.0
 * (ofputil_match_from_ofp10_match, ofputil_normalize_match and
 * ofputil_match_to_ofp10_match in lib/ofp-match.c and lib/ofp-util.c), so a
 * match reads back (flow stats, flow removed) exactly as OVS reports it:
 *   - wildcarded fields and the wildcarded low bits of nw_src/nw_dst read
 *     as zero; prefix counts above 32 read as 32;
 *   - nw_tos keeps only its DSCP bits (0xfc);
 *   - dl_vlan keeps its low 12 bits and dl_vlan_pcp its low 3; dl_vlan
 *     0xffff (matched) means "no 802.1Q header" and makes dl_vlan_pcp
 *     irrelevant; a matched dl_vlan_pcp only matches tagged frames;
 *   - normalisation (flow-mods only, as in OVS): fields that dl_type and
 *     nw_proto make meaningless are wildcarded: nw_src/nw_dst unless IPv4,
 *     ARP or RARP; nw_proto unless IPv4, IPv6, ARP or RARP; nw_tos unless
 *     IPv4 or IPv6; tp_src/tp_dst unless IPv4 with ICMP, TCP, UDP or SCTP,
 *     or IPv6 with TCP, UDP, SCTP or ICMPv6.
 *
 * Internally the VLAN fields are one 16-bit "TCI" in the OVS manner: 0 for
 * an untagged frame, else 0x1000 (a "tag present" bit) | PCP << 13 | VID.
 * One hidden field, OVS's packet_type, is matched when the wire match gives
 * any field beyond in_port (even one normalisation then drops): every
 * packet has it, so it never changes what matches, but it tells such a
 * flow apart from the catch-all in strict commands and makes non-strict
 * criteria with it skip flows without it, as in OVS. */
#ifndef DP_KEY_H
#define DP_KEY_H

#include <stdbool.h>
#include <stdint.h>

#include "of_match.h"

/* Packed fields (bit 63 first):
 *   w[0]: in_port:16 dl_src:48
 *   w[1]: tci:16     dl_dst:48
 *   w[2]: nw_src:32  nw_dst:32
 *   w[3]: dl_type:16 nw_tos:8 nw_proto:8 tp_src:16 tp_dst:16
 * The two low bits of nw_tos (ECN, never matched) are not kept; bit 40
 * holds the hidden packet-type field instead (1 in every key). */
struct dp_key {
	uint64_t w[4];
};

/* Builds the key of a packet from the parser's struct of_match (wildcards
 * ignored; dl_vlan 0xffff for an untagged frame; a dl_type below 0x600 is
 * taken as 0x05ff, OFP_DL_TYPE_NOT_ETH_TYPE). */
void dp_key_from_packet(const struct of_match *pkt, struct dp_key *key);

/* Converts a wire match into value and mask (value has no bits outside
 * mask). `normalize` wildcards the fields that dl_type/nw_proto make
 * meaningless, as OVS does for flow-mods (it does not for stats requests). */
void dp_key_from_match(const struct of_match *m, bool normalize,
		       struct dp_key *value, struct dp_key *mask);

/* Converts value and mask (as made by dp_key_from_match) back to a wire
 * match in canonical form: the match OVS reports for the same flow. */
void dp_key_to_match(const struct dp_key *value, const struct dp_key *mask,
		     struct of_match *m);

/* The canonical form of a wire match (see above): what the flow table stores
 * and reports for a flow-mod with this match (normalize = true), or how it
 * reads a stats request's match (normalize = false). */
void dp_key_canonical(const struct of_match *in, bool normalize,
		      struct of_match *out);

/* True if (key AND mask) equals value. */
static inline bool dp_key_matches(const struct dp_key *key,
				  const struct dp_key *mask,
				  const struct dp_key *value)
{
	return ((key->w[0] & mask->w[0]) ^ value->w[0]) == 0 &&
	       ((key->w[1] & mask->w[1]) ^ value->w[1]) == 0 &&
	       ((key->w[2] & mask->w[2]) ^ value->w[2]) == 0 &&
	       ((key->w[3] & mask->w[3]) ^ value->w[3]) == 0;
}

/* True if a and b are the same bits. */
static inline bool dp_key_equal(const struct dp_key *a, const struct dp_key *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] &&
	       a->w[3] == b->w[3];
}

/* True if every bit of `small` is also set in `big`. */
static inline bool dp_key_subset(const struct dp_key *small,
				 const struct dp_key *big)
{
	return (small->w[0] & ~big->w[0]) == 0 &&
	       (small->w[1] & ~big->w[1]) == 0 &&
	       (small->w[2] & ~big->w[2]) == 0 &&
	       (small->w[3] & ~big->w[3]) == 0;
}

/* out = a AND b. */
static inline void dp_key_and(const struct dp_key *a, const struct dp_key *b,
			      struct dp_key *out)
{
	for (int i = 0; i < 4; i++)
		out->w[i] = a->w[i] & b->w[i];
}

/* A 32-bit hash of a (masked) key. */
static inline uint32_t dp_key_hash(const struct dp_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 4; i++) {
		h ^= k->w[i] * 0xc2b2ae3d27d4eb4full;
		h = (h << 31 | h >> 33) * 0x9e3779b97f4a7c15ull;
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return (uint32_t)h;
}

#endif
