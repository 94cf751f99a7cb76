/* TCP input: header validation, demultiplexing, and the RFC 9293 3.10.7
 * segment-arrival state machine with the RFC 5961 hardening (exact-match
 * RSTs, challenge ACKs for in-window RSTs and SYNs, ACK range check),
 * NewReno (RFC 5681, RFC 6582) with Limited Transmit (RFC 3042) on the
 * ACK path, delayed ACKs and out-of-order reassembly in the receive
 * buffer. */
#include <string.h>

#include "ns_csum.h"
#include "ns_tcp_int.h"

/* Events gathered while a segment is processed and delivered at the end,
 * so a callback that closes or aborts the socket cannot pull the block out
 * from under the state machine. */
#define EV_CONNECTED 0x01
#define EV_READABLE 0x02
#define EV_WRITABLE 0x04
#define EV_CLOSED 0x08 /* orderly end (TIME_WAIT): closed(0), block kept */
#define EV_FREE 0x10   /* gone (LAST_ACK acked): closed(0) and free */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* RFC 5681 3.1 initial window; one segment if the SYN was retransmitted. */
static uint32_t initial_cwnd(const struct ns_tcp_sock *s)
{
	if (s->backoff)
		return s->mss;
	return ns_tcp_min32(4u * s->mss, ns_tcp_max32(2u * s->mss, 4380));
}

/* RTT measurement on an ACK that advanced snd_una to `ack`. With
 * timestamps the echoed TSecr dates the segment that drew the ACK, even a
 * retransmitted one (RFC 7323 4.1, RFC 6298 3: Karn's rule is for timing
 * without them); one sample per flight keeps RFC 6298's gains right (RFC
 * 7323 appendix G). An echo older than our last retransmission of the
 * oldest data is no sample: it answers a segment whose ACK was lost
 * (the peer echoes TS.Recent to the duplicate we resent), and would
 * count the loss and our RTO as round-trip time. Without timestamps,
 * the one timed segment (rtt_seq), if it was not retransmitted. */
static void rtt_on_ack(struct ns_tcp_sock *s, const struct ns_tcp_seg *sg,
		       uint32_t ack)
{
	if (s->flags & SF_TS) {
		uint32_t r = ns_tcp_ts_now(s) - sg->tsecr;

		/* TSecr 0 is "no echo" (our SYN's ACK-less peers); one
		 * from the future or from long ago is not ours. */
		if (!sg->ts || !sg->tsecr || SEQ_LEQ(ack, s->ts_rtt_seq) ||
		    r > 0x7fffffff)
			return;
		if ((s->flags & SF_TS_REXMT) && SEQ_LT(sg->tsecr, s->ts_rexmt))
			return;
		s->flags &= ~SF_TS_REXMT;
		s->ts_rtt_seq = s->snd_max;
		ns_tcp_rtt_sample(s, r);
		return;
	}
	if ((s->flags & SF_RTT_TIMING) && SEQ_GT(ack, s->rtt_seq)) {
		s->flags &= ~SF_RTT_TIMING;
		ns_tcp_rtt_sample(s, (uint32_t)(s->t->now - s->rtt_start));
	}
}

static void take_syn_options(struct ns_tcp_sock *s, const struct ns_tcp_seg *sg)
{
	uint32_t peer = sg->mss ? sg->mss : NS_TCP_DEFAULT_MSS;

	/* A tiny MSS would make us send a flood of tiny segments. */
	if (peer < 64)
		peer = 64;
	s->peer_mss = (uint16_t)peer;
	s->mss = (uint16_t)ns_tcp_min32(s->t->cfg.mss, peer);
	/* Timestamps: both SYNs carry the option (we always offer it on
	 * ours, and answer a SYN only in kind). The MSS option counts no
	 * TCP options (RFC 9293 3.7.1, RFC 6691): 12 bytes of every segment
	 * now go to the option, not to payload. */
	if (sg->ts) {
		s->flags |= SF_TS;
		s->ts_recent = sg->tsval;
		s->mss = (uint16_t)(s->mss - NS_TCP_TS_OPT_SIZE);
	} else {
		s->flags &= ~SF_TS;
	}
	if (sg->sack_ok)
		s->flags |= SF_SACK;
	else
		s->flags &= ~SF_SACK;
	if (sg->wscale >= 0) {
		s->flags |= SF_WSCALE;
		s->snd_wscale = (uint8_t)sg->wscale;
		s->rcv_wscale = s->t->rcv_wscale;
	} else {
		s->flags &= ~SF_WSCALE;
		s->snd_wscale = s->rcv_wscale = 0;
	}
}

