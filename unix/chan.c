/* Channels: the plat_chan_ops of one OpenFlow connection (see chan.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "chan.h"
#include "chan_tcp.h"
#include "chan_tls.h"
#include "plat_unix.h"

static void on_readable(evutil_socket_t fd, short what, void *arg);
static void on_writable(evutil_socket_t fd, short what, void *arg);
static void on_close(evutil_socket_t fd, short what, void *arg);
static void on_deadline(evutil_socket_t fd, short what, void *arg);

/* ---- the interface the core sees ---------------------------------------- */

/* ops->send: queues bytes; the loop writes them after the core returns.
 * A channel being torn down swallows them. */
static enum of_err op_send(void *impl, const void *data, size_t size)
{
	struct ux_chan *c = impl;
	size_t len = evbuffer_get_length(c->out);

	if (c->failed || c->state == UX_CHAN_DEAD)
		return OF_OK;
	if (len + size > UX_OUT_CAP)
		return OF_E_NOSPACE;
	if (evbuffer_add(c->out, data, size) < 0)
		return OF_E_NOSPACE;
	if (!c->dirty) {
		c->dirty = true;
		c->dirty_next = c->loop->dirty;
		c->loop->dirty = c;
	}
	if (len + size > UX_OUT_HIGH && !c->paused) {
		/* Back-pressure: no more input until the peer reads. */
		c->paused = true;
		if (c->reading && !c->write_wants_read) {
			event_del(c->rd_ev);
			c->reading = false;
		}
		ux_log(PLAT_LOG_DEBUG, "%s: %zu bytes queued: reading paused",
		       c->peer, len + size);
	}
	return OF_OK;
}

/* ops->queued. */
static size_t op_queued(void *impl)
{
	struct ux_chan *c = impl;

	return evbuffer_get_length(c->out);
}

/* ops->close: thread-safe; the loop does the work in on_close(). */
static void op_close(void *impl)
{
	struct ux_chan *c = impl;

	if (!atomic_exchange(&c->close_requested, true))
		event_active(c->close_ev, EV_TIMEOUT, 1);
}

static const struct plat_chan_ops chan_ops = {
    .send = op_send,
    .queued = op_queued,
    .close = op_close,
};

/* ---- event interest ----------------------------------------------------- */

static void set_reading(struct ux_chan *c, bool on)
{
	if (on == c->reading)
		return;
	if (on)
		event_add(c->rd_ev, NULL);
	else
		event_del(c->rd_ev);
	c->reading = on;
}

static void set_writing(struct ux_chan *c, bool on)
{
	if (on == c->writing)
		return;
	if (on)
		event_add(c->wr_ev, NULL);
	else
		event_del(c->wr_ev);
	c->writing = on;
}

/* Reads when the state wants input, or when TLS output waits for it. */
static void update_reading(struct ux_chan *c)
{
	bool on;

	if (c->failed || c->state == UX_CHAN_DEAD ||
	    c->state == UX_CHAN_CONNECTING)
		on = false;
	else if (c->write_wants_read || c->state == UX_CHAN_HANDSHAKE)
		on = true;
	else
		on = c->state == UX_CHAN_OPEN && !c->paused;
	set_reading(c, on);
}

/* Marks the channel failed (logging why at `level`, or keeping it for
 * up->aborted) and schedules its teardown; safe anywhere on the loop,
 * including inside core calls. */
__attribute__((format(printf, 3, 4))) static void
chan_fail(struct ux_chan *c, enum plat_log_level level, const char *fmt, ...)
{
	char why[UX_WHY_SIZE];
	va_list ap;

	if (c->failed || c->state == UX_CHAN_DEAD)
		return;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (!c->opened && c->up->aborted) {
		memcpy(c->fail_why, why, sizeof(why));
		ux_log(PLAT_LOG_DEBUG, "%s: %s", c->peer, why);
	} else {
		ux_log(level, "%s: %s", c->peer, why);
	}
	set_reading(c, false);
	set_writing(c, false);
	event_active(c->close_ev, EV_TIMEOUT, 1);
}

/* ---- teardown ----------------------------------------------------------- */

