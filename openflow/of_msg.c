/* The message dispatcher: header and version rules, the one per-type length
 * table checked before any body decoder runs, dispatch to the per-family
 * body codecs (of_codec.h), whole-message encoding, and the deep re-encoder
 * that rebuilds every list from its decoded elements. */
#include "of_codec.h"

#include <string.h>

/* Per-type total length rule: at least `min` bytes; exactly `min` if
 * `exact`; and for `mod`, (length - min) must be a multiple of it. */
struct len_rule {
	uint16_t min;
	uint8_t exact;
	uint8_t mod;
};

static const struct len_rule len_rules[OFPT_NTYPES] = {
    [OFPT_HELLO] = {OFP_HEADER_LEN, 0, 0},
    [OFPT_ERROR] = {OFP_ERROR_MSG_LEN, 0, 0},
    [OFPT_ECHO_REQUEST] = {OFP_HEADER_LEN, 0, 0},
    [OFPT_ECHO_REPLY] = {OFP_HEADER_LEN, 0, 0},
    [OFPT_VENDOR] = {OFP_VENDOR_HEADER_LEN, 0, 0},
    [OFPT_FEATURES_REQUEST] = {OFP_HEADER_LEN, 1, 0},
    [OFPT_FEATURES_REPLY] = {OFP_SWITCH_FEATURES_LEN, 0, OFP_PHY_PORT_LEN},
    [OFPT_GET_CONFIG_REQUEST] = {OFP_HEADER_LEN, 1, 0},
    [OFPT_GET_CONFIG_REPLY] = {OFP_SWITCH_CONFIG_LEN, 1, 0},
    [OFPT_SET_CONFIG] = {OFP_SWITCH_CONFIG_LEN, 1, 0},
    [OFPT_PACKET_IN] = {OFP_PACKET_IN_LEN, 0, 0},
    [OFPT_FLOW_REMOVED] = {OFP_FLOW_REMOVED_LEN, 1, 0},
    [OFPT_PORT_STATUS] = {OFP_PORT_STATUS_LEN, 1, 0},
    [OFPT_PACKET_OUT] = {OFP_PACKET_OUT_LEN, 0, 0},
    [OFPT_FLOW_MOD] = {OFP_FLOW_MOD_LEN, 0, 8},
    [OFPT_PORT_MOD] = {OFP_PORT_MOD_LEN, 1, 0},
    [OFPT_STATS_REQUEST] = {OFP_STATS_MSG_LEN, 0, 0},
    [OFPT_STATS_REPLY] = {OFP_STATS_MSG_LEN, 0, 0},
    [OFPT_BARRIER_REQUEST] = {OFP_HEADER_LEN, 1, 0},
    [OFPT_BARRIER_REPLY] = {OFP_HEADER_LEN, 1, 0},
    [OFPT_QUEUE_GET_CONFIG_REQUEST] = {OFP_QUEUE_GET_CONFIG_REQUEST_LEN, 1, 0},
    [OFPT_QUEUE_GET_CONFIG_REPLY] = {OFP_QUEUE_GET_CONFIG_REPLY_LEN, 0, 0},
};

static const char *const type_names[OFPT_NTYPES] = {
    [OFPT_HELLO] = "HELLO",
    [OFPT_ERROR] = "ERROR",
    [OFPT_ECHO_REQUEST] = "ECHO_REQUEST",
    [OFPT_ECHO_REPLY] = "ECHO_REPLY",
    [OFPT_VENDOR] = "VENDOR",
    [OFPT_FEATURES_REQUEST] = "FEATURES_REQUEST",
    [OFPT_FEATURES_REPLY] = "FEATURES_REPLY",
    [OFPT_GET_CONFIG_REQUEST] = "GET_CONFIG_REQUEST",
    [OFPT_GET_CONFIG_REPLY] = "GET_CONFIG_REPLY",
    [OFPT_SET_CONFIG] = "SET_CONFIG",
    [OFPT_PACKET_IN] = "PACKET_IN",
    [OFPT_FLOW_REMOVED] = "FLOW_REMOVED",
    [OFPT_PORT_STATUS] = "PORT_STATUS",
    [OFPT_PACKET_OUT] = "PACKET_OUT",
    [OFPT_FLOW_MOD] = "FLOW_MOD",
    [OFPT_PORT_MOD] = "PORT_MOD",
    [OFPT_STATS_REQUEST] = "STATS_REQUEST",
    [OFPT_STATS_REPLY] = "STATS_REPLY",
    [OFPT_BARRIER_REQUEST] = "BARRIER_REQUEST",
    [OFPT_BARRIER_REPLY] = "BARRIER_REPLY",
    [OFPT_QUEUE_GET_CONFIG_REQUEST] = "QUEUE_GET_CONFIG_REQUEST",
    [OFPT_QUEUE_GET_CONFIG_REPLY] = "QUEUE_GET_CONFIG_REPLY",
};

