#!/usr/bin/env bash
# of-switch's queue scheduling on real interfaces: two veth pairs in a
# namespace the test creates, of-switch between them with port 2 shaped to
# 2 Mbit/s (--max-rate) and two queues of 70% and 30% of it; two of-pktgen
# generators offer far more than that to each queue at once, then the
# queue statistics (read with of-ctl queue-stats) must show the 70/30
# split of what was sent, drops counted as each queue's errors, and the
# port's tx_dropped equal to their sum. Shares, not speeds, are asserted
# (the rate achieved is printed). Prints "N passed, N failed" last.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
SW=$B/bin/of-switch CTL=$B/bin/of-ctl GEN=$B/bin/of-pktgen
. tests/tap.sh

if [ "$(id -u)" != 0 ]; then
	nok "needs root (network namespaces)"
	summary
fi
make -s B="$B" "$SW" "$CTL" "$GEN" || {
	nok "build"
	summary
}
ns=qos$$
tmp=$(mktemp -d)
swpid=
cleanup() {
	if [ -n "$swpid" ]; then
		kill "$swpid" 2>/dev/null
		wait "$swpid" 2>/dev/null
	fi
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
nsx() { ip netns exec "$ns" "$@"; }
ip netns add "$ns"
nsx ip link set lo up
nsx ip link add g0 type veth peer name s1
nsx ip link add s2 type veth peer name k0
for i in g0 s1 s2 k0; do nsx ip link set "$i" up; done

ip netns exec "$ns" "$SW" --ports s1,s2 --max-rate s2:2M --queue s2:1:700 --queue s2:2:300 \
	--fail secure --listen ptcp:6634:127.0.0.1 >"$tmp/sw.log" 2>&1 &
swpid=$!
T=tcp:127.0.0.1:6634
for _ in $(seq 50); do
	nsx "$CTL" probe "$T" >/dev/null 2>&1 && break
	sleep 0.1
done
nsx "$CTL" add-flow "$T" "udp,tp_dst=5001,actions=enqueue:2:1" &&
	nsx "$CTL" add-flow "$T" "udp,tp_dst=5002,actions=enqueue:2:2" &&
	ok "of-switch with --max-rate and two queues takes the flows" ||
	nok "of-switch with --max-rate and two queues takes the flows ($(tail -3 "$tmp/sw.log"))"
nsx "$CTL" queue-get-config "$T" 2 >"$tmp/qc" 2>&1
grep -q "queue 1: min_rate:70.0%" "$tmp/qc" &&
	grep -q "queue 2: min_rate:30.0%" "$tmp/qc" &&
	ok "queue-get-config reports 70% and 30%" ||
	nok "queue-get-config reports 70% and 30% ($(tr '\n' ' ' <"$tmp/qc"))"

# Each generator offers 20000 frames of 500 bytes a second, 40 Mbit/s.
start=$(date +%s.%N)
for p in 5001 5002; do
	timeout 30 ip netns exec "$ns" "$GEN" gen -i g0 -s 500 -r 20000 -d 3 \
		--dport $p >"$tmp/gen.$p" 2>&1 &
done
wait_gens() {
	local rc=0
	for j in $(jobs -p); do
		[ "$j" = "$swpid" ] && continue
		wait "$j" || rc=1
	done
	return $rc
}
wait_gens && ok "both generators ran" || nok "both generators ran ($(cat "$tmp"/gen.*))"
# Read while the queues are still full: what was sent under saturation
# (what waits then drains, and the emptier queue would take it all).
end=$(date +%s.%N)
nsx "$CTL" queue-stats "$T" 2 >"$tmp/qs" 2>&1
sed 's/^/# /' "$tmp/qs"
field() { # field QUEUE NAME
	sed -n "s/.*queue $1: .*$2=\([0-9]*\).*/\1/p" "$tmp/qs" | head -1
}
p1=$(field 1 pkts) p2=$(field 2 pkts) e1=$(field 1 errors) e2=$(field 2 errors)
b1=$(field 1 bytes) b2=$(field 2 bytes)
if [ -n "$p1" ] && [ -n "$p2" ] && [ $((p1 + p2)) -gt 0 ]; then
	share=$((100 * p1 / (p1 + p2)))
	[ "$share" -ge 60 ] && [ "$share" -le 80 ] &&
		ok "queue 1 got ${share}% of what was sent (min_rate 70%): $p1 vs $p2 frames" ||
		nok "queue 1 got ${share}% of what was sent (min_rate 70%): $p1 vs $p2 frames"
	awk -v b=$((b1 + b2)) -v s="$start" -v e="$end" \
		'BEGIN { printf "# port 2 sent %.2f Mbit/s (shaped to 2)\n", b * 8 / (e - s) / 1e6 }'
else
	nok "queue statistics read ($(tr '\n' ' ' <"$tmp/qs"))"
fi
[ "${e1:-0}" -gt 0 ] && [ "${e2:-0}" -gt 0 ] &&
	ok "frames over the rate are dropped and counted as queue errors ($e1, $e2)" ||
	nok "frames over the rate are dropped and counted as queue errors (${e1:-?}, ${e2:-?})"
sleep 1 # what waits (at most 1 MiB: 4 s at 2 Mbit/s; here ~1 s) drains
nsx "$CTL" queue-stats "$T" 2 >"$tmp/qs" 2>&1
e1=$(field 1 errors) e2=$(field 2 errors)
nsx "$CTL" dump-ports "$T" 2 >"$tmp/dp" 2>&1
drop=$(sed -n 's/.*tx pkts=[0-9]*, bytes=[0-9]*, drop=\([0-9]*\).*/\1/p' "$tmp/dp")
[ -n "$drop" ] && [ "$drop" = $((${e1:-0} + ${e2:-0})) ] &&
	ok "port 2's tx_dropped ($drop) is the queues' errors summed" ||
	nok "port 2's tx_dropped (${drop:-?}) is the queues' errors summed ($(tr '\n' ' ' <"$tmp/dp"))"
kill "$swpid"
wait "$swpid"
rc=$?
swpid=
[ "$rc" = 0 ] && ok "of-switch exits 0 on SIGTERM" || nok "of-switch exits 0 on SIGTERM (exit $rc)"
summary
