/* ARP: see ns_arp.h. Learning follows RFC 826's merge rule, restricted so
 * that strangers cannot fill the cache: a sender already cached is
 * updated by any packet; a new sender is added only when the packet is
 * addressed to us. */
#include "ns_arp.h"

#include <errno.h>
#include <string.h>

#include "ns_eth.h"
#include "ns_ip.h"
#include "ns_stack.h"
#include "ns_wire.h"

#define ARP_REQUEST 1
#define ARP_REPLY 2

static struct ns_arp_entry *find(struct ns_stack *s, uint32_t ip)
{
	for (size_t i = 0; i < NS_ARP_ENTRIES; i++)
		if (s->arp.e[i].state != NS_ARP_FREE && s->arp.e[i].ip == ip)
			return &s->arp.e[i];
	return NULL;
}

/* Drops entry e and whatever waits for it (counted arp_unresolved). */
static void release(struct ns_stack *s, struct ns_arp_entry *e)
{
	size_t idx = (size_t)(e - s->arp.e);

	for (size_t i = 0; i < NS_ARP_QUEUE; i++) {
		if (s->arp.q[i].used && s->arp.q[i].entry == idx) {
			s->arp.q[i].used = 0;
			s->c.arp_unresolved++;
		}
	}
	memset(e, 0, sizeof(*e));
}

/* A free entry, else the resolved one closest to expiry; NULL if every
 * entry is being resolved (counted arp_table_full). */
static struct ns_arp_entry *alloc(struct ns_stack *s)
{
	struct ns_arp_entry *victim = NULL;

	for (size_t i = 0; i < NS_ARP_ENTRIES; i++) {
		struct ns_arp_entry *e = &s->arp.e[i];

		if (e->state == NS_ARP_FREE)
			return e;
		if (e->state == NS_ARP_VALID &&
		    (!victim || e->deadline < victim->deadline))
			victim = e;
	}
	if (!victim) {
		s->c.arp_table_full++;
		return NULL;
	}
	release(s, victim);
	return victim;
}

static int send_arp(struct ns_stack *s, uint16_t op, const uint8_t *dmac,
		    const uint8_t *tha, uint32_t tpa)
{
	uint8_t *p = ns_tx_ip(s);

	ns_put16(p, 1);
	ns_put16(p + 2, NS_ETHERTYPE_IPV4);
	p[4] = 6;
	p[5] = 4;
	ns_put16(p + 6, op);
	memcpy(p + 8, s->mac, 6);
	ns_put32(p + 14, s->ip);
	memcpy(p + 18, tha, 6);
	ns_put32(p + 24, tpa);
	if (op == ARP_REQUEST)
		s->c.arp_requests_tx++;
	else
		s->c.arp_replies_tx++;
	return ns_eth_output(s, dmac, NS_ETHERTYPE_ARP, NS_ARP_SIZE);
}

static int send_request(struct ns_stack *s, uint32_t ip)
{
	static const uint8_t zero[6];

	return send_arp(s, ARP_REQUEST, ns_eth_bcast, zero, ip);
}

/* Sends what waits for e, oldest first. */
static void flush_queue(struct ns_stack *s, struct ns_arp_entry *e)
{
	size_t idx = (size_t)(e - s->arp.e);

	while (e->queued) {
		struct ns_arp_qpkt *best = NULL;

		for (size_t i = 0; i < NS_ARP_QUEUE; i++) {
			struct ns_arp_qpkt *q = &s->arp.q[i];

			if (q->used && q->entry == idx &&
			    (!best || (int32_t)(q->seq - best->seq) < 0))
				best = q;
		}
		if (!best)
			break;
		memcpy(ns_tx_ip(s), best->data, best->size);
		best->used = 0;
		e->queued--;
		(void)ns_eth_output(s, e->mac, NS_ETHERTYPE_IPV4, best->size);
	}
	e->queued = 0;
}

static void learn(struct ns_stack *s, struct ns_arp_entry *e,
		  const uint8_t *mac)
{
	memcpy(e->mac, mac, 6);
	e->state = NS_ARP_VALID;
	e->tries = 0;
	e->deadline = s->now + NS_ARP_TTL_MS;
	flush_queue(s, e);
}

