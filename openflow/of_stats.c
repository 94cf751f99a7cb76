/* STATS_REQUEST and STATS_REPLY: the 4-byte stats header (type, flags) and
 * the per-type bodies, plus iterators and element encoders for the lists in
 * replies (flow, table, port and queue stats).
 *
 * Requests of an unknown stats type decode typed (the body kept whole in
 * u.unknown, so they re-encode) with the verdict OF_E_BAD_STAT that the
 * switch must answer. Replies of an unknown type (e.g. OVS's type 13,
 * OFPST10_PORT_DESC) decode typed with the body in u.entries and the verdict
 * OF_OK: replies are never answered with errors, so there is nothing to
 * report, and the controller can still look at the bytes. */
#include "of_codec.h"

_Static_assert(4 + OFP_MATCH_LEN == OFP_FLOW_STATS_REQUEST_LEN,
	       "ofp_flow_stats_request is 44 bytes");
_Static_assert(4 + OFP_MATCH_LEN + 8 + 6 + 6 + 24 == OFP_FLOW_STATS_LEN,
	       "ofp_flow_stats is 88 bytes");
_Static_assert(4 + OFP_MAX_TABLE_NAME_LEN + 12 + 16 == OFP_TABLE_STATS_LEN,
	       "ofp_table_stats is 64 bytes");
_Static_assert(8 + 12 * 8 == OFP_PORT_STATS_LEN, "ofp_port_stats is 104");
_Static_assert(8 + 3 * 8 == OFP_QUEUE_STATS_LEN, "ofp_queue_stats is 32");
_Static_assert(3 * DESC_STR_LEN + SERIAL_NUM_LEN + DESC_STR_LEN ==
		   OFP_DESC_STATS_LEN,
	       "ofp_desc_stats is 1056 bytes");
_Static_assert(8 + 8 + 4 + 4 == OFP_AGGREGATE_STATS_REPLY_LEN,
	       "ofp_aggregate_stats_reply is 24 bytes");

/* Takes everything left in `r` as a view. */
static struct of_bytes rest(struct of_rbuf *r)
{
	struct of_bytes b;

	b.size = r->left;
	b.p = of_get_view(r, b.size);
	return b;
}

/* Marks the message raw (the dispatcher keeps the body as opaque bytes) and
 * returns the length error. */
static enum of_err bad_len(struct of_msg *m)
{
	m->raw = true;
	return OF_E_BAD_LEN;
}

/* Reads a flow/aggregate stats request body (44 bytes). */
static void flow_request_get(struct of_rbuf *r, struct of_flow_stats_request *f)
{
	of_match_get(r, &f->match);
	f->table_id = of_get8(r);
	of_skip(r, 1);
	f->out_port = of_get16(r);
}

/* Decodes a STATS_REQUEST body. */
enum of_err of_dec_stats_request(struct of_rbuf *r, struct of_msg *m)
{
	struct of_stats_request *s = &m->u.stats_request;
	size_t body;

	s->type = of_get16(r);
	s->flags = of_get16(r);
	if (r->short_read)
		return bad_len(m);
	body = r->left;
	switch (s->type) {
	case OFPST_DESC:
	case OFPST_TABLE:
		if (body != 0)
			return bad_len(m);
		return OF_OK;
	case OFPST_FLOW:
	case OFPST_AGGREGATE:
		if (body != OFP_FLOW_STATS_REQUEST_LEN)
			return bad_len(m);
		flow_request_get(r, &s->u.flow);
		break;
	case OFPST_PORT:
		if (body != OFP_PORT_STATS_REQUEST_LEN)
			return bad_len(m);
		s->u.port.port_no = of_get16(r);
		of_skip(r, 6);
		break;
	case OFPST_QUEUE:
		if (body != OFP_QUEUE_STATS_REQUEST_LEN)
			return bad_len(m);
		s->u.queue.port_no = of_get16(r);
		of_skip(r, 2);
		s->u.queue.queue_id = of_get32(r);
		break;
	case OFPST_VENDOR:
		if (body < 4)
			return bad_len(m);
		s->u.vendor.vendor = of_get32(r);
		s->u.vendor.body = rest(r);
		break;
	default:
		s->u.unknown = rest(r);
		return OF_E_BAD_STAT;
	}
	return r->short_read ? bad_len(m) : OF_OK;
}

