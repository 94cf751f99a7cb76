#define _GNU_SOURCE /* memmem */
/* The DHCP client against a scripted server with a fake clock:
 * DISCOVER/OFFER/REQUEST/ACK, renewal, rebinding, expiry, NAK, malformed
 * replies (netstack/ns_dhcp.c). Also UDP receive checks on port 68. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ns_dhcp.h"
#include "ns_testlib.h"
#include "ns_wire.h"

static struct nt t;
static uint8_t f[1024], m[600], u[700];
#define SERVER NT_IP(10, 0, 0, 1)
#define OFFERED NT_IP(10, 0, 0, 50)

/* The DHCP message in recorded frame i (NULL if it is not one). */
static const uint8_t *sent_dhcp(int i)
{
	const uint8_t *p = nt_l3(&t, i);

	if (nt_type(&t, i) != 0x0800 || p[9] != 17 ||
	    ns_get16(p + 22) != NS_DHCP_SERVER_PORT)
		return NULL;
	return p + 28;
}

/* The value of option 53 in a message we sent. */
static int sent_type(const uint8_t *d)
{
	return d && d[240] == 53 ? d[242] : -1;
}

/* A reply of `type` for xid with options opts[0..osize) (END added). */
static int reply(uint8_t type, uint32_t xid, const uint8_t *opts, size_t osize,
		 int end)
{
	size_t n = 0, k;

	memset(m, 0, sizeof(m));
	m[0] = 2;
	m[1] = 1;
	m[2] = 6;
	ns_put32(m + 4, xid);
	ns_put32(m + 16, type == NS_DHCPNAK ? 0 : OFFERED);
	memcpy(m + 28, nt_our_mac, 6);
	memcpy(m + 236, (const uint8_t[4]){99, 130, 83, 99}, 4);
	n = 240;
	m[n++] = 53;
	m[n++] = 1;
	m[n++] = type;
	if (osize)
		memcpy(m + n, opts, osize);
	n += osize;
	if (end)
		m[n++] = 255;
	k = nt_udp(u, SERVER, 0xffffffffu, 67, 68, m, n);
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, 0xffffffffu, 17, 1, 0, u, k);
	return nt_in(&t, f, n, t.s->now);
}

static const uint8_t lease_opts[] = {
    54, 4, 10,	0,   0,	   1,	 /* server */
    1,	4, 255, 255, 255,  0,	 /* mask */
    3,	4, 10,	0,   0,	   254,	 /* router */
    51, 4, 0,	0,   0x03, 0xe8, /* lease 1000 s */
};

static uint32_t xid_of(int i)
{
	return ns_get32(sent_dhcp(i) + 4);
}

static void start(void)
{
	struct ns_config cfg = {0};

	memcpy(cfg.mac, nt_our_mac, 6);
	cfg.dhcp = 1;
	cfg.seed = 42;
	cfg.hostname = "nshost";
	CHECK_EQ(nt_init(&t, &cfg, 1000), 0);
}

static void bind_lease(void)
{
	start();
	CHECK_EQ(
	    reply(NS_DHCPOFFER, xid_of(0), lease_opts, sizeof(lease_opts), 1),
	    0);
	CHECK_EQ(
	    reply(NS_DHCPACK, xid_of(1), lease_opts, sizeof(lease_opts), 1), 0);
}

