/* The PVH start of day: struct hvm_start_info as Xen's public header
 * arch-x86/hvm/start_info.h lays it out, and a parser that copies what the
 * platform keeps (command line, memory map, modules) into a struct of our
 * own, so that the pages the loader used can be reused. */
#ifndef XEN_PVH_H
#define XEN_PVH_H

#include <stdbool.h>
#include <stdint.h>

#define XEN_HVM_START_MAGIC 0x336ec578u

/* Memory map entry types (E820 numbering). */
#define XEN_MEMMAP_RAM 1
#define XEN_MEMMAP_RESERVED 2
#define XEN_MEMMAP_ACPI 3
#define XEN_MEMMAP_NVS 4
#define XEN_MEMMAP_UNUSABLE 5

struct xen_hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* version >= 1 */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};
_Static_assert(sizeof(struct xen_hvm_start_info) == 56, "start_info");

struct xen_hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};
_Static_assert(sizeof(struct xen_hvm_modlist_entry) == 32, "modlist");

struct xen_hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};
_Static_assert(sizeof(struct xen_hvm_memmap_entry) == 24, "memmap");

#define XEN_BOOT_CMDLINE_MAX 1024
#define XEN_BOOT_MEMMAP_MAX 32
#define XEN_BOOT_MODULES_MAX 4

/* What the platform keeps of the start info. */
struct xen_boot_info {
	uint32_t version;
	uint32_t flags;
	uint64_t rsdp_paddr;
	char cmdline[XEN_BOOT_CMDLINE_MAX]; /* "" when none */
	bool cmdline_truncated;
	struct xen_hvm_memmap_entry memmap[XEN_BOOT_MEMMAP_MAX];
	unsigned memmap_count;
	bool memmap_truncated; /* the loader passed more entries */
	struct {
		uint64_t paddr, size;
	} modules[XEN_BOOT_MODULES_MAX];
	unsigned module_count;
};

/* Reads the start info at `si` (identity-mapped physical memory) into
 * *out. Returns 0, or -EINVAL if the magic is wrong. Lengths the loader
 * gives are bounded by the arrays above (the excess is counted as
 * truncated, not read). A version-0 start info has no memory map:
 * memmap_count is then 0. */
int xen_pvh_parse(const struct xen_hvm_start_info *si,
		  struct xen_boot_info *out);

/* A name for a memory map type ("ram", "reserved", ...). */
const char *xen_memmap_type_name(uint32_t type);

#endif
