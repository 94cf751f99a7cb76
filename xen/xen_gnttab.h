/* The grant table (v1), for a PVH guest: its frames are mapped over pages
 * of ours (XENMEM_add_to_physmap, XENMAPSPACE_grant_table), and grant
 * references come from a static free list. Pages are named by their
 * guest frame number (our memory is identity-mapped). */
#ifndef XEN_GNTTAB_H
#define XEN_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>

#define XEN_GNTTAB_FRAMES 4   /* 2048 references */
#define XEN_GNTTAB_RESERVED 8 /* 0..7 belong to the toolstack */

/* Maps the table. Returns 0 or a negative errno. */
int xen_gnttab_init(void);

/* Grants domain `domid` access to frame `gfn` (read-only if `ro`).
 * Returns the reference (>= XEN_GNTTAB_RESERVED) or -ENOSPC. */
int xen_gnttab_grant(uint16_t domid, uint64_t gfn, bool ro);

/* Ends a grant: 0, or -EBUSY while the other domain still has it mapped
 * (the reference then stays in use). */
int xen_gnttab_end(uint32_t ref);

/* References free. */
unsigned xen_gnttab_free_count(void);

#endif