/* The connection is synchronized: SYN_SENT or SYN_RECEIVED ->
 * ESTABLISHED (or FIN_WAIT_1 if the app already shut down). */
static void establish(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;

	s->flags |= SF_SYN_ACKED;
	if (s->flags & SF_HALF_OPEN) {
		s->flags &= ~SF_HALF_OPEN;
		if (s->parent)
			s->parent->half_open--;
	}
	s->cwnd = initial_cwnd(s);
	s->recover = s->snd_una;
	s->timer[TT_REXMT] = 0;
	s->backoff = 0;
	s->state =
	    (s->flags & SF_FIN_QUEUED) ? NS_TCP_FIN_WAIT_1 : NS_TCP_ESTABLISHED;
	t->cnt.established++;
	ns_tcp_keep_reset(s);
}

static void listen_input(struct ns_tcp_sock *l, const struct ns_tcp_seg *sg)
{
	struct ns_tcp *t = l->t;
	struct ns_tcp_sock *s;

	if (sg->flags & TH_RST) {
		t->cnt.drop_listen++;
		return;
	}
	if (sg->flags & TH_ACK) {
		t->cnt.drop_listen++;
		ns_tcp_respond_rst(t, sg);
		return;
	}
	if (!(sg->flags & TH_SYN)) {
		t->cnt.drop_listen++;
		return;
	}
	/* A full backlog drops silently so the peer's SYN retransmission
	 * tries again later (as BSD and Linux do), rather than refusing. */
	if (l->half_open >= l->backlog) {
		t->cnt.drop_backlog_full++;
		return;
	}
	s = ns_tcp_alloc(t);
	if (!s) {
		t->cnt.drop_no_mem++;
		return;
	}
	ns_tcp_sock_init_conn(s);
	s->laddr = sg->dst;
	s->lport = sg->dport;
	s->raddr = sg->src;
	s->rport = sg->sport;
	s->parent = l;
	s->flags |= SF_PASSIVE | SF_HALF_OPEN;
	l->half_open++;
	take_syn_options(s, sg);
	s->irs = sg->seq;
	s->rcv_nxt = s->rcv_adv = sg->seq + 1;
	s->snd_wnd = s->max_snd_wnd = sg->wnd; /* never scaled in a SYN */
	s->snd_wl1 = sg->seq;
	s->iss = ns_tcp_isn(t, s->laddr, s->lport, s->raddr, s->rport);
	s->ts_offset =
	    ns_tcp_ts_offset(t, s->laddr, s->lport, s->raddr, s->rport);
	s->snd_una = s->snd_nxt = s->snd_max = s->snd_wl2 = s->iss;
	s->ts_rtt_seq = s->iss;
	s->state = NS_TCP_SYN_RECEIVED;
	s->last_rcv = t->now;
	t->cnt.passive_opens++;
	/* Data on the SYN is not kept (the peer resends it once we ACK
	 * only the SYN); see TCP.md. */
	ns_tcp_output(s);
}

static void syn_sent_input(struct ns_tcp_sock *s, const struct ns_tcp_seg *sg)
{
	struct ns_tcp *t = s->t;
	bool ack_ok = false;

	if (sg->flags & TH_ACK) {
		if (SEQ_LEQ(sg->ack, s->iss) || SEQ_GT(sg->ack, s->snd_max)) {
			t->cnt.drop_syn_sent++;
			ns_tcp_respond_rst(t, sg);
			return;
		}
		ack_ok = true;
	}
	if (sg->flags & TH_RST) {
		if (!ack_ok) {
			t->cnt.drop_syn_sent++;
			return;
		}
		t->cnt.rst_rcvd++;
		t->cnt.conn_refused++;
		ns_tcp_drop(s, -ECONNREFUSED);
		return;
	}
	if (!(sg->flags & TH_SYN)) {
		t->cnt.drop_syn_sent++;
		return;
	}
	take_syn_options(s, sg);
	s->irs = sg->seq;
	s->rcv_nxt = s->rcv_adv = sg->seq + 1;
	s->snd_wl1 = sg->seq;
	s->snd_wnd = s->max_snd_wnd = sg->wnd;
	if (ack_ok) {
		uint32_t gen = s->gen;

		s->ts_rtt_seq = s->iss;
		rtt_on_ack(s, sg, sg->ack);
		s->flags &= ~SF_RTT_TIMING;
		s->snd_una = sg->ack;
		s->snd_wl2 = sg->ack;
		if (SEQ_LT(s->snd_nxt, s->snd_una))
			s->snd_nxt = s->snd_una;
		establish(s);
		s->flags |= SF_ACK_NOW;
		/* Data and FIN on a SYN-ACK are not kept (the peer resends
		 * them); see TCP.md. */
		ns_tcp_output(s);
		if (s->gen == gen)
			ns_tcp_notify_established(s);
		return;
	}
	/* Simultaneous open (RFC 9293 3.5, figure 8): answer with
	 * SYN,ACK from our ISS. */
	s->state = NS_TCP_SYN_RECEIVED;
	s->snd_nxt = s->iss;
	s->flags &= ~SF_RTT_TIMING;
	s->timer[TT_REXMT] = 0;
	ns_tcp_output(s);
}

