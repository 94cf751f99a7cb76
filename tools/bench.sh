#!/usr/bin/env bash
# make bench: of-controller (learning app, 1 and 2 worker threads) against
# ovs-testcontroller, benchmarked one after the other on this machine with
# of-bench (16 switches x 1000 MACs, cbench style) in throughput and latency
# mode, then a table of the results; then the switch half,
# tools/bench-switch.sh (OVS's userspace datapath and of-switch, when built,
# on the same veth setup: forwarding rate and loss, flow-mod installation
# rate, packet-in path rate and ping RTT; its own knobs are listed there);
# then tools/bench-netstack.sh (netstack's TCP throughput over a tap beside
# Linux over veth, and of-bench against of-controller in direct mode beside
# kernel sockets); then tools/bench-xen.sh (the Xen images' sizes, the
# smallest memory= that works, boot time to listening and to HELLO).
# See docs/of-bench.md.
#
# Every controller is started at the beginning on its own loopback port and
# stays up until the end; only the processes this script starts are stopped
# (by PID, on exit or interrupt). Per-run output is kept in
# $B/bench-results/.
#
# Environment knobs (defaults in brackets):
#   B [build]              build directory holding bin/of-bench, bin/of-controller
#   OF_BENCH, OF_CONTROLLER  other binaries to use
#   BENCH_LOOPS [5]        loops per run, the first one a warm-up
#   BENCH_MS [1500]        ms per loop
#   BENCH_SWITCHES [16]    emulated switches (ovs-testcontroller serves 16 at most)
#   BENCH_MACS [1000]      source MACs per switch
#   BENCH_MODES ["throughput latency"]
set -u
cd "$(dirname "$0")/.." || exit 1

if [ -z "${B:-}" ] && [ "${SAN:-}" = 1 ]; then B=build/san; fi
B=${B:-build}
BENCH=${OF_BENCH:-$B/bin/of-bench}
CTL=${OF_CONTROLLER:-$B/bin/of-controller}
LOOPS=${BENCH_LOOPS:-5}
MS=${BENCH_MS:-1500}
SWITCHES=${BENCH_SWITCHES:-16}
MACS=${BENCH_MACS:-1000}
MODES=${BENCH_MODES:-throughput latency}
PY=/usr/bin/python3

