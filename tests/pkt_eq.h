/* Field-by-field equality of packet keys and layouts (openflow/of_pkt.h),
 * shared by the action tests and the packet fuzzer. */
#ifndef PKT_EQ_H
#define PKT_EQ_H

#include <stdbool.h>
#include <string.h>

#include "of_pkt.h"

static inline bool pkt_key_eq(const struct of_match *a,
			      const struct of_match *b)
{
	return a->wildcards == b->wildcards && a->in_port == b->in_port &&
	       memcmp(a->dl_src, b->dl_src, 6) == 0 &&
	       memcmp(a->dl_dst, b->dl_dst, 6) == 0 &&
	       a->dl_vlan == b->dl_vlan && a->dl_vlan_pcp == b->dl_vlan_pcp &&
	       a->dl_type == b->dl_type && a->nw_tos == b->nw_tos &&
	       a->nw_proto == b->nw_proto && a->nw_src == b->nw_src &&
	       a->nw_dst == b->nw_dst && a->tp_src == b->tp_src &&
	       a->tp_dst == b->tp_dst;
}

static inline bool pkt_lay_eq(const struct of_pkt_layout *a,
			      const struct of_pkt_layout *b)
{
	return a->size == b->size && a->has_eth == b->has_eth &&
	       a->has_vlan == b->has_vlan && a->vlan_ofs == b->vlan_ofs &&
	       a->type_ofs == b->type_ofs && a->l3_ofs == b->l3_ofs &&
	       a->l3 == b->l3 && a->l3_size == b->l3_size &&
	       a->l3_end == b->l3_end && a->is_frag == b->is_frag &&
	       a->is_later_frag == b->is_later_frag &&
	       a->l4_proto == b->l4_proto && a->has_l4 == b->has_l4 &&
	       a->l4_ofs == b->l4_ofs && a->l4_size == b->l4_size &&
	       a->payload_ofs == b->payload_ofs;
}

#endif
