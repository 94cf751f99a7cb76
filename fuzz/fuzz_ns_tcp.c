/* libFuzzer target: netstack's TCP input path (ns_tcp_input) and the API
 * calls and timers around it. Each run builds a fresh instance with a
 * listener on port 80, completes a scripted passive handshake (peer port
 * 1000 -> 80) and an active one (ephemeral -> peer port 8080), then reads
 * commands from the input. The output op records, per connection, what
 * netstack sent, so fuzzer-built segments can carry sequence and ACK
 * numbers near the ones netstack expects and (unless the input says
 * otherwise) a correct checksum: the fuzzer gets past validation into the
 * state machine. The active connection negotiates timestamps (RFC
 * 7323), the passive one SACK (RFC 2018: netstack sends blocks) but not
 * TS; segments may carry a well-formed TS option whose TSecr sits near
 * netstack's last TSval, so the echo and RTT paths and the "TS on a
 * connection that did not negotiate it" path run. Commands also write,
 * read, shut down, close, abort, connect, toggle keepalive, inject ICMP
 * errors, feed raw bytes and advance the fake clock so every timer
 * fires. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ns_csum.h"
#include "ns_tcp.h"

#define LOCAL 0x0a000002u
#define PEER 0x0a000001u
#define NCONN 4

static _Alignas(8) uint8_t mem[1 << 16];
static struct ns_tcp tcp;
static uint64_t now;

/* What the peer knows of one connection, learned from netstack's output. */
struct conn {
	struct ns_tcp_sock *s; /* NULL once closed or given back */
	uint16_t lport, rport; /* netstack's port, the peer's */
	uint32_t snd_max;      /* highest netstack seq + len seen */
	uint32_t rcv_nxt;      /* what netstack acknowledged last */
	uint32_t tsval;	       /* netstack's last TSval */
	uint32_t peer_ts;      /* the peer's clock */
	int seen;
};
static struct conn conns[NCONN];

/* The input, consumed from the front; past the end, bytes are 0. */
struct in {
	const uint8_t *p;
	size_t left;
};