static void unlink_chan(struct ux_chan *c)
{
	struct ux_loop *l = c->loop;

	if (c->prev)
		c->prev->next = c->next;
	else if (l->chans == c)
		l->chans = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	l->n_chans--;
	if (c->dirty) {
		struct ux_chan **pp = &l->dirty;

		while (*pp && *pp != c)
			pp = &(*pp)->dirty_next;
		if (*pp)
			*pp = c->dirty_next;
		c->dirty = false;
	}
}

/* Closes the socket, tells the upper layer, frees. Only from a callback
 * of c itself (or the loop's teardown), never from inside a core call. */
static void finish(struct ux_chan *c)
{
	const struct ux_upper *up = c->up;
	void *up_ctx = c->up_ctx, *handle = c->handle;
	bool aborted = !c->opened && up->aborted;
	char why[UX_WHY_SIZE];

	c->state = UX_CHAN_DEAD;
	unlink_chan(c);
	event_free(c->rd_ev);
	event_free(c->wr_ev);
	if (c->t->release)
		c->t->release(c, !c->failed);
	close(c->fd);
	if (handle) {
		/* Sends from switch_down handlers land in the dead channel. */
		up->closed(handle);
	}
	/* After closed() no other thread can reach c: in the controller a
	 * close from another worker happens under the registry lock, which
	 * ctl_conn_closed takes to unregister the switch. */
	memcpy(why, c->fail_why, sizeof(why));
	event_free(c->close_ev);
	event_free(c->deadline_ev);
	evbuffer_free(c->out);
	free(c);
	if (aborted)
		up->aborted(up_ctx, why[0] ? why : NULL);
	if (handle || aborted)
		up->after(up_ctx);
}

/* Tears down at once (see chan.h). */
void ux_chan_destroy(struct ux_chan *c)
{
	c->failed = true;
	finish(c);
}

/* ---- opening ------------------------------------------------------------ */

/* Hands the channel to the core. */
static void open_core(struct ux_chan *c)
{
	c->state = UX_CHAN_OPEN;
	c->opened = true;
	c->handle = c->up->opened(c->up_ctx, &chan_ops, c, c->peer);
	if (!c->handle) {
		chan_fail(c, PLAT_LOG_ERR, "out of memory for the connection");
		return;
	}
	update_reading(c);
	c->up->after(c->up_ctx);
}

/* Advances the TLS handshake. */
static void do_handshake(struct ux_chan *c)
{
	switch (c->t->handshake(c)) {
	case UX_IO_OK:
		event_del(c->deadline_ev);
		set_writing(c, false);
		open_core(c);
		/* Records read with the handshake's last flight would not
		 * make the socket readable again. */
		if (c->reading && c->t->pending && c->t->pending(c))
			event_active(c->rd_ev, EV_READ, 1);
		break;
	case UX_IO_WANT_READ:
		set_writing(c, false);
		break;
	case UX_IO_WANT_WRITE:
		set_writing(c, true);
		break;
	case UX_IO_EOF:
		chan_fail(c, PLAT_LOG_WARN,
			  "TLS handshake failed: connection closed by peer");
		break;
	case UX_IO_ERR:
		chan_fail(c, PLAT_LOG_WARN, "TLS handshake failed: %s", c->why);
		break;
	}
}

static void set_deadline(struct ux_chan *c, unsigned ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	evtimer_add(c->deadline_ev, &tv);
}

/* The socket is connected (or accepted): TLS channels start their
 * handshake, plain ones open to the core. */
static void connected(struct ux_chan *c)
{
	if (c->tls) {
		c->state = UX_CHAN_HANDSHAKE;
		set_deadline(c, UX_TLS_HANDSHAKE_MS);
		update_reading(c);
		/* A client speaks first. */
		if (c->role == UX_CHAN_OUTGOING)
			do_handshake(c);
	} else {
		open_core(c);
	}
}

/* The non-blocking connect() finished (the socket became writable). */
static void connect_done(struct ux_chan *c)
{
	int e = 0;
	socklen_t sl = sizeof(e);

	event_del(c->deadline_ev);
	set_writing(c, false);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &sl) < 0)
		e = errno;
	if (e) {
		chan_fail(c, PLAT_LOG_WARN, "connect: %s", strerror(e));
		return;
	}
	ux_log(PLAT_LOG_DEBUG, "%s: connected", c->peer);
	connected(c);
}

