/* Tests of queue scheduling (sw_sched.c) over the fake platform and its
 * clock: min_rate shares on a saturated port, work conservation, traffic
 * below the rate passing at once, the default class's share, back-pressure
 * from a full device ring without loss, per-class limits and their
 * counters, order within a queue, PORT_DOWN purging what waits, the timer
 * deadline, and turning shaping off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fake_sw_plat.h"
#include "of_parse.h"
#include "sw.h"
#include "sw_internal.h"

static struct sw *sw;
static struct fake_port *in, *out;
static struct fake_chan *ch;
static uint8_t fr[2048];

static const uint8_t dst[6] = {0, 0, 0, 0, 0, 0xd};

static void flow(const char *text)
{
	fake_flow(ch, text, 0, OFP_NO_BUFFER, 99);
}

/* A switch with ports 1 (in) and 2 (out); frames from source MAC ...:0N
 * go to queue N of port 2, from ...:0f to port 2 without a queue. */
static void setup(void)
{
	struct sw_config cfg;

	sw_config_default(&cfg);
	cfg.datapath_id = 1;
	sw = sw_create(&cfg);
	CHECK(sw != NULL);
	in = fake_port_add(sw, 1);
	out = fake_port_add(sw, 2);
	ch = fake_mgmt(sw, "test");
	fake_hello(ch);
	for (int q = 1; q <= 3; q++) {
		char f[128];

		snprintf(f, sizeof(f),
			 "dl_src=00:00:00:00:00:0%d,actions=enqueue:2:%d", q,
			 q);
		flow(f);
	}
	flow("dl_src=00:00:00:00:00:0f,actions=output:2");
	fake_drain(ch);
}

static void teardown(void)
{
	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	sw_port_remove(sw, 2);
	free(in);
	free(out);
	sw_destroy(sw);
}

/* Receives one frame of `size` bytes from source ...:src, carrying seq. */
static void send_from(uint8_t src, size_t size, uint8_t seq)
{
	uint8_t mac[6] = {0, 0, 0, 0, 0, src};
	size_t n = fake_eth(fr, dst, mac, 0x88b5, size - 14);

	fr[14] = seq;
	fake_rx(sw, 1, fr, n);
}

/* Offers `per_ms` frames of 1000 bytes from each source in srcs every
 * millisecond for `ms` milliseconds, running the switch's timers. */
static void offer(const uint8_t *srcs, int n_srcs, int per_ms, int ms)
{
	for (int t = 0; t < ms; t++) {
		for (int i = 0; i < per_ms; i++)
			for (int s = 0; s < n_srcs; s++)
				send_from(srcs[s], 1000, (uint8_t)i);
		sw_flush(sw);
		fake_advance(sw, 1);
	}
}

static struct sw_queue *queue(uint32_t id)
{
	return sw_queue_find(sw_port_find(sw, 2), id);
}

/* Two queues at 70% and 30% of an 8 Mbit/s port (1000 bytes a ms), both
 * offered twenty times that: each gets its share of what is sent, what
 * does not fit is dropped and counted. */
