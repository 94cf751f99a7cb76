/* One OpenFlow connection (to a controller, or a management tool's):
 * framing, the HELLO exchange, the echo probe and inactivity deadline,
 * answers to bad input, dispatch. And the controllers: connection attempts
 * with exponential backoff, and the fail-mode transitions when the first
 * controller comes up or the last one goes away. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_internal.h"

#define FRAMER_SIZE 65535

/* ---- sending ---------------------------------------------------------- */

/* Copies whole messages exchanged with a controller to every snoop
 * connection past HELLO; one that has too much queued misses them. */
static void snoop_copy(struct sw *sw, const void *data, size_t size)
{
	for (unsigned i = 0; i < sw->n_conns; i++) {
		struct sw_conn *s = sw->conns[i];

		if (s->ctlr != SW_CONN_SNOOP || s->state != SW_CONN_UP)
			continue;
		if (s->ops->queued(s->impl) > SW_CONGESTED_BYTES ||
		    s->ops->send(s->impl, data, size) != OF_OK)
			sw->stats.snoop_dropped++;
	}
}

/* Sends bytes of whole messages (see sw_internal.h). */
void sw_conn_send_raw(struct sw_conn *c, const void *data, size_t size)
{
	if (c->state == SW_CONN_CLOSING)
		return;
	if (c->ops->send(c->impl, data, size) != OF_OK)
		c->sw->stats.send_failed++;
	if (c->ctlr >= 0 && c->sw->n_snoops)
		snoop_copy(c->sw, data, size);
}

/* Encodes and sends m (see sw_internal.h). */
void sw_conn_send(struct sw_conn *c, const struct of_msg *m)
{
	struct sw *sw = c->sw;
	size_t len;

	if (of_encode(m, sw->scratch, sizeof(sw->scratch), &len) != OF_OK) {
		sw_log(PLAT_LOG_ERR, "%s: cannot encode %s", c->peer,
		       of_type_name(m->h.type) ? of_type_name(m->h.type) : "?");
		return;
	}
	sw_conn_send_raw(c, sw->scratch, len);
}

/* Answers bad input with an OFPT_ERROR (see sw_internal.h). */
void sw_conn_error(struct sw_conn *c, enum of_err e, const uint8_t *msg,
		   size_t len)
{
	struct sw *sw = c->sw;
	struct of_header h;
	struct of_msg m;
	size_t out;

	memset(&h, 0, sizeof(h));
	(void)of_header_peek(msg, len, &h);
	sw_log_peer(sw,
		    "%s: bad message (version %u type %u length %zu xid %u): "
		    "answering %s",
		    c->peer, h.version, h.type, len, h.xid, of_err_str(e));
	if (!of_err_is_protocol(e))
		return;
	/* The whole request as data, as OVS sends it (the spec asks for at
	 * least 64 bytes), capped so that the error fits in 16 bits. */
	of_msg_init(&m, OFPT_ERROR, h.xid);
	m.u.error.type = of_err_type(e);
	m.u.error.code = of_err_code(e);
	m.u.error.data.p = msg;
	m.u.error.data.size =
	    len < 0xffff - OFP_ERROR_MSG_LEN ? len : 0xffff - OFP_ERROR_MSG_LEN;
	if (of_encode(&m, sw->scratch, sizeof(sw->scratch), &out) != OF_OK)
		return;
	sw->stats.peer_errors++;
	sw_conn_send_raw(c, sw->scratch, out);
}

/* True if c takes asynchronous messages (see sw_internal.h). */
bool sw_conn_async(const struct sw_conn *c)
{
	if (c->state != SW_CONN_UP)
		return false;
	return c->ctlr >= 0 || c->miss_send_len > 0;
}

/* Sends FLOW_REMOVED to every async connection if flow asked for it. */
void sw_flow_removed_cb(void *ctx, const struct dp_flow *flow,
			const struct of_flow_removed *fr)
{
	struct sw *sw = ctx;
	struct of_msg m;

	if (!dp_flow_wants_removed(flow))
		return;
	of_msg_init(&m, OFPT_FLOW_REMOVED, 0);
	m.u.flow_removed = *fr;
	for (unsigned i = 0; i < sw->n_conns; i++) {
		struct sw_conn *c = sw->conns[i];

		if (sw_conn_async(c))
			sw_conn_send(c, &m);
	}
}

