/* Early console backends: 16550 UART polling, and port 0xe9. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>

#include "xen_console.h"
#include "xen_cpu.h"
#include "xen_fmt.h"
#include "xen_hyp.h"

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

/* struct xencons_interface (public/io/console.h). */
struct cons_ring {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};
static volatile struct cons_ring *ring;
static uint32_t ring_port;

int xen_console_ring_init(void)
{
	uint64_t pfn, port;
	int rc;

	rc = xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_PFN, &pfn);
	if (rc == 0)
		rc = xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_EVTCHN, &port);
	if (rc < 0)
		return rc;
	/* Below 4 GiB: the boot page tables map it (identity). */
	if (!pfn || pfn >= (1ull << 20) || port > 0xffffffffu)
		return -EINVAL;
	ring = (volatile struct cons_ring *)(uintptr_t)(pfn << 12);
	ring_port = (uint32_t)port;
	backends |= XEN_CONS_RING;
	return 0;
}

/* Copies bytes into the ring as room allows; gives up on a console
 * nobody drains (bounded wait), so output never hangs the guest. */
static void ring_write(const char *s, size_t size)
{
	size_t i = 0;
	unsigned spins = 0;

	while (i < size) {
		uint32_t cons = ring->out_cons, prod = ring->out_prod;

		xen_rmb();
		if (prod - cons > sizeof(ring->out)) {
			backends &= ~XEN_CONS_RING; /* corrupt: stop using */
			return;
		}
		if (prod - cons == sizeof(ring->out)) {
			(void)xen_evtchn_notify(ring_port);
			if (++spins > 1000000)
				return;
			continue;
		}
		while (i < size && prod - cons < sizeof(ring->out)) {
			ring->out[prod % sizeof(ring->out)] = s[i++];
			prod++;
		}
		xen_wmb();
		ring->out_prod = prod;
	}
	(void)xen_evtchn_notify(ring_port);
}

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
	if (!(backends & XEN_CONS_RING))
		return;
	/* The ring gets "\r\n" for "\n", as a terminal wants. */
	for (size_t i = 0, from = 0; i <= size; i++) {
		if (i == size || s[i] == '\n') {
			ring_write(s + from, i - from);
			if (i < size)
				ring_write("\r\n", 2);
			from = i + 1;
		}
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
