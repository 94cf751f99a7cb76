#!/usr/bin/python3
"""Plays misbehaving OpenFlow switches against a running of-controller.

usage: ctl_peer.py PORT CONTROLLER_PID [HOST]

Each scenario connects as a switch over TCP to HOST:PORT (default
127.0.0.1; tests/test-ctl-direct.sh gives a netstack address), completes
the handshake, sends one class of bad input and checks the controller's
answer: the OFPT_ERROR type and code, the xid, the first 64 bytes of the
request, and that the connection stays up (or, for a stream that cannot be
framed, is closed). A well-behaved switch stays connected throughout and
must be served after every scenario. Prints "ok - ..." / "not ok - ..." per
check and "N passed, N failed" last.
"""
import os
import socket
import struct
import sys
import time

from of_peer import *  # noqa: F401,F403 (constants, check, msg, Peer)

PORT = int(sys.argv[1])
PID = int(sys.argv[2])
HOST = sys.argv[3] if len(sys.argv) > 3 else '127.0.0.1'


class Switch(Peer):
    def __init__(self, dpid, timeout=5.0):
        Peer.__init__(self, socket.create_connection((HOST, PORT),
                                                     timeout=10), timeout)
        self.dpid = dpid

    def handshake(self):
        self.send(msg(OFPT_HELLO, 1))
        if self.expect([OFPT_HELLO]) is None:
            return False
        fr = self.expect([OFPT_FEATURES_REQUEST])
        if fr is None:
            return False
        port = struct.pack('!H6s16sIIIIII', 1, b'\x00\x00\x00\x00\x00\x01',
                           b'eth1', 0, 0, 0, 0, 0, 0)
        body = struct.pack('!QIB3xII', self.dpid, 256, 1, 0, 0xfff) + port
        self.send(msg(OFPT_FEATURES_REPLY, xid_of(fr), body))
        return self.expect([OFPT_SET_CONFIG]) is not None or True



def closed_by_peer(sw):
    """True if the controller closes sw's connection (EOF) within its
    timeout; False on a timeout with the connection still open."""
    while True:
        try:
            d = sw.s.recv(65536)
        except socket.timeout:
            return False
        except ConnectionError:
            return True
        if not d:
            return True


def bad(name, data, etype, ecode, good):
    sw = Switch(0x100 + len(RESULTS))
    check('%s: handshake' % name, sw.handshake())
    sw.send(data)
    r = sw.expect([OFPT_ERROR])
    if r is None:
        check('%s: answered with OFPT_ERROR' % name, False, 'no reply')
        sw.close()
        return
    t, c, d = error_of(r)
    check('%s: error %d/%d' % (name, etype, ecode), (t, c) == (etype, ecode),
          'got %d/%d' % (t, c))
    check('%s: xid echoed' % name, xid_of(r) == xid_of(data))
    check('%s: first 64 bytes echoed' % name, d == data[:64],
          '%d bytes' % len(d))
    check('%s: connection stays up' % name, sw.alive())
    check('%s: other switch still served' % name, good.alive())
    sw.close()


