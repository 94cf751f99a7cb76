#!/usr/bin/env bash
# The switch half of make bench (also runnable alone): Open vSwitch's
# userspace datapath (a netdev bridge) and, when it is built and runs, our
# of-switch, side by side on the same veth setup, against the bare veth
# ceiling. See docs/of-bench.md, "The switch benchmark".
#
#   gen netns:  g0 ---- sw0  switch netns (OVS or of-switch, ports 1 and 2)
#   sink netns: k0 ---- sw1
#   bare veth:  b0 (gen netns) ---- b1 (sink netns)
#
# Measured, each case for the same window after a warm-up: forwarding rate
# and loss for 64- and 1514-byte frames with 1 flow (in_port=1
# actions=output:2) and with 1,000 exact flows (one per generator flow);
# flow-mod installation rate (of-bench flow-mods: N ADDs pipelined, one
# barrier); the packet-in path (empty table, the switch connected to a hub
# controller that floods by PACKET_OUT): rate at the sink and ping RTT.
# The generator (of-pktgen gen) runs on CPU 0; the switch, the controller
# and the sink (of-pktgen sink) on CPU 1. A final table gives every figure
# and the ratio of-switch/OVS.
#
# It creates its own network namespaces (names start with ofsb<PID>-) and its
# own ovs-vswitchd with private state directories, and removes them on exit
# or interrupt; it stops only the processes it started, by PID. Every step
# is bounded in time. Logs and raw results: $B/bench-results/switch/.
#
# Environment knobs (defaults in brackets):
#   B [build]                  build directory (bin/of-pktgen, bin/of-bench,
#                              bin/of-controller, bin/of-switch)
#   OF_PKTGEN, OF_BENCH, OF_CONTROLLER, OF_SWITCH  other binaries
#   SWBENCH_SECS [5]           measuring window per forwarding case, seconds
#   SWBENCH_WARMUP [1]         warm-up before each window, seconds
#   SWBENCH_SIZES ["64 1514"]  frame sizes (bytes without FCS)
#   SWBENCH_FLOWS [1000]       flows of the many-flows case
#   SWBENCH_FLOWMODS [100000]  flow-mods in the installation-rate test
#   SWBENCH_PINGS [20]         pings through the packet-in path
#   SWBENCH_SWITCHES ["ovs of-switch"]  which switches to measure
#   SWBENCH_CONTROLLER [auto]  of-controller (hub app) or ovs-testcontroller
#                              (--hub) for the packet-in path; auto: ours if
#                              built
set -u
cd "$(dirname "$0")/.." || exit 1

B=${B:-build}
PKTGEN=${OF_PKTGEN:-$B/bin/of-pktgen}
BENCH=${OF_BENCH:-$B/bin/of-bench}
CTL=${OF_CONTROLLER:-$B/bin/of-controller}
SW=${OF_SWITCH:-$B/bin/of-switch}
SECS=${SWBENCH_SECS:-5}
WARM=${SWBENCH_WARMUP:-1}
SIZES=${SWBENCH_SIZES:-64 1514}
NFLOWS=${SWBENCH_FLOWS:-1000}
FLOWMODS=${SWBENCH_FLOWMODS:-100000}
PINGS=${SWBENCH_PINGS:-20}
SWITCHES=${SWBENCH_SWITCHES:-ovs of-switch}
CTL_KIND=${SWBENCH_CONTROLLER:-auto}
OFCTL="ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names"
MGMT_PORT=16634 # the switch's passive listener, in the switch netns
CTL_PORT=16653	# the controller, in the switch netns

tag=ofsb$$
NS_G=$tag-g NS_S=$tag-s NS_K=$tag-k
RES=$B/bench-results/switch
rm -rf "$RES"
mkdir -p "$RES" || exit 1
RES=$(cd "$RES" && pwd)
STATE=$(mktemp -d /tmp/ofsb.XXXXXX)
OVS_ENV=(OVS_RUNDIR="$STATE/ovs/run" OVS_LOGDIR="$RES/ovs"
	OVS_DBDIR="$STATE/ovs/db" OVS_SYSCONFDIR="$STATE/ovs/etc")

