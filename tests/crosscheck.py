#!/usr/bin/python3
"""Cross-checks our OpenFlow 1.0 codec against independent codecs.

Run by tests/test-crosscheck.sh with Debian's /usr/bin/python3:
    crosscheck.py MSG_CORPUS WORKDIR

1. Our encoder -> theirs. `msg_corpus gen` encodes a corpus of every message,
   stats, action and error type with our library (HEX lines with our
   decoder's field summary, plus a pcap).
   - python3-openflow (pyof.v0x01) unpacks each message; the fields it
     decodes must equal ours.
   - tshark's OpenFlow dissector reads the pcap: zero malformed messages and
     the expected count per message type.
   - scapy.contrib.openflow dissects each message: same class (type) and xid.
2. Theirs -> our decoder. pyof and scapy pack messages of every type they
   support; `msg_corpus decode` must decode each with verdict OK and the same
   field values.

Prints one line per check and "N passed, N failed" last; exits 1 on failure.
"""

import collections
import ipaddress
import os
import subprocess
import sys

from pyof.foundation.basic_types import UBInt16
from pyof.v0x01.common.utils import unpack_message

# pyof 2.5 declares these fields with enum_ref=Port, so it refuses any
# physical port number (1..0xff00) although the spec allows them; drop the
# enum so pyof can represent real values. (Workaround, not a decoding change:
# the wire format of a UBInt16 is the same.)
from pyof.v0x01.controller2switch.flow_mod import FlowMod
from pyof.v0x01.controller2switch.queue_get_config_reply import \
    QueueGetConfigReply
from pyof.v0x01.controller2switch.queue_get_config_request import \
    QueueGetConfigRequest

for _cls, _attr in ((FlowMod, 'out_port'), (QueueGetConfigRequest, 'port'),
                    (QueueGetConfigReply, 'port')):
    setattr(_cls, _attr, UBInt16())

RESULTS = []


def check(name, ok, detail=''):
    """Records one check and prints it."""
    RESULTS.append(bool(ok))
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok or not detail
                                                 else ': ' + detail))


# ---- pyof values -> our summary format ----

def val(x):
    """Plain Python value of a pyof field (UBInt*, enum, bitmask...)."""
    if hasattr(x, 'value') and not isinstance(x, (bytes, int, str)):
        x = x.value
    if hasattr(x, 'value') and not isinstance(x, (bytes, int, str)):
        x = x.value
    return x


def num(x):
    return int(val(x))


def mac(x):
    return str(val(x)).replace(':', '').lower()


def ip(x):
    return int(ipaddress.IPv4Address(str(val(x)).split('/')[0]))


def hexs(b):
    return b.hex() if b else '-'


def chars(x):
    """A pyof Char (NUL-stripped str) as hex of its bytes."""
    v = val(x) or ''
    return hexs(v.encode('ascii'))


def binary(x):
    v = val(x)
    if v is None:
        return '-'
    if hasattr(v, 'pack'):
        v = v.pack()
    return hexs(bytes(v))


def match_dict(d, pfx, m):
    d[pfx + 'm.wildcards'] = num(m.wildcards)
    d[pfx + 'm.in_port'] = num(m.in_port)
    d[pfx + 'm.dl_src'] = mac(m.dl_src)
    d[pfx + 'm.dl_dst'] = mac(m.dl_dst)
    for f in ('dl_vlan', 'dl_vlan_pcp', 'dl_type', 'nw_tos', 'nw_proto',
              'tp_src', 'tp_dst'):
        d[pfx + 'm.' + f] = num(getattr(m, f))
    d[pfx + 'm.nw_src'] = ip(m.nw_src)
    d[pfx + 'm.nw_dst'] = ip(m.nw_dst)


def actions_dict(d, pfx, actions):
    n = 0
    for i, a in enumerate(actions):
        p = '%sa%d.' % (pfx, i)
        t = num(a.action_type)
        d[p + 'type'] = t
        cls = type(a).__name__
        if cls == 'ActionOutput':
            d[p + 'port'] = num(a.port)
            d[p + 'max_len'] = num(a.max_length)
        elif cls == 'ActionEnqueue':
            d[p + 'port'] = num(a.port)
            d[p + 'queue_id'] = num(a.queue_id)
        elif cls == 'ActionVlanVid':
            d[p + 'vlan_vid'] = num(a.vlan_id)
        elif cls == 'ActionVlanPCP':
            d[p + 'vlan_pcp'] = num(a.vlan_pcp)
        elif cls == 'ActionDLAddr':
            d[p + 'dl_addr'] = mac(a.dl_addr)
        elif cls == 'ActionNWAddr':
            d[p + 'nw_addr'] = num(a.nw_addr)
        elif cls == 'ActionNWTos':
            d[p + 'nw_tos'] = num(a.nw_tos)
        elif cls == 'ActionTPPort':
            d[p + 'tp_port'] = num(a.tp_port)
        elif cls == 'ActionVendorHeader':
            # pyof's vendor action is the 8-byte header only: no body.
            d[p + 'vendor'] = num(a.vendor)
            d[p + 'body'] = '-'
        n = i + 1
    d[pfx + 'n_actions'] = n