/* Copies data into the receive ring `off` bytes past the in-order tail. */
static void rbuf_put(struct ns_tcp_sock *s, uint32_t off, const uint8_t *p,
		     uint32_t len)
{
	uint32_t pos = (s->rbuf_head + s->rbuf_len + off) % s->rbuf_size;
	uint32_t first = ns_tcp_min32(len, s->rbuf_size - pos);

	memcpy(s->rbuf + pos, p, first);
	memcpy(s->rbuf, p + first, len - first);
}

/* Records [start, end) as held out of order. Returns false if the table
 * is full and the range merges with nothing. */
static bool ooo_insert(struct ns_tcp_sock *s, uint32_t start, uint32_t end)
{
	unsigned i, j;

	for (i = 0; i < s->nooo && SEQ_LT(s->ooo[i].end, start); i++)
		;
	/* ranges[i..] end at or after start: merge what touches. */
	if (i < s->nooo && SEQ_LEQ(s->ooo[i].start, end)) {
		if (SEQ_LT(start, s->ooo[i].start))
			s->ooo[i].start = start;
		if (SEQ_GT(end, s->ooo[i].end))
			s->ooo[i].end = end;
		for (j = i + 1;
		     j < s->nooo && SEQ_LEQ(s->ooo[j].start, s->ooo[i].end);
		     j++)
			if (SEQ_GT(s->ooo[j].end, s->ooo[i].end))
				s->ooo[i].end = s->ooo[j].end;
		memmove(&s->ooo[i + 1], &s->ooo[j],
			(s->nooo - j) * sizeof(s->ooo[0]));
		s->nooo -= j - i - 1;
		return true;
	}
	if (s->nooo == s->ooo_max)
		return false;
	memmove(&s->ooo[i + 1], &s->ooo[i], (s->nooo - i) * sizeof(s->ooo[0]));
	s->ooo[i].start = start;
	s->ooo[i].end = end;
	s->nooo++;
	return true;
}

/* Moves rcv_nxt over out-of-order ranges it has reached. Returns true if
 * any range was consumed (a hole was filled). */
static bool ooo_advance(struct ns_tcp_sock *s)
{
	bool filled = false;

	while (s->nooo && SEQ_LEQ(s->ooo[0].start, s->rcv_nxt)) {
		if (SEQ_GT(s->ooo[0].end, s->rcv_nxt)) {
			s->rbuf_len += s->ooo[0].end - s->rcv_nxt;
			s->rcv_nxt = s->ooo[0].end;
		}
		memmove(&s->ooo[0], &s->ooo[1],
			(s->nooo - 1) * sizeof(s->ooo[0]));
		s->nooo--;
		filled = true;
	}
	return filled;
}

/* The peer's FIN is next in sequence: consume it (RFC 9293 3.10.7.4,
 * eighth step). */
static void take_fin(struct ns_tcp_sock *s, unsigned *ev)
{
	s->rcv_nxt++;
	s->flags |= SF_RCVD_FIN | SF_ACK_NOW;
	s->flags &= ~SF_OOO_FIN;
	*ev |= EV_READABLE;
	switch (s->state) {
	case NS_TCP_SYN_RECEIVED:
	case NS_TCP_ESTABLISHED:
		s->state = NS_TCP_CLOSE_WAIT;
		break;
	case NS_TCP_FIN_WAIT_1:
		if (s->flags & SF_FIN_ACKED) {
			ns_tcp_enter_timewait(s);
			*ev |= EV_CLOSED;
		} else {
			s->state = NS_TCP_CLOSING; /* simultaneous close */
		}
		break;
	case NS_TCP_FIN_WAIT_2:
		ns_tcp_enter_timewait(s);
		*ev |= EV_CLOSED;
		break;
	case NS_TCP_TIME_WAIT:
		ns_tcp_enter_timewait(s); /* restart 2 MSL */
		break;
	default:
		break;
	}
}

