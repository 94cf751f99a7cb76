/* The early console: a 16550 UART at I/O port 0x3f8 (COM1) when running
 * without Xen (tier 0 under QEMU), Xen's debug port 0xe9 when running as a
 * Xen guest (Xen prints those bytes on its own serial line as "(dN) ..."),
 * and, once the hypercall page is up, the Xen console ring (dom0's
 * xenconsoled logs it: `xl console`, /var/log/xen/console/). Output is
 * synchronous and unbuffered. */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

enum {
	XEN_CONS_SERIAL = 1 << 0, /* 16550 at 0x3f8 */
	XEN_CONS_E9 = 1 << 1,	  /* Xen's (or QEMU -debugcon's) port 0xe9 */
	XEN_CONS_RING = 1 << 2,	  /* the PV console ring */
};

/* Chooses the backends (a mask of XEN_CONS_*) and initialises the UART if
 * it is among them. */
void xen_console_init(unsigned backends);

/* Adds the console ring (HVM_PARAM_CONSOLE_PFN/EVTCHN) to the backends.
 * Needs the hypercall page. Returns 0 or a negative errno (no ring). */
int xen_console_ring_init(void);

/* Writes `size` bytes ("\n" becomes "\r\n" on the UART and the ring). */
void xen_console_write(const char *s, size_t size);

/* Formats to the console (see xen_fmt.h for the syntax). Returns the
 * number of bytes written. */
int xen_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
