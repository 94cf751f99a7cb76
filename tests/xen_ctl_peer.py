#!/usr/bin/python3
"""Plays two OpenFlow 1.0 switches against of-controller.xen (reached
through QEMU's user networking on 127.0.0.1:PORT) and checks that the
learning app answers: handshake, echo, a broadcast PACKET_IN flooded with
a PACKET_OUT, then a PACKET_IN to a learned MAC answered with a FLOW_MOD.
Retries the first connection until DEADLINE seconds have passed (the guest
boots meanwhile).

usage: xen_ctl_peer.py PORT DEADLINE_SECONDS"""
import socket
import struct
import sys
import time

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from of_peer import *  # noqa: F401,F403,E402

PORT = int(sys.argv[1])
DEADLINE = time.monotonic() + float(sys.argv[2])


class Switch(Peer):
    def __init__(self, dpid, sock):
        Peer.__init__(self, sock, 15.0)
        self.dpid = dpid

    def handshake(self):
        self.send(msg(OFPT_HELLO, 1))
        if self.expect([OFPT_HELLO]) is None:
            return False
        fr = self.expect([OFPT_FEATURES_REQUEST])
        if fr is None:
            return False
        ports = b''.join(struct.pack('!H6s16sIIIIII', n,
                                     bytes([0, 0, 0, 0, 0, n]),
                                     b'eth%d' % n, 0, 0, 0, 0, 0, 0)
                         for n in (1, 2))
        body = struct.pack('!QIB3xII', self.dpid, 256, 1, 0, 0xfff) + ports
        self.send(msg(OFPT_FEATURES_REPLY, xid_of(fr), body))
        return True


def connect():
    """The first connection that completes the OpenFlow handshake."""
    last = 'no attempt'
    while time.monotonic() < DEADLINE:
        try:
            s = socket.create_connection(('127.0.0.1', PORT), timeout=5)
        except OSError as e:
            last = str(e)
            time.sleep(1)
            continue
        sw = Switch(0x42, s)
        try:
            if sw.handshake():
                return sw, None
            last = 'no HELLO/FEATURES_REQUEST'
        except OSError as e:
            last = str(e)
        sw.close()
        time.sleep(1)
    return None, last


def packet_in(xid, in_port, src, dst, ethertype=0x0806):
    frame = dst + src + struct.pack('!H', ethertype) + b'\0' * 46
    body = struct.pack('!IHHBx', 0xffffffff, len(frame), in_port, 0) + frame
    return msg(OFPT_PACKET_IN, xid, body)


def main():
    sw, why = connect()
    check('a switch completes the OpenFlow handshake with of-controller.xen '
          '(over netstack, netfront, netback, a bridge and QEMU)',
          sw is not None, why)
    if sw is None:
        return summary()
    check('echo request answered', sw.alive())
    h1, h2 = b'\x00\x00\x00\x00\x00\x01', b'\x00\x00\x00\x00\x00\x02'
    sw.send(packet_in(0x10, 1, h1, b'\xff' * 6))
    po = sw.expect([OFPT_PACKET_OUT])
    check('a broadcast PACKET_IN is flooded with a PACKET_OUT (learning '
          'app)', po is not None)
    sw.send(packet_in(0x11, 2, h2, h1, 0x0800))
    fm = sw.expect([OFPT_FLOW_MOD])
    ok = fm is not None and len(fm) >= 72 + 8
    out_port = struct.unpack('!H', fm[76:78])[0] if ok else None
    check('a PACKET_IN to a learned MAC gets a FLOW_MOD out of its port '
          '(port %s)' % out_port, ok and out_port == 1)
    second = Switch(0x43, socket.create_connection(('127.0.0.1', PORT),
                                                   timeout=10))
    check('a second switch connects and is served',
          second.handshake() and second.alive() and sw.alive())
    second.close()
    sw.close()
    return summary()


if __name__ == '__main__':
    sys.exit(main())
