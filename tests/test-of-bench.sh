#!/usr/bin/env bash
# Functional test of of-bench (docs/of-bench.md). No timing assertions: only
# that things happen and are counted.
#
# 1. Command line: --help documents every option (and so does the man page),
#    --version, bad command lines exit 2 with a clear message.
# 2. Against ovs-testcontroller (a real learning controller), 4 switches for
#    about a second in latency and in throughput mode: every switch completes
#    the handshake, responses are counted (> 0), exit 0.
# 3. Against a scripted controller (Python, below): the replies of the
#    handshake (ECHO, BARRIER, GET_CONFIG, DESC stats, VENDOR refused) carry
#    the right xids; a controller answering each PACKET_IN with a FLOW_MOD
#    and a PACKET_OUT (buffered, or unbuffered carrying the frame) never has
#    two PACKET_INs outstanding in latency mode and scores 2 responses per
#    answered PACKET_IN; a too-short FLOW_MOD is answered with
#    OFPT_ERROR/BAD_LEN; a length below 8, garbage bytes and a controller
#    that hangs up are reported, close that switch, exit 1, never crash.
# 4. Nobody listening: exit 1 with the reason.
# The sanitizer build (build/san/bin/of-bench) is used where it exists.
# Prints "N passed, N failed[, N skipped]" last.
set -u
cd "$(dirname "$0")/.." || exit 1

BENCH=${OF_BENCH:-build/bin/of-bench}
BENCH_SAN=${OF_BENCH_SAN:-build/san/bin/of-bench}
PY=/usr/bin/python3
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
pids=() # processes still running that we started (reaped ones are removed)

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	if [ -n "${KEEP:-}" ]; then
		echo "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

ok() {
	pass=$((pass + 1))
	echo "ok - $1"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL - $1"
}
skipped() {
	skip=$((skip + 1))
	echo "SKIP - $1"
}
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