static void test_exchange(void)
{
	const uint8_t *d;
	uint64_t dl;

	start();
	CHECK_EQ(t.n, 1);
	d = sent_dhcp(0);
	CHECK(d != NULL);
	CHECK_EQ(sent_type(d), NS_DHCPDISCOVER);
	CHECK_EQ(ns_get32(nt_l3(&t, 0) + 12), 0);
	CHECK_EQ(ns_get32(nt_l3(&t, 0) + 16), 0xffffffffu);
	CHECK_MEM(t.frame[0], 6, (const uint8_t *)"\xff\xff\xff\xff\xff\xff",
		  6);
	CHECK(ns_get16(nt_l3(&t, 0) + 2) >= 20 + 8 + 300);
	CHECK_MEM(d + 28, 6, nt_our_mac, 6);
	/* Retransmission: 4 s +- 1 s, then 8 s +- 1 s. */
	dl = ns_next_deadline(t.s);
	CHECK(dl >= 1000 + 3000 && dl <= 1000 + 5000);
	ns_timers(t.s, dl);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(sent_type(sent_dhcp(1)), NS_DHCPDISCOVER);
	CHECK(ns_next_deadline(t.s) >= dl + 7000);
	nt_clear(&t);
	/* OFFER -> REQUEST with requested address and server id. */
	CHECK_EQ(reply(NS_DHCPOFFER, t.s->dhcp.xid, lease_opts,
		       sizeof(lease_opts), 1),
		 0);
	CHECK_EQ(t.s->c.dhcp_offers, 1);
	CHECK_EQ(t.n, 1);
	d = sent_dhcp(0);
	CHECK_EQ(sent_type(d), NS_DHCPREQUEST);
	CHECK(memmem(d + 240, 60, "\x32\x04\x0a\x00\x00\x32", 6) != NULL);
	CHECK(memmem(d + 240, 60, "\x36\x04\x0a\x00\x00\x01", 6) != NULL);
	CHECK(memmem(d + 240, 80, "\x0c\x06nshost", 8) != NULL);
	/* ACK -> bound: address, gratuitous ARP, callback. */
	nt_clear(&t);
	CHECK_EQ(
	    reply(NS_DHCPACK, xid_of(0), lease_opts, sizeof(lease_opts), 1), 0);
	CHECK_EQ(ns_addr(t.s), OFFERED);
	CHECK_EQ(ns_prefix(t.s), 24);
	CHECK_EQ(ns_gateway(t.s), NT_GW_IP);
	CHECK_EQ(t.addr_ip, OFFERED);
	CHECK_EQ(t.addr_events, 1);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(nt_type(&t, 0), 0x0806);
	CHECK_EQ(t.s->c.dhcp_acks, 1);
	/* T1 = 500 s. */
	CHECK_EQ(ns_next_deadline(t.s), t.s->now + 500000);
}

static void test_renew_rebind_expire(void)
{
	uint64_t t0;

	bind_lease();
	t0 = t.s->now;
	t.s->now = t0 + 499000; /* the server's MAC is fresh at T1 */
	nt_learn(&t, SERVER, nt_peer_mac);
	nt_clear(&t);
	/* T1: unicast REQUEST to the server, ciaddr set. */
	ns_timers(t.s, t0 + 500000);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(sent_type(sent_dhcp(0)), NS_DHCPREQUEST);
	CHECK_EQ(ns_get32(nt_l3(&t, 0) + 16), SERVER);
	CHECK_EQ(ns_get32(sent_dhcp(0) + 12), OFFERED);
	/* The ACK renews: T1 again from now. */
	t.s->now = t0 + 501000;
	CHECK_EQ(
	    reply(NS_DHCPACK, xid_of(0), lease_opts, sizeof(lease_opts), 1), 0);
	CHECK_EQ(ns_next_deadline(t.s), t0 + 501000 + 500000);
	CHECK_EQ(t.addr_events, 1); /* same address: no change */
	/* No answers: renew retries, then rebinding (broadcast) at T2 =
	 * 875 s, then expiry at 1000 s. */
	t0 = t.s->now;
	nt_clear(&t);
	ns_timers(t.s, t0 + 500000);
	ns_timers(t.s, t0 + 875000);
	CHECK_EQ(ns_get32(nt_l3(&t, t.n - 1) + 16), 0xffffffffu);
	CHECK_EQ(t.s->dhcp.state, NS_DHCP_REBINDING);
	while (ns_addr(t.s)) {
		uint64_t dl = ns_next_deadline(t.s);

		CHECK(dl <= t0 + 1000000);
		if (dl > t0 + 1000000)
			break;
		ns_timers(t.s, dl);
	}
	CHECK_EQ(t.s->c.dhcp_expired, 1);
	CHECK_EQ(t.addr_ip, 0);
	CHECK_EQ(t.s->dhcp.state, NS_DHCP_SELECTING);
}

