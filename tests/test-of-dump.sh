#!/usr/bin/env bash
# Golden capture tests for of-dump (see docs/of-dump.md).
#
# 1. `of-dump --check` passes on every capture in tests/data/captures (real
#    Open vSwitch 3.1 traffic), with the normal and the sanitizer build.
# 2. Message counts per type equal the tshark counts recorded with the
#    captures (tests/data/captures/README.md), for every capture.
# 3. The deliberately malformed requests of a11_rawsend.pcap (and the OVS
#    extensions that plain OpenFlow 1.0 rejects elsewhere) get exactly the
#    verdict a peer must answer them with; nothing else is flagged.
# 4. TCP reassembly on synthesized captures: out-of-order, retransmitted and
#    overlapping segments, sequence wrap, SYN retransmit, interleaved
#    streams, a reused 4-tuple, IPv6, Linux cooked v1/v2, raw IP, BSD
#    loopback, --port.
# 5. Negative cases: a length-4 header, a gap, a stream ending mid-message
#    (exit 1); truncated, garbage, empty and missing files, bad records and
#    bad options (exit 2, clear message).
# Prints "N passed, N failed" last; exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."

OF_DUMP=${OF_DUMP:-build/bin/of-dump}
OF_DUMP_SAN=${OF_DUMP_SAN:-build/san/bin/of-dump}
CAPS=tests/data/captures
PY=/usr/bin/python3
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {
	pass=$((pass + 1))
	echo "ok - $1"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL - $1"
}
# check NAME COND...: runs the condition command.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

# run BIN ARGS...: runs of-dump, leaving stdout in $out, stderr in $err and
# the exit status in $rc. A crash (signal) or sanitizer report fails at once.
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	if [ "$rc" -gt 2 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		bad "no crash or sanitizer report: $* (exit $rc)"
		sed 's/^/    /' "$tmp/err" | head -n 20
	fi
}

for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
	if [ ! -x "$b" ]; then
		bad "$b is built (run make and make SAN=1)"
		echo "$pass passed, $fail failed"
		exit 1
	fi
done

# --- 1. every capture passes --check, normal and sanitizer builds ---------
n_caps=0
for f in "$CAPS"/*.pcap; do
	n_caps=$((n_caps + 1))
	for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
		run "$b" --check "$f"
		if [ "$rc" = 0 ] && grep -q '^check: passed$' <<<"$out"; then
			ok "$(basename "$b") --check $(basename "$f")"
		else
			bad "$(basename "$b") --check $(basename "$f") (exit $rc)"
			grep -A3 'framing error\|differs\|failed' <<<"$out" |
			    head -n 20 | sed 's/^/    /'
			printf '%s\n' "$err" | head -n 5 | sed 's/^/    /'
		fi
	done
	# The text output (not --quiet) prints one entry per message.
	run "$OF_DUMP" "$f"
	n=$(grep -c ' #[0-9]* ' <<<"$out")
	total=$(sed -n 's/^.*: \([0-9]*\) messages in.*/\1/p' \
	    <<<"$("$OF_DUMP" --quiet "$f")")
	check "$(basename "$f"): $n printed entries = $total messages" \
	    test "$rc" = 0 -a "$n" = "$total" -a -n "$total"
done
check "17 captures present" test "$n_caps" -ge 17