/* ---- fail modes ------------------------------------------------------- */

/* The first controller passed HELLO. */
static void ctlr_up(struct sw *sw, struct sw_conn *c)
{
	sw->stats.connects++;
	sw->ctlrs[c->ctlr].backoff_s = 1;
	if (sw->n_ctlrs_up++ > 0) {
		sw_log(PLAT_LOG_INFO, "%s: controller connected", c->peer);
		return;
	}
	if (dp_table_in_emergency(sw->table)) {
		dp_table_leave_emergency(sw->table);
		sw_log(PLAT_LOG_INFO,
		       "%s: controller connected: leaving emergency mode",
		       c->peer);
	} else {
		sw_log(PLAT_LOG_INFO,
		       "%s: controller connected: leaving fail-%s mode",
		       c->peer,
		       sw->cfg.fail_mode == SW_FAIL_SECURE ? "secure"
							   : "standalone");
	}
}

/* A controller that had passed HELLO went away. */
static void ctlr_down(struct sw *sw, struct sw_conn *c)
{
	sw->stats.disconnects++;
	if (--sw->n_ctlrs_up > 0)
		return;
	if (sw->cfg.fail_mode == SW_FAIL_STANDALONE) {
		sw_log(PLAT_LOG_WARN,
		       "%s: no controller connected: fail-standalone, "
		       "forwarding with NORMAL",
		       c->peer);
		return;
	}
	if (dp_table_count(sw->table, true) > 0) {
		sw_log(PLAT_LOG_WARN,
		       "%s: no controller connected: fail-secure, entering "
		       "emergency mode (%zu emergency flows)",
		       c->peer, dp_table_count(sw->table, true));
		dp_table_enter_emergency(sw->table, plat_now_ms(),
					 sw_flow_removed_cb, sw);
	} else {
		sw_log(PLAT_LOG_WARN,
		       "%s: no controller connected: fail-secure, dropping "
		       "table misses",
		       c->peer);
	}
}

/* ---- connection lifecycle --------------------------------------------- */

static struct sw_conn *conn_new(struct sw *sw, const struct plat_chan_ops *ops,
				void *impl, const char *peer, int ctlr)
{
	struct sw_conn *c;
	struct of_msg m;

	if (sw->n_conns >= SW_MAX_CONNS || sw->shutting_down)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->frbuf = malloc(FRAMER_SIZE);
	if (!c->frbuf) {
		free(c);
		return NULL;
	}
	(void)of_framer_init(&c->fr, c->frbuf, FRAMER_SIZE);
	c->sw = sw;
	c->ops = ops;
	c->impl = impl;
	c->ctlr = ctlr;
	snprintf(c->peer, sizeof(c->peer), "%s", peer ? peer : "?");
	c->state = SW_CONN_HELLO_WAIT;
	/* OVS: controllers get 128 bytes of each miss, service connections
	 * nothing until they ask. */
	c->miss_send_len = ctlr >= 0 ? OFP_DEFAULT_MISS_SEND_LEN : 0;
	c->last_rx = plat_now_ms();
	sw->conns[sw->n_conns++] = c;
	of_msg_init(&m, OFPT_HELLO, of_xid_next(&c->xids));
	sw_conn_send(c, &m);
	return c;
}

/* Opens a management connection (see sw_plat.h). */
struct sw_conn *sw_conn_open(struct sw *sw, const struct plat_chan_ops *ops,
			     void *impl, const char *peer)
{
	struct sw_conn *c;

	sw_start(sw);
	c = conn_new(sw, ops, impl, peer, SW_CONN_MGMT);
	if (c)
		sw_log(PLAT_LOG_DEBUG, "%s: management connection", c->peer);
	sw_flush(sw);
	return c;
}

