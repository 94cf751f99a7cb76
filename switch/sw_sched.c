/* Queue scheduling on a port: what makes ENQUEUE's min_rate true.
 *
 * A port is scheduled when one of its queues has a min_rate, or when the
 * platform gave it a rate (sw_port_set_rate, of-switch --max-rate). Its
 * traffic is then split into classes, one per queue plus a default class
 * for everything sent without a queue, and sent through
 *  - a token bucket at the port's rate (the configured one, else the link
 *    speed the platform reports; with neither, unshaped: only the device's
 *    own back-pressure, a full transmit ring, makes frames wait), and
 *  - deficit round robin over the classes that have frames waiting, with
 *    quanta proportional to their weights: a queue's weight is its min_rate
 *    (tenths of a percent); queues without one and the default class share
 *    what the min_rates leave, at least 1% each.
 * So when the port is saturated each queue gets at least its min_rate
 * share of the rate, and what a class leaves unused goes to the others
 * (work-conserving). Traffic below the rate is never delayed: with nothing
 * waiting, a frame that has tokens goes straight to the device.
 *
 * Waiting frames are copied (one allocation each), at most SW_SCHED_DEPTH
 * per class and SW_SCHED_BYTES per port; beyond that they are dropped and
 * counted as the port's tx_dropped and the queue's tx_errors. The core
 * drains scheduled ports in sw_flush() and from its timer
 * (sw_sched_deadline: 1 ms after a drain that left frames waiting). */
#include <stdlib.h>
#include <string.h>

#include "sw_internal.h"

#define DEFAULT_CLASS SW_MAX_QUEUES
#define MIN_SHARE 10		 /* weight floor of a class: 1% */
#define BURST_MS 5		 /* bucket depth in time at the rate */
#define BURST_MIN (4 * 1518 * 8) /* ... and in bits, at least */

static bool has_min_rate(const struct sw_queue *q)
{
	return q->min_rate != 0xffff && q->min_rate > 0;
}

/* The link speed in bit/s from the OFPPF_* bits of curr; 0 if unknown. */
static uint64_t link_bps(uint32_t curr)
{
	if (curr & OFPPF_10GB_FD)
		return 10000000000ull;
	if (curr & (OFPPF_1GB_FD | OFPPF_1GB_HD))
		return 1000000000ull;
	if (curr & (OFPPF_100MB_FD | OFPPF_100MB_HD))
		return 100000000ull;
	if (curr & (OFPPF_10MB_FD | OFPPF_10MB_HD))
		return 10000000ull;
	return 0;
}

/* The class after k among those p has (its queues, then the default). */
static unsigned next_class(const struct sw_port *p, unsigned k)
{
	if (k == DEFAULT_CLASS)
		return p->n_queues ? 0 : DEFAULT_CLASS;
	return k + 1 < p->n_queues ? k + 1 : DEFAULT_CLASS;
}

static struct sw_queue *class_queue(struct sw_port *p, unsigned k)
{
	return k == DEFAULT_CLASS ? NULL : &p->queues[k];
}

/* Recomputes the scheduler (see sw_internal.h). */
void sw_sched_config(struct sw_port *p)
{
	struct sw_sched *s = &p->sched;
	unsigned sum = 0, others = 1, share;
	bool any = false;

	for (unsigned i = 0; i < p->n_queues; i++) {
		if (has_min_rate(&p->queues[i])) {
			sum += p->queues[i].min_rate;
			any = true;
		} else {
			others++;
		}
	}
	share = sum >= 1000 ? 0 : (1000 - sum) / others;
	if (share < MIN_SHARE)
		share = MIN_SHARE;
	for (unsigned i = 0; i < p->n_queues; i++) {
		unsigned w =
		    has_min_rate(&p->queues[i]) ? p->queues[i].min_rate : share;

		s->cls[i].quantum = w * SW_SCHED_QUANTUM_PER_RATE;
	}
	s->cls[DEFAULT_CLASS].quantum = share * SW_SCHED_QUANTUM_PER_RATE;
	s->rate_bps = s->cfg_bps ? s->cfg_bps : link_bps(p->info.curr);
	s->burst = (int64_t)(s->rate_bps / 1000 * BURST_MS);
	if (s->burst < BURST_MIN)
		s->burst = BURST_MIN;
	if (!s->on) {
		s->tokens = s->burst;
		s->last_ms = plat_now_ms();
		s->cur = p->n_queues ? 0 : DEFAULT_CLASS;
		s->credited = false;
	} else if (s->tokens > s->burst) {
		s->tokens = s->burst;
	}
	/* Once on it stays on while frames wait, so none is stranded. */
	s->on = any || s->cfg_bps || s->backlog;
}

