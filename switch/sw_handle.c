/* Each controller-to-switch message: what the switch does and answers. */
#include <stdio.h>
#include <string.h>

#include "sw_internal.h"

#define SW_CAPABILITIES                                                        \
	(OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS |                \
	 OFPC_QUEUE_STATS | OFPC_ARP_MATCH_IP)
/* Every standard action, OUTPUT (0) to ENQUEUE (11). */
#define SW_ACTIONS ((1u << OFPAT_NTYPES) - 1)

static void handle_features(struct sw_conn *c, const struct of_msg *req)
{
	struct sw *sw = c->sw;
	uint8_t ports[OFP_PHY_PORT_LEN * SW_MAX_PORTS];
	struct of_wbuf w = of_wbuf_make(ports, sizeof(ports));
	struct of_msg m;

	for (unsigned i = 0; i < sw->n_ports; i++) {
		struct of_phy_port pp;

		sw_port_desc(sw->ports[i], &pp);
		of_phy_port_put(&w, &pp);
	}
	of_msg_init(&m, OFPT_FEATURES_REPLY, req->h.xid);
	m.u.features.datapath_id = sw->cfg.datapath_id;
	m.u.features.n_buffers = sw->cfg.n_buffers;
	m.u.features.n_tables = 1;
	m.u.features.capabilities = SW_CAPABILITIES;
	m.u.features.actions = SW_ACTIONS;
	m.u.features.ports.p = ports;
	m.u.features.ports.size = w.pos;
	sw_conn_send(c, &m);
}

static void handle_get_config(struct sw_conn *c, const struct of_msg *req)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_GET_CONFIG_REPLY, req->h.xid);
	m.u.config.flags = c->sw->frag_flags;
	m.u.config.miss_send_len = c->miss_send_len;
	sw_conn_send(c, &m);
}

/* Fragment handling is switch-wide, miss_send_len per connection (OVS
 * keeps it per ofconn too). REASM is not supported: NORMAL instead, and
 * GET_CONFIG reports what is in force. */
static void handle_set_config(struct sw_conn *c, const struct of_msg *m)
{
	struct sw *sw = c->sw;
	uint16_t frag = m->u.config.flags & OFPC_FRAG_MASK;

	if (frag == OFPC_FRAG_DROP) {
		sw->frag_flags = OFPC_FRAG_DROP;
	} else {
		if (frag != OFPC_FRAG_NORMAL)
			sw_log_peer(sw,
				    "%s: SET_CONFIG fragment mode %u not "
				    "supported: using normal",
				    c->peer, frag);
		sw->frag_flags = OFPC_FRAG_NORMAL;
	}
	c->miss_send_len = m->u.config.miss_send_len;
}

/* A buffered packet given with a flow-mod or packet-out: copies it into
 * pkt buffer `slot` and sets pkt up. */
static enum of_err take_buffer(struct sw *sw, uint32_t id, int slot,
			       struct dp_packet *pkt, uint16_t *in_port)
{
	size_t size;
	enum of_err e;

	e = sw_buf_take(sw, id, sw->pkt[slot], sizeof(sw->pkt[slot]), &size,
			in_port);
	if (e != OF_OK)
		return e;
	dp_packet_init(pkt, sw->pkt[slot], sizeof(sw->pkt[slot]), DP_HEADROOM,
		       size, *in_port);
	return OF_OK;
}

static void handle_flow_mod(struct sw_conn *c, const struct of_msg *m,
			    const uint8_t *msg, size_t len)
{
	struct sw *sw = c->sw;
	const struct of_flow_mod *fm = &m->u.flow_mod;
	struct dp_packet pkt;
	uint16_t in_port;
	enum of_err e;

	e = sw_dp_check_actions(fm->actions);
	if (e == OF_OK)
		e = dp_table_flow_mod(sw->table, fm, plat_now_ms(),
				      sw_flow_removed_cb, sw);
	if (e != OF_OK) {
		sw_conn_error(c, e, msg, len);
		return;
	}
	/* As OVS: the buffer goes with adding and modifying commands only;
	 * the flow-mod stays applied whatever happens to it. */
	if (fm->buffer_id == OFP_NO_BUFFER || fm->command == OFPFC_DELETE ||
	    fm->command == OFPFC_DELETE_STRICT)
		return;
	e = take_buffer(sw, fm->buffer_id, 0, &pkt, &in_port);
	if (e != OF_OK) {
		sw_conn_error(c, e, msg, len);
		return;
	}
	/* As if received again on its in_port: the new flow counts it. */
	sw_dp_process(sw, &pkt);
}

/* in_port of a packet-out: a port number, or NONE, CONTROLLER or LOCAL
 * (what OVS accepts). */
static bool po_in_port_ok(uint16_t port)
{
	return port < OFPP_MAX || port == OFPP_NONE ||
	       port == OFPP_CONTROLLER || port == OFPP_LOCAL;
}

