/* Helpers of netstack's unit tests: a stack on a fake driver that records
 * every frame sent, and builders of hand-made frames. */
#ifndef NS_TESTLIB_H
#define NS_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

#include "ns.h"
#include "ns_stack.h"

#define NT_MAX_FRAMES 64
#define NT_IP(a, b, c, d)                                                      \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define NT_OUR_IP NT_IP(10, 0, 0, 2)
#define NT_PEER_IP NT_IP(10, 0, 0, 1)
#define NT_GW_IP NT_IP(10, 0, 0, 254)

extern const uint8_t nt_our_mac[6], nt_peer_mac[6], nt_gw_mac[6];

/* A stack under test and what it sent. */
struct nt {
	struct ns_stack *s;
	uint8_t frame[NT_MAX_FRAMES][NS_FRAME_MAX];
	size_t size[NT_MAX_FRAMES];
	int n;	   /* frames sent since the last nt_clear */
	int tx_rc; /* what the fake driver returns */
	uint32_t addr_ip, addr_gw;
	uint8_t addr_prefix;
	int addr_events;
};

/* Brings up t's stack with cfg (tx/ctx/on_addr filled in by the helper)
 * at time now. Returns ns_init's result. */
int nt_init(struct nt *t, struct ns_config *cfg, uint64_t now);
/* The usual static setup: NT_OUR_IP/24, gateway NT_GW_IP, our MAC, at
 * time 1000; clears the gratuitous ARP it sends. */
void nt_init_static(struct nt *t);
/* Forgets the recorded frames. */
void nt_clear(struct nt *t);
/* Feeds frame[0..size) at time now; returns ns_input's result. */
int nt_in(struct nt *t, const uint8_t *frame, size_t size, uint64_t now);
/* Makes the stack know the peer's MAC (feeds an ARP request from it). */
void nt_learn(struct nt *t, uint32_t ip, const uint8_t mac[6]);

/* Builders: each writes into buf and returns the bytes written. */
size_t nt_eth(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
	      uint16_t type);
size_t nt_arp(uint8_t *buf, uint16_t op, const uint8_t sha[6], uint32_t spa,
	      const uint8_t tha[6], uint32_t tpa);
/* An IPv4 header (ihl 5, checksummed) followed by payload. frag holds the
 * flags and offset field as on the wire. */
size_t nt_ip(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto,
	     uint16_t id, uint16_t frag, const uint8_t *payload, size_t size);
/* A UDP header (checksummed with the pseudo-header) followed by data. */
size_t nt_udp(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport,
	      uint16_t dport, const uint8_t *data, size_t size);
/* An ICMP message of type/code with a 4-byte rest-of-header and data,
 * checksummed. */
size_t nt_icmp(uint8_t *buf, uint8_t type, uint8_t code, uint32_t rest,
	       const uint8_t *data, size_t size);
/* A whole frame peer -> us: Ethernet + IPv4 (proto, payload). */
size_t nt_frame_ip(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto,
		   uint16_t id, uint16_t frag, const uint8_t *payload,
		   size_t size);
/* Recomputes the IPv4 header checksum of the header at p. */
void nt_ip_fix_csum(uint8_t *p);

/* Accessors of a recorded frame i (untagged): EtherType, the IP header
 * and payload. */
uint16_t nt_type(const struct nt *t, int i);
const uint8_t *nt_l3(const struct nt *t, int i);
/* Non-zero if the IPv4 header of recorded frame i has a good checksum. */
int nt_ip_csum_ok(const struct nt *t, int i);

#endif