static void data_input(struct ns_tcp_sock *s, const struct ns_tcp_seg *sg,
		       uint32_t seq, const uint8_t *data, uint32_t len,
		       unsigned *ev)
{
	struct ns_tcp *t = s->t;

	if (s->flags & SF_APP_CLOSED) {
		/* Nobody will read it: acknowledge in-order data so the
		 * peer can finish, and throw it away. */
		t->cnt.drop_after_close++;
		if (seq == s->rcv_nxt)
			s->rcv_nxt += len;
		s->flags |= SF_ACK_NOW;
		return;
	}
	if (seq == s->rcv_nxt) {
		bool had_holes = s->nooo != 0;

		rbuf_put(s, 0, data, len);
		s->rbuf_len += len;
		s->rcv_nxt += len;
		if (ooo_advance(s) || had_holes) {
			/* RFC 5681 4.2: ACK at once when filling a gap. */
			s->flags |= SF_ACK_NOW;
		} else if (++s->unacked_segs >= 2) {
			/* Every second segment (RFC 5681 4.2, RFC 1122). */
			s->flags |= SF_ACK_NOW;
		} else if (!s->timer[TT_DELACK]) {
			s->timer[TT_DELACK] = t->now + t->cfg.delack_ms;
		}
		*ev |= EV_READABLE;
		return;
	}
	/* Ahead of a hole: keep it in place, ACK at once (a dup ACK that
	 * drives the sender's fast retransmit). */
	t->cnt.ooo_segs++;
	s->flags |= SF_ACK_NOW;
	if (!ooo_insert(s, seq, seq + len)) {
		t->cnt.drop_ooo_full++;
		return;
	}
	s->sack_last = seq;
	rbuf_put(s, seq - s->rcv_nxt, data, len);
	(void)sg;
}

/* NewReno on a new cumulative ACK of `acked` bytes (snd_una and the
 * send buffer already moved). */
static void cc_new_ack(struct ns_tcp_sock *s, uint32_t ack, uint32_t acked)
{
	struct ns_tcp *t = s->t;

	if (s->flags & SF_RECOVERY) {
		if (SEQ_GEQ(ack, s->recover)) {
			/* Full ACK (RFC 6582 3.2 step 3, option 1). */
			uint32_t flight = s->snd_max - ack;

			s->flags &= ~SF_RECOVERY;
			s->cwnd = ns_tcp_min32(
			    s->ssthresh, ns_tcp_max32(flight, s->mss) + s->mss);
			s->dupacks = 0;
			return;
		}
		/* Partial ACK (step 4): resend the next hole, deflate by
		 * what was acked, add back one segment. */
		t->cnt.partial_acks++;
		s->cwnd = s->cwnd > acked ? s->cwnd - acked : 0;
		if (acked >= s->mss)
			s->cwnd += s->mss;
		if (s->cwnd < s->mss)
			s->cwnd = s->mss;
		ns_tcp_rexmit_one(s);
		ns_tcp_set_rexmt(s);
		return;
	}
	s->dupacks = 0;
	if (s->cwnd < s->ssthresh) {
		/* Slow start, RFC 3465 with L = 1 SMSS. */
		s->cwnd += ns_tcp_min32(acked, s->mss);
	} else {
		/* Congestion avoidance: one SMSS per cwnd acked. */
		s->bytes_acked += acked;
		if (s->bytes_acked >= s->cwnd) {
			s->bytes_acked -= s->cwnd;
			s->cwnd += s->mss;
		}
	}
	if (s->cwnd > (1u << 30))
		s->cwnd = 1u << 30;
}

static void cc_dup_ack(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;

	t->cnt.dup_acks++;
	s->dupacks++;
	if (s->flags & SF_RECOVERY) {
		/* Each dup ACK means a segment left the network. */
		s->cwnd += s->mss;
		ns_tcp_output(s);
		return;
	}
	if (s->dupacks < 3) {
		/* Limited Transmit (RFC 3042): each of the first two dup
		 * ACKs lets one new segment out beyond cwnd, so a small
		 * window still draws the third dup ACK instead of waiting
		 * for the RTO. New data only, within the peer's window. */
		if (s->snd_nxt == s->snd_max) {
			uint32_t ocwnd = s->cwnd;

			s->cwnd = s->snd_max - s->snd_una + s->mss;
			if (s->cwnd > ocwnd + 2u * s->mss)
				s->cwnd = ocwnd + 2u * s->mss;
			if (s->cwnd > ocwnd)
				ns_tcp_output(s);
			s->cwnd = ocwnd;
		}
		return;
	}
	if (s->dupacks != 3)
		return;
	/* RFC 6582 3.2 step 2: only for a loss after the last recovery
	 * or timeout (recover), not once more for the same window. */
	if (SEQ_LT(s->snd_una, s->recover))
		return;
	t->cnt.fast_rexmits++;
	t->cnt.recoveries++;
	s->ssthresh = ns_tcp_max32((s->snd_max - s->snd_una) / 2, 2u * s->mss);
	s->recover = s->snd_max;
	s->flags |= SF_RECOVERY;
	s->timer[TT_REXMT] = 0;
	ns_tcp_rexmit_one(s);
	if (!s->timer[TT_REXMT])
		ns_tcp_set_rexmt(s);
	s->cwnd = s->ssthresh + 3u * s->mss;
	ns_tcp_output(s);
}

