/* The common start of every image: xen_start (called by boot.S) brings up
 * the console, reads the start info, sets up the page allocator and the
 * global heap, then calls the image's xen_main(). */
#ifndef XEN_BOOT_H
#define XEN_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_heap.h"
#include "xen_mm.h"
#include "xen_pvh.h"

/* The global heap is the largest free run minus this reserve (left to the
 * page allocator for rings and pools: 8 vifs of 2 ring pages and 128
 * buffer pages each, and a little more), capped at XEN_HEAP_MAX. */
#define XEN_HEAP_RESERVE_PAGES 1088
#define XEN_HEAP_MAX (64u << 20)

struct xen_boot {
	bool on_xen;	   /* CPUID says we run under Xen */
	bool console_ring; /* output also goes to the PV console ring */
	uint64_t start_ms; /* Xen time once the clock was up (about entry) */
	bool bss_was_zero; /* a BSS probe read all zero at entry */
	uint32_t start_info_paddr;
	struct xen_boot_info info;
	struct xen_mm mm;
	bool mm_truncated; /* free memory left out (too many ranges) */
	struct xen_heap heap;
	uint64_t image_start, image_end;
};

/* The image's entry point, called once the platform basics are up. */
__attribute__((noreturn)) void xen_main(struct xen_boot *boot);

/* True if CPUID leaf 0x40000000 (or a later hypervisor leaf) says "Xen". */
bool xen_cpu_is_xen(void);

void xen_start(uint32_t start_info_paddr);

#endif
