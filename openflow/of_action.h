/* OpenFlow 1.0 actions: validation of a whole list once, then iteration
 * without re-checking, and encoding. Unknown action types and vendor actions
 * keep their bodies as views so they re-encode byte for byte. */
#ifndef OF_ACTION_H
#define OF_ACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "of_err.h"
#include "of_types.h"
#include "ofbuf.h"

struct of_action {
	uint16_t type; /* OFPAT_* or any other value (unknown) */
	uint16_t len;  /* wire length; the encoder recomputes it */
	union {
		struct {
			uint16_t port;
			uint16_t max_len;
		} output;
		struct {
			uint16_t port;
			uint32_t queue_id;
		} enqueue;
		uint16_t vlan_vid;
		uint8_t vlan_pcp;
		uint8_t dl_addr[6]; /* SET_DL_SRC / SET_DL_DST */
		uint32_t nw_addr;   /* SET_NW_SRC / SET_NW_DST */
		uint8_t nw_tos;
		uint16_t tp_port; /* SET_TP_SRC / SET_TP_DST */
		struct {
			uint32_t vendor;
			struct of_bytes
			    body; /* after the 8-byte vendor header */
		} vendor;
		struct of_bytes unknown; /* after the 4-byte type/len */
	} u;
};

/* Where an action list appears: TABLE is a valid output port only in a
 * packet-out. */
enum of_action_ctx { OF_ACTX_FLOW, OF_ACTX_PACKET_OUT };

/* Checks that `list` splits into actions whose lengths are sane (>= 8,
 * multiples of 8, inside the list, exact for known types). Returns OF_OK or
 * OF_E_BAD_ACTION_LEN. Only a list that passes may be iterated. */
enum of_err of_actions_check_structure(struct of_bytes list);

/* Checks each action's semantics as the 1.0 spec requires (known type, legal
 * output/enqueue port, VLAN id <= 0xfff, PCP <= 7, TOS with low 2 bits clear).
 * Requires a structurally valid list. Returns the first violation or OF_OK.
 * Vendor actions are accepted here; a switch that supports no vendor rejects
 * them itself with OF_E_BAD_ACTION_VENDOR. */
enum of_err of_actions_check_semantics(struct of_bytes list,
				       enum of_action_ctx ctx);

/* Decodes the next action of a structurally valid list; returns false at the
 * end. Views in `a` are valid while the list is. */
bool of_action_next(struct of_iter *it, struct of_action *a);

/* Appends one action; the wire length is computed from the type (for vendor
 * and unknown actions: header + body, which must keep it a multiple of 8).
 * Returns OF_OK, OF_E_NOSPACE or OF_E_INVALID. */
enum of_err of_action_put(struct of_wbuf *w, const struct of_action *a);

/* Number of actions in a structurally valid list. */
size_t of_actions_count(struct of_bytes list);

/* Spec name of an action type without prefix ("OUTPUT"), or NULL. */
const char *of_action_type_name(uint16_t type);

#endif
