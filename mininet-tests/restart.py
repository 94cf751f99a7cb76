#!/usr/bin/python3
"""Scenario: the controller dies mid-run and comes back.

After pingall, the controller is killed (SIGKILL, by its PID); the
switches notice; a new controller process starts on the same port; the
switches reconnect. The learned flows are then deleted from every switch,
so the final pingall can only succeed through the new controller.

    restart.py [TOPO] [PORT]       default: linear,4 6655

Run it through mnt_run (mininet-tests/lib.sh), never bare."""

import sys

import mnt


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'linear,4'
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 6655
    r = mnt.Report(8)
    ctl = mnt.Controller('ctl-restart', port)
    net = None

    def body():
        nonlocal net
        if not r.check(ctl.start(), 'restart: controller listens on port %d'
                       % port, ctl.log_tail()):
            return
        net = mnt.make_net(topo, port)
        mnt.start_net(net)
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 30)
        if not r.check(not left, 'restart: all %d switches of %s connected'
                       % (len(names), topo),
                       'not connected: %s' % ' '.join(left)):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, 'restart: pingall %s%% loss' % loss)

        old = ctl.pid
        ctl.kill()
        still = mnt.wait_disconnected(names, 15)
        r.check(not still, 'restart: after SIGKILL of controller pid %d no '
                'switch reports a connection' % old,
                'still connected: %s' % ' '.join(still))

        r.check(ctl.start() and ctl.pid != old, 'restart: a new controller '
                '(pid %s) listens on the same port %d' % (ctl.pid, port),
                ctl.log_tail())
        left = mnt.wait_connected(names, 30)
        if not r.check(not left, 'restart: all %d switches reconnected'
                       % len(names), 'not connected: %s\n%s'
                       % (' '.join(left), ctl.log_tail())):
            return
        for n in names:
            mnt.run(['ovs-ofctl', '-O', 'OpenFlow10', 'del-flows', n])
        stale = [n for n in names if mnt.learned_flows(n)]
        if stale:
            mnt.out('#   flows left after del-flows on: %s' % ' '.join(stale))
        loss = mnt.pingall(net)
        r.check(loss == 0, 'restart: pingall through the new controller '
                '(flow tables emptied first) %s%% loss' % loss,
                ctl.log_tail())
        empty = [n for n in names if not mnt.learned_flows(n)]
        r.check(not empty, 'restart: the new controller installed learned '
                'flows on every switch', 'none on: %s' % ' '.join(empty))

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


if __name__ == '__main__':
    main()