static void test_shares(void)
{
	static const uint8_t both[] = {1, 2};
	unsigned total, q1, q2;
	struct sw_port *p;

	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 700), OF_OK);
	CHECK_EQ(sw_port_add_queue(sw, 2, 2, 300), OF_OK);
	CHECK_EQ(sw_port_set_rate(sw, 2, 8000000), OF_OK);
	CHECK_EQ(sw_port_set_rate(sw, 9, 8000000), OF_E_INVALID);
	p = sw_port_find(sw, 2);
	CHECK(p->sched.on);
	offer(both, 2, 10, 2000);
	q1 = out->by_src[1];
	q2 = out->by_src[2];
	total = q1 + q2;
	printf("# 70/30 at 8 Mbit/s for 2 s: queue 1 %u, queue 2 %u frames\n",
	       q1, q2);
	/* 2000 ms at 1000 bytes a ms, plus the initial burst. */
	CHECK(total >= 1950 && total <= 2050);
	CHECK(q1 * 100 >= total * 67 && q1 * 100 <= total * 73);
	CHECK(q2 * 100 >= total * 27 && q2 * 100 <= total * 33);
	CHECK_EQ(queue(1)->tx_packets, q1);
	CHECK_EQ(queue(2)->tx_packets, q2);
	CHECK_EQ(queue(1)->tx_bytes, (uint64_t)q1 * 1000);
	/* Everything offered was sent, dropped or is still waiting. */
	CHECK_EQ(queue(1)->tx_packets + queue(1)->tx_errors +
		     queue(2)->tx_packets + queue(2)->tx_errors +
		     p->sched.backlog,
		 2 * 10 * 2000);
	CHECK_EQ(p->st.tx_dropped, queue(1)->tx_errors + queue(2)->tx_errors);
	CHECK(p->sched.backlog <= 2 * SW_SCHED_DEPTH);
	CHECK(p->sched.backlog_bytes <= SW_SCHED_BYTES);
	/* Frames wait: the core wants to run again within a millisecond. */
	CHECK(sw_next_timeout(sw) <= 1);
	/* Offered nothing more, the backlog drains at the rate. */
	for (int t = 0; t < 1000 && p->sched.backlog; t++)
		fake_advance(sw, 1);
	CHECK_EQ(p->sched.backlog, 0);
	CHECK_EQ(p->sched.backlog_bytes, 0);
	CHECK_EQ(sw_next_timeout(sw) <= 1, false);
	teardown();
}

/* A queue alone on the port takes all of it, whatever its min_rate. */
static void test_work_conserving(void)
{
	static const uint8_t two[] = {2};

	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 700), OF_OK);
	CHECK_EQ(sw_port_add_queue(sw, 2, 2, 300), OF_OK);
	CHECK_EQ(sw_port_set_rate(sw, 2, 8000000), OF_OK);
	offer(two, 1, 5, 1000);
	CHECK(out->by_src[2] >= 975 && out->by_src[2] <= 1050);
	CHECK_EQ(out->by_src[1], 0);
	teardown();
}

/* Below the rate nothing waits: each frame leaves at once. */
static void test_below_rate(void)
{
	struct sw_port *p;

	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 500), OF_OK);
	CHECK_EQ(sw_port_set_rate(sw, 2, 8000000), OF_OK);
	p = sw_port_find(sw, 2);
	for (int t = 0; t < 200; t++) {
		send_from(1, 500, (uint8_t)t);
		CHECK_EQ(out->n_tx, (unsigned)t + 1);
		CHECK_EQ(p->sched.backlog, 0);
		fake_advance(sw, 1);
	}
	CHECK_EQ(p->st.tx_dropped, 0);
	teardown();
}

/* Traffic without a queue is the default class: it shares what the
 * min_rates leave (here 30%), queues without min_rate share it with it. */
static void test_default_class(void)
{
	static const uint8_t mix[] = {1, 0xf};
	static const uint8_t three[] = {1, 3, 0xf};
	unsigned total;

	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 700), OF_OK);
	CHECK_EQ(sw_port_set_rate(sw, 2, 8000000), OF_OK);
	offer(mix, 2, 10, 1000);
	total = out->by_src[1] + out->by_src[0xf];
	CHECK(total >= 950 && total <= 1050);
	CHECK(out->by_src[0xf] * 100 >= total * 27 &&
	      out->by_src[0xf] * 100 <= total * 33);
	teardown();

	/* Queue 3 without a min_rate and the default class: 15% each. */
	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 700), OF_OK);
	CHECK_EQ(sw_port_add_queue(sw, 2, 3, 0xffff), OF_OK);
	CHECK_EQ(sw_port_set_rate(sw, 2, 8000000), OF_OK);
	offer(three, 3, 10, 1000);
	total = out->by_src[1] + out->by_src[3] + out->by_src[0xf];
	CHECK(out->by_src[1] * 100 >= total * 67);
	CHECK(out->by_src[3] * 100 >= total * 12 &&
	      out->by_src[3] * 100 <= total * 18);
	CHECK(out->by_src[0xf] * 100 >= total * 12 &&
	      out->by_src[0xf] * 100 <= total * 18);
	teardown();
}

/* Without a configured rate a scheduled port runs at its link speed (the
 * fake's 1 Gbit/s); its device's full ring makes frames wait, not drop,
 * and they leave in order once the ring has room. */
