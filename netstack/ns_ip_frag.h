/* IPv4 reassembly with bounded memory: NS_FRAG_SLOTS datagrams at once,
 * each at most NS_FRAG_MAX payload bytes, NS_FRAG_TIMEOUT_MS to complete.
 * Overlaps drop the whole datagram (the safe choice of RFC 5722, which
 * Linux also makes for IPv4); exact duplicates are ignored. */
#ifndef NS_IP_FRAG_H
#define NS_IP_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "ns.h"

struct ns_stack;

struct ns_frag {
	uint8_t used;
	uint8_t proto;
	uint16_t id;
	uint32_t src, dst;
	uint32_t total; /* payload size, known once the last fragment came */
	uint32_t have;	/* payload bytes received */
	uint64_t expires;
	uint8_t bcast;
	uint8_t hsize; /* header of the first fragment, for ICMP errors */
	uint8_t hdr[60];
	uint8_t map[NS_FRAG_MAX / 64]; /* one bit per 8-byte block */
	uint8_t data[NS_FRAG_MAX];
};

struct ns_frag_table {
	struct ns_frag f[NS_FRAG_SLOTS];
};

/* Adds one fragment (its validated header hdr[0..hsize) and payload
 * data[0..size)) and delivers the datagram when complete. Returns 0 or a
 * negative errno (counted). */
int ns_frag_input(struct ns_stack *s, const uint8_t *hdr, size_t hsize,
		  const uint8_t *data, size_t size, uint8_t bcast);

/* Drops reassemblies that timed out by s->now. */
void ns_frag_timers(struct ns_stack *s);

/* The earliest reassembly timeout, UINT64_MAX if none. */
uint64_t ns_frag_deadline(const struct ns_stack *s);

#endif
