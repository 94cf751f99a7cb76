/* IPv4 (RFC 791, RFC 1122 host rules): header validation, delivery to the
 * transport protocols, routing (on-link vs default gateway) and output
 * with fragmentation. */
#ifndef NS_IP_H
#define NS_IP_H

#include <stddef.h>
#include <stdint.h>

struct ns_stack;

#define NS_IP_HDR 20
#define NS_PROTO_ICMP 1
#define NS_PROTO_TCP 6
#define NS_PROTO_UDP 17
#define NS_IP_BCAST 0xffffffffu

/* One received datagram, as the transports see it. hdr is its IP header
 * (of the first fragment when reassembled), data its payload; both valid
 * during delivery only. */
struct ns_ipdg {
	uint32_t src, dst;
	uint8_t proto;
	uint8_t bcast; /* sent to a broadcast address */
	const uint8_t *hdr;
	size_t hsize;
	const uint8_t *data;
	size_t size;
};

/* Validates one IPv4 packet p[0..size) (the Ethernet payload; trailing
 * padding allowed) and delivers or reassembles it. Returns 0 or a
 * negative errno (counted). */
int ns_ip_input(struct ns_stack *s, const uint8_t *p, size_t size);

/* Delivers a whole datagram to its transport. Returns 0 or -errno. */
int ns_ip_deliver(struct ns_stack *s, const struct ns_ipdg *d);

/* Sends a datagram whose payload is hdr[0..hsize) then data[0..dsize)
 * (two pieces so transports need not copy their payload first), from src
 * (0: ours; allowed with no address only to broadcast, for DHCP) to dst.
 * Returns as ns_ip_send. */
int ns_ip_output(struct ns_stack *s, uint32_t src, uint32_t dst, uint8_t proto,
		 const uint8_t *hdr, size_t hsize, const uint8_t *data,
		 size_t dsize);

/* Non-zero if dst is a broadcast address for us (limited or directed). */
int ns_ip_is_bcast(const struct ns_stack *s, uint32_t dst);

#endif