static void handle_packet_out(struct sw_conn *c, const struct of_msg *m,
			      const uint8_t *msg, size_t len)
{
	struct sw *sw = c->sw;
	const struct of_packet_out *po = &m->u.packet_out;
	struct dp_packet pkt;
	uint16_t buf_port;
	enum of_err e;

	if (!po_in_port_ok(po->in_port)) {
		/* OVS answers OFPBRC_BAD_PORT, which 1.0 does not have. */
		sw_conn_error(c, OF_E_REQUEST_EPERM, msg, len);
		return;
	}
	e = sw_dp_check_actions(po->actions);
	if (e != OF_OK) {
		sw_conn_error(c, e, msg, len);
		return;
	}
	if (po->buffer_id != OFP_NO_BUFFER) {
		e = take_buffer(sw, po->buffer_id, 0, &pkt, &buf_port);
		if (e != OF_OK) {
			sw_conn_error(c, e, msg, len);
			return;
		}
		/* The message's in_port is the packet's (spec). */
		pkt.key.in_port = po->in_port;
	} else {
		if (po->data.size > SW_PKT_SIZE - DP_HEADROOM - 8)
			return; /* cannot happen: a message is < 64 KiB */
		memcpy(sw->pkt[0] + DP_HEADROOM, po->data.p, po->data.size);
		dp_packet_init(&pkt, sw->pkt[0], sizeof(sw->pkt[0]),
			       DP_HEADROOM, po->data.size, po->in_port);
	}
	sw_dp_execute(sw, &pkt, po->actions);
}

/* PORT_MOD: config bits under mask; PORT_DOWN goes to the device. */
static void handle_port_mod(struct sw_conn *c, const struct of_msg *m,
			    const uint8_t *msg, size_t len)
{
	const uint32_t bits = OFPPC_PORT_DOWN | OFPPC_NO_STP | OFPPC_NO_RECV |
			      OFPPC_NO_RECV_STP | OFPPC_NO_FLOOD |
			      OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
	struct sw *sw = c->sw;
	const struct of_port_mod *pm = &m->u.port_mod;
	struct sw_port *p = sw_port_find(sw, pm->port_no);
	uint32_t mask = pm->mask & bits, config;

	if (!p) {
		sw_conn_error(c, OF_E_PORT_MOD_BAD_PORT, msg, len);
		return;
	}
	if (memcmp(pm->hw_addr, p->info.hw_addr, OFP_ETH_ALEN)) {
		sw_conn_error(c, OF_E_PORT_MOD_BAD_HW_ADDR, msg, len);
		return;
	}
	if (pm->advertise)
		sw_log(PLAT_LOG_INFO,
		       "%s: PORT_MOD port %u: advertise 0x%x ignored (not "
		       "supported)",
		       c->peer, pm->port_no, pm->advertise);
	config = (p->config & ~mask) | (pm->config & mask);
	if ((config ^ p->config) & OFPPC_PORT_DOWN && p->ops->set_down) {
		int r =
		    p->ops->set_down(p->impl, (config & OFPPC_PORT_DOWN) != 0);

		if (r)
			sw_log(PLAT_LOG_WARN,
			       "port %u: cannot bring the interface %s (%d); "
			       "the switch %s it anyway",
			       p->port_no,
			       config & OFPPC_PORT_DOWN ? "down" : "up", r,
			       config & OFPPC_PORT_DOWN ? "stops using"
							: "uses");
	}
	if (config == p->config)
		return;
	p->config = config;
	/* OVS (connmgr_send_port_status): before 1.5, not back to the
	 * connection that asked for it. */
	sw_port_status(sw, p, OFPPR_MODIFY, c);
}

/* Handles one decoded message (see sw_internal.h). */
void sw_handle_msg(struct sw_conn *c, const struct of_msg *m,
		   const uint8_t *msg, size_t len)
{
	struct of_msg r;

	switch (m->h.type) {
	case OFPT_ECHO_REQUEST:
		r = *m;
		r.h.type = OFPT_ECHO_REPLY;
		sw_conn_send(c, &r);
		return;
	case OFPT_ECHO_REPLY:
		return; /* any input counts as liveness */
	case OFPT_FEATURES_REQUEST:
		handle_features(c, m);
		return;
	case OFPT_GET_CONFIG_REQUEST:
		handle_get_config(c, m);
		return;
	case OFPT_SET_CONFIG:
		handle_set_config(c, m);
		return;
	case OFPT_PACKET_OUT:
		handle_packet_out(c, m, msg, len);
		return;
	case OFPT_FLOW_MOD:
		handle_flow_mod(c, m, msg, len);
		return;
	case OFPT_PORT_MOD:
		handle_port_mod(c, m, msg, len);
		return;
	case OFPT_STATS_REQUEST:
		sw_handle_stats(c, m, msg, len);
		return;
	case OFPT_BARRIER_REQUEST:
		/* Everything before it is done; frames it caused leave
		 * first. */
		sw_flush(c->sw);
		of_msg_init(&r, OFPT_BARRIER_REPLY, m->h.xid);
		sw_conn_send(c, &r);
		return;
	case OFPT_QUEUE_GET_CONFIG_REQUEST:
		sw_handle_queue_config(c, m, msg, len);
		return;
	case OFPT_VENDOR:
		sw_conn_error(c, OF_E_BAD_VENDOR, msg, len);
		return;
	default:
		/* Messages only a switch sends. */
		sw_conn_error(c, OF_E_BAD_TYPE, msg, len);
		return;
	}
}
