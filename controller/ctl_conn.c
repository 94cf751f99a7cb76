/* One switch connection: framing, the handshake (HELLO, FEATURES_REQUEST,
 * SET_CONFIG), keepalive, answers to bad input, and handing messages to
 * tracked requests or the app chain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_internal.h"

#define FRAMER_SIZE 65535

static void keepalive_cb(void *arg);

/* Starts closing sw with a logged reason (see ctl_internal.h). */
void ctl_conn_fail(struct ctl_switch *sw, const char *reason)
{
	if (sw->state == CTL_CLOSING)
		return;
	if (sw->was_up)
		ctl_log(PLAT_LOG_WARN, "%s (dpid %016llx): closing: %s",
			sw->peer, (unsigned long long)sw->features.datapath_id,
			reason);
	else
		ctl_log(PLAT_LOG_WARN, "%s: closing: %s", sw->peer, reason);
	ctl_dispatch_conn_event(sw, reason);
	sw->state = CTL_CLOSING;
	ctl_timer_disarm(sw->w, &sw->ka);
	sw->ops->close(sw->impl);
}

/* Sends a message built from scratch by the core itself. */
static void send_simple(struct ctl_switch *sw, uint8_t type, uint32_t xid)
{
	struct of_msg m;

	of_msg_init(&m, type, xid);
	(void)ctl_send(sw, &m, NULL);
}

/* Opens a connection (see ctl_plat.h): sends HELLO, arms the handshake
 * deadline. */
struct ctl_conn *ctl_conn_open(struct ctl_worker *w,
			       const struct plat_chan_ops *ops, void *impl,
			       const char *peer)
{
	struct ctl_conn *c = calloc(1, sizeof(*c));
	struct ctl_switch *sw;
	uint64_t now = plat_now_ms();

	if (!c)
		return NULL;
	sw = &c->sw;
	sw->frbuf = malloc(FRAMER_SIZE);
	if (!sw->frbuf) {
		free(c);
		return NULL;
	}
	(void)of_framer_init(&sw->fr, sw->frbuf, FRAMER_SIZE);
	sw->w = w;
	sw->ops = ops;
	sw->impl = impl;
	snprintf(sw->peer, sizeof(sw->peer), "%s", peer ? peer : "?");
	sw->state = CTL_HELLO_WAIT;
	sw->last_rx = now;
	sw->handshake_deadline = now + w->ctl->cfg.handshake_ms;
	sw->ka.heap_idx = SIZE_MAX;
	sw->ka.embedded = true;
	sw->ka.cb = keepalive_cb;
	sw->ka.arg = sw;
	w->n_conns++;
	ctl_log(PLAT_LOG_DEBUG, "%s: connected", sw->peer);
	send_simple(sw, OFPT_HELLO, of_xid_next(&sw->xids));
	ctl_timer_arm(w, &sw->ka, sw->handshake_deadline);
	return c;
}

/* Tears down a connection (see ctl_plat.h). */
void ctl_conn_closed(struct ctl_conn *c)
{
	struct ctl_switch *sw = &c->sw;
	struct ctl_worker *w = sw->w;

	if (sw->state != CTL_CLOSING)
		ctl_dispatch_conn_event(sw, "connection closed by peer");
	sw->state = CTL_CLOSING;
	ctl_timer_disarm(w, &sw->ka);
	ctl_registry_remove(sw);
	ctl_pending_fail_all(sw);
	ctl_timers_drop_owned(w, sw);
	if (sw->was_up) {
		ctl_dispatch_switch_down(sw);
		w->stats.switches_down++;
		ctl_log(PLAT_LOG_INFO, "%s: switch %016llx down", sw->peer,
			(unsigned long long)sw->features.datapath_id);
	} else {
		ctl_log(PLAT_LOG_DEBUG, "%s: disconnected", sw->peer);
	}
	ctl_timers_drop_owned(w, sw); /* armed by switch_down handlers */
	w->n_conns--;
	free(sw->app_state);
	free(sw->features_ports);
	free(sw->ports);
	free(sw->frbuf);
	free(c);
}

