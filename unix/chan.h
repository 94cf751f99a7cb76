/* One OpenFlow connection of either daemon: the plat_chan_ops a core sees,
 * on top of a transport (plain TCP or TLS, see chan_tcp.h and chan_tls.h)
 * that moves bytes between the socket and this structure. The channel
 * lives on a loop (loop.h) and talks to an "upper layer" (struct
 * ux_upper: the controller core's worker, or the switch core) through a
 * few callbacks, so it knows neither core.
 *
 * A channel is either accepted (by a listener) or connecting (of-switch's
 * connection to a controller: a non-blocking connect() in progress). TLS
 * channels then run their handshake (server or client role); after that
 * the channel is opened to the upper layer.
 *
 * Input is read in big chunks into the loop's buffer and handed to
 * up->input(); output is appended to an evbuffer and written after the
 * core returns (up->after flushes the loop's dirty channels), so one write
 * carries every message produced by a chunk of input. Above UX_OUT_HIGH
 * bytes queued the channel stops reading until the queue drains below
 * UX_OUT_LOW (a peer that does not read what it asked for is throttled);
 * above UX_OUT_CAP sends are refused with OF_E_NOSPACE.
 *
 * A channel is torn down only from its own close event: errors, EOF and
 * close requests mark it and activate that event, so nothing that runs
 * inside a callback of the channel can free it under its caller. */
#ifndef UX_CHAN_H
#define UX_CHAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"
#include "plat.h"
#include "target.h"

#define UX_OUT_HIGH (1u << 20)
#define UX_OUT_LOW (256u << 10)
#define UX_OUT_CAP (16u << 20)
#define UX_READ_BUDGET 16	  /* read-buffer fills per read callback */
#define UX_DRAIN_MS 2000	  /* how long a closing channel may flush */
#define UX_TLS_HANDSHAKE_MS 10000 /* deadline of the TLS handshake */
#define UX_CONNECT_MS 10000	  /* deadline of a non-blocking connect */
#define UX_WHY_SIZE 192

struct evbuffer;
struct event;
struct ssl_ctx_st;
struct ux_chan;

/* Result of a transport operation. */
enum ux_io {
	UX_IO_OK,	  /* done (read: buffer filled; write: queue empty) */
	UX_IO_WANT_READ,  /* retry when the socket is readable */
	UX_IO_WANT_WRITE, /* retry when the socket is writable */
	UX_IO_EOF,	  /* the peer closed the connection */
	UX_IO_ERR,	  /* failed; the reason is in c->why */
};

/* What differs between TCP and TLS. Every function runs on the channel's
 * loop. */
struct ux_transport {
	const char *name; /* "tcp", "ssl" */
	/* Advances the handshake (NULL: none, the channel opens at once). */
	enum ux_io (*handshake)(struct ux_chan *c);
	/* Reads up to `size` bytes into buf, storing the count in *got (data
	 * may come with any result; it is handed to the core first). */
	enum ux_io (*read)(struct ux_chan *c, uint8_t *buf, size_t size,
			   size_t *got);
	/* Writes from c->out, draining what was written; UX_IO_OK when it is
	 * empty. */
	enum ux_io (*write)(struct ux_chan *c);
	/* True if input is buffered above the socket (TLS records already
	 * read), which the socket's readiness would not announce. */
	bool (*pending)(struct ux_chan *c);
	/* Releases the transport's state before the socket is closed; `clean`
	 * when the channel was closed in order (TLS then sends
	 * close_notify). */
	void (*release)(struct ux_chan *c, bool clean);
};

/* The layer above a channel: a core's connection entry points. Every
 * callback runs on the channel's loop, never from inside an op of the
 * channel (so the core may call ops freely from its callbacks). */
