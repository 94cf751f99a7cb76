#!/usr/bin/env bash
# Differential test of openflow/of_print.c against the real ovs-ofctl 3.1:
# every OpenFlow message of every capture in tests/data/captures/ (TCP
# streams reassembled per direction and split by the OpenFlow length field),
# plus the hand-made messages of tests/data/print_cases.hex (edge cases the
# captures lack), is printed by `ovs-ofctl ofp-print HEX` and by
# build/tests/print_hex (of_print_msg); the two texts must be identical
# (OVS's final newline is not part of ours; its stderr log is ignored).
# ovs-ofctl runs once per distinct message, 8 at a time (~15 s in all).
#
# Allow-list: messages whose OVS text depends on vendor extensions that
# of_print.c deliberately prints in a generic form are excluded, and
# counted, by these rules (see the header comment of openflow/of_print.c):
#   nx-vendor-msg     OFPT_VENDOR with Nicira's vendor id 0x2320
#                     (NXT_* messages: OVS decodes ~40 subtypes)
#   nx-vendor-stats   OFPST_VENDOR requests/replies from Nicira (NXST_*)
#   nx-vendor-action  FLOW_MOD / PACKET_OUT / flow stats with a Nicira
#                     vendor action (resubmit, note, dec_ttl, ...)
#   nx-vendor-error   OFPT_ERROR of Nicira's vendor type 0xb0c2
#   non-1.0           messages of other versions except HELLO, ECHO_*,
#                     bodiless FEATURES/GET_CONFIG requests and HELLO_FAILED
#                     or BAD_REQUEST errors (which we print as OVS does)
# An OFPT_ERROR whose data is an excluded message is excluded with it.
#
# Environment: PRINT_HEX (default build/tests/print_hex), CAPTURES (default
# tests/data/captures), CASES (default tests/data/print_cases.hex).
# Prints "N passed, N failed" as the last line (or SKIP if ovs-ofctl or
# tshark is missing) and exits non-zero on failure.
set -u
cd "$(dirname "$0")/.."

PRINT=${PRINT_HEX:-build/tests/print_hex}
CAPS=${CAPTURES:-tests/data/captures}
CASES=${CASES:-tests/data/print_cases.hex}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

for tool in ovs-ofctl tshark "$PY"; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool not installed"
		echo "0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done
if [ ! -x "$PRINT" ]; then
	make -s "$PRINT" || {
		echo "cannot build $PRINT"
		echo "0 passed, 1 failed"
		exit 1
	}
fi

exec "$PY" - "$PRINT" "$CAPS" "$CASES" <<'EOF'
import concurrent.futures, glob, os, struct, subprocess, sys, time

printer, capdir, cases = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.time()
NX = 0x2320

def extract(pcap):
    """Yields each OpenFlow message (bytes) of a capture, in order."""
    out = subprocess.run(
        ['tshark', '-r', pcap, '-T', 'fields', '-e', 'tcp.stream',
         '-e', 'tcp.srcport', '-e', 'tcp.payload'],
        capture_output=True, text=True, check=True).stdout
    streams = {}
    for line in out.splitlines():
        f = line.split('\t')
        if len(f) < 3 or not f[2]:
            continue
        key = (f[0], f[1])
        buf = streams.get(key, b'') + bytes.fromhex(f[2].replace(':', ''))
        while len(buf) >= 8:
            n = struct.unpack('!H', buf[2:4])[0]
            if n < 8:           # lost framing: drop the rest of the stream
                buf = b''
                break
            if len(buf) < n:
                break
            yield buf[:n]
            buf = buf[n:]
        streams[key] = buf

def has_nx_action(acts):
    while len(acts) >= 8:
        t, n = struct.unpack('!HH', acts[:4])
        if n < 8 or n > len(acts):
            return False
        if t == 0xffff and struct.unpack('!I', acts[4:8])[0] == NX:
            return True
        acts = acts[n:]
    return False

