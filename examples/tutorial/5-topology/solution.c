/* Exercise 5, reference solution: topology discovery and shortest-path
 * forwarding (`--app my-topo --threads 1`).
 *
 * The app sees the whole network: every switch, and the links between them,
 * learned the way real controllers do it, with LLDP probes.
 *   - Every PROBE_MS each switch sends, with a PACKET_OUT, one LLDP frame
 *     out of each of its ports: the chassis id TLV carries the switch's
 *     datapath id, the port id TLV the port number. A switch at the other
 *     end of the cable sends the frame up in a PACKET_IN (a flow installed
 *     at switch-up makes sure of it): "the probe of A port a came in at B
 *     port b" is the directed link A:a -> B:b. Links not seen again for
 *     LINK_TIMEOUT_MS, on a port that goes down, or of a switch that goes
 *     away are forgotten.
 *   - Hosts are learned by source MAC at edge ports (ports without a link).
 *   - A packet to a known host follows a shortest path (breadth-first
 *     search over the links, from the host's switch): one flow per switch on
 *     the path (dl_src, dl_dst -> OUTPUT), the destination's switch
 *     first, so that the packet does not overtake its flows.
 *   - Broadcasts and unknown destinations are flooded only along a spanning
 *     tree (the BFS tree from the lowest datapath id) and out of edge ports,
 *     never back where they came from, with explicit OUTPUT actions: on a
 *     ring no copy comes round again, so there is no broadcast storm. A
 *     switch floods nothing until it has probed for SETTLE_MS, so that its
 *     links are known before it floods over them.
 * Logs: "topo: link up A:a B:b" and "topo: link down A:a B:b (why)", once
 * per direction, A and B as 16 hex digits (the controller's own format).
 *
 * The link graph is global state that every switch's events change, and
 * flows go to other switches than the one whose event is handled: that is
 * only safe when all switches are on one worker thread, so the app wants
 * `--threads 1` and ignores (with an error) a switch on another worker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutorial.h"

#define PROBE_MS 1000
#define LINK_TIMEOUT_MS 3500
#define SETTLE_MS 1500
#define FLOW_IDLE_S 10
#define FLOW_PRIORITY 30000
#define LLDP_PRIORITY 65535
#define MAX_SWITCHES 64
#define MAX_LINKS 256 /* directed */
#define MAX_HOSTS 256
#define MAX_PORTS 64
#define ETH_TYPE_LLDP 0x88cc
#define LLDP_TLV(type, len) ((uint16_t)((type) << 9 | (len)))
#define LLDP_SUBTYPE_LOCAL 7
#define NONE SIZE_MAX

static const uint8_t lldp_dst[6] = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e};

struct node {
	uint64_t dpid;
	struct ctl_switch *sw;
	uint64_t up_ms;
};

/* The probe of src:src_port came in at dst:dst_port. */
struct link {
	uint64_t src, dst;
	uint16_t src_port, dst_port;
	uint64_t seen_ms;
};

struct host {
	uint8_t mac[6];
	uint64_t dpid;
	uint16_t port;
};

struct topo {
	struct ctl_worker *worker; /* the one all switches must be on */
	struct node nodes[MAX_SWITCHES];
	size_t n_nodes;
	struct link links[MAX_LINKS];
	size_t n_links;
	struct host hosts[MAX_HOSTS];
	size_t n_hosts, oldest_host;
};

/* Per switch: what the probe timer needs. */
struct topo_sw {
	struct ctl_app *app;
	struct ctl_switch *sw;
	bool member; /* in topo->nodes */
};

/* A breadth-first search: for each node, its parent (NONE for a root or a
 * node not reached), the port on the node towards the parent (up) and the
 * port on the parent towards the node (down). */
struct tree {
	size_t parent[MAX_SWITCHES];
	uint16_t up[MAX_SWITCHES], down[MAX_SWITCHES];
	bool seen[MAX_SWITCHES];
};

static const struct of_bytes none = {NULL, 0};

static size_t node_find(const struct topo *t, uint64_t dpid)
{
	for (size_t i = 0; i < t->n_nodes; i++)
		if (t->nodes[i].dpid == dpid)
			return i;
	return NONE;
}

static bool is_link_port(const struct topo *t, uint64_t dpid, uint16_t port)
{
	for (size_t i = 0; i < t->n_links; i++) {
		const struct link *l = &t->links[i];

		if ((l->src == dpid && l->src_port == port) ||
		    (l->dst == dpid && l->dst_port == port))
			return true;
	}
	return false;
}

