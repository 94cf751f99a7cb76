#!/usr/bin/python3
"""Scenario: the learning app's flows show up in the switches after
pingall, carry the configured idle timeout, and expire once the traffic
stops.

    flows.py [TOPO] [IDLE] [PORT]     default: tree,depth=2,fanout=2 3 6653

Run it through mnt_run (mininet-tests/lib.sh), never bare."""

import sys

import mnt


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'tree,depth=2,fanout=2'
    idle = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 6653
    r = mnt.Report(6)
    ctl = mnt.Controller('ctl-flows', port, idle=idle)
    net = None

    def body():
        nonlocal net
        if not r.check(ctl.start(), 'flows: controller (learning, idle=%d) '
                       'listens on port %d' % (idle, port), ctl.log_tail()):
            return
        net = mnt.make_net(topo, port)
        mnt.start_net(net)
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 30)
        if not r.check(not left, 'flows: all %d switches of %s connected'
                       % (len(names), topo),
                       'not connected: %s' % ' '.join(left)):
            return
        loss = mnt.pingall(net)
        # Read the tables right away: the flows are meant to time out.
        learned = dict((n, mnt.learned_flows(n)) for n in names)
        r.check(loss == 0, 'flows: pingall %s%% loss' % loss, ctl.log_tail())
        empty = [n for n in names if not learned[n]]
        counts = ', '.join('%s: %d' % (n, len(learned[n] or []))
                           for n in names)
        r.check(not empty, 'flows: every switch has learned flows after '
                'pingall (%s)' % counts,
                'no learned flows in: %s\n%s' % (' '.join(empty), '\n'.join(
                    '%s: %s' % (n, mnt.dump_flows(n)) for n in empty)))
        allf = [f for n in names for f in (learned[n] or [])]
        wrong = [f for f in allf if 'idle_timeout=%d,' % idle not in f]
        r.check(allf and not wrong, 'flows: the learned flows carry '
                'idle_timeout=%d' % idle, '\n'.join(wrong[:5]))
        mnt.out('#   e.g. %s: %s' % (names[0], (learned[names[0]] or
                                                ['(none)'])[0]))
        # Upper bound only: idle timeout + OVS's expiry pass + slack.
        def none_left():
            return all(mnt.learned_flows(n) == [] for n in names)
        gone = mnt.wait_for(none_left, idle + 25, step=0.5)
        r.check(gone, 'flows: no learned flow left on any switch once the '
                'traffic stopped (idle_timeout=%d)' % idle, '\n'.join(
                    '%s: %s' % (n, mnt.learned_flows(n)) for n in names))

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


if __name__ == '__main__':
    main()
