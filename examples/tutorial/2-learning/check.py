#!/usr/bin/python3
"""Checker of exercise 2 (learning switch): `make check-learning` runs it
through examples/tutorial/check.sh, inside private namespaces.

The participant's of-controller (CTL_CMD) runs `--app my-learning:idle=4
--app monitor:noecho` (monitor logs every message, so the checker can
count PACKET_INs); first a Mininet single,3 of Open vSwitch switches, then
the same with our of-switch (mnt.OFSwitch). The idle timeout is 4 s, not
the default 10 s, so that the app is seen to use its idle= argument and
the wait for the flows to expire stays short."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import tutcheck as t  # noqa: E402
from tutcheck import mnt  # noqa: E402

IDLE = 4
PER_PART = 8
R = t.Checker(2 * PER_PART)


def rtts(host, peer, n):
    """The round-trip times (ms) of n pings from host to peer, in order;
    a lost ping is left out."""
    res = host.cmd('ping -n -c %d -i 0.2 -W 1 %s' % (n, peer.IP()))
    return [float(x) for x in re.findall(r'time=([0-9.]+) ms', res)]


def latency_diag(net, label):
    """A diagnostic line: the first ping of a pair (through the
    controller) against the later ones (through the switch's flows, once
    the app installs them). Only printed, never checked: timing is not
    something a checker can rely on."""
    got = rtts(net.get('h1'), net.get('h2'), 5)
    if len(got) < 2:
        R.diag('%s: h1 -> h2 ping latency: too few answers to compare (%d '
               'of 5)' % (label, len(got)))
        return
    later = sum(got[1:]) / len(got[1:])
    R.diag('%s: h1 -> h2 ping latency: first %.2f ms, then %.2f ms on '
           'average (%s)' % (label, got[0], later,
                             ' '.join('%.2f' % x for x in got)))


def flow_hint(ctl, sent):
    """What to fix when the switch shows no learned flows."""
    if sent == 0:
        return ('your app sent no FLOW_MOD: this is TODO 1 and 2 in '
                'starter.c. Learn each source MAC (bytes 6..11) with '
                'pi->in_port in st->tab; when the destination MAC (bytes '
                '0..5) is in the table, fill a struct of_flow_mod (match '
                'in_port, dl_src, dl_dst; OUTPUT to the learned port; '
                'idle_timeout = idle_s; OFPFC_ADD) and send it with '
                'ctl_flow_mod()')
    errs = t.count(ctl, 'ERROR')
    return ('your app sent %d FLOW_MODs but the switch holds none for a '
            'pair of hosts%s. The match must have exactly in_port, '
            'dl_src and dl_dst set (wildcards OFPFW_ALL minus '
            'OFPFW_IN_PORT, OFPFW_DL_SRC, OFPFW_DL_DST), with the MACs of '
            'this packet, and buffer_id OFP_NO_BUFFER, out_port OFPP_NONE'
            % (sent, ' (and it answered with %d OFPT_ERRORs: see them '
                     'with `make lab-learning MONITOR=1`)' % errs
                     if errs else ''))


def part(kind, port, label):
    ctl = t.controller('ctl-learning-%s' % kind, port,
                       'my-learning:idle=%d' % IDLE, ['monitor:noecho'])
    net = None
    try:
        if not R.check(ctl.start(), '%s: of-controller starts with --app '
                       'my-learning:idle=%d' % (label, IDLE),
                       'it did not listen on its port; is your app '
                       'crashing at start-up, or refusing idle=%d?' % IDLE,
                       t.crashed(ctl)):
            return
        net = mnt.make_net('single,3', port, kind=kind)
        mnt.start_net(net, default_links=(kind == 'of'))
        br = net.switches[0].name
        left = mnt.wait_connected([br], 30)
        if not R.check(not left, '%s: the switch connects to the '
                       'controller' % label,
                       'not connected: %s' % ' '.join(left),
                       t.crashed(ctl)):
            return

        latency_diag(net, label)
        pins0 = t.count(ctl, 'PACKET_IN')
        loss = mnt.pingall(net, timeout=1)
        t.settle(0.5)
        pins1 = t.count(ctl, 'PACKET_IN') - pins0
        R.check(loss == 0, '%s: first pingall loses nothing (got %s%% '
                'loss; %d PACKET_INs)' % (label, loss, pins1),
                'unknown destinations (and broadcasts such as ARP '
                'requests) must still be flooded, as the starter does; '
                'a known one goes out of its learned port only: the '
                'flow\'s OUTPUT and the PACKET_OUT of this packet (its '
                'data if buffer_id is OFP_NO_BUFFER) must use that port',
                t.crashed(ctl))

        flows = mnt.learned_flows(br) or []
        sent = t.count(ctl, 'FLOW_MOD')
        good = [f for f in flows if 'in_port=' in f and
                'actions=output:' in f]
        R.check(good, '%s: dump-flows shows learned flows in_port,dl_src,'
                'dl_dst -> output (%d of %d flows for a pair of hosts)'
                % (label, len(good), len(flows)),
                flow_hint(ctl, sent) if not flows else
                'the flows for a pair of hosts must match in_port too '
                '(clear OFPFW_IN_PORT and set match.in_port = '
                'pi->in_port) and OUTPUT to the learned port; found:\n%s'
                % '\n'.join(flows[:4]), t.crashed(ctl))
        want = 'idle_timeout=%d' % IDLE
        wrong = [f for f in flows if not re.search(r'\b%s\b' % want, f)]
        R.check(flows and not wrong, '%s: the learned flows have %s (the '
                'idle= argument)' % (label, want),
                'no learned flows (see above)' if not flows else
                'set fm.idle_timeout = (uint16_t)idle_s, the idle= '
                'argument (%d here), not a constant; found:\n%s'
                % (IDLE, '\n'.join(wrong[:3])))

        loss2 = mnt.pingall(net, timeout=1)
        t.settle(0.5)
        pins2 = t.count(ctl, 'PACKET_IN') - pins0 - pins1
        R.check(loss2 == 0, '%s: second pingall loses nothing (got %s%% '
                'loss)' % (label, loss2),
                'the first round worked but this one, through the '
                'installed flows, did not: does each flow OUTPUT to the '
                'port its destination MAC was learned on?', t.crashed(ctl))
        R.diag('%s: PACKET_INs: %d in the first pingall, %d in the '
               'second' % (label, pins1, pins2))
        R.check(pins1 > 0 and pins2 * 4 <= pins1,
                '%s: the second pingall sends far fewer packets to the '
                'controller (%d PACKET_INs, against %d in the first)'
                % (label, pins2, pins1),
                'the controller saw no packet at all' if pins1 == 0 else
                'every packet still comes to the controller, as with the '
                'hub: install a flow for each known destination (TODO 2), '
                'so that the next packets of the pair stay in the switch',
                t.crashed(ctl))

        # Bounded wait: the switch removes a flow once it has been idle
        # for IDLE seconds; nothing asserts how long that took.
        if flows:
            mnt.wait_for(lambda: not mnt.learned_flows(br), IDLE + 8,
                         step=0.5)
        after = mnt.learned_flows(br)
        R.check(flows and after == [], '%s: the learned flows expire once '
                'idle (none left within %d s of the last ping)'
                % (label, IDLE + 8) if flows else '%s: the learned flows '
                'expire once idle' % label,
                'no learned flows (see above)' if not flows else
                'still there %d s after the last ping:\n%s\n'
                'fm.idle_timeout must be idle_s (%d here), and '
                'hard_timeout 0' % (IDLE + 8, '\n'.join((after or [])[:3]),
                                    IDLE))
    finally:
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


def fill(want, label):
    """A part that stopped early counts its missing checks as failed."""
    while R.done < want:
        R.check(False, '%s: not reached (see the failure above)' % label)


def body():
    part('ovs', 6673, 'Open vSwitch')
    fill(PER_PART, 'Open vSwitch')
    part('of', 6674, 'of-switch')
    fill(2 * PER_PART, 'of-switch')
    R.summary('exercise 2 (learning switch)')


if __name__ == '__main__':
    mnt.main_wrapper(R, body)