/* Releases a packet-in's buffer, if it has one (a drop). */
static void drop(struct ctl_switch *sw, const struct of_packet_in *pi)
{
	if (pi->buffer_id != OFP_NO_BUFFER)
		(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port, none,
				     none);
}

static struct of_bytes output_actions(uint8_t *buf, size_t size,
				      const uint16_t *ports, size_t n)
{
	struct of_wbuf w = of_wbuf_make(buf, size);
	struct of_action a = {.type = OFPAT_OUTPUT};
	struct of_bytes list = {buf, 0};

	for (size_t i = 0; i < n; i++) {
		a.u.output.port = ports[i];
		a.u.output.max_len = 0xffff;
		if (of_action_put(&w, &a) != OF_OK)
			return list;
	}
	list.size = w.pos;
	return list;
}

/* Deletes every flow of switch `dpid` that outputs to `port`. */
static void delete_flows_to(struct topo *t, uint64_t dpid, uint16_t port)
{
	size_t i = node_find(t, dpid);
	struct of_flow_mod fm;

	if (i == NONE)
		return;
	memset(&fm, 0, sizeof(fm));
	of_match_init_catchall(&fm.match);
	fm.command = OFPFC_DELETE;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = port;
	(void)ctl_flow_mod(t->nodes[i].sw, &fm);
}

static void forget_hosts_at(struct topo *t, uint64_t dpid, uint16_t port,
			    bool any_port)
{
	for (size_t i = 0; i < t->n_hosts;) {
		struct host *h = &t->hosts[i];

		if (h->dpid == dpid && (any_port || h->port == port)) {
			*h = t->hosts[--t->n_hosts];
			t->oldest_host = 0;
		} else {
			i++;
		}
	}
}

/* Forgets link i; the flows through its ports go too (they may lead into
 * a dead end now), and are installed again along another path. */
static void link_remove(struct topo *t, size_t i, const char *why)
{
	struct link l = t->links[i];

	t->links[i] = t->links[--t->n_links];
	ctl_log(PLAT_LOG_INFO, "topo: link down %016llx:%u %016llx:%u (%s)",
		(unsigned long long)l.src, l.src_port,
		(unsigned long long)l.dst, l.dst_port, why);
	delete_flows_to(t, l.src, l.src_port);
	delete_flows_to(t, l.dst, l.dst_port);
}

/* Forgets every link at dpid:port (any port when any_port). */
static void links_remove_at(struct topo *t, uint64_t dpid, uint16_t port,
			    bool any_port, const char *why)
{
	for (size_t i = 0; i < t->n_links;) {
		const struct link *l = &t->links[i];

		if ((l->src == dpid && (any_port || l->src_port == port)) ||
		    (l->dst == dpid && (any_port || l->dst_port == port)))
			link_remove(t, i, why);
		else
			i++;
	}
}

static void links_expire(struct topo *t, uint64_t now)
{
	for (size_t i = 0; i < t->n_links;) {
		if (now - t->links[i].seen_ms > LINK_TIMEOUT_MS)
			link_remove(t, i, "no probe");
		else
			i++;
	}
}

/* A probe of src:src_port came in at dst:dst_port. */
static void link_seen(struct topo *t, uint64_t src, uint16_t src_port,
		      uint64_t dst, uint16_t dst_port, uint64_t now)
{
	struct link *l;

	for (size_t i = 0; i < t->n_links; i++) {
		l = &t->links[i];
		if (l->src == src && l->src_port == src_port) {
			if (l->dst == dst && l->dst_port == dst_port) {
				l->seen_ms = now;
				return;
			}
			link_remove(t, i, "recabled");
			break;
		}
	}
	if (t->n_links == MAX_LINKS) {
		ctl_log(PLAT_LOG_WARN, "topo: link table full");
		return;
	}
	l = &t->links[t->n_links++];
	l->src = src;
	l->src_port = src_port;
	l->dst = dst;
	l->dst_port = dst_port;
	l->seen_ms = now;
	/* Anything learned there before was a guess: it is a link now. */
	forget_hosts_at(t, src, src_port, false);
	forget_hosts_at(t, dst, dst_port, false);
	ctl_log(PLAT_LOG_INFO, "topo: link up %016llx:%u %016llx:%u",
		(unsigned long long)src, src_port, (unsigned long long)dst,
		dst_port);
}