/* Keepalive, handshake deadline and request expiry in one lazily re-armed
 * timer per connection. */
static void keepalive_cb(void *arg)
{
	struct ctl_switch *sw = arg;
	const struct ctl_config *cfg = &sw->w->ctl->cfg;
	uint64_t now = plat_now_ms(), next, req;
	char why[96];

	if (sw->state == CTL_CLOSING)
		return;
	if (sw->state != CTL_UP) {
		if (now >= sw->handshake_deadline) {
			sw->w->stats.handshake_timeouts++;
			snprintf(why, sizeof(why),
				 "handshake not complete after %u ms",
				 cfg->handshake_ms);
			ctl_conn_fail(sw, why);
			return;
		}
		next = sw->handshake_deadline;
	} else if (sw->probe_sent) {
		/* Input clears probe_sent; still set: silence since the
		 * probe. */
		if (now >= sw->probe_at + cfg->probe_ms) {
			sw->w->stats.probe_timeouts++;
			snprintf(why, sizeof(why),
				 "no response to echo probe for %u ms",
				 cfg->probe_ms);
			ctl_conn_fail(sw, why);
			return;
		}
		next = sw->probe_at + cfg->probe_ms;
	} else if (now >= sw->last_rx + cfg->probe_ms) {
		struct of_msg m;

		of_msg_init(&m, OFPT_ECHO_REQUEST, 0);
		(void)ctl_send(sw, &m, NULL);
		sw->probe_sent = true;
		sw->probe_at = now;
		next = now + cfg->probe_ms;
	} else {
		next = sw->last_rx + cfg->probe_ms;
	}
	req = ctl_pending_expire(sw, now);
	if (sw->state == CTL_CLOSING)
		return;
	if (req < next)
		next = req;
	ctl_timer_arm(sw->w, &sw->ka, next);
}

/* Answers bad input with the OFPT_ERROR its verdict names. */
static void reply_error(struct ctl_switch *sw, enum of_err verdict,
			const uint8_t *msg, size_t len)
{
	struct ctl_worker *w = sw->w;
	uint8_t buf[OFP_ERROR_MSG_LEN + 64];
	size_t out;
	struct of_header h;

	of_header_peek(msg, len, &h);
	ctl_log_peer(w,
		     "%s: bad message (version %u type %u length %zu xid "
		     "%u): answering %s",
		     sw->peer, h.version, h.type, len, h.xid,
		     of_err_str(verdict));
	if (of_error_reply_encode(verdict, msg, len, buf, sizeof(buf), &out) !=
	    OF_OK)
		return;
	w->stats.errors_sent++;
	(void)ctl_out(sw, buf, out);
}

static bool grow_ports(struct ctl_switch *sw, size_t need)
{
	struct of_phy_port *p;
	size_t cap;

	if (need <= sw->ports_cap)
		return true;
	cap = sw->ports_cap ? sw->ports_cap * 2 : 8;
	while (cap < need)
		cap *= 2;
	p = realloc(sw->ports, cap * sizeof(*p));
	if (!p)
		return false;
	sw->ports = p;
	sw->ports_cap = cap;
	return true;
}