def port_dict(d, pfx, p):
    d[pfx + 'port_no'] = num(p.port_no)
    d[pfx + 'hw_addr'] = mac(p.hw_addr)
    d[pfx + 'name'] = chars(p.name)
    for f in ('config', 'state', 'curr', 'advertised', 'supported', 'peer'):
        d[pfx + f] = num(getattr(p, f))


def queue_reply_dict(d, body):
    """pyof's ListOfProperties treats every property as an 8-byte header and
    runs to the end of the message, so QueueGetConfigReply cannot unpack
    MIN_RATE properties. Unpack each queue with pyof's own PacketQueue and
    QueuePropMinRate structs on the slice its length field gives."""
    from pyof.foundation.basic_types import UBInt32
    from pyof.v0x01.common.queue import QueuePropHeader, QueuePropMinRate
    d['port'] = int.from_bytes(body[0:2], 'big')
    off, n = 8, 0
    while off < len(body):
        # PacketQueue's fixed part: queue_id, length (its properties list
        # is the broken part).
        qid, qlen = UBInt32(), UBInt16()
        qid.unpack(body, off)
        qlen.unpack(body, off + 4)
        qlen = num(qlen)
        d['q%d.queue_id' % n] = num(qid)
        poff, j = off + 8, 0
        while poff < off + qlen:
            h = QueuePropHeader()
            h.unpack(body, poff)
            d['q%d.p%d.property' % (n, j)] = num(h.queue_property)
            if num(h.queue_property) == 1:
                r = QueuePropMinRate()
                r.unpack(body, poff)
                d['q%d.p%d.rate' % (n, j)] = num(r.rate)
            poff += num(h.length)
            j += 1
        d['q%d.n_props' % n] = j
        off += qlen
        n += 1
    d['n_queues'] = n


def pyof_dict(raw):
    """Unpacks `raw` with pyof; returns the summary in our key format."""
    t = raw[1]
    if t == 21:
        m = None
    else:
        m = unpack_message(raw)
    d = {'version': raw[0], 'type': t,
         'xid': int.from_bytes(raw[4:8], 'big')}
    if m is not None:
        d['version'] = num(m.header.version)
        d['type'] = num(m.header.message_type)
        d['xid'] = num(m.header.xid)
        if num(m.header.length) != len(raw):
            d['pyof_length_mismatch'] = num(m.header.length)
    if t == 0:
        d['body'] = binary(m.elements)
    elif t == 1:
        d['etype'] = num(m.error_type)
        d['code'] = num(m.code)
        d['data'] = binary(m.data)
    elif t in (2, 3):
        d['data'] = binary(m.data)
    elif t == 4:
        d['vendor'] = num(m.vendor)
        d['data'] = binary(m.data)
    elif t == 6:
        d['datapath_id'] = int(str(val(m.datapath_id)).replace(':', ''), 16)
        for f in ('n_buffers', 'n_tables', 'capabilities', 'actions'):
            d[f] = num(getattr(m, f))
        for i, p in enumerate(m.ports):
            port_dict(d, 'p%d.' % i, p)
        d['n_ports'] = len(m.ports)
    elif t in (8, 9):
        d['flags'] = num(m.flags)
        d['miss_send_len'] = num(m.miss_send_len)
    elif t == 10:
        for f in ('buffer_id', 'total_len', 'in_port', 'reason'):
            d[f] = num(getattr(m, f))
        d['data'] = binary(m.data)
    elif t == 11:
        match_dict(d, '', m.match)
        for f in ('cookie', 'priority', 'reason', 'duration_sec',
                  'duration_nsec', 'idle_timeout', 'packet_count',
                  'byte_count'):
            d[f] = num(getattr(m, f))
    elif t == 12:
        d['reason'] = num(m.reason)
        port_dict(d, 'd.', m.desc)
    elif t == 13:
        d['buffer_id'] = num(m.buffer_id)
        d['in_port'] = num(m.in_port)
        actions_dict(d, '', m.actions)
        d['data'] = binary(m.data)
    elif t == 14:
        match_dict(d, '', m.match)
        for f in ('cookie', 'command', 'idle_timeout', 'hard_timeout',
                  'priority', 'buffer_id', 'out_port', 'flags'):
            d[f] = num(getattr(m, f))
        actions_dict(d, '', m.actions)
    elif t == 15:
        d['port_no'] = num(m.port_no)
        d['hw_addr'] = mac(m.hw_addr)
        for f in ('config', 'mask', 'advertise'):
            d[f] = num(getattr(m, f))
    elif t == 16:
        st = num(m.body_type)
        d['stype'] = st
        d['sflags'] = num(m.flags)
        body = list(m.body)
        if st in (1, 2):
            b = body[0]
            match_dict(d, '', b.match)
            d['table_id'] = num(b.table_id)
            d['out_port'] = num(b.out_port)
        elif st == 4:
            d['port_no'] = num(body[0].port_no)
        elif st == 5:
            d['port_no'] = num(body[0].port_no)
            d['queue_id'] = num(body[0].queue_id)
        elif st == 0xffff:
            d['vendor'] = num(body[0].vendor)
            d['body'] = binary(body[0].body)
    elif t == 17:
        st = num(m.body_type)
        d['stype'] = st
        d['sflags'] = num(m.flags)
        if st == 0:
            for f in ('mfr_desc', 'hw_desc', 'sw_desc', 'serial_num',
                      'dp_desc'):
                d[f] = chars(getattr(m.body, f))
        elif st == 2:
            b = list(m.body)[0]
            for f in ('packet_count', 'byte_count', 'flow_count'):
                d[f] = num(getattr(b, f))
        elif st == 0xffff:
            b = list(m.body)[0]
            d['vendor'] = num(b.vendor)
            d['body'] = binary(b.body)
        else:
            entries = list(m.body)
            for i, e in enumerate(entries):
                p = 'e%d.' % i
                if st == 1:
                    d[p + 'table_id'] = num(e.table_id)
                    match_dict(d, p, e.match)
                    for f in ('duration_sec', 'duration_nsec', 'priority',
                              'idle_timeout', 'hard_timeout', 'cookie',
                              'packet_count', 'byte_count'):
                        d[p + f] = num(getattr(e, f))
                    actions_dict(d, p, e.actions)
                elif st == 3:
                    d[p + 'table_id'] = num(e.table_id)
                    d[p + 'name'] = chars(e.name)
                    for f in ('wildcards', 'max_entries', 'active_count'):
                        d[p + f] = num(getattr(e, f))
                    d[p + 'lookup_count'] = num(e.count_lookup)
                    d[p + 'matched_count'] = num(e.count_matched)
                elif st == 4:
                    for f in ('port_no', 'rx_packets', 'tx_packets',
                              'rx_bytes', 'tx_bytes', 'rx_dropped',
                              'tx_dropped', 'rx_errors', 'tx_errors',
                              'rx_frame_err', 'rx_over_err', 'rx_crc_err',
                              'collisions'):
                        d[p + f] = num(getattr(e, f))
                elif st == 5:
                    for f in ('port_no', 'queue_id', 'tx_bytes',
                              'tx_packets', 'tx_errors'):
                        d[p + f] = num(getattr(e, f))
            d['n_entries'] = len(entries)
    elif t == 20:
        d['port'] = num(m.port)
    elif t == 21:
        queue_reply_dict(d, raw[8:])
    return d