# --- 2. per-type counts equal tshark's (tests/data/captures/README.md) ----
# v1 counts are tshark's `openflow_1_0.type`; vN_* are the non-1.0 headers
# the README lists under nonv1_msgs.
declare -A COUNTS=(
	[a01_queries]='HELLO=36 ECHO_REQUEST=11 ECHO_REPLY=11 FEATURES_REQUEST=1 FEATURES_REPLY=1 GET_CONFIG_REQUEST=7 GET_CONFIG_REPLY=7 SET_CONFIG=2 STATS_REQUEST=10 STATS_REPLY=10 BARRIER_REQUEST=2 BARRIER_REPLY=2'
	[a02_match]='HELLO=62 FLOW_MOD=27 STATS_REQUEST=4 STATS_REPLY=4 BARRIER_REQUEST=27 BARRIER_REPLY=27'
	[a02h_match]='HELLO=56 FLOW_MOD=24 STATS_REQUEST=4 STATS_REPLY=4 BARRIER_REQUEST=24 BARRIER_REPLY=24'
	[a03_actions]='HELLO=52 FLOW_MOD=25 STATS_REQUEST=1 STATS_REPLY=1 BARRIER_REQUEST=25 BARRIER_REPLY=25'
	[a04_moddel]='HELLO=40 FLOW_MOD=17 STATS_REQUEST=3 STATS_REPLY=3 BARRIER_REQUEST=17 BARRIER_REPLY=17'
	[a05_bulk200]='HELLO=8 FLOW_MOD=201 STATS_REQUEST=2 STATS_REPLY=3 BARRIER_REQUEST=201 BARRIER_REPLY=201'
	[a05h_bulk520]='HELLO=10 FLOW_MOD=521 STATS_REQUEST=3 STATS_REPLY=4 BARRIER_REQUEST=521 BARRIER_REPLY=521'
	[a06_packetout]='HELLO=28 VENDOR=1 GET_CONFIG_REQUEST=1 GET_CONFIG_REPLY=1 SET_CONFIG=1 PACKET_IN=8 PACKET_OUT=13 BARRIER_REQUEST=15 BARRIER_REPLY=15'
	[a07_modport]='HELLO=60 VENDOR=1 FEATURES_REQUEST=15 FEATURES_REPLY=15 GET_CONFIG_REQUEST=2 GET_CONFIG_REPLY=2 SET_CONFIG=1 PORT_STATUS=19 PORT_MOD=13 BARRIER_REQUEST=15 BARRIER_REPLY=15'
	[a08_errors]='HELLO=28 ERROR=5 VENDOR=1 FEATURES_REQUEST=1 FEATURES_REPLY=1 FLOW_MOD=6 STATS_REQUEST=6 STATS_REPLY=3 BARRIER_REQUEST=7 BARRIER_REPLY=7 QUEUE_GET_CONFIG_REQUEST=1'
	[a09_replace]='HELLO=12 FLOW_MOD=14 STATS_REQUEST=5 STATS_REPLY=5 BARRIER_REQUEST=14 BARRIER_REPLY=14'
	[a09h_replace]='HELLO=8 FLOW_MOD=6 STATS_REQUEST=3 STATS_REPLY=3 BARRIER_REQUEST=6 BARRIER_REPLY=6'
	[a10_monitor]='HELLO=16 ECHO_REQUEST=1 ECHO_REPLY=1 VENDOR=1 GET_CONFIG_REQUEST=1 GET_CONFIG_REPLY=1 SET_CONFIG=1 PACKET_IN=12 FLOW_REMOVED=3 PORT_STATUS=2 FLOW_MOD=7 BARRIER_REQUEST=9 BARRIER_REPLY=9'
	[a11_rawsend]='HELLO=2 ERROR=19 ECHO_REQUEST=1 ECHO_REPLY=1 VENDOR=5 FEATURES_REQUEST=1 GET_CONFIG_REQUEST=1 GET_CONFIG_REPLY=1 SET_CONFIG=1 PACKET_OUT=1 FLOW_MOD=8 PORT_MOD=2 STATS_REQUEST=1 BARRIER_REQUEST=3 BARRIER_REPLY=3 QUEUE_GET_CONFIG_REQUEST=2 QUEUE_GET_CONFIG_REPLY=1 UNKNOWN_48=1 v2_ECHO_REQUEST=1 v2_ECHO_REPLY=1'
	[b01_controller]='HELLO=2 ECHO_REQUEST=1 ECHO_REPLY=1 FEATURES_REQUEST=1 FEATURES_REPLY=1 SET_CONFIG=1 PACKET_IN=22 FLOW_REMOVED=3 PORT_STATUS=4 PACKET_OUT=22 FLOW_MOD=18'
	[d01_queuecfg]='HELLO=10 FEATURES_REQUEST=1 FEATURES_REPLY=1 STATS_REQUEST=1 STATS_REPLY=1 QUEUE_GET_CONFIG_REQUEST=6 QUEUE_GET_CONFIG_REPLY=6'
	[e01_hello]='HELLO=3 ERROR=2 STATS_REQUEST=1 STATS_REPLY=1 v4_HELLO=2 v4_ERROR=1 v5_HELLO=1 v5_ERROR=1'
)

