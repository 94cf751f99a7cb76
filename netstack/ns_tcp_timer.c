/* TCP timers: retransmission (RFC 6298) with exponential backoff, persist
 * (zero-window probes), delayed ACK, keepalive (RFC 1122 4.2.3.6),
 * TIME_WAIT and the orphaned-FIN_WAIT_2 limit. Each connection keeps one
 * absolute deadline per timer; ns_tcp_timers runs the due ones. */
#include "ns_tcp_int.h"

/* Persist intervals are bounded like BSD's (5 s .. 60 s) scaled down to
 * our RTO floor: probes must not be faster than the RTO, nor go silent. */
#define PERSIST_MIN_MS 500

static uint32_t backed_off_rto(const struct ns_tcp_sock *s)
{
	uint64_t rto = (uint64_t)s->rto << (s->backoff > 16 ? 16 : s->backoff);

	return rto > s->t->cfg.rto_max_ms ? s->t->cfg.rto_max_ms
					  : (uint32_t)rto;
}

/* (Re)starts the retransmission timer at the current backed-off RTO. */
void ns_tcp_set_rexmt(struct ns_tcp_sock *s)
{
	s->flags &= ~SF_PERSIST;
	s->timer[TT_REXMT] = s->t->now + backed_off_rto(s);
}

/* Starts the persist timer (zero-window probing). */
void ns_tcp_set_persist(struct ns_tcp_sock *s)
{
	uint32_t v = backed_off_rto(s);

	if (v < PERSIST_MIN_MS)
		v = PERSIST_MIN_MS;
	s->flags |= SF_PERSIST;
	s->timer[TT_REXMT] = s->t->now + v;
}

/* Folds one RTT measurement (ms) into SRTT/RTTVAR and recomputes the RTO
 * (RFC 6298 2.2, 2.3, with K = 4 and G = 1 ms). */
void ns_tcp_rtt_sample(struct ns_tcp_sock *s, uint32_t r)
{
	const struct ns_tcp_config *c = &s->t->cfg;
	uint32_t srtt, var, rto;

	if (r > 0x0fffffff)
		r = 0x0fffffff;
	if (!s->rtt_valid) {
		s->srtt8 = r << 3;
		s->rttvar4 = r << 1; /* R/2, times 4 */
		s->rtt_valid = true;
	} else {
		int32_t delta = (int32_t)(r << 3) - (int32_t)s->srtt8;
		uint32_t ad = (uint32_t)(delta < 0 ? -delta : delta) >> 1;

		/* rttvar4 += (|err| * 4 - rttvar4) / 4, in rttvar4 units:
		 * |err| in ms is |delta| / 8, times 4 is |delta| / 2. */
		s->rttvar4 = s->rttvar4 - (s->rttvar4 >> 2) + (ad >> 2);
		s->srtt8 = (uint32_t)((int32_t)s->srtt8 + (delta >> 3));
	}
	srtt = s->srtt8 >> 3;
	var = s->rttvar4; /* 4 * rttvar, in ms */
	rto = srtt + (var > 1 ? var : 1);
	if (rto < c->rto_min_ms)
		rto = c->rto_min_ms;
	if (rto > c->rto_max_ms)
		rto = c->rto_max_ms;
	s->rto = rto;
}

/* Enters TIME_WAIT: only the 2 MSL timer runs from now on. */
void ns_tcp_enter_timewait(struct ns_tcp_sock *s)
{
	s->state = NS_TCP_TIME_WAIT;
	s->timer[TT_REXMT] = s->timer[TT_DELACK] = s->timer[TT_KEEP] = 0;
	s->flags &= ~SF_PERSIST;
	s->timer[TT_2MSL] = s->t->now + 2ull * s->t->cfg.msl_ms;
}

/* Notes input on s for keepalive: it is not idle, and probes unanswered
 * so far are answered. */
void ns_tcp_keep_reset(struct ns_tcp_sock *s)
{
	s->last_rcv = s->t->now;
	s->keep_sent = 0;
	if ((s->flags & SF_KEEPALIVE) && ns_tcp_synchronized(s) &&
	    s->state != NS_TCP_TIME_WAIT)
		s->timer[TT_KEEP] = s->t->now + s->t->cfg.keep_idle_ms;
}

uint64_t ns_tcp_next_deadline(const struct ns_tcp *t)
{
	uint64_t d = UINT64_MAX;
	unsigned i, k;

	for (i = 0; i < t->cfg.max_socks; i++) {
		const struct ns_tcp_sock *s = &t->socks[i];

		if (!s->in_use)
			continue;
		for (k = 0; k < TT_COUNT; k++)
			if (s->timer[k] && s->timer[k] < d)
				d = s->timer[k];
	}
	return d;
}

static int timeout_err(const struct ns_tcp_sock *s)
{
	return s->soft_err ? s->soft_err : -ETIMEDOUT;
}