def parse_summary(tokens):
    d = {}
    for tok in tokens:
        k, _, v = tok.partition('=')
        if v.startswith('h'):
            d[k] = v[1:] or '-'
        else:
            d[k] = int(v)
    return d


def compare(name, ours, theirs, exclude=()):
    ours = {k: v for k, v in ours.items() if k not in exclude}
    diffs = []
    for k in sorted(set(ours) | set(theirs)):
        if ours.get(k) != theirs.get(k):
            diffs.append('%s: ours=%r theirs=%r' % (k, ours.get(k),
                                                    theirs.get(k)))
    return diffs


# Messages of the corpus pyof cannot represent, with the reason.
PYOF_SKIP = {
    'flow_mod_vendor_action_body':
        'pyof ActionVendorHeader is 8 bytes (no body): a 16-byte vendor '
        'action is mis-split into two actions',
}


def our_encoder_vs_pyof(corpus):
    for name, pcap, raw, verdict, ours in corpus:
        if name in PYOF_SKIP:
            print('SKIP pyof %s (%s)' % (name, PYOF_SKIP[name]))
            continue
        try:
            theirs = pyof_dict(raw)
        except Exception as e:  # pylint: disable=broad-except
            check('pyof unpacks our ' + name, False, repr(e)[:300])
            continue
        diffs = compare(name, ours, theirs)
        check('pyof decodes our %s (%d fields)' % (name, len(theirs)),
              not diffs, '; '.join(diffs[:6]))


def tshark(args):
    return subprocess.run(['tshark'] + args, capture_output=True, text=True,
                          check=False).stdout


def our_encoder_vs_tshark(corpus, pcap_path):
    mal = tshark(['-r', pcap_path, '-Y', 'openflow_v1 && _ws.malformed'])
    check('tshark: no malformed OpenFlow message in our pcap',
          mal.strip() == '', mal.strip()[:300])
    want = collections.Counter(str(raw[1]) for name, pcap, raw, v, o
                               in corpus if pcap)
    out = tshark(['-r', pcap_path, '-T', 'fields', '-e', 'openflow_1_0.type',
                  '-E', 'occurrence=a'])
    got = collections.Counter()
    for line in out.splitlines():
        for t in line.split(','):
            if t.strip():
                got[t.strip()] += 1
    check('tshark: per-type counts of our pcap (%d messages, %d types)' %
          (sum(want.values()), len(want)), got == want,
          'got %s want %s' % (dict(got), dict(want)))
    missing = set(str(t) for t in range(22)) - set(want)
    check('corpus covers all 22 message types in the pcap', not missing,
          'missing %s' % sorted(missing))
    # Each pcap message's length as tshark sees it equals ours.
    out = tshark(['-r', pcap_path, '-Y', 'openflow_v1', '-T', 'fields', '-e',
                  'openflow.length', '-E', 'occurrence=f'])
    lens = [int(x) for x in out.split()]
    want_lens = [len(raw) for name, pcap, raw, v, o in corpus if pcap]
    check('tshark: message lengths match ours', lens == want_lens,
          'got %s want %s' % (lens[:8], want_lens[:8]))


