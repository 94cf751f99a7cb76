#!/usr/bin/env bash
# netstack benchmarks (make bench runs this last; needs root and
# /dev/net/tun). Two parts, each side by side in one run:
#   1. TCP throughput: Linux -> netstack and netstack -> Linux over a tap
#      (ns-tapd's tcp-sink / tcp-send), against Linux -> Linux over a veth
#      pair between two network namespaces (with its segmentation offloads,
#      and without them: 1500-byte segments, as over the tap, when ethtool
#      can turn them off). The Linux end is the same small
#      Python sender/sink in every case, so its cost is the same. Each
#      direction runs BENCH_NS_RUNS times, interleaved; the median is
#      reported, and the ratio to the veth figure (the issue's target: at
#      least 0.8).
#   2. of-bench against of-controller --threads 1, in direct mode (netstack
#      on a tap, of-bench reaching it through the tap) and with kernel
#      sockets (loopback), throughput and latency modes.
# Everything runs in network namespaces this script creates and removes;
# processes are tracked and stopped by PID.
#
# Environment knobs (defaults in brackets):
#   B [build]               build directory (bin/ns-tapd, of-controller, of-bench)
#   BENCH_NS_MB [200]       MB per transfer
#   BENCH_NS_RUNS [3]       transfers per direction
#   BENCH_NS_BUF [262144]   ns-tapd's TCP buffers (--buf; the window netstack offers)
#   BENCH_LOOPS [5], BENCH_MS [1500], BENCH_SWITCHES [16], BENCH_MACS [1000]
#                           of-bench's, as in tools/bench.sh
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
MB=${BENCH_NS_MB:-200}
RUNS=${BENCH_NS_RUNS:-3}
LOOPS=${BENCH_LOOPS:-5}
MS=${BENCH_MS:-1500}
SWITCHES=${BENCH_SWITCHES:-16}
MACS=${BENCH_MACS:-1000}
PY=/usr/bin/python3
NSBUF="--no-crc --buf ${BENCH_NS_BUF:-262144}"
BYTES=$((MB * 1000000))

echo "== netstack: TCP throughput over a tap, and of-bench against direct mode"
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
	echo "   not run: needs root and /dev/net/tun"
	exit 0
fi
for f in "$B/bin/ns-tapd" "$B/bin/of-controller" "$B/bin/of-bench"; do
	if [ ! -x "$f" ]; then
		echo "   not run: $f is not built (run make)"
		exit 0
	fi
done
if [ ! -x "$PY" ]; then
	echo "   not run: $PY missing"
	exit 0
fi

NS=nsbench$$
NS2=nsbench2$$
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-netstack.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 130' INT TERM
ip netns add "$NS" && ip netns add "$NS2" || exit 1
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS2" ip link set lo up
ip link add bnv0 netns "$NS" type veth peer name bnv1 netns "$NS2"
ip netns exec "$NS" ip addr add 10.78.0.1/24 dev bnv0
ip netns exec "$NS2" ip addr add 10.78.0.2/24 dev bnv1
ip netns exec "$NS" ip link set bnv0 up
ip netns exec "$NS2" ip link set bnv1 up
# A second pair without segmentation offloads: the kernel then handles
# 1500-byte segments, as netstack does over the tap.
ip link add bnw0 netns "$NS" type veth peer name bnw1 netns "$NS2"
ip netns exec "$NS" ip addr add 10.81.0.1/24 dev bnw0
ip netns exec "$NS2" ip addr add 10.81.0.2/24 dev bnw1
ip netns exec "$NS" ip link set bnw0 up
ip netns exec "$NS2" ip link set bnw1 up
nooff=no
if command -v ethtool >/dev/null &&
	ip netns exec "$NS" ethtool -K bnw0 tso off gso off gro off >/dev/null 2>&1 &&
	ip netns exec "$NS2" ethtool -K bnw1 tso off gso off gro off >/dev/null 2>&1; then
	nooff=yes
fi

