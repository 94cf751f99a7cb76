/* of-switch.xen: the switch core (switch/) with one OpenFlow port per
 * data vif and its control channel over netstack on the control vif:
 * connections to the controllers of ctl= (reconnected with the core's
 * backoff) and a passive listener (listen=, 6634 by default) for of-ctl
 * and ovs-ofctl. The command line (xl's extra=) is space-separated
 * KEY=VALUE words (xen_args.h). The control vif is ctl-vif= or the first
 * one; every other vif, in id order, becomes port 1, 2, ... (named
 * "vifN"). A data vif that xenstore describes wrongly, or whose backend
 * never connects, is logged and left out; a bad boot line or control vif
 * powers the image off with a line saying why (xen_refuse). One event
 * loop: the data vifs' rings, netstack, the channels and the core's
 * timers, sleeping in SCHEDOP_poll on every vif's event channel until the
 * next deadline. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dp_action.h"
#include "ns.h"
#include "ns_tcp_chan.h"
#include "sw.h"
#include "xen_args.h"
#include "xen_boot.h"
#include "xen_console.h"
#include "xen_evtchn.h"
#include "xen_net.h"
#include "xen_panic.h"
#include "xen_plat.h"
#include "xen_selftest.h"
#include "xen_store.h"
#include "xen_time.h"

#define WHO "of-switch"
#define MAX_MGMT 8	       /* of-ctl / ovs-ofctl connections at once */
#define CTLR_OUTQ (256u << 10) /* a controller channel's output queue */
#define MGMT_OUTQ (128u << 10)
#define RX_BUDGET 64 /* responses per vif per loop turn */

/* One data vif: an OpenFlow port. */
struct port {
	struct xen_vif vif;
	uint16_t port_no;
	bool gone; /* its backend broke the rings: removed from the core */
};

/* One ctl= target: the core's struct sw_ctlr_ops impl, with a pool of
 * one channel (so that its connections are told apart from the
 * listener's). */
struct ctlr {
	struct xa_target t;
	char name[32];
	int index;
	struct ns_chan_pool pool;
	bool failed; /* connect() failed at once: reported from the loop */
	int err;
};

static struct sw *sw;
static struct port ports[XEN_VIF_MAX];
static unsigned n_ports;
static struct xen_net net;
static bool have_net;
static struct ns_tcp tcp;
static struct ns_chan_pool mgmt;
static struct ctlr ctlrs[XA_MAX_CTLRS];
static unsigned n_ctlrs;
static uint64_t boot_ms;
static bool first_conn = true;
/* A received frame, with the core's headroom in front. */
static uint8_t rx_buf[DP_HEADROOM + NF_MAX_FRAME + 64];

/* ---- data ports ------------------------------------------------------ */

static bool port_tx(void *impl, const uint8_t *frame, size_t size)
{
	struct port *p = impl;

	return !p->gone && nf_tx(&p->vif.nf, frame, size) == 0;
}

static void port_flush(void *impl)
{
	struct port *p = impl;

	if (!p->gone)
		nf_flush(&p->vif.nf);
}

static const struct sw_port_ops port_ops = {
    .tx = port_tx,
    .flush = port_flush,
};

static void port_rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct port *p = ctx;

	if (len > sizeof(rx_buf) - DP_HEADROOM) {
		sw_port_rx_lost(sw, p->port_no, 0, 1);
		return;
	}
	memcpy(rx_buf + DP_HEADROOM, frame, len);
	sw_port_rx(sw, p->port_no, rx_buf, sizeof(rx_buf), DP_HEADROOM, len);
}

/* Opens every vif but the control one; logs and leaves out those that
 * fail. */
