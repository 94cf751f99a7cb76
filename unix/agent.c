/* of-switch's channels, controllers and core timer (see agent.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "agent.h"
#include "chan.h"
#include "plat_unix.h"

/* One --controller target: the core's struct sw_ctlr_ops impl. */
struct ux_ctlr {
	struct ux_agent *agent;
	struct ux_target t;
	char name[UX_TARGET_STR_SIZE];
	struct ssl_ctx_st *tls; /* client context for ssl:, else NULL */
	int index;		/* the core's controller index */
	struct event *fail_ev;	/* reports a failure found inside connect() */
	char why[UX_WHY_SIZE];
};

/* ---- the core timer and the after hook ------------------------------- */

/* Flushes channels and re-arms the timer (see agent.h). */
void ux_agent_after(void *ctx)
{
	struct ux_agent *a = ctx;

	ux_loop_flush(&a->loop);
	ux_core_timer_arm(&a->timer, sw_next_timeout(a->sw));
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ux_agent *a = arg;

	(void)fd;
	(void)what;
	ux_core_timer_fired(&a->timer);
	sw_run(a->sw);
	ux_agent_after(a);
}

/* ---- upper layers: what channels call ---------------------------------- */

static void up_input(void *handle, const uint8_t *data, size_t size)
{
	sw_conn_input(handle, data, size);
}

static void up_closed(void *handle)
{
	sw_conn_closed(handle);
}

/* Management connections (ctx: the agent). */
static void *mgmt_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
			 const char *peer)
{
	struct ux_agent *a = ctx;

	return sw_conn_open(a->sw, ops, impl, peer);
}

static const struct ux_upper mgmt_upper = {
    .opened = mgmt_opened,
    .input = up_input,
    .closed = up_closed,
    .after = ux_agent_after,
};

/* Snoop connections (ctx: the agent). */
static void *snoop_opened(void *ctx, const struct plat_chan_ops *ops,
			  void *impl, const char *peer)
{
	struct ux_agent *a = ctx;

	return sw_snoop_open(a->sw, ops, impl, peer);
}

static const struct ux_upper snoop_upper = {
    .opened = snoop_opened,
    .input = up_input,
    .closed = up_closed,
    .after = ux_agent_after,
};

/* Controller connections (ctx: the struct ux_ctlr). */
static void *ctlr_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
			 const char *peer)
{
	struct ux_ctlr *c = ctx;

	(void)peer;
	return sw_ctlr_connected(c->agent->sw, (unsigned)c->index, ops, impl);
}

static void ctlr_aborted(void *ctx, const char *why)
{
	struct ux_ctlr *c = ctx;

	sw_ctlr_failed(c->agent->sw, (unsigned)c->index, why);
}

static void ctlr_after(void *ctx)
{
	struct ux_ctlr *c = ctx;

	ux_agent_after(c->agent);
}

static const struct ux_upper ctlr_upper = {
    .opened = ctlr_opened,
    .input = up_input,
    .closed = up_closed,
    .aborted = ctlr_aborted,
    .after = ctlr_after,
};

/* ---- connecting to controllers ----------------------------------------- */

/* A failure found inside connect(): reported from the loop, since the
 * core must not be called back from inside its own call. */
static void on_fail(evutil_socket_t fd, short what, void *arg)
{
	struct ux_ctlr *c = arg;

	(void)fd;
	(void)what;
	sw_ctlr_failed(c->agent->sw, (unsigned)c->index, c->why);
	ux_agent_after(c->agent);
}

__attribute__((format(printf, 2, 3))) static void
fail_later(struct ux_ctlr *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	event_active(c->fail_ev, EV_TIMEOUT, 1);
}

/* sw_ctlr_ops.connect: starts one attempt; the outcome reaches the core
 * later, through the channel (opened or aborted) or on_fail. */