/* RFC 9293 3.10.7.4 fifth step, after the RFC 5961 5.2 range check.
 * Returns false if the segment must be dropped. */
static bool ack_input(struct ns_tcp_sock *s, const struct ns_tcp_seg *sg,
		      uint32_t len, unsigned *ev)
{
	struct ns_tcp *t = s->t;
	uint32_t ack = sg->ack, wnd = sg->wnd << s->snd_wscale;

	if (SEQ_GT(ack, s->snd_max)) {
		t->cnt.drop_bad_ack++;
		ns_tcp_send_ack(s);
		return false;
	}
	if (SEQ_LT(ack, s->snd_una - s->max_snd_wnd)) {
		t->cnt.drop_bad_ack++;
		t->cnt.challenge_acks++;
		ns_tcp_send_ack(s);
		return false;
	}
	if (SEQ_GT(ack, s->snd_una)) {
		uint32_t acked = ack - s->snd_una;
		uint32_t data = ns_tcp_min32(acked, s->sbuf_len);

		rtt_on_ack(s, sg, ack);
		s->backoff = 0;
		s->sbuf_head = (s->sbuf_head + data) % s->sbuf_size;
		s->sbuf_len -= data;
		if (acked > data && (s->flags & SF_FIN_QUEUED))
			s->flags |= SF_FIN_ACKED;
		s->snd_una = ack;
		if (SEQ_LT(s->snd_nxt, s->snd_una))
			s->snd_nxt = s->snd_una;
		cc_new_ack(s, ack, acked);
		if (s->snd_una == s->snd_max) {
			if (!(s->flags & SF_PERSIST))
				s->timer[TT_REXMT] = 0;
		} else if (!(s->flags & SF_PERSIST)) {
			ns_tcp_set_rexmt(s); /* RFC 6298 5.3 */
		}
		if (data)
			*ev |= EV_WRITABLE;
	} else if (ack == s->snd_una && !len &&
		   !(sg->flags & (TH_SYN | TH_FIN)) && wnd == s->snd_wnd &&
		   s->snd_max != s->snd_una && s->snd_wnd) {
		/* RFC 5681 2: a duplicate ACK (never while the window is
		 * shut: those are answers to window probes). */
		cc_dup_ack(s);
	}
	/* Window update (RFC 9293 3.10.7.4, SND.WL1/WL2 rule). */
	if (SEQ_LT(s->snd_wl1, sg->seq) ||
	    (s->snd_wl1 == sg->seq && SEQ_LEQ(s->snd_wl2, ack))) {
		bool opened = !s->snd_wnd && wnd;

		s->snd_wnd = wnd;
		s->snd_wl1 = sg->seq;
		s->snd_wl2 = ack;
		if (wnd > s->max_snd_wnd)
			s->max_snd_wnd = wnd;
		if (opened && (s->flags & SF_PERSIST)) {
			s->flags &= ~SF_PERSIST;
			s->timer[TT_REXMT] = 0;
			s->backoff = 0;
			if (s->snd_max != s->snd_una)
				ns_tcp_set_rexmt(s);
		}
	}
	if (!(s->flags & SF_FIN_ACKED))
		return true;
	switch (s->state) {
	case NS_TCP_FIN_WAIT_1:
		s->state = NS_TCP_FIN_WAIT_2;
		s->timer[TT_REXMT] = 0;
		if (s->flags & SF_APP_CLOSED)
			s->timer[TT_2MSL] = t->now + t->cfg.fin_wait2_ms;
		break;
	case NS_TCP_CLOSING:
		ns_tcp_enter_timewait(s);
		*ev |= EV_CLOSED;
		break;
	case NS_TCP_LAST_ACK:
		*ev |= EV_FREE;
		return false;
	default:
		break;
	}
	return true;
}