# The Linux end: `send HOST PORT BYTES` connects, sends, half-closes and
# waits for the peer's close; `sink HOST PORT` accepts one connection and
# reads to its end. Each prints "SECONDS BYTES": from connect (send) or
# accept (sink) to the end.
cat >"$work/tcpx.py" <<'EOF'
import socket, sys, time
mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == 'send':
    total = int(sys.argv[4])
    buf = bytes(i % 251 for i in range(1 << 20))
    s = socket.create_connection((host, port), timeout=60)
    t0 = time.monotonic()
    left = total
    mv = memoryview(buf)
    while left > 0:
        n = s.send(mv[:min(left, len(buf))])
        left -= n
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    print('%.6f %d' % (time.monotonic() - t0, total))
else:
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((host, port))
    ls.listen(1)
    print('listening', flush=True)
    ls.settimeout(60)
    s, _ = ls.accept()
    s.settimeout(60)
    t0 = time.monotonic()
    got = 0
    buf = bytearray(1 << 20)
    while True:
        n = s.recv_into(buf)
        if not n:
            break
        got += n
    dt = time.monotonic() - t0
    s.close()
    print('%.6f %d' % (dt, got))
EOF

# wait_tap NS NAME: until the tap exists (bounded).
wait_tap() {
	local i
	for i in $(seq 100); do
		ip netns exec "$1" test -e "/sys/class/net/$2" && return 0
		sleep 0.05
	done
	return 1
}
# up_tap NAME ADDR: the kernel side of a tap in $NS.
up_tap() {
	ip netns exec "$NS" ip addr add "$2" dev "$1" &&
		ip netns exec "$NS" ip link set "$1" up
}
# mbps "SECONDS BYTES": MB/s.
mbps() {
	awk '{ if ($1 > 0) printf "%.1f", $2 / $1 / 1e6; else print "0" }' <<<"$1"
}

# Linux -> netstack: one ns-tapd sink for all runs.
ip netns exec "$NS" "$B/bin/ns-tapd" --tap bnt0 --ip 10.77.0.2/24 $NSBUF \
	--tcp-sink 5001 >"$work/sink.log" 2>&1 &
pids+=($!)
wait_tap "$NS" bnt0 && up_tap bnt0 10.77.0.1/24
ip netns exec "$NS" ping -c 1 -W 2 10.77.0.2 >/dev/null

run_to_ns() {
	ip netns exec "$NS" timeout 120 "$PY" "$work/tcpx.py" send 10.77.0.2 \
		5001 "$BYTES"
}
# netstack -> Linux: a persistent tap with its kernel side up first, so
# the sink listens before ns-tapd (one per run: it sends once) connects.
ip netns exec "$NS" ip tuntap add mode tap bnt1 && up_tap bnt1 10.79.0.1/24
run_from_ns() {
	local sp tp out
	ip netns exec "$NS" timeout 120 "$PY" "$work/tcpx.py" sink 10.79.0.1 \
		5002 >"$work/sinkpy.out" 2>&1 &
	sp=$!
	for _ in $(seq 50); do
		grep -q listening "$work/sinkpy.out" && break
		sleep 0.05
	done
	ip netns exec "$NS" "$B/bin/ns-tapd" --tap bnt1 --ip 10.79.0.2/24 $NSBUF \
		--tcp-send "10.79.0.1:5002:$BYTES" >"$work/send.log" 2>&1 &
	tp=$!
	pids+=("$tp")
	wait "$sp"
	out=$(tail -n 1 "$work/sinkpy.out")
	kill -TERM "$tp" 2>/dev/null
	wait "$tp" 2>/dev/null
	echo "$out"
}
run_veth() { run_pair 10.78.0.2; }
run_veth_nooff() { run_pair 10.81.0.2; }
run_pair() {
	local sp
	ip netns exec "$NS2" timeout 120 "$PY" "$work/tcpx.py" sink "$1" \
		5003 >"$work/vethsink.out" 2>&1 &
	sp=$!
	for _ in $(seq 50); do
		grep -q listening "$work/vethsink.out" && break
		sleep 0.05
	done
	ip netns exec "$NS" timeout 120 "$PY" "$work/tcpx.py" send "$1" \
		5003 "$BYTES" >/dev/null
	wait "$sp"
	tail -n 1 "$work/vethsink.out"
}