/* Creates a channel (see chan.h). */
struct ux_chan *ux_chan_create(struct ux_loop *loop, int fd,
			       enum ux_chan_role role, struct ssl_ctx_st *tls,
			       const char *peer, const struct ux_upper *up,
			       void *up_ctx)
{
	struct event_base *base = loop->base;
	struct ux_chan *c = calloc(1, sizeof(*c));

	if (!c)
		goto fail;
	c->loop = loop;
	c->up = up;
	c->up_ctx = up_ctx;
	c->role = role;
	c->fd = fd;
	c->t = tls ? &ux_tls_transport : &ux_tcp_transport;
	atomic_init(&c->close_requested, false);
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	c->out = evbuffer_new();
	c->rd_ev = event_new(base, fd, EV_READ | EV_PERSIST, on_readable, c);
	c->wr_ev = event_new(base, fd, EV_WRITE | EV_PERSIST, on_writable, c);
	c->close_ev = event_new(base, -1, 0, on_close, c);
	c->deadline_ev = evtimer_new(base, on_deadline, c);
	if (!c->out || !c->rd_ev || !c->wr_ev || !c->close_ev ||
	    !c->deadline_ev)
		goto fail;
	if (tls && ux_tls_attach(c, tls, role == UX_CHAN_OUTGOING) < 0)
		goto fail;

	c->next = loop->chans;
	if (loop->chans)
		loop->chans->prev = c;
	loop->chans = c;
	loop->n_chans++;

	if (role == UX_CHAN_OUTGOING) {
		ux_log(PLAT_LOG_DEBUG, "%s: connecting", peer);
		c->state = UX_CHAN_CONNECTING;
		set_deadline(c, UX_CONNECT_MS);
		set_writing(c, true);
	} else {
		ux_log(PLAT_LOG_DEBUG,
		       "%s: accepted (%zu connections on this thread)", peer,
		       loop->n_chans);
		connected(c);
	}
	return c;

fail:
	ux_log(PLAT_LOG_ERR, "%s: out of memory for a new connection: closed",
	       peer);
	if (c) {
		if (c->out)
			evbuffer_free(c->out);
		if (c->rd_ev)
			event_free(c->rd_ev);
		if (c->wr_ev)
			event_free(c->wr_ev);
		if (c->close_ev)
			event_free(c->close_ev);
		if (c->deadline_ev)
			event_free(c->deadline_ev);
		free(c);
	}
	close(fd);
	return NULL;
}

/* ---- input -------------------------------------------------------------- */

/* Reads chunks and hands them to the core until the socket is drained, the
 * budget is spent (then it reschedules itself, for fairness between
 * channels), or the channel stops reading. */
static void do_read(struct ux_chan *c)
{
	struct ux_loop *l = c->loop;

	for (unsigned i = 0; i < UX_READ_BUDGET; i++) {
		size_t got = 0;
		enum ux_io st;

		if (c->state != UX_CHAN_OPEN || c->paused || c->failed ||
		    atomic_load_explicit(&c->close_requested,
					 memory_order_relaxed))
			return;
		st = c->t->read(c, l->rbuf, UX_READ_BUF_SIZE, &got);
		if (got) {
			c->up->input(c->handle, l->rbuf, got);
			c->up->after(c->up_ctx);
		}
		switch (st) {
		case UX_IO_OK:
			if (got < UX_READ_BUF_SIZE)
				return; /* short read: drained */
			break;
		case UX_IO_WANT_READ:
			return;
		case UX_IO_WANT_WRITE:
			c->read_wants_write = true;
			set_writing(c, true);
			return;
		case UX_IO_EOF:
			if (c->state == UX_CHAN_OPEN) {
				c->failed = true; /* quietly: the core logs */
				set_reading(c, false);
				set_writing(c, false);
				event_active(c->close_ev, EV_TIMEOUT, 1);
			}
			return;
		case UX_IO_ERR:
			chan_fail(c, PLAT_LOG_INFO, "%s", c->why);
			return;
		}
	}
	event_active(c->rd_ev, EV_READ, 1);
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct ux_chan *c = arg;

	(void)fd;
	(void)what;
	if (c->state == UX_CHAN_HANDSHAKE) {
		do_handshake(c);
		return;
	}
	if (c->write_wants_read) {
		c->write_wants_read = false;
		ux_chan_flush(c);
		update_reading(c);
	}
	do_read(c);
}

