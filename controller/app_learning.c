/* learning: an L2 MAC-learning switch. Each packet-in teaches where its
 * source address lives; a known unicast destination gets a flow (in_port,
 * dl_src, dl_dst -> output) with idle/hard timeouts and the packet goes out
 * (released from the switch's buffer by the flow-mod, or sent with a
 * PACKET_OUT when unbuffered); unknown and multicast destinations are
 * flooded. Entries age out; a port that goes down or away forgets its
 * addresses. The table per switch is bounded: a full probe window replaces
 * its oldest entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_apps.h"

#define PROBE 8

struct learn_cfg {
	unsigned idle, hard; /* flow timeouts, seconds */
	unsigned priority;
	uint64_t age_ms; /* MAC entry lifetime */
	size_t slots;	 /* power of two */
};

struct learn_entry {
	uint64_t mac; /* 48 bits; 0 = empty slot */
	uint64_t seen;
	uint16_t port;
};

struct learn_sw {
	struct learn_entry *tab;
};

static uint64_t mac_key(const uint8_t *p)
{
	return (uint64_t)p[0] << 40 | (uint64_t)p[1] << 32 |
	       (uint64_t)p[2] << 24 | (uint64_t)p[3] << 16 |
	       (uint64_t)p[4] << 8 | p[5];
}

/* Fibonacci hashing: the top bits of the product depend on every bit of
 * the address (the low bits only on its low bytes, which may all be equal:
 * cbench's MACs differ in bytes 1..4). */
