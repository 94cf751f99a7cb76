/* Shared info and the pvclock (see xen_time.h). */
#include <errno.h>
#include <stddef.h>

#include "xen_cpu.h"
#include "xen_hyp.h"
#include "xen_time.h"

#define XENMEM_ADD_TO_PHYSMAP 7
#define XENMAPSPACE_SHARED_INFO 0
#define DOMID_SELF 0x7ff0u

/* struct vcpu_time_info (public/xen.h). */
struct vcpu_time {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	int8_t pad1[3];
};
_Static_assert(sizeof(struct vcpu_time) == 32, "vcpu_time_info");

/* Offsets in struct shared_info (x86-64): 32 vcpu_info of 64 bytes, each
 * with its time info at 32; the two event-channel bitmaps; then the wall
 * clock. */
#define VCPU0_TIME 32
#define WC_VERSION 3072
#define WC_SEC 3076

struct add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};
_Static_assert(sizeof(struct add_to_physmap) == 24, "xen_add_to_physmap");

/* Its RAM frame is given back to Xen when shared info is mapped here. */
static uint8_t shinfo_page[4096] __attribute__((aligned(4096)));
static volatile uint8_t *shinfo;

int xen_time_init(void)
{
	struct add_to_physmap a = {
	    .domid = DOMID_SELF,
	    .space = XENMAPSPACE_SHARED_INFO,
	    .idx = 0,
	    .gpfn = (uint64_t)(uintptr_t)shinfo_page >> 12,
	};
	long rc = xen_hypercall(XEN_HC_MEMORY_OP, XENMEM_ADD_TO_PHYSMAP,
				(uint64_t)(uintptr_t)&a, 0, 0, 0);

	if (rc < 0)
		return (int)rc;
	shinfo = shinfo_page;
	return 0;
}

volatile void *xen_shared_info(void)
{
	return shinfo;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* (delta << shift or >> -shift) * mul / 2^32, in 64-bit pieces. */
static uint64_t scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (delta >> 32) * mul + (((delta & 0xffffffffu) * mul) >> 32);
}

uint64_t xen_time_ns(void)
{
	volatile struct vcpu_time *t;
	uint32_t v;
	uint64_t ns;

	if (!shinfo)
		return 0;
	t = (volatile struct vcpu_time *)(shinfo + VCPU0_TIME);
	do {
		v = t->version;
		xen_rmb();
		ns = t->system_time + scale(rdtsc() - t->tsc_timestamp,
					    t->tsc_to_system_mul, t->tsc_shift);
		xen_rmb();
	} while ((v & 1) || v != t->version);
	return ns;
}

uint64_t xen_time_ms(void)
{
	return xen_time_ns() / 1000000;
}

uint64_t xen_wallclock_s(void)
{
	volatile uint32_t *ver, *sec;
	uint32_t v, s;

	if (!shinfo)
		return 0;
	ver = (volatile uint32_t *)(shinfo + WC_VERSION);
	sec = (volatile uint32_t *)(shinfo + WC_SEC);
	do {
		v = *ver;
		xen_rmb();
		s = *sec;
		xen_rmb();
	} while ((v & 1) || v != *ver);
	return s + xen_time_ns() / 1000000000;
}
