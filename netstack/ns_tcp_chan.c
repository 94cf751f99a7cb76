/* OpenFlow channels over netstack TCP (see ns_tcp_chan.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ns.h"
#include "ns_tcp_chan.h"

#define DEFAULT_OUTQ (256u << 10)
#define DEFAULT_DRAIN_MS 2000
#define MIN_OUTQ 1024u
#define MAX_OUTQ (64u << 20)

enum chan_state {
	CH_FREE,
	CH_CONNECTING, /* ns_tcp_connect sent the SYN */
	CH_NEW,	       /* established; the upper layer does not know it */
	CH_OPEN,
	CH_DRAINING, /* close asked: flushing the queue */
};

struct ns_chan {
	struct ns_chan_pool *pool;
	struct ns_tcp_sock *sock; /* NULL once TCP is done with it */
	enum chan_state state;
	void *handle; /* the upper layer's, while CH_OPEN/CH_DRAINING */
	uint8_t *q;   /* cfg.outq_size bytes, a ring */
	uint32_t qhead, qlen;
	int close_req; /* ops->close (atomic) */
	int paused;    /* reading stopped by back-pressure */
	int eof;       /* the peer's FIN was read */
	int gone;      /* TCP reported the connection closed */
	int err;       /* its error (negative errno) */
	int dirty;
	uint64_t deadline; /* CH_DRAINING: abort after this */
	char peer[NS_CHAN_PEER_SIZE];
};

static enum of_err op_send(void *impl, const void *data, size_t size);
static size_t op_queued(void *impl);
static void op_close(void *impl);

static const struct plat_chan_ops chan_ops = {
    .send = op_send,
    .queued = op_queued,
    .close = op_close,
};

static uint64_t now(const struct ns_chan_pool *p)
{
	return p->cfg.now(p->cfg.ctx);
}

static void after(struct ns_chan_pool *p)
{
	ns_chan_flush(p);
	if (p->cfg.up->after)
		p->cfg.up->after(p->cfg.up_ctx);
}

static void set_peer(struct ns_chan *c)
{
	uint32_t la, ra;
	uint16_t lp, rp;
	char ip[16];

	ns_tcp_endpoints(c->sock, &la, &lp, &ra, &rp);
	snprintf(c->peer, sizeof(c->peer), "tcp:%s:%u",
		 ns_ip_str(ra, ip, sizeof(ip)), rp);
}

static struct ns_chan *chan_alloc(struct ns_chan_pool *p)
{
	for (unsigned i = 0; i < p->cfg.max_chans; i++) {
		struct ns_chan *c = &p->chans[i];

		if (c->state == CH_FREE) {
			uint8_t *q = p->queues + (size_t)i * p->cfg.outq_size;

			memset(c, 0, sizeof(*c));
			c->pool = p;
			c->q = q;
			return c;
		}
	}
	return NULL;
}

static void chan_free(struct ns_chan *c)
{
	c->state = CH_FREE;
	c->sock = NULL;
	c->handle = NULL;
}

static void mark(struct ns_chan *c)
{
	c->pool->pending = 1;
}

/* ---- output --------------------------------------------------------- */

/* Moves queued bytes into TCP while it takes them. */
static void pump(struct ns_chan *c)
{
	uint32_t size = c->pool->cfg.outq_size;

	c->dirty = 0;
	while (c->qlen && c->sock && !c->gone) {
		uint32_t chunk = c->qlen;
		long n;

		if (chunk > size - c->qhead)
			chunk = size - c->qhead;
		n = ns_tcp_write(c->sock, c->q + c->qhead, chunk);
		if (n < 0) {
			/* -EPIPE: the connection is going; drop the rest. */
			c->qlen = 0;
			break;
		}
		c->qhead = (c->qhead + (uint32_t)n) % size;
		c->qlen -= (uint32_t)n;
		if ((uint32_t)n < chunk)
			break; /* TCP calls writable when it has room */
	}
	if (!c->qlen)
		c->qhead = 0;
	if (c->paused && c->qlen < size / 8) {
		c->paused = 0;
		mark(c); /* read what waited */
	}
	if (c->state == CH_DRAINING && !c->qlen)
		mark(c);
}

