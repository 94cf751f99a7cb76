/* Direct mode: a daemon's OpenFlow channels on netstack (our own TCP/IP
 * stack) over a Linux tap device instead of kernel sockets, the network
 * path of the Xen images, testable on Linux. `--net tap:NAME,SETTINGS`
 * (SETTINGS: netstack/ns_cfg.h, e.g. ip=10.0.0.2/24,gw=10.0.0.1).
 *
 * The tap (created if it does not exist, IFF_TAP|IFF_NO_PI) carries
 * netstack's frames; the kernel side of the tap is the peer's network
 * (give it an address, or put it in a bridge). netstack runs on one event
 * loop: frames, its timers and its channels (netstack/ns_tcp_chan.h) are
 * all handled on that loop's thread. */
#ifndef UX_NET_TAP_H
#define UX_NET_TAP_H

#include <stddef.h>
#include <stdint.h>

#include "net_spec.h"
#include "ns_tcp_chan.h"

struct event_base;

struct ux_net;

/* Opens the tap of `spec` and brings netstack up on it, on `base` (whose
 * thread then runs everything), with room for `max_chans` channels whose
 * upper layer is `up` (up_ctx). Returns 0 and the net in *out, or -errno
 * with a one-line reason in err. */
int ux_net_open(struct ux_net **out, const struct ux_net_spec *spec,
		struct event_base *base, unsigned max_chans,
		const struct ns_chan_upper *up, void *up_ctx, char *err,
		size_t err_size);

/* Accepts OpenFlow channels on TCP port `port` of the net's address.
 * Returns 0 or -errno with a reason in err. */
int ux_net_listen(struct ux_net *n, uint16_t port, char *err, size_t err_size);

/* The net's settings, for logs ("tap:ctl0,ip=10.0.0.2/24,mac=..."). */
const char *ux_net_name(const struct ux_net *n);

/* Writes the channels' queued output into TCP and re-arms netstack's
 * timer: run it after every call into the core (the worker's ext_done).
 * Loop thread only. */
void ux_net_flush(void *net);

/* Closes every channel (their upper layer hears of it) and the
 * listeners; logs the stack's non-zero counters at debug level. Loop
 * thread only (the worker's ext_stop), or before the loop runs. */
void ux_net_shutdown(void *net);

/* Frees the net (after its loop has stopped) and closes the tap. NULL is
 * a no-op. */
void ux_net_close(struct ux_net *n);

#endif