pids=() # background processes we started
ovs_up=0
# ours PID: true if PID is still a child of this script (not a reused PID).
ours() {
	[ "$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')" = "$$" ]
}
# stop_pids PID...: TERM, up to 2 s, then KILL; only our children.
stop_pids() {
	local p i alive
	for p in "$@"; do
		ours "$p" && kill -TERM "$p" 2>/dev/null
	done
	for i in $(seq 20); do
		alive=0
		for p in "$@"; do
			ours "$p" && kill -0 "$p" 2>/dev/null && alive=1
		done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for p in "$@"; do
		ours "$p" && kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
}
# forget PID: drop PID from pids (it was reaped).
forget() {
	local p keep=()
	for p in "${pids[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	pids=("${keep[@]}")
}
ovs_stop() {
	local f p
	[ $ovs_up = 1 ] || return 0
	ovs_up=0
	env "${OVS_ENV[@]}" timeout -k 2 30 ip netns exec "$NS_S" \
	    /usr/share/openvswitch/scripts/ovs-ctl stop >>"$RES/ovs/ctl.log" 2>&1
	# Whatever did not stop: our daemons, known by our pid files.
	for f in "$STATE"/ovs/run/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	done
}
cleanup() {
	local n
	trap - INT TERM
	[ ${#pids[@]} -gt 0 ] && stop_pids "${pids[@]}"
	pids=()
	ovs_stop
	for n in "$NS_G" "$NS_S" "$NS_K"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$STATE"
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 130' INT TERM

# spawn SECS CMD...: runs CMD in the background bounded by SECS; sets $last.
spawn() {
	local secs=$1
	shift
	timeout -k 2 "$secs" "$@" &
	last=$!
	pids+=("$last")
}
# run_bounded SECS CMD...: the same, waited for (interruptible); returns its status.
run_bounded() {
	local rc
	spawn "$@"
	wait "$last"
	rc=$?
	forget "$last"
	return $rc
}
nsx() { # nsx NS CMD...
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}
# field KEY LINE: the value of KEY=... in LINE.
field() {
	sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" <<<"$2"
}
note() { echo "   $*"; }

# --- prerequisites --------------------------------------------------------
skip_all() {
	echo "== switch benchmark: skipped: $*"
	exit 0
}
[ "$(id -u)" = 0 ] || skip_all "needs root (network namespaces, AF_PACKET)"
for t in ip taskset timeout ping ss; do
	command -v $t >/dev/null || skip_all "$t is not installed"
done
[ -x "$PKTGEN" ] || skip_all "$PKTGEN is not built (run make)"
[ -x "$BENCH" ] || skip_all "$BENCH is not built (run make)"
ncpu=$(nproc 2>/dev/null || echo 1)
if [ "$ncpu" -ge 2 ]; then
	CPU_GEN=0 CPU_SW=1
else
	CPU_GEN=0 CPU_SW=0
fi

declare -A why # per switch: why it is not measured
have_ovs=0
if [[ " $SWITCHES " == *" ovs "* ]]; then
	if command -v ovs-vsctl >/dev/null && command -v ovs-ofctl >/dev/null &&
		[ -x /usr/share/openvswitch/scripts/ovs-ctl ]; then
		have_ovs=1
		OVS_VERSION=$(ovs-vswitchd --version 2>/dev/null | head -n 1 |
			awk '{print $NF}')
	else
		why[ovs]="Open vSwitch is not installed"
	fi
fi
have_sw=0
if [[ " $SWITCHES " == *" of-switch "* ]]; then
	if [ ! -x "$SW" ]; then
		why[of-switch]="not built ($SW)"
	elif ! timeout 5 "$SW" --help >/dev/null 2>&1; then
		why[of-switch]="'$SW --help' does not exit 0"
	elif ! command -v ovs-ofctl >/dev/null; then
		why[of-switch]="ovs-ofctl (to install flows) is not installed"
	else
		have_sw=1
	fi
fi
if [ "$CTL_KIND" = auto ]; then
	CTL_KIND=ovs-testcontroller
	[ -x "$CTL" ] && CTL_KIND=of-controller
fi

# --- the namespaces ---------------------------------------------------------
setup_netns() {
	local n
	for n in "$NS_G" "$NS_S" "$NS_K"; do
		ip netns add "$n" || return 1
		nsx "$n" ip link set lo up
		# No IPv6 chatter (router solicitations, MLD) on the links.
		nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		    net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
	done
	ip link add g0 netns "$NS_G" type veth peer name sw0 netns "$NS_S" &&
		ip link add k0 netns "$NS_K" type veth peer name sw1 netns "$NS_S" &&
		ip link add b0 netns "$NS_G" type veth peer name b1 netns "$NS_K" ||
		return 1
	nsx "$NS_G" ip addr add 10.0.0.1/24 dev g0
	nsx "$NS_K" ip addr add 10.0.0.2/24 dev k0
	for n in "$NS_G:g0" "$NS_G:b0" "$NS_S:sw0" "$NS_S:sw1" "$NS_K:k0" \
		"$NS_K:b1"; do
		nsx "${n%%:*}" ip link set "${n#*:}" up || return 1
	done
}
if ! setup_netns; then
	echo "== switch benchmark: could not create the namespaces and veths" >&2
	exit 1
fi

# --- measurements -------------------------------------------------------------
declare -A R # results: R[figure.switch] (figure: fwd.SIZE.FLOWS, fm, pin, rtt)
declare -A L # loss for fwd figures
declare -A OFF # offered rate for fwd figures
rid=$((($$ % 10000) * 100000))

# forward KEY GEN_IF SINK_IF SIZE FLOWS: one forwarding case; fills R, L.
forward() {
	local key=$1 gif=$2 kif=$3 size=$4 flows=$5 i line gline
	local total=$(awk -v w="$WARM" -v s="$SECS" 'BEGIN{print w + s + 0.5}')
	local bound=$(awk -v t="$total" 'BEGIN{printf "%d", t + 20}')
	rid=$((rid + 1))
	rm -f "$STATE/ready"
	spawn "$bound" ip netns exec "$NS_K" taskset -c $CPU_SW "$PKTGEN" sink -i "$kif" \
	    --run-id $rid -w "$WARM" -d "$SECS" --wait 5 --idle 0.5 \
	    --ready-file "$STATE/ready" >"$RES/$key.sink" 2>&1
	local spid=$last
	for i in $(seq 50); do
		[ -f "$STATE/ready" ] && break
		sleep 0.1
	done
	run_bounded "$bound" ip netns exec "$NS_G" taskset -c $CPU_GEN "$PKTGEN" gen -i "$gif" \
	    --run-id $rid -s "$size" -f "$flows" -d "$total" \
	    >"$RES/$key.gen" 2>&1
	wait "$spid"
	forget "$spid"
	line=$(grep '^sink ' "$RES/$key.sink")
	gline=$(grep '^gen ' "$RES/$key.gen")
	if [ -z "$line" ] || [ -z "$gline" ]; then
		R[$key]=failed
		note "$key: failed (see $RES/$key.sink, $RES/$key.gen)"
		return
	fi
	R[$key]=$(field pps "$line")
	L[$key]=$(field window_loss "$line")
	OFF[$key]=$(field offered_pps "$line")
	note "$(printf '%-26s %9s pps  loss %6s  (offered %s pps; sent %s, received %s)' \
	    "$key" "${R[$key]}" "$(awk -v l="${L[$key]}" 'BEGIN{printf "%.1f%%", 100*l}')" \
	    "${OFF[$key]}" "$(field sent "$gline")" "$(field received "$line")")"
}

# in_sw CMD...: runs CMD in the switch netns, bounded.
in_sw() {
	run_bounded 120 ip netns exec "$NS_S" "$@"
}
# wait_listen PORT [PID]: up to 10 s for PORT to accept in the switch netns.
wait_listen() {
	local i
	for i in $(seq 100); do
		[ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null && return 1
		if nsx "$NS_S" timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" \
			2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}
# wait_connected PORT: up to 10 s for a TCP connection to PORT in the
# switch netns (the switch connecting to the controller).
wait_connected() {
	local i
	for i in $(seq 100); do
		if [ -n "$(nsx "$NS_S" ss -Htn state established \
			"( dport = :$1 )" 2>/dev/null)" ]; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}
# flows_file N: N exact flows, one per generator flow (of-pktgen defaults).
# Every OpenFlow 1.0 field is given but dl_vlan_pcp: with dl_vlan=0xffff
# (no VLAN), ovs-ofctl would turn dl_vlan_pcp=0 into a match on VLAN 0.
flows_file() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02,dl_vlan=0xffff,udp,nw_tos=0,nw_src=10.1.0.1,nw_dst=10.1.0.2,tp_src=%d,tp_dst=9,actions=output:2\n", 10000 + i }'
}
# set_flows SWITCH N: the table holds exactly the N-flow set (1: one
# in_port=1 actions=output:2 flow).
set_flows() {
	local sw=$1 n=$2 target=tcp:127.0.0.1:$MGMT_PORT got
	in_sw $OFCTL del-flows $target >>"$RES/$sw.ofctl.log" 2>&1 || return 1
	if [ "$n" = 1 ]; then
		echo "in_port=1,actions=output:2" >"$STATE/flows"
	else
		flows_file "$n" >"$STATE/flows"
	fi
	in_sw $OFCTL add-flows $target "$STATE/flows" \
	    >>"$RES/$sw.ofctl.log" 2>&1 || return 1
	got=$(in_sw $OFCTL dump-aggregate $target 2>>"$RES/$sw.ofctl.log" |
		sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
	if [ "$got" != "$n" ]; then
		note "$sw: $got flows in the table, $n wanted"
		return 1
	fi
}
# measure_switch SWITCH: the forwarding cases and the flow-mod rate, with
# the switch up and listening on MGMT_PORT.
measure_switch() {
	local sw=$1 size n line
	for n in 1 "$NFLOWS"; do
		if ! set_flows "$sw" "$n"; then
			for size in $SIZES; do R[fwd.$size.$n.$sw]=failed; done
			continue
		fi
		for size in $SIZES; do
			forward "fwd.$size.$n.$sw" g0 k0 "$size" "$NFLOWS"
		done
	done
	in_sw "$BENCH" flow-mods --count "$FLOWMODS" --timeout 100 \
	    "tcp:127.0.0.1:$MGMT_PORT" >"$RES/fm.$sw.log" 2>&1
	line=$(grep '^RESULT mode=flow-mods' "$RES/fm.$sw.log")
	if [ "$(field done "$line")" = 1 ]; then
		R[fm.$sw]=$(field flows_per_s "$line")
		note "$(printf '%-26s %9s flows/s (%s flow-mods, flow_count %s, %s errors)' \
		    "flow-mods.$sw" "${R[fm.$sw]}" "$FLOWMODS" \
		    "$(field flow_count "$line")" "$(field errors "$line")")"
	else
		R[fm.$sw]=failed
		note "flow-mods.$sw: failed (see $RES/fm.$sw.log)"
	fi
	in_sw $OFCTL del-flows "tcp:127.0.0.1:$MGMT_PORT" \
	    >>"$RES/$sw.ofctl.log" 2>&1
}
# start_controller: the hub controller on CTL_PORT in the switch netns, on
# the switch's CPU; sets ctl_pid.
start_controller() {
	if [ "$CTL_KIND" = of-controller ]; then
		spawn 600 ip netns exec "$NS_S" taskset -c $CPU_SW "$CTL" \
		    --listen "ptcp:$CTL_PORT:127.0.0.1" --app hub \
		    --log-level warn >"$RES/controller.log" 2>&1
	else
		mkdir -p "$STATE/tc"
		spawn 600 env OVS_RUNDIR="$STATE/tc" OVS_LOGDIR="$STATE/tc" \
		    ip netns exec "$NS_S" taskset -c $CPU_SW ovs-testcontroller \
		    -O OpenFlow10 --hub -vconsole:off "ptcp:$CTL_PORT:127.0.0.1" \
		    >"$RES/controller.log" 2>&1
	fi
	ctl_pid=$last
	wait_listen "$CTL_PORT" "$ctl_pid"
}
# packet_in SWITCH: with the switch connected to the controller and an
# empty table, ping RTT, then the rate at full load (64-byte frames).
packet_in() {
	local sw=$1 out size
	size=$(set -- $SIZES; echo "$1")
	if ! wait_connected "$CTL_PORT"; then
		note "$sw did not connect to the controller"
		R[pin.$sw]=failed R[rtt.$sw]=failed
		return
	fi
	run_bounded 60 ip netns exec "$NS_G" ping -c "$PINGS" -i 0.2 -W 1 10.0.0.2 \
	    >"$RES/ping.$sw.log" 2>&1
	out=$(sed -n 's/^rtt .* = [^/]*\/\([^/]*\)\/.*/\1/p' "$RES/ping.$sw.log")
	R[rtt.$sw]=${out:-failed}
	note "$(printf '%-26s %9s ms average RTT (%s)' "ping.$sw" "${R[rtt.$sw]}" \
	    "$(grep -o '[0-9]* received, [0-9.]*% packet loss' "$RES/ping.$sw.log")")"
	forward "pin.$size.$sw" g0 k0 "$size" "$NFLOWS"
	R[pin.$sw]=${R[pin.$size.$sw]}
}

ovs() { # ovs CMD...: an OVS tool with our state dirs, in the switch netns
	run_bounded 60 env "${OVS_ENV[@]}" ip netns exec "$NS_S" "$@"
}
run_ovs() {
	local p
	mkdir -p "$STATE/ovs/run" "$STATE/ovs/db" "$STATE/ovs/etc/openvswitch" \
	    "$RES/ovs"
	echo "-- Open vSwitch $OVS_VERSION (userspace datapath, netdev bridge)"
	ovs_up=1
	if ! ovs /usr/share/openvswitch/scripts/ovs-ctl start \
		--system-id=random --no-mlockall --no-record-hostname \
		>"$RES/ovs/ctl.log" 2>&1; then
		why[ovs]="ovs-ctl start failed (see $RES/ovs/ctl.log)"
		return
	fi
	if ! ovs ovs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		protocols=OpenFlow10 fail_mode=secure \
		other-config:datapath-id=0000000000000001 \
		-- add-port br0 sw0 -- set interface sw0 ofport_request=1 \
		-- add-port br0 sw1 -- set interface sw1 ofport_request=2 \
		-- set-controller br0 "ptcp:$MGMT_PORT:127.0.0.1" \
		>>"$RES/ovs/ctl.log" 2>&1; then
		why[ovs]="ovs-vsctl failed (see $RES/ovs/ctl.log)"
		return
	fi
	# Every OVS thread, and those it makes later, on the switch's CPU.
	for p in "$STATE"/ovs/run/ovs-vswitchd.pid "$STATE"/ovs/run/ovsdb-server.pid; do
		[ -f "$p" ] && taskset -a -p -c $CPU_SW "$(cat "$p")" >/dev/null
	done
	if ! wait_listen "$MGMT_PORT"; then
		why[ovs]="does not listen on $MGMT_PORT (see $RES/ovs/)"
		return
	fi
	measure_switch ovs
	if start_controller; then
		ovs ovs-vsctl set-controller br0 "tcp:127.0.0.1:$CTL_PORT" \
		    "ptcp:$MGMT_PORT:127.0.0.1" >>"$RES/ovs/ctl.log" 2>&1
		packet_in ovs
	else
		note "the controller did not start (see $RES/controller.log)"
	fi
	stop_pids "$ctl_pid"
	forget "$ctl_pid"
	ovs_stop
}
run_of_switch() {
	local p
	echo "-- of-switch ($SW)"
	# A table as large as OVS's is for the flow-mod figure: OVS takes the
	# 100,000 flows, so of-switch must too (its default is 65,536).
	spawn 600 ip netns exec "$NS_S" taskset -c $CPU_SW "$SW" --port sw0:1 --port sw1:2 \
	    --listen "ptcp:$MGMT_PORT:127.0.0.1" --fail secure \
	    --max-flows $((FLOWMODS > NFLOWS ? FLOWMODS : NFLOWS)) \
	    --datapath-id 2 >"$RES/of-switch.log" 2>&1
	p=$last
	if ! wait_listen "$MGMT_PORT" "$p"; then
		why[of-switch]="does not listen on $MGMT_PORT (see $RES/of-switch.log)"
		stop_pids "$p"
		forget "$p"
		return
	fi
	measure_switch of-switch
	stop_pids "$p"
	forget "$p"
	if start_controller; then
		spawn 600 ip netns exec "$NS_S" taskset -c $CPU_SW "$SW" --port sw0:1 \
		    --port sw1:2 --listen "ptcp:$MGMT_PORT:127.0.0.1" \
		    --controller "tcp:127.0.0.1:$CTL_PORT" --fail secure \
		    --datapath-id 2 >>"$RES/of-switch.log" 2>&1
		p=$last
		packet_in of-switch
		stop_pids "$p"
		forget "$p"
	else
		note "the controller did not start (see $RES/controller.log)"
	fi
	stop_pids "$ctl_pid"
	forget "$ctl_pid"
}

cat <<EOF
== switch benchmark: forwarding, flow-mod installation, packet-in path
   frames of $SIZES bytes (no FCS), 1 and $NFLOWS flows; ${WARM} s warm-up + ${SECS} s window
   per case; generator on CPU $CPU_GEN, switch, controller and sink on CPU $CPU_SW;
   $FLOWMODS flow-mods; packet-in path via $CTL_KIND (hub).
   NOTE: this machine is shared ($ncpu cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)):
   absolute figures move with whatever else runs; ratios taken in the same run
   matter more. Logs: $RES/
EOF
echo "-- bare veth pair (b0 -> b1, no switch)"
for size in $SIZES; do
	forward "fwd.$size.veth" b0 b1 "$size" "$NFLOWS"
done
[ $have_ovs = 1 ] && run_ovs
[ $have_sw = 1 ] && run_of_switch

# --- the table ------------------------------------------------------------------
k() { awk -v v="$1" 'BEGIN { if (v == "" || v == "failed") print v; else printf "%.1f", v / 1000 }'; }
cell() { # cell FIGURE SWITCH: the value of a figure as printed
	local v=${R[$1.$2]:-}
	if [ -n "${why[$2]:-}" ] || { [ "$2" = ovs ] && [ $have_ovs = 0 ]; } ||
		{ [ "$2" = of-switch ] && [ $have_sw = 0 ]; }; then
		echo "n/a"
		return
	fi
	case $1 in
	fwd.* | pin) if [ -z "$v" ] || [ "$v" = failed ]; then echo "${v:--}"; else
		printf '%s' "$(k "$v")"
		[[ $1 == fwd.* ]] &&
			awk -v l="${L[$1.$2]}" 'BEGIN { printf " (%.0f%%)", 100 * l }'
		echo; fi ;;
	fm) if [ -z "$v" ] || [ "$v" = failed ]; then echo "${v:--}"; else printf '%.0f\n' "$v"; fi ;;
	rtt) echo "${v:--}" ;;
	esac
}
ratio() { # ratio A B [inverse]: A/B as "N.NNx", or -
	awk -v a="$1" -v b="$2" -v inv="${3:-0}" 'BEGIN {
		if (a == "" || b == "" || a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a == 0 || b == 0) { print "-"; exit }
		printf "%.2fx", inv ? b / a : a / b }'
}
row() { # row LABEL FIGURE VETH_KEY [inverse]
	local label=$1 fig=$2 vk=$3 inv=${4:-0} veth="-" pct="-"
	if [ -n "$vk" ] && [ -n "${R[$vk]:-}" ] && [ "${R[$vk]}" != failed ]; then
		veth="$(k "${R[$vk]}") ($(awk -v l="${L[$vk]}" 'BEGIN { printf "%.0f%%", 100 * l }'))"
		pct=$(awk -v a="${R[$fig.of-switch]:-}" -v b="${R[$vk]}" \
		    'BEGIN { if (a ~ /^[0-9.]+$/ && b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')
	fi
	printf '%-34s %13s %13s %13s %7s %7s\n' "$label" "$veth" \
	    "$(cell "$fig" ovs)" "$(cell "$fig" of-switch)" \
	    "$(ratio "${R[$fig.of-switch]:-}" "${R[$fig.ovs]:-}" "$inv")" "$pct"
}
{
	echo
	echo "== switch benchmark results (kpps = thousands of frames/s at the sink over the"
	echo "   window, (N%) = loss in the window; ratio = of-switch/OVS, for the RTT OVS/of-switch)"
	printf '%-34s %13s %13s %13s %7s %7s\n' figure "veth pair" \
	    "OVS ${OVS_VERSION:-}" of-switch ratio "of veth"
	for size in $SIZES; do
		for n in 1 "$NFLOWS"; do
			fl=flows
			[ "$n" = 1 ] && fl=flow
			row "forward $size B, $n $fl (kpps)" "fwd.$size.$n" \
			    "fwd.$size.veth"
		done
	done
	row "flow-mods/s ($FLOWMODS + barrier)" fm ""
	row "packet-in path (kpps)" pin ""
	row "ping RTT via packet-in (ms)" rtt "" 1
	for s in ovs of-switch; do
		[ -n "${why[$s]:-}" ] && echo "   $s: ${why[$s]}"
	done
	echo "   (veth pair: the same generator straight into a veth whose peer is the sink;"
	echo "    of veth: of-switch's forwarding rate as a share of it)"
} | tee "$RES/table.txt"
# Machine-readable: one line per figure and switch.
for key in "${!R[@]}"; do
	echo "SWBENCH $key value=${R[$key]} loss=${L[$key]:-} offered=${OFF[$key]:-}"
done | sort >"$RES/results.txt"
