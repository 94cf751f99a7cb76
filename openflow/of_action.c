/* OpenFlow 1.0 actions: one structural check per list, one semantic check,
 * then iteration that trusts the list. */
#include "of_action.h"

#include <string.h>

#include "ofp.h"

_Static_assert(OFP_ACTION_HEADER_LEN == 8, "action header is 8 bytes");
_Static_assert(OFP_ACTION_OUTPUT_LEN == 8, "output action is 8 bytes");
_Static_assert(OFP_ACTION_ENQUEUE_LEN == 16, "enqueue action is 16 bytes");
_Static_assert(OFP_ACTION_DL_ADDR_LEN == 16, "dl_addr action is 16 bytes");

/* Exact wire length of each standard action type (index = OFPAT_*). */
static const uint16_t action_len[OFPAT_NTYPES] = {
    [OFPAT_OUTPUT] = OFP_ACTION_OUTPUT_LEN,
    [OFPAT_SET_VLAN_VID] = 8,
    [OFPAT_SET_VLAN_PCP] = 8,
    [OFPAT_STRIP_VLAN] = 8,
    [OFPAT_SET_DL_SRC] = OFP_ACTION_DL_ADDR_LEN,
    [OFPAT_SET_DL_DST] = OFP_ACTION_DL_ADDR_LEN,
    [OFPAT_SET_NW_SRC] = 8,
    [OFPAT_SET_NW_DST] = 8,
    [OFPAT_SET_NW_TOS] = 8,
    [OFPAT_SET_TP_SRC] = 8,
    [OFPAT_SET_TP_DST] = 8,
    [OFPAT_ENQUEUE] = OFP_ACTION_ENQUEUE_LEN,
};

static const char *const action_names[OFPAT_NTYPES] = {
    [OFPAT_OUTPUT] = "OUTPUT",
    [OFPAT_SET_VLAN_VID] = "SET_VLAN_VID",
    [OFPAT_SET_VLAN_PCP] = "SET_VLAN_PCP",
    [OFPAT_STRIP_VLAN] = "STRIP_VLAN",
    [OFPAT_SET_DL_SRC] = "SET_DL_SRC",
    [OFPAT_SET_DL_DST] = "SET_DL_DST",
    [OFPAT_SET_NW_SRC] = "SET_NW_SRC",
    [OFPAT_SET_NW_DST] = "SET_NW_DST",
    [OFPAT_SET_NW_TOS] = "SET_NW_TOS",
    [OFPAT_SET_TP_SRC] = "SET_TP_SRC",
    [OFPAT_SET_TP_DST] = "SET_TP_DST",
    [OFPAT_ENQUEUE] = "ENQUEUE",
};

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Checks that `list` splits into actions of sane length: each >= 8, a
 * multiple of 8, inside the list, and exactly its size for standard types.
 * Returns OF_OK or OF_E_BAD_ACTION_LEN. */
enum of_err of_actions_check_structure(struct of_bytes list)
{
	const uint8_t *p = list.p;
	size_t left = list.size;

	if (!p && left)
		return OF_E_BAD_ACTION_LEN;
	while (left) {
		uint16_t type, len;

		if (left < OFP_ACTION_HEADER_LEN)
			return OF_E_BAD_ACTION_LEN;
		type = rd16(p);
		len = rd16(p + 2);
		if (len < OFP_ACTION_HEADER_LEN || len % 8 || len > left)
			return OF_E_BAD_ACTION_LEN;
		if (type < OFPAT_NTYPES && len != action_len[type])
			return OF_E_BAD_ACTION_LEN;
		p += len;
		left -= len;
	}
	return OF_OK;
}

static bool output_port_ok(uint16_t port, enum of_action_ctx ctx)
{
	if (port < OFPP_MAX)
		return true;
	switch (port) {
	case OFPP_IN_PORT:
	case OFPP_NORMAL:
	case OFPP_FLOOD:
	case OFPP_ALL:
	case OFPP_CONTROLLER:
	case OFPP_LOCAL:
		return true;
	case OFPP_TABLE:
		return ctx == OF_ACTX_PACKET_OUT;
	default:
		return false;
	}
}