static struct host *host_find(struct topo *t, const uint8_t *mac)
{
	for (size_t i = 0; i < t->n_hosts; i++)
		if (!memcmp(t->hosts[i].mac, mac, 6))
			return &t->hosts[i];
	return NULL;
}

static void host_learn(struct topo *t, const uint8_t *mac, uint64_t dpid,
		       uint16_t port)
{
	struct host *h = host_find(t, mac);

	if (!h) {
		if (t->n_hosts < MAX_HOSTS) {
			h = &t->hosts[t->n_hosts++];
		} else {
			h = &t->hosts[t->oldest_host];
			t->oldest_host = (t->oldest_host + 1) % MAX_HOSTS;
		}
		memcpy(h->mac, mac, 6);
	} else if (h->dpid == dpid && h->port == port) {
		return;
	}
	h->dpid = dpid;
	h->port = port;
	ctl_log(PLAT_LOG_INFO,
		"topo: host %02x:%02x:%02x:%02x:%02x:%02x at %016llx:%u",
		mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
		(unsigned long long)dpid, port);
}

/* Breadth-first search over the links (both directions of each: a link
 * seen one way is a cable), from `root`, or, with root NONE, a forest:
 * from the lowest datapath id not reached yet, again and again. */
static void bfs(const struct topo *t, size_t root, struct tree *tr)
{
	size_t queue[MAX_SWITCHES], head = 0, tail = 0;

	for (size_t i = 0; i < t->n_nodes; i++) {
		tr->parent[i] = NONE;
		tr->seen[i] = false;
	}
	for (;;) {
		size_t r = root;

		if (root == NONE) {
			for (size_t i = 0; i < t->n_nodes; i++)
				if (!tr->seen[i] &&
				    (r == NONE ||
				     t->nodes[i].dpid < t->nodes[r].dpid))
					r = i;
		}
		if (r == NONE || tr->seen[r])
			return;
		tr->seen[r] = true;
		queue[tail++] = r;
		while (head < tail) {
			size_t u = queue[head++];

			for (size_t i = 0; i < t->n_links; i++) {
				const struct link *l = &t->links[i];
				uint64_t other;
				uint16_t mine, theirs;
				size_t v;

				if (l->src == t->nodes[u].dpid) {
					other = l->dst;
					mine = l->src_port;
					theirs = l->dst_port;
				} else if (l->dst == t->nodes[u].dpid) {
					other = l->src;
					mine = l->dst_port;
					theirs = l->src_port;
				} else {
					continue;
				}
				v = node_find(t, other);
				if (v == NONE || tr->seen[v])
					continue;
				tr->seen[v] = true;
				tr->parent[v] = u;
				tr->up[v] = theirs;
				tr->down[v] = mine;
				queue[tail++] = v;
			}
		}
		if (root != NONE)
			return;
	}
}

/* The ports of node `s` a broadcast that came in at in_port goes out of:
 * its spanning tree ports and edge ports, but not in_port; none if it came
 * in over a link that is not in the tree (a copy that went round). */
static size_t flood_ports(const struct topo *t, size_t s, uint16_t in_port,
			  uint16_t *out, size_t max)
{
	const struct of_phy_port *ports[MAX_PORTS];
	struct tree tr;
	uint16_t tree_ports[MAX_SWITCHES];
	size_t n_tree = 0, n = 0, n_ports;
	uint64_t dpid = t->nodes[s].dpid;
	bool in_tree = false;

	bfs(t, NONE, &tr);
	if (tr.parent[s] != NONE)
		tree_ports[n_tree++] = tr.up[s];
	for (size_t v = 0; v < t->n_nodes; v++)
		if (tr.parent[v] == s)
			tree_ports[n_tree++] = tr.down[v];
	for (size_t i = 0; i < n_tree; i++)
		if (tree_ports[i] == in_port)
			in_tree = true;
	if (is_link_port(t, dpid, in_port) && !in_tree)
		return 0;

	n_ports = ctl_switch_ports(t->nodes[s].sw, ports, MAX_PORTS);
	if (n_ports > MAX_PORTS)
		n_ports = MAX_PORTS;
	for (size_t i = 0; i < n_ports && n < max; i++) {
		uint16_t p = ports[i]->port_no;
		bool tree_port = false;

		if (p >= OFPP_MAX || p == in_port)
			continue;
		for (size_t j = 0; j < n_tree; j++)
			if (tree_ports[j] == p)
				tree_port = true;
		if (tree_port || !is_link_port(t, dpid, p))
			out[n++] = p;
	}
	return n;
}