pids=() # controllers we started
cur=""	# the of-bench run in progress
# ours PID: true if PID is still a child of this script (not a reused PID).
ours() {
	[ "$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')" = "$$" ]
}
cleanup() {
	local i p alive
	[ -n "$cur" ] && ours "$cur" && kill -TERM "$cur" 2>/dev/null
	for p in "${pids[@]}"; do
		ours "$p" && kill -TERM "$p" 2>/dev/null
	done
	for i in $(seq 20); do
		alive=0
		for p in "${pids[@]}"; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for p in "${pids[@]}"; do
		ours "$p" && kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	pids=()
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 130' INT TERM

if [ ! -x "$BENCH" ]; then
	echo "bench: $BENCH is not built (run make)" >&2
	exit 1
fi
rm -rf "$B/bench-results"
mkdir -p "$B/bench-results/ovs"
# Absolute: ovs-testcontroller wants an absolute control socket path.
LOGDIR=$(cd "$B/bench-results" && pwd)

# free_ports N: N distinct TCP ports nobody listens on (the kernel's pick),
# or fixed ones if Python is missing.
free_ports() {
	if [ -x "$PY" ]; then
		"$PY" -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
	else
		seq -s ' ' 16653 $((16652 + $1))
	fi
}

# wait_listen PORT PID: up to 5 s for PORT to accept a connection, while
# PID lives.
wait_listen() {
	local i
	for i in $(seq 50); do
		kill -0 "$2" 2>/dev/null || return 1
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

read -r P1 P2 P3 <<<"$(free_ports 3)"

# Controllers: label, port, command (empty: not available, reason in why).
labels=("of-controller --threads 1" "of-controller --threads 2" "ovs-testcontroller")
ports=("$P1" "$P2" "$P3")
declare -A why pid_of

start() {
	local i=$1
	shift
	"$@" >"$LOGDIR/controller-$i.log" 2>&1 &
	local p=$!
	pids+=("$p")
	pid_of[$i]=$p
	if ! wait_listen "${ports[$i]}" "$p"; then
		why[$i]="did not start (see $LOGDIR/controller-$i.log)"
	fi
}

if [ -x "$CTL" ]; then
	start 0 "$CTL" --listen "ptcp:$P1:127.0.0.1" --app learning --threads 1 \
	    --log-level warn
	start 1 "$CTL" --listen "ptcp:$P2:127.0.0.1" --app learning --threads 2 \
	    --log-level warn
else
	why[0]="of-controller: not built"
	why[1]="of-controller: not built"
fi
if command -v ovs-testcontroller >/dev/null; then
	# The default behaviour is a plain L2 learning switch that installs
	# exact-match flows; console logging off, its control socket in our
	# directory.
	OVS_RUNDIR=$LOGDIR/ovs OVS_LOGDIR=$LOGDIR/ovs start 2 \
	    ovs-testcontroller -O OpenFlow10 -vconsole:off "ptcp:$P3:127.0.0.1"
else
	why[2]="ovs-testcontroller: not installed"
fi

runs=$(($(wc -w <<<"$MODES") * 3))
secs=$(((LOOPS * MS / 1000 + 1) * runs))
cat <<EOF
== of-bench: controller benchmark (make bench)
   $SWITCHES switches x $MACS MACs; $LOOPS loops of $MS ms per run, the first a
   warm-up (left out); modes: $MODES; about $secs s in all.
   NOTE: this machine is shared ($(nproc 2>/dev/null || echo '?') cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))
   and of-bench itself runs on it. Absolute figures move with whatever else
   runs; the ratios against ovs-testcontroller matter more.
   Logs: $LOGDIR/
EOF
echo

declare -A avg sd ans fm po state
for mode in $MODES; do
	flag=--latency
	[ "$mode" = throughput ] && flag=--throughput
	for i in 0 1 2; do
		key=$i.$mode
		if [ -n "${why[$i]:-}" ]; then
			state[$key]=${why[$i]}
			continue
		fi
		log=$LOGDIR/run-$i-$mode.log
		echo "-- ${labels[$i]}, $mode mode, port ${ports[$i]}"
		# In the background, so that a signal is handled at once.
		timeout -s KILL $((LOOPS * MS / 1000 + 40)) "$BENCH" \
		    -c 127.0.0.1 -p "${ports[$i]}" -s "$SWITCHES" -M "$MACS" \
		    -l "$LOOPS" -w 1 -m "$MS" $flag >"$log" 2>&1 &
		cur=$!
		wait "$cur"
		rc=$?
		cur=""
		grep -E '^RESULT:|^  (responses|packet-ins answered)' "$log"
		line=$(grep '^RESULT mode=' "$log" | tail -n 1)
		if ! kill -0 "${pid_of[$i]}" 2>/dev/null; then
			why[$i]="exited during the $mode run (see $LOGDIR/controller-$i.log)"
		fi
		if [ "$rc" != 0 ] || [ -z "$line" ]; then
			state[$key]="failed (exit $rc, see $log)"
			grep '^of-bench: switch' "$log" | head -n 3 | sed 's/^/   /'
			continue
		fi
		get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
		avg[$key]=$(get avg)
		sd[$key]=$(get stddev)
		ans[$key]=$(get answered)
		fm[$key]=$(get flow_mods)
		po[$key]=$(get packet_outs)
		state[$key]=ok
	done
done

echo
echo "== results ($SWITCHES switches x $MACS MACs; responses = FLOW_MOD + PACKET_OUT)"
printf '%-26s %-10s %13s %10s %13s %10s %s\n' controller mode \
    "responses/s" stddev "answered/s" "vs ovs-tc" "FLOW_MOD:PACKET_OUT"
for mode in $MODES; do
	ref=${avg[2.$mode]:-}
	for i in 0 1 2; do
		key=$i.$mode
		if [ "${state[$key]}" != ok ]; then
			printf '%-26s %-10s %s\n' "${labels[$i]}" "$mode" \
			    "${state[$key]}"
			continue
		fi
		ratio=n/a
		if [ -n "$ref" ]; then
			ratio=$(awk -v a="${avg[$key]}" -v r="$ref" \
			    'BEGIN { if (r > 0) printf "%.2fx", a / r; else print "n/a" }')
		fi
		split=$(awk -v f="${fm[$key]}" -v p="${po[$key]}" \
		    'BEGIN { t = f + p; if (t > 0) printf "%.0f%%:%.0f%%", 100 * f / t, 100 * p / t; else print "-" }')
		printf '%-26s %-10s %13.0f %10.0f %13.0f %10s %s\n' \
		    "${labels[$i]}" "$mode" "${avg[$key]}" "${sd[$key]}" \
		    "${ans[$key]}" "$ratio" "$split"
	done
done

# The switch half: forwarding, flow-mods and packet-in, OVS vs of-switch.
echo
B=$B bash tools/bench-switch.sh

# netstack: TCP throughput over a tap vs Linux over veth, and of-bench
# against of-controller's direct mode vs kernel sockets (root only).
echo
B=$B bash tools/bench-netstack.sh

# The Xen images: sizes, smallest memory, boot time (root only; tier 2).
echo
bash tools/bench-xen.sh
