/* The stack object, shared by netstack's layers (internal: applications
 * use ns.h and ns_udp.h). */
#ifndef NS_STACK_H
#define NS_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "ns.h"
#include "ns_arp.h"
#include "ns_dhcp.h"
#include "ns_icmp.h"
#include "ns_ip_frag.h"
#include "ns_udp.h"

/* Link header (with tag) + the largest datagram. */
#define NS_FRAME_MAX (14 + 4 + NS_MTU_MAX)

struct ns_stack {
	uint32_t magic;
	uint8_t mac[6];
	uint16_t vlan;
	uint16_t mtu;
	uint8_t ttl;
	uint8_t prefix;
	uint8_t l2size; /* 14 or 18 */
	uint16_t ip_id;
	uint32_t ip, mask, gw;
	uint64_t now;
	ns_tx_fn tx;
	ns_addr_fn on_addr;
	void *ctx;
	struct ns_counters c;
	struct ns_tcp_hook tcp;
	struct ns_arp arp;
	struct ns_icmp icmp;
	struct ns_udp udp;
	struct ns_dhcp dhcp;
	struct ns_frag_table frag;
	uint8_t tx_buf[NS_FRAME_MAX];
};

/* Where the IP datagram starts in the transmit buffer. */
static inline uint8_t *ns_tx_ip(struct ns_stack *s)
{
	return s->tx_buf + s->l2size;
}

/* Sets the interface address (0 removes it), flushes ARP, announces the
 * new address and tells on_addr. */
void ns_set_addr(struct ns_stack *s, uint32_t ip, uint8_t prefix, uint32_t gw);

#endif