static void rexmt_timeout(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;
	uint32_t flight;

	if (s->flags & SF_PERSIST) {
		/* Zero-window probe: one byte past the window, forever
		 * (RFC 9293 3.8.6.1: keep probing while the peer ACKs). */
		t->cnt.window_probes++;
		s->flags &= ~SF_PERSIST;
		if (s->backoff < 16)
			s->backoff++;
		s->snd_nxt = s->snd_una;
		s->flags |= SF_FORCE;
		ns_tcp_output(s);
		s->flags &= ~SF_FORCE;
		if (!s->timer[TT_REXMT])
			ns_tcp_set_persist(s);
		return;
	}
	t->cnt.timeouts++;
	s->backoff++;
	if (s->state == NS_TCP_SYN_SENT || s->state == NS_TCP_SYN_RECEIVED) {
		if (s->backoff > t->cfg.syn_retries) {
			if (s->state == NS_TCP_SYN_SENT)
				t->cnt.conn_timeout++;
			ns_tcp_drop(s, timeout_err(s));
			return;
		}
	} else if (s->backoff > t->cfg.data_retries) {
		t->cnt.conn_timeout++;
		ns_tcp_send_ctl(s, s->snd_max, TH_RST | TH_ACK);
		ns_tcp_drop(s, timeout_err(s));
		return;
	}
	if (ns_tcp_synchronized(s) && s->backoff == 1) {
		/* RFC 5681 (4): ssthresh = max(FlightSize / 2, 2 SMSS) on
		 * the first timeout of a loss; RFC 6582 4: recover = max. */
		flight = s->snd_max - s->snd_una;
		s->ssthresh = ns_tcp_max32(flight / 2, 2u * s->mss);
		s->recover = s->snd_max;
	}
	/* RFC 5681 (5): cwnd = loss window, one segment. */
	if (ns_tcp_synchronized(s))
		s->cwnd = s->mss;
	s->flags &= ~(SF_RECOVERY | SF_RTT_TIMING);
	/* With timestamps, the ACK of this retransmission is a valid RTT
	 * sample (RFC 7323 4.1): take it, whatever the flight's mark. */
	s->ts_rtt_seq = s->snd_una;
	s->ts_rexmt = ns_tcp_ts_now(s);
	s->flags |= SF_TS_REXMT;
	s->dupacks = 0;
	s->bytes_acked = 0;
	/* Go back: resend from the oldest unacknowledged octet. */
	s->snd_nxt = s->snd_una;
	s->timer[TT_REXMT] = 0;
	ns_tcp_output(s);
	if (!s->timer[TT_REXMT] && s->snd_max != s->snd_una)
		ns_tcp_set_rexmt(s);
}

static void keep_timeout(struct ns_tcp_sock *s)
{
	struct ns_tcp *t = s->t;
	const struct ns_tcp_config *c = &t->cfg;

	if (!(s->flags & SF_KEEPALIVE) || !ns_tcp_synchronized(s) ||
	    s->state == NS_TCP_TIME_WAIT)
		return;
	if (t->now - s->last_rcv < c->keep_idle_ms) {
		s->timer[TT_KEEP] = s->last_rcv + c->keep_idle_ms;
		return;
	}
	if (s->keep_sent >= c->keep_probes) {
		t->cnt.keepalive_drops++;
		t->cnt.conn_timeout++;
		ns_tcp_send_ctl(s, s->snd_max, TH_RST | TH_ACK);
		ns_tcp_drop(s, -ETIMEDOUT);
		return;
	}
	/* RFC 1122 4.2.3.6: SEG.SEQ = SND.NXT - 1 draws an ACK from any
	 * live peer and carries no data. */
	t->cnt.keepalive_probes++;
	s->keep_sent++;
	ns_tcp_send_ctl(s, s->snd_una - 1, TH_ACK);
	s->timer[TT_KEEP] = t->now + c->keep_intvl_ms;
}

static void run_timer(struct ns_tcp_sock *s, int k)
{
	switch (k) {
	case TT_REXMT:
		rexmt_timeout(s);
		break;
	case TT_DELACK:
		s->t->cnt.acks_delayed++;
		ns_tcp_send_ack(s);
		break;
	case TT_KEEP:
		keep_timeout(s);
		break;
	case TT_2MSL:
		/* TIME_WAIT over, or an orphaned FIN_WAIT_2 gave up. */
		ns_tcp_drop(s, 0);
		break;
	}
}

void ns_tcp_timers(struct ns_tcp *t, uint64_t now_ms)
{
	unsigned i;
	int k;

	t->now = now_ms;
	for (i = 0; i < t->cfg.max_socks; i++) {
		struct ns_tcp_sock *s = &t->socks[i];
		uint32_t gen = s->gen;

		for (k = 0; k < TT_COUNT && s->in_use && s->gen == gen; k++) {
			if (s->timer[k] && s->timer[k] <= now_ms) {
				s->timer[k] = 0;
				run_timer(s, k);
			}
		}
	}
}
