/* The NORMAL port: a MAC-learning switch. (source MAC, VLAN) -> port in a
 * bounded hash table with an oldest-first list for eviction and aging;
 * multicast and broadcast sources are not learned; a known unicast
 * destination is sent to its port (dropped if that is the in_port), an
 * unknown or multicast one is flooded with FLOOD semantics. VLANs only
 * separate the learning (no access/trunk configuration). */
#include <stdlib.h>
#include <string.h>

#include "sw_internal.h"

static uint32_t mac_hash(const uint8_t mac[6], uint16_t vlan)
{
	uint64_t h = 0;

	for (int i = 0; i < 6; i++)
		h = h << 8 | mac[i];
	h = (h << 16 | vlan) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

/* Creates the table (see sw_internal.h). */
bool sw_l2_init(struct sw_l2 *l2, size_t size)
{
	memset(l2, 0, sizeof(*l2));
	l2->n_buckets = 1;
	while (l2->n_buckets < size)
		l2->n_buckets <<= 1;
	l2->e = calloc(size, sizeof(*l2->e));
	l2->buckets = malloc(l2->n_buckets * sizeof(*l2->buckets));
	if (!l2->e || !l2->buckets)
		return false;
	for (uint32_t i = 0; i < l2->n_buckets; i++)
		l2->buckets[i] = SW_L2_NIL;
	l2->size = (uint32_t)size;
	for (uint32_t i = 0; i < l2->size; i++)
		l2->e[i].hnext = i + 1 < l2->size ? i + 1 : SW_L2_NIL;
	l2->free_head = 0;
	l2->lru_head = l2->lru_tail = SW_L2_NIL;
	return true;
}

/* Frees the table. */
void sw_l2_fini(struct sw_l2 *l2)
{
	free(l2->e);
	free(l2->buckets);
	l2->e = NULL;
	l2->buckets = NULL;
}

static void lru_unlink(struct sw_l2 *l2, uint32_t i)
{
	struct sw_mac *m = &l2->e[i];

	if (m->lru_prev != SW_L2_NIL)
		l2->e[m->lru_prev].lru_next = m->lru_next;
	else
		l2->lru_head = m->lru_next;
	if (m->lru_next != SW_L2_NIL)
		l2->e[m->lru_next].lru_prev = m->lru_prev;
	else
		l2->lru_tail = m->lru_prev;
}

static void lru_append(struct sw_l2 *l2, uint32_t i)
{
	struct sw_mac *m = &l2->e[i];

	m->lru_prev = l2->lru_tail;
	m->lru_next = SW_L2_NIL;
	if (l2->lru_tail != SW_L2_NIL)
		l2->e[l2->lru_tail].lru_next = i;
	else
		l2->lru_head = i;
	l2->lru_tail = i;
}

static uint32_t find(const struct sw_l2 *l2, const uint8_t mac[6],
		     uint16_t vlan)
{
	uint32_t i = l2->buckets[mac_hash(mac, vlan) & (l2->n_buckets - 1)];

	while (i != SW_L2_NIL) {
		const struct sw_mac *m = &l2->e[i];

		if (m->vlan == vlan && !memcmp(m->mac, mac, 6))
			return i;
		i = m->hnext;
	}
	return SW_L2_NIL;
}

static void remove_entry(struct sw_l2 *l2, uint32_t i)
{
	struct sw_mac *m = &l2->e[i];
	uint32_t *pp =
	    &l2->buckets[mac_hash(m->mac, m->vlan) & (l2->n_buckets - 1)];

	while (*pp != i)
		pp = &l2->e[*pp].hnext;
	*pp = m->hnext;
	lru_unlink(l2, i);
	m->in_use = false;
	m->hnext = l2->free_head;
	l2->free_head = i;
	l2->used--;
}

static void learn(struct sw_l2 *l2, const uint8_t mac[6], uint16_t vlan,
		  uint16_t port, uint64_t now)
{
	uint32_t i = find(l2, mac, vlan), b;
	struct sw_mac *m;

	if (i != SW_L2_NIL) {
		m = &l2->e[i];
		m->port = port; /* a MAC that moved */
		m->used = now;
		lru_unlink(l2, i);
		lru_append(l2, i);
		return;
	}
	if (l2->free_head == SW_L2_NIL)
		remove_entry(l2, l2->lru_head); /* full: evict the oldest */
	i = l2->free_head;
	m = &l2->e[i];
	l2->free_head = m->hnext;
	memcpy(m->mac, mac, 6);
	m->vlan = vlan;
	m->port = port;
	m->used = now;
	m->in_use = true;
	b = mac_hash(mac, vlan) & (l2->n_buckets - 1);
	m->hnext = l2->buckets[b];
	l2->buckets[b] = i;
	lru_append(l2, i);
	l2->used++;
}

/* The port of (mac, vlan) if learned and not aged, else OFPP_NONE. */
uint16_t sw_l2_lookup(const struct sw_l2 *l2, const uint8_t mac[6],
		      uint16_t vlan, uint64_t now, unsigned aging_s)
{
	uint32_t i = find(l2, mac, vlan);

	if (i == SW_L2_NIL || now >= l2->e[i].used + (uint64_t)aging_s * 1000)
		return OFPP_NONE;
	return l2->e[i].port;
}

/* NORMAL (see sw_internal.h). */
void sw_l2_normal(struct sw *sw, const struct dp_packet *pkt,
		  const uint8_t *frame, size_t size)
{
	const struct of_match *k = &pkt->key;
	uint16_t in_port = k->in_port, out;
	uint64_t now = plat_now_ms();
	struct sw_port *p;

	if (!pkt->lay.has_eth) {
		sw_dp_flood(sw, in_port, true, frame, size);
		return;
	}
	if (!(k->dl_src[0] & 1) && sw_port_find(sw, in_port))
		learn(&sw->l2, k->dl_src, k->dl_vlan, in_port, now);
	if (k->dl_dst[0] & 1) {
		sw_dp_flood(sw, in_port, true, frame, size);
		return;
	}
	out = sw_l2_lookup(&sw->l2, k->dl_dst, k->dl_vlan, now,
			   sw->cfg.mac_aging_s);
	if (out == OFPP_NONE || !(p = sw_port_find(sw, out))) {
		sw_dp_flood(sw, in_port, true, frame, size);
		return;
	}
	if (out == in_port)
		return; /* already on the right segment */
	sw_dp_tx(sw, p, DP_NO_QUEUE, frame, size);
}

/* Ages entries out (see sw_internal.h). */
void sw_l2_expire(struct sw *sw, uint64_t now)
{
	struct sw_l2 *l2 = &sw->l2;
	uint64_t age = (uint64_t)sw->cfg.mac_aging_s * 1000;

	while (l2->lru_head != SW_L2_NIL &&
	       now >= l2->e[l2->lru_head].used + age)
		remove_entry(l2, l2->lru_head);
}

/* Earliest aging deadline (see sw_internal.h). */
uint64_t sw_l2_deadline(const struct sw *sw)
{
	const struct sw_l2 *l2 = &sw->l2;

	if (l2->lru_head == SW_L2_NIL)
		return UINT64_MAX;
	return l2->e[l2->lru_head].used + (uint64_t)sw->cfg.mac_aging_s * 1000;
}

/* Forgets the entries of a port that went away. */
void sw_l2_flush_port(struct sw_l2 *l2, uint16_t port)
{
	for (uint32_t i = 0; i < l2->size; i++)
		if (l2->e[i].in_use && l2->e[i].port == port)
			remove_entry(l2, i);
}
