/* Exercise 1: a hub. Edit this file, then `make check-hub`.
 *
 * The switches have no flows, so every packet they receive comes to the
 * controller as a PACKET_IN, and is lost unless the controller sends it
 * on. A hub sends every packet out of every port but the one it came in
 * on: answer each PACKET_IN with a PACKET_OUT whose action list is one
 * OUTPUT action to the FLOOD pseudo-port.
 *
 * Useful (see docs/controller-api.md and docs/tutorial.md):
 *   struct of_action a = {.type = OFPAT_OUTPUT};  a.u.output.port = ...
 *   of_wbuf_make(buf, size), of_action_put(&w, &a)  -> w.pos bytes
 *   ctl_packet_out(sw, buffer_id, in_port, actions, data)
 *   m->u.packet_in: buffer_id, in_port, data (OFP_NO_BUFFER: send data) */
#include "tutorial.h"

static enum ctl_verdict hub_packet_in(struct ctl_app *app,
				      struct ctl_switch *sw,
				      const struct of_msg *m)
{
	const struct of_packet_in *pi = &m->u.packet_in;

	(void)app;
	(void)sw;
	/* TODO 1: build an action list with one OUTPUT:OFPP_FLOOD action. */
	/* TODO 2: send the packet out with ctl_packet_out(): by its
	 * buffer_id when the switch buffered it, else its data. */
	ctl_log(PLAT_LOG_DEBUG, "packet-in on port %u, %zu bytes (dropped)",
		pi->in_port, pi->data.size);
	return CTL_CONTINUE;
}

const struct ctl_app_ops tutorial_app = {
    .name = "my-hub",
    .summary = "tutorial exercise 1: flood every packet (PACKET_OUT)",
    .packet_in = hub_packet_in,
};