/* Returns the spec name of a message type without the OFPT_ prefix, or NULL
 * if OpenFlow 1.0 does not define it. */
const char *of_type_name(uint8_t type)
{
	return type < OFPT_NTYPES ? type_names[type] : NULL;
}

/* Returns the spec name of a stats type without the OFPST_ prefix, or NULL
 * if OpenFlow 1.0 does not define it. */
const char *of_stats_type_name(uint16_t type)
{
	switch (type) {
	case OFPST_DESC:
		return "DESC";
	case OFPST_FLOW:
		return "FLOW";
	case OFPST_AGGREGATE:
		return "AGGREGATE";
	case OFPST_TABLE:
		return "TABLE";
	case OFPST_PORT:
		return "PORT";
	case OFPST_QUEUE:
		return "QUEUE";
	case OFPST_VENDOR:
		return "VENDOR";
	default:
		return NULL;
	}
}

/* Reads the 8-byte header without checking anything; false if size < 8. */
bool of_header_peek(const uint8_t *buf, size_t size, struct of_header *h)
{
	struct of_rbuf r;

	if (!buf || size < OFP_HEADER_LEN)
		return false;
	r = of_rbuf_make(buf, OFP_HEADER_LEN);
	h->version = of_get8(&r);
	h->type = of_get8(&r);
	h->length = of_get16(&r);
	h->xid = of_get32(&r);
	return true;
}

/* Zeroes m and makes it a typed OpenFlow 1.0 message of `type` and `xid`. */
void of_msg_init(struct of_msg *m, uint8_t type, uint32_t xid)
{
	memset(m, 0, sizeof(*m));
	m->h.version = OFP_VERSION;
	m->h.type = type;
	m->h.xid = xid;
}

/* Writes a version-1 header with length 0 and returns its offset, for
 * of_msg_end() to patch. */
size_t of_msg_begin(struct of_wbuf *w, uint8_t type, uint32_t xid)
{
	size_t start = w->pos;

	of_put8(w, OFP_VERSION);
	of_put8(w, type);
	of_put16(w, 0);
	of_put32(w, xid);
	return start;
}

/* Patches the length of the message begun at `start` to cover everything
 * written since. Returns OF_E_NOSPACE if the writer overflowed or the
 * message is longer than 65535 bytes, else OF_OK. */
enum of_err of_msg_end(struct of_wbuf *w, size_t start)
{
	size_t len;

	if (w->overflow || start > w->pos || w->pos - start < OFP_HEADER_LEN)
		return OF_E_NOSPACE;
	len = w->pos - start;
	if (len > 0xffff)
		return OF_E_NOSPACE;
	of_patch16(w, start + 2, (uint16_t)len);
	return OF_OK;
}

/* Checks a version-1 message's total length against the per-type table. */
static bool length_ok(uint8_t type, size_t size)
{
	const struct len_rule *rule = &len_rules[type];

	if (size < rule->min)
		return false;
	if (rule->exact && size != rule->min)
		return false;
	if (rule->mod && (size - rule->min) % rule->mod)
		return false;
	return true;
}

/* Runs the body decoder for a version-1 message whose length passed the
 * table. Bodiless types have nothing to decode. */