TSHARK_FIELDS = ('openflow_1_0.type', 'openflow.xid', 'openflow.cookie',
                 'openflow.priority', 'openflow.out_port',
                 'openflow.buffer_id', 'openflow.action_typ',
                 'openflow.stats.type', 'openflow.in_port')


def tshark_expect(raw, o):
    """The first-occurrence tshark field values our message should show."""
    t = raw[1]
    e = {'openflow_1_0.type': str(t), 'openflow.xid': str(o['xid'])}
    if t in (10, 13, 14):
        e['openflow.buffer_id'] = '0x%08x' % o['buffer_id']
        e['openflow.in_port'] = str(o['m.in_port' if t == 14 else 'in_port'])
    if t in (13, 14) and o['n_actions']:
        # Wireshark 4.0 dissects only the first action of a list
        # ("Action not dissected yet" for the rest): compare that one.
        e['openflow.action_typ'] = str(o['a0.type'])
    if t == 14:
        e['openflow.cookie'] = '0x%016x' % o['cookie']
        e['openflow.priority'] = str(o['priority'])
        e['openflow.out_port'] = str(o['out_port'])
    if t in (16, 17):
        e['openflow.stats.type'] = str(o['stype'])
    if t == 16 and o['stype'] == 1:  # 4.0 leaves AGGREGATE's undissected
        e['openflow.out_port'] = str(o['out_port'])
        e['openflow.in_port'] = str(o['m.in_port'])
    return e


def our_encoder_vs_tshark_fields(corpus, pcap_path):
    args = ['-r', pcap_path, '-Y', 'openflow_v1', '-T', 'fields',
            '-E', 'occurrence=f', '-E', 'separator=/t']
    for f in TSHARK_FIELDS:
        args += ['-e', f]
    rows = [line.split('\t') for line in tshark(args).splitlines()]
    msgs = [(n, raw, o) for n, pcap, raw, v, o in corpus if pcap]
    check('tshark: one dissected frame per pcap message',
          len(rows) == len(msgs), '%d frames, %d messages' %
          (len(rows), len(msgs)))
    for (name, raw, o), row in zip(msgs, rows):
        got = dict(zip(TSHARK_FIELDS, row))
        want = tshark_expect(raw, o)
        diffs = ['%s: tshark=%r ours=%r' % (k, got.get(k), v)
                 for k, v in want.items() if got.get(k) != v]
        check('tshark fields of our %s (%d fields)' % (name, len(want)),
              not diffs, '; '.join(diffs[:5]))


def our_encoder_vs_scapy(corpus):
    try:
        import logging
        # Quiet "Unknown OpenFlow packet": scapy tries to dissect the
        # HELLO_FAILED error's text as a nested message.
        logging.getLogger('scapy').setLevel(logging.ERROR)
        from scapy.contrib import openflow as sof  # noqa
    except Exception as e:  # pylint: disable=broad-except
        print('SKIP scapy: %r' % e)
        return
    bad = []
    for name, pcap, raw, verdict, ours in corpus:
        try:
            p = sof.OpenFlow(raw)
        except Exception as e:  # pylint: disable=broad-except
            bad.append('%s: %r' % (name, e))
            continue
        if p.xid != ours['xid'] or p.type != raw[1] or p.len != len(raw):
            bad.append('%s: xid/type/len %s/%s/%s' % (name, p.xid, p.type,
                                                      p.len))
        if raw[1] == 14:
            # scapy 2.5's action classes lack extract_padding, so a list
            # whose first action is not OUTPUT is dissected as that action
            # plus a Raw payload: compare only the first action and the
            # fixed fields.
            acts = list(p.actions)
            if ours['n_actions'] and (not acts or
                                      acts[0].type != ours['a0.type']):
                bad.append('%s: first action differs' % name)
            if p.cookie != ours['cookie'] or p.priority != ours['priority'] \
                    or p.out_port != ours['out_port'] \
                    or p.buffer_id != ours['buffer_id']:
                bad.append('%s: fixed flow-mod fields differ' % name)
    check('scapy dissects our corpus (type, xid, length, flow-mod fields)',
          not bad, '; '.join(bad[:5]))


# ---- theirs -> our decoder ----

