/* dp_action: executing an OpenFlow 1.0 action list on one packet.
 *
 * The packet lives in a buffer the caller owns, with headroom in front of
 * the frame so that a VLAN tag can be pushed in place (struct dp_packet).
 * The executor applies the actions in order; at each OUTPUT and ENQUEUE it
 * calls the caller's output function with the frame as modified so far, so
 * an output sees exactly the modifications listed before it. Which ports an
 * OUTPUT reaches (a port, IN_PORT, FLOOD, ALL, CONTROLLER with max_len,
 * LOCAL, TABLE, NORMAL) is the output function's business.
 *
 * The packet's key (struct of_match, as of_pkt_extract makes it) and layout
 * are kept up to date with the bytes: after every action, key and layout
 * are what of_pkt_extract would return for the current frame (in_port
 * kept), so an output function doing a TABLE lookup sees the new values.
 *
 * Semantics (OpenFlow 1.0.0 section 5.2.4; Open vSwitch 3.x where the spec
 * is silent):
 *  - SET_VLAN_VID / SET_VLAN_PCP on a tagged frame replace the VID / PCP
 *    and keep the other TCI bits (the DEI bit included) and the TPID; on an
 *    untagged frame they push an 802.1Q tag (TPID 0x8100) with PCP 0 / VID
 *    0, as the spec says. STRIP_VLAN pops the outer tag (a no-op when there
 *    is none); an inner tag of a double-tagged frame then becomes the tag.
 *  - SET_DL_SRC / SET_DL_DST need a whole Ethernet header.
 *  - SET_NW_SRC / SET_NW_DST act on IPv4 only (not ARP, not IPv6). They
 *    update the IPv4 header checksum and, unless the packet is a non-first
 *    fragment, the TCP or UDP checksum (pseudo-header) incrementally (RFC
 *    1624) when that header is whole; a UDP checksum of 0 (none) stays 0 and
 *    an update that yields 0 is sent as 0xffff. ICMP and SCTP checksums do
 *    not cover the addresses.
 *  - SET_NW_TOS replaces the DSCP bits and keeps the two ECN bits, on IPv4
 *    (header checksum updated) and on IPv6 (traffic class; OVS does so).
 *  - SET_TP_SRC / SET_TP_DST rewrite TCP, UDP and SCTP ports (IPv4 or IPv6)
 *    when the transport header is whole and the packet is not a non-first
 *    fragment (a first fragment's ports are rewritten although its key has
 *    tp_* 0, see of_pkt.h). TCP/UDP checksums are updated incrementally (UDP
 *    0 stays 0); SCTP's CRC32c is recomputed the way OVS does it, so a wrong
 *    CRC stays wrong (SCTP fragments are left alone: their CRC covers
 *    bytes the frame does not have). ICMP type and code are left alone (the spec's action
 *    is a TCP/UDP port; OVS 3.x would rewrite them).
 *  - Any modification a packet has no header for is a no-op.
 *  - VENDOR actions are not supported: execution stops there (see
 *    dp_execute). Lists are assumed validated (of_actions_check_structure
 *    and of_actions_check_semantics). */
#ifndef DP_ACTION_H
#define DP_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_err.h"
#include "of_match.h"
#include "of_pkt.h"
#include "of_types.h"

/* Headroom a dp_packet needs in front of its frame for a tag push to
 * happen in place (a list pushes at most one tag net: a second SET_VLAN_*
 * modifies the pushed tag, and STRIP_VLAN gives the room back). */
#define DP_HEADROOM 4

/* queue_id of an output that is not an ENQUEUE. An ENQUEUE to queue
 * 0xffffffff (OFPQ_ALL, not a real queue) is indistinguishable from it:
 * flow-mod validation should refuse that queue (OFPBAC_BAD_QUEUE). */
#define DP_NO_QUEUE 0xffffffffu

/* A frame in a caller-owned buffer, with its key and layout. The frame is
 * `size` bytes at `buf + ofs`; `buf_size - ofs - size` bytes of tailroom
 * follow it. Fields are read-only for the caller while actions run. */
struct dp_packet {
	uint8_t *buf;
	size_t buf_size;
	size_t ofs;
	size_t size;
	struct of_match key;
	struct of_pkt_layout lay;
};

/* Called at each OUTPUT (queue_id DP_NO_QUEUE, max_len from the action)
 * and ENQUEUE (max_len 0) with the current frame, which stays owned by the
 * executor: valid during the call only, not to be modified. The packet's
 * key and layout are current during the call (reach the dp_packet through
 * ctx if needed). The function must not run actions on the same packet. */
typedef void dp_output_fn(void *ctx, uint16_t port, uint16_t max_len,
			  uint32_t queue_id, const uint8_t *frame, size_t size);

/* Sets up *pkt for the `size`-byte frame already at `buf + ofs` in a buffer
 * of `buf_size` bytes (ofs + size <= buf_size; ofs >= DP_HEADROOM for tag
 * pushes in place) received on `in_port`, and parses it. The buffer stays
 * the caller's; *pkt points into it. */
void dp_packet_init(struct dp_packet *pkt, uint8_t *buf, size_t buf_size,
		    size_t ofs, size_t size, uint16_t in_port);

/* Returns the packet's frame (buf + ofs). */
static inline uint8_t *dp_packet_data(const struct dp_packet *pkt)
{
	return pkt->buf + pkt->ofs;
}

/* Runs the validated action list `actions` on *pkt in order, calling
 * output(ctx, ...) at each OUTPUT/ENQUEUE. Returns OF_OK after the last
 * action; or stops at the first action it cannot carry out and returns:
 * OF_E_BAD_ACTION_VENDOR for a VENDOR action, OF_E_BAD_ACTION_TYPE for an
 * unknown type (impossible in a validated list), OF_E_NOSPACE for a tag push
 * with neither 4 bytes of headroom nor of tailroom (the frame is moved
 * into tailroom if only that is free). Outputs before the failing action
 * have happened; the caller decides what the failure means (count, log). */
enum of_err dp_execute(struct dp_packet *pkt, struct of_bytes actions,
		       dp_output_fn *output, void *ctx);

/* Completes a checksum that offload left partial (Linux CHECKSUM_PARTIAL,
 * virtio-net VIRTIO_NET_HDR_F_NEEDS_CSUM): sums the frame from csum_start
 * to its end (the field at csum_start + csum_offset holds the pseudo-header
 * sum, as the sender's stack left it) and stores the complement there (0
 * is sent as 0xffff, as the kernel does). Returns false, changing nothing,
 * if the field is not inside the frame. */
bool dp_csum_complete(uint8_t *frame, size_t size, size_t csum_start,
		      size_t csum_offset);

/* Computes from scratch and stores the TCP or UDP checksum of an
 * unfragmented IPv4 or IPv6 packet parsed into *lay (pseudo-header and
 * segment up to the datagram's end; for IPv6 the pseudo-header takes the
 * header's destination even if a routing header names another), for
 * frames flagged
 * TP_STATUS_CSUMNOTREADY without offsets (PACKET_AUXDATA). Over UDP a 0
 * result is stored as 0xffff. Returns false, changing nothing, for any
 * other packet. */
bool dp_csum_fill_l4(uint8_t *frame, size_t size,
		     const struct of_pkt_layout *lay);

#endif