static uint8_t get8(struct in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint16_t get16(struct in *in)
{
	uint16_t hi = get8(in);

	return (uint16_t)(hi << 8 | get8(in));
}

static uint32_t get32(struct in *in)
{
	uint32_t hi = get16(in);

	return hi << 16 | get16(in);
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

static struct conn *find_conn(uint16_t lport, uint16_t rport)
{
	for (int i = 0; i < NCONN; i++)
		if (conns[i].lport == lport && conns[i].rport == rport)
			return &conns[i];
	return NULL;
}

static int out(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
	       size_t size)
{
	struct conn *c;
	uint32_t seq, end;
	size_t hl;

	(void)ctx, (void)src, (void)dst;
	if (size < 20)
		__builtin_trap(); /* TCP never sends a short header */
	hl = (size_t)(seg[12] >> 4) * 4;
	if (hl < 20 || hl > size)
		__builtin_trap();
	c = find_conn(rd16(seg), rd16(seg + 2));
	if (!c)
		return 0;
	seq = rd32(seg + 4);
	end = seq + (uint32_t)(size - hl) + !!(seg[13] & 0x02) +
	      !!(seg[13] & 0x01);
	if (!c->seen || (int32_t)(end - c->snd_max) > 0)
		c->snd_max = end;
	if (seg[13] & 0x10)
		c->rcv_nxt = rd32(seg + 8);
	/* netstack's TSval, from its options (well formed: it wrote them). */
	for (size_t i = 20; i < hl;) {
		if (seg[i] == 0)
			break;
		if (seg[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= hl || seg[i + 1] < 2 || i + seg[i + 1] > hl)
			__builtin_trap();
		if (seg[i] == 8 && seg[i + 1] == 10)
			c->tsval = rd32(seg + i + 2);
		i += seg[i + 1];
	}
	c->seen = 1;
	return 0;
}

static void on_closed(void *arg, struct ns_tcp_sock *s, int err)
{
	struct conn *c = arg;

	(void)s, (void)err;
	c->s = NULL;
}

static void on_readable(void *arg, struct ns_tcp_sock *s)
{
	uint8_t buf[512];

	(void)arg;
	/* Leave some data unread at times so closes with unread data and
	 * full windows happen too. */
	if (ns_tcp_readable(s) & 1)
		(void)ns_tcp_read(s, buf, sizeof(buf));
}

static const struct ns_tcp_callbacks cbs = {
    .readable = on_readable,
    .closed = on_closed,
};

static int on_accept(void *arg, struct ns_tcp_sock *l, struct ns_tcp_sock *s)
{
	uint32_t la, ra;
	uint16_t lp, rp;
	struct conn *c;

	(void)arg, (void)l;
	ns_tcp_endpoints(s, &la, &lp, &ra, &rp);
	c = find_conn(lp, rp);
	if (!c || c->s)
		return -ECONNREFUSED;
	c->s = s;
	ns_tcp_set_callbacks(s, &cbs, c);
	return 0;
}

/* Builds a segment from the peer to netstack and feeds it. */
static void send_seg(struct conn *c, uint16_t sport, uint16_t dport,
		     uint32_t seq, uint32_t ack, uint8_t flags, uint16_t win,
		     const uint8_t *opt, size_t optsize, const uint8_t *data,
		     size_t size, int bad_csum)
{
	uint8_t seg[20 + 40 + 1500];
	size_t hl = 20 + (optsize + 3) / 4 * 4;

	(void)c;
	if (hl > 60 || size > 1500)
		return;
	memset(seg, 0, hl);
	wr16(seg, sport);
	wr16(seg + 2, dport);
	wr32(seg + 4, seq);
	wr32(seg + 8, ack);
	seg[12] = (uint8_t)(hl / 4 << 4);
	seg[13] = flags;
	wr16(seg + 14, win);
	if (optsize)
		memcpy(seg + 20, opt, optsize);
	if (size)
		memcpy(seg + hl, data, size);
	wr16(seg + 16,
	     ns_csum_fold(ns_csum_add(
		 ns_csum_pseudo(PEER, LOCAL, 6, (uint16_t)(hl + size)), seg,
		 hl + size)));
	if (bad_csum)
		seg[16] ^= bad_csum;
	ns_tcp_input(&tcp, PEER, LOCAL, seg, hl + size, now);
}

static void setup(void)
{
	static const uint8_t syn_opt[] = {2, 4, 0x05, 0xb4, 3, 3,
					  7, 1, 1,    1,    4, 2};
	uint8_t synack_opt[20] = {2, 4, 0x05, 0xb4, 3, 3, 7, 1, 1, 1, 8, 10};
	struct ns_tcp_config cfg = {
	    .max_socks = 8,
	    .sndbuf_size = 2048,
	    .rcvbuf_size = 2048,
	    .mss = 536,
	    .output = out,
	};
	struct ns_tcp_sock *l;
	uint32_t a = LOCAL;
	struct conn *c;

	memset(conns, 0, sizeof(conns));
	now = 1000;
	if (ns_tcp_init(&tcp, &cfg, mem, sizeof(mem)) != 0)
		__builtin_trap();
	ns_tcp_set_time(&tcp, now);
	(void)ns_tcp_set_addrs(&tcp, &a, 1);
	(void)ns_tcp_listen(&tcp, 80, 2, on_accept, NULL, &l);
	/* Passive: SYN, netstack's SYN-ACK (recorded by out), ACK. */
	c = &conns[0];
	c->lport = 80;
	c->rport = 1000;
	send_seg(c, 1000, 80, 5000, 0, 0x02, 65535, syn_opt, sizeof(syn_opt),
		 NULL, 0, 0);
	send_seg(c, 1000, 80, 5001, c->snd_max, 0x10, 65535, NULL, 0, NULL, 0,
		 0);
	/* Active: SYN (recorded), SYN-ACK from the peer. */
	c = &conns[1];
	c->lport = 40000;
	c->rport = 8080;
	c->peer_ts = 100;
	if (ns_tcp_connect(&tcp, PEER, 8080, 40000, &cbs, c, &c->s) == 0) {
		wr32(synack_opt + 12, c->peer_ts);
		wr32(synack_opt + 16, c->tsval);
		send_seg(c, 8080, 40000, 9000, c->snd_max, 0x12, 65535,
			 synack_opt, sizeof(synack_opt), NULL, 0, 0);
	}
	/* The script must work, or the fuzzer only ever sees handshakes. */
	if (!conns[0].s || ns_tcp_state(conns[0].s) != NS_TCP_ESTABLISHED ||
	    !conns[1].s || ns_tcp_state(conns[1].s) != NS_TCP_ESTABLISHED)
		__builtin_trap();
	{
		struct ns_tcp_info i0, i1;

		ns_tcp_info(conns[0].s, &i0);
		ns_tcp_info(conns[1].s, &i1);
		if (i0.ts_ok || !i1.ts_ok || !i0.sack_ok || i1.sack_ok)
			__builtin_trap();
	}
	/* Two more slots for connections the fuzzer opens. */
	conns[2].lport = 80;
	conns[2].rport = 1001;
	conns[3].rport = 8081;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t pattern[4096] = {1, 2, 3};
	struct in in = {data, size};
	unsigned steps = 0;

	setup();
	while (in.left && steps++ < 512) {
		uint8_t op = get8(&in);
		struct conn *c = &conns[op >> 6 & 3];

		switch (op & 15) {
		case 0:
		case 1:
		case 2:
		case 3:
		case 4: {
			/* A segment near the expected numbers; cases 3
			 * and 4 lead with a TS option (TSval moving on,
			 * TSecr a little behind netstack's). */
			size_t ts = (op & 15) >= 3 ? 12 : 0;
			uint8_t flags = get8(&in),
				optsize = (uint8_t)(get8(&in) % (41 - ts));
			int8_t dseq = (int8_t)get8(&in);
			int16_t dack = (int16_t)get16(&in);
			uint16_t win = get16(&in), n = get16(&in) % 1501;
			uint8_t opt[40], bad = (op & 16) ? get8(&in) : 0;
			uint32_t seq = c->rcv_nxt + (uint32_t)(int32_t)dseq;
			uint32_t ack = c->snd_max + (uint32_t)(int32_t)dack;

			if (ts) {
				c->peer_ts += (uint32_t)(int8_t)get8(&in);
				opt[0] = opt[1] = 1;
				opt[2] = 8;
				opt[3] = 10;
				wr32(opt + 4, c->peer_ts);
				wr32(opt + 8, c->tsval - get8(&in));
			}
			for (uint8_t i = 0; i < optsize; i++)
				opt[ts + i] = get8(&in);
			optsize = (uint8_t)(optsize + ts);
			if (op & 32) {
				seq = get32(&in);
				ack = get32(&in);
			}
			send_seg(c, c->rport, c->lport ? c->lport : 80, seq,
				 ack, flags, win, opt, optsize, pattern, n,
				 bad);
			break;
		}
		case 5: {
			/* Raw bytes as a segment, checksum fixed or not. */
			uint8_t seg[1600];
			size_t n = get16(&in) % sizeof(seg);

			if (n > in.left)
				n = in.left;
			memcpy(seg, in.p, n);
			in.p += n;
			in.left -= n;
			if (n >= 18 && (op & 16)) {
				seg[16] = seg[17] = 0;
				wr16(seg + 16,
				     ns_csum_fold(ns_csum_add(
					 ns_csum_pseudo(PEER, LOCAL, 6,
							(uint16_t)n),
					 seg, n)));
			}
			ns_tcp_input(&tcp, PEER, LOCAL, seg, n, now);
			break;
		}
		case 6: {
			/* Time passes: up to ~16 s, or a big jump. */
			uint16_t dt = get16(&in);

			now += (op & 16) ? (uint64_t)dt * 1000 : dt / 4;
			ns_tcp_timers(&tcp, now);
			break;
		}
		case 7:
			if (c->s)
				(void)ns_tcp_write(c->s, pattern,
						   get16(&in) % 4096);
			break;
		case 8:
			if (c->s) {
				uint8_t buf[4096];

				(void)ns_tcp_read(c->s, buf, get16(&in) % 4096);
			}
			break;
		case 9:
			if (c->s)
				(void)ns_tcp_shutdown(c->s);
			break;
		case 10:
			if (c->s) {
				(void)ns_tcp_close(c->s);
				c->s = NULL;
			}
			break;
		case 11:
			if (c->s) {
				ns_tcp_abort(c->s);
				c->s = NULL;
			}
			break;
		case 12:
			if (c->s)
				ns_tcp_set_keepalive(c->s, op & 16);
			break;
		case 13:
			/* A new active open from the slot (if it is free). */
			if (!c->s && c->rport != 1000 && c->rport != 1001) {
				uint32_t la, ra;
				uint16_t lp, rp;

				/* Port 0: an ephemeral port, learned
				 * after its SYN went out. */
				c->lport = get16(&in);
				c->seen = 0;
				if (ns_tcp_connect(&tcp, PEER, c->rport,
						   c->lport, &cbs, c,
						   &c->s) == 0) {
					ns_tcp_endpoints(c->s, &la, &lp, &ra,
							 &rp);
					c->lport = lp;
				}
			}
			break;
		case 14: {
			/* An ICMP error quoting a segment of the connection. */
			uint8_t inner[8];
			uint8_t type = get8(&in), code = get8(&in);
			uint16_t mtu = get16(&in);

			wr16(inner, c->lport);
			wr16(inner + 2, c->rport);
			wr32(inner + 4,
			     c->snd_max - (uint32_t)(get8(&in) % 64));
			ns_tcp_icmp_error(&tcp, type, code, LOCAL, PEER, inner,
					  sizeof(inner), mtu);
			break;
		}
		case 15:
			ns_tcp_set_mss(&tcp, get16(&in));
			(void)ns_tcp_next_deadline(&tcp);
			break;
		}
	}
	/* Let everything time out: no timer may misbehave on the way. */
	for (int i = 0; i < 40; i++) {
		uint64_t dl = ns_tcp_next_deadline(&tcp);

		if (dl == UINT64_MAX)
			break;
		now = dl > now ? dl : now + 1;
		ns_tcp_timers(&tcp, now);
	}
	return 0;
}