# type_counts FILE: the summary's per-type lines as "NAME=COUNT", one per
# line, sorted.
type_counts() {
	"$OF_DUMP" --quiet "$1" |
	    sed -n '/^messages by type:$/,/^[a-z]/p' |
	    sed -nE 's/^ +([0-9]+) (.*)$/\2=\1/p' | tr ' ' _ | sort
}

for name in "${!COUNTS[@]}"; do
	f=$CAPS/$name.pcap
	if [ ! -f "$f" ]; then
		bad "$name.pcap present"
		continue
	fi
	want=$(tr ' ' '\n' <<<"${COUNTS[$name]}" | sort)
	got=$(type_counts "$f")
	if [ "$want" = "$got" ]; then
		ok "$name: message counts per type match tshark"
	else
		bad "$name: message counts per type match tshark"
		diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
	fi
done

# --- 3. verdicts on malformed and non-1.0 messages -------------------------
# invalid_list FILE: "TYPE (xid=X): invalid: VERDICT" for each flagged one.
invalid_list() {
	"$OF_DUMP" --quiet "$1" | sed -nE 's/^  .* #[0-9]+ (.*: invalid: .*)$/\1/p'
}

# a11: raw requests injected with `ovs-appctl ofctl/send` (README). Each
# verdict is also the error OVS answered with. The vendor messages and
# actions (unknown vendor/subtype), PORT_MOD of a missing port, PACKET_OUT of
# an unknown buffer and EMERG without timeouts are well-formed OpenFlow 1.0:
# only the switch can reject them, so they must not be flagged.
want_a11='UNKNOWN_48 (xid=0xa1): invalid: BAD_REQUEST/BAD_TYPE
STATS_REQUEST (xid=0xa3): invalid: BAD_REQUEST/BAD_STAT
FEATURES_REQUEST (xid=0xa6): invalid: BAD_REQUEST/BAD_LEN
FLOW_MOD (xid=0xb1): invalid: BAD_ACTION/BAD_TYPE
FLOW_MOD (xid=0xb2): invalid: BAD_ACTION/BAD_LEN
FLOW_MOD (xid=0xb3): invalid: BAD_ACTION/BAD_ARGUMENT
FLOW_MOD (xid=0xb4): invalid: BAD_ACTION/BAD_OUT_PORT
FLOW_MOD (xid=0xc1): invalid: FLOW_MOD_FAILED/BAD_COMMAND
FLOW_MOD (xid=0xc2): invalid: FLOW_MOD_FAILED/BAD_EMERG_TIMEOUT
QUEUE_GET_CONFIG_REQUEST (xid=0xe7): invalid: QUEUE_OP_FAILED/BAD_PORT
v2 ECHO_REQUEST (xid=0xa2): invalid: BAD_REQUEST/BAD_VERSION
v2 ECHO_REPLY (xid=0xa2): invalid: BAD_REQUEST/BAD_VERSION'
got=$(invalid_list "$CAPS/a11_rawsend.pcap")
if [ "$got" = "$want_a11" ]; then
	ok "a11_rawsend: the 12 malformed messages get exactly their verdicts"
else
	bad "a11_rawsend: the 12 malformed messages get exactly their verdicts"
	diff <(echo "$want_a11") <(echo "$got") | sed 's/^/    /'
fi
check "a11_rawsend: summary counts 12 invalid messages" \
    grep -q '^invalid messages.*: 12$' <<<"$("$OF_DUMP" --check --quiet \
	"$CAPS/a11_rawsend.pcap")"
# The text output flags them in place too.
check "a11_rawsend: text output flags FEATURES_REQUEST len 12 in place" \
    grep -q '^    invalid: BAD_REQUEST/BAD_LEN$' <<<"$("$OF_DUMP" \
	"$CAPS/a11_rawsend.pcap")"

# OVS extensions that plain OpenFlow 1.0 does not define: stats type 13
# (OFPST10_PORT_DESC, dump-ports-desc) and the table id in the high byte of
# the FLOW_MOD command (after NXT_FLOW_MOD_TABLE_ID).
check "a01_queries: only the OVS port-desc stats request (type 13) is flagged" \
    test "$(invalid_list "$CAPS/a01_queries.pcap")" = \
    'STATS_REQUEST (xid=0x2): invalid: BAD_REQUEST/BAD_STAT'
