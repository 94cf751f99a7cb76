#!/usr/bin/python3
"""Checker of exercise 5 (topology discovery): `make check-topo` runs it
through examples/tutorial/check.sh, inside private namespaces.

The participant's of-controller (CTL_CMD) runs `--app my-topo --app
monitor:noecho --threads 1` (monitor logs every message, so that the
checker can count PACKET_INs; one worker thread, so that the app sees
every switch). Two networks:
  - a ring of 4 switches, s1-s2-s3-s4-s1, one host on each (a loop: naive
    flooding makes a broadcast storm there);
  - Mininet's tree,2 (3 switches, 4 hosts: loop-free, with a core switch
    that has no host).
Each with Open vSwitch, then with our of-switch (mnt.OFSwitch): every
Open vSwitch part first, because mnt.OF_SWITCHES keeps the of-switch
nodes by name after their network is stopped (mnt.bridge_connected and
mnt.ofctl would then ask the dead of-switch about an OVS bridge "s1").

Links are expected in the log once per direction: the probe of A port a
seen at B port b is "topo: link up A:a B:b", dpids as 16 hex digits."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import tutcheck as t  # noqa: E402
from tutcheck import mnt  # noqa: E402



RING_CHECKS = 9
TREE_CHECKS = 5
R = t.Checker(2 * RING_CHECKS + 2 * TREE_CHECKS)
LINK_RE = re.compile(r'topo: link (up|down) ([0-9a-f]{16}):(\d+) '
                     r'([0-9a-f]{16}):(\d+)')


def controller(name, port):
    return mnt.Controller(name, port, app='my-topo',
                          extra=['--app', 'monitor:noecho',
                                 '--threads', '1'])


def dpid(sw):
    return '%016x' % int(sw.dpid, 16)


def switch_links(net):
    """The directed links between switches: (dpid, port, dpid, port),
    both ways, and the switch graph as {name: set of names}."""
    res = set()
    graph = dict((s.name, set()) for s in net.switches)
    for l in net.links:
        a, b = l.intf1, l.intf2
        if a.node in net.switches and b.node in net.switches:
            pa, pb = a.node.ports[a], b.node.ports[b]
            res.add((dpid(a.node), pa, dpid(b.node), pb))
            res.add((dpid(b.node), pb, dpid(a.node), pa))
            graph[a.node.name].add(b.node.name)
            graph[b.node.name].add(a.node.name)
    return res, graph


def logged_links(ctl, what='up'):
    res = set()
    for m in LINK_RE.finditer(ctl.log_text()):
        if m.group(1) == what:
            res.add((m.group(2), int(m.group(3)), m.group(4),
                     int(m.group(5))))
    return res


def fmt_link(l):
    return '%s:%d %s:%d' % l


def packet_ins(ctl):
    """PACKET_INs logged by monitor that are not LLDP (data plane traffic
    the controller had to handle)."""
    n = 0
    for entry in re.split(r'\n(?=\S.*monitor: )', ctl.log_text()):
        if 'OFPT_PACKET_IN' in entry and '0x88cc' not in entry:
            n += 1
    return n


def rx_packets(net):
    total = 0
    for h in net.hosts:
        v = h.cmd('cat /sys/class/net/%s/statistics/rx_packets'
                  % h.defaultIntf().name).strip()
        total += int(v) if v.isdigit() else 0
    return total


def distances(graph, src):
    dist = {src: 0}
    todo = [src]
    while todo:
        u = todo.pop(0)
        for v in sorted(graph[u]):
            if v not in dist:
                dist[v] = dist[u] + 1
                todo.append(v)
    return dist


def host_switch(net, h):
    return h.defaultIntf().link.intf2.node if \
        h.defaultIntf().link.intf1.node == h else \
        h.defaultIntf().link.intf1.node


def path_problems(net, graph):
    """For each ordered host pair: the switches holding a flow for it
    (dl_src, dl_dst) must be exactly one shortest path between the two
    hosts' switches. Returns a list of problems in words."""
    flows = dict((s.name, mnt.learned_flows(s.name) or [])
                 for s in net.switches)
    dist = dict((s.name, distances(graph, s.name)) for s in net.switches)
    probs = []
    for a in net.hosts:
        for b in net.hosts:
            if a == b:
                continue
            sa, sb = host_switch(net, a).name, host_switch(net, b).name
            pat = re.compile(r'dl_src=%s\b.*dl_dst=%s\b|dl_dst=%s\b.*'
                             r'dl_src=%s\b' % (a.MAC(), b.MAC(), b.MAC(),
                                               a.MAC()))
            have = sorted(s for s, fl in flows.items()
                          if any(pat.search(f) for f in fl))
            d = dist[sa][sb]
            on_path = all(dist[sa][s] + dist[s][sb] == d for s in have)
            if len(have) != d + 1 or not on_path or sa not in have or \
                    sb not in have:
                probs.append('%s->%s (%s to %s, %d link%s): flows on %s'
                             % (a.name, b.name, sa, sb, d,
                                '' if d == 1 else 's',
                                ' '.join(have) or 'no switch'))
    return probs