static void flood(struct topo *t, size_t s, const struct of_packet_in *pi)
{
	uint16_t ports[MAX_PORTS];
	uint8_t buf[MAX_PORTS * 8];
	size_t n = flood_ports(t, s, pi->in_port, ports, MAX_PORTS);
	struct ctl_switch *sw = t->nodes[s].sw;

	if (n == 0) {
		drop(sw, pi);
		return;
	}
	(void)ctl_packet_out(sw, pi->buffer_id, pi->in_port,
			     output_actions(buf, sizeof(buf), ports, n),
			     pi->buffer_id == OFP_NO_BUFFER ? pi->data : none);
}

static void add_flow(struct ctl_switch *sw, const uint8_t *src,
		     const uint8_t *dst, uint16_t port)
{
	uint8_t buf[8];
	struct of_flow_mod fm;

	memset(&fm, 0, sizeof(fm));
	of_match_init_catchall(&fm.match);
	fm.match.wildcards =
	    OFPFW_ALL & ~(uint32_t)(OFPFW_DL_SRC | OFPFW_DL_DST);
	memcpy(fm.match.dl_src, src, 6);
	memcpy(fm.match.dl_dst, dst, 6);
	fm.command = OFPFC_ADD;
	fm.idle_timeout = FLOW_IDLE_S;
	fm.priority = FLOW_PRIORITY;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	fm.actions = output_actions(buf, sizeof(buf), &port, 1);
	(void)ctl_flow_mod(sw, &fm);
}

/* Sends a packet that came in at node s to host h along a shortest path:
 * a flow on every switch of the path, the one nearest to h first (so the
 * packet does not overtake them), then the packet itself. */
static void forward(struct topo *t, size_t s, const struct of_packet_in *pi,
		    const struct host *h)
{
	const uint8_t *pkt = pi->data.p;
	size_t path[MAX_SWITCHES], n = 0, d = node_find(t, h->dpid);
	uint16_t out[MAX_SWITCHES];
	uint8_t buf[8];
	struct tree tr;

	if (d == NONE) {
		drop(t->nodes[s].sw, pi);
		return;
	}
	bfs(t, d, &tr); /* parents lead towards d */
	if (!tr.seen[s]) {
		drop(t->nodes[s].sw, pi); /* no path (yet) */
		return;
	}
	for (size_t u = s; u != NONE && n < MAX_SWITCHES; u = tr.parent[u]) {
		path[n] = u;
		out[n] = u == d ? h->port : tr.up[u];
		n++;
	}
	if (n == 0 || out[0] == pi->in_port) { /* it came from there */
		drop(t->nodes[s].sw, pi);
		return;
	}
	for (size_t i = n; i-- > 0;)
		add_flow(t->nodes[path[i]].sw, pkt + 6, pkt, out[i]);
	(void)ctl_packet_out(t->nodes[s].sw, pi->buffer_id, pi->in_port,
			     output_actions(buf, sizeof(buf), out, 1),
			     pi->buffer_id == OFP_NO_BUFFER ? pi->data : none);
}

/* ---- LLDP ---------------------------------------------------------------- */

/* Builds the probe of dpid's port p into buf (at least 60 bytes); returns
 * its size. */
static size_t lldp_build(uint8_t *buf, size_t size, uint64_t dpid,
			 const struct of_phy_port *p)
{
	struct of_wbuf w = of_wbuf_make(buf, size);

	of_put_bytes(&w, lldp_dst, 6);
	of_put_bytes(&w, p->hw_addr, 6);
	of_put16(&w, ETH_TYPE_LLDP);
	of_put16(&w, LLDP_TLV(1, 9)); /* chassis id: the datapath id */
	of_put8(&w, LLDP_SUBTYPE_LOCAL);
	of_put64(&w, dpid);
	of_put16(&w, LLDP_TLV(2, 3)); /* port id: the port number */
	of_put8(&w, LLDP_SUBTYPE_LOCAL);
	of_put16(&w, p->port_no);
	of_put16(&w, LLDP_TLV(3, 2)); /* time to live, seconds */
	of_put16(&w, (LINK_TIMEOUT_MS + 999) / 1000);
	of_put16(&w, LLDP_TLV(0, 0)); /* end */
	if (w.pos < 60)
		of_put_zeros(&w, 60 - w.pos); /* Ethernet's minimum */
	return w.overflow ? 0 : w.pos;
}