check "a08_errors: only the FLOW_MOD with a table id in its command is flagged" \
    test "$(invalid_list "$CAPS/a08_errors.pcap")" = \
    'FLOW_MOD (xid=0x4): invalid: FLOW_MOD_FAILED/BAD_COMMAND'
# Version negotiation: HELLOs of any version are valid.
check "e01_hello: no HELLO of any version is flagged" \
    bash -c "! grep -q HELLO <<<\"\$1\"" _ "$(invalid_list "$CAPS/e01_hello.pcap")"
for name in a02_match a02h_match a03_actions a04_moddel a05_bulk200 \
    a05h_bulk520 a06_packetout a07_modport a09_replace a09h_replace \
    a10_monitor b01_controller d01_queuecfg; do
	check "$name: no message flagged invalid" \
	    test -z "$(invalid_list "$CAPS/$name.pcap")"
done

# --- 4 and 5. synthesized captures ----------------------------------------
cat >"$tmp/mkpcap.py" <<'EOF'
"""Writes small captures for of-dump tests: mkpcap.py CASE OUT [LINK] [IPV]"""
import struct, sys

case, out = sys.argv[1], sys.argv[2]
link = sys.argv[3] if len(sys.argv) > 3 else "en10mb"
ipv = int(sys.argv[4]) if len(sys.argv) > 4 else 4
DLT = {"en10mb": 1, "sll": 113, "sll2": 276, "raw": 101, "null": 0}

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def addr(host):
    if ipv == 4:
        return bytes([127, 0, 0, host])
    return bytes(15) + bytes([host])

def frame(src, sport, dst, dport, seq, flags, payload=b"", ack=0):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff, ack,
                      5 << 4, flags, 65535, 0, 0) + payload
    if ipv == 4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000,
                         64, 6, 0, addr(src), addr(dst))
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        et, af = 0x0800, 2
    else:
        ip = struct.pack("!IHBB16s16s", 6 << 28, len(tcp), 6, 64,
                         addr(src), addr(dst))
        et, af = 0x86DD, 10
    pkt = ip + tcp
    if link == "en10mb":  # with an 802.1Q tag, to exercise the tag walk
        return (bytes(6) + bytes([2, 0, 0, 0, 0, src]) +
                struct.pack("!HHH", 0x8100, 5, et) + pkt)
    if link == "sll":
        return struct.pack("!HHH8sH", 0, 772, 6, bytes(8), et) + pkt
    if link == "sll2":
        return struct.pack("!HHIHBB8s", et, 0, 1, 772, 0, 6, bytes(8)) + pkt
    if link == "null":
        return struct.pack("<I", af) + pkt
    return pkt

def ofp(version, type_, xid, body=b""):
    return struct.pack("!BBHI", version, type_, 8 + len(body), xid) + body

def ofp_len(version, type_, xid, length, body=b""):
    return struct.pack("!BBHI", version, type_, length, xid) + body

pkts = []
def seg(c, s, payload, flags=0x18, rel=None):
    """Client c (dict) sends; s = 0 client->server, 1 server->client."""
    src, sport, dst, dport = c["ends"][s]
    seq = c["isn"][s] + 1 + (c["off"][s] if rel is None else rel)
    pkts.append(frame(src, sport, dst, dport, seq, flags, payload))
    if rel is None:
        c["off"][s] += len(payload)

def conn(host, cport, sport, isn_c, isn_s):
    c = {"ends": [(host, cport, 1, sport), (1, sport, host, cport)],
         "isn": [isn_c, isn_s], "off": [0, 0]}
    return c

def handshake(c):
    src, sp, dst, dp = c["ends"][0]
    pkts.append(frame(src, sp, dst, dp, c["isn"][0], 0x02))
    pkts.append(frame(src, sp, dst, dp, c["isn"][0], 0x02))  # SYN again
    pkts.append(frame(dst, dp, src, sp, c["isn"][1], 0x12))
    pkts.append(frame(src, sp, dst, dp, c["isn"][0] + 1, 0x10))

