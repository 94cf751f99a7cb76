/* OpenFlow channels over netstack TCP: the struct plat_chan_ops (plat.h)
 * a core sees, on top of an ns_tcp socket, for the platforms that have no
 * kernel sockets (the Xen images) and for unix/'s direct mode. It is the
 * one netstack module that knows the cores' channel contract; like the
 * rest of netstack it has no platform code: the clock comes from the
 * caller and all memory from one region sized at init.
 *
 * Like unix/'s channels (unix/chan.h) it talks to an "upper layer" (the
 * controller core's worker, or the switch core) through a few callbacks,
 * so it knows neither core:
 *   - accepted connections (ns_chan_listen) and completed outgoing ones
 *     (ns_chan_connect) are opened to the upper layer from
 *     ns_chan_service, never from inside a TCP callback;
 *   - input is handed to up->input as TCP delivers it (from inside
 *     ns_input/ns_timers: the core may send and close freely there);
 *   - output is appended to a per-channel queue of cfg.outq_size bytes
 *     and moved into the socket's send buffer by ns_chan_flush, so that
 *     the messages a chunk of input produces leave in full segments; a
 *     message that does not fit in the queue is refused whole
 *     (OF_E_NOSPACE), never cut. Above half the queue the channel stops
 *     reading (TCP's window closes on the peer) until the queue drains
 *     below an eighth;
 *   - close requests, EOF and errors are acted on in ns_chan_service: a
 *     closing channel flushes its queue for at most cfg.drain_ms, then
 *     its socket is closed (FIN) or, past the deadline, aborted (RST).
 *
 * Threads: none. Everything runs on the one thread that drives the stack;
 * ops->close alone may come from elsewhere (it only sets a flag and calls
 * cfg.wake). */
#ifndef NS_TCP_CHAN_H
#define NS_TCP_CHAN_H

#include <stddef.h>
#include <stdint.h>

#include "ns_tcp.h"
#include "plat.h"

#define NS_CHAN_PEER_SIZE 32 /* "tcp:255.255.255.255:65535" */
#define NS_CHAN_LISTENERS 8  /* ns_chan_listen ports per pool */

/* The layer above (same shape as unix/chan.h's struct ux_upper). */
struct ns_chan_upper {
	/* The channel is open: returns the core's handle for it, or NULL if
	 * the core cannot take it (the connection is then closed without
	 * further callbacks). `peer` names it ("tcp:10.0.0.1:40000"). */
	void *(*opened)(void *ctx, const struct plat_chan_ops *ops, void *impl,
			const char *peer);
	/* Bytes received on an open channel. */
	void (*input)(void *handle, const uint8_t *data, size_t size);
	/* The open channel is gone; `handle` is not used again. */
	void (*closed)(void *handle);
	/* An outgoing connection failed before it opened (`why`: a reason,
	 * e.g. "connection refused"). May be NULL. */
	void (*aborted)(void *ctx, const char *why);
	/* Runs after every call into the core made through the callbacks
	 * above. May be NULL. */
	void (*after)(void *ctx);
};

struct ns_chan_config {
	unsigned max_chans; /* channels at once (listeners not counted) */
	uint32_t outq_size; /* output queue per channel: 0 = 256 KiB */
	uint32_t drain_ms;  /* a closing channel's flush limit: 0 = 2000 */
	const struct ns_chan_upper *up; /* required */
	void *up_ctx;
	/* The current time, ms, on the clock the stack is driven with
	 * (required: sends made from a core's timers update TCP's clock). */
	uint64_t (*now)(void *ctx);
	/* Asks the platform to call ns_chan_service soon, from its loop
	 * (after a close request). May be NULL if the loop calls it after
	 * every event anyway. */
	void (*wake)(void *ctx);
	void *ctx; /* for now and wake */
};

struct ns_chan;

/* A pool of channels over one TCP instance. Treat every field as
 * private. */
struct ns_chan_pool {
	struct ns_chan_config cfg;
	struct ns_tcp *tcp;
	struct ns_chan *chans;
	uint8_t *queues;
	struct ns_tcp_sock *listeners[NS_CHAN_LISTENERS];
	unsigned n_listeners;
	int pending; /* some channel needs ns_chan_service */
	int dirty;   /* some channel has output to flush */
	uint8_t rbuf[16384];
	uint64_t opened, refused, closed; /* statistics */
};

/* Bytes of memory ns_chan_init needs for cfg (0 if cfg is invalid). */
size_t ns_chan_mem_size(const struct ns_chan_config *cfg);

/* Builds a pool in *p over mem[0..mem_size) for TCP instance tcp (both
 * owned by the caller, kept alive as long as p). Copies cfg. Returns 0,
 * -EINVAL (bad cfg) or -ENOMEM (mem too small). */
int ns_chan_init(struct ns_chan_pool *p, const struct ns_chan_config *cfg,
		 struct ns_tcp *tcp, void *mem, size_t mem_size);

/* Listens on TCP port `port` (any local address) with `backlog` half-open
 * connections at most; each accepted connection becomes a channel (or is
 * reset when the pool is full). Returns 0 or ns_tcp_listen's errors. */
int ns_chan_listen(struct ns_chan_pool *p, uint16_t port, unsigned backlog);

/* Opens a connection to ip:port (host order); it becomes a channel, opened
 * to the upper layer when established, or reported through up->aborted.
 * Returns 0, -ENOMEM (pool full) or ns_tcp_connect's errors. */
int ns_chan_connect(struct ns_chan_pool *p, uint32_t ip, uint16_t port);

/* Does the deferred work: opens new channels to the upper layer, delivers
 * input a paused or new channel has waiting, and acts on close requests,
 * EOF, errors and drain deadlines. Call it after ns_input/ns_timers and
 * when woken. */
void ns_chan_service(struct ns_chan_pool *p);

/* Moves queued output into the sockets' send buffers (as much as they
 * take; the rest goes when TCP says there is room). The pool does this
 * itself after the calls into the core it makes; the platform calls it
 * after the ones it makes (a core's timers). Never calls into the core. */
void ns_chan_flush(struct ns_chan_pool *p);

/* True if ns_chan_service has work to do now. */
int ns_chan_pending(const struct ns_chan_pool *p);

/* The earliest drain deadline (ms), UINT64_MAX if none. */
uint64_t ns_chan_next_deadline(const struct ns_chan_pool *p);

/* Channels in use (any state). */
unsigned ns_chan_count(const struct ns_chan_pool *p);

/* Tears every channel down now (daemon shutdown): sockets are closed
 * (FIN, nothing flushed from the queues), open channels are reported
 * closed to the upper layer, listeners are closed. */
void ns_chan_shutdown(struct ns_chan_pool *p);

#endif
