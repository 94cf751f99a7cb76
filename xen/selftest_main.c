/* The self-test image (selftest.xen): boots, runs the platform
 * self-tests, and reports the verdict (tier 0: isa-debug-exit). */
#include "xen_boot.h"
#include "xen_panic.h"
#include "xen_selftest.h"

void xen_main(struct xen_boot *boot)
{
	unsigned failed = xen_selftest_run(boot);

	xen_exit(failed ? XEN_EXIT_FAIL : XEN_EXIT_OK);
}
