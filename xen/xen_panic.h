/* Ending the image: the verdict codes, exit, panic, and the report of a
 * CPU exception (boot.S's IDT stubs call xen_exception). */
#ifndef XEN_PANIC_H
#define XEN_PANIC_H

#include <stdint.h>

/* Written to QEMU's isa-debug-exit port (0xf4) in tier 0; QEMU exits with
 * status (code << 1) | 1, so 33, 35 and 37. */
enum xen_exit_code {
	XEN_EXIT_OK = 0x10,
	XEN_EXIT_FAIL = 0x11,
	XEN_EXIT_PANIC = 0x12,
};

/* Ends the image: under Xen (later: SCHEDOP_shutdown), else through
 * isa-debug-exit; halts if neither takes effect. */
__attribute__((noreturn)) void xen_exit(enum xen_exit_code code);

/* Prints "panic: " and the message, then exits with XEN_EXIT_PANIC. */
__attribute__((noreturn, format(printf, 1, 2))) void xen_panic(const char *fmt,
							       ...);

/* Called by boot.S for CPU exception `vec`. */
__attribute__((noreturn)) void xen_exception(uint64_t vec, uint64_t err,
					     uint64_t rip, uint64_t cr2);

#endif