static void open_ports(struct xen_boot *boot, const unsigned *ids,
		       unsigned n_ids, unsigned ctl_vif, bool have_ctl)
{
	for (unsigned i = 0; i < n_ids; i++) {
		struct port *p = &ports[n_ports];
		char err[160];
		uint64_t t0;

		if (have_ctl && ids[i] == ctl_vif)
			continue;
		t0 = xen_time_ms();
		if (xen_vif_open(&p->vif, xen_store(), &boot->mm, ids[i], err,
				 sizeof(err)) < 0) {
			xen_printf(WHO ": data vif %u left out: %s\n", ids[i],
				   err);
			continue;
		}
		xen_printf(WHO
			   ": vif %u connected (%llu ms in its handshake)\n",
			   ids[i], (unsigned long long)(xen_time_ms() - t0));
		n_ports++;
	}
}

/* Gives the opened vifs to the core as ports 1, 2, ... */
static void add_ports(void)
{
	for (unsigned i = 0; i < n_ports; i++) {
		struct port *p = &ports[i];
		struct sw_port_info info;

		memset(&info, 0, sizeof(info));
		snprintf(info.name, sizeof(info.name), "vif%u", p->vif.id);
		memcpy(info.hw_addr, p->vif.mac, 6);
		info.link_up = true;
		if (sw_port_add(sw, 0, &info, &port_ops, p, &p->port_no) !=
		    OF_OK)
			xen_panic(WHO ": the core refused port vif%u",
				  p->vif.id);
	}
}

/* Polls every data vif; a vif its backend broke is removed. Returns the
 * responses handled. */
static int poll_ports(void)
{
	int got = 0;

	for (unsigned i = 0; i < n_ports; i++) {
		struct port *p = &ports[i];
		int r;

		if (p->gone)
			continue;
		xen_evtchn_clear(p->vif.port);
		r = nf_poll(&p->vif.nf, port_rx, p, RX_BUDGET);
		if (r < 0) {
			xen_printf(WHO ": vif %u broken by its backend; port "
				       "%u removed\n",
				   p->vif.id, p->port_no);
			p->gone = true;
			sw_port_remove(sw, p->port_no);
			continue;
		}
		got += r;
	}
	sw_flush(sw);
	return got;
}

/* ---- channels --------------------------------------------------------- */

static void up_input(void *handle, const uint8_t *data, size_t size)
{
	sw_conn_input(handle, data, size);
}

static void up_closed(void *handle)
{
	sw_conn_closed(handle);
}

static void *mgmt_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
			 const char *peer)
{
	(void)ctx;
	return sw_conn_open(sw, ops, impl, peer);
}

static const struct ns_chan_upper mgmt_upper = {
    .opened = mgmt_opened,
    .input = up_input,
    .closed = up_closed,
};

static void *ctlr_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
			 const char *peer)
{
	struct ctlr *c = ctx;

	if (first_conn) {
		/* The boot-time figure: our HELLO goes out in this call. */
		first_conn = false;
		xen_printf(WHO ": first controller connection (%s) %llu ms "
			       "after boot\n",
			   peer, (unsigned long long)(xen_time_ms() - boot_ms));
	}
	return sw_ctlr_connected(sw, (unsigned)c->index, ops, impl);
}

static void ctlr_aborted(void *ctx, const char *why)
{
	struct ctlr *c = ctx;

	sw_ctlr_failed(sw, (unsigned)c->index, why);
}

static const struct ns_chan_upper ctlr_upper = {
    .opened = ctlr_opened,
    .input = up_input,
    .closed = up_closed,
    .aborted = ctlr_aborted,
};

/* The core's connect(): the SYN goes out now; the outcome comes through
 * the pool (ctlr_opened or ctlr_aborted) or, for an immediate failure
 * (no address yet from DHCP), from the loop. */
static void ctlr_connect(void *impl)
{
	struct ctlr *c = impl;
	int rc = ns_chan_connect(&c->pool, c->t.ip, c->t.port);

	if (rc < 0) {
		c->failed = true;
		c->err = rc;
	}
}

static const struct sw_ctlr_ops ctlr_ops = {
    .connect = ctlr_connect,
};

static void report_failures(void)
{
	for (unsigned i = 0; i < n_ctlrs; i++) {
		struct ctlr *c = &ctlrs[i];

		if (!c->failed)
			continue;
		c->failed = false;
		sw_ctlr_failed(sw, (unsigned)c->index,
			       c->err == -EADDRNOTAVAIL ? "no address yet"
			       : c->err == -ENOMEM	? "no free socket"
							: "cannot connect");
	}
}

