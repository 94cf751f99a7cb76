/* netstack's public API: one network interface (Ethernet II, optionally
 * 802.1Q-tagged) with ARP, IPv4, ICMP, UDP, a DHCP client and a hook for
 * TCP. The stack is sans-I/O: the caller hands it frames and the current
 * time, it hands frames back through the `tx` callback and says when it
 * next wants the time (ns_next_deadline). It never allocates: the caller
 * provides the memory of the whole stack (ns_stack_size() bytes), and every
 * table in it is a fixed pool sized at build time (the NS_* macros below).
 *
 * Not reentrant: callbacks the stack makes (tx, on_addr, UDP receive, TCP)
 * may send (ns_udp_sendto, ns_ip_send) but must not call ns_input or
 * ns_timers. One stack is used from one thread. */
#ifndef NS_H
#define NS_H

#include <stddef.h>
#include <stdint.h>

/* Build-time bounds (override with -D). Memory use is about
 * NS_FRAG_SLOTS * NS_FRAG_MAX + NS_ARP_QUEUE * NS_MTU_MAX + 2 KiB. */
#ifndef NS_MTU_MAX
#define NS_MTU_MAX 1500 /* largest interface MTU (IP datagram bytes) */
#endif
#ifndef NS_ARP_ENTRIES
#define NS_ARP_ENTRIES 16 /* ARP cache size */
#endif
#ifndef NS_ARP_QUEUE
#define NS_ARP_QUEUE 8 /* packets waiting for ARP, all entries together */
#endif
#ifndef NS_ARP_QUEUE_PER_ENTRY
#define NS_ARP_QUEUE_PER_ENTRY 4 /* ... and per pending entry */
#endif
#ifndef NS_ARP_TTL_MS
#define NS_ARP_TTL_MS 60000 /* lifetime of a resolved entry */
#endif
#ifndef NS_ARP_RETRY_MS
#define NS_ARP_RETRY_MS 1000 /* interval between ARP requests */
#endif
#ifndef NS_ARP_TRIES
#define NS_ARP_TRIES 3 /* requests before giving up */
#endif
#ifndef NS_FRAG_SLOTS
#define NS_FRAG_SLOTS 4 /* datagrams being reassembled at once */
#endif
#ifndef NS_FRAG_MAX
#define NS_FRAG_MAX 16384 /* largest reassembled payload (multiple of 64) */
#endif
#ifndef NS_FRAG_TIMEOUT_MS
#define NS_FRAG_TIMEOUT_MS 30000 /* reassembly timeout (as Linux) */
#endif
#ifndef NS_UDP_SOCKETS
#define NS_UDP_SOCKETS 8 /* bound UDP ports, the DHCP client's included */
#endif
#ifndef NS_ICMP_ERR_PER_SEC
#define NS_ICMP_ERR_PER_SEC 50 /* ICMP errors sent per second at most */
#endif

/* Every counter, in the order of struct ns_counters. Drops have a counter
 * each (see netstack/README.md for the meaning of every one). */