static void test_nak_and_malformed(void)
{
	static const uint8_t trunc[] = {51, 4, 0, 0};
	static const uint8_t badmask[] = {54, 4, 10,  0, 0,   1,
					  1,  4, 255, 0, 255, 0};
	static const uint8_t badlen[] = {54, 3, 10, 0, 0};
	uint32_t xid;

	/* NAK in REQUESTING: start over with a new DISCOVER. */
	start();
	CHECK_EQ(
	    reply(NS_DHCPOFFER, xid_of(0), lease_opts, sizeof(lease_opts), 1),
	    0);
	nt_clear(&t);
	CHECK_EQ(reply(NS_DHCPNAK, xid_of(0), lease_opts, 6, 1), 0);
	CHECK_EQ(t.s->c.dhcp_naks, 1);
	CHECK_EQ(sent_type(sent_dhcp(0)), NS_DHCPDISCOVER);
	/* Malformed replies, each counted, none changes state. */
	xid = t.s->dhcp.xid;
	CHECK_EQ(reply(NS_DHCPOFFER, xid, trunc, sizeof(trunc), 0), 0);
	CHECK_EQ(reply(NS_DHCPOFFER, xid, lease_opts, sizeof(lease_opts), 0),
		 0); /* no END */
	CHECK_EQ(reply(NS_DHCPOFFER, xid, badmask, sizeof(badmask), 1), 0);
	CHECK_EQ(reply(NS_DHCPOFFER, xid, badlen, sizeof(badlen), 1), 0);
	CHECK_EQ(reply(NS_DHCPOFFER, xid, NULL, 0, 1), 0); /* no server id */
	CHECK_EQ(t.s->c.dhcp_bad_options, 5);
	CHECK_EQ(
	    reply(NS_DHCPOFFER, xid + 1, lease_opts, sizeof(lease_opts), 1), 0);
	CHECK_EQ(t.s->c.dhcp_not_ours, 1);
	CHECK_EQ(reply(NS_DHCPACK, xid, lease_opts, sizeof(lease_opts), 1), 0);
	CHECK_EQ(t.s->c.dhcp_unexpected, 1);
	CHECK_EQ(t.s->dhcp.state, NS_DHCP_SELECTING);
	/* A bad cookie, a short message. */
	m[236] = 0;
	{
		size_t k = nt_udp(u, SERVER, 0xffffffffu, 67, 68, m, 300);
		size_t n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);

		n += nt_ip(f + n, SERVER, 0xffffffffu, 17, 1, 0, u, k);
		CHECK_EQ(nt_in(&t, f, n, t.s->now), 0);
		k = nt_udp(u, SERVER, 0xffffffffu, 67, 68, m, 200);
		n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
		n += nt_ip(f + n, SERVER, 0xffffffffu, 17, 1, 0, u, k);
		CHECK_EQ(nt_in(&t, f, n, t.s->now), 0);
	}
	CHECK_EQ(t.s->c.dhcp_bad, 2);
	/* Without an address only UDP to port 68 gets in. */
	{
		size_t k = nt_udp(u, SERVER, OFFERED, 67, 69, m, 10);
		size_t n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);

		n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, k);
		CHECK_EQ(nt_in(&t, f, n, t.s->now), -ENOENT);
	}
	CHECK_EQ(ns_addr(t.s), 0);
}

static void test_udp_checks(void)
{
	size_t k, n;

	bind_lease();
	/* Bad checksum, checksum 0, bad lengths on port 68. */
	k = nt_udp(u, SERVER, OFFERED, 67, 68, m, 20);
	u[6] ^= 1;
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, k);
	CHECK_EQ(nt_in(&t, f, n, t.s->now), -EINVAL);
	CHECK_EQ(t.s->c.udp_bad_csum, 1);
	ns_put16(u + 6, 0);
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, k);
	CHECK_EQ(nt_in(&t, f, n, t.s->now), 0);
	CHECK_EQ(t.s->c.udp_no_csum, 1);
	ns_put16(u + 4, 7);
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, k);
	CHECK_EQ(nt_in(&t, f, n, t.s->now), -EINVAL);
	ns_put16(u + 4, (uint16_t)(k + 1));
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, k);
	CHECK_EQ(nt_in(&t, f, n, t.s->now), -EINVAL);
	CHECK_EQ(t.s->c.udp_bad_len, 2);
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, 7);
	CHECK_EQ(nt_in(&t, f, n, t.s->now), -EINVAL);
	CHECK_EQ(t.s->c.udp_short, 1);
	/* A closed port: ICMP port unreachable. */
	nt_learn(&t, SERVER, nt_peer_mac);
	nt_clear(&t);
	k = nt_udp(u, SERVER, OFFERED, 1234, 9999, m, 20);
	n = nt_eth(f, nt_our_mac, nt_peer_mac, 0x0800);
	n += nt_ip(f + n, SERVER, OFFERED, 17, 1, 0, u, k);
	CHECK_EQ(nt_in(&t, f, n, t.s->now), -ENOENT);
	CHECK_EQ(t.s->c.udp_no_port, 1);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(nt_l3(&t, 0)[20], 3);
	CHECK_EQ(nt_l3(&t, 0)[21], 3);
	CHECK_MEM(nt_l3(&t, 0) + 28, 20 + k, f + 14, 20 + k);
}

int main(void)
{
	test_exchange();
	test_renew_rebind_expire();
	test_nak_and_malformed();
	test_udp_checks();
	return check_summary();
}
