#!/usr/bin/python3
"""Plays a misbehaving controller (and management client) against a
running of-switch, and sends malformed frames into its ports.

usage: sw_peer.py LISTEN_PORT CTL_PORT SWITCH_PID IFACE_IN IFACE_OUT

LISTEN_PORT is of-switch's passive listener (ptcp:LISTEN_PORT:127.0.0.1);
CTL_PORT is where this script listens as the switch's controller
(--controller tcp:127.0.0.1:CTL_PORT, --probe-interval 1); IFACE_IN and
IFACE_OUT are the peers of the switch's ports 1 and 2 (this script runs
in the namespace that holds them). Each check prints "ok - ..." or
"not ok - ..."; the last line is "N passed, N failed".
"""
import os
import random
import socket
import struct
import sys
import time

from of_peer import *  # noqa: F401,F403 (constants, check, msg, Peer)

LISTEN, CTL_PORT, PID = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
IF_IN, IF_OUT = sys.argv[4], sys.argv[5]
# The switch's end of IF_IN's veth: a socket there counts what the kernel
# delivers (it refuses a few frames, e.g. VLAN tags cut short).
IF_SW = sys.argv[6]
BUFFER_UNKNOWN = 8
# BAD_ACTION codes
A_BAD_TYPE, A_BAD_LEN, A_BAD_VENDOR, A_BAD_OUT_PORT = 0, 1, 2, 4
A_BAD_ARGUMENT, A_BAD_QUEUE = 5, 8
# FLOW_MOD_FAILED codes
F_ALL_TABLES_FULL, F_OVERLAP, F_BAD_EMERG_TIMEOUT, F_BAD_COMMAND = 0, 1, 3, 4
OFPFF_SEND_FLOW_REM, OFPFF_CHECK_OVERLAP, OFPFF_EMERG = 1, 2, 4
NO_BUFFER = 0xffffffff
OFPP_NONE, OFPP_TABLE, OFPP_CONTROLLER = 0xffff, 0xfff9, 0xfffd


MATCH_ALL = struct.pack('!I36x', 0x3fffff)


def match_in_port(port):
    return struct.pack('!IH34x', 0x3fffff & ~1, port)


def output(port, max_len=0):
    return struct.pack('!HHHH', 0, 8, port, max_len)


def flow_mod(xid, actions=b'', match=MATCH_ALL, command=0, priority=0x8000,
             idle=0, hard=0, buffer_id=NO_BUFFER, out_port=OFPP_NONE,
             flags=0, cookie=0):
    return msg(OFPT_FLOW_MOD, xid, match + struct.pack(
        '!QHHHHIHH', cookie, command, idle, hard, priority, buffer_id,
        out_port, flags) + actions)


class Conn(Peer):
    """One OpenFlow connection (we are the controller side)."""

    @classmethod
    def to_listener(cls):
        return cls(socket.create_connection(('127.0.0.1', LISTEN),
                                            timeout=10))

    def hello(self):
        self.send(msg(OFPT_HELLO, 1))
        return self.expect([OFPT_HELLO]) is not None

    def features(self):
        self.send(msg(OFPT_FEATURES_REQUEST, 2))
        return self.expect([OFPT_FEATURES_REPLY])

    def pump(self):
        """Answers the echo requests that have arrived, without waiting."""
        self.s.settimeout(0)
        try:
            while True:
                m = self.recv_msg()
                if m is None:
                    break
                if m[1] == OFPT_ECHO_REQUEST:
                    self.send(msg(OFPT_ECHO_REPLY, xid_of(m), m[8:]))
        except BlockingIOError:
            pass
        finally:
            self.s.settimeout(5.0)

    def barrier(self, xid=0x7777):
        """Sends a barrier; returns the messages received before its
        reply (or None if no reply came)."""
        self.send(msg(OFPT_BARRIER_REQUEST, xid))
        got = []
        while True:
            m = self.recv_msg()
            if m is None:
                return None
            if m[1] == OFPT_BARRIER_REPLY and xid_of(m) == xid:
                return got
            got.append(m)


