/* xen_start: from boot.S's long mode to the image's main. */
#include <string.h>

#include "xen_boot.h"
#include "xen_console.h"
#include "xen_cpu.h"
#include "xen_hyp.h"
#include "xen_panic.h"
#include "xen_store.h"
#include "xen_time.h"

extern char __image_start[], __image_end[];

/* Read at entry: boot.S must have zeroed the BSS. */
static uint8_t bss_probe[256];
static struct xen_boot boot;

bool xen_cpu_is_xen(void)
{
	for (uint32_t leaf = 0x40000000; leaf < 0x40010000; leaf += 0x100) {
		uint32_t r[4];
		char sig[13];

		xen_cpuid(leaf, 0, r);
		memcpy(sig, &r[1], 4);
		memcpy(sig + 4, &r[2], 4);
		memcpy(sig + 8, &r[3], 4);
		sig[12] = '\0';
		if (!strcmp(sig, "XenVMMXenVMM"))
			return true;
	}
	return false;
}

static void print_memmap(const struct xen_boot_info *bi)
{
	for (unsigned i = 0; i < bi->memmap_count; i++) {
		const struct xen_hvm_memmap_entry *e = &bi->memmap[i];

		xen_printf("memmap: %#012llx-%#012llx %s\n",
			   (unsigned long long)e->addr,
			   (unsigned long long)(e->addr + e->size),
			   xen_memmap_type_name(e->type));
	}
	if (bi->memmap_truncated)
		xen_printf("memmap: more than %u entries, the rest ignored\n",
			   XEN_BOOT_MEMMAP_MAX);
}

static void setup_memory(struct xen_boot *b)
{
	struct xen_mm_range holes[1 + XEN_BOOT_MODULES_MAX];
	struct xen_mm_range ranges[XEN_MM_RANGES_MAX];
	unsigned nholes = 0, count = 0;
	size_t run, heap_pages;
	void *heap_mem;

	holes[nholes].start = b->image_start;
	holes[nholes++].end = b->image_end;
	for (unsigned i = 0; i < b->info.module_count; i++) {
		holes[nholes].start = b->info.modules[i].paddr;
		holes[nholes++].end =
		    b->info.modules[i].paddr + b->info.modules[i].size;
	}
	if (xen_mm_compute(b->info.memmap, b->info.memmap_count, holes, nholes,
			   ranges, XEN_MM_RANGES_MAX, &count) < 0)
		b->mm_truncated = true;
	xen_mm_init(&b->mm, ranges, count);
	for (unsigned i = 0; i < b->mm.count; i++)
		xen_printf("mm: free %#012llx-%#012llx (%llu KiB)\n",
			   (unsigned long long)b->mm.range[i].start,
			   (unsigned long long)b->mm.range[i].end,
			   (unsigned long long)(b->mm.range[i].end -
						b->mm.range[i].start) >>
			       10);
	if (!b->mm.total_pages)
		xen_panic("no free memory in the memory map");

	run = xen_mm_largest_run(&b->mm);
	heap_pages = run > 2 * XEN_HEAP_RESERVE_PAGES
			 ? run - XEN_HEAP_RESERVE_PAGES
			 : run / 2;
	if (heap_pages > XEN_HEAP_MAX / XEN_PAGE_SIZE)
		heap_pages = XEN_HEAP_MAX / XEN_PAGE_SIZE;
	heap_mem = heap_pages ? xen_mm_alloc_raw(&b->mm, heap_pages) : NULL;
	if (!heap_mem ||
	    xen_heap_init(&b->heap, heap_mem, heap_pages * XEN_PAGE_SIZE) < 0)
		xen_panic("cannot set up the heap (%zu pages)", heap_pages);
	xen_heap_set_global(&b->heap);
	xen_printf("mm: heap %zu KiB at %p, %llu pages left to the page "
		   "allocator\n",
		   heap_pages * (XEN_PAGE_SIZE / 1024), heap_mem,
		   (unsigned long long)xen_mm_free_pages(&b->mm));
}

void xen_start(uint32_t start_info_paddr)
{
	struct xen_boot *b = &boot;

	b->bss_was_zero = true;
	for (size_t i = 0; i < sizeof(bss_probe); i++) {
		if (bss_probe[i])
			b->bss_was_zero = false;
	}
	b->on_xen = xen_cpu_is_xen();
	xen_console_init(b->on_xen ? XEN_CONS_E9 : XEN_CONS_SERIAL);
	b->start_info_paddr = start_info_paddr;
	b->image_start = (uint64_t)(uintptr_t)__image_start;
	b->image_end = (uint64_t)(uintptr_t)__image_end;
	xen_printf("boot: PVH entry on %s, start_info at %#x, image "
		   "%#llx-%#llx\n",
		   b->on_xen ? "Xen" : "bare x86 (no Xen)", start_info_paddr,
		   (unsigned long long)b->image_start,
		   (unsigned long long)b->image_end);
	if (b->on_xen) {
		unsigned major, minor;
		int rc = xen_hyp_init();

		if (rc == 0 && xen_version(&major, &minor) == 0)
			xen_printf(
			    "boot: Xen %u.%u, hypercall page installed\n",
			    major, minor);
		else
			xen_printf("boot: no hypercall page (%d)\n", rc);
		rc = xen_console_ring_init();
		b->console_ring = rc == 0;
		xen_printf("boot: console ring %s\n",
			   rc == 0 ? "up" : "unavailable");
		rc = xen_time_init();
		if (rc == 0)
			b->start_ms = xen_time_ms();
		if (rc == 0)
			xen_printf(
			    "boot: shared info mapped, Xen time %llu ms, "
			    "wall clock %llu s\n",
			    (unsigned long long)xen_time_ms(),
			    (unsigned long long)xen_wallclock_s());
		else
			xen_printf("boot: no shared info (%d)\n", rc);
		rc = rc == 0 ? xen_store_init() : rc;
		xen_printf("boot: xenstore %s (%d)\n",
			   rc == 0 ? "connected" : "unavailable", rc);
	}
	if (xen_pvh_parse((const void *)(uintptr_t)start_info_paddr, &b->info) <
	    0)
		xen_panic("no PVH start info at %#x (bad magic)",
			  start_info_paddr);
	xen_printf("boot: start_info version %u, cmdline \"%s\"%s\n",
		   (unsigned)b->info.version, b->info.cmdline,
		   b->info.cmdline_truncated ? " (truncated)" : "");
	print_memmap(&b->info);
	setup_memory(b);
	xen_main(b);
}