static enum of_err decode_body(struct of_rbuf *r, struct of_msg *m)
{
	switch (m->h.type) {
	case OFPT_HELLO:
		return of_dec_hello(r, m);
	case OFPT_ERROR:
		return of_dec_error(r, m);
	case OFPT_ECHO_REQUEST:
	case OFPT_ECHO_REPLY:
		return of_dec_echo(r, m);
	case OFPT_VENDOR:
		return of_dec_vendor(r, m);
	case OFPT_FEATURES_REQUEST:
	case OFPT_GET_CONFIG_REQUEST:
	case OFPT_BARRIER_REQUEST:
	case OFPT_BARRIER_REPLY:
		return OF_OK;
	case OFPT_FEATURES_REPLY:
		return of_dec_features_reply(r, m);
	case OFPT_GET_CONFIG_REPLY:
	case OFPT_SET_CONFIG:
		return of_dec_switch_config(r, m);
	case OFPT_PACKET_IN:
		return of_dec_packet_in(r, m);
	case OFPT_FLOW_REMOVED:
		return of_dec_flow_removed(r, m);
	case OFPT_PORT_STATUS:
		return of_dec_port_status(r, m);
	case OFPT_PACKET_OUT:
		return of_dec_packet_out(r, m);
	case OFPT_FLOW_MOD:
		return of_dec_flow_mod(r, m);
	case OFPT_PORT_MOD:
		return of_dec_port_mod(r, m);
	case OFPT_STATS_REQUEST:
		return of_dec_stats_request(r, m);
	case OFPT_STATS_REPLY:
		return of_dec_stats_reply(r, m);
	case OFPT_QUEUE_GET_CONFIG_REQUEST:
		return of_dec_queue_get_config_request(r, m);
	case OFPT_QUEUE_GET_CONFIG_REPLY:
		return of_dec_queue_get_config_reply(r, m);
	default:
		m->raw = true;
		return OF_E_BAD_TYPE;
	}
}

/* Keeps the body as opaque bytes and returns `verdict`. */
static enum of_err keep_raw(struct of_msg *m, struct of_bytes body,
			    enum of_err verdict)
{
	memset(&m->u, 0, sizeof(m->u));
	m->raw = true;
	m->u.raw = body;
	return verdict;
}

/* Decodes one whole message of `size` bytes into m (see of_msg.h). The
 * order of the rules is: size and header length (OF_E_BAD_LEN), version
 * (only HELLO and ERROR are typed in other versions; ERROR then gets
 * OF_E_BAD_VERSION, and so does an ERROR too short for its fixed part),
 * type (OF_E_BAD_TYPE), the length table (OF_E_BAD_LEN), then the body
 * decoder. A message whose header length differs from `size` is raw over
 * the `size - 8` bytes it came with. */
enum of_err of_decode(const uint8_t *buf, size_t size, struct of_msg *m)
{
	struct of_bytes body;
	struct of_rbuf r;
	enum of_err verdict;

	memset(m, 0, sizeof(*m));
	if (!buf || size < OFP_HEADER_LEN) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	of_header_peek(buf, size, &m->h);
	body.p = buf + OFP_HEADER_LEN;
	body.size = size - OFP_HEADER_LEN;
	if (m->h.length != size)
		return keep_raw(m, body, OF_E_BAD_LEN);

	r = of_rbuf_make(body.p, body.size);
	if (m->h.version != OFP_VERSION) {
		if (m->h.type == OFPT_HELLO) {
			verdict = of_dec_hello(&r, m);
		} else if (m->h.type == OFPT_ERROR &&
			   size >= OFP_ERROR_MSG_LEN) {
			(void)of_dec_error(&r, m);
			verdict = OF_E_BAD_VERSION;
		} else {
			return keep_raw(m, body, OF_E_BAD_VERSION);
		}
	} else if (m->h.type >= OFPT_NTYPES) {
		return keep_raw(m, body, OF_E_BAD_TYPE);
	} else if (!length_ok(m->h.type, size)) {
		return keep_raw(m, body, OF_E_BAD_LEN);
	} else {
		verdict = decode_body(&r, m);
	}
	if (m->raw)
		return keep_raw(m, body, verdict);
	return verdict;
}

/* Appends the typed body of m. */
static enum of_err encode_body(struct of_wbuf *w, const struct of_msg *m)
{
	switch (m->h.type) {
	case OFPT_HELLO:
		return of_enc_hello(w, m);
	case OFPT_ERROR:
		return of_enc_error(w, m);
	case OFPT_ECHO_REQUEST:
	case OFPT_ECHO_REPLY:
		return of_enc_echo(w, m);
	case OFPT_VENDOR:
		return of_enc_vendor(w, m);
	case OFPT_FEATURES_REQUEST:
	case OFPT_GET_CONFIG_REQUEST:
	case OFPT_BARRIER_REQUEST:
	case OFPT_BARRIER_REPLY:
		return OF_OK;
	case OFPT_FEATURES_REPLY:
		return of_enc_features_reply(w, m);
	case OFPT_GET_CONFIG_REPLY:
	case OFPT_SET_CONFIG:
		return of_enc_switch_config(w, m);
	case OFPT_PACKET_IN:
		return of_enc_packet_in(w, m);
	case OFPT_FLOW_REMOVED:
		return of_enc_flow_removed(w, m);
	case OFPT_PORT_STATUS:
		return of_enc_port_status(w, m);
	case OFPT_PACKET_OUT:
		return of_enc_packet_out(w, m);
	case OFPT_FLOW_MOD:
		return of_enc_flow_mod(w, m);
	case OFPT_PORT_MOD:
		return of_enc_port_mod(w, m);
	case OFPT_STATS_REQUEST:
		return of_enc_stats_request(w, m);
	case OFPT_STATS_REPLY:
		return of_enc_stats_reply(w, m);
	case OFPT_QUEUE_GET_CONFIG_REQUEST:
		return of_enc_queue_get_config_request(w, m);
	case OFPT_QUEUE_GET_CONFIG_REPLY:
		return of_enc_queue_get_config_reply(w, m);
	default:
		return OF_E_INVALID; /* a typed message of unknown type */
	}
}

