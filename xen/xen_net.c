/* netstack on the first vif (see xen_net.h). */
#include <stdlib.h>
#include <string.h>

#include "ns_cfg.h"
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

void xen_net_up(struct xen_net *n, struct xen_boot *boot, const char *settings,
		const char *who)
{
	unsigned ids[XEN_VIF_MAX], count = 0;
	struct xs_client *xs = xen_store();
	char err[160];
	void *mem;

	memset(n, 0, sizeof(*n));
	if (ns_cfg_parse(settings, &n->cfg, err, sizeof(err)) < 0)
		xen_panic("%s: %s: %s", who, settings, err);
	if (!xs)
		xen_panic("%s: no xenstore", who);
	xen_evtchn_init();
	if (xen_gnttab_init() < 0)
		xen_panic("%s: no grant table", who);
	if (xen_vif_list(xs, ids, XEN_VIF_MAX, &count) < 0 || count == 0)
		xen_panic("%s: no vif in xenstore (device/vif)", who);
	if (xen_vif_open(&n->vif, xs, &boot->mm, ids[0], err, sizeof(err)) < 0)
		xen_panic("%s: %s", who, err);
	memcpy(n->cfg.mac, n->vif.mac, 6);
	n->cfg.tx = tx;
	n->cfg.ctx = n;
	n->cfg.seed = (uint32_t)xen_time_ns();
	mem = malloc(ns_stack_size());
	if (!mem || ns_init(mem, ns_stack_size(), &n->cfg, xen_time_ms(),
			    &n->stack) < 0)
		xen_panic("%s: netstack does not start", who);
}

int xen_net_poll(struct xen_net *n, const char *who)
{
	int got;

	xen_evtchn_clear(n->vif.port);
	got = nf_poll(&n->vif.nf, rx, n, 64);
	if (got < 0)
		xen_panic("%s: vif %u broken by its backend", who, n->vif.id);
	(void)ns_timers(n->stack, xen_time_ms());
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