static size_t slot_of(uint64_t mac, size_t slots)
{
	unsigned bits = 0;

	while (((size_t)1 << bits) < slots)
		bits++;
	return (size_t)((mac * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

static enum of_err learning_init(struct ctl_app *app, const char *args,
				 char *err, size_t err_size)
{
	struct learn_cfg *cfg = calloc(1, sizeof(*cfg));
	char key[32], val[32];
	unsigned long v, max = 4096;

	if (!cfg) {
		snprintf(err, err_size, "out of memory");
		return OF_E_INVALID;
	}
	cfg->idle = 60;
	cfg->hard = 0;
	cfg->priority = OFP_DEFAULT_PRIORITY;
	cfg->age_ms = 300000;
	while (ctl_args_next(&args, key, sizeof(key), val, sizeof(val))) {
		unsigned long lim = !strcmp(key, "max")	  ? 1ul << 20
				    : !strcmp(key, "age") ? 86400
							  : 65535;

		if (strcmp(key, "idle") && strcmp(key, "hard") &&
		    strcmp(key, "priority") && strcmp(key, "age") &&
		    strcmp(key, "max")) {
			snprintf(err, err_size,
				 "unknown argument '%s' (idle, hard, "
				 "priority, age, max)",
				 key);
			goto bad;
		}
		if (!ctl_parse_uint(val, lim, &v) ||
		    (!strcmp(key, "max") && v < PROBE)) {
			snprintf(err, err_size,
				 "%s=%s: expected a number %s%lu", key, val,
				 !strcmp(key, "max") ? "8 to " : "0 to ", lim);
			goto bad;
		}
		if (!strcmp(key, "idle"))
			cfg->idle = (unsigned)v;
		else if (!strcmp(key, "hard"))
			cfg->hard = (unsigned)v;
		else if (!strcmp(key, "priority"))
			cfg->priority = (unsigned)v;
		else if (!strcmp(key, "age"))
			cfg->age_ms = (uint64_t)v * 1000;
		else
			max = v;
	}
	if (args && *args) {
		snprintf(err, err_size, "bad argument '%.40s'", args);
		goto bad;
	}
	cfg->slots = PROBE;
	while (cfg->slots < max)
		cfg->slots *= 2;
	ctl_app_set_data(app, cfg);
	return OF_OK;
bad:
	free(cfg);
	return OF_E_INVALID;
}

static void learning_fini(struct ctl_app *app)
{
	free(ctl_app_data(app));
}

static enum ctl_verdict learning_up(struct ctl_app *app, struct ctl_switch *sw)
{
	const struct learn_cfg *cfg = ctl_app_data(app);
	struct learn_sw *ls = ctl_switch_state(sw, app);

	ls->tab = calloc(cfg->slots, sizeof(*ls->tab));
	if (!ls->tab)
		ctl_log(PLAT_LOG_ERR, "learning: %s: out of memory",
			ctl_switch_peer(sw));
	return CTL_CONTINUE;
}

static void learning_down(struct ctl_app *app, struct ctl_switch *sw)
{
	struct learn_sw *ls = ctl_switch_state(sw, app);

	free(ls->tab);
	ls->tab = NULL;
}

static struct learn_entry *lookup(const struct learn_cfg *cfg,
				  struct learn_sw *ls, uint64_t mac,
				  uint64_t now)
{
	size_t s = slot_of(mac, cfg->slots);

	for (size_t i = 0; i < PROBE; i++) {
		struct learn_entry *e = &ls->tab[(s + i) & (cfg->slots - 1)];

		if (e->mac == mac)
			return e->port != OFPP_NONE &&
				       now - e->seen < cfg->age_ms
				   ? e
				   : NULL;
		if (!e->mac)
			return NULL;
	}
	return NULL;
}

static void learn(const struct learn_cfg *cfg, struct learn_sw *ls,
		  uint64_t mac, uint16_t port, uint64_t now)
{
	size_t s = slot_of(mac, cfg->slots);
	struct learn_entry *victim = NULL;

	for (size_t i = 0; i < PROBE; i++) {
		struct learn_entry *e = &ls->tab[(s + i) & (cfg->slots - 1)];

		if (e->mac == mac || !e->mac) {
			victim = e;
			break;
		}
		if (!victim || e->port == OFPP_NONE || e->seen < victim->seen)
			victim = e;
	}
	if (victim->mac != mac || victim->port != port)
		ctl_log(PLAT_LOG_DEBUG, "learning: %012llx is on port %u",
			(unsigned long long)mac, port);
	victim->mac = mac;
	victim->port = port;
	victim->seen = now;
}

static enum ctl_verdict learning_packet_in(struct ctl_app *app,
					   struct ctl_switch *sw,
					   const struct of_msg *m)
{
	const struct learn_cfg *cfg = ctl_app_data(app);
	const struct of_packet_in *pi = &m->u.packet_in;
	struct learn_sw *ls = ctl_switch_state(sw, app);
	const uint8_t *pkt = pi->data.p;
	uint8_t act[8] = {0, 0, 0, 8, 0, 0, 0, 0};
	struct of_bytes acts = {act, sizeof(act)};
	struct learn_entry *dst;
	struct of_flow_mod fm;
	uint64_t now;

	if (!ls->tab || pi->data.size < 14) {
		(void)ctl_flood_packet(sw, pi);
		return CTL_CONTINUE;
	}
	now = plat_now_ms();
	if (!(pkt[6] & 1))
		learn(cfg, ls, mac_key(pkt + 6), pi->in_port, now);
	dst = (pkt[0] & 1) ? NULL : lookup(cfg, ls, mac_key(pkt), now);
	if (!dst) {
		(void)ctl_flood_packet(sw, pi);
		return CTL_CONTINUE;
	}
	if (dst->port == pi->in_port) {
		/* Both ends on one port: drop (release the buffer). */
		if (pi->buffer_id != OFP_NO_BUFFER) {
			struct of_bytes none = {NULL, 0};

			(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port,
					     none, none);
		}
		return CTL_CONTINUE;
	}
	act[4] = (uint8_t)(dst->port >> 8);
	act[5] = (uint8_t)dst->port;
	memset(&fm, 0, sizeof(fm));
	fm.match.wildcards =
	    OFPFW_ALL &
	    ~(uint32_t)(OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_DL_DST);
	fm.match.in_port = pi->in_port;
	memcpy(fm.match.dl_dst, pkt, 6);
	memcpy(fm.match.dl_src, pkt + 6, 6);
	fm.command = OFPFC_ADD;
	fm.idle_timeout = (uint16_t)cfg->idle;
	fm.hard_timeout = (uint16_t)cfg->hard;
	fm.priority = (uint16_t)cfg->priority;
	fm.buffer_id = pi->buffer_id;
	fm.out_port = OFPP_NONE;
	fm.actions = acts;
	(void)ctl_flow_mod(sw, &fm);
	if (pi->buffer_id == OFP_NO_BUFFER)
		(void)ctl_packet_out(sw, OFP_NO_BUFFER, pi->in_port, acts,
				     pi->data);
	return CTL_CONTINUE;
}

/* Forgets the addresses behind a port that went down or away. */
static enum ctl_verdict learning_port_status(struct ctl_app *app,
					     struct ctl_switch *sw,
					     const struct of_msg *m)
{
	const struct learn_cfg *cfg = ctl_app_data(app);
	const struct of_port_status *ps = &m->u.port_status;
	struct learn_sw *ls = ctl_switch_state(sw, app);

	if (!ls->tab)
		return CTL_CONTINUE;
	if (ps->reason != OFPPR_DELETE && !(ps->desc.state & OFPPS_LINK_DOWN) &&
	    !(ps->desc.config & OFPPC_PORT_DOWN))
		return CTL_CONTINUE;
	for (size_t i = 0; i < cfg->slots; i++)
		if (ls->tab[i].mac && ls->tab[i].port == ps->desc.port_no)
			ls->tab[i].port = OFPP_NONE; /* forgotten */
	return CTL_CONTINUE;
}

const struct ctl_app_ops ctl_app_learning = {
    .name = "learning",
    .summary = "L2 MAC-learning switch (flows on in_port,dl_src,dl_dst)",
    .usage = "idle=S (flow idle timeout, 60), hard=S (0), priority=N "
	     "(32768), age=S (MAC aging, 300), max=N (MACs per switch, 4096)",
    .switch_state_size = sizeof(struct learn_sw),
    .init = learning_init,
    .fini = learning_fini,
    .switch_up = learning_up,
    .switch_down = learning_down,
    .packet_in = learning_packet_in,
    .port_status = learning_port_status,
};
