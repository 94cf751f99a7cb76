/* Worker threads: event loops, the core's timer, hand-off of accepted
 * sockets, and stopping (see worker.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "chan.h"
#include "plat_unix.h"
#include "worker.h"

/* ---- on the worker's thread --------------------------------------------- */

/* Writes dirty channels, then re-arms the timer (see worker.h). */
void ux_worker_core_done(struct ux_worker *w)
{
	if (w->ext_done)
		w->ext_done(w->ext_arg);
	ux_loop_flush(&w->loop);
	ux_core_timer_arm(&w->timer, ctl_worker_next_timeout(w->cw));
}

static void *up_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
		       const char *peer)
{
	struct ux_worker *w = ctx;

	return ctl_conn_open(w->cw, ops, impl, peer);
}

static void up_input(void *handle, const uint8_t *data, size_t size)
{
	ctl_conn_input(handle, data, size);
}

static void up_closed(void *handle)
{
	ctl_conn_closed(handle);
}

static void up_after(void *ctx)
{
	ux_worker_core_done(ctx);
}

const struct ux_upper ux_worker_upper = {
    .opened = up_opened,
    .input = up_input,
    .closed = up_closed,
    .after = up_after,
};

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ux_worker *w = arg;

	(void)fd;
	(void)what;
	ux_core_timer_fired(&w->timer);
	ctl_worker_run(w->cw);
	ux_worker_core_done(w);
}

/* Takes the whole hand-off queue under the lock. */
static struct ux_handoff *take_queue(struct ux_worker *w)
{
	struct ux_handoff *q;

	pthread_mutex_lock(&w->lock);
	q = w->q_head;
	w->q_head = w->q_tail = NULL;
	pthread_mutex_unlock(&w->lock);
	return q;
}

/* Sockets from the main thread become channels. */
static void on_handoff(evutil_socket_t fd, short what, void *arg)
{
	struct ux_worker *w = arg;
	struct ux_handoff *h = take_queue(w);

	(void)fd;
	(void)what;
	while (h) {
		struct ux_handoff *next = h->next;

		(void)ux_chan_create(&w->loop, h->fd, UX_CHAN_ACCEPTED, h->tls,
				     h->peer, &ux_worker_upper, w);
		free(h);
		h = next;
	}
}

/* Closes every connection, then ends the loop. */
static void on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct ux_worker *w = arg;
	struct ux_handoff *h = take_queue(w);
	size_t n = w->loop.n_chans;

	(void)fd;
	(void)what;
	while (h) {
		struct ux_handoff *next = h->next;

		close(h->fd);
		free(h);
		h = next;
	}
	if (w->ext_stop)
		w->ext_stop(w->ext_arg);
	ux_loop_destroy_all(&w->loop);
	ux_worker_core_done(w);
	if (n)
		ux_log(PLAT_LOG_DEBUG, "closed %zu connections", n);
	event_base_loopbreak(w->base);
}

static void *worker_main(void *arg)
{
	struct ux_worker *w = arg;

	ux_log_set_tag(w->tag);
	event_base_loop(w->base, EVLOOP_NO_EXIT_ON_EMPTY);
	return NULL;
}

/* ---- on the main thread ------------------------------------------------- */

static void worker_free(struct ux_worker *w)
{
	if (!w)
		return;
	for (struct ux_handoff *h = take_queue(w), *next; h; h = next) {
		next = h->next;
		close(h->fd);
		free(h);
	}
	if (w->cw)
		ctl_worker_destroy(w->cw);
	ux_core_timer_fini(&w->timer);
	if (w->handoff_ev)
		event_free(w->handoff_ev);
	if (w->stop_ev)
		event_free(w->stop_ev);
	if (w->base)
		event_base_free(w->base);
	pthread_mutex_destroy(&w->lock);
	ux_loop_fini(&w->loop);
	free(w);
}

static struct ux_worker *worker_new(struct ctl *ctl, unsigned index)
{
	struct ux_worker *w = calloc(1, sizeof(*w));
	struct event_config *cfg;

