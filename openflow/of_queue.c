/* QUEUE_GET_CONFIG_REQUEST / QUEUE_GET_CONFIG_REPLY, with the packet queue
 * and queue property lists of the reply: validated once by the decoder,
 * then iterated without re-checking. */
#include "of_codec.h"

_Static_assert(OFP_HEADER_LEN + 4 == OFP_QUEUE_GET_CONFIG_REQUEST_LEN,
	       "ofp_queue_get_config_request is 12 bytes");
_Static_assert(OFP_HEADER_LEN + 8 == OFP_QUEUE_GET_CONFIG_REPLY_LEN,
	       "ofp_queue_get_config_reply is 16 bytes");
_Static_assert(OFP_QUEUE_PROP_HEADER_LEN + 8 == OFP_QUEUE_PROP_MIN_RATE_LEN,
	       "ofp_queue_prop_min_rate is 16 bytes");

static uint16_t peek16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Checks that a property list splits exactly into properties of length
 * >= 8 (exactly 16 for MIN_RATE). */
static bool props_valid(const uint8_t *p, size_t size)
{
	while (size) {
		uint16_t prop, len;

		if (size < OFP_QUEUE_PROP_HEADER_LEN)
			return false;
		prop = peek16(p);
		len = peek16(p + 2);
		if (len < OFP_QUEUE_PROP_HEADER_LEN || len > size)
			return false;
		if (prop == OFPQT_MIN_RATE &&
		    len != OFP_QUEUE_PROP_MIN_RATE_LEN)
			return false;
		p += len;
		size -= len;
	}
	return true;
}

/* Checks that a queue list splits exactly into packet queues of length >= 8
 * whose property lists are valid. */
static bool queues_valid(struct of_bytes list)
{
	const uint8_t *p = list.p;
	size_t size = list.size;

	while (size) {
		uint16_t len;

		if (size < OFP_PACKET_QUEUE_LEN)
			return false;
		len = peek16(p + 4);
		if (len < OFP_PACKET_QUEUE_LEN || len > size)
			return false;
		if (!props_valid(p + OFP_PACKET_QUEUE_LEN,
				 len - OFP_PACKET_QUEUE_LEN))
			return false;
		p += len;
		size -= len;
	}
	return true;
}

/* Decodes a QUEUE_GET_CONFIG_REQUEST body (port, pad 2). A port that is
 * neither a physical port nor OFPP_ALL decodes typed with the verdict
 * OF_E_QUEUE_BAD_PORT. */
enum of_err of_dec_queue_get_config_request(struct of_rbuf *r, struct of_msg *m)
{
	uint16_t port = of_get16(r);

	of_skip(r, 2);
	if (r->short_read || r->left) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	m->u.queue_get_config_request.port = port;
	if (port >= OFPP_MAX && port != OFPP_ALL)
		return OF_E_QUEUE_BAD_PORT;
	return OF_OK;
}

/* Decodes a QUEUE_GET_CONFIG_REPLY body (port, pad 6, queues). The queue
 * list is validated here once; a list that does not split makes the
 * message raw with OF_E_BAD_LEN. */
enum of_err of_dec_queue_get_config_reply(struct of_rbuf *r, struct of_msg *m)
{
	struct of_queue_get_config_reply *q = &m->u.queue_get_config_reply;