void ns_chan_flush(struct ns_chan_pool *p)
{
	if (!p->dirty)
		return;
	p->dirty = 0;
	ns_tcp_set_time(p->tcp, now(p));
	for (unsigned i = 0; i < p->cfg.max_chans; i++)
		if (p->chans[i].state != CH_FREE && p->chans[i].dirty)
			pump(&p->chans[i]);
}

static enum of_err op_send(void *impl, const void *data, size_t size)
{
	struct ns_chan *c = impl;
	uint32_t qsize = c->pool->cfg.outq_size;
	const uint8_t *src = data;
	uint32_t pos, first;

	if (c->state != CH_OPEN || c->gone)
		return OF_OK; /* going away: as a dead socket would */
	if (size > qsize - c->qlen)
		return OF_E_NOSPACE;
	pos = (c->qhead + c->qlen) % qsize;
	first = qsize - pos < size ? qsize - pos : (uint32_t)size;
	memcpy(c->q + pos, src, first);
	memcpy(c->q, src + first, size - first);
	c->qlen += (uint32_t)size;
	if (c->qlen > qsize / 2)
		c->paused = 1;
	c->dirty = 1;
	c->pool->dirty = 1;
	return OF_OK;
}

static size_t op_queued(void *impl)
{
	const struct ns_chan *c = impl;

	return c->qlen;
}

static void op_close(void *impl)
{
	struct ns_chan *c = impl;

	__atomic_store_n(&c->close_req, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&c->pool->pending, 1, __ATOMIC_RELEASE);
	if (c->pool->cfg.wake)
		c->pool->cfg.wake(c->pool->cfg.ctx);
}

/* ---- input ---------------------------------------------------------- */

/* Hands what TCP has to the core, unless the channel is paused or
 * closing. */
static void deliver(struct ns_chan *c)
{
	struct ns_chan_pool *p = c->pool;
	int called = 0;

	while (c->state == CH_OPEN && !c->paused && !c->gone && !c->eof &&
	       !__atomic_load_n(&c->close_req, __ATOMIC_ACQUIRE)) {
		long n = ns_tcp_read(c->sock, p->rbuf, sizeof(p->rbuf));

		if (n == 0) {
			c->eof = 1;
			mark(c);
			break;
		}
		if (n < 0)
			break;
		p->cfg.up->input(c->handle, p->rbuf, (size_t)n);
		called = 1;
	}
	if (called)
		after(p);
}

/* ---- TCP callbacks -------------------------------------------------- */

static void on_connected(void *arg, struct ns_tcp_sock *s)
{
	struct ns_chan *c = arg;

	(void)s;
	c->state = CH_NEW;
	set_peer(c);
	mark(c);
}

static void on_readable(void *arg, struct ns_tcp_sock *s)
{
	struct ns_chan *c = arg;

	(void)s;
	if (c->state == CH_OPEN)
		deliver(c);
}

static void on_writable(void *arg, struct ns_tcp_sock *s)
{
	struct ns_chan *c = arg;

	(void)s;
	pump(c);
}

static void on_closed(void *arg, struct ns_tcp_sock *s, int err)
{
	struct ns_chan *c = arg;

	(void)s;
	c->sock = NULL;
	c->gone = 1;
	c->err = err;
	c->qlen = 0;
	mark(c);
}

static const struct ns_tcp_callbacks tcp_cb = {
    .connected = on_connected,
    .readable = on_readable,
    .writable = on_writable,
    .closed = on_closed,
};

