/* The grant table (see xen_gnttab.h). */
#include <errno.h>
#include <stddef.h>

#include "xen_cpu.h"
#include "xen_gnttab.h"
#include "xen_hyp.h"

#define XENMEM_ADD_TO_PHYSMAP 7
#define XENMAPSPACE_GRANT_TABLE 1
#define DOMID_SELF 0x7ff0u
#define GTF_PERMIT_ACCESS 1u
#define GTF_READONLY 4u
#define GTF_READING 8u
#define GTF_WRITING 16u
#define ENTRIES (XEN_GNTTAB_FRAMES * 4096 / 8)

/* struct grant_entry_v1 (public/grant_table.h). */
struct grant_entry {
	uint16_t flags;
	uint16_t domid;
	uint32_t frame;
};
_Static_assert(sizeof(struct grant_entry) == 8, "grant_entry_v1");

static uint8_t frames[XEN_GNTTAB_FRAMES][4096] __attribute__((aligned(4096)));
static volatile struct grant_entry *table;
/* Free list: next_free[ref] is the next free reference, or 0 (no
 * reference below XEN_GNTTAB_RESERVED is ever free). */
static uint16_t next_free[ENTRIES];
static uint16_t free_head;
static unsigned n_free;

int xen_gnttab_init(void)
{
	for (unsigned i = 0; i < XEN_GNTTAB_FRAMES; i++) {
		struct {
			uint16_t domid, size;
			uint32_t space;
			uint64_t idx, gpfn;
		} a = {DOMID_SELF, 0, XENMAPSPACE_GRANT_TABLE, i,
		       (uint64_t)(uintptr_t)frames[i] >> 12};
		long rc = xen_hypercall(XEN_HC_MEMORY_OP, XENMEM_ADD_TO_PHYSMAP,
					(uint64_t)(uintptr_t)&a, 0, 0, 0);

		if (rc < 0)
			return (int)rc;
	}
	table = (volatile struct grant_entry *)(void *)frames[0];
	free_head = 0;
	n_free = 0;
	for (unsigned r = ENTRIES - 1; r >= XEN_GNTTAB_RESERVED; r--) {
		next_free[r] = free_head;
		free_head = (uint16_t)r;
		n_free++;
	}
	return 0;
}

int xen_gnttab_grant(uint16_t domid, uint64_t gfn, bool ro)
{
	uint16_t ref = free_head;

	if (!table || !ref || gfn > 0xffffffffu)
		return -ENOSPC;
	free_head = next_free[ref];
	n_free--;
	table[ref].domid = domid;
	table[ref].frame = (uint32_t)gfn;
	xen_wmb(); /* the frame before the flags that publish it */
	table[ref].flags =
	    (uint16_t)(GTF_PERMIT_ACCESS | (ro ? GTF_READONLY : 0));
	return ref;
}

int xen_gnttab_end(uint32_t ref)
{
	uint16_t flags;

	if (!table || ref < XEN_GNTTAB_RESERVED || ref >= ENTRIES)
		return -EINVAL;
	flags = table[ref].flags;
	if (!(flags & GTF_PERMIT_ACCESS))
		return -EINVAL; /* not granted (or ended twice) */
	do {
		if (flags & (GTF_READING | GTF_WRITING))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(
	    (uint16_t *)(uintptr_t)&table[ref].flags, &flags, 0, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	next_free[ref] = free_head;
	free_head = (uint16_t)ref;
	n_free++;
	return 0;
}

unsigned xen_gnttab_free_count(void)
{
	return n_free;
}
