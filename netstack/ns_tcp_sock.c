/* TCP: the instance, the connection pool, ISNs and ports, and the socket
 * API (see ns_tcp.h). The protocol itself is in ns_tcp_input.c,
 * ns_tcp_output.c and ns_tcp_timer.c. */
#include <string.h>

#include "ns_tcp_int.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

/* Bounds on the per-connection buffers: below the floor TCP cannot hold a
 * segment; above 1 GiB the window cannot be scaled (RFC 7323: shift 14). */
#define BUF_MIN 256u
#define BUF_MAX (1u << 30)

static void apply_defaults(struct ns_tcp_config *c)
{
	if (!c->sndbuf_size)
		c->sndbuf_size = 65536;
	if (!c->rcvbuf_size)
		c->rcvbuf_size = 65536;
	if (!c->mss)
		c->mss = 1460;
	if (!c->port_lo || !c->port_hi || c->port_lo > c->port_hi) {
		c->port_lo = 49152;
		c->port_hi = 65535;
	}
	if (!c->rto_init_ms)
		c->rto_init_ms = 1000;
	if (!c->rto_min_ms)
		c->rto_min_ms = 200;
	if (!c->rto_max_ms)
		c->rto_max_ms = 60000;
	if (c->rto_min_ms > c->rto_max_ms)
		c->rto_min_ms = c->rto_max_ms;
	if (!c->msl_ms)
		c->msl_ms = 30000;
	if (!c->delack_ms)
		c->delack_ms = 200;
	if (!c->fin_wait2_ms)
		c->fin_wait2_ms = 60000;
	if (!c->keep_idle_ms)
		c->keep_idle_ms = 7200000;
	if (!c->keep_intvl_ms)
		c->keep_intvl_ms = 75000;
	if (!c->keep_probes)
		c->keep_probes = 9;
	if (!c->syn_retries)
		c->syn_retries = 6;
	if (!c->data_retries)
		c->data_retries = 12;
}

/* The checks that decide the memory layout (everything but the output
 * op, which ns_stack_tcp_init supplies after sizing). */
static bool sizes_ok(const struct ns_tcp_config *c)
{
	return c->max_socks && c->max_socks <= 65536 &&
	       c->sndbuf_size >= BUF_MIN && c->sndbuf_size <= BUF_MAX &&
	       c->rcvbuf_size >= BUF_MIN && c->rcvbuf_size <= BUF_MAX &&
	       c->mss >= 64;
}

static bool config_ok(const struct ns_tcp_config *c)
{
	return c->output && sizes_ok(c);
}

/* Out-of-order ranges per connection for a receive buffer of rcvbuf
 * bytes: held ranges and the holes between them alternate inside the
 * buffer, so with segments of NS_TCP_OOO_BYTES / 2 or more (any real
 * peer's) there are at most rcvbuf / NS_TCP_OOO_BYTES + 1 of them. */
static size_t ooo_max(uint32_t rcvbuf)
{
	size_t n = rcvbuf / NS_TCP_OOO_BYTES + 1;

	return n < NS_TCP_OOO_MIN ? NS_TCP_OOO_MIN : n;
}

size_t ns_tcp_mem_size(const struct ns_tcp_config *cfg)
{
	struct ns_tcp_config c = *cfg;

	apply_defaults(&c);
	if (!sizes_ok(&c))
		return 0;
	return 8 + ALIGN8((size_t)c.max_socks * sizeof(struct ns_tcp_sock)) +
	       (size_t)c.max_socks * ooo_max(c.rcvbuf_size) *
		   sizeof(struct ns_tcp_range) +
	       (size_t)c.max_socks *
		   ((size_t)c.sndbuf_size + (size_t)c.rcvbuf_size) +
	       60 + c.mss;
}

