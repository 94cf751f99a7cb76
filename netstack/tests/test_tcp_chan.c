/* ns_tcp_chan: OpenFlow channels over netstack TCP. Two TCP instances
 * back to back through a FIFO of segments on a fake clock: instance 1
 * carries a channel pool with a recording upper layer, instance 0 plays
 * the peer with raw sockets. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ns_tcp.h"
#include "ns_tcp_chan.h"

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
static uint8_t mem[2][1 << 21];
static uint64_t now = 1000;
static int drop_to_peer; /* segments to instance 0 are lost */

static const uint32_t A0 = 0x0a000001, A1 = 0x0a000002;

static int out(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
	       size_t size)
{
	struct pkt *p;
	int to = (int)(intptr_t)ctx;

	if (to == 0 && drop_to_peer)
		return 0;
	if (qt - qh >= QMAX || size > sizeof(p->data))
		return -EAGAIN;
	p = &q[qt++ % QMAX];
	p->to = to;
	p->src = src;
	p->dst = dst;
	p->size = size;
	memcpy(p->data, seg, size);
	return 0;
}

/* ---- the upper layer: records what it is told ----------------------- */

#define MAXH 8
struct handle {
	int used, closed, inputs;
	const struct plat_chan_ops *ops;
	void *impl;
	char peer[NS_CHAN_PEER_SIZE];
	uint8_t in[1 << 16];
	size_t in_size;
	int echo; /* send each input back */
};
static struct handle hs[MAXH];
static int opened_calls, closed_calls, after_calls, aborted_calls, refuse_open,
    wakes;
static char aborted_why[64];
static struct ns_chan_pool pool;
static uint8_t pool_mem[1 << 20];

static void *up_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
		       const char *peer)
{
	(void)ctx;
	opened_calls++;
	if (refuse_open)
		return NULL;
	for (int i = 0; i < MAXH; i++) {
		if (!hs[i].used) {
			memset(&hs[i], 0, sizeof(hs[i]));
			hs[i].used = 1;
			hs[i].ops = ops;
			hs[i].impl = impl;
			snprintf(hs[i].peer, sizeof(hs[i].peer), "%s", peer);
			return &hs[i];
		}
	}
	return NULL;
}

static void up_input(void *handle, const uint8_t *data, size_t size)
{
	struct handle *h = handle;

	CHECK(!h->closed);
	h->inputs++;
	if (h->in_size + size <= sizeof(h->in)) {
		memcpy(h->in + h->in_size, data, size);
		h->in_size += size;
	}
	if (h->echo)
		CHECK_EQ(h->ops->send(h->impl, data, size), OF_OK);
}

static void up_closed(void *handle)
{
	struct handle *h = handle;

	CHECK(!h->closed);
	h->closed = 1;
	closed_calls++;
}

static void up_aborted(void *ctx, const char *why)
{
	(void)ctx;
	aborted_calls++;
	snprintf(aborted_why, sizeof(aborted_why), "%s", why);
}

static void up_after(void *ctx)
{
	(void)ctx;
	after_calls++;
}

static const struct ns_chan_upper upper = {
    .opened = up_opened,
    .input = up_input,
    .closed = up_closed,
    .aborted = up_aborted,
    .after = up_after,
};

static uint64_t fake_now(void *ctx)
{
	(void)ctx;
	return now;
}

static void fake_wake(void *ctx)
{
	(void)ctx;
	wakes++;
}

/* Delivers segments and advances the clock, servicing the pool as a
 * platform's loop would. */
static void run(uint64_t ms)
{
	uint64_t until = now + ms;

	while (now < until) {
		while (qh != qt) {
			struct pkt *p = &q[qh++ % QMAX];

			ns_tcp_input(&tcp[p->to], p->src, p->dst, p->data,
				     p->size, now);
			if (p->to == 1 && ns_chan_pending(&pool))
				ns_chan_service(&pool);
		}
		now++;
		ns_tcp_timers(&tcp[0], now);
		ns_tcp_timers(&tcp[1], now);
		if (ns_chan_pending(&pool) ||
		    ns_chan_next_deadline(&pool) <= now)
			ns_chan_service(&pool);
	}
}

