/* The receive path (port checks, parse, fragment policy, fail-mode bypass,
 * lookup, actions, misses) and output resolution: which ports an OUTPUT or
 * ENQUEUE reaches, packet-ins, and the TABLE port of packet-outs. */
#include <string.h>

#include "sw_internal.h"

static const uint8_t stp_dst[6] = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00};

/* What the output callback needs. */
struct out_ctx {
	struct sw *sw;
	struct dp_packet *pkt;
	bool packet_out; /* TABLE allowed */
};

/* Extra action checks (see sw_internal.h). */
enum of_err sw_dp_check_actions(struct of_bytes actions)
{
	struct of_iter it = of_iter_make(actions);
	struct of_action a;

	while (of_action_next(&it, &a)) {
		if (a.type == OFPAT_VENDOR)
			return OF_E_BAD_ACTION_VENDOR;
		if (a.type == OFPAT_ENQUEUE && a.u.enqueue.queue_id == OFPQ_ALL)
			return OF_E_BAD_QUEUE;
	}
	return OF_OK;
}

/* Hands a frame to the device (see sw_internal.h). */
bool sw_port_tx_now(struct sw_port *p, struct sw_queue *q, const uint8_t *frame,
		    size_t size)
{
	if (!p->ops->tx(p->impl, frame, size))
		return false;
	p->dirty = true;
	p->st.tx_packets++;
	p->st.tx_bytes += size;
	if (q) {
		q->tx_packets++;
		q->tx_bytes += size;
	}
	return true;
}

/* Transmits on one port (see sw_internal.h). */
void sw_dp_tx(struct sw *sw, struct sw_port *p, uint32_t queue_id,
	      const uint8_t *frame, size_t size)
{
	struct sw_queue *q = NULL;

	(void)sw;
	if (!sw_port_usable(p) || (p->config & OFPPC_NO_FWD)) {
		p->st.tx_dropped++;
		return;
	}
	if (queue_id != DP_NO_QUEUE) {
		q = sw_queue_find(p, queue_id);
		if (!q) {
			/* No such queue on this port: dropped. */
			p->st.tx_dropped++;
			return;
		}
	}
	if (p->sched.on) {
		sw_sched_tx(p, q, frame, size);
		return;
	}
	if (!sw_port_tx_now(p, q, frame, size)) {
		p->st.tx_dropped++;
		if (q)
			q->tx_errors++;
	}
}

/* Floods (see sw_internal.h). */
void sw_dp_flood(struct sw *sw, uint16_t in_port, bool flood,
		 const uint8_t *frame, size_t size)
{
	for (unsigned i = 0; i < sw->n_ports; i++) {
		struct sw_port *p = sw->ports[i];

		if (p->port_no == in_port)
			continue;
		if (flood && (p->config & OFPPC_NO_FLOOD))
			continue;
		sw_dp_tx(sw, p, DP_NO_QUEUE, frame, size);
	}
}

/* One PACKET_IN to c: the first `keep` bytes with buffer id, or the whole
 * frame without. */
static void send_packet_in(struct sw_conn *c, const uint8_t *frame, size_t size,
			   uint16_t in_port, uint8_t reason, uint32_t buffer_id,
			   size_t keep)
{
	struct sw *sw = c->sw;
	struct of_msg m;

	/* Asynchronous messages carry xid 0, as OVS's do. */
	of_msg_init(&m, OFPT_PACKET_IN, 0);
	m.u.packet_in.buffer_id = buffer_id;
	m.u.packet_in.total_len = (uint16_t)(size > 0xffff ? 0xffff : size);
	m.u.packet_in.in_port = in_port;
	m.u.packet_in.reason = reason;
	m.u.packet_in.data.p = frame;
	m.u.packet_in.data.size = buffer_id == OFP_NO_BUFFER ? size : keep;
	/* A whole frame must fit one message. */
	if (m.u.packet_in.data.size > 0xffff - OFP_PACKET_IN_LEN - 2)
		m.u.packet_in.data.size = 0xffff - OFP_PACKET_IN_LEN - 2;
	sw_conn_send(c, &m);
	sw->stats.packet_in_sent++;
}

