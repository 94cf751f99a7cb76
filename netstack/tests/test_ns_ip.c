/* IPv4 input validation, delivery, routing and output fragmentation
 * (netstack/ns_ip.c). Echo requests are the probe: a reply means the
 * datagram was accepted. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ns_csum.h"
#include "ns_eth.h"
#include "ns_ip.h"
#include "ns_testlib.h"
#include "ns_udp.h"
#include "ns_wire.h"

static struct nt t;
static uint8_t f[2048], pl[2048];

/* A frame with an echo request from src to dst; returns its size. */
static size_t ping(uint32_t src, uint32_t dst)
{
	size_t n = nt_icmp(pl, 8, 0, 0x12340001, (const uint8_t *)"hello", 5);

	return nt_frame_ip(f, src, dst, 1, 7, 0, pl, n);
}

static void test_header_checks(void)
{
	size_t n;

	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	n = ping(NT_PEER_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(t.s->c.icmp_echo_tx, 1);
	nt_clear(&t);

	/* Truncated header. */
	CHECK_EQ(nt_in(&t, f, 14 + 19, 2000), -EINVAL);
	CHECK_EQ(t.s->c.ip_short, 1);
	/* Version 6 in an IPv4 EtherType. */
	n = ping(NT_PEER_IP, NT_OUR_IP);
	f[14] = 0x65;
	nt_ip_fix_csum(f + 14);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	CHECK_EQ(t.s->c.ip_bad_version, 1);
	/* IHL < 5. */
	for (int ihl = 0; ihl < 5; ihl++) {
		n = ping(NT_PEER_IP, NT_OUR_IP);
		f[14] = (uint8_t)(0x40 | ihl);
		CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	}
	CHECK_EQ(t.s->c.ip_bad_ihl, 5);
	/* IHL past the frame. */
	n = ping(NT_PEER_IP, NT_OUR_IP);
	f[14] = 0x4f;
	CHECK_EQ(nt_in(&t, f, 14 + 40, 2000), -EINVAL);
	CHECK_EQ(t.s->c.ip_short, 2);
	/* Total length below the header, and past the frame. */
	n = ping(NT_PEER_IP, NT_OUR_IP);
	ns_put16(f + 16, 19);
	nt_ip_fix_csum(f + 14);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = ping(NT_PEER_IP, NT_OUR_IP);
	ns_put16(f + 16, (uint16_t)(n - 14 + 1));
	nt_ip_fix_csum(f + 14);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	CHECK_EQ(t.s->c.ip_bad_len, 2);
	/* Bad checksum. */
	n = ping(NT_PEER_IP, NT_OUR_IP);
	f[14 + 10] ^= 1;
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	CHECK_EQ(t.s->c.ip_bad_csum, 1);
	CHECK_EQ(t.n, 0);

	/* Total length shorter than the frame: Ethernet padding, fine. */
	n = ping(NT_PEER_IP, NT_OUR_IP);
	memset(f + n, 0xee, 20);
	CHECK_EQ(nt_in(&t, f, n + 20, 2000), 0);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(ns_get16(nt_l3(&t, 0) + 2), n - 14);
	nt_clear(&t);
	/* TTL 0 and 1 are accepted by a host (RFC 1122 3.2.1.7); replies
	 * carry our TTL. */
	for (int ttl = 0; ttl < 2; ttl++) {
		n = ping(NT_PEER_IP, NT_OUR_IP);
		f[14 + 8] = (uint8_t)ttl;
		nt_ip_fix_csum(f + 14);
		CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	}
	CHECK_EQ(t.n, 2);
	CHECK_EQ(nt_l3(&t, 0)[8], 64);
	CHECK(nt_ip_csum_ok(&t, 0));
}

static void test_options(void)
{
	size_t n, m;

	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	/* IHL 7: a record-route-ish option block (NOPs + EOL) before the
	 * payload; skipped. */
	m = nt_icmp(pl, 8, 0, 0x12340001, (const uint8_t *)"opt", 3);
	n = nt_frame_ip(f, NT_PEER_IP, NT_OUR_IP, 1, 9, 0, pl, m);
	memmove(f + 14 + 28, f + 14 + 20, m);
	memset(f + 14 + 20, 1, 7); /* NOP */
	f[14 + 27] = 0;		   /* EOL */
	f[14] = 0x47;
	ns_put16(f + 16, (uint16_t)(28 + m));
	nt_ip_fix_csum(f + 14);
	CHECK_EQ(nt_in(&t, f, n + 8, 2000), 0);
	CHECK_EQ(t.s->c.ip_options, 1);
	CHECK_EQ(t.n, 1);
	/* The reply has no options and the same ICMP body. */
	CHECK_EQ(nt_l3(&t, 0)[0], 0x45);
	CHECK_MEM(nt_l3(&t, 0) + 28, 3, "opt", 3);
}

static void test_addresses(void)
{
	size_t n;

	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	/* Not to us: another host, multicast. */
	n = ping(NT_PEER_IP, NT_IP(10, 0, 0, 3));
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	n = ping(NT_PEER_IP, NT_IP(224, 0, 0, 1));
	CHECK_EQ(nt_in(&t, f, n, 2000), -ENOENT);
	CHECK_EQ(t.s->c.ip_not_ours, 2);
	/* Martian sources. */
	n = ping(0xffffffffu, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = ping(NT_IP(10, 0, 0, 255), NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = ping(NT_IP(225, 1, 2, 3), NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = ping(NT_IP(127, 0, 0, 1), NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	n = ping(NT_OUR_IP, NT_OUR_IP);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EINVAL);
	CHECK_EQ(t.s->c.ip_bad_src, 5);
	CHECK_EQ(t.n, 0);
	/* Broadcasts (limited, directed) are accepted; a broadcast ping is
	 * not answered. */
	n = ping(NT_PEER_IP, 0xffffffffu);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	n = ping(NT_PEER_IP, NT_IP(10, 0, 0, 255));
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(t.s->c.icmp_bcast_ignored, 2);
	CHECK_EQ(t.n, 0);
}

static uint8_t hook_seg[2048];
static size_t hook_size;
static uint32_t hook_src, hook_dst;
static int hook_calls;

static void fake_tcp_input(void *ctx, uint32_t src, uint32_t dst,
			   const uint8_t *seg, size_t size, uint64_t now)
{
	(void)ctx, (void)now;
	hook_src = src;
	hook_dst = dst;
	hook_size = size;
	memcpy(hook_seg, seg, size);
	hook_calls++;
}

static void test_protocols(void)
{
	struct ns_tcp_hook h = {0};
	size_t n;
	const uint8_t *r;

	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	/* Unknown protocol: ICMP protocol unreachable quoting it. */
	n = nt_frame_ip(f, NT_PEER_IP, NT_OUR_IP, 99, 5, 0,
			(const uint8_t *)"12345678", 8);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EPROTONOSUPPORT);
	CHECK_EQ(t.s->c.ip_unknown_proto, 1);
	CHECK_EQ(t.n, 1);
	r = nt_l3(&t, 0);
	CHECK_EQ(r[9], 1);
	CHECK_EQ(r[20], 3);
	CHECK_EQ(r[21], 2);
	CHECK_MEM(r + 28, 28, f + 14, 28);
	CHECK_EQ(ns_csum_fold(ns_csum_add(0, r + 20, 8 + 28)), 0);
	nt_clear(&t);
	/* TCP without a hook: the same. */
	n = nt_frame_ip(f, NT_PEER_IP, NT_OUR_IP, 6, 5, 0,
			(const uint8_t *)"abcdefghijklmnopqrst", 20);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EPROTONOSUPPORT);
	CHECK_EQ(t.s->c.tcp_no_hook, 1);
	CHECK_EQ(t.n, 1);
	/* With one: delivered as is. */
	nt_clear(&t);
	h.input = fake_tcp_input;
	ns_set_tcp_hook(t.s, &h);
	CHECK_EQ(nt_in(&t, f, n, 2000), 0);
	CHECK_EQ(hook_calls, 1);
	CHECK_EQ(hook_src, NT_PEER_IP);
	CHECK_EQ(hook_dst, NT_OUR_IP);
	CHECK_MEM(hook_seg, hook_size, "abcdefghijklmnopqrst", 20);
	CHECK_EQ(t.s->c.tcp_rx, 1);
	CHECK_EQ(t.n, 0);
	/* ... but never broadcasts. */
	n = nt_frame_ip(f, NT_PEER_IP, 0xffffffffu, 6, 5, 0,
			(const uint8_t *)"abcdefghijklmnopqrst", 20);
	CHECK_EQ(nt_in(&t, f, n, 2000), -EPROTONOSUPPORT);
	CHECK_EQ(hook_calls, 1);
	CHECK_EQ(t.n, 0); /* and no ICMP error about a broadcast */
}

static void test_routing(void)
{
	struct ns_config cfg = {0};
	const uint8_t *r;

	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	nt_learn(&t, NT_GW_IP, nt_gw_mac);
	/* On-link: straight to the host. */
	CHECK_EQ(ns_ip_send(t.s, 0, NT_PEER_IP, 253, (const uint8_t *)"x", 1),
		 0);
	CHECK_MEM(t.frame[0], 6, nt_peer_mac, 6);
	r = nt_l3(&t, 0);
	CHECK_EQ(ns_get32(r + 12), NT_OUR_IP);
	CHECK_EQ(ns_get32(r + 16), NT_PEER_IP);
	CHECK_EQ(r[8], 64);
	CHECK_EQ(r[9], 253);
	CHECK_EQ(ns_get16(r + 6), 0); /* neither DF nor fragment */
	CHECK(nt_ip_csum_ok(&t, 0));
	/* Off-link: to the gateway's MAC, IP destination unchanged. */
	CHECK_EQ(ns_ip_send(t.s, 0, NT_IP(192, 0, 2, 1), 253,
			    (const uint8_t *)"x", 1),
		 0);
	CHECK_MEM(t.frame[1], 6, nt_gw_mac, 6);
	CHECK_EQ(ns_get32(nt_l3(&t, 1) + 16), NT_IP(192, 0, 2, 1));
	/* Broadcast: no ARP. */
	CHECK_EQ(ns_ip_send(t.s, 0, 0xffffffffu, 253, (const uint8_t *)"x", 1),
		 0);
	CHECK_MEM(t.frame[2], 6, ns_eth_bcast, 6);
	/* Errors. */
	CHECK_EQ(ns_ip_send(t.s, NT_IP(10, 0, 0, 9), NT_PEER_IP, 253,
			    (const uint8_t *)"x", 1),
		 -EADDRNOTAVAIL);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_OUR_IP, 253, (const uint8_t *)"x", 1),
		 -ENETUNREACH);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_IP(224, 0, 0, 5), 253,
			    (const uint8_t *)"x", 1),
		 -ENETUNREACH);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_PEER_IP, 253, pl, 65535 - 19),
		 -EMSGSIZE);
	CHECK_EQ(t.s->c.ip_too_big, 1);
	/* No gateway: off-link is unreachable. */
	memcpy(cfg.mac, nt_our_mac, 6);
	cfg.ip = NT_OUR_IP;
	cfg.prefix = 24;
	CHECK_EQ(nt_init(&t, &cfg, 0), 0);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_IP(192, 0, 2, 1), 253,
			    (const uint8_t *)"x", 1),
		 -ENETUNREACH);
	CHECK_EQ(t.s->c.ip_no_route, 1);
	/* /32 and /0. */
	cfg.prefix = 0;
	CHECK_EQ(nt_init(&t, &cfg, 0), 0);
	nt_clear(&t);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_IP(192, 0, 2, 1), 253,
			    (const uint8_t *)"x", 1),
		 -EAGAIN); /* on-link: ARP for it */
	CHECK_EQ(ns_get32(nt_l3(&t, 0) + 24), NT_IP(192, 0, 2, 1));
	/* Accessors. */
	CHECK_EQ(ns_addr(t.s), NT_OUR_IP);
	CHECK_EQ(ns_prefix(t.s), 0);
	CHECK(ns_is_local(t.s, NT_OUR_IP));
	CHECK(!ns_is_local(t.s, NT_PEER_IP));
	CHECK_EQ(ns_mtu(t.s), 1500);
	CHECK_EQ(ns_tcp_mss(t.s), 1460);
}