static int on_accept(void *arg, struct ns_tcp_sock *l, struct ns_tcp_sock *s)
{
	struct ns_chan_pool *p = arg;
	struct ns_chan *c = chan_alloc(p);

	(void)l;
	if (!c) {
		p->refused++;
		return -ENOMEM;
	}
	c->sock = s;
	c->state = CH_NEW;
	set_peer(c);
	ns_tcp_set_callbacks(s, &tcp_cb, c);
	p->pending = 1;
	return 0;
}

/* ---- deferred work -------------------------------------------------- */

/* Ends a channel: closes its socket (abort: RST), tells the upper layer
 * if it knew it, frees it. */
static void finish(struct ns_chan *c, int abort)
{
	struct ns_chan_pool *p = c->pool;
	void *handle = c->handle;
	int was_open = c->state == CH_OPEN || c->state == CH_DRAINING;

	if (c->sock) {
		ns_tcp_set_callbacks(c->sock, NULL, NULL);
		if (abort)
			ns_tcp_abort(c->sock);
		else
			(void)ns_tcp_close(c->sock);
	}
	chan_free(c);
	if (was_open) {
		p->closed++;
		p->cfg.up->closed(handle);
		after(p);
	}
}

static const char *why(int err)
{
	switch (err) {
	case -ECONNREFUSED:
		return "connection refused";
	case -ECONNRESET:
		return "connection reset by peer";
	case -ETIMEDOUT:
		return "connection timed out";
	case -EHOSTUNREACH:
		return "host unreachable";
	case -ENETUNREACH:
		return "network unreachable";
	default:
		return "connection failed";
	}
}

static void service_one(struct ns_chan *c, uint64_t t)
{
	struct ns_chan_pool *p = c->pool;
	int close_req = __atomic_load_n(&c->close_req, __ATOMIC_ACQUIRE);

	switch (c->state) {
	case CH_FREE:
		return;
	case CH_CONNECTING:
		if (c->gone) {
			chan_free(c);
			if (p->cfg.up->aborted) {
				p->cfg.up->aborted(p->cfg.up_ctx, why(c->err));
				after(p);
			}
		}
		return;
	case CH_NEW:
		if (c->gone) {
			chan_free(c);
			return;
		}
		c->state = CH_OPEN;
		c->handle =
		    p->cfg.up->opened(p->cfg.up_ctx, &chan_ops, c, c->peer);
		if (!c->handle) {
			c->state = CH_NEW; /* not open: no closed callback */
			finish(c, 0);
			after(p);
			return;
		}
		p->opened++;
		after(p);
		break;
	case CH_OPEN:
	case CH_DRAINING:
		break;
	}
	if (c->state == CH_FREE)
		return;
	if (c->gone || c->eof) {
		/* The peer is gone, or done: what fits in TCP still goes
		 * out before our FIN. */
		pump(c);
		finish(c, 0);
		return;
	}
	if (c->state == CH_OPEN && close_req) {
		c->state = CH_DRAINING;
		c->deadline = t + p->cfg.drain_ms;
		pump(c);
	}
	if (c->state == CH_DRAINING) {
		if (!c->qlen)
			finish(c, 0);
		else if (t >= c->deadline)
			finish(c, 1);
		return;
	}
	deliver(c);
}

void ns_chan_service(struct ns_chan_pool *p)
{
	uint64_t t = now(p);

	ns_tcp_set_time(p->tcp, t);
	__atomic_store_n(&p->pending, 0, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < p->cfg.max_chans; i++)
		service_one(&p->chans[i], t);
	ns_chan_flush(p);
}

int ns_chan_pending(const struct ns_chan_pool *p)
{
	if (__atomic_load_n(&p->pending, __ATOMIC_ACQUIRE))
		return 1;
	return 0;
}

uint64_t ns_chan_next_deadline(const struct ns_chan_pool *p)
{
	uint64_t dl = UINT64_MAX;

	for (unsigned i = 0; i < p->cfg.max_chans; i++)
		if (p->chans[i].state == CH_DRAINING &&
		    p->chans[i].deadline < dl)
			dl = p->chans[i].deadline;
	return dl;
}

