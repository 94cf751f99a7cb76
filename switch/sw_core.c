/* The switch object: configuration, ports and queues, counters, the timer
 * scan, logging. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_internal.h"

/* Fills cfg with the defaults documented in sw.h. */
void sw_config_default(struct sw_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->fail_mode = SW_FAIL_SECURE;
	cfg->max_flows = 65536;
	cfg->max_emerg_flows = 1024;
	cfg->n_buffers = 256;
	cfg->buffer_timeout_ms = 5000;
	cfg->probe_interval_s = 5;
	cfg->max_backoff_s = 8;
	cfg->mac_table_size = 2048;
	cfg->mac_aging_s = 300;
	snprintf(cfg->dp_desc, sizeof(cfg->dp_desc), "%s", "of-switch");
}

/* Logs one line (see sw_internal.h). */
void sw_log(enum plat_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!plat_log_enabled(level))
		return;
	va_start(ap, fmt);
	plat_vlog(level, fmt, ap);
	va_end(ap);
}

/* Logs a peer error through the rate limiter (see sw_internal.h). */
void sw_log_peer(struct sw *sw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plat_vlog_limited(&sw->log_limit, SW_LOG_PEER_PER_S, fmt, ap);
	va_end(ap);
}

/* Creates a switch (see sw.h). */
struct sw *sw_create(const struct sw_config *cfg)
{
	struct sw *sw;

	if (!cfg->max_flows || !cfg->max_emerg_flows || !cfg->n_buffers ||
	    cfg->n_buffers > SW_MAX_BUFFERS || !cfg->buffer_timeout_ms ||
	    !cfg->mac_table_size || cfg->mac_table_size > (1u << 24))
		return NULL;
	sw = calloc(1, sizeof(*sw));
	if (!sw)
		return NULL;
	sw->cfg = *cfg;
	sw->cfg.dp_desc[sizeof(sw->cfg.dp_desc) - 1] = '\0';
	if (!sw->cfg.max_backoff_s)
		sw->cfg.max_backoff_s = 1;
	sw->frag_flags = OFPC_FRAG_NORMAL;
	sw->log_limit.tokens = SW_LOG_PEER_PER_S;
	sw->table = dp_table_create(cfg->max_flows, cfg->max_emerg_flows);
	if (!sw->table || !sw_buf_init(sw) ||
	    !sw_l2_init(&sw->l2, cfg->mac_table_size)) {
		sw_destroy(sw);
		return NULL;
	}
	return sw;
}

/* Frees the switch and whatever is left (see sw.h). */
void sw_destroy(struct sw *sw)
{
	if (!sw)
		return;
	for (unsigned i = 0; i < sw->n_conns; i++) {
		free(sw->conns[i]->frbuf);
		free(sw->conns[i]);
	}
	for (unsigned i = 0; i < sw->n_ports; i++) {
		sw_sched_purge(sw->ports[i]);
		free(sw->ports[i]);
	}
	dp_table_destroy(sw->table);
	sw_buf_fini(sw);
	sw_l2_fini(&sw->l2);
	free(sw);
}

/* The "no controller" default (see README.md): with no controller
 * configured and fail mode standalone, the switch is a plain learning
 * bridge, like an OVS bridge without a controller: one real flow
 * "priority=0 actions=NORMAL". Installed on the first sw_run,
 * sw_port_rx or sw_conn_open, so main() may add controllers after
 * sw_create and ports. */
void sw_start(struct sw *sw)
{
	struct of_flow_mod fm;
	uint8_t act[OFP_ACTION_OUTPUT_LEN];
	struct of_wbuf w = of_wbuf_make(act, sizeof(act));
	struct of_action a;
	enum of_err e;

	if (sw->started)
		return;
	sw->started = true;
	if (sw->n_ctlrs || sw->cfg.fail_mode != SW_FAIL_STANDALONE)
		return;
	memset(&a, 0, sizeof(a));
	a.type = OFPAT_OUTPUT;
	a.u.output.port = OFPP_NORMAL;
	(void)of_action_put(&w, &a);
	memset(&fm, 0, sizeof(fm));
	of_match_init_catchall(&fm.match);
	fm.command = OFPFC_ADD;
	fm.priority = 0;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	fm.actions.p = act;
	fm.actions.size = w.pos;
	e = dp_table_flow_mod(sw->table, &fm, plat_now_ms(), NULL, NULL);
	if (e != OF_OK)
		sw_log(PLAT_LOG_ERR, "cannot install the NORMAL flow: %s",
		       of_err_str(e));
	else
		sw_log(PLAT_LOG_INFO, "no controller: installed "
				      "\"priority=0 actions=NORMAL\"");
}

/* ---- ports ------------------------------------------------------------ */