static void test_ring_backpressure(void)
{
	struct sw_port *p;

	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 500), OF_OK);
	p = sw_port_find(sw, 2);
	CHECK(p->sched.on);
	CHECK_EQ(p->sched.rate_bps, 1000000000ull);
	out->ring = 8;
	for (int i = 0; i < 40; i++)
		send_from(1, 100, (uint8_t)i);
	/* The first 8 took the ring; sw_flush (after each frame here) freed
	 * it and let 8 more go each time, so nothing was lost. */
	CHECK_EQ(p->st.tx_dropped, 0);
	CHECK_EQ(out->n_tx + p->sched.backlog, 40);
	for (int t = 0; t < 10 && p->sched.backlog; t++)
		fake_advance(sw, 1);
	CHECK_EQ(out->n_tx, 40);
	for (unsigned i = 0; i < 40; i++)
		CHECK_EQ(out->frame[i][14], i);
	fake_port_clear(out);

	/* A device that takes nothing: the class holds SW_SCHED_DEPTH frames,
	 * the rest is dropped and counted in the queue's tx_errors. */
	out->tx_refuse = true;
	for (int i = 0; i < SW_SCHED_DEPTH + 44; i++)
		send_from(1, 100, (uint8_t)i);
	CHECK_EQ(p->sched.backlog, SW_SCHED_DEPTH);
	CHECK_EQ(queue(1)->tx_errors, 44);
	CHECK_EQ(p->st.tx_dropped, 44);
	CHECK_EQ(sw_next_timeout(sw) <= 1, true);
	/* PORT_DOWN: what waits is dropped and counted. */
	{
		struct of_msg m;
		struct sw_port_info info;

		fake_port_info(2, &info);
		of_msg_init(&m, OFPT_PORT_MOD, 7);
		m.u.port_mod.port_no = 2;
		memcpy(m.u.port_mod.hw_addr, info.hw_addr, 6);
		m.u.port_mod.config = OFPPC_PORT_DOWN;
		m.u.port_mod.mask = OFPPC_PORT_DOWN;
		fake_feed_msg(ch, &m);
	}
	CHECK_EQ(p->sched.backlog, 0);
	CHECK_EQ(queue(1)->tx_errors, 44 + SW_SCHED_DEPTH);
	CHECK_EQ(p->st.tx_dropped, 44 + SW_SCHED_DEPTH);
	/* Frames left waiting at teardown are freed (the sanitizer build
	 * checks for leaks). */
	out->tx_refuse = false;
	teardown();
	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 500), OF_OK);
	out->tx_refuse = true;
	for (int i = 0; i < 10; i++)
		send_from(1, 100, (uint8_t)i);
	CHECK_EQ(sw_port_find(sw, 2)->sched.backlog, 10);
	teardown();
}

/* Ports with neither min_rates nor a rate are not scheduled: a full
 * device drops at once, as before. A rate alone shapes the port. */
static void test_unscheduled(void)
{
	struct sw_port *p;

	setup();
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 0xffff), OF_OK);
	p = sw_port_find(sw, 2);
	CHECK_EQ(p->sched.on, false);
	out->tx_refuse = true;
	send_from(1, 100, 0);
	CHECK_EQ(p->st.tx_dropped, 1);
	CHECK_EQ(queue(1)->tx_errors, 1);
	out->tx_refuse = false;
	CHECK_EQ(sw_port_set_rate(sw, 2, 8000000), OF_OK);
	CHECK(p->sched.on);
	{
		static const uint8_t dflt[] = {0xf};

		offer(dflt, 1, 4, 500);
	}
	CHECK(out->by_src[0xf] >= 475 && out->by_src[0xf] <= 540);
	while (p->sched.backlog)
		fake_advance(sw, 1);
	CHECK_EQ(sw_port_set_rate(sw, 2, 0), OF_OK);
	CHECK_EQ(p->sched.on, false);
	teardown();
}

int main(void)
{
	test_shares();
	test_work_conserving();
	test_below_rate();
	test_default_class();
	test_ring_backpressure();
	test_unscheduled();
	return check_summary();
}
