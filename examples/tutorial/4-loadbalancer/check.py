#!/usr/bin/python3
"""Checker of exercise 4 (load balancer): `make check-lb` runs it through
examples/tutorial/check.sh, inside private namespaces.

The participant's of-controller (CTL_CMD) runs `--app my-lb --app
learning` on a Mininet single,5: h1, h2 and h3 run a tiny TCP server on
port 80 that answers with its name; h4 and h5 are clients of the virtual
address 10.0.0.100. First with Open vSwitch switches, then with our
of-switch (mnt.OFSwitch)."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import tutcheck as t  # noqa: E402
from tutcheck import mnt  # noqa: E402

VIP = '10.0.0.100'
VMAC = '02:00:00:00:00:64'
SERVERS = ('h1', 'h2', 'h3')
PER_PART = 9
R = t.Checker(2 * PER_PART)
HERE = os.path.dirname(os.path.abspath(__file__))

# Answers every connection with "served-by NAME" and closes it.
SERVER = r'''
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 80))
s.listen(16)
while True:
    c, _ = s.accept()
    c.sendall(('served-by %s\n' % sys.argv[1]).encode())
    c.close()
'''

# Opens N connections to VIP:80 one after the other; one line each: the
# server's answer or ERR and why.
CLIENT = r'''
import socket, sys
failed = 0
for i in range(int(sys.argv[2])):
    if failed >= 2:
        print('ERR not tried after 2 failures')
        continue
    try:
        s = socket.create_connection((sys.argv[1], 80), timeout=2)
        s.settimeout(2)
        print(s.recv(64).decode().strip() or 'ERR empty answer')
        s.close()
    except Exception as e:
        failed += 1
        print('ERR %s' % e)
'''


def connect(host, n):
    """host's n connections to the VIP: list of server names or
    'ERR ...'."""
    p = host.popen(['/usr/bin/python3', '-c', CLIENT, VIP, str(n)])
    try:
        res = p.communicate(timeout=4 * n + 5)[0]
    except Exception:  # subprocess.TimeoutExpired
        p.kill()
        res = p.communicate()[0]
    res = res.decode('utf-8', 'replace')
    lines = [l.strip() for l in res.split('\n') if l.strip()]
    return [l[len('served-by '):] if l.startswith('served-by ') else l
            for l in lines]


def start_servers(net):
    procs = []
    for name in SERVERS:
        h = net.get(name)
        procs.append(h.popen(['/usr/bin/python3', '-c', SERVER, name]))

    def up():
        return all('yes' in net.get(n).cmd(
            "grep -q '^ *[0-9]*: 00000000:0050 .* 0A ' /proc/net/tcp "
            "&& echo yes") for n in SERVERS)
    mnt.wait_for(up, 10)
    return procs


def neigh_mac(host, ip):
    """The MAC host's ARP table holds for ip, or its state (FAILED,
    INCOMPLETE, or '' if none)."""
    res = host.cmd('ip neigh show %s' % ip).strip()
    m = re.search(r'lladdr ([0-9a-f:]{17})', res)
    if m:
        return m.group(1)
    return res.split()[-1] if res else ''


def lb_flows(br):
    """(forward, backward) rewrite flows of bridge br."""
    flows = mnt.dump_flows(br) or []
    fwd = [f for f in flows if 'nw_dst=%s' % VIP in f and
           'mod_nw_dst:' in f and 'mod_dl_dst:' in f]
    back = [f for f in flows if 'mod_nw_src:%s' % VIP in f and
            'mod_dl_src:%s' % VMAC in f]
    return fwd, back, flows


def part(kind, port, label):
    ctl = t.lab_controller('lb', HERE, 'ctl-lb-%s' % kind, port)
    net = None
    procs = []
    try:
        if not R.check(ctl.start(), '%s: of-controller starts with --app '
                       'my-lb --app learning' % label,
                       'it did not listen on its port; is your app '
                       'crashing at start-up?', t.crashed(ctl)):
            return
        net = mnt.make_net(t.LABS['lb']['topo'], port, kind=kind)
        mnt.start_net(net, default_links=(kind == 'of'))
        left = mnt.wait_connected([s.name for s in net.switches], 30)
        if not R.check(not left, '%s: the switch connects to the '
                       'controller' % label,
                       'not connected: %s' % ' '.join(left),
                       t.crashed(ctl)):
            return
        procs = start_servers(net)
        h4, h5 = net.get('h4'), net.get('h5')

        # ARP: the client asks who has the VIP; only the app can answer.
        h4.cmd('ping -n -c 1 -W 1 %s >/dev/null' % VIP)
        mac = neigh_mac(h4, VIP)
        arp_ok = R.check(
            mac == VMAC, '%s: ARP for the VIP %s is answered with the '
            'virtual MAC %s (h4 has: %s)' % (label, VIP, VMAC,
                                             mac or 'nothing'),
            'no host owns %s: the controller must answer "who has %s" '
            'itself. In packet_in, for an ARP request (dl_type 0x0806, '
            'opcode 1) whose target IP is the VIP, build an ARP reply '
            '(opcode 2, sender VMAC/VIP, target the asker) and send it '
            'with ctl_packet_out() and OUTPUT to pi->in_port; return '
            'CTL_STOP' % (VIP, VIP), t.crashed(ctl))

        res = h4.cmd('ping -n -c 3 -W 1 %s' % VIP)
        m = re.search(r'(\d+) received', res)
        R.check(m and int(m.group(1)) > 0,
                '%s: h4 pings the VIP' % label,
                'first make ARP for the VIP work (above)' if not arp_ok
                else 'the ping reached no server and back: for an IPv4 '
                'packet to the VIP, pick a server, install the flow '
                'client->VIP (SET_DL_DST, SET_NW_DST to the server, '
                'OUTPUT to its port) and the flow server->client '
                '(SET_DL_SRC VMAC, SET_NW_SRC VIP, OUTPUT to the '
                "client's port), then send the packet itself the "
                'forward way (ctl_packet_out with the same actions)',
                t.crashed(ctl))

        # Without ARP every connection fails at once; do not wait for them.
        got = connect(h4, 6) if arp_ok else ['ERR no ARP for the VIP'] * 6
        errs = [g for g in got if g not in SERVERS]
        ok6 = R.check(len(got) == 6 and not errs,
                      '%s: 6 TCP connections from h4 to %s:80 are served '
                      '(by: %s)' % (label, VIP, ' '.join(
                          g if g in SERVERS else 'ERR' for g in got)),
                      'first make ARP for the VIP work (above)'
                      if not arp_ok else
                      'some connections failed (%s). Match TCP by its '
                      'ports (nw_proto, tp_src, tp_dst) so each '
                      'connection gets its own pair of flows; rewrite '
                      'both MAC and IP in both directions'
                      % (errs[0] if errs else 'no output'),
                      t.crashed(ctl))
        used = sorted(set(g for g in got if g in SERVERS))
        R.check(len(used) > 1, '%s: the connections are spread over '
                'more than one server (%s)' % (label, ', '.join(used) or
                                                'none'),
                'first make the connections work (above)' if not used
                else 'every connection went to %s: give each NEW '
                'connection (a packet-in for a 5-tuple you have not '
                'seen) the next server in turn' % used[0],
                t.crashed(ctl))
        counts = dict((s, got.count(s)) for s in SERVERS)
        R.check(ok6 and all(c == 2 for c in counts.values()),
                '%s: round robin: each of h1, h2, h3 served 2 of the 6 '
                '(%s)' % (label, ', '.join('%s %d' % kv for kv in
                                           sorted(counts.items()))),
                'take the servers in turn (next = (next + 1) % 3), one '
                'step per new connection; remember which server a '
                'connection got, so a retransmitted SYN (a second '
                'packet-in before the flow is there) goes to the same '
                'server', t.crashed(ctl))
        got5 = connect(h5, 3) if arp_ok else ['ERR no ARP'] * 3
        R.check(len(set(got5)) == 3 and all(g in SERVERS for g in got5),
                '%s: a second client, h5: 3 connections, 3 servers (%s)'
                % (label, ' '.join(g if g in SERVERS else 'ERR'
                                   for g in got5)),
                'the round robin is per new connection, whatever the '
                'client; h5 is at another port: the flow back must '
                'OUTPUT to the port the client came in on',
                t.crashed(ctl))
        fwd, back, flows = lb_flows(net.switches[0].name)
        R.check(fwd and back, '%s: the switch has the rewrite flows (%d '
                'client->VIP with mod_dl_dst,mod_nw_dst; %d server->'
                'client with mod_dl_src:%s,mod_nw_src:%s)'
                % (label, len(fwd), len(back), VMAC, VIP),
                'the connections must be handled by flows in the '
                'switch, not by the controller for every packet: '
                'install both flows with ctl_flow_mod() (an idle '
                'timeout, a priority above learning\'s 32768); flows '
                'found:\n%s' % ('\n'.join(flows[:6]) or '(none)'))
    finally:
        for p in procs:
            p.kill()
            p.wait()
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


def fill(want, label):
    """A part that stopped early counts its missing checks as failed."""
    while R.done < want:
        R.check(False, '%s: not reached (see the failure above)' % label)


def body():
    part('ovs', 6681, 'Open vSwitch')
    fill(PER_PART, 'Open vSwitch')
    part('of', 6682, 'of-switch')
    fill(2 * PER_PART, 'of-switch')
    R.summary('exercise 4 (load balancer)')


if __name__ == '__main__':
    mnt.main_wrapper(R, body)
