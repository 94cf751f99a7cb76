#!/usr/bin/python3
"""Scenario: OpenFlow over TLS with client certificates.

Makes two PKIs with ovs-pki under $MNT_WORK: the real one (controller and
switch certificates signed by its controllerca and switchca) and a rogue
one. The controller listens with pssl and trusts only the real switchca.
  - switches with the real switch certificate connect and pingall loses
    nothing;
  - a switch whose certificate comes from the rogue PKI never connects
    (bounded wait), although OVS keeps trying, and the controller logs a
    certificate verification failure;
  - control: the same switch connects once it is given the real
    certificate again (so the refusal was about the certificate).

    tls.py [TOPO] [PORT]        default: tree,depth=2,fanout=2 6654

Run it through mnt_run (mininet-tests/lib.sh), never bare."""

import os
import re
import sys

import mnt

ROGUE_WAIT = 10     # seconds the rogue switch gets to (not) connect


def pki(base, log):
    """ovs-pki init in `base`; returns its directory."""
    d = os.path.join(mnt.WORK, base)
    mnt.run(['ovs-pki', '--dir=' + d, '--log=' + log, '--force', 'init'],
            timeout=120, check=True)
    return d


def req_sign(pkidir, name, kind, log):
    """ovs-pki req+sign NAME KIND in $MNT_WORK/tls; returns (key, cert)."""
    d = os.path.join(mnt.WORK, 'tls')
    os.makedirs(d, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(d)
    try:
        mnt.run(['ovs-pki', '--dir=' + pkidir, '--log=' + log, '--force',
                 'req+sign', name, kind], timeout=120, check=True)
    finally:
        os.chdir(cwd)
    return (os.path.join(d, name + '-privkey.pem'),
            os.path.join(d, name + '-cert.pem'))


def set_ssl(key, cert, ca):
    mnt.run(['ovs-vsctl', '-t', '10', 'set-ssl', key, cert, ca],
            check=True)


def main():
    topo = sys.argv[1] if len(sys.argv) > 1 else 'tree,depth=2,fanout=2'
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 6654
    r = mnt.Report(9)
    log = os.path.join(mnt.LOGDIR, 'ovs-pki.log')
    ctl = None
    net = None

    def body():
        nonlocal ctl, net
        real = pki('pki', log)
        rogue = pki('pki-rogue', log)
        ctl_key, ctl_cert = req_sign(real, 'ctl', 'controller', log)
        sw_key, sw_cert = req_sign(real, 'sw', 'switch', log)
        bad_key, bad_cert = req_sign(rogue, 'rogue', 'switch', log)
        ctlca = os.path.join(real, 'controllerca', 'cacert.pem')
        swca = os.path.join(real, 'switchca', 'cacert.pem')
        r.check(all(os.path.exists(f) for f in (ctl_key, ctl_cert, sw_key,
                                                sw_cert, bad_key, bad_cert,
                                                ctlca, swca)),
                'tls: ovs-pki made two PKIs and three certificates')
        ctl = mnt.Controller('ctl-tls', port, tls=dict(key=ctl_key,
                                                       cert=ctl_cert,
                                                       ca=swca))
        if not r.check(ctl.start(), 'tls: controller listens with pssl on '
                       'port %d' % port, ctl.log_tail()):
            return
        set_ssl(sw_key, sw_cert, ctlca)
        net = mnt.make_net(topo, port, protocol='ssl')
        mnt.start_net(net)
        names = [s.name for s in net.switches]
        left = mnt.wait_connected(names, 30)
        if not r.check(not left, 'tls: all %d switches connected over '
                       'ssl:127.0.0.1:%d' % (len(names), port),
                       'not connected: %s\n%s' % (' '.join(left),
                                                  ctl.log_tail())):
            return
        loss = mnt.pingall(net)
        r.check(loss == 0, 'tls: pingall %s%% loss' % loss, ctl.log_tail())
        mnt.stop_net(net)
        net = None

        # The rogue switch: a certificate the controller's CA did not sign.
        # (It trusts the real controller CA, so only the controller's
        # check of the client certificate can stop it.)
        set_ssl(bad_key, bad_cert, ctlca)
        br = 'rogue1'
        mnt.run(['ovs-vsctl', '-t', '10', '--', '--if-exists', 'del-br', br,
                 '--', 'add-br', br,
                 '--', 'set', 'bridge', br, 'datapath_type=netdev',
                 'protocols=OpenFlow10', 'fail_mode=secure',
                 'other-config:datapath-id=00000000000000aa',
                 '--', 'set-controller', br, 'ssl:127.0.0.1:%d' % port,
                 '--', 'set', 'controller', br, 'max_backoff=1000'],
                check=True)
        before = len(ctl.log_text())
        ever = mnt.wait_for(lambda: mnt.bridge_connected(br), ROGUE_WAIT,
                            step=0.5)
        r.check(not ever, 'tls: switch with a certificate from another CA '
                'is not connected after %ds' % ROGUE_WAIT,
                mnt.controller_status(br))
        # ...and not for want of trying: OVS recorded failed attempts.
        status = mnt.controller_status(br)
        r.check('last_error' in status and 'ACTIVE' not in status,
                'tls: OVS tried and failed to connect the rogue switch (%s)'
                % status, status)
        r.check(ctl.alive(), 'tls: controller still running after the '
                'refused handshakes', ctl.log_tail())
        newlog = ctl.log_text()[before:]
        lines = [l for l in newlog.split('\n') if l.strip()]
        verify = [l for l in lines if re.search(r'verif', l, re.I)]
        r.check(verify, 'tls: the controller logged a certificate '
                'verification failure', '\n'.join(lines[-5:]))
        for l in (verify or lines)[-2:]:
            mnt.out('#   controller log: %s' % l[:200])

        # Control: same bridge, real certificate.
        set_ssl(sw_key, sw_cert, ctlca)
        ok = mnt.wait_for(lambda: mnt.bridge_connected(br), 20, step=0.5)
        r.check(ok, 'tls: control: the same switch connects once given the '
                'real certificate', mnt.controller_status(br))
        mnt.run(['ovs-vsctl', '-t', '10', '--if-exists', 'del-br', br])

    try:
        mnt.main_wrapper(r, body)
    finally:
        if net is not None:
            mnt.stop_net(net)
        if ctl is not None:
            ctl.stop()
        mnt.run(['ovs-vsctl', '-t', '10', '--if-exists', 'del-br', 'rogue1'])
        mnt.run(['ovs-vsctl', '-t', '10', 'del-ssl'])


if __name__ == '__main__':
    main()
