/* hub: every packet goes out of every port but the one it came in on.
 * By default each packet-in is answered with a flooding PACKET_OUT; with
 * `proactive` one match-all flow does it in the switch instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_apps.h"

static const uint8_t flood_action[8] = {0, 0, 0, 8, 0xff, 0xfb, 0, 0};

/* Floods one packet (see ctl_apps.h). */
enum of_err ctl_flood_packet(struct ctl_switch *sw,
			     const struct of_packet_in *pi)
{
	struct of_bytes acts = {flood_action, sizeof(flood_action)};

	return ctl_packet_out(sw, pi->buffer_id, pi->in_port, acts, pi->data);
}

static enum of_err hub_init(struct ctl_app *app, const char *args, char *err,
			    size_t err_size)
{
	char key[32], val[32];
	static int proactive = 1;

	ctl_app_set_data(app, NULL);
	while (ctl_args_next(&args, key, sizeof(key), val, sizeof(val))) {
		if (!strcmp(key, "proactive") && !val[0]) {
			ctl_app_set_data(app, &proactive);
		} else {
			snprintf(err, err_size, "unknown argument '%s'", key);
			return OF_E_INVALID;
		}
	}
	if (args && *args) {
		snprintf(err, err_size, "bad argument '%s'", args);
		return OF_E_INVALID;
	}
	return OF_OK;
}

static enum ctl_verdict hub_switch_up(struct ctl_app *app,
				      struct ctl_switch *sw)
{
	struct of_flow_mod fm;

	if (!ctl_app_data(app))
		return CTL_CONTINUE;
	memset(&fm, 0, sizeof(fm));
	of_match_init_catchall(&fm.match);
	fm.command = OFPFC_ADD;
	fm.priority = 0;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	fm.actions.p = flood_action;
	fm.actions.size = sizeof(flood_action);
	(void)ctl_flow_mod(sw, &fm);
	return CTL_CONTINUE;
}

static enum ctl_verdict hub_packet_in(struct ctl_app *app,
				      struct ctl_switch *sw,
				      const struct of_msg *m)
{
	(void)app;
	(void)ctl_flood_packet(sw, &m->u.packet_in);
	return CTL_CONTINUE;
}

const struct ctl_app_ops ctl_app_hub = {
    .name = "hub",
    .summary = "flood every packet out of all other ports",
    .usage = "proactive (install one flooding flow instead of answering "
	     "each packet-in)",
    .init = hub_init,
    .switch_up = hub_switch_up,
    .packet_in = hub_packet_in,
};