/* Reads the datapath id and port of a probe (a whole frame). Returns false
 * if it is not one of ours. */
static bool lldp_parse(const uint8_t *frame, size_t size, uint64_t *dpid,
		       uint16_t *port)
{
	struct of_rbuf r = of_rbuf_make(frame, size);
	bool have_chassis = false, have_port = false;

	of_skip(&r, 12);
	if (of_get16(&r) != ETH_TYPE_LLDP)
		return false;
	while (!r.short_read) {
		uint16_t tl = of_get16(&r);
		unsigned type = tl >> 9, len = tl & 0x1ff;
		struct of_rbuf v = of_rbuf_sub(&r, len);

		if (type == 0)
			break;
		if (type == 1 && len == 9 &&
		    of_get8(&v) == LLDP_SUBTYPE_LOCAL) {
			*dpid = of_get64(&v);
			have_chassis = true;
		} else if (type == 2 && len == 3 &&
			   of_get8(&v) == LLDP_SUBTYPE_LOCAL) {
			*port = of_get16(&v);
			have_port = true;
		}
	}
	return !r.short_read && have_chassis && have_port;
}

static void send_probes(struct ctl_switch *sw)
{
	const struct of_phy_port *ports[MAX_PORTS];
	size_t n = ctl_switch_ports(sw, ports, MAX_PORTS);
	uint8_t frame[64], buf[8];
	struct of_bytes data = {frame, 0};

	if (n > MAX_PORTS)
		n = MAX_PORTS;
	for (size_t i = 0; i < n; i++) {
		const struct of_phy_port *p = ports[i];

		if (p->port_no >= OFPP_MAX || (p->config & OFPPC_PORT_DOWN) ||
		    (p->state & OFPPS_LINK_DOWN))
			continue;
		data.size =
		    lldp_build(frame, sizeof(frame), ctl_switch_dpid(sw), p);
		if (data.size == 0)
			continue;
		(void)ctl_packet_out(
		    sw, OFP_NO_BUFFER, OFPP_NONE,
		    output_actions(buf, sizeof(buf), &p->port_no, 1), data);
	}
}

static void probe_cb(void *arg)
{
	struct topo_sw *ts = arg;
	struct topo *t = ctl_app_data(ts->app);

	links_expire(t, plat_now_ms());
	send_probes(ts->sw);
	if (!ctl_timer_add(ctl_switch_worker(ts->sw), ts->sw, PROBE_MS,
			   probe_cb, ts))
		ctl_log(PLAT_LOG_ERR, "topo: no timer: probes stop");
}

/* ---- Events -------------------------------------------------------------- */

static enum of_err topo_init(struct ctl_app *app, const char *args, char *err,
			     size_t err_size)
{
	struct topo *t;

	if (args && *args) {
		snprintf(err, err_size, "no arguments expected");
		return OF_E_INVALID;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, err_size, "out of memory");
		return OF_E_INVALID;
	}
	ctl_app_set_data(app, t);
	return OF_OK;
}

static void topo_fini(struct ctl_app *app)
{
	free(ctl_app_data(app));
}

static enum ctl_verdict topo_switch_up(struct ctl_app *app,
				       struct ctl_switch *sw)
{
	struct topo *t = ctl_app_data(app);
	struct topo_sw *ts = ctl_switch_state(sw, app);
	uint64_t dpid = ctl_switch_dpid(sw);
	size_t i = node_find(t, dpid);
	struct of_flow_mod fm;
	uint16_t ctl_port = OFPP_CONTROLLER;
	uint8_t buf[8];
	bool other;

	ts->app = app;
	ts->sw = sw;
	/* The one field another worker may touch: under the shared lock. */
	plat_lock();
	if (!t->worker)
		t->worker = ctl_switch_worker(sw);
	other = ctl_switch_worker(sw) != t->worker;
	plat_unlock();
	if (other) {
		ctl_log(PLAT_LOG_ERR,
			"topo: switch %016llx is on another worker thread "
			"than the others: ignored (run with --threads 1)",
			(unsigned long long)dpid);
		return CTL_CONTINUE;
	}
	if (i == NONE) {
		if (t->n_nodes == MAX_SWITCHES) {
			ctl_log(PLAT_LOG_ERR, "topo: too many switches");
			return CTL_CONTINUE;
		}
		i = t->n_nodes++;
	}
	t->nodes[i].dpid = dpid;
	t->nodes[i].sw = sw;
	t->nodes[i].up_ms = plat_now_ms();
	ts->member = true;