#define NS_COUNTERS(X)                                                         \
	X(rx_frames)                                                           \
	X(tx_frames)                                                           \
	X(tx_errors)                                                           \
	X(eth_short)                                                           \
	X(eth_not_ours)                                                        \
	X(eth_vlan_mismatch)                                                   \
	X(eth_unknown_type)                                                    \
	X(arp_rx)                                                              \
	X(arp_short)                                                           \
	X(arp_bad)                                                             \
	X(arp_bad_sender)                                                      \
	X(arp_not_ours)                                                        \
	X(arp_conflict)                                                        \
	X(arp_requests_tx)                                                     \
	X(arp_replies_tx)                                                      \
	X(arp_table_full)                                                      \
	X(arp_queue_full)                                                      \
	X(arp_unresolved)                                                      \
	X(arp_expired)                                                         \
	X(ip_rx)                                                               \
	X(ip_short)                                                            \
	X(ip_bad_version)                                                      \
	X(ip_bad_ihl)                                                          \
	X(ip_bad_len)                                                          \
	X(ip_bad_csum)                                                         \
	X(ip_bad_src)                                                          \
	X(ip_not_ours)                                                         \
	X(ip_options)                                                          \
	X(ip_unknown_proto)                                                    \
	X(ip_tx)                                                               \
	X(ip_tx_frags)                                                         \
	X(ip_no_route)                                                         \
	X(ip_too_big)                                                          \
	X(frag_rx)                                                             \
	X(frag_reassembled)                                                    \
	X(frag_bad)                                                            \
	X(frag_too_big)                                                        \
	X(frag_overlap)                                                        \
	X(frag_dup)                                                            \
	X(frag_timeout)                                                        \
	X(frag_evicted)                                                        \
	X(icmp_rx)                                                             \
	X(icmp_short)                                                          \
	X(icmp_bad_csum)                                                       \
	X(icmp_echo_rx)                                                        \
	X(icmp_echo_tx)                                                        \
	X(icmp_bcast_ignored)                                                  \
	X(icmp_unreach_rx)                                                     \
	X(icmp_unreach_tx)                                                     \
	X(icmp_ratelimited)                                                    \
	X(icmp_other)                                                          \
	X(udp_rx)                                                              \
	X(udp_short)                                                           \
	X(udp_bad_len)                                                         \
	X(udp_bad_csum)                                                        \
	X(udp_no_csum)                                                         \
	X(udp_no_port)                                                         \
	X(udp_tx)                                                              \
	X(tcp_rx)                                                              \
	X(tcp_no_hook)                                                         \
	X(dhcp_rx)                                                             \
	X(dhcp_tx)                                                             \
	X(dhcp_bad)                                                            \
	X(dhcp_bad_options)                                                    \
	X(dhcp_not_ours)                                                       \
	X(dhcp_unexpected)                                                     \
	X(dhcp_offers)                                                         \
	X(dhcp_acks)                                                           \
	X(dhcp_naks)                                                           \
	X(dhcp_expired)

#define NS_COUNTER_FIELD(name) uint64_t name;
/* The stack's counters; all only ever increase. */
struct ns_counters {
	NS_COUNTERS(NS_COUNTER_FIELD)
};
#undef NS_COUNTER_FIELD

/* Receives the frames the stack sends: `size` bytes of one whole Ethernet
 * frame (no FCS), valid only during the call. Returns 0, or a negative
 * errno if the driver could not take it (the stack counts tx_errors and
 * forgets the frame; TCP retransmits, the rest is best-effort). */
typedef int (*ns_tx_fn)(void *ctx, const uint8_t *frame, size_t size);

/* Told when the interface address changes (DHCP bound, renewed with a new
 * address, lost): ip 0 means no address. */
typedef void (*ns_addr_fn)(void *ctx, uint32_t ip, uint8_t prefix, uint32_t gw);

/* How to bring the interface up. Addresses are host-order IPv4. */
struct ns_config {
	uint8_t mac[6];	      /* unicast MAC of the interface */
	uint16_t mtu;	      /* IP MTU: 0 means 1500; 68..NS_MTU_MAX */
	uint16_t vlan;	      /* 0: untagged; 1..4094: send and accept tag */
	int dhcp;	      /* non-zero: ignore ip/prefix/gw, run DHCP */
	uint32_t ip;	      /* static address (dhcp == 0) */
	uint8_t prefix;	      /* static prefix length, 0..32 */
	uint32_t gw;	      /* static default gateway, 0 for none */
	uint8_t ttl;	      /* TTL of datagrams sent: 0 means 64 */
	uint32_t seed;	      /* seeds DHCP xids and retransmit jitter */
	const char *hostname; /* DHCP option 12, or NULL; copied */
	ns_tx_fn tx;	      /* required */
	ns_addr_fn on_addr;   /* optional */
	void *ctx;	      /* passed to tx and on_addr */
};

struct ns_stack;

/* Bytes of memory a stack needs (for ns_init). */
size_t ns_stack_size(void);

/* Builds a stack in the caller's memory mem[0..size) (8-byte aligned, at
 * least ns_stack_size() bytes; the caller keeps owning it and frees it
 * after the last call) and brings the interface up at time now_ms: a
 * static address announces itself with a gratuitous ARP, DHCP sends its
 * first DISCOVER. Stores the stack in *out. Returns 0, or -EINVAL for a
 * bad config or memory. */
int ns_init(void *mem, size_t size, const struct ns_config *cfg,
	    uint64_t now_ms, struct ns_stack **out);

/* Processes one received Ethernet frame (frame[0..size), no FCS; the
 * caller keeps it, the stack does not hold on to it) at time now_ms.
 * Replies go out through tx before this returns. Returns 0 if the frame
 * was used, or a negative errno if it was dropped (-EINVAL malformed,
 * -ENOENT not for us, -EPROTONOSUPPORT unknown protocol); the counters
 * say why. */
