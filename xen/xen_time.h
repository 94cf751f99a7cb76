/* Shared info and the clock, for a PVH guest: the shared-info page is
 * mapped over a page of ours (XENMEM_add_to_physmap), and the monotonic
 * clock is Xen's system time for vCPU 0, extrapolated from the TSC with
 * the published scale (the pvclock protocol: a version that is odd while
 * Xen updates, read twice). No rdtscp. */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <stdint.h>

/* Maps shared info (needs the hypercall page). Returns 0 or a negative
 * errno. */
int xen_time_init(void);

/* The shared-info page, or NULL before xen_time_init succeeded. */
volatile void *xen_shared_info(void);

/* Nanoseconds of Xen system time (since the host booted; monotonic), or
 * 0 before xen_time_init. */
uint64_t xen_time_ns(void);

/* Milliseconds of the same clock. */
uint64_t xen_time_ms(void);

/* Wall-clock seconds since 1970 (Xen's wc_sec plus system time), for
 * logs. */
uint64_t xen_wallclock_s(void);

#endif