static void refill(struct sw_sched *s, uint64_t now)
{
	uint64_t dt;

	if (!s->rate_bps || now <= s->last_ms)
		return;
	dt = now - s->last_ms;
	s->last_ms = now;
	if (dt > 1000)
		dt = 1000;
	s->tokens += (int64_t)(s->rate_bps / 1000 * dt);
	if (s->tokens > s->burst)
		s->tokens = s->burst;
}

static bool has_tokens(const struct sw_sched *s, size_t size)
{
	return !s->rate_bps || s->tokens >= (int64_t)size * 8;
}

static void spend(struct sw_sched *s, size_t size)
{
	if (s->rate_bps)
		s->tokens -= (int64_t)size * 8;
}

/* Counts a frame that could not be sent or kept. */
static void count_drop(struct sw_port *p, struct sw_queue *q)
{
	p->st.tx_dropped++;
	if (q)
		q->tx_errors++;
}

/* Copies the frame to the tail of class k; false if there is no room. */
static bool enqueue(struct sw_port *p, unsigned k, const uint8_t *frame,
		    size_t size)
{
	struct sw_sched *s = &p->sched;
	struct sw_class *c = &s->cls[k];
	struct sw_pending *f;

	if (c->len >= SW_SCHED_DEPTH ||
	    s->backlog_bytes + size > SW_SCHED_BYTES)
		return false;
	f = malloc(sizeof(*f) + size);
	if (!f)
		return false;
	f->next = NULL;
	f->size = size;
	memcpy(f->data, frame, size);
	if (c->tail)
		c->tail->next = f;
	else
		c->head = f;
	c->tail = f;
	c->len++;
	s->backlog++;
	s->backlog_bytes += size;
	return true;
}

static void dequeue(struct sw_sched *s, struct sw_class *c)
{
	struct sw_pending *f = c->head;

	c->head = f->next;
	if (!c->head)
		c->tail = NULL;
	c->len--;
	s->backlog--;
	s->backlog_bytes -= f->size;
	free(f);
}

/* Transmits or queues (see sw_internal.h). */
void sw_sched_tx(struct sw_port *p, struct sw_queue *q, const uint8_t *frame,
		 size_t size)
{
	struct sw_sched *s = &p->sched;
	unsigned k = q ? (unsigned)(q - p->queues) : DEFAULT_CLASS;
	uint64_t now = plat_now_ms();

	refill(s, now);
	if (!s->backlog && has_tokens(s, size) &&
	    sw_port_tx_now(p, q, frame, size)) {
		spend(s, size);
		return;
	}
	if (!enqueue(p, k, frame, size)) {
		count_drop(p, q);
		return;
	}
	if (s->backlog == 1)
		s->retry_ms = now;
}

/* Serves the classes by DRR while tokens and the device allow. */
void sw_sched_drain(struct sw_port *p, uint64_t now)
{
	struct sw_sched *s = &p->sched;
	unsigned idle = 0; /* classes visited in a row with nothing to send */

	if (!s->backlog)
		return;
	refill(s, now);
	s->retry_ms = now + 1;
	while (s->backlog) {
		struct sw_class *c = &s->cls[s->cur];
		struct sw_queue *q = class_queue(p, s->cur);

		if (!c->head) {
			c->deficit = 0;
			s->cur = next_class(p, s->cur);
			s->credited = false;
			continue;
		}
		if (!s->credited) {
			c->deficit += c->quantum;
			s->credited = true;
		}
		if (c->deficit < c->head->size) {
			/* Not this round: its deficit grows until it is. */
			s->cur = next_class(p, s->cur);
			s->credited = false;
			if (++idle > 2 * (SW_MAX_QUEUES + 1) * 64)
				break; /* cannot happen with quanta > 0 */
			continue;
		}
		idle = 0;
		if (!has_tokens(s, c->head->size))
			break;
		if (!sw_port_tx_now(p, q, c->head->data, c->head->size))
			break; /* the device is full: after its flush */
		spend(s, c->head->size);
		c->deficit -= (uint32_t)c->head->size;
		dequeue(s, c);
	}
}

/* When to drain again (see sw_internal.h). */
uint64_t sw_sched_deadline(const struct sw_port *p)
{
	return p->sched.backlog ? p->sched.retry_ms : UINT64_MAX;
}

/* Drops what waits (see sw_internal.h). */
void sw_sched_purge(struct sw_port *p)
{
	struct sw_sched *s = &p->sched;

	for (unsigned k = 0; k <= DEFAULT_CLASS; k++) {
		struct sw_class *c = &s->cls[k];

		while (c->head) {
			count_drop(p, class_queue(p, k));
			dequeue(s, c);
		}
		c->deficit = 0;
	}
}