def main():
    good = Switch(0x1)
    check('good switch: handshake', good.handshake())
    check('good switch: echo', good.alive())

    bad('unknown type', msg(0x33, 0xa1), BAD_REQUEST, BAD_TYPE, good)
    bad('wrong version mid-session', msg(OFPT_ECHO_REQUEST, 0xa2, b'x',
                                         version=2),
        BAD_REQUEST, BAD_VERSION, good)
    bad('packet-in shorter than its type', msg(OFPT_PACKET_IN, 0xa3,
                                               b'\xff' * 4),
        BAD_REQUEST, BAD_LEN, good)
    bad('barrier reply longer than its type', msg(OFPT_BARRIER_REPLY, 0xa4,
                                                  b'\x00' * 8),
        BAD_REQUEST, BAD_LEN, good)
    bad('vendor message', msg(OFPT_VENDOR, 0xa5, b'\x00\x00\x23\x20'),
        BAD_REQUEST, BAD_VENDOR, good)
    bad('flow-mod from a switch',
        msg(OFPT_FLOW_MOD, 0xa6, struct.pack('!I36x', 0x3fffff) +
            struct.pack('!QHHHHIHH', 0, 0, 0, 0, 0x8000, 0xffffffff,
                        0xffff, 0)),
        BAD_REQUEST, BAD_TYPE, good)
    # A flow-stats reply whose action list has an action of length 4: the
    # entry list does not split, so the reply is BAD_REQUEST/BAD_LEN (as
    # openflow/of_stats.c documents; action errors are for requests).
    entry = (struct.pack('!HBx', 88 + 8, 0) + struct.pack('!I36x', 0x3fffff)
             + struct.pack('!IIHHH6xQQQ', 0, 0, 0x8000, 0, 0, 0, 0, 0)
             + struct.pack('!HHI', 0, 4, 0))
    bad('bad action list in a flow-stats reply',
        msg(OFPT_STATS_REPLY, 0xa7, struct.pack('!HH', 1, 0) + entry),
        BAD_REQUEST, BAD_LEN, good)
    long_body = bytes(range(256)) * 4
    bad('long unknown message (64-byte echo)', msg(0x40, 0xa8, long_body),
        BAD_REQUEST, BAD_TYPE, good)

    # An error is never answered.
    sw = Switch(0x200)
    check('error from switch: handshake', sw.handshake())
    sw.send(msg(OFPT_ERROR, 0xb1, b'\x00\x01'))
    sw.send(msg(OFPT_ERROR, 0xb2, struct.pack('!HH', 1, 6) + b'abcd'))
    check('errors from the switch get no answer, connection up', sw.alive())
    sw.close()

    # HELLO from a 1.3-only peer: HELLO_FAILED, then closed.
    sw = Switch(0x201)
    sw.send(msg(OFPT_HELLO, 0xc1, struct.pack('!HHI', 1, 8, 1 << 4),
                version=4))
    r = sw.expect([OFPT_ERROR])
    check('1.3-only HELLO: HELLO_FAILED/INCOMPATIBLE',
          r is not None and error_of(r)[:2] == (HELLO_FAILED, 0) and
          r[0] == 4 and b'no common versions' in r[12:])
    check('1.3-only HELLO: connection closed', sw.recv_msg() is None)
    sw.close()

    # A length below 8: the stream cannot be framed; closed.
    sw = Switch(0x202)
    check('length < 8: handshake', sw.handshake())
    sw.send(msg(OFPT_ECHO_REQUEST, 0xd1, length=4) + msg(2, 0xd2))
    check('length < 8: connection closed', sw.expect([OFPT_ECHO_REPLY])
          is None)
    sw.close()
    check('length < 8: other switch still served', good.alive())

    # Garbage before HELLO.
    sw = Switch(0x203)
    sw.send(b'GET / HTTP/1.0\r\n\r\n')
    check('garbage instead of HELLO: connection closed',
          sw.expect([OFPT_FEATURES_REQUEST]) is None)
    sw.close()

    # A switch that floods echo requests and never reads: the controller's
    # memory stays bounded and the others are served.
    before = rss_kb(PID)
    sw = Switch(0x204, timeout=2.0)
    check('flooder: handshake', sw.handshake())
    sw.s.setblocking(False)
    chunk = msg(OFPT_ECHO_REQUEST, 7, b'z' * 1000) * 64
    sent = 0
    deadline = time.monotonic() + 8
    while sent < 200 * 1024 * 1024 and time.monotonic() < deadline:
        try:
            sent += sw.s.send(chunk)
        except BlockingIOError:
            time.sleep(0.01)
            if not good.alive():
                break
        except ConnectionError:
            break
    after = rss_kb(PID)
    check('flooder: controller RSS bounded (%d kB -> %d kB after %d MB)'
          % (before, after, sent >> 20), after - before < 150 * 1024)
    check('flooder: other switch still served', good.alive())
    sw.close()

    # The same datapath id again: the newer connection wins, the older is
    # closed (the two land on different workers with --threads 2).
    older = Switch(0x300)
    check('duplicate dpid: first connection up', older.handshake())
    replaced = True
    for i in range(6):
        newer = Switch(0x300)
        if not newer.handshake() or not closed_by_peer(older):
            replaced = False
        older.close()
        older = newer
    check('duplicate dpid: each newer connection replaces the older',
          replaced)
    check('duplicate dpid: the newest is served', older.alive())
    older.close()

    # Many switches at once, each served.
    many = [Switch(0x1000 + i) for i in range(50)]
    ok = all(s.handshake() for s in many)
    check('50 switches at once: all complete the handshake', ok)
    check('50 switches at once: all answered',
          all(s.alive(0x99 + i) for i, s in enumerate(many)))
    for s in many:
        s.close()
    check('good switch: still served at the end', good.alive())
    good.close()

    return summary()


if __name__ == '__main__':
    sys.exit(main())
