/* TCP output: deciding what to send (data within min(cwnd, snd_wnd), SYN,
 * FIN, ACKs, window updates, zero-window probes), building segments and
 * handing them to the IP layer. */
#include <string.h>

#include "ns_csum.h"
#include "ns_tcp_int.h"

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Builds the segment in t->txbuf (options opt[0..optsize), payload from
 * the send ring at offset `off`, `len` bytes) and sends it. A segment of
 * a connection that uses timestamps gets the option here, unless it is a
 * SYN (send_syn writes its own); one with ACK set updates Last.ACK.sent
 * (RFC 7323 4.3). */
static void emit(struct ns_tcp *t, uint32_t src, uint32_t dst, uint16_t sport,
		 uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
		 uint16_t wnd, const uint8_t *opt, size_t optsize,
		 struct ns_tcp_sock *s, uint32_t off, uint32_t len)
{
	uint8_t *p = t->txbuf, o[40];
	size_t hl, size;
	uint32_t sum;
	int rc;

	if (s && !(flags & TH_SYN) && !optsize) {
		/* RFC 7323 3.2: TS on every segment, RSTs included
		 * (SHOULD); SACK blocks on ACKs while we hold data out of
		 * order (RFC 2018 4). */
		if (s->flags & SF_TS)
			optsize = ns_tcp_put_ts_option(o, ns_tcp_ts_now(s),
						       s->ts_recent);
		if ((s->flags & SF_SACK) && (flags & TH_ACK) &&
		    !(flags & TH_RST))
			optsize += ns_tcp_put_sack_option(
			    o + optsize, s, (s->flags & SF_TS) ? 3 : 4);
		opt = o;
	}
	if (s && (flags & TH_ACK))
		s->last_ack_sent = ack;
	hl = NS_TCP_HDR + optsize;
	size = hl + len;

	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, seq);
	put32(p + 8, (flags & TH_ACK) ? ack : 0);
	p[12] = (uint8_t)((hl / 4) << 4);
	p[13] = flags;
	put16(p + 14, wnd);
	put16(p + 16, 0);
	put16(p + 18, 0);
	if (optsize)
		memcpy(p + NS_TCP_HDR, opt, optsize);
	if (len) {
		uint32_t pos = (s->sbuf_head + off) % s->sbuf_size;
		uint32_t first = ns_tcp_min32(len, s->sbuf_size - pos);

		memcpy(p + hl, s->sbuf + pos, first);
		memcpy(p + hl + first, s->sbuf, len - first);
	}
	sum = ns_csum_pseudo(src, dst, 6, (uint16_t)size);
	put16(p + 16, ns_csum_fold(ns_csum_add(sum, p, size)));
	t->cnt.segs_out++;
	t->cnt.bytes_out += len;
	if (flags & TH_RST)
		t->cnt.rst_sent++;
	rc = t->cfg.output(t->cfg.output_ctx, src, dst, p, size);
	if (rc == -EAGAIN)
		t->cnt.output_deferred++; /* e.g. waiting for ARP */
	else if (rc < 0)
		t->cnt.output_errors++;
}

/* Receive space: free room in the receive buffer. Out-of-order data sits
 * inside this room, so it is also the right edge we can accept up to. */
uint32_t ns_tcp_rcv_space(const struct ns_tcp_sock *s)
{
	return s->rbuf_size - s->rbuf_len;
}

/* The window field to send, moving rcv_adv (the right edge offered). The
 * edge never moves left (RFC 9293 3.8.6.2.1), and only moves right by at
 * least min(buffer / 2, MSS) (receiver SWS avoidance, 3.8.6.2.2). */
static uint16_t window_field(struct ns_tcp_sock *s, bool syn)
{
	uint32_t space = ns_tcp_rcv_space(s), ws = s->rcv_wscale;
	uint32_t edge, adv, thresh;

	if (syn)
		return (uint16_t)ns_tcp_min32(space, 65535);
	space = ns_tcp_min32(space, 65535u << ws);
	edge = s->rcv_nxt + (space >> ws << ws);
	thresh = ns_tcp_min32(s->rbuf_size / 2, s->mss);
	if (SEQ_GT(edge, s->rcv_adv) && edge - s->rcv_adv < thresh &&
	    SEQ_GT(s->rcv_adv, s->rcv_nxt))
		edge = s->rcv_adv;
	if (SEQ_LT(edge, s->rcv_adv))
		edge = s->rcv_adv;
	adv = edge - s->rcv_nxt;
	s->rcv_adv = edge;
	/* Round up so the offer never falls short of rcv_adv. */
	return (uint16_t)ns_tcp_min32((adv + (1u << ws) - 1) >> ws, 65535);
}

