/* Ethernet II and 802.1Q input and output (netstack/ns_eth.c). */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ns_eth.h"
#include "ns_testlib.h"
#include "ns_wire.h"

static struct nt t;
static const uint8_t zero_mac[6];

/* An ARP request for our address from the peer, optionally tagged. */
static size_t arp_req(uint8_t *f, const uint8_t *dst, int tagged, uint16_t tci)
{
	size_t n = 12;

	memcpy(f, dst, 6);
	memcpy(f + 6, nt_peer_mac, 6);
	if (tagged) {
		ns_put16(f + 12, 0x8100);
		ns_put16(f + 14, tci);
		n = 16;
	}
	ns_put16(f + n, 0x0806);
	n += 2;
	return n +
	       nt_arp(f + n, 1, nt_peer_mac, NT_PEER_IP, zero_mac, NT_OUR_IP);
}

static void test_truncated(void)
{
	uint8_t f[64] = {0};
	size_t n;

	nt_init_static(&t);
	CHECK_EQ(nt_in(&t, f, 0, 2000), -EINVAL);
	CHECK_EQ(nt_in(&t, f, 13, 2000), -EINVAL);
	CHECK_EQ(t.s->c.eth_short, 2);
	/* A tag cut short. */
	n = arp_req(f, nt_our_mac, 1, 0);
	CHECK_EQ(nt_in(&t, f, 17, 2000), -EINVAL);
	CHECK_EQ(t.s->c.eth_short, 3);
	/* A whole Ethernet header with a truncated ARP body. */
	n = arp_req(f, nt_our_mac, 0, 0);
	CHECK_EQ(nt_in(&t, f, n - 1, 2000), -EINVAL);
	CHECK_EQ(t.s->c.arp_short, 1);
	CHECK_EQ(t.n, 0);
	CHECK_EQ(t.s->c.rx_frames, 4);
}

static void test_filter(void)
{
	uint8_t f[64];
	size_t n;
	static const uint8_t other[6] = {0x02, 9, 9, 9, 9, 9};
	static const uint8_t mcast[6] = {0x01, 0, 0x5e, 0, 0, 1};

	nt_init_static(&t);
	n = arp_req(f, other, 0, 0);
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	n = arp_req(f, mcast, 0, 0);
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK_EQ(t.s->c.eth_not_ours, 2);
	/* Broadcast and our own MAC are taken. */
	n = arp_req(f, ns_eth_bcast, 0, 0);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	n = arp_req(f, nt_our_mac, 0, 0);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.n, 2);
	/* Unknown EtherType (IPv6). */
	n = arp_req(f, nt_our_mac, 0, 0);
	ns_put16(f + 12, 0x86dd);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EPROTONOSUPPORT);
	CHECK_EQ(t.s->c.eth_unknown_type, 1);
}

static void test_vlan_untagged_stack(void)
{
	uint8_t f[64];
	size_t n;

	nt_init_static(&t);
	/* A priority tag (VID 0) belongs to the untagged interface. */
	n = arp_req(f, nt_our_mac, 1, 0x6000);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.n, 1);
	/* Another VLAN's frame is not ours. */
	n = arp_req(f, nt_our_mac, 1, 5);
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK_EQ(t.s->c.eth_vlan_mismatch, 1);
	/* Q-in-Q: a tag inside a tag. */
	n = arp_req(f, nt_our_mac, 1, 0);
	memmove(f + 18, f + 14, n - 14);
	ns_put16(f + 14, 0);
	ns_put16(f + 16, 0x8100);
	CHECK_EQ(nt_in(&t, f, n + 4, 2000), -ENOENT);
	/* An 802.1ad outer tag. */
	n = arp_req(f, nt_our_mac, 0, 0);
	ns_put16(f + 12, 0x88a8);
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK_EQ(t.s->c.eth_vlan_mismatch, 3);
}

static void test_vlan_tagged_stack(void)
{
	struct ns_config cfg = {0};
	uint8_t f[64];
	size_t n;

	memcpy(cfg.mac, nt_our_mac, 6);
	cfg.ip = NT_OUR_IP;
	cfg.prefix = 24;
	cfg.vlan = 42;
	CHECK_EQ(nt_init(&t, &cfg, 1000), 0);
	/* The gratuitous ARP is tagged, and padded to 64 - 4 = 60 bytes
	 * after the tag is counted: 18 + 28 = 46, padded. */
	CHECK_EQ(t.n, 1);
	CHECK_EQ(ns_get16(t.frame[0] + 12), 0x8100);
	CHECK_EQ(ns_get16(t.frame[0] + 14), 42);
	CHECK_EQ(ns_get16(t.frame[0] + 16), 0x0806);
	CHECK_EQ(t.size[0], 60);
	nt_clear(&t);
	n = arp_req(f, nt_our_mac, 0, 0);
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	n = arp_req(f, nt_our_mac, 1, 43);
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK_EQ(t.s->c.eth_vlan_mismatch, 2);
	/* PCP bits do not matter, the VID does. */
	n = arp_req(f, nt_our_mac, 1, 0xe000 | 42);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(ns_get16(t.frame[0] + 14), 42);
	CHECK_EQ(ns_get16(t.frame[0] + 18 + 6), 2); /* ARP reply */
}

static void test_padding_and_tx_error(void)
{
	uint8_t f[64];
	size_t n;

	nt_init_static(&t);
	n = arp_req(f, nt_our_mac, 0, 0);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.size[0], 60);
	for (size_t i = 42; i < 60; i++)
		CHECK_EQ(t.frame[0][i], 0);
	CHECK_MEM(t.frame[0], 6, nt_peer_mac, 6);
	CHECK_MEM(t.frame[0] + 6, 6, nt_our_mac, 6);
	/* The driver refusing a frame is counted. */
	t.tx_rc = -ENOBUFS;
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.s->c.tx_errors, 1);
	CHECK_EQ(t.s->c.tx_frames, 2); /* the announce, one reply */
	t.tx_rc = 0;
}

static void test_bad_config(void)
{
	struct ns_config cfg = {0};
	static _Alignas(8) uint8_t mem[1 << 18];
	struct ns_stack *s;

	memcpy(cfg.mac, nt_our_mac, 6);
	CHECK_EQ(ns_init(mem, sizeof(mem), &cfg, 0, &s), -EINVAL); /* no tx */
	CHECK_EQ(nt_init(&t, &cfg, 0), 0);
	cfg.vlan = 4095;
	CHECK_EQ(nt_init(&t, &cfg, 0), -EINVAL);
	cfg.vlan = 0;
	cfg.mtu = 67;
	CHECK_EQ(nt_init(&t, &cfg, 0), -EINVAL);
	cfg.mtu = NS_MTU_MAX + 1;
	CHECK_EQ(nt_init(&t, &cfg, 0), -EINVAL);
	cfg.mtu = 0;
	cfg.mac[0] = 1; /* multicast */
	CHECK_EQ(nt_init(&t, &cfg, 0), -EINVAL);
	cfg.mac[0] = 2;
	cfg.prefix = 33;
	CHECK_EQ(nt_init(&t, &cfg, 0), -EINVAL);
	cfg.prefix = 24;
	CHECK_EQ(ns_init(mem + 1, sizeof(mem) - 8, &cfg, 0, &s), -EINVAL);
	CHECK_EQ(ns_init(mem, ns_stack_size() - 1, &cfg, 0, &s), -EINVAL);
}

int main(void)
{
	test_truncated();
	test_filter();
	test_vlan_untagged_stack();
	test_vlan_tagged_stack();
	test_padding_and_tx_error();
	test_bad_config();
	return check_summary();
}