	if (!w)
		return NULL;
	w->index = index;
	w->timer.at = UINT64_MAX;
	snprintf(w->tag, sizeof(w->tag), "w%u", index);
	pthread_mutex_init(&w->lock, NULL);
	/* Precise timers: the core's deadlines are in milliseconds of
	 * CLOCK_MONOTONIC, and a coarse clock would fire them early. */
	cfg = event_config_new();
	if (cfg) {
		event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
		w->base = event_base_new_with_config(cfg);
		event_config_free(cfg);
	}
	if (!w->base || ux_loop_init(&w->loop, w->base) < 0 ||
	    ux_core_timer_init(&w->timer, w->base, on_timer, w) < 0)
		goto fail;
	w->handoff_ev = event_new(w->base, -1, 0, on_handoff, w);
	w->stop_ev = event_new(w->base, -1, 0, on_stop, w);
	if (!w->handoff_ev || !w->stop_ev)
		goto fail;
	w->cw = ctl_worker_create(ctl, index);
	if (!w->cw)
		goto fail;
	return w;
fail:
	worker_free(w);
	return NULL;
}

/* Creates the workers (see worker.h). */
int ux_workers_create(struct ux_workers *set, struct ctl *ctl, unsigned n,
		      char *err, size_t err_size)
{
	memset(set, 0, sizeof(*set));
	set->w = calloc(n, sizeof(*set->w));
	if (!set->w) {
		snprintf(err, err_size, "out of memory for %u workers", n);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < n; i++) {
		set->w[i] = worker_new(ctl, i);
		if (!set->w[i]) {
			snprintf(
			    err, err_size,
			    "cannot create worker %u (event loop or memory)",
			    i);
			set->n = i;
			ux_workers_destroy(set);
			return -ENOMEM;
		}
	}
	set->n = n;
	return 0;
}

/* Starts the threads (see worker.h). Workers block every signal: the main
 * thread's loop handles SIGINT and SIGTERM. */
int ux_workers_start(struct ux_workers *set, char *err, size_t err_size)
{
	sigset_t all, old;
	int r = 0;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (unsigned i = 0; i < set->n; i++) {
		struct ux_worker *w = set->w[i];

		r = pthread_create(&w->thread, NULL, worker_main, w);
		if (r) {
			snprintf(err, err_size, "cannot start worker %u: %s", i,
				 strerror(r));
			break;
		}
		w->running = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -r;
}

/* Hands a socket to the next worker (see worker.h). */
void ux_workers_submit(struct ux_workers *set, int fd, struct ssl_ctx_st *tls,
		       const char *peer)
{
	struct ux_worker *w = set->w[set->next++ % set->n];
	struct ux_handoff *h = malloc(sizeof(*h));

	if (!h) {
		ux_log(PLAT_LOG_ERR, "%s: out of memory: connection closed",
		       peer);
		close(fd);
		return;
	}
	h->fd = fd;
	h->tls = tls;
	h->next = NULL;
	snprintf(h->peer, sizeof(h->peer), "%s", peer);
	pthread_mutex_lock(&w->lock);
	if (w->q_tail)
		w->q_tail->next = h;
	else
		w->q_head = h;
	w->q_tail = h;
	pthread_mutex_unlock(&w->lock);
	event_active(w->handoff_ev, EV_READ, 1);
}

/* Stops every worker: all at once, then waits (see worker.h). */
void ux_workers_stop(struct ux_workers *set)
{
	for (unsigned i = 0; i < set->n; i++)
		if (set->w[i]->running)
			event_active(set->w[i]->stop_ev, EV_READ, 1);
	for (unsigned i = 0; i < set->n; i++) {
		if (!set->w[i]->running)
			continue;
		pthread_join(set->w[i]->thread, NULL);
		set->w[i]->running = false;
	}
}

/* Frees stopped workers (see worker.h). */
void ux_workers_destroy(struct ux_workers *set)
{
	if (!set->w)
		return;
	for (unsigned i = 0; i < set->n; i++)
		worker_free(set->w[i]);
	free(set->w);
	memset(set, 0, sizeof(*set));
}
