/* ARP: replies, learning rules, resolution with retry and a bounded
 * queue, cache limits and expiry, gratuitous ARP (netstack/ns_arp.c). */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ns_arp.h"
#include "ns_eth.h"
#include "ns_testlib.h"
#include "ns_udp.h"
#include "ns_wire.h"

static struct nt t;
static const uint8_t zero_mac[6];

static size_t arp_frame(uint8_t *f, const uint8_t *dst, uint16_t op,
			const uint8_t *sha, uint32_t spa, uint32_t tpa)
{
	size_t n = nt_eth(f, dst, sha, 0x0806);

	return n + nt_arp(f + n, op, sha, spa, zero_mac, tpa);
}

static void recv_nop(void *ctx, struct ns_stack *s, const struct ns_udp_meta *m,
		     const uint8_t *data, size_t size)
{
	(void)ctx, (void)s, (void)m, (void)data, (void)size;
}

static void test_announce(void)
{
	struct ns_config cfg = {0};
	const uint8_t *a;

	memcpy(cfg.mac, nt_our_mac, 6);
	cfg.ip = NT_OUR_IP;
	cfg.prefix = 24;
	CHECK_EQ(nt_init(&t, &cfg, 1000), 0);
	CHECK_EQ(t.n, 1);
	CHECK_MEM(t.frame[0], 6, ns_eth_bcast, 6);
	CHECK_EQ(nt_type(&t, 0), 0x0806);
	a = nt_l3(&t, 0);
	CHECK_EQ(ns_get16(a + 6), 1);
	CHECK_MEM(a + 8, 6, nt_our_mac, 6);
	CHECK_EQ(ns_get32(a + 14), NT_OUR_IP); /* sender = target: RFC 5227 */
	CHECK_MEM(a + 18, 6, zero_mac, 6);
	CHECK_EQ(ns_get32(a + 24), NT_OUR_IP);
	/* No address, no announcement. */
	cfg.ip = 0;
	CHECK_EQ(nt_init(&t, &cfg, 1000), 0);
	CHECK_EQ(t.n, 0);
}

static void test_reply_and_learn(void)
{
	uint8_t f[64];
	size_t n;
	const uint8_t *a;

	nt_init_static(&t);
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_PEER_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.n, 1);
	CHECK_MEM(t.frame[0], 6, nt_peer_mac, 6);
	a = nt_l3(&t, 0);
	CHECK_EQ(ns_get16(a + 6), 2);
	CHECK_MEM(a + 8, 6, nt_our_mac, 6);
	CHECK_EQ(ns_get32(a + 14), NT_OUR_IP);
	CHECK_MEM(a + 18, 6, nt_peer_mac, 6);
	CHECK_EQ(ns_get32(a + 24), NT_PEER_IP);
	CHECK_EQ(t.s->c.arp_replies_tx, 1);
	/* The requester was learned. */
	CHECK(ns_arp_lookup(t.s, NT_PEER_IP) != NULL);
	CHECK_MEM(ns_arp_lookup(t.s, NT_PEER_IP), 6, nt_peer_mac, 6);

	/* A request for someone else: no reply, not learned. */
	nt_clear(&t);
	n = arp_frame(f, ns_eth_bcast, 1, nt_gw_mac, NT_GW_IP,
		      NT_IP(10, 0, 0, 77));
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK_EQ(t.n, 0);
	CHECK(ns_arp_lookup(t.s, NT_GW_IP) == NULL);
	CHECK_EQ(t.s->c.arp_not_ours, 1);
	/* ... but a cached sender is refreshed by any ARP (RFC 826 merge):
	 * the peer moved to a new MAC. */
	n = arp_frame(f, ns_eth_bcast, 1, nt_gw_mac, NT_PEER_IP,
		      NT_IP(10, 0, 0, 77));
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_MEM(ns_arp_lookup(t.s, NT_PEER_IP), 6, nt_gw_mac, 6);
	/* An unsolicited reply from a stranger is not learned. */
	n = arp_frame(f, nt_our_mac, 2, nt_gw_mac, NT_IP(10, 0, 0, 9),
		      NT_IP(10, 0, 0, 99));
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK(ns_arp_lookup(t.s, NT_IP(10, 0, 0, 9)) == NULL);
	/* An RFC 5227 probe (sender 0.0.0.0) for our address is answered,
	 * not learned. */
	nt_clear(&t);
	n = arp_frame(f, ns_eth_bcast, 1, nt_gw_mac, 0, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.n, 1);
	CHECK(ns_arp_lookup(t.s, 0) == NULL);
}

