/* The platform interface of the controller core: what unix/ (libevent,
 * kernel sockets, OpenSSL) and xen/ (netstack) implement for it, and the
 * entry points they call. The core never includes a platform header.
 *
 * Threads: the core is a set of workers, one per event loop. A channel and
 * everything about its switch belong to one worker and are touched only on
 * that worker's thread, except where a function says it is thread-safe.
 *
 * Singletons (the clock, the log, the registry lock) are chosen at link
 * time; channels are a struct of function pointers plus an opaque pointer,
 * because TCP and TLS channels exist side by side. */
#ifndef CTL_PLAT_H
#define CTL_PLAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_err.h"

struct ctl;
struct ctl_worker;
struct ctl_conn;

/* ---- Implemented by the platform -------------------------------------- */

/* Monotonic clock in milliseconds (any origin). */
uint64_t plat_now_ms(void);

enum plat_log_level {
	PLAT_LOG_ERR,
	PLAT_LOG_WARN,
	PLAT_LOG_INFO,
	PLAT_LOG_DEBUG,
};

/* True if messages at `level` are printed (lets callers skip formatting). */
bool plat_log_enabled(enum plat_log_level level);

/* Prints one log line (no trailing newline in fmt). Thread-safe. */
void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The one lock shared by all workers, held only for short critical
 * sections (the datapath-id registry). A no-op on single-threaded
 * platforms. */
void plat_lock(void);
void plat_unlock(void);

/* Reads the whole file `path` into buf[0..size) (for apps' configuration
 * files) and stores its size in *len. Returns 0, -ENOENT and the like, or
 * -EFBIG if it does not fit. Platforms without files return -ENOSYS. */
int plat_read_file(const char *path, char *buf, size_t size, size_t *len);

/* A connection to one switch, as the platform provides it. */
struct ctl_chan_ops {
	/* Queues `size` bytes for sending, in order. The platform buffers
	 * them and writes when its loop runs (batching), so the core may call
	 * this for every message. Returns OF_OK, or OF_E_NOSPACE if the
	 * channel's output cap is reached (the bytes are dropped; the core
	 * counts it). Only on the channel's worker. */
	enum of_err (*send)(void *impl, const void *data, size_t size);
	/* Bytes queued and not yet written. Only on the channel's worker. */
	size_t (*queued)(void *impl);
	/* Asks for the channel to be closed after what is queued has been
	 * written (bounded in time). Thread-safe and asynchronous: it never
	 * calls back into the core from inside this call; the platform later
	 * calls ctl_conn_closed() on the channel's worker. May be called more
	 * than once. The core may call it from another worker's thread while
	 * holding plat_lock() (a newer connection with the same datapath id
	 * replaces this one), so it must not take plat_lock() itself. */
	void (*close)(void *impl);
};

/* ---- Called by the platform ------------------------------------------- */

/* A worker of controller `ctl`: one per event loop. Returns NULL on
 * allocation failure. Owned by the caller; free with ctl_worker_destroy()
 * after all its connections were closed. */
struct ctl_worker *ctl_worker_create(struct ctl *ctl, unsigned index);
void ctl_worker_destroy(struct ctl_worker *w);

/* A new connection from a switch on worker `w`. `peer` names it in logs
 * ("tcp:10.0.0.1:40000", copied). The core sends HELLO through `ops` at
 * once. Returns the core's handle (NULL on allocation failure: the
 * platform then closes the socket itself). */
struct ctl_conn *ctl_conn_open(struct ctl_worker *w,
			       const struct ctl_chan_ops *ops, void *impl,
			       const char *peer);

/* Bytes received on the connection. The core frames and handles every
 * whole message in them (replies go out through ops->send) and keeps a
 * partial one. Bad messages are answered with OFPT_ERROR; a stream that can
 * no longer be framed makes the core call ops->close. */
void ctl_conn_input(struct ctl_conn *c, const uint8_t *data, size_t size);

/* The connection is gone (peer closed, error, or after ops->close). The
 * core tells the apps (switch-down) and frees `c`; the platform must not
 * use `c` afterwards, and may free `impl` once this returns: from then on
 * no thread calls an op on `impl` (the registry entry that lets another
 * worker reach it is removed here, under plat_lock()). */
void ctl_conn_closed(struct ctl_conn *c);

/* Milliseconds until the worker's next timer is due (0: now); UINT64_MAX
 * if none. The platform waits at most this long before ctl_worker_run().
 * Any call into the core may move the deadline earlier (an app adds a
 * timer), so the platform asks again after each. */
uint64_t ctl_worker_next_timeout(struct ctl_worker *w);

/* Runs the worker's due timers (keepalive probes, handshake deadlines,
 * request timeouts, app timers). */
void ctl_worker_run(struct ctl_worker *w);

#endif
