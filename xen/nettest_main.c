/* nettest.xen: netstack on the guest's first vif, answering ARP and ping
 * (and UDP echo on port 7), for the tier-2 network test. The command line
 * (xl's extra=) is "SETTINGS [secs=N]": SETTINGS as netstack's ns_cfg.h
 * (ip=A.B.C.D/N[,gw=G] or dhcp; the MAC is always the vif's, from
 * xenstore), secs how long to run (default 30). Prints "nettest: up ..."
 * once the vif is connected, its counters at the end, and powers off. */
#include <errno.h>
#include <stdlib.h> /* malloc: xen/include */
#include <string.h>

#include "ns.h"
#include "ns_cfg.h"
#include "ns_udp.h"
#include "vif.h"
#include "xen_boot.h"
#include "xen_console.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_panic.h"
#include "xen_store.h"
#include "xen_time.h"

static struct xen_vif vif;
static struct ns_stack *stack;

static int tx(void *ctx, const uint8_t *frame, size_t size)
{
	(void)ctx;
	return nf_tx(&vif.nf, frame, size);
}

static void rx(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	(void)ns_input(stack, frame, len, xen_time_ms());
}

static void echo(void *ctx, struct ns_stack *s, const struct ns_udp_meta *m,
		 const uint8_t *data, size_t size)
{
	(void)ns_udp_sendto(s, *(int *)ctx, m->src, m->sport, data, size);
}

/* "SETTINGS [secs=N]": the settings word and the seconds. */
static int parse_cmdline(const char *line, char *settings, size_t size,
			 unsigned *secs)
{
	const char *sp = strchr(line, ' ');
	size_t n = sp ? (size_t)(sp - line) : strlen(line);

	if (n == 0 || n >= size)
		return -EINVAL;
	memcpy(settings, line, n);
	settings[n] = '\0';
	*secs = 30;
	if (sp) {
		unsigned long v = 0;
		const char *d;

		while (*sp == ' ')
			sp++;
		if (strncmp(sp, "secs=", 5) || !sp[5])
			return -EINVAL;
		for (d = sp + 5; *d; d++) {
			if (*d < '0' || *d > '9' || v > 86400)
				return -EINVAL;
			v = v * 10 + (unsigned long)(*d - '0');
		}
		if (v < 1 || v > 86400)
			return -EINVAL;
		*secs = (unsigned)v;
	}
	return 0;
}

void xen_main(struct xen_boot *boot)
{
	struct ns_config cfg;
	char settings[160], err[160], a[16];
	unsigned ids[XEN_VIF_MAX], n = 0, secs;
	struct xs_client *xs = xen_store();
	uint64_t end;
	static int sock;
	void *mem;

	memset(&cfg, 0, sizeof(cfg));
	if (!xs)
		xen_panic("nettest: no xenstore");
	if (parse_cmdline(boot->info.cmdline, settings, sizeof(settings),
			  &secs) < 0)
		xen_panic("nettest: command line \"%s\": expected SETTINGS "
			  "[secs=N]",
			  boot->info.cmdline);
	if (ns_cfg_parse(settings, &cfg, err, sizeof(err)) < 0)
		xen_panic("nettest: %s", err);
	xen_evtchn_init();
	if (xen_gnttab_init() < 0)
		xen_panic("nettest: no grant table");
	if (xen_vif_list(xs, ids, XEN_VIF_MAX, &n) < 0 || n == 0)
		xen_panic("nettest: no vif in xenstore (device/vif)");
	if (xen_vif_open(&vif, xs, &boot->mm, ids[0], err, sizeof(err)) < 0)
		xen_panic("nettest: %s", err);
	memcpy(cfg.mac, vif.mac, 6);
	cfg.tx = tx;
	cfg.seed = (uint32_t)xen_time_ns();
	mem = malloc(ns_stack_size());
	if (!mem ||
	    ns_init(mem, ns_stack_size(), &cfg, xen_time_ms(), &stack) < 0)
		xen_panic("nettest: netstack does not start");
	sock = ns_udp_bind(stack, 7, echo, &sock);
	xen_printf("nettest: up on vif %u (mac %02x:%02x:%02x:%02x:%02x:%02x, "
		   "backend %s, event channel %u), %s/%u, for %u s\n",
		   vif.id, vif.mac[0], vif.mac[1], vif.mac[2], vif.mac[3],
		   vif.mac[4], vif.mac[5], vif.backend, vif.port,
		   ns_ip_str(cfg.ip, a, sizeof(a)), cfg.prefix, secs);
	end = xen_time_ms() + (uint64_t)secs * 1000;
	for (;;) {
		uint64_t now = xen_time_ms(), dl;
		int got;

		if (now >= end)
			break;
		xen_evtchn_clear(vif.port);
		got = nf_poll(&vif.nf, rx, NULL, 64);
		(void)ns_timers(stack, xen_time_ms());
		nf_flush(&vif.nf);
		if (got < 0)
			xen_panic("nettest: vif %u broken by its backend",
				  vif.id);
		if (got > 0)
			continue;
		dl = ns_next_deadline(stack);
		if (dl > end)
			dl = end;
		(void)xen_evtchn_poll(&vif.port, 1, dl * 1000000);
	}
	{
		const char *name;
		uint64_t v;

		for (size_t i = 0; (name = ns_counter(stack, i, &v)); i++)
			if (v)
				xen_printf("nettest: %s %llu\n", name,
					   (unsigned long long)v);
		xen_printf("nettest: vif rx %llu frames, tx %llu frames, "
			   "bad %llu\n",
			   (unsigned long long)vif.nf.st.rx_frames,
			   (unsigned long long)vif.nf.st.tx_frames,
			   (unsigned long long)(vif.nf.st.rx_bad_id +
						vif.nf.st.rx_bad_len +
						vif.nf.st.rx_bad_flags +
						vif.nf.st.bad_indices));
	}
	xen_printf("nettest: done\n");
	xen_exit(XEN_EXIT_OK);
}