	/* Probes must come up whatever else the switch's table holds. */
	memset(&fm, 0, sizeof(fm));
	of_match_init_catchall(&fm.match);
	fm.match.wildcards = OFPFW_ALL & ~(uint32_t)OFPFW_DL_TYPE;
	fm.match.dl_type = ETH_TYPE_LLDP;
	fm.command = OFPFC_ADD;
	fm.priority = LLDP_PRIORITY;
	fm.buffer_id = OFP_NO_BUFFER;
	fm.out_port = OFPP_NONE;
	fm.actions = output_actions(buf, sizeof(buf), &ctl_port, 1);
	(void)ctl_flow_mod(sw, &fm);
	probe_cb(ts);
	return CTL_CONTINUE;
}

static void topo_switch_down(struct ctl_app *app, struct ctl_switch *sw)
{
	struct topo *t = ctl_app_data(app);
	struct topo_sw *ts = ctl_switch_state(sw, app);
	uint64_t dpid = ctl_switch_dpid(sw);
	size_t i = node_find(t, dpid);

	if (!ts->member || i == NONE || t->nodes[i].sw != sw)
		return; /* ignored, or replaced by a new connection */
	t->nodes[i] = t->nodes[--t->n_nodes];
	links_remove_at(t, dpid, 0, true, "switch down");
	forget_hosts_at(t, dpid, 0, true);
}

static enum ctl_verdict topo_port_status(struct ctl_app *app,
					 struct ctl_switch *sw,
					 const struct of_msg *m)
{
	struct topo *t = ctl_app_data(app);
	struct topo_sw *ts = ctl_switch_state(sw, app);
	const struct of_port_status *ps = &m->u.port_status;
	uint64_t dpid = ctl_switch_dpid(sw);

	if (!ts->member)
		return CTL_CONTINUE;
	if (ps->reason == OFPPR_DELETE || (ps->desc.state & OFPPS_LINK_DOWN) ||
	    (ps->desc.config & OFPPC_PORT_DOWN)) {
		links_remove_at(t, dpid, ps->desc.port_no, false, "port down");
		forget_hosts_at(t, dpid, ps->desc.port_no, false);
	}
	return CTL_CONTINUE;
}

static enum ctl_verdict topo_packet_in(struct ctl_app *app,
				       struct ctl_switch *sw,
				       const struct of_msg *m)
{
	struct topo *t = ctl_app_data(app);
	struct topo_sw *ts = ctl_switch_state(sw, app);
	const struct of_packet_in *pi = &m->u.packet_in;
	const uint8_t *pkt = pi->data.p;
	uint64_t dpid = ctl_switch_dpid(sw), now = plat_now_ms(), src = 0;
	size_t s = node_find(t, dpid);
	uint16_t src_port = 0;
	struct host *h;
	bool settled;

	if (!ts->member || s == NONE || pi->data.size < OF_ETH_HEADER_LEN) {
		drop(sw, pi);
		return CTL_STOP;
	}
	if ((pkt[12] << 8 | pkt[13]) == ETH_TYPE_LLDP) {
		if (lldp_parse(pkt, pi->data.size, &src, &src_port) &&
		    node_find(t, src) != NONE)
			link_seen(t, src, src_port, dpid, pi->in_port, now);
		drop(sw, pi);
		return CTL_STOP;
	}
	settled = now - t->nodes[s].up_ms >= SETTLE_MS;
	if (settled && !(pkt[6] & 1) && !is_link_port(t, dpid, pi->in_port))
		host_learn(t, pkt + 6, dpid, pi->in_port);
	h = (pkt[0] & 1) ? NULL : host_find(t, pkt);
	if (h)
		forward(t, s, pi, h);
	else if (settled)
		flood(t, s, pi);
	else
		drop(sw, pi); /* its links may not be known yet */
	return CTL_STOP;
}

const struct ctl_app_ops tutorial_app = {
    .name = "my-topo",
    .summary = "tutorial exercise 5: LLDP topology discovery, shortest-path "
	       "forwarding, flooding on a spanning tree (--threads 1)",
    .usage = "(none)",
    .switch_state_size = sizeof(struct topo_sw),
    .init = topo_init,
    .fini = topo_fini,
    .switch_up = topo_switch_up,
    .switch_down = topo_switch_down,
    .packet_in = topo_packet_in,
    .port_status = topo_port_status,
};