/* Appends a STATS_REQUEST body. Unknown types write u.unknown as is. */
enum of_err of_enc_stats_request(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_stats_request *s = &m->u.stats_request;

	of_put16(w, s->type);
	of_put16(w, s->flags);
	switch (s->type) {
	case OFPST_DESC:
	case OFPST_TABLE:
		break;
	case OFPST_FLOW:
	case OFPST_AGGREGATE:
		of_match_put(w, &s->u.flow.match);
		of_put8(w, s->u.flow.table_id);
		of_put8(w, 0);
		of_put16(w, s->u.flow.out_port);
		break;
	case OFPST_PORT:
		of_put16(w, s->u.port.port_no);
		of_put_zeros(w, 6);
		break;
	case OFPST_QUEUE:
		of_put16(w, s->u.queue.port_no);
		of_put_zeros(w, 2);
		of_put32(w, s->u.queue.queue_id);
		break;
	case OFPST_VENDOR:
		of_put32(w, s->u.vendor.vendor);
		of_put_bytes(w, s->u.vendor.body.p, s->u.vendor.body.size);
		break;
	default:
		of_put_bytes(w, s->u.unknown.p, s->u.unknown.size);
		break;
	}
	return OF_OK;
}

/* Reads the 88-byte fixed part of an ofp_flow_stats entry into fs and
 * returns the entry's wire length. */
static uint16_t flow_stats_get_fixed(struct of_rbuf *r,
				     struct of_flow_stats *fs)
{
	uint16_t len = of_get16(r);

	fs->table_id = of_get8(r);
	of_skip(r, 1);
	of_match_get(r, &fs->match);
	fs->duration_sec = of_get32(r);
	fs->duration_nsec = of_get32(r);
	fs->priority = of_get16(r);
	fs->idle_timeout = of_get16(r);
	fs->hard_timeout = of_get16(r);
	of_skip(r, 6);
	fs->cookie = of_get64(r);
	fs->packet_count = of_get64(r);
	fs->byte_count = of_get64(r);
	return len;
}

/* Checks once that a flow stats list splits into entries with sane lengths
 * and structurally valid action lists. */
static bool flow_stats_valid(struct of_bytes list)
{
	size_t off = 0;

	while (off < list.size) {
		size_t left = list.size - off;
		size_t len;
		struct of_bytes acts;

		if (left < OFP_FLOW_STATS_LEN)
			return false;
		len = (size_t)list.p[off] << 8 | list.p[off + 1];
		if (len < OFP_FLOW_STATS_LEN || len > left ||
		    (len - OFP_FLOW_STATS_LEN) % 8)
			return false;
		acts.p = list.p + off + OFP_FLOW_STATS_LEN;
		acts.size = len - OFP_FLOW_STATS_LEN;
		if (of_actions_check_structure(acts) != OF_OK)
			return false;
		off += len;
	}
	return true;
}

/* Decodes a STATS_REPLY body. Fixed-size lists must be whole multiples of
 * their element size, the flow stats list must validate; otherwise the
 * message is raw with OF_E_BAD_LEN. */
enum of_err of_dec_stats_reply(struct of_rbuf *r, struct of_msg *m)
{
	struct of_stats_reply *s = &m->u.stats_reply;
	struct of_desc_stats *d = &s->u.desc;
	size_t body;

	s->type = of_get16(r);
	s->flags = of_get16(r);
	if (r->short_read)
		return bad_len(m);
	body = r->left;
	switch (s->type) {
	case OFPST_DESC:
		if (body != OFP_DESC_STATS_LEN)
			return bad_len(m);
		of_get_bytes(r, d->mfr_desc, DESC_STR_LEN);
		of_get_bytes(r, d->hw_desc, DESC_STR_LEN);
		of_get_bytes(r, d->sw_desc, DESC_STR_LEN);
		of_get_bytes(r, d->serial_num, SERIAL_NUM_LEN);
		of_get_bytes(r, d->dp_desc, DESC_STR_LEN);
		break;
	case OFPST_FLOW:
		s->u.entries = rest(r);
		if (!flow_stats_valid(s->u.entries))
			return bad_len(m);
		break;
	case OFPST_AGGREGATE:
		if (body != OFP_AGGREGATE_STATS_REPLY_LEN)
			return bad_len(m);
		s->u.aggregate.packet_count = of_get64(r);
		s->u.aggregate.byte_count = of_get64(r);
		s->u.aggregate.flow_count = of_get32(r);
		of_skip(r, 4);
		break;
	case OFPST_TABLE:
	case OFPST_PORT:
	case OFPST_QUEUE: {
		size_t elem = s->type == OFPST_TABLE  ? OFP_TABLE_STATS_LEN
			      : s->type == OFPST_PORT ? OFP_PORT_STATS_LEN
						      : OFP_QUEUE_STATS_LEN;
		if (body % elem)
			return bad_len(m);
		s->u.entries = rest(r);
		break;
	}
	case OFPST_VENDOR:
		if (body < 4)
			return bad_len(m);
		s->u.vendor.vendor = of_get32(r);
		s->u.vendor.body = rest(r);
		break;
	default:
		s->u.entries = rest(r);
		break;
	}
	return r->short_read ? bad_len(m) : OF_OK;
}