int ns_arp_input(struct ns_stack *s, const uint8_t *p, size_t size)
{
	const uint8_t *sha = p + 8, *tha = p + 18;
	uint32_t spa, tpa;
	uint16_t op;
	struct ns_arp_entry *e;

	(void)tha;
	s->c.arp_rx++;
	if (size < NS_ARP_SIZE) {
		s->c.arp_short++;
		return -EINVAL;
	}
	op = ns_get16(p + 6);
	if (ns_get16(p) != 1 || ns_get16(p + 2) != NS_ETHERTYPE_IPV4 ||
	    p[4] != 6 || p[5] != 4 || (op != ARP_REQUEST && op != ARP_REPLY)) {
		s->c.arp_bad++;
		return -EINVAL;
	}
	spa = ns_get32(p + 14);
	tpa = ns_get32(p + 24);
	/* A multicast sender MAC or a non-unicast sender address cannot be
	 * a neighbour; spa 0 is an RFC 5227 probe, answered but not
	 * learned. */
	if ((sha[0] & 1) || spa == NS_IP_BCAST || (spa >> 28) == 0xe ||
	    (spa && ns_ip_is_bcast(s, spa))) {
		s->c.arp_bad_sender++;
		return -EINVAL;
	}
	if (s->ip && spa == s->ip) {
		if (memcmp(sha, s->mac, 6) != 0)
			s->c.arp_conflict++;
		return -EEXIST;
	}
	e = spa ? find(s, spa) : NULL;
	if (e)
		learn(s, e, sha);
	if (!s->ip || tpa != s->ip) {
		if (!e) {
			s->c.arp_not_ours++;
			return -ENOENT;
		}
		return 0;
	}
	if (!e && spa) {
		e = alloc(s);
		if (e) {
			e->ip = spa;
			learn(s, e, sha);
		}
	}
	if (op == ARP_REQUEST)
		(void)send_arp(s, ARP_REPLY, sha, sha, spa);
	return 0;
}

int ns_arp_output(struct ns_stack *s, uint32_t ip, size_t size)
{
	struct ns_arp_entry *e = find(s, ip);
	struct ns_arp_qpkt *q = NULL;
	int fresh = 0;

	if (e && e->state == NS_ARP_VALID) {
		if (e->deadline > s->now)
			return ns_eth_output(s, e->mac, NS_ETHERTYPE_IPV4,
					     size);
		/* Expired: resolve again, holding this datagram meanwhile. */
		e->state = NS_ARP_PENDING;
		e->tries = 0;
		fresh = 1;
	}
	if (!e) {
		e = alloc(s);
		if (!e)
			return -EAGAIN;
		e->ip = ip;
		e->state = NS_ARP_PENDING;
		fresh = 1;
	}
	if (e->queued < NS_ARP_QUEUE_PER_ENTRY) {
		for (size_t i = 0; i < NS_ARP_QUEUE && !q; i++)
			if (!s->arp.q[i].used)
				q = &s->arp.q[i];
	}
	if (q) {
		q->used = 1;
		q->entry = (uint8_t)(e - s->arp.e);
		q->size = (uint16_t)size;
		q->seq = s->arp.qseq++;
		memcpy(q->data, ns_tx_ip(s), size);
		e->queued++;
	} else {
		s->c.arp_queue_full++;
	}
	if (fresh) {
		e->tries = 1;
		e->deadline = s->now + NS_ARP_RETRY_MS;
		(void)send_request(s, ip);
	}
	return -EAGAIN;
}

void ns_arp_announce(struct ns_stack *s)
{
	static const uint8_t zero[6];

	if (s->ip)
		(void)send_arp(s, ARP_REQUEST, ns_eth_bcast, zero, s->ip);
}

void ns_arp_flush(struct ns_stack *s)
{
	memset(&s->arp, 0, sizeof(s->arp));
}

const uint8_t *ns_arp_lookup(const struct ns_stack *s, uint32_t ip)
{
	for (size_t i = 0; i < NS_ARP_ENTRIES; i++) {
		const struct ns_arp_entry *e = &s->arp.e[i];

		if (e->state == NS_ARP_VALID && e->ip == ip &&
		    e->deadline > s->now)
			return e->mac;
	}
	return NULL;
}

void ns_arp_timers(struct ns_stack *s)
{
	for (size_t i = 0; i < NS_ARP_ENTRIES; i++) {
		struct ns_arp_entry *e = &s->arp.e[i];

		if (e->state == NS_ARP_FREE || e->deadline > s->now)
			continue;
		if (e->state == NS_ARP_VALID) {
			s->c.arp_expired++;
			release(s, e);
		} else if (e->tries >= NS_ARP_TRIES) {
			release(s, e);
		} else {
			e->tries++;
			e->deadline = s->now + NS_ARP_RETRY_MS;
			(void)send_request(s, e->ip);
		}
	}
}

uint64_t ns_arp_deadline(const struct ns_stack *s)
{
	uint64_t d = UINT64_MAX;

	for (size_t i = 0; i < NS_ARP_ENTRIES; i++)
		if (s->arp.e[i].state == NS_ARP_PENDING &&
		    s->arp.e[i].deadline < d)
			d = s->arp.e[i].deadline;
	return d;
}