static unsigned port_index(const struct sw *sw, uint16_t port_no)
{
	unsigned lo = 0, hi = sw->n_ports;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (sw->ports[mid]->port_no < port_no)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The port numbered port_no, or NULL. */
struct sw_port *sw_port_find(const struct sw *sw, uint16_t port_no)
{
	unsigned i = port_index(sw, port_no);

	return i < sw->n_ports && sw->ports[i]->port_no == port_no
		   ? sw->ports[i]
		   : NULL;
}

/* The queue queue_id of p, or NULL. */
struct sw_queue *sw_queue_find(struct sw_port *p, uint32_t queue_id)
{
	for (unsigned i = 0; i < p->n_queues; i++)
		if (p->queues[i].queue_id == queue_id)
			return &p->queues[i];
	return NULL;
}

/* Fills the wire description of p. */
void sw_port_desc(const struct sw_port *p, struct of_phy_port *out)
{
	memset(out, 0, sizeof(*out));
	out->port_no = p->port_no;
	memcpy(out->hw_addr, p->info.hw_addr, OFP_ETH_ALEN);
	memcpy(out->name, p->info.name, sizeof(out->name));
	out->name[sizeof(out->name) - 1] = '\0';
	out->config = p->config;
	out->state = p->info.link_up ? 0 : OFPPS_LINK_DOWN;
	out->curr = p->info.curr;
	out->advertised = p->info.advertised;
	out->supported = p->info.supported;
	out->peer = p->info.peer;
}

/* Sends PORT_STATUS to every connection taking async messages but skip. */
void sw_port_status(struct sw *sw, const struct sw_port *p, uint8_t reason,
		    const struct sw_conn *skip)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_PORT_STATUS, 0);
	m.u.port_status.reason = reason;
	sw_port_desc(p, &m.u.port_status.desc);
	for (unsigned i = 0; i < sw->n_conns; i++) {
		struct sw_conn *c = sw->conns[i];

		if (c != skip && sw_conn_async(c))
			sw_conn_send(c, &m);
	}
}