static enum of_err check_one(const struct of_action *a, enum of_action_ctx ctx)
{
	switch (a->type) {
	case OFPAT_OUTPUT:
		return output_port_ok(a->u.output.port, ctx)
			   ? OF_OK
			   : OF_E_BAD_OUT_PORT;
	case OFPAT_ENQUEUE:
		if (a->u.enqueue.port < OFPP_MAX ||
		    a->u.enqueue.port == OFPP_IN_PORT ||
		    a->u.enqueue.port == OFPP_LOCAL)
			return OF_OK;
		return OF_E_BAD_OUT_PORT;
	case OFPAT_SET_VLAN_VID:
		return a->u.vlan_vid > 0xfff ? OF_E_BAD_ARGUMENT : OF_OK;
	case OFPAT_SET_VLAN_PCP:
		return a->u.vlan_pcp > 7 ? OF_E_BAD_ARGUMENT : OF_OK;
	case OFPAT_SET_NW_TOS:
		return a->u.nw_tos & 3 ? OF_E_BAD_ARGUMENT : OF_OK;
	case OFPAT_STRIP_VLAN:
	case OFPAT_SET_DL_SRC:
	case OFPAT_SET_DL_DST:
	case OFPAT_SET_NW_SRC:
	case OFPAT_SET_NW_DST:
	case OFPAT_SET_TP_SRC:
	case OFPAT_SET_TP_DST:
	case OFPAT_VENDOR:
		return OF_OK;
	default:
		return OF_E_BAD_ACTION_TYPE;
	}
}

/* Checks the semantics of each action of a structurally valid list in order.
 * Returns the first violation (BAD_ACTION type/out port/argument) or OF_OK. */
enum of_err of_actions_check_semantics(struct of_bytes list,
				       enum of_action_ctx ctx)
{
	struct of_iter it = of_iter_make(list);
	struct of_action a;

	while (of_action_next(&it, &a)) {
		enum of_err e = check_one(&a, ctx);
		if (e != OF_OK)
			return e;
	}
	return OF_OK;
}

/* Decodes the next action at `it` into *a and advances; returns false at the
 * end of the list (or, defensively, at a length that does not fit). Views in
 * *a point into the list. */
bool of_action_next(struct of_iter *it, struct of_action *a)
{
	struct of_rbuf r;
	uint16_t len;

	if (!it->p || it->left < OFP_ACTION_HEADER_LEN)
		return false;
	len = rd16(it->p + 2);
	if (len < OFP_ACTION_HEADER_LEN || len > it->left) {
		it->left = 0;
		return false;
	}
	memset(a, 0, sizeof(*a));
	r = of_rbuf_make(it->p, len);
	it->p += len;
	it->left -= len;

	a->type = of_get16(&r);
	a->len = of_get16(&r);
	switch (a->type) {
	case OFPAT_OUTPUT:
		a->u.output.port = of_get16(&r);
		a->u.output.max_len = of_get16(&r);
		break;
	case OFPAT_SET_VLAN_VID:
		a->u.vlan_vid = of_get16(&r);
		break;
	case OFPAT_SET_VLAN_PCP:
		a->u.vlan_pcp = of_get8(&r);
		break;
	case OFPAT_STRIP_VLAN:
		break;
	case OFPAT_SET_DL_SRC:
	case OFPAT_SET_DL_DST:
		of_get_bytes(&r, a->u.dl_addr, sizeof(a->u.dl_addr));
		break;
	case OFPAT_SET_NW_SRC:
	case OFPAT_SET_NW_DST:
		a->u.nw_addr = of_get32(&r);
		break;
	case OFPAT_SET_NW_TOS:
		a->u.nw_tos = of_get8(&r);
		break;
	case OFPAT_SET_TP_SRC:
	case OFPAT_SET_TP_DST:
		a->u.tp_port = of_get16(&r);
		break;
	case OFPAT_ENQUEUE:
		a->u.enqueue.port = of_get16(&r);
		of_skip(&r, 6);
		a->u.enqueue.queue_id = of_get32(&r);
		break;
	case OFPAT_VENDOR:
		a->u.vendor.vendor = of_get32(&r);
		a->u.vendor.body.size = r.left;
		a->u.vendor.body.p = of_get_view(&r, r.left);
		break;
	default:
		a->u.unknown.size = r.left;
		a->u.unknown.p = of_get_view(&r, r.left);
		break;
	}
	return true;
}