/* Opens a snoop connection (see sw_plat.h). */
struct sw_conn *sw_snoop_open(struct sw *sw, const struct plat_chan_ops *ops,
			      void *impl, const char *peer)
{
	struct sw_conn *c;

	sw_start(sw);
	c = conn_new(sw, ops, impl, peer, SW_CONN_SNOOP);
	if (c) {
		sw->n_snoops++;
		sw_log(PLAT_LOG_DEBUG, "%s: snoop connection", c->peer);
	}
	sw_flush(sw);
	return c;
}

/* Starts closing c (see sw_internal.h). */
void sw_conn_fail(struct sw_conn *c, const char *reason)
{
	if (c->state == SW_CONN_CLOSING)
		return;
	sw_log(PLAT_LOG_WARN, "%s: closing: %s", c->peer, reason);
	c->state = SW_CONN_CLOSING;
	c->ops->close(c->impl);
	/* The fail mode applies from now, not when the platform reports
	 * the channel gone. */
	if (c->counted_up) {
		c->counted_up = false;
		ctlr_down(c->sw, c);
	}
}

static void ctlr_backoff(struct sw *sw, struct sw_ctlr *k, uint64_t now)
{
	k->state = SW_CTLR_BACKOFF;
	k->conn = NULL;
	k->next_attempt = now + (uint64_t)k->backoff_s * 1000;
	sw_log(PLAT_LOG_INFO, "%s: next connection attempt in %u s", k->name,
	       k->backoff_s);
	k->backoff_s *= 2;
	if (k->backoff_s > sw->cfg.max_backoff_s)
		k->backoff_s = sw->cfg.max_backoff_s;
}

/* The connection is gone (see sw_plat.h). */
void sw_conn_closed(struct sw_conn *c)
{
	struct sw *sw = c->sw;
	unsigned i;

	for (i = 0; i < sw->n_conns && sw->conns[i] != c; i++)
		continue;
	if (i == sw->n_conns)
		return; /* not ours: ignore rather than corrupt */
	sw->conns[i] = sw->conns[--sw->n_conns];
	if (c->counted_up) {
		c->counted_up = false;
		ctlr_down(sw, c);
	}
	if (c->ctlr >= 0) {
		struct sw_ctlr *k = &sw->ctlrs[c->ctlr];

		sw_log(PLAT_LOG_INFO, "%s: disconnected", c->peer);
		if (k->conn == c) {
			if (sw->shutting_down) {
				k->state = SW_CTLR_BACKOFF;
				k->conn = NULL;
				k->next_attempt = UINT64_MAX;
			} else {
				ctlr_backoff(sw, k, plat_now_ms());
			}
		}
	} else if (c->ctlr == SW_CONN_SNOOP) {
		sw->n_snoops--;
		sw_log(PLAT_LOG_DEBUG, "%s: snoop connection closed", c->peer);
	} else {
		sw_log(PLAT_LOG_DEBUG, "%s: management connection closed",
		       c->peer);
	}
	free(c->frbuf);
	free(c);
	sw_flush(sw);
}

/* ---- input ------------------------------------------------------------ */

/* The first message must be HELLO. */
static void handle_hello_wait(struct sw_conn *c, const struct of_msg *m,
			      const uint8_t *msg)
{
	struct sw *sw = c->sw;
	uint8_t buf[256];
	size_t out;
	char why[96];

	if (m->h.type != OFPT_HELLO) {
		/* As the controller core and OVS's vconn do: no error,
		 * the peer does not speak the protocol. */
		snprintf(why, sizeof(why),
			 "expected HELLO, received message type %u version %u",
			 msg[1], msg[0]);
		sw_conn_fail(c, why);
		return;
	}
	if (of_hello_negotiate(m) != OF_OK) {
		if (of_hello_failed_encode(m, buf, sizeof(buf), &out) ==
		    OF_OK) {
			sw->stats.peer_errors++;
			sw_conn_send_raw(c, buf, out);
		}
		snprintf(why, sizeof(why),
			 "version negotiation failed (peer speaks 0x%02x)",
			 m->h.version);
		sw_conn_fail(c, why);
		return;
	}
	c->state = SW_CONN_UP;
	if (c->ctlr >= 0) {
		c->counted_up = true;
		ctlr_up(sw, c);
	}
}