echo "   $MB MB per transfer, $RUNS transfers per direction, interleaved;"
echo "   $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
kinds="to_ns from_ns veth"
[ $nooff = yes ] && kinds="$kinds veth_nooff"
declare -A res
for r in $(seq "$RUNS"); do
	for kind in $kinds; do
		out=$(run_$kind)
		v=$(mbps "$out")
		case $out in
		*" $BYTES") ;;
		*) v="failed($out)" ;;
		esac
		res[$kind]="${res[$kind]:-} $v"
		echo "   run $r $kind: $v MB/s"
	done
done
median() {
	tr ' ' '\n' <<<"$1" | grep -E '^[0-9.]+$' | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "n/a" }'
}
ref=$(median "${res[veth]}")
ref2=n/a
[ $nooff = yes ] && ref2=$(median "${res[veth_nooff]}")
echo
printf '   %-44s %11s %8s %14s\n' path "MB/s median" "vs veth" \
	"vs veth no-off"
for kind in $kinds; do
	m=$(median "${res[$kind]}")
	case $kind in
	to_ns) label="Linux -> netstack (tap)" ;;
	from_ns) label="netstack -> Linux (tap)" ;;
	veth) label="Linux -> Linux (veth, offloads on)" ;;
	veth_nooff) label="Linux -> Linux (veth, TSO/GSO/GRO off)" ;;
	esac
	ratio=$(awk -v a="$m" -v r="$ref" 'BEGIN { if (r > 0 && a > 0) printf "%.2fx", a / r; else print "n/a" }')
	ratio2=$(awk -v a="$m" -v r="$ref2" 'BEGIN { if (r > 0 && a > 0) printf "%.2fx", a / r; else print "n/a" }')
	printf '   %-44s %11s %8s %14s\n' "$label" "$m" "$ratio" "$ratio2"
done
[ $nooff = yes ] || echo "   (ethtool missing or refused: no offload-free veth figure)"

# ---- 2. of-bench: direct mode vs kernel sockets --------------------------
echo
echo "== of-bench: of-controller --threads 1, direct mode (netstack on a tap) vs kernel sockets"
ip netns exec "$NS" "$B/bin/of-controller" --net tap:bnc0,ip=10.80.0.2/24 \
	--app learning --log-level warn >"$work/ctl-direct.log" 2>&1 &
pids+=($!)
wait_tap "$NS" bnc0 && up_tap bnc0 10.80.0.1/24
ip netns exec "$NS" ping -c 1 -W 2 10.80.0.2 >/dev/null
ip netns exec "$NS" "$B/bin/of-controller" --listen ptcp:6653:127.0.0.1 \
	--threads 1 --app learning --log-level warn >"$work/ctl-kernel.log" 2>&1 &
pids+=($!)
sleep 0.5
declare -A fig
for mode in throughput latency; do
	for target in direct:10.80.0.2 kernel:127.0.0.1; do
		name=${target%%:*}
		log=$work/bench-$name-$mode.log
		ip netns exec "$NS" timeout -s KILL $((LOOPS * MS / 1000 + 40)) \
			"$B/bin/of-bench" -c "${target#*:}" -p 6653 -s "$SWITCHES" \
			-M "$MACS" -l "$LOOPS" -w 1 -m "$MS" "--$mode" >"$log" 2>&1
		line=$(grep '^RESULT mode=' "$log" | tail -n 1)
		fig[$name.$mode]=$(sed -n 's/.* avg=\([^ ]*\).*/\1/p' <<<"$line")
		echo "   $name, $mode: ${fig[$name.$mode]:-failed (see below)} responses/s"
		[ -z "$line" ] && tail -n 3 "$log" | sed 's/^/     /'
	done
done
echo
printf '   %-10s %16s %16s %12s\n' mode "direct resp/s" "kernel resp/s" "direct/kernel"
for mode in throughput latency; do
	d=${fig[direct.$mode]:-}
	k=${fig[kernel.$mode]:-}
	ratio=$(awk -v a="${d:-0}" -v r="${k:-0}" 'BEGIN { if (r > 0 && a > 0) printf "%.2fx", a / r; else print "n/a" }')
	printf '   %-10s %16s %16s %12s\n' "$mode" "${d:-n/a}" "${k:-n/a}" "$ratio"
done
