/* STATS_REQUEST (every 1.0 type) and QUEUE_GET_CONFIG_REQUEST. Replies
 * whose entries do not fit one message are split into several, all but
 * the last flagged OFPSF_REPLY_MORE, none above 65535 bytes. */
#include <stdio.h>
#include <string.h>

#include "sw_internal.h"

#define SW_VERSION "0.1"
#define MSG_MAX 65535

/* A multipart reply being built in sw->mp. */
struct mp {
	struct sw_conn *c;
	struct of_wbuf w;
	size_t start;
	uint32_t xid;
	uint16_t type;
};

static void mp_begin(struct mp *mp)
{
	mp->w = of_wbuf_make(mp->c->sw->mp, MSG_MAX);
	mp->start = of_msg_begin(&mp->w, OFPT_STATS_REPLY, mp->xid);
	of_put16(&mp->w, mp->type);
	of_put16(&mp->w, 0); /* flags, patched */
}

static void mp_send(struct mp *mp, bool more)
{
	if (more)
		of_patch16(&mp->w, mp->start + OFP_HEADER_LEN + 2,
			   OFPSF_REPLY_MORE);
	if (of_msg_end(&mp->w, mp->start) != OF_OK) {
		sw_log(PLAT_LOG_ERR, "%s: stats reply overflow", mp->c->peer);
		return;
	}
	sw_conn_send_raw(mp->c, mp->w.base, mp->w.pos);
}

/* Makes room for an entry of `size` bytes: sends what is built with
 * REPLY_MORE and starts the next message if it does not fit. */
static void mp_room(struct mp *mp, size_t size)
{
	if (mp->w.pos + size <= MSG_MAX)
		return;
	mp_send(mp, true);
	mp_begin(mp);
}

static void mp_init(struct mp *mp, struct sw_conn *c, const struct of_msg *m)
{
	mp->c = c;
	mp->xid = m->h.xid;
	mp->type = m->u.stats_request.type;
	mp_begin(mp);
}

static void put_str(struct of_wbuf *w, const char *s, size_t field)
{
	of_put_str(w, s, field);
}

static void stats_desc(struct mp *mp)
{
	char sw_desc[64];

	snprintf(sw_desc, sizeof(sw_desc), "of-switch %s", SW_VERSION);
	put_str(&mp->w, "of-switch project", DESC_STR_LEN);
	put_str(&mp->w, "of-switch userspace datapath", DESC_STR_LEN);
	put_str(&mp->w, sw_desc, DESC_STR_LEN);
	put_str(&mp->w, "None", SERIAL_NUM_LEN);
	put_str(&mp->w, mp->c->sw->cfg.dp_desc, DESC_STR_LEN);
}

static bool flow_cb(void *ctx, const struct of_flow_stats *fs)
{
	struct mp *mp = ctx;

	mp_room(mp, OFP_FLOW_STATS_LEN + fs->actions.size);
	of_flow_stats_put(&mp->w, fs);
	return true;
}

static void stats_flow(struct mp *mp, const struct of_msg *m)
{
	struct sw *sw = mp->c->sw;
	struct dp_cursor cur = DP_CURSOR_INIT;

	(void)dp_table_flow_stats(sw->table, &m->u.stats_request.u.flow,
				  plat_now_ms(), &cur, flow_cb, mp);
}

static void stats_aggregate(struct mp *mp, const struct of_msg *m)
{
	struct of_aggregate_stats a;

	dp_table_aggregate(mp->c->sw->table, &m->u.stats_request.u.flow, &a);
	of_put64(&mp->w, a.packet_count);
	of_put64(&mp->w, a.byte_count);
	of_put32(&mp->w, a.flow_count);
	of_put_zeros(&mp->w, 4);
}

static void stats_table(struct mp *mp)
{
	struct of_table_stats ts;

	dp_table_stats(mp->c->sw->table, &ts);
	of_table_stats_put(&mp->w, &ts);
}

static void stats_port(struct mp *mp, const struct of_msg *m)
{
	struct sw *sw = mp->c->sw;
	uint16_t port_no = m->u.stats_request.u.port.port_no;

	/* An unknown port gives an empty reply, as in OVS. */
	for (unsigned i = 0; i < sw->n_ports; i++) {
		struct sw_port *p = sw->ports[i];

		if (port_no != OFPP_NONE && port_no != p->port_no)
			continue;
		mp_room(mp, OFP_PORT_STATS_LEN);
		of_port_stats_put(&mp->w, &p->st);
	}
}

static void put_queue(struct mp *mp, const struct sw_port *p,
		      const struct sw_queue *q)
{
	struct of_queue_stats qs;

	memset(&qs, 0, sizeof(qs));
	qs.port_no = p->port_no;
	qs.queue_id = q->queue_id;
	qs.tx_bytes = q->tx_bytes;
	qs.tx_packets = q->tx_packets;
	qs.tx_errors = q->tx_errors;
	mp_room(mp, OFP_QUEUE_STATS_LEN);
	of_queue_stats_put(&mp->w, &qs);
}