def close(c):
    for s in (0, 1):
        src, sp, dst, dp = c["ends"][s]
        pkts.append(frame(src, sp, dst, dp,
                          c["isn"][s] + 1 + c["off"][s], 0x11))
    src, sp, dst, dp = c["ends"][0]
    pkts.append(frame(src, sp, dst, dp, c["isn"][0] + 2 + c["off"][0], 0x10))

hello = ofp(1, 0, 1)
echo = ofp(1, 2, 2, b"abcdefgh")
feat = ofp(1, 5, 3)
barrier = ofp(1, 18, 4)

if case == "reasm":
    # A: segments out of order, duplicated, overlapping; sequence numbers
    # wrap through 2^32 in the client direction.
    a = conn(2, 40001, 6653, 0xFFFFFFF0, 1000)
    b = conn(3, 40002, 6653, 5000, 9000)
    handshake(a)
    handshake(b)
    stream = hello + echo + feat + barrier  # 40 bytes
    seg(a, 0, stream[5:20], rel=5)     # early
    seg(b, 0, hello + echo[:3])        # B interleaved, message split
    seg(a, 0, stream[0:5], rel=0)
    seg(a, 0, stream[0:5], rel=0)      # duplicate
    seg(a, 1, hello)
    seg(a, 0, stream[3:25], rel=3)     # overlaps both sides
    seg(b, 0, echo[3:])
    seg(a, 0, stream[25:40], rel=25)
    a["off"][0] = 40
    seg(a, 0, stream[20:30], rel=20)   # late retransmit
    seg(b, 1, hello + ofp(1, 3, 2, b"abcdefgh"))
    seg(a, 1, ofp(1, 3, 2, b"abcdefgh") + ofp(1, 19, 4))
    close(a)
    close(b)
    # The 4-tuple of A again, after its close: a new connection.
    a2 = conn(2, 40001, 6653, 77777, 88888)
    handshake(a2)
    seg(a2, 0, ofp(1, 18, 9))
    seg(a2, 1, ofp(1, 19, 9))
    close(a2)
elif case == "port":
    a = conn(2, 40001, 7777, 100, 200)
    handshake(a)
    seg(a, 0, hello)
    seg(a, 1, hello)
    close(a)
elif case == "len4":
    a = conn(2, 40001, 6653, 100, 200)
    handshake(a)
    seg(a, 0, hello + ofp_len(1, 2, 5, 4) + bytes(8))
    close(a)
elif case == "gap":
    a = conn(2, 40001, 6653, 100, 200)
    handshake(a)
    seg(a, 0, hello)
    seg(a, 0, echo, rel=8 + 20)  # 20 bytes never captured
    a["off"][0] = 8 + 20 + 16
    close(a)
elif case == "midmsg":
    a = conn(2, 40001, 6653, 100, 200)
    handshake(a)
    seg(a, 0, hello + ofp_len(1, 2, 5, 16, b"abcd"))
    close(a)
elif case == "badrec":  # a record claiming 2 GiB
    pkts = [frame(2, 40001, 1, 6653, 1, 0x18, hello)]
else:
    sys.exit("unknown case " + case)

snap = 65535
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snap, DLT[link]))
    for i, p in enumerate(pkts):
        caplen = 0x7FFFFFFF if case == "badrec" else len(p)
        f.write(struct.pack("<IIII", 1700000000, i, caplen, len(p)) + p)
EOF

mk() {
	"$PY" "$tmp/mkpcap.py" "$@" || bad "mkpcap.py $*"
}

