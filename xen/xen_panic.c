/* Exit, panic and exception reports. */
#include <stdarg.h>

#include "xen_console.h"
#include "xen_cpu.h"
#include "xen_fmt.h"
#include "xen_hyp.h"
#include "xen_panic.h"

#define DEBUG_EXIT_PORT 0xf4

void xen_exit(enum xen_exit_code code)
{
	/* On Xen: shut the domain down, powered off for success, crashed
	 * otherwise (xl's on_poweroff / on_crash). Without Xen (tier 0
	 * under QEMU) isa-debug-exit ends QEMU with the code; on anything
	 * else the write goes nowhere and we halt. */
	if (xen_hyp_ready())
		(void)xen_shutdown(code == XEN_EXIT_OK ||
					   code == XEN_EXIT_REFUSED
				       ? XEN_SHUTDOWN_POWEROFF
				       : XEN_SHUTDOWN_CRASH);
	xen_outb(DEBUG_EXIT_PORT, (uint8_t)code);
	xen_halt_forever();
}

static void console_sink(void *ctx, const char *s, size_t size)
{
	(void)ctx;
	xen_console_write(s, size);
}

void xen_panic(const char *fmt, ...)
{
	va_list ap;

	xen_console_write("panic: ", 7);
	va_start(ap, fmt);
	xen_vformat(console_sink, NULL, fmt, ap);
	va_end(ap);
	xen_console_write("\n", 1);
	xen_exit(XEN_EXIT_PANIC);
}

void xen_refuse(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xen_vformat(console_sink, NULL, fmt, ap);
	va_end(ap);
	xen_console_write("; powering off\n", 15);
	xen_exit(XEN_EXIT_REFUSED);
}

void xen_exception(uint64_t vec, uint64_t err, uint64_t rip, uint64_t cr2)
{
	static const char *const names[] = {
	    "divide error",
	    "debug",
	    "NMI",
	    "breakpoint",
	    "overflow",
	    "bound range",
	    "invalid opcode",
	    "no FPU",
	    "double fault",
	    "coprocessor overrun",
	    "invalid TSS",
	    "segment not present",
	    "stack fault",
	    "general protection",
	    "page fault",
	    "reserved",
	    "x87 error",
	    "alignment check",
	    "machine check",
	    "SIMD error",
	};
	const char *name =
	    vec < sizeof(names) / sizeof(names[0]) ? names[vec] : "exception";

	xen_panic("CPU exception %llu (%s), error %#llx, rip %#llx, cr2 %#llx",
		  (unsigned long long)vec, name, (unsigned long long)err,
		  (unsigned long long)rip, (unsigned long long)cr2);
}
