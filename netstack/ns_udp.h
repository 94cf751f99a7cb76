/* UDP (RFC 768) and a small socket API: bind a port to a receive callback,
 * send datagrams from it. */
#ifndef NS_UDP_H
#define NS_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "ns.h"

struct ns_ipdg;

#define NS_UDP_HDR 8

/* Who sent a received datagram, and to where. */
struct ns_udp_meta {
	uint32_t src, dst; /* dst may be a broadcast address */
	uint16_t sport, dport;
};

/* Receives one datagram data[0..size), valid during the call only. The
 * callback may send (ns_udp_sendto) but not call ns_input. */
typedef void (*ns_udp_recv_fn)(void *ctx, struct ns_stack *s,
			       const struct ns_udp_meta *m, const uint8_t *data,
			       size_t size);

struct ns_udp_sock {
	uint16_t port; /* 0: free */
	ns_udp_recv_fn recv;
	void *ctx;
};

struct ns_udp {
	struct ns_udp_sock sk[NS_UDP_SOCKETS];
	uint16_t next_eph;
};

/* Binds local port `port` (0: an ephemeral port, 49152..65535) to recv
 * (with ctx). Returns a socket number >= 0, or -EADDRINUSE, -ENOSPC (all
 * NS_UDP_SOCKETS in use), -EINVAL (no callback). */
int ns_udp_bind(struct ns_stack *s, uint16_t port, ns_udp_recv_fn recv,
		void *ctx);

/* The local port of socket sock, 0 if it is not bound. */
uint16_t ns_udp_port(const struct ns_stack *s, int sock);

/* Unbinds socket sock. Returns 0 or -EBADF. */
int ns_udp_close(struct ns_stack *s, int sock);

/* Sends data[0..size) (copied before return) from socket sock to
 * dst:dport, checksummed. Returns 0, or as ns_ip_send (-EAGAIN while the
 * next hop is being resolved: the datagram is queued if there is room),
 * or -EBADF, -EMSGSIZE. */
int ns_udp_sendto(struct ns_stack *s, int sock, uint32_t dst, uint16_t dport,
		  const void *data, size_t size);

/* Processes one UDP datagram (a delivered IP datagram). Returns 0 or
 * -errno (counted). */
int ns_udp_input(struct ns_stack *s, const struct ns_ipdg *d);

#endif