	q->port = of_get16(r);
	of_skip(r, 6);
	q->queues.size = r->left;
	q->queues.p = of_get_view(r, q->queues.size);
	if (r->short_read || !queues_valid(q->queues)) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Appends a QUEUE_GET_CONFIG_REQUEST body. */
enum of_err of_enc_queue_get_config_request(struct of_wbuf *w,
					    const struct of_msg *m)
{
	of_put16(w, m->u.queue_get_config_request.port);
	of_put_zeros(w, 2);
	return OF_OK;
}

/* Appends a QUEUE_GET_CONFIG_REPLY body; the queue list is copied after a
 * check that it is well formed (OF_E_INVALID otherwise). */
enum of_err of_enc_queue_get_config_reply(struct of_wbuf *w,
					  const struct of_msg *m)
{
	const struct of_queue_get_config_reply *q =
	    &m->u.queue_get_config_reply;

	if (!queues_valid(q->queues))
		return OF_E_INVALID;
	of_put16(w, q->port);
	of_put_zeros(w, 6);
	of_put_bytes(w, q->queues.p, q->queues.size);
	return OF_OK;
}

/* Decodes the next ofp_packet_queue of a validated list; q->properties is a
 * view into the list. Returns false at the end. */
bool of_packet_queue_next(struct of_iter *it, struct of_packet_queue *q)
{
	uint16_t len;

	if (it->left < OFP_PACKET_QUEUE_LEN)
		return false;
	len = peek16(it->p + 4);
	if (len < OFP_PACKET_QUEUE_LEN || len > it->left)
		return false;
	q->queue_id = (uint32_t)it->p[0] << 24 | (uint32_t)it->p[1] << 16 |
		      (uint32_t)it->p[2] << 8 | it->p[3];
	q->properties.p = it->p + OFP_PACKET_QUEUE_LEN;
	q->properties.size = len - OFP_PACKET_QUEUE_LEN;
	it->p += len;
	it->left -= len;
	return true;
}

/* Appends one ofp_packet_queue: queue_id, len (8 + properties size), pad,
 * then a copy of the properties view. A queue too long for its 16-bit
 * length marks the writer overflowed. */
void of_packet_queue_put(struct of_wbuf *w, const struct of_packet_queue *q)
{
	size_t len = OFP_PACKET_QUEUE_LEN + q->properties.size;

	if (len > 0xffff) {
		w->overflow = true;
		return;
	}
	of_put32(w, q->queue_id);
	of_put16(w, (uint16_t)len);
	of_put_zeros(w, 2);
	of_put_bytes(w, q->properties.p, q->properties.size);
}

/* Decodes the next property of a validated list. MIN_RATE fills p->rate;
 * other properties leave rate 0 and keep their body after the 8-byte header
 * in p->body. Returns false at the end. */
bool of_queue_prop_next(struct of_iter *it, struct of_queue_prop *p)
{
	uint16_t len;

	if (it->left < OFP_QUEUE_PROP_HEADER_LEN)
		return false;
	len = peek16(it->p + 2);
	if (len < OFP_QUEUE_PROP_HEADER_LEN || len > it->left)
		return false;
	p->property = peek16(it->p);
	p->rate = 0;
	p->body.p = NULL;
	p->body.size = 0;
	if (p->property == OFPQT_MIN_RATE &&
	    len == OFP_QUEUE_PROP_MIN_RATE_LEN) {
		p->rate = peek16(it->p + OFP_QUEUE_PROP_HEADER_LEN);
	} else {
		p->body.p = it->p + OFP_QUEUE_PROP_HEADER_LEN;
		p->body.size = len - OFP_QUEUE_PROP_HEADER_LEN;
	}
	it->p += len;
	it->left -= len;
	return true;
}

/* Appends one queue property: MIN_RATE as its 16-byte form, any other
 * property as the 8-byte header plus body. A property too long for its
 * 16-bit length marks the writer overflowed. */
void of_queue_prop_put(struct of_wbuf *w, const struct of_queue_prop *p)
{
	size_t len;

	if (p->property == OFPQT_MIN_RATE) {
		of_put16(w, OFPQT_MIN_RATE);
		of_put16(w, OFP_QUEUE_PROP_MIN_RATE_LEN);
		of_put_zeros(w, 4);
		of_put16(w, p->rate);
		of_put_zeros(w, 6);
		return;
	}
	len = OFP_QUEUE_PROP_HEADER_LEN + p->body.size;
	if (len > 0xffff) {
		w->overflow = true;
		return;
	}
	of_put16(w, p->property);
	of_put16(w, (uint16_t)len);
	of_put_zeros(w, 4);
	of_put_bytes(w, p->body.p, p->body.size);
}
