/* Listening sockets of of-controller. They live on the main thread's event
 * loop; each accepted socket is made non-blocking with TCP_NODELAY and
 * handed to a worker (ux_workers_submit), round-robin over all
 * listeners. */
#ifndef UX_LISTEN_H
#define UX_LISTEN_H

#include <stddef.h>

#include "target.h"

struct event_base;
struct ssl_ctx_st;
struct ux_workers;
struct ux_listener;

/* Binds and listens on target `t` (TLS with context `tls`, which must be
 * given for pssl targets), adding the listener to `base`. Accepted sockets
 * go to `workers`, which must be started before `base` runs. Returns 0, or
 * -errno with a one-line reason in err. */
int ux_listener_open(struct ux_listener **out, const struct ux_target *t,
		     struct event_base *base, struct ssl_ctx_st *tls,
		     struct ux_workers *workers, char *err, size_t err_size);

/* The listener's canonical target, with the bound port ("ptcp:6653:0.0.0.0";
 * port 0 becomes the port the kernel chose). */
const char *ux_listener_name(const struct ux_listener *l);

/* Stops listening and frees (NULL is a no-op). */
void ux_listener_close(struct ux_listener *l);

#endif