static void handle_error(struct sw_conn *c, const struct of_msg *m)
{
	const char *t, *k;

	if (m->raw) {
		sw_log_peer(c->sw, "%s: malformed OFPT_ERROR (xid %u)", c->peer,
			    m->h.xid);
		return;
	}
	t = of_error_type_name(m->u.error.type);
	k = of_error_code_name(m->u.error.type, m->u.error.code);
	sw_log_peer(c->sw,
		    "%s: peer reports error %s/%s (type %u code %u) for xid %u",
		    c->peer, t ? t : "?", k ? k : "?", m->u.error.type,
		    m->u.error.code, m->h.xid);
}

static void handle_msg(struct sw_conn *c, const uint8_t *msg, size_t len)
{
	struct of_msg m;
	enum of_err verdict;

	if (c->ctlr >= 0 && c->sw->n_snoops)
		snoop_copy(c->sw, msg, len);
	verdict = of_decode(msg, len, &m);
	if (c->state == SW_CONN_HELLO_WAIT) {
		handle_hello_wait(c, &m, msg);
		return;
	}
	if (m.h.type == OFPT_ERROR) {
		handle_error(c, &m); /* never answered */
		return;
	}
	if (m.h.type == OFPT_HELLO)
		return; /* repeated HELLO (any version): harmless */
	if (c->ctlr == SW_CONN_SNOOP)
		return; /* a snoop connection only listens (as OVS's) */
	if (m.h.version != OFP_VERSION) {
		sw_conn_error(c, OF_E_BAD_VERSION, msg, len);
		return;
	}
	if (verdict != OF_OK) {
		sw_conn_error(c, verdict, msg, len);
		return;
	}
	sw_handle_msg(c, &m, msg, len);
}

/* Frames and handles input (see sw_plat.h). */
void sw_conn_input(struct sw_conn *c, const uint8_t *data, size_t size)
{
	struct sw *sw = c->sw;
	size_t off = 0;

	if (c->state == SW_CONN_CLOSING)
		return;
	c->last_rx = plat_now_ms();
	c->probe_sent = false;
	while (off < size && c->state != SW_CONN_CLOSING) {
		const uint8_t *msg;
		size_t used, len;
		enum of_err e = of_framer_input(&c->fr, data + off, size - off,
						&used, &msg, &len);

		off += used;
		if (e == OF_E_TOO_SHORT) {
			sw_conn_fail(c, "message length below 8: the stream "
					"cannot be framed");
			break;
		}
		if (e == OF_E_TOO_LONG) {
			sw_conn_error(c, OF_E_BAD_LEN, msg, OFP_HEADER_LEN);
			continue;
		}
		if (!msg)
			break;
		handle_msg(c, msg, len);
	}
	sw_flush(sw);
}

/* ---- keepalive -------------------------------------------------------- */

/* Deadline of c's keepalive (see sw_internal.h). */
uint64_t sw_conn_deadline(const struct sw_conn *c)
{
	uint64_t ms = (uint64_t)c->sw->cfg.probe_interval_s * 1000;

	/* Snoop connections are not probed: ovs-ofctl snoop does not answer
	 * echo requests, and a listener need not talk. */
	if (c->state == SW_CONN_CLOSING || !ms || c->ctlr == SW_CONN_SNOOP)
		return UINT64_MAX;
	return c->probe_sent ? c->probe_at + ms : c->last_rx + ms;
}

/* Echo probe after probe_interval_s of silence, close after as long again
 * (the same before HELLO: a peer that says nothing is dropped). */
void sw_conn_run(struct sw_conn *c, uint64_t now)
{
	uint64_t ms = (uint64_t)c->sw->cfg.probe_interval_s * 1000;
	struct of_msg m;

	if (c->state == SW_CONN_CLOSING || !ms || c->ctlr == SW_CONN_SNOOP)
		return;
	if (c->probe_sent) {
		if (now >= c->probe_at + ms)
			sw_conn_fail(c, "no response to inactivity probe");
		return;
	}
	if (now < c->last_rx + ms)
		return;
	of_msg_init(&m, OFPT_ECHO_REQUEST, of_xid_next(&c->xids));
	sw_conn_send(c, &m);
	c->probe_sent = true;
	c->probe_at = now;
}

