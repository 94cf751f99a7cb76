/* netstack on the first vif (see xen_net.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ns_cfg.h"
#include "ns_stack_tcp.h"
#include "xen_console.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_net.h"
#include "xen_panic.h"
#include "xen_store.h"
#include "xen_time.h"

static int tx(void *ctx, const uint8_t *frame, size_t size)
{
	struct xen_net *n = ctx;

	return nf_tx(&n->vif.nf, frame, size);
}

static void rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct xen_net *n = ctx;

	(void)ns_input(n->stack, frame, len, xen_time_ms());
}

void xen_net_init(const char *who)
{
	static bool done;

	if (done)
		return;
	if (!xen_store())
		xen_panic("%s: no xenstore", who);
	xen_evtchn_init();
	if (xen_gnttab_init() < 0)
		xen_panic("%s: no grant table", who);
	done = true;
}

unsigned xen_net_vifs(unsigned *ids, unsigned max, const char *who)
{
	unsigned count = 0;

	xen_net_init(who);
	if (xen_vif_list(xen_store(), ids, max, &count) < 0 || count == 0)
		xen_refuse("%s: no vif in xenstore (device/vif): give the "
			   "domain one with vif = [ ... ] in its xl config",
			   who);
	return count;
}

void xen_net_up(struct xen_net *n, struct xen_boot *boot, const char *settings,
		unsigned vif_id, const char *who)
{
	unsigned ids[XEN_VIF_MAX];
	char err[160];
	uint64_t t0;
	void *mem;

	memset(n, 0, sizeof(*n));
	if (ns_cfg_parse(settings, &n->cfg, err, sizeof(err)) < 0)
		xen_refuse("%s: net=%s: %s", who, settings, err);
	if (vif_id == XEN_NET_FIRST_VIF) {
		(void)xen_net_vifs(ids, XEN_VIF_MAX, who);
		vif_id = ids[0];
	}
	xen_net_init(who);
	t0 = xen_time_ms();
	if (xen_vif_open(&n->vif, xen_store(), &boot->mm, vif_id, err,
			 sizeof(err)) < 0)
		xen_refuse("%s: %s", who, err);
	xen_printf("%s: vif %u connected (%llu ms in its handshake)\n", who,
		   vif_id, (unsigned long long)(xen_time_ms() - t0));
	n->who = who;
	memcpy(n->cfg.mac, n->vif.mac, 6);
	n->cfg.tx = tx;
	n->cfg.ctx = n;
	n->cfg.seed = (uint32_t)xen_time_ns();
	mem = malloc(ns_stack_size());
	if (!mem || ns_init(mem, ns_stack_size(), &n->cfg, xen_time_ms(),
			    &n->stack) < 0)
		xen_panic("%s: netstack does not start", who);
}

void xen_net_tcp(struct xen_net *n, struct ns_tcp *tcp, unsigned max_socks)
{
	struct ns_tcp_config cfg;
	size_t size;
	void *mem;

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_socks = max_socks;
	for (size_t i = 0; i < sizeof(cfg.secret); i++)
		cfg.secret[i] =
		    (uint8_t)(xen_time_ns() >> (i % 8 * 8)) ^ n->vif.mac[i % 6];
	size = ns_tcp_mem_size(&cfg);
	mem = malloc(size);
	if (!mem || ns_stack_tcp_init(n->stack, tcp, &cfg, mem, size) < 0)
		xen_panic("%s: netstack TCP does not start", n->who);
}

static uint64_t pool_now(void *ctx)
{
	(void)ctx;
	return xen_time_ms();
}

void xen_net_pool(struct xen_net *n, struct ns_chan_pool *p, struct ns_tcp *tcp,
		  unsigned max_chans, uint32_t outq,
		  const struct ns_chan_upper *up, void *up_ctx)
{
	struct ns_chan_config cfg;
	size_t size;
	void *mem;

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_chans = max_chans;
	cfg.outq_size = outq;
	cfg.up = up;
	cfg.up_ctx = up_ctx;
	cfg.now = pool_now;
	size = ns_chan_mem_size(&cfg);
	mem = malloc(size);
	if (!mem || ns_chan_init(p, &cfg, tcp, mem, size) < 0)
		xen_panic("%s: out of memory for channels", n->who);
}

int xen_net_poll(struct xen_net *n, const char *who)
{
	uint32_t addr;
	int got;

	xen_evtchn_clear(n->vif.port);
	got = nf_poll(&n->vif.nf, rx, n, 64);
	if (got < 0)
		xen_panic("%s: vif %u broken by its backend", who, n->vif.id);
	(void)ns_timers(n->stack, xen_time_ms());
	addr = ns_addr(n->stack);
	if (n->cfg.dhcp && addr != n->addr) {
		char a[16];

		n->addr = addr;
		if (addr)
			xen_printf("%s: DHCP gave vif %u the address %s\n", who,
				   n->vif.id, ns_ip_str(addr, a, sizeof(a)));
		else
			xen_printf("%s: vif %u lost its DHCP address\n", who,
				   n->vif.id);
	}
	return got;
}

void xen_net_flush(struct xen_net *n)
{
	nf_flush(&n->vif.nf);
}

void xen_net_sleep(struct xen_net *n, uint64_t until_ms)
{
	uint64_t dl = ns_next_deadline(n->stack);

	if (until_ms < dl)
		dl = until_ms;
	if (dl <= xen_time_ms())
		return;
	(void)xen_evtchn_poll(&n->vif.port, 1,
			      dl == UINT64_MAX ? 0 : dl * 1000000);
}