int ns_tcp_init(struct ns_tcp *t, const struct ns_tcp_config *cfg, void *mem,
		size_t mem_size)
{
	uint8_t *p;
	unsigned i;

	memset(t, 0, sizeof(*t));
	t->cfg = *cfg;
	apply_defaults(&t->cfg);
	if (!config_ok(&t->cfg))
		return -EINVAL;
	if (!mem || mem_size < ns_tcp_mem_size(cfg))
		return -ENOMEM;
	/* Align by hand so any storage the caller has will do. */
	p = (uint8_t *)mem + ((8 - ((uintptr_t)mem & 7)) & 7);
	memset(p, 0, t->cfg.max_socks * sizeof(struct ns_tcp_sock));
	t->socks = (struct ns_tcp_sock *)(void *)p;
	p += ALIGN8((size_t)t->cfg.max_socks * sizeof(struct ns_tcp_sock));
	/* The range tables (4-byte aligned: p is 8-aligned here). */
	for (i = 0; i < t->cfg.max_socks; i++) {
		struct ns_tcp_sock *s = &t->socks[i];

		s->ooo = (struct ns_tcp_range *)(void *)p;
		s->ooo_max = (unsigned)ooo_max(t->cfg.rcvbuf_size);
		p += s->ooo_max * sizeof(struct ns_tcp_range);
	}
	t->bufs = p;
	for (i = 0; i < t->cfg.max_socks; i++) {
		struct ns_tcp_sock *s = &t->socks[i];

		s->t = t;
		s->sbuf = p;
		s->sbuf_size = t->cfg.sndbuf_size;
		p += t->cfg.sndbuf_size;
		s->rbuf = p;
		s->rbuf_size = t->cfg.rcvbuf_size;
		p += t->cfg.rcvbuf_size;
	}
	t->txbuf = p;
	t->mss_max = t->cfg.mss;
	/* The smallest shift that lets the whole receive buffer be offered
	 * (RFC 7323 2.3). */
	while (t->rcv_wscale < NS_TCP_MAX_WSCALE &&
	       (t->cfg.rcvbuf_size >> t->rcv_wscale) > 65535)
		t->rcv_wscale++;
	return 0;
}

int ns_tcp_set_addrs(struct ns_tcp *t, const uint32_t *addrs, unsigned n)
{
	if (n > NS_TCP_MAX_ADDRS || (n && !addrs))
		return -EINVAL;
	if (n)
		memcpy(t->addrs, addrs, n * sizeof(*addrs));
	t->naddrs = n;
	return 0;
}

void ns_tcp_set_mss(struct ns_tcp *t, uint16_t mss)
{
	/* txbuf was sized for the MSS given at init. */
	if (mss < 64)
		mss = 64;
	if (mss > t->mss_max)
		mss = t->mss_max;
	t->cfg.mss = mss;
}

void ns_tcp_set_time(struct ns_tcp *t, uint64_t now_ms)
{
	t->now = now_ms;
}

bool ns_tcp_is_local(const struct ns_tcp *t, uint32_t addr)
{
	unsigned i;

	for (i = 0; i < t->naddrs; i++)
		if (t->addrs[i] == addr)
			return true;
	return false;
}

/* SipHash-2-4 (Aumasson, Bernstein) of a few 32-bit words: the keyed
 * pseudo-random function RFC 6528 and RFC 6056 ask for. */
#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                               \
	do {                                                                   \
		v0 += v1;                                                      \
		v1 = ROTL(v1, 13);                                             \
		v1 ^= v0;                                                      \
		v0 = ROTL(v0, 32);                                             \
		v2 += v3;                                                      \
		v3 = ROTL(v3, 16);                                             \
		v3 ^= v2;                                                      \
		v0 += v3;                                                      \
		v3 = ROTL(v3, 21);                                             \
		v3 ^= v0;                                                      \
		v2 += v1;                                                      \
		v1 = ROTL(v1, 17);                                             \
		v1 ^= v2;                                                      \
		v2 = ROTL(v2, 32);                                             \
	} while (0)