static void rst_input(struct ns_tcp_sock *s, uint32_t seq)
{
	struct ns_tcp *t = s->t;

	/* RFC 5961 3.2: only an exact match resets; others in the window
	 * get a challenge ACK (a real peer answers it with an exact RST). */
	if (seq != s->rcv_nxt) {
		t->cnt.drop_bad_rst++;
		t->cnt.challenge_acks++;
		ns_tcp_send_ack(s);
		return;
	}
	t->cnt.rst_rcvd++;
	switch (s->state) {
	case NS_TCP_SYN_RECEIVED:
		if (s->flags & SF_PASSIVE) {
			ns_tcp_free(s); /* back to LISTEN: just forget it */
			return;
		}
		t->cnt.conn_refused++;
		ns_tcp_drop(s, -ECONNREFUSED);
		return;
	case NS_TCP_TIME_WAIT:
		/* RFC 1337: a RST must not cut TIME_WAIT short. */
		t->cnt.drop_bad_rst++;
		return;
	default:
		t->cnt.conn_reset++;
		ns_tcp_drop(s, -ECONNRESET);
		return;
	}
}

static void conn_input(struct ns_tcp_sock *s, const struct ns_tcp_seg *sg)
{
	struct ns_tcp *t = s->t;
	uint32_t seq = sg->seq, len = sg->len, wnd, gen;
	const uint8_t *data = sg->data;
	uint8_t flags = sg->flags;
	unsigned ev = 0;
	bool ok;

	if (s->state == NS_TCP_SYN_SENT) {
		syn_sent_input(s, sg);
		return;
	}
	/* The peer's SYN again: our SYN-ACK was lost, resend it now. */
	if (s->state == NS_TCP_SYN_RECEIVED && (flags & TH_SYN) &&
	    !(flags & (TH_ACK | TH_RST)) && seq == s->irs) {
		t->cnt.dup_segs++;
		s->snd_nxt = s->iss;
		ns_tcp_output(s);
		return;
	}
	/* A new SYN for a TIME_WAIT 4-tuple past its old sequence space
	 * reopens it (RFC 9293 3.6.1, as BSD). */
	if (s->state == NS_TCP_TIME_WAIT && (flags & TH_SYN) &&
	    !(flags & (TH_ACK | TH_RST)) && SEQ_GT(seq, s->rcv_nxt)) {
		struct ns_tcp_sock *l = ns_tcp_lookup_listener(t, sg->dport);

		if (l) {
			ns_tcp_free(s);
			listen_input(l, sg);
			return;
		}
	}

	/* RFC 7323 3.2: once timestamps are in use, a non-RST segment
	 * without them SHOULD be dropped silently. */
	if ((s->flags & SF_TS) && !sg->ts && !(flags & TH_RST)) {
		t->cnt.drop_no_ts++;
		return;
	}

	/* First: sequence acceptability (RFC 9293 3.10.7.4 table). */
	wnd = ns_tcp_rcv_space(s);
	{
		uint32_t slen = len + !!(flags & TH_SYN) + !!(flags & TH_FIN);
		uint32_t end = s->rcv_nxt + wnd;

		if (!slen)
			ok = wnd ? SEQ_GEQ(seq, s->rcv_nxt) && SEQ_LT(seq, end)
				 : seq == s->rcv_nxt;
		else if (!wnd)
			ok = false;
		else
			ok = (SEQ_GEQ(seq, s->rcv_nxt) && SEQ_LT(seq, end)) ||
			     (SEQ_GEQ(seq + slen - 1, s->rcv_nxt) &&
			      SEQ_LT(seq + slen - 1, end));
		/* A shut window still takes ACKs and RSTs: keep the
		 * control part of an in-sequence segment (a window probe
		 * gets our ACK with the window in it). */
		if (!ok && !wnd && seq == s->rcv_nxt) {
			ok = true;
			len = 0;
			flags &= (uint8_t) ~(TH_FIN | TH_SYN);
			s->flags |= SF_ACK_NOW;
		}
		if (!ok) {
			if (SEQ_LEQ(seq + slen, s->rcv_nxt))
				t->cnt.dup_segs++;
			else
				t->cnt.drop_out_of_window++;
			if (!(flags & TH_RST))
				ns_tcp_send_ack(s);
			return;
		}
	}
	/* RFC 7323 4.3 (2): an acceptable segment that covers Last.ACK.sent
	 * sets TS.Recent, so we echo the time of the segment that drew our
	 * ACK; one beyond a hole does not (we echo the earlier time), nor
	 * does an older TSval (a reordered old segment). Not PAWS: a
	 * segment is never refused for its TSval (see TCP.md). */
	if ((s->flags & SF_TS) && sg->ts && SEQ_LEQ(seq, s->last_ack_sent) &&
	    SEQ_GEQ(sg->tsval, s->ts_recent))
		s->ts_recent = sg->tsval;
	/* Second: RST. */
	if (flags & TH_RST) {
		rst_input(s, seq);
		return;
	}
	/* Trim to the window: drop what we already have at the front and
	 * what does not fit at the back. */
	if (SEQ_LT(seq, s->rcv_nxt)) {
		uint32_t cut = s->rcv_nxt - seq;

		if (flags & TH_SYN) {
			flags &= (uint8_t)~TH_SYN;
			seq++;
			cut--;
		}
		if (cut > len) {
			flags &= (uint8_t)~TH_FIN; /* old FIN */
			cut = len;
		}
		data += cut;
		len -= cut;
		seq += cut;
	}
	if (SEQ_GT(seq + len, s->rcv_nxt + wnd)) {
		len = s->rcv_nxt + wnd - seq;
		flags &= (uint8_t)~TH_FIN;
	}
	ns_tcp_keep_reset(s);
	/* Fourth: a SYN in a synchronized state (RFC 5961 4, RFC 9293):
	 * challenge ACK, drop. */
	if (flags & TH_SYN) {
		t->cnt.drop_syn_in_window++;
		t->cnt.challenge_acks++;
		ns_tcp_send_ack(s);
		return;
	}
	/* Fifth: ACK. */
	if (!(flags & TH_ACK)) {
		t->cnt.drop_no_ack++;
		return;
	}
	if (s->state == NS_TCP_SYN_RECEIVED) {
		if (!SEQ_GT(sg->ack, s->snd_una) ||
		    SEQ_GT(sg->ack, s->snd_max)) {
			t->cnt.drop_bad_ack++;
			ns_tcp_respond_rst(t, sg);
			return;
		}
		rtt_on_ack(s, sg, sg->ack);
		s->flags &= ~SF_RTT_TIMING;
		s->snd_una = sg->ack;
		s->snd_wnd = sg->wnd << s->snd_wscale;
		s->max_snd_wnd = ns_tcp_max32(s->max_snd_wnd, s->snd_wnd);
		s->snd_wl1 = seq;
		s->snd_wl2 = sg->ack;
		establish(s);
		ev |= EV_CONNECTED;
	}
	{
		struct ns_tcp_seg a = *sg;

		a.seq = seq;
		a.flags = flags;
		if (!ack_input(s, &a, len, &ev))
			goto out;
	}
	if (s->state == NS_TCP_TIME_WAIT && (flags & TH_FIN)) {
		/* A retransmitted FIN: ACK it and restart 2 MSL. */
		ns_tcp_enter_timewait(s);
		ns_tcp_send_ack(s);
		return;
	}
	/* Seventh: text (URG is treated as ordinary data; see TCP.md). */
	if (len &&
	    (s->state == NS_TCP_ESTABLISHED || s->state == NS_TCP_FIN_WAIT_1 ||
	     s->state == NS_TCP_FIN_WAIT_2))
		data_input(s, sg, seq, data, len, &ev);
	else if (len)
		t->cnt.drop_after_close++; /* data after the peer's FIN */
	/* Eighth: FIN, in order only; one ahead of a hole waits. */
	if ((flags & TH_FIN) && !(s->flags & SF_RCVD_FIN)) {
		if (seq + len == s->rcv_nxt) {
			take_fin(s, &ev);
		} else if (SEQ_GT(seq + len, s->rcv_nxt)) {
			s->flags |= SF_OOO_FIN;
			s->rcv_fin_seq = seq + len;
		}
	}
	if ((s->flags & SF_OOO_FIN) && s->rcv_nxt == s->rcv_fin_seq &&
	    !(s->flags & SF_RCVD_FIN))
		take_fin(s, &ev);
out:
	gen = s->gen;
	if (!(ev & EV_FREE))
		ns_tcp_output(s);
	if (s->gen != gen)
		return;
	if (ev & EV_CONNECTED) {
		ns_tcp_notify_established(s);
		if (s->gen != gen)
			return;
	}
	if (ev & EV_READABLE) {
		ns_tcp_notify_readable(s);
		if (s->gen != gen)
			return;
	}
	if (ev & EV_WRITABLE) {
		ns_tcp_notify_writable(s);
		if (s->gen != gen)
			return;
	}
	if (ev & EV_FREE) {
		ns_tcp_drop(s, 0);
		return;
	}
	if ((ev & EV_CLOSED) &&
	    (s->flags & (SF_NOTIFIED | SF_APP_CLOSED)) == SF_NOTIFIED) {
		/* Both sides closed: the app is done with the handle, the
		 * block stays for TIME_WAIT. */
		s->flags |= SF_APP_CLOSED | SF_DYING;
		if (s->cb.closed)
			s->cb.closed(s->arg, s, 0);
		if (s->gen == gen)
			s->flags &= ~SF_DYING;
	}
}