def pyof_messages():
    """(name, packed bytes, pyof object or None) for every type pyof packs."""
    from pyof.v0x01.asynchronous.error_msg import (BadActionCode,
                                                   BadRequestCode, ErrorMsg,
                                                   ErrorType,
                                                   FlowModFailedCode,
                                                   HelloFailedCode,
                                                   PortModFailedCode,
                                                   QueueOpFailedCode)
    from pyof.v0x01.asynchronous.flow_removed import FlowRemoved
    from pyof.v0x01.asynchronous.packet_in import PacketIn
    from pyof.v0x01.asynchronous.port_status import PortStatus
    from pyof.v0x01.common.action import (ActionDLAddr, ActionEnqueue,
                                          ActionNWAddr, ActionNWTos,
                                          ActionOutput, ActionStripVlan,
                                          ActionTPPort, ActionType,
                                          ActionVendorHeader, ActionVlanPCP,
                                          ActionVlanVid)
    from pyof.v0x01.common.flow_match import Match
    from pyof.v0x01.common.phy_port import PhyPort
    from pyof.v0x01.controller2switch.barrier_reply import BarrierReply
    from pyof.v0x01.controller2switch.barrier_request import BarrierRequest
    from pyof.v0x01.controller2switch.common import (AggregateStatsReply,
                                                     AggregateStatsRequest,
                                                     DescStats, FlowStats,
                                                     FlowStatsRequest,
                                                     PortStats,
                                                     PortStatsRequest,
                                                     QueueStats,
                                                     QueueStatsRequest,
                                                     StatsType, TableStats,
                                                     VendorStats)
    from pyof.v0x01.controller2switch.features_reply import FeaturesReply
    from pyof.v0x01.controller2switch.features_request import \
        FeaturesRequest
    from pyof.v0x01.controller2switch.get_config_reply import GetConfigReply
    from pyof.v0x01.controller2switch.get_config_request import \
        GetConfigRequest
    from pyof.v0x01.controller2switch.packet_out import PacketOut
    from pyof.v0x01.controller2switch.port_mod import PortMod
    from pyof.v0x01.controller2switch.set_config import SetConfig
    from pyof.v0x01.controller2switch.stats_reply import StatsReply
    from pyof.v0x01.controller2switch.stats_request import StatsRequest
    from pyof.v0x01.symmetric.echo_reply import EchoReply
    from pyof.v0x01.symmetric.echo_request import EchoRequest
    from pyof.v0x01.symmetric.hello import Hello
    from pyof.v0x01.symmetric.vendor_header import VendorHeader

    def match(k):
        return Match(in_port=3 + k, dl_src='00:11:22:33:44:%02x' % (0x55 + k),
                     dl_dst='66:77:88:99:aa:bb', dl_vlan=0x123, dl_vlan_pcp=5,
                     dl_type=0x0800, nw_tos=0x28, nw_proto=17,
                     nw_src='10.1.2.0/24', nw_dst='192.168.0.0/16',
                     tp_src=1234, tp_dst=53 + k)

    def actions():
        return [ActionVlanVid(vlan_id=0x2bc), ActionVlanPCP(vlan_pcp=6),
                ActionStripVlan(),
                ActionDLAddr(ActionType.OFPAT_SET_DL_SRC, '0a:0b:0c:0d:0e:0f'),
                ActionDLAddr(ActionType.OFPAT_SET_DL_DST, '1a:1b:1c:1d:1e:1f'),
                ActionNWAddr(ActionType.OFPAT_SET_NW_SRC, 0xac100504),
                ActionNWAddr(ActionType.OFPAT_SET_NW_DST, 0x0a7f0203),
                ActionNWTos(ActionType.OFPAT_SET_NW_TOS, 0xb8),
                ActionTPPort(ActionType.OFPAT_SET_TP_SRC, 4321),
                ActionTPPort(ActionType.OFPAT_SET_TP_DST, 8443),
                ActionEnqueue(port=7, queue_id=0xabcdef),
                ActionVendorHeader(length=8, vendor=0x2320),
                ActionOutput(port=9, max_length=0x1ff)]

    def port(k):
        return PhyPort(port_no=k, hw_addr='52:54:00:ab:cd:%02x' % (k & 0xff),
                       name='pyof-eth%d' % k, config=0x10, state=0x200,
                       curr=0xa0, advertised=0x228, supported=0x2ff,
                       peer=0x140)

    def ListOf(cls, items):  # pylint: disable=invalid-name
        # StatsReply.pack needs a packable body, not a Python list.
        from pyof.foundation.basic_types import FixedTypeList
        return FixedTypeList(pyof_class=cls, items=items)

    frame = bytes(range(1, 61))
    msgs = [
        ('hello', Hello(xid=1)),
        ('echo_request', EchoRequest(xid=2, data=b'pyof-echo-data')),
        ('echo_reply', EchoReply(xid=3, data=b'pyof-echo-data')),
        ('vendor', VendorHeader(xid=4, vendor=0x2320,
                                data=b'\x00\x00\x00\x10\x00\x00\x00\x01')),
        ('features_request', FeaturesRequest(xid=5)),
        ('features_reply', FeaturesReply(
            xid=6, datapath_id='00:00:00:00:00:00:00:a1', n_buffers=256,
            n_tables=254, capabilities=0xc7, actions=0xfff,
            ports=[port(1), port(2), port(0xfffe)])),
        ('get_config_request', GetConfigRequest(xid=7)),
        ('get_config_reply', GetConfigReply(xid=8, flags=1,
                                            miss_send_len=0x1234)),
        ('set_config', SetConfig(xid=9, flags=2, miss_send_len=0x400)),
        ('packet_in', PacketIn(xid=10, buffer_id=0x11223344, total_len=60,
                               in_port=3, reason=1, data=frame)),
        ('flow_removed', FlowRemoved(
            xid=11, match=match(1), cookie=0x0badc0ffee000001,
            priority=0x7ffe, reason=2, duration_sec=86401,
            duration_nsec=999999999, idle_timeout=33,
            packet_count=0x1234567890, byte_count=0xabcdef012345)),
        ('port_status', PortStatus(xid=12, reason=2, desc=port(5))),
        ('packet_out', PacketOut(xid=13, buffer_id=0xffffffff, in_port=0xfffd,
                                 actions=[ActionOutput(port=4, max_length=0)],
                                 data=frame)),
        ('packet_out_all_actions', PacketOut(xid=14, buffer_id=0xabcd,
                                             in_port=1, actions=actions())),
        ('flow_mod', FlowMod(
            xid=15, match=match(0), cookie=0x0102030405060708, command=0,
            idle_timeout=30, hard_timeout=600, priority=0x1234,
            buffer_id=0xffffffff, out_port=0xffff, flags=3,
            actions=actions())),
        ('flow_mod_delete', FlowMod(
            xid=16, match=match(2), cookie=0x77, command=3, idle_timeout=0,
            hard_timeout=0, priority=0, buffer_id=0xffffffff, out_port=2,
            flags=0, actions=[])),
        ('port_mod', PortMod(xid=17, port_no=2, hw_addr='52:54:00:00:00:12',
                             config=0x11, mask=0x31, advertise=0x420)),
        ('stats_request_desc', StatsRequest(xid=18,
                                            body_type=StatsType.OFPST_DESC)),
        ('stats_request_flow', StatsRequest(
            xid=19, body_type=StatsType.OFPST_FLOW,
            body=FlowStatsRequest(match=match(3), table_id=3, out_port=7))),
        ('stats_request_aggregate', StatsRequest(
            xid=20, body_type=StatsType.OFPST_AGGREGATE,
            body=AggregateStatsRequest(match=match(4), table_id=0xff,
                                       out_port=0xffff))),
        ('stats_request_table', StatsRequest(
            xid=21, body_type=StatsType.OFPST_TABLE)),
        ('stats_request_port', StatsRequest(
            xid=22, body_type=StatsType.OFPST_PORT,
            body=PortStatsRequest(port_no=5))),
        ('stats_request_queue', StatsRequest(
            xid=23, body_type=StatsType.OFPST_QUEUE,
            body=QueueStatsRequest(port_no=1, queue_id=0x42))),
        ('stats_request_vendor', StatsRequest(
            xid=24, body_type=StatsType.OFPST_VENDOR,
            body=VendorStats(vendor=0x2320, body=b'\x00\x00\x00\x09'
                             b'\xde\xad\xbe\xef'))),
        ('stats_reply_desc', StatsReply(
            xid=25, body_type=StatsType.OFPST_DESC, flags=0,
            body=DescStats(mfr_desc='pyof-mfr', hw_desc='pyof-hw',
                           sw_desc='pyof-sw', serial_num='pyof-sn-1',
                           dp_desc='pyof-dp'))),
        ('stats_reply_flow', StatsReply(
            xid=26, body_type=StatsType.OFPST_FLOW, flags=1,
            body=ListOf(FlowStats, [FlowStats(length=88 + 8, table_id=1, match=match(5),
                            duration_sec=3600, duration_nsec=5000,
                            priority=0x8000, idle_timeout=60,
                            hard_timeout=300, cookie=0xfeedface,
                            packet_count=123456789, byte_count=9876543210,
                            actions=[ActionOutput(port=2, max_length=0)]),
                  FlowStats(length=88 + 8 * 2 + 16, table_id=2,
                            match=match(6), duration_sec=1,
                            duration_nsec=2, priority=3, idle_timeout=4,
                            hard_timeout=5, cookie=6, packet_count=7,
                            byte_count=8,
                            actions=[ActionVlanVid(vlan_id=10),
                                     ActionEnqueue(port=1, queue_id=2),
                                     ActionOutput(port=0xfffd,
                                                  max_length=128)])]))),
        ('stats_reply_aggregate', StatsReply(
            xid=27, body_type=StatsType.OFPST_AGGREGATE, flags=0,
            body=AggregateStatsReply(packet_count=0x0102030405,
                                     byte_count=0x0a0b0c0d0e0f,
                                     flow_count=77))),
        ('stats_reply_table', StatsReply(
            xid=28, body_type=StatsType.OFPST_TABLE, flags=0,
            body=ListOf(TableStats, [TableStats(table_id=0, name='pyof-table-0',
                             wildcards=0x3fffff, max_entries=1000000,
                             active_count=42, count_lookup=0x100000000,
                             count_matched=0xfffffff)]))),
        ('stats_reply_port', StatsReply(
            xid=29, body_type=StatsType.OFPST_PORT, flags=0,
            body=ListOf(PortStats, [PortStats(port_no=2, rx_packets=1, tx_packets=2,
                            rx_bytes=3, tx_bytes=4, rx_dropped=5,
                            tx_dropped=6, rx_errors=7, tx_errors=8,
                            rx_frame_err=9, rx_over_err=10, rx_crc_err=11,
                            collisions=12)]))),
        ('stats_reply_queue', StatsReply(
            xid=30, body_type=StatsType.OFPST_QUEUE, flags=0,
            body=ListOf(QueueStats, [QueueStats(port_no=1, queue_id=0, tx_bytes=555555,
                             tx_packets=4444, tx_errors=3),
                  QueueStats(port_no=1, queue_id=1, tx_bytes=1,
                             tx_packets=2, tx_errors=3)]))),
        ('stats_reply_vendor', StatsReply(
            xid=31, body_type=StatsType.OFPST_VENDOR, flags=0,
            body=VendorStats(vendor=0x2320, body=b'\x00\x00\x00\x09'
                             b'\x00\x00\x00\x00\x11\x22\x33\x44'))),
        ('barrier_request', BarrierRequest(xid=32)),
        ('barrier_reply', BarrierReply(xid=33)),
        ('queue_get_config_request', QueueGetConfigRequest(xid=34, port=1)),
        ('error_hello_failed', ErrorMsg(
            xid=35, error_type=ErrorType.OFPET_HELLO_FAILED,
            code=HelloFailedCode.OFPHFC_INCOMPATIBLE, data=b'pyof says no')),
        ('error_bad_request', ErrorMsg(
            xid=36, error_type=ErrorType.OFPET_BAD_REQUEST,
            code=BadRequestCode.OFPBRC_BAD_TYPE,
            data=bytes.fromhex('01300008000000a1'))),
        ('error_bad_action', ErrorMsg(
            xid=37, error_type=ErrorType.OFPET_BAD_ACTION,
            code=BadActionCode.OFPBAC_BAD_ARGUMENT,
            data=bytes.fromhex('010e0050000000b3'))),
        ('error_flow_mod_failed', ErrorMsg(
            xid=38, error_type=ErrorType.OFPET_FLOW_MOD_FAILED,
            code=FlowModFailedCode.OFPFMFC_BAD_COMMAND,
            data=bytes.fromhex('010e0048000000c1'))),
        ('error_port_mod_failed', ErrorMsg(
            xid=39, error_type=ErrorType.OFPET_PORT_MOD_FAILED,
            code=PortModFailedCode.OFPPMFC_BAD_PORT,
            data=bytes.fromhex('010f0020000000d1'))),
        ('error_queue_op_failed', ErrorMsg(
            xid=40, error_type=ErrorType.OFPET_QUEUE_OP_FAILED,
            code=QueueOpFailedCode.OFPQOFC_EPERM,
            data=bytes.fromhex('0114000c000000e7'))),
    ]
    out = []
    for name, msg in msgs:
        try:
            out.append((name, msg.pack()))
        except Exception as e:  # pylint: disable=broad-except
            check('pyof packs ' + name, False, repr(e)[:300])
    # QueueGetConfigReply: pyof cannot pack MIN_RATE properties either
    # (QueuePropMinRate is not a QueuePropHeader subclass and PacketQueue
    # lengths are not computed), so build the body from pyof's structs.
    from pyof.v0x01.common.queue import QueuePropMinRate
    body = b''
    for qid, rate in ((0x10, 100), (0x11, 0xffff)):
        prop = QueuePropMinRate(rate=rate).pack()
        body += (qid.to_bytes(4, 'big') + (8 + len(prop)).to_bytes(2, 'big')
                 + b'\0\0' + prop)
    hdr = QueueGetConfigReply(xid=41, port=1).pack()
    raw = hdr[:2] + (len(hdr) + len(body)).to_bytes(2, 'big') + hdr[4:] + body
    out.append(('queue_get_config_reply', raw))
    return out