/* ---- output ------------------------------------------------------------- */

/* Writes what is queued (see chan.h). */
void ux_chan_flush(struct ux_chan *c)
{
	size_t len;
	enum ux_io st = UX_IO_OK;

	if (c->failed || c->state == UX_CHAN_HANDSHAKE ||
	    c->state == UX_CHAN_CONNECTING || c->state == UX_CHAN_DEAD)
		return;
	if (evbuffer_get_length(c->out))
		st = c->t->write(c);
	switch (st) {
	case UX_IO_OK:
		set_writing(c, c->read_wants_write);
		break;
	case UX_IO_WANT_WRITE:
		set_writing(c, true);
		break;
	case UX_IO_WANT_READ:
		c->write_wants_read = true;
		set_writing(c, c->read_wants_write);
		update_reading(c);
		break;
	case UX_IO_EOF:
	case UX_IO_ERR:
		chan_fail(c, PLAT_LOG_INFO, "%s",
			  st == UX_IO_EOF ? "connection closed by peer"
					  : c->why);
		return;
	}
	len = evbuffer_get_length(c->out);
	if (c->paused && len < UX_OUT_LOW) {
		c->paused = false;
		ux_log(PLAT_LOG_DEBUG, "%s: %zu bytes queued: reading resumed",
		       c->peer, len);
		update_reading(c);
		if (c->reading && c->t->pending && c->t->pending(c))
			event_active(c->rd_ev, EV_READ, 1);
	}
	if (c->state == UX_CHAN_DRAINING && len == 0)
		event_active(c->close_ev, EV_TIMEOUT, 1);
}

static void on_writable(evutil_socket_t fd, short what, void *arg)
{
	struct ux_chan *c = arg;

	(void)fd;
	(void)what;
	if (c->state == UX_CHAN_CONNECTING) {
		connect_done(c);
		return;
	}
	if (c->state == UX_CHAN_HANDSHAKE) {
		do_handshake(c);
		return;
	}
	if (c->read_wants_write) {
		c->read_wants_write = false;
		do_read(c);
	}
	ux_chan_flush(c);
}

/* ---- closing ------------------------------------------------------------ */

/* The channel's close event: a failure, or the core's close request. */
static void on_close(evutil_socket_t fd, short what, void *arg)
{
	struct ux_chan *c = arg;

	(void)fd;
	(void)what;
	if (c->failed || c->state == UX_CHAN_HANDSHAKE ||
	    c->state == UX_CHAN_CONNECTING) {
		finish(c);
		return;
	}
	if (c->state == UX_CHAN_OPEN) {
		c->state = UX_CHAN_DRAINING;
		update_reading(c);
		set_deadline(c, UX_DRAIN_MS);
		ux_chan_flush(c);
	}
	if (c->failed || evbuffer_get_length(c->out) == 0)
		finish(c);
}

/* The connect, the TLS handshake or the flush of a closing channel took
 * too long. */
static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct ux_chan *c = arg;

	(void)fd;
	(void)what;
	if (c->state == UX_CHAN_CONNECTING) {
		chan_fail(c, PLAT_LOG_WARN, "connect: no answer after %u ms",
			  UX_CONNECT_MS);
		return;
	} else if (c->state == UX_CHAN_HANDSHAKE) {
		chan_fail(c, PLAT_LOG_WARN,
			  "TLS handshake failed: not complete after %u ms",
			  UX_TLS_HANDSHAKE_MS);
		return;
	} else if (c->state == UX_CHAN_DRAINING) {
		ux_log(PLAT_LOG_INFO,
		       "%s: closing with %zu bytes unsent after %u ms", c->peer,
		       evbuffer_get_length(c->out), UX_DRAIN_MS);
	} else {
		return;
	}
	c->failed = true;
	finish(c);
}
