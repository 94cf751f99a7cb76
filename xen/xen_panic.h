/* Ending the image: the verdict codes, exit, panic, and the report of a
 * CPU exception (boot.S's IDT stubs call xen_exception). */
#ifndef XEN_PANIC_H
#define XEN_PANIC_H

#include <stdint.h>

/* Written to QEMU's isa-debug-exit port (0xf4) in tier 0; QEMU exits with
 * status (code << 1) | 1, so 33, 35, 37 and 39. */
enum xen_exit_code {
	XEN_EXIT_OK = 0x10,
	XEN_EXIT_FAIL = 0x11,
	XEN_EXIT_PANIC = 0x12,
	XEN_EXIT_REFUSED = 0x13, /* a bad setting: nothing went wrong inside */
};

/* Ends the image: under Xen (later: SCHEDOP_shutdown), else through
 * isa-debug-exit; halts if neither takes effect. */
__attribute__((noreturn)) void xen_exit(enum xen_exit_code code);

/* Prints "panic: " and the message, then exits with XEN_EXIT_PANIC. */
__attribute__((noreturn, format(printf, 1, 2))) void xen_panic(const char *fmt,
							       ...);

/* Prints the message (one line, e.g. "of-switch: port=0: expected
 * 1..65535") and "; powering off", then exits with XEN_EXIT_REFUSED: the
 * domain is powered off, not crashed, since the image is sound and only
 * what it was given is not. For bad settings from the boot line or
 * xenstore that leave the image nothing to do. */
__attribute__((noreturn, format(printf, 1, 2))) void xen_refuse(const char *fmt,
								...);

/* Called by boot.S for CPU exception `vec`. */
__attribute__((noreturn)) void xen_exception(uint64_t vec, uint64_t err,
					     uint64_t rip, uint64_t cr2);

#endif
