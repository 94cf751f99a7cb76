/* Exercise 1, reference solution: a hub. Every packet the switch sends up
 * (a PACKET_IN: no flow matched it) goes back down in a PACKET_OUT whose
 * only action is OUTPUT:FLOOD, i.e. out of every port but the one it came
 * in on. No flow is ever installed, so the controller sees every packet. */
#include "tutorial.h"

static enum ctl_verdict hub_packet_in(struct ctl_app *app,
				      struct ctl_switch *sw,
				      const struct of_msg *m)
{
	const struct of_packet_in *pi = &m->u.packet_in;
	struct of_action out = {.type = OFPAT_OUTPUT};
	uint8_t buf[8];
	struct of_wbuf w = of_wbuf_make(buf, sizeof(buf));
	struct of_bytes actions;

	(void)app;
	/* The action list: one OUTPUT to the FLOOD pseudo-port. */
	out.u.output.port = OFPP_FLOOD;
	if (of_action_put(&w, &out) != OF_OK)
		return CTL_CONTINUE;
	actions.p = buf;
	actions.size = w.pos;
	/* A buffered packet is sent by its buffer id (the switch still has
	 * it); an unbuffered one (buffer_id OFP_NO_BUFFER) must be sent
	 * back whole, as data. */
	if (pi->buffer_id != OFP_NO_BUFFER) {
		struct of_bytes none = {NULL, 0};

		(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port, actions,
				     none);
	} else {
		(void)ctl_packet_out(sw, OFP_NO_BUFFER, pi->in_port, actions,
				     pi->data);
	}
	return CTL_CONTINUE;
}

const struct ctl_app_ops tutorial_app = {
    .name = "my-hub",
    .summary = "tutorial exercise 1: flood every packet (PACKET_OUT)",
    .packet_in = hub_packet_in,
};
