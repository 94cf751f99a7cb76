#!/usr/bin/python3
"""Scenario: TCP across the learning switch. After pingall, an iperf
server on the last host and an iperf client on the first one; the client
sends a fixed amount of data (-n), which both ends must report.

    iperf.py [TOPO] [PORT] [MBYTES]   default: tree,depth=2,fanout=2 6653 8

The hosts' TX checksum offload is turned off by mnt.start_net: with OVS's
userspace datapath, TCP otherwise stalls (see docs/testing-mininet.md).
Run it through mnt_run (mininet-tests/lib.sh), never bare."""

import subprocess
import sys
import time

import mnt

IPERF_PORT = 5001


def parse_csv(text):
    """Bytes transferred from iperf 2's -y C report lines (the 8th field),
    summed over the lines that parse."""
    total = 0
    for line in text.split('\n'):
        f = line.strip().split(',')
        if len(f) >= 9 and f[7].isdigit():
            total += int(f[7])
    return total


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'tree,depth=2,fanout=2'
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 6653
    mbytes = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    want = mbytes * 1024 * 1024
    r = mnt.Report(6)
    ctl = mnt.Controller('ctl-iperf', port)
    net = None
    server = None

    def body():
        nonlocal net, server
        if not r.check(ctl.start(), 'iperf: controller listens on port %d'
                       % port, ctl.log_tail()):
            return
        net = mnt.make_net(topo, port)
        mnt.start_net(net)
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 30)
        if not r.check(not left, 'iperf: all %d switches of %s connected'
                       % (len(names), topo),
                       'not connected: %s' % ' '.join(left)):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, 'iperf: pingall %s%% loss' % loss)
        src, dst = net.hosts[0], net.hosts[-1]
        server = dst.popen(['iperf', '-s', '-p', str(IPERF_PORT), '-y', 'C'],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        up = mnt.wait_for(lambda: ':%d ' % IPERF_PORT in dst.cmd(
            'ss -ltnH'), 10)
        r.check(up, 'iperf: server listens on %s:%d' % (dst.name, IPERF_PORT),
                dst.cmd('ss -ltn'))
        # Bounded by timeout(1) inside the host: a stalled TCP (the
        # checksum-offload trap) fails instead of hanging the scenario.
        res = src.cmd('timeout -s KILL 30 iperf -c %s -p %d -n %dM -y C; '
                      'echo "exit=$?"' % (dst.IP(), IPERF_PORT, mbytes))
        sent = parse_csv(res)
        r.check('exit=0' in res and sent >= want,
                'iperf: client %s sent %d bytes to %s (wanted %d)'
                % (src.name, sent, dst.name, want), res)
        # The server prints its report when the connection ends; give it
        # a moment (bounded), then stop it by PID.
        time.sleep(0.5)
        server.terminate()
        try:
            text = server.communicate(timeout=10)[0].decode('utf-8',
                                                            'replace')
        except subprocess.TimeoutExpired:
            server.kill()
            text = server.communicate()[0].decode('utf-8', 'replace')
        server = None
        got = parse_csv(text)
        r.check(got >= want, 'iperf: server %s received %d bytes'
                % (dst.name, got), text)

    try:
        mnt.main_wrapper(r, body)
    finally:
        if server is not None:
            server.kill()
        if net is not None:
            mnt.stop_net(net)
        ctl.stop()


if __name__ == '__main__':
    main()
