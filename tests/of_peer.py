"""What tests/ctl_peer.py and tests/sw_peer.py share: check reporting,
OpenFlow 1.0 message framing and one connection's receive loop."""
import socket
import struct
import sys

RESULTS = []

OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 1, 2, 3
OFPT_VENDOR, OFPT_FEATURES_REQUEST, OFPT_FEATURES_REPLY = 4, 5, 6
OFPT_SET_CONFIG, OFPT_PACKET_IN, OFPT_PACKET_OUT = 9, 10, 13
OFPT_FLOW_MOD, OFPT_PORT_MOD, OFPT_STATS_REQUEST = 14, 15, 16
OFPT_STATS_REPLY, OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY = 17, 18, 19
OFPT_QUEUE_GET_CONFIG_REQUEST = 20
HELLO_FAILED, BAD_REQUEST, BAD_ACTION, FLOW_MOD_FAILED = 0, 1, 2, 3
PORT_MOD_FAILED, QUEUE_OP_FAILED = 4, 5
BAD_VERSION, BAD_TYPE, BAD_STAT, BAD_VENDOR, BAD_LEN = 0, 1, 2, 3, 6


def check(name, cond, detail=''):
    RESULTS.append(bool(cond))
    print('%s - %s%s' % ('ok' if cond else 'not ok', name,
                         '' if cond or not detail else ' (%s)' % detail))
    sys.stdout.flush()


def summary():
    """Prints "N passed, N failed"; returns the exit status."""
    npass = sum(RESULTS)
    print('%d passed, %d failed' % (npass, len(RESULTS) - npass))
    return 0 if npass == len(RESULTS) else 1


def msg(t, xid, body=b'', version=1, length=None):
    n = 8 + len(body) if length is None else length
    return struct.pack('!BBHI', version, t, n, xid) + body


def xid_of(m):
    return struct.unpack('!I', m[4:8])[0]


def error_of(m):
    t, c = struct.unpack('!HH', m[8:12])
    return t, c, m[12:]


def rss_kb(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return -1


class Peer:
    """One OpenFlow connection over a connected socket."""

    def __init__(self, sock, timeout=5.0):
        self.s = sock
        self.s.settimeout(timeout)
        self.buf = b''

    def send(self, data):
        self.s.sendall(data)

    def recv_msg(self):
        """The next whole message, or None on EOF/timeout."""
        while True:
            if len(self.buf) >= 8:
                n = struct.unpack('!H', self.buf[2:4])[0]
                if n >= 8 and len(self.buf) >= n:
                    m, self.buf = self.buf[:n], self.buf[n:]
                    return m
            try:
                d = self.s.recv(65536)
            except (socket.timeout, ConnectionError):
                return None
            if not d:
                return None
            self.buf += d

    def expect(self, types):
        """Skips messages until one of `types` (echo requests answered)."""
        while True:
            m = self.recv_msg()
            if m is None:
                return None
            if m[1] == OFPT_ECHO_REQUEST and OFPT_ECHO_REQUEST not in types:
                self.send(msg(OFPT_ECHO_REPLY, xid_of(m), m[8:]))
                continue
            if m[1] in types:
                return m

    def alive(self, xid=0x5151):
        self.send(msg(OFPT_ECHO_REQUEST, xid, b'ping'))
        r = self.expect([OFPT_ECHO_REPLY])
        return r is not None and xid_of(r) == xid and r[8:] == b'ping'

    def close(self):
        self.s.close()
