/* The per-loop channel context and the core timer (see loop.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chan.h"
#include "loop.h"
#include "plat_unix.h"

#define UX_CORE_TIMER_MAX_MS (86400u * 1000)

/* Prepares a loop context (see loop.h). */
int ux_loop_init(struct ux_loop *l, struct event_base *base)
{
	memset(l, 0, sizeof(*l));
	l->base = base;
	l->rbuf = malloc(UX_READ_BUF_SIZE);
	return l->rbuf ? 0 : -ENOMEM;
}

/* Frees the read buffer (see loop.h). */
void ux_loop_fini(struct ux_loop *l)
{
	free(l->rbuf);
	l->rbuf = NULL;
}

/* Writes every dirty channel (see loop.h). */
void ux_loop_flush(struct ux_loop *l)
{
	while (l->dirty) {
		struct ux_chan *c = l->dirty;

		l->dirty = c->dirty_next;
		c->dirty_next = NULL;
		c->dirty = false;
		ux_chan_flush(c);
	}
}

/* Destroys every channel (see loop.h). */
void ux_loop_destroy_all(struct ux_loop *l)
{
	while (l->chans)
		ux_chan_destroy(l->chans);
}

/* Destroys the channels not yet opened to their upper layer (see
 * loop.h). Restarts from the head after each: a destroy may reach the
 * core, which may close (asynchronously) but never free other channels. */
void ux_loop_abort_pending(struct ux_loop *l)
{
	struct ux_chan *c = l->chans;

	while (c) {
		if (!c->opened && c->state != UX_CHAN_DEAD) {
			ux_chan_destroy(c);
			c = l->chans;
		} else {
			c = c->next;
		}
	}
}

/* Creates the core timer (see loop.h). */
int ux_core_timer_init(struct ux_core_timer *t, struct event_base *base,
		       void (*cb)(evutil_socket_t, short, void *), void *arg)
{
	t->at = UINT64_MAX;
	t->ev = evtimer_new(base, cb, arg);
	return t->ev ? 0 : -ENOMEM;
}

/* Arms the core timer (see loop.h). */
void ux_core_timer_arm(struct ux_core_timer *t, uint64_t timeout_ms)
{
	struct timeval tv;
	uint64_t at;

	if (timeout_ms == UINT64_MAX) {
		if (t->at != UINT64_MAX) {
			evtimer_del(t->ev);
			t->at = UINT64_MAX;
		}
		return;
	}
	/* The core is asked again after every call, so a far deadline can
	 * wait in steps of a day (and the sum cannot overflow). */
	if (timeout_ms > UX_CORE_TIMER_MAX_MS)
		timeout_ms = UX_CORE_TIMER_MAX_MS;
	at = plat_now_ms() + timeout_ms;
	if (at == t->at)
		return;
	tv.tv_sec = (time_t)(timeout_ms / 1000);
	tv.tv_usec = (suseconds_t)(timeout_ms % 1000) * 1000;
	evtimer_add(t->ev, &tv);
	t->at = at;
}

/* The timer fired (see loop.h). */
void ux_core_timer_fired(struct ux_core_timer *t)
{
	t->at = UINT64_MAX;
}

/* Frees the core timer (see loop.h). */
void ux_core_timer_fini(struct ux_core_timer *t)
{
	if (t->ev)
		event_free(t->ev);
	t->ev = NULL;
	t->at = UINT64_MAX;
}