/* Appends a STATS_REPLY body. Entry lists are copied as they are, after a
 * check that they are well formed (OF_E_INVALID otherwise). */
enum of_err of_enc_stats_reply(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_stats_reply *s = &m->u.stats_reply;
	const struct of_desc_stats *d = &s->u.desc;
	size_t elem = 0;

	switch (s->type) {
	case OFPST_FLOW:
		if (!flow_stats_valid(s->u.entries))
			return OF_E_INVALID;
		break;
	case OFPST_TABLE:
		elem = OFP_TABLE_STATS_LEN;
		break;
	case OFPST_PORT:
		elem = OFP_PORT_STATS_LEN;
		break;
	case OFPST_QUEUE:
		elem = OFP_QUEUE_STATS_LEN;
		break;
	default:
		break;
	}
	if (elem && s->u.entries.size % elem)
		return OF_E_INVALID;

	of_put16(w, s->type);
	of_put16(w, s->flags);
	switch (s->type) {
	case OFPST_DESC:
		of_put_bytes(w, d->mfr_desc, DESC_STR_LEN);
		of_put_bytes(w, d->hw_desc, DESC_STR_LEN);
		of_put_bytes(w, d->sw_desc, DESC_STR_LEN);
		of_put_bytes(w, d->serial_num, SERIAL_NUM_LEN);
		of_put_bytes(w, d->dp_desc, DESC_STR_LEN);
		break;
	case OFPST_AGGREGATE:
		of_put64(w, s->u.aggregate.packet_count);
		of_put64(w, s->u.aggregate.byte_count);
		of_put32(w, s->u.aggregate.flow_count);
		of_put_zeros(w, 4);
		break;
	case OFPST_VENDOR:
		of_put32(w, s->u.vendor.vendor);
		of_put_bytes(w, s->u.vendor.body.p, s->u.vendor.body.size);
		break;
	default: /* FLOW, TABLE, PORT, QUEUE and unknown types */
		of_put_bytes(w, s->u.entries.p, s->u.entries.size);
		break;
	}
	return OF_OK;
}

/* Splits the next `size`-byte element off an iterator into a reader;
 * returns false if fewer bytes remain. */
static bool take_elem(struct of_iter *it, size_t size, struct of_rbuf *r)
{
	if (it->left < size)
		return false;
	*r = of_rbuf_make(it->p, size);
	it->p += size;
	it->left -= size;
	return true;
}

/* Decodes the next entry of a validated flow stats list; fs->actions is a
 * view into the list. Returns false at the end (or at an entry whose length
 * does not fit, which a validated list does not have). */
bool of_flow_stats_next(struct of_iter *it, struct of_flow_stats *fs)
{
	struct of_rbuf r;
	uint16_t len;

	if (it->left < OFP_FLOW_STATS_LEN)
		return false;
	len = (uint16_t)(it->p[0] << 8 | it->p[1]);
	if (len < OFP_FLOW_STATS_LEN || len > it->left)
		return false;
	take_elem(it, len, &r);
	flow_stats_get_fixed(&r, fs);
	fs->actions = rest(&r);
	return true;
}

/* Appends one ofp_flow_stats entry: the fixed part, then a copy of the
 * actions view; the length is 88 + actions size. An entry too long for its
 * 16-bit length field marks the writer overflowed. */
void of_flow_stats_put(struct of_wbuf *w, const struct of_flow_stats *fs)
{
	size_t len = OFP_FLOW_STATS_LEN + fs->actions.size;

	if (len > 0xffff) {
		w->overflow = true;
		return;
	}
	of_put16(w, (uint16_t)len);
	of_put8(w, fs->table_id);
	of_put8(w, 0);
	of_match_put(w, &fs->match);
	of_put32(w, fs->duration_sec);
	of_put32(w, fs->duration_nsec);
	of_put16(w, fs->priority);
	of_put16(w, fs->idle_timeout);
	of_put16(w, fs->hard_timeout);
	of_put_zeros(w, 6);
	of_put64(w, fs->cookie);
	of_put64(w, fs->packet_count);
	of_put64(w, fs->byte_count);
	of_put_bytes(w, fs->actions.p, fs->actions.size);
}