void ns_tcp_input(struct ns_tcp *t, uint32_t src, uint32_t dst,
		  const uint8_t *seg, size_t size, uint64_t now_ms)
{
	struct ns_tcp_seg sg;
	struct ns_tcp_sock *s;
	size_t hl;

	t->now = now_ms;
	t->cnt.segs_in++;
	if (size < NS_TCP_HDR || size > 65535) {
		t->cnt.drop_short++;
		return;
	}
	if (ns_csum_fold(ns_csum_add(
		ns_csum_pseudo(src, dst, 6, (uint16_t)size), seg, size)) != 0) {
		t->cnt.drop_bad_csum++;
		return;
	}
	hl = (size_t)(seg[12] >> 4) * 4;
	if (hl < NS_TCP_HDR || hl > size) {
		t->cnt.drop_bad_hlen++;
		return;
	}
	memset(&sg, 0, sizeof(sg));
	sg.src = src;
	sg.dst = dst;
	sg.sport = get16(seg);
	sg.dport = get16(seg + 2);
	sg.seq = get32(seg + 4);
	sg.ack = get32(seg + 8);
	sg.flags = seg[13] & 0x3f; /* ECE/CWR unused: no ECN */
	sg.wnd = get16(seg + 14);
	sg.data = seg + hl;
	sg.len = (uint32_t)(size - hl);
	if (ns_tcp_parse_options(seg + NS_TCP_HDR, hl - NS_TCP_HDR,
				 sg.flags & TH_SYN, &sg) < 0) {
		t->cnt.drop_bad_options++;
		return;
	}
	/* Contradictory flags, and port 0, are never legitimate. */
	if (((sg.flags & TH_SYN) && (sg.flags & (TH_FIN | TH_RST))) ||
	    !sg.sport || !sg.dport) {
		t->cnt.drop_bad_flags++;
		return;
	}
	if (!ns_tcp_is_local(t, dst)) {
		t->cnt.drop_not_local++;
		return;
	}
	t->cnt.bytes_in += sg.len;
	s = ns_tcp_lookup(t, dst, sg.dport, src, sg.sport);
	if (s) {
		conn_input(s, &sg);
		return;
	}
	s = ns_tcp_lookup_listener(t, sg.dport);
	if (s) {
		listen_input(s, &sg);
		return;
	}
	t->cnt.drop_no_socket++;
	ns_tcp_respond_rst(t, &sg);
}