/* ---- the peer: raw sockets on instance 0 ----------------------------- */

struct peer {
	struct ns_tcp_sock *s;
	uint8_t in[1 << 20];
	size_t in_size;
	int eof, closed, err, reading;
};

static void peer_readable(void *arg, struct ns_tcp_sock *s)
{
	struct peer *p = arg;
	long n;

	if (!p->reading)
		return;
	while ((n = ns_tcp_read(s, p->in + p->in_size,
				sizeof(p->in) - p->in_size)) > 0)
		p->in_size += (size_t)n;
	if (n == 0)
		p->eof = 1;
}

static void peer_closed(void *arg, struct ns_tcp_sock *s, int err)
{
	struct peer *p = arg;

	(void)s;
	p->closed = 1;
	p->err = err;
	p->s = NULL;
}

static const struct ns_tcp_callbacks peer_cb = {
    .readable = peer_readable,
    .closed = peer_closed,
};

static void peer_connect(struct peer *p, uint16_t port)
{
	memset(p, 0, sizeof(*p));
	p->reading = 1;
	CHECK_EQ(ns_tcp_connect(&tcp[0], A1, port, 0, &peer_cb, p, &p->s), 0);
	run(20);
}

/* Reads what a non-reading peer let pile up. */
static void peer_drain(struct peer *p)
{
	p->reading = 1;
	if (p->s)
		peer_readable(p, p->s);
}

static struct handle *last_handle(void)
{
	for (int i = MAXH - 1; i >= 0; i--)
		if (hs[i].used && !hs[i].closed)
			return &hs[i];
	return NULL;
}

static void reset_handles(void)
{
	memset(hs, 0, sizeof(hs));
}

/* A listener on instance 0, for outgoing channels. */
static struct ns_tcp_sock *accepted0;
static int accept0(void *arg, struct ns_tcp_sock *l, struct ns_tcp_sock *c)
{
	(void)arg;
	(void)l;
	accepted0 = c;
	return 0;
}