# run ARGS...: runs a command with a time bound, leaving stdout in $out,
# stderr in $err, the status in $rc. A crash or sanitizer report fails.
run() {
	timeout -s KILL 20 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	if [ "$rc" -gt 2 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		bad "no crash or sanitizer report: $* (exit $rc)"
		sed 's/^/    /' "$tmp/err" | head -n 20
	fi
}

# field NAME: the value of NAME=... in the "RESULT mode=" line of $out.
field() {
	sed -n "s/^RESULT mode=.* $1=\([^ ]*\).*/\1/p" <<<"$out" | tail -n 1
}

if [ ! -x "$BENCH" ]; then
	bad "$BENCH is built (run make)"
	echo "$pass passed, $fail failed"
	exit 1
fi
[ -x "$BENCH_SAN" ] || BENCH_SAN=$BENCH

# --- 1. command line --------------------------------------------------------
OPTS="--controller --port --switches --macs --mac-addresses --throughput
--latency --learn-dst-macs --no-learn-dst-macs --dpid-offset --loops
--ms-per-test --warmup --cooldown --delay --connect-delay
--connect-group-size --handshake-timeout --probe-timeout --ranged-test
--debug --help --version"
run "$BENCH" --help
missing=""
for o in $OPTS "Exit status"; do
	grep -q -- "$o" <<<"$out" || missing="$missing $o"
done
check "--help documents every option${missing:+ (missing:$missing)}" \
    test "$rc" = 0 -a -z "$missing"
short=$(grep -oE '^  -[a-zA-Z],' <<<"$out" | tr -d ' ,-' | sort | tr -d '\n')
check "--help lists the cbench short options (got $short)" \
    test "$short" = "CDILMVcdhilmoprstw"
missing=""
for o in $OPTS; do
	grep -q -- "${o//-/\\\\-}" docs/of-bench.1 || missing="$missing $o"
done
check "the man page documents every option${missing:+ (missing:$missing)}" \
    test -z "$missing"
run "$BENCH" --version
check "--version" test "$rc" = 0 -a "$out" = "of-bench (ofsuite) 0.1"

bad_cmd() {
	local want=$1
	shift
	run "$BENCH" "$@"
	check "bad command line '$*': exit 2, says '$want'" \
	    bash -c 'test "$2" = 2 && grep -q -- "$3" <<<"$1" &&
		grep -q "Try .of-bench --help" <<<"$1"' _ "$err" "$rc" "$want"
}
bad_cmd "invalid value '0' for --switches" -s 0
bad_cmd "invalid value 'many' for --switches" --switches many
bad_cmd "invalid value '70000' for --port" -p 70000
bad_cmd "invalid value '-5' for --macs" -M -5
bad_cmd "invalid value '1x' for --ms-per-test" -m 1x
bad_cmd "must be fewer than --loops" -l 3 -w 2 -C 1
bad_cmd "unknown option --frobnicate" --frobnicate
bad_cmd "unknown option -z" -z
bad_cmd "option --loops needs a value" --loops
bad_cmd "unexpected argument 'extra'" extra
bad_cmd "expected on or off" --learn-dst-macs=maybe
bad_cmd "overflows" -o 18446744073709551615 -s 2

# free_port: prints a TCP port nobody listens on (the OS picks it).
free_port() {
	"$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_listen PORT PID: waits up to 5 s for PORT to accept connections.
wait_listen() {
	local i
	for i in $(seq 50); do
		kill -0 "$2" 2>/dev/null || return 1
		if "$PY" -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.2).close()' "$1" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# --- 2. against ovs-testcontroller --------------------------------------------
if ! command -v ovs-testcontroller >/dev/null; then
	skipped "ovs-testcontroller not installed (apt-get install openvswitch-testcontroller)"
else
	port=$(free_port)
	mkdir -p "$tmp/ovs"
	OVS_RUNDIR=$tmp/ovs OVS_LOGDIR=$tmp/ovs ovs-testcontroller -O OpenFlow10 \
	    -vconsole:off "ptcp:$port:127.0.0.1" >"$tmp/ovs/out" 2>&1 &
	tc=$!
	pids+=("$tc")
	if ! wait_listen "$port" "$tc"; then
		bad "ovs-testcontroller listens on $port"
	else
		for mode in latency throughput; do
			flag=--latency
			[ $mode = throughput ] && flag=-t
			run "$BENCH_SAN" -p "$port" -s 4 -M 100 -l 3 -m 400 $flag
			n_loops=$(grep -c 'total = .* per ms' <<<"$out")
			check "$mode vs ovs-testcontroller: exit 0, 3 cbench loop lines" \
			    test "$rc" = 0 -a "$n_loops" = 3
			check "$mode vs ovs-testcontroller: all 4 switches kept" \
			    test "$(field switches)" = 4 -a "$(field lost_switches)" = 0
			avg=$(field avg)
			check "$mode vs ovs-testcontroller: responses counted (avg $avg/s, $(field flow_mods) flow_mods)" \
			    bash -c 'awk "BEGIN{exit !($1 > 0 && $2 > 0)}"' _ "${avg:-0}" "$(field flow_mods)"
			check "$mode vs ovs-testcontroller: cbench RESULT line" \
			    grep -q '^RESULT: 4 switches 2 tests min/max/avg/stdev = ' <<<"$out"
		done
	fi
fi

# --- 3. against a scripted controller ---------------------------------------
cat >"$tmp/peer.py" <<'EOF'
# A scripted OpenFlow 1.0 controller: accepts one connection per switch on
# an OS-chosen port (written to argv[2]), runs the handshake and then
# behaves as argv[1] says. Prints findings on stdout.
import socket, struct, sys, threading, time

mode, portfile, nsw = sys.argv[1], sys.argv[2], int(sys.argv[3])
NO_BUFFER = 0xffffffff
lock = threading.Lock()


def say(*a):
    with lock:
        print(*a, flush=True)


def msg(t, xid, body=b""):
    return struct.pack("!BBHI", 1, t, 8 + len(body), xid) + body


class Conn:
    def __init__(self, s):
        self.s, self.buf = s, b""

    def recv(self):
        while True:
            if len(self.buf) >= 8:
                ln = struct.unpack("!H", self.buf[2:4])[0]
                if len(self.buf) >= ln:
                    m, self.buf = self.buf[:ln], self.buf[ln:]
                    return m
            try:
                d = self.s.recv(65536)
            except OSError:
                d = b""
            if not d:
                return None
            self.buf += d


def flow_mod(buffer_id, dl_src=None):
    wild = 0x3FFFFF
    src = b"\0" * 6
    if dl_src is not None:
        wild &= ~4
        src = dl_src
    match = struct.pack("!IH6s6sHBxHBBxxIIHH", wild, 1, src, b"\0" * 6,
                        0, 0, 0, 0, 0, 0, 0, 0, 0)
    body = match + struct.pack("!QHHHHIHH", 0, 0, 0, 0, 0x8000, buffer_id,
                               0xFFFF, 0) + struct.pack("!HHHH", 0, 8, 2, 0)
    return msg(14, 0, body)


def packet_out(buffer_id, data=b""):
    return msg(13, 0, struct.pack("!IHH", buffer_id, 1, 8) +
               struct.pack("!HHHH", 0, 8, 2, 0) + data)


def serve(s, idx):
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c = Conn(s)
    s.sendall(msg(0, 1))
    s.sendall(msg(5, 2))
    while True:
        m = c.recv()
        if m is None:
            say("lost before features", idx)
            return
        if m[1] == 6:
            break
    if mode == "short":
        s.sendall(b"\x01\x0a\x00\x04\x00\x00\x00\x09")
    elif mode == "garbage":
        s.sendall(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")
    elif mode == "hangup":
        while True:
            m = c.recv()
            if m is None or m[1] == 10:
                break
        s.close()
        return
    else:
        # Requests whose replies we check, then a too-short FLOW_MOD.
        s.sendall(msg(2, 100, b"abc") + msg(18, 101) + msg(7, 102) +
                  msg(16, 103, struct.pack("!HH", 0, 0)) +
                  msg(4, 104, struct.pack("!I", 0x2320)) +
                  msg(14, 105, b"\0" * 8))
    want = {3: 100, 19: 101, 8: 102, 17: 103}
    seen_err = set()
    violations = 0
    answered = 0
    while True:
        # One message (waiting for it), then whatever else arrives within
        # 2 ms: in latency mode that batch holds at most one PACKET_IN.
        m = c.recv()
        if m is None:
            break
        batch = [m]
        time.sleep(0.002)
        s.setblocking(False)
        try:
            while True:
                d = s.recv(65536)
                if not d:
                    break
                c.buf += d
        except OSError:
            pass
        s.setblocking(True)
        while len(c.buf) >= 8 and \
                len(c.buf) >= struct.unpack("!H", c.buf[2:4])[0]:
            batch.append(c.recv())
        probes = []
        for m in batch:
            t, xid = m[1], struct.unpack("!I", m[4:8])[0]
            if t in want and want[t] == xid:
                if t == 3 and m[8:] != b"abc":
                    say("bad echo payload")
                del want[t]
            elif t == 1:
                etype, code = struct.unpack("!HH", m[8:12])
                seen_err.add((xid, etype, code))
            elif t == 10:
                buffer_id = struct.unpack("!I", m[8:12])[0]
                frame = m[18:]
                if buffer_id == NO_BUFFER and frame[12:14] == b"\x08\x06":
                    continue  # the gratuitous ARP
                probes.append((buffer_id, frame))
        if len(probes) > 1:
            violations += 1
        try:
            for buffer_id, frame in probes:
                # The FLOW_MOD answers; the PACKET_OUT, 2 ms later, must
                # not make the switch send another PACKET_IN.
                if mode == "fmpo":
                    s.sendall(flow_mod(buffer_id))
                    time.sleep(0.002)
                    s.sendall(packet_out(buffer_id))
                elif mode == "fmpo-data":
                    s.sendall(flow_mod(NO_BUFFER, frame[6:12]))
                    time.sleep(0.002)
                    s.sendall(packet_out(NO_BUFFER, frame))
                answered += 1
                if answered == 20:
                    say("replies missing:", sorted(want.keys()) or "none")
                    say("vendor refused:", (104, 1, 3) in seen_err)
                    say("short flow_mod refused:", (105, 1, 6) in seen_err)
        except OSError:
            break
    say("violations", idx, violations, "answered", answered)


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(64)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
threads = []
for i in range(nsw):
    s, _ = srv.accept()
    t = threading.Thread(target=serve, args=(s, i), daemon=True)
    t.start()
    threads.append(t)
for t in threads:
    t.join()
EOF

# start_peer MODE N: starts the scripted controller; sets $peer, $pport.
start_peer() {
	rm -f "$tmp/port"
	"$PY" "$tmp/peer.py" "$1" "$tmp/port" "$2" >"$tmp/peer.out" 2>&1 &
	peer=$!
	pids=("${pids[@]}" "$peer")
	for _ in $(seq 50); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	pport=$(cat "$tmp/port" 2>/dev/null)
}
# stop_peer: gives the peer 5 s to finish its report, then kills it.
stop_peer() {
	local i
	for i in $(seq 50); do
		kill -0 "$peer" 2>/dev/null || break
		sleep 0.1
	done
	kill "$peer" 2>/dev/null
	wait "$peer" 2>/dev/null
	local p keep=()
	for p in "${pids[@]}"; do
		[ "$p" = "$peer" ] || keep+=("$p")
	done
	pids=("${keep[@]}")
}

if [ ! -x "$PY" ]; then
	skipped "scripted-controller checks: $PY missing"
else
	for mode in fmpo fmpo-data; do
		start_peer "$mode" 2
		run "$BENCH_SAN" -p "$pport" -s 2 -M 7 -l 2 -m 600
		stop_peer
		peer_out=$(cat "$tmp/peer.out")
		check "$mode: exit 0" test "$rc" = 0
		check "$mode: ECHO, BARRIER, GET_CONFIG, DESC replies with the request's xid" \
		    test "$(grep -c '^replies missing: none$' <<<"$peer_out")" = 2
		check "$mode: VENDOR refused with BAD_REQUEST/BAD_VENDOR" \
		    test "$(grep -c '^vendor refused: True$' <<<"$peer_out")" = 2
		check "$mode: short FLOW_MOD answered with BAD_REQUEST/BAD_LEN" \
		    test "$(grep -c '^short flow_mod refused: True$' <<<"$peer_out")" = 2
		check "$mode: latency mode never has two PACKET_INs outstanding" \
		    test "$(grep -cE '^violations [01] 0 answered ([2-9][0-9]|[0-9]{3,})$' <<<"$peer_out")" = 2
		avg=$(field avg)
		answered=$(field answered)
		check "$mode: FLOW_MOD + PACKET_OUT score 2 per answered PACKET_IN ($avg vs $answered/s)" \
		    bash -c 'awk "BEGIN{r = $1 / ($2 + 0.001); exit !($2 > 0 && r > 1.9 && r < 2.1)}"' \
		    _ "${avg:-0}" "${answered:-0}"
		check "$mode: the malformed message is reported" \
		    grep -q 'malformed FLOW_MOD (16 bytes)' <<<"$err"
	done

	for mode in short garbage hangup; do
		start_peer "$mode" 2
		run "$BENCH_SAN" -p "$pport" -s 2 -M 5 -l 2 -m 300 --handshake-timeout 3000
		stop_peer
		case $mode in
		short) want="message length below 8" ;;
		garbage) want="garbage from the controller: a message of version 0x47" ;;
		hangup) want="connection closed by the controller\|Connection reset by peer" ;;
		esac
		check "$mode: both switches reported ('${want//\\|/ or }') and closed, exit 1" \
		    bash -c 'test "$2" = 1 && test "$(grep -c -- "$3" <<<"$1")" = 2' \
		    _ "$err" "$rc" "$want"
	done
fi

# --- 4. nobody listening -------------------------------------------------------
port=$(free_port)
run "$BENCH" -c 127.0.0.1 -p "$port" -s 2 -l 2 -m 100
check "nobody listening: exit 1, 'Connection refused'" \
    bash -c 'test "$2" = 1 && grep -q "Connection refused" <<<"$1" &&
	grep -q "no switch completed the handshake" <<<"$1"' _ "$err" "$rc"

if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
