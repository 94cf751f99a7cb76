/* The DHCP client (RFC 2131, options of RFC 2132): DISCOVER, OFFER,
 * REQUEST, ACK/NAK, renewal at T1 (unicast), rebinding at T2 (broadcast),
 * loss of the lease at expiry. Retransmits with exponential backoff
 * (4 s doubling to 64 s, jittered up to 1 s). */
#ifndef NS_DHCP_H
#define NS_DHCP_H

#include <stddef.h>
#include <stdint.h>

struct ns_stack;

#define NS_DHCP_CLIENT_PORT 68
#define NS_DHCP_SERVER_PORT 67

enum ns_dhcp_state {
	NS_DHCP_OFF,
	NS_DHCP_SELECTING, /* DISCOVER sent, waiting for an OFFER */
	NS_DHCP_REQUESTING,
	NS_DHCP_BOUND,
	NS_DHCP_RENEWING,
	NS_DHCP_REBINDING,
};

/* Message types (option 53). */
#define NS_DHCPDISCOVER 1
#define NS_DHCPOFFER 2
#define NS_DHCPREQUEST 3
#define NS_DHCPDECLINE 4
#define NS_DHCPACK 5
#define NS_DHCPNAK 6

struct ns_dhcp {
	uint8_t state;
	uint8_t tries; /* transmissions in this state */
	int sock;
	uint32_t xid;
	uint32_t rng;
	uint32_t offer_ip, server;
	uint32_t lease_s, t1_s, t2_s; /* 0xffffffff: infinite */
	uint64_t start;	   /* when this exchange began (secs field) */
	uint64_t bound_at; /* when the lease was granted */
	uint64_t timer;	   /* next retransmit or state change */
	char hostname[33];
	uint8_t msg[548]; /* the message being built */
};

/* Starts the client at s->now (binds port 68, sends DISCOVER). Returns 0
 * or -errno. */
int ns_dhcp_start(struct ns_stack *s);

/* Retransmits or changes state when due at s->now. */
void ns_dhcp_timers(struct ns_stack *s);

/* The next DHCP deadline, UINT64_MAX if none. */
uint64_t ns_dhcp_deadline(const struct ns_stack *s);

#endif