def excluded(m):
    """Returns the allow-list rule that excludes message m, or None."""
    if len(m) < 8:
        return None
    ver, typ = m[0], m[1]
    if ver != 1:
        if typ in (0, 2, 3) or (typ in (5, 7) and len(m) == 8):
            return None
        if typ == 1 and len(m) >= 12:
            et, ec = struct.unpack('!HH', m[8:12])
            if (et == 0 and ec <= 1) or (et == 1 and ec <= 8):
                return None
        return 'non-1.0'
    if typ == 4 and len(m) >= 12 and struct.unpack('!I', m[8:12])[0] == NX:
        return 'nx-vendor-msg'
    if typ in (16, 17) and len(m) >= 16 and m[8:10] == b'\xff\xff' and \
            struct.unpack('!I', m[12:16])[0] == NX:
        return 'nx-vendor-stats'
    if typ == 14 and has_nx_action(m[72:]):
        return 'nx-vendor-action'
    if typ == 13 and len(m) >= 16:
        alen = struct.unpack('!H', m[14:16])[0]
        if has_nx_action(m[16:16 + alen]):
            return 'nx-vendor-action'
    if typ == 17 and m[8:10] == b'\0\1':
        body = m[12:]
        while len(body) >= 88:
            n = struct.unpack('!H', body[:2])[0]
            if n < 88:
                break
            if has_nx_action(body[88:n]):
                return 'nx-vendor-action'
            body = body[n:]
    if typ == 1 and len(m) >= 12:
        if struct.unpack('!H', m[8:10])[0] == 0xb0c2:
            return 'nx-vendor-error'
        return excluded(m[12:])
    return None

def ovs(hexstr):
    r = subprocess.run(['ovs-ofctl', 'ofp-print', hexstr],
                       capture_output=True, text=True)
    out = r.stdout
    return out[:-1] if out.endswith('\n') else out

msgs = []   # (capture, index, hex)
for pcap in sorted(glob.glob(os.path.join(capdir, '*.pcap'))):
    for i, m in enumerate(extract(pcap)):
        msgs.append((os.path.basename(pcap), i, m.hex()))
n_caps = len(msgs)
if os.path.exists(cases):
    for i, line in enumerate(open(cases)):
        line = line.strip()
        if line and not line.startswith('#'):
            msgs.append((os.path.basename(cases), i + 1, line.lower()))
if not n_caps:
    print('no messages found in %s' % capdir)
    print('0 passed, 1 failed')
    sys.exit(1)

excl = {}
todo = []
for cap, i, h in msgs:
    rule = excluded(bytes.fromhex(h))
    if rule:
        excl[rule] = excl.get(rule, 0) + 1
    else:
        todo.append((cap, i, h))

uniq = sorted(set(h for _, _, h in todo))
r = subprocess.run([printer], input='\n'.join(uniq) + '\n',
                   capture_output=True, text=True)
ours_list = r.stdout.split('\n----\n')
if r.returncode != 0 or len(ours_list) < len(uniq):
    print('%s failed (exit %d): %s' % (printer, r.returncode, r.stderr))
    print('0 passed, 1 failed')
    sys.exit(1)
ours = dict(zip(uniq, ours_list))
with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
    theirs = dict(zip(uniq, ex.map(ovs, uniq)))

passed = failed = 0
shown = 0
for cap, i, h in todo:
    if ours[h] == theirs[h]:
        passed += 1
        continue
    failed += 1
    if shown < 10:
        shown += 1
        print('--- MISMATCH %s #%d: %s' % (cap, i, h[:160]))
        print('ovs-ofctl:\n' + theirs[h])
        print('of_print:\n' + ours[h])

print('%d messages (%d from %d captures, %d hand-made; %d distinct '
      'compared): %d compared, %d excluded%s' % (
          len(msgs), n_caps,
          len(set(c for c, _, _ in msgs[:n_caps])), len(msgs) - n_caps,
          len(uniq), len(todo),
          sum(excl.values()),
          (' (' + ', '.join('%s %d' % kv for kv in sorted(excl.items())) +
           ')') if excl else ''))
print('time %.1fs' % (time.time() - t0))
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
EOF
