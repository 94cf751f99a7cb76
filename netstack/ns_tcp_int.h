/* TCP internals shared by ns_tcp_input.c, ns_tcp_output.c, ns_tcp_timer.c,
 * ns_tcp_opt.c and ns_tcp_sock.c. Not part of the API (tests may look). */
#ifndef NS_TCP_INT_H
#define NS_TCP_INT_H

#include <errno.h>
#include <stdbool.h>

#include "ns_tcp.h"

#define NS_TCP_HDR 20
/* Out-of-order ranges held per connection: one per NS_TCP_OOO_BYTES of
 * receive buffer, at least NS_TCP_OOO_MIN (see TCP.md for why). */
#define NS_TCP_OOO_MIN 8
#define NS_TCP_OOO_BYTES 1024
#define NS_TCP_DEFAULT_MSS 536 /* RFC 9293 3.7.1: when the peer sends none */
#define NS_TCP_MAX_WSCALE 14
#define NS_TCP_TS_OPT_SIZE 12 /* NOP, NOP, timestamps (RFC 7323 app. A) */

/* Header flags. */
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20

/* Sequence arithmetic modulo 2^32 (RFC 9293 3.4). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b) SEQ_LT(b, a)
#define SEQ_GEQ(a, b) SEQ_LEQ(b, a)

/* Socket flags. */
#define SF_APP_CLOSED 0x0001 /* ns_tcp_close: no more callbacks */
#define SF_FIN_QUEUED 0x0002 /* FIN follows the send buffer */
#define SF_ACK_NOW 0x0004    /* send an ACK on the next output */
#define SF_PASSIVE 0x0008    /* child of a listener */
#define SF_WSCALE 0x0010     /* window scaling in use */
#define SF_KEEPALIVE 0x0020
#define SF_RCVD_FIN 0x0040   /* peer's FIN received (in order) */
#define SF_OOO_FIN 0x0080    /* peer's FIN seen ahead of a hole */
#define SF_RECOVERY 0x0100   /* NewReno fast recovery */
#define SF_RTT_TIMING 0x0200 /* rtt_seq is being timed */
#define SF_PERSIST 0x0400    /* rexmt timer is the persist timer */
#define SF_WANT_WRITE 0x0800 /* a write was short: call writable */
#define SF_FORCE 0x1000	     /* output: send one byte into a 0 window */
#define SF_FIN_ACKED 0x2000  /* our FIN was acknowledged */
#define SF_SYN_ACKED 0x4000  /* our SYN was acknowledged */
#define SF_NOTIFIED                                                            \
	0x8000		     /* the app knows the socket (connected or
				accepted): closed callbacks go to it */
#define SF_DYING 0x10000     /* in the closed callback: API calls no-ops */
#define SF_HALF_OPEN 0x20000 /* counted in parent->half_open */
#define SF_TS 0x40000	     /* timestamps in use (RFC 7323 3) */
#define SF_TS_REXMT 0x80000  /* ts_rexmt holds a retransmission's TSval */
#define SF_SACK 0x100000     /* the peer takes SACK blocks (RFC 2018) */

/* The timers of one connection, as deadlines (0: off). */
enum {
	TT_REXMT,  /* retransmission or persist */
	TT_DELACK, /* delayed ACK */
	TT_KEEP,   /* keepalive, or connection-establishment limit */
	TT_2MSL,   /* TIME_WAIT and orphaned FIN_WAIT_2 */
	TT_COUNT
};

struct ns_tcp_range {
	uint32_t start, end; /* [start, end) in sequence space */
};

/* One connection block (or listener). */
struct ns_tcp_sock {
	struct ns_tcp *t;
	uint32_t gen; /* bumped at free: callbacks check it */
	uint8_t state;
	uint8_t in_use;
	uint32_t flags;
	uint32_t laddr, raddr;
	uint16_t lport, rport;

	/* Listener: accept callback and backlog; child: its listener. */
	ns_tcp_accept_fn accept;
	void *accept_arg;
	unsigned backlog, half_open;
	struct ns_tcp_sock *parent;

	struct ns_tcp_callbacks cb;
	void *arg;
	int soft_err; /* last ICMP error, reported on timeout */

	/* Send side. snd_una..snd_max is in flight; the send buffer holds
	 * sbuf_len bytes starting with the byte at data_una (snd_una, or
	 * snd_una + 1 while our SYN is unacknowledged). */
	uint32_t iss, snd_una, snd_nxt, snd_max;
	uint32_t snd_wnd, max_snd_wnd, snd_wl1, snd_wl2;
	uint8_t snd_wscale, rcv_wscale;
	uint16_t mss, peer_mss;
	uint8_t *sbuf;
	uint32_t sbuf_size, sbuf_head, sbuf_len;

	/* Receive side: rbuf holds rbuf_len in-order bytes from rbuf_head;
	 * out-of-order data sits beyond them at its sequence offset, with
	 * its ranges in ooo[] (sorted, disjoint, not touching). */
	uint32_t irs, rcv_nxt, rcv_adv, rcv_fin_seq;
	uint8_t *rbuf;
	uint32_t rbuf_size, rbuf_head, rbuf_len;
	struct ns_tcp_range *ooo; /* ooo_max entries in the pool */
	unsigned nooo, ooo_max;
	uint32_t sack_last;    /* start of the latest out-of-order segment */
	unsigned unacked_segs; /* full segments received since our ACK */

	/* Congestion control (RFC 5681, 6582). */
	uint32_t cwnd, ssthresh, recover, bytes_acked;
	unsigned dupacks;

