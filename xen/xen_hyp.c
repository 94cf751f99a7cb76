/* Hypercalls (see xen_hyp.h). */
#include <errno.h>
#include <string.h>

#include "xen_cpu.h"
#include "xen_hyp.h"

#define DOMID_SELF 0x7ff0u
#define XENVER_VERSION 0
#define HVMOP_GET_PARAM 1
#define EVTCHNOP_SEND 4
#define SCHEDOP_SHUTDOWN 2

/* Filled by Xen through the MSR: executable (our page tables set no NX)
 * and identity-mapped, so its address is its guest-physical address. */
static uint8_t hypercall_page[4096] __attribute__((aligned(4096)));
static bool ready;

int xen_hyp_init(void)
{
	for (uint32_t leaf = 0x40000000; leaf < 0x40010000; leaf += 0x100) {
		uint32_t r[4];

		xen_cpuid(leaf, 0, r);
		if (memcmp(&r[1], "XenV", 4) || memcmp(&r[2], "MMXe", 4) ||
		    memcmp(&r[3], "nVMM", 4) || r[0] < leaf + 2)
			continue;
		/* leaf + 2: EAX pages of hypercall stubs, EBX the MSR. */
		xen_cpuid(leaf + 2, 0, r);
		if (r[0] < 1)
			return -ENODEV;
		xen_wrmsr(r[1], (uint64_t)(uintptr_t)hypercall_page);
		ready = true;
		return 0;
	}
	return -ENODEV;
}

bool xen_hyp_ready(void)
{
	return ready;
}

long xen_hypercall(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4, uint64_t a5)
{
	register uint64_t rdi __asm__("rdi") = a1;
	register uint64_t rsi __asm__("rsi") = a2;
	register uint64_t rdx __asm__("rdx") = a3;
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	long ret;

	if (!ready || op >= sizeof(hypercall_page) / 32)
		return -ENOSYS;
	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			   "+r"(r10), "+r"(r8)
			 : [stub] "r"(hypercall_page + op * 32)
			 : "memory", "rcx", "r11", "r9");
	return ret;
}

int xen_version(unsigned *major, unsigned *minor)
{
	long v = xen_hypercall(XEN_HC_XEN_VERSION, XENVER_VERSION, 0, 0, 0, 0);

	if (v < 0)
		return (int)v;
	*major = (unsigned)((unsigned long)v >> 16);
	*minor = (unsigned)(v & 0xffff);
	return 0;
}

/* struct xen_hvm_param (public/hvm/hvm_op.h). */
struct hvm_param {
	uint16_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};
_Static_assert(sizeof(struct hvm_param) == 16, "xen_hvm_param");

int xen_hvm_get_param(uint32_t index, uint64_t *value)
{
	struct hvm_param p = {.domid = DOMID_SELF, .index = index};
	long rc = xen_hypercall(XEN_HC_HVM_OP, HVMOP_GET_PARAM,
				(uint64_t)(uintptr_t)&p, 0, 0, 0);

	if (rc < 0)
		return (int)rc;
	*value = p.value;
	return 0;
}

int xen_evtchn_notify(uint32_t port)
{
	uint32_t send = port; /* struct evtchn_send */

	return (int)xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, EVTCHNOP_SEND,
				  (uint64_t)(uintptr_t)&send, 0, 0, 0);
}

int xen_shutdown(enum xen_shutdown_reason reason)
{
	uint32_t r = (uint32_t)reason; /* struct sched_shutdown */

	return (int)xen_hypercall(XEN_HC_SCHED_OP, SCHEDOP_SHUTDOWN,
				  (uint64_t)(uintptr_t)&r, 0, 0, 0);
}