def scapy_messages():
    try:
        from scapy.contrib import openflow as sof
    except Exception as e:  # pylint: disable=broad-except
        print('SKIP scapy: %r' % e)
        return []
    m = [
        ('scapy_hello', sof.OFPTHello(xid=101)),
        ('scapy_features_request', sof.OFPTFeaturesRequest(xid=102)),
        ('scapy_flow_mod', sof.OFPTFlowMod(
            xid=103, cmd=0, priority=0x4321, cookie=0x99, idle_timeout=7,
            hard_timeout=8, buffer_id=0xffffffff, out_port=0xffff,
            match=sof.OFPMatch(in_port=4, dl_type=0x0800, nw_proto=6,
                               tp_dst=22),
            actions=[sof.OFPATSetVLANVID(vlan_vid=12),
                     sof.OFPATOutput(port=3, max_len=0)])),
        ('scapy_packet_out', sof.OFPTPacketOut(
            xid=104, buffer_id=0xffffffff, in_port=0xfffd,
            actions=[sof.OFPATOutput(port=1)], data=b'\x01' * 42)),
        ('scapy_stats_request_port', sof.OFPTStatsRequestPort(
            xid=105, port_no=3)),
        ('scapy_barrier_request', sof.OFPTBarrierRequest(xid=106)),
        ('scapy_set_config', sof.OFPTSetConfig(xid=107, flags=1,
                                               miss_send_len=300)),
        ('scapy_port_mod', sof.OFPTPortMod(xid=108, port_no=2,
                                           hw_addr='52:54:00:00:00:02',
                                           config=1, mask=1, advertise=0)),
        ('scapy_queue_get_config_request',
         sof.OFPTQueueGetConfigRequest(xid=109, port=1)),
    ]
    return [(n, bytes(p), p) for n, p in m]


