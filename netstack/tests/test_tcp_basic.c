/* TCP smoke test: two instances back to back through a fake IP layer
 * (a FIFO of segments), a fake clock; handshake and a 1 MB transfer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ns_tcp.h"

#define QMAX 4096
struct pkt {
	int to;
	uint32_t src, dst;
	size_t size;
	uint8_t data[1600];
};
static struct pkt q[QMAX];
static unsigned qh, qt;
static struct ns_tcp tcp[2];
static uint8_t mem[2][1 << 20];
static uint64_t now;

static int out(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
	       size_t size)
{
	struct pkt *p;

	if (qt - qh >= QMAX || size > sizeof(p->data))
		return -EAGAIN;
	p = &q[qt++ % QMAX];
	p->to = (int)(intptr_t)ctx;
	p->src = src;
	p->dst = dst;
	p->size = size;
	memcpy(p->data, seg, size);
	return 0;
}

static void run(uint64_t until)
{
	while (now < until) {
		while (qh != qt) {
			struct pkt *p = &q[qh++ % QMAX];
			ns_tcp_input(&tcp[p->to], p->src, p->dst, p->data,
				     p->size, now);
		}
		now++;
		ns_tcp_timers(&tcp[0], now);
		ns_tcp_timers(&tcp[1], now);
	}
}

static struct ns_tcp_sock *child;
static size_t got;
static uint32_t sum_rx;

static void on_read(void *arg, struct ns_tcp_sock *s)
{
	uint8_t buf[4096];
	long n;
	(void)arg;
	while ((n = ns_tcp_read(s, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++)
			sum_rx = sum_rx * 31 + buf[i];
		got += (size_t)n;
	}
}

static int on_accept(void *arg, struct ns_tcp_sock *l, struct ns_tcp_sock *c)
{
	static const struct ns_tcp_callbacks cb = {.readable = on_read};
	(void)arg;
	(void)l;
	child = c;
	ns_tcp_set_callbacks(c, &cb, NULL);
	return 0;
}

int main(void)
{
	struct ns_tcp_config cfg = {.max_socks = 4, .output = out};
	struct ns_tcp_sock *l, *c;
	uint32_t a0 = 0x0a000001, a1 = 0x0a000002, sum_tx = 0;
	static uint8_t data[1 << 20];
	size_t sent = 0;

	for (int i = 0; i < 2; i++) {
		cfg.output_ctx = (void *)(intptr_t)(1 - i);
		cfg.secret[0] = (uint8_t)i;
		CHECK(ns_tcp_mem_size(&cfg) <= sizeof(mem[i]));
		CHECK_EQ(ns_tcp_init(&tcp[i], &cfg, mem[i], sizeof(mem[i])), 0);
	}
	ns_tcp_set_addrs(&tcp[0], &a0, 1);
	ns_tcp_set_addrs(&tcp[1], &a1, 1);
	CHECK_EQ(ns_tcp_listen(&tcp[1], 80, 4, on_accept, NULL, &l), 0);
	CHECK_EQ(ns_tcp_connect(&tcp[0], a1, 80, 0, NULL, NULL, &c), 0);
	run(10);
	CHECK_EQ(ns_tcp_state(c), NS_TCP_ESTABLISHED);
	CHECK(child != NULL);
	for (size_t i = 0; i < sizeof(data); i++) {
		data[i] = (uint8_t)(i * 7 + (i >> 9));
		sum_tx = sum_tx * 31 + data[i];
	}
	while (sent < sizeof(data) && now < 100000) {
		long n = ns_tcp_write(c, data + sent, sizeof(data) - sent);
		if (n > 0)
			sent += (size_t)n;
		run(now + 1);
	}
	run(now + 1000);
	CHECK_EQ(got, sizeof(data));
	CHECK_EQ(sum_rx, sum_tx);
	ns_tcp_close(c);
	run(now + 1000);
	CHECK_EQ(ns_tcp_state(child), NS_TCP_CLOSE_WAIT);
	ns_tcp_close(child);
	run(now + 1000);
	CHECK_EQ(ns_tcp_state(c), NS_TCP_TIME_WAIT);
	run(now + 61000);
	CHECK_EQ(ns_tcp_next_deadline(&tcp[0]), UINT64_MAX);
	printf("segs %llu/%llu rexmits %llu\n",
	       (unsigned long long)tcp[0].cnt.segs_out,
	       (unsigned long long)tcp[1].cnt.segs_out,
	       (unsigned long long)tcp[0].cnt.rexmits);
	return check_summary();
}