	/* RTT estimation (RFC 6298), in ms. */
	uint32_t srtt8, rttvar4, rto; /* srtt * 8, rttvar * 4 */
	bool rtt_valid;		      /* srtt8 holds a sample */
	uint32_t rtt_seq;
	uint64_t rtt_start;
	unsigned backoff;   /* consecutive expiries of TT_REXMT */
	unsigned keep_sent; /* keepalive probes unanswered */

	/* Timestamps (RFC 7323 3-4; valid with SF_TS). TSval is the
	 * instance's ms clock plus ts_offset (random per connection, RFC
	 * 7323 5.4). ts_recent is TS.Recent, last_ack_sent Last.ACK.sent;
	 * ts_rtt_seq: a TSecr sample is taken from an ACK beyond it, once
	 * per flight (RFC 6298's cadence); ts_rexmt: our TSval when we last
	 * resent the oldest data (with SF_TS_REXMT): older echoes are no
	 * sample (see rtt_on_ack). */
	uint32_t ts_offset, ts_recent, last_ack_sent, ts_rtt_seq, ts_rexmt;

	uint64_t timer[TT_COUNT];
	uint64_t last_rcv; /* for keepalive idleness */
};

/* Parsed header of an incoming segment. */
struct ns_tcp_seg {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint32_t wnd; /* raw 16-bit field */
	const uint8_t *data;
	uint32_t len; /* payload bytes */
	/* Options (ns_tcp_opt.c). */
	uint16_t mss; /* 0: absent */
	int wscale;   /* -1: absent */
	bool sack_ok; /* SACK-permitted (SYNs only) */
	bool ts;      /* a timestamps option was present */
	uint32_t tsval, tsecr;
};

/* ns_tcp_opt.c */
int ns_tcp_parse_options(const uint8_t *opt, size_t size, bool syn,
			 struct ns_tcp_seg *seg);
size_t ns_tcp_put_syn_options(uint8_t *p, uint16_t mss, int wscale, bool sack,
			      bool ts, uint32_t tsval, uint32_t tsecr);
size_t ns_tcp_put_sack_option(uint8_t *p, const struct ns_tcp_sock *s,
			      unsigned max_blocks);
size_t ns_tcp_put_ts_option(uint8_t *p, uint32_t tsval, uint32_t tsecr);

/* ns_tcp_output.c */
int ns_tcp_output(struct ns_tcp_sock *s);
void ns_tcp_send_ctl(struct ns_tcp_sock *s, uint32_t seq, uint8_t flags);
void ns_tcp_respond_rst(struct ns_tcp *t, const struct ns_tcp_seg *seg);
void ns_tcp_send_ack(struct ns_tcp_sock *s);
uint32_t ns_tcp_rcv_space(const struct ns_tcp_sock *s);
void ns_tcp_rexmit_one(struct ns_tcp_sock *s);

/* ns_tcp_timer.c */
void ns_tcp_set_rexmt(struct ns_tcp_sock *s);
void ns_tcp_set_persist(struct ns_tcp_sock *s);
void ns_tcp_rtt_sample(struct ns_tcp_sock *s, uint32_t rtt_ms);
void ns_tcp_enter_timewait(struct ns_tcp_sock *s);
void ns_tcp_keep_reset(struct ns_tcp_sock *s);

/* ns_tcp_sock.c */
struct ns_tcp_sock *ns_tcp_lookup(struct ns_tcp *t, uint32_t laddr,
				  uint16_t lport, uint32_t raddr,
				  uint16_t rport);
struct ns_tcp_sock *ns_tcp_lookup_listener(struct ns_tcp *t, uint16_t lport);
struct ns_tcp_sock *ns_tcp_alloc(struct ns_tcp *t);
void ns_tcp_sock_init_conn(struct ns_tcp_sock *s);
uint32_t ns_tcp_isn(struct ns_tcp *t, uint32_t laddr, uint16_t lport,
		    uint32_t raddr, uint16_t rport);
uint32_t ns_tcp_ts_offset(struct ns_tcp *t, uint32_t laddr, uint16_t lport,
			  uint32_t raddr, uint16_t rport);
void ns_tcp_drop(struct ns_tcp_sock *s, int err);
void ns_tcp_free(struct ns_tcp_sock *s);
void ns_tcp_notify_established(struct ns_tcp_sock *s);
void ns_tcp_notify_readable(struct ns_tcp_sock *s);
void ns_tcp_notify_writable(struct ns_tcp_sock *s);
bool ns_tcp_is_local(const struct ns_tcp *t, uint32_t addr);

static inline uint32_t ns_tcp_min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static inline uint32_t ns_tcp_max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* Sequence number of the first data byte in the send buffer. */
static inline uint32_t ns_tcp_data_una(const struct ns_tcp_sock *s)
{
	return (s->flags & SF_SYN_ACKED) ? s->snd_una : s->iss + 1;
}

/* Sequence number of our FIN (valid with SF_FIN_QUEUED). */
static inline uint32_t ns_tcp_fin_seq(const struct ns_tcp_sock *s)
{
	return ns_tcp_data_una(s) + s->sbuf_len;
}

/* Our TSval now. */
static inline uint32_t ns_tcp_ts_now(const struct ns_tcp_sock *s)
{
	return (uint32_t)s->t->now + s->ts_offset;
}

static inline bool ns_tcp_synchronized(const struct ns_tcp_sock *s)
{
	return s->state >= NS_TCP_ESTABLISHED;
}

#endif
