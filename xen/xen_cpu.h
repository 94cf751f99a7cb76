/* x86 instructions the platform needs: port I/O, CPUID, halting. */
#ifndef XEN_CPU_H
#define XEN_CPU_H

#include <stdint.h>

static inline void xen_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t xen_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline void xen_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

/* Orders stores to shared rings before the index update the other side
 * reads (x86: stores are not reordered with stores; the compiler must
 * not reorder them either). */
static inline void xen_wmb(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Orders the read of an index before the reads of what it covers. */
static inline void xen_rmb(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Full barrier (a store to an index, then a read of the other side's). */
static inline void xen_mb(void)
{
	__asm__ volatile("mfence" : : : "memory");
}

/* Stops this CPU for good (interrupts off). */
static inline __attribute__((noreturn)) void xen_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
