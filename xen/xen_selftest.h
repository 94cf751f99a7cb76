/* The platform's self-tests, run at boot by every image in tier 0: each
 * prints "selftest: ok NAME" or "selftest: FAIL NAME", then a summary line
 * "selftest: N passed, N failed". */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

#include "xen_boot.h"

/* Runs every self-test. Returns the number that failed. */
unsigned xen_selftest_run(struct xen_boot *boot);

/* For the images that need Xen (of-controller.xen, of-switch.xen): booted
 * without it (tier 0: QEMU's PVH loader), runs the self-tests and exits
 * with the verdict, saying so; under Xen, returns at once. */
void xen_selftest_if_bare(struct xen_boot *boot, const char *who);

#endif