static void test_malformed(void)
{
	uint8_t f[64];
	size_t n;
	static const uint8_t mcast[6] = {0x01, 0, 0x5e, 0, 0, 1};

	nt_init_static(&t);
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_PEER_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, 14 + 27, 2000), -EINVAL);
	CHECK_EQ(t.s->c.arp_short, 1);
	for (int field = 0; field < 5; field++) {
		n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_PEER_IP,
			      NT_OUR_IP);
		switch (field) {
		case 0:
			ns_put16(f + 14, 6); /* htype IEEE 802 */
			break;
		case 1:
			ns_put16(f + 16, 0x86dd);
			break;
		case 2:
			f[18] = 8;
			break;
		case 3:
			f[19] = 16;
			break;
		default:
			ns_put16(f + 20, 3); /* RARP */
			break;
		}
		CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	}
	CHECK_EQ(t.s->c.arp_bad, 5);
	/* Senders that cannot be neighbours. */
	n = arp_frame(f, ns_eth_bcast, 1, mcast, NT_PEER_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, 0xffffffffu, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_IP(10, 0, 0, 255),
		      NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_IP(224, 0, 0, 1),
		      NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	CHECK_EQ(t.s->c.arp_bad_sender, 4);
	/* Someone else claims our address. */
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_OUR_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EEXIST);
	CHECK_EQ(t.s->c.arp_conflict, 1);
	CHECK_EQ(t.n, 0);
	/* Trailing bytes (padding) are fine. */
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_PEER_IP, NT_OUR_IP);
	memset(f + n, 0, 18);
	CHECK_EQ(nt_in(&t, f, 60, 2000), 0);
	CHECK_EQ(t.n, 1);
}

static void test_resolve_queue_retry(void)
{
	uint8_t f[64];
	size_t n;
	int sk;
	const uint8_t *a;

	nt_init_static(&t);
	sk = ns_udp_bind(t.s, 5000, recv_nop, NULL);
	CHECK(sk >= 0);
	CHECK_EQ(ns_next_deadline(t.s), UINT64_MAX);
	/* Unknown next hop: a request goes out, the datagram waits. */
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "a", 1), -EAGAIN);
	CHECK_EQ(t.n, 1);
	a = nt_l3(&t, 0);
	CHECK_EQ(nt_type(&t, 0), 0x0806);
	CHECK_EQ(ns_get16(a + 6), 1);
	CHECK_EQ(ns_get32(a + 24), NT_PEER_IP);
	CHECK_EQ(ns_next_deadline(t.s), 1000 + NS_ARP_RETRY_MS);
	/* More datagrams queue behind it without more requests, up to the
	 * per-entry limit. */
	for (int i = 1; i < NS_ARP_QUEUE_PER_ENTRY; i++)
		CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "b", 1),
			 -EAGAIN);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "c", 1), -EAGAIN);
	CHECK_EQ(t.s->c.arp_queue_full, 1);
	/* Retries at each interval... */
	ns_timers(t.s, 1000 + NS_ARP_RETRY_MS - 1);
	CHECK_EQ(t.n, 1);
	ns_timers(t.s, 1000 + NS_ARP_RETRY_MS);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(t.s->c.arp_requests_tx, 1 + 2); /* the announce counts */
	/* ... and the reply sends the queue in order. */
	nt_clear(&t);
	n = arp_frame(f, nt_our_mac, 2, nt_peer_mac, NT_PEER_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2500), 0);
	CHECK_EQ(t.n, NS_ARP_QUEUE_PER_ENTRY);
	CHECK_MEM(t.frame[0], 6, nt_peer_mac, 6);
	CHECK_EQ(nt_l3(&t, 0)[28], 'a');
	CHECK_EQ(nt_l3(&t, 1)[28], 'b');
	CHECK_EQ(ns_next_deadline(t.s), UINT64_MAX);
	/* Now sent at once. */
	nt_clear(&t);
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "d", 1), 0);
	CHECK_EQ(t.n, 1);
}