/* Decodes the next 64-byte ofp_table_stats; false at the end. */
bool of_table_stats_next(struct of_iter *it, struct of_table_stats *ts)
{
	struct of_rbuf r;

	if (!take_elem(it, OFP_TABLE_STATS_LEN, &r))
		return false;
	ts->table_id = of_get8(&r);
	of_skip(&r, 3);
	of_get_bytes(&r, ts->name, OFP_MAX_TABLE_NAME_LEN);
	ts->wildcards = of_get32(&r);
	ts->max_entries = of_get32(&r);
	ts->active_count = of_get32(&r);
	ts->lookup_count = of_get64(&r);
	ts->matched_count = of_get64(&r);
	return true;
}

/* Appends one 64-byte ofp_table_stats (name written as its 32 bytes). */
void of_table_stats_put(struct of_wbuf *w, const struct of_table_stats *ts)
{
	of_put8(w, ts->table_id);
	of_put_zeros(w, 3);
	of_put_bytes(w, ts->name, OFP_MAX_TABLE_NAME_LEN);
	of_put32(w, ts->wildcards);
	of_put32(w, ts->max_entries);
	of_put32(w, ts->active_count);
	of_put64(w, ts->lookup_count);
	of_put64(w, ts->matched_count);
}

/* Decodes the next 104-byte ofp_port_stats; false at the end. */
bool of_port_stats_next(struct of_iter *it, struct of_port_stats *ps)
{
	struct of_rbuf r;

	if (!take_elem(it, OFP_PORT_STATS_LEN, &r))
		return false;
	ps->port_no = of_get16(&r);
	of_skip(&r, 6);
	ps->rx_packets = of_get64(&r);
	ps->tx_packets = of_get64(&r);
	ps->rx_bytes = of_get64(&r);
	ps->tx_bytes = of_get64(&r);
	ps->rx_dropped = of_get64(&r);
	ps->tx_dropped = of_get64(&r);
	ps->rx_errors = of_get64(&r);
	ps->tx_errors = of_get64(&r);
	ps->rx_frame_err = of_get64(&r);
	ps->rx_over_err = of_get64(&r);
	ps->rx_crc_err = of_get64(&r);
	ps->collisions = of_get64(&r);
	return true;
}

/* Appends one 104-byte ofp_port_stats. */
void of_port_stats_put(struct of_wbuf *w, const struct of_port_stats *ps)
{
	of_put16(w, ps->port_no);
	of_put_zeros(w, 6);
	of_put64(w, ps->rx_packets);
	of_put64(w, ps->tx_packets);
	of_put64(w, ps->rx_bytes);
	of_put64(w, ps->tx_bytes);
	of_put64(w, ps->rx_dropped);
	of_put64(w, ps->tx_dropped);
	of_put64(w, ps->rx_errors);
	of_put64(w, ps->tx_errors);
	of_put64(w, ps->rx_frame_err);
	of_put64(w, ps->rx_over_err);
	of_put64(w, ps->rx_crc_err);
	of_put64(w, ps->collisions);
}

/* Decodes the next 32-byte ofp_queue_stats; false at the end. */
bool of_queue_stats_next(struct of_iter *it, struct of_queue_stats *qs)
{
	struct of_rbuf r;

	if (!take_elem(it, OFP_QUEUE_STATS_LEN, &r))
		return false;
	qs->port_no = of_get16(&r);
	of_skip(&r, 2);
	qs->queue_id = of_get32(&r);
	qs->tx_bytes = of_get64(&r);
	qs->tx_packets = of_get64(&r);
	qs->tx_errors = of_get64(&r);
	return true;
}

/* Appends one 32-byte ofp_queue_stats. */
void of_queue_stats_put(struct of_wbuf *w, const struct of_queue_stats *qs)
{
	of_put16(w, qs->port_no);
	of_put_zeros(w, 2);
	of_put32(w, qs->queue_id);
	of_put64(w, qs->tx_bytes);
	of_put64(w, qs->tx_packets);
	of_put64(w, qs->tx_errors);
}