# Reassembly, on every link type and both IP versions.
want_reasm='A > B #1 OFPT_HELLO
A > B #3 OFPT_ECHO_REQUEST
A > B #4 OFPT_FEATURES_REQUEST
A > B #5 OFPT_BARRIER_REQUEST
B > A #2 OFPT_HELLO
B > A #6 OFPT_ECHO_REPLY
B > A #7 OFPT_BARRIER_REPLY
C > B #1 OFPT_HELLO
C > B #2 OFPT_ECHO_REQUEST
B > C #3 OFPT_HELLO
B > C #4 OFPT_ECHO_REPLY
A > B #1 OFPT_BARRIER_REQUEST
B > A #2 OFPT_BARRIER_REPLY'
# norm_dirs: keeps "src > dst #n OFPT_TYPE" with the endpoints named A, B,
# C, grouped by direction (capture order kept inside each direction; how
# the streams interleave depends only on the capture).
norm_dirs() {
	sed -nE 's/^(\S+) > (\S+) (#[0-9]+) (OFPT_[A-Z_]+).*/\1 > \2 \3 \4/p' |
	    sed -E 's/(127\.0\.0\.2|\[::2\]):40001/A/g;
		s/(127\.0\.0\.1|\[::1\]):6653/B/g;
		s/(127\.0\.0\.3|\[::3\]):40002/C/g' |
	    sort -s -k1,3
}
want=$(sort -s -k1,3 <<<"$want_reasm")
for link in en10mb sll sll2 raw null; do
	for ipv in 4 6; do
		f=$tmp/reasm-$link-$ipv.pcap
		mk reasm "$f" "$link" "$ipv"
		for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
			run "$b" --check "$f"
			got=$(norm_dirs <<<"$out")
			if [ "$rc" = 0 ] && [ "$got" = "$want" ] &&
			    grep -q '^check: passed$' <<<"$out"; then
				ok "reassembly $link IPv$ipv ($(basename "$b"))"
			else
				bad "reassembly $link IPv$ipv ($(basename "$b")) exit $rc"
				diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
				printf '%s\n' "$out" | tail -n 12 | sed 's/^/    /'
			fi
		done
	done
done
# Per-direction order alone would not catch a message swapped across
# directions; check the whole sequence of connection A's first session.
f=$tmp/reasm-en10mb-4.pcap
got=$("$OF_DUMP" "$f" | sed -nE 's/^127\.0\.0\.2:40001 > \S+ (#[0-9]+) (OFPT_[A-Z_]+).*/\1 \2/p' | head -n 4 | tr '\n' ' ')
check "reassembly: A's client messages in stream order" \
    test "$got" = "#1 OFPT_HELLO #3 OFPT_ECHO_REQUEST #4 OFPT_FEATURES_REQUEST #5 OFPT_BARRIER_REQUEST "
run "$OF_DUMP" --check --quiet "$f"
check "reassembly: 3 connections, 13 messages, retransmits counted" \
    bash -c 'grep -q ": 13 messages in 3 TCP connections" <<<"$1" &&
	grep -q "retransmitted" <<<"$1"' _ "$out"

# --port
f=$tmp/port.pcap
mk port "$f"
run "$OF_DUMP" --quiet "$f"
check "port 7777 ignored by default" \
    bash -c 'test "$2" = 0 && grep -q ": 0 messages in 0 TCP" <<<"$1"' _ "$out" "$rc"
run "$OF_DUMP" --port 7777 "$f"
check "--port 7777 decodes the stream" \
    test "$rc" = 0 -a "$(grep -c 'OFPT_HELLO' <<<"$out")" = 2
run "$OF_DUMP" -p 7777 -p 7777 --quiet "$f"
check "-p repeated" test "$rc" = 0

# Streams that cannot be framed: exit 1, the reason named.
f=$tmp/len4.pcap
mk len4 "$f"
for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
	run "$b" --check "$f"
	check "length-4 header: exit 1 ($(basename "$b"))" \
	    bash -c 'test "$2" = 1 && grep -q "framing error: .*length below 8" <<<"$1" &&
		grep -q "^check: FAILED" <<<"$1"' _ "$out" "$rc"
done
run "$OF_DUMP" "$f"
check "length-4 header: exit 1 without --check, HELLO before it printed" \
    bash -c 'test "$2" = 1 && grep -q "#1 OFPT_HELLO" <<<"$1"' _ "$out" "$rc"

f=$tmp/gap.pcap
mk gap "$f"
for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
	run "$b" --check --quiet "$f"
	check "gap in the TCP stream: exit 1 ($(basename "$b"))" \
	    bash -c 'test "$2" = 1 && grep -q "framing error: 20 bytes missing" <<<"$1"' \
	    _ "$out" "$rc"
done

f=$tmp/midmsg.pcap
mk midmsg "$f"
for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
	run "$b" --check --quiet "$f"
	check "stream ending mid-message: exit 1 ($(basename "$b"))" \
	    bash -c 'test "$2" = 1 && grep -q "framing error: stream ends (FIN) in the middle of a message" <<<"$1"' \
	    _ "$out" "$rc"
