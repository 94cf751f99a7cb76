/* Physical memory: which pages are free (from the PVH memory map), and a
 * bump allocator over them. Pages are handed out once and never returned:
 * the platform allocates its rings, pools and heap at boot. Addresses are
 * physical and identity-mapped (boot.S maps the first 4 GiB). */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <stddef.h>
#include <stdint.h>

#include "xen_pvh.h"

#define XEN_PAGE_SIZE 4096u
#define XEN_MM_RANGES_MAX 32
/* Usable window: above the legacy first MiB, below the end of the
 * identity map. */
#define XEN_MM_LOW 0x100000ull
#define XEN_MM_HIGH 0x100000000ull

/* Free physical memory [start, end), page-aligned. */
struct xen_mm_range {
	uint64_t start, end;
};

struct xen_mm {
	struct xen_mm_range range[XEN_MM_RANGES_MAX]; /* sorted, disjoint */
	unsigned count;
	uint64_t total_pages; /* free at init */
	uint64_t used_pages;
};

/* Computes the free ranges: the RAM entries of `map` clipped to
 * [XEN_MM_LOW, XEN_MM_HIGH) and shrunk to whole pages, minus every non-RAM
 * entry and every range of `holes` (the image, modules), sorted and merged.
 * Writes at most `max` ranges to out and their number to *count. Returns
 * 0, or -ENOSPC if some free memory had to be left out for lack of room
 * (the largest pieces are kept). */
int xen_mm_compute(const struct xen_hvm_memmap_entry *map, unsigned n,
		   const struct xen_mm_range *holes, unsigned nholes,
		   struct xen_mm_range *out, unsigned max, unsigned *count);

/* Sets up `mm` over `count` ranges (copied; at most XEN_MM_RANGES_MAX). */
void xen_mm_init(struct xen_mm *mm, const struct xen_mm_range *ranges,
		 unsigned count);

/* Allocates `npages` contiguous zeroed pages (page-aligned). Returns their
 * address, or NULL if no range has that many left. */
void *xen_mm_alloc_pages(struct xen_mm *mm, size_t npages);

/* As xen_mm_alloc_pages, without zeroing (for the heap: touching every
 * page of a large heap at boot costs time, and calloc zeroes anyway). */
void *xen_mm_alloc_raw(struct xen_mm *mm, size_t npages);

/* The longest run of contiguous free pages left. */
size_t xen_mm_largest_run(const struct xen_mm *mm);

/* Pages not yet handed out. */
uint64_t xen_mm_free_pages(const struct xen_mm *mm);

#endif
