/* A Xen virtual interface: the xenstore handshake of netfront (the ring
 * code is netfront.c). For vif N the toolstack writes, under the guest's
 * device/vif/N: `backend` (the backend's xenstore directory),
 * `backend-id` and `mac`; the guest allocates and grants its two ring
 * pages and buffers, allocates an event channel for the backend, writes
 * tx-ring-ref, rx-ring-ref, event-channel, request-rx-copy=1,
 * feature-rx-notify=1, feature-no-csum-offload=1 (netstack computes and
 * checks every checksum) and state=4 in one transaction, and waits for
 * the backend's state to reach 4 (Connected). Every value read from
 * xenstore is checked (lengths, numbers, the MAC's syntax, the backend
 * path's form) and a bad one fails the open with a reason. */
#ifndef XEN_VIF_H
#define XEN_VIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netfront.h"
#include "xen_mm.h"
#include "xs.h"

#define XEN_VIF_BUFS 64 /* buffers each way */
#define XEN_VIF_MAX 8	/* vifs an image drives */
#define XEN_VIF_WAIT_MS                                                        \
	60000 /* how long the backend may take (its
			       hotplug script runs first) */

struct xen_vif {
	unsigned id;
	char backend[96]; /* its xenstore directory */
	uint16_t backend_id;
	uint8_t mac[6];
	uint32_t port; /* event channel */
	struct netfront nf;
	struct nf_buf tx[XEN_VIF_BUFS], rx[XEN_VIF_BUFS];
	bool up;
};

/* The guest's vif ids (the names under device/vif), at most max of them,
 * sorted. Returns 0 (n may be 0) or a negative errno. */
int xen_vif_list(struct xs_client *c, unsigned *ids, unsigned max, unsigned *n);

/* Brings vif `id` up, taking its pages from mm. Returns 0, or a negative
 * errno with a one-line reason in err. */
int xen_vif_open(struct xen_vif *v, struct xs_client *c, struct xen_mm *mm,
		 unsigned id, char *err, size_t err_size);

#endif
