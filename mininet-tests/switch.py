#!/usr/bin/python3
"""Scenarios with of-switch as Mininet's switch (mnt.OFSwitch).

    switch.py pingall KIND TOPO PORT   KIND: of (every switch of-switch) or
                                       mixed (OVS and of-switch alternating)
    switch.py iperf PORT               single,2 on Mininet's default links
                                       (TX checksum offload left on)
    switch.py fail MODE PORT           MODE: standalone or secure; the
                                       controller is killed and restarted

The controller is CTL_CMD (of-controller or ovs-testcontroller, see
mnt.Controller). Run through mnt_run (mininet-tests/lib.sh), never bare."""

import re
import sys

import mnt


def start(r, ctl, topo, port, kind='of', fail='secure',
          default_links=False):
    """Starts the controller and the network; returns the net (or None
    after a failed check)."""
    if not r.check(ctl.start(), '%s: controller %s listens on port %d'
                   % (topo, ctl.flavor(), port), ctl.log_tail()):
        return None
    net = mnt.make_net(topo, port, kind=kind, fail=fail)
    mnt.start_net(net, default_links=default_links)
    return net


def logs(net):
    """The tails of every of-switch log, for diagnostics."""
    text = []
    for s in net.switches:
        if isinstance(s, mnt.OFSwitch):
            text.append('--- %s\n%s' % (s.name, s.log_tail(8)))
    return '\n'.join(text)


def wait_all(r, net, what, timeout=30):
    names = [s.name for s in net.switches]
    left = mnt.wait_connected(names, timeout)
    return r.check(not left, '%s: all %d switches connected' % (
        what, len(names)), 'not connected: %s\n%s' % (' '.join(left),
                                                      logs(net)))


def check_exits(r, net, what):
    """Stops the network; every of-switch must exit 0 on SIGTERM."""
    mnt.stop_net(net)
    bad = ['%s:%s' % (s.name, s.exitcode) for s in net.switches
           if isinstance(s, mnt.OFSwitch) and s.exitcode != 0]
    r.check(not bad, '%s: every of-switch exited 0 on SIGTERM' % what,
            ' '.join(bad))


def pingall(kind, topo, port):
    r = mnt.Report(6)
    ctl = mnt.Controller('ctl-sw-%s' % kind, port)
    net = None

    def body():
        nonlocal net
        net = start(r, ctl, topo, port, kind=kind)
        if not net:
            return
        n_of = sum(isinstance(s, mnt.OFSwitch) for s in net.switches)
        r.check(n_of == (len(net.switches) if kind == 'of'
                         else len(net.switches) // 2),
                '%s: %d of %d switches are of-switch' % (
                    topo, n_of, len(net.switches)))
        if not wait_all(r, net, topo):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, '%s (%s): pingall %s%% loss' % (topo, kind, loss),
                logs(net))
        learned = [s.name for s in net.switches
                   if mnt.learned_flows(s.name)]
        r.check(len(learned) == len(net.switches) or
                ctl.flavor() == 'ovs-testcontroller',
                '%s: learned flows on every switch (ovs-ofctl dump-flows)'
                % topo, 'with flows: %s' % ' '.join(learned))
        check_exits(r, net, topo)
        net = None

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


def iperf(port):
    r = mnt.Report(6)
    ctl = mnt.Controller('ctl-sw-iperf', port)
    net = None

    def body():
        nonlocal net
        net = start(r, ctl, 'single,2', port, default_links=True)
        if not net:
            return
        h1, h2 = net.hosts[0], net.hosts[1]
        offl = h1.cmd('ethtool -k %s' % h1.intfList()[0].name)
        r.check(re.search(r'tx-checksumming: on', offl),
                'iperf: h1 keeps TX checksum offload on (default links)',
                offl)
        if not wait_all(r, net, 'iperf'):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, 'iperf: pingall %s%% loss' % loss)
        srv = h2.popen(['iperf', '-s', '-p', '5001'])
        try:
            mnt.wait_for(lambda: '5001' in h2.cmd('ss -ltn'), 10)
            text = h1.cmd('timeout 60 iperf -c %s -p 5001 -n 20M -y C'
                          % h2.IP())
        finally:
            srv.kill()
            srv.wait()
        fields = text.strip().split('\n')[-1].split(',') if text.strip() \
            else []
        ok = len(fields) >= 9 and int(fields[7]) >= 20 * 1024 * 1024
        r.check(ok, 'iperf: 20 MB of TCP from h1 to h2 through of-switch',
                text + logs(net))
        if ok:
            mnt.out('# iperf h1->h2: %.1f Mbit/s' % (int(fields[8]) / 1e6))
        check_exits(r, net, 'iperf')
        net = None

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


def ping(a, b):
    """One ping from host a to host b (2 tries); True if it got through."""
    out = a.cmd('ping -c 2 -W 1 %s' % b.IP())
    return bool(re.search(r' [12] received', out))


def fail(mode, port):
    r = mnt.Report(11)
    ctl = mnt.Controller('ctl-sw-fail', port, idle=300)
    net = None

    def body():
        nonlocal net
        net = start(r, ctl, 'single,3', port, fail=mode)
        if not net:
            return
        h1, h2, h3 = net.hosts[:3]
        sw = net.switches[0]
        if not wait_all(r, net, 'fail %s' % mode):
            return
        r.check(ping(h1, h2) and ping(h2, h1),
                'fail %s: h1 <-> h2 through the controller' % mode,
                logs(net))
        flows = mnt.learned_flows(sw.name) or []
        r.check(flows, 'fail %s: learned flows installed' % mode)

        old = ctl.pid
        ctl.kill()
        r.check(mnt.wait_for(lambda: not sw.connected(), 15),
                'fail %s: of-switch notices the controller (pid %d) is '
                'gone' % (mode, old), logs(net))
        r.check(ping(h1, h2), 'fail %s: h1 -> h2 still works without the '
                'controller (installed flows%s)' % (
                    mode, ' or NORMAL' if mode == 'standalone' else ''),
                logs(net))
        reach = ping(h1, h3)
        if mode == 'standalone':
            r.check(reach, 'fail standalone: h1 -> h3 (never seen) works: '
                    'the switch acts as a learning switch', logs(net))
        else:
            r.check(not reach, 'fail secure: h1 -> h3 (no flow) is dropped '
                    'without a controller', logs(net))
        r.check(mnt.learned_flows(sw.name), 'fail %s: the installed flows '
                'are still in the table' % mode)

        r.check(ctl.start(), 'fail %s: controller restarted' % mode,
                ctl.log_tail())
        if not wait_all(r, net, 'fail %s: after restart' % mode, 40):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, 'fail %s: pingall after reconnection %s%% loss'
                % (mode, loss), logs(net))

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else ''
    if what == 'pingall' and len(sys.argv) == 5:
        pingall(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif what == 'iperf' and len(sys.argv) == 3:
        iperf(int(sys.argv[2]))
    elif what == 'fail' and len(sys.argv) == 4:
        fail(sys.argv[2], int(sys.argv[3]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == '__main__':
    main()
