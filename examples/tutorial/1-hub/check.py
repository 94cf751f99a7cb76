#!/usr/bin/python3
"""Checker of exercise 1 (hub): `make check-hub` runs it through
examples/tutorial/check.sh, inside private namespaces.

The participant's of-controller (CTL_CMD) runs `--app my-hub --app
monitor:noecho` (monitor logs every message, so the checker can count
PACKET_INs and PACKET_OUTs); first a Mininet single,3 of Open vSwitch
switches, then the same with our of-switch (mnt.OFSwitch)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import tutcheck as t  # noqa: E402
from tutcheck import mnt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
R = t.Checker(9)


def part(kind, port, label):
    ctl = t.lab_controller('hub', HERE, 'ctl-hub-%s' % kind, port,
                           monitor=True)
    net = None
    try:
        if not R.check(ctl.start(), '%s: of-controller starts with --app '
                       'my-hub' % label,
                       'it did not listen on its port; is your app '
                       'crashing at start-up?', t.crashed(ctl)):
            R.skip_rest('the controller did not start')
            return
        net = mnt.make_net(t.LABS['hub']['topo'], port, kind=kind)
        mnt.start_net(net, default_links=(kind == 'of'))
        left = mnt.wait_connected([s.name for s in net.switches], 30)
        R.check(not left, '%s: the switch connects to the controller'
                % label, 'not connected: %s' % ' '.join(left),
                t.crashed(ctl))
        loss = mnt.pingall(net, timeout=1)
        t.settle(0.5)
        pins = t.count(ctl, 'PACKET_IN')
        pouts = t.count(ctl, 'PACKET_OUT')
        if pins == 0:
            hint = ('the controller got no PACKET_IN at all: are the '
                    'switches connected?')
        elif pouts == 0:
            hint = ('the switch sent %d PACKET_INs but your app answered '
                    'none: in packet_in, send each packet back with '
                    'ctl_packet_out() and an OUTPUT action to OFPP_FLOOD'
                    % pins)
        else:
            hint = ('PACKET_OUTs were sent (%d for %d PACKET_INs) but '
                    'pings are lost: is the action OUTPUT to OFPP_FLOOD '
                    '(not in_port)? For an unbuffered packet '
                    '(buffer_id == OFP_NO_BUFFER) pass its data; for a '
                    'buffered one its buffer_id' % (pouts, pins))
        R.check(loss == 0, '%s: pingall loses nothing (got %s%% loss)'
                % (label, loss), hint, t.crashed(ctl))
        R.check(pouts > 0 and pouts >= pins * 0.9,
                '%s: every PACKET_IN is answered with a PACKET_OUT (%d '
                'PACKET_INs, %d PACKET_OUTs)' % (label, pins, pouts),
                'answer each packet-in with exactly one ctl_packet_out()'
                '; watch them with `make lab-hub MONITOR=1`')
        if kind == 'ovs':
            flows = mnt.dump_flows(net.switches[0].name) or []
            R.check(not flows, '%s: the hub installed no flows (every '
                    'packet goes through the controller)' % label,
                    'this exercise floods with PACKET_OUT only; '
                    'found flows:\n%s' % '\n'.join(flows[:5]))
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


def body():
    part('ovs', 6671, 'Open vSwitch')
    part('of', 6672, 'of-switch')
    R.summary('exercise 1 (hub)')


if __name__ == '__main__':
    mnt.main_wrapper(R, body)