int ns_input(struct ns_stack *s, const uint8_t *frame, size_t size,
	     uint64_t now_ms);

/* The earliest time (ms, same clock as now_ms) at which ns_timers must be
 * called, or UINT64_MAX if nothing is pending. */
uint64_t ns_next_deadline(const struct ns_stack *s);

/* Runs every timer due at now_ms (ARP retries and expiry, reassembly
 * timeouts, DHCP, TCP). Calling it early or often is harmless. Returns 0. */
int ns_timers(struct ns_stack *s, uint64_t now_ms);

/* The stack's counters (valid while the stack is). */
const struct ns_counters *ns_counters(const struct ns_stack *s);

/* The name of counter `i` (0-based, in struct order) and, through *value,
 * its value; NULL when i is past the last counter. For printing. */
const char *ns_counter(const struct ns_stack *s, size_t i, uint64_t *value);

/* The interface's address, prefix length and gateway (0 when there is no
 * address yet: DHCP not bound). */
uint32_t ns_addr(const struct ns_stack *s);
uint8_t ns_prefix(const struct ns_stack *s);
uint32_t ns_gateway(const struct ns_stack *s);

/* Non-zero if ip is this interface's address (the local address lookup
 * TCP uses to accept connections and pick source addresses). */
int ns_is_local(const struct ns_stack *s, uint32_t ip);

/* The interface MTU (IP datagram bytes), which is also the path MTU as far
 * as the stack knows, and the TCP MSS that follows from it (MTU - 40). */
uint16_t ns_mtu(const struct ns_stack *s);
uint16_t ns_tcp_mss(const struct ns_stack *s);

/* Sends one IP datagram of protocol `proto` whose payload is seg[0..size)
 * (copied before return; transport checksums already filled) from src (0:
 * the interface address) to dst: the output op of TCP. Fragments it if it
 * is larger than the MTU. Returns 0 when it was handed to tx;
 * -EAGAIN when it could not be sent now: the next hop's MAC is being
 * resolved (the datagram is queued behind the ARP request while the
 * bounded queue has room, else dropped and counted arp_queue_full) or the
 * driver refused it; -ENETUNREACH with no address or route (no gateway);
 * -EMSGSIZE if it cannot be an IP datagram; -EADDRNOTAVAIL if src is not
 * ours. */
int ns_ip_send(struct ns_stack *s, uint32_t src, uint32_t dst, uint8_t proto,
	       const uint8_t *seg, size_t size);

/* The TCP hook: what the stack calls into TCP (or any protocol-6 handler).
 * netstack/ns_stack_tcp.c plugs the TCP module in; tests plug fakes. */
struct ns_tcp_hook {
	void *ctx;
	/* A protocol-6 datagram addressed to us, validated and reassembled;
	 * seg is valid during the call only. */
	void (*input)(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
		      size_t size, uint64_t now_ms);
	/* TCP's next deadline, UINT64_MAX for none. */
	uint64_t (*next_deadline)(void *ctx);
	/* Runs TCP's timers due at now_ms. */
	void (*timers)(void *ctx, uint64_t now_ms);
	/* Optional: an ICMP error (type, code) about a segment we sent from
	 * src to dst; inner holds the first inner_size (>= 8) bytes of its
	 * TCP header; mtu is the next-hop MTU of "fragmentation needed". */
	void (*icmp_error)(void *ctx, uint8_t type, uint8_t code, uint32_t src,
			   uint32_t dst, const uint8_t *inner,
			   size_t inner_size, uint16_t mtu);
	/* Optional: the interface address changed (0: none, e.g. the DHCP
	 * lease was lost), so TCP knows which address is local. */
	void (*addr_changed)(void *ctx, uint32_t ip);
};

/* Installs (or with NULL removes) the TCP hook; the stack copies it.
 * Without one, protocol-6 datagrams are counted tcp_no_hook and answered
 * with ICMP protocol unreachable. */
void ns_set_tcp_hook(struct ns_stack *s, const struct ns_tcp_hook *hook);

/* The stack's current time: the now_ms of the last ns_input or ns_timers
 * call (for modules that send outside of those calls). */
uint64_t ns_now(const struct ns_stack *s);

/* Formats a host-order IPv4 address as dotted quad into buf (>= 16 bytes);
 * returns buf. */
char *ns_ip_str(uint32_t ip, char *buf, size_t size);

#endif