void ns_tcp_icmp_error(struct ns_tcp *t, uint8_t type, uint8_t code,
		       uint32_t src, uint32_t dst, const uint8_t *inner,
		       size_t inner_size, uint16_t mtu)
{
	struct ns_tcp_sock *s;
	uint32_t seq;

	if (inner_size < 8)
		return;
	s = ns_tcp_lookup(t, src, get16(inner), dst, get16(inner + 2));
	if (!s)
		return;
	seq = get32(inner + 4);
	/* RFC 5927 4.1: only for data we have in flight. */
	if (SEQ_LT(seq, s->snd_una) ||
	    (SEQ_GEQ(seq, s->snd_max) && s->snd_max != s->snd_una))
		return;
	t->cnt.icmp_errors++;
	if (type == 3 && code == 4) {
		/* Fragmentation needed: PMTUD (RFC 1191). */
		uint32_t opt = (s->flags & SF_TS) ? NS_TCP_TS_OPT_SIZE : 0;

		if (mtu >= 68 + 40 && (uint32_t)mtu - 40 - opt < s->mss) {
			s->mss = (uint16_t)(ns_tcp_max32(mtu - 40u, 64) - opt);
			s->snd_nxt = s->snd_una;
			ns_tcp_output(s);
		}
		return;
	}
	if (type == 3 && (code == 2 || code == 3) &&
	    s->state == NS_TCP_SYN_SENT) {
		/* Protocol or port unreachable answering our SYN: a hard
		 * error (RFC 1122 4.2.3.9). */
		t->cnt.conn_refused++;
		ns_tcp_drop(s, -ECONNREFUSED);
		return;
	}
	s->soft_err = (type == 3 && code == 0) ? -ENETUNREACH : -EHOSTUNREACH;
}