/* Encodes m into buf[0..size): header from m->h (length computed), then
 * the raw body or the typed body. Returns OF_OK with *len set; OF_E_NOSPACE
 * if buf is too small; OF_E_INVALID if a value cannot be encoded or the
 * message would exceed 65535 bytes (when buf is smaller than the message,
 * that case reports OF_E_NOSPACE). *len is 0 on failure. */
enum of_err of_encode(const struct of_msg *m, uint8_t *buf, size_t size,
		      size_t *len)
{
	struct of_wbuf w = of_wbuf_make(buf, size);
	enum of_err err = OF_OK;

	*len = 0;
	of_put8(&w, m->h.version);
	of_put8(&w, m->h.type);
	of_put16(&w, 0);
	of_put32(&w, m->h.xid);
	if (m->raw)
		of_put_bytes(&w, m->u.raw.p, m->u.raw.size);
	else
		err = encode_body(&w, m);
	if (err != OF_OK)
		return err;
	if (w.overflow)
		return OF_E_NOSPACE;
	if (w.pos > 0xffff)
		return OF_E_INVALID;
	of_patch16(&w, 2, (uint16_t)w.pos);
	*len = w.pos;
	return OF_OK;
}

/* Deep re-encoding: each list of the message is rebuilt in `scratch`
 * element by element through the iterators and element encoders, and a
 * copy of m is pointed at the rebuilt list. Nested lists (a flow stats
 * entry's actions, a queue's properties) are first rebuilt just past where
 * their element will end, then copied into place by the element encoder;
 * the two ranges never overlap because a rebuilt list is never longer than
 * the validated original. */
struct rebuild {
	uint8_t *base;
	size_t size;
	size_t pos;
};

/* Returns a writer over the free part of scratch starting `skip` bytes
 * past the current position (capacity 0 if no room). */
static struct of_wbuf rb_writer(const struct rebuild *rb, size_t skip)
{
	if (!rb->base || skip > rb->size - rb->pos)
		return of_wbuf_make(NULL, 0);
	return of_wbuf_make(rb->base + rb->pos + skip,
			    rb->size - rb->pos - skip);
}

/* Rebuilds an action list into w; OF_E_INVALID if it is not structurally
 * valid (a typed message built by hand), OF_E_NOSPACE on overflow. */
static enum of_err rebuild_actions(struct of_wbuf *w, struct of_bytes list)
{
	struct of_iter it = of_iter_make(list);
	struct of_action a;
	enum of_err err;

	if (of_actions_check_structure(list) != OF_OK)
		return OF_E_INVALID;
	while (of_action_next(&it, &a)) {
		err = of_action_put(w, &a);
		if (err != OF_OK)
			return err;
	}
	return w->overflow ? OF_E_NOSPACE : OF_OK;
}