static void ctlr_connect(void *impl)
{
	struct ux_ctlr *c = impl;
	int one = 1, fd, r;

	fd = socket(c->t.addr.ss_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fail_later(c, "socket: %s", strerror(errno));
		return;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	do {
		r = connect(fd, (const struct sockaddr *)&c->t.addr,
			    c->t.addr_size);
	} while (r < 0 && errno == EINTR);
	if (r < 0 && errno != EINPROGRESS) {
		fail_later(c, "connect: %s", strerror(errno));
		close(fd);
		return;
	}
	/* Even a connect() that completed at once goes through the
	 * channel's writability check, so nothing reaches the core from
	 * here. */
	if (!ux_chan_create(&c->agent->loop, fd, UX_CHAN_OUTGOING, c->tls,
			    c->name, &ctlr_upper, c))
		fail_later(c, "out of memory");
}

static const struct sw_ctlr_ops ctlr_ops = {
    .connect = ctlr_connect,
};

/* Registers a controller (see agent.h). */
int ux_agent_add_controller(struct ux_agent *a, const struct ux_target *t,
			    struct ssl_ctx_st *tls, char *err, size_t err_size)
{
	struct ux_ctlr *c;

	if (a->n_ctlrs == SW_MAX_CONTROLLERS) {
		snprintf(err, err_size, "at most %d controllers",
			 SW_MAX_CONTROLLERS);
		return -ENOSPC;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	c->agent = a;
	c->t = *t;
	c->tls = tls;
	ux_target_format(t, c->name, sizeof(c->name));
	c->fail_ev = event_new(a->loop.base, -1, 0, on_fail, c);
	if (!c->fail_ev) {
		free(c);
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	/* The core may call connect() from inside sw_add_controller; the
	 * index is only needed later, when the attempt is reported. */
	a->ctlrs[a->n_ctlrs++] = c;
	c->index = sw_add_controller(a->sw, c->name, &ctlr_ops, c);
	if (c->index < 0) {
		/* Refused: the core has not called connect(). */
		a->n_ctlrs--;
		event_free(c->fail_ev);
		free(c);
		snprintf(err, err_size,
			 "the switch refused the controller "
			 "(too many, or out of memory)");
		return -ENOMEM;
	}
	ux_agent_after(a);
	return 0;
}

/* ---- management connections -------------------------------------------- */

/* Opens an accepted socket as a management channel (see agent.h). */
void ux_agent_accept(void *ctx, int fd, struct ssl_ctx_st *tls,
		     const char *peer)
{
	struct ux_agent *a = ctx;

	(void)ux_chan_create(&a->loop, fd, UX_CHAN_ACCEPTED, tls, peer,
			     &mgmt_upper, a);
}

/* Opens an accepted socket as a snoop channel (see agent.h). */
void ux_agent_accept_snoop(void *ctx, int fd, struct ssl_ctx_st *tls,
			   const char *peer)
{
	struct ux_agent *a = ctx;

	(void)ux_chan_create(&a->loop, fd, UX_CHAN_ACCEPTED, tls, peer,
			     &snoop_upper, a);
}

/* ---- life cycle ---------------------------------------------------------- */

/* Prepares the agent (see agent.h). */
int ux_agent_init(struct ux_agent *a, struct event_base *base, struct sw *sw)
{
	memset(a, 0, sizeof(*a));
	a->sw = sw;
	a->timer.at = UINT64_MAX;
	if (ux_loop_init(&a->loop, base) < 0 ||
	    ux_core_timer_init(&a->timer, base, on_timer, a) < 0) {
		ux_loop_fini(&a->loop);
		ux_core_timer_fini(&a->timer);
		return -ENOMEM;
	}
	return 0;
}

static void on_shutdown_deadline(evutil_socket_t fd, short what, void *arg)
{
	bool *expired = arg;

	(void)fd;
	(void)what;
	*expired = true;
}

/* Closes everything in order (see agent.h). */
void ux_agent_shutdown(struct ux_agent *a, unsigned max_ms)
{
	struct timeval tv = {max_ms / 1000, (max_ms % 1000) * 1000};
	bool expired = false;
	struct event *deadline;

	/* Attempts in progress: the core stops retrying after
	 * sw_shutdown(), so they only need to be abandoned. */
	sw_shutdown(a->sw);
	ux_agent_after(a);
	ux_loop_abort_pending(&a->loop);
	for (size_t i = 0; i < a->n_ctlrs; i++)
		event_del(a->ctlrs[i]->fail_ev);
	deadline = evtimer_new(a->loop.base, on_shutdown_deadline, &expired);
	if (deadline)
		evtimer_add(deadline, &tv);
	while (deadline && a->loop.n_chans && !expired)
		event_base_loop(a->loop.base, EVLOOP_ONCE);
	if (deadline)
		event_free(deadline);
	if (a->loop.n_chans)
		ux_log(PLAT_LOG_INFO,
		       "%zu connections still open after %u ms: "
		       "closed",
		       a->loop.n_chans, max_ms);
	ux_loop_destroy_all(&a->loop);
	ux_core_timer_arm(&a->timer, UINT64_MAX);
}

/* Frees the agent's state (see agent.h). Channels are gone by now
 * (ux_agent_shutdown), so this never reaches the core. */
void ux_agent_fini(struct ux_agent *a)
{
	ux_loop_destroy_all(&a->loop);
	for (size_t i = 0; i < a->n_ctlrs; i++) {
		event_free(a->ctlrs[i]->fail_ev);
		free(a->ctlrs[i]);
	}
	a->n_ctlrs = 0;
	ux_core_timer_fini(&a->timer);
	ux_loop_fini(&a->loop);
}
