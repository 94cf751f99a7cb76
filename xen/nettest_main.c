/* nettest.xen: netstack on the guest's first vif, answering ARP and ping
 * (and UDP echo on port 7), for the tier-2 network test. The command line
 * (xl's extra=) is "SETTINGS [secs=N]": SETTINGS as netstack's ns_cfg.h
 * (ip=A.B.C.D/N[,gw=G] or dhcp; the MAC is always the vif's, from
 * xenstore), secs how long to run (default 30). Prints "nettest: up ..."
 * once the vif is connected, its counters at the end, and powers off. */
#include <errno.h>
#include <string.h>

#include "ns.h"
#include "ns_udp.h"
#include "xen_boot.h"
#include "xen_console.h"
#include "xen_net.h"
#include "xen_panic.h"
#include "xen_time.h"

static struct xen_net net;

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
	char settings[160], a[16];
	unsigned secs;
	uint64_t end;
	static int sock;

	if (parse_cmdline(boot->info.cmdline, settings, sizeof(settings),
			  &secs) < 0)
		xen_panic("nettest: command line \"%s\": expected SETTINGS "
			  "[secs=N]",
			  boot->info.cmdline);
	xen_net_up(&net, boot, settings, XEN_NET_FIRST_VIF, "nettest");
	sock = ns_udp_bind(net.stack, 7, echo, &sock);
	xen_printf("nettest: up on vif %u (mac %02x:%02x:%02x:%02x:%02x:%02x, "
		   "backend %s, event channel %u), %s/%u, for %u s\n",
		   net.vif.id, net.vif.mac[0], net.vif.mac[1], net.vif.mac[2],
		   net.vif.mac[3], net.vif.mac[4], net.vif.mac[5],
		   net.vif.backend, net.vif.port,
		   ns_ip_str(net.cfg.ip, a, sizeof(a)), net.cfg.prefix, secs);
	end = xen_time_ms() + (uint64_t)secs * 1000;
	while (xen_time_ms() < end) {
		int got = xen_net_poll(&net, "nettest");

		xen_net_flush(&net);
		if (got == 0)
			xen_net_sleep(&net, end);
	}
	{
		const struct nf_stats *st = &net.vif.nf.st;
		const char *name;
		uint64_t v;

		for (size_t i = 0; (name = ns_counter(net.stack, i, &v)); i++)
			if (v)
				xen_printf("nettest: %s %llu\n", name,
					   (unsigned long long)v);
		xen_printf("nettest: vif rx %llu frames, tx %llu frames, "
			   "bad %llu\n",
			   (unsigned long long)st->rx_frames,
			   (unsigned long long)st->tx_frames,
			   (unsigned long long)(st->rx_bad_id + st->rx_bad_len +
						st->rx_bad_flags +
						st->bad_indices));
	}
	xen_printf("nettest: done\n");
	xen_exit(XEN_EXIT_OK);
}
