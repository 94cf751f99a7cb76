/* The guest's xenstore connection (see xen_store.h). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "xen_cpu.h"
#include "xen_evtchn.h"
#include "xen_hyp.h"
#include "xen_store.h"
#include "xen_time.h"

static struct xs_client client;
static bool up;
static uint32_t port;

static void store_notify(void *ctx)
{
	(void)ctx;
	(void)xen_evtchn_notify(port);
}

/* Sleeps until something changed in the ring (a reply, or room for the
 * request) or for at most 5 ms, in SCHEDOP_poll on the xenstore port:
 * spinning here would take a CPU from dom0, whose xenstored is what we
 * wait for (under TCG that made every handshake take tens of seconds).
 * xs.c looks at the ring again after every return, so a reply that
 * slipped in before our snapshot costs one slice at most. */
static bool store_wait(void *ctx, uint32_t ms)
{
	volatile struct xs_ring_page *r = ctx;
	uint32_t rsp = r->rsp_prod, req = r->req_cons;
	uint64_t dl = xen_time_ms() + (ms < 5 ? ms : 5);

	xen_evtchn_clear(port);
	if (r->rsp_prod != rsp || r->req_cons != req)
		return true;
	(void)xen_evtchn_poll(&port, 1, dl * 1000000);
	return r->rsp_prod != rsp || r->req_cons != req;
}

static uint64_t store_now(void *ctx)
{
	(void)ctx;
	return xen_time_ms();
}

static const struct xs_ops store_ops = {
    .notify = store_notify,
    .wait = store_wait,
    .now_ms = store_now,
};

int xen_store_init(void)
{
	uint64_t pfn, evtchn;
	int rc;

	if (!xen_shared_info())
		return -ENODEV; /* no clock: waits could not end */
	rc = xen_hvm_get_param(XEN_HVM_PARAM_STORE_PFN, &pfn);
	if (rc == 0)
		rc = xen_hvm_get_param(XEN_HVM_PARAM_STORE_EVTCHN, &evtchn);
	if (rc < 0)
		return rc;
	if (!pfn || pfn >= (1ull << 20) || !evtchn || evtchn > 0xffffffffu)
		return -EINVAL;
	port = (uint32_t)evtchn;
	xs_init(&client, (volatile struct xs_ring_page *)(uintptr_t)(pfn << 12),
		&store_ops, (void *)(uintptr_t)(pfn << 12));
	up = true;
	return 0;
}

struct xs_client *xen_store(void)
{
	return up ? &client : NULL;
}
