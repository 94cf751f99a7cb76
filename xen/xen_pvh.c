/* Copying the PVH start info into struct xen_boot_info. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "xen_pvh.h"

static const void *phys(uint64_t paddr)
{
	return (const void *)(uintptr_t)paddr;
}

int xen_pvh_parse(const struct xen_hvm_start_info *si,
		  struct xen_boot_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!si || si->magic != XEN_HVM_START_MAGIC)
		return -EINVAL;
	out->version = si->version;
	out->flags = si->flags;
	out->rsdp_paddr = si->rsdp_paddr;
	if (si->cmdline_paddr) {
		const char *cl = phys(si->cmdline_paddr);
		size_t n = strnlen(cl, sizeof(out->cmdline));

		if (n == sizeof(out->cmdline)) {
			n--;
			out->cmdline_truncated = true;
		}
		memcpy(out->cmdline, cl, n);
		out->cmdline[n] = '\0';
	}
	if (si->version >= 1 && si->memmap_paddr) {
		const struct xen_hvm_memmap_entry *m = phys(si->memmap_paddr);
		unsigned n = si->memmap_entries;

		if (n > XEN_BOOT_MEMMAP_MAX) {
			n = XEN_BOOT_MEMMAP_MAX;
			out->memmap_truncated = true;
		}
		memcpy(out->memmap, m, n * sizeof(*m));
		out->memmap_count = n;
	}
	if (si->nr_modules && si->modlist_paddr) {
		const struct xen_hvm_modlist_entry *mod =
		    phys(si->modlist_paddr);
		unsigned n = si->nr_modules;

		if (n > XEN_BOOT_MODULES_MAX)
			n = XEN_BOOT_MODULES_MAX;
		for (unsigned i = 0; i < n; i++) {
			out->modules[i].paddr = mod[i].paddr;
			out->modules[i].size = mod[i].size;
		}
		out->module_count = n;
	}
	return 0;
}

const char *xen_memmap_type_name(uint32_t type)
{
	switch (type) {
	case XEN_MEMMAP_RAM:
		return "ram";
	case XEN_MEMMAP_RESERVED:
		return "reserved";
	case XEN_MEMMAP_ACPI:
		return "acpi";
	case XEN_MEMMAP_NVS:
		return "nvs";
	case XEN_MEMMAP_UNUSABLE:
		return "unusable";
	default:
		return "other";
	}
}
