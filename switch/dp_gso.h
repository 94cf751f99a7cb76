/* dp_gso: software segmentation of the super-frames that Linux hands a
 * packet socket when the sender used TSO/GSO (a veth peer with offloads
 * on, as Mininet leaves them) or the receiver merged with GRO: one
 * Ethernet frame of up to 64 KiB that the device would have cut into
 * MSS-sized packets. The switch core must see ordinary frames, so the
 * platform cuts them here first, the way the kernel's own GSO does
 * (net/ipv4/tcp_offload.c, net/ipv4/udp_offload.c):
 *  - every segment gets a copy of the Ethernet/VLAN/IP/TCP or UDP headers
 *    and the next gso_size bytes of payload;
 *  - IPv4: total length per segment, the identification incremented per
 *    segment (the kernel does so unless told FIXEDID, which a
 *    virtio_net_hdr cannot say), header checksum recomputed; IPv6: payload
 *    length per segment (extension headers are copied as they are);
 *  - TCP: sequence number advanced by the payload before the segment, FIN
 *    and PSH kept only on the last segment, CWR only on the first, the
 *    checksum computed from scratch (the super-frame's is partial);
 *  - UDP (UDP_L4, i.e. UDP_SEGMENT / USO): each segment is a datagram of
 *    its own with its length and checksum (0 is sent as 0xffff).
 * UFO (one UDP datagram cut into IP fragments) is not supported.
 * Platform-free: no allocation; the caller provides each segment's buffer. */
#ifndef DP_GSO_H
#define DP_GSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_pkt.h"

/* What kind of segmentation a super-frame needs (virtio_net_hdr's
 * gso_type without the ECN bit). */
enum dp_gso_type {
	DP_GSO_TCPV4,
	DP_GSO_TCPV6,
	DP_GSO_UDP_L4, /* IPv4 or IPv6 */
};

/* A segmentation in progress. Fields are private to dp_gso.c. */
struct dp_gso {
	const uint8_t *frame; /* the super-frame, valid while this is used */
	size_t mss;	      /* payload bytes per segment */
	size_t hdr_size;      /* Ethernet to end of TCP/UDP header */
	size_t end;	      /* end of the IP datagram in the frame */
	size_t pos;	      /* payload offset of the next segment */
	unsigned index;	      /* segments produced so far */
	struct of_pkt_layout lay;
};

/* Sets up *g to cut the `size`-byte frame at `frame` (read only; it must
 * stay valid and unchanged until the last dp_gso_next) into segments of
 * at most `mss` payload bytes. Returns false if the frame is not what
 * `type` says (IPv4/IPv6 with a whole TCP or UDP header, not a fragment,
 * IP lengths within the frame), or mss is 0. */
bool dp_gso_init(struct dp_gso *g, const uint8_t *frame, size_t size,
		 enum dp_gso_type type, size_t mss);

/* Number of segments the whole frame gives (at least 1). */
size_t dp_gso_count(const struct dp_gso *g);

/* Bytes the largest segment needs (headers + mss). */
size_t dp_gso_max_size(const struct dp_gso *g);

/* Writes the next segment into out[0..out_size) with all its headers and
 * checksums complete. Returns its size, or 0 when every segment has been
 * produced or out_size < dp_gso_max_size(g) (nothing is written). */
size_t dp_gso_next(struct dp_gso *g, uint8_t *out, size_t out_size);

#endif