def theirs_to_ours(msg_corpus):
    pyof_msgs = pyof_messages()
    scapy_msgs = scapy_messages()
    lines = ''.join('%s %s\n' % (n, raw.hex()) for n, raw in pyof_msgs)
    lines += ''.join('%s %s\n' % (n, raw.hex()) for n, raw, p in scapy_msgs)
    res = subprocess.run([msg_corpus, 'decode'], input=lines,
                         capture_output=True, text=True, check=False)
    decoded = {}
    for line in res.stdout.splitlines():
        toks = line.split()
        decoded[toks[0]] = (toks[1], parse_summary(toks[2:]))
    check('msg_corpus decode ran', res.returncode == 0, res.stderr[-300:])
    types = set()
    for name, raw in pyof_msgs:
        verdict, ours = decoded.get(name, ('missing', {}))
        types.add(raw[1])
        if verdict != 'OK' or ours.get('raw'):
            check('our decoder accepts pyof ' + name, False,
                  'verdict %s raw=%s hex %s' % (verdict, ours.get('raw'),
                                                raw.hex()))
            continue
        try:
            theirs = pyof_dict(raw)
        except Exception as e:  # pylint: disable=broad-except
            check('pyof re-unpacks its own ' + name, False, repr(e)[:300])
            continue
        diffs = compare(name, ours, theirs)
        check('our decoder on pyof %s (%d fields)' % (name, len(theirs)),
              not diffs, '; '.join(diffs[:6]))
    check('pyof messages cover all 22 types', types == set(range(22)),
          'missing %s' % sorted(set(range(22)) - types))
    for name, raw, p in scapy_msgs:
        verdict, ours = decoded.get(name, ('missing', {}))
        diffs = []
        if verdict != 'OK' or ours.get('raw'):
            diffs.append('verdict %s hex %s' % (verdict, raw.hex()))
        if ours.get('xid') != p.xid or ours.get('type') != p.type:
            diffs.append('xid/type')
        for f in ('priority', 'cookie', 'idle_timeout', 'hard_timeout',
                  'buffer_id', 'out_port', 'in_port', 'port_no', 'port',
                  'miss_send_len', 'flags', 'config', 'mask'):
            if f in ours and f in p.fields and p.getfieldval(f) is not None:
                sv = p.getfieldval(f)
                if f == 'port' and not isinstance(sv, int):
                    continue
                if isinstance(sv, int) and ours[f] != sv:
                    diffs.append('%s: ours=%r scapy=%r' % (f, ours[f], sv))
        if name == 'scapy_flow_mod':
            if ours.get('n_actions') != 2 or ours.get('a0.vlan_vid') != 12 \
                    or ours.get('a1.port') != 3:
                diffs.append('actions %r' % {k: v for k, v in ours.items()
                                             if k.startswith('a')})
            if ours.get('m.in_port') != 4:
                diffs.append('match in_port')
        check('our decoder on scapy %s' % name[6:], not diffs,
              '; '.join(diffs[:5]))


