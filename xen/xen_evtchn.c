/* Event channels (see xen_evtchn.h). */
#include <errno.h>
#include <stddef.h>

#include "xen_cpu.h"
#include "xen_evtchn.h"
#include "xen_hyp.h"
#include "xen_time.h"

#define EVTCHNOP_CLOSE 3
#define EVTCHNOP_ALLOC_UNBOUND 6
#define SCHEDOP_POLL 3
#define DOMID_SELF 0x7ff0u

/* Offsets in shared info (x86-64): vCPU 0's upcall mask, then the two
 * bitmaps of 4096 bits each. */
#define VCPU0_UPCALL_MASK 1
#define EVTCHN_PENDING 2048
#define EVTCHN_MASK 2560

static volatile uint64_t *bitmap(unsigned offset)
{
	volatile uint8_t *s = xen_shared_info();

	return s ? (volatile uint64_t *)(s + offset) : NULL;
}

void xen_evtchn_init(void)
{
	volatile uint8_t *s = xen_shared_info();

	if (s)
		s[VCPU0_UPCALL_MASK] = 1;
}

static void mask(uint32_t port)
{
	volatile uint64_t *m = bitmap(EVTCHN_MASK);

	if (m && port < XEN_EVTCHN_MAX)
		__atomic_fetch_or(&m[port / 64], 1ull << (port % 64),
				  __ATOMIC_SEQ_CST);
}

int xen_evtchn_alloc_unbound(uint16_t remote, uint32_t *port)
{
	struct {
		uint16_t dom, remote_dom;
		uint32_t port;
	} a = {.dom = DOMID_SELF, .remote_dom = remote};
	long rc = xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, EVTCHNOP_ALLOC_UNBOUND,
				(uint64_t)(uintptr_t)&a, 0, 0, 0);

	if (rc < 0)
		return (int)rc;
	if (a.port >= XEN_EVTCHN_MAX)
		return -ERANGE;
	mask(a.port);
	*port = a.port;
	return 0;
}

int xen_evtchn_close(uint32_t port)
{
	uint32_t c = port; /* struct evtchn_close */

	return (int)xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, EVTCHNOP_CLOSE,
				  (uint64_t)(uintptr_t)&c, 0, 0, 0);
}

bool xen_evtchn_pending(uint32_t port)
{
	volatile uint64_t *p = bitmap(EVTCHN_PENDING);

	return p && port < XEN_EVTCHN_MAX && (p[port / 64] >> (port % 64) & 1);
}

void xen_evtchn_clear(uint32_t port)
{
	volatile uint64_t *p = bitmap(EVTCHN_PENDING);

	if (p && port < XEN_EVTCHN_MAX)
		__atomic_fetch_and(&p[port / 64], ~(1ull << (port % 64)),
				   __ATOMIC_SEQ_CST);
}

int xen_evtchn_poll(const uint32_t *ports, unsigned n, uint64_t deadline_ns)
{
	struct {
		uint64_t ports; /* guest handle: a pointer */
		uint32_t nr_ports;
		uint32_t pad;
		uint64_t timeout;
	} p = {(uint64_t)(uintptr_t)ports, n, 0, deadline_ns};
	_Static_assert(sizeof(p) == 24, "sched_poll");

	return (int)xen_hypercall(XEN_HC_SCHED_OP, SCHEDOP_POLL,
				  (uint64_t)(uintptr_t)&p, 0, 0, 0);
}
