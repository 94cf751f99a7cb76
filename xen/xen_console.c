/* Early console backends: 16550 UART polling, and port 0xe9. */
#include <stdarg.h>
#include <stdint.h>

#include "xen_console.h"
#include "xen_cpu.h"
#include "xen_fmt.h"

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define E9_PORT 0xe9

static unsigned backends;

void xen_console_init(unsigned which)
{
	backends = which;
	if (!(backends & XEN_CONS_SERIAL))
		return;
	xen_outb(COM1 + UART_IER, 0x00);
	xen_outb(COM1 + UART_LCR, 0x80); /* DLAB: divisor follows */
	xen_outb(COM1 + 0, 0x01);	 /* 115200 baud */
	xen_outb(COM1 + 1, 0x00);
	xen_outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	xen_outb(COM1 + UART_FCR, 0xc7); /* FIFO on, cleared */
	xen_outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

static void uart_putc(char c)
{
	/* Bounded wait: a missing UART reads as 0xff (THRE set) or never
	 * becomes ready; either way the console must not hang. */
	for (unsigned i = 0; i < 100000; i++) {
		if (xen_inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	}
	xen_outb(COM1 + UART_THR, (uint8_t)c);
}

void xen_console_write(const char *s, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (backends & XEN_CONS_SERIAL) {
			if (s[i] == '\n')
				uart_putc('\r');
			uart_putc(s[i]);
		}
		if (backends & XEN_CONS_E9)
			xen_outb(E9_PORT, (uint8_t)s[i]);
	}
}

static void console_sink(void *ctx, const char *s, size_t size)
{
	(void)ctx;
	xen_console_write(s, size);
}

int xen_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = xen_vformat(console_sink, NULL, fmt, ap);
	va_end(ap);
	return n;
}
