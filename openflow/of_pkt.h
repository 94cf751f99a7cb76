/* of_pkt: parsing an Ethernet frame into the OpenFlow 1.0 12-tuple.
 *
 * of_pkt_extract() fills a struct of_match (wildcards 0) with the fields a
 * flow table looks up, and a struct of_pkt_layout with the header offsets
 * that action execution needs. It reads the frame only through explicit
 * bounds checks: any byte string is a valid input, a truncated or malformed
 * header leaves the fields it would have given (and everything deeper) 0.
 *
 * The rules are those of the OpenFlow 1.0.0 specification (section 3.4,
 * "Matching", and its figure 3) and, where the spec is silent, what Open
 * vSwitch 3.x does for an OpenFlow 1.0 table (lib/flow.c miniflow_extract,
 * ofproto-dpif rule lookup):
 *
 *  - Ethernet: a frame shorter than 14 bytes has no fields at all (MACs 0,
 *    dl_type 0, dl_vlan OFP_VLAN_NONE).
 *  - VLAN: one tag is parsed, with TPID 0x8100 or 0x88a8 (OVS treats an
 *    802.1ad tag like an 802.1Q one; with its default vlan-limit of 1 the
 *    TPID of an inner tag becomes dl_type). dl_vlan is the VID (the CFI/DEI
 *    bit is ignored), dl_vlan_pcp the PCP. A tag needs the 4 tag bytes and
 *    the 2 type bytes after it; otherwise it is not parsed and its TPID is
 *    the dl_type. Untagged: dl_vlan = OFP_VLAN_NONE, dl_vlan_pcp = 0.
 *  - dl_type: a type/length field >= 0x600 is the Ethernet II type. Below,
 *    the frame is 802.3: with an LLC/SNAP header (AA AA 03, OUI 00 00 00)
 *    whose type is >= 0x600, dl_type is the SNAP type and the network
 *    header follows the SNAP header; any other 802.3 frame (plain LLC, SNAP
 *    with another OUI or a small type, fewer than 8 bytes after the length)
 *    gets dl_type 0x05ff (OFP_DL_TYPE_NOT_ETH_TYPE). The 802.3 length value
 *    itself is not checked (OVS does not either).
 *  - IPv4 (dl_type 0x0800): the header is used only if it is whole: at least
 *    20 bytes, IHL*4 >= 20, the IHL bytes present, and the total length
 *    between IHL*4 and the bytes present (bytes after the total length are
 *    link padding and never parsed). Otherwise no network field is set.
 *    The version nibble is not checked (neither OVS nor the kernel datapath
 *    does). Options are skipped by IHL. nw_tos = TOS & 0xfc (DSCP, ECN
 *    bits dropped), nw_proto, nw_src, nw_dst.
 *  - IPv6 (dl_type 0x86dd; OpenFlow 1.0 has no IPv6 fields, but OVS fills
 *    nw_tos, nw_proto and tp_* from it for 1.0 tables, and the flow table
 *    keeps them for IPv6 matches): the 40-byte header and a payload length
 *    within the frame; nw_tos = traffic class & 0xfc; hop-by-hop, routing,
 *    destination options, AH and fragment headers are skipped; each must
 *    be whole and at least 8 bytes, else the packet has no network fields
 *    at all (OVS gives up the same way). nw_proto is the first other
 *    next-header value. nw_src/nw_dst stay 0. Like IPv4 fields, none is
 *    set unless the whole header chain and payload length check out.
 *  - Fragments: an IPv4 packet with MF set or a non-zero offset, or an IPv6
 *    packet with a fragment header whose offset/flags word is non-zero, is
 *    a fragment (lay->is_frag). OpenFlow 1.0 (figure 3) and OVS in its
 *    default "normal" fragment mode look up every fragment, the first one
 *    included, with tp_src = tp_dst = 0, so that is what the key holds.
 *    For a first fragment the layout still records the transport header
 *    (lay->has_l4), so actions can rewrite it and a caller implementing
 *    another fragment policy (OFPC_FRAG_DROP/REASM are the caller's) can
 *    read it. A later IPv6 fragment has nw_proto 44 (as in OVS).
 *  - Transport (not for fragments): TCP needs 20 bytes and a data offset
 *    between 20 and the bytes left; UDP 8 bytes; SCTP 12 bytes (OVS reads
 *    its ports too); ICMP and ICMPv6 8 bytes, tp_src = type, tp_dst = code
 *    (recognised by protocol number whatever the IP version, as in OVS).
 *    A shorter header leaves tp_src/tp_dst 0. Other protocols (IGMP
 *    included, which OVS treats like ICMP but a 1.0 match cannot use) have
 *    no transport fields.
 *  - ARP and RARP (0x0806, 0x8035): only Ethernet/IPv4 ARP (htype 1, ptype
 *    0x0800, hlen 6, plen 4, all 28 bytes present) has fields: nw_src = SPA,
 *    nw_dst = TPA for every opcode, and nw_proto = the opcode when it is at
 *    most 0xff (OVS: a larger opcode gives nw_proto 0, not its low byte).
 *  - in_port is the caller's; MPLS and other types have no fields past
 *    dl_type. */
