/* Exercise 2: a reactive L2 learning switch. Edit this file, then
 * `make check-learning`.
 *
 * As it is, this app is the hub of exercise 1: every packet comes to the
 * controller and is flooded. Pings work, but the controller sees every
 * packet forever. Make it learn:
 *
 *   1. For each PACKET_IN, remember that the source MAC (bytes 6..11 of
 *      the packet) is behind pi->in_port, per switch: the table lives in
 *      the switch's app state (ctl_switch_state(sw, app), zeroed at
 *      switch-up; its size is .switch_state_size).
 *   2. If the destination MAC (bytes 0..5) is known (and not broadcast /
 *      multicast: dst[0] & 1), install a flow with ctl_flow_mod():
 *      match in_port, dl_src, dl_dst (wildcards OFPFW_ALL minus those
 *      three bits), action OUTPUT to the learned port, an idle_timeout
 *      (idle_s seconds), command OFPFC_ADD, out_port OFPP_NONE,
 *      buffer_id OFP_NO_BUFFER; then send this packet out of that port
 *      too (a PACKET_OUT).
 *   3. Otherwise flood it, as now. */
#include <stdio.h>
#include <string.h>

#include "tutorial.h"

#define MAX_HOSTS 256

struct mac_entry {
	uint8_t mac[6];
	uint16_t port;
};

struct learn_state {
	struct mac_entry tab[MAX_HOSTS];
	size_t n; /* entries used */
};

static unsigned long idle_s = 10;

static enum of_err learn_init(struct ctl_app *app, const char *args, char *err,
			      size_t err_size)
{
	char key[32], val[32];

	(void)app;
	while (ctl_args_next(&args, key, sizeof(key), val, sizeof(val))) {
		if (!strcmp(key, "idle") && ctl_parse_uint(val, 65535, &idle_s))
			continue;
		snprintf(err, err_size, "bad argument '%s' (idle=S)", key);
		return OF_E_INVALID;
	}
	return OF_OK;
}

/* One OUTPUT action to `port` into buf[8]; returns the list. */
static struct of_bytes output_to(uint8_t *buf, uint16_t port)
{
	struct of_action a = {.type = OFPAT_OUTPUT};
	struct of_wbuf w = of_wbuf_make(buf, 8);
	struct of_bytes list = {buf, 0};

	a.u.output.port = port;
	if (of_action_put(&w, &a) == OF_OK)
		list.size = w.pos;
	return list;
}

static enum ctl_verdict learn_packet_in(struct ctl_app *app,
					struct ctl_switch *sw,
					const struct of_msg *m)
{
	const struct of_packet_in *pi = &m->u.packet_in;
	struct learn_state *st = ctl_switch_state(sw, app);
	struct of_bytes none = {NULL, 0};
	struct of_bytes data = pi->buffer_id == OFP_NO_BUFFER ? pi->data : none;
	uint8_t buf[8];

	(void)st;
	if (pi->data.size < 14) /* not even an Ethernet header */
		return CTL_CONTINUE;
	/* TODO 1: learn the source MAC's port in st->tab. */
	/* TODO 2: known unicast destination: install a flow with an idle
	 * timeout (struct of_flow_mod, ctl_flow_mod) and send the packet
	 * out of the learned port; return. */
	/* TODO 3 (done): unknown destination: flood. */
	(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port,
			     output_to(buf, OFPP_FLOOD), data);
	return CTL_CONTINUE;
}

const struct ctl_app_ops tutorial_app = {
    .name = "my-learning",
    .summary = "tutorial exercise 2: L2 learning switch (reactive flows)",
    .usage = "idle=S (flow idle timeout, 10)",
    .switch_state_size = sizeof(struct learn_state),
    .init = learn_init,
    .packet_in = learn_packet_in,
};
