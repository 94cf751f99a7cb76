/* Exercise 4, reference solution: a load balancer, chained before a
 * forwarding app (`--app my-lb --app learning`).
 *
 * Clients talk to one virtual address, VIP (10.0.0.100, MAC VMAC), that no
 * host has. The servers are the hosts in `servers` below (the lab's
 * single,5 network: h1..h3 on ports 1..3). The app
 *   - answers ARP requests for the VIP itself, with a PACKET_OUT of an ARP
 *     reply "VIP is at VMAC" out of the port the request came in on;
 *   - gives each new connection to the VIP (TCP or UDP: client address and
 *     ports; other protocols such as ICMP: client address) the next server
 *     in turn, and remembers the choice, so a retransmitted first packet
 *     goes to the same server;
 *   - installs two flows per connection: client -> VIP rewritten to the
 *     server (SET_DL_DST, SET_NW_DST, OUTPUT), and server -> client
 *     rewritten back to come from the VIP (SET_DL_SRC, SET_NW_SRC,
 *     OUTPUT); then sends the first packet the forward way.
 * Everything else (the hosts' own ARP, traffic between hosts) goes on to
 * the next app. */
#include <stdio.h>
#include <string.h>

#include "tutorial.h"

#define LB_PRIORITY 40000 /* above learning's flows (32768) */
#define LB_IDLE_S 10
#define MAX_CONNS 256
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

#define IPV4(a, b, c, d)                                                       \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 |      \
	 (uint32_t)(d))

static const uint32_t vip = IPV4(10, 0, 0, 100);
static const uint8_t vmac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x64};

struct server {
	uint16_t port; /* switch port it is behind */
	uint8_t mac[6];
	uint32_t ip;
};

static const struct server servers[] = {
    {1, {0, 0, 0, 0, 0, 1}, IPV4(10, 0, 0, 1)},
    {2, {0, 0, 0, 0, 0, 2}, IPV4(10, 0, 0, 2)},
    {3, {0, 0, 0, 0, 0, 3}, IPV4(10, 0, 0, 3)},
};
#define N_SERVERS (sizeof(servers) / sizeof(servers[0]))

/* A connection: what tells one client's flow from another. */
struct conn {
	uint32_t client_ip;
	uint8_t proto;
	uint16_t sport, dport; /* 0 for protocols without ports */
	size_t server;
};

struct lb_state {
	struct conn conns[MAX_CONNS];
	size_t n_conns, oldest; /* oldest: next to replace when full */
	size_t next_server;	/* round robin */
};

static struct of_bytes none = {NULL, 0};

static void ip_str(uint32_t ip, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255,
		 ip >> 8 & 255, ip & 255);
}

/* The server of connection *c: the one it had, or the next in turn. */
static size_t pick_server(struct lb_state *st, const struct conn *c,
			  bool *is_new)
{
	struct conn *e;

	for (size_t i = 0; i < st->n_conns; i++) {
		e = &st->conns[i];
		if (e->client_ip == c->client_ip && e->proto == c->proto &&
		    e->sport == c->sport && e->dport == c->dport) {
			*is_new = false;
			return e->server;
		}
	}
	if (st->n_conns < MAX_CONNS) {
		e = &st->conns[st->n_conns++];
	} else {
		e = &st->conns[st->oldest];
		st->oldest = (st->oldest + 1) % MAX_CONNS;
	}
	*e = *c;
	e->server = st->next_server;
	st->next_server = (st->next_server + 1) % N_SERVERS;
	*is_new = true;
	return e->server;
}

/* Answers an ARP request for the VIP (`req`: its 28-byte ARP header). */
static void answer_arp(struct ctl_switch *sw, const struct of_packet_in *pi,
		       const uint8_t *req)
{
	uint8_t frame[42], act[8];
	struct of_wbuf w = of_wbuf_make(frame, sizeof(frame));
	struct of_wbuf aw = of_wbuf_make(act, sizeof(act));
	struct of_action out = {.type = OFPAT_OUTPUT};
	struct of_bytes acts, data = {frame, sizeof(frame)};

	of_put_bytes(&w, req + 8, 6); /* to the asker's MAC (its SHA) */
	of_put_bytes(&w, vmac, 6);
	of_put16(&w, OF_ETH_TYPE_ARP);
	of_put16(&w, 1);	      /* htype: Ethernet */
	of_put16(&w, OF_ETH_TYPE_IP); /* ptype */
	of_put8(&w, 6);
	of_put8(&w, 4);
	of_put16(&w, ARP_OP_REPLY);
	of_put_bytes(&w, vmac, 6); /* sender: the VIP at VMAC */
	of_put32(&w, vip);
	of_put_bytes(&w, req + 8, 10); /* target: the asker's SHA and SPA */
	out.u.output.port = pi->in_port;
	(void)of_action_put(&aw, &out);
	acts.p = act;
	acts.size = aw.pos;
	(void)ctl_packet_out(sw, OFP_NO_BUFFER, OFPP_NONE, acts, data);
	if (pi->buffer_id != OFP_NO_BUFFER) /* free the request's buffer */
		(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port, none,
				     none);
}

/* Appends a rewrite of the destination (to_server) or of the source
 * (back from the server) and an OUTPUT to `port`; returns the list. */