/* How many bytes connection c wants of a packet-in, or -1 for none. */
static long want(const struct sw_conn *c, uint8_t reason, uint16_t max_len)
{
	if (!sw_conn_async(c))
		return -1;
	if (reason == OFPR_NO_MATCH)
		return c->miss_send_len ? c->miss_send_len : -1;
	return max_len;
}

/* Packet-ins (see sw_internal.h). One buffer serves every connection
 * that gets a truncated copy; a frame that fits, max_len 0xffff, or no
 * free buffer: the whole frame with OFP_NO_BUFFER (OVS 2.x's rule). */
void sw_dp_packet_in(struct sw *sw, const uint8_t *frame, size_t size,
		     uint16_t in_port, uint8_t reason, uint16_t max_len)
{
	uint32_t id = OFP_NO_BUFFER;
	bool need_buffer = false;

	for (unsigned i = 0; i < sw->n_conns; i++) {
		struct sw_conn *c = sw->conns[i];
		long n = want(c, reason, max_len);

		if (n < 0)
			continue;
		if (c->ops->queued(c->impl) > SW_CONGESTED_BYTES)
			continue;
		if (!(reason == OFPR_ACTION && max_len == 0xffff) &&
		    (size_t)n < size)
			need_buffer = true;
	}
	if (need_buffer)
		id = sw_buf_save(sw, frame, size, in_port);
	for (unsigned i = 0; i < sw->n_conns; i++) {
		struct sw_conn *c = sw->conns[i];
		long n = want(c, reason, max_len);
		bool whole;

		if (n < 0)
			continue;
		if (c->ops->queued(c->impl) > SW_CONGESTED_BYTES) {
			sw->stats.packet_in_dropped++;
			continue;
		}
		whole = (reason == OFPR_ACTION && max_len == 0xffff) ||
			(size_t)n >= size || id == OFP_NO_BUFFER;
		send_packet_in(c, frame, size, in_port, reason,
			       whole ? OFP_NO_BUFFER : id, (size_t)n);
	}
}

static void process(struct sw *sw, struct dp_packet *pkt, bool packet_out);

/* OUTPUT:TABLE of a packet-out: the current frame, as a new packet (the
 * executor's own may not be reused), through the table. */
static void output_table(struct sw *sw, const struct dp_packet *cur,
			 const uint8_t *frame, size_t size)
{
	struct dp_packet pkt;

	if (size > SW_PKT_SIZE - DP_HEADROOM - 8)
		return;
	memcpy(sw->pkt[1] + DP_HEADROOM, frame, size);
	dp_packet_init(&pkt, sw->pkt[1], sizeof(sw->pkt[1]), DP_HEADROOM, size,
		       cur->key.in_port);
	process(sw, &pkt, false);
}

static void output_cb(void *arg, uint16_t port, uint16_t max_len,
		      uint32_t queue_id, const uint8_t *frame, size_t size)
{
	struct out_ctx *ctx = arg;
	struct sw *sw = ctx->sw;
	uint16_t in_port = ctx->pkt->key.in_port;
	struct sw_port *p;

	if (port < OFPP_MAX) {
		/* The spec: output to the in_port takes OFPP_IN_PORT. */
		if (port == in_port)
			return;
		p = sw_port_find(sw, port);
		if (p)
			sw_dp_tx(sw, p, queue_id, frame, size);
		return;
	}
	switch (port) {
	case OFPP_IN_PORT:
		p = sw_port_find(sw, in_port);
		if (p)
			sw_dp_tx(sw, p, queue_id, frame, size);
		return;
	case OFPP_FLOOD:
	case OFPP_ALL:
		sw_dp_flood(sw, in_port, port == OFPP_FLOOD, frame, size);
		return;
	case OFPP_CONTROLLER:
		sw_dp_packet_in(sw, frame, size, in_port, OFPR_ACTION, max_len);
		return;
	case OFPP_NORMAL:
		sw_l2_normal(sw, ctx->pkt, frame, size);
		return;
	case OFPP_TABLE:
		if (ctx->packet_out) {
			output_table(sw, ctx->pkt, frame, size);
			return;
		}
		break;
	case OFPP_LOCAL:
		/* The local port, if the platform gave one (a port numbered
		 * OFPP_LOCAL); not to itself, as for any port. */
		p = sw_port_find(sw, OFPP_LOCAL);
		if (p && in_port != OFPP_LOCAL) {
			sw_dp_tx(sw, p, queue_id, frame, size);
			return;
		}
		break;
	default:
		break;
	}
	sw->stats.local_dropped++;
}