unsigned ns_chan_count(const struct ns_chan_pool *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < p->cfg.max_chans; i++)
		n += p->chans[i].state != CH_FREE;
	return n;
}

void ns_chan_shutdown(struct ns_chan_pool *p)
{
	ns_tcp_set_time(p->tcp, now(p));
	for (unsigned i = 0; i < p->n_listeners; i++)
		(void)ns_tcp_close(p->listeners[i]);
	p->n_listeners = 0;
	for (unsigned i = 0; i < p->cfg.max_chans; i++) {
		struct ns_chan *c = &p->chans[i];

		if (c->state != CH_FREE) {
			c->qlen = 0;
			finish(c, 0);
		}
	}
}

/* ---- setup ---------------------------------------------------------- */

static int check_cfg(const struct ns_chan_config *cfg,
		     struct ns_chan_config *out)
{
	*out = *cfg;
	if (!out->outq_size)
		out->outq_size = DEFAULT_OUTQ;
	if (!out->drain_ms)
		out->drain_ms = DEFAULT_DRAIN_MS;
	if (!cfg->max_chans || cfg->max_chans > 65536 || !cfg->up ||
	    !cfg->up->opened || !cfg->up->input || !cfg->up->closed ||
	    !cfg->now || out->outq_size < MIN_OUTQ || out->outq_size > MAX_OUTQ)
		return -EINVAL;
	return 0;
}

size_t ns_chan_mem_size(const struct ns_chan_config *cfg)
{
	struct ns_chan_config c;

	if (check_cfg(cfg, &c) < 0)
		return 0;
	return (size_t)c.max_chans * (sizeof(struct ns_chan) + c.outq_size) +
	       _Alignof(struct ns_chan);
}

int ns_chan_init(struct ns_chan_pool *p, const struct ns_chan_config *cfg,
		 struct ns_tcp *tcp, void *mem, size_t mem_size)
{
	struct ns_chan_config c;
	uintptr_t a = (uintptr_t)mem;
	size_t pad;

	if (!p || !tcp || !mem || check_cfg(cfg, &c) < 0)
		return -EINVAL;
	if (mem_size < ns_chan_mem_size(cfg))
		return -ENOMEM;
	memset(p, 0, sizeof(*p));
	p->cfg = c;
	p->tcp = tcp;
	pad = (_Alignof(struct ns_chan) - a % _Alignof(struct ns_chan)) %
	      _Alignof(struct ns_chan);
	p->chans = (struct ns_chan *)(void *)((uint8_t *)mem + pad);
	memset(p->chans, 0, (size_t)c.max_chans * sizeof(struct ns_chan));
	p->queues = (uint8_t *)(p->chans + c.max_chans);
	return 0;
}

int ns_chan_listen(struct ns_chan_pool *p, uint16_t port, unsigned backlog)
{
	struct ns_tcp_sock *l;
	int rc;

	if (p->n_listeners == NS_CHAN_LISTENERS)
		return -ENOMEM;
	rc = ns_tcp_listen(p->tcp, port, backlog, on_accept, p, &l);
	if (rc < 0)
		return rc;
	p->listeners[p->n_listeners++] = l;
	return 0;
}

int ns_chan_connect(struct ns_chan_pool *p, uint32_t ip, uint16_t port)
{
	struct ns_chan *c = chan_alloc(p);
	int rc;

	if (!c)
		return -ENOMEM;
	c->state = CH_CONNECTING;
	ns_tcp_set_time(p->tcp, now(p));
	rc = ns_tcp_connect(p->tcp, ip, port, 0, &tcp_cb, c, &c->sock);
	if (rc < 0) {
		chan_free(c);
		return rc;
	}
	return 0;
}
