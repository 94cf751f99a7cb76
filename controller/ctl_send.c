/* Sending to a switch: encoding into the worker's scratch buffer, the
 * output counters, and the table of tracked requests (xid -> callback). */
#include <stdlib.h>
#include <string.h>

#include "ctl_internal.h"

/* Sends bytes of whole messages through the channel (see ctl_internal.h). */
enum of_err ctl_out(struct ctl_switch *sw, const uint8_t *data, size_t size)
{
	struct ctl_worker *w = sw->w;
	enum of_err e;

	if (sw->state == CTL_CLOSING)
		return OF_E_NOSPACE;
	if (w->ctl->tracing) {
		/* Trace message by message. */
		for (size_t off = 0; off + OFP_HEADER_LEN <= size;) {
			size_t len = (size_t)data[off + 2] << 8 | data[off + 3];

			if (len < OFP_HEADER_LEN || off + len > size)
				break;
			ctl_dispatch_trace(sw, false, data + off, len);
			off += len;
		}
	}
	e = sw->ops->send(sw->impl, data, size);
	if (e != OF_OK) {
		w->stats.dropped_out++;
		return OF_E_NOSPACE;
	}
	w->stats.msgs_out++;
	return OF_OK;
}

/* Encodes and sends m (see ctl.h). */
enum of_err ctl_send(struct ctl_switch *sw, const struct of_msg *m,
		     uint32_t *xid)
{
	struct ctl_worker *w = sw->w;
	struct of_msg copy;
	const struct of_msg *out = m;
	size_t len;
	enum of_err e;

	if (!m->h.xid) {
		copy = *m;
		copy.h.xid = of_xid_next(&sw->xids);
		out = &copy;
	}
	e = of_encode(out, w->scratch, sizeof(w->scratch), &len);
	if (e != OF_OK)
		return e == OF_E_NOSPACE ? OF_E_INVALID : e;
	if (xid)
		*xid = out->h.xid;
	switch (out->h.type) {
	case OFPT_FLOW_MOD:
		w->stats.flow_mods++;
		break;
	case OFPT_PACKET_OUT:
		w->stats.packet_outs++;
		break;
	default:
		break;
	}
	return ctl_out(sw, w->scratch, len);
}

/* Sends pre-encoded messages (see ctl.h). */
enum of_err ctl_send_raw(struct ctl_switch *sw, const void *data, size_t size)
{
	return ctl_out(sw, data, size);
}

/* Sends a FLOW_MOD (see ctl.h). */
enum of_err ctl_flow_mod(struct ctl_switch *sw, const struct of_flow_mod *fm)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_FLOW_MOD, 0);
	m.u.flow_mod = *fm;
	return ctl_send(sw, &m, NULL);
}

/* Sends a PACKET_OUT (see ctl.h). */
enum of_err ctl_packet_out(struct ctl_switch *sw, uint32_t buffer_id,
			   uint16_t in_port, struct of_bytes actions,
			   struct of_bytes data)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_PACKET_OUT, 0);
	m.u.packet_out.buffer_id = buffer_id;
	m.u.packet_out.in_port = in_port;
	m.u.packet_out.actions = actions;
	if (buffer_id == OFP_NO_BUFFER)
		m.u.packet_out.data = data;
	return ctl_send(sw, &m, NULL);
}

/* ---- tracked requests ------------------------------------------------- */

/* Tracks xid (see ctl_internal.h); the table grows up to max_pending. */
enum of_err ctl_pending_add(struct ctl_switch *sw, uint32_t xid, uint8_t type,
			    struct ctl_app *app, ctl_reply_cb cb, void *arg)
{
	const struct ctl_config *cfg = &sw->w->ctl->cfg;
	struct ctl_pending *p;
	uint64_t deadline;

