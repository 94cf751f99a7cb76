/* Event channels, 2-level ABI, without upcalls: every port stays masked
 * and the one event loop sleeps in SCHEDOP_poll on the ports it cares
 * about, with a timeout (which needs neither interrupts nor a timer
 * VIRQ). Pending bits live in shared info (xen_time.h maps it). */
#ifndef XEN_EVTCHN_H
#define XEN_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>

#define XEN_EVTCHN_MAX 4096 /* ports of the 2-level ABI on x86-64 */

/* Masks upcalls for vCPU 0 (we poll). Needs shared info. */
void xen_evtchn_init(void);

/* A new port for domain `remote` to bind to (EVTCHNOP_alloc_unbound),
 * masked. Returns 0 or a negative errno. */
int xen_evtchn_alloc_unbound(uint16_t remote, uint32_t *port);

/* Closes a port. */
int xen_evtchn_close(uint32_t port);

/* True if `port` is pending; xen_evtchn_clear() acknowledges it. */
bool xen_evtchn_pending(uint32_t port);
void xen_evtchn_clear(uint32_t port);

/* Sleeps until one of ports[0..n) is pending or Xen time reaches
 * deadline_ns (0: no deadline). Returns 0 or a negative errno. Ports that
 * are already pending make it return at once; it does not clear them. */
int xen_evtchn_poll(const uint32_t *ports, unsigned n, uint64_t deadline_ns);

#endif