/* FEATURES_REPLY during the handshake: the switch is up. */
static void handle_features(struct ctl_switch *sw, const struct of_msg *m)
{
	const struct of_features_reply *f = &m->u.features;
	struct ctl *ctl = sw->w->ctl;
	struct of_iter it;
	struct of_phy_port port;
	size_t n = f->ports.size / OFP_PHY_PORT_LEN;

	sw->features = *f;
	sw->features.ports.p = NULL;
	sw->features.ports.size = 0;
	if (f->ports.size) {
		sw->features_ports = malloc(f->ports.size);
		if (!sw->features_ports || !grow_ports(sw, n)) {
			ctl_conn_fail(sw, "out of memory for the port list");
			return;
		}
		memcpy(sw->features_ports, f->ports.p, f->ports.size);
		sw->features.ports.p = sw->features_ports;
		sw->features.ports.size = f->ports.size;
	}
	it = of_iter_make(sw->features.ports);
	while (of_phy_port_next(&it, &port))
		sw->ports[sw->n_ports++] = port;
	if (ctl->state_size) {
		sw->app_state = calloc(1, ctl->state_size);
		if (!sw->app_state) {
			ctl_conn_fail(sw, "out of memory for app state");
			return;
		}
	}
	sw->state = CTL_UP;
	sw->was_up = true;
	sw->w->stats.switches_up++;
	ctl_registry_add(sw);
	ctl_log(PLAT_LOG_INFO, "%s: switch %016llx up (%zu ports)", sw->peer,
		(unsigned long long)f->datapath_id, sw->n_ports);
	ctl_timer_arm(sw->w, &sw->ka, sw->last_rx + ctl->cfg.probe_ms);
	ctl_dispatch_switch_up(sw);
}

/* PORT_STATUS: keep the port table current before the apps see it. */
static void update_ports(struct ctl_switch *sw, const struct of_port_status *ps)
{
	size_t i;

	for (i = 0; i < sw->n_ports; i++)
		if (sw->ports[i].port_no == ps->desc.port_no)
			break;
	if (ps->reason == OFPPR_DELETE) {
		if (i < sw->n_ports)
			sw->ports[i] = sw->ports[--sw->n_ports];
		return;
	}
	if (i == sw->n_ports) {
		if (!grow_ports(sw, sw->n_ports + 1))
			return;
		sw->n_ports++;
	}
	sw->ports[i] = ps->desc;
}

/* The first message must be HELLO: negotiate, then ask for features. */
static void handle_hello_wait(struct ctl_switch *sw, const struct of_msg *m,
			      const uint8_t *msg, size_t len)
{
	const struct ctl_config *cfg = &sw->w->ctl->cfg;
	struct of_msg sc;
	uint8_t buf[256];
	size_t out;

	(void)len;
	if (m->h.type != OFPT_HELLO) {
		char why[80];

		snprintf(why, sizeof(why),
			 "expected HELLO, received message type %u version %u",
			 msg[1], msg[0]);
		ctl_conn_fail(sw, why);
		return;
	}
	if (of_hello_negotiate(m) != OF_OK) {
		char why[80];

		if (of_hello_failed_encode(m, buf, sizeof(buf), &out) == OF_OK)
			(void)ctl_out(sw, buf, out);
		snprintf(why, sizeof(why),
			 "version negotiation failed (peer speaks 0x%02x)",
			 m->h.version);
		ctl_conn_fail(sw, why);
		return;
	}
	sw->state = CTL_FEATURES_WAIT;
	sw->features_xid = of_xid_next(&sw->xids);
	send_simple(sw, OFPT_FEATURES_REQUEST, sw->features_xid);
	of_msg_init(&sc, OFPT_SET_CONFIG, of_xid_next(&sw->xids));
	sc.u.config.flags = OFPC_FRAG_NORMAL;
	sc.u.config.miss_send_len = cfg->miss_send_len;
	(void)ctl_send(sw, &sc, NULL);
}

/* OFPT_ERROR from the switch. */
static void handle_error(struct ctl_switch *sw, const struct of_msg *m)
{
	sw->w->stats.errors_rcvd++;
	if (ctl_pending_reply(sw, m))
		return;
	if (sw->state == CTL_FEATURES_WAIT && m->h.xid == sw->features_xid) {
		ctl_conn_fail(sw, "switch refused FEATURES_REQUEST");
		return;
	}
	if (m->raw) {
		ctl_log_peer(sw->w, "%s: malformed OFPT_ERROR (xid %u)",
			     sw->peer, m->h.xid);
		return;
	}
	ctl_log_peer(sw->w,
		     "%s: switch reports error %s/%s (type %u code %u) "
		     "for xid %u",
		     sw->peer,
		     of_error_type_name(m->u.error.type)
			 ? of_error_type_name(m->u.error.type)
			 : "?",
		     of_error_code_name(m->u.error.type, m->u.error.code)
			 ? of_error_code_name(m->u.error.type, m->u.error.code)
			 : "?",
		     m->u.error.type, m->u.error.code, m->h.xid);
	if (sw->state == CTL_UP)
		ctl_dispatch_msg(sw, m);
}