static void test_fragment_output(void)
{
	uint8_t big[4000], got[4000];
	size_t have = 0;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_PEER_IP, 253, big, sizeof(big)), 0);
	/* 1480 + 1480 + 1040 */
	CHECK_EQ(t.n, 3);
	for (int i = 0; i < t.n; i++) {
		const uint8_t *r = nt_l3(&t, i);
		size_t len = ns_get16(r + 2) - 20u;
		uint16_t fl = ns_get16(r + 6);

		CHECK(nt_ip_csum_ok(&t, i));
		CHECK_EQ(t.size[i], 14 + 20 + len);
		CHECK_EQ((fl & 0x1fff) * 8u, have);
		CHECK_EQ(!!(fl & 0x2000), i < 2);
		CHECK_EQ(ns_get16(r + 4), ns_get16(nt_l3(&t, 0) + 4));
		memcpy(got + have, r + 20, len);
		have += len;
	}
	CHECK_EQ(have, sizeof(big));
	CHECK_MEM(got, have, big, sizeof(big));
	CHECK_EQ(t.s->c.ip_tx_frags, 3);
	/* Behind an unresolved next hop, every fragment queues (bounded). */
	nt_init_static(&t);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_PEER_IP, 253, big, sizeof(big)),
		 -EAGAIN);
	CHECK_EQ(t.n, 1); /* the ARP request */
	CHECK_EQ(t.s->c.arp_queue_full, 0);
}

static void test_small_mtu(void)
{
	struct ns_config cfg = {0};
	uint8_t data[200];

	memset(data, 0x5a, sizeof(data));
	memcpy(cfg.mac, nt_our_mac, 6);
	cfg.ip = NT_OUR_IP;
	cfg.prefix = 24;
	cfg.mtu = 68;
	CHECK_EQ(nt_init(&t, &cfg, 0), 0);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
	nt_clear(&t);
	CHECK_EQ(ns_ip_send(t.s, 0, NT_PEER_IP, 253, data, sizeof(data)), 0);
	/* 48 bytes of payload per fragment. */
	CHECK_EQ(t.n, 5);
	CHECK_EQ(ns_get16(nt_l3(&t, 0) + 2), 68);
	CHECK_EQ(ns_get16(nt_l3(&t, 4) + 2), 20 + 8);
	CHECK_EQ(ns_tcp_mss(t.s), 28);
}

int main(void)
{
	test_header_checks();
	test_options();
	test_addresses();
	test_protocols();
	test_routing();
	test_fragment_output();
	test_small_mtu();
	return check_summary();
}