	if (sw->n_pending >= cfg->max_pending)
		return OF_E_NOSPACE;
	if (sw->n_pending == sw->pending_cap) {
		size_t cap = sw->pending_cap ? sw->pending_cap * 2 : 8;

		if (cap > cfg->max_pending)
			cap = cfg->max_pending;
		p = realloc(sw->pending, cap * sizeof(*p));
		if (!p)
			return OF_E_NOSPACE;
		sw->pending = p;
		sw->pending_cap = cap;
	}
	deadline = plat_now_ms() + cfg->request_ms;
	p = &sw->pending[sw->n_pending++];
	p->xid = xid;
	p->type = type;
	p->app = app;
	p->cb = cb;
	p->arg = arg;
	p->deadline = deadline;
	/* The keepalive timer also expires requests: make it early enough. */
	if (sw->ka.heap_idx == SIZE_MAX || deadline < sw->ka.when)
		ctl_timer_arm(sw->w, &sw->ka, deadline);
	return OF_OK;
}

static void pending_remove(struct ctl_switch *sw, size_t i)
{
	memmove(&sw->pending[i], &sw->pending[i + 1],
		(sw->n_pending - i - 1) * sizeof(sw->pending[0]));
	sw->n_pending--;
}

static void pending_deliver(struct ctl_switch *sw, struct ctl_pending p,
			    const struct of_msg *m)
{
	if (p.cb)
		p.cb(sw, m, p.arg);
	else if (p.app && p.app->ops->reply)
		(void)p.app->ops->reply(p.app, sw, m);
}

/* Delivers a reply or error to its tracked request (see ctl_internal.h).
 * A multi-part stats reply keeps the entry until the last part. */
bool ctl_pending_reply(struct ctl_switch *sw, const struct of_msg *m)
{
	for (size_t i = 0; i < sw->n_pending; i++) {
		struct ctl_pending p = sw->pending[i];
		bool more;

		if (p.xid != m->h.xid)
			continue;
		more = m->h.type == OFPT_STATS_REPLY && !m->raw &&
		       (m->u.stats_reply.flags & OFPSF_REPLY_MORE);
		if (!more)
			pending_remove(sw, i);
		pending_deliver(sw, p, m);
		return true;
	}
	return false;
}

/* Fails expired requests (see ctl_internal.h). */
uint64_t ctl_pending_expire(struct ctl_switch *sw, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	for (size_t i = 0; i < sw->n_pending;) {
		struct ctl_pending p = sw->pending[i];

		if (p.deadline > now) {
			if (p.deadline < next)
				next = p.deadline;
			i++;
			continue;
		}
		pending_remove(sw, i);
		ctl_log(PLAT_LOG_WARN, "%s: no reply to %s xid %u in %u ms",
			sw->peer, of_type_name(p.type), p.xid,
			sw->w->ctl->cfg.request_ms);
		pending_deliver(sw, p, NULL);
		if (sw->state == CTL_CLOSING)
			break;
	}
	return next;
}

/* Fails every tracked request (see ctl_internal.h). */
void ctl_pending_fail_all(struct ctl_switch *sw)
{
	while (sw->n_pending) {
		struct ctl_pending p = sw->pending[0];

		pending_remove(sw, 0);
		pending_deliver(sw, p, NULL);
	}
	free(sw->pending);
	sw->pending = NULL;
	sw->pending_cap = 0;
}

/* Sends a tracked request (see ctl.h). */
enum of_err ctl_request(struct ctl_switch *sw, struct ctl_app *app,
			const struct of_msg *req, ctl_reply_cb cb, void *arg)
{
	uint32_t xid;
	enum of_err e;

	if (!cb && (!app || !app->ops->reply))
		return OF_E_INVALID;
	if (sw->n_pending >= sw->w->ctl->cfg.max_pending)
		return OF_E_NOSPACE;
	e = ctl_send(sw, req, &xid);
	if (e != OF_OK)
		return e;
	return ctl_pending_add(sw, xid, req->h.type, app, cb, arg);
}

/* Sends a tracked STATS_REQUEST (see ctl.h). */
enum of_err ctl_stats_request(struct ctl_switch *sw, struct ctl_app *app,
			      const struct of_stats_request *req,
			      ctl_reply_cb cb, void *arg)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_STATS_REQUEST, 0);
	m.u.stats_request = *req;
	return ctl_request(sw, app, &m, cb, arg);
}

/* Sends a tracked BARRIER_REQUEST (see ctl.h). */
enum of_err ctl_barrier(struct ctl_switch *sw, struct ctl_app *app,
			ctl_reply_cb cb, void *arg)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_BARRIER_REQUEST, 0);
	return ctl_request(sw, app, &m, cb, arg);
}
