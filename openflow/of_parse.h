/* Parser for the flow syntax people type to ovs-ofctl (OpenFlow 1.0 subset):
 * "priority=100,in_port=1,dl_type=0x0800,nw_src=10.0.0.0/8,tp_dst=80,
 * idle_timeout=10,actions=mod_dl_src:00:11:22:33:44:55,output:2".
 * Errors are reported as text naming the offending field; nothing is
 * allocated. */
#ifndef OF_PARSE_H
#define OF_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "of_msg.h"

/* What a flow text is for; decides which keys are allowed and the defaults,
 * exactly as for the ovs-ofctl command of the same name. */
enum of_parse_use {
	OF_PARSE_ADD,		/* add-flow(s): actions required */
	OF_PARSE_MODIFY,	/* mod-flows */
	OF_PARSE_MODIFY_STRICT, /* mod-flows --strict */
	OF_PARSE_DELETE,	/* del-flows: no actions; out_port allowed */
	OF_PARSE_DELETE_STRICT, /* del-flows --strict */
	OF_PARSE_FILTER, /* dump-flows / dump-aggregate: match, out_port, table */
};

/* Result of parsing a flow. For OF_PARSE_FILTER only match, table_id and
 * out_port are meaningful. fm.command is the plain OFPFC_* command: when
 * table_given and table_id != 0xff, ovs-ofctl first enables
 * NXT_FLOW_MOD_TABLE_ID and then sends command | table_id << 8; doing so is
 * up to the caller. */
struct of_flow_text {
	struct of_flow_mod
	    fm;		  /* actions view points into the caller's buffer */
	uint8_t table_id; /* 0xff unless table= was given */
	bool table_given;
};

/* Parses `text` for `use`. Actions are encoded into act_buf[0..act_size)
 * and fm.actions points there. Returns OF_OK, or OF_E_SYNTAX with a message
 * in err[0..err_size) that quotes the offending field (e.g.
 * "tp_dst=70000: value out of range (0 to 65535)"), or OF_E_NOSPACE if the
 * actions do not fit act_buf. */
enum of_err of_parse_flow(const char *text, enum of_parse_use use,
			  struct of_flow_text *out, uint8_t *act_buf,
			  size_t act_size, char *err, size_t err_size);

/* Parses an action list in ovs-ofctl syntax ("output:2,mod_vlan_vid:3",
 * "drop", "") into buf[0..size), sets *len. `ctx` decides whether
 * "table"/output:TABLE is allowed (packet-out only; ovs-ofctl also accepts
 * it in flows). set_field prerequisites are checked against a match-all
 * flow, as ovs-ofctl does for packet-out. Same returns as of_parse_flow. */
enum of_err of_parse_actions(const char *text, enum of_action_ctx ctx,
			     uint8_t *buf, size_t size, size_t *len, char *err,
			     size_t err_size);

/* Parses a port name or number as ovs-ofctl accepts it ("1", "LOCAL",
 * "local", "IN_PORT", "CONTROLLER", "NONE", "ANY"; decimal only, so
 * "0xfffe" is rejected as ovs-ofctl rejects it; 4294967040..4294967295,
 * the OpenFlow 1.1 numbers, map to 0xff00..0xffff); returns false if `s`
 * is not one. */
bool of_parse_port(const char *s, uint16_t *port);

#endif
