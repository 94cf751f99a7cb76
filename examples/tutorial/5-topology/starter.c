/* Exercise 5: topology discovery. Edit this file, then `make check-topo`.
 *
 * This app (`--app my-topo`, run with `--threads 1`) sees the whole
 * network, not one switch: it finds the links between switches itself, with
 * LLDP probes, and forwards along shortest paths. Most of it is written:
 * the link table and its log lines ("topo: link up A:a B:b", once per
 * direction, dpids as 16 hex digits), host learning at edge ports (ports
 * with no link), a breadth-first search over the links (bfs()), the probe
 * timer (every PROBE_MS, each switch probes each of its ports), the events.
 * The link graph is shared by all switches and flows go to other switches
 * than the one whose packet-in is handled: safe only when every switch is
 * on one worker thread, hence `--threads 1`. Four things to write:
 *
 *   1. lldp_build(): the probe of one port, an LLDP frame: Ethernet
 *      destination 01:80:c2:00:00:0e (lldp_dst), source the port's MAC,
 *      type 0x88cc; then TLVs (a 16-bit header: 7 bits type, 9 bits
 *      length, then `length` bytes): chassis id (type 1: subtype 7, then
 *      the 8-byte datapath id), port id (type 2: subtype 7, then the 2-byte
 *      port number), time to live (type 3: 2 bytes, seconds), end (type 0,
 *      length 0). Pad to 60 bytes.
 *   2. lldp_parse(): read the datapath id and port back from a probe that
 *      another switch sent up in a PACKET_IN; packet_in then calls
 *      link_seen(), which logs new links.
 *   3. flood_ports(): where a broadcast goes. Flooding out of every port
 *      (OFPP_FLOOD) on a ring makes copies that go round forever: a
 *      broadcast storm. Flood only along a spanning tree (the bfs() tree
 *      from the lowest datapath id: the port to a switch's parent and the
 *      ports to its children) and out of edge ports, never back out of
 *      in_port. As it is, nothing is flooded (no storm, but no ARP).
 *   4. forward(): a packet to a known host follows a shortest path:
 *      bfs() from the host's switch gives each switch the port towards it;
 *      install a flow (add_flow()) on every switch of the path, the one
 *      nearest the host first, then send the packet on. As it is, the
 *      packet is dropped.
 *
 * Useful (docs/controller-api.md, openflow/ofbuf.h, of_action.h):
 *   of_wbuf_make(buf, size), of_put8/16/64(&w, v), of_put_bytes(&w, p, n),
 *   of_put_zeros(&w, n): big-endian writes; w.pos is the size written
 *   of_rbuf_make(p, size), of_get8/16/64(&r), of_skip(&r, n),
 *   of_rbuf_sub(&r, n) (a reader over the next n bytes): big-endian reads
 *   that set r.short_read instead of reading past the end
 *   output_actions(buf, size, ports, n): n OUTPUT actions
 *   ctl_switch_ports(sw, out, max): a switch's ports */
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
	(void)t;
	(void)s;
	(void)in_port;
	(void)out;
	(void)max;
	(void)bfs;
	/* TODO 3: bfs(t, NONE, &tr) gives the spanning tree (tr.parent[v]:
	 * v's parent, NONE for a root; tr.up[v]: the port on v towards its
	 * parent; tr.down[v]: the port on the parent towards v). The tree
	 * ports of node s are tr.up[s] (if s has a parent) and tr.down[v] for
	 * each child v of s. If in_port is a link port (is_link_port()) that
	 * is not a tree port, return 0: that copy went round a loop. Else
	 * write into out[] (at most max) every port of the switch
	 * (ctl_switch_ports(t->nodes[s].sw, ...), port_no < OFPP_MAX) that is
	 * a tree port or not a link port at all (an edge port), except
	 * in_port; return how many. */
	return 0;
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
	(void)h;
	(void)add_flow;
	/* TODO 4: d = node_find(t, h->dpid); bfs(t, d, &tr) makes every
	 * node's parent the next switch towards d (tr.seen[s] false: no path
	 * yet, drop). Walk from s along tr.parent[] to d: the output port is
	 * tr.up[u] on each switch u, h->port on d. If the first one is
	 * pi->in_port, drop. Install add_flow(sw, src MAC (pkt + 6), dst MAC
	 * (pkt), port) on each switch of the path, d first, then send the
	 * packet out of s's port with ctl_packet_out() (pi->buffer_id, and
	 * pi->data when it is OFP_NO_BUFFER). */
	drop(t->nodes[s].sw, pi);
}

/* ---- LLDP ---------------------------------------------------------------- */

/* Builds the probe of dpid's port p into buf (at least 60 bytes); returns
 * its size. */
static size_t lldp_build(uint8_t *buf, size_t size, uint64_t dpid,
			 const struct of_phy_port *p)
{
	(void)buf;
	(void)size;
	(void)dpid;
	(void)p;
	(void)lldp_dst;
	/* TODO 1: write the frame with of_wbuf_make(buf, size): lldp_dst,
	 * p->hw_addr, ETH_TYPE_LLDP; LLDP_TLV(1, 9), LLDP_SUBTYPE_LOCAL, the
	 * dpid (64 bits); LLDP_TLV(2, 3), LLDP_SUBTYPE_LOCAL, p->port_no;
	 * LLDP_TLV(3, 2), a TTL in seconds; LLDP_TLV(0, 0); zeros up to 60
	 * bytes. Return its size (w.pos), 0 if w.overflow. */
	return 0;
}

/* Reads the datapath id and port of a probe (a whole frame). Returns false
 * if it is not one of ours. */
static bool lldp_parse(const uint8_t *frame, size_t size, uint64_t *dpid,
		       uint16_t *port)
{
	(void)frame;
	(void)size;
	(void)dpid;
	(void)port;
	/* TODO 2: with r = of_rbuf_make(frame, size): skip the two MACs (12
	 * bytes), check the type is ETH_TYPE_LLDP, then read TLVs until the
	 * end TLV: header = of_get16(&r), type = header >> 9, length = header
	 * & 0x1ff, value = of_rbuf_sub(&r, length). From the chassis id TLV
	 * (type 1, length 9, subtype LLDP_SUBTYPE_LOCAL) take *dpid
	 * (of_get64), from the port id TLV (type 2, length 3, subtype
	 * LLDP_SUBTYPE_LOCAL) *port (of_get16). Return true only if both were
	 * found and nothing was read past the end (r.short_read). */
	return false;
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
