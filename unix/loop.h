/* The per-event-loop context that channels live on, shared by both
 * daemons: of-controller's worker threads embed one each (worker.h),
 * of-switch's single loop has one (agent.h). It holds the event base, the
 * read buffer the loop's channels share, the list of every channel and
 * the list of channels with output not yet written ("dirty").
 *
 * Also here: the core timer, one libevent timer re-armed from a core's
 * "milliseconds until the next deadline" after every call into the core.
 *
 * Everything runs on the loop's thread. */
#ifndef UX_LOOP_H
#define UX_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

struct ux_chan;

/* Read buffer shared by the channels of one loop (input is handed to the
 * core, which copies what it keeps, before the next read). */
#define UX_READ_BUF_SIZE (128u * 1024)

struct ux_loop {
	struct event_base *base; /* not owned */
	uint8_t *rbuf;		 /* UX_READ_BUF_SIZE bytes */
	struct ux_chan *chans;	 /* every channel of this loop */
	size_t n_chans;
	struct ux_chan *dirty; /* channels with output not yet written */
};

/* Prepares `l` for channels on `base` (which the caller keeps owning).
 * Returns 0 or -ENOMEM. */
int ux_loop_init(struct ux_loop *l, struct event_base *base);

/* Frees what ux_loop_init allocated. Destroy the channels first
 * (ux_loop_destroy_all). */
void ux_loop_fini(struct ux_loop *l);

/* Writes the output of every dirty channel (as much as each socket
 * takes). Never calls into a core: call it from the upper layer's after
 * hook. */
void ux_loop_flush(struct ux_loop *l);

/* Tears every channel down at once, without flushing (each open one is
 * reported closed to its upper layer, see ux_chan_destroy). */
void ux_loop_destroy_all(struct ux_loop *l);

/* Tears down the channels that are still connecting or in their TLS
 * handshake (their upper layer sees an abort, not a close). Open
 * channels are left alone. */
void ux_loop_abort_pending(struct ux_loop *l);

/* A core's timer: one libevent timer and the absolute time it is armed
 * for, so that re-arming for the same deadline costs nothing. */
struct ux_core_timer {
	struct event *ev;
	uint64_t at; /* plat_now_ms() it fires at; UINT64_MAX: not armed */
};

/* Creates the timer on `base`; `cb(arg)` runs when it fires (call
 * ux_core_timer_fired first thing). Returns 0 or -ENOMEM. */
int ux_core_timer_init(struct ux_core_timer *t, struct event_base *base,
		       void (*cb)(evutil_socket_t, short, void *), void *arg);

/* Arms the timer `timeout_ms` from now (UINT64_MAX: disarms it). */
void ux_core_timer_arm(struct ux_core_timer *t, uint64_t timeout_ms);

/* Records that the timer fired (it is no longer armed). */
void ux_core_timer_fired(struct ux_core_timer *t);

/* Frees the timer (safe on a zeroed struct). */
void ux_core_timer_fini(struct ux_core_timer *t);

#endif