/* Adds a data port (see sw_plat.h). */
enum of_err sw_port_add(struct sw *sw, uint16_t port_no,
			const struct sw_port_info *info,
			const struct sw_port_ops *ops, void *impl,
			uint16_t *assigned)
{
	struct sw_port *p;
	unsigned i;

	if (sw->n_ports >= SW_MAX_PORTS ||
	    (port_no >= OFPP_MAX && port_no != OFPP_LOCAL) || !ops || !ops->tx)
		return OF_E_INVALID;
	if (port_no == 0) {
		/* The lowest free number: ports are sorted. */
		port_no = 1;
		for (i = 0; i < sw->n_ports && sw->ports[i]->port_no == port_no;
		     i++)
			port_no++;
		if (port_no >= OFPP_MAX)
			return OF_E_INVALID;
	} else if (sw_port_find(sw, port_no)) {
		return OF_E_INVALID;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return OF_E_NOSPACE;
	p->port_no = port_no;
	p->info = *info;
	p->info.name[sizeof(p->info.name) - 1] = '\0';
	p->ops = ops;
	p->impl = impl;
	p->st.port_no = port_no;
	sw_sched_config(p);
	i = port_index(sw, port_no);
	memmove(&sw->ports[i + 1], &sw->ports[i],
		(sw->n_ports - i) * sizeof(sw->ports[0]));
	sw->ports[i] = p;
	sw->n_ports++;
	if (assigned)
		*assigned = port_no;
	sw_log(PLAT_LOG_INFO, "port %u (%s) added", port_no, p->info.name);
	sw_port_status(sw, p, OFPPR_ADD, NULL);
	sw_flush(sw);
	return OF_OK;
}

/* Stores a port's new state; PORT_STATUS/MODIFY if it changed. */
void sw_port_update(struct sw *sw, uint16_t port_no,
		    const struct sw_port_info *info)
{
	struct sw_port *p = sw_port_find(sw, port_no);
	struct sw_port_info n;

	if (!p)
		return;
	n = *info;
	n.name[sizeof(n.name) - 1] = '\0';
	if (!strcmp(n.name, p->info.name) &&
	    !memcmp(n.hw_addr, p->info.hw_addr, 6) &&
	    n.link_up == p->info.link_up && n.curr == p->info.curr &&
	    n.advertised == p->info.advertised &&
	    n.supported == p->info.supported && n.peer == p->info.peer) {
		sw_flush(sw);
		return;
	}
	if (n.link_up != p->info.link_up)
		sw_log(PLAT_LOG_INFO, "port %u (%s): link %s", port_no, n.name,
		       n.link_up ? "up" : "down");
	p->info = n;
	sw_sched_config(p); /* the link speed may have changed */
	sw_port_status(sw, p, OFPPR_MODIFY, NULL);
	sw_flush(sw);
}

/* Removes a port (see sw_plat.h). */
void sw_port_remove(struct sw *sw, uint16_t port_no)
{
	unsigned i = port_index(sw, port_no);
	struct sw_port *p;

	if (i >= sw->n_ports || sw->ports[i]->port_no != port_no)
		return;
	p = sw->ports[i];
	if (p->dirty && p->ops->flush)
		p->ops->flush(p->impl);
	memmove(&sw->ports[i], &sw->ports[i + 1],
		(sw->n_ports - i - 1) * sizeof(sw->ports[0]));
	sw->n_ports--;
	sw_l2_flush_port(&sw->l2, port_no);
	sw_log(PLAT_LOG_INFO, "port %u (%s) removed", port_no, p->info.name);
	sw_port_status(sw, p, OFPPR_DELETE, NULL);
	sw_sched_purge(p);
	free(p);
	sw_flush(sw);
}

/* Counts frames the platform lost (see sw_plat.h). */
void sw_port_rx_lost(struct sw *sw, uint16_t port_no, uint64_t dropped,
		     uint64_t errors)
{
	struct sw_port *p = sw_port_find(sw, port_no);

	if (!p)
		return;
	p->st.rx_dropped += dropped;
	p->st.rx_errors += errors;
	p->st.rx_frame_err += errors;
}

/* True if p is up: not PORT_DOWN, link up (see sw_internal.h). */
bool sw_port_usable(const struct sw_port *p)
{
	return !(p->config & OFPPC_PORT_DOWN) && p->info.link_up;
}

static void flush_port(struct sw_port *p)
{
	if (p->dirty) {
		p->dirty = false;
		if (p->ops->flush)
			p->ops->flush(p->impl);
	}
}

/* Flushes every port given frames since the last flush; scheduled ports
 * first send what their scheduler lets them (again after the flush if the
 * device was full). */
void sw_flush(struct sw *sw)
{
	uint64_t now = 0;

	for (unsigned i = 0; i < sw->n_ports; i++) {
		struct sw_port *p = sw->ports[i];

		if (p->sched.backlog) {
			if (!sw_port_usable(p) || (p->config & OFPPC_NO_FWD)) {
				sw_sched_purge(p);
			} else {
				if (!now)
					now = plat_now_ms();
				sw_sched_drain(p, now);
				if (p->sched.backlog && p->dirty) {
					flush_port(p);
					sw_sched_drain(p, now);
				}
			}
		}
		flush_port(p);
	}
}

/* Adds a queue to a port (see sw.h). */
enum of_err sw_port_add_queue(struct sw *sw, uint16_t port_no,
			      uint32_t queue_id, uint16_t min_rate)
{
	struct sw_port *p = sw_port_find(sw, port_no);
	struct sw_queue *q;

	if (!p || queue_id == OFPQ_ALL || sw_queue_find(p, queue_id) ||
	    p->n_queues >= SW_MAX_QUEUES)
		return OF_E_INVALID;
	q = &p->queues[p->n_queues++];
	memset(q, 0, sizeof(*q));
	q->queue_id = queue_id;
	q->min_rate = min_rate;
	sw_sched_config(p);
	return OF_OK;
}

/* Sets a port's shaping rate (see sw.h). */
enum of_err sw_port_set_rate(struct sw *sw, uint16_t port_no, uint64_t bps)
{
	struct sw_port *p = sw_port_find(sw, port_no);

	if (!p)
		return OF_E_INVALID;
	p->sched.cfg_bps = bps;
	sw_sched_config(p);
	return OF_OK;
}

/* ---- counters, time --------------------------------------------------- */

/* Number of controllers past HELLO. */
unsigned sw_controllers_connected(const struct sw *sw)
{
	return sw->n_ctlrs_up;
}

/* Copies the counters. */
void sw_get_stats(const struct sw *sw, struct sw_stats *out)
{
	*out = sw->stats;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Milliseconds to the next deadline (see sw_plat.h). */
uint64_t sw_next_timeout(const struct sw *sw)
{
	uint64_t now = plat_now_ms(), t;

	if (!sw->started)
		return 0;
	t = dp_table_next_deadline(sw->table);
	t = min64(t, sw_buf_deadline(sw));
	t = min64(t, sw_l2_deadline(sw));
	t = min64(t, sw_ctlrs_deadline(sw));
	for (unsigned i = 0; i < sw->n_conns; i++)
		t = min64(t, sw_conn_deadline(sw->conns[i]));
	for (unsigned i = 0; i < sw->n_ports; i++)
		t = min64(t, sw_sched_deadline(sw->ports[i]));
	if (t == UINT64_MAX)
		return UINT64_MAX;
	return t <= now ? 0 : t - now;
}

/* Runs what is due (see sw_plat.h). */
void sw_run(struct sw *sw)
{
	uint64_t now = plat_now_ms();

	sw_start(sw);
	if (dp_table_next_deadline(sw->table) <= now)
		(void)dp_table_expire(sw->table, now, sw_flow_removed_cb, sw);
	sw_buf_expire(sw, now);
	sw_l2_expire(sw, now);
	/* A connection may close itself (and with ops->close nothing is
	 * freed here), so the array is stable during the scan. */
	for (unsigned i = 0; i < sw->n_conns; i++)
		sw_conn_run(sw->conns[i], now);
	sw_ctlrs_run(sw, now);
	sw_flush(sw);
}
