/* Body codecs for FLOW_MOD and FLOW_REMOVED (see of_codec.h). */
#include <string.h>

#include "of_codec.h"

/* Bodies, i.e. the wire sizes without the 8-byte header. */
#define FLOW_MOD_BODY_LEN (OFP_FLOW_MOD_LEN - OFP_HEADER_LEN)
#define FLOW_REMOVED_BODY_LEN (OFP_FLOW_REMOVED_LEN - OFP_HEADER_LEN)
_Static_assert(FLOW_MOD_BODY_LEN == OFP_MATCH_LEN + 24, "flow_mod body");
_Static_assert(FLOW_REMOVED_BODY_LEN == OFP_MATCH_LEN + 40,
	       "flow_removed body");

/* Decodes a FLOW_MOD body. Returns OF_OK; OF_E_BAD_LEN (raw) if the fixed
 * part is short; OF_E_BAD_ACTION_LEN (raw) if the action list does not
 * split; else, with the message typed, the first of BAD_COMMAND,
 * BAD_EMERG_TIMEOUT or an action semantic error. */
enum of_err of_dec_flow_mod(struct of_rbuf *r, struct of_msg *m)
{
	struct of_flow_mod *fm = &m->u.flow_mod;

	memset(fm, 0, sizeof(*fm));
	of_match_get(r, &fm->match);
	fm->cookie = of_get64(r);
	fm->command = of_get16(r);
	fm->idle_timeout = of_get16(r);
	fm->hard_timeout = of_get16(r);
	fm->priority = of_get16(r);
	fm->buffer_id = of_get32(r);
	fm->out_port = of_get16(r);
	fm->flags = of_get16(r);
	if (r->short_read) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	fm->actions.size = r->left;
	fm->actions.p = of_get_view(r, r->left);

	if (of_actions_check_structure(fm->actions) != OF_OK) {
		m->raw = true;
		return OF_E_BAD_ACTION_LEN;
	}
	if (fm->command > OFPFC_DELETE_STRICT)
		return OF_E_BAD_COMMAND;
	if ((fm->flags & OFPFF_EMERG) &&
	    (fm->idle_timeout != 0 || fm->hard_timeout != 0))
		return OF_E_BAD_EMERG_TIMEOUT;
	return of_actions_check_semantics(fm->actions, OF_ACTX_FLOW);
}

/* Appends a FLOW_MOD body with the action list copied as is. Returns OF_OK
 * or OF_E_INVALID (an action view with no bytes behind it). */
enum of_err of_enc_flow_mod(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_flow_mod *fm = &m->u.flow_mod;

	if (!fm->actions.p && fm->actions.size)
		return OF_E_INVALID;
	of_match_put(w, &fm->match);
	of_put64(w, fm->cookie);
	of_put16(w, fm->command);
	of_put16(w, fm->idle_timeout);
	of_put16(w, fm->hard_timeout);
	of_put16(w, fm->priority);
	of_put32(w, fm->buffer_id);
	of_put16(w, fm->out_port);
	of_put16(w, fm->flags);
	of_put_bytes(w, fm->actions.p, fm->actions.size);
	return OF_OK;
}

/* Decodes a FLOW_REMOVED body, which must be exactly 80 bytes. Returns OF_OK
 * or OF_E_BAD_LEN (raw). */
enum of_err of_dec_flow_removed(struct of_rbuf *r, struct of_msg *m)
{
	struct of_flow_removed *fr = &m->u.flow_removed;

	memset(fr, 0, sizeof(*fr));
	of_match_get(r, &fr->match);
	fr->cookie = of_get64(r);
	fr->priority = of_get16(r);
	fr->reason = of_get8(r);
	of_skip(r, 1);
	fr->duration_sec = of_get32(r);
	fr->duration_nsec = of_get32(r);
	fr->idle_timeout = of_get16(r);
	of_skip(r, 2);
	fr->packet_count = of_get64(r);
	fr->byte_count = of_get64(r);
	if (r->short_read || r->left) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Appends an 80-byte FLOW_REMOVED body (pads zero). Returns OF_OK. */
enum of_err of_enc_flow_removed(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_flow_removed *fr = &m->u.flow_removed;

	of_match_put(w, &fr->match);
	of_put64(w, fr->cookie);
	of_put16(w, fr->priority);
	of_put8(w, fr->reason);
	of_put_zeros(w, 1);
	of_put32(w, fr->duration_sec);
	of_put32(w, fr->duration_nsec);
	of_put16(w, fr->idle_timeout);
	of_put_zeros(w, 2);
	of_put64(w, fr->packet_count);
	of_put64(w, fr->byte_count);
	return OF_OK;
}
