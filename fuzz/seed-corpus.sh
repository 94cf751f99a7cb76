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
# Needs tshark and python3. Prints a one-line summary.
set -eu
cd "$(dirname "$0")/.."
out=build/fuzz/corpus
mkdir -p "$out/decode" "$out/framer" "$out/parse" "$out/ctl"
cp fuzz/corpus-parse/* "$out/parse/"
mkdir -p "$out/target"
i=0
for t in ptcp: ptcp:6653 ptcp:6633:127.0.0.1 pssl:6653:0.0.0.0 \
	"ptcp:6653:[::1]" ptcp::: pssl:1:::1 ptcp:65535:10.0.0.1; do
	printf '%s' "$t" >"$out/target/seed$i"
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
        pos += size
' "$name" "$out"
done
echo "seeded: $(ls "$out/decode" | wc -l) messages," \
	"$(ls "$out/framer" | wc -l) framer streams," \
	"$(ls "$out/parse" | wc -l) flow texts," \
	"$(ls "$out/ctl" | wc -l) controller input streams"