#ifndef OF_PKT_H
#define OF_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_match.h"

/* dl_type of an 802.3 frame without a usable SNAP type. */
#define OFP_DL_TYPE_NOT_ETH_TYPE 0x05ff

/* Ethernet types and IP protocols the parser knows. */
enum of_pkt_const {
	OF_ETH_HEADER_LEN = 14,
	OF_VLAN_HEADER_LEN = 4,
	OF_ETH_TYPE_MIN = 0x0600,
	OF_ETH_TYPE_IP = 0x0800,
	OF_ETH_TYPE_ARP = 0x0806,
	OF_ETH_TYPE_VLAN = 0x8100,
	OF_ETH_TYPE_RARP = 0x8035,
	OF_ETH_TYPE_IPV6 = 0x86dd,
	OF_ETH_TYPE_VLAN_8021AD = 0x88a8,
	OF_IPPROTO_ICMP = 1,
	OF_IPPROTO_TCP = 6,
	OF_IPPROTO_UDP = 17,
	OF_IPPROTO_FRAGMENT = 44,
	OF_IPPROTO_ICMPV6 = 58,
	OF_IPPROTO_SCTP = 132,
};

/* The network header the layout describes. */
enum of_pkt_l3 {
	OF_PKT_L3_NONE = 0, /* none, an unknown type, or a malformed header */
	OF_PKT_L3_IPV4,	    /* a whole IPv4 header (see above) */
	OF_PKT_L3_IPV6,	    /* a whole IPv6 header and extension headers */
	OF_PKT_L3_ARP,	    /* 28-byte Ethernet/IPv4 ARP or RARP */
};

/* Where the headers of a parsed frame are. Offsets count bytes from the
 * first byte of the frame (the Ethernet destination address); a field is
 * meaningful only when the flag or kind before it says so. */
struct of_pkt_layout {
	size_t size;	 /* bytes of the frame that were parsed */
	bool has_eth;	 /* a whole 14-byte Ethernet header */
	bool has_vlan;	 /* a VLAN tag was parsed ... */
	size_t vlan_ofs; /* ... at this offset (its TPID; always 12) */
	size_t type_ofs; /* the type/length field dl_type came from: 12 or 16 */
	size_t l3_ofs;	 /* after Ethernet, VLAN and LLC/SNAP headers */
	enum of_pkt_l3 l3;
	size_t l3_size; /* IPv4: IHL*4; IPv6: 40 + extension headers; ARP 28 */
	size_t l3_end;	/* IPv4/IPv6: end of the datagram per its length
			   * field (any bytes after it are link padding) */
	bool is_frag;	/* an IPv4 or IPv6 fragment ... */
	bool
	    is_later_frag; /* ... with a non-zero offset (no transport header) */
	uint8_t l4_proto;  /* IPv4 protocol / last IPv6 next header */
	bool has_l4;	   /* a whole transport header of a known protocol
			   * (TCP, UDP, SCTP, ICMP, ICMPv6) ... */
	size_t l4_ofs;	   /* ... at this offset ... */
	size_t l4_size;	   /* ... this long (TCP: data offset * 4) */
	size_t payload_ofs; /* l4_ofs + l4_size when has_l4 */
};

/* Parses the `size` bytes at `frame` (any content; only read) received on
 * `in_port` into *key (every field as described above, wildcards 0) and
 * *lay. Both are written completely; neither keeps a pointer to the frame.
 * `frame` may be NULL only when size is 0. */
void of_pkt_extract(const uint8_t *frame, size_t size, uint16_t in_port,
		    struct of_match *key, struct of_pkt_layout *lay);

#endif