/* Rebuilds a top-level action list at the scratch position. */
static enum of_err deep_actions(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	enum of_err err = rebuild_actions(&w, *list);

	if (err != OF_OK)
		return err;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

static enum of_err deep_ports(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	struct of_iter it = of_iter_make(*list);
	struct of_phy_port p;

	while (of_phy_port_next(&it, &p))
		of_phy_port_put(&w, &p);
	if (w.overflow)
		return OF_E_NOSPACE;
	if (it.left)
		return OF_E_INVALID;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

static enum of_err deep_flow_stats(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	struct of_iter it = of_iter_make(*list);
	struct of_flow_stats fs;
	enum of_err err;

	while (of_flow_stats_next(&it, &fs)) {
		struct rebuild nested = *rb;
		struct of_wbuf aw;

		nested.pos += w.pos;
		aw = rb_writer(&nested, OFP_FLOW_STATS_LEN + fs.actions.size);
		err = rebuild_actions(&aw, fs.actions);
		if (err != OF_OK)
			return err;
		if (aw.pos > fs.actions.size)
			return OF_E_INVALID;
		fs.actions.p = aw.base;
		fs.actions.size = aw.pos;
		of_flow_stats_put(&w, &fs);
		if (w.overflow)
			return OF_E_NOSPACE;
	}
	if (it.left)
		return OF_E_INVALID;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

static enum of_err deep_table_stats(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	struct of_iter it = of_iter_make(*list);
	struct of_table_stats ts;

	while (of_table_stats_next(&it, &ts))
		of_table_stats_put(&w, &ts);
	if (w.overflow)
		return OF_E_NOSPACE;
	if (it.left)
		return OF_E_INVALID;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

static enum of_err deep_port_stats(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	struct of_iter it = of_iter_make(*list);
	struct of_port_stats ps;

	while (of_port_stats_next(&it, &ps))
		of_port_stats_put(&w, &ps);
	if (w.overflow)
		return OF_E_NOSPACE;
	if (it.left)
		return OF_E_INVALID;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

static enum of_err deep_queue_stats(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	struct of_iter it = of_iter_make(*list);
	struct of_queue_stats qs;

	while (of_queue_stats_next(&it, &qs))
		of_queue_stats_put(&w, &qs);
	if (w.overflow)
		return OF_E_NOSPACE;
	if (it.left)
		return OF_E_INVALID;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

static enum of_err deep_queues(struct rebuild *rb, struct of_bytes *list)
{
	struct of_wbuf w = rb_writer(rb, 0);
	struct of_iter it = of_iter_make(*list);
	struct of_packet_queue q;

	while (of_packet_queue_next(&it, &q)) {
		struct rebuild nested = *rb;
		struct of_iter pit = of_iter_make(q.properties);
		struct of_queue_prop p;
		struct of_wbuf pw;

		nested.pos += w.pos;
		pw = rb_writer(&nested,
			       OFP_PACKET_QUEUE_LEN + q.properties.size);
		while (of_queue_prop_next(&pit, &p))
			of_queue_prop_put(&pw, &p);
		if (pw.overflow)
			return OF_E_NOSPACE;
		if (pit.left)
			return OF_E_INVALID;
		if (pw.pos > q.properties.size)
			return OF_E_INVALID;
		q.properties.p = pw.base;
		q.properties.size = pw.pos;
		of_packet_queue_put(&w, &q);
		if (w.overflow)
			return OF_E_NOSPACE;
	}
	if (it.left)
		return OF_E_INVALID;
	list->p = w.base;
	list->size = w.pos;
	rb->pos += w.pos;
	return OF_OK;
}

/* Re-encodes m from its fully decoded form (see of_msg.h). Raw messages are
 * encoded as they are. Returns OF_OK, OF_E_NOSPACE (out or scratch too
 * small) or OF_E_INVALID (a list in m that is not well formed). */
enum of_err of_reencode_deep(const struct of_msg *m, uint8_t *out,
			     size_t out_size, size_t *out_len, uint8_t *scratch,
			     size_t scratch_size)
{
	struct rebuild rb = {scratch, scratch ? scratch_size : 0, 0};
	struct of_msg c = *m;
	enum of_err err = OF_OK;

	*out_len = 0;
	if (!m->raw) {
		switch (m->h.type) {
		case OFPT_FEATURES_REPLY:
			err = deep_ports(&rb, &c.u.features.ports);
			break;
		case OFPT_PACKET_OUT:
			err = deep_actions(&rb, &c.u.packet_out.actions);
			break;
		case OFPT_FLOW_MOD:
			err = deep_actions(&rb, &c.u.flow_mod.actions);
			break;
		case OFPT_STATS_REPLY:
			switch (c.u.stats_reply.type) {
			case OFPST_FLOW:
				err = deep_flow_stats(
				    &rb, &c.u.stats_reply.u.entries);
				break;
			case OFPST_TABLE:
				err = deep_table_stats(
				    &rb, &c.u.stats_reply.u.entries);
				break;
			case OFPST_PORT:
				err = deep_port_stats(
				    &rb, &c.u.stats_reply.u.entries);
				break;
			case OFPST_QUEUE:
				err = deep_queue_stats(
				    &rb, &c.u.stats_reply.u.entries);
				break;
			default:
				break;
			}
			break;
		case OFPT_QUEUE_GET_CONFIG_REPLY:
			err = deep_queues(&rb,
					  &c.u.queue_get_config_reply.queues);
			break;
		default:
			break;
		}
	}
	if (err != OF_OK)
		return err;
	return of_encode(&c, out, out_size, out_len);
}
