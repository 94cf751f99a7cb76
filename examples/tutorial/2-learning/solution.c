/* Exercise 2, reference solution: a reactive L2 learning switch.
 *
 * For each PACKET_IN: remember that the source MAC lives behind in_port
 * (per switch: a small table in the switch's app state). If the
 * destination is known, install a flow in_port,dl_src,dl_dst -> output
 * with an idle timeout, so the next packets of that pair stay in the
 * switch, and send this packet the same way; else flood it, like the hub.
 * Argument: idle=S, the flows' idle timeout (default 10 s). */
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
	size_t n, next; /* entries used; next one to replace when full */
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
	if (args && *args) {
		snprintf(err, err_size, "bad argument '%.40s'", args);
		return OF_E_INVALID;
	}
	return OF_OK;
}

static struct mac_entry *find(struct learn_state *st, const uint8_t *mac)
{
	for (size_t i = 0; i < st->n; i++)
		if (!memcmp(st->tab[i].mac, mac, 6))
			return &st->tab[i];
	return NULL;
}

static void learn(struct learn_state *st, const uint8_t *mac, uint16_t port)
{
	struct mac_entry *e = find(st, mac);

	if (!e) {
		if (st->n < MAX_HOSTS) {
			e = &st->tab[st->n++];
		} else {
			e = &st->tab[st->next];
			st->next = (st->next + 1) % MAX_HOSTS;
		}
		memcpy(e->mac, mac, 6);
	}
	e->port = port;
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
	const uint8_t *dst = pi->data.p, *src = pi->data.p + 6;
	struct of_bytes none = {NULL, 0};
	struct of_bytes data = pi->buffer_id == OFP_NO_BUFFER ? pi->data : none;
	uint8_t buf[8];
	struct mac_entry *e = NULL;
	struct of_flow_mod fm;

	if (pi->data.size < 14) /* not even an Ethernet header */
		return CTL_CONTINUE;
	if (!(src[0] & 1)) /* a multicast source is no host */
		learn(st, src, pi->in_port);
	if (!(dst[0] & 1))
		e = find(st, dst);
	if (!e) { /* unknown or broadcast destination: flood */
		(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port,
				     output_to(buf, OFPP_FLOOD), data);
		return CTL_CONTINUE;
	}
	if (e->port == pi->in_port) { /* already where it should go: drop */
		if (pi->buffer_id != OFP_NO_BUFFER)
			(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port,
					     none, none);
		return CTL_CONTINUE;
	}
	memset(&fm, 0, sizeof(fm));
	fm.match.wildcards =
	    OFPFW_ALL &
	    ~(uint32_t)(OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_DL_DST);
	fm.match.in_port = pi->in_port;
	memcpy(fm.match.dl_src, src, 6);
	memcpy(fm.match.dl_dst, dst, 6);
	fm.command = OFPFC_ADD;
	fm.idle_timeout = (uint16_t)idle_s;
	fm.priority = 100;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	fm.actions = output_to(buf, e->port);
	(void)ctl_flow_mod(sw, &fm);
	/* The flow is for the packets after this one: send this one too. */
	(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port, fm.actions, data);
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