def closed_by_peer(c, timeout):
    c.s.settimeout(timeout)
    while True:
        try:
            d = c.s.recv(65536)
        except socket.timeout:
            return False
        except ConnectionError:
            return True
        if not d:
            return True


def bad(name, data, etype, ecode, keep=None):
    """One request on a fresh management connection: it must be answered
    with OFPT_ERROR etype/ecode, the request's xid and the whole request
    as data (as OVS sends it), and the connection must stay up."""
    c = keep or Conn.to_listener()
    if not keep and not c.hello():
        check('%s: HELLO' % name, False)
        return
    c.send(data)
    r = c.expect([OFPT_ERROR])
    if r is None:
        check('%s: answered with OFPT_ERROR' % name, False, 'no reply')
        c.close()
        return
    t, code, d = error_of(r)
    check('%s: error %d/%d, xid, the request' % (name, etype, ecode),
          (t, code) == (etype, ecode) and xid_of(r) == xid_of(data) and
          d == data, 'got %d/%d xid %x, %d bytes' % (
              t, code, xid_of(r), len(d)))
    check('%s: connection stays up' % name, c.alive())
    if not keep:
        c.close()


def protocol_checks():
    bad('unknown type', msg(0x33, 0xa1), BAD_REQUEST, BAD_TYPE)
    bad('version 2 mid-session', msg(OFPT_ECHO_REQUEST, 0xa2, b'x',
                                     version=2), BAD_REQUEST, BAD_VERSION)
    bad('features request of length 12', msg(OFPT_FEATURES_REQUEST, 0xa3,
                                             b'\x00' * 4),
        BAD_REQUEST, BAD_LEN)
    bad('vendor message', msg(OFPT_VENDOR, 0xa4, b'\x00\x00\x23\x20'),
        BAD_REQUEST, BAD_VENDOR)
    bad('unknown stats type', msg(OFPT_STATS_REQUEST, 0xa5,
                                  struct.pack('!HH', 0x42, 0)),
        BAD_REQUEST, BAD_STAT)
    bad('vendor stats', msg(OFPT_STATS_REQUEST, 0xa6,
                            struct.pack('!HHI', 0xffff, 0, 0x2320)),
        BAD_REQUEST, BAD_VENDOR)
    bad('packet-in sent to a switch', msg(OFPT_PACKET_IN, 0xa7,
                                          struct.pack('!IHHBx', NO_BUFFER,
                                                      0, 1, 0)),
        BAD_REQUEST, BAD_TYPE)
    bad('features reply sent to a switch',
        msg(OFPT_FEATURES_REPLY, 0xa8, struct.pack('!QIB3xII', 1, 0, 1, 0,
                                                   0)),
        BAD_REQUEST, BAD_TYPE)
    bad('action of length 4', flow_mod(0xb1, struct.pack('!HHI', 0, 4, 0)),
        BAD_ACTION, A_BAD_LEN)
    bad('action running past the message',
        flow_mod(0xb2, struct.pack('!HHHH', 0, 16, 1, 0)),
        BAD_ACTION, A_BAD_LEN)
    bad('unknown action type', flow_mod(0xb3, struct.pack('!HH4x', 0x33,
                                                          8)),
        BAD_ACTION, A_BAD_TYPE)
    bad('vendor action', flow_mod(0xb4, struct.pack('!HHI4x', 0xffff, 16,
                                                    0x2320) + b'\x00' * 4),
        BAD_ACTION, A_BAD_VENDOR)
    bad('output to TABLE in a flow', flow_mod(0xb5, output(OFPP_TABLE)),
        BAD_ACTION, A_BAD_OUT_PORT)
    bad('output to port 0xff00', flow_mod(0xb6, output(0xff00)),
        BAD_ACTION, A_BAD_OUT_PORT)
    bad('vlan id 0x1000', flow_mod(0xb7, struct.pack('!HHH2x', 1, 8,
                                                     0x1000)),
        BAD_ACTION, A_BAD_ARGUMENT)
    bad('enqueue to OFPQ_ALL', flow_mod(0xb8, struct.pack(
        '!HHH6xI', 11, 16, 1, 0xffffffff)), BAD_ACTION, A_BAD_QUEUE)
    bad('flow-mod command 9', flow_mod(0xc1, command=9),
        FLOW_MOD_FAILED, F_BAD_COMMAND)
    bad('emergency flow with a timeout',
        flow_mod(0xc2, output(2), flags=OFPFF_EMERG, idle=5),
        FLOW_MOD_FAILED, F_BAD_EMERG_TIMEOUT)
    c = Conn.to_listener()
    check('overlap: HELLO', c.hello())
    c.send(flow_mod(0xc3, output(2), match=match_in_port(7), priority=9))
    bad('check_overlap conflict', flow_mod(0xc4, output(2), priority=9,
                                           flags=OFPFF_CHECK_OVERLAP),
        FLOW_MOD_FAILED, F_OVERLAP, keep=c)
    c.send(flow_mod(0xc5, command=3))  # DELETE all
    check('overlap: cleaned up', c.barrier() == [])
    # --max-flows 8: the ninth distinct flow does not fit.
    for i in range(8):
        c.send(flow_mod(0xd0 + i, output(2), match=match_in_port(10 + i)))
    check('8 flows fill the table (--max-flows 8) without errors',
          c.barrier() == [])
    bad('table full', flow_mod(0xd9, output(2), match=match_in_port(30)),
        FLOW_MOD_FAILED, F_ALL_TABLES_FULL, keep=c)
    c.send(flow_mod(0xda, command=3))
    check('table emptied', c.barrier() == [])
    c.close()
    bad('port-mod of an unknown port',
        msg(OFPT_PORT_MOD, 0xe1, struct.pack('!H6sIII4x', 77, b'\x00' * 6,
                                             1, 1, 0)),
        PORT_MOD_FAILED, 0)
    c = Conn.to_listener()
    check('port-mod: HELLO', c.hello())
    fr = c.features()
    mac = fr[8 + 24 + 2:8 + 24 + 8] if fr else b'\x00' * 6
    wrong = bytes([mac[0] ^ 0xff]) + mac[1:]
    bad('port-mod with a wrong hardware address',
        msg(OFPT_PORT_MOD, 0xe2, struct.pack('!H6sIII4x', 1, wrong, 1, 1,
                                             0)),
        PORT_MOD_FAILED, 1, keep=c)
    c.close()
    bad('packet-out with an unknown buffer id',
        msg(OFPT_PACKET_OUT, 0xe3, struct.pack('!IHH', 0x1234, 1, 8) +
            output(2)), BAD_REQUEST, BUFFER_UNKNOWN)
    bad('queue config of port 0xff01',
        msg(OFPT_QUEUE_GET_CONFIG_REQUEST, 0xe4, struct.pack('!H2x',
                                                             0xff01)),
        QUEUE_OP_FAILED, 0)
    long_body = bytes(range(256)) * 4
    bad('long unknown message (all 1032 bytes echoed)', msg(0x40, 0xe5,
                                                       long_body),
        BAD_REQUEST, BAD_TYPE)

    # An error is never answered; a message split in pieces is whole.
    c = Conn.to_listener()
    check('error to the switch: HELLO', c.hello())
    c.send(msg(OFPT_ERROR, 0xf1, b'\x00\x01'))
    c.send(msg(OFPT_ERROR, 0xf2, struct.pack('!HH', 1, 6) + b'abcd'))
    check('errors from the controller get no answer', c.barrier() == [])
    echo = msg(OFPT_ECHO_REQUEST, 0xf3, b'split' * 100)
    for i in range(0, len(echo), 7):
        c.send(echo[i:i + 7])
        time.sleep(0.001)
    r = c.expect([OFPT_ECHO_REPLY])
    check('an echo request sent in 7-byte pieces is answered whole',
          r is not None and r[8:] == b'split' * 100 and xid_of(r) == 0xf3)
    c.close()

    # HELLO from a 1.3-only peer: HELLO_FAILED/INCOMPATIBLE, closed.
    c = Conn.to_listener()
    c.send(msg(OFPT_HELLO, 0xf4, struct.pack('!HHI', 1, 8, 1 << 4),
               version=4))
    r = c.expect([OFPT_ERROR])
    check('1.3-only HELLO: HELLO_FAILED/INCOMPATIBLE',
          r is not None and error_of(r)[:2] == (HELLO_FAILED, 0))
    check('1.3-only HELLO: connection closed', closed_by_peer(c, 5))
    c.close()

    # A length below 8: the stream cannot be framed; closed.
    c = Conn.to_listener()
    check('length < 8: HELLO', c.hello())
    c.send(msg(OFPT_ECHO_REQUEST, 0xf5, length=4) + msg(2, 0xf6))
    check('length < 8: connection closed', closed_by_peer(c, 5))
    c.close()

    # Garbage instead of HELLO.
    c = Conn.to_listener()
    c.send(b'GET / HTTP/1.0\r\n\r\n' * 10)
    check('garbage instead of HELLO: connection closed',
          closed_by_peer(c, 5))
    c.close()

    # A client that floods echo requests and never reads: memory bounded.
    before = rss_kb(PID)
    c = Conn.to_listener()
    check('flooder: HELLO', c.hello())
    c.s.setblocking(False)
    chunk = msg(OFPT_ECHO_REQUEST, 7, b'z' * 1000) * 64
    sent = 0
    deadline = time.monotonic() + 6
    while sent < 200 * 1024 * 1024 and time.monotonic() < deadline:
        try:
            sent += c.s.send(chunk)
        except BlockingIOError:
            time.sleep(0.01)
        except ConnectionError:
            break
    after = rss_kb(PID)
    check('flooder: switch RSS bounded (%d kB -> %d kB after %d MB)'
          % (before, after, sent >> 20), after - before < 150 * 1024)
    c.close()
    c = Conn.to_listener()
    check('after the flooder, a new client is served', c.hello() and
          c.alive())
    c.close()