/* Appends one action with its wire length computed and pads zeroed. Returns
 * OF_OK; OF_E_INVALID for a vendor/unknown body that makes the length not a
 * multiple of 8 or above 65535 (nothing written); OF_E_NOSPACE if the action
 * does not fit (nothing written, overflow set). */
enum of_err of_action_put(struct of_wbuf *w, const struct of_action *a)
{
	size_t len;
	const struct of_bytes *body = NULL;

	if (a->type < OFPAT_NTYPES) {
		len = action_len[a->type];
	} else if (a->type == OFPAT_VENDOR) {
		body = &a->u.vendor.body;
		len = OFP_ACTION_VENDOR_HEADER_LEN + body->size;
	} else {
		body = &a->u.unknown;
		len = 4 + body->size;
	}
	if (body && ((!body->p && body->size) || body->size > 0xffff ||
		     len > 0xffff || len % 8))
		return OF_E_INVALID;
	if (w->overflow || len > w->size - w->pos) {
		w->overflow = true;
		return OF_E_NOSPACE;
	}

	of_put16(w, a->type);
	of_put16(w, (uint16_t)len);
	switch (a->type) {
	case OFPAT_OUTPUT:
		of_put16(w, a->u.output.port);
		of_put16(w, a->u.output.max_len);
		break;
	case OFPAT_SET_VLAN_VID:
		of_put16(w, a->u.vlan_vid);
		of_put_zeros(w, 2);
		break;
	case OFPAT_SET_VLAN_PCP:
		of_put8(w, a->u.vlan_pcp);
		of_put_zeros(w, 3);
		break;
	case OFPAT_STRIP_VLAN:
		of_put_zeros(w, 4);
		break;
	case OFPAT_SET_DL_SRC:
	case OFPAT_SET_DL_DST:
		of_put_bytes(w, a->u.dl_addr, sizeof(a->u.dl_addr));
		of_put_zeros(w, 6);
		break;
	case OFPAT_SET_NW_SRC:
	case OFPAT_SET_NW_DST:
		of_put32(w, a->u.nw_addr);
		break;
	case OFPAT_SET_NW_TOS:
		of_put8(w, a->u.nw_tos);
		of_put_zeros(w, 3);
		break;
	case OFPAT_SET_TP_SRC:
	case OFPAT_SET_TP_DST:
		of_put16(w, a->u.tp_port);
		of_put_zeros(w, 2);
		break;
	case OFPAT_ENQUEUE:
		of_put16(w, a->u.enqueue.port);
		of_put_zeros(w, 6);
		of_put32(w, a->u.enqueue.queue_id);
		break;
	case OFPAT_VENDOR:
		of_put32(w, a->u.vendor.vendor);
		of_put_bytes(w, body->p, body->size);
		break;
	default:
		of_put_bytes(w, body->p, body->size);
		break;
	}
	return OF_OK;
}

/* Returns the number of actions in a structurally valid list. */
size_t of_actions_count(struct of_bytes list)
{
	struct of_iter it = of_iter_make(list);
	struct of_action a;
	size_t n = 0;

	while (of_action_next(&it, &a))
		n++;
	return n;
}

/* Returns the spec name of an action type ("OUTPUT", "VENDOR"), or NULL. */
const char *of_action_type_name(uint16_t type)
{
	if (type < OFPAT_NTYPES)
		return action_names[type];
	if (type == OFPAT_VENDOR)
		return "VENDOR";
	return NULL;
}
