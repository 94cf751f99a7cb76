/* Worker threads of of-controller: one libevent event_base and one core
 * worker (struct ctl_worker) per thread. The main thread accepts sockets
 * and hands each to a worker, round-robin; from then on the socket, its
 * channel and its switch live on that worker's thread only, so the
 * per-message path takes no lock. The hand-off queue is the one place the
 * main thread and a worker share (a mutex plus event_active()). */
#ifndef UX_WORKER_H
#define UX_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chan.h"
#include "ctl.h"
#include "loop.h"

struct event_base;
struct event;
struct ssl_ctx_st;

/* A socket accepted by the main thread, queued for a worker. */
struct ux_handoff {
	int fd;
	struct ssl_ctx_st *tls;	 /* NULL: plain TCP */
	char peer[UX_PEER_SIZE]; /* "tcp:IP:PORT" or "ssl:IP:PORT" */
	struct ux_handoff *next;
};

struct ux_worker {
	unsigned index;
	char tag[12]; /* "w0": names the thread in log lines */
	pthread_t thread;
	bool running;
	struct event_base *base;
	struct ux_loop loop; /* channels of this worker, on base */
	struct ctl_worker *cw;
	struct ux_core_timer timer; /* the core's next deadline */
	struct event *handoff_ev;
	struct event *stop_ev;
	/* Optional extension on this worker's loop (direct mode's netstack,
	 * unix/net_tap.h), set before the threads start: `done` runs in
	 * ux_worker_core_done (flushes its channels), `stop` when the worker
	 * is asked to stop, before the loop's own channels are closed. */
	void (*ext_done)(void *arg);
	void (*ext_stop)(void *arg);
	void *ext_arg;
	pthread_mutex_t lock; /* guards q_head/q_tail only */
	struct ux_handoff *q_head, *q_tail;
};

/* The upper layer of a worker's channels (ctx: the struct ux_worker):
 * ctl_conn_open/input/closed, and ux_worker_core_done after each. */
extern const struct ux_upper ux_worker_upper;

/* All workers, and the round-robin cursor of the main thread. */
struct ux_workers {
	struct ux_worker **w;
	unsigned n;
	unsigned next;
};

/* Creates `n` workers of controller `ctl` (event bases, core workers),
 * without starting their threads. Returns 0, or -ENOMEM/-EIO with a reason
 * in err (everything created so far is destroyed). Call
 * evthread_use_pthreads() first. */
int ux_workers_create(struct ux_workers *set, struct ctl *ctl, unsigned n,
		      char *err, size_t err_size);

/* Starts one thread per worker. Returns 0 or -errno (with a reason in
 * err; threads already started keep running: stop them as usual). */
int ux_workers_start(struct ux_workers *set, char *err, size_t err_size);

/* Hands accepted socket `fd` to the next worker (main thread only). The
 * worker owns fd from here on, also when this fails (it is then closed). */
void ux_workers_submit(struct ux_workers *set, int fd, struct ssl_ctx_st *tls,
		       const char *peer);

/* Asks every running worker to close all its connections (each one's
 * switch goes down through ctl_conn_closed()) and waits for its thread to
 * end. */
void ux_workers_stop(struct ux_workers *set);

/* Frees workers whose threads are stopped (or never started). */
void ux_workers_destroy(struct ux_workers *set);

/* Runs after every call into the core on worker `w` (the upper layer's
 * after hook): writes the output of every channel marked dirty, then
 * re-arms the worker's timer from ctl_worker_next_timeout(). */
void ux_worker_core_done(struct ux_worker *w);

#endif
