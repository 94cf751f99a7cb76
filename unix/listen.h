/* Listening sockets of both daemons (ptcp:, pssl:, punix: targets). Each
 * accepted socket is made non-blocking (with TCP_NODELAY for TCP) and
 * handed to the owner's accept callback: of-controller hands it to a
 * worker thread (ux_workers_submit), of-switch opens a channel on its one
 * loop. A punix: listener removes a stale socket file before binding (one
 * nobody answers on) and its own file when it closes. */
#ifndef UX_LISTEN_H
#define UX_LISTEN_H

#include <stddef.h>

#include "target.h"

struct event_base;
struct ssl_ctx_st;
struct ux_listener;

/* Takes accepted socket `fd` (non-blocking; the callee owns it), `tls` as
 * given to ux_listener_open (NULL for ptcp/punix), `peer` naming it in
 * logs ("tcp:10.0.0.1:40000", "ssl:[::1]:40000", "unix:/run/sw.mgmt"). */
typedef void ux_accept_fn(void *ctx, int fd, struct ssl_ctx_st *tls,
			  const char *peer);

/* Binds and listens on passive target `t` (TLS with server context `tls`,
 * which must be given for pssl targets), adding the listener to `base`;
 * accepted sockets go to accept(ctx, ...) on base's thread. Returns 0, or
 * -errno with a one-line reason in err. */
int ux_listener_open(struct ux_listener **out, const struct ux_target *t,
		     struct event_base *base, struct ssl_ctx_st *tls,
		     ux_accept_fn *accept, void *ctx, char *err,
		     size_t err_size);

/* The listener's canonical target, with the bound port ("ptcp:6653:0.0.0.0";
 * port 0 becomes the port the kernel chose; "punix:/run/sw.mgmt"). */
const char *ux_listener_name(const struct ux_listener *l);

/* Stops listening and frees (a punix: listener removes its socket file).
 * NULL is a no-op. */
void ux_listener_close(struct ux_listener *l);

#endif
