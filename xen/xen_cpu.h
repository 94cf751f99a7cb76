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

/* Stops this CPU for good (interrupts off). */
static inline __attribute__((noreturn)) void xen_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
