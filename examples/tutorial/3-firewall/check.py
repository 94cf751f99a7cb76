#!/usr/bin/python3
"""Checker of exercise 3 (firewall): `make check-firewall` runs it through
examples/tutorial/check.sh, inside private namespaces.

The participant's of-controller (CTL_CMD) runs `--app
my-firewall:rules=FILE --app learning` on a Mininet single,4, FILE being
the checker's own copy of rules.txt (so that editing rules.txt in the lab
does not change what is checked). h1 runs a tiny TCP server on ports 80
and 8080, h2 a UDP echo server on ports 5000 and 5001. First with Open
vSwitch switches, then with our of-switch (mnt.OFSwitch)."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import tutcheck as t  # noqa: E402
from tutcheck import mnt  # noqa: E402

# The rules of rules.txt, one a line.
RULES = '''mac 00:00:00:00:00:01 00:00:00:00:00:02
ip 10.0.0.3 10.0.0.4
tcp 10.0.0.1 80
udp 10.0.0.2 5000
'''
MAC1, MAC2 = '00:00:00:00:00:01', '00:00:00:00:00:02'
# Each rule and the drop flows it must become: the match fields as
# dump-flows prints them.
WANT = (
    ('mac %s %s' % (MAC1, MAC2), (
        {'dl_src=' + MAC1, 'dl_dst=' + MAC2},
        {'dl_src=' + MAC2, 'dl_dst=' + MAC1})),
    ('ip 10.0.0.3 10.0.0.4', (
        {'ip', 'nw_src=10.0.0.3', 'nw_dst=10.0.0.4'},
        {'ip', 'nw_src=10.0.0.4', 'nw_dst=10.0.0.3'})),
    ('tcp 10.0.0.1 80', ({'tcp', 'nw_dst=10.0.0.1', 'tp_dst=80'},)),
    ('udp 10.0.0.2 5000', ({'udp', 'nw_dst=10.0.0.2', 'tp_dst=5000'},)),
)
LEARNING_PRIORITY = 32768
PER_PART = 11
R = t.Checker(2 * PER_PART)

# h1: answers every TCP connection on port 80 or 8080 with "hello PORT".
TCP_SERVER = r'''
import select, socket
socks = []
for port in (80, 8080):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('', port))
    s.listen(8)
    socks.append(s)
while True:
    for s in select.select(socks, [], [])[0]:
        c, _ = s.accept()
        c.sendall(('hello %d\n' % s.getsockname()[1]).encode())
        c.close()
'''

# h2: echoes every UDP datagram on port 5000 or 5001.
UDP_SERVER = r'''
import select, socket
socks = []
for port in (5000, 5001):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('', port))
    socks.append(s)
while True:
    for s in select.select(socks, [], [])[0]:
        data, peer = s.recvfrom(512)
        s.sendto(data, peer)
'''

# One line: OK and the answer, or ERR and why.
TCP_CLIENT = r'''
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])),
                                 timeout=2)
    s.settimeout(2)
    print('OK %s' % s.recv(64).decode().strip())
except Exception as e:
    print('ERR %s' % e)
'''

# Up to 3 datagrams, half a second apart; OK at the first echo.
UDP_CLIENT = r'''
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.7)
for i in range(3):
    s.sendto(b'ping %d' % i, (sys.argv[1], int(sys.argv[2])))
    try:
        print('OK %s' % s.recv(64).decode())
        break
    except socket.timeout:
        pass
else:
    print('ERR no echo')
'''


def run_py(host, code, *args):
    """Runs a python3 one-off on host; its output, stripped."""
    p = host.popen(['/usr/bin/python3', '-c', code] + list(args))
    try:
        res = p.communicate(timeout=10)[0]
    except Exception:  # subprocess.TimeoutExpired
        p.kill()
        res = p.communicate()[0]
    return res.decode('utf-8', 'replace').strip() or 'ERR no output'


def listening(host, proto, ports):
    """True once host has a socket bound on each of ports (proto 'tcp':
    listening; 'udp': bound)."""
    text = host.cmd('cat /proc/net/%s' % proto)
    want = ' 0A ' if proto == 'tcp' else ' 07 '
    return all(re.search(r':%04X .*%s' % (p, want), text) for p in ports)


def match_of(flow):
    """(priority, set of match fields, actions) of a dump-flows line."""
    m = re.search(r'(\S+) actions=(\S*)', flow)
    if not m:
        return None, set(), ''
    fields = set(m.group(1).split(','))
    prio = LEARNING_PRIORITY  # dump-flows leaves the default out
    for f in list(fields):
        if f.startswith('priority='):
            prio = int(f[len('priority='):])
            fields.discard(f)
    return prio, fields, m.group(2)


def drop_flows(br):
    """The drop flows (no actions) of br as (priority, fields, line)."""
    res = []
    for f in mnt.dump_flows(br) or []:
        prio, fields, actions = match_of(f)
        if actions == 'drop':
            res.append((prio, fields, f))
    return res


def missing_rules(drops):
    """The rules of WANT that lack one of their drop flows."""
    have = [fields for _, fields, _ in drops]
    return [rule for rule, matches in WANT
            if any(m not in have for m in matches)]


def ping_ok(a, b):
    return t.ping_pair(a, b, timeout=1, count_=2)


def part(kind, port, label, rules_path):
    ctl = t.controller('ctl-firewall-%s' % kind, port,
                       'my-firewall:rules=%s' % rules_path, ['learning'])
    net = None
    procs = []
    try:
        started = ctl.start()
        nrules = re.search(r'firewall: (\d+) rules from', ctl.log_text())
        if not R.check(started and nrules and nrules.group(1) == '4',
                       '%s: of-controller starts with --app my-firewall:'
                       'rules=FILE --app learning and reads the 4 rules '
                       'of rules.txt' % label,
                       'it did not start, or did not read the rule file '
                       '(the parsing in fw_init is given: is your app '
                       'crashing at start-up?)', t.crashed(ctl)):
            return
        net = mnt.make_net('single,4', port, kind=kind)
        mnt.start_net(net, default_links=(kind == 'of'))
        br = net.switches[0].name
        left = mnt.wait_connected([br], 30)
        if not R.check(not left, '%s: the switch connects to the '
                       'controller' % label,
                       'not connected: %s' % ' '.join(left),
                       t.crashed(ctl)):
            return

        # Before any traffic: only switch_up can have put these there.
        mnt.wait_for(lambda: not missing_rules(drop_flows(br)), 5)
        drops = drop_flows(br)
        miss = missing_rules(drops)
        R.check(not miss, '%s: right after switch-up, before any '
                'traffic, the switch has the drop flows of every rule '
                '(%d drop flows; missing: %s)'
                % (label, len(drops), ', '.join(miss) or 'none'),
                'in switch_up, install() must send one FLOW_MOD with no '
                'actions per match: mac and ip rules need two, one per '
                'direction (swap src and dst); tcp/udp one. Start from '
                'of_match_init_catchall(&m) and clear exactly the '
                'wildcard bits of the fields you set (ip: OFPFW_DL_TYPE, '
                'OFPFW_NW_SRC_MASK, OFPFW_NW_DST_MASK with dl_type '
                'OF_ETH_TYPE_IP; tcp/udp: also OFPFW_NW_PROTO and '
                'OFPFW_TP_DST). Drop flows found:\n%s'
                % ('\n'.join(d[2] for d in drops[:6]) or '(none)'),
                t.crashed(ctl))
        no_drops_yet = ('no drop flows yet: first make install() send '
                        'them (above)')
        low = [d for d in drops if d[0] <= LEARNING_PRIORITY]
        R.check(drops and not low, '%s: the drop flows have a priority '
                'above the learning app\'s %d (found: %s)'
                % (label, LEARNING_PRIORITY,
                   ', '.join(sorted(set(str(d[0]) for d in drops)))
                   or 'no drop flows'),
                no_drops_yet if not drops else
                'set fm.priority = FIREWALL_PRIORITY (40000): at or '
                'below learning\'s priority, a flow that learning '
                'installs for a pair of hosts can carry blocked packets')

        procs.append(net.get('h1').popen(['/usr/bin/python3', '-c',
                                          TCP_SERVER]))
        procs.append(net.get('h2').popen(['/usr/bin/python3', '-c',
                                          UDP_SERVER]))
        h1, h2, h3, h4 = [net.get('h%d' % i) for i in range(1, 5)]
        mnt.wait_for(lambda: listening(h1, 'tcp', (80, 8080)) and
                     listening(h2, 'udp', (5000, 5001)), 10)
        no_drops = ('the firewall installed no drop flows: write '
                    'install() in starter.c (its TODO; see the hint of '
                    'the drop-flows check above)')

        def blocked_hint(specific):
            if not drops:
                return no_drops
            if low:
                return ('your drop flows\' priority is too low (see '
                        'above): the flow learning installed for this '
                        'pair of hosts wins over them')
            return specific

        pairs = ((h1, h3), (h1, h4), (h2, h3), (h2, h4))
        bad = ['%s-%s' % (a.name, b.name) for a, b in pairs
               if not ping_ok(a, b)]
        R.check(not bad, '%s: allowed pairs ping each other (h1-h3, '
                'h1-h4, h2-h3, h2-h4; failing: %s)'
                % (label, ' '.join(bad) or 'none'),
                'a flow of yours is too wide: each match must set its '
                'fields (and clear their wildcard bits); a catch-all '
                'match with no actions drops everything',
                t.crashed(ctl))
        through = ['%s->%s' % (a.name, b.name) for a, b in
                   ((h1, h2), (h2, h1)) if ping_ok(a, b)]
        R.check(not through, '%s: the mac rule blocks h1 <-> h2 (getting '
                'through: %s)' % (label, ' '.join(through) or 'none'),
                blocked_hint('a mac rule drops every frame between the '
                             'two MACs: match dl_src and dl_dst only (no '
                             'dl_type), one flow per direction'),
                t.crashed(ctl))
        through = ['%s->%s' % (a.name, b.name) for a, b in
                   ((h3, h4), (h4, h3)) if ping_ok(a, b)]
        R.check(not through, '%s: the ip rule blocks h3 <-> h4 (getting '
                'through: %s)' % (label, ' '.join(through) or 'none'),
                blocked_hint('an ip rule matches dl_type OF_ETH_TYPE_IP, '
                             'nw_src and nw_dst (host byte order, as in '
                             'struct rule), one flow per direction'),
                t.crashed(ctl))

        got = run_py(h3, TCP_CLIENT, h1.IP(), '80')
        R.check(got.startswith('ERR'), '%s: the tcp rule blocks TCP from '
                'h3 to 10.0.0.1:80 (got: %s)' % (label, got),
                blocked_hint('a tcp rule matches dl_type OF_ETH_TYPE_IP, '
                             'nw_proto OF_IPPROTO_TCP, nw_dst and '
                             'tp_dst'),
                t.crashed(ctl))
        got = run_py(h3, TCP_CLIENT, h1.IP(), '8080')
        R.check(got == 'OK hello 8080', '%s: TCP from h3 to 10.0.0.1:8080 '
                'still works (got: %s)' % (label, got),
                'only port 80 is blocked: does your tcp flow leave '
                'tp_dst wildcarded?', t.crashed(ctl))
        got = run_py(h4, UDP_CLIENT, h2.IP(), '5000')
        R.check(got.startswith('ERR'), '%s: the udp rule blocks UDP from '
                'h4 to 10.0.0.2:5000 (got: %s)' % (label, got),
                blocked_hint('a udp rule is the tcp one with nw_proto '
                             'OF_IPPROTO_UDP'),
                t.crashed(ctl))
        got = run_py(h4, UDP_CLIENT, h2.IP(), '5001')
        R.check(got.startswith('OK'), '%s: UDP from h4 to 10.0.0.2:5001 '
                'still works (got: %s)' % (label, got),
                'only port 5000 is blocked: does your udp flow leave '
                'tp_dst wildcarded?', t.crashed(ctl))
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
    rules_path = os.path.join(mnt.WORK, 'firewall-rules.txt')
    with open(rules_path, 'w') as f:
        f.write(RULES)
    part('ovs', 6675, 'Open vSwitch', rules_path)
    fill(PER_PART, 'Open vSwitch')
    part('of', 6676, 'of-switch', rules_path)
    fill(2 * PER_PART, 'of-switch')
    R.summary('exercise 3 (firewall)')


if __name__ == '__main__':
    mnt.main_wrapper(R, body)