/* ---- controllers ------------------------------------------------------ */

/* Adds a controller (see sw_plat.h). */
int sw_add_controller(struct sw *sw, const char *name,
		      const struct sw_ctlr_ops *ops, void *impl)
{
	struct sw_ctlr *k;

	if (sw->n_ctlrs >= SW_MAX_CONTROLLERS || !ops || !ops->connect)
		return -1;
	k = &sw->ctlrs[sw->n_ctlrs];
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name ? name : "?");
	k->ops = ops;
	k->impl = impl;
	k->backoff_s = 1;
	k->state = SW_CTLR_CONNECTING;
	sw->n_ctlrs++;
	sw_log(PLAT_LOG_INFO, "%s: connecting", k->name);
	ops->connect(impl);
	return (int)(sw->n_ctlrs - 1);
}

/* An attempt succeeded (see sw_plat.h). */
struct sw_conn *sw_ctlr_connected(struct sw *sw, unsigned index,
				  const struct plat_chan_ops *ops, void *impl)
{
	struct sw_ctlr *k;
	struct sw_conn *c;

	if (index >= sw->n_ctlrs)
		return NULL;
	k = &sw->ctlrs[index];
	if (k->state != SW_CTLR_CONNECTING)
		return NULL; /* not asked for: the platform closes it */
	c = conn_new(sw, ops, impl, k->name, (int)index);
	if (!c) {
		if (sw->shutting_down) {
			k->state = SW_CTLR_BACKOFF;
			k->next_attempt = UINT64_MAX;
		} else {
			ctlr_backoff(sw, k, plat_now_ms());
		}
		sw_flush(sw);
		return NULL;
	}
	k->state = SW_CTLR_CONNECTED;
	k->conn = c;
	sw_log(PLAT_LOG_INFO, "%s: connected, sending HELLO", k->name);
	sw_flush(sw);
	return c;
}

/* An attempt failed (see sw_plat.h). */
void sw_ctlr_failed(struct sw *sw, unsigned index, const char *why)
{
	struct sw_ctlr *k;

	if (index >= sw->n_ctlrs)
		return;
	k = &sw->ctlrs[index];
	if (k->state != SW_CTLR_CONNECTING)
		return;
	sw_log(PLAT_LOG_WARN, "%s: connection failed: %s", k->name,
	       why ? why : "unknown error");
	if (sw->shutting_down) {
		k->state = SW_CTLR_BACKOFF;
		k->next_attempt = UINT64_MAX;
	} else {
		ctlr_backoff(sw, k, plat_now_ms());
	}
	sw_flush(sw);
}

/* Starts due reconnection attempts. */
void sw_ctlrs_run(struct sw *sw, uint64_t now)
{
	for (unsigned i = 0; i < sw->n_ctlrs; i++) {
		struct sw_ctlr *k = &sw->ctlrs[i];

		if (k->state != SW_CTLR_BACKOFF || now < k->next_attempt ||
		    sw->shutting_down)
			continue;
		k->state = SW_CTLR_CONNECTING;
		sw_log(PLAT_LOG_INFO, "%s: connecting", k->name);
		k->ops->connect(k->impl);
	}
}

/* Earliest reconnection attempt. */
uint64_t sw_ctlrs_deadline(const struct sw *sw)
{
	uint64_t t = UINT64_MAX;

	if (sw->shutting_down)
		return t;
	for (unsigned i = 0; i < sw->n_ctlrs; i++)
		if (sw->ctlrs[i].state == SW_CTLR_BACKOFF &&
		    sw->ctlrs[i].next_attempt < t)
			t = sw->ctlrs[i].next_attempt;
	return t;
}

/* Closes every connection; no reconnection afterwards (see sw.h). */
void sw_shutdown(struct sw *sw)
{
	sw->shutting_down = true;
	for (unsigned i = 0; i < sw->n_conns; i++)
		sw_conn_fail(sw->conns[i], "shutting down");
	sw_flush(sw);
}
