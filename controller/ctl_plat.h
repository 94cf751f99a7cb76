/* The platform interface of the controller core: what unix/ (libevent,
 * kernel sockets, OpenSSL) and xen/ (netstack) implement for it, and the
 * entry points they call. The singletons and the channel contract both
 * cores share (clock, log, files, struct plat_chan_ops) are in plat.h;
 * this adds the controller's own. The core never includes a platform
 * header.
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
#include "plat.h"

struct ctl;
struct ctl_worker;
struct ctl_conn;

/* ---- Implemented by the platform -------------------------------------- */

/* The one lock shared by all workers, held only for short critical
 * sections (the datapath-id registry). A no-op on single-threaded
 * platforms. */
void plat_lock(void);
void plat_unlock(void);

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
			       const struct plat_chan_ops *ops, void *impl,
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