def ping_pairs(net):
    for a in net.hosts:
        for b in net.hosts:
            if a != b:
                a.cmd('ping -n -c 1 -W 1 %s >/dev/null' % b.IP())


def part(kind, topo, port, label, ring):
    want = RING_CHECKS if ring else TREE_CHECKS
    start = R.done
    ctl = controller('ctl-topo-%s-%s' % (kind, topo.split(',')[0]), port)
    net = None
    try:
        if not R.check(ctl.start(), '%s: of-controller starts with --app '
                       'my-topo --threads 1' % label,
                       'it did not listen on its port; is your app '
                       'crashing at start-up?', t.crashed(ctl)):
            return
        net = mnt.make_net(topo, port, kind=kind)
        mnt.start_net(net, default_links=(kind == 'of'))
        left = mnt.wait_connected([s.name for s in net.switches], 30)
        if not R.check(not left, '%s: the %d switches connect to the '
                       'controller' % (label, len(net.switches)),
                       'not connected: %s' % ' '.join(left),
                       t.crashed(ctl)):
            return
        connected_part(ctl, net, label, ring)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()
        while R.done < start + want:
            R.check(False, '%s: not reached (see the failure above)'
                    % label)


def connected_part(ctl, net, label, ring):
    """The checks once the switches are connected (ring: all of them;
    tree: discovery, pingall, shortest paths)."""
    links, graph = switch_links(net)
    t0 = time.time()
    # Up to 15 s for every direction; give up after 6 s if none at all.
    mnt.wait_for(lambda: links <= logged_links(ctl) or (
        time.time() - t0 > 6 and not logged_links(ctl)), 15, step=0.5)
    got = logged_links(ctl)
    missing = sorted(links - got)
    if not got:
        hint = ('no "topo: link up" line at all. The probe timer sends '
                'an LLDP frame out of each port of each switch every '
                'second: write lldp_build() (the frame); in packet_in, '
                'lldp_parse() must read the chassis id (dpid) and port '
                'id TLVs back, then link_seen() logs the link')
    else:
        hint = ('%d of %d directions logged; missing: %s. Probe every '
                'port of every switch, every second, and log each '
                'direction: the probe of A port a seen at B port b is '
                '"topo: link up A:a B:b"'
                % (len(links & got), len(links),
                   ', '.join(fmt_link(l) for l in missing[:4])))
    links_ok = R.check(
        not missing, '%s: every link is logged "topo: link up" in both '
        'directions (%d of %d)' % (label, len(links & got), len(links)),
        hint, t.crashed(ctl))
    t.settle(2.0)  # past the app's settling time (1.5 s after switch-up)

    pins0 = packet_ins(ctl)
    if got:
        loss = mnt.pingall(net, timeout=1)
    else:
        loss = 100  # nothing can work without links: do not wait
    t.settle(0.5)
    pins = packet_ins(ctl) - pins0
    if not got:
        hint = 'first make the topology discovery work (above)'
    else:
        hint = ('broadcasts (ARP) must be flooded along the spanning '
                'tree (flood_ports(): the BFS tree ports and the edge '
                'ports, not in_port) and unicast sent along a shortest '
                'path (forward(): a flow per switch on the path, then '
                'the packet)')
    R.check(loss == 0, '%s: pingall loses nothing (got %s%% loss)'
            % (label, loss), hint, t.crashed(ctl))
    path_hint = ('first make pingall work (above)\n%s' if loss == 100 else
                 'install one flow per switch of the path found by BFS '
                 '(forward()), matching dl_src and dl_dst, the switch '
                 'nearest the destination first; wrong pairs:\n%s')
    if not ring:
        if loss < 100:
            ping_pairs(net)
        probs = path_problems(net, graph)
        R.check(not probs, '%s: the flows for each host pair are on one '
                'shortest path%s' % (label, '' if not probs else
                                     ' (%d pairs are not)' % len(probs)),
                path_hint % '\n'.join(probs[:6]), t.crashed(ctl))
        return

    n_h, n_s = len(net.hosts), len(net.switches)
    bound = 4 * n_s * n_h * (n_h - 1) + 50
    R.check(pins <= bound, '%s: the pings made at most %d PACKET_INs '
            '(not LLDP): %d' % (label, bound, pins),
            'more packet-ins than a network without broadcast storms '
            'makes: a packet probably goes round the ring. Flood only '
            'along the spanning tree, never back out of in_port, and '
            'drop a broadcast that comes in on a link that is not in '
            'the tree', t.crashed(ctl))
    p0, r0 = packet_ins(ctl), rx_packets(net)
    t.settle(3.0)
    dp, dr = packet_ins(ctl) - p0, rx_packets(net) - r0
    R.check(dp <= 2 * n_h and dr <= 10 * n_h,
            '%s: no broadcast storm: in 3 s after the pings, %d '
            'PACKET_INs (at most %d) and %d frames to the hosts (at most '
            '%d, LLDP probes included)' % (label, dp, 2 * n_h, dr,
                                            10 * n_h),
            'traffic goes on without pings: copies of a broadcast go '
            'round the ring for ever. Flood with one OUTPUT per spanning '
            'tree port and edge port (flood_ports()), not OFPP_FLOOD or '
            'OFPP_ALL, and install no flooding flows',
            t.crashed(ctl))
    if loss < 100:
        ping_pairs(net)
    probs = path_problems(net, graph)
    R.check(not probs, '%s: the flows for each host pair are on one '
            'shortest path (h1->h3: 2 links)%s'
            % (label, '' if not probs else ' (%d pairs are not)'
               % len(probs)),
            path_hint % '\n'.join(probs[:6]), t.crashed(ctl))

    # Cut s1-s2: the app must notice and go the other way round.
    s1, s2 = net.get('s1'), net.get('s2')
    ends = (dpid(s1), dpid(s2))
    cut = set(l for l in links if l[0] in ends and l[2] in ends)
    net.configLinkStatus('s1', 's2', 'down')
    if links_ok:
        mnt.wait_for(lambda: cut <= logged_links(ctl, 'down'), 10,
                     step=0.5)
    down = logged_links(ctl, 'down')
    R.check(cut <= down, '%s: after s1-s2 goes down, it is logged "topo: '
            'link down" both ways (%d of 2)' % (label, len(cut & down)),
            'first make the topology discovery work (above)'
            if not links_ok else
            'forget a link whose probes stop (not seen for a few '
            'seconds: links_expire() in the probe timer) or whose port '
            'goes down (port_status)', t.crashed(ctl))
    h1, h2 = net.get('h1'), net.get('h2')
    ok = loss < 100 and mnt.wait_for(lambda: t.ping_pair(h1, h2, 1, 1), 8,
                                     step=0.5)
    R.check(ok, '%s: then h1 still reaches h2, the long way round'
            % label,
            'first make pingall work (above)' if loss == 100 else
            'when a link goes away, the flows through it must go '
            '(delete the flows that output to its ports) so that the '
            'next packet takes the new shortest path', t.crashed(ctl))


def body():
    parts = [('ovs-ring', 'ovs', 'ring,4', 6691, 'Open vSwitch ring', True),
             ('ovs-tree', 'ovs', 'tree,2', 6692, 'Open vSwitch tree', False),
             ('of-ring', 'of', 'ring,4', 6693, 'of-switch ring', True),
             ('of-tree', 'of', 'tree,2', 6694, 'of-switch tree', False)]
    only = os.environ.get('TOPO_ONLY', '').split(',')  # for debugging
    for p in parts:
        if only == [''] or p[0] in only:
            part(*p[1:])
    R.summary('exercise 5 (topology discovery)')


if __name__ == '__main__':
    mnt.main_wrapper(R, body)
