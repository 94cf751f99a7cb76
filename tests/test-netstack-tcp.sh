#!/usr/bin/env bash
# netstack's TCP against Linux's over a tap device in a network namespace,
# with ns-tapd's TCP services: a Linux client gets its bytes back from the
# echo server (with back-pressure: the client stops reading for a while);
# Linux sends 20 MB to the sink and the CRC-32 matches (Linux closes
# first); netstack connects to a Linux server and sends 20 MB, CRC-32
# matches (netstack closes first); a SYN to a closed port is refused (RST)
# both ways; every FIN handshake finishes (ns-tapd reports each connection
# closed cleanly, Linux keeps no half-closed socket); the counters ns-tapd
# prints on SIGTERM show no unexpected drops. Needs root, /dev/net/tun and
# python3. Prints "N passed, N failed" last.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
B=${B:-build}
bin=$B/bin/ns-tapd
MB20=$((20 * 1024 * 1024))
need_root_tun python3 ip timeout ss
make -s B="$B" "$bin" || { echo "0 passed, 1 failed"; exit 1; }
ns=nstcp$$
pids=()
tmp=$(mktemp -d)
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$ns"
nsx() { ip netns exec "$ns" "$@"; }
nsx ip link set lo up
nsx ip tuntap add dev tap0 mode tap
nsx ip addr add 10.77.0.1/24 dev tap0
nsx ip link set tap0 up

# The Linux side: one script, one mode per argument.
cat >"$tmp/peer.py" <<'PY'
import os, socket, sys, threading, time, zlib
mode = sys.argv[1]
def conn(port):
    s = socket.create_connection(("10.77.0.2", port), timeout=10)
    s.settimeout(10)
    return s
def recv_all(s):
    crc, n = 0, 0
    while True:
        b = s.recv(1 << 16)
        if not b:
            return n, crc
        crc, n = zlib.crc32(b, crc), n + len(b)
if mode == "echo":
    # Send `size` bytes from a thread; read nothing for `pause` s so the
    # echo server must hold back, then read everything back. Small socket
    # buffers make the pause stall the sender: netstack's windows closed.
    size, pause = int(sys.argv[3]), float(sys.argv[4])
    data = os.urandom(size)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32768)
    s.settimeout(10)
    s.connect(("10.77.0.2", int(sys.argv[2])))
    def tx():
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=tx)
    t.start()
    time.sleep(pause)
    stalled = t.is_alive()
    got = bytearray()
    while True:
        b = s.recv(1 << 16)
        if not b:
            break
        got += b
    t.join(10)
    s.close()
    if bytes(got) != data:
        print("mismatch %d of %d" % (len(got), size))
    elif pause and not stalled:
        print("sender never stalled")
    else:
        print("match")
elif mode == "sink":
    # Linux closes first: FIN after the data, then wait for netstack's.
    size = int(sys.argv[3])
    chunk = bytes(range(256)) * 256
    s = conn(int(sys.argv[2]))
    crc, sent = 0, 0
    while sent < size:
        b = chunk[: min(len(chunk), size - sent)]
        s.sendall(b)
        crc, sent = zlib.crc32(b, crc), sent + len(b)
    s.shutdown(socket.SHUT_WR)
    n, _ = recv_all(s)
    s.close()
    print("%d %08x eof" % (sent, crc))
elif mode == "server":
    # netstack closes first: read to its FIN, then close.
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("10.77.0.1", int(sys.argv[2])))
    l.listen(1)
    l.settimeout(10)
    open(sys.argv[3], "w").close()  # listening
    s, _ = l.accept()
    s.settimeout(10)
    n, crc = recv_all(s)
    s.close()
    print("%d %08x" % (n, crc))
elif mode == "refused":
    try:
        conn(int(sys.argv[2]))
        print("connected")
    except ConnectionRefusedError:
        print("refused")
    except OSError as e:
        print("error", e)
PY
peer() { timeout 30 ip netns exec "$ns" python3 "$tmp/peer.py" "$@"; }