/* The channel pools: one per controller, then the listener's; none
 * without a control vif. */
static unsigned n_pools(void)
{
	return have_net ? n_ctlrs + 1 : 0;
}

static struct ns_chan_pool *pool_at(unsigned i)
{
	return i < n_ctlrs ? &ctlrs[i].pool : &mgmt;
}

/* The pools' deferred work, the core's timers, then the output. Returns
 * true if a pool has more to do at once. */
static bool service(void)
{
	bool pending = false;

	for (unsigned i = 0; i < n_pools(); i++) {
		struct ns_chan_pool *p = pool_at(i);

		if (ns_chan_pending(p) ||
		    ns_chan_next_deadline(p) <= xen_time_ms())
			ns_chan_service(p);
	}
	report_failures();
	if (sw_next_timeout(sw) == 0)
		sw_run(sw);
	for (unsigned i = 0; i < n_pools(); i++) {
		ns_chan_flush(pool_at(i));
		pending = pending || ns_chan_pending(pool_at(i));
	}
	if (have_net)
		xen_net_flush(&net);
	return pending;
}

static uint64_t next_deadline(uint64_t end)
{
	uint64_t until = end, t = sw_next_timeout(sw);

	if (t != UINT64_MAX && xen_time_ms() + t < until)
		until = xen_time_ms() + t;
	if (have_net && ns_next_deadline(net.stack) < until)
		until = ns_next_deadline(net.stack);
	for (unsigned i = 0; i < n_pools(); i++)
		if (ns_chan_next_deadline(pool_at(i)) < until)
			until = ns_chan_next_deadline(pool_at(i));
	return until;
}

static void sleep_until(uint64_t until)
{
	uint32_t evs[XEN_VIF_MAX + 1];
	unsigned n = 0;

	if (until <= xen_time_ms())
		return;
	if (have_net)
		evs[n++] = net.vif.port;
	for (unsigned i = 0; i < n_ports; i++)
		if (!ports[i].gone)
			evs[n++] = ports[i].vif.port;
	(void)xen_evtchn_poll(evs, n,
			      until == UINT64_MAX ? 0 : until * 1000000);
}

/* ---- start ------------------------------------------------------------ */

static void start_control(struct xen_boot *boot, const struct xa_sw *o,
			  unsigned vif_id)
{
	xen_net_up(&net, boot, o->net, vif_id, WHO);
	have_net = true;
	xen_net_tcp(&net, &tcp,
		    2 * (o->n_ctlrs + MAX_MGMT) + NS_CHAN_LISTENERS);
	xen_net_pool(&net, &mgmt, &tcp, MAX_MGMT, MGMT_OUTQ, &mgmt_upper, NULL);
	if (o->listen) {
		int rc = ns_chan_listen(&mgmt, o->listen, 8);

		if (rc < 0)
			xen_panic(WHO ": listen on port %u: error %d",
				  o->listen, rc);
	}
	for (unsigned i = 0; i < o->n_ctlrs; i++)
		xen_net_pool(&net, &ctlrs[i].pool, &tcp, 1, CTLR_OUTQ,
			     &ctlr_upper, &ctlrs[i]);
}

static uint64_t dpid_of(const uint8_t mac[6])
{
	uint64_t dpid = 0;

	for (int i = 0; i < 6; i++)
		dpid = dpid << 8 | mac[i];
	return dpid;
}