struct ux_upper {
	/* The channel is open (after the TLS handshake, if any): returns the
	 * core's handle for it, or NULL if the core cannot take it (the
	 * channel is then closed without further callbacks). `peer` names
	 * the channel ("tcp:10.0.0.1:40000"). */
	void *(*opened)(void *ctx, const struct plat_chan_ops *ops, void *impl,
			const char *peer);
	/* Bytes received on an open channel. */
	void (*input)(void *handle, const uint8_t *data, size_t size);
	/* The open channel is gone; `handle` is not used again. */
	void (*closed)(void *handle);
	/* The channel died before it was opened (connect or TLS handshake
	 * failed or timed out, or it was torn down): `why` says why (NULL:
	 * torn down by the daemon). NULL: such channels are only logged (at
	 * warn), which suits accepted channels. */
	void (*aborted)(void *ctx, const char *why);
	/* Runs after every call into the core made through the callbacks
	 * above: flush the loop's dirty channels (ux_loop_flush) and re-arm
	 * the core's timer. */
	void (*after)(void *ctx);
};

/* How the channel's socket came to be. */
enum ux_chan_role {
	UX_CHAN_ACCEPTED, /* accepted by a listener; TLS server role */
	UX_CHAN_OUTGOING, /* connect() in progress; TLS client role */
};

enum ux_chan_state {
	UX_CHAN_CONNECTING, /* waiting for connect() to complete */
	UX_CHAN_HANDSHAKE,  /* TLS handshake; the core does not know it yet */
	UX_CHAN_OPEN,
	UX_CHAN_DRAINING, /* close asked: writing what is queued */
	UX_CHAN_DEAD,	  /* being torn down */
};

struct ux_chan {
	struct ux_loop *loop;
	const struct ux_upper *up;
	void *up_ctx;
	const struct ux_transport *t;
	enum ux_chan_role role;
	int fd;
	void *tls;	 /* SSL *, for chan_tls.c */
	size_t tls_wlen; /* size of an SSL_write to repeat, or 0 */
	struct evbuffer *out;
	struct event *rd_ev, *wr_ev, *close_ev, *deadline_ev;
	void *handle; /* the upper layer's; NULL until it knows the channel */
	bool opened;  /* up->opened was called */
	enum ux_chan_state state;
	bool reading, writing; /* rd_ev / wr_ev added */
	bool paused;	       /* reading stopped by back-pressure */
	bool failed;	       /* error or EOF: tear down without flushing */
	bool read_wants_write, write_wants_read; /* TLS */
	bool dirty;
	atomic_bool close_requested; /* by ops->close, from any thread */
	char peer[UX_PEER_SIZE];
	char why[UX_WHY_SIZE];	     /* the transport's reason for UX_IO_ERR */
	char fail_why[UX_WHY_SIZE];  /* for up->aborted */
	struct ux_chan *prev, *next; /* loop's list */
	struct ux_chan *dirty_next;
};

/* Creates a channel on loop `loop` (its thread only) for non-blocking
 * socket `fd`, accepted or with a connect() in progress (`role`), TLS if
 * `tls` is not NULL (a server context for accepted sockets, a client one
 * for connecting ones). Accepted plain channels are opened to `up` at
 * once (from inside this call); the others after connect() completes and
 * the handshake is done, from the loop. Takes fd (closed on failure).
 * Returns the channel (owned by the loop, freed when it closes), or NULL
 * if out of memory (nothing is called on `up`). */
struct ux_chan *ux_chan_create(struct ux_loop *loop, int fd,
			       enum ux_chan_role role, struct ssl_ctx_st *tls,
			       const char *peer, const struct ux_upper *up,
			       void *up_ctx);

/* Writes what is queued (as much as the socket takes). Never calls into
 * the core. */
void ux_chan_flush(struct ux_chan *c);

/* Tears `c` down now, without flushing (daemon shutdown): closes the
 * socket and, if the upper layer knows it, calls up->closed (or
 * up->aborted with why NULL if it was never opened). Frees c. */
void ux_chan_destroy(struct ux_chan *c);

#endif