int main(void)
{
	struct ns_tcp_config cfg = {.max_socks = 16,
				    .sndbuf_size = 16384,
				    .rcvbuf_size = 16384,
				    .output = out};
	struct ns_chan_config ccfg = {
	    .max_chans = 3,
	    .outq_size = 8192,
	    .drain_ms = 500,
	    .up = &upper,
	    .now = fake_now,
	    .wake = fake_wake,
	};
	static struct peer p1, p2, p3, p4;
	static uint8_t big[200000];
	struct handle *h;
	struct ns_tcp_sock *l0;
	int before;

	for (int i = 0; i < 2; i++) {
		cfg.output_ctx = (void *)(intptr_t)(1 - i);
		cfg.secret[0] = (uint8_t)i;
		CHECK_EQ(ns_tcp_init(&tcp[i], &cfg, mem[i], sizeof(mem[i])), 0);
	}
	ns_tcp_set_addrs(&tcp[0], &A0, 1);
	ns_tcp_set_addrs(&tcp[1], &A1, 1);

	/* Bad configurations. */
	{
		struct ns_chan_config bad = ccfg;

		bad.max_chans = 0;
		CHECK_EQ(ns_chan_mem_size(&bad), 0);
		bad = ccfg;
		bad.up = NULL;
		CHECK_EQ(ns_chan_mem_size(&bad), 0);
		bad = ccfg;
		bad.now = NULL;
		CHECK_EQ(ns_chan_mem_size(&bad), 0);
		bad = ccfg;
		bad.outq_size = 10;
		CHECK_EQ(ns_chan_init(&pool, &bad, &tcp[1], pool_mem,
				      sizeof(pool_mem)),
			 -EINVAL);
		CHECK_EQ(ns_chan_init(&pool, &ccfg, &tcp[1], pool_mem, 100),
			 -ENOMEM);
	}
	CHECK(ns_chan_mem_size(&ccfg) <= sizeof(pool_mem));
	CHECK_EQ(ns_chan_init(&pool, &ccfg, &tcp[1], pool_mem + 3,
			      sizeof(pool_mem) - 3),
		 0); /* any alignment */
	CHECK_EQ(ns_chan_listen(&pool, 6653, 4), 0);
	CHECK_EQ(ns_chan_listen(&pool, 6653, 4), -EADDRINUSE);

	/* Accept: opened from service, with the peer's name. */
	peer_connect(&p1, 6653);
	CHECK_EQ(opened_calls, 1);
	h = last_handle();
	CHECK(h != NULL);
	CHECK(!strncmp(h->peer, "tcp:10.0.0.1:", 13));
	CHECK_EQ(ns_chan_count(&pool), 1);
	CHECK(after_calls >= 1);

	/* Input reaches the upper layer; its sends come back, in order. */
	h->echo = 1;
	CHECK_EQ(ns_tcp_write(p1.s, "hello", 5), 5);
	run(50);
	CHECK_EQ(h->in_size, 5);
	CHECK_MEM(h->in, 5, "hello", 5);
	CHECK_EQ(p1.in_size, 5);
	CHECK_MEM(p1.in, 5, "hello", 5);
	/* Sends outside input (a core timer) wait for a flush. */
	CHECK_EQ(h->ops->send(h->impl, "abc", 3), OF_OK);
	CHECK_EQ(h->ops->queued(h->impl), 3);
	run(20);
	CHECK_EQ(p1.in_size, 5); /* nothing flushed it yet */
	ns_chan_flush(&pool);
	run(20);
	CHECK_EQ(p1.in_size, 8);
	CHECK_EQ(h->ops->queued(h->impl), 0);

	/* A message larger than the queue is refused whole. */
	CHECK_EQ(h->ops->send(h->impl, big, 8193), OF_E_NOSPACE);
	CHECK_EQ(h->ops->queued(h->impl), 0);

	/* Back-pressure: the peer stops reading; TCP's buffers fill, then
	 * the queue; a send that does not fit is refused, never cut. */
	p1.reading = 0;
	{
		size_t total = 0;
		enum of_err e = OF_OK;

		for (int i = 0; i < 400 && e == OF_OK; i++) {
			e = h->ops->send(h->impl, big, 1000);
			if (e == OF_OK)
				total += 1000;
			ns_chan_flush(&pool);
			run(2);
		}
		CHECK_EQ(e, OF_E_NOSPACE);
		CHECK(h->ops->queued(h->impl) > 7000);
		/* Input waits while the queue is over half full. */
		before = h->inputs;
		CHECK_EQ(ns_tcp_write(p1.s, "more", 4), 4);
		run(50);
		CHECK_EQ(h->inputs, before);
		/* The peer reads: everything arrives, input resumes. */
		peer_drain(&p1);
		run(200);
		peer_drain(&p1);
		run(200);
		CHECK_EQ(p1.in_size, 8 + total + 4); /* + the echo of "more" */
		CHECK_EQ(h->inputs, before + 1);
		CHECK_MEM(h->in + h->in_size - 4, 4, "more", 4);
	}

	/* close with data queued: it is flushed, then FIN; closed once. */
	h->echo = 0;
	p1.in_size = 0;
	CHECK_EQ(h->ops->send(h->impl, "bye", 3), OF_OK);
	h->ops->close(h->impl);
	h->ops->close(h->impl); /* twice is fine */
	CHECK(wakes >= 1);
	CHECK_EQ(closed_calls, 0); /* never from inside close */
	run(100);
	CHECK_EQ(closed_calls, 1);
	CHECK(h->closed);
	CHECK_EQ(p1.in_size, 3);
	CHECK(p1.eof);
	CHECK_EQ(ns_chan_count(&pool), 0);
	ns_tcp_close(p1.s);
	run(100);

	/* The peer closes: the upper layer hears of it. */
	reset_handles();
	closed_calls = 0;
	peer_connect(&p2, 6653);
	h = last_handle();
	CHECK(h != NULL);
	ns_tcp_close(p2.s);
	run(100);
	CHECK_EQ(closed_calls, 1);
	CHECK(h->closed);

	/* The peer resets. */
	peer_connect(&p3, 6653);
	h = last_handle();
	CHECK(h != NULL);
	ns_tcp_abort(p3.s);
	run(100);
	CHECK_EQ(closed_calls, 2);
	CHECK(h->closed);
	CHECK_EQ(ns_chan_count(&pool), 0);

	/* The upper layer refuses: the connection goes, no closed call. */
	refuse_open = 1;
	peer_connect(&p4, 6653);
	refuse_open = 0;
	run(100);
	CHECK(p4.closed || p4.eof);
	CHECK_EQ(closed_calls, 2);
	CHECK_EQ(ns_chan_count(&pool), 0);
	if (p4.s)
		ns_tcp_abort(p4.s);

	/* A full pool refuses further connections (reset). */
	reset_handles();
	{
		static struct peer ps[4];

		for (int i = 0; i < 4; i++)
			peer_connect(&ps[i], 6653);
		run(100);
		CHECK_EQ(ns_chan_count(&pool), 3);
		CHECK_EQ(pool.refused, 1);
		CHECK(ps[3].closed);
		CHECK_EQ(ps[3].err, -ECONNRESET);
		/* Shutdown: every open channel is reported closed. */
		closed_calls = 0;
		ns_chan_shutdown(&pool);
		CHECK_EQ(closed_calls, 3);
		CHECK_EQ(ns_chan_count(&pool), 0);
		run(100);
		for (int i = 0; i < 3; i++) {
			CHECK(ps[i].eof);
			if (ps[i].s)
				ns_tcp_abort(ps[i].s);
		}
		run(100);
	}

	/* Outgoing: to a listener, and to a closed port. */
	CHECK_EQ(
	    ns_chan_init(&pool, &ccfg, &tcp[1], pool_mem, sizeof(pool_mem)), 0);
	CHECK_EQ(ns_tcp_listen(&tcp[0], 7000, 4, accept0, NULL, &l0), 0);
	reset_handles();
	opened_calls = closed_calls = 0;
	CHECK_EQ(ns_chan_connect(&pool, A0, 7000), 0);
	run(50);
	CHECK_EQ(opened_calls, 1);
	CHECK(accepted0 != NULL);
	h = last_handle();
	CHECK(h != NULL);
	CHECK(!strcmp(h->peer, "tcp:10.0.0.1:7000"));
	CHECK_EQ(ns_chan_connect(&pool, A0, 7001), 0);
	run(50);
	CHECK_EQ(aborted_calls, 1);
	CHECK(!strcmp(aborted_why, "connection refused"));
	CHECK_EQ(ns_chan_count(&pool), 1);

	/* A closing channel whose peer has gone silent is aborted after
	 * drain_ms. */
	drop_to_peer = 1;
	for (int i = 0; i < 40; i++) {
		(void)h->ops->send(h->impl, big, 1000);
		ns_chan_flush(&pool);
		run(1);
	}
	CHECK(h->ops->queued(h->impl) > 0); /* TCP's buffer is full too */
	h->ops->close(h->impl);
	run(100);
	CHECK_EQ(closed_calls, 0);
	CHECK(ns_chan_next_deadline(&pool) != UINT64_MAX);
	run(1000);
	CHECK_EQ(closed_calls, 1);
	CHECK_EQ(ns_chan_count(&pool), 0);
	CHECK_EQ(ns_chan_next_deadline(&pool), UINT64_MAX);
	drop_to_peer = 0;
	CHECK_EQ(pool.opened, 1);
	return check_summary();
}