static uint64_t get64le(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t siphash(const uint8_t key[16], const uint32_t *w, unsigned n)
{
	uint64_t k0 = get64le(key), k1 = get64le(key + 8);
	uint64_t v0 = k0 ^ 0x736f6d6570736575ull;
	uint64_t v1 = k1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ull;
	uint64_t v3 = k1 ^ 0x7465646279746573ull;
	uint64_t b = (uint64_t)(n * 4) << 56, m;
	unsigned i;

	for (i = 0; i + 1 < n; i += 2) {
		m = (uint64_t)w[i] | (uint64_t)w[i + 1] << 32;
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	if (i < n)
		b |= w[i];
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

uint32_t ns_tcp_isn(struct ns_tcp *t, uint32_t laddr, uint16_t lport,
		    uint32_t raddr, uint16_t rport)
{
	uint32_t w[4] = {laddr, raddr, (uint32_t)lport << 16 | rport, 0x49534e};

	/* RFC 6528: ISN = M + F(4-tuple, secret), M a 4 us clock. */
	return (uint32_t)(t->now * 250) +
	       (uint32_t)siphash(t->cfg.secret, w, 4);
}

/* The offset added to the ms clock for the connection's TSvals: keyed by
 * the 4-tuple like the ISN, so TSvals tell an observer nothing about the
 * clock or other connections (RFC 7323 5.4, 7.1), yet stay monotonic
 * within a connection and across its incarnations. */
uint32_t ns_tcp_ts_offset(struct ns_tcp *t, uint32_t laddr, uint16_t lport,
			  uint32_t raddr, uint16_t rport)
{
	uint32_t w[4] = {laddr, raddr, (uint32_t)lport << 16 | rport, 0x545356};

	return (uint32_t)siphash(t->cfg.secret, w, 4);
}

struct ns_tcp_sock *ns_tcp_lookup(struct ns_tcp *t, uint32_t laddr,
				  uint16_t lport, uint32_t raddr,
				  uint16_t rport)
{
	unsigned i;

	/* A linear scan: pools are small (tens of connections); see TCP.md
	 * for when a hash would pay. */
	for (i = 0; i < t->cfg.max_socks; i++) {
		struct ns_tcp_sock *s = &t->socks[i];

		if (s->in_use && s->state != NS_TCP_LISTEN &&
		    s->lport == lport && s->rport == rport &&
		    s->raddr == raddr && s->laddr == laddr)
			return s;
	}
	return NULL;
}

struct ns_tcp_sock *ns_tcp_lookup_listener(struct ns_tcp *t, uint16_t lport)
{
	unsigned i;

	for (i = 0; i < t->cfg.max_socks; i++) {
		struct ns_tcp_sock *s = &t->socks[i];

		if (s->in_use && s->state == NS_TCP_LISTEN && s->lport == lport)
			return s;
	}
	return NULL;
}

static bool port_in_use(struct ns_tcp *t, uint16_t port)
{
	unsigned i;

	for (i = 0; i < t->cfg.max_socks; i++)
		if (t->socks[i].in_use && t->socks[i].lport == port)
			return true;
	return false;
}

/* Takes a free block, or else recycles the TIME_WAIT block closest to
 * expiry (its 4-tuple's old duplicates are the risk, as with RFC 6191;
 * refusing new connections would be worse). */
struct ns_tcp_sock *ns_tcp_alloc(struct ns_tcp *t)
{
	struct ns_tcp_sock *tw = NULL, *s;
	unsigned i;

	for (i = 0; i < t->cfg.max_socks; i++) {
		s = &t->socks[i];
		if (!s->in_use)
			goto got;
		if (s->state == NS_TCP_TIME_WAIT &&
		    (!tw || s->timer[TT_2MSL] < tw->timer[TT_2MSL]))
			tw = s;
	}
	if (!tw)
		return NULL;
	t->cnt.timewait_recycled++;
	ns_tcp_free(tw);
	s = tw;
got:
	s->in_use = 1;
	t->in_use++;
	return s;
}

/* Resets the protocol state of a fresh block (keeps buffers and gen). */
void ns_tcp_sock_init_conn(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;
	uint8_t *sbuf = s->sbuf, *rbuf = s->rbuf;
	uint32_t gen = s->gen, ss = s->sbuf_size, rs = s->rbuf_size;
	struct ns_tcp_range *ooo = s->ooo;
	unsigned ooo_n = s->ooo_max;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->gen = gen;
	s->in_use = 1;
	s->sbuf = sbuf;
	s->rbuf = rbuf;
	s->sbuf_size = ss;
	s->rbuf_size = rs;
	s->ooo = ooo;
	s->ooo_max = ooo_n;
	s->mss = t->cfg.mss;
	s->rto = t->cfg.rto_init_ms;
	/* RFC 5681 3.1: ssthresh starts arbitrarily high. */
	s->ssthresh = 0x7fffffff;
}

void ns_tcp_free(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;

	if (!s->in_use)
		return;
	if ((s->flags & SF_HALF_OPEN) && s->parent)
		s->parent->half_open--;
	if (s->state == NS_TCP_LISTEN) {
		unsigned i;

		/* Half-open children die with their listener; accepted
		 * ones belong to the application already. */
		for (i = 0; i < t->cfg.max_socks; i++) {
			struct ns_tcp_sock *c = &t->socks[i];

			if (c->in_use && c->parent == s) {
				c->parent = NULL;
				if (c->flags & SF_HALF_OPEN) {
					c->flags &= ~SF_HALF_OPEN;
					ns_tcp_send_ctl(c, c->snd_max, TH_RST);
					ns_tcp_free(c);
				}
			}
		}
	}
	s->in_use = 0;
	s->state = NS_TCP_CLOSED;
	s->gen++;
	s->flags = 0;
	s->parent = NULL;
	memset(s->timer, 0, sizeof(s->timer));
	t->in_use--;
}

void ns_tcp_drop(struct ns_tcp_sock *s, int err)
{
	if (!s->in_use || (s->flags & SF_DYING))
		return;
	s->state = NS_TCP_CLOSED;
	memset(s->timer, 0, sizeof(s->timer));
	if ((s->flags & (SF_NOTIFIED | SF_APP_CLOSED)) == SF_NOTIFIED &&
	    s->cb.closed) {
		/* The handle stays valid during the callback; close/abort
		 * on it are no-ops (SF_DYING). */
		s->flags |= SF_DYING;
		s->cb.closed(s->arg, s, err);
	}
	ns_tcp_free(s);
}

void ns_tcp_notify_established(struct ns_tcp_sock *s)
{
	uint32_t gen = s->gen;

	if (s->flags & SF_PASSIVE) {
		struct ns_tcp_sock *l = s->parent;
		int rc = -ECONNREFUSED;

		s->parent = NULL;
		if (l && l->in_use && l->state == NS_TCP_LISTEN && l->accept) {
			s->t->cnt.accepts++;
			s->flags |= SF_NOTIFIED;
			rc = l->accept(l->accept_arg, l, s);
		}
		if (s->gen != gen)
			return;
		if (rc < 0) {
			s->flags &= ~SF_NOTIFIED;
			ns_tcp_abort(s);
		}
		return;
	}
	if (s->cb.connected && !(s->flags & SF_APP_CLOSED))
		s->cb.connected(s->arg, s);
}

void ns_tcp_notify_readable(struct ns_tcp_sock *s)
{
	if ((s->flags & (SF_NOTIFIED | SF_APP_CLOSED)) == SF_NOTIFIED &&
	    s->cb.readable)
		s->cb.readable(s->arg, s);
}

void ns_tcp_notify_writable(struct ns_tcp_sock *s)
{
	if (!(s->flags & SF_WANT_WRITE) || s->sbuf_len == s->sbuf_size)
		return;
	s->flags &= ~SF_WANT_WRITE;
	if ((s->flags & (SF_NOTIFIED | SF_APP_CLOSED)) == SF_NOTIFIED &&
	    s->cb.writable)
		s->cb.writable(s->arg, s);
}

int ns_tcp_listen(struct ns_tcp *t, uint16_t port, unsigned backlog,
		  ns_tcp_accept_fn accept, void *arg, struct ns_tcp_sock **out)
{
	struct ns_tcp_sock *s;

	if (!port || !backlog || !accept || !out)
		return -EINVAL;
	if (ns_tcp_lookup_listener(t, port))
		return -EADDRINUSE;
	s = ns_tcp_alloc(t);
	if (!s)
		return -ENOMEM;
	ns_tcp_sock_init_conn(s);
	s->state = NS_TCP_LISTEN;
	s->lport = port;
	s->backlog = backlog;
	s->accept = accept;
	s->accept_arg = arg;
	*out = s;
	return 0;
}

static int pick_port(struct ns_tcp *t, uint32_t laddr, uint32_t dst,
		     uint16_t dport, uint16_t *port)
{
	uint32_t num = (uint32_t)t->cfg.port_hi - t->cfg.port_lo + 1;
	uint32_t w[3] = {laddr, dst, dport};
	uint32_t off = (uint32_t)siphash(t->cfg.secret, w, 3), i;

	/* RFC 6056 algorithm 3: a per-destination offset plus a counter,
	 * so ports are hard to guess yet cycle through the range. We also
	 * skip ports any socket uses, which keeps the lookup simple. */
	for (i = 0; i < num; i++) {
		uint16_t p =
		    (uint16_t)(t->cfg.port_lo + (off + t->port_next + i) % num);

		if (!port_in_use(t, p)) {
			t->port_next += i + 1;
			*port = p;
			return 0;
		}
	}
	return -EADDRNOTAVAIL;
}

int ns_tcp_connect(struct ns_tcp *t, uint32_t dst, uint16_t dport,
		   uint16_t sport, const struct ns_tcp_callbacks *cb, void *arg,
		   struct ns_tcp_sock **out)
{
	struct ns_tcp_sock *s;
	uint32_t laddr;
	int rc;

	if (!dst || !dport || !out)
		return -EINVAL;
	if (!t->naddrs)
		return -EADDRNOTAVAIL;
	laddr = t->addrs[0];
	if (sport) {
		if (ns_tcp_lookup(t, laddr, sport, dst, dport))
			return -EADDRINUSE;
	} else {
		rc = pick_port(t, laddr, dst, dport, &sport);
		if (rc)
			return rc;
	}
	s = ns_tcp_alloc(t);
	if (!s)
		return -ENOMEM;
	ns_tcp_sock_init_conn(s);
	s->laddr = laddr;
	s->lport = sport;
	s->raddr = dst;
	s->rport = dport;
	if (cb)
		s->cb = *cb;
	s->arg = arg;
	s->flags |= SF_NOTIFIED;
	s->iss = ns_tcp_isn(t, laddr, sport, dst, dport);
	s->ts_offset = ns_tcp_ts_offset(t, laddr, sport, dst, dport);
	s->snd_una = s->snd_nxt = s->snd_max = s->ts_rtt_seq = s->iss;
	s->state = NS_TCP_SYN_SENT;
	t->cnt.active_opens++;
	*out = s;
	ns_tcp_output(s);
	return 0;
}

void ns_tcp_set_callbacks(struct ns_tcp_sock *s,
			  const struct ns_tcp_callbacks *cb, void *arg)
{
	if (cb)
		s->cb = *cb;
	else
		memset(&s->cb, 0, sizeof(s->cb));
	s->arg = arg;
}

static bool can_send_state(const struct ns_tcp_sock *s)
{
	return s->state == NS_TCP_SYN_SENT || s->state == NS_TCP_SYN_RECEIVED ||
	       s->state == NS_TCP_ESTABLISHED || s->state == NS_TCP_CLOSE_WAIT;
}

long ns_tcp_write(struct ns_tcp_sock *s, const void *data, size_t size)
{
	const uint8_t *p = data;
	uint32_t room, n, pos, first;

	if (s->state == NS_TCP_LISTEN)
		return -ENOTCONN;
	if (!can_send_state(s) || (s->flags & (SF_FIN_QUEUED | SF_DYING)))
		return -EPIPE;
	room = s->sbuf_size - s->sbuf_len;
	n = size < room ? (uint32_t)size : room;
	pos = (s->sbuf_head + s->sbuf_len) % s->sbuf_size;
	first = ns_tcp_min32(n, s->sbuf_size - pos);
	memcpy(s->sbuf + pos, p, first);
	memcpy(s->sbuf, p + first, n - first);
	s->sbuf_len += n;
	if (n < size)
		s->flags |= SF_WANT_WRITE;
	if (ns_tcp_synchronized(s))
		ns_tcp_output(s);
	return (long)n;
}

long ns_tcp_read(struct ns_tcp_sock *s, void *buf, size_t size)
{
	uint8_t *p = buf;
	uint32_t n, first;

	if (s->state == NS_TCP_LISTEN || s->state == NS_TCP_SYN_SENT ||
	    s->state == NS_TCP_SYN_RECEIVED || !s->in_use)
		return -ENOTCONN;
	if (!s->rbuf_len)
		return (s->flags & SF_RCVD_FIN) ? 0 : -EAGAIN;
	n = size < s->rbuf_len ? (uint32_t)size : s->rbuf_len;
	first = ns_tcp_min32(n, s->rbuf_size - s->rbuf_head);
	memcpy(p, s->rbuf + s->rbuf_head, first);
	memcpy(p + first, s->rbuf, n - first);
	s->rbuf_head = (s->rbuf_head + n) % s->rbuf_size;
	s->rbuf_len -= n;
	/* Output decides whether the window opened enough to say so. */
	if (ns_tcp_synchronized(s) && !(s->flags & SF_DYING))
		ns_tcp_output(s);
	return (long)n;
}

size_t ns_tcp_readable(const struct ns_tcp_sock *s)
{
	return s->rbuf_len;
}

size_t ns_tcp_writable(const struct ns_tcp_sock *s)
{
	if (!can_send_state(s) || (s->flags & SF_FIN_QUEUED))
		return 0;
	return s->sbuf_size - s->sbuf_len;
}

int ns_tcp_shutdown(struct ns_tcp_sock *s)
{
	if (s->flags & SF_DYING)
		return 0;
	if (s->state == NS_TCP_LISTEN || s->state == NS_TCP_CLOSED)
		return -ENOTCONN;
	if (s->flags & SF_FIN_QUEUED)
		return 0;
	switch (s->state) {
	case NS_TCP_SYN_SENT:
	case NS_TCP_SYN_RECEIVED:
		/* RFC 9293 3.10.4: queued until ESTABLISHED. */
		s->flags |= SF_FIN_QUEUED;
		return 0;
	case NS_TCP_ESTABLISHED:
		s->state = NS_TCP_FIN_WAIT_1;
		break;
	case NS_TCP_CLOSE_WAIT:
		s->state = NS_TCP_LAST_ACK;
		break;
	default:
		return 0;
	}
	s->flags |= SF_FIN_QUEUED;
	ns_tcp_output(s);
	return 0;
}

int ns_tcp_close(struct ns_tcp_sock *s)
{
	uint32_t gen = s->gen;

	if (s->flags & SF_DYING)
		return 0;
	if (s->state == NS_TCP_LISTEN || s->state == NS_TCP_SYN_SENT ||
	    s->state == NS_TCP_CLOSED) {
		ns_tcp_free(s);
		return 0;
	}
	if (s->rbuf_len) {
		/* RFC 9293 3.10.4 / RFC 2525: closing with unread data
		 * loses it, so tell the peer with a RST. */
		ns_tcp_abort(s);
		return 0;
	}
	s->flags |= SF_APP_CLOSED;
	ns_tcp_shutdown(s);
	if (s->gen == gen && s->state == NS_TCP_FIN_WAIT_2)
		s->timer[TT_2MSL] = s->t->now + s->t->cfg.fin_wait2_ms;
	return 0;
}

void ns_tcp_abort(struct ns_tcp_sock *s)
{
	if (!s->in_use || (s->flags & SF_DYING))
		return;
	if (s->state >= NS_TCP_SYN_RECEIVED && s->state != NS_TCP_TIME_WAIT)
		ns_tcp_send_ctl(s, s->snd_max, TH_RST | TH_ACK);
	ns_tcp_free(s);
}

void ns_tcp_set_keepalive(struct ns_tcp_sock *s, int on)
{
	if (on) {
		s->flags |= SF_KEEPALIVE;
		s->last_rcv = s->t->now;
		ns_tcp_keep_reset(s);
	} else {
		s->flags &= ~SF_KEEPALIVE;
		if (ns_tcp_synchronized(s))
			s->timer[TT_KEEP] = 0;
	}
}

enum ns_tcp_state ns_tcp_state(const struct ns_tcp_sock *s)
{
	return (enum ns_tcp_state)s->state;
}

void ns_tcp_endpoints(const struct ns_tcp_sock *s, uint32_t *laddr,
		      uint16_t *lport, uint32_t *raddr, uint16_t *rport)
{
	if (laddr)
		*laddr = s->laddr;
	if (lport)
		*lport = s->lport;
	if (raddr)
		*raddr = s->raddr;
	if (rport)
		*rport = s->rport;
}

void ns_tcp_info(const struct ns_tcp_sock *s, struct ns_tcp_info *info)
{
	uint32_t sent = SEQ_GT(s->snd_nxt, ns_tcp_data_una(s))
			    ? s->snd_nxt - ns_tcp_data_una(s)
			    : 0;

	memset(info, 0, sizeof(*info));
	info->state = (enum ns_tcp_state)s->state;
	info->mss = s->mss;
	info->wscale_ok = !!(s->flags & SF_WSCALE);
	info->ts_ok = !!(s->flags & SF_TS);
	info->sack_ok = !!(s->flags & SF_SACK);
	info->ts_recent = s->ts_recent;
	info->snd_wscale = s->snd_wscale;
	info->rcv_wscale = s->rcv_wscale;
	info->cwnd = s->cwnd;
	info->ssthresh = s->ssthresh;
	info->snd_wnd = s->snd_wnd;
	info->rcv_wnd = ns_tcp_rcv_space(s);
	info->srtt_ms = s->srtt8 >> 3;
	info->rttvar_ms = s->rttvar4 >> 2;
	info->rto_ms = s->rto;
	info->in_flight = s->snd_max - s->snd_una;
	info->unsent = s->sbuf_len > sent ? s->sbuf_len - sent : 0;
	info->in_recovery = !!(s->flags & SF_RECOVERY);
	info->backoff = (uint8_t)s->backoff;
}

const struct ns_tcp_counters *ns_tcp_counters(const struct ns_tcp *t)
{
	return &t->cnt;
}

#define NS_TCP_COUNTER_NAME(name) #name,
static const char *const counter_names[] = {
    NS_TCP_COUNTERS(NS_TCP_COUNTER_NAME)};

const char *ns_tcp_counter(const struct ns_tcp *t, size_t i, uint64_t *value)
{
	const uint64_t *v = (const uint64_t *)(const void *)&t->cnt;

	if (i >= sizeof(counter_names) / sizeof(counter_names[0]))
		return NULL;
	if (value)
		*value = v[i];
	return counter_names[i];
}

const char *ns_tcp_state_name(enum ns_tcp_state st)
{
	static const char *const names[] = {
	    "CLOSED",	   "LISTEN",	 "SYN_SENT",   "SYN_RECEIVED",
	    "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT",
	    "CLOSING",	   "LAST_ACK",	 "TIME_WAIT"};

	if ((unsigned)st >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[st];
}
