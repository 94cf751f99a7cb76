/* netstack on the guest's first vif, as every networked image brings it
 * up and drives it: grant table, event channels, the vif's handshake,
 * then a stack with the vif's MAC and the settings of netstack's ns_cfg.h
 * syntax. Failures stop the image with a panic line naming `who`. */
#ifndef XEN_NET_H
#define XEN_NET_H

#include <stdint.h>

#include "ns.h"
#include "vif.h"
#include "xen_boot.h"

struct xen_net {
	struct xen_vif vif;
	struct ns_stack *stack;
	struct ns_config cfg; /* as parsed, with the vif's MAC */
};

/* Brings `settings` up on the first vif, or panics ("who: reason"). */
void xen_net_up(struct xen_net *n, struct xen_boot *boot, const char *settings,
		const char *who);

/* Acknowledges the vif's event, hands received frames to netstack and
 * runs its timers. Returns the responses handled (0: nothing new);
 * panics if the backend broke the vif. */
int xen_net_poll(struct xen_net *n, const char *who);

/* Publishes the frames queued for the backend. */
void xen_net_flush(struct xen_net *n);

/* Sleeps until the vif's event, netstack's next deadline or until_ms
 * (Xen time; UINT64_MAX: none), whichever comes first. */
void xen_net_sleep(struct xen_net *n, uint64_t until_ms);

#endif
