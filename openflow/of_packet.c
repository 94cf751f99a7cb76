/* Body codecs for PACKET_IN and PACKET_OUT (see of_codec.h). */
#include <string.h>

#include "of_codec.h"

#define PACKET_IN_FIXED 10 /* buffer_id, total_len, in_port, reason, pad */
#define PACKET_OUT_FIXED (OFP_PACKET_OUT_LEN - OFP_HEADER_LEN)
_Static_assert(PACKET_OUT_FIXED == 8, "packet_out fixed body");

/* Decodes a PACKET_IN body (>= 10 bytes; the rest is the frame). Returns
 * OF_OK or OF_E_BAD_LEN (raw). */
enum of_err of_dec_packet_in(struct of_rbuf *r, struct of_msg *m)
{
	struct of_packet_in *pi = &m->u.packet_in;

	memset(pi, 0, sizeof(*pi));
	pi->buffer_id = of_get32(r);
	pi->total_len = of_get16(r);
	pi->in_port = of_get16(r);
	pi->reason = of_get8(r);
	of_skip(r, 1);
	if (r->short_read) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	pi->data.size = r->left;
	pi->data.p = of_get_view(r, r->left);
	return OF_OK;
}

/* Appends a PACKET_IN body. Returns OF_OK or OF_E_INVALID (a data view with
 * no bytes behind it). */
enum of_err of_enc_packet_in(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_packet_in *pi = &m->u.packet_in;

	if (!pi->data.p && pi->data.size)
		return OF_E_INVALID;
	of_put32(w, pi->buffer_id);
	of_put16(w, pi->total_len);
	of_put16(w, pi->in_port);
	of_put8(w, pi->reason);
	of_put_zeros(w, 1);
	of_put_bytes(w, pi->data.p, pi->data.size);
	return OF_OK;
}

/* Decodes a PACKET_OUT body. Returns OF_OK; OF_E_BAD_LEN (raw) if the fixed
 * part is short or actions_len runs past the body; OF_E_BAD_ACTION_LEN (raw)
 * if the action list does not split; else the first action semantic error
 * (TABLE allowed as an output port), with the message typed. */
enum of_err of_dec_packet_out(struct of_rbuf *r, struct of_msg *m)
{
	struct of_packet_out *po = &m->u.packet_out;
	uint16_t actions_len;

	memset(po, 0, sizeof(*po));
	po->buffer_id = of_get32(r);
	po->in_port = of_get16(r);
	actions_len = of_get16(r);
	if (r->short_read || actions_len > r->left) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	po->actions.size = actions_len;
	po->actions.p = of_get_view(r, actions_len);
	po->data.size = r->left;
	po->data.p = of_get_view(r, r->left);

	if (of_actions_check_structure(po->actions) != OF_OK) {
		m->raw = true;
		return OF_E_BAD_ACTION_LEN;
	}
	return of_actions_check_semantics(po->actions, OF_ACTX_PACKET_OUT);
}

/* Appends a PACKET_OUT body with actions_len = actions.size. Returns OF_OK or
 * OF_E_INVALID (actions above 65535 bytes, or a view with no bytes). */
enum of_err of_enc_packet_out(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_packet_out *po = &m->u.packet_out;

	if (po->actions.size > 0xffff || (!po->actions.p && po->actions.size) ||
	    (!po->data.p && po->data.size))
		return OF_E_INVALID;
	of_put32(w, po->buffer_id);
	of_put16(w, po->in_port);
	of_put16(w, (uint16_t)po->actions.size);
	of_put_bytes(w, po->actions.p, po->actions.size);
	of_put_bytes(w, po->data.p, po->data.size);
	return OF_OK;
}
