/* A connection to one switch: the plat_chan_ops the core sees, on top of a
 * transport (plain TCP or TLS, see chan_tcp.h and chan_tls.h) that moves
 * bytes between the socket and this structure.
 *
 * Input is read in big chunks into the worker's buffer and handed to
 * ctl_conn_input(); output is appended to an evbuffer and written after
 * the core returns (ux_worker_core_done), so one write carries every
 * message produced by a chunk of input. Above UX_OUT_HIGH bytes queued the
 * channel stops reading until the queue drains below UX_OUT_LOW (a switch
 * that does not read what it asked for is throttled); above UX_OUT_CAP
 * sends are refused with OF_E_NOSPACE.
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

#include "ctl_plat.h"

#define UX_OUT_HIGH (1u << 20)
#define UX_OUT_LOW (256u << 10)
#define UX_OUT_CAP (16u << 20)
#define UX_READ_BUDGET 16	  /* read-buffer fills per read callback */
#define UX_DRAIN_MS 2000	  /* how long a closing channel may flush */
#define UX_TLS_HANDSHAKE_MS 10000 /* deadline of the TLS handshake */
#define UX_WHY_SIZE 192

struct evbuffer;
struct event;
struct ssl_ctx_st;
struct ux_chan;
struct ux_worker;

/* Result of a transport operation. */
enum ux_io {
	UX_IO_OK,	  /* done (read: buffer filled; write: queue empty) */
	UX_IO_WANT_READ,  /* retry when the socket is readable */
	UX_IO_WANT_WRITE, /* retry when the socket is writable */
	UX_IO_EOF,	  /* the peer closed the connection */
	UX_IO_ERR,	  /* failed; the reason is in c->why */
};

/* What differs between TCP and TLS. Every function runs on the channel's
 * worker. */
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

enum ux_chan_state {
	UX_CHAN_HANDSHAKE, /* TLS handshake; the core does not know it yet */
	UX_CHAN_OPEN,
	UX_CHAN_DRAINING, /* close asked: writing what is queued */
	UX_CHAN_DEAD,	  /* being torn down */
};

struct ux_chan {
	struct ux_worker *w;
	const struct ux_transport *t;
	int fd;
	void *tls;	 /* SSL *, for chan_tls.c */
	size_t tls_wlen; /* size of an SSL_write to repeat, or 0 */
	struct evbuffer *out;
	struct event *rd_ev, *wr_ev, *close_ev, *deadline_ev;
	struct ctl_conn *conn; /* NULL until the core knows the channel */
	enum ux_chan_state state;
	bool reading, writing; /* rd_ev / wr_ev added */
	bool paused;	       /* reading stopped by back-pressure */
	bool failed;	       /* error or EOF: tear down without flushing */
	bool read_wants_write, write_wants_read; /* TLS */
	bool dirty;
	atomic_bool close_requested; /* by ops->close, from any thread */
	char peer[64];
	char why[UX_WHY_SIZE];	     /* the transport's reason for UX_IO_ERR */
	struct ux_chan *prev, *next; /* worker's list */
	struct ux_chan *dirty_next;
};

/* Creates a channel on worker `w` (its thread only) for accepted,
 * non-blocking socket `fd`, TLS if `tls` is not NULL. Plain channels are
 * opened to the core at once; TLS ones after their handshake. Takes fd
 * (closed on failure). Returns the channel or NULL. */
struct ux_chan *ux_chan_create(struct ux_worker *w, int fd,
			       struct ssl_ctx_st *tls, const char *peer);

/* Writes what is queued (as much as the socket takes). Never calls into
 * the core. */
void ux_chan_flush(struct ux_chan *c);

/* Tears `c` down now, without flushing (controller shutdown): closes the
 * socket and, if the core knows it, calls ctl_conn_closed(). */
void ux_chan_destroy(struct ux_chan *c);

#endif