def accept_controller(srv, timeout):
    """Accepts the switch's next connection and exchanges HELLO (a
    connection the switch gave up on while it waited in the backlog is
    skipped). Returns the Conn or None after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        srv.settimeout(max(0.1, end - time.monotonic()))
        try:
            s, _ = srv.accept()
        except socket.timeout:
            return None
        c = Conn(s)
        if c.hello():
            return c
        c.close()
    return None


def controller_checks(srv):
    c = accept_controller(srv, 20)
    check('of-switch connects to its controller', c is not None)
    if c is None:
        return
    fr = c.features()
    check('features reply: datapath id 0x42, 2 ports',
          fr is not None and struct.unpack('!Q', fr[8:16])[0] == 0x42 and
          (len(fr) - 32) // 48 == 2)
    # A silent controller (echo requests unanswered) is dropped.
    t0 = time.monotonic()
    got_echo = False
    while time.monotonic() - t0 < 10:
        m = c.recv_msg()
        if m is None:
            break
        got_echo = got_echo or m[1] == OFPT_ECHO_REQUEST
    check('silent controller: echo request sent, then the switch hangs '
          'up', got_echo and m is None and time.monotonic() - t0 < 10)
    c.close()
    c = accept_controller(srv, 20)
    check('switch reconnects after the inactivity hang-up', c is not None)
    if c is None:
        return
    # A stream that cannot be framed: closed, then reconnection.
    c.send(msg(OFPT_ECHO_REQUEST, 0x11, length=3))
    check('length < 8 from the controller: connection closed',
          closed_by_peer(c, 5))
    c.close()
    c = accept_controller(srv, 20)
    check('switch reconnects after that', c is not None and c.alive())
    return c


def frames_checks(c):
    """Malformed frames into port 1 with a flow forwarding port 1 to port
    2 (rewriting IP and TCP fields, so the action code walks them): the
    switch forwards what it is given, counts it, and survives."""
    acts = (struct.pack('!HHI', 6, 8, 0x0a0a0a0a) +     # SET_NW_SRC
            struct.pack('!HHH2x', 9, 8, 4242) +           # SET_TP_SRC
            struct.pack('!HHH2x', 1, 8, 5) +              # SET_VLAN_VID
            struct.pack('!HH4x', 3, 8) +                  # STRIP_VLAN
            output(2))
    c.send(flow_mod(0x21, acts, match=match_in_port(1), priority=10))
    check('forwarding flow installed', c.barrier() == [])
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(0x0003))
    rx.bind((IF_OUT, 0))
    rx.settimeout(0.2)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((IF_IN, 0))
    ref = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                        socket.htons(0x0003))
    ref.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    ref.bind((IF_SW, 0))
    ref.settimeout(0)
    rnd = random.Random(1234)
    eth = b'\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x01'
    frames = []
    for ethertype in (0x0800, 0x8100, 0x0806, 0x86dd, 0x88cc):
        for n in (0, 1, 4, 8, 13, 19, 20, 23, 33, 40, 60):
            frames.append(eth + struct.pack('!H', ethertype) +
                          bytes(rnd.getrandbits(8) for _ in range(n)))
    # IPv4 with every IHL and lengths that lie.
    for ihl in range(16):
        for tot in (0, 10, 20, 60, 1500):
            hdr = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, tot, 1, 0, 64,
                              6, 0, b'\x0a\x00\x00\x01',
                              b'\x0a\x00\x00\x02')
            frames.append(eth + b'\x08\x00' + hdr + b'\x00' * 8)
    for _ in range(300):
        frames.append(bytes(rnd.getrandbits(8) for _ in range(
            rnd.randint(14, 300))))
    sent = 0
    for f in frames:
        try:
            tx.send(f)
            sent += 1
        except OSError:
            pass
    got = 0
    t_end = time.monotonic() + 3
    while time.monotonic() < t_end:
        try:
            rx.recv(65536)
            got += 1
        except socket.timeout:
            c.pump()
            if got >= sent:
                break
    delivered = 0
    while True:
        try:
            _, addr = ref.recvfrom(65536)
        except (BlockingIOError, socket.timeout):
            break
        if addr[2] != socket.PACKET_OUTGOING:
            delivered += 1
    check('%d malformed frames into port 1: switch still answers' % sent,
          c.alive())
    # The random ones may be multicast, VLAN-tagged or short; most of the
    # structured ones come through. What matters: nothing is lost silently
    # (port 1 counted every frame as received, dropped -- the ring was
    # full -- or in error) and nothing crashed.
    c.send(msg(OFPT_STATS_REQUEST, 0x22, struct.pack('!HH', 4, 0) +
               struct.pack('!H6x', 1)))
    r = c.expect([OFPT_STATS_REPLY])
    if r and len(r) >= 12 + 104:
        rx, rx_drop, rx_err = (struct.unpack('!Q', r[12 + o:12 + o + 8])[0]
                               for o in (8, 40, 56))
    else:
        rx = rx_drop = rx_err = -1
    check('port 1 counted every frame the kernel delivered (%d of %d, %d '
          'sent: rx %d, dropped %d, errors %d), %d forwarded'
          % (rx + rx_drop + rx_err, delivered, sent, rx, rx_drop, rx_err,
             got), rx + rx_drop + rx_err >= delivered > sent * 9 // 10)
    check('frames were forwarded to port 2', got > sent // 2)


def main():
    protocol_checks()
    # Listen only now: until then the switch's attempts are refused and it
    # backs off (--max-backoff 2), so no connection ages in the backlog.
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', CTL_PORT))
    srv.listen(4)
    c = controller_checks(srv)
    if c is not None:
        frames_checks(c)
        c.close()
    return summary()


if __name__ == '__main__':
    sys.exit(main())