/* One port's queues; returns OF_OK or BAD_QUEUE (OVS's
 * handle_queue_stats_for_port). */
static enum of_err queues_of(struct mp *mp, struct sw_port *p, uint32_t id)
{
	struct sw_queue *q;

	if (id == OFPQ_ALL) {
		for (unsigned i = 0; i < p->n_queues; i++)
			put_queue(mp, p, &p->queues[i]);
		return OF_OK;
	}
	q = sw_queue_find(p, id);
	if (!q)
		return OF_E_QUEUE_BAD_QUEUE;
	put_queue(mp, p, q);
	return OF_OK;
}

/* As OVS's handle_queue_stats_request: with port ALL, BAD_QUEUE unless
 * some port answered (so even ALL/ALL on a switch without ports). */
static enum of_err stats_queue(struct mp *mp, const struct of_msg *m)
{
	struct sw *sw = mp->c->sw;
	const struct of_queue_stats_request *r = &m->u.stats_request.u.queue;
	struct sw_port *p;
	enum of_err e = OF_E_QUEUE_BAD_QUEUE;

	if (r->port_no == OFPP_ALL) {
		for (unsigned i = 0; i < sw->n_ports; i++)
			if (queues_of(mp, sw->ports[i], r->queue_id) == OF_OK)
				e = OF_OK;
		return e;
	}
	p = sw_port_find(sw, r->port_no);
	if (!p)
		return OF_E_QUEUE_BAD_PORT;
	return queues_of(mp, p, r->queue_id);
}

/* Answers a STATS_REQUEST (see sw_internal.h). */
void sw_handle_stats(struct sw_conn *c, const struct of_msg *m,
		     const uint8_t *msg, size_t len)
{
	struct mp mp;
	enum of_err e = OF_OK;

	switch (m->u.stats_request.type) {
	case OFPST_DESC:
	case OFPST_FLOW:
	case OFPST_AGGREGATE:
	case OFPST_TABLE:
	case OFPST_PORT:
	case OFPST_QUEUE:
		break;
	case OFPST_VENDOR:
		sw_conn_error(c, OF_E_BAD_VENDOR, msg, len);
		return;
	default:
		sw_conn_error(c, OF_E_BAD_STAT, msg, len);
		return;
	}
	mp_init(&mp, c, m);
	switch (m->u.stats_request.type) {
	case OFPST_DESC:
		stats_desc(&mp);
		break;
	case OFPST_FLOW:
		stats_flow(&mp, m);
		break;
	case OFPST_AGGREGATE:
		stats_aggregate(&mp, m);
		break;
	case OFPST_TABLE:
		stats_table(&mp);
		break;
	case OFPST_PORT:
		stats_port(&mp, m);
		break;
	case OFPST_QUEUE:
		e = stats_queue(&mp, m);
		break;
	}
	if (e != OF_OK) {
		/* Nothing was sent unless replies split, which cannot happen
		 * before a queue error is known: ports are few. */
		sw_conn_error(c, e, msg, len);
		return;
	}
	mp_send(&mp, false);
}

/* Answers a QUEUE_GET_CONFIG_REQUEST: the port's queues, each with a
 * MIN_RATE property unless its rate is 0xffff (OVS leaves it out then). */
void sw_handle_queue_config(struct sw_conn *c, const struct of_msg *m,
			    const uint8_t *msg, size_t len)
{
	uint16_t port_no = m->u.queue_get_config_request.port;
	struct sw_port *p =
	    port_no < OFPP_MAX ? sw_port_find(c->sw, port_no) : NULL;
	struct of_wbuf w;
	size_t start;

	if (!p) {
		sw_conn_error(c, OF_E_QUEUE_BAD_PORT, msg, len);
		return;
	}
	w = of_wbuf_make(c->sw->mp, MSG_MAX);
	start = of_msg_begin(&w, OFPT_QUEUE_GET_CONFIG_REPLY, m->h.xid);
	of_put16(&w, port_no);
	of_put_zeros(&w, 6);
	for (unsigned i = 0; i < p->n_queues; i++) {
		const struct sw_queue *q = &p->queues[i];
		bool rate = q->min_rate != OFPQ_MIN_RATE_UNCFG;

		of_put32(&w, q->queue_id);
		of_put16(&w,
			 (uint16_t)(OFP_PACKET_QUEUE_LEN +
				    (rate ? OFP_QUEUE_PROP_MIN_RATE_LEN : 0)));
		of_put_zeros(&w, 2);
		if (rate) {
			of_put16(&w, OFPQT_MIN_RATE);
			of_put16(&w, OFP_QUEUE_PROP_MIN_RATE_LEN);
			of_put_zeros(&w, 4);
			of_put16(&w, q->min_rate);
			of_put_zeros(&w, 6);
		}
	}
	if (of_msg_end(&w, start) == OF_OK)
		sw_conn_send_raw(c, w.base, w.pos);
}
