#!/usr/bin/python3
"""The interactive lab of one tutorial exercise: `make lab-EX` runs it
through examples/tutorial/lab.sh, inside private network, PID and mount
namespaces (mnt refuses to run otherwise).

    lab.py EX FOLDER

Starts the exercise's of-controller (CTL_CMD, with the apps and options of
tutcheck.LABS[EX]; the monitor app too if MONITOR=1), the exercise's
Mininet network of Open vSwitch switches (SWITCH=of: our of-switch), prints
what runs where, and hands over to Mininet's CLI: from a terminal, or
commands read from stdin until it ends. Stops the network and the
controller when the CLI returns; lab.sh removes the rest."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tutcheck as t  # noqa: E402  (needs the path above)
from tutcheck import mnt  # noqa: E402

from mininet.cli import CLI  # noqa: E402
from mininet.log import lg, setLogLevel  # noqa: E402

PORT = 6653


def flows_hint(net):
    """How to see a switch's flow table from the CLI."""
    sw = net.switches[0]
    if sw.name in mnt.OF_SWITCHES:
        return ('sh ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names '
                'dump-flows %s   (%s)' % (sw.target(), sw.name))
    return 'dpctl dump-flows'


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in t.LABS:
        sys.stderr.write('usage: lab.py %s FOLDER\n' % '|'.join(t.LABS))
        return 2
    ex, folder = sys.argv[1], sys.argv[2]
    lab = t.LABS[ex]
    kind = 'of' if os.environ.get('SWITCH') == 'of' else 'ovs'
    monitor = os.environ.get('MONITOR', '') not in ('', '0')
    setLogLevel('info')
    lg.ch.setStream(sys.stdout)  # Mininet's lines in order with ours

    ctl = t.lab_controller(ex, folder, 'controller', PORT, monitor)
    net = None
    try:
        mnt.out('*** Starting the controller: %s' % ' '.join(ctl.argv()))
        if not ctl.start():
            mnt.out('*** The controller did not start (is the app crashing '
                    'at start-up?); last lines of its log:')
            mnt.out(ctl.log_tail(20))
            return 1
        net = mnt.make_net(lab['topo'], PORT, kind=kind)
        mnt.start_net(net, default_links=(kind == 'of'))
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 30)
        sw = ('our of-switch (logs: %s/of-switch-sN.log)' % mnt.LOGDIR
              if kind == 'of' else 'Open vSwitch (userspace datapath, '
              'OpenFlow 1.0, fail_mode=secure)')
        banner = [
            '',
            '=' * 72,
            'Lab %s: %s' % (ex, os.path.basename(folder.rstrip('/'))),
            '  controller: %s' % ' '.join(ctl.argv()),
            '  controller log: %s ($LAB_CTL_LOG in the CLI\'s sh)'
            % ctl.logpath,
            '    (tail -f it in another terminal; removed when the lab '
            'ends)',
            '  network: Mininet %s, %d switches (%s), %d hosts'
            % (lab['topo'], len(names), sw, len(net.hosts)),
            '  namespaces: network %s, PID %s (only this lab is in them)'
            % (os.environ.get('LAB_NETNS', '?'),
               os.readlink('/proc/self/ns/pid')),
            '  switches connected: %s' % (
                'all' if not left else 'NOT %s (see the controller log)'
                % ' '.join(left)),
            'Try: pingall, h1 ping -c 3 h2, sh tail $LAB_CTL_LOG,',
            '     %s' % flows_hint(net),
            '"exit" or Ctrl-D ends the lab; Ctrl-C too. Everything is '
            'removed.',
            '=' * 72,
        ]
        mnt.out('\n'.join(banner))
        # For the CLI's sh: `sh tail $LAB_CTL_LOG`.
        os.environ['LAB_CTL_LOG'] = ctl.logpath
        CLI(net)
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
