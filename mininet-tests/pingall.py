#!/usr/bin/python3
"""Scenario: one Mininet topology of OVS userspace switches (OpenFlow 1.0,
fail_mode secure) under the controller's learning app; every switch must
connect and pingall must lose nothing.

    pingall.py TOPO [PORT]      e.g. pingall.py linear,16

Run it through mnt_run (mininet-tests/lib.sh), never bare."""

import sys

import mnt


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'single,3'
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 6653
    r = mnt.Report(4)
    ctl = mnt.Controller('ctl-pingall-' + topo.replace(',', '_')
                         .replace('=', ''), port)
    net = None

    def body():
        nonlocal net
        if not r.check(ctl.start(), '%s: controller listens on port %d'
                       % (topo, port), ctl.log_tail()):
            return
        net = mnt.make_net(topo, port)
        mnt.start_net(net)
        names = [s.name for s in net.switches]
        errs = mnt.bridge_config_errors(names)
        r.check(not errs, '%s: %d switches are netdev, OpenFlow10 only, '
                'fail_mode secure' % (topo, len(names)), '\n'.join(errs))
        left = mnt.wait_connected(names, 30)
        if not r.check(not left, '%s: all %d switches connected to the '
                       'controller' % (topo, len(names)),
                       'not connected: %s' % ' '.join(left)):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, '%s: pingall between %d hosts, %s%% loss'
                % (topo, len(net.hosts), loss), ctl.log_tail())

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


if __name__ == '__main__':
    main()