/* True if reading opened the window enough to be worth a segment: by two
 * segments or half the buffer (RFC 9293 3.8.6.2.2, as BSD). */
static bool window_update_due(const struct ns_tcp_sock *s)
{
	uint32_t space = ns_tcp_rcv_space(s);
	uint32_t edge = s->rcv_nxt + space, grow;

	if (!SEQ_GT(edge, s->rcv_adv))
		return false;
	grow = edge - s->rcv_adv;
	return grow >= 2u * s->mss || grow >= s->rbuf_size / 2;
}

/* Bytes of SACK blocks our next ACK carries: room they take from the
 * payload, so a segment never outgrows the MSS (RFC 9293 3.7.1). */
static uint32_t sack_size(const struct ns_tcp_sock *s)
{
	unsigned max = (s->flags & SF_TS) ? 3 : 4;

	if (!(s->flags & SF_SACK) || !s->nooo)
		return 0;
	return 4 + 8 * (s->nooo < max ? s->nooo : max);
}

static void send_syn(struct ns_tcp_sock *s)
{
	uint8_t opt[24];
	size_t n;
	bool synack = s->state == NS_TCP_SYN_RECEIVED, ts, sack;
	int ws = -1;

	/* Offer window scaling and timestamps on our SYN; on a SYN-ACK
	 * only what the peer offered (RFC 7323 1.3, 3.2). TSecr is 0 on a
	 * SYN (no ACK), TS.Recent (the SYN's TSval) on a SYN-ACK. */
	if (!synack || (s->flags & SF_WSCALE))
		ws = s->t->rcv_wscale;
	ts = !synack || (s->flags & SF_TS);
	sack = !synack || (s->flags & SF_SACK);
	n = ns_tcp_put_syn_options(opt, s->t->cfg.mss, ws, sack, ts,
				   ns_tcp_ts_now(s), synack ? s->ts_recent : 0);
	if (SEQ_LT(s->snd_nxt, s->snd_max)) {
		s->t->cnt.syn_rexmits++;
		s->flags &= ~SF_RTT_TIMING; /* Karn */
	} else {
		s->flags |= SF_RTT_TIMING;
		s->rtt_seq = s->iss;
		s->rtt_start = s->t->now;
	}
	emit(s->t, s->laddr, s->raddr, s->lport, s->rport, s->iss, s->rcv_nxt,
	     synack ? TH_SYN | TH_ACK : TH_SYN, window_field(s, true), opt, n,
	     s, 0, 0);
	s->snd_nxt = s->iss + 1;
	if (SEQ_GT(s->snd_nxt, s->snd_max))
		s->snd_max = s->snd_nxt;
	if (!s->timer[TT_REXMT])
		ns_tcp_set_rexmt(s);
	s->flags &= ~(SF_ACK_NOW);
	s->timer[TT_DELACK] = 0;
}

