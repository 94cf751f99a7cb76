/* ARP (RFC 826) for IPv4 over Ethernet: a bounded cache with timeouts,
 * requests with retry, replies, gratuitous announcements, and a bounded
 * queue of datagrams waiting for resolution. */
#ifndef NS_ARP_H
#define NS_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "ns.h"

struct ns_stack;

#define NS_ARP_SIZE 28

enum { NS_ARP_FREE, NS_ARP_PENDING, NS_ARP_VALID };

struct ns_arp_entry {
	uint32_t ip;
	uint8_t mac[6];
	uint8_t state;
	uint8_t tries;	   /* requests sent (PENDING) */
	uint8_t queued;	   /* datagrams waiting in the queue */
	uint64_t deadline; /* PENDING: next retry; VALID: expiry */
};

struct ns_arp_qpkt {
	uint8_t used;
	uint8_t entry; /* index into the cache */
	uint16_t size;
	uint32_t seq; /* to flush in order */
	uint8_t data[NS_MTU_MAX];
};

struct ns_arp {
	struct ns_arp_entry e[NS_ARP_ENTRIES];
	struct ns_arp_qpkt q[NS_ARP_QUEUE];
	uint32_t qseq;
};

/* Processes an ARP packet p[0..size) (the Ethernet payload). Returns 0 or
 * a negative errno (counted). */
int ns_arp_input(struct ns_stack *s, const uint8_t *p, size_t size);

/* Sends the IP datagram of `size` bytes already in the transmit buffer to
 * next hop `ip`: at once if its MAC is known, else queued (bounded) behind
 * an ARP request. Returns 0 if sent, -EAGAIN if queued or dropped. */
int ns_arp_output(struct ns_stack *s, uint32_t ip, size_t size);

/* Broadcasts a gratuitous ARP request announcing our address. */
void ns_arp_announce(struct ns_stack *s);

/* Forgets every entry and queued datagram (address change). */
void ns_arp_flush(struct ns_stack *s);

/* The MAC of ip if resolved, else NULL (tests, diagnostics). */
const uint8_t *ns_arp_lookup(const struct ns_stack *s, uint32_t ip);

/* Retries and expires entries due at s->now. */
void ns_arp_timers(struct ns_stack *s);

/* The earliest retry deadline, UINT64_MAX if none (expiry is lazy). */
uint64_t ns_arp_deadline(const struct ns_stack *s);

#endif
