/* IPv4 reassembly: order, duplicates, overlaps, bounds, timeouts
 * (netstack/ns_ip_frag.c). Fragments carry one echo request; a reply
 * means the datagram was reassembled and accepted. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "ns_testlib.h"
#include "ns_wire.h"

static struct nt t;
static uint8_t msg[20000], f[2048];

/* Builds an echo request of `size` ICMP bytes in msg. */
static void make_ping(size_t size)
{
	for (size_t i = 8; i < size; i++)
		msg[i] = (uint8_t)i;
	nt_icmp(msg, 8, 0, 0x00010001, msg + 8, size - 8);
}

/* Feeds bytes [off, off + size) of msg as a fragment. */
static int frag(uint16_t id, size_t off, size_t size, int more)
{
	size_t n = nt_frame_ip(f, NT_PEER_IP, NT_OUR_IP, 1, id,
			       (uint16_t)((more ? 0x2000 : 0) | off / 8),
			       msg + off, size);

	return nt_in(&t, f, n, t.s->now);
}

static void setup(void)
{
	nt_init_static(&t);
	nt_learn(&t, NT_PEER_IP, nt_peer_mac);
}

static void test_orders(void)
{
	setup();
	make_ping(3000);
	CHECK_EQ(frag(1, 0, 1480, 1), 0);
	CHECK_EQ(frag(1, 1480, 1480, 1), 0);
	CHECK_EQ(t.n, 0);
	CHECK_EQ(frag(1, 2960, 40, 0), 0);
	CHECK_EQ(t.s->c.frag_reassembled, 1);
	/* The 3000-byte reply is fragmented at our MTU. */
	CHECK_EQ(t.n, 3);
	CHECK_EQ(nt_l3(&t, 0)[20], 0);
	CHECK_MEM(nt_l3(&t, 0) + 28, 1472, msg + 8, 1472);
	/* Out of order, with a duplicate in the middle. */
	nt_clear(&t);
	CHECK_EQ(frag(2, 2960, 40, 0), 0);
	CHECK_EQ(frag(2, 1480, 1480, 1), 0);
	CHECK_EQ(frag(2, 1480, 1480, 1), 0);
	CHECK_EQ(t.s->c.frag_dup, 1);
	CHECK_EQ(frag(2, 0, 1480, 1), 0);
	CHECK_EQ(t.s->c.frag_reassembled, 2);
	CHECK_EQ(t.n, 3);
	CHECK_EQ(ns_next_deadline(t.s), UINT64_MAX);
}

static void test_malformed(void)
{
	setup();
	make_ping(3000);
	/* Partial overlap drops the whole datagram. */
	CHECK_EQ(frag(3, 0, 1480, 1), 0);
	CHECK_EQ(frag(3, 1472, 1480, 1), -EINVAL);
	CHECK_EQ(t.s->c.frag_overlap, 1);
	CHECK_EQ(frag(3, 2960, 40, 0), 0); /* starts a new one */
	CHECK_EQ(t.s->c.frag_reassembled, 0);
	/* A non-last fragment not a multiple of 8, or empty. */
	CHECK_EQ(frag(4, 0, 1479, 1), -EINVAL);
	CHECK_EQ(frag(4, 0, 0, 1), -EINVAL);
	CHECK_EQ(t.s->c.frag_bad, 2);
	/* Past 65535 bytes. */
	CHECK_EQ(frag(5, 8191 * 8, 16, 0), -EINVAL);
	CHECK_EQ(t.s->c.frag_bad, 3);
	/* Bigger than the reassembly buffer. */
	CHECK_EQ(frag(6, NS_FRAG_MAX, 8, 0), -EMSGSIZE);
	CHECK_EQ(t.s->c.frag_too_big, 1);
	/* Two different ends. */
	CHECK_EQ(frag(7, 2960, 40, 0), 0);
	CHECK_EQ(frag(7, 2960, 48, 0), -EINVAL);
	/* Data past a known end. */
	CHECK_EQ(frag(8, 1480, 40, 0), 0);
	CHECK_EQ(frag(8, 2960, 8, 1), -EINVAL);
	/* An end before data already received. */
	CHECK_EQ(frag(9, 1480, 1480, 1), 0);
	CHECK_EQ(frag(9, 0, 40, 0), -EINVAL);
	CHECK_EQ(t.n, 0);
}

static void test_bounds(void)
{
	uint64_t start;

	setup();
	make_ping(3000);
	start = t.s->now;
	CHECK_EQ(frag(10, 0, 1480, 1), 0);
	CHECK_EQ(ns_next_deadline(t.s), start + NS_FRAG_TIMEOUT_MS);
	ns_timers(t.s, start + NS_FRAG_TIMEOUT_MS);
	CHECK_EQ(t.s->c.frag_timeout, 1);
	CHECK_EQ(ns_next_deadline(t.s), UINT64_MAX);
	/* Memory bound: one more datagram than slots evicts the oldest. */
	for (uint16_t id = 20; id < 20 + NS_FRAG_SLOTS + 1; id++) {
		t.s->now++;
		CHECK_EQ(frag(id, 0, 1480, 1), 0);
	}
	CHECK_EQ(t.s->c.frag_evicted, 1);
	CHECK_EQ(frag(20, 1480, 1480, 1), 0); /* 20 was evicted: new slot */
	CHECK_EQ(frag(21, 1480, 1480, 1), 0); /* 21 was evicted now */
	CHECK_EQ(t.s->c.frag_evicted, 3);
	nt_clear(&t);
	CHECK_EQ(frag(24, 1480, 1480, 1), 0);
	CHECK_EQ(frag(24, 2960, 40, 0), 0);
	CHECK_EQ(t.s->c.frag_reassembled, 1);
	CHECK_EQ(t.n, 3);
}

int main(void)
{
	test_orders();
	test_malformed();
	test_bounds();
	return check_summary();
}
