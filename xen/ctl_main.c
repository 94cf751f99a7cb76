/* of-controller.xen: the controller core and its built-in apps on
 * netstack, on the guest's first vif; switches connect to it over TCP.
 * The command line (xl's extra=) is space-separated KEY=VALUE words
 * (xen_args.h: net=, port=, app=, log=, secs=). A bad word, or a vif
 * xenstore describes wrongly, powers the image off with a line saying
 * why (xen_refuse). One event loop: netfront, netstack, the
 * channels and the core's timers, sleeping in SCHEDOP_poll until the next
 * deadline. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_plat.h"
#include "ns.h"
#include "ns_stack_tcp.h"
#include "ns_tcp.h"
#include "ns_tcp_chan.h"
#include "xen_args.h"
#include "xen_boot.h"
#include "xen_console.h"
#include "xen_net.h"
#include "xen_panic.h"
#include "xen_plat.h"
#include "xen_selftest.h"
#include "xen_time.h"

#define MAX_CHANS 16 /* switches at once */

static struct xen_net net;
static struct ns_tcp tcp;
static struct ns_chan_pool pool;
static struct ctl_worker *worker;
static uint64_t boot_ms; /* xen_boot's start_ms */
static bool first_conn = true;

static void *up_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
		       const char *peer)
{
	(void)ctx;
	if (first_conn) {
		/* The boot-time figure: our HELLO goes out in this call. */
		first_conn = false;
		xen_printf("of-controller: first switch connection (%s) %llu "
			   "ms after boot\n",
			   peer, (unsigned long long)(xen_time_ms() - boot_ms));
	}
	return ctl_conn_open(worker, ops, impl, peer);
}

static void up_input(void *handle, const uint8_t *data, size_t size)
{
	ctl_conn_input(handle, data, size);
}

static void up_closed(void *handle)
{
	ctl_conn_closed(handle);
}

static const struct ns_chan_upper upper = {
    .opened = up_opened,
    .input = up_input,
    .closed = up_closed,
};

static void start_net(struct xen_boot *boot, const struct xa_ctl *o)
{
	int rc;

	xen_net_up(&net, boot, o->net, XEN_NET_FIRST_VIF, "of-controller");
	xen_net_tcp(&net, &tcp, 2 * MAX_CHANS + NS_CHAN_LISTENERS);
	xen_net_pool(&net, &pool, &tcp, MAX_CHANS, 64u << 10, &upper, NULL);
	rc = ns_chan_listen(&pool, o->port, 16);
	if (rc < 0)
		xen_panic("of-controller: listen on port %u: error %d", o->port,
			  rc);
}

void xen_main(struct xen_boot *boot)
{
	struct xa_ctl o;
	struct ctl_config cc;
	struct ctl *ctl;
	char err[160], a[16];
	uint64_t end;

	boot_ms = boot->start_ms;
	xen_selftest_if_bare(boot, "of-controller");
	if (xa_ctl_parse(boot->info.cmdline, &o, err, sizeof(err)) < 0)
		xen_refuse("of-controller: %s", err);
	xen_plat_set_log_level(o.level);
	ctl_config_default(&cc);
	ctl = ctl_create(&cc);
	if (!ctl)
		xen_panic("of-controller: out of memory");
	for (unsigned i = 0; i < o.n_apps; i++) {
		char *colon = strchr(o.apps[i], ':');

		if (colon)
			*colon = '\0';
		if (ctl_add_app(ctl, o.apps[i], colon ? colon + 1 : NULL, err,
				sizeof(err)) != OF_OK)
			xen_refuse("of-controller: app=%s: %s", o.apps[i], err);
	}
	worker = ctl_worker_create(ctl, 0);
	if (!worker)
		xen_panic("of-controller: out of memory");
	start_net(boot, &o);
	xen_printf("of-controller: listening on %s:%u (netstack on vif %u, "
		   "mac %02x:%02x:%02x:%02x:%02x:%02x); apps:",
		   ns_ip_str(ns_addr(net.stack), a, sizeof(a)), o.port,
		   net.vif.id, net.vif.mac[0], net.vif.mac[1], net.vif.mac[2],
		   net.vif.mac[3], net.vif.mac[4], net.vif.mac[5]);
	for (unsigned i = 0; i < o.n_apps; i++)
		xen_printf(" %s", o.apps[i]);
	xen_printf(" (%llu ms after boot, %llu KiB of pages free)\n",
		   (unsigned long long)(xen_time_ms() - boot_ms),
		   (unsigned long long)(xen_mm_free_pages(&boot->mm) * 4));
	end = o.secs ? xen_time_ms() + (uint64_t)o.secs * 1000 : UINT64_MAX;
	while (xen_time_ms() < end) {
		int got = xen_net_poll(&net, "of-controller");
		uint64_t until, t;

		if (ns_chan_pending(&pool) ||
		    ns_chan_next_deadline(&pool) <= xen_time_ms())
			ns_chan_service(&pool);
		if (ctl_worker_next_timeout(worker) == 0)
			ctl_worker_run(worker);
		ns_chan_flush(&pool);
		xen_net_flush(&net);
		if (got > 0 || ns_chan_pending(&pool))
			continue;
		until = ns_chan_next_deadline(&pool);
		t = ctl_worker_next_timeout(worker);
		if (t != UINT64_MAX && xen_time_ms() + t < until)
			until = xen_time_ms() + t;
		xen_net_sleep(&net, until < end ? until : end);
	}
	ns_chan_shutdown(&pool);
	xen_printf("of-controller: %llu connections; stopped\n",
		   (unsigned long long)pool.opened);
	xen_exit(XEN_EXIT_OK);
}
