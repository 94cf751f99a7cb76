/* The guest's xenstore connection: xs.c's client on the ring page Xen
 * gives a PVH guest (HVM_PARAM_STORE_PFN / STORE_EVTCHN), kicked through
 * the event channel and waiting by polling the ring against the Xen
 * clock (xen_time.h) until event-channel blocking exists. */
#ifndef XEN_STORE_H
#define XEN_STORE_H

#include "xs.h"

/* Connects (needs the hypercall page and xen_time_init). Returns 0 or a
 * negative errno. */
int xen_store_init(void);

/* The client, or NULL before xen_store_init succeeded. */
struct xs_client *xen_store(void);

#endif