# Starts ns-tapd with extra options $@, logging to $tmp/log; waits for it.
start() {
	: >"$tmp/log"
	ip netns exec "$ns" "$bin" --tap tap0 --ip 10.77.0.2/24 --gw 10.77.0.1 "$@" \
		>"$tmp/log" 2>&1 &
	pids=($!)
	for _ in $(seq 50); do
		grep -q '^ns-tapd: address' "$tmp/log" && return 0
		sleep 0.1
	done
	return 1
}
# Stops ns-tapd (SIGTERM: it prints its counters), bounded.
stop() {
	local p=${pids[0]} rc
	kill -TERM "$p" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$p" 2>/dev/null; then
		nok "ns-tapd exits on SIGTERM"
		kill -KILL "$p"
	fi
	wait "$p" 2>/dev/null
	rc=$?
	pids=()
	# A sanitizer report (build/san) fails the run too.
	if [ $rc != 0 ] || grep -qE 'runtime error|Sanitizer' "$tmp/log"; then
		nok "ns-tapd exit status $rc"
		grep -E -A5 'runtime error|Sanitizer' "$tmp/log" | head -n 20
	fi
}
# Waits up to 5 s for a line matching ERE $1 in the log.
wait_log() {
	for _ in $(seq 50); do
		grep -qE "$1" "$tmp/log" && return 0
		sleep 0.1
	done
	return 1
}
counter() { sed -nE "s/^$1 ([0-9]+)$/\1/p" "$tmp/log"; }
# Counters that must stay 0: malformed input, resource exhaustion, errors.
# $1 names the run; $2 (optional) is the one tcp_output_errors may reach:
# TCP counts a segment queued behind an ARP request (-EAGAIN) there, so
# an active open's first SYN is one; real failures show in the stack's
# tx_errors, ip_no_route and arp_queue_full.
check_counters() {
	local bad="" c v
	v=$(counter tcp_output_errors)
	[ "${v:-0}" -gt "${2:-0}" ] && bad=" tcp_output_errors=$v"
	for c in tx_errors ip_bad_csum ip_bad_len ip_no_route arp_queue_full \
		tcp_conn_reset tcp_conn_timeout \
		tcp_drop_short tcp_drop_bad_hlen tcp_drop_bad_csum \
		tcp_drop_bad_options tcp_drop_no_ts tcp_drop_bad_flags tcp_drop_not_local \
		tcp_drop_backlog_full tcp_drop_no_mem tcp_drop_ooo_full \
		tcp_drop_bad_ack tcp_drop_after_close; do
		v=$(counter "$c")
		[ -n "$v" ] && [ "$v" != 0 ] && bad="$bad $c=$v"
	done
	echo "# $1: $(grep -E '^tcp_' "$tmp/log" | tr '\n' ' ')"
	if grep -q '^tcp_segs_in' "$tmp/log" && [ -z "$bad" ]; then
		ok "$1: counters show no unexpected drops"
	else
		nok "$1: unexpected counters:$bad"
	fi
}
# No Linux socket to netstack may be left half-closed; with $2, Linux
# closed first and must have reached TIME-WAIT (it got netstack's FIN).
check_linux_sockets() {
	local all left
	if ! all=$(nsx ss -tanH "( dst 10.77.0.2 or src 10.77.0.2 )"); then
		nok "$1: ss failed"
		return
	fi
	left=$(echo "$all" | grep -vE '^(TIME-WAIT|LISTEN|$)')
	if [ -n "$left" ]; then nok "$1: Linux sockets left: $left"
	elif [ -n "${2:-}" ] && ! echo "$all" | grep -q '^TIME-WAIT'; then
		nok "$1: Linux closed first but has no TIME-WAIT socket"
	else ok "$1: Linux has no half-closed socket left"; fi
}

start --tcp-echo 7 --tcp-sink 9 || nok "ns-tapd started"
r=$(peer echo 7 2000 0)
if [ "$r" = match ]; then ok "TCP echo: 2000 bytes round-trip"
else nok "TCP echo small (got '$r')"; fi
r=$(peer echo 7 4000000 1.5)
if [ "$r" = match ]; then
	ok "TCP echo: 4 MB round-trip; client paused 1.5 s, its sender stalled (back-pressure)"
