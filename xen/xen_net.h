/* The networked images' vifs: the grant table and event channels (once),
 * the list of the guest's vifs, and netstack on one of them as every
 * networked image brings it up and drives it: the vif's handshake, then a
 * stack with the vif's MAC and the settings of netstack's ns_cfg.h
 * syntax. What the image was given (settings, xenstore's values) failing
 * powers it off with a line naming `who` (xen_refuse); what cannot fail
 * unless the image is broken (memory, the grant table) panics. */
#ifndef XEN_NET_H
#define XEN_NET_H

#include <stdint.h>

#include "ns.h"
#include "ns_tcp.h"
#include "ns_tcp_chan.h"
#include "vif.h"
#include "xen_boot.h"

struct xen_net {
	struct xen_vif vif;
	struct ns_stack *stack;
	struct ns_config cfg; /* as parsed, with the vif's MAC */
	uint32_t addr;	      /* the address last seen (DHCP's, logged) */
	const char *who;
};

#define XEN_NET_FIRST_VIF 0xffffffffu /* xen_net_up: the lowest vif id */

/* Sets up event channels and the grant table (idempotent); panics if
 * Xen lacks them. */
void xen_net_init(const char *who);

/* The guest's vif ids (device/vif in xenstore), sorted, at most max of
 * them; refuses if there is none. Returns how many. */
unsigned xen_net_vifs(unsigned *ids, unsigned max, const char *who);

/* Brings `settings` up on vif `vif_id` (XEN_NET_FIRST_VIF: the first
 * one), or refuses ("who: reason"). */
void xen_net_up(struct xen_net *n, struct xen_boot *boot, const char *settings,
		unsigned vif_id, const char *who);

/* Adds TCP to the stack, for max_socks sockets (listeners and their
 * half-open children count), with an ISN secret from the clock and the
 * MAC; panics without the memory. */
void xen_net_tcp(struct xen_net *n, struct ns_tcp *tcp, unsigned max_socks);

/* Builds channel pool *p over tcp for max_chans channels with outq bytes
 * of output queue each, talking to `up` (up_ctx), on the Xen clock;
 * panics without the memory. */
void xen_net_pool(struct xen_net *n, struct ns_chan_pool *p, struct ns_tcp *tcp,
		  unsigned max_chans, uint32_t outq,
		  const struct ns_chan_upper *up, void *up_ctx);

/* Acknowledges the vif's event, hands received frames to netstack and
 * runs its timers; logs the address DHCP gives or takes away. Returns the responses handled (0: nothing new);
 * panics if the backend broke the vif. */
int xen_net_poll(struct xen_net *n, const char *who);

/* Publishes the frames queued for the backend. */
void xen_net_flush(struct xen_net *n);

/* Sleeps until the vif's event, netstack's next deadline or until_ms
 * (Xen time; UINT64_MAX: none), whichever comes first. */
void xen_net_sleep(struct xen_net *n, uint64_t until_ms);

#endif
