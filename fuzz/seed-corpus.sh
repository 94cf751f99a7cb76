#!/usr/bin/env bash
# Seeds the libFuzzer corpora from the golden captures:
#   build/fuzz/corpus/decode/   one file per OpenFlow message found in
#                               tests/data/captures/*.pcap (deduplicated)
#   build/fuzz/corpus/framer/   each TCP direction's whole payload stream,
#                               prefixed with fuzz_framer's header (chunk
#                               sizes and buffer size), in a few chunkings
#   build/fuzz/corpus/ctl/      each TCP direction's payload stream for
#                               fuzz_ctl (flag byte 3: handshake first)
#   build/fuzz/corpus/parse/    the flow and action texts of the captures'
#                               README commands (committed in
#                               fuzz/corpus-parse/)
#   build/fuzz/corpus/pkt/      the frames of the captures' PACKET_IN and
#                               PACKET_OUT messages and a few hand-built
#                               ones, behind fuzz_pkt's flag byte
# Needs tshark and python3. Prints a one-line summary.
set -eu
cd "$(dirname "$0")/.."
out=build/fuzz/corpus
mkdir -p "$out/decode" "$out/framer" "$out/parse" "$out/ctl"
cp fuzz/corpus-parse/* "$out/parse/"
mkdir -p "$out/target" "$out/pkt"
# fuzz_pkt: flag byte (headroom 4, tailroom 0), then a hand-built frame.
python3 - "$out/pkt" <<'EOF'
import sys
m = "0a0b0c0d0e0f 001122334455 "
ip4 = "1234 0000 4006 0000 c0a80001 c0a80002 "
tcp = "04d2 0050 00000001 00000000 5018 ffff 0000 0000 "
v6 = "fe800000000000000000000000000001 fe800000000000000000000000000002 "
frames = [
    m + "8100 b064 0800 45b9 002c " + ip4 + tcp + "deadbeef",  # 802.1Q TCP
    m + "0026 aaaa03 000000 0800 4500 001e 1234 0000 4011 0000 c0a80001"
    " c0a80002 1f90 0035 000a 0000 abcd",  # SNAP UDP
    m + "0800 4500 0030 1234 2000 4006 0000 c0a80001 c0a80002 " + tcp +
    "0001020304050607",  # first fragment
    m + "86dd 6000 0000 0014 0040 " + v6 + "1100 0104 00000000 1f90 0035"
    " 000c 0000 01020304",  # IPv6 hop-by-hop UDP
    m + "0800 4500 0034 1234 0000 4084 0000 c0a80001 c0a80002 0b59 0b5a"
    " 00000001 00000000 0100 0014 00000001 0000ffff 000a 000a 00000001",
    m + "86dd 6000 0000 0014 2c40 " + v6 + "1100 00b8 12345678"
    " 0102030405060708 01020304",  # IPv6 later fragment
    "ffffffffffff ac5d10313779 0806 0001 0800 0604 0001 ac5d10313779"
    " c0a802fe ffffffffffff c0a80205",  # ARP request
]
def csum(b):
    b = b + b"\0" * (len(b) % 2)
    s = sum(b[i] << 8 | b[i + 1] for i in range(0, len(b), 2))
    while s > 0xffff:
        s = (s >> 16) + (s & 0xffff)
    return 0xffff - s
def crc32c(b):
    c = 0xffffffff
    for x in b:
        c ^= x
        for _ in range(8):
            c = (c >> 1) ^ (0x82f63b78 if c & 1 else 0)
    return c ^ 0xffffffff
def fix(f):
    # Valid checksums, so that fuzz_pkt checks they stay valid.
    o = 12
    if f[o:o + 2] == b"\x81\x00":
        o += 4
    t = f[o] << 8 | f[o + 1]
    o += 2
    if t < 0x600:
        t, o = f[o + 6] << 8 | f[o + 7], o + 8
    if t == 0x0800:
        hl, tot, proto = (f[o] & 15) * 4, f[o + 2] << 8 | f[o + 3], f[o + 9]
        f[o + 10:o + 12] = b"\0\0"
        f[o + 10:o + 12] = csum(f[o:o + hl]).to_bytes(2, "big")
        l4, n = o + hl, tot - hl
        ph = f[o + 12:o + 20] + bytes([0, proto]) + n.to_bytes(2, "big")
        if f[o + 6] & 0x3f or f[o + 7]:
            return f  # a fragment: its transport checksum spans others
    elif t == 0x86dd:
        proto, n, l4 = f[o + 6], f[o + 4] << 8 | f[o + 5], o + 40
        if proto == 0:  # one hop-by-hop header
            hl = (f[l4 + 1] + 1) * 8
            proto, n, l4 = f[l4], n - hl, l4 + hl
        ph = f[o + 8:o + 40] + n.to_bytes(4, "big") + bytes([0, 0, 0, proto])
        if proto != 17 and proto != 6:
            return f
    else:
        return f
    at = {6: 16, 17: 6}.get(proto)
    if at is not None:
        f[l4 + at:l4 + at + 2] = b"\0\0"
        f[l4 + at:l4 + at + 2] = csum(ph + f[l4:l4 + n]).to_bytes(2, "big")
    elif proto == 132:
        f[l4 + 8:l4 + 12] = b"\0\0\0\0"
        f[l4 + 8:l4 + 12] = crc32c(f[l4:l4 + n]).to_bytes(4, "little")
    return f
for i, h in enumerate(frames):
    f = fix(bytearray.fromhex(h.replace(" ", "")))
    with open("%s/seed%d" % (sys.argv[1], i), "wb") as fh:
        fh.write(b"\x04" + bytes(f))
EOF
i=0
for t in ptcp: ptcp:6653 ptcp:6633:127.0.0.1 pssl:6653:0.0.0.0 \
	punix:/tmp/sw.mgmt tcp:127.0.0.1 tcp:10.0.0.1:6633 "ssl:[::1]:6653" \
	tcp:::1 \
	"ptcp:6653:[::1]" ptcp::: pssl:1:::1 ptcp:65535:10.0.0.1; do
	printf '%s' "$t" >"$out/target/seed$i"
	i=$((i + 1))
done
mkdir -p "$out/net_spec"
i=0
for t in tap:ctl0,ip=10.0.0.2/24 tap:t,ip=192.168.1.9/24,gw=192.168.1.1 \
	tap:x.y,dhcp tap:a-b,dhcp,mac=52:54:00:12:34:56,vlan=7 \
	tap:e,ip=10.1.2.3/32,mtu=1400 tap:f,ip=10.1.2.0/31,mtu=68,vlan=4094; do
	printf '%s' "$t" >"$out/net_spec/seed$i"
	i=$((i + 1))
done
mkdir -p "$out/xen_args"
i=0
for t in "net=ip=10.0.0.2/24,gw=10.0.0.1 app=learning log=info" \
	"net=dhcp port=6633 app=hub app=firewall:x secs=30" \
	"net=dhcp ctl=tcp:10.0.2.20:6653 listen=6634 dpid=5a" \
	"fail=standalone" "net=ip=10.0.0.3/24 ctl-vif=2 listen=off log=debug" \
	"net=dhcp ctl=tcp:1.2.3.4 ctl=tcp:1.2.3.5:1 fail=secure"; do
	printf '%s' "$t" >"$out/xen_args/seed$i"
	i=$((i + 1))
done

for f in tests/data/captures/*.pcap; do
	name=$(basename "$f" .pcap)
	# frame order = stream order here: the captures have no gaps,
	# retransmissions or reordering (see their README).
	tshark -r "$f" -Y 'tcp.len > 0' -T fields -e tcp.stream \
		-e tcp.srcport -e tcp.payload 2>/dev/null |
		python3 -c '
import hashlib, sys
name, out = sys.argv[1], sys.argv[2]
streams = {}
for line in sys.stdin:
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 3 or not parts[2]:
        continue
    key = (parts[0], parts[1])
    streams.setdefault(key, bytearray()).extend(
        bytes.fromhex(parts[2].replace(":", "")))
# fuzz_framer header: n chunk sizes, 16-bit buffer size, the sizes.
headers = [bytes([0, 0xff, 0xff]), bytes([3, 0x04, 0x00, 1, 7, 200]),
           bytes([2, 0x00, 0x60, 0, 13])]
for (stream, port), data in streams.items():
    for i, h in enumerate(headers):
        with open("%s/framer/%s-s%s-p%s-%d" % (out, name, stream, port, i),
                  "wb") as fh:
            fh.write(h + bytes(data))
    # fuzz_ctl: flags 3 (handshake first, then the stream in one piece).
    with open("%s/ctl/%s-s%s-p%s" % (out, name, stream, port), "wb") as fh:
        fh.write(b"\x03" + bytes(data[:65536]))
    pos = 0
    while pos + 8 <= len(data):
        size = data[2 + pos] << 8 | data[3 + pos]
        if size < 8:
            break
        msg = bytes(data[pos:pos + size])
        digest = hashlib.sha1(msg).hexdigest()[:16]
        with open("%s/decode/%s" % (out, digest), "wb") as fh:
            fh.write(msg)
        # fuzz_pkt: the frame of a PACKET_IN (data after 18 bytes) or a
        # PACKET_OUT (after the 16-byte header and the actions).
        frame = None
        if msg[0] == 1 and msg[1] == 10 and size > 18:
            frame = msg[18:]
        elif msg[0] == 1 and msg[1] == 13 and size >= 16:
            frame = msg[16 + (msg[14] << 8 | msg[15]):]
        if frame:
            name2 = hashlib.sha1(frame).hexdigest()[:16]
            with open("%s/pkt/%s" % (out, name2), "wb") as fh:
                fh.write(b"\x04" + frame)
        pos += size
' "$name" "$out"
done
echo "seeded: $(ls "$out/decode" | wc -l) messages," \
	"$(ls "$out/framer" | wc -l) framer streams," \
	"$(ls "$out/parse" | wc -l) flow texts," \
	"$(ls "$out/ctl" | wc -l) controller input streams," \
	"$(ls "$out/pkt" | wc -l) frames"