/* Sends whatever is due on s. Returns 0. */
int ns_tcp_output(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;
	int guard;

	if (s->state == NS_TCP_CLOSED || s->state == NS_TCP_LISTEN)
		return 0;
	if (s->state == NS_TCP_SYN_SENT || s->state == NS_TCP_SYN_RECEIVED) {
		if (s->snd_nxt == s->iss)
			send_syn(s);
		else if ((s->flags & SF_ACK_NOW) &&
			 s->state == NS_TCP_SYN_RECEIVED) {
			/* An answer to an unacceptable segment. */
			t->cnt.acks_sent++;
			emit(t, s->laddr, s->raddr, s->lport, s->rport,
			     s->snd_nxt, s->rcv_nxt, TH_ACK,
			     window_field(s, true), NULL, 0, s, 0, 0);
			s->flags &= ~SF_ACK_NOW;
		}
		return 0;
	}
	/* Bounded: each pass sends one segment; a send buffer's worth is
	 * the most one call can need. */
	for (guard = 0; guard < 1 << 16; guard++) {
		uint32_t off, wnd, avail, len = 0, seq = s->snd_nxt;
		bool fin = false, force = s->flags & SF_FORCE;
		uint8_t flags = TH_ACK;

		if (SEQ_LT(s->snd_nxt, s->snd_una))
			s->snd_nxt = s->snd_una;
		off = s->snd_nxt - s->snd_una;
		wnd = ns_tcp_min32(s->snd_wnd, s->cwnd);
		if (force && !s->snd_wnd)
			wnd = 1;
		avail = s->sbuf_len > off ? s->sbuf_len - off : 0;
		if (wnd > off)
			len = ns_tcp_min32(ns_tcp_min32(avail, wnd - off),
					   s->mss - sack_size(s));
		if ((s->flags & SF_FIN_QUEUED) && !(s->flags & SF_FIN_ACKED) &&
		    s->snd_nxt + len == ns_tcp_fin_seq(s) && len == avail &&
		    (s->snd_wnd || force || len))
			fin = true;
		/* Peer's window shut with data waiting: probe it later
		 * (RFC 9293 3.8.6.1). */
		if (!s->snd_wnd &&
		    (avail || ((s->flags & SF_FIN_QUEUED) &&
			       !(s->flags & SF_FIN_ACKED) && !fin && !len)) &&
		    !s->timer[TT_REXMT])
			ns_tcp_set_persist(s);
		if (!len && !fin && !(s->flags & SF_ACK_NOW) &&
		    !window_update_due(s))
			break;
		if (!len && !fin && !(s->flags & SF_ACK_NOW))
			t->cnt.window_updates++;
		if (fin)
			flags |= TH_FIN;
		if (len && off + len == s->sbuf_len)
			flags |= TH_PSH;
		if (len || fin) {
			if (SEQ_LT(seq, s->snd_max)) {
				t->cnt.rexmits++;
				t->cnt.rexmit_bytes += len;
			} else if (!(s->flags & (SF_RTT_TIMING | SF_TS))) {
				/* Without timestamps, time one segment per
				 * flight (with them, ACKs carry the time). */
				s->flags |= SF_RTT_TIMING;
				s->rtt_seq = seq;
				s->rtt_start = t->now;
			}
		} else {
			t->cnt.acks_sent++;
		}
		emit(t, s->laddr, s->raddr, s->lport, s->rport, seq, s->rcv_nxt,
		     flags, window_field(s, false), NULL, 0, s, off, len);
		s->flags &= ~SF_ACK_NOW;
		s->timer[TT_DELACK] = 0;
		s->unacked_segs = 0;
		if (!len && !fin)
			break;
		s->snd_nxt += len + (fin ? 1 : 0);
		if (SEQ_GT(s->snd_nxt, s->snd_max))
			s->snd_max = s->snd_nxt;
		if (force) {
			s->flags &= ~SF_FORCE;
			break;
		}
		/* RFC 6298 5.1: start the timer if it is not running; a
		 * persist timer gives way once data flows again. */
		if (!s->timer[TT_REXMT] || (s->flags & SF_PERSIST))
			ns_tcp_set_rexmt(s);
	}
	return 0;
}

/* Sends one segment of the oldest unacknowledged data (fast retransmit
 * and NewReno partial ACKs), leaving snd_nxt where it was. */
void ns_tcp_rexmit_one(struct ns_tcp_sock *s)
{
	uint32_t onxt = s->snd_nxt, ocwnd = s->cwnd;

	s->snd_nxt = s->snd_una;
	s->cwnd = s->mss;
	/* Karn: a sample across a retransmission is ambiguous; with
	 * timestamps, only echoes of this one or later count. */
	s->flags &= ~SF_RTT_TIMING;
	s->ts_rexmt = ns_tcp_ts_now(s);
	s->flags |= SF_TS_REXMT;
	ns_tcp_output(s);
	s->cwnd = ocwnd;
	if (SEQ_GT(onxt, s->snd_nxt))
		s->snd_nxt = onxt;
}

/* Requests an immediate ACK (it may carry data) and sends it. */
void ns_tcp_send_ack(struct ns_tcp_sock *s)
{
	s->flags |= SF_ACK_NOW;
	ns_tcp_output(s);
}

/* Sends a bare control segment (RST, keepalive probe) on s's 4-tuple. */
void ns_tcp_send_ctl(struct ns_tcp_sock *s, uint32_t seq, uint8_t flags)
{
	if (!(flags & TH_RST))
		s->t->cnt.acks_sent++;
	emit(s->t, s->laddr, s->raddr, s->lport, s->rport, seq, s->rcv_nxt,
	     flags, (flags & TH_RST) ? 0 : window_field(s, false), NULL, 0, s,
	     0, 0);
}

/* Answers a segment that has no connection with a RST (RFC 9293 3.10.7.1):
 * <SEQ=SEG.ACK><CTL=RST> if it had an ACK, else
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never answers a RST. */
void ns_tcp_respond_rst(struct ns_tcp *t, const struct ns_tcp_seg *seg)
{
	uint32_t ack;

	if (seg->flags & TH_RST)
		return;
	if (seg->flags & TH_ACK) {
		emit(t, seg->dst, seg->src, seg->dport, seg->sport, seg->ack, 0,
		     TH_RST, 0, NULL, 0, NULL, 0, 0);
		return;
	}
	ack = seg->seq + seg->len + !!(seg->flags & TH_SYN) +
	      !!(seg->flags & TH_FIN);
	emit(t, seg->dst, seg->src, seg->dport, seg->sport, 0, ack,
	     TH_RST | TH_ACK, 0, NULL, 0, NULL, 0, 0);
}
