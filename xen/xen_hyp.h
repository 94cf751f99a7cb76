/* Hypercalls, for a PVH guest: the hypercall page (CPUID leaf base+2
 * names the MSR that makes Xen fill a page of ours with one 32-byte stub
 * per hypercall), and the few hypercalls the platform makes directly:
 * the version, HVM parameters, event-channel notification, shutdown.
 * Every function returns 0 or a negative Xen errno (-ENOSYS before
 * xen_hyp_init succeeded). */
#ifndef XEN_HYP_H
#define XEN_HYP_H

#include <stdbool.h>
#include <stdint.h>

/* Hypercall numbers (xen/include/public/xen.h). */
#define XEN_HC_MEMORY_OP 12
#define XEN_HC_XEN_VERSION 17
#define XEN_HC_GRANT_TABLE_OP 20
#define XEN_HC_VCPU_OP 24
#define XEN_HC_SCHED_OP 29
#define XEN_HC_EVENT_CHANNEL_OP 32
#define XEN_HC_HVM_OP 34

/* HVM parameters a PVH guest reads (public/hvm/params.h). */
#define XEN_HVM_PARAM_STORE_PFN 1
#define XEN_HVM_PARAM_STORE_EVTCHN 2
#define XEN_HVM_PARAM_CONSOLE_PFN 17
#define XEN_HVM_PARAM_CONSOLE_EVTCHN 18

/* SCHEDOP_shutdown reasons (public/sched.h). */
enum xen_shutdown_reason {
	XEN_SHUTDOWN_POWEROFF = 0,
	XEN_SHUTDOWN_REBOOT = 1,
	XEN_SHUTDOWN_CRASH = 3,
};

/* Finds Xen's CPUID leaves and installs the hypercall page. Returns 0, or
 * -ENODEV when not on Xen. */
int xen_hyp_init(void);

/* True once the hypercall page is installed. */
bool xen_hyp_ready(void);

/* Hypercall `op` with up to five arguments. */
long xen_hypercall(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4, uint64_t a5);

/* Xen's version (XENVER_version). */
int xen_version(unsigned *major, unsigned *minor);

/* HVMOP_get_param for this domain. */
int xen_hvm_get_param(uint32_t index, uint64_t *value);

/* EVTCHNOP_send: notifies the other end of event channel `port`. */
int xen_evtchn_notify(uint32_t port);

/* SCHEDOP_shutdown with `reason`; returns only if Xen refused (or there
 * is no hypercall page). */
int xen_shutdown(enum xen_shutdown_reason reason);

#endif
