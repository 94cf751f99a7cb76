/* of-ctl's flow-table commands: add-flow(s), mod-flows, del-flows and
 * replace-flows, with ovs-ofctl's message sequence (each FLOW_MOD followed
 * by a barrier; the first OFPT_ERROR printed on stderr, exit status 1). */
#ifndef OFCTL_FLOWS_H
#define OFCTL_FLOWS_H

#include <stdbool.h>

/* add-flow SWITCH FLOW; mod-flows SWITCH FLOW; del-flows SWITCH [FLOW].
 * `command` is OFPFC_ADD, OFPFC_MODIFY or OFPFC_DELETE; `strict` selects
 * the strict variant for modify and delete. `flow` may be NULL for
 * delete (all flows). Exits on any error. */
void ofctl_flow_mod_cmd(const char *target, const char *flow, int command,
			bool strict);

/* add-flows SWITCH FILE ("-" is standard input): one flow per line, blank
 * lines and '#' comments skipped, an optional leading add / modify /
 * modify_strict / delete / delete_strict keyword. Exits on any error. */
void ofctl_add_flows_cmd(const char *target, const char *file);

/* replace-flows SWITCH FILE: dumps the switch's flows, deletes those not in
 * FILE and adds those of FILE that are missing or differ (cookie, timeouts,
 * actions), as ovs-ofctl does; `readd` adds every flow of FILE. */
void ofctl_replace_flows_cmd(const char *target, const char *file, bool readd);

#endif
