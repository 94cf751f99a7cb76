#!/usr/bin/python3
"""The README's main job, inside the namespaces demo.sh sets up: the
controller's learning app in charge of a small Mininet network of Open
vSwitch switches; pingall; the flow table of one switch.

    demo.py [TOPO] [PORT]     default: tree,depth=2,fanout=2 6653

Exit status 0 if every switch connected and pingall lost nothing.
Run it through demo.sh (or mnt_run), never bare."""

import sys

from mininet.log import lg, setLogLevel

import mnt


def say(text):
    mnt.out('\n== ' + text)


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'tree,depth=2,fanout=2'
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 6653
    setLogLevel('output')   # Mininet prints pingall's rows and result,
    lg.ch.setStream(sys.stdout)  # in order with ours
    ctl = mnt.Controller('demo-controller', port)
    net = None
    good = False
    try:
        say('starting the controller: %s' % ' '.join(ctl.argv()))
        if not ctl.start():
            mnt.out('the controller did not start; its log:')
            mnt.out(ctl.log_tail(20))
            return 1
        mnt.out('listening on 127.0.0.1:%d (pid %d in the demo\'s own PID '
                'namespace)' % (port, ctl.pid))
        net = mnt.make_net(topo, port)
        say('Mininet %s: %d Open vSwitch switches (userspace datapath, '
            'OpenFlow 1.0, fail_mode=secure), %d hosts'
            % (topo, len(net.switches), len(net.hosts)))
        mnt.start_net(net)
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 30)
        if left:
            mnt.out('not connected after 30s: %s' % ' '.join(left))
        else:
            mnt.out('all switches connected to the controller: %s'
                    % ' '.join(names))
        say('pingall (every host pings every other host once)')
        loss = mnt.pingall(net)
        good = not left and loss == 0
        mnt.out('pingall: %s%% loss -> %s' % (loss, 'OK' if good else
                                               'FAILED'))
        sw = names[0]
        say('ovs-ofctl -O OpenFlow10 dump-flows %s (flows the learning app '
            'installed)' % sw)
        st, text = mnt.run(['ovs-ofctl', '-O', 'OpenFlow10', 'dump-flows',
                            sw])
        mnt.out(text.rstrip('\n'))
        say('last lines of the controller log')
        mnt.out(ctl.log_tail(8))
    finally:
        say('cleaning up')
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()
    return 0 if good else 1


if __name__ == '__main__':
    sys.exit(main())
