#!/usr/bin/python3
"""Scenario: of-controller in direct mode (--net tap:..., our own TCP/IP
stack, netstack, instead of kernel sockets) controls a Mininet network of
OVS userspace switches (kind ovs) or of OVS and of-switch alternating
(kind mixed); Linux is in the path only as the switches' TCP peer. Every
switch must connect over netstack and pingall must lose nothing.

    direct.py TOPO [KIND [PORT]]      e.g. direct.py tree,depth=2,fanout=2

Run it through mnt_run (mininet-tests/lib.sh), never bare."""

import os
import re
import sys

import mnt

TAP = 'ctl0'
CTL_IP = '10.254.0.2'


def kernel_tcp_sockets(pid):
    """TCP sockets (any state) the kernel holds for process pid."""
    inodes = mnt._socket_inodes(pid)
    found = 0
    for name in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    if line.split()[9] in inodes:
                        found += 1
        except (IOError, OSError):
            pass
    return found


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'tree,depth=2,fanout=2'
    kind = sys.argv[2] if len(sys.argv) > 2 else 'ovs'
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 6653
    label = '%s %s' % (kind, topo)
    r = mnt.Report(7)
    ctl = mnt.Controller('ctl-direct-%s-%s' % (kind, re.sub(r'[,=]', '_',
                                                            topo)), port,
                         net=dict(tap=TAP, ip=CTL_IP + '/24',
                                  peer='10.254.0.1/24'))
    net = None

    def body():
        nonlocal net
        if not r.check(ctl.start(), '%s: of-controller --net tap:%s,ip=%s/24'
                       ' answers ping on netstack' % (label, TAP, CTL_IP),
                       ctl.log_tail()):
            return
        net = mnt.make_net(topo, port, kind=kind, ctl_ip=CTL_IP)
        mnt.start_net(net, default_links=(kind != 'ovs'))
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 40)
        if not r.check(not left, '%s: all %d switches connected to %s:%d'
                       % (label, len(names), CTL_IP, port),
                       'not connected: %s\n%s' % (' '.join(left),
                                                  ctl.log_tail())):
            return
        ups = re.findall(r'tcp:10\.254\.0\.1:\d+: switch \S+ up',
                         ctl.log_text())
        r.check(len(ups) >= len(names), '%s: the controller saw %d '
                'switches come up from 10.254.0.1 (through the tap)'
                % (label, len(ups)), ctl.log_tail())
        r.check(kernel_tcp_sockets(ctl.pid) == 0 and
                not mnt.listening(port),
                '%s: of-controller has no kernel TCP socket' % label)
        loss = mnt.pingall(net)
        r.check(loss == 0, '%s: pingall between %d hosts, %s%% loss'
                % (label, len(net.hosts), loss), ctl.log_tail())
        loss = mnt.pingall(net)
        r.check(loss == 0, '%s: pingall again (flows installed over '
                'netstack), %s%% loss' % (label, loss), ctl.log_tail())
        r.check(ctl.alive(), '%s: the controller is still running' % label,
                ctl.log_tail())

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


if __name__ == '__main__':
    os.environ.setdefault('CTL_LOG_LEVEL', 'info')
    main()