static struct of_bytes rewrite(uint8_t *buf, size_t size, bool to_server,
			       const uint8_t *mac, uint32_t ip, uint16_t port)
{
	struct of_wbuf w = of_wbuf_make(buf, size);
	struct of_action a;
	struct of_bytes list = {buf, 0};

	memset(&a, 0, sizeof(a));
	a.type = to_server ? OFPAT_SET_DL_DST : OFPAT_SET_DL_SRC;
	memcpy(a.u.dl_addr, mac, 6);
	if (of_action_put(&w, &a) != OF_OK)
		return list;
	memset(&a, 0, sizeof(a));
	a.type = to_server ? OFPAT_SET_NW_DST : OFPAT_SET_NW_SRC;
	a.u.nw_addr = ip;
	if (of_action_put(&w, &a) != OF_OK)
		return list;
	memset(&a, 0, sizeof(a));
	a.type = OFPAT_OUTPUT;
	a.u.output.port = port;
	if (of_action_put(&w, &a) == OF_OK)
		list.size = w.pos;
	return list;
}

static void add_flow(struct ctl_switch *sw, const struct of_match *match,
		     struct of_bytes actions)
{
	struct of_flow_mod fm;

	memset(&fm, 0, sizeof(fm));
	fm.match = *match;
	fm.command = OFPFC_ADD;
	fm.idle_timeout = LB_IDLE_S;
	fm.priority = LB_PRIORITY;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	fm.actions = actions;
	(void)ctl_flow_mod(sw, &fm);
}

/* The first packet of a connection to the VIP (`key`: its fields). */
static void balance(struct ctl_app *app, struct ctl_switch *sw,
		    const struct of_packet_in *pi, const struct of_match *key)
{
	struct lb_state *st = ctl_switch_state(sw, app);
	bool ports =
	    key->nw_proto == OF_IPPROTO_TCP || key->nw_proto == OF_IPPROTO_UDP;
	struct conn c = {key->nw_src, key->nw_proto, 0, 0, 0};
	const struct server *srv;
	struct of_match fwd, back;
	uint8_t fbuf[32], bbuf[32];
	struct of_bytes fwd_acts, back_acts;
	char cip[16], sip[16];
	bool is_new;
	uint32_t wild =
	    OFPFW_ALL &
	    ~(uint32_t)(OFPFW_IN_PORT | OFPFW_DL_TYPE | OFPFW_NW_PROTO |
			OFPFW_NW_SRC_MASK | OFPFW_NW_DST_MASK);

	if (ports) {
		c.sport = key->tp_src;
		c.dport = key->tp_dst;
		wild &= ~(uint32_t)(OFPFW_TP_SRC | OFPFW_TP_DST);
	}
	srv = &servers[pick_server(st, &c, &is_new)];

	/* Client -> VIP becomes client -> server. */
	of_match_init_catchall(&fwd);
	fwd.wildcards = wild;
	fwd.in_port = pi->in_port;
	fwd.dl_type = OF_ETH_TYPE_IP;
	fwd.nw_proto = key->nw_proto;
	fwd.nw_src = key->nw_src;
	fwd.nw_dst = vip;
	fwd.tp_src = c.sport;
	fwd.tp_dst = c.dport;
	fwd_acts =
	    rewrite(fbuf, sizeof(fbuf), true, srv->mac, srv->ip, srv->port);

	/* Server -> client becomes VIP -> client. */
	back = fwd;
	back.in_port = srv->port;
	back.nw_src = srv->ip;
	back.nw_dst = key->nw_src;
	back.tp_src = c.dport;
	back.tp_dst = c.sport;
	back_acts = rewrite(bbuf, sizeof(bbuf), false, vmac, vip, pi->in_port);

	/* The way back first: the server may answer at once. */
	add_flow(sw, &back, back_acts);
	add_flow(sw, &fwd, fwd_acts);
	(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port, fwd_acts,
			     pi->buffer_id == OFP_NO_BUFFER ? pi->data : none);
	ip_str(key->nw_src, cip, sizeof(cip));
	ip_str(srv->ip, sip, sizeof(sip));
	ctl_log(PLAT_LOG_INFO,
		"lb: %s connection proto %u %s:%u -> VIP:%u goes to server "
		"%s (port %u)",
		is_new ? "new" : "known", key->nw_proto, cip, c.sport, c.dport,
		sip, srv->port);
}

static enum ctl_verdict lb_packet_in(struct ctl_app *app, struct ctl_switch *sw,
				     const struct of_msg *m)
{
	const struct of_packet_in *pi = &m->u.packet_in;
	struct of_match key;
	struct of_pkt_layout lay;

	of_pkt_extract(pi->data.p, pi->data.size, pi->in_port, &key, &lay);
	if (lay.l3 == OF_PKT_L3_ARP && key.dl_type == OF_ETH_TYPE_ARP &&
	    key.nw_proto == ARP_OP_REQUEST && key.nw_dst == vip) {
		answer_arp(sw, pi, pi->data.p + lay.l3_ofs);
		return CTL_STOP;
	}
	if (lay.l3 == OF_PKT_L3_IPV4 && key.nw_dst == vip && !lay.is_frag) {
		balance(app, sw, pi, &key);
		return CTL_STOP;
	}
	return CTL_CONTINUE; /* not for the VIP: the next app's */
}

const struct ctl_app_ops tutorial_app = {
    .name = "my-lb",
    .summary = "tutorial exercise 4: load balancer (VIP 10.0.0.100 over "
	       "h1..h3)",
    .usage = "(none; chain a forwarding app after it)",
    .switch_state_size = sizeof(struct lb_state),
    .packet_in = lb_packet_in,
};