done

# Files that are not (whole) captures: exit 2 with a message naming them.
head -c 5000 "$CAPS/a01_queries.pcap" >"$tmp/trunc.pcap"
head -c 12 "$CAPS/a01_queries.pcap" >"$tmp/trunc-header.pcap"
printf 'this is not a capture file\n%.0s' $(seq 40) >"$tmp/text.pcap"
head -c 4096 /dev/urandom >"$tmp/random.pcap"
: >"$tmp/empty.pcap"
mk badrec "$tmp/badrec.pcap"
for name in trunc trunc-header text random empty badrec missing; do
	f=$tmp/$name.pcap
	for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
		run "$b" --check "$f"
		check "$name.pcap: exit 2 with an error naming the file ($(basename "$b"))" \
		    bash -c 'test "$2" = 2 && grep -q "^of-dump: .*$3" <<<"$1"' \
		    _ "$err" "$rc" "$name.pcap"
	done
done
run "$OF_DUMP" --check "$tmp/trunc.pcap"
check "truncated capture: messages before the cut are still printed" \
    grep -q 'OFPT_HELLO' <<<"$out"
# A huge snap length in the file header is not a reason to fail or to
# allocate it.
"$PY" - "$tmp/hugesnap.pcap" "$tmp/reasm-en10mb-4.pcap" <<'EOF'
import struct, sys
data = bytearray(open(sys.argv[2], "rb").read())
data[16:20] = struct.pack("<I", 0xFFFFFFFF)
open(sys.argv[1], "wb").write(data)
EOF
for b in "$OF_DUMP" "$OF_DUMP_SAN"; do
	run "$b" --check --quiet "$tmp/hugesnap.pcap"
	check "snaplen 0xffffffff: decoded or refused cleanly ($(basename "$b"))" \
	    bash -c 'test "$2" = 0 -o "$2" = 2' _ "$out" "$rc"
done
# Several files: each gets its header, the worst status wins.
run "$OF_DUMP" --quiet "$CAPS/e01_hello.pcap" "$tmp/len4.pcap"
check "two files: both summarised, exit 1" \
    bash -c 'test "$2" = 1 && test "$(grep -c "^==> " <<<"$1")" = 2' _ "$out" "$rc"
run "$OF_DUMP" --quiet "$tmp/len4.pcap" "$tmp/text.pcap"
check "two files, one unreadable: exit 2" test "$rc" = 2

# Damaged packet contents (not the file structure): any exit status but a
# crash or a sanitizer report (run() checks that).
for i in $(seq 1 20); do
	"$PY" - "$CAPS/a06_packetout.pcap" "$tmp/mut.pcap" "$i" <<'EOF'
import random, sys
data = bytearray(open(sys.argv[1], "rb").read())
rnd = random.Random(int(sys.argv[3]))
for _ in range(rnd.choice([1, 5, 50])):
    data[rnd.randrange(40, len(data))] = rnd.randrange(256)
open(sys.argv[2], "wb").write(data)
EOF
	run "$OF_DUMP_SAN" --check "$tmp/mut.pcap"
	check "mutated capture #$i: exit 0, 1 or 2 (asan+ubsan)" test "$rc" -le 2
done

# Options.
run "$OF_DUMP" --help
check "--help documents every option" \
    bash -c 'test "$2" = 0 && for o in --port --check --quiet --help --version "Exit status"; do
	grep -q -- "$o" <<<"$1" || exit 1; done' _ "$out" "$rc"
run "$OF_DUMP" --version
check "--version" bash -c 'test "$2" = 0 && grep -q "^of-dump " <<<"$1"' _ "$out" "$rc"
run "$OF_DUMP"
check "no file: exit 2" bash -c 'test "$2" = 2 && grep -q "no capture file" <<<"$1"' _ "$err" "$rc"
run "$OF_DUMP" --bogus "$CAPS/e01_hello.pcap"
check "unknown option: exit 2" test "$rc" = 2
for p in 0 65536 abc 12x ""; do
	run "$OF_DUMP" --port "$p" "$CAPS/e01_hello.pcap"
	check "--port '$p' refused: exit 2" \
	    bash -c 'test "$2" = 2 && grep -q "bad port" <<<"$1"' _ "$err" "$rc"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