static void print_start(struct xen_boot *boot, const struct xa_sw *o,
			const struct sw_config *cfg)
{
	char a[16];

	xen_printf(WHO ": datapath %016llx; ports:",
		   (unsigned long long)cfg->datapath_id);
	for (unsigned i = 0; i < n_ports; i++)
		xen_printf(" vif%u(%u)", ports[i].vif.id, ports[i].port_no);
	if (!n_ports)
		xen_printf(" none");
	if (have_net) {
		xen_printf("; control on vif %u (%s, mac "
			   "%02x:%02x:%02x:%02x:%02x:%02x); controllers:",
			   net.vif.id,
			   net.cfg.dhcp ? "dhcp"
					: ns_ip_str(net.cfg.ip, a, sizeof(a)),
			   net.vif.mac[0], net.vif.mac[1], net.vif.mac[2],
			   net.vif.mac[3], net.vif.mac[4], net.vif.mac[5]);
		for (unsigned i = 0; i < n_ctlrs; i++)
			xen_printf(" %s", ctlrs[i].name);
		if (!n_ctlrs)
			xen_printf(" none");
		if (o->listen)
			xen_printf("; listening on port %u", o->listen);
	}
	xen_printf("; fail %s (%llu ms after boot, %llu KiB of pages "
		   "free)\n",
		   o->standalone ? "standalone" : "secure",
		   (unsigned long long)(xen_time_ms() - boot_ms),
		   (unsigned long long)(xen_mm_free_pages(&boot->mm) * 4));
}

void xen_main(struct xen_boot *boot)
{
	unsigned ids[XEN_VIF_MAX], n_ids, ctl_vif = 0;
	struct sw_config cfg;
	struct xa_sw o;
	char err[160], a[16];
	uint64_t end;

	boot_ms = boot->start_ms;
	xen_selftest_if_bare(boot, WHO);
	if (xa_sw_parse(boot->info.cmdline, &o, err, sizeof(err)) < 0)
		xen_refuse(WHO ": %s", err);
	xen_plat_set_log_level(o.level);
	n_ids = xen_net_vifs(ids, XEN_VIF_MAX, WHO);
	if (o.net[0]) {
		unsigned i;

		ctl_vif = o.ctl_vif_set ? o.ctl_vif : ids[0];
		for (i = 0; i < n_ids && ids[i] != ctl_vif; i++)
			;
		if (i == n_ids)
			xen_refuse(WHO ": ctl-vif=%u: the domain has no such "
				       "vif",
				   ctl_vif);
	}
	open_ports(boot, ids, n_ids, ctl_vif, o.net[0] != '\0');
	if (o.net[0])
		start_control(boot, &o, ctl_vif);
	sw_config_default(&cfg);
	cfg.fail_mode = o.standalone ? SW_FAIL_STANDALONE : SW_FAIL_SECURE;
	cfg.max_flows = 8192; /* of the heap; each flow is allocated */
	if (o.dpid_set)
		cfg.datapath_id = o.dpid;
	else if (n_ports)
		cfg.datapath_id = dpid_of(ports[0].vif.mac);
	else if (have_net)
		cfg.datapath_id = dpid_of(net.vif.mac);
	sw = sw_create(&cfg);
	if (!sw)
		xen_panic(WHO ": out of memory for the switch");
	add_ports();
	for (unsigned i = 0; i < o.n_ctlrs; i++) {
		struct ctlr *c = &ctlrs[i];

		c->t = o.ctlrs[i];
		snprintf(c->name, sizeof(c->name), "tcp:%s:%u",
			 ns_ip_str(c->t.ip, a, sizeof(a)), c->t.port);
		n_ctlrs++;
		c->index = sw_add_controller(sw, c->name, &ctlr_ops, c);
		if (c->index < 0)
			xen_panic(WHO ": out of memory for controllers");
	}
	print_start(boot, &o, &cfg);
	end = o.secs ? xen_time_ms() + (uint64_t)o.secs * 1000 : UINT64_MAX;
	while (xen_time_ms() < end) {
		int got = poll_ports();

		if (have_net)
			got += xen_net_poll(&net, WHO);
		if (service() || got > 0)
			continue;
		sleep_until(next_deadline(end));
	}
	sw_shutdown(sw);
	for (unsigned i = 0; i < n_pools(); i++)
		ns_chan_shutdown(pool_at(i));
	xen_printf(WHO ": stopped\n");
	xen_exit(XEN_EXIT_OK);
}