else nok "TCP echo 4 MB (got '$r')"; fi
if wait_log '^ns-tapd: tcp-echo closed .*\(4000000 bytes\): Success$'; then
	ok "TCP echo: both FINs exchanged, netstack closed cleanly"
else nok "TCP echo close"; grep tcp- "$tmp/log"; fi

t0=$(date +%s.%N)
r=$(peer sink 9 $MB20)
t1=$(date +%s.%N)
want=$(echo "$r" | awk '{print $1 " bytes crc32 " $2}')
if [ "${r##* }" = eof ] &&
	wait_log "^ns-tapd: tcp-sink received $want\$"; then
	ok "Linux -> netstack sink: 20 MB, CRC-32 matches ($(awk \
		"BEGIN{printf \"%.1f\", 20 / ($t1 - $t0)}") MB/s)"
else
	nok "Linux -> netstack sink (linux '$r')"
	grep tcp- "$tmp/log"
fi
if wait_log '^ns-tapd: tcp-sink closed .*: Success$'; then
	ok "Linux closes first: netstack's FIN acknowledged (LAST_ACK done)"
else nok "Linux closes first"; grep tcp- "$tmp/log"; fi
r=$(peer refused 4444)
if [ "$r" = refused ]; then ok "SYN to a closed netstack port: refused (RST)"
else nok "closed port (got '$r')"; fi
check_linux_sockets "echo and sink" timewait
stop
check_counters "echo and sink"
rst=$(counter tcp_rst_sent)
if [ "${rst:-0}" -ge 1 ]; then ok "netstack counted the RST it sent"
else nok "tcp_rst_sent is '${rst:-0}'"; fi

rm -f "$tmp/listening"
peer server 9000 "$tmp/listening" >"$tmp/server" &
srv=$!
pids=("$srv")
for _ in $(seq 50); do [ -e "$tmp/listening" ] && break; sleep 0.1; done
t0=$(date +%s.%N)
start --tcp-send 10.77.0.1:9000:$MB20 || nok "ns-tapd started"
pids+=("$srv")
for _ in $(seq 300); do kill -0 "$srv" 2>/dev/null || break; sleep 0.1; done
wait "$srv" 2>/dev/null
t1=$(date +%s.%N)
r=$(cat "$tmp/server")
if wait_log "^ns-tapd: tcp-send sent $MB20 bytes crc32 ${r#* }\$" &&
	[ "${r% *}" = "$MB20" ]; then
	ok "netstack -> Linux server: 20 MB, CRC-32 matches ($(awk \
		"BEGIN{printf \"%.1f\", 20 / ($t1 - $t0)}") MB/s)"
else
	nok "netstack -> Linux (linux '$r')"
	grep tcp- "$tmp/log"
fi
# Pattern check: Linux's CRC of i % 251 for i < 20 MB.
want=$(python3 -c "
import zlib
n = $MB20
b = bytes(range(251)) * (n // 251 + 1)
print('%08x' % zlib.crc32(b[:n]))")
if [ "${r#* }" = "$want" ]; then ok "netstack sent the documented pattern"
else nok "pattern CRC '${r#* }' != '$want'"; fi
if wait_log '^ns-tapd: tcp-send closed .*: Success$'; then
	ok "netstack closes first: FIN_WAIT -> TIME_WAIT, both FINs acknowledged"
else nok "netstack closes first"; grep tcp- "$tmp/log"; fi
sleep 0.3
check_linux_sockets "netstack closes first"
stop
check_counters "netstack sends" 1

start --tcp-send 10.77.0.1:9001:1000 || nok "ns-tapd started"
if wait_log '^ns-tapd: tcp-send failed after 0 bytes: Connection refused$'; then
	ok "netstack connecting to a closed Linux port: Connection refused"
else nok "connect to a closed port"; grep tcp- "$tmp/log"; fi
stop
summary