static void run_actions(struct sw *sw, struct dp_packet *pkt,
			struct of_bytes actions, bool packet_out)
{
	struct out_ctx ctx = {sw, pkt, packet_out};
	enum of_err e = dp_execute(pkt, actions, output_cb, &ctx);

	if (e != OF_OK) {
		sw->stats.action_failed++;
		sw_log_peer(sw, "actions stopped early: %s", of_err_str(e));
	}
}

/* A miss: to the controllers (NO_MATCH), unless the port says no. */
static void miss(struct sw *sw, struct dp_packet *pkt)
{
	struct sw_port *p = sw_port_find(sw, pkt->key.in_port);

	sw->stats.table_misses++;
	if (p && (p->config & OFPPC_NO_PACKET_IN))
		return;
	sw_dp_packet_in(sw, dp_packet_data(pkt), pkt->size, pkt->key.in_port,
			OFPR_NO_MATCH, 0);
}

static void process(struct sw *sw, struct dp_packet *pkt, bool packet_out)
{
	const struct dp_flow *f;

	f = dp_table_lookup(sw->table, &pkt->key, pkt->size, plat_now_ms());
	if (!f) {
		miss(sw, pkt);
		return;
	}
	/* The entry's actions stay valid: nothing below changes the table
	 * (FLOW_MOD comes only from connections). */
	run_actions(sw, pkt, f->actions, packet_out);
}

/* Lookup and actions or miss (see sw_internal.h). */
void sw_dp_process(struct sw *sw, struct dp_packet *pkt)
{
	process(sw, pkt, false);
}

/* Packet-out actions (see sw_internal.h). */
void sw_dp_execute(struct sw *sw, struct dp_packet *pkt,
		   struct of_bytes actions)
{
	run_actions(sw, pkt, actions, true);
}

/* True in fail-standalone with controllers configured and none past
 * HELLO: every packet goes to NORMAL. */
static bool standalone_bypass(const struct sw *sw)
{
	return sw->cfg.fail_mode == SW_FAIL_STANDALONE && sw->n_ctlrs > 0 &&
	       sw->n_ctlrs_up == 0;
}

/* One received frame (see sw_plat.h). */
void sw_port_rx(struct sw *sw, uint16_t port_no, uint8_t *buf, size_t buf_size,
		size_t ofs, size_t size)
{
	struct sw_port *p;
	struct dp_packet pkt;
	const uint8_t *frame;

	sw_start(sw);
	sw->stats.rx_packets++;
	p = sw_port_find(sw, port_no);
	if (!p || !buf || ofs > buf_size || size > buf_size - ofs)
		return;
	if (size < OF_ETH_HEADER_LEN) {
		p->st.rx_errors++;
		p->st.rx_frame_err++;
		return;
	}
	p->st.rx_packets++;
	p->st.rx_bytes += size;
	frame = buf + ofs;
	if (!sw_port_usable(p) || (p->config & OFPPC_NO_RECV) ||
	    ((p->config & OFPPC_NO_RECV_STP) && !memcmp(frame, stp_dst, 6))) {
		p->st.rx_dropped++;
		return;
	}
	dp_packet_init(&pkt, buf, buf_size, ofs, size, port_no);
	if (pkt.lay.is_frag && sw->frag_flags == OFPC_FRAG_DROP) {
		sw->stats.frag_dropped++;
		return;
	}
	if (standalone_bypass(sw)) {
		sw_l2_normal(sw, &pkt, dp_packet_data(&pkt), pkt.size);
		return;
	}
	process(sw, &pkt, false);
}