def main():
    msg_corpus, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    hex_path = os.path.join(work, 'corpus.hex')
    pcap_path = os.path.join(work, 'corpus.pcap')
    res = subprocess.run([msg_corpus, 'gen', hex_path, pcap_path],
                         capture_output=True, text=True, check=False)
    sys.stdout.write(res.stderr)
    check('msg_corpus gen self-checks (%s)' % res.stdout.strip(),
          res.returncode == 0, res.stdout.strip())
    corpus = []
    for line in open(hex_path):
        toks = line.split()
        corpus.append((toks[0], toks[1] == '1', bytes.fromhex(toks[2]),
                       toks[3], parse_summary(toks[4:])))
    for name, pcap, raw, verdict, ours in corpus:
        if verdict != 'OK':
            check('our decoder accepts our ' + name, False, verdict)
    our_encoder_vs_pyof(corpus)
    our_encoder_vs_tshark(corpus, pcap_path)
    our_encoder_vs_tshark_fields(corpus, pcap_path)
    our_encoder_vs_scapy(corpus)
    theirs_to_ours(msg_corpus)
    npass = sum(RESULTS)
    nfail = len(RESULTS) - npass
    print('%d passed, %d failed' % (npass, nfail))
    return 1 if nfail else 0


if __name__ == '__main__':
    sys.exit(main())
