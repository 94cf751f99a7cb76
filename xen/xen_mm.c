/* Free-range computation and the bump page allocator. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "xen_mm.h"

#define PAGE_MASK ((uint64_t)XEN_PAGE_SIZE - 1)

static uint64_t page_up(uint64_t a)
{
	return a > UINT64_MAX - PAGE_MASK ? UINT64_MAX & ~PAGE_MASK
					  : (a + PAGE_MASK) & ~PAGE_MASK;
}

static uint64_t page_down(uint64_t a)
{
	return a & ~PAGE_MASK;
}

/* End of [addr, addr + size), saturating. */
static uint64_t end_of(uint64_t addr, uint64_t size)
{
	return size > UINT64_MAX - addr ? UINT64_MAX : addr + size;
}

struct rset {
	struct xen_mm_range *r;
	unsigned count, max;
	bool lost;
};

static void rset_remove(struct rset *s, unsigned i)
{
	memmove(&s->r[i], &s->r[i + 1], (s->count - i - 1) * sizeof(s->r[0]));
	s->count--;
}

/* Adds [start, end); with no room left, replaces the smallest range if
 * the new one is larger (and records the loss either way). */
static void rset_add(struct rset *s, uint64_t start, uint64_t end)
{
	unsigned small = 0;

	if (start >= end)
		return;
	if (s->count < s->max) {
		s->r[s->count].start = start;
		s->r[s->count].end = end;
		s->count++;
		return;
	}
	s->lost = true;
	if (!s->max)
		return;
	for (unsigned i = 1; i < s->count; i++) {
		if (s->r[i].end - s->r[i].start <
		    s->r[small].end - s->r[small].start)
			small = i;
	}
	if (end - start > s->r[small].end - s->r[small].start) {
		s->r[small].start = start;
		s->r[small].end = end;
	}
}

/* Removes [lo, hi) from every range. */
static void rset_sub(struct rset *s, uint64_t lo, uint64_t hi)
{
	if (lo >= hi)
		return;
	for (unsigned i = 0; i < s->count;) {
		struct xen_mm_range *r = &s->r[i];

		if (hi <= r->start || lo >= r->end) {
			i++;
		} else if (lo <= r->start && hi >= r->end) {
			rset_remove(s, i);
		} else if (lo <= r->start) {
			r->start = hi;
			i++;
		} else if (hi >= r->end) {
			r->end = lo;
			i++;
		} else {
			uint64_t tail_start = hi, tail_end = r->end;

			r->end = lo;
			rset_add(s, tail_start, tail_end);
			i++;
		}
	}
}

int xen_mm_compute(const struct xen_hvm_memmap_entry *map, unsigned n,
		   const struct xen_mm_range *holes, unsigned nholes,
		   struct xen_mm_range *out, unsigned max, unsigned *count)
{
	struct rset s = {out, 0, max, false};

	for (unsigned i = 0; i < n; i++) {
		uint64_t start, end;

		if (map[i].type != XEN_MEMMAP_RAM)
			continue;
		start = map[i].addr < XEN_MM_LOW ? XEN_MM_LOW : map[i].addr;
		end = end_of(map[i].addr, map[i].size);
		if (end > XEN_MM_HIGH)
			end = XEN_MM_HIGH;
		rset_add(&s, page_up(start), page_down(end));
	}
	/* Whatever else the map says about a page wins over "ram". */
	for (unsigned i = 0; i < n; i++) {
		if (map[i].type != XEN_MEMMAP_RAM)
			rset_sub(&s, page_down(map[i].addr),
				 page_up(end_of(map[i].addr, map[i].size)));
	}
	for (unsigned i = 0; i < nholes; i++)
		rset_sub(&s, page_down(holes[i].start), page_up(holes[i].end));
	/* Sort by start (few entries: insertion sort), then merge. */
	for (unsigned i = 1; i < s.count; i++) {
		struct xen_mm_range r = s.r[i];
		unsigned j = i;

		for (; j > 0 && s.r[j - 1].start > r.start; j--)
			s.r[j] = s.r[j - 1];
		s.r[j] = r;
	}
	for (unsigned i = 1; i < s.count;) {
		if (s.r[i].start <= s.r[i - 1].end) {
			if (s.r[i].end > s.r[i - 1].end)
				s.r[i - 1].end = s.r[i].end;
			rset_remove(&s, i);
		} else {
			i++;
		}
	}
	*count = s.count;
	return s.lost ? -ENOSPC : 0;
}

void xen_mm_init(struct xen_mm *mm, const struct xen_mm_range *ranges,
		 unsigned count)
{
	memset(mm, 0, sizeof(*mm));
	if (count > XEN_MM_RANGES_MAX)
		count = XEN_MM_RANGES_MAX;
	memcpy(mm->range, ranges, count * sizeof(ranges[0]));
	mm->count = count;
	for (unsigned i = 0; i < count; i++)
		mm->total_pages +=
		    (mm->range[i].end - mm->range[i].start) / XEN_PAGE_SIZE;
}

void *xen_mm_alloc_pages(struct xen_mm *mm, size_t npages)
{
	void *p = xen_mm_alloc_raw(mm, npages);

	if (p)
		memset(p, 0, npages * XEN_PAGE_SIZE);
	return p;
}

void *xen_mm_alloc_raw(struct xen_mm *mm, size_t npages)
{
	uint64_t size;

	if (!npages || npages > UINT64_MAX / XEN_PAGE_SIZE)
		return NULL;
	size = (uint64_t)npages * XEN_PAGE_SIZE;
	for (unsigned i = 0; i < mm->count; i++) {
		struct xen_mm_range *r = &mm->range[i];
		void *p;

		if (r->end - r->start < size)
			continue;
		p = (void *)(uintptr_t)r->start;
		r->start += size;
		mm->used_pages += npages;
		return p;
	}
	return NULL;
}

size_t xen_mm_largest_run(const struct xen_mm *mm)
{
	uint64_t best = 0;

	for (unsigned i = 0; i < mm->count; i++) {
		uint64_t pages =
		    (mm->range[i].end - mm->range[i].start) / XEN_PAGE_SIZE;

		if (pages > best)
			best = pages;
	}
	return (size_t)best;
}

uint64_t xen_mm_free_pages(const struct xen_mm *mm)
{
	return mm->total_pages - mm->used_pages;
}