static void test_give_up(void)
{
	int sk;
	uint64_t now = 1000;

	nt_init_static(&t);
	sk = ns_udp_bind(t.s, 5000, recv_nop, NULL);
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "a", 1), -EAGAIN);
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "a", 1), -EAGAIN);
	for (int i = 0; i < NS_ARP_TRIES; i++) {
		now = ns_next_deadline(t.s);
		CHECK(now != UINT64_MAX);
		ns_timers(t.s, now);
	}
	CHECK_EQ(t.s->c.arp_requests_tx, 1 + NS_ARP_TRIES);
	CHECK_EQ(t.s->c.arp_unresolved, 2);
	CHECK_EQ(ns_next_deadline(t.s), UINT64_MAX);
	/* The queue slots are free again: a new attempt starts over. */
	nt_clear(&t);
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "a", 1), -EAGAIN);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(t.s->c.arp_queue_full, 0);
}

static void test_limits_and_expiry(void)
{
	uint8_t f[64];
	size_t n;
	int sk;

	nt_init_static(&t);
	sk = ns_udp_bind(t.s, 5000, recv_nop, NULL);
	/* The shared queue bound: one datagram to each of many hosts. */
	for (int i = 0; i < NS_ARP_ENTRIES; i++)
		(void)ns_udp_sendto(t.s, sk, NT_IP(10, 0, 0, 10 + i), 7, "x",
				    1);
	CHECK_EQ(t.s->c.arp_queue_full, NS_ARP_ENTRIES - NS_ARP_QUEUE);
	/* Every entry is being resolved: a new host cannot get one. */
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_IP(10, 0, 0, 100), 7, "x", 1),
		 -EAGAIN);
	CHECK_EQ(t.s->c.arp_table_full, 1);
	/* ARP traffic from the resolved hosts fills the cache; a further
	 * requester evicts the entry closest to expiry. */
	nt_init_static(&t);
	for (int i = 0; i < NS_ARP_ENTRIES; i++) {
		uint8_t mac[6] = {2, 0, 0, 0, 1, (uint8_t)i};

		n = arp_frame(f, ns_eth_bcast, 1, mac, NT_IP(10, 0, 0, 10 + i),
			      NT_OUR_IP);
		CHECK_EQ(nt_in(&t, f, n, 2000 + (uint64_t)i), 0);
	}
	CHECK(ns_arp_lookup(t.s, NT_IP(10, 0, 0, 10)) != NULL);
	n = arp_frame(f, ns_eth_bcast, 1, nt_peer_mac, NT_PEER_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 3000), 0);
	CHECK(ns_arp_lookup(t.s, NT_PEER_IP) != NULL);
	CHECK(ns_arp_lookup(t.s, NT_IP(10, 0, 0, 10)) == NULL);
	CHECK(ns_arp_lookup(t.s, NT_IP(10, 0, 0, 11)) != NULL);
	CHECK_EQ(t.s->c.arp_table_full, 0);
	/* Expiry: gone after the TTL; the sweep counts it. */
	t.s->now = 3000 + NS_ARP_TTL_MS - 1;
	CHECK(ns_arp_lookup(t.s, NT_PEER_IP) != NULL);
	ns_timers(t.s, 3000 + NS_ARP_TTL_MS);
	CHECK(ns_arp_lookup(t.s, NT_PEER_IP) == NULL);
	CHECK_EQ(t.s->c.arp_expired, NS_ARP_ENTRIES);
	/* Sending to an expired-but-unswept entry asks again. */
	nt_init_static(&t);
	sk = ns_udp_bind(t.s, 5000, recv_nop, NULL);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	t.s->now += NS_ARP_TTL_MS;
	CHECK_EQ(ns_udp_sendto(t.s, sk, NT_PEER_IP, 7, "x", 1), -EAGAIN);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(nt_type(&t, 0), 0x0806);
}

int main(void)
{
	test_announce();
	test_reply_and_learn();
	test_malformed();
	test_resolve_queue_retry();
	test_give_up();
	test_limits_and_expiry();
	return check_summary();
}