/* One whole message from the switch. */
static void handle_msg(struct ctl_switch *sw, const uint8_t *msg, size_t len)
{
	struct ctl_worker *w = sw->w;
	struct of_msg m;
	enum of_err verdict;

	w->stats.msgs_in++;
	verdict = of_decode(msg, len, &m);
	if (w->ctl->tracing)
		ctl_dispatch_trace(sw, true, msg, len);
	if (sw->state == CTL_HELLO_WAIT) {
		handle_hello_wait(sw, &m, msg, len);
		return;
	}
	if (m.h.type == OFPT_ERROR) {
		/* Never answer an error with an error. */
		handle_error(sw, &m);
		return;
	}
	if (verdict != OF_OK) {
		reply_error(sw, verdict, msg, len);
		return;
	}
	switch (m.h.type) {
	case OFPT_HELLO:
		return; /* a repeated HELLO is harmless */
	case OFPT_ECHO_REQUEST: {
		struct of_msg r = m;

		r.h.type = OFPT_ECHO_REPLY;
		(void)ctl_send(sw, &r, NULL);
		return;
	}
	case OFPT_ECHO_REPLY:
		return; /* any input already counts as liveness */
	case OFPT_FEATURES_REPLY:
		if (sw->state == CTL_FEATURES_WAIT &&
		    m.h.xid == sw->features_xid)
			handle_features(sw, &m);
		else
			(void)ctl_pending_reply(sw, &m);
		return;
	case OFPT_GET_CONFIG_REPLY:
	case OFPT_STATS_REPLY:
	case OFPT_BARRIER_REPLY:
	case OFPT_QUEUE_GET_CONFIG_REPLY:
		if (!ctl_pending_reply(sw, &m))
			ctl_log(PLAT_LOG_DEBUG, "%s: unsolicited %s xid %u",
				sw->peer, of_type_name(m.h.type), m.h.xid);
		return;
	case OFPT_PACKET_IN:
	case OFPT_FLOW_REMOVED:
	case OFPT_PORT_STATUS:
		if (sw->state != CTL_UP) {
			w->stats.early_drops++;
			return;
		}
		if (m.h.type == OFPT_PACKET_IN)
			w->stats.packet_ins++;
		else if (m.h.type == OFPT_PORT_STATUS)
			update_ports(sw, &m.u.port_status);
		ctl_dispatch_msg(sw, &m);
		return;
	case OFPT_VENDOR:
		/* No vendor extension is supported. */
		reply_error(sw, OF_E_BAD_VENDOR, msg, len);
		return;
	default:
		/* Controller-to-switch messages make no sense here. */
		reply_error(sw, OF_E_BAD_TYPE, msg, len);
		return;
	}
}

/* Frames and handles input (see ctl_plat.h). */
void ctl_conn_input(struct ctl_conn *c, const uint8_t *data, size_t size)
{
	struct ctl_switch *sw = &c->sw;
	size_t off = 0;

	if (sw->state == CTL_CLOSING)
		return;
	sw->last_rx = plat_now_ms();
	sw->probe_sent = false;
	while (off < size) {
		const uint8_t *msg;
		size_t used, len;
		enum of_err e = of_framer_input(&sw->fr, data + off, size - off,
						&used, &msg, &len);

		off += used;
		if (e == OF_E_TOO_SHORT) {
			ctl_conn_fail(sw, "message length below 8: the stream "
					  "cannot be framed");
			return;
		}
		if (e == OF_E_TOO_LONG) {
			reply_error(sw, OF_E_BAD_LEN, msg, OFP_HEADER_LEN);
			continue;
		}
		if (!msg)
			break;
		handle_msg(sw, msg, len);
		if (sw->state == CTL_CLOSING)
			return;
	}
}
