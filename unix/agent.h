/* of-switch's side of the switch core's agent (sw_plat.h): its one event
 * loop's channels, the core's timer, the connections to controllers
 * (struct sw_ctlr_ops: a non-blocking connect(), then the channel's TLS
 * handshake in the client role) and the management connections a
 * listener accepts (sw_conn_open). Single-threaded: everything runs on
 * the loop's thread.
 *
 * ux_agent_after() is what must run after every call into the core that
 * did not come from here (port receptions): it writes what the core
 * queued on channels and re-arms the core's timer. */
#ifndef UX_AGENT_H
#define UX_AGENT_H

#include <stddef.h>

#include "loop.h"
#include "sw.h"
#include "target.h"

struct ssl_ctx_st;
struct ux_ctlr;

struct ux_agent {
	struct sw *sw; /* not owned */
	struct ux_loop loop;
	struct ux_core_timer timer;
	struct ux_ctlr *ctlrs[SW_MAX_CONTROLLERS];
	size_t n_ctlrs;
};

/* Prepares `a` for switch `sw` on `base` (both stay the caller's).
 * Returns 0 or -ENOMEM. */
int ux_agent_init(struct ux_agent *a, struct event_base *base, struct sw *sw);

/* Registers controller target `t` (tcp: or ssl:; `tls` is the client
 * context for ssl:, NULL for tcp:) with sw_add_controller(): the core
 * starts connecting at once and reconnects with backoff. Returns 0, or
 * -ENOSPC/-ENOMEM with a reason in err. */
int ux_agent_add_controller(struct ux_agent *a, const struct ux_target *t,
			    struct ssl_ctx_st *tls, char *err, size_t err_size);

/* A listener's accept callback (ctx: the struct ux_agent): opens the
 * socket as a management channel (TLS server role when `tls` is given),
 * handed to sw_conn_open() once open. Takes fd. */
void ux_agent_accept(void *ctx, int fd, struct ssl_ctx_st *tls,
		     const char *peer);
/* The same for a --snoop listener: the channel goes to sw_snoop_open(). */
void ux_agent_accept_snoop(void *ctx, int fd, struct ssl_ctx_st *tls,
			   const char *peer);

/* After a call into the core (ctx: the struct ux_agent): writes the
 * channels' queued output and re-arms the core's timer from
 * sw_next_timeout(). */
void ux_agent_after(void *ctx);

/* Orderly shutdown: sw_shutdown(), then runs the loop until every open
 * connection has flushed and closed (each bounded by the channel's drain
 * deadline) or `max_ms` passed; connection attempts in progress are
 * abandoned, and whatever is left is torn down. The core hears of every
 * channel (sw_conn_closed, sw_ctlr_failed). Call once, from outside the
 * loop's callbacks (after event_base_dispatch returned). */
void ux_agent_shutdown(struct ux_agent *a, unsigned max_ms);

/* Frees what the agent holds (after ux_agent_shutdown; before
 * sw_destroy is fine, the core is not called). */
void ux_agent_fini(struct ux_agent *a);

#endif
